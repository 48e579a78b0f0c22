//! The Matrix screen's state and commands: items in four quadrants, re-scored with keys.

use super::form::{self, FieldId, Form};
use super::modal::{Choose, ChoosePurpose, FormPurpose, Modal};
use super::*;
use crate::domain::matrix::rank;

#[derive(Debug, Clone, PartialEq)]
pub struct MatrixView {
    pub quadrant: Quadrant,
    pub index: usize,
    /// The selected item, followed when it moves to another quadrant.
    pub selected: Option<Id>,
    pub show_dropped: bool,
    pub filter: String,
    /// The selected item's last re-scorings, and the entries made of it.
    pub(super) read_for_selected: ReadForSelected,
}

impl Default for MatrixView {
    fn default() -> Self {
        MatrixView {
            quadrant: Quadrant::DoNow,
            index: 0,
            selected: None,
            show_dropped: false,
            filter: String::new(),
            read_for_selected: ReadForSelected::default(),
        }
    }
}

/// What the selected item shows and `w` needs, read for it from the store (two indexed reads),
/// not every item's held: the item and the week they were read for, its last re-scorings
/// (newest first) and the entries made of it in every week (its task this week among them, and
/// those that follow its status), or why they could not be read.
/// Forgotten whenever a change is made or the data is loaded (this process's or another's),
/// so read again then.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct ReadForSelected {
    of: Option<(Id, IsoWeek)>,
    newest: Vec<ScoreChange>,
    made_of: Result<Vec<Entry>, String>,
}

impl Default for ReadForSelected {
    fn default() -> Self {
        ReadForSelected { of: None, newest: Vec::new(), made_of: Ok(Vec::new()) }
    }
}

/// How many of an item's re-scorings are shown under it.
pub const HISTORY_SHOWN: usize = 3;

/// The selected item's last re-scorings, newest first, when they are read for it.
pub fn history(app: &App) -> &[ScoreChange] {
    let r = &app.matrix.read_for_selected;
    match selected(app) {
        Some(item) if r.of.is_some_and(|(of, _)| of == item.id) => &r.newest,
        _ => &[],
    }
}

/// The task made of the selected item in this week, when it is one (as far as it was read).
pub fn task_of_selected(app: &App) -> Option<&Entry> {
    task_made_of(app, selected(app)?.id).ok().flatten()
}

/// The item the Matrix has selected (once its items are read), or the one an open "make a
/// task" or edit form is for, and this week, when what is read for it ([`ReadForSelected`]) is
/// not held for them: the runtime reads it after each key and each load
/// (`Action::SelectedItemRead`), whichever screen is shown, so that the Matrix shown next has it.
pub fn read_for_selected_wanted(app: &App) -> Option<(Id, IsoWeek)> {
    let made_a_task = match &app.modal {
        Some(Modal::Form(f)) => match &f.purpose {
            FormPurpose::ItemToTask(item) | FormPurpose::EditItem(item) => Some(item.id),
            _ => None,
        },
        _ => None,
    };
    let wanted = (made_a_task.or_else(|| selected(app).map(|i| i.id))?, app.this_week());
    (app.matrix.read_for_selected.of != Some(wanted)).then_some(wanted)
}

/// What was read for item `of` in a week (see [`read_for_selected_wanted`]): its re-scorings,
/// and the entries made of it, or why they could not be read.
pub(super) fn selected_item_read(
    app: &mut App,
    of: (Id, IsoWeek),
    newest: Vec<ScoreChange>,
    made_of: Result<Vec<Entry>, String>,
) -> Vec<Effect> {
    app.matrix.read_for_selected = ReadForSelected { of: Some(of), newest, made_of };
    vec![]
}

