//! The server side: plain PostgreSQL tables, an append-only change log numbered by a server sequence, row-level
//! security deciding who reads and writes what, and `NOTIFY khabar_changes` on every commit to the log. The client
//! pushes its queued changes in batches (each one transaction; the change ids are unique, so a retry after a crash
//! inserts nothing twice) and pulls the others' since the last sequence it merged.
//!
//! Who may do what is decided by the server from `current_user`: coders are members of `khabar_coder`, leads of
//! `khabar_lead` (or the user who published the project). A coder writes only annotations it owns (the first writer
//! of an annotation owns it) under its own name; while the project is in a blind phase a coder cannot even read
//! other coders' annotations; a lead adjudicates (writes any annotation) and manages the codebook (coders may too
//! unless `coders_edit_codebook` is off).

use std::collections::BTreeMap;
use std::io::Write;

use postgres::{Client, NoTls};
use uuid::Uuid;

use super::conninfo::{ConnError, ConnInfo, SslMode};
use super::hlc::Hlc;
use super::records::Kind;
use crate::model::{Article, ArticleId, ArticleMeta, Block};
use crate::project::{Project, ProjectError};
use crate::store::sync::{Incoming, Outgoing};
use crate::store::StoreError;

/// Changes per push or pull transaction: large enough for throughput, small enough that a batch commits quickly.
pub const BATCH: usize = 5_000;
/// The notification channel.
pub const CHANNEL: &str = "khabar_changes";

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Conn(#[from] ConnError),
    #[error("{server}: {message}")]
    Server { server: String, message: String },
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error("{0}: not a team project (publish it with `khabar team init`, or join one with `khabar team join`)")]
    NotTeam(String),
    #[error("{server}: {message}")]
    Refused { server: String, message: String },
}

impl From<StoreError> for SyncError {
    fn from(e: StoreError) -> Self {
        SyncError::Project(ProjectError::Store(e))
    }
}

impl SyncError {
    /// The server could not be reached (offline): worth retrying later, nothing is wrong with the data.
    pub fn is_offline(&self) -> bool {
        matches!(self, SyncError::Server { message, .. } if message.starts_with("cannot reach"))
    }
}

/// A server error as a message: the database's own words when it gave any (never the connection's password).
pub fn pg_message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut m = db.message().to_owned();
        if let Some(d) = db.detail() {
            m += &format!(" ({d})");
        }
        return m;
    }
    let mut m = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        m += &format!(": {s}");
        src = s.source();
    }
    m
}

/// A connection to the server with what it needs for messages.
pub struct Server {
    pub client: Client,
    pub info: ConnInfo,
}

impl Server {
    fn err(&self, e: postgres::Error) -> SyncError {
        SyncError::Server {
            server: self.info.display(),
            message: pg_message(&e),
        }
    }
}

/// Connect (TLS as `sslmode` asks; see [`SslMode`]).
pub fn connect(info: &ConnInfo) -> Result<Server, SyncError> {
    let config = info.config();
    let offline = |e: postgres::Error| {
        let m = pg_message(&e);
        SyncError::Server {
            server: info.display(),
            // The server's refusal (a wrong password) or settings that cannot work are not "offline".
            message: if e.as_db_error().is_some()
                || m.starts_with("invalid configuration")
                || m.contains("TLS handshake")
            {
                m
            } else {
                format!("cannot reach the server: {m}")
            },
        }
    };
    let client = match info.sslmode {
        SslMode::Disable => config.connect(NoTls).map_err(offline)?,
        mode => {
            let mut b = native_tls::TlsConnector::builder();
            match mode {
                SslMode::Prefer | SslMode::Require => {
                    b.danger_accept_invalid_certs(true)
                        .danger_accept_invalid_hostnames(true);
                }
                SslMode::VerifyCa => {
                    b.danger_accept_invalid_hostnames(true);
                }
                _ => {}
            }
            if let Some(path) = &info.sslrootcert {
                let pem = std::fs::read(path).map_err(|e| SyncError::Refused {
                    server: info.display(),
                    message: format!("{}: {e}", path.display()),
                })?;
                let cert =
                    native_tls::Certificate::from_pem(&pem).map_err(|e| SyncError::Refused {
                        server: info.display(),
                        message: format!("{}: not a PEM certificate: {e}", path.display()),
                    })?;
                b.add_root_certificate(cert);
            }
            let tls = b.build().map_err(|e| SyncError::Refused {
                server: info.display(),
                message: format!("TLS: {e}"),
            })?;
            config
                .connect(postgres_native_tls::MakeTlsConnector::new(tls))
                .map_err(offline)?
        }
    };
    Ok(Server {
        client,
        info: info.clone(),
    })
}

