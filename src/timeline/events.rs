//! Events: every resolved date in a body sentence is a candidate; candidates that report the same thing (same date at
//! the coarser granularity, overlapping key terms) merge into one event listing all its sources. The user's
//! decisions (accept, reject, relabel, recategorise, merge, split) are stored per candidate and applied on top.

use std::borrow::Borrow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::category::{categorize, category_and_key_terms, EventCategory};
use super::sentences::sentence_spans;
use super::tagger::{tag, Granularity, Resolution, TimexValue};
pub use crate::annotate::decision::{CandidateId, Decision, EventId, Group, Status};
use crate::annotate::{Annotation, Code};
use crate::model::{Article, ArticleId, BlockKind};

/// One dated sentence of one article.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Stable id: article id and the mention's char offset.
    pub id: CandidateId,
    pub article: ArticleId,
    /// The date expression, in article char offsets.
    pub mention: Range<usize>,
    pub mention_text: String,
    /// The sentence that reports the event, in article char offsets.
    pub sentence: Range<usize>,
    /// Shared with the events built from this candidate (a large corpus has tens of thousands).
    pub sentence_text: Arc<str>,
    pub value: TimexValue,
    /// The last period when the date is a range ("18-19 जून").
    #[serde(default)]
    pub until: Option<TimexValue>,
    pub resolution: Resolution,
    pub category: EventCategory,
    /// Shared by the candidates of one sentence.
    pub terms: Arc<[String]>,
    /// Found in a heading or the title: merges with the same article's body event of the same date.
    #[serde(default)]
    pub in_heading: bool,
}

/// A date expression that needs something to resolve (usually the publication date).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unresolved {
    pub article: ArticleId,
    pub mention: Range<usize>,
    pub text: String,
    pub needs: String,
}

/// What the tagger found in one article.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleDates {
    pub candidates: Vec<Candidate>,
    pub unresolved: Vec<Unresolved>,
}

/// Tag the body, heading and title blocks of an article (boilerplate and bylines never yield events).
pub fn article_dates(article: &Article) -> ArticleDates {
    dates_of(
        &article.meta.id,
        article.meta.published,
        &article.text,
        &article.blocks,
    )
}

/// Byte ranges of the blocks' contents (char ranges), in one pass over the text.
pub fn block_byte_ranges(text: &str, blocks: &[crate::model::Block]) -> Vec<Range<usize>> {
    let mut wanted: Vec<usize> = blocks
        .iter()
        .flat_map(|b| [b.content.start, b.content.end])
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let found = crate::model::text::byte_offsets_of_chars(text, &wanted);
    let byte = |c: usize| wanted.binary_search(&c).map_or(text.len(), |i| found[i]);
    blocks
        .iter()
        .map(|b| byte(b.content.start)..byte(b.content.end))
        .collect()
}

/// What the candidates of one sentence share.
#[derive(Clone)]
struct SentenceFacts {
    chars: Range<usize>,
    text: Arc<str>,
    category: EventCategory,
    terms: Arc<[String]>,
}

