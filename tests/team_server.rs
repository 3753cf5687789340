//! Team projects against a real PostgreSQL server (started by the test in a temporary directory): concurrent edits
//! on two copies converge to the same export with nothing acknowledged missing; row-level security holds in the
//! coder's own SQL session; interrupted syncs lose nothing and duplicate nothing.

mod common;

use std::path::{Path, PathBuf};

use common::pg::Pg;
use khabar::annotate::codebook::upsert_code_changes;
use khabar::annotate::Edit;
use khabar::project::Project;
use khabar::sync::conninfo::ConnInfo;
use khabar::sync::records::Kind;
use khabar::sync::server::{self, Server, SyncReport};

fn connect(pg: &Pg, user: &str, db: &str) -> Server {
    server::connect(&ConnInfo::resolve(&pg.url(user, &format!("{user}-pw"), db)).unwrap()).unwrap()
}

/// One sync of a copy, with the password typed (as the GUI would; the project file has none).
fn sync(p: &mut Project) -> SyncReport {
    try_sync(p).unwrap()
}

fn try_sync(p: &mut Project) -> Result<SyncReport, server::SyncError> {
    let info = p.store().team_info().unwrap().expect("a team project");
    let pw = format!("{}-pw", info.user);
    let mut srv = server::connect(&ConnInfo::resolve(&info.server)?.with_password(Some(pw)))?;
    server::sync_once(p, &mut srv)
}

/// A lead's published project and a coder's copy of it.
fn published(pg: &Pg, dir: &Path, coders: &[&str]) -> (Project, Vec<Project>) {
    pg.team("team", "lena", coders);
    let mut lead =
        Project::create(&dir.join("lead.khabar"), &khabar::ingest::bundled_corpus()).unwrap();
    server::init(&mut lead, &mut connect(pg, "lena", "team"), "Russia–Korea").unwrap();
    let copies = coders
        .iter()
        .map(|c| {
            server::join(
                &mut connect(pg, c, "team"),
                &dir.join(format!("{c}.khabar")),
            )
            .unwrap()
            .0
        })
        .collect();
    (lead, copies)
}

fn annotate(p: &mut Project, quote: &str, code: &str, note: &str) -> uuid::Uuid {
    let article = p.metas()[0].id.clone();
    let code = p.code_by_name(code).unwrap().id;
    let range = p.find_quote(&article, quote, 1).unwrap();
    p.add_annotation(&article, range, vec![code], note.to_owned())
        .unwrap()
}

fn export(path: &Path, out: &Path) -> Vec<u8> {
    common::cli::run(
        path,
        &[
            "export",
            "--format",
            "w3c",
            "--out",
            out.to_str().unwrap(),
            "--reproducible",
        ],
    );
    std::fs::read(out).unwrap()
}

fn set_note(p: &mut Project, id: &uuid::Uuid, note: &str) {
    let mut a = p.annotation(id).unwrap();
    a.note = note.into();
    assert!(p.update_annotation(a).unwrap());
}

fn rename_code(p: &mut Project, name: &str, to: &str) {
    let mut c = p.code_by_name(name).unwrap().clone();
    c.name = to.into();
    let changes = upsert_code_changes(p.codes(), c).unwrap();
    p.apply(Edit::new("Rename code", changes)).unwrap();
}

