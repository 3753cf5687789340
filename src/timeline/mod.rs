//! Time in the articles: temporal expressions (Hindi and English), sentences, event categories and the events the
//! timeline plots. No egui here.

pub mod axis;
pub mod category;
pub mod cli;
pub mod events;
pub mod mentions;
pub mod sentences;
pub mod tagger;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::model::ArticleId;
use crate::project::{Project, ProjectKey};
use events::{ArticleDates, Event};

/// How far a background dating pass has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
    /// Every article is dated; the events are being built from what was found (on a thread of their own).
    pub building: bool,
    /// What the dating threads found is waiting to be taken in (the time budget ran out first): look again soon.
    pub behind: bool,
}

/// Events of a project, recomputed when the project changes. What the tagger found is kept per article and redone
/// only for articles whose blocks or metadata changed. Work can be spread over frames with a time budget, so a
/// large corpus never freezes the window.
#[derive(Default)]
pub struct Timeline {
    /// Shared with an event build under way (handing it over costs nothing in the frame).
    per_article: Arc<PerArticle>,
    events: Arc<Vec<Event>>,
    /// The project (identity and revision) the events were built for.
    built_at: Option<ProjectKey>,
    /// Articles still to date for the project and revision in `pending_for`.
    pending: Vec<ArticleId>,
    pending_total: usize,
    pending_for: Option<ProjectKey>,
    /// Date expressions that could not be resolved, and in how many articles (at the last build).
    unresolved: (usize, usize),
    /// Worker threads dating articles for a budgeted refresh (started at the first one).
    pool: Option<DatingPool>,
    /// An event build under way on its own thread (budgeted refreshes of a large corpus).
    building: Option<EventBuild>,
    /// Dating under way on threads of its own (a project file).
    file_dating: Option<FileDating>,
    /// Articles whose dates were read from the project file (see [`Timeline::dates_read_from_project`]).
    from_project: usize,
    /// The event-coded annotations, read while the articles are dated from the file.
    coded_ahead: Option<CodedAhead>,
    /// Keepers of what the dating found (in the window, holding it until the events are shown).
    keeping: Vec<Keeping>,
}

/// What the tagger found in each article, with the article revision it was found for.
type PerArticle = HashMap<ArticleId, (u64, Arc<ArticleDates>)>;

/// Keeps what the tagger found in the project file, from a thread of its own and through a connection of its own:
/// a commit can wait for the disk (a checkpoint took 0.7 s under load), and the window's frames must not. Not an
/// edit; the rows are guarded by what they were found from (see [`crate::store::Store::put_dates`]).
struct Keeper {
    rows: std::sync::mpsc::SyncSender<KeptDates>,
    keeping: Keeping,
}

/// An article's dates handed to the keeper (shared with the timeline: holding them costs no copy).
struct KeptDates {
    id: ArticleId,
    dates: Arc<ArticleDates>,
    /// [`crate::store::DatingText::epoch`] of what was tagged.
    epoch: i64,
}

/// Rows kept in one transaction, at most (an article's dates are a kilobyte or two).
const KEEP_BATCH: usize = 2048;
/// How long rows are gathered for one transaction, at most.
const KEEP_GATHER: Duration = Duration::from_millis(500);

/// What a keeper does with the dates handed to it.
const HOLD: u8 = 0;
const WRITE: u8 = 1;
const STOP: u8 = 2;

/// A keeper at work: it holds what it is handed until told to write (the window has its events by then), then
/// writes it and whatever comes after. Dropped unfinished, it stops after the transaction under way (another
/// project was opened: nothing it holds is lost but a cache, dated again next time).
pub struct Keeping {
    state: Arc<std::sync::atomic::AtomicU8>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Keeping {
    fn set(&self, state: u8) {
        self.state
            .store(state, std::sync::atomic::Ordering::Release);
        if let Some(thread) = &self.thread {
            thread.thread().unpark();
        }
    }

    /// Write from now on.
    fn write(&self) {
        self.set(WRITE);
    }

    fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(|t| t.is_finished())
    }

