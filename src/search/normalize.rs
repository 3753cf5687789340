//! Hindi-aware word normalisation: the one place that decides which spellings of a word are "the same word" for
//! search. The full-text index stores normalised words, queries are normalised the same way, and hits are found again
//! in the original text by tokenising and normalising it on the fly, so offsets always point into the original NFC
//! text.
//!
//! # Words
//!
//! A word is a maximal run of *word characters*: letters and numbers (`char::is_alphanumeric`), combining marks
//! (Unicode category M*, so vowel signs, virama, nukta, anusvara and chandrabindu never split a word: सितम्बर is one
//! word, not स / तम / बर), private-use characters, and the invisible joiners ZWJ, ZWNJ and the soft hyphen. A word's
//! ends are then moved outward to extended grapheme cluster boundaries (a word that starts with a stray vowel sign
//! after a space takes the space's cluster with it), so a word never splits a grapheme cluster.
//!
//! # Rules (default mode)
//!
//! Applied to every character of a word, in this order:
//!
//! 1. ZWJ, ZWNJ, soft hyphen and BOM are removed.
//! 2. Nukta is folded: the nukta sign (़) is removed and the precomposed nukta letters (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़ ऩ ऱ ऴ) become their
//!    base letters: फ़रवरी = फरवरी, ज़्यादा = ज्यादा.
//! 3. Chandrabindu becomes anusvara: चाँद = चांद.
//! 4. Devanagari digits become ASCII digits: २०२४ = 2024.
//! 5. Letters are lower-cased (Latin words in Hindi text: Putin = putin).
//! 6. Anything else that is not a word character (an emoji modifier inside a cluster) is dropped.
//! 7. A nasal consonant with virama before a consonant (ङ् ञ् ण् न् म् + consonant) becomes anusvara: सितम्बर = सितंबर,
//!    हिन्दी = हिंदी, गङ्गा = गंगा, पञ्जाब = पंजाब, ठण्डा = ठंडा, नवम्बर = नवंबर.
//! 8. A small table of known variant spellings maps whole words to one form ([`VARIANTS`]): अक्तूबर = अक्टूबर,
//!    गयी = गई, लिये = लिए, मास्को = मॉस्को, …
//!
//! # Loose mode
//!
//! [`Mode::Loose`] additionally folds vowel length: ी = ि, ू = ु, ई = इ, ऊ = उ (पुतिन = पूतिन, रूस = रुस). It is an option
//! because it also merges distinct words (दिन "day" and दीन "poor").

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_segmentation::GraphemeCursor;

/// How far spellings are merged.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Nukta, chandrabindu, nasal + virama, joiners, digits, case and the variant table.
    #[default]
    Default,
    /// Default plus vowel length (ी/ि, ू/ु, ई/इ, ऊ/उ).
    Loose,
}

/// One word of a text: its char (code point) range in the original text and its normalised form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Char offsets into the original text, end exclusive, on extended grapheme cluster boundaries.
    pub start: usize,
    pub end: usize,
    /// The normalised word (never empty).
    pub norm: String,
}

/// Known variant spellings: (variant, the form it is indexed as). Both sides are written as they are usually
/// spelled; they are normalised with the rules above when the table is built.
pub const VARIANTS: &[(&str, &str)] = &[
    ("अक्तूबर", "अक्टूबर"),
    ("अमरीका", "अमेरिका"),
    ("अमरीकी", "अमेरिकी"),
    ("अमरिका", "अमेरिका"),
    ("मास्को", "मॉस्को"),
    ("प्योंगयोंग", "प्योंगयांग"),
    ("प्योंग्यांग", "प्योंगयांग"),
    ("गयी", "गई"),
    ("गये", "गए"),
    ("नयी", "नई"),
    ("नये", "नए"),
    ("आयी", "आई"),
    ("आये", "आए"),
    ("लिये", "लिए"),
    ("किये", "किए"),
    ("दिये", "दिए"),
    ("हुये", "हुए"),
    ("चाहिये", "चाहिए"),
    ("जाये", "जाए"),
    ("रहीं", "रही"),
];

