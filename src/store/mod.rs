//! The project file: one SQLite database (WAL) with the corpus, codebook and annotations. Every edit is one
//! transaction, committed before the UI shows it, so killing the process loses nothing that was on screen.

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use crate::annotate::{Annotation, Code, Edit, Record};
use crate::model::{Article, ArticleId, ArticleMeta, Block};
use crate::timeline::events::Decision;

/// `PRAGMA application_id` of Khabar projects ("KHBR").
pub const APPLICATION_ID: i32 = 0x4b48_4252;
/// Schema version this build writes; files with a larger `user_version` come from a newer Khabar.
pub const SCHEMA_VERSION: i32 = 2;

/// Migrations: entry `i` upgrades a file from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    source TEXT,
    url TEXT,
    published TEXT,
    origin TEXT NOT NULL,
    char_len INTEGER NOT NULL,
    text TEXT NOT NULL,
    blocks TEXT NOT NULL
);
CREATE INDEX articles_position ON articles(position);
CREATE TABLE codes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    color TEXT NOT NULL,
    parent INTEGER,
    shortcut INTEGER,
    is_event INTEGER NOT NULL,
    position INTEGER NOT NULL
);
CREATE TABLE annotations (
    id TEXT PRIMARY KEY,
    article TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    quote TEXT NOT NULL,
    codes TEXT NOT NULL,
    note TEXT NOT NULL,
    creator TEXT NOT NULL,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX annotations_article ON annotations(article, start);
"#,
    // 2: the user's decisions about timeline events (accept/reject, label, category, manual grouping).
    r#"
CREATE TABLE event_decisions (
    candidate TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
"#,
];

#[derive(Debug)]
pub enum StoreError {
    NotKhabar(PathBuf),
    Newer { path: PathBuf, version: i32 },
    Corrupt { path: PathBuf, detail: String },
    Locked(PathBuf),
    Missing(PathBuf),
    Sqlite { path: PathBuf, err: rusqlite::Error },
    Io { path: PathBuf, err: std::io::Error },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotKhabar(p) => write!(f, "{}: not a Khabar project file", p.display()),
            StoreError::Newer { path, version } => write!(
                f,
                "{}: written by a newer Khabar (project format {version}; this version reads up to {SCHEMA_VERSION}). \
                 The file was not changed; update Khabar to open it.",
                path.display()
            ),
            StoreError::Corrupt { path, detail } => {
                write!(f, "{}: the project file is damaged ({detail}); it was not changed", path.display())
            }
            StoreError::Locked(p) => write!(
                f,
                "{}: the project is already open in another Khabar window or process",
                p.display()
            ),
            StoreError::Missing(p) => write!(f, "{}: no such project file", p.display()),
            StoreError::Sqlite { path, err } => write!(f, "{}: {err}", path.display()),
            StoreError::Io { path, err } => write!(f, "{}: {err}", path.display()),
        }
    }
}

impl std::error::Error for StoreError {}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open project file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Held for as long as the project is open: a second process fails to take it.
    _lock: Option<File>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

fn lock_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".lock");
    PathBuf::from(s)
}

fn take_lock(path: &Path) -> Result<File> {
    let lp = lock_path(path);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lp)
        .map_err(|err| StoreError::Io {
            path: lp.clone(),
            err,
        })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Locked(path.to_owned())),
        Err(std::fs::TryLockError::Error(err)) => Err(StoreError::Io { path: lp, err }),
    }
}