    /// Write everything handed to it, waiting up to `limit` for that (what is still unwritten then is left: it is
    /// found again next time). `true` if everything was kept.
    pub fn finish(mut self, limit: Duration) -> bool {
        self.write();
        // (No deadline for a limit too far to add.)
        let until = Instant::now().checked_add(limit);
        while !self.is_finished() && until.is_none_or(|u| Instant::now() < u) {
            std::thread::sleep(Duration::from_millis(5));
        }
        let finished = self.is_finished();
        if !finished {
            self.set(STOP);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        finished
    }
}

impl Drop for Keeping {
    /// Stop and wait for the thread (at most the transaction under way): its connection keeps the project file
    /// locked until it ends, and the file may be opened again at once. (A timeline is dropped off the window's
    /// thread, see [`crate::parallel::drop_in_background`].)
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.set(STOP);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Keeper {
    /// `None` when nothing can be kept (a project opened for reading, or no second connection). `hold`: keep
    /// nothing until [`Keeping::write`] (the window: writing took a quarter of the cores while dating 100,000
    /// articles, and the events come first; the command line writes as it goes).
    fn start(project: &Project, hold: bool) -> Option<Keeper> {
        let store = match project.store().open_beside() {
            Ok(store) => store,
            Err(crate::store::StoreError::ReadOnly(_)) => return None,
            Err(e) => {
                log::warn!("timeline: the dates found will not be kept: {e}");
                return None;
            }
        };
        let state = Arc::new(std::sync::atomic::AtomicU8::new(if hold {
            HOLD
        } else {
            WRITE
        }));
        let seen = state.clone();
        // Room for a few transactions' rows: the workers go on tagging while a commit (and a checkpoint) runs.
        let (rows, receive) = std::sync::mpsc::sync_channel::<KeptDates>(4 * KEEP_BATCH);
        let thread = std::thread::Builder::new()
            .name("dating-keeper".into())
            .spawn(move || {
                crate::parallel::lower_thread_priority();
                let state = || seen.load(std::sync::atomic::Ordering::Acquire);
                let mut held = Vec::new();
                let mut open = true;
                while state() == HOLD {
                    if !open {
                        std::thread::park_timeout(Duration::from_secs(1));
                        continue;
                    }
                    match receive.recv_timeout(Duration::from_millis(100)) {
                        Ok(row) => held.push(row),
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => open = false,
                    }
                }
                let started = Instant::now();
                let mut kept = 0;
                let mut write = |batch: &[KeptDates]| {
                    let rows: Vec<_> = crate::parallel::map(batch, |row| {
                        pack(&row.dates).map(|data| crate::store::DatesRow {
                            id: row.id.clone(),
                            data,
                            epoch: row.epoch,
                        })
                    })
                    .into_iter()
                    .flatten()
                    .collect();
                    kept += rows.len();
                    if let Err(e) = store.put_dates(&rows, TAGGER_VERSION) {
                        log::warn!("timeline: the dates found were not kept: {e}");
                    }
                };
                for batch in held.chunks(KEEP_BATCH) {
                    if state() == STOP {
                        return;
                    }
                    write(batch);
                }
                drop(held);
                loop {
                    // (Looking at the state meanwhile: told to stop, it does not wait for the dating to end.)
                    let first = match receive.recv_timeout(Duration::from_millis(100)) {
                        Ok(row) => row,
                        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                            if state() == STOP {
                                return;
                            }
                            continue;
                        }
                        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                    };
                    if state() == STOP {
                        return;
                    }
                    // Rows gathered for a while before one commit: committing what had arrived made 13,405
                    // commits of 7 rows at 100,000 articles, each rewriting the id index pages it touched.
                    let until = Instant::now() + KEEP_GATHER;
                    let mut batch = vec![first];
                    while batch.len() < KEEP_BATCH {
                        let left = until.saturating_duration_since(Instant::now());
                        match receive.recv_timeout(left) {
                            Ok(row) => batch.push(row),
                            Err(_) => break,
                        }
                    }
                    write(&batch);
                }
                log::debug!(
                    "timeline: kept {kept} articles' dates in {:.2} s",
                    started.elapsed().as_secs_f64()
                );
            })
            .map_err(|e| log::warn!("timeline: the dates found will not be kept: {e}"))
            .ok()?;
        Some(Keeper {
            rows,
            keeping: Keeping {
                state,
                thread: Some(thread),
            },
        })
    }
}

/// Candidates up to which a budgeted refresh builds the events in the frame itself (a few milliseconds); above it
/// the build runs on a thread of its own and the window keeps showing the last events until it is done (at 650,000
/// candidates a build takes seconds).
const INLINE_CANDIDATES: usize = 20_000;

/// What an event build needs, owned (so it can run on another thread while the project changes).
struct BuildInput {
    /// Every article dated (in no particular order: the build sorts what it clusters).
    articles: Arc<PerArticle>,
    coded: Coded,
    codes: Vec<crate::annotate::Code>,
    decisions: HashMap<events::CandidateId, crate::annotate::decision::Decision>,
}

/// The annotations with an event code: read, or to be read from the project file by the build's thread (reading
/// them takes a pass over every annotation: seconds at 500,000), or being read already.
enum Coded {
    /// By article, with the article's publication date (which resolves their dates).
    Read(HashMap<ArticleId, CodedArticle>),
    FromFile(std::path::PathBuf, Vec<crate::annotate::CodeId>),
    Ahead(CodedAhead),
}

type CodedArticle = (Option<chrono::NaiveDate>, Vec<crate::annotate::Annotation>);

/// The event-coded annotations of a project file, read on a thread of their own while its articles are dated
/// (they do not depend on the dates): the build that follows finds them read, for the project key and event codes
/// they were read for.
struct CodedAhead {
    key: ProjectKey,
    path: std::path::PathBuf,
    codes: Vec<crate::annotate::CodeId>,
    result: std::sync::mpsc::Receiver<HashMap<ArticleId, CodedArticle>>,
}

impl CodedAhead {
    fn start(project: &Project) -> Option<CodedAhead> {
        let codes = event_codes(project.codes());
        let path = project.path().to_owned();
        let (send, result) = std::sync::mpsc::channel();
        let (read_path, read_codes) = (path.clone(), codes.clone());
        std::thread::Builder::new()
            .name("event-coded".into())
            .spawn(move || {
                crate::parallel::lower_thread_priority();
                let _ = send.send(Coded::read_from_file(&read_path, &read_codes));
            })
            .map_err(|e| log::warn!("timeline: event-coded annotations not read ahead: {e}"))
            .ok()?;
        Some(CodedAhead {
            key: project.key(),
            path,
            codes,
            result,
        })
    }
}

fn event_codes(codes: &[crate::annotate::Code]) -> Vec<crate::annotate::CodeId> {
    codes.iter().filter(|c| c.is_event).map(|c| c.id).collect()
}

impl Coded {
    fn by_article(
        annotations: Vec<crate::annotate::Annotation>,
        published: impl Fn(&ArticleId) -> Option<chrono::NaiveDate>,
    ) -> HashMap<ArticleId, CodedArticle> {
        let mut coded: HashMap<ArticleId, CodedArticle> = HashMap::new();
        for a in annotations {
            coded
                .entry(a.article.clone())
                .or_insert_with(|| (published(&a.article), Vec::new()))
                .1
                .push(a);
        }
        coded
    }