/// Tag the body, heading and title blocks of an article given as parts (no index needed). This is what the timeline
/// calls for each article; its result is all an event build needs.
pub fn dates_of(
    id: &ArticleId,
    reference: Option<chrono::NaiveDate>,
    full_text: &str,
    blocks: &[crate::model::Block],
) -> ArticleDates {
    let mut out = ArticleDates::default();
    let bytes = block_byte_ranges(full_text, blocks);
    for (block, byte_range) in blocks.iter().zip(bytes).filter(|(b, _)| {
        matches!(
            b.kind,
            BlockKind::Body | BlockKind::Heading | BlockKind::Title
        )
    }) {
        let text = &full_text[byte_range];
        let base = block.content.start;
        let mentions = tag(text, reference);
        if mentions.is_empty() {
            continue; // most blocks: no sentence splitting, no char tables
        }
        // Each sentence's char range and byte range, found for the first date of the block.
        let mut sentences: Option<Vec<(Range<usize>, Range<usize>)>> = None;
        // Several dates in one sentence share its text, category and terms.
        let mut last: Option<SentenceFacts> = None;
        for m in mentions {
            if !m.kind.dates_an_event() {
                continue;
            }
            let range = base + m.start..base + m.end;
            let Some(value) = m.value else {
                if let Resolution::Unresolved { needs } = m.resolution {
                    out.unresolved.push(Unresolved {
                        article: id.clone(),
                        mention: range,
                        text: m.text,
                        needs,
                    });
                }
                continue;
            };
            let spans = sentences.get_or_insert_with(|| {
                let spans = sentence_spans(text);
                // Spans are in order and never overlap: their ends, in turn, ascend.
                let ends: Vec<usize> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
                let bytes = crate::model::text::byte_offsets_of_chars(text, &ends);
                spans
                    .into_iter()
                    .zip(bytes.chunks_exact(2))
                    .map(|(s, b)| (s, b[0]..b[1]))
                    .collect()
            });
            let (s, bytes) = spans
                .iter()
                .find(|(s, _)| s.start <= m.start && m.start < s.end.max(s.start + 1))
                .cloned()
                .unwrap_or_else(|| (0..text.chars().count(), 0..text.len()));
            let facts = match &last {
                Some(f) if f.chars == s => f.clone(),
                _ => {
                    let t: Arc<str> = text[bytes].into();
                    let (category, terms) = category_and_key_terms(&t);
                    let f = SentenceFacts {
                        chars: s.clone(),
                        text: t,
                        category,
                        terms: terms.into(),
                    };
                    last = Some(f.clone());
                    f
                }
            };
            let SentenceFacts {
                text: sentence_text,
                category,
                terms,
                ..
            } = facts;
            out.candidates.push(Candidate {
                id: CandidateId::new(id, range.start),
                article: id.clone(),
                mention: range,
                mention_text: m.text,
                sentence: base + s.start..base + s.end,
                category,
                terms,
                sentence_text,
                value,
                until: m.until,
                resolution: m.resolution,
                in_heading: block.kind != BlockKind::Body,
            });
        }
    }
    out
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventSource {
    pub article: ArticleId,
    /// The passage (sentence, or the annotation) in article char offsets.
    pub span: Range<usize>,
    pub text: Arc<str>,
    /// The candidate or annotation this source comes from.
    pub origin: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub date: TimexValue,
    /// The last period when the event spans a range of dates.
    #[serde(default)]
    pub until: Option<TimexValue>,
    pub label: String,
    pub category: EventCategory,
    pub status: Status,
    /// From an annotation with an event code (the user's own), not from the tagger.
    pub from_annotation: bool,
    pub sources: Vec<EventSource>,
    /// Candidate ids (empty for annotation events).
    pub members: Vec<CandidateId>,
    /// The event's period as day numbers since 1970-01-01: first day, and the day after the last.
    pub days: (i64, i64),
}

/// Day 0 of the day numbers: 1970-01-01.
pub fn epoch() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date")
}

/// Day number since 1970-01-01.
pub fn day_number(d: chrono::NaiveDate) -> i64 {
    (d - epoch()).num_days()
}

/// The date of a day number (None outside chrono's range).
pub fn date_of_day(n: i64) -> Option<chrono::NaiveDate> {
    // `try_days`: a plot panned far away asks for day numbers chrono cannot hold.
    epoch().checked_add_signed(chrono::Duration::try_days(n)?)
}

impl Event {
    fn with_days(mut self) -> Self {
        let end = self.until.unwrap_or(self.date).end_date_exclusive();
        self.days = (
            day_number(self.date.start_date()),
            day_number(end.max(self.date.end_date_exclusive())),
        );
        self
    }
}

impl Event {
    pub fn granularity(&self) -> Granularity {
        self.date.granularity()
    }
}

/// Each candidate's informative terms, as ids: the key terms of its sentence without the ones nearly every candidate
/// of the corpus shares (in this corpus पुतिन, किम, रूस, कोरिया…), which would merge everything.
struct InformativeTerms {
    /// Candidates per share.
    share: usize,
    /// Per share of the candidates: their term ids one after the other (each candidate's sorted, each once), and
    /// where each candidate's end.
    parts: Vec<(Vec<u32>, Vec<usize>)>,
}

impl InformativeTerms {
    fn of(&self, candidate: usize) -> &[u32] {
        let (flat, ends) = &self.parts[candidate / self.share];
        let j = candidate % self.share;
        let start = if j == 0 { 0 } else { ends[j - 1] };
        &flat[start..ends[j]]
    }
}

