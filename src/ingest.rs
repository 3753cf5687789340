//! Reading article files: the bundled corpus and user imports. Every failure names the file and the reason, and a
//! failed file never stops the rest of an import.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{normalize_text, Article, BlockKind};

/// Larger files are refused: a news article is kilobytes; tens of megabytes is a mistake (a dump, a video).
pub const MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportErrorKind {
    Io(String),
    Directory,
    /// A FIFO, a device, a socket: not a file that holds an article.
    NotRegular,
    Empty,
    TooLarge {
        bytes: u64,
    },
    Binary,
    NotUtf8 {
        byte_offset: usize,
    },
    /// A saved web page that could not be read.
    Page(crate::web::PageError),
}

/// An import failure for one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub path: PathBuf,
    pub kind: ImportErrorKind,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = self.path.display();
        match &self.kind {
            ImportErrorKind::Io(e) => write!(f, "{p}: cannot read the file ({e})"),
            ImportErrorKind::Directory => {
                write!(f, "{p}: is a folder, not a text file (select the files inside it)")
            }
            ImportErrorKind::NotRegular => write!(
                f,
                "{p}: not a regular file (a pipe, a device or a socket); save the text to a file and import that"
            ),
            ImportErrorKind::Empty => write!(f, "{p}: the file is empty (no text to import)"),
            ImportErrorKind::TooLarge { bytes } => write!(
                f,
                "{p}: the file is too large for an article ({}; the limit is {})",
                mib(*bytes),
                mib(MAX_ARTICLE_BYTES)
            ),
            ImportErrorKind::Binary => {
                write!(f, "{p}: this is a binary file, not plain text")
            }
            ImportErrorKind::NotUtf8 { byte_offset } => write!(
                f,
                "{p}: not UTF-8 text (invalid byte at offset {byte_offset}); save it as UTF-8 and import again"
            ),
            ImportErrorKind::Page(e) => write!(f, "{p}: {e}"),
        }
    }
}

impl std::error::Error for ImportError {}

/// A size in MiB for messages: "47.7 MiB", "16 MiB".
pub fn mib(bytes: u64) -> String {
    let m = bytes as f64 / (1024.0 * 1024.0);
    if bytes.is_multiple_of(1024 * 1024) {
        format!("{m:.0} MiB")
    } else {
        format!("{m:.1} MiB")
    }
}

/// Why [`read_regular_file`] refused a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Io(String),
    Directory,
    NotRegular,
    /// Larger than the limit: the size when the file system tells it, else at least `limit + 1`.
    TooLarge {
        bytes: u64,
    },
}

impl ReadError {
    /// The problem in words (without the file name).
    pub fn describe(&self, limit: u64) -> String {
        match self {
            ReadError::Io(e) => format!("cannot read the file ({e})"),
            ReadError::Directory => "is a folder, not a file".into(),
            ReadError::NotRegular => "not a regular file (a pipe, a device or a socket)".into(),
            ReadError::TooLarge { bytes } => format!(
                "the file is too large ({}; the limit is {})",
                mib(*bytes),
                mib(limit)
            ),
        }
    }
}

/// Open a file that must be a regular file of at most `limit` bytes (by its size when opened). Never blocks on a
/// FIFO: it is opened non-blocking and checked through the open handle.
pub fn open_regular_file(path: &Path, limit: u64) -> Result<std::fs::File, ReadError> {
    let io = |e: std::io::Error| ReadError::Io(e.to_string());
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        // Opening a folder for reading fails on some systems; say what it is.
        Err(e) => {
            return Err(match std::fs::symlink_metadata(path) {
                Ok(m) if m.is_dir() => ReadError::Directory,
                _ => io(e),
            })
        }
    };
    let meta = file.metadata().map_err(io)?;
    if meta.is_dir() {
        return Err(ReadError::Directory);
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { bytes: meta.len() });
    }
    Ok(file)
}

/// Read a whole file that must be a regular file of at most `limit` bytes. Never blocks on a FIFO (see
/// [`open_regular_file`]) and never reads more than `limit + 1` bytes, whatever the file claims (`/dev/zero`, a
/// file that grows while read).
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let io = |e: std::io::Error| ReadError::Io(e.to_string());
    let file = open_regular_file(path, limit)?;
    let meta = file.metadata().map_err(io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    Ok(bytes)
}

/// Turn file bytes into an article: checks, NFC normalisation, blocks, title, byline date.
pub fn article_from_bytes(
    bytes: &[u8],
    path: &Path,
    title_hint: Option<&str>,
) -> Result<Article, ImportError> {
    let err = |kind| ImportError {
        path: path.to_owned(),
        kind,
    };
    if bytes.len() as u64 > MAX_ARTICLE_BYTES {
        return Err(err(ImportErrorKind::TooLarge {
            bytes: bytes.len() as u64,
        }));
    }
    if looks_binary(bytes) {
        return Err(err(ImportErrorKind::Binary));
    }
    let raw = std::str::from_utf8(bytes).map_err(|e| {
        err(ImportErrorKind::NotUtf8 {
            byte_offset: e.valid_up_to(),
        })
    })?;
    let text = normalize_text(raw);
    if text.trim().is_empty() {
        return Err(err(ImportErrorKind::Empty));
    }
    let origin = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let mut article = Article::new(text, origin, title_hint);
    article.meta.published = byline_date(&article);
    article.meta.url = first_url(&article);
    Ok(article)
}

/// A NUL byte anywhere or a known binary signature: not text, whatever its bytes decode to.
fn looks_binary(bytes: &[u8]) -> bool {
    const SIGNATURES: &[&[u8]] = &[
        b"%PDF",
        b"\x89PNG",
        b"PK\x03\x04",
        b"\xff\xd8\xff",
        b"GIF8",
        b"\x7fELF",
    ];
    bytes.contains(&0) || SIGNATURES.iter().any(|s| bytes.starts_with(s))
}

