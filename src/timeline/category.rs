//! Event categories by keyword rules, and content key terms for merging events
//! across articles.
//!
//! Words are folded before matching (see [`super::tagger`]): ASCII lower-case,
//! nukta removed (`मुलाक़ात` = `मुलाकात`), chandrabindu → anusvara. Hindi keywords
//! are either exact word forms or stems matched as word prefixes (`समझौत` covers
//! समझौता/समझौते/समझौतों); ambiguous stems are listed as exact forms instead
//! (`दौरा`/`दौरे` but not `दौरान` "during"; `जंग` but not `जंगल` "forest").
//!
//! **Priority** when a sentence matches several categories (most specific first):
//! `TreatyAgreement > MeetingVisit > MessageLetter > MilitaryTroops > WarConflict > Sanctions`,
//! `Other` when none match. Rationale: treaties are usually signed *at* a summit, so
//! a sentence that mentions both is about the treaty; letters are often handed over
//! at meetings; troop deployments happen in a war and are the more specific event;
//! sanctions are mostly background ("प्रतिबंधों के चलते …") and win only alone.

use super::tagger::{char_at, fold_char, word_run};

pub use crate::annotate::decision::EventCategory;

/// Rule order of the categories (the enum itself is a stored record type, in the annotate layer).
impl EventCategory {
    /// Categories in rule priority order (first match wins); `Other` excluded.
    pub const PRIORITY: [EventCategory; 6] = [
        EventCategory::TreatyAgreement,
        EventCategory::MeetingVisit,
        EventCategory::MessageLetter,
        EventCategory::MilitaryTroops,
        EventCategory::WarConflict,
        EventCategory::Sanctions,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// How a keyword matches a folded word.
#[derive(Clone, Copy)]
enum Kw {
    /// The whole word.
    Exact(&'static str),
    /// A prefix of the word (stem + inflection).
    Stem(&'static str),
}

use Kw::{Exact as E, Stem as S};

/// Keywords per category, in folded form (no nukta, anusvara not chandrabindu).
fn keywords(c: EventCategory) -> &'static [Kw] {
    match c {
        EventCategory::MeetingVisit => &[
            S("मुलाकात"),
            E("बैठक"),
            E("बैठकें"),
            E("बैठकों"),
            S("यात्रा"),
            E("दौरा"),
            E("दौरे"),
            E("दौरों"),
            S("सम्मेलन"),
            S("वार्ता"),
            E("बातचीत"),
            S("मेजबान"),
            E("visit"),
            E("visits"),
            E("visited"),
            E("visiting"),
            E("meet"),
            E("meets"),
            E("met"),
            S("meeting"),
            S("summit"),
            E("talks"),
            E("trip"),
            E("hosted"),
        ],
        EventCategory::TreatyAgreement => &[
            S("समझौत"),
            S("संधि"),
            S("हस्ताक्षर"),
            E("करार"),
            E("सौदा"),
            E("सौदे"),
            E("सौदों"),
            S("साझेदारी"),
            E("treaty"),
            E("treaties"),
            S("agreement"),
            S("pact"),
            E("accord"),
            E("accords"),
            E("signed"),
            E("signing"),
            E("deal"),
            E("deals"),
            S("partnership"),
        ],
        EventCategory::MessageLetter => &[
            S("संदेश"),
            E("पत्र"),
            E("पत्रों"),
            S("चिट्ठी"),
            E("बधाई"),
            S("शुभकामना"),
            E("मुबारकबाद"),
            S("letter"),
            S("message"),
            S("greeting"),
            S("congratulat"),
            E("wishes"),
        ],
        EventCategory::MilitaryTroops => &[
            S("सैनिक"),
            S("सेना"),
            S("सैन्य"),
            S("तैनात"),
            S("फौज"),
            E("जवान"),
            E("जवानों"),
            S("टुकडी"),
            S("हथियार"),
            S("मिसाइल"),
            S("बारूद"),
            S("troop"),
            S("soldier"),
            E("military"),
            E("army"),
            E("armies"),
            S("deploy"),
            S("weapon"),
            S("missile"),
            E("ammunition"),
            E("forces"),
        ],
        EventCategory::WarConflict => &[
            S("युद्ध"),
            E("जंग"),
            E("जंगें"),
            S("हमल"),
            S("आक्रमण"),
            S("संघर्ष"),
            S("लडाई"),
            E("war"),
            E("wars"),
            S("invasion"),
            S("invade"),
            S("attack"),
            S("conflict"),
            E("fighting"),
            S("battle"),
            E("offensive"),
            S("ceasefire"),
        ],
        EventCategory::Sanctions => &[
            S("प्रतिबंध"),
            S("पाबंदी"),
            S("पाबंदियां"),
            S("sanction"),
            S("embargo"),
        ],
        EventCategory::Other => &[],
    }
}

fn kw_matches(kw: Kw, word: &str) -> bool {
    match kw {
        Kw::Exact(k) => word == k,
        Kw::Stem(k) => word.starts_with(k),
    }
}

/// Calls `f` with every folded word of `s` (ASCII lower-cased, nukta removed,
/// chandrabindu → anusvara). Words are maximal runs of letters and marks; digits,
/// hyphens and punctuation separate words.
fn for_each_word(s: &str, mut f: impl FnMut(&str)) {
    let mut buf = String::with_capacity(64);
    let mut i = 0;
    while i < s.len() {
        let run = word_run(s, i);
        if run.chars == 0 {
            i += char_at(s, i).1;
            continue;
        }
        let word = &s[i..run.end];
        i = run.end;
        // Most words are their own folded form: folded into the buffer only when folding changes them.
        if !run.folds {
            f(word);
            continue;
        }
        buf.clear();
        buf.extend(word.chars().filter_map(fold_char));
        if !buf.is_empty() {
            f(&buf);
        }
    }
}

/// Slot of a word's first char in the keyword index: ASCII and Devanagari get one each, anything else none (no
/// keyword starts with it).
fn first_char_slot(c: char) -> Option<usize> {
    match c as u32 {
        x @ 0..=0x7F => Some(x as usize),
        x @ 0x0900..=0x097F => Some(0x80 + (x as usize - 0x0900)),
        _ => None,
    }
}

/// Keywords by the slot of their first char, with the index of their category: a word is compared only with the
/// few keywords that start like it (the rules are tried for every dated sentence of the corpus).
fn keyword_index() -> &'static [Vec<(Kw, usize, Head)>] {
    static INDEX: std::sync::OnceLock<Vec<Vec<(Kw, usize, Head)>>> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = vec![Vec::new(); 0x100];
        for c in EventCategory::PRIORITY {
            for &k in keywords(c) {
                let (Kw::Exact(w) | Kw::Stem(w)) = k;
                if let Some(slot) = w.chars().next().and_then(first_char_slot) {
                    index[slot].push((k, c.index(), Head::of(w)));
                }
            }
        }
        index
    })
}

