//! File choosing: the native dialog runs on its own thread; an in-app path field is always there too, because rfd
//! returns `None` both on cancel and when no portal or zenity exists.

use std::path::PathBuf;
use std::sync::mpsc::Sender;

use super::{Action, JobResult};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DialogPurpose {
    ImportArticles,
    NewProject,
    OpenProject,
    SaveProjectAs,
    ExportAnnotations,
    ImportAnnotations,
    /// A CSV or HTML report of a list or matrix.
    SaveReport,
}

impl DialogPurpose {
    pub fn title(self) -> &'static str {
        match self {
            DialogPurpose::ImportArticles => "Import articles",
            DialogPurpose::NewProject => "New project",
            DialogPurpose::OpenProject => "Open project",
            DialogPurpose::SaveProjectAs => "Save project as",
            DialogPurpose::ExportAnnotations => "Export annotations to",
            DialogPurpose::ImportAnnotations => "Import annotations",
            DialogPurpose::SaveReport => "Save report as",
        }
    }

    fn multi(self) -> bool {
        self == DialogPurpose::ImportArticles
    }

    fn saves(self) -> bool {
        matches!(
            self,
            DialogPurpose::NewProject | DialogPurpose::SaveProjectAs
        )
    }

    fn hint(self) -> &'static str {
        match self {
            DialogPurpose::ImportArticles => {
                "UTF-8 text files or saved web pages (.html), one path per line"
            }
            DialogPurpose::NewProject | DialogPurpose::SaveProjectAs => "/path/to/name.khabar",
            DialogPurpose::OpenProject => "/path/to/project.khabar",
            DialogPurpose::ExportAnnotations => "/path/to/annotations.jsonld (or .json, .csv)",
            DialogPurpose::ImportAnnotations => "/path/to/annotations.jsonld or .json",
            DialogPurpose::SaveReport => "/path/to/report.csv (or .html)",
        }
    }

    /// The action for the chosen paths.
    pub fn action(self, mut paths: Vec<PathBuf>) -> Option<Action> {
        if paths.is_empty() {
            return None;
        }
        let with_ext = |p: PathBuf| {
            if p.extension().is_none() {
                p.with_extension("khabar")
            } else {
                p
            }
        };
        Some(match self {
            DialogPurpose::ImportArticles => Action::ImportArticles(paths),
            DialogPurpose::NewProject => Action::NewProject(with_ext(paths.remove(0))),
            DialogPurpose::OpenProject => Action::OpenProject(paths.remove(0)),
            DialogPurpose::SaveProjectAs => Action::SaveProjectAs(with_ext(paths.remove(0))),
            // An export is asked for with its options (`Action::ShowExportPrompt`); without them there is nothing
            // to export.
            DialogPurpose::ExportAnnotations | DialogPurpose::SaveReport => return None,
            DialogPurpose::ImportAnnotations => Action::ImportAnnotations(paths.remove(0)),
        })
    }
}

/// The small window that asks for a path: shows while the native dialog is open, and stays when it cannot open.
pub struct PathPrompt {
    pub purpose: DialogPurpose,
    /// For an export: what to export, fixed when the user asked for it (the action then carries it).
    pub export: Option<crate::exchange::ExportOptions>,
    /// For a report: its bytes, made when the user asked for it.
    pub report: Option<std::sync::Arc<Vec<u8>>>,
    pub text: String,
    pub dialog_running: bool,
    pub note: Option<String>,
    /// The path field has been given keyboard focus once (when it first appears), so typing goes into it.
    focused: bool,
}

impl PathPrompt {
    pub fn new(purpose: DialogPurpose) -> Self {
        PathPrompt {
            purpose,
            export: None,
            report: None,
            text: String::new(),
            dialog_running: false,
            note: None,
            focused: false,
        }
    }

    /// The action for the chosen paths (an export carries its options).
    fn action(&self, mut paths: Vec<PathBuf>) -> Option<Action> {
        match (&self.export, self.purpose) {
            (Some(options), DialogPurpose::ExportAnnotations) if !paths.is_empty() => {
                Some(Action::ExportAnnotations {
                    path: paths.remove(0),
                    options: options.clone(),
                })
            }
            _ if self.purpose == DialogPurpose::SaveReport => {
                let bytes = self.report.clone()?;
                (!paths.is_empty()).then(|| Action::SaveReport {
                    path: paths.remove(0),
                    bytes,
                })
            }
            _ => self.purpose.action(paths),
        }
    }

