//! Team coding in the GUI: whose annotations the views show (all coders, only mine, a chosen set; blind mode), the
//! agreement window (per-code measures of two or more coders), the disagreement list of one code and its
//! adjudication into a gold layer. The domain is `crate::agreement`; this file only shows it and asks for changes.
//!
//! Which coders are visible is decided in ONE place, [`CoderView::shows`]: the app computes a [`CoderView`] from the
//! preferences once a frame and hands it to the views through [`super::viewer::ViewerState::coders`] (the viewer, the
//! annotations list and the timeline all read the viewer's state).

use std::collections::BTreeSet;

use egui::{RichText, Ui};
use serde::{Deserialize, Serialize};

use super::commands::Command;
use super::{Action, KhabarApp, Prefs};
use crate::agreement::adjudicate::gold_edit;
use crate::agreement::disagree::{compare, CompareOptions, Comparison, Side};
use crate::agreement::{
    agreement, coders, AgreementOptions, AgreementReport, Decision, DisagreementKind, Scope,
    UnitKind,
};
use crate::annotate::CodeId;
use crate::project::{Project, ProjectKey};

/// What the status bar says while blind coding is on.
pub const BLIND_STATUS: &str = "Blind coding: only your annotations are shown";

/// What the agreement window says while blind coding is on.
pub const BLIND_AGREEMENT: &str =
    "Blind coding is on: switch it off (Team menu) to compare coders and see their disagreements";

/// Whose annotations are shown (a preference).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CoderFilter {
    #[default]
    All,
    /// Only the annotations of the user (`Prefs::creator`).
    Mine,
    /// The annotations of these coders.
    Chosen(BTreeSet<String>),
}

/// The one visibility rule of coders' annotations, computed from the preferences. The default shows everything.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CoderView {
    filter: CoderFilter,
    me: String,
    blind: bool,
    /// The coders shown when not everyone is (see [`CoderView::visible_coders`]), computed once.
    visible: Option<BTreeSet<String>>,
}

impl CoderView {
    pub fn new(prefs: &Prefs) -> Self {
        let mut view = CoderView {
            filter: prefs.coder_filter.clone(),
            me: prefs.creator.clone(),
            blind: prefs.blind_coding,
            visible: None,
        };
        view.visible = view.compute_visible();
        view
    }

    /// Whether this view is the one the preferences describe (compared in place, nothing cloned).
    pub fn is_for(&self, prefs: &Prefs) -> bool {
        self.blind == prefs.blind_coding
            && self.me == prefs.creator
            && self.filter == prefs.coder_filter
    }

    /// Whether an annotation by `creator` is shown. Blind mode shows only mine, whatever the filter.
    pub fn shows(&self, creator: &str) -> bool {
        if self.blind {
            return creator == self.me;
        }
        match &self.filter {
            CoderFilter::All => true,
            CoderFilter::Mine => creator == self.me,
            CoderFilter::Chosen(set) => set.contains(creator),
        }
    }

    /// The coders shown, when not everyone is (`None`: every coder): the scope of what the GUI exports and counts.
    pub fn visible_coders(&self) -> &Option<BTreeSet<String>> {
        &self.visible
    }

    fn compute_visible(&self) -> Option<BTreeSet<String>> {
        if self.blind {
            return Some(BTreeSet::from([self.me.clone()]));
        }
        match &self.filter {
            CoderFilter::All => None,
            CoderFilter::Mine => Some(BTreeSet::from([self.me.clone()])),
            CoderFilter::Chosen(set) => Some(set.clone()),
        }
    }

    /// Whether the annotation with this id (as text, e.g. an annotation event's source) is shown; an id that names
    /// no annotation is.
    pub fn shows_annotation_id(&self, project: &Project, id: &str) -> bool {
        // Everyone shown (the usual case): no id to parse and look up for each of thousands of events a frame.
        if self.visible.is_none() {
            return true;
        }
        uuid::Uuid::parse_str(id)
            .ok()
            .and_then(|u| project.annotation(&u))
            .is_none_or(|a| self.shows(&a.creator))
    }

    /// What the status bar says about the filter (`None`: everything is shown).
    pub fn status(&self) -> Option<String> {
        if self.blind {
            return Some(BLIND_STATUS.to_owned());
        }
        match &self.filter {
            CoderFilter::All => None,
            CoderFilter::Mine => Some(format!("Showing only {}'s annotations", self.me)),
            CoderFilter::Chosen(set) => Some(format!(
                "Showing the annotations of {}",
                if set.is_empty() {
                    "no coder".to_owned()
                } else {
                    set.iter().cloned().collect::<Vec<_>>().join(", ")
                }
            )),
        }
    }
}

