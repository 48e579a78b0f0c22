//! `update`: an action changes the model and asks for effects. The one writer of `App`
//! besides the handlers it calls (the screens' modules and the overlays').

use super::*;

pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    // (A notice asks for nothing: one saying that a reload failed must not ask for another.)
    let notice = matches!(action, Action::Notice { .. });
    let form_open = form_drafts::open(app.modal.as_ref());
    let effects = match action {
        Action::Run(cmd) => {
            app.status = None;
            run(app, cmd)
        }
        Action::ModalKey(key) => {
            app.status = None;
            let mut effects = modal_update::key(app, key);
            // (A client archived elsewhere while the overlay was open is left now.)
            if app.modal.is_none() {
                effects.extend(app.keep_client_current());
            }
            effects
        }
        Action::Typed(text) => {
            app.status = None;
            modal_update::typed(app, &text)
        }
        Action::Paste(text) => modal_update::paste(app, text),
        Action::Loaded(data) => return loaded(app, *data, true),
        Action::ClientLoaded(data) => return loaded(app, *data, false),
        Action::LogRead { query, log, partial } => return log_read(app, query, log, partial),
        Action::Ranked(r) => {
            app.ranked(*r);
            vec![]
        }
        Action::Applied { change, kind } => applied(app, change, kind),
        Action::Failed { message, kind } => {
            app.after_apply = None;
            match kind {
                ApplyKind::Do => {
                    if let Some(mut modal) = app.saving.take() {
                        if let Modal::Form(f) = &mut modal {
                            f.error = Some(format!("Not saved: {message}{}", super::meeting::without_its_time(f, &message)));
                        }
                        app.modal = Some(modal);
                    }
                    app.error(format!("Not saved: {message}"));
                }
                ApplyKind::Delete => app.error(format!("Not deleted: {message}")),
                ApplyKind::Undo => app.error(format!("Could not undo: {message}")),
                ApplyKind::Redo => app.error(format!("Could not redo: {message}")),
            }
            vec![Effect::Reload]
        }
        Action::Tick { today, now } => return tick(app, today, now),
        Action::Resize { width, height } => {
            app.size = (width, height);
            vec![]
        }
        Action::ForgottenTimer { running, last } => {
            hours::ask_forgotten(app, *running, last);
            vec![]
        }
        Action::Notice { text, error } => {
            app.status = Some(StatusLine { text, error });
            vec![]
        }
        Action::Summary { summary, then } => preview::arrived(app, *summary, then),
        Action::DecisionRead { decision, then } => agenda::read(app, decision.map(|d| *d), then),
        // (When the read failed, the notice saying why stays.)
        Action::Chosen(cmd) if app.holds_what_is_wanted() => picker::act(app, cmd),
        Action::Chosen(_) => vec![],
        Action::WholeRead { read, unreadable, held } => whole::read(app, read, unreadable, &held),
        Action::LinksRead { of, supersedes, replaced_by } => decisions::links_read(app, of, supersedes, replaced_by),
        Action::SelectedItemRead { of, newest, made_of } => matrix::selected_item_read(app, of, newest, made_of),
        Action::ItemRead { task, item, made_of } => week::toggle_done_with(app, task, item.map(|i| *i), &made_of),
        Action::ItemsToCarryRead { finished: Ok(finished) } => week::carry_over_with(app, &finished),
        Action::ItemsToCarryRead { finished: Err(why) } => {
            app.error(format!("Nothing carried: could not read the matrix items of the open tasks: {why}"));
            vec![]
        }
        Action::Edited(result) => {
            match (result, app.modal.as_mut()) {
                (Ok(text), Some(Modal::Form(f))) => {
                    f.set_text(&text);
                    f.error = None;
                }
                (Err(e), _) => app.error(format!("The editor did not return the text: {e}; the field is as it was")),
                _ => {}
            }
            vec![]
        }
    };
    app.redraw = true;
    app.follow_selections();
    let restored = form_drafts::bring_back(app, form_open);
    // A screen that needs data not loaded yet (the decision log, the week board, the matrix)
    // asks for it: for the log alone, the log alone is read; for more of the same client's, the
    // client's data.
    let mut effects = effects;
    effects.extend(restored);
    let asked = effects.iter().any(|e| matches!(e, Effect::Reload | Effect::ReadClient));
    let wanted = app.query();
    if let Some(held) = app.data.query.filter(|q| *q != wanted && !notice && !asked) {
        effects.push(if (Query { decisions: true, ..held }) == wanted {
            Effect::ReadLog
        } else if (held.client, held.week, held.today) == (wanted.client, wanted.week, wanted.today) {
            Effect::ReadClient
        } else {
            Effect::Reload
        });
    }
    effects
}

