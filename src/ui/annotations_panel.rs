//! The annotations panel: the selected annotation's editor, then every annotation of the article or the corpus,
//! filterable by code and text; clicking one jumps to its passage.

use egui::{RichText, Ui};
use uuid::Uuid;

use super::viewer::ViewerState;
use super::Action;
use crate::annotate::CodeId;
use crate::derived::Memo;
use crate::project::{Project, ProjectKey};

#[derive(Default)]
pub struct AnnotationsPanelState {
    pub whole_corpus: bool,
    pub code_filter: Option<CodeId>,
    pub text_filter: String,
    /// Note being edited for this annotation (committed when the field loses focus).
    note_draft: Option<(Uuid, String)>,
    /// The annotations shown (ids, in order) and what they were filtered for.
    list: Memo<ListKey, Vec<Uuid>>,
}

#[derive(Clone, PartialEq)]
struct ListKey {
    project: ProjectKey,
    whole_corpus: bool,
    article: Option<crate::model::ArticleId>,
    code: Option<CodeId>,
    text: String,
    coders: super::team::CoderView,
}

impl AnnotationsPanelState {
    /// Another project was opened: forget what named this one's annotations and codes (the list is rebuilt, as its
    /// key names the project). The scope and the text search are the user's and stay.
    pub fn project_changed(&mut self) {
        self.code_filter = None;
        self.note_draft = None;
        self.list.clear();
    }

