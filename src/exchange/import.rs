//! Import: re-anchor what a file holds, plan the codes it lacks, and apply everything as one edit.

use std::collections::HashSet;
use std::path::Path;

use chrono::Utc;
use serde_json::Value;
use uuid::Uuid;

use crate::annotate::{palette_color, Annotation, Change, Code, CodeId, Edit, Record};
use crate::model::{normalize_text, ArticleId};
use crate::project::Project;

use super::anchor::{self, AnchorKind};
use super::{native, w3c, CodeSpec, ExchangeError, Incoming};

/// An imported annotation that could not be placed in its article. It is reported, never dropped silently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Orphan {
    pub quote: String,
    pub article: ArticleId,
    pub reason: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Annotations added to the project.
    pub imported: usize,
    pub anchored_by_position: usize,
    pub anchored_by_quote: usize,
    /// Found by an approximate match of the quote: worth a look.
    pub fuzzy: usize,
    /// Annotations with the same id and content were already in the project: skipped.
    pub already_present: usize,
    /// Imported annotations whose id was taken by a different annotation: they got a new id.
    pub renamed: usize,
    pub orphans: Vec<Orphan>,
    /// Names of codes the import added to the codebook.
    pub created_codes: Vec<String>,
}

impl ImportReport {
    /// A one-paragraph summary for the status bar or the terminal.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "Imported {} annotation(s): {} by position, {} by quote, {} approximately",
            self.imported, self.anchored_by_position, self.anchored_by_quote, self.fuzzy
        );
        if self.already_present > 0 {
            s += &format!("; {} already present", self.already_present);
        }
        if self.renamed > 0 {
            s += &format!("; {} got a new id", self.renamed);
        }
        if !self.orphans.is_empty() {
            s += &format!("; {} could not be placed", self.orphans.len());
        }
        if !self.created_codes.is_empty() {
            s += &format!("; new codes: {}", self.created_codes.join(", "));
        }
        s
    }
}

/// Parse, re-anchor and apply an annotation file (W3C or native JSON, detected from the content) as one edit.
/// Nothing is changed when it returns an error.
pub fn import_annotations(
    project: &mut Project,
    bytes: &[u8],
    source_name: &str,
) -> Result<ImportReport, ExchangeError> {
    let ctx = |e: ExchangeError| e.in_file(source_name);
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    // A W3C collection with its page embedded (what Khabar and most tools write): read one annotation at a time,
    // so no tree of the whole file is built and freed.
    if let Some(incoming) = w3c::parse_collection_streaming(bytes, project.metas()) {
        let incoming = incoming.map_err(ctx)?;
        return apply_incoming(project, incoming, &[], source_name).map_err(ctx);
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        ctx(ExchangeError::Json {
            message: strip_position(&e),
            line: e.line(),
            column: e.column(),
        })
    })?;
    let (incoming, codebook) = if native::is_native(&value) {
        native::parse(&value, project.metas()).map_err(ctx)?
    } else {
        (
            w3c::parse(&value, project.metas()).map_err(ctx)?,
            Vec::new(),
        )
    };
    apply_incoming(project, incoming, &codebook, source_name).map_err(ctx)
}

