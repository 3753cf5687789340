//! The full-text index inside the project file (schema version 3).
//!
//! - `search_docs(doc INTEGER PRIMARY KEY, article TEXT UNIQUE)`: one row per indexed article; `doc` is the rowid of
//!   the article's index row (an explicit INTEGER PRIMARY KEY, so `VACUUM` never renumbers it).
//! - `search_fts`: a *contentless* FTS5 table (`content=''`, `contentless_delete=1`): it stores only the inverted
//!   index, never the text. Column `main` holds the normalised words of the article's content blocks (title, headings,
//!   body), column `extra` those of bylines and boilerplate. Words are normalised in Rust
//!   ([`crate::search::normalize`], loose mode, so one index serves both matching modes) and written space-separated,
//!   so FTS5's `ascii` tokenizer (every non-ASCII char is a token char) sees exactly Khabar's words: a Hindi word is
//!   never split at a vowel sign, virama or nukta. `detail=column`: positions are not stored (phrases and exact
//!   spellings are checked in the article text), which keeps the index small.
//!
//! The index is a candidate filter: hits and their offsets are always found again in the original text. Articles are
//! indexed in the same transaction that imports them or changes their blocks.

use rusqlite::{params, Connection, OptionalExtension};

use super::{Result, Store, StoreError};
use crate::model::{ArticleId, Block};
use crate::search::normalize::{self, Mode};

pub(super) const MIGRATION: &str = r#"
CREATE TABLE search_docs (
    doc INTEGER PRIMARY KEY,
    article TEXT NOT NULL UNIQUE
);
CREATE VIRTUAL TABLE search_fts USING fts5(
    main, extra, content='', contentless_delete=1, tokenize='ascii', detail=column
);
"#;

/// Projects up to this many articles get their index built during the upgrade to format 3; larger ones are indexed
/// by [`Store::index_step`] (the UI's background job, or `khabar index`), and searched without the index meanwhile.
pub const UPGRADE_INDEX_LIMIT: i64 = 2_000;

/// How much of the corpus the index covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct IndexProgress {
    pub done: usize,
    pub total: usize,
}

impl IndexProgress {
    pub fn complete(&self) -> bool {
        self.done >= self.total
    }
}

/// The two index columns of an article: normalised words of content blocks, and of the other blocks.
pub fn doc_columns(text: &str, blocks: &[Block]) -> (String, String) {
    let mut main = String::with_capacity(text.len());
    let mut extra = String::new();
    let mut bi = 0;
    normalize::for_each_word(text, Mode::Loose, |start, norm| {
        while bi + 1 < blocks.len() && blocks[bi].range.end <= start {
            bi += 1;
        }
        let content = blocks.get(bi).is_none_or(|b| b.kind.is_content());
        let col = if content { &mut main } else { &mut extra };
        if !col.is_empty() {
            col.push(' ');
        }
        col.push_str(norm);
    });
    (main, extra)
}

/// Index (or re-index) one article inside the caller's transaction.
pub(super) fn index_article(
    conn: &Connection,
    article: &str,
    text: &str,
    blocks: &[Block],
) -> rusqlite::Result<()> {
    index_columns(conn, article, &doc_columns(text, blocks))
}

/// Store an article's index columns (from [`doc_columns`], which bulk imports compute on every core beforehand).
pub(super) fn index_columns(
    conn: &Connection,
    article: &str,
    (main, extra): &(String, String),
) -> rusqlite::Result<()> {
    let doc: Option<i64> = conn
        .prepare_cached("SELECT doc FROM search_docs WHERE article = ?1")?
        .query_row([article], |r| r.get(0))
        .optional()?;
    let doc = match doc {
        Some(doc) => {
            conn.prepare_cached("DELETE FROM search_fts WHERE rowid = ?1")?
                .execute([doc])?;
            doc
        }
        None => {
            conn.prepare_cached("INSERT INTO search_docs (article) VALUES (?1)")?
                .execute([article])?;
            conn.last_insert_rowid()
        }
    };
    conn.prepare_cached("INSERT INTO search_fts (rowid, main, extra) VALUES (?1, ?2, ?3)")?
        .execute(params![doc, main, extra])?;
    Ok(())
}

/// Re-index an article whose blocks changed (inside the caller's transaction); unindexed articles stay pending.
pub(super) fn reindex_article(conn: &Connection, article: &str) -> rusqlite::Result<()> {
    let indexed: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM search_docs WHERE article = ?1)")?
        .query_row([article], |r| r.get(0))?;
    if !indexed {
        return Ok(());
    }
    let row: Option<(String, String)> = conn
        .prepare_cached("SELECT text, blocks FROM article_texts WHERE id = ?1")?
        .query_row([article], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((text, blocks)) = row {
        let blocks: Vec<Block> = serde_json::from_str(&blocks).unwrap_or_default();
        index_article(conn, article, &text, &blocks)?;
    }
    Ok(())
}

/// During the upgrade to format 3: index every article of a small project.
pub(super) fn index_on_upgrade(conn: &Connection) -> rusqlite::Result<()> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?;
    if n <= UPGRADE_INDEX_LIMIT {
        index_batch(conn, i64::MIN, usize::MAX)?;
    }
    Ok(())
}