    /// Open the native dialog on a thread; its answer comes back through the job channel.
    pub fn spawn_dialog(&mut self, ctx: &egui::Context, tx: Sender<JobResult>) {
        self.dialog_running = true;
        let purpose = self.purpose;
        let file_name = PathBuf::from(&self.text)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let dialog = rfd::FileDialog::new().set_title(purpose.title());
            let paths: Vec<PathBuf> = match purpose {
                DialogPurpose::ImportArticles => dialog
                    .add_filter("Text and web pages", &["txt", "text", "md", "html", "htm"])
                    .add_filter("All files", &["*"])
                    .pick_files()
                    .unwrap_or_default(),
                DialogPurpose::OpenProject => dialog
                    .add_filter("Khabar project", &["khabar"])
                    .pick_file()
                    .into_iter()
                    .collect(),
                DialogPurpose::ExportAnnotations => dialog
                    .add_filter("Annotations", &["jsonld", "json", "csv"])
                    .set_file_name(&file_name)
                    .save_file()
                    .into_iter()
                    .collect(),
                DialogPurpose::SaveReport => dialog
                    .set_file_name(&file_name)
                    .save_file()
                    .into_iter()
                    .collect(),
                DialogPurpose::ImportAnnotations => dialog
                    .add_filter("Annotations", &["jsonld", "json"])
                    .pick_file()
                    .into_iter()
                    .collect(),
                DialogPurpose::NewProject | DialogPurpose::SaveProjectAs => dialog
                    .add_filter("Khabar project", &["khabar"])
                    .set_file_name("project.khabar")
                    .save_file()
                    .into_iter()
                    .collect(),
            };
            let _ = tx.send(JobResult::Dialog { purpose, paths });
            ctx.request_repaint();
        });
    }

    /// The dialog answered: returns the action when it chose something; otherwise the prompt stays for typing.
    pub fn dialog_returned(&mut self, paths: Vec<PathBuf>) -> Option<Action> {
        self.dialog_running = false;
        if paths.is_empty() {
            self.note = Some(
                "No file was chosen (the dialog was cancelled, or no file dialog is available on this system). \
                 Type or paste the path here instead."
                    .to_owned(),
            );
        }
        self.action(paths)
    }

    fn typed_paths(&self) -> Vec<PathBuf> {
        let lines: Vec<&str> = self
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let lines = if self.purpose.multi() {
            lines
        } else {
            lines.into_iter().take(1).collect()
        };
        lines
            .into_iter()
            .map(|l| {
                // Accept pasted file:// URIs and quoted paths.
                let l = l.trim_matches(['"', '\'']);
                PathBuf::from(l.strip_prefix("file://").unwrap_or(l))
            })
            .collect()
    }

    /// Returns (close, action).
    pub fn show(&mut self, ctx: &egui::Context) -> (bool, Option<Action>) {
        let mut open = true;
        let mut action = None;
        let mut close = false;
        egui::Window::new(self.purpose.title())
            .id(egui::Id::unique("path-prompt"))
            .open(&mut open)
            .collapsible(false)
            .default_width(480.0)
            .show(ctx, |ui| {
                if self.dialog_running {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Waiting for the file dialog… you can also type the path below.");
                    });
                }
                if let Some(note) = &self.note {
                    ui.label(note);
                }
                let edit = if self.purpose.multi() {
                    egui::TextEdit::multiline(&mut self.text).desired_rows(3)
                } else {
                    egui::TextEdit::singleline(&mut self.text)
                };
                let r = ui.add(
                    edit.hint_text(self.purpose.hint())
                        .desired_width(f32::INFINITY),
                );
                super::name_widget(&r, egui::Role::TextInput, "Path");
                if !self.focused {
                    r.request_focus();
                    // A suggested name is selected, so typing a path replaces it.
                    if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), r.id) {
                        let all = egui::text::CCursorRange::two(
                            egui::text::CCursor::new(0),
                            egui::text::CCursor::new(self.text.chars().count()),
                        );
                        state.cursor.set_char_range(Some(all));
                        state.store(ui.ctx(), r.id);
                    }
                    self.focused = true;
                }
                let enter = r.lost_focus()
                    && ui.input(|i| i.key_pressed(egui::Key::Enter))
                    && !self.purpose.multi();
                ui.horizontal(|ui| {
                    let label = if self.purpose.saves() {
                        "Create"
                    } else {
                        "Open"
                    };
                    let label = match self.purpose {
                        DialogPurpose::ImportArticles | DialogPurpose::ImportAnnotations => {
                            "Import"
                        }
                        DialogPurpose::ExportAnnotations => "Export",
                        DialogPurpose::SaveReport => "Save",
                        _ => label,
                    };
                    if ui.button(label).clicked() || enter {
                        action = self.action(self.typed_paths());
                        if action.is_some() {
                            close = true;
                        } else {
                            self.note = Some("Type a path first.".to_owned());
                        }
                    }
                    if ui.button("Cancel").clicked() {
                        close = true;
                    }
                });
            });
        (close || !open, action)
    }
}
