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

/// An import's undo step. Its annotations are not held here but listed beside the project file (see
/// `Store::import_undo`), so an import of any size costs the undo history only its codes.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportStep {
    pub label: String,
    /// The import's number in the project file's connection.
    pub import: i64,
    /// The codes it created, in the order created.
    pub codes: Vec<Code>,
}

/// One step of the undo history.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Edit(Edit),
    Import(ImportStep),
}

impl Step {
    pub fn label(&self) -> &str {
        match self {
            Step::Edit(e) => &e.label,
            Step::Import(i) => &i.label,
        }
    }
}

/// Undo and redo history of the session (unbounded: edits are small, and an import's annotations are not held).
#[derive(Default, Debug)]
pub struct UndoStack {
    done: Vec<Step>,
    undone: Vec<Step>,
}

impl UndoStack {
    /// Record a step that was just applied; a new step clears the redo history, which is returned.
    pub fn push(&mut self, step: Step) -> Vec<Step> {
        self.done.push(step);
        std::mem::take(&mut self.undone)
    }

    /// The step the next undo undoes.
    pub fn last_done(&self) -> Option<&Step> {
        self.done.last()
    }

    /// The step the next redo redoes.
    pub fn last_undone(&self) -> Option<&Step> {
        self.undone.last()
    }

    /// Move the last step to the redo list (after it was undone).
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
        self.done.last().map(Step::label)
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(Step::label)
    }
}