impl Store {
    /// Create a new, empty project file (fails if the file exists).
    pub fn create(path: &Path) -> Result<Store> {
        if path.exists() {
            return Err(StoreError::Io {
                path: path.to_owned(),
                err: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "a file with this name exists",
                ),
            });
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|err| StoreError::Io {
                path: dir.to_owned(),
                err,
            })?;
        }
        let lock = take_lock(path)?;
        let conn = Connection::open(path).map_err(|err| StoreError::Sqlite {
            path: path.to_owned(),
            err,
        })?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            _lock: Some(lock),
        };
        store.init_new()?;
        Ok(store)
    }

    /// A project that lives in memory only (tests, benchmarks).
    pub fn in_memory() -> Store {
        let conn = Connection::open_in_memory().expect("SQLite opens an in-memory database");
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            _lock: None,
        };
        store
            .init_new()
            .expect("a fresh in-memory database takes the schema");
        store
    }

    /// Open an existing project. The file is checked before anything is written to it: a file that is not a Khabar
    /// project, is damaged or comes from a newer version is left exactly as it was.
    pub fn open(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        let sq = |err| StoreError::Sqlite {
            path: path.to_owned(),
            err,
        };
        {
            // Read-only look first.
            let ro = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|_| StoreError::NotKhabar(path.to_owned()))?;
            let app_id: i32 = ro
                .query_row("PRAGMA application_id", [], |r| r.get(0))
                .map_err(|_| StoreError::NotKhabar(path.to_owned()))?;
            if app_id != APPLICATION_ID {
                return Err(StoreError::NotKhabar(path.to_owned()));
            }
            let version: i32 = ro
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(sq)?;
            if version > SCHEMA_VERSION {
                return Err(StoreError::Newer {
                    path: path.to_owned(),
                    version,
                });
            }
            let check: String = ro
                .query_row("PRAGMA quick_check", [], |r| r.get(0))
                .map_err(|e| StoreError::Corrupt {
                    path: path.to_owned(),
                    detail: e.to_string(),
                })?;
            if check != "ok" {
                return Err(StoreError::Corrupt {
                    path: path.to_owned(),
                    detail: check,
                });
            }
        }
        let lock = take_lock(path)?;
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(sq)?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            _lock: Some(lock),
        };
        store.configure()?;
        store.migrate()?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sq(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |err| StoreError::Sqlite {
            path: self.path.clone(),
            err,
        }
    }

    fn configure(&mut self) -> Result<()> {
        // WAL: readers never block the writer; synchronous=FULL: a commit is on disk before we return.
        self.conn
            .execute_batch(
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
            )
            .map_err(self.sq())
    }

    fn init_new(&mut self) -> Result<()> {
        self.configure()?;
        self.conn
            .execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))
            .map_err(self.sq())?;
        self.migrate()
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(self.sq())?;
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|err| StoreError::Sqlite {
            path: path.clone(),
            err,
        })?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql).map_err(|err| StoreError::Sqlite {
                path: path.clone(),
                err,
            })?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
                .map_err(|err| StoreError::Sqlite {
                    path: path.clone(),
                    err,
                })?;
        }
        tx.commit().map_err(|err| StoreError::Sqlite { path, err })
    }

    // ---- reading ----

    pub fn article_metas(&self) -> Result<Vec<ArticleMeta>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, title, source, url, published, origin, char_len FROM articles ORDER BY position, rowid",
            )
            .map_err(self.sq())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ArticleMeta {
                    id: ArticleId(r.get(0)?),
                    title: r.get(1)?,
                    source: r.get(2)?,
                    url: r.get(3)?,
                    published: r
                        .get::<_, Option<String>>(4)?
                        .and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()),
                    origin: r.get(5)?,
                    char_len: r.get::<_, i64>(6)? as usize,
                })
            })
            .map_err(self.sq())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.sq())
    }

    /// Load an article's text and blocks.
    pub fn load_article(&self, meta: &ArticleMeta) -> Result<Option<Article>> {
        Ok(self
            .load_text_and_blocks(meta)?
            .map(|(text, blocks)| Article::from_parts(meta.clone(), text, blocks)))
    }

    /// An article's text and blocks without building its index (for bulk work such as dating the corpus).
    pub fn load_text_and_blocks(&self, meta: &ArticleMeta) -> Result<Option<(String, Vec<Block>)>> {
        let row: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT text, blocks FROM articles WHERE id = ?1",
                [meta.id.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(self.sq())?;
        let Some((text, blocks)) = row else {
            return Ok(None);
        };
        let blocks: Vec<Block> =
            serde_json::from_str(&blocks).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("blocks of article {}: {e}", meta.id),
            })?;
        Ok(Some((text, blocks)))
    }

    pub fn codes(&self) -> Result<Vec<Code>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, color, parent, shortcut, is_event, position FROM codes ORDER BY position, id")
            .map_err(self.sq())?;
        let rows = stmt
            .query_map([], |r| {
                let color: String = r.get(2)?;
                Ok(Code {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    color: parse_hex_color(&color).unwrap_or([0x80, 0x80, 0x80]),
                    parent: r.get(3)?,
                    shortcut: r.get::<_, Option<i64>>(4)?.map(|s| s as u8),
                    is_event: r.get(5)?,
                    position: r.get(6)?,
                })
            })
            .map_err(self.sq())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.sq())
    }

    pub fn decisions(&self) -> Result<Vec<Decision>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT candidate, data FROM event_decisions ORDER BY candidate")
            .map_err(self.sq())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .map_err(self.sq())?;
        let mut out = Vec::new();
        for row in rows {
            let (candidate, data) = row.map_err(self.sq())?;
            let d: Decision = serde_json::from_str(&data).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("event decision {candidate}: {e}"),
            })?;
            out.push(d);
        }
        Ok(out)
    }

    pub fn annotations(&self) -> Result<Vec<Annotation>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, article, start, end, quote, codes, note, creator, created, modified FROM annotations \
                 ORDER BY article, start, end, id",
            )
            .map_err(self.sq())?;
        let path = self.path.clone();
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                    r.get::<_, i64>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                ))
            })
            .map_err(self.sq())?;
        let mut out = Vec::new();
        for row in rows {
            let (id, article, start, end, quote, codes, note, creator, created, modified) =
                row.map_err(self.sq())?;
            let corrupt = |what: &str| StoreError::Corrupt {
                path: path.clone(),
                detail: format!("annotation {id}: bad {what}"),
            };
            out.push(Annotation {
                id: uuid::Uuid::parse_str(&id).map_err(|_| corrupt("id"))?,
                article: ArticleId(article),
                start: start as usize,
                end: end as usize,
                quote,
                codes: serde_json::from_str(&codes).map_err(|_| corrupt("codes"))?,
                note,
                creator,
                created: created.parse().map_err(|_| corrupt("created time"))?,
                modified: modified.parse().map_err(|_| corrupt("modified time"))?,
            });
        }
        Ok(out)
    }

    // ---- writing ----

    /// Write a copy of the whole project to `target` (which must not exist), consistent as of now.
    pub fn save_as(&self, target: &Path) -> Result<()> {
        if target.exists() {
            return Err(StoreError::Io {
                path: target.to_owned(),
                err: std::io::Error::new(
                    std::io::ErrorKind::AlreadyExists,
                    "a file with this name exists",
                ),
            });
        }
        let target_str = target.to_str().ok_or_else(|| StoreError::Io {
            path: target.to_owned(),
            err: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the path is not valid UTF-8",
            ),
        })?;
        self.conn
            .execute("VACUUM INTO ?1", [target_str])
            .map(|_| ())
            .map_err(|err| StoreError::Sqlite {
                path: target.to_owned(),
                err,
            })
    }

    /// Add articles (an import) in one transaction, after the existing ones.
    pub fn add_articles(&mut self, articles: &[Article]) -> Result<()> {
        let path = self.path.clone();
        let sq = |err| StoreError::Sqlite {
            path: path.clone(),
            err,
        };
        let tx = self.conn.transaction().map_err(sq)?;
        let mut position: i64 = tx
            .query_row(
                "SELECT COALESCE(MAX(position), -1) FROM articles",
                [],
                |r| r.get(0),
            )
            .map_err(sq)?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR IGNORE INTO articles (id, position, title, source, url, published, origin, char_len, text, blocks) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )
                .map_err(sq)?;
            for a in articles {
                position += 1;
                let blocks = serde_json::to_string(&a.blocks).expect("blocks serialise");
                stmt.execute(params![
                    a.meta.id.as_str(),
                    position,
                    a.meta.title,
                    a.meta.source,
                    a.meta.url,
                    a.meta.published.map(|d| d.to_string()),
                    a.meta.origin,
                    a.meta.char_len as i64,
                    a.text,
                    blocks
                ])
                .map_err(sq)?;
            }
        }
        tx.commit().map_err(sq)
    }

    /// Apply an edit in one transaction: all of it or nothing.
    pub fn apply(&mut self, edit: &Edit) -> Result<()> {
        let path = self.path.clone();
        let sq = |err| StoreError::Sqlite {
            path: path.clone(),
            err,
        };
        let tx = self.conn.transaction().map_err(sq)?;
        for change in &edit.changes {
            match (&change.before, &change.after) {
                (_, Some(after)) => put(&tx, after).map_err(sq)?,
                (Some(before), None) => remove(&tx, before).map_err(sq)?,
                (None, None) => {}
            }
        }
        tx.commit().map_err(sq)
    }
}

