//! The `dates` group: throughput of the whole timeline pipeline, and the tagger's quality on the evaluation set
//! (`benches/dates/eval.tsv`; `dateparser_eval.py` beside it runs `dateparser.search_dates` on the same set).

use std::path::Path;
use std::time::Instant;

use khabar::model::BlockKind;
use khabar::project::Project;

use crate::Report;

/// Load, split sentences, tag, categorise, build events: `Timeline::events` on a fresh timeline over a generated
/// project, in MB of body text per second.
pub fn pipeline_scenario(report: &mut Report, dir: &Path) {
    let n: usize = std::env::var("KHABAR_BENCH_DATES_ARTICLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5_000);
    let path = dir.join("dates.khabar");
    drop(khabar::generate::generate_project(&path, n, 0, 11).unwrap());
    let project = Project::open_read_only(&path).unwrap();
    let mut body = 0usize;
    for m in project.metas() {
        let (text, blocks) = project.article_text_and_blocks(&m.id).unwrap();
        for (b, r) in blocks.iter().zip(byte_ranges(&text, &blocks)) {
            if b.kind == BlockKind::Body {
                body += r.len();
            }
        }
    }
    let mut samples = Vec::new();
    let mut events = 0;
    for _ in 0..5 {
        let mut timeline = khabar::timeline::Timeline::default();
        let t = Instant::now();
        events = timeline.events(&project).len();
        samples.push(body as f64 / 1e6 / t.elapsed().as_secs_f64());
    }
    assert!(events > 0);
    report.add(
        format!(
            "Timeline pipeline end to end (load, sentences, tag, categorise, events; {n} articles, {:.1} MB body text, {events} events)",
            body as f64 / 1e6
        ),
        samples,
        "MB/s",
        Some((60.0, false)),
    );
}

fn byte_ranges(text: &str, blocks: &[khabar::model::Block]) -> Vec<std::ops::Range<usize>> {
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    blocks
        .iter()
        .map(|b| offsets[b.content.start]..offsets[b.content.end])
        .collect()
}

/// One sentence of the evaluation set.
struct EvalRow {
    id: String,
    kind: String,
    dct: chrono::NaiveDate,
    sentence: String,
    /// Char span and TIMEX3 type and value of each gold expression (none in distractor sentences).
    gold: Vec<(std::ops::Range<usize>, String, String)>,
}

fn eval_rows() -> Vec<EvalRow> {
    let tsv = include_str!("eval.tsv");
    tsv.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let sentence = f[3].to_owned();
            let gold = if f[4].is_empty() {
                Vec::new()
            } else {
                f[4].split('|')
                    .zip(f[5].split('|'))
                    .zip(f[6].split('|'))
                    .map(|((text, ty), value)| {
                        let byte = sentence.find(text).expect("gold text in its sentence");
                        let start = sentence[..byte].chars().count();
                        (
                            start..start + text.chars().count(),
                            ty.to_owned(),
                            value.to_owned(),
                        )
                    })
                    .collect()
            };
            EvalRow {
                id: f[0].to_owned(),
                kind: f[1].to_owned(),
                dct: chrono::NaiveDate::parse_from_str(f[2], "%Y-%m-%d").unwrap(),
                sentence,
                gold,
            }
        })
        .collect()
}

/// Counts for one kind of expression: found and right (tp), found but not there (fp), there but not found (fn),
/// found with the right value.
#[derive(Default, Clone, Copy)]
struct Score {
    gold: usize,
    tp: usize,
    fp: usize,
    fn_: usize,
    value_right: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.gold += o.gold;
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.value_right += o.value_right;
    }
    fn cells(&self) -> String {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        let v = self.value_right as f64 / self.gold.max(1) as f64;
        format!("{p:.2} | {r:.2} | {f1:.2} | {v:.2}")
    }
}

/// Score one sentence's predictions (char spans and values): a gold expression is found when a prediction overlaps
/// it, and its value is right when `value_ok` says so of one of those; a prediction overlapping no gold expression
/// is a false alarm.
fn score(
    row: &EvalRow,
    predicted: &[(std::ops::Range<usize>, Option<String>)],
    value_ok: impl Fn(&str, &str) -> bool,
) -> Score {
    let overlaps =
        |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| a.start < b.end && b.start < a.end;
    let mut s = Score {
        gold: row.gold.len(),
        ..Score::default()
    };
    for (span, _, gold_value) in &row.gold {
        let hits: Vec<_> = predicted
            .iter()
            .filter(|(p, _)| overlaps(p, span))
            .collect();
        if hits.is_empty() {
            s.fn_ += 1;
            continue;
        }
        s.tp += 1;
        if hits
            .iter()
            .any(|(_, v)| v.as_deref().is_some_and(|v| value_ok(v, gold_value)))
        {
            s.value_right += 1;
        }
    }
    s.fp = predicted
        .iter()
        .filter(|(p, _)| !row.gold.iter().any(|(g, _, _)| overlaps(p, g)))
        .count();
    s
}

