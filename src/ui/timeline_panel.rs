//! The timeline: events on a date axis (egui_plot), lanes by category or by article, day events as markers and
//! month/year events as spans, publication dates in their own lane. Hover for the sentence, click to jump to it.

use std::collections::HashSet;

use chrono::NaiveDate;
use egui::{Color32, Pos2, RichText, Ui};
use egui_plot::{GridInput, GridMark, Line, MarkerShape, Plot, PlotPoint, PlotPoints, Points};

use super::team::CoderView;
use super::viewer::ViewerState;
use super::Action;
use crate::annotate::CodeId;
use crate::model::ArticleId;
use crate::project::{Project, ProjectKey};
use crate::timeline::axis;
use crate::timeline::category::EventCategory;
use crate::timeline::events::{day_number, CandidateId, Event, EventId, Group, Status};
use crate::timeline::tagger::Granularity;
use crate::timeline::{Progress, Timeline};

/// What the user changes about an event.
#[derive(Clone, Debug, PartialEq)]
pub enum EventChange {
    Accept,
    Reject,
    /// Back to an undecided candidate.
    Reset,
    Label(String),
    Category(EventCategory),
    /// Take one source (candidate id) out into an event of its own.
    SplitOut(CandidateId),
    /// Merge this event into another one (by event id).
    MergeInto(EventId),
}

/// Finest gridline spacing egui_plot is asked for, in pixels; the date axis derives pixels per day from it.
const GRID_MIN_PX: f32 = 8.0;

/// How an event's decision shows on the plot: accepted filled, candidate hollow, rejected a faint cross.
fn status_marker(status: Status) -> (MarkerShape, bool, f32) {
    match status {
        Status::Accepted => (MarkerShape::Circle, true, 1.0),
        Status::Candidate => (MarkerShape::Circle, false, 1.0),
        Status::Rejected => (MarkerShape::Cross, false, 0.45),
    }
}

/// The key to the status markers, drawn with the plot's own shapes (no font needs these glyphs).
fn status_key(ui: &mut Ui) {
    let color = ui.visuals().text_color();
    for status in [Status::Accepted, Status::Candidate, Status::Rejected] {
        let (shape, filled, alpha) = status_marker(status);
        let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
        let (c, r) = (rect.center(), 5.0);
        let stroke = egui::Stroke::new(1.5, color.gamma_multiply(alpha));
        match (shape, filled) {
            (MarkerShape::Cross, _) => {
                ui.painter()
                    .line_segment([c + egui::vec2(-r, -r), c + egui::vec2(r, r)], stroke);
                ui.painter()
                    .line_segment([c + egui::vec2(-r, r), c + egui::vec2(r, -r)], stroke);
            }
            (_, true) => {
                ui.painter().circle_filled(c, r, color);
            }
            (_, false) => {
                ui.painter().circle_stroke(c, r, stroke);
            }
        }
        ui.weak(match status {
            Status::Accepted => "accepted",
            Status::Candidate => "candidate",
            Status::Rejected => "rejected",
        });
    }
}

pub fn category_color(c: EventCategory) -> Color32 {
    match c {
        EventCategory::MeetingVisit => Color32::from_rgb(0x1f, 0x77, 0xb4),
        EventCategory::TreatyAgreement => Color32::from_rgb(0x2c, 0xa0, 0x2c),
        EventCategory::MessageLetter => Color32::from_rgb(0x94, 0x67, 0xbd),
        EventCategory::MilitaryTroops => Color32::from_rgb(0xd6, 0x27, 0x28),
        EventCategory::WarConflict => Color32::from_rgb(0x8c, 0x56, 0x4b),
        EventCategory::Sanctions => Color32::from_rgb(0xff, 0x7f, 0x0e),
        EventCategory::Other => Color32::from_rgb(0x7f, 0x7f, 0x7f),
    }
}

/// Plot x coordinate of a date: days since 1970-01-01.
pub fn day_x(d: NaiveDate) -> f64 {
    day_number(d) as f64
}

fn granularity_word(g: Granularity) -> &'static str {
    match g {
        Granularity::Day => "day",
        Granularity::Month => "month",
        Granularity::Year => "year",
    }
}

/// Human date: "19 June 2024", "June 2024", "2024".
pub fn human_date(e: &Event) -> String {
    let d = e.date.start_date();
    match e.granularity() {
        Granularity::Day => d.format("%-d %B %Y").to_string(),
        Granularity::Month => d.format("%B %Y").to_string(),
        Granularity::Year => d.format("%Y").to_string(),
    }
}

pub struct TimelinePanel {
    pub open: bool,
    pub by_article: bool,
    pub hidden: HashSet<EventCategory>,
    pub article_filter: Option<ArticleId>,
    pub code_filter: Option<CodeId>,
    pub show_rejected: bool,
    pub selected: Option<EventId>,
    /// The event that the viewer's selected annotation or passage reports (ringed in the plot).
    pub related: Option<EventId>,
    fit: bool,
    hovered: bool,
    label_draft: Option<(EventId, String)>,
    /// The events drawn in the last frame (what `positions` index).
    drawn: std::sync::Arc<Vec<Event>>,
    /// Lane labels and the article → lane map, for (project identity and revision, lanes by article).
    #[allow(clippy::type_complexity)]
    lane_cache: Option<(
        (ProjectKey, bool),
        std::sync::Arc<Vec<String>>,
        std::sync::Arc<std::collections::HashMap<ArticleId, usize>>,
    )>,
    /// Publication-date markers and their x range, for (project identity and revision, lanes by article, article
    /// filter).
    #[allow(clippy::type_complexity)]
    pub_cache: Option<(
        (ProjectKey, bool, Option<ArticleId>),
        std::sync::Arc<Vec<[f64; 2]>>,
        (f64, f64),
    )>,
    /// Select the event with this candidate once the events are no longer these (rebuilt after a merge).
    select_member: Option<(CandidateId, usize)>,
    /// The shown events and what the plot draws of them, for the events and filters they were derived from.
    shown: Option<ShownEvents>,
    /// Plot transform and visible x range of the last frame (where `event_position` finds an event).
    last_plot: Option<(egui_plot::PlotTransform, (f64, f64))>,
    /// The event that reports the viewer's selection, for (events, article, range).
    #[allow(clippy::type_complexity)]
    related_cache: Option<((usize, ArticleId, std::ops::Range<usize>), Option<EventId>)>,
}

