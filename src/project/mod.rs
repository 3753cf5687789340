//! An open project: the store plus what the app keeps in memory of it (article list, a cache of loaded articles,
//! codebook, annotations, undo history). Every change goes through [`Project::apply`]: the store commits it first,
//! then memory follows, so what the UI shows is always on disk.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::Utc;
use uuid::Uuid;

use crate::annotate::{
    default_codebook, Annotation, Change, Code, CodeId, Edit, ImportStep, Record, Step, UndoStack,
};
use crate::model::{Article, ArticleId, ArticleMeta, ArticleRef};
use crate::store::{Store, StoreError};
use crate::timeline::events::Decision;

mod edits;
pub mod web;
pub use edits::ArticleImport;

/// How many article bodies stay in memory; the rest are read from the project file on demand.
const ARTICLE_CACHE: usize = 64;
/// For how many articles the annotations stay in memory; the rest are read from the project file when shown.
const ANNOTATION_CACHE: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The request does not fit the project (unknown article, bad range, unknown code…): nothing was changed.
    #[error("{0}")]
    Invalid(String),
    /// The same passage already has these codes (from the same coder): nothing was created.
    #[error("“{quote}” is already coded {codes} at this exact passage; nothing was added")]
    AlreadyCoded { quote: String, codes: String },
}

pub type Result<T> = std::result::Result<T, ProjectError>;

fn invalid<T>(msg: impl Into<String>) -> Result<T> {
    Err(ProjectError::Invalid(msg.into()))
}

/// Where the default project lives: the platform data directory.
pub fn default_project_path() -> PathBuf {
    directories::ProjectDirs::from("org", "Khabar", "khabar")
        .map(|d| d.data_dir().join("default.khabar"))
        .unwrap_or_else(|| PathBuf::from("default.khabar"))
}

/// Which opened project, and at which edit: what views key the data they derive from a project by. Two projects
/// opened in one process never share an `instance` (even the same file opened twice), so a cache built for one is
/// never taken for the other when their revisions happen to be equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProjectKey {
    pub instance: u64,
    pub revision: u64,
}

/// The next [`ProjectKey::instance`]; starts at 1.
static NEXT_INSTANCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

pub struct Project {
    /// Unique among the projects opened in this process.
    instance: u64,
    store: Store,
    metas: Vec<ArticleMeta>,
    meta_pos: HashMap<ArticleId, usize>,
    /// Loaded articles (least recently used out first). Behind a lock so that reading an article takes `&self`:
    /// views get `&Project` and cannot change it.
    cache: std::sync::Mutex<ArticleCache>,
    codes: Vec<Code>,
    /// How many annotations each article has (articles without any are absent). The annotations themselves are
    /// read per article when asked for: loading 500,000 at open took seconds and hundreds of megabytes.
    annotation_counts: HashMap<ArticleId, usize>,
    annotation_total: usize,
    /// Annotations of recently shown articles, sorted by (start, end, id); dropped for an article when its
    /// annotations change.
    annotation_cache: std::sync::Mutex<HashMap<ArticleId, Arc<[Annotation]>>>,
    /// [`Project::coders`] as of a revision.
    coder_memo: std::sync::Mutex<Option<(u64, std::collections::BTreeMap<String, usize>)>>,
    /// The last damage found while reading annotations through an infallible accessor (shown by the UI).
    damage: std::sync::Mutex<Option<String>>,
    pub undo: UndoStack,
    /// Name recorded as creator of new annotations.
    pub creator: String,
    /// The user's decisions about timeline events, by candidate id.
    decisions: HashMap<crate::timeline::events::CandidateId, Decision>,
    /// Per article: bumped whenever its blocks or metadata change (what derived data such as dates depends on).
    article_revs: HashMap<ArticleId, u64>,
    /// Changes to the articles themselves (added, blocks, metadata), not to their coding: the key of search results.
    content_revision: u64,
    /// Bumped on every change, so views can cache what they derive from the project.
    revision: u64,
}

impl std::fmt::Debug for Project {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Project")
            .field("path", &self.store.path())
            .field("articles", &self.metas.len())
            .finish()
    }
}

impl Project {
    fn from_store(store: Store) -> Result<Project> {
        let metas = store.article_metas()?;
        Project::with_metas(store, metas)
    }

