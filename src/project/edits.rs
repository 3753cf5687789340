//! User intent → one [`Edit`]: every change a user asks for (from the GUI or the command line) is built here, checked
//! against the project, and committed through [`Project::apply`]. The GUI's `apply` and the CLI call these same
//! functions, so the two cannot drift apart.

use std::path::PathBuf;

use uuid::Uuid;

use super::{short, Project, ProjectError, Result};
use crate::annotate::{Annotation, Change, Edit, Record};
use crate::model::{ArticleId, BlockKind};

/// What importing article files did.
#[derive(Debug, Default)]
pub struct ArticleImport {
    /// Articles added, in the order given.
    pub added: Vec<(ArticleId, String)>,
    /// Files that could not be read as articles, with the reason (path and problem in the message).
    pub errors: Vec<String>,
    /// Files whose text is already in the corpus, with the title it has there.
    pub duplicates: Vec<(PathBuf, String)>,
    /// One line for the status bar or the terminal.
    pub summary: String,
}

fn missing(what: impl std::fmt::Display) -> ProjectError {
    ProjectError::Invalid(format!(
        "{what} is not in this project; nothing was changed"
    ))
}

impl Project {
    /// Reclassify a block (user-set from then on). Returns false when it already had that kind.
    pub fn set_block_kind(
        &mut self,
        article: &ArticleId,
        block: usize,
        kind: BlockKind,
    ) -> Result<bool> {
        let a = self.article(article)?;
        let Some(before) = a.blocks.get(block).cloned() else {
            return Err(missing(format_args!("Block {block} of article {article}")));
        };
        if before.kind == kind {
            return Ok(false);
        }
        let mut after = before.clone();
        after.kind = kind;
        after.reason = "set by the user".to_owned();
        after.user_set = true;
        self.apply(Edit::new(
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
        ))?;
        Ok(true)
    }

    /// Change an annotation's codes and note (its passage stays). Returns false when nothing changed.
    pub fn update_annotation(&mut self, mut after: Annotation) -> Result<bool> {
        let Some(before) = self.try_annotation(&after.id)? else {
            return Err(missing(format_args!(
                "The annotation “{}”",
                short(&after.quote)
            )));
        };
        if before == after {
            return Ok(false);
        }
        if after.article != before.article || (after.start, after.end) != (before.start, before.end)
        {
            return Err(ProjectError::Invalid(
                "An annotation's passage cannot be changed this way; nothing was changed".into(),
            ));
        }
        if let Some(c) = after.codes.iter().find(|c| self.code(**c).is_none()) {
            return Err(missing(format_args!("Code {c}")));
        }
        after.modified = chrono::Utc::now();
        let label = format!("Edit annotation “{}”", short(&after.quote));
        self.apply(Edit::new(
            label,
            vec![Change::update(
                Record::Annotation(before),
                Record::Annotation(after),
            )],
        ))?;
        Ok(true)
    }

    /// Delete an annotation; returns the edit's label ("Delete annotation “…”").
    pub fn delete_annotation(&mut self, id: &Uuid) -> Result<String> {
        let Some(before) = self.try_annotation(id)? else {
            return Err(missing(format_args!("Annotation {id}")));
        };
        let label = format!("Delete annotation “{}”", short(&before.quote));
        self.apply(Edit::new(
            label.clone(),
            vec![Change::delete(Record::Annotation(before))],
        ))?;
        Ok(label)
    }

    /// Import article files (one transaction): what could not be read is reported, the rest is added.
    pub fn import_article_files(&mut self, paths: &[PathBuf]) -> Result<ArticleImport> {
        let report =
            crate::ingest::import_paths(paths, |id| self.meta(id).map(|m| m.title.clone()));
        let outcome = ArticleImport {
            added: report
                .articles
                .iter()
                .map(|a| (a.meta.id.clone(), a.meta.title.clone()))
                .collect(),
            errors: report.errors.iter().map(|e| e.to_string()).collect(),
            duplicates: report.duplicates.clone(),
            summary: report.summary(),
        };
        self.add_articles(report.articles)?;
        Ok(outcome)
    }
}
