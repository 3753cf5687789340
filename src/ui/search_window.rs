//! The search window: a query over the corpus (Ctrl+Shift+F) or the open article (Ctrl+F), its hits as a
//! keyword-in-context list fetched page by page (the first 100 at once, more as the list is scrolled), only the
//! visible rows laid out; a row click jumps to the hit; selected rows (or all) are coded as one undoable edit.
//! The search itself is the domain's ([`crate::search`]); this window only keeps the pages it has fetched.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Color32, FontId, Galley, Pos2, Rect, Sense, Ui, Vec2};

use super::{name_widget, Action};
use crate::annotate::CodeId;
use crate::model::ArticleId;
use crate::project::{Project, ProjectKey};
use crate::search::autocode::Widen;
use crate::search::normalize::Mode;
use crate::search::{Cursor, KwicRow, Scope, Search, SearchOptions, SortKey};
use chrono::NaiveDate;

/// Rows fetched at once.
pub const PAGE: usize = 100;

/// What a set of results was computed for.
#[derive(Clone, Debug, PartialEq)]
struct ResultsKey {
    query: String,
    article: Option<ArticleId>,
    boilerplate: bool,
    loose: bool,
    romanised: bool,
    with_code: Option<CodeId>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    sort: Option<SortKey>,
    /// The project's content key (coding does not change hits), or its full key when the scope depends on coding.
    project: ProjectKey,
}

/// The rows fetched so far of one search.
struct Results {
    key: ResultsKey,
    search: Search,
    rows: Vec<KwicRow>,
    next: Option<Cursor>,
}

/// A hit, by place (survives re-running the search after an edit).
type HitKey = (ArticleId, usize, usize);

fn hit_key(r: &KwicRow) -> HitKey {
    (r.article.clone(), r.start, r.end)
}

#[derive(Default)]
pub struct SearchWindow {
    pub open: bool,
    pub query: String,
    /// Search only the article open in the viewer (else the corpus).
    pub in_article: bool,
    pub boilerplate: bool,
    /// Loose matching: vowel length folded too (ी = ि, ू = ु).
    pub loose: bool,
    /// Read all-Latin words as romanised Hindi (on by default; see `Search options`).
    pub no_romanised: bool,
    /// Only articles with a passage of this code (or a child code).
    pub with_code: Option<CodeId>,
    /// Only articles published in this range (YYYY-MM-DD, either may be empty).
    pub from: String,
    pub to: String,
    /// `None`: corpus order, fetched page by page; a sort fetches every row.
    pub sort: Option<SortKey>,
    pub code: Option<CodeId>,
    pub widen: Widen,
    /// Rows ticked for coding.
    pub selected: HashSet<HitKey>,
    /// The row F3 / Shift+F3 last jumped to.
    pub current: Option<usize>,
    focus_query: bool,
    results: Option<Results>,
    error: Option<String>,
    /// Hits in the article open in the viewer, for highlighting, and what they were computed for.
    article_hits: Vec<Range<usize>>,
    article_hits_for: Option<(ArticleId, ResultsKey)>,
}

impl SearchWindow {
    /// Open (or bring back) the window on a scope, with the keyboard in the query field.
    pub fn open_with(&mut self, in_article: bool) {
        self.open = true;
        self.in_article = in_article;
        self.focus_query = true;
    }

    /// Another project was opened: what was chosen in the previous one (rows, ticks, the code) goes; the query and
    /// the options stay.
    pub fn project_changed(&mut self) {
        *self = SearchWindow {
            open: self.open,
            query: std::mem::take(&mut self.query),
            in_article: self.in_article,
            boilerplate: self.boilerplate,
            loose: self.loose,
            no_romanised: self.no_romanised,
            from: std::mem::take(&mut self.from),
            to: std::mem::take(&mut self.to),
            sort: self.sort,
            widen: self.widen,
            ..Default::default()
        };
    }

    /// The rows fetched so far.
    pub fn rows(&self) -> &[KwicRow] {
        self.results.as_ref().map_or(&[], |r| &r.rows)
    }

    /// Whether more rows can be fetched.
    pub fn has_more(&self) -> bool {
        self.results.as_ref().is_some_and(|r| r.next.is_some())
    }

