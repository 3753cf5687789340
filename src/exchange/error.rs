//! What can go wrong when annotations are exported or imported. Every message names what it is about: the file,
//! the field path inside it (`first.items[3].target.selector`), the article or the code.

use crate::annotate::CodeId;
use crate::model::ArticleId;

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error("unknown export format “{0}” (formats: w3c, json, csv, timelinejs, timeml)")]
    UnknownFormat(String),
    /// The export scope names an article the project lacks.
    #[error("no article with id {0}")]
    NoArticle(ArticleId),
    /// The export scope names a code the project lacks.
    #[error("no code with id {0}")]
    NoCode(CodeId),
    /// Reading an article or storing the import's edit.
    #[error(transparent)]
    Project(#[from] crate::project::ProjectError),
    /// An annotation file that cannot be read (not a regular file, too large, unreadable).
    #[error("{file}: {problem}")]
    Unreadable { file: String, problem: String },
    #[error("{file}: cannot read ({source})")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: too large (more than {limit}, the limit for an annotation file)")]
    TooLarge { file: String, limit: String },
    /// An error about the content of an annotation file, with the file's name.
    #[error("{file}: {source}")]
    InFile {
        file: String,
        #[source]
        source: Box<ExchangeError>,
    },
    #[error("not valid JSON: {message} (line {line}, column {column})")]
    Json {
        message: String,
        line: usize,
        column: usize,
    },
    #[error(
        "not an annotation file: expected a W3C Annotation, AnnotationPage or AnnotationCollection, an array \
         of annotations, or a Khabar annotations file; found {found}"
    )]
    NotAnnotations { found: &'static str },
    /// A field of the file holds the wrong kind of JSON value.
    #[error("{path}: expected {expected}, found {found}")]
    WrongType {
        path: String,
        expected: &'static str,
        found: &'static str,
    },
    /// A field of the file is missing or its value is not usable.
    #[error("{path}: {problem}")]
    Field { path: String, problem: String },
    #[error("too many pages")]
    TooManyPages,
    #[error(
        "{path}: TextPositionSelector {start}..{end} is outside article {article} ({len} characters)"
    )]
    OutsideArticle {
        path: String,
        start: usize,
        end: usize,
        article: ArticleId,
        len: usize,
    },
    #[error(
        "unknown article(s) {}{}: import those articles first; nothing was imported",
        .listed.join(", "),
        if *.more > 0 { format!(" and {} more", .more) } else { String::new() }
    )]
    UnknownArticles { listed: Vec<String>, more: usize },
    /// Writing the export (JSON).
    #[error(transparent)]
    Serialize(#[from] serde_json::Error),
    /// Writing the export (CSV).
    #[error(transparent)]
    Csv(#[from] ::csv::Error),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
    /// The project changed while it was exported (the count written first no longer holds).
    #[error("the project changed during the export ({expected} annotations counted, {found} written); export again")]
    Changed { expected: usize, found: usize },
}

impl ExchangeError {
    /// A problem with the field at `path`.
    pub(crate) fn field(path: impl Into<String>, problem: impl Into<String>) -> Self {
        ExchangeError::Field {
            path: path.into(),
            problem: problem.into(),
        }
    }

    /// This error, about the file `file`.
    pub(crate) fn in_file(self, file: &str) -> Self {
        ExchangeError::InFile {
            file: file.to_owned(),
            source: Box::new(self),
        }
    }
}
