//! The Week screen's state and commands: five lanes of notes and tasks for the shown week.

use super::form::{self, FieldId, Form};
use super::modal::{FormPurpose, Modal, Prompt, PromptPurpose};
use super::*;

#[derive(Debug, Clone, PartialEq)]
pub struct WeekView {
    /// The focused lane (0 = Monday's).
    pub lane: usize,
    /// The selected entry in each lane.
    pub sel: [usize; 5],
    pub filter: String,
}

impl WeekView {
    pub fn new(today: NaiveDate) -> WeekView {
        use chrono::Datelike;
        let lane = Lane::of_weekday(today.weekday()).map(Lane::index).unwrap_or(0);
        WeekView { lane, sel: [0; 5], filter: String::new() }
    }

    pub fn reset(&mut self) {
        self.sel = [0; 5];
    }
}

/// The order a week's entries are held in: by lane, then as each lane shows them (ties the
/// oldest first, then by id), so that entries patched in place come in the order read.
pub fn order(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    (a.lane, a.position, a.created_at, a.id).cmp(&(b.lane, b.position, b.created_at, b.id))
}

/// The user's own open actions due on a lane's day of the shown week (shown under its entries,
/// not selectable: they live on the Actions screen).
pub fn lane_actions(app: &App, lane: Lane) -> Vec<&crate::domain::Action> {
    let day = app.shown_week.day(lane.weekday());
    app.data.actions.iter().filter(|a| a.is_open() && a.is_mine() && a.due == Some(day)).collect()
}

/// The week an open task of the shown week was carried into (the next one), if it was: it is
/// not left undone here.
pub fn carried_to(app: &App, e: &Entry) -> Option<crate::domain::IsoWeek> {
    let carried = e.is_task() && !e.is_done() && app.data.next_entries.iter().any(|n| n.carried_from == Some(e.id));
    carried.then(|| app.shown_week.next())
}

/// The shown entries of a lane, in order, after the filter.
pub fn lane_entries(app: &App, lane: Lane) -> Vec<&Entry> {
    let (p, mut m) = (search::Pattern::new(&app.week.filter), search::matcher());
    let mut v: Vec<&Entry> = app
        .data
        .entries
        .iter()
        .filter(|e| e.lane == lane)
        .filter(|e| app.week.filter.is_empty() || p.matches(&mut m, &e.text).is_some())
        .collect();
    v.sort_by(|a, b| order(a, b));
    v
}

/// Whether a command acts on the week as shown: most need a selected entry, adding and carrying
/// over need a client.
pub fn available(app: &App, cmd: Command) -> bool {
    use Command::*;
    match cmd {
        New => app.client.is_some(),
        CarryOver => {
            !crate::domain::entry::to_carry(&app.data.entries, &app.data.next_entries, &[]).is_empty() || !left_open(app).is_empty()
        }
        Open | Edit | DeleteEntry | EntryToPrevLane | EntryToNextLane | ToggleTask | TogglePrivate => selected(app).is_some(),
        MoveEntry => selected(app).is_some() && app.active_clients().nth(1).is_some(),
        ToggleDone => selected(app).is_some_and(|e| e.is_task()),
        _ => true,
    }
}

pub fn selected_id(app: &App) -> Option<Id> {
    selected(app).map(|e| e.id)
}

/// Rows in view: entries take two lines or so in a lane.
pub fn rows(_width: usize, body: usize) -> usize {
    body.saturating_sub(2) / 2
}

pub fn selected(app: &App) -> Option<&Entry> {
    let lane = Lane::from_index(app.week.lane);
    lane_entries(app, lane).get(app.week.sel[app.week.lane]).copied()
}

