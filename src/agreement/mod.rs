//! Team coding: several coders' layers of annotations over the same articles, how well they agree, where they
//! disagree, and adjudication into a gold layer. No egui here; the CLI (and later the GUI) call these functions.
//!
//! A *coder* is an annotation's `creator`. Agreement is measured over *units*: by default the grapheme clusters
//! (whole letters, so a Devanagari conjunct such as क्ष is one unit) of the body blocks of the chosen articles.
//! Whitespace is never a unit, so whether a coder's selection took in the space after a word changes nothing. For each
//! code, every coder gives every unit the value 1 (one of the coder's segments with that code covers at least part
//! of the unit) or 0; overlapping segments of one coder count once, and a coder who coded nothing gives 0 everywhere.
//! Every measure then follows from a few tallies per code, built with sweep lines in O(units + annotations).
//!
//! - [`units`]: what a unit is (grapheme cluster, code point, word) and which text is in scope (body or all).
//! - [`measures`]: percent agreement, Cohen's κ, Fleiss' κ and Krippendorff's α (nominal) from tallies.
//! - [`unitizing`]: Krippendorff's αU for where segments are placed (Krippendorff 2004).
//! - [`segments`]: segment-level agreement as MAXQDA defines it.
//! - [`report`]: all of the above for a project, per code and overall, with bootstrap confidence intervals.
//! - [`disagree`]: the list of disagreements between two coders; [`adjudicate`] turns decisions into a gold layer.
//! - [`merge`]: bring another project's coders into this one.

pub mod adjudicate;
pub mod cli;
pub mod disagree;
pub mod measures;
pub mod merge;
pub mod report;
pub mod segments;
pub mod unitizing;
pub mod units;

use std::collections::BTreeMap;

use crate::annotate::Annotation;
use crate::project::{Project, ProjectError};

pub use adjudicate::{adjudicate, Decision};
pub use disagree::{disagreements, Disagreement, DisagreementKind};
pub use merge::{merge, MergeReport};
pub use report::{agreement, AgreementOptions, AgreementReport};
pub use units::{Scope, UnitKind};

/// What can go wrong in team coding. Nothing is changed when an error is returned.
#[derive(Debug, thiserror::Error)]
pub enum AgreementError {
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error("agreement needs at least two coders (got {0})")]
    TooFewCoders(usize),
    #[error("coder “{0}” is named twice")]
    DuplicateCoder(String),
    #[error("this needs exactly two coders (got {0})")]
    NotTwoCoders(usize),
    #[error("a coder needs a name")]
    EmptyCoder,
    #[error("no code {name} (codes: {known})")]
    UnknownCode { name: String, known: String },
    #[error("no article with id {0}")]
    UnknownArticle(String),
    #[error("the gold layer “{0}” must not be one of the coders compared")]
    GoldIsCoder(String),
    #[error("decision for disagreement {index}: {problem}")]
    BadDecision { index: usize, problem: String },
    #[error("{path}: {problem}")]
    Merge { path: String, problem: String },
    #[error("the project is open read-only")]
    ReadOnly,
    #[error("the confidence level must be between 0 and 1 (got {0})")]
    BadLevel(f64),
    #[error("the overlap share must be between 0 and 1 (got {0})")]
    BadOverlap(f64),
}

pub type Result<T> = std::result::Result<T, AgreementError>;

/// Every coder of the project with how many annotations each has, by name.
pub fn coders(project: &Project) -> BTreeMap<String, usize> {
    project.coders()
}

/// One coder's layer: their annotations in corpus order then position (what `export --coder NAME` exports).
pub fn coder_annotations(project: &Project, coder: &str) -> Vec<Annotation> {
    project
        .all_annotations()
        .into_iter()
        .filter(|a| a.creator == coder)
        .collect()
}

/// Check a list of coders: names, no duplicates, at least `min`.
pub(crate) fn check_coders(coders: &[String], min: usize) -> Result<()> {
    if coders.len() < min {
        return Err(AgreementError::TooFewCoders(coders.len()));
    }
    for (i, c) in coders.iter().enumerate() {
        if c.trim().is_empty() {
            return Err(AgreementError::EmptyCoder);
        }
        if coders[..i].contains(c) {
            return Err(AgreementError::DuplicateCoder(c.clone()));
        }
    }
    Ok(())
}

/// The error for an unknown code, with the codebook.
pub(crate) fn unknown_code(project: &Project, name: String) -> AgreementError {
    AgreementError::UnknownCode {
        name,
        known: project
            .codes()
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Resolve a code name, with the codebook in the message when it is unknown.
pub(crate) fn code_named(project: &Project, name: &str) -> Result<crate::annotate::CodeId> {
    project
        .code_by_name(name)
        .map(|c| c.id)
        .ok_or_else(|| unknown_code(project, format!("named “{name}”")))
}

/// Resolve article ids or unique prefixes; `None` means every article, in corpus order.
pub(crate) fn article_set(
    project: &Project,
    ids: Option<&[String]>,
) -> Result<Vec<crate::model::ArticleId>> {
    match ids {
        None => Ok(project.metas().iter().map(|m| m.id.clone()).collect()),
        Some(ids) => {
            let mut out = Vec::new();
            for id in ids {
                let a = project
                    .resolve_article(id.trim())
                    .map_err(|_| AgreementError::UnknownArticle(id.clone()))?;
                if !out.contains(&a) {
                    out.push(a);
                }
            }
            Ok(out)
        }
    }
}

/// Merge a coder's segments (unit or char intervals, any order) so that overlapping ones count once. Touching
/// segments stay apart: two adjacent segments are two segments.
pub fn merge_overlapping(mut v: Vec<(u64, u64)>) -> Vec<(u64, u64)> {
    v.retain(|(s, e)| s < e);
    v.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::with_capacity(v.len());
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s < last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}
