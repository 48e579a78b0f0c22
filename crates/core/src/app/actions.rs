//! The Actions screen: the current client's actions, overdue first (the user's and what others
//! owe), or its meetings, newest first, each with what came out of it.

use super::form::{self, FieldId, Form};
use super::modal::{FormPurpose, Modal};
use super::*;
// `Action` in the app is a message; the record is named in full here.
use crate::domain::Action as ActionRecord;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActionsView {
    pub sel: usize,
    pub offset: usize,
    /// Meetings instead of actions.
    pub meetings: bool,
    /// Done and dropped actions too.
    pub show_closed: bool,
    pub filter: String,
}

/// The shown actions, in list order.
pub fn shown(app: &App) -> Vec<&ActionRecord> {
    let (p, mut m) = (search::Pattern::new(&app.actions.filter), search::matcher());
    app.data
        .actions
        .iter()
        .filter(|a| app.actions.show_closed || a.is_open())
        .filter(|a| app.actions.filter.is_empty() || p.matches(&mut m, &format!("{} {}", a.code(), a.headline())).is_some())
        .collect()
}

/// The shown meetings, newest first.
pub fn meetings(app: &App) -> Vec<&Meeting> {
    let (p, mut m) = (search::Pattern::new(&app.actions.filter), search::matcher());
    let text = |x: &Meeting| format!("{} {}", x.title, x.attendees.join(" "));
    app.data.meetings.iter().filter(|x| app.actions.filter.is_empty() || p.matches(&mut m, &text(x)).is_some()).collect()
}

pub fn selected(app: &App) -> Option<&ActionRecord> {
    (!app.actions.meetings).then(|| shown(app).get(app.actions.sel).copied()).flatten()
}

pub fn selected_meeting(app: &App) -> Option<&Meeting> {
    app.actions.meetings.then(|| meetings(app).get(app.actions.sel).copied()).flatten()
}

pub fn selected_id(app: &App) -> Option<Id> {
    selected(app).map(|a| a.id).or_else(|| selected_meeting(app).map(|m| m.id))
}

fn ids(app: &App) -> Vec<Id> {
    if app.actions.meetings {
        meetings(app).iter().map(|m| m.id).collect()
    } else {
        shown(app).iter().map(|a| a.id).collect()
    }
}

pub fn keep(app: &mut App, keep: &[Option<Id>]) {
    let ids = ids(app);
    super::screens::keep_selection(&mut app.actions.sel, &ids, keep);
}

pub fn available(app: &App, cmd: Command) -> bool {
    use Command::*;
    match cmd {
        New | ShowMeetings => app.client.is_some(),
        ShowClosedActions => app.client.is_some() && !app.actions.meetings,
        Open | Edit | TogglePrivate | DeleteAction => selected_id(app).is_some(),
        ToggleDone | DropAction | NudgeDue => selected(app).is_some(),
        _ => true,
    }
}

/// Rows in view: the list less its border and column titles.
pub fn rows(_width: usize, body: usize) -> usize {
    body.saturating_sub(3)
}

pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    use Command::*;
    let (n, page) = (ids(app).len(), app.page());
    if super::move_in_list(&mut app.actions.sel, n, page, cmd) {
        return vec![];
    }
    let flip = |app: &mut App, f: fn(&mut ActionsView)| {
        let keep = selected_id(app);
        f(&mut app.actions);
        self::keep(app, &[keep]);
    };
    match cmd {
        DeleteAction => {
            if let Some(a) = selected(app).cloned() {
                return app.delete(a);
            }
            if let Some(m) = selected_meeting(app).cloned() {
                return app.delete(m);
            }
        }
        ShowMeetings => {
            flip(app, |v| v.meetings = !v.meetings);
            app.actions.sel = app.actions.sel.min(ids(app).len().saturating_sub(1));
        }
        ShowClosedActions => flip(app, |v| v.show_closed = !v.show_closed),
        New if app.actions.meetings => return meeting::open_new(app),
        New => {
            if let Some(client) = app.need_client() {
                let a = ActionRecord::new(app.new_id(), client, "", app.now);
                app.modal = Some(Modal::Form(Box::new(action_form("New action".into(), FormPurpose::NewAction, &a))));
            }
        }
        Open | Edit => {
            if let Some(m) = selected_meeting(app).cloned() {
                meeting::reopen(app, &m);
            } else if let Some(a) = selected(app).cloned() {
                app.modal = Some(Modal::Form(Box::new(editing(&a))));
            }
        }
        ToggleDone | DropAction => {
            if let Some(a) = selected(app).cloned() {
                let to = if cmd == ToggleDone { ActionStatus::Done } else { ActionStatus::Dropped };
                if let Some(change) = crate::ops::actions::toggle(&a, to, app.today) {
                    app.focus = Some(a.id);
                    return app.apply(change);
                }
            }
        }
        NudgeDue => {
            if let Some(a) = selected(app).cloned() {
                match crate::ops::actions::nudge(&a, app.today) {
                    Some(change) => return app.apply(change),
                    None => app.error("Cockpit's calendar runs from 1970 to 9999"),
                }
            }
        }
        TogglePrivate => {
            if let Some(a) = selected(app).cloned() {
                let after = ActionRecord { private: !a.private, ..a.clone() };
                let label = format!("{} is {}", a.code(), if after.private { "private" } else { "client-facing" });
                return app.apply(Change::one(label, crate::domain::Edit::update(Record::Action(a), Record::Action(after))));
            }
            if let Some(m) = selected_meeting(app).cloned() {
                let after = crate::domain::Meeting { private: !m.private, ..m.clone() };
                let label = format!("Notes of '{}' are {}", m.title, if after.private { "private" } else { "shared" });
                return app.apply(Change::one(label, crate::domain::Edit::update(Record::Meeting(m), Record::Meeting(after))));
            }
        }
        _ => {}
    }
    vec![]
}

/// The form that edits action `a`.
pub(super) fn editing(a: &ActionRecord) -> Form<FormPurpose> {
    action_form(format!("Edit {} {}", a.code(), a.title), FormPurpose::EditAction(Box::new(a.clone())), a)
}

fn action_form(title: String, purpose: FormPurpose, a: &ActionRecord) -> Form<FormPurpose> {
    Form::new(
        title,
        purpose,
        vec![
            form::text(FieldId::Title, &a.title),
            form::text(FieldId::Owner, &a.owner),
            form::date(FieldId::Due, a.due),
            form::choice(FieldId::Status, a.status),
        ],
    )
}

/// A due date as the notes write it: `2026-12-10`, `fri`, `tomorrow`, `+3d`, `2w`; empty for none.
fn due_typed(app: &App, typed: &str) -> Result<Option<chrono::NaiveDate>, Refusal> {
    if typed.trim().is_empty() {
        return Ok(None);
    }
    crate::domain::meeting_notes::due_date(typed.trim().trim_start_matches('^'), app.today).map(Some).ok_or_else(|| {
        Refusal::field(FieldId::Due, format!("'{}' is not a date: write YYYY-MM-DD, fri, tomorrow, +3d or 2w", typed.trim()))
    })
}

pub fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    let base = match &f.purpose {
        FormPurpose::EditAction(a) => (**a).clone(),
        _ => ActionRecord::new(app.new_id(), app.client.ok_or(Refusal::NoClient)?, "", app.now),
    };
    let owner = f.text(FieldId::Owner);
    let after = ActionRecord {
        title: crate::domain::text::clean_line(&f.text(FieldId::Title)),
        owner: if crate::domain::action::is_me(&owner) { String::new() } else { owner.trim_start_matches('@').to_string() },
        due: due_typed(app, &f.text(FieldId::Due))?,
        ..base.with_status(f.choice::<ActionStatus>(FieldId::Status), app.today)
    };
    let change = match &f.purpose {
        FormPurpose::EditAction(before) => crate::ops::actions::edit(before, after)?,
        _ => Some(crate::ops::actions::add(after)?),
    };
    Ok(change.map(|c| app.apply(c)).unwrap_or_default())
}
