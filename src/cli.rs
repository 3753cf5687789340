//! The command line: everything a dialog does can be done from here, through the same domain code as the GUI.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::project::{default_project_path, Project};

#[derive(Parser, Debug)]
#[command(
    name = "khabar",
    version,
    about = "Read, code and date Hindi news articles"
)]
pub struct Cli {
    /// Project file to open (default: the project in the platform data directory, created on first run)
    #[arg(long, global = true)]
    pub project: Option<PathBuf>,
    /// Quit as soon as the first frame is on screen (for start-up benchmarks)
    #[arg(long)]
    pub quit_after_first_frame: bool,
    /// Quit after this many seconds, printing peak memory (for memory benchmarks)
    #[arg(long, value_name = "SECONDS")]
    pub quit_after: Option<f64>,
    /// Quit once the timeline has dated the corpus and kept what it found in the project, printing how long each
    /// took, the slowest frame meanwhile and peak memory (for benchmarks)
    #[arg(long)]
    pub quit_when_dated: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Import articles: UTF-8 text files, saved web pages (.html, .htm) and http(s):// URLs
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Follow news feeds (RSS, Atom, JSON Feed) and import their new items
    Feed {
        #[command(subcommand)]
        command: FeedCommand,
    },
    /// Create a new project file (empty, or with the bundled corpus)
    New {
        path: PathBuf,
        /// Seed the project with the five bundled articles
        #[arg(long)]
        bundled: bool,
    },
    /// List the articles of the project
    Articles,
    /// Annotate a passage, found by its quoted text, exactly as the GUI would
    Annotate {
        /// Article id (or a unique prefix of it)
        #[arg(long)]
        article: String,
        /// The exact text to annotate
        #[arg(long)]
        quote: String,
        /// Which occurrence of the quote, from 1
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        occurrence: u32,
        /// Code name (repeat for several codes)
        #[arg(long = "code")]
        codes: Vec<String>,
        #[arg(long, default_value = "")]
        note: String,
        /// Coder (creator) name recorded with the annotation (default: the OS user); --creator is the old name
        #[arg(long = "coder", visible_alias = "creator")]
        creator: Option<String>,
    },
    /// List annotations (tab-separated; --json: one JSON array; --jsonl: one JSON object per line)
    Annotations {
        #[arg(long)]
        article: Option<String>,
        #[command(flatten)]
        json: JsonFlags,
    },
    /// Print the codebook
    Codes,
    /// Generate a large project for benchmarks (articles recombined from the bundled corpus)
    Generate {
        /// The project file to create
        out: PathBuf,
        #[arg(long, default_value_t = 10_000)]
        articles: usize,
        #[arg(long, default_value_t = 100_000)]
        annotations: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Print the timeline: events with date, granularity, label, category and sources
    Timeline {
        #[command(flatten)]
        json: JsonFlags,
        /// Include rejected events
        #[arg(long)]
        all: bool,
    },
    /// List every temporal expression: article, span, TIMEX3 type and value, how it was resolved, block, byline role
    Dates(crate::timeline::cli::DatesArgs),
    /// Set (or clear with "none") an article's publication date; its dates are re-resolved
    SetDate {
        #[arg(long)]
        article: String,
        /// YYYY-MM-DD, or "none"
        #[arg(long)]
        date: String,
    },
    /// Durability check: add annotations one by one, printing each id after its commit (for crash tests)
    #[command(hide = true)]
    AnnotateStress {
        #[arg(long, default_value_t = 1000)]
        count: usize,
    },
    /// Export annotations: W3C Web Annotation (JSON-LD), Khabar's JSON, or CSV; or the dates in the text as TimeML
    Export {
        /// w3c, json or csv
        #[arg(long)]
        format: crate::exchange::Format,
        /// Output file, written atomically; "-" writes to standard output
        #[arg(long)]
        out: PathBuf,
        /// Only this article (id or a unique prefix of it)
        #[arg(long)]
        article: Option<String>,
        /// Only annotations with this code (or one of its child codes)
        #[arg(long)]
        code: Option<String>,
        /// Only annotations of this coder (repeat for several), e.g. `--coder gold` for an adjudicated layer
        #[arg(long = "coder")]
        coders: Vec<String>,
        /// Include each article's text (json only)
        #[arg(long)]
        include_text: bool,
        /// Include each article's temporal expressions, as `khabar dates --json` lists them (json only)
        #[arg(long)]
        include_dates: bool,
        /// Leave out the export time, so the same project always gives the same bytes
        #[arg(long)]
        reproducible: bool,
    },
    /// Import annotations from a W3C Web Annotation or Khabar JSON file (one undoable step; all or nothing)
    ImportAnnotations {
        /// The file to import ("-" reads standard input)
        file: PathBuf,
    },
    /// Search the corpus: keyword-in-context rows (article, start, end, left, hit, right)
    Search(crate::search::commands::SearchArgs),
    /// Code every hit of a query (one undoable edit; already coded identical ranges are skipped)
    Autocode(crate::search::commands::AutocodeArgs),
    /// List the coded passages of a code (with child codes; --and / --not combine codes by overlap)
    Retrieve(crate::search::commands::RetrieveArgs),
    /// Code × article counts and coverage, or code co-occurrence
    Matrix(crate::search::commands::MatrixArgs),
    /// Build the search index (for projects upgraded from an older format)
    Index(crate::search::commands::IndexArgs),
    /// Bring another project's coders into this one (same articles by id; codes matched by name; idempotent)
    Merge {
        /// The other project file (opened read-only)
        other: PathBuf,
    },
    /// List the coders (annotation creators) with how many annotations each has
    Coders,
    /// Intercoder agreement per code and overall: %, Cohen's/Fleiss' κ, Krippendorff's α and αU, segments
    Agreement(crate::agreement::cli::AgreementArgs),
    /// Where two coders disagree, per code, with both coders' ranges and notes
    Disagreements(crate::agreement::cli::DisagreementsArgs),
    /// Build a gold coder layer from two coders: agreed segments plus one decision for every disagreement
    Adjudicate(crate::agreement::cli::AdjudicateArgs),
    /// Team projects on a PostgreSQL server: publish (init), make a local copy (join), status, blind phase
    #[command(subcommand)]
    Team(crate::sync::cli::TeamCommand),
    /// Sync a team project with its server once: push what is queued, pull what is new
    Sync,
}

#[derive(Subcommand, Debug)]
pub enum FeedCommand {
    /// Follow a feed (its items come in with `khabar feed refresh`)
    Add { url: String },
    /// List the feeds followed
    List,
    /// Read every feed; list its new items (not in the corpus by URL or text) and, with --import, import them
    Refresh {
        /// Import every new item (its page is fetched; the feed's own text is used when the page cannot be)
        #[arg(long)]
        import: bool,
    },
}

/// Run a CLI command; returns the process exit code. Errors go to stderr with the file and the problem.
pub fn run(cli: Cli, command: Command) -> i32 {
    match run_inner(cli.project, command) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("khabar: {}", printable(&e));
            1
        }
    }
}

