//! Keys and pastes while a modal is open.

use super::drafts::DraftKind;
use super::form::{self, Form};
use super::modal::{FormPurpose, Modal, Picker, Prompt, PromptPurpose};
use super::textline::{TextLine, TextOp};
use super::*;
use crate::keymap::KeyCode;

/// The text edit a key means in a one-line field, if any.
pub fn text_op(key: Key) -> Option<TextOp> {
    Some(match (key.code, key.ctrl, key.alt) {
        (KeyCode::Char(c), false, false) => TextOp::Insert(c),
        (KeyCode::Backspace, _, true) | (KeyCode::Char('w'), true, _) | (KeyCode::Char('h'), true, true) => TextOp::DeleteWord,
        (KeyCode::Backspace, _, _) | (KeyCode::Char('h'), true, false) => TextOp::Backspace,
        (KeyCode::Delete, _, _) | (KeyCode::Char('d'), true, _) => TextOp::Delete,
        (KeyCode::Left, true, _) | (KeyCode::Char('b'), false, true) => TextOp::WordLeft,
        (KeyCode::Right, true, _) | (KeyCode::Char('f'), false, true) => TextOp::WordRight,
        (KeyCode::Left, _, _) | (KeyCode::Char('b'), true, _) => TextOp::Left,
        (KeyCode::Right, _, _) | (KeyCode::Char('f'), true, _) => TextOp::Right,
        (KeyCode::Home, _, _) | (KeyCode::Char('a'), true, _) => TextOp::Home,
        (KeyCode::End, _, _) | (KeyCode::Char('e'), true, _) => TextOp::End,
        (KeyCode::Char('u'), true, _) => TextOp::KillToStart,
        (KeyCode::Char('k'), true, _) => TextOp::KillToEnd,
        _ => return None,
    })
}

pub fn key(app: &mut App, key: Key) -> Vec<Effect> {
    let Some(modal) = app.modal.take() else { return vec![] };
    let (modal, effects) = match modal {
        Modal::Capture(line) => capture_key(app, line, key),
        Modal::Prompt(p) => prompt_key(app, p, key),
        Modal::Picker(p) => picker_key(app, p, key, false),
        Modal::Palette(p) => picker_key(app, p, key, true),
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
        Some(Modal::Picker(p)) | Some(Modal::Palette(p)) => {
            p.query.apply(TextOp::Paste(text));
            p.selected = 0;
        }
        Some(Modal::Form(f)) => f.edit(TextOp::Paste(text)),
        _ => app.info("Paste goes into a prompt: press d to capture a decision or n for a new entry first"),
    }
    app.redraw = true;
    vec![]
}

type Outcome = (Option<Modal>, Vec<Effect>);

