//! W3C Web Annotation Data Model (<https://www.w3.org/TR/annotation-model/>): export as an `AnnotationCollection`
//! with one embedded `AnnotationPage`, and import of collections, pages, single annotations or arrays of them, from
//! Khabar or from other tools.
//!
//! Each annotation targets its article (`urn:khabar:article:<id>`, or its URL when known) with a `TextQuoteSelector`
//! (exact, prefix, suffix: up to 32 chars of context) and a `TextPositionSelector` (code point offsets into the NFC
//! text). Codes are `TextualBody`s with purpose `tagging`, the note a `TextualBody` with purpose `commenting`.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use std::collections::HashMap;

use super::anchor::{Selectors, CONTEXT_CHARS};
use super::scope::ScopeFilter;
use super::stream::{Items, Route, Top};
use super::ExchangeError;
use super::{
    collection_id, fmt_time, join, opt_str, opt_time, opt_usize, str_or_strs, wrong, CodeSpec,
    ExportScope, Incoming,
};
use crate::annotate::{Annotation, CodeId};
use crate::model::{normalize_text, ArticleId, ArticleMeta};
use crate::project::Project;

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// Target source of an article that has no URL.
pub const ARTICLE_URN: &str = "urn:khabar:article:";

#[derive(Serialize)]
struct Collection {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    generated: Option<String>,
    generator: Software,
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<Page>,
}

#[derive(Serialize)]
struct Software {
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
}

#[derive(Serialize)]
struct Page {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<W3cAnnotation<'static>>,
}

#[derive(Serialize)]
struct W3cAnnotation<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    created: String,
    modified: String,
    creator: Person<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    body: Vec<Body<'a>>,
    target: Target<'a>,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: &'a str,
    format: &'static str,
}

#[derive(Serialize)]
struct Target<'a> {
    source: &'a str,
    selector: [Selector<'a>; 2],
}

#[derive(Serialize)]
#[serde(untagged)]
enum Selector<'a> {
    Quote {
        #[serde(rename = "type")]
        kind: &'static str,
        exact: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        prefix: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        suffix: &'a str,
    },
    Position {
        #[serde(rename = "type")]
        kind: &'static str,
        start: usize,
        end: usize,
    },
}

/// The target source of an article: its URL when known, else its URN.
pub fn article_source(meta: &ArticleMeta) -> String {
    meta.url
        .clone()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| format!("{ARTICLE_URN}{}", meta.id))
}

