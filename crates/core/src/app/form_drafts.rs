//! What is typed into a form (a decision written out, a risk, an action, a 1:1, …) kept while
//! it is open, as the capture line's text and a meeting's notes are: a terminal closed under the
//! app, or a crash, loses at most a second of typing. Opening the same form again (on the same
//! record, or for a new record of the same kind) brings back what was typed into it, in the
//! fields not typed into since. Saved or discarded, a form's text goes. Kept per client, for a
//! few forms at a time; the meeting form keeps its own draft.

use super::drafts::DraftKind;
use super::form::Form;
use super::modal::{FormPurpose, Modal};
use super::{App, Effect};

/// The kind of form a decision deleted elsewhere while edited, made again, is kept as.
const MADE_AGAIN: &str = "decision made again";

/// How many forms' text a client keeps (the most recently typed).
const KEPT: usize = 8;

/// A client's forms' text, as kept: each form by name (see [`name`]) with the fields typed
/// into (by name) and their text, the most recently typed last.
type Kept = Vec<(String, Vec<(String, String)>)>;

/// The form's name, for keeping its text: the kind of record and which one. None for the
/// meeting form (it keeps its own).
fn name(purpose: &FormPurpose) -> Option<String> {
    use FormPurpose::*;
    let (kind, id) = match purpose {
        NewDecision => ("decision", None),
        // (A decision deleted elsewhere while it was edited is made again as a new one: its
        // form is kept whole, to come back on `n` when no new decision's is kept.)
        DecisionAgain(d) => (MADE_AGAIN, Some(d.id)),
        EditDecision(d) => ("decision", Some(d.id)),
        ReplaceDecision(d) => ("replacing", Some(d.id)),
        NewRisk => ("risk", None),
        EditRisk(r) => ("risk", Some(r.id)),
        NewItem => ("item", None),
        EditItem(i) => ("item", Some(i.id)),
        ItemToTask(i) => ("task-of", Some(i.id)),
        EditEntry(e) => ("entry", Some(e.id)),
        NewClient => ("client", None),
        EditClient(c) => ("client", Some(c.id)),
        NewTime => ("time", None),
        EditTime(t) => ("time", Some(t.id)),
        NewAction => ("action", None),
        EditAction(a) => ("action", Some(a.id)),
        NewVendor => ("vendor", None),
        EditVendor(v) => ("vendor", Some(v.id)),
        NewPerson => ("person", None),
        EditPerson(p) => ("person", Some(p.id)),
        OneOnOne(p) => ("one-on-one", Some(p.id)),
        NewOpening => ("opening", None),
        EditOpening(o) => ("opening", Some(o.id)),
        Meeting(_) => return None,
    };
    Some(id.map_or(format!("new {kind}"), |id| format!("{kind} {id}")))
}

/// A form's name, for keeping its text (see [`name`]). A new decision's form carried on from
/// the capture line is kept apart, with its title (the line's text, its own draft): it comes
/// back only to a form carried on from a line with that title, never to `n`, which would make
/// the decision a second time beside the line.
fn form_name(f: &Form<FormPurpose>) -> Option<String> {
    match f.purpose {
        FormPurpose::NewDecision if f.carried => Some("decision from the capture line".into()),
        _ => name(&f.purpose),
    }
}

/// The name of the form `modal` is, if it is one whose text is kept.
pub fn open(modal: Option<&Modal>) -> Option<String> {
    match modal {
        Some(Modal::Form(f)) => form_name(f),
        _ => None,
    }
}

fn kept(app: &App) -> Kept {
    serde_json::from_str(app.draft(DraftKind::Form)).unwrap_or_default()
}

fn keep(app: &mut App, kept: &Kept) -> Vec<Effect> {
    let text = if kept.is_empty() { String::new() } else { serde_json::to_string(kept).unwrap_or_default() };
    app.keep_draft(DraftKind::Form, &text)
}

/// On every tick: the open form's text, kept when it changed since it was last kept.
pub fn keep_typed(app: &mut App) -> Vec<Effect> {
    let Some(Modal::Form(f)) = &app.modal else { return vec![] };
    let Some(name) = form_name(f) else { return vec![] };
    let mut typed = f.typed_fields();
    if f.carried && !typed.is_empty() && !typed.iter().any(|(field, _)| field == "Title") {
        typed.insert(0, ("Title".to_string(), f.text(super::form::FieldId::Title)));
    }
    let mut kept = kept(app);
    let at = kept.iter().position(|(n, _)| *n == name);
    if at.map(|i| &kept[i].1) == Some(&typed) || (at.is_none() && typed.is_empty()) {
        return vec![];
    }
    kept.retain(|(n, _)| *n != name);
    if !typed.is_empty() {
        kept.push((name, typed));
    }
    let over = kept.len().saturating_sub(KEPT);
    kept.drain(..over);
    keep(app, &kept)
}

/// After an action: a form it opened (one not open before it, `was_open`) gets back what was
/// typed into it and kept, in the fields not typed into here.
pub fn bring_back(app: &mut App, was_open: Option<String>) -> Vec<Effect> {
    let Some(name) = open(app.modal.as_ref()).filter(|n| Some(n) != was_open.as_ref()) else { return vec![] };
    let mut kept = kept(app);
    let Some(Modal::Form(f)) = &mut app.modal else { return vec![] };
    // (A new decision's form, when none is kept: the latest decision made again, which moves
    // to it.)
    let new_decision = f.purpose == FormPurpose::NewDecision && !f.carried;
    let again = |n: &str| new_decision && n.starts_with(MADE_AGAIN);
    // (Carried on from the capture line: only what was typed after that very line.)
    let title = f.carried.then(|| f.text(super::form::FieldId::Title));
    let same_line = |fields: &[(String, String)]| title.as_ref().is_none_or(|t| fields.iter().any(|(k, v)| k == "Title" && v == t));
    let Some(at) = kept.iter().position(|(n, fields)| *n == name && same_line(fields)).or_else(|| kept.iter().rposition(|(n, _)| again(n)))
    else {
        return vec![];
    };
    let back = kept[at].1.iter().fold(false, |back, (field, text)| f.bring_back(field, text) | back);
    if back {
        f.restored = true;
        app.info("What was typed into this form and not saved is back");
    }
    if kept[at].0 == name {
        return vec![];
    }
    kept.remove(at);
    keep(app, &kept)
}

/// A form saved or discarded: its text goes.
pub fn forget(app: &mut App, f: &Form<FormPurpose>) -> Vec<Effect> {
    let Some(name) = form_name(f) else { return vec![] };
    let mut kept = kept(app);
    let before = kept.len();
    kept.retain(|(n, _)| *n != name);
    if kept.len() == before {
        return vec![];
    }
    keep(app, &kept)
}
