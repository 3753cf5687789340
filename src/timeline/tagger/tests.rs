use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Tag and return (text, kind, timex, resolution) tuples.
fn t(text: &str, r: Option<NaiveDate>) -> Vec<(String, MentionKind, Option<String>, Resolution)> {
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
            "साल 2000".into(),
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
    // lengths of time, never years
    for (text, dur) in [("24 वर्षों के बाद", "P24Y"), ("2000 वर्ष पुराना मंदिर", "P2000Y")]
    {
        let m = one(text, None);
        assert_eq!(
            (m.kind, m.value, m.timex_value().as_deref()),
            (MentionKind::Duration, None, Some(dur)),
            "{text}"
        );
    }
    // not years
    for text in [
        "80वीं वर्षगांठ",
        "4:28 PM",
        "10,000 से अधिक सैनिक",
        "1,000 किलोमीटर दूर",
        "2000 सैनिक भेजे",
        "1999 लोग मारे गए",
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
    // "आजकल" (nowadays) is the present in general, never a dated day
    let m = one("आजकल", ny);
    assert_eq!(
        (m.kind, m.value, m.timex_value().as_deref()),
        (MentionKind::Vague, None, Some("PRESENT_REF"))
    );
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
    // an offset from another event is a length of time, not a date counted from the publication date
    for text in ["बैठक से दो दिन पहले", "इससे दो दिन पहले"]
    {
        let m = one(text, r);
        assert_eq!(
            (m.text.as_str(), m.kind, m.value),
            ("दो दिन", MentionKind::Duration, None)
        );
        assert_eq!(m.timex_value().as_deref(), Some("P2D"));
    }
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
fn byline_date_lines() {
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
    assert_eq!(find(&ms, "साल 2000").value, Some(TimexValue::of_year(2000)));
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
        .all(|m| m.kind != MentionKind::Year || m.text.ends_with(|c: char| c.is_ascii_digit())));
    assert!(ms.iter().all(|m| !m.text.contains("10,000")));
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

/// The tokenizer as it was written first, a char at a time (folding and encoding each char): the byte-level one
/// must give the same tokens.
fn tokenize_by_chars(text: &str, out: &mut Vec<Tok>) {
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

/// Pieces that exercise the tokenizer's byte paths: Devanagari with the chars folding changes (nukta, precomposed
/// nukta letters, chandrabindu, ZWJ/ZWNJ), ASCII capitals, digits of both scripts, combining accents, 2- and 4-byte
/// chars, danda, and words over the fold buffer.
const TOKEN_PIECES: &[&str] = &[
    "फ़रवरी",
    "फरवरी",
    "क़",
    "ज़",
    "ड़",
    "ढ़",
    "य़",
    "फ़",
    "ख़",
    "ग़",
    "\u{0958}\u{0959}\u{095A}\u{095B}",
    "\u{095C}\u{095D}\u{095E}\u{095F}",
    "आँख",
    "हँसी",
    "पाँच",
    "गुरुवार\u{200D}",
    "मंगल\u{200C}वार",
    "क\u{200D}ष",
    "क\u{200C}ष",
    "\u{093C}",
    "\u{200D}",
    "May",
    "JUNE",
    "Feb",
    "x",
    "é",
    "e\u{0301}",
    "ß",
    "१९",
    "2024",
    "०",
    "7",
    "।",
    "॥",
    ".",
    ",",
    "\n",
    "\t",
    "\u{00A0}",
    "—",
    "“",
    "😀",
    "𝒳",
    "करेंगे",
    "जाएगा",
    "होने",
    "इससे",
    "अंतरराष्ट्रीयसहयोगसम्मेलनप्रतिनिधिमंडलकार्यक्रम",
    "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUV",
    "फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़फ़",
    "Ǆ",
    "ॐ",
    "\u{0970}",
    "\u{0971}",
    "ऽ",
];

proptest::proptest! {
    #[test]
    fn byte_tokenizer_matches_the_char_tokenizer(
        parts in proptest::collection::vec(
            (proptest::sample::select(TOKEN_PIECES), proptest::sample::select(&[" ", "", "  ", "-"][..])),
            0..30,
        ),
    ) {
        let text: String = parts.iter().flat_map(|(p, sep)| [*p, *sep]).collect();
        let (mut bytes, mut chars) = (Vec::new(), Vec::new());
        tokenize(&text, &mut bytes);
        tokenize_by_chars(&text, &mut chars);
        proptest::prop_assert_eq!(bytes, chars);
    }

    #[test]
    fn byte_tokenizer_matches_the_char_tokenizer_on_any_text(text in "\\PC{0,80}") {
        let (mut bytes, mut chars) = (Vec::new(), Vec::new());
        tokenize(&text, &mut bytes);
        tokenize_by_chars(&text, &mut chars);
        proptest::prop_assert_eq!(bytes, chars);
    }
}

#[test]
fn future_endings_are_found_by_their_last_two_chars() {
    for s in FUTURE_SUFFIXES {
        assert!(
            s.len() >= FUTURE_TAIL && s.is_char_boundary(s.len() - FUTURE_TAIL),
            "{s}"
        );
        let word = format!("कर{s}");
        assert!(
            word.len() <= 9 || classify(word.as_bytes()) == Lex::Future,
            "{word}"
        );
    }
    assert_eq!(classify("सहयोगियों".as_bytes()), Lex::Other);
    assert_eq!(
        classify("बढ़ाएंगे".replace('\u{093C}', "").as_bytes()),
        Lex::Future
    );
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

// ---- ranges, durations, sets, vague references, times of day, eras, festivals ----

/// (text, kind, TIMEX3 type, TIMEX3 value, range end) of every mention.
fn tx(
    text: &str,
    r: Option<NaiveDate>,
) -> Vec<(
    String,
    MentionKind,
    &'static str,
    Option<String>,
    Option<String>,
)> {
    let ms = tag(text, r);
    check_spans(text, &ms);
    ms.into_iter()
        .map(|m| {
            (
                m.text.clone(),
                m.kind,
                m.timex_type().as_str(),
                m.timex_value(),
                m.until.map(|u| u.to_timex()),
            )
        })
        .collect()
}

fn one_tx(
    text: &str,
    r: Option<NaiveDate>,
) -> (
    String,
    MentionKind,
    &'static str,
    Option<String>,
    Option<String>,
) {
    let v = tx(text, r);
    assert_eq!(v.len(), 1, "one mention in {text:?}: {v:#?}");
    v.into_iter().next().unwrap()
}

fn s(x: &str) -> Option<String> {
    Some(x.to_owned())
}

#[test]
fn ranges_are_one_expression_with_a_start_and_an_end() {
    let r = Some(d(2024, 6, 25));
    let cases = [
        (
            "18-19 जून को शिखर सम्मेलन हुआ",
            "18-19 जून",
            "2024-06-18",
            "2024-06-19",
        ),
        (
            "10 से 13 सितंबर तक दौरा चला",
            "10 से 13 सितंबर",
            "2023-09-10",
            "2023-09-13",
        ),
        ("2022 से 2024 तक युद्ध चला", "2022 से 2024 तक", "2022", "2024"),
        ("जून-जुलाई में बातचीत हुई", "जून-जुलाई", "2024-06", "2024-07"),
        ("1950-53 का कोरियाई युद्ध", "1950-53", "1950", "1953"),
        ("वित्त वर्ष 2022-23 में", "वर्ष 2022-23", "2022", "2023"),
        (
            "18 जून 2024 से 20 जून 2024 तक",
            "18 जून 2024 से 20 जून 2024 तक",
            "2024-06-18",
            "2024-06-20",
        ),
        (
            "मार्च 2020 से जून 2021 तक लॉकडाउन",
            "मार्च 2020 से जून 2021 तक",
            "2020-03",
            "2021-06",
        ),
        (
            "18–19 June 2024 summit",
            "18–19 June 2024",
            "2024-06-18",
            "2024-06-19",
        ),
        (
            "दिसंबर-जनवरी 2024 में",
            "दिसंबर-जनवरी 2024",
            "2023-12",
            "2024-01",
        ),
    ];
    for (text, span, from, until) in cases {
        // "10 से 13 सितंबर" in a June 2024 article: September lies more than two months ahead, so last year's
        let r = if text.contains("सितंबर") {
            Some(d(2024, 6, 25))
        } else {
            r
        };
        let (t, kind, ty, v, u) = one_tx(text, r);
        assert_eq!(
            (t.as_str(), kind, ty),
            (span, MentionKind::Range, "DATE"),
            "{text}"
        );
        assert_eq!((v, u), (s(from), s(until)), "{text}");
    }
    // not ranges: an ISO month, a score, a phone number, "से" without "तक" between two full dates
    assert!(tx("2024-06 में", None)
        .iter()
        .all(|m| m.1 != MentionKind::Range));
    assert!(tx("भारत ने 2019-20 सत्र में", None)
        .iter()
        .all(|m| m.1 == MentionKind::Range));
    let v = tx("जून 2024 से पुतिन और 2025 में", None);
    assert_eq!(v.len(), 2, "{v:#?}");
    assert!(v.iter().all(|m| m.1 != MentionKind::Range));
}

#[test]
fn range_events_span_the_whole_range() {
    let ms = tag("10 से 13 सितंबर 2023 तक किम रूस में रहे।", None);
    let m = &ms[0];
    assert_eq!(m.value, Some(TimexValue::of_day(2023, 9, 10)));
    assert_eq!(m.until, Some(TimexValue::of_day(2023, 9, 13)));
    assert!(m.is_calendar_date());
}

#[test]
fn vague_references() {
    let r = Some(d(2024, 6, 19));
    let cases = [
        ("कुछ दिन पहले दोनों नेता मिले", "कुछ दिन पहले", "PAST_REF"),
        ("हाल ही में एक समझौता हुआ", "हाल ही में", "PAST_REF"),
        ("हाल के दिनों में तनाव बढ़ा", "हाल के दिनों में", "PAST_REF"),
        ("आने वाले दिनों में बैठक होगी", "आने वाले दिनों में", "FUTURE_REF"),
        ("इन दिनों चर्चा में है", "इन दिनों", "PRESENT_REF"),
        ("पिछले दिनों उन्होंने कहा", "पिछले दिनों", "PAST_REF"),
        ("पिछले कुछ महीनों में", "पिछले कुछ महीनों में", "PAST_REF"),
        ("अगले तीन सालों में", "अगले तीन सालों में", "FUTURE_REF"),
        ("भविष्य में सहयोग बढ़ेगा", "भविष्य में", "FUTURE_REF"),
        ("जल्द ही घोषणा होगी", "जल्द ही", "FUTURE_REF"),
        ("फिलहाल कोई जवाब नहीं", "फिलहाल", "PRESENT_REF"),
        ("वर्तमान में दोनों देश", "वर्तमान में", "PRESENT_REF"),
        ("इस समय रूस", "इस समय", "PRESENT_REF"),
        ("Kim recently visited", "recently", "PAST_REF"),
    ];
    for (text, span, value) in cases {
        let (t, kind, ty, v, _) = one_tx(text, r);
        assert_eq!(
            (t.as_str(), kind, ty, v),
            (span, MentionKind::Vague, "DATE", s(value)),
            "{text}"
        );
    }
    // phrases that define a period resolve to it: weeks as ISO weeks (the value keeps the month), months
    let m = one("पिछले हफ्ते दोनों मिले", r);
    assert_eq!(m.timex_value().as_deref(), Some("2024-W24"));
    assert_eq!(m.value, Some(TimexValue::of_month(2024, 6)));
    assert_eq!(
        one("इस सप्ताह", r).timex_value().as_deref(),
        Some("2024-W25")
    );
    assert_eq!(one("अगले महीने", r).timex_value().as_deref(), Some("2024-07"));
    // vague references never become dated events
    assert!(tag("हाल ही में", r).iter().all(|m| !m.is_calendar_date()));
    // "हाल" (condition) and "उन" (them) alone are not references
    assert_eq!(tx("देश का हाल बुरा है, उन से पूछो", r), vec![]);
}

#[test]
fn generic_present_is_not_a_day() {
    let r = Some(d(2024, 6, 19));
    let m = one("आज का डीपीआरके-रूस गठबंधन मजबूत है", r);
    assert_eq!(
        (m.text.as_str(), m.kind, m.value),
        ("आज", MentionKind::Vague, None)
    );
    assert_eq!(m.timex_value().as_deref(), Some("PRESENT_REF"));
    assert!(!m.is_calendar_date());
    assert_eq!(
        one("आज की दुनिया में", r).timex_value().as_deref(),
        Some("PRESENT_REF")
    );
    // still days: "आज", "आज के दिन", "आज सुबह"
    assert_eq!(val("आज पुतिन पहुंचे", r), "2024-06-19");
    assert_eq!(
        one("आज के दिन", r).timex_value().as_deref(),
        Some("2024-06-19")
    );
}

#[test]
fn times_of_day_attach_to_their_day() {
    let r = Some(d(2024, 6, 19));
    let v = tx("19 जून को सुबह 10 बजे पुतिन पहुंचे", r);
    assert_eq!(
        v[1],
        (
            "सुबह 10 बजे".into(),
            MentionKind::TimeOfDay,
            "TIME",
            s("2024-06-19T10:00"),
            None
        )
    );
    let ms = tag("कल शाम दोनों नेता मिले", r);
    assert_eq!(ms[1].timex_value().as_deref(), Some("2024-06-18TEV"));
    assert_eq!(
        ms[1].resolution,
        Resolution::AnotherExpression {
            text: "कल".into()
        }
    );
    assert_eq!(ms[1].resolution.how(), "another_expression");
    // tadke (early morning) with a nukta, and night hours
    let m = one("तड़के हमला हुआ", r);
    assert_eq!(
        (m.kind, m.timex_value().as_deref()),
        (MentionKind::TimeOfDay, Some("2024-06-19TMO"))
    );
    assert_eq!(m.resolution, Resolution::RelativeToReference);
    assert_eq!(
        one("रात 8:30 बजे", r).timex_value().as_deref(),
        Some("2024-06-19T20:30")
    );
    assert_eq!(
        one("रात 2 बजे", r).timex_value().as_deref(),
        Some("2024-06-19T02:00")
    );
    assert_eq!(
        one("शाम 5 बजे", r).timex_value().as_deref(),
        Some("2024-06-19T17:00")
    );
    assert_eq!(
        one("दोपहर", r).timex_value().as_deref(),
        Some("2024-06-19TAF")
    );
    assert_eq!(
        one("देर रात", r).timex_value().as_deref(),
        Some("2024-06-19TNI")
    );
    assert_eq!(
        one("10 बजे", r).timex_value().as_deref(),
        Some("2024-06-19T10:00")
    );
    // a sentence end cuts the attachment: the time takes the publication date
    let ms = tag("18 जून 2024 को समझौता हुआ। शाम को भोज हुआ।", r);
    assert_eq!(ms[1].timex_value().as_deref(), Some("2024-06-19TEV"));
    // no publication date and no day: listed, unresolved, with the reason
    let m = one("शाम को", None);
    assert_eq!((m.value, m.resolution.how()), (None, "unresolved"));
    // times are never events of their own
    assert!(!one("शाम", r).is_calendar_date());
}

#[test]
fn durations_are_never_dates() {
    for (text, span, value) in [
        ("24 वर्षों के बाद पुतिन आए", "24 वर्षों", "P24Y"),
        ("तीन दिन की यात्रा", "तीन दिन", "P3D"),
        ("दो हफ्ते तक", "दो हफ्ते", "P2W"),
        ("6 महीने से", "6 महीने", "P6M"),
        ("2 घंटे चली बैठक", "2 घंटे", "PT2H"),
        ("45 मिनट", "45 मिनट", "PT45M"),
        ("कई साल से", "कई साल", "PXY"),
        ("कुछ दिनों के लिए", "कुछ दिनों", "PXD"),
        ("for three years", "three years", "P3Y"),
    ] {
        let m = one(text, Some(d(2024, 6, 19)));
        assert_eq!(
            (m.text.as_str(), m.kind, m.timex_type(), m.value),
            (span, MentionKind::Duration, TimexType::Duration, None),
            "{text}"
        );
        assert_eq!(m.timex_value().as_deref(), Some(value), "{text}");
        assert!(!m.is_calendar_date());
    }
    // still dates: N units ago
    assert_eq!(val("तीन दिन पहले", Some(d(2024, 6, 19))), "2024-06-16");
}

#[test]
fn sets() {
    for (text, value) in [
        ("हर साल", "P1Y"),
        ("हर हफ्ते", "P1W"),
        ("प्रतिदिन", "P1D"),
        ("रोज़ाना", "P1D"),
        ("every year", "P1Y"),
    ] {
        let m = one(text, None);
        assert_eq!(
            (m.kind, m.timex_type(), m.timex_value().as_deref()),
            (MentionKind::Set, TimexType::Set, Some(value)),
            "{text}"
        );
    }
    assert_eq!(tx("हर कोई", None), vec![]);
}

#[test]
fn era_years() {
    for (text, span) in [
        ("सन 2000 में", "सन 2000"),
        ("सन् 1991 में", "सन् 1991"),
        ("वर्ष 2024 में", "वर्ष 2024"),
        ("2024 ई. में", "2024 ई."),
        ("1857 ईस्वी में विद्रोह", "1857 ईस्वी"),
        ("सन 1857 ई. का विद्रोह", "सन 1857 ई."),
    ] {
        let m = one(text, None);
        assert_eq!(
            (m.text.as_str(), m.kind),
            (span, MentionKind::Year),
            "{text}"
        );
        assert_eq!(
            m.timex_value(),
            s(span
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .as_str())
        );
    }
    // before the common era: not represented, not a year of our era either
    assert!(tag("500 ई.पू. में", None)
        .iter()
        .all(|m| m.kind != MentionKind::Year));
}

#[test]
fn festivals_are_listed_and_dated_for_the_year_at_hand() {
    let r = Some(d(2024, 10, 20));
    let m = one("दिवाली पर आतिशबाजी", r);
    assert_eq!(
        (m.kind, m.timex_value().as_deref()),
        (MentionKind::Festival, Some("2024-10-31"))
    );
    assert_eq!(m.resolution, Resolution::YearFromReference);
    let m = one("होली 2023 के दिन", r);
    assert_eq!(
        (
            m.text.as_str(),
            m.timex_value().as_deref(),
            m.resolution.how()
        ),
        ("होली 2023", Some("2023-03-08"), "explicit")
    );
    assert_eq!(
        one("दीपावली", Some(d(2023, 11, 1)))
            .timex_value()
            .as_deref(),
        Some("2023-11-12")
    );
    assert_eq!(
        one("दशहरे", Some(d(2025, 9, 1))).timex_value().as_deref(),
        Some("2025-10-02")
    );
    assert_eq!(
        one("गणतंत्र दिवस परेड", Some(d(2025, 1, 20)))
            .timex_value()
            .as_deref(),
        Some("2025-01-26")
    );
    assert_eq!(one("स्वतंत्रता दिवस", r).text, "स्वतंत्रता दिवस");
    // listed without a value when the year's date is not known, with the reason
    let m = one("ईद के मौके पर", r);
    assert_eq!((m.kind, m.value), (MentionKind::Festival, None));
    assert!(m.resolution.why().contains("ईद"), "{:?}", m.resolution);
    let m = one("दिवाली", Some(d(2040, 1, 1)));
    assert_eq!(m.resolution.how(), "unresolved");
}

#[test]
fn byline_roles_published_and_modified_kept_apart() {
    let roles = |line: &str| -> Vec<(BylineRole, NaiveDate)> {
        byline_dates(line)
            .into_iter()
            .map(|(r, dt, _)| (r, dt))
            .collect()
    };
    assert_eq!(
        roles("Last Updated 19 Oct 2023 06:07:54 AM IST"),
        vec![(BylineRole::Modified, d(2023, 10, 19))]
    );
    assert_eq!(
        roles("Published: 13 Sep 2023 4:28 PM | Updated: 14 Sep 2023 10:00 AM"),
        vec![
            (BylineRole::Published, d(2023, 9, 13)),
            (BylineRole::Modified, d(2023, 9, 14))
        ]
    );
    assert_eq!(
        roles("प्रकाशित 13 सितंबर 2023 अपडेटेड 15 सितंबर 2023"),
        vec![
            (BylineRole::Published, d(2023, 9, 13)),
            (BylineRole::Modified, d(2023, 9, 15))
        ]
    );
    assert_eq!(
        roles("13 सितंबर 2023"),
        vec![(BylineRole::Published, d(2023, 9, 13))]
    );
    assert_eq!(
        roles("Edited By Updated: 27 Dec, 2025 02:06 PM"),
        vec![(BylineRole::Modified, d(2025, 12, 27))]
    );
    // the clock time is part of the TIME value
    let (_, _, m) = &byline_dates("Last Updated 19 Oct 2023 06:07:54 AM IST")[0];
    assert_eq!(m.timex_type(), TimexType::Time);
    assert_eq!(m.timex_value().as_deref(), Some("2023-10-19T06:07"));
    assert_eq!(
        one("September 13, 2023 4:28 PM", None)
            .timex_value()
            .as_deref(),
        Some("2023-09-13T16:28")
    );
    assert_eq!(
        one("13 Sep 2023 12:05 a.m.", None).timex_value().as_deref(),
        Some("2023-09-13T00:05")
    );
}