/// Write the W3C collection of the annotations in scope to `out`, one article at a time (memory stays that of a
/// few batches of articles, whatever the export's size); returns how many were written. The bytes are those of the
/// collection serialised whole by `serde_json`'s pretty printer.
///
/// A project on disk is rendered by worker threads, each reading through its own read-only connection, while this
/// thread writes their batches in corpus order; an in-memory project is rendered on this thread.
pub(crate) fn export(
    project: &Project,
    scope: &ExportScope,
    generated: Option<DateTime<Utc>>,
    out: &mut dyn std::io::Write,
) -> Result<usize, ExchangeError> {
    let filter = ScopeFilter::new(project, scope)?;
    let total = filter.count(project)?;
    let id = collection_id(project, scope);
    let mut label = "Khabar annotations".to_owned();
    if let Some(a) = &scope.article {
        if let Some(m) = project.meta(a) {
            label += &format!(" — {}", m.title);
        }
    }
    if let Some(c) = scope.code.and_then(|c| project.code(c)) {
        label += &format!(" — code {}", c.name);
    }
    if let Some(coders) = &scope.coders {
        label += &format!(
            " — coder {}",
            coders.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    let collection = Collection {
        context: CONTEXT,
        id: id.clone(),
        kind: "AnnotationCollection",
        label,
        total,
        generated: generated.as_ref().map(fmt_time),
        generator: Software {
            kind: "Software",
            name: format!("Khabar {}", env!("CARGO_PKG_VERSION")),
        },
        first: (total > 0).then(|| Page {
            id: format!("{id}:page:1"),
            kind: "AnnotationPage",
            start_index: 0,
            items: Vec::new(),
        }),
    };
    let frame = serde_json::to_vec_pretty(&collection)?;
    if total == 0 {
        out.write_all(&frame)?;
        out.write_all(b"\n")?;
        return Ok(0);
    }
    // The collection with an empty page, split where its items go: they are written between the two halves, as the
    // pretty printer would (each on its own lines, indented to the depth of the items array).
    const EMPTY_ITEMS: &[u8] = b"\"items\": []";
    let at = frame
        .windows(EMPTY_ITEMS.len())
        .rposition(|w| w == EMPTY_ITEMS)
        .expect("a page has items");
    let (head, tail) = frame.split_at(at + EMPTY_ITEMS.len() - 1);
    out.write_all(head)?;
    let mut code_names: HashMap<CodeId, &str> = HashMap::new();
    for c in project.codes() {
        code_names.entry(c.id).or_insert(c.name.as_str());
    }
    let render = Render {
        filter: &filter,
        code_names: &code_names,
    };
    // Only articles with annotations are read (the stored counts say which), a chunk of them at a time.
    let jobs: Vec<&ArticleMeta> = filter
        .metas(project)
        .filter(|m| project.annotation_count_of(&m.id) > 0)
        .collect();
    let mut chunks: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut from, mut held) = (0, 0);
    for (i, m) in jobs.iter().enumerate() {
        let n = project.annotation_count_of(&m.id);
        if held > 0 && held + n > CHUNK_ANNOTATIONS {
            chunks.push(from..i);
            (from, held) = (i, 0);
        }
        held += n;
    }
    if from < jobs.len() {
        chunks.push(from..jobs.len());
    }
    // A scope with a small share of the annotations reads them through the article index; a larger one reads the
    // whole table once per chunk, in file order, rather than a random page per annotation.
    let in_scope: usize = jobs
        .iter()
        .map(|m| project.annotation_count_of(&m.id))
        .sum();
    let read = if in_scope * SCAN_SHARE >= project.annotation_count() {
        Read::Scan
    } else {
        Read::Index
    };
    let mut first = true;
    let mut written = 0usize;
    let mut emit = |bytes: &[u8], n: usize| -> Result<(), ExchangeError> {
        if n == 0 {
            return Ok(());
        }
        // Each item is rendered after ",\n"; the first one of the page after "\n" only.
        out.write_all(if first { &bytes[1..] } else { bytes })?;
        first = false;
        written += n;
        Ok(())
    };
    let in_file = project.path() != std::path::Path::new(":memory:");
    let workers = crate::parallel::threads().min(MAX_WORKERS);
    if in_file && jobs.len() > BATCH_ARTICLES && workers > 1 {
        render_on_workers(
            project.path(),
            &render,
            &jobs,
            &chunks,
            read,
            workers,
            &mut emit,
        )?;
    } else {
        let mut scratch = Scratch::default();
        let mut buf = Vec::new();
        let mut reader = ChunkReader::new(project.store(), &jobs, &chunks, read)?;
        for range in &chunks {
            let chunk = &jobs[range.clone()];
            let annotations = reader.next(project.store())?;
            for (metas, annotations) in chunk
                .chunks(BATCH_ARTICLES)
                .zip(annotations.chunks(BATCH_ARTICLES))
            {
                buf.clear();
                let n =
                    render.batch(project.store(), metas, annotations, &mut scratch, &mut buf)?;
                emit(&buf, n)?;
            }
        }
    }
    if written != total {
        return Err(ExchangeError::Changed {
            expected: total,
            found: written,
        });
    }
    out.write_all(b"\n    ")?;
    out.write_all(tail)?;
    out.write_all(b"\n")?;
    Ok(written)
}

/// Articles per batch a worker renders (a batch of the generated corpus is about 400 KB of JSON).
const BATCH_ARTICLES: usize = 64;
/// Batches rendered or being rendered ahead of the writer, per worker.
const BATCHES_AHEAD: usize = 2;
const MAX_WORKERS: usize = 4;
/// Stored annotations per chunk of articles read at once (about 15 MB of them in memory).
const CHUNK_ANNOTATIONS: usize = 100_000;
/// A scope holding at least 1/SCAN_SHARE of the project's annotations reads them by scanning the table.
const SCAN_SHARE: usize = 8;

/// How a chunk's annotations are read.
#[derive(Clone, Copy)]
enum Read {
    /// One pass over the whole table, in file order.
    Scan,
    /// Through the article index, a statement per batch of articles.
    Index,
}

/// Reads the annotations (not their quotes: the export slices the text) of one chunk of articles after the other,
/// by article, each article's sorted by start, end and id as [`crate::store::Store::annotations_of`] sorts them.
struct ChunkReader<'a> {
    jobs: &'a [&'a ArticleMeta],
    chunks: std::vec::IntoIter<std::ops::Range<usize>>,
    /// With [`Read::Scan`]: each chunk's row ids and the index of their article in the chunk, by row id.
    rows: Option<std::vec::IntoIter<Vec<(i64, usize)>>>,
}

