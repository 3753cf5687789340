//! The patterns: at each token, the longest date expression that matches.

use super::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum WdDir {
    OnOrBefore,
    StrictlyBefore,
    After,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Val {
    Explicit(TimexValue),
    DayMonth {
        m: u32,
        d: u32,
        future: bool,
    },
    BareMonth {
        m: u32,
        future: bool,
    },
    Weekday {
        wd: u32,
        dir: WdDir,
    },
    Days(i64),
    Units(Unit, i64),
    /// A date with a clock time (hour 0–23, minute).
    Stamp(TimexValue, u32, u32),
    /// No calendar value: a duration, a set or a vague reference.
    Fixed(Detail),
    /// A time of day; the day comes from the sentence or the publication date.
    Clock {
        part: Option<DayPart>,
        hm: Option<(u32, u32)>,
    },
    /// Festival index into [`FESTIVALS`], with the year when the text states one.
    Festival {
        fest: u8,
        year: Option<i32>,
    },
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Match {
    /// Token index one past the match.
    pub(super) end: usize,
    pub(super) kind: MentionKind,
    pub(super) val: Val,
    /// The last period of a range.
    pub(super) until: Option<Val>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tense {
    Past,
    Future,
    Unknown,
}

pub(super) fn is_clause_punct(c: char) -> bool {
    matches!(
        c,
        '।' | '॥' | '.' | '?' | '!' | ';' | ',' | ':' | '\n' | '|'
    )
}

pub(super) struct Ctx<'a> {
    pub(super) t: &'a [Tok],
    pub(super) text: &'a str,
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

    /// The longest expression starting at token `i`; two dates joined by "से … तक" become one range.
    pub(super) fn match_at(&self, i: usize) -> Option<Match> {
        let m = self.single_at(i)?;
        Some(self.extend_range(m).unwrap_or(m))
    }

    fn single_at(&self, i: usize) -> Option<Match> {
        match self.t[i].kind {
            TK::Num { .. } => self
                .full_date_at(i)
                .or_else(|| self.day_range_at(i))
                .or_else(|| self.year_range_at(i))
                .or_else(|| self.day_month_at(i))
                .or_else(|| self.ago_at(i))
                .or_else(|| self.clock_time_at(i))
                .or_else(|| self.year_at(i))
                .or_else(|| self.duration_at(i)),
            TK::Word(lex) => match lex {
                Lex::Month(..) => self
                    .full_date_at(i)
                    .or_else(|| self.month_range_at(i))
                    .or_else(|| self.month_year_at(i))
                    .or_else(|| self.day_month_at(i))
                    .or_else(|| self.bare_month_at(i)),
                Lex::Weekday(..) => self.weekday_at(i),
                Lex::Mod(_) => self.mod_at(i),
                Lex::Aaj | Lex::Kal | Lex::Parson | Lex::Today | Lex::Yesterday | Lex::Tomorrow => {
                    self.deictic_at(i)
                }
                Lex::Unit(Unit::Day, false) => self.day_before_after_at(i),
                Lex::Unit(Unit::Year, false) | Lex::San => self.prefixed_year_at(i),
                Lex::NumWord(_) | Lex::Few => self.ago_at(i).or_else(|| self.duration_at(i)),
                Lex::Every | Lex::SetWord(_) => self.set_at(i),
                Lex::RefWord(_)
                | Lex::RefNoun(_)
                | Lex::Haal
                | Lex::Jald
                | Lex::Aane
                | Lex::InDays(_) => self.vague_at(i),
                Lex::DayPart(_) | Lex::Der => self.day_part_at(i),
                Lex::Festival(_) | Lex::FestFirst(_) => self.festival_at(i),
                _ => None,
            },
            TK::Punct(_) => None,
        }
    }

    fn is_dash(&self, j: usize) -> bool {
        matches!(self.punct(j), Some('-' | '–' | '—'))
    }

    /// A dash glued to both neighbours ("18-19", "जून-जुलाई"), or "से": the connector of a range. Returns the next
    /// token index and whether the connector was "से" (which needs a closing "तक" unless a month follows).
    fn range_connector(&self, j: usize) -> Option<(usize, bool)> {
        if self.is_dash(j) && self.adj(j) && self.adj(j + 1) {
            Some((j + 1, false))
        } else if self.is_dash(j) && !self.adj(j) && !self.adj(j + 1) && j + 1 < self.t.len() {
            // "जून – जुलाई": a spaced dash between two full expressions.
            Some((j + 1, false))
        } else if self.lex(j) == Some(Lex::Post(Post::Se)) {
            Some((j + 1, true))
        } else {
            None
        }
    }

    /// "18 जून 2024 से 20 जून 2024 तक", "मार्च 2020 से जून 2021 तक": two dates of the same kind of precision joined
    /// by "से … तक" are one range.
    fn extend_range(&self, m: Match) -> Option<Match> {
        if !matches!(
            m.kind,
            MentionKind::FullDate
                | MentionKind::MonthYear
                | MentionKind::DayMonth
                | MentionKind::Year
        ) || self.lex(m.end) != Some(Lex::Post(Post::Se))
            || m.end + 1 >= self.t.len()
        {
            return None;
        }
        let second = self.single_at(m.end + 1)?;
        if !matches!(
            second.kind,
            MentionKind::FullDate
                | MentionKind::MonthYear
                | MentionKind::DayMonth
                | MentionKind::Year
        ) || self.lex(second.end) != Some(Lex::Post(Post::Tak))
        {
            return None;
        }
        Some(Match {
            end: second.end + 1,
            kind: MentionKind::Range,
            val: m.val,
            until: Some(second.val),
        })
    }

    /// "18-19 जून", "10 से 13 सितंबर", "18–19 June 2024".
    fn day_range_at(&self, i: usize) -> Option<Match> {
        let (d1, nd1) = self.num(i)?;
        if nd1 > 2 || d1 == 0 || d1 > 31 || !self.left_clean(i) {
            return None;
        }
        let (j, _) = self.range_connector(i + 1)?;
        let (d2, nd2) = self.num(j)?;
        if nd2 > 2 || d2 <= d1 || d2 > 31 {
            return None;
        }
        let (m, _, k) = self.month_at(j + 1)?;
        if d2 > days_in_month(2000, m) {
            return None;
        }
        let mut y_at = k;
        if self.is_punct(y_at, ',') {
            y_at += 1;
        }
        let (val, until, end) = match self.year4_at(y_at) {
            Some((y, e)) => {
                NaiveDate::from_ymd_opt(y, m, d2)?;
                (
                    Val::Explicit(TimexValue::of_day(y, m, d1)),
                    Val::Explicit(TimexValue::of_day(y, m, d2)),
                    e,
                )
            }
            None => {
                let future = self.tense_around(i, k) == Tense::Future;
                (
                    Val::DayMonth { m, d: d1, future },
                    Val::DayMonth { m, d: d2, future },
                    k,
                )
            }
        };
        Some(Match {
            end,
            kind: MentionKind::Range,
            val,
            until: Some(until),
        })
    }

    /// "1950-53", "2022-23", "2019–2021", "2022 से 2024 तक".
    fn year_range_at(&self, i: usize) -> Option<Match> {
        let (y1, nd1) = self.num(i)?;
        if nd1 != 4 || !(1000..=2999).contains(&y1) || !self.left_clean(i) {
            return None;
        }
        let (j, se) = self.range_connector(i + 1)?;
        let (v, nd2) = self.num(j)?;
        let y2 = match nd2 {
            2 if !se => y1 - y1 % 100 + v,
            4 => v,
            _ => return None,
        };
        if y2 <= y1 || y2 - y1 > 100 || !self.right_clean(j, true) {
            return None;
        }
        let mut end = j + 1;
        if se {
            if self.lex(end) != Some(Lex::Post(Post::Tak)) {
                return None;
            }
            end += 1;
        } else if matches!(
            self.lex(end),
            Some(Lex::Blocker | Lex::Unit(..) | Lex::ClockUnit(_))
        ) {
            return None;
        }
        Some(Match {
            end,
            kind: MentionKind::Range,
            val: Val::Explicit(TimexValue::of_year(y1 as i32)),
            until: Some(Val::Explicit(TimexValue::of_year(y2 as i32))),
        })
    }

    /// "जून-जुलाई", "जून से अगस्त तक", "June–July 2024".
    fn month_range_at(&self, i: usize) -> Option<Match> {
        let (m1, f1, j) = self.month_at(i)?;
        if f1 == Form::English && !self.t[i].cap {
            return None;
        }
        let (k, se) = self.range_connector(j)?;
        let (m2, f2, mut end) = self.month_at(k)?;
        if (f2 == Form::English && !self.t[k].cap) || m2 == m1 {
            return None;
        }
        let mut y_at = end;
        if self.is_punct(y_at, ',') {
            y_at += 1;
        }
        let (val, until) = match self.year4_at(y_at) {
            Some((y, e)) => {
                end = e;
                // "दिसंबर-जनवरी 2024": the first month belongs to the year before.
                let y1 = if m1 > m2 { y - 1 } else { y };
                (
                    Val::Explicit(TimexValue::of_month(y1, m1)),
                    Val::Explicit(TimexValue::of_month(y, m2)),
                )
            }
            None => {
                let future = self.tense_around(i, end) == Tense::Future;
                (
                    Val::BareMonth { m: m1, future },
                    Val::BareMonth { m: m2, future },
                )
            }
        };
        if se {
            if self.lex(end) != Some(Lex::Post(Post::Tak)) {
                return None;
            }
            end += 1;
        }
        Some(Match {
            end,
            kind: MentionKind::Range,
            val,
            until: Some(until),
        })
    }

    /// "सन 2000", "सन् 1991", "वर्ष 2024", "साल 2000" (with an optional "ई." / "ईस्वी" after the year).
    fn prefixed_year_at(&self, i: usize) -> Option<Match> {
        if let Some(range) = self.year_range_at(i + 1).filter(|_| !self.adj(i + 1)) {
            return Some(range);
        }
        let (v, nd) = self.num(i + 1)?;
        if nd != 4
            || !(1000..=2999).contains(&v)
            || self.adj(i + 1)
            || !self.right_clean(i + 1, false)
        {
            return None;
        }
        if self.lex(i + 2) == Some(Lex::ClockUnit(true)) || self.lex(i + 2) == Some(Lex::Blocker) {
            return None;
        }
        let end = self.era_suffix(i + 2)?;
        Some(Match {
            end,
            kind: MentionKind::Year,
            val: Val::Explicit(TimexValue::of_year(v as i32)),
            until: None,
        })
    }

    /// After a year: "ई." or "ईस्वी" is part of it; "ई.पू." (before the common era) is not a year we represent.
    fn era_suffix(&self, j: usize) -> Option<usize> {
        if self.lex(j) != Some(Lex::Era) {
            return Some(j);
        }
        let mut k = j + 1;
        if self.is_punct(k, '.') && self.adj(k) {
            k += 1;
            if self.word_text_is(k, "पू") || self.word_text_is(k, "पूर्व") {
                return None;
            }
        }
        Some(k)
    }

    /// "तीन दिन", "24 वर्षों", "2 घंटे", "कुछ साल", "कई महीनों": a length of time, never a date.
    fn duration_at(&self, i: usize) -> Option<Match> {
        let count = match self.t[i].kind {
            TK::Num { val, nd }
                if nd <= 4 && val >= 1 && self.left_clean(i) && self.right_clean(i, true) =>
            {
                if i > 0 && self.lex(i - 1) == Some(Lex::Currency) {
                    return None;
                }
                Some(val)
            }
            TK::Word(Lex::NumWord(n)) => Some(n as u32),
            TK::Word(Lex::Few) => None,
            _ => return None,
        };
        let unit = match self.lex(i + 1)? {
            Lex::Unit(u, _) => u.into(),
            Lex::ClockUnit(false) => TimeUnit::Hour,
            Lex::ClockUnit(true) => TimeUnit::Minute,
            _ => return None,
        };
        Some(Match {
            end: i + 2,
            kind: MentionKind::Duration,
            val: Val::Fixed(Detail::Duration(Amount { count, unit })),
            until: None,
        })
    }

    /// "हर साल", "हर हफ्ते", "प्रतिदिन", "every year", "daily".
    fn set_at(&self, i: usize) -> Option<Match> {
        let (unit, end) = match self.lex(i)? {
            Lex::SetWord(u) => (u.into(), i + 1),
            Lex::Every => match self.lex(i + 1)? {
                Lex::Unit(u, false) => (u.into(), i + 2),
                _ => return None,
            },
            _ => return None,
        };
        Some(Match {
            end,
            kind: MentionKind::Set,
            val: Val::Fixed(Detail::Set(Amount {
                count: Some(1),
                unit,
            })),
            until: None,
        })
    }

    fn vague(&self, end: usize, dir: RefDirection) -> Option<Match> {
        Some(Match {
            end,
            kind: MentionKind::Vague,
            val: Val::Fixed(Detail::Ref(dir)),
            until: None,
        })
    }

    /// "हाल ही में", "हाल के दिनों में", "जल्द ही", "आने वाले दिनों में", "इन दिनों", "भविष्य में", "recently" …
    fn vague_at(&self, i: usize) -> Option<Match> {
        let hi = |j: usize| {
            if self.lex(j) == Some(Lex::Hi) {
                j + 1
            } else {
                j
            }
        };
        match self.lex(i)? {
            Lex::RefWord(dir) => self.vague(i + 1, dir),
            Lex::RefNoun(dir) if self.lex(i + 1) == Some(Lex::Post(Post::Me)) => {
                self.vague(i + 2, dir)
            }
            Lex::Haal => {
                let j = hi(i + 1);
                match self.lex(j)? {
                    Lex::Post(Post::Me) => self.vague(j + 1, RefDirection::Past),
                    Lex::Post(Post::Ke | Post::Ki)
                        if matches!(self.lex(j + 1), Some(Lex::Unit(_, true) | Lex::Samay)) =>
                    {
                        let k = if self.lex(j + 2) == Some(Lex::Post(Post::Me)) {
                            j + 3
                        } else {
                            j + 2
                        };
                        self.vague(k, RefDirection::Past)
                    }
                    _ => None,
                }
            }
            Lex::Jald => self.vague(hi(i + 1), RefDirection::Future),
            Lex::Aane
                if self.lex(i + 1) == Some(Lex::Wala)
                    && matches!(self.lex(i + 2), Some(Lex::Unit(..) | Lex::Samay)) =>
            {
                let k = if self.lex(i + 3) == Some(Lex::Post(Post::Me)) {
                    i + 4
                } else {
                    i + 3
                };
                self.vague(k, RefDirection::Future)
            }
            Lex::InDays(dir) if matches!(self.lex(i + 1), Some(Lex::Unit(Unit::Day, true))) => {
                self.vague(i + 2, dir)
            }
            _ => None,
        }
    }

    /// "सुबह", "शाम 5 बजे", "तड़के", "देर रात", "रात 8:30 बजे": a time of day (its day is attached later).
    fn day_part_at(&self, i: usize) -> Option<Match> {
        let (part, j) = match self.lex(i)? {
            Lex::DayPart(p) => (p, i + 1),
            Lex::Der => match self.lex(i + 1)? {
                Lex::DayPart(p @ (DayPart::Evening | DayPart::Night)) => (p, i + 2),
                _ => return None,
            },
            _ => return None,
        };
        let (hm, end) = match self.clock_hm_at(j) {
            Some((h, m, end)) => {
                let h = match part {
                    DayPart::Morning => h % 12,
                    DayPart::Afternoon | DayPart::Evening if h < 12 => h + 12,
                    DayPart::Night if (5..12).contains(&h) => h + 12,
                    DayPart::Night if h == 12 => 0,
                    _ => h,
                };
                (Some((h, m)), end)
            }
            None => (None, j),
        };
        Some(Match {
            end,
            kind: MentionKind::TimeOfDay,
            val: Val::Clock {
                part: Some(part),
                hm,
            },
            until: None,
        })
    }

    /// "10 बजे", "10:30 बजे" on their own.
    fn clock_time_at(&self, i: usize) -> Option<Match> {
        if !self.left_clean(i) {
            return None;
        }
        let (h, m, end) = self.clock_hm_at(i)?;
        Some(Match {
            end,
            kind: MentionKind::TimeOfDay,
            val: Val::Clock {
                part: None,
                hm: Some((h, m)),
            },
            until: None,
        })
    }

    /// `H[:MM] बजे` → hour, minute, next token.
    fn clock_hm_at(&self, j: usize) -> Option<(u32, u32, usize)> {
        let (h, nd) = self.num(j)?;
        if nd > 2 || h > 24 {
            return None;
        }
        let (m, k) = if self.is_punct(j + 1, ':') && self.adj(j + 1) && self.adj(j + 2) {
            match self.num(j + 2) {
                Some((m, 2)) if m < 60 => (m, j + 3),
                _ => return None,
            }
        } else {
            (0, j + 1)
        };
        if self.lex(k) != Some(Lex::Baje) {
            return None;
        }
        Some((h % 24, m, k + 1))
    }

    /// "दिवाली", "होली 2024", "गणतंत्र दिवस".
    fn festival_at(&self, i: usize) -> Option<Match> {
        let (fest, mut j) = match self.lex(i)? {
            Lex::Festival(f) => (f, i + 1),
            Lex::FestFirst(f) if self.lex(i + 1) == Some(Lex::Divas) => (f, i + 2),
            _ => return None,
        };
        let mut year = None;
        if let Some((y, e)) = self.year4_at(j) {
            year = Some(y);
            j = e;
        }
        Some(Match {
            end: j,
            kind: MentionKind::Festival,
            val: Val::Festival { fest, year },
            until: None,
        })
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
    fn time_at(&self, j: usize) -> Option<(usize, u32, u32)> {
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

    /// Returns the next token index, the hour (0–23, after AM/PM) and the minute.
    fn clock_at(&self, j: usize, iso: bool) -> Option<(usize, u32, u32)> {
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
        let mut hour = h;
        let pm = |am_pm: &str, hour: &mut u32| {
            if am_pm.eq_ignore_ascii_case("p") || am_pm.eq_ignore_ascii_case("pm") {
                if *hour < 12 {
                    *hour += 12;
                }
            } else if *hour == 12 {
                *hour = 0;
            }
        };
        if self.lex(k) == Some(Lex::AmPm) {
            pm(self.word_text(k), &mut hour);
            k += 1;
        } else if (self.word_text_is(k, "a") || self.word_text_is(k, "p"))
            && self.is_punct(k + 1, '.')
            && self.adj(k + 1)
            && self.word_text_is(k + 2, "m")
            && self.adj(k + 2)
        {
            pm(self.word_text(k), &mut hour);
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
        Some((k, hour, mi))
    }

    fn explicit_date(&self, y: i32, m: u32, d: u32, j: usize) -> Option<Match> {
        NaiveDate::from_ymd_opt(y, m, d)?;
        let v = TimexValue::of_day(y, m, d);
        let (kind, end, val) = match self.time_at(j) {
            Some((k, h, mi)) => (MentionKind::Timestamp, k, Val::Stamp(v, h, mi)),
            None => (MentionKind::FullDate, j, Val::Explicit(v)),
        };
        Some(Match {
            end,
            kind,
            val,
            until: None,
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
            until: None,
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
            if matches!(
                self.lex(j),
                Some(Lex::Blocker | Lex::Unit(..) | Lex::ClockUnit(_))
            ) {
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
            until: None,
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
            until: None,
        })
    }

    /// A bare year 1900–2099: a standalone 4-digit token, not part of a time,
    /// decimal, thousands group or word, and not a quantity ("2000 सैनिक").
    fn year_at(&self, i: usize) -> Option<Match> {
        let (v, nd) = self.num(i)?;
        // Outside 1900–2099 a bare number is rarely a year, unless "ई." / "ईस्वी" says it is.
        let era = self.lex(i + 1) == Some(Lex::Era);
        if nd != 4
            || !(if era { 1000..=2999 } else { 1900..=2099 }).contains(&v)
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
            if matches!(
                self.lex(i + 1),
                Some(Lex::Blocker | Lex::Unit(..) | Lex::ClockUnit(_))
            ) {
                return None;
            }
            if i > 0 && self.lex(i - 1) == Some(Lex::Currency) {
                return None;
            }
        }
        Some(Match {
            end: self.era_suffix(i + 1)?,
            kind: MentionKind::Year,
            val: Val::Explicit(TimexValue::of_year(v as i32)),
            until: None,
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
            until: None,
        })
    }

    /// पिछले/अगले/इस + weekday or unit (साल, वर्ष, महीने, हफ्ते …).
    fn mod_at(&self, i: usize) -> Option<Match> {
        let Some(Lex::Mod(n)) = self.lex(i) else {
            return None;
        };
        if n != 0 && self.is_num(i + 1) {
            return self.counted_ref(i, n);
        }
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
                    until: None,
                })
            }
            Lex::Unit(u, false) if u != Unit::Day => Some(Match {
                end: i + 2,
                kind: MentionKind::Relative,
                val: Val::Units(u, n as i64),
                until: None,
            }),
            // "पिछले दिनों", "आगामी दिनों में", "पिछले कुछ दिनों में", "अगले तीन महीनों में": a vague stretch
            // before or after the publication date.
            Lex::Unit(_, true) if n != 0 => {
                let k = if self.lex(i + 2) == Some(Lex::Post(Post::Me)) {
                    i + 3
                } else {
                    i + 2
                };
                self.vague(
                    k,
                    if n < 0 {
                        RefDirection::Past
                    } else {
                        RefDirection::Future
                    },
                )
            }
            Lex::Few | Lex::NumWord(_) if n != 0 => self.counted_ref(i, n),
            // "इस समय", "मौजूदा समय में", "वर्तमान में"
            Lex::Samay if n == 0 => {
                let k = if self.lex(i + 2) == Some(Lex::Post(Post::Me)) {
                    i + 3
                } else {
                    i + 2
                };
                self.vague(k, RefDirection::Present)
            }
            Lex::Post(Post::Me) if n == 0 && self.word_text_is(i, "वर्तमान") => {
                self.vague(i + 2, RefDirection::Present)
            }
            _ => None,
        }
    }

    /// "पिछले 3 दिनों में", "अगले कुछ सालों में": count + unit after पिछले/अगले.
    fn counted_ref(&self, i: usize, n: i8) -> Option<Match> {
        if !matches!(self.lex(i + 2), Some(Lex::Unit(..) | Lex::ClockUnit(_))) {
            return None;
        }
        let k = if self.lex(i + 3) == Some(Lex::Post(Post::Me)) {
            i + 4
        } else {
            i + 3
        };
        self.vague(
            k,
            if n < 0 {
                RefDirection::Past
            } else {
                RefDirection::Future
            },
        )
    }

    fn deictic_at(&self, i: usize) -> Option<Match> {
        let lex = self.lex(i)?;
        // "आज का गठबंधन" (today's alliance): the present in general, not a dated day. "आज की सुबह", "आज के दिन"
        // stay days.
        if lex == Lex::Aaj
            && matches!(
                self.lex(i + 1),
                Some(Lex::Post(Post::Ka | Post::Ki | Post::Ke))
            )
            && !matches!(
                self.lex(i + 2),
                Some(Lex::Unit(..) | Lex::DayPart(_) | Lex::Der | Lex::Tarikh)
            )
        {
            return self.vague(i + 1, RefDirection::Present);
        }
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
            until: None,
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
            until: None,
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
            // "कुछ दिन पहले", "a few days ago": before the publication date, by how much is not said
            TK::Word(Lex::Few)
                if matches!(self.lex(i + 1), Some(Lex::Unit(..)))
                    && self.lex(i + 2) == Some(Lex::Ago) =>
            {
                return self.vague(i + 3, RefDirection::Past);
            }
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
            until: None,
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
