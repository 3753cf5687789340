//! Resolution: a matched expression to a TIMEX value, against the reference (publication) date.

use super::*;

pub(super) fn resolve(val: Val, reference: Option<NaiveDate>) -> (Option<TimexValue>, Resolution) {
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
