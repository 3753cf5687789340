//! What import files hold, read by the format readers ([`super::w3c`], [`super::native`]) before anchoring.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::model::ArticleId;

use super::anchor::Selectors;

/// A code as an import file describes it (by name; the rest is used when the code must be created).
#[derive(Clone, Debug, Default)]
pub(crate) struct CodeSpec {
    pub name: String,
    /// Where the name is in the file, for messages (`first.items[3].body[0].value`).
    pub path: String,
    /// The code's id in the file (native codebook only): kept when the project has no code with this id.
    pub id: Option<i64>,
    pub color: Option<[u8; 3]>,
    pub parent: Option<String>,
    pub is_event: bool,
    /// Kept only when no other code has this key.
    pub shortcut: Option<u8>,
}

/// One annotation read from an import file, before anchoring.
#[derive(Clone, Debug)]
pub(crate) struct Incoming {
    /// Where in the file, for messages (`first.items[3]`).
    pub path: String,
    pub id: Option<Uuid>,
    pub article: ArticleId,
    /// `article` is a URL (a W3C target's source): the article is the one with that URL, found at import (the file
    /// is parsed on a thread that does not see the project).
    pub article_by_url: bool,
    pub selectors: Selectors,
    /// Codes by name, in the file's order.
    pub codes: Vec<CodeSpec>,
    pub note: String,
    pub creator: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub modified: Option<DateTime<Utc>>,
}
