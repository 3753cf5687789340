//! Bad input: each file gets a clear message naming it and the reason; the rest of the import proceeds; nothing
//! already loaded changes.

mod common;

use std::path::PathBuf;

use khabar::ingest::{import_paths, ImportErrorKind};

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn bad_files_are_reported_and_good_ones_still_import() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(
        &dir,
        "good.txt",
        "नया लेख\n\nPublished: September 13, 2023 4:28 PM\n\nपहला पैरा यहाँ है।\n".as_bytes(),
    );
    let latin1 = write(&dir, "latin1.txt", b"caf\xe9 au lait\n");
    let binary = write(&dir, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    let empty = write(&dir, "empty.txt", b"");
    let blank = write(&dir, "blank.txt", b"  \n\n \r\n");
    let huge = dir.path().join("huge.txt");
    {
        let f = std::fs::File::create(&huge).unwrap();
        f.set_len(50 * 1000 * 1000).unwrap(); // 50 MB, sparse
    }
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    let missing = dir.path().join("missing.txt");

    let paths = vec![
        latin1.clone(),
        binary.clone(),
        good.clone(),
        empty.clone(),
        blank.clone(),
        huge.clone(),
        folder.clone(),
        missing.clone(),
    ];
    let report = import_paths(&paths, |_| None);

    assert_eq!(
        report.articles.len(),
        1,
        "the good file imports despite the others"
    );
    let a = &report.articles[0];
    assert_eq!(a.meta.title, "नया लेख");
    assert_eq!(
        a.meta.published,
        chrono::NaiveDate::from_ymd_opt(2023, 9, 13)
    );

    let kind_of = |p: &PathBuf| {
        report
            .errors
            .iter()
            .find(|e| &e.path == p)
            .map(|e| e.kind.clone())
    };
    assert_eq!(
        kind_of(&latin1),
        Some(ImportErrorKind::NotUtf8 { byte_offset: 3 })
    );
    assert_eq!(kind_of(&binary), Some(ImportErrorKind::Binary));
    assert_eq!(kind_of(&empty), Some(ImportErrorKind::Empty));
    assert_eq!(kind_of(&blank), Some(ImportErrorKind::Empty));
    assert!(
        matches!(kind_of(&huge), Some(ImportErrorKind::TooLarge { bytes }) if bytes == 50_000_000)
    );
    assert_eq!(kind_of(&folder), Some(ImportErrorKind::Directory));
    assert!(matches!(kind_of(&missing), Some(ImportErrorKind::Io(_))));
    assert_eq!(report.errors.len(), 7);
    // every message names the file and says what is wrong
    for e in &report.errors {
        let msg = e.to_string();
        assert!(msg.starts_with(&e.path.display().to_string()), "{msg}");
    }
    let msg = |p: &PathBuf| {
        report
            .errors
            .iter()
            .find(|e| &e.path == p)
            .unwrap()
            .to_string()
    };
    assert!(msg(&latin1).contains("not UTF-8"));
    assert!(msg(&binary).contains("binary"));
    assert!(msg(&empty).contains("empty"));
    assert!(
        msg(&huge).contains("too large")
            && msg(&huge).contains("47.7 MiB")
            && msg(&huge).contains("the limit is 16 MiB"),
        "{}",
        msg(&huge)
    );
    assert!(msg(&folder).contains("folder"));
}

