//! The project file cannot be corrupted or lost: one writer however the file is reached (symbolic and hard links),
//! readers allowed; export never replaces a project or anything that is not a regular file; a mistyped path is an
//! error; damaged data is reported, never a panic; refused files get nothing created beside them.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use common::cli::{khabar, ok, stderr};

use khabar::annotate::{Change, Code, Edit, Record};
use khabar::project::{Project, ProjectError};
use khabar::store::StoreError;

fn store_err(r: Result<Project, ProjectError>) -> StoreError {
    match r {
        Err(ProjectError::Store(e)) => e,
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("opened a file that should be refused"),
    }
}

fn bundled(path: &Path) -> Project {
    Project::create(path, &khabar::ingest::bundled_corpus()).unwrap()
}

/// Open as the writer, waiting a moment for a lock a forked child of another test may still hold (flock is shared
/// with a child between fork and exec).
fn open_writer(p: &Path) -> Project {
    for _ in 0..100 {
        match Project::open(p) {
            Err(ProjectError::Store(StoreError::Locked(_))) => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            other => return other.unwrap_or_else(|e| panic!("open {}: {e}", p.display())),
        }
    }
    panic!("{} stayed locked", p.display());
}

fn annotate_first(project: &mut Project, quote: &str, note: &str) -> uuid::Uuid {
    let id = project.metas()[1].id.clone();
    let r = project.find_quote(&id, quote, 1).unwrap();
    project
        .add_annotation(&id, r, vec![1], note.into())
        .unwrap()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn sidecar(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

#[test]
fn a_second_writer_through_a_hard_link_is_refused_and_a_reader_through_the_same_name_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.khabar");
    let q = dir.path().join("q.khabar");
    drop(bundled(&p));
    std::fs::hard_link(&p, &q).unwrap();
    let mut writer = open_writer(&p);
    let ann = annotate_first(&mut writer, "प्योंगयांग", "through p");

    // In this process and from another one: the file is the same, whatever its name.
    assert!(matches!(
        store_err(Project::open(&q)),
        StoreError::Locked(_)
    ));
    let out = khabar(&[
        "--project",
        q.to_str().unwrap(),
        "annotate",
        "--article",
        &writer.metas()[0].id.0,
        "--quote",
        "किम",
        "--code",
        "Meeting/visit",
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("already open"), "{}", stderr(&out));

    // A reader through the writer's name sees what the writer committed.
    let out = ok(&khabar(&["--project", p.to_str().unwrap(), "annotations"]));
    assert!(out.contains(&ann.to_string()), "{out}");
    // Through the other name it cannot see the writer's log: refused with a reason, not stale data.
    let e = store_err(Project::open_read_only(&q));
    assert!(matches!(e, StoreError::OpenThroughOtherName(_)), "{e}");

    // A file with two names gets every commit checkpointed into the file: no log that only one name would see.
    let wal = sidecar(&p, "-wal");
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
    drop(writer);
    // Once closed, the other name sees every edit.
    // (A child process that another test forks may hold the lock for a moment before it execs: retry briefly.)
    let through_q = (0..100)
        .find_map(|_| match Project::open_read_only(&q) {
            Ok(p) => Some(p),
            Err(_) => {
                std::thread::sleep(std::time::Duration::from_millis(20));
                None
            }
        })
        .expect("readable through the other name once the writer closed");
    assert_eq!(through_q.annotation(&ann).unwrap().note, "through p");
}

#[test]
fn a_second_writer_through_a_symlink_is_refused_and_journals_live_beside_the_real_file() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("real");
    let link_dir = dir.path().join("links");
    std::fs::create_dir(&real_dir).unwrap();
    std::fs::create_dir(&link_dir).unwrap();
    let p = real_dir.join("p.khabar");
    let s = link_dir.join("s.khabar");
    drop(bundled(&p));
    std::os::unix::fs::symlink(&p, &s).unwrap();

    let mut through_link = open_writer(&s);
    annotate_first(&mut through_link, "प्योंगयांग", "through the link");
    assert!(matches!(
        store_err(Project::open(&p)),
        StoreError::Locked(_)
    ));
    let out = khabar(&[
        "--project",
        p.to_str().unwrap(),
        "import",
        "/nonexistent.txt",
    ]);
    assert!(stderr(&out).contains("already open"), "{}", stderr(&out));
    // SQLite was given the real file: its journal is there, none beside the link.
    assert!(sidecar(&p, "-wal").exists());
    assert_eq!(names_in(&link_dir), vec!["s.khabar".to_owned()]);
    // Readers through either name see the edit.
    for name in [&p, &s] {
        let out = ok(&khabar(&[
            "--project",
            name.to_str().unwrap(),
            "annotations",
        ]));
        assert!(out.contains("through the link"), "{out}");
    }
}

#[test]
fn readers_work_while_a_writer_has_the_project_open_and_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.khabar");
    let ps = p.to_str().unwrap();
    let mut writer = bundled(&p);
    annotate_first(&mut writer, "प्योंगयांग", "seen by readers");
    for args in [
        vec!["articles"],
        vec!["codes"],
        vec!["timeline"],
        vec!["annotations", "--json"],
    ] {
        let mut all = vec!["--project", ps];
        all.extend(args.iter().copied());
        ok(&khabar(&all));
    }
    let out_file = dir.path().join("out.json");
    ok(&khabar(&[
        "--project",
        ps,
        "export",
        "--format",
        "json",
        "--out",
        out_file.to_str().unwrap(),
    ]));
    assert!(std::fs::read_to_string(&out_file)
        .unwrap()
        .contains("seen by readers"));
    // A reader in this process refuses edits, and the writer goes on.
    let mut reader = Project::open_read_only(&p).unwrap();
    assert!(reader.is_read_only());
    let id = reader.metas()[0].id.clone();
    let e = reader
        .add_annotation(&id, 0..5, vec![1], String::new())
        .unwrap_err();
    assert!(e.to_string().contains("read-only"), "{e}");
    annotate_first(&mut writer, "किम", "after the reader");
}