    /// Open a project as its writer, but only the articles whose id starts with `id_prefix` (for a one-off
    /// `khabar annotate`): the rest of the article list, its annotations and the timeline's decisions are not read,
    /// so the cost does not grow with the project. Everything else behaves as after [`Project::open`].
    pub fn open_for_article(path: &Path, id_prefix: &str) -> Result<Project> {
        let store = Store::open(path)?;
        let metas = store.article_metas_with_prefix(id_prefix)?;
        Project::with_metas(store, metas)
    }

    fn with_metas(store: Store, metas_and_counts: Vec<(ArticleMeta, usize)>) -> Result<Project> {
        let mut counts = Vec::new();
        let metas = metas_and_counts
            .into_iter()
            .map(|(m, n)| {
                if n > 0 {
                    counts.push((m.id.clone(), n));
                }
                m
            })
            .collect();
        let codes = store.codes()?;
        let mut project = Project {
            instance: NEXT_INSTANCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            meta_pos: HashMap::new(),
            metas,
            store,
            cache: Default::default(),
            codes,
            annotation_counts: HashMap::new(),
            annotation_total: 0,
            annotation_cache: Default::default(),
            coder_memo: Default::default(),
            damage: Default::default(),
            undo: UndoStack::default(),
            creator: crate::annotate::default_creator(),
            decisions: HashMap::new(),
            article_revs: HashMap::new(),
            content_revision: 0,
            revision: 0,
        };
        project.decisions = project
            .store
            .decisions()?
            .into_iter()
            .map(|d| (d.candidate.clone(), d))
            .collect();
        project.reindex_metas();
        // The annotations themselves are checked against their article when they are read.
        for (article, n) in counts {
            project.annotation_total += n;
            project.annotation_counts.insert(article, n);
        }
        Ok(project)
    }

    /// Open an existing project file as its one writer.
    pub fn open(path: &Path) -> Result<Project> {
        Project::from_store(Store::open(path)?)
    }

    /// Open an existing project file to read it (allowed while another Khabar edits it; every edit is refused).
    pub fn open_read_only(path: &Path) -> Result<Project> {
        Project::from_store(Store::open_read_only(path)?)
    }

    /// Create a project file seeded with articles and the default codebook (it appears complete or not at all).
    pub fn create(path: &Path, seed: &[Article]) -> Result<Project> {
        let store = Store::create(path, |store| Project::seed(store, seed))?;
        Project::from_store(store)
    }

    /// A project in memory only (tests, benchmarks).
    pub fn in_memory(seed: &[Article]) -> Project {
        let mut store = Store::in_memory();
        Project::seed(&mut store, seed).expect("an in-memory project takes its seed");
        Project::from_store(store).expect("an in-memory project loads")
    }

    fn seed(store: &mut Store, seed: &[Article]) -> std::result::Result<(), StoreError> {
        store.add_articles(seed)?;
        let codes = default_codebook()
            .into_iter()
            .map(|c| Change::create(Record::Code(c)))
            .collect();
        store.apply(&Edit::new("default codebook", codes))
    }

