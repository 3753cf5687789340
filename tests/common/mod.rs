//! Shared test fixtures.
#![allow(dead_code)]

pub mod cli;
pub mod http;
pub mod pg;

use egui_kittest::Harness;
use khabar::project::Project;
use khabar::ui::{KhabarApp, Prefs};

/// A project in memory with the bundled corpus.
pub fn bundled_project() -> Project {
    Project::in_memory(&khabar::ingest::bundled_corpus())
}

/// The real app on a project, driven by kittest, with the bundled fonts installed before the first frame (kittest
/// panics on a missing glyph).
pub fn app_harness(project: Project) -> Harness<'static, KhabarApp> {
    let prefs = Prefs {
        creator: "tester".into(),
        ..Prefs::default()
    };
    let app = KhabarApp::headless(project, prefs);
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(240)
        .with_context_setup(|ctx| khabar::ui::fonts::install(ctx, None))
        .build_ui_state(|ui, app: &mut KhabarApp| app.frame(ui), app)
}

/// The bundled corpus's files in the repository (the seed articles as received).
pub fn bundled_corpus_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/corpus")
}

/// A primary-button press or release at `pos`.
fn button(harness: &mut Harness<'static, KhabarApp>, pos: egui::Pos2, pressed: bool) {
    harness.event(egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    });
}

/// Click at `pos` like a mouse: move there, press, release, one frame apart.
pub fn click(harness: &mut Harness<'static, KhabarApp>, pos: egui::Pos2) {
    harness.event(egui::Event::PointerMoved(pos));
    harness.step();
    button(harness, pos, true);
    harness.step();
    button(harness, pos, false);
    harness.run();
}

/// Press at `from`, move to `to` in steps (a frame each), release.
pub fn drag(harness: &mut Harness<'static, KhabarApp>, from: egui::Pos2, to: egui::Pos2) {
    harness.event(egui::Event::PointerMoved(from));
    harness.run();
    button(harness, from, true);
    harness.run();
    for k in 1..=4 {
        let t = k as f32 / 4.0;
        harness.event(egui::Event::PointerMoved(from + (to - from) * t));
        harness.run();
    }
    button(harness, to, false);
    harness.run();
}

/// Every text painted in the last frame: where, and its laid-out galley.
pub fn painted(
    harness: &Harness<'static, KhabarApp>,
) -> Vec<(egui::Pos2, std::sync::Arc<egui::Galley>)> {
    fn walk(shape: &egui::Shape, out: &mut Vec<(egui::Pos2, std::sync::Arc<egui::Galley>)>) {
        match shape {
            egui::Shape::Text(t) => out.push((t.pos, t.galley.clone())),
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for s in &harness.output().shapes {
        walk(&s.shape, &mut out);
    }
    out
}
