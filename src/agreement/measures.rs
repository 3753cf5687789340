//! Agreement measures for binary unit data ("has code X" or not, per coder and unit), from tallies.
//!
//! With no missing values, every measure here depends only on how many units exactly k of the m coders coded
//! (`hist[k]`) and, for Cohen's κ, how many units each coder coded (`ones`). A measure is `None` (undefined) when
//! its chance term leaves nothing to correct for: when every value is the same (nobody coded anything, or everybody
//! coded everything), α and κ are 0/0. This is what the Python `krippendorff` package gives too (NaN with
//! `value_domain=[0, 1]`; an error without it).

use serde::Serialize;

/// Per-code tallies over units.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Units compared.
    pub units: u64,
    /// `hist[k]`: units that exactly k coders coded (k = 0..=m).
    pub hist: Vec<u64>,
    /// `ones[c]`: units coder c coded.
    pub ones: Vec<u64>,
}

impl Tally {
    pub fn new(coders: usize) -> Tally {
        Tally {
            units: 0,
            hist: vec![0; coders + 1],
            ones: vec![0; coders],
        }
    }

    pub fn coders(&self) -> usize {
        self.ones.len()
    }

    pub fn add(&mut self, other: &Tally) {
        self.units += other.units;
        for (a, b) in self.hist.iter_mut().zip(&other.hist) {
            *a += b;
        }
        for (a, b) in self.ones.iter_mut().zip(&other.ones) {
            *a += b;
        }
    }

    /// Tally of explicit 0/1 data: `data[c][u]` is coder c's value for unit u (tests, small studies).
    pub fn from_matrix(data: &[Vec<bool>]) -> Tally {
        let m = data.len();
        let n = data.first().map_or(0, Vec::len);
        let mut t = Tally::new(m);
        t.units = n as u64;
        for u in 0..n {
            let k = data.iter().filter(|row| row[u]).count();
            t.hist[k] += 1;
        }
        for (c, row) in data.iter().enumerate() {
            t.ones[c] = row.iter().filter(|v| **v).count() as u64;
        }
        t
    }

    /// Units at least one coder coded.
    pub fn coded_by_any(&self) -> u64 {
        self.units - self.hist[0]
    }

    /// Units every coder coded.
    pub fn coded_by_all(&self) -> u64 {
        *self.hist.last().unwrap_or(&0)
    }
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

/// Share of agreeing coder pairs over all units (for two coders: units both coded or both left uncoded, over all
/// units). Counts the agreement on uncoded text, so it is high whenever little is coded.
pub fn percent(t: &Tally) -> Option<f64> {
    let m = t.coders() as f64;
    if t.units == 0 || m < 2.0 {
        return None;
    }
    let agree: f64 = t
        .hist
        .iter()
        .enumerate()
        .map(|(k, &n)| {
            let k = k as f64;
            n as f64 * (k * (k - 1.0) + (m - k) * (m - k - 1.0))
        })
        .sum();
    Some(agree / (m * (m - 1.0)) / t.units as f64)
}

/// Units every coder coded, over units any coder coded (Jaccard's index for two coders): agreement on what was
/// coded, not inflated by uncoded text.
pub fn coded_overlap(t: &Tally) -> Option<f64> {
    ratio(t.coded_by_all() as f64, t.coded_by_any() as f64)
}

/// Cohen's κ: two coders, chance from each coder's own share of coded units.
pub fn cohen_kappa(t: &Tally) -> Option<f64> {
    if t.coders() != 2 || t.units == 0 {
        return None;
    }
    let n = t.units as f64;
    let po = (t.hist[0] + t.hist[2]) as f64 / n;
    let (a, b) = (t.ones[0] as f64 / n, t.ones[1] as f64 / n);
    let pe = a * b + (1.0 - a) * (1.0 - b);
    ratio(po - pe, 1.0 - pe)
}

/// Fleiss' κ: any number of coders, chance from the pooled share of coded units.
pub fn fleiss_kappa(t: &Tally) -> Option<f64> {
    let po = percent(t)?;
    let m = t.coders() as f64;
    let p1 = t.ones.iter().sum::<u64>() as f64 / (t.units as f64 * m);
    let pe = p1 * p1 + (1.0 - p1) * (1.0 - p1);
    ratio(po - pe, 1.0 - pe)
}

/// Krippendorff's α, nominal: 1 − (n − 1)·D / (n₀·n₁·2), where n = units × coders pairable values, n₁ of them 1,
/// and D the disagreeing pairs of the coincidence matrix (a unit that k of m coders coded adds 2k(m − k)/(m − 1)).
pub fn krippendorff_alpha(t: &Tally) -> Option<f64> {
    let m = t.coders() as f64;
    if m < 2.0 || t.units == 0 {
        return None;
    }
    let n = t.units as f64 * m;
    let n1 = t.ones.iter().sum::<u64>() as f64;
    let n0 = n - n1;
    let disagree: f64 = t
        .hist
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            let k = k as f64;
            c as f64 * 2.0 * k * (m - k) / (m - 1.0)
        })
        .sum();
    let expected = 2.0 * n0 * n1;
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * disagree / expected)
}

/// The percentile interval of bootstrap replicates (undefined replicates are left out); `None` with fewer than 2.
pub fn percentile_interval(mut values: Vec<f64>, level: f64) -> Option<(f64, f64)> {
    values.retain(|v| v.is_finite());
    if values.len() < 2 {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let tail = (1.0 - level) / 2.0;
    let at = |q: f64| {
        // Linear interpolation between order statistics (numpy's default).
        let pos = q * (values.len() - 1) as f64;
        let lo = pos.floor() as usize;
        let hi = pos.ceil() as usize;
        values[lo] + (values[hi] - values[lo]) * (pos - lo as f64)
    };
    Some((at(tail), at(1.0 - tail)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_variation_is_undefined() {
        let t = Tally::from_matrix(&[vec![false; 5], vec![false; 5]]);
        assert_eq!(percent(&t), Some(1.0));
        assert_eq!(krippendorff_alpha(&t), None);
        assert_eq!(cohen_kappa(&t), None);
        assert_eq!(fleiss_kappa(&t), None);
        assert_eq!(coded_overlap(&t), None);
    }

    #[test]
    fn krippendorff_1995_digitized_example() {
        // Krippendorff (1995: 57), pair A digitised into 24 units: κ = 0.385, π = 0.314, α = 0.329.
        let a = "001111111100001111110000";
        let b = "000011110000000110000000";
        let row = |s: &str| s.chars().map(|c| c == '1').collect::<Vec<_>>();
        let t = Tally::from_matrix(&[row(a), row(b)]);
        assert!((cohen_kappa(&t).unwrap() - 0.385).abs() < 0.001);
        assert!((krippendorff_alpha(&t).unwrap() - 0.329).abs() < 0.001);
    }
}
