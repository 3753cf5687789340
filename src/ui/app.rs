//! The app: what it holds, and one frame (derived state refreshed, views drawn, their actions applied).

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, Sender};

use egui::{Key, Modifiers, Ui};

use super::*;
use crate::fonts::FontChoice;
use crate::project::Project;
use dialogs::{DialogPurpose, PathPrompt};

/// How often the window looks at work running on threads of its own (dating a project file, an event build) when
/// nothing else asks for a frame: often enough for a progress count, rarely enough to leave the cores to the work
/// (under Xvfb a software renderer at 30 Hz took a fifth of both cores; at 10 Hz dating 100,000 articles took
/// 14.5-16 s, at 4 Hz 13.6-14.3 s).
pub(crate) const THREAD_WORK_LOOK: std::time::Duration = std::time::Duration::from_millis(250);

pub struct KhabarApp {
    pub project: Option<Project>,
    pub prefs: Prefs,
    pub viewer: viewer::ViewerState,
    /// The temporal expressions of the open article, for the date underlines.
    viewer_dates: viewer::DateMentions,
    /// The last damage of the project file reported to the user (each is reported once).
    reported_damage: Option<String>,
    pub corpus: corpus_panel::CorpusPanelState,
    pub annotations: annotations_panel::AnnotationsPanelState,
    pub codebook: codebook_window::CodebookWindow,
    pub settings: settings::SettingsWindow,
    pub timeline: timeline_panel::TimelinePanel,
    /// What the views show that is derived from the project (refreshed once per frame, before they draw).
    pub derived: crate::derived::Derived,
    pub details: article_details::ArticleDetailsWindow,
    pub url_import: url_import::UrlImportWindow,
    pub feeds: feeds_window::FeedsWindow,
    pub export: export_window::ExportWindow,
    pub search: search_window::SearchWindow,
    pub segments: analysis_windows::SegmentsWindow,
    pub matrix: analysis_windows::MatrixWindow,
    /// Team coding: the agreement window and its disagreement list.
    pub agreement: team::AgreementWindow,
    /// File › Team…: the team server window, and the open team project's continuous sync.
    pub team_server: super::team_server::TeamServerWindow,
    pub sync: Option<super::team_server::SyncLink>,
    /// The project instance the sync was last started for (a team project starts syncing once opened).
    pub(super) sync_tried_for: Option<u64>,
    pub prompt: Option<PathPrompt>,
    pub messages: Vec<Message>,
    pub show_messages: bool,
    /// Files the last article import could not read, with why: shown in a window until closed.
    pub import_failures: Vec<String>,
    pub(super) jobs_tx: Sender<JobResult>,
    pub(super) jobs_rx: Receiver<JobResult>,
    pub(super) fonts_installed_for: Option<Option<FontChoice>>,
    /// Which fonts are in use (a counter bumped whenever they change) and the pass they apply from: part of the key
    /// of every laid-out text that views keep.
    pub(super) fonts_generation: (u64, u64),
    /// The search index being built for the open project, and how far it is.
    pub(super) index_job: Option<(crate::store::IndexJob, crate::store::IndexProgress)>,
    /// Whether to open native file dialogs (off in tests, where no dialog must block).
    pub native_dialogs: bool,
    pub quit_requested: bool,
    /// A large annotation import, announced in the status bar, that runs once the announcement is on screen (the
    /// window waits while it runs): its file, the project it is for, and how many frames are still to be drawn
    /// first.
    pub(super) announced_import: Option<(PathBuf, u64, u8)>,
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
        let mut app = KhabarApp {
            project: None,
            prefs,
            viewer: Default::default(),
            viewer_dates: Default::default(),
            reported_damage: None,
            corpus: Default::default(),
            annotations: Default::default(),
            codebook: Default::default(),
            settings: Default::default(),
            timeline: Default::default(),
            derived: Default::default(),
            details: Default::default(),
            url_import: Default::default(),
            feeds: Default::default(),
            export: Default::default(),
            search: Default::default(),
            segments: Default::default(),
            matrix: Default::default(),
            agreement: Default::default(),
            team_server: Default::default(),
            sync: None,
            sync_tried_for: None,
            prompt: None,
            messages: Vec::new(),
            show_messages: false,
            import_failures: Vec::new(),
            jobs_tx,
            jobs_rx,
            fonts_installed_for: None,
            fonts_generation: (0, 0),
            index_job: None,
            native_dialogs: true,
            quit_requested: false,
            announced_import: None,
        };
        app.restore_view_prefs();
        app
    }

    /// Views whose state the preferences keep between runs: set them from the preferences.
    fn restore_view_prefs(&mut self) {
        self.timeline.open = self.prefs.timeline_open;
        self.timeline.by_article = self.prefs.timeline_by_article;
        self.annotations.whole_corpus = self.prefs.annotations_whole_corpus;
    }

    /// ...and copy them back, wherever they were changed (a menu, a key, the view itself), so they are saved.
    fn record_view_prefs(&mut self) {
        self.prefs.timeline_open = self.timeline.open;
        self.prefs.timeline_by_article = self.timeline.by_article;
        self.prefs.annotations_whole_corpus = self.annotations.whole_corpus;
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

    pub(super) fn install_fonts(&mut self, ctx: &egui::Context) {
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
        // New fonts apply from the next pass on: what is laid out from then on is keyed by the new generation.
        self.fonts_generation = (self.fonts_generation.0 + 1, ctx.cumulative_pass_nr() + 1);
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
        self.search.project_changed();
        self.segments.project_changed();
        self.matrix.project_changed();
        self.agreement.project_changed();
        if let Some(id) = first {
            self.viewer.open(id);
        }
        // A project whose full-text index is incomplete (upgraded from an older format) gets it built a slice a
        // frame; the status bar shows how far it is.
        self.index_job = project
            .index_progress()
            .ok()
            .filter(|p| !p.complete() && !project.is_read_only())
            .map(|p| (crate::store::IndexJob::default(), p));
        self.project = Some(project);
    }

    /// The fonts in use for what is laid out in this pass (see `fonts_generation`).
    pub fn fonts_key(&self, ctx: &egui::Context) -> u64 {
        let (generation, from_pass) = self.fonts_generation;
        if ctx.cumulative_pass_nr() >= from_pass {
            generation
        } else {
            generation.saturating_sub(1)
        }
    }

    /// Say that an action named something the open project does not have, and so did nothing.
    pub(super) fn not_in_project(&mut self, what: impl std::fmt::Display) {
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

    /// Index a few more articles for search, if the index is incomplete (long work a slice a frame, before views).
    fn build_index_slice(&mut self, ctx: &egui::Context) {
        let (Some(p), Some((job, _))) = (self.project.as_mut(), self.index_job.as_mut()) else {
            return;
        };
        match p.index_step(job, 50) {
            Ok(progress) if progress.complete() => self.index_job = None,
            Ok(progress) => {
                if let Some((_, shown)) = self.index_job.as_mut() {
                    *shown = progress;
                }
                ctx.request_repaint();
            }
            Err(e) => {
                self.index_job = None;
                self.error(format!("Building the search index stopped: {e}"));
            }
        }
    }

    /// Where work done off the UI thread (a native file dialog, the font list) reports back; tests stand in for a
    /// dialog through it.
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
                JobResult::UrlsFetched { instance, results } => {
                    self.urls_fetched(instance, results)
                }
                JobResult::FeedsRead { instance, feeds } => self.feeds_read(instance, feeds),
                JobResult::FeedItemsFetched { instance, results } => {
                    self.feed_items_fetched(instance, results)
                }
                JobResult::Exported {
                    path,
                    format,
                    result,
                } => self.export_finished(&path, format, result),
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
        if let Some((path, instance, frames)) = self.announced_import.as_mut() {
            if *frames > 0 {
                *frames -= 1;
                ctx.request_repaint();
            } else if self.project.as_ref().map(Project::instance) == Some(*instance) {
                actions.push(Action::ImportAnnotations(path.clone()));
            } else {
                // Another project was opened meanwhile: the import was asked for in the previous one.
                self.announced_import = None;
            }
        }
        if !article_files.is_empty() {
            actions.push(Action::ImportArticles(article_files));
        }
        actions.extend(self.shortcuts(&ctx));

        actions.extend(menu::menu_bar(ui, self));
        self.build_index_slice(&ctx);
        self.step_sync(&ctx);
        // Whose annotations the views show: one rule, from the preferences (see `team::CoderView`); rebuilt only
        // when the preferences change (it holds a set of names).
        if !self.viewer.coders.is_for(&self.prefs) {
            self.viewer.coders = team::CoderView::new(&self.prefs);
        }
        self.status_bar(ui);
        if let Some(project) = self.project.as_ref() {
            // Derived state is brought up to date in one step, before any view draws (long work a slice a frame).
            if self.timeline.open
                && self
                    .derived
                    .refresh(project, std::time::Duration::from_millis(5))
            {
                // Dating in memory: the next slice at once (this thread feeds the workers). Work on threads of its
                // own (dating a project file, an event build): a look now and then is enough, and repainting at full
                // rate would take the cores it runs on (a software renderer took 44 % of both); sooner while what
                // they found waits to be taken in.
                let in_file = project.path() != std::path::Path::new(":memory:");
                match self.derived.timeline_progress {
                    // Found more than one frame's budget takes in: the rest at the next frame.
                    Some(p) if p.behind && in_file => {
                        ctx.request_repaint_after(std::time::Duration::from_millis(16))
                    }
                    Some(p) if p.building || in_file => ctx.request_repaint_after(THREAD_WORK_LOOK),
                    _ => ctx.request_repaint(),
                }
            }
            self.viewer.letter_precise = self.prefs.letter_precise;
            self.viewer.margin_width = self.prefs.coding_margin;
            let current = self.viewer.article.clone();
            let key = project.key();
            let fonts_key = self.fonts_key(&ctx);
            // Side panels never take more than about a quarter of the window each, so a small window (1024 px)
            // keeps a reading column.
            let window_w = ui.available_width();
            egui::Panel::left("corpus")
                .resizable(true)
                .default_size(300.0)
                .max_size((window_w * 0.24).max(200.0))
                .show(ui, |ui| {
                    let counts = |id: &ArticleId| project.annotation_count_of(id);
                    actions.extend(self.corpus.show(
                        ui,
                        project.metas(),
                        key,
                        current.as_ref(),
                        &counts,
                        fonts_key,
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
                    .max_size((window_w * 0.27).max(240.0))
                    .show(ui, |ui| {
                        actions.extend(self.annotations.show(ui, project, &self.viewer));
                    });
            }
            self.viewer.date_mentions = if self.prefs.underline_dates {
                self.viewer_dates
                    .mentions(project, self.viewer.article.as_ref())
            } else {
                Default::default()
            };
            self.viewer.search_hits = self
                .search
                .hits_in_article(project, self.viewer.article.as_ref());
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
            actions.extend(
                self.search
                    .show(&ctx, project, self.viewer.article.as_ref()),
            );
            let coders = self.viewer.coders.visible_coders();
            actions.extend(self.segments.show(&ctx, project, coders));
            actions.extend(self.matrix.show(&ctx, project, coders));
            actions.extend(self.agreement.show(&ctx, project, self.prefs.blind_coding));
        }
        actions.extend(self.settings.show(&ctx, &self.prefs, &self.jobs_tx));
        actions.extend(self.details.show(&ctx));
        actions.extend(super::team_server::team_window(&ctx, self));
        actions.extend(self.url_import.show(&ctx));
        actions.extend(self.feeds.show(&ctx));
        self.messages_window(&ctx);
        self.import_failures_window(&ctx);

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
        self.record_view_prefs();
        // Damage found while views read the project (an annotation that does not fit its article…) is shown once.
        let damage = self.project.as_ref().and_then(Project::damage);
        if damage.is_some() && damage != self.reported_damage {
            self.reported_damage = damage.clone();
            self.error(damage.unwrap_or_default());
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
                            out.push(Action::ToggleCodeShortcut(n as u8 + 1));
                        }
                    }
                    if i.consume_key(Modifiers::NONE, Key::Enter) {
                        out.push(Action::CodeSelection);
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
    pub(super) fn run_command(&mut self, ctx: &egui::Context, command: Command) {
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
            Command::ImportFromUrls => self.url_import.open = self.project.is_some(),
            Command::Feeds => {
                self.feeds.open = self.project.is_some();
                self.reload_feeds();
            }
            Command::ExportAnnotations => self.export.open = self.project.is_some(),
            Command::Quit => self.quit_requested = true,
            Command::Undo => self.apply(ctx, Action::Undo),
            Command::Redo => self.apply(ctx, Action::Redo),
            Command::Codebook => self.codebook.open = true,
            Command::Preferences => self.settings.open = true,
            Command::LargerText => self.apply(ctx, font_step(self.prefs.font_size + 2.0)),
            Command::SmallerText => self.apply(ctx, font_step(self.prefs.font_size - 2.0)),
            Command::DefaultTextSize => self.apply(ctx, font_step(Prefs::default().font_size)),
            Command::ToggleTimeline => self.timeline.open = !self.timeline.open,
            Command::ToggleAnnotationsPanel => {
                self.prefs.show_annotations_panel = !self.prefs.show_annotations_panel
            }
            Command::ToggleDateUnderlines => {
                self.prefs.underline_dates = !self.prefs.underline_dates
            }
            Command::Messages => self.show_messages = true,
            Command::FindInArticle => self.search.open_with(true),
            Command::FindInCorpus => self.search.open_with(false),
            Command::CodedSegments => self.segments.open = true,
            Command::CodeMatrix => self.matrix.open = true,
            Command::FindNext | Command::FindPrevious => {
                let Some(p) = &self.project else {
                    return;
                };
                let forward = command == Command::FindNext;
                if let Some(a) = self.search.step(p, self.viewer.article.as_ref(), forward) {
                    self.apply(ctx, a);
                }
            }
            Command::Agreement => self.agreement.open = self.project.is_some(),
            Command::TeamServer => self.team_server.open = self.project.is_some(),
            Command::NextArticle | Command::PreviousArticle => {
                let step = if command == Command::NextArticle {
                    1
                } else {
                    -1
                };
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
                if let Some(link) = &self.sync {
                    let r = ui.label(link.status.text());
                    if let super::team_server::SyncStatus::Offline { why, .. } = &link.status {
                        r.on_hover_text(why);
                    }
                    ui.separator();
                }
                if let Some(s) = self.viewer.coders.status() {
                    ui.label(egui::RichText::new(s).strong());
                    ui.separator();
                }
                if let Some((_, progress)) = &self.index_job {
                    ui.add(
                        egui::ProgressBar::new(progress.done as f32 / progress.total.max(1) as f32)
                            .desired_width(120.0)
                            .text(format!("search index {}/{}", progress.done, progress.total)),
                    );
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

    fn import_failures_window(&mut self, ctx: &egui::Context) {
        if self.import_failures.is_empty() {
            return;
        }
        let mut open = true;
        let mut close = false;
        egui::Window::new(format!(
            "Import: {} file(s) could not be imported",
            self.import_failures.len()
        ))
        .id(egui::Id::unique("import-failures"))
        .open(&mut open)
        .default_width(560.0)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for e in &self.import_failures {
                        ui.colored_label(ui.visuals().error_fg_color, e);
                    }
                });
            if ui.button("Close").clicked() {
                close = true;
            }
        });
        if !open || close {
            self.import_failures.clear();
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