/// The tables, functions and policies of a team project (one database per project). Run by the lead who publishes.
pub const SCHEMA: &str = r#"
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'khabar_coder') THEN CREATE ROLE khabar_coder NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'khabar_lead') THEN CREATE ROLE khabar_lead NOLOGIN; END IF;
END $$;

CREATE TABLE khabar_project (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    lead name NOT NULL DEFAULT current_user,
    blind boolean NOT NULL DEFAULT false,
    -- Bumped whenever `blind` changes: rows hidden before may be visible now, so copies pull everything again.
    phase bigint NOT NULL DEFAULT 0,
    coders_edit_codebook boolean NOT NULL DEFAULT true,
    created timestamptz NOT NULL DEFAULT now(),
    one_row boolean NOT NULL DEFAULT true UNIQUE CHECK (one_row)
);

CREATE TABLE khabar_articles (
    id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
    position bigint NOT NULL,
    title text NOT NULL,
    source text,
    url text,
    published text,
    origin text NOT NULL,
    char_len bigint NOT NULL CHECK (char_len >= 0),
    body text NOT NULL,
    blocks text NOT NULL
);

-- Who owns each record (its first writer); read only through khabar_owner_of.
CREATE TABLE khabar_owners (
    kind text NOT NULL,
    key text NOT NULL,
    owner name NOT NULL,
    PRIMARY KEY (kind, key)
);

CREATE SEQUENCE khabar_seq;
CREATE TABLE khabar_changes (
    seq bigint PRIMARY KEY,
    change_id uuid NOT NULL UNIQUE,
    kind text NOT NULL CHECK (kind IN ('code', 'annotation', 'block', 'meta', 'decision')),
    key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    hlc text NOT NULL CHECK (length(hlc) BETWEEN 1 AND 100),
    fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'object'),
    author name NOT NULL,
    owner name NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX khabar_changes_record ON khabar_changes (kind, key);

CREATE FUNCTION khabar_is_lead() RETURNS boolean LANGUAGE sql STABLE AS $f$
    SELECT pg_has_role(current_user, 'khabar_lead', 'MEMBER')
        OR current_user = (SELECT lead FROM khabar_project)
$f$;
CREATE FUNCTION khabar_blind() RETURNS boolean LANGUAGE sql STABLE AS $f$
    SELECT COALESCE((SELECT blind FROM khabar_project), false)
$f$;
CREATE FUNCTION khabar_coders_edit_codebook() RETURNS boolean LANGUAGE sql STABLE AS $f$
    SELECT COALESCE((SELECT coders_edit_codebook FROM khabar_project), false)
$f$;

-- Owners are claimed for a whole batch at once (a claim per row, interleaved with lookups, took milliseconds each):
-- the first writer of a record owns it. Runs as the table owner (coders cannot read or write khabar_owners), and
-- only for the caller's own roles.
CREATE FUNCTION khabar_claim(kinds text[], keys text[], claimant name) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER AS $f$
BEGIN
    IF NOT pg_has_role(session_user, claimant, 'MEMBER') THEN
        RAISE EXCEPTION 'cannot claim records for %', claimant USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO public.khabar_owners (kind, key, owner)
        SELECT DISTINCT k, ky, claimant FROM unnest(kinds, keys) AS u(k, ky)
        ON CONFLICT DO NOTHING;
END $f$;
CREATE FUNCTION khabar_owner(k text, ky text) RETURNS name
LANGUAGE sql STABLE SECURITY DEFINER AS $f$
    SELECT owner FROM public.khabar_owners WHERE kind = k AND key = ky
