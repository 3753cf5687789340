//! Temporal-expression tagger for Hindi and English news text.
//!
//! The tagger is a hand-written token scanner (no regular expressions, one token
//! vector per call, no per-character allocation). The text is split into number,
//! word and punctuation tokens; every word is case- and nukta-folded once into a
//! stack buffer and looked up in a small sorted lexicon. Patterns are then tried
//! left to right; at each position the longest pattern wins and matched tokens are
//! consumed, so mentions never overlap (a full date beats a day–month, which beats
//! a bare year, …).
//!
//! Conventions worth knowing:
//! * All offsets in [`Mention`] are `char` (Unicode scalar) offsets, end exclusive.
//! * Words are folded before lookup: ASCII lower-casing, the nukta (U+093C) and
//!   the precomposed nukta letters (U+0958–U+095F) are folded to their base
//!   letter, chandrabindu becomes anusvara and ZWJ/ZWNJ are dropped. So `फ़रवरी`
//!   (either encoding) and `फरवरी` are the same word.
//! * Relative **weeks** (`पिछले हफ्ते`, `this week`, `दो हफ्ते पहले`) are not
//!   represented at day precision: they resolve to the *month* containing
//!   `reference ± 7·n days` ([`Granularity::Month`]). A week is too fuzzy in news
//!   prose to pin to a day, and the timeline only needs to place it in a month.
//! * A day–month without a year takes the reference's year; if that date lies
//!   more than [`YEAR_ROLLBACK_DAYS`] days after the reference, the previous year
//!   is used instead. If a future verb follows in the same clause and the date lies
//!   before the reference, the next year is used. A bare Hindi month followed by a
//!   postposition (`जून में`) is tagged the same way at month precision, as
//!   [`MentionKind::MonthYear`] with [`Resolution::YearFromReference`].
//! * Weekdays resolve to the most recent such day on or before the reference, or
//!   to the next such day strictly after it when a future verb is found in the same
//!   clause (`करेंगे`, `होगी`, `will` …). `पिछले/last` + weekday is strictly before
//!   the reference, `अगले/आगामी/next` + weekday strictly after it.
//! * `कल`/`परसों` are past (−1/−2 days) unless a future verb follows in the clause.

use chrono::{Datelike, Duration, NaiveDate};
use std::sync::OnceLock;

/// What an unresolved relative mention is waiting for.
pub const NEEDS_REFERENCE: &str = "the article's publication date";