/// Requests of the team views, applied by [`KhabarApp::apply_team`].
#[derive(Clone, Debug)]
pub enum TeamAction {
    SetFilter(CoderFilter),
    SetBlind(bool),
    /// Adjudicate coders A and B on one code into the gold layer, as one undoable edit. `key`: the project the
    /// decisions were made on (one per disagreement, in list order).
    Adjudicate {
        key: ProjectKey,
        coders: [String; 2],
        code: CodeId,
        scope: Scope,
        decisions: Vec<Decision>,
        gold: String,
    },
}

/// The Team menu: who is coding, whose annotations are shown, blind mode, the agreement window.
pub fn team_menu(ui: &mut Ui, app: &KhabarApp) -> Vec<Action> {
    let mut actions = Vec::new();
    let prefs = &app.prefs;
    ui.label(format!("Coding as: {}", prefs.creator))
        .on_hover_text("Your name, recorded as the coder of new annotations (Edit › Preferences…)");
    ui.separator();
    let mut blind = prefs.blind_coding;
    if ui
        .checkbox(&mut blind, "Blind coding")
        .on_hover_text("Show only your own annotations until this is switched off")
        .changed()
    {
        actions.push(Action::Team(TeamAction::SetBlind(blind)));
    }
    ui.add_enabled_ui(!prefs.blind_coding, |ui| {
        let filter = &prefs.coder_filter;
        if ui
            .radio(*filter == CoderFilter::All, "All coders")
            .clicked()
        {
            actions.push(Action::Team(TeamAction::SetFilter(CoderFilter::All)));
        }
        if ui
            .radio(*filter == CoderFilter::Mine, "Only mine")
            .clicked()
        {
            actions.push(Action::Team(TeamAction::SetFilter(CoderFilter::Mine)));
        }
        let chosen = match filter {
            CoderFilter::Chosen(set) => Some(set.clone()),
            _ => None,
        };
        if ui.radio(chosen.is_some(), "Chosen coders").clicked() && chosen.is_none() {
            let set = BTreeSet::from([prefs.creator.clone()]);
            actions.push(Action::Team(TeamAction::SetFilter(CoderFilter::Chosen(
                set,
            ))));
        }
        if let (Some(set), Some(p)) = (chosen, app.project.as_ref()) {
            ui.indent("chosen-coders", |ui| {
                for (name, n) in coders(p) {
                    let mut on = set.contains(&name);
                    if ui.checkbox(&mut on, format!("{name} ({n})")).changed() {
                        let mut set = set.clone();
                        if on {
                            set.insert(name);
                        } else {
                            set.remove(&name);
                        }
                        actions.push(Action::Team(TeamAction::SetFilter(CoderFilter::Chosen(
                            set,
                        ))));
                    }
                }
            });
        }
    });
    ui.separator();
    if Command::Agreement.menu_item(ui, app.project.is_some()) {
        actions.push(Action::Command(Command::Agreement));
    }
    actions
}

impl KhabarApp {
    pub(super) fn apply_team(&mut self, action: TeamAction) {
        match action {
            TeamAction::SetFilter(f) => self.prefs.coder_filter = f,
            TeamAction::SetBlind(on) => {
                self.prefs.blind_coding = on;
                self.message(if on {
                    "Blind coding on: only your annotations are shown"
                } else {
                    "Blind coding off"
                });
            }
            TeamAction::Adjudicate {
                key,
                coders,
                code,
                scope,
                decisions,
                gold,
            } => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                if p.key() != key {
                    return self.error(
                        "The project changed since the disagreements were listed; list them again. Nothing was changed",
                    );
                }
                let mut opts = CompareOptions::new(&coders[0], &coders[1]);
                opts.code = Some(code);
                opts.scope = scope;
                let result = compare(p, &opts)
                    .and_then(|cmp| gold_edit(p, &cmp, &decisions, &gold))
                    .map_err(|e| e.to_string())
                    .and_then(|(edit, report)| {
                        if !edit.changes.is_empty() {
                            p.apply(edit).map_err(|e| e.to_string())?;
                        }
                        Ok(report)
                    });
                match result {
                    Ok(r) => self.message(format!(
                        "Gold layer “{}”: {} annotation(s) added, {} already there (Ctrl+Z undoes it)",
                        r.gold, r.created, r.already_in_gold
                    )),
                    Err(e) => self.error(format!("Adjudication failed, nothing was changed: {e}")),
                }
            }
        }
        // A selected annotation that is no longer shown is no longer selected.
        let view = CoderView::new(&self.prefs);
        if let Some(id) = self.viewer.selected_annotation {
            let hidden = self
                .project
                .as_ref()
                .and_then(|p| p.annotation(&id))
                .is_some_and(|a| !view.shows(&a.creator));
            if hidden {
                self.viewer.selected_annotation = None;
            }
        }
    }
}

