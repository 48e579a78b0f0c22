//! Retainer hours: the timer (any screen), and the Hours screen's state and commands: the shown
//! week's or month's time entries of the current client, by day, with totals; add, edit, split,
//! delete, bill.

use super::form::{self, FieldId, Form};
use super::modal::{Choose, ChoosePurpose, FormPurpose, Modal, Prompt, PromptPurpose};
use super::*;
use crate::domain::time::{self, Budget, Period, Totals};
use crate::ops::{self, OpError};
use chrono::{Datelike, Timelike};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct HoursView {
    pub sel: usize,
    pub filter: String,
    /// The month (true) or the week, as chosen; by default the month for a monthly retainer.
    pub by_month: Option<bool>,
}

/// Whether the Hours screen shows a month.
pub fn by_month(app: &App) -> bool {
    app.hours.by_month.unwrap_or_else(|| app.current_client().is_some_and(Client::is_monthly))
}

/// The month the shown week stands for: this month while this week is shown, else the month of
/// its Thursday (the ISO rule).
pub fn shown_month(app: &App) -> Period {
    if app.shown_week == app.this_week() {
        Period::month_of(app.today)
    } else {
        Period::month_of(app.shown_week.monday() + chrono::Days::new(3))
    }
}

/// The span the Hours screen shows: the month or the week.
pub fn period(app: &App) -> Period {
    if by_month(app) {
        shown_month(app)
    } else {
        Period::Week(app.shown_week)
    }
}

/// `[` and `]` on a month: the month before or after, through a week inside it (its 11th's,
/// which is never this week in another month).
pub fn shift_month(app: &mut App, forward: bool) -> Vec<Effect> {
    let Period::Month(y, m) = shown_month(app) else { return vec![] };
    let (y, m) = match (forward, m) {
        (true, 12) => (y + 1, 1),
        (true, m) => (y, m + 1),
        (false, 1) => (y - 1, 12),
        (false, m) => (y, m - 1),
    };
    let Some(eleventh) = NaiveDate::from_ymd_opt(y, m, 11) else { return vec![] };
    let week = if Period::month_of(app.today) == Period::Month(y, m) { app.this_week() } else { IsoWeek::of(eleventh) };
    super::update::show_week(app, week)
}

/// The current client's entries in the shown week or month, oldest first, after the filter.
pub fn shown(app: &App) -> Vec<&TimeEntry> {
    let Some(client) = app.client else { return vec![] };
    let (from, to) = period(app).bounds(&app.zone);
    let (p, mut m) = (search::Pattern::new(&app.hours.filter), search::matcher());
    app.data
        .time
        .iter()
        .filter(|e| e.client_id == client && e.start < to && e.reach(app.now) > from)
        .filter(|e| app.hours.filter.is_empty() || p.matches(&mut m, &describe(e)).is_some())
        .collect()
}

/// Whether a command acts on the hours as shown: entries are billed, not done.
pub fn available(app: &App, cmd: Command) -> bool {
    use Command::*;
    match cmd {
        ToggleDone => false,
        New => app.client.is_some(),
        BillWeek => shown(app).iter().any(|e| !e.billed && !e.is_running()),
        Open | Edit | DeleteTime | SplitTime | TogglePrivate => selected(app).is_some(),
        MoveTime => selected(app).is_some() && app.active_clients().nth(1).is_some(),
        _ => true,
    }
}

pub fn selected_id(app: &App) -> Option<Id> {
    selected(app).map(|t| t.id)
}

/// Rows in view: the list less its border, column titles and totals.
pub fn rows(_width: usize, body: usize) -> usize {
    body.saturating_sub(4)
}

pub fn selected(app: &App) -> Option<&TimeEntry> {
    shown(app).get(app.hours.sel).copied()
}

/// After a reload or a filter: the selection goes to the first of `keep` still shown, else stays
/// in place within the list.
pub fn keep(app: &mut App, keep: &[Option<Id>]) {
    let ids: Vec<Id> = shown(app).iter().map(|e| e.id).collect();
    super::screens::keep_selection(&mut app.hours.sel, &ids, keep);
}

