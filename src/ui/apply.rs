//! The one place where state changes: every [`Action`] a view, a menu or a key returns is applied here.

use std::path::PathBuf;

use super::*;
use crate::annotate::{Change, Edit};
use crate::project::{short, Project};
use dialogs::PathPrompt;

/// Annotation files at least this large are announced in the status bar before their import runs.
pub(super) const ANNOUNCED_IMPORT_BYTES: u64 = 8 << 20;

impl KhabarApp {
    /// The one place where state changes.
    pub fn apply(&mut self, ctx: &egui::Context, action: Action) {
        // What the views drew this frame predates the action (and what is derived from the project is refreshed
        // at the start of a frame): one more frame shows its result, even when no input follows.
        ctx.request_repaint();
        match action {
            action @ (Action::ShowPrompt(..)
            | Action::ImportArticles(..)
            | Action::ImportUrls(..)
            | Action::FollowFeed(..)
            | Action::RefreshFeeds
            | Action::ImportFeedItems(..)
            | Action::ExportAnnotations { .. }
            | Action::ShowExportPrompt(..)
            | Action::ShowReportPrompt { .. }
            | Action::SaveReport { .. }
            | Action::ImportAnnotations(..)
            | Action::NewProject(..)
            | Action::OpenProject(..)
            | Action::SaveProjectAs(..)) => self.apply_file(ctx, action),
            action @ (Action::SetBlockKind { .. }
            | Action::Annotate { .. }
            | Action::CodeSelection
            | Action::UpdateAnnotation(..)
            | Action::DeleteAnnotation(..)
            | Action::AddCode(..)
            | Action::UpdateCode(..)
            | Action::DeleteCode { .. }
            | Action::EventChange { .. }
            | Action::EditMeta(..)
            | Action::Undo
            | Action::Redo) => self.apply_edit(ctx, action),
            action @ Action::CodeHits { .. } => self.apply_search(action),
            Action::Team(t) => self.apply_team(t),
            Action::TeamServer(t) => self.apply_team_server(ctx, t),
            action => self.apply_view(ctx, action),
        }
    }