#[test]
fn export_never_replaces_a_project_even_the_open_one() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.khabar");
    let other = dir.path().join("renamed.json");
    {
        let mut w = bundled(&p);
        annotate_first(&mut w, "प्योंगयांग", "keep me");
    }
    drop(bundled(&other));
    let before = std::fs::read(&p).unwrap();
    let ps = p.to_str().unwrap();
    // The project onto itself, and onto another project whose name does not say it is one.
    for target in [&p, &other] {
        let out = khabar(&[
            "--project",
            ps,
            "export",
            "--format",
            "json",
            "--out",
            target.to_str().unwrap(),
        ]);
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("is a Khabar project"),
            "{}",
            stderr(&out)
        );
    }
    assert_eq!(std::fs::read(&p).unwrap(), before);
    let reopened = open_writer(&p);
    assert_eq!(reopened.annotation_count(), 1);
    assert!(open_writer(&other).metas().len() == 5);
    assert!(!names_in(dir.path()).iter().any(|n| n.contains("partial")));
}

#[test]
fn export_refuses_fifos_devices_links_folders_and_read_only_files_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.khabar");
    drop(bundled(&p));
    let ps = p.to_str().unwrap();
    let export_to = |target: &Path| {
        khabar(&[
            "--project",
            ps,
            "export",
            "--format",
            "csv",
            "--out",
            target.to_str().unwrap(),
        ])
    };
    // A FIFO: refused at once (no reader would ever come), and still a FIFO.
    let fifo = dir.path().join("fifo.csv");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let out = export_to(&fifo);
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(
        &std::fs::symlink_metadata(&fifo).unwrap().file_type()
    ));
    // A device node.
    let out = export_to(Path::new("/dev/null"));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
    // A symbolic link stays a link, and its target is untouched.
    let kept = dir.path().join("kept.txt");
    std::fs::write(&kept, "mine").unwrap();
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(&kept, &link).unwrap();
    let out = export_to(&link);
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "mine");
    // A folder.
    let out = export_to(dir.path());
    assert!(stderr(&out).contains("is a folder"), "{}", stderr(&out));
    // A read-only file (refused even for root, who could write it).
    let ro = dir.path().join("ro.csv");
    std::fs::write(&ro, "old").unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = export_to(&ro);
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&ro).unwrap(), "old");
    // A private file is overwritten and stays private.
    let private = dir.path().join("private.csv");
    std::fs::write(&private, "old").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    ok(&export_to(&private));
    let meta = std::fs::metadata(&private).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert!(std::fs::read_to_string(&private)
        .unwrap()
        .contains("annotation_id"));
}

