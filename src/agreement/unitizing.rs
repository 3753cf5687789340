//! Krippendorff's unitizing αU: agreement on where segments of one category lie on a continuum, as defined in
//! Krippendorff, *Content Analysis: An Introduction to Its Methodology*, 2nd ed., 2004, pp. 251–256 (the measure
//! first published in Krippendorff, "On the reliability of unitizing continuous data", Sociological Methodology 25,
//! 1995). Checked against the book's worked example (p. 254: cuα = 0.7286 and 1, uα = 0.8591).
//!
//! Each coder divides the continuum of length L into sections: their segments of the category (merged where they
//! overlap) and the gaps between them. Gaps also end at the `breaks` (article boundaries), since no segment can
//! cross from one article into the next.
//!
//! - Observed disagreement: D_o = Σ over ordered pairs of coders (i, j), over pairs of their sections g, h, of
//!   δ²(g, h) / (m(m − 1)L²), where δ² = (b_g − b_h)² + (e_g − e_h)² for two overlapping segments, l_g² for a segment
//!   g that lies inside a gap h (and l_h² the other way round), and 0 otherwise.
//! - Expected disagreement: D_e = 2/L · Σ over all segments u (all coders) of
//!   [(N − 1)(2l_u³ − 3l_u² + l_u)/3 + l_u² Σ over all gaps g with l_g ≥ l_u of (l_g − l_u + 1)]
//!   / [mL(mL − 1) − Σ_u l_u(l_u − 1)], with N the number of segments.
//! - cuα = 1 − D_o/D_e for one category; uα over several categories = 1 − ΣD_o / ΣD_e.
//!
//! Sums are exact integers (i128) until the final division.

/// One coder's sections: (begin, end, is a segment), covering `[0, L)` in order.
fn sections(len: u64, breaks: &[u64], segments: &[(u64, u64)]) -> Vec<(u64, u64, bool)> {
    let mut out = Vec::with_capacity(segments.len() * 2 + breaks.len() + 1);
    let push_gap = |out: &mut Vec<(u64, u64, bool)>, mut s: u64, e: u64| {
        let first = breaks.partition_point(|&b| b <= s);
        for &b in &breaks[first..] {
            if b >= e {
                break;
            }
            out.push((s, b, false));
            s = b;
        }
        if s < e {
            out.push((s, e, false));
        }
    };
    let mut pos = 0;
    for &(s, e) in segments {
        if s > pos {
            push_gap(&mut out, pos, s);
        }
        out.push((s, e, true));
        pos = e;
    }
    if pos < len {
        push_gap(&mut out, pos, len);
    }
    out
}

fn sq(x: i128) -> i128 {
    x * x
}

/// δ² of two overlapping sections (see the module documentation).
fn delta2(g: (u64, u64, bool), h: (u64, u64, bool)) -> i128 {
    let (bg, eg, bh, eh) = (g.0 as i128, g.1 as i128, h.0 as i128, h.1 as i128);
    match (g.2, h.2) {
        (true, true) => sq(bg - bh) + sq(eg - eh),
        (true, false) if bh <= bg && eg <= eh => sq(eg - bg),
        (false, true) if bg <= bh && eh <= eg => sq(eh - bh),
        _ => 0,
    }
}

/// The observed and expected disagreement of one category: numerators and denominators, so categories can be
/// pooled exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Disagreement {
    pub observed: f64,
    pub expected: f64,
}

impl Disagreement {
    pub fn alpha(&self) -> Option<f64> {
        (self.expected != 0.0).then(|| 1.0 - self.observed / self.expected)
    }
}