impl<'a> ChunkReader<'a> {
    fn new(
        store: &crate::store::Store,
        jobs: &'a [&'a ArticleMeta],
        chunks: &[std::ops::Range<usize>],
        read: Read,
    ) -> Result<Self, ExchangeError> {
        let rows = match read {
            Read::Index => None,
            Read::Scan => {
                let mut by_chunk: Vec<Vec<(i64, usize)>> = vec![Vec::new(); chunks.len()];
                let found = store
                    .annotation_rows_of(jobs)
                    .map_err(crate::project::ProjectError::from)?;
                for (job, rowid) in found {
                    let c = chunks.partition_point(|r| r.end <= job);
                    by_chunk[c].push((rowid, job - chunks[c].start));
                }
                for rows in &mut by_chunk {
                    rows.sort_unstable();
                }
                Some(by_chunk.into_iter())
            }
        };
        Ok(ChunkReader {
            jobs,
            chunks: chunks.to_vec().into_iter(),
            rows,
        })
    }

    /// The next chunk's annotations, one list per article.
    fn next(&mut self, store: &crate::store::Store) -> Result<Vec<Vec<Annotation>>, ExchangeError> {
        let range = self.chunks.next().unwrap_or(0..0);
        let chunk = &self.jobs[range];
        let mut by_article: Vec<Vec<Annotation>> = vec![Vec::new(); chunk.len()];
        if let Some(rows) = self.rows.as_mut().and_then(|r| r.next()) {
            let with_lengths: Vec<(i64, usize)> = rows
                .iter()
                .map(|&(rowid, i)| (rowid, chunk[i].char_len))
                .collect();
            let mut canonical = true;
            store
                .annotations_at_rows(&with_lengths, |at, mut a, is_canonical| {
                    canonical &= is_canonical;
                    // Neither is needed: the quote is sliced from the text, the article is the list's.
                    a.quote = String::new();
                    a.article.0 = String::new();
                    by_article[rows[at].1].push(a);
                })
                .map_err(crate::project::ProjectError::from)?;
            // Ids in canonical form order as their UUIDs do; any other stored form is left to SQLite's ordering.
            if canonical {
                for list in &mut by_article {
                    list.sort_unstable_by(|a, b| {
                        (a.start, a.end, a.id).cmp(&(b.start, b.end, b.id))
                    });
                }
                return Ok(by_article);
            }
            by_article.iter_mut().for_each(Vec::clear);
        }
        for (batch, lists) in chunk
            .chunks(BATCH_ARTICLES)
            .zip(by_article.chunks_mut(BATCH_ARTICLES))
        {
            let all = store
                .annotations_of_articles(batch)
                .map_err(crate::project::ProjectError::from)?;
            let at: HashMap<&str, usize> = batch
                .iter()
                .enumerate()
                .map(|(i, m)| (m.id.as_str(), i))
                .collect();
            for mut a in all {
                a.quote = String::new();
                if let Some(&i) = at.get(a.article.as_str()) {
                    lists[i].push(a);
                }
            }
        }
        Ok(by_article)
    }
}

/// One batch for a worker: articles and their annotations.
struct Job<'a> {
    chunk: std::sync::Arc<Vec<Vec<Annotation>>>,
    metas: &'a [&'a ArticleMeta],
    /// Where the batch's articles start in the chunk.
    at: usize,
}