    fn read(self) -> HashMap<ArticleId, CodedArticle> {
        match self {
            Coded::Read(coded) => coded,
            Coded::FromFile(path, codes) => Coded::read_from_file(&path, &codes),
            Coded::Ahead(ahead) => ahead
                .result
                .recv()
                .unwrap_or_else(|_| Coded::read_from_file(&ahead.path, &ahead.codes)),
        }
    }

    /// Through a reader beside the window's writer: it sees every committed edit (the build is redone for any
    /// revision after the one it was started for).
    fn read_from_file(
        path: &std::path::Path,
        codes: &[crate::annotate::CodeId],
    ) -> HashMap<ArticleId, CodedArticle> {
        let read = crate::store::Store::open_read_only(path).and_then(|s| {
            let annotations = s.annotations_with_codes(codes)?;
            let published = s.published_dates()?;
            Ok(Coded::by_article(annotations, |id| {
                published.get(id).copied()
            }))
        });
        read.unwrap_or_else(|e| {
            log::error!("timeline: event-coded annotations not read: {e}");
            HashMap::new()
        })
    }
}

struct Built {
    events: Vec<Event>,
    unresolved: (usize, usize),
}

impl BuildInput {
    /// Everything the build reads, taken from the project and the dates found so far. With `may_defer`, a large
    /// corpus in a file leaves the event-coded annotations to be read by the build's thread.
    /// (`per_article` holds only articles of the project: [`Timeline::plan`] keeps it so.)
    /// What was read ahead is used when it was read for this project key and these event codes.
    fn gather(
        project: &Project,
        per_article: &Arc<PerArticle>,
        may_defer: bool,
        ahead: Option<CodedAhead>,
    ) -> Self {
        let codes = project.codes().to_vec();
        let event_codes = event_codes(&codes);
        let candidates: usize = per_article.values().map(|(_, d)| d.candidates.len()).sum();
        let in_file = project.path() != std::path::Path::new(":memory:");
        let ahead = ahead.filter(|a| a.key == project.key() && a.codes == event_codes);
        let large = candidates > INLINE_CANDIDATES;
        let coded = if let Some(ahead) = ahead {
            if may_defer && large {
                Coded::Ahead(ahead)
            } else {
                // Built here and now: what was read ahead (a small corpus has read it by now).
                Coded::Read(Coded::Ahead(ahead).read())
            }
        } else if may_defer && in_file && large {
            Coded::FromFile(project.path().to_owned(), event_codes)
        } else {
            // Read in one pass (not article by article).
            Coded::Read(Coded::by_article(
                project.annotations_with_codes(&event_codes),
                |id| project.meta(id).and_then(|m| m.published),
            ))
        };
        BuildInput {
            articles: per_article.clone(),
            coded,
            codes,
            decisions: project.decisions().clone(),
        }
    }

    fn build(self) -> Built {
        let started = Instant::now();
        let coded = self.coded.read();
        let read = started.elapsed();
        let mut candidates = Vec::new();
        let mut from_annotations = Vec::new();
        let mut unresolved = (0, 0);
        for (id, (_, dates)) in self.articles.iter() {
            if !dates.unresolved.is_empty() {
                unresolved.0 += dates.unresolved.len();
                unresolved.1 += 1;
            }
            candidates.extend(dates.candidates.iter());
            if let Some((published, anns)) = coded.get(id) {
                from_annotations.extend(events::annotation_events(
                    *published,
                    dates,
                    anns,
                    &self.codes,
                ));
            }
        }
        let events = events::build_events(&candidates, &self.decisions, from_annotations);
        log::debug!(
            "timeline: {} events from {} candidates in {:.2} s ({:.2} s reading the event-coded annotations)",
            events.len(),
            candidates.len(),
            started.elapsed().as_secs_f64(),
            read.as_secs_f64()
        );
        Built { events, unresolved }
    }
}

/// An event build on its own thread, for one project key.
struct EventBuild {
    for_key: ProjectKey,
    done: std::sync::mpsc::Receiver<Built>,
}

/// Articles read and sent to the workers but not back yet, at most: bounds the texts held in memory.
const IN_FLIGHT: usize = 256;

type Dated = (ArticleId, u64, ArticleDates);

/// One article to date.
struct DatingJob {
    id: ArticleId,
    rev: u64,
    published: Option<chrono::NaiveDate>,
    text: String,
    blocks: Vec<crate::model::Block>,
}

impl DatingJob {
    fn run(self) -> Dated {
        let dates = events::dates_of(&self.id, self.published, &self.text, &self.blocks);
        (self.id, self.rev, dates)
    }
}

/// Tag articles on all cores as `jobs` yields them (the caller's thread produces them meanwhile; at most
/// [`IN_FLIGHT`] wait, which bounds the texts in memory).
fn date_in_parallel(jobs: impl Iterator<Item = DatingJob>) -> Vec<Dated> {
    let (out, results) = std::sync::mpsc::channel();
    run_streaming(jobs, DatingJob::run, out, IN_FLIGHT);
    results.into_iter().collect()
}

/// Run `jobs` on every core as they are yielded, each result sent to `out` as soon as it is there; stops early
/// when nobody receives.
fn run_streaming<J: Send, R: Send>(
    jobs: impl Iterator<Item = J>,
    run: impl Fn(J) -> R + Sync,
    out: std::sync::mpsc::Sender<R>,
    in_flight: usize,
) {
    let (send, receive) = std::sync::mpsc::sync_channel::<J>(in_flight);
    // Owned by the workers alone: once they have all stopped (nobody receives what they find), the jobs' channel
    // closes and the producer stops too, instead of waiting for room forever.
    let receive = Arc::new(std::sync::Mutex::new(receive));
    std::thread::scope(|s| {
        for _ in 0..crate::parallel::threads() {
            let out = out.clone();
            let (receive, run) = (receive.clone(), &run);
            s.spawn(move || {
                crate::parallel::lower_thread_priority();
                loop {
                    let job = receive.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok(job) = job else { break };
                    if out.send(run(job)).is_err() {
                        break;
                    }
                }
            });
        }
        drop((out, receive));
        for job in jobs {
            if send.send(job).is_err() {
                break;
            }
        }
        drop(send);
    });
}

/// Version of what the tagger finds, kept with the dates stored in a project: dates stored by another version are
/// found again. Bump it with any change to what `events::dates_of` returns (a test holds the sources' hash).
/// 2: stored as postcard rather than JSON (reading 100,000 articles' dates back took 4.5 s of JSON; rows of
/// version 1 are dated again).
pub const TAGGER_VERSION: i64 = 2;

/// Stored dates: postcard, compressed (Hindi text compresses about fourfold; postcard reads back four times
/// faster than JSON and is a third smaller).
fn pack(dates: &ArticleDates) -> Option<Vec<u8>> {
    let bytes = postcard::to_stdvec(dates).ok()?;
    PACKER.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = Some(zstd::bulk::Compressor::new(3).ok()?);
        }
        cell.as_mut()?.compress(&bytes).ok()
    })
}

