//! Every temporal expression of an article, with its TIMEX3 type and value, how it was resolved, the block it sits
//! in and its sentence: what `khabar dates`, the viewer's date marks and the TimeML export show.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::sentences::sentence_spans;
use super::tagger::{byline_dates, tag, BylineRole, Granularity, Mention, MentionKind, TimexType};
use crate::model::{ArticleId, Block, BlockKind};

/// One temporal expression of one article, in article char offsets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleMention {
    pub article: ArticleId,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: MentionKind,
    pub timex_type: TimexType,
    /// TIMEX3 value (`2024-06-19`, `2024-06`, `2024-W25`, `P3D`, `PAST_REF`, `2024-06-19TEV`); `None` when
    /// unresolved.
    pub value: Option<String>,
    /// The last period of a range.
    pub end_value: Option<String>,
    pub granularity: Option<Granularity>,
    /// `explicit`, `publication_date`, `another_expression` or `unresolved`.
    pub how: String,
    pub why: String,
    pub block: BlockKind,
    /// In a byline: whether the date is the publication or the modification date.
    pub role: Option<BylineRole>,
    /// The sentence holding the expression, in article char offsets, and its text.
    pub sentence: Range<usize>,
    pub sentence_text: String,
}

impl ArticleMention {
    fn new(
        article: &ArticleId,
        base: usize,
        block: BlockKind,
        m: &Mention,
        role: Option<BylineRole>,
        sentence: Range<usize>,
        sentence_text: String,
    ) -> Self {
        ArticleMention {
            article: article.clone(),
            start: base + m.start,
            end: base + m.end,
            text: m.text.clone(),
            kind: m.kind,
            timex_type: m.timex_type(),
            value: m.timex_value(),
            end_value: m.until.map(|u| u.to_timex()),
            granularity: m.value.map(|v| v.granularity()),
            how: m.resolution.how().to_owned(),
            why: m.resolution.why(),
            block,
            role,
            sentence: base + sentence.start..base + sentence.end,
            sentence_text,
        }
    }

    /// The row as JSON: the field names `khabar dates --json` prints.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "article": self.article.0,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.timex_type.as_str(),
            "value": self.value,
            "end_value": self.end_value,
            "granularity": self.granularity.map(|g| format!("{g:?}").to_lowercase()),
            "kind": format!("{:?}", self.kind),
            "resolution": {"how": self.how, "why": self.why},
            "block": self.block.key(),
            "role": self.role.map(BylineRole::as_str),
            "sentence": {"start": self.sentence.start, "end": self.sentence.end, "text": self.sentence_text},
        })
    }
}

/// Every temporal expression of an article's title, byline, heading and body blocks (boilerplate is left out: its
/// dates belong to other pages). `reference` is the publication date.
pub fn article_mentions(
    id: &ArticleId,
    reference: Option<chrono::NaiveDate>,
    full_text: &str,
    blocks: &[Block],
) -> Vec<ArticleMention> {
    let mut out = Vec::new();
    for (block, bytes) in blocks
        .iter()
        .zip(super::events::block_byte_ranges(full_text, blocks))
    {
        if block.kind == BlockKind::Boilerplate {
            continue;
        }
        let text = &full_text[bytes];
        let base = block.content.start;
        let sentences = sentence_spans(text);
        let chars: Vec<char> = text.chars().collect();
        let sentence_of = |start: usize| {
            let s = sentences
                .iter()
                .find(|s| s.start <= start && start < s.end.max(s.start + 1))
                .cloned()
                .unwrap_or(0..chars.len());
            let t: String = chars[s.clone()].iter().collect();
            (s, t)
        };
        if block.kind == BlockKind::Byline {
            // Bylines state dates in full; their role (published, modified) comes from the cue before each.
            let roles = byline_dates(text);
            for m in tag(text, reference) {
                let role = roles
                    .iter()
                    .find(|(_, _, r)| r.start == m.start)
                    .map(|(role, _, _)| *role);
                let (s, t) = sentence_of(m.start);
                out.push(ArticleMention::new(id, base, block.kind, &m, role, s, t));
            }
            continue;
        }
        for m in tag(text, reference) {
            let (s, t) = sentence_of(m.start);
            out.push(ArticleMention::new(id, base, block.kind, &m, None, s, t));
        }
    }
    out
}
