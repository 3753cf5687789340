//! Where two coders disagree, per code: segments one coder coded and the other did not, or that both coded but
//! placed differently. Each coder's segments with a code are merged where they overlap and trimmed of surrounding
//! whitespace; segments of the two coders that overlap (directly or through a chain) form one group. A group that is
//! exactly one identical segment from each coder is an agreement; every other group is a disagreement.

use std::collections::HashMap;

use serde::Serialize;
use uuid::Uuid;

use super::units::{scope_ranges, Scope};
use super::{article_set, check_coders, AgreementError, Result};
use crate::annotate::{Annotation, CodeId};
use crate::model::{ArticleId, TextIndex};
use crate::project::Project;

/// Which two coders to compare, on what.
#[derive(Clone, Debug)]
pub struct CompareOptions {
    /// Exactly two coders: A and B.
    pub coders: Vec<String>,
    pub code: Option<CodeId>,
    pub articles: Option<Vec<String>>,
    /// Annotations that do not touch this text are left out.
    pub scope: Scope,
}

impl CompareOptions {
    pub fn new(a: &str, b: &str) -> Self {
        CompareOptions {
            coders: vec![a.to_owned(), b.to_owned()],
            code: None,
            articles: None,
            scope: Scope::Body,
        }
    }
}

/// One coder's (merged) segment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Side {
    pub start: usize,
    pub end: usize,
    pub quote: String,
    /// Notes of the annotations that make up the segment (non-empty ones, in order).
    pub notes: Vec<String>,
    pub annotations: Vec<Uuid>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisagreementKind {
    /// Coded by A only.
    OnlyA,
    /// Coded by B only.
    OnlyB,
    /// Coded by both, placed differently.
    Placed,
}

#[derive(Clone, Debug, Serialize)]
pub struct Disagreement {
    /// Position in the list, from 1.
    pub number: usize,
    pub article: ArticleId,
    pub code: CodeId,
    pub code_name: String,
    pub kind: DisagreementKind,
    /// The stretch the group covers (chars), and its text.
    pub start: usize,
    pub end: usize,
    pub quote: String,
    pub a: Vec<Side>,
    pub b: Vec<Side>,
}

/// A segment both coders coded identically.
#[derive(Clone, Debug, Serialize)]
pub struct Agreed {
    pub article: ArticleId,
    pub code: CodeId,
    pub a: Side,
    pub b: Side,
}

/// Everything two coders did with the compared codes.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Comparison {
    pub coders: Vec<String>,
    pub agreed: Vec<Agreed>,
    pub disagreements: Vec<Disagreement>,
}

fn trimmed(text: &str, index: &TextIndex, s: usize, e: usize) -> (usize, usize) {
    let slice = &text[index.byte_range(s..e)];
    let lead = slice.chars().take_while(|c| c.is_whitespace()).count();
    let trail = slice
        .chars()
        .rev()
        .take_while(|c| c.is_whitespace())
        .count();
    let n = slice.chars().count();
    if lead >= n {
        (s, s)
    } else {
        (s + lead, e - trail)
    }
}

/// A trimmed range of one annotation.
type Placed<'a> = (usize, usize, &'a Annotation);

/// Merge one coder's segments (overlapping ones become one), keeping which annotations made them.
fn merge_sides(mut v: Vec<(usize, usize, &Annotation)>) -> Vec<(usize, usize, Vec<&Annotation>)> {
    v.sort_by_key(|(s, e, a)| (*s, *e, a.id));
    let mut out: Vec<(usize, usize, Vec<&Annotation>)> = Vec::new();
    for (s, e, a) in v {
        match out.last_mut() {
            Some(last) if s < last.1 => {
                last.1 = last.1.max(e);
                last.2.push(a);
            }
            _ => out.push((s, e, vec![a])),
        }
    }
    out
}

