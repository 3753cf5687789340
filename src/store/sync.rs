//! The project file's side of team sync: every local edit recorded, field by field with its stamp, in the same
//! transaction that makes it (so what is on screen is also queued for the server); changes from the server merged
//! and applied to the project's tables in one transaction per batch, together with the server sequence reached.

use std::collections::BTreeMap;

use rusqlite::{params, OptionalExtension};
use serde_json::Value;
use uuid::Uuid;

use super::{put, remove, sqlite_error, Result, Store, StoreError};
use crate::annotate::{Change, CodeId, Record};
use crate::model::{ArticleId, ArticleMeta, Block};
use crate::sync::hlc::{Clock, Hlc};
use crate::sync::merge::{Lost, RecordState, DELETED};
use crate::sync::records::{self, CodeIds, Kind};

pub const MIGRATION: &str = r#"
CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sync_code_ids (code INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE);
CREATE TABLE sync_records (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
CREATE TABLE sync_outbox (
    n INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    hlc TEXT NOT NULL,
    fields TEXT NOT NULL
);
CREATE TABLE sync_history (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    field TEXT NOT NULL,
    hlc TEXT NOT NULL,
    author TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (kind, key, field, hlc)
);
"#;

/// A team project's clock and the server user this copy writes as.
#[derive(Debug, Clone)]
pub struct TeamClock {
    clock: Clock,
    user: String,
}

/// A team project's settings, as kept in the project file (never a password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamInfo {
    /// The server, as a connection string without password.
    pub server: String,
    pub user: String,
    pub project: Uuid,
    pub replica: String,
    /// The last server sequence number this copy has merged.
    pub seen: i64,
    /// The server's blind-phase counter when `seen` was reached (a change of phase makes other rows visible).
    pub phase: i64,
    /// Publishing was begun under this name and not yet confirmed by the server (a publish interrupted by a crash
    /// is completed by the next sync).
    pub publishing: Option<String>,
}

/// A change queued for the server.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub n: i64,
    pub change_id: Uuid,
    pub kind: Kind,
    pub key: String,
    pub hlc: Hlc,
    pub fields: BTreeMap<String, Value>,
}

/// A change from the server (already checked for form by whoever read it).
#[derive(Debug, Clone, PartialEq)]
pub struct Incoming {
    pub seq: i64,
    pub kind: Kind,
    pub key: String,
    pub hlc: Hlc,
    pub fields: BTreeMap<String, Value>,
    /// Who wrote it, as the server recorded it.
    pub author: String,
}

/// One entry of a record's history: a value one of its fields had.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    pub field: String,
    pub hlc: Hlc,
    pub author: String,
    pub value: Value,
    /// Whether this is the field's current value (the rest lost a merge or were overwritten).
    pub current: bool,
}

fn state_get(tx: &rusqlite::Connection, key: &str) -> rusqlite::Result<Option<String>> {
    tx.prepare_cached("SELECT value FROM sync_state WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

fn state_set(tx: &rusqlite::Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("INSERT INTO sync_state (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value")?
        .execute([key, value])?;
    Ok(())
}

/// Code ids ↔ UUIDs through the project file (inside a transaction). The trait cannot fail, so the first SQLite
/// error is kept and reported by the caller.
struct TxIds<'a> {
    conn: &'a rusqlite::Connection,
    err: Option<rusqlite::Error>,
}

impl TxIds<'_> {
    fn try_uuid_of(&self, id: CodeId) -> rusqlite::Result<Uuid> {
        let found: Option<String> = self
            .conn
            .prepare_cached("SELECT uuid FROM sync_code_ids WHERE code = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if let Some(u) = found.and_then(|u| Uuid::parse_str(&u).ok()) {
            return Ok(u);
        }
        let u = Uuid::new_v4();
        self.conn
            .prepare_cached("INSERT OR REPLACE INTO sync_code_ids (code, uuid) VALUES (?1, ?2)")?
            .execute(params![id, u.to_string()])?;
        Ok(u)
    }

    fn try_id_of(&self, uuid: Uuid) -> rusqlite::Result<CodeId> {
        let found: Option<CodeId> = self
            .conn
            .prepare_cached("SELECT code FROM sync_code_ids WHERE uuid = ?1")?
            .query_row([uuid.to_string()], |r| r.get(0))
            .optional()?;
        if let Some(id) = found {
            return Ok(id);
        }
        let id = next_code_id(self.conn)?;
        self.conn
            .prepare_cached("INSERT INTO sync_code_ids (code, uuid) VALUES (?1, ?2)")?
            .execute(params![id, uuid.to_string()])?;
        Ok(id)
    }
}