/// After a reload or a filter: the first of `keep` still shown is selected, in its lane; every
/// other lane's selection stays in place within the lane.
pub fn keep(app: &mut App, keep: &[Option<Id>]) {
    let found = keep.iter().flatten().find_map(|id| {
        let lane = app.data.entries.iter().find(|e| e.id == *id)?.lane;
        Some((lane, lane_entries(app, lane).iter().position(|x| x.id == *id)?))
    });
    if let Some((lane, pos)) = found {
        app.week.lane = lane.index();
        app.week.sel[lane.index()] = pos;
    }
    for lane in Lane::ALL {
        let n = lane_entries(app, lane).len();
        let s = &mut app.week.sel[lane.index()];
        *s = (*s).min(n.saturating_sub(1));
    }
}

/// `New note in Wed Team sync & mentorship for Acme Hospitality`
pub fn entry_prompt_title(app: &App, lane: Lane, task: bool) -> String {
    let client = app.current_client().map(|c| format!(" for {}", c.name)).unwrap_or_default();
    format!("New {} in {} {}{client}", if task { "task" } else { "note" }, lane.day_abbrev(), lane.title())
}

pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    let lane = Lane::from_index(app.week.lane);
    let count = lane_entries(app, lane).len();
    let page = app.page();
    let sel = &mut app.week.sel[app.week.lane];
    match cmd {
        Command::Left => app.week.lane = app.week.lane.saturating_sub(1),
        Command::Right => app.week.lane = (app.week.lane + 1).min(4),
        Command::Up | Command::Down | Command::PageUp | Command::PageDown | Command::First | Command::Last => {
            super::move_in_list(sel, count, page, cmd);
        }
        Command::New if app.need_client().is_some() => {
            // A draft comes back in the lane it was typed for, a task if it was switched to one.
            let (kept_lane, task, draft) = super::drafts::read_entry_draft(app.draft(super::drafts::DraftKind::Entry));
            let draft = draft.to_string();
            super::drafts::say_back(app, &draft);
            let lane = kept_lane.unwrap_or(lane);
            app.week.lane = Lane::ALL.iter().position(|l| *l == lane).unwrap_or(app.week.lane);
            app.modal = Some(Modal::Prompt(Prompt {
                title: entry_prompt_title(app, lane, task),
                hint: app.keymap.say(
                    Scope::Prompt,
                    "{prompt_accept} adds · start with [ ] or press {prompt_switch} for a task · {prompt_cancel} keeps a draft",
                ),
                input: super::textline::TextLine::new(&draft),
                purpose: PromptPurpose::NewEntry { lane, task },
            }));
        }
        Command::Open | Command::Edit => {
            if let Some(e) = selected(app).cloned() {
                app.modal = Some(Modal::Form(Box::new(editing(&e))));
            }
        }
        Command::ToggleDone => {
            if let Some(e) = selected(app).cloned() {
                if !e.is_task() {
                    let key = app.keymap.key_name(Command::ToggleTask);
                    app.info(format!("That is a note; {key} turns it into a task"));
                } else {
                    return toggle_done(app, e);
                }
            }
        }
        Command::TogglePrivate => {
            if let Some(e) = selected(app).cloned() {
                let after = Entry { private: !e.private, ..e.clone() };
                let label = format!("'{}' is {}", e.text, if after.private { "private" } else { "client-facing" });
                return app.apply(Change::one(label, Edit::update(Record::Entry(e), Record::Entry(after))));
            }
        }
        Command::ToggleTask => {
            if let Some(e) = selected(app).cloned() {
                let kind = if e.is_task() { EntryKind::Note } else { EntryKind::Task };
                let after = Entry { kind, done_at: None, ..e.clone() };
                let label = format!("Made '{}' a {}", e.text, if kind == EntryKind::Task { "task" } else { "note" });
                return app.apply(Change::one(label, Edit::update(Record::Entry(e), Record::Entry(after))));
            }
        }
        Command::MoveEntry => {
            if let Some(e) = selected(app).cloned() {
                app.modal = Some(Modal::PickClientFor(Default::default(), Box::new(Record::Entry(e))));
            }
        }
        Command::DeleteEntry => {
            if let Some(e) = selected(app).cloned() {
                return app.delete(e);
            }
        }
        Command::EntryToPrevLane | Command::EntryToNextLane => {
            if let Some(e) = selected(app).cloned() {
                let i = e.lane.index();
                let to = if cmd == Command::EntryToNextLane { (i + 1).min(4) } else { i.saturating_sub(1) };
                if to != i {
                    let lane = Lane::from_index(to);
                    let after = Entry { lane, position: 0, ..e.clone() };
                    let label = format!("Moved '{}' to {}", e.text, lane.short_title());
                    return app.apply(Change::one(label, Edit::update(Record::Entry(e), Record::Entry(after))));
                }
            }
        }
        Command::CarryOver => return carry_over(app),
        _ => {}
    }
    vec![]
}

