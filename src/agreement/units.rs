//! Units of agreement: which stretches of an article's text coders are compared on.

use std::str::FromStr;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

use crate::model::{Block, BlockKind};

/// What one unit is. Whitespace is never a unit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// An extended grapheme cluster: a whole letter as a reader sees it (क्ष, कि, an emoji with its modifiers).
    #[default]
    Grapheme,
    /// A Unicode code point (what QualCoder and most tools count).
    Char,
    /// A word by Unicode word boundaries (a run with at least one letter or digit).
    Word,
}

impl FromStr for UnitKind {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "grapheme" | "graphemes" | "letter" | "letters" => Ok(UnitKind::Grapheme),
            "char" | "chars" | "codepoint" | "code-point" | "codepoints" => Ok(UnitKind::Char),
            "word" | "words" => Ok(UnitKind::Word),
            other => Err(format!(
                "unknown unit “{other}” (units: grapheme, char, word)"
            )),
        }
    }
}

impl std::fmt::Display for UnitKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            UnitKind::Grapheme => "grapheme",
            UnitKind::Char => "char",
            UnitKind::Word => "word",
        })
    }
}

/// Which text of an article is compared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// The visible text of the blocks classified Body (titles, bylines, headings and boilerplate are left out).
    #[default]
    Body,
    /// The whole text.
    All,
}

impl FromStr for Scope {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "body" => Ok(Scope::Body),
            "all" => Ok(Scope::All),
            other => Err(format!("unknown scope “{other}” (scopes: body, all)")),
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Scope::Body => "body",
            Scope::All => "all",
        })
    }
}

/// Char ranges of the text in scope, sorted and disjoint.
pub fn scope_ranges(char_len: usize, blocks: &[Block], scope: Scope) -> Vec<(usize, usize)> {
    match scope {
        Scope::All => vec![(0, char_len)],
        Scope::Body => blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Body)
            .map(|b| (b.content.start.min(char_len), b.content.end.min(char_len)))
            .filter(|(s, e)| s < e)
            .collect(),
    }
}

/// The units of one article: char ranges `[start, end)`, sorted and disjoint.
#[derive(Clone, Debug, Default)]
pub struct Units {
    pub spans: Vec<(u32, u32)>,
}

impl Units {
    /// Units of `kind` in the scoped ranges of `text` (NFC; ranges are char offsets).
    pub fn new(text: &str, ranges: &[(usize, usize)], kind: UnitKind) -> Units {
        let mut spans = Vec::with_capacity(text.len() / 3);
        // Byte offsets of the range ends, found in one forward pass (ranges are sorted).
        let mut wanted: Vec<usize> = ranges.iter().flat_map(|&(s, e)| [s, e]).collect();
        wanted.sort_unstable();
        let mut bytes = Vec::with_capacity(wanted.len());
        let mut it = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()));
        let mut c = 0usize;
        let mut cur = it.next();
        for &w in &wanted {
            while c < w {
                cur = it.next();
                c += 1;
            }
            bytes.push(cur.unwrap_or(text.len()));
        }
        let byte_of = |char_pos: usize| bytes[wanted.partition_point(|&x| x < char_pos)];
        for &(s, e) in ranges {
            let slice = &text[byte_of(s)..byte_of(e)];
            let mut pos = s as u32;
            match kind {
                UnitKind::Grapheme if fast::clusters(slice, pos, &mut spans) => {}
                UnitKind::Grapheme => {
                    for g in slice.graphemes(true) {
                        let n = g.chars().count() as u32;
                        if !g.chars().all(char::is_whitespace) {
                            spans.push((pos, pos + n));
                        }
                        pos += n;
                    }
                }
                UnitKind::Char => {
                    for ch in slice.chars() {
                        if !ch.is_whitespace() {
                            spans.push((pos, pos + 1));
                        }
                        pos += 1;
                    }
                }
                UnitKind::Word => {
                    for w in slice.split_word_bounds() {
                        let n = w.chars().count() as u32;
                        if w.chars().any(char::is_alphanumeric) {
                            spans.push((pos, pos + n));
                        }
                        pos += n;
                    }
                }
            }
        }
        Units { spans }
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The units a char range touches (at least one char in common), as unit indices `[i, j)`; empty when none.
    pub fn covered(&self, start: usize, end: usize) -> (u64, u64) {
        let (s, e) = (start as u32, end as u32);
        let i = self.spans.partition_point(|u| u.1 <= s);
        let j = self.spans.partition_point(|u| u.0 < e);
        (i as u64, (j.max(i)) as u64)
    }

    /// Char range of units `[i, j)`.
    pub fn chars_of(&self, i: u64, j: u64) -> (usize, usize) {
        (
            self.spans[i as usize].0 as usize,
            self.spans[j as usize - 1].1 as usize,
        )
    }
}

