//! Every command a user can give from a menu or the keyboard, in one table: each owns its label, its tooltip and its
//! shortcuts. The shortcut handler, the menus, the Help text and the README's shortcut table all come from here, so
//! they cannot disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

/// A menu or keyboard command. Applying one is [`super::KhabarApp::apply`]'s job (through `Action::Command`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    NewProject,
    OpenProject,
    SaveProjectAs,
    ImportArticles,
    ImportFromUrls,
    Feeds,
    ImportAnnotations,
    ExportAnnotations,
    Quit,
    Undo,
    Redo,
    Codebook,
    Preferences,
    LargerText,
    SmallerText,
    DefaultTextSize,
    ToggleTimeline,
    ToggleAnnotationsPanel,
    ToggleDateUnderlines,
    Messages,
    NextArticle,
    PreviousArticle,
    FindInArticle,
    FindInCorpus,
    FindNext,
    FindPrevious,
    CodedSegments,
    CodeMatrix,
    Agreement,
    TeamServer,
}

const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    alt: false,
    ctrl: false,
    shift: true,
    mac_cmd: false,
    command: true,
};

impl Command {
    /// In menu order.
    pub const ALL: [Command; 30] = [
        Command::NewProject,
        Command::OpenProject,
        Command::SaveProjectAs,
        Command::ImportArticles,
        Command::ImportFromUrls,
        Command::Feeds,
        Command::ImportAnnotations,
        Command::ExportAnnotations,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::Codebook,
        Command::Preferences,
        Command::LargerText,
        Command::SmallerText,
        Command::DefaultTextSize,
        Command::ToggleTimeline,
        Command::ToggleAnnotationsPanel,
        Command::ToggleDateUnderlines,
        Command::Messages,
        Command::NextArticle,
        Command::PreviousArticle,
        Command::FindInArticle,
        Command::FindInCorpus,
        Command::FindNext,
        Command::FindPrevious,
        Command::CodedSegments,
        Command::CodeMatrix,
        Command::Agreement,
        Command::TeamServer,
    ];

    /// (label, what it does).
    pub fn text(self) -> (&'static str, &'static str) {
        match self {
            Command::NewProject => ("New project…", "Create an empty project file"),
            Command::OpenProject => ("Open project…", "Open a project file"),
            Command::SaveProjectAs => (
                "Save project as…",
                "Copy the project to a new file and go on working in the copy",
            ),
            Command::ImportArticles => (
                "Import articles…",
                "Import UTF-8 text files and saved web pages (.html, .htm) as articles",
            ),
            Command::ImportFromUrls => (
                "Import from URLs…",
                "Fetch web pages (one address a line) and import them as articles",
            ),
            Command::Feeds => (
                "Feeds…",
                "Follow RSS, Atom and JSON feeds; import their new items",
            ),
            Command::ImportAnnotations => (
                "Import annotations…",
                "Import a W3C or Khabar JSON annotation file (one undoable step)",
            ),
            Command::ExportAnnotations => (
                "Export annotations…",
                "Export annotations as W3C, Khabar JSON or CSV, or the timeline as TimelineJS",
            ),
            Command::Quit => ("Quit", "Close Khabar (every edit is already saved)"),
            Command::Undo => ("Undo", "Undo the last edit"),
            Command::Redo => ("Redo", "Redo the edit undone last"),
            Command::Codebook => ("Codebook…", "Add, rename, recolour and delete codes"),
            Command::Preferences => ("Preferences…", "Your name and the reading font"),
            Command::LargerText => ("Larger text", "Make the reading text larger"),
            Command::SmallerText => ("Smaller text", "Make the reading text smaller"),
            Command::DefaultTextSize => ("Default text size", "Reset the reading text size"),
            Command::ToggleTimeline => ("Timeline", "Show or hide the timeline"),
            Command::ToggleAnnotationsPanel => {
                ("Annotations panel", "Show or hide the annotations panel")
            }
            Command::ToggleDateUnderlines => (
                "Underline dates",
                "Underline every temporal expression in the article; its TIMEX3 value shows on hover",
            ),
            Command::Messages => ("Messages", "All messages of this session"),
            Command::NextArticle => ("Next article", "Next article in the (filtered) corpus list"),
            Command::PreviousArticle => (
                "Previous article",
                "Previous article in the (filtered) corpus list",
            ),
            Command::FindInArticle => ("Find in article…", "Search the open article"),
            Command::FindInCorpus => (
                "Search corpus…",
                "Search the corpus: hits in context, code them",
            ),
            Command::FindNext => ("Next hit", "Go to the next search hit"),
            Command::FindPrevious => ("Previous hit", "Go to the previous search hit"),
            Command::CodedSegments => (
                "Coded segments…",
                "The passages of a code (AND / NOT another code), with context",
            ),
            Command::CodeMatrix => (
                "Code matrices…",
                "Code × article heat map (a cell lists its passages) and code co-occurrence",
            ),
            Command::TeamServer => (
                "Team…",
                "Share the project through a PostgreSQL server: publish, join, sync, history",
            ),
            Command::Agreement => (
                "Agreement…",
                "How well coders agree, per code; their disagreements and adjudication into a gold layer",
            ),
        }
    }

