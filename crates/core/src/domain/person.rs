//! People of a client's team and its candidates: role, team, how to reach them, goals, the
//! running agenda of their next 1:1 and the 1:1s held (private by default); a candidate's stage.

use super::{Choice, Id, Timestamp};
use chrono::NaiveDate;

/// Where a candidate is in hiring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Stage {
    Sourced,
    Screen,
    Technical,
    Offer,
    Hired,
    Declined,
}

impl Choice for Stage {
    const WHAT: &'static str = "hiring stage";
    const ALL: &'static [Self] = &[Stage::Sourced, Stage::Screen, Stage::Technical, Stage::Offer, Stage::Hired, Stage::Declined];
    fn key(self) -> &'static str {
        match self {
            Stage::Sourced => "sourced",
            Stage::Screen => "screen",
            Stage::Technical => "technical",
            Stage::Offer => "offer",
            Stage::Hired => "hired",
            Stage::Declined => "declined",
        }
    }
}
crate::choice_serde!(Stage);

impl Stage {
    /// The next stage (or the one before), within sourced … hired; declined is set, not stepped.
    pub fn step(self, forward: bool) -> Stage {
        let order = [Stage::Sourced, Stage::Screen, Stage::Technical, Stage::Offer, Stage::Hired];
        let i = order.iter().position(|s| *s == self).unwrap_or(0);
        if forward {
            order[(i + 1).min(order.len() - 1)]
        } else {
            order[i.saturating_sub(1)]
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpeningStatus {
    Open,
    OnHold,
    Filled,
    Closed,
}

impl Choice for OpeningStatus {
    const WHAT: &'static str = "opening status";
    const ALL: &'static [Self] = &[OpeningStatus::Open, OpeningStatus::OnHold, OpeningStatus::Filled, OpeningStatus::Closed];
    fn key(self) -> &'static str {
        match self {
            OpeningStatus::Open => "open",
            OpeningStatus::OnHold => "on-hold",
            OpeningStatus::Filled => "filled",
            OpeningStatus::Closed => "closed",
        }
    }
}
crate::choice_serde!(OpeningStatus);

/// A role being hired for: its candidates are the people whose role it is and who have a stage.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Opening {
    pub id: Id,
    pub client_id: Id,
    pub role: String,
    pub status: OpeningStatus,
    /// The decision to hire for it.
    pub decision_id: Option<Id>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(Opening, "opening", |o, zone| format!("the opening '{}'", o.role));

impl Opening {
    pub fn new(id: Id, client_id: Id, role: &str, now: Timestamp) -> Opening {
        Opening {
            id,
            client_id,
            role: super::text::clean_line(role),
            status: OpeningStatus::Open,
            decision_id: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// Whether a person is one of its candidates.
    pub fn has(&self, p: &Person) -> bool {
        p.stage.is_some() && p.role.eq_ignore_ascii_case(&self.role)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GoalStatus {
    Open,
    OnTrack,
    AtRisk,
    Done,
    Dropped,
}

impl Choice for GoalStatus {
    const WHAT: &'static str = "goal status";
    const ALL: &'static [Self] = &[GoalStatus::Open, GoalStatus::OnTrack, GoalStatus::AtRisk, GoalStatus::Done, GoalStatus::Dropped];
    fn key(self) -> &'static str {
        match self {
            GoalStatus::Open => "open",
            GoalStatus::OnTrack => "on-track",
            GoalStatus::AtRisk => "at-risk",
            GoalStatus::Done => "done",
            GoalStatus::Dropped => "dropped",
        }
    }
}
crate::choice_serde!(GoalStatus);

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Goal {
    pub text: String,
    pub status: GoalStatus,
}

/// Goals written one to a line, `status: text` (`on-track: Ship the billing rewrite`); a line
/// without a known status is an open goal, as typed.
pub fn parse_goals(text: &str) -> Vec<Goal> {
    text.lines()
        .map(super::text::clean_line)
        .filter(|l| !l.is_empty())
        .map(|l| match l.split_once(':').and_then(|(s, rest)| GoalStatus::parse(s).ok().map(|s| (s, rest.trim().to_string()))) {
            Some((status, text)) if !text.is_empty() => Goal { text, status },
            _ => Goal { text: l, status: GoalStatus::Open },
        })
        .collect()
}

/// Goals as [`parse_goals`] reads them.
pub fn goals_text(goals: &[Goal]) -> String {
    goals.iter().map(|g| format!("{}: {}", g.status.key(), g.text)).collect::<Vec<_>>().join("\n")
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Person {
    pub id: Id,
    pub client_id: Id,
    pub name: String,
    pub role: String,
    pub team: String,
    /// Email, Slack handle, phone: how to reach them.
    pub contact: String,
    /// A candidate's stage; none for a member of the team.
    pub stage: Option<Stage>,
    /// The decision to hire for the role a candidate is for.
    pub hiring_decision: Option<Id>,
    /// Points for the next 1:1, in the order added.
    pub agenda: Vec<String>,
    pub goals: Vec<Goal>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(Person, "person", |p, zone| format!("'{}'", p.name));

impl Person {
    pub fn new(id: Id, client_id: Id, name: &str, now: Timestamp) -> Person {
        Person {
            id,
            client_id,
            name: super::text::clean_line(name),
            role: String::new(),
            team: String::new(),
            contact: String::new(),
            stage: None,
            hiring_decision: None,
            agenda: Vec::new(),
            goals: Vec::new(),
            created_at: now,
            updated_at: now,
        }
    }

    /// On the team: not a candidate, or one hired.
    pub fn is_member(&self) -> bool {
        matches!(self.stage, None | Some(Stage::Hired))
    }
}

/// A 1:1 held: its day, its notes (for the user alone unless marked otherwise) and the agenda
/// points discussed in it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OneOnOne {
    pub id: Id,
    pub client_id: Id,
    pub person_id: Id,
    pub on: NaiveDate,
    pub notes: String,
    pub discussed: Vec<String>,
    pub private: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(OneOnOne, "1:1", |o, zone| format!("the 1:1 of {}", o.on));

/// What the notes of a 1:1 say about its agenda, written as a checklist: `- [x] point` was
/// discussed, `- [ ] point` was not and carries over to the next 1:1 (a new one is added to it);
/// every other line is a note.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Held {
    pub discussed: Vec<String>,
    /// The agenda of the next 1:1: the points not discussed, then the new ones, in order.
    pub carried: Vec<String>,
}

/// The checklist a 1:1 starts from: the open points, one `- [ ]` line each.
pub fn checklist(agenda: &[String]) -> String {
    agenda.iter().map(|p| format!("- [ ] {p}")).collect::<Vec<_>>().join("\n")
}

/// Reads a 1:1's notes against the agenda it started from. A point of the agenda whose line was
/// removed stays on it: only a tick says it was discussed (a point ticked anywhere in the notes
/// is discussed, even if its unticked line is still there).
pub fn held(agenda: &[String], notes: &str) -> Held {
    let mut out = Held::default();
    let mut seen: Vec<String> = Vec::new();
    let ticked = |point: &str| {
        notes.lines().filter_map(super::text::task_item).any(|(done, r)| done && super::text::clean_line(r).eq_ignore_ascii_case(point))
    };
    for line in notes.lines() {
        let Some((done, rest)) = super::text::task_item(line) else { continue };
        let point = super::text::clean_line(rest);
        if point.is_empty() || seen.iter().any(|s| s.eq_ignore_ascii_case(&point)) {
            continue;
        }
        seen.push(point.clone());
        if done || ticked(&point) {
            out.discussed.push(point);
        } else {
            out.carried.push(point);
        }
    }
    // A point whose line went is still to be discussed, in front of what is new; unless a new
    // line is that point retyped (most of its words): then the new wording takes its place.
    let on_agenda = |p: &str| agenda.iter().any(|a| a.eq_ignore_ascii_case(p));
    let mut kept = Vec::new();
    for p in agenda.iter().filter(|p| !seen.iter().any(|s| s.eq_ignore_ascii_case(p))) {
        let retyped = out.carried.iter().any(|n| !on_agenda(n) && super::text::likeness(p, n) >= 0.5)
            || out.discussed.iter().any(|n| !on_agenda(n) && super::text::likeness(p, n) >= 0.5);
        if !retyped {
            kept.push(p.clone());
        }
    }
    out.carried.splice(0..0, kept);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn points_not_ticked_carry_over() {
        let agenda = v(&["Promotion case", "On-call load", "Conference budget"]);
        let notes = format!("{}\nTalked about the team.", checklist(&agenda))
            .replace("- [ ] Promotion case", "- [x] Promotion case")
            .replace("- [ ] Conference budget\n", "")
            + "\n- [ ] Follow up on the offsite";
        let h = held(&agenda, &notes);
        assert_eq!(h.discussed, v(&["Promotion case"]));
        assert_eq!(h.carried, v(&["Conference budget", "On-call load", "Follow up on the offsite"]));
    }

    #[test]
    fn a_point_retyped_in_the_checklist_replaces_it() {
        let agenda = v(&["On-call load", "Promotion case"]);
        let h = held(&agenda, "- [ ] On-call load (reduce it)\n- [ ] Promotion case");
        assert_eq!(h.carried, v(&["On-call load (reduce it)", "Promotion case"]));
        // A new point that is not like the one whose line went leaves it on the agenda.
        let h = held(&agenda, "- [ ] Offsite budget\n- [x] Promotion case");
        assert_eq!((h.carried, h.discussed), (v(&["On-call load", "Offsite budget"]), v(&["Promotion case"])));
    }

    #[test]
    fn stages_step_and_goals_read_back() {
        assert_eq!(Stage::Sourced.step(true), Stage::Screen);
        assert_eq!(Stage::Hired.step(true), Stage::Hired);
        assert_eq!(Stage::Declined.step(false), Stage::Sourced);
        let goals = parse_goals("on-track: Ship billing\nLead the Q1 migration\n\nnonsense: still a goal");
        assert_eq!(goals[0], Goal { text: "Ship billing".into(), status: GoalStatus::OnTrack });
        assert_eq!(goals[1].status, GoalStatus::Open);
        assert_eq!(goals[2].text, "nonsense: still a goal");
        assert_eq!(parse_goals(&goals_text(&goals)), goals);
    }
}