/// What the filters let through, derived once per change of the events or the filters rather than every frame:
/// with 30,000 events, filtering and sorting them per category and status each frame cost more than drawing.
struct ShownEvents {
    key: ShownKey,
    /// The events this was derived from (held, so the pointer in `key` stays theirs).
    events: std::sync::Arc<Vec<Event>>,
    /// Indices of the shown events in `events`, ascending.
    idx: Vec<usize>,
    /// Day markers per category and status: (x, lane), sorted by x.
    days: Vec<(EventCategory, Status, Vec<[f64; 2]>)>,
    /// Spans (month and year events): category, status, granularity, from, to, lane.
    spans: Vec<(EventCategory, Status, Granularity, f64, f64, f64)>,
}

#[derive(Clone, PartialEq)]
struct ShownKey {
    events: usize,
    project: ProjectKey,
    show_rejected: bool,
    hidden: Vec<EventCategory>,
    article_filter: Option<ArticleId>,
    code_filter: Option<CodeId>,
    coders: Option<std::collections::BTreeSet<String>>,
    by_article: bool,
}

impl Default for TimelinePanel {
    fn default() -> Self {
        TimelinePanel {
            open: true,
            by_article: false,
            hidden: HashSet::new(),
            article_filter: None,
            code_filter: None,
            show_rejected: false,
            selected: None,
            related: None,
            fit: true,
            hovered: false,
            label_draft: None,
            drawn: Default::default(),
            select_member: None,
            shown: None,
            last_plot: None,
            related_cache: None,
            pub_cache: None,
            lane_cache: None,
        }
    }
}

impl TimelinePanel {
    /// Another project was opened: drop its events, the selected event, the filters that name its articles or codes
    /// and everything drawn for it; keep how the user likes the timeline shown (open, lanes, hidden categories).
    pub fn project_changed(&mut self) {
        *self = TimelinePanel {
            open: self.open,
            by_article: self.by_article,
            hidden: std::mem::take(&mut self.hidden),
            show_rejected: self.show_rejected,
            ..TimelinePanel::default()
        };
    }

