//! Import: anchoring by position, by quote, approximately; orphans; malformed input; one undo step.

mod exchange_common;

use exchange_common::*;
use khabar::annotate::{Change, Edit, Record};
use khabar::exchange::{import_annotations, Format};
use khabar::project::Project;
use serde_json::{json, Value};

fn quote_sel(exact: &str) -> Value {
    json!({ "type": "TextQuoteSelector", "exact": exact })
}

fn pos_sel(start: usize, end: usize) -> Value {
    json!({ "type": "TextPositionSelector", "start": start, "end": end })
}

fn ann(p: &Project, i: usize, selector: Value, body: Value) -> Value {
    json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "motivation": "tagging",
        "body": body,
        "target": { "source": format!("urn:khabar:article:{}", id_of(p, i)), "selector": selector }
    })
}

fn tag(name: &str) -> Value {
    json!({ "type": "TextualBody", "purpose": "tagging", "value": name })
}

fn import(p: &mut Project, doc: &Value) -> Result<khabar::exchange::ImportReport, String> {
    import_annotations(p, doc.to_string().as_bytes(), "test.jsonld").map_err(|e| e.to_string())
}

fn text_of(p: &mut Project, i: usize) -> String {
    let id = id_of(p, i);
    p.article(&id).unwrap().text.clone()
}

fn range_of(p: &mut Project, i: usize, quote: &str) -> std::ops::Range<usize> {
    let id = id_of(p, i);
    p.find_quote(&id, quote, 1).unwrap()
}

#[test]
fn anchors_by_position_then_by_quote_then_fuzzily_and_reports_orphans() {
    let mut p = fresh();
    let quote = "किम जोंग उन के पुतिन को इस 'शांति' संदेश";
    let r = range_of(&mut p, 0, quote);
    // 1. exact position, 2. stale position (shifted by 3), 3. changed quote (one letter) with a stale position,
    // 4. a quote that is nowhere.
    let mut changed: Vec<char> = quote.chars().collect();
    changed[6] = 'x';
    let changed: String = changed.into_iter().collect();
    let doc = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationPage",
        "items": [
            ann(&p, 0, json!([quote_sel(quote), pos_sel(r.start, r.end)]), tag("Meeting/visit")),
            ann(&p, 0, json!([quote_sel(quote), pos_sel(r.start + 3, r.end + 3)]), tag("Sanctions")),
            ann(&p, 0, json!([quote_sel(&changed), pos_sel(r.start + 2, r.end + 2)]), tag("Event")),
            ann(&p, 0, json!([quote_sel("यह वाक्य किसी भी लेख में नहीं लिखा गया है")]), tag("Event")),
        ]
    });
    let report = import(&mut p, &doc).unwrap();
    assert_eq!(report.imported, 3);
    assert_eq!(report.anchored_by_position, 1);
    assert_eq!(report.anchored_by_quote, 1);
    assert_eq!(report.fuzzy, 1);
    assert_eq!(report.orphans.len(), 1);
    assert_eq!(
        report.orphans[0].quote,
        "यह वाक्य किसी भी लेख में नहीं लिखा गया है"
    );
    assert_eq!(report.orphans[0].article, id_of(&p, 0));
    assert!(
        report.orphans[0].reason.contains("not in the article"),
        "{}",
        report.orphans[0].reason
    );
    // All three landed on the true passage.
    let art = id_of(&p, 0);
    let placed: Vec<(usize, usize, String)> = p
        .annotations_of(&art)
        .iter()
        .map(|a| (a.start, a.end, a.quote.clone()))
        .collect();
    assert_eq!(placed.len(), 3);
    for (s, e, q) in placed {
        assert_eq!((s, e), (r.start, r.end));
        assert_eq!(q, quote);
    }
}