/// Whether `c` belongs to a word (see the module documentation).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Devanagari: everything but the dandas and the abbreviation sign (the common case, without table lookups).
    if ('\u{0900}'..='\u{097F}').contains(&c) {
        return !matches!(c, '\u{0964}' | '\u{0965}' | '\u{0970}');
    }
    c.is_alphanumeric()
        || unicode_normalization::char::is_combining_mark(c)
        || is_joiner(c)
        || matches!(c, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{00AD}' | '\u{FEFF}')
}

fn is_consonant(c: char) -> bool {
    matches!(c, 'क'..='ह' | '\u{0978}'..='\u{097F}')
}

fn is_nasal(c: char) -> bool {
    matches!(c, 'ङ' | 'ञ' | 'ण' | 'न' | 'म')
}

/// FNV-1a: the variant table is looked up once per indexed word, where SipHash cost more than the rest of the rule.
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type VariantTable = HashMap<String, String, std::hash::BuildHasherDefault<Fnv>>;

fn variants() -> &'static VariantTable {
    static TABLE: OnceLock<VariantTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        VARIANTS
            .iter()
            .map(|(v, canon)| {
                let mut a = String::new();
                fold_chars(v.chars(), &mut a);
                let mut b = String::new();
                fold_chars(canon.chars(), &mut b);
                (a, b)
            })
            .collect()
    })
}

