//! Meetings: where decisions, actions and risks come from. A meeting keeps its notes as typed
//! and the records its lines became (see `meeting_notes` for the line syntax).

use super::{Choice, Id, Lane, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MeetingKind {
    Leadership,
    OneOnOne,
    Standup,
    Vendor,
    Board,
    Other,
}

impl Choice for MeetingKind {
    const WHAT: &'static str = "meeting kind";
    const ALL: &'static [Self] = &[
        MeetingKind::Leadership,
        MeetingKind::OneOnOne,
        MeetingKind::Standup,
        MeetingKind::Vendor,
        MeetingKind::Board,
        MeetingKind::Other,
    ];
    fn key(self) -> &'static str {
        match self {
            MeetingKind::Leadership => "leadership",
            MeetingKind::OneOnOne => "1on1",
            MeetingKind::Standup => "standup",
            MeetingKind::Vendor => "vendor",
            MeetingKind::Board => "board",
            MeetingKind::Other => "other",
        }
    }
    fn label(self) -> &'static str {
        match self {
            MeetingKind::Leadership => "Leadership sync",
            MeetingKind::OneOnOne => "1:1",
            MeetingKind::Standup => "Standup",
            MeetingKind::Vendor => "Vendor call",
            MeetingKind::Board => "Board prep",
            MeetingKind::Other => "Other",
        }
    }
    fn parse(s: &str) -> Result<Self, super::ChoiceError> {
        // `1:1`, `one-on-one` and the labels are understood as well as the keys.
        let k = s.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        let alias = match k.as_str() {
            "1:1" | "1-1" | "one-on-one" | "oneonone" => Some(MeetingKind::OneOnOne),
            "leadership-sync" => Some(MeetingKind::Leadership),
            "vendor-call" => Some(MeetingKind::Vendor),
            "board-prep" => Some(MeetingKind::Board),
            _ => None,
        };
        alias.map(Ok).unwrap_or_else(|| {
            Self::ALL.iter().copied().find(|c| c.key() == k).ok_or_else(|| super::ChoiceError {
                what: Self::WHAT,
                given: s.to_string(),
                accepted: Self::ALL.iter().map(|c| c.key()).collect::<Vec<_>>().join(", "),
            })
        })
    }
}
crate::choice_serde!(MeetingKind);

impl MeetingKind {
    /// The lane a meeting of this kind is timed on; none for other meetings (the lane of the
    /// day is used).
    pub fn lane(self) -> Option<Lane> {
        match self {
            MeetingKind::Leadership | MeetingKind::Board => Some(Lane::Strategy),
            MeetingKind::OneOnOne | MeetingKind::Standup => Some(Lane::Team),
            MeetingKind::Vendor => Some(Lane::Infra),
            MeetingKind::Other => None,
        }
    }
}

/// What kind of record a line of the notes became.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    Decision,
    Action,
    Risk,
}

/// A record that came out of the meeting, and the line of the notes it came from (as last
/// stored): reopening the meeting links that line to the record instead of making another.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    pub kind: OutcomeKind,
    pub id: Id,
    pub line: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Meeting {
    pub id: Id,
    pub client_id: Id,
    pub title: String,
    pub kind: MeetingKind,
    pub start: Timestamp,
    /// When it closed; none for one recorded after the fact without an end.
    pub end: Option<Timestamp>,
    pub attendees: Vec<String>,
    /// As typed, every line: recognised ones too.
    pub notes: String,
    /// The notes are for the user alone unless marked otherwise.
    pub private: bool,
    pub outcomes: Vec<Outcome>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(Meeting, "meeting", |m, zone| format!("meeting '{}'", m.title));

impl Meeting {
    pub fn new(id: Id, client_id: Id, kind: MeetingKind, start: Timestamp, now: Timestamp) -> Meeting {
        Meeting {
            id,
            client_id,
            title: kind.label().to_string(),
            kind,
            start,
            end: None,
            attendees: Vec::new(),
            notes: String::new(),
            private: true,
            outcomes: Vec::new(),
            created_at: now,
            updated_at: now,
        }
    }

    /// Whether a record came out of it.
    pub fn produced(&self, id: Id) -> bool {
        self.outcomes.iter().any(|o| o.id == id)
    }

    /// `Leadership sync, 2026-12-02`: how a record made in it names it (wherever the record
    /// goes, so a private meeting is named by its kind, not its title).
    pub fn provenance(&self, zone: &super::Zone) -> String {
        let name = if self.private { self.kind.label() } else { self.title.as_str() };
        format!("{name}, {}", self.start.with_timezone(zone).date_naive())
    }
}

/// Attendees typed as `Ana, Marco; Lee`: trimmed, blanks and repeats left out, in order.
pub fn clean_attendees<I: IntoIterator<Item = S>, S: AsRef<str>>(typed: I) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in typed {
        for name in part.as_ref().split([',', ';', '\n']) {
            let name = super::text::clean_line(name);
            if !name.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
                out.push(name);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_typed_as_keys_or_labels() {
        assert_eq!(MeetingKind::parse("1:1"), Ok(MeetingKind::OneOnOne));
        assert_eq!(MeetingKind::parse("Leadership sync"), Ok(MeetingKind::Leadership));
        assert_eq!(MeetingKind::parse("board"), Ok(MeetingKind::Board));
        assert!(MeetingKind::parse("party").unwrap_err().to_string().contains("leadership, 1on1"));
        assert_eq!(MeetingKind::OneOnOne.lane(), Some(Lane::Team));
    }

    #[test]
    fn attendees_are_cleaned() {
        assert_eq!(clean_attendees(["Ana, Marco;  lee ,, ana"]), vec!["Ana", "Marco", "lee"]);
    }
}
