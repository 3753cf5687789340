//! Shared fixture for the exchange tests: the bundled corpus plus an article with emoji before the coded passage and
//! one read from a CRLF file, with annotations in Devanagari, with codes and notes, a child code and a note-only one.
#![allow(dead_code)]

use std::path::Path;

use khabar::annotate::{codebook, Code, Edit};
use khabar::model::{Article, ArticleId};
use khabar::project::Project;

pub const EMOJI_TEXT: &str = "😀🎉👍🏽 सुर्ख़ियाँ 🇮🇳\n\nरूस और उत्तर कोरिया के बीच 🤝 नया समझौता हुआ।\n";
pub const CRLF_BYTES: &[u8] =
    "किम-पुतिन वार्ता\r\n\r\nमॉस्को में हुई बैठक में दोनों नेताओं ने\r\nसैन्य सहयोग पर चर्चा की।\r\n".as_bytes();

pub fn articles() -> Vec<Article> {
    let mut v = khabar::ingest::bundled_corpus();
    v.push(
        khabar::ingest::article_from_bytes(
            EMOJI_TEXT.as_bytes(),
            Path::new("emoji.txt"),
            Some("इमोजी"),
        )
        .unwrap(),
    );
    v.push(khabar::ingest::article_from_bytes(CRLF_BYTES, Path::new("crlf.txt"), None).unwrap());
    v
}

pub fn fresh() -> Project {
    let mut p = Project::in_memory(&articles());
    p.creator = "परीक्षक".into();
    p
}

pub fn id_of(p: &Project, i: usize) -> ArticleId {
    p.metas()[i].id.clone()
}

pub fn code(p: &Project, name: &str) -> i64 {
    p.code_by_name(name).unwrap().id
}

/// Annotate the `occurrence`-th match of `quote` in article `i`.
pub fn annotate(p: &mut Project, i: usize, quote: &str, codes: &[&str], note: &str) -> uuid::Uuid {
    let art = id_of(p, i);
    let range = p.find_quote(&art, quote, 1).unwrap();
    let codes = codes.iter().map(|c| code(p, c)).collect();
    p.add_annotation(&art, range, codes, note.into()).unwrap()
}

/// The fixture: annotations over several articles, a child code, a note-only annotation.
pub fn fixture() -> Project {
    let mut p = fresh();
    // A child code of "Meeting/visit", with a shortcut that is free.
    let parent = code(&p, "Meeting/visit");
    let child = Code {
        id: p.next_code_id(),
        name: "शिखर सम्मेलन".into(),
        color: [0x12, 0x34, 0x56],
        parent: Some(parent),
        shortcut: None,
        is_event: true,
        position: 100,
    };
    let changes = codebook::upsert_code_changes(p.codes(), child).unwrap();
    p.apply(Edit::new("add code", changes)).unwrap();

    annotate(
        &mut p,
        0,
        "किम जोंग उन",
        &["Messages/diplomacy", "Rhetoric/praise"],
        "",
    );
    annotate(
        &mut p,
        0,
        "पुतिन",
        &["Meeting/visit"],
        "नोट: \"शांति\" संदेश,\nदूसरी पंक्ति",
    );
    annotate(&mut p, 1, "समझौता", &["Treaty/agreement", "शिखर सम्मेलन"], "");
    annotate(&mut p, 2, "सैनिकों", &[], "only a note, with a comma");
    annotate(&mut p, 5, "उत्तर कोरिया", &["Troops/war"], "after emoji");
    annotate(&mut p, 6, "सैन्य सहयोग", &["Military cooperation"], "");
    // A passage that spans a CRLF line end of the source file.
    annotate(&mut p, 6, "नेताओं ने\nसैन्य", &["Event"], "");
    p
}

pub fn export(p: &mut Project, format: khabar::exchange::Format, reproducible: bool) -> Vec<u8> {
    let mut opts = khabar::exchange::ExportOptions::new(format);
    opts.reproducible = reproducible;
    khabar::exchange::export(p, &opts).unwrap().0
}

pub fn w3c_items(bytes: &[u8]) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    v["first"]["items"].as_array().cloned().unwrap_or_default()
}

/// The vendored W3C test-suite files (`tests/w3c/`, with their licence).
pub fn standards() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/w3c")
}
