//! Import: re-anchor what a file holds, plan the codes it lacks, and apply everything as one edit.

use std::collections::HashSet;
use std::path::Path;

use chrono::Utc;
use uuid::Uuid;

use crate::annotate::{palette_color, Annotation, Change, Code, CodeId, Record};
use crate::model::normalize_text;
use crate::model::ArticleId;
use crate::project::{ImportSession, Project};

use super::anchor::{self, AnchorKind};
use super::stream::{self, Route, Top};
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
    /// The first thousand orphans (see `orphans_total`).
    pub orphans: Vec<Orphan>,
    /// How many annotations could not be placed.
    pub orphans_total: usize,
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
        if self.orphans_total > 0 {
            s += &format!("; {} could not be placed", self.orphans_total);
        }
        if !self.created_codes.is_empty() {
            s += &format!("; new codes: {}", self.created_codes.join(", "));
        }
        s
    }
}

/// Import an annotation file (W3C or native JSON, detected from the content) as one undoable step. It is read as
/// it streams (twice: see [`stream`]) and written in batches within one transaction, so memory does not grow with
/// the file. Nothing is changed when it returns an error.
pub fn import_annotation_file(
    project: &mut Project,
    path: &Path,
) -> Result<ImportReport, ExchangeError> {
    let mut file = super::read::open_annotation_file(path)?;
    import_from(project, &mut file, &path.display().to_string())
}

/// Import from a stream (standard input): it is first copied, up to the size limit, to a temporary file that
/// disappears with it, because the file is read twice.
pub fn import_annotation_stream(
    project: &mut Project,
    reader: impl std::io::Read,
    source_name: &str,
) -> Result<ImportReport, ExchangeError> {
    let mut file = super::read::spool(reader, source_name)?;
    import_from(project, &mut file, source_name)
}

/// Import an annotation file already in memory (see [`import_annotation_file`]).
pub fn import_annotations(
    project: &mut Project,
    bytes: &[u8],
    source_name: &str,
) -> Result<ImportReport, ExchangeError> {
    import_from(project, &mut std::io::Cursor::new(bytes), source_name)
}

/// How a file's annotations are read.
enum Reader {
    Native(native::FileBook),
    W3c,
}

fn import_from<R: std::io::Read + std::io::Seek + Send>(
    project: &mut Project,
    file: &mut R,
    source_name: &str,
) -> Result<ImportReport, ExchangeError> {
    let ctx = |e: ExchangeError| e.in_file(source_name);
    let top = stream::top(file).map_err(ctx)?;
    let (reader, codebook, plan) = match &top {
        Top::Object { small, .. } if native::is_native(small) => {
            let (book, codebook) = native::read_header(small).map_err(ctx)?;
            let route = Route::Key("annotations", stream::Items::Plain);
            (Reader::Native(book), codebook, w3c::Plan::Stream(route))
        }
        _ => (Reader::W3c, Vec::new(), w3c::plan(&top).map_err(ctx)?),
    };
    let mut importer = Importer::begin(project, &codebook).map_err(ctx)?;
    let read = match &plan {
        w3c::Plan::Stream(route) => read_alongside(
            file,
            route,
            |path, value, out| match &reader {
                Reader::Native(book) => {
                    out.push(book.annotation(&value, path)?);
                    Ok(())
                }
                Reader::W3c => w3c::parse_item(&value, &path, out),
            },
            |incoming| importer.take(incoming),
        ),
        w3c::Plan::Single => match &top {
            Top::Object { small, .. } => importer.take_single(small),
            _ => Ok(()),
        },
        w3c::Plan::Empty => Ok(()),
    };
    match read.and_then(|()| importer.flush()) {
        Ok(()) => importer.finish(source_name).map_err(ctx),
        // The importer, dropped unfinished, gives the import up.
        Err(e) => Err(ctx(e)),
    }
}

/// Items the reading thread hands over at a time: this many, or fewer when they reach [`HANDOFF_BYTES`] of the file.
const HANDOFF_ITEMS: usize = 64;
const HANDOFF_BYTES: usize = 1 << 20;

/// What the reading thread hands over: annotations read, and when reading stopped at an annotation that could not
/// be read, why (after those before it).
struct Handoff {
    read: Vec<Incoming>,
    failed: Option<ExchangeError>,
}