/// The next free local code id: after every code and every id reserved for a shared code.
fn next_code_id(conn: &rusqlite::Connection) -> rusqlite::Result<CodeId> {
    conn.query_row(
        "SELECT MAX(COALESCE((SELECT MAX(id) FROM codes), 0), COALESCE((SELECT MAX(code) FROM sync_code_ids), 0)) + 1",
        [],
        |r| r.get(0),
    )
}

impl CodeIds for TxIds<'_> {
    fn uuid_of(&mut self, id: CodeId) -> Uuid {
        match self.try_uuid_of(id) {
            Ok(u) => u,
            Err(e) => {
                self.err.get_or_insert(e);
                Uuid::nil()
            }
        }
    }
    fn id_of(&mut self, uuid: Uuid) -> CodeId {
        match self.try_id_of(uuid) {
            Ok(id) => id,
            Err(e) => {
                self.err.get_or_insert(e);
                0
            }
        }
    }
}

fn load_record(tx: &rusqlite::Connection, kind: Kind, key: &str) -> rusqlite::Result<RecordState> {
    let s: Option<String> = tx
        .prepare_cached("SELECT state FROM sync_records WHERE kind = ?1 AND key = ?2")?
        .query_row([kind.as_str(), key], |r| r.get(0))
        .optional()?;
    // A state this build cannot read starts afresh: the server still holds every change, and a full pull rebuilds it.
    Ok(s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default())
}

fn save_record(
    tx: &rusqlite::Connection,
    kind: Kind,
    key: &str,
    state: &RecordState,
    lost: &[Lost],
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_records (kind, key, state) VALUES (?1, ?2, ?3) \
         ON CONFLICT(kind, key) DO UPDATE SET state = excluded.state",
    )?
    .execute(params![
        kind.as_str(),
        key,
        serde_json::to_string(state).expect("a record state serialises")
    ])?;
    let mut h = tx.prepare_cached(
        "INSERT OR IGNORE INTO sync_history (kind, key, field, hlc, author, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for l in lost {
        h.execute(params![
            kind.as_str(),
            key,
            l.field,
            l.hlc.as_str(),
            l.by,
            l.value
        ])?;
    }
    Ok(())
}

