//! The project file: one SQLite database (WAL) with the corpus, codebook and annotations. Every edit is one
//! transaction, committed before the UI shows it, so killing the process loses nothing that was on screen.

use std::fmt;
use std::fs::File;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

use crate::annotate::decision::Decision;
use crate::annotate::{Annotation, Code, Edit, Record};
use crate::model::{Article, ArticleId, ArticleMeta, Block, PageDetails};

/// `PRAGMA application_id` of Khabar projects ("KHBR").
pub const APPLICATION_ID: i32 = 0x4b48_4252;
/// Schema version this build writes; files with a larger `user_version` come from a newer Khabar.
pub const SCHEMA_VERSION: i32 = 9;

/// The columns [`Store::annotation_from_row`] reads: an annotation and the length of its article (NULL when the
/// article is missing), to check the one against the other.
pub(crate) const ANNOTATION_SELECT: &str =
    "SELECT n.id, n.article, n.start, n.end, n.quote, n.codes, n.note, n.creator, \
     n.created, n.modified, (SELECT a.char_len FROM articles a WHERE a.id = n.article) FROM annotations n";

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
    // 3: the full-text index (see `fts`).
    fts::MIGRATION,
    // 4: texts apart from the article list, so that reading the list (at every open) does not read the texts: in
    // one table, each row's text filled its own page, and listing 100,000 articles read the whole corpus.
    r#"
CREATE TABLE article_texts (
    id TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    blocks TEXT NOT NULL
);
INSERT INTO article_texts (id, text, blocks) SELECT id, text, blocks FROM articles;
ALTER TABLE articles DROP COLUMN text;
ALTER TABLE articles DROP COLUMN blocks;
-- How many annotations each article has, kept by the file itself: the open reads the counts with the list instead
-- of counting the annotations.
ALTER TABLE articles ADD COLUMN annotations INTEGER NOT NULL DEFAULT 0;
UPDATE articles SET annotations = (SELECT COUNT(*) FROM annotations n WHERE n.article = articles.id);
CREATE TRIGGER annotation_counted AFTER INSERT ON annotations BEGIN
    UPDATE articles SET annotations = annotations + 1 WHERE id = NEW.article;
END;
CREATE TRIGGER annotation_uncounted AFTER DELETE ON annotations BEGIN
    UPDATE articles SET annotations = annotations - 1 WHERE id = OLD.article;
END;
CREATE TRIGGER annotation_moved AFTER UPDATE OF article ON annotations WHEN OLD.article IS NOT NEW.article BEGIN
    UPDATE articles SET annotations = annotations - 1 WHERE id = OLD.article;
    UPDATE articles SET annotations = annotations + 1 WHERE id = NEW.article;
END;
"#,
    // 5: what the timeline's tagger found in each article (compressed), so that a reopen does not date the corpus
    // again; a change of an article's blocks or publication date drops its row (the tagger reads nothing else).
    r#"
CREATE TABLE article_dates (
    id TEXT PRIMARY KEY,
    tagger INTEGER NOT NULL,
    data BLOB NOT NULL
);
CREATE TRIGGER article_dates_blocks AFTER UPDATE OF blocks ON article_texts
WHEN OLD.blocks IS NOT NEW.blocks BEGIN
    DELETE FROM article_dates WHERE id = OLD.id;
END;
CREATE TRIGGER article_dates_published AFTER UPDATE OF published ON articles
WHEN OLD.published IS NOT NEW.published BEGIN
    DELETE FROM article_dates WHERE id = OLD.id;
END;
CREATE TRIGGER article_dates_gone AFTER DELETE ON articles BEGIN
    DELETE FROM article_dates WHERE id = OLD.id;
END;
"#,
    // 6: what a web page told about an imported article beyond the list's columns (modification date, author,
    // canonical URL, language, fetch time, and which part of the page each field came from), as JSON; and the
    // feeds the user follows.
    // (IF NOT EXISTS: a file faked down to an older format by dropping that format's tables still has these.)
    r#"
CREATE TABLE IF NOT EXISTS article_details (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    title TEXT,
    added TEXT NOT NULL,
    refreshed TEXT
);
"#,
    // 7: team projects (see `sync`): the merged state of every shared record with its field stamps, the history of
    // values that lost a merge, the local changes not yet acknowledged by the server, the shared UUIDs of codes, and
    // the team settings (server without password, user, replica, clock, last server sequence seen).
    sync::MIGRATION,
    // 8: how many times stored dates went stale (an article's text, blocks or publication date changed, or an
    // article went): the timeline keeps what it tagged only while the count is what it was when the text was read.
    // Before, each kept row was checked against its article's blocks, which lie after the text in the row: keeping
    // 100,000 articles' dates read the whole corpus a second time. (IF NOT EXISTS, as in 6: a file faked down to
    // an older format still has the table.)
    r#"
CREATE TABLE IF NOT EXISTS dates_epoch (n INTEGER NOT NULL);
INSERT INTO dates_epoch (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM dates_epoch);
DROP TRIGGER IF EXISTS article_dates_blocks;
DROP TRIGGER IF EXISTS article_dates_published;
DROP TRIGGER IF EXISTS article_dates_gone;
CREATE TRIGGER article_dates_blocks AFTER UPDATE OF text, blocks ON article_texts
WHEN OLD.blocks IS NOT NEW.blocks OR OLD.text IS NOT NEW.text BEGIN
    DELETE FROM article_dates WHERE id = OLD.id;
    UPDATE dates_epoch SET n = n + 1;
END;
CREATE TRIGGER article_dates_published AFTER UPDATE OF published ON articles
WHEN OLD.published IS NOT NEW.published BEGIN
    DELETE FROM article_dates WHERE id = OLD.id;
    UPDATE dates_epoch SET n = n + 1;
END;
CREATE TRIGGER article_dates_gone AFTER DELETE ON articles BEGIN
    DELETE FROM article_dates WHERE id = OLD.id;
    UPDATE dates_epoch SET n = n + 1;
END;
"#,
    // 9: which article went stale at which count: a row tagged before the count moved is refused only when its own
    // article changed since. With the count alone, one edit while 100,000 articles were being dated refused every
    // row read before it (the window keeps what it found once the events are shown, seconds later).
    r#"
CREATE TABLE IF NOT EXISTS dates_stale (id TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
DROP TRIGGER IF EXISTS article_dates_blocks;
DROP TRIGGER IF EXISTS article_dates_published;
DROP TRIGGER IF EXISTS article_dates_gone;
CREATE TRIGGER article_dates_blocks AFTER UPDATE OF text, blocks ON article_texts
WHEN OLD.blocks IS NOT NEW.blocks OR OLD.text IS NOT NEW.text BEGIN
    DELETE FROM article_dates WHERE id = OLD.id;
    UPDATE dates_epoch SET n = n + 1;
    INSERT OR REPLACE INTO dates_stale (id, n) SELECT OLD.id, n FROM dates_epoch;
END;
CREATE TRIGGER article_dates_published AFTER UPDATE OF published ON articles
WHEN OLD.published IS NOT NEW.published BEGIN
    DELETE FROM article_dates WHERE id = OLD.id;
    UPDATE dates_epoch SET n = n + 1;
    INSERT OR REPLACE INTO dates_stale (id, n) SELECT OLD.id, n FROM dates_epoch;
END;
CREATE TRIGGER article_dates_gone AFTER DELETE ON articles BEGIN
    DELETE FROM article_dates WHERE id = OLD.id;
    UPDATE dates_epoch SET n = n + 1;
    INSERT OR REPLACE INTO dates_stale (id, n) SELECT OLD.id, n FROM dates_epoch;
END;
"#,
];