$f$;

-- Every change gets its author and owner from the server (never from the client) and the next sequence number.
-- Writers take one lock until they commit, so sequence numbers become visible in order: a copy that has merged up to
-- N never misses a change numbered below N that commits later.
CREATE FUNCTION khabar_stamp() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM pg_advisory_xact_lock(4242);
    NEW.author := current_user;
    NEW.owner := khabar_owner(NEW.kind, NEW.key);
    IF NEW.owner IS NULL THEN
        PERFORM khabar_claim(ARRAY[NEW.kind], ARRAY[NEW.key], current_user);
        NEW.owner := khabar_owner(NEW.kind, NEW.key);
    END IF;
    NEW.seq := nextval('khabar_seq');
    NEW.at := now();
    RETURN NEW;
END $f$;
CREATE TRIGGER khabar_stamp BEFORE INSERT ON khabar_changes FOR EACH ROW EXECUTE FUNCTION khabar_stamp();

CREATE FUNCTION khabar_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    RAISE EXCEPTION 'khabar_changes is append-only';
END $f$;
CREATE TRIGGER khabar_append_only BEFORE UPDATE OR DELETE ON khabar_changes
    FOR EACH ROW EXECUTE FUNCTION khabar_append_only();

CREATE FUNCTION khabar_notify() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM pg_notify('khabar_changes', '');
    RETURN NULL;
END $f$;
CREATE TRIGGER khabar_notify AFTER INSERT ON khabar_changes
    FOR EACH STATEMENT EXECUTE FUNCTION khabar_notify();

CREATE FUNCTION khabar_phase() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF NEW.blind IS DISTINCT FROM OLD.blind THEN
        NEW.phase := OLD.phase + 1;
        PERFORM pg_notify('khabar_changes', '');
    END IF;
    RETURN NEW;
END $f$;
CREATE TRIGGER khabar_phase BEFORE UPDATE ON khabar_project FOR EACH ROW EXECUTE FUNCTION khabar_phase();

ALTER TABLE khabar_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE khabar_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY khabar_read ON khabar_changes FOR SELECT USING (
    kind <> 'annotation' OR owner = current_user OR NOT khabar_blind() OR khabar_is_lead()
);
CREATE POLICY khabar_write ON khabar_changes FOR INSERT WITH CHECK (
    author = current_user AND (
        khabar_is_lead()
        OR (kind = 'annotation' AND owner = current_user
            AND (NOT fields ? 'creator' OR fields->>'creator' = current_user))
        OR (kind = 'code' AND khabar_coders_edit_codebook())
        OR kind IN ('block', 'meta', 'decision')
    )
);

ALTER TABLE khabar_project ENABLE ROW LEVEL SECURITY;
CREATE POLICY khabar_project_read ON khabar_project FOR SELECT USING (true);
CREATE POLICY khabar_project_lead ON khabar_project FOR UPDATE USING (khabar_is_lead());

REVOKE ALL ON khabar_project, khabar_articles, khabar_owners, khabar_changes FROM PUBLIC;
GRANT SELECT ON khabar_project, khabar_articles TO khabar_coder, khabar_lead;
GRANT SELECT, INSERT ON khabar_changes TO khabar_coder, khabar_lead;
GRANT USAGE ON SEQUENCE khabar_seq TO khabar_coder, khabar_lead;
REVOKE ALL ON FUNCTION khabar_claim(text[], text[], name), khabar_owner(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION khabar_claim(text[], text[], name), khabar_owner(text, text) TO khabar_coder, khabar_lead;
GRANT UPDATE (blind, coders_edit_codebook) ON khabar_project TO khabar_lead;
GRANT INSERT ON khabar_articles TO khabar_lead;
"#;

/// What the server says about the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerProject {
    pub id: Uuid,
    pub name: String,
    pub lead: String,
    pub blind: bool,
    pub phase: i64,
    /// The highest sequence number this user can see.
    pub latest: i64,
    pub articles: i64,
}

impl Server {
    pub fn user(&mut self) -> Result<String, SyncError> {
        let row = self
            .client
            .query_one("SELECT current_user::text", &[])
            .map_err(|e| self.err(e))?;
        Ok(row.get(0))
    }

