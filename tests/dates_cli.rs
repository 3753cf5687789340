//! `khabar dates` through the binary on the bundled corpus: every temporal expression with its TIMEX3 type and
//! value, the heading "जून", byline dates with their roles; and heading events merging with body events.

mod common;

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_khabar");

fn run(project: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--project")
        .arg(project)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn bundled(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("b.khabar");
    let out = Command::new(BIN)
        .args(["new", "--bundled"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success());
    path
}

#[test]
fn dates_json_lists_the_heading_june_and_byline_dates_with_roles() {
    let dir = tempfile::tempdir().unwrap();
    let path = bundled(dir.path());
    let s = run(&path, &["dates", "--json"]);
    assert_eq!(s.lines().count(), 1, "one JSON array");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&s).unwrap();
    assert!(rows.len() >= 25, "{}", rows.len());
    let p = khabar::project::Project::open_read_only(&path).unwrap();
    for r in &rows {
        // spans are code points of the article text and the text is exactly what they cover
        let id = khabar::model::ArticleId(r["article"].as_str().unwrap().to_owned());
        let a = p.article(&id).unwrap();
        let (start, end) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(a.slice(start..end), r["text"].as_str().unwrap());
        let sentence = &r["sentence"];
        let (ss, se) = (
            sentence["start"].as_u64().unwrap() as usize,
            sentence["end"].as_u64().unwrap() as usize,
        );
        assert!(ss <= start && end <= se, "{r}");
        assert_eq!(a.slice(ss..se), sentence["text"].as_str().unwrap());
        assert!(["DATE", "TIME", "DURATION", "SET"].contains(&r["type"].as_str().unwrap()));
        assert_ne!(r["block"], "boilerplate");
    }
    // the heading "जब जून में एक-दूजे से मिले पुतिन-किम जोंग"
    let heading = rows
        .iter()
        .find(|r| r["text"] == "जून" && r["block"] == "heading")
        .expect("the heading's जून is listed");
    assert!(heading["sentence"]["text"]
        .as_str()
        .unwrap()
        .starts_with("जब जून में"));
    assert_eq!(heading["type"], "DATE");
    // no publication date is stated in that article: unresolved, and why
    assert_eq!(heading["resolution"]["how"], "unresolved");
    assert!(heading["resolution"]["why"]
        .as_str()
        .unwrap()
        .contains("publication date"));
    // bylines: "Edited By Updated: 27 Dec, 2025 02:06 PM" is a modified date; "Published: September 13, 2023 4:28 PM"
    let modified = rows
        .iter()
        .find(|r| r["text"] == "27 Dec, 2025 02:06 PM")
        .unwrap();
    assert_eq!(
        (&modified["block"], &modified["role"]),
        (&"byline".into(), &"modified".into())
    );
    assert_eq!(
        (&modified["type"], &modified["value"]),
        (&"TIME".into(), &"2025-12-27T14:06".into())
    );
    let published = rows
        .iter()
        .find(|r| r["text"] == "September 13, 2023 4:28 PM")
        .unwrap();
    assert_eq!(
        (&published["block"], &published["role"]),
        (&"byline".into(), &"published".into())
    );
    assert_eq!(published["value"], "2023-09-13T16:28");
    // "आज का डीपीआरके-रूस गठबंधन": the present in general; "24 वर्षों": a duration
    assert!(rows
        .iter()
        .any(|r| r["text"] == "आज" && r["value"] == "PRESENT_REF"));
    assert!(rows
        .iter()
        .any(|r| r["text"] == "24 वर्षों" && r["type"] == "DURATION" && r["value"] == "P24Y"));
    // resolved against the byline: "18 दिसंबर" in the article published 27 Dec 2025
    let dec = rows.iter().find(|r| r["text"] == "18 दिसंबर").unwrap();
    assert_eq!(
        (&dec["value"], &dec["resolution"]["how"]),
        (&"2025-12-18".into(), &"publication_date".into())
    );

    // --jsonl: the same rows, one per line; --article: one article's rows
    let lines = run(&path, &["dates", "--jsonl"]);
    let jl: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(jl, rows);
    let id = heading["article"].as_str().unwrap();
    let one: Vec<serde_json::Value> =
        serde_json::from_str(&run(&path, &["dates", "--json", "--article", &id[..8]])).unwrap();
    assert_eq!(
        one.len(),
        rows.iter().filter(|r| r["article"] == id).count()
    );
    // tab-separated by default
    let tsv = run(&path, &["dates"]);
    assert_eq!(tsv.lines().count(), rows.len());
    assert!(tsv
        .lines()
        .any(|l| l.contains("\tmodified\t27 Dec, 2025 02:06 PM")));
}

#[test]
fn a_heading_event_merges_with_the_same_event_in_the_body() {
    let mut project = common::bundled_project();
    // The article with the heading "जब जून में एक-दूजे से मिले पुतिन-किम जोंग" is from the new-year period.
    let id = project
        .metas()
        .iter()
        .find(|m| m.title.starts_with("नए साल पर किम"))
        .unwrap()
        .id
        .clone();
    project
        .set_published(&id, chrono::NaiveDate::from_ymd_opt(2025, 1, 3))
        .unwrap();
    let mut timeline = khabar::timeline::Timeline::default();
    let events = timeline.events(&project).to_vec();
    let article = project.article(&id).unwrap();
    let kind_of = |start: usize| article.blocks[article.block_at(start).unwrap()].kind;
    let with_heading = events
        .iter()
        .find(|e| {
            e.sources.iter().any(|s| {
                s.article == id && kind_of(s.span.start) == khabar::model::BlockKind::Heading
            })
        })
        .expect("the heading dates an event");
    assert_eq!(with_heading.date.to_timex(), "2024-06");
    assert!(
        with_heading
            .sources
            .iter()
            .any(|s| s.article == id && kind_of(s.span.start) == khabar::model::BlockKind::Body),
        "the heading's event is the body's event: {with_heading:#?}"
    );
}

#[test]
fn bylines_without_a_colon_set_published_and_modified_apart() {
    let article = |byline: &str| {
        let text = format!(
            "पुतिन और किम की मुलाकात\n\n{byline}\n\nरूस के राष्ट्रपति ने बुधवार को प्योंगयांग की यात्रा की।\n"
        );
        khabar::ingest::article_from_bytes(text.as_bytes(), std::path::Path::new("a.txt"), None)
            .unwrap()
    };
    // only a modified date: it stands in for the publication date
    let a = article("Last Updated 19 Oct 2023 06:07:54 AM IST");
    let b = a
        .blocks
        .iter()
        .find(|b| a.block_text(b).starts_with("Last"))
        .unwrap();
    assert_eq!(b.kind, khabar::model::BlockKind::Byline);
    assert_eq!(
        a.meta.published,
        chrono::NaiveDate::from_ymd_opt(2023, 10, 19)
    );
    // a publication date stated as well: it wins, the modified date stays a modified date
    let a = article("Published 18 Oct 2023 | Last Updated 19 Oct 2023 06:07:54 AM IST");
    assert_eq!(
        a.meta.published,
        chrono::NaiveDate::from_ymd_opt(2023, 10, 18)
    );
    let ms = khabar::timeline::mentions::article_mentions(
        &a.meta.id,
        a.meta.published,
        &a.text,
        &a.blocks,
    );
    let roles: Vec<(&str, Option<&str>)> = ms
        .iter()
        .filter(|m| m.block == khabar::model::BlockKind::Byline)
        .map(|m| (m.value.as_deref().unwrap(), m.role.map(|r| r.as_str())))
        .collect();
    assert_eq!(
        roles,
        vec![
            ("2023-10-18", Some("published")),
            ("2023-10-19T06:07", Some("modified"))
        ]
    );
    // the weekday resolves against the publication date, not the modified one
    let wed = ms.iter().find(|m| m.text == "बुधवार").unwrap();
    assert_eq!(wed.value.as_deref(), Some("2023-10-18"));
}
