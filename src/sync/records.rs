//! What is shared: every record a user changes, as a kind, a stable key and named fields (JSON values). Codes are
//! shared by UUID (their integer ids are local to each copy); annotations name their codes by those UUIDs. Article
//! texts never change and are shared once, apart from these records.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};
use uuid::Uuid;

use super::merge::RecordState;
use crate::annotate::decision::Decision;
use crate::annotate::{Annotation, Code, CodeId, Record};
use crate::model::{ArticleId, ArticleMeta, Block};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Code,
    Annotation,
    Block,
    Meta,
    Decision,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Code,
        Kind::Annotation,
        Kind::Block,
        Kind::Meta,
        Kind::Decision,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Code => "code",
            Kind::Annotation => "annotation",
            Kind::Block => "block",
            Kind::Meta => "meta",
            Kind::Decision => "decision",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The mapping between a copy's integer code ids and the codes' shared UUIDs.
pub trait CodeIds {
    /// The UUID of a local code (one is made for a code that has none yet).
    fn uuid_of(&mut self, id: CodeId) -> Uuid;
    /// The local id of a shared code (one is reserved for a code not yet seen here).
    fn id_of(&mut self, uuid: Uuid) -> CodeId;
}

/// A record's kind and key.
pub fn identify(r: &Record, ids: &mut dyn CodeIds) -> (Kind, String) {
    match r {
        Record::Annotation(a) => (Kind::Annotation, a.id.to_string()),
        Record::Code(c) => (Kind::Code, ids.uuid_of(c.id).to_string()),
        Record::Block { article, index, .. } => (Kind::Block, format!("{article}/{index}")),
        Record::Meta(m) => (Kind::Meta, m.id.to_string()),
        Record::Decision(d) => (Kind::Decision, d.candidate.as_str().to_owned()),
    }
}

