//! Streaming import at a size that spans several write batches: all or nothing, one undo step that can be redone and
//! survives a reopen, ids deduplicated across batches, bounded reports, bounded values, a byte-order mark.

mod exchange_common;

use exchange_common::*;
use khabar::exchange::{import_annotation_file, import_annotations, ImportReport};
use khabar::project::Project;
use serde_json::{json, Value};

/// More than two write batches (1024 each).
const MANY: usize = 2600;

fn item(p: &Project, i: usize, start: usize, end: usize, code: &str, id: Option<String>) -> Value {
    let mut v = json!({
        "type": "Annotation",
        "motivation": "tagging",
        "body": { "type": "TextualBody", "purpose": "tagging", "value": code },
        "target": {
            "source": format!("urn:khabar:article:{}", id_of(p, i)),
            "selector": { "type": "TextPositionSelector", "start": start, "end": end }
        }
    });
    if let Some(id) = id {
        v["id"] = json!(id);
    }
    v
}

/// `n` annotations, each over a word of article 0 (the words in turn), coded with `code`.
fn many(p: &Project, n: usize, code: &str) -> Vec<Value> {
    let words = words(p);
    (0..n)
        .map(|k| {
            let w = &words[k % words.len()];
            item(p, 0, w.start, w.end, code, None)
        })
        .collect()
}

/// The words of article 0, as character ranges.
fn words(p: &Project) -> Vec<std::ops::Range<usize>> {
    let text = p.article(&id_of(p, 0)).unwrap().text.clone();
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.chars().chain(std::iter::once(' ')).enumerate() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn page(items: Vec<Value>) -> Vec<u8> {
    json!({ "type": "AnnotationPage", "items": items })
        .to_string()
        .into_bytes()
}

fn import(p: &mut Project, bytes: &[u8]) -> Result<ImportReport, String> {
    import_annotations(p, bytes, "many.jsonld").map_err(|e| e.to_string())
}

#[test]
fn a_late_failure_in_a_large_import_changes_nothing() {
    let mut p = fixture();
    let before = p.annotation_count();
    let codes = p.codes().len();
    let label = p.undo.undo_label().map(str::to_owned);
    let n = p.metas()[0].char_len;
    let mut items = many(&p, MANY, "Brand new code");
    items.push(item(&p, 0, n - 1, n + 3, "Event", None));
    let err = import(&mut p, &page(items)).unwrap_err();
    assert!(
        err.contains(&format!("items[{MANY}]")) && err.contains("outside article"),
        "{err}"
    );
    assert_eq!(p.annotation_count(), before);
    assert_eq!(
        p.all_annotations().len(),
        before,
        "nothing reached the file"
    );
    assert_eq!(p.codes().len(), codes);
    assert!(p.code_by_name("Brand new code").is_none());
    assert_eq!(
        p.undo.undo_label().map(str::to_owned),
        label,
        "no undo step"
    );
    // The project still takes an import afterwards.
    let report = {
        let doc = page(many(&p, 10, "Event"));
        import(&mut p, &doc)
    }
    .unwrap();
    assert_eq!(report.imported, 10);
}

#[test]
fn a_large_import_is_one_undo_step_redone_and_durable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.khabar");
    let mut p = Project::create(&path, &articles()).unwrap();
    let mine = annotate(&mut p, 0, "पुतिन", &["Event"], "before");
    let codes = p.codes().len();
    let report = {
        let doc = page(many(&p, MANY, "थोक कोड"));
        import(&mut p, &doc)
    }
    .unwrap();
    assert_eq!(report.imported, MANY);
    assert_eq!(report.created_codes, vec!["थोक कोड".to_owned()]);
    assert_eq!(p.annotation_count(), MANY + 1);
    let article = id_of(&p, 0);
    assert_eq!(p.annotation_count_of(&article), MANY + 1);
    assert_eq!(p.annotations_of(&article).len(), MANY + 1);
    let bulk = code(&p, "थोक कोड");

    assert!(p
        .undo()
        .unwrap()
        .unwrap()
        .starts_with(&format!("Import {MANY} annotation(s) from many.jsonld")));
    assert_eq!(p.annotation_count(), 1);
    assert_eq!(p.annotation_count_of(&article), 1);
    assert_eq!(p.annotations_of(&article).len(), 1);
    assert_eq!(p.codes().len(), codes);
    assert!(p.annotation(&mine).is_some());

    p.redo().unwrap().unwrap();
    assert_eq!(p.annotation_count(), MANY + 1);
    assert_eq!(p.annotations_of(&article).len(), MANY + 1);
    assert_eq!(code(&p, "थोक कोड"), bulk, "the code comes back with its id");
    assert!(p
        .annotations_of(&article)
        .iter()
        .filter(|a| a.id != mine)
        .all(|a| a.codes == vec![bulk]));

    // Undone and reopened: the import stays undone.
    p.undo().unwrap().unwrap();
    drop(p);
    let p = Project::open(&path).unwrap();
    assert_eq!(p.annotation_count(), 1);
    assert_eq!(p.all_annotations().len(), 1);
    assert!(p.code_by_name("थोक कोड").is_none());
    drop(p);

    // Redone, then a new edit: the redo is gone, and the import is durable across a reopen.
    let mut p = Project::open(&path).unwrap();
    {
        let doc = page(many(&p, MANY, "थोक कोड"));
        import(&mut p, &doc)
    }
    .unwrap();
    p.undo().unwrap().unwrap();
    p.redo().unwrap().unwrap();
    p.undo().unwrap().unwrap();
    annotate(&mut p, 1, "समझौता", &["Event"], "after");
    assert_eq!(p.redo().unwrap(), None, "a new edit clears the redo");
    assert_eq!(p.annotation_count(), 2);
    {
        let doc = page(many(&p, MANY, "थोक कोड"));
        import(&mut p, &doc)
    }
    .unwrap();
    drop(p);
    let p = Project::open(&path).unwrap();
    assert_eq!(p.annotation_count(), MANY + 2);
    assert_eq!(p.all_annotations().len(), MANY + 2);
}