#[test]
fn a_partial_file_left_by_a_killed_export_is_reused_and_old_temporaries_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("big.json");
    // What a killed export leaves: this version's partial file, and an earlier version's temporary of a dead process.
    std::fs::write(
        dir.path().join(".big.json.khabar-partial"),
        vec![b'x'; 100_000],
    )
    .unwrap();
    let stale = dir.path().join(".big.json.4000000.1a2b0.tmp");
    std::fs::write(&stale, "stale").unwrap();
    khabar::exchange::write_atomically(&target, b"{}").unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"{}");
    assert_eq!(names_in(dir.path()), vec!["big.json".to_owned()]);
}

#[test]
fn a_mistyped_project_path_is_an_error_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let typo = dir.path().join("typo.khabr");
    let deep = dir.path().join("no").join("such").join("p.khabar");
    for path in [&typo, &deep] {
        for args in [
            vec!["annotate", "--article", "x", "--quote", "y", "--note", "z"],
            vec!["articles"],
            vec!["import", "a.txt"],
            vec!["export", "--format", "json", "--out", "-"],
            vec!["import-annotations", "a.json"],
        ] {
            let mut all = vec!["--project", path.to_str().unwrap()];
            all.extend(args.iter().copied());
            let out = khabar(&all);
            assert!(!out.status.success(), "{args:?}");
            assert!(
                stderr(&out).contains("no such project file")
                    && stderr(&out).contains(&path.display().to_string()),
                "{args:?}: {}",
                stderr(&out)
            );
        }
    }
    assert!(
        names_in(dir.path()).is_empty(),
        "{:?}",
        names_in(dir.path())
    );
    // `new` creates, but not into a folder that does not exist.
    let out = khabar(&["new", deep.to_str().unwrap()]);
    assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    assert!(names_in(dir.path()).is_empty());
    ok(&khabar(&["new", typo.to_str().unwrap()]));
    assert_eq!(names_in(dir.path()), vec!["typo.khabr".to_owned()]);
}