fn time(t: &chrono::DateTime<chrono::Utc>) -> Value {
    Value::from(t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

/// A record's shared fields (the tombstone apart).
pub fn fields_of(r: &Record, ids: &mut dyn CodeIds) -> BTreeMap<String, Value> {
    let obj = match r {
        Record::Annotation(a) => json!({
            "article": a.article.as_str(),
            "start": a.start,
            "end": a.end,
            "quote": a.quote,
            "codes": a.codes.iter().map(|c| ids.uuid_of(*c).to_string()).collect::<Vec<_>>(),
            "note": a.note,
            "creator": a.creator,
            "created": time(&a.created),
            "modified": time(&a.modified),
        }),
        Record::Code(c) => json!({
            "name": c.name,
            "color": crate::store::hex_color(c.color),
            "parent": c.parent.map(|p| ids.uuid_of(p).to_string()),
            "shortcut": c.shortcut,
            "is_event": c.is_event,
            "position": c.position,
        }),
        Record::Block { block, .. } => json!({
            "kind": block.kind,
            "reason": block.reason,
            "user_set": block.user_set,
        }),
        Record::Meta(m) => json!({
            "title": m.title,
            "source": m.source,
            "url": m.url,
            "published": m.published.map(|d| d.to_string()),
        }),
        Record::Decision(d) => {
            let mut v = serde_json::to_value(d).unwrap_or(Value::Null);
            if let Value::Object(o) = &mut v {
                o.remove("candidate");
            }
            v
        }
    };
    match obj {
        Value::Object(o) => o.into_iter().collect(),
        _ => BTreeMap::new(),
    }
}

/// The fields an update changed.
pub fn diff(
    before: &BTreeMap<String, Value>,
    after: &BTreeMap<String, Value>,
) -> BTreeMap<String, Value> {
    after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The record a merged state stands for, or `None` when it is deleted or incomplete (a field missing or of the
/// wrong type: the state came from another copy, so it is checked like any input). `base` is the local record of
/// the same key, which supplies what is not shared (a block's range, an article's origin and length).
pub fn materialize(
    kind: Kind,
    key: &str,
    state: &RecordState,
    base: Option<&Record>,
    ids: &mut dyn CodeIds,
) -> Option<Record> {
    if state.is_deleted() {
        return None;
    }
    let s = |f: &str| state.get(f).and_then(Value::as_str).map(str::to_owned);
    let opt_s = |f: &str| match state.get(f) {
        Some(Value::String(v)) => Some(Some(v.clone())),
        Some(Value::Null) | None => Some(None),
        _ => None,
    };
    let n = |f: &str| state.get(f).and_then(Value::as_u64);
    let t = |f: &str| s(f).and_then(|v| v.parse::<chrono::DateTime<chrono::Utc>>().ok());
    match kind {
        Kind::Annotation => {
            let codes = match state.get("codes")? {
                Value::Array(a) => a
                    .iter()
                    .map(|c| c.as_str().and_then(|c| Uuid::parse_str(c).ok()))
                    .collect::<Option<Vec<Uuid>>>()?
                    .into_iter()
                    .map(|u| ids.id_of(u))
                    .collect(),
                _ => return None,
            };
            let start = usize::try_from(n("start")?).ok()?;
            let end = usize::try_from(n("end")?).ok()?;
            (start <= end).then_some(())?;
            Some(Record::Annotation(Annotation {
                id: Uuid::parse_str(key).ok()?,
                article: ArticleId(s("article")?),
                start,
                end,
                quote: s("quote")?,
                codes,
                note: s("note")?,
                creator: s("creator")?,
                created: t("created")?,
                modified: t("modified")?,
            }))
        }
        Kind::Code => {
            let uuid = Uuid::parse_str(key).ok()?;
            let parent = match opt_s("parent")? {
                Some(p) => Some(ids.id_of(Uuid::parse_str(&p).ok()?)),
                None => None,
            };
            let shortcut = match state.get("shortcut") {
                Some(Value::Number(k)) => Some(u8::try_from(k.as_u64()?).ok()?),
                _ => None,
            };
            Some(Record::Code(Code {
                id: ids.id_of(uuid),
                name: s("name")?,
                color: crate::store::parse_hex_color(&s("color")?)?,
                parent,
                shortcut,
                is_event: state.get("is_event")?.as_bool()?,
                position: state.get("position")?.as_i64()?,
            }))
        }
        Kind::Block => {
            let Some(Record::Block {
                article,
                index,
                block,
            }) = base
            else {
                return None;
            };
            let block = Block {
                kind: serde_json::from_value(state.get("kind")?.clone()).ok()?,
                reason: s("reason")?,
                user_set: state.get("user_set")?.as_bool()?,
                ..block.clone()
            };
            Some(Record::Block {
                article: article.clone(),
                index: *index,
                block,
            })
        }
        Kind::Meta => {
            let Some(Record::Meta(m)) = base else {
                return None;
            };
            let published = match opt_s("published")? {
                Some(d) => Some(chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()?),
                None => None,
            };
            Some(Record::Meta(ArticleMeta {
                title: s("title")?,
                source: opt_s("source")?,
                url: opt_s("url")?,
                published,
                ..m.clone()
            }))
        }
        Kind::Decision => {
            let mut o: Map<String, Value> = state
                .fields
                .iter()
                .filter(|(k, _)| k.as_str() != super::merge::DELETED)
                .map(|(k, v)| (k.clone(), v.value.clone()))
                .collect();
            o.insert("candidate".to_owned(), Value::from(key));
            let d: Decision = serde_json::from_value(Value::Object(o)).ok()?;
            Some(Record::Decision(d))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::hlc::Hlc;
    use std::collections::HashMap;

    #[derive(Default)]
    struct Ids(HashMap<CodeId, Uuid>);
    impl CodeIds for Ids {
        fn uuid_of(&mut self, id: CodeId) -> Uuid {
            *self.0.entry(id).or_insert_with(Uuid::new_v4)
        }
        fn id_of(&mut self, uuid: Uuid) -> CodeId {
            if let Some((id, _)) = self.0.iter().find(|(_, u)| **u == uuid) {
                return *id;
            }
            let id = self.0.keys().max().copied().unwrap_or(0) + 1;
            self.0.insert(id, uuid);
            id
        }
    }

    #[test]
    fn an_annotation_and_a_code_survive_the_round_trip() {
        let mut ids = Ids::default();
        let code = crate::annotate::default_codebook().remove(2);
        let a = Annotation {
            id: Uuid::new_v4(),
            article: ArticleId("abc".into()),
            start: 3,
            end: 9,
            quote: "पुतिन".into(),
            codes: vec![code.id],
            note: "n".into(),
            creator: "alice".into(),
            created: "2026-01-02T03:04:05.678Z".parse().unwrap(),
            modified: "2026-01-02T03:04:05.678Z".parse().unwrap(),
        };
        for r in [Record::Code(code.clone()), Record::Annotation(a)] {
            let (kind, key) = identify(&r, &mut ids);
            let mut st = RecordState::default();
            st.merge(&Hlc::new(1, 0, "x"), "alice", &fields_of(&r, &mut ids));
            assert_eq!(materialize(kind, &key, &st, None, &mut ids), Some(r));
        }
    }

    #[test]
    fn a_damaged_state_is_no_record() {
        let mut ids = Ids::default();
        let mut st = RecordState::default();
        let f = BTreeMap::from([
            ("article".to_owned(), Value::from("a")),
            ("start".to_owned(), Value::from(9)),
            ("end".to_owned(), Value::from(3)),
        ]);
        st.merge(&Hlc::new(1, 0, "x"), "x", &f);
        let key = Uuid::new_v4().to_string();
        assert_eq!(
            materialize(Kind::Annotation, &key, &st, None, &mut ids),
            None
        );
    }
}