/// Record local changes (one edit) for the server: each record's changed fields with one new stamp.
pub(super) fn record_local(
    tx: &rusqlite::Connection,
    team: &mut TeamClock,
    changes: &[Change],
) -> rusqlite::Result<()> {
    let mut ids = TxIds {
        conn: tx,
        err: None,
    };
    for change in changes {
        let Some(any) = change.after.as_ref().or(change.before.as_ref()) else {
            continue;
        };
        let (kind, key) = records::identify(any, &mut ids);
        let before = change
            .before
            .as_ref()
            .map(|r| records::fields_of(r, &mut ids));
        let mut fields = match &change.after {
            Some(after) => {
                let after = records::fields_of(after, &mut ids);
                match &before {
                    Some(b) => records::diff(b, &after),
                    None => after,
                }
            }
            None => BTreeMap::from([(DELETED.to_owned(), Value::Bool(true))]),
        };
        if change.after.is_some() {
            // Every write says the record exists: an edit after a deletion (an undo, a teammate's edit) brings it
            // back, a deletion after an edit removes it; the later one wins.
            fields.insert(DELETED.to_owned(), Value::Bool(false));
        }
        let mut state = load_record(tx, kind, &key)?;
        // A write that changes nothing merged (an update repeating the current values) is not sent.
        if fields.iter().all(|(f, v)| state.get(f) == Some(v)) {
            continue;
        }
        let hlc = team.clock.tick();
        let lost = state.merge(&hlc, &team.user, &fields);
        save_record(tx, kind, &key, &state, &lost)?;
        tx.prepare_cached(
            "INSERT INTO sync_outbox (change_id, kind, key, hlc, fields) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            Uuid::new_v4().to_string(),
            kind.as_str(),
            key,
            hlc.as_str(),
            serde_json::to_string(&fields).expect("fields serialise")
        ])?;
    }
    if let Some(e) = ids.err {
        return Err(e);
    }
    state_set(tx, "hlc", team.clock.last().as_str())
}

/// The project's current record of a kind and key, as its tables hold it.
fn read_domain(
    tx: &rusqlite::Connection,
    kind: Kind,
    key: &str,
    ids: &mut TxIds<'_>,
) -> rusqlite::Result<Option<Record>> {
    Ok(match kind {
        Kind::Annotation => {
            let row = tx
                .prepare_cached(
                    "SELECT article, start, end, quote, codes, note, creator, created, modified FROM annotations WHERE id = ?1",
                )?
                .query_row([key], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, String>(7)?,
                        r.get::<_, String>(8)?,
                    ))
                })
                .optional()?;
            row.and_then(|(article, start, end, quote, codes, note, creator, created, modified)| {
                Some(Record::Annotation(crate::annotate::Annotation {
                    id: Uuid::parse_str(key).ok()?,
                    article: ArticleId(article),
                    start: usize::try_from(start).ok()?,
                    end: usize::try_from(end).ok()?,
                    quote,
                    codes: serde_json::from_str(&codes).ok()?,
                    note,
                    creator,
                    created: created.parse().ok()?,
                    modified: modified.parse().ok()?,
                }))
            })
        }
        Kind::Code => {
            let Ok(uuid) = Uuid::parse_str(key) else {
                return Ok(None);
            };
            let id = ids.try_id_of(uuid)?;
            tx.prepare_cached(
                "SELECT name, color, parent, shortcut, is_event, position FROM codes WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(crate::annotate::Code {
                    id,
                    name: r.get(0)?,
                    color: super::parse_hex_color(&r.get::<_, String>(1)?)
                        .unwrap_or([0x80, 0x80, 0x80]),
                    parent: r.get(2)?,
                    shortcut: r.get::<_, Option<i64>>(3)?.map(|s| s as u8),
                    is_event: r.get(4)?,
                    position: r.get(5)?,
                })
            })
            .optional()?
            .map(Record::Code)
        }
        Kind::Block => {
            let Some((article, index)) = key
                .rsplit_once('/')
                .and_then(|(a, i)| Some((a.to_owned(), i.parse::<usize>().ok()?)))
            else {
                return Ok(None);
            };
            let blocks: Option<String> = tx
                .prepare_cached("SELECT blocks FROM article_texts WHERE id = ?1")?
                .query_row([&article], |r| r.get(0))
                .optional()?;
            blocks
                .and_then(|b| serde_json::from_str::<Vec<Block>>(&b).ok())
                .and_then(|b| b.into_iter().nth(index))
                .map(|block| Record::Block {
                    article: ArticleId(article),
                    index,
                    block,
                })
        }
        Kind::Meta => tx
            .prepare_cached(
                "SELECT title, source, url, published, origin, char_len FROM articles WHERE id = ?1",
            )?
            .query_row([key], |r| {
                Ok(ArticleMeta {
                    id: ArticleId(key.to_owned()),
                    title: r.get(0)?,
                    source: r.get(1)?,
                    url: r.get(2)?,
                    published: r
                        .get::<_, Option<String>>(3)?
                        .and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()),
                    origin: r.get(4)?,
                    char_len: r.get::<_, i64>(5)?.max(0) as usize,
                })
            })
            .optional()?
            .map(Record::Meta),
        Kind::Decision => tx
            .prepare_cached("SELECT data FROM event_decisions WHERE candidate = ?1")?
            .query_row([key], |r| r.get::<_, String>(0))
            .optional()?
            .and_then(|d| serde_json::from_str(&d).ok())
            .map(Record::Decision),
    })
}

