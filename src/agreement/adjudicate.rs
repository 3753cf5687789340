//! Adjudication: a decision for each disagreement between coders A and B, and the gold layer that results. The gold
//! layer is a coder of its own (default "gold"): the segments both coders agreed on, plus what each decision keeps.
//! It is created as ONE undoable edit of new annotations; A's and B's layers are left as they were. Running it again
//! adds only what the gold layer does not have yet (same article, range and code).

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use super::disagree::{compare, CompareOptions, Disagreement, Side};
use super::{merge_overlapping, AgreementError, Result};
use crate::annotate::{Change, CodeId, Edit, Record};
use crate::model::ArticleId;
use crate::project::Project;

/// (article, start, end) of a gold annotation.
type GoldRange = (ArticleId, usize, usize);

/// What to keep of one disagreement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Coder A's segments.
    A,
    /// Coder B's segments.
    B,
    /// Both coders' segments, merged where they overlap.
    Both,
    /// Nothing.
    Neither,
    /// This char range instead (snapped out to whole letters).
    Range(usize, usize),
}

impl std::str::FromStr for Decision {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a" => Ok(Decision::A),
            "b" => Ok(Decision::B),
            "both" => Ok(Decision::Both),
            "neither" | "none" => Ok(Decision::Neither),
            other => Err(format!(
                "unknown decision “{other}” (decisions: a, b, both, neither)"
            )),
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct AdjudicationReport {
    pub gold: String,
    /// Agreed segments carried into the gold layer.
    pub agreed: usize,
    pub disagreements: usize,
    /// New gold annotations (one per range; several codes on one range share an annotation).
    pub created: usize,
    /// (article, range, code) already in the gold layer, so not added again.
    pub already_in_gold: usize,
}

/// The edit that creates the gold layer from a comparison and one decision per disagreement (same order).
pub fn gold_edit(
    project: &mut Project,
    cmp: &super::disagree::Comparison,
    decisions: &[Decision],
    gold: &str,
) -> Result<(Edit, AdjudicationReport)> {
    let gold = gold.trim();
    if gold.is_empty() {
        return Err(AgreementError::EmptyCoder);
    }
    if cmp.coders.iter().any(|c| c == gold) {
        return Err(AgreementError::GoldIsCoder(gold.to_owned()));
    }
    if decisions.len() != cmp.disagreements.len() {
        return Err(AgreementError::BadDecision {
            index: decisions.len().min(cmp.disagreements.len()) + 1,
            problem: format!(
                "{} decision(s) for {} disagreement(s)",
                decisions.len(),
                cmp.disagreements.len()
            ),
        });
    }
    // (article, start, end) → codes and notes
    let mut wanted: BTreeMap<GoldRange, (Vec<CodeId>, Vec<String>)> = BTreeMap::new();
    let mut put = |article: &ArticleId, s: usize, e: usize, code: CodeId, notes: Vec<String>| {
        let entry = wanted.entry((article.clone(), s, e)).or_default();
        if !entry.0.contains(&code) {
            entry.0.push(code);
        }
        for n in notes {
            if !entry.1.contains(&n) {
                entry.1.push(n);
            }
        }
    };
    let notes_of = |sides: &[&Side], s: usize, e: usize| -> Vec<String> {
        sides
            .iter()
            .filter(|x| x.start < e && s < x.end)
            .flat_map(|x| x.notes.iter().cloned())
            .collect()
    };
    for g in &cmp.agreed {
        let notes = notes_of(&[&g.a, &g.b], g.a.start, g.a.end);
        put(&g.article, g.a.start, g.a.end, g.code, notes);
    }
    for (i, (d, decision)) in cmp.disagreements.iter().zip(decisions).enumerate() {
        // notes come with what is kept: the accepted coder's, or both coders' for "both" and an edited range
        let sides: Vec<&Side> = match decision {
            Decision::A => d.a.iter().collect(),
            Decision::B => d.b.iter().collect(),
            _ => d.a.iter().chain(&d.b).collect(),
        };
        let keep = |v: &[Side]| {
            v.iter()
                .map(|s| (s.start as u64, s.end as u64))
                .collect::<Vec<_>>()
        };
        let ranges: Vec<(u64, u64)> = match decision {
            Decision::A => keep(&d.a),
            Decision::B => keep(&d.b),
            Decision::Both => merge_overlapping([keep(&d.a), keep(&d.b)].concat()),
            Decision::Neither => Vec::new(),
            Decision::Range(s, e) => {
                let article = project.article(&d.article)?;
                let n = article.index.char_len();
                if s >= e || *e > n {
                    return Err(AgreementError::BadDecision {
                        index: i + 1,
                        problem: format!("range {s}..{e} is empty or past the end of the article ({n} characters)"),
                    });
                }
                let r = article.snap(*s, *e);
                vec![(r.start as u64, r.end as u64)]
            }
        };
        for (s, e) in ranges {
            let (s, e) = (s as usize, e as usize);
            put(&d.article, s, e, d.code, notes_of(&sides, s, e));
        }
    }
    // what the gold layer already has
    let mut present: HashSet<(ArticleId, usize, usize, CodeId)> = HashSet::new();
    for a in project.all_annotations() {
        if a.creator == gold {
            for c in &a.codes {
                present.insert((a.article.clone(), a.start, a.end, *c));
            }
        }
    }
    let mut report = AdjudicationReport {
        gold: gold.to_owned(),
        agreed: cmp.agreed.len(),
        disagreements: cmp.disagreements.len(),
        ..AdjudicationReport::default()
    };
    let mut changes = Vec::new();
    for ((article, s, e), (codes, notes)) in wanted {
        let codes: Vec<CodeId> = codes
            .into_iter()
            .filter(|c| {
                let there = present.contains(&(article.clone(), s, e, *c));
                if there {
                    report.already_in_gold += 1;
                }
                !there
            })
            .collect();
        if codes.is_empty() {
            continue;
        }
        let mut ann = project.new_annotation(&article, s..e, codes, notes.join(" | "))?;
        ann.creator = gold.to_owned();
        changes.push(Change::create(Record::Annotation(ann)));
    }
    report.created = changes.len();
    let label = format!(
        "Adjudicate {} and {} into “{gold}”",
        cmp.coders[0], cmp.coders[1]
    );
    Ok((Edit::new(label, changes), report))
}

/// Compare A and B, decide every disagreement with `decide`, and apply the gold layer as one undoable edit (no edit
/// when there is nothing to add).
pub fn adjudicate(
    project: &mut Project,
    opts: &CompareOptions,
    gold: &str,
    decide: impl Fn(&Disagreement) -> Decision,
) -> Result<AdjudicationReport> {
    if project.is_read_only() {
        return Err(AgreementError::ReadOnly);
    }
    let cmp = compare(project, opts)?;
    let decisions: Vec<Decision> = cmp.disagreements.iter().map(decide).collect();
    let (edit, report) = gold_edit(project, &cmp, &decisions, gold)?;
    if !edit.changes.is_empty() {
        project.apply(edit)?;
    }
    Ok(report)
}