    /// Events shown under the current filters.
    fn visible(&self, project: &Project, events: &[Event], coders: &CoderView) -> Vec<usize> {
        events
            .iter()
            .enumerate()
            // Events from annotations follow whose annotations are shown (team coding).
            .filter(|(_, e)| {
                !e.from_annotation
                    || e.sources
                        .iter()
                        .all(|s| coders.shows_annotation_id(project, &s.origin))
            })
            .filter(|(_, e)| self.show_rejected || e.status != Status::Rejected)
            .filter(|(_, e)| !self.hidden.contains(&e.category))
            .filter(|(_, e)| {
                self.article_filter
                    .as_ref()
                    .is_none_or(|a| e.sources.iter().any(|s| &s.article == a))
            })
            .filter(|(_, e)| {
                self.code_filter.is_none_or(|code| {
                    e.sources.iter().any(|s| {
                        project.annotations_of(&s.article).iter().any(|a| {
                            a.codes.contains(&code) && a.start < s.span.end && a.end > s.span.start
                        })
                    })
                })
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Select the event that has `member` once the events are rebuilt (a merge gives the merged event a new id,
    /// known only then).
    pub fn select_when_rebuilt(
        &mut self,
        member: CandidateId,
        events: &std::sync::Arc<Vec<Event>>,
    ) {
        self.select_member = Some((member, std::sync::Arc::as_ptr(events) as usize));
    }

    /// Bring the lanes and the shown events up to date with the events, the filters and the lane mode (a key
    /// comparison when nothing changed).
    fn refresh_shown(
        &mut self,
        project: &Project,
        events: &std::sync::Arc<Vec<Event>>,
        coders: &CoderView,
    ) {
        let metas = project.metas();
        // Lanes: their labels and the article → lane map change only with the corpus, not every frame.
        let lane_key = (project.key(), self.by_article);
        if self
            .lane_cache
            .as_ref()
            .is_none_or(|(k, _, _)| *k != lane_key)
        {
            let (labels, map) = if self.by_article {
                (
                    metas
                        .iter()
                        .map(|m| crate::project::short(&m.title))
                        .collect(),
                    metas
                        .iter()
                        .enumerate()
                        .map(|(i, m)| (m.id.clone(), i))
                        .collect(),
                )
            } else {
                let mut v: Vec<String> = EventCategory::ALL
                    .iter()
                    .map(|c| c.label().to_owned())
                    .collect();
                v.push("Published".into());
                (v, std::collections::HashMap::new())
            };
            self.lane_cache = Some((
                lane_key,
                std::sync::Arc::new(labels),
                std::sync::Arc::new(map),
            ));
        }
        let mut hidden: Vec<EventCategory> = self.hidden.iter().copied().collect();
        hidden.sort();
        let key = ShownKey {
            events: std::sync::Arc::as_ptr(events) as usize,
            project: project.key(),
            show_rejected: self.show_rejected,
            hidden,
            article_filter: self.article_filter.clone(),
            code_filter: self.code_filter,
            coders: coders.visible_coders().clone(),
            by_article: self.by_article,
        };
        if self.shown.as_ref().is_some_and(|s| s.key == key) {
            return;
        }
        let idx = self.visible(project, events, coders);
        let lanes = self.lane_cache.as_ref().map(|(_, _, m)| m.as_ref());
        let mut days: Vec<(EventCategory, Status, Vec<[f64; 2]>)> = Vec::new();
        let mut spans = Vec::new();
        for cat in EventCategory::ALL {
            for status in [Status::Accepted, Status::Candidate, Status::Rejected] {
                days.push((cat, status, Vec::new()));
            }
        }
        for &i in &idx {
            let e = &events[i];
            let y = lane_of(self.by_article, lanes, e);
            if e.granularity() == Granularity::Day {
                let slot = EventCategory::ALL
                    .iter()
                    .position(|c| *c == e.category)
                    .unwrap_or(0)
                    * 3
                    + match e.status {
                        Status::Accepted => 0,
                        Status::Candidate => 1,
                        Status::Rejected => 2,
                    };
                days[slot].2.push([(e.days.0 as f64) + 0.5, y]);
            } else {
                spans.push((
                    e.category,
                    e.status,
                    e.granularity(),
                    e.days.0 as f64,
                    e.days.1 as f64,
                    y,
                ));
            }
        }
        for (_, _, points) in &mut days {
            points.sort_by(|a, b| a[0].total_cmp(&b[0]));
        }
        self.shown = Some(ShownEvents {
            key,
            events: events.clone(),
            idx,
            days,
            spans,
        });
    }

    /// Where an event was drawn in the last frame (its marker, or the middle of its span), if it is shown.
    pub fn event_position(&self, id: &str) -> Option<Pos2> {
        let shown = self.shown.as_ref()?;
        let (transform, visible) = self.last_plot.as_ref()?;
        let i = shown.events.iter().position(|e| e.id == id)?;
        shown.idx.binary_search(&i).ok()?;
        let e = &shown.events[i];
        if !on_screen(*visible, e.days.0 as f64, e.days.1 as f64) {
            return None;
        }
        let x = ((e.days.0 as f64) + (e.days.1 as f64)) / 2.0;
        let lanes = self.lane_cache.as_ref().map(|(_, _, m)| m.as_ref());
        let y = lane_of(self.by_article, lanes, e);
        Some(transform.position_from_point(&PlotPoint::new(x, y)))
    }

    /// The panel for the events as `timeline` last built them (`progress` while the corpus is still being dated).
    pub fn show(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        timeline: &Timeline,
        progress: Option<Progress>,
        viewer: &ViewerState,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        let events = timeline.current();
        self.drawn = events.clone();
        if let Some((member, before)) = &self.select_member {
            if std::sync::Arc::as_ptr(&events) as usize != *before {
                if let Some(e) = events.iter().find(|e| e.members.contains(member)) {
                    self.selected = Some(e.id.clone());
                }
                self.select_member = None;
            }
        }
        self.refresh_shown(project, &events, &viewer.coders);
        let metas = project.metas();

        // Which event the viewer's selection or selected annotation belongs to (looked up when either changes).
        let related: Option<EventId> = viewer.article.as_ref().and_then(|art| {
            let range = viewer
                .selected_annotation
                .and_then(|id| project.annotation(&id))
                .map(|a| a.range())
                .or_else(|| {
                    viewer.selection.map(|s| {
                        s.anchor.min(s.head)..s.anchor.max(s.head).max(s.anchor.min(s.head) + 1)
                    })
                })?;
            let key = (
                std::sync::Arc::as_ptr(&events) as usize,
                art.clone(),
                range.clone(),
            );
            if let Some((k, found)) = &self.related_cache {
                if *k == key {
                    return found.clone();
                }
            }
            let found = events
                .iter()
                .find(|e| {
                    e.sources.iter().any(|s| {
                        &s.article == art && s.span.start < range.end && range.start < s.span.end
                    })
                })
                .map(|e| e.id.clone());
            self.related_cache = Some((key, found.clone()));
            found
        });
        self.related = related.clone();
        let shown_count = self.shown.as_ref().map_or(0, |s| s.idx.len());

        ui.horizontal_wrapped(|ui| {
            ui.strong("Timeline");
            ui.weak(format!("{shown_count} of {} events", events.len()));
            if let Some(p) = progress.filter(|p| p.building) {
                quiet_spinner(ui);
                ui.weak("Building events…").on_hover_text(format!(
                    "All {} articles are dated; the events are being grouped (the last ones stay shown meanwhile)",
                    p.total
                ));
            } else if let Some(p) = progress {
                // Wide enough for "Dating 100,000 / 100,000" (the count is what the user waits on).
                let fraction = p.done as f32 / p.total.max(1) as f32;
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(200.0)
                        .text(format!("Dating {} / {}", p.done, p.total)),
                )
                .on_hover_text(format!(
                    "Dating articles: {} of {} ({:.0} %)",
                    p.done,
                    p.total,
                    fraction * 100.0
                ));
            }
            ui.separator();
            let was_by_article = self.by_article;
            ui.selectable_value(&mut self.by_article, false, "By category");
            ui.selectable_value(&mut self.by_article, true, "By article");
            // Other lanes: refit, so no blank lanes are left over from the other mode.
            self.fit |= self.by_article != was_by_article;
            ui.separator();
            for c in EventCategory::ALL {
                let mut on = !self.hidden.contains(&c);
                if ui
                    .checkbox(&mut on, RichText::new(c.label()).color(category_color(c)))
                    .changed()
                {
                    if on {
                        self.hidden.remove(&c);
                    } else {
                        self.hidden.insert(c);
                    }
                }
            }
            ui.separator();
            let art_name = self
                .article_filter
                .as_ref()
                .and_then(|a| metas.iter().find(|m| &m.id == a))
                .map(|m| crate::project::short(&m.title))
                .unwrap_or_else(|| "All articles".into());
            let combo = egui::ComboBox::new("timeline-article", "")
                .selected_text(art_name)
                .width(160.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.article_filter, None, "All articles");
                    for m in metas {
                        ui.selectable_value(
                            &mut self.article_filter,
                            Some(m.id.clone()),
                            crate::project::short(&m.title),
                        );
                    }
                });
            super::name_widget(
                &combo.response,
                egui::Role::ComboBox,
                "Filter events by article",
            );
            super::code_filter_combo(
                ui,
                "timeline-code",
                project,
                &mut self.code_filter,
                "Any code",
                "Filter events by code",
            );
            ui.checkbox(&mut self.show_rejected, "Rejected");
            if ui
                .button("Fit all")
                .on_hover_text("F or Home over the plot")
                .clicked()
            {
                self.fit = true;
            }
            status_key(ui);
        });

        // The header may have changed the filters or the lane mode: bring lanes and the shown events up to date
        // (nothing is recomputed when neither changed).
        self.refresh_shown(project, &events, &viewer.coders);
        let by_article = self.by_article;
        let article_filter = self.article_filter.clone();
        let (lanes, article_lane) = match &self.lane_cache {
            Some((_, l, m)) => (l.clone(), m.clone()),
            None => unreachable!("filled by refresh_shown"),
        };
        let lane_of = |e: &Event| -> f64 { lane_of(by_article, Some(&article_lane), e) };
        let drawable = self.shown.take().expect("filled by refresh_shown");
        let shown: Vec<&Event> = drawable.idx.iter().map(|&i| &events[i]).collect();
        let pub_lane = |i: usize| {
            if by_article {
                i as f64
            } else {
                EventCategory::ALL.len() as f64
            }
        };

        let details_w = 340.0;
        let plot_w = (ui.available_width() - details_w - 40.0).max(200.0);
        let mut clicked: Option<EventId> = None;
        let mut fit = std::mem::take(&mut self.fit);
        let keys = if self.hovered {
            ui.input(|i| {
                (
                    i.key_pressed(egui::Key::ArrowLeft),
                    i.key_pressed(egui::Key::ArrowRight),
                    i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals),
                    i.key_pressed(egui::Key::Minus),
                    i.key_pressed(egui::Key::F) || i.key_pressed(egui::Key::Home),
                )
            })
        } else {
            (false, false, false, false, false)
        };
        if keys.4 {
            fit = true;
        }
        // Publication-date markers change only with the project: computed once per revision and lane mode.
        let pub_key = (project.key(), by_article, article_filter.clone());
        if self
            .pub_cache
            .as_ref()
            .is_none_or(|(k, _, _)| *k != pub_key)
        {
            let mut points: Vec<[f64; 2]> = metas
                .iter()
                .enumerate()
                .filter(|(_, m)| article_filter.as_ref().is_none_or(|a| a == &m.id))
                .filter_map(|(i, m)| m.published.map(|d| [day_x(d) + 0.5, pub_lane(i)]))
                .collect();
            // Sorted by x: a frame walks only the part on screen.
            points.sort_by(|a, b| a[0].total_cmp(&b[0]));
            let range = points
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
                    (a.min(p[0]), b.max(p[0] + 1.0))
                });
            self.pub_cache = Some((pub_key, std::sync::Arc::new(points), range));
        }
        let (pub_points, pub_range) = match &self.pub_cache {
            Some((_, p, r)) => (p.clone(), *r),
            None => (Default::default(), (f64::INFINITY, f64::NEG_INFINITY)),
        };
        let (min_x, max_x) = shown
            .iter()
            .map(|e| (e.days.0 as f64, e.days.1 as f64))
            .fold(pub_range, |(a, b), (s, e)| (a.min(s), b.max(e)));
        let selected = self.selected.clone();
        let text_color = ui.visuals().text_color();
        let lanes_for_axis = lanes.clone();
        let lane_count = lanes.len();

        // Width of one axis-label character, so the axis picks a step whose labels fit (see `timeline::axis`).
        let char_px = {
            let font = egui::TextStyle::Body.resolve(ui.style());
            let sample = "Jun 2024";
            let w = ui
                .painter()
                .layout_no_wrap(sample.into(), font, text_color)
                .size()
                .x;
            (w / sample.chars().count() as f32).max(4.0) as f64
        };
        // The spacer computes this frame's ticks; the formatter looks the labels up (egui_plot asks for the labels
        // of the marks the spacer returned, so the two agree).
        let axis_labels: std::cell::RefCell<Vec<(f64, String)>> = Default::default();

        ui.horizontal_top(|ui| {
            let mut plotted = None;
            let response = ui
                .allocate_ui(egui::vec2(plot_w, ui.available_height()), |ui| {
                    Plot::new("timeline")
                        // No legend inside the plot, where it would cover events: the coloured category
                        // switches and the status key above the plot are the legend.
                        .grid_spacing(egui::Rangef::new(GRID_MIN_PX, 300.0))
                        .x_grid_spacer(|input: GridInput| {
                            let (lo, hi) = input.bounds;
                            let px_per_day = GRID_MIN_PX as f64 / input.base_step_size.max(1e-12);
                            let ticks = axis::ticks(lo, hi, px_per_day, char_px);
                            let mut labels = axis_labels.borrow_mut();
                            labels.clear();
                            ticks
                                .into_iter()
                                .map(|t| {
                                    if let Some(l) = t.label {
                                        labels.push((t.x, l));
                                    }
                                    // egui_plot shows a label only where `step_size` spans enough pixels: a
                                    // labelled tick carries its step's shortest spacing, which fits its label.
                                    GridMark {
                                        value: t.x,
                                        step_size: t.step.min_days(),
                                    }
                                })
                                .collect()
                        })
                        .x_axis_formatter(|m, _| {
                            let labels = axis_labels.borrow();
                            labels
                                .iter()
                                .find(|(x, _)| (*x - m.value).abs() < 0.5)
                                .map(|(_, l)| l.clone())
                                .unwrap_or_default()
                        })
                        .y_grid_spacer(move |input: GridInput| {
                            // One mark per lane.
                            let (lo, hi) = input.bounds;
                            (lo.ceil().max(0.0) as usize..=hi.floor().max(0.0) as usize)
                                .filter(|i| *i < lane_count)
                                .map(|i| GridMark {
                                    value: i as f64,
                                    step_size: 1.0,
                                })
                                .collect()
                        })
                        .y_axis_formatter(move |m, _| {
                            let i = m.value.round();
                            if (m.value - i).abs() < 0.01 && i >= 0.0 {
                                lanes_for_axis.get(i as usize).cloned().unwrap_or_default()
                            } else {
                                String::new()
                            }
                        })
                        .y_axis_min_width(110.0)
                        .show_x(false)
                        .show_y(false)
                        .label_formatter(|_| None)
                        .allow_zoom([true, false])
                        .allow_scroll([true, false])
                        .allow_double_click_reset(false)
                        .show(ui, |plot_ui| {
                            // What is drawn: only the days on screen (plus a margin), at most one marker per
                            // few pixels and lane; with 100,000 articles and events, drawing them all cost
                            // hundreds of milliseconds and megabytes a frame.
                            let mut visible = {
                                let b = plot_ui.plot_bounds();
                                (b.min()[0], b.max()[0])
                            };
                            if fit && min_x.is_finite() {
                                let pad = ((max_x - min_x) * 0.04).max(20.0);
                                plot_ui.set_plot_bounds_x(min_x - pad..=max_x + pad);
                                plot_ui.set_plot_bounds_y(-0.8..=lanes.len() as f64 - 0.2);
                                visible = (min_x - pad, max_x + pad);
                            }
                            let b = plot_ui.plot_bounds();
                            let w = b.max()[0] - b.min()[0];
                            if keys.0 {
                                plot_ui.set_plot_bounds_x(
                                    b.min()[0] - w * 0.15..=b.max()[0] - w * 0.15,
                                );
                            }
                            if keys.1 {
                                plot_ui.set_plot_bounds_x(
                                    b.min()[0] + w * 0.15..=b.max()[0] + w * 0.15,
                                );
                            }
                            if keys.2 || keys.3 {
                                let f = if keys.2 { 1.25 } else { 0.8 };
                                // Around the pointer when it is over the plot, as a wheel zoom would be.
                                let c = plot_ui.pointer_coordinate().unwrap_or(PlotPoint::new(
                                    (b.min()[0] + b.max()[0]) / 2.0,
                                    (b.min()[1] + b.max()[1]) / 2.0,
                                ));
                                plot_ui.zoom_bounds(egui::vec2(f, 1.0), c);
                            }
                            // One marker per 3 pixels and lane: thousands of events that overlap on screen
                            // cost no more than the pixels they cover (a marker is 12 px wide, so a closer one
                            // would not show anyway). Each list is sorted by x: only its visible part is walked.
                            let px_per_day = buckets_per_day(visible, plot_w);
                            let margin = (visible.1 - visible.0).abs() * 0.1 + 2.0;
                            // Lanes on screen (by article there can be 100,000 lanes, a few of them shown).
                            let lanes_shown = {
                                let b = plot_ui.plot_bounds();
                                (b.min()[1] - 1.0)..=(b.max()[1] + 1.0)
                            };
                            for (cat, status, points) in &drawable.days {
                                let from = points.partition_point(|p| p[0] < visible.0 - margin);
                                // The last bucket drawn per lane: a few category lanes, or by article the
                                // (few) lanes on screen.
                                let mut by_lane: std::collections::HashMap<i64, i64> =
                                    Default::default();
                                let mut few =
                                    vec![i64::MIN; if by_article { 0 } else { lane_count }];
                                let days: Vec<[f64; 2]> = points[from..]
                                    .iter()
                                    .take_while(|p| p[0] <= visible.1 + margin)
                                    .filter(|p| lanes_shown.contains(&p[1]))
                                    .filter(|p| {
                                        let px = (p[0] * px_per_day) as i64;
                                        let slot = if by_article {
                                            by_lane.entry(p[1] as i64).or_insert(i64::MIN)
                                        } else {
                                            &mut few[(p[1] as usize).min(lane_count - 1)]
                                        };
                                        std::mem::replace(slot, px) != px
                                    })
                                    .copied()
                                    .collect();
                                if !days.is_empty() {
                                    let (shape, filled, alpha) = status_marker(*status);
                                    plot_ui.points(
                                        Points::new(cat.label(), PlotPoints::new(days))
                                            .color(category_color(*cat).gamma_multiply(alpha))
                                            .radius(6.0)
                                            .shape(shape)
                                            .filled(filled),
                                    );
                                }
                            }
                            // Spans: those on screen, one per lane, status and pixel extent.
                            let mut drawn = std::collections::HashSet::new();
                            for &(cat, status, gran, s, t, y) in &drawable.spans {
                                let extent = (
                                    y as i64,
                                    status as u8,
                                    (s * px_per_day) as i64,
                                    (t * px_per_day) as i64,
                                );
                                if !on_screen(visible, s, t) || !drawn.insert(extent) {
                                    continue;
                                }
                                plot_ui.line(
                                    Line::new(cat.label(), PlotPoints::new(vec![[s, y], [t, y]]))
                                        .color(category_color(cat).gamma_multiply(match status {
                                            Status::Accepted => 1.0,
                                            Status::Candidate => 0.6,
                                            Status::Rejected => 0.3,
                                        }))
                                        .width(if gran == Granularity::Month { 8.0 } else { 5.0 }),
                                );
                            }
                            let pubs: Vec<[f64; 2]> = {
                                let from =
                                    pub_points.partition_point(|p| p[0] < visible.0 - margin);
                                let mut last_px = i64::MIN;
                                pub_points[from..]
                                    .iter()
                                    .take_while(|p| p[0] <= visible.1 + margin)
                                    .filter(|p| lanes_shown.contains(&p[1]))
                                    // By article each lane has one publication date; by category they share
                                    // one lane, where one marker per bucket is drawn.
                                    .filter(|p| {
                                        by_article || {
                                            let px = (p[0] * px_per_day) as i64;
                                            std::mem::replace(&mut last_px, px) != px
                                        }
                                    })
                                    .copied()
                                    .collect()
                            };
                            if !pubs.is_empty() {
                                plot_ui.points(
                                    Points::new("Publication dates", PlotPoints::new(pubs))
                                        .color(Color32::from_gray(110))
                                        .radius(6.0)
                                        .shape(MarkerShape::Diamond)
                                        .filled(true),
                                );
                            }
                            let rings: Vec<(Option<&EventId>, Color32)> = vec![
                                (selected.as_ref(), text_color),
                                (related.as_ref(), Color32::from_rgb(255, 190, 0)),
                            ];
                            for (id, color) in rings {
                                if let Some(e) =
                                    id.and_then(|id| shown.iter().find(|e| &e.id == id))
                                {
                                    let x = ((e.days.0 as f64) + (e.days.1 as f64)) / 2.0;
                                    plot_ui.points(
                                        Points::new("", PlotPoints::new(vec![[x, lane_of(e)]]))
                                            .color(color)
                                            .radius(11.0)
                                            .shape(MarkerShape::Circle)
                                            .filled(false),
                                    );
                                }
                            }
                            plotted = Some(visible);
                        })
                })
                .inner;
            self.hovered = response.response.hovered();
            let near = |p: Pos2| -> Option<&Event> {
                // Nearest marker, or a span under the pointer.
                let mut best: Option<(f32, &Event)> = None;
                // Only events within reach of the pointer are measured (not every shown event).
                let at = response.transform.value_from_position(p).x;
                let reach = 14.0 * response.transform.dvalue_dpos()[0].abs() + 1.0;
                for e in &shown {
                    let (s, t) = ((e.days.0 as f64), (e.days.1 as f64));
                    if t < at - reach || s > at + reach {
                        continue;
                    }
                    let y = lane_of(e);
                    let a = response
                        .transform
                        .position_from_point(&PlotPoint::new(s, y));
                    let b = response
                        .transform
                        .position_from_point(&PlotPoint::new(t, y));
                    let dx = if p.x < a.x {
                        a.x - p.x
                    } else if p.x > b.x {
                        p.x - b.x
                    } else {
                        0.0
                    };
                    let d = (dx * dx + (p.y - a.y) * (p.y - a.y)).sqrt();
                    if d < 12.0 && best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, e));
                    }
                }
                best.map(|(_, e)| e)
            };
            if let Some(p) = response.response.hover_pos() {
                if let Some(e) = near(p) {
                    let e = e.clone();
                    response.response.clone().on_hover_ui_at_pointer(|ui| {
                        ui.set_max_width(420.0);
                        ui.strong(format!("{} · {}", human_date(&e), e.category.label()));
                        for s in e.sources.iter().take(2) {
                            ui.label(RichText::new(&*s.text).size(15.0));
                            let title = metas
                                .iter()
                                .find(|m| m.id == s.article)
                                .map(|m| m.title.as_str())
                                .unwrap_or("");
                            ui.weak(crate::project::short(title));
                        }
                        if e.sources.len() > 2 {
                            ui.weak(format!("and {} more sources", e.sources.len() - 2));
                        }
                    });
                }
            }
            if response.response.clicked() {
                if let Some(p) = response.response.interact_pointer_pos() {
                    clicked = near(p).map(|e| e.id.clone());
                }
            }
            self.last_plot = plotted.map(|v| (response.transform, v));
            self.shown = Some(drawable);
            ui.separator();
            ui.vertical(|ui| {
                ui.set_width(details_w);
                ui.set_max_width(details_w);
                self.details(ui, project, timeline, &events, &mut actions);
            });
        });
        if let Some(id) = clicked {
            actions.push(Action::SelectEvent(Some(id.clone())));
            if let Some(src) = events
                .iter()
                .find(|e| e.id == id)
                .and_then(|e| e.sources.first())
            {
                actions.push(Action::JumpTo {
                    article: src.article.clone(),
                    range: src.span.clone(),
                });
            }
        }
        actions
    }

    fn details(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        timeline: &Timeline,
        events: &[Event],
        actions: &mut Vec<Action>,
    ) {
        let Some(e) = self
            .selected
            .as_ref()
            .and_then(|id| events.iter().find(|e| &e.id == id))
            .cloned()
        else {
            ui.weak("Click an event to see its sources and decide on it.");
            let unresolved = Self::unresolved_hint(timeline);
            if !unresolved.is_empty() {
                ui.add_space(8.0);
                ui.label(unresolved);
            }
            return;
        };
        egui::ScrollArea::vertical()
            .id_salt("event-details")
            .show(ui, |ui| {
                ui.strong(format!(
                    "{} ({} precision)",
                    human_date(&e),
                    granularity_word(e.granularity())
                ));
                let draft = match &mut self.label_draft {
                    Some((id, d)) if *id == e.id => d,
                    _ => {
                        self.label_draft = Some((e.id.clone(), e.label.clone()));
                        &mut self.label_draft.as_mut().expect("just set").1
                    }
                };
                let r = ui.add(
                    egui::TextEdit::multiline(draft)
                        .hint_text("Event label")
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                );
                if r.lost_focus() && draft.trim() != e.label && !draft.trim().is_empty() {
                    actions.push(Action::EventChange {
                        event: e.id.clone(),
                        change: EventChange::Label(draft.trim().to_owned()),
                    });
                }
                ui.horizontal(|ui| {
                    let combo = egui::ComboBox::new("event-category", "")
                        .selected_text(e.category.label())
                        .show_ui(ui, |ui| {
                            for c in EventCategory::ALL {
                                if ui
                                    .selectable_label(
                                        c == e.category,
                                        RichText::new(c.label()).color(category_color(c)),
                                    )
                                    .clicked()
                                {
                                    actions.push(Action::EventChange {
                                        event: e.id.clone(),
                                        change: EventChange::Category(c),
                                    });
                                }
                            }
                        });
                    super::name_widget(&combo.response, egui::Role::ComboBox, "Event category");
                    ui.weak(format!("{:?}", e.status));
                });
                if !e.from_annotation {
                    ui.horizontal(|ui| {
                        if ui
                            .add_enabled(e.status != Status::Accepted, egui::Button::new("Accept"))
                            .clicked()
                        {
                            actions.push(Action::EventChange {
                                event: e.id.clone(),
                                change: EventChange::Accept,
                            });
                        }
                        if ui
                            .add_enabled(e.status != Status::Rejected, egui::Button::new("Reject"))
                            .clicked()
                        {
                            actions.push(Action::EventChange {
                                event: e.id.clone(),
                                change: EventChange::Reject,
                            });
                        }
                        if ui
                            .add_enabled(
                                e.status != Status::Candidate,
                                egui::Button::new("Undecided"),
                            )
                            .clicked()
                        {
                            actions.push(Action::EventChange {
                                event: e.id.clone(),
                                change: EventChange::Reset,
                            });
                        }
                    });
                    let same_year: Vec<&Event> = events
                        .iter()
                        .filter(|o| {
                            o.id != e.id && !o.from_annotation && o.date.year == e.date.year
                        })
                        .collect();
                    if !same_year.is_empty() {
                        let combo = egui::ComboBox::new("merge-into", "")
                            .selected_text("Merge with…")
                            .width(300.0)
                            .show_ui(ui, |ui| {
                                for o in same_year {
                                    if ui
                                        .button(format!(
                                            "{} · {}",
                                            human_date(o),
                                            crate::project::short(&o.label)
                                        ))
                                        .clicked()
                                    {
                                        actions.push(Action::EventChange {
                                            event: e.id.clone(),
                                            change: EventChange::MergeInto(o.id.clone()),
                                        });
                                    }
                                }
                            });
                        super::name_widget(
                            &combo.response,
                            egui::Role::ComboBox,
                            "Merge with another event",
                        );
                    }
                } else {
                    ui.weak("From an annotation coded as an event.");
                }
                ui.separator();
                ui.weak(format!("{} source(s)", e.sources.len()));
                for s in &e.sources {
                    let title = project
                        .meta(&s.article)
                        .map(|m| m.title.clone())
                        .unwrap_or_default();
                    ui.horizontal(|ui| {
                        if ui
                            .link(crate::project::short(&title))
                            .on_hover_text("Show in the article")
                            .clicked()
                        {
                            actions.push(Action::JumpTo {
                                article: s.article.clone(),
                                range: s.span.clone(),
                            });
                        }
                        if e.sources.len() > 1
                            && !e.from_annotation
                            && ui.small_button("Split out").clicked()
                        {
                            actions.push(Action::EventChange {
                                event: e.id.clone(),
                                change: EventChange::SplitOut(s.origin.as_str().into()),
                            });
                        }
                    });
                    ui.label(RichText::new(&*s.text).size(14.0));
                }
            });
    }

    /// "3 dates in 2 articles need a publication date" — what would resolve them.
    fn unresolved_hint(timeline: &Timeline) -> String {
        let (n, arts) = timeline.unresolved_counts();
        if n == 0 {
            String::new()
        } else {
            format!(
                "{n} date expression(s) in {arts} article(s) (weekdays, “कल”, dates without a year) need the article's \
                 publication date to resolve: set it with “Edit details” above the article."
            )
        }
    }
}