/// What the filter searches and what labels an entry in messages.
pub fn describe(e: &TimeEntry) -> String {
    let lane = e.lane.map(|l| l.short_title()).unwrap_or("no lane");
    format!("{lane} {} {} {}", e.note, e.tags.join(" "), e.invoice)
}

/// `Wed 09:00–10:30` in local time; `Wed 09:00–…` while running.
pub fn span_label(zone: &Zone, e: &TimeEntry) -> String {
    span_named(zone, e, "%a")
}

/// [`span_label`], its first day named by `day` (a `strftime` format).
fn span_named(zone: &Zone, e: &TimeEntry, day: &str) -> String {
    let s = e.start.with_timezone(zone);
    let from = time::clock(zone, e.start);
    match e.end {
        Some(end) if end.with_timezone(zone).date_naive() == s.date_naive() => {
            format!("{} {from}–{}", s.format(day), time::clock(zone, end))
        }
        Some(end) => format!("{} {from}–{} {}", s.format(day), end.with_timezone(zone).format("%a"), time::clock(zone, end)),
        None => format!("{} {from}–…", s.format(day)),
    }
}

/// Seconds per client, day and lane over `period`, a running timer counted up to now.
pub fn totals(app: &App, period: Period) -> Totals {
    Totals::of(&app.zone, period, app.data.time.iter(), app.now)
}

/// The hours a client has used of the retainer that applies (the month for a monthly retainer,
/// else this week), a running timer counted up to now.
pub fn budget(app: &App, c: &Client) -> Budget {
    Budget::of(&app.zone, c, &app.data.time, app.today, app.now, carried(app, c.id, Period::month_of(app.today)))
}

/// The hours `client` carries into `month` (none for a week).
pub fn carried(app: &App, client: Id, month: Period) -> f64 {
    time::carried_hours(&app.data.carried, client, month)
}

/// The lane the timer starts in: the focused lane on the Week screen, else today's (none at
/// weekends).
fn timer_lane(app: &App) -> Option<Lane> {
    if app.screen == Screen::Week {
        Some(Lane::from_index(app.week.lane))
    } else {
        Lane::of_weekday(app.today.weekday())
    }
}

fn client_name(app: &App, id: Id) -> String {
    app.data.clients.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_else(|| "another client".into())
}

/// `i`: stops the running timer, or starts one on the current client. A timer running for
/// another client is stopped and a new one started here, in one step.
pub fn toggle_timer(app: &mut App) -> Vec<Effect> {
    let running = app.data.running.clone();
    match running {
        Some(r) if Some(r.client_id) == app.client => stop(app, &r, app.now),
        Some(r) => {
            let Some(client) = app.client else { return vec![] };
            start(app, Some(&r), client)
        }
        None => {
            let Some(client) = app.need_client() else { return vec![] };
            start(app, None, client)
        }
    }
}

/// Starts a timer for `client` now, stopping `running` in the same change.
fn start(app: &mut App, running: Option<&TimeEntry>, client: Id) -> Vec<Effect> {
    let t = TimeEntry::started(app.new_id(), client, timer_lane(app), app.now, app.now);
    match ops::time::start(t, running, &app.data.time, &|id| client_name(app, id)) {
        Ok(change) => app.apply(change),
        Err(e) => {
            app.error(Refusal::from(e).to_string());
            vec![]
        }
    }
}

fn stop(app: &mut App, r: &TimeEntry, at: Timestamp) -> Vec<Effect> {
    match stopped(app, r, at) {
        Ok(change) => app.apply(change),
        Err(refusal) => {
            app.error(refusal.to_string());
            vec![]
        }
    }
}

/// The change that stops `r` at `at`, or why not.
fn stopped(app: &App, r: &TimeEntry, at: Timestamp) -> Result<Change, Refusal> {
    ops::time::stop(r, at, app.now, &app.data.time, &|id| client_name(app, id)).map_err(|e| match e {
        OpError::InTheFuture => Refusal::Op(e),
        e => Refusal::CannotStop(e),
    })
}