mod bulk;
pub mod file;
pub mod fts;
pub mod sync;

pub use file::is_project_file;
pub use fts::{IndexJob, IndexProgress};

/// Tables each schema version adds (a file claiming a version must have those of every version up to it; version 0
/// has none). No version drops a table.
const TABLES_ADDED: &[&[&str]] = &[
    &[],
    &["annotations", "articles", "codes"],
    &["event_decisions"],
    &["search_docs", "search_fts"],
    &["article_texts"],
    &["article_dates"],
    &["article_details", "feeds"],
    &[
        "sync_code_ids",
        "sync_history",
        "sync_outbox",
        "sync_records",
        "sync_state",
    ],
    &["dates_epoch"],
    &["dates_stale"],
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}: not a Khabar project file", .0.display())]
    NotKhabar(PathBuf),
    #[error(
        "{}: written by a newer Khabar (project format {version}; this version reads up to {SCHEMA_VERSION}). \
         The file was not changed; update Khabar to open it.",
        path.display()
    )]
    Newer { path: PathBuf, version: i32 },
    #[error("{}: the project file is damaged ({detail}); it was not changed", path.display())]
    Corrupt { path: PathBuf, detail: String },
    #[error("{}: the project is already open in another Khabar window or process", .0.display())]
    Locked(PathBuf),
    #[error(
        "{}: the project is open for writing in another Khabar under another name of the same file (a hard \
         link); read it through that name, or close it first",
        .0.display()
    )]
    OpenThroughOtherName(PathBuf),
    #[error("{}: no such project file", .0.display())]
    Missing(PathBuf),
    #[error("{}: is a folder, not a project file", .0.display())]
    IsFolder(PathBuf),
    #[error("{}: not a regular file (a pipe, device or socket cannot hold a project)", .0.display())]
    NotRegular(PathBuf),
    #[error("{}: the folder {} does not exist", path.display(), dir.display())]
    NoFolder { path: PathBuf, dir: PathBuf },
    #[error(
        "{}: the folder {} is read-only; Khabar writes its journal beside the project, so it cannot open it \
         for editing (copy the project to a writable folder)",
        path.display(),
        dir.display()
    )]
    ReadOnlyFolder { path: PathBuf, dir: PathBuf },
    #[error("{}: the file is read-only; make it writable to edit the project", .0.display())]
    ReadOnlyFile(PathBuf),
    #[error("{}: a file with this name exists", .0.display())]
    Exists(PathBuf),
    #[error("{}: opened read-only (another Khabar is editing it); nothing was changed", .0.display())]
    ReadOnly(PathBuf),
    #[error("{}: cannot upgrade the project from format {from}: {err}; it was not changed", path.display())]
    Upgrade {
        path: PathBuf,
        from: i32,
        err: rusqlite::Error,
    },
    #[error("{}: {err}", path.display())]
    Sqlite { path: PathBuf, err: rusqlite::Error },
    #[error("{}: {err}", path.display())]
    Io { path: PathBuf, err: std::io::Error },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// A followed feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedRow {
    pub url: String,
    pub title: Option<String>,
    /// RFC 3339 times.
    pub added: String,
    pub refreshed: Option<String>,
}

/// A SQLite error while reading `path`: damage SQLite finds in the file (only the parts an open reads are checked
/// at open) is reported as damage.
fn sqlite_error(path: &Path, err: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
    match err.sqlite_error_code() {
        Some(DatabaseCorrupt | NotADatabase) => StoreError::Corrupt {
            path: path.to_owned(),
            detail: err.to_string(),
        },
        _ => StoreError::Sqlite {
            path: path.to_owned(),
            err,
        },
    }
}

/// How a project file is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// The one writer: holds an exclusive lock on the file for as long as it is open.
    Write,
    /// A reader (listing, export, timeline from the command line): allowed while a writer has the file open.
    Read,
}

/// What the timeline's tagger found in one article, packed, with the stale-dates count when its text was read
/// (see [`Store::put_dates`]).
pub struct DatesRow {
    pub id: ArticleId,
    pub data: Vec<u8>,
    /// [`DatingText::epoch`] of what was tagged.
    pub epoch: i64,
}

/// What the timeline's tagger reads of an article, read at one moment: the text (unchecked bytes: checking is
/// left to the thread that tags it, see [`check_text_and_blocks`]), the blocks as stored (JSON), the publication
/// date, and how many times stored dates had gone stale by then.
pub struct DatingText {
    pub text: Vec<u8>,
    pub blocks_json: String,
    pub published: Option<chrono::NaiveDate>,
    pub epoch: i64,
}

/// Parse an article's stored blocks and check them and its text against its record, in the file at `path` (a damaged
/// file is an error, not a panic later).
pub fn check_text_and_blocks(
    path: &Path,
    meta: &ArticleMeta,
    text: String,
    blocks: &str,
) -> Result<(String, Vec<Block>)> {
    let corrupt = |detail: String| StoreError::Corrupt {
        path: path.to_owned(),
        detail: format!("article {}: {detail}", meta.id),
    };
    let blocks: Vec<Block> =
        serde_json::from_str(blocks).map_err(|e| corrupt(format!("blocks: {e}")))?;
    let n = text.chars().count();
    if n != meta.char_len {
        return Err(corrupt(format!(
            "its text has {n} characters, its record says {}",
            meta.char_len
        )));
    }
    if let Some(b) = blocks.iter().find(|b| {
        b.range.start > b.range.end
            || b.range.end > n
            || b.content.start > b.content.end
            || b.content.start < b.range.start
            || b.content.end > b.range.end
    }) {
        return Err(corrupt(format!(
            "a block at {}..{} lies outside its text",
            b.range.start, b.range.end
        )));
    }
    Ok((text, blocks))
}

/// A publication date as the article list stores it (`YYYY-MM-DD`); anything else reads as none.
fn parse_published(stored: Option<String>) -> Option<chrono::NaiveDate> {
    stored.and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

/// An open project file.
pub struct Store {
    conn: Connection,
    /// The path as given (messages, recent projects).
    path: PathBuf,
    access: Access,
    /// The file has several names (hard links): SQLite's write-ahead log lives beside one of them only, so every
    /// commit is checkpointed into the file itself and the log emptied; a crash then leaves nothing behind that
    /// another name would miss.
    checkpoint_each_commit: bool,
    /// Held for as long as the project is open (declared after `conn`, so it is released after SQLite closed the
    /// file): exclusive for the writer, shared for a reader of a file nobody writes.
    _lock: Option<File>,
    /// A team project's clock and user (None for a project of one): every edit is then also recorded for sync.
    team: Option<sync::TeamClock>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("access", &self.access)
            .finish()
    }
}

