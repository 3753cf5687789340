//! The command-line side of search: `khabar search`, `autocode`, `retrieve`, `matrix`, `index` (argument structs and
//! their output; `cli` only dispatches).

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::autocode::{self, Widen};
use super::kwic::{sort_rows, Cursor, Scope, Search, SearchOptions, SortKey};
use super::matrix;
use super::normalize::Mode;
use super::report;
use super::retrieve::{self, CodeExpr};
use crate::annotate::CodeId;
use crate::cli::printable;
use crate::project::Project;

#[derive(clap::Args, Debug)]
pub struct ScopeArgs {
    /// Only this article (id or a unique prefix of it)
    #[arg(long)]
    pub article: Option<String>,
    /// Only articles with a passage coded with this code or one of its child codes (repeat for any of several)
    #[arg(long = "with-code")]
    pub with_code: Vec<String>,
    /// Only articles published on or after this date (YYYY-MM-DD)
    #[arg(long)]
    pub from: Option<String>,
    /// Only articles published on or before this date (YYYY-MM-DD)
    #[arg(long)]
    pub to: Option<String>,
    /// Search bylines and boilerplate too (default: title, headings, body)
    #[arg(long)]
    pub boilerplate: bool,
    /// Loose matching: vowel length folded too (ी = ि, ू = ु)
    #[arg(long)]
    pub loose: bool,
    /// Do not read all-Latin words as romanised Hindi
    #[arg(long)]
    pub no_translit: bool,
}

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// The query: words, "phrases", prefix*, AND / OR / NOT, (…), romanised words
    pub query: String,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// At most this many rows (the first ones in corpus order, before sorting)
    #[arg(long)]
    pub limit: Option<usize>,
    #[arg(long, value_enum)]
    pub sort: Option<SortKey>,
    /// Characters of context on each side
    #[arg(long, default_value_t = 40)]
    pub context: usize,
    /// Print one JSON array of rows
    #[arg(long)]
    pub json: bool,
    /// Also write the rows as CSV to this file
    #[arg(long)]
    pub csv: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct AutocodeArgs {
    /// The query whose hits are coded
    pub query: String,
    #[command(flatten)]
    pub scope: ScopeArgs,
    /// The code to apply
    #[arg(long)]
    pub code: String,
    /// Code the hit itself, its sentence or its paragraph
    #[arg(long, value_enum, default_value_t = Widen::Word)]
    pub widen: Widen,
    #[arg(long, default_value = "")]
    pub note: String,
}

