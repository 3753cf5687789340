//! Re-anchoring an imported annotation in an article's text: by position when the text there is still the quote, else
//! by the exact quote (prefix/suffix and the position hint choose among repeats), else by an approximate match of the
//! quote; what cannot be found is an orphan with a reason. All offsets are char (code point) offsets into NFC text.

use std::collections::HashMap;
use std::ops::Range;

use crate::model::Article;

/// Longest prefix/suffix written to a TextQuoteSelector, in chars.
pub const CONTEXT_CHARS: usize = 32;

/// Largest share of a quote's chars that may differ in an approximate match (edit distance), in percent.
pub const FUZZY_PERCENT: usize = 20;

/// Shortest quote (in chars) that is matched approximately: below this a 20% budget allows no error at all.
const FUZZY_MIN_CHARS: usize = 5;

/// Most work the approximate search may do for one annotation, in words: one step of one 64-row block of the edit
/// distance matrix for one text char (and one word per text char for the step itself). About 40 ms on a 2020s
/// desktop core (see the anchoring rows of `benches/khabar.rs`): enough to search a whole 5 MB article for a quote of
/// a few hundred chars. A search that would do more stops, and the annotation is an orphan whose reason says so.
/// Deterministic: it counts cells, not time.
pub const FUZZY_WORK_LIMIT: u64 = 8_000_000;

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

/// Find the annotation's range (snapped to grapheme cluster boundaries) or say why it cannot be found. The
/// approximate search is bounded by [`FUZZY_WORK_LIMIT`].
pub fn anchor(article: &Article, sel: &Selectors) -> Result<(Range<usize>, AnchorKind), String> {
    anchor_with_limit(article, sel, FUZZY_WORK_LIMIT).0
}

/// [`anchor`] with a given work limit (in 64-cell words); also returns the work the approximate search did.
pub fn anchor_with_limit(
    article: &Article,
    sel: &Selectors,
    limit: u64,
) -> (Result<(Range<usize>, AnchorKind), String>, u64) {
    let mut work = Work::new(limit);
    let located = locate(article, sel, &mut work);
    let result = located.and_then(|(range, kind)| {
        let snapped = article.snap(range.start, range.end);
        if snapped.is_empty() || article.slice(snapped.clone()).trim().is_empty() {
            return Err("the passage is empty or only white space".into());
        }
        Ok((snapped, kind))
    });
    (result, work.used)
}

fn locate(
    article: &Article,
    sel: &Selectors,
    work: &mut Work,
) -> Result<(Range<usize>, AnchorKind), String> {
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
    let n = article.index.char_len();
    let over_limit = |work: &Work| {
        format!(
            "the quote is not in the article exactly, and the approximate search stopped at the work limit per \
             annotation ({} million cells) before finding it: a {}-character quote in a {n}-character article",
            work.limit.saturating_mul(64) / 1_000_000,
            quote.len(),
        )
    };
    // Near the hint first: a window around it, then the whole text.
    if let Some(h) = &sel.position {
        // Twice the quote's length either side; for a quote too long to afford that, the edit budget either side.
        let window = |margin: usize| {
            let lo = h.start.saturating_sub(margin).min(n);
            (lo, h.end.saturating_add(margin).min(n).max(lo))
        };
        let (lo, hi) = [quote.len().saturating_mul(2), budget]
            .into_iter()
            .map(|m| window(m.max(200)))
            .find(|(lo, hi)| work.afford(search_cost(hi - lo, quote.len(), budget)))
            .unwrap_or((0, n));
        if lo > 0 || hi < n {
            let near: Vec<char> = article.slice(lo..hi).chars().collect();
            let found = fuzzy_find_counted(
                near.as_slice(),
                &quote,
                budget,
                Some(h.start.saturating_sub(lo)),
                work,
            )
            .map_err(|LimitReached| over_limit(work))?;
            if let Some((r, d)) = found {
                return Ok((r.start + lo..r.end + lo, AnchorKind::Fuzzy { distance: d }));
            }
        }
    }
    // At least one word per text char: refuse at once what cannot fit.
    if !work.afford(n as u64) {
        return Err(over_limit(work));
    }
    match fuzzy_find_counted(article, &quote, budget, hint, work).map_err(|LimitReached| over_limit(work))? {
        Some((r, d)) => Ok((r, AnchorKind::Fuzzy { distance: d })),
        None => Err(format!(
            "the quote is not in the article, not even approximately (more than {budget} of its {} characters differ)",
            quote.len()
        )),
    }
}

