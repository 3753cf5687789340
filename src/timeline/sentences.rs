//! Sentence splitting for Hindi/English news paragraphs.
//!
//! Rules, in order:
//! * A line break always ends a sentence (news blocks put headlines, bylines and
//!   captions on their own lines).
//! * `।` and `॥` always end a sentence; `?` and `!` too. A run of terminators
//!   (`?!`, `।।`) is kept together, and closing quotes/brackets right after the
//!   run (`।"`, `.’`, `?)`) stay with the sentence.
//! * `.` ends a sentence unless it is a decimal point (`2.5`), sits inside a
//!   token (`U.S`, `kremlin.ru`), follows a single Latin letter (`U.S.`, `J.`),
//!   follows a known abbreviation (`Dr.`, `Mr.`, `No.`, `Sept.`, `डॉ.`), or is an
//!   ellipsis (`...`, `…`) in the middle of a line.
//! * Spans are char offsets, end exclusive, trimmed of surrounding whitespace;
//!   empty spans are dropped.

use std::ops::Range;

/// Latin abbreviations (lower case, without the dot) that do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "gen", "lt", "col", "capt",
    "sgt", "rev", "no", "nos", "inc", "ltd", "co", "corp", "govt", "dept", "univ", "approx", "fig",
    "vol", "pp", "mt", "ft", "rs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "hon", "adm", "maj", "brig", "cmdr", "gov", "sen", "rep", "pvt",
];

/// Devanagari abbreviations written with a full stop.
const DEVANAGARI_ABBREVIATIONS: &[&str] = &["डॉ", "प्रो", "रु", "श्री"];

fn is_terminator(c: char) -> bool {
    matches!(c, '।' | '॥' | '.' | '?' | '!')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』'
    )
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
}

fn is_devanagari(c: char) -> bool {
    ('\u{0900}'..='\u{097F}').contains(&c) && !('\u{0964}'..='\u{096F}').contains(&c)
}

/// Sentence spans (char offsets, end exclusive, trimmed of surrounding whitespace) in a block of Hindi/English text.
/// Splits on । ॥ . ? ! (and their runs), keeping quotes; does not split "U.S."-style abbreviations or decimals like 2.5.
pub fn sentence_spans(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut spans = Vec::new();
    let mut start = 0;
    let mut dquotes = 0usize; // straight double quotes seen in the current sentence
    let mut i = 0;
    while i < n {
        let c = chars[i];
        if c == '\n' {
            push_trimmed(&chars, start, i, &mut spans);
            start = i + 1;
            dquotes = 0;
            i += 1;
            continue;
        }
        if c == '"' {
            dquotes += 1;
        }
        if c == '…' || (c == '.' && i + 2 < n && chars[i + 1] == '.' && chars[i + 2] == '.') {
            // ellipsis: skip the run; it ends a sentence only at the end of a line
            let mut j = i;
            while j < n && (chars[j] == '.' || chars[j] == '…') {
                j += 1;
            }
            let mut k = j;
            while k < n && chars[k].is_whitespace() && chars[k] != '\n' {
                k += 1;
            }
            if k < n && chars[k] != '\n' {
                i = j;
                continue;
            }
            // fall through to the terminator handling at the end of the line
        } else if !is_terminator(c) || (c == '.' && !dot_ends_sentence(&chars, i)) {
            i += 1;
            continue;
        }
        // consume the run of terminators (and ellipsis dots)
        let mut j = i;
        while j < n && (is_terminator(chars[j]) || chars[j] == '…') {
            j += 1;
        }
        // closing quotes / brackets glued to the run
        while j < n && is_closer(chars[j]) {
            let q = chars[j];
            let next_is_space = j + 1 >= n || chars[j + 1].is_whitespace();
            let closes = match q {
                '"' => dquotes % 2 == 1 || next_is_space,
                '\'' => next_is_space || (j + 1 < n && is_terminator(chars[j + 1])),
                _ => true,
            };
            if !closes {
                break;
            }
            if q == '"' {
                dquotes += 1;
            }
            j += 1;
        }
        push_trimmed(&chars, start, j, &mut spans);
        start = j;
        dquotes = 0;
        i = j;
    }
    push_trimmed(&chars, start, n, &mut spans);
    spans
}