    /// Files: projects, imports, exports and the dialogs that choose them.
    fn apply_file(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::ShowPrompt(purpose) => {
                let mut prompt = PathPrompt::new(purpose);
                if self.native_dialogs {
                    prompt.spawn_dialog(ctx, self.jobs_tx.clone());
                }
                self.prompt = Some(prompt);
            }
            Action::ImportArticles(paths) => self.import_articles(paths),
            Action::ImportUrls(urls) => self.import_urls(ctx, urls),
            Action::FollowFeed(url) => self.follow_feed(url),
            Action::RefreshFeeds => self.refresh_feeds(ctx),
            Action::ImportFeedItems(items) => self.import_feed_items(ctx, items),
            Action::ShowExportPrompt(mut options) => {
                // What the GUI exports is what it shows: blind coding or a coder filter limit the export to those
                // coders, unless the export window was asked for every coder.
                if options.scope.coders.is_none() && !self.export.every_coder {
                    options.scope.coders = super::team::CoderView::new(&self.prefs)
                        .visible_coders()
                        .clone();
                }
                let mut prompt = PathPrompt::new(DialogPurpose::ExportAnnotations);
                // Beside the project file, named for the chosen format (the user may type another name).
                let name = format!("khabar-annotations.{}", options.format.extension());
                prompt.text = match self
                    .project
                    .as_ref()
                    .and_then(|p| p.path().parent().map(|d| d.to_path_buf()))
                    .filter(|d| d.is_dir())
                {
                    Some(d) => d.join(&name).display().to_string(),
                    None => name,
                };
                prompt.export = Some(options);
                if self.native_dialogs {
                    prompt.spawn_dialog(ctx, self.jobs_tx.clone());
                }
                self.prompt = Some(prompt);
            }
            Action::ShowReportPrompt { file_name, bytes } => {
                let mut prompt = PathPrompt::new(DialogPurpose::SaveReport);
                // Beside the project file, unless the user types another path.
                let dir = self
                    .project
                    .as_ref()
                    .and_then(|p| p.path().parent().map(|d| d.to_path_buf()))
                    .filter(|d| d.is_dir());
                prompt.text = match dir {
                    Some(d) => d.join(&file_name).display().to_string(),
                    None => file_name,
                };
                prompt.report = Some(bytes);
                if self.native_dialogs {
                    prompt.spawn_dialog(ctx, self.jobs_tx.clone());
                }
                self.prompt = Some(prompt);
            }
            Action::SaveReport { path, bytes } => {
                match crate::output::write_atomically(&path, &bytes) {
                    Ok(()) => self.message(format!("Saved {}", path.display())),
                    Err(e) => self.error(format!("Could not save the report: {e}")),
                }
            }
            Action::ExportAnnotations { path, mut options } => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                // The typed name's extension decides the format, or the name gets the format's extension.
                let (format, path) = crate::exchange::Format::for_path(options.format, &path);
                options.format = format;
                let project_file = p.path().to_owned();
                if project_file.is_file() {
                    // Off the UI thread: the job reads the project file through its own read-only connection
                    // (readers are allowed beside the writer), so 100,000 annotations never freeze the window.
                    let tx = self.jobs_tx.clone();
                    let ctx = ctx.clone();
                    self.export.running = true;
                    self.message(format!("Exporting to {}…", path.display()));
                    std::thread::spawn(move || {
                        let result = crate::project::Project::open_read_only(&project_file)
                            .map_err(|e| e.to_string())
                            .and_then(|mut reader| export_to(&mut reader, &options, &path));
                        let _ = tx.send(JobResult::Exported {
                            path,
                            format,
                            result,
                        });
                        ctx.request_repaint();
                    });
                } else {
                    let result = export_to(p, &options, &path);
                    self.export_finished(&path, format, result);
                }
            }
            Action::ImportAnnotations(path) => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                let name = path.display().to_string();
                let announced = matches!(&self.announced_import, Some((a, _, 0)) if *a == path);
                let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                if !announced && size >= ANNOUNCED_IMPORT_BYTES {
                    // Said on screen first: the window waits while the import runs (about 3 s for 100,000).
                    self.announced_import = Some((path, p.instance(), 2));
                    self.message(format!(
                        "Importing annotations from {name} ({})… the window waits until it is done",
                        crate::ingest::mib(size)
                    ));
                    return;
                }
                self.announced_import = None;
                let result = crate::exchange::import_annotation_file(p, &path);
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
                        if report.orphans_total > report.orphans.len() {
                            self.error(format!(
                                "… and {} more not placed",
                                report.orphans_total - report.orphans.len()
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
            // Other actions are dispatched elsewhere by `apply`.
            _ => {}
        }
    }

    /// Edits of the project (each one undoable).
    fn apply_edit(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::SetBlockKind {
                article,
                block,
                kind,
            } => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                if let Err(e) = p.set_block_kind(&article, block, kind) {
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
            Action::CodeSelection => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                let Some(id) = self.viewer.article.clone() else {
                    return;
                };
                let note = self.viewer.note_draft.clone().unwrap_or_default();
                if self.viewer.checked.is_empty() && note.trim().is_empty() {
                    // Nothing ticked: Enter starts a note instead.
                    return self.apply(ctx, Action::StartNote);
                }
                let range = p
                    .article(&id)
                    .ok()
                    .and_then(|a| self.viewer.selected_range(&a));
                if let Some(range) = range {
                    let codes = self.viewer.checked.clone();
                    self.apply(
                        ctx,
                        Action::Annotate {
                            article: id,
                            range,
                            codes,
                            note,
                        },
                    );
                }
            }
            Action::UpdateAnnotation(after) => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                if let Err(e) = p.update_annotation(after) {
                    self.error(e.to_string());
                }
            }
            Action::DeleteAnnotation(id) => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                match p.delete_annotation(&id) {
                    Ok(label) => {
                        if self.viewer.selected_annotation == Some(id) {
                            self.viewer.selected_annotation = None;
                        }
                        self.message(format!("{label} (Ctrl+Z to undo)"));
                    }
                    Err(e) => self.error(e.to_string()),
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
                    let all = p.try_all_annotations().map_err(|e| e.to_string())?;
                    crate::annotate::codebook::delete_code_changes(
                        p.codes(),
                        &all,
                        id,
                        replace_with,
                    )
                    .map_err(|e| e.to_string())
                })
            }
            Action::EventChange { event, change } => {
                let Some(p) = self.project.as_mut() else {
                    return;
                };
                // Decide only about an event of this project: the events last built for it when they have this
                // event (a large corpus rebuilds them on another thread, which must not hold up a click), else the
                // events brought up to date with it (they are keyed by its identity) before the event is looked up.
                let events = match self.derived.timeline.current_for(p) {
                    Some(events) if events.iter().any(|e| e.id == event) => events,
                    _ => self.derived.timeline_now(p),
                };
                if !events.iter().any(|e| e.id == event) {
                    return self.not_in_project(format_args!("Event {event}"));
                }
                // A merge gives the event a new id: keep the merged event selected by one of its sources, once the
                // events are rebuilt with the merge.
                let merged_member = matches!(change, timeline_panel::EventChange::MergeInto(_))
                    .then(|| {
                        events
                            .iter()
                            .find(|e| e.id == event)?
                            .members
                            .first()
                            .cloned()
                    })
                    .flatten();
                match timeline_panel::decision_changes(p, &events, &event, &change) {
                    Ok((label, changes)) if !changes.is_empty() => {
                        if let Err(e) = p.apply(Edit::new(label, changes)) {
                            return self.error(e.to_string());
                        }
                        if let Some(member) = merged_member {
                            self.timeline.select_when_rebuilt(member, &events);
                        }
                    }
                    Ok(_) => {}
                    Err(e) => self.error(e.to_string()),
                }
            }
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
            // Other actions are dispatched elsewhere by `apply`.
            _ => {}
        }
    }

    /// What is shown and selected; preferences; commands; messages.
    fn apply_view(&mut self, ctx: &egui::Context, action: Action) {
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
            Action::SelectEvent(id) => {
                if let Some(id) = &id {
                    if !self.derived.timeline.current().iter().any(|e| &e.id == id) {
                        return self.not_in_project(format_args!("Event {id}"));
                    }
                }
                self.timeline.selected = id;
            }
            Action::EditDetails(id) => match self.project.as_ref().and_then(|p| p.meta(&id)) {
                Some(m) => {
                    let m = m.clone();
                    let page = match self.project.as_ref().map(|p| p.details(&id)) {
                        Some(Ok(page)) => page,
                        Some(Err(e)) => {
                            self.error(e.to_string());
                            None
                        }
                        None => None,
                    };
                    self.details.open(&m, page)
                }
                None => self.not_in_project(format_args!("Article {id}")),
            },
            Action::Command(c) => self.run_command(ctx, c),
            Action::StartNote => {
                if self.viewer.selection.is_some() {
                    self.viewer.note_draft = Some(String::new());
                }
            }
            Action::ClearSelection => self.viewer.clear_selection(),
            Action::ToggleCodeShortcut(n) => {
                let Some(code) = self
                    .project
                    .as_ref()
                    .and_then(|p| p.code_by_shortcut(n))
                    .map(|c| c.id)
                else {
                    return self.error(format!("No code has the shortcut {n}"));
                };
                if self.viewer.selection.is_some() {
                    self.viewer.toggle_checked(code);
                }
            }
            Action::SetCodingMargin(w) => self.prefs.coding_margin = w.clamp(0.0, 400.0),
            Action::SetLetterPrecise(on) => self.prefs.letter_precise = on,
            Action::Message(m) => self.message(m),
            Action::Error(m) => self.error(m),
            // Other actions are dispatched elsewhere by `apply`.
            _ => {}
        }
    }

    /// Report an export that has finished (in the export window and the status bar).
    pub(super) fn export_finished(
        &mut self,
        path: &std::path::Path,
        format: crate::exchange::Format,
        result: Result<usize, String>,
    ) {
        self.export.running = false;
        match result {
            Ok(n) => {
                let what = match format {
                    crate::exchange::Format::TimelineJs => "events",
                    crate::exchange::Format::TimeMl => "temporal expressions",
                    _ => "annotations",
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

    /// Build an edit from the project and commit it, reporting failure in the status bar.
    pub(super) fn edit_project(
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

    pub(super) fn import_articles(&mut self, paths: Vec<PathBuf>) {
        let Some(p) = self.project.as_mut() else {
            self.error("Open or create a project before importing articles");
            return;
        };
        match p.import_article_files(&paths) {
            Ok(outcome) => {
                // The failures are listed at once in a window of their own, not behind a click on the status bar.
                self.import_failures = outcome.errors.clone();
                for e in outcome.errors {
                    self.error(e);
                }
                for (path, title) in outcome.duplicates {
                    self.message(format!(
                        "{}: already in the corpus as “{title}”",
                        path.display()
                    ));
                }
                self.message(outcome.summary);
                if let Some((id, _)) = outcome.added.into_iter().next() {
                    self.prefs.last_article = Some(id.0.clone());
                    self.viewer.open(id);
                }
            }
            Err(e) => self.error(format!("Import failed, nothing was added: {e}")),
        }
    }
}

impl KhabarApp {
    /// Start fetching pages for File › Import from URLs (one job at a time; the window shows its progress).
    pub(super) fn import_urls(&mut self, ctx: &egui::Context, urls: Vec<String>) {
        let Some(p) = self.project.as_ref() else {
            self.error("Open or create a project before importing articles");
            return;
        };
        if self.url_import.job.is_some() || urls.is_empty() {
            return;
        }
        let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let instance = p.key().instance;
        self.url_import.job = Some(url_import::UrlJob {
            done: done.clone(),
            total: urls.len(),
            instance,
        });
        self.url_import.result = None;
        let tx = self.jobs_tx.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let results = crate::project::web::fetch_pages(
                &urls,
                &crate::web::fetch::FetchLimits::default(),
                |n| {
                    done.store(n, std::sync::atomic::Ordering::SeqCst);
                    ctx.request_repaint();
                },
            );
            let _ = tx.send(JobResult::UrlsFetched { instance, results });
            ctx.request_repaint();
        });
    }

    /// Pages fetched: import them into the project that asked (if it is still the open one) and list the outcome.
    pub(super) fn urls_fetched(
        &mut self,
        instance: u64,
        results: Vec<(String, Result<crate::model::Article, String>)>,
    ) {
        self.url_import.job = None;
        let Some(p) = self
            .project
            .as_mut()
            .filter(|p| p.key().instance == instance)
        else {
            self.message("Pages fetched for the previous project were not imported".to_owned());
            return;
        };
        match p.import_web_results(results) {
            Ok(outcome) => {
                for e in &outcome.errors {
                    self.error(e.clone());
                }
                self.message(outcome.summary.clone());
                self.url_import.result = Some(url_import::UrlImportResult {
                    added: outcome.added.clone(),
                    duplicates: outcome
                        .duplicates
                        .iter()
                        .map(|(u, t)| (u.display().to_string(), t.clone()))
                        .collect(),
                    failures: outcome.errors,
                });
                if let Some((id, _)) = outcome.added.into_iter().next() {
                    self.prefs.last_article = Some(id.0.clone());
                    self.viewer.open(id);
                }
            }
            Err(e) => self.error(format!("Import failed, nothing was added: {e}")),
        }
    }
}

impl KhabarApp {
    /// The Feeds window's list of followed feeds, from the project.
    pub(super) fn reload_feeds(&mut self) {
        let feeds = self.project.as_ref().map(|p| p.feeds());
        match feeds {
            Some(Ok(f)) => self.feeds.feeds = f.into_iter().map(|f| (f.url, f.title)).collect(),
            Some(Err(e)) => self.error(e.to_string()),
            None => self.feeds.feeds.clear(),
        }
    }

    fn follow_feed(&mut self, url: String) {
        let Some(p) = self.project.as_mut() else {
            return;
        };
        if !crate::web::meta::is_web_url(&url) {
            self.error(format!(
                "{url}: not a web address (only http:// and https:// feeds are read)"
            ));
            return;
        }
        match p.follow_feed(&url, None) {
            Ok(true) => self.message(format!("Following {url}")),
            Ok(false) => self.message(format!("{url}: already followed")),
            Err(e) => self.error(e.to_string()),
        }
        self.reload_feeds();
    }

    fn refresh_feeds(&mut self, ctx: &egui::Context) {
        let Some(p) = self.project.as_ref() else {
            return;
        };
        if self.feeds.job.is_some() {
            return;
        }
        let urls: Vec<String> = self.feeds.feeds.iter().map(|(u, _)| u.clone()).collect();
        let instance = p.key().instance;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        self.feeds.job = Some((done.clone(), urls.len()));
        self.feeds.result = None;
        let tx = self.jobs_tx.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let limits = crate::web::fetch::FetchLimits::default();
            let feeds = urls
                .iter()
                .map(|u| {
                    let r = crate::web::feed::fetch_feed(u, &limits).map_err(|e| e.to_string());
                    done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    ctx.request_repaint();
                    (u.clone(), r)
                })
                .collect();
            let _ = tx.send(JobResult::FeedsRead { instance, feeds });
            ctx.request_repaint();
        });
    }

    pub(super) fn feeds_read(
        &mut self,
        instance: u64,
        feeds: Vec<(String, Result<crate::web::feed::ParsedFeed, String>)>,
    ) {
        self.feeds.job = None;
        let Some(p) = self
            .project
            .as_mut()
            .filter(|p| p.key().instance == instance)
        else {
            return;
        };
        let mut items = Vec::new();
        let mut errors = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut store_errors = Vec::new();
        for (url, r) in feeds {
            match r {
                Ok(f) => {
                    if let Err(e) = p.feed_was_refreshed(&url, f.title.as_deref()) {
                        store_errors.push(e.to_string());
                    }
                    for item in f.items {
                        let known = item.link.as_deref().is_some_and(|l| p.has_url(l));
                        let key = item.link.clone().unwrap_or_else(|| item.title.clone());
                        if !known && seen.insert(key) {
                            items.push((item, true));
                        }
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        for e in store_errors {
            self.error(e);
        }
        self.message(format!("{} new feed item(s)", items.len()));
        self.feeds.items = items;
        self.feeds.feed_errors = errors;
        self.feeds.refreshed = true;
        self.reload_feeds();
    }

    fn import_feed_items(&mut self, ctx: &egui::Context, items: Vec<crate::web::feed::FeedItem>) {
        let Some(p) = self.project.as_ref() else {
            return;
        };
        if self.feeds.job.is_some() || items.is_empty() {
            return;
        }
        let instance = p.key().instance;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        self.feeds.job = Some((done.clone(), items.len()));
        let tx = self.jobs_tx.clone();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let limits = crate::web::fetch::FetchLimits::default();
            let results = crate::parallel::map(&items, |i| {
                let r = crate::web::feed::item_article(i, &limits);
                done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                ctx.request_repaint();
                (i.link.clone().unwrap_or_else(|| i.title.clone()), r)
            });
            let _ = tx.send(JobResult::FeedItemsFetched { instance, results });
            ctx.request_repaint();
        });
    }

    pub(super) fn feed_items_fetched(
        &mut self,
        instance: u64,
        results: Vec<(String, Result<crate::model::Article, String>)>,
    ) {
        self.feeds.job = None;
        let Some(p) = self
            .project
            .as_mut()
            .filter(|p| p.key().instance == instance)
        else {
            return;
        };
        let imported: std::collections::HashSet<String> =
            results.iter().map(|(u, _)| u.clone()).collect();
        match p.import_web_results(results) {
            Ok(outcome) => {
                self.message(outcome.summary.clone());
                // Items that came in (or were there already) leave the list; failures stay, to try again.
                let failed: Vec<&String> = outcome.errors.iter().collect();
                self.feeds.items.retain(|(i, _)| {
                    let key = i.link.clone().unwrap_or_else(|| i.title.clone());
                    !imported.contains(&key) || failed.iter().any(|f| f.starts_with(&key))
                });
                self.feeds.result = Some(url_import::UrlImportResult {
                    added: outcome.added,
                    duplicates: outcome
                        .duplicates
                        .iter()
                        .map(|(u, t)| (u.display().to_string(), t.clone()))
                        .collect(),
                    failures: outcome.errors,
                });
            }
            Err(e) => self.error(format!("Import failed, nothing was added: {e}")),
        }
    }
}

/// Export and write atomically; how many items were written.
fn export_to(
    project: &mut Project,
    options: &crate::exchange::ExportOptions,
    path: &std::path::Path,
) -> Result<usize, String> {
    crate::exchange::export_to_file(project, options, path).map_err(|e| e.to_string())
}

impl KhabarApp {
    /// Search: code hits (one undoable edit).
    fn apply_search(&mut self, action: Action) {
        if let Action::CodeHits { rows, code, widen } = action {
            let Some(p) = self.project.as_mut() else {
                return;
            };
            if p.code(code).is_none() {
                return self.not_in_project(format_args!("Code {code}"));
            }
            match crate::search::autocode::code_hits(p, &rows, code, widen, "") {
                Ok(r) if r.created == 0 => self.message(format!(
                    "No hit coded: all {} already had this code",
                    r.skipped
                )),
                Ok(r) => self.message(format!(
                    "Coded {} hit(s), skipped {} already coded (Ctrl+Z undoes this in one step)",
                    r.created, r.skipped
                )),
                Err(e) => self.error(format!("Coding the hits failed, nothing was changed: {e}")),
            }
        }
    }
}