/// Render the chunks on `workers` threads, each with its own read-only connection to the project file, while one
/// more reads the next chunk's annotations; `emit` gets the batches in corpus order. At most
/// `workers * BATCHES_AHEAD` batches are out at once, and two chunks of annotations in memory.
fn render_on_workers(
    path: &std::path::Path,
    render: &Render<'_>,
    jobs: &[&ArticleMeta],
    chunks: &[std::ops::Range<usize>],
    read: Read,
    workers: usize,
    emit: &mut dyn FnMut(&[u8], usize) -> Result<(), ExchangeError>,
) -> Result<(), ExchangeError> {
    use std::sync::mpsc::{channel, sync_channel};
    type Rendered = Result<(Vec<u8>, usize), ExchangeError>;
    let open = || {
        crate::store::Store::open_read_only(path)
            .map_err(|e| ExchangeError::from(crate::project::ProjectError::from(e)))
    };
    std::thread::scope(|s| {
        let (chunk_tx, chunk_rx) = sync_channel::<Result<Vec<Vec<Annotation>>, ExchangeError>>(0);
        s.spawn(move || {
            let store = match open() {
                Ok(store) => store,
                Err(e) => {
                    let _ = chunk_tx.send(Err(e));
                    return;
                }
            };
            let mut reader = match ChunkReader::new(&store, jobs, chunks, read) {
                Ok(reader) => reader,
                Err(e) => {
                    let _ = chunk_tx.send(Err(e));
                    return;
                }
            };
            for _ in chunks {
                let annotations = reader.next(&store);
                let failed = annotations.is_err();
                // A send fails once the writer has stopped (an error): nothing more to do.
                if chunk_tx.send(annotations).is_err() || failed {
                    return;
                }
            }
        });
        let mut senders = Vec::with_capacity(workers);
        let mut results = Vec::with_capacity(workers);
        for _ in 0..workers {
            let (job_tx, job_rx) = channel::<Job<'_>>();
            let (tx, rx) = channel::<Rendered>();
            senders.push(job_tx);
            results.push(rx);
            s.spawn(move || {
                let store = match open() {
                    Ok(store) => store,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                };
                let mut scratch = Scratch::default();
                for job in job_rx {
                    let mut buf = Vec::with_capacity(1 << 19);
                    let annotations = &job.chunk[job.at..job.at + job.metas.len()];
                    let rendered = render
                        .batch(&store, job.metas, annotations, &mut scratch, &mut buf)
                        .map(|n| (buf, n));
                    let failed = rendered.is_err();
                    if tx.send(rendered).is_err() || failed {
                        return;
                    }
                }
            });
        }
        // Batches in corpus order; batch `i` goes to worker `i % workers`.
        let mut batches = chunks.iter().enumerate().flat_map(|(c, range)| {
            jobs[range.clone()]
                .chunks(BATCH_ARTICLES)
                .enumerate()
                .map(move |(b, metas)| (c, b * BATCH_ARTICLES, metas))
        });
        let mut current: Option<(usize, std::sync::Arc<Vec<Vec<Annotation>>>)> = None;
        let (mut sent, mut received) = (0usize, 0usize);
        let mut pending = None;
        let window = workers * BATCHES_AHEAD;
        loop {
            while sent < received + window {
                let Some((c, at, metas)) = pending.take().or_else(|| batches.next()) else {
                    break;
                };
                if current.as_ref().is_none_or(|(k, _)| *k != c) {
                    // The next chunk only once the batches of this one are written: two chunks in memory at
                    // most (this one and the one the reader is reading).
                    if received < sent {
                        pending = Some((c, at, metas));
                        break;
                    }
                    let chunk = match chunk_rx.recv() {
                        Ok(annotations) => annotations?,
                        Err(_) => {
                            return Err(std::io::Error::other("an export reader stopped").into())
                        }
                    };
                    current = Some((c, std::sync::Arc::new(chunk)));
                }
                let chunk = current
                    .as_ref()
                    .map(|(_, a)| a.clone())
                    .expect("a chunk is read");
                if senders[sent % workers]
                    .send(Job { chunk, metas, at })
                    .is_err()
                {
                    // The worker stopped early: its error (or panic) is what it sent last.
                    break;
                }
                sent += 1;
            }
            if received == sent {
                break;
            }
            match results[received % workers].recv() {
                Ok(Ok((bytes, n))) => emit(&bytes, n)?,
                Ok(Err(e)) => return Err(e),
                // Only a worker that panicked hangs up early; the scope passes its panic on.
                Err(_) => return Err(std::io::Error::other("an export worker stopped").into()),
            }
            received += 1;
        }
        // Hang up: the workers' loops end.
        drop(senders);
        Ok(())
    })
}

/// What rendering annotations needs besides the project file.
struct Render<'a> {
    filter: &'a ScopeFilter,
    code_names: &'a HashMap<CodeId, &'a str>,
}

/// Buffers a renderer reuses from article to article.
#[derive(Default)]
struct Scratch {
    /// The char offsets an article's annotations need (sorted, deduplicated) and their byte offsets.
    chars: Vec<usize>,
    bytes: Vec<usize>,
}

impl Render<'_> {
    /// Append the annotations in scope of a batch of articles to `buf`, each after ",\n"; returns how many.
    fn batch(
        &self,
        store: &crate::store::Store,
        metas: &[&ArticleMeta],
        annotations: &[Vec<Annotation>],
        scratch: &mut Scratch,
        buf: &mut Vec<u8>,
    ) -> Result<usize, ExchangeError> {
        let mut n = 0;
        let mut kept: Vec<&Annotation> = Vec::new();
        for (meta, list) in metas.iter().zip(annotations) {
            kept.clear();
            kept.extend(list.iter().filter(|a| self.filter.keeps(a)));
            if kept.is_empty() {
                continue;
            }
            let source = article_source(meta);
            store
                .with_article_text(meta, |text| {
                    self.article(text, &kept, &source, scratch, buf)
                })
                .map_err(crate::project::ProjectError::from)?
                .ok_or_else(|| {
                    crate::project::ProjectError::Invalid(format!(
                        "article {} is missing from {}",
                        meta.id,
                        store.path().display()
                    ))
                })??;
            n += kept.len();
        }
        Ok(n)
    }

    /// Append an article's annotations to `buf`. Only the char offsets the selectors need are mapped to bytes, in
    /// one forward pass over the text: no index of the whole article is built.
    fn article(
        &self,
        text: &str,
        annotations: &[&Annotation],
        source: &str,
        scratch: &mut Scratch,
        buf: &mut Vec<u8>,
    ) -> Result<(), ExchangeError> {
        let Scratch { chars, bytes } = scratch;
        chars.clear();
        for a in annotations {
            chars.extend([
                a.start.saturating_sub(CONTEXT_CHARS),
                a.start,
                a.end,
                a.end + CONTEXT_CHARS,
            ]);
        }
        chars.sort_unstable();
        chars.dedup();
        byte_offsets(text, chars, bytes);
        let byte = |c: usize| bytes[chars.partition_point(|&x| x < c)];
        // As `Article::slice`: clamped to the text, empty when reversed.
        let slice = |from: usize, to: usize| {
            let end = byte(to);
            &text[byte(from).min(end)..end]
        };
        for a in annotations {
            let item = w3c_annotation(
                self.code_names,
                a,
                source,
                slice(a.start, a.end),
                slice(a.start.saturating_sub(CONTEXT_CHARS), a.start),
                slice(a.end, a.end + CONTEXT_CHARS),
            );
            buf.extend_from_slice(b",\n      ");
            let mut ser = serde_json::Serializer::with_formatter(&mut *buf, ItemFormatter::new());
            item.serialize(&mut ser)?;
        }
        Ok(())
    }
}

