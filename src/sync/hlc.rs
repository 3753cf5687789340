//! Hybrid logical clocks: a wall-clock time in milliseconds, a counter for events within one millisecond (or while
//! the wall clock lags behind a clock seen from another copy), and the replica that made the stamp. Stamps are
//! written as fixed-width strings, so comparing the strings orders them; the replica id at the end breaks ties, so
//! two copies never make equal stamps and every copy orders concurrent edits the same way.

use std::fmt;

use serde::{Deserialize, Serialize};

/// One stamp. Ordered as its string is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Hlc(String);

impl Hlc {
    pub fn new(millis: u64, counter: u32, replica: &str) -> Hlc {
        Hlc(format!("{millis:013x}.{counter:06x}.{replica}"))
    }

    /// Read a stamp from storage or the server; `None` when it is not one (untrusted input).
    pub fn parse(s: &str) -> Option<Hlc> {
        let mut parts = s.splitn(3, '.');
        let millis = parts.next()?;
        let counter = parts.next()?;
        let replica = parts.next()?;
        let hex = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit());
        if !hex(millis, 13) || !hex(counter, 6) || replica.is_empty() || replica.len() > 64 {
            return None;
        }
        if !replica
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return None;
        }
        Some(Hlc(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn millis(&self) -> u64 {
        u64::from_str_radix(&self.0[..13], 16).unwrap_or(0)
    }

    pub fn counter(&self) -> u32 {
        u32::from_str_radix(&self.0[14..20], 16).unwrap_or(0)
    }

    /// When the stamp was made, as a wall-clock time (for the history list).
    pub fn time(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        chrono::DateTime::from_timestamp_millis(self.millis() as i64)
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A replica's clock: the last stamp it made or saw.
#[derive(Clone, Debug)]
pub struct Clock {
    replica: String,
    millis: u64,
    counter: u32,
}

impl Clock {
    /// A clock for `replica`, continuing after `last` (the last stamp it made or saw, kept in the project file so
    /// a restart with the wall clock set back never stamps an edit older than one made before).
    pub fn new(replica: &str, last: Option<&Hlc>) -> Clock {
        Clock {
            replica: replica.to_owned(),
            millis: last.map_or(0, Hlc::millis),
            counter: last.map_or(0, Hlc::counter),
        }
    }

    pub fn replica(&self) -> &str {
        &self.replica
    }

    /// A stamp for a local event at wall-clock time `now_millis`: later than every stamp made or seen before.
    pub fn tick_at(&mut self, now_millis: u64) -> Hlc {
        if now_millis > self.millis {
            self.millis = now_millis;
            self.counter = 0;
        } else {
            self.counter = self.counter.saturating_add(1);
        }
        Hlc::new(self.millis, self.counter, &self.replica)
    }

    pub fn tick(&mut self) -> Hlc {
        self.tick_at(now_millis())
    }

    /// Take note of a stamp received from another copy, so this copy's next stamp is later than it.
    pub fn observe(&mut self, seen: &Hlc) {
        let (m, c) = (seen.millis(), seen.counter());
        // A stamp from far in the future (a copy with a wrong clock) is still honoured: ordering must hold.
        if (m, c) > (self.millis, self.counter) {
            self.millis = m;
            self.counter = c;
        }
    }

    /// The last stamp made or seen (what the project file keeps).
    pub fn last(&self) -> Hlc {
        Hlc::new(self.millis, self.counter, &self.replica)
    }
}

pub fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_grow_even_when_the_wall_clock_goes_back() {
        let mut c = Clock::new("a", None);
        let s1 = c.tick_at(1000);
        let s2 = c.tick_at(999);
        let s3 = c.tick_at(1000);
        assert!(s1 < s2 && s2 < s3, "{s1} {s2} {s3}");
        c.observe(&Hlc::new(5000, 7, "b"));
        let s4 = c.tick_at(1001);
        assert!(s4 > Hlc::new(5000, 7, "b"), "{s4}");
    }

    #[test]
    fn the_replica_breaks_ties_and_parse_checks_the_form() {
        assert!(Hlc::new(1, 0, "a") < Hlc::new(1, 0, "b"));
        assert!(Hlc::new(1, 0, "z") < Hlc::new(1, 1, "a"));
        let s = Hlc::new(123, 4, "ab12");
        assert_eq!(Hlc::parse(s.as_str()), Some(s.clone()));
        assert_eq!(s.millis(), 123);
        assert_eq!(s.counter(), 4);
        assert_eq!(Hlc::parse("nonsense"), None);
        assert_eq!(Hlc::parse("0000000000001.000000.a;drop"), None);
    }
}