/// A task done, or open again; the matrix item it was made from follows it, read first (the
/// matrix is held only once shown).
pub(super) fn toggle_done(app: &mut App, e: Entry) -> Vec<Effect> {
    match e.item_id {
        Some(_) => vec![Effect::ReadItemOf { task: e }],
        None => toggle_done_with(app, e, None, &[]),
    }
}

/// A task done, or open again, with the item it was made from and the entries made of it
/// (`ReadItemOf`'s answer).
pub(super) fn toggle_done_with(app: &mut App, e: Entry, item: Option<Item>, made_of: &[Entry]) -> Vec<Effect> {
    let done = !e.is_done();
    let after = Entry { done_at: if done { Some(app.now) } else { None }, ..e.clone() };
    // (Its copy carried into the next week is another task: still open there, and said so.)
    let copy = match carried_to(app, &e).filter(|_| done) {
        Some(week) => format!(" (its copy carried into {week} is still open there)"),
        None => String::new(),
    };
    let edits = crate::ops::items::task_with_its_item(e.clone(), after, item, made_of, (app.this_week(), app.now));
    let label = format!("{} '{}'{}{copy}", if done { "Done:" } else { "Reopened" }, e.text, crate::ops::items::item_followed(&edits));
    app.apply(Change::new(label, edits))
}

/// The open tasks the week before left, not carried into the shown week, when the shown week
/// has nothing yet: what an empty week offers to carry in.
pub fn left_open(app: &App) -> Vec<&Entry> {
    if !app.data.entries.is_empty() {
        return vec![];
    }
    crate::domain::entry::to_carry(&app.data.prev_entries, &app.data.entries, &[])
}

/// What `C` carries from, and into which week: last week's open tasks into the shown week when
/// it is empty and they are left (see [`left_open`]), else the shown week's into the next.
fn carry_source(app: &App) -> (&[Entry], &[Entry], IsoWeek, bool) {
    match left_open(app).is_empty() {
        false => (&app.data.prev_entries, &app.data.entries, app.shown_week, true),
        true => (&app.data.entries, &app.data.next_entries, app.shown_week.next(), false),
    }
}

/// `C`: the items the tasks to carry were made of are read first (the Week does not hold them),
/// for those of items done or dropped to be left.
fn carry_over(app: &mut App) -> Vec<Effect> {
    let (this, there, _, _) = carry_source(app);
    let mut items: Vec<Id> = crate::domain::entry::uncopied(this, there).filter_map(|e| e.item_id).collect();
    items.sort_unstable();
    items.dedup();
    match items.is_empty() {
        true => carry_over_with(app, &[]),
        false => vec![Effect::ReadItemsToCarry { items }],
    }
}