    /// Open the default project (in the platform data directory), creating it from the bundled corpus on the GUI's
    /// first launch. Only the default path is ever created implicitly.
    pub fn open_or_create_default(path: &Path) -> Result<Project> {
        if path.symlink_metadata().is_ok() {
            return Project::open(path);
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|err| StoreError::Io {
                path: dir.to_owned(),
                err,
            })?;
        }
        Project::create(path, &crate::ingest::bundled_corpus())
    }

    /// Whether edits are refused (opened with [`Project::open_read_only`]).
    pub fn is_read_only(&self) -> bool {
        self.store.access() == crate::store::Access::Read
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// Copy the project to a new file (File > Save As); the caller opens the copy.
    pub fn save_as(&self, target: &Path) -> Result<()> {
        Ok(self.store.save_as(target)?)
    }

    /// Changes to an article's blocks or metadata in this session (0 if none).
    pub fn article_revision(&self, id: &ArticleId) -> u64 {
        self.article_revs.get(id).copied().unwrap_or(0)
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Like [`Project::key`], but changed only by edits of the articles (texts, blocks, metadata), not by coding:
    /// for what depends on the texts alone, such as search hits.
    pub fn content_key(&self) -> ProjectKey {
        ProjectKey {
            instance: self.instance,
            revision: self.content_revision,
        }
    }

    /// This project's identity and revision: the key for anything derived from it.
    pub fn key(&self) -> ProjectKey {
        ProjectKey {
            instance: self.instance,
            revision: self.revision,
        }
    }

    /// Identity of this opened project, unique in the process (see [`ProjectKey`]).
    pub fn instance(&self) -> u64 {
        self.instance
    }

    fn reindex_metas(&mut self) {
        self.meta_pos = self
            .metas
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.clone(), i))
            .collect();
    }

    // ---- articles ----

    pub fn metas(&self) -> &[ArticleMeta] {
        &self.metas
    }

    pub fn meta(&self, id: &ArticleId) -> Option<&ArticleMeta> {
        self.meta_pos.get(id).map(|&i| &self.metas[i])
    }

    /// Find an article by id or unique id prefix (for the CLI).
    pub fn resolve_article(&self, id_or_prefix: &str) -> Result<ArticleId> {
        let hits: Vec<&ArticleMeta> = self
            .metas
            .iter()
            .filter(|m| m.id.0.starts_with(id_or_prefix))
            .collect();
        match hits.as_slice() {
            [one] => Ok(one.id.clone()),
            [] => invalid(format!(
                "no article with id '{id_or_prefix}' in {}",
                self.path().display()
            )),
            _ => invalid(format!(
                "'{id_or_prefix}' matches {} articles; give more of the id",
                hits.len()
            )),
        }
    }

    /// The article's text and blocks, from the cache or the project file.
    pub fn article(&self, id: &ArticleId) -> Result<ArticleRef> {
        if let Some(a) = self.cache().get(id) {
            return Ok(a);
        }
        let Some(meta) = self.meta(id).cloned() else {
            return invalid(format!("no article with id {id}"));
        };
        let Some(article) = self.store.load_article(&meta)? else {
            return invalid(format!(
                "article {id} is missing from {}",
                self.path().display()
            ));
        };
        let article = Arc::new(article);
        self.cache().insert(id.clone(), article.clone());
        Ok(article)
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, ArticleCache> {
        // A panic while holding the lock cannot leave the cache inconsistent (each operation is one map update).
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Text and blocks of an article, without building its index or filling the cache: for passes over the whole
    /// corpus (dating), which would otherwise evict the articles the user is reading.
    pub fn article_text_and_blocks(
        &self,
        id: &ArticleId,
    ) -> Result<(String, Vec<crate::model::Block>)> {
        if let Some(a) = self.cache().peek(id) {
            return Ok((a.text.clone(), a.blocks.clone()));
        }
        let Some(meta) = self.meta(id) else {
            return invalid(format!("no article with id {id}"));
        };
        match self.store.load_text_and_blocks(meta)? {
            Some(parts) => Ok(parts),
            None => invalid(format!(
                "article {id} is missing from {}",
                self.path().display()
            )),
        }
    }

    /// Add imported articles (one transaction). Articles already present are skipped; returns how many were added.
    pub fn add_articles(&mut self, articles: Vec<Article>) -> Result<usize> {
        let mut seen = std::collections::HashSet::new();
        let fresh: Vec<Article> = articles
            .into_iter()
            .filter(|a| !self.meta_pos.contains_key(&a.meta.id) && seen.insert(a.meta.id.clone()))
            .collect();
        self.store.add_articles(&fresh)?;
        // Extend the id index rather than rebuild it: rebuilding costs milliseconds per import at 100,000 articles.
        for a in &fresh {
            self.meta_pos.insert(a.meta.id.clone(), self.metas.len());
            self.metas.push(a.meta.clone());
        }
        self.content_revision += 1;
        self.revision += 1;
        Ok(fresh.len())
    }

    /// Change an article's metadata (one undoable edit).
    pub fn set_meta(&mut self, after: ArticleMeta) -> Result<()> {
        let Some(before) = self.meta(&after.id).cloned() else {
            return invalid(format!("no article with id {}", after.id));
        };
        if before == after {
            return Ok(());
        }
        let label = format!("Edit details of “{}”", short(&after.title));
        self.apply(Edit::new(
            label,
            vec![Change::update(Record::Meta(before), Record::Meta(after))],
        ))
    }

    pub fn set_published(&mut self, id: &ArticleId, date: Option<chrono::NaiveDate>) -> Result<()> {
        let Some(mut meta) = self.meta(id).cloned() else {
            return invalid(format!("no article with id {id}"));
        };
        meta.published = date;
        self.set_meta(meta)
    }

    // ---- search index ----

    /// The project file, for read-only queries of the search module.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// How many articles the full-text index covers.
    pub fn index_progress(&self) -> Result<crate::store::IndexProgress> {
        Ok(self.store.index_progress()?)
    }

    /// Index up to `max` pending articles (one short transaction); for a background job that calls it until the
    /// returned progress is complete.
    pub fn index_step(
        &mut self,
        job: &mut crate::store::IndexJob,
        max: usize,
    ) -> Result<crate::store::IndexProgress> {
        Ok(self.store.index_step(job, max)?)
    }

    /// Drop the whole index (it is then rebuilt by [`Project::index_step`]).
    pub fn clear_index(&mut self) -> Result<()> {
        Ok(self.store.clear_index()?)
    }

    // ---- timeline decisions ----

    pub fn decisions(&self) -> &HashMap<crate::timeline::events::CandidateId, Decision> {
        &self.decisions
    }

    // ---- codebook ----

    /// Who new annotations are by: in a team project its server user (the server refuses any other name, from
    /// the coder's own edits as from an import), otherwise [`Project::creator`].
    pub fn author(&self) -> &str {
        self.store.team_user().unwrap_or(&self.creator)
    }

    pub fn codes(&self) -> &[Code] {
        &self.codes
    }

    pub fn code(&self, id: CodeId) -> Option<&Code> {
        self.codes.iter().find(|c| c.id == id)
    }

    pub fn code_by_name(&self, name: &str) -> Option<&Code> {
        let n = name.trim();
        self.codes
            .iter()
            .find(|c| c.name == n)
            .or_else(|| self.codes.iter().find(|c| c.name.eq_ignore_ascii_case(n)))
    }

    pub fn code_by_shortcut(&self, key: u8) -> Option<&Code> {
        self.codes.iter().find(|c| c.shortcut == Some(key))
    }

    pub fn next_code_id(&self) -> CodeId {
        // In a team project ids are also reserved for teammates' codes not yet seen here.
        let reserved = self.store.next_code_id().unwrap_or(1);
        (self.codes.iter().map(|c| c.id).max().unwrap_or(0) + 1).max(reserved)
    }

    // ---- annotations ----

    /// An annotation by id; `None` when there is none (or the project file is damaged there: see
    /// [`Project::damage`]).
    pub fn annotation(&self, id: &Uuid) -> Option<Annotation> {
        self.noting_damage(self.try_annotation(id)).flatten()
    }

    pub fn try_annotation(&self, id: &Uuid) -> Result<Option<Annotation>> {
        Ok(self.store.annotation(id)?)
    }

    /// The annotations among `ids` that the project has, in no particular order.
    pub fn try_annotations_by_ids(&self, ids: &[Uuid]) -> Result<Vec<Annotation>> {
        Ok(self.store.annotations_by_ids(ids)?)
    }

    pub fn annotation_count(&self) -> usize {
        self.annotation_total
    }

    /// How many annotations an article has (no allocation: the corpus list asks for every visible row each frame).
    pub fn annotation_count_of(&self, article: &ArticleId) -> usize {
        self.annotation_counts.get(article).copied().unwrap_or(0)
    }

    /// The article's annotations sorted by position (empty if the project file is damaged there: see
    /// [`Project::damage`]).
    pub fn annotations_of(&self, article: &ArticleId) -> Arc<[Annotation]> {
        self.noting_damage(self.try_annotations_of(article))
            .unwrap_or_else(|| Arc::from(Vec::new()))
    }

    /// The article's annotations sorted by position, read from the project file unless recently shown.
    pub fn try_annotations_of(&self, article: &ArticleId) -> Result<Arc<[Annotation]>> {
        if self.annotation_count_of(article) == 0 {
            return Ok(Arc::from(Vec::new()));
        }
        if let Some(list) = self.annotation_cache().get(article) {
            return Ok(list.clone());
        }
        let list: Arc<[Annotation]> = Arc::from(self.store.annotations_of(article)?);
        let mut cache = self.annotation_cache();
        if cache.len() >= ANNOTATION_CACHE {
            cache.clear();
        }
        cache.insert(article.clone(), list.clone());
        Ok(list)
    }

    /// The article's annotations, read from the project file without going through (or filling) the cache of shown
    /// articles: for passes over the whole corpus. Empty if the file is damaged there (see [`Project::damage`]).
    pub fn annotations_of_uncached(&self, article: &ArticleId) -> Vec<Annotation> {
        self.noting_damage(self.try_annotations_of_uncached(article))
            .unwrap_or_default()
    }

    /// [`Project::annotations_of_uncached`] with its errors.
    pub fn try_annotations_of_uncached(&self, article: &ArticleId) -> Result<Vec<Annotation>> {
        if self.annotation_count_of(article) == 0 {
            return Ok(Vec::new());
        }
        if let Some(list) = self.annotation_cache().get(article) {
            return Ok(list.to_vec());
        }
        Ok(self.store.annotations_of(article)?)
    }

    /// The annotations that have one of `codes`, by article (empty if none, or the project file is damaged there:
    /// see [`Project::damage`]).
    pub fn annotations_with_codes(&self, codes: &[CodeId]) -> Vec<Annotation> {
        if codes.is_empty() || self.annotation_total == 0 {
            return Vec::new();
        }
        self.noting_damage(
            self.store
                .annotations_with_codes(codes)
                .map_err(ProjectError::from),
        )
        .unwrap_or_default()
    }

    /// All annotations, in corpus order then position (empty if the project file is damaged: see
    /// [`Project::damage`]; exports use [`Project::try_all_annotations`]).
    pub fn all_annotations(&self) -> Vec<Annotation> {
        self.noting_damage(self.try_all_annotations())
            .unwrap_or_default()
    }

    /// All annotations, in corpus order then position.
    pub fn try_all_annotations(&self) -> Result<Vec<Annotation>> {
        let mut by_article: HashMap<ArticleId, Vec<Annotation>> = HashMap::new();
        self.store.for_each_annotation(|a| {
            by_article.entry(a.article.clone()).or_default().push(a);
            Ok(())
        })?;
        Ok(self
            .metas
            .iter()
            .flat_map(|m| by_article.remove(&m.id).unwrap_or_default())
            .collect())
    }

    /// Every coder with how many annotations each has, by name (counted in the project file once per revision:
    /// views ask each frame).
    pub fn coders(&self) -> std::collections::BTreeMap<String, usize> {
        let mut memo = self.coder_memo.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((rev, coders)) = memo.as_ref() {
            if *rev == self.revision {
                return coders.clone();
            }
        }
        let coders: std::collections::BTreeMap<String, usize> = self
            .noting_damage(self.store.coder_counts().map_err(ProjectError::from))
            .unwrap_or_default()
            .into_iter()
            .collect();
        *memo = Some((self.revision, coders.clone()));
        coders
    }

    /// Damage found in the project file by an accessor that cannot return an error (the UI shows it).
    pub fn damage(&self) -> Option<String> {
        self.damage
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn noting_damage<T>(&self, r: Result<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                log::error!("{e}");
                *self.damage.lock().unwrap_or_else(|e| e.into_inner()) = Some(e.to_string());
                None
            }
        }
    }

    fn annotation_cache(&self) -> std::sync::MutexGuard<'_, HashMap<ArticleId, Arc<[Annotation]>>> {
        // Each operation is one map update: a panic while holding the lock cannot leave it inconsistent.
        self.annotation_cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// An annotation of `article` was created (+1) or deleted (-1): keep the counts, forget the cached list.
    fn annotations_changed(&mut self, article: &ArticleId, delta: isize) {
        self.annotation_cache().remove(article);
        let n = self.annotation_counts.entry(article.clone()).or_default();
        *n = n.saturating_add_signed(delta);
        self.annotation_total = self.annotation_total.saturating_add_signed(delta);
        if *n == 0 {
            self.annotation_counts.remove(article);
        }
    }

    /// Build a new annotation over `range` of an article: the range is snapped out to grapheme clusters, must be
    /// inside the text and not empty, and every code must exist. Nothing is stored yet.
    pub fn new_annotation(
        &self,
        article_id: &ArticleId,
        range: Range<usize>,
        codes: Vec<CodeId>,
        note: String,
    ) -> Result<Annotation> {
        let article = self.article(article_id)?;
        let n = article.index.char_len();
        if range.start > n || range.end > n {
            return invalid(format!(
                "range {}..{} is past the end of article {article_id} ({n} characters)",
                range.start, range.end
            ));
        }
        // Spaces at the ends are never part of a quote.
        let snapped = article.trim_spaces(article.snap(range.start, range.end));
        if snapped.is_empty() || article.slice(snapped.clone()).trim().is_empty() {
            return invalid("the selection is empty");
        }
        for c in &codes {
            if self.code(*c).is_none() {
                return invalid(format!("no code with id {c}"));
            }
        }
        let now = Utc::now();
        Ok(Annotation {
            id: Uuid::new_v4(),
            article: article_id.clone(),
            start: snapped.start,
            end: snapped.end,
            quote: article.slice(snapped).to_owned(),
            codes,
            note,
            creator: self.author().to_owned(),
            created: now,
            modified: now,
        })
    }

    /// Char range of the `occurrence`-th (1-based) match of `quote` in the article's NFC text.
    pub fn find_quote(
        &self,
        article_id: &ArticleId,
        quote: &str,
        occurrence: usize,
    ) -> Result<Range<usize>> {
        let article = self.article(article_id)?;
        let quote = crate::model::normalize_text(quote);
        if quote.is_empty() {
            return invalid("the quote is empty");
        }
        let mut found = article.text.match_indices(quote.as_str()).map(|(b, m)| {
            let s = article.index.char_of_byte(b);
            s..article.index.char_of_byte(b + m.len())
        });
        let count_hint = || article.text.matches(quote.as_str()).count();
        match found.nth(occurrence.saturating_sub(1)) {
            Some(r) => Ok(r),
            None => invalid(format!(
                "the quote occurs {} time(s) in article {article_id}; occurrence {occurrence} does not exist",
                count_hint()
            )),
        }
    }

    /// Create an annotation and commit it; returns its id.
    pub fn add_annotation(
        &mut self,
        article_id: &ArticleId,
        range: Range<usize>,
        codes: Vec<CodeId>,
        note: String,
    ) -> Result<Uuid> {
        let mut a = self.new_annotation(article_id, range, codes, note)?;
        // Coding a passage again with a code it already has (same coder, same range) would double it in every
        // count: such codes are left out, and a request that adds nothing is refused.
        let existing = self.try_annotations_of(article_id)?;
        let same_range: Vec<&Annotation> = existing
            .iter()
            .filter(|o| o.start == a.start && o.end == a.end && o.creator == a.creator)
            .collect();
        if !same_range.is_empty() {
            let had = |c: &CodeId| same_range.iter().any(|o| o.codes.contains(c));
            let (old, new): (Vec<CodeId>, Vec<CodeId>) = a.codes.iter().partition(|c| had(c));
            let note_is_new = !a.note.is_empty() && !same_range.iter().any(|o| o.note == a.note);
            let nothing_new =
                new.is_empty() && !note_is_new && (!old.is_empty() || a.note.is_empty());
            if nothing_new {
                let names: Vec<String> = old
                    .iter()
                    .filter_map(|c| self.code(*c).map(|c| c.name.clone()))
                    .collect();
                return Err(ProjectError::AlreadyCoded {
                    quote: short(&a.quote),
                    codes: if names.is_empty() {
                        "(a note-only annotation)".to_owned()
                    } else {
                        names.join(", ")
                    },
                });
            }
            a.codes = new;
        }
        let id = a.id;
        let label = format!("Annotate “{}”", short(&a.quote));
        self.apply(Edit::new(
            label,
            vec![Change::create(Record::Annotation(a))],
        ))?;
        Ok(id)
    }

    // ---- edits ----

    /// Commit an edit to the project file, then show it in memory, and record it for undo.
    pub fn apply(&mut self, edit: Edit) -> Result<()> {
        self.commit(&edit)?;
        self.push_step(Step::Edit(edit));
        Ok(())
    }

    /// Record a step for undo; the redo history it clears is forgotten (an import's rows set aside go).
    fn push_step(&mut self, step: Step) {
        for dropped in self.undo.push(step) {
            if let Step::Import(i) = dropped {
                self.store.import_forget(i.import);
            }
        }
    }

    // ---- imports (see `store::bulk`) ----

    /// Begin an import: everything written until [`Project::import_finish`] is one transaction, and one undo step.
    pub fn import_begin(&mut self) -> Result<ImportSession> {
        Ok(ImportSession {
            import: self.store.import_begin()?,
            counts: HashMap::new(),
            codes: Vec::new(),
        })
    }

    /// Write a batch of the import's creations: codes (before the annotations that use them) and annotations.
    /// Memory follows when the import is finished.
    pub fn import_write(&mut self, session: &mut ImportSession, changes: &[Change]) -> Result<()> {
        self.store.import_write(session.import, changes)?;
        for change in changes {
            match &change.after {
                Some(Record::Annotation(a)) => {
                    *session.counts.entry(a.article.clone()).or_default() += 1;
                }
                Some(Record::Code(c)) => session.codes.push(c.clone()),
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether this import has already written the annotation `id`.
    pub fn import_wrote(&self, session: &ImportSession, id: &Uuid) -> Result<bool> {
        Ok(self.store.import_wrote(session.import, id)?)
    }

    /// Commit the import and show it, as one undo step named `label` (nothing is recorded when it wrote nothing).
    pub fn import_finish(&mut self, session: ImportSession, label: String) -> Result<()> {
        if session.counts.is_empty() && session.codes.is_empty() {
            self.store.import_rollback();
            return Ok(());
        }
        if let Err(e) = self.store.import_commit() {
            self.store.import_rollback();
            return Err(e.into());
        }
        let counts: Vec<(ArticleId, usize)> = session.counts.into_iter().collect();
        self.follow_import(&counts, 1, &session.codes);
        self.push_step(Step::Import(ImportStep {
            label,
            import: session.import,
            codes: session.codes,
        }));
        Ok(())
    }

    /// Give the import up: nothing of it stays.
    pub fn import_abort(&mut self, _session: ImportSession) {
        self.store.import_rollback();
    }

    fn commit(&mut self, edit: &Edit) -> Result<()> {
        self.store.apply(edit)?;
        self.follow(&edit.changes);
        Ok(())
    }

    /// Memory follows changes the project file has committed.
    fn follow(&mut self, changes: &[Change]) {
        for change in changes {
            if let Some(Record::Annotation(a)) = &change.before {
                self.annotations_changed(&a.article, -1);
            }
            if let Some(Record::Annotation(a)) = &change.after {
                self.annotations_changed(&a.article, 1);
            }
            match (&change.before, &change.after) {
                (_, Some(after)) => self.put_mem(after.clone()),
                (Some(before), None) => self.remove_mem(before),
                (None, None) => {}
            }
        }
        self.revision += 1;
    }

    /// Merge a batch of teammates' changes from the server (see `sync`): the project file takes them in one
    /// transaction, then memory follows. They are not undoable here (undo is for one's own edits). Returns how many
    /// records changed.
    pub fn merge_incoming(
        &mut self,
        batch: &[crate::store::sync::Incoming],
        seen: i64,
        phase: i64,
    ) -> Result<usize> {
        let changes = self.store.merge_incoming(batch, seen, phase)?;
        if !changes.is_empty() {
            self.follow(&changes);
        }
        Ok(changes.len())
    }

    /// Drop records the server refused a change to, so the next pull rebuilds them from the server (memory
    /// follows).
    pub fn forget_records(&mut self, keys: &[(crate::sync::records::Kind, String)]) -> Result<()> {
        let changes = self.store.forget_records(keys)?;
        self.follow(&changes);
        Ok(())
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    fn put_mem(&mut self, r: Record) {
        match r {
            // Counts and the cache follow in `commit`; the annotation itself lives in the file.
            Record::Annotation(_) => {}
            Record::Code(c) => {
                if let Some(slot) = self.codes.iter_mut().find(|x| x.id == c.id) {
                    *slot = c;
                } else {
                    self.codes.push(c);
                }
                self.codes.sort_by_key(|c| (c.position, c.id));
            }
            Record::Block {
                article,
                index,
                block,
            } => {
                *self.article_revs.entry(article.clone()).or_default() += 1;
                self.content_revision += 1;
                if let Some(a) = self.cache().get_mut(&article) {
                    let a = Arc::make_mut(a);
                    if let Some(slot) = a.blocks.get_mut(index) {
                        *slot = block;
                    }
                }
            }
            Record::Decision(d) => {
                self.decisions.insert(d.candidate.clone(), d);
            }
            Record::Meta(m) => {
                *self.article_revs.entry(m.id.clone()).or_default() += 1;
                self.content_revision += 1;
                if let Some(a) = self.cache().get_mut(&m.id) {
                    Arc::make_mut(a).meta = m.clone();
                }
                if let Some(&i) = self.meta_pos.get(&m.id) {
                    self.metas[i] = m;
                }
            }
        }
    }

    fn remove_mem(&mut self, r: &Record) {
        match r {
            Record::Annotation(_) => {}
            Record::Code(c) => self.codes.retain(|x| x.id != c.id),
            Record::Decision(d) => {
                self.decisions.remove(&d.candidate);
            }
            Record::Block { .. } | Record::Meta(_) => {}
        }
    }

    /// Undo the last edit; returns its label.
    pub fn undo(&mut self) -> Result<Option<String>> {
        let Some(step) = self.undo.last_done().cloned() else {
            return Ok(None);
        };
        match &step {
            Step::Edit(edit) => self.commit(&edit.inverse())?,
            Step::Import(i) => {
                let lost = self.store.import_undo(i.import, &i.codes)?;
                self.follow_import(&lost, -1, &i.codes);
            }
        }
        self.undo.mark_undone();
        Ok(Some(step.label().to_owned()))
    }

    pub fn redo(&mut self) -> Result<Option<String>> {
        let Some(step) = self.undo.last_undone().cloned() else {
            return Ok(None);
        };
        match &step {
            Step::Edit(edit) => self.commit(edit)?,
            Step::Import(i) => {
                let gained = self.store.import_redo(i.import, &i.codes)?;
                self.follow_import(&gained, 1, &i.codes);
            }
        }
        self.undo.mark_redone();
        Ok(Some(step.label().to_owned()))
    }

    /// Memory follows an import committed or redone (`sign` +1: its codes come) or undone (-1: they go).
    fn follow_import(&mut self, counts: &[(ArticleId, usize)], sign: isize, codes: &[Code]) {
        for (article, n) in counts {
            self.annotations_changed(article, sign * *n as isize);
        }
        for c in codes {
            if sign < 0 {
                self.remove_mem(&Record::Code(c.clone()));
            } else {
                self.put_mem(Record::Code(c.clone()));
            }
        }
        self.revision += 1;
    }
}

/// An import being written (see [`Project::import_begin`]): what memory must follow once it is committed.
#[derive(Debug)]
pub struct ImportSession {
    import: i64,
    /// Annotations written per article.
    counts: HashMap<ArticleId, usize>,
    /// Codes written, in order.
    codes: Vec<Code>,
}

/// A quote shortened for menus and messages.
pub fn short(s: &str) -> String {
    let s = s.trim();
    let mut out: String = s.chars().take(24).collect();
    if s.chars().count() > 24 {
        out.push('…');
    }
    out
}

/// The articles kept in memory, least recently used out first.
#[derive(Default)]
struct ArticleCache {
    map: HashMap<ArticleId, (ArticleRef, u64)>,
    clock: u64,
}

impl ArticleCache {
    fn get(&mut self, id: &ArticleId) -> Option<ArticleRef> {
        self.clock += 1;
        let clock = self.clock;
        self.map.get_mut(id).map(|(a, used)| {
            *used = clock;
            a.clone()
        })
    }

    /// Without counting as a use (passes over the whole corpus must not keep articles in).
    fn peek(&self, id: &ArticleId) -> Option<ArticleRef> {
        self.map.get(id).map(|(a, _)| a.clone())
    }

    fn get_mut(&mut self, id: &ArticleId) -> Option<&mut ArticleRef> {
        self.map.get_mut(id).map(|(a, _)| a)
    }

    fn insert(&mut self, id: ArticleId, article: ArticleRef) {
        if self.map.len() >= ARTICLE_CACHE {
            if let Some(oldest) = self
                .map
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone())
            {
                self.map.remove(&oldest);
            }
        }
        self.clock += 1;
        self.map.insert(id, (article, self.clock));
    }
}