/// Work done by the approximate search of one annotation, in 64-cell words, against its limit.
#[derive(Clone, Copy, Debug)]
pub struct Work {
    pub used: u64,
    pub limit: u64,
}

impl Work {
    pub fn new(limit: u64) -> Self {
        Work { used: 0, limit }
    }

    /// Whether `cost` more words stay within the limit.
    fn afford(&self, cost: u64) -> bool {
        self.used.saturating_add(cost) <= self.limit
    }
}

/// The approximate search stopped: it would have done more than its work limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitReached;

/// Most words of work [`fuzzy_find`] can do for a text of `n` chars and a pattern of `m` (search without cut-off,
/// then the start pass), with one word per text char for the step itself.
fn search_cost(n: usize, m: usize, budget: usize) -> u64 {
    let blocks = m.div_ceil(64) as u64 + 1;
    let start_window = (m + budget).min(n) as u64;
    (n as u64 + start_window).saturating_mul(blocks)
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

/// Best approximate occurrence of `pattern` in `text` (edit distance to any substring, Sellers' problem), with at
/// most `budget` edits; among equally good ones the one nearest `hint`. Returns the char range in `text` and the
/// distance. Unbounded: callers with untrusted input go through [`anchor`], which limits the work.
pub fn fuzzy_find(
    text: &[char],
    pattern: &[char],
    budget: usize,
    hint: Option<usize>,
) -> Option<(Range<usize>, usize)> {
    fuzzy_find_counted(text, pattern, budget, hint, &mut Work::new(u64::MAX)).unwrap_or(None)
}

/// [`fuzzy_find`], adding the words of work done to `work` and stopping with [`LimitReached`] past its limit.
///
/// Myers' bit-parallel algorithm (1999) in Hyyrö's form for patterns longer than a machine word: the pattern is cut
/// into blocks of 64 chars, each a pair of bit vectors holding the vertical differences of one column of the
/// dynamic programming matrix, so a text char costs one step per block instead of one per pattern char; with
/// Ukkonen's cut-off only the blocks that can still hold a distance within the budget are computed.
pub(crate) fn fuzzy_find_counted<T: CharSource + ?Sized>(
    text: &T,
    pattern: &[char],
    budget: usize,
    hint: Option<usize>,
    work: &mut Work,
) -> Result<Option<(Range<usize>, usize)>, LimitReached> {
    let m = pattern.len();
    if m == 0 || text.char_count() == 0 {
        return Ok(None);
    }
    let peq = Peq::new(pattern.iter().copied());
    let mut best: Option<(usize, usize, usize)> = None; // (distance, hint distance, end)
    bit_parallel_search(&peq, m, budget, text.forward(), work, |end, d| {
        {
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
    })?;
    let Some((d, _, end)) = best else {
        return Ok(None);
    };
    let start = fuzzy_start(text, pattern, end, budget, work)?;
    Ok(Some((start..end, d)))
}

/// Where the best approximate match of `pattern` that ends at `end` starts: edit distance of the reversed pattern
/// against the text read backwards from `end`, anchored at `end`, free at the far side. Ties go to the length
/// nearest the pattern's.
fn fuzzy_start<T: CharSource + ?Sized>(
    text: &T,
    pattern: &[char],
    end: usize,
    budget: usize,
    work: &mut Work,
) -> Result<usize, LimitReached> {
    let m = pattern.len();
    let lo = end.saturating_sub(m + budget);
    if !work.afford(((end - lo) as u64).saturating_mul(m.div_ceil(64) as u64 + 1)) {
        return Err(LimitReached);
    }
    let peq = Peq::new(pattern.iter().rev().copied());
    // k = 0: nothing of the text taken, distance m.
    let mut best = (m, m, 0usize); // (distance, |k - m|, k)
    bit_parallel_scan(&peq, m, text.backward(lo..end), true, work, |k, d| {
        let key = (d, k.abs_diff(m));
        if key < (best.0, best.1) {
            best = (d, key.1, k);
        }
    });
    Ok(end - best.2)
}

/// Text the search reads: chars forward from the start, or a char range backward (an article is read in place, never
/// copied into a `Vec<char>`).
pub(crate) trait CharSource {
    fn char_count(&self) -> usize;
    fn forward(&self) -> impl Iterator<Item = char> + '_;
    fn backward(&self, range: Range<usize>) -> impl Iterator<Item = char> + '_;
}

impl CharSource for [char] {
    fn char_count(&self) -> usize {
        self.len()
    }
    fn forward(&self) -> impl Iterator<Item = char> + '_ {
        self.iter().copied()
    }
    fn backward(&self, range: Range<usize>) -> impl Iterator<Item = char> + '_ {
        self[range].iter().rev().copied()
    }
}