/// Whether the '.' at `i` (not part of an ellipsis) ends a sentence.
fn dot_ends_sentence(chars: &[char], i: usize) -> bool {
    let prev = if i > 0 { Some(chars[i - 1]) } else { None };
    let next = chars.get(i + 1).copied();
    // decimal 2.5 or a token like U.S / kremlin.ru / 1.2.2024
    if let Some(nx) = next {
        if nx.is_ascii_alphanumeric() || ('\u{0966}'..='\u{096F}').contains(&nx) {
            return false;
        }
    }
    // word before the dot
    let mut s = i;
    while s > 0 && (chars[s - 1].is_alphanumeric() || is_devanagari(chars[s - 1])) {
        s -= 1;
    }
    let word = &chars[s..i];
    if word.is_empty() {
        return prev.is_some();
    }
    if word.iter().all(|&c| is_latin_letter(c)) {
        if word.len() == 1 {
            return false; // initial or U.S.-style abbreviation
        }
        if word.len() <= 5 {
            let mut buf = [0u8; 5];
            for (b, c) in buf.iter_mut().zip(word) {
                *b = c.to_ascii_lowercase() as u8;
            }
            let w = std::str::from_utf8(&buf[..word.len()]).unwrap_or("");
            if ABBREVIATIONS.contains(&w) {
                return false;
            }
        }
        return true;
    }
    if word.iter().all(|&c| is_devanagari(c))
        && DEVANAGARI_ABBREVIATIONS
            .iter()
            .any(|a| a.chars().eq(word.iter().copied()))
    {
        return false;
    }
    true
}

