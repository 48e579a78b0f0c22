//! Keys and pastes while a modal is open.

use super::drafts::DraftKind;
use super::form::{self, Form};
use super::modal::{FormPurpose, Modal, Prompt, PromptPurpose};
use super::picker::picker_key;
pub use super::picker::{
    client_matches, decision_line, decision_matches, move_matches, palette_label, palette_matches, palette_offers, Found, Offers, UNLINK,
};
use super::textline::{TextLine, TextOp};
use super::*;
use crate::keymap::KeyCode;

/// The text edit a key means in a text field, if any: a character typed, or a command of the
/// keymap's `[text]` table (a new line is the caller's to handle).
pub fn text_op(keymap: &Keymap, key: Key) -> Option<TextOp> {
    if let (KeyCode::Char(c), false, false) = (key.code, key.ctrl, key.alt) {
        return Some(TextOp::Insert(c));
    }
    Some(match keymap.overlay(Scope::Text, key)? {
        Command::TextLeft => TextOp::Left,
        Command::TextRight => TextOp::Right,
        Command::TextWordLeft => TextOp::WordLeft,
        Command::TextWordRight => TextOp::WordRight,
        Command::TextHome => TextOp::Home,
        Command::TextEnd => TextOp::End,
        Command::TextBackspace => TextOp::Backspace,
        Command::TextDelete => TextOp::Delete,
        Command::TextDeleteWord => TextOp::DeleteWord,
        Command::TextKillToStart => TextOp::KillToStart,
        Command::TextKillToEnd => TextOp::KillToEnd,
        Command::TextYank => TextOp::Yank,
        _ => return None,
    })
}

pub fn key(app: &mut App, key: Key) -> Vec<Effect> {
    // Suspending works from anywhere: the overlay stays as it is, and is back after `fg`.
    if app.modal.is_some() && app.keymap.exact(Scope::Global, key) == Some(Command::Suspend) {
        return vec![Effect::Suspend];
    }
    let Some(modal) = app.modal.take() else { return vec![] };
    // (A form's own fields decide: its multi-line ones take a new line.)
    let one_line = !matches!(modal, Modal::Form(_) | Modal::Help { .. } | Modal::Choose(_));
    if one_line && newline_in_one_line(app, Scope::Prompt, key) {
        app.modal = Some(modal);
        return vec![];
    }
    let (modal, effects) = match modal {
        Modal::Capture(line) => capture_key(app, line, key),
        Modal::Prompt(p) => prompt_key(app, p, key),
        Modal::Picker(p) => picker_key(app, p, key, picker::Kind::Clients),
        Modal::Palette(p) => picker_key(app, p, key, picker::Kind::Palette),
        Modal::PickDecision(p, purpose, found) => picker_key(app, p, key, picker::Kind::Decision(purpose, found)),
        Modal::PickClientFor(p, record) => picker_key(app, p, key, picker::Kind::MoveTo(record)),
        Modal::Form(f) => form_key(app, *f, key),
        Modal::Help { scroll } => help_key(app, scroll, key),
        Modal::Preview(p) => super::preview::key(app, *p, key),
        Modal::Choose(c) => choose_key(app, c, key),
    };
    if app.modal.is_none() {
        app.modal = modal;
    }
    effects
}

/// Characters typed into the open filter prompt: inserted as their keys would be, and the
/// filter worked out once, for the last. (Anywhere else, each goes as its key.)
pub fn typed(app: &mut App, text: &str) -> Vec<Effect> {
    match app.modal.as_mut() {
        Some(Modal::Prompt(p)) if p.purpose == PromptPurpose::Filter => {
            let changed = text.chars().fold(false, |changed, c| p.input.apply(TextOp::Insert(c)) | changed);
            if changed {
                let f = p.input.text().to_string();
                app.set_filter(f);
            }
            vec![]
        }
        _ => text.chars().flat_map(|c| key(app, Key::plain(KeyCode::Char(c)))).collect(),
    }
}

