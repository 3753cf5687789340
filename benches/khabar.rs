//! `cargo bench --bench khabar`: every performance target of Khabar, measured and printed as one table (median and
//! spread over several runs). Start-up and memory use the release binary in a real window under Xvfb; frame times
//! drive the real UI with kittest (no GPU). The table is also written to target/bench-report.md.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use egui::{Event, Modifiers, PointerButton, Pos2, Vec2};
use egui_kittest::Harness;
use khabar::exchange::{ExportOptions, Format};
use khabar::model::{normalize_text, Article, BlockKind};
use khabar::project::Project;
use khabar::ui::{Action, KhabarApp, Prefs};

const BIN: &str = env!("CARGO_BIN_EXE_khabar");

struct Row {
    what: String,
    samples: Vec<f64>,
    unit: &'static str,
    target: String,
    /// true when smaller is better
    lower_is_better: bool,
    limit: Option<f64>,
}

impl Row {
    fn stats(&self) -> (f64, f64, f64) {
        let mut v = self.samples.clone();
        v.sort_by(f64::total_cmp);
        let median = if v.is_empty() {
            f64::NAN
        } else {
            v[v.len() / 2]
        };
        (
            median,
            *v.first().unwrap_or(&f64::NAN),
            *v.last().unwrap_or(&f64::NAN),
        )
    }
    fn verdict(&self) -> &'static str {
        let (median, _, _) = self.stats();
        match self.limit {
            None => "",
            Some(l)
                if (self.lower_is_better && median <= l)
                    || (!self.lower_is_better && median >= l) =>
            {
                "met"
            }
            Some(_) => "NOT met",
        }
    }
}

#[path = "dates/mod.rs"]
mod dates;
#[path = "extraction/mod.rs"]
mod extraction;
#[path = "scale/mod.rs"]
mod scale;
#[path = "team/mod.rs"]
mod team;

struct Report {
    rows: Vec<Row>,
}

impl Report {
    fn add(
        &mut self,
        what: impl Into<String>,
        samples: Vec<f64>,
        unit: &'static str,
        target: Option<(f64, bool)>,
    ) {
        let (limit, lower) = match target {
            Some((l, lower)) => (Some(l), lower),
            None => (None, true),
        };
        let target = match target {
            Some((l, true)) => format!("≤ {l} {unit}"),
            Some((l, false)) => format!("≥ {l} {unit}"),
            None => String::new(),
        };
        let row = Row {
            what: what.into(),
            samples,
            unit,
            target,
            lower_is_better: lower,
            limit,
        };
        let (m, lo, hi) = row.stats();
        eprintln!(
            "  {}: median {m:.2} {} ({lo:.2}–{hi:.2}, n={}) {}",
            row.what,
            row.unit,
            row.samples.len(),
            row.verdict()
        );
        self.rows.push(row);
    }

    fn markdown(&self) -> String {
        let mut s = String::from("| What | Median | Spread (min–max) | Runs | Target | |\n|---|---:|---:|---:|---|---|\n");
        for r in &self.rows {
            let (m, lo, hi) = r.stats();
            let fmt = |x: f64| {
                if x >= 100.0 {
                    format!("{x:.0}")
                } else if x >= 10.0 {
                    format!("{x:.1}")
                } else {
                    format!("{x:.2}")
                }
            };
            s += &format!(
                "| {} | {} {} | {}–{} | {} | {} | {} |\n",
                r.what,
                fmt(m),
                r.unit,
                fmt(lo),
                fmt(hi),
                r.samples.len(),
                r.target,
                r.verdict()
            );
        }
        s
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

// ---------------------------------------------------------------- real window (Xvfb)

#[path = "../tests/common/xvfb.rs"]
mod xvfb;
use xvfb::start_xvfb;

/// Run the app with extra arguments; returns the numbers it printed (first_frame_ms, peak_rss_kb).
fn run_window(display: &str, home: &Path, project: &Path, extra: &[&str]) -> Vec<(String, f64)> {
    let out = Command::new(BIN)
        .arg("--project")
        .arg(project)
        .args(extra)
        .env("DISPLAY", display)
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .stderr(Stdio::null())
        .output()
        .expect("the app runs");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            Some((k.to_owned(), v.parse().ok()?))
        })
        .collect()
}