/// The shown items of a quadrant, best bet first.
pub fn items_in(app: &App, q: Quadrant) -> Vec<&Item> {
    let (p, mut m) = (search::Pattern::new(&app.matrix.filter), search::matcher());
    let mut v: Vec<&Item> = app
        .data
        .items
        .iter()
        .filter(|i| i.quadrant() == q)
        .filter(|i| app.matrix.show_dropped || i.status != ItemStatus::Dropped)
        .filter(|i| app.matrix.filter.is_empty() || p.matches(&mut m, &i.title).is_some())
        .collect();
    // (The loaded items are in this order already: see `order`.)
    v.sort_by(|a, b| order(a, b));
    v
}

/// The order a quadrant shows its items in: done ones last, best bet first. Loaded items are
/// put in it once, so that sorting a quadrant on each frame finds it sorted.
pub fn order(a: &Item, b: &Item) -> std::cmp::Ordering {
    let done = |i: &Item| i.status == ItemStatus::Done;
    // (Ties the oldest first, as read: items patched in place come in the same order.)
    done(a).cmp(&done(b)).then_with(|| rank(a, b)).then_with(|| (a.created_at, a.id).cmp(&(b.created_at, b.id)))
}

/// Sorts `items` by [`order`], each item's key made once (see `rank_key`): for items read,
/// in no such order. (Held ones, patched, are sorted by `order` as they are taken.)
pub fn sort(items: &mut [Item]) {
    items.sort_by_cached_key(|i| (i.status == ItemStatus::Done, crate::domain::matrix::rank_key(i), i.created_at, i.id));
}

pub fn selected(app: &App) -> Option<&Item> {
    items_in(app, app.matrix.quadrant).get(app.matrix.index).copied()
}

/// Whether a command acts on the matrix as shown: most need a selected item.
pub fn available(app: &App, cmd: Command) -> bool {
    use Command::*;
    match cmd {
        New | ShowDropped => app.client.is_some(),
        Open | Edit | ToggleDone | TogglePrivate | DropItem | ItemToTask | DeleteItem => selected(app).is_some(),
        // A score that can still move that way.
        ImpactUp | ImpactDown | EffortUp | EffortDown => selected(app).is_some_and(|i| {
            let (score, up) = match cmd {
                ImpactUp => (i.impact, true),
                ImpactDown => (i.impact, false),
                EffortUp => (i.effort, true),
                _ => (i.effort, false),
            };
            score.nudge(up) != score
        }),
        _ => true,
    }
}

/// The item the selection is on (kept by id as it moves between quadrants).
pub fn selected_id(app: &App) -> Option<Id> {
    app.matrix.selected
}

/// Rows in view in a quadrant: half the grid, less its border.
pub fn rows(_width: usize, body: usize) -> usize {
    (body.saturating_sub(2) / 2).saturating_sub(2)
}

/// After a reload: the selection follows the first of `keep` still there (the focused item, or
/// the one it was on) to wherever it is now.
pub fn keep(app: &mut App, keep: &[Option<Id>]) {
    let target = keep.iter().flatten().copied().find(|id| app.data.items.iter().any(|i| i.id == *id)).or(app.matrix.selected);
    if let Some(id) = target {
        for q in Quadrant::ALL {
            if let Some(pos) = items_in(app, q).iter().position(|i| i.id == id) {
                app.matrix.quadrant = q;
                app.matrix.index = pos;
                app.matrix.selected = Some(id);
                return;
            }
        }
    }
    let n = items_in(app, app.matrix.quadrant).len();
    app.matrix.index = app.matrix.index.min(n.saturating_sub(1));
    app.matrix.selected = selected(app).map(|i| i.id);
}

/// A filter that leaves the focused quadrant showing nothing focuses the first quadrant it
/// shows items in, so that the item found is selected (and `w`, `e` and the rest act on it).
pub(super) fn focus_found(app: &mut App) {
    if selected(app).is_none() {
        if let Some(q) = Quadrant::ALL.into_iter().find(|q| !items_in(app, *q).is_empty()) {
            select(app, q, 0);
        }
    }
}

fn select(app: &mut App, q: Quadrant, index: usize) {
    let n = items_in(app, q).len();
    app.matrix.quadrant = q;
    app.matrix.index = index.min(n.saturating_sub(1));
    app.matrix.selected = selected(app).map(|i| i.id);
}