/// The byte offset of each of the sorted char offsets `chars` in `text` (one past the end maps to the text's
/// length, and so does anything beyond it).
fn byte_offsets(text: &str, chars: &[usize], out: &mut Vec<usize>) {
    out.clear();
    let b = text.as_bytes();
    // `c` is how many chars start in `b[..i]`.
    let (mut c, mut i) = (0usize, 0usize);
    for &want in chars {
        // Eight bytes at a time while the wanted char lies beyond them: a char starts at every byte that is not a
        // UTF-8 continuation byte (0b10xx_xxxx).
        while want.saturating_sub(c) >= 8 && i + 8 <= b.len() {
            let word = u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"));
            let continuation = word & !(word << 1) & 0x8080_8080_8080_8080;
            c += 8 - continuation.count_ones() as usize;
            i += 8;
        }
        // The words may end inside a char: move on to the next char's start (no char starts meanwhile).
        while i < b.len() && (b[i] & 0xc0) == 0x80 {
            i += 1;
        }
        while c < want && i < b.len() {
            i += match b[i] {
                0x00..=0x7f => 1,
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            c += 1;
        }
        out.push(i.min(b.len()));
    }
}

/// `serde_json`'s pretty printer (two spaces) starting three levels deep: an item as it appears inside the items
/// array of the collection's page.
pub(crate) struct ItemFormatter {
    level: usize,
    has_value: bool,
}

impl ItemFormatter {
    const INDENT: &'static [u8] = b"  ";

    fn new() -> Self {
        Self::at(3)
    }

    /// Starting `level` levels deep.
    pub(crate) fn at(level: usize) -> Self {
        ItemFormatter {
            level,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + std::io::Write>(&self, w: &mut W) -> std::io::Result<()> {
        for _ in 0..self.level {
            w.write_all(Self::INDENT)?;
        }
        Ok(())
    }

    /// An array or object opens: one level deeper.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    /// An array or object closes: its bracket on a line of its own unless it was empty.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }

    /// An element or a key starts a line.
    fn next<W: ?Sized + std::io::Write>(&mut self, w: &mut W, first: bool) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl serde_json::ser::Formatter for ItemFormatter {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(w, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.next(w, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _w: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

fn w3c_annotation<'a>(
    code_names: &HashMap<CodeId, &'a str>,
    a: &'a Annotation,
    source: &'a str,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
) -> W3cAnnotation<'a> {
    let mut body: Vec<Body<'a>> = a
        .codes
        .iter()
        .filter_map(|c| code_names.get(c))
        .map(|name| Body {
            kind: "TextualBody",
            purpose: "tagging",
            value: name,
            format: "text/plain",
        })
        .collect();
    let tagged = !body.is_empty();
    if !a.note.trim().is_empty() {
        body.push(Body {
            kind: "TextualBody",
            purpose: "commenting",
            value: &a.note,
            format: "text/plain",
        });
    }
    let motivation = if tagged {
        "tagging"
    } else if body.is_empty() {
        "highlighting"
    } else {
        "commenting"
    };
    W3cAnnotation {
        context: CONTEXT,
        id: format!("urn:uuid:{}", a.id),
        kind: "Annotation",
        motivation,
        created: fmt_time(&a.created),
        modified: fmt_time(&a.modified),
        creator: Person {
            kind: "Person",
            name: &a.creator,
        },
        body,
        target: Target {
            source,
            selector: [
                Selector::Quote {
                    kind: "TextQuoteSelector",
                    exact,
                    prefix,
                    suffix,
                },
                Selector::Position {
                    kind: "TextPositionSelector",
                    start: a.start,
                    end: a.end,
                },
            ],
        },
    }
}

// ---- import ----

fn has_type(obj: &Map<String, Value>, t: &str) -> bool {
    match obj.get("type").or_else(|| obj.get("@type")) {
        Some(Value::String(s)) => s == t,
        Some(Value::Array(a)) => a.iter().any(|x| x.as_str() == Some(t)),
        _ => false,
    }
}

/// How a W3C file's annotations are read, from its top level (see [`super::stream`]).
pub(crate) enum Plan {
    /// One annotation at a time, by this route.
    Stream(Route),
    /// The top level is itself the one annotation.
    Single,
    /// A collection without pages or items.
    Empty,
}

/// Tell how to read a W3C file (or a Hypothesis search result) from its top level: an array of annotations, an
/// AnnotationCollection with its pages embedded (or its items), an AnnotationPage, one Annotation, or
/// `{"total": n, "rows": [annotations]}`.
pub(crate) fn plan(top: &Top) -> Result<Plan, ExchangeError> {
    let obj = match top {
        Top::Array => return Ok(Plan::Stream(Route::Array)),
        Top::Other(found) => return Err(ExchangeError::NotAnnotations { found }),
        Top::Object { small, .. } => small,
    };
    if has_type(obj, "AnnotationCollection") {
        return Ok(if top.large("first").is_some() {
            Plan::Stream(Route::Pages)
        } else if top.large("items").is_some() {
            Plan::Stream(Route::Key("items", Items::W3c))
        } else {
            Plan::Empty
        });
    }
    if has_type(obj, "AnnotationPage") {
        if top.large("items").is_none() {
            return Err(ExchangeError::field(
                "items",
                "missing (a page needs its items)",
            ));
        }
        return Ok(Plan::Stream(Route::Key("items", Items::W3c)));
    }
    if has_type(obj, "Annotation") || obj.contains_key("target") {
        return Ok(Plan::Single);
    }
    if top.large("rows") == Some("an array") {
        return Ok(Plan::Stream(Route::Key("rows", Items::Plain)));
    }
    Err(ExchangeError::NotAnnotations { found: "an object" })
}

/// The single annotation a file's top level is (see [`Plan::Single`]).
pub(crate) fn parse_single(
    obj: &Map<String, Value>,
    out: &mut Vec<Incoming>,
) -> Result<(), ExchangeError> {
    parse_annotation(obj, "", out)
}

/// Finds the article whose URL is a target's source (by an index of the URLs, built when a file first needs it).
#[derive(Default)]
pub(crate) struct Sources {
    by_url: Option<HashMap<String, ArticleId>>,
}

impl Sources {
    pub(crate) fn resolve(&mut self, source: &str, metas: &[ArticleMeta]) -> ArticleId {
        let s = source.trim();
        let norm = |u: &str| u.trim().trim_end_matches('/').to_owned();
        let by_url = self.by_url.get_or_insert_with(|| {
            let mut map = HashMap::new();
            for m in metas {
                if let Some(u) = &m.url {
                    map.entry(norm(u)).or_insert_with(|| m.id.clone());
                }
            }
            map
        });
        // Unknown: reported by the caller with the source as the "id".
        by_url
            .get(&norm(s))
            .cloned()
            .unwrap_or_else(|| ArticleId(s.to_owned()))
    }
}

pub(crate) fn parse_item(
    item: &Value,
    path: &str,
    out: &mut Vec<Incoming>,
) -> Result<(), ExchangeError> {
    match item {
        Value::Object(obj) => parse_annotation(obj, path, out),
        Value::String(s) => Err(ExchangeError::field(
            path,
            format!("the annotation “{s}” is only referenced; export it embedded"),
        )),
        other => Err(wrong(path, "an annotation object", other)),
    }
}

fn parse_uuid(id: &str) -> Option<Uuid> {
    let s = id.trim();
    let s = s.strip_prefix("urn:uuid:").unwrap_or(s);
    Uuid::parse_str(s).ok()
}

/// The id an annotation gets from the file's id: the UUID itself (`urn:uuid:…` or bare), or for another tool's id
/// (Hypothesis' `AbC12…`, an IRI) a UUID version 5 derived from it (URL namespace), so importing the same file again
/// recognises the annotation instead of duplicating it. The `n`th target (n > 0) of an annotation with several
/// targets is derived from `<id>#target-<n>`.
pub fn annotation_uuid(file_id: &str, n: usize) -> Option<Uuid> {
    let s = file_id.trim();
    if s.is_empty() {
        return None;
    }
    if n == 0 {
        if let Some(u) = parse_uuid(s) {
            return Some(u);
        }
        return Some(Uuid::new_v5(&Uuid::NAMESPACE_URL, s.as_bytes()));
    }
    Some(Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        format!("{s}#target-{n}").as_bytes(),
    ))
}

fn parse_annotation(
    obj: &Map<String, Value>,
    path: &str,
    out: &mut Vec<Incoming>,
) -> Result<(), ExchangeError> {
    let file_id = opt_str(obj, path, "id")?;
    let motivations = str_or_strs(obj.get("motivation"), &join(path, "motivation"))?;
    let tagging = motivations
        .iter()
        .any(|m| m == "tagging" || m == "classifying");
    let mut codes: Vec<CodeSpec> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    if let Some(b) = obj.get("body") {
        read_body(b, &join(path, "body"), tagging, &mut codes, &mut notes)?;
    }
    if let Some(v) = obj.get("bodyValue") {
        match v {
            Value::String(s) if tagging => codes.push(CodeSpec {
                name: s.clone(),
                path: join(path, "bodyValue"),
                ..CodeSpec::default()
            }),
            Value::String(s) => notes.push(s.clone()),
            other => return Err(wrong(&join(path, "bodyValue"), "a string", other)),
        }
    }
    // The Hypothesis API's own fields: `text` (the note), `tags` (codes), `user`, `updated`.
    if let Some(t) = opt_str(obj, path, "text")? {
        if !t.trim().is_empty() {
            notes.push(t);
        }
    }
    let tpath = join(path, "tags");
    for (i, t) in str_or_strs(obj.get("tags"), &tpath)?
        .into_iter()
        .enumerate()
    {
        if !t.trim().is_empty() {
            codes.push(CodeSpec {
                name: t,
                path: format!("{tpath}[{i}]"),
                ..CodeSpec::default()
            });
        }
    }
    let creator = match read_creator(obj.get("creator"), &join(path, "creator"))? {
        Some(c) => Some(c),
        None => opt_str(obj, path, "user")?,
    };
    let created = opt_time(obj, path, "created")?;
    let modified = match opt_time(obj, path, "modified")? {
        Some(t) => Some(t),
        None => opt_time(obj, path, "updated")?,
    };
    let tpath = join(path, "target");
    let targets: Vec<(String, &Value)> = match obj.get("target") {
        None | Some(Value::Null) => {
            return Err(ExchangeError::field(
                tpath,
                "missing (an annotation needs a target)",
            ))
        }
        Some(Value::Array(a)) if a.is_empty() => {
            return Err(ExchangeError::field(
                tpath,
                "empty (an annotation needs a target)",
            ))
        }
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("{tpath}[{i}]"), t))
            .collect(),
        Some(t) => vec![(tpath.clone(), t)],
    };
    for (n, (tp, t)) in targets.into_iter().enumerate() {
        let (source, selectors) = read_target(t, &tp)?;
        out.push(Incoming {
            path: if path.is_empty() {
                "annotation".into()
            } else {
                path.to_owned()
            },
            // One annotation per target: the first keeps the file's id, the others get ids derived from it.
            id: file_id.as_deref().and_then(|f| annotation_uuid(f, n)),
            // `urn:khabar:article:<id>`, or a URL looked up at import (see `Sources`).
            article_by_url: !source.trim().starts_with(ARTICLE_URN),
            article: ArticleId(
                source
                    .trim()
                    .strip_prefix(ARTICLE_URN)
                    .unwrap_or(source.trim())
                    .to_owned(),
            ),
            selectors,
            codes: codes.clone(),
            note: notes.join("\n\n"),
            creator: creator.clone(),
            created,
            modified,
        });
    }
    Ok(())
}

fn read_creator(v: Option<&Value>, path: &str) -> Result<Option<String>, ExchangeError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Object(o)) => {
            for key in ["name", "nickname", "id"] {
                if let Some(s) = opt_str(o, path, key)? {
                    return Ok(Some(s));
                }
            }
            Ok(None)
        }
        Some(Value::Array(a)) => {
            let mut names = Vec::new();
            for (i, x) in a.iter().enumerate() {
                if let Some(n) = read_creator(Some(x), &format!("{path}[{i}]"))? {
                    names.push(n);
                }
            }
            Ok((!names.is_empty()).then(|| names.join(", ")))
        }
        Some(other) => Err(wrong(path, "an agent object or a string", other)),
    }
}

