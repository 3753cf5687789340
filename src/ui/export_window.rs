//! File › Export annotations (Ctrl+E): format and scope, then a file chosen with the native dialog or typed.

use super::Action;
use crate::annotate::CodeId;
use crate::exchange::{ExportOptions, ExportScope, Format};
use crate::model::ArticleId;
use crate::project::Project;

pub struct ExportWindow {
    pub open: bool,
    pub format: Format,
    pub this_article_only: bool,
    pub code: Option<CodeId>,
    pub include_text: bool,
    /// Export every coder's annotations, also those hidden by blind coding or the coder filter (Team menu).
    pub every_coder: bool,
    /// The last export's outcome, shown in the window.
    pub last: Option<(bool, String)>,
    /// An export is being written in the background.
    pub running: bool,
}

impl Default for ExportWindow {
    fn default() -> Self {
        ExportWindow {
            open: false,
            format: Format::W3c,
            this_article_only: false,
            code: None,
            include_text: false,
            every_coder: false,
            last: None,
            running: false,
        }
    }
}

impl ExportWindow {
    /// The options the window describes, for the article now open.
    pub fn options(&self, current: Option<&ArticleId>) -> ExportOptions {
        ExportOptions {
            format: self.format,
            scope: ExportScope {
                article: if self.this_article_only {
                    current.cloned()
                } else {
                    None
                },
                code: self.code,
                coders: None,
            },
            include_text: self.include_text,
            include_dates: false,
            reproducible: false,
        }
    }

    pub fn show(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        current: Option<&ArticleId>,
    ) -> Vec<Action> {
        let mut actions = Vec::new();
        if !self.open {
            return actions;
        }
        let mut open = self.open;
        egui::Window::new("Export annotations")
            .open(&mut open)
            .default_width(420.0)
            .show(ctx, |ui| {
                ui.strong("Format");
                for f in Format::ALL {
                    ui.radio_value(&mut self.format, f, f.label());
                }
                ui.add_space(4.0);
                ui.strong("Scope");
                ui.radio_value(&mut self.this_article_only, false, "The whole corpus");
                let title = current
                    .and_then(|id| project.meta(id))
                    .map(|m| crate::project::short(&m.title))
                    .unwrap_or_else(|| "no article open".into());
                ui.add_enabled_ui(current.is_some(), |ui| {
                    ui.radio_value(
                        &mut self.this_article_only,
                        true,
                        format!("This article ({title})"),
                    );
                });
                ui.horizontal(|ui| {
                    ui.label("Code");
                    super::code_filter_combo(
                        ui,
                        "export-code",
                        project,
                        &mut self.code,
                        "All codes",
                        "Export only this code",
                    );
                });
                ui.checkbox(&mut self.every_coder, "Every coder's annotations")
                    .on_hover_text(
                        "Also the annotations hidden by blind coding or the coder filter (Team menu); \
                         otherwise only the coders shown are exported",
                    );
                // Always there (greyed out for other formats), so the Export button never moves.
                ui.add_enabled_ui(self.format == Format::Json, |ui| {
                    ui.checkbox(&mut self.include_text, "Include the articles' full text")
                        .on_disabled_hover_text("Khabar JSON only");
                });
                ui.add_space(6.0);
                if self.running {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Exporting…");
                    });
                } else if ui
                    .button("Export…")
                    .on_hover_text(
                        "Choose where to save. A name ending in .csv is written as CSV and .jsonld as W3C, \
                         whatever is chosen above; a name without these gets the format's extension",
                    )
                    .clicked()
                {
                    actions.push(Action::ShowExportPrompt(self.options(current)));
                }
                if let Some((ok, text)) = &self.last {
                    let color = if *ok {
                        ui.visuals().text_color()
                    } else {
                        ui.visuals().error_fg_color
                    };
                    ui.colored_label(color, text);
                }
            });
        self.open = open;
        actions
    }
}