/// Default scores for a new item, from the quadrant the cursor is in.
fn default_scores(q: Quadrant) -> (Score, Score) {
    let s = |v| Score::new(v).expect("1-5");
    match q {
        Quadrant::DoNow => (s(4), s(2)),
        Quadrant::PlanAndInvest => (s(4), s(4)),
        Quadrant::QuickWins => (s(2), s(2)),
        Quadrant::SkipForNow => (s(2), s(4)),
    }
}

/// The form that edits `item`.
pub(super) fn editing(item: &Item) -> Form<FormPurpose> {
    item_form(format!("Edit '{}'", item.title), FormPurpose::EditItem(Box::new(item.clone())), item)
}

pub fn item_form(title: String, purpose: FormPurpose, item: &Item) -> Form<FormPurpose> {
    Form::new(
        title,
        purpose,
        vec![
            form::text(FieldId::Title, &item.title),
            form::score(FieldId::Impact, item.impact),
            form::score(FieldId::Effort, item.effort),
            form::choice(FieldId::Status, item.status),
            form::block(FieldId::Notes, &item.notes),
        ],
    )
}

pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    let (row, col) = app.matrix.quadrant.cell();
    let n = items_in(app, app.matrix.quadrant).len();
    let i = app.matrix.index;
    match cmd {
        Command::DeleteItem => {
            if let Some(item) = selected(app).cloned() {
                return app.delete(item);
            }
        }
        Command::Up if i > 0 => select(app, app.matrix.quadrant, i - 1),
        Command::Up if row == 1 => {
            let above = Quadrant::at(0, col);
            let last = items_in(app, above).len().saturating_sub(1);
            select(app, above, last)
        }
        Command::Down if i + 1 < n => select(app, app.matrix.quadrant, i + 1),
        Command::Down if row == 0 => select(app, Quadrant::at(1, col), 0),
        Command::Left if col == 1 => select(app, Quadrant::at(row, 0), i),
        Command::Right if col == 0 => select(app, Quadrant::at(row, 1), i),
        Command::First | Command::Last | Command::PageUp | Command::PageDown => {
            let mut i = i;
            super::move_in_list(&mut i, n, app.page(), cmd);
            select(app, app.matrix.quadrant, i)
        }
        Command::ImpactUp | Command::ImpactDown | Command::EffortUp | Command::EffortDown => return rescore(app, cmd),
        Command::New => {
            if let Some(client) = app.need_client() {
                let (impact, effort) = default_scores(app.matrix.quadrant);
                let blank = Item::new(app.new_id(), client, "", impact, effort, app.now);
                let f = item_form("New matrix item".into(), FormPurpose::NewItem, &blank);
                app.modal = Some(Modal::Form(Box::new(f)));
            }
        }
        Command::Open | Command::Edit => {
            if let Some(item) = selected(app).cloned() {
                app.modal = Some(Modal::Form(Box::new(editing(&item))));
            }
        }
        Command::ToggleDone => {
            if let Some(item) = selected(app).cloned() {
                let status = item.status.next_on_toggle();
                return set_status(app, item, status);
            }
        }
        Command::DropItem => {
            if let Some(item) = selected(app).cloned() {
                let status = if item.status == ItemStatus::Dropped { ItemStatus::Open } else { ItemStatus::Dropped };
                return set_status(app, item, status);
            }
        }
        Command::TogglePrivate => {
            if let Some(item) = selected(app).cloned() {
                let after = Item { private: !item.private, ..item.clone() };
                let label = format!("'{}' is {}", item.title, if after.private { "private" } else { "client-facing" });
                app.matrix.selected = Some(item.id);
                return app.apply(Change::one(label, Edit::update(Record::Item(item), Record::Item(after))));
            }
        }
        Command::ShowDropped => {
            app.matrix.show_dropped = !app.matrix.show_dropped;
            app.info(if app.matrix.show_dropped { "Showing dropped items" } else { "Dropped items hidden" });
            keep(app, &[app.focus]);
        }
        Command::ItemToTask => {
            let Some(item) = selected(app).cloned() else { return vec![] };
            match task_made_of(app, item.id).map(|t| t.cloned()) {
                Ok(Some(task)) => {
                    // (In a box that Enter closes: the Enter typed ahead for the form would
                    // otherwise open the item's edit form, and the keys after it rename it.)
                    let said = crate::ops::items::task_already(&item.title, app.this_week(), &task);
                    app.modal = Some(Modal::Choose(Choose {
                        title: "Already a task".into(),
                        body: vec![said],
                        options: vec![],
                        purpose: ChoosePurpose::Said,
                    }));
                }
                Err(why) => app.error(cannot_tell(app, &item.title, &why)),
                Ok(None) => {
                    let lane = item.quadrant().default_lane();
                    let f = Form::new(
                        format!("Make a task in {} of '{}'", app.this_week(), item.title),
                        FormPurpose::ItemToTask(Box::new(item)),
                        vec![form::choice(FieldId::Lane, lane)],
                    );
                    app.modal = Some(Modal::Form(Box::new(f)));
                }
            }
        }
        _ => {}
    }
    vec![]
}

