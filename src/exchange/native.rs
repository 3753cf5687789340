//! Khabar's native annotation file, version 1: articles, the codebook and annotations with everything Khabar knows
//! (code ids and colours, hierarchy, char offsets and quotes). Documented by
//! `assets/schema/khabar-annotations-v1.schema.json`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::anchor::Selectors;
use super::ExchangeError;
use super::{
    fmt_time, join, opt_str, opt_time, opt_usize, scoped, wrong, CodeSpec, ExportScope, Incoming,
};
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

pub(crate) fn export(
    project: &mut Project,
    scope: &ExportScope,
    include_text: bool,
    include_dates: bool,
    generated: Option<DateTime<Utc>>,
) -> Result<(Vec<u8>, usize), ExchangeError> {
    let articles = scoped(project, scope)?;
    let mut annotations = Vec::new();
    let mut articles_out = Vec::new();
    for sa in &articles {
        articles_out.push(ArticleOut {
            id: sa.meta.id.0.clone(),
            title: sa.meta.title.clone(),
            source: sa.meta.source.clone(),
            url: sa.meta.url.clone(),
            published: sa.meta.published.map(|d| d.to_string()),
            char_len: sa.meta.char_len,
            text: include_text.then(|| sa.article.text.clone()),
            dates: include_dates.then(|| {
                crate::timeline::mentions::article_mentions(
                    &sa.meta.id,
                    sa.meta.published,
                    &sa.article.text,
                    &sa.article.blocks,
                )
                .iter()
                .map(|m| m.to_json())
                .collect()
            }),
        });
        for a in &sa.annotations {
            annotations.push(AnnotationOut {
                id: a.id.to_string(),
                article: a.article.0.clone(),
                start: a.start,
                end: a.end,
                quote: sa.article.slice(a.range()).to_owned(),
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
            });
        }
    }
    let codebook = project
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
        .collect();
    let n = annotations.len();
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
        articles: articles_out,
        codebook,
        annotations,
    };
    let mut bytes = serde_json::to_vec_pretty(&file)?;
    bytes.push(b'\n');
    Ok((bytes, n))
}

/// Whether a JSON document is a native Khabar file (by its `format` key).
pub(crate) fn is_native(v: &Value) -> bool {
    v.get("format").and_then(Value::as_str) == Some(FORMAT)
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

/// Read a native file's annotations and its codebook (in the file's order). Codes are matched by name; the codebook
/// supplies id, colour, parent, shortcut and the event flag for codes the project does not have yet.
pub(crate) fn parse(
    value: &Value,
    _metas: &[ArticleMeta],
) -> Result<(Vec<Incoming>, Vec<CodeSpec>), ExchangeError> {
    let root = obj(value, "(top level)")?;
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
    // The file's codebook, by the file's code ids.
    struct FileCode {
        name: String,
        color: Option<[u8; 3]>,
        parent: Option<i64>,
        is_event: bool,
        shortcut: Option<u8>,
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
    let spec_of = |name: String, file_id: Option<i64>, path: String| -> CodeSpec {
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
    };
    let mut out = Vec::new();
    for (i, a) in arr(root, "", "annotations")?.iter().enumerate() {
        let path = format!("annotations[{i}]");
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
                Value::String(name) => codes.push(spec_of(name.clone(), None, cpath.clone())),
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
                    codes.push(spec_of(name, fid, join(&cpath, "name")));
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
        out.push(Incoming {
            path: path.clone(),
            id,
            article,
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
        });
    }
    Ok((out, codebook))
}