/// Why a decision about an event was refused. The message names the event or candidate.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("no event {0}")]
    NoEvent(EventId),
    #[error("events from annotations are edited through their annotation")]
    FromAnnotation(EventId),
    #[error("{candidate} is not a source of this event")]
    NotASource {
        candidate: CandidateId,
        event: EventId,
    },
}

/// The record changes for a user's decision about an event (one undoable edit), with the edit's label.
pub fn decision_changes(
    project: &Project,
    events: &[Event],
    event: &EventId,
    change: &EventChange,
) -> Result<(String, Vec<crate::annotate::Change>), DecisionError> {
    use crate::annotate::{Change, Record};
    use crate::timeline::events::Decision;
    let e = events
        .iter()
        .find(|e| &e.id == event)
        .ok_or_else(|| DecisionError::NoEvent(event.clone()))?;
    if e.from_annotation {
        return Err(DecisionError::FromAnnotation(event.clone()));
    }
    let short = crate::project::short(&e.label);
    type Update = Box<dyn Fn(&mut Decision)>;
    let (label, targets, update): (String, Vec<CandidateId>, Update) = match change {
        EventChange::Accept => (
            format!("Accept event “{short}”"),
            e.members.clone(),
            Box::new(|d| d.status = Some(Status::Accepted)),
        ),
        EventChange::Reject => (
            format!("Reject event “{short}”"),
            e.members.clone(),
            Box::new(|d| d.status = Some(Status::Rejected)),
        ),
        EventChange::Reset => (
            format!("Reset event “{short}”"),
            e.members.clone(),
            Box::new(|d| d.status = None),
        ),
        EventChange::Label(l) => {
            let l = l.clone();
            (
                format!("Relabel event “{short}”"),
                e.members.clone(),
                Box::new(move |d| d.label = Some(l.clone())),
            )
        }
        EventChange::Category(c) => {
            let c = *c;
            (
                format!("Recategorise event “{short}”"),
                e.members.clone(),
                Box::new(move |d| d.category = Some(c)),
            )
        }
        EventChange::SplitOut(candidate) => {
            if !e.members.contains(candidate) {
                return Err(DecisionError::NotASource {
                    candidate: candidate.clone(),
                    event: event.clone(),
                });
            }
            let g = Group::split_out(candidate);
            (
                format!("Split a source out of “{short}”"),
                vec![candidate.clone()],
                Box::new(move |d| d.group = Some(g.clone())),
            )
        }
        EventChange::MergeInto(other) => {
            let o = events
                .iter()
                .find(|x| &x.id == other)
                .ok_or_else(|| DecisionError::NoEvent(other.clone()))?;
            let g = o
                .members
                .iter()
                .find_map(|m| project.decisions().get(m).and_then(|d| d.group.clone()))
                .unwrap_or_else(|| Group::merged_into(&o.id));
            let mut targets = e.members.clone();
            targets.extend(o.members.iter().cloned());
            (
                format!("Merge event “{short}”"),
                targets,
                Box::new(move |d| d.group = Some(g.clone())),
            )
        }
    };
    let mut changes = Vec::new();
    for m in targets {
        let before = project.decisions().get(&m).cloned();
        let mut after = before.clone().unwrap_or(Decision {
            candidate: m.clone(),
            ..Default::default()
        });
        update(&mut after);
        if before.as_ref() == Some(&after) {
            continue;
        }
        let empty = after.status.is_none()
            && after.label.is_none()
            && after.category.is_none()
            && after.group.is_none();
        changes.push(match (before, empty) {
            (Some(b), true) => Change::delete(Record::Decision(b)),
            (Some(b), false) => Change::update(Record::Decision(b), Record::Decision(after)),
            (None, true) => continue,
            (None, false) => Change::create(Record::Decision(after)),
        });
    }
    Ok((label, changes))
}

