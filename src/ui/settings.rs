//! Preferences: author name, reading font (installed fonts that really cover Devanagari), text size, theme.

use std::sync::mpsc::Sender;

use super::{Action, JobResult, Prefs, MAX_FONT, MIN_FONT};
use crate::fonts::{FontChoice, BUNDLED_NAME};

#[derive(Default)]
pub struct SettingsWindow {
    pub open: bool,
    /// Fonts found on the system; `None` until the background scan reports.
    pub fonts: Option<Vec<FontChoice>>,
    scanning: bool,
    creator_draft: Option<String>,
}

impl SettingsWindow {
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        prefs: &Prefs,
        jobs: &Sender<JobResult>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        if self.fonts.is_none() && !self.scanning {
            // Scanning system fonts can take a while: do it off the UI thread.
            self.scanning = true;
            let tx = jobs.clone();
            let ctx2 = ctx.clone();
            std::thread::spawn(move || {
                let _ = tx.send(JobResult::Fonts(crate::fonts::discover_devanagari_fonts()));
                ctx2.request_repaint();
            });
        }
        let mut open = self.open;
        egui::Window::new("Preferences").open(&mut open).default_width(420.0).show(ctx, |ui| {
            egui::Grid::new("prefs").num_columns(2).spacing([12.0, 8.0]).show(ui, |ui| {
                ui.label("Your name");
                let draft = self.creator_draft.get_or_insert_with(|| prefs.creator.clone());
                let r = ui.text_edit_singleline(draft).on_hover_text("Recorded as the creator of new annotations");
                if r.lost_focus() && !draft.trim().is_empty() && draft.trim() != prefs.creator {
                    actions.push(Action::SetCreator(draft.trim().to_owned()));
                }
                ui.end_row();

                ui.label("Reading font");
                let current = prefs.reading_font.as_ref().map(|f| f.family.as_str()).unwrap_or(BUNDLED_NAME);
                let combo = egui::ComboBox::new("reading-font", "")
                    .selected_text(current)
                    .width(260.0)
                    .show_ui(ui, |ui| {
                        if ui.selectable_label(prefs.reading_font.is_none(), BUNDLED_NAME).clicked() {
                            actions.push(Action::SetReadingFont(None));
                        }
                        match &self.fonts {
                            None => {
                                ui.horizontal(|ui| {
                                    ui.spinner();
                                    ui.weak("Looking for installed Devanagari fonts…");
                                });
                            }
                            Some(list) if list.is_empty() => {
                                ui.weak("No other installed font covers Devanagari.");
                            }
                            Some(list) => {
                                for f in list {
                                    let selected = prefs.reading_font.as_ref() == Some(f);
                                    if ui.selectable_label(selected, &f.family).clicked() {
                                        actions.push(Action::SetReadingFont(Some(f.clone())));
                                    }
                                }
                            }
                        }
                    });
                super::name_widget(&combo.response, egui::Role::ComboBox, "Reading font");
                ui.end_row();

                ui.label("Text size");
                let mut size = prefs.font_size;
                if ui.add(egui::Slider::new(&mut size, MIN_FONT..=MAX_FONT).step_by(1.0)).changed() {
                    actions.push(Action::FontSize(size));
                }
                ui.end_row();

                ui.label("Theme");
                let mut dark = prefs.dark;
                ui.horizontal(|ui| {
                    if ui.selectable_value(&mut dark, false, "Light").clicked()
                        || ui.selectable_value(&mut dark, true, "Dark").clicked()
                    {
                        actions.push(Action::SetDark(dark));
                    }
                });
                ui.end_row();

                ui.label("Selection");
                let mut precise = prefs.letter_precise;
                if ui
                    .checkbox(&mut precise, "Letter-precise (else whole words; Alt switches per drag)")
                    .changed()
                {
                    actions.push(Action::SetLetterPrecise(precise));
                }
                ui.end_row();
            });
            ui.add_space(6.0);
            ui.weak("Only fonts whose character map has Devanagari letters and whose shaping tables have a Devanagari script are listed.");
        });
        self.open = open;
        if !open {
            self.creator_draft = None;
        }
        actions
    }
}
