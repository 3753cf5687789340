//! The egui layer: one file per panel. Views return [`Action`]s; [`KhabarApp::apply`] is the one place where state
//! changes, so every change is committed to the project (and undoable) the same way whichever panel asked for it.

pub mod annotations_panel;
pub mod article_details;
pub mod codebook_window;
pub mod commands;
pub mod corpus_panel;
pub mod dialogs;
pub mod export_window;
pub mod fonts;
pub mod menu;
pub mod settings;
pub mod timeline_panel;
pub mod viewer;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};

use egui::{Key, Modifiers, Ui};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::annotate::{Annotation, Change, Code, CodeId, Edit, Record};
use crate::fonts::FontChoice;
use crate::model::{ArticleId, BlockKind};
use crate::project::{short, Project};
use commands::Command;
use dialogs::{DialogPurpose, PathPrompt};

/// Preferences of the user (not of a project), persisted between runs.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub font_size: f32,
    pub dark: bool,
    /// `None`: the bundled Noto Sans Devanagari.
    pub reading_font: Option<FontChoice>,
    /// Recorded as the creator of annotations.
    pub creator: String,
    pub recent_projects: Vec<PathBuf>,
    pub last_article: Option<String>,
    pub show_annotations_panel: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            font_size: 20.0,
            dark: false,
            reading_font: None,
            creator: crate::annotate::default_creator(),
            recent_projects: Vec::new(),
            last_article: None,
            show_annotations_panel: true,
        }
    }
}

pub const MIN_FONT: f32 = 12.0;
pub const MAX_FONT: f32 = 40.0;
const PREFS_KEY: &str = "khabar.prefs";

/// Everything a view can ask for.
#[derive(Clone, Debug)]
pub enum Action {
    OpenArticle(ArticleId),
    /// Scroll the viewer to a passage and flash it.
    JumpTo {
        article: ArticleId,
        range: Range<usize>,
    },
    FontSize(f32),
    SetDark(bool),
    SetReadingFont(Option<FontChoice>),
    SetCreator(String),
    ShowPrompt(DialogPurpose),
    ImportArticles(Vec<PathBuf>),
    ExportAnnotations(PathBuf),
    ImportAnnotations(PathBuf),
    NewProject(PathBuf),
    OpenProject(PathBuf),
    SaveProjectAs(PathBuf),
    SetBlockKind {
        article: ArticleId,
        block: usize,
        kind: BlockKind,
    },
    Annotate {
        article: ArticleId,
        range: Range<usize>,
        codes: Vec<CodeId>,
        note: String,
    },
    UpdateAnnotation(Annotation),
    DeleteAnnotation(Uuid),
    SelectAnnotation(Option<Uuid>),
    /// Apply a code to the current selection (keys 1–9).
    ApplyShortcut(u8),
    AddCode(Code),
    UpdateCode(Code),
    /// Delete a code; `replace_with` recodes its annotations, `None` removes the code from them (and deletes
    /// annotations left without code or note).
    DeleteCode {
        id: CodeId,
        replace_with: Option<CodeId>,
    },
    /// Select a timeline event (and highlight it).
    SelectEvent(Option<crate::timeline::events::EventId>),
    EventChange {
        event: crate::timeline::events::EventId,
        change: timeline_panel::EventChange,
    },
    /// Open the details editor of an article.
    EditDetails(ArticleId),
    EditMeta(crate::model::ArticleMeta),
    Undo,
    Redo,
    /// A menu or keyboard command (the one command table: [`commands::Command`]).
    Command(Command),
    /// Start a note on the current selection (Enter).
    StartNote,
    /// Cancel the current selection (Esc).
    ClearSelection,
    Message(String),
    Error(String),
}

/// Results of work done off the UI thread.
pub enum JobResult {
    Dialog {
        purpose: DialogPurpose,
        paths: Vec<PathBuf>,
    },
    Fonts(Vec<FontChoice>),
}

/// A line in the status bar / message log.
#[derive(Clone, Debug)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

