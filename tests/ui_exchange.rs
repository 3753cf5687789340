//! Export and import of annotations from the GUI: Ctrl+E, the in-app path field (no native dialog in tests), the
//! confirmation; import of that file into another project.

mod common;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

#[test]
fn export_from_the_gui_then_import_into_a_fresh_project() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export.jsonld");
    let mut project = common::bundled_project();
    let id = project.metas()[0].id.clone();
    let r = project.find_quote(&id, "पुतिन", 1).unwrap();
    project
        .add_annotation(&id, r, vec![1], "पहला".into())
        .unwrap();
    let r = project.find_quote(&id, "यूक्रेन", 1).unwrap();
    project
        .add_annotation(&id, r, vec![4], String::new())
        .unwrap();

    let mut harness = common::app_harness(project);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label("W3C Web Annotation (JSON-LD)").click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    let field = harness.get_by_label("Path");
    field.focus();
    field.type_text(out.to_str().unwrap());
    harness.run();
    harness.get_by_label("Export").click();
    harness.run();

    let bytes = std::fs::read(&out).expect("the export file was written");
    let doc: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(doc["type"], "AnnotationCollection");
    assert_eq!(doc["total"], 2);
    let confirmation = harness.state().messages.last().unwrap().text.clone();
    assert!(
        confirmation.contains("Exported 2 annotations") && confirmation.contains("export.jsonld"),
        "{confirmation}"
    );
    assert_eq!(
        harness
            .query_all_by_label_contains("Exported 2 annotations to")
            .count(),
        2,
        "in the window and the status bar"
    );

    // Import it into a project without annotations, through File › Import annotations.
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(
        &ctx,
        khabar::ui::Action::ShowPrompt(khabar::ui::dialogs::DialogPurpose::ImportAnnotations),
    );
    harness.run();
    let field = harness.get_by_label("Path");
    field.focus();
    field.type_text(out.to_str().unwrap());
    harness.run();
    harness.get_by_label("Import").click();
    harness.run();
    let p = harness.state().project.as_ref().unwrap();
    assert_eq!(p.annotation_count(), 2);
    let quotes: Vec<String> = p.all_annotations().into_iter().map(|a| a.quote).collect();
    assert!(quotes.iter().any(|q| q == "पुतिन") && quotes.iter().any(|q| q == "यूक्रेन"));
    // One undo step removes the whole import.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().project.as_ref().unwrap().annotation_count(),
        0
    );
}

#[test]
fn a_failed_export_says_so_and_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-folder").join("x.csv");
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    let ctx = harness.ctx.clone();
    harness.state_mut().export.format = khabar::exchange::Format::Csv;
    let options = harness.state().export.options(None);
    harness.state_mut().apply(
        &ctx,
        khabar::ui::Action::ExportAnnotations {
            path: target.clone(),
            options,
        },
    );
    harness.run();
    let m = harness.state().messages.last().unwrap();
    assert!(m.error && m.text.contains("Export failed"), "{}", m.text);
    assert!(!target.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
}

#[test]
fn exporting_from_the_gui_onto_a_project_open_elsewhere_is_refused_and_the_project_is_intact() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.khabar");
    // Open in "another window" (this process holds it as its writer), with one annotation.
    let mut elsewhere =
        khabar::project::Project::create(&other, &khabar::ingest::bundled_corpus()).unwrap();
    let id = elsewhere.metas()[1].id.clone();
    let r = elsewhere.find_quote(&id, "प्योंगयांग", 1).unwrap();
    elsewhere
        .add_annotation(&id, r, vec![1], "keep".into())
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    let ctx = harness.ctx.clone();
    harness.state_mut().export.format = khabar::exchange::Format::W3c;
    let options = harness.state().export.options(None);
    harness.state_mut().apply(
        &ctx,
        khabar::ui::Action::ExportAnnotations {
            path: other.clone(),
            options,
        },
    );
    harness.run();
    let m = harness.state().messages.last().unwrap();
    assert!(
        m.error && m.text.contains("is a Khabar project"),
        "{}",
        m.text
    );
    assert_eq!(std::fs::read(&other).unwrap(), before);
    drop(elsewhere);
    let reopened = khabar::project::Project::open(&other).unwrap();
    assert_eq!(reopened.annotation_count(), 1);
}

