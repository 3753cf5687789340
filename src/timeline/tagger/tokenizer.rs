//! The tokenizer: number, word and punctuation tokens, with words folded for lexicon lookup.

use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TK {
    Num { val: u32, nd: u8 },
    Word(Lex),
    Punct(char),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Tok {
    /// Byte range.
    pub(super) bs: usize,
    pub(super) be: usize,
    /// Char range.
    pub(super) cs: usize,
    pub(super) ce: usize,
    pub(super) kind: TK,
    /// First char is an ASCII capital.
    pub(super) cap: bool,
    /// Folded word ends in "ने" (होने, आने …).
    pub(super) ne_end: bool,
    /// Folded word ends in "से" (इससे, उससे …).
    pub(super) se_end: bool,
}

#[inline]
pub(super) fn digit_val(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0966}'..='\u{096F}' => Some(c as u32 - 0x0966),
        _ => None,
    }
}

/// Letters and combining marks that belong inside a word (digits excluded).
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match c {
        '\u{0900}'..='\u{0963}' | '\u{0971}'..='\u{097F}' => true,
        '\u{0964}'..='\u{0970}' => false,
        '\u{200C}' | '\u{200D}' | '\u{0300}'..='\u{036F}' => true,
        // Spaces, quotes, dashes and other punctuation of news text: never letters (and the general lookup is slow).
        '\u{00A0}'..='\u{00BF}' | '\u{2000}'..='\u{206F}' | '\u{20A0}'..='\u{20CF}' => false,
        _ => c.is_alphabetic(),
    }
}

/// Fold one char for lexicon lookup; `None` = drop it.
#[inline]
pub(crate) fn fold_char(c: char) -> Option<char> {
    match c {
        'A'..='Z' => Some(c.to_ascii_lowercase()),
        '\u{093C}' | '\u{200C}' | '\u{200D}' => None,
        '\u{0901}' => Some('\u{0902}'),
        '\u{0958}' => Some('\u{0915}'),
        '\u{0959}' => Some('\u{0916}'),
        '\u{095A}' => Some('\u{0917}'),
        '\u{095B}' => Some('\u{091C}'),
        '\u{095C}' => Some('\u{0921}'),
        '\u{095D}' => Some('\u{0922}'),
        '\u{095E}' => Some('\u{092B}'),
        '\u{095F}' => Some('\u{092F}'),
        _ => Some(c),
    }
}

pub(super) const FOLD_CAP: usize = 64;

/// Whether folding changes `c` (drops or replaces it): a word with none of these is its own folded form.
#[inline]
fn folds(c: char) -> bool {
    matches!(c, 'A'..='Z' | '\u{093C}' | '\u{200C}' | '\u{200D}' | '\u{0901}' | '\u{0958}'..='\u{095F}')
}

/// The char at byte `i` of `text` (a char boundary) and its length in bytes. Decoded here rather than through
/// `char_indices().peekable()`, which with a fold and an encode for every char was most of the tokenizer's time.
#[inline(always)]
pub(crate) fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes();
    let b0 = b[i];
    if b0 < 0x80 {
        return (b0 as char, 1);
    }
    // Valid UTF-8 (a str): the continuation bytes are there.
    let (cp, len) = if b0 < 0xE0 {
        (((b0 as u32 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F), 2)
    } else if b0 < 0xF0 {
        (
            ((b0 as u32 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F),
            3,
        )
    } else {
        (
            ((b0 as u32 & 0x07) << 18)
                | ((b[i + 1] as u32 & 0x3F) << 12)
                | ((b[i + 2] as u32 & 0x3F) << 6)
                | (b[i + 3] as u32 & 0x3F),
            4,
        )
    };
    (
        char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER),
        len,
    )
}

/// A word (a maximal run of [`is_word_char`]) starting at a char boundary.
pub(crate) struct WordRun {
    /// Byte after the word.
    pub(crate) end: usize,
    /// Its length in chars.
    pub(crate) chars: usize,
    /// Whether folding changes it (else the text is its folded form).
    pub(crate) folds: bool,
}