#[test]
fn an_id_repeated_across_batches_is_renamed_and_skipped_on_reimport() {
    let mut p = fresh();
    let len = p.metas()[0].char_len;
    let repeated = "urn:uuid:0b7a3c1e-6f1d-4e0a-9a57-5d1c2c9f0a11".to_owned();
    let mut items = many(&p, MANY, "Event");
    items[0] = item(&p, 0, 0, 2, "Event", Some(repeated.clone()));
    // The file names the id again far beyond the first batch: that one gets a new id, whatever its content.
    items[MANY - 1] = item(&p, 0, len - 3, len - 1, "Sanctions", Some(repeated.clone()));
    let doc = page(items);
    let report = import(&mut p, &doc).unwrap();
    assert_eq!(report.renamed, 1);
    assert_eq!(report.imported, MANY);
    assert_eq!(p.annotation_count(), MANY);
    let uuid: uuid::Uuid = repeated.trim_start_matches("urn:uuid:").parse().unwrap();
    let kept = p.annotation(&uuid).unwrap();
    assert_eq!((kept.start, kept.end), (0, 2), "the first keeps the id");
    let sanctions = code(&p, "Sanctions");
    let moved: Vec<_> = p
        .all_annotations()
        .into_iter()
        .filter(|a| a.codes == vec![sanctions])
        .collect();
    assert_eq!(moved.len(), 1);
    assert_ne!(moved[0].id, uuid);

    // The same file again: the one with the id is already there; the last is a different annotation under that id.
    let again = import(&mut p, &doc).unwrap();
    assert_eq!(again.already_present, 1);
    assert_eq!(again.renamed, 1);
    assert_eq!(again.imported, MANY - 1);
}