fn push_trimmed(chars: &[char], mut s: usize, mut e: usize, out: &mut Vec<Range<usize>>) {
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if s < e {
        out.push(s..e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        sentence_spans(text)
            .into_iter()
            .map(|r| chars[r].iter().collect())
            .collect()
    }

    #[test]
    fn hindi_danda_and_double_danda() {
        assert_eq!(
            split("पुतिन ने किम से मुलाकात की। दोनों ने समझौता किया॥ आगे क्या होगा?"),
            vec![
                "पुतिन ने किम से मुलाकात की।",
                "दोनों ने समझौता किया॥",
                "आगे क्या होगा?"
            ]
        );
    }

    #[test]
    fn hindi_with_full_stop() {
        assert_eq!(
            split("जून 2024 में पुतिन ने उत्तर कोरिया की यात्रा की थी. लंबे समय के बाद यह यात्रा हुई."),
            vec![
                "जून 2024 में पुतिन ने उत्तर कोरिया की यात्रा की थी.",
                "लंबे समय के बाद यह यात्रा हुई."
            ]
        );
        assert_eq!(
            split("यात्रा की थी.अगला वाक्य"),
            vec!["यात्रा की थी.", "अगला वाक्य"]
        );
    }

    #[test]
    fn runs_and_quotes() {
        assert_eq!(split("क्या?! हाँ!!! ठीक।।"), vec!["क्या?!", "हाँ!!!", "ठीक।।"]);
        assert_eq!(
            split("उन्होंने कहा, \"हम लड़ेंगे।\" फिर वे चले गए।"),
            vec!["उन्होंने कहा, \"हम लड़ेंगे।\"", "फिर वे चले गए।"]
        );
        assert_eq!(
            split("He said “we will win.” Then he left."),
            vec!["He said “we will win.”", "Then he left."]
        );
        assert_eq!(
            split("किम ने कहा, 'यह पवित्र युद्ध है।' पुतिन चुप रहे।"),
            vec!["किम ने कहा, 'यह पवित्र युद्ध है।'", "पुतिन चुप रहे।"]
        );
        assert_eq!(split("(यह अहम है।) दूसरा।"), vec!["(यह अहम है।)", "दूसरा।"]);
        // an opening quote glued to the next sentence is not taken
        assert_eq!(
            split("पहला।\"दूसरा\" वाक्य।"),
            vec!["पहला।", "\"दूसरा\" वाक्य।"]
        );
    }

    #[test]
    fn abbreviations_and_decimals() {
        assert_eq!(
            split("The U.S. and N. Korea met. Growth was 2.5 percent. Dr. Kim spoke."),
            vec![
                "The U.S. and N. Korea met.",
                "Growth was 2.5 percent.",
                "Dr. Kim spoke."
            ]
        );
        assert_eq!(
            split("See kremlin.ru for details. Done."),
            vec!["See kremlin.ru for details.", "Done."]
        );
        assert_eq!(
            split("डॉ. सिंह ने कहा। ठीक है।"),
            vec!["डॉ. सिंह ने कहा।", "ठीक है।"]
        );
        assert_eq!(
            split("कीमत २.५ प्रतिशत बढ़ी। बस।"),
            vec!["कीमत २.५ प्रतिशत बढ़ी।", "बस।"]
        );
        assert_eq!(
            split("Published on Sept. 13 2023. Done"),
            vec!["Published on Sept. 13 2023.", "Done"]
        );
        assert_eq!(
            split("It was No. 1 in the list."),
            vec!["It was No. 1 in the list."]
        );
    }

    #[test]
    fn ellipsis_mid_line_does_not_split() {
        assert_eq!(
            split("'लड़ाई लड़ी ... हम नहीं भूलेंगे।' उन्होंने कहा।"),
            vec!["'लड़ाई लड़ी ... हम नहीं भूलेंगे।'", "उन्होंने कहा।"]
        );
        assert_eq!(split("और फिर…"), vec!["और फिर…"]);
        assert_eq!(split("wait... what? ok"), vec!["wait... what?", "ok"]);
    }

    #[test]
    fn newlines_and_whitespace() {
        assert_eq!(
            split("  शीर्षक बिना विराम\nपहला वाक्य।   दूसरा  \n\n  "),
            vec!["शीर्षक बिना विराम", "पहला वाक्य।", "दूसरा"]
        );
        assert!(sentence_spans("").is_empty());
        assert!(sentence_spans("   \n\t ").is_empty());
        assert_eq!(split("कोई विराम नहीं"), vec!["कोई विराम नहीं"]);
    }

    #[test]
    fn spans_are_char_offsets() {
        let text = "😀 पहला। 🇷🇺 दूसरा!";
        let spans = sentence_spans(text);
        assert_eq!(spans, vec![0..7, 8..17]);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(
            chars[spans[1].clone()].iter().collect::<String>(),
            "🇷🇺 दूसरा!"
        );
    }

    #[test]
    fn corpus_paragraph() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/corpus");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        let text = std::fs::read_to_string(&paths[4]).unwrap(); // 004
        let para = text
            .split("\n\n")
            .find(|p| p.starts_with("नई दिल्ली:"))
            .expect("paragraph");
        let s = split(para);
        assert_eq!(s.len(), 4, "{s:#?}");
        assert!(s[0].ends_with("\"साम्राज्यवाद\" से लड़ेंगे।"));
        assert!(s[3].starts_with("उत्तर कोरियाई नेता ने कहा"));
        for p in text.split("\n\n") {
            let n = p.chars().count();
            let mut prev = 0;
            for r in sentence_spans(p) {
                assert!(r.start >= prev && r.start < r.end && r.end <= n);
                prev = r.end;
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn spans_are_sorted_trimmed_and_in_bounds(s in "[a-zA-Z0-9 .?!।॥\"'\n\u{0915}-\u{0939}\u{093E}-\u{094D}😀…]{0,80}") {
            let chars: Vec<char> = s.chars().collect();
            let mut prev = 0;
            for r in sentence_spans(&s) {
                proptest::prop_assert!(r.start >= prev && r.start < r.end && r.end <= chars.len());
                proptest::prop_assert!(!chars[r.start].is_whitespace() && !chars[r.end - 1].is_whitespace());
                prev = r.end;
            }
        }
    }
}
