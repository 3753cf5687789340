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

mod calendar;
mod lexicon;
mod patterns;
mod resolve;
#[cfg(test)]
mod tests;
mod tokenizer;

use calendar::*;
use lexicon::*;
use patterns::*;
use resolve::*;
#[cfg(test)]
pub(crate) use tokenizer::is_word_char;
use tokenizer::*;
pub(crate) use tokenizer::{char_at, fold_char, word_run};

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
    /// Two dates as one expression: "18-19 जून", "10 से 13 सितंबर", "2022 से 2024 तक", "जून-जुलाई", "1950-53".
    /// `value` is the first period, `until` the last.
    Range,
    /// A length of time, never a date: "तीन दिन", "24 वर्षों (के बाद)", "कुछ साल".
    Duration,
    /// A recurrence: "हर साल", "प्रतिदिन", "every week".
    Set,
    /// A time of day, attached to its day: "सुबह 10 बजे", "शाम", "तड़के", "रात 8:30 बजे".
    TimeOfDay,
    /// A vague reference: "हाल ही में" (PAST_REF), "आने वाले दिनों में" (FUTURE_REF), "इन दिनों" and the generic
    /// "आज का …" (PRESENT_REF).
    Vague,
    /// A festival or named day: "दिवाली", "होली", "गणतंत्र दिवस"; dated from a table for the year at hand.
    Festival,
}

impl MentionKind {
    /// Whether a mention of this kind can date an event: not times of day, byline timestamps, durations, sets or
    /// vague references.
    pub fn dates_an_event(self) -> bool {
        !matches!(
            self,
            MentionKind::Timestamp
                | MentionKind::TimeOfDay
                | MentionKind::Duration
                | MentionKind::Set
                | MentionKind::Vague
        )
    }
}

/// The TIMEX3 `type` of a mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    Date,
    Time,
    Duration,
    Set,
}

impl TimexType {
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "DATE" => TimexType::Date,
            "TIME" => TimexType::Time,
            "DURATION" => TimexType::Duration,
            "SET" => TimexType::Set,
            _ => return None,
        })
    }
}

/// Which way a vague reference points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum RefDirection {
    Past,
    Present,
    Future,
}

/// Part of the day (TIMEX3 `MO`, `AF`, `EV`, `NI`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DayPart {
    Morning,
    Afternoon,
    Evening,
    Night,
}

impl DayPart {
    fn code(self) -> &'static str {
        match self {
            DayPart::Morning => "MO",
            DayPart::Afternoon => "AF",
            DayPart::Evening => "EV",
            DayPart::Night => "NI",
        }
    }
}

/// A length of time: a count (`None` = unspecified, "कुछ दिन") of a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Amount {
    pub count: Option<u32>,
    pub unit: TimeUnit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TimeUnit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
}

impl Amount {
    /// ISO 8601 duration as TIMEX3 writes it: `P3D`, `P24Y`, `PT2H`, `PXD` (unspecified count).
    pub fn to_timex(self) -> String {
        let n = self.count.map_or_else(|| "X".to_owned(), |n| n.to_string());
        match self.unit {
            TimeUnit::Minute => format!("PT{n}M"),
            TimeUnit::Hour => format!("PT{n}H"),
            TimeUnit::Day => format!("P{n}D"),
            TimeUnit::Week => format!("P{n}W"),
            TimeUnit::Month => format!("P{n}M"),
            TimeUnit::Year => format!("P{n}Y"),
        }
    }
}

/// What a mention says beyond a calendar period (the TIMEX3 value for durations, sets, vague references, weeks and
/// times of day).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Detail {
    #[default]
    None,
    Duration(Amount),
    Set(Amount),
    Ref(RefDirection),
    /// A relative week: its ISO year and week (the `value` keeps the month it falls in, for the timeline).
    Week {
        year: i32,
        week: u32,
    },
    /// A part of the day and/or a clock time (hour 0–23, minute).
    Clock {
        part: Option<DayPart>,
        hm: Option<(u32, u32)>,
    },
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
    /// Taken from another expression of the same sentence (a time of day takes the day stated before it).
    AnotherExpression { text: String },
    /// E.g. "the article's publication date".
    Unresolved { needs: String },
}