/// A word's first eight bytes (zero-padded) and its length: a keyword whose head differs from a word's in the bytes
/// both have cannot match it, found without comparing strings (most words match no keyword).
#[derive(Clone, Copy)]
struct Head {
    bytes: u64,
    len: usize,
}

impl Head {
    fn of(w: &str) -> Head {
        let mut head = [0u8; 8];
        let n = w.len().min(8);
        head[..n].copy_from_slice(&w.as_bytes()[..n]);
        Head {
            bytes: u64::from_le_bytes(head),
            len: w.len(),
        }
    }

    /// Whether a keyword with this head may match the word with head `word` (exactly, or as its stem).
    fn may_match(self, word: Head, exact: bool) -> bool {
        if (exact && self.len != word.len) || self.len > word.len {
            return false;
        }
        // The keyword's own bytes among the first eight.
        let n = self.len.min(8);
        let mask = if n == 8 {
            u64::MAX
        } else {
            (1u64 << (8 * n)) - 1
        };
        (self.bytes ^ word.bytes) & mask == 0
    }
}

/// Which categories' keywords occur in `sentence` (indexed like [`EventCategory::ALL`]).
pub fn category_hits(sentence: &str) -> [bool; 7] {
    let mut hits = [false; 7];
    for_each_word(sentence, |w| hit_keywords(w, &mut hits));
    hits
}