/// D_o and D_e of one category. `coders[i]` are coder i's segments `[begin, end)`, sorted and not overlapping
/// (see [`super::merge_overlapping`]), within `[0, len)`; `breaks` are sorted positions where gaps end.
pub fn category_disagreement(len: u64, breaks: &[u64], coders: &[Vec<(u64, u64)>]) -> Disagreement {
    let m = coders.len() as i128;
    let l = len as i128;
    if m < 2 || l == 0 {
        return Disagreement::default();
    }
    let secs: Vec<Vec<(u64, u64, bool)>> =
        coders.iter().map(|s| sections(len, breaks, s)).collect();
    // Observed: every pair of overlapping sections of two coders, found with one sweep per pair of coders.
    let mut observed: i128 = 0;
    for i in 0..secs.len() {
        for j in (i + 1)..secs.len() {
            let (a, b) = (&secs[i], &secs[j]);
            let (mut x, mut y) = (0, 0);
            while x < a.len() && y < b.len() {
                observed += delta2(a[x], b[y]);
                match a[x].1.cmp(&b[y].1) {
                    std::cmp::Ordering::Less => x += 1,
                    std::cmp::Ordering::Greater => y += 1,
                    std::cmp::Ordering::Equal => {
                        x += 1;
                        y += 1;
                    }
                }
            }
        }
    }
    // ordered pairs: each unordered pair twice
    let d_o = (2 * observed) as f64 / (m * (m - 1)) as f64 / (l as f64 * l as f64);

    // Expected.
    let seg_lens: Vec<i128> = coders
        .iter()
        .flatten()
        .map(|(s, e)| (*e - *s) as i128)
        .collect();
    let mut gaps: Vec<i128> = secs
        .iter()
        .flatten()
        .filter(|s| !s.2)
        .map(|s| (s.1 - s.0) as i128)
        .collect();
    gaps.sort_unstable();
    // suffix sums of gap lengths: Σ over gaps ≥ x of (l_g − x + 1) = (Σ l_g) − count·(x − 1)
    let mut suffix = vec![0i128; gaps.len() + 1];
    for k in (0..gaps.len()).rev() {
        suffix[k] = suffix[k + 1] + gaps[k];
    }
    let n_seg = seg_lens.len() as i128;
    let mut num: i128 = 0;
    let mut self_pairs: i128 = 0;
    for &lu in &seg_lens {
        num += (n_seg - 1) * (lu * (lu - 1) * (2 * lu - 1) / 3);
        let first = gaps.partition_point(|&g| g < lu);
        let count = (gaps.len() - first) as i128;
        num += lu * lu * (suffix[first] - count * (lu - 1));
        self_pairs += lu * (lu - 1);
    }
    let denom = (m * l) * (m * l - 1) - self_pairs;
    let d_e = if denom == 0 {
        0.0
    } else {
        2.0 * num as f64 / (l as f64 * denom as f64)
    };
    Disagreement {
        observed: d_o,
        expected: d_e,
    }
}

/// uα over several categories: 1 − ΣD_o / ΣD_e.
pub fn pooled_alpha(categories: &[Disagreement]) -> Option<f64> {
    let o: f64 = categories.iter().map(|d| d.observed).sum();
    let e: f64 = categories.iter().map(|d| d.expected).sum();
    (e != 0.0).then(|| 1.0 - o / e)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Krippendorff (2004: 254): a continuum from 150 to 450, observers i and j, categories c and k.
    #[test]
    fn krippendorff_2004_worked_example() {
        let shift = |v: &[(u64, u64)]| {
            v.iter()
                .map(|(b, l)| (b - 150, b - 150 + l))
                .collect::<Vec<_>>()
        };
        let c = category_disagreement(
            300,
            &[],
            &[
                shift(&[(225, 70), (370, 30)]),
                shift(&[(220, 80), (355, 20), (400, 20)]),
            ],
        );
        let k = category_disagreement(
            300,
            &[],
            &[
                shift(&[(180, 60), (300, 50)]),
                shift(&[(180, 60), (300, 50)]),
            ],
        );
        assert!((c.observed - 0.0144).abs() < 0.00005, "{c:?}");
        assert!((c.expected - 0.0532).abs() < 0.00005, "{c:?}");
        assert!((c.alpha().unwrap() - 0.7286).abs() < 0.00005, "{c:?}");
        assert_eq!(k.observed, 0.0);
        assert!((k.expected - 0.0490).abs() < 0.00005, "{k:?}");
        assert_eq!(k.alpha(), Some(1.0));
        // The book divides the rounded disagreements (1 − 0.0144 / (0.0532 + 0.0490) = 0.8591); unrounded it is
        // 0.85867, hence the looser tolerance here.
        let u = pooled_alpha(&[c, k]).unwrap();
        assert!((u - 0.8591).abs() < 0.0005, "{u}");
        assert!((1.0 - 0.0144 / (0.0532 + 0.0490) - 0.8591f64).abs() < 0.00005);
    }

    #[test]
    fn distances_of_the_2004_text() {
        // δ² examples of Krippendorff (2004: 253–254)
        assert_eq!(delta2((225, 295, true), (220, 300, true)), 50);
        assert_eq!(delta2((370, 400, true), (355, 375, true)), 850);
        assert_eq!(delta2((400, 450, false), (400, 420, true)), 400);
    }
}