#[test]
fn two_copies_edit_concurrently_and_converge_with_the_losing_values_in_history() {
    let Some(pg) = Pg::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (mut lead, mut copies) = published(&pg, dir.path(), &["alice"]);
    let mut alice = copies.remove(0);
    assert_eq!(alice.metas().len(), lead.metas().len());
    assert_eq!(alice.codes().len(), lead.codes().len());

    // Online: each annotates, each syncs.
    let quotes = word_quotes(&lead, 8);
    let a1 = annotate(&mut alice, &quotes[0], "Sanctions", "alice online");
    let l1 = annotate(&mut lead, &quotes[1], "Treaty/agreement", "lead online");
    sync(&mut alice);
    sync(&mut lead);
    sync(&mut alice);
    assert!(alice.annotation(&l1).is_some() && lead.annotation(&a1).is_some());

    // Offline: the server is down; edits stay local and a sync says it is offline.
    pg.stop();
    let a2 = annotate(&mut alice, &quotes[2], "Event", "alice offline");
    let l2 = annotate(&mut lead, &quotes[3], "Event", "lead offline");
    let err = try_sync(&mut alice).unwrap_err();
    assert!(err.is_offline(), "{err}");
    assert_eq!(alice.store().outbox_len().unwrap(), 1);
    pg.start_server();
    sync(&mut alice);
    sync(&mut lead);
    sync(&mut alice);
    assert!(lead.annotation(&a2).is_some() && alice.annotation(&l2).is_some());

    // The same note edited on both copies; one deletes what the other edits; both rename the same code.
    set_note(&mut alice, &a1, "alice's second thoughts");
    set_note(&mut lead, &a1, "the lead's adjudication");
    set_note(&mut lead, &a2, "lead edits what alice deletes");
    alice.delete_annotation(&a2).unwrap();
    rename_code(&mut lead, "Sanctions", "Sanctions (lead)");
    rename_code(&mut alice, "Sanctions", "Sanctions (alice)");

    for _ in 0..2 {
        sync(&mut alice);
        sync(&mut lead);
    }
    assert_eq!(alice.store().outbox_len().unwrap(), 0);
    assert_eq!(lead.store().outbox_len().unwrap(), 0);

    // Byte-identical exports.
    let (pa, pl) = (alice.path().to_owned(), lead.path().to_owned());
    let note_a1 = alice.annotation(&a1).unwrap().note;
    let code_name = alice
        .codes()
        .iter()
        .find(|c| c.name.starts_with("Sanctions"))
        .unwrap()
        .name
        .clone();
    let a2_alive = alice.annotation(&a2).is_some();
    let (ha, hl) = (
        alice
            .store()
            .history(Kind::Annotation, &a1.to_string())
            .unwrap(),
        lead.store()
            .history(Kind::Annotation, &a1.to_string())
            .unwrap(),
    );
    drop(alice);
    drop(lead);
    let ea = export(&pa, &dir.path().join("a.json"));
    let el = export(&pl, &dir.path().join("l.json"));
    assert_eq!(String::from_utf8_lossy(&ea), String::from_utf8_lossy(&el));

    // Nothing acknowledged is missing: both online and both offline annotations are there (a2 is there or not,
    // as the later of the delete and the edit decided, on both copies alike).
    let text = String::from_utf8(ea).unwrap();
    for id in [a1, l1, l2] {
        assert!(
            text.contains(&id.to_string()),
            "{id} missing from the export"
        );
    }
    assert_eq!(text.contains(&a2.to_string()), a2_alive);
    // The note that lost is in the history on both copies, and the current one is the one shown.
    for h in [&ha, &hl] {
        let notes: Vec<(String, bool)> = h
            .iter()
            .filter(|e| e.field == "note")
            .map(|e| (e.value.as_str().unwrap().to_owned(), e.current))
            .collect();
        assert!(notes.contains(&(note_a1.clone(), true)), "{notes:?}");
        let other = if note_a1 == "alice's second thoughts" {
            "the lead's adjudication"
        } else {
            "alice's second thoughts"
        };
        assert!(notes.contains(&(other.to_owned(), false)), "{notes:?}");
    }
    // The rename that lost is in the code's history.
    let mut lead = Project::open(&pl).unwrap();
    let code = lead.code_by_name(&code_name).unwrap().clone();
    let (kind, key) = lead
        .store()
        .sync_key(&khabar::annotate::Record::Code(code))
        .unwrap();
    let names: Vec<String> = lead
        .store()
        .history(kind, &key)
        .unwrap()
        .into_iter()
        .filter(|e| e.field == "name")
        .map(|e| e.value.as_str().unwrap().to_owned())
        .collect();
    assert!(
        names.contains(&"Sanctions (lead)".to_owned())
            && names.contains(&"Sanctions (alice)".to_owned()),
        "{names:?}"
    );
    // Restoring the losing note is a new edit that reaches the other copy.
    let lost = hl
        .iter()
        .find(|e| e.field == "note" && !e.current)
        .unwrap()
        .value
        .clone();
    let (before, after) = lead
        .store()
        .with_field(Kind::Annotation, &a1.to_string(), "note", &lost)
        .unwrap()
        .unwrap();
    lead.apply(Edit::new(
        "Restore note",
        vec![khabar::annotate::Change { before, after }],
    ))
    .unwrap();
    sync(&mut lead);
    let mut alice = Project::open(&pa).unwrap();
    sync(&mut alice);
    assert_eq!(alice.annotation(&a1).unwrap().note, lost.as_str().unwrap());

    // A coder's change the server does not allow (another's annotation) is refused, the copy shows the server's
    // version again, and what was queued after it still goes through.
    let lead_note = alice.annotation(&l1).unwrap().note;
    set_note(&mut alice, &l1, "alice overwrites the lead");
    let a3 = annotate(&mut alice, &quotes[4], "Event", "after the refused one");
    let r = sync(&mut alice);
    assert_eq!(r.refused.len(), 1, "{r:?}");
    assert_eq!(alice.annotation(&l1).unwrap().note, lead_note);
    assert_eq!(alice.store().outbox_len().unwrap(), 0);
    sync(&mut lead);
    assert!(lead.annotation(&a3).is_some());
    assert_eq!(lead.annotation(&l1).unwrap().note, lead_note);
}

