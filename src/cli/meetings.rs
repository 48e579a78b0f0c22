//! `cockpit meeting add|show|edit|delete`, `cockpit meetings`, `cockpit action
//! add|done|drop|show|edit|delete` and `cockpit actions`.

use super::records::{self, Named};
use super::{resolve_client, ActionAddArgs, ActionEditArgs, Clock, MeetingAddArgs, MeetingEditArgs, Numbered};
use crate::domain::meeting::{clean_attendees, OutcomeKind};
use crate::domain::meeting_notes;
use crate::domain::*;
use crate::storage::{ActionQuery, Store};
use anyhow::{anyhow, bail, Context, Result};
use std::io::Read;

/// The most notes a meeting takes from a file: a long meeting is a few kilobytes.
const NOTES_LIMIT: u64 = 1024 * 1024;

fn read_notes(path: &str) -> Result<String> {
    let mut bytes = Vec::new();
    let taken = if path == "-" {
        std::io::stdin().lock().take(NOTES_LIMIT + 1).read_to_end(&mut bytes)
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("--notes-file: cannot read {path}"))?;
        file.take(NOTES_LIMIT + 1).read_to_end(&mut bytes)
    };
    taken.with_context(|| format!("--notes-file: cannot read {path}"))?;
    if bytes.len() as u64 > NOTES_LIMIT {
        bail!("--notes-file: {path} is over {} KiB; meeting notes are kept whole in the database, so split it", NOTES_LIMIT / 1024);
    }
    let text = String::from_utf8(bytes).map_err(|_| anyhow!("--notes-file: {path} is not UTF-8 text"))?;
    // A byte-order mark (as some editors write) is not part of the first line.
    Ok(text::clean_text(text.strip_prefix('\u{feff}').unwrap_or(&text)))
}

/// A due date as the notes write it (`fri`, `+3d`, `2026-12-10`).
fn due_arg(s: &str, today: chrono::NaiveDate) -> Result<chrono::NaiveDate> {
    let typed = s.trim().trim_start_matches('^');
    meeting_notes::due_date(typed, today).ok_or_else(|| match chrono::NaiveDate::parse_from_str(typed, "%Y-%m-%d") {
        Ok(_) => anyhow!("--due: Cockpit's calendar runs from 1970 to 9999"),
        Err(_) => anyhow!(
            "--due: '{s}' is not a date: write YYYY-MM-DD, fri, tomorrow, +3d or 2w (up to 1000 days, weeks, months or years ahead)"
        ),
    })
}

pub fn add_meeting(store: &mut Store, clock: &Clock, a: MeetingAddArgs) -> Result<()> {
    let client = resolve_client(store, &a.client)?;
    let (today, now) = (clock.today(), clock.now());
    let kind = match &a.kind {
        Some(k) => MeetingKind::parse(k)?,
        None => MeetingKind::Other,
    };
    let start = match &a.at {
        Some(at) => time::parse_time(&chrono::Local, at, today, now).map_err(|e| anyhow!("--at: {e}"))?,
        None => now,
    };
    let mut m = Meeting::new(crate::storage::new_id(), client.id, kind, start, now);
    m.title = text::clean_line(&a.title);
    m.attendees = clean_attendees(a.attendees.iter());
    m.private = !a.shared;
    if let Some(path) = &a.notes_file {
        m.notes = read_notes(path)?;
    }
    for (n, raw) in m.notes.split('\n').enumerate() {
        if let Some(w) = meeting_notes::warning(raw, today) {
            eprintln!("cockpit: line {}: {w}", n + 1);
        }
    }
    let change = crate::ops::meetings::store(None, m, Default::default(), &mut crate::storage::new_id, today, now)?
        .expect("a new meeting is always stored");
    let applied = store.apply_at(&change, now)?;
    let mut made: Vec<String> = Vec::new();
    for e in &applied.edits {
        match &e.after {
            Some(Record::Decision(d)) => made.push(d.code()),
            Some(Record::Action(x)) => made.push(x.code()),
            Some(Record::Risk(r)) => made.push(format!("risk '{}'", r.title)),
            _ => {}
        }
    }
    // (The first ten named, the rest counted: notes of hundreds of lines make hundreds.)
    let more = made.len().saturating_sub(10);
    made.truncate(10);
    if more > 0 {
        made.push(format!("and {more} more"));
    }
    let made = if made.is_empty() { String::new() } else { format!(": {}", made.join(", ")) };
    println!("{} ({}){made}", applied.label, client.name);
    Ok(())
}

