//! The meeting editor: a form whose notes are read line by line as they are typed (see
//! `domain::meeting_notes`). Saving stores the meeting and everything recognised as one change.
//! The notes are kept as a draft at every new line, so a crash loses at most the line being
//! typed; the draft comes back with the next `m` in that client.

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

const VISIBILITY: [(&str, &str); 2] = [("private", "Private: for me alone"), ("shared", "Shared: may go in the summary")];
const TIME_IT: [(&str, &str); 2] = [("yes", "Yes: from its start, on its kind's lane"), ("no", "No")];

fn meeting_form(title: String, m: &Meeting, before: Option<&Meeting>, time_it: bool) -> Form<FormPurpose> {
    let mut fields = vec![
        form::text(FieldId::Title, &m.title),
        form::choice(FieldId::Kind, m.kind),
        form::text(FieldId::Attendees, &m.attendees.join(", ")),
        form::options(FieldId::Visibility, VISIBILITY.to_vec(), usize::from(!m.private)),
    ];
    if before.is_none() {
        fields.push(form::options(FieldId::TimeIt, TIME_IT.to_vec(), usize::from(!time_it)));
    }
    fields.push(form::block(FieldId::Notes, &m.notes));
    let mut f = Form::new(title, FormPurpose::Meeting(Box::new(Editing { meeting: m.clone(), before: before.cloned() })), fields);
    // Straight to the notes: the title and kind can wait.
    f.focus = f.fields.len() - 1;
    f
}

/// `m`: a new meeting in the current client, starting now (or the one left unsaved there).
pub fn open_new(app: &mut App) -> Vec<Effect> {
    let Some(client) = app.need_client() else { return vec![] };
    let draft = app.draft(drafts::DraftKind::Meeting).to_string();
    if let Some(m) = serde_json::from_str::<Meeting>(&draft).ok().filter(|m| m.client_id == client) {
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

/// A stored meeting, to go on with its notes.
pub fn reopen(app: &mut App, m: &Meeting) {
    app.modal = Some(Modal::Form(Box::new(meeting_form(format!("Meeting: {}", m.title), m, Some(m), false))));
}

/// The meeting as the form now has it.
fn typed(f: &Form<FormPurpose>, e: &Editing) -> Meeting {
    Meeting {
        title: crate::domain::text::clean_line(&f.text(FieldId::Title)),
        kind: f.choice(FieldId::Kind),
        attendees: clean_attendees([f.text(FieldId::Attendees)]),
        private: f.choice_key(FieldId::Visibility) == "private",
        notes: form::kept(&e.meeting.notes, f.text(FieldId::Notes)),
        ..e.meeting.clone()
    }
}

/// The setting that keeps the form's meeting while it is open.
pub fn keep_draft(app: &mut App, f: &Form<FormPurpose>) -> Vec<Effect> {
    let FormPurpose::Meeting(e) = &f.purpose else { return vec![] };
    let m = typed(f, e);
    app.keep_draft(drafts::DraftKind::Meeting, &serde_json::to_string(&m).unwrap_or_default())
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
        m.end = Some(app.now);
    }
    let produced = |id: Id| m.produced(id);
    let decisions: Vec<Decision> = app.data.decisions.iter().filter(|d| produced(d.id)).cloned().collect();
    let actions: Vec<crate::domain::Action> = app.data.actions.iter().filter(|a| produced(a.id)).cloned().collect();
    let risks: Vec<Risk> = app.data.risks.iter().filter(|r| produced(r.id)).cloned().collect();
    let held = crate::ops::meetings::Held { decisions: &decisions, actions: &actions, risks: &risks };
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
    }
    let mut effects = forget_draft(app, f);
    effects.extend(app.apply(change));
    Ok(effects)
}
