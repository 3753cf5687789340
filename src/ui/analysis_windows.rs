//! Retrieval windows over the coding: the coded segments of a code (with its child codes, AND / NOT another code,
//! optionally only those a text query matches), and the code × article matrix as a heat map. Both are the domain's
//! ([`crate::search::retrieve`], [`crate::search::matrix`]), recomputed only when the project or the inputs change.

use egui::{Color32, Rect, Sense, Ui, Vec2};

use super::{code_filter_combo, name_widget, Action};
use crate::annotate::CodeId;
use crate::project::{Project, ProjectKey};
use crate::search::matrix::{code_article_matrix, CodeArticleMatrix};
use crate::search::retrieve::{retrieve, CodeExpr, Segment};

/// How the second code narrows the first.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Combine {
    #[default]
    And,
    Not,
}

type SegmentsKey = (Option<CodeId>, Option<CodeId>, Combine, String, ProjectKey);

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

    fn refresh(&mut self, project: &Project) {
        let key = (
            self.code,
            self.other,
            self.combine,
            self.query.trim().to_owned(),
            project.key(),
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
                retrieve(project, &expr, Some(&key.3)).map_err(|e| e.to_string())
            }
        });
        self.key = Some(key);
    }

    pub fn show(&mut self, ctx: &egui::Context, project: &Project) -> Vec<Action> {
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
                self.refresh(project);
                match &self.segments {
                    None => {}
                    Some(Err(e)) => {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                    Some(Ok(segs)) => {
                        ui.label(format!("{} passage(s)", segs.len()));
                        ui.separator();
                        let row_h = ui.text_style_height(&egui::TextStyle::Body) * 2.0 + 10.0;
                        egui::ScrollArea::vertical()
                            .id_salt("segments")
                            .auto_shrink([false, false])
                            .show_rows(ui, row_h, segs.len(), |ui, range| {
                                for s in &segs[range] {
                                    let date = s.date.map(|d| d.to_string()).unwrap_or_default();
                                    let head =
                                        format!("{} · {date} · {}", s.title, s.codes.join(", "));
                                    // One label per line, one format each (shaping is never split).
                                    let resp = ui
                                        .vertical(|ui| {
                                            ui.add(
                                                egui::Label::new(egui::RichText::new(&head).weak())
                                                    .truncate(),
                                            );
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
                                        format!(
                                            "{}{}{}\n\nNote: {}",
                                            s.left, s.quote, s.right, s.note
                                        )
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
                }
            });
        self.open = open;
        actions
    }
}

#[derive(Default)]
pub struct MatrixWindow {
    pub open: bool,
    /// Colour by coverage of the body (else by passage count).
    pub by_coverage: bool,
    matrix: Option<(ProjectKey, Result<CodeArticleMatrix, String>)>,
}

impl MatrixWindow {
    /// Another project was opened: its matrix goes.
    pub fn project_changed(&mut self) {
        self.matrix = None;
    }

    pub fn matrix(&self) -> Option<&CodeArticleMatrix> {
        self.matrix.as_ref().and_then(|(_, m)| m.as_ref().ok())
    }

    pub fn show(&mut self, ctx: &egui::Context, project: &Project) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        if self.matrix.as_ref().map(|(k, _)| *k) != Some(project.key()) {
            self.matrix = Some((
                project.key(),
                code_article_matrix(project).map_err(|e| e.to_string()),
            ));
        }
        let mut open = self.open;
        let by_coverage = &mut self.by_coverage;
        let matrix = self.matrix.as_ref().map(|(_, m)| m);
        egui::Window::new("Code × article matrix")
            .open(&mut open)
            .default_width(820.0)
            .default_height(420.0)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    ui.selectable_value(by_coverage, false, "Passages");
                    ui.selectable_value(by_coverage, true, "Coverage of the body");
                });
                match matrix {
                    Some(Ok(m)) => heat_map(ui, m, *by_coverage, &mut actions),
                    Some(Err(e)) => {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                    None => {}
                }
            });
        self.open = open;
        actions
    }
}

/// Codes as rows, articles (corpus order) as columns; a cell's colour is its count (or coverage) against the
/// largest; hover for the numbers, click to open the article.
fn heat_map(ui: &mut Ui, m: &CodeArticleMatrix, by_coverage: bool, actions: &mut Vec<Action>) {
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
    let base = if ui.visuals().dark_mode {
        Color32::from_rgb(255, 140, 40)
    } else {
        Color32::from_rgb(200, 60, 0)
    };
    let empty = ui.visuals().faint_bg_color;
    let gap = 1.0;
    let pitch = cell + gap;
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
                        let v = value(ci, ai);
                        let fill = if v <= 0.0 || max <= 0.0 {
                            empty
                        } else {
                            base.gamma_multiply((0.15 + 0.85 * v / max) as f32)
                        };
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
                        "{} × {}: {} passage(s), {:.1}% of the body",
                        m.codes[ci].name,
                        m.articles[ai].title,
                        m.counts[ci][ai],
                        m.coverage(ci, ai) * 100.0
                    );
                    let clicked = resp.clicked();
                    resp.on_hover_text_at_pointer(text);
                    if clicked {
                        actions.push(Action::OpenArticle(m.articles[ai].id.clone()));
                    }
                }
            });
    });
}