impl Store {
    /// Create a new project file (fails if anything exists at `path`, or its folder does not). The file is built
    /// under a temporary name, `init` fills it, and only then does it appear under `path`: a crash during creation
    /// never leaves a half-made project.
    pub fn create(path: &Path, init: impl FnOnce(&mut Store) -> Result<()>) -> Result<Store> {
        if path.symlink_metadata().is_ok() {
            return Err(StoreError::Exists(path.to_owned()));
        }
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(StoreError::NoFolder {
                path: path.to_owned(),
                dir,
            });
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| StoreError::NotRegular(path.to_owned()))?;
        let tmp = dir.join(format!(".{name}.{}.creating", std::process::id()));
        remove_with_journals(&tmp);
        let built = (|| {
            let conn = Connection::open(&tmp).map_err(|err| match err {
                rusqlite::Error::SqliteFailure(e, _)
                    if e.code == rusqlite::ErrorCode::CannotOpen =>
                {
                    StoreError::ReadOnlyFolder {
                        path: path.to_owned(),
                        dir: dir.clone(),
                    }
                }
                err => StoreError::Sqlite {
                    path: path.to_owned(),
                    err,
                },
            })?;
            let mut store = Store {
                conn,
                path: path.to_owned(),
                access: Access::Write,
                checkpoint_each_commit: false,
                _lock: None,
                team: None,
            };
            store
                .conn
                .execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))
                .map_err(store.sq())?;
            store.configure()?;
            store.migrate()?;
            init(&mut store)?;
            store
                .conn
                .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
                .map_err(store.sq())?;
            Ok(())
        })();
        let placed = built.and_then(|()| {
            // A hard link never replaces an existing file (rename would).
            match std::fs::hard_link(&tmp, path) {
                Ok(()) => Ok(()),
                Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(StoreError::Exists(path.to_owned()))
                }
                // A file system without hard links: rename, after looking once more.
                Err(_) if path.symlink_metadata().is_err() => {
                    std::fs::rename(&tmp, path).map_err(|err| StoreError::Io {
                        path: path.to_owned(),
                        err,
                    })
                }
                Err(err) => Err(StoreError::Io {
                    path: path.to_owned(),
                    err,
                }),
            }
        });
        remove_with_journals(&tmp);
        placed?;
        Store::open(path)
    }

    /// A project that lives in memory only (tests, benchmarks).
    pub fn in_memory() -> Store {
        let conn = Connection::open_in_memory().expect("SQLite opens an in-memory database");
        let mut store = Store {
            conn,
            path: PathBuf::from(":memory:"),
            access: Access::Write,
            checkpoint_each_commit: false,
            _lock: None,
            team: None,
        };
        store
            .conn
            .execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))
            .expect("a fresh in-memory database takes an application id");
        store
            .migrate()
            .expect("a fresh in-memory database takes the schema");
        store
    }

    /// Open an existing project as its one writer. The file is checked before anything is written to it (or created
    /// beside it): a file that is not a Khabar project, is damaged or comes from a newer version is left exactly as
    /// it was.
    pub fn open(path: &Path) -> Result<Store> {
        let r = file::resolve(path)?;
        file::read_header(&r)?;
        let lock = file::lock_writer(&r)?;
        verify(&r)?;
        file::check_writable(&r)?;
        let conn = Connection::open_with_flags(&r.real, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .map_err(|err| StoreError::Sqlite {
                path: path.to_owned(),
                err,
            })?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            access: Access::Write,
            checkpoint_each_commit: r.links > 1,
            _lock: Some(lock),
            team: None,
        };
        store.configure()?;
        store.migrate()?;
        store.load_team()?;
        Ok(store)
    }

    /// Open an existing project to read it, whether or not a writer has it open (it is never written through this
    /// store). A project in an older format is upgraded first when nobody has it open.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let r = file::resolve(path)?;
        let header = file::read_header(&r)?;
        let sq = |err| StoreError::Sqlite {
            path: path.to_owned(),
            err,
        };
        match file::lock_reader(&r)? {
            Some(shared) => {
                // Nobody writes: upgrade an old format first (briefly as the writer), then read.
                if header.user_version < SCHEMA_VERSION || file::has_wal(&r.real) {
                    drop(shared);
                    drop(Store::open(path)?);
                    return Store::open_read_only(path);
                }
                verify(&r)?;
                // Immutable: no locks, no journal files created; the shared lock keeps a writer out meanwhile.
                let conn = Connection::open_with_flags(
                    file::immutable_uri(&r.real),
                    OpenFlags::SQLITE_OPEN_READ_ONLY
                        | OpenFlags::SQLITE_OPEN_URI
                        | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(sq)?;
                Ok(Store {
                    conn,
                    path: path.to_owned(),
                    access: Access::Read,
                    checkpoint_each_commit: false,
                    _lock: Some(shared),
                    team: None,
                })
            }
            None => {
                // A writer has the file open. Its log is beside the name it used; through another name of a
                // hard-linked file this reader could not see it.
                if r.links > 1
                    && !(exists_beside(&r.real, "-wal") && exists_beside(&r.real, "-shm"))
                {
                    return Err(StoreError::OpenThroughOtherName(path.to_owned()));
                }
                let conn = Connection::open_with_flags(
                    &r.real,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(sq)?;
                let store = Store {
                    conn,
                    path: path.to_owned(),
                    access: Access::Read,
                    checkpoint_each_commit: false,
                    _lock: None,
                    team: None,
                };
                let version: i32 = store
                    .conn
                    .query_row("PRAGMA user_version", [], |r| r.get(0))
                    .map_err(store.sq())?;
                file::check_version(path, version)?;
                Ok(store)
            }
        }
    }

    pub fn access(&self) -> Access {
        self.access
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sq(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |err| sqlite_error(&self.path, err)
    }

    fn configure(&mut self) -> Result<()> {
        // WAL: readers never block the writer; synchronous=FULL: a commit is on disk before we return.
        self.conn
            .execute_batch(
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
            )
            .map_err(self.sq())
    }

    fn migrate(&mut self) -> Result<()> {
        let version: i32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(self.sq())?;
        file::check_version(&self.path, version)?;
        if version == SCHEMA_VERSION {
            return Ok(());
        }
        let path = self.path.clone();
        let upgrade = |err| StoreError::Upgrade {
            path: path.clone(),
            from: version,
            err,
        };
        let tx = self.conn.transaction().map_err(upgrade)?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql).map_err(upgrade)?;
            tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
                .map_err(upgrade)?;
        }
        if version < 3 {
            fts::index_on_upgrade(&tx).map_err(upgrade)?;
        }
        tx.commit().map_err(upgrade)
    }

    /// What the timeline's tagger (version `tagger`) found in an article, as [`Store::put_dates`] stored it; `None`
    /// when nothing is stored for that tagger (or since the article's blocks or date changed).
    pub fn dates_blob(&self, id: &ArticleId, tagger: i64) -> Result<Option<Vec<u8>>> {
        self.conn
            .prepare_cached("SELECT data FROM article_dates WHERE id = ?1 AND tagger = ?2")
            .and_then(|mut stmt| {
                stmt.query_row(params![id.as_str(), tagger], |r| r.get(0))
                    .optional()
            })
            .map_err(self.sq())
    }

    /// Every stored result of the timeline's tagger (version `tagger`), in one pass over the table (a lookup per
    /// article costs as much again at 100,000); `f` returns false to stop.
    pub fn for_each_dates_blob(
        &self,
        tagger: i64,
        mut f: impl FnMut(ArticleId, Vec<u8>) -> bool,
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, data FROM article_dates WHERE tagger = ?1")
            .map_err(self.sq())?;
        let mut rows = stmt.query([tagger]).map_err(self.sq())?;
        while let Some(row) = rows.next().map_err(self.sq())? {
            let (id, data): (String, Vec<u8>) = (
                row.get(0).map_err(self.sq())?,
                row.get(1).map_err(self.sq())?,
            );
            if !f(ArticleId(id), data) {
                break;
            }
        }
        Ok(())
    }

    /// A second connection that writes to the file this store has open as its writer (the lock it holds covers
    /// both), for what the window's thread should not wait for: the timeline's tagger results, kept from a thread
    /// of their own. Its commits do not wait for the disk (synchronous=NORMAL): what it writes can always be found
    /// again, and a kill loses nothing committed either way.
    pub fn open_beside(&self) -> Result<Store> {
        self.writable()?;
        let sq = |err| StoreError::Sqlite {
            path: self.path.clone(),
            err,
        };
        // The very name the writer opened: SQLite keeps its log beside each name a file has.
        let Some(name) = self.conn.path().filter(|p| !p.is_empty()) else {
            return Err(StoreError::ReadOnly(self.path.clone()));
        };
        let conn =
            Connection::open_with_flags(name, OpenFlags::SQLITE_OPEN_READ_WRITE).map_err(sq)?;
        conn.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")
            .map_err(sq)?;
        Ok(Store {
            conn,
            path: self.path.clone(),
            access: Access::Write,
            checkpoint_each_commit: self.checkpoint_each_commit,
            _lock: None,
            team: None,
        })
    }

    /// Keep what the tagger found in these articles (one transaction). Not an edit: nothing to undo, the revision
    /// stays. A row is kept only while its article still has the blocks and publication date it was tagged with
    /// (the tagger reads nothing else): an edit since then has already dropped the article's row, and a stale one
    /// must not come back. An edit of another article does not refuse it (see migration 9).
    pub fn put_dates(&self, rows: &[DatesRow], tagger: i64) -> Result<()> {
        if self.access == Access::Read || rows.is_empty() {
            return Ok(());
        }
        let tx = self.conn.unchecked_transaction().map_err(self.sq())?;
        {
            let mut stmt = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO article_dates (id, tagger, data) \
                     SELECT ?1, ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM dates_stale WHERE id = ?1 AND n > ?4) \
                     AND EXISTS (SELECT 1 FROM articles WHERE id = ?1)",
                )
                .map_err(self.sq())?;
            for row in rows {
                stmt.execute(params![row.id.as_str(), tagger, row.data, row.epoch])
                    .map_err(self.sq())?;
            }
        }
        tx.commit().map_err(self.sq())?;
        self.after_commit();
        Ok(())
    }

    /// Refuse to change a project opened for reading.
    fn writable(&self) -> Result<()> {
        match self.access {
            Access::Write => Ok(()),
            Access::Read => Err(StoreError::ReadOnly(self.path.clone())),
        }
    }

    /// After a commit to a file with several names: move the log into the file (see `checkpoint_each_commit`).
    fn after_commit(&self) {
        if self.checkpoint_each_commit {
            if let Err(e) = self.conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);") {
                log::warn!(
                    "{}: checkpoint after commit failed: {e}",
                    self.path.display()
                );
            }
        }
    }

    // ---- reading ----

    /// The article list, with how many annotations each article has.
    pub fn article_metas(&self) -> Result<Vec<(ArticleMeta, usize)>> {
        self.metas_where("", &[])
    }

    /// The articles whose id starts with `prefix` (through the id index: the rest of the list is not read).
    pub fn article_metas_with_prefix(&self, prefix: &str) -> Result<Vec<(ArticleMeta, usize)>> {
        // Ids are ASCII: every id starting with the prefix sorts between it and the prefix followed by U+10FFFF.
        self.metas_where("WHERE id >= ?1 AND id < ?1 || char(1114111)", &[&prefix])
    }

    /// One article's metadata (through the id index).
    pub fn article_meta(&self, id: &ArticleId) -> Result<Option<ArticleMeta>> {
        Ok(self
            .metas_where("WHERE id = ?1", &[&id.as_str()])?
            .into_iter()
            .next()
            .map(|(m, _)| m))
    }

    fn metas_where(
        &self,
        filter: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<(ArticleMeta, usize)>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT id, title, source, url, published, origin, char_len, annotations FROM articles {filter} \
                 ORDER BY position, rowid"
            ))
            .map_err(self.sq())?;
        let rows = stmt
            .query_map(args, |r| {
                let meta = ArticleMeta {
                    id: ArticleId(r.get(0)?),
                    title: r.get(1)?,
                    source: r.get(2)?,
                    url: r.get(3)?,
                    published: parse_published(r.get(4)?),
                    origin: r.get(5)?,
                    char_len: r.get::<_, i64>(6)?.max(0) as usize,
                };
                Ok((meta, r.get::<_, i64>(7)?.max(0) as usize))
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
        let Some((text, blocks)) = self.load_text_and_blocks_json(meta)? else {
            return Ok(None);
        };
        self.check_text_and_blocks(meta, text, &blocks).map(Some)
    }

    /// An article's text and its blocks as stored (JSON), unchecked: see [`Store::check_text_and_blocks`].
    pub fn load_text_and_blocks_json(
        &self,
        meta: &ArticleMeta,
    ) -> Result<Option<(String, String)>> {
        // A cached statement: passes over the corpus (dating, exports) read every text through here.
        self.conn
            .prepare_cached("SELECT text, blocks FROM article_texts WHERE id = ?1")
            .and_then(|mut stmt| {
                stmt.query_row([meta.id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
            })
            .map_err(self.sq())
    }

    /// What the timeline's tagger reads of an article, in one statement (so at one moment): `None` when the article
    /// has no text row.
    pub fn dating_text(&self, id: &ArticleId) -> Result<Option<DatingText>> {
        self.conn
            .prepare_cached(
                // Subqueries, not a join: a join on a bound id made SQLite prepare the statement again at
                // every call (a tenth of the reader's time).
                "SELECT t.text, t.blocks, (SELECT published FROM articles WHERE id = ?1), \
                 (SELECT n FROM dates_epoch) FROM article_texts t WHERE t.id = ?1",
            )
            .and_then(|mut stmt| {
                stmt.query_row([id.as_str()], |r| {
                    Ok(DatingText {
                        text: r.get_ref(0)?.as_bytes()?.to_vec(),
                        blocks_json: r.get(1)?,
                        published: parse_published(r.get(2)?),
                        epoch: r.get(3)?,
                    })
                })
                .optional()
            })
            .map_err(self.sq())
    }

    /// How many times stored dates have gone stale in this file (see [`DatesRow::epoch`]).
    pub fn dates_epoch(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT n FROM dates_epoch", [], |r| r.get(0))
            .map_err(self.sq())
    }

    /// Parse stored blocks and check them and the text against the article's record (a damaged file is an error,
    /// not a panic later).
    pub fn check_text_and_blocks(
        &self,
        meta: &ArticleMeta,
        text: String,
        blocks: &str,
    ) -> Result<(String, Vec<Block>)> {
        check_text_and_blocks(&self.path, meta, text, blocks)
    }

    /// Run `f` on an article's text, borrowed from the row (no copy, blocks not read): for exports that only slice
    /// the text. The text is checked as [`Store::load_text_and_blocks`] checks it (UTF-8, its char count); `None`
    /// when the article has no text row.
    pub fn with_article_text<R>(
        &self,
        meta: &ArticleMeta,
        f: impl FnOnce(&str) -> R,
    ) -> Result<Option<R>> {
        let corrupt = |detail: String| StoreError::Corrupt {
            path: self.path.clone(),
            detail: format!("article {}: {detail}", meta.id),
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT text FROM article_texts WHERE id = ?1")
            .map_err(self.sq())?;
        let mut rows = stmt.query([meta.id.as_str()]).map_err(self.sq())?;
        let Some(row) = rows.next().map_err(self.sq())? else {
            return Ok(None);
        };
        let rusqlite::types::ValueRef::Text(bytes) = row.get_ref(0).map_err(self.sq())? else {
            return Err(corrupt("its text is not stored as text".to_owned()));
        };
        // The SIMD check is several times faster than std's on Devanagari; std's error says where it fails.
        let text = simdutf8::basic::from_utf8(bytes).map_err(|_| {
            let e = std::str::from_utf8(bytes).err();
            corrupt(format!(
                "text: {}",
                e.map_or_else(|| "not UTF-8".to_owned(), |e| e.to_string())
            ))
        })?;
        let n = text.chars().count();
        if n != meta.char_len {
            return Err(corrupt(format!(
                "its text has {n} characters, its record says {}",
                meta.char_len
            )));
        }
        Ok(Some(f(text)))
    }

    /// What the page of a web import told beyond the list's columns (`None` for other articles).
    pub fn article_details(&self, id: &ArticleId) -> Result<Option<PageDetails>> {
        let data: Option<String> = self
            .conn
            .prepare_cached("SELECT data FROM article_details WHERE id = ?1")
            .and_then(|mut stmt| stmt.query_row([id.as_str()], |r| r.get(0)).optional())
            .map_err(self.sq())?;
        data.map(|d| {
            serde_json::from_str(&d).map_err(|e| StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("article {id}: details: {e}"),
            })
        })
        .transpose()
    }

    /// Whether a web import was fetched from this URL (or redirected to it).
    pub fn has_fetched_url(&self, url: &str) -> Result<bool> {
        self.conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM article_details WHERE json_extract(data, '$.fetched_url') = ?1 \
                 OR json_extract(data, '$.provenance.redirected_to') = ?1)",
            )
            .and_then(|mut stmt| stmt.query_row([url], |r| r.get(0)))
            .map_err(self.sq())
    }

    /// The feeds followed: (URL, title, when last refreshed), in the order they were added.
    pub fn feeds(&self) -> Result<Vec<FeedRow>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT url, title, added, refreshed FROM feeds ORDER BY added, rowid")
            .map_err(self.sq())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(FeedRow {
                    url: r.get(0)?,
                    title: r.get(1)?,
                    added: r.get(2)?,
                    refreshed: r.get(3)?,
                })
            })
            .map_err(self.sq())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.sq())
    }

    /// Follow a feed (adding one already followed changes nothing); true when it is new.
    pub fn add_feed(&mut self, url: &str, title: Option<&str>, now: &str) -> Result<bool> {
        self.writable()?;
        let n = self
            .conn
            .execute(
                "INSERT OR IGNORE INTO feeds (url, title, added) VALUES (?1, ?2, ?3)",
                params![url, title, now],
            )
            .map_err(self.sq())?;
        self.after_commit();
        Ok(n == 1)
    }

    /// Record a feed's title and the time of its last refresh.
    pub fn feed_refreshed(&mut self, url: &str, title: Option<&str>, now: &str) -> Result<()> {
        self.writable()?;
        self.conn
            .execute(
                "UPDATE feeds SET title = COALESCE(?2, title), refreshed = ?3 WHERE url = ?1",
                params![url, title, now],
            )
            .map_err(self.sq())?;
        self.after_commit();
        Ok(())
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

    /// Every annotation, by article (in id order) then position.
    pub fn annotations(&self) -> Result<Vec<Annotation>> {
        let mut out = Vec::new();
        self.for_each_annotation(|a| {
            out.push(a);
            Ok(())
        })?;
        Ok(out)
    }

    /// Every annotation, one at a time (by article, then position): for passes over all of them that need not hold
    /// them all, such as exports. Stops at the first error `f` returns.
    pub fn for_each_annotation(&self, mut f: impl FnMut(Annotation) -> Result<()>) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "{ANNOTATION_SELECT} ORDER BY n.article, n.start, n.end, n.id"
            ))
            .map_err(self.sq())?;
        let mut rows = stmt.query([]).map_err(self.sq())?;
        while let Some(row) = rows.next().map_err(self.sq())? {
            f(self.annotation_from_row(row)?)?;
        }
        Ok(())
    }

    /// One article's annotations by position (through the index on article and start: nothing else is read).
    pub fn annotations_of(&self, article: &ArticleId) -> Result<Vec<Annotation>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{ANNOTATION_SELECT} WHERE n.article = ?1"))
            .map_err(self.sq())?;
        let mut found = self.annotations_from(&mut stmt, &[&article.as_str()])?;
        // Sorted here: an ORDER BY beside the bound article made SQLite prepare the statement again at every call.
        found.sort_unstable_by(|a, b| (a.start, a.end, a.id).cmp(&(b.start, b.end, b.id)));
        Ok(found)
    }

    /// The annotations of several articles, by article id then position, in one statement: for passes over the
    /// corpus, where one statement per article costs more than reading the rows. Each is checked as
    /// [`Store::annotations_of`] checks it, against the length its article is given here (the caller has the
    /// articles' records).
    pub fn annotations_of_articles(&self, articles: &[&ArticleMeta]) -> Result<Vec<Annotation>> {
        if articles.is_empty() {
            return Ok(Vec::new());
        }
        let marks = vec!["?"; articles.len()].join(",");
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT n.id, n.article, n.start, n.end, n.quote, n.codes, n.note, n.creator, n.created, \
                 n.modified FROM annotations n WHERE n.article IN ({marks}) \
                 ORDER BY n.article, n.start, n.end, n.id"
            ))
            .map_err(self.sq())?;
        let lengths: std::collections::HashMap<&str, i64> = articles
            .iter()
            .map(|m| (m.id.as_str(), m.char_len as i64))
            .collect();
        let params: Vec<&dyn rusqlite::ToSql> = articles.iter().map(|m| &m.id.0 as _).collect();
        let mut rows = stmt.query(params.as_slice()).map_err(self.sq())?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(self.sq())? {
            let article = row.get_ref(1).map_err(self.sq())?;
            let char_len = article.as_str().ok().and_then(|a| lengths.get(a).copied());
            out.push(self.annotation_from_columns(row, char_len)?);
        }
        Ok(out)
    }

    /// Where the annotations of the given articles are: `(index of the article in articles, row id)` for each, in
    /// one pass over the article index (it holds both, so the table is not read).
    pub fn annotation_rows_of(&self, articles: &[&ArticleMeta]) -> Result<Vec<(usize, i64)>> {
        let index: std::collections::HashMap<&str, usize> = articles
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_str(), i))
            .collect();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT article, rowid FROM annotations")
            .map_err(self.sq())?;
        let mut rows = stmt.query([]).map_err(self.sq())?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(self.sq())? {
            let article = row.get_ref(0).map_err(self.sq())?;
            if let Some(&i) = article.as_str().ok().and_then(|a| index.get(a)) {
                out.push((i, row.get(1).map_err(self.sq())?));
            }
        }
        Ok(out)
    }

    /// The annotations at the given row ids, each checked as [`Store::annotations_of`] checks it against the length
    /// of its article (given with the row id): ascending row ids read the table in file order, each page once.
    /// `f` gets the position in `rows`, the annotation, and whether its stored id is in the canonical form
    /// (lower-case, hyphenated), in which case ordering by id orders the stored ids alike.
    pub fn annotations_at_rows(
        &self,
        rows: &[(i64, usize)],
        mut f: impl FnMut(usize, Annotation, bool),
    ) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT n.id, n.article, n.start, n.end, n.quote, n.codes, n.note, n.creator, n.created, \
                 n.modified FROM annotations n WHERE n.rowid = ?1",
            )
            .map_err(self.sq())?;
        let mut canonical = uuid::Uuid::encode_buffer();
        for (at, &(rowid, char_len)) in rows.iter().enumerate() {
            let mut found = stmt.query([rowid]).map_err(self.sq())?;
            // A row gone meanwhile (a writer beside us) is missing from the export: its count then differs.
            let Some(row) = found.next().map_err(self.sq())? else {
                continue;
            };
            let a = self.annotation_from_columns(row, Some(char_len as i64))?;
            let stored = row.get_ref(0).map_err(self.sq())?.as_bytes().ok();
            let is_canonical =
                stored == Some(a.id.hyphenated().encode_lower(&mut canonical).as_bytes());
            f(at, a, is_canonical);
        }
        Ok(())
    }

    /// One annotation by id.
    pub fn annotation(&self, id: &uuid::Uuid) -> Result<Option<Annotation>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("{ANNOTATION_SELECT} WHERE n.id = ?1"))
            .map_err(self.sq())?;
        let mut rows = stmt.query([id.to_string()]).map_err(self.sq())?;
        match rows.next().map_err(self.sq())? {
            Some(row) => Ok(Some(self.annotation_from_row(row)?)),
            None => Ok(None),
        }
    }

    /// The annotations among `ids` that the project has (in no particular order): a few statements for many ids.
    pub fn annotations_by_ids(&self, ids: &[uuid::Uuid]) -> Result<Vec<Annotation>> {
        const IDS_PER_STATEMENT: usize = 512;
        let mut found = Vec::new();
        for chunk in ids.chunks(IDS_PER_STATEMENT) {
            let mut stmt = self
                .conn
                .prepare_cached(&format!(
                    "{ANNOTATION_SELECT} WHERE n.id IN (VALUES {})",
                    numbered_rows(chunk.len(), 1)
                ))
                .map_err(self.sq())?;
            let mut rows = stmt
                .query(rusqlite::params_from_iter(
                    chunk.iter().map(|id| id.to_string()),
                ))
                .map_err(self.sq())?;
            while let Some(row) = rows.next().map_err(self.sq())? {
                found.push(self.annotation_from_row(row)?);
            }
        }
        Ok(found)
    }

    /// The annotations that have one of `codes` (one pass over the annotations, by article then position).
    pub fn annotations_with_codes(
        &self,
        codes: &[crate::annotate::CodeId],
    ) -> Result<Vec<Annotation>> {
        // Code ids are integers: written into the statement, they cannot inject anything.
        let list = codes
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let mut stmt = self
            .conn
            .prepare(&format!(
                "{} WHERE EXISTS (SELECT 1 FROM json_each(n.codes) j WHERE j.value IN ({list})) \
                 ORDER BY n.article, n.start, n.end, n.id",
                // Read in table order and the few found sorted after: walking the article index fetched every row
                // apart (1.17 s against 0.21 s over 500,000 annotations).
                ANNOTATION_SELECT.replacen(
                    "FROM annotations n",
                    "FROM annotations n NOT INDEXED",
                    1
                )
            ))
            .map_err(self.sq())?;
        self.annotations_from(&mut stmt, &[])
    }

    /// Every article's publication date, in one pass over the list (a lookup per article took seconds for the
    /// tens of thousands of articles with an event-coded annotation).
    pub fn published_dates(
        &self,
    ) -> Result<std::collections::HashMap<ArticleId, chrono::NaiveDate>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, published FROM articles WHERE published IS NOT NULL")
            .map_err(self.sq())?;
        let mut rows = stmt.query([]).map_err(self.sq())?;
        let mut out = std::collections::HashMap::new();
        while let Some(row) = rows.next().map_err(self.sq())? {
            if let Some(date) = parse_published(row.get(1).map_err(self.sq())?) {
                out.insert(ArticleId(row.get(0).map_err(self.sq())?), date);
            }
        }
        Ok(out)
    }

    /// How many annotations each coder has made.
    pub fn coder_counts(&self) -> Result<Vec<(String, usize)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT creator, COUNT(*) FROM annotations GROUP BY creator")
            .map_err(self.sq())?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.max(0) as usize)))
            .map_err(self.sq())?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(self.sq())
    }

    /// The annotations a statement over [`ANNOTATION_SELECT`] selects, each checked.
    fn annotations_from(
        &self,
        stmt: &mut rusqlite::Statement<'_>,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<Vec<Annotation>> {
        let mut rows = stmt.query(params).map_err(self.sq())?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(self.sq())? {
            out.push(self.annotation_from_row(row)?);
        }
        Ok(out)
    }

    /// An annotation from a row of [`ANNOTATION_SELECT`], checked: stored data that does not fit (a range outside
    /// its article, an unreadable field) is reported as damage, never a panic later.
    fn annotation_from_row(&self, r: &rusqlite::Row<'_>) -> Result<Annotation> {
        let char_len: Option<i64> = r.get(10).map_err(self.sq())?;
        self.annotation_from_columns(r, char_len)
    }

    /// An annotation from the first ten columns of [`ANNOTATION_SELECT`], checked against the length of its
    /// article (`None`: the article is missing).
    fn annotation_from_columns(
        &self,
        r: &rusqlite::Row<'_>,
        char_len: Option<i64>,
    ) -> Result<Annotation> {
        let field = |e| StoreError::Sqlite {
            path: self.path.clone(),
            err: e,
        };
        let id: String = r.get(0).map_err(field)?;
        let article: String = r.get(1).map_err(field)?;
        let start: i64 = r.get(2).map_err(field)?;
        let end: i64 = r.get(3).map_err(field)?;
        let damaged = |detail: String| StoreError::Corrupt {
            path: self.path.clone(),
            detail: format!("annotation {id}: {detail}"),
        };
        if start < 0 || end < start {
            return Err(damaged(format!("impossible range {start}..{end}")));
        }
        match char_len {
            None => return Err(damaged(format!("its article {article} is missing"))),
            Some(n) if end > n => {
                return Err(StoreError::Corrupt {
                    path: self.path.clone(),
                    detail: format!(
                        "annotation {id} lies at {start}..{end}, outside its article {article}"
                    ),
                })
            }
            Some(_) => {}
        }
        let text = |i: usize| r.get::<_, String>(i).map_err(field);
        let bad = |what: &str| damaged(format!("bad {what}"));
        Ok(Annotation {
            id: uuid::Uuid::parse_str(&id).map_err(|_| bad("id"))?,
            article: ArticleId(article),
            start: start as usize,
            end: end as usize,
            quote: text(4)?,
            codes: serde_json::from_str(&text(5)?).map_err(|_| bad("codes"))?,
            note: text(6)?,
            creator: text(7)?,
            created: text(8)?.parse().map_err(|_| bad("created time"))?,
            modified: text(9)?.parse().map_err(|_| bad("modified time"))?,
        })
    }

    // ---- writing ----

    /// Write a copy of the whole project to `target` (which must not exist), consistent as of now.
    pub fn save_as(&self, target: &Path) -> Result<()> {
        if target.symlink_metadata().is_ok() {
            return Err(StoreError::Exists(target.to_owned()));
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
        self.writable()?;
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
                    "INSERT OR IGNORE INTO articles (id, position, title, source, url, published, origin, char_len) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(sq)?;
            let mut text_stmt = tx
                .prepare_cached("INSERT INTO article_texts (id, text, blocks) VALUES (?1, ?2, ?3)")
                .map_err(sq)?;
            let mut details_stmt = tx
                .prepare_cached("INSERT OR REPLACE INTO article_details (id, data) VALUES (?1, ?2)")
                .map_err(sq)?;
            // The index entries (normalised words) and the JSON are the costly part of an import besides the
            // writes: a producer thread prepares the next batches on every core while this thread writes one.
            const BATCH: usize = 128;
            std::thread::scope(|scope| -> Result<()> {
                let (ready, prepared) = std::sync::mpsc::sync_channel::<Vec<PreparedArticle>>(2);
                scope.spawn(move || {
                    for batch in articles.chunks(BATCH) {
                        let batch = crate::parallel::map(batch, PreparedArticle::new);
                        if ready.send(batch).is_err() {
                            // The writer stopped (an error): nothing more to prepare.
                            break;
                        }
                    }
                });
                // A producer that panicked ends the stream early; the scope then re-raises the panic before the
                // caller's commit, so a partial import is never committed.
                for (a, p) in articles.iter().zip(prepared.iter().flatten()) {
                    position += 1;
                    let added = stmt
                        .execute(params![
                            a.meta.id.as_str(),
                            position,
                            a.meta.title,
                            a.meta.source,
                            a.meta.url,
                            a.meta.published.map(|d| d.to_string()),
                            a.meta.origin,
                            a.meta.char_len as i64,
                        ])
                        .map_err(sq)?;
                    if added == 1 {
                        text_stmt
                            .execute(params![a.meta.id.as_str(), a.text, p.blocks])
                            .map_err(sq)?;
                        fts::index_columns(&tx, a.meta.id.as_str(), &p.columns).map_err(sq)?;
                        if let Some(data) = &p.details {
                            details_stmt
                                .execute(params![a.meta.id.as_str(), data])
                                .map_err(sq)?;
                        }
                    }
                }
                Ok(())
            })?;
        }
        tx.commit().map_err(sq)?;
        self.after_commit();
        Ok(())
    }

    /// Apply an edit in one transaction: all of it or nothing.
    pub fn apply(&mut self, edit: &Edit) -> Result<()> {
        self.writable()?;
        let path = self.path.clone();
        let sq = |err| StoreError::Sqlite {
            path: path.clone(),
            err,
        };
        let tx = self.conn.transaction().map_err(sq)?;
        write_changes(&tx, self.team.as_mut(), &edit.changes).map_err(sq)?;
        tx.commit().map_err(sq)?;
        self.after_commit();
        Ok(())
    }
}