#[test]
fn prefix_suffix_and_the_hint_choose_among_repeated_quotes() {
    let mut p = fresh();
    let text = text_of(&mut p, 0);
    let occurrences = text.matches("पुतिन").count();
    assert!(occurrences >= 3, "the article repeats the name");
    let id = id_of(&p, 0);
    let third = p.find_quote(&id, "पुतिन", 3).unwrap();
    let art = p.article(&id).unwrap();
    let (prefix, suffix) = khabar::exchange::anchor::context(&art, third.clone());
    // No position at all: prefix and suffix pick the third occurrence.
    let doc = json!([ann(
        &p,
        0,
        json!({ "type": "TextQuoteSelector", "exact": "पुतिन", "prefix": prefix, "suffix": suffix }),
        tag("Event")
    )]);
    let report = import(&mut p, &doc).unwrap();
    assert_eq!(report.anchored_by_quote, 1);
    let a = p.annotations_of(&id)[0].clone();
    assert_eq!((a.start, a.end), (third.start, third.end));
    // Only a stale position hint: the nearest occurrence wins.
    let mut q = fresh();
    let doc = json!([ann(
        &q,
        0,
        json!([quote_sel("पुतिन"), pos_sel(third.start + 1, third.end + 1)]),
        tag("Event")
    )]);
    import(&mut q, &doc).unwrap();
    let a = q.annotations_of(&id)[0].clone();
    assert_eq!((a.start, a.end), (third.start, third.end));
}

#[test]
fn other_tools_files_with_one_selector_object_string_bodies_and_urls_are_read() {
    let mut p = fresh();
    // Give article 3 a URL, the way another tool would name it.
    let meta = p.metas()[3].clone();
    let mut with_url = meta.clone();
    with_url.url = Some("https://example.org/news/kim-putin".into());
    p.apply(Edit::new(
        "url",
        vec![Change::update(Record::Meta(meta), Record::Meta(with_url))],
    ))
    .unwrap();
    let r = range_of(&mut p, 3, "पुतिन");
    let doc = json!([
        {   // Only a TextPositionSelector, selector as an object, bodyValue as a note.
            "@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://other.tool/anno/1", "type": "Annotation",
            "bodyValue": "a plain comment",
            "creator": "someone",
            "target": { "source": "https://example.org/news/kim-putin/", "selector": pos_sel(r.start, r.end) }
        },
        {   // Only a TextQuoteSelector, a single body object without purpose under motivation tagging, a new code.
            "@context": "http://www.w3.org/ns/anno.jsonld", "type": "Annotation", "motivation": "tagging",
            "body": { "type": "TextualBody", "value": "Nuclear" },
            "creator": { "type": "Person", "nickname": "nick" },
            "created": "2024-03-01T10:00:00+05:30",
            "target": { "source": "https://example.org/news/kim-putin", "selector": quote_sel("पुतिन") }
        }
    ]);
    let report = import(&mut p, &doc).unwrap();
    assert_eq!(report.imported, 2);
    assert_eq!(report.anchored_by_position, 1);
    assert_eq!(report.anchored_by_quote, 1);
    assert_eq!(report.created_codes, vec!["Nuclear".to_owned()]);
    let nuclear = p.code_by_name("Nuclear").unwrap().clone();
    let art = p.metas()[3].id.clone();
    let anns: Vec<_> = p.annotations_of(&art).to_vec();
    assert_eq!(anns.len(), 2);
    let note = anns.iter().find(|a| a.note == "a plain comment").unwrap();
    assert_eq!(note.creator, "someone");
    assert_eq!(note.quote, "पुतिन");
    let tagged = anns.iter().find(|a| a.codes == vec![nuclear.id]).unwrap();
    assert_eq!(tagged.creator, "nick");
    assert_eq!(tagged.created.to_rfc3339(), "2024-03-01T04:30:00+00:00");
}

#[test]
fn malformed_json_reports_line_and_column_and_changes_nothing() {
    let mut p = fixture();
    let before = p.annotation_count();
    let codes = p.codes().len();
    let bad = b"{\n  \"type\": \"AnnotationPage\",\n  \"items\": [ { \"target\": } ]\n}\n";
    let err = import_annotations(&mut p, bad, "broken.jsonld")
        .unwrap_err()
        .to_string();
    assert!(err.contains("broken.jsonld"), "{err}");
    assert!(err.contains("line 3") && err.contains("column"), "{err}");
    assert_eq!(p.annotation_count(), before);
    assert_eq!(p.codes().len(), codes);
    assert_eq!(p.undo.undo_label(), Some("Annotate “नेताओं ने\nसैन्य”"));
}

