//! Calendar arithmetic: leap years, month lengths, month offsets.

use super::*;

pub(super) fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(super) fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

pub(super) fn add_months(y: i32, m: u32, n: i64) -> (i32, u32) {
    let idx = y as i64 * 12 + (m as i64 - 1) + n;
    (idx.div_euclid(12) as i32, idx.rem_euclid(12) as u32 + 1)
}

/// Festivals and named days: the display name, and either a fixed day (month, day) or a table of dates by year.
/// Lunar-calendar festivals move every year; the table holds the days observed in India (Diwali = Lakshmi Puja,
/// Holi = Dhulandi/Rangwali Holi, Dussehra = Vijayadashami). Festivals without a table are listed, not dated.
pub(super) const FESTIVALS: &[(&str, Option<(u32, u32)>, &[(i32, u32, u32)])] = &[
    (
        "दिवाली",
        None,
        &[
            (2015, 11, 11),
            (2016, 10, 30),
            (2017, 10, 19),
            (2018, 11, 7),
            (2019, 10, 27),
            (2020, 11, 14),
            (2021, 11, 4),
            (2022, 10, 24),
            (2023, 11, 12),
            (2024, 10, 31),
            (2025, 10, 20),
            (2026, 11, 8),
        ],
    ),
    (
        "होली",
        None,
        &[
            (2015, 3, 6),
            (2016, 3, 24),
            (2017, 3, 13),
            (2018, 3, 2),
            (2019, 3, 21),
            (2020, 3, 10),
            (2021, 3, 29),
            (2022, 3, 18),
            (2023, 3, 8),
            (2024, 3, 25),
            (2025, 3, 14),
            (2026, 3, 4),
        ],
    ),
    (
        "दशहरा",
        None,
        &[
            (2019, 10, 8),
            (2020, 10, 25),
            (2021, 10, 15),
            (2022, 10, 5),
            (2023, 10, 24),
            (2024, 10, 12),
            (2025, 10, 2),
        ],
    ),
    ("क्रिसमस", Some((12, 25)), &[]),
    ("गणतंत्र दिवस", Some((1, 26)), &[]),
    ("स्वतंत्रता दिवस", Some((8, 15)), &[]),
    ("गांधी जयंती", Some((10, 2)), &[]),
    ("ईद", None, &[]),
    ("रक्षाबंधन", None, &[]),
    ("नवरात्रि", None, &[]),
];

/// The date of festival `fest` in year `y`, when it is fixed or in the table.
pub(super) fn festival_date(fest: u8, y: i32) -> Option<NaiveDate> {
    let (_, fixed, table) = FESTIVALS.get(fest as usize)?;
    if let Some((m, d)) = fixed {
        return NaiveDate::from_ymd_opt(y, *m, *d);
    }
    table
        .iter()
        .find(|(ty, _, _)| *ty == y)
        .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(*y, *m, *d))
}