    pub fn project(&mut self) -> Result<ServerProject, SyncError> {
        let row = self
            .client
            .query_opt(
                "SELECT id, name, lead::text, blind, phase, \
                 (SELECT COALESCE(MAX(seq), 0) FROM khabar_changes), (SELECT COUNT(*) FROM khabar_articles) \
                 FROM khabar_project",
                &[],
            )
            .map_err(|e| {
                let missing = e.code() == Some(&postgres::error::SqlState::UNDEFINED_TABLE);
                if missing {
                    SyncError::Refused {
                        server: self.info.display(),
                        message: "this database holds no Khabar team project (publish one with `khabar team init`)".into(),
                    }
                } else {
                    self.err(e)
                }
            })?;
        let Some(row) = row else {
            return Err(SyncError::Refused {
                server: self.info.display(),
                message: "this database holds no Khabar team project (publish one with `khabar team init`)"
                    .into(),
            });
        };
        Ok(ServerProject {
            id: row.get(0),
            name: row.get(1),
            lead: row.get(2),
            blind: row.get(3),
            phase: row.get(4),
            latest: row.get(5),
            articles: row.get(6),
        })
    }

    /// Create the project's tables and upload its articles (texts are shared once; everything else as changes).
    pub fn publish(&mut self, project: &Project, id: Uuid, name: &str) -> Result<(), SyncError> {
        let mut tx = self.client.transaction().map_err(|e| SyncError::Server {
            server: self.info.display(),
            message: pg_message(&e),
        })?;
        let server = self.info.display();
        let e = |e: postgres::Error| SyncError::Server {
            server: server.clone(),
            message: pg_message(&e),
        };
        tx.batch_execute(SCHEMA).map_err(|err| {
            if err.code() == Some(&postgres::error::SqlState::DUPLICATE_TABLE) {
                SyncError::Refused {
                    server: server.clone(),
                    message: "this database already holds a Khabar team project; join it with `khabar team join`".into(),
                }
            } else {
                e(err)
            }
        })?;
        tx.execute(
            "INSERT INTO khabar_project (id, name) VALUES ($1, $2)",
            &[&id, &name],
        )
        .map_err(e)?;
        // The publisher leads: it may need the role to grant it to others.
        let _ = tx.batch_execute("SAVEPOINT g; GRANT khabar_lead TO CURRENT_USER; RELEASE g;");
        let _ = tx.batch_execute("ROLLBACK TO SAVEPOINT g; RELEASE g;");
        let mut w = tx
            .copy_in(
                "COPY khabar_articles (id, position, title, source, url, published, origin, char_len, body, blocks) \
                 FROM STDIN (FORMAT csv)",
            )
            .map_err(e)?;
        let mut buf = Vec::new();
        for (pos, meta) in project.metas().iter().enumerate() {
            let (text, blocks) = project.article_text_and_blocks(&meta.id)?;
            {
                let mut csv = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(&mut buf);
                let opt = |s: &Option<String>| s.clone();
                csv.serialize((
                    meta.id.as_str(),
                    pos as i64,
                    &meta.title,
                    opt(&meta.source),
                    opt(&meta.url),
                    meta.published.map(|d| d.to_string()),
                    &meta.origin,
                    meta.char_len as i64,
                    text.as_str(),
                    serde_json::to_string(&*blocks).expect("blocks serialise"),
                ))
                .map_err(|err| SyncError::Refused {
                    server: server.clone(),
                    message: format!("article {}: {err}", meta.id),
                })?;
            }
            if buf.len() > 1 << 20 {
                w.write_all(&buf).map_err(|err| SyncError::Server {
                    server: server.clone(),
                    message: err.to_string(),
                })?;
                buf.clear();
            }
        }
        w.write_all(&buf).map_err(|err| SyncError::Server {
            server: server.clone(),
            message: err.to_string(),
        })?;
        w.finish().map_err(e)?;
        tx.commit().map_err(e)
    }

