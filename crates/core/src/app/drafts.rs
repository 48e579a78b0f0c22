//! Text typed into a capture line, a prompt or a form and left with Esc (or a window closed on
//! it). A draft belongs to the client and the prompt it was typed in, comes back only there, and
//! is kept across restarts (a setting per client and prompt: one draft each).

use crate::domain::Id;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DraftKind {
    /// `d`: the decision capture line.
    Capture,
    /// `n` on the Week screen: a new note or task.
    Entry,
    /// `m`: a meeting's form, notes and all (as JSON).
    Meeting,
    /// Any other form's fields typed into (see `form_drafts`).
    Form,
    /// `a` on People: a point for a person's next 1:1 (kept with the person's id, see [`keyed`]).
    Point,
    /// `r` in the summary preview: the reason for the week's status (kept with its week).
    Reason,
}

impl DraftKind {
    pub const ALL: [DraftKind; 6] =
        [DraftKind::Capture, DraftKind::Entry, DraftKind::Meeting, DraftKind::Form, DraftKind::Point, DraftKind::Reason];

    fn name(self) -> &'static str {
        match self {
            DraftKind::Capture => "capture",
            DraftKind::Entry => "entry",
            DraftKind::Meeting => "meeting",
            DraftKind::Form => "form",
            DraftKind::Point => "point",
            DraftKind::Reason => "reason",
        }
    }

    /// The setting that keeps this prompt's draft for `client`.
    pub fn setting(self, client: Id) -> String {
        format!("draft.{}.{client}", self.name())
    }

    /// The prompt and client a setting keeps a draft for.
    pub fn of_setting(key: &str) -> Option<(DraftKind, Id)> {
        let (name, client) = key.strip_prefix("draft.")?.split_once('.')?;
        let kind = DraftKind::ALL.into_iter().find(|k| k.name() == name)?;
        Some((kind, client.parse().ok()?))
    }
}

/// A new entry's draft as kept: the lane it was typed for (and ` task` when it was switched to
/// a task), a new line, its text (a draft kept by an earlier version is its text alone). Kept
/// with its lane, it comes back in that lane: one typed in a lane private by default is never
/// offered in a shared one.
pub fn entry_draft(lane: crate::domain::Lane, task: bool, text: &str) -> String {
    keyed(&format!("{}{}", lane.key(), if task { " task" } else { "" }), text)
}

/// A new entry's draft as typed: its lane (when kept with it), whether it is a task, and its
/// text.
pub fn read_entry_draft(kept: &str) -> (Option<crate::domain::Lane>, bool, &str) {
    let (key, text) = read_keyed(kept);
    let (lane, task) = match key.map(|k| k.split_once(' ').unwrap_or((k, ""))) {
        Some((lane, kind)) => (lane.parse().ok(), kind == "task"),
        None => (None, false),
    };
    (lane, task, text)
}

/// A draft kept with what it was typed for (a lane, a person, a week): that key, a new line,
/// the text; nothing when the text is blank.
pub fn keyed(key: &str, text: &str) -> String {
    match text.trim().is_empty() {
        true => String::new(),
        false => format!("{key}\n{text}"),
    }
}

/// A draft as [`keyed`] keeps it: its key (none in a draft kept by an earlier version) and its
/// text.
pub fn read_keyed(kept: &str) -> (Option<&str>, &str) {
    match kept.split_once('\n') {
        Some((key, text)) => (Some(key), text),
        None => (None, kept),
    }
}

/// The text of the draft kept of `kind` for `key`, if there is one.
pub fn kept_for<'a>(app: &'a super::App, kind: DraftKind, key: &str) -> Option<&'a str> {
    match read_keyed(app.draft(kind)) {
        (Some(k), text) if k == key => Some(text),
        _ => None,
    }
}

/// Says that a prompt opens on a draft kept from before (`draft` not blank), and how to start
/// afresh: what is typed next would otherwise run into text the user did not see coming back.
pub fn say_back(app: &mut super::App, draft: &str) {
    if !draft.trim().is_empty() {
        app.info(app.keymap.say(crate::commands::Scope::Text, "The draft left here is back: {text_kill_to_start} clears it"));
    }
}

#[derive(Debug, Clone, Default)]
pub struct Drafts(HashMap<(DraftKind, Id), String>);

impl Drafts {
    pub fn get(&self, kind: DraftKind, client: Id) -> &str {
        self.0.get(&(kind, client)).map_or("", String::as_str)
    }

    /// Every draft held: its prompt, its client and its text.
    pub fn all(&self) -> impl Iterator<Item = (DraftKind, Id, &str)> {
        self.0.iter().map(|((kind, client), text)| (*kind, *client, text.as_str()))
    }

    /// Keeps `text` (or forgets the draft when it is blank).
    pub fn set(&mut self, kind: DraftKind, client: Id, text: &str) {
        if text.trim().is_empty() {
            self.0.remove(&(kind, client));
        } else {
            self.0.insert((kind, client), text.to_string());
        }
    }
}
