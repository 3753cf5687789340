//! The `extraction` group: how well a web page's main text and publication date are found, on the 20 pages of
//! `benches/extraction/` (see its README: which pages are real and which constructed), beside trafilatura's output
//! on the same pages (`trafilatura_results.json`, written by `trafilatura_run.py`). Word-level precision, recall
//! and F1 of the body text (bags of words, macro-averaged over pages) and publication-date accuracy.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use khabar::model::BlockKind;

#[derive(Default, Clone, Copy)]
struct Prf {
    p: f64,
    r: f64,
    f1: f64,
}

/// One page: Khabar's scores and whether its date is right, then trafilatura's.
type PageScore = (Prf, bool, Prf, bool);

fn words(s: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in s.split_whitespace() {
        let w =
            w.trim_matches(|c: char| !c.is_alphanumeric() && !('\u{900}'..='\u{97f}').contains(&c));
        let w = w.trim_end_matches(['।', '॥']);
        if !w.is_empty() {
            *m.entry(w.to_owned()).or_insert(0) += 1;
        }
    }
    m
}

fn prf(extracted: &str, gold: &str) -> Prf {
    let (e, g) = (words(extracted), words(gold));
    let overlap: usize = e
        .iter()
        .map(|(w, n)| (*n).min(*g.get(w).unwrap_or(&0)))
        .sum();
    let (ne, ng) = (e.values().sum::<usize>(), g.values().sum::<usize>());
    let p = if ne == 0 {
        0.0
    } else {
        overlap as f64 / ne as f64
    };
    let r = if ng == 0 {
        0.0
    } else {
        overlap as f64 / ng as f64
    };
    let f1 = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    Prf { p, r, f1 }
}

pub fn eval_scenario() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/extraction");
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("gold.json")).unwrap()).unwrap();
    let theirs: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("trafilatura_results.json")).unwrap(),
    )
    .unwrap();
    let mut rows: Vec<PageScore> = Vec::new();
    let started = Instant::now();
    let mut bytes = 0usize;
    for g in gold.as_array().unwrap() {
        let page = g["page"].as_str().unwrap();
        let html = std::fs::read(dir.join("pages").join(page)).unwrap();
        bytes += html.len();
        let gold_text: Vec<&str> = g["main_text"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        let gold_text = gold_text.join("\n");
        let gold_date = g["published"].as_str().unwrap();
        let source = khabar::web::PageSource {
            url: g["url"].as_str().map(str::to_owned),
            http_charset: None,
            origin: page.to_owned(),
        };
        let (ours, our_date) = match khabar::web::read_page(&html, &source) {
            Ok(a) => {
                let main: Vec<&str> = a
                    .blocks
                    .iter()
                    .filter(|b| matches!(b.kind, BlockKind::Body | BlockKind::Heading))
                    .map(|b| a.block_text(b))
                    .collect();
                (main.join("\n"), a.meta.published.map(|d| d.to_string()))
            }
            Err(e) => {
                eprintln!("{page}: {e}");
                (String::new(), None)
            }
        };
        let t = &theirs["pages"][page];
        let their_text = t["main_text"].as_str().unwrap_or("");
        let their_date = t["published"].as_str().map(str::to_owned);
        let (a, b) = (prf(&ours, &gold_text), prf(their_text, &gold_text));
        if std::env::var_os("KHABAR_BENCH_EXTRACTION_PAGES").is_some() {
            eprintln!(
                "{page}: khabar F1 {:.3} date {:?} | trafilatura F1 {:.3} date {:?} | gold {gold_date}",
                a.f1, our_date, b.f1, their_date
            );
        }
        rows.push((
            a,
            our_date.as_deref() == Some(gold_date),
            b,
            their_date.as_deref() == Some(gold_date),
        ));
    }
    let elapsed = started.elapsed();
    let n = rows.len() as f64;
    let mean = |f: &dyn Fn(&PageScore) -> f64| rows.iter().map(f).sum::<f64>() / n;
    println!(
        "\nExtraction on {} pages ({} KB; Khabar read them in {:.0} ms, {:.1} MB/s)",
        rows.len(),
        bytes / 1024,
        elapsed.as_secs_f64() * 1e3,
        bytes as f64 / 1e6 / elapsed.as_secs_f64()
    );
    println!("| Tool | Precision | Recall | F1 | Date accuracy |\n|---|---|---|---|---|");
    println!(
        "| Khabar (dom_smoothie + markup) | {:.3} | {:.3} | {:.3} | {:.0}% |",
        mean(&|r| r.0.p),
        mean(&|r| r.0.r),
        mean(&|r| r.0.f1),
        100.0 * mean(&|r| r.1 as u8 as f64)
    );
    println!(
        "| trafilatura {} | {:.3} | {:.3} | {:.3} | {:.0}% |",
        theirs["trafilatura_version"].as_str().unwrap_or("?"),
        mean(&|r| r.2.p),
        mean(&|r| r.2.r),
        mean(&|r| r.2.f1),
        100.0 * mean(&|r| r.3 as u8 as f64)
    );
}