/// A report and what it was computed for.
struct Computed {
    key: ProjectKey,
    coders: Vec<String>,
    report: Result<AgreementReport, String>,
}

/// Agreement being computed off the UI thread, on the project file through its own read-only connection (a large
/// project takes seconds; the window stays responsive and shows that it is working).
struct Running {
    key: ProjectKey,
    coders: Vec<String>,
    started: std::time::Instant,
    rx: std::sync::mpsc::Receiver<Result<AgreementReport, String>>,
}

/// The disagreements of two coders on one code, and the decisions taken so far.
pub struct DisagreementList {
    key: ProjectKey,
    coders: [String; 2],
    code: CodeId,
    code_name: String,
    scope: Scope,
    comparison: Result<Comparison, String>,
    pub decisions: Vec<Option<Decision>>,
    pub gold: String,
}

/// The agreement window: choose coders, unit and scope; compute; per-code table; disagreements and adjudication.
#[derive(Default)]
pub struct AgreementWindow {
    pub open: bool,
    pub chosen: BTreeSet<String>,
    pub unit: UnitKind,
    pub scope: Scope,
    /// Only these articles: ids or unique prefixes, comma-separated (empty: every article).
    pub articles: String,
    /// Segment agreement: the overlap share at which two segments agree (`None`: the default, 90 %).
    pub overlap: Option<f64>,
    computed: Option<Computed>,
    running: Option<Running>,
    pub disagreements: Option<DisagreementList>,
}

/// One line per measure, shown under the table.
pub const EXPLANATIONS: [(&str, &str); 5] = [
    ("Percent", "share of units (and coder pairs) on which the coders agree, coded or not; high whenever little is coded"),
    ("κ", "Cohen's kappa (two coders) or Fleiss' kappa (more): agreement beyond what chance would give"),
    ("α [CI]", "Krippendorff's alpha (nominal) with a bootstrap confidence interval over articles; 0.8 is commonly asked for"),
    ("αU", "Krippendorff's unitizing alpha: agreement on where segments begin and end"),
    ("Segments", "share of segments the other coder placed too (overlap of at least 90%), as MAXQDA counts it"),
];

pub use crate::agreement::report::{fmt_alpha, fmt_percent, fmt_value};

impl AgreementWindow {
    /// Another project was opened: nothing computed for the previous one is shown.
    pub fn project_changed(&mut self) {
        self.computed = None;
        self.running = None;
        self.disagreements = None;
        self.chosen.clear();
    }

    /// Whether agreement is being computed in the background.
    pub fn is_computing(&self) -> bool {
        self.running.is_some()
    }

