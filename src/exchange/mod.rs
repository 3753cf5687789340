//! Annotation export and import: W3C Web Annotation (JSON-LD), Khabar's own JSON, and CSV for spreadsheets. No egui
//! here; the CLI and the GUI call the same functions.
//!
//! Export is deterministic: articles in corpus order, annotations by (start, end, id), JSON keys in a fixed order;
//! with `reproducible` nothing depends on the clock, so the same project gives the same bytes.
//!
//! Import re-anchors every annotation ([`anchor`]) and applies everything as one [`Edit`]: one transaction, one undo
//! step, all or nothing.

pub mod anchor;
pub mod csv;
mod error;
pub mod native;
pub mod timelinejs;
pub mod w3c;

use std::collections::HashSet;
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;
use uuid::Uuid;

use crate::annotate::{palette_color, Annotation, Change, Code, CodeId, Edit, Record};
use crate::model::{normalize_text, ArticleId, ArticleMeta, ArticleRef};
use crate::project::Project;

use anchor::{AnchorKind, Selectors};
pub use error::ExchangeError;

/// An export format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// W3C Web Annotation Data Model: an `AnnotationCollection` in JSON-LD.
    W3c,
    /// Khabar's native JSON (`assets/schema/khabar-annotations-v1.schema.json`).
    Json,
    /// One row per (annotation, code), UTF-8 with BOM, for spreadsheets.
    Csv,
    /// The timeline's events as a TimelineJS JSON file (not annotations; cannot be imported back).
    TimelineJs,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::W3c, Format::Json, Format::Csv, Format::TimelineJs];

    /// Name shown in the export window.
    pub fn label(self) -> &'static str {
        match self {
            Format::W3c => "W3C Web Annotation (JSON-LD)",
            Format::Json => "Khabar JSON (with schema)",
            Format::Csv => "CSV (spreadsheets)",
            Format::TimelineJs => "Timeline events (TimelineJS)",
        }
    }

    /// File name extension for a file in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::W3c => "jsonld",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::TimelineJs => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::W3c => "w3c",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::TimelineJs => "timelinejs",
        })
    }
}

impl FromStr for Format {
    type Err = ExchangeError;
    fn from_str(s: &str) -> Result<Self, ExchangeError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "w3c" | "jsonld" | "json-ld" => Ok(Format::W3c),
            "json" | "native" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            "timelinejs" => Ok(Format::TimelineJs),
            other => Err(ExchangeError::UnknownFormat(other.to_owned())),
        }
    }
}

/// Which annotations to export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportScope {
    /// Only this article's annotations.
    pub article: Option<ArticleId>,
    /// Only annotations with this code (or one of its child codes).
    pub code: Option<CodeId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportOptions {
    pub format: Format,
    pub scope: ExportScope,
    /// Native JSON only: include each article's full text.
    pub include_text: bool,
    /// Leave out everything that depends on the clock (the `generated` time), so exports are byte-identical.
    pub reproducible: bool,
}

