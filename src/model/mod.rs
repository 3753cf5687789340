//! The document model: corpus, articles, blocks and char offsets. No egui here.

pub mod classify;
pub mod details;
pub mod text;

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use classify::{Block, BlockKind};
pub use details::PageDetails;
pub use text::{normalize_text, Graphemes, TextIndex};

/// Stable article id: the first 16 hex digits of the SHA-256 of the NFC text, so the same article imported twice
/// (or on another machine) gets the same id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(pub String);

impl ArticleId {
    pub fn from_text(nfc_text: &str) -> Self {
        let digest = Sha256::digest(nfc_text.as_bytes());
        let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        ArticleId(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the corpus list needs of an article, without its text (so a large corpus loads lazily).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    pub id: ArticleId,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<NaiveDate>,
    /// Where the article came from (a file name), for messages.
    pub origin: String,
    pub char_len: usize,
}

/// A loaded article: text (NFC, LF line ends), its index and its blocks.
#[derive(Clone, Debug)]
pub struct Article {
    pub meta: ArticleMeta,
    pub text: String,
    pub index: TextIndex,
    pub blocks: Vec<Block>,
    /// What its web page said beyond `meta` (web imports only); written with the article, read on demand.
    pub details: Option<Box<PageDetails>>,
    /// Grapheme cluster boundaries, built on first use (selection snapping), not for every article loaded.
    graphemes: std::sync::OnceLock<text::Graphemes>,
}

impl Article {
    /// Build an article from already-normalised text. The title is the manifest's when given, else the title block's.
    pub fn new(text: String, origin: String, title_hint: Option<&str>) -> Self {
        let index = TextIndex::new(&text);
        let blocks = classify::classify_blocks(&text, &index, title_hint);
        let title = title_hint.map(str::to_owned).unwrap_or_else(|| {
            blocks
                .iter()
                .find(|b| b.kind == BlockKind::Title)
                .map(|b| text[index.byte_range(b.content.clone())].to_owned())
                .unwrap_or_else(|| origin.clone())
        });
        let meta = ArticleMeta {
            id: ArticleId::from_text(&text),
            title,
            source: None,
            url: None,
            published: None,
            origin,
            char_len: index.char_len(),
        };
        Article {
            meta,
            text,
            index,
            blocks,
            details: None,
            graphemes: Default::default(),
        }
    }

    /// Rebuild an article from stored parts (no reclassification).
    pub fn from_parts(meta: ArticleMeta, text: String, blocks: Vec<Block>) -> Self {
        let index = TextIndex::new(&text);
        Article {
            meta,
            text,
            index,
            blocks,
            details: None,
            graphemes: Default::default(),
        }
    }

    /// Grapheme cluster boundaries of the text.
    pub fn graphemes(&self) -> &text::Graphemes {
        self.graphemes
            .get_or_init(|| text::Graphemes::new(&self.text))
    }

    /// A range snapped outward to grapheme cluster boundaries. Looks only at the text around the two ends, so
    /// snapping in an article never segments the whole of it.
    pub fn snap(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let n = self.index.char_len();
        self.cluster_bound(lo.min(n), false)..self.cluster_bound(hi.min(n), true)
    }

    /// A range widened to whole words (Unicode word boundaries: a Devanagari word with its matras, viramas and
    /// nuktas is one word) and then trimmed of whitespace at both ends. An end in whitespace or punctuation stays
    /// where it is (snapped to a cluster). Looks only at the text around the two ends.
    pub fn snap_words(&self, a: usize, b: usize) -> std::ops::Range<usize> {
        let r = self.snap(a, b);
        if r.is_empty() {
            return r;
        }
        let start = self.word_bound(r.start, false).unwrap_or(r.start);
        let end = self.word_bound(r.end - 1, true).unwrap_or(r.end);
        self.trim_spaces(start..end.max(start))
    }

    /// The range without whitespace at its ends (empty if it is all whitespace). Only whole clusters are dropped:
    /// a space carrying a combining mark is one cluster with the mark and stays.
    pub fn trim_spaces(&self, r: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let blank = |s: &str| s.chars().all(char::is_whitespace);
        let (mut start, mut end) = (r.start, r.end);
        while start < end {
            let next = self.cluster_bound(start + 1, true).min(end);
            if !blank(self.slice(start..next)) {
                break;
            }
            start = next;
        }
        while end > start {
            let prev = self.cluster_bound(end - 1, false).max(start);
            if !blank(self.slice(prev..end)) {
                break;
            }
            end = prev;
        }
        start..end
    }

    /// Start (`end == false`) or end of the word holding char `c`, if `c` is in a word. The search window is 256
    /// chars either side: a longer "word" is cut there, at a cluster boundary.
    fn word_bound(&self, c: usize, end: bool) -> Option<usize> {
        use unicode_segmentation::UnicodeSegmentation;
        const WINDOW: usize = 256;
        let n = self.index.char_len();
        let lo = self.cluster_bound(c.saturating_sub(WINDOW), true).min(c);
        let hi = self
            .cluster_bound((c + WINDOW + 1).min(n), false)
            .max(c + 1)
            .min(n);
        let window = self.slice(lo..hi);
        let target = self.index.byte_of_char(c) - self.index.byte_of_char(lo);
        for (start, word) in window.split_word_bound_indices() {
            let stop = start + word.len();
            if target >= start && target < stop {
                if !word.chars().any(char::is_alphanumeric) {
                    return None;
                }
                let b = if end { stop } else { start };
                return Some(lo + window[..b].chars().count());
            }
        }
        None
    }

    /// The grapheme cluster boundary at or before (`after == false`) or at or after char `c`.
    fn cluster_bound(&self, c: usize, after: bool) -> usize {
        use unicode_segmentation::GraphemeCursor;
        let byte = self.index.byte_of_char(c);
        let mut cursor = GraphemeCursor::new(byte, self.text.len(), true);
        if cursor.is_boundary(&self.text, 0).unwrap_or(true) {
            return c;
        }
        let found = if after {
            cursor.next_boundary(&self.text, 0)
        } else {
            cursor.prev_boundary(&self.text, 0)
        };
        match found {
            Ok(Some(b)) => self.index.char_of_byte(b),
            // The whole text is one chunk, so this is not expected; fall back to the full segmentation.
            _ => {
                let r = self.graphemes().snap_selection(c, c);
                if after {
                    r.end
                } else {
                    r.start
                }
            }
        }
    }

    pub fn slice(&self, chars: std::ops::Range<usize>) -> &str {
        text::slice_chars(&self.text, &self.index, chars)
    }

    pub fn block_text(&self, block: &Block) -> &str {
        self.slice(block.content.clone())
    }

    /// Index of the block whose tile contains char `c`.
    pub fn block_at(&self, c: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.range.end <= c);
        (i < self.blocks.len()).then_some(i)
    }
}

/// Shared handle to a loaded article; the UI and domain code clone it cheaply.
pub type ArticleRef = Arc<Article>;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::ops::Range;