/// A day–month without a year that would land more than this many days after the
/// reference date is moved to the previous year.
pub const YEAR_ROLLBACK_DAYS: i64 = 62;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Granularity {
    Year,
    Month,
    Day,
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct TimexValue {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

const MIN_YEAR: i32 = -9999;
const MAX_YEAR: i32 = 9999;

impl TimexValue {
    /// A whole year.
    pub fn of_year(year: i32) -> Self {
        TimexValue {
            year,
            month: None,
            day: None,
        }
    }

    /// A whole month.
    pub fn of_month(year: i32, month: u32) -> Self {
        TimexValue {
            year,
            month: Some(month),
            day: None,
        }
    }

    /// A single day.
    pub fn of_day(year: i32, month: u32, day: u32) -> Self {
        TimexValue {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// The day `d` at [`Granularity::Day`].
    pub fn from_date(d: NaiveDate) -> Self {
        Self::of_day(d.year(), d.month(), d.day())
    }

    /// `Day` when both month and day are set, `Month` when only the month is,
    /// otherwise `Year` (a day without a month is ignored).
    pub fn granularity(&self) -> Granularity {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Granularity::Day,
            (Some(_), None) => Granularity::Month,
            _ => Granularity::Year,
        }
    }

    /// TIMEX3-style value: `"2024"`, `"2024-06"`, `"2024-06-19"`.
    pub fn to_timex(&self) -> String {
        match (self.granularity(), self.month, self.day) {
            (Granularity::Day, Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Granularity::Month, Some(m), _) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// Inverse of [`to_timex`](Self::to_timex). Accepts exactly `YYYY`, `YYYY-MM`
    /// or `YYYY-MM-DD` (ASCII digits) and rejects impossible months and dates.
    pub fn parse_timex(s: &str) -> Option<Self> {
        let s = s.trim();
        let mut parts = s.split('-');
        let y = parts.next()?;
        let year = parse_fixed_digits(y, 4)? as i32;
        let month = match parts.next() {
            None => return Some(Self::of_year(year)),
            Some(m) => parse_fixed_digits(m, 2)?,
        };
        if !(1..=12).contains(&month) {
            return None;
        }
        let day = match parts.next() {
            None => return Some(Self::of_month(year, month)),
            Some(d) => parse_fixed_digits(d, 2)?,
        };
        if parts.next().is_some() {
            return None;
        }
        NaiveDate::from_ymd_opt(year, month, day)?;
        Some(Self::of_day(year, month, day))
    }

    /// First day of the period. Out-of-range fields are clamped (month to 1–12,
    /// day to the month's length, year to ±9999) so this never panics.
    pub fn start_date(&self) -> NaiveDate {
        let y = self.year.clamp(MIN_YEAR, MAX_YEAR);
        match (self.granularity(), self.month, self.day) {
            (Granularity::Day, Some(m), Some(d)) => {
                let m = m.clamp(1, 12);
                ymd(y, m, d.clamp(1, days_in_month(y, m)))
            }
            (Granularity::Month, Some(m), _) => ymd(y, m.clamp(1, 12), 1),
            _ => ymd(y, 1, 1),
        }
    }

    /// The day after the period's last day.
    pub fn end_date_exclusive(&self) -> NaiveDate {
        let y = self.year.clamp(MIN_YEAR, MAX_YEAR);
        match (self.granularity(), self.month) {
            (Granularity::Day, _) => self.start_date() + Duration::days(1),
            (Granularity::Month, Some(m)) => {
                let (ny, nm) = add_months(y, m.clamp(1, 12), 1);
                ymd(ny, nm, 1)
            }
            _ => ymd(y + 1, 1, 1),
        }
    }

    /// The value at granularity `g` or coarser: coarsening drops the finer fields;
    /// asking for a finer granularity than the value has returns it unchanged.
    pub fn coarsen(&self, g: Granularity) -> TimexValue {
        if g >= self.granularity() {
            return *self;
        }
        match g {
            Granularity::Year => Self::of_year(self.year),
            Granularity::Month => TimexValue {
                year: self.year,
                month: self.month,
                day: None,
            },
            Granularity::Day => *self,
        }
    }

    /// Whether `d` falls inside the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start_date() <= d && d < self.end_date_exclusive()
    }
}

impl std::fmt::Display for TimexValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_timex())
    }
}

fn parse_fixed_digits(s: &str, n: usize) -> Option<u32> {
    if s.len() != n || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MentionKind {
    /// Day, month and year stated: "19 जून 2024", "September 13, 2023", "19/06/2024".
    FullDate,
    /// Month and year ("जून 2024"), or a bare month whose year comes from the
    /// reference ("जून में", resolution [`Resolution::YearFromReference`]).
    MonthYear,
    /// A year alone: "2024 में", "साल 2000".
    Year,
    /// Day and month without a year: "19 जून को", "June 19".
    DayMonth,
    /// A weekday, possibly with पिछले/अगले/last/next: "बुधवार को".
    Weekday,
    /// आज, कल, परसों, पिछले साल, इस वर्ष, दो दिन पहले, last week …
    Relative,
    /// A full date followed by a clock time (bylines: "September 13, 2023 4:28 PM"),
    /// or an ISO date-time.
    Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Resolution {
    /// The text states the whole value.
    Explicit,
    /// Day/month without a year, year taken from the reference date.
    YearFromReference,
    /// Most recent such weekday on or before the reference date.
    WeekdayBefore,
    /// Next such weekday after the reference (future verb).
    WeekdayAfter,
    /// आज, कल, पिछले साल, इस वर्ष …
    RelativeToReference,
    /// E.g. "the article's publication date".
    Unresolved { needs: String },
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mention {
    /// Char (Unicode scalar) offset of the first char.
    pub start: usize,
    /// Char offset one past the last char.
    pub end: usize,
    /// The matched text (`text.chars().skip(start).take(end - start)`).
    pub text: String,
    pub kind: MentionKind,
    /// `None` when unresolved.
    pub value: Option<TimexValue>,
    pub resolution: Resolution,
}

impl Mention {
    /// The char range of the mention.
    pub fn char_range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// Tag `text` (one block/paragraph; already NFC-normalised). `reference` = the
/// article's publication date.
pub fn tag(text: &str, reference: Option<NaiveDate>) -> Vec<Mention> {
    let mut toks = Vec::with_capacity(text.len() / 6 + 4);
    tokenize(text, &mut toks);
    let ctx = Ctx { t: &toks, text };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match ctx.match_at(i) {
            Some(m) if m.end > i => {
                let (value, resolution) = resolve(m.val, reference);
                let first = &toks[i];
                let last = &toks[m.end - 1];
                out.push(Mention {
                    start: first.cs,
                    end: last.ce,
                    text: text[first.bs..last.be].to_string(),
                    kind: m.kind,
                    value,
                    resolution,
                });
                i = m.end;
            }
            _ => i += 1,
        }
    }
    out
}

/// Parse a byline/timestamp line such as "Published: September 13, 2023 4:28 PM",
/// "Updated: 27 Dec, 2025 02:06 PM", "13 सितंबर 2023",
/// "Updated: Wed, 19 Jun 2024 10:15 AM IST". Returns the first full date the line
/// states (day precision, stated explicitly), if any.
pub fn parse_byline_date(line: &str) -> Option<NaiveDate> {
    tag(line, None).into_iter().find_map(|m| match m.kind {
        MentionKind::FullDate | MentionKind::Timestamp => {
            let v = m.value?;
            match (v.month, v.day) {
                (Some(mo), Some(d)) => NaiveDate::from_ymd_opt(v.year, mo, d),
                _ => None,
            }
        }
        _ => None,
    })
}

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn add_months(y: i32, m: u32, n: i64) -> (i32, u32) {
    let idx = y as i64 * 12 + (m as i64 - 1) + n;
    (idx.div_euclid(12) as i32, idx.rem_euclid(12) as u32 + 1)
}

// ---------------------------------------------------------------------------
// Lexicon
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Hindi,
    English,
    Abbr,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Post {
    Me,
    Se,
    Tak,
    Ke,
    Ki,
    Ka,
    Ko,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lex {
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
}

/// All lexicon keys are written in folded form (no nukta, no chandrabindu,
/// lower-case ASCII); a unit test checks that.
const LEXICON: &[(&str, Lex)] = &[
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
    ("घंटे", Lex::Blocker),
    ("मिनट", Lex::Blocker),
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
    ("hours", Lex::Blocker),
    ("minutes", Lex::Blocker),
    ("mins", Lex::Blocker),
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
const FUTURE_SUFFIXES: &[&str] = &[
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

fn lexicon() -> &'static [(&'static [u8], Lex)] {
    static SORTED: OnceLock<Vec<(&'static [u8], Lex)>> = OnceLock::new();
    SORTED.get_or_init(|| {
        let mut v: Vec<(&'static [u8], Lex)> =
            LEXICON.iter().map(|(k, l)| (k.as_bytes(), *l)).collect();
        v.sort_by(|a, b| a.0.cmp(b.0));
        v.dedup_by(|a, b| a.0 == b.0);
        v
    })
}

fn classify(folded: &[u8]) -> Lex {
    let lex = lexicon();
    if let Ok(i) = lex.binary_search_by(|(k, _)| (*k).cmp(folded)) {
        return lex[i].1;
    }
    if folded.len() > 9 && !folded.is_ascii() {
        for s in FUTURE_SUFFIXES {
            if folded.ends_with(s.as_bytes()) && folded.len() > s.len() {
                return Lex::Future;
            }
        }
    }
    Lex::Other
}

// ---------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TK {
    Num { val: u32, nd: u8 },
    Word(Lex),
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    /// Byte range.
    bs: usize,
    be: usize,
    /// Char range.
    cs: usize,
    ce: usize,
    kind: TK,
    /// First char is an ASCII capital.
    cap: bool,
    /// Folded word ends in "ने" (होने, आने …).
    ne_end: bool,
    /// Folded word ends in "से" (इससे, उससे …).
    se_end: bool,
}

#[inline]
fn digit_val(c: char) -> Option<u32> {
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

const FOLD_CAP: usize = 64;

fn tokenize(text: &str, out: &mut Vec<Tok>) {
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

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WdDir {
    OnOrBefore,
    StrictlyBefore,
    After,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Val {
    Explicit(TimexValue),
    DayMonth { m: u32, d: u32, future: bool },
    BareMonth { m: u32, future: bool },
    Weekday { wd: u32, dir: WdDir },
    Days(i64),
    Units(Unit, i64),
}

#[derive(Clone, Copy, Debug)]
struct Match {
    /// Token index one past the match.
    end: usize,
    kind: MentionKind,
    val: Val,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

fn is_clause_punct(c: char) -> bool {
    matches!(
        c,
        '।' | '॥' | '.' | '?' | '!' | ';' | ',' | ':' | '\n' | '|'
    )
}

struct Ctx<'a> {
    t: &'a [Tok],
    text: &'a str,
}

impl Ctx<'_> {
    fn lex(&self, j: usize) -> Option<Lex> {
        match self.t.get(j)?.kind {
            TK::Word(l) => Some(l),
            _ => None,
        }
    }

    fn num(&self, j: usize) -> Option<(u32, u8)> {
        match self.t.get(j)?.kind {
            TK::Num { val, nd } => Some((val, nd)),
            _ => None,
        }
    }

    fn is_num(&self, j: usize) -> bool {
        matches!(self.t.get(j).map(|t| t.kind), Some(TK::Num { .. }))
    }

    fn is_punct(&self, j: usize, c: char) -> bool {
        matches!(self.t.get(j).map(|t| t.kind), Some(TK::Punct(p)) if p == c)
    }

    fn punct(&self, j: usize) -> Option<char> {
        match self.t.get(j)?.kind {
            TK::Punct(p) => Some(p),
            _ => None,
        }
    }

    /// Token `j` touches token `j - 1` (no whitespace between them).
    fn adj(&self, j: usize) -> bool {
        j > 0 && j < self.t.len() && self.t[j].cs == self.t[j - 1].ce
    }

    fn word_text(&self, j: usize) -> &str {
        let t = &self.t[j];
        &self.text[t.bs..t.be]
    }

    /// Token `j` is not glued to a preceding letter/digit, to number-internal
    /// punctuation (`4:28`, `10,000`, `2.5`, `190/9`) or to a currency sign.
    fn left_clean(&self, j: usize) -> bool {
        if !self.adj(j) {
            return true;
        }
        match self.t[j - 1].kind {
            TK::Word(_) | TK::Num { .. } => false,
            TK::Punct(c) => {
                if matches!(c, '$' | '₹' | '€' | '£' | '#' | '@') {
                    return false;
                }
                !(matches!(c, ':' | '.' | ',' | '/')
                    && j >= 2
                    && self.adj(j - 1)
                    && self.is_num(j - 2))
            }
        }
    }

    /// Token `j` is not glued to a following letter/digit or to number-internal
    /// punctuation followed by a digit. `dash_breaks`: also reject `19-20`.
    fn right_clean(&self, j: usize, dash_breaks: bool) -> bool {
        let k = j + 1;
        if !self.adj(k) {
            return true;
        }
        match self.t[k].kind {
            TK::Word(_) | TK::Num { .. } => false,
            TK::Punct(c) => {
                if c == '%' {
                    return false;
                }
                let numeric_sep = matches!(c, ':' | '.' | ',' | '/') || (dash_breaks && c == '-');
                !(numeric_sep && self.adj(k + 1) && self.is_num(k + 1))
            }
        }
    }

    fn match_at(&self, i: usize) -> Option<Match> {
        match self.t[i].kind {
            TK::Num { .. } => self
                .full_date_at(i)
                .or_else(|| self.day_month_at(i))
                .or_else(|| self.ago_at(i))
                .or_else(|| self.year_at(i)),
            TK::Word(lex) => match lex {
                Lex::Month(..) => self
                    .full_date_at(i)
                    .or_else(|| self.month_year_at(i))
                    .or_else(|| self.day_month_at(i))
                    .or_else(|| self.bare_month_at(i)),
                Lex::Weekday(..) => self.weekday_at(i),
                Lex::Mod(_) => self.mod_at(i),
                Lex::Aaj | Lex::Kal | Lex::Parson | Lex::Today | Lex::Yesterday | Lex::Tomorrow => {
                    self.deictic_at(i)
                }
                Lex::Unit(Unit::Day, false) => self.day_before_after_at(i),
                Lex::NumWord(_) => self.ago_at(i),
                _ => None,
            },
            TK::Punct(_) => None,
        }
    }

    /// Day of month 1–31 at `j` (1–2 digits, optional adjacent st/nd/rd/th).
    /// Returns the day and the next token index.
    fn day_at(&self, j: usize) -> Option<(u32, usize)> {
        let (v, nd) = self.num(j)?;
        if nd > 2 || v == 0 || v > 31 || !self.left_clean(j) {
            return None;
        }
        if self.adj(j + 1) && self.lex(j + 1) == Some(Lex::Ordinal) {
            return Some((v, j + 2));
        }
        if !self.right_clean(j, true) {
            return None;
        }
        Some((v, j + 1))
    }

    /// Month name at `j` (an abbreviation may carry an adjacent '.').
    fn month_at(&self, j: usize) -> Option<(u32, Form, usize)> {
        match self.lex(j)? {
            Lex::Month(m, f) => {
                let mut k = j + 1;
                if f == Form::Abbr && self.is_punct(k, '.') && self.adj(k) {
                    k += 1;
                }
                Some((m as u32, f, k))
            }
            _ => None,
        }
    }

    /// A 4-digit year (1000–2999) inside a date.
    fn year4_at(&self, j: usize) -> Option<(i32, usize)> {
        let (v, nd) = self.num(j)?;
        if nd != 4 || !(1000..=2999).contains(&v) || !self.left_clean(j) {
            return None;
        }
        if !self.right_clean(j, false) {
            return None;
        }
        Some((v as i32, j + 1))
    }

    /// An optional clock time after a date: `[,|at] 4:28[:05] [AM|PM|a.m.] [IST] [बजे]`
    /// or ISO `T10:15:00[.123][Z|+05:30]`. Returns the next token index.
    fn time_at(&self, j: usize) -> Option<usize> {
        let mut k = j;
        if self.lex(k) == Some(Lex::T) && self.adj(k) && self.adj(k + 1) {
            k += 1;
            return self.clock_at(k, true);
        }
        if self.is_punct(k, ',') || self.is_punct(k, '|') || self.word_text_is(k, "at") {
            k += 1;
        }
        self.clock_at(k, false)
    }

    fn word_text_is(&self, j: usize, s: &str) -> bool {
        matches!(self.t.get(j).map(|t| t.kind), Some(TK::Word(_)))
            && self.word_text(j).eq_ignore_ascii_case(s)
    }

    fn clock_at(&self, j: usize, iso: bool) -> Option<usize> {
        let (h, hnd) = self.num(j)?;
        if hnd > 2 || h > 23 || !self.is_punct(j + 1, ':') || !self.adj(j + 1) || !self.adj(j + 2) {
            return None;
        }
        let (mi, mnd) = self.num(j + 2)?;
        if mnd != 2 || mi > 59 {
            return None;
        }
        let mut k = j + 3;
        // seconds
        if self.is_punct(k, ':') && self.adj(k) && self.adj(k + 1) {
            if let Some((s, 2)) = self.num(k + 1) {
                if s <= 60 {
                    k += 2;
                }
            }
        }
        // fractional seconds
        if iso && self.is_punct(k, '.') && self.adj(k) && self.adj(k + 1) && self.is_num(k + 1) {
            k += 2;
        }
        // numeric UTC offset: +05:30 / -0400
        if iso
            && (self.is_punct(k, '+') || self.is_punct(k, '-'))
            && self.adj(k)
            && self.adj(k + 1)
            && self.is_num(k + 1)
        {
            k += 2;
            if self.is_punct(k, ':') && self.adj(k) && self.adj(k + 1) && self.is_num(k + 1) {
                k += 2;
            }
        }
        // AM/PM
        if self.lex(k) == Some(Lex::AmPm) {
            k += 1;
        } else if (self.word_text_is(k, "a") || self.word_text_is(k, "p"))
            && self.is_punct(k + 1, '.')
            && self.adj(k + 1)
            && self.word_text_is(k + 2, "m")
            && self.adj(k + 2)
        {
            k += 3;
            if self.is_punct(k, '.') && self.adj(k) {
                k += 1;
            }
        }
        // time zone, possibly in parentheses
        if self.lex(k) == Some(Lex::Tz) {
            k += 1;
        } else if self.is_punct(k, '(')
            && self.lex(k + 1) == Some(Lex::Tz)
            && self.is_punct(k + 2, ')')
        {
            k += 3;
        }
        if self.lex(k) == Some(Lex::Baje) {
            k += 1;
        }
        Some(k)
    }

    fn explicit_date(&self, y: i32, m: u32, d: u32, j: usize) -> Option<Match> {
        NaiveDate::from_ymd_opt(y, m, d)?;
        let (kind, end) = match self.time_at(j) {
            Some(k) => (MentionKind::Timestamp, k),
            None => (MentionKind::FullDate, j),
        };
        Some(Match {
            end,
            kind,
            val: Val::Explicit(TimexValue::of_day(y, m, d)),
        })
    }

    /// Full dates: numeric (DD/MM/YYYY, YYYY-MM-DD), "19 जून, 2024",
    /// "19th of June 2024", "13-Sep-2023", "जून 19, 2024", "September 13, 2023";
    /// followed by a clock time they become a [`MentionKind::Timestamp`].
    fn full_date_at(&self, i: usize) -> Option<Match> {
        if self.is_num(i) {
            if let Some(m) = self.numeric_date_at(i) {
                return Some(m);
            }
            // D [ord] [of] [-] Month [.] [,|-] YYYY
            let (d, mut j) = self.day_at(i)?;
            if self.lex(j) == Some(Lex::Of) {
                j += 1;
            }
            if self.is_punct(j, '-') && self.adj(j) {
                j += 1;
            }
            let (m, _, mut j) = self.month_at(j)?;
            if self.is_punct(j, ',') || (self.is_punct(j, '-') && self.adj(j)) {
                j += 1;
            }
            let (y, j) = self.year4_at(j)?;
            return self.explicit_date(y, m, d, j);
        }
        // Month [.] D [ord] [,] YYYY
        let (m, _, j) = self.month_at(i)?;
        let (d, mut j) = self.day_at(j)?;
        if self.is_punct(j, ',') {
            j += 1;
        }
        let (y, j) = self.year4_at(j)?;
        self.explicit_date(y, m, d, j)
    }

    /// 19/06/2024, 19.06.2024, 19-06-2024 (day first), 2024-06-19, 2024/06/19.
    fn numeric_date_at(&self, i: usize) -> Option<Match> {
        if !self.left_clean(i) {
            return None;
        }
        let sep = self.punct(i + 1)?;
        if !matches!(sep, '/' | '.' | '-') {
            return None;
        }
        if !(self.adj(i + 1) && self.adj(i + 2) && self.adj(i + 3) && self.adj(i + 4)) {
            return None;
        }
        if self.punct(i + 3) != Some(sep) {
            return None;
        }
        let (a, and) = self.num(i)?;
        let (b, bnd) = self.num(i + 2)?;
        let (c, cnd) = self.num(i + 4)?;
        let (y, m, d) = if and == 4 && bnd <= 2 && cnd <= 2 && sep != '.' {
            (a as i32, b, c)
        } else if and <= 2 && bnd <= 2 && cnd == 4 {
            (c as i32, b, a)
        } else {
            return None;
        };
        if !(1000..=2999).contains(&y) {
            return None;
        }
        let end = i + 5;
        // must not continue as another number (e.g. 1.2.2024.5) or a word
        if self.adj(end) {
            let iso_t = and == 4 && self.lex(end) == Some(Lex::T);
            if !iso_t
                && (self.lex(end).is_some()
                    || self.is_num(end)
                    || (self
                        .punct(end)
                        .is_some_and(|p| matches!(p, '.' | '/' | '-' | ':'))
                        && self.adj(end + 1)
                        && self.is_num(end + 1)))
            {
                return None;
            }
        }
        self.explicit_date(y, m, d, end)
    }

    /// "जून 2024", "June 2024", "Jun, 2024", "June of 2024".
    fn month_year_at(&self, i: usize) -> Option<Match> {
        let (m, _, mut j) = self.month_at(i)?;
        if self.is_punct(j, ',')
            || self.lex(j) == Some(Lex::Of)
            || (self.is_punct(j, '-') && self.adj(j))
        {
            j += 1;
        }
        let (y, j) = self.year4_at(j)?;
        Some(Match {
            end: j,
            kind: MentionKind::MonthYear,
            val: Val::Explicit(TimexValue::of_month(y, m)),
        })
    }

    /// "19 जून", "19th June", "June 19" — no year.
    fn day_month_at(&self, i: usize) -> Option<Match> {
        let (m, d, end) = if self.is_num(i) {
            let (d, mut j) = self.day_at(i)?;
            if self.lex(j) == Some(Lex::Of) {
                j += 1;
            }
            if self.is_punct(j, '-') && self.adj(j) {
                j += 1;
            }
            let (m, _, j) = self.month_at(j)?;
            // a following year means an invalid full date: let "Month YYYY" take it
            let mut k = j;
            if self.is_punct(k, ',') {
                k += 1;
            }
            if self.year4_at(k).is_some() {
                return None;
            }
            (m, d, j)
        } else {
            let (m, form, j) = self.month_at(i)?;
            if form != Form::Hindi && !self.t[i].cap {
                return None;
            }
            let (d, j) = self.day_at(j)?;
            if matches!(self.lex(j), Some(Lex::Blocker | Lex::Unit(..))) {
                return None;
            }
            (m, d, j)
        };
        if d > days_in_month(2000, m) {
            return None;
        }
        let future = self.tense_around(i, end) == Tense::Future;
        Some(Match {
            end,
            kind: MentionKind::DayMonth,
            val: Val::DayMonth { m, d, future },
        })
    }

    /// A month name on its own: Hindi followed by a postposition ("जून में",
    /// "जून महीने में"); English capitalised ("in June"; May/March need a
    /// preposition before them).
    fn bare_month_at(&self, i: usize) -> Option<Match> {
        let (m, form, j) = self.month_at(i)?;
        let end = match form {
            Form::Abbr => return None,
            Form::Hindi => match self.lex(j) {
                Some(Lex::Post(_)) => j,
                Some(Lex::Unit(Unit::Month, false)) => j + 1,
                _ => return None,
            },
            Form::English => {
                if !self.t[i].cap {
                    return None;
                }
                if (m == 3 || m == 5)
                    && !(i > 0
                        && matches!(
                            self.lex(i - 1),
                            Some(Lex::EnPrep | Lex::Before | Lex::After)
                        ))
                {
                    return None;
                }
                j
            }
        };
        let future = self.tense_around(i, end) == Tense::Future;
        Some(Match {
            end,
            kind: MentionKind::MonthYear,
            val: Val::BareMonth { m, future },
        })
    }

    /// A bare year 1900–2099: a standalone 4-digit token, not part of a time,
    /// decimal, thousands group or word, and not a quantity ("2000 सैनिक").
    fn year_at(&self, i: usize) -> Option<Match> {
        let (v, nd) = self.num(i)?;
        if nd != 4
            || !(1900..=2099).contains(&v)
            || !self.left_clean(i)
            || !self.right_clean(i, false)
        {
            return None;
        }
        let prefixed = i > 0
            && matches!(
                self.lex(i - 1),
                Some(Lex::San | Lex::Unit(Unit::Year, false))
            );
        if !prefixed {
            if matches!(self.lex(i + 1), Some(Lex::Blocker | Lex::Unit(..))) {
                return None;
            }
            if i > 0 && self.lex(i - 1) == Some(Lex::Currency) {
                return None;
            }
        }
        Some(Match {
            end: i + 1,
            kind: MentionKind::Year,
            val: Val::Explicit(TimexValue::of_year(v as i32)),
        })
    }

    fn weekday_at(&self, i: usize) -> Option<Match> {
        let Some(Lex::Weekday(wd, form)) = self.lex(i) else {
            return None;
        };
        // "बुधवार, 19 जून 2024", "Wed, 19 Jun 2024 10:15 AM IST": one mention.
        let mut j = i + 1;
        if self.is_punct(j, ',') {
            j += 1;
        }
        if j < self.t.len() && matches!(self.t[j].kind, TK::Num { .. } | TK::Word(Lex::Month(..))) {
            if let Some(m) = self.full_date_at(j).or_else(|| self.day_month_at(j)) {
                return Some(m);
            }
        }
        if form == Form::Abbr {
            return None;
        }
        let dir = if self.tense_around(i, i + 1) == Tense::Future {
            WdDir::After
        } else {
            WdDir::OnOrBefore
        };
        Some(Match {
            end: i + 1,
            kind: MentionKind::Weekday,
            val: Val::Weekday { wd: wd as u32, dir },
        })
    }

    /// पिछले/अगले/इस + weekday or unit (साल, वर्ष, महीने, हफ्ते …).
    fn mod_at(&self, i: usize) -> Option<Match> {
        let Some(Lex::Mod(n)) = self.lex(i) else {
            return None;
        };
        match self.lex(i + 1)? {
            Lex::Weekday(wd, f) if f != Form::Abbr => {
                let dir = match n {
                    n if n < 0 => WdDir::StrictlyBefore,
                    n if n > 0 => WdDir::After,
                    _ if self.tense_around(i, i + 2) == Tense::Future => WdDir::After,
                    _ => WdDir::OnOrBefore,
                };
                Some(Match {
                    end: i + 2,
                    kind: MentionKind::Weekday,
                    val: Val::Weekday { wd: wd as u32, dir },
                })
            }
            Lex::Unit(u, false) if u != Unit::Day => Some(Match {
                end: i + 2,
                kind: MentionKind::Relative,
                val: Val::Units(u, n as i64),
            }),
            _ => None,
        }
    }

    fn deictic_at(&self, i: usize) -> Option<Match> {
        let lex = self.lex(i)?;
        // "कल-कारखाने" (factories) is not a date
        if lex == Lex::Kal && self.is_punct(i + 1, '-') && self.adj(i + 1) {
            return None;
        }
        let days = match lex {
            Lex::Aaj | Lex::Today => 0,
            Lex::Yesterday => -1,
            Lex::Tomorrow => 1,
            Lex::Kal | Lex::Parson => {
                let n = if lex == Lex::Kal { 1 } else { 2 };
                if self.tense_around(i, i + 1) == Tense::Future {
                    n
                } else {
                    -n
                }
            }
            _ => return None,
        };
        Some(Match {
            end: i + 1,
            kind: MentionKind::Relative,
            val: Val::Days(days),
        })
    }

    /// "day before yesterday", "day after tomorrow".
    fn day_before_after_at(&self, i: usize) -> Option<Match> {
        let days = match (self.lex(i + 1)?, self.lex(i + 2)?) {
            (Lex::Before, Lex::Yesterday) => -2,
            (Lex::After, Lex::Tomorrow) => 2,
            _ => return None,
        };
        Some(Match {
            end: i + 3,
            kind: MentionKind::Relative,
            val: Val::Days(days),
        })
    }

    /// "दो दिन पहले", "3 साल पहले", "two weeks ago" (not "बैठक से दो दिन पहले").
    fn ago_at(&self, i: usize) -> Option<Match> {
        let n = match self.t[i].kind {
            TK::Num { val, nd }
                if nd <= 3 && val >= 1 && self.left_clean(i) && self.right_clean(i, true) =>
            {
                val
            }
            TK::Word(Lex::NumWord(n)) => n as u32,
            _ => return None,
        };
        if i > 0 {
            let p = &self.t[i - 1];
            if p.se_end || matches!(p.kind, TK::Word(Lex::Post(Post::Ke | Post::Se))) {
                return None;
            }
        }
        let Some(Lex::Unit(u, _)) = self.lex(i + 1) else {
            return None;
        };
        if self.lex(i + 2) != Some(Lex::Ago) {
            return None;
        }
        let n = -(n as i64);
        Some(Match {
            end: i + 3,
            kind: MentionKind::Relative,
            val: if u == Unit::Day {
                Val::Days(n)
            } else {
                Val::Units(u, n)
            },
        })
    }

    fn is_boundary(&self, k: usize) -> bool {
        match self.t.get(k).map(|t| t.kind) {
            None => true,
            Some(TK::Punct(c)) => is_clause_punct(c),
            Some(TK::Word(Lex::Break)) => true,
            _ => false,
        }
    }

    /// Tense of the clause around tokens `start..end`: first look forward (Hindi
    /// verbs close the clause), then back (English auxiliaries precede the verb).
    fn tense_around(&self, start: usize, end: usize) -> Tense {
        let lim = (end + 16).min(self.t.len());
        let mut k = end;
        while k < lim {
            match self.t[k].kind {
                TK::Punct(c) if is_clause_punct(c) => break,
                TK::Word(Lex::Break) => break,
                TK::Word(Lex::Future) => return Tense::Future,
                TK::Word(Lex::Wala) if k > 0 && self.t[k - 1].ne_end => return Tense::Future,
                TK::Word(Lex::PastStrong) => return Tense::Past,
                TK::Word(Lex::PastWeak | Lex::Post(Post::Ki)) if self.is_boundary(k + 1) => {
                    return Tense::Past
                }
                _ => {}
            }
            k += 1;
        }
        let lo = start.saturating_sub(8);
        let mut k = start;
        while k > lo {
            k -= 1;
            match self.t[k].kind {
                TK::Punct(c) if is_clause_punct(c) => break,
                TK::Word(Lex::Break) => break,
                TK::Word(Lex::Future) => return Tense::Future,
                TK::Word(Lex::PastStrong) => return Tense::Past,
                _ => {}
            }
        }
        Tense::Unknown
    }
}

// ---------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------

fn resolve(val: Val, reference: Option<NaiveDate>) -> (Option<TimexValue>, Resolution) {
    if let Val::Explicit(v) = val {
        return (Some(v), Resolution::Explicit);
    }
    let Some(r) = reference else {
        return (
            None,
            Resolution::Unresolved {
                needs: NEEDS_REFERENCE.into(),
            },
        );
    };
    match val {
        Val::Explicit(_) => unreachable!("handled above"),
        Val::DayMonth { m, d, future } => {
            let pick = |y: i32| NaiveDate::from_ymd_opt(y, m, d);
            let mut y = r.year();
            // Feb 29 in a non-leap reference year: compare against Feb 28
            let probe = pick(y).unwrap_or_else(|| ymd(y, m, days_in_month(y, m)));
            if future {
                if probe < r {
                    y += 1;
                }
            } else if probe > r + Duration::days(YEAR_ROLLBACK_DAYS) {
                y -= 1;
            }
            let v = match pick(y) {
                Some(_) => TimexValue::of_day(y, m, d),
                None => TimexValue::of_month(y, m),
            };
            (Some(v), Resolution::YearFromReference)
        }
        Val::BareMonth { m, future } => {
            let mut y = r.year();
            let first = ymd(y, m, 1);
            if future {
                if (y, m) < (r.year(), r.month()) {
                    y += 1;
                }
            } else if first > r + Duration::days(YEAR_ROLLBACK_DAYS) {
                y -= 1;
            }
            (
                Some(TimexValue::of_month(y, m)),
                Resolution::YearFromReference,
            )
        }
        Val::Weekday { wd, dir } => {
            let rw = r.weekday().num_days_from_monday() as i64;
            let wd = wd as i64;
            let (date, res) = match dir {
                WdDir::OnOrBefore | WdDir::StrictlyBefore => {
                    let mut back = (rw - wd).rem_euclid(7);
                    if back == 0 && dir == WdDir::StrictlyBefore {
                        back = 7;
                    }
                    (r - Duration::days(back), Resolution::WeekdayBefore)
                }
                WdDir::After => {
                    let mut fwd = (wd - rw).rem_euclid(7);
                    if fwd == 0 {
                        fwd = 7;
                    }
                    (r + Duration::days(fwd), Resolution::WeekdayAfter)
                }
            };
            (Some(TimexValue::from_date(date)), res)
        }
        Val::Days(n) => (
            Some(TimexValue::from_date(r + Duration::days(n))),
            Resolution::RelativeToReference,
        ),
        Val::Units(u, n) => {
            let v = match u {
                Unit::Year => TimexValue::of_year(r.year() + n as i32),
                Unit::Month => {
                    let (y, m) = add_months(r.year(), r.month(), n);
                    TimexValue::of_month(y, m)
                }
                // weeks: the month containing reference ± 7n days (see module docs)
                Unit::Week => {
                    let d = r + Duration::days(7 * n);
                    TimexValue::of_month(d.year(), d.month())
                }
                Unit::Day => TimexValue::from_date(r + Duration::days(n)),
            };
            (Some(v), Resolution::RelativeToReference)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Tag and return (text, kind, timex, resolution) tuples.
    fn t(
        text: &str,
        r: Option<NaiveDate>,
    ) -> Vec<(String, MentionKind, Option<String>, Resolution)> {
        tag(text, r)
            .into_iter()
            .map(|m| (m.text, m.kind, m.value.map(|v| v.to_timex()), m.resolution))
            .collect()
    }

    /// The single mention in `text`, or panic.
    fn one(text: &str, r: Option<NaiveDate>) -> Mention {
        let ms = tag(text, r);
        assert_eq!(ms.len(), 1, "expected one mention in {text:?}, got {ms:#?}");
        ms.into_iter().next().unwrap()
    }

    fn val(text: &str, r: Option<NaiveDate>) -> String {
        one(text, r).value.expect("resolved").to_timex()
    }

    fn check_spans(text: &str, ms: &[Mention]) {
        let chars: Vec<char> = text.chars().collect();
        let mut prev_end = 0;
        for m in ms {
            assert!(m.start < m.end && m.end <= chars.len());
            assert!(m.start >= prev_end, "overlap in {ms:#?}");
            let s: String = chars[m.start..m.end].iter().collect();
            assert_eq!(s, m.text);
            prev_end = m.end;
        }
    }

    // ---- TimexValue ----

    #[test]
    fn timex_roundtrip_and_periods() {
        let y = TimexValue::of_year(2024);
        let m = TimexValue::of_month(2024, 2);
        let dd = TimexValue::of_day(2024, 12, 31);
        assert_eq!(y.granularity(), Granularity::Year);
        assert_eq!(m.granularity(), Granularity::Month);
        assert_eq!(dd.granularity(), Granularity::Day);
        assert_eq!(y.to_timex(), "2024");
        assert_eq!(m.to_timex(), "2024-02");
        assert_eq!(dd.to_timex(), "2024-12-31");
        for v in [y, m, dd] {
            assert_eq!(TimexValue::parse_timex(&v.to_timex()), Some(v));
        }
        assert_eq!(y.start_date(), d(2024, 1, 1));
        assert_eq!(y.end_date_exclusive(), d(2025, 1, 1));
        assert_eq!(m.start_date(), d(2024, 2, 1));
        assert_eq!(m.end_date_exclusive(), d(2024, 3, 1));
        assert_eq!(
            TimexValue::of_month(2024, 12).end_date_exclusive(),
            d(2025, 1, 1)
        );
        assert_eq!(dd.start_date(), d(2024, 12, 31));
        assert_eq!(dd.end_date_exclusive(), d(2025, 1, 1));
        assert_eq!(
            dd.coarsen(Granularity::Month),
            TimexValue::of_month(2024, 12)
        );
        assert_eq!(dd.coarsen(Granularity::Year), y);
        assert_eq!(y.coarsen(Granularity::Day), y);
        assert_eq!(dd.coarsen(Granularity::Day), dd);
        assert!(m.contains(d(2024, 2, 29)) && !m.contains(d(2024, 3, 1)));
        assert_eq!(format!("{dd}"), "2024-12-31");
    }

    #[test]
    fn timex_parse_rejects_garbage() {
        for s in [
            "",
            "24",
            "2024-13",
            "2024-02-30",
            "2024-2",
            "2024-02-03-04",
            "abcd",
            "2024-00",
            "२०२४",
        ] {
            assert_eq!(TimexValue::parse_timex(s), None, "{s}");
        }
        assert_eq!(
            TimexValue::parse_timex("2024-02-29"),
            Some(TimexValue::of_day(2024, 2, 29))
        );
    }

    #[test]
    fn timex_out_of_range_fields_do_not_panic() {
        let v = TimexValue {
            year: 2023,
            month: Some(2),
            day: Some(31),
        };
        assert_eq!(v.start_date(), d(2023, 2, 28));
        let v = TimexValue {
            year: 2023,
            month: Some(14),
            day: None,
        };
        assert_eq!(v.start_date(), d(2023, 12, 1));
        let v = TimexValue {
            year: 2023,
            month: None,
            day: Some(5),
        };
        assert_eq!(v.granularity(), Granularity::Year);
        let _ = TimexValue::of_year(i32::MAX).end_date_exclusive();
    }

    // ---- lexicon hygiene ----

    #[test]
    fn lexicon_keys_are_folded() {
        for (k, _) in LEXICON {
            let folded: String = k.chars().filter_map(fold_char).collect();
            assert_eq!(&folded, k, "lexicon key {k:?} is not in folded form");
        }
        let mut keys: Vec<&str> = LEXICON.iter().map(|(k, _)| *k).collect();
        keys.sort();
        let n = keys.len();
        keys.dedup();
        assert_eq!(n, keys.len(), "duplicate lexicon keys");
    }

    // ---- explicit forms ----

    #[test]
    fn full_date_forms() {
        let cases = [
            (
                "पुतिन 19 जून 2024 को प्योंगयांग पहुंचे।",
                "19 जून 2024",
                "2024-06-19",
            ),
            (
                "पुतिन 19 जून, 2024 को प्योंगयांग पहुंचे।",
                "19 जून, 2024",
                "2024-06-19",
            ),
            (
                "पुतिन जून 19, 2024 को प्योंगयांग पहुंचे।",
                "जून 19, 2024",
                "2024-06-19",
            ),
            (
                "Kim arrived on September 13, 2023 in Russia.",
                "September 13, 2023",
                "2023-09-13",
            ),
            (
                "Kim arrived on 13 Sep 2023 in Russia.",
                "13 Sep 2023",
                "2023-09-13",
            ),
            (
                "Kim arrived on 13 Sept. 2023 in Russia.",
                "13 Sept. 2023",
                "2023-09-13",
            ),
            (
                "Kim arrived on 13th of September, 2023.",
                "13th of September, 2023",
                "2023-09-13",
            ),
            (
                "Kim arrived on SEPTEMBER 13TH, 2023.",
                "SEPTEMBER 13TH, 2023",
                "2023-09-13",
            ),
            ("Kim arrived on 13-Sep-2023.", "13-Sep-2023", "2023-09-13"),
            ("बैठक 19/06/2024 को हुई।", "19/06/2024", "2024-06-19"),
            ("बैठक 19.06.2024 को हुई।", "19.06.2024", "2024-06-19"),
            ("बैठक 2024-06-19 को हुई।", "2024-06-19", "2024-06-19"),
            ("बैठक १९ जून २०२४ को हुई।", "१९ जून २०२४", "2024-06-19"),
            ("बैठक १९/०६/२०२४ को हुई।", "१९/०६/२०२४", "2024-06-19"),
        ];
        for (text, span, v) in cases {
            let m = one(text, None);
            assert_eq!(m.text, span, "{text}");
            assert_eq!(m.kind, MentionKind::FullDate, "{text}");
            assert_eq!(m.resolution, Resolution::Explicit);
            assert_eq!(m.value.unwrap().to_timex(), v, "{text}");
        }
    }

    #[test]
    fn every_hindi_month_spelling() {
        let months = [
            ("जनवरी", 1),
            ("फरवरी", 2),
            ("फ\u{093C}रवरी", 2),
            ("\u{095E}रवरी", 2),
            ("मार्च", 3),
            ("अप्रैल", 4),
            ("अप्रेल", 4),
            ("मई", 5),
            ("जून", 6),
            ("जुलाई", 7),
            ("अगस्त", 8),
            ("सितंबर", 9),
            ("सितम्बर", 9),
            ("अक्टूबर", 10),
            ("अक्तूबर", 10),
            ("नवंबर", 11),
            ("नवम्बर", 11),
            ("दिसंबर", 12),
            ("दिसम्बर", 12),
        ];
        for (name, m) in months {
            let text = format!("यह 5 {name} 2021 को हुआ।");
            let mention = one(&text, None);
            assert_eq!(mention.text, format!("5 {name} 2021"));
            assert_eq!(
                mention.value,
                Some(TimexValue::of_day(2021, m, 5)),
                "{name}"
            );
            let text = format!("{name} 2022 में");
            assert_eq!(val(&text, None), format!("2022-{m:02}"), "{name}");
        }
    }

    #[test]
    fn every_english_month_spelling() {
        let months = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let abbr = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        for (i, (full, ab)) in months.iter().zip(abbr).enumerate() {
            let m = i as u32 + 1;
            for name in [
                full.to_string(),
                full.to_lowercase(),
                full.to_uppercase(),
                ab.to_string(),
                ab.to_lowercase(),
            ] {
                let text = format!("It happened on {name} 7, 2020.");
                assert_eq!(
                    one(&text, None).value,
                    Some(TimexValue::of_day(2020, m, 7)),
                    "{text}"
                );
                let text = format!("It happened on 7 {name} 2020.");
                assert_eq!(
                    one(&text, None).value,
                    Some(TimexValue::of_day(2020, m, 7)),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn month_year_forms() {
        let m = one("जून 2024 में रूस के राष्ट्रपति ने यात्रा की थी।", None);
        assert_eq!(
            (m.text.as_str(), m.kind),
            ("जून 2024", MentionKind::MonthYear)
        );
        assert_eq!(m.value, Some(TimexValue::of_month(2024, 6)));
        assert_eq!(val("फरवरी 2022 में यूक्रेन पर आक्रमण", None), "2022-02");
        assert_eq!(val("फ़रवरी 2022 में यूक्रेन पर आक्रमण", None), "2022-02");
        assert_eq!(val("in June 2024, Putin", None), "2024-06");
        assert_eq!(val("in Jun, 2024", None), "2024-06");
        assert_eq!(val("दिसंबर २०२४ से प्रभावी", None), "2024-12");
    }

    #[test]
    fn years() {
        assert_eq!(
            t("साल 2000 में पहली बार", None),
            vec![(
                "2000".into(),
                MentionKind::Year,
                Some("2000".into()),
                Resolution::Explicit
            )]
        );
        assert_eq!(val("इसके बाद उन्होंने 2024 में यात्रा की।", None), "2024");
        assert_eq!(val("सन् 1991 में सोवियत संघ टूटा", None), "1991");
        assert_eq!(val("वर्ष 2025 ऐसा होगा", None), "2025");
        assert_eq!(val("Lok Sabha Elections 2024: मोदी", None), "2024");
        assert_eq!(val("2030 तक सत्ता में", None), "2030");
        assert_eq!(val("२०२५ ऐसा साल होगा", None), "2025");
        // not years
        for text in [
            "24 वर्षों के बाद",
            "80वीं वर्षगांठ",
            "4:28 PM",
            "10,000 से अधिक सैनिक",
            "1,000 किलोमीटर दूर",
            "2000 सैनिक भेजे",
            "1999 लोग मारे गए",
            "2000 वर्ष पुराना मंदिर",
            "12345 रुपये",
            "3.2024 था",
            "2024.5 था",
            "2024वां साल",
            "abc2024 x",
            "₹2000 का नोट",
            "Rs 2000 fine",
            "1850 में",
            "2150 में",
            "190/9",
            "RR 9.50",
            "15,000 सैनिक",
            "2024% growth",
        ] {
            assert_eq!(t(text, None), vec![], "{text}");
        }
    }

    #[test]
    fn invalid_dates_degrade() {
        // 31 February is not a date → month-year
        let m = one("31 फरवरी 2024 को", None);
        assert_eq!(
            (m.text.as_str(), m.kind),
            ("फरवरी 2024", MentionKind::MonthYear)
        );
        let m = one("29 फरवरी 2023 को", None);
        assert_eq!(m.value, Some(TimexValue::of_month(2023, 2)));
        assert_eq!(val("29 फरवरी 2024 को", None), "2024-02-29");
        // an impossible day without a year: only the month is kept
        for text in ["31 जून को", "32 जून को"] {
            let m = one(text, Some(d(2024, 7, 1)));
            assert_eq!((m.text.as_str(), m.kind), ("जून", MentionKind::MonthYear));
            assert_eq!(m.value, Some(TimexValue::of_month(2024, 6)));
        }
        assert_eq!(t("31/02/2024 text", None), vec![]);
    }

    // ---- day–month ----

    #[test]
    fn day_month_uses_reference_year() {
        let r = Some(d(2025, 12, 27));
        let m = one("इससे पहले 18 दिसंबर को राष्ट्रपति पुतिन ने संदेश भेजा था।", r);
        assert_eq!(
            (m.text.as_str(), m.kind),
            ("18 दिसंबर", MentionKind::DayMonth)
        );
        assert_eq!(m.value, Some(TimexValue::of_day(2025, 12, 18)));
        assert_eq!(m.resolution, Resolution::YearFromReference);
        assert_eq!(val("19 जून को", Some(d(2024, 6, 25))), "2024-06-19");
        assert_eq!(val("on June 19 he", Some(d(2024, 6, 25))), "2024-06-19");
        assert_eq!(val("on 19th June he", Some(d(2024, 6, 25))), "2024-06-19");
        assert_eq!(val("१९ जून को", Some(d(2024, 6, 25))), "2024-06-19");
        // more than ~2 months after the reference → previous year
        assert_eq!(val("25 दिसंबर को", Some(d(2025, 1, 2))), "2024-12-25");
        assert_eq!(val("1 मार्च को", Some(d(2025, 1, 2))), "2025-03-01");
        assert_eq!(val("10 मार्च को", Some(d(2025, 1, 2))), "2024-03-10");
        // future verb and a date already past → next year
        assert_eq!(
            val("15 जनवरी को बैठक होगी", Some(d(2024, 11, 1))),
            "2025-01-15"
        );
        // Feb 29 in a non-leap reference year degrades to the month
        assert_eq!(val("29 फरवरी को", Some(d(2025, 3, 10))), "2025-02");
        // no reference
        let m = one("19 जून को", None);
        assert_eq!(m.value, None);
        assert_eq!(
            m.resolution,
            Resolution::Unresolved {
                needs: NEEDS_REFERENCE.into()
            }
        );
        // lowercase English "may" is a verb
        assert_eq!(t("they may 5 times", Some(d(2024, 6, 1))), vec![]);
        // count nouns after "June 19"
        assert_eq!(t("मई 15 लोग", Some(d(2024, 6, 1))), vec![]);
    }

    #[test]
    fn bare_months() {
        let r = Some(d(2025, 1, 1));
        let m = one("जून में पुतिन उत्तर कोरिया की यात्रा पर गए थे।", r);
        assert_eq!((m.text.as_str(), m.kind), ("जून", MentionKind::MonthYear));
        assert_eq!(m.value, Some(TimexValue::of_month(2024, 6)));
        assert_eq!(m.resolution, Resolution::YearFromReference);
        assert_eq!(one("जून महीने में", r).text, "जून महीने");
        assert_eq!(val("In June, Putin visited", r), "2024-06");
        assert_eq!(val("दिसंबर में", Some(d(2024, 10, 15))), "2024-12");
        assert_eq!(val("since May the talks", r), "2024-05");
        // not dates
        assert_eq!(t("कैंडल मार्च निकाला गया", r), vec![]);
        assert_eq!(t("May the force", r), vec![]);
        assert_eq!(t("they march on", r), vec![]);
        assert_eq!(t("Jun is a name", r), vec![]);
    }

    // ---- weekdays ----

    #[test]
    fn every_weekday_variant() {
        // 2024-06-19 is a Wednesday
        let r = Some(d(2024, 6, 19));
        let cases = [
            ("सोमवार", 17),
            ("मंगलवार", 18),
            ("बुधवार", 19),
            ("गुरुवार", 13),
            ("गुरूवार", 13),
            ("बृहस्पतिवार", 13),
            ("शुक्रवार", 14),
            ("शनिवार", 15),
            ("रविवार", 16),
            ("इतवार", 16),
            ("Monday", 17),
            ("tuesday", 18),
            ("Wednesday", 19),
            ("Thursday", 13),
            ("FRIDAY", 14),
            ("Saturday", 15),
            ("Sunday", 16),
        ];
        for (w, day) in cases {
            let text = format!("पुतिन {w} को पहुंचे थे।");
            let m = one(&text, r);
            assert_eq!((m.text.as_str(), m.kind), (w, MentionKind::Weekday));
            assert_eq!(m.value, Some(TimexValue::of_day(2024, 6, day)), "{w}");
            assert_eq!(m.resolution, Resolution::WeekdayBefore);
        }
    }

    #[test]
    fn weekday_before_and_after() {
        let r = Some(d(2023, 9, 13)); // Wednesday
        let m = one("किम जोंग उन मंगलवार को रूस पहुंचे थे।", r);
        assert_eq!(m.value, Some(TimexValue::of_day(2023, 9, 12)));
        assert_eq!(m.resolution, Resolution::WeekdayBefore);
        assert_eq!(val("उन्होंने बुधवार को मुलाकात की।", r), "2023-09-13");
        let m = one("दोनों नेता शुक्रवार को फिर मिलेंगे।", r);
        assert_eq!(m.value, Some(TimexValue::of_day(2023, 9, 15)));
        assert_eq!(m.resolution, Resolution::WeekdayAfter);
        assert_eq!(val("बैठक बुधवार को होगी।", r), "2023-09-20");
        assert_eq!(val("वे सोमवार को मास्को जाएंगे", r), "2023-09-18");
        assert_eq!(val("Putin will meet Kim on Wednesday.", r), "2023-09-20");
        assert_eq!(val("Putin met Kim on Wednesday.", r), "2023-09-13");
        assert_eq!(val("गुरुवार को होने वाली बैठक", r), "2023-09-14");
        // the future verb is in another clause
        assert_eq!(val("शुक्रवार को कहा कि वे लड़ेंगे", r), "2023-09-08");
        assert_eq!(val("मंगलवार को पहुंचे, और वे लड़ेंगे", r), "2023-09-12");
        // modifiers
        let m = one("पिछले बुधवार को", r);
        assert_eq!(
            (m.text.as_str(), m.value),
            ("पिछले बुधवार", Some(TimexValue::of_day(2023, 9, 6)))
        );
        assert_eq!(val("अगले बुधवार को", r), "2023-09-20");
        assert_eq!(val("next Monday", r), "2023-09-18");
        assert_eq!(val("last Friday", r), "2023-09-08");
        // without a reference
        let m = one("बुधवार को", None);
        assert_eq!(m.value, None);
        assert!(matches!(m.resolution, Resolution::Unresolved { .. }));
    }

    #[test]
    fn weekday_merges_with_date() {
        let m = one("बुधवार, 19 जून 2024 को", Some(d(2030, 1, 1)));
        assert_eq!(
            (m.text.as_str(), m.kind),
            ("बुधवार, 19 जून 2024", MentionKind::FullDate)
        );
        assert_eq!(m.value, Some(TimexValue::of_day(2024, 6, 19)));
        let m = one("Updated: Wed, 19 Jun 2024 10:15 AM IST", None);
        assert_eq!(
            (m.text.as_str(), m.kind),
            ("Wed, 19 Jun 2024 10:15 AM IST", MentionKind::Timestamp)
        );
        // bare abbreviations are not weekdays
        assert_eq!(t("Sun and Sat scores", Some(d(2024, 1, 1))), vec![]);
    }

    // ---- relative ----

    #[test]
    fn relative_days_across_boundaries() {
        let ny = Some(d(2024, 1, 1));
        let m = one("कल राष्ट्रपति का भाषण था।", ny);
        assert_eq!(
            (m.kind, m.value),
            (
                MentionKind::Relative,
                Some(TimexValue::of_day(2023, 12, 31))
            )
        );
        assert_eq!(m.resolution, Resolution::RelativeToReference);
        assert_eq!(val("कल बैठक हुई।", ny), "2023-12-31");
        assert_eq!(val("कल बैठक होगी।", ny), "2024-01-02");
        assert_eq!(val("वे कल मास्को जाएंगे।", Some(d(2023, 12, 31))), "2024-01-01");
        assert_eq!(val("कल उन्होंने मुलाकात की।", ny), "2023-12-31");
        assert_eq!(val("कल के बारे में", ny), "2023-12-31"); // no cue → yesterday
        assert_eq!(val("परसों बैठक हुई थी", ny), "2023-12-30");
        assert_eq!(val("परसों बैठक होगी", Some(d(2024, 2, 28))), "2024-03-01");
        assert_eq!(val("आज का दिन", Some(d(2024, 2, 29))), "2024-02-29");
        assert_eq!(
            val("yesterday Putin said", Some(d(2024, 3, 1))),
            "2024-02-29"
        );
        assert_eq!(val("tomorrow", Some(d(2023, 12, 31))), "2024-01-01");
        assert_eq!(val("today", Some(d(2023, 12, 31))), "2023-12-31");
        assert_eq!(val("the day before yesterday", ny), "2023-12-30");
        assert_eq!(
            val("the day after tomorrow", Some(d(2023, 12, 31))),
            "2024-01-02"
        );
        assert_eq!(t("कल-कारखाने बंद", ny), vec![]);
        assert_eq!(t("आजकल", ny), vec![]);
    }

    #[test]
    fn relative_units() {
        let r = Some(d(2024, 1, 15));
        let m = one("पिछले महीने दोनों नेता मिले थे।", r);
        assert_eq!(
            (m.text.as_str(), m.kind),
            ("पिछले महीने", MentionKind::Relative)
        );
        assert_eq!(m.value, Some(TimexValue::of_month(2023, 12)));
        assert_eq!(val("अगले साल", Some(d(2025, 12, 27))), "2026");
        assert_eq!(val("पिछले साल", r), "2023");
        assert_eq!(val("पिछली बार नहीं, पिछले वर्ष", r), "2023");
        assert_eq!(val("गत वर्ष", r), "2023");
        assert_eq!(val("बीते साल", r), "2023");
        assert_eq!(val("गत माह", r), "2023-12");
        assert_eq!(val("अगले महीने", Some(d(2024, 12, 5))), "2025-01");
        assert_eq!(val("आगामी वर्ष", r), "2025");
        assert_eq!(val("इस साल", r), "2024");
        assert_eq!(val("इस वर्ष के शुरू में", r), "2024");
        assert_eq!(val("इस महीने", r), "2024-01");
        assert_eq!(val("मौजूदा वर्ष", Some(d(2025, 12, 27))), "2025");
        assert_eq!(val("मौजूदा साल", Some(d(2025, 12, 27))), "2025");
        assert_eq!(val("चालू वर्ष", r), "2024");
        assert_eq!(val("last year", r), "2023");
        assert_eq!(val("next month", Some(d(2023, 12, 20))), "2024-01");
        assert_eq!(val("this year", r), "2024");
        // weeks → the month containing reference ± 7 days
        assert_eq!(val("पिछले हफ्ते", Some(d(2024, 1, 5))), "2023-12");
        assert_eq!(val("पिछले हफ़्ते", Some(d(2024, 1, 5))), "2023-12");
        assert_eq!(val("अगले सप्ताह", Some(d(2024, 12, 28))), "2025-01");
        assert_eq!(val("इस हफ्ते", r), "2024-01");
        assert_eq!(val("इस सप्ताह", r), "2024-01");
        assert_eq!(val("last week", Some(d(2024, 1, 5))), "2023-12");
        // N units ago
        assert_eq!(val("दो दिन पहले", r), "2024-01-13");
        assert_eq!(val("3 साल पहले", r), "2021");
        assert_eq!(val("एक महीने पहले", r), "2023-12");
        assert_eq!(val("two weeks ago", r), "2024-01");
        assert_eq!(val("a year ago", r), "2023");
        assert_eq!(t("बैठक से दो दिन पहले", r), vec![]);
        assert_eq!(t("इससे दो दिन पहले", r), vec![]);
        // not relative
        assert_eq!(t("पिछले दरवाजे से", r), vec![]);
        assert_eq!(t("इस दिन", r), vec![]);
        assert_eq!(t("नए साल पर", r), vec![]);
        // unresolved
        let m = one("पिछले साल", None);
        assert_eq!((m.kind, m.value), (MentionKind::Relative, None));
        assert_eq!(
            m.resolution,
            Resolution::Unresolved {
                needs: "the article's publication date".into()
            }
        );
        let m = one("आज", None);
        assert_eq!(m.value, None);
    }

    // ---- spans ----

    #[test]
    fn char_spans_with_astral_emoji() {
        let text = "🇷🇺🤝🇰🇵 😀 पुतिन ने 19 जून 2024 को 𝒳 यात्रा की। फिर 2025 में।";
        let ms = tag(text, None);
        check_spans(text, &ms);
        assert_eq!(ms.len(), 2);
        assert_eq!(ms[0].text, "19 जून 2024");
        let chars: Vec<char> = text.chars().collect();
        let pos = chars.iter().position(|&c| c == '1').unwrap();
        assert_eq!(ms[0].start, pos);
        assert_eq!(ms[0].end, pos + "19 जून 2024".chars().count());
        assert_eq!(ms[1].text, "2025");
    }

    #[test]
    fn longest_match_no_overlap() {
        let text = "19 जून 2024 को, जून 2024 में, 19 जून को, 2024 में और बुधवार को, पिछले साल.";
        let ms = tag(text, Some(d(2024, 7, 1)));
        check_spans(text, &ms);
        let kinds: Vec<MentionKind> = ms.iter().map(|m| m.kind).collect();
        assert_eq!(
            kinds,
            vec![
                MentionKind::FullDate,
                MentionKind::MonthYear,
                MentionKind::DayMonth,
                MentionKind::Year,
                MentionKind::Weekday,
                MentionKind::Relative
            ]
        );
    }

    #[test]
    fn timestamps() {
        let m = one("Published: September 13, 2023 4:28 PM", None);
        assert_eq!(
            (m.text.as_str(), m.kind),
            ("September 13, 2023 4:28 PM", MentionKind::Timestamp)
        );
        assert_eq!(m.value, Some(TimexValue::of_day(2023, 9, 13)));
        assert_eq!(
            one("2024-06-19T10:15:00+05:30", None).text,
            "2024-06-19T10:15:00+05:30"
        );
        assert_eq!(
            one("at 2024-06-19T10:15:00Z.", None).text,
            "2024-06-19T10:15:00Z"
        );
        assert_eq!(
            one("13 सितंबर 2023, 04:28 PM", None).kind,
            MentionKind::Timestamp
        );
        assert_eq!(
            one("Sep 13, 2023, 16:28 IST", None).text,
            "Sep 13, 2023, 16:28 IST"
        );
        assert_eq!(
            one("13 Sep 2023 4:28 p.m. (IST)", None).text,
            "13 Sep 2023 4:28 p.m. (IST)"
        );
    }

    // ---- bylines ----

    #[test]
    fn byline_dates() {
        let cases = [
            ("Published: September 13, 2023 4:28 PM", d(2023, 9, 13)),
            (
                "By शिवेन्द्र कुमार राय | Published: September 13, 2023 4:28 PM",
                d(2023, 9, 13),
            ),
            ("Updated: 27 Dec, 2025 02:06 PM", d(2025, 12, 27)),
            ("Edited By Updated: 27 Dec, 2025 02:06 PM", d(2025, 12, 27)),
            ("13 सितंबर 2023", d(2023, 9, 13)),
            ("प्रकाशित: १३ सितम्बर २०२३, ०४:२८ PM", d(2023, 9, 13)),
            ("Updated: Wed, 19 Jun 2024 10:15 AM IST", d(2024, 6, 19)),
            ("2024-06-19T10:15:00+05:30", d(2024, 6, 19)),
            ("Last Updated : 19/06/2024", d(2024, 6, 19)),
        ];
        for (line, want) in cases {
            assert_eq!(parse_byline_date(line), Some(want), "{line}");
        }
        for line in [
            "Read Time: 3 mins",
            "जून 2024",
            "बुधवार को",
            "Published: 19 June",
            "",
            "Updated 4:28 PM",
        ] {
            assert_eq!(parse_byline_date(line), None, "{line}");
        }
    }

    // ---- corpus ----

    fn corpus(name_prefix: &str) -> String {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/corpus");
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("corpus dir")
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(name_prefix)
            })
            .collect();
        entries.sort();
        std::fs::read_to_string(&entries[0]).unwrap()
    }

    fn byline(text: &str) -> Option<NaiveDate> {
        text.lines().find_map(parse_byline_date)
    }

    fn all(text: &str, r: Option<NaiveDate>) -> Vec<Mention> {
        let mut out = Vec::new();
        for block in text.split("\n\n") {
            let ms = tag(block, r);
            check_spans(block, &ms);
            out.extend(ms);
        }
        out
    }

    fn find<'a>(ms: &'a [Mention], text: &str) -> &'a Mention {
        ms.iter()
            .find(|m| m.text == text)
            .unwrap_or_else(|| panic!("{text:?} not tagged in {ms:#?}"))
    }

    #[test]
    fn corpus_004_byline_and_weekdays() {
        let text = corpus("004");
        let r = byline(&text);
        assert_eq!(r, Some(d(2023, 9, 13)));
        let ms = all(&text, r);
        let ts = find(&ms, "September 13, 2023 4:28 PM");
        assert_eq!(ts.kind, MentionKind::Timestamp);
        let tue = find(&ms, "मंगलवार");
        assert_eq!(tue.value, Some(TimexValue::of_day(2023, 9, 12)));
        assert_eq!(tue.resolution, Resolution::WeekdayBefore);
        let wed = find(&ms, "बुधवार");
        assert_eq!(wed.value, Some(TimexValue::of_day(2023, 9, 13)));
        assert!(ms
            .iter()
            .filter(|m| m.kind == MentionKind::Weekday)
            .all(|m| m.value.unwrap().day.unwrap() >= 12));
        assert_eq!(find(&ms, "2030").kind, MentionKind::Year);
        // "1,000 किलोमीटर", "10 सालों", "जी7" are not dates
        assert!(ms
            .iter()
            .all(|m| !["1", "000", "10", "7"].contains(&m.text.as_str())));
    }

    #[test]
    fn corpus_000_month_years() {
        let text = corpus("000");
        let r = Some(d(2025, 1, 3)); // article is from the new-year period
        let ms = all(&text, r);
        let june = ms.iter().filter(|m| m.text == "जून 2024").count();
        assert_eq!(june, 1);
        assert_eq!(
            find(&ms, "जून 2024").value,
            Some(TimexValue::of_month(2024, 6))
        );
        assert_eq!(
            find(&ms, "फरवरी 2022").value,
            Some(TimexValue::of_month(2022, 2))
        );
        assert_eq!(find(&ms, "2000").value, Some(TimexValue::of_year(2000)));
        assert_eq!(find(&ms, "2025").kind, MentionKind::Year);
        // bare "जून में" → June of the previous year
        let bare: Vec<_> = ms.iter().filter(|m| m.text == "जून").collect();
        assert_eq!(bare.len(), 2);
        assert!(bare
            .iter()
            .all(|m| m.value == Some(TimexValue::of_month(2024, 6))));
        // "10,000 से अधिक सैनिक" is not a year
        assert!(ms
            .iter()
            .all(|m| m.kind != MentionKind::Year || m.text.len() == 4));
        let fri = find(&ms, "शुक्रवार");
        assert_eq!(fri.value, Some(TimexValue::of_day(2025, 1, 3)));
    }

    #[test]
    fn corpus_003_relative_and_day_month() {
        let text = corpus("003");
        let r = byline(&text);
        assert_eq!(r, Some(d(2025, 12, 27)));
        let ms = all(&text, r);
        assert_eq!(
            find(&ms, "18 दिसंबर").value,
            Some(TimexValue::of_day(2025, 12, 18))
        );
        assert_eq!(
            find(&ms, "25 दिसंबर").value,
            Some(TimexValue::of_day(2025, 12, 25))
        );
        assert_eq!(
            find(&ms, "मौजूदा वर्ष").value,
            Some(TimexValue::of_year(2025))
        );
        assert_eq!(find(&ms, "जून 2024").kind, MentionKind::MonthYear);
        // scores and counts are not dates
        assert!(ms.iter().all(|m| !m.text.contains('/') && m.text != "000"));
    }

    #[test]
    fn corpus_002_unresolved_without_byline() {
        let text = corpus("002");
        assert_eq!(byline(&text), None);
        let ms = all(&text, None);
        let wed = find(&ms, "बुधवार");
        assert_eq!(wed.value, None);
        assert!(matches!(wed.resolution, Resolution::Unresolved { .. }));
        assert_eq!(find(&ms, "इस वर्ष").kind, MentionKind::Relative);
        assert_eq!(
            find(&ms, "दिसंबर 2024").value,
            Some(TimexValue::of_month(2024, 12))
        );
        assert!(ms.iter().all(|m| !m.text.starts_with("80")));
    }

    const PIECES: &[&str] = &[
        "19",
        "31",
        "२०२४",
        "2024",
        "1999",
        "10",
        "000",
        "जून",
        "फ़रवरी",
        "\u{095E}रवरी",
        "June",
        "May",
        "Sep",
        "Wed",
        ",",
        ".",
        ":",
        "-",
        "/",
        "।",
        "\n",
        "कल",
        "आज",
        "बुधवार",
        "Monday",
        "पिछले",
        "अगले",
        "इस",
        "साल",
        "हफ्ते",
        "महीने",
        "को",
        "में",
        "होगा",
        "करेंगे",
        "था",
        "😀",
        "𝒳",
        "T",
        "PM",
        "IST",
        "दो",
        "दिन",
        "पहले",
        "ago",
        "th",
        "सैनिक",
        "₹",
        "%",
    ];

    proptest::proptest! {
        #[test]
        fn tag_spans_are_valid_and_explicit_values_ignore_reference(
            parts in proptest::collection::vec(
                (proptest::sample::select(PIECES), proptest::sample::select(&[" ", "", "  "][..])),
                0..40,
            ),
            ref_days in 0i64..40_000,
        ) {
            let text: String = parts.iter().flat_map(|(p, sep)| [*p, *sep]).collect();
            let r = d(1950, 1, 1) + Duration::days(ref_days);
            let with_ref = tag(&text, Some(r));
            let without = tag(&text, None);
            check_spans(&text, &with_ref);
            check_spans(&text, &without);
            proptest::prop_assert_eq!(with_ref.len(), without.len());
            for (a, b) in with_ref.iter().zip(&without) {
                proptest::prop_assert_eq!((a.start, a.end, a.kind), (b.start, b.end, b.kind));
                if b.resolution == Resolution::Explicit {
                    proptest::prop_assert_eq!(a, b);
                } else {
                    proptest::prop_assert!(b.value.is_none());
                    let v = a.value.expect("resolved with a reference");
                    proptest::prop_assert!(v.start_date() < v.end_date_exclusive());
                    proptest::prop_assert_eq!(TimexValue::parse_timex(&v.to_timex()), Some(v));
                }
            }
            let _ = parse_byline_date(&text);
        }
    }

    /// Throughput check: `cargo test --release -- --ignored --nocapture throughput`.
    #[test]
    #[ignore]
    fn throughput() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/corpus");
        let mut blocks = Vec::new();
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.extension().is_none_or(|x| x != "txt") {
                continue;
            }
            let s = std::fs::read_to_string(path).unwrap();
            blocks.extend(s.split("\n\n").map(str::to_string));
        }
        let one_pass: usize = blocks.iter().map(|b| b.len()).sum();
        let reps = (32 << 20) / one_pass + 1;
        let r = Some(d(2024, 6, 19));
        let start = std::time::Instant::now();
        let mut n = 0usize;
        for _ in 0..reps {
            for b in &blocks {
                n += std::hint::black_box(tag(std::hint::black_box(b), r)).len();
            }
        }
        let secs = start.elapsed().as_secs_f64();
        let mb = (one_pass * reps) as f64 / 1e6;
        println!(
            "tagged {mb:.1} MB in {secs:.3}s = {:.1} MB/s ({n} mentions)",
            mb / secs
        );
    }
}