/// Mark the categories with a keyword that matches the folded word `w`.
fn hit_keywords(w: &str, hits: &mut [bool; 7]) {
    let Some(slot) = w.chars().next().and_then(first_char_slot) else {
        return;
    };
    let head = Head::of(w);
    for &(k, c, kw_head) in &keyword_index()[slot] {
        if !hits[c] && kw_head.may_match(head, matches!(k, Kw::Exact(_))) && kw_matches(k, w) {
            hits[c] = true;
        }
    }
}

/// The first category in rule priority with a hit; `Other` when none.
fn by_priority(hits: &[bool; 7]) -> EventCategory {
    EventCategory::PRIORITY
        .into_iter()
        .find(|c| hits[c.index()])
        .unwrap_or(EventCategory::Other)
}

/// Category by keyword rules over a sentence (Hindi + English keywords). When
/// several match, the first in [`EventCategory::PRIORITY`] wins:
/// Treaty > Meeting > Message > Military > War > Sanctions; `Other` when none.
pub fn categorize(sentence: &str) -> EventCategory {
    by_priority(&category_hits(sentence))
}

/// Stopwords in folded form.
const STOPWORDS: &[&str] = &[
    // Hindi
    "के",
    "की",
    "का",
    "में",
    "से",
    "ने",
    "को",
    "और",
    "है",
    "हैं",
    "था",
    "थी",
    "थे",
    "यह",
    "वह",
    "इस",
    "उस",
    "पर",
    "तो",
    "भी",
    "कि",
    "एक",
    "ये",
    "वे",
    "वो",
    "इन",
    "उन",
    "कर",
    "करने",
    "करते",
    "करता",
    "करती",
    "किया",
    "किए",
    "किये",
    "गया",
    "गई",
    "गए",
    "हुआ",
    "हुई",
    "हुए",
    "रहा",
    "रही",
    "रहे",
    "होने",
    "होगा",
    "होगी",
    "हो",
    "ही",
    "तक",
    "साथ",
    "लिए",
    "बाद",
    "लेकिन",
    "या",
    "जो",
    "जब",
    "तब",
    "कुछ",
    "सभी",
    "अपने",
    "अपनी",
    "अपना",
    "उनके",
    "उनकी",
    "उनका",
    "इसके",
    "इसकी",
    "इसका",
    "उसके",
    "उसकी",
    "उसका",
    "जिस",
    "जिसे",
    "जिसमें",
    "जिसके",
    "जैसे",
    "वाले",
    "वाली",
    "वाला",
    "बीच",
    "द्वारा",
    "प्रति",
    "तरह",
    "अब",
    "फिर",
    "नहीं",
    "न",
    "कहा",
    "कहना",
    "उन्होंने",
    "इसमें",
    "उसमें",
    "यहां",
    "वहां",
    "वहीं",
    "यहीं",
    "तथा",
    "एवं",
    "अन्य",
    "किसी",
    "कोई",
    "कई",
    "दौरान",
    "रूप",
    "बात",
    "इससे",
    "उससे",
    "ओर",
    "बताया",
    "जा",
    "सकता",
    "सकती",
    "सकते",
    "दिया",
    "दी",
    "लिया",
    "ली",
    // English
    "the",
    "a",
    "an",
    "of",
    "to",
    "in",
    "on",
    "at",
    "for",
    "and",
    "or",
    "but",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "with",
    "as",
    "by",
    "from",
    "has",
    "have",
    "had",
    "not",
    "no",
    "he",
    "she",
    "they",
    "them",
    "his",
    "her",
    "their",
    "we",
    "our",
    "you",
    "i",
    "will",
    "would",
    "can",
    "could",
    "should",
    "may",
    "might",
    "also",
    "than",
    "then",
    "there",
    "which",
    "who",
    "whom",
    "what",
    "when",
    "where",
    "said",
    "says",
    "into",
    "over",
    "after",
    "before",
    "about",
    "up",
    "out",
    "so",
    "if",
    "do",
    "did",
    "does",
    "s",
    "t",
];