fn capture_key(app: &mut App, mut line: TextLine, key: Key) -> Outcome {
    match key.code {
        KeyCode::Enter => {
            let parsed = crate::domain::capture::parse(line.text(), app.today);
            if parsed.title.is_empty() {
                app.error("Type the decision's title, then Enter (Esc keeps it as a draft)");
                return (Some(Modal::Capture(line)), vec![]);
            }
            let Some(client) = app.client else { return (None, vec![]) };
            let mut d = Decision::captured(app.new_id(), client, &parsed.title, app.today, app.now);
            apply_parsed(&mut d, &parsed);
            // Said with the stored decision's number once it is stored.
            let change = match crate::ops::decisions::add(d, "Captured") {
                Ok(change) => change,
                Err(e) => {
                    app.error(super::say(&e));
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
        KeyCode::Tab => {
            let parsed = crate::domain::capture::parse(line.text(), app.today);
            let Some(client) = app.client else { return (None, vec![]) };
            let mut d = Decision::captured(app.new_id(), client, &parsed.title, app.today, app.now);
            apply_parsed(&mut d, &parsed);
            let mut f = decisions::form(&d, FormPurpose::NewDecision);
            f.carried = !line.is_empty();
            (Some(Modal::Form(Box::new(f))), app.keep_draft(DraftKind::Capture, ""))
        }
        KeyCode::Esc => {
            if !line.is_empty() {
                app.info("Draft kept: press d to go on with it");
            }
            (None, app.keep_draft(DraftKind::Capture, line.text()))
        }
        _ => {
            if let Some(op) = text_op(key) {
                line.apply(op);
            }
            (Some(Modal::Capture(line)), vec![])
        }
    }
}

fn apply_parsed(d: &mut Decision, p: &crate::domain::capture::Parsed) {
    d.tags = p.tags.clone();
    if let Some(r) = p.reversibility {
        d.reversibility = r;
    }
    if let Some(s) = p.status {
        d.status = s;
    }
    d.revisit = p.revisit;
    d.private = p.private;
}

fn prompt_key(app: &mut App, mut p: Prompt, key: Key) -> Outcome {
    match (p.purpose.clone(), key.code) {
        (PromptPurpose::Filter, KeyCode::Esc) => {
            app.set_filter(String::new());
            (None, vec![])
        }
        (PromptPurpose::Filter, KeyCode::Enter) => (None, vec![]),
        (PromptPurpose::Filter, KeyCode::Up | KeyCode::Down) => {
            let cmd = if key.code == KeyCode::Up { Command::Up } else { Command::Down };
            let effects = super::run(app, cmd);
            (Some(Modal::Prompt(p)), effects)
        }
        (PromptPurpose::NewEntry { lane, task }, KeyCode::Tab) => {
            p.purpose = PromptPurpose::NewEntry { lane, task: !task };
            p.title = week::entry_prompt_title(app, lane, !task);
            (Some(Modal::Prompt(p)), vec![])
        }
        (PromptPurpose::NewEntry { lane, task }, KeyCode::Enter) => {
            let mut effects = app.keep_draft(DraftKind::Entry, "");
            let Some(client) = app.current_client().filter(|_| !p.input.is_empty()).cloned() else { return (None, effects) };
            let typed = crate::ops::entries::Typed { week: app.shown_week, lane, text: p.input.text(), as_task: task, private: None };
            match crate::ops::entries::add(app.new_id(), &client, typed, app.now) {
                Ok(change) => {
                    app.saving = Some(Modal::Prompt(p.clone()));
                    effects.extend(app.apply(change));
                    (None, effects)
                }
                Err(e) => {
                    app.error(super::say(&e));
                    (Some(Modal::Prompt(p)), effects)
                }
            }
        }
        (PromptPurpose::NewEntry { .. }, KeyCode::Esc) => {
            if !p.input.is_empty() {
                app.info("Draft kept: press n to go on with it");
            }
            (None, app.keep_draft(DraftKind::Entry, p.input.text()))
        }
        (PromptPurpose::Supersede { new }, KeyCode::Enter) => {
            let effects = decisions::supersede(app, new, p.input.text());
            if app.status.as_ref().is_some_and(|s| s.error) {
                (Some(Modal::Prompt(p)), effects)
            } else {
                (None, effects)
            }
        }
        (PromptPurpose::Supersede { .. }, KeyCode::Esc) => (None, vec![]),
        (PromptPurpose::StopTimerAt { running }, KeyCode::Enter) => answer(app, p, |app, text| hours::stop_at(app, &running, text)),
        (PromptPurpose::SplitTime { entry }, KeyCode::Enter) => answer(app, p, |app, text| hours::split(app, &entry, text)),
        (PromptPurpose::BillWeek, KeyCode::Enter) => answer(app, p, hours::bill),
        (PromptPurpose::AdrFolder, KeyCode::Enter) => answer(app, p, decisions::export_to),
        (PromptPurpose::AdrFolder, KeyCode::Esc) => (None, vec![]),
        (PromptPurpose::StatusReason(preview), KeyCode::Enter) => super::preview::reason_entered(*preview, p.input.text()),
        (PromptPurpose::StatusReason(preview), KeyCode::Esc) => (Some(Modal::Preview(preview)), vec![]),
        (PromptPurpose::StopTimerAt { .. } | PromptPurpose::SplitTime { .. } | PromptPurpose::BillWeek, KeyCode::Esc) => (None, vec![]),
        _ => {
            if let Some(op) = text_op(key) {
                let changed = p.input.apply(op);
                if changed && p.purpose == PromptPurpose::Filter {
                    app.set_filter(p.input.text().to_string());
                }
            }
            (Some(Modal::Prompt(p)), vec![])
        }
    }
}

/// Enter in a prompt whose text is checked: on an error the prompt stays, saying what is wrong.
fn answer(app: &mut App, p: Prompt, f: impl FnOnce(&mut App, &str) -> Result<Vec<Effect>, String>) -> Outcome {
    let text = p.input.text().to_string();
    match f(app, &text) {
        Ok(effects) => (None, effects),
        Err(message) => {
            app.error(message);
            (Some(Modal::Prompt(p)), vec![])
        }
    }
}

fn choose_key(app: &mut App, c: super::modal::Choose, key: Key) -> Outcome {
    match key.code {
        KeyCode::Esc => (None, vec![]),
        KeyCode::Char(k) if c.options.iter().any(|(o, _)| *o == k) => (None, hours::choose(app, &c, k)),
        _ => (Some(Modal::Choose(c)), vec![]),
    }
}

fn picker_key(app: &mut App, mut p: Picker, key: Key, palette: bool) -> Outcome {
    let wrap = |p: Picker| if palette { Modal::Palette(p) } else { Modal::Picker(p) };
    let count = if palette { palette_matches(p.query.text()).len() } else { client_matches(app, p.query.text()).len() };
    // Letters type into the query: Tab, the arrows and the Page keys move.
    let movement = match key.code {
        KeyCode::Tab => Some(Command::Down),
        KeyCode::BackTab => Some(Command::Up),
        _ => list_command(key, false),
    };
    if let Some(cmd) = movement {
        super::move_in_list(&mut p.selected, count, picker_rows(app), cmd);
        return (Some(wrap(p)), vec![]);
    }
    match key.code {
        KeyCode::Esc => (None, vec![]),
        KeyCode::Enter if palette => match palette_matches(p.query.text()).get(p.selected) {
            Some((cmd, _)) => {
                let cmd = *cmd;
                (None, super::run(app, cmd))
            }
            None => (Some(wrap(p)), vec![]),
        },
        KeyCode::Enter => match client_matches(app, p.query.text()).get(p.selected) {
            Some((id, _)) => {
                let id = *id;
                (None, app.switch_client(id))
            }
            None => (Some(wrap(p)), vec![]),
        },
        _ => {
            if let Some(op) = text_op(key) {
                if p.query.apply(op) {
                    p.selected = 0;
                }
            }
            (Some(wrap(p)), vec![])
        }
    }
}

/// How many rows of a picker's list are in view (its box is at most 20 rows high).
fn picker_rows(app: &App) -> usize {
    (app.size.1 as usize).saturating_sub(2).min(20).saturating_sub(3).max(1)
}

/// Active clients matching the picker's query, best first, with matched positions in the name.
pub fn client_matches(app: &App, query: &str) -> Vec<(Id, Vec<usize>)> {
    let (p, mut m) = (search::Pattern::new(query), search::matcher());
    let mut found: Vec<(i64, usize, Id, Vec<usize>)> =
        app.active_clients().enumerate().filter_map(|(i, c)| p.matches(&mut m, &c.name).map(|(s, hits)| (s, i, c.id, hits))).collect();
    if !query.trim().is_empty() {
        found.sort_by_key(|(s, i, _, _)| (-s, *i));
    }
    found.into_iter().map(|(_, _, id, hits)| (id, hits)).collect()
}

/// Commands matching the palette's query (by name and description), best first.
pub fn palette_matches(query: &str) -> Vec<(Command, Vec<usize>)> {
    let (p, mut m) = (search::Pattern::new(query), search::matcher());
    let mut found: Vec<(i64, usize, Command, Vec<usize>)> = Command::ALL
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let text = format!("{} {}", c.description(), c.name());
            p.matches(&mut m, &text).map(|(s, hits)| (s, i, *c, hits))
        })
        .collect();
    if !query.trim().is_empty() {
        found.sort_by_key(|(s, i, _, _)| (-s, *i));
    }
    found.into_iter().map(|(_, _, c, hits)| (c, hits)).collect()
}

/// Keys in a list inside an overlay, as the screens' lists take them: arrows and j/k move one,
/// PageUp/PageDown (and Space) a visible height, g/G and Home/End to either end.
pub fn list_command(key: Key, letters: bool) -> Option<Command> {
    Some(match key.code {
        KeyCode::Up => Command::Up,
        KeyCode::Down => Command::Down,
        KeyCode::PageUp => Command::PageUp,
        KeyCode::PageDown => Command::PageDown,
        KeyCode::Char('k') if letters => Command::Up,
        KeyCode::Char('j') if letters => Command::Down,
        KeyCode::Char(' ') if letters => Command::PageDown,
        KeyCode::Home | KeyCode::Char('g') if letters => Command::First,
        KeyCode::End | KeyCode::Char('G') if letters => Command::Last,
        _ => return None,
    })
}

fn help_key(app: &App, mut scroll: usize, key: Key) -> Outcome {
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('?') | KeyCode::Enter => (None, vec![]),
        _ => {
            if let Some(cmd) = list_command(key, true) {
                // The scroll position moves like a selection over the lines that can be on top.
                super::move_in_list(&mut scroll, super::help::max_scroll(app) + 1, super::help::visible(app), cmd);
            }
            (Some(Modal::Help { scroll }), vec![])
        }
    }
}

