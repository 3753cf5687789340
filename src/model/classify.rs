//! Splitting article text into blocks and telling content from the boilerplate news sites mix into it.
//!
//! Rules are per line (one line = one block), checked in order; the first that fires gives the block its kind and
//! a reason a user can read. Some markers ("संबंधित खबरें", "Related Articles", …) start the end-of-article widgets:
//! that block and every block after it are boilerplate. Nothing is ever deleted: boilerplate is only dimmed.

use serde::{Deserialize, Serialize};

use super::text::TextIndex;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Title,
    /// Byline, timestamp or dateline ("नई दिल्ली:").
    Byline,
    /// Sub-heading, standfirst or caption: short content lines.
    Heading,
    Body,
    Boilerplate,
}

impl BlockKind {
    pub const ALL: [BlockKind; 5] = [
        BlockKind::Title,
        BlockKind::Byline,
        BlockKind::Heading,
        BlockKind::Body,
        BlockKind::Boilerplate,
    ];

    /// Blocks whose text later features (annotation lists, timeline) treat as the article's content.
    pub fn is_content(self) -> bool {
        matches!(
            self,
            BlockKind::Title | BlockKind::Heading | BlockKind::Body
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            BlockKind::Title => "Title",
            BlockKind::Byline => "Byline",
            BlockKind::Heading => "Heading",
            BlockKind::Body => "Body",
            BlockKind::Boilerplate => "Boilerplate",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            BlockKind::Title => "title",
            BlockKind::Byline => "byline",
            BlockKind::Heading => "heading",
            BlockKind::Body => "body",
            BlockKind::Boilerplate => "boilerplate",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// One line of the article, as char ranges into the article text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// The tile: blocks' `range`s cover the whole text without gaps (trailing newlines belong to the block before).
    pub range: std::ops::Range<usize>,
    /// The visible text of the block: `range` without surrounding whitespace.
    pub content: std::ops::Range<usize>,
    pub kind: BlockKind,
    /// Why the block has its kind, in words a user can check.
    pub reason: String,
    /// Set when the user reclassified the block; automatic classification leaves it alone then.
    pub user_set: bool,
}

/// Exact lines that are advertisement slots.
const AD_MARKERS: &[&str] = &["विज्ञापन", "advertisement", "sponsored", "स्पॉन्सर्ड", "ad"];
/// Line prefixes of inline "read this too" links.
const READ_ALSO_PREFIXES: &[&str] = &[
    "ये खबर भी पढ़ें",
    "यह खबर भी पढ़ें",
    "ये भी पढ़ें",
    "यह भी पढ़ें",
    "इसे भी पढ़ें",
    "also read",
    "read also",
    "read more",
];
/// Substrings of app, social and subscription promos (compared lower-case).
const PROMO_MARKERS: &[&str] = &[
    "open in app",
    "app download",
    "download app",
    "download the app",
    "at google news",
    "follow us",
    "subscribe now",
    "try premium service",
    "be on the top of everything",
    "हमें फॉलो करें",
    "ऐप डाउनलोड",
];
/// Lines that start the end-of-article widgets: they and everything after them are boilerplate.
const TAIL_MARKERS: &[(&str, &str)] = &[
    ("featured video of the day", "video promo"),
    ("संबंधित खबरें", "related-news list"),
    ("संबंधित ख़बरें", "related-news list"),
    ("related articles", "related-news list"),
    ("related story", "related-news list"),
    ("related news", "related-news list"),
    ("more stories", "related-news list"),
    ("अधिक खबरें", "related-news list"),
    ("about the author", "author box"),
    ("leave a reply", "comment form"),
    ("comments", "comment form"),
    ("टॅग्स", "tag list"),
    ("टैग्स", "tag list"),
    ("tags", "tag list"),
    ("back to top", "site navigation"),
];
/// Byline prefixes (compared lower-case).
const BYLINE_MARKERS: &[&str] = &[
    "by ",
    "published:",
    "updated:",
    "edited by",
    "written by",
    "प्रकाशित:",
    "प्रकाशित :",
    "अपडेटेड:",
    "अपडेटेड :",
    "लेखक:",
];
/// Words that start a timestamp line without a colon (compared lower-case).
const BYLINE_DATE_CUES: &[&str] = &[
    "last updated",
    "updated",
    "published",
    "first published",
    "posted",
    "प्रकाशित",
    "अपडेटेड",
    "अपडेट",
];
const PHOTO_PREFIXES: &[&str] = &[
    "photo:",
    "image:",
    "फोटो:",
    "फोटो :",
    "तस्वीर:",
    "img title",
    "file photo",
];
const READ_TIME_PREFIXES: &[&str] = &["read time", "पढ़ने का समय", "reading time"];

/// Split `text` into line blocks that tile it.
pub fn split_blocks(
    text: &str,
    index: &TextIndex,
) -> Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let mut out: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    let mut byte = 0usize;
    for line in text.split_inclusive('\n') {
        let line_start = byte;
        byte += line.len();
        let trimmed_start = line.len() - line.trim_start().len();
        let body = line.trim();
        if body.is_empty() {
            continue;
        }
        let content_start = index.char_of_byte(line_start + trimmed_start);
        let content_end = index.char_of_byte(line_start + trimmed_start + body.len());
        out.push((content_start..content_start, content_start..content_end));
    }
    // Tile: each block runs from its content start (the first from 0) to the next block's content start.
    let n = index.char_len();
    let starts: Vec<usize> = out.iter().map(|(_, c)| c.start).collect();
    for (i, (range, _)) in out.iter_mut().enumerate() {
        let start = if i == 0 { 0 } else { starts[i] };
        let end = starts.get(i + 1).copied().unwrap_or(n);
        *range = start..end;
    }
    out
}

/// Classify every block of an article. `title_hint` (from a manifest) marks the block with that text as the title;
/// otherwise the first block that is not boilerplate is.
pub fn classify_blocks(text: &str, index: &TextIndex, title_hint: Option<&str>) -> Vec<Block> {
    let pieces = split_blocks(text, index);
    let lines: Vec<&str> = pieces
        .iter()
        .map(|(_, c)| &text[index.byte_range(c.clone())])
        .collect();
    let mut blocks = Vec::with_capacity(pieces.len());
    let mut title_text: Option<String> = None;
    let mut tail: Option<String> = None;
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();

    let markers = &*MARKERS;
    for (i, ((range, content), line)) in pieces.into_iter().zip(lines.iter().copied()).enumerate() {
        // The comparison form is built once per line (the rules below all read it); lines after a tail marker need
        // none.
        let l = if tail.is_none() {
            lower(line)
        } else {
            String::new()
        };
        let (kind, reason) = if let Some(t) = &tail {
            (
                BlockKind::Boilerplate,
                format!("after '{t}': end-of-article widgets"),
            )
        } else if let Some(what) = tail_marker(markers, &l) {
            let shown: String = line.trim().chars().take(32).collect();
            let reason = format!("{what} starts here ('{shown}')");
            tail = Some(shown);
            (BlockKind::Boilerplate, reason)
        } else if let Some(reason) = line_boilerplate(markers, line, &l) {
            (BlockKind::Boilerplate, reason)
        } else if title_text.is_none() {
            let is_hinted = title_hint.is_some_and(|h| h.trim() == line);
            if title_hint.is_some() && !is_hinted {
                // Before the known title: a site label ("लाइव न्यूज़ :", "GlobalTop Story").
                if looks_like_label(line) {
                    (
                        BlockKind::Boilerplate,
                        "site navigation label before the title".to_owned(),
                    )
                } else {
                    (BlockKind::Heading, "short line before the title".to_owned())
                }
            } else if title_hint.is_none() && i == 0 && looks_like_label(line) && lines.len() > 1 {
                (
                    BlockKind::Boilerplate,
                    "site navigation label before the title".to_owned(),
                )
            } else {
                title_text = Some(line.to_owned());
                (
                    BlockKind::Title,
                    if is_hinted {
                        "title given by the corpus manifest".to_owned()
                    } else {
                        "first line of content".to_owned()
                    },
                )
            }
        } else if title_text.as_deref() == Some(line) {
            (BlockKind::Boilerplate, "repeats the title".to_owned())
        } else if seen.contains(line) {
            (
                BlockKind::Boilerplate,
                "repeats an earlier paragraph".to_owned(),
            )
        } else if let Some(reason) = byline(markers, line, &l) {
            (BlockKind::Byline, reason)
        } else if is_heading(line) {
            (
                BlockKind::Heading,
                "short line without sentence punctuation".to_owned(),
            )
        } else {
            (BlockKind::Body, "paragraph".to_owned())
        };
        seen.insert(line);
        blocks.push(Block {
            range,
            content,
            kind,
            reason,
            user_set: false,
        });
    }
    blocks
}

/// Comparison form: trimmed, lower-case, decomposed, without nukta, so "पढ़ें" matches however the nukta was typed.
fn lower(line: &str) -> String {
    let line = line.trim();
    lower_plain(line).unwrap_or_else(|| lower_by_tables(line))
}

fn lower_by_tables(line: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    line.to_lowercase()
        .nfd()
        .filter(|c| *c != '\u{93c}')
        .collect()
}

/// [`lower`] without table lookups, for the chars of nearly every Hindi line: ASCII (lower-cased), Devanagari that NFD
/// leaves alone, joiners, the no-break space and typographic dashes and quotes (all caseless). `None` for a line with any other char.
/// Devanagari's only combining classes besides the Vedic accents (excluded) are nukta's and virama's, and nukta is
/// dropped, so canonical reordering never changes the result.
fn lower_plain(line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            '\u{093C}' => {}
            // Precomposed nukta letters (NFD splits them) and the Vedic accents.
            '\u{0929}'
            | '\u{0931}'
            | '\u{0934}'
            | '\u{0958}'..='\u{095F}'
            | '\u{0951}'..='\u{0954}' => return None,
            '\u{0900}'..='\u{097F}'
            | '\u{00A0}'
            | '\u{200C}'
            | '\u{200D}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201C}'
            | '\u{201D}' => out.push(c),
            _ => return None,
        }
    }
    Some(out)
}