    /// The project's articles, in order (for a new copy). Each is checked like any imported article.
    pub fn articles(&mut self) -> Result<Vec<Article>, SyncError> {
        let rows = self
            .client
            .query(
                "SELECT id, title, source, url, published, origin, char_len, body, blocks \
                 FROM khabar_articles ORDER BY position, id",
                &[],
            )
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: String = r.get(0);
            let text: String = r.get(7);
            let bad = |what: &str| SyncError::Refused {
                server: self.info.display(),
                message: format!("article {id} on the server: {what}; the copy was not made"),
            };
            if ArticleId::from_text(&text).as_str() != id {
                return Err(bad("its text does not match its id"));
            }
            let char_len = text.chars().count();
            let blocks: Vec<Block> = serde_json::from_str(&r.get::<_, String>(8))
                .map_err(|_| bad("unreadable blocks"))?;
            if blocks.iter().any(|b| {
                b.range.start > b.range.end
                    || b.range.end > char_len
                    || b.content.start < b.range.start
                    || b.content.end > b.range.end
                    || b.content.start > b.content.end
            }) {
                return Err(bad("a block lies outside its text"));
            }
            let meta = ArticleMeta {
                id: ArticleId(id.clone()),
                title: r.get(1),
                source: r.get(2),
                url: r.get(3),
                published: r
                    .get::<_, Option<String>>(4)
                    .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                origin: r.get(5),
                char_len,
            };
            out.push(Article::from_parts(meta, text, blocks));
        }
        Ok(out)
    }

    /// Send queued changes in one transaction; the server ignores any it already has (a retry).
    pub fn push(&mut self, batch: &[Outgoing]) -> Result<(), SyncError> {
        if batch.is_empty() {
            return Ok(());
        }
        let server = self.info.display();
        let e = |e: postgres::Error| SyncError::Server {
            server: server.clone(),
            message: pg_message(&e),
        };
        let mut tx = self.client.transaction().map_err(e)?;
        tx.batch_execute(
            "CREATE TEMP TABLE IF NOT EXISTS khabar_incoming \
             (ord bigint, change_id uuid, kind text, key text, hlc text, fields jsonb) ON COMMIT DELETE ROWS",
        )
        .map_err(e)?;
        let mut buf = Vec::new();
        {
            let mut csv = csv::WriterBuilder::new()
                .has_headers(false)
                .from_writer(&mut buf);
            for c in batch {
                csv.serialize((
                    c.n,
                    c.change_id.to_string(),
                    c.kind.as_str(),
                    &c.key,
                    c.hlc.as_str(),
                    serde_json::to_string(&c.fields).expect("fields serialise"),
                ))
                .map_err(|err| SyncError::Refused {
                    server: server.clone(),
                    message: err.to_string(),
                })?;
            }
        }
        let mut w = tx
            .copy_in("COPY khabar_incoming FROM STDIN (FORMAT csv)")
            .map_err(e)?;
        w.write_all(&buf).map_err(|err| SyncError::Server {
            server: server.clone(),
            message: format!("cannot reach the server: {err}"),
        })?;
        w.finish().map_err(e)?;
        tx.execute(
            "SELECT khabar_claim(array_agg(kind), array_agg(key), current_user) FROM khabar_incoming",
            &[],
        )
        .map_err(e)?;
        tx.execute(
            "INSERT INTO khabar_changes (change_id, kind, key, hlc, fields, author, owner, seq) \
             SELECT change_id, kind, key, hlc, fields, current_user, current_user, 0 FROM khabar_incoming ORDER BY ord \
             ON CONFLICT (change_id) DO NOTHING",
            &[],
        )
        .map_err(|err| {
            if err.code() == Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE) {
                SyncError::Refused {
                    server: server.clone(),
                    message: format!(
                        "the server refused the changes: {} (a coder may change only its own annotations, \
                         and the codebook only when the lead allows it)",
                        pg_message(&err)
                    ),
                }
            } else {
                e(err)
            }
        })?;
        tx.commit().map_err(e)
    }

    /// Changes after `since` that this user may see, up to `limit`, in sequence order, each checked for form
    /// (a row that is not a change this build understands is skipped and logged). Returns them and the highest
    /// sequence number read.
    pub fn pull(&mut self, since: i64, limit: usize) -> Result<(Vec<Incoming>, i64), SyncError> {
        let rows = self
            .client
            .query(
                "SELECT seq, kind, key, hlc, fields::text, author::text FROM khabar_changes \
                 WHERE seq > $1 ORDER BY seq LIMIT $2",
                &[&since, &(limit as i64)],
            )
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(rows.len());
        let mut last = since;
        for r in rows {
            let seq: i64 = r.get(0);
            last = last.max(seq);
            let kind = Kind::parse(r.get(1));
            let hlc = Hlc::parse(r.get(3));
            let fields: Option<BTreeMap<String, serde_json::Value>> =
                serde_json::from_str(r.get(4)).ok();
            match (kind, hlc, fields) {
                (Some(kind), Some(hlc), Some(fields)) => out.push(Incoming {
                    seq,
                    kind,
                    key: r.get(2),
                    hlc,
                    fields,
                    author: r.get(5),
                }),
                _ => log::warn!("change {seq} on the server is not one this Khabar reads; skipped"),
            }
        }
        Ok((out, last))
    }

    /// Start listening for new changes on this connection.
    pub fn listen(&mut self) -> Result<(), SyncError> {
        self.client
            .batch_execute(&format!("LISTEN {CHANNEL}"))
            .map_err(|e| self.err(e))
    }

    /// Wait up to `timeout` for a notification; true when one came.
    pub fn wait(&mut self, timeout: std::time::Duration) -> Result<bool, SyncError> {
        use postgres::fallible_iterator::FallibleIterator;
        let offline = |e: postgres::Error| SyncError::Server {
            server: self.info.display(),
            message: format!("cannot reach the server: {}", pg_message(&e)),
        };
        let mut n = self.client.notifications();
        let got = n.timeout_iter(timeout).next().map_err(offline)?;
        // Several commits may have come together: one wake-up for all (`iter` only takes what has arrived).
        let rest = n.iter().count().map_err(offline)?;
        let any = got.is_some() || rest > 0;
        Ok(any)
    }

    /// Set or end the blind phase (a lead only: the server refuses anyone else).
    pub fn set_blind(&mut self, blind: bool) -> Result<(), SyncError> {
        let n = self
            .client
            .execute("UPDATE khabar_project SET blind = $1", &[&blind])
            .map_err(|e| self.err(e))?;
        if n == 0 {
            return Err(SyncError::Refused {
                server: self.info.display(),
                message: "only the project's lead can change the blind phase".into(),
            });
        }
        Ok(())
    }
}