fn informative_terms<C: Borrow<Candidate> + Sync>(candidates: &[C]) -> InformativeTerms {
    // Terms are counted and compared as ids, in shares on every core: as strings, in a set per candidate, the
    // counting alone took 1.15 s at 650,000 candidates.
    let share = candidates.len().div_ceil(crate::parallel::threads()).max(1);
    let shares: Vec<&[C]> = candidates.chunks(share).collect();
    // Each share numbers the terms it meets (each term string is read once: reading them is most of the cost)…
    let counted = crate::parallel::map(&shares, |share| {
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        let (mut flat, mut ends) = (Vec::new(), Vec::with_capacity(share.len()));
        let mut df: Vec<usize> = Vec::new();
        let mut own = Vec::new();
        for c in *share {
            own.clear();
            own.extend(c.borrow().terms.iter().map(|t| {
                let next = ids.len() as u32;
                *ids.entry(t.as_str()).or_insert(next)
            }));
            own.sort_unstable();
            own.dedup();
            df.resize(ids.len(), 0);
            for &t in &own {
                df[t as usize] += 1;
            }
            flat.extend_from_slice(&own);
            ends.push(flat.len());
        }
        let mut terms = vec![""; ids.len()];
        for (t, id) in ids {
            terms[id as usize] = t;
        }
        (flat, ends, df, terms)
    });
    // …then one numbering for all, and each share's numbers in it.
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let remaps: Vec<Vec<u32>> = counted
        .iter()
        .map(|(_, _, _, terms)| {
            terms
                .iter()
                .map(|t| {
                    let next = ids.len() as u32;
                    *ids.entry(t).or_insert(next)
                })
                .collect()
        })
        .collect();
    // How many candidates have each term.
    let mut df = vec![0usize; ids.len()];
    for ((_, _, part, _), remap) in counted.iter().zip(&remaps) {
        for (&id, n) in remap.iter().zip(part) {
            df[id as usize] += n;
        }
    }
    let limit = ((candidates.len() as f64) * 0.3).ceil().max(2.0) as usize;
    let work: Vec<_> = counted.iter().zip(&remaps).collect();
    let parts = crate::parallel::map(&work, |((flat, ends, _, _), remap)| {
        let (mut kept, mut kept_ends) = (
            Vec::with_capacity(flat.len()),
            Vec::with_capacity(ends.len()),
        );
        let mut start = 0;
        for &end in ends {
            let from = kept.len();
            kept.extend(
                flat[start..end]
                    .iter()
                    .map(|&t| remap[t as usize])
                    .filter(|&t| df[t as usize] <= limit),
            );
            // Sorted again in the one numbering (a twin is found by its sorted list).
            kept[from..].sort_unstable();
            kept_ends.push(kept.len());
            start = end;
        }
        (kept, kept_ends)
    });
    InformativeTerms { share, parts }
}

/// Whether a candidate reports the same event as a cluster: its date fits the cluster's (same date at the coarser
/// granularity) and they share informative key terms (two, or one when either side has few).
fn overlap(cluster: &FxHashSet<u32>, candidate: &[u32]) -> Option<usize> {
    let shared = candidate.iter().filter(|t| cluster.contains(t)).count();
    let smaller = cluster.len().min(candidate.len());
    (shared >= 2 || (shared >= 1 && smaller <= 3)).then_some(shared)
}

/// Short label from a sentence.
pub fn label_from(text: &str) -> String {
    let t = text.trim();
    let mut out: String = t.chars().take(90).collect();
    if t.chars().count() > 90 {
        out.push('…');
    }
    out
}

