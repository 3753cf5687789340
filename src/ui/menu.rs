//! The menu bar: every entry is a [`Command`] from the one command table (label, shortcut, tooltip), and choosing
//! one returns it as an action; the menu changes nothing itself.

use egui::Ui;

use super::commands::{self, Command};
use super::{Action, KhabarApp};

pub fn menu_bar(ui: &mut Ui, app: &KhabarApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let has_project = app.project.is_some();
    egui::Panel::top("menu").show(ui, |ui| {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                let mut run = |c: Command| actions.push(Action::Command(c));
                if Command::NewProject.menu_item(ui, true) {
                    run(Command::NewProject);
                }
                if Command::OpenProject.menu_item(ui, true) {
                    run(Command::OpenProject);
                }
                let mut recent = None;
                ui.menu_button("Open recent", |ui| {
                    if app.prefs.recent_projects.is_empty() {
                        ui.weak("No recent projects");
                    }
                    for p in &app.prefs.recent_projects {
                        if ui.button(p.display().to_string()).clicked() {
                            recent = Some(p.clone());
                        }
                    }
                });
                actions.extend(recent.map(Action::OpenProject));
                let mut run = |c: Command| actions.push(Action::Command(c));
                for c in [Command::SaveProjectAs, Command::TeamServer] {
                    if c.menu_item(ui, has_project) {
                        run(c);
                    }
                }
                ui.separator();
                for c in [
                    Command::ImportArticles,
                    Command::ImportFromUrls,
                    Command::Feeds,
                    Command::ImportAnnotations,
                    Command::ExportAnnotations,
                ] {
                    if c.menu_item(ui, has_project) {
                        run(c);
                    }
                }
                ui.separator();
                if Command::Quit.menu_item(ui, true) {
                    run(Command::Quit);
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
                    .unwrap_or_else(|| Command::Undo.label().into());
                if Command::Undo.menu_item_labeled(ui, undo.is_some(), &undo_text) {
                    actions.push(Action::Command(Command::Undo));
                }
                let redo_text = redo
                    .as_ref()
                    .map(|l| format!("Redo: {l}"))
                    .unwrap_or_else(|| Command::Redo.label().into());
                if Command::Redo.menu_item_labeled(ui, redo.is_some(), &redo_text) {
                    actions.push(Action::Command(Command::Redo));
                }
                ui.separator();
                for c in [Command::Codebook, Command::Preferences] {
                    if c.menu_item(ui, true) {
                        actions.push(Action::Command(c));
                    }
                }
            });
            ui.menu_button("Search", |ui| {
                for c in [
                    Command::FindInArticle,
                    Command::FindInCorpus,
                    Command::FindNext,
                    Command::FindPrevious,
                    Command::CodedSegments,
                    Command::CodeMatrix,
                ] {
                    if c.menu_item(ui, has_project) {
                        actions.push(Action::Command(c));
                    }
                }
            });
            ui.menu_button("View", |ui| {
                for c in [
                    Command::LargerText,
                    Command::SmallerText,
                    Command::DefaultTextSize,
                ] {
                    if c.menu_item(ui, true) {
                        actions.push(Action::Command(c));
                    }
                }
                ui.separator();
                let mut dark = app.prefs.dark;
                if ui.checkbox(&mut dark, "Dark theme").changed() {
                    actions.push(Action::SetDark(dark));
                }
                for (c, mut on) in [
                    (
                        Command::ToggleAnnotationsPanel,
                        app.prefs.show_annotations_panel,
                    ),
                    (Command::ToggleTimeline, app.timeline.open),
                    (Command::ToggleDateUnderlines, app.prefs.underline_dates),
                ] {
                    let label = match c.shortcut_text() {
                        Some(k) => format!("{} ({k})", c.label()),
                        None => c.label().to_owned(),
                    };
                    if ui
                        .checkbox(&mut on, label)
                        .on_hover_text(c.tooltip())
                        .changed()
                    {
                        actions.push(Action::Command(c));
                    }
                }
                if ui.button("Reading font…").clicked() {
                    actions.push(Action::Command(Command::Preferences));
                }
                ui.separator();
                if Command::Messages.menu_item(ui, true) {
                    actions.push(Action::Command(Command::Messages));
                }
            });
            ui.menu_button("Team", |ui| {
                actions.extend(super::team::team_menu(ui, app));
            });
            ui.menu_button("Help", |ui| {
                ui.label(commands::help_text());
            });
        });
    });
    actions
}