impl CharSource for Article {
    fn char_count(&self) -> usize {
        self.index.char_len()
    }
    fn forward(&self) -> impl Iterator<Item = char> + '_ {
        self.text.chars()
    }
    fn backward(&self, range: Range<usize>) -> impl Iterator<Item = char> + '_ {
        self.slice(range).chars().rev()
    }
}

/// Pattern bit masks: for each pattern char, per block of 64 pattern positions, the bits where it occurs.
struct Peq {
    blocks: usize,
    /// Row 0 is the mask of a char absent from the pattern (all zero).
    masks: Vec<u64>,
    /// Chars below U+1000 (Latin, Devanagari…): row index, by char.
    small: Vec<u32>,
    other: HashMap<char, u32>,
}

impl Peq {
    const SMALL: usize = 0x1000;

    fn new(pattern: impl ExactSizeIterator<Item = char>) -> Self {
        let m = pattern.len();
        let blocks = m.div_ceil(64).max(1);
        let mut peq = Peq {
            blocks,
            masks: vec![0; blocks],
            small: vec![0; Self::SMALL],
            other: HashMap::new(),
        };
        for (i, c) in pattern.enumerate() {
            let row = match peq.row(c) {
                0 => {
                    let r = (peq.masks.len() / blocks) as u32;
                    peq.masks.extend(std::iter::repeat_n(0, blocks));
                    if (c as usize) < Self::SMALL {
                        peq.small[c as usize] = r;
                    } else {
                        peq.other.insert(c, r);
                    }
                    r
                }
                r => r,
            };
            peq.masks[row as usize * blocks + i / 64] |= 1u64 << (i % 64);
        }
        peq
    }

    fn row(&self, c: char) -> u32 {
        if (c as usize) < Self::SMALL {
            self.small[c as usize]
        } else {
            self.other.get(&c).copied().unwrap_or(0)
        }
    }
}

/// One step of Myers' algorithm for one block: the vertical differences `pv`/`mv` of the block's column move to the
/// next text char, given the horizontal difference `hin` entering at the block's top (−1, 0 or +1). Returns the
/// horizontal difference leaving at the row `high`.
#[inline]
fn advance_block(pv: &mut u64, mv: &mut u64, eq: u64, hin: i32, high: u64) -> i32 {
    let hin_neg = u64::from(hin < 0);
    let xv = eq | *mv;
    let eq = eq | hin_neg;
    let xh = ((eq & *pv).wrapping_add(*pv) ^ *pv) | eq;
    let mut ph = *mv | !(xh | *pv);
    let mut mh = *pv & xh;
    let hout = i32::from(ph & high != 0) - i32::from(mh & high != 0);
    ph = (ph << 1) | u64::from(hin > 0);
    mh = (mh << 1) | hin_neg;
    *pv = mh | !(xv | ph);
    *mv = ph & xv;
    hout
}