impl ExportOptions {
    pub fn new(format: Format) -> Self {
        ExportOptions {
            format,
            scope: ExportScope::default(),
            include_text: false,
            reproducible: false,
        }
    }
}

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
            .annotations_of(&meta.id)
            .into_iter()
            .filter(|a| {
                codes
                    .as_ref()
                    .is_none_or(|set| a.codes.iter().any(|c| set.contains(c)))
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
    let key = format!(
        "article={};code={}",
        scope.article.as_ref().map(|a| a.as_str()).unwrap_or(""),
        code
    );
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("urn:khabar:collection:{hex}")
}

/// Export the annotations in scope; returns the file's bytes and how many annotations it holds.
pub fn export(
    project: &mut Project,
    opts: &ExportOptions,
) -> Result<(Vec<u8>, usize), ExchangeError> {
    let generated = (!opts.reproducible).then(Utc::now);
    match opts.format {
        Format::W3c => w3c::export(project, &opts.scope, generated),
        Format::Json => native::export(project, &opts.scope, opts.include_text, generated),
        Format::Csv => csv::export(project, &opts.scope),
        Format::TimelineJs => timelinejs::export(project, &opts.scope),
    }
}

pub use crate::output::write_atomically;

/// Largest annotation file read: a 100,000-annotation W3C export is about 150 MB.
pub const MAX_ANNOTATION_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Read an annotation file for [`import_annotations`]: a regular file (never a FIFO or a device, which would block
/// or never end) of at most [`MAX_ANNOTATION_FILE_BYTES`]. The error names the file and the problem.
pub fn read_annotation_file(path: &Path) -> Result<Vec<u8>, ExchangeError> {
    crate::ingest::read_regular_file(path, MAX_ANNOTATION_FILE_BYTES).map_err(|e| {
        ExchangeError::Unreadable {
            file: path.display().to_string(),
            problem: e.describe(MAX_ANNOTATION_FILE_BYTES),
        }
    })
}

/// Read at most [`MAX_ANNOTATION_FILE_BYTES`] from a stream (standard input) for [`import_annotations`].
pub fn read_annotation_stream(
    reader: impl std::io::Read,
    name: &str,
) -> Result<Vec<u8>, ExchangeError> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(MAX_ANNOTATION_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| ExchangeError::Read {
            file: name.to_owned(),
            source,
        })?;
    if bytes.len() as u64 > MAX_ANNOTATION_FILE_BYTES {
        return Err(ExchangeError::TooLarge {
            file: name.to_owned(),
            limit: crate::ingest::mib(MAX_ANNOTATION_FILE_BYTES),
        });
    }
    Ok(bytes)
}

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

/// A code as an import file describes it (by name; the rest is used when the code must be created).
#[derive(Clone, Debug, Default)]
pub(crate) struct CodeSpec {
    pub name: String,
    /// Where the name is in the file, for messages (`first.items[3].body[0].value`).
    pub path: String,
    /// The code's id in the file (native codebook only): kept when the project has no code with this id.
    pub id: Option<i64>,
    pub color: Option<[u8; 3]>,
    pub parent: Option<String>,
    pub is_event: bool,
    /// Kept only when no other code has this key.
    pub shortcut: Option<u8>,
}

/// One annotation read from an import file, before anchoring.
#[derive(Clone, Debug)]
pub(crate) struct Incoming {
    /// Where in the file, for messages (`first.items[3]`).
    pub path: String,
    pub id: Option<Uuid>,
    pub article: ArticleId,
    pub selectors: Selectors,
    /// Codes by name, in the file's order.
    pub codes: Vec<CodeSpec>,
    pub note: String,
    pub creator: Option<String>,
    pub created: Option<DateTime<Utc>>,
    pub modified: Option<DateTime<Utc>>,
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
            if same_content(existing, &annotation) {
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

// ---- reading JSON values with field paths in every message ----

pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

pub(crate) fn wrong(path: &str, expected: &'static str, v: &Value) -> ExchangeError {
    ExchangeError::WrongType {
        path: path.to_owned(),
        expected,
        found: kind_of(v),
    }
}

/// An optional string field (null counts as absent).
pub(crate) fn opt_str(
    obj: &serde_json::Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<Option<String>, ExchangeError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v) => Err(wrong(&join(path, key), "a string", v)),
    }
}

/// An optional non-negative integer field.
pub(crate) fn opt_usize(
    obj: &serde_json::Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<Option<usize>, ExchangeError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.as_u64().map(|x| x as usize)),
        Some(v) => Err(wrong(&join(path, key), "a non-negative integer", v)),
    }
}

/// An optional xsd:dateTime field, in UTC (a time without zone is taken as UTC).
pub(crate) fn opt_time(
    obj: &serde_json::Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<Option<DateTime<Utc>>, ExchangeError> {
    let Some(s) = opt_str(obj, path, key)? else {
        return Ok(None);
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(s.trim()) {
        return Ok(Some(t.with_timezone(&Utc)));
    }
    if let Ok(t) = chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M:%S%.f") {
        return Ok(Some(t.and_utc()));
    }
    Err(ExchangeError::field(
        join(path, key),
        format!("“{s}” is not a date and time such as 2025-01-31T12:00:00Z"),
    ))
}

/// Strings of a field that is a string or an array of strings.
pub(crate) fn str_or_strs(v: Option<&Value>, path: &str) -> Result<Vec<String>, ExchangeError> {
    match v {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, x)| match x {
                Value::String(s) => Ok(s.clone()),
                other => Err(wrong(&format!("{path}[{i}]"), "a string", other)),
            })
            .collect(),
        Some(other) => Err(wrong(path, "a string or an array of strings", other)),
    }
}