/// The project named with --project, or the default one. Only `khabar new` and the GUI's first launch create
/// projects: a mistyped path is an error that names it, never a new project.
fn project_path(project: Option<PathBuf>) -> PathBuf {
    project.unwrap_or_else(default_project_path)
}

fn missing_hint(e: crate::project::ProjectError) -> String {
    match e {
        crate::project::ProjectError::Store(crate::store::StoreError::Missing(p)) => format!(
            "{}: no such project file (create one with `khabar new {}`)",
            p.display(),
            p.display()
        ),
        e => e.to_string(),
    }
}

/// Open the project as its writer (commands that change it).
fn open(project: Option<PathBuf>) -> Result<Project, String> {
    Project::open(&project_path(project)).map_err(missing_hint)
}

/// Open the project to read it: allowed while the GUI or another command edits it.
fn open_reader(project: Option<PathBuf>) -> Result<Project, String> {
    Project::open_read_only(&project_path(project)).map_err(missing_hint)
}

/// Text for a terminal: control characters (ESC sequences, tabs and newlines that would break a tab-separated
/// line) are shown escaped, never sent raw.
pub fn printable(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

fn run_inner(project: Option<PathBuf>, command: Command) -> Result<(), String> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let w = |e: std::io::Error| e.to_string();
    match command {
        Command::New { path, bundled } => {
            let seed = if bundled {
                crate::ingest::bundled_corpus()
            } else {
                Vec::new()
            };
            let p = Project::create(&path, &seed).map_err(|e| e.to_string())?;
            writeln!(
                out,
                "created {} with {} article(s)",
                p.path().display(),
                p.metas().len()
            )
            .map_err(w)?;
        }
        Command::Import { files } => {
            let mut p = open(project)?;
            // Arguments that are web addresses are fetched; any other "scheme://" is refused by name.
            let (urls, files): (Vec<PathBuf>, Vec<PathBuf>) = files
                .into_iter()
                .partition(|f| f.to_string_lossy().contains("://"));
            let mut outcome = p.import_article_files(&files).map_err(|e| e.to_string())?;
            if !urls.is_empty() {
                let urls: Vec<String> = urls
                    .iter()
                    .map(|u| u.to_string_lossy().into_owned())
                    .collect();
                let web = p
                    .import_urls(&urls, &crate::web::fetch::FetchLimits::default())
                    .map_err(|e| e.to_string())?;
                outcome.added.extend(web.added);
                outcome.errors.extend(web.errors);
                outcome.duplicates.extend(web.duplicates);
                outcome.summary = format!(
                    "Imported {} article(s){}{}",
                    outcome.added.len(),
                    if outcome.duplicates.is_empty() {
                        String::new()
                    } else {
                        format!(", {} already in the corpus", outcome.duplicates.len())
                    },
                    if outcome.errors.is_empty() {
                        String::new()
                    } else {
                        format!(", {} failed", outcome.errors.len())
                    }
                );
            }
            for e in &outcome.errors {
                eprintln!("khabar: {}", printable(e));
            }
            for (path, title) in &outcome.duplicates {
                eprintln!(
                    "khabar: {}: already in the corpus as “{}”",
                    path.display(),
                    printable(title)
                );
            }
            for (id, title) in &outcome.added {
                writeln!(out, "{id}\t{}", printable(title)).map_err(w)?;
            }
            eprintln!("{}", outcome.summary);
            if !outcome.errors.is_empty() {
                return Err(format!(
                    "{} file(s) or URL(s) could not be imported",
                    outcome.errors.len()
                ));
            }
        }
        Command::Feed { command } => crate::web::feed::run_cli(open(project)?, command, &mut out)?,
        Command::Articles => {
            let p = open_reader(project)?;
            for m in p.metas() {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    m.id,
                    m.published.map(|d| d.to_string()).unwrap_or_default(),
                    printable(m.source.as_deref().unwrap_or("")),
                    printable(&m.title)
                )
                .map_err(w)?;
            }
        }
        Command::Annotate {
            article,
            quote,
            occurrence,
            codes,
            note,
            creator,
        } => {
            // Only the article being annotated is read: one call costs the same at any project size.
            let mut p = Project::open_for_article(&project_path(project), &article)
                .map_err(missing_hint)?;
            if let Some(c) = creator {
                p.creator = c;
            }
            let id = p.resolve_article(&article).map_err(|e| e.to_string())?;
            let mut code_ids = Vec::new();
            for name in &codes {
                let code = p.code_by_name(name).ok_or_else(|| {
                    let names: Vec<&str> = p.codes().iter().map(|c| c.name.as_str()).collect();
                    format!("no code named “{name}” (codes: {})", names.join(", "))
                })?;
                code_ids.push(code.id);
            }
            if code_ids.is_empty() && note.trim().is_empty() {
                return Err("give at least one --code or a --note".into());
            }
            let range = p
                .find_quote(&id, &quote, occurrence as usize)
                .map_err(|e| e.to_string())?;
            let ann = p
                .add_annotation(&id, range, code_ids, note)
                .map_err(|e| e.to_string())?;
            let a = p
                .try_annotation(&ann)
                .map_err(|e| e.to_string())?
                .ok_or("the new annotation was not found in the project file")?;
            writeln!(
                out,
                "{}\t{}\t{}\t{}",
                a.id,
                a.start,
                a.end,
                printable(&a.quote)
            )
            .map_err(w)?;
        }
        Command::Annotations { article, json } => {
            let p = open_reader(project)?;
            let mut json = json.writer();
            let filter = match article {
                Some(a) => Some(p.resolve_article(&a).map_err(|e| e.to_string())?),
                None => None,
            };
            let list: Vec<crate::annotate::Annotation> = match &filter {
                Some(f) => p.try_annotations_of(f).map_err(|e| e.to_string())?.to_vec(),
                None => p.try_all_annotations().map_err(|e| e.to_string())?,
            };
            for a in &list {
                let names: Vec<String> = a
                    .codes
                    .iter()
                    .filter_map(|c| p.code(*c))
                    .map(|c| c.name.clone())
                    .collect();
                if let Some(json) = json.as_mut() {
                    let v = serde_json::json!({
                        "id": a.id.to_string(), "article": a.article.0, "start": a.start, "end": a.end,
                        "quote": a.quote, "codes": names, "note": a.note, "creator": a.creator,
                        "created": a.created, "modified": a.modified,
                    });
                    json.item(&mut out, &v).map_err(w)?;
                } else {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        a.id,
                        a.article,
                        a.start,
                        a.end,
                        printable(&names.join(",")),
                        printable(&a.quote),
                        printable(&a.note)
                    )
                    .map_err(w)?;
                }
            }
            if let Some(json) = json {
                json.finish(&mut out).map_err(w)?;
            }
        }
        Command::AnnotateStress { count } => {
            let mut p = open(project)?;
            let ids: Vec<_> = p.metas().iter().map(|m| m.id.clone()).collect();
            if ids.is_empty() {
                return Err("the project has no articles".into());
            }
            let code = p
                .codes()
                .first()
                .map(|c| c.id)
                .ok_or("the project has no codes")?;
            // Each run's notes are its own, so a run repeating an earlier run's ranges is not refused as a duplicate.
            let run = uuid::Uuid::new_v4().simple().to_string();
            for i in 0..count {
                let id = &ids[i % ids.len()];
                let n = p.article(id).map_err(|e| e.to_string())?.index.char_len();
                let start = (i * 7919) % n.saturating_sub(20).max(1);
                let ann = p
                    .add_annotation(
                        id,
                        start..(start + 10).min(n),
                        vec![code],
                        format!("stress {} {i}", &run[..8]),
                    )
                    .map_err(|e| e.to_string())?;
                // Printed only after the commit returned: every id seen by the reader is on disk.
                writeln!(out, "{ann}").map_err(w)?;
                out.flush().map_err(w)?;
            }
        }
        Command::Timeline { json, all } => {
            let mut p = open_reader(project)?;
            let mut timeline = crate::timeline::Timeline::default();
            let events: Vec<_> = timeline.events(&mut p).to_vec();
            let mut json = json.writer();
            for e in events
                .iter()
                .filter(|e| all || e.status != crate::timeline::events::Status::Rejected)
            {
                if let Some(json) = json.as_mut() {
                    let sources: Vec<_> = e
                        .sources
                        .iter()
                        .map(|s| serde_json::json!({"article": s.article.0, "start": s.span.start, "end": s.span.end, "text": s.text}))
                        .collect();
                    let v = serde_json::json!({
                        "id": e.id, "date": e.date.to_timex(), "granularity": format!("{:?}", e.granularity()).to_lowercase(),
                        "label": e.label, "category": e.category.key(), "status": e.status,
                        "from_annotation": e.from_annotation, "sources": sources,
                    });
                    json.item(&mut out, &v).map_err(w)?;
                } else {
                    let sources: Vec<String> = e
                        .sources
                        .iter()
                        .map(|s| format!("{}:{}-{}", s.article, s.span.start, s.span.end))
                        .collect();
                    writeln!(
                        out,
                        "{}\t{:?}\t{}\t{:?}\t{}\t{}",
                        e.date.to_timex(),
                        e.granularity(),
                        e.category.key(),
                        e.status,
                        sources.join(","),
                        printable(&e.label)
                    )
                    .map_err(w)?;
                }
            }
            if let Some(json) = json {
                json.finish(&mut out).map_err(w)?;
            }
        }
        Command::SetDate { article, date } => {
            let mut p = open(project)?;
            let id = p.resolve_article(&article).map_err(|e| e.to_string())?;
            let published = if date.eq_ignore_ascii_case("none") {
                None
            } else {
                Some(
                    chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                        .map_err(|_| format!("“{date}” is not a date of the form YYYY-MM-DD"))?,
                )
            };
            p.set_published(&id, published).map_err(|e| e.to_string())?;
            writeln!(
                out,
                "{id}\t{}",
                published
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "none".into())
            )
            .map_err(w)?;
        }
        Command::Generate {
            out: path,
            articles,
            annotations,
            seed,
        } => {
            let t = std::time::Instant::now();
            let p = crate::generate::generate_project(&path, articles, annotations, seed)
                .map_err(|e| e.to_string())?;
            writeln!(
                out,
                "created {} with {} articles and {} annotations in {:.1} s",
                path.display(),
                p.metas().len(),
                p.annotation_count(),
                t.elapsed().as_secs_f64()
            )
            .map_err(w)?;
        }
        Command::Export {
            format,
            out: target,
            article,
            code,
            coders,
            include_text,
            include_dates,
            reproducible,
        } => {
            // A name that says another format is a mistake to report, not to write (e.g. W3C into out.csv).
            let named = crate::exchange::Format::for_path(format, &target).0;
            if target.as_os_str() != "-" && target.extension().is_some() && named != format {
                return Err(format!(
                    "{} is named like a {named} file, but --format is {format}: change one of them",
                    target.display()
                ));
            }
            let mut p = open_reader(project)?;
            let article = match article {
                Some(a) => Some(p.resolve_article(&a).map_err(|e| e.to_string())?),
                None => None,
            };
            let code = match code {
                Some(name) => Some(
                    p.code_by_name(&name)
                        .ok_or_else(|| {
                            let names: Vec<&str> =
                                p.codes().iter().map(|c| c.name.as_str()).collect();
                            format!("no code named “{name}” (codes: {})", names.join(", "))
                        })?
                        .id,
                ),
                None => None,
            };
            let opts = crate::exchange::ExportOptions {
                format,
                scope: crate::exchange::ExportScope {
                    article,
                    code,
                    coders: (!coders.is_empty()).then(|| coders.into_iter().collect()),
                },
                include_text,
                include_dates,
                reproducible,
            };
            if target.as_os_str() == "-" {
                let mut buffered = std::io::BufWriter::with_capacity(1 << 16, &mut out);
                crate::exchange::export_to(&mut p, &opts, &mut buffered)
                    .map_err(|e| e.to_string())?;
                buffered.flush().map_err(w)?;
            } else {
                let n = crate::exchange::export_to_file(&mut p, &opts, &target)
                    .map_err(|e| e.to_string())?;
                let what = match format {
                    crate::exchange::Format::TimeMl => "temporal expression(s)",
                    crate::exchange::Format::TimelineJs => "event(s)",
                    _ => "annotation(s)",
                };
                eprintln!("exported {n} {what} as {format} to {}", target.display());
            }
        }
        Command::ImportAnnotations { file } => {
            let mut p = open(project)?;
            let report = if file.as_os_str() == "-" {
                crate::exchange::import_annotation_stream(
                    &mut p,
                    std::io::stdin(),
                    "standard input",
                )
            } else {
                crate::exchange::import_annotation_file(&mut p, &file)
            }
            .map_err(|e| e.to_string())?;
            writeln!(out, "{}", printable(&report.summary())).map_err(w)?;
            writeln!(
                out,
                "imported\t{}\nby_position\t{}\nby_quote\t{}\nfuzzy\t{}\nalready_present\t{}\nnew_ids\t{}\norphans\t{}",
                report.imported,
                report.anchored_by_position,
                report.anchored_by_quote,
                report.fuzzy,
                report.already_present,
                report.renamed,
                report.orphans_total
            )
            .map_err(w)?;
            for o in &report.orphans {
                writeln!(
                    out,
                    "orphan\t{}\t“{}”\t{}",
                    o.article,
                    printable(&crate::project::short(&o.quote)),
                    printable(&o.reason)
                )
                .map_err(w)?;
            }
            for c in &report.created_codes {
                writeln!(out, "created_code\t{}", printable(c)).map_err(w)?;
            }
        }
        Command::Search(args) => {
            crate::search::commands::search(&open_reader(project)?, args, &mut out)?
        }
        Command::Autocode(args) => {
            crate::search::commands::autocode(&mut open(project)?, args, &mut out)?
        }
        Command::Retrieve(args) => {
            crate::search::commands::retrieve(&open_reader(project)?, args, &mut out)?
        }
        Command::Matrix(args) => {
            crate::search::commands::matrix(&open_reader(project)?, args, &mut out)?
        }
        Command::Index(args) => {
            crate::search::commands::index(&mut open(project)?, args, &mut out)?
        }
        Command::Merge { other } => {
            let mut p = open(project)?;
            crate::agreement::cli::merge(&mut p, &other, &mut out)?;
        }
        Command::Dates(args) => {
            crate::timeline::cli::dates(&open_reader(project)?, args, &mut out)?
        }
        Command::Coders => crate::agreement::cli::coders(&open_reader(project)?, &mut out)?,
        Command::Agreement(args) => {
            crate::agreement::cli::agreement(&open_reader(project)?, args, &mut out)?
        }
        Command::Disagreements(args) => {
            crate::agreement::cli::disagreements(&open_reader(project)?, args, &mut out)?
        }
        Command::Adjudicate(args) => {
            let mut p = open(project)?;
            crate::agreement::cli::adjudicate(&mut p, args, &mut out)?;
        }
        Command::Team(command) => {
            crate::sync::cli::team(&project_path(project), command, &mut out)?
        }
        Command::Sync => crate::sync::cli::sync(&project_path(project), &mut out)?,
        Command::Codes => {
            let p = open_reader(project)?;
            for c in p.codes() {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}",
                    c.id,
                    c.shortcut.map(|k| k.to_string()).unwrap_or_default(),
                    crate::store::hex_color(c.color),
                    c.parent
                        .and_then(|p2| p.code(p2))
                        .map(|p2| printable(&p2.name).into_owned())
                        .unwrap_or_default(),
                    printable(&c.name)
                )
                .map_err(w)?;
            }
        }
    }
    Ok(())
}

