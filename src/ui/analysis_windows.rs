//! Retrieval windows over the coding: the coded segments of a code (with its child codes, AND / NOT another code,
//! optionally only those a text query matches), the code × article matrix as a heat map (a cell lists its passages)
//! and the code co-occurrence matrix. All are the domain's ([`crate::search::retrieve`], [`crate::search::matrix`]),
//! recomputed only when the project, the inputs or the coders shown change; they count only the coders the views
//! show (blind coding: only mine). Each exports what it shows (CSV; the passages also as an HTML report).

use std::collections::BTreeSet;
use std::sync::Arc;

use egui::{Color32, Rect, Sense, Ui, Vec2};

use super::{code_filter_combo, name_widget, Action};
use crate::annotate::CodeId;
use crate::model::ArticleId;
use crate::project::{Project, ProjectKey};
use crate::search::matrix::{
    code_article_matrix_of, cooccurrence_of, CodeArticleMatrix, Cooccurrence,
};
use crate::search::report;
use crate::search::retrieve::{retrieve_of, CodeExpr, Segment};

/// The coders counted (`None`: everyone), from [`super::team::CoderView::visible_coders`].
pub type Coders = Option<BTreeSet<String>>;

/// A button that asks where to save a report made from `make` (run only when clicked).
fn report_button(
    ui: &mut Ui,
    label: &str,
    file_name: &str,
    enabled: bool,
    make: impl FnOnce() -> Vec<u8>,
    actions: &mut Vec<Action>,
) {
    if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
        actions.push(Action::ShowReportPrompt {
            file_name: file_name.to_owned(),
            bytes: Arc::new(make()),
        });
    }
}

/// How the second code narrows the first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Combine {
    #[default]
    And,
    Not,
}

type SegmentsKey = (
    Option<CodeId>,
    Option<CodeId>,
    Combine,
    String,
    ProjectKey,
    Coders,
);

#[derive(Default)]
pub struct SegmentsWindow {
    pub open: bool,
    pub code: Option<CodeId>,
    pub other: Option<CodeId>,
    pub combine: Combine,
    pub query: String,
    segments: Option<Result<Vec<Segment>, String>>,
    key: Option<SegmentsKey>,
}

impl SegmentsWindow {
    /// Another project was opened: the codes chosen in the previous one go.
    pub fn project_changed(&mut self) {
        *self = SegmentsWindow {
            open: self.open,
            ..Default::default()
        };
    }

    /// The passages shown (after `show` brought them up to date).
    pub fn segments(&self) -> &[Segment] {
        match &self.segments {
            Some(Ok(v)) => v,
            _ => &[],
        }
    }

    fn refresh(&mut self, project: &Project, coders: &Coders) {
        let key = (
            self.code,
            self.other,
            self.combine,
            self.query.trim().to_owned(),
            project.key(),
            coders.clone(),
        );
        if self.key.as_ref() == Some(&key) {
            return;
        }
        self.segments = Some(match self.code {
            None => Ok(Vec::new()),
            Some(c) => {
                let mut expr = CodeExpr::code(c);
                if let Some(o) = self.other {
                    expr = match self.combine {
                        Combine::And => expr.and(CodeExpr::code(o)),
                        Combine::Not => expr.not(CodeExpr::code(o)),
                    };
                }
                retrieve_of(project, &expr, Some(&key.3), coders.as_ref())
                    .map_err(|e| e.to_string())
            }
        });
        self.key = Some(key);
    }

    pub fn show(&mut self, ctx: &egui::Context, project: &Project, coders: &Coders) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let mut open = self.open;
        egui::Window::new("Coded segments")
            .open(&mut open)
            .default_width(760.0)
            .default_height(480.0)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    code_filter_combo(
                        ui,
                        "segments_code",
                        project,
                        &mut self.code,
                        "Choose a code…",
                        "Code to retrieve",
                    );
                    ui.selectable_value(&mut self.combine, Combine::And, "overlapping")
                        .on_hover_text("Only passages that overlap a passage of the second code");
                    ui.selectable_value(&mut self.combine, Combine::Not, "not overlapping")
                        .on_hover_text("Only passages that overlap no passage of the second code");
                    code_filter_combo(
                        ui,
                        "segments_other",
                        project,
                        &mut self.other,
                        "(any)",
                        "Second code",
                    );
                    let q = ui.add(
                        egui::TextEdit::singleline(&mut self.query)
                            .hint_text("words in the passage")
                            .desired_width(180.0),
                    );
                    name_widget(&q, egui::Role::TextInput, "Words in the passage");
                });
                self.refresh(project, coders);
                let title = self
                    .code
                    .and_then(|c| project.code(c))
                    .map_or("Coded segments".to_owned(), |c| {
                        format!("Passages of {}", c.name)
                    });
                match &self.segments {
                    None => {}
                    Some(Err(e)) => {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                    Some(Ok(segs)) => {
                        ui.horizontal(|ui| {
                            ui.label(format!("{} passage(s)", segs.len()));
                            ui.separator();
                            let any = !segs.is_empty();
                            report_button(
                                ui,
                                "Export CSV…",
                                "coded-segments.csv",
                                any,
                                || report::segments_csv(segs),
                                &mut actions,
                            );
                            report_button(
                                ui,
                                "Export HTML report…",
                                "coded-segments.html",
                                any,
                                || report::segments_html(&title, segs).into_bytes(),
                                &mut actions,
                            );
                        });
                        ui.separator();
                        segment_rows(ui, "segments", segs, &mut actions);
                    }
                }
            });
        self.open = open;
        actions
    }
}