/// Build events from all candidates, the user's decisions and the annotations with event codes.
pub fn build_events<C: Borrow<Candidate> + Sync>(
    candidates: &[C],
    decisions: &HashMap<CandidateId, Decision>,
    annotation_events: Vec<Event>,
) -> Vec<Event> {
    let started = std::time::Instant::now();
    let terms = informative_terms(candidates);
    let counted = started.elapsed();
    // Events never span years (a candidate is compared only with the clusters of its own date, at its own
    // granularity), so each year is clustered apart, on every core; within a year the order, and so every cluster,
    // is what one pass over all of them finds.
    let mut manual: BTreeMap<&Group, Vec<usize>> = BTreeMap::new();
    let mut years: FxHashMap<i32, Vec<usize>> = FxHashMap::default();
    for (i, c) in candidates.iter().enumerate() {
        let c = c.borrow();
        match decisions.get(&c.id).and_then(|d| d.group.as_ref()) {
            Some(g) => manual.entry(g).or_default().push(i),
            None => years.entry(c.value.year).or_default().push(i),
        }
    }
    let mut years: Vec<Vec<usize>> = years.into_values().collect();
    years.sort_unstable_by_key(|y| std::cmp::Reverse(y.len()));
    let mut groups: Vec<Vec<usize>> = crate::parallel::map_each(&years, |year| {
        let order = in_cluster_order(candidates, year);
        cluster(&order, candidates, &terms)
    })
    .into_iter()
    .flatten()
    .collect();
    let clustered = started.elapsed();
    groups.extend(
        manual
            .into_values()
            .map(|members| in_cluster_order(candidates, &members)),
    );
    // Each group made into its event on every core too (labels and sources copy every member's sentence).
    let mut events: Vec<Event> = crate::parallel::map(&groups, |members| {
        let ms: Vec<&Candidate> = members.iter().map(|&i| candidates[i].borrow()).collect();
        // The most precise date among the sources.
        let (date, until) = ms
            .iter()
            .map(|c| (c.value, c.until))
            .max_by_key(|(v, u)| (v.granularity(), u.is_some(), std::cmp::Reverse(*v)))
            .expect("a group has members");
        let ds: Vec<Option<&Decision>> = ms.iter().map(|c| decisions.get(&c.id)).collect();
        let label = ds
            .iter()
            .flatten()
            .find_map(|d| d.label.clone())
            .unwrap_or_else(|| label_from(&ms[0].sentence_text));
        let category = ds
            .iter()
            .flatten()
            .find_map(|d| d.category)
            .unwrap_or_else(|| {
                let mut counts: BTreeMap<EventCategory, usize> = BTreeMap::new();
                for c in &ms {
                    *counts.entry(c.category).or_default() += 1;
                }
                counts
                    .into_iter()
                    .max_by_key(|(cat, k)| (*k, *cat != EventCategory::Other))
                    .map(|(c, _)| c)
                    .unwrap_or(EventCategory::Other)
            });
        let statuses: Vec<Status> = ds
            .iter()
            .map(|d| d.and_then(|d| d.status).unwrap_or(Status::Candidate))
            .collect();
        let status = if statuses.contains(&Status::Accepted) {
            Status::Accepted
        } else if statuses.iter().all(|s| *s == Status::Rejected) {
            Status::Rejected
        } else {
            Status::Candidate
        };
        let mut member_ids: Vec<CandidateId> = ms.iter().map(|c| c.id.clone()).collect();
        member_ids.sort();
        Event {
            id: member_ids[0].clone().into(),
            date,
            until,
            label,
            category,
            status,
            from_annotation: false,
            sources: ms
                .iter()
                .map(|c| EventSource {
                    article: c.article.clone(),
                    span: c.sentence.clone(),
                    text: c.sentence_text.clone(),
                    origin: c.id.to_string(),
                })
                .collect(),
            members: member_ids,
            days: (0, 0),
        }
        .with_days()
    });
    log::debug!(
        "events: terms counted in {:.2} s, clustered by {:.2} s, {} events made by {:.2} s",
        counted.as_secs_f64(),
        clustered.as_secs_f64(),
        events.len(),
        started.elapsed().as_secs_f64()
    );
    events.extend(annotation_events);
    events.sort_by(|a, b| (a.date.start_date(), &a.id).cmp(&(b.date.start_date(), &b.id)));
    events
}

/// The candidates at `members` in the order clustering takes them: finest dates first, so a coarse mention ("2024")
/// joins the best fitting precise event instead of bridging two different ones; heading candidates last, so the body
/// events of their article are there to join; then by id. Each id's first eight bytes are compared as a number before
/// the id itself: at hundreds of candidates a day, comparing the ids' strings was most of the sorting.
fn in_cluster_order<C: Borrow<Candidate>>(candidates: &[C], members: &[usize]) -> Vec<usize> {
    let mut keyed: Vec<_> = members
        .iter()
        .map(|&i| {
            let c = candidates[i].borrow();
            let id = c.id.as_str().as_bytes();
            let mut head = [0u8; 8];
            head[..id.len().min(8)].copy_from_slice(&id[..id.len().min(8)]);
            (
                (
                    c.in_heading,
                    std::cmp::Reverse(c.value.granularity()),
                    c.value,
                ),
                u64::from_be_bytes(head),
                i,
            )
        })
        .collect();
    keyed.sort_unstable_by(|a, b| {
        (a.0, a.1).cmp(&(b.0, b.1)).then_with(|| {
            candidates[a.2]
                .borrow()
                .id
                .cmp(&candidates[b.2].borrow().id)
        })
    });
    keyed.into_iter().map(|(_, _, i)| i).collect()
}