/// On every tick: what is typed into the open capture line, new-entry prompt or form, kept as
/// its draft when it changed since it was last kept, so that a terminal closed under
/// the app (which ends it at once) loses less than a second of typing. (A 1:1 point's and a
/// reason's drafts are kept on Esc alone: kept here, an empty prompt for one person would let
/// go the draft of another.)
fn keep_typed(app: &mut App) -> Vec<Effect> {
    let typed = match &app.modal {
        Some(Modal::Capture(line)) => Some((drafts::DraftKind::Capture, line.text().to_string())),
        Some(Modal::Prompt(p)) => match p.purpose {
            modal::PromptPurpose::NewEntry { lane, task } => {
                Some((drafts::DraftKind::Entry, drafts::entry_draft(lane, task, p.input.text())))
            }
            _ => None,
        },
        _ => None,
    };
    match typed {
        Some((kind, text)) if text != app.draft(kind) => app.keep_draft(kind, &text),
        Some(_) => vec![],
        None => {
            let mut effects = meeting::keep_changed_draft(app);
            effects.extend(form_drafts::keep_typed(app));
            effects
        }
    }
}

fn tick(app: &mut App, today: NaiveDate, now: Timestamp) -> Vec<Effect> {
    // A running timer is shown to the minute it has run: redraw when that changes, not more
    // often.
    if app.data.running.as_ref().is_some_and(|r| r.seconds(now).div_euclid(60) != r.seconds(app.now).div_euclid(60)) {
        app.redraw = true;
    }
    app.now = now;
    let kept = keep_typed(app);
    if today == app.today {
        return kept;
    }
    // Past midnight: the highlight moves; if "this week" was shown, the new week is shown.
    let was_this_week = app.shown_week == app.this_week();
    app.today = today;
    if was_this_week {
        app.shown_week = app.this_week();
    }
    app.redraw = true;
    kept.into_iter().chain([Effect::Reload]).collect()
}

fn loaded(app: &mut App, data: Data, agenda_too: bool) -> Vec<Effect> {
    // Selections are read while the lists they point into are still there.
    let kept = app.kept_for_reload.take().unwrap_or_else(|| app.kept());
    app.data = data;
    app.data.items.sort_by(matrix::order);
    // (What is read for the selected item is read again: any change may add a re-scoring or
    // a task.)
    app.matrix.read_for_selected = Default::default();
    let d = &mut app.data;
    for entries in [&mut d.entries, &mut d.next_entries, &mut d.prev_entries] {
        entries.sort_by(week::order);
    }
    if agenda_too {
        agenda::rebuild(app);
    }
    app.redraw = true;
    let mut effects = app.keep_client_current();
    app.from_today = false;
    app.refresh_views(kept);
    app.follow_selections();
    decisions::say_if_hidden(app);
    app.focus = None;
    rebase::follow_open_form(app);
    // An open summary preview follows the database: what is shown is what would be copied.
    if let Some(Modal::Preview(p)) = &app.modal {
        effects.push(Effect::BuildSummary { client: p.client, week: p.summary.week, then: preview::Then::Show });
    }
    if !app.holds_what_is_wanted() && !effects.contains(&Effect::Reload) {
        effects.push(Effect::Reload);
    }
    effects
}

fn log_read(app: &mut App, query: Query, log: std::sync::Arc<crate::domain::DecisionLog>, partial: bool) -> Vec<Effect> {
    let kept = app.kept_for_reload.take().unwrap_or_else(|| app.kept());
    (app.data.decisions, app.data.decisions_partial, app.data.query) = (log, partial, Some(query));
    app.redraw = true;
    app.refresh_views(kept);
    app.follow_selections();
    app.focus = None;
    if !app.holds_what_is_wanted() {
        return vec![Effect::Reload];
    }
    vec![]
}