/// An event's lane: its article's (lanes by article, from the article → lane map) or its category's.
fn lane_of(
    by_article: bool,
    article_lane: Option<&std::collections::HashMap<ArticleId, usize>>,
    e: &Event,
) -> f64 {
    if by_article {
        article_lane
            .and_then(|m| m.get(&e.sources[0].article))
            .copied()
            .unwrap_or(0) as f64
    } else {
        EventCategory::ALL
            .iter()
            .position(|c| *c == e.category)
            .unwrap_or(0) as f64
    }
}

/// Whether days `from..=to` (plot x) meet the visible x range `(lo, hi)`, with a margin of a tenth of its width
/// (markers are wider than a day, and a pan should not show an empty edge for a frame).
fn on_screen((lo, hi): (f64, f64), from: f64, to: f64) -> bool {
    let margin = (hi - lo).abs() * 0.1 + 2.0;
    to >= lo - margin && from <= hi + margin
}

/// Buckets of 3 pixels per day at the visible x range `(lo, hi)` drawn `plot_w` pixels wide.
fn buckets_per_day((lo, hi): (f64, f64), plot_w: f32) -> f64 {
    plot_w as f64 / (hi - lo).max(1e-9) / 3.0
}

/// egui's spinner, turning only as often as the window repaints anyway: `egui::Spinner` asks for a repaint every
/// frame, and while events build on a thread of their own that kept the renderer busy on the cores they need.
fn quiet_spinner(ui: &mut egui::Ui) {
    let size = ui.style().spacing.interact_size.y;
    let (rect, response) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::new(egui::Role::ProgressIndicator));
    if !ui.is_rect_visible(rect) {
        return;
    }
    let radius = rect.height().min(rect.width()) * 0.5 - 2.0;
    let n_points = (radius.round() as u32).clamp(8, 128);
    let time = ui.input(|i| i.time);
    let start = time * std::f64::consts::TAU;
    let end = start + 240f64.to_radians() * time.sin();
    let points: Vec<egui::Pos2> = (0..n_points)
        .map(|i| {
            let angle = egui::emath::lerp(start..=end, i as f64 / n_points as f64);
            let (sin, cos) = angle.sin_cos();
            rect.center() + radius * egui::vec2(cos as f32, sin as f32)
        })
        .collect();
    ui.painter().add(egui::Shape::line(
        points,
        egui::Stroke::new(3.0, ui.visuals().strong_text_color()),
    ));
}
