//! Decisions read whole, to edit. A held log's rows do not hold when each decision was made and
//! last changed (at a million decisions that was 5.3 MB of a client's log), which an edit
//! starts from: the store refuses a change to a record changed since it was read. The app names
//! the decisions it may act on next ([`wanted`]: the one selected on the Decisions screen, the
//! one highlighted in the supersede picker, those an open meeting made, the one an open form
//! edits); the runtime reads them after each key (`Action::WholeRead`); an edit starts from one
//! of them while its row still says what it says ([`of`]).

use super::modal::{FormPurpose, Modal, PromptPurpose};
use super::*;
use crate::domain::meeting::OutcomeKind;
use std::sync::{Arc, Weak};

/// The decisions read whole, and the log they were read for: they are read again when it is
/// replaced (any change to it replaces it).
#[derive(Debug, Clone, Default)]
pub struct Whole {
    of: Weak<DecisionLog>,
    /// Each one asked for, as read (none: it is not there), but those that could not be read
    /// (the runtime says why).
    read: Vec<(Id, Option<Decision>)>,
    unreadable: Vec<Id>,
    /// Those not there because sync holds them back (see `Action::WholeRead`).
    held: Vec<Id>,
}

/// The decisions the app may act on next, when they are not all held whole for the log shown
/// (then all of them, to be read afresh); none when they are.
pub fn wanted(app: &App) -> Vec<Id> {
    let mut ids: Vec<Id> = Vec::new();
    if app.screen == Screen::Decisions {
        ids.extend(super::decisions::selected(app).map(|d| d.id));
    }
    match &app.modal {
        Some(Modal::PickDecision(p, purpose @ PromptPurpose::Supersede { .. }, found)) => {
            let offers = super::picker::decision_matches(app, purpose, found, p.query.text());
            ids.extend(offers.get(p.selected).flatten().map(|i| app.data.decisions.row(i).id));
        }
        Some(Modal::Form(f)) => match &f.purpose {
            FormPurpose::Meeting(e) => {
                // (A meeting stored again after it was deleted elsewhere has them still.)
                let made = e.before.as_ref().unwrap_or(&e.meeting).outcomes.iter().filter(|o| o.kind == OutcomeKind::Decision);
                ids.extend(made.map(|o| o.id));
            }
            FormPurpose::EditDecision(d) => ids.push(d.id),
            _ => {}
        },
        _ => {}
    }
    let w = &app.whole;
    let held = Weak::ptr_eq(&w.of, &Arc::downgrade(&app.data.decisions))
        && ids.iter().all(|id| w.read.iter().any(|(r, _)| r == id) || w.unreadable.contains(id));
    if held {
        ids.clear();
    }
    ids
}

