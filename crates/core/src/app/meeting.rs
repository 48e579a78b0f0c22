//! The meeting editor: a form whose notes are read line by line as they are typed (see
//! `domain::meeting_notes`). Saving stores the meeting and everything recognised as one change.
//! The notes are kept as a draft at every new line and, while changed, at every tick, so a crash
//! loses at most the last moment of typing; the draft comes back with the next `m` in that client.

use super::form::{self, FieldId, Form};
use super::modal::{FormPurpose, Modal};
use super::*;
use crate::domain::meeting::clean_attendees;
use crate::domain::MeetingKind;

/// What the meeting form edits: the meeting as it was when opened (stored, or new), and the
/// stored one when it is being edited again.
#[derive(Debug, Clone, PartialEq)]
pub struct Editing {
    pub meeting: Meeting,
    pub before: Option<Meeting>,
}

const VISIBILITY: [(&str, &str); 2] =
    [("private", "Private: the notes, not what their lines make"), ("shared", "Shared: its title may name it to the client")];
const TIME_IT: [(&str, &str); 2] = [("yes", "Yes: from its start, on its kind's lane"), ("no", "No")];

fn meeting_form(title: String, m: &Meeting, before: Option<&Meeting>, time_it: bool) -> Form<FormPurpose> {
    // A meeting named by its kind shows no title: one typed is the whole title, and without one
    // the kind chosen names it (see `typed`).
    let named = if m.title == m.kind.label() { "" } else { m.title.as_str() };
    let mut fields = vec![
        form::text(FieldId::Title, named),
        form::choice(FieldId::Kind, m.kind),
        form::text(FieldId::Attendees, &m.attendees.join(", ")),
        form::options(FieldId::Visibility, VISIBILITY.to_vec(), usize::from(!m.private)),
    ];
    if before.is_none() {
        fields.push(form::options(FieldId::TimeIt, TIME_IT.to_vec(), usize::from(!time_it)));
    }
    fields.push(form::block(FieldId::Notes, &m.notes));
    let mut f = Form::new(title, FormPurpose::Meeting(Box::new(Editing { meeting: m.clone(), before: before.cloned() })), fields);
    // Straight to the notes, on a line of its own after any already there: the title and kind
    // can wait.
    f.focus = f.fields.len() - 1;
    if !m.notes.is_empty() {
        f.newline();
    }
    f.settled()
}

/// The unsaved meeting kept for the current client, if any.
fn kept_draft(app: &App) -> Option<Meeting> {
    serde_json::from_str::<Meeting>(app.draft(drafts::DraftKind::Meeting)).ok().filter(|m| Some(m.client_id) == app.client)
}

/// `m`: a new meeting in the current client, starting now (or the one left unsaved there).
pub fn open_new(app: &mut App) -> Vec<Effect> {
    let Some(client) = app.need_client() else { return vec![] };
    if let Some(m) = kept_draft(app) {
        let before = app.data.meetings.iter().find(|s| s.id == m.id).cloned();
        let mut f = meeting_form(format!("Meeting: {}", m.title), &m, before.as_ref(), app.data.running.is_none());
        f.carried = true;
        app.modal = Some(Modal::Form(Box::new(f)));
        app.info("The meeting notes left unsaved are back");
        return vec![];
    }
    let m = Meeting::new(app.new_id(), client, MeetingKind::Leadership, app.now, app.now);
    app.modal = Some(Modal::Form(Box::new(meeting_form("New meeting".into(), &m, None, app.data.running.is_none()))));
    vec![]
}

/// A stored meeting, to go on with its notes. While another meeting's notes are kept unsaved,
/// they come first: opening this one would put them at risk.
/// A reopened meeting's form, its meeting deleted elsewhere (undone in another window): the
/// meeting as typed, to be stored again (not timed again), its lines still linked to the
/// records they made.
pub(super) fn again(f: &Form<FormPurpose>) -> Option<Form<FormPurpose>> {
    let FormPurpose::Meeting(e) = &f.purpose else { return None };
    let mut again = meeting_form(f.title.clone(), &typed(f, e), None, false);
    again.carried = true;
    Some(again)
}

/// The form of a meeting reopened as it is stored.
pub(super) fn editing(m: &Meeting) -> Form<FormPurpose> {
    meeting_form(format!("Meeting: {}", m.title), m, Some(m), false)
}

pub fn reopen(app: &mut App, m: &Meeting) {
    if let Some(kept) = kept_draft(app).filter(|k| k.id != m.id) {
        let key = app.keymap.key_name(crate::commands::Command::Meeting);
        app.error(format!("The notes of '{}' are not saved yet: {key} brings them back to save or discard first", kept.title));
        return;
    }
    let kept = kept_draft(app).filter(|k| k.id == m.id);
    let (shown, carried) = match &kept {
        Some(k) => (k, true),
        None => (m, false),
    };
    let mut f = meeting_form(format!("Meeting: {}", m.title), shown, Some(m), false);
    f.carried = carried;
    app.modal = Some(Modal::Form(Box::new(f)));
}

