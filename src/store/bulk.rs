//! An import written in one transaction, batch by batch, with its undo kept beside the project file rather than in
//! memory: temporary tables of the connection list the annotations each import of the session created (and hold
//! those of an undone import for its redo). Memory stays that of one batch, whatever the import's size; the tables
//! live as long as the connection, as the undo history does.

use std::sync::atomic::{AtomicI64, Ordering};

use rusqlite::{params, OptionalExtension};
use uuid::Uuid;

use super::{numbered_rows, sync, write_changes, Result, Store, StoreError, ANNOTATION_SELECT};
use crate::annotate::{Annotation, Change, Code, Record};
use crate::model::ArticleId;

/// The temporary tables (on disk, not in memory: an undone import of a million annotations waits there).
const TEMP_TABLES: &str = "
PRAGMA temp_store = FILE;
CREATE TEMP TABLE import_rows (
    import INTEGER NOT NULL,
    id TEXT NOT NULL,
    PRIMARY KEY (import, id)
) WITHOUT ROWID;
-- The annotations table's own columns, after the import's number: its shape is not written twice.
CREATE TEMP TABLE import_undone AS SELECT 0 AS import, * FROM main.annotations WHERE 0;
CREATE INDEX temp.import_undone_ids ON import_undone (import, id);
";

/// Imports are numbered across the process, so two never share a number on one connection.
static NEXT_IMPORT: AtomicI64 = AtomicI64::new(1);

/// Rows of the import's list written by one statement.
const ROWS_PER_STATEMENT: usize = 512;

/// How many annotations a team project's undo or redo reads at a time to record for the server.
const TEAM_BATCH: i64 = 1024;

/// The annotations of an import per article: how many each article gained or lost.
pub type ArticleCounts = Vec<(ArticleId, usize)>;