impl Resolution {
    /// How the value was found, in one word: `explicit`, `publication_date`, `another_expression`, `unresolved`.
    pub fn how(&self) -> &'static str {
        match self {
            Resolution::Explicit => "explicit",
            Resolution::YearFromReference
            | Resolution::WeekdayBefore
            | Resolution::WeekdayAfter
            | Resolution::RelativeToReference => "publication_date",
            Resolution::AnotherExpression { .. } => "another_expression",
            Resolution::Unresolved { .. } => "unresolved",
        }
    }

    /// Why, in a short phrase.
    pub fn why(&self) -> String {
        match self {
            Resolution::Explicit => "the text states the value".into(),
            Resolution::YearFromReference => "year taken from the publication date".into(),
            Resolution::WeekdayBefore => {
                "most recent such weekday on or before the publication date".into()
            }
            Resolution::WeekdayAfter => {
                "next such weekday after the publication date (future verb)".into()
            }
            Resolution::RelativeToReference => "counted from the publication date".into(),
            Resolution::AnotherExpression { text } => format!("the day of “{text}”"),
            Resolution::Unresolved { needs } => format!("needs {needs}"),
        }
    }
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
    /// The calendar period (`None` when unresolved, and for durations, sets and vague references).
    pub value: Option<TimexValue>,
    pub resolution: Resolution,
    /// The last period of a [`MentionKind::Range`].
    pub until: Option<TimexValue>,
    /// Durations, sets, vague references, weeks and times of day.
    pub detail: Detail,
}

impl Mention {
    /// The TIMEX3 `type`.
    pub fn timex_type(&self) -> TimexType {
        match self.kind {
            MentionKind::Duration => TimexType::Duration,
            MentionKind::Set => TimexType::Set,
            MentionKind::TimeOfDay | MentionKind::Timestamp => TimexType::Time,
            _ => TimexType::Date,
        }
    }

    /// The TIMEX3 `value`: `2024-06-19`, `2024-06`, `2024-W25`, `2024-06-19TEV`, `2024-06-19T10:00`, `P3D`,
    /// `PAST_REF`. `None` when the mention could not be resolved.
    pub fn timex_value(&self) -> Option<String> {
        match self.detail {
            Detail::Duration(a) | Detail::Set(a) => Some(a.to_timex()),
            Detail::Ref(RefDirection::Past) => Some("PAST_REF".into()),
            Detail::Ref(RefDirection::Present) => Some("PRESENT_REF".into()),
            Detail::Ref(RefDirection::Future) => Some("FUTURE_REF".into()),
            Detail::Week { year, week } => Some(format!("{year:04}-W{week:02}")),
            Detail::Clock { part, hm } => {
                let day = self.value?.to_timex();
                Some(match (hm, part) {
                    (Some((h, m)), _) => format!("{day}T{h:02}:{m:02}"),
                    (None, Some(p)) => format!("{day}T{}", p.code()),
                    (None, None) => day,
                })
            }
            Detail::None => self.value.map(|v| v.to_timex()),
        }
    }

    /// Whether this mention dates something on the calendar (a candidate for an event): a resolved date or range,
    /// not a time of day, a byline timestamp, a duration, a set or a vague reference.
    pub fn is_calendar_date(&self) -> bool {
        self.value.is_some() && self.kind.dates_an_event()
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
                let (value, resolution, detail) = resolve_detail(m.val, reference);
                let until = m.until.and_then(|u| resolve(u, reference).0);
                let first = &toks[i];
                let last = &toks[m.end - 1];
                let mut mention = Mention {
                    start: first.cs,
                    end: last.ce,
                    text: text[first.bs..last.be].to_string(),
                    kind: m.kind,
                    value,
                    resolution,
                    until,
                    detail,
                };
                if let Val::Clock { .. } = m.val {
                    attach_to_day(&mut mention, &out, &toks[..i], reference);
                }
                out.push(mention);
                i = m.end;
            }
            _ => i += 1,
        }
    }
    out
}