pub fn paste(app: &mut App, text: String) -> Vec<Effect> {
    match app.modal.as_mut() {
        Some(Modal::Capture(line)) => {
            line.apply(TextOp::Paste(text));
        }
        Some(Modal::Prompt(p)) => {
            p.input.apply(TextOp::Paste(text));
            if p.purpose == PromptPurpose::Filter {
                let f = p.input.text().to_string();
                app.set_filter(f);
            }
        }
        Some(Modal::Picker(p)) | Some(Modal::Palette(p)) | Some(Modal::PickDecision(p, ..)) | Some(Modal::PickClientFor(p, _)) => {
            p.query.apply(TextOp::Paste(text));
            p.selected = 0;
        }
        Some(Modal::Form(f)) => {
            // (Pasted after a stray Esc: the form goes on, as with a key typed.)
            f.confirm_discard = false;
            f.edit(TextOp::Paste(text))
        }
        _ => {
            app.info(app.keymap.say(
                Scope::Global,
                "Paste goes into a prompt: press {capture_decision} to capture a decision or {new} for a new entry first",
            ))
        }
    }
    app.redraw = true;
    vec![]
}

pub(super) type Outcome = (Option<Modal>, Vec<Effect>);

/// A new line's chord in a multi-line field (Alt-Enter, Shift-Enter: Enter with a modifier the
/// form does not bind; Ctrl-Enter saves) pressed in a one-line prompt, a picker, the preview or
/// a form's one-line field (`scope`'s, which does not bind it either). There is no line to start
/// there, and taking it as Enter would send what is typed next to the screen as keys: it is
/// said, and nothing else happens.
fn newline_in_one_line(app: &mut App, scope: Scope, key: Key) -> bool {
    let chord =
        key.code == KeyCode::Enter && key != Key::plain(KeyCode::Enter) && newline_key(app, key) && app.keymap.exact(scope, key).is_none();
    if chord {
        let take = if scope == Scope::Form { "{form_save}" } else { "{prompt_accept}" };
        app.info(app.keymap.say(scope, &format!("One line here: {take} takes it")));
    }
    chord
}

fn capture_key(app: &mut App, mut line: TextLine, key: Key) -> Outcome {
    match app.keymap.overlay(Scope::Prompt, key) {
        Some(Command::PromptAccept) => {
            let parsed = crate::domain::capture::parse(line.text(), app.today);
            if parsed.title.is_empty() {
                app.error(
                    app.keymap.say(Scope::Prompt, "Type the decision's title, then {prompt_accept} ({prompt_cancel} keeps it as a draft)"),
                );
                return (Some(Modal::Capture(line)), vec![]);
            }
            let Some(client) = app.client else { return (None, vec![]) };
            let mut d = Decision::captured(app.new_id(), client, &parsed.title, app.today, app.now);
            parsed.apply_to(&mut d);
            // Said with the stored decision's number once it is stored.
            let change = match crate::ops::decisions::add(d, "Captured") {
                Ok(change) => change,
                Err(e) => {
                    app.error(Refusal::from(e).to_string());
                    return (Some(Modal::Capture(line)), vec![]);
                }
            };
            app.after_apply = parsed.problems.first().cloned();
            app.saving = Some(Modal::Capture(line.clone()));
            // The draft is let go first, so that the save's outcome is what the status line says.
            let mut effects = app.keep_draft(DraftKind::Capture, "");
            effects.extend(app.apply(change));
            (None, effects)
        }
        Some(Command::PromptSwitch) => {
            let parsed = crate::domain::capture::parse(line.text(), app.today);
            let Some(client) = app.client else { return (None, vec![]) };
            let mut d = Decision::captured(app.new_id(), client, &parsed.title, app.today, app.now);
            parsed.apply_to(&mut d);
            let mut f = decisions::form(&d, FormPurpose::NewDecision);
            f.carried = !line.is_empty();
            // The line stays its draft until the form is saved or discarded.
            (Some(Modal::Form(Box::new(f))), app.keep_draft(DraftKind::Capture, line.text()))
        }
        Some(Command::PromptCancel) => {
            if !line.is_empty() {
                app.info(app.keymap.say(Scope::Global, "Draft kept: press {capture_decision} to go on with it"));
            }
            (None, app.keep_draft(DraftKind::Capture, line.text()))
        }
        _ => {
            if let Some(op) = text_op(&app.keymap, key) {
                line.apply(op);
            }
            (Some(Modal::Capture(line)), vec![])
        }
    }
}