/// After switching client with a timer running for another one: offer to move the timer.
pub fn offer_move(app: &mut App) {
    let (Some(r), Some(to)) = (app.data.running.clone(), app.client) else { return };
    if r.client_id == to || app.modal.is_some() {
        return;
    }
    let from = client_name(app, r.client_id);
    app.modal = Some(Modal::Choose(Choose {
        title: "The timer is running".into(),
        body: vec![format!("for {from} since {}.", r.start.with_timezone(&app.zone).format("%H:%M"))],
        options: vec![('y', format!("stop it and start one for {}", client_name(app, to))), ('n', format!("keep it on {from}"))],
        purpose: ChoosePurpose::MoveTimer { running: Box::new(r), to },
    }));
}

/// Up to when the running timer counts: now, or where the next entry after its start begins
/// (see `time::counted_until`): what stopping it now records, and so what its time shows.
pub fn timer_counted_until(app: &App) -> Timestamp {
    time::counted_until(&app.data.time.iter().collect::<Vec<_>>(), app.now)
}

/// At start-up, a timer running longer than the limit was probably forgotten: ask.
pub fn ask_forgotten(app: &mut App, running: TimeEntry, last: Option<Timestamp>) {
    let last = last.filter(|l| *l > running.start && *l < app.now);
    let local = |t: Timestamp| crate::domain::time::near_moment(&app.zone, t, app.today);
    let mut options = Vec::new();
    if let Some(l) = last {
        options.push(('l', format!("stop at {} (the last change you made for that client)", local(l))));
    }
    options.push(('n', "stop now".into()));
    options.push(('t', "stop at a time you type".into()));
    options.push(('k', "keep it running".into()));
    let until = timer_counted_until(app);
    // (Run into an entry begun since, it ends there whenever it is stopped: said, with what it
    // counts, not the hours since it began.)
    let counted = match until < app.now {
        true => format!("{}, up to {}, where the next entry begins", time::fmt_duration(running.seconds(until)), local(until)),
        false => time::fmt_duration(running.seconds(app.now)),
    };
    app.modal = Some(Modal::Choose(Choose {
        title: "Forgotten timer?".into(),
        body: vec![format!("The timer for {} has run since {} ({counted}).", client_name(app, running.client_id), local(running.start))],
        options,
        purpose: ChoosePurpose::Forgotten { running: Box::new(running), last },
    }));
}

/// A key in a [`Choose`] box.
pub fn choose(app: &mut App, c: &Choose, key: char) -> Vec<Effect> {
    match (&c.purpose, key) {
        (ChoosePurpose::MoveTimer { running, to }, 'y') => start(app, Some(running), *to),
        (ChoosePurpose::Forgotten { running, last: Some(l) }, 'l') => stop(app, running, *l),
        (ChoosePurpose::Forgotten { running, .. }, 'n') => stop(app, running, app.now),
        (ChoosePurpose::Forgotten { .. }, 'k') => {
            app.info(app.keymap.say(Scope::Global, "Kept the timer running ({toggle_timer} stops it)"));
            vec![]
        }
        (ChoosePurpose::Forgotten { running, .. }, 't') => {
            app.modal = Some(Modal::Prompt(Prompt {
                title: "Stop the timer at".into(),
                hint: app.keymap.say(
                    Scope::Prompt,
                    "18:30, 6:30pm, yesterday 18:30 or -15m · {prompt_accept} stops it · {prompt_cancel} keeps it running",
                ),
                input: textline::TextLine::new(""),
                purpose: PromptPurpose::StopTimerAt { running: running.clone() },
            }));
            vec![]
        }
        _ => vec![],
    }
}

/// Enter in the "stop at" prompt.
pub fn stop_at(app: &mut App, running: &TimeEntry, typed: &str) -> Result<Vec<Effect>, Refusal> {
    let at = time::parse_time(&app.zone, typed, app.today, app.now)?;
    let change = stopped(app, running, at)?;
    Ok(app.apply(change))
}

