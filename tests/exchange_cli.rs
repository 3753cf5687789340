//! The `export` and `import-annotations` commands, and atomic writes.

mod common;

use common::cli::{first_article, khabar, ok};

use khabar::exchange::write_atomically;

#[test]
fn export_and_import_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.khabar");
    let b = dir.path().join("b.khabar");
    let (a_s, b_s) = (a.to_str().unwrap(), b.to_str().unwrap());
    ok(&khabar(&["new", a_s, "--bundled"]));
    ok(&khabar(&["new", b_s, "--bundled"]));
    let article = first_article(a_s);
    ok(&khabar(&[
        "--project",
        a_s,
        "annotate",
        "--article",
        &article,
        "--quote",
        "पुतिन",
        "--code",
        "Meeting/visit",
        "--note",
        "नोट",
    ]));
    // To stdout, and to a file.
    let stdout = ok(&khabar(&[
        "export",
        "--project",
        a_s,
        "--format",
        "w3c",
        "--out",
        "-",
        "--reproducible",
    ]));
    assert!(stdout.contains("\"TextQuoteSelector\"") && stdout.ends_with("}\n"));
    let file = dir.path().join("out.jsonld");
    ok(&khabar(&[
        "export",
        "--project",
        a_s,
        "--format",
        "w3c",
        "--out",
        file.to_str().unwrap(),
        "--reproducible",
    ]));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout);
    let csv = dir.path().join("out.csv");
    ok(&khabar(&[
        "export",
        "--project",
        a_s,
        "--format",
        "csv",
        "--out",
        csv.to_str().unwrap(),
        "--code",
        "Meeting/visit",
        "--article",
        &article[..6],
    ]));
    assert!(std::fs::read(&csv).unwrap().starts_with(b"\xef\xbb\xbf"));
    // Import into the other project: the report names the counts.
    let report = ok(&khabar(&[
        "import-annotations",
        "--project",
        b_s,
        file.to_str().unwrap(),
    ]));
    assert!(
        report.contains("imported\t1") && report.contains("by_position\t1"),
        "{report}"
    );
    let listed = ok(&khabar(&["--project", b_s, "annotations"]));
    assert!(
        listed.contains("पुतिन") && listed.contains("Meeting/visit"),
        "{listed}"
    );
    // Orphans are listed with their quote.
    let orphan = dir.path().join("orphan.json");
    std::fs::write(
        &orphan,
        format!(
            r#"{{"type":"Annotation","motivation":"tagging","bodyValue":"Event",
               "target":{{"source":"urn:khabar:article:{article}","selector":{{"type":"TextQuoteSelector","exact":"कहीं नहीं मिलने वाला पाठ"}}}}}}"#
        ),
    )
    .unwrap();
    let report = ok(&khabar(&[
        "import-annotations",
        "--project",
        b_s,
        orphan.to_str().unwrap(),
    ]));
    assert!(
        report.contains("orphans\t1") && report.contains("कहीं नहीं"),
        "{report}"
    );
    // Errors: non-zero exit and the message.
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"type\": ").unwrap();
    let out = khabar(&[
        "import-annotations",
        "--project",
        b_s,
        bad.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2"), "{err}");
    let out = khabar(&["export", "--project", a_s, "--format", "xml", "--out", "-"]);
    assert!(!out.status.success());
    // A project named with --project must exist: no project is created by a typo.
    let missing = dir.path().join("typo.khabar");
    let out = khabar(&[
        "export",
        "--project",
        missing.to_str().unwrap(),
        "--format",
        "json",
        "--out",
        "-",
    ]);
    assert!(!out.status.success());
    assert!(!missing.exists());
}

#[test]
fn atomic_writes_replace_whole_files_and_leave_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("export.json");
    write_atomically(&target, b"first").unwrap();
    write_atomically(&target, "दूसरा".as_bytes()).unwrap();
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "दूसरा");
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["export.json".to_owned()]);
    // A target that cannot be written: an error, and nothing appears.
    let nowhere = dir.path().join("no-such-dir").join("x.json");
    assert!(write_atomically(&nowhere, b"x").is_err());
    assert!(!nowhere.exists());
    // A directory in the way: the error leaves it and no temporary file behind.
    let in_the_way = dir.path().join("taken");
    std::fs::create_dir(&in_the_way).unwrap();
    assert!(write_atomically(&in_the_way, b"x").is_err());
    assert!(in_the_way.is_dir());
    let count = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(count, 2);
}

#[cfg(unix)]
#[test]
fn import_annotations_refuses_a_fifo_and_a_device_instead_of_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.khabar");
    let p_s = p.to_str().unwrap();
    ok(&khabar(&["new", p_s, "--bundled"]));
    let fifo = dir.path().join("annotations.jsonld");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    for file in [fifo.to_str().unwrap(), "/dev/zero"] {
        // No writer ever opens the FIFO: a blocking open would never return (and /dev/zero never ends).
        let out = khabar(&["import-annotations", "--project", p_s, file]);
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(file) && err.contains("not a regular file"),
            "{err}"
        );
    }
}

#[test]
fn import_reads_standard_input_in_batches() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.khabar");
    let a_s = a.to_str().unwrap();
    ok(&khabar(&["new", a_s, "--bundled"]));
    let article = first_article(a_s);
    // A native file of 1,100 annotations (more than one write batch), piped in.
    let annotations: Vec<String> = (0..1100)
        .map(|k| {
            format!(r#"{{"article":"{article}","quote":"पुतिन","codes":["Event"],"note":"{k}"}}"#)
        })
        .collect();
    let doc = format!(
        r#"{{"format":"khabar-annotations","version":1,"annotations":[{}]}}"#,
        annotations.join(",")
    );
    let mut child = std::process::Command::new(common::cli::BIN)
        .args(["--project", a_s, "import-annotations", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(doc.as_bytes())
        .unwrap();
    let report = ok(&child.wait_with_output().unwrap());
    assert!(report.contains("imported\t1100"), "{report}");
    let listed = ok(&khabar(&["--project", a_s, "annotations"]));
    assert_eq!(listed.lines().count(), 1100, "{listed:.300}");
}