/// The decisions [`wanted`] asked for, as read for the log shown. A decision being edited that
/// was changed elsewhere since its form opened: the form starts from it as it is now, keeping
/// what was typed (else each save would be refused, the change it starts from being gone); one
/// no longer there: the form says so.
pub(super) fn read(app: &mut App, read: Vec<(Id, Option<Decision>)>, unreadable: Vec<Id>, held: &[Id]) -> Vec<Effect> {
    app.whole = Whole { of: Arc::downgrade(&app.data.decisions), read, unreadable, held: held.to_vec() };
    let Some(Modal::Form(f)) = &app.modal else { return vec![] };
    let FormPurpose::EditDecision(before) = &f.purpose else { return vec![] };
    let read = app.whole.read.iter().find(|(id, _)| *id == before.id).map(|(_, d)| d.as_ref());
    // (Not there, or could not be read: said alike.)
    let read = if app.whole.unreadable.contains(&before.id) { Some(None) } else { read };
    let now = match read {
        Some(Some(now)) if now != &**before => now,
        // Held back by sync, not deleted: the form waits for it, as typed (made again, it would
        // be there twice once it is back).
        Some(None) if held.contains(&before.id) => {
            let said = held_back(before);
            say(app, said, true);
            return vec![];
        }
        // Deleted: what was typed can still be kept, as the decision made again.
        Some(None) if !app.whole.unreadable.contains(&before.id) => {
            let (mut again, before) = ((**f).clone(), before.clone());
            // (Kept as typed from here on, whole, as a decision made again: the edit's text goes.)
            let forgotten = super::form_drafts::forget(app, &again);
            again.all_typed();
            again.purpose = FormPurpose::DecisionAgain(before.clone());
            again.title = format!("{} was deleted elsewhere", before.code());
            // (Named by the save key that saves in a multi-line field too.)
            let said = app.keymap.say(
                crate::commands::Scope::Form,
                &format!(
                    "{} was deleted elsewhere: {} makes it again as typed, under a new number; {{form_cancel}} lets it go",
                    before.code(),
                    app.keymap.save_in_text()
                ),
            );
            app.modal = Some(Modal::Form(Box::new(again)));
            say(app, said, true);
            return forgotten;
        }
        Some(None) => {
            let said = format!("{} could not be read again (deleted elsewhere?): {}", before.code(), super::rebase::cannot_be_saved(app));
            say(app, said, true);
            return vec![];
        }
        _ => return vec![],
    };
    let fresh = super::decisions::form(now, FormPurpose::EditDecision(Box::new(now.clone())));
    let (rebased, both) = f.rebased(fresh);
    super::rebase::started_again(app, rebased, &both, format!("{} was changed elsewhere", now.code()));
    vec![]
}

/// Why the decision an edit form is on is not there, when sync holds it back (none else).
pub fn held_back(d: &Decision) -> String {
    // (Short enough for the form's line: `sync status` says why.)
    format!("{} is held back by sync until its new number comes; your text stays, and saves then", d.code())
}

/// Whether sync holds the decision `id` back (as last read).
pub fn is_held_back(app: &App, id: Id) -> bool {
    app.whole.held.contains(&id)
}

/// `said` on the open form's message line and on the status line (as trouble, or not).
pub(super) fn say(app: &mut App, said: String, trouble: bool) {
    if let Some(Modal::Form(f)) = &mut app.modal {
        f.error = Some(said.clone());
    }
    if trouble {
        app.error(said);
    } else {
        app.info(said);
    }
}

/// The decision `row` of the log shown holds, whole, while it says what the row says; else (it
/// was not read, or was changed elsewhere since the row was) the row's code, to say so. (A log
/// replaced since it was read, a key ago, still holds it when the row says the same: a change
/// since, by another process, is refused by the store.)
pub fn of(app: &App, row: DecisionRow) -> Result<Decision, String> {
    let mut read = app.whole.read.iter().filter_map(|(id, d)| d.as_ref().filter(|_| *id == row.id));
    read.find(|d| app.data.decisions.holds(row, d)).cloned().ok_or_else(|| row.code())
}

/// The decisions `meeting` made that are still there, as read whole for its open form (by id,
/// whatever the screen shows: the log need not be held, nor hold them), and those not read (not
/// yet, or they could not be): a decision not there is in neither (its line, retyped, makes it
/// again).
pub fn made(app: &App, meeting: Option<&Meeting>) -> (Vec<Decision>, Vec<Id>) {
    let (mut there, mut unread) = (Vec::new(), Vec::new());
    for o in meeting.iter().flat_map(|m| &m.outcomes).filter(|o| o.kind == OutcomeKind::Decision) {
        match app.whole.read.iter().find(|(id, _)| *id == o.id) {
            Some((_, Some(d))) => there.push(d.clone()),
            Some((_, None)) => {}
            None => unread.push(o.id),
        }
    }
    (there, unread)
}

/// Why the decision coded `row_code` cannot be acted on when it is not held whole ([`of`]): the
/// log is read again.
pub fn not_as_listed(app: &mut App, row_code: &str) -> Vec<Effect> {
    app.error(format!("{row_code} was changed elsewhere since it was listed; the log is read again"));
    vec![Effect::Reload]
}