fn lane_options() -> Vec<(&'static str, &'static str)> {
    let mut v = vec![("none", "—")];
    v.extend(Lane::ALL.iter().map(|l| (l.key(), l.title())));
    v
}

/// The form that edits time entry `e`.
pub(super) fn editing(app: &App, e: &TimeEntry) -> Form<FormPurpose> {
    form(&app.zone, Some(e), FormPurpose::EditTime(Box::new(e.clone())), app.today)
}

pub fn form(zone: &Zone, e: Option<&TimeEntry>, purpose: FormPurpose, day: NaiveDate) -> Form<FormPurpose> {
    let local = |t: Timestamp| t.with_timezone(zone);
    let start = e.map(|e| local(e.start));
    let lanes = lane_options();
    let lane_index = e.and_then(|e| e.lane).and_then(|l| lanes.iter().position(|(k, _)| *k == l.key())).unwrap_or(0);
    Form::new(
        if e.is_some() { "Edit time" } else { "Add time" },
        purpose,
        vec![
            form::date(FieldId::Day, Some(start.map(|s| s.date_naive()).unwrap_or(day))),
            form::text(FieldId::From, &e.map(|e| time::clock(zone, e.start)).unwrap_or_default()),
            form::text(FieldId::To, &e.and_then(|e| e.end).map(|t| time::clock(zone, t)).unwrap_or_default()),
            form::options(FieldId::Lane, lanes, lane_index),
            form::text(FieldId::Note, e.map(|e| e.note.as_str()).unwrap_or("")),
            form::text(FieldId::Invoice, e.map(|e| e.invoice.as_str()).unwrap_or("")),
        ],
    )
}

