//! Editing an article's details: title, source, URL, publication date (which re-resolves its dates).

use super::Action;
use crate::model::ArticleMeta;

#[derive(Default)]
pub struct ArticleDetailsWindow {
    /// The article being edited and the drafts: title, source, URL, date.
    pub editing: Option<(ArticleMeta, [String; 4])>,
    error: Option<String>,
}

impl ArticleDetailsWindow {
    pub fn open(&mut self, meta: &ArticleMeta) {
        let drafts = [
            meta.title.clone(),
            meta.source.clone().unwrap_or_default(),
            meta.url.clone().unwrap_or_default(),
            meta.published.map(|d| d.to_string()).unwrap_or_default(),
        ];
        self.editing = Some((meta.clone(), drafts));
        self.error = None;
    }

    pub fn show(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some((meta, drafts)) = self.editing.as_mut() else {
            return actions;
        };
        let mut open = true;
        let mut close = false;
        egui::Window::new("Article details")
            .open(&mut open)
            .default_width(460.0)
            .show(ctx, |ui| {
                egui::Grid::new("article-details")
                    .num_columns(2)
                    .spacing([10.0, 8.0])
                    .show(ui, |ui| {
                        for (i, label) in ["Title", "Source", "URL", "Published (YYYY-MM-DD)"]
                            .iter()
                            .enumerate()
                        {
                            ui.label(*label);
                            let r = ui.add(
                                egui::TextEdit::singleline(&mut drafts[i]).desired_width(300.0),
                            );
                            super::name_widget(&r, egui::Role::TextInput, label);
                            ui.end_row();
                        }
                    });
                ui.weak(format!("Article {} · {}", meta.id, meta.origin));
                if let Some(e) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        let date = drafts[3].trim();
                        let published = if date.is_empty() {
                            Ok(None)
                        } else {
                            chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map(Some)
                        };
                        match published {
                            Ok(published) if !drafts[0].trim().is_empty() => {
                                let opt =
                                    |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
                                let mut after = meta.clone();
                                after.title = drafts[0].trim().to_owned();
                                after.source = opt(&drafts[1]);
                                after.url = opt(&drafts[2]);
                                after.published = published;
                                actions.push(Action::EditMeta(after));
                                close = true;
                            }
                            Ok(_) => self.error = Some("The title cannot be empty.".into()),
                            Err(_) => {
                                self.error =
                                    Some(format!("“{date}” is not a date of the form YYYY-MM-DD."))
                            }
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        if close || !open {
            self.editing = None;
        }
        actions
    }
}
