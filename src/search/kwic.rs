//! Corpus search as keyword-in-context rows, page by page.
//!
//! The index ([`crate::store::fts`]) names candidate articles in corpus order; each candidate's text is tokenised and
//! normalised on the fly ([`super::normalize`]) and the query evaluated on its words ([`super::query::hits`]), which
//! gives every hit as char offsets into the original NFC text on grapheme cluster boundaries. Articles the index
//! does not cover yet (a large project upgraded from an older format, while its index is being built) are searched
//! the same way without the index, after the indexed ones, so results are always complete.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::normalize::{self, Mode};
use super::query::{self, Expr, ParseOptions, QueryError, Word};
use super::SearchError;
use crate::annotate::CodeId;
use crate::model::{Article, ArticleId, Block};
use crate::project::Project;

/// Which articles and blocks are searched.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Only this article.
    pub article: Option<ArticleId>,
    /// Only articles with at least one annotation with one of these codes (or a child code of one).
    pub codes: Vec<CodeId>,
    /// Only articles published on or after / on or before these dates (articles without a date are left out when
    /// either is set).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Search bylines and boilerplate too (default: title, headings and body).
    pub boilerplate: bool,
}

#[derive(Clone, Debug)]
pub struct SearchOptions {
    pub mode: Mode,
    pub transliterate: bool,
    pub scope: Scope,
    /// Characters of context on each side of a hit (cut at grapheme boundaries, within the hit's block).
    pub context: usize,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            mode: Mode::Default,
            transliterate: true,
            scope: Scope::default(),
            context: 40,
        }
    }
}

/// One hit with its context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KwicRow {
    pub article: ArticleId,
    pub title: String,
    pub date: Option<NaiveDate>,
    /// Position of the article in the corpus list.
    pub position: usize,
    /// Index of the block holding the hit.
    pub block: usize,
    /// Char (code point) offsets of the hit in the article's NFC text.
    pub start: usize,
    pub end: usize,
    pub left: String,
    pub hit: String,
    pub right: String,
}

/// Where the next page starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    /// Still reading index candidates (else the list of articles searched without the index).
    in_list: bool,
    /// Index documents up to this one are done.
    after_doc: i64,
    /// Position in the list.
    list_pos: usize,
    /// Rows of the current article already returned.
    skip: usize,
}

/// One page of rows; `next` is `None` when the search is exhausted.
#[derive(Clone, Debug)]
pub struct Page {
    pub rows: Vec<KwicRow>,
    pub next: Option<Cursor>,
}

/// A prepared search: parse once, then ask for pages.
#[derive(Debug)]
pub struct Search {
    expr: Expr,
    fts: Option<String>,
    opts: SearchOptions,
    /// With the index: the articles it does not cover. Without (a one-article scope): the articles to search.
    list: Vec<ArticleId>,
    use_index: bool,
    allowed: Option<HashSet<ArticleId>>,
    positions: std::collections::HashMap<ArticleId, usize>,
}

/// How many index candidates are read per query.
const BATCH: usize = 32;

