//! Khabar's native annotation file, version 1: articles, the codebook and annotations with everything Khabar knows
//! (code ids and colours, hierarchy, char offsets and quotes). Documented by
//! `assets/schema/khabar-annotations-v1.schema.json`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::anchor::Selectors;
use super::scope::ScopeFilter;
use super::ExchangeError;
use super::{fmt_time, join, opt_str, opt_time, opt_usize, wrong, CodeSpec, ExportScope, Incoming};
use crate::model::{normalize_text, ArticleId, ArticleMeta};
use crate::project::Project;
use crate::store::{hex_color, parse_hex_color};

/// Value of the `format` key that marks a native file.
pub const FORMAT: &str = "khabar-annotations";
/// Version this build writes and reads.
pub const VERSION: u64 = 1;
/// `$id` of the JSON Schema of this format.
pub const SCHEMA_ID: &str = "urn:khabar:schema:khabar-annotations:v1";
/// The schema itself.
pub const SCHEMA: &str = include_str!("../../assets/schema/khabar-annotations-v1.schema.json");

#[derive(Serialize)]
struct File {
    format: &'static str,
    version: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    generated: Option<String>,
    generator: String,
    project: String,
    scope: Scope,
    articles: Vec<ArticleOut>,
    codebook: Vec<CodeOut>,
    annotations: Vec<AnnotationOut>,
}

#[derive(Serialize)]
struct Scope {
    article: Option<String>,
    code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    coders: Option<Vec<String>>,
}

#[derive(Serialize)]
struct ArticleOut {
    id: String,
    title: String,
    source: Option<String>,
    url: Option<String>,
    published: Option<String>,
    char_len: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    /// Every temporal expression (with `--include-dates`): the rows `khabar dates --json` prints.
    #[serde(skip_serializing_if = "Option::is_none")]
    dates: Option<Vec<Value>>,
}

#[derive(Serialize)]
struct CodeOut {
    id: i64,
    name: String,
    color: String,
    parent: Option<i64>,
    shortcut: Option<u8>,
    is_event: bool,
}

#[derive(Serialize)]
struct CodeRef {
    id: i64,
    name: String,
}

#[derive(Serialize)]
struct AnnotationOut {
    id: String,
    article: String,
    start: usize,
    end: usize,
    quote: String,
    codes: Vec<CodeRef>,
    note: String,
    creator: String,
    created: String,
    modified: String,
}