#[test]
fn wrong_types_name_the_field_path() {
    let mut p = fresh();
    let doc = json!({
        "type": "AnnotationCollection",
        "first": { "type": "AnnotationPage", "items": [
            ann(&p, 0, json!([quote_sel("पुतिन"), { "type": "TextPositionSelector", "start": "5", "end": 10 }]), tag("Event"))
        ]}
    });
    let err = import(&mut p, &doc).unwrap_err();
    assert!(
        err.contains("first.items[0].target.selector[1].start"),
        "{err}"
    );
    assert!(err.contains("non-negative integer"), "{err}");
    let native = json!({ "format": "khabar-annotations", "version": 1, "annotations": [ { "article": 7 } ] });
    let err = import(&mut p, &native).unwrap_err();
    assert!(err.contains("annotations[0].article"), "{err}");
    let newer = json!({ "format": "khabar-annotations", "version": 2, "annotations": [] });
    assert!(import(&mut p, &newer).unwrap_err().contains("newer"));
    assert!(import(&mut p, &json!(42))
        .unwrap_err()
        .contains("not an annotation file"));
    assert_eq!(p.annotation_count(), 0);
}

#[test]
fn offsets_past_the_end_are_an_error_and_change_nothing() {
    let mut p = fixture();
    let before = p.annotation_count();
    let codes = p.codes().len();
    let n = p.metas()[0].char_len;
    let doc = json!([
        ann(&p, 0, json!([quote_sel("पुतिन")]), tag("Brand new code")),
        ann(&p, 0, json!([pos_sel(n - 2, n + 5)]), tag("Event")),
    ]);
    let err = import(&mut p, &doc).unwrap_err();
    assert!(
        err.contains("[1]") && err.contains("outside article"),
        "{err}"
    );
    assert_eq!(p.annotation_count(), before);
    assert_eq!(p.codes().len(), codes, "no code created either");
    assert!(p.code_by_name("Brand new code").is_none());
}

#[test]
fn unknown_articles_are_an_error_naming_them() {
    let mut p = fresh();
    let doc = json!([
        ann(&p, 0, json!([quote_sel("पुतिन")]), tag("Event")),
        {
            "type": "Annotation",
            "target": { "source": "urn:khabar:article:00000000deadbeef", "selector": quote_sel("x") }
        },
        { "type": "Annotation", "target": { "source": "https://nowhere.example/a", "selector": quote_sel("x") } }
    ]);
    let err = import(&mut p, &doc).unwrap_err();
    assert!(
        err.contains("00000000deadbeef") && err.contains("https://nowhere.example/a"),
        "{err}"
    );
    assert_eq!(p.annotation_count(), 0);
}

#[test]
fn an_import_is_one_undo_step() {
    let mut a = fixture();
    let bytes = export(&mut a, Format::Json, true);
    let mut b = fresh();
    annotate(&mut b, 0, "पुतिन", &["Event"], "mine");
    let codes = b.codes().len();
    let report = import_annotations(&mut b, &bytes, "fixture.json").unwrap();
    assert_eq!(report.imported, a.annotation_count());
    assert_eq!(b.annotation_count(), a.annotation_count() + 1);
    assert_eq!(b.codes().len(), codes + 1);
    assert!(b
        .undo
        .undo_label()
        .unwrap()
        .starts_with("Import 7 annotation(s) from fixture.json"));
    b.undo().unwrap();
    assert_eq!(
        b.annotation_count(),
        1,
        "only the annotation made before the import is left"
    );
    assert_eq!(b.codes().len(), codes);
    b.redo().unwrap();
    assert_eq!(b.annotation_count(), a.annotation_count() + 1);
}

#[test]
fn an_existing_id_is_kept_skipped_or_renamed() {
    let mut a = fixture();
    let bytes = export(&mut a, Format::W3c, true);
    let mut doc: Value = serde_json::from_slice(&bytes).unwrap();
    let first_id = doc["first"]["items"][0]["id"].as_str().unwrap().to_owned();
    // Same id, different note: imported under a new id. Same id and content: skipped.
    let mut changed = doc["first"]["items"][0].clone();
    changed["body"] =
        json!([{ "type": "TextualBody", "purpose": "commenting", "value": "different" }]);
    changed["motivation"] = json!("commenting");
    doc["first"]["items"].as_array_mut().unwrap().push(changed);
    let report = import(&mut a, &doc).unwrap();
    assert_eq!(report.already_present, a.annotation_count() - 1);
    assert_eq!(report.imported, 1);
    assert_eq!(report.renamed, 1);
    let uuid: uuid::Uuid = first_id.trim_start_matches("urn:uuid:").parse().unwrap();
    assert_ne!(a.annotation(&uuid).unwrap().note, "different");
    assert!(a
        .all_annotations()
        .iter()
        .any(|x| x.note == "different" && x.id != uuid));
    // Into a fresh project the ids are kept.
    let mut b = fresh();
    import_annotations(&mut b, &bytes, "x").unwrap();
    assert!(b.annotation(&uuid).is_some());
}

