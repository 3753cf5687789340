//! Agreement of two or more coders over a project: per code and overall, in units of the chosen kind.
//!
//! One pass over the chosen articles: each article's units are built, its annotations by the chosen coders are
//! turned into unit intervals, and a sweep line over each code's intervals gives the tallies (how many units exactly
//! k coders coded). Work is O(units + annotations · log) per article; nothing of size units × annotations is built.
//!
//! Confidence intervals: the articles are resampled with replacement (a cluster bootstrap: units of one article are
//! not independent, so resampling single letters would give intervals far too narrow), each replicate's tallies are
//! the sums of its articles' tallies, and the interval is the percentile interval of the replicates' α (and κ).
//! The random draws come from a seeded generator, so the same project and options give the same interval.

use std::collections::HashMap;

use serde::Serialize;

use super::measures::{self, Tally};
use super::segments::{self, SegmentTally};
use super::unitizing;
use super::units::{scope_ranges, Scope, UnitKind, Units};
use super::{article_set, check_coders, merge_overlapping, AgreementError, Result};
use crate::annotate::CodeId;
use crate::project::Project;

/// What to measure.
#[derive(Clone, Debug)]
pub struct AgreementOptions {
    /// Two or more coders (annotation creators).
    pub coders: Vec<String>,
    /// Only this code; `None`: every code any of the coders used in the chosen articles.
    pub code: Option<CodeId>,
    /// Article ids (or unique prefixes); `None`: every article.
    pub articles: Option<Vec<String>>,
    pub unit: UnitKind,
    pub scope: Scope,
    /// Segment-level agreement: the overlap share (intersection / union) at which two segments agree.
    pub overlap: f64,
    /// Bootstrap replicates (0: no intervals).
    pub bootstrap: usize,
    pub seed: u64,
    /// Confidence level of the intervals.
    pub level: f64,
}

impl AgreementOptions {
    pub fn new(coders: Vec<String>) -> Self {
        AgreementOptions {
            coders,
            code: None,
            articles: None,
            unit: UnitKind::Grapheme,
            scope: Scope::Body,
            overlap: 0.9,
            bootstrap: 1000,
            seed: 1,
            level: 0.95,
        }
    }
}

/// One coder's part in the comparison.
#[derive(Clone, Debug, Serialize)]
pub struct CoderInfo {
    pub name: String,
    /// Annotations of this coder in the chosen articles with one of the compared codes.
    pub annotations: usize,
    /// Of those, annotations that touch no unit in scope (e.g. a title coded while the scope is body text).
    pub out_of_scope: usize,
}

/// Segment-level agreement of one pair of coders.
#[derive(Clone, Debug, Serialize)]
pub struct PairSegments {
    pub coders: [String; 2],
    #[serde(flatten)]
    pub tally: SegmentTally,
    pub agreement: Option<f64>,
}

/// Every measure for one code (or, in `overall`, for all compared codes pooled).
#[derive(Clone, Debug, Serialize)]
pub struct CodeAgreement {
    /// `None` for the overall row.
    pub code: Option<CodeId>,
    pub name: String,
    pub tally: Tally,
    pub percent: Option<f64>,
    pub coded_overlap: Option<f64>,
    /// Cohen's κ (two coders only).
    pub cohen_kappa: Option<f64>,
    pub fleiss_kappa: Option<f64>,
    pub alpha: Option<f64>,
    /// Bootstrap interval of α.
    pub alpha_ci: Option<(f64, f64)>,
    /// Bootstrap interval of κ (Cohen's for two coders, Fleiss' for more).
    pub kappa_ci: Option<(f64, f64)>,
    /// Krippendorff's unitizing αU.
    pub alpha_u: Option<f64>,
    pub segments: Vec<PairSegments>,
}