#[test]
fn unknown_articles_and_orphans_are_counted_past_the_listed_thousand() {
    let mut p = fresh();
    let items: Vec<Value> = (0..1500)
        .map(|k| {
            json!({
                "type": "Annotation",
                "target": {
                    "source": format!("urn:khabar:article:{k:016x}"),
                    "selector": { "type": "TextQuoteSelector", "exact": "x" }
                }
            })
        })
        .collect();
    let err = import(&mut p, &page(items)).unwrap_err();
    assert!(err.contains("and 500 more"), "{err}");
    assert!(err.contains("0000000000000000") && err.contains(&format!("{:016x}", 999)));
    assert!(
        !err.contains(&format!("{:016x}", 1000)),
        "only a thousand listed"
    );
    assert_eq!(p.annotation_count(), 0);

    // 1200 quotes that are nowhere, and one that is found.
    let mut items: Vec<Value> = (0..1200)
        .map(|k| {
            json!({
                "type": "Annotation",
                "target": {
                    "source": format!("urn:khabar:article:{}", id_of(&p, 0)),
                    "selector": { "type": "TextQuoteSelector", "exact": format!("कहीं नहीं {k}") }
                }
            })
        })
        .collect();
    items.push(json!({
        "type": "Annotation",
        "target": {
            "source": format!("urn:khabar:article:{}", id_of(&p, 0)),
            "selector": { "type": "TextQuoteSelector", "exact": "पुतिन" }
        }
    }));
    let report = import(&mut p, &page(items)).unwrap();
    assert_eq!(report.imported, 1);
    assert_eq!(report.orphans_total, 1200);
    assert_eq!(report.orphans.len(), 1000);
    assert_eq!(report.orphans[999].quote, "कहीं नहीं 999");
    assert!(report.summary().contains("1200"), "{}", report.summary());
}

#[test]
fn a_value_larger_than_the_limit_is_refused_by_name() {
    let mut p = fresh();
    let mut big = item(&p, 0, 0, 2, "Event", None);
    big["body"] =
        json!({ "type": "TextualBody", "purpose": "commenting", "value": "क".repeat(6 << 20) });
    let mut items = many(&p, 5, "Event");
    items.push(big);
    let err = import(&mut p, &page(items)).unwrap_err();
    assert!(err.contains("many.jsonld"), "{err}");
    assert!(err.contains("larger than 16 MiB"), "{err}");
    assert_eq!(p.annotation_count(), 0);
    // Just under the limit is fine.
    let mut fine = item(&p, 0, 0, 2, "Event", None);
    fine["body"] =
        json!({ "type": "TextualBody", "purpose": "commenting", "value": "क".repeat(5 << 20) });
    let report = import(&mut p, &page(vec![fine])).unwrap();
    assert_eq!(report.imported, 1);
    assert_eq!(p.all_annotations()[0].note.chars().count(), 5 << 20);
}

#[test]
fn a_byte_order_mark_and_a_file_on_disk_are_read() {
    let mut p = fresh();
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(page(many(&p, 3, "Event")));
    assert_eq!(import(&mut p, &bytes).unwrap().imported, 3);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("with-bom.jsonld");
    std::fs::write(&file, &bytes).unwrap();
    let report = import_annotation_file(&mut p, &file).unwrap();
    assert_eq!(report.already_present, 0);
    assert_eq!(report.imported, 3, "no ids: imported again");
    assert_eq!(p.annotation_count(), 6);
    let err = import_annotation_file(&mut p, &dir.path().join("missing.jsonld"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing.jsonld"), "{err}");
}

/// The file is read on a thread of its own while the annotations before are placed and written: whichever of an
/// unreadable annotation and a misplaced one comes first in the file is the error reported, wherever the batches
/// between the two threads fall.
#[test]
fn the_first_error_in_the_file_is_the_one_reported() {
    let mut p = fixture();
    let before = p.annotation_count();
    let n = p.metas()[0].char_len;
    let outside = |p: &Project| item(p, 0, n - 1, n + 3, "Event", None);
    let unreadable = json!({ "type": "Annotation", "motivation": "tagging" });
    for (early, late) in [(5, 300), (100, 101), (700, 2000)] {
        // Misplaced first, then unreadable.
        let mut items = many(&p, 2200, "Event");
        items[early] = outside(&p);
        items[late] = unreadable.clone();
        let err = import(&mut p, &page(items)).unwrap_err();
        assert!(
            err.contains(&format!("items[{early}]")) && err.contains("outside article"),
            "{early}/{late}: {err}"
        );
        // Unreadable first, then misplaced.
        let mut items = many(&p, 2200, "Event");
        items[early] = unreadable.clone();
        items[late] = outside(&p);
        let err = import(&mut p, &page(items)).unwrap_err();
        assert!(
            err.contains(&format!("items[{early}]")) && !err.contains("outside article"),
            "{early}/{late}: {err}"
        );
        assert_eq!(p.annotation_count(), before, "nothing imported");
    }
}
