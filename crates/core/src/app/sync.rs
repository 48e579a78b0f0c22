//! The Sync view: when this machine last synced with the others, what waits to be sent, and the
//! fields changed on two machines, shown one at a time, each settled with one key.

use super::modal::{Choose, ChoosePurpose, Modal};
use super::{App, Effect};
use crate::domain::Timestamp;

/// Sync as the app shows it (read with the data, when sync is set up).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncState {
    /// Where the change files go: `git URL` or a folder.
    pub place: String,
    pub last: Option<Timestamp>,
    /// Changes made here that wait to be sent.
    pub waiting: u64,
    pub conflicts: Vec<Conflict>,
}

/// A field changed on two machines, neither having seen the other's change, as a person reads
/// it (a span's start and end are one conflict, its time).
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub table: String,
    pub row: String,
    pub column: String,
    /// The kind of record (`time entry`) and the field by the names the screens give them.
    pub record: String,
    pub field: String,
    /// The record as a person knows it (its number and title, or its name).
    pub what: String,
    pub kept: String,
    pub other: String,
    /// Whether the other value was this machine's own (replaced by a later change elsewhere).
    pub from_here: bool,
    /// Where the other value was made: `this machine`, or `machine …9f3c2a1b` (the end of its
    /// device id, as `cockpit sync status` gives it there).
    pub machine: String,
}

/// `sync`: a round now (on another thread), and the view.
pub fn run(app: &mut App) -> Vec<Effect> {
    if app.data.sync.is_none() {
        app.error(
            "Sync is not set up: run cockpit sync init --git URL (or --dir DIR) in a shell, then cockpit sync join on your other machine",
        );
        return vec![];
    }
    show(app);
    vec![Effect::Sync]
}

/// How long ago: `just now`, `4 min ago`, `3 h ago`, `2 d ago`.
pub fn ago(now: Timestamp, then: Timestamp) -> String {
    match (now - then).num_minutes().max(0) {
        0 => "just now".into(),
        m if m < 60 => format!("{m} min ago"),
        m if m < 48 * 60 => format!("{} h ago", m / 60),
        m => format!("{} d ago", m / (24 * 60)),
    }
}

/// Why the last round failed, when it failed after the last round that succeeded (here or by
/// `cockpit sync`).
pub fn failed(app: &App) -> Option<&str> {
    let (at, why) = app.sync_failed.as_ref()?;
    let last = app.data.sync.as_ref().and_then(|s| s.last);
    last.is_none_or(|l| l < *at).then_some(why.as_str())
}

/// The view, with the first conflict if there is one.
pub fn show(app: &mut App) {
    let Some(sync) = &app.data.sync else { return };
    let last = sync.last.map_or_else(|| "never".to_string(), |t| ago(app.now, t));
    let last = match (app.syncing, failed(app)) {
        (true, _) => format!("syncing now… (last: {last})"),
        (false, Some(why)) => format!("last synced: {last}; a round since failed: {why}"),
        (false, None) => format!("last synced: {last}"),
    };
    let mut body = vec![
        format!("With {}; {last}.", sync.place),
        format!(
            "{} change{} wait{} to be sent.",
            sync.waiting,
            if sync.waiting == 1 { "" } else { "s" },
            if sync.waiting == 1 { "s" } else { "" }
        ),
    ];
    let mut options = vec![('s', "sync now".to_string())];
    let conflict = sync.conflicts.first().cloned();
    if let Some(c) = &conflict {
        let n = sync.conflicts.len();
        body.push(String::new());
        body.push(format!("Conflict 1 of {n}: {} {}, its {}, was changed on two machines.", c.record, c.what, c.field));
        let (kept, other) = shown_both(app, &c.kept, &c.other);
        body.push(format!("Kept:  {kept}"));
        let from = if c.from_here { "made on this machine".to_string() } else { format!("from {}", c.machine) };
        body.push(format!("Other: {other} ({from})"));
        options = vec![('o', "take the other".into()), ('k', "keep it".into()), ('s', "sync now".into())];
    } else {
        body.push("No conflicts.".into());
    }
    app.modal = Some(Modal::Choose(Choose {
        title: "Sync".into(),
        body,
        options,
        purpose: ChoosePurpose::Sync { conflict: conflict.map(Box::new) },
    }));
}

/// The kept and the other value as a person reads them (see [`shown`]); when they begin alike
/// for longer than the view shows (a meeting's notes edited far down), each from a little before
/// where they first differ.
fn shown_both(app: &App, kept: &str, other: &str) -> (String, String) {
    let (k, o) = (one_line(kept), one_line(other));
    let alike = k.chars().zip(o.chars()).take_while(|(a, b)| a == b).count();
    if alike < SHOWN {
        return (shown(app, kept), shown(app, other));
    }
    let from = |line: &str| {
        let at = line.char_indices().nth(alike - BEFORE_THE_DIFFERENCE).map_or(line.len(), |(i, _)| i);
        format!("…{}", cut(&line[at..]))
    };
    (from(&k), from(&o))
}

/// A value as a person reads it, on one line: a decision's id as its code and title, long text
/// cut (saying where to read it whole).
fn shown(app: &App, value: &str) -> String {
    if let Some(d) = value.parse::<crate::domain::Id>().ok().and_then(|id| app.data.decisions.iter().find(|d| d.id == id)) {
        return format!("{} {}", d.code(), d.title());
    }
    cut(&one_line(value))
}

/// A value on one line, its white space folded and its line breaks shown (` ⏎ `, an empty line
/// too): a line of a meeting's notes that starts a decision is told from the same words run on.
fn one_line(value: &str) -> String {
    let lines = value.trim_end_matches('\n').lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "));
    lines.collect::<Vec<_>>().join(" ⏎ ")
}

/// A value as the message that it was settled says it: as the view shows it, cut short.
pub fn in_brief(app: &App, value: &str) -> String {
    crate::domain::text::fit(&shown(app, value), IN_BRIEF)
}

/// How much of a value the message that it was settled shows.
const IN_BRIEF: usize = 60;

/// `line` cut to what the view shows, saying where to read it whole.
fn cut(line: &str) -> String {
    match line.char_indices().nth(SHOWN) {
        Some((cut, _)) => {
            let more = line[cut..].chars().count();
            format!("{}… ({more} more characters: cockpit sync conflicts shows it whole)", &line[..cut])
        }
        None => line.to_string(),
    }
}

/// How much of a value in conflict the view shows, and how much of what two values share it
/// shows before where they differ.
const SHOWN: usize = 160;
const BEFORE_THE_DIFFERENCE: usize = 40;

/// A key in the Sync view.
pub fn choose(app: &mut App, conflict: Option<&Conflict>, key: char) -> Vec<Effect> {
    match (conflict, key) {
        (_, 's') => run(app),
        (Some(c), 'o' | 'k') => vec![Effect::SettleConflict { conflict: Box::new(c.clone()), take_other: key == 'o' }],
        _ => vec![],
    }
}