#[derive(clap::Args, Debug)]
pub struct RetrieveArgs {
    /// The code whose passages are listed (with its child codes)
    #[arg(long)]
    pub code: String,
    /// …only passages that overlap a passage of this code (repeatable)
    #[arg(long = "and")]
    pub and: Vec<String>,
    /// …only passages that overlap no passage of this code (repeatable)
    #[arg(long = "not")]
    pub not: Vec<String>,
    /// …or passages of this code (repeatable; applied first)
    #[arg(long = "or")]
    pub or: Vec<String>,
    /// Leave child codes out
    #[arg(long)]
    pub no_children: bool,
    /// Only passages matched by this text query
    #[arg(long)]
    pub query: Option<String>,
    #[arg(long)]
    pub json: bool,
    /// Write the passages as CSV to this file
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// Write a readable HTML report to this file
    #[arg(long)]
    pub html: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct MatrixArgs {
    /// Code co-occurrence (overlapping / same paragraph) instead of code × article
    #[arg(long)]
    pub cooccurrence: bool,
    #[arg(long)]
    pub json: bool,
    /// Write the matrix as CSV to this file
    #[arg(long)]
    pub csv: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct IndexArgs {
    /// Drop the index and build it again
    #[arg(long)]
    pub rebuild: bool,
}

type Out<'a> = &'a mut dyn Write;

fn w(e: std::io::Error) -> String {
    e.to_string()
}

fn code_id(p: &Project, name: &str) -> Result<CodeId, String> {
    p.code_by_name(name).map(|c| c.id).ok_or_else(|| {
        let names: Vec<&str> = p.codes().iter().map(|c| c.name.as_str()).collect();
        format!("no code named “{name}” (codes: {})", names.join(", "))
    })
}

fn date(s: &Option<String>) -> Result<Option<NaiveDate>, String> {
    s.as_deref()
        .map(|d| {
            NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .map_err(|_| format!("“{d}” is not a date of the form YYYY-MM-DD"))
        })
        .transpose()
}

fn options(p: &Project, a: &ScopeArgs, context: usize) -> Result<SearchOptions, String> {
    let article = match &a.article {
        Some(x) => Some(p.resolve_article(x).map_err(|e| e.to_string())?),
        None => None,
    };
    let codes = a
        .with_code
        .iter()
        .map(|n| code_id(p, n))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SearchOptions {
        mode: if a.loose { Mode::Loose } else { Mode::Default },
        transliterate: !a.no_translit,
        scope: Scope {
            article,
            codes,
            from: date(&a.from)?,
            to: date(&a.to)?,
            boilerplate: a.boilerplate,
        },
        context,
    })
}

fn write_file(path: &std::path::Path, bytes: &[u8], what: &str) -> Result<(), String> {
    crate::output::write_atomically(path, bytes).map_err(|e| e.to_string())?;
    eprintln!("wrote {what} to {}", path.display());
    Ok(())
}

pub fn search(p: &Project, a: SearchArgs, out: Out<'_>) -> Result<(), String> {
    let opts = options(p, &a.scope, a.context)?;
    let s = Search::new(p, &a.query, opts).map_err(|e| e.to_string())?;
    if s.unindexed() > 0 {
        eprintln!(
            "khabar: {} article(s) are not in the search index yet and were searched without it (run `khabar index`)",
            s.unindexed()
        );
    }
    let mut rows = match a.limit {
        Some(n) => {
            s.page(p, Cursor::default(), n)
                .map_err(|e| e.to_string())?
                .rows
        }
        None => s.all(p).map_err(|e| e.to_string())?,
    };
    if let Some(k) = a.sort {
        sort_rows(&mut rows, k);
    }
    if let Some(path) = &a.csv {
        write_file(
            path,
            &report::kwic_csv(&rows),
            &format!("{} row(s)", rows.len()),
        )?;
    }
    if a.json {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "article": r.article.0, "title": r.title, "date": r.date, "block": r.block,
                    "start": r.start, "end": r.end, "left": r.left, "hit": r.hit, "right": r.right,
                })
            })
            .collect();
        writeln!(out, "{}", serde_json::Value::Array(v)).map_err(w)?;
    } else {
        for r in &rows {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}",
                r.article,
                r.start,
                r.end,
                printable(&r.left),
                printable(&r.hit),
                printable(&r.right)
            )
            .map_err(w)?;
        }
    }
    Ok(())
}

pub fn autocode(p: &mut Project, a: AutocodeArgs, out: Out<'_>) -> Result<(), String> {
    let code = code_id(p, &a.code)?;
    let opts = options(p, &a.scope, 0)?;
    let s = Search::new(p, &a.query, opts).map_err(|e| e.to_string())?;
    let rows = s.all(p).map_err(|e| e.to_string())?;
    let r = autocode::code_hits(p, &rows, code, a.widen, &a.note).map_err(|e| e.to_string())?;
    writeln!(
        out,
        "hits\t{}\ncreated\t{}\nskipped\t{}",
        rows.len(),
        r.created,
        r.skipped
    )
    .map_err(w)?;
    Ok(())
}

