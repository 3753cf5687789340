//! News feeds: RSS, Atom and JSON Feed (`feed-rs`). A feed's items become articles by fetching each item's page
//! (the feed's own text is used when the page cannot be fetched); items the corpus already has (same URL, or the
//! same text) are not offered again.

use std::io::Write;

use super::fetch::{fetch, FetchError, FetchLimits};
use crate::model::Article;
use crate::project::Project;

/// More items than this in one feed are ignored (a news feed lists tens).
pub const MAX_ITEMS: usize = 500;

/// One item of a feed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// The feed the item came from.
    pub feed: String,
    pub title: String,
    /// The item's page (http/https only).
    pub link: Option<String>,
    /// As the feed states it (RFC 3339).
    pub published: Option<chrono::DateTime<chrono::Utc>>,
    /// The item's HTML content or summary, if the feed carries it.
    pub content: Option<String>,
}

/// A feed as read.
#[derive(Debug, Clone)]
pub struct ParsedFeed {
    pub url: String,
    pub title: Option<String>,
    pub items: Vec<FeedItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeedError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("{url}: not a feed (RSS, Atom or JSON Feed): {detail}")]
    Parse { url: String, detail: String },
}

/// Read a feed's bytes.
pub fn parse_feed(bytes: &[u8], url: &str) -> Result<ParsedFeed, FeedError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| FeedError::Parse {
        url: url.to_owned(),
        detail: e.to_string(),
    })?;
    let items = feed
        .entries
        .into_iter()
        .take(MAX_ITEMS)
        .map(|e| {
            let link = e
                .links
                .iter()
                .map(|l| l.href.trim().to_owned())
                .find(|h| super::meta::is_web_url(h))
                .or_else(|| Some(e.id.trim().to_owned()).filter(|i| super::meta::is_web_url(i)));
            let content = e
                .content
                .and_then(|c| c.body)
                .or(e.summary.map(|s| s.content))
                .filter(|c| !c.trim().is_empty());
            FeedItem {
                feed: url.to_owned(),
                title: e
                    .title
                    .map(|t| super::page::collapse(&t.content))
                    .filter(|t| !t.is_empty())
                    .or_else(|| link.clone())
                    .unwrap_or_else(|| "(untitled item)".into()),
                link,
                published: e.published.or(e.updated),
                content,
            }
        })
        .collect();
    Ok(ParsedFeed {
        url: url.to_owned(),
        title: feed
            .title
            .map(|t| super::page::collapse(&t.content))
            .filter(|t| !t.is_empty()),
        items,
    })
}

/// Fetch and read a feed.
pub fn fetch_feed(url: &str, limits: &FetchLimits) -> Result<ParsedFeed, FeedError> {
    let fetched = fetch(url, limits)?;
    parse_feed(&fetched.bytes, url)
}