fn read_body(
    v: &Value,
    path: &str,
    tagging: bool,
    codes: &mut Vec<CodeSpec>,
    notes: &mut Vec<String>,
) -> Result<(), ExchangeError> {
    match v {
        Value::Null => Ok(()),
        // An external resource (a tag IRI, a linked page): kept in the note so nothing is lost.
        Value::String(s) => {
            notes.push(s.clone());
            Ok(())
        }
        Value::Array(a) => {
            for (i, b) in a.iter().enumerate() {
                read_body(b, &format!("{path}[{i}]"), tagging, codes, notes)?;
            }
            Ok(())
        }
        Value::Object(o) => {
            if let Some(items) = o.get("items") {
                return read_body(items, &join(path, "items"), tagging, codes, notes);
            }
            let purposes = str_or_strs(o.get("purpose"), &join(path, "purpose"))?;
            let value = match o.get("value") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(other) => return Err(wrong(&join(path, "value"), "a string", other)),
            };
            let Some(value) = value else {
                if let Some(id) = opt_str(o, path, "id")? {
                    notes.push(id);
                }
                return Ok(());
            };
            let is_tag = if purposes.is_empty() {
                tagging
            } else {
                purposes
                    .iter()
                    .any(|p| p == "tagging" || p == "classifying")
            };
            if is_tag {
                if !value.trim().is_empty() {
                    codes.push(CodeSpec {
                        name: value,
                        path: join(path, "value"),
                        ..CodeSpec::default()
                    });
                }
            } else if !value.trim().is_empty() {
                notes.push(value);
            }
            Ok(())
        }
        other => Err(wrong(path, "a body object, an array or a string", other)),
    }
}