    pub fn label(self) -> &'static str {
        self.text().0
    }

    pub fn tooltip(self) -> &'static str {
        self.text().1
    }

    /// The shortcuts that give this command; the first is the one menus show.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        macro_rules! k {
            ($m:expr, $key:expr) => {
                KeyboardShortcut {
                    modifiers: $m,
                    logical_key: $key,
                }
            };
        }
        match self {
            Command::OpenProject => &[k!(CMD, Key::O)],
            Command::ImportArticles => &[k!(CMD, Key::I)],
            Command::ExportAnnotations => &[k!(CMD, Key::E)],
            Command::Quit => &[k!(CMD, Key::Q)],
            Command::Undo => &[k!(CMD, Key::Z)],
            Command::Redo => &[k!(CMD_SHIFT, Key::Z), k!(CMD, Key::Y)],
            Command::LargerText => &[k!(CMD, Key::Equals), k!(CMD, Key::Plus)],
            Command::SmallerText => &[k!(CMD, Key::Minus)],
            Command::DefaultTextSize => &[k!(CMD, Key::Num0)],
            Command::ToggleTimeline => &[k!(CMD, Key::T)],
            Command::NextArticle => &[k!(CMD, Key::PageDown)],
            Command::PreviousArticle => &[k!(CMD, Key::PageUp)],
            Command::FindInArticle => &[k!(CMD, Key::F)],
            Command::FindInCorpus => &[k!(CMD_SHIFT, Key::F)],
            Command::FindNext => &[k!(Modifiers::NONE, Key::F3)],
            Command::FindPrevious => &[k!(Modifiers::SHIFT, Key::F3)],
            Command::NewProject
            | Command::ImportFromUrls
            | Command::Feeds
            | Command::SaveProjectAs
            | Command::ImportAnnotations
            | Command::Codebook
            | Command::Preferences
            | Command::ToggleAnnotationsPanel
            | Command::ToggleDateUnderlines
            | Command::Messages
            | Command::CodedSegments
            | Command::CodeMatrix
            | Command::Agreement
            | Command::TeamServer => &[],
        }
    }

    /// How the shortcuts read in menus and help ("Ctrl+Shift+Z / Ctrl+Y").
    pub fn shortcut_text(self) -> Option<String> {
        let s = self.shortcuts();
        (!s.is_empty()).then(|| {
            s.iter()
                .map(|k| {
                    let m = k.modifiers;
                    let mut t = String::new();
                    if m.ctrl || m.command {
                        t += "Ctrl+";
                    }
                    if m.alt {
                        t += "Alt+";
                    }
                    if m.shift {
                        t += "Shift+";
                    }
                    t + k.logical_key.symbol_or_name()
                })
                .collect::<Vec<_>>()
                .join(" / ")
        })
    }

    /// Whether this command's shortcut belongs to a focused text field instead (Ctrl+Z undoes typing there, not a
    /// project edit; Ctrl+= is not for the text size while typing, and so on). Only commands that a text field never
    /// uses keep working while one has focus.
    pub fn works_while_typing(self) -> bool {
        matches!(
            self,
            Command::Quit
                | Command::OpenProject
                | Command::ImportArticles
                | Command::ExportAnnotations
                | Command::ToggleTimeline
                | Command::FindInArticle
                | Command::FindInCorpus
                | Command::FindNext
                | Command::FindPrevious
        )
    }

    /// The commands whose shortcuts were pressed this frame (consumed from the input). While a text field has focus
    /// (`typing`) only commands that work while typing are taken; the rest of the keys stay with the field.
    pub fn from_input(ctx: &egui::Context, typing: bool) -> Vec<Command> {
        let mut out = Vec::new();
        ctx.input_mut(|i| {
            // Longer shortcuts first (Ctrl+Shift+Z before Ctrl+Z): consume_shortcut matches modifiers loosely.
            let mut all: Vec<(Command, KeyboardShortcut)> = Command::ALL
                .iter()
                .filter(|c| !typing || c.works_while_typing())
                .flat_map(|c| c.shortcuts().iter().map(move |k| (*c, *k)))
                .collect();
            all.sort_by_key(|(_, k)| std::cmp::Reverse(modifier_count(k.modifiers)));
            for (command, shortcut) in all {
                if i.consume_shortcut(&shortcut) && !out.contains(&command) {
                    out.push(command);
                }
            }
        });
        out
    }

    /// A menu entry for this command (label, shortcut text, tooltip); true when clicked.
    pub fn menu_item(self, ui: &mut egui::Ui, enabled: bool) -> bool {
        self.menu_item_labeled(ui, enabled, self.label())
    }

    /// Like [`Command::menu_item`] with another label (e.g. "Undo: Annotate …").
    pub fn menu_item_labeled(self, ui: &mut egui::Ui, enabled: bool, label: &str) -> bool {
        let mut button = egui::Button::new(label);
        if let Some(s) = self.shortcut_text() {
            button = button.shortcut_text(s);
        }
        ui.add_enabled(enabled, button)
            .on_hover_text(self.tooltip())
            .clicked()
    }
}

