//! The lexicon: month, weekday, unit, relative and postposition words (folded), and future-tense endings.

use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Form {
    Hindi,
    English,
    Abbr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Post {
    Me,
    Se,
    Tak,
    Ke,
    Ki,
    Ka,
    Ko,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Lex {
    Other,
    /// Month 1–12.
    Month(u8, Form),
    /// Weekday, 0 = Monday.
    Weekday(u8, Form),
    Aaj,
    Kal,
    Parson,
    Today,
    Yesterday,
    Tomorrow,
    /// पिछले (−1), इस (0), अगले (+1) …
    Mod(i8),
    /// Unit word; `true` = plural form (सालों, years).
    Unit(Unit, bool),
    /// सन्/सन before a year.
    San,
    Post(Post),
    Ordinal,
    Of,
    Ago,
    Before,
    After,
    PastStrong,
    PastWeak,
    Future,
    Wala,
    Break,
    Blocker,
    Currency,
    NumWord(u8),
    EnPrep,
    AmPm,
    Tz,
    T,
    Baje,
    /// घंटे (false), मिनट (true): units of a duration, never of a date.
    ClockUnit(bool),
    /// कुछ, कई: an unspecified count.
    Few,
    /// हर, प्रति, every.
    Every,
    /// प्रतिदिन, सालाना, daily: a recurrence in one word.
    SetWord(Unit),
    /// A vague reference in one word: आजकल, फिलहाल, recently, soon.
    RefWord(RefDirection),
    /// A vague reference with "में": अतीत में, भविष्य में.
    RefNoun(RefDirection),
    /// हाल (ही में).
    Haal,
    /// जल्द (ही).
    Jald,
    /// ही.
    Hi,
    /// आने (वाले दिनों में).
    Aane,
    /// इन (दिनों) = present, उन (दिनों) = past.
    InDays(RefDirection),
    /// समय.
    Samay,
    /// तारीख.
    Tarikh,
    DayPart(DayPart),
    /// देर (रात).
    Der,
    /// ई., ईस्वी after a year.
    Era,
    /// Index into [`FESTIVALS`].
    Festival(u8),
    /// First word of a two-word named day (गणतंत्र दिवस): index into [`FESTIVALS`].
    FestFirst(u8),
    /// दिवस, जयंती.
    Divas,
}

impl From<Unit> for TimeUnit {
    fn from(u: Unit) -> Self {
        match u {
            Unit::Day => TimeUnit::Day,
            Unit::Week => TimeUnit::Week,
            Unit::Month => TimeUnit::Month,
            Unit::Year => TimeUnit::Year,
        }
    }
}

/// All lexicon keys are written in folded form (no nukta, no chandrabindu,
/// lower-case ASCII); a unit test checks that.
pub(super) const LEXICON: &[(&str, Lex)] = &[
    // Hindi months
    ("जनवरी", Lex::Month(1, Form::Hindi)),
    ("फरवरी", Lex::Month(2, Form::Hindi)),
    ("मार्च", Lex::Month(3, Form::Hindi)),
    ("अप्रैल", Lex::Month(4, Form::Hindi)),
    ("अप्रेल", Lex::Month(4, Form::Hindi)),
    ("अप्रिल", Lex::Month(4, Form::Hindi)),
    ("मई", Lex::Month(5, Form::Hindi)),
    ("जून", Lex::Month(6, Form::Hindi)),
    ("जुलाई", Lex::Month(7, Form::Hindi)),
    ("अगस्त", Lex::Month(8, Form::Hindi)),
    ("सितंबर", Lex::Month(9, Form::Hindi)),
    ("सितम्बर", Lex::Month(9, Form::Hindi)),
    ("अक्टूबर", Lex::Month(10, Form::Hindi)),
    ("अक्तूबर", Lex::Month(10, Form::Hindi)),
    ("नवंबर", Lex::Month(11, Form::Hindi)),
    ("नवम्बर", Lex::Month(11, Form::Hindi)),
    ("दिसंबर", Lex::Month(12, Form::Hindi)),
    ("दिसम्बर", Lex::Month(12, Form::Hindi)),
    // English months
    ("january", Lex::Month(1, Form::English)),
    ("february", Lex::Month(2, Form::English)),
    ("march", Lex::Month(3, Form::English)),
    ("april", Lex::Month(4, Form::English)),
    ("may", Lex::Month(5, Form::English)),
    ("june", Lex::Month(6, Form::English)),
    ("july", Lex::Month(7, Form::English)),
    ("august", Lex::Month(8, Form::English)),
    ("september", Lex::Month(9, Form::English)),
    ("october", Lex::Month(10, Form::English)),
    ("november", Lex::Month(11, Form::English)),
    ("december", Lex::Month(12, Form::English)),
    ("jan", Lex::Month(1, Form::Abbr)),
    ("feb", Lex::Month(2, Form::Abbr)),
    ("mar", Lex::Month(3, Form::Abbr)),
    ("apr", Lex::Month(4, Form::Abbr)),
    ("jun", Lex::Month(6, Form::Abbr)),
    ("jul", Lex::Month(7, Form::Abbr)),
    ("aug", Lex::Month(8, Form::Abbr)),
    ("sep", Lex::Month(9, Form::Abbr)),
    ("sept", Lex::Month(9, Form::Abbr)),
    ("oct", Lex::Month(10, Form::Abbr)),
    ("nov", Lex::Month(11, Form::Abbr)),
    ("dec", Lex::Month(12, Form::Abbr)),
    // Hindi weekdays
    ("सोमवार", Lex::Weekday(0, Form::Hindi)),
    ("मंगलवार", Lex::Weekday(1, Form::Hindi)),
    ("बुधवार", Lex::Weekday(2, Form::Hindi)),
    ("गुरुवार", Lex::Weekday(3, Form::Hindi)),
    ("गुरूवार", Lex::Weekday(3, Form::Hindi)),
    ("बृहस्पतिवार", Lex::Weekday(3, Form::Hindi)),
    ("वीरवार", Lex::Weekday(3, Form::Hindi)),
    ("शुक्रवार", Lex::Weekday(4, Form::Hindi)),
    ("शनिवार", Lex::Weekday(5, Form::Hindi)),
    ("रविवार", Lex::Weekday(6, Form::Hindi)),
    ("इतवार", Lex::Weekday(6, Form::Hindi)),
    // English weekdays
    ("monday", Lex::Weekday(0, Form::English)),
    ("tuesday", Lex::Weekday(1, Form::English)),
    ("wednesday", Lex::Weekday(2, Form::English)),
    ("thursday", Lex::Weekday(3, Form::English)),
    ("friday", Lex::Weekday(4, Form::English)),
    ("saturday", Lex::Weekday(5, Form::English)),
    ("sunday", Lex::Weekday(6, Form::English)),
    ("mon", Lex::Weekday(0, Form::Abbr)),
    ("tue", Lex::Weekday(1, Form::Abbr)),
    ("tues", Lex::Weekday(1, Form::Abbr)),
    ("wed", Lex::Weekday(2, Form::Abbr)),
    ("thu", Lex::Weekday(3, Form::Abbr)),
    ("thur", Lex::Weekday(3, Form::Abbr)),
    ("thurs", Lex::Weekday(3, Form::Abbr)),
    ("fri", Lex::Weekday(4, Form::Abbr)),
    ("sat", Lex::Weekday(5, Form::Abbr)),
    ("sun", Lex::Weekday(6, Form::Abbr)),
    // deictic days
    ("आज", Lex::Aaj),
    ("कल", Lex::Kal),
    ("परसों", Lex::Parson),
    ("today", Lex::Today),
    ("yesterday", Lex::Yesterday),
    ("tomorrow", Lex::Tomorrow),
    // modifiers
    ("पिछले", Lex::Mod(-1)),
    ("पिछली", Lex::Mod(-1)),
    ("पिछला", Lex::Mod(-1)),
    ("गत", Lex::Mod(-1)),
    ("बीते", Lex::Mod(-1)),
    ("बीती", Lex::Mod(-1)),
    ("बीता", Lex::Mod(-1)),
    ("विगत", Lex::Mod(-1)),
    ("अगले", Lex::Mod(1)),
    ("अगली", Lex::Mod(1)),
    ("अगला", Lex::Mod(1)),
    ("आगामी", Lex::Mod(1)),
    ("इस", Lex::Mod(0)),
    ("इसी", Lex::Mod(0)),
    ("मौजूदा", Lex::Mod(0)),
    ("चालू", Lex::Mod(0)),
    ("वर्तमान", Lex::Mod(0)),
    ("last", Lex::Mod(-1)),
    ("previous", Lex::Mod(-1)),
    ("next", Lex::Mod(1)),
    ("coming", Lex::Mod(1)),
    ("this", Lex::Mod(0)),
    ("current", Lex::Mod(0)),
    // units
    ("दिन", Lex::Unit(Unit::Day, false)),
    ("दिनों", Lex::Unit(Unit::Day, true)),
    ("हफ्ते", Lex::Unit(Unit::Week, false)),
    ("हफ्ता", Lex::Unit(Unit::Week, false)),
    ("हफ्तों", Lex::Unit(Unit::Week, true)),
    ("सप्ताह", Lex::Unit(Unit::Week, false)),
    ("सप्ताहों", Lex::Unit(Unit::Week, true)),
    ("महीने", Lex::Unit(Unit::Month, false)),
    ("महीना", Lex::Unit(Unit::Month, false)),
    ("महीनों", Lex::Unit(Unit::Month, true)),
    ("माह", Lex::Unit(Unit::Month, false)),
    ("मास", Lex::Unit(Unit::Month, false)),
    ("साल", Lex::Unit(Unit::Year, false)),
    ("सालों", Lex::Unit(Unit::Year, true)),
    ("वर्ष", Lex::Unit(Unit::Year, false)),
    ("वर्षों", Lex::Unit(Unit::Year, true)),
    ("बरस", Lex::Unit(Unit::Year, false)),
    ("बरसों", Lex::Unit(Unit::Year, true)),
    ("day", Lex::Unit(Unit::Day, false)),
    ("days", Lex::Unit(Unit::Day, true)),
    ("week", Lex::Unit(Unit::Week, false)),
    ("weeks", Lex::Unit(Unit::Week, true)),
    ("month", Lex::Unit(Unit::Month, false)),
    ("months", Lex::Unit(Unit::Month, true)),
    ("year", Lex::Unit(Unit::Year, false)),
    ("years", Lex::Unit(Unit::Year, true)),
    ("सन्", Lex::San),
    ("सन", Lex::San),
    // postpositions
    ("में", Lex::Post(Post::Me)),
    ("से", Lex::Post(Post::Se)),
    ("तक", Lex::Post(Post::Tak)),
    ("के", Lex::Post(Post::Ke)),
    ("की", Lex::Post(Post::Ki)),
    ("का", Lex::Post(Post::Ka)),
    ("को", Lex::Post(Post::Ko)),
    // misc English glue
    ("st", Lex::Ordinal),
    ("nd", Lex::Ordinal),
    ("rd", Lex::Ordinal),
    ("th", Lex::Ordinal),
    ("of", Lex::Of),
    ("ago", Lex::Ago),
    ("पहले", Lex::Ago),
    ("पूर्व", Lex::Ago),
    ("before", Lex::Before),
    ("after", Lex::After),
    ("in", Lex::EnPrep),
    ("on", Lex::EnPrep),
    ("since", Lex::EnPrep),
    ("until", Lex::EnPrep),
    ("till", Lex::EnPrep),
    ("by", Lex::EnPrep),
    ("from", Lex::EnPrep),
    ("during", Lex::EnPrep),
    ("early", Lex::EnPrep),
    ("late", Lex::EnPrep),
    ("mid", Lex::EnPrep),
    ("through", Lex::EnPrep),
    ("am", Lex::AmPm),
    ("pm", Lex::AmPm),
    ("ist", Lex::Tz),
    ("gmt", Lex::Tz),
    ("utc", Lex::Tz),
    ("est", Lex::Tz),
    ("edt", Lex::Tz),
    ("pst", Lex::Tz),
    ("pdt", Lex::Tz),
    ("bst", Lex::Tz),
    ("cet", Lex::Tz),
    ("cest", Lex::Tz),
    ("kst", Lex::Tz),
    ("jst", Lex::Tz),
    ("msk", Lex::Tz),
    ("z", Lex::Tz),
    ("t", Lex::T),
    // durations, sets, vague references, times of day, eras, festivals
    ("घंटे", Lex::ClockUnit(false)),
    ("घंटा", Lex::ClockUnit(false)),
    ("घंटों", Lex::ClockUnit(false)),
    ("मिनट", Lex::ClockUnit(true)),
    ("मिनटों", Lex::ClockUnit(true)),
    ("hour", Lex::ClockUnit(false)),
    ("hours", Lex::ClockUnit(false)),
    ("minute", Lex::ClockUnit(true)),
    ("minutes", Lex::ClockUnit(true)),
    ("mins", Lex::ClockUnit(true)),
    ("कुछ", Lex::Few),
    ("कई", Lex::Few),
    ("few", Lex::Few),
    ("several", Lex::Few),
    ("हर", Lex::Every),
    ("प्रति", Lex::Every),
    ("every", Lex::Every),
    ("each", Lex::Every),
    ("प्रतिदिन", Lex::SetWord(Unit::Day)),
    ("रोजाना", Lex::SetWord(Unit::Day)),
    ("रोज", Lex::SetWord(Unit::Day)),
    ("प्रतिवर्ष", Lex::SetWord(Unit::Year)),
    ("सालाना", Lex::SetWord(Unit::Year)),
    ("daily", Lex::SetWord(Unit::Day)),
    ("weekly", Lex::SetWord(Unit::Week)),
    ("monthly", Lex::SetWord(Unit::Month)),
    ("annually", Lex::SetWord(Unit::Year)),
    ("आजकल", Lex::RefWord(RefDirection::Present)),
    ("फिलहाल", Lex::RefWord(RefDirection::Present)),
    ("recently", Lex::RefWord(RefDirection::Past)),
    ("lately", Lex::RefWord(RefDirection::Past)),
    ("soon", Lex::RefWord(RefDirection::Future)),
    ("currently", Lex::RefWord(RefDirection::Present)),
    ("nowadays", Lex::RefWord(RefDirection::Present)),
    ("अतीत", Lex::RefNoun(RefDirection::Past)),
    ("भविष्य", Lex::RefNoun(RefDirection::Future)),
    ("हाल", Lex::Haal),
    ("जल्द", Lex::Jald),
    ("ही", Lex::Hi),
    ("आने", Lex::Aane),
    ("इन", Lex::InDays(RefDirection::Present)),
    ("उन", Lex::InDays(RefDirection::Past)),
    ("समय", Lex::Samay),
    ("तारीख", Lex::Tarikh),
    ("सुबह", Lex::DayPart(DayPart::Morning)),
    ("सवेरे", Lex::DayPart(DayPart::Morning)),
    ("प्रातः", Lex::DayPart(DayPart::Morning)),
    ("तडके", Lex::DayPart(DayPart::Morning)),
    ("दोपहर", Lex::DayPart(DayPart::Afternoon)),
    ("शाम", Lex::DayPart(DayPart::Evening)),
    ("सायं", Lex::DayPart(DayPart::Evening)),
    ("रात", Lex::DayPart(DayPart::Night)),
    ("रात्रि", Lex::DayPart(DayPart::Night)),
    ("morning", Lex::DayPart(DayPart::Morning)),
    ("afternoon", Lex::DayPart(DayPart::Afternoon)),
    ("evening", Lex::DayPart(DayPart::Evening)),
    ("night", Lex::DayPart(DayPart::Night)),
    ("देर", Lex::Der),
    ("ई", Lex::Era),
    ("ईस्वी", Lex::Era),
    ("ईसवी", Lex::Era),
    ("दिवाली", Lex::Festival(0)),
    ("दीवाली", Lex::Festival(0)),
    ("दीपावली", Lex::Festival(0)),
    ("diwali", Lex::Festival(0)),
    ("होली", Lex::Festival(1)),
    ("holi", Lex::Festival(1)),
    ("दशहरा", Lex::Festival(2)),
    ("दशहरे", Lex::Festival(2)),
    ("विजयादशमी", Lex::Festival(2)),
    ("क्रिसमस", Lex::Festival(3)),
    ("christmas", Lex::Festival(3)),
    ("गणतंत्र", Lex::FestFirst(4)),
    ("स्वतंत्रता", Lex::FestFirst(5)),
    ("गांधी", Lex::FestFirst(6)),
    ("दिवस", Lex::Divas),
    ("जयंती", Lex::Divas),
    ("ईद", Lex::Festival(7)),
    ("रक्षाबंधन", Lex::Festival(8)),
    ("नवरात्रि", Lex::Festival(9)),
    ("नवरात्र", Lex::Festival(9)),
    ("बजे", Lex::Baje),
    // tense cues
    ("था", Lex::PastStrong),
    ("थी", Lex::PastStrong),
    ("थे", Lex::PastStrong),
    ("थीं", Lex::PastStrong),
    ("गया", Lex::PastStrong),
    ("गयी", Lex::PastStrong),
    ("गये", Lex::PastStrong),
    ("गई", Lex::PastStrong),
    ("गईं", Lex::PastStrong),
    ("गए", Lex::PastStrong),
    ("हुआ", Lex::PastStrong),
    ("हुई", Lex::PastStrong),
    ("हुईं", Lex::PastStrong),
    ("हुए", Lex::PastStrong),
    ("किया", Lex::PastStrong),
    ("किए", Lex::PastStrong),
    ("किये", Lex::PastStrong),
    ("कहा", Lex::PastStrong),
    ("दिया", Lex::PastStrong),
    ("लिया", Lex::PastStrong),
    ("बताया", Lex::PastStrong),
    ("was", Lex::PastStrong),
    ("were", Lex::PastStrong),
    ("had", Lex::PastStrong),
    ("did", Lex::PastStrong),
    ("said", Lex::PastStrong),
    ("कीं", Lex::PastWeak),
    ("ली", Lex::PastWeak),
    ("दी", Lex::PastWeak),
    ("दिए", Lex::PastWeak),
    ("होगा", Lex::Future),
    ("होगी", Lex::Future),
    ("होंगे", Lex::Future),
    ("होंगी", Lex::Future),
    ("होगें", Lex::Future),
    ("प्रस्तावित", Lex::Future),
    ("will", Lex::Future),
    ("shall", Lex::Future),
    ("upcoming", Lex::Future),
    ("scheduled", Lex::Future),
    ("वाला", Lex::Wala),
    ("वाली", Lex::Wala),
    ("वाले", Lex::Wala),
    // clause breaks
    ("कि", Lex::Break),
    ("और", Lex::Break),
    ("लेकिन", Lex::Break),
    ("परंतु", Lex::Break),
    ("परन्तु", Lex::Break),
    ("किंतु", Lex::Break),
    ("किन्तु", Lex::Break),
    ("मगर", Lex::Break),
    ("जबकि", Lex::Break),
    ("बल्कि", Lex::Break),
    ("तथा", Lex::Break),
    ("एवं", Lex::Break),
    ("वहीं", Lex::Break),
    ("जब", Lex::Break),
    ("जहां", Lex::Break),
    ("but", Lex::Break),
    ("while", Lex::Break),
    ("whereas", Lex::Break),
    ("although", Lex::Break),
    // count nouns: a 4-digit number before them is a quantity, not a year
    ("किलोमीटर", Lex::Blocker),
    ("किमी", Lex::Blocker),
    ("मीटर", Lex::Blocker),
    ("लोग", Lex::Blocker),
    ("लोगों", Lex::Blocker),
    ("सैनिक", Lex::Blocker),
    ("सैनिकों", Lex::Blocker),
    ("जवान", Lex::Blocker),
    ("जवानों", Lex::Blocker),
    ("रुपये", Lex::Blocker),
    ("रुपए", Lex::Blocker),
    ("रुपया", Lex::Blocker),
    ("डॉलर", Lex::Blocker),
    ("करोड", Lex::Blocker),
    ("लाख", Lex::Blocker),
    ("हजार", Lex::Blocker),
    ("टन", Lex::Blocker),
    ("मिसाइल", Lex::Blocker),
    ("मिसाइलें", Lex::Blocker),
    ("मिसाइलों", Lex::Blocker),
    ("व्यक्ति", Lex::Blocker),
    ("प्रतिशत", Lex::Blocker),
    ("फीसदी", Lex::Blocker),
    ("सीट", Lex::Blocker),
    ("सीटें", Lex::Blocker),
    ("सीटों", Lex::Blocker),
    ("वोट", Lex::Blocker),
    ("वोटों", Lex::Blocker),
    ("runs", Lex::Blocker),
    ("people", Lex::Blocker),
    ("troops", Lex::Blocker),
    ("soldiers", Lex::Blocker),
    ("km", Lex::Blocker),
    ("kilometers", Lex::Blocker),
    ("kilometres", Lex::Blocker),
    ("miles", Lex::Blocker),
    ("meters", Lex::Blocker),
    ("metres", Lex::Blocker),
    ("dollars", Lex::Blocker),
    ("rupees", Lex::Blocker),
    ("tonnes", Lex::Blocker),
    ("tons", Lex::Blocker),
    ("crore", Lex::Blocker),
    ("lakh", Lex::Blocker),
    ("percent", Lex::Blocker),
    ("rs", Lex::Currency),
    ("inr", Lex::Currency),
    ("usd", Lex::Currency),
    ("रु", Lex::Currency),
    // number words (for "दो दिन पहले", "two days ago")
    ("एक", Lex::NumWord(1)),
    ("दो", Lex::NumWord(2)),
    ("तीन", Lex::NumWord(3)),
    ("चार", Lex::NumWord(4)),
    ("पांच", Lex::NumWord(5)),
    ("छह", Lex::NumWord(6)),
    ("छः", Lex::NumWord(6)),
    ("सात", Lex::NumWord(7)),
    ("आठ", Lex::NumWord(8)),
    ("नौ", Lex::NumWord(9)),
    ("दस", Lex::NumWord(10)),
    ("a", Lex::NumWord(1)),
    ("an", Lex::NumWord(1)),
    ("one", Lex::NumWord(1)),
    ("two", Lex::NumWord(2)),
    ("three", Lex::NumWord(3)),
    ("four", Lex::NumWord(4)),
    ("five", Lex::NumWord(5)),
    ("six", Lex::NumWord(6)),
    ("seven", Lex::NumWord(7)),
    ("eight", Lex::NumWord(8)),
    ("nine", Lex::NumWord(9)),
    ("ten", Lex::NumWord(10)),
];

/// Future-tense verb endings (folded). `ेगा` covers करेगा/जायेगा, `एगा` covers
/// जाएगा, `ेंगे` करेंगे … Endings in `ोगी/ोगा` are left out on purpose
/// (सहयोगी, योगी, योगा); होगा/होगी are in the lexicon.
pub(super) const FUTURE_SUFFIXES: &[&str] = &[
    "ेगा",
    "ेगी",
    "ेगे",
    "ेंगे",
    "ेंगी",
    "ेगें",
    "एगा",
    "एगी",
    "एंगे",
    "एंगी",
    "एगें",
    "ूंगा",
    "ूंगी",
    "ऊंगा",
    "ऊंगी",
];

/// A multiply-rotate hash taking eight bytes at a time (as rustc's FxHash does): words are short and the keys are
/// our own constants, so there is nothing to defend against. (FNV-1a, a byte at a time, was a third of the
/// tokenizer's time: Devanagari words are 12-20 bytes.)
#[derive(Default)]
pub(crate) struct Fnv(u64);

const HASH_K: u64 = 0xf135_7aea_2e62_a9c5;

impl Fnv {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(HASH_K);
    }
}

impl std::hash::Hasher for Fnv {
    #[inline]
    fn finish(&self) -> u64 {
        // The table takes its slot from the low bits and its tag from the top ones: fold the two together.
        self.0 ^ (self.0 >> 31)
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("eight bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(last));
        }
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

type FnvMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

pub(super) fn lexicon() -> &'static FnvMap<&'static [u8], Lex> {
    static MAP: OnceLock<FnvMap<&'static [u8], Lex>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut m = FnvMap::default();
        for (k, l) in LEXICON {
            // the first entry of a duplicated key wins, as the sorted table's dedup kept it
            m.entry(k.as_bytes()).or_insert(*l);
        }
        m
    })
}

pub(super) fn classify(folded: &[u8]) -> Lex {
    if let Some(l) = lexicon().get(folded) {
        return *l;
    }
    if folded.len() > 9 && future_ending(folded) && !folded.is_ascii() {
        for s in FUTURE_SUFFIXES {
            if folded.ends_with(s.as_bytes()) && folded.len() > s.len() {
                return Lex::Future;
            }
        }
    }
    Lex::Other
}

/// Whether `folded` ends in the last two chars of a future-tense ending (गा, गी, गे, ें): most long words do not, and
/// are then not compared with every ending.
fn future_ending(folded: &[u8]) -> bool {
    static ENDS: OnceLock<Vec<&'static [u8]>> = OnceLock::new();
    let ends = ENDS.get_or_init(|| {
        let mut ends: Vec<&[u8]> = FUTURE_SUFFIXES
            .iter()
            .map(|s| &s.as_bytes()[s.len() - FUTURE_TAIL..])
            .collect();
        ends.sort_unstable();
        ends.dedup();
        ends
    });
    folded.len() >= FUTURE_TAIL && ends.iter().any(|e| folded.ends_with(e))
}

/// Bytes of a future-tense ending compared first: two Devanagari chars (every ending has at least two).
pub(super) const FUTURE_TAIL: usize = 6;