/// Rules 1–7 on the chars of one word, appended to `out`.
fn fold_chars(chars: impl Iterator<Item = char>, out: &mut String) {
    let start = out.len();
    for c in chars {
        let c = match c {
            c if c.is_ascii() => {
                if c.is_ascii_alphanumeric() {
                    out.push(c.to_ascii_lowercase());
                }
                continue;
            }
            '\u{093C}' => continue,
            c if is_joiner(c) => continue,
            '\u{0958}' => 'क',
            '\u{0959}' => 'ख',
            '\u{095A}' => 'ग',
            '\u{095B}' => 'ज',
            '\u{095C}' => 'ड',
            '\u{095D}' => 'ढ',
            '\u{095E}' => 'फ',
            '\u{095F}' => 'य',
            '\u{0929}' => 'न',
            '\u{0931}' => 'र',
            '\u{0934}' => 'ळ',
            '\u{0901}' => '\u{0902}',
            '०'..='९' => char::from(b'0' + (c as u32 - '०' as u32) as u8),
            '\u{0964}' | '\u{0965}' | '\u{0970}' => continue,
            // The rest of Devanagari is caseless word characters.
            '\u{0900}'..='\u{097F}' => {
                out.push(c);
                continue;
            }
            c if !is_word_char(c) => continue,
            c => c,
        };
        if c.is_lowercase() || !c.is_alphabetic() || c.is_ascii() {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    // Rule 7: nasal consonant + virama before a consonant → anusvara. Most words with a virama have no nasal before
    // it and are left as they are without rebuilding them.
    let mut prev = '\0';
    let nasal_virama = out[start..].chars().any(|c| {
        let hit = c == '\u{094D}' && is_nasal(prev);
        prev = c;
        hit
    });
    if nasal_virama {
        let word: Vec<char> = out[start..].chars().collect();
        out.truncate(start);
        let mut i = 0;
        while i < word.len() {
            if is_nasal(word[i])
                && word.get(i + 1) == Some(&'\u{094D}')
                && word.get(i + 2).is_some_and(|&c| is_consonant(c))
            {
                out.push('\u{0902}');
                i += 2;
            } else {
                out.push(word[i]);
                i += 1;
            }
        }
    }
}

/// Rule 8 and, in loose mode, vowel length, on a word folded by `fold_chars` at `out[start..]`.
fn finish_word(out: &mut String, start: usize, mode: Mode) {
    if let Some(canon) = variants().get(&out[start..]) {
        out.truncate(start);
        out.push_str(canon);
    }
    if mode == Mode::Loose {
        // Each long vowel and its short one are three UTF-8 bytes: replaced in place.
        let mut at = start;
        while let Some(found) = out[at..].find(is_long_vowel) {
            let i = at + found;
            let short = match out[i..].chars().next() {
                Some('ी') => "ि",
                Some('ू') => "ु",
                Some('ई') => "इ",
                _ => "उ",
            };
            out.replace_range(i..i + short.len(), short);
            at = i + short.len();
        }
    }
}

fn is_long_vowel(c: char) -> bool {
    matches!(c, 'ी' | 'ू' | 'ई' | 'ऊ')
}

/// Fold vowel length in an already normalised word (what [`Mode::Loose`] adds to the default rules).
pub fn loose_fold(word: &str) -> String {
    if !word.chars().any(is_long_vowel) {
        return word.to_owned();
    }
    word.chars()
        .map(|c| match c {
            'ी' => 'ि',
            'ू' => 'ु',
            'ई' => 'इ',
            'ऊ' => 'उ',
            c => c,
        })
        .collect()
}

/// Normalise one word (the chars of a token); empty when it has no word characters left.
pub fn normalize_word(word: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(word.len());
    fold_chars(word.chars(), &mut out);
    finish_word(&mut out, 0, mode);
    out
}

/// The words of a text (which should be NFC, as article texts are), with their original char ranges.
pub fn tokens(text: &str, mode: Mode) -> Vec<Token> {
    let mut out = Vec::new();
    for_each_token(text, mode, |t| out.push(t));
    out
}

/// The normalised words of a text joined by single spaces (what the full-text index stores).
pub fn normalize(text: &str, mode: Mode) -> String {
    let mut s = String::with_capacity(text.len());
    for_each_token(text, mode, |t| {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&t.norm);
    });
    s
}

/// Byte runs of word characters, widened to grapheme cluster boundaries and merged where widening made them meet.
fn word_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for (b, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(b),
            (false, Some(s)) => {
                runs.push((s, b));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push((s, text.len()));
    }
    let bound = |b: usize, after: bool| -> usize {
        let mut cursor = GraphemeCursor::new(b, text.len(), true);
        if cursor.is_boundary(text, 0).unwrap_or(true) {
            return b;
        }
        let r = if after {
            cursor.next_boundary(text, 0)
        } else {
            cursor.prev_boundary(text, 0)
        };
        match r {
            Ok(Some(x)) => x,
            _ => b,
        }
    };
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(runs.len());
    for (s, e) in runs {
        // Only a run whose neighbours are not plain ASCII can sit inside a cluster (ASCII other than CR always
        // breaks clusters before a non-extending char; a run starting with a mark may extend the char before it).
        let s2 = if s > 0 && (!text.as_bytes()[s - 1].is_ascii() || may_extend(text, s)) {
            bound(s, false)
        } else {
            s
        };
        let e2 = if e < text.len() && may_extend(text, e) {
            bound(e, true)
        } else {
            e
        };
        match merged.last_mut() {
            Some(last) if last.1 > s2 => last.1 = last.1.max(e2),
            _ => merged.push((s2, e2)),
        }
    }
    merged
}

/// Whether the char at byte `b` might continue the grapheme cluster before it (a mark, joiner, spacing vowel or
/// emoji modifier); plain letters, ASCII, spaces and common punctuation never do.
fn may_extend(text: &str, b: usize) -> bool {
    let Some(c) = text[b..].chars().next() else {
        return false;
    };
    match c {
        c if c.is_ascii() => false,
        '\u{0964}' | '\u{0965}' | '\u{2010}'..='\u{2027}' | '\u{00A0}' => false,
        // Devanagari letters and digits start clusters; its signs (0900–0903, 093A–094F, 0951–0957, 0962–0963) do not.
        '\u{0904}'..='\u{0939}'
        | '\u{0950}'
        | '\u{0958}'..='\u{0961}'
        | '\u{0966}'..='\u{097F}' => false,
        _ => true,
    }
}

/// The normalised words of a text in order, each with its byte range, in one reused buffer.
fn for_each_norm(text: &str, mode: Mode, mut f: impl FnMut(usize, usize, &str)) {
    let mut norm = String::new();
    for (s, e) in word_runs(text) {
        norm.clear();
        fold_chars(text[s..e].chars(), &mut norm);
        if norm.is_empty() {
            continue;
        }
        finish_word(&mut norm, 0, mode);
        f(s, e, &norm);
    }
}

/// Char offsets from byte offsets, counted incrementally (for offsets that mostly come in order).
fn char_counter(text: &str) -> impl FnMut(usize) -> usize + '_ {
    let mut byte_pos = 0usize;
    let mut char_pos = 0usize;
    move |b: usize| -> usize {
        if b >= byte_pos {
            char_pos += text[byte_pos..b].chars().count();
        } else {
            char_pos -= text[b..byte_pos].chars().count();
        }
        byte_pos = b;
        char_pos
    }
}