/// The candidates at `order` (in [`in_cluster_order`]) grouped into events, each group's members in that order.
fn cluster<'c, C: Borrow<Candidate>>(
    order: &[usize],
    candidates: &'c [C],
    terms: &InformativeTerms,
) -> Vec<Vec<usize>> {
    struct Cluster<'c> {
        members: Vec<usize>,
        terms: FxHashSet<u32>,
        sentences: FxHashSet<(&'c ArticleId, usize)>,
    }
    let mut clusters: Vec<Cluster> = Vec::new();
    // Clusters indexed by their date at each granularity: a candidate is compared only with clusters it fits.
    // Finest dates come first, so when a month or year candidate arrives, day clusters are already there.
    let mut by_date: FxHashMap<TimexValue, Vec<usize>> = FxHashMap::default();
    let mut twins: FxHashMap<(TimexValue, &[u32]), usize> = FxHashMap::default();
    for &i in order {
        let c = candidates[i].borrow();
        let sentence_key = (&c.article, c.sentence.start);
        // Syndicated news repeats sentences: an identical date and term set goes where its twin went.
        let own = terms.of(i);
        let twin_key = (c.value, own);
        if let Some(&k) = twins.get(&twin_key) {
            let cl = &mut clusters[k];
            cl.members.push(i);
            cl.sentences.insert(sentence_key);
            continue;
        }
        let mut best: Option<(usize, usize)> = None;
        for &k in by_date.get(&c.value).map(Vec::as_slice).unwrap_or(&[]) {
            let cl = &clusters[k];
            // Two mentions in one sentence are one event; a heading reports its own article's event of that date.
            let score = if cl.sentences.contains(&sentence_key)
                || (c.in_heading && cl.sentences.iter().any(|(a, _)| *a == &c.article))
            {
                Some(usize::MAX)
            } else {
                overlap(&cl.terms, own)
            };
            if let Some(sc) = score {
                if best.is_none_or(|(b, _)| sc > b) {
                    best = Some((sc, k));
                }
            }
        }
        match best {
            Some((_, k)) => {
                twins.insert(twin_key, k);
                let cl = &mut clusters[k];
                cl.members.push(i);
                cl.terms.extend(own.iter().copied());
                cl.sentences.insert(sentence_key);
            }
            None => {
                twins.insert(twin_key, clusters.len());
                // Register the new cluster under its date and every coarser form of it.
                for gran in [Granularity::Day, Granularity::Month, Granularity::Year] {
                    if gran <= c.value.granularity() {
                        by_date
                            .entry(c.value.coarsen(gran))
                            .or_default()
                            .push(clusters.len());
                    }
                }
                clusters.push(Cluster {
                    members: vec![i],
                    terms: own.iter().copied().collect(),
                    sentences: FxHashSet::from_iter([sentence_key]),
                });
            }
        }
    }
    clusters.into_iter().map(|c| c.members).collect()
}

