//! Bring another project's coding into this one: `khabar merge --project P OTHER.khabar`.
//!
//! Articles are matched by id (the id is a hash of the text, so the same id is the same text); annotations keep
//! their id, coder, range, quote, note and times. Codes are matched by name; a code the project lacks is created
//! (with its parent, when it has one) and reported. An annotation already present (same id, or same article, range,
//! codes and coder) is not added again, so merging twice adds nothing. Everything is ONE undoable edit.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::{AgreementError, Result};
use crate::annotate::{Annotation, Change, Code, CodeId, Edit, Record};
use crate::project::Project;

#[derive(Clone, Debug, Default, Serialize)]
pub struct MergeReport {
    /// Annotations added, per coder.
    pub added: BTreeMap<String, usize>,
    pub already_present: usize,
    /// Annotations whose article is not in this project (by id), with the article ids.
    pub missing_articles: BTreeMap<String, usize>,
    /// Annotations with an id this project already uses for a different annotation: left out.
    pub conflicts: Vec<String>,
    /// Codes created because this project had none of that name.
    pub created_codes: Vec<String>,
}

impl MergeReport {
    pub fn added_total(&self) -> usize {
        self.added.values().sum()
    }

    pub fn summary(&self) -> String {
        let mut s = format!(
            "merged {} annotation(s); {} already present",
            self.added_total(),
            self.already_present
        );
        let missing: usize = self.missing_articles.values().sum();
        if missing > 0 {
            s += &format!(
                "; {missing} left out: their {} article(s) are not in this project",
                self.missing_articles.len()
            );
        }
        if !self.conflicts.is_empty() {
            s += &format!(
                "; {} left out: id already used by another annotation",
                self.conflicts.len()
            );
        }
        if !self.created_codes.is_empty() {
            s += &format!("; new codes: {}", self.created_codes.join(", "));
        }
        s
    }
}

fn content_key(a: &Annotation) -> (String, usize, usize, String, Vec<CodeId>) {
    let mut codes = a.codes.clone();
    codes.sort_unstable();
    (
        a.article.0.clone(),
        a.start,
        a.end,
        a.creator.clone(),
        codes,
    )
}

/// The edit that merges `other` into `project`, and what it does.
pub fn merge_edit(project: &Project, other: &Project) -> Result<(Edit, MergeReport)> {
    let mut report = MergeReport::default();
    let mut changes = Vec::new();
    // codes: other id → this project's id, creating what is missing
    let mut next_id = project.next_code_id();
    let mut next_pos = project
        .codes()
        .iter()
        .map(|c| c.position)
        .max()
        .unwrap_or(0)
        + 1;
    let mut code_map: HashMap<CodeId, CodeId> = HashMap::new();
    let mut created: Vec<Code> = Vec::new();
    let mut map_code = |id: CodeId,
                        report: &mut MergeReport,
                        changes: &mut Vec<Change>,
                        code_map: &mut HashMap<CodeId, CodeId>|
     -> Option<CodeId> {
        fn find(
            id: CodeId,
            other: &Project,
            project: &Project,
            created: &mut Vec<Code>,
            next_id: &mut CodeId,
            next_pos: &mut i64,
            report: &mut MergeReport,
            changes: &mut Vec<Change>,
            code_map: &mut HashMap<CodeId, CodeId>,
        ) -> Option<CodeId> {
            if let Some(x) = code_map.get(&id) {
                return Some(*x);
            }
            let theirs = other.code(id)?;
            let mine = project
                .code_by_name(&theirs.name)
                .map(|c| c.id)
                .or_else(|| {
                    created
                        .iter()
                        .find(|c| c.name == theirs.name.trim())
                        .map(|c| c.id)
                });
            let mapped = match mine {
                Some(x) => x,
                None => {
                    let parent = theirs.parent.and_then(|p| {
                        find(
                            p, other, project, created, next_id, next_pos, report, changes,
                            code_map,
                        )
                    });
                    // one level of hierarchy: a parent that has a parent here is not used
                    let parent = parent.filter(|p| {
                        project.code(*p).map_or(true, |c| c.parent.is_none())
                            && created
                                .iter()
                                .find(|c| c.id == *p)
                                .map_or(true, |c| c.parent.is_none())
                    });
                    let code = Code {
                        id: *next_id,
                        name: theirs.name.trim().to_owned(),
                        color: theirs.color,
                        parent,
                        shortcut: None,
                        is_event: theirs.is_event,
                        position: *next_pos,
                    };
                    *next_id += 1;
                    *next_pos += 1;
                    report.created_codes.push(code.name.clone());
                    changes.push(Change::create(Record::Code(code.clone())));
                    created.push(code);
                    created.last().map(|c| c.id)?
                }
            };
            code_map.insert(id, mapped);
            Some(mapped)
        }
        find(
            id,
            other,
            project,
            &mut created,
            &mut next_id,
            &mut next_pos,
            report,
            changes,
            code_map,
        )
    };

    let existing: HashSet<_> = project
        .all_annotations()
        .into_iter()
        .map(content_key)
        .collect();
    let mut seen: HashSet<_> = HashSet::new();
    for a in other.all_annotations() {
        let Some(meta) = project.meta(&a.article) else {
            *report
                .missing_articles
                .entry(a.article.0.clone())
                .or_insert(0) += 1;
            continue;
        };
        if a.end > meta.char_len || a.start > a.end {
            return Err(AgreementError::Merge {
                path: other.path().display().to_string(),
                problem: format!("annotation {} lies outside its article {}", a.id, a.article),
            });
        }
        let mut mine = a.clone();
        mine.codes = Vec::with_capacity(a.codes.len());
        for c in &a.codes {
            if let Some(m) = map_code(*c, &mut report, &mut changes, &mut code_map) {
                if !mine.codes.contains(&m) {
                    mine.codes.push(m);
                }
            }
        }
        if let Some(present) = project.annotation(&a.id) {
            if content_key(present) == content_key(&mine) {
                report.already_present += 1;
            } else {
                report.conflicts.push(a.id.to_string());
            }
            continue;
        }
        let key = content_key(&mine);
        if existing.contains(&key) || !seen.insert(key) {
            report.already_present += 1;
            continue;
        }
        *report.added.entry(mine.creator.clone()).or_insert(0) += 1;
        changes.push(Change::create(Record::Annotation(mine)));
    }
    let label = format!(
        "Merge coding from {}",
        other
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    Ok((Edit::new(label, changes), report))
}

/// Merge `other` into `project` as one undoable edit (none when there is nothing to add).
pub fn merge(project: &mut Project, other: &Project) -> Result<MergeReport> {
    if project.is_read_only() {
        return Err(AgreementError::ReadOnly);
    }
    let same = match (
        std::fs::canonicalize(project.path()),
        std::fs::canonicalize(other.path()),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same {
        return Err(AgreementError::Merge {
            path: other.path().display().to_string(),
            problem: "this is the project itself".into(),
        });
    }
    let (edit, report) = merge_edit(project, other)?;
    if !edit.changes.is_empty() {
        project.apply(edit)?;
    }
    Ok(report)
}