/// Passages as two-line rows (title · date · codes, then the quote); hover for the context and note, click to jump.
fn segment_rows(ui: &mut Ui, id: &str, segs: &[Segment], actions: &mut Vec<Action>) {
    let row_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 10.0;
    egui::ScrollArea::vertical()
        .id_salt(id)
        .auto_shrink([false, false])
        .show_rows(ui, row_h, segs.len(), |ui, range| {
            for s in &segs[range] {
                let date = s.date.map(|d| d.to_string()).unwrap_or_default();
                let head = format!(
                    "{} · {date} · {} · {}",
                    s.title,
                    s.creator,
                    s.codes.join(", ")
                );
                // One label per line, one format each (shaping is never split).
                let resp = ui
                    .vertical(|ui| {
                        ui.add(egui::Label::new(egui::RichText::new(&head).weak()).truncate());
                        ui.add(
                            egui::Label::new(format!("“{}”", s.quote))
                                .truncate()
                                .sense(Sense::click()),
                        )
                    })
                    .inner;
                let hover = if s.note.is_empty() {
                    format!("{}{}{}", s.left, s.quote, s.right)
                } else {
                    format!("{}{}{}\n\nNote: {}", s.left, s.quote, s.right, s.note)
                };
                if resp.on_hover_text(hover).clicked() {
                    actions.push(Action::JumpTo {
                        article: s.article.clone(),
                        range: s.start..s.end,
                    });
                }
            }
        });
}

/// Which matrix the window shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MatrixKind {
    #[default]
    CodeArticle,
    Cooccurrence,
}

/// What the matrices were computed for.
type MatrixKey = (ProjectKey, Coders);

/// The passages of one cell of the code × article matrix.
pub struct CellPassages {
    pub code: CodeId,
    pub article: ArticleId,
    pub label: String,
    pub segments: Result<Vec<Segment>, String>,
}

#[derive(Default)]
pub struct MatrixWindow {
    pub open: bool,
    pub kind: MatrixKind,
    /// Colour by coverage of the body (else by passage count).
    pub by_coverage: bool,
    /// Co-occurrence: count shared paragraphs (else overlapping passages).
    pub by_paragraph: bool,
    matrix: Option<(MatrixKey, Result<CodeArticleMatrix, String>)>,
    cooccurrence: Option<(MatrixKey, Result<Cooccurrence, String>)>,
    /// The cell last clicked, with its passages.
    pub cell: Option<CellPassages>,
}

impl MatrixWindow {
    /// Another project was opened: its matrices go.
    pub fn project_changed(&mut self) {
        self.matrix = None;
        self.cooccurrence = None;
        self.cell = None;
    }

    pub fn matrix(&self) -> Option<&CodeArticleMatrix> {
        self.matrix.as_ref().and_then(|(_, m)| m.as_ref().ok())
    }

    pub fn cooccurrence(&self) -> Option<&Cooccurrence> {
        self.cooccurrence
            .as_ref()
            .and_then(|(_, m)| m.as_ref().ok())
    }

    /// Bring the matrix shown up to date (computed only when the project or the coders shown changed).
    pub fn refresh(&mut self, project: &Project, coders: &Coders) {
        let key = (project.key(), coders.clone());
        match self.kind {
            MatrixKind::CodeArticle => {
                if self.matrix.as_ref().map(|(k, _)| k) != Some(&key) {
                    let m =
                        code_article_matrix_of(project, coders.as_ref()).map_err(|e| e.to_string());
                    self.matrix = Some((key, m));
                }
            }
            MatrixKind::Cooccurrence => {
                if self.cooccurrence.as_ref().map(|(k, _)| k) != Some(&key) {
                    let m = cooccurrence_of(project, coders.as_ref()).map_err(|e| e.to_string());
                    self.cooccurrence = Some((key, m));
                }
            }
        }
    }