/// The article of a feed item: its page, fetched; else the feed's own text of it. The item's date stands in when
/// the page states none.
pub fn item_article(item: &FeedItem, limits: &FetchLimits) -> Result<Article, String> {
    let fetched = match &item.link {
        Some(link) => super::fetch::import_url(link, limits).map_err(|e| e.to_string()),
        None => Err(format!("{}: the item has no link", item.title)),
    };
    let mut article = match fetched {
        Ok(a) => a,
        Err(e) => {
            let Some(content) = &item.content else {
                return Err(e);
            };
            let html = format!(
                "<html><body><article><h1>{}</h1>{content}</article></body></html>",
                escape(&item.title)
            );
            let source = super::PageSource {
                url: item.link.clone(),
                http_charset: Some("utf-8".into()),
                origin: item.link.clone().unwrap_or_else(|| item.feed.clone()),
            };
            let mut a = super::read_page(html.as_bytes(), &source)
                .map_err(|pe| format!("{e}; the feed's text: {pe}"))?;
            a.details
                .get_or_insert_with(Default::default)
                .provenance
                .insert(
                    "main_text".into(),
                    format!("the feed's text of the item (the page: {e})"),
                );
            a
        }
    };
    let details = article.details.get_or_insert_with(Default::default);
    details.provenance.insert("feed".into(), item.feed.clone());
    if article.meta.published.is_none() {
        if let Some(p) = item.published {
            article.meta.published = Some(p.date_naive());
            details.published_at = Some(p.to_rfc3339());
            details
                .provenance
                .insert("published".into(), "the feed's item date".into());
        }
    }
    if article.meta.url.is_none() {
        article.meta.url = item.link.clone();
    }
    Ok(article)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The items of these feeds that the corpus does not have (by URL), each feed's failure apart.
pub fn new_items(
    project: &Project,
    feeds: &[String],
    limits: &FetchLimits,
) -> (Vec<ParsedFeed>, Vec<FeedItem>, Vec<String>) {
    let mut parsed = Vec::new();
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for url in feeds {
        match fetch_feed(url, limits) {
            Ok(f) => {
                for item in &f.items {
                    let key = item.link.clone().unwrap_or_else(|| item.title.clone());
                    let known = item.link.as_deref().is_some_and(|l| project.has_url(l));
                    if !known && seen.insert(key) {
                        items.push(item.clone());
                    }
                }
                parsed.push(f);
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    (parsed, items, errors)
}

/// `khabar feed …`.
pub fn run_cli(
    mut project: Project,
    command: crate::cli::FeedCommand,
    out: &mut impl Write,
) -> Result<(), String> {
    use crate::cli::FeedCommand;
    let w = |e: std::io::Error| e.to_string();
    let limits = FetchLimits::default();
    match command {
        FeedCommand::Add { url } => {
            let feed = fetch_feed(&url, &limits).map_err(|e| e.to_string())?;
            let added = project
                .follow_feed(&url, feed.title.as_deref())
                .map_err(|e| e.to_string())?;
            writeln!(
                out,
                "{} {url} ({}, {} item(s))",
                if added {
                    "following"
                } else {
                    "already following"
                },
                feed.title.as_deref().unwrap_or("untitled"),
                feed.items.len()
            )
            .map_err(w)?;
        }
        FeedCommand::List => {
            for f in project.feeds().map_err(|e| e.to_string())? {
                writeln!(
                    out,
                    "{}\t{}\t{}",
                    f.url,
                    crate::cli::printable(f.title.as_deref().unwrap_or("")),
                    f.refreshed.as_deref().unwrap_or("never refreshed")
                )
                .map_err(w)?;
            }
        }
        FeedCommand::Refresh { import } => {
            let feeds: Vec<String> = project
                .feeds()
                .map_err(|e| e.to_string())?
                .into_iter()
                .map(|f| f.url)
                .collect();
            if feeds.is_empty() {
                return Err("no feeds followed (add one with `khabar feed add URL`)".into());
            }
            let (parsed, items, errors) = new_items(&project, &feeds, &limits);
            for f in &parsed {
                project
                    .feed_was_refreshed(&f.url, f.title.as_deref())
                    .map_err(|e| e.to_string())?;
            }
            for e in &errors {
                eprintln!("khabar: {}", crate::cli::printable(e));
            }
            if !import {
                for item in &items {
                    writeln!(
                        out,
                        "{}\t{}\t{}",
                        item.published
                            .map(|p| p.date_naive().to_string())
                            .unwrap_or_default(),
                        item.link.as_deref().unwrap_or(""),
                        crate::cli::printable(&item.title)
                    )
                    .map_err(w)?;
                }
                eprintln!("{} new item(s) in {} feed(s)", items.len(), parsed.len());
            } else {
                let results: Vec<(String, Result<Article, String>)> =
                    crate::parallel::map(&items, |i| {
                        (
                            i.link.clone().unwrap_or_else(|| i.title.clone()),
                            item_article(i, &limits),
                        )
                    });
                let outcome = project
                    .import_web_results(results)
                    .map_err(|e| e.to_string())?;
                for e in &outcome.errors {
                    eprintln!("khabar: {}", crate::cli::printable(e));
                }
                for (url, title) in &outcome.duplicates {
                    eprintln!(
                        "khabar: {}: already in the corpus as “{}”",
                        url.display(),
                        crate::cli::printable(title)
                    );
                }
                for (id, title) in &outcome.added {
                    writeln!(out, "{id}\t{}", crate::cli::printable(title)).map_err(w)?;
                }
                eprintln!("{}", outcome.summary);
            }
            if !errors.is_empty() {
                return Err(format!("{} feed(s) could not be read", errors.len()));
            }
        }
    }
    Ok(())
}