impl Store {
    /// Begin writing an import: everything up to [`Store::import_commit`] (or [`Store::import_rollback`]) is one
    /// transaction. Returns the import's number.
    pub fn import_begin(&mut self) -> Result<i64> {
        self.writable()?;
        let sq = self.sq();
        if !self.conn.is_autocommit() {
            return Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: "an import began inside another transaction".into(),
            });
        }
        let ready: bool = self
            .conn
            .query_row(
                "SELECT count(*) FROM temp.sqlite_master WHERE name = 'import_rows'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(&sq)?
            > 0;
        if !ready {
            self.conn.execute_batch(TEMP_TABLES).map_err(&sq)?;
        }
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(&sq)?;
        Ok(NEXT_IMPORT.fetch_add(1, Ordering::Relaxed))
    }

    /// Write a batch of an import's creations (codes and annotations, in order); the annotations are remembered
    /// as the import's. In a team project they are also recorded for the server, in the same transaction.
    pub fn import_write(&mut self, import: i64, changes: &[Change]) -> Result<()> {
        let path = self.path.clone();
        let sq = |err| StoreError::Sqlite {
            path: path.clone(),
            err,
        };
        write_changes(&self.conn, self.team.as_mut(), changes).map_err(sq)?;
        let ids: Vec<String> = changes
            .iter()
            .filter_map(|c| match &c.after {
                Some(Record::Annotation(a)) => Some(a.id.to_string()),
                _ => None,
            })
            .collect();
        // Many rows a statement, as for the annotations themselves.
        for chunk in ids.chunks(ROWS_PER_STATEMENT) {
            let sql = format!(
                "INSERT OR IGNORE INTO temp.import_rows (import, id) VALUES {}",
                numbered_rows(chunk.len(), 2)
            );
            let rows = chunk.iter().flat_map(|id| {
                [
                    rusqlite::types::Value::Integer(import),
                    rusqlite::types::Value::Text(id.clone()),
                ]
            });
            self.conn
                .prepare_cached(&sql)
                .and_then(|mut s| s.execute(rusqlite::params_from_iter(rows)))
                .map_err(sq)?;
        }
        Ok(())
    }

    /// Whether this import has written the annotation `id` (a second annotation with that id in the file then
    /// gets a new id).
    pub fn import_wrote(&self, import: i64, id: &Uuid) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM temp.import_rows WHERE import = ?1 AND id = ?2")
            .and_then(|mut s| {
                s.query_row(params![import, id.to_string()], |_| Ok(()))
                    .optional()
            })
            .map_err(self.sq())?
            .is_some())
    }

    /// Make the import durable.
    pub fn import_commit(&mut self) -> Result<()> {
        self.conn.execute_batch("COMMIT").map_err(self.sq())?;
        self.after_commit();
        Ok(())
    }

    /// Give the import up: the file is as before it began.
    pub fn import_rollback(&mut self) {
        if !self.conn.is_autocommit() {
            if let Err(e) = self.conn.execute_batch("ROLLBACK") {
                log::warn!(
                    "{}: rolling an import back failed: {e}",
                    self.path.display()
                );
            }
        }
    }

    /// Undo an import, in one transaction: its annotations move aside (for a redo) and the codes it created go.
    /// Returns how many annotations each article lost.
    pub fn import_undo(&mut self, import: i64, codes: &[Code]) -> Result<ArticleCounts> {
        self.in_transaction(|store| {
            let sq = store.sq();
            let lost = counts(
                &store.conn,
                "SELECT n.article, count(*) FROM annotations n \
                 WHERE n.id IN (SELECT id FROM temp.import_rows WHERE import = ?1) GROUP BY n.article",
                import,
            )
            .map_err(&sq)?;
            drop(sq);
            if store.team.is_some() {
                store.record_in_batches(import, Change::delete)?;
            }
            let sq = store.sq();
            store
                .conn
                .execute("DELETE FROM temp.import_undone WHERE import = ?1", [import])
                .map_err(&sq)?;
            store
                .conn
                .execute(
                    "INSERT INTO temp.import_undone SELECT ?1, * FROM annotations \
                     WHERE id IN (SELECT id FROM temp.import_rows WHERE import = ?1)",
                    [import],
                )
                .map_err(&sq)?;
            store
                .conn
                .execute(
                    "DELETE FROM annotations WHERE id IN (SELECT id FROM temp.import_rows WHERE import = ?1)",
                    [import],
                )
                .map_err(&sq)?;
            let code_changes: Vec<Change> = codes
                .iter()
                .rev()
                .map(|c| Change::delete(Record::Code(c.clone())))
                .collect();
            drop(sq);
            write_changes(&store.conn, store.team.as_mut(), &code_changes).map_err(store.sq())?;
            Ok(lost)
        })
    }

    /// Redo an undone import, in one transaction: its codes first, then its annotations back. Returns how many
    /// annotations each article gained.
    pub fn import_redo(&mut self, import: i64, codes: &[Code]) -> Result<ArticleCounts> {
        self.in_transaction(|store| {
            let code_changes: Vec<Change> = codes
                .iter()
                .map(|c| Change::create(Record::Code(c.clone())))
                .collect();
            write_changes(&store.conn, store.team.as_mut(), &code_changes).map_err(store.sq())?;
            let sq = store.sq();
            let gained = counts(
                &store.conn,
                "SELECT article, count(*) FROM temp.import_undone WHERE import = ?1 GROUP BY article",
                import,
            )
            .map_err(&sq)?;
            // `WHERE true`: SQLite's parser then reads ON CONFLICT as the insert's, not as part of the select.
            store
                .conn
                .execute(
                    "INSERT INTO annotations (id, article, start, end, quote, codes, note, creator, created, \
                     modified) SELECT id, article, start, end, quote, codes, note, creator, created, modified \
                     FROM temp.import_undone WHERE import = ?1 AND true \
                     ON CONFLICT(id) DO UPDATE SET article = excluded.article, start = excluded.start, \
                     end = excluded.end, quote = excluded.quote, codes = excluded.codes, note = excluded.note, \
                     creator = excluded.creator, created = excluded.created, modified = excluded.modified",
                    [import],
                )
                .map_err(&sq)?;
            store
                .conn
                .execute("DELETE FROM temp.import_undone WHERE import = ?1", [import])
                .map_err(&sq)?;
            drop(sq);
            if store.team.is_some() {
                store.record_in_batches(import, Change::create)?;
            }
            Ok(gained)
        })
    }

    /// Run `f` in one transaction: committed when it returns Ok, rolled back when it fails.
    fn in_transaction<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.writable()?;
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .map_err(self.sq())?;
        match f(self) {
            Ok(v) => {
                self.import_commit()?;
                Ok(v)
            }
            Err(e) => {
                self.import_rollback();
                Err(e)
            }
        }
    }

    /// In a team project, record changes for the server (within the caller's transaction).
    fn record_local(&mut self, changes: &[Change]) -> Result<()> {
        let path = self.path.clone();
        if let Some(team) = self.team.as_mut() {
            sync::record_local(&self.conn, team, changes)
                .map_err(|err| StoreError::Sqlite { path, err })?;
        }
        Ok(())
    }

    /// The import will not be undone or redone again: drop what the temporary tables hold of it.
    pub fn import_forget(&mut self, import: i64) {
        for sql in [
            "DELETE FROM temp.import_rows WHERE import = ?1",
            "DELETE FROM temp.import_undone WHERE import = ?1",
        ] {
            if let Err(e) = self.conn.execute(sql, [import]) {
                // Only space is lost: the tables go with the connection.
                log::warn!("{}: forgetting an import: {e}", self.path.display());
            }
        }
    }

    /// Record, for the server, a change for each annotation the import lists, a batch at a time (by id), within
    /// the caller's transaction.
    fn record_in_batches(&mut self, import: i64, change: fn(Record) -> Change) -> Result<()> {
        let paged = format!(
            "{ANNOTATION_SELECT} WHERE n.id IN (SELECT id FROM temp.import_rows WHERE import = ?1) \
             AND n.id > ?2 ORDER BY n.id LIMIT {TEAM_BATCH}"
        );
        let mut after = String::new();
        loop {
            let batch: Vec<Annotation> = {
                let mut stmt = self.conn.prepare_cached(&paged).map_err(self.sq())?;
                let mut rows = stmt.query(params![import, after]).map_err(self.sq())?;
                let mut batch = Vec::new();
                while let Some(row) = rows.next().map_err(self.sq())? {
                    batch.push(self.annotation_from_row(row)?);
                }
                batch
            };
            let Some(last) = batch.last() else {
                return Ok(());
            };
            after = last.id.to_string();
            let changes: Vec<Change> = batch
                .into_iter()
                .map(|a| change(Record::Annotation(a)))
                .collect();
            self.record_local(&changes)?;
        }
    }
}

/// `(article, count)` rows of a query with the import as `?1`.
fn counts(conn: &rusqlite::Connection, sql: &str, import: i64) -> rusqlite::Result<ArticleCounts> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([import], |r| {
        Ok((ArticleId(r.get(0)?), r.get::<_, i64>(1)?.max(0) as usize))
    })?;
    rows.collect()
}