#[derive(Clone, Debug, Serialize)]
pub struct BootstrapInfo {
    pub replicates: usize,
    pub seed: u64,
    pub level: f64,
    /// What is resampled: whole articles.
    pub resampled: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct AgreementReport {
    pub coders: Vec<CoderInfo>,
    pub unit: UnitKind,
    pub scope: Scope,
    pub articles: usize,
    /// Units per coder and code.
    pub units: u64,
    pub overlap_share: f64,
    pub bootstrap: Option<BootstrapInfo>,
    pub codes: Vec<CodeAgreement>,
    pub overall: CodeAgreement,
}

/// Tally one stretch (one article) of per-coder merged unit intervals: hist and ones, with `units` given.
pub fn tally_of(units: u64, coders: &[Vec<(u64, u64)>], events: &mut Vec<(u64, i32)>) -> Tally {
    let m = coders.len();
    let mut t = Tally::new(m);
    t.units = units;
    events.clear();
    for (c, segs) in coders.iter().enumerate() {
        for &(s, e) in segs {
            events.push((s, 1));
            events.push((e, -1));
            t.ones[c] += e - s;
        }
    }
    events.sort_unstable();
    let (mut prev, mut level) = (0u64, 0i32);
    for &(p, d) in events.iter() {
        if level > 0 {
            t.hist[level as usize] += p - prev;
        }
        level += d;
        prev = p;
    }
    let coded: u64 = t.hist[1..].iter().sum();
    t.hist[0] = units - coded;
    t
}

/// `f` over every item, on up to four threads (order kept).
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    if threads < 2 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let per = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(per)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("an agreement worker panicked"))
            .collect()
    })
}

fn kappa(t: &Tally) -> Option<f64> {
    if t.coders() == 2 {
        measures::cohen_kappa(t)
    } else {
        measures::fleiss_kappa(t)
    }
}