/// Push a batch; when the server refuses it (row-level security: a coder changed another coder's annotation, or the
/// codebook without leave), push its changes one by one and return those refused, so one refused change cannot hold
/// up everything queued after it.
pub fn push_batch(
    server: &mut Server,
    batch: &[Outgoing],
) -> Result<Vec<(Outgoing, String)>, SyncError> {
    match server.push(batch) {
        Ok(()) => Ok(Vec::new()),
        Err(SyncError::Refused { .. }) => {
            let mut refused = Vec::new();
            for c in batch {
                match server.push(std::slice::from_ref(c)) {
                    Ok(()) => {}
                    Err(SyncError::Refused { message, .. }) => refused.push((c.clone(), message)),
                    Err(e) => return Err(e),
                }
            }
            Ok(refused)
        }
        Err(e) => Err(e),
    }
}

/// What one sync did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// Changes the server refused (not allowed for this user): the records they touched were reset to the server's
    /// version.
    pub refused: Vec<String>,
    pub pushed: usize,
    pub pulled: usize,
    /// Records in the project that changed.
    pub applied: usize,
    pub seen: i64,
}

/// Push everything queued, then pull everything new, batch by batch (each batch durable on both sides before
/// the next; an interruption anywhere loses nothing and a retry duplicates nothing).
pub fn sync_once(project: &mut Project, server: &mut Server) -> Result<SyncReport, SyncError> {
    let info = project
        .store()
        .team_info()?
        .ok_or_else(|| SyncError::NotTeam(project.path().display().to_string()))?;
    if let Some(name) = &info.publishing {
        // A publish was interrupted: complete it (or note that the server has it already).
        match server.project() {
            Ok(_) => {}
            Err(SyncError::Refused { .. }) => server.publish(project, info.project, name)?,
            Err(e) => return Err(e),
        }
        project.store_mut().published()?;
    }
    let remote = server.project()?;
    if remote.id != info.project {
        return Err(SyncError::Refused {
            server: server.info.display(),
            message: format!(
                "this server holds another team project ({}), not this project's ({})",
                remote.id, info.project
            ),
        });
    }
    let mut report = SyncReport::default();
    loop {
        let batch = project.store().outbox(BATCH)?;
        let Some(last) = batch.last().map(|c| c.n) else {
            break;
        };
        let refused = push_batch(server, &batch)?;
        project.store_mut().acknowledge(last)?;
        report.pushed += batch.len() - refused.len();
        if !refused.is_empty() {
            let keys: Vec<(Kind, String)> = refused
                .iter()
                .map(|(c, _)| (c.kind, c.key.clone()))
                .collect();
            project.forget_records(&keys)?;
            report.refused.extend(
                refused
                    .into_iter()
                    .map(|(c, why)| format!("{} {}: {why}", c.kind.as_str(), c.key)),
            );
        }
    }
    if !report.refused.is_empty() {
        // The records are rebuilt from what the server has (the pull below starts from the beginning).
        let info = project
            .store()
            .team_info()?
            .ok_or_else(|| SyncError::NotTeam(project.path().display().to_string()))?;
        report.applied += pull_all(
            project,
            server,
            &crate::store::sync::TeamInfo { seen: 0, ..info },
            remote.phase,
            &mut report,
        )?;
        return Ok(report);
    }
    report.applied += pull_all(project, server, &info, remote.phase, &mut report)?;
    Ok(report)
}