/// The entry a time form describes. `To` before `From` means the next day; an empty `To` keeps
/// a running timer running.
pub fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    let typed_day = f.text(FieldId::Day);
    let day = time::parse_day(&typed_day, app.today)
        .ok_or_else(|| Refusal::field(FieldId::Day, format!("'{typed_day}' is not a day: write 2026-11-18, yesterday or mon")))?;
    let before = match &f.purpose {
        FormPurpose::EditTime(e) => Some((**e).clone()),
        _ => None,
    };
    // (A time left as the form showed it is the instant it showed: the form does not show
    // seconds.)
    let zone = app.zone;
    let as_shown = |t: Timestamp| time::clock(&zone, t);
    let from_text = f.text(FieldId::From);
    let kept_start =
        before.as_ref().map(|b| b.start).filter(|s| s.with_timezone(&zone).date_naive() == day && as_shown(*s) == from_text.trim());
    let from = match kept_start {
        Some(start) => start,
        None => time::parse_time(&zone, &from_text, day, app.now).map_err(|e| Refusal::field(FieldId::From, e))?,
    };
    let to_text = f.text(FieldId::To);
    let kept_end = before.as_ref().and_then(|b| b.end).filter(|end| {
        let same_day = kept_start.is_some() || end.with_timezone(&zone).date_naive() == day;
        same_day && *end > from && as_shown(*end) == to_text.trim()
    });
    let keeps_running = to_text.is_empty() && before.as_ref().is_some_and(|b| b.is_running());
    let to = match (keeps_running, kept_end) {
        (true, _) => None,
        (false, Some(end)) => Some(end),
        (false, None) => Some(time::parse_end(&app.zone, &to_text, from, app.now).map_err(|e| Refusal::field(FieldId::To, e))?),
    };
    let lane = match f.choice_key(FieldId::Lane) {
        "none" => None,
        k => k.parse::<Lane>().ok(),
    };
    let invoice = crate::domain::text::clean_line(&f.text(FieldId::Invoice));
    let client = before.as_ref().map(|b| b.client_id).or(app.client).ok_or(Refusal::NoClient)?;
    let mut e = match &before {
        Some(b) => TimeEntry { start: from, end: None, ..b.clone() },
        None => TimeEntry::started(app.new_id(), client, lane, from, app.now),
    };
    match to {
        Some(to) => e = e.stopped(to)?,
        None => e.not_too_long(app.now)?,
    }
    e.lane = lane;
    e.note = crate::domain::text::clean_line(&f.text(FieldId::Note));
    e.billed = !invoice.is_empty() || before.as_ref().is_some_and(|b| b.billed && b.invoice == invoice);
    e.invoice = invoice;
    if let Some(other) = time::overlapping_anew(before.as_ref(), &e, &app.data.time, app.now) {
        return Err(Refusal::Overlap(time::overlap_message(&app.zone, "that time", other, &client_name(app, other.client_id))));
    }
    if e.start > app.now {
        app.after_apply = Some("note: that time is in the future".into());
    } else if e.in_the_future(app.now) {
        app.after_apply = Some("note: that time ends later than now".into());
    }
    // (Moved to another day with the same clock times, it may not last as long: the clocks go
    // back or forward that night. Said.)
    let length = |t: &TimeEntry| t.end.map(|end| (end - t.start).num_seconds());
    let same_clock = |b: &TimeEntry| from_text.trim() == as_shown(b.start) && b.end.map(as_shown).as_deref() == Some(to_text.trim());
    if let Some(b) = before.as_ref().filter(|b| same_clock(b) && length(b) != length(&e) && length(b).is_some()) {
        let (was, now) = (time::fmt_duration(length(b).unwrap_or(0)), time::fmt_duration(length(&e).unwrap_or(0)));
        app.after_apply = Some(format!("note: it is {now} long on that day (it was {was}): the clocks change that night"));
    }
    // (Its time or note, as the statement sent shows them; or its invoice, which takes it off
    // that statement.)
    if let Some(b) = before.as_ref().filter(|b| b.billed && (b.start, b.end, &b.note) != (e.start, e.end, &e.note)) {
        app.after_apply = billed_note(b);
    }
    if let Some(b) = before.as_ref().filter(|b| b.billed && (!e.billed || b.invoice != e.invoice)) {
        let now = if e.billed { format!("is on {} instead", e.invoice) } else { "is not billed now".into() };
        app.after_apply = Some(format!("note: that time was billed on {} and {now}: the statement sent no longer matches", b.invoice));
    }
    // (Named by its weekday in the period shown, else with its date too, and its year when far
    // from today: a year mistyped is seen.)
    let (shown, day) = (period(app), e.start.with_timezone(&app.zone).date_naive());
    let named = match ((shown.first()..=shown.last()).contains(&day), time::needs_year(day, app.today)) {
        (_, true) => "%a %b %-d %Y",
        (true, false) => "%a",
        (false, false) => "%a %b %-d",
    };
    let span = span_named(&app.zone, &e, named);
    let label = format!("{} time {span}", if before.is_some() { "Edited" } else { "Added" });
    Ok(match before {
        Some(b) => app.apply(Change::one(label, Edit::update(Record::Time(b), Record::Time(e)))),
        None => app.apply(Change::one(label, Edit::insert(Record::Time(e)))),
    })
}

/// A reminder that a billed entry changed: the statement sent no longer matches it.
fn billed_note(e: &TimeEntry) -> Option<String> {
    e.billed.then(|| format!("note: that time was billed on {}; the statement sent no longer matches", e.invoice))
}

/// `p` on an entry: marked private (its note never on a statement) or client-facing again.
fn toggle_private(app: &mut App, e: TimeEntry) -> Vec<Effect> {
    let span = span_label(&app.zone, &e);
    let label = match e.private {
        false => format!("Time {span} is private: its note is never on a statement"),
        true => format!("Time {span} is client-facing: its note is on the statement"),
    };
    app.after_apply = billed_note(&e);
    let after = TimeEntry { private: !e.private, ..e.clone() };
    app.apply(Change::one(label, Edit::update(Record::Time(e), Record::Time(after))))
}

