//! Export: W3C output against the W3C Web Annotation test-suite schemas, offsets that select exactly the quote,
//! round trips, determinism, the native schema and CSV.

mod exchange_common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use exchange_common::*;
use jsonschema::{Draft, Retrieve, Uri};
use khabar::exchange::{self, ExportOptions, ExportScope, Format};
use serde_json::{json, Value};

/// Serves the test suite's files by name: the assertion schemas refer to `definitions/*.json` by relative file
/// name (`"id.json#/definitions/stringUri"`), and their own `id`s are bare file names, so every relative reference
/// resolves against one base URI; this retriever maps the last path segment to the file in `definitions/`.
struct SuiteRetriever {
    definitions: PathBuf,
}

const SUITE_BASE: &str = "http://www.w3.org/annotation-model-tests/";

impl Retrieve for SuiteRetriever {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let s = uri.as_str();
        let name = s
            .strip_prefix(SUITE_BASE)
            .ok_or_else(|| format!("unexpected reference outside the test suite: {s}"))?;
        let name = name.split('#').next().unwrap_or(name);
        let name = name.rsplit('/').next().unwrap_or(name);
        let text = std::fs::read_to_string(self.definitions.join(name))
            .map_err(|e| format!("{name}: {e}"))?;
        Ok(serde_json::from_str(&text)?)
    }
}

fn suite_dir() -> PathBuf {
    Path::new(standards()).join("web-annotation-tests")
}

fn compile_suite_schema(schema: &Value) -> jsonschema::Validator {
    jsonschema::options()
        .with_draft(Draft::Draft4)
        .with_base_uri(SUITE_BASE)
        .should_validate_formats(true)
        .with_retriever(SuiteRetriever {
            definitions: suite_dir().join("definitions"),
        })
        .build(schema)
        .unwrap_or_else(|e| panic!("schema does not compile: {e}"))
}

/// The MUST assertions of `annotationMusts.test`: (file, expectedResult, validator).
fn must_assertions() -> Vec<(String, String, jsonschema::Validator)> {
    let dir = suite_dir();
    let test: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("annotations/annotationMusts.test")).unwrap(),
    )
    .unwrap();
    let list = test["assertions"].as_array().unwrap();
    assert!(list.len() > 40, "the MUST list is complete");
    list.iter()
        .map(|a| {
            let rel = a.as_str().unwrap();
            let schema: Value =
                serde_json::from_str(&std::fs::read_to_string(dir.join(rel)).unwrap()).unwrap();
            let expected = schema["expectedResult"]
                .as_str()
                .unwrap_or("valid")
                .to_owned();
            (rel.to_owned(), expected, compile_suite_schema(&schema))
        })
        .collect()
}

fn check_annotation(
    asserts: &[(String, String, jsonschema::Validator)],
    ann: &Value,
) -> Vec<String> {
    let mut failures = Vec::new();
    for (name, expected, v) in asserts {
        let valid = v.is_valid(ann);
        if valid != (expected == "valid") {
            let errs: Vec<String> = v.iter_errors(ann).map(|e| e.to_string()).take(3).collect();
            failures.push(format!("{name} (expected {expected}): {errs:?}"));
        }
    }
    failures
}

#[test]
fn every_w3c_annotation_passes_the_must_assertions_of_the_test_suite() {
    let asserts = must_assertions();
    let mut p = fixture();
    let bytes = export(&mut p, Format::W3c, true);
    let items = w3c_items(&bytes);
    assert_eq!(items.len(), p.annotation_count());
    for ann in &items {
        let failures = check_annotation(&asserts, ann);
        assert!(
            failures.is_empty(),
            "{}\n{failures:#?}",
            serde_json::to_string_pretty(ann).unwrap()
        );
    }
    // Tagging, commenting and both kinds of body are exercised.
    let motivations: Vec<&str> = items
        .iter()
        .map(|a| a["motivation"].as_str().unwrap())
        .collect();
    assert!(motivations.contains(&"tagging") && motivations.contains(&"commenting"));
}