fn pull_all(
    project: &mut Project,
    server: &mut Server,
    info: &crate::store::sync::TeamInfo,
    phase: i64,
    report: &mut SyncReport,
) -> Result<usize, SyncError> {
    // A new blind phase: rows hidden until now may be visible below the sequence reached.
    let mut seen = if phase != info.phase { 0 } else { info.seen };
    let mut applied = 0;
    loop {
        let (batch, last) = server.pull(seen, BATCH)?;
        if last == seen {
            break;
        }
        // One's own changes are merged already (when they were made).
        let others: Vec<Incoming> = batch
            .into_iter()
            .filter(|c| !c.hlc.as_str().ends_with(&format!(".{}", info.replica)))
            .collect();
        report.pulled += others.len();
        applied += project.merge_incoming(&others, last, phase)?;
        seen = last;
    }
    if seen == info.seen && phase != info.phase {
        project.merge_incoming(&[], seen, phase)?;
    }
    report.seen = seen;
    Ok(applied)
}

/// Make a new local copy of the project on the server at `out`.
pub fn join(
    server: &mut Server,
    out: &std::path::Path,
) -> Result<(Project, SyncReport), SyncError> {
    let remote = server.project()?;
    let user = server.user()?;
    let articles = server.articles()?;
    let display = server.info.display();
    let store = crate::store::Store::create(out, |store| {
        store.add_articles(&articles)?;
        store.start_team(&display, &user, remote.id, None)
    })?;
    drop(store);
    let mut project = Project::open(out)?;
    let report = sync_once(&mut project, server)?;
    Ok((project, report))
}

/// Publish `project` on the server (an empty database) and sync it.
pub fn init(
    project: &mut Project,
    server: &mut Server,
    name: &str,
) -> Result<SyncReport, SyncError> {
    if project.store().team_info()?.is_some() {
        return Err(SyncError::Refused {
            server: server.info.display(),
            message: format!(
                "{} is already a team project; sync it with `khabar sync`",
                project.path().display()
            ),
        });
    }
    let user = server.user()?;
    // The project file first becomes a team project that is being published, then the server gets it: a crash
    // between the two leaves a project whose next sync completes the publish.
    project
        .store_mut()
        .start_team(&server.info.display(), &user, Uuid::new_v4(), Some(name))?;
    project.creator = user;
    sync_once(project, server)
}
