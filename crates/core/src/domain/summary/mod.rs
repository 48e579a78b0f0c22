//! The week summary a fractional CTO sends each client on Friday: built by a pure function of one
//! client's data, rendered as Markdown or serialised as JSON (the shape below is the contract).

use super::decision::{Brief, Status};
use super::matrix::{self, ItemStatus, Quadrant};
use super::text::clean_line;
use super::{fmt_hours, Client, Decision, Entry, IsoWeek, Item, Lane};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod markdown;
mod rationale;
mod status;

use rationale::rationale;

pub use status::WeekStatusRecord;

pub use markdown::{escape, is_item, item_keys, left_out_lines, markdown_to_html, mentions, other_names, without_items, wrote};

/// The version of the JSON shape; raised only when a field changes meaning or goes away.
pub const FORMAT: u32 = 1;

/// How many decisions due for revisit the Markdown lists (the oldest first); JSON has them all.
pub const DUE_SHOWN: usize = 15;

/// What a summary is read for. Markdown (and the HTML made from it) lists the first
/// [`DUE_SHOWN`] decisions due for revisit and counts the rest, so only those are read; JSON has
/// them all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    Markdown,
    Json,
}

impl Shown {
    /// How many decisions due for revisit to read (the soonest first); none: all.
    pub fn revisits_listed(self) -> Option<usize> {
        match self {
            Shown::Markdown => Some(DUE_SHOWN),
            Shown::Json => None,
        }
    }
}

/// How much a summary says: `team` is the whole week with each decision's rationale; `exec` is
/// about ten lines for a CEO (status, key decisions, hours, next week's top three).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Exec,
    #[default]
    Team,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "exec" => Some(Level::Exec),
            "team" => Some(Level::Team),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Level::Exec => "exec",
            Level::Team => "team",
        }
    }

    pub fn other(self) -> Level {
        match self {
            Level::Exec => Level::Team,
            Level::Team => Level::Exec,
        }
    }
}

/// The week at a glance, set by the user per client and week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl Rag {
    pub const ALL: [Rag; 3] = [Rag::Green, Rag::Amber, Rag::Red];

    pub fn key(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }

    pub fn parse(s: &str) -> Option<Rag> {
        Rag::ALL.into_iter().find(|r| r.key() == s.trim().to_ascii_lowercase())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekStatus {
    pub rag: Rag,
    /// One line: why.
    pub reason: String,
}

impl WeekStatus {
    /// As stored and said: `amber: hiring slipped two weeks`, `green` without a reason.
    pub fn to_text(&self) -> String {
        match clean_line(&self.reason) {
            r if r.is_empty() => self.rag.key().to_string(),
            r => format!("{}: {r}", self.rag.key()),
        }
    }

    pub fn from_text(s: &str) -> Option<WeekStatus> {
        let (rag, reason) = s.split_once(':').unwrap_or((s, ""));
        Some(WeekStatus { rag: Rag::parse(rag)?, reason: clean_line(reason) })
    }
}

/// How many decisions and priorities the exec level shows.
pub const EXEC_TOP: usize = 3;

/// One client's week. Every list is in the order it is shown; empty lists are left out of the
/// Markdown but kept (empty) in JSON, so a reader always finds every key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekSummary {
    pub format: u32,
    #[serde(default)]
    pub level: Level,
    pub client: String,
    /// `2026-W47`
    pub week: IsoWeek,
    /// Monday and Sunday of the week.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day revisit dates are compared with: today, or the week's Sunday for a past week.
    pub as_of: NaiveDate,
    /// Green, amber or red, with a reason, when the user set one for this week.
    #[serde(default)]
    pub status: Option<WeekStatus>,
    /// Private records are in it: the user's own copy, never one for the client.
    #[serde(default)]
    pub includes_private: bool,
    pub hours: Hours,
    /// Decisions dated in this week, by number.
    pub decisions: Vec<DecisionLine>,
    /// Lanes with anything in them, Monday to Friday.
    pub lanes: Vec<LaneLines>,
    /// Open and in-progress items in the Do-now quadrant (of those made by the week's end),
    /// best bet first.
    pub do_now: Vec<Priority>,
    /// Proposed or accepted decisions whose revisit date has come, oldest first.
    pub due_for_revisit: Vec<DecisionLine>,
    /// How many more are due than `due_for_revisit` holds: none when the summary was read for
    /// JSON (see [`Shown`]).
    #[serde(skip)]
    pub due_unlisted: usize,
    /// Risks opened, re-scored or closed in this week, highest score first.
    #[serde(default)]
    pub risks: Vec<RiskLine>,
    /// The user's open actions due by this week's end (those due before it too), soonest first
    /// (team level): not done in the week they were due.
    #[serde(default)]
    pub actions_still_open: Vec<ActionLine>,
    /// The user's open actions due in the week after this one, soonest first (team level).
    #[serde(default)]
    pub actions_next_week: Vec<ActionLine>,
    /// What others owe: open actions someone else owns (made by the week's end), soonest due
    /// first (team level).
    #[serde(default)]
    pub owed: Vec<ActionLine>,
}