/// Whether a record from another copy fits this project (an annotation inside an existing article): what does not
/// is not applied, so a damaged or hostile server cannot damage the project file.
fn fits(tx: &rusqlite::Connection, r: &Record) -> rusqlite::Result<bool> {
    Ok(match r {
        Record::Annotation(a) => {
            let len: Option<i64> = tx
                .prepare_cached("SELECT char_len FROM articles WHERE id = ?1")?
                .query_row([a.article.as_str()], |r| r.get(0))
                .optional()?;
            len.is_some_and(|n| a.end as i64 <= n)
        }
        _ => true,
    })
}

impl Store {
    /// Read the team settings after an open (a project of one has none).
    pub(super) fn load_team(&mut self) -> Result<()> {
        let replica = state_get(&self.conn, "replica").map_err(self.sq())?;
        let user = state_get(&self.conn, "user").map_err(self.sq())?;
        let hlc = state_get(&self.conn, "hlc").map_err(self.sq())?;
        self.team = match (replica, user) {
            (Some(replica), Some(user)) => Some(TeamClock {
                clock: Clock::new(&replica, hlc.as_deref().and_then(Hlc::parse).as_ref()),
                user,
            }),
            _ => None,
        };
        Ok(())
    }

    /// The team settings, or None for a project of one.
    pub fn team_info(&self) -> Result<Option<TeamInfo>> {
        let get = |k: &str| state_get(&self.conn, k).map_err(self.sq());
        let (Some(server), Some(user), Some(project), Some(replica)) = (
            get("server")?,
            get("user")?,
            get("project")?,
            get("replica")?,
        ) else {
            return Ok(None);
        };
        let project = Uuid::parse_str(&project).map_err(|_| StoreError::Corrupt {
            path: self.path.clone(),
            detail: "the team project id is not a UUID".into(),
        })?;
        Ok(Some(TeamInfo {
            server,
            user,
            project,
            replica,
            seen: get("seen")?.and_then(|s| s.parse().ok()).unwrap_or(0),
            phase: get("phase")?.and_then(|s| s.parse().ok()).unwrap_or(0),
            publishing: get("publishing")?,
        }))
    }

    /// The server has the published project: stop trying to publish it.
    pub fn published(&mut self) -> Result<()> {
        self.writable()?;
        self.conn
            .execute("DELETE FROM sync_state WHERE key = 'publishing'", [])
            .map_err(self.sq())?;
        Ok(())
    }