fn put(tx: &rusqlite::Transaction<'_>, record: &Record) -> rusqlite::Result<()> {
    match record {
        Record::Annotation(a) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO annotations (id, article, start, end, quote, codes, note, creator, created, modified) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                a.id.to_string(),
                a.article.as_str(),
                a.start as i64,
                a.end as i64,
                a.quote,
                serde_json::to_string(&a.codes).expect("code ids serialise"),
                a.note,
                a.creator,
                a.created.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                a.modified.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            ])?;
        }
        Record::Code(c) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO codes (id, name, color, parent, shortcut, is_event, position) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                c.id,
                c.name,
                hex_color(c.color),
                c.parent,
                c.shortcut.map(i64::from),
                c.is_event,
                c.position
            ])?;
        }
        Record::Block {
            article,
            index,
            block,
        } => {
            let blocks: Option<String> = tx
                .query_row(
                    "SELECT blocks FROM articles WHERE id = ?1",
                    [article.as_str()],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(blocks) = blocks {
                let mut blocks: Vec<Block> = serde_json::from_str(&blocks).unwrap_or_default();
                if let Some(slot) = blocks.get_mut(*index) {
                    *slot = block.clone();
                    tx.execute(
                        "UPDATE articles SET blocks = ?1 WHERE id = ?2",
                        params![
                            serde_json::to_string(&blocks).expect("blocks serialise"),
                            article.as_str()
                        ],
                    )?;
                }
            }
        }
        Record::Decision(d) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO event_decisions (candidate, data) VALUES (?1, ?2)",
            )?
            .execute(params![
                d.candidate,
                serde_json::to_string(d).expect("decisions serialise")
            ])?;
        }
        Record::Meta(m) => {
            tx.execute(
                "UPDATE articles SET title = ?1, source = ?2, url = ?3, published = ?4 WHERE id = ?5",
                params![m.title, m.source, m.url, m.published.map(|d| d.to_string()), m.id.as_str()],
            )?;
        }
    }
    Ok(())
}

fn remove(tx: &rusqlite::Transaction<'_>, record: &Record) -> rusqlite::Result<()> {
    match record {
        Record::Annotation(a) => {
            tx.execute("DELETE FROM annotations WHERE id = ?1", [a.id.to_string()])?;
        }
        Record::Code(c) => {
            tx.execute("DELETE FROM codes WHERE id = ?1", [c.id])?;
        }
        Record::Decision(d) => {
            tx.execute(
                "DELETE FROM event_decisions WHERE candidate = ?1",
                [&d.candidate],
            )?;
        }
        // Blocks and metadata are never removed on their own: they go with their article.
        Record::Block { .. } | Record::Meta(_) => {}
    }
    Ok(())
}

pub fn hex_color(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

pub fn parse_hex_color(s: &str) -> Option<[u8; 3]> {
    let s = s.strip_prefix('#')?;
    if s.len() != 6 || !s.is_ascii() {
        return None;
    }
    let p = |i: usize| u8::from_str_radix(&s[i..i + 2], 16).ok();
    Some([p(0)?, p(2)?, p(4)?])
}