/// An open action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionLine {
    /// `A-12`
    pub code: String,
    pub title: String,
    /// Who owes it; none for the user.
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
}

/// A risk that changed in the week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskLine {
    pub title: String,
    /// `opened`, `re-scored` or `closed`.
    pub change: String,
    pub likelihood: u8,
    pub impact: u8,
    pub score: u8,
    pub level: String,
    /// Likelihood and impact at the start of the week, when re-scored.
    pub from: Option<(u8, u8)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hours {
    /// The retainer in hours per week, when the engagement is sold by the hour.
    pub retainer_per_week: Option<f64>,
    /// Hours logged in this week, when time is tracked.
    pub logged: Option<f64>,
    /// A monthly retainer: the month of `as_of`, from its first day to `as_of`.
    #[serde(default)]
    pub month: Option<MonthHours>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthHours {
    /// `2026-11`
    pub month: String,
    pub retainer: f64,
    /// Hours carried into the month from the one before (`--rollover one-month`).
    #[serde(default)]
    pub carried: f64,
    pub logged: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionLine {
    pub number: u32,
    /// `D-007`
    pub code: String,
    pub title: String,
    pub status: Status,
    pub date: NaiveDate,
    pub one_way: bool,
    pub revisit: Option<NaiveDate>,
    /// Why: the decision's Decision text, else the first sentence of its Context (team level).
    #[serde(default)]
    pub rationale: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaneLines {
    pub lane: Lane,
    pub title: String,
    pub done: Vec<String>,
    pub open: Vec<String>,
    /// Which of `open` (their places in it, from 0) were carried into the next week: they are
    /// not left undone here.
    #[serde(default)]
    pub carried: Vec<usize>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Priority {
    pub title: String,
    pub impact: u8,
    pub effort: u8,
    pub status: ItemStatus,
}

/// What a summary is built from. Rows of any other client are ignored, so a summary cannot carry
/// another client's data even if a caller passes it some.
pub struct Source<'a> {
    pub client: &'a Client,
    pub week: IsoWeek,
    pub today: NaiveDate,
    pub entries: &'a [Entry],
    /// Decisions dated in the week, whole (the summary gives their rationale).
    pub decisions: &'a [Decision],
    /// Open decisions with a revisit date up to the day the summary is as of, briefly: all of
    /// them, or the first (see [`Shown`]).
    pub revisits: &'a [Brief],
    /// How many of them there are in all.
    pub revisits_due: usize,
    pub items: &'a [Item],
    pub logged_hours: Option<f64>,
    /// Month-to-date hours, for a monthly retainer.
    pub month_hours: Option<MonthHours>,
    pub status: Option<WeekStatus>,
    /// Private records too (only to stdout or a file the user names, never to the clipboard).
    pub include_private: bool,
    /// The client's risks and their re-scorings, and the week's first and last instants (for when
    /// they were opened and re-scored).
    pub risks: &'a [super::Risk],
    pub risk_scores: &'a [super::RiskScore],
    pub span: (super::Timestamp, super::Timestamp),
    /// The client's open actions.
    pub actions: &'a [super::Action],
    /// The week's tasks carried into the next week (the ids their copies were carried from).
    pub carried_on: &'a [super::Id],
}

pub fn build(src: &Source) -> WeekSummary {
    let client_id = src.client.id;
    let week = src.week;
    let as_of = src.today.min(week.sunday());
    let shown = |private: bool| src.include_private || !private;
    let mut made: Vec<&Decision> =
        src.decisions.iter().filter(|d| d.client_id == client_id && shown(d.private) && week.contains(d.date)).collect();
    made.sort_by_key(|d| d.number);
    let mut due: Vec<&Brief> =
        src.revisits.iter().filter(|d| d.client_id == client_id && shown(d.private) && d.due_for_revisit(as_of)).collect();
    due.sort_by_key(|d| (d.revisit, d.number));

    let mut entries: Vec<&Entry> = src.entries.iter().filter(|e| e.client_id == client_id && e.week == week && shown(e.private)).collect();
    entries.sort_by_key(|e| (e.lane, e.position));
    let lanes = Lane::ALL
        .into_iter()
        .map(|lane| {
            let in_lane = || entries.iter().filter(move |e| e.lane == lane);
            let texts = |keep: fn(&Entry) -> bool| in_lane().filter(|e| keep(e)).map(|e| clean_line(&e.text)).collect();
            let open = || in_lane().filter(|e| e.is_task() && !e.is_done());
            LaneLines {
                lane,
                title: lane.title().to_string(),
                done: texts(|e| e.is_task() && e.is_done()),
                open: texts(|e| e.is_task() && !e.is_done()),
                carried: open().enumerate().filter(|(_, e)| src.carried_on.contains(&e.id)).map(|(i, _)| i).collect(),
                notes: texts(|e| !e.is_task()),
            }
        })
        .filter(|l| !(l.done.is_empty() && l.open.is_empty() && l.notes.is_empty()))
        .collect();

    let mut do_now: Vec<&Item> = src
        .items
        .iter()
        .filter(|i| i.client_id == client_id && shown(i.private) && i.status.is_active() && i.quadrant() == Quadrant::DoNow)
        .filter(|i| i.created_at < src.span.1)
        .collect();
    do_now.sort_by(|a, b| matrix::rank(a, b));

    WeekSummary {
        format: FORMAT,
        level: Level::Team,
        client: clean_line(&src.client.name),
        week,
        from: week.monday(),
        to: week.sunday(),
        as_of,
        status: src.status.clone(),
        includes_private: src.include_private,
        hours: Hours { retainer_per_week: src.client.hours_per_week, logged: src.logged_hours, month: src.month_hours.clone() },
        decisions: made.into_iter().map(|d| DecisionLine { rationale: rationale(d), ..line(&Brief::from(d)) }).collect(),
        lanes,
        do_now: do_now
            .into_iter()
            .map(|i| Priority { title: clean_line(&i.title), impact: i.impact.get(), effort: i.effort.get(), status: i.status })
            .collect(),
        due_unlisted: src.revisits_due.saturating_sub(due.len()),
        due_for_revisit: due.into_iter().map(line).collect(),
        risks: risk_lines(src),
        actions_still_open: action_lines(src, |a| a.is_mine() && a.due.is_some_and(|d| d <= week.sunday())),
        actions_next_week: action_lines(src, |a| a.is_mine() && a.due.is_some_and(|d| week.next().contains(d))),
        owed: action_lines(src, super::Action::is_waiting),
    }
}

/// The client's open actions that `keep` keeps (private ones only when asked for, and none made
/// after the week: a past week's summary is not told of them), soonest due first.
fn action_lines(src: &Source, keep: impl Fn(&super::Action) -> bool) -> Vec<ActionLine> {
    let mut kept: Vec<&super::Action> = src
        .actions
        .iter()
        .filter(|a| a.client_id == src.client.id && a.is_open() && (src.include_private || !a.private) && keep(a))
        .filter(|a| a.created_at < src.span.1)
        .collect();
    kept.sort_by(|a, b| super::action::list_order(a, b));
    kept.into_iter()
        .map(|a| ActionLine {
            code: a.code(),
            title: clean_line(&a.title),
            owner: (!a.is_mine()).then(|| clean_line(&a.owner)),
            due: a.due,
        })
        .collect()
}

/// The client's risks that were opened, re-scored or closed within the week (a risk closed
/// in the week is "closed", else one created in it "opened").
fn risk_lines(src: &Source) -> Vec<RiskLine> {
    let within = |t: super::Timestamp| src.span.0 <= t && t < src.span.1;
    let closed_in_week = |r: &super::Risk| r.is_closed() && r.closed_on.is_some_and(|d| src.week.contains(d));
    let mut out: Vec<RiskLine> = src
        .risks
        .iter()
        .filter(|r| r.client_id == src.client.id && (src.include_private || !r.private))
        .filter_map(|r| {
            let first_move = src.risk_scores.iter().filter(|s| s.risk_id == r.id && within(s.at)).min_by_key(|s| s.at);
            let change = if closed_in_week(r) {
                "closed"
            } else if within(r.created_at) {
                "opened"
            } else if first_move.is_some() {
                "re-scored"
            } else {
                return None;
            };
            let cell = r.cell();
            Some(RiskLine {
                title: clean_line(&r.title),
                change: change.to_string(),
                likelihood: r.likelihood.get(),
                impact: r.impact.get(),
                score: cell.score,
                level: cell.level.label().to_string(),
                from: first_move.filter(|_| change == "re-scored").map(|s| (s.from.0.get(), s.from.1.get())),
            })
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.title.cmp(&b.title)));
    out
}

fn line(d: &Brief) -> DecisionLine {
    DecisionLine {
        number: d.number,
        code: d.code(),
        title: clean_line(&d.title),
        status: d.status,
        date: d.date,
        one_way: d.is_one_way(),
        revisit: d.revisit,
        rationale: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_left_alone() {
        assert_eq!(escape("Move bookings to Postgres (v16), R&D and snake_case"), "Move bookings to Postgres (v16), R&D and snake_case");
    }

    #[test]
    fn markup_and_block_starts_are_escaped() {
        assert_eq!(escape("*bold* _it_ `code` [link](x) <b>"), r"\*bold\* \_it\_ \`code\` \[link\](x) \<b>");
        assert_eq!(escape("# not a heading"), r"\# not a heading");
        assert_eq!(escape("- not nested"), r"\- not nested");
        assert_eq!(escape("2026. not a list"), r"2026\. not a list");
        assert_eq!(escape("&amp; stays"), r"\&amp; stays");
    }

    #[test]
    fn leaving_items_out_drops_their_empty_sections() {
        let md = "# T\n\n## Decisions this week\n\n- **D-001** A — accepted\n  Why: because\n\n## The week by lane\n\n### Mon · Architecture\n\n- [x] one\n\n### Tue · Building\n\n- two\n";
        assert_eq!(without_items(md, &[]), md);
        let key = |line: usize| item_keys(md)[line].clone().unwrap();
        let (decision, one, two) = (key(4), key(11), key(15));
        let out = without_items(md, &[decision.clone(), one.clone()]);
        assert_eq!(out, "# T\n\n## The week by lane\n\n### Tue · Building\n\n- two\n");
        let out = without_items(md, &[two, one.clone()]);
        assert_eq!(out, "# T\n\n## Decisions this week\n\n- **D-001** A — accepted\n  Why: because\n");
        // The same words under another heading are another item, and so are they twice under
        // one; the exec level's heading of the same items is the team level's.
        let twice = md.replace("- two", "- [x] one");
        assert_eq!(without_items(&twice, &[one]), "# T\n\n## Decisions this week\n\n- **D-001** A — accepted\n  Why: because\n\n## The week by lane\n\n### Tue · Building\n\n- [x] one\n");
        let same_lane = "# T\n\n### Mon\n\n- a\n- a\n";
        let second = item_keys(same_lane)[5].clone().unwrap();
        assert_eq!(without_items(same_lane, &[second]), "# T\n\n### Mon\n\n- a\n");
        let exec = "# T\n\n## Key decisions\n\n- **D-001** A — accepted\n\n## Risks\n\n- **D-001** A — accepted\n";
        assert_eq!(without_items(exec, &[decision]), "# T\n\n## Risks\n\n- **D-001** A — accepted\n");
        assert!(is_item("12. Twelve") && !is_item("## H") && !is_item("2026\\. escaped"));
    }

    #[test]
    fn other_clients_are_found_as_whole_words() {
        let others = vec!["Northwind Logistics".to_string(), "Helix".to_string()];
        assert_eq!(mentions("Met the northwind logistics team", &others), vec!["Northwind Logistics"]);
        assert!(mentions("Helixes and helix-like", &others) == vec!["Helix"]);
        assert!(mentions("Helixes only", &others).is_empty());
        for spelled in ["the Northwind-Logistics repo", "#northwind_logistics", "NorthwindLogistics API"] {
            assert_eq!(mentions(spelled, &others), vec!["Northwind Logistics"], "{spelled}");
        }
        // Read as the Markdown shows it; a hyphenated name, in any of its spellings.
        let others = vec!["C# Guild".to_string(), "Gamma-Ray".to_string()];
        assert_eq!(mentions(&escape("Met the C# Guild folks"), &others), vec!["C# Guild"]);
        for spelled in ["gamma ray burst", "GammaRay sync", "gamma_ray"] {
            assert_eq!(mentions(spelled, &others), vec!["Gamma-Ray"], "{spelled}");
        }
        let others = vec!["株式会社テスト".to_string()];
        assert_eq!(mentions("株式会社テストと会議", &others), others);
    }

    /// Another client is named as people name it, by the first word of its name; not by a
    /// short word, nor one of this client's own name.
    #[test]
    fn another_client_is_found_by_the_first_word_of_its_name() {
        let now = chrono::Utc::now();
        let client = |n: u128, name: &str| {
            crate::domain::Client::new(crate::domain::Id::from_u128(n), name, crate::domain::Shape::Advisory, None, now.date_naive(), now)
                .unwrap()
        };
        let all = [client(1, "Acme Hospitality"), client(2, "Brightleaf Hotels"), client(3, "The Co"), client(4, "Acme Labs")];
        let others = other_names(&all, all[0].id);
        assert_eq!(others, ["Brightleaf Hotels", "Brightleaf", "The Co", "Acme Labs"]);
        assert_eq!(mentions("Same SSO approach as at Brightleaf", &others), ["Brightleaf"]);
        assert!(mentions("Acme's own roadmap", &others).is_empty());
        assert_eq!(mentions("Brightleaf Hotels, as Brightleaf says", &others), ["Brightleaf Hotels"]);
    }

    #[test]
    fn escape_sequences_never_survive() {
        assert_eq!(escape("Pay \u{1b}[31mvendor\u{1b}[0m\u{7}"), "Pay vendor");
    }
}