fn prompt_key(app: &mut App, mut p: Prompt, key: Key) -> Outcome {
    match (p.purpose.clone(), app.keymap.overlay(Scope::Prompt, key)) {
        (PromptPurpose::Filter, Some(Command::PromptCancel)) => {
            // (The selection stays on the decision it is on, as the filter is cleared.)
            app.decisions.typed_from = None;
            app.set_filter(String::new());
            (None, vec![])
        }
        (PromptPurpose::Filter, Some(Command::PromptAccept)) => {
            app.decisions.typed_from = None;
            (None, vec![])
        }
        (PromptPurpose::Filter, Some(cmd @ (Command::Up | Command::Down))) => {
            let effects = super::run(app, cmd);
            if app.screen == Screen::Decisions {
                super::decisions::typing_from_here(app);
            }
            (Some(Modal::Prompt(p)), effects)
        }
        (PromptPurpose::NewEntry { lane, task }, Some(Command::PromptSwitch)) => {
            p.purpose = PromptPurpose::NewEntry { lane, task: !task };
            p.title = week::entry_prompt_title(app, lane, !task);
            (Some(Modal::Prompt(p)), vec![])
        }
        (PromptPurpose::NewEntry { lane, task }, Some(Command::PromptAccept)) => {
            if p.input.is_empty() {
                return (None, app.keep_draft(DraftKind::Entry, ""));
            }
            // (Its client deleted elsewhere while it was typed: said, the text still there.)
            let Some(client) = app.current_client().cloned() else {
                app.error("The client this note is for is no longer there (deleted elsewhere?): it cannot be saved");
                return (Some(Modal::Prompt(p)), vec![]);
            };
            let typed = crate::ops::entries::Typed { week: app.shown_week, lane, text: p.input.text(), as_task: task, private: None };
            match crate::ops::entries::add(app.new_id(), &client, typed, app.now) {
                Ok(change) => {
                    // The draft is let go first, so that the save's outcome is what the status line says.
                    let mut effects = app.keep_draft(DraftKind::Entry, "");
                    app.saving = Some(Modal::Prompt(p.clone()));
                    effects.extend(app.apply(change));
                    (None, effects)
                }
                Err(e) => {
                    app.error(Refusal::from(e).to_string());
                    (Some(Modal::Prompt(p)), vec![])
                }
            }
        }
        (PromptPurpose::NewEntry { lane, task }, Some(Command::PromptCancel)) => {
            if !p.input.is_empty() {
                app.info(app.keymap.say(Scope::Global, "Draft kept: press {new} to go on with it"));
            }
            (None, app.keep_draft(DraftKind::Entry, &super::drafts::entry_draft(lane, task, p.input.text())))
        }
        (PromptPurpose::StopTimerAt { running }, Some(Command::PromptAccept)) => {
            answer(app, p, |app, text| hours::stop_at(app, &running, text))
        }
        (PromptPurpose::SplitTime { entry, offered }, Some(Command::PromptAccept)) => {
            answer(app, p, |app, text| hours::split(app, &entry, text, &offered))
        }
        (PromptPurpose::BillWeek, Some(Command::PromptAccept)) => answer(app, p, hours::bill),
        (PromptPurpose::ReviewRisk { risk }, Some(Command::PromptAccept)) => {
            answer(app, p, |app, text| risks::review_until(app, &risk, text))
        }
        (PromptPurpose::AddPoint { person }, Some(Command::PromptAccept)) => match people::add_point(app, &person, p.input.text()) {
            Ok(apply) => {
                // The draft is let go first, so that the save's outcome is what the status line
                // says; a save refused brings the prompt back, its text and all.
                let mut effects = let_go_keyed_draft(app, DraftKind::Point, &person.id.to_string());
                app.saving = Some(Modal::Prompt(p));
                effects.extend(apply);
                (None, effects)
            }
            Err(refusal) => {
                app.error(refusal.to_string());
                (Some(Modal::Prompt(p)), vec![])
            }
        },
        (PromptPurpose::AddPoint { person }, Some(Command::PromptCancel)) => {
            (None, keep_keyed_draft(app, DraftKind::Point, &person.id.to_string(), p.input.text(), "{add_point}", Scope::People))
        }
        (PromptPurpose::ScoreVendor { vendor }, Some(Command::PromptAccept)) => {
            answer(app, p, |app, text| vendors::score(app, &vendor, text))
        }
        (PromptPurpose::Reaffirm { decision }, Some(Command::PromptAccept)) => {
            answer(app, p, |app, text| agenda::reaffirm_until(app, &decision, text))
        }
        (PromptPurpose::AdrFolder, Some(Command::PromptAccept)) => answer(app, p, decisions::export_to),
        (PromptPurpose::TimerLimit, Some(Command::PromptAccept)) => answer(app, p, settings_typed::timer_limit),
        (PromptPurpose::StartScreen, Some(Command::PromptAccept)) => answer(app, p, settings_typed::start_screen),
        (PromptPurpose::StatusReason(preview), Some(Command::PromptAccept)) => {
            // (The preview is always of the current client: its draft is that client's.)
            let mut effects = let_go_keyed_draft(app, DraftKind::Reason, &preview.summary.week.to_string());
            let (modal, saved) = super::preview::reason_entered(*preview, p.input.text());
            effects.extend(saved);
            (modal, effects)
        }
        (PromptPurpose::StatusReason(preview), Some(Command::PromptCancel)) => {
            // (What was typed is a draft only when it is not the reason kept.)
            let kept = preview.summary.status.as_ref().map_or("", |s| s.reason.as_str());
            let typed = if p.input.text() == kept { "" } else { p.input.text() };
            let effects =
                keep_keyed_draft(app, DraftKind::Reason, &preview.summary.week.to_string(), typed, "{preview_reason}", Scope::Preview);
            (Some(Modal::Preview(preview)), effects)
        }
        // Every other prompt closes as it is.
        (_, Some(Command::PromptCancel)) => (None, vec![]),
        _ => {
            if let Some(op) = text_op(&app.keymap, key) {
                let changed = p.input.apply(op);
                if changed && p.purpose == PromptPurpose::Filter {
                    app.set_filter(p.input.text().to_string());
                }
            }
            (Some(Modal::Prompt(p)), vec![])
        }
    }
}