fn project_name(project: &Project) -> String {
    project
        .path()
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl ArticleOut {
    fn of(meta: &ArticleMeta, text: Option<String>, dates: Option<Vec<Value>>) -> ArticleOut {
        ArticleOut {
            id: meta.id.0.clone(),
            title: meta.title.clone(),
            source: meta.source.clone(),
            url: meta.url.clone(),
            published: meta.published.map(|d| d.to_string()),
            char_len: meta.char_len,
            text,
            dates,
        }
    }
}

/// The project's codebook as the file lists it.
fn codebook(project: &Project) -> Vec<CodeOut> {
    project
        .codes()
        .iter()
        .map(|c| CodeOut {
            id: c.id,
            name: c.name.clone(),
            color: hex_color(c.color),
            parent: c.parent,
            shortcut: c.shortcut,
            is_event: c.is_event,
        })
        .collect()
}

/// An annotation as the file lists it, with its quote.
fn annotation_out(
    project: &Project,
    a: &crate::annotate::Annotation,
    quote: &str,
) -> AnnotationOut {
    AnnotationOut {
        id: a.id.to_string(),
        article: a.article.0.clone(),
        start: a.start,
        end: a.end,
        quote: quote.to_owned(),
        codes: a
            .codes
            .iter()
            .filter_map(|c| project.code(*c))
            .map(|c| CodeRef {
                id: c.id,
                name: c.name.clone(),
            })
            .collect(),
        note: a.note.clone(),
        creator: a.creator.clone(),
        created: fmt_time(&a.created),
        modified: fmt_time(&a.modified),
    }
}

/// Write the native file of the scope to `out`, one article at a time (memory stays that of one article, whatever
/// the export's size: serialising the whole file at once took 3.5 GB at 100,000 articles); returns how many
/// annotations it holds. The bytes are those of the file serialised whole by `serde_json`'s pretty printer.
pub(crate) fn export(
    project: &Project,
    scope: &ExportScope,
    include_text: bool,
    include_dates: bool,
    generated: Option<DateTime<Utc>>,
    out: &mut dyn std::io::Write,
) -> Result<usize, ExchangeError> {
    let filter = ScopeFilter::new(project, scope)?;
    let codebook = codebook(project);
    let file = File {
        format: FORMAT,
        version: VERSION,
        generated: generated.as_ref().map(fmt_time),
        generator: format!("Khabar {}", env!("CARGO_PKG_VERSION")),
        project: project_name(project),
        scope: Scope {
            article: scope.article.as_ref().map(|a| a.0.clone()),
            code: scope
                .code
                .and_then(|c| project.code(c))
                .map(|c| c.name.clone()),
            coders: scope.coders.as_ref().map(|c| c.iter().cloned().collect()),
        },
        articles: Vec::new(),
        codebook,
        annotations: Vec::new(),
    };
    // The file with both arrays empty, split where their elements go.
    let frame = serde_json::to_vec_pretty(&file)?;
    let split = |from: usize, key: &[u8]| {
        frame[from..]
            .windows(key.len())
            .position(|w| w == key)
            .map(|at| from + at + key.len())
            .expect("the frame has the key")
    };
    let articles_at = split(0, b"\"articles\": ");
    let annotations_at = split(articles_at, b"\"annotations\": ");
    out.write_all(&frame[..articles_at])?;
    let mut articles = Elements::new(&mut *out);
    for meta in filter.metas(project) {
        let (text, dates) = if include_text || include_dates {
            let (text, blocks) = project.article_text_and_blocks(&meta.id)?;
            let dates = include_dates.then(|| {
                crate::timeline::mentions::article_mentions(
                    &meta.id,
                    meta.published,
                    &text,
                    &blocks,
                )
                .iter()
                .map(|m| m.to_json())
                .collect()
            });
            (include_text.then_some(text), dates)
        } else {
            (None, None)
        };
        articles.write(&ArticleOut::of(meta, text, dates))?;
    }
    articles.end()?;
    // The empty array's "[]", the codebook and the key of the annotations.
    out.write_all(&frame[articles_at + 2..annotations_at])?;
    let mut annotations = Elements::new(&mut *out);
    filter.for_each(project, |sa| {
        for a in &sa.annotations {
            annotations.write(&annotation_out(project, a, sa.article.slice(a.range())))?;
        }
        Ok(())
    })?;
    let n = annotations.end()?;
    out.write_all(&frame[annotations_at + 2..])?;
    out.write_all(b"\n")?;
    Ok(n)
}

/// The elements of one of the file's top-level arrays, written as the pretty printer writes them: `[]` when there
/// are none, else each on its own lines, two levels deep.
struct Elements<'w> {
    out: &'w mut dyn std::io::Write,
    written: usize,
    buf: Vec<u8>,
}

impl<'w> Elements<'w> {
    fn new(out: &'w mut dyn std::io::Write) -> Self {
        Elements {
            out,
            written: 0,
            buf: Vec::new(),
        }
    }

    fn write(&mut self, element: &impl Serialize) -> Result<(), ExchangeError> {
        self.buf.clear();
        self.buf.extend_from_slice(if self.written == 0 {
            b"[\n    "
        } else {
            b",\n    "
        });
        let mut ser =
            serde_json::Serializer::with_formatter(&mut self.buf, super::w3c::ItemFormatter::at(2));
        element.serialize(&mut ser)?;
        self.out.write_all(&self.buf)?;
        self.written += 1;
        Ok(())
    }

    /// Close the array; how many elements it has.
    fn end(self) -> Result<usize, ExchangeError> {
        self.out
            .write_all(if self.written == 0 { b"[]" } else { b"\n  ]" })?;
        Ok(self.written)
    }
}

/// Whether the top level of a JSON document is that of a native Khabar file (by its `format` key).
pub(crate) fn is_native(root: &Map<String, Value>) -> bool {
    root.get("format").and_then(Value::as_str) == Some(FORMAT)
}

fn obj<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>, ExchangeError> {
    v.as_object().ok_or_else(|| wrong(path, "an object", v))
}

fn arr<'a>(o: &'a Map<String, Value>, path: &str, key: &str) -> Result<&'a [Value], ExchangeError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(v) => Err(wrong(&join(path, key), "an array", v)),
    }
}

fn req_str(o: &Map<String, Value>, path: &str, key: &str) -> Result<String, ExchangeError> {
    opt_str(o, path, key)?.ok_or_else(|| ExchangeError::field(join(path, key), "missing"))
}

