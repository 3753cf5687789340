//! Segment-level agreement as MAXQDA defines it: a coded segment agrees when the other coder coded a segment with
//! the same code that overlaps it by at least a chosen share (default 90 %). The overlap share of two segments is
//! their intersection over their union (both in units). Every segment of both coders is checked; the agreement is
//! the share of all segments that agree. Overlapping segments of one coder are merged first (they count once).

use serde::Serialize;

/// Segment counts of one pair of coders.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SegmentTally {
    /// Segments of the first coder, and how many of them the second coder matched.
    pub first: u64,
    pub first_matched: u64,
    /// Segments of the second coder, and how many of them the first coder matched.
    pub second: u64,
    pub second_matched: u64,
}

impl SegmentTally {
    pub fn add(&mut self, o: &SegmentTally) {
        self.first += o.first;
        self.first_matched += o.first_matched;
        self.second += o.second;
        self.second_matched += o.second_matched;
    }

    /// Matched segments over all segments; `None` when neither coder has a segment.
    pub fn agreement(&self) -> Option<f64> {
        let all = self.first + self.second;
        (all > 0).then(|| (self.first_matched + self.second_matched) as f64 / all as f64)
    }
}

/// Whether each segment of `a` has a segment in `b` overlapping it by at least `share` (intersection / union).
/// Both lists sorted and not overlapping within themselves.
pub fn matched(a: &[(u64, u64)], b: &[(u64, u64)], share: f64) -> Vec<bool> {
    let mut out = Vec::with_capacity(a.len());
    let mut first = 0;
    for &(s, e) in a {
        while first < b.len() && b[first].1 <= s {
            first += 1;
        }
        let mut best = 0.0f64;
        for &(bs, be) in b[first..].iter().take_while(|x| x.0 < e) {
            let inter = e.min(be).saturating_sub(s.max(bs));
            let union = e.max(be) - s.min(bs);
            best = best.max(inter as f64 / union as f64);
        }
        out.push(best >= share && best > 0.0);
    }
    out
}

/// Segment tally of coders `a` and `b` over one stretch.
pub fn tally(a: &[(u64, u64)], b: &[(u64, u64)], share: f64) -> SegmentTally {
    SegmentTally {
        first: a.len() as u64,
        first_matched: matched(a, b, share).iter().filter(|m| **m).count() as u64,
        second: b.len() as u64,
        second_matched: matched(b, a, share).iter().filter(|m| **m).count() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ninety_percent_of_the_union() {
        // 0..100 vs 5..100: 95/100 agree; 0..100 vs 0..89: 89/100 do not.
        assert_eq!(matched(&[(0, 100)], &[(5, 100)], 0.9), vec![true]);
        assert_eq!(matched(&[(0, 100)], &[(0, 89)], 0.9), vec![false]);
        let t = tally(&[(0, 100), (200, 210)], &[(0, 95)], 0.9);
        assert_eq!(t.first_matched, 1);
        assert_eq!(t.second_matched, 1);
        assert_eq!(t.agreement(), Some(2.0 / 3.0));
    }
}