/// Esc in a prompt whose text is kept as a draft for `key` (a person, a week; see
/// [`drafts::keyed`]): what was typed is kept (in place of any other of `kind` in this client),
/// and said so with the key that goes on with it (`again`, in `scope`); nothing typed, a draft
/// kept for that key is let go, and one kept for another stays.
fn keep_keyed_draft(app: &mut App, kind: DraftKind, key: &str, typed: &str, again: &str, scope: Scope) -> Vec<Effect> {
    if typed.trim().is_empty() {
        return let_go_keyed_draft(app, kind, key);
    }
    // (One draft of a kind is kept: one left for another record goes, and is said to.)
    let gone = match drafts::read_keyed(app.draft(kind)) {
        (Some(k), text) if k != key && !text.trim().is_empty() => {
            let whose = app.data.people.iter().find(|p| p.id.to_string() == k).map_or("another".to_string(), |p| p.name.clone());
            let text: String = text.chars().take(40).collect::<String>() + if text.chars().count() > 40 { "…" } else { "" };
            format!(" (the draft left for {whose} before it, '{}', is let go: one is kept)", text.trim())
        }
        _ => String::new(),
    };
    app.info(app.keymap.say(scope, &format!("Draft kept: press {again} to go on with it{gone}")));
    app.keep_draft(kind, &drafts::keyed(key, typed))
}

/// The draft of `kind` kept for `key`, let go (one kept for another stays).
fn let_go_keyed_draft(app: &mut App, kind: DraftKind, key: &str) -> Vec<Effect> {
    match drafts::kept_for(app, kind, key) {
        Some(_) => app.keep_draft(kind, ""),
        None => vec![],
    }
}