thread_local! {
    /// One compression context per thread: making one for each article took as long as compressing it.
    static PACKER: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// An article's dates are kilobytes: a damaged row cannot ask for more than this.
const MAX_UNPACKED: u64 = 64 * 1024 * 1024;

thread_local! {
    /// One decompression context and buffer per thread: a fresh context and a buffer of the bound for each row
    /// made decompression four times slower.
    static UNPACKER: std::cell::RefCell<Option<(zstd::bulk::Decompressor<'static>, Vec<u8>)>> =
        const { std::cell::RefCell::new(None) };
}

/// Read stored dates back; `None` if they do not read (then the article is dated again).
fn unpack(data: &[u8]) -> Option<ArticleDates> {
    let size = zstd::zstd_safe::get_frame_content_size(data).ok()??;
    if size > MAX_UNPACKED {
        return None;
    }
    UNPACKER.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            *cell = Some((zstd::bulk::Decompressor::new().ok()?, Vec::new()));
        }
        let (decompressor, buffer) = cell.as_mut()?;
        buffer.clear();
        buffer.reserve(size as usize);
        decompressor.decompress_to_buffer(data, buffer).ok()?;
        postcard::from_bytes(buffer).ok()
    })
}

/// Stored dates handed from the scan to the workers at a time.
const STORED_BATCH: usize = 64;
/// Texts handed to a worker at a time.
const TAG_BATCH: usize = 8;

/// `items` in vectors of `n` (the last may be shorter).
fn in_batches<T>(mut items: impl Iterator<Item = T>, n: usize) -> impl Iterator<Item = Vec<T>> {
    std::iter::from_fn(move || {
        let batch: Vec<T> = items.by_ref().take(n).collect();
        (!batch.is_empty()).then_some(batch)
    })
}

/// One article to date from a project file: its stored dates, or its text to tag.
enum FileJob {
    /// Stored dates, and where to read the text should they not read (a damaged row: rare, so the connection
    /// for it is opened only then).
    Stored {
        counted: Arc<std::sync::atomic::AtomicUsize>,
        meta: crate::model::ArticleMeta,
        rev: u64,
        data: Vec<u8>,
        path: std::sync::Arc<std::path::PathBuf>,
    },
    /// The text to tag, as read (checked by the worker that tags it: checking 750 MB of text on the one reading
    /// thread held the workers up).
    Tag {
        meta: crate::model::ArticleMeta,
        rev: u64,
        read: crate::store::DatingText,
        path: std::sync::Arc<std::path::PathBuf>,
    },
}

/// What a file job found.
struct FileDated {
    id: ArticleId,
    rev: u64,
    dates: Arc<ArticleDates>,
}

impl FileJob {
    /// An article's text to tag, read through `store`; `None` if it does not read.
    fn to_tag(
        store: &crate::store::Store,
        path: &std::sync::Arc<std::path::PathBuf>,
        meta: crate::model::ArticleMeta,
        rev: u64,
    ) -> Option<FileJob> {
        let read = store.dating_text(&meta.id).ok()??;
        Some(FileJob::Tag {
            meta,
            rev,
            read,
            path: path.clone(),
        })
    }

    /// Unpack or tag; what was tagged goes to `keep` (when there is one) to be kept in the project.
    fn run(self, keep: Option<&std::sync::mpsc::SyncSender<KeptDates>>) -> Option<FileDated> {
        match self {
            FileJob::Stored {
                counted,
                meta,
                rev,
                data,
                path,
            } => {
                if let Some(dates) = unpack(&data) {
                    counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return Some(FileDated {
                        id: meta.id,
                        rev,
                        dates: Arc::new(dates),
                    });
                }
                log::warn!(
                    "timeline: stored dates of {} do not read; dating it again",
                    meta.id
                );
                let store = crate::store::Store::open_read_only(&path).ok()?;
                FileJob::to_tag(&store, &path, meta, rev)?.run(keep)
            }
            FileJob::Tag {
                mut meta,
                rev,
                read,
                path,
            } => {
                let text = checked_utf8(read.text)?;
                // The date as read with the text: what the row kept is found from.
                meta.published = read.published;
                let (text, blocks) =
                    crate::store::check_text_and_blocks(&path, &meta, text, &read.blocks_json)
                        .map_err(|e| log::warn!("timeline: {e}"))
                        .ok()?;
                let job = DatingJob {
                    id: meta.id,
                    rev,
                    published: meta.published,
                    text,
                    blocks,
                };
                let (id, rev, dates) = job.run();
                let dates = Arc::new(dates);
                if let Some(keep) = keep {
                    // The keeper gone (the project closed) is no loss: the article is dated again next time.
                    let _ = keep.send(KeptDates {
                        id: id.clone(),
                        dates: dates.clone(),
                        epoch: read.epoch,
                    });
                }
                Some(FileDated { id, rev, dates })
            }
        }
    }
}