    /// Start computing: on a thread when the project is a file (its own read-only connection), else here.
    fn start(&mut self, ctx: &egui::Context, project: &Project) {
        let opts = self.options();
        let path = project.path().to_owned();
        if !path.is_file() {
            self.computed = Some(Computed {
                key: project.key(),
                coders: opts.coders.clone(),
                report: agreement(project, &opts).map_err(|e| e.to_string()),
            });
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        let coders = opts.coders.clone();
        std::thread::spawn(move || {
            let report = Project::open_read_only(&path)
                .map_err(|e| e.to_string())
                .and_then(|reader| agreement(&reader, &opts).map_err(|e| e.to_string()));
            let _ = tx.send(report);
            ctx.request_repaint();
        });
        self.running = Some(Running {
            key: project.key(),
            coders,
            started: std::time::Instant::now(),
            rx,
        });
    }

    /// Take the background result when it has come.
    fn poll(&mut self, ctx: &egui::Context) {
        let Some(run) = &self.running else {
            return;
        };
        match run.rx.try_recv() {
            Ok(report) => {
                let run = self.running.take().expect("checked above");
                self.computed = Some(Computed {
                    key: run.key,
                    coders: run.coders,
                    report,
                });
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                let run = self.running.take().expect("checked above");
                self.computed = Some(Computed {
                    key: run.key,
                    coders: run.coders,
                    report: Err("The agreement computation stopped unexpectedly".to_owned()),
                });
            }
        }
    }

    /// The options the window computes with.
    pub fn options(&self) -> AgreementOptions {
        let mut o = AgreementOptions::new(self.chosen.iter().cloned().collect());
        o.unit = self.unit;
        o.scope = self.scope;
        let articles: Vec<String> = self
            .articles
            .split(',')
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        o.articles = (!articles.is_empty()).then_some(articles);
        if let Some(share) = self.overlap {
            o.overlap = share;
        }
        o
    }

    /// `blind`: blind coding is on, so nothing of other coders is shown (the window says so).
    pub fn show(&mut self, ctx: &egui::Context, project: &Project, blind: bool) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        self.poll(ctx);
        let mut open = self.open;
        egui::Window::new("Agreement")
            .open(&mut open)
            .default_width(720.0)
            .show(ctx, |ui| {
                if blind {
                    ui.label(BLIND_AGREEMENT);
                } else {
                    self.contents(ui, ctx, project)
                }
            });
        self.open = open;
        if blind {
            return actions;
        }
        if let Some(list) = self.disagreements.as_mut() {
            let mut open = true;
            egui::Window::new(format!("Disagreements: {}", list.code_name))
                .id(egui::Id::unique("disagreements-window"))
                .open(&mut open)
                .default_width(820.0)
                .show(ctx, |ui| list.show(ui, project, &mut actions));
            if !open {
                self.disagreements = None;
            }
        }
        actions
    }

    fn contents(&mut self, ui: &mut Ui, ctx: &egui::Context, project: &Project) {
        let all = coders(project);
        ui.label("Coders to compare (two or more):");
        ui.horizontal_wrapped(|ui| {
            if all.is_empty() {
                ui.weak("No annotations yet.");
            }
            for (name, n) in &all {
                let mut on = self.chosen.contains(name);
                if ui.checkbox(&mut on, format!("{name} ({n})")).changed() {
                    if on {
                        self.chosen.insert(name.clone());
                    } else {
                        self.chosen.remove(name);
                    }
                }
            }
        });
        ui.horizontal(|ui| {
            ui.label("Unit:");
            for (u, label) in [
                (UnitKind::Grapheme, "letter"),
                (UnitKind::Char, "code point"),
                (UnitKind::Word, "word"),
            ] {
                ui.selectable_value(&mut self.unit, u, label);
            }
            ui.separator();
            ui.label("Scope:");
            ui.selectable_value(&mut self.scope, Scope::Body, "body text");
            ui.selectable_value(&mut self.scope, Scope::All, "all text");
        });
        ui.horizontal(|ui| {
            ui.label("Articles:");
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.articles)
                    .hint_text("all, or ids (prefixes) separated by commas")
                    .desired_width(260.0),
            );
            super::name_widget(&field, egui::Role::TextInput, "Articles to compare");
            ui.separator();
            ui.label("Segments agree at an overlap of");
            let mut percent = self
                .overlap
                .unwrap_or(AgreementOptions::new(Vec::new()).overlap)
                * 100.0;
            let drag = ui.add(
                egui::DragValue::new(&mut percent)
                    .range(1.0..=100.0)
                    .speed(1.0)
                    .suffix(" %"),
            );
            super::name_widget(&drag, egui::Role::SpinButton, "Segment overlap");
            if drag.changed() {
                self.overlap = Some(percent / 100.0);
            }
        });
        ui.horizontal(|ui| {
            let enough = self.chosen.len() >= 2;
            if let Some(run) = &self.running {
                ui.spinner();
                ui.label(format!(
                    "Computing the agreement of {}… {:.0} s",
                    run.coders.join(", "),
                    run.started.elapsed().as_secs_f64()
                ));
            } else if ui
                .add_enabled(enough, egui::Button::new("Compute agreement"))
                .on_disabled_hover_text("Choose two or more coders")
                .clicked()
            {
                self.start(ctx, project);
            }
            if let Some(c) = self.computed.as_ref().filter(|_| self.running.is_none()) {
                if c.key != project.key() {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "The project changed since: compute again",
                    );
                }
            }
        });
        ui.separator();
        let Some(c) = &self.computed else {
            ui.weak("Choose coders, then Compute agreement.");
            return;
        };
        let report = match &c.report {
            Ok(r) => r,
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return;
            }
        };
        ui.weak(format!(
            "{} · {} article(s) · unit: {} · scope: {} · {} units",
            c.coders.join(", "),
            report.articles,
            report.unit,
            report.scope,
            report.units
        ));
        let two = c.coders.len() == 2;
        let mut open_code: Option<(CodeId, String)> = None;
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                egui::Grid::new("agreement-table")
                    .striped(true)
                    .num_columns(6)
                    .spacing([14.0, 4.0])
                    .show(ui, |ui| {
                        for h in ["Code", "Percent", "κ", "α [CI]", "αU", "Segments"] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for row in report.codes.iter().chain([&report.overall]) {
                            match row.code {
                                Some(code) if two => {
                                    if ui
                                        .link(&row.name)
                                        .on_hover_text(
                                            "Show where the two coders disagree on this code",
                                        )
                                        .clicked()
                                    {
                                        open_code = Some((code, row.name.clone()));
                                    }
                                }
                                Some(_) => {
                                    ui.label(&row.name).on_hover_text(
                                        "Disagreements are listed for two coders: choose two",
                                    );
                                }
                                None => {
                                    ui.strong(&row.name);
                                }
                            }
                            let kappa = if two {
                                row.cohen_kappa
                            } else {
                                row.fleiss_kappa
                            };
                            ui.label(fmt_percent(row.percent));
                            ui.label(fmt_value(kappa));
                            ui.label(fmt_alpha(row.alpha, row.alpha_ci));
                            ui.label(fmt_value(row.alpha_u));
                            let seg = row
                                .segments
                                .iter()
                                .map(|s| {
                                    if two {
                                        fmt_percent(s.agreement)
                                    } else {
                                        format!(
                                            "{}/{}: {}",
                                            s.coders[0],
                                            s.coders[1],
                                            fmt_percent(s.agreement)
                                        )
                                    }
                                })
                                .collect::<Vec<_>>()
                                .join(", ");
                            ui.label(if seg.is_empty() {
                                "—".to_owned()
                            } else {
                                seg
                            });
                            ui.end_row();
                        }
                    });
            });
        ui.separator();
        for (name, what) in EXPLANATIONS {
            ui.label(RichText::new(format!("{name}: {what}")).small());
        }
        if let Some((code, code_name)) = open_code {
            let coders = [c.coders[0].clone(), c.coders[1].clone()];
            self.disagreements = Some(DisagreementList::new(
                project, coders, code, code_name, self.scope,
            ));
        }
    }
}