/// Enter in a prompt whose text is checked: on an error the prompt stays, saying what is wrong.
fn answer(app: &mut App, p: Prompt, f: impl FnOnce(&mut App, &str) -> Result<Vec<Effect>, Refusal>) -> Outcome {
    let text = p.input.text().to_string();
    match f(app, &text) {
        Ok(effects) => (None, effects),
        Err(refusal) => {
            app.error(refusal.to_string());
            (Some(Modal::Prompt(p)), vec![])
        }
    }
}

fn choose_key(app: &mut App, c: super::modal::Choose, key: Key) -> Outcome {
    // Its options' letters first; the prompts' cancel key leaves it as it is.
    match key.code {
        KeyCode::Char(k) if !key.ctrl && !key.alt && c.options.iter().any(|(o, _)| *o == k) => match &c.purpose {
            super::modal::ChoosePurpose::Sync { conflict } => (None, super::sync::choose(app, conflict.as_deref(), k)),
            _ => (None, hours::choose(app, &c, k)),
        },
        _ if app.keymap.overlay(Scope::Prompt, key) == Some(Command::PromptCancel) => (None, vec![]),
        _ if c.purpose == super::modal::ChoosePurpose::Said && app.keymap.overlay(Scope::Prompt, key) == Some(Command::PromptAccept) => {
            (None, vec![])
        }
        // (Offered on a switch of client, it comes up while the user may be typing on: any other
        // key keeps the timer where it runs, says so, and acts as it would have.)
        _ if matches!(c.purpose, super::modal::ChoosePurpose::MoveTimer { .. }) => {
            let kept = c.options.iter().find(|(o, _)| *o == 'n').map(|(_, said)| said.clone()).unwrap_or_default();
            (None, vec![Effect::Rekey { key, said: format!("The timer runs on ({kept}; the key went on)") }])
        }
        _ => (Some(Modal::Choose(c)), vec![]),
    }
}

fn help_key(app: &App, mut scroll: usize, key: Key) -> Outcome {
    match app.keymap.overlay(Scope::Help, key) {
        Some(Command::HelpClose) => (None, vec![]),
        Some(cmd) if cmd.is_movement() => {
            // The scroll position moves like a selection over the lines that can be on top.
            super::move_in_list(&mut scroll, super::help::max_scroll(app) + 1, super::help::visible(app), cmd);
            (Some(Modal::Help { scroll }), vec![])
        }
        _ => (Some(Modal::Help { scroll }), vec![]),
    }
}

/// Whether `key` is the new-line key in a multi-line field: with any modifier the form does not
/// bind itself (Ctrl-Enter saves).
fn newline_key(app: &App, key: Key) -> bool {
    let keys = &app.keymap;
    keys.exact(Scope::Text, key) == Some(Command::TextNewline)
        || (keys.overlay(Scope::Text, key) == Some(Command::TextNewline) && keys.exact(Scope::Form, key).is_none())
}

/// Whether `key` is form `f`'s save key where its focus is (in a multi-line field, the key of a
/// new line is not).
pub(super) fn saves(app: &App, f: &Form<FormPurpose>, key: Key) -> bool {
    let block = matches!(f.focused().value, form::Value::Block(_));
    app.keymap.overlay(Scope::Form, key) == Some(Command::FormSave) && !(block && newline_key(app, key))
}