/// Carries the shown week's open tasks into the next one (on an empty week, last week's into
/// it), but those of `finished` items (done or dropped, `ReadItemsToCarry`'s answer), and says
/// how many it left and why.
pub(super) fn carry_over_with(app: &mut App, finished: &[Id]) -> Vec<Effect> {
    let (this, there, into, from_last_week) = carry_source(app);
    if !from_last_week && !crate::domain::week_in_range(into) {
        app.info(format!("{} is the last week Cockpit's calendar holds: there is no week to carry into", app.shown_week));
        return vec![];
    }
    let open: Vec<Entry> = crate::domain::entry::to_carry(this, there, finished).into_iter().cloned().collect();
    let uncopied: Vec<&Entry> = crate::domain::entry::uncopied(this, there).collect();
    let done = uncopied.iter().filter(|e| e.item_id.is_some_and(|i| finished.contains(&i))).count();
    let left = match (uncopied.len() - open.len() - done, done) {
        (0, 0) => String::new(),
        (1, 0) => " (1 left: its item is a task there already)".to_string(),
        (n, 0) => format!(" ({n} left: their items are tasks there already)"),
        (0, 1) => " (1 left: its item is done or dropped)".to_string(),
        (0, d) => format!(" ({d} left: their items are done or dropped)"),
        (n, d) => format!(" ({} left: {n} of items that are tasks there already, {d} of items done or dropped)", n + d),
    };
    let copies: Vec<Edit> = open.iter().map(|e| Edit::insert(Record::Entry(e.carried(app.new_id(), app.now)))).collect();
    if copies.is_empty() {
        app.info(match left.is_empty() {
            true => format!("Nothing to carry: every open task of {} is already in {into}", app.shown_week),
            false => format!("Nothing to carry into {into}{left}"),
        });
        return vec![];
    }
    let tasks = format!("{} open task{}", copies.len(), if copies.len() == 1 { "" } else { "s" });
    let label = match from_last_week {
        true => format!("Carried {tasks} of {} into {into}{left}", app.shown_week.prev()),
        false => format!("Carried {tasks} into {into}{left}"),
    };
    app.apply(Change::new(label, copies))
}

pub fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    let FormPurpose::EditEntry(e) = &f.purpose else { return Ok(vec![]) };
    let text = f.text(FieldId::Text);
    if text.is_empty() {
        return Err(Refusal::Missing(app.keymap.say(Scope::Week, "The text cannot be empty ({delete_entry} deletes an entry)")));
    }
    let kind: EntryKind = f.choice(FieldId::Kind);
    let lane: Lane = f.choice(FieldId::Lane);
    let after = Entry {
        text,
        kind,
        lane,
        position: if lane == e.lane { e.position } else { 0 },
        done_at: if kind == EntryKind::Task { e.done_at } else { None },
        body: form::kept(&e.body, f.text(FieldId::Details)),
        ..(**e).clone()
    };
    // Deleted elsewhere while its form was open: saving makes it again, as typed.
    let d = &app.data;
    if !d.entries.iter().chain(&d.next_entries).chain(&d.prev_entries).any(|x| x.id == e.id) {
        let item_id = after.item_id.filter(|i| d.items.iter().any(|x| x.id == *i));
        let again = Entry { id: app.new_id(), position: 0, carried_from: None, item_id, created_at: app.now, updated_at: app.now, ..after };
        let label = format!("Made '{}' again (it was deleted elsewhere)", again.text);
        return Ok(app.apply(Change::one(label, Edit::insert(Record::Entry(again)))));
    }
    if after == **e {
        return Ok(vec![]);
    }
    let label = format!("Edited '{}'", after.text);
    Ok(app.apply(Change::one(label, Edit::update(Record::Entry((**e).clone()), Record::Entry(after)))))
}

/// The form that edits entry `e`.
pub(super) fn editing(e: &Entry) -> Form<FormPurpose> {
    Form::new(
        format!("Edit {} in {}", if e.is_task() { "task" } else { "note" }, e.lane.short_title()),
        FormPurpose::EditEntry(Box::new(e.clone())),
        vec![
            form::text(FieldId::Text, &e.text),
            form::choice(FieldId::Kind, e.kind),
            form::choice(FieldId::Lane, e.lane),
            form::block(FieldId::Details, &e.body),
        ],
    )
}
