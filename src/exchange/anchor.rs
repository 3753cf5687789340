//! Re-anchoring an imported annotation in an article's text: by position when the text there is still the quote, else
//! by the exact quote (prefix/suffix and the position hint choose among repeats), else by an approximate match of the
//! quote; what cannot be found is an orphan with a reason. All offsets are char (code point) offsets into NFC text.

use std::ops::Range;

use crate::model::Article;

/// Longest prefix/suffix written to a TextQuoteSelector, in chars.
pub const CONTEXT_CHARS: usize = 32;

/// Largest share of a quote's chars that may differ in an approximate match (edit distance), in percent.
pub const FUZZY_PERCENT: usize = 20;

/// Shortest quote (in chars) that is matched approximately: below this a 20% budget allows no error at all.
const FUZZY_MIN_CHARS: usize = 5;

/// How an annotation was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnchorKind {
    /// The text at the recorded position is the quote (or there is no quote, only a position).
    Position,
    /// The exact quote was found elsewhere (the position was stale or missing).
    Quote,
    /// The quote was found approximately (edit distance within [`FUZZY_PERCENT`]).
    Fuzzy { distance: usize },
}

/// What an imported annotation says about where it is.
#[derive(Clone, Debug, Default)]
pub struct Selectors {
    /// TextQuoteSelector `exact`, NFC normalised.
    pub exact: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    /// TextPositionSelector `start..end`, already checked to lie inside the article.
    pub position: Option<Range<usize>>,
}

/// The chars before `start` (at most [`CONTEXT_CHARS`]) and after `end`, for a TextQuoteSelector.
pub fn context(article: &Article, range: Range<usize>) -> (String, String) {
    let n = article.index.char_len();
    let prefix = article
        .slice(range.start.saturating_sub(CONTEXT_CHARS)..range.start)
        .to_owned();
    let suffix = article
        .slice(range.end..(range.end + CONTEXT_CHARS).min(n))
        .to_owned();
    (prefix, suffix)
}

/// Find the annotation's range (snapped to grapheme cluster boundaries) or say why it cannot be found.
pub fn anchor(article: &Article, sel: &Selectors) -> Result<(Range<usize>, AnchorKind), String> {
    let (range, kind) = locate(article, sel)?;
    let snapped = article.snap(range.start, range.end);
    if snapped.is_empty() || article.slice(snapped.clone()).trim().is_empty() {
        return Err("the passage is empty or only white space".into());
    }
    Ok((snapped, kind))
}

fn locate(article: &Article, sel: &Selectors) -> Result<(Range<usize>, AnchorKind), String> {
    let exact = sel.exact.as_deref().filter(|q| !q.is_empty());
    let Some(exact) = exact else {
        return match &sel.position {
            Some(p) => Ok((p.clone(), AnchorKind::Position)),
            None => {
                Err("no TextQuoteSelector or TextPositionSelector to locate the passage".into())
            }
        };
    };
    if let Some(p) = &sel.position {
        if article.slice(p.clone()) == exact {
            return Ok((p.clone(), AnchorKind::Position));
        }
    }
    let hint = sel.position.as_ref().map(|p| p.start);
    if let Some(r) = find_exact(
        article,
        exact,
        sel.prefix.as_deref(),
        sel.suffix.as_deref(),
        hint,
    ) {
        return Ok((r, AnchorKind::Quote));
    }
    let quote: Vec<char> = exact.chars().collect();
    if quote.len() < FUZZY_MIN_CHARS {
        return Err(format!(
            "the quote is not in the article (too short, {} characters, to match approximately)",
            quote.len()
        ));
    }
    let budget = quote.len() * FUZZY_PERCENT / 100;
    let text: Vec<char> = article.text.chars().collect();
    // Near the hint first: a window around it, then the whole text.
    if let Some(h) = &sel.position {
        let margin = (2 * quote.len()).max(200);
        let lo = h.start.saturating_sub(margin);
        let hi = (h.end + margin).min(text.len());
        if lo > 0 || hi < text.len() {
            if let Some((r, d)) = fuzzy_find(&text[lo..hi], &quote, budget, Some(h.start - lo)) {
                return Ok((r.start + lo..r.end + lo, AnchorKind::Fuzzy { distance: d }));
            }
        }
    }
    match fuzzy_find(&text, &quote, budget, hint) {
        Some((r, d)) => Ok((r, AnchorKind::Fuzzy { distance: d })),
        None => Err(format!(
            "the quote is not in the article, not even approximately (more than {budget} of its {} characters differ)",
            quote.len()
        )),
    }
}