fn is_stopword(w: &str) -> bool {
    // A set: a binary search compared each word with seven or eight stopwords.
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(w)
}

fn is_combining_devanagari(c: char) -> bool {
    matches!(c,
        '\u{0900}'..='\u{0903}'
        | '\u{093A}'..='\u{093C}'
        | '\u{093E}'..='\u{094F}'
        | '\u{0951}'..='\u{0957}'
        | '\u{0962}'..='\u{0963}'
        | '\u{200C}'
        | '\u{200D}')
}

/// Approximate count of (Unicode 15.1 extended) grapheme clusters in a Devanagari
/// word: base characters, where a consonant after a virama joins the previous
/// cluster (conjuncts such as क्ष or त्र count once).
fn devanagari_graphemes(w: &str) -> usize {
    let mut n = 0;
    let mut after_virama = false;
    for c in w.chars() {
        if c == '\u{094D}' {
            after_virama = true;
            continue;
        }
        if !is_combining_devanagari(c) && !after_virama {
            n += 1;
        }
        after_virama = false;
    }
    n
}

/// [`categorize`] and [`key_terms`] of one sentence, in one pass over its words (the timeline does both for every
/// dated sentence).
pub fn category_and_key_terms(sentence: &str) -> (EventCategory, Vec<String>) {
    let mut hits = [false; 7];
    let mut terms: Vec<String> = Vec::new();
    for_each_word(sentence, |w| {
        hit_keywords(w, &mut hits);
        if is_key_term(w) && !terms.iter().any(|t| t == w) {
            terms.push(w.to_string());
        }
    });
    (by_priority(&hits), terms)
}

/// Whether a folded word is a key term (see [`key_terms`]).
fn is_key_term(w: &str) -> bool {
    let long_enough = if w.is_ascii() {
        w.len() >= 2
    } else if w.chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c)) {
        devanagari_graphemes(w) >= 2
    } else {
        w.chars().count() >= 2
    };
    long_enough && !is_stopword(w)
}

