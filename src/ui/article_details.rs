//! Editing an article's details: title, source, URL, publication date (which re-resolves its dates).

use super::Action;
use crate::model::{ArticleMeta, PageDetails};

#[derive(Default)]
pub struct ArticleDetailsWindow {
    /// The article being edited and the drafts: title, source, URL, date.
    pub editing: Option<(ArticleMeta, [String; 4])>,
    /// What its web page said, with where each field came from (web imports only).
    pub page: Option<PageDetails>,
    error: Option<String>,
}

impl ArticleDetailsWindow {
    pub fn open(&mut self, meta: &ArticleMeta, page: Option<PageDetails>) {
        self.page = page;
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
                if let Some(page) = &self.page {
                    page_details(ui, meta, page);
                }
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

/// The web page's fields, each with where on the page it was found.
fn page_details(ui: &mut egui::Ui, meta: &ArticleMeta, page: &PageDetails) {
    ui.separator();
    ui.strong("From the web page");
    let rows: Vec<(&str, &str, Option<String>)> = vec![
        ("Title", "title", Some(meta.title.clone())),
        (
            "Published",
            "published",
            page.published_at
                .clone()
                .or_else(|| meta.published.map(|d| d.to_string())),
        ),
        (
            "Modified",
            "modified",
            page.modified_at
                .clone()
                .or_else(|| page.modified.map(|d| d.to_string())),
        ),
        ("Source", "source", meta.source.clone()),
        ("Author", "author", page.author.clone()),
        ("URL", "url", meta.url.clone()),
        ("Canonical URL", "canonical_url", page.canonical_url.clone()),
        ("Language", "language", page.language.clone()),
        ("Main text", "main_text", Some(String::new())),
        ("Fetched from", "redirected_to", page.fetched_url.clone()),
        ("Fetched at", "", page.fetched_at.clone()),
        ("Encoding", "http_charset", page.charset.clone()),
        ("Feed", "feed", page.provenance.get("feed").cloned()),
    ];
    egui::Grid::new("article-page-details")
        .num_columns(3)
        .spacing([10.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            ui.weak("Field");
            ui.weak("Value");
            ui.weak("Where it came from");
            ui.end_row();
            for (label, key, value) in rows {
                let from = page.from_where(key);
                let Some(value) = value.filter(|v| !v.is_empty() || from.is_some()) else {
                    continue;
                };
                ui.label(label);
                ui.label(value);
                ui.weak(match (key, from) {
                    ("redirected_to", Some(to)) => format!("redirected to {to}"),
                    (_, Some(f)) => f.to_owned(),
                    (_, None) => "—".to_owned(),
                });
                ui.end_row();
            }
        });
}