#[test]
fn an_impossible_stored_offset_is_reported_as_damage_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    for (k, (sql, what)) in [
        ("UPDATE annotations SET start = -5", "impossible range"),
        ("UPDATE annotations SET end = 999999", "outside its article"),
        ("UPDATE annotations SET start = end + 3", "impossible range"),
    ]
    .into_iter()
    .enumerate()
    {
        let p = dir.path().join(format!("d{k}.khabar"));
        {
            let mut w = bundled(&p);
            annotate_first(&mut w, "प्योंगयांग", "");
        }
        {
            let c = rusqlite::Connection::open(&p).unwrap();
            c.execute_batch(sql).unwrap();
        }
        let out = khabar(&[
            "--project",
            p.to_str().unwrap(),
            "export",
            "--format",
            "w3c",
            "--out",
            "-",
        ]);
        assert_eq!(out.status.code(), Some(1), "{sql}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("damaged") && stderr(&out).contains(what),
            "{sql}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn refused_files_say_what_is_wrong_and_get_nothing_created_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let check = |path: &Path, expect: &str| {
        let before = names_in(dir.path());
        let e = store_err(Project::open(path)).to_string();
        assert!(e.contains(expect), "{}: {e}", path.display());
        let out = khabar(&["--project", path.to_str().unwrap(), "articles"]);
        assert!(stderr(&out).contains(expect), "{}", stderr(&out));
        assert_eq!(names_in(dir.path()), before, "{}", path.display());
    };
    // Truncated.
    let good = dir.path().join("good.khabar");
    drop(bundled(&good));
    let bytes = std::fs::read(&good).unwrap();
    let cut = dir.path().join("cut.khabar");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    check(&cut, "damaged");
    let stub = dir.path().join("stub.khabar");
    std::fs::write(&stub, &bytes[..60]).unwrap();
    check(&stub, "damaged");
    // A folder.
    let folder = dir.path().join("folder.khabar");
    std::fs::create_dir(&folder).unwrap();
    check(&folder, "is a folder");
    // Format -1, and format 0 with tables.
    for (version, expect) in [(-1, "unknown project format -1"), (0, "format 0")] {
        let p = dir.path().join(format!("v{}.khabar", version + 1));
        drop(bundled(&p));
        {
            let c = rusqlite::Connection::open(&p).unwrap();
            c.execute_batch(&format!(
                "PRAGMA user_version = {version}; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;"
            ))
            .unwrap();
        }
        check(&p, expect);
        check(&p, "damaged");
    }
    // Another application's database in WAL mode: no -wal or -shm appear beside it.
    let other = dir.path().join("other.db");
    {
        let c = rusqlite::Connection::open(&other).unwrap();
        c.execute_batch("PRAGMA journal_mode = WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    assert!(!sidecar(&other, "-wal").exists());
    check(&other, "not a Khabar project");
    // A FIFO as a project: refused at once.
    let fifo = dir.path().join("fifo.khabar");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    check(&fifo, "not a regular file");
}

#[test]
fn control_characters_never_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.khabar");
    {
        let mut w = bundled(&p);
        let code = Code {
            id: w.next_code_id(),
            name: "\u{1b}[31mRed\u{7}".into(),
            color: [1, 2, 3],
            parent: None,
            shortcut: None,
            is_event: false,
            position: 99,
        };
        w.apply(Edit::new(
            "add",
            vec![Change::create(Record::Code(code.clone()))],
        ))
        .unwrap();
        let id = w.metas()[1].id.clone();
        let r = w.find_quote(&id, "प्योंगयांग", 1).unwrap();
        w.add_annotation(
            &id,
            r,
            vec![code.id],
            "line\u{1b}]0;title\u{7}\tnext".into(),
        )
        .unwrap();
    }
    let ps = p.to_str().unwrap();
    for args in [vec!["codes"], vec!["annotations"]] {
        let mut all = vec!["--project", ps];
        all.extend(args.iter().copied());
        let out = ok(&khabar(&all));
        assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
        assert!(out.contains("\\u{1b}[31mRed"), "{out:?}");
    }
    // Tab-separated lines stay one record per line.
    let out = ok(&khabar(&["--project", ps, "annotations"]));
    assert_eq!(out.lines().count(), 1);
    assert_eq!(out.lines().next().unwrap().split('\t').count(), 7);
}

#[test]
fn occurrence_zero_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.khabar");
    let article = bundled(&p).metas()[1].id.0.clone();
    let out = khabar(&[
        "--project",
        p.to_str().unwrap(),
        "annotate",
        "--article",
        &article,
        "--quote",
        "प्योंगयांग",
        "--occurrence",
        "0",
        "--code",
        "Meeting/visit",
    ]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("occurrence"), "{}", stderr(&out));
    assert_eq!(
        ok(&khabar(&["--project", p.to_str().unwrap(), "annotations"])),
        ""
    );
}