/// Index up to `max` unindexed articles with position after `after`; returns the last position looked at and how
/// many were indexed.
fn index_batch(
    conn: &Connection,
    after: i64,
    max: usize,
) -> rusqlite::Result<(Option<i64>, usize)> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.position, a.id, t.text, t.blocks FROM articles a JOIN article_texts t ON t.id = a.id \
         WHERE a.position > ?1 AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.article = a.id) \
         ORDER BY a.position LIMIT ?2",
    )?;
    let rows: Vec<(i64, String, String, String)> = stmt
        .query_map(params![after, max.min(i64::MAX as usize) as i64], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut last = None;
    for (position, id, text, blocks) in &rows {
        let blocks: Vec<Block> = serde_json::from_str(blocks).unwrap_or_default();
        index_article(conn, id, text, &blocks)?;
        last = Some(*position);
    }
    Ok((last, rows.len()))
}

/// Where an incremental index build has got to (the UI keeps one per project while its background job runs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IndexJob {
    after_position: Option<i64>,
}

impl Store {
    fn fts_err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        self.sq()
    }

    /// How many articles the index covers.
    pub fn index_progress(&self) -> Result<IndexProgress> {
        let (done, total): (i64, i64) = self
            .conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM search_docs), (SELECT COUNT(*) FROM articles)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(self.fts_err())?;
        Ok(IndexProgress {
            done: done as usize,
            total: total as usize,
        })
    }

    /// Index up to `max` articles not yet in the index (one transaction) and report progress. Call repeatedly until
    /// [`IndexProgress::complete`]; each call is short, so a background job can interleave it with edits.
    pub fn index_step(&mut self, job: &mut IndexJob, max: usize) -> Result<IndexProgress> {
        self.writable()?;
        let path = self.path.clone();
        let sq = |err| StoreError::Sqlite {
            path: path.clone(),
            err,
        };
        let tx = self.conn.transaction().map_err(sq)?;
        let (last, n) =
            index_batch(&tx, job.after_position.unwrap_or(i64::MIN), max.max(1)).map_err(sq)?;
        tx.commit().map_err(sq)?;
        self.after_commit();
        if let Some(last) = last {
            job.after_position = Some(last);
        }
        let progress = self.index_progress()?;
        if n == 0 && !progress.complete() {
            // Articles added before the job's position after it started: start over from the beginning.
            job.after_position = None;
        }
        Ok(progress)
    }

    /// Empty the index (every article becomes pending; `khabar index --rebuild`).
    pub fn clear_index(&mut self) -> Result<()> {
        self.writable()?;
        self.conn
            .execute_batch(
                "BEGIN; INSERT INTO search_fts (search_fts) VALUES ('delete-all'); DELETE FROM search_docs; COMMIT;",
            )
            .map_err(self.fts_err())?;
        self.after_commit();
        Ok(())
    }

    /// Documents matching an FTS5 expression with `doc > after`, in doc order, at most `limit`.
    pub fn index_candidates(
        &self,
        fts_query: &str,
        after: i64,
        limit: usize,
    ) -> Result<Vec<(i64, ArticleId)>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT d.doc, d.article FROM search_fts f JOIN search_docs d ON d.doc = f.rowid \
                 WHERE search_fts MATCH ?1 AND f.rowid > ?2 ORDER BY f.rowid LIMIT ?3",
            )
            .map_err(self.fts_err())?;
        let rows = stmt
            .query_map(params![fts_query, after, limit as i64], |r| {
                Ok((r.get(0)?, ArticleId(r.get(1)?)))
            })
            .map_err(self.fts_err())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.fts_err())
    }

    /// Whether any indexed document matches an FTS5 expression.
    pub fn index_matches_any(&self, fts_query: &str) -> Result<bool> {
        self.conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH ?1)")
            .and_then(|mut s| s.query_row([fts_query], |r| r.get(0)))
            .map_err(self.fts_err())
    }

    /// The index document of an article, if it is indexed.
    pub fn index_doc(&self, article: &ArticleId) -> Result<Option<i64>> {
        self.conn
            .prepare_cached("SELECT doc FROM search_docs WHERE article = ?1")
            .and_then(|mut s| s.query_row([article.as_str()], |r| r.get(0)).optional())
            .map_err(self.fts_err())
    }

    /// Articles not yet in the index, in corpus order.
    pub fn unindexed_articles(&self) -> Result<Vec<ArticleId>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.article = a.id) \
                 ORDER BY a.position",
            )
            .map_err(self.fts_err())?;
        let rows = stmt
            .query_map([], |r| Ok(ArticleId(r.get(0)?)))
            .map_err(self.fts_err())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.fts_err())
    }

    /// Bytes on disk of the index (its tables and their indexes, whole pages) and of the article texts (UTF-8).
    pub fn index_size(&self) -> Result<(u64, u64)> {
        let index: i64 = self
            .conn
            .query_row(
                "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name LIKE 'search_%' \
                 OR name = 'sqlite_autoindex_search_docs_1'",
                [],
                |r| r.get(0),
            )
            .map_err(self.fts_err())?;
        let text: i64 = self
            .conn
            .query_row(
                "SELECT COALESCE(SUM(length(CAST(text AS BLOB))), 0) FROM article_texts",
                [],
                |r| r.get(0),
            )
            .map_err(self.fts_err())?;
        Ok((index as u64, text as u64))
    }
}
