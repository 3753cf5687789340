//! One test per class of bug that the restructuring removes: derived state that outlives what it was derived from
//! (a renamed title, a changed reading font) and shortcuts that act on the project while the user types.

mod common;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use khabar::fonts::FontChoice;
use khabar::ui::{Action, KhabarApp};

/// Every text painted in the last frame, as its galley.
fn painted(harness: &Harness<'static, KhabarApp>) -> Vec<std::sync::Arc<egui::Galley>> {
    common::painted(harness)
        .into_iter()
        .map(|(_, g)| g)
        .collect()
}

fn apply(harness: &mut Harness<'static, KhabarApp>, action: Action) {
    let ctx = harness.ctx.clone();
    harness.state_mut().apply(&ctx, action);
    harness.run();
}

#[test]
fn a_renamed_title_is_painted_new_in_the_corpus_list() {
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    let mut meta = harness.state().project.as_ref().unwrap().metas()[2].clone();
    let old = meta.title.clone();
    assert!(painted(&harness).iter().any(|g| g.job.text == old));
    meta.title = "नया शीर्षक: पुतिन और किम".into();
    apply(&mut harness, Action::EditMeta(meta.clone()));
    let texts: Vec<String> = painted(&harness)
        .iter()
        .map(|g| g.job.text.clone())
        .collect();
    assert!(texts.contains(&meta.title), "{texts:?}");
    assert!(!texts.contains(&old), "the old title is still painted");
}

#[test]
fn changing_the_reading_font_lays_the_titles_out_again() {
    let mut harness = common::app_harness(common::bundled_project());
    harness.run();
    let title = harness.state().project.as_ref().unwrap().metas()[0]
        .title
        .clone();
    let galley = |h: &Harness<'static, KhabarApp>| {
        painted(h)
            .into_iter()
            .find(|g| g.job.text == title)
            .expect("the title is painted")
    };
    let first = galley(&harness);
    harness.run();
    // Unchanged fonts: the list reuses its laid-out title (so the check below means something).
    assert!(std::sync::Arc::ptr_eq(&first, &galley(&harness)));
    let bold = FontChoice {
        family: "Noto Sans Devanagari Bold".into(),
        path: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fonts/NotoSansDevanagari-Bold.ttf"
        )
        .into(),
        index: 0,
    };
    apply(&mut harness, Action::SetReadingFont(Some(bold)));
    harness.run();
    // New fonts rebuild the glyph atlas: a title laid out before would point into the old one.
    assert!(
        !std::sync::Arc::ptr_eq(&first, &galley(&harness)),
        "the title kept the layout made with the old fonts"
    );
}

#[test]
fn ctrl_z_in_a_note_field_edits_the_note_and_leaves_the_project_alone() {
    let mut project = common::bundled_project();
    let id = project.metas()[1].id.clone();
    let r = project.find_quote(&id, "प्योंगयांग", 1).unwrap();
    let ann = project
        .add_annotation(&id, r, vec![1], String::new())
        .unwrap();
    let mut harness = common::app_harness(project);
    apply(&mut harness, Action::OpenArticle(id));
    apply(&mut harness, Action::SelectAnnotation(Some(ann)));
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Note")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::MultilineTextInput, "Note")
        .type_text("abc");
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    harness.run();
    let app = harness.state();
    let p = app.project.as_ref().unwrap();
    assert!(
        p.annotation(&ann).is_some(),
        "Ctrl+Z in the note field undid the annotation"
    );
    assert_eq!(p.undo.undo_label().map(str::to_owned).is_some(), true);
    assert!(
        !app.messages.iter().any(|m| m.text.starts_with("Undid")),
        "a project edit was undone"
    );
}