/// Every occurrence (overlapping ones too) of `quote`; the best by prefix/suffix agreement, then nearest to `hint`,
/// then first.
fn find_exact(
    article: &Article,
    quote: &str,
    prefix: Option<&str>,
    suffix: Option<&str>,
    hint: Option<usize>,
) -> Option<Range<usize>> {
    let text = article.text.as_str();
    let mut best: Option<(usize, usize, Range<usize>)> = None; // (score, distance, range)
    let mut from = 0;
    while let Some(i) = text[from..].find(quote) {
        let b = from + i;
        let start = article.index.char_of_byte(b);
        let end = article.index.char_of_byte(b + quote.len());
        let score = prefix.map_or(0, |p| common_suffix(&text[..b], p))
            + suffix.map_or(0, |s| common_prefix(&text[b + quote.len()..], s));
        let distance = hint.map_or(0, |h| h.abs_diff(start));
        let better = match &best {
            None => true,
            Some((bs, bd, _)) => score > *bs || (score == *bs && distance < *bd),
        };
        if better {
            best = Some((score, distance, start..end));
        }
        // Next char boundary after b.
        from = b + text[b..].chars().next().map_or(1, char::len_utf8);
    }
    best.map(|(_, _, r)| r)
}

/// How many chars at the end of `text` agree with the end of `prefix`.
fn common_suffix(text: &str, prefix: &str) -> usize {
    text.chars()
        .rev()
        .zip(prefix.chars().rev())
        .take_while(|(a, b)| a == b)
        .count()
}

/// How many chars at the start of `text` agree with the start of `suffix`.
fn common_prefix(text: &str, suffix: &str) -> usize {
    text.chars()
        .zip(suffix.chars())
        .take_while(|(a, b)| a == b)
        .count()
}

/// Best approximate occurrence of `pattern` in `text` (Sellers' algorithm: edit distance to any substring), with at
/// most `budget` edits; among equally good ones the one nearest `hint`. Returns the char range in `text` and the
/// distance.
pub fn fuzzy_find(
    text: &[char],
    pattern: &[char],
    budget: usize,
    hint: Option<usize>,
) -> Option<(Range<usize>, usize)> {
    let m = pattern.len();
    if m == 0 || text.is_empty() {
        return None;
    }
    // col[i] = edit distance between pattern[..i] and the best substring of text ending at the current position.
    let mut col: Vec<usize> = (0..=m).collect();
    let mut best: Option<(usize, usize, usize)> = None; // (distance, hint distance, end)
    for (j, &c) in text.iter().enumerate() {
        let mut diag = col[0]; // D[i-1][j-1]
        col[0] = 0; // a match may start anywhere
        for i in 1..=m {
            let up = col[i]; // D[i][j-1]
            let cost = usize::from(pattern[i - 1] != c);
            let v = (diag + cost).min(up + 1).min(col[i - 1] + 1);
            diag = up;
            col[i] = v;
        }
        let d = col[m];
        if d <= budget {
            let end = j + 1;
            // Approximate the start for the hint distance by the pattern length.
            let hd = hint.map_or(0, |h| h.abs_diff(end.saturating_sub(m)));
            let better = match best {
                None => true,
                Some((bd, bh, _)) => d < bd || (d == bd && hd < bh),
            };
            if better {
                best = Some((d, hd, end));
            }
        }
    }
    let (d, _, end) = best?;
    let start = fuzzy_start(text, pattern, end, budget)?;
    Some((start..end, d))
}

/// Where the best approximate match of `pattern` that ends at `end` starts: edit distance of the reversed pattern
/// against the text read backwards from `end`, with the start free. Ties go to the length nearest the pattern's.
fn fuzzy_start(text: &[char], pattern: &[char], end: usize, budget: usize) -> Option<usize> {
    let m = pattern.len();
    let lo = end.saturating_sub(m + budget);
    let window: Vec<char> = text[lo..end].iter().rev().copied().collect();
    let rp: Vec<char> = pattern.iter().rev().copied().collect();
    // row[k] = distance between rp[..i] and window[..k]; anchored at the end (window start), free at the far side.
    let mut row: Vec<usize> = (0..=window.len()).collect();
    for i in 1..=m {
        let mut prev_diag = row[0];
        row[0] = i;
        for k in 1..=window.len() {
            let cost = usize::from(rp[i - 1] != window[k - 1]);
            let v = (prev_diag + cost).min(row[k] + 1).min(row[k - 1] + 1);
            prev_diag = row[k];
            row[k] = v;
        }
    }
    let (k, _) = row
        .iter()
        .enumerate()
        .min_by_key(|(k, d)| (**d, k.abs_diff(m)))?;
    Some(end - k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn fuzzy_finds_a_changed_word() {
        let text = chars("रूस और उत्तर कोरिया के बीच समझौता हुआ है");
        let pat = chars("उत्तर कोरीया के बीच");
        let (r, d) = fuzzy_find(&text, &pat, 3, None).unwrap();
        let found: String = text[r].iter().collect();
        assert_eq!(found, "उत्तर कोरिया के बीच");
        assert_eq!(d, 1);
    }

    #[test]
    fn fuzzy_prefers_the_match_near_the_hint() {
        let text = chars("abcdefgh xx abcdefgh");
        let pat = chars("abcdeXgh");
        let (r, _) = fuzzy_find(&text, &pat, 1, Some(12)).unwrap();
        assert_eq!(r, 12..20);
        let (r, _) = fuzzy_find(&text, &pat, 1, Some(0)).unwrap();
        assert_eq!(r, 0..8);
    }

    #[test]
    fn fuzzy_gives_up_past_the_budget() {
        let text = chars("the quick brown fox");
        assert!(fuzzy_find(&text, &chars("lazy dogs"), 1, None).is_none());
    }
}
