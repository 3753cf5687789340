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

/// Maps the other project's codes to this project's by name, creating the missing ones (with their parent).
struct CodeMapper<'a> {
    project: &'a Project,
    other: &'a Project,
    map: HashMap<CodeId, CodeId>,
    created: Vec<Code>,
    next_id: CodeId,
    next_pos: i64,
}

impl CodeMapper<'_> {
    fn map(&mut self, id: CodeId) -> Option<CodeId> {
        if let Some(x) = self.map.get(&id) {
            return Some(*x);
        }
        let theirs = self.other.code(id)?.clone();
        let name = theirs.name.trim().to_owned();
        let known = self
            .project
            .code_by_name(&name)
            .map(|c| c.id)
            .or_else(|| self.created.iter().find(|c| c.name == name).map(|c| c.id));
        let mapped = match known {
            Some(x) => x,
            None => {
                // one level of hierarchy: a parent is used only when it is a top-level code here
                let parent = theirs
                    .parent
                    .and_then(|p| self.map(p))
                    .filter(|p| self.is_top_level(*p));
                let code = Code {
                    id: self.next_id,
                    name,
                    color: theirs.color,
                    parent,
                    shortcut: None,
                    is_event: theirs.is_event,
                    position: self.next_pos,
                };
                self.next_id += 1;
                self.next_pos += 1;
                self.created.push(code);
                self.next_id - 1
            }
        };
        self.map.insert(id, mapped);
        Some(mapped)
    }

    fn is_top_level(&self, id: CodeId) -> bool {
        self.project
            .code(id)
            .or_else(|| self.created.iter().find(|c| c.id == id))
            .is_none_or(|c| c.parent.is_none())
    }
}

/// The edit that merges `other` into `project`, and what it does.
pub fn merge_edit(project: &Project, other: &Project) -> Result<(Edit, MergeReport)> {
    let mut report = MergeReport::default();
    let mut changes = Vec::new();
    let mut codes = CodeMapper {
        project,
        other,
        map: HashMap::new(),
        created: Vec::new(),
        next_id: project.next_code_id(),
        next_pos: project
            .codes()
            .iter()
            .map(|c| c.position)
            .max()
            .unwrap_or(0)
            + 1,
    };
    let existing: HashSet<_> = project.all_annotations().iter().map(content_key).collect();
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
            if let Some(m) = codes.map(*c) {
                if !mine.codes.contains(&m) {
                    mine.codes.push(m);
                }
            }
        }
        if let Some(present) = project.annotation(&a.id) {
            if content_key(&present) == content_key(&mine) {
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
    // codes first: the annotations refer to them
    report.created_codes = codes.created.iter().map(|c| c.name.clone()).collect();
    let mut all: Vec<Change> = codes
        .created
        .into_iter()
        .map(|c| Change::create(Record::Code(c)))
        .collect();
    all.extend(changes);
    let changes = all;
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
