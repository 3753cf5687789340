//! Calendar ticks for the timeline's date axis, egui-free.
//!
//! The plot's x coordinate is a day number (days since 1970-01-01). Given the visible range, the pixels per day and
//! the width of one label character, [`ticks`] picks the finest calendar step — days, weeks, months, quarters,
//! half-years, years, decades… — whose labels still fit side by side without touching, and a finer step for unlabelled
//! gridlines. So every zoom level shows readable dates, and no two labels overlap.

use chrono::{Datelike, NaiveDate};

use super::events::{date_of_day, day_number};

/// A calendar step between ticks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Every `n` days (n = 1 or 2), counted from 1970-01-01.
    Days(u32),
    /// Days 1, 8, 15 and 22 of every month.
    Weeks,
    /// Days 1 and 15 of every month.
    HalfMonths,
    /// Every `n` months (1, 3 or 6), from January.
    Months(u32),
    /// Every `n` years, at multiples of `n`.
    Years(u32),
}

/// From finest to coarsest.
const LADDER: &[Step] = &[
    Step::Days(1),
    Step::Days(2),
    Step::Weeks,
    Step::HalfMonths,
    Step::Months(1),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
    Step::Years(100),
    Step::Years(250),
    Step::Years(500),
    Step::Years(1000),
];

/// Gap between two neighbouring labels, in label characters.
const LABEL_GAP_CHARS: f64 = 2.0;
/// Closest two labels may be, in pixels, whatever their width: egui_plot hides an x label whose step spans 60 px or
/// less and fades it in up to 80 px.
const MIN_LABEL_PX: f64 = 80.0;
/// Finest gridline spacing worth drawing, in pixels.
const MIN_GRID_PX: f64 = 8.0;
/// More ticks than this are never produced, whatever the input.
const MAX_TICKS: usize = 4000;

impl Step {
    /// The shortest distance between two ticks of this step, in days.
    pub fn min_days(self) -> f64 {
        match self {
            Step::Days(n) => n as f64,
            Step::Weeks => 7.0,
            Step::HalfMonths => 13.0,
            Step::Months(n) => 28.0 * n as f64 + if n >= 3 { 1.0 } else { 0.0 },
            Step::Years(n) => 365.0 * n as f64,
        }
    }

    /// The label of a tick of this step: "2024", "Jun 2024", "19 Jun" (a month's first day names its year:
    /// "Jul 2024").
    pub fn label(self, d: NaiveDate) -> String {
        match self {
            Step::Years(_) => d.format("%Y").to_string(),
            Step::Months(_) => d.format("%b %Y").to_string(),
            Step::Days(_) | Step::Weeks | Step::HalfMonths if d.day() == 1 => {
                d.format("%b %Y").to_string()
            }
            Step::Days(_) | Step::Weeks | Step::HalfMonths => d.format("%-d %b").to_string(),
        }
    }

    /// The widest label this step can produce, in characters.
    pub fn max_label_chars(self) -> usize {
        match self {
            Step::Years(_) => 5, // years before 1000 or after 9999 do not occur; one spare for a minus sign
            Step::Months(_) | Step::Days(_) | Step::Weeks | Step::HalfMonths => 8,
        }
    }

    fn includes(self, d: NaiveDate) -> bool {
        match self {
            Step::Days(n) => day_number(d).rem_euclid(n as i64) == 0,
            Step::Weeks => matches!(d.day(), 1 | 8 | 15 | 22),
            Step::HalfMonths => matches!(d.day(), 1 | 15),
            Step::Months(n) => d.day() == 1 && d.month0().is_multiple_of(n),
            Step::Years(n) => d.ordinal() == 1 && d.year().rem_euclid(n as i32) == 0,
        }
    }

    /// The first tick date at or after `from`, then each following one.
    fn dates(self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        match self {
            Step::Years(n) => {
                let n = n as i32;
                let mut y = from.year().div_euclid(n) * n;
                while let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1) {
                    if d > to || out.len() >= MAX_TICKS {
                        break;
                    }
                    if d >= from {
                        out.push(d);
                    }
                    y += n;
                }
            }
            Step::Months(n) => {
                let Some(mut d) = NaiveDate::from_ymd_opt(from.year(), 1, 1) else {
                    return out;
                };
                while d <= to && out.len() < MAX_TICKS {
                    if d >= from {
                        out.push(d);
                    }
                    match d.checked_add_months(chrono::Months::new(n)) {
                        Some(next) => d = next,
                        None => break,
                    }
                }
            }
            Step::Days(_) | Step::Weeks | Step::HalfMonths => {
                let mut d = from;
                while d <= to && out.len() < MAX_TICKS {
                    if self.includes(d) {
                        out.push(d);
                    }
                    match d.succ_opt() {
                        Some(next) => d = next,
                        None => break,
                    }
                }
            }
        }
        out
    }
}

/// One tick on the date axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Plot x: the day number of the tick's date.
    pub x: f64,
    /// The text under the tick, or `None` for a gridline without a label.
    pub label: Option<String>,
    /// The step this tick belongs to (its shortest spacing in days is `step.min_days()`).
    pub step: Step,
}

