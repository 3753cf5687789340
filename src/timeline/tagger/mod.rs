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
use tokenizer::*;
pub(crate) use tokenizer::{fold_char, is_word_char};

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