/// Distinct words of the first article to annotate.
fn word_quotes(p: &Project, n: usize) -> Vec<String> {
    let article = p.article(&p.metas()[0].id).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    article
        .text
        .split(|c: char| !c.is_alphanumeric() && !('\u{0900}'..='\u{097f}').contains(&c))
        .filter(|w| w.chars().count() >= 4 && seen.insert(w.to_string()))
        .take(n)
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_blind_coder_cannot_read_another_coders_rows_in_its_own_session() {
    let Some(pg) = Pg::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (mut lead, mut copies) = published(&pg, dir.path(), &["alice", "bob"]);
    let mut bob = copies.pop().unwrap();
    let mut alice = copies.pop().unwrap();
    let quotes = word_quotes(&lead, 4);
    let b1 = annotate(&mut bob, &quotes[0], "Sanctions", "bob's");
    sync(&mut bob);
    connect(&pg, "lena", "team").set_blind(true).unwrap();
    annotate(&mut bob, &quotes[1], "Sanctions", "bob's, blind");
    annotate(&mut alice, &quotes[2], "Sanctions", "alice's, blind");
    sync(&mut bob);
    sync(&mut alice);
    sync(&mut lead);

    // Alice's own SQL session sees none of bob's rows, not even through a filter on them.
    let mut a =
        postgres::Client::connect(&pg.url("alice", "alice-pw", "team"), postgres::NoTls).unwrap();
    let others: i64 = a
        .query_one(
            "SELECT COUNT(*) FROM khabar_changes WHERE kind = 'annotation' AND owner <> current_user",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(others, 0);
    let bobs: i64 = a
        .query_one(
            "SELECT COUNT(*) FROM khabar_changes WHERE key = $1",
            &[&b1.to_string()],
        )
        .unwrap()
        .get(0);
    assert_eq!(bobs, 0);
    assert!(
        a.query("SELECT * FROM khabar_owners", &[]).is_err(),
        "the owners table is not for coders"
    );
    // Nor does her copy have them; the lead's has everything.
    assert!(alice.annotation(&b1).is_none());
    assert_eq!(alice.annotation_count(), 1);
    assert_eq!(lead.annotation_count(), 3);
    let mut l =
        postgres::Client::connect(&pg.url("lena", "lena-pw", "team"), postgres::NoTls).unwrap();
    let all: i64 = l
        .query_one("SELECT COUNT(*) FROM khabar_changes WHERE kind = 'annotation' AND owner <> current_user", &[])
        .unwrap()
        .get(0);
    assert_eq!(all, 3);

    // Writes: not as someone else, not someone else's annotation, not rewriting the log, not the blind switch.
    let insert = "INSERT INTO khabar_changes (change_id, kind, key, hlc, fields, author, owner, seq) \
                  VALUES (gen_random_uuid(), 'annotation', $1, '0000000000001.000000.x', $2::text::jsonb, 'x', 'x', 0)";
    let forged = a.execute(
        insert,
        &[&uuid::Uuid::new_v4().to_string(), &r#"{"creator":"bob"}"#],
    );
    assert!(forged.is_err(), "alice wrote an annotation in bob's name");
    let theirs = a.execute(insert, &[&b1.to_string(), &r#"{"note":"mine now"}"#]);
    assert!(theirs.is_err(), "alice changed bob's annotation");
    assert!(a.execute("DELETE FROM khabar_changes", &[]).is_err());
    assert!(a
        .execute("UPDATE khabar_changes SET fields = '{}'", &[])
        .is_err());
    assert_eq!(
        a.execute("UPDATE khabar_project SET blind = false", &[])
            .unwrap_or(0),
        0
    );

    // The blind phase ends: alice's next sync brings bob's annotations, also those from before she last synced.
    connect(&pg, "lena", "team").set_blind(false).unwrap();
    sync(&mut alice);
    assert!(alice.annotation(&b1).is_some());
    assert_eq!(alice.annotation_count(), 3);
}

/// The `khabar` binary with a password file for these users (the project file holds no password).
fn khabar_as(pg: &Pg, users: &[&str], args: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new(common::cli::BIN);
    c.args(args)
        .env("PGPASSFILE", pg.pgpass(users))
        .env_remove("PGPASSWORD")
        .env_remove("PGHOST")
        .env_remove("PGUSER");
    c
}

fn ok(c: &mut std::process::Command) -> String {
    common::cli::ok(&c.output().unwrap())
}

fn server_annotations(pg: &Pg) -> (i64, i64, i64) {
    let mut l =
        postgres::Client::connect(&pg.url("lena", "lena-pw", "team"), postgres::NoTls).unwrap();
    let r = l
        .query_one(
            "SELECT COUNT(DISTINCT key) FILTER (WHERE kind = 'annotation'), COUNT(*), COUNT(DISTINCT change_id) \
             FROM khabar_changes",
            &[],
        )
        .unwrap();
    (r.get(0), r.get(1), r.get(2))
}

#[test]
fn the_cli_publishes_joins_and_syncs_and_a_killed_sync_loses_and_duplicates_nothing() {
    let Some(pg) = Pg::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    pg.team("team", "lena", &["alice"]);
    let lead: PathBuf = dir.path().join("lead.khabar");
    let lead_s = lead.to_str().unwrap();
    common::cli::ok(&common::cli::khabar(&[
        "generate",
        lead_s,
        "--articles",
        "400",
        "--annotations",
        "20000",
    ]));
    let url = pg.url_without_password("lena", "team");
    // Publish, killed part-way (kill -9), then again: the retry completes what the killed run began.
    let mut child = khabar_as(
        &pg,
        &["lena"],
        &["--project", lead_s, "team", "init", "--server", &url],
    )
    .stdout(std::process::Stdio::null())
    .stderr(std::process::Stdio::null())
    .spawn()
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(400));
    let _ = child.kill();
    let _ = child.wait();
    let out = khabar_as(&pg, &["lena"], &["--project", lead_s, "sync"])
        .output()
        .unwrap();
    if !out.status.success() {
        // Killed before the project file became a team project: publish now.
        let msg = common::cli::stderr(&out);
        assert!(msg.contains("not a team project"), "{msg}");
        ok(&mut khabar_as(
            &pg,
            &["lena"],
            &["--project", lead_s, "team", "init", "--server", &url],
        ));
    }
    let (anns, rows, ids) = server_annotations(&pg);
    assert_eq!(anns, 20000, "every annotation reached the server");
    assert_eq!(rows, ids, "no change twice");
    let status = ok(&mut khabar_as(
        &pg,
        &["lena"],
        &["--project", lead_s, "team", "status"],
    ));
    assert!(status.contains("state\tsynced"), "{status}");
    assert!(!status.contains("lena-pw"));
    let file = std::fs::read(&lead).unwrap();
    assert!(
        !file.windows(7).any(|w| w == b"lena-pw"),
        "the password is in the project file"
    );

    // Join (killed part-way, then again), then a kill -9 during pull: the next sync finishes; nothing missing.
    let copy = dir.path().join("alice.khabar");
    let copy_s = copy.to_str().unwrap();
    let aurl = pg.url_without_password("alice", "team");
    ok(&mut khabar_as(
        &pg,
        &["alice"],
        &["team", "join", "--server", &aurl, "--out", copy_s],
    ));
    let n = |p: &str| {
        common::cli::run(Path::new(p), &["annotations"])
            .lines()
            .count()
    };
    assert_eq!(n(copy_s), 20000);

    // The lead makes many more; alice's pull is killed part-way; a server restart in the middle of another.
    common::cli::ok(&common::cli::khabar(&[
        "--project",
        lead_s,
        "annotate-stress",
        "--count",
        "3000",
    ]));
    ok(&mut khabar_as(
        &pg,
        &["lena"],
        &["--project", lead_s, "sync"],
    ));
    let mut child = khabar_as(&pg, &["alice"], &["--project", copy_s, "sync"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(150));
    let _ = child.kill();
    let _ = child.wait();
    let mut child = khabar_as(&pg, &["alice"], &["--project", copy_s, "sync"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    pg.stop();
    let _ = child.wait();
    pg.start_server();
    ok(&mut khabar_as(
        &pg,
        &["alice"],
        &["--project", copy_s, "sync"],
    ));
    assert_eq!(n(copy_s), n(lead_s));
    let ea = export(&copy, &dir.path().join("a.json"));
    let el = export(&lead, &dir.path().join("l.json"));
    assert!(ea == el, "the copies' exports differ");
    let (_, rows, ids) = server_annotations(&pg);
    assert_eq!(rows, ids);
}

#[test]
fn tls_require_encrypts_and_verify_full_checks_the_certificate_and_the_host() {
    let Some(pg) = Pg::start_tls() else { return };
    pg.team("team", "lena", &[]);
    let root = pg.root_cert();
    let url = |host: &str, mode: &str| {
        format!(
            "postgres://lena:lena-pw@{host}:{}/team?sslmode={mode}&sslrootcert={}",
            pg.port,
            root.display()
        )
    };
    let encrypted = |srv: &mut Server| -> bool {
        srv.client
            .query_one(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0)
    };
    // require: encrypted, the certificate not checked (no root given).
    let no_root = format!(
        "postgres://lena:lena-pw@localhost:{}/team?sslmode=require",
        pg.port
    );
    let mut s = server::connect(&ConnInfo::resolve(&no_root).unwrap()).unwrap();
    assert!(encrypted(&mut s));
    // verify-full: refused without the root certificate, and when the host is not the certificate's.
    let no_root_full = format!(
        "postgres://lena:lena-pw@localhost:{}/team?sslmode=verify-full",
        pg.port
    );
    assert!(server::connect(&ConnInfo::resolve(&no_root_full).unwrap()).is_err());
    assert!(
        server::connect(&ConnInfo::resolve(&url("127.0.0.1", "verify-full")).unwrap()).is_err()
    );
    let mut s =
        server::connect(&ConnInfo::resolve(&url("localhost", "verify-full")).unwrap()).unwrap();
    assert!(encrypted(&mut s));
    // verify-ca: the certificate checked, the host name not.
    let mut s =
        server::connect(&ConnInfo::resolve(&url("127.0.0.1", "verify-ca")).unwrap()).unwrap();
    assert!(encrypted(&mut s));
}

#[test]
fn block_kinds_and_article_details_reach_the_other_copy() {
    let Some(pg) = Pg::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (mut lead, mut copies) = published(&pg, dir.path(), &["alice"]);
    let mut alice = copies.remove(0);
    let article = lead.metas()[1].id.clone();
    let block = lead
        .article(&article)
        .unwrap()
        .blocks
        .iter()
        .position(|b| b.kind != khabar::model::BlockKind::Boilerplate)
        .unwrap();
    assert!(lead
        .set_block_kind(&article, block, khabar::model::BlockKind::Boilerplate)
        .unwrap());
    let date = chrono::NaiveDate::from_ymd_opt(2024, 6, 19).unwrap();
    lead.set_published(&article, Some(date)).unwrap();
    // Alice retitles the same article concurrently: another field, so both changes stay.
    let mut meta = alice.meta(&article).unwrap().clone();
    meta.title = "अलीस का शीर्षक".into();
    alice.set_meta(meta).unwrap();
    sync(&mut lead);
    sync(&mut alice);
    sync(&mut lead);
    for p in [&alice, &lead] {
        let a = p.article(&article).unwrap();
        assert_eq!(a.blocks[block].kind, khabar::model::BlockKind::Boilerplate);
        assert!(a.blocks[block].user_set);
        assert_eq!(p.meta(&article).unwrap().published, Some(date));
        assert_eq!(p.meta(&article).unwrap().title, "अलीस का शीर्षक");
    }
}

#[test]
fn an_import_its_undo_and_its_redo_reach_the_other_copy() {
    let Some(pg) = Pg::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (mut lead, mut copies) = published(&pg, dir.path(), &["alice"]);
    let mut alice = copies.remove(0);
    // More than one write batch, under a code the import creates.
    let article = alice.metas()[0].id.clone();
    let quotes = word_quotes(&alice, 40);
    let items: Vec<serde_json::Value> = (0..1500)
        .map(|k| {
            serde_json::json!({
                "type": "Annotation",
                // Whoever the file says made them, they become the importing coder's (the server takes no other).
                "creator": { "type": "Person", "name": "बाहरी कोडर" },
                "body": { "type": "TextualBody", "purpose": "tagging", "value": "आयातित" },
                "target": {
                    "source": format!("urn:khabar:article:{article}"),
                    "selector": { "type": "TextQuoteSelector", "exact": quotes[k % quotes.len()] }
                }
            })
        })
        .collect();
    let doc = serde_json::json!({ "type": "AnnotationPage", "items": items }).to_string();
    let report =
        khabar::exchange::import_annotations(&mut alice, doc.as_bytes(), "bulk.jsonld").unwrap();
    assert_eq!(report.imported, 1500);
    assert_eq!(
        alice.store().outbox_len().unwrap(),
        1501,
        "the code and each annotation"
    );
    let r = sync(&mut alice);
    assert!(r.refused.is_empty(), "{:?}", r.refused.first());
    sync(&mut lead);
    assert_eq!(lead.annotation_count(), 1500);
    assert!(lead.code_by_name("आयातित").is_some());
    assert!(lead.all_annotations().iter().all(|a| a.creator == "alice"));

    alice.undo().unwrap().unwrap();
    assert_eq!(alice.annotation_count(), 0);
    sync(&mut alice);
    sync(&mut lead);
    assert_eq!(
        lead.annotation_count(),
        0,
        "the undo deleted them on the server"
    );
    assert!(lead.code_by_name("आयातित").is_none());

    alice.redo().unwrap().unwrap();
    assert_eq!(alice.annotation_count(), 1500);
    assert_eq!(
        alice.store().outbox_len().unwrap(),
        1501,
        "the code and each annotation again"
    );
    sync(&mut alice);
    sync(&mut lead);
    assert_eq!(lead.annotation_count(), 1500);
    assert_eq!(alice.store().outbox_len().unwrap(), 0);
    let out = dir.path().join("lead.jsonld");
    let lead_path = dir.path().join("lead.khabar");
    drop(lead);
    sync(&mut alice);
    let alice_path = dir.path().join("alice.khabar");
    drop(alice);
    assert_eq!(
        export(&lead_path, &out),
        export(&alice_path, &dir.path().join("alice.jsonld"))
    );
}