    proptest! {
        /// Snapping around the ends only agrees with a full segmentation of the text.
        #[test]
        fn local_snapping_matches_full_segmentation(
            raw in proptest::collection::vec(prop_oneof![
                proptest::char::range('\u{900}', '\u{97f}'),
                Just('क'), Just('्'), Just('ष'), Just('ि'), Just(' '), Just('\n'),
                proptest::char::range('\u{1f600}', '\u{1f60f}'), Just('\u{200d}'),
            ], 1..60),
            a in 0usize..70, b in 0usize..70,
        ) {
            let text: String = raw.into_iter().collect();
            let article = Article::new(normalize_text(&text), "t.txt".into(), None);
            let full = Graphemes::new(&article.text);
            prop_assert_eq!(article.snap(a, b), full.snap_selection(a, b));
        }

        /// Word snapping: the result lies on cluster boundaries, has no whitespace at either end, never starts or
        /// ends inside a word, and covers every non-space char of the letter-precise selection.
        #[test]
        fn word_snapping_gives_whole_words_without_outer_spaces(
            raw in proptest::collection::vec(prop_oneof![
                proptest::char::range('\u{900}', '\u{97f}'),
                Just('क'), Just('्'), Just('ष'), Just('ि'), Just(' '), Just(' '), Just('\n'), Just(','),
            ], 1..80),
            a in 0usize..90, b in 0usize..90,
        ) {
            let text: String = raw.into_iter().collect();
            let article = Article::new(normalize_text(&text), "t.txt".into(), None);
            let r = article.snap_words(a, b);
            let g = Graphemes::new(&article.text);
            prop_assert!(g.is_boundary(r.start) && g.is_boundary(r.end));
            // No whitespace cluster at either end (a space carrying a combining mark is not whitespace alone).
            prop_assert_eq!(article.trim_spaces(r.clone()), r.clone());
            let precise = article.snap(a, b);
            let inner = article.trim_spaces(precise.clone());
            if !inner.is_empty() {
                prop_assert!(r.start <= inner.start && r.end >= inner.end, "{:?} does not cover {:?}", r, inner);
            }
            if !r.is_empty() {
                // Only whitespace may lie between an end and the edge of its word.
                let blank = |x: Range<usize>| article.slice(x).chars().all(char::is_whitespace);
                let s_ok = article.word_bound(r.start, false).is_none_or(|w| w >= r.start || blank(w..r.start));
                let e_ok = article.word_bound(r.end - 1, true).is_none_or(|w| w <= r.end || blank(r.end..w));
                prop_assert!(s_ok && e_ok, "{:?} cuts a word of {:?}", r, article.text);
            }
        }
    }

    #[test]
    fn word_snapping_widens_mid_word_ends_and_drops_spaces() {
        let article = Article::new("सरकार ने जून 2024 में क़रीब दो".into(), "t.txt".into(), None);
        let pos = |w: &str| {
            article
                .text
                .find(w)
                .map(|b| article.text[..b].chars().count())
                .unwrap()
        };
        // From inside जून (after ज) to inside क़रीब: whole words, no stray spaces.
        let r = article.snap_words(pos("जून") + 1, pos("क़रीब") + 3);
        assert_eq!(article.slice(r), "जून 2024 में क़रीब");
        // A selection starting on a space does not keep it.
        let r = article.snap_words(pos("ने") - 1, pos("ने") + 2);
        assert_eq!(article.slice(r), "ने");
    }
}