/// What an import writes for one article besides its fields: computed off the writing thread.
struct PreparedArticle {
    /// The blocks as stored (JSON).
    blocks: String,
    /// The page details as stored (JSON), for web pages.
    details: Option<String>,
    /// The two index columns ([`fts::doc_columns`]).
    columns: (String, String),
}

impl PreparedArticle {
    fn new(a: &Article) -> Self {
        PreparedArticle {
            blocks: serde_json::to_string(&a.blocks).expect("blocks serialise"),
            details: a
                .details
                .as_ref()
                .map(|d| serde_json::to_string(d).expect("details serialise")),
            columns: fts::doc_columns(&a.text, &a.blocks),
        }
    }
}

/// Write changes within the caller's transaction; in a team project the same transaction records them for the
/// server, so nothing is shown that is not also queued.
pub(crate) fn write_changes(
    tx: &rusqlite::Connection,
    team: Option<&mut sync::TeamClock>,
    changes: &[crate::annotate::Change],
) -> rusqlite::Result<()> {
    let mut rest = changes;
    while let Some(change) = rest.first() {
        // A run of annotations written or rewritten goes in a few statements, not one each (an import, autocode).
        let run = rest
            .iter()
            .take_while(|c| matches!(c.after, Some(Record::Annotation(_))))
            .count();
        if run > 1 {
            put_annotations(
                tx,
                rest[..run].iter().filter_map(|c| match &c.after {
                    Some(Record::Annotation(a)) => Some(a),
                    _ => None,
                }),
            )?;
            rest = &rest[run..];
            continue;
        }
        match (&change.before, &change.after) {
            (_, Some(after)) => put(tx, after)?,
            (Some(before), None) => remove(tx, before)?,
            (None, None) => {}
        }
        rest = &rest[1..];
    }
    match team {
        Some(team) => sync::record_local(tx, team, changes),
        None => Ok(()),
    }
}