/// Item `item` given `status`, its tasks following it (see `ops::items::set_status`).
fn set_status(app: &mut App, item: Item, status: ItemStatus) -> Vec<Effect> {
    let (read, unread) = tasks_of(app, item.id);
    let mut change = crate::ops::items::set_status(&item, status, (&read, app.this_week()), app.now);
    left_unread(&mut change, (item.status, status), unread);
    app.matrix.selected = Some(item.id);
    app.apply(change)
}

/// The entries made of item `item` for its task to follow it, and why they are not known if
/// they are not: then no task follows it (see [`left_unread`]).
fn tasks_of(app: &App, item: Id) -> (Vec<Entry>, Option<String>) {
    match made_of(app, item) {
        Ok(tasks) => (tasks.to_vec(), None),
        Err(why) => (Vec::new(), Some(why)),
    }
}

/// An item's change of status (`from`, `to`) made with no task following it, its entries not
/// known (`unread`, why): said in its label when its tasks would have followed it.
fn left_unread(change: &mut Change, (from, to): (ItemStatus, ItemStatus), unread: Option<String>) {
    if let Some(why) = unread.filter(|_| crate::ops::items::tasks_follow(from, to).is_some()) {
        change.label.push_str(&format!(" (its tasks, if it has any, were left as they are: {why})"));
    }
}

/// Re-scoring: the item and a history row, in one change.
fn rescore(app: &mut App, cmd: Command) -> Vec<Effect> {
    let Some(item) = selected(app).cloned() else { return vec![] };
    let (mut impact, mut effort) = (item.impact, item.effort);
    match cmd {
        Command::ImpactUp => impact = impact.nudge(true),
        Command::ImpactDown => impact = impact.nudge(false),
        Command::EffortUp => effort = effort.nudge(true),
        _ => effort = effort.nudge(false),
    }
    let Some(change) = crate::ops::items::rescore(&item, (impact, effort), app.new_id(), app.now) else {
        app.info("Scores go from 1 to 5");
        return vec![];
    };
    app.matrix.selected = Some(item.id);
    app.apply(change)
}

/// The entries made of item `item`, as read for it (see [`ReadForSelected`]: the Matrix does
/// not hold the week board), or why they are not known.
fn made_of(app: &App, item: Id) -> Result<&[Entry], String> {
    let r = &app.matrix.read_for_selected;
    if r.of != Some((item, app.this_week())) {
        return Err("the entries made of it were not read since the last change".into());
    }
    r.made_of.as_deref().map_err(Clone::clone)
}

/// The task made of item `item` in this week, as read for it, or why that is not known: then
/// no task is made of it, which might be a second one.
fn task_made_of(app: &App, item: Id) -> Result<Option<&Entry>, String> {
    let week = app.this_week();
    Ok(made_of(app, item)?.iter().find(|t| t.week == week))
}

