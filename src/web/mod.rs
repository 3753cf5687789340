//! Bringing news in from the web: saved pages, URLs and feeds. Domain code, no egui: a page's bytes become an
//! [`Article`](crate::model::Article) with its boilerplate marked and its metadata's provenance kept ([`page`],
//! [`meta`], [`charset`]); [`fetch`] gets pages over HTTP(S) within bounds; [`feed`] reads RSS, Atom and JSON Feed.

pub mod charset;
pub mod feed;
pub mod fetch;
pub mod meta;
pub mod page;

pub use page::{read_page, PageError, PageSource};

/// Whether a file name is a saved web page (by its extension).
pub fn is_page_file(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "html" | "htm" | "xhtml"))
}