/// A meeting as `--json` gives it: a private meeting's notes (for the user alone, as 1:1 notes
/// are), and the lines of them that made its records, only when `include_private`.
fn meeting_json(m: &Meeting, include_private: bool) -> Result<serde_json::Value> {
    let mut v = serde_json::to_value(m)?;
    if let Some(o) = v.as_object_mut().filter(|_| m.private && !include_private) {
        o.remove("notes");
        for outcome in o.get_mut("outcomes").and_then(|x| x.as_array_mut()).into_iter().flatten() {
            outcome.as_object_mut().map(|x| x.remove("line"));
        }
    }
    Ok(v)
}

pub fn list_meetings(store: &Store, client: &Option<String>, json: bool, include_private: bool) -> Result<()> {
    let client = resolve_client(store, client)?;
    let meetings = store.meetings(Some(client.id))?;
    if json {
        let out = meetings.iter().map(|m| meeting_json(m, include_private)).collect::<Result<Vec<_>>>()?;
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    if meetings.is_empty() {
        println!("{}: no meetings (cockpit meeting add TITLE --notes-file FILE, or m in the app)", client.name);
    }
    for m in &meetings {
        let n = |k| m.outcomes.iter().filter(|o| o.kind == k).count();
        let (d, a, r) = (n(OutcomeKind::Decision), n(OutcomeKind::Action), n(OutcomeKind::Risk));
        let when = m.start.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M");
        let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        println!("{when}  {:<16} {}  ({}, {}, {})", m.kind.label(), m.title, count(d, "decision"), count(a, "action"), count(r, "risk"));
    }
    Ok(())
}

pub fn add_action(store: &mut Store, clock: &Clock, a: ActionAddArgs) -> Result<()> {
    let client = resolve_client(store, &a.client)?;
    let mut action = Action::new(crate::storage::new_id(), client.id, &a.title, clock.now());
    if let Some(o) = a.owner.as_deref().filter(|o| !action::is_me(o)) {
        action.owner = text::clean_line(o.trim_start_matches('@'));
    }
    if let Some(d) = &a.due {
        action.due = Some(due_arg(d, clock.today())?);
    }
    action.private = a.private;
    let applied = store.apply(&crate::ops::actions::add(action)?)?;
    let Some(made) = applied.edits.iter().find_map(|e| if let Some(Record::Action(x)) = &e.after { Some(x) } else { None }) else {
        bail!("the action was not stored")
    };
    let private = if made.private { ", private" } else { "" };
    println!("{} as {} ({}{private})", applied.label, made.code(), client.name);
    Ok(())
}

/// `A-12`, `a12` or `12`, and nothing else.
fn action_numbered(store: &Store, typed: &str) -> Result<Action> {
    let t = typed.trim();
    let digits = t.strip_prefix(['A', 'a']).map_or(t, |rest| rest.strip_prefix('-').unwrap_or(rest));
    let number: u32 = Some(digits)
        .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| anyhow!("'{typed}' is not an action number (A-12 or 12)"))?;
    store.action(number)?.ok_or_else(|| anyhow!("there is no {} (cockpit actions --all lists them)", action::code(number)))
}

pub fn set_status(store: &mut Store, clock: &Clock, typed: &str, status: ActionStatus) -> Result<()> {
    let a = action_numbered(store, typed)?;
    match crate::ops::actions::set_status(&a, status, clock.today()) {
        Some(change) => println!("{}", store.apply(&change)?.label),
        None => println!("{} is already {}", a.code(), status.key()),
    }
    Ok(())
}