#[test]
fn import_into_a_project_leaves_existing_articles_alone() {
    let mut project = common::bundled_project();
    let before: Vec<_> = project.metas().to_vec();
    let first = before[0].id.clone();
    let text_before = project.article(&first).unwrap().text.clone();

    let dir = tempfile::tempdir().unwrap();
    let dup = write(
        &dir,
        "dup.txt",
        std::fs::read(common::bundled_corpus_dir().join("000_17a1eeebe7b9355c.txt"))
            .unwrap()
            .as_slice(),
    );
    let crlf = write(
        &dir,
        "crlf.txt",
        "शीर्षक\r\n\r\nपहला पैरा।\r\nदूसरा पैरा 😀 यहाँ।\r\n".as_bytes(),
    );
    let bad = write(&dir, "bad.txt", b"\xff\xfe\x00h\x00i");
    let report = import_paths(&[dup.clone(), crlf, bad], |id| {
        project.meta(id).map(|m| m.title.clone())
    });
    assert_eq!(
        report.duplicates.len(),
        1,
        "the same text is recognised by its id"
    );
    assert_eq!(report.duplicates[0].0, dup);
    assert_eq!(report.errors.len(), 1);
    let added = project.add_articles(report.articles).unwrap();
    assert_eq!(added, 1);

    assert_eq!(
        &project.metas()[..5],
        &before[..],
        "existing articles unchanged and in order"
    );
    assert_eq!(project.article(&first).unwrap().text, text_before);
    let new = project.metas()[5].id.clone();
    let a = project.article(&new).unwrap();
    assert!(!a.text.contains('\r'), "CRLF normalised to LF");
    let para = a
        .blocks
        .iter()
        .find(|b| a.block_text(b).contains('😀'))
        .unwrap();
    assert_eq!(a.block_text(para), "दूसरा पैरा 😀 यहाँ।");
    // char offsets count code points: the emoji is one char
    let emoji_at = a.text.chars().position(|c| c == '😀').unwrap();
    assert_eq!(a.slice(emoji_at..emoji_at + 1), "😀");
}

#[test]
fn a_nul_byte_anywhere_makes_a_file_binary() {
    let dir = tempfile::tempdir().unwrap();
    let mut late = "पहला पैरा यहाँ है।\n".repeat(2000).into_bytes(); // about 50 KB
    assert!(late.len() > 8192);
    let at = late.len() - 10;
    late[at] = 0;
    let late_nul = write(&dir, "late-nul.txt", &late);
    let report = import_paths(std::slice::from_ref(&late_nul), |_| None);
    assert!(report.articles.is_empty());
    assert_eq!(report.errors[0].kind, ImportErrorKind::Binary);
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_not_regular_files_and_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let zero = PathBuf::from("/dev/zero");
    // A FIFO with no writer would block a plain open; /dev/zero never ends.
    let report = import_paths(&[fifo.clone(), zero.clone()], |_| None);
    assert!(report.articles.is_empty());
    assert_eq!(report.errors.len(), 2);
    for e in &report.errors {
        assert_eq!(e.kind, ImportErrorKind::NotRegular, "{e}");
        let msg = e.to_string();
        assert!(msg.starts_with(&e.path.display().to_string()), "{msg}");
        assert!(msg.contains("not a regular file"), "{msg}");
    }

    // The annotation file reader refuses them the same way, and caps regular files in MiB.
    for p in [&fifo, &zero] {
        let err = khabar::exchange::read_annotation_file(p)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(&p.display().to_string()), "{err}");
        assert!(err.contains("not a regular file"), "{err}");
    }
    let big = dir.path().join("big.jsonld");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(khabar::exchange::MAX_ANNOTATION_FILE_BYTES + 1)
        .unwrap();
    let err = khabar::exchange::read_annotation_file(&big)
        .unwrap_err()
        .to_string();
    let limit = format!(
        "the limit is {} MiB",
        khabar::exchange::MAX_ANNOTATION_FILE_BYTES >> 20
    );
    assert!(err.contains("too large") && err.contains(&limit), "{err}");
    // Importing it is refused the same way, before anything is read.
    let mut p = khabar::project::Project::in_memory(&[]);
    let err = khabar::exchange::import_annotation_file(&mut p, &big)
        .unwrap_err()
        .to_string();
    assert!(err.contains("too large") && err.contains(&limit), "{err}");
    let small = write(&dir, "small.jsonld", b"[]");
    assert_eq!(
        khabar::exchange::read_annotation_file(&small).unwrap(),
        b"[]"
    );
    // Over the limit by one byte: refused, with its size.
    let err = khabar::ingest::read_regular_file(&small, 1).unwrap_err();
    assert_eq!(err, khabar::ingest::ReadError::TooLarge { bytes: 2 });
}
