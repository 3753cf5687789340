//! `--json` prints one JSON document (an array), `--jsonl` one object per line, for `annotations` and `timeline`.

use khabar::project::Project;

mod common;

use common::cli::{khabar, run};

fn array(s: &str) -> Vec<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(s)
        .unwrap_or_else(|e| panic!("not one JSON document ({e}): {s:.200}"))
        .as_array()
        .expect("an array")
        .clone()
}

fn lines(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("line is not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn annotations_and_timeline_print_an_array_or_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.khabar");
    {
        let mut p = Project::create(&path, &khabar::ingest::bundled_corpus()).unwrap();
        for (i, quote) in ["पुतिन", "प्योंगयांग", "किम"].into_iter().enumerate()
        {
            let id = p.metas()[i].id.clone();
            let r = p.find_quote(&id, quote, 1).unwrap();
            p.add_annotation(&id, r, vec![1], format!("note {i}"))
                .unwrap();
        }
    }

    let as_array = array(&run(&path, &["annotations", "--json"]));
    let as_lines = lines(&run(&path, &["annotations", "--jsonl"]));
    assert_eq!(as_array.len(), 3);
    assert_eq!(as_array, as_lines);
    let notes: Vec<&str> = as_array
        .iter()
        .map(|v| v["note"].as_str().unwrap())
        .collect();
    assert!(
        notes.contains(&"note 0") && notes.contains(&"note 2"),
        "{notes:?}"
    );

    let events = array(&run(&path, &["timeline", "--json"]));
    assert!(!events.is_empty(), "the bundled corpus dates events");
    assert_eq!(events, lines(&run(&path, &["timeline", "--jsonl"])));
    assert!(events
        .iter()
        .all(|e| e["date"].is_string() && e["sources"].is_array()));

    // One article with nothing coded: still one document.
    let other = run(&path, &["articles"]);
    let uncoded = other
        .lines()
        .nth(4)
        .unwrap()
        .split('\t')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        array(&run(
            &path,
            &["annotations", "--article", &uncoded, "--json"]
        )),
        Vec::<serde_json::Value>::new()
    );
    assert_eq!(
        run(&path, &["annotations", "--article", &uncoded, "--jsonl"]),
        ""
    );

    // Both at once is a usage error, not a guess.
    let both = khabar(&[
        "--project",
        path.to_str().unwrap(),
        "annotations",
        "--json",
        "--jsonl",
    ]);
    assert!(!both.status.success());
}
