//! Code all hits (MAXQDA's autocode): selected rows of a search, or all of them, become annotations with one code,
//! each widened to the word, the sentence or the paragraph, as ONE undoable edit.

use std::collections::HashSet;
use std::ops::Range;

use super::kwic::KwicRow;
use super::SearchError;
use crate::annotate::{Change, CodeId, Edit, Record};
use crate::model::{Article, ArticleId};
use crate::project::Project;

/// How far each hit is widened before it is coded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Widen {
    /// The hit itself (whole words).
    #[default]
    Word,
    /// The sentence(s) the hit is in.
    Sentence,
    /// The paragraph (block) the hit is in.
    Paragraph,
}

/// What coding the hits did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct AutocodeReport {
    /// Annotations created (all in one edit).
    pub created: usize,
    /// Hits whose (widened) range already had an annotation with this code, or repeated another hit's range.
    pub skipped: usize,
}

/// The range a hit is coded over.
pub fn widen(article: &Article, start: usize, end: usize, how: Widen) -> Range<usize> {
    let Some(bi) = article.block_at(start) else {
        return article.snap(start, end);
    };
    let block = &article.blocks[bi];
    match how {
        Widen::Word => article.snap(start, end),
        Widen::Paragraph => block.content.start.min(start)..block.content.end.max(end),
        Widen::Sentence => {
            let base = block.content.start;
            let spans = crate::timeline::sentences::sentence_spans(article.block_text(block));
            let mut s = start;
            let mut e = end;
            for sp in spans {
                let (a, b) = (base + sp.start, base + sp.end);
                if a < end && start < b {
                    s = s.min(a);
                    e = e.max(b);
                }
            }
            article.snap(s, e)
        }
    }
}

/// Code the given hits with `code` (one undoable edit; nothing is stored when every hit is skipped).
pub fn code_hits(
    project: &mut Project,
    hits: &[KwicRow],
    code: CodeId,
    how: Widen,
    note: &str,
) -> Result<AutocodeReport, SearchError> {
    let Some(code_name) = project.code(code).map(|c| c.name.clone()) else {
        return Err(SearchError::Invalid(format!("no code with id {code}")));
    };
    let mut report = AutocodeReport::default();
    let mut seen: HashSet<(ArticleId, usize, usize)> = HashSet::new();
    let mut changes = Vec::new();
    for h in hits {
        let article = project.article(&h.article)?;
        let r = widen(&article, h.start, h.end, how);
        let key = (h.article.clone(), r.start, r.end);
        let coded = project
            .annotations_of(&h.article)
            .iter()
            .any(|a| a.start == r.start && a.end == r.end && a.codes.contains(&code));
        if coded || !seen.insert(key) {
            report.skipped += 1;
            continue;
        }
        let a = project.new_annotation(&h.article, r, vec![code], note.to_owned())?;
        changes.push(Change::create(Record::Annotation(a)));
    }
    report.created = changes.len();
    if !changes.is_empty() {
        let label = format!("Code {} hit(s) with “{code_name}”", changes.len());
        project.apply(Edit::new(label, changes))?;
    }
    Ok(report)
}