/// A time of day takes the day of the closest day-precise date before it in the same sentence ("19 जून को सुबह",
/// "कल शाम"); otherwise the publication date.
fn attach_to_day(m: &mut Mention, before: &[Mention], toks: &[Tok], reference: Option<NaiveDate>) {
    // Tokens between the previous mention and this one must not end a sentence.
    let sentence_start = toks
        .iter()
        .rposition(|t| matches!(t.kind, TK::Punct('।' | '॥' | '.' | '?' | '!' | '\n')))
        .map_or(0, |k| toks[k].ce);
    let day = before
        .iter()
        .rev()
        .take_while(|p| p.start >= sentence_start)
        .find(|p| {
            p.kind != MentionKind::TimeOfDay
                && p.value.is_some_and(|v| v.granularity() == Granularity::Day)
        });
    match day {
        Some(p) => {
            m.value = p.value;
            m.resolution = Resolution::AnotherExpression {
                text: p.text.clone(),
            };
        }
        None => match reference {
            Some(r) => {
                m.value = Some(TimexValue::from_date(r));
                m.resolution = Resolution::RelativeToReference;
            }
            None => {
                m.value = None;
                m.resolution = Resolution::Unresolved {
                    needs: "a day (a date in the sentence, or the publication date)".into(),
                };
            }
        },
    }
}

/// What a date in a byline states.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BylineRole {
    /// "Published", "प्रकाशित", or a date with no cue.
    Published,
    /// "Updated", "Last Updated", "अपडेटेड", "Modified".
    Modified,
}

impl BylineRole {
    pub fn as_str(self) -> &'static str {
        match self {
            BylineRole::Published => "published",
            BylineRole::Modified => "modified",
        }
    }
}

/// Every full date of a byline line with its role: the closest cue word before the date decides ("Published:
/// 13 Sep 2023 | Updated: 14 Sep 2023" gives one of each; "Last Updated 19 Oct 2023 06:07:54 AM IST" a modified
/// date; a date without a cue counts as published).
pub fn byline_dates(line: &str) -> Vec<(BylineRole, NaiveDate, Mention)> {
    let mentions = tag(line, None);
    let lower = line.to_lowercase();
    let chars: Vec<(usize, char)> = lower.char_indices().collect();
    let mut out = Vec::new();
    let mut from_byte = 0usize;
    for m in mentions {
        if !matches!(m.kind, MentionKind::FullDate | MentionKind::Timestamp) {
            continue;
        }
        let Some(v) = m.value else { continue };
        let (Some(mo), Some(d)) = (v.month, v.day) else {
            continue;
        };
        let Some(date) = NaiveDate::from_ymd_opt(v.year, mo, d) else {
            continue;
        };
        // `to_lowercase` may change byte lengths only outside ASCII/Devanagari; fall back to the end when it does.
        let start_byte = chars.get(m.start).map_or(lower.len(), |(b, _)| *b);
        let before = &lower[from_byte.min(start_byte)..start_byte];
        let cue = |words: &[&str]| words.iter().filter_map(|w| before.rfind(w)).max();
        let updated = cue(&["updated", "modified", "अपडेट", "संशोधित"]);
        let published = cue(&["published", "posted", "प्रकाशित", "first published"]);
        let role = match (published, updated) {
            (Some(p), Some(u)) if p > u => BylineRole::Published,
            (_, Some(_)) => BylineRole::Modified,
            _ => BylineRole::Published,
        };
        from_byte = chars.get(m.end).map_or(lower.len(), |(b, _)| *b);
        out.push((role, date, m));
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