/// Compare coders A and B (read-only).
pub fn compare(project: &Project, opts: &CompareOptions) -> Result<Comparison> {
    check_coders(&opts.coders, 2)?;
    if opts.coders.len() != 2 {
        return Err(AgreementError::NotTwoCoders(opts.coders.len()));
    }
    if let Some(c) = opts.code {
        if project.code(c).is_none() {
            return Err(super::unknown_code(project, format!("with id {c}")));
        }
    }
    let articles = article_set(project, opts.articles.as_deref())?;
    let mut out = Comparison {
        coders: opts.coders.clone(),
        ..Comparison::default()
    };
    for id in &articles {
        let of_article = project.annotations_of_uncached(id);
        let anns: Vec<&Annotation> = of_article
            .iter()
            .filter(|a| opts.coders.contains(&a.creator))
            .collect();
        if anns.is_empty() {
            continue;
        }
        let char_len = project.meta(id).map_or(0, |m| m.char_len);
        let (text, blocks) = project.article_text_and_blocks(id)?;
        let index = TextIndex::new(&text);
        let scope = scope_ranges(char_len, &blocks, opts.scope);
        let in_scope = |s: usize, e: usize| scope.iter().any(|&(a, b)| s < b && a < e);
        // per code: per coder: (start, end, annotation)
        let mut by_code: HashMap<CodeId, [Vec<Placed>; 2]> = HashMap::new();
        for a in &anns {
            let c = usize::from(a.creator != opts.coders[0]);
            let (s, e) = trimmed(&text, &index, a.start, a.end);
            if s >= e || !in_scope(s, e) {
                continue;
            }
            for code in &a.codes {
                if opts.code.is_some_and(|x| x != *code) {
                    continue;
                }
                by_code.entry(*code).or_default()[c].push((s, e, a));
            }
        }
        // codebook order, then position
        let mut code_order: Vec<CodeId> = by_code.keys().copied().collect();
        code_order.sort_by_key(|c| {
            project
                .codes()
                .iter()
                .position(|x| x.id == *c)
                .unwrap_or(usize::MAX)
        });
        for code in code_order {
            let [va, vb] = by_code.remove(&code).unwrap_or_default();
            let code_name = project
                .code(code)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            let side = |(s, e, list): (usize, usize, Vec<&Annotation>)| Side {
                start: s,
                end: e,
                quote: text[index.byte_range(s..e)].to_owned(),
                notes: list
                    .iter()
                    .map(|a| a.note.trim().to_owned())
                    .filter(|n| !n.is_empty())
                    .collect(),
                annotations: list.iter().map(|a| a.id).collect(),
            };
            let ma: Vec<Side> = merge_sides(va).into_iter().map(side).collect();
            let mb: Vec<Side> = merge_sides(vb).into_iter().map(side).collect();
            // groups of overlapping segments across the two coders
            let mut all: Vec<(usize, usize, bool, usize)> = ma
                .iter()
                .enumerate()
                .map(|(i, s)| (s.start, s.end, false, i))
                .chain(
                    mb.iter()
                        .enumerate()
                        .map(|(i, s)| (s.start, s.end, true, i)),
                )
                .collect();
            all.sort_unstable();
            let mut k = 0;
            while k < all.len() {
                let mut end = all[k].1;
                let mut group = vec![all[k]];
                k += 1;
                while k < all.len() && all[k].0 < end {
                    end = end.max(all[k].1);
                    group.push(all[k]);
                    k += 1;
                }
                let ga: Vec<Side> = group
                    .iter()
                    .filter(|g| !g.2)
                    .map(|g| ma[g.3].clone())
                    .collect();
                let gb: Vec<Side> = group
                    .iter()
                    .filter(|g| g.2)
                    .map(|g| mb[g.3].clone())
                    .collect();
                let start = group[0].0;
                if ga.len() == 1
                    && gb.len() == 1
                    && ga[0].start == gb[0].start
                    && ga[0].end == gb[0].end
                {
                    out.agreed.push(Agreed {
                        article: id.clone(),
                        code,
                        a: ga[0].clone(),
                        b: gb[0].clone(),
                    });
                    continue;
                }
                let kind = if gb.is_empty() {
                    DisagreementKind::OnlyA
                } else if ga.is_empty() {
                    DisagreementKind::OnlyB
                } else {
                    DisagreementKind::Placed
                };
                out.disagreements.push(Disagreement {
                    number: out.disagreements.len() + 1,
                    article: id.clone(),
                    code,
                    code_name: code_name.clone(),
                    kind,
                    start,
                    end,
                    quote: text[index.byte_range(start..end)].to_owned(),
                    a: ga,
                    b: gb,
                });
            }
        }
    }
    Ok(out)
}

/// The disagreements of coders A and B (read-only).
pub fn disagreements(project: &Project, opts: &CompareOptions) -> Result<Vec<Disagreement>> {
    Ok(compare(project, opts)?.disagreements)
}