fn applied(app: &mut App, change: Change, kind: ApplyKind) -> Vec<Effect> {
    app.saving = None;
    // (What was read for the selected item may be out of date: read again after the reload.)
    app.matrix.read_for_selected = Default::default();
    app.forget_discarded();
    app.undo_elsewhere_asked = None;
    let label = change.label.clone();
    let selected = app.selections();
    // (The record selected, when the change edits it among others, as billing a week does: the
    // selection stays on it. Else the first the change leaves.)
    let shown = app.screen.selected_id(app).filter(|id| change.edits.iter().any(|e| e.after.as_ref().is_some_and(|r| r.id() == *id)));
    app.focus = shown.or_else(|| change.edits.iter().find_map(|e| e.after.as_ref()).map(Record::id));
    match kind {
        ApplyKind::Do | ApplyKind::Delete => {
            let codes: Vec<String> = change
                .edits
                .iter()
                .filter_map(|e| match (&e.before, &e.after) {
                    (None, Some(Record::Decision(d))) => Some(d.code()),
                    _ => None,
                })
                .collect();
            let numbered = (!codes.is_empty()).then(|| codes.join(", "));
            let also = app.after_apply.take().map(|a| format!(" · {a}")).unwrap_or_default();
            match numbered {
                Some(code) => {
                    let undo = app.keymap.say(Scope::Global, "{undo} undoes");
                    // (After what was made, before what a meeting's message says of other records.)
                    let at = crate::ops::meetings::LABEL_NOTES.iter().filter_map(|n| label.find(n)).min().unwrap_or(label.len());
                    // (A meeting's count of what it made is followed by its decisions' codes.)
                    let meeting = change.edits.iter().any(|e| matches!(e.after, Some(Record::Meeting(_))));
                    let code = if meeting { format!(" ({code})") } else { format!(" as {code}") };
                    app.info(format!("{}{code}{}  ({undo}){also}", &label[..at], &label[at..]))
                }
                None => app.info(format!("{label}{also}")),
            }
            app.history.record(change, selected, app.client);
        }
        ApplyKind::Undo => {
            let also = app.after_apply.take().map(|a| format!(" · {a}")).unwrap_or_default();
            app.info(format!("Undid: {label}{also}"));
            // (Undoing what made the record a screen has selected: back to what it had selected
            // when it was made.)
            let removed: Vec<Id> =
                change.edits.iter().filter(|e| e.after.is_none()).filter_map(|e| e.before.as_ref().map(Record::id)).collect();
            if let Some(before) = app.history.undone(change) {
                app.reselect(&removed, &before);
            }
        }
        ApplyKind::Redo => {
            let also = app.after_apply.take().map(|a| format!(" · {a}")).unwrap_or_default();
            app.info(format!("Redid: {label}{also}"));
            app.history.redone(change, selected);
        }
    }
    vec![Effect::Reload]
}

