//! `khabar search / autocode / retrieve / matrix / index` through the binary, on a project upgraded from format 2.

use std::process::Command;

use khabar::project::Project;

mod common;

use common::cli::{run, BIN};

fn json(project: &std::path::Path, args: &[&str]) -> Vec<serde_json::Value> {
    let s = run(project, args);
    assert_eq!(s.lines().count(), 1, "one JSON array");
    serde_json::from_str::<serde_json::Value>(&s)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

/// A format-2 project: the bundled corpus without the search tables.
fn old_project(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("old.khabar");
    drop(Project::create(&path, &khabar::ingest::bundled_corpus()).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    // Format 2 kept the texts in the article list (format 4 moved them to their own table), no stored dates
    // (format 5) and no web page details or feeds (format 6).
    c.execute_batch(
        "DROP TRIGGER article_dates_published; DROP TRIGGER article_dates_gone; DROP TABLE article_dates; \
         DROP TABLE article_details; DROP TABLE feeds; \
         DROP TABLE search_fts; DROP TABLE search_docs; \
         ALTER TABLE articles ADD COLUMN text TEXT NOT NULL DEFAULT ''; \
         ALTER TABLE articles ADD COLUMN blocks TEXT NOT NULL DEFAULT '[]'; \
         UPDATE articles SET text = (SELECT t.text FROM article_texts t WHERE t.id = articles.id), \
                             blocks = (SELECT t.blocks FROM article_texts t WHERE t.id = articles.id); \
         DROP TABLE article_texts; \
         DROP TRIGGER annotation_counted; DROP TRIGGER annotation_uncounted; DROP TRIGGER annotation_moved; \
         ALTER TABLE articles DROP COLUMN annotations; \
         DROP TABLE sync_state; DROP TABLE sync_code_ids; DROP TABLE sync_records; DROP TABLE sync_outbox; \
         DROP TABLE sync_history; \
         PRAGMA user_version = 2; PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .unwrap();
    drop(c);
    path
}

#[test]
fn search_on_an_upgraded_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = old_project(dir.path());
    let rows = json(&path, &["search", "पुतिन", "--json"]);
    assert!(rows.len() > 10);
    let p = Project::open_read_only(&path).unwrap();
    assert!(
        p.index_progress().unwrap().complete(),
        "small projects are indexed on upgrade"
    );
    let p2 = Project::open_read_only(&path).unwrap();
    for r in &rows {
        let id = khabar::model::ArticleId(r["article"].as_str().unwrap().to_owned());
        let a = p2.article(&id).unwrap();
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(a.slice(s..e), r["hit"].as_str().unwrap());
        assert_eq!(r["hit"], "पुतिन");
        for k in ["left", "right", "title"] {
            assert!(r[k].is_string());
        }
    }
    drop((p, p2));
    // Romanised, limited, sorted, TSV.
    assert_eq!(
        json(&path, &["search", "putin", "--json", "--limit", "5"]).len(),
        5
    );
    let tsv = run(&path, &["search", "पुतिन", "--sort", "right"]);
    assert_eq!(tsv.lines().count(), rows.len());
    // A bad query is an error with a message.
    let out = Command::new(BIN)
        .arg("--project")
        .arg(&path)
        .args(["search", "(पुतिन"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("parentheses"));
    // Autocode, retrieve, matrix.
    let ac = run(
        &path,
        &[
            "autocode",
            "पुतिन",
            "--code",
            "Meeting/visit",
            "--widen",
            "sentence",
        ],
    );
    assert!(ac.contains("created"));
    let segs = json(&path, &["retrieve", "--code", "Meeting/visit", "--json"]);
    assert!(!segs.is_empty());
    assert!(segs
        .iter()
        .all(|s| s["quote"].as_str().unwrap().contains("पुतिन")));
    let none = json(
        &path,
        &[
            "retrieve",
            "--code",
            "Meeting/visit",
            "--not",
            "Meeting/visit",
            "--json",
        ],
    );
    assert!(none.is_empty());
    let m = json(&path, &["matrix", "--json"]);
    let total: u64 = m.iter().map(|c| c["count"].as_u64().unwrap()).sum();
    assert_eq!(total as usize, segs.len());
    let co = run(&path, &["matrix", "--cooccurrence", "--json"]);
    assert!(co.contains("overlap"));
    let csv = dir.path().join("segs.csv");
    let html = dir.path().join("segs.html");
    run(
        &path,
        &[
            "retrieve",
            "--code",
            "Meeting/visit",
            "--csv",
            csv.to_str().unwrap(),
            "--html",
            html.to_str().unwrap(),
        ],
    );
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .contains("lang=\"hi\""));
    assert_eq!(
        std::fs::read_to_string(&csv).unwrap().lines().count(),
        segs.len() + 1
    );
    // Rebuilding the index gives the same rows.
    assert!(run(&path, &["index", "--rebuild"]).contains("indexed\t5"));
    assert_eq!(json(&path, &["search", "पुतिन", "--json"]), rows);
}