fn opt_i64(o: &Map<String, Value>, path: &str, key: &str) -> Result<Option<i64>, ExchangeError> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
        Some(v) => Err(wrong(&join(path, key), "an integer", v)),
    }
}

/// A code of a file's codebook.
struct FileCode {
    name: String,
    color: Option<[u8; 3]>,
    parent: Option<i64>,
    is_event: bool,
    shortcut: Option<u8>,
}

/// A native file's codebook by the file's code ids: what its annotations' codes are read against.
pub(crate) struct FileBook {
    book: HashMap<i64, FileCode>,
}

/// Read a native file's version and its codebook (in the file's order) from its top level. Codes are matched by
/// name; the codebook supplies id, colour, parent, shortcut and the event flag for codes the project does not have
/// yet.
pub(crate) fn read_header(
    root: &Map<String, Value>,
) -> Result<(FileBook, Vec<CodeSpec>), ExchangeError> {
    match root.get("version") {
        Some(Value::Number(n)) if n.as_u64() == Some(VERSION) => {}
        Some(Value::Number(n)) if n.as_u64().is_some_and(|v| v > VERSION) => {
            return Err(ExchangeError::field(
                "version",
                format!("the file is version {n}, written by a newer Khabar; this version reads version {VERSION}"),
            ))
        }
        Some(v) => return Err(wrong("version", "the integer 1", v)),
        None => return Err(ExchangeError::field("version", "missing")),
    }
    let mut book: HashMap<i64, FileCode> = HashMap::new();
    let mut order: Vec<(i64, String)> = Vec::new();
    for (i, c) in arr(root, "", "codebook")?.iter().enumerate() {
        let path = format!("codebook[{i}]");
        let o = obj(c, &path)?;
        let id = opt_i64(o, &path, "id")?
            .ok_or_else(|| ExchangeError::field(format!("{path}.id"), "missing"))?;
        let name = req_str(o, &path, "name")?;
        let color = match opt_str(o, &path, "color")? {
            None => None,
            Some(s) => Some(parse_hex_color(&s).ok_or_else(|| {
                ExchangeError::field(
                    format!("{path}.color"),
                    format!("“{s}” is not a colour such as #1f77b4"),
                )
            })?),
        };
        let is_event = match o.get("is_event") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(v) => return Err(wrong(&join(&path, "is_event"), "a boolean", v)),
        };
        order.push((id, format!("{path}.name")));
        book.insert(
            id,
            FileCode {
                name,
                color,
                parent: opt_i64(o, &path, "parent")?,
                is_event,
                shortcut: opt_i64(o, &path, "shortcut")?.and_then(|k| u8::try_from(k).ok()),
            },
        );
    }
    let codebook: Vec<CodeSpec> = order
        .into_iter()
        .filter_map(|(id, path)| {
            let e = book.get(&id)?;
            Some(CodeSpec {
                name: e.name.clone(),
                path,
                id: Some(id),
                color: e.color,
                parent: e.parent.and_then(|p| book.get(&p)).map(|p| p.name.clone()),
                is_event: e.is_event,
                shortcut: e.shortcut,
            })
        })
        .collect();
    Ok((FileBook { book }, codebook))
}

impl FileBook {
    fn spec_of(&self, name: String, file_id: Option<i64>, path: String) -> CodeSpec {
        let book = &self.book;
        let entry = file_id
            .and_then(|id| book.get(&id))
            .filter(|e| e.name == name)
            .or_else(|| book.values().find(|e| e.name == name));
        CodeSpec {
            color: entry.and_then(|e| e.color),
            parent: entry
                .and_then(|e| e.parent)
                .and_then(|p| book.get(&p))
                .map(|p| p.name.clone()),
            is_event: entry.is_some_and(|e| e.is_event),
            shortcut: entry.and_then(|e| e.shortcut),
            name,
            path,
            id: None,
        }
    }