fn for_each_token(text: &str, mode: Mode, mut f: impl FnMut(Token)) {
    let mut char_of = char_counter(text);
    for_each_norm(text, mode, |s, e, norm| {
        let start = char_of(s);
        let end = char_of(e);
        f(Token {
            start,
            end,
            norm: norm.to_owned(),
        });
    });
}

/// The words of [`tokens`] without building them: each word's start (char offset) and normalised form, borrowed
/// for the call (bulk indexing, which needs no end offsets and no word of its own).
pub fn for_each_word(text: &str, mode: Mode, mut f: impl FnMut(usize, &str)) {
    let mut char_of = char_counter(text);
    for_each_norm(text, mode, |s, _, norm| f(char_of(s), norm));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::normalize_text;
    use proptest::prelude::*;

    fn n(s: &str) -> String {
        normalize_word(&normalize_text(s), Mode::Default)
    }

    /// Pairs of spellings a reader takes for the same word: each must find the other in the default mode.
    pub const SAME: &[(&str, &str)] = &[
        ("फरवरी", "फ़रवरी"),
        ("हिंदी", "हिन्दी"),
        ("चांद", "चाँद"),
        ("सितंबर", "सितम्बर"),
        ("नवंबर", "नवम्बर"),
        ("दिसंबर", "दिसम्बर"),
        ("गंगा", "गङ्गा"),
        ("पंजाब", "पञ्जाब"),
        ("ठंडा", "ठण्डा"),
        ("अक्टूबर", "अक्तूबर"),
        ("ज्यादा", "ज़्यादा"),
        ("जिंदगी", "ज़िन्दगी"),
        ("संबंध", "सम्बन्ध"),
        ("अंत", "अन्त"),
        ("2024", "२०२४"),
        ("क्षेत्र", "क्ष\u{200D}ेत्र"),
        ("गई", "गयी"),
        ("लिए", "लिये"),
        ("मॉस्को", "मास्को"),
        ("अमेरिका", "अमरीका"),
        ("Putin", "putin"),
        ("हँसना", "हंसना"),
        ("सड़क", "सडक"),
    ];

    /// Distinct words that the default mode must keep apart.
    const DISTINCT: &[(&str, &str)] = &[
        ("दिन", "दीन"),
        ("कुल", "कूल"),
        ("बल", "बाल"),
        ("कम", "काम"),
        ("सितंबर", "सितारा"),
        ("पुतिन", "पुतली"),
        ("किम", "कीमत"),
        ("रूस", "रस"),
        ("जल", "जाल"),
        ("मन", "मान"),
        ("सेना", "सोना"),
        ("कोरिया", "कोरा"),
        ("अंश", "अंक"),
    ];

    #[test]
    fn variant_pairs_find_each_other() {
        for (a, b) in SAME {
            assert_eq!(n(a), n(b), "{a} / {b}");
            assert!(!n(a).is_empty());
        }
    }

    #[test]
    fn distinct_words_stay_distinct() {
        for (a, b) in DISTINCT {
            assert_ne!(n(a), n(b), "{a} / {b}");
        }
        // …and loose mode merges vowel length only.
        let l = |s: &str| normalize_word(s, Mode::Loose);
        assert_eq!(l("दिन"), l("दीन"));
        assert_eq!(l("पुतिन"), l("पूतिन"));
        assert_eq!(l("रूस"), l("रुस"));
        assert_ne!(l("बल"), l("बाल"));
    }

    #[test]
    fn words_stay_whole() {
        // unicode61 without mark categories splits these at vowel signs, virama and nukta.
        let text = normalize_text("सितम्बर में फ़रवरी, क्षेत्र और उत्तर-कोरिया की ज़िन्दगी।");
        let words: Vec<String> = tokens(&text, Mode::Default)
            .into_iter()
            .map(|t| t.norm)
            .collect();
        assert_eq!(
            words,
            [
                "सितंबर",
                "में",
                "फरवरी",
                "क्षेत्र",
                "और",
                "उत्तर",
                "कोरिया",
                "की",
                "जिंदगी"
            ]
        );
        let t = tokens(&text, Mode::Default);
        let chars: Vec<char> = text.chars().collect();
        let s: String = chars[t[0].start..t[0].end].iter().collect();
        assert_eq!(s, "सितम्बर");
        let s: String = chars[t[2].start..t[2].end].iter().collect();
        assert_eq!(s, "फ़रवरी");
    }

    #[test]
    fn normalized_text_is_space_separated_words() {
        assert_eq!(
            normalize("नवम्बर २०२४ में, Putin!", Mode::Default),
            "नवंबर 2024 में putin"
        );
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                proptest::char::range('\u{900}', '\u{97f}'),
                Just('क'),
                Just('्'),
                Just('म'),
                Just('़'),
                Just('ि'),
                Just(' '),
                Just('\n'),
                Just(','),
                Just('\u{200d}'),
                Just('\u{200c}'),
                proptest::char::range('a', 'e'),
                Just('A'),
                proptest::char::range('\u{1f3fb}', '\u{1f3ff}'),
                proptest::char::range('\u{1f600}', '\u{1f603}'),
                Just('\u{301}'),
            ],
            0..60,
        )
        .prop_map(|v| normalize_text(&v.into_iter().collect::<String>()))
    }

    proptest! {
        /// Every word slices the text at grapheme boundaries, and the slice alone normalises to exactly that word.
        #[test]
        fn tokens_slice_whole_clusters_and_renormalise(text in text_strategy(), loose in any::<bool>()) {
            let mode = if loose { Mode::Loose } else { Mode::Default };
            let idx = crate::model::TextIndex::new(&text);
            let g = crate::model::Graphemes::new(&text);
            let toks = tokens(&text, mode);
            let mut last_end = 0;
            for t in &toks {
                prop_assert!(t.start < t.end);
                prop_assert!(t.start >= last_end);
                last_end = t.end;
                prop_assert!(g.is_boundary(t.start) && g.is_boundary(t.end));
                let slice = crate::model::text::slice_chars(&text, &idx, t.start..t.end);
                let again: Vec<String> = tokens(slice, mode).into_iter().map(|t| t.norm).collect();
                prop_assert_eq!(again, vec![t.norm.clone()]);
                prop_assert!(!t.norm.contains(' '));
            }
            let mut words = Vec::new();
            for_each_word(&text, mode, |start, norm| words.push((start, norm.to_owned())));
            prop_assert_eq!(words, toks.iter().map(|t| (t.start, t.norm.clone())).collect::<Vec<_>>());
            // Normalising is idempotent on words.
            for t in &toks {
                prop_assert_eq!(normalize_word(&t.norm, mode), t.norm.clone());
            }
        }
    }
}