fn form_key(app: &mut App, mut f: Form<FormPurpose>, key: Key) -> Outcome {
    if f.confirm_discard {
        // Its answer discards, or goes back to the form. Any other key goes back to the form
        // and acts there: one pressed after a stray Esc is text being typed, never dropped
        // (nor read as an answer later). A key that would save only goes back: the question
        // was about leaving without saving.
        f.confirm_discard = false;
        let saves = saves(app, &f, key);
        match app.keymap.overlay(Scope::Confirm, key) {
            Some(Command::ConfirmDiscard) => {
                let mut effects = meeting::forget_draft(app, &f);
                effects.extend(decisions::forget_carried_draft(app, &f));
                effects.extend(super::form_drafts::forget(app, &f));
                let undo = app.keymap.say(Scope::Global, " ({undo} brings it back)");
                let back = if app.discarded(f) { undo.as_str() } else { "" };
                app.info(format!("Discarded{back}"));
                return (None, effects);
            }
            Some(Command::ConfirmKeep) => return (Some(Modal::Form(Box::new(f))), vec![]),
            _ if saves => return (Some(Modal::Form(Box::new(f))), vec![]),
            _ => {}
        }
    }
    let keep = |f: Form<FormPurpose>| (Some(Modal::Form(Box::new(f))), vec![]);
    let block = matches!(f.focused().value, form::Value::Block(_));
    if !block && newline_in_one_line(app, Scope::Form, key) {
        return keep(f);
    }
    if block && newline_key(app, key) {
        f.newline();
        // A meeting's notes are kept at every line: a crash loses at most the one being typed.
        let effects = meeting::keep_draft(app, &f);
        return (Some(Modal::Form(Box::new(f))), effects);
    }
    match app.keymap.overlay(Scope::Form, key) {
        Some(Command::FormCancel) => {
            if f.is_changed() {
                f.confirm_discard = true;
                keep(f)
            } else {
                (None, vec![])
            }
        }
        Some(Command::FormSave) => match submit(app, &f) {
            Ok(mut effects) => {
                // (After the change: a save that fails opens the form again, and its text is
                // kept again then.)
                effects.extend(super::form_drafts::forget(app, &f));
                // Kept until the change is stored: a save that fails opens the form again.
                app.saving = Some(Modal::Form(Box::new(f)));
                (None, effects)
            }
            Err(refusal) => {
                f.error = Some(refusal.to_string());
                keep(f)
            }
        },
        Some(Command::FormEditor) => match f.focused().value.text() {
            Some(text) => (Some(Modal::Form(Box::new(f))), vec![Effect::EditExternally { text }]),
            None => keep(f),
        },
        // In a multi-line field the arrows move between its lines and stay in it at its first
        // and last (Tab leaves it): a Down past the notes' end, then Enter for a new line, saved
        // the form, and what was typed next acted on the screen under it.
        Some(cmd @ (Command::FormNextField | Command::FormPrevField)) => {
            let forward = cmd == Command::FormNextField;
            match matches!(key.code, KeyCode::Up | KeyCode::Down) && f.in_lines() {
                true => _ = f.vertical(forward),
                false => f.next(forward),
            }
            keep(f)
        }
        // On a choice or a score; in a text field the key is the text's (and a space goes on
        // a choice's name being typed).
        Some(cmd @ (Command::ChoiceNext | Command::ChoicePrev))
            if f.focused().value.text().is_none() && !(key.code == KeyCode::Char(' ') && f.takes_space()) =>
        {
            f.step(cmd == Command::ChoiceNext);
            keep(f)
        }
        _ => {
            if let Some(op) = text_op(&app.keymap, key) {
                f.edit(op);
            }
            keep(f)
        }
    }
}

fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    match &f.purpose {
        FormPurpose::NewDecision | FormPurpose::EditDecision(_) | FormPurpose::ReplaceDecision(_) | FormPurpose::DecisionAgain(_) => {
            decisions::submit(app, f)
        }
        FormPurpose::NewItem | FormPurpose::EditItem(_) | FormPurpose::ItemToTask(_) => matrix::submit(app, f),
        FormPurpose::EditEntry(_) => week::submit(app, f),
        FormPurpose::NewClient | FormPurpose::EditClient(_) => clients::submit(app, f),
        FormPurpose::NewTime | FormPurpose::EditTime(_) => hours::submit(app, f),
        FormPurpose::NewRisk | FormPurpose::EditRisk(_) => risks::submit(app, f),
        FormPurpose::NewAction | FormPurpose::EditAction(_) => actions::submit(app, f),
        FormPurpose::Meeting(_) => meeting::submit(app, f),
        FormPurpose::NewVendor | FormPurpose::EditVendor(_) => vendors::submit(app, f),
        FormPurpose::NewPerson
        | FormPurpose::EditPerson(_)
        | FormPurpose::OneOnOne(_)
        | FormPurpose::NewOpening
        | FormPurpose::EditOpening(_) => people::submit(app, f),
    }
}