pub(super) fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::ToggleTimer => return hours::toggle_timer(app),
        Command::NextScreen => app.screen = app.screen.step(true),
        Command::PrevScreen => app.screen = app.screen.step(false),
        Command::CaptureDecision => {
            if app.need_client().is_some() {
                let draft = app.draft(drafts::DraftKind::Capture).to_string();
                drafts::say_back(app, &draft);
                app.modal = Some(Modal::Capture(textline::TextLine::new(&draft)));
            }
        }
        Command::Meeting => return meeting::open_new(app),
        Command::SwitchClient => {
            if app.active_clients().next().is_none() {
                let message = app.no_client_message();
                app.error(message);
            } else {
                // The cursor starts on the current client.
                let selected = picker::client_matches(app, "").iter().position(|(id, _)| Some(*id) == app.client).unwrap_or(0);
                app.modal = Some(Modal::Picker(modal::Picker { selected, ..Default::default() }));
            }
        }
        Command::Palette => app.modal = Some(Modal::Palette(modal::Picker::default())),
        Command::RenameClient => {
            if let Some(id) = app.need_client() {
                return clients::edit_form(app, id);
            }
        }
        Command::Backup => return vec![Effect::Backup],
        Command::Sync => return super::sync::run(app),
        Command::TimerLimit => {
            app.modal = Some(Modal::Prompt(modal::Prompt {
                title: "Hours after which a running timer counts as forgotten".into(),
                hint: app.keymap.say(Scope::Prompt, "a number of hours (10 unless set) · {prompt_accept} saves · {prompt_cancel} cancels"),
                input: textline::TextLine::new(""),
                purpose: modal::PromptPurpose::TimerLimit,
            }))
        }
        Command::StartScreen => {
            app.modal = Some(Modal::Prompt(modal::Prompt {
                title: "The screen Cockpit opens on".into(),
                hint: app.keymap.say(
                    Scope::Prompt,
                    "auto (Today when more than one client is active, else Week), today or week · {prompt_accept} saves",
                ),
                input: textline::TextLine::new(""),
                purpose: modal::PromptPurpose::StartScreen,
            }))
        }
        Command::Help => app.modal = Some(Modal::Help { scroll: 0 }),
        Command::Filter => {
            if app.screen == Screen::Decisions {
                decisions::typing_from_here(app);
            }
            app.modal = Some(Modal::Prompt(modal::Prompt {
                title: format!("Filter {}", app.screen.title()),
                hint: app.keymap.say(Scope::Prompt, "type to narrow · {prompt_accept} keeps the filter · {prompt_cancel} clears it"),
                input: textline::TextLine::new(app.filter()),
                purpose: modal::PromptPurpose::Filter,
            }))
        }
        Command::Undo if app.can_bring_back() => return app.bring_back_discarded(),
        Command::Undo if app.said_lapsed() || app.asked_to_undo_elsewhere() => {}
        Command::Undo => match app.history.take_undo() {
            Some(change) => return vec![Effect::Apply { change, kind: ApplyKind::Undo }],
            None => app.info("Nothing to undo"),
        },
        Command::Redo => match app.history.take_redo() {
            Some(change) => return vec![Effect::Apply { change, kind: ApplyKind::Redo }],
            None => app.info("Nothing to redo"),
        },
        Command::CopySummary | Command::CopySummaryNow => {
            if let Some(client) = app.need_client() {
                let then = if cmd == Command::CopySummaryNow { preview::Then::CopyNow } else { preview::Then::Show };
                return vec![Effect::BuildSummary { client, week: app.shown_week, then }];
            }
        }
        Command::Quit => return vec![Effect::Quit],
        Command::Suspend => return vec![Effect::Suspend],
        Command::PrevWeek | Command::NextWeek if app.screen == Screen::Hours && hours::by_month(app) => {
            return hours::shift_month(app, cmd == Command::NextWeek)
        }
        Command::PrevWeek => return show_week(app, app.shown_week.prev()),
        Command::NextWeek => return show_week(app, app.shown_week.next()),
        Command::ThisWeek => return show_week(app, app.this_week()),
        _ => match Screen::shown_by(cmd) {
            Some(screen) => app.screen = screen,
            None => return app.screen.run(app, cmd),
        },
    }
    vec![]
}

pub(super) fn show_week(app: &mut App, week: IsoWeek) -> Vec<Effect> {
    if week == app.shown_week {
        return vec![];
    }
    if !week_in_range(week) {
        app.error("Cockpit's calendar runs from 1970 to 9999");
        return vec![];
    }
    app.shown_week = week;
    app.week.reset();
    vec![Effect::Reload]
}

/// The first row in view of a list of `len` rows, `rows` of them in view: as [`scrolled`], and
/// never so far down that the view could hold rows above it (a list a filter shrank starts at
/// its top).
pub fn in_view(offset: usize, sel: usize, rows: usize, len: usize) -> usize {
    scrolled(offset, sel, rows).min(len.saturating_sub(rows.max(1)))
}

/// The first row in view of a list of `rows` rows: `offset` unless the selection is outside it.
pub fn scrolled(offset: usize, sel: usize, rows: usize) -> usize {
    let rows = rows.max(1);
    if sel < offset {
        sel
    } else if sel >= offset + rows {
        sel + 1 - rows
    } else {
        offset
    }
}

/// Moves a list selection for the movement commands; false for any other command.
pub(super) fn move_in_list(sel: &mut usize, n: usize, page: usize, cmd: Command) -> bool {
    let last = n.saturating_sub(1);
    *sel = match cmd {
        Command::Up | Command::Left => sel.saturating_sub(1),
        Command::Down | Command::Right => (*sel + 1).min(last),
        Command::PageUp => sel.saturating_sub(page),
        Command::PageDown => (*sel + page).min(last),
        Command::First => 0,
        Command::Last => last,
        _ => return false,
    };
    true
}
