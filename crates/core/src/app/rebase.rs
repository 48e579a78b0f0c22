//! An edit form whose record was changed elsewhere (the command line, another Cockpit, a sync
//! round) while it was open: once the data is read again, the form starts again from the record
//! as it is now, holding what was typed. Else its save is refused as made on an older record,
//! again and again. (A decision's form is followed in `whole`, from the decision read whole.)

use super::form::Form;
use super::modal::FormPurpose;
use super::*;

/// The form on the record a form opened on (`before`) as `held` (the data read since) has it:
/// None when it is as it was, Some(None) when it is not there.
fn fresh<'a, T: PartialEq + 'a>(
    mut held: impl Iterator<Item = &'a T>,
    before: &T,
    id: impl Fn(&T) -> Id,
    form: impl Fn(&T) -> Form<FormPurpose>,
) -> Option<Option<Form<FormPurpose>>> {
    match held.find(|r| id(r) == id(before)) {
        Some(r) if r == before => None,
        Some(r) => Some(Some(form(r))),
        None => Some(None),
    }
}

/// After the data was read: the open edit form, on its record as it is now.
pub(super) fn follow_open_form(app: &mut App) {
    let Some(Modal::Form(f)) = &app.modal else { return };
    let d = &app.data;
    let fresh = match &f.purpose {
        FormPurpose::EditEntry(b) => {
            let held = d.entries.iter().chain(&d.next_entries).chain(&d.prev_entries);
            fresh(held, b, |e| e.id, week::editing)
        }
        FormPurpose::EditItem(b) => fresh(d.items.iter(), b, |i| i.id, matrix::editing),
        FormPurpose::EditRisk(b) => fresh(d.risks.iter(), b, |r| r.id, risks::editing),
        FormPurpose::EditAction(b) => fresh(d.actions.iter(), b, |a| a.id, actions::editing),
        FormPurpose::EditClient(b) => fresh(d.clients.iter(), b, |c| c.id, clients::editing),
        FormPurpose::EditTime(b) => fresh(d.time.iter().chain(&d.running), b, |t| t.id, |t| hours::editing(app, t)),
        FormPurpose::EditVendor(b) => fresh(d.vendors.iter(), b, |v| v.id, |v| vendors::editing(app, v)),
        FormPurpose::EditPerson(b) => fresh(d.people.iter(), b, |p| p.id, |p| people::editing(app, p)),
        FormPurpose::EditOpening(b) => fresh(d.openings.iter(), b, |o| o.id, |o| people::editing_opening(app, o)),
        FormPurpose::Meeting(e) => e.before.as_ref().and_then(|b| fresh(d.meetings.iter(), b, |m| m.id, meeting::editing)),
        // (A 1:1 saves the person's agenda: it goes on from the person as they now are.)
        FormPurpose::OneOnOne(p) => match d.people.iter().find(|x| x.id == p.id) {
            Some(now) if now == &**p => None,
            Some(now) => {
                let Some((again, added, taken_off)) = people::one_on_one_again(f, now) else { return };
                let counted = |n| crate::domain::text::counted(n, "point", "points");
                let mut points = String::new();
                if added > 0 {
                    points += &format!("; {} added there, at the end of the notes", counted(added));
                }
                if taken_off > 0 {
                    points += &format!("; {} taken off there, out of the notes", counted(taken_off));
                }
                let refused = refused(f);
                app.modal = Some(Modal::Form(Box::new(again)));
                whole::say(
                    app,
                    format!("{refused}{} was changed elsewhere: the 1:1 now saves over them as they are{points}", now.name),
                    added + taken_off > 0,
                );
                return;
            }
            None => Some(None),
        },
        _ => None,
    };
    match fresh {
        None => {}
        // A meeting's notes are kept: saving stores it again.
        Some(None) if matches!(&f.purpose, FormPurpose::Meeting(_)) => {
            let again = meeting::again(f).expect("a meeting's form");
            let save = app.keymap.save_in_text();
            let said = app.keymap.say(
                crate::commands::Scope::Form,
                &format!("This meeting was deleted elsewhere: {save} stores it again as typed; {{form_cancel}} lets it go"),
            );
            app.modal = Some(Modal::Form(Box::new(again)));
            whole::say(app, said, true);
        }
        // A week's entry and a matrix item are made again as typed (`week::submit`, `matrix::submit`).
        Some(None) if matches!(&f.purpose, FormPurpose::EditEntry(_) | FormPurpose::EditItem(_)) => {
            let save = app.keymap.save_in_text();
            let said = app.keymap.say(
                crate::commands::Scope::Form,
                &format!("What this form edits was deleted elsewhere: {save} makes it again as typed; {{form_cancel}} lets it go"),
            );
            whole::say(app, said, true);
        }
        Some(None) => {
            let said = format!("What this form edits is no longer there (deleted elsewhere?): {}", cannot_be_saved(app));
            whole::say(app, said, true);
        }
        Some(Some(fresh)) => {
            let (rebased, both) = f.rebased(fresh);
            started_again(app, rebased, &both, format!("{}Changed elsewhere", refused(f)));
        }
    }
}

/// What a form read again after a save it refused says first (it stays open).
fn refused(f: &Form<FormPurpose>) -> &'static str {
    if f.error.as_deref().is_some_and(|e| e.starts_with("Not saved")) {
        "Not saved: "
    } else {
        ""
    }
}

/// The form `rebased` (started again from its record as it now is, what was typed kept) shown,
/// and said so after `head`, with the fields changed in both places named.
pub(super) fn started_again(app: &mut App, rebased: Form<FormPurpose>, both: &[&str], head: String) {
    let mut said = format!("{head}: the form now shows it as it is, with what you typed");
    if !both.is_empty() {
        said += &format!(" (changed there too: {}; saving keeps yours)", both.join(", "));
    }
    app.modal = Some(Modal::Form(Box::new(rebased)));
    whole::say(app, said, !both.is_empty());
}

/// What a form whose record is gone says it can do: nothing but close, and how.
pub(super) fn cannot_be_saved(app: &App) -> String {
    app.keymap.say(crate::commands::Scope::Form, "it cannot be saved; {form_cancel}, then {confirm_discard}, closes it")
}