    /// List the passages of one cell (code row `ci`, article column `ai`) of the code × article matrix.
    pub fn open_cell(&mut self, project: &Project, coders: &Coders, ci: usize, ai: usize) {
        let Some(m) = self.matrix() else {
            return;
        };
        let (code, article) = (m.codes[ci].id, m.articles[ai].id.clone());
        let label = format!("{} in “{}”", m.codes[ci].name, m.articles[ai].title);
        // Only the code's own passages (the cell counts its own code, not its children).
        let segments = retrieve_of(project, &CodeExpr::code(code), None, coders.as_ref())
            .map(|v| {
                v.into_iter()
                    .filter(|s| s.article == article)
                    .filter(|s| {
                        project
                            .annotation(&s.annotation)
                            .is_some_and(|a| a.codes.contains(&code))
                    })
                    .collect()
            })
            .map_err(|e| e.to_string());
        self.cell = Some(CellPassages {
            code,
            article,
            label,
            segments,
        });
    }

    pub fn show(&mut self, ctx: &egui::Context, project: &Project, coders: &Coders) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        if self.cell.is_some() && self.matrix.as_ref().map(|(k, _)| k.0) != Some(project.key()) {
            self.cell = None;
        }
        self.refresh(project, coders);
        let mut open = self.open;
        let mut clicked_cell = None;
        egui::Window::new("Code matrices")
            .open(&mut open)
            .default_width(820.0)
            .default_height(460.0)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.kind, MatrixKind::CodeArticle, "Code × article");
                    ui.selectable_value(
                        &mut self.kind,
                        MatrixKind::Cooccurrence,
                        "Code co-occurrence",
                    );
                    ui.separator();
                    match self.kind {
                        MatrixKind::CodeArticle => {
                            ui.selectable_value(&mut self.by_coverage, false, "Passages");
                            ui.selectable_value(
                                &mut self.by_coverage,
                                true,
                                "Coverage of the body",
                            );
                            let m = self.matrix();
                            report_button(
                                ui,
                                "Export CSV…",
                                "code-article-matrix.csv",
                                m.is_some(),
                                || m.map(report::matrix_csv).unwrap_or_default(),
                                &mut actions,
                            );
                        }
                        MatrixKind::Cooccurrence => {
                            ui.selectable_value(
                                &mut self.by_paragraph,
                                false,
                                "Overlapping passages",
                            );
                            ui.selectable_value(&mut self.by_paragraph, true, "Same paragraph");
                            let m = self.cooccurrence();
                            report_button(
                                ui,
                                "Export CSV…",
                                "code-cooccurrence.csv",
                                m.is_some(),
                                || m.map(report::cooccurrence_csv).unwrap_or_default(),
                                &mut actions,
                            );
                        }
                    }
                });
                if coders.is_some() {
                    ui.weak("Counting only the coders shown (Team menu).");
                }
                match self.kind {
                    MatrixKind::CodeArticle => match &self.matrix {
                        Some((_, Ok(m))) => {
                            clicked_cell = heat_map(ui, m, self.by_coverage);
                            if let Some(cell) = &self.cell {
                                ui.separator();
                                ui.strong(&cell.label);
                                match &cell.segments {
                                    Ok(segs) => {
                                        segment_rows(ui, "cell-passages", segs, &mut actions)
                                    }
                                    Err(e) => {
                                        ui.colored_label(ui.visuals().error_fg_color, e);
                                    }
                                }
                            }
                        }
                        Some((_, Err(e))) => {
                            ui.colored_label(ui.visuals().error_fg_color, e);
                        }
                        None => {}
                    },
                    MatrixKind::Cooccurrence => match &self.cooccurrence {
                        Some((_, Ok(m))) => cooccurrence_table(ui, m, self.by_paragraph),
                        Some((_, Err(e))) => {
                            ui.colored_label(ui.visuals().error_fg_color, e);
                        }
                        None => {}
                    },
                }
            });
        self.open = open;
        if let Some((ci, ai)) = clicked_cell {
            self.open_cell(project, coders, ci, ai);
        }
        actions
    }
}

/// The colour of a cell holding `v` of at most `max`.
fn heat(ui: &Ui, v: f64, max: f64) -> Color32 {
    let base = if ui.visuals().dark_mode {
        Color32::from_rgb(255, 140, 40)
    } else {
        Color32::from_rgb(200, 60, 0)
    };
    if v <= 0.0 || max <= 0.0 {
        ui.visuals().faint_bg_color
    } else {
        base.gamma_multiply((0.15 + 0.85 * v / max) as f32)
    }
}

