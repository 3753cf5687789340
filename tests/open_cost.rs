//! Opening a project reads its metadata (article list, codebook, annotation counts), not its texts or annotations:
//! the bytes read at open stay a small part of the file, and do not grow with the texts.

use std::path::Path;

use khabar::project::Project;

/// Bytes this thread has read through system calls so far (Linux: `rchar` of /proc/thread-self/io). SQLite reads
/// the file with `pread` (no memory map by default), so every page it looks at is counted, cached or not.
fn bytes_read_by_this_thread() -> u64 {
    let io = std::fs::read_to_string("/proc/thread-self/io").expect("/proc/thread-self/io (Linux)");
    io.lines()
        .find_map(|l| l.strip_prefix("rchar: "))
        .and_then(|v| v.trim().parse().ok())
        .expect("an rchar line")
}

fn read_at_open(path: &Path) -> u64 {
    let before = bytes_read_by_this_thread();
    let p = Project::open(path).unwrap();
    let read = bytes_read_by_this_thread() - before;
    // What was read is what the first frame needs: the list, the codebook and the counts are all there.
    assert!(!p.metas().is_empty() && !p.codes().is_empty());
    assert!(p.annotation_count() > 0);
    read
}

#[test]
fn opening_reads_the_metadata_not_the_texts_or_annotations() {
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("small.khabar");
    let large = dir.path().join("large.khabar");
    drop(khabar::generate::generate_project(&small, 300, 3_000, 7).unwrap());
    drop(khabar::generate::generate_project(&large, 3_000, 30_000, 7).unwrap());
    let size = |p: &Path| std::fs::metadata(p).unwrap().len();
    let (small_read, large_read) = (read_at_open(&small), read_at_open(&large));
    let (small_size, large_size) = (size(&small), size(&large));
    eprintln!(
        "read at open: {small_read} of {small_size} bytes (300 articles), {large_read} of {large_size} (3,000)"
    );
    // A metadata scan: a few percent of the file (the texts and annotations are most of it).
    assert!(
        large_read * 20 < large_size,
        "opening read {large_read} of {large_size} bytes (≥ 5 %)"
    );
    // …and it grows with the number of articles, not faster: ten times the corpus, at most about ten times the reads
    // (plus the fixed cost of the header and schema).
    assert!(
        large_read < 12 * small_read,
        "{small_read} → {large_read} bytes for 10× the articles"
    );
    // Each annotation is read when its article is shown, and then checked against it.
    let p = Project::open(&large).unwrap();
    let shown = p
        .metas()
        .iter()
        .find(|m| p.annotation_count_of(&m.id) > 0)
        .unwrap()
        .id
        .clone();
    let anns = p.try_annotations_of(&shown).unwrap();
    assert_eq!(anns.len(), p.annotation_count_of(&shown));
    let total: usize = p.metas().iter().map(|m| p.annotation_count_of(&m.id)).sum();
    assert_eq!(total, p.annotation_count());
    assert_eq!(p.try_all_annotations().unwrap().len(), p.annotation_count());
}

#[test]
fn the_stored_counts_follow_every_edit_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.khabar");
    let mut p = Project::create(&path, &khabar::ingest::bundled_corpus()).unwrap();
    let id = p.metas()[0].id.clone();
    let code = p.codes()[0].id;
    let a = p
        .add_annotation(&id, 0..5, vec![code], String::new())
        .unwrap();
    let b = p
        .add_annotation(&id, 10..20, vec![code], "b".into())
        .unwrap();
    p.delete_annotation(&a).unwrap();
    let mut edited = p.annotation(&b).unwrap();
    edited.note = "edited".into();
    p.update_annotation(edited).unwrap();
    p.undo().unwrap(); // the note edit
    p.undo().unwrap(); // the delete: a is back
    assert_eq!(p.annotation_count_of(&id), 2);
    drop(p);
    let p = Project::open(&path).unwrap();
    assert_eq!(p.annotation_count_of(&id), 2);
    assert_eq!(p.annotation_count(), 2);
    let list = p.try_annotations_of(&id).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().find(|x| x.id == b).unwrap().note, "b");
    // A project opened for one article sees that article's annotations as the whole project does.
    drop(p);
    let one = Project::open_for_article(&path, &id.0[..6]).unwrap();
    assert_eq!(one.metas().len(), 1);
    assert_eq!(one.try_annotations_of(&id).unwrap().len(), 2);
}