/// `runs` starts to the first frame: their times (ms) and peak memory (MB).
fn first_frames(display: &str, home: &Path, project: &Path, runs: usize) -> (Vec<f64>, Vec<f64>) {
    let (mut ms, mut mb) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let v = run_window(display, home, project, &["--quit-after-first-frame"]);
        if let Some((_, f)) = v.iter().find(|(k, _)| k == "first_frame_ms") {
            ms.push(*f);
        }
        if let Some((_, r)) = v.iter().find(|(k, _)| k == "peak_rss_kb") {
            mb.push(*r / 1024.0);
        }
    }
    (ms, mb)
}

// ---------------------------------------------------------------- kittest frames

fn harness(project: Project) -> Harness<'static, KhabarApp> {
    let app = KhabarApp::headless(project, Prefs::default());
    Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_max_steps(100_000)
        .with_context_setup(|ctx| khabar::ui::fonts::install(ctx, None))
        .build_ui_state(|ui, app: &mut KhabarApp| app.frame(ui), app)
}

/// Step until the timeline has dated the whole corpus (its background work would otherwise be in the frames).
fn settle(h: &mut Harness<'static, KhabarApp>) {
    for _ in 0..5000 {
        h.step();
        let app = h.state_mut();
        let p = app.project.as_mut().unwrap();
        if app
            .derived
            .timeline
            .refresh(p, Some(Duration::ZERO))
            .is_none()
        {
            break;
        }
    }
    for _ in 0..5 {
        h.step();
    }
}

/// Time `frames` frames, calling `input` before each.
fn frames(
    h: &mut Harness<'static, KhabarApp>,
    frames: usize,
    mut input: impl FnMut(&mut Harness<'static, KhabarApp>, usize),
) -> Vec<f64> {
    let mut out = Vec::with_capacity(frames);
    for i in 0..frames {
        input(h, i);
        let t = Instant::now();
        h.step();
        out.push(ms(t.elapsed()));
    }
    out
}

/// Centre of the viewer, the corpus list and the timeline plot.
const VIEWER: Pos2 = Pos2::new(650.0, 250.0);
const CORPUS: Pos2 = Pos2::new(120.0, 300.0);
const PLOT: Pos2 = Pos2::new(700.0, 760.0);
/// Inside the search window's hit list (the window opens at the top left).
const KWIC: Pos2 = Pos2::new(400.0, 300.0);

fn scroll(h: &mut Harness<'static, KhabarApp>, at: Pos2, dy: f32) {
    h.event(Event::PointerMoved(at));
    h.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: Vec2::new(0.0, dy),
        modifiers: Modifiers::NONE,
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
    });
}

