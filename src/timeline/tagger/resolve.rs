//! Resolution: a matched expression to a TIMEX value, against the reference (publication) date.

use super::*;

/// Resolve a match and say what it means beyond a calendar period (durations, weeks, times of day …).
pub(super) fn resolve_detail(
    val: Val,
    reference: Option<NaiveDate>,
) -> (Option<TimexValue>, Resolution, Detail) {
    match val {
        Val::Fixed(detail) => (None, Resolution::Explicit, detail),
        Val::Stamp(v, h, m) => (
            Some(v),
            Resolution::Explicit,
            Detail::Clock {
                part: None,
                hm: Some((h, m)),
            },
        ),
        // The day is attached afterwards (see `attach_to_day`).
        Val::Clock { part, hm } => (None, Resolution::Explicit, Detail::Clock { part, hm }),
        Val::Festival { fest, year } => {
            let (y, res) = match (year, reference) {
                (Some(y), _) => (y, Resolution::Explicit),
                (None, Some(r)) => (r.year(), Resolution::YearFromReference),
                (None, None) => {
                    return (
                        None,
                        Resolution::Unresolved {
                            needs: NEEDS_REFERENCE.into(),
                        },
                        Detail::None,
                    )
                }
            };
            match festival_date(fest, y) {
                Some(d) => (Some(TimexValue::from_date(d)), res, Detail::None),
                None => (
                    None,
                    Resolution::Unresolved {
                        needs: format!(
                            "the date of {} in {y} (not in the festival table)",
                            FESTIVALS[fest as usize].0
                        ),
                    },
                    Detail::None,
                ),
            }
        }
        Val::Units(Unit::Week, n) => {
            let (v, res) = resolve(val, reference);
            let detail = match reference {
                Some(r) => {
                    let w = (r + Duration::days(7 * n)).iso_week();
                    Detail::Week {
                        year: w.year(),
                        week: w.week(),
                    }
                }
                None => Detail::None,
            };
            (v, res, detail)
        }
        _ => {
            let (v, res) = resolve(val, reference);
            (v, res, Detail::None)
        }
    }
}

pub(super) fn resolve(val: Val, reference: Option<NaiveDate>) -> (Option<TimexValue>, Resolution) {
    match val {
        Val::Explicit(v) | Val::Stamp(v, _, _) => return (Some(v), Resolution::Explicit),
        Val::Fixed(_) | Val::Clock { .. } | Val::Festival { .. } => {
            let (v, r, _) = resolve_detail(val, reference);
            return (v, r);
        }
        _ => {}
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
        Val::Explicit(_)
        | Val::Stamp(..)
        | Val::Fixed(_)
        | Val::Clock { .. }
        | Val::Festival { .. } => {
            unreachable!("handled above")
        }
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