#[test]
fn the_suite_schemas_do_reject_broken_annotations() {
    // Guards against a validator that passes everything (an unresolved $ref, a misread draft).
    let asserts = must_assertions();
    let mut p = fixture();
    let good = w3c_items(&export(&mut p, Format::W3c, true))[0].clone();
    type Breakage = (&'static str, Box<dyn Fn(&mut Value)>);
    let breakages: Vec<Breakage> = vec![
        (
            "3.1-annotationContextValidated",
            Box::new(|a| a["@context"] = json!("http://example.org/ctx")),
        ),
        (
            "3.1-annotationTypeValidated",
            Box::new(|a| a["type"] = json!("Note")),
        ),
        (
            "3.1-targetKeyFound",
            Box::new(|a| {
                a.as_object_mut().unwrap().remove("target");
            }),
        ),
        (
            "3.3.1-annotationCreatedValidated",
            Box::new(|a| a["created"] = json!("yesterday")),
        ),
        (
            "3.2.5-notBodyBodyValue",
            Box::new(|a| a["bodyValue"] = json!("x")),
        ),
        (
            "4.2.4-textQuoteSelectorValid",
            Box::new(|a| {
                a["target"]["selector"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("exact");
            }),
        ),
        (
            "4.2-TextDataPositionSelectorValid",
            Box::new(|a| a["target"]["selector"][1]["start"] = json!("12")),
        ),
    ];
    for (which, f) in breakages {
        let mut bad = good.clone();
        f(&mut bad);
        let failures = check_annotation(&asserts, &bad);
        assert!(
            failures.iter().any(|m| m.contains(which)),
            "breaking {which} was not caught: {failures:#?}"
        );
    }
}

#[test]
fn the_w3c_collection_and_page_validate_against_the_collection_definitions() {
    let schema = json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "id": "khabar-collection-check.json",
        "type": "object",
        "required": ["@context", "id", "type", "first"],
        "properties": {
            "@context": { "oneOf": [
                { "$ref": "collections.json#/definitions/contextValueFound" },
                { "$ref": "collections.json#/definitions/contextValueInArrayFound" } ] },
            "id": { "$ref": "id.json#/definitions/arraySingleStringUri" },
            "first": { "allOf": [
                { "$ref": "collections.json#/definitions/annotationPageTypeValueFound" },
                { "$ref": "collections.json#/definitions/itemsFound" },
                { "$ref": "collections.json#/definitions/startIndexDefinition" },
                { "$ref": "id.json#/definitions/idValueFound" } ] }
        },
        "allOf": [
            { "$ref": "collections.json#/definitions/annotationCollectionTypeValueFound" },
            { "$ref": "collections.json#/definitions/labelFound" },
            { "$ref": "collections.json#/definitions/totalDefinition" },
            { "$ref": "collections.json#/definitions/totalFound" },
            { "$ref": "collections.json#/definitions/firstValidIfPresent" },
            { "$ref": "collections.json#/definitions/firstRequiredIfTotalMoreThanZero" }
        ]
    });
    let v = compile_suite_schema(&schema);
    let mut p = fixture();
    let doc: Value = serde_json::from_slice(&export(&mut p, Format::W3c, false)).unwrap();
    let errs: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).take(5).collect();
    assert!(errs.is_empty(), "{errs:#?}");
    assert_eq!(doc["total"], json!(p.annotation_count()));
    assert!(doc["generated"].as_str().unwrap().ends_with('Z'));
    // And a broken collection is caught.
    let mut bad = doc.clone();
    bad["type"] = json!("Collection");
    assert!(!v.is_valid(&bad));
}

