//! The egui layer, thin: one file per view. Views take `&` state and return [`Action`]s; [`KhabarApp::apply`]
//! (`apply.rs`) is the one place where state changes, so every change is committed to the project (and undoable) the
//! same way whichever view asked for it. `app.rs` holds the app and its frame; `commands.rs` the one command table.

pub mod analysis_windows;
pub mod annotations_panel;
mod app;
mod apply;
pub mod article_details;
pub mod codebook_window;
pub mod commands;
pub mod corpus_panel;
pub mod dialogs;
pub mod export_window;
pub mod feeds_window;
pub mod fonts;
pub mod menu;
pub mod search_window;
pub mod settings;
pub mod team;
pub mod team_server;
pub mod timeline_panel;
pub mod url_import;
pub mod viewer;

use std::ops::Range;
use std::path::PathBuf;

use egui::Ui;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::annotate::{Annotation, Code, CodeId};
use crate::fonts::FontChoice;
use crate::model::{ArticleId, BlockKind};
use crate::project::Project;
use commands::Command;
use dialogs::DialogPurpose;

pub use app::KhabarApp;

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
    /// Whose annotations the views show (team coding).
    pub coder_filter: team::CoderFilter,
    /// Blind coding: only my own annotations are shown, whatever `coder_filter` says, until switched off.
    pub blind_coding: bool,
    /// Width of the coding-stripe margin beside the article text (0: hidden).
    pub coding_margin: f32,
    /// Selections snap to letters (grapheme clusters) instead of whole words; Alt gives the other one per drag.
    pub letter_precise: bool,
    /// Whether the timeline panel is shown, and its lanes by article (else by category).
    pub timeline_open: bool,
    pub timeline_by_article: bool,
    /// The annotations list shows the whole corpus (else the open article).
    pub annotations_whole_corpus: bool,
    /// Temporal expressions are underlined in the article (value on hover).
    pub underline_dates: bool,
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
            coder_filter: team::CoderFilter::All,
            blind_coding: false,
            coding_margin: viewer::DEFAULT_MARGIN,
            letter_precise: false,
            timeline_open: true,
            timeline_by_article: false,
            annotations_whole_corpus: false,
            underline_dates: false,
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
    /// Fetch these web pages (a background job) and import them.
    ImportUrls(Vec<String>),
    /// Follow a news feed.
    FollowFeed(String),
    /// Read every followed feed (a background job) and list the new items.
    RefreshFeeds,
    /// Import these feed items (a background job).
    ImportFeedItems(Vec<crate::web::feed::FeedItem>),
    /// Write an export: everything it needs is in the action (fixed when the user chose the file).
    ExportAnnotations {
        path: PathBuf,
        options: crate::exchange::ExportOptions,
    },
    /// Ask where to write an export of `options`.
    ShowExportPrompt(crate::exchange::ExportOptions),
    /// Ask where to save a report (a CSV or HTML export of a list or matrix) made when the user asked for it.
    ShowReportPrompt {
        file_name: String,
        bytes: std::sync::Arc<Vec<u8>>,
    },
    /// Write a report (atomically).
    SaveReport {
        path: PathBuf,
        bytes: std::sync::Arc<Vec<u8>>,
    },
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
    /// Tick or untick the code with this shortcut in the selection popup (keys 1–9).
    ToggleCodeShortcut(u8),
    /// Code the selection with the ticked codes and the note being typed (Enter); with nothing ticked, start a note.
    CodeSelection,
    /// Show the coding-stripe margin with this width (0 hides it).
    SetCodingMargin(f32),
    /// Letter-precise selection by default instead of whole words.
    SetLetterPrecise(bool),
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
    /// Code search hits (each widened) with one code, as one undoable edit; ranges already coded are skipped.
    CodeHits {
        rows: Vec<crate::search::KwicRow>,
        code: CodeId,
        widen: crate::search::autocode::Widen,
    },
    /// Team coding: coder filter, blind mode, adjudication ([`team::TeamAction`]).
    Team(team::TeamAction),
    /// Team projects on a server: publish, join, connect, sync, restore ([`team_server::TeamServerAction`]).
    TeamServer(team_server::TeamServerAction),
}

/// Results of work done off the UI thread.
pub enum JobResult {
    Dialog {
        purpose: DialogPurpose,
        paths: Vec<PathBuf>,
    },
    Fonts(Vec<FontChoice>),
    /// Pages fetched for an import from URLs, for the project instance that asked: (URL, article or why not).
    UrlsFetched {
        instance: u64,
        results: Vec<(String, Result<crate::model::Article, String>)>,
    },
    /// Feeds read for the Feeds window: each feed's items or why it failed.
    FeedsRead {
        instance: u64,
        feeds: Vec<(String, Result<crate::web::feed::ParsedFeed, String>)>,
    },
    /// Feed items fetched for the Feeds window.
    FeedItemsFetched {
        instance: u64,
        results: Vec<(String, Result<crate::model::Article, String>)>,
    },
    /// An export written by a background job: how many items, or why it failed.
    Exported {
        path: PathBuf,
        format: crate::exchange::Format,
        result: Result<usize, String>,
    },
}

/// A line in the status bar / message log.
#[derive(Clone, Debug)]
pub struct Message {
    pub text: String,
    pub error: bool,
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