fn form_key(app: &mut App, mut f: Form<FormPurpose>, key: Key) -> Outcome {
    if f.confirm_discard {
        // The question consumes only its answer: y discards, n or Esc goes back to the form,
        // any other key does nothing (and is not typed into the form).
        match key.code {
            KeyCode::Char('y') | KeyCode::Char('Y') => {
                app.info("Discarded");
                return (None, vec![]);
            }
            KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => f.confirm_discard = false,
            _ => {}
        }
        return (Some(Modal::Form(Box::new(f))), vec![]);
    }
    let multi_line = matches!(f.focused().value, form::Value::Block(_));
    match (key.code, key.ctrl) {
        (KeyCode::Esc, _) => {
            if f.is_changed() {
                f.confirm_discard = true;
                (Some(Modal::Form(Box::new(f))), vec![])
            } else {
                (None, vec![])
            }
        }
        (KeyCode::Enter, false) if multi_line => {
            f.newline();
            (Some(Modal::Form(Box::new(f))), vec![])
        }
        (KeyCode::Enter, _) | (KeyCode::Char('s'), true) => match submit(app, &f) {
            Ok(effects) => {
                // Kept until the change is stored: a save that fails opens the form again.
                app.saving = Some(Modal::Form(Box::new(f)));
                (None, effects)
            }
            Err(message) => {
                f.error = Some(message);
                (Some(Modal::Form(Box::new(f))), vec![])
            }
        },
        (KeyCode::Char('o'), true) => match f.focused().value.text() {
            Some(text) => (Some(Modal::Form(Box::new(f))), vec![Effect::EditExternally { text }]),
            None => (Some(Modal::Form(Box::new(f))), vec![]),
        },
        (KeyCode::Down, _) if f.vertical(true) => (Some(Modal::Form(Box::new(f))), vec![]),
        (KeyCode::Up, _) if f.vertical(false) => (Some(Modal::Form(Box::new(f))), vec![]),
        (KeyCode::Tab | KeyCode::Down, _) => {
            f.next(true);
            (Some(Modal::Form(Box::new(f))), vec![])
        }
        (KeyCode::BackTab | KeyCode::Up, _) => {
            f.next(false);
            (Some(Modal::Form(Box::new(f))), vec![])
        }
        (KeyCode::Left | KeyCode::Right, false) if f.focused().value.text().is_none() => {
            f.step(key.code == KeyCode::Right);
            (Some(Modal::Form(Box::new(f))), vec![])
        }
        (KeyCode::Char(' '), false) if matches!(f.focused().value, form::Value::Choice(..)) => {
            f.step(true);
            (Some(Modal::Form(Box::new(f))), vec![])
        }
        _ => {
            if let Some(op) = text_op(key) {
                f.edit(op);
            }
            (Some(Modal::Form(Box::new(f))), vec![])
        }
    }
}

fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, String> {
    match &f.purpose {
        FormPurpose::NewDecision | FormPurpose::EditDecision(_) => decisions::submit(app, f),
        FormPurpose::NewItem | FormPurpose::EditItem(_) | FormPurpose::ItemToTask(_) => matrix::submit(app, f),
        FormPurpose::EditEntry(_) => week::submit(app, f),
        FormPurpose::NewClient | FormPurpose::EditClient(_) => clients::submit(app, f),
        FormPurpose::NewTime | FormPurpose::EditTime(_) => hours::submit(app, f),
    }
}