impl DisagreementList {
    pub fn new(
        project: &Project,
        coders: [String; 2],
        code: CodeId,
        code_name: String,
        scope: Scope,
    ) -> Self {
        let mut opts = CompareOptions::new(&coders[0], &coders[1]);
        opts.code = Some(code);
        opts.scope = scope;
        let comparison = compare(project, &opts).map_err(|e| e.to_string());
        let n = comparison.as_ref().map_or(0, |c| c.disagreements.len());
        DisagreementList {
            key: project.key(),
            coders,
            code,
            code_name,
            scope,
            comparison,
            decisions: vec![None; n],
            gold: "gold".to_owned(),
        }
    }

    fn show(&mut self, ui: &mut Ui, project: &Project, actions: &mut Vec<Action>) {
        if project.key() != self.key {
            ui.horizontal(|ui| {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "The project changed since this list was made.",
                );
                if ui.button("List again").clicked() {
                    *self = DisagreementList::new(
                        project,
                        self.coders.clone(),
                        self.code,
                        self.code_name.clone(),
                        self.scope,
                    );
                }
            });
            return;
        }
        let cmp = match &self.comparison {
            Ok(c) => c,
            Err(e) => {
                ui.colored_label(ui.visuals().error_fg_color, e);
                return;
            }
        };
        let [a, b] = &self.coders;
        ui.weak(format!(
            "{a} (A) and {b} (B) on “{}”: {} agreed segment(s), {} disagreement(s)",
            self.code_name,
            cmp.agreed.len(),
            cmp.disagreements.len()
        ));
        ui.horizontal(|ui| {
            ui.label("Accept for all:");
            for (d, label) in DECISIONS {
                if ui.button(format!("{label} for all")).clicked() {
                    self.decisions.iter_mut().for_each(|x| *x = Some(d));
                }
            }
        });
        ui.separator();
        let side_text = |v: &[Side]| -> String {
            if v.is_empty() {
                return "—".into();
            }
            v.iter()
                .map(|s| {
                    let mut t = format!("{}–{}", s.start, s.end);
                    if !s.notes.is_empty() {
                        t += &format!(" · {}", s.notes.join(" | "));
                    }
                    t
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .show(ui, |ui| {
                egui::Grid::new("disagreement-table")
                    .striped(true)
                    .num_columns(5)
                    .spacing([12.0, 6.0])
                    .show(ui, |ui| {
                        for h in ["Quote", "Kind", a.as_str(), b.as_str(), "Accept"] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for (d, decision) in cmp.disagreements.iter().zip(self.decisions.iter_mut())
                        {
                            let quote = crate::project::short(&d.quote);
                            if ui
                                .link(format!("{}. “{quote}”", d.number))
                                .on_hover_text("Show the passage")
                                .clicked()
                            {
                                actions.push(Action::JumpTo {
                                    article: d.article.clone(),
                                    range: d.start..d.end,
                                });
                            }
                            ui.label(match d.kind {
                                DisagreementKind::OnlyA => format!("only {a}"),
                                DisagreementKind::OnlyB => format!("only {b}"),
                                DisagreementKind::Placed => "placed differently".to_owned(),
                            });
                            ui.label(side_text(&d.a));
                            ui.label(side_text(&d.b));
                            ui.horizontal(|ui| {
                                for (choice, label) in DECISIONS {
                                    if ui
                                        .selectable_label(*decision == Some(choice), label)
                                        .clicked()
                                    {
                                        *decision = Some(choice);
                                    }
                                }
                                // Edit the range: starts as the stretch the disagreement covers, set in chars
                                // (snapped out to whole letters when adjudicated).
                                let editing = matches!(decision, Some(Decision::Range(..)));
                                if ui
                                    .selectable_label(editing, "Range")
                                    .on_hover_text(
                                        "Keep a range you set instead (chars of the article)",
                                    )
                                    .clicked()
                                    && !editing
                                {
                                    *decision = Some(Decision::Range(d.start, d.end));
                                }
                                if let Some(Decision::Range(s, e)) = decision {
                                    let start =
                                        ui.add(egui::DragValue::new(s).range(0..=d.end.max(*e)));
                                    super::name_widget(
                                        &start,
                                        egui::Role::SpinButton,
                                        &format!("Start of range {}", d.number),
                                    );
                                    ui.label("–");
                                    let end =
                                        ui.add(egui::DragValue::new(e).range(*s + 1..=usize::MAX));
                                    super::name_widget(
                                        &end,
                                        egui::Role::SpinButton,
                                        &format!("End of range {}", d.number),
                                    );
                                    let quote = project
                                        .article(&d.article)
                                        .ok()
                                        .filter(|a| *s < *e && *e <= a.index.char_len())
                                        .map(|a| {
                                            crate::project::short(a.slice(*s..*e)).to_string()
                                        });
                                    match quote {
                                        Some(q) => {
                                            ui.weak(format!("“{q}”"));
                                        }
                                        None => {
                                            ui.colored_label(
                                                ui.visuals().error_fg_color,
                                                "not in the article",
                                            );
                                        }
                                    }
                                }
                            });
                            ui.end_row();
                        }
                    });
            });
        ui.separator();
        let undecided = self.decisions.iter().filter(|d| d.is_none()).count();
        ui.horizontal(|ui| {
            ui.label("Gold coder:");
            let r = ui.text_edit_singleline(&mut self.gold);
            super::name_widget(&r, egui::Role::TextInput, "Gold coder");
            let ok = undecided == 0 && !self.gold.trim().is_empty();
            if ui
                .add_enabled(ok, egui::Button::new("Adjudicate into gold"))
                .on_hover_text("Agreed segments and what each decision keeps become the gold coder's annotations: one undoable edit")
                .on_disabled_hover_text("Decide every disagreement and name the gold coder")
                .clicked()
            {
                actions.push(Action::Team(TeamAction::Adjudicate {
                    key: self.key,
                    coders: self.coders.clone(),
                    code: self.code,
                    scope: self.scope,
                    decisions: self.decisions.iter().map(|d| d.unwrap_or(Decision::Neither)).collect(),
                    gold: self.gold.trim().to_owned(),
                }));
            }
            if undecided > 0 {
                ui.weak(format!("{undecided} undecided"));
            }
        });
    }
}

/// The decisions a row offers, with their labels.
const DECISIONS: [(Decision, &str); 4] = [
    (Decision::A, "A"),
    (Decision::B, "B"),
    (Decision::Both, "Both"),
    (Decision::Neither, "Neither"),
];