/// The word that starts at byte `start` of `text` (empty when the char there is not a word char).
#[inline]
pub(crate) fn word_run(text: &str, start: usize) -> WordRun {
    let mut run = WordRun {
        end: start,
        chars: 0,
        folds: false,
    };
    let b = text.as_bytes();
    while run.end < b.len() {
        // Devanagari (U+0900-097F: E0 A4 xx, E0 A5 xx) and ASCII, most of the text, by table and by byte.
        let b0 = b[run.end];
        if b0 == 0xE0 && matches!(b.get(run.end + 1), Some(0xA4 | 0xA5)) {
            let class = DEVANAGARI
                [(((b[run.end + 1] & 1) as usize) << 6) | (b[run.end + 2] & 0x3F) as usize];
            if class & WORD == 0 {
                break;
            }
            run.folds |= class & FOLDS != 0;
            run.end += 3;
        } else if b0 < 0x80 {
            if !b0.is_ascii_alphabetic() {
                break;
            }
            run.folds |= b0.is_ascii_uppercase();
            run.end += 1;
        } else {
            let (ch, len) = char_at(text, run.end);
            if !is_word_char(ch) {
                break;
            }
            run.folds |= folds(ch);
            run.end += len;
        }
        run.chars += 1;
    }
    run
}

const WORD: u8 = 1;
const FOLDS: u8 = 2;

/// [`is_word_char`] and [`folds`] of U+0900-097F, by the char's offset in the block.
const DEVANAGARI: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = 0x0900 + i as u32;
        // As `is_word_char` and `folds` have them (a test compares the three).
        if !(c >= 0x0964 && c <= 0x0970) {
            table[i] |= WORD;
        }
        if c == 0x093C || c == 0x0901 || (c >= 0x0958 && c <= 0x095F) {
            table[i] |= FOLDS;
        }
        i += 1;
    }
    table
};

pub(super) fn tokenize(text: &str, out: &mut Vec<Tok>) {
    let mut b = 0usize; // byte index of the next char
    let mut c = 0usize; // char index of the next char
    let mut buf = [0u8; FOLD_CAP];
    while b < text.len() {
        let (ch, len) = char_at(text, b);
        if let Some(d0) = digit_val(ch) {
            let (bs, cs) = (b, c);
            let mut val = d0;
            let mut nd: u8 = 1;
            b += len;
            c += 1;
            while b < text.len() {
                let (ch2, len2) = char_at(text, b);
                match digit_val(ch2) {
                    Some(d) => {
                        val = val.saturating_mul(10).saturating_add(d);
                        nd = nd.saturating_add(1);
                        b += len2;
                        c += 1;
                    }
                    None => break,
                }
            }
            out.push(Tok {
                bs,
                be: b,
                cs,
                ce: c,
                kind: TK::Num { val, nd },
                cap: false,
                ne_end: false,
                se_end: false,
            });
        } else if is_word_char(ch) {
            let (bs, cs) = (b, c);
            let cap = ch.is_ascii_uppercase();
            let run = word_run(text, b);
            b = run.end;
            c += run.chars;
            // Folded as the lexicon's keys are; a word longer than the buffer is no key.
            let (folded, overflow): (&[u8], bool) = if !run.folds {
                let word = &text.as_bytes()[bs..b];
                (word, word.len() > FOLD_CAP)
            } else {
                let mut len = 0usize;
                let mut overflow = false;
                for f in text[bs..b].chars().filter_map(fold_char) {
                    let w = f.len_utf8();
                    if len + w <= FOLD_CAP {
                        f.encode_utf8(&mut buf[len..len + w]);
                        len += w;
                    } else {
                        overflow = true;
                    }
                }
                (&buf[..len], overflow)
            };
            let lex = if overflow || folded.is_empty() {
                Lex::Other
            } else {
                classify(folded)
            };
            out.push(Tok {
                bs,
                be: b,
                cs,
                ce: c,
                kind: TK::Word(lex),
                cap,
                ne_end: !overflow && ends_with_char(folded, "ने"),
                se_end: !overflow && ends_with_char(folded, "से"),
            });
        } else {
            b += len;
            c += 1;
            if !ch.is_whitespace() || ch == '\n' {
                out.push(Tok {
                    bs: b - len,
                    be: b,
                    cs: c - 1,
                    ce: c,
                    kind: TK::Punct(ch),
                    cap: false,
                    ne_end: false,
                    se_end: false,
                });
            }
        }
    }
}

/// Whether `word` ends in `tail`, two Devanagari chars (compared as six bytes, without a call to `memcmp`).
#[inline]
fn ends_with_char(word: &[u8], tail: &str) -> bool {
    let tail: [u8; 6] = tail.as_bytes().try_into().expect("two Devanagari chars");
    word.len() >= 6 && <[u8; 6]>::try_from(&word[word.len() - 6..]).is_ok_and(|end| end == tail)
}

#[cfg(test)]
#[test]
fn devanagari_table_agrees_with_the_char_functions() {
    for (i, class) in DEVANAGARI.iter().enumerate() {
        let c = char::from_u32(0x0900 + i as u32).expect("a char");
        assert_eq!(class & WORD != 0, is_word_char(c), "{c:?}");
        assert_eq!(class & FOLDS != 0, folds(c), "{c:?}");
    }
}