    pub fn show(&mut self, ui: &mut Ui, project: &Project, viewer: &ViewerState) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(id) = viewer.selected_annotation {
            if let Some(a) = project
                .annotation(&id)
                .filter(|a| viewer.coders.shows(&a.creator))
            {
                // Compact (no heading, small details) so the list below keeps room for at least 8 rows.
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.spacing_mut().item_spacing.y = 2.0;
                    ui.add(egui::Label::new(RichText::new(&a.quote).strong()).truncate());
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!(
                                "chars {}–{} · {} · created {} · modified {}",
                                a.start,
                                a.end,
                                a.creator,
                                a.created.format("%Y-%m-%d %H:%M"),
                                a.modified.format("%Y-%m-%d %H:%M")
                            ))
                            .weak()
                            .small(),
                        )
                        .truncate(),
                    );
                    ui.horizontal_wrapped(|ui| {
                        for code in project.codes() {
                            let mut on = a.codes.contains(&code.id);
                            let col = egui::Color32::from_rgb(
                                code.color[0],
                                code.color[1],
                                code.color[2],
                            );
                            if ui
                                .checkbox(&mut on, RichText::new(&code.name).color(col).small())
                                .changed()
                            {
                                let mut after = a.clone();
                                if on {
                                    after.codes.push(code.id);
                                } else {
                                    after.codes.retain(|c| *c != code.id);
                                }
                                actions.push(Action::UpdateAnnotation(after));
                            }
                        }
                    });
                    if self.note_draft.as_ref().map(|(i, _)| *i) != Some(id) {
                        self.note_draft = Some((id, a.note.clone()));
                    }
                    if let Some((_, draft)) = &mut self.note_draft {
                        let r = ui.add(
                            egui::TextEdit::multiline(draft)
                                .hint_text("Note")
                                .desired_rows(2)
                                .desired_width(f32::INFINITY),
                        );
                        super::name_widget(&r, egui::Role::MultilineTextInput, "Note");
                        if r.lost_focus() && *draft != a.note {
                            let mut after = a.clone();
                            after.note = draft.clone();
                            actions.push(Action::UpdateAnnotation(after));
                        }
                    }
                    ui.horizontal(|ui| {
                        if ui.button("Show in text").clicked() {
                            actions.push(Action::JumpTo {
                                article: a.article.clone(),
                                range: a.range(),
                            });
                        }
                        if ui.button("Delete").on_hover_text("Delete key").clicked() {
                            actions.push(Action::DeleteAnnotation(id));
                        }
                    });
                });
                ui.add_space(2.0);
            }
        }

        ui.horizontal(|ui| {
            ui.heading("Annotations");
            ui.selectable_value(&mut self.whole_corpus, false, "This article");
            ui.selectable_value(&mut self.whole_corpus, true, "Corpus");
        });
        ui.horizontal(|ui| {
            super::code_filter_combo(
                ui,
                "code-filter",
                project,
                &mut self.code_filter,
                "All codes",
                "Filter by code",
            );
            ui.add(
                egui::TextEdit::singleline(&mut self.text_filter)
                    .hint_text("Search quotes and notes"),
            );
        });
        ui.separator();
        // The filtered list changes only with the project or the filters: with 100,000 annotations in the corpus,
        // filtering (and lower-casing every quote) each frame would cost milliseconds.
        let key = ListKey {
            project: project.key(),
            whole_corpus: self.whole_corpus,
            article: viewer.article.clone(),
            code: self.code_filter,
            text: self.text_filter.trim().to_lowercase(),
            coders: viewer.coders.clone(),
        };
        let code_filter = self.code_filter;
        let whole_corpus = self.whole_corpus;
        self.list.get(key.clone(), || {
            let all = match (whole_corpus, &viewer.article) {
                (true, _) => project.all_annotations(),
                (false, Some(id)) => project.annotations_of(id).to_vec(),
                (false, None) => Vec::new(),
            };
            let needle = &key.text;
            all.into_iter()
                .filter(|a| key.coders.shows(&a.creator))
                .filter(|a| code_filter.is_none_or(|c| a.codes.contains(&c)))
                .filter(|a| {
                    needle.is_empty()
                        || a.quote.to_lowercase().contains(needle)
                        || a.note.to_lowercase().contains(needle)
                })
                .map(|a| a.id)
                .collect()
        });
        // Only the visible rows are looked up.
        let list: &[Uuid] = self.list.peek(&key).map_or(&[], Vec::as_slice);
        ui.weak(format!("{} shown", list.len()));
        // Compact rows (codes and quote on one line, coder and note below, small) so that at least 8 stay visible
        // under the editor of a selected annotation at 1400×900.
        let row_h = 34.0;
        egui::ScrollArea::vertical()
            .id_salt("annotation-list")
            .auto_shrink([false, false])
            .show_rows(ui, row_h, list.len(), |ui, rows| {
                for a in list[rows].iter().filter_map(|id| project.annotation(id)) {
                    let selected = viewer.selected_annotation == Some(a.id);
                    let (rect, _) = ui.allocate_exact_size(
                        egui::vec2(ui.available_width(), row_h - 2.0),
                        egui::Sense::hover(),
                    );
                    let mut child = ui.new_child(
                        egui::UiBuilder::new().max_rect(rect.shrink2(egui::vec2(4.0, 1.0))),
                    );
                    child.set_clip_rect(rect.intersect(ui.clip_rect()));
                    child.spacing_mut().item_spacing.y = 0.0;
                    child.horizontal(|ui| {
                        for cid in &a.codes {
                            if let Some(c) = project.code(*cid) {
                                let col =
                                    egui::Color32::from_rgb(c.color[0], c.color[1], c.color[2]);
                                ui.add(
                                    egui::Label::new(RichText::new("■").color(col))
                                        .selectable(false),
                                )
                                .on_hover_text(&c.name);
                            }
                        }
                        ui.add(egui::Label::new(&a.quote).truncate().selectable(false));
                    });
                    let names: Vec<&str> = a
                        .codes
                        .iter()
                        .filter_map(|c| project.code(*c).map(|c| c.name.as_str()))
                        .collect();
                    let mut second = format!(
                        "{} · {} · {}",
                        names.join(", "),
                        a.creator,
                        a.modified.format("%d %b %H:%M")
                    );
                    if !a.note.is_empty() {
                        second = format!("{second} · {}", a.note);
                    }
                    child.add(
                        egui::Label::new(RichText::new(second).weak().small())
                            .truncate()
                            .selectable(false),
                    );
                    // The whole row is one button, registered over its labels so a click anywhere on it (the quote
                    // too) jumps to the passage.
                    let resp = ui.interact(
                        rect,
                        ui.scope_id().with(("annotation-row", a.id)),
                        egui::Sense::click(),
                    );
                    if selected || resp.hovered() {
                        let v = ui.style().interact_selectable(&resp, selected);
                        ui.painter().rect_stroke(
                            rect,
                            4.0,
                            egui::Stroke::new(if selected { 2.0 } else { 1.0 }, v.bg_stroke.color),
                            egui::StrokeKind::Inside,
                        );
                    }
                    resp.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Button, true, &a.quote)
                    });
                    if resp.clicked() {
                        actions.push(Action::JumpTo {
                            article: a.article.clone(),
                            range: a.range(),
                        });
                        actions.push(Action::SelectAnnotation(Some(a.id)));
                    }
                }
            });
        actions
    }
}