/// serde_json's message without its own " at line L column C" (we print them in words).
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// Apply what a file holds: first the codes of its codebook (native files; in the file's order) that the project
/// lacks, then the annotations, as one edit.
fn apply_incoming(
    project: &mut Project,
    incoming: Vec<Incoming>,
    codebook: &[CodeSpec],
    source_name: &str,
) -> Result<ImportReport, ExchangeError> {
    // Whole-file checks first: every article known, every position inside its article.
    let mut unknown: Vec<String> = Vec::new();
    for inc in &incoming {
        match project.meta(&inc.article) {
            None => {
                if !unknown.contains(&inc.article.0) {
                    unknown.push(inc.article.0.clone());
                }
            }
            Some(meta) => {
                if let Some(p) = &inc.selectors.position {
                    if p.start > p.end || p.end > meta.char_len {
                        return Err(ExchangeError::OutsideArticle {
                            path: inc.path.clone(),
                            start: p.start,
                            end: p.end,
                            article: meta.id.clone(),
                            len: meta.char_len,
                        });
                    }
                }
            }
        }
    }
    if !unknown.is_empty() {
        return Err(ExchangeError::UnknownArticles(unknown));
    }

    let mut report = ImportReport::default();
    let mut changes: Vec<Change> = Vec::new();
    let mut new_codes: Vec<Code> = Vec::new();
    let mut used_ids: HashSet<Uuid> = HashSet::new();
    let now = Utc::now();
    plan_codebook(project, &mut new_codes, codebook)?;
    for inc in incoming {
        let article = project.article(&inc.article)?;
        let (range, kind) = match anchor::anchor(&article, &inc.selectors) {
            Ok(x) => x,
            Err(reason) => {
                let quote = inc
                    .selectors
                    .exact
                    .clone()
                    .or_else(|| {
                        inc.selectors
                            .position
                            .clone()
                            .map(|p| article.slice(p).to_owned())
                    })
                    .unwrap_or_default();
                report.orphans.push(Orphan {
                    quote,
                    article: inc.article.clone(),
                    reason,
                });
                continue;
            }
        };
        let mut codes: Vec<CodeId> = Vec::new();
        for spec in &inc.codes {
            let id = resolve_code(project, &mut new_codes, spec, &inc.codes)?;
            if !codes.contains(&id) {
                codes.push(id);
            }
        }
        let mut annotation = Annotation {
            id: inc.id.unwrap_or_else(Uuid::new_v4),
            article: inc.article.clone(),
            start: range.start,
            end: range.end,
            quote: article.slice(range.clone()).to_owned(),
            codes,
            note: inc.note.clone(),
            creator: inc
                .creator
                .clone()
                .unwrap_or_else(|| project.creator.clone()),
            created: inc.created.unwrap_or(now),
            modified: inc.modified.or(inc.created).unwrap_or(now),
        };
        if let Some(existing) = project.annotation(&annotation.id) {
            if same_content(&existing, &annotation) {
                report.already_present += 1;
                continue;
            }
            annotation.id = Uuid::new_v4();
            report.renamed += 1;
        } else if used_ids.contains(&annotation.id) {
            annotation.id = Uuid::new_v4();
            report.renamed += 1;
        }
        used_ids.insert(annotation.id);
        match kind {
            AnchorKind::Position => report.anchored_by_position += 1,
            AnchorKind::Quote => report.anchored_by_quote += 1,
            AnchorKind::Fuzzy { .. } => report.fuzzy += 1,
        }
        report.imported += 1;
        changes.push(Change::create(Record::Annotation(annotation)));
    }
    report.created_codes = new_codes.iter().map(|c| c.name.clone()).collect();
    if !changes.is_empty() || !new_codes.is_empty() {
        let mut all: Vec<Change> = new_codes
            .into_iter()
            .map(|c| Change::create(Record::Code(c)))
            .collect();
        all.extend(changes);
        let label = format!(
            "Import {} annotation(s) from {}",
            report.imported,
            Path::new(source_name)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| source_name.to_owned())
        );
        project.apply(Edit::new(label, all))?;
    }
    Ok(report)
}

/// Same passage, codes and note: importing it again would only duplicate it.
fn same_content(a: &Annotation, b: &Annotation) -> bool {
    a.article == b.article
        && a.start == b.start
        && a.end == b.end
        && a.note == b.note
        && a.codes.len() == b.codes.len()
        && a.codes.iter().all(|c| b.codes.contains(c))
}

/// The id of the code named in `spec`: an existing code, one this import already created, or a new one (with its
/// parent, when the file names one that is new too).
fn resolve_code(
    project: &Project,
    new_codes: &mut Vec<Code>,
    spec: &CodeSpec,
    siblings: &[CodeSpec],
) -> Result<CodeId, ExchangeError> {
    let name = normalize_text(spec.name.trim());
    if name.trim().is_empty() {
        return Err(ExchangeError::field(&spec.path, "a code without a name"));
    }
    if let Some(c) = project.code_by_name(&name) {
        return Ok(c.id);
    }
    if let Some(c) = new_codes.iter().find(|c| c.name == name) {
        return Ok(c.id);
    }
    // A parent named by the file: existing, or created first (one level only).
    let parent = match spec
        .parent
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        None => None,
        Some(p) if p == name => None,
        Some(p) => {
            let parent_spec = siblings
                .iter()
                .find(|s| s.name.trim() == p)
                .cloned()
                .map(|mut s| {
                    s.parent = None;
                    s
                })
                .unwrap_or(CodeSpec {
                    name: p.to_owned(),
                    path: spec.path.clone(),
                    ..CodeSpec::default()
                });
            let pid = resolve_code(project, new_codes, &parent_spec, &[])?;
            // Only a top-level code can be a parent.
            let top = project
                .code(pid)
                .map(|c| c.parent.is_none())
                .or_else(|| {
                    new_codes
                        .iter()
                        .find(|c| c.id == pid)
                        .map(|c| c.parent.is_none())
                })
                .unwrap_or(false);
            top.then_some(pid)
        }
    };
    Ok(push_code(project, new_codes, spec, name, parent))
}