/// Edit distance of the whole pattern (`m` chars, masks in `peq`) against the text read so far, reported after each
/// text char as `(chars read, distance)`. With `anchored` the match must start at the text's first char (global
/// start), otherwise anywhere (a search).
fn bit_parallel_scan(
    peq: &Peq,
    m: usize,
    text: impl Iterator<Item = char>,
    anchored: bool,
    work: &mut Work,
    mut report: impl FnMut(usize, usize),
) {
    let blocks = peq.blocks;
    let mut pv = vec![!0u64; blocks];
    let mut mv = vec![0u64; blocks];
    let last_high = 1u64 << ((m - 1) % 64);
    let top = i32::from(anchored);
    let mut score = m as isize;
    let mut read = 0usize;
    let last = blocks - 1;
    let (pv_rest, pv_last) = pv.split_at_mut(last);
    let (mv_rest, mv_last) = mv.split_at_mut(last);
    for c in text {
        let row = peq.row(c) as usize * blocks;
        let eqs = &peq.masks[row..row + blocks];
        let mut h = top;
        for ((p, q), &eq) in pv_rest.iter_mut().zip(mv_rest.iter_mut()).zip(&eqs[..last]) {
            h = advance_block(p, q, eq, h, 1 << 63);
        }
        h = advance_block(&mut pv_last[0], &mut mv_last[0], eqs[last], h, last_high);
        score += h as isize;
        read += 1;
        report(read, score.max(0) as usize);
    }
    work.used = work
        .used
        .saturating_add((read as u64).saturating_mul(blocks as u64 + 1));
}

