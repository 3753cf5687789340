//! Web imports into the project: pages fetched (or read) elsewhere are added here, skipping what the corpus
//! already has by URL or by text; and the feeds the project follows.

use std::path::PathBuf;

use super::edits::ArticleImport;
use super::{Project, Result};
use crate::model::{Article, PageDetails};

impl Project {
    /// Whether an article with this URL (its canonical or fetched address) is in the corpus.
    pub fn has_url(&self, url: &str) -> bool {
        let u = url.trim().trim_end_matches('/');
        self.metas().iter().any(|m| {
            m.url
                .as_deref()
                .is_some_and(|m| m.trim_end_matches('/') == u)
        }) || self.store.has_fetched_url(url.trim()).unwrap_or(false)
    }

    /// Add articles read from the web: `results` are (URL, the article or why it failed), in the order asked.
    /// Articles already in the corpus (same URL or same text) are reported as duplicates.
    pub fn import_web_results(
        &mut self,
        results: Vec<(String, std::result::Result<Article, String>)>,
    ) -> Result<ArticleImport> {
        let mut outcome = ArticleImport::default();
        let mut fresh: Vec<Article> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (url, result) in results {
            match result {
                Err(e) => outcome.errors.push(e),
                Ok(article) => {
                    let known = self
                        .meta(&article.meta.id)
                        .map(|m| m.title.clone())
                        .or_else(|| {
                            article
                                .meta
                                .url
                                .as_deref()
                                .filter(|u| self.has_url(u))
                                .map(|_| article.meta.title.clone())
                        });
                    if let Some(title) = known {
                        outcome.duplicates.push((PathBuf::from(&url), title));
                    } else if !seen.insert(article.meta.id.clone()) {
                        outcome
                            .duplicates
                            .push((PathBuf::from(&url), article.meta.title.clone()));
                    } else {
                        outcome
                            .added
                            .push((article.meta.id.clone(), article.meta.title.clone()));
                        fresh.push(article);
                    }
                }
            }
        }
        self.add_articles(fresh)?;
        let mut s = format!("Imported {} article(s)", outcome.added.len());
        if !outcome.duplicates.is_empty() {
            s += &format!(", {} already in the corpus", outcome.duplicates.len());
        }
        if !outcome.errors.is_empty() {
            s += &format!(", {} URL(s) failed", outcome.errors.len());
        }
        outcome.summary = s;
        Ok(outcome)
    }

    /// Fetch URLs (a few at a time) and import their pages; each failure is reported, the rest come in.
    pub fn import_urls(
        &mut self,
        urls: &[String],
        limits: &crate::web::fetch::FetchLimits,
    ) -> Result<ArticleImport> {
        let results = fetch_pages(urls, limits, |_| {});
        self.import_web_results(results)
    }

    /// What the web page of an article said beyond its list columns (`None` for other articles).
    pub fn details(&self, id: &crate::model::ArticleId) -> Result<Option<PageDetails>> {
        Ok(self.store().article_details(id)?)
    }
}

/// Fetch and read pages, up to four at once, calling `progress(done)` as each finishes. Results are in the
/// order of `urls`. Off the UI thread (the GUI's job) or in the CLI.
pub fn fetch_pages(
    urls: &[String],
    limits: &crate::web::fetch::FetchLimits,
    progress: impl Fn(usize) + Sync,
) -> Vec<(String, std::result::Result<Article, String>)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Vec<std::sync::Mutex<Option<std::result::Result<Article, String>>>> =
        urls.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..urls.len().clamp(1, 4) {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(url) = urls.get(i) else { break };
                let r = crate::web::fetch::import_url(url, limits).map_err(|e| e.to_string());
                *slots[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
                progress(done.fetch_add(1, Ordering::SeqCst) + 1);
            });
        }
    });
    urls.iter()
        .cloned()
        .zip(slots.into_iter().map(|m| {
            m.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .unwrap_or_else(|| Err("not fetched".into()))
        }))
        .collect()
}

impl Project {
    /// Follow a feed; false when it was followed already.
    pub fn follow_feed(&mut self, url: &str, title: Option<&str>) -> Result<bool> {
        Ok(self.store.add_feed(url, title, &now())?)
    }

    pub fn feeds(&self) -> Result<Vec<crate::store::FeedRow>> {
        Ok(self.store.feeds()?)
    }

    pub fn feed_was_refreshed(&mut self, url: &str, title: Option<&str>) -> Result<()> {
        Ok(self.store.feed_refreshed(url, title, &now())?)
    }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