/// Events from annotations coded with an event code whose passage holds a resolved date.
pub fn annotation_events(
    published: Option<chrono::NaiveDate>,
    dates: &ArticleDates,
    annotations: &[Annotation],
    codes: &[Code],
) -> Vec<Event> {
    let event_codes: HashSet<i64> = codes.iter().filter(|c| c.is_event).map(|c| c.id).collect();
    let mut out = Vec::new();
    for a in annotations {
        if !a.codes.iter().any(|c| event_codes.contains(c)) {
            continue;
        }
        // A date inside the passage; else the date of the sentence the passage sits in.
        let inside = dates
            .candidates
            .iter()
            .find(|c| c.mention.start >= a.start && c.mention.end <= a.end)
            .or_else(|| {
                dates
                    .candidates
                    .iter()
                    .find(|c| c.sentence.start <= a.start && a.start < c.sentence.end)
            });
        let value = match inside {
            Some(c) => c.value,
            None => {
                let mentions = tag(&a.quote, published);
                match mentions
                    .iter()
                    .filter(|m| m.kind.dates_an_event())
                    .find_map(|m| m.value)
                {
                    Some(v) => v,
                    None => continue,
                }
            }
        };
        out.push(
            Event {
                id: EventId::annotation(a.id),
                date: value,
                until: None,
                label: if a.note.trim().is_empty() {
                    label_from(&a.quote)
                } else {
                    label_from(&a.note)
                },
                category: categorize(&a.quote),
                status: Status::Accepted,
                from_annotation: true,
                sources: vec![EventSource {
                    article: a.article.clone(),
                    span: a.start..a.end,
                    text: a.quote.as_str().into(),
                    origin: a.id.to_string(),
                }],
                members: Vec::new(),
                days: (0, 0),
            }
            .with_days(),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str, published: Option<chrono::NaiveDate>) -> Article {
        let mut a = Article::new(crate::model::normalize_text(text), "t.txt".into(), None);
        a.meta.published = published;
        a
    }

    #[test]
    fn body_sentences_with_dates_become_candidates_and_boilerplate_never_does() {
        let a = article(
            "शीर्षक यहाँ\n\nपुतिन ने 19 जून 2024 को प्योंगयांग की यात्रा की। बाकी वाक्य बिना तारीख का है।\n\nसंबंधित खबरें\n\n12 मार्च 2020 को कुछ और हुआ।\n",
            None,
        );
        let d = article_dates(&a);
        assert_eq!(d.candidates.len(), 1);
        let c = &d.candidates[0];
        assert_eq!(c.value.to_timex(), "2024-06-19");
        assert_eq!(
            &*c.sentence_text,
            "पुतिन ने 19 जून 2024 को प्योंगयांग की यात्रा की।"
        );
        assert_eq!(c.category, EventCategory::MeetingVisit);
        assert_eq!(a.slice(c.mention.clone()), "19 जून 2024");
        assert_eq!(a.slice(c.sentence.clone()), &*c.sentence_text);
    }

    #[test]
    fn weekdays_need_a_publication_date_and_resolve_with_one() {
        let text = "शीर्षक\n\nकिम जोंग उन ने बुधवार को पुतिन से मुलाकात की।\n";
        let d = article_dates(&article(text, None));
        assert!(d.candidates.is_empty());
        assert_eq!(d.unresolved.len(), 1);
        assert!(d.unresolved[0].needs.contains("publication date"));
        let d = article_dates(&article(text, chrono::NaiveDate::from_ymd_opt(2023, 9, 13)));
        assert_eq!(d.candidates[0].value.to_timex(), "2023-09-13");
    }

    #[test]
    fn same_date_and_shared_terms_merge_across_articles_and_decisions_apply() {
        let a = article(
            "क\n\nपुतिन ने 19 जून 2024 को प्योंगयांग में किम जोंग उन से मुलाकात की।\n",
            None,
        );
        let b = article("ख\n\nजून 2024 में पुतिन प्योंगयांग गए और किम जोंग उन के साथ समझौता किया।\n\n2022 में युद्ध शुरू हुआ।\n", None);
        let mut cands = article_dates(&a).candidates;
        cands.extend(article_dates(&b).candidates);
        assert_eq!(cands.len(), 3);
        let events = build_events(&cands, &HashMap::new(), vec![]);
        assert_eq!(events.len(), 2, "{events:#?}");
        let merged = events
            .iter()
            .find(|e| e.sources.len() == 2)
            .expect("a merged event");
        assert_eq!(
            merged.date.to_timex(),
            "2024-06-19",
            "the most precise date wins"
        );
        assert_eq!(merged.status, Status::Candidate);
        // Reject it, relabel it: decisions on every member.
        let mut decisions = HashMap::new();
        for m in &merged.members {
            decisions.insert(
                m.clone(),
                Decision {
                    candidate: m.clone(),
                    status: Some(Status::Rejected),
                    label: Some("यात्रा".into()),
                    ..Default::default()
                },
            );
        }
        let events = build_events(&cands, &decisions, vec![]);
        let e = events.iter().find(|e| e.sources.len() == 2).unwrap();
        assert_eq!((e.status, e.label.as_str()), (Status::Rejected, "यात्रा"));
        // Split one source out with its own group.
        let first = merged.members[0].clone();
        decisions.insert(
            first.clone(),
            Decision {
                candidate: first.clone(),
                group: Some(Group::split_out(&first)),
                ..Default::default()
            },
        );
        let events = build_events(&cands, &decisions, vec![]);
        assert_eq!(events.len(), 3);
        // Merge the 2022 event into the first by giving both the same group.
        let war = cands
            .iter()
            .find(|c| c.value.year == 2022)
            .unwrap()
            .id
            .clone();
        decisions.insert(
            war.clone(),
            Decision {
                candidate: war,
                group: Some(Group::split_out(&first)),
                ..Default::default()
            },
        );
        let events = build_events(&cands, &decisions, vec![]);
        assert_eq!(events.len(), 2);
    }
}