pub struct KhabarApp {
    pub project: Option<Project>,
    pub prefs: Prefs,
    pub viewer: viewer::ViewerState,
    pub corpus: corpus_panel::CorpusPanelState,
    pub annotations: annotations_panel::AnnotationsPanelState,
    pub codebook: codebook_window::CodebookWindow,
    pub settings: settings::SettingsWindow,
    pub timeline: timeline_panel::TimelinePanel,
    /// What the views show that is derived from the project (refreshed once per frame, before they draw).
    pub derived: crate::derived::Derived,
    pub details: article_details::ArticleDetailsWindow,
    pub export: export_window::ExportWindow,
    pub prompt: Option<PathPrompt>,
    pub messages: Vec<Message>,
    pub show_messages: bool,
    jobs_tx: Sender<JobResult>,
    jobs_rx: Receiver<JobResult>,
    fonts_installed_for: Option<Option<FontChoice>>,
    /// Whether to open native file dialogs (off in tests, where no dialog must block).
    pub native_dialogs: bool,
    pub quit_requested: bool,
}

impl KhabarApp {
    /// `project`: the opened project, or why it could not be opened (the app then offers New/Open).
    pub fn new(ctx: &egui::Context, project: Result<Project, String>, prefs: Prefs) -> Self {
        let mut app = KhabarApp::bare(prefs);
        app.install_fonts(ctx);
        match project {
            Ok(p) => app.set_project(p),
            Err(e) => app.error(e),
        }
        app
    }

    /// For tests: no native dialogs, and the caller has installed the bundled fonts in the context
    /// (`ui::fonts::install(ctx, None)` in kittest's `with_context_setup`, so the very first frame has them).
    pub fn headless(project: Project, prefs: Prefs) -> Self {
        let mut app = KhabarApp::bare(prefs);
        app.fonts_installed_for = Some(app.prefs.reading_font.clone());
        app.native_dialogs = false;
        app.set_project(project);
        app
    }

    fn bare(prefs: Prefs) -> Self {
        let (jobs_tx, jobs_rx) = channel();
        KhabarApp {
            project: None,
            prefs,
            viewer: Default::default(),
            corpus: Default::default(),
            annotations: Default::default(),
            codebook: Default::default(),
            settings: Default::default(),
            timeline: Default::default(),
            derived: Default::default(),
            details: Default::default(),
            export: Default::default(),
            prompt: None,
            messages: Vec::new(),
            show_messages: false,
            jobs_tx,
            jobs_rx,
            fonts_installed_for: None,
            native_dialogs: true,
            quit_requested: false,
        }
    }