/// The second pass of [`stream::items`], with `parse` turning each item into annotations, on a thread of its own,
/// so that reading and parsing the JSON overlap the anchoring and writing (`take`) of the annotations before.
/// `take` sees the annotations in the file's order, and the first error in that order is the one returned, as if
/// everything ran on one thread. The reader is at most a batch ahead ([`HANDOFF_ITEMS`] items or
/// [`HANDOFF_BYTES`] of the file, whichever comes first).
fn read_alongside<R: std::io::Read + std::io::Seek + Send>(
    file: &mut R,
    route: &Route,
    parse: impl Fn(String, serde_json::Value, &mut Vec<Incoming>) -> Result<(), ExchangeError> + Sync,
    mut take: impl FnMut(Incoming) -> Result<(), ExchangeError>,
) -> Result<(), ExchangeError> {
    let (send, receive) = std::sync::mpsc::sync_channel::<Handoff>(1);
    let parse = &parse;
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut read = Vec::with_capacity(HANDOFF_ITEMS);
            let (mut items, mut bytes) = (0, 0);
            let pass = stream::items(file, route, |path, value, size| {
                if let Err(e) = parse(path, value, &mut read) {
                    let _ = send.send(Handoff {
                        read: std::mem::take(&mut read),
                        failed: Some(e),
                    });
                    // Reported by the importer, after what came before it.
                    return Err(stopped());
                }
                items += 1;
                bytes += size;
                if items >= HANDOFF_ITEMS || bytes >= HANDOFF_BYTES {
                    (items, bytes) = (0, 0);
                    let full = std::mem::replace(&mut read, Vec::with_capacity(HANDOFF_ITEMS));
                    // Fails when the importer stopped, with an error of its own.
                    send.send(Handoff {
                        read: full,
                        failed: None,
                    })
                    .map_err(|_| stopped())?;
                }
                Ok(())
            });
            // The annotations before a JSON error are the importer's to judge first.
            if !read.is_empty() {
                let _ = send.send(Handoff { read, failed: None });
            }
            pass
        });
        let mut outcome = Ok(());
        'handoffs: for handoff in receive.iter() {
            for incoming in handoff.read {
                if let Err(e) = take(incoming) {
                    outcome = Err(e);
                    break 'handoffs;
                }
            }
            if let Some(e) = handoff.failed {
                outcome = Err(e);
                break;
            }
        }
        // The reader stops at its next handover once nobody receives.
        drop(receive);
        let pass = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        outcome.and(pass)
    })
}

/// The error with which the reading thread stops when the importer has one of its own (never shown).
fn stopped() -> ExchangeError {
    ExchangeError::Io(std::io::Error::other("import stopped"))
}

/// Annotations re-anchored and written this many at a time.
const BATCH: usize = 1024;

/// Most articles an unknown-articles message names, and orphans a report lists (the rest are counted).
const MAX_LISTED: usize = 1000;

/// An import under way: each annotation read is checked, re-anchored and written, a batch at a time.
struct Importer<'p> {
    project: &'p mut Project,
    session: Option<ImportSession>,
    report: ImportReport,
    /// Codes the import creates (the file's codebook first, then those its annotations name), each written in the
    /// batch that first needs it.
    new_codes: Vec<Code>,
    codes_written: usize,
    /// Annotations placed, with how; whether the project already has their ids is asked a batch at a time.
    pending: Vec<(Annotation, AnchorKind)>,
    /// The ids of the queued annotations.
    pending_ids: HashSet<Uuid>,
    unknown: HashSet<String>,
    unknown_listed: Vec<String>,
    sources: w3c::Sources,
    now: chrono::DateTime<Utc>,
}

impl<'p> Importer<'p> {
    fn begin(project: &'p mut Project, codebook: &[CodeSpec]) -> Result<Self, ExchangeError> {
        let mut new_codes = Vec::new();
        plan_codebook(project, &mut new_codes, codebook)?;
        let session = project.import_begin()?;
        Ok(Importer {
            project,
            session: Some(session),
            report: ImportReport::default(),
            new_codes,
            codes_written: 0,
            pending: Vec::new(),
            pending_ids: HashSet::new(),
            unknown: HashSet::new(),
            unknown_listed: Vec::new(),
            sources: w3c::Sources::default(),
            now: Utc::now(),
        })
    }

    fn take_single(
        &mut self,
        obj: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), ExchangeError> {
        let mut out = Vec::new();
        w3c::parse_single(obj, &mut out)?;
        out.into_iter().try_for_each(|inc| self.take(inc))
    }

