//! The merge of concurrent edits, field by field: each field of a record keeps the value with the latest stamp
//! (last writer wins; the stamp's replica breaks ties), and every value that loses is kept in the record's history.
//! A deletion is the field [`DELETED`] set to true (a tombstone); every edit sets it to false with its own stamp, so
//! whichever of "delete" and "edit" came last wins, and nothing either wrote is dropped.
//!
//! The merge is a join: applying changes in any order, any number of times, gives the same record and history.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::hlc::Hlc;

/// The tombstone field.
pub const DELETED: &str = "_deleted";

/// A field's current value, its stamp and who wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped {
    pub value: Value,
    pub hlc: Hlc,
    pub by: String,
}

/// A record's fields as merged so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordState {
    pub fields: BTreeMap<String, Stamped>,
}

/// A value that lost: the field it was written to, with its stamp and author (the record's history).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Lost {
    pub field: String,
    pub hlc: Hlc,
    pub by: String,
    pub value: String,
}

/// Which of two writes to one field wins: the later stamp; equal stamps (the same write seen twice, or a damaged
/// copy) are ordered by the value's text so every copy picks the same one.
fn wins(a: &Stamped, b: &Stamped) -> bool {
    (&a.hlc, a.value.to_string()) > (&b.hlc, b.value.to_string())
}

impl RecordState {
    /// Merge one change (fields written together with one stamp); returns the values that lost.
    pub fn merge(&mut self, hlc: &Hlc, by: &str, fields: &BTreeMap<String, Value>) -> Vec<Lost> {
        let mut lost = Vec::new();
        for (name, value) in fields {
            let incoming = Stamped {
                value: value.clone(),
                hlc: hlc.clone(),
                by: by.to_owned(),
            };
            match self.fields.get_mut(name) {
                None => {
                    self.fields.insert(name.clone(), incoming);
                }
                Some(current) if *current == incoming => {}
                Some(current) => {
                    let loser = if wins(&incoming, current) {
                        std::mem::replace(current, incoming)
                    } else {
                        incoming
                    };
                    lost.push(Lost {
                        field: name.clone(),
                        hlc: loser.hlc,
                        by: loser.by,
                        value: loser.value.to_string(),
                    });
                }
            }
        }
        lost
    }

    pub fn is_deleted(&self) -> bool {
        self.fields
            .get(DELETED)
            .is_some_and(|s| s.value == Value::Bool(true))
    }

    pub fn get(&self, field: &str) -> Option<&Value> {
        self.fields.get(field).map(|s| &s.value)
    }

    /// The latest stamp of any field (when the record last changed).
    pub fn latest(&self) -> Option<&Hlc> {
        self.fields.values().map(|s| &s.hlc).max()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    type Change = (Hlc, String, BTreeMap<String, Value>);

    fn change() -> impl Strategy<Value = Change> {
        (
            0u64..6,
            0u32..2,
            prop::sample::select(vec!["a", "b", "c"]),
            prop::collection::btree_map(
                prop::sample::select(vec!["note", "codes", DELETED]),
                prop_oneof![
                    any::<bool>().prop_map(Value::Bool),
                    (0i64..4).prop_map(Value::from),
                    "[a-c]{0,2}".prop_map(Value::from)
                ],
                1..3,
            ),
        )
            .prop_map(|(m, c, r, f)| {
                let f = f.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
                (Hlc::new(m, c, r), r.to_owned(), f)
            })
    }

    /// The record and the whole history (every value ever written is either current or lost).
    fn run(changes: &[Change]) -> (RecordState, BTreeSet<Lost>) {
        let mut s = RecordState::default();
        let mut lost = BTreeSet::new();
        for (h, by, f) in changes {
            lost.extend(s.merge(h, by, f));
        }
        (s, lost)
    }

    /// Changes as real replicas make them: one stamp is never reused for different values.
    fn distinct(changes: Vec<Change>) -> Vec<Change> {
        let mut seen = BTreeSet::new();
        changes
            .into_iter()
            .filter(|(h, _, _)| seen.insert(h.clone()))
            .collect()
    }

    proptest! {
        #[test]
        fn merge_is_order_independent_and_idempotent(
            changes in prop::collection::vec(change(), 0..8).prop_map(distinct),
            seed in any::<u64>(),
        ) {
            let (a, lost_a) = run(&changes);
            let mut shuffled = changes.clone();
            // A deterministic shuffle from the seed.
            let mut x = seed | 1;
            for i in (1..shuffled.len()).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                shuffled.swap(i, (x % (i as u64 + 1)) as usize);
            }
            // Every change delivered twice (a retry after a crash).
            let twice: Vec<Change> = shuffled.iter().chain(changes.iter()).cloned().collect();
            let (b, lost_b) = run(&twice);
            prop_assert_eq!(&a, &b);
            prop_assert_eq!(&lost_a, &lost_b);
            // Nothing is lost: every value written is the current one or in the history.
            for (h, _, f) in &changes {
                for (name, v) in f {
                    let current = a.fields.get(name).is_some_and(|s| &s.hlc == h && &s.value == v);
                    let text = v.to_string();
                    let in_history = lost_a.iter().any(|l| &l.field == name && &l.hlc == h && l.value == text);
                    prop_assert!(current || in_history, "{} = {} at {} vanished", name, v, h);
                }
            }
        }
    }

    #[test]
    fn the_later_edit_wins_and_the_earlier_is_history() {
        let mut s = RecordState::default();
        let f = |v: &str| BTreeMap::from([("note".to_owned(), Value::from(v))]);
        assert!(s.merge(&Hlc::new(2, 0, "b"), "bob", &f("late")).is_empty());
        let lost = s.merge(&Hlc::new(1, 0, "a"), "alice", &f("early"));
        assert_eq!(s.get("note"), Some(&Value::from("late")));
        assert_eq!(lost.len(), 1);
        assert_eq!(lost[0].value, "\"early\"");
        assert_eq!(lost[0].by, "alice");
    }
}
