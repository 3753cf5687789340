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
            other => Err(format!("unknown unit “{other}” (units: grapheme, char, word)")),
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
        let mut it = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len()));
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

#[cfg(test)]
mod tests {
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
