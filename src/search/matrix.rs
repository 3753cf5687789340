//! Code frequencies: the code × article matrix (how many passages of each code an article has, and what share of
//! its body characters they cover) and the code co-occurrence matrix (how often two codes overlap, or sit in the
//! same paragraph).

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use super::SearchError;
use crate::annotate::{Annotation, CodeId};
use crate::model::{ArticleId, BlockKind};
use crate::project::Project;

/// A code as a matrix row or column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CodeHead {
    pub id: CodeId,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ArticleHead {
    pub id: ArticleId,
    pub title: String,
    /// Characters of the article's body blocks (the base of coverage).
    pub body_chars: usize,
}

/// Code × article: `counts[c][a]` passages (annotations) of code `c` in article `a`; `covered[c][a]` body characters
/// of `a` inside at least one of them; `coverage(c, a)` = covered / body characters. A passage counts for each of its
/// codes; child codes are rows of their own.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CodeArticleMatrix {
    pub codes: Vec<CodeHead>,
    pub articles: Vec<ArticleHead>,
    pub counts: Vec<Vec<usize>>,
    pub covered: Vec<Vec<usize>>,
}

impl CodeArticleMatrix {
    pub fn coverage(&self, code: usize, article: usize) -> f64 {
        let body = self.articles[article].body_chars;
        if body == 0 {
            0.0
        } else {
            self.covered[code][article] as f64 / body as f64
        }
    }
}

/// Code × code: `overlap[a][b]` (a ≠ b) = ordered pairs of passages (x coded a, y coded b, same article, ranges
/// sharing at least one character; one passage with both codes is the pair (x, x)); `paragraph[a][b]` = paragraphs
/// (blocks) that hold, or are touched by, a passage coded a and a passage coded b. Diagonals: `overlap[a][a]` =
/// passages of a, `paragraph[a][a]` = paragraphs touched by a.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cooccurrence {
    pub codes: Vec<CodeHead>,
    pub overlap: Vec<Vec<usize>>,
    pub paragraph: Vec<Vec<usize>>,
}

fn heads(project: &Project) -> (Vec<CodeHead>, HashMap<CodeId, usize>) {
    let codes: Vec<CodeHead> = project
        .codes()
        .iter()
        .map(|c| CodeHead {
            id: c.id,
            name: c.name.clone(),
        })
        .collect();
    let index = codes.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    (codes, index)
}

/// Length of the union of ranges intersected with `within` (both sorted or not).
fn union_within(mut ranges: Vec<(usize, usize)>, within: &[(usize, usize)]) -> usize {
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut total = 0;
    for &(s, e) in &merged {
        for &(bs, be) in within {
            let lo = s.max(bs);
            let hi = e.min(be);
            if lo < hi {
                total += hi - lo;
            }
        }
    }
    total
}

pub fn code_article_matrix(project: &Project) -> Result<CodeArticleMatrix, SearchError> {
    code_article_matrix_of(project, None)
}

/// The annotations of an article the matrices count: those of `coders` (`None`: every coder).
fn counted(
    project: &Project,
    article: &ArticleId,
    coders: Option<&BTreeSet<String>>,
) -> Vec<Annotation> {
    let mut anns = project.annotations_of_uncached(article);
    if let Some(coders) = coders {
        anns.retain(|a| coders.contains(&a.creator));
    }
    anns
}

/// [`code_article_matrix`] over the annotations of some coders only (`None`: every coder).
pub fn code_article_matrix_of(
    project: &Project,
    coders: Option<&BTreeSet<String>>,
) -> Result<CodeArticleMatrix, SearchError> {
    let (codes, index) = heads(project);
    let metas = project.metas();
    let mut articles = Vec::with_capacity(metas.len());
    let mut counts = vec![vec![0; metas.len()]; codes.len()];
    let mut covered = vec![vec![0; metas.len()]; codes.len()];
    for (ai, m) in metas.iter().enumerate() {
        let anns = counted(project, &m.id, coders);
        let (_, blocks) = project.article_text_and_blocks(&m.id)?;
        let body: Vec<(usize, usize)> = blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Body)
            .map(|b| (b.content.start, b.content.end))
            .collect();
        articles.push(ArticleHead {
            id: m.id.clone(),
            title: m.title.clone(),
            body_chars: body.iter().map(|(s, e)| e - s).sum(),
        });
        let mut per_code: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
        for a in anns {
            for c in &a.codes {
                if let Some(&ci) = index.get(c) {
                    counts[ci][ai] += 1;
                    per_code.entry(ci).or_default().push((a.start, a.end));
                }
            }
        }
        for (ci, ranges) in per_code {
            covered[ci][ai] = union_within(ranges, &body);
        }
    }
    Ok(CodeArticleMatrix {
        codes,
        articles,
        counts,
        covered,
    })
}

pub fn cooccurrence(project: &Project) -> Result<Cooccurrence, SearchError> {
    cooccurrence_of(project, None)
}

/// [`cooccurrence`] over the annotations of some coders only (`None`: every coder).
pub fn cooccurrence_of(
    project: &Project,
    coders: Option<&BTreeSet<String>>,
) -> Result<Cooccurrence, SearchError> {
    let (codes, index) = heads(project);
    let n = codes.len();
    let mut overlap = vec![vec![0; n]; n];
    let mut paragraph = vec![vec![0; n]; n];
    for m in project.metas() {
        let mut anns: Vec<Annotation> = counted(project, &m.id, coders);
        if anns.is_empty() {
            continue;
        }
        anns.sort_by_key(|a| (a.start, a.end));
        let cs = |a: &Annotation| -> Vec<usize> {
            let mut v: Vec<usize> = a
                .codes
                .iter()
                .filter_map(|c| index.get(c).copied())
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let coded: Vec<Vec<usize>> = anns.iter().map(&cs).collect();
        for (i, x) in anns.iter().enumerate() {
            for &a in &coded[i] {
                overlap[a][a] += 1;
                for &b in &coded[i] {
                    if a != b {
                        overlap[a][b] += 1;
                    }
                }
            }
            // Later passages that start before x ends overlap it (sorted by start).
            for (j, y) in anns.iter().enumerate().skip(i + 1) {
                if y.start >= x.end {
                    break;
                }
                if x.start < y.end {
                    for &a in &coded[i] {
                        for &b in &coded[j] {
                            if a != b {
                                overlap[a][b] += 1;
                                overlap[b][a] += 1;
                            }
                        }
                    }
                }
            }
        }
        let (_, blocks) = project.article_text_and_blocks(&m.id)?;
        let mut per_block: HashMap<usize, BTreeSet<usize>> = HashMap::new();
        for (i, x) in anns.iter().enumerate() {
            let first = blocks.partition_point(|b| b.range.end <= x.start);
            for (bi, b) in blocks.iter().enumerate().skip(first) {
                if b.range.start >= x.end {
                    break;
                }
                per_block
                    .entry(bi)
                    .or_default()
                    .extend(coded[i].iter().copied());
            }
        }
        for set in per_block.values() {
            for &a in set {
                for &b in set {
                    paragraph[a][b] += 1;
                }
            }
        }
    }
    Ok(Cooccurrence {
        codes,
        overlap,
        paragraph,
    })
}