/// Measure agreement (read-only).
pub fn agreement(project: &Project, opts: &AgreementOptions) -> Result<AgreementReport> {
    check_coders(&opts.coders, 2)?;
    if !(opts.level > 0.0 && opts.level < 1.0) {
        return Err(AgreementError::BadLevel(opts.level));
    }
    if !(opts.overlap > 0.0 && opts.overlap <= 1.0) {
        return Err(AgreementError::BadOverlap(opts.overlap));
    }
    let m = opts.coders.len();
    let coder_ix: HashMap<&str, usize> = opts
        .coders
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let articles = article_set(project, opts.articles.as_deref())?;

    // Codes compared, in codebook order.
    let codes: Vec<CodeId> = match opts.code {
        Some(c) => {
            if project.code(c).is_none() {
                return Err(super::unknown_code(project, format!("with id {c}")));
            }
            vec![c]
        }
        None => {
            let mut used = std::collections::HashSet::new();
            for id in &articles {
                for a in project.annotations_of_uncached(id) {
                    if coder_ix.contains_key(a.creator.as_str()) {
                        used.extend(a.codes.iter().copied());
                    }
                }
            }
            project
                .codes()
                .iter()
                .map(|c| c.id)
                .filter(|c| used.contains(c))
                .collect()
        }
    };
    let nk = codes.len();
    let code_ix: HashMap<CodeId, usize> = codes.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let pairs: Vec<(usize, usize)> = (0..m)
        .flat_map(|i| ((i + 1)..m).map(move |j| (i, j)))
        .collect();

    let mut coders_info: Vec<CoderInfo> = opts
        .coders
        .iter()
        .map(|n| CoderInfo {
            name: n.clone(),
            annotations: 0,
            out_of_scope: 0,
        })
        .collect();
    let mut totals: Vec<Tally> = vec![Tally::new(m); nk];
    let mut seg_totals: Vec<Vec<SegmentTally>> =
        vec![vec![SegmentTally::default(); pairs.len()]; nk];
    // per code, per coder: segments on the whole continuum (articles one after the other), for αU
    let mut continuum: Vec<Vec<Vec<(u64, u64)>>> = vec![vec![Vec::new(); m]; nk];
    let mut breaks: Vec<u64> = Vec::new();
    // per article: units, then per code hist[1..=m] and ones[0..m] (for the bootstrap)
    let row_len = 1 + nk * 2 * m;
    let mut rows: Vec<u32> = Vec::with_capacity(articles.len() * row_len);
    let mut offset: u64 = 0;
    let mut per: Vec<Vec<(u64, u64)>> = vec![Vec::new(); nk * m];
    let mut events = Vec::new();

    // Articles in chunks: texts are read from the project (one reader), units are built on all cores, then the
    // annotations are swept in article order.
    for chunk in articles.chunks(256) {
        let mut loaded = Vec::with_capacity(chunk.len());
        for id in chunk {
            let meta = project
                .meta(id)
                .ok_or_else(|| AgreementError::UnknownArticle(id.to_string()))?;
            let (text, blocks) = project.article_text_and_blocks(id)?;
            loaded.push((text, scope_ranges(meta.char_len, &blocks, opts.scope)));
        }
        let built = par_map(&loaded, |(text, ranges)| {
            Units::new(text, ranges, opts.unit)
        });
        drop(loaded);
        for (id, units) in chunk.iter().zip(built) {
            let n = units.len() as u64;
            for v in per.iter_mut() {
                v.clear();
            }
            for a in project.annotations_of_uncached(id).iter() {
                let Some(&c) = coder_ix.get(a.creator.as_str()) else {
                    continue;
                };
                let mut counted = false;
                let mut in_scope = false;
                let (i, j) = units.covered(a.start, a.end);
                for code in &a.codes {
                    if let Some(&k) = code_ix.get(code) {
                        counted = true;
                        if i < j {
                            in_scope = true;
                            per[k * m + c].push((i, j));
                        }
                    }
                }
                if counted {
                    coders_info[c].annotations += 1;
                    if !in_scope {
                        coders_info[c].out_of_scope += 1;
                    }
                }
            }
            if offset > 0 {
                breaks.push(offset);
            }
            rows.push(n as u32);
            for k in 0..nk {
                let merged: Vec<Vec<(u64, u64)>> = (0..m)
                    .map(|c| merge_overlapping(std::mem::take(&mut per[k * m + c])))
                    .collect();
                let t = tally_of(n, &merged, &mut events);
                rows.extend(t.hist[1..].iter().chain(&t.ones).map(|&x| x as u32));
                totals[k].add(&t);
                for (p, &(x, y)) in pairs.iter().enumerate() {
                    seg_totals[k][p].add(&segments::tally(&merged[x], &merged[y], opts.overlap));
                }
                for (c, segs) in merged.iter().enumerate() {
                    continuum[k][c].extend(segs.iter().map(|(s, e)| (s + offset, e + offset)));
                }
            }
            offset += n;
        }
    }

    // Bootstrap over articles. Replicate r draws from its own generator (seeded from the seed and r), so the result
    // does not depend on how many threads share the work.
    let b = if articles.len() >= 2 {
        opts.bootstrap
    } else {
        0
    };
    let n_art = articles.len();
    let replicate = |r: &usize| -> (Vec<f64>, Vec<f64>) {
        let mut rng = crate::generate::Rng::new(
            opts.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (*r as u64).wrapping_add(1),
        );
        let mut acc = vec![0u64; row_len];
        for _ in 0..n_art {
            let i = rng.below(n_art);
            for (x, y) in acc.iter_mut().zip(&rows[i * row_len..(i + 1) * row_len]) {
                *x += u64::from(*y);
            }
        }
        let mut alphas = Vec::with_capacity(nk + 1);
        let mut kappas = Vec::with_capacity(nk + 1);
        let mut overall = Tally::new(m);
        for k in 0..nk {
            let base = 1 + k * 2 * m;
            let mut t = Tally::new(m);
            t.units = acc[0];
            t.hist[1..].copy_from_slice(&acc[base..base + m]);
            t.ones.copy_from_slice(&acc[base + m..base + 2 * m]);
            t.hist[0] = t.units - t.hist[1..].iter().sum::<u64>();
            overall.add(&t);
            alphas.push(measures::krippendorff_alpha(&t).unwrap_or(f64::NAN));
            kappas.push(kappa(&t).unwrap_or(f64::NAN));
        }
        alphas.push(measures::krippendorff_alpha(&overall).unwrap_or(f64::NAN));
        kappas.push(kappa(&overall).unwrap_or(f64::NAN));
        (alphas, kappas)
    };
    let replicates = par_map(&(0..b).collect::<Vec<usize>>(), replicate);
    let boot_alpha: Vec<Vec<f64>> = (0..=nk)
        .map(|k| replicates.iter().map(|r| r.0[k]).collect())
        .collect();
    let boot_kappa: Vec<Vec<f64>> = (0..=nk)
        .map(|k| replicates.iter().map(|r| r.1[k]).collect())
        .collect();

    let pair_rows = |tallies: &[SegmentTally]| -> Vec<PairSegments> {
        pairs
            .iter()
            .zip(tallies)
            .map(|(&(x, y), t)| PairSegments {
                coders: [opts.coders[x].clone(), opts.coders[y].clone()],
                tally: t.clone(),
                agreement: t.agreement(),
            })
            .collect()
    };
    let build = |code: Option<CodeId>,
                 name: String,
                 t: Tally,
                 alpha_u: Option<f64>,
                 segs: Vec<PairSegments>,
                 slot: usize| CodeAgreement {
        code,
        name,
        percent: measures::percent(&t),
        coded_overlap: measures::coded_overlap(&t),
        cohen_kappa: measures::cohen_kappa(&t),
        fleiss_kappa: measures::fleiss_kappa(&t),
        alpha: measures::krippendorff_alpha(&t),
        alpha_ci: measures::percentile_interval(boot_alpha[slot].clone(), opts.level),
        kappa_ci: measures::percentile_interval(boot_kappa[slot].clone(), opts.level),
        alpha_u,
        segments: segs,
        tally: t,
    };

    let mut disagreements = Vec::with_capacity(nk);
    let mut rows_out = Vec::with_capacity(nk);
    for k in 0..nk {
        let d = unitizing::category_disagreement(offset, &breaks, &continuum[k]);
        disagreements.push(d);
        let name = project
            .code(codes[k])
            .map(|c| c.name.clone())
            .unwrap_or_default();
        rows_out.push(build(
            Some(codes[k]),
            name,
            totals[k].clone(),
            d.alpha(),
            pair_rows(&seg_totals[k]),
            k,
        ));
    }
    let mut overall_t = Tally::new(m);
    for t in &totals {
        overall_t.add(t);
    }
    let mut overall_segs = vec![SegmentTally::default(); pairs.len()];
    for per_code in &seg_totals {
        for (acc, t) in overall_segs.iter_mut().zip(per_code) {
            acc.add(t);
        }
    }
    let overall = build(
        None,
        "overall".into(),
        overall_t,
        unitizing::pooled_alpha(&disagreements),
        pair_rows(&overall_segs),
        nk,
    );
    Ok(AgreementReport {
        coders: coders_info,
        unit: opts.unit,
        scope: opts.scope,
        articles: articles.len(),
        units: offset,
        overlap_share: opts.overlap,
        bootstrap: (b > 0).then_some(BootstrapInfo {
            replicates: b,
            seed: opts.seed,
            level: opts.level,
            resampled: "articles",
        }),
        codes: rows_out,
        overall,
    })
}