/// The marker lists in comparison form ([`lower`]), built once: lowering them for every line was most of the cost of
/// classifying an import.
struct Markers {
    ad: Vec<String>,
    read_time: Vec<String>,
    read_also: Vec<String>,
    promo: Vec<(String, &'static str)>,
    photo: Vec<String>,
    tail: Vec<(String, &'static str)>,
    byline: Vec<String>,
}

static MARKERS: std::sync::LazyLock<Markers> = std::sync::LazyLock::new(|| {
    let all = |list: &[&str]| list.iter().map(|m| lower(m)).collect::<Vec<_>>();
    Markers {
        ad: all(AD_MARKERS),
        read_time: all(READ_TIME_PREFIXES),
        read_also: all(READ_ALSO_PREFIXES),
        promo: PROMO_MARKERS.iter().map(|p| (lower(p), *p)).collect(),
        photo: all(PHOTO_PREFIXES),
        tail: TAIL_MARKERS
            .iter()
            .map(|(m, what)| (lower(m), *what))
            .collect(),
        byline: all(BYLINE_MARKERS),
    }
});

/// What kind of end-of-article widget a line (in comparison form `l`) starts, if it starts one.
fn tail_marker(markers: &Markers, l: &str) -> Option<&'static str> {
    let l = l.trim_end_matches([':', ' ', '-', '|']);
    markers
        .tail
        .iter()
        .find(|(m, _)| {
            // Whole line, or the marker followed by ':' (tag lists run the tags into the same line).
            l == m
                || l.strip_prefix(m.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|(_, what)| *what)
}

/// Single-line boilerplate: ads, reading time, promos, photo credits, slugs, score widgets. `l` is the line in
/// comparison form.
fn line_boilerplate(markers: &Markers, line: &str, l: &str) -> Option<String> {
    if markers.ad.iter().any(|m| m == l) {
        return Some(format!("advertisement slot ('{}')", line.trim()));
    }
    if markers.read_time.iter().any(|p| l.starts_with(p.as_str())) {
        return Some("reading-time widget".to_owned());
    }
    if markers.read_also.iter().any(|p| l.starts_with(p.as_str())) {
        return Some("'read also' link to another story".to_owned());
    }
    // A line without Latin letters cannot contain a Latin marker: most Hindi lines skip those substring searches.
    let latin = has_latin(l);
    if let Some((_, p)) = markers
        .promo
        .iter()
        .find(|(m, _)| (latin || !has_latin(m)) && l.contains(m.as_str()))
    {
        return Some(format!("app/social promo ('{p}')"));
    }
    if markers.photo.iter().any(|p| l.starts_with(p.as_str())) {
        return Some("photo credit".to_owned());
    }
    if latin && l.contains("your email address will not be published")
        || l.starts_with("post comment")
    {
        return Some("comment form".to_owned());
    }
    if is_score_line(l) {
        return Some("sports score widget".to_owned());
    }
    if is_slug(l) {
        return Some("URL slug (lower-case keywords)".to_owned());
    }
    None
}

/// Whether a lower-cased line has a Latin letter.
fn has_latin(l: &str) -> bool {
    l.bytes().any(|b| b.is_ascii_lowercase())
}

/// "190/9", "20.0", "RR 9.50": numbers with at most a short Latin tag.
fn is_score_line(l: &str) -> bool {
    // The character check first: it stops at the first letter of ordinary text, and once it holds every char is
    // ASCII, so counting ASCII letters counts all of them.
    l.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | ' ' | '-' | ':'))
        && l.chars().any(|c| c.is_ascii_digit())
        && l.chars().filter(|c| c.is_ascii_alphabetic()).count() <= 3
}

/// URL slugs pasted as a line: five or more lower-case ASCII words and nothing else.
fn is_slug(l: &str) -> bool {
    let words = l.split_whitespace().count();
    words >= 5
        && l.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' ' || c == '-')
}