/// `--json` (one JSON document: an array, for tools that read a whole reply) or `--jsonl` (one object per line, for
/// streaming and `grep`).
#[derive(clap::Args, Debug, Clone, Copy, Default)]
pub struct JsonFlags {
    /// Print one JSON array
    #[arg(long, conflicts_with = "jsonl")]
    json: bool,
    /// Print one JSON object per line
    #[arg(long)]
    jsonl: bool,
}

impl JsonFlags {
    /// A writer for the chosen JSON shape, or `None` for the tab-separated text.
    pub fn writer(self) -> Option<JsonWriter> {
        (self.json || self.jsonl).then_some(JsonWriter {
            lines: self.jsonl,
            count: 0,
        })
    }
}

/// Writes items as they come (nothing is collected): `[` before the first, `,` between, `]` at the end; or one
/// object per line.
pub struct JsonWriter {
    lines: bool,
    count: usize,
}

impl JsonWriter {
    pub fn item(&mut self, out: &mut impl Write, value: &serde_json::Value) -> std::io::Result<()> {
        if self.lines {
            writeln!(out, "{value}")?;
        } else {
            let sep = if self.count == 0 { "[\n" } else { ",\n" };
            write!(out, "{sep}{value}")?;
        }
        self.count += 1;
        Ok(())
    }

    pub fn finish(self, out: &mut impl Write) -> std::io::Result<()> {
        match (self.lines, self.count) {
            (true, _) => Ok(()),
            (false, 0) => writeln!(out, "[]"),
            (false, _) => writeln!(out, "\n]"),
        }
    }
}