/// `w` on item `title`, made a task in this week already: where it is, rather than a second one.
fn say_a_task_already(app: &mut App, title: &str, task: &Entry) {
    app.info(crate::ops::items::task_already(title, app.this_week(), task));
}

/// Why `w` on item `title` made no task: whether it is one this week could not be told.
fn cannot_tell(app: &App, title: &str, why: &str) -> String {
    format!("Could not tell whether '{title}' is a task in {} already: {why}", app.this_week())
}

pub fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    let Some(client) = app.client else { return Ok(vec![]) };
    match &f.purpose {
        FormPurpose::ItemToTask(item) => {
            // The item as it is now: another window may have changed it, or made it a task,
            // while the form was open.
            match task_made_of(app, item.id).map(|t| t.cloned()) {
                Ok(Some(task)) => {
                    say_a_task_already(app, &item.title, &task);
                    return Ok(vec![]);
                }
                Err(why) => return Err(Refusal::Unread(cannot_tell(app, &item.title, &why))),
                Ok(None) => {}
            }
            let Some(item) = app.data.items.iter().find(|i| i.id == item.id).cloned() else {
                return Err(Refusal::Missing(format!("'{}' was deleted elsewhere meanwhile", item.title)));
            };
            let lane: Lane = f.choice(FieldId::Lane);
            let mut task = Entry::new(app.new_id(), client, app.this_week(), lane, EntryKind::Task, &item.title, app.now);
            task.item_id = Some(item.id);
            task.body = item.notes.clone();
            let by_default = app.current_client().is_some_and(|c| c.private_by_default(lane));
            task.private = item.private || by_default;
            // (Private, it is kept out of the week summary: said, as the form does not show it.)
            let private = match (item.private, by_default) {
                (true, _) => ", private as the item is",
                (false, true) => ", private as the lane is by default",
                _ => "",
            };
            let mut edits = vec![Edit::insert(Record::Entry(task))];
            // (Made a task, an item is in progress: done or dropped before, it is again.)
            if item.status != ItemStatus::Doing {
                edits.push(Edit::update(Record::Item(item.clone()), Record::Item(Item { status: ItemStatus::Doing, ..item.clone() })));
            }
            let label = format!("Made '{}' a task in {} ({}){private}", item.title, lane.short_title(), app.this_week());
            Ok(app.apply(Change::new(label, edits)))
        }
        purpose => {
            let title = f.text(FieldId::Title);
            let (impact, effort, status) = (f.score(FieldId::Impact), f.score(FieldId::Effort), f.choice::<ItemStatus>(FieldId::Status));
            match purpose {
                FormPurpose::EditItem(old) => {
                    let after =
                        Item { title, impact, effort, status, notes: form::kept(&old.notes, f.text(FieldId::Notes)), ..(**old).clone() };
                    // Deleted elsewhere while its form was open: saving makes it again, as typed.
                    if !app.data.items.iter().any(|x| x.id == old.id) {
                        let again = Item { id: app.new_id(), created_at: app.now, updated_at: app.now, ..after };
                        let label = format!("Made '{}' again (it was deleted elsewhere)", again.title);
                        let change = crate::ops::items::add(again)?;
                        return Ok(app.apply(Change { label, ..change }));
                    }
                    let (read, unread) = tasks_of(app, old.id);
                    let statuses = (old.status, after.status);
                    let mut change = crate::ops::items::edit(old, after, app.new_id(), app.now, (&read, app.this_week()))?;
                    if let Some(c) = change.as_mut() {
                        left_unread(c, statuses, unread);
                    }
                    app.matrix.selected = Some(old.id);
                    Ok(change.map(|c| app.apply(c)).unwrap_or_default())
                }
                _ => {
                    let (title, private) = crate::domain::capture::private_marked(&title);
                    let mut item = Item::new(app.new_id(), client, &title, impact, effort, app.now);
                    item.private = private;
                    item.status = status;
                    item.notes = f.text(FieldId::Notes);
                    Ok(app.apply(crate::ops::items::add(item)?))
                }
            }
        }
    }
}
