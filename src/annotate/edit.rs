//! Every change a user makes is an [`Edit`]: a list of record changes (before → after). The store applies an edit in
//! one transaction; undo applies its inverse. One mechanism serves annotations, codes, blocks and metadata alike.

use serde::{Deserialize, Serialize};

use super::decision::Decision;
use super::{Annotation, Code};
use crate::model::{ArticleId, ArticleMeta, Block};

/// A stored thing an edit can create, change or remove.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Record {
    Annotation(Annotation),
    Code(Code),
    /// One block of an article (its kind and reason; the range never changes).
    Block {
        article: ArticleId,
        index: usize,
        block: Block,
    },
    /// Article metadata (title, source, URL, date).
    Meta(ArticleMeta),
    /// The user's decision about a timeline event candidate.
    Decision(Decision),
}

/// One record's change: create (None → Some), update (Some → Some) or delete (Some → None).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub before: Option<Record>,
    pub after: Option<Record>,
}

impl Change {
    pub fn create(r: Record) -> Self {
        Change {
            before: None,
            after: Some(r),
        }
    }
    pub fn delete(r: Record) -> Self {
        Change {
            before: Some(r),
            after: None,
        }
    }
    pub fn update(before: Record, after: Record) -> Self {
        Change {
            before: Some(before),
            after: Some(after),
        }
    }
    fn inverse(&self) -> Self {
        Change {
            before: self.after.clone(),
            after: self.before.clone(),
        }
    }
}

/// A user-visible edit: what the undo menu names and undoes as one step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Edit {
    pub label: String,
    pub changes: Vec<Change>,
}

impl Edit {
    pub fn new(label: impl Into<String>, changes: Vec<Change>) -> Self {
        Edit {
            label: label.into(),
            changes,
        }
    }

    pub fn inverse(&self) -> Edit {
        Edit {
            label: self.label.clone(),
            changes: self.changes.iter().rev().map(Change::inverse).collect(),
        }
    }
}

/// Undo and redo history of the session (unbounded: edits are small).
#[derive(Default, Debug)]
pub struct UndoStack {
    done: Vec<Edit>,
    undone: Vec<Edit>,
}

impl UndoStack {
    /// Record an edit that was just applied; a new edit clears the redo history.
    pub fn push(&mut self, edit: Edit) {
        self.done.push(edit);
        self.undone.clear();
    }

    /// The edit to apply to undo the last one (its inverse); the caller applies it and then calls `undone`.
    pub fn peek_undo(&self) -> Option<Edit> {
        self.done.last().map(Edit::inverse)
    }

    pub fn peek_redo(&self) -> Option<Edit> {
        self.undone.last().cloned()
    }

    /// Move the last edit to the redo list (after its inverse was applied).
    pub fn mark_undone(&mut self) {
        if let Some(e) = self.done.pop() {
            self.undone.push(e);
        }
    }

    pub fn mark_redone(&mut self) {
        if let Some(e) = self.undone.pop() {
            self.done.push(e);
        }
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.done.last().map(|e| e.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|e| e.label.as_str())
    }
}