/// Annotations written by one statement: each statement costs a statement journal of every page it touches, so a
/// run of annotations is written this many at a time (10 parameters each, well inside SQLite's 32,766).
const ANNOTATIONS_PER_STATEMENT: usize = 128;

/// The upsert of `rows` annotations. An upsert, not INSERT OR REPLACE: a replace deletes without firing the delete
/// trigger that keeps the articles' annotation counts. Rows of one statement go in order, so a later row with an
/// id written by an earlier one updates it, as separate statements would.
fn annotation_upsert(rows: usize) -> String {
    format!(
        "INSERT INTO annotations (id, article, start, end, quote, codes, note, creator, created, modified) \
         VALUES {} \
         ON CONFLICT(id) DO UPDATE SET article = excluded.article, start = excluded.start, \
         end = excluded.end, quote = excluded.quote, codes = excluded.codes, note = excluded.note, \
         creator = excluded.creator, created = excluded.created, modified = excluded.modified",
        numbered_rows(rows, 10)
    )
}

/// The parameters of `rows` rows of `columns` values each, numbered in order: `(?1, ?2), (?3, ?4)` for 2 × 2.
pub(crate) fn numbered_rows(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| {
            let row: Vec<String> = (1..=columns)
                .map(|c| format!("?{}", r * columns + c))
                .collect();
            format!("({})", row.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Write (insert or update) annotations, [`ANNOTATIONS_PER_STATEMENT`] per statement.
fn put_annotations<'a>(
    tx: &rusqlite::Connection,
    annotations: impl Iterator<Item = &'a Annotation>,
) -> rusqlite::Result<()> {
    let mut annotations = annotations.peekable();
    let mut chunk: Vec<&Annotation> = Vec::with_capacity(ANNOTATIONS_PER_STATEMENT);
    while annotations.peek().is_some() {
        chunk.clear();
        chunk.extend(annotations.by_ref().take(ANNOTATIONS_PER_STATEMENT));
        static FULL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let mut statement = if chunk.len() == ANNOTATIONS_PER_STATEMENT {
            tx.prepare_cached(FULL.get_or_init(|| annotation_upsert(ANNOTATIONS_PER_STATEMENT)))?
        } else {
            tx.prepare_cached(&annotation_upsert(chunk.len()))?
        };
        let values: Vec<[rusqlite::types::Value; 10]> =
            chunk.iter().map(|a| annotation_row(a)).collect();
        statement.execute(rusqlite::params_from_iter(values.iter().flatten()))?;
    }
    Ok(())
}

/// The columns of an annotation's row, in the order of the upsert.
fn annotation_row(a: &Annotation) -> [rusqlite::types::Value; 10] {
    use rusqlite::types::Value;
    [
        Value::Text(a.id.to_string()),
        Value::Text(a.article.as_str().to_owned()),
        Value::Integer(a.start as i64),
        Value::Integer(a.end as i64),
        Value::Text(a.quote.clone()),
        Value::Text(serde_json::to_string(&a.codes).expect("code ids serialise")),
        Value::Text(a.note.clone()),
        Value::Text(a.creator.clone()),
        Value::Text(
            a.created
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        ),
        Value::Text(
            a.modified
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        ),
    ]
}

pub(crate) fn put(tx: &rusqlite::Connection, record: &Record) -> rusqlite::Result<()> {
    match record {
        Record::Annotation(a) => put_annotations(tx, std::iter::once(a))?,
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
                    "SELECT blocks FROM article_texts WHERE id = ?1",
                    [article.as_str()],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(blocks) = blocks {
                let mut blocks: Vec<Block> = serde_json::from_str(&blocks).unwrap_or_default();
                if let Some(slot) = blocks.get_mut(*index) {
                    *slot = block.clone();
                    tx.execute(
                        "UPDATE article_texts SET blocks = ?1 WHERE id = ?2",
                        params![
                            serde_json::to_string(&blocks).expect("blocks serialise"),
                            article.as_str()
                        ],
                    )?;
                    fts::reindex_article(tx, article.as_str())?;
                }
            }
        }
        Record::Decision(d) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO event_decisions (candidate, data) VALUES (?1, ?2)",
            )?
            .execute(params![
                d.candidate.as_str(),
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

pub(crate) fn remove(tx: &rusqlite::Connection, record: &Record) -> rusqlite::Result<()> {
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
                [d.candidate.as_str()],
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

/// Whether SQLite's `suffix` file (`-wal`, `-shm`) is beside `real`: the writer's journals sit beside the name it
/// opened the file by.
fn exists_beside(real: &Path, suffix: &str) -> bool {
    let mut s = real.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s).exists()
}

/// Remove a file and the journal files SQLite may have left beside it.
fn remove_with_journals(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut s = path.as_os_str().to_owned();
        s.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(s));
    }
}

/// Look into a project with SQLite, read-only, before anything writes to it: its application id and format (which
/// may sit in the write-ahead log), its integrity, and the tables its format promises.
fn verify(r: &file::Resolved) -> Result<()> {
    let path = &r.typed;
    let sq = |err| StoreError::Sqlite {
        path: path.clone(),
        err,
    };
    // Without a log beside it the file is complete: read it immutably, which creates nothing beside it.
    let conn = if file::has_wal(&r.real) {
        Connection::open_with_flags(
            &r.real,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    } else {
        Connection::open_with_flags(
            file::immutable_uri(&r.real),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    }
    .map_err(sq)?;
    let damaged = |e: rusqlite::Error| StoreError::Corrupt {
        path: path.clone(),
        detail: e.to_string(),
    };
    let app_id: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(damaged)?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotKhabar(path.clone()));
    }
    let version: i32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(damaged)?;
    file::check_version(path, version)?;
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .map_err(damaged)?;
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .and_then(|rows| rows.collect())
        .map_err(damaged)?;
    let mut expected: Vec<&str> = TABLES_ADDED[..=version as usize]
        .iter()
        .flat_map(|added| added.iter().copied())
        .collect();
    expected.sort_unstable();
    if version == 0 && !tables.is_empty() {
        return Err(StoreError::Corrupt {
            path: path.clone(),
            detail: format!(
                "it says project format 0 but already has tables ({})",
                tables.join(", ")
            ),
        });
    }
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|t| !tables.iter().any(|x| x == t))
        .collect();
    if !missing.is_empty() {
        return Err(StoreError::Corrupt {
            path: path.clone(),
            detail: format!(
                "project format {version} without the table(s) {}",
                missing.join(", ")
            ),
        });
    }
    // Check the structure of what every open reads anyway (the schema, the codebook), not the
    // whole file: a check of the texts and annotations would read all of a 100,000-article project at each open.
    // Damage elsewhere is reported when the damaged part is read.
    for table in CHECKED_AT_OPEN {
        if !tables.iter().any(|t| t == table) {
            continue;
        }
        let check: String = conn
            .query_row(&format!("PRAGMA quick_check('{table}')"), [], |r| r.get(0))
            .map_err(damaged)?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: path.clone(),
                detail: check,
            });
        }
    }
    Ok(())
}

/// The tables [`verify`] checks at each open: small, and read in full by every open anyway. (The article list is
/// read by the open itself, which reports damage there; a check would read it twice, and a `khabar annotate` reads
/// only one article of it.)
const CHECKED_AT_OPEN: &[&str] = &["codes", "event_decisions"];