    /// One annotation of the file's `annotations`, at `path`.
    pub(crate) fn annotation(&self, a: &Value, path: String) -> Result<Incoming, ExchangeError> {
        let book = &self.book;
        let o = obj(a, &path)?;
        let id = match opt_str(o, &path, "id")? {
            None => None,
            Some(s) => Some(
                Uuid::parse_str(s.trim().trim_start_matches("urn:uuid:")).map_err(|_| {
                    ExchangeError::field(format!("{path}.id"), format!("“{s}” is not a UUID"))
                })?,
            ),
        };
        let article = ArticleId(req_str(o, &path, "article")?);
        let start = opt_usize(o, &path, "start")?;
        let end = opt_usize(o, &path, "end")?;
        let position = match (start, end) {
            (Some(s), Some(e)) => Some(s..e),
            (None, None) => None,
            _ => {
                return Err(ExchangeError::field(
                    path,
                    "give both start and end, or neither",
                ))
            }
        };
        let quote = opt_str(o, &path, "quote")?.map(|q| normalize_text(&q));
        if quote.is_none() && position.is_none() {
            return Err(ExchangeError::field(path, "needs a quote or start and end"));
        }
        let mut codes = Vec::new();
        for (j, c) in arr(o, &path, "codes")?.iter().enumerate() {
            let cpath = format!("{path}.codes[{j}]");
            match c {
                Value::String(name) => codes.push(self.spec_of(name.clone(), None, cpath.clone())),
                Value::Object(co) => {
                    let fid = opt_i64(co, &cpath, "id")?;
                    let name = match opt_str(co, &cpath, "name")? {
                        Some(n) => n,
                        None => fid
                            .and_then(|id| book.get(&id))
                            .map(|e| e.name.clone())
                            .ok_or_else(|| {
                                ExchangeError::field(
                                    format!("{cpath}.name"),
                                    "missing, and the codebook has no code with this id",
                                )
                            })?,
                    };
                    codes.push(self.spec_of(name, fid, join(&cpath, "name")));
                }
                other => {
                    return Err(wrong(
                        &cpath,
                        "a code object {id, name} or a code name",
                        other,
                    ))
                }
            }
        }
        Ok(Incoming {
            id,
            article,
            article_by_url: false,
            selectors: Selectors {
                exact: quote,
                prefix: None,
                suffix: None,
                position,
            },
            codes,
            note: opt_str(o, &path, "note")?.unwrap_or_default(),
            creator: opt_str(o, &path, "creator")?,
            created: opt_time(o, &path, "created")?,
            modified: opt_time(o, &path, "modified")?,
            path,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file as serialised whole (what the export wrote before it streamed), from the scope's articles.
    fn whole(project: &mut Project, scope: &ExportScope, include_text: bool) -> Vec<u8> {
        let articles = crate::exchange::scope::scoped(project, scope).unwrap();
        let mut file = File {
            format: FORMAT,
            version: VERSION,
            generated: None,
            generator: format!("Khabar {}", env!("CARGO_PKG_VERSION")),
            project: project_name(project),
            scope: Scope {
                article: scope.article.as_ref().map(|a| a.0.clone()),
                code: None,
                coders: None,
            },
            articles: Vec::new(),
            codebook: codebook(project),
            annotations: Vec::new(),
        };
        for sa in &articles {
            file.articles.push(ArticleOut::of(
                &sa.meta,
                include_text.then(|| sa.article.text.clone()),
                None,
            ));
            for a in &sa.annotations {
                file.annotations
                    .push(annotation_out(project, a, sa.article.slice(a.range())));
            }
        }
        let mut bytes = serde_json::to_vec_pretty(&file).unwrap();
        bytes.push(b'\n');
        bytes
    }

    /// Written one article at a time, the file has the bytes of the whole file serialised at once: with and
    /// without texts, for one article, and with no annotations or no articles at all.
    #[test]
    fn the_streamed_file_is_the_file_serialised_whole() {
        let dir = tempfile::tempdir().unwrap();
        let streamed = |p: &Project, scope: &ExportScope, text: bool| {
            let mut out = Vec::new();
            export(p, scope, text, false, None, &mut out).unwrap();
            out
        };
        let path = dir.path().join("p.khabar");
        drop(crate::generate::generate_project(&path, 30, 120, 4).unwrap());
        let mut p = Project::open(&path).unwrap();
        let all = ExportScope::default();
        for text in [false, true] {
            assert_eq!(streamed(&p, &all, text), whole(&mut p, &all, text));
        }
        let one = ExportScope {
            article: Some(p.metas()[3].id.clone()),
            ..ExportScope::default()
        };
        assert_eq!(streamed(&p, &one, false), whole(&mut p, &one, false));
        for (name, articles, annotations) in [("none", 0, 0), ("bare", 5, 0)] {
            let path = dir.path().join(format!("{name}.khabar"));
            drop(crate::generate::generate_project(&path, articles, annotations, 4).unwrap());
            let mut p = Project::open(&path).unwrap();
            assert_eq!(
                streamed(&p, &all, true),
                whole(&mut p, &all, true),
                "{name}"
            );
        }
    }
}