#[test]
fn an_export_of_a_project_file_runs_in_the_background_and_reports_when_done() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.khabar");
    let target = dir.path().join("all.jsonld");
    let mut project =
        khabar::project::Project::create(&file, &khabar::ingest::bundled_corpus()).unwrap();
    let id = project.metas()[1].id.clone();
    let r = project.find_quote(&id, "प्योंगयांग", 1).unwrap();
    project
        .add_annotation(&id, r, vec![1], "in the background".into())
        .unwrap();
    let mut harness = common::app_harness(project);
    harness.run();
    let ctx = harness.ctx.clone();
    let options = harness.state().export.options(None);
    harness.state_mut().apply(
        &ctx,
        khabar::ui::Action::ExportAnnotations {
            path: target.clone(),
            options,
        },
    );
    // Handed to a job: the app says so at once and the result arrives in a later frame.
    assert!(
        harness
            .state()
            .messages
            .last()
            .is_some_and(|m| m.text.starts_with("Exporting to")),
        "the export did not go to a background job"
    );
    for _ in 0..500 {
        harness.step();
        if !harness.state().export.running {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let app = harness.state();
    assert!(!app.export.running, "the export never finished");
    let m = app.messages.last().unwrap();
    assert!(
        !m.error && m.text.contains("Exported 1 annotations"),
        "{}",
        m.text
    );
    assert!(std::fs::read_to_string(&target)
        .unwrap()
        .contains("in the background"));
}

/// A typed `.csv` name is written as CSV even with W3C chosen; a name without an extension gets the chosen format's;
/// switching formats does not move the Export button.
#[test]
fn the_export_format_follows_the_typed_extension() {
    let dir = tempfile::tempdir().unwrap();
    let mut project = common::bundled_project();
    let id = project.metas()[0].id.clone();
    let r = project.find_quote(&id, "पुतिन", 1).unwrap();
    project
        .add_annotation(&id, r, vec![1], "=cmd".into())
        .unwrap();

    let mut harness = common::app_harness(project);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label("Khabar JSON (with schema)").click();
    harness.run();
    let with_json = harness.get_by_label("Export…").rect();
    harness.get_by_label("CSV (spreadsheets)").click();
    harness.run();
    assert_eq!(
        harness.get_by_label("Export…").rect(),
        with_json,
        "the button stays put"
    );
    harness.get_by_label("W3C Web Annotation (JSON-LD)").click();
    harness.run();
    assert_eq!(
        harness.get_by_label("Export…").rect(),
        with_json,
        "the button stays put"
    );

    for (typed, written) in [("out.csv", "out.csv"), ("plain", "plain.jsonld")] {
        harness.get_by_label("Export…").click();
        harness.run();
        let field = harness.get_by_label("Path");
        field.focus();
        field.type_text(dir.path().join(typed).to_str().unwrap());
        harness.run();
        harness.get_by_label("Export").click();
        for _ in 0..50 {
            harness.run();
            if dir.path().join(written).exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let text = std::fs::read_to_string(dir.path().join(written))
            .unwrap_or_else(|e| panic!("{written} was written: {e}"));
        if written.ends_with(".csv") {
            assert!(
                text.trim_start_matches('\u{feff}')
                    .starts_with("annotation_id")
                    || text.contains(",पुतिन,"),
                "CSV: {text:.200}"
            );
            assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_err(),
                "not JSON"
            );
            assert!(
                text.contains("'=cmd"),
                "formula neutralised as in every CSV export: {text:.300}"
            );
        } else {
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(doc["type"], "AnnotationCollection");
        }
    }
}

/// A large annotation file is announced in the status bar first, and imported once that is on screen (the window
/// waits while an import runs).
#[test]
fn a_large_import_is_announced_before_the_window_waits_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    let article = harness.state().project.as_ref().unwrap().metas()[0]
        .id
        .clone();
    // One annotation, padded with whitespace (valid JSON) past the size from which imports are announced.
    let mut text = serde_json::json!({
        "type": "AnnotationPage",
        "items": [{
            "type": "Annotation",
            "motivation": "tagging",
            "body": { "type": "TextualBody", "purpose": "tagging", "value": "Event" },
            "target": {
                "source": format!("urn:khabar:article:{article}"),
                "selector": { "type": "TextPositionSelector", "start": 0, "end": 5 }
            }
        }]
    })
    .to_string();
    text.push_str(&" ".repeat(9 << 20));
    let file = dir.path().join("large.jsonld");
    std::fs::write(&file, text).unwrap();
    let count = |h: &egui_kittest::Harness<'_, khabar::ui::KhabarApp>| {
        h.state().project.as_ref().unwrap().annotation_count()
    };
    let ctx = harness.ctx.clone();
    harness
        .state_mut()
        .apply(&ctx, khabar::ui::Action::ImportAnnotations(file.clone()));
    harness.step();
    assert_eq!(count(&harness), 0, "not imported yet");
    assert!(
        harness
            .query_by_label_contains("Importing annotations from")
            .is_some(),
        "the announcement is on screen"
    );
    harness.run();
    assert_eq!(count(&harness), 1);
    let last = harness.state().messages.last().unwrap().text.clone();
    assert!(last.contains("Imported 1 annotation"), "{last}");
}
