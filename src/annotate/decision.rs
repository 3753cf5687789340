//! The user's decisions about timeline events, as stored: the record types the store and the edit model need.
//! How candidates and events are found and built lives in `crate::timeline`, above this layer.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EventCategory {
    MeetingVisit,
    TreatyAgreement,
    MessageLetter,
    MilitaryTroops,
    WarConflict,
    Sanctions,
    Other,
}

impl EventCategory {
    pub const ALL: [EventCategory; 7] = [
        EventCategory::MeetingVisit,
        EventCategory::TreatyAgreement,
        EventCategory::MessageLetter,
        EventCategory::MilitaryTroops,
        EventCategory::WarConflict,
        EventCategory::Sanctions,
        EventCategory::Other,
    ];

    /// English label for display.
    pub fn label(&self) -> &'static str {
        match self {
            EventCategory::MeetingVisit => "Meeting / visit",
            EventCategory::TreatyAgreement => "Treaty / agreement",
            EventCategory::MessageLetter => "Message / letter",
            EventCategory::MilitaryTroops => "Military / troops",
            EventCategory::WarConflict => "War / conflict",
            EventCategory::Sanctions => "Sanctions",
            EventCategory::Other => "Other",
        }
    }

    /// Stable machine key.
    pub fn key(&self) -> &'static str {
        match self {
            EventCategory::MeetingVisit => "meeting_visit",
            EventCategory::TreatyAgreement => "treaty_agreement",
            EventCategory::MessageLetter => "message_letter",
            EventCategory::MilitaryTroops => "military_troops",
            EventCategory::WarConflict => "war_conflict",
            EventCategory::Sanctions => "sanctions",
            EventCategory::Other => "other",
        }
    }

    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.key() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Candidate,
    Accepted,
    Rejected,
}

/// The user's decision about one candidate. Event-level decisions are written to every member candidate.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub candidate: CandidateId,
    pub status: Option<Status>,
    pub label: Option<String>,
    pub category: Option<EventCategory>,
    /// Manual grouping: candidates with the same group form one event (merge); a unique group splits one out.
    pub group: Option<Group>,
}

/// String newtypes for ids: stored and serialised exactly as the plain strings they wrap.
macro_rules! string_id {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                Self(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }
    };
}

string_id! {
    /// A date candidate of the tagger: the article id and the mention's char offset (`"{article}:{offset}"`).
    CandidateId
}

string_id! {
    /// A timeline event: its first member candidate's id, or `"annotation:{uuid}"` for an annotation's event.
    EventId
}

string_id! {
    /// A manual grouping of candidates: the same group forms one event. `"split:{candidate}"` takes a candidate
    /// out on its own; `"merge:{event}"` gathers the members of two events.
    Group
}

impl CandidateId {
    pub fn new(article: impl std::fmt::Display, offset: usize) -> Self {
        Self(format!("{article}:{offset}"))
    }
}

impl EventId {
    /// The event of an annotation with an event code.
    pub fn annotation(id: impl std::fmt::Display) -> Self {
        Self(format!("annotation:{id}"))
    }
}

impl From<CandidateId> for EventId {
    fn from(c: CandidateId) -> Self {
        Self(c.0)
    }
}

impl Group {
    /// The group that takes one candidate out of its event.
    pub fn split_out(candidate: &CandidateId) -> Self {
        Self(format!("split:{candidate}"))
    }

    /// The group that merges an event (which has no group yet) with another.
    pub fn merged_into(event: &EventId) -> Self {
        Self(format!("merge:{event}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stored decisions (the `data` column of `event_decisions`) keep the JSON they had when ids were plain strings.
    #[test]
    fn typed_ids_store_as_plain_strings() {
        let stored = r#"{"candidate":"a1b2:17","status":"accepted","label":null,"category":"MeetingVisit","group":"split:a1b2:17"}"#;
        let candidate = CandidateId::new("a1b2", 17);
        let d = Decision {
            candidate: candidate.clone(),
            status: Some(Status::Accepted),
            label: None,
            category: Some(EventCategory::MeetingVisit),
            group: Some(Group::split_out(&candidate)),
        };
        assert_eq!(serde_json::to_string(&d).unwrap(), stored);
        assert_eq!(serde_json::from_str::<Decision>(stored).unwrap(), d);
        let merged = Group::merged_into(&EventId::from(candidate));
        assert_eq!(
            serde_json::to_string(&merged).unwrap(),
            r#""merge:a1b2:17""#
        );
        assert_eq!(
            serde_json::to_string(&EventId::annotation("u-1")).unwrap(),
            r#""annotation:u-1""#
        );
    }
}
