//! The Feeds window: the feeds the project follows, their new items (not in the corpus by URL), and importing the
//! chosen ones or all. Fetching runs off the UI thread; the window shows progress and then what came in and what
//! failed, with why.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use super::url_import::UrlImportResult;
use super::Action;
use crate::web::feed::FeedItem;

#[derive(Default)]
pub struct FeedsWindow {
    pub open: bool,
    /// The address typed to follow a new feed.
    pub new_feed: String,
    /// Followed feeds: (URL, title), read from the project when the window opens or changes.
    pub feeds: Vec<(String, Option<String>)>,
    /// New items of the last refresh, each with whether it is ticked for import.
    pub items: Vec<(FeedItem, bool)>,
    /// Feeds that could not be read at the last refresh, with why.
    pub feed_errors: Vec<String>,
    /// A refresh or an import under way: (done, total).
    pub job: Option<(Arc<AtomicUsize>, usize)>,
    pub result: Option<UrlImportResult>,
    pub refreshed: bool,
}

impl FeedsWindow {
    pub fn show(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let mut open = true;
        egui::Window::new("Feeds")
            .open(&mut open)
            .default_width(620.0)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 90.0))
            .show(ctx, |ui| {
                let busy = self.job.is_some();
                ui.horizontal(|ui| {
                    let r = ui.add(
                        egui::TextEdit::singleline(&mut self.new_feed)
                            .desired_width(380.0)
                            .hint_text("https://www.example.in/rss/india.xml"),
                    );
                    super::name_widget(&r, egui::Role::TextInput, "Feed address");
                    let url = self.new_feed.trim().to_owned();
                    if ui
                        .add_enabled(!url.is_empty(), egui::Button::new("Follow"))
                        .clicked()
                    {
                        actions.push(Action::FollowFeed(url));
                        self.new_feed.clear();
                    }
                });
                if self.feeds.is_empty() {
                    ui.weak("No feeds followed yet: paste a feed's address (RSS, Atom or JSON Feed) and Follow.");
                }
                for (url, title) in &self.feeds {
                    ui.label(match title {
                        Some(t) => format!("{t} — {url}"),
                        None => url.clone(),
                    });
                }
                ui.horizontal(|ui| {
                    if let Some((done, total)) = &self.job {
                        let d = done.load(Ordering::SeqCst);
                        ui.add(
                            egui::ProgressBar::new(d as f32 / (*total).max(1) as f32)
                                .desired_width(220.0)
                                .text(format!("Fetching {d} / {total}")),
                        );
                        ctx.request_repaint_after(std::time::Duration::from_millis(100));
                    } else if ui
                        .add_enabled(!self.feeds.is_empty(), egui::Button::new("Refresh"))
                        .on_hover_text("Read every feed and list its items that are not in the corpus")
                        .clicked()
                    {
                        actions.push(Action::RefreshFeeds);
                    }
                });
                for e in &self.feed_errors {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                if self.refreshed && !busy {
                    ui.separator();
                    ui.strong(format!("{} new item(s)", self.items.len()));
                    egui::ScrollArea::vertical()
                        .id_salt("feed-items")
                        .max_height(240.0)
                        .show(ui, |ui| {
                            for (item, ticked) in &mut self.items {
                                let date = item
                                    .published
                                    .map(|p| p.date_naive().to_string())
                                    .unwrap_or_default();
                                ui.checkbox(ticked, format!("{date}  {}", item.title))
                                    .on_hover_text(item.link.as_deref().unwrap_or("no link"));
                            }
                        });
                    let chosen: Vec<FeedItem> = self
                        .items
                        .iter()
                        .filter(|(_, t)| *t)
                        .map(|(i, _)| i.clone())
                        .collect();
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(
                                !chosen.is_empty(),
                                egui::Button::new(format!("Import {} chosen", chosen.len())),
                            )
                            .clicked()
                        {
                            actions.push(Action::ImportFeedItems(chosen));
                        }
                        if ui
                            .add_enabled(!self.items.is_empty(), egui::Button::new("Import all"))
                            .clicked()
                        {
                            actions.push(Action::ImportFeedItems(
                                self.items.iter().map(|(i, _)| i.clone()).collect(),
                            ));
                        }
                    });
                }
                if let Some(result) = &self.result {
                    ui.separator();
                    ui.strong(format!("{} new article(s)", result.added.len()));
                    for (id, title) in &result.added {
                        if ui.link(title).clicked() {
                            actions.push(Action::OpenArticle(id.clone()));
                        }
                    }
                    for (url, title) in &result.duplicates {
                        ui.label(format!("{url}: already in the corpus as “{title}”"));
                    }
                    if !result.failures.is_empty() {
                        ui.strong(format!("{} failed", result.failures.len()));
                    }
                    for f in &result.failures {
                        ui.colored_label(ui.visuals().error_fg_color, f);
                    }
                }
            });
        if !open {
            self.open = false;
        }
        actions
    }
}