pub fn retrieve(p: &Project, a: RetrieveArgs, out: Out<'_>) -> Result<(), String> {
    let leaf = |name: &str| -> Result<CodeExpr, String> {
        Ok(CodeExpr::Code {
            id: code_id(p, name)?,
            children: !a.no_children,
        })
    };
    let mut e = leaf(&a.code)?;
    for n in &a.or {
        e = e.or(leaf(n)?);
    }
    for n in &a.and {
        e = e.and(leaf(n)?);
    }
    for n in &a.not {
        e = e.not(leaf(n)?);
    }
    let segs = retrieve::retrieve(p, &e, a.query.as_deref()).map_err(|e| e.to_string())?;
    if let Some(path) = &a.csv {
        write_file(
            path,
            &report::segments_csv(&segs),
            &format!("{} passage(s)", segs.len()),
        )?;
    }
    if let Some(path) = &a.html {
        let title = format!("Khabar: passages of “{}”", a.code);
        write_file(
            path,
            report::segments_html(&title, &segs).as_bytes(),
            &format!("{} passage(s)", segs.len()),
        )?;
    }
    if a.json {
        writeln!(
            out,
            "{}",
            serde_json::to_string(&segs).map_err(|e| e.to_string())?
        )
        .map_err(w)?;
    } else if a.csv.is_none() && a.html.is_none() {
        for s in &segs {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                s.article,
                s.start,
                s.end,
                printable(&s.codes.join(",")),
                printable(&s.creator),
                printable(&s.quote),
                printable(&s.note)
            )
            .map_err(w)?;
        }
    }
    Ok(())
}

pub fn matrix(p: &Project, a: MatrixArgs, out: Out<'_>) -> Result<(), String> {
    if a.cooccurrence {
        let m = matrix::cooccurrence(p).map_err(|e| e.to_string())?;
        if let Some(path) = &a.csv {
            write_file(
                path,
                &report::cooccurrence_csv(&m),
                "the co-occurrence matrix",
            )?;
        }
        if a.json {
            writeln!(
                out,
                "{}",
                serde_json::to_string(&m).map_err(|e| e.to_string())?
            )
            .map_err(w)?;
        } else {
            for (i, x) in m.codes.iter().enumerate() {
                for (j, y) in m.codes.iter().enumerate() {
                    if m.overlap[i][j] + m.paragraph[i][j] > 0 {
                        writeln!(
                            out,
                            "{}\t{}\t{}\t{}",
                            printable(&x.name),
                            printable(&y.name),
                            m.overlap[i][j],
                            m.paragraph[i][j]
                        )
                        .map_err(w)?;
                    }
                }
            }
        }
    } else {
        let m = matrix::code_article_matrix(p).map_err(|e| e.to_string())?;
        if let Some(path) = &a.csv {
            write_file(path, &report::matrix_csv(&m), "the code × article matrix")?;
        }
        if a.json {
            let mut cells = Vec::new();
            for (ci, c) in m.codes.iter().enumerate() {
                for (ai, art) in m.articles.iter().enumerate() {
                    if m.counts[ci][ai] > 0 {
                        cells.push(serde_json::json!({
                            "code": c.name, "article": art.id.0, "count": m.counts[ci][ai],
                            "covered": m.covered[ci][ai], "body_chars": art.body_chars,
                            "coverage": m.coverage(ci, ai),
                        }));
                    }
                }
            }
            writeln!(out, "{}", serde_json::Value::Array(cells)).map_err(w)?;
        } else {
            for (ci, c) in m.codes.iter().enumerate() {
                for (ai, art) in m.articles.iter().enumerate() {
                    if m.counts[ci][ai] > 0 {
                        writeln!(
                            out,
                            "{}\t{}\t{}\t{:.4}",
                            printable(&c.name),
                            art.id,
                            m.counts[ci][ai],
                            m.coverage(ci, ai)
                        )
                        .map_err(w)?;
                    }
                }
            }
        }
    }
    Ok(())
}

pub fn index(p: &mut Project, a: IndexArgs, out: Out<'_>) -> Result<(), String> {
    if a.rebuild {
        p.clear_index().map_err(|e| e.to_string())?;
    }
    let t = std::time::Instant::now();
    let mut job = crate::store::IndexJob::default();
    loop {
        let progress = p.index_step(&mut job, 500).map_err(|e| e.to_string())?;
        eprint!("\rindexed {}/{}", progress.done, progress.total);
        if progress.complete() {
            eprintln!();
            writeln!(
                out,
                "indexed\t{}\ntotal\t{}\nseconds\t{:.1}",
                progress.done,
                progress.total,
                t.elapsed().as_secs_f64()
            )
            .map_err(w)?;
            return Ok(());
        }
    }
}
