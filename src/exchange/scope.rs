//! What an export covers: the articles and annotations in scope, and the helpers every writer shares.

use std::collections::HashSet;

use chrono::{DateTime, SecondsFormat, Utc};

use crate::annotate::{Annotation, CodeId};
use crate::model::{ArticleMeta, ArticleRef};
use crate::project::Project;

use super::{ExchangeError, ExportScope};

/// One article in scope with its annotations in scope (sorted by start, end, id).
pub(crate) struct ScopedArticle {
    pub meta: ArticleMeta,
    pub article: ArticleRef,
    pub annotations: Vec<Annotation>,
}

/// The articles (corpus order) and annotations an export covers.
pub(crate) fn scoped(
    project: &mut Project,
    scope: &ExportScope,
) -> Result<Vec<ScopedArticle>, ExchangeError> {
    if let Some(a) = &scope.article {
        if project.meta(a).is_none() {
            return Err(ExchangeError::NoArticle(a.clone()));
        }
    }
    let codes: Option<HashSet<CodeId>> = match scope.code {
        None => None,
        Some(c) => {
            if project.code(c).is_none() {
                return Err(ExchangeError::NoCode(c));
            }
            Some(
                project
                    .codes()
                    .iter()
                    .filter(|x| x.id == c || x.parent == Some(c))
                    .map(|x| x.id)
                    .collect(),
            )
        }
    };
    let metas: Vec<ArticleMeta> = project
        .metas()
        .iter()
        .filter(|m| scope.article.as_ref().is_none_or(|a| *a == m.id))
        .cloned()
        .collect();
    let mut out = Vec::with_capacity(metas.len());
    for meta in metas {
        let annotations: Vec<Annotation> = project
            .try_annotations_of(&meta.id)?
            .iter()
            .filter(|a| {
                codes
                    .as_ref()
                    .is_none_or(|set| a.codes.iter().any(|c| set.contains(c)))
                    && scope
                        .coders
                        .as_ref()
                        .is_none_or(|set| set.contains(&a.creator))
            })
            .cloned()
            .collect();
        let article = project.article(&meta.id)?;
        out.push(ScopedArticle {
            meta,
            article,
            annotations,
        });
    }
    Ok(out)
}

/// Times as xsd:dateTime in UTC with milliseconds (what the project file stores).
pub(crate) fn fmt_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A stable collection id for a scope: the same scope always gets the same id.
pub(crate) fn collection_id(project: &Project, scope: &ExportScope) -> String {
    use sha2::{Digest, Sha256};
    let code = scope
        .code
        .and_then(|c| project.code(c))
        .map(|c| c.name.as_str())
        .unwrap_or("");
    let mut key = format!(
        "article={};code={}",
        scope.article.as_ref().map(|a| a.as_str()).unwrap_or(""),
        code
    );
    // Only a coder-limited scope adds to the key, so the ids of earlier exports stay what they were.
    if let Some(coders) = &scope.coders {
        key += &format!(
            ";coders={}",
            coders.iter().cloned().collect::<Vec<_>>().join(",")
        );
    }
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("urn:khabar:collection:{hex}")
}