/// Enter in the split prompt: the entry ends at the typed time and a copy starts there (the
/// time `offered`, left as it was, at the instant it was offered for).
pub fn split(app: &mut App, e: &TimeEntry, typed: &str, offered: &(String, Timestamp)) -> Result<Vec<Effect>, Refusal> {
    let at = match typed.trim() == offered.0 {
        true => offered.1,
        false => time::parse_within(&app.zone, typed, e.start, e.end_or(app.now), app.now)?,
    };
    let (first, second) = e.split(app.new_id(), at, app.now)?;
    let label = format!("Split {} at {}", span_label(&app.zone, e), time::clock(&app.zone, at));
    Ok(app.apply(Change::new(label, vec![Edit::update(Record::Time(e.clone()), Record::Time(first)), Edit::insert(Record::Time(second))])))
}

/// Enter in the bill prompt: every unbilled, finished entry of the shown week or month is marked
/// billed, one reaching out of it split at its edge (as `cockpit time bill` does).
pub fn bill(app: &mut App, invoice: &str) -> Result<Vec<Effect>, Refusal> {
    let period = period(app);
    let mine: Vec<TimeEntry> = app.data.time.iter().filter(|e| Some(e.client_id) == app.client).cloned().collect();
    let (bounds, now) = (period.bounds(&app.zone), app.now);
    let mut ids = || app.new_id();
    let span = ops::time::Span { bounds, now, new_id: &mut ids };
    let change = ops::time::bill(&mine, invoice, &period.label(), ops::time::BilledElsewhere::Skip, span)?;
    Ok(app.apply(change))
}

pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    let (n, page) = (shown(app).len(), app.page());
    if super::move_in_list(&mut app.hours.sel, n, page, cmd) {
        return vec![];
    }
    match cmd {
        Command::New if app.need_client().is_some() => {
            // Today when it is shown, else the first day shown.
            let p = period(app);
            let day = if p.first() <= app.today && app.today <= p.last() { app.today } else { p.first() };
            app.modal = Some(Modal::Form(Box::new(form(&app.zone, None, FormPurpose::NewTime, day))));
        }
        Command::Open | Command::Edit => {
            if let Some(e) = selected(app).cloned() {
                app.modal = Some(Modal::Form(Box::new(editing(app, &e))));
            }
        }
        Command::MoveTime => {
            if let Some(e) = selected(app).cloned() {
                if e.billed {
                    app.error(crate::ops::OpError::Billed(e.invoice.clone()).to_string());
                    return vec![];
                }
                app.modal = Some(Modal::PickClientFor(Default::default(), Box::new(Record::Time(e))));
            }
        }
        Command::TogglePrivate => {
            if let Some(e) = selected(app).cloned() {
                return toggle_private(app, e);
            }
        }
        Command::DeleteTime => {
            if let Some(e) = selected(app).cloned() {
                app.after_apply = billed_note(&e);
                return app.delete(e);
            }
        }
        Command::SplitTime => {
            if let Some(e) = selected(app).cloned() {
                let mid = e.start + (e.end_or(app.now) - e.start) / 2;
                let mid = mid.with_timezone(&app.zone);
                let mid = mid.with_second(0).unwrap_or(mid).to_utc();
                let rounded = time::clock(&app.zone, mid);
                app.modal = Some(Modal::Prompt(Prompt {
                    title: format!("Split {} at", span_label(&app.zone, &e)),
                    hint: app.keymap.say(Scope::Prompt, "HH:MM · {prompt_accept} splits · {prompt_cancel} cancels"),
                    input: textline::TextLine::new(&rounded),
                    purpose: PromptPurpose::SplitTime { entry: Box::new(e), offered: (rounded, mid) },
                }));
            }
        }
        Command::WeekOrMonth => {
            app.hours.by_month = Some(!by_month(app));
            app.hours.sel = 0;
        }
        Command::BillWeek => {
            let title = format!("Mark the unbilled time of {} as billed on invoice", period(app).label());
            app.modal = Some(Modal::Prompt(Prompt {
                title,
                hint: app.keymap.say(Scope::Prompt, "invoice reference · {prompt_accept} marks it · {undo} undoes"),
                input: textline::TextLine::new(""),
                purpose: PromptPurpose::BillWeek,
            }));
        }
        _ => {}
    }
    vec![]
}