/// The labelled step for this zoom: the finest whose widest labels, with a gap, fit between two ticks.
pub fn label_step(px_per_day: f64, char_px: f64) -> Step {
    LADDER
        .iter()
        .copied()
        .find(|s| {
            let needed =
                ((s.max_label_chars() as f64 + LABEL_GAP_CHARS) * char_px).max(MIN_LABEL_PX);
            s.min_days() * px_per_day >= needed
        })
        .unwrap_or(Step::Years(1000))
}

/// Ticks for the visible day range `lo..=hi` on a plot showing `px_per_day` pixels per day, with labels of
/// `char_px` pixels per character: labelled ticks of [`label_step`] plus unlabelled gridlines of a finer step.
pub fn ticks(lo: f64, hi: f64, px_per_day: f64, char_px: f64) -> Vec<Tick> {
    if !(lo.is_finite() && hi.is_finite() && px_per_day.is_finite() && px_per_day > 0.0 && hi > lo)
    {
        return Vec::new();
    }
    let (Some(from), Some(to)) = (
        date_of_day(lo.ceil() as i64),
        date_of_day(hi.floor() as i64),
    ) else {
        return Vec::new();
    };
    let major = label_step(px_per_day, char_px);
    let minor = LADDER
        .iter()
        .copied()
        .take_while(|s| *s != major)
        .filter(|s| s.min_days() * px_per_day >= MIN_GRID_PX)
        .last();
    let mut out: Vec<Tick> = major
        .dates(from, to)
        .into_iter()
        .map(|d| Tick {
            x: day_number(d) as f64,
            label: Some(major.label(d)),
            step: major,
        })
        .collect();
    if let Some(minor) = minor {
        for d in minor.dates(from, to) {
            if !major.includes(d) && out.len() < MAX_TICKS {
                out.push(Tick {
                    x: day_number(d) as f64,
                    label: None,
                    step: minor,
                });
            }
        }
    }
    out.sort_by(|a, b| a.x.total_cmp(&b.x));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn x(y: i32, m: u32, d: u32) -> f64 {
        day_number(NaiveDate::from_ymd_opt(y, m, d).unwrap()) as f64
    }

    fn labels(t: &[Tick]) -> Vec<&str> {
        t.iter().filter_map(|t| t.label.as_deref()).collect()
    }

    #[test]
    fn one_zoom_in_from_fit_all_labels_years() {
        // 2000–2026 on 600 px, then one "+" (half the span): both show year labels.
        let all = ticks(x(2000, 1, 1), x(2026, 12, 31), 600.0 / (27.0 * 365.25), 7.5);
        assert!(labels(&all).contains(&"2010"), "{:?}", labels(&all));
        let zoomed = ticks(x(2007, 1, 1), x(2020, 6, 30), 600.0 / (13.5 * 365.25), 7.5);
        assert!(labels(&zoomed).len() >= 3, "{:?}", labels(&zoomed));
    }

    #[test]
    fn months_are_labelled_when_zoomed_to_a_year() {
        let t = ticks(x(2024, 1, 1), x(2024, 12, 31), 1000.0 / 366.0, 7.5);
        let l = labels(&t);
        assert!(l.contains(&"Jun 2024") || l.contains(&"Jul 2024"), "{l:?}");
    }

    #[test]
    fn days_are_labelled_when_zoomed_to_a_week() {
        let t = ticks(x(2024, 6, 15), x(2024, 6, 22), 1000.0 / 7.0, 7.5);
        assert!(labels(&t).contains(&"19 Jun"), "{:?}", labels(&t));
    }

    #[test]
    fn nonsense_input_gives_nothing() {
        assert!(ticks(f64::NAN, 1.0, 1.0, 7.0).is_empty());
        assert!(ticks(5.0, 1.0, 1.0, 7.0).is_empty());
        assert!(ticks(0.0, 1e12, 1e-9, 7.0).len() <= 2 * MAX_TICKS);
    }

    proptest! {
        /// At every zoom from three days to thirty years, on plots 300–1400 px wide, dates are labelled (at least
        /// two from 700 px: a step is at most about 3 × 80 px) and no two labels overlap.
        #[test]
        fn labels_are_present_and_never_overlap(
            start in x(1995, 1, 1)..x(2030, 1, 1),
            span_days in 3.0f64..(30.0 * 365.25),
            width_px in 300.0f64..1400.0,
            char_px in 6.0f64..9.0,
        ) {
            let px_per_day = width_px / span_days;
            let t = ticks(start, start + span_days, px_per_day, char_px);
            let shown: Vec<(f64, f64)> = t
                .iter()
                .filter_map(|t| t.label.as_ref().map(|l| ((t.x - start) * px_per_day, l.chars().count() as f64 * char_px)))
                .collect();
            // egui_plot paints a label only where its step spans more than 60 px.
            for tick in t.iter().filter(|t| t.label.is_some()) {
                prop_assert!(tick.step.min_days() * px_per_day > 60.0);
            }
            let wanted = if width_px >= 700.0 { 2 } else { 1 };
            prop_assert!(shown.len() >= wanted, "{} labels over {span_days} days at {width_px} px", shown.len());
            for w in shown.windows(2) {
                let ((a, wa), (b, wb)) = (w[0], w[1]);
                // Labels are centred on their tick.
                prop_assert!(b - a >= (wa + wb) / 2.0 + char_px, "labels at {a} and {b} px overlap");
            }
        }
    }
}