/// Text read as bytes, if it is UTF-8 (checked with SIMD: several times faster than `String::from_utf8` on
/// Devanagari).
fn checked_utf8(bytes: Vec<u8>) -> Option<String> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        log::warn!("timeline: an article's text is not UTF-8; it is not dated");
        return None;
    }
    // SAFETY: just checked to be UTF-8.
    Some(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Dating a project file on threads of their own: one reads the stored dates or the texts through its own
/// read-only connection (beside the window's writer, seeing every committed edit), workers on every core unpack or
/// tag them, a keeper keeps what was tagged, and the window only collects what they found. Dropping it stops them.
struct FileDating {
    /// `None` for an article that could not be dated (it is not waited for).
    results: std::sync::mpsc::Receiver<Vec<Option<FileDated>>>,
    jobs: usize,
    received: usize,
    /// How many were read from the stored dates.
    from_project: Arc<std::sync::atomic::AtomicUsize>,
    /// The reading thread: its connection keeps the project file from being opened for writing until it ends.
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Drop for FileDating {
    /// Nobody receives any more: the threads stop at their next article (the workers, then the reader), and are
    /// waited for, so the file can be opened again at once. (A timeline is dropped off the window's thread, see
    /// [`crate::parallel::drop_in_background`].)
    fn drop(&mut self) {
        drop(std::mem::replace(
            &mut self.results,
            std::sync::mpsc::channel().1,
        ));
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

impl FileDating {
    fn start(
        path: std::path::PathBuf,
        jobs: Vec<(crate::model::ArticleMeta, u64)>,
        keep: Option<std::sync::mpsc::SyncSender<KeptDates>>,
    ) -> FileDating {
        let (out, results) = std::sync::mpsc::channel();
        let count = jobs.len();
        let from_project = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let stored_count = from_project.clone();
        let spawned = std::thread::Builder::new()
            .name("dating-reader".into())
            .spawn(move || {
                // (Threads it starts inherit this.)
                crate::parallel::lower_thread_priority();
                let store = match crate::store::Store::open_read_only(&path) {
                    Ok(store) => store,
                    Err(e) => return log::error!("timeline: cannot read the texts to date: {e}"),
                };
                let path = std::sync::Arc::new(path);
                // The stored dates first, in one pass over their table; then the texts of the articles with none
                // (in corpus order).
                // (In batches: a hand-over between threads per article was a sixth of the time.)
                let (stored_send, stored) = std::sync::mpsc::sync_channel(4);
                let scanner = std::thread::Builder::new()
                    .name("dating-scan".into())
                    .spawn(move || {
                        let index: HashMap<ArticleId, usize> = jobs
                            .iter()
                            .enumerate()
                            .map(|(i, (meta, _))| (meta.id.clone(), i))
                            .collect();
                        let mut found = vec![false; jobs.len()];
                        let mut batch = Vec::with_capacity(STORED_BATCH);
                        let scanned = store.for_each_dates_blob(TAGGER_VERSION, |id, data| {
                            let Some(&i) = index.get(&id) else {
                                return true;
                            };
                            if std::mem::replace(&mut found[i], true) {
                                return true;
                            }
                            let (meta, rev) = &jobs[i];
                            batch.push((meta.clone(), *rev, data));
                            batch.len() < STORED_BATCH
                                || stored_send.send(std::mem::take(&mut batch)).is_ok()
                        });
                        if !batch.is_empty() {
                            let _ = stored_send.send(batch);
                        }
                        drop(stored_send);
                        if let Err(e) = scanned {
                            log::warn!("timeline: stored dates not read: {e}");
                        }
                        (store, jobs, found)
                    });
                let scanner = match scanner {
                    Ok(scanner) => scanner,
                    Err(e) => return log::error!("cannot start the dating thread: {e}"),
                };
                let stored_jobs = stored.into_iter().map(|batch| {
                    batch
                        .into_iter()
                        .map(|(meta, rev, data)| FileJob::Stored {
                            counted: stored_count.clone(),
                            meta,
                            rev,
                            data,
                            path: path.clone(),
                        })
                        .collect::<Vec<_>>()
                });
                let run = |batch: Vec<FileJob>| {
                    batch
                        .into_iter()
                        .map(|job| job.run(keep.as_ref()))
                        .collect::<Vec<_>>()
                };
                run_streaming(stored_jobs, run, out.clone(), 4);
                let Ok((store, jobs, found)) = scanner.join() else {
                    return log::error!("timeline: the stored dates could not be read");
                };
                let jobs = jobs
                    .into_iter()
                    .zip(found)
                    .filter(|(_, found)| !found)
                    .filter_map(|((meta, rev), _)| FileJob::to_tag(&store, &path, meta, rev));
                run_streaming(in_batches(jobs, TAG_BATCH), run, out, IN_FLIGHT / TAG_BATCH);
            });
        let reader = spawned
            .map_err(|e| log::error!("cannot start the dating thread: {e}"))
            .ok();
        FileDating {
            results,
            jobs: count,
            received: 0,
            from_project,
            reader,
        }
    }
}

/// Worker threads (one per core) that date the articles sent to them; they end when the pool is dropped.
struct DatingPool {
    jobs: std::sync::mpsc::Sender<DatingJob>,
    results: std::sync::mpsc::Receiver<Dated>,
    /// Received by [`DatingPool::wait`], not yet handed out by [`DatingPool::finished`].
    early: Vec<Dated>,
    in_flight: usize,
}

impl DatingPool {
    fn new() -> DatingPool {
        let (jobs, queue) = std::sync::mpsc::channel::<DatingJob>();
        let (done, results) = std::sync::mpsc::channel();
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for i in 0..crate::parallel::threads() {
            let queue = queue.clone();
            let done = done.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("dating-{i}"))
                .spawn(move || {
                    crate::parallel::lower_thread_priority();
                    loop {
                        let job = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
                        let Ok(job) = job else { return };
                        if done.send(job.run()).is_err() {
                            return;
                        }
                    }
                });
            if let Err(e) = spawned {
                log::error!("cannot start a dating thread: {e}");
            }
        }
        DatingPool {
            jobs,
            results,
            early: Vec::new(),
            in_flight: 0,
        }
    }

    fn send(&mut self, job: DatingJob) {
        if self.jobs.send(job).is_ok() {
            self.in_flight += 1;
        }
    }

    fn finished(&mut self) -> Vec<Dated> {
        let mut out = std::mem::take(&mut self.early);
        out.extend(self.results.try_iter());
        self.in_flight = self.in_flight.saturating_sub(out.len());
        out
    }

    /// Wait up to `limit` (and at most 2 ms) for a result.
    fn wait(&mut self, limit: Duration) {
        if self.in_flight > self.early.len() {
            if let Ok(r) = self
                .results
                .recv_timeout(limit.min(Duration::from_millis(2)))
            {
                self.early.push(r);
            }
        }
    }
}

impl Timeline {
    /// The events, brought fully up to date with the project.
    pub fn events(&mut self, project: &Project) -> &[Event] {
        self.refresh(project, None);
        &self.events
    }

    /// The events as last built (possibly behind the project while a budgeted refresh is under way).
    pub fn current(&self) -> Arc<Vec<Event>> {
        self.events.clone()
    }

    /// The events as last built, when they were built for this project (whatever its revision since).
    pub fn current_for(&self, project: &Project) -> Option<Arc<Vec<Event>>> {
        self.built_at
            .is_some_and(|k| k.instance == project.instance())
            .then(|| self.events.clone())
    }

    /// What the tagger found in one article (brought up to date).
    pub fn dates(&mut self, project: &Project, id: &ArticleId) -> Option<Arc<ArticleDates>> {
        self.refresh(project, None);
        self.cached_dates(id)
    }

    /// How many date expressions could not be resolved, in how many articles (at the last build).
    pub fn unresolved_counts(&self) -> (usize, usize) {
        self.unresolved
    }

    /// What the tagger found in one article at the last refresh.
    pub fn cached_dates(&self, id: &ArticleId) -> Option<Arc<ArticleDates>> {
        self.per_article.get(id).map(|(_, d)| d.clone())
    }

    /// Bring the events up to date, working at most `budget` (all of it when `None`). Returns the progress while
    /// work remains, `None` once the events match the project.
    pub fn refresh(&mut self, project: &Project, budget: Option<Duration>) -> Option<Progress> {
        let key = project.key();
        if self.built_at == Some(key) {
            return None;
        }
        let same_project = |k: Option<ProjectKey>| k.is_some_and(|k| k.instance == key.instance);
        if !same_project(self.built_at) && !same_project(self.pending_for) {
            // Another project: nothing found in the last one applies here (an article with the same id may have other
            // blocks or another publication date, and the decisions are the other project's).
            crate::parallel::drop_in_background(std::mem::take(self));
        }
        // While dating from the file is under way, what it was given stays the plan; what changed meanwhile is
        // found when it is done.
        if self.pending_for != Some(key) && self.file_dating.is_none() {
            self.plan(project);
        }
        let started = Instant::now();
        let in_file = project.path() != std::path::Path::new(":memory:");
        match budget {
            // A project file, in the window: threads of their own read, tag and send; this one only collects.
            Some(budget) if in_file => {
                if self.file_dating.is_none() && !self.pending.is_empty() {
                    self.file_dating = Some(self.start_file_dating(project, true));
                }
                if let Some(dating) = &mut self.file_dating {
                    loop {
                        match dating.results.try_recv() {
                            Ok(batch) => {
                                dating.received += batch.len();
                                for f in batch.into_iter().flatten() {
                                    // Dated from an older text (the article changed since): dated again later.
                                    if f.rev == project.article_revision(&f.id)
                                        && project.meta(&f.id).is_some()
                                    {
                                        Arc::make_mut(&mut self.per_article)
                                            .insert(f.id, (f.rev, f.dates));
                                    }
                                }
                                if started.elapsed() < budget {
                                    continue;
                                }
                                return Some(Progress {
                                    done: self.pending_total.saturating_sub(
                                        dating.jobs.saturating_sub(dating.received),
                                    ),
                                    total: self.pending_total,
                                    building: false,
                                    behind: true,
                                });
                            }
                            Err(std::sync::mpsc::TryRecvError::Empty) => {}
                            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                                // Done: what changed meanwhile is dated next.
                                self.from_project += dating
                                    .from_project
                                    .load(std::sync::atomic::Ordering::Relaxed);
                                self.file_dating = None;
                                // Nothing changed since the plan: what could not be read is not tried again
                                // (and a plan over 100,000 articles is not redone in this frame).
                                if self.pending_for != Some(key) {
                                    self.plan(project);
                                }
                                if self.pending.is_empty() {
                                    return self.build_in_background(project);
                                }
                                return Some(Progress {
                                    done: 0,
                                    total: self.pending_total,
                                    building: false,
                                    behind: false,
                                });
                            }
                        }
                        return Some(Progress {
                            done: self
                                .pending_total
                                .saturating_sub(dating.jobs.saturating_sub(dating.received)),
                            total: self.pending_total,
                            building: false,
                            behind: false,
                        });
                    }
                }
                return self.build_in_background(project);
            }
            // In memory, in the window: the tagging runs on worker threads; this thread only reads texts (within
            // the budget) and collects what the workers found, so frames stay short.
            Some(budget) => {
                let pool = self.pool.get_or_insert_with(DatingPool::new);
                loop {
                    for (id, rev, dates) in pool.finished() {
                        // Dated from an older text (the article changed since): dated again when next pending.
                        if rev == project.article_revision(&id) && project.meta(&id).is_some() {
                            Arc::make_mut(&mut self.per_article).insert(id, (rev, Arc::new(dates)));
                        }
                    }
                    if self.pending.is_empty() && pool.in_flight == 0 {
                        break;
                    }
                    if started.elapsed() >= budget {
                        let in_flight = pool.in_flight;
                        return Some(Progress {
                            done: self
                                .pending_total
                                .saturating_sub(self.pending.len() + in_flight),
                            total: self.pending_total,
                            building: false,
                            // In memory the window asks for the next slice at once anyway.
                            behind: true,
                        });
                    }
                    if pool.in_flight >= IN_FLIGHT || self.pending.is_empty() {
                        // Wait a little for the workers rather than spin (bounded by the budget).
                        pool.wait(budget.saturating_sub(started.elapsed()));
                        continue;
                    }
                    let Some(id) = self.pending.pop() else {
                        continue;
                    };
                    if let Ok((text, blocks)) = project.article_text_and_blocks(&id) {
                        let published = project.meta(&id).and_then(|m| m.published);
                        pool.send(DatingJob {
                            rev: project.article_revision(&id),
                            id,
                            published,
                            text,
                            blocks,
                        });
                    }
                }
                return self.build_in_background(project);
            }
            // Everything now (the command line, tests): this thread reads the texts while workers on every core
            // tag them, so reading and tagging overlap.
            None => {
                // A project file: the stored dates are read and the rest tagged (and stored) on threads of their
                // own, as in the window; this thread waits for them.
                if in_file && self.file_dating.is_none() && !self.pending.is_empty() {
                    self.file_dating = Some(self.start_file_dating(project, false));
                }
                if let Some(dating) = self.file_dating.take() {
                    let started = Instant::now();
                    for f in dating.results.iter().flatten().flatten() {
                        if f.rev == project.article_revision(&f.id) && project.meta(&f.id).is_some()
                        {
                            Arc::make_mut(&mut self.per_article).insert(f.id, (f.rev, f.dates));
                        }
                    }
                    // Kept before this returns: a command that dates and exits keeps what it found.
                    for keeping in self.keeping.drain(..) {
                        keeping.finish(Duration::MAX);
                    }
                    self.from_project += dating
                        .from_project
                        .load(std::sync::atomic::Ordering::Relaxed);
                    log::debug!(
                        "timeline: {} articles dated in {:.2} s ({} from the project)",
                        dating.jobs,
                        started.elapsed().as_secs_f64(),
                        self.from_project
                    );
                    // What is left (nothing, unless an article could not be read) is dated below.
                    self.plan(project);
                }
                let ids: Vec<ArticleId> = std::mem::take(&mut self.pending)
                    .into_iter()
                    .rev()
                    .collect();
                let jobs = ids.into_iter().filter_map(|id| {
                    let (text, blocks) = project.article_text_and_blocks(&id).ok()?;
                    Some(DatingJob {
                        rev: project.article_revision(&id),
                        published: project.meta(&id).and_then(|m| m.published),
                        id,
                        text,
                        blocks,
                    })
                });
                for (id, rev, dates) in date_in_parallel(jobs) {
                    Arc::make_mut(&mut self.per_article).insert(id, (rev, Arc::new(dates)));
                }
            }
        }
        self.build(project);
        None
    }

    /// Date the pending articles from the project file, on threads of their own; `hold`: what is found is kept
    /// once the events are shown.
    fn start_file_dating(&mut self, project: &Project, hold: bool) -> FileDating {
        let jobs: Vec<_> = std::mem::take(&mut self.pending)
            .into_iter()
            .rev()
            .filter_map(|id| {
                let meta = project.meta(&id)?.clone();
                Some((meta, project.article_revision(&id)))
            })
            .collect();
        self.coded_ahead = CodedAhead::start(project);
        // Room for all of them now: the map growing from 57,344 to 114,688 took 17-23 ms of one frame.
        Arc::make_mut(&mut self.per_article).reserve(jobs.len());
        // A keeper still holding what an earlier pass found writes it from now on.
        self.keeping.retain(|k| !k.is_finished());
        self.keeping.iter().for_each(Keeping::write);
        let keeper = Keeper::start(project, hold);
        let keep = keeper.map(|k| {
            self.keeping.push(k.keeping);
            k.rows
        });
        FileDating::start(project.path().to_owned(), jobs, keep)
    }

    /// Whether what the dating found is still being kept in the project (or held until the events are shown).
    pub fn is_keeping(&self) -> bool {
        self.keeping.iter().any(|k| !k.is_finished())
    }

    /// The window is closing: stop the dating and building under way, and hand over the keepers still at work, told
    /// to write what they hold (to wait for them, see [`Keeping::finish`]). What was found stays.
    pub fn stop(&mut self) -> Vec<Keeping> {
        self.file_dating = None;
        self.pool = None;
        self.building = None;
        self.coded_ahead = None;
        self.keeping.iter().for_each(Keeping::write);
        std::mem::take(&mut self.keeping)
    }

    /// How many articles' dates were read from the project file rather than found by tagging (since this
    /// timeline was made).
    pub fn dates_read_from_project(&self) -> usize {
        self.from_project
    }

    /// Which articles need dating for the project as it is now (new ones, and those whose blocks or metadata
    /// changed), forgetting articles no longer in it.
    fn plan(&mut self, project: &Project) {
        let metas = project.metas();
        let present: std::collections::HashSet<&ArticleId> = metas.iter().map(|m| &m.id).collect();
        if self.per_article.keys().any(|id| !present.contains(id)) {
            Arc::make_mut(&mut self.per_article).retain(|id, _| present.contains(id));
        }
        self.pending = metas
            .iter()
            .filter(|m| {
                self.per_article
                    .get(&m.id)
                    .is_none_or(|(rev, _)| *rev != project.article_revision(&m.id))
            })
            .map(|m| m.id.clone())
            .collect();
        self.pending.reverse();
        self.pending_total = self.pending.len();
        self.pending_for = Some(project.key());
    }

    fn build(&mut self, project: &Project) {
        // What a thread may still be building is older than this.
        self.building = None;
        let ahead = self.coded_ahead.take();
        let built = BuildInput::gather(project, &self.per_article, false, ahead).build();
        self.install(built, project.key());
    }

    fn install(&mut self, built: Built, key: ProjectKey) {
        // The events are there: what the dating found is written now.
        self.keeping.iter().for_each(Keeping::write);
        self.events = Arc::new(built.events);
        self.unresolved = built.unresolved;
        self.built_at = Some(key);
    }

    /// Every article is dated for `project`: build its events in this frame when that is cheap, else on a thread
    /// of their own, showing the last events until the new ones are there. Returns the progress while building.
    fn build_in_background(&mut self, project: &Project) -> Option<Progress> {
        let key = project.key();
        let dated = self.per_article.len();
        let building = Progress {
            done: dated,
            total: dated,
            building: true,
            behind: false,
        };
        if let Some(b) = &self.building {
            match b.done.try_recv() {
                Ok(built) => {
                    let for_key = b.for_key;
                    self.building = None;
                    // Built for an older revision: shown now (newer than what was shown), rebuilt below.
                    self.install(built, for_key);
                    if for_key == key {
                        return None;
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => return Some(building),
                // The build thread died (it panicked): build here rather than never.
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.building = None,
            }
        }
        let input = BuildInput::gather(project, &self.per_article, true, self.coded_ahead.take());
        if matches!(input.coded, Coded::Read(_)) {
            self.install(input.build(), key);
            return None;
        }
        let (send, done) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("event-build".into())
            .spawn(move || {
                crate::parallel::lower_thread_priority();
                let _ = send.send(input.build());
            });
        match spawned {
            Ok(_) => {
                self.building = Some(EventBuild { for_key: key, done });
                Some(building)
            }
            Err(e) => {
                log::error!("cannot start the event-build thread: {e}; building in the window");
                self.build(project);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept_rows(path: &std::path::Path) -> usize {
        let reader = crate::store::Store::open_read_only(path).unwrap();
        let mut kept = 0;
        reader
            .for_each_dates_blob(TAGGER_VERSION, |_, _| {
                kept += 1;
                true
            })
            .unwrap();
        kept
    }

    /// A dating pass whose results nobody takes any more (the window closed, another project was opened) stops,
    /// producer included: it used to wait for room in the workers' queue forever, and the keeper with it.
    #[test]
    fn streaming_work_stops_when_nobody_receives() {
        let (done, ended) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let (out, results) = std::sync::mpsc::channel::<usize>();
            drop(results);
            run_streaming(0usize.., |i| i, out, 4);
            let _ = done.send(());
        });
        assert!(
            ended.recv_timeout(Duration::from_secs(30)).is_ok(),
            "the producer still waits for workers that have stopped"
        );
    }

    /// In the window the keeper holds what it is handed until the events are shown (writing competed with the
    /// dating for the cores), then keeps all of it; on the command line it writes as the rows come.
    #[test]
    fn a_holding_keeper_writes_nothing_until_told_then_everything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("held.khabar");
        drop(crate::generate::generate_project(&path, 40, 0, 3).unwrap());
        let project = Project::open(&path).unwrap();
        let epoch = project.store().dates_epoch().unwrap();
        fn hand_over(project: &Project, keeper: &Keeper, epoch: i64) {
            for meta in project.metas().iter() {
                let dates = events::article_dates(&project.article(&meta.id).unwrap());
                keeper
                    .rows
                    .send(KeptDates {
                        id: meta.id.clone(),
                        dates: Arc::new(dates),
                        epoch,
                    })
                    .unwrap();
            }
        }
        let n = project.metas().len();

        let held = Keeper::start(&project, true).unwrap();
        hand_over(&project, &held, epoch);
        drop(held.rows);
        // All handed over and the channel closed: a keeper that did not hold would have written by now.
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(kept_rows(&path), 0, "written before it was told to");
        assert!(held.keeping.finish(Duration::from_secs(60)));
        assert_eq!(kept_rows(&path), n);
        for meta in project.metas().iter() {
            let data = project
                .store()
                .dates_blob(&meta.id, TAGGER_VERSION)
                .unwrap()
                .unwrap();
            let expected = events::article_dates(&project.article(&meta.id).unwrap());
            assert_eq!(unpack(&data).unwrap(), expected);
        }

        // Writing as it goes: kept without being told.
        let path = dir.path().join("written.khabar");
        drop(crate::generate::generate_project(&path, 40, 0, 3).unwrap());
        let project = Project::open(&path).unwrap();
        let writing = Keeper::start(&project, false).unwrap();
        hand_over(&project, &writing, project.store().dates_epoch().unwrap());
        drop(writing.rows);
        let started = Instant::now();
        while kept_rows(&path) < n {
            assert!(started.elapsed() < Duration::from_secs(60), "never kept");
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(writing.keeping.finish(Duration::from_secs(60)));
    }
}
