//! A realistic large project for benchmarks: articles recombined from the bundled corpus's sentences, with bylines,
//! dates and boilerplate, and annotations spread over them. Deterministic from a seed.

use std::path::Path;

use crate::annotate::{Annotation, Change, Edit, Record};
use crate::model::{normalize_text, Article, BlockKind};
use crate::project::{Project, Result};
use crate::store::Store;
use chrono::{Datelike, NaiveDate};

/// SplitMix64: small, fast, deterministic; enough to shuffle sentences.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

const BOILERPLATE: &[&str] = &[
    "विज्ञापन",
    "Advertisement",
    "Read Time: 3 mins",
    "Open in App",
    "ये खबर भी पढ़ें : दिल्ली में आज मौसम साफ रहेगा",
];
const TAIL: &[&str] = &["संबंधित खबरें", "Related Articles", "About The Author"];
const MONTHS: [&str; 12] = [
    "जनवरी",
    "फरवरी",
    "मार्च",
    "अप्रैल",
    "मई",
    "जून",
    "जुलाई",
    "अगस्त",
    "सितंबर",
    "अक्टूबर",
    "नवंबर",
    "दिसंबर",
];
const PLACES: &[&str] = &[
    "मॉस्को",
    "प्योंगयांग",
    "व्लादिवोस्तोक",
    "बीजिंग",
    "सियोल",
    "टोक्यो",
    "दिल्ली",
    "जिनेवा",
    "वियना",
    "हनोई",
    "उलानबातर",
    "सिंगापुर",
    "कज़ान",
    "सोची",
    "खाबरोवस्क",
    "वोस्तोचनी",
    "शंघाई",
    "अस्ताना",
    "मिन्स्क",
    "तेहरान",
];
const SOURCES: &[&str] = &[
    "NDTV India",
    "Lokmat",
    "Punjab Kesari",
    "Dakshin Bharat Rashtramat",
    "Amar Ujala",
];

/// Sentences of the bundled corpus's body paragraphs.
fn corpus_sentences() -> Vec<String> {
    let mut out = Vec::new();
    for a in crate::ingest::bundled_corpus() {
        for b in a.blocks.iter().filter(|b| b.kind == BlockKind::Body) {
            let text = a.block_text(b);
            let chars: Vec<char> = text.chars().collect();
            for s in crate::timeline::sentences::sentence_spans(text) {
                let sentence: String = chars[s].iter().collect();
                if sentence.chars().count() > 20 {
                    out.push(sentence);
                }
            }
        }
    }
    out
}

/// The text of generated article `i` and its publication date.
pub fn article_text(i: usize, sentences: &[String], rng: &mut Rng) -> (String, NaiveDate) {
    let date = NaiveDate::from_ymd_opt(2023, 1, 1).expect("valid date")
        + chrono::Duration::days(rng.below(1100) as i64);
    let mut text = String::new();
    let title = &sentences[rng.below(sentences.len())];
    text += &format!("{} ({i})\n\n", title.trim_end_matches(['।', '.']));
    text += &format!(
        "By संवाददाता | Published: {} 10:{:02} AM\n\n",
        date.format("%B %-d, %Y"),
        rng.below(60)
    );
    let paragraphs = 4 + rng.below(6);
    for p in 0..paragraphs {
        let n = 2 + rng.below(4);
        let para: Vec<&str> = (0..n)
            .map(|_| sentences[rng.below(sentences.len())].as_str())
            .collect();
        text += &para.join(" ");
        text += "\n\n";
        if p == 1 {
            text += BOILERPLATE[rng.below(BOILERPLATE.len())];
            text += "\n\n";
        }
    }
    // One dated event of its own per article, so a large project has a large timeline.
    let event_day = NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid date")
        + chrono::Duration::days(rng.below(9400) as i64);
    text += &format!(
        "{} {} {} को {} में दोनों देशों के बीच {}वें दौर की वार्ता हुई।\n\n",
        event_day.format("%-d"),
        MONTHS[event_day.month0() as usize],
        event_day.format("%Y"),
        PLACES[rng.below(PLACES.len())],
        1 + rng.below(40)
    );
    text += TAIL[rng.below(TAIL.len())];
    text += "\n\nकोई और खबर जो इस लेख का हिस्सा नहीं है।\n";
    (text, date)
}

/// Generated articles (NFC text, classified), deterministic from `seed`.
pub fn articles(n: usize, seed: u64) -> Vec<Article> {
    let sentences = corpus_sentences();
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let (text, date) = article_text(i, &sentences, &mut rng);
            let mut a = Article::new(normalize_text(&text), format!("generated-{i:05}.txt"), None);
            a.meta.published = Some(date);
            a.meta.source = Some(SOURCES[rng.below(SOURCES.len())].to_owned());
            a
        })
        .collect()
}

/// Write a project with `articles` generated articles and `annotations` annotations spread over their body text.
pub fn generate_project(
    path: &Path,
    n_articles: usize,
    n_annotations: usize,
    seed: u64,
) -> Result<Project> {
    let arts = articles(n_articles, seed);
    let store = Store::create(path, |store| {
        store.add_articles(&arts)?;
        let codes = crate::annotate::default_codebook();
        let mut changes: Vec<Change> = codes
            .iter()
            .cloned()
            .map(|c| Change::create(Record::Code(c)))
            .collect();
        let mut rng = Rng::new(seed ^ 0xa5a5);
        let created = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z")
            .expect("valid time")
            .with_timezone(&chrono::Utc);
        for k in 0..n_annotations {
            let a = &arts[rng.below(arts.len())];
            let bodies: Vec<_> = a
                .blocks
                .iter()
                .filter(|b| b.kind == BlockKind::Body)
                .collect();
            let b = bodies[rng.below(bodies.len())];
            let len = b.content.len();
            let s = b.content.start + rng.below(len.saturating_sub(10).max(1));
            let e = (s + 5 + rng.below(80)).min(b.content.end);
            let r = a.snap(s, e);
            let mut id_bytes = [0u8; 16];
            id_bytes[..8].copy_from_slice(&rng.next_u64().to_le_bytes());
            id_bytes[8..].copy_from_slice(&rng.next_u64().to_le_bytes());
            changes.push(Change::create(Record::Annotation(Annotation {
                id: uuid::Builder::from_random_bytes(id_bytes).into_uuid(),
                article: a.meta.id.clone(),
                start: r.start,
                end: r.end,
                quote: a.slice(r).to_owned(),
                codes: vec![codes[rng.below(codes.len())].id],
                note: if k % 5 == 0 {
                    format!("टिप्पणी {k}")
                } else {
                    String::new()
                },
                creator: "generator".into(),
                created,
                modified: created,
            })));
        }
        store.apply(&Edit::new("generate", changes))
    })?;
    drop(store);
    Project::open(path)
}
