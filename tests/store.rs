//! The project file: bad files are refused without being changed; a second process is told the project is open;
//! a killed process loses nothing it reported as saved.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use khabar::project::{Project, ProjectError};
use khabar::store::{StoreError, SCHEMA_VERSION};

fn store_err(r: Result<Project, ProjectError>) -> StoreError {
    match r {
        Err(ProjectError::Store(e)) => e,
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("opened a file that should be refused"),
    }
}

#[test]
fn a_text_file_is_not_a_project_and_is_not_changed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("notes.khabar");
    std::fs::write(&p, "यह कोई प्रोजेक्ट नहीं है\n").unwrap();
    let before = std::fs::read(&p).unwrap();
    let e = store_err(Project::open(&p));
    assert!(matches!(e, StoreError::NotKhabar(_)), "{e}");
    assert!(
        e.to_string().contains("notes.khabar") && e.to_string().contains("not a Khabar project")
    );
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

#[test]
fn another_apps_sqlite_database_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let before = std::fs::read(&p).unwrap();
    assert!(matches!(
        store_err(Project::open(&p)),
        StoreError::NotKhabar(_)
    ));
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

#[test]
fn a_project_from_a_newer_version_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("new.khabar");
    drop(Project::create(&p, &khabar::ingest::bundled_corpus()).unwrap());
    {
        let c = rusqlite::Connection::open(&p).unwrap();
        c.execute_batch(&format!("PRAGMA user_version = {}", SCHEMA_VERSION + 1))
            .unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let before = std::fs::read(&p).unwrap();
    let e = store_err(Project::open(&p));
    assert!(
        matches!(e, StoreError::Newer { version, .. } if version == SCHEMA_VERSION + 1),
        "{e}"
    );
    assert!(e.to_string().contains("newer Khabar"));
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

#[test]
fn a_damaged_project_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("damaged.khabar");
    drop(Project::create(&p, &khabar::ingest::bundled_corpus()).unwrap());
    let mut bytes = std::fs::read(&p).unwrap();
    // Scribble over the pages after the header (keeps the header, so it still looks like our file).
    let page = 4096;
    for b in bytes.iter_mut().skip(page + 100).take(page * 3) {
        *b = 0xA5;
    }
    std::fs::write(&p, &bytes).unwrap();
    let e = store_err(Project::open(&p));
    assert!(
        matches!(e, StoreError::Corrupt { .. } | StoreError::NotKhabar(_)),
        "{e}"
    );
    assert_eq!(std::fs::read(&p).unwrap(), bytes);
}

#[test]
fn a_project_open_elsewhere_is_detected() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("shared.khabar");
    let first = Project::create(&p, &khabar::ingest::bundled_corpus()).unwrap();
    let e = store_err(Project::open(&p));
    assert!(matches!(e, StoreError::Locked(_)));
    assert!(e.to_string().contains("already open"));
    // and from another process (the CLI; `articles` only reads and is allowed, `import` writes and is refused)
    let out = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["--project", p.to_str().unwrap(), "import", "none.txt"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("already open"));
    drop(first);
    reopen(&p); // free again once closed
}

#[test]
fn edits_survive_reopening_and_undo_is_durable_too() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.khabar");
    let (a_id, ann) = {
        let mut project = Project::create(&p, &khabar::ingest::bundled_corpus()).unwrap();
        let id = project.metas()[1].id.clone();
        let r = project.find_quote(&id, "प्योंगयांग", 1).unwrap();
        let ann = project
            .add_annotation(&id, r, vec![1, 2], "पहली टिप्पणी".into())
            .unwrap();
        let gone = project
            .add_annotation(&id, 10..20, vec![3], String::new())
            .unwrap();
        project.undo().unwrap();
        assert!(project.annotation(&gone).is_none());
        (id, ann)
    };
    let project = reopen(&p);
    let a = project.annotation(&ann).unwrap();
    assert_eq!(a.quote, "प्योंगयांग");
    assert_eq!(a.codes, vec![1, 2]);
    assert_eq!(a.note, "पहली टिप्पणी");
    assert_eq!(project.annotations_of(&a_id).len(), 1);
}

/// Reopen a project this process just closed. Other tests in this binary spawn child processes; a child forked
/// while our lock file was open holds the lock until it execs (flock is shared across fork), so allow a moment.
fn reopen(p: &std::path::Path) -> Project {
    for _ in 0..50 {
        match Project::open(p) {
            Err(ProjectError::Store(StoreError::Locked(_))) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            other => return other.unwrap_or_else(|e| panic!("reopen: {e}")),
        }
    }
    panic!("{} stayed locked", p.display());
}

/// SIGKILL the writer at random moments: every id it printed (after its commit) must be in the file.
#[test]
fn killing_the_process_loses_nothing_it_reported_saved() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("crash.khabar");
    drop(Project::create(&p, &khabar::ingest::bundled_corpus()).unwrap());
    let mut printed: Vec<String> = Vec::new();
    // Deterministic "random" kill points.
    let mut seed = 0x9e37_79b9_u32;
    for round in 0..6 {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let kill_after = 3 + (seed % 40) as usize;
        let mut child = Command::new(env!("CARGO_BIN_EXE_khabar"))
            .args([
                "--project",
                p.to_str().unwrap(),
                "annotate-stress",
                "--count",
                "100000",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        for _ in 0..kill_after {
            printed.push(lines.next().expect("the writer is alive").unwrap());
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        // Lines already in the pipe were printed after their commit too.
        for l in lines.map_while(Result::ok) {
            printed.push(l);
        }
        let project = reopen(&p);
        for id in &printed {
            let uuid = uuid::Uuid::parse_str(id).unwrap();
            assert!(
                project.annotation(&uuid).is_some(),
                "round {round}: printed id {id} was lost"
            );
        }
    }
    assert!(printed.len() >= 18);
}