    /// Create from eframe: restores preferences and opens the given (or last, or default) project.
    pub fn from_creation_context(
        cc: &eframe::CreationContext<'_>,
        project_path: Option<PathBuf>,
    ) -> Self {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| s.get_string(PREFS_KEY))
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        let path = project_path.unwrap_or_else(crate::project::default_project_path);
        let project = Project::open_or_create_default(&path).map_err(|e| e.to_string());
        KhabarApp::new(&cc.egui_ctx, project, prefs)
    }

    fn install_fonts(&mut self, ctx: &egui::Context) {
        if self.fonts_installed_for.as_ref() == Some(&self.prefs.reading_font) {
            return;
        }
        let user = match &self.prefs.reading_font {
            Some(choice) => match crate::fonts::load_choice(choice) {
                Ok(bytes) => Some((choice.family.clone(), bytes)),
                Err(e) => {
                    self.error(format!(
                        "Reading font unavailable, using the bundled font: {e}"
                    ));
                    None
                }
            },
            None => None,
        };
        fonts::install(ctx, user);
        ctx.set_theme(if self.prefs.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        self.fonts_installed_for = Some(self.prefs.reading_font.clone());
    }

    pub fn set_project(&mut self, mut project: Project) {
        project.creator = self.prefs.creator.clone();
        let path = project.path().to_owned();
        self.prefs.recent_projects.retain(|p| p != &path);
        self.prefs.recent_projects.insert(0, path);
        self.prefs.recent_projects.truncate(10);
        let first = self
            .prefs
            .last_article
            .as_ref()
            .and_then(|id| project.meta(&ArticleId(id.clone())).map(|m| m.id.clone()))
            .or_else(|| project.metas().first().map(|m| m.id.clone()));
        // Everything shown or chosen for the previous project goes: its selection, selected event, the filters
        // naming its articles or codes, the timeline's events. The caches behind the panels are keyed by the
        // project's identity as well, so nothing computed for one project is ever shown for another.
        self.viewer = Default::default();
        self.annotations.project_changed();
        self.timeline.project_changed();
        self.derived = Default::default();
        self.codebook.project_changed();
        self.details = Default::default();
        self.export.code = None;
        if let Some(id) = first {
            self.viewer.open(id);
        }
        self.project = Some(project);
    }

    /// Say that an action named something the open project does not have, and so did nothing.
    fn not_in_project(&mut self, what: impl std::fmt::Display) {
        self.error(format!(
            "{what} is not in this project; nothing was changed"
        ));
    }

    pub fn message(&mut self, text: impl Into<String>) {
        let text = text.into();
        log::info!("{text}");
        self.messages.push(Message { text, error: false });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        let text = text.into();
        log::warn!("{text}");
        self.messages.push(Message { text, error: true });
    }

    pub fn jobs_sender(&self) -> Sender<JobResult> {
        self.jobs_tx.clone()
    }

    /// Draw one frame. Kept apart from `eframe::App` so tests drive it with kittest.
    pub fn frame(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        // Ctrl+= / Ctrl+- change the reading size, not egui's zoom.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        self.install_fonts(&ctx);
        let mut actions = Vec::new();
        while let Ok(job) = self.jobs_rx.try_recv() {
            match job {
                JobResult::Dialog { purpose, paths } => match self.prompt.as_mut() {
                    Some(p) if p.purpose == purpose => {
                        if let Some(a) = p.dialog_returned(paths) {
                            actions.push(a);
                            self.prompt = None;
                        }
                    }
                    _ => {}
                },
                JobResult::Fonts(list) => self.settings.fonts = Some(list),
            }
        }
        // Files dropped on the window: article text files are imported.
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        // Dropped .json/.jsonld files are annotation imports; anything else is an article.
        let (annotation_files, article_files): (Vec<PathBuf>, Vec<PathBuf>) =
            dropped.into_iter().partition(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("json" | "jsonld")
                )
            });
        actions.extend(annotation_files.into_iter().map(Action::ImportAnnotations));
        if !article_files.is_empty() {
            actions.push(Action::ImportArticles(article_files));
        }
        actions.extend(self.shortcuts(&ctx));

        actions.extend(menu::menu_bar(ui, self));
        self.status_bar(ui);
        if let Some(project) = self.project.as_ref() {
            // Derived state is brought up to date in one step, before any view draws (long work a slice a frame).
            if self.timeline.open
                && self
                    .derived
                    .refresh(project, std::time::Duration::from_millis(8))
            {
                ctx.request_repaint();
            }
            let current = self.viewer.article.clone();
            let key = project.key();
            egui::Panel::left("corpus")
                .resizable(true)
                .default_size(300.0)
                .show(ui, |ui| {
                    let counts = |id: &ArticleId| project.annotation_count_of(id);
                    actions.extend(self.corpus.show(
                        ui,
                        project.metas(),
                        key,
                        current.as_ref(),
                        &counts,
                    ));
                });
            if self.timeline.open {
                egui::Panel::bottom("timeline")
                    .resizable(true)
                    .default_size(300.0)
                    .show(ui, |ui| {
                        actions.extend(self.timeline.show(
                            ui,
                            project,
                            &self.derived.timeline,
                            self.derived.timeline_progress,
                            &self.viewer,
                        ));
                    });
            }
            if self.prefs.show_annotations_panel {
                egui::Panel::right("annotations")
                    .resizable(true)
                    .default_size(330.0)
                    .show(ui, |ui| {
                        actions.extend(self.annotations.show(ui, project, &self.viewer));
                    });
            }
            egui::CentralPanel::default().show(ui, |ui| {
                actions.extend(self.viewer.show(ui, project, self.prefs.font_size));
            });
        } else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.vertical_centered(|ui| {
                    ui.add_space(60.0);
                    ui.heading("No project is open");
                    if let Some(m) = self.messages.iter().rev().find(|m| m.error) {
                        ui.colored_label(ui.visuals().error_fg_color, &m.text);
                    }
                    if ui.button("New project…").clicked() {
                        actions.push(Action::ShowPrompt(DialogPurpose::NewProject));
                    }
                    if ui.button("Open project…").clicked() {
                        actions.push(Action::ShowPrompt(DialogPurpose::OpenProject));
                    }
                });
            });
        }
        if let Some(prompt) = self.prompt.as_mut() {
            let (close, action) = prompt.show(&ctx);
            actions.extend(action);
            if close {
                self.prompt = None;
            }
        }
        if let Some(project) = self.project.as_ref() {
            actions.extend(self.codebook.show(&ctx, project));
            actions.extend(
                self.export
                    .show(&ctx, project, self.viewer.article.as_ref()),
            );
        }
        actions.extend(self.settings.show(&ctx, &self.prefs, &self.jobs_tx));
        actions.extend(self.details.show(&ctx));
        self.messages_window(&ctx);

        // The views were drawn for the project open at the start of the frame: once an action opens another one, the
        // rest name the previous project and are dropped.
        let drawn_for = self.project.as_ref().map(Project::instance);
        let mut dropped = 0;
        for a in actions {
            if self.project.as_ref().map(Project::instance) != drawn_for {
                log::info!("dropped {a:?}: it was asked for in the previous project");
                dropped += 1;
                continue;
            }
            self.apply(&ctx, a);
        }
        if dropped > 0 {
            self.message(format!(
                "{dropped} request(s) made in the previous project were not carried out"
            ));
        }
    }

    /// Keys pressed this frame, as actions. Menu commands come from the command table; while a text field has
    /// focus its keys stay with it (Ctrl+Z undoes typing there, not a project edit).
    fn shortcuts(&self, ctx: &egui::Context) -> Vec<Action> {
        let typing = ctx.egui_wants_keyboard_input();
        let mut out: Vec<Action> = Command::from_input(ctx, typing)
            .into_iter()
            .map(Action::Command)
            .collect();
        // Coding keys act on the viewer's selection, unless the user is typing somewhere.
        if !ctx.egui_wants_keyboard_input() {
            let has_selection = self.viewer.selection.is_some();
            ctx.input_mut(|i| {
                const NUMS: [Key; 9] = [
                    Key::Num1,
                    Key::Num2,
                    Key::Num3,
                    Key::Num4,
                    Key::Num5,
                    Key::Num6,
                    Key::Num7,
                    Key::Num8,
                    Key::Num9,
                ];
                if has_selection {
                    for (n, k) in NUMS.iter().enumerate() {
                        if i.consume_key(Modifiers::NONE, *k) {
                            out.push(Action::ApplyShortcut(n as u8 + 1));
                        }
                    }
                    if i.consume_key(Modifiers::NONE, Key::Enter) {
                        out.push(Action::StartNote);
                    }
                }
                if i.consume_key(Modifiers::NONE, Key::Escape) {
                    if self.viewer.selection.is_some() {
                        out.push(Action::ClearSelection);
                    } else if self.viewer.selected_annotation.is_some() {
                        out.push(Action::SelectAnnotation(None));
                    }
                }
                if i.consume_key(Modifiers::NONE, Key::Delete) {
                    if let Some(id) = self.viewer.selected_annotation {
                        out.push(Action::DeleteAnnotation(id));
                    }
                }
            });
        } else if self.viewer.note_draft.is_some() && ctx.input(|i| i.key_pressed(Key::Escape)) {
            out.push(Action::ClearSelection);
        }
        out
    }

    /// Carry out a menu or keyboard command.
    fn run_command(&mut self, ctx: &egui::Context, command: Command) {
        let font_step = |size: f32| Action::FontSize(size);
        match command {
            Command::NewProject => self.apply(ctx, Action::ShowPrompt(DialogPurpose::NewProject)),
            Command::OpenProject => self.apply(ctx, Action::ShowPrompt(DialogPurpose::OpenProject)),
            Command::SaveProjectAs => {
                self.apply(ctx, Action::ShowPrompt(DialogPurpose::SaveProjectAs))
            }
            Command::ImportArticles => {
                self.apply(ctx, Action::ShowPrompt(DialogPurpose::ImportArticles))
            }
            Command::ImportAnnotations => {
                self.apply(ctx, Action::ShowPrompt(DialogPurpose::ImportAnnotations))
            }
            Command::ExportAnnotations => self.export.open = self.project.is_some(),
            Command::Quit => self.quit_requested = true,
            Command::Undo => self.apply(ctx, Action::Undo),
            Command::Redo => self.apply(ctx, Action::Redo),
            Command::Codebook => self.codebook.open = true,
            Command::Preferences => self.settings.open = true,
            Command::LargerText => self.apply(ctx, font_step(self.prefs.font_size + 2.0)),
            Command::SmallerText => self.apply(ctx, font_step(self.prefs.font_size - 2.0)),
            Command::DefaultTextSize => {
                self.apply(ctx, font_step(Prefs::default().font_size))
            }
            Command::ToggleTimeline => self.timeline.open = !self.timeline.open,
            Command::ToggleAnnotationsPanel => {
                self.prefs.show_annotations_panel = !self.prefs.show_annotations_panel
            }
            Command::Messages => self.show_messages = true,
            Command::NextArticle | Command::PreviousArticle => {
                let step = if command == Command::NextArticle { 1 } else { -1 };
                let Some(p) = &self.project else {
                    return;
                };
                if let Some(id) =
                    self.corpus
                        .neighbour(p.metas(), p.key(), self.viewer.article.as_ref(), step)
                {
                    self.apply(ctx, Action::OpenArticle(id));
                }
            }
        }
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                if let Some(p) = &self.project {
                    ui.weak(format!(
                        "{} · {} articles · {} annotations",
                        p.path().display(),
                        p.metas().len(),
                        p.annotation_count()
                    ));
                    ui.separator();
                }
                if let Some(m) = self.messages.last() {
                    let color = if m.error {
                        ui.visuals().error_fg_color
                    } else {
                        ui.visuals().text_color()
                    };
                    let r = ui.add(
                        egui::Label::new(egui::RichText::new(&m.text).color(color))
                            .truncate()
                            .sense(egui::Sense::click()),
                    );
                    if r.on_hover_text("Click for all messages").clicked() {
                        self.show_messages = true;
                    }
                }
            });
        });
    }

    fn messages_window(&mut self, ctx: &egui::Context) {
        let mut open = self.show_messages;
        egui::Window::new("Messages")
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(400.0)
                    .show(ui, |ui| {
                        for m in self.messages.iter().rev() {
                            let color = if m.error {
                                ui.visuals().error_fg_color
                            } else {
                                ui.visuals().text_color()
                            };
                            ui.colored_label(color, &m.text);
                        }
                    });
            });
        self.show_messages = open;
    }

    /// The one place where state changes.
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::OpenArticle(id) => {
                if self.project.as_ref().is_none_or(|p| p.meta(&id).is_none()) {
                    return self.not_in_project(format_args!("Article {id}"));
                }
                self.prefs.last_article = Some(id.0.clone());
                self.viewer.open(id);
            }
            Action::JumpTo { article, range } => {
                if self
                    .project
                    .as_ref()
                    .is_none_or(|p| p.meta(&article).is_none())
                {
                    return self.not_in_project(format_args!("Article {article}"));
                }
                self.prefs.last_article = Some(article.0.clone());
                self.viewer.open(article);
                self.viewer.pending_jump = Some(range);
            }
            Action::FontSize(s) => self.prefs.font_size = s.clamp(MIN_FONT, MAX_FONT),
            Action::SetDark(d) => {
                self.prefs.dark = d;
                ctx.set_theme(if d {
                    egui::Theme::Dark
                } else {
                    egui::Theme::Light
                });
            }
            Action::SetReadingFont(choice) => {
                self.prefs.reading_font = choice;
                self.install_fonts(ctx);
            }
            Action::SetCreator(name) => {
                self.prefs.creator = name.clone();
                if let Some(p) = self.project.as_mut() {
                    p.creator = name;
                }
            }
            Action::ShowPrompt(purpose) => {
                let mut prompt = PathPrompt::new(purpose);
                if self.native_dialogs {
                    prompt.spawn_dialog(ctx, self.jobs_tx.clone());
                }
                self.prompt = Some(prompt);
            }
            Action::ImportArticles(paths) => self.import_articles(paths),
            Action::ExportAnnotations(path) => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                let opts = self.export.options(self.viewer.article.as_ref());
                let result = crate::exchange::export(p, &opts)
                    .map_err(|e| e.to_string())
                    .and_then(|(bytes, n)| {
                        crate::exchange::write_atomically(&path, &bytes)
                            .map(|()| n)
                            .map_err(|e| e.to_string())
                    });
                match result {
                    Ok(n) => {
                        let what = if opts.format == crate::exchange::Format::TimelineJs {
                            "events"
                        } else {
                            "annotations"
                        };
                        let text = format!("Exported {n} {what} to {}", path.display());
                        self.export.last = Some((true, text.clone()));
                        self.message(text);
                    }
                    Err(e) => {
                        let text = format!("Export failed, nothing was written: {e}");
                        self.export.last = Some((false, text.clone()));
                        self.error(text);
                    }
                }
            }
            Action::ImportAnnotations(path) => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                let name = path.display().to_string();
                let result = crate::exchange::read_annotation_file(&path)
                    .and_then(|bytes| crate::exchange::import_annotations(p, &bytes, &name));
                match result {
                    Ok(report) => {
                        for o in &report.orphans {
                            self.error(format!(
                                "Not placed: “{}” in article {} ({})",
                                short(&o.quote),
                                o.article,
                                o.reason
                            ));
                        }
                        if !report.orphans.is_empty() {
                            self.show_messages = true;
                        }
                        self.message(format!(
                            "{name}: {} (Ctrl+Z undoes the import)",
                            report.summary()
                        ));
                    }
                    Err(e) => self.error(format!("Import failed, nothing was changed: {e}")),
                }
            }
            Action::NewProject(path) => match Project::create(&path, &[]) {
                Ok(p) => {
                    self.message(format!("Created {}", path.display()));
                    self.set_project(p);
                }
                Err(e) => self.error(e.to_string()),
            },
            Action::OpenProject(path) => {
                if self.project.as_ref().is_some_and(|p| p.path() == path) {
                    return;
                }
                match Project::open(&path) {
                    Ok(p) => {
                        self.message(format!("Opened {}", path.display()));
                        self.set_project(p);
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::SaveProjectAs(path) => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                match p.save_as(&path) {
                    Ok(()) => match Project::open(&path) {
                        Ok(newp) => {
                            self.project = None;
                            self.message(format!("Saved as {}; now working in it", path.display()));
                            let article = self.viewer.article.clone();
                            self.set_project(newp);
                            if let Some(a) = article {
                                self.viewer.open(a);
                            }
                        }
                        Err(e) => self.error(e.to_string()),
                    },
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::SetBlockKind {
                article,
                block,
                kind,
            } => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                let result = p.article(&article).and_then(|a| {
                    let Some(before) = a.blocks.get(block).cloned() else {
                        return Ok(());
                    };
                    if before.kind == kind {
                        return Ok(());
                    }
                    let mut after = before.clone();
                    after.kind = kind;
                    after.reason = "set by the user".to_owned();
                    after.user_set = true;
                    p.apply(Edit::new(
                        format!("Mark block as {}", kind.label()),
                        vec![Change::update(
                            Record::Block {
                                article: article.clone(),
                                index: block,
                                block: before,
                            },
                            Record::Block {
                                article: article.clone(),
                                index: block,
                                block: after,
                            },
                        )],
                    ))
                });
                if let Err(e) = result {
                    self.error(e.to_string());
                }
            }
            Action::Annotate {
                article,
                range,
                codes,
                note,
            } => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                match p.add_annotation(&article, range, codes, note) {
                    Ok(id) => {
                        self.viewer.clear_selection();
                        self.viewer.selected_annotation = Some(id);
                        let q = p
                            .annotation(&id)
                            .map(|a| short(&a.quote))
                            .unwrap_or_default();
                        self.message(format!("Annotated “{q}”"));
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::ApplyShortcut(n) => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                let Some(code) = p.code_by_shortcut(n).map(|c| c.id) else {
                    self.error(format!("No code has the shortcut {n}"));
                    return;
                };
                let Some(id) = self.viewer.article.clone() else {
                    return;
                };
                let range = p
                    .article(&id)
                    .ok()
                    .and_then(|a| self.viewer.selected_range(&a));
                if let Some(range) = range {
                    let note = self.viewer.note_draft.clone().unwrap_or_default();
                    self.apply(
                        ctx,
                        Action::Annotate {
                            article: id,
                            range,
                            codes: vec![code],
                            note,
                        },
                    );
                }
            }
            Action::UpdateAnnotation(mut after) => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                let Some(before) = p.annotation(&after.id).cloned() else {
                    return self
                        .not_in_project(format_args!("The annotation “{}”", short(&after.quote)));
                };
                if before == after {
                    return;
                }
                if after.article != before.article
                    || (after.start, after.end) != (before.start, before.end)
                {
                    return self.error(
                        "An annotation's passage cannot be changed this way; nothing was changed",
                    );
                }
                if let Some(c) = after.codes.iter().find(|c| p.code(**c).is_none()) {
                    return self.not_in_project(format_args!("Code {c}"));
                }
                after.modified = chrono::Utc::now();
                let label = format!("Edit annotation “{}”", short(&after.quote));
                if let Err(e) = p.apply(Edit::new(
                    label,
                    vec![Change::update(
                        Record::Annotation(before),
                        Record::Annotation(after),
                    )],
                )) {
                    self.error(e.to_string());
                }
            }
            Action::DeleteAnnotation(id) => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                let Some(before) = p.annotation(&id).cloned() else {
                    return self.not_in_project(format_args!("Annotation {id}"));
                };
                let label = format!("Delete annotation “{}”", short(&before.quote));
                match p.apply(Edit::new(
                    label.clone(),
                    vec![Change::delete(Record::Annotation(before))],
                )) {
                    Ok(()) => {
                        if self.viewer.selected_annotation == Some(id) {
                            self.viewer.selected_annotation = None;
                        }
                        self.message(format!("{label} (Ctrl+Z to undo)"));
                    }
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::SelectAnnotation(id) => {
                if let Some(id) = id {
                    if self
                        .project
                        .as_ref()
                        .is_none_or(|p| p.annotation(&id).is_none())
                    {
                        return self.not_in_project(format_args!("Annotation {id}"));
                    }
                }
                self.viewer.selected_annotation = id;
                if id.is_some() {
                    self.prefs.show_annotations_panel = true;
                }
            }
            Action::AddCode(code) => {
                if self
                    .project
                    .as_ref()
                    .is_some_and(|p| p.code(code.id).is_some())
                {
                    // Asked for with the id that was free in another project.
                    return self.error(format!(
                        "Code {} is already in this project; nothing was changed",
                        code.id
                    ));
                }
                let label = format!("Add code {}", code.name);
                self.edit_project(label, |p| {
                    crate::annotate::codebook::upsert_code_changes(p.codes(), code)
                        .map_err(|e| e.to_string())
                })
            }
            Action::UpdateCode(code) => {
                if self
                    .project
                    .as_ref()
                    .is_none_or(|p| p.code(code.id).is_none())
                {
                    return self.not_in_project(format_args!("Code “{}”", code.name));
                }
                let label = format!("Change code {}", code.name);
                self.edit_project(label, |p| {
                    crate::annotate::codebook::upsert_code_changes(p.codes(), code)
                        .map_err(|e| e.to_string())
                })
            }
            Action::DeleteCode { id, replace_with } => {
                let label = format!(
                    "Delete code {}",
                    self.project
                        .as_ref()
                        .and_then(|p| p.code(id))
                        .map(|c| c.name.clone())
                        .unwrap_or_default()
                );
                self.edit_project(label, |p| {
                    crate::annotate::codebook::delete_code_changes(
                        p.codes(),
                        &p.all_annotations(),
                        id,
                        replace_with,
                    )
                    .map_err(|e| e.to_string())
                })
            }
            Action::SelectEvent(id) => {
                if let Some(id) = &id {
                    if !self.derived.timeline.current().iter().any(|e| &e.id == id) {
                        return self.not_in_project(format_args!("Event {id}"));
                    }
                }
                self.timeline.selected = id;
            }
            Action::EventChange { event, change } => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                // Decide only about an event of this project as it is now: the events are brought up to date with
                // it (they are keyed by its identity) before the event is looked up.
                let events = self.derived.timeline_now(p);
                if !events.iter().any(|e| e.id == event) {
                    return self.not_in_project(format_args!("Event {event}"));
                }
                match timeline_panel::decision_changes(p, &events, &event, &change) {
                    Ok((label, changes)) if !changes.is_empty() => {
                        if let Err(e) = p.apply(Edit::new(label, changes)) {
                            self.error(e.to_string());
                        }
                    }
                    Ok(_) => {}
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::EditDetails(id) => match self.project.as_ref().and_then(|p| p.meta(&id)) {
                Some(m) => self.details.open(&m.clone()),
                None => self.not_in_project(format_args!("Article {id}")),
            },
            Action::EditMeta(meta) => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                let title = meta.title.clone();
                match p.set_meta(meta) {
                    Ok(()) => self.message(format!("Saved the details of “{}”", short(&title))),
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::Undo => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                match p.undo() {
                    Ok(Some(label)) => self.message(format!("Undid: {label}")),
                    Ok(None) => self.message("Nothing to undo"),
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::Redo => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                match p.redo() {
                    Ok(Some(label)) => self.message(format!("Redid: {label}")),
                    Ok(None) => self.message("Nothing to redo"),
                    Err(e) => self.error(e.to_string()),
                }
            }
            Action::Command(c) => self.run_command(ctx, c),
            Action::StartNote => {
                if self.viewer.selection.is_some() {
                    self.viewer.note_draft = Some(String::new());
                }
            }
            Action::ClearSelection => self.viewer.clear_selection(),
            Action::Message(m) => self.message(m),
            Action::Error(m) => self.error(m),
        }
    }

    /// Build an edit from the project and commit it, reporting failure in the status bar.
    fn edit_project(
        &mut self,
        label: String,
        build: impl FnOnce(&Project) -> Result<Vec<Change>, String>,
    ) {
        let Some(p) = self.project.as_mut() else {
            return;
        };
        let result = build(p).and_then(|changes| {
            p.apply(Edit::new(label, changes))
                .map_err(|e| e.to_string())
        });
        if let Err(e) = result {
            self.error(e);
        }
    }

    fn import_articles(&mut self, paths: Vec<PathBuf>) {
        let Some(p) = self.project.as_mut() else {
            self.error("Open or create a project before importing articles");
            return;
        };
        let report = crate::ingest::import_paths(&paths, |id| p.meta(id).map(|m| m.title.clone()));
        let first = report.articles.first().map(|a| a.meta.id.clone());
        let summary = report.summary();
        let errors: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
        let dups: Vec<String> = report
            .duplicates
            .iter()
            .map(|(path, title)| format!("{}: already in the corpus as “{title}”", path.display()))
            .collect();
        match p.add_articles(report.articles) {
            Ok(_) => {
                for e in errors {
                    self.error(e);
                }
                for d in dups {
                    self.message(d);
                }
                self.message(summary);
                if let Some(id) = first {
                    self.viewer.open(id);
                }
            }
            Err(e) => self.error(format!("Import failed, nothing was added: {e}")),
        }
    }

    pub fn save_prefs(&self, storage: &mut dyn eframe::Storage) {
        if let Ok(s) = serde_json::to_string(&self.prefs) {
            storage.set_string(PREFS_KEY, s);
        }
    }
}

impl eframe::App for KhabarApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
        if self.quit_requested {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.save_prefs(storage);
    }
}

/// Give a widget without a visible label its accessible name (for screen readers; kittest checks every widget).
pub fn name_widget(resp: &egui::Response, role: egui::Role, name: &str) {
    resp.widget_info(|| egui::WidgetInfo::labeled(role, resp.enabled(), name));
}

/// A combo box choosing one code of the codebook, or none (`none_label`), with an accessible name.
pub fn code_filter_combo(
    ui: &mut Ui,
    id_salt: &str,
    project: &Project,
    value: &mut Option<CodeId>,
    none_label: &str,
    name: &str,
) {
    let selected = value
        .and_then(|c| project.code(c))
        .map(|c| c.name.clone())
        .unwrap_or_else(|| none_label.to_owned());
    let combo = egui::ComboBox::new(id_salt, "")
        .selected_text(selected)
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, none_label);
            for c in project.codes() {
                ui.selectable_value(value, Some(c.id), &c.name);
            }
        });
    name_widget(&combo.response, egui::Role::ComboBox, name);
}