/// The publication date stated in a byline block, if any: the first date marked as published (or stated without a
/// cue); a modified date ("Last Updated …") only when no publication date is stated.
pub fn byline_date(article: &Article) -> Option<chrono::NaiveDate> {
    use crate::timeline::tagger::{byline_dates, BylineRole};
    let mut modified = None;
    for b in article
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Byline)
    {
        for (role, date, _) in byline_dates(article.block_text(b)) {
            match role {
                BylineRole::Published => return Some(date),
                BylineRole::Modified => {
                    modified.get_or_insert(date);
                }
            }
        }
    }
    modified
}

fn first_url(article: &Article) -> Option<String> {
    article.blocks.iter().find_map(|b| {
        let t = article.block_text(b);
        (t.starts_with("http://") || t.starts_with("https://"))
            .then(|| t.split_whitespace().next().unwrap_or(t).to_owned())
    })
}

/// Read one file as an article.
pub fn read_article_file(path: &Path) -> Result<Article, ImportError> {
    let err = |kind| ImportError {
        path: path.to_owned(),
        kind,
    };
    let bytes = read_regular_file(path, MAX_ARTICLE_BYTES).map_err(|e| {
        err(match e {
            ReadError::Io(e) => ImportErrorKind::Io(e),
            ReadError::Directory => ImportErrorKind::Directory,
            ReadError::NotRegular => ImportErrorKind::NotRegular,
            ReadError::TooLarge { bytes } => ImportErrorKind::TooLarge { bytes },
        })
    })?;
    if bytes.is_empty() {
        return Err(err(ImportErrorKind::Empty));
    }
    if crate::web::is_page_file(path) {
        let source = crate::web::PageSource {
            url: None,
            http_charset: None,
            origin: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
        };
        return crate::web::read_page(&bytes, &source).map_err(|e| err(ImportErrorKind::Page(e)));
    }
    article_from_bytes(&bytes, path, None)
}

/// Outcome of importing several files: what came in, what failed (and why), what was already there.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub articles: Vec<Article>,
    pub errors: Vec<ImportError>,
    /// Files whose text is already in the corpus (same id), with that id's title.
    pub duplicates: Vec<(PathBuf, String)>,
}

impl ImportReport {
    pub fn summary(&self) -> String {
        let mut s = format!("Imported {} article(s)", self.articles.len());
        if !self.duplicates.is_empty() {
            s += &format!(", {} already in the corpus", self.duplicates.len());
        }
        if !self.errors.is_empty() {
            s += &format!(", {} file(s) failed", self.errors.len());
        }
        s
    }
}

/// Read every path; `known` tells whether an article id is already in the corpus.
pub fn import_paths(
    paths: &[PathBuf],
    known: impl Fn(&crate::model::ArticleId) -> Option<String>,
) -> ImportReport {
    let mut report = ImportReport::default();
    let mut seen = std::collections::HashSet::new();
    for (path, read) in paths
        .iter()
        .zip(crate::parallel::map(paths, |p| read_article_file(p)))
    {
        match read {
            Ok(article) => {
                if let Some(title) = known(&article.meta.id) {
                    report.duplicates.push((path.clone(), title));
                } else if !seen.insert(article.meta.id.clone()) {
                    report
                        .duplicates
                        .push((path.clone(), article.meta.title.clone()));
                } else {
                    report.articles.push(article);
                }
            }
            Err(e) => report.errors.push(e),
        }
    }
    report
}

/// One entry of `assets/corpus/manifest.json`.
#[derive(Debug, Deserialize)]
struct ManifestEntry {
    file: String,
    title: String,
    source: Option<String>,
    url: Option<String>,
    /// Only where the text states a date; never guessed.
    published: Option<chrono::NaiveDate>,
}

const MANIFEST: &str = include_str!("../assets/corpus/manifest.json");
const BUNDLED_FILES: &[(&str, &str)] = &[
    (
        "000_17a1eeebe7b9355c.txt",
        include_str!("../assets/corpus/000_17a1eeebe7b9355c.txt"),
    ),
    (
        "001_7ee61181a4a262d7.txt",
        include_str!("../assets/corpus/001_7ee61181a4a262d7.txt"),
    ),
    (
        "002_10fe313b376d7345.txt",
        include_str!("../assets/corpus/002_10fe313b376d7345.txt"),
    ),
    (
        "003_e4dc5e5af6f86eae.txt",
        include_str!("../assets/corpus/003_e4dc5e5af6f86eae.txt"),
    ),
    (
        "004_7a121beb77ee4d36.txt",
        include_str!("../assets/corpus/004_7a121beb77ee4d36.txt"),
    ),
];

/// The five articles Khabar ships with, compiled into the binary so the app runs from anywhere.
pub fn bundled_corpus() -> Vec<Article> {
    let manifest: Vec<ManifestEntry> = serde_json::from_str(MANIFEST)
        .expect("assets/corpus/manifest.json is valid (checked by tests)");
    manifest
        .iter()
        .map(|entry| {
            let (_, text) = BUNDLED_FILES
                .iter()
                .find(|(f, _)| *f == entry.file)
                .expect("every manifest entry names a bundled file (checked by tests)");
            let path = Path::new("assets/corpus").join(&entry.file);
            let mut article = article_from_bytes(text.as_bytes(), &path, Some(&entry.title))
                .expect("bundled articles are valid UTF-8 text");
            article.meta.source = entry.source.clone();
            article.meta.url = entry.url.clone().or(article.meta.url);
            article.meta.published = entry.published;
            article
        })
        .collect()
}