pub fn list_actions(store: &Store, clock: &Clock, q: ActionsQuery) -> Result<()> {
    let client = q.client.as_ref().map(|_| resolve_client(store, &q.client)).transpose()?;
    let clients = store.clients(true)?;
    let active = |id: Id| clients.iter().any(|c| c.id == id && !c.archived);
    let actions: Vec<Action> = store
        .actions(&ActionQuery { client: client.as_ref().map(|c| c.id), owner: q.owner.as_deref(), all: q.all })?
        .into_iter()
        .filter(|a| client.is_some() || active(a.client_id))
        .collect();
    if q.json {
        println!("{}", serde_json::to_string_pretty(&actions.iter().map(|a| ActionJson::of(a, &clients)).collect::<Vec<_>>())?);
        return Ok(());
    }
    if actions.is_empty() {
        println!("No actions (cockpit action add TITLE --owner NAME --due DATE)");
    }
    let today = clock.today();
    for a in &actions {
        let due = match a.due {
            Some(d) if a.is_overdue(today) => {
                let late = usize::try_from((today - d).num_days()).unwrap_or(0);
                format!("{d} ({} late)", crate::domain::text::counted(late, "day", "days"))
            }
            Some(d) => d.to_string(),
            None => "-".into(),
        };
        let owner = if a.is_mine() { "me".to_string() } else { a.owner.clone() };
        let client = clients.iter().find(|c| c.id == a.client_id).map(|c| c.name.as_str()).unwrap_or("");
        let private = super::output::private(a.private);
        let owner = super::output::pad(&owner, 12);
        println!("{:<6} {:<8} {:<28} {owner} {}  [{client}]{private}", a.code(), a.state(), due, a.title);
    }
    Ok(())
}

/// What `cockpit actions` lists.
pub struct ActionsQuery {
    pub client: Option<String>,
    pub owner: Option<String>,
    pub all: bool,
    pub json: bool,
}

/// An action as `--json` gives it: with its code, client and state spelt out.
#[derive(serde::Serialize)]
struct ActionJson<'a> {
    code: String,
    client: String,
    state: &'static str,
    #[serde(flatten)]
    action: &'a Action,
}

impl<'a> ActionJson<'a> {
    fn of(a: &'a Action, clients: &[Client]) -> ActionJson<'a> {
        let client = clients.iter().find(|c| c.id == a.client_id).map(|c| c.name.clone()).unwrap_or_default();
        ActionJson { code: a.code(), client, state: a.state(), action: a }
    }
}

impl records::Listed for Meeting {
    const PLURAL: &'static str = "meetings";
    const LIST: &'static str = "meetings";
    fn json(&self) -> Result<serde_json::Value> {
        meeting_json(self, false)
    }
    fn all(store: &Store, client: &Client) -> Result<Vec<Meeting>> {
        Ok(store.meetings(Some(client.id))?)
    }
    fn name(&self, _: &Zone) -> String {
        self.title.clone()
    }
    fn context(&self, zone: &Zone) -> String {
        self.start.with_timezone(zone).format("%Y-%m-%d %H:%M").to_string()
    }
}

impl records::Listed for Action {
    const PLURAL: &'static str = "actions";
    const LIST: &'static str = "actions --all";
    fn all(store: &Store, client: &Client) -> Result<Vec<Action>> {
        Ok(store.actions(&ActionQuery { client: Some(client.id), owner: None, all: true })?)
    }
    fn name(&self, _: &Zone) -> String {
        self.title.clone()
    }
}

pub fn show_meeting(store: &Store, clock: &Clock, n: &Named, include_private: bool) -> Result<()> {
    let (m, client) = records::named::<Meeting>(store, clock, n)?;
    let when = m.start.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M");
    let heading = format!("{}  ({}, {when})", m.title, m.kind.label());
    // (In words, the notes are said to be there.)
    let mut shown = meeting_json(&m, include_private)?;
    if m.private && !include_private && !m.notes.is_empty() && !n.json {
        shown.as_object_mut().map(|o| o.insert("notes".into(), "(private: --include-private shows them)".into()));
    }
    let outcomes = if n.json || m.outcomes.is_empty() { String::new() } else { outcomes_named(store, &m, &client)? };
    records::show(store, &shown, &heading, &client, n.json, &[("outcomes", outcomes)])
}

/// What a meeting made, a line each as the lists name them: `D-670 Use Postgres`, `A-1 Send the
/// shortlist`, `risk 'Vendor lock-in'` (one deleted since: said so).
fn outcomes_named(store: &Store, m: &Meeting, client: &Client) -> Result<String> {
    let decisions = store.decisions_with_ids(client.id, m.outcomes.iter().map(|o| o.id))?;
    let actions = store.actions(&ActionQuery { client: Some(client.id), owner: None, all: true })?;
    let risks = store.risks(Some(client.id))?;
    let lines: Vec<String> = m
        .outcomes
        .iter()
        .map(|o| {
            // (Marked private as the lists mark them.)
            let private = super::output::private;
            let named = match o.kind {
                OutcomeKind::Decision => {
                    decisions.iter().find(|d| d.id == o.id).map(|d| format!("{} {}{}", d.code(), d.title, private(d.private)))
                }
                OutcomeKind::Action => {
                    actions.iter().find(|a| a.id == o.id).map(|a| format!("{} {} ({}){}", a.code(), a.title, a.state(), private(a.private)))
                }
                OutcomeKind::Risk => risks.iter().find(|r| r.id == o.id).map(|r| format!("risk '{}'{}", r.title, private(r.private))),
            };
            format!("- {}", named.unwrap_or_else(|| format!("{} deleted since", kind_name(o.kind))))
        })
        .collect();
    Ok(lines.join("\n"))
}

fn kind_name(k: OutcomeKind) -> &'static str {
    match k {
        OutcomeKind::Decision => "a decision",
        OutcomeKind::Action => "an action",
        OutcomeKind::Risk => "a risk",
    }
}

