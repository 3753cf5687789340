//! Coded segments: every passage of a code (with its child codes), or of a boolean combination of codes by overlap
//! (`A AND B`: passages of A that overlap a passage of B in the same article; `A NOT B`: passages of A that overlap
//! none), each with article title, date, creator, note and a line of context; optionally filtered by a text query.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::kwic::{kwic_row, words_of};
use super::query::{self, ParseOptions};
use super::SearchError;
use crate::annotate::{Annotation, CodeId};
use crate::model::{Article, ArticleId};
use crate::project::Project;

/// Which coded passages to retrieve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeExpr {
    /// Passages with the code (and, with `children`, with any of its child codes).
    Code { id: CodeId, children: bool },
    /// Passages of the left side that overlap a passage of the right side in the same article.
    And(Box<CodeExpr>, Box<CodeExpr>),
    /// Passages of the left side that overlap no passage of the right side.
    Not(Box<CodeExpr>, Box<CodeExpr>),
    /// Passages of either side.
    Or(Box<CodeExpr>, Box<CodeExpr>),
}

impl CodeExpr {
    pub fn code(id: CodeId) -> Self {
        CodeExpr::Code { id, children: true }
    }
    pub fn and(self, other: CodeExpr) -> Self {
        CodeExpr::And(Box::new(self), Box::new(other))
    }
    pub fn not(self, other: CodeExpr) -> Self {
        CodeExpr::Not(Box::new(self), Box::new(other))
    }
    pub fn or(self, other: CodeExpr) -> Self {
        CodeExpr::Or(Box::new(self), Box::new(other))
    }
}

/// One retrieved passage.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Segment {
    pub annotation: Uuid,
    pub article: ArticleId,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub start: usize,
    pub end: usize,
    pub quote: String,
    pub codes: Vec<String>,
    pub creator: String,
    pub note: String,
    /// The passage's paragraph around it, on one line: `left` + quote + `right`.
    pub left: String,
    pub right: String,
}

fn overlaps(a: &Annotation, b: &Annotation) -> bool {
    a.article == b.article && a.start < b.end && b.start < a.end
}

fn eval<'a>(project: &'a Project, all: &[&'a Annotation], e: &CodeExpr) -> Vec<&'a Annotation> {
    match e {
        CodeExpr::Code { id, children } => {
            let ids: HashSet<CodeId> = project
                .codes()
                .iter()
                .filter(|c| c.id == *id || (*children && c.parent == Some(*id)))
                .map(|c| c.id)
                .collect();
            all.iter()
                .copied()
                .filter(|a| a.codes.iter().any(|c| ids.contains(c)))
                .collect()
        }
        CodeExpr::And(l, r) | CodeExpr::Not(l, r) => {
            let keep_overlapping = matches!(e, CodeExpr::And(..));
            let right = eval(project, all, r);
            let mut by_article: std::collections::HashMap<&ArticleId, Vec<&Annotation>> =
                std::collections::HashMap::new();
            for a in right {
                by_article.entry(&a.article).or_default().push(a);
            }
            eval(project, all, l)
                .into_iter()
                .filter(|a| {
                    let hit = by_article
                        .get(&a.article)
                        .is_some_and(|v| v.iter().any(|b| overlaps(a, b)));
                    hit == keep_overlapping
                })
                .collect()
        }
        CodeExpr::Or(l, r) => {
            let mut v = eval(project, all, l);
            let seen: HashSet<Uuid> = v.iter().map(|a| a.id).collect();
            v.extend(
                eval(project, all, r)
                    .into_iter()
                    .filter(|a| !seen.contains(&a.id)),
            );
            v
        }
    }
}

/// The passages of `expr`, in corpus order then position; with `text_query`, only passages the query matches
/// (its words inside the passage).
pub fn retrieve(
    project: &Project,
    expr: &CodeExpr,
    text_query: Option<&str>,
) -> Result<Vec<Segment>, SearchError> {
    retrieve_of(project, expr, text_query, None)
}

/// [`retrieve`] over the annotations of some coders only (`None`: every coder); the GUI passes the coders it shows.
pub fn retrieve_of(
    project: &Project,
    expr: &CodeExpr,
    text_query: Option<&str>,
    coders: Option<&std::collections::BTreeSet<String>>,
) -> Result<Vec<Segment>, SearchError> {
    let query = match text_query.map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) => Some(query::parse(q, ParseOptions::default())?),
        None => None,
    };
    let mut all = project.try_all_annotations()?;
    if let Some(coders) = coders {
        all.retain(|a| coders.contains(&a.creator));
    }
    let refs: Vec<&Annotation> = all.iter().collect();
    let chosen: HashSet<Uuid> = eval(project, &refs, expr)
        .into_iter()
        .map(|a| a.id)
        .collect();
    let mut out = Vec::new();
    let mut current: Option<Article> = None;
    for a in all.iter().filter(|a| chosen.contains(&a.id)) {
        if current.as_ref().is_none_or(|c| c.meta.id != a.article) {
            let meta = project
                .meta(&a.article)
                .cloned()
                .ok_or_else(|| SearchError::Invalid(format!("no article {}", a.article)))?;
            let (text, blocks) = project.article_text_and_blocks(&a.article)?;
            current = Some(Article::from_parts(meta, text, blocks));
        }
        let article = current.as_ref().expect("loaded above");
        if let Some(q) = &query {
            let words: Vec<_> = words_of(article, true)
                .into_iter()
                .filter(|w| w.start >= a.start && w.end <= a.end)
                .collect();
            if query::hits(q, &words).is_empty() {
                continue;
            }
        }
        let row = kwic_row(article, 0, a.start, a.end, 60);
        out.push(Segment {
            annotation: a.id,
            article: a.article.clone(),
            title: article.meta.title.clone(),
            date: article.meta.published,
            start: a.start,
            end: a.end,
            quote: a.quote.clone(),
            codes: a
                .codes
                .iter()
                .filter_map(|c| project.code(*c))
                .map(|c| c.name.clone())
                .collect(),
            creator: a.creator.clone(),
            note: a.note.clone(),
            left: row.left,
            right: row.right,
        });
    }
    Ok(out)
}
