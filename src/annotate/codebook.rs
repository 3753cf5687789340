//! Codebook edits that touch annotations too.

use super::{Annotation, Change, Code, CodeId, Record};

/// Why a codebook edit was refused. The message names the code.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodebookError {
    #[error("no code with id {0}")]
    NoCode(CodeId),
    #[error("a code cannot replace itself")]
    ReplacesItself(CodeId),
    #[error("a code needs a name")]
    NoName,
    #[error("there is already a code named “{0}”")]
    DuplicateName(String),
    #[error("no parent code with id {0}")]
    NoParent(CodeId),
    #[error("codes have one level of hierarchy: the parent must be a top-level code")]
    ParentNotTopLevel { code: String, parent: CodeId },
    #[error("“{0}” has child codes, so it cannot have a parent")]
    HasChildren(String),
    #[error("shortcuts are the keys 1 to 9")]
    BadShortcut(u8),
}

fn find(codes: &[Code], id: CodeId) -> Option<&Code> {
    codes.iter().find(|c| c.id == id)
}

/// Changes that delete code `id`. Its annotations are recoded with `replace_with`, or lose the code; an annotation
/// left with neither code nor note is deleted with it (so nothing stays behind uncoded and invisible). Child codes
/// move up to the top level. Nothing is orphaned silently: every affected record is in the edit, and undo restores it.
pub fn delete_code_changes(
    codes: &[Code],
    annotations: &[Annotation],
    id: CodeId,
    replace_with: Option<CodeId>,
) -> Result<Vec<Change>, CodebookError> {
    let code = find(codes, id).cloned().ok_or(CodebookError::NoCode(id))?;
    if replace_with == Some(id) {
        return Err(CodebookError::ReplacesItself(id));
    }
    if let Some(r) = replace_with {
        find(codes, r).ok_or(CodebookError::NoCode(r))?;
    }
    let mut changes = Vec::new();
    for a in annotations {
        if !a.codes.contains(&id) {
            continue;
        }
        let mut after = a.clone();
        after.codes.retain(|c| *c != id);
        if let Some(r) = replace_with {
            if !after.codes.contains(&r) {
                after.codes.push(r);
            }
        }
        if after.codes.is_empty() && after.note.trim().is_empty() {
            changes.push(Change::delete(Record::Annotation(a.clone())));
        } else {
            changes.push(Change::update(
                Record::Annotation(a.clone()),
                Record::Annotation(after),
            ));
        }
    }
    for child in codes.iter().filter(|c| c.parent == Some(id)) {
        let mut after = child.clone();
        after.parent = None;
        changes.push(Change::update(
            Record::Code(child.clone()),
            Record::Code(after),
        ));
    }
    changes.push(Change::delete(Record::Code(code)));
    Ok(changes)
}

/// How many annotations use a code.
pub fn usage(annotations: &[Annotation], id: CodeId) -> usize {
    annotations.iter().filter(|a| a.codes.contains(&id)).count()
}

/// Check a code before it is stored: a name, no duplicate name, one level of hierarchy, shortcut 1–9 unique.
pub fn validate(codes: &[Code], code: &Code) -> Result<(), CodebookError> {
    let name = code.name.trim();
    if name.is_empty() {
        return Err(CodebookError::NoName);
    }
    if codes
        .iter()
        .any(|c| c.id != code.id && c.name.trim() == name)
    {
        return Err(CodebookError::DuplicateName(name.to_owned()));
    }
    if let Some(p) = code.parent {
        let parent = find(codes, p).ok_or(CodebookError::NoParent(p))?;
        if p == code.id || parent.parent.is_some() {
            return Err(CodebookError::ParentNotTopLevel {
                code: name.to_owned(),
                parent: p,
            });
        }
        if codes.iter().any(|c| c.parent == Some(code.id)) {
            return Err(CodebookError::HasChildren(name.to_owned()));
        }
    }
    if let Some(k) = code.shortcut {
        if !(1..=9).contains(&k) {
            return Err(CodebookError::BadShortcut(k));
        }
    }
    Ok(())
}

/// Changes that add `code` or replace the stored code with its id. A shortcut key already used by another code
/// moves to this one (the other loses it) in the same edit.
pub fn upsert_code_changes(codes: &[Code], code: Code) -> Result<Vec<Change>, CodebookError> {
    validate(codes, &code)?;
    let mut changes = Vec::new();
    if let Some(k) = code.shortcut {
        for other in codes
            .iter()
            .filter(|c| c.id != code.id && c.shortcut == Some(k))
        {
            let mut after = other.clone();
            after.shortcut = None;
            changes.push(Change::update(
                Record::Code(other.clone()),
                Record::Code(after),
            ));
        }
    }
    match find(codes, code.id) {
        Some(before) => changes.push(Change::update(
            Record::Code(before.clone()),
            Record::Code(code),
        )),
        None => changes.push(Change::create(Record::Code(code))),
    }
    Ok(changes)
}
