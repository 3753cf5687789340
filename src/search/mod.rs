//! Finding and retrieving: Hindi-aware full-text search with keyword-in-context rows, coding all hits, coded segment
//! retrieval and code matrices. No egui here; the UI and the CLI call these functions.
//!
//! - [`normalize`]: which spellings are the same word (documented rules, tested on a table of variants).
//! - [`query`]: the query language (words, "phrases", prefix*, AND / OR / NOT, parentheses, romanised words).
//! - [`translit`]: romanised words → Devanagari candidates.
//! - [`kwic`]: the search itself, page by page, as keyword-in-context rows; sorting.
//! - [`autocode`]: code all (or selected) hits as one undoable edit.
//! - [`retrieve`]: coded segments of a code (with child codes, AND / NOT overlaps), CSV and HTML reports.
//! - [`matrix`]: code × article counts and coverage, code co-occurrence; CSV.
//!
//! The index itself lives in the project file ([`crate::store::fts`]).

pub mod autocode;
pub mod commands;
pub mod kwic;
pub mod matrix;
pub mod normalize;
pub mod query;
pub mod report;
pub mod retrieve;
pub mod translit;

pub use kwic::{Cursor, KwicRow, Page, Scope, Search, SearchOptions, SortKey};
pub use normalize::Mode;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(query::QueryError),
    #[error(transparent)]
    Project(#[from] crate::project::ProjectError),
    #[error("no code named “{0}”")]
    UnknownCode(String),
    #[error("{0}")]
    Invalid(String),
}

impl From<crate::store::StoreError> for SearchError {
    fn from(e: crate::store::StoreError) -> Self {
        SearchError::Project(e.into())
    }
}