/// Codes as rows, articles (corpus order) as columns; a cell's colour is its count (or coverage) against the
/// largest; hover for the numbers; a click returns the cell (code row, article column) to list its passages.
fn heat_map(ui: &mut Ui, m: &CodeArticleMatrix, by_coverage: bool) -> Option<(usize, usize)> {
    let value = |c: usize, a: usize| -> f64 {
        if by_coverage {
            m.coverage(c, a)
        } else {
            m.counts[c][a] as f64
        }
    };
    let mut max = 0.0f64;
    for c in 0..m.codes.len() {
        for a in 0..m.articles.len() {
            max = max.max(value(c, a));
        }
    }
    let cell = 16.0;
    let label_w = 170.0;
    let gap = 1.0;
    let pitch = cell + gap;
    let mut clicked = None;
    // Code names in a fixed column; only the visible cells are painted (a corpus has thousands of articles).
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.spacing_mut().item_spacing.y = gap;
            for code in &m.codes {
                ui.add_sized([label_w, cell], egui::Label::new(&code.name).truncate());
            }
        });
        egui::ScrollArea::horizontal()
            .id_salt("matrix")
            .auto_shrink([false, true])
            .show_viewport(ui, |ui, viewport| {
                let size = Vec2::new(
                    m.articles.len() as f32 * pitch,
                    m.codes.len() as f32 * pitch,
                );
                let (area, resp) = ui.allocate_exact_size(size, Sense::click());
                let first = (viewport.min.x / pitch).floor().max(0.0) as usize;
                let last = ((viewport.max.x / pitch).ceil() as usize).min(m.articles.len());
                let painter = ui.painter();
                for ci in 0..m.codes.len() {
                    for ai in first..last {
                        let min = area.min + Vec2::new(ai as f32 * pitch, ci as f32 * pitch);
                        let fill = heat(ui, value(ci, ai), max);
                        painter.rect_filled(Rect::from_min_size(min, Vec2::splat(cell)), 1.0, fill);
                    }
                }
                name_widget(&resp, egui::Role::Table, "Code × article heat map");
                let at = resp.hover_pos().and_then(|p| {
                    let d = p - area.min;
                    let (ci, ai) = ((d.y / pitch) as usize, (d.x / pitch) as usize);
                    (ci < m.codes.len() && ai < m.articles.len()).then_some((ci, ai))
                });
                if let Some((ci, ai)) = at {
                    let text = format!(
                        "{} × {}: {} passage(s), {:.1}% of the body\nClick to list the passages",
                        m.codes[ci].name,
                        m.articles[ai].title,
                        m.counts[ci][ai],
                        m.coverage(ci, ai) * 100.0
                    );
                    if resp.clicked() {
                        clicked = Some((ci, ai));
                    }
                    resp.on_hover_text_at_pointer(text);
                }
            });
    });
    clicked
}

/// Code × code counts as a shaded table (the diagonal: passages of the code, or paragraphs it touches).
fn cooccurrence_table(ui: &mut Ui, m: &Cooccurrence, by_paragraph: bool) {
    let counts = if by_paragraph {
        &m.paragraph
    } else {
        &m.overlap
    };
    let max = (0..m.codes.len())
        .flat_map(|i| {
            (0..m.codes.len())
                .filter(move |&j| j != i)
                .map(move |j| (i, j))
        })
        .map(|(i, j)| counts[i][j])
        .max()
        .unwrap_or(0) as f64;
    egui::ScrollArea::both()
        .id_salt("cooccurrence")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("cooccurrence-grid")
                .spacing([2.0, 2.0])
                .show(ui, |ui| {
                    ui.label("");
                    for c in &m.codes {
                        ui.add_sized(
                            [56.0, 18.0],
                            egui::Label::new(egui::RichText::new(&c.name).small()).truncate(),
                        )
                        .on_hover_text(&c.name);
                    }
                    ui.end_row();
                    for (i, a) in m.codes.iter().enumerate() {
                        ui.add_sized([150.0, 18.0], egui::Label::new(&a.name).truncate());
                        for (j, b) in m.codes.iter().enumerate() {
                            let n = counts[i][j];
                            let (rect, resp) =
                                ui.allocate_exact_size(Vec2::new(56.0, 18.0), Sense::hover());
                            let fill = if i == j {
                                ui.visuals().extreme_bg_color
                            } else {
                                heat(ui, n as f64, max)
                            };
                            ui.painter().rect_filled(rect, 1.0, fill);
                            ui.painter().text(
                                rect.center(),
                                egui::Align2::CENTER_CENTER,
                                n.to_string(),
                                egui::FontId::proportional(12.0),
                                ui.visuals().strong_text_color(),
                            );
                            let what = if by_paragraph {
                                "paragraph(s)"
                            } else {
                                "overlap(s)"
                            };
                            let text = if i == j {
                                format!(
                                    "{}: {n} {}",
                                    a.name,
                                    if by_paragraph {
                                        "paragraph(s) touched"
                                    } else {
                                        "passage(s)"
                                    }
                                )
                            } else {
                                format!("{} × {}: {n} {what}", a.name, b.name)
                            };
                            name_widget(&resp, egui::Role::Label, &text);
                            resp.on_hover_text(text);
                        }
                        ui.end_row();
                    }
                });
        });
}