#[test]
fn anchored_ranges_are_snapped_to_grapheme_clusters() {
    let mut p = fresh();
    let r = range_of(&mut p, 0, "किम");
    // A position that splits the cluster कि (क + ि) and no quote: snapped outward.
    let doc = json!([ann(
        &p,
        0,
        json!([pos_sel(r.start + 1, r.end)]),
        tag("Event")
    )]);
    let report = import(&mut p, &doc).unwrap();
    assert_eq!(report.anchored_by_position, 1);
    let id = id_of(&p, 0);
    let a = p.annotations_of(&id)[0].clone();
    assert_eq!((a.start, a.end), (r.start, r.end));
    assert_eq!(a.quote, "किम");
}

#[test]
fn foreign_ids_are_recognised_on_reimport_and_hypothesis_fields_are_read() {
    let mut p = fresh();
    let quote = "किम जोंग उन";
    let r = range_of(&mut p, 0, quote);
    let source = format!("urn:khabar:article:{}", id_of(&p, 0));
    // A Hypothesis API search result: ids that are not UUIDs, `text` for the note, `tags` for the codes.
    let doc = json!({
        "total": 2,
        "rows": [
            {
                "id": "AbC12dEfGh-IjK",
                "user": "acct:asha@hypothes.is",
                "text": "हाइपोथिसिस का नोट",
                "tags": ["Sanctions", "नया टैग"],
                "target": [{ "source": source, "selector": [quote_sel(quote), pos_sel(r.start, r.end)] }]
            },
            {
                "id": "https://example.org/annotations/42",
                "target": [
                    { "source": source, "selector": [quote_sel(quote)] },
                    { "source": source, "selector": [quote_sel("पुतिन")] }
                ]
            }
        ]
    });
    let first = import(&mut p, &doc).unwrap();
    assert_eq!(first.imported, 3, "{first:?}");
    assert_eq!(first.created_codes, vec!["नया टैग".to_owned()]);
    let hyp = p
        .all_annotations()
        .into_iter()
        .find(|a| a.note == "हाइपोथिसिस का नोट")
        .expect("the text is the note");
    assert_eq!(
        hyp.codes,
        vec![code(&p, "Sanctions"), code(&p, "नया टैग")],
        "the tags are the codes"
    );
    assert_eq!(hyp.creator, "acct:asha@hypothes.is");
    assert_eq!(
        hyp.id,
        uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, b"AbC12dEfGh-IjK")
    );
    // The same file again: everything is already there, nothing is duplicated.
    let count = p.annotation_count();
    let again = import(&mut p, &doc).unwrap();
    assert_eq!(again.imported, 0, "{again:?}");
    assert_eq!(again.already_present, 3);
    assert_eq!(p.annotation_count(), count);
}

#[test]
fn a_code_without_a_name_names_its_field_path() {
    let mut p = fresh();
    let quote = "किम जोंग उन";
    let items: Vec<Value> = (0..4)
        .map(|i| {
            // The fourth annotation's tag is only a byte order mark: no name once normalised.
            let name = if i == 3 { "\u{feff}" } else { "Event" };
            ann(&p, 0, json!([quote_sel(quote)]), json!([tag(name)]))
        })
        .collect();
    let doc = json!({
        "type": "AnnotationCollection",
        "first": { "type": "AnnotationPage", "items": items }
    });
    let before = p.annotation_count();
    let err = import(&mut p, &doc).unwrap_err();
    assert!(
        err.contains("first.items[3].body[0].value: a code without a name"),
        "{err}"
    );
    assert_eq!(p.annotation_count(), before);
    // bodyValue, and a native file's code.
    let doc = json!([{ "motivation": "tagging", "bodyValue": "\u{feff}",
        "target": { "source": format!("urn:khabar:article:{}", id_of(&p, 0)), "selector": quote_sel(quote) } }]);
    let err = import(&mut p, &doc).unwrap_err();
    assert!(
        err.contains("[0].bodyValue: a code without a name"),
        "{err}"
    );
    let native = json!({ "format": "khabar-annotations", "version": 1, "codebook": [], "annotations": [
        { "article": id_of(&p, 0), "quote": quote, "codes": [{ "name": "  " }] } ] });
    let err = import(&mut p, &native).unwrap_err();
    assert!(
        err.contains("annotations[0].codes[0].name: a code without a name"),
        "{err}"
    );
    assert_eq!(p.annotation_count(), before);
}