/// The body paragraphs of `n` generated articles.
fn body_paragraphs(n: usize, seed: u64) -> Vec<String> {
    khabar::generate::articles(n, seed)
        .iter()
        .flat_map(|a| {
            a.blocks
                .iter()
                .filter(|b| b.kind == BlockKind::Body)
                .map(|b| a.block_text(b).to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// A long article (about 150 paragraphs) made of corpus sentences.
fn long_article(paragraphs: usize, seed: u64) -> Article {
    let sentences = body_paragraphs(40, seed);
    let mut text = String::from("एक लंबा लेख: रूस और उत्तर कोरिया\n\n");
    for i in 0..paragraphs {
        text += &sentences[i % sentences.len()];
        text += "\n\n";
    }
    Article::new(normalize_text(&text), "long.txt".into(), None)
}

fn viewer_scenarios(report: &mut Report) {
    let long = long_article(150, 7);
    for n in [0usize, 500, 5000] {
        let mut project = Project::in_memory(std::slice::from_ref(&long));
        let id = long.meta.id.clone();
        let len = long.index.char_len();
        let mut rng = khabar::generate::Rng::new(n as u64 + 1);
        for _ in 0..n {
            let s = rng.below(len - 40);
            let e = s + 3 + rng.below(60);
            let code = 1 + rng.below(9) as i64;
            // A random range may repeat one already coded with that code: refused as a duplicate, and skipped.
            match project.add_annotation(&id, s..e, vec![code], String::new()) {
                Ok(_) | Err(khabar::project::ProjectError::AlreadyCoded { .. }) => {}
                Err(e) => panic!("{e}"),
            }
        }
        let mut h = harness(project);
        settle(&mut h);
        let idle = frames(&mut h, 120, |_, _| {});
        report.add(
            format!("Frame CPU, article with {n} highlights, idle"),
            idle,
            "ms",
            Some((if n <= 500 { 2.0 } else { 4.0 }, true)),
        );
        let scrolling = frames(&mut h, 120, |h, i| {
            scroll(h, VIEWER, if (i / 40) % 2 == 0 { -60.0 } else { 60.0 })
        });
        report.add(
            format!("Frame CPU, article with {n} highlights, scrolling"),
            scrolling,
            "ms",
            Some((4.0, true)),
        );
    }
}

fn big_project_scenarios(report: &mut Report, big: &Path) {
    let project = Project::open(big).expect("the generated project opens");
    let mut h = harness(project);
    // Dated at once (on every core), then the frames settle.
    let n_events = {
        let app = h.state_mut();
        let p = app.project.as_mut().unwrap();
        app.derived.timeline.events(p).len()
    };
    settle(&mut h);
    let n_articles = h.state().project.as_ref().unwrap().metas().len();
    let corpus = frames(&mut h, 150, |h, i| {
        scroll(h, CORPUS, if (i / 50) % 2 == 0 { -400.0 } else { 400.0 })
    });
    report.add(
        format!("Frame CPU, corpus list of {n_articles} articles (timeline open), scrolling"),
        corpus,
        "ms",
        Some((4.0, true)),
    );
    h.event(Event::PointerMoved(PLOT));
    h.step();
    h.event(Event::PointerButton {
        pos: PLOT,
        button: PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    let mut x = PLOT.x;
    let pan = frames(&mut h, 150, |h, i| {
        x += if (i / 25) % 2 == 0 { 6.0 } else { -6.0 };
        h.event(Event::PointerMoved(Pos2::new(x, PLOT.y)));
    });
    h.event(Event::PointerButton {
        pos: Pos2::new(x, PLOT.y),
        button: PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    report.add(
        format!("Frame CPU, timeline with {n_events} events, panning"),
        pan,
        "ms",
        Some((4.0, true)),
    );
}

fn huge_article_scenario(report: &mut Report) {
    // About 5 MB of Hindi text as ONE paragraph (no line breaks): the worst case for layout.
    let base: String = long_article(200, 11)
        .text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut text = String::from("पाँच मेगाबाइट का लेख\n\n");
    while text.len() < 5_000_000 {
        text += &base;
        text.push(' ');
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("five-mb.txt");
    std::fs::write(&path, &text).unwrap();
    let mut project = Project::in_memory(&khabar::ingest::bundled_corpus());
    let t = Instant::now();
    let imported = khabar::ingest::import_paths(std::slice::from_ref(&path), |_| None);
    project.add_articles(imported.articles).unwrap();
    let import_ms = ms(t.elapsed());
    let id = project.metas().last().unwrap().id.clone();
    // Start on a bundled article, then open the big one: the frames after opening include loading and layout.
    let mut h = harness(project);
    settle(&mut h);
    let ctx = h.ctx.clone();
    h.state_mut().apply(&ctx, Action::OpenArticle(id));
    let first = frames(&mut h, 60, |_, _| {});
    let worst = first.iter().cloned().fold(0.0, f64::max);
    report.add(
        "5 MB single-paragraph article: import (read, normalise, classify, store)",
        vec![import_ms],
        "ms",
        None,
    );
    report.add(
        "5 MB article: worst frame of the 60 after opening it",
        vec![worst],
        "ms",
        Some((50.0, true)),
    );
    let scrolling = frames(&mut h, 120, |h, i| {
        scroll(h, VIEWER, if (i / 40) % 2 == 0 { -300.0 } else { 300.0 })
    });
    report.add(
        "5 MB article: frame CPU while scrolling",
        scrolling,
        "ms",
        Some((50.0, true)),
    );
}

fn exchange_scenarios(report: &mut Report, big: &Path) {
    let mut project = Project::open(big).expect("opens");
    let n = project.annotation_count();
    let mut outputs = Vec::new();
    for format in [Format::W3c, Format::Json] {
        let opts = ExportOptions {
            reproducible: true,
            ..ExportOptions::new(format)
        };
        let mut samples = Vec::new();
        let mut bytes = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let (b, count) = khabar::exchange::export(&mut project, &opts).unwrap();
            samples.push(ms(t.elapsed()) / 1000.0);
            assert_eq!(count, n);
            bytes = b;
        }
        let target = if format == Format::W3c {
            Some((1.0, true))
        } else {
            None
        };
        report.add(
            format!("Export of {n} annotations, {format}"),
            samples,
            "s",
            target,
        );
        outputs.push((format, bytes));
    }
    drop(project);
    let articles = khabar::generate::articles(10_000, 42);
    for (format, bytes) in outputs {
        let mut samples = Vec::new();
        for _ in 0..3 {
            let mut fresh = Project::in_memory(&articles);
            let t = Instant::now();
            let r = khabar::exchange::import_annotations(&mut fresh, &bytes, "bench").unwrap();
            samples.push(ms(t.elapsed()) / 1000.0);
            assert_eq!(r.imported, n);
        }
        report.add(
            format!("Import of {n} annotations, {format}"),
            samples,
            "s",
            Some((2.0, true)),
        );
    }
}

fn import_files_scenario(report: &mut Report) {
    let dir = tempfile::tempdir().unwrap();
    let articles = khabar::generate::articles(10_000, 43);
    let paths: Vec<PathBuf> = articles
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let p = dir.path().join(format!("a{i:05}.txt"));
            std::fs::write(&p, &a.text).unwrap();
            p
        })
        .collect();
    drop(articles);
    let mut samples = Vec::new();
    for run in 0..3 {
        let target = dir.path().join(format!("import-{run}.khabar"));
        let mut project = Project::create(&target, &[]).unwrap();
        let t = Instant::now();
        let r =
            khabar::ingest::import_paths(&paths, |id| project.meta(id).map(|m| m.title.clone()));
        let added = project.add_articles(r.articles).unwrap();
        samples.push(ms(t.elapsed()) / 1000.0);
        assert_eq!(added, 10_000);
    }
    report.add(
        "Import of 10,000 text files into a project",
        samples,
        "s",
        Some((3.0, true)),
    );
}

/// Random Devanagari syllables, deterministic from `seed`: text that is in no article.
fn gibberish(chars: usize, seed: u64) -> String {
    let mut rng = khabar::generate::Rng::new(seed);
    let mut s = String::new();
    while s.chars().count() < chars {
        if rng.below(5) == 0 {
            s.push(' ');
        }
        s.push(char::from_u32(0x915 + rng.below(36) as u32).unwrap());
        s.push(char::from_u32(0x93e + rng.below(8) as u32).unwrap());
    }
    s
}

/// Re-anchoring one imported annotation in a 5 MB article: the worst cases of the approximate search, each bounded
/// by its work limit.
fn anchor_scenario(report: &mut Report) {
    use khabar::exchange::anchor::{anchor, Selectors};
    let sentences = body_paragraphs(200, 11);
    let mut text = String::from("एक बहुत लंबा लेख\n\n");
    let marker = gibberish(300, 1);
    let mut marker_at = 0;
    let mut i = 0;
    while text.len() < 5_000_000 {
        if marker_at == 0 && text.len() > 2_500_000 {
            marker_at = text.chars().count();
            text += &marker;
            text += "\n\n";
        }
        text += &sentences[i % sentences.len()];
        text += "\n\n";
        i += 1;
    }
    let article = Article::new(normalize_text(&text), "big.txt".into(), None);
    let n = article.index.char_len();
    let mut edited: Vec<char> = marker.chars().collect();
    edited[40] = 'x';
    edited.remove(120);
    edited.insert(200, 'y');
    let edited: String = edited.into_iter().collect();
    let far = marker_at + 40_000;
    let cases: Vec<(String, Selectors, bool)> = vec![
        (
            "absent 16,000-char quote, no position".into(),
            Selectors {
                exact: Some(gibberish(16_000, 2)),
                ..Selectors::default()
            },
            false,
        ),
        (
            "absent 16,000-char quote, with a position".into(),
            Selectors {
                exact: Some(gibberish(16_000, 3)),
                position: Some(1000..17_000),
                ..Selectors::default()
            },
            false,
        ),
        (
            "absent 320-char quote (whole-text search)".into(),
            Selectors {
                exact: Some(gibberish(320, 4)),
                ..Selectors::default()
            },
            false,
        ),
        (
            "300-char quote with 3 edits, position 40,000 chars off".into(),
            Selectors {
                exact: Some(edited.clone()),
                position: Some(far..far + 300),
                ..Selectors::default()
            },
            true,
        ),
        (
            "300-char quote with 3 edits, position near".into(),
            Selectors {
                exact: Some(edited),
                position: Some(marker_at + 50..marker_at + 350),
                ..Selectors::default()
            },
            true,
        ),
    ];
    for (label, sel, found) in cases {
        let mut samples = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            let r = anchor(&article, &sel);
            samples.push(ms(t.elapsed()));
            assert_eq!(r.is_ok(), found, "{label}: {r:?}");
        }
        report.add(
            format!("Anchor one annotation in a 5 MB article ({n} chars): {label}"),
            samples,
            "ms",
            Some((50.0, true)),
        );
    }
}

fn tagging_scenario(report: &mut Report) {
    let paragraphs = body_paragraphs(3000, 5);
    let bytes: usize = paragraphs.iter().map(String::len).sum();
    let reference = chrono::NaiveDate::from_ymd_opt(2024, 6, 20);
    let mut samples = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let mut found = 0usize;
        for p in &paragraphs {
            found += khabar::timeline::tagger::tag(p, reference).len();
        }
        assert!(found > 0);
        samples.push(bytes as f64 / 1e6 / t.elapsed().as_secs_f64());
    }
    report.add(
        format!(
            "Temporal tagging ({:.1} MB of Hindi body text)",
            bytes as f64 / 1e6
        ),
        samples,
        "MB/s",
        Some((20.0, false)),
    );
}

/// The KWIC list holding 10,000 fetched hits of a common word in a 10,000-article project, scrolled (only the
/// visible rows are laid out).
fn kwic_frame_scenario(report: &mut Report, big: &Path) {
    let project = Project::open(big).expect("the generated project opens");
    let mut h = harness(project);
    settle(&mut h);
    // The same frames without the search window, for comparison (what the rest of the window costs).
    let without = frames(&mut h, 150, |h, i| {
        scroll(h, KWIC, if (i / 50) % 2 == 0 { -300.0 } else { 300.0 })
    });
    report.add(
        "Frame CPU, same 10k project and scrolling, search window closed (baseline)",
        without,
        "ms",
        None,
    );
    {
        let app = h.state_mut();
        let p = app.project.as_ref().unwrap();
        app.search.open_with(false);
        app.search.query = "के".into();
        app.search.refresh(p, None);
        app.search.fetch_to(p, 10_000);
    }
    h.step();
    let n_hits = h.state().search.rows().len();
    assert!(n_hits >= 10_000, "{n_hits} hits");
    let kwic = frames(&mut h, 150, |h, i| {
        scroll(h, KWIC, if (i / 50) % 2 == 0 { -300.0 } else { 300.0 })
    });
    report.add(
        format!("Frame CPU, whole app with the KWIC list of {n_hits} hits, scrolling"),
        kwic,
        "ms",
        Some((4.0, true)),
    );
    // The search window alone (nothing else drawn): what the list of 10,000 hits itself costs a frame. The project
    // has one writer: the first app lets go of it first.
    drop(h);
    let mut app = KhabarApp::headless(Project::open(big).unwrap(), Prefs::default());
    {
        let p = app.project.as_ref().unwrap();
        app.search.open_with(false);
        app.search.query = "के".into();
        app.search.refresh(p, None);
        app.search.fetch_to(p, 10_000);
    }
    let mut h = Harness::builder()
        .with_size(Vec2::new(1400.0, 900.0))
        .with_step_dt(1.0 / 60.0)
        .with_context_setup(|ctx| khabar::ui::fonts::install(ctx, None))
        .build_ui_state(
            |ui, app: &mut KhabarApp| {
                let ctx = ui.ctx().clone();
                let p = app.project.as_ref().unwrap();
                let _ = app.search.show(&ctx, p, None);
            },
            app,
        );
    for _ in 0..5 {
        h.step();
    }
    let n_hits = h.state().search.rows().len();
    let alone = frames(&mut h, 150, |h, i| {
        scroll(h, KWIC, if (i / 50) % 2 == 0 { -300.0 } else { 300.0 })
    });
    report.add(
        format!("Frame CPU, the search window alone with {n_hits} KWIC rows, scrolling"),
        alone,
        "ms",
        Some((4.0, true)),
    );
}

/// Search at size: `KHABAR_BENCH_SEARCH_ARTICLES` generated articles (default 100,000; the index build target scales
/// with the count).
fn search_scenarios(report: &mut Report, dir: &Path) {
    use khabar::search::{Cursor, Search, SearchOptions};
    let n: usize = std::env::var("KHABAR_BENCH_SEARCH_ARTICLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let path = dir.join("search.khabar");
    eprintln!("generating {n} articles for search…");
    let t = Instant::now();
    drop(khabar::generate::generate_project(&path, n, 0, 7).unwrap());
    report.add(
        format!("Generate {n} articles (indexed during import)"),
        vec![t.elapsed().as_secs_f64()],
        "s",
        None,
    );
    let mut p = Project::open(&path).unwrap();
    p.clear_index().unwrap();
    let t = Instant::now();
    let mut job = khabar::store::IndexJob::default();
    while !p.index_step(&mut job, 2000).unwrap().complete() {}
    report.add(
        format!("Build the search index, {n} articles (steps of 2,000)"),
        vec![t.elapsed().as_secs_f64()],
        "s",
        Some((60.0 * n as f64 / 100_000.0, true)),
    );
    let (index, text) = p.store().index_size().unwrap();
    report.add(
        format!(
            "Index size / text size ({:.0} MB of text)",
            text as f64 / 1e6
        ),
        vec![index as f64 / text as f64],
        "×",
        Some((0.3, true)),
    );
    for (label, word, target) in [
        ("one-word query (सैनिकों)", "सैनिकों", 50.0),
        ("a word in nearly every article (के)", "के", 300.0),
        ("romanised query (putin)", "putin", 50.0),
    ] {
        let mut samples = Vec::new();
        let mut hits = 0;
        for _ in 0..10 {
            let t = Instant::now();
            let s = Search::new(&p, word, SearchOptions::default()).unwrap();
            let page = s.page(&p, Cursor::default(), 100).unwrap();
            samples.push(ms(t.elapsed()));
            hits = page.rows.len();
        }
        assert_eq!(hits, 100, "{word}");
        report.add(
            format!("First 100 KWIC rows, {label}, {n} articles"),
            samples,
            "ms",
            Some((target, true)),
        );
    }
    let fresh = khabar::generate::articles(20, 99);
    let mut samples = Vec::new();
    for (i, mut a) in fresh.into_iter().enumerate() {
        a.text.push_str(&format!("\nअतिरिक्त {i}\n"));
        let a = Article::new(normalize_text(&a.text), format!("extra-{i}.txt"), None);
        let t = Instant::now();
        p.add_articles(vec![a]).unwrap();
        samples.push(ms(t.elapsed()));
    }
    report.add(
        format!("Import of one article into {n}, index included"),
        samples,
        "ms",
        Some((5.0, true)),
    );
}

/// Team coding: agreement of 2 coders over 10,000 articles with 50,000 annotations each (all measures, every code,
/// 1,000 bootstrap replicates). Coder B copies about 70 % of A's segments, moved by a few letters, and codes the rest
/// elsewhere.
fn agreement_scenario(report: &mut Report) {
    use khabar::annotate::{Annotation, Change, Edit, Record};
    let articles = khabar::generate::articles(10_000, 44);
    let mut project = Project::in_memory(&articles);
    let codes: Vec<i64> = project.codes().iter().map(|c| c.id).collect();
    let mut rng = khabar::generate::Rng::new(9);
    let created = chrono::Utc::now();
    let mut changes = Vec::new();
    let spot = |rng: &mut khabar::generate::Rng| {
        let a = &articles[rng.below(articles.len())];
        let bodies: Vec<_> = a
            .blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Body)
            .collect();
        let b = bodies[rng.below(bodies.len())];
        let s = b.content.start + rng.below(b.content.len().saturating_sub(10).max(1));
        let e = (s + 5 + rng.below(80)).min(b.content.end);
        (a, a.snap(s, e))
    };
    for _ in 0..50_000 {
        let code = codes[rng.below(codes.len())];
        let (a, r) = spot(&mut rng);
        let ann = |coder: &str, r: std::ops::Range<usize>, code: i64| Annotation {
            id: uuid::Uuid::new_v4(),
            article: a.meta.id.clone(),
            start: r.start,
            end: r.end,
            quote: a.slice(r.clone()).to_owned(),
            codes: vec![code],
            note: String::new(),
            creator: coder.into(),
            created,
            modified: created,
        };
        changes.push(Change::create(Record::Annotation(ann(
            "A",
            r.clone(),
            code,
        ))));
        if rng.below(10) < 7 {
            let shift = rng.below(5);
            let moved = a.snap(r.start + shift, (r.end + shift).min(a.index.char_len()));
            changes.push(Change::create(Record::Annotation(ann("B", moved, code))));
        } else {
            let (b_article, r2) = spot(&mut rng);
            let mut other = ann("B", r2.clone(), codes[rng.below(codes.len())]);
            other.article = b_article.meta.id.clone();
            other.quote = b_article.slice(r2).to_owned();
            changes.push(Change::create(Record::Annotation(other)));
        }
    }
    project.apply(Edit::new("coders", changes)).unwrap();
    drop(articles);
    let opts = khabar::agreement::AgreementOptions::new(vec!["A".into(), "B".into()]);
    let mut samples = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let r = khabar::agreement::agreement(&project, &opts).unwrap();
        samples.push(t.elapsed().as_secs_f64());
        assert_eq!(r.coders[0].annotations, 50_000);
        assert!(r.overall.alpha_ci.is_some());
    }
    report.add(
        "Agreement, 2 coders × 10,000 articles × 50,000 annotations each (graphemes, all measures, 1,000 bootstrap replicates)",
        samples,
        "s",
        Some((2.0, true)),
    );
}

fn main() {
    // `cargo bench` passes --bench; run everything regardless, unless KHABAR_BENCH_ONLY names groups (anchor,
    // exchange): `KHABAR_BENCH_ONLY=anchor,exchange cargo bench --bench khabar`.
    let mut report = Report { rows: Vec::new() };
    // `cargo bench --bench khabar -- agreement` runs only the team-coding row; KHABAR_BENCH_ONLY names groups
    // (anchor, exchange, search, agreement, viewer, dates, import, scale, frames):
    // `KHABAR_BENCH_ONLY=anchor,exchange cargo bench --bench khabar`.
    let only: Option<Vec<String>> = std::env::var("KHABAR_BENCH_ONLY")
        .ok()
        .map(|o| o.split(',').map(|x| x.trim().to_owned()).collect())
        .or_else(|| {
            std::env::args()
                .any(|a| a == "agreement")
                .then(|| vec!["agreement".to_owned()])
        });
    if let Some(only) = only {
        let has = |g: &str| only.iter().any(|x| x == g);
        let dir = tempfile::tempdir().unwrap();
        if has("anchor") {
            anchor_scenario(&mut report);
        }
        if has("viewer") {
            viewer_scenarios(&mut report);
        }
        if has("exchange") {
            let big = dir.path().join("big.khabar");
            drop(khabar::generate::generate_project(&big, 10_000, 100_000, 42).unwrap());
            exchange_scenarios(&mut report, &big);
        }
        if has("search") {
            let big = dir.path().join("kwic.khabar");
            drop(khabar::generate::generate_project(&big, 10_000, 100_000, 42).unwrap());
            kwic_frame_scenario(&mut report, &big);
            search_scenarios(&mut report, dir.path());
        }
        if has("agreement") {
            agreement_scenario(&mut report);
            team::team_scenarios(&mut report, dir.path());
        }
        if has("dates") {
            dates::eval_scenario();
            dates::pipeline_scenario(&mut report, dir.path());
        }
        if has("import") {
            import_files_scenario(&mut report);
        }
        if has("team") {
            team::team_scenarios(&mut report, dir.path());
        }
        if has("frames") {
            // The frame rows alone, on the project named by KHABAR_BENCH_SCALE_PROJECT (for profiling).
            match std::env::var_os("KHABAR_BENCH_SCALE_PROJECT") {
                Some(p) => big_project_scenarios(&mut report, Path::new(&p)),
                None => eprintln!("frames: name a project in KHABAR_BENCH_SCALE_PROJECT"),
            }
        }
        if has("extraction") {
            extraction::eval_scenario();
        }
        if has("scale") {
            let x = start_xvfb();
            scale::scale_scenarios(&mut report, dir.path(), x.as_ref().map(|(_, d)| d.as_str()));
        }
        println!("\n{}", report.markdown());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.khabar");
    eprintln!("generating the 10k project…");
    let t = Instant::now();
    drop(khabar::generate::generate_project(&big, 10_000, 100_000, 42).unwrap());
    report.add(
        "Generate 10,000 articles + 100,000 annotations",
        vec![t.elapsed().as_secs_f64()],
        "s",
        None,
    );
    let small = dir.path().join("bundled.khabar");
    drop(Project::create(&small, &khabar::ingest::bundled_corpus()).unwrap());

    match start_xvfb() {
        Some((_x, display)) => {
            let home = dir.path().join("home");
            std::fs::create_dir_all(&home).unwrap();
            for (label, project, target) in [
                ("bundled corpus", &small, 300.0),
                ("10k project", &big, 1500.0),
            ] {
                let (samples, rss) = first_frames(&display, &home, project, 5);
                report.add(
                    format!("Start to first frame, {label}"),
                    samples,
                    "ms",
                    Some((target, true)),
                );
                if label == "10k project" {
                    report.add(
                        "Peak memory at first frame, 10k project",
                        rss,
                        "MB",
                        Some((400.0, true)),
                    );
                }
            }
            let mut rss = Vec::new();
            for _ in 0..3 {
                let v = run_window(&display, &home, &big, &["--quit-after", "12"]);
                if let Some((_, r)) = v.iter().find(|(k, _)| k == "peak_rss_kb") {
                    rss.push(*r / 1024.0);
                }
            }
            report.add(
                "Peak memory, 10k project open 12 s (timeline dated)",
                rss,
                "MB",
                Some((400.0, true)),
            );
        }
        None => eprintln!(
            "Xvfb is not available: start-up and memory rows are skipped (apt-get install xvfb)"
        ),
    }
    eprintln!("frames…");
    viewer_scenarios(&mut report);
    big_project_scenarios(&mut report, &big);
    kwic_frame_scenario(&mut report, &big);
    huge_article_scenario(&mut report);
    eprintln!("exchange…");
    exchange_scenarios(&mut report, &big);
    anchor_scenario(&mut report);
    eprintln!("import…");
    import_files_scenario(&mut report);
    tagging_scenario(&mut report);
    eprintln!("extraction…");
    extraction::eval_scenario();
    eprintln!("dates…");
    dates::eval_scenario();
    dates::pipeline_scenario(&mut report, dir.path());
    eprintln!("search…");
    search_scenarios(&mut report, dir.path());
    eprintln!("agreement…");
    agreement_scenario(&mut report);
    eprintln!("scale (100,000 articles)…");
    {
        let x = start_xvfb();
        scale::scale_scenarios(&mut report, dir.path(), x.as_ref().map(|(_, d)| d.as_str()));
    }

    let md = report.markdown();
    println!("\n{md}");
    let out = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("bench-report.md");
    let _ = std::fs::write(&out, &md);
    eprintln!("written to {}", out.display());
}
