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
    pub candidate: String,
    pub status: Option<Status>,
    pub label: Option<String>,
    pub category: Option<EventCategory>,
    /// Manual grouping: candidates with the same group form one event (merge); a unique group splits one out.
    pub group: Option<String>,
}