fn modifier_count(m: Modifiers) -> u8 {
    m.alt as u8 + m.shift as u8 + (m.ctrl || m.command || m.mac_cmd) as u8
}

/// Keys of the reading view that are not menu commands (they act on the selection in the text).
pub const VIEWER_KEYS: &[(&str, &str)] = &[
    (
        "Drag",
        "select a passage (snaps to whole words; no spaces at the ends)",
    ),
    (
        "Alt+drag",
        "select letter by letter (whole letters; Edit › Preferences makes this the default)",
    ),
    ("Double-click", "select a word"),
    ("Shift+click", "extend the selection"),
    (
        "1 – 9",
        "tick or untick the code with that shortcut in the selection popup",
    ),
    (
        "Enter",
        "apply the ticked codes (and the note); with none ticked, start a note",
    ),
    ("Esc", "cancel the selection"),
    (
        "Click a stripe",
        "select its annotation (right-click: its codes, copy, delete)",
    ),
    (
        "Right-click",
        "codebook menu for the selection; reclassify the block",
    ),
    (
        "Click a highlight",
        "select that annotation (edit codes and note in the right panel)",
    ),
    ("Delete", "delete the selected annotation"),
];

/// The Help menu's text.
pub fn help_text() -> String {
    let mut s = String::new();
    for (keys, what) in VIEWER_KEYS {
        s += &format!("{keys}: {what}\n");
    }
    for c in Command::ALL {
        if let Some(k) = c.shortcut_text() {
            s += &format!("{k}: {}\n", c.tooltip());
        }
    }
    s.trim_end().to_owned()
}

/// The README's table of keys (a test checks that the README holds exactly this).
pub fn markdown_table() -> String {
    let mut s = String::from("| Key / mouse | What it does |\n|---|---|\n");
    for (keys, what) in VIEWER_KEYS {
        s += &format!("| {keys} | {what} |\n");
    }
    for c in Command::ALL {
        if let Some(k) = c.shortcut_text() {
            s += &format!("| {k} | {} |\n", c.tooltip());
        }
    }
    s
}