    /// Make this a team project: from now on every edit is queued for the server. With `publish` (the name on the
    /// server), everything the project holds is queued too (the first copy of a project), and the publish is
    /// remembered until [`Store::published`].
    pub fn start_team(
        &mut self,
        server: &str,
        user: &str,
        project: Uuid,
        publish: Option<&str>,
    ) -> Result<()> {
        self.writable()?;
        let replica = Uuid::new_v4().simple().to_string()[..12].to_owned();
        let path = self.path.clone();
        let sq = |err| sqlite_error(&path, err);
        let tx = self.conn.transaction().map_err(sq)?;
        for (k, v) in [
            ("server", server),
            ("user", user),
            ("project", &project.to_string()),
            ("replica", &replica),
        ] {
            state_set(&tx, k, v).map_err(sq)?;
        }
        let mut team = TeamClock {
            clock: Clock::new(&replica, None),
            user: user.to_owned(),
        };
        if let Some(name) = publish {
            state_set(&tx, "publishing", name).map_err(sq)?;
            let mut changes: Vec<Change> = Vec::new();
            {
                let mut codes = tx
                    .prepare("SELECT id FROM codes ORDER BY position, id")
                    .map_err(sq)?;
                let ids: Vec<CodeId> = codes
                    .query_map([], |r| r.get(0))
                    .and_then(|r| r.collect())
                    .map_err(sq)?;
                let mut tx_ids = TxIds {
                    conn: &tx,
                    err: None,
                };
                for id in ids {
                    let u = tx_ids.try_uuid_of(id).map_err(sq)?;
                    if let Some(r) =
                        read_domain(&tx, Kind::Code, &u.to_string(), &mut tx_ids).map_err(sq)?
                    {
                        changes.push(Change::create(r));
                    }
                }
            }
            record_local(&tx, &mut team, &changes).map_err(sq)?;
            // Annotations and decisions in slices: 100,000 annotations are not held at once.
            for (sql, kind) in [
                (
                    "SELECT id FROM annotations ORDER BY article, start, end, id",
                    Kind::Annotation,
                ),
                (
                    "SELECT candidate FROM event_decisions ORDER BY candidate",
                    Kind::Decision,
                ),
            ] {
                let keys: Vec<String> = {
                    let mut stmt = tx.prepare(sql).map_err(sq)?;
                    let keys = stmt
                        .query_map([], |r| r.get(0))
                        .and_then(|r| r.collect())
                        .map_err(sq)?;
                    keys
                };
                for chunk in keys.chunks(1000) {
                    let mut tx_ids = TxIds {
                        conn: &tx,
                        err: None,
                    };
                    let mut changes = Vec::with_capacity(chunk.len());
                    for key in chunk {
                        if let Some(r) = read_domain(&tx, kind, key, &mut tx_ids).map_err(sq)? {
                            changes.push(Change::create(r));
                        }
                    }
                    record_local(&tx, &mut team, &changes).map_err(sq)?;
                }
            }
        }
        state_set(&tx, "hlc", team.clock.last().as_str()).map_err(sq)?;
        tx.commit().map_err(sq)?;
        self.after_commit();
        self.team = Some(team);
        Ok(())
    }

    /// The user this copy writes as on the server (a team project only).
    pub fn team_user(&self) -> Option<&str> {
        self.team.as_ref().map(|t| t.user.as_str())
    }