/// Search mode (the match may start anywhere) with Ukkonen's cut-off, as in Hyyrö (2003) and edlib: blocks below the
/// last one that can hold a distance ≤ `k` are not computed. Reports `(chars read, distance)` only where the distance
/// of the whole pattern is ≤ `k` (exact there). Counts one word per computed block plus one per text char, and stops
/// with [`LimitReached`] before passing the limit.
fn bit_parallel_search(
    peq: &Peq,
    m: usize,
    k: usize,
    text: impl Iterator<Item = char>,
    work: &mut Work,
    mut report: impl FnMut(usize, usize),
) -> Result<(), LimitReached> {
    let blocks = peq.blocks;
    let last = blocks - 1;
    let last_high = 1u64 << ((m - 1) % 64);
    let high = |b: usize| if b == last { last_high } else { 1u64 << 63 };
    // Rows of the pattern in block b (the last block may be partial).
    let rows = |b: usize| {
        if b == last {
            (m - 64 * last) as isize
        } else {
            64
        }
    };
    let mut pv = vec![!0u64; blocks];
    let mut mv = vec![0u64; blocks];
    // Distance at the bottom row of each block, in the current column.
    let mut score: Vec<isize> = (0..blocks).map(|b| 64 * b as isize + rows(b)).collect();
    let k = k as isize;
    let mut lb = ((k as usize + 1).div_ceil(64)).min(blocks) - 1;
    let room = work.limit.saturating_sub(work.used);
    let mut used = 0u64;
    let mut read = 0usize;
    for c in text {
        let row = peq.row(c) as usize * blocks;
        let eqs = &peq.masks[row..row + blocks];
        let mut h = 0i32;
        // Full blocks by iterators (no bounds checks in the hot loop), then the last block with its own high row.
        let full = if lb == last { lb } else { lb + 1 };
        for (((p, q), sc), &eq) in pv[..full]
            .iter_mut()
            .zip(&mut mv[..full])
            .zip(&mut score[..full])
            .zip(&eqs[..full])
        {
            h = advance_block(p, q, eq, h, 1u64 << 63);
            *sc += h as isize;
        }
        if lb == last {
            h = advance_block(&mut pv[last], &mut mv[last], eqs[last], h, last_high);
            score[last] += h as isize;
        }
        used += lb as u64 + 2;
        if lb < last && score[lb] - h as isize <= k && (eqs[lb + 1] & 1 != 0 || h < 0) {
            // The next block may come within the budget: start it from the largest values it can hold.
            lb += 1;
            pv[lb] = !0;
            mv[lb] = 0;
            score[lb] = score[lb - 1] - h as isize + rows(lb);
            score[lb] += advance_block(&mut pv[lb], &mut mv[lb], eqs[lb], h, high(lb)) as isize;
            used += 1;
        } else {
            while lb > 0 && score[lb] >= k + 64 {
                lb -= 1;
            }
        }
        read += 1;
        if lb == last && score[last] <= k {
            report(read, score[last] as usize);
        }
        if used > room {
            work.used = work.limit;
            return Err(LimitReached);
        }
    }
    work.used = work.used.saturating_add(used);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    /// The quadratic algorithm this module used before the bit-parallel one: the reference for the property test.
    fn sellers(
        text: &[char],
        pattern: &[char],
        budget: usize,
        hint: Option<usize>,
    ) -> Option<(Range<usize>, usize)> {
        let m = pattern.len();
        if m == 0 || text.is_empty() {
            return None;
        }
        let mut col: Vec<usize> = (0..=m).collect();
        let mut best: Option<(usize, usize, usize)> = None;
        for (j, &c) in text.iter().enumerate() {
            let mut diag = col[0];
            col[0] = 0;
            for i in 1..=m {
                let up = col[i];
                let cost = usize::from(pattern[i - 1] != c);
                let v = (diag + cost).min(up + 1).min(col[i - 1] + 1);
                diag = up;
                col[i] = v;
            }
            let d = col[m];
            if d <= budget {
                let end = j + 1;
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
        let lo = end.saturating_sub(m + budget);
        let window: Vec<char> = text[lo..end].iter().rev().copied().collect();
        let rp: Vec<char> = pattern.iter().rev().copied().collect();
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
        Some((end - k..end, d))
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

    #[test]
    fn patterns_longer_than_a_word_are_matched_across_blocks() {
        // 200 chars: four blocks; edits in the first, a middle and the last block.
        let mut rng = crate::generate::Rng::new(9);
        let text: Vec<char> = (0..2000)
            .map(|_| char::from_u32(0x915 + rng.below(40) as u32).unwrap())
            .collect();
        let mut pat: Vec<char> = text[900..1100].to_vec();
        pat[3] = 'x';
        pat.remove(100);
        pat.insert(190, 'y');
        let (r, d) = fuzzy_find(&text, &pat, 40, None).unwrap();
        assert_eq!(d, 3);
        assert_eq!(r, 900..1100);
        assert_eq!(sellers(&text, &pat, 40, None), Some((r, d)));
    }

    #[test]
    fn the_work_is_counted_in_words_per_text_char() {
        let text = chars(&"कखगघ ".repeat(100)); // 500 chars
        let pat = chars(&"चछजझ".repeat(20)); // 80 chars: 2 blocks
        let mut work = Work::new(u64::MAX);
        assert_eq!(
            fuzzy_find_counted(&text[..], &pat, 16, None, &mut work),
            Ok(None)
        );
        // A 16-edit budget needs only the first block: one word for it and one for the char, per char.
        assert_eq!(work.used, 500 * 2);
        // A limit below that stops the search.
        let mut work = Work::new(999);
        assert_eq!(
            fuzzy_find_counted(&text[..], &pat, 16, None, &mut work),
            Err(LimitReached)
        );
    }

    use proptest::prelude::*;

    /// A text over a small alphabet (so repeats and near-matches are common), a quote cut from it and a few edits.
    fn mutated_quote() -> impl Strategy<Value = (Vec<char>, Vec<char>, Option<usize>)> {
        let alphabet = prop::sample::select(vec!['क', 'ख', 'ग', 'ा', 'ि', ' ', 'a', 'b', '😀']);
        (
            prop::collection::vec(alphabet.clone(), 10..400),
            any::<prop::sample::Index>(),
            5usize..150,
            prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, alphabet), 0..8),
            prop::option::of(0usize..400),
        )
            .prop_map(|(text, at, len, edits, hint)| {
                let start = at.index(text.len());
                let end = (start + len).min(text.len());
                let mut q = text[start..end].to_vec();
                for (i, op, c) in edits {
                    if q.is_empty() {
                        break;
                    }
                    let k = i.index(q.len());
                    match op {
                        0 => q[k] = c,
                        1 => q.insert(k, c),
                        _ => {
                            q.remove(k);
                        }
                    }
                }
                (text, q, hint)
            })
    }

    proptest! {
        #[test]
        fn bit_parallel_search_agrees_with_the_quadratic_one((text, quote, hint) in mutated_quote()) {
            let budget = quote.len() * FUZZY_PERCENT / 100;
            let old = sellers(&text, &quote, budget, hint);
            let new = fuzzy_find(&text, &quote, budget, hint);
            prop_assert_eq!(new, old);
        }
    }
}
