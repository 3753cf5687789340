//! The tokenizer: number, word and punctuation tokens, with words folded for lexicon lookup.

use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TK {
    Num { val: u32, nd: u8 },
    Word(Lex),
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
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

pub(super) fn tokenize(text: &str, out: &mut Vec<Tok>) {
    let mut it = text.char_indices().peekable();
    let mut c = 0usize; // char index of the next char
    let mut buf = [0u8; FOLD_CAP];
    while let Some(&(b, ch)) = it.peek() {
        if let Some(d0) = digit_val(ch) {
            let (bs, cs) = (b, c);
            let mut val = d0;
            let mut nd: u8 = 1;
            it.next();
            c += 1;
            while let Some(&(_, ch2)) = it.peek() {
                match digit_val(ch2) {
                    Some(d) => {
                        val = val.saturating_mul(10).saturating_add(d);
                        nd = nd.saturating_add(1);
                        it.next();
                        c += 1;
                    }
                    None => break,
                }
            }
            let be = it.peek().map_or(text.len(), |&(b2, _)| b2);
            out.push(Tok {
                bs,
                be,
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
            let mut len = 0usize;
            let mut overflow = false;
            while let Some(&(_, ch2)) = it.peek() {
                if !is_word_char(ch2) {
                    break;
                }
                if let Some(f) = fold_char(ch2) {
                    let w = f.len_utf8();
                    if len + w <= FOLD_CAP {
                        f.encode_utf8(&mut buf[len..len + w]);
                        len += w;
                    } else {
                        overflow = true;
                    }
                }
                it.next();
                c += 1;
            }
            let be = it.peek().map_or(text.len(), |&(b2, _)| b2);
            let folded = &buf[..len];
            let lex = if overflow || len == 0 {
                Lex::Other
            } else {
                classify(folded)
            };
            out.push(Tok {
                bs,
                be,
                cs,
                ce: c,
                kind: TK::Word(lex),
                cap,
                ne_end: !overflow && folded.ends_with("ने".as_bytes()),
                se_end: !overflow && folded.ends_with("से".as_bytes()),
            });
        } else {
            it.next();
            c += 1;
            if !ch.is_whitespace() || ch == '\n' {
                out.push(Tok {
                    bs: b,
                    be: b + ch.len_utf8(),
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
