//! Romanised queries: a word typed on a Latin keyboard (`sitambar`, `putin`, `koriya`) becomes the Devanagari
//! spellings it can stand for.
//!
//! What it does: the word is cut into sounds by a table (longest match first: `ksh`, `chh`, `kh`, `th`, `sh`, `aa`,
//! `ee`, `oo`, `ai`, `au`, single letters), and every reading is generated: consonants that Latin spelling does not
//! tell apart (t/ट and त, d/ड and द, th/थ and ठ, dh/ध and ढ, n/न and ण, sh/श and ष, s/स and श), a short or long `a`, a
//! vowel after a consonant as a vowel sign and elsewhere as an independent vowel, two consonants in a row as a
//! conjunct (virama) or with the unwritten `a` between them (`kamla` = कमला), and a final `n` after a vowel as
//! anusvara (`hain` = हैं). Vowel length is left open (`i` = ि or ी), because a romanised word is always matched in
//! loose mode. Candidates are then normalised like the text (so `sitambar` gives सितंबर, which also finds सितम्बर),
//! and the search keeps only those that occur in the corpus. A few names whose English spelling is not phonetic are
//! in a small table ([`NAMES`]: russia = रूस, korea = कोरिया, …). The Latin word itself is searched too.
//!
//! What it cannot do: it knows no dictionary, so an English spelling of a Hindi word that is not phonetic
//! (`moscow`, `delhi` with its silent `h`) finds nothing unless it is in the table; it does not produce nukta
//! letters (they are folded anyway), ऋ, visarga or chandra vowels (ॅ ॉ) except through the table; retroflex and
//! dental consonants are never told apart, so a rare word may match a different word with the other consonant;
//! and a very long word is cut off at [`MAX_CANDIDATES`] readings, so its least likely readings may be missing.

/// Upper bound on the readings generated for one word.
pub const MAX_CANDIDATES: usize = 512;

/// English spellings that are not phonetic, and months (as the tables would read them in English).
pub const NAMES: &[(&str, &str)] = &[
    ("russia", "रूस"),
    ("korea", "कोरिया"),
    ("america", "अमेरिका"),
    ("usa", "अमेरिका"),
    ("china", "चीन"),
    ("india", "भारत"),
    ("japan", "जापान"),
    ("moscow", "मॉस्को"),
    ("delhi", "दिल्ली"),
    ("ukraine", "यूक्रेन"),
    ("pyongyang", "प्योंगयांग"),
    ("september", "सितंबर"),
    ("october", "अक्टूबर"),
    ("november", "नवंबर"),
    ("december", "दिसंबर"),
];

const CONSONANTS: &[(&str, &[&str])] = &[
    ("ksh", &["क्ष"]),
    ("chh", &["छ"]),
    ("kh", &["ख"]),
    ("gh", &["घ"]),
    ("ch", &["च", "छ"]),
    ("jh", &["झ"]),
    ("th", &["थ", "ठ"]),
    ("dh", &["ध", "ढ"]),
    ("ph", &["फ"]),
    ("bh", &["भ"]),
    ("sh", &["श", "ष"]),
    ("gy", &["ज्ञ", "ग्य"]),
    ("k", &["क"]),
    ("g", &["ग"]),
    ("c", &["क", "च", "स"]),
    ("j", &["ज"]),
    ("t", &["त", "ट"]),
    ("d", &["द", "ड"]),
    ("n", &["न", "ण"]),
    ("p", &["प"]),
    ("f", &["फ"]),
    ("b", &["ब"]),
    ("m", &["म"]),
    ("y", &["य"]),
    ("r", &["र"]),
    ("l", &["ल"]),
    ("v", &["व"]),
    ("w", &["व"]),
    ("s", &["स", "श"]),
    ("h", &["ह"]),
    ("z", &["ज"]),
    ("q", &["क"]),
    ("x", &["क्स"]),
];

/// Latin vowel → (as a vowel sign after a consonant, as an independent vowel). An empty sign is the unwritten `a`.
const VOWELS: &[(&str, &[&str], &[&str])] = &[
    ("aa", &["ा"], &["आ"]),
    ("ai", &["ै"], &["ऐ"]),
    ("au", &["ौ"], &["औ"]),
    ("ee", &["ी"], &["ई"]),
    ("ii", &["ी"], &["ई"]),
    ("oo", &["ू"], &["ऊ"]),
    ("uu", &["ू"], &["ऊ"]),
    ("a", &["", "ा"], &["अ", "आ"]),
    ("i", &["ि"], &["इ"]),
    ("u", &["ु"], &["उ"]),
    ("e", &["े"], &["ए"]),
    ("o", &["ो", "ॉ"], &["ओ"]),
];

