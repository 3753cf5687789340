//! Positions in article text. Every position the model stores or exports is a char (Unicode code point) offset into
//! the NFC text, as the W3C Web Annotation model counts them; byte offsets exist only to slice `str`.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// NFC-normalise text once at import, and turn CRLF / CR line ends into LF so offsets do not depend on the platform
/// the file came from.
pub fn normalize_text(raw: &str) -> String {
    use std::borrow::Cow;
    let unified: Cow<'_, str> = if raw.contains('\r') {
        Cow::Owned(raw.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(raw)
    };
    let unified = unified.strip_prefix('\u{feff}').unwrap_or(&unified);
    nfc_by_segments(unified)
}

/// NFC of `text`, normalising only the stretches that may change, and copying the rest as it is. Text splits before
/// every char with a composition boundary before it (a starter that is NFC_QC=Yes: nothing before it composes with
/// it or reorders past it), and NFC of the whole is NFC of each piece (UAX #15, stable code points). A piece whose
/// quick check says Yes (the same test as `is_nfc_quick`) is already NFC. Hindi text is seldom quick-check Yes as a
/// whole (the nukta is a "maybe"), but nearly all of its pieces are.
fn nfc_by_segments(text: &str) -> String {
    let mut out = String::new();
    // `text[..copied]` is in `out` (only once a piece needed normalising).
    let mut copied = 0;
    let mut start = 0;
    let mut piece_is_nfc = true;
    let mut last_class = 0;
    for (i, c) in text.char_indices() {
        let (class, quick_yes) = nfc_info(c);
        if class == 0 && quick_yes {
            if !piece_is_nfc {
                normalize_piece(text, &mut out, &mut copied, start..i);
            }
            start = i;
            piece_is_nfc = true;
        } else if !quick_yes || (class != 0 && last_class > class) {
            piece_is_nfc = false;
        }
        last_class = class;
    }
    if !piece_is_nfc {
        normalize_piece(text, &mut out, &mut copied, start..text.len());
    }
    if copied == 0 {
        return text.to_owned();
    }
    out.push_str(&text[copied..]);
    out
}

fn normalize_piece(text: &str, out: &mut String, copied: &mut usize, piece: Range<usize>) {
    if out.capacity() == 0 {
        out.reserve(text.len() + 16);
    }
    out.push_str(&text[*copied..piece.start]);
    out.extend(text[piece.clone()].nfc());
    *copied = piece.end;
}

/// A char's canonical combining class and whether its NFC quick check is Yes; from a table for the chars below
/// U+0980 (ASCII to Devanagari, nearly all of Hindi text), which the lookups cost as much as composing.
fn nfc_info(c: char) -> (u8, bool) {
    const TABLE_END: u32 = 0x980;
    fn lookup(c: char) -> (u8, bool) {
        (
            unicode_normalization::char::canonical_combining_class(c),
            unicode_normalization::is_nfc_quick(std::iter::once(c))
                == unicode_normalization::IsNormalized::Yes,
        )
    }
    static TABLE: std::sync::LazyLock<Vec<(u8, bool)>> = std::sync::LazyLock::new(|| {
        (0..TABLE_END)
            .map(|u| char::from_u32(u).map_or((0, true), lookup))
            .collect()
    });
    match TABLE.get(c as usize) {
        Some(&info) => info,
        None => lookup(c),
    }
}

/// Char ↔ byte map of one text.
///
/// Memory: one `u32` per char (sparse checkpoints would save memory but cost a scan per lookup; articles are small
/// enough).
#[derive(Clone, Debug, Default)]
pub struct TextIndex {
    /// Byte offset of every char, plus the text length at the end (`len = chars + 1`).
    char_to_byte: Vec<u32>,
}

impl TextIndex {
    pub fn new(text: &str) -> Self {
        let mut char_to_byte: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
        char_to_byte.push(text.len() as u32);
        Self { char_to_byte }
    }

    /// Number of chars in the text.
    pub fn char_len(&self) -> usize {
        self.char_to_byte.len() - 1
    }

    /// Byte offset of char offset `c` (clamped to the end).
    pub fn byte_of_char(&self, c: usize) -> usize {
        self.char_to_byte[c.min(self.char_len())] as usize
    }

