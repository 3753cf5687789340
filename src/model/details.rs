//! What a web page says about an article beyond the corpus list's columns, and where on the page each field was
//! found, so a user can judge it (a date from JSON-LD is worth more than one guessed from the URL).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Details of an article read from a web page (saved or fetched). Stored as JSON beside the article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PageDetails {
    /// The publication time as the page states it ("2023-10-19T06:07:54+05:30"); the list keeps only the date.
    pub published_at: Option<String>,
    pub modified: Option<NaiveDate>,
    pub modified_at: Option<String>,
    pub author: Option<String>,
    /// `<link rel="canonical">` or og:url (http/https only).
    pub canonical_url: Option<String>,
    /// `<html lang>`, og:locale or JSON-LD inLanguage.
    pub language: Option<String>,
    /// The URL that was fetched (before redirects), when the page came from the web.
    pub fetched_url: Option<String>,
    /// When it was fetched (RFC 3339, UTC).
    pub fetched_at: Option<String>,
    /// The character encoding the page was read in ("windows-1252") and why.
    pub charset: Option<String>,
    /// Field name ("title", "published", "source", …) → where on the page it came from ("og:title").
    pub provenance: BTreeMap<String, String>,
}

impl PageDetails {
    /// Where `field` came from, if recorded.
    pub fn from_where(&self, field: &str) -> Option<&str> {
        self.provenance.get(field).map(String::as_str)
    }
}
