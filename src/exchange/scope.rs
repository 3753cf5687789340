//! What an export covers: the articles and annotations in scope, and the helpers every writer shares.

use std::collections::HashSet;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::annotate::{Annotation, CodeId};
use crate::model::{ArticleMeta, ArticleRef};
use crate::project::Project;

use super::{ExchangeError, ExportScope};

/// One article in scope with its annotations in scope (sorted by start, end, id).
pub(crate) struct ScopedArticle {
    pub meta: ArticleMeta,
    pub article: ArticleRef,
    pub annotations: Vec<Annotation>,
}

/// What a scope keeps: its articles (corpus order) and a test for annotations.
pub(crate) struct ScopeFilter {
    /// The scope's articles, as positions in [`Project::metas`] (not copies: a corpus of 100,000 articles has tens
    /// of megabytes of them).
    pub articles: Vec<usize>,
    codes: Option<HashSet<CodeId>>,
    coders: Option<std::collections::BTreeSet<String>>,
}

impl ScopeFilter {
    /// Check a scope against the project (its article and code exist).
    pub fn new(project: &Project, scope: &ExportScope) -> Result<ScopeFilter, ExchangeError> {
        if let Some(a) = &scope.article {
            if project.meta(a).is_none() {
                return Err(ExchangeError::NoArticle(a.clone()));
            }
        }
        let codes: Option<HashSet<CodeId>> = match scope.code {
            None => None,
            Some(c) => {
                if project.code(c).is_none() {
                    return Err(ExchangeError::NoCode(c));
                }
                Some(
                    project
                        .codes()
                        .iter()
                        .filter(|x| x.id == c || x.parent == Some(c))
                        .map(|x| x.id)
                        .collect(),
                )
            }
        };
        let articles = project
            .metas()
            .iter()
            .enumerate()
            .filter(|(_, m)| scope.article.as_ref().is_none_or(|a| *a == m.id))
            .map(|(i, _)| i)
            .collect();
        Ok(ScopeFilter {
            articles,
            codes,
            coders: scope.coders.clone(),
        })
    }

    /// The scope's articles, corpus order.
    pub fn metas<'p>(
        &self,
        project: &'p Project,
    ) -> impl Iterator<Item = &'p ArticleMeta> + use<'p, '_> {
        self.articles.iter().map(|&i| &project.metas()[i])
    }

    pub fn keeps(&self, a: &Annotation) -> bool {
        self.codes
            .as_ref()
            .is_none_or(|set| a.codes.iter().any(|c| set.contains(c)))
            && self
                .coders
                .as_ref()
                .is_none_or(|set| set.contains(&a.creator))
    }

    /// An article's annotations in scope, read from the project file (not through the cache of shown articles).
    pub fn annotations_of(
        &self,
        project: &Project,
        meta: &ArticleMeta,
    ) -> Result<Vec<Annotation>, ExchangeError> {
        if project.annotation_count_of(&meta.id) == 0 {
            return Ok(Vec::new());
        }
        let mut list = project.try_annotations_of_uncached(&meta.id)?;
        list.retain(|a| self.keeps(a));
        Ok(list)
    }

    /// How many annotations the scope holds: from the stored counts when every annotation of its articles is in,
    /// else by reading them.
    pub fn count(&self, project: &Project) -> Result<usize, ExchangeError> {
        if self.codes.is_none() && self.coders.is_none() {
            return Ok(self
                .metas(project)
                .map(|m| project.annotation_count_of(&m.id))
                .sum());
        }
        let mut n = 0;
        for m in self.metas(project) {
            n += self.annotations_of(project, m)?.len();
        }
        Ok(n)
    }

    /// Visit the articles with annotations in scope, one at a time (corpus order): memory stays that of one article
    /// whatever the size of the export.
    pub fn for_each(
        &self,
        project: &Project,
        mut f: impl FnMut(ScopedArticle) -> Result<(), ExchangeError>,
    ) -> Result<(), ExchangeError> {
        for meta in self.metas(project) {
            let annotations = self.annotations_of(project, meta)?;
            if annotations.is_empty() {
                continue;
            }
            let (text, blocks) = project.article_text_and_blocks(&meta.id)?;
            let article = std::sync::Arc::new(crate::model::Article::from_parts(
                meta.clone(),
                text,
                blocks,
            ));
            f(ScopedArticle {
                meta: meta.clone(),
                article,
                annotations,
            })?;
        }
        Ok(())
    }
}

/// The articles (corpus order) and annotations an export covers, all at once: the tests' picture of an export
/// (every export goes through [`ScopeFilter`], an article at a time).
#[cfg(test)]
pub(crate) fn scoped(
    project: &mut Project,
    scope: &ExportScope,
) -> Result<Vec<ScopedArticle>, ExchangeError> {
    let filter = ScopeFilter::new(project, scope)?;
    let mut out = Vec::with_capacity(filter.articles.len());
    for &i in &filter.articles {
        let meta = &project.metas()[i].clone();
        let annotations = filter.annotations_of(project, meta)?;
        let article = project.article(&meta.id)?;
        out.push(ScopedArticle {
            meta: meta.clone(),
            article,
            annotations,
        });
    }
    Ok(out)
}

/// Times as xsd:dateTime in UTC with milliseconds (what the project file stores).
pub(crate) fn fmt_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A stable collection id for a scope: the same scope always gets the same id.
pub(crate) fn collection_id(project: &Project, scope: &ExportScope) -> String {
    use sha2::{Digest, Sha256};
    let code = scope
        .code
        .and_then(|c| project.code(c))
        .map(|c| c.name.as_str())
        .unwrap_or("");
    let mut key = format!(
        "article={};code={}",
        scope.article.as_ref().map(|a| a.as_str()).unwrap_or(""),
        code
    );
    // Only a coder-limited scope adds to the key, so the ids of earlier exports stay what they were.
    if let Some(coders) = &scope.coders {
        key += &format!(
            ";coders={}",
            coders.iter().cloned().collect::<Vec<_>>().join(",")
        );
    }
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("urn:khabar:collection:{hex}")
}