/// Grapheme clusters of Hindi news text without the general segmenter: text that is only printable ASCII,
/// Devanagari (U+0900–U+097F), no-break space, dashes and quotation marks (U+2010–U+2027), ZWNJ and ZWJ needs only three of the cluster rules of UAX #29 — no break before
/// Extend, ZWJ or SpacingMark (GB9, GB9a), and no break inside a conjunct (GB9c: consonant, linker, consonant) —
/// which a table and one state variable decide. The table is not written by hand: each character's classes are
/// read off `unicode-segmentation` itself on first use, so both always follow the same Unicode version, and a
/// property test checks that both segment every such text alike. Any other character sends the text to the
/// general segmenter.
mod fast {
    use std::sync::OnceLock;

    use unicode_segmentation::UnicodeSegmentation;

    /// Joins the cluster before it (GCB Extend, ZWJ or SpacingMark).
    const JOINS: u8 = 1;
    /// InCB=Consonant.
    const CONSONANT: u8 = 2;
    /// InCB=Linker (the virama).
    const LINKER: u8 = 4;
    /// InCB=Extend (may stand between a consonant and a linker, or a linker and a consonant).
    const INCB_EXTEND: u8 = 8;
    /// Not handled here (e.g. a Prepend character): the general segmenter takes the text.
    const OTHER: u8 = 128;

    struct Classes {
        devanagari: [u8; 128],
        /// U+2010–U+2027: dashes, quotation marks, the ellipsis.
        punctuation: [u8; 24],
        nbsp: u8,
        zwnj: u8,
        zwj: u8,
    }

    fn probe(c: char) -> u8 {
        let one = |s: String| s.graphemes(true).count() == 1;
        let joins = one(format!("a{c}"));
        if !joins && one(format!("{c}a")) {
            return OTHER; // Prepend
        }
        let mut k = if joins { JOINS } else { 0 };
        if !joins && one(format!("क्{c}")) {
            k |= CONSONANT;
        }
        let linker = one(format!("क{c}क"));
        if linker {
            k |= LINKER;
        }
        if joins && !linker && one(format!("क{c}्क")) {
            k |= INCB_EXTEND;
        }
        k
    }

