//! The menu bar.

use egui::Ui;

use super::dialogs::DialogPurpose;
use super::{Action, KhabarApp, Prefs};

pub fn menu_bar(ui: &mut Ui, app: &mut KhabarApp) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("New project…").clicked() {
                    actions.push(Action::ShowPrompt(DialogPurpose::NewProject));
                }
                if ui
                    .add(egui::Button::new("Open project…").shortcut_text("Ctrl+O"))
                    .clicked()
                {
                    actions.push(Action::ShowPrompt(DialogPurpose::OpenProject));
                }
                ui.menu_button("Open recent", |ui| {
                    if app.prefs.recent_projects.is_empty() {
                        ui.weak("No recent projects");
                    }
                    for p in app.prefs.recent_projects.clone() {
                        if ui.button(p.display().to_string()).clicked() {
                            actions.push(Action::OpenProject(p));
                        }
                    }
                });
                let has_project = app.project.is_some();
                if ui
                    .add_enabled(has_project, egui::Button::new("Save project as…"))
                    .clicked()
                {
                    actions.push(Action::ShowPrompt(DialogPurpose::SaveProjectAs));
                }
                ui.separator();
                if ui
                    .add_enabled(
                        has_project,
                        egui::Button::new("Import articles…").shortcut_text("Ctrl+I"),
                    )
                    .clicked()
                {
                    actions.push(Action::ShowPrompt(DialogPurpose::ImportArticles));
                }
                if ui
                    .add_enabled(has_project, egui::Button::new("Import annotations…"))
                    .clicked()
                {
                    actions.push(Action::ShowPrompt(DialogPurpose::ImportAnnotations));
                }
                if ui
                    .add_enabled(
                        has_project,
                        egui::Button::new("Export annotations…").shortcut_text("Ctrl+E"),
                    )
                    .clicked()
                {
                    app.export.open = true;
                }
                ui.separator();
                if ui
                    .add(egui::Button::new("Quit").shortcut_text("Ctrl+Q"))
                    .clicked()
                {
                    app.quit_requested = true;
                }
            });
            ui.menu_button("Edit", |ui| {
                let (undo, redo) = app
                    .project
                    .as_ref()
                    .map(|p| {
                        (
                            p.undo.undo_label().map(str::to_owned),
                            p.undo.redo_label().map(str::to_owned),
                        )
                    })
                    .unwrap_or_default();
                let undo_text = undo
                    .as_ref()
                    .map(|l| format!("Undo: {l}"))
                    .unwrap_or_else(|| "Undo".into());
                if ui
                    .add_enabled(
                        undo.is_some(),
                        egui::Button::new(undo_text).shortcut_text("Ctrl+Z"),
                    )
                    .clicked()
                {
                    actions.push(Action::Undo);
                }
                let redo_text = redo
                    .as_ref()
                    .map(|l| format!("Redo: {l}"))
                    .unwrap_or_else(|| "Redo".into());
                if ui
                    .add_enabled(
                        redo.is_some(),
                        egui::Button::new(redo_text).shortcut_text("Ctrl+Shift+Z"),
                    )
                    .clicked()
                {
                    actions.push(Action::Redo);
                }
                ui.separator();
                if ui.button("Codebook…").clicked() {
                    app.codebook.open = true;
                }
                if ui.button("Preferences…").clicked() {
                    app.settings.open = true;
                }
            });
            ui.menu_button("View", |ui| {
                let size = app.prefs.font_size;
                if ui
                    .add(egui::Button::new("Larger text").shortcut_text("Ctrl+="))
                    .clicked()
                {
                    actions.push(Action::FontSize(size + 2.0));
                }
                if ui
                    .add(egui::Button::new("Smaller text").shortcut_text("Ctrl+-"))
                    .clicked()
                {
                    actions.push(Action::FontSize(size - 2.0));
                }
                if ui
                    .add(egui::Button::new("Default text size").shortcut_text("Ctrl+0"))
                    .clicked()
                {
                    actions.push(Action::FontSize(Prefs::default().font_size));
                }
                ui.separator();
                let mut dark = app.prefs.dark;
                if ui.checkbox(&mut dark, "Dark theme").changed() {
                    actions.push(Action::SetDark(dark));
                }
                ui.checkbox(&mut app.prefs.show_annotations_panel, "Annotations panel");
                ui.checkbox(&mut app.timeline.open, "Timeline (Ctrl+T)");
                if ui.button("Reading font…").clicked() {
                    app.settings.open = true;
                }
                ui.separator();
                if ui.button("Messages").clicked() {
                    app.show_messages = true;
                }
            });
            ui.menu_button("Help", |ui| {
                ui.label(SHORTCUTS);
            });
        });
    });
    actions
}

pub const SHORTCUTS: &str = "Drag over text: select (snaps to whole letters)\n\
Double-click: select a word · Shift+click: extend\n\
1–9: apply that code to the selection\n\
Enter: add a note to the selection · Esc: cancel\n\
Click a highlight: select the annotation · Delete: remove it\n\
Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y: undo / redo\n\
Ctrl+= / Ctrl+- / Ctrl+0: text size\n\
Ctrl+I: import articles · Ctrl+E: export annotations\n\
Ctrl+T: timeline · Ctrl+O: open project\n\
Ctrl+PageDown / Ctrl+PageUp: next / previous article";