/// A short label line: at most three words, no sentence punctuation, either all Latin or ending with ':'.
fn looks_like_label(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    let latin_only = t.is_ascii();
    words <= 3 && !t.ends_with(['।', '.', '?', '!']) && (latin_only || t.ends_with(':'))
}

fn byline(markers: &Markers, line: &str, l: &str) -> Option<String> {
    if markers.byline.iter().any(|m| l.starts_with(m.as_str()))
        || has_latin(l) && (l.contains("| published:") || l.contains("updated:"))
    {
        return Some("byline or timestamp".to_owned());
    }
    // "Last Updated 19 Oct 2023 06:07:54 AM IST", "Published 13 Sep 2023": a cue word and a full date, no colon.
    if line.len() <= 160
        && BYLINE_DATE_CUES.iter().any(|c| l.starts_with(c))
        && crate::timeline::tagger::parse_byline_date(line).is_some()
    {
        return Some("timestamp (cue word and a full date)".to_owned());
    }
    // Dateline: a place name and a colon on its own line ("नई दिल्ली:").
    let t = line.trim();
    if t.ends_with(':') && t.split_whitespace().count() <= 3 {
        return Some("dateline".to_owned());
    }
    None
}

fn is_heading(line: &str) -> bool {
    let t = line.trim();
    let words = t.split_whitespace().count();
    words <= 12
        && t.chars().count() <= 90
        && !t.ends_with(['।', '.', '?', '!', '"', '\'', '”', '’', '॥'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(text: &str) -> Vec<(BlockKind, String)> {
        let idx = TextIndex::new(text);
        classify_blocks(text, &idx, None)
            .into_iter()
            .map(|b| {
                (
                    b.kind,
                    text.chars()
                        .skip(b.content.start)
                        .take(b.content.len())
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn plain_lowering_agrees_with_the_tables() {
        let mut chars: Vec<char> = ('\u{0}'..='\u{7F}').collect();
        chars.extend('\u{0900}'..='\u{097F}');
        chars.extend([
            '\u{00A0}', '\u{200C}', '\u{200D}', '\u{2013}', '\u{2014}', '\u{2018}', '\u{2019}',
            '\u{201C}', '\u{201D}',
        ]);
        let mut plain = 0;
        // Every pair after a consonant: canonical reordering acts on neighbouring marks.
        for &a in &chars {
            for &b in &chars {
                let s: String = ['क', a, b, 'x'].iter().collect();
                if let Some(fast) = lower_plain(&s) {
                    plain += 1;
                    assert_eq!(fast, lower_by_tables(&s), "{:?}", s);
                }
            }
        }
        assert!(
            plain > 40_000,
            "the plain path covers ASCII and Devanagari ({plain} pairs)"
        );
        assert_eq!(lower("  Published: ये खबर भी पढ़ें "), "published: ये खबर भी पढें");
        assert_eq!(lower("İstanbul ΣΑΣ"), lower_by_tables("İstanbul ΣΑΣ"));
    }

    #[test]
    fn blocks_tile_the_text() {
        let text = "\n\nशीर्षक\n\nपहला पैरा।\r\nदूसरा\n\n";
        let idx = TextIndex::new(text);
        let blocks = classify_blocks(text, &idx, None);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].range.start, 0);
        for w in blocks.windows(2) {
            assert_eq!(w[0].range.end, w[1].range.start);
        }
        assert_eq!(blocks.last().unwrap().range.end, idx.char_len());
    }

    #[test]
    fn tail_marker_takes_everything_after_it() {
        let got =
            classify("शीर्षक\n\nयह एक पैरा है।\n\nसंबंधित खबरें\n\nकोई और खबर जो लंबी है और वाक्य है।\n");
        assert_eq!(got[0].0, BlockKind::Title);
        assert_eq!(got[1].0, BlockKind::Body);
        assert_eq!(got[2].0, BlockKind::Boilerplate);
        assert_eq!(got[3].0, BlockKind::Boilerplate);
    }

    #[test]
    fn ads_promos_and_datelines() {
        let got = classify(
            "शीर्षक\nविज्ञापन\nAdvertisement\nRead Time: 3 mins\nनई दिल्ली:\nOpen in App\nये खबर भी पढ़ें : कुछ\nबाकी पाठ यहाँ है।",
        );
        let kinds: Vec<BlockKind> = got.iter().map(|g| g.0).collect();
        use BlockKind::*;
        assert_eq!(
            kinds,
            vec![
                Title,
                Boilerplate,
                Boilerplate,
                Boilerplate,
                Byline,
                Boilerplate,
                Boilerplate,
                Body
            ]
        );
    }
}