    fn classes() -> &'static Classes {
        static C: OnceLock<Classes> = OnceLock::new();
        C.get_or_init(|| {
            let mut devanagari = [0u8; 128];
            for (i, slot) in devanagari.iter_mut().enumerate() {
                *slot = char::from_u32(0x900 + i as u32).map_or(OTHER, probe);
            }
            let mut punctuation = [0u8; 24];
            for (i, slot) in punctuation.iter_mut().enumerate() {
                *slot = char::from_u32(0x2010 + i as u32).map_or(OTHER, probe);
            }
            Classes {
                devanagari,
                punctuation,
                nbsp: probe('\u{a0}'),
                zwnj: probe('\u{200c}'),
                zwj: probe('\u{200d}'),
            }
        })
    }

    fn class(c: char, t: &Classes) -> u8 {
        match c as u32 {
            0x20..=0x7e => 0,
            x @ 0x900..=0x97f => t.devanagari[(x - 0x900) as usize],
            x @ 0x2010..=0x2027 => t.punctuation[(x - 0x2010) as usize],
            0xa0 => t.nbsp,
            0x200c => t.zwnj,
            0x200d => t.zwj,
            _ => OTHER,
        }
    }

    /// Push the non-whitespace clusters of `text` as char spans from `pos`; `false` (and nothing pushed) when the
    /// text has a character this fast path does not handle.
    pub fn clusters(text: &str, mut pos: u32, spans: &mut Vec<(u32, u32)>) -> bool {
        let t = classes();
        let rollback = spans.len();
        // 0: nothing; 1: consonant (then InCB Extend); 2: consonant … linker (then Extend or Linker)
        let mut conjunct = 0u8;
        let mut start = pos;
        let mut blank = true;
        let mut first = true;
        for c in text.chars() {
            let k = class(c, t);
            if k & OTHER != 0 {
                spans.truncate(rollback);
                return false;
            }
            let joins = !first && (k & JOINS != 0 || (k & CONSONANT != 0 && conjunct == 2));
            conjunct = if k & CONSONANT != 0 {
                1
            } else if k & LINKER != 0 {
                if conjunct != 0 {
                    2
                } else {
                    0
                }
            } else if k & INCB_EXTEND != 0 {
                conjunct
            } else {
                0
            };
            if !joins {
                if !first && !blank {
                    spans.push((start, pos));
                }
                start = pos;
                blank = true;
            }
            // the only whitespace among the characters handled here
            blank &= c == ' ' || c == '\u{a0}';
            first = false;
            pos += 1;
        }
        if !first && !blank {
            spans.push((start, pos));
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// Clusters by the general segmenter, for comparison.
    fn slow(text: &str) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        let mut pos = 0u32;
        for g in text.graphemes(true) {
            let n = g.chars().count() as u32;
            if !g.chars().all(char::is_whitespace) {
                out.push((pos, pos + n));
            }
            pos += n;
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The fast path segments Devanagari and ASCII exactly as unicode-segmentation does.
        #[test]
        fn fast_clusters_match_the_general_segmenter(raw in proptest::collection::vec(prop_oneof![
            3 => proptest::char::range('\u{900}', '\u{97f}'),
            3 => prop_oneof![Just('क'), Just('्'), Just('ष'), Just('़'), Just('ि'), Just('ं'), Just('र')],
            1 => proptest::char::range(' ', '~'),
            1 => prop_oneof![Just('\u{200c}'), Just('\u{200d}'), Just('\u{a0}'), proptest::char::range('\u{2010}', '\u{2027}')],
        ], 0..40)) {
            let text: String = raw.into_iter().collect();
            let mut spans = Vec::new();
            prop_assert!(fast::clusters(&text, 0, &mut spans));
            prop_assert_eq!(spans, slow(&text));
        }
    }

    #[test]
    fn other_characters_go_to_the_general_segmenter() {
        let mut spans = vec![(0, 1)];
        assert!(!fast::clusters("कि 😀", 0, &mut spans));
        assert_eq!(spans, vec![(0, 1)]);
        let u = Units::new("कि 👍🏽 क्ष", &[(0, 9)], UnitKind::Grapheme);
        assert_eq!(u.spans, slow("कि 👍🏽 क्ष"));
    }

    use super::*;

    #[test]
    fn graphemes_are_whole_letters_and_whitespace_is_no_unit() {
        // क्षमा = क्ष (one cluster) + मा; किताब = कि ता ब
        let text = "क्षमा किताब";
        let n = text.chars().count();
        let g = Units::new(text, &[(0, n)], UnitKind::Grapheme);
        assert_eq!(g.len(), 5);
        assert_eq!(g.spans[0], (0, 3));
        let c = Units::new(text, &[(0, n)], UnitKind::Char);
        assert_eq!(c.len(), n - 1);
        let w = Units::new(text, &[(0, n)], UnitKind::Word);
        assert_eq!(w.len(), 2);
        // a selection of "क्षमा " (with the space) covers the same units as without it
        assert_eq!(g.covered(0, 6), g.covered(0, 5));
        assert_eq!(g.covered(0, 5), (0, 2));
        // part of a word touches the word
        assert_eq!(w.covered(1, 2), (0, 1));
        assert_eq!(g.covered(5, 6), (2, 2));
    }

    #[test]
    fn ranges_restrict_units() {
        let text = "ab cd\nef";
        let u = Units::new(text, &[(3, 5), (6, 8)], UnitKind::Char);
        assert_eq!(u.spans, vec![(3, 4), (4, 5), (6, 7), (7, 8)]);
        assert_eq!(u.covered(0, 4), (0, 1));
    }
}