fn read_target(t: &Value, path: &str) -> Result<(String, Selectors), ExchangeError> {
    let obj = match t {
        Value::String(s) => return Ok((s.clone(), Selectors::default())),
        Value::Object(o) => o,
        other => return Err(wrong(path, "a target object or IRI", other)),
    };
    let source = match obj.get("source") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(so)) => opt_str(so, &join(path, "source"), "id")?
            .ok_or_else(|| ExchangeError::field(format!("{path}.source.id"), "missing"))?,
        Some(other) => return Err(wrong(&join(path, "source"), "an IRI string", other)),
        None => opt_str(obj, path, "id")?.ok_or_else(|| {
            ExchangeError::field(
                format!("{path}.source"),
                "missing (which article does it annotate?)",
            )
        })?,
    };
    let mut sel = Selectors::default();
    let spath = join(path, "selector");
    match obj.get("selector") {
        None | Some(Value::Null) => {}
        Some(Value::Array(a)) => {
            for (i, s) in a.iter().enumerate() {
                read_selector(s, &format!("{spath}[{i}]"), &mut sel)?;
            }
        }
        Some(s) => read_selector(s, &spath, &mut sel)?,
    }
    Ok((source, sel))
}

fn read_selector(v: &Value, path: &str, sel: &mut Selectors) -> Result<(), ExchangeError> {
    let o = match v {
        Value::Object(o) => o,
        // A selector by reference: nothing to read.
        Value::String(_) => return Ok(()),
        other => return Err(wrong(path, "a selector object", other)),
    };
    if has_type(o, "TextQuoteSelector") {
        if sel.exact.is_none() {
            let exact = opt_str(o, path, "exact")?.ok_or_else(|| {
                ExchangeError::field(
                    format!("{path}.exact"),
                    "missing (a TextQuoteSelector needs the quoted text)",
                )
            })?;
            sel.exact = Some(normalize_text(&exact));
            sel.prefix = opt_str(o, path, "prefix")?.map(|s| normalize_text(&s));
            sel.suffix = opt_str(o, path, "suffix")?.map(|s| normalize_text(&s));
        }
    } else if has_type(o, "TextPositionSelector") {
        let start = opt_usize(o, path, "start")?.ok_or_else(|| {
            ExchangeError::field(
                format!("{path}.start"),
                "missing (a TextPositionSelector needs start and end)",
            )
        })?;
        let end = opt_usize(o, path, "end")?.ok_or_else(|| {
            ExchangeError::field(
                format!("{path}.end"),
                "missing (a TextPositionSelector needs start and end)",
            )
        })?;
        if sel.position.is_none() {
            sel.position = Some(start..end);
        }
    }
    // Other selectors (CSS, XPath, fragment…) address HTML, not Khabar's text: a refinement may still hold ours.
    if let Some(r) = o.get("refinedBy") {
        read_selector(r, &join(path, "refinedBy"), sel)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::byte_offsets;
    use proptest::prelude::*;

    proptest! {
        /// The forward pass finds the byte offset of every char offset, as a full char index would.
        #[test]
        fn byte_offsets_agree_with_char_indices(
            text in "[a-z\u{900}-\u{97f}\u{1f600}-\u{1f64f}\u{e9} \n]{0,120}",
            mut wanted in proptest::collection::vec(0usize..140, 0..12),
        ) {
            wanted.sort_unstable();
            wanted.dedup();
            let mut found = Vec::new();
            byte_offsets(&text, &wanted, &mut found);
            let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
            let expected: Vec<usize> = wanted
                .iter()
                .map(|&c| starts[c.min(starts.len() - 1)])
                .collect();
            prop_assert_eq!(found, expected);
        }
    }
}