    /// One annotation of the file: checked against its article, re-anchored, and queued for writing. An article
    /// the project lacks is noted (the import fails at the end, naming them); a position outside its article
    /// fails it at once.
    fn take(&mut self, mut inc: Incoming) -> Result<(), ExchangeError> {
        if inc.article_by_url {
            inc.article = self.sources.resolve(&inc.article.0, self.project.metas());
            inc.article_by_url = false;
        }
        let project = &*self.project;
        let Some(meta) = project.meta(&inc.article) else {
            if self.unknown.insert(inc.article.0.clone()) && self.unknown_listed.len() < MAX_LISTED
            {
                self.unknown_listed.push(inc.article.0);
            }
            return Ok(());
        };
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
        // Once an article is unknown the import fails: the rest is read only to name the unknown ones.
        if !self.unknown.is_empty() {
            return Ok(());
        }
        let article = project.article(&inc.article)?;
        let (range, kind) = match anchor::anchor(&article, &inc.selectors) {
            Ok(x) => x,
            Err(reason) => {
                self.report.orphans_total += 1;
                if self.report.orphans.len() < MAX_LISTED {
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
                    self.report.orphans.push(Orphan {
                        quote,
                        article: inc.article.clone(),
                        reason,
                    });
                }
                return Ok(());
            }
        };
        let mut codes: Vec<CodeId> = Vec::new();
        for spec in &inc.codes {
            let id = resolve_code(project, &mut self.new_codes, spec, &inc.codes)?;
            if !codes.contains(&id) {
                codes.push(id);
            }
        }
        let annotation = Annotation {
            id: inc.id.unwrap_or_else(Uuid::new_v4),
            article: inc.article.clone(),
            start: range.start,
            end: range.end,
            quote: article.slice(range.clone()).to_owned(),
            codes,
            note: inc.note.clone(),
            // A team project's annotations are its user's: the server refuses any other creator.
            creator: match (project.store().team_user(), &inc.creator) {
                (Some(user), _) => user.to_owned(),
                (None, Some(c)) => c.clone(),
                (None, None) => project.creator.clone(),
            },
            created: inc.created.unwrap_or(self.now),
            modified: inc.modified.or(inc.created).unwrap_or(self.now),
        };
        // The queue is written before an id it holds is queued again, so the project answers for the first.
        self.flush_if_queued(&annotation.id)?;
        self.pending_ids.insert(annotation.id);
        self.pending.push((annotation, kind));
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }

    /// Write the queue when it holds an annotation with this id (a file naming one id twice within a batch).
    fn flush_if_queued(&mut self, id: &Uuid) -> Result<(), ExchangeError> {
        if self.pending_ids.contains(id) {
            self.flush()?;
        }
        Ok(())
    }

    /// Write the codes created so far and the queued annotations; fail when an article was unknown.
    fn flush(&mut self) -> Result<(), ExchangeError> {
        if !self.unknown.is_empty() {
            return Err(ExchangeError::UnknownArticles {
                listed: self.unknown_listed.clone(),
                more: self.unknown.len() - self.unknown_listed.len(),
            });
        }
        let mut changes: Vec<Change> = self.new_codes[self.codes_written..]
            .iter()
            .cloned()
            .map(|c| Change::create(Record::Code(c)))
            .collect();
        self.codes_written = self.new_codes.len();
        let ids: Vec<Uuid> = self.pending.iter().map(|(a, _)| a.id).collect();
        let existing: std::collections::HashMap<Uuid, Annotation> = self
            .project
            .try_annotations_by_ids(&ids)?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let session = self.session.as_mut().expect("an import under way");
        for (mut annotation, kind) in std::mem::take(&mut self.pending) {
            if let Some(existing) = existing.get(&annotation.id) {
                if self.project.import_wrote(session, &annotation.id)? {
                    // The file names this id twice.
                    annotation.id = Uuid::new_v4();
                    self.report.renamed += 1;
                } else if same_content(existing, &annotation) {
                    self.report.already_present += 1;
                    continue;
                } else {
                    annotation.id = Uuid::new_v4();
                    self.report.renamed += 1;
                }
            }
            match kind {
                AnchorKind::Position => self.report.anchored_by_position += 1,
                AnchorKind::Quote => self.report.anchored_by_quote += 1,
                AnchorKind::Fuzzy { .. } => self.report.fuzzy += 1,
            }
            self.report.imported += 1;
            changes.push(Change::create(Record::Annotation(annotation)));
        }
        self.pending_ids.clear();
        if changes.is_empty() {
            return Ok(());
        }
        self.project.import_write(session, &changes)?;
        Ok(())
    }

    fn finish(mut self, source_name: &str) -> Result<ImportReport, ExchangeError> {
        self.report.created_codes = self.new_codes.iter().map(|c| c.name.clone()).collect();
        let label = format!(
            "Import {} annotation(s) from {}",
            self.report.imported,
            Path::new(source_name)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| source_name.to_owned())
        );
        let session = self.session.take().expect("an import under way");
        self.project.import_finish(session, label)?;
        Ok(std::mem::take(&mut self.report))
    }
}

impl Drop for Importer<'_> {
    /// An import dropped unfinished (an error, a panic) leaves nothing behind.
    fn drop(&mut self) {
        if let Some(session) = self.session.take() {
            self.project.import_abort(session);
        }
    }
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
