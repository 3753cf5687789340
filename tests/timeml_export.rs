//! `export --format timeml`: well-formed XML that re-reads (quick-xml) to exactly the mentions `khabar dates` lists;
//! one document for one article, a tar archive of documents for several.

mod common;

use common::cli::{khabar, ok, run};

use khabar::exchange::timeml::{article_timeml, read_timeml, Timex3};
use khabar::timeline::mentions::{article_mentions, ArticleMention};
use proptest::prelude::*;

fn expected(ms: &[ArticleMention]) -> Vec<Timex3> {
    ms.iter()
        .map(|m| Timex3 {
            start: m.start,
            end: m.end,
            text: m.text.clone(),
            timex_type: m.timex_type.as_str().to_owned(),
            value: m.value.clone().unwrap_or_else(|| "XXXX".into()),
            end_value: m.end_value.clone(),
        })
        .collect()
}

#[test]
fn the_bundled_corpus_as_a_timeml_archive_rereads_to_the_same_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.khabar");
    ok(&khabar(&["new", "--bundled", path.to_str().unwrap()]));
    let tar_path = dir.path().join("dates.tar");
    run(
        &path,
        &[
            "export",
            "--format",
            "timeml",
            "--out",
            tar_path.to_str().unwrap(),
        ],
    );
    let project = khabar::project::Project::open_read_only(&path).unwrap();
    let mut archive = tar::Archive::new(std::fs::File::open(&tar_path).unwrap());
    let mut seen = 0;
    let mut timexes = 0;
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        let doc = read_timeml(&bytes, &name).unwrap();
        assert_eq!(name, format!("{}.tml", doc.docid));
        let id = khabar::model::ArticleId(doc.docid.clone());
        let a = project.article(&id).unwrap();
        let meta = project.meta(&id).unwrap();
        assert_eq!(
            doc.text, a.text,
            "the TEXT element is the article text, char for char"
        );
        assert_eq!(doc.dct, meta.published.map(|d| d.to_string()));
        let ms = article_mentions(&id, meta.published, &a.text, &a.blocks);
        assert_eq!(doc.timexes, expected(&ms));
        timexes += doc.timexes.len();
        seen += 1;
    }
    assert_eq!(seen, 5);
    assert!(timexes >= 25);
    // one article: one TimeML document, with the byline roles and the anchor to the creation time
    let id = project.metas()[4].id.clone();
    let one = dir.path().join("one.tml");
    run(
        &path,
        &[
            "export",
            "--format",
            "timeml",
            "--article",
            &id.0,
            "--out",
            one.to_str().unwrap(),
        ],
    );
    let xml = std::fs::read_to_string(&one).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(xml.contains(r#"<DCT><TIMEX3 tid="t0" type="DATE" value="2023-09-13" functionInDocument="CREATION_TIME">"#));
    assert!(xml.contains(r#"type="TIME" value="2023-09-13T16:28" functionInDocument="PUBLICATION_TIME">September 13, 2023 4:28 PM</TIMEX3>"#), "{xml}");
    assert!(xml.contains(r#"type="DATE" value="2023-09-12" temporalFunction="true" anchorTimeID="t0">मंगलवार</TIMEX3>"#));
    assert_eq!(read_timeml(xml.as_bytes(), "one.tml").unwrap().docid, id.0);
}

#[test]
fn native_json_includes_dates_on_request() {
    let mut project = common::bundled_project();
    let mut opts = khabar::exchange::ExportOptions::new(khabar::exchange::Format::Json);
    let (plain, _) = khabar::exchange::export(&mut project, &opts).unwrap();
    let plain: serde_json::Value = serde_json::from_slice(&plain).unwrap();
    assert!(plain["articles"][0].get("dates").is_none());
    opts.include_dates = true;
    let (bytes, _) = khabar::exchange::export(&mut project, &opts).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let rows = v["articles"][4]["dates"].as_array().unwrap();
    assert!(rows
        .iter()
        .any(|r| r["text"] == "मंगलवार" && r["value"] == "2023-09-12"));
    assert!(rows.iter().any(|r| r["role"] == "published"));
}

#[test]
fn markup_characters_and_control_characters_stay_text() {
    let text =
        "शीर्षक <b>&amp;\n\nपुतिन ने 19 जून 2024 को <script>\"यात्रा\"</script> & 'दौरा' किया।\u{1}\n\n";
    let a = khabar::model::Article::new(khabar::model::normalize_text(text), "t.txt".into(), None);
    let ms = article_mentions(&a.meta.id, None, &a.text, &a.blocks);
    assert!(!ms.is_empty());
    let xml = article_timeml(&a.meta, &a.text, &ms).unwrap();
    let doc = read_timeml(&xml, "t.tml").unwrap();
    assert_eq!(doc.timexes, expected(&ms));
    assert_eq!(doc.text.chars().count(), a.text.chars().count());
    // not TimeML, not XML: errors that say so
    assert!(read_timeml(b"<html></html>", "x.tml")
        .unwrap_err()
        .to_string()
        .contains("x.tml"));
    assert!(read_timeml(b"<TimeML><TEXT>a<TIMEX3>b</TEXT>", "y.tml").is_err());
    assert!(read_timeml(b"<!DOCTYPE x [<!ENTITY a 'b'>]><TimeML/>", "z.tml").is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any text, with dates, markup characters and astral chars around them, re-reads to the same mentions.
    #[test]
    fn timeml_rereads_to_the_same_mentions(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("19 जून 2024".to_owned()),
                Just("18-19 जून".to_owned()),
                Just("कल शाम".to_owned()),
                Just("तीन दिन".to_owned()),
                Just("हाल ही में".to_owned()),
                Just("<&>\"'".to_owned()),
                Just("😀𝒳".to_owned()),
                Just("।\n".to_owned()),
                "[a-zक-ह ]{0,12}",
            ],
            1..20,
        ),
        published in proptest::option::of(0u32..3000),
    ) {
        let text = format!("शीर्षक\n\n{}\n", parts.join(" "));
        let mut a = khabar::model::Article::new(khabar::model::normalize_text(&text), "t.txt".into(), None);
        a.meta.published = published.map(|d| chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(d as i64));
        let ms = article_mentions(&a.meta.id, a.meta.published, &a.text, &a.blocks);
        let xml = article_timeml(&a.meta, &a.text, &ms).unwrap();
        let doc = read_timeml(&xml, "p.tml").unwrap();
        prop_assert_eq!(doc.timexes, expected(&ms));
        prop_assert_eq!(doc.text, a.text.clone());
    }
}
