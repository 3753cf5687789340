//! The codebook editor: add, rename, recolour, re-parent, set shortcuts, delete (asking what to do with the
//! annotations that use a code).

use super::Action;
use crate::annotate::{codebook, distinct_color, Code, CodeId};
use crate::project::Project;

#[derive(Default)]
pub struct CodebookWindow {
    pub open: bool,
    new_name: String,
    /// Name edits in progress, committed when the field loses focus.
    name_drafts: std::collections::HashMap<CodeId, String>,
    /// A delete waiting for the user's choice: (code, replacement).
    confirm_delete: Option<(CodeId, Option<CodeId>)>,
    /// How many annotations use the code of `confirm_delete`, as of a project revision (counting reads every
    /// annotation: not each frame).
    usage: Option<(crate::project::ProjectKey, CodeId, usize)>,
}

impl CodebookWindow {
    /// Another project was opened: drafts and a pending delete named its codes.
    pub fn project_changed(&mut self) {
        self.name_drafts.clear();
        self.confirm_delete = None;
    }

    pub fn show(&mut self, ctx: &egui::Context, project: &Project) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let mut open = self.open;
        egui::Window::new("Codebook")
            .open(&mut open)
            .default_width(640.0)
            .min_width(560.0)
            .show(ctx, |ui| {
                egui::Grid::new("codebook")
                    .num_columns(6)
                    .striped(true)
                    .spacing([8.0, 6.0])
                    .show(ui, |ui| {
                        ui.strong("Colour");
                        ui.strong("Name");
                        ui.strong("Parent");
                        ui.strong("Key");
                        ui.strong("Event");
                        ui.strong("");
                        ui.end_row();
                        for code in project.codes() {
                            let mut c = code.clone();
                            let mut changed = false;
                            let mut rgb =
                                egui::Color32::from_rgb(c.color[0], c.color[1], c.color[2]);
                            if ui.color_edit_button_srgba(&mut rgb).changed() {
                                c.color = [rgb.r(), rgb.g(), rgb.b()];
                                changed = true;
                            }
                            let draft = self
                                .name_drafts
                                .entry(c.id)
                                .or_insert_with(|| c.name.clone());
                            let indent = if c.parent.is_some() { "   › " } else { "" };
                            ui.horizontal(|ui| {
                                ui.label(indent);
                                // As wide as the name (at least 180 px), so it is read whole and edited in place.
                                let w = ui.fonts_mut(|f| {
                                    f.layout_no_wrap(
                                        draft.clone(),
                                        egui::TextStyle::Body.resolve(ui.style()),
                                        egui::Color32::PLACEHOLDER,
                                    )
                                    .size()
                                    .x
                                });
                                let w = (w + 16.0).clamp(180.0, 360.0);
                                let r = ui.add(
                                    egui::TextEdit::singleline(draft)
                                        .desired_width(w)
                                        .min_size(egui::vec2(w, 0.0)),
                                );
                                super::name_widget(
                                    &r,
                                    egui::Role::TextInput,
                                    &format!("Name of code {}", c.id),
                                );
                                if r.lost_focus() && draft.trim() != c.name {
                                    c.name = draft.trim().to_owned();
                                    changed = true;
                                }
                            });
                            let parent_name = c
                                .parent
                                .and_then(|p| project.code(p))
                                .map(|p| p.name.clone())
                                .unwrap_or_else(|| "—".into());
                            let combo = egui::ComboBox::new(("parent", c.id), "")
                                .selected_text(parent_name)
                                .show_ui(ui, |ui| {
                                    if ui
                                        .selectable_label(c.parent.is_none(), "— (top level)")
                                        .clicked()
                                    {
                                        c.parent = None;
                                        changed = true;
                                    }
                                    for p in project
                                        .codes()
                                        .iter()
                                        .filter(|p| p.parent.is_none() && p.id != c.id)
                                    {
                                        if ui
                                            .selectable_label(c.parent == Some(p.id), &p.name)
                                            .clicked()
                                        {
                                            c.parent = Some(p.id);
                                            changed = true;
                                        }
                                    }
                                });
                            super::name_widget(
                                &combo.response,
                                egui::Role::ComboBox,
                                "Parent code",
                            );
                            let key = c
                                .shortcut
                                .map(|k| k.to_string())
                                .unwrap_or_else(|| "—".into());
                            let combo = egui::ComboBox::new(("key", c.id), "")
                                .selected_text(key)
                                .width(40.0)
                                .show_ui(ui, |ui| {
                                    if ui.selectable_label(c.shortcut.is_none(), "—").clicked() {
                                        c.shortcut = None;
                                        changed = true;
                                    }
                                    for k in 1..=9u8 {
                                        if ui
                                            .selectable_label(c.shortcut == Some(k), k.to_string())
                                            .clicked()
                                        {
                                            c.shortcut = Some(k);
                                            changed = true;
                                        }
                                    }
                                });
                            super::name_widget(
                                &combo.response,
                                egui::Role::ComboBox,
                                "Shortcut key",
                            );
                            if ui
                                .checkbox(&mut c.is_event, "")
                                .on_hover_text("Coded passages with a date become timeline events")
                                .changed()
                            {
                                changed = true;
                            }
                            if ui.button("Delete").clicked() {
                                if codebook::usage(&project.all_annotations(), c.id) == 0 {
                                    actions.push(Action::DeleteCode {
                                        id: c.id,
                                        replace_with: None,
                                    });
                                } else {
                                    self.confirm_delete = Some((c.id, None));
                                }
                            }
                            ui.end_row();
                            if changed {
                                actions.push(Action::UpdateCode(c));
                            }
                        }
                    });
                ui.separator();
                ui.horizontal(|ui| {
                    let r = ui.add(
                        egui::TextEdit::singleline(&mut self.new_name).hint_text("New code name"),
                    );
                    let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    if (ui.button("Add code").clicked() || enter)
                        && !self.new_name.trim().is_empty()
                    {
                        let used: Vec<u8> =
                            project.codes().iter().filter_map(|c| c.shortcut).collect();
                        let code = Code {
                            id: project.next_code_id(),
                            name: self.new_name.trim().to_owned(),
                            color: distinct_color(
                                &project.codes().iter().map(|c| c.color).collect::<Vec<_>>(),
                            ),
                            parent: None,
                            shortcut: (1..=9u8).find(|k| !used.contains(k)),
                            is_event: false,
                            position: project
                                .codes()
                                .iter()
                                .map(|c| c.position)
                                .max()
                                .unwrap_or(0)
                                + 1,
                        };
                        actions.push(Action::AddCode(code));
                        self.new_name.clear();
                    }
                });
            });
        self.open = open;
        // Name drafts follow the project (undo, renames elsewhere) unless being edited.
        if !ctx.egui_wants_keyboard_input() {
            self.name_drafts.clear();
        }
        if let Some((id, mut replace)) = self.confirm_delete {
            let name = project.code(id).map(|c| c.name.clone()).unwrap_or_default();
            let n = match self.usage {
                Some((key, code, n)) if key == project.key() && code == id => n,
                _ => {
                    let n = codebook::usage(&project.all_annotations(), id);
                    self.usage = Some((project.key(), id, n));
                    n
                }
            };
            let mut keep = true;
            egui::Modal::new(egui::Id::unique("confirm-delete-code")).show(ctx, |ui| {
                ui.heading(format!("Delete code “{name}”?"));
                ui.label(format!("{n} annotation(s) use this code. What should happen to them?"));
                let replacement = replace.and_then(|r| project.code(r)).map(|c| c.name.clone());
                let combo = egui::ComboBox::new("replace-with", "")
                    .selected_text(replacement.unwrap_or_else(|| "Remove the code from them".into()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut replace, None, "Remove the code from them");
                        for c in project.codes().iter().filter(|c| c.id != id) {
                            ui.selectable_value(&mut replace, Some(c.id), format!("Recode them as {}", c.name));
                        }
                    });
                super::name_widget(&combo.response, egui::Role::ComboBox, "What to do with its annotations");
                if replace.is_none() {
                    ui.weak("Annotations left with no code and no note are deleted too. Ctrl+Z undoes all of it.");
                }
                ui.horizontal(|ui| {
                    if ui.button("Delete code").clicked() {
                        actions.push(Action::DeleteCode { id, replace_with: replace });
                        keep = false;
                    }
                    if ui.button("Cancel").clicked() {
                        keep = false;
                    }
                });
            });
            self.confirm_delete = keep.then_some((id, replace));
        }
        actions
    }
}