/// How the CLI table and the GUI's agreement window write a measure: three decimals, or a dash when undefined.
pub fn fmt_value(v: Option<f64>) -> String {
    v.map_or("—".to_owned(), |v| format!("{v:.3}"))
}

/// A share as a percentage with one decimal, or a dash.
pub fn fmt_percent(v: Option<f64>) -> String {
    v.map_or("—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

/// A confidence interval, or a dash.
pub fn fmt_interval(ci: Option<(f64, f64)>) -> String {
    ci.map_or("—".to_owned(), |(lo, hi)| format!("[{lo:.3}, {hi:.3}]"))
}

/// A measure with its interval when there is one.
pub fn fmt_alpha(v: Option<f64>, ci: Option<(f64, f64)>) -> String {
    match ci {
        Some(_) => format!("{} {}", fmt_value(v), fmt_interval(ci)),
        None => fmt_value(v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The sweep line gives the same tallies as marking every unit of a 0/1 matrix.
        #[test]
        fn sweep_line_tallies_equal_the_unit_matrix(
            n in 1u64..80,
            raw in proptest::collection::vec(proptest::collection::vec((0u64..80, 1u64..30), 0..8), 2..5),
        ) {
            let coders: Vec<Vec<(u64, u64)>> = raw
                .iter()
                .map(|segs| merge_overlapping(segs.iter().map(|&(s, l)| (s.min(n), (s + l).min(n))).collect()))
                .collect();
            let matrix: Vec<Vec<bool>> = coders
                .iter()
                .map(|segs| (0..n).map(|u| segs.iter().any(|&(s, e)| s <= u && u < e)).collect())
                .collect();
            let mut events = Vec::new();
            prop_assert_eq!(tally_of(n, &coders, &mut events), Tally::from_matrix(&matrix));
        }
    }
}