fn chars_at(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn w3c_offsets_select_exactly_the_quote_in_devanagari_emoji_and_crlf_articles() {
    let mut p = fixture();
    let items = w3c_items(&export(&mut p, Format::W3c, true));
    let mut seen = HashMap::new();
    for ann in &items {
        let source = ann["target"]["source"].as_str().unwrap();
        let id = source.strip_prefix("urn:khabar:article:").unwrap();
        let art = p.article(&khabar::model::ArticleId(id.into())).unwrap();
        let sel = ann["target"]["selector"].as_array().unwrap();
        let exact = sel[0]["exact"].as_str().unwrap();
        let (start, end) = (
            sel[1]["start"].as_u64().unwrap() as usize,
            sel[1]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(chars_at(&art.text, start, end), exact);
        // prefix / suffix are the (at most 32) chars around the passage.
        let prefix = sel[0]["prefix"].as_str().unwrap_or("");
        let suffix = sel[0]["suffix"].as_str().unwrap_or("");
        assert_eq!(chars_at(&art.text, start.saturating_sub(32), start), prefix);
        assert_eq!(
            chars_at(&art.text, end, (end + 32).min(art.text.chars().count())),
            suffix
        );
        *seen.entry(id.to_owned()).or_insert(0) += 1;
    }
    // The emoji article: astral-plane chars before the passage count as one code point each.
    let emoji_id = id_of(&p, 5);
    let emoji = items
        .iter()
        .find(|a| a["target"]["source"] == json!(format!("urn:khabar:article:{emoji_id}")))
        .unwrap();
    let start = emoji["target"]["selector"][1]["start"].as_u64().unwrap() as usize;
    let text = p.article(&emoji_id).unwrap().text.clone();
    let utf16_start = text.chars().take(start).map(char::len_utf16).sum::<usize>();
    assert!(
        utf16_start > start,
        "emoji precede the passage, so UTF-16 offsets would differ"
    );
    assert_eq!(
        emoji["target"]["selector"][0]["exact"],
        json!("उत्तर कोरिया")
    );
    // The CRLF article: offsets are into the LF-normalised text, and the passage spanning a line end is intact.
    let crlf_id = id_of(&p, 6);
    assert_eq!(seen[crlf_id.as_str()], 2);
    let crlf_text = p.article(&crlf_id).unwrap().text.clone();
    assert!(!crlf_text.contains('\r'));
    assert!(items
        .iter()
        .any(|a| a["target"]["selector"][0]["exact"] == json!("नेताओं ने\nसैन्य")));
}

#[test]
fn native_offsets_select_exactly_the_quote() {
    let mut p = fixture();
    let mut opts = ExportOptions::new(Format::Json);
    opts.include_text = true;
    opts.reproducible = true;
    let (bytes, n) = exchange::export(&mut p, &opts).unwrap();
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(n, p.annotation_count());
    let texts: HashMap<&str, &str> = doc["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["text"].as_str().unwrap()))
        .collect();
    for a in doc["annotations"].as_array().unwrap() {
        let text = texts[a["article"].as_str().unwrap()];
        let (s, e) = (
            a["start"].as_u64().unwrap() as usize,
            a["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(chars_at(text, s, e), a["quote"].as_str().unwrap());
    }
}

/// The fixture's articles, no annotations; the fixture's extra code created the same way.
fn empty_twin() -> khabar::project::Project {
    fresh()
}

#[test]
fn w3c_round_trip_is_byte_identical() {
    let mut a = fixture();
    let first = export(&mut a, Format::W3c, true);
    let mut b = empty_twin();
    let report = exchange::import_annotations(&mut b, &first, "round-trip.jsonld").unwrap();
    assert_eq!(report.imported, a.annotation_count());
    assert_eq!(report.anchored_by_position, a.annotation_count());
    assert!(report.orphans.is_empty());
    // W3C carries codes by name: the child code is new to the twin.
    assert_eq!(report.created_codes, vec!["शिखर सम्मेलन".to_owned()]);
    let second = export(&mut b, Format::W3c, true);
    assert_eq!(
        String::from_utf8(first).unwrap(),
        String::from_utf8(second).unwrap()
    );
}

#[test]
fn native_round_trip_is_byte_identical() {
    let mut a = fixture();
    let first = export(&mut a, Format::Json, true);
    let mut b = empty_twin();
    let report = exchange::import_annotations(&mut b, &first, "round-trip.json").unwrap();
    assert_eq!(report.imported, a.annotation_count());
    assert_eq!(report.created_codes, vec!["शिखर सम्मेलन".to_owned()]);
    // The native codebook carries colour, parent and the event flag of the new code.
    let made = b.code_by_name("शिखर सम्मेलन").unwrap();
    assert_eq!(made.color, [0x12, 0x34, 0x56]);
    assert_eq!(made.parent, Some(code(&b, "Meeting/visit")));
    assert!(made.is_event);
    let second = export(&mut b, Format::Json, true);
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
    // Importing the same file again adds nothing.
    let again = exchange::import_annotations(&mut b, &second, "again.json").unwrap();
    assert_eq!(again.imported, 0);
    assert_eq!(again.already_present, a.annotation_count());
}

#[test]
fn reproducible_exports_are_identical_and_otherwise_only_generated_differs() {
    let mut p = fixture();
    for format in [Format::W3c, Format::Json] {
        let a = export(&mut p, format, true);
        let b = export(&mut p, format, true);
        assert_eq!(a, b, "{format}");
        assert!(!String::from_utf8_lossy(&a).contains("\"generated\""));
        let live = String::from_utf8(export(&mut p, format, false)).unwrap();
        let generated: Vec<&str> = live
            .lines()
            .filter(|l| l.contains("\"generated\""))
            .collect();
        assert_eq!(generated.len(), 1, "{format}: one generated time");
        let without: String = live
            .lines()
            .filter(|l| !l.contains("\"generated\""))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            without,
            String::from_utf8(a).unwrap(),
            "{format}: only generated differs"
        );
    }
    let c1 = export(&mut p, Format::Csv, false);
    let c2 = export(&mut p, Format::Csv, false);
    assert_eq!(c1, c2);
}

#[test]
fn native_export_validates_against_its_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/schema/khabar-annotations-v1.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    for key in ["$id", "title", "description", "$schema"] {
        assert!(schema.get(key).is_some(), "schema has {key}");
    }
    let v = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let mut p = fixture();
    for (include_text, reproducible) in [(false, true), (true, false)] {
        let mut opts = ExportOptions::new(Format::Json);
        opts.include_text = include_text;
        opts.reproducible = reproducible;
        let doc: Value =
            serde_json::from_slice(&exchange::export(&mut p, &opts).unwrap().0).unwrap();
        let errs: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errs.is_empty(), "{errs:#?}");
    }
    // The schema is not vacuous.
    let mut doc: Value = serde_json::from_slice(&export(&mut p, Format::Json, true)).unwrap();
    doc["annotations"][0]["start"] = json!(-1);
    assert!(!v.is_valid(&doc));
}

#[test]
fn csv_has_bom_header_one_row_per_code_and_quotes_correctly() {
    let mut p = fixture();
    let bytes = export(&mut p, Format::Csv, true);
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        [
            "annotation_id",
            "article_id",
            "article_title",
            "start",
            "end",
            "quote",
            "code",
            "code_parent",
            "note",
            "creator",
            "created",
            "modified"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let expected_rows: usize = p
        .all_annotations()
        .iter()
        .map(|a| a.codes.len().max(1))
        .sum();
    assert_eq!(rows.len(), expected_rows);
    // Two codes → two rows with the same id; no code → one row with an empty code.
    let kim: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[5] == "किम जोंग उन").collect();
    assert_eq!(kim.len(), 2);
    assert_eq!(kim[0][0], kim[1][0]);
    assert_eq!(
        (&kim[0][6], &kim[1][6]),
        ("Messages/diplomacy", "Rhetoric/praise")
    );
    let note_only: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[5] == "सैनिकों").collect();
    assert_eq!(note_only.len(), 1);
    assert_eq!(&note_only[0][6], "");
    assert_eq!(&note_only[0][8], "only a note, with a comma");
    // Devanagari, quotes and newlines survive.
    let putin = rows.iter().find(|r| &r[5] == "पुतिन").unwrap();
    assert_eq!(&putin[8], "नोट: \"शांति\" संदेश,\nदूसरी पंक्ति");
    assert_eq!(&putin[9], "परीक्षक");
    assert!(putin[2].starts_with("नए साल पर"));
    let child = rows.iter().find(|r| &r[6] == "शिखर सम्मेलन").unwrap();
    assert_eq!(&child[7], "Meeting/visit");
    // The spanning passage keeps its newline inside a quoted field.
    assert!(rows.iter().any(|r| &r[5] == "नेताओं ने\nसैन्य"));
}

#[test]
fn scope_limits_the_export_to_an_article_and_a_code() {
    let mut p = fixture();
    let art = id_of(&p, 0);
    let mut opts = ExportOptions::new(Format::W3c);
    opts.reproducible = true;
    opts.scope = ExportScope {
        article: Some(art.clone()),
        code: None,
        coders: None,
    };
    let (bytes, n) = exchange::export(&mut p, &opts).unwrap();
    assert_eq!(n, 2);
    assert_eq!(w3c_items(&bytes).len(), 2);
    let whole = export(&mut p, Format::W3c, true);
    let id_of_doc = |b: &[u8]| serde_json::from_slice::<Value>(b).unwrap()["id"].clone();
    assert_ne!(
        id_of_doc(&bytes),
        id_of_doc(&whole),
        "each scope has its own stable id"
    );
    // A parent code includes its children.
    opts.scope = ExportScope {
        article: None,
        code: Some(code(&p, "Meeting/visit")),
        coders: None,
    };
    let (_, n) = exchange::export(&mut p, &opts).unwrap();
    assert_eq!(n, 2);
    opts.scope = ExportScope {
        article: None,
        code: Some(999),
        coders: None,
    };
    assert!(exchange::export(&mut p, &opts).is_err());
    assert_eq!("csv".parse::<Format>().unwrap(), Format::Csv);
    assert_eq!(Format::W3c.to_string(), "w3c");
    assert!("xml".parse::<Format>().is_err());
}

#[test]
fn csv_cells_that_begin_like_a_formula_are_neutralised() {
    use khabar::annotate::{codebook, Code, Edit};
    let mut p = fresh();
    let bytes = "=1+2 शीर्षक\n\n-2+3 पाठ और @SUM(A1) यहाँ\n".as_bytes();
    let article =
        khabar::ingest::article_from_bytes(bytes, std::path::Path::new("evil.txt"), None).unwrap();
    p.add_articles(vec![article]).unwrap();
    let i = p.metas().len() - 1;
    let evil = Code {
        id: p.next_code_id(),
        name: "=cmd|' /C calc'!A0".into(),
        color: [1, 2, 3],
        parent: None,
        shortcut: None,
        is_event: false,
        position: 99,
    };
    let changes = codebook::upsert_code_changes(p.codes(), evil).unwrap();
    p.apply(Edit::new("add code", changes)).unwrap();
    p.creator = "@evil".into();
    annotate(&mut p, i, "-2+3 पाठ", &["=cmd|' /C calc'!A0"], "+SUM(1)");
    p.creator = "\tTAB".into();
    annotate(&mut p, i, "यहाँ", &[], "\r=1");
    // An ordinary annotation, for contrast.
    p.creator = "परीक्षक".into();
    annotate(&mut p, 0, "पुतिन", &["Event"], "साधारण");

    let bytes = export(&mut p, Format::Csv, true);
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let first = rows.iter().find(|r| r[5].contains("2+3")).unwrap();
    assert_eq!(&first[2], "'=1+2 शीर्षक", "title");
    assert_eq!(&first[5], "'-2+3 पाठ", "quote");
    assert_eq!(&first[6], "'=cmd|' /C calc'!A0", "code");
    assert_eq!(&first[8], "'+SUM(1)", "note");
    assert_eq!(&first[9], "'@evil", "creator");
    let second = rows.iter().find(|r| &r[5] == "यहाँ").unwrap();
    assert_eq!(&second[8], "'\r=1");
    assert_eq!(&second[9], "'\tTAB");
    // Numbers stay numbers; ordinary cells are untouched.
    assert!(first[3].parse::<usize>().is_ok() && first[4].parse::<usize>().is_ok());
    let plain = rows.iter().find(|r| &r[5] == "पुतिन").unwrap();
    assert_eq!(
        (&plain[6], &plain[8], &plain[9]),
        ("Event", "साधारण", "परीक्षक")
    );
    // No cell anywhere begins like a formula.
    for row in &rows {
        for cell in row.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} in {row:?}"
            );
        }
    }
}