#[derive(Clone, Copy, Debug)]
enum Unit {
    C(&'static [&'static str]),
    V(&'static [&'static str], &'static [&'static str]),
}

fn units(word: &str) -> Option<Vec<Unit>> {
    let mut out = Vec::new();
    let mut rest = word;
    'outer: while !rest.is_empty() {
        for (latin, sign, indep) in VOWELS {
            if let Some(r) = rest.strip_prefix(latin) {
                out.push(Unit::V(sign, indep));
                rest = r;
                continue 'outer;
            }
        }
        for (latin, dev) in CONSONANTS {
            if let Some(r) = rest.strip_prefix(latin) {
                out.push(Unit::C(dev));
                rest = r;
                continue 'outer;
            }
        }
        return None;
    }
    Some(out)
}

/// The Devanagari readings of a romanised word (lower or upper case ASCII letters), most likely first; empty for
/// anything else.
pub fn candidates(word: &str) -> Vec<String> {
    let word = word.to_ascii_lowercase();
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    let mut out: Vec<String> = NAMES
        .iter()
        .filter(|(latin, _)| *latin == word)
        .map(|(_, dev)| (*dev).to_owned())
        .collect();
    let Some(units) = units(&word) else {
        return out;
    };
    let mut acc = String::new();
    generate(&units, 0, false, &mut acc, &mut out);
    out.dedup();
    out
}

fn generate(
    units: &[Unit],
    i: usize,
    after_consonant: bool,
    acc: &mut String,
    out: &mut Vec<String>,
) {
    if out.len() >= MAX_CANDIDATES {
        return;
    }
    let Some(unit) = units.get(i) else {
        out.push(acc.clone());
        return;
    };
    let len = acc.len();
    match *unit {
        Unit::V(signs, indep) => {
            let forms = if after_consonant { signs } else { indep };
            for f in forms {
                acc.push_str(f);
                generate(units, i + 1, false, acc, out);
                acc.truncate(len);
            }
        }
        Unit::C(forms) => {
            // A final n after a vowel may be anusvara (hain = हैं).
            let final_n =
                i + 1 == units.len() && !after_consonant && i > 0 && forms.first() == Some(&"न");
            for f in forms {
                if after_consonant {
                    // A conjunct, or the unwritten a between the two consonants.
                    for joiner in ["\u{094D}", ""] {
                        acc.push_str(joiner);
                        acc.push_str(f);
                        generate(units, i + 1, true, acc, out);
                        acc.truncate(len);
                    }
                } else {
                    acc.push_str(f);
                    generate(units, i + 1, true, acc, out);
                    acc.truncate(len);
                }
            }
            if final_n {
                acc.push('\u{0902}');
                generate(units, i + 1, false, acc, out);
                acc.truncate(len);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::normalize::{loose_fold, normalize_word, Mode};

    fn finds(latin: &str, hindi: &str) -> bool {
        let target = loose_fold(&normalize_word(hindi, Mode::Default));
        candidates(latin)
            .iter()
            .any(|c| loose_fold(&normalize_word(c, Mode::Default)) == target)
    }

    #[test]
    fn romanised_words_reach_their_hindi_spellings() {
        for (latin, hindi) in [
            ("sitambar", "सितंबर"),
            ("sitambar", "सितम्बर"),
            ("putin", "पुतिन"),
            ("kim", "किम"),
            ("koriya", "कोरिया"),
            ("sena", "सेना"),
            ("samjhauta", "समझौता"),
            ("hathiyar", "हथियार"),
            ("mulakat", "मुलाक़ात"),
            ("rus", "रूस"),
            ("russia", "रूस"),
            ("kamla", "कमला"),
            ("hain", "हैं"),
            ("hindi", "हिन्दी"),
            ("rakshaa", "रक्षा"),
        ] {
            assert!(finds(latin, hindi), "{latin} → {hindi}");
        }
        assert!(candidates("").is_empty());
        assert!(candidates("क").is_empty());
        assert!(candidates("abc1").is_empty());
    }

    #[test]
    fn candidates_are_bounded() {
        assert!(
            candidates("thathathathathathathathathathatha").len() <= MAX_CANDIDATES + NAMES.len()
        );
    }
}