    /// Up to `limit` queued changes, oldest first.
    pub fn outbox(&self, limit: usize) -> Result<Vec<Outgoing>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT n, change_id, kind, key, hlc, fields FROM sync_outbox ORDER BY n LIMIT ?1",
            )
            .map_err(self.sq())?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            })
            .map_err(self.sq())?;
        let mut out = Vec::new();
        for row in rows {
            let (n, id, kind, key, hlc, fields) = row.map_err(self.sq())?;
            let bad = |what: &str| StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("queued change {n}: bad {what}"),
            };
            out.push(Outgoing {
                n,
                change_id: Uuid::parse_str(&id).map_err(|_| bad("id"))?,
                kind: Kind::parse(&kind).ok_or_else(|| bad("kind"))?,
                key,
                hlc: Hlc::parse(&hlc).ok_or_else(|| bad("stamp"))?,
                fields: serde_json::from_str(&fields).map_err(|_| bad("fields"))?,
            });
        }
        Ok(out)
    }

    /// How many changes wait for the server.
    pub fn outbox_len(&self) -> Result<usize> {
        self.conn
            .query_row("SELECT COUNT(*) FROM sync_outbox", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n.max(0) as usize)
            .map_err(self.sq())
    }

    /// The server has committed every queued change up to `n`.
    pub fn acknowledge(&mut self, n: i64) -> Result<()> {
        self.writable()?;
        self.conn
            .execute("DELETE FROM sync_outbox WHERE n <= ?1", [n])
            .map_err(self.sq())?;
        self.after_commit();
        Ok(())
    }

    /// Merge a batch of changes from the server and apply what they change to the project, with the sequence
    /// number reached, in one transaction. Returns the project changes made (for what is in memory).
    pub fn merge_incoming(
        &mut self,
        batch: &[Incoming],
        seen: i64,
        phase: i64,
    ) -> Result<Vec<Change>> {
        self.writable()?;
        let path = self.path.clone();
        let sq = |err| sqlite_error(&path, err);
        let Some(team) = self.team.as_mut() else {
            return Ok(Vec::new());
        };
        let tx = self.conn.transaction().map_err(sq)?;
        let mut ids = TxIds {
            conn: &tx,
            err: None,
        };
        let mut applied = Vec::new();
        // Codes first: annotations in the batch may name them.
        let mut order: Vec<&Incoming> = batch.iter().collect();
        order.sort_by_key(|c| (c.kind != Kind::Code, c.seq));
        for c in order {
            team.clock.observe(&c.hlc);
            let mut state = load_record(&tx, c.kind, &c.key).map_err(sq)?;
            let lost = state.merge(&c.hlc, &c.author, &c.fields);
            save_record(&tx, c.kind, &c.key, &state, &lost).map_err(sq)?;
            let before = read_domain(&tx, c.kind, &c.key, &mut ids).map_err(sq)?;
            let after = records::materialize(c.kind, &c.key, &state, before.as_ref(), &mut ids);
            let after = match after {
                Some(r) if !fits(&tx, &r).map_err(sq)? => {
                    log::warn!(
                        "{}: a {} from the server does not fit this project; not applied",
                        path.display(),
                        c.kind.as_str()
                    );
                    continue;
                }
                other => other,
            };
            if before == after {
                continue;
            }
            match (&before, &after) {
                (_, Some(r)) => put(&tx, r).map_err(sq)?,
                (Some(r), None) => remove(&tx, r).map_err(sq)?,
                (None, None) => {}
            }
            applied.push(Change { before, after });
        }
        if let Some(e) = ids.err {
            return Err(sq(e));
        }
        state_set(&tx, "seen", &seen.to_string()).map_err(sq)?;
        state_set(&tx, "phase", &phase.to_string()).map_err(sq)?;
        state_set(&tx, "hlc", team.clock.last().as_str()).map_err(sq)?;
        tx.commit().map_err(sq)?;
        self.after_commit();
        Ok(applied)
    }

    /// Drop these records from the project and from the merged state, and forget the server sequence reached: the
    /// next pull rebuilds them from the server alone (after the server refused a local change to them). Returns the
    /// project changes made.
    pub fn forget_records(&mut self, keys: &[(Kind, String)]) -> Result<Vec<Change>> {
        self.writable()?;
        let path = self.path.clone();
        let sq = |err| sqlite_error(&path, err);
        let tx = self.conn.transaction().map_err(sq)?;
        let mut ids = TxIds {
            conn: &tx,
            err: None,
        };
        let mut changes = Vec::new();
        for (kind, key) in keys {
            tx.execute(
                "DELETE FROM sync_records WHERE kind = ?1 AND key = ?2",
                [kind.as_str(), key],
            )
            .map_err(sq)?;
            if let Some(r) = read_domain(&tx, *kind, key, &mut ids).map_err(sq)? {
                // Blocks and article details go with their article: they are rebuilt, not removed.
                if matches!(kind, Kind::Annotation | Kind::Code | Kind::Decision) {
                    remove(&tx, &r).map_err(sq)?;
                    changes.push(Change::delete(r));
                }
            }
        }
        if let Some(e) = ids.err {
            return Err(sq(e));
        }
        state_set(&tx, "seen", "0").map_err(sq)?;
        tx.commit().map_err(sq)?;
        self.after_commit();
        Ok(changes)
    }

    /// Forget the server sequence reached, so the next pull reads everything again (after a blind phase ends, the
    /// rows it hid become visible below the sequence already seen).
    pub fn reset_seen(&mut self) -> Result<()> {
        self.writable()?;
        state_set(&self.conn, "seen", "0").map_err(self.sq())
    }

    /// A record's history: every value its fields had, current ones included, newest first.
    pub fn history(&self, kind: Kind, key: &str) -> Result<Vec<HistoryEntry>> {
        let state = load_record(&self.conn, kind, key).map_err(self.sq())?;
        let mut out: Vec<HistoryEntry> = state
            .fields
            .iter()
            .map(|(f, s)| HistoryEntry {
                field: f.clone(),
                hlc: s.hlc.clone(),
                author: s.by.clone(),
                value: s.value.clone(),
                current: true,
            })
            .collect();
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT field, hlc, author, value FROM sync_history WHERE kind = ?1 AND key = ?2",
            )
            .map_err(self.sq())?;
        let rows = stmt
            .query_map([kind.as_str(), key], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            })
            .map_err(self.sq())?;
        for row in rows {
            let (field, hlc, author, value) = row.map_err(self.sq())?;
            if let (Some(hlc), Ok(value)) = (Hlc::parse(&hlc), serde_json::from_str(&value)) {
                out.push(HistoryEntry {
                    field,
                    hlc,
                    author,
                    value,
                    current: false,
                });
            }
        }
        out.sort_by(|a, b| b.hlc.cmp(&a.hlc).then(a.field.cmp(&b.field)));
        Ok(out)
    }

    /// The record `kind`/`key` with one field set to `value` (to restore a value from its history), or None when
    /// the result is not a valid record. The caller applies it as a new edit.
    pub fn with_field(
        &self,
        kind: Kind,
        key: &str,
        field: &str,
        value: &Value,
    ) -> Result<Option<(Option<Record>, Option<Record>)>> {
        // Read-only work on a transaction that is never committed (the id mapping may reserve ids on the way).
        let conn = &self.conn;
        let sp = conn.unchecked_transaction().map_err(self.sq())?;
        let mut ids = TxIds {
            conn: &sp,
            err: None,
        };
        let before = read_domain(&sp, kind, key, &mut ids).map_err(self.sq())?;
        let mut state = load_record(&sp, kind, key).map_err(self.sq())?;
        let hlc = state
            .latest()
            .map(|h| Hlc::new(h.millis(), h.counter().saturating_add(1), "restore"))
            .unwrap_or_else(|| Hlc::new(0, 0, "restore"));
        let mut f = BTreeMap::from([(field.to_owned(), value.clone())]);
        f.insert(DELETED.to_owned(), Value::Bool(false));
        state.merge(&hlc, "", &f);
        let after = records::materialize(kind, key, &state, before.as_ref(), &mut ids);
        drop(sp);
        Ok(after.map(|a| (before, Some(a))))
    }

    /// A record's kind and key (what its history is kept under).
    pub fn sync_key(&self, r: &Record) -> Result<(Kind, String)> {
        let sp = self.conn.unchecked_transaction().map_err(self.sq())?;
        let mut ids = TxIds {
            conn: &sp,
            err: None,
        };
        let k = records::identify(r, &mut ids);
        let err = ids.err.take();
        drop(ids);
        if err.is_none() {
            sp.commit().map_err(self.sq())?;
        }
        match err {
            Some(e) => Err(sqlite_error(&self.path, e)),
            None => Ok(k),
        }
    }

    /// The next free code id (after the ids reserved for teammates' codes).
    pub fn next_code_id(&self) -> Result<CodeId> {
        next_code_id(&self.conn).map_err(self.sq())
    }
}