/// Largest code id an import file may keep: larger ones get the next free id (and never overflow the next one).
const MAX_KEPT_CODE_ID: i64 = 1 << 31;

/// Add a code to those the import creates: the file's id when free, else the next free id; the file's colour, else
/// one from the palette; its shortcut when free.
fn push_code(
    project: &Project,
    new_codes: &mut Vec<Code>,
    spec: &CodeSpec,
    name: String,
    parent: Option<CodeId>,
) -> CodeId {
    let taken = project.codes().len() + new_codes.len();
    let next = project.next_code_id().max(
        new_codes
            .iter()
            .map(|c| c.id.saturating_add(1))
            .max()
            .unwrap_or(0),
    );
    let id = spec
        .id
        .filter(|id| {
            (1..=MAX_KEPT_CODE_ID).contains(id)
                && project.code(*id).is_none()
                && !new_codes.iter().any(|c| c.id == *id)
        })
        .unwrap_or(next);
    let position = project
        .codes()
        .iter()
        .map(|c| c.position)
        .chain(new_codes.iter().map(|c| c.position))
        .max()
        .unwrap_or(-1)
        .saturating_add(1);
    new_codes.push(Code {
        id,
        name,
        color: spec.color.unwrap_or_else(|| palette_color(taken)),
        parent,
        shortcut: spec.shortcut.filter(|k| {
            (1..=9).contains(k)
                && project.code_by_shortcut(*k).is_none()
                && !new_codes.iter().any(|c| c.shortcut == Some(*k))
        }),
        is_event: spec.is_event,
        position,
    });
    id
}

/// The codes of a file's codebook that the project lacks (by name), created in the file's order with their ids
/// (when free), colours, shortcuts, event flags and parents, so a native export imported into a project with an
/// empty codebook exports again byte for byte. A parent is kept when it is a top-level code after the import
/// (one level of hierarchy).
fn plan_codebook(
    project: &Project,
    new_codes: &mut Vec<Code>,
    codebook: &[CodeSpec],
) -> Result<(), ExchangeError> {
    let mut created: Vec<(usize, &CodeSpec)> = Vec::new();
    for spec in codebook {
        let name = normalize_text(spec.name.trim());
        if name.trim().is_empty() {
            return Err(ExchangeError::field(&spec.path, "a code without a name"));
        }
        if project.code_by_name(&name).is_some() || new_codes.iter().any(|c| c.name == name) {
            continue;
        }
        push_code(project, new_codes, spec, name, None);
        created.push((new_codes.len() - 1, spec));
    }
    // The parent each created code asks for, then granted only to a parent that is itself top-level.
    let wanted: Vec<(usize, CodeId)> = created
        .iter()
        .filter_map(|(i, spec)| {
            let p = normalize_text(spec.parent.as_deref()?.trim());
            let pid = project
                .code_by_name(&p)
                .map(|c| c.id)
                .or_else(|| new_codes.iter().find(|c| c.name == p).map(|c| c.id))?;
            (pid != new_codes[*i].id).then_some((*i, pid))
        })
        .collect();
    let is_top = |pid: CodeId| match project.code(pid) {
        Some(c) => c.parent.is_none(),
        None => !wanted.iter().any(|(i, _)| new_codes[*i].id == pid),
    };
    let granted: Vec<(usize, CodeId)> = wanted
        .iter()
        .copied()
        .filter(|(_, pid)| is_top(*pid))
        .collect();
    for (i, pid) in granted {
        new_codes[i].parent = Some(pid);
    }
    Ok(())
}