    /// The last error (a query that does not parse, a failed read).
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    fn key(
        &self,
        project: &Project,
        article: Option<&ArticleId>,
    ) -> Result<Option<ResultsKey>, String> {
        let query = self.query.trim();
        if query.is_empty() || (self.in_article && article.is_none()) {
            return Ok(None);
        }
        let date = |s: &str, what: &str| -> Result<Option<NaiveDate>, String> {
            let s = s.trim();
            if s.is_empty() {
                return Ok(None);
            }
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Some)
                .map_err(|_| format!("The {what} date “{s}” is not a date like 2024-09-30"))
        };
        let with_code = self.with_code.filter(|c| project.code(*c).is_some());
        Ok(Some(ResultsKey {
            query: query.to_owned(),
            article: if self.in_article {
                article.cloned()
            } else {
                None
            },
            boilerplate: self.boilerplate,
            loose: self.loose,
            romanised: !self.no_romanised,
            with_code,
            from: date(&self.from, "from")?,
            to: date(&self.to, "to")?,
            sort: self.sort,
            // Hits depend on the texts; on the coding only when the scope asks for a code.
            project: if with_code.is_some() {
                project.key()
            } else {
                project.content_key()
            },
        }))
    }

    /// Bring the results up to date with the query, the scope and the project (the first page is fetched).
    pub fn refresh(&mut self, project: &Project, article: Option<&ArticleId>) {
        let key = match self.key(project, article) {
            Ok(k) => k,
            Err(e) => {
                self.results = None;
                self.error = Some(e);
                return;
            }
        };
        if self.results.as_ref().map(|r| &r.key) == key.as_ref() {
            return;
        }
        let same_search = matches!((&self.results, &key), (Some(r), Some(k)) if ResultsKey { project: k.project, ..r.key.clone() } == *k);
        // After an edit the same search runs again: keep as many rows as were fetched.
        let keep = if same_search { self.rows().len() } else { 0 };
        if !same_search {
            self.current = None;
        }
        self.results = None;
        self.error = None;
        let Some(key) = key else {
            return;
        };
        let opts = SearchOptions {
            mode: if key.loose {
                Mode::Loose
            } else {
                Mode::Default
            },
            transliterate: key.romanised,
            scope: Scope {
                article: key.article.clone(),
                boilerplate: key.boilerplate,
                codes: key.with_code.into_iter().collect(),
                from: key.from,
                to: key.to,
            },
            ..Default::default()
        };
        let search = match Search::new(project, &key.query, opts) {
            Ok(s) => s,
            Err(e) => {
                self.error = Some(e.to_string());
                return;
            }
        };
        let mut results = Results {
            key,
            search,
            rows: Vec::new(),
            next: Some(Cursor::default()),
        };
        let fetched = match results.key.sort {
            None => fetch(&mut results, project, PAGE),
            Some(sort) => results.search.all(project).map(|mut rows| {
                crate::search::kwic::sort_rows(&mut rows, sort);
                results.rows = rows;
                results.next = None;
            }),
        };
        if let Err(e) = fetched {
            self.error = Some(e.to_string());
        }
        self.results = Some(results);
        self.fetch_to(project, keep);
    }

    /// Fetch rows until `want` are there (or the search is exhausted).
    pub fn fetch_to(&mut self, project: &Project, want: usize) {
        let Some(results) = self.results.as_mut() else {
            return;
        };
        while results.rows.len() < want && results.next.is_some() {
            let n = (want - results.rows.len()).max(PAGE);
            if let Err(e) = fetch(results, project, n) {
                results.next = None;
                self.error = Some(e.to_string());
                return;
            }
        }
    }

    /// Every row of the search (fetching the rest).
    fn all_rows(&mut self, project: &Project) -> Vec<KwicRow> {
        self.fetch_to(project, usize::MAX);
        self.rows().to_vec()
    }

    /// Char ranges of the hits in the open article, for the viewer to highlight (cached per article, search and
    /// project revision).
    pub fn hits_in_article(
        &mut self,
        project: &Project,
        article: Option<&ArticleId>,
    ) -> Vec<Range<usize>> {
        let (Some(id), Some(results)) = (article, self.results.as_ref()) else {
            self.article_hits_for = None;
            self.article_hits.clear();
            return Vec::new();
        };
        if !self.open {
            return Vec::new();
        }
        let key = (id.clone(), results.key.clone());
        if self.article_hits_for.as_ref() != Some(&key) {
            self.article_hits = match project.article(id) {
                Ok(a) => results
                    .search
                    .hits_in(&a)
                    .into_iter()
                    .map(|(s, e)| s..e)
                    .collect(),
                Err(_) => Vec::new(),
            };
            self.article_hits_for = Some(key);
        }
        self.article_hits.clone()
    }

    /// F3 / Shift+F3: the next or previous row, as a jump (fetching another page when needed).
    pub fn step(
        &mut self,
        project: &Project,
        article: Option<&ArticleId>,
        forward: bool,
    ) -> Option<Action> {
        if !self.open {
            self.open_with(self.in_article);
        }
        self.refresh(project, article);
        let next = match (self.current, forward) {
            (None, true) => 0,
            (None, false) => {
                self.fetch_to(project, usize::MAX);
                self.rows().len().checked_sub(1)?
            }
            (Some(i), true) => i + 1,
            (Some(i), false) => i.checked_sub(1).unwrap_or(usize::MAX),
        };
        if next != usize::MAX {
            self.fetch_to(project, next + 1);
        } else {
            self.fetch_to(project, usize::MAX);
        }
        let n = self.rows().len();
        if n == 0 {
            return None;
        }
        // Past either end: wrap around.
        let i = if next == usize::MAX {
            n - 1
        } else if next >= n {
            0
        } else {
            next
        };
        self.current = Some(i);
        let r = &self.rows()[i];
        Some(Action::JumpTo {
            article: r.article.clone(),
            range: r.start..r.end,
        })
    }

    pub fn show(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        article: Option<&ArticleId>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let mut open = self.open;
        egui::Window::new("Search")
            .open(&mut open)
            .default_width(900.0)
            .default_height(520.0)
            .show(ctx, |ui| self.contents(ui, project, article, &mut actions));
        self.open = open;
        actions
    }

    fn contents(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        article: Option<&ArticleId>,
        actions: &mut Vec<Action>,
    ) {
        ui.horizontal(|ui| {
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text(
                        "Search: words, \"phrases\", prefix*, AND / OR / NOT, romanised words",
                    )
                    .desired_width(420.0),
            );
            name_widget(&field, egui::Role::TextInput, "Search query");
            if self.focus_query {
                field.request_focus();
                self.focus_query = false;
            }
            ui.radio_value(&mut self.in_article, false, "Corpus");
            ui.add_enabled(
                article.is_some(),
                egui::RadioButton::new(self.in_article, "Open article"),
            )
            .clicked()
            .then(|| self.in_article = true);
        });
        ui.horizontal(|ui| {
            ui.checkbox(&mut self.boilerplate, "Bylines and boilerplate")
                .on_hover_text(
                    "Search bylines and boilerplate too (default: title, headings, body)",
                );
            ui.checkbox(&mut self.loose, "Loose: दीन = दिन")
                .on_hover_text(
                "Fold vowel length too: finds more spellings, but also merges some distinct words",
            );
            let mut romanised = !self.no_romanised;
            if ui
                .checkbox(&mut romanised, "Romanised words")
                .on_hover_text("Read all-Latin words (sitambar, putin) as romanised Hindi")
                .changed()
            {
                self.no_romanised = !romanised;
            }
            ui.separator();
            super::code_filter_combo(
                ui,
                "search_with_code",
                project,
                &mut self.with_code,
                "Any article",
                "Only articles with this code",
            );
            ui.label("From");
            let from = ui.add(
                egui::TextEdit::singleline(&mut self.from)
                    .hint_text("YYYY-MM-DD")
                    .desired_width(92.0),
            );
            name_widget(&from, egui::Role::TextInput, "Published from");
            ui.label("to");
            let to = ui.add(
                egui::TextEdit::singleline(&mut self.to)
                    .hint_text("YYYY-MM-DD")
                    .desired_width(92.0),
            );
            name_widget(&to, egui::Role::TextInput, "Published to");
        });
        ui.horizontal(|ui| {
            ui.label("Sort:");
            ui.selectable_value(&mut self.sort, None, "Corpus order");
            for (k, label) in [
                (SortKey::Left, "Left words"),
                (SortKey::Right, "Right words"),
                (SortKey::Article, "Article"),
                (SortKey::Date, "Date"),
            ] {
                ui.selectable_value(&mut self.sort, Some(k), label);
            }
        });
        self.refresh(project, article);
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        let n = self.rows().len();
        let more = if self.has_more() { "+" } else { "" };
        // Coding the hits.
        ui.horizontal(|ui| {
            ui.label(if self.results.is_some() {
                format!("{n}{more} hits")
            } else {
                "Type a query".to_owned()
            });
            ui.separator();
            if ui.button("Select all").clicked() {
                let all = self.all_rows(project);
                self.selected = all.iter().map(hit_key).collect();
            }
            if ui.button("Select none").clicked() {
                self.selected.clear();
            }
            if ui
                .add_enabled(n > 0, egui::Button::new("Export CSV…"))
                .on_hover_text("Every hit of the search as CSV (article, offsets, left context, hit, right context)")
                .clicked()
            {
                let all = self.all_rows(project);
                actions.push(Action::ShowReportPrompt {
                    file_name: "search-hits.csv".to_owned(),
                    bytes: Arc::new(crate::search::report::kwic_csv(&all)),
                });
            }
            ui.separator();
            super::code_filter_combo(
                ui,
                "search_code",
                project,
                &mut self.code,
                "Choose a code…",
                "Code for the hits",
            );
            egui::ComboBox::from_id_salt("search_widen")
                .selected_text(widen_label(self.widen))
                .show_ui(ui, |ui| {
                    for w in [Widen::Word, Widen::Sentence, Widen::Paragraph] {
                        ui.selectable_value(&mut self.widen, w, widen_label(w));
                    }
                })
                .response
                .on_hover_text("How far each hit is widened before it is coded");
            let enabled = self.code.is_some() && n > 0;
            let sel = self
                .rows()
                .iter()
                .filter(|r| self.selected.contains(&hit_key(r)))
                .count();
            if ui
                .add_enabled(enabled && sel > 0, egui::Button::new(format!("Code selected ({sel})")))
                .on_hover_text("Code the ticked hits (one undoable step; already coded ranges are skipped)")
                .clicked()
            {
                let rows: Vec<KwicRow> = self
                    .rows()
                    .iter()
                    .filter(|r| self.selected.contains(&hit_key(r)))
                    .cloned()
                    .collect();
                actions.extend(self.code.map(|code| Action::CodeHits {
                    rows,
                    code,
                    widen: self.widen,
                }));
            }
            if ui
                .add_enabled(enabled, egui::Button::new("Code all hits"))
                .on_hover_text("Code every hit of the search (one undoable step; already coded ranges are skipped)")
                .clicked()
            {
                let rows = self.all_rows(project);
                actions.extend(self.code.map(|code| Action::CodeHits {
                    rows,
                    code,
                    widen: self.widen,
                }));
            }
        });
        ui.separator();
        self.kwic_list(ui, actions, project);
    }

    fn kwic_list(&mut self, ui: &mut Ui, actions: &mut Vec<Action>, project: &Project) {
        let font = FontId::new(15.0, super::fonts::reading());
        let hit_font = FontId::new(15.0, super::fonts::reading_bold());
        let small = FontId::proportional(12.0);
        let row_h = ui.fonts_mut(|f| f.row_height(&font)) + 8.0;
        let text = ui.visuals().text_color();
        let weak = ui.visuals().weak_text_color();
        let hit_col = if ui.visuals().dark_mode {
            Color32::from_rgb(120, 200, 255)
        } else {
            Color32::from_rgb(0, 90, 170)
        };
        let n = self.rows().len();
        let mut wanted = 0;
        let mut toggled = Vec::new();
        let mut clicked = None;
        egui::ScrollArea::vertical()
            .id_salt("kwic")
            .auto_shrink([false, false])
            .show_rows(ui, row_h, n, |ui, range| {
                wanted = range.end;
                // Columns: tick, left context (right-aligned), hit, right context, title and date. The row is
                // exactly as wide as the list (tick and spacing included), so the window never grows by itself.
                let tick_w = 24.0;
                let width =
                    (ui.available_width() - tick_w - ui.spacing().item_spacing.x).max(480.0);
                let (left_w, hit_w, meta_w) = (width * 0.33, width * 0.14, width * 0.19);
                let right_w = (width - left_w - hit_w - meta_w).max(60.0);
                for i in range {
                    let row = &self.rows()[i];
                    let key = hit_key(row);
                    ui.horizontal(|ui| {
                        let mut ticked = self.selected.contains(&key);
                        let cb = ui
                            .add_sized([tick_w, row_h], egui::Checkbox::without_text(&mut ticked));
                        name_widget(&cb, egui::Role::CheckBox, &format!("Select hit {}", i + 1));
                        if cb.changed() {
                            toggled.push((key.clone(), ticked));
                        }
                        let (rect, resp) = ui.allocate_exact_size(
                            Vec2::new(left_w + hit_w + right_w + meta_w, row_h),
                            Sense::click(),
                        );
                        let date = row.date.map(|d| d.to_string()).unwrap_or_default();
                        let name = format!(
                            "Hit {}: {} {}: {}{}{}",
                            i + 1,
                            row.title,
                            date,
                            row.left,
                            row.hit,
                            row.right
                        );
                        resp.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                        });
                        let painter = ui.painter();
                        if self.current == Some(i) {
                            painter.rect_filled(
                                rect,
                                2.0,
                                ui.visuals().selection.bg_fill.gamma_multiply(0.4),
                            );
                        } else if resp.hovered() {
                            painter.rect_filled(
                                rect,
                                2.0,
                                ui.visuals().widgets.hovered.weak_bg_fill,
                            );
                        }
                        let y = rect.center().y;
                        let x0 = rect.min.x;
                        // One format per cell: a format boundary inside a word would break Devanagari shaping.
                        let left = one_line(ui, &row.left, font.clone(), text);
                        let cell = Rect::from_min_max(
                            Pos2::new(x0, rect.min.y),
                            Pos2::new(x0 + left_w - 6.0, rect.max.y),
                        );
                        let lpos = Pos2::new(cell.max.x - left.size().x, y - left.size().y / 2.0);
                        painter.with_clip_rect(cell).galley(lpos, left, text);
                        let hit = one_line(ui, &row.hit, hit_font.clone(), hit_col);
                        let hx = x0 + left_w;
                        let cell = Rect::from_min_max(
                            Pos2::new(hx, rect.min.y),
                            Pos2::new(hx + hit_w - 6.0, rect.max.y),
                        );
                        painter.with_clip_rect(cell).galley(
                            Pos2::new(hx, y - hit.size().y / 2.0),
                            hit,
                            hit_col,
                        );
                        let rx = hx + hit_w;
                        let right = one_line(ui, &row.right, font.clone(), text);
                        let cell = Rect::from_min_max(
                            Pos2::new(rx, rect.min.y),
                            Pos2::new(rx + right_w - 6.0, rect.max.y),
                        );
                        painter.with_clip_rect(cell).galley(
                            Pos2::new(rx, y - right.size().y / 2.0),
                            right,
                            text,
                        );
                        let mx = rx + right_w;
                        let meta = one_line(
                            ui,
                            &format!("{} · {}", date, row.title),
                            small.clone(),
                            weak,
                        );
                        let cell = Rect::from_min_max(Pos2::new(mx, rect.min.y), rect.max);
                        painter.with_clip_rect(cell).galley(
                            Pos2::new(mx, y - meta.size().y / 2.0),
                            meta,
                            weak,
                        );
                        if resp
                            .on_hover_text(format!(
                                "{}\n{date}\nClick to open the article at this hit",
                                row.title
                            ))
                            .clicked()
                        {
                            actions.push(Action::JumpTo {
                                article: row.article.clone(),
                                range: row.start..row.end,
                            });
                            clicked = Some(i);
                        }
                    });
                }
            });
        if clicked.is_some() {
            self.current = clicked;
        }
        for (key, on) in toggled {
            if on {
                self.selected.insert(key);
            } else {
                self.selected.remove(&key);
            }
        }
        // Near the end of what is fetched: fetch the next page.
        if wanted + 20 >= n && self.has_more() {
            self.fetch_to(project, n + PAGE);
            ui.ctx().request_repaint();
        }
    }
}

fn fetch(
    results: &mut Results,
    project: &Project,
    limit: usize,
) -> Result<(), crate::search::SearchError> {
    let Some(cursor) = results.next else {
        return Ok(());
    };
    let page = results.search.page(project, cursor, limit.min(10_000))?;
    results.rows.extend(page.rows);
    results.next = page.next;
    Ok(())
}

fn one_line(ui: &Ui, text: &str, font: FontId, color: Color32) -> Arc<Galley> {
    let job = LayoutJob::simple_singleline(text.to_owned(), font, color);
    ui.fonts_mut(|f| f.layout_job(job))
}

pub fn widen_label(w: Widen) -> &'static str {
    match w {
        Widen::Word => "Widen to the word",
        Widen::Sentence => "Widen to the sentence",
        Widen::Paragraph => "Widen to the paragraph",
    }
}
