//! The corpus list: every article with its Devanagari title, source and date. Virtualised: only visible rows are
//! laid out, so ten thousand articles scroll as fast as five.

use std::collections::HashMap;
use std::sync::Arc;

use egui::{Sense, Ui, Vec2};

use super::Action;
use crate::derived::Memo;
use crate::model::{ArticleId, ArticleMeta};
use crate::project::ProjectKey;

#[derive(Default)]
pub struct CorpusPanelState {
    pub filter: String,
    /// Indices of articles matching the filter, for the filter and the project (identity and revision) they were
    /// computed for.
    filtered: Memo<(String, ProjectKey), Vec<usize>>,
    /// Laid-out titles; a galley is used only while its text is still the article's title (titles can be edited,
    /// and another project may title the same article otherwise). Laid-out titles by (article, width, pixels per point, fonts in use).
    titles: HashMap<(ArticleId, u32, u32, u64), Arc<egui::Galley>>,
}

/// Titles kept laid out; the cache starts over when full (a few MB at most).
const TITLE_CACHE: usize = 4000;

impl CorpusPanelState {
    /// The article `step` places after (or before, if negative) `current` in the list as filtered now.
    pub fn neighbour(
        &mut self,
        metas: &[ArticleMeta],
        project: ProjectKey,
        current: Option<&ArticleId>,
        step: isize,
    ) -> Option<ArticleId> {
        let list = self.refilter(metas, project);
        let here = current.and_then(|c| list.iter().position(|&i| &metas[i].id == c));
        let next = match here {
            Some(p) => p as isize + step,
            None if step > 0 => 0,
            None => list.len() as isize - 1,
        };
        (0..list.len() as isize)
            .contains(&next)
            .then(|| metas[list[next as usize]].id.clone())
    }

    /// The project's articles matching the filter (computed once per filter and project state).
    fn refilter(&mut self, metas: &[ArticleMeta], project: ProjectKey) -> &[usize] {
        let f = self.filter.trim().to_lowercase();
        self.filtered.get((self.filter.clone(), project), || {
            metas
                .iter()
                .enumerate()
                .filter(|(_, m)| {
                    f.is_empty()
                        || m.title.to_lowercase().contains(&f)
                        || m.source
                            .as_deref()
                            .unwrap_or("")
                            .to_lowercase()
                            .contains(&f)
                        || m.published
                            .map(|d| d.to_string())
                            .unwrap_or_default()
                            .contains(&f)
                        || m.id.as_str().starts_with(&f)
                })
                .map(|(i, _)| i)
                .collect()
        })
    }

    /// `project`: the key of the project `metas` are from.
    pub fn show(
        &mut self,
        ui: &mut Ui,
        metas: &[ArticleMeta],
        project: ProjectKey,
        current: Option<&ArticleId>,
        annotation_counts: &dyn Fn(&ArticleId) -> usize,
        fonts: u64,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        ui.horizontal(|ui| {
            ui.heading("Corpus");
            ui.weak(format!("{} articles", metas.len()));
        });
        ui.add(
            egui::TextEdit::singleline(&mut self.filter)
                .hint_text("Filter by title, source, date…")
                .desired_width(f32::INFINITY),
        );
        self.refilter(metas, project);
        let key = (self.filter.clone(), project);
        let list: &[usize] = self.filtered.peek(&key).map_or(&[], Vec::as_slice);
        let titles = &mut self.titles;
        ui.separator();
        let row_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0
            + ui.text_style_height(&egui::TextStyle::Small)
            + 10.0;
        egui::ScrollArea::vertical()
            .id_salt("corpus-list")
            .auto_shrink([false, false])
            .show_rows(ui, row_h, list.len(), |ui, rows| {
                for row in rows {
                    let Some(m) = list.get(row).and_then(|&i| metas.get(i)) else {
                        continue;
                    };
                    let selected = current == Some(&m.id);
                    let (rect, resp) = ui.allocate_exact_size(
                        Vec2::new(ui.available_width(), row_h),
                        Sense::click(),
                    );
                    let visuals = ui.style().interact_selectable(&resp, selected);
                    if selected || resp.hovered() {
                        ui.painter().rect_filled(rect, 4.0, visuals.weak_bg_fill);
                    }
                    let inner = rect.shrink2(Vec2::new(6.0, 4.0));
                    // Title: at most two rows, elided; one format for the whole title (shaping-safe). Kept in our
                    // own cache: egui's keeps only last frame's galleys, so scrolling back would shape them again.
                    // Laid out with the placeholder colour and tinted when painted, so hover and selection (other
                    // colours) reuse the same galley.
                    let key = (
                        m.id.clone(),
                        inner.width().to_bits(),
                        ui.ctx().pixels_per_point().to_bits(),
                        fonts,
                    );
                    let title = match titles.get(&key) {
                        Some(g) if g.job.text == m.title => g.clone(),
                        _ => {
                            let body_font = egui::TextStyle::Body.resolve(ui.style());
                            let mut job = egui::text::LayoutJob::single_section(
                                m.title.clone(),
                                egui::TextFormat::simple(body_font, egui::Color32::PLACEHOLDER),
                            );
                            job.wrap = egui::text::TextWrapping {
                                max_width: inner.width(),
                                max_rows: 2,
                                break_anywhere: false,
                                overflow_character: Some('…'),
                            };
                            let g = ui.fonts_mut(|f| f.layout_job(job));
                            if titles.len() >= TITLE_CACHE {
                                titles.clear();
                            }
                            titles.insert(key, g.clone());
                            g
                        }
                    };
                    let painter = ui.painter_at(rect);
                    painter.galley(inner.min, title, visuals.text_color());
                    let n = annotation_counts(&m.id);
                    let mut meta = format!(
                        "{} · {}",
                        m.source.as_deref().unwrap_or("source unknown"),
                        m.published
                            .map(|d| d.format("%-d %b %Y").to_string())
                            .unwrap_or_else(|| "no date".to_owned())
                    );
                    if n > 0 {
                        meta += &format!(" · {n} coded");
                    }
                    let small = egui::TextStyle::Small.resolve(ui.style());
                    painter.text(
                        egui::pos2(inner.min.x, inner.max.y),
                        egui::Align2::LEFT_BOTTOM,
                        meta,
                        small,
                        ui.visuals().weak_text_color(),
                    );
                    let resp = resp.on_hover_text(&m.title);
                    resp.widget_info(|| {
                        egui::WidgetInfo::selected(egui::Role::Button, true, selected, &m.title)
                    });
                    if resp.clicked() {
                        actions.push(Action::OpenArticle(m.id.clone()));
                    }
                }
            });
        actions
    }
}