/// Content key terms of a sentence for cross-article merging: lowercase Latin
/// words (≥ 2 letters) and Devanagari words of ≥ 2 graphemes, folded (nukta
/// removed, chandrabindu → anusvara), minus Hindi/English stopwords, in order of
/// first occurrence without duplicates.
pub fn key_terms(sentence: &str) -> Vec<String> {
    category_and_key_terms(sentence).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use EventCategory::*;

    /// Words as first written, a char at a time: the scan by runs must find the same folded words.
    fn words_by_chars(s: &str) -> Vec<String> {
        let (mut out, mut buf) = (Vec::new(), String::new());
        for c in s.chars() {
            if crate::timeline::tagger::is_word_char(c) {
                if let Some(fc) = fold_char(c) {
                    buf.push(fc);
                }
            } else if !buf.is_empty() {
                out.push(std::mem::take(&mut buf));
            }
        }
        if !buf.is_empty() {
            out.push(buf);
        }
        out
    }

    /// Every keyword and every prefix and extension of it: the index and its heads must find what comparing each
    /// word with every keyword finds.
    #[test]
    fn keyword_heads_find_what_comparing_every_keyword_finds() {
        let mut words = vec![String::new(), "x".to_string()];
        for c in EventCategory::PRIORITY {
            for &k in keywords(c) {
                let (Kw::Exact(w) | Kw::Stem(w)) = k;
                for (i, _) in w.char_indices().skip(1) {
                    words.push(w[..i].to_string());
                }
                words.extend([
                    w.to_string(),
                    format!("{w}ों"),
                    format!("{w}s"),
                    format!("{w}ाएं"),
                ]);
            }
        }
        for w in &words {
            let mut hits = [false; 7];
            hit_keywords(w, &mut hits);
            let mut naive = [false; 7];
            for c in EventCategory::PRIORITY {
                naive[c.index()] = keywords(c).iter().any(|&k| kw_matches(k, w));
            }
            assert_eq!(hits, naive, "{w}");
        }
    }

    proptest::proptest! {
        #[test]
        fn words_by_runs_match_words_by_chars(
            parts in proptest::collection::vec(
                proptest::sample::select(&[
                    "प्रतिबंध", "फ़ौज", "सैन्य", "आँख", "क़", "\u{093C}", "\u{200D}", "Summit", "MEET", "२०२४", "12", "।",
                    " ", "-", ",", "é", "😀", "\u{00A0}", "पाबंदियाँ",
                ][..]),
                0..30,
            ),
            any in "\\PC{0,40}",
        ) {
            let text: String = parts.concat() + &any;
            let mut words = Vec::new();
            for_each_word(&text, |w| words.push(w.to_string()));
            proptest::prop_assert_eq!(words, words_by_chars(&text));
        }
    }

    #[test]
    fn keys_labels_roundtrip() {
        for c in EventCategory::ALL {
            assert_eq!(EventCategory::from_key(c.key()), Some(c));
            assert!(!c.label().is_empty());
        }
        assert_eq!(EventCategory::from_key("nope"), None);
        assert_eq!(MeetingVisit.label(), "Meeting / visit");
        assert_eq!(MeetingVisit.key(), "meeting_visit");
        let mut keys: Vec<_> = EventCategory::ALL.iter().map(|c| c.key()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 7);
        for (i, c) in EventCategory::ALL.iter().enumerate() {
            assert_eq!(c.index(), i);
        }
    }

    #[test]
    fn keywords_are_folded() {
        for c in EventCategory::ALL {
            for k in keywords(c) {
                let (Kw::Exact(s) | Kw::Stem(s)) = *k;
                let folded: String = s.chars().filter_map(fold_char).collect();
                assert_eq!(folded, s, "keyword {s:?} not folded");
            }
        }
        let mut sw = STOPWORDS.to_vec();
        sw.sort();
        sw.dedup();
        assert_eq!(sw.len(), STOPWORDS.len(), "duplicate stopwords");
        for s in STOPWORDS {
            let folded: String = s.chars().filter_map(fold_char).collect();
            assert_eq!(&folded, s);
        }
    }

    #[test]
    fn single_categories_hindi() {
        let cases = [
            ("पुतिन ने बुधवार को किम जोंग उन से मुलाकात की।", MeetingVisit),
            ("किम और पुतिन की मुलाक़ात हुई।", MeetingVisit),
            ("दोनों नेताओं की बैठक दो घंटे चली।", MeetingVisit),
            ("पुतिन उत्तर कोरिया की यात्रा पर गए थे।", MeetingVisit),
            ("प्रधानमंत्री का रूस दौरा अहम है।", MeetingVisit),
            ("शिखर सम्मेलन में कई देश आए।", MeetingVisit),
            ("दोनों पक्षों में वार्ता जारी है।", MeetingVisit),
            ("दोनों देशों ने रक्षा समझौते पर भरोसा जताया।", TreatyAgreement),
            ("संधि लागू हो गई।", TreatyAgreement),
            ("किम ने पुतिन को पत्र लिखा है।", MessageLetter),
            ("किम ने नए साल का संदेश भेजा।", MessageLetter),
            ("पुतिन ने किम को बधाई दी।", MessageLetter),
            ("उत्तर कोरिया ने 10,000 सैनिक भेजे।", MilitaryTroops),
            ("सेना की तैनाती बढ़ी।", MilitaryTroops),
            ("सैन्य सहयोग बढ़ा।", MilitaryTroops),
            ("यूक्रेन में युद्ध जारी है।", WarConflict),
            ("रूस और यूक्रेन की जंग लंबी चली।", WarConflict),
            ("फरवरी 2022 में यूक्रेन पर रूस का आक्रमण हुआ।", WarConflict),
            ("ड्रोन हमले में नुकसान हुआ।", WarConflict),
            ("क्षेत्र में संघर्ष तेज हुआ।", WarConflict),
            ("अमेरिका ने नए प्रतिबंध लगाए।", Sanctions),
            ("मौसम आज अच्छा है।", Other),
            ("जंगल में आग लगी।", Other),
            ("बैठक के दौरान नहीं, यात्रा के दौरान।", MeetingVisit),
            ("पत्रकारों से बात की।", Other),
        ];
        for (s, want) in cases {
            assert_eq!(categorize(s), want, "{s}");
        }
    }

    #[test]
    fn single_categories_english() {
        let cases = [
            ("Putin will visit Pyongyang.", MeetingVisit),
            ("The leaders held a summit in Vladivostok.", MeetingVisit),
            ("They signed a mutual defence treaty.", TreatyAgreement),
            ("The agreement took effect in December.", TreatyAgreement),
            ("Kim sent a New Year message.", MessageLetter),
            ("Kim wrote a letter to Putin.", MessageLetter),
            ("North Korea sent troops to Kursk.", MilitaryTroops),
            ("The war in Ukraine continues.", WarConflict),
            ("Russia's invasion of Ukraine began in 2022.", WarConflict),
            ("New SANCTIONS were imposed.", Sanctions),
            ("The weather was fine.", Other),
        ];
        for (s, want) in cases {
            assert_eq!(categorize(s), want, "{s}");
        }
    }

    #[test]
    fn priority_order() {
        // treaty beats meeting
        assert_eq!(
            categorize("शिखर सम्मेलन के दौरान दोनों ने संधि पर हस्ताक्षर किए।"),
            TreatyAgreement
        );
        // meeting beats message
        assert_eq!(categorize("मुलाकात में किम ने पुतिन को पत्र सौंपा।"), MeetingVisit);
        // message beats military
        assert_eq!(categorize("पुतिन ने सैनिकों को संदेश भेजा।"), MessageLetter);
        // military beats war
        assert_eq!(categorize("युद्ध में सैनिक भेजे गए।"), MilitaryTroops);
        // war beats sanctions
        assert_eq!(categorize("आक्रमण के कारण रूस पर प्रतिबंध लगे।"), WarConflict);
        assert_eq!(
            categorize("They met and signed an agreement."),
            TreatyAgreement
        );
        let hits = category_hits("युद्ध में सैनिक भेजे गए।");
        assert!(
            hits[MilitaryTroops as usize]
                && hits[WarConflict as usize]
                && !hits[Sanctions as usize]
        );
    }

    #[test]
    fn key_terms_filters_stopwords_and_short_words() {
        let terms = key_terms("रूस के राष्ट्रपति व्लादिमीर पुतिन ने उत्तर कोरिया की यात्रा की थी।");
        assert_eq!(
            terms,
            vec![
                "रूस",
                "राष्ट्रपति",
                "व्लादिमीर",
                "पुतिन",
                "उत्तर",
                "कोरिया",
                "यात्रा"
            ]
        );
        let terms =
            key_terms("The U.S. said Kim's letter to Putin was a message of peace, Putin replied.");
        assert_eq!(
            terms,
            vec!["kim", "letter", "putin", "message", "peace", "replied"]
        );
        // nukta and chandrabindu folding, digits dropped, duplicates removed
        assert_eq!(key_terms("मौक़े पर मौके 2024 पहुँचे पहुंचे"), vec!["मौके", "पहुंचे"]);
        // single-grapheme Devanagari words are dropped (क्या = one cluster)
        assert_eq!(key_terms("क्या नव-नाजीवाद"), vec!["नव", "नाजीवाद"]);
        assert!(key_terms("").is_empty());
        assert!(key_terms("के की का में").is_empty());
    }

    #[test]
    fn grapheme_counting() {
        assert_eq!(devanagari_graphemes("का"), 1);
        assert_eq!(devanagari_graphemes("में"), 1);
        assert_eq!(devanagari_graphemes("यह"), 2);
        assert_eq!(devanagari_graphemes("पत्र"), 2);
        assert_eq!(devanagari_graphemes("क्षेत्र"), 2);
        assert_eq!(devanagari_graphemes("राष्ट्रपति"), 4);
    }
}