    /// Char offset of the char that contains byte `b` (a byte inside a char maps to that char's start).
    pub fn char_of_byte(&self, b: usize) -> usize {
        match self.char_to_byte.binary_search(&(b as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Bytes of a char range; clamped to the text, and empty when the range is reversed.
    pub fn byte_range(&self, chars: Range<usize>) -> Range<usize> {
        let end = self.byte_of_char(chars.end);
        self.byte_of_char(chars.start).min(end)..end
    }
}

/// Extended grapheme cluster boundaries of one text, as char offsets (unicode-segmentation implements the Indic
/// conjunct rule, so क्ष is one cluster). Computing them costs more than the char map: articles build them on first
/// use only.
#[derive(Clone, Debug, Default)]
pub struct Graphemes {
    /// Char offsets of every boundary, including 0 and the char count.
    bounds: Vec<u32>,
}

impl Graphemes {
    pub fn new(text: &str) -> Self {
        let mut bounds = Vec::with_capacity(text.len() / 4 + 1);
        let mut char_pos = 0u32;
        bounds.push(0);
        for g in text.graphemes(true) {
            char_pos += g.chars().count() as u32;
            bounds.push(char_pos);
        }
        Self { bounds }
    }

    fn char_len(&self) -> usize {
        *self.bounds.last().unwrap_or(&0) as usize
    }

    /// Whether char offset `c` is an extended grapheme cluster boundary.
    pub fn is_boundary(&self, c: usize) -> bool {
        self.bounds.binary_search(&(c as u32)).is_ok()
    }

    /// The nearest cluster boundary at or before `c`.
    pub fn floor(&self, c: usize) -> usize {
        match self.bounds.binary_search(&(c as u32)) {
            Ok(i) => self.bounds[i] as usize,
            Err(i) => self.bounds[i.saturating_sub(1)] as usize,
        }
    }

    /// The nearest cluster boundary at or after `c`.
    pub fn ceil(&self, c: usize) -> usize {
        match self.bounds.binary_search(&(c as u32)) {
            Ok(i) => self.bounds[i] as usize,
            Err(i) => *self
                .bounds
                .get(i)
                .unwrap_or(self.bounds.last().unwrap_or(&0)) as usize,
        }
    }

    /// Snap a selection between two positions (in either order) outward to cluster boundaries, so it covers both
    /// positions and never splits a cluster such as कि or क्ष.
    pub fn snap_selection(&self, a: usize, b: usize) -> Range<usize> {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let n = self.char_len();
        self.floor(lo.min(n))..self.ceil(hi.min(n))
    }
}

/// The word (by Unicode word boundaries) that contains char offset `c` of `text`, as a char range; `None` when `c`
/// is on whitespace or punctuation.
pub fn word_at(text: &str, index: &TextIndex, c: usize) -> Option<Range<usize>> {
    let byte = index.byte_of_char(c);
    for (start, word) in text.split_word_bound_indices() {
        let end = start + word.len();
        if byte >= start && byte < end {
            if word.chars().any(char::is_alphanumeric) {
                return Some(index.char_of_byte(start)..index.char_of_byte(end));
            }
            return None;
        }
        if start > byte {
            break;
        }
    }
    None
}

/// Slice `text` by a char range (clamped).
pub fn slice_chars<'a>(text: &'a str, index: &TextIndex, chars: Range<usize>) -> &'a str {
    &text[index.byte_range(chars)]
}

/// The byte offsets of the char offsets `wanted` (ascending) in `text`; an offset at or past the end gives
/// `text.len()`. One walk, eight bytes at a time where no wanted offset falls inside them (a byte loop was a tenth of
/// the timeline's dating time).
pub fn byte_offsets_of_chars(text: &str, wanted: &[usize]) -> Vec<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(wanted.len());
    // Invariant: `c` chars start in `bytes[..b]` (`b` may sit inside a char after skipping a word).
    let (mut b, mut c) = (0usize, 0usize);
    for &w in wanted {
        loop {
            if let Some(word) = bytes.get(b..b + 8) {
                let x = u64::from_le_bytes(word.try_into().expect("eight bytes"));
                // Continuation bytes are 10xxxxxx: the high bit set and the next one clear.
                let starts = 8 - (x & !(x << 1) & HIGH).count_ones() as usize;
                if c + starts <= w {
                    b += 8;
                    c += starts;
                    continue;
                }
            }
            break;
        }
        while b < bytes.len() && !(c == w && bytes[b] & 0xC0 != 0x80) {
            if bytes[b] & 0xC0 != 0x80 {
                c += 1;
            }
            b += 1;
        }
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn crlf_and_bom_are_unified_and_nfc_applied() {
        // क + nukta (U+0915 U+093C) is a composition exclusion: NFC keeps it decomposed; e + combining acute composes.
        let raw = "\u{feff}a\r\nb\rc e\u{301} \u{915}\u{93c}";
        let n = normalize_text(raw);
        assert_eq!(n, "a\nb\nc \u{e9} \u{915}\u{93c}");
    }

    #[test]
    fn snapping_never_splits_devanagari_clusters() {
        let text = "किताब क्षमा";
        let idx = TextIndex::new(text);
        let g = Graphemes::new(text);
        // chars: क ि त ा ब ␠ क ् ष म ा
        assert_eq!(idx.char_len(), 11);
        // between क and ि is not a boundary
        assert!(!g.is_boundary(1));
        assert_eq!(g.snap_selection(1, 1), 0..2);
        // क्ष is one extended cluster with the Indic conjunct rule (Unicode 15.1)
        assert_eq!(g.snap_selection(7, 8), 6..9);
        assert_eq!(slice_chars(text, &idx, g.snap_selection(8, 3)), "ताब क्ष");
    }

    #[test]
    fn word_at_finds_hindi_words() {
        let text = "रूस और उत्तर कोरिया";
        let idx = TextIndex::new(text);
        let w = word_at(text, &idx, 8).unwrap();
        assert_eq!(slice_chars(text, &idx, w), "उत्तर");
        assert_eq!(word_at(text, &idx, 3), None);
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        // Devanagari, Latin, astral-plane emoji, combining marks, CR/LF.
        proptest::collection::vec(
            prop_oneof![
                proptest::char::range('\u{900}', '\u{97f}'),
                proptest::char::range('a', 'z'),
                proptest::char::range('\u{1f600}', '\u{1f64f}'),
                Just('\r'),
                Just('\n'),
                Just(' '),
                Just('\u{200d}'),
                Just('\u{301}'),
            ],
            0..80,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    fn unnormalized_strategy() -> impl Strategy<Value = String> {
        // Chars that compose, decompose or reorder: Devanagari with nukta letters and Vedic accents, Latin with
        // combining accents and precomposed letters, Hangul jamo and syllables, Tibetan vowels that decompose into
        // marks, composition exclusions.
        proptest::collection::vec(
            prop_oneof![
                proptest::char::range('\u{900}', '\u{97f}'),
                proptest::char::range('a', 'f'),
                proptest::char::range('\u{c0}', '\u{d6}'),
                proptest::char::range('\u{300}', '\u{345}'),
                proptest::char::range('\u{1100}', '\u{1103}'),
                proptest::char::range('\u{1161}', '\u{1163}'),
                proptest::char::range('\u{11a8}', '\u{11aa}'),
                proptest::char::range('\u{ac00}', '\u{ac03}'),
                proptest::char::range('\u{f71}', '\u{f81}'),
                Just('\u{2000}'),
                Just('\u{212b}'),
                Just(' '),
            ],
            0..40,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn nfc_by_pieces_is_nfc(raw in unnormalized_strategy()) {
            let whole: String = raw.nfc().collect();
            prop_assert_eq!(nfc_by_segments(&raw), whole.clone());
            prop_assert_eq!(normalize_text(&raw), whole);
        }

        #[test]
        fn char_byte_map_round_trips(raw in text_strategy()) {
            let text = normalize_text(&raw);
            prop_assert!(!text.contains('\r'));
            let idx = TextIndex::new(&text);
            prop_assert_eq!(idx.char_len(), text.chars().count());
            for (c, (b, ch)) in text.char_indices().enumerate() {
                prop_assert_eq!(idx.byte_of_char(c), b);
                prop_assert_eq!(idx.char_of_byte(b), c);
                // a byte inside a multi-byte char maps to that char
                if ch.len_utf8() > 1 {
                    prop_assert_eq!(idx.char_of_byte(b + 1), c);
                }
            }
            prop_assert_eq!(idx.byte_of_char(idx.char_len()), text.len());
        }

        #[test]
        fn any_two_positions_snap_to_cluster_bounds_covering_both(raw in text_strategy(), a in 0usize..100, b in 0usize..100) {
            let text = normalize_text(&raw);
            let idx = TextIndex::new(&text);
            let g = Graphemes::new(&text);
            let n = idx.char_len();
            let (a, b) = (a.min(n), b.min(n));
            let r = g.snap_selection(a, b);
            prop_assert!(g.is_boundary(r.start));
            prop_assert!(g.is_boundary(r.end));
            prop_assert!(r.start <= a.min(b) && r.end >= a.max(b));
            // minimal: no boundary strictly between the snapped end and the covered position is skipped
            prop_assert!(r.start == a.min(b) || !g.is_boundary(a.min(b)));
            prop_assert!(r.end == a.max(b) || !g.is_boundary(a.max(b)));
            // the slice is valid UTF-8 by construction and matches a grapheme split
            let s = slice_chars(&text, &idx, r.clone());
            let g: String = s.graphemes(true).collect();
            prop_assert_eq!(g.as_str(), s);
        }
    }

    proptest::proptest! {
        /// The word-at-a-time walk finds what `char_indices` finds, for any text and any offsets.
        #[test]
        fn byte_offsets_of_chars_agree_with_char_indices(
            text in "[a-z\u{0900}-\u{097F} \u{1F600}\u{00E9}]{0,80}",
            mut wanted in proptest::collection::vec(0usize..100, 0..12),
        ) {
            wanted.sort_unstable();
            let starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
            let expected: Vec<usize> = wanted
                .iter()
                .map(|&w| starts.get(w).copied().unwrap_or(text.len()))
                .collect();
            proptest::prop_assert_eq!(super::byte_offsets_of_chars(&text, &wanted), expected);
        }
    }
}