/// dateparser gives a datetime: right when it agrees with the gold value to the gold's granularity (a day, a month,
/// a year, a clock time); durations, sets and vague references have no datetime to be right with.
fn dateparser_value_ok(found: &str, gold: &str) -> bool {
    let n = gold.len();
    let calendar = gold.chars().next().is_some_and(|c| c.is_ascii_digit());
    calendar && found.len() >= n && found[..n] == *gold
}

/// The tagger on the evaluation set, beside dateparser's committed results: precision, recall, F1 and value
/// accuracy per kind of expression (printed as a markdown table; the README shows it).
pub fn eval_scenario() {
    let rows = eval_rows();
    let dp: serde_json::Value =
        serde_json::from_str(include_str!("dateparser_results.json")).expect("dateparser results");
    let mut kinds: Vec<String> = Vec::new();
    let mut ours: std::collections::HashMap<String, Score> = Default::default();
    let mut theirs: std::collections::HashMap<String, Score> = Default::default();
    let started = Instant::now();
    let mut tagged = Vec::new();
    for row in &rows {
        tagged.push(khabar::timeline::tagger::tag(&row.sentence, Some(row.dct)));
    }
    let tag_time = started.elapsed();
    for (row, mentions) in rows.iter().zip(&tagged) {
        if !kinds.contains(&row.kind) {
            kinds.push(row.kind.clone());
        }
        let predicted: Vec<_> = mentions
            .iter()
            .map(|m| (m.start..m.end, m.timex_value()))
            .collect();
        let s = score(row, &predicted, |a, b| a == b);
        if std::env::var_os("KHABAR_BENCH_DATES_MISSES").is_some()
            && (s.fp > 0 || s.fn_ > 0 || s.value_right < s.gold)
        {
            let found: Vec<String> = mentions
                .iter()
                .map(|m| format!("{}={}", m.text, m.timex_value().unwrap_or_default()))
                .collect();
            eprintln!(
                "{} [{}] gold {:?} found {found:?}",
                row.sentence, row.kind, row.gold
            );
        }
        ours.entry(row.kind.clone()).or_default().add(s);
        let found: Vec<_> = dp["found"][&row.id]
            .as_array()
            .map(|a| a.as_slice())
            .unwrap_or(&[])
            .iter()
            .filter_map(|f| {
                let text = f["text"].as_str()?;
                let byte = row.sentence.find(text)?;
                let start = row.sentence[..byte].chars().count();
                Some((
                    start..start + text.chars().count(),
                    f["value"].as_str().map(str::to_owned),
                ))
            })
            .collect();
        theirs
            .entry(row.kind.clone())
            .or_default()
            .add(score(row, &found, dateparser_value_ok));
    }
    let gold_total: usize = ours.values().map(|s| s.gold).sum();
    println!(
        "\nTemporal expressions, evaluation set ({} sentences, {gold_total} expressions; Khabar tagged them in {:.1} ms, dateparser {} in {} s):\n",
        rows.len(),
        tag_time.as_secs_f64() * 1000.0,
        dp["dateparser_version"].as_str().unwrap_or("?"),
        dp["seconds"]
    );
    println!("| Kind | Expressions | Khabar P | R | F1 | Value acc. | dateparser P | R | F1 | Value acc. |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let (mut all_ours, mut all_theirs) = (Score::default(), Score::default());
    for k in &kinds {
        let (o, t) = (ours[k], theirs[k]);
        all_ours.add(o);
        all_theirs.add(t);
        if o.gold == 0 {
            // Distractors: numbers that are not dates; anything found there is a false alarm.
            println!(
                "| {k}: false alarms | 0 | {} | | | | {} | | | |",
                o.fp, t.fp
            );
            continue;
        }
        println!("| {k} | {} | {} | {} |", o.gold, o.cells(), t.cells());
    }
    println!(
        "| **all** | {} | {} | {} |",
        all_ours.gold,
        all_ours.cells(),
        all_theirs.cells()
    );
}