/// The meeting as the form now has it.
fn typed(f: &Form<FormPurpose>, e: &Editing) -> Meeting {
    let kind: MeetingKind = f.choice(FieldId::Kind);
    let title = crate::domain::text::clean_line(&f.text(FieldId::Title));
    Meeting {
        title: if title.is_empty() { kind.label().to_string() } else { title },
        kind,
        attendees: clean_attendees([f.text(FieldId::Attendees)]),
        private: f.choice_key(FieldId::Visibility) == "private",
        notes: form::kept(&e.meeting.notes, f.text(FieldId::Notes)),
        ..e.meeting.clone()
    }
}

/// The setting that keeps the form's meeting while it is open.
pub fn keep_draft(app: &mut App, f: &Form<FormPurpose>) -> Vec<Effect> {
    match draft_of(f) {
        Some(json) => app.keep_draft(drafts::DraftKind::Meeting, &json),
        None => vec![],
    }
}

/// The meeting form's meeting as its draft keeps it.
fn draft_of(f: &Form<FormPurpose>) -> Option<String> {
    let FormPurpose::Meeting(e) = &f.purpose else { return None };
    serde_json::to_string(&typed(f, e)).ok()
}

/// On every tick: the open meeting form's notes, kept when they changed since they were last
/// kept (text pasted, a line typed but not ended), so that a terminal closed under the app
/// loses less than a second of typing.
pub fn keep_changed_draft(app: &mut App) -> Vec<Effect> {
    let Some(Modal::Form(f)) = app.modal.as_ref().filter(|m| matches!(m, Modal::Form(f) if f.is_changed())) else { return vec![] };
    match draft_of(f) {
        Some(json) if json != app.draft(drafts::DraftKind::Meeting) => app.keep_draft(drafts::DraftKind::Meeting, &json),
        _ => vec![],
    }
}

/// Whether the form being left is a meeting's: its draft goes with it.
pub fn forget_draft(app: &mut App, f: &Form<FormPurpose>) -> Vec<Effect> {
    match &f.purpose {
        FormPurpose::Meeting(_) => app.keep_draft(drafts::DraftKind::Meeting, ""),
        _ => vec![],
    }
}

pub fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    let FormPurpose::Meeting(e) = &f.purpose else { return Ok(vec![]) };
    let mut m = typed(f, e);
    if e.before.is_none() {
        // Notes a window left unsaved are taken on by another: once the first saves them after
        // all (it was not gone), these are not new.
        if let Some(saved) = app.data.meetings.iter().find(|s| s.id == m.id) {
            let key = app.keymap.key_name(crate::commands::Command::ScreenActions);
            return Err(Refusal::field(
                FieldId::Notes,
                format!(
                    "these notes began as a draft that another Cockpit has since saved as '{}': copy what you typed, Esc, and add it there ({key}, v, Enter)",
                    saved.title
                ),
            ));
        }
        m.end = Some(app.now.max(m.start));
    }
    let produced = |id: Id| m.produced(id);
    // (Those it made, read whole: a line edited since changes its decision.)
    let (decisions, unreadable) = whole::made(app, Some(e.before.as_ref().unwrap_or(&e.meeting)));
    let actions: Vec<crate::domain::Action> = app.data.actions.iter().filter(|a| produced(a.id)).cloned().collect();
    let risks: Vec<Risk> = app.data.risks.iter().filter(|r| produced(r.id)).cloned().collect();
    let held = crate::ops::meetings::Held { decisions: &decisions, actions: &actions, risks: &risks, unreadable: &unreadable };
    let (today, now) = (app.today, app.now);
    let change = crate::ops::meetings::store(e.before.as_ref(), m.clone(), held, &mut || app.new_id(), today, now)?;
    let Some(mut change) = change else {
        app.info("Nothing changed");
        return Ok(forget_draft(app, f));
    };
    let time_it = e.before.is_none() && f.choice_key(FieldId::TimeIt) == "yes";
    if time_it && now - m.start >= chrono::Duration::minutes(1) {
        let lane = m.kind.lane().or_else(|| Lane::of_weekday(chrono::Datelike::weekday(&app.today)));
        let id = app.new_id();
        change.edits.extend(crate::ops::meetings::timed(&m, lane, now, app.data.running.as_ref(), id, now)?);
    } else if time_it {
        app.after_apply = Some("under a minute long: no time recorded".into());
    }
    let mut effects = forget_draft(app, f);
    effects.extend(app.apply(change));
    Ok(effects)
}

/// What a meeting form refused for its time's overlap adds: how to save the meeting alone.
pub(super) fn without_its_time(f: &Form<FormPurpose>, refused: &str) -> &'static str {
    let timed = f.chosen(FieldId::TimeIt) == Some("yes");
    match timed && refused.contains(crate::domain::time::CANNOT_SHARE) {
        true => "; set Time it to no to save the meeting without its time",
        false => "",
    }
}
