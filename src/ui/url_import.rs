//! File › Import from URLs…: paste addresses (one a line); they are fetched off the UI thread with progress, and
//! the window lists what came in (click to open) and each address that failed, with why.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::Action;
use crate::model::ArticleId;

/// A fetch under way: how many addresses are done of how many, and for which project instance.
pub struct UrlJob {
    pub done: Arc<AtomicUsize>,
    pub total: usize,
    pub instance: u64,
}

/// What the last import from URLs did.
#[derive(Debug, Default, Clone)]
pub struct UrlImportResult {
    pub added: Vec<(ArticleId, String)>,
    /// (address, title it has in the corpus).
    pub duplicates: Vec<(String, String)>,
    pub failures: Vec<String>,
}

#[derive(Default)]
pub struct UrlImportWindow {
    pub open: bool,
    pub text: String,
    pub job: Option<UrlJob>,
    pub result: Option<UrlImportResult>,
}

impl UrlImportWindow {
    /// The addresses typed or pasted: one a line, blank lines and `#` comments left out, each once.
    pub fn urls(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        self.text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .filter(|l| seen.insert(l.to_string()))
            .map(str::to_owned)
            .collect()
    }

    pub fn show(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let mut open = true;
        egui::Window::new("Import from URLs")
            .open(&mut open)
            .default_width(560.0)
            // Over the reading view, clear of the menu bar and the article's "Edit details".
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 90.0))
            .show(ctx, |ui| {
                ui.label("Web pages to import, one address (http:// or https://) a line:");
                let edit = egui::TextEdit::multiline(&mut self.text)
                    .desired_rows(6)
                    .desired_width(f32::INFINITY)
                    .hint_text("https://www.example.in/news/…");
                let r = ui.add_enabled(self.job.is_none(), edit);
                super::name_widget(&r, egui::Role::TextInput, "URLs to import");
                let urls = self.urls();
                ui.horizontal(|ui| {
                    if let Some(job) = &self.job {
                        let done = job.done.load(Ordering::SeqCst);
                        ui.add(
                            egui::ProgressBar::new(done as f32 / job.total.max(1) as f32)
                                .desired_width(220.0)
                                .text(format!("Fetching {done} / {}", job.total)),
                        );
                        ctx.request_repaint_after(std::time::Duration::from_millis(100));
                    } else {
                        let label = format!("Import {} page(s)", urls.len());
                        if ui
                            .add_enabled(!urls.is_empty(), egui::Button::new(label))
                            .clicked()
                        {
                            actions.push(Action::ImportUrls(urls.clone()));
                        }
                        if ui.button("Clear").clicked() {
                            self.text.clear();
                            self.result = None;
                        }
                    }
                });
                if let Some(result) = &self.result {
                    ui.separator();
                    egui::ScrollArea::vertical()
                        .max_height(320.0)
                        .show(ui, |ui| {
                            ui.strong(format!("{} new article(s)", result.added.len()));
                            for (id, title) in &result.added {
                                if ui.link(title).on_hover_text("Open this article").clicked() {
                                    actions.push(Action::OpenArticle(id.clone()));
                                }
                            }
                            if !result.duplicates.is_empty() {
                                ui.strong(format!(
                                    "{} already in the corpus",
                                    result.duplicates.len()
                                ));
                                for (url, title) in &result.duplicates {
                                    ui.label(format!("{url}: already in the corpus as “{title}”"));
                                }
                            }
                            if !result.failures.is_empty() {
                                ui.strong(format!("{} failed", result.failures.len()));
                                for f in &result.failures {
                                    ui.colored_label(ui.visuals().error_fg_color, f);
                                }
                            }
                        });
                }
            });
        if !open {
            self.open = false;
        }
        actions
    }
}