impl Search {
    pub fn new(project: &Project, query: &str, opts: SearchOptions) -> Result<Search, SearchError> {
        let mut expr = query::parse(
            query,
            ParseOptions {
                mode: opts.mode,
                transliterate: opts.transliterate,
            },
        )?;
        let store = project.store();
        let progress = project.index_progress()?;
        // Romanised words: keep only readings the corpus has (when the index covers it all).
        if progress.complete() {
            let mut err = None;
            expr.terms_mut(&mut |t| {
                let n = t.parts.len();
                let prefix = t.prefix;
                for (i, p) in t.parts.iter_mut().enumerate() {
                    if p.alts.len() <= 1 {
                        continue;
                    }
                    let star = if prefix && i + 1 == n { " *" } else { "" };
                    p.alts.retain(|a| {
                        store
                            .index_matches_any(&format!("\"{}\"{star}", a.replace('"', "\"\"")))
                            .unwrap_or_else(|e| {
                                err = Some(e);
                                false
                            })
                    });
                }
            });
            if let Some(e) = err {
                return Err(e.into());
            }
        }
        let fts = expr.fts().map(|f| {
            if opts.scope.boilerplate {
                f
            } else {
                format!("{{main}} : {f}")
            }
        });
        let metas = project.metas();
        let positions = metas
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
        let scope = &opts.scope;
        let mut allowed: Option<HashSet<ArticleId>> = None;
        if !scope.codes.is_empty() {
            let wanted: HashSet<CodeId> = project
                .codes()
                .iter()
                .filter(|c| {
                    scope.codes.contains(&c.id)
                        || c.parent.is_some_and(|p| scope.codes.contains(&p))
                })
                .map(|c| c.id)
                .collect();
            allowed = Some(
                project
                    .all_annotations()
                    .into_iter()
                    .filter(|a| a.codes.iter().any(|c| wanted.contains(c)))
                    .map(|a| a.article.clone())
                    .collect(),
            );
        }
        if scope.from.is_some() || scope.to.is_some() {
            let dated: HashSet<ArticleId> = metas
                .iter()
                .filter(|m| {
                    m.published.is_some_and(|d| {
                        scope.from.is_none_or(|f| d >= f) && scope.to.is_none_or(|t| d <= t)
                    })
                })
                .map(|m| m.id.clone())
                .collect();
            allowed = Some(match allowed {
                Some(a) => a.intersection(&dated).cloned().collect(),
                None => dated,
            });
        }
        if let Some(id) = &scope.article {
            let one: HashSet<ArticleId> = std::iter::once(id.clone()).collect();
            allowed = Some(match allowed {
                Some(a) => a.intersection(&one).cloned().collect(),
                None => one,
            });
        }
        // A small set of articles is searched directly; otherwise the index names the candidates.
        let (use_index, list) = match &allowed {
            Some(a) if a.len() <= 64 => {
                let mut v: Vec<ArticleId> = a.iter().cloned().collect();
                v.sort_by_key(|id| project.metas().iter().position(|m| &m.id == id));
                (false, v)
            }
            _ => (
                true,
                if progress.complete() {
                    Vec::new()
                } else {
                    store.unindexed_articles()?
                },
            ),
        };
        Ok(Search {
            expr,
            fts,
            opts,
            list,
            use_index,
            allowed,
            positions,
        })
    }

    /// Articles the index does not cover yet (searched without it).
    pub fn unindexed(&self) -> usize {
        if self.use_index {
            self.list.len()
        } else {
            0
        }
    }

    /// The parsed query (after romanised words were resolved against the corpus).
    pub fn expr(&self) -> &Expr {
        &self.expr
    }

    fn in_scope(&self, id: &ArticleId) -> bool {
        self.allowed.as_ref().is_none_or(|a| a.contains(id))
    }

    /// Up to `limit` rows from `cursor` (start with `Cursor::default()`).
    pub fn page(
        &self,
        project: &Project,
        cursor: Cursor,
        limit: usize,
    ) -> Result<Page, SearchError> {
        let limit = limit.max(1);
        let mut rows = Vec::new();
        let mut cur = cursor;
        if !self.use_index || self.fts.is_none() {
            cur.in_list = true;
        }
        while !cur.in_list {
            let fts = self.fts.as_deref().expect("checked above");
            let batch = project
                .store()
                .index_candidates(fts, cur.after_doc, BATCH)?;
            if batch.is_empty() {
                cur.in_list = true;
                cur.skip = 0;
                break;
            }
            for (doc, id) in batch {
                if self.in_scope(&id) {
                    let hits = self.article_rows(project, &id)?;
                    if take(&mut rows, hits, &mut cur.skip, limit) {
                        cur.after_doc = doc - 1;
                        return Ok(Page {
                            rows,
                            next: Some(cur),
                        });
                    }
                }
                cur.after_doc = doc;
            }
        }
        while cur.list_pos < self.list.len() {
            let id = &self.list[cur.list_pos];
            if self.in_scope(id) && project.meta(id).is_some() {
                let hits = self.article_rows(project, id)?;
                if take(&mut rows, hits, &mut cur.skip, limit) {
                    return Ok(Page {
                        rows,
                        next: Some(cur),
                    });
                }
            }
            cur.list_pos += 1;
        }
        Ok(Page { rows, next: None })
    }

    /// Every row (for sorting the whole concordance or exporting it).
    pub fn all(&self, project: &Project) -> Result<Vec<KwicRow>, SearchError> {
        let mut out = Vec::new();
        let mut cursor = Some(Cursor::default());
        while let Some(c) = cursor {
            let page = self.page(project, c, 10_000)?;
            out.extend(page.rows);
            cursor = page.next;
        }
        Ok(out)
    }