#[test]
fn native_round_trip_into_an_empty_codebook_is_byte_identical() {
    use khabar::annotate::{codebook, Code, Edit};
    let mut a = fresh();
    // A parent and its child at the end of the codebook; the child is used first and the parent never directly.
    let parent = Code {
        id: a.next_code_id(),
        name: "कूटनीति".into(),
        color: [0xaa, 0xbb, 0xcc],
        parent: None,
        shortcut: None,
        is_event: false,
        position: 50,
    };
    let changes = codebook::upsert_code_changes(a.codes(), parent.clone()).unwrap();
    a.apply(Edit::new("add parent", changes)).unwrap();
    let child = Code {
        id: a.next_code_id(),
        name: "दौरा".into(),
        color: [0x01, 0x02, 0x03],
        parent: Some(parent.id),
        shortcut: None,
        is_event: true,
        position: 60,
    };
    let changes = codebook::upsert_code_changes(a.codes(), child).unwrap();
    a.apply(Edit::new("add child", changes)).unwrap();
    // Codes used in an order that is not the codebook's.
    annotate(&mut a, 0, "किम जोंग उन", &["दौरा"], "");
    annotate(
        &mut a,
        0,
        "पुतिन",
        &["Event", "Sanctions", "Meeting/visit"],
        "नोट",
    );
    annotate(&mut a, 1, "समझौता", &["Weapons/technology"], "");
    let first = export(&mut a, Format::Json, true);

    // The same articles, and an empty codebook.
    let mut b = fresh();
    for c in b.codes().to_vec() {
        let changes =
            codebook::delete_code_changes(b.codes(), &b.all_annotations(), c.id, None).unwrap();
        b.apply(Edit::new("delete code", changes)).unwrap();
    }
    assert!(b.codes().is_empty());
    let report = exchange::import_annotations(&mut b, &first, "round-trip.json").unwrap();
    assert_eq!(report.imported, 3);
    let names: Vec<String> = a.codes().iter().map(|c| c.name.clone()).collect();
    assert_eq!(
        report.created_codes, names,
        "the whole codebook, in its order"
    );
    // Positions are not exported (only the order): everything else is the same.
    let key = |p: &khabar::project::Project| -> Vec<_> {
        p.codes()
            .iter()
            .map(|c| {
                (
                    c.id,
                    c.name.clone(),
                    c.color,
                    c.parent,
                    c.shortcut,
                    c.is_event,
                )
            })
            .collect()
    };
    assert_eq!(key(&b), key(&a), "ids, colours, parents, shortcuts, flags");
    let second = export(&mut b, Format::Json, true);
    assert_eq!(
        String::from_utf8_lossy(&first),
        String::from_utf8_lossy(&second)
    );
}