pub fn edit_meeting(store: &mut Store, clock: &Clock, a: MeetingEditArgs) -> Result<()> {
    let (before, client) = records::named::<Meeting>(store, clock, &a.target)?;
    let (today, now) = (clock.today(), clock.now());
    let mut m = before.clone();
    if let Some(t) = &a.title {
        m.title = text::clean_line(t);
    }
    if let Some(k) = &a.kind {
        m.kind = MeetingKind::parse(k)?;
    }
    if let Some(at) = &a.at {
        let start = time::parse_time(&chrono::Local, at, today, now).map_err(|e| anyhow!("--at: {e}"))?;
        // It keeps its length.
        m.end = m.end.map(|end| end + (start - m.start));
        m.start = start;
    }
    if let Some(attendees) = records::list(&a.attendees) {
        m.attendees = clean_attendees(attendees.iter());
    }
    if let Some(path) = &a.notes_file {
        m.notes = read_notes(path)?;
    }
    if let Some(p) = records::private(a.private, a.shared) {
        m.private = p;
    }
    let (decisions, actions, risks) = (
        store.decisions_with_ids(client.id, m.outcomes.iter().map(|o| o.id))?,
        store.actions(&ActionQuery { client: Some(client.id), owner: None, all: true })?,
        store.risks(Some(client.id))?,
    );
    let held = crate::ops::meetings::Held {
        decisions: &decisions.into_iter().filter(|d| m.produced(d.id)).collect::<Vec<_>>(),
        actions: &actions.into_iter().filter(|x| m.produced(x.id)).collect::<Vec<_>>(),
        risks: &risks.into_iter().filter(|r| m.produced(r.id)).collect::<Vec<_>>(),
        // (A decision that cannot be read stops the command before this.)
        unreadable: &[],
    };
    let change = crate::ops::meetings::store(Some(&before), m, held, &mut crate::storage::new_id, today, now)?;
    records::edited(store, clock, &before, &client, change, a.target.json)
}

/// The action and its client.
fn numbered_with_client(store: &Store, typed: &str) -> Result<(Action, Client)> {
    let a = action_numbered(store, typed)?;
    let client = store.client(a.client_id)?.ok_or_else(|| anyhow!("{} has no client", a.code()))?;
    Ok((a, client))
}

pub fn show_action(store: &Store, n: &Numbered) -> Result<()> {
    let (a, client) = numbered_with_client(store, &n.id)?;
    records::show(store, &a, &format!("{} {}", a.code(), a.title), &client, n.json, &[])
}

pub fn edit_action(store: &mut Store, clock: &Clock, e: ActionEditArgs) -> Result<()> {
    let (before, client) = numbered_with_client(store, &e.target.id)?;
    records::shared_yet_marked(e.shared, &e.title)?;
    let mut a = before.clone();
    if let Some(t) = &e.title {
        a.title = text::clean_line(t);
    }
    if let Some(o) = records::text(&e.owner) {
        a.owner = if action::is_me(o) { String::new() } else { text::clean_line(o.trim_start_matches('@')) };
    }
    if let Some(due) = records::or_none(&e.due, |d| due_arg(d, clock.today()))? {
        a.due = due;
    }
    if let Some(s) = &e.status {
        a = a.with_status(ActionStatus::parse(s)?, clock.today());
    }
    if let Some(p) = records::private(e.private, e.shared) {
        a.private = p;
    }
    let change = crate::ops::actions::edit(&before, a)?;
    records::edited(store, clock, &before, &client, change, e.target.json)
}

pub fn delete_action(store: &mut Store, clock: &Clock, n: &Numbered) -> Result<()> {
    let (a, client) = numbered_with_client(store, &n.id)?;
    records::delete(store, clock, &a, &client, n.json)
}