    /// The hits of one article (in scope blocks), as rows.
    pub fn article_rows(
        &self,
        project: &Project,
        id: &ArticleId,
    ) -> Result<Vec<KwicRow>, SearchError> {
        let Some(meta) = project.meta(id).cloned() else {
            return Ok(Vec::new());
        };
        let (text, blocks) = project.article_text_and_blocks(id)?;
        let article = Article::from_parts(meta, text, blocks);
        let words = words_of(&article, self.opts.scope.boilerplate);
        let ranges = query::hits(&self.expr, &words);
        let position = self.positions.get(id).copied().unwrap_or(usize::MAX);
        Ok(ranges
            .into_iter()
            .map(|(s, e)| kwic_row(&article, position, s, e, self.opts.context))
            .collect())
    }

    /// Char ranges of the hits in an article (for highlighting and coding).
    pub fn hits_in(&self, article: &Article) -> Vec<(usize, usize)> {
        query::hits(&self.expr, &words_of(article, self.opts.scope.boilerplate))
    }
}

/// Append rows after skipping `skip` of them; true (with `skip` updated) when the page filled up inside or at the
/// end of this article's rows.
fn take(rows: &mut Vec<KwicRow>, hits: Vec<KwicRow>, skip: &mut usize, limit: usize) -> bool {
    let n = hits.len();
    let mut taken = *skip;
    for r in hits.into_iter().skip(*skip) {
        if rows.len() == limit {
            *skip = taken;
            return true;
        }
        rows.push(r);
        taken += 1;
    }
    *skip = 0;
    if rows.len() == limit && taken == n {
        // Exactly full: continue after this article next time.
        return false;
    }
    false
}

/// An article's words in the searched blocks (content blocks, or all with `boilerplate`).
pub fn words_of(article: &Article, boilerplate: bool) -> Vec<Word> {
    let blocks: &[Block] = &article.blocks;
    let mut bi = 0;
    let mut out = Vec::new();
    for t in normalize::tokens(&article.text, Mode::Default) {
        while bi + 1 < blocks.len() && blocks[bi].range.end <= t.start {
            bi += 1;
        }
        if let Some(b) = blocks.get(bi) {
            if !boilerplate && !b.kind.is_content() {
                continue;
            }
        }
        let loose = normalize::loose_fold(&t.norm);
        out.push(Word {
            start: t.start,
            end: t.end,
            norm: t.norm,
            loose,
            block: bi,
        });
    }
    out
}

pub(crate) fn kwic_row(
    article: &Article,
    position: usize,
    start: usize,
    end: usize,
    context: usize,
) -> KwicRow {
    let block = article.block_at(start).unwrap_or(0);
    let (lo, hi) = article
        .blocks
        .get(block)
        .map(|b| (b.range.start, b.range.end))
        .unwrap_or((0, article.index.char_len()));
    let ls = article
        .snap(start.saturating_sub(context).max(lo), start)
        .start
        .max(lo);
    let re = article.snap(end, (end + context).min(hi)).end.min(hi);
    let clean = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    KwicRow {
        article: article.meta.id.clone(),
        title: article.meta.title.clone(),
        date: article.meta.published,
        position,
        block,
        start,
        end,
        left: clean(article.slice(ls..start)),
        hit: article.slice(start..end).to_owned(),
        right: clean(article.slice(end..re)).trim_end().to_owned(),
    }
}

/// How a concordance is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SortKey {
    /// By the words to the left of the hit, nearest first.
    Left,
    /// By the words to the right of the hit.
    Right,
    /// By article (corpus order), then position.
    Article,
    /// By publication date (undated last), then article and position.
    Date,
}

/// Sort rows in place (stable; ties keep corpus order).
pub fn sort_rows(rows: &mut [KwicRow], key: SortKey) {
    let words = |s: &str| -> Vec<String> {
        normalize::tokens(s, Mode::Default)
            .into_iter()
            .map(|t| t.norm)
            .collect()
    };
    match key {
        SortKey::Article => rows.sort_by_key(|r| (r.position, r.start)),
        SortKey::Date => rows.sort_by_key(|r| (r.date.is_none(), r.date, r.position, r.start)),
        SortKey::Left => rows.sort_by_cached_key(|r| {
            let mut w = words(&r.left);
            w.reverse();
            (w, r.position, r.start)
        }),
        SortKey::Right => rows.sort_by_cached_key(|r| (words(&r.right), r.position, r.start)),
    }
}

impl From<QueryError> for SearchError {
    fn from(e: QueryError) -> Self {
        SearchError::Query(e)
    }
}
