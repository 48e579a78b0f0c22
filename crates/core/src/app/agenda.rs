//! The Today screen: every active client's agenda on one screen (what is overdue, due today and
//! coming up, the timer, the hours), and the one-key answers to a decision due for revisit.

use super::modal::{FormPurpose, Modal, Prompt, PromptPurpose};
use super::*;
use crate::domain::agenda::{Agenda, AgendaItem, Agendum, ClientAgenda, DatedRecords, DueKind, Sources};
use crate::domain::decision::Brief;

#[derive(Debug, Clone, Default)]
pub struct AgendaView {
    pub sel: usize,
    /// The first row in view: kept while the selection moves within the view.
    pub offset: usize,
    pub filter: String,
    /// The agenda as last built from the data, and the rows shown of it after the filter.
    pub built: Agenda,
    /// The dated records and the day it was built from: while they are the same, a rebuild
    /// keeps its items (a change to other records, the hours, the timer).
    built_from: Option<(std::sync::Weak<DatedRecords>, NaiveDate)>,
    rows: Vec<Row>,
    /// Where the selection was when the agenda was last built: its client and item, so that it
    /// stays with that client when its item leaves the agenda (done, reaffirmed).
    was: Option<(Id, usize)>,
}

/// A row of the screen: a client's heading, one of its items, or the count of its decisions due
/// for revisit beyond those listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Client(usize),
    Item(usize, usize),
    Unlisted(usize),
}

impl AgendaView {
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn client(&self, row: Row) -> &ClientAgenda {
        match row {
            Row::Client(c) | Row::Item(c, _) | Row::Unlisted(c) => &self.built.clients[c],
        }
    }

    pub fn item(&self, row: Row) -> Option<&AgendaItem> {
        match row {
            Row::Item(c, i) => Some(&self.built.clients[c].items[i]),
            Row::Client(_) | Row::Unlisted(_) => None,
        }
    }

    /// The record a row shows (a heading: its client); none for the count of revisits.
    fn id(&self, row: Row) -> Option<Id> {
        match row {
            Row::Client(_) => Some(self.client(row).client),
            Row::Item(..) => self.item(row).map(|i| i.record),
            Row::Unlisted(_) => None,
        }
    }
}

/// Builds the agenda from the data just loaded (never per keystroke: a filter typed on another
/// screen leaves it as it is).
pub fn rebuild(app: &mut App) {
    app.agenda.was = selected(app).and_then(|r| {
        let at = match r {
            Row::Item(_, i) => i,
            Row::Client(_) => 0,
            // (The count stays in place.)
            Row::Unlisted(_) => return None,
        };
        Some((app.agenda.client(r).client, at))
    });
    let from = (std::sync::Arc::downgrade(&app.data.dated), app.today);
    let same = app.agenda.built_from.as_ref().is_some_and(|(dated, day)| *day == from.1 && dated.ptr_eq(&from.0));
    let items = if same {
        app.agenda.built.clients.iter().map(|c| (c.client, c.items.clone())).collect()
    } else {
        Agenda::items(&app.data.dated, app.today)
    };
    let sources = Sources {
        today: app.today,
        now: app.now,
        zone: &app.zone,
        clients: &app.data.clients,
        dated: &app.data.dated,
        time: &app.data.time,
        running: app.data.running.as_ref(),
        carried: &app.data.carried,
    };
    app.agenda.built = Agenda::build_with(sources, items);
    app.agenda.built_from = Some(from);
}

pub fn selected(app: &App) -> Option<Row> {
    app.agenda.rows.get(app.agenda.sel).copied()
}

pub fn selected_id(app: &App) -> Option<Id> {
    selected(app).and_then(|r| app.agenda.id(r))
}

/// The selected item's record, as loaded.
fn selected_record(app: &App) -> Option<&Agendum> {
    let item = selected(app).and_then(|r| app.agenda.item(r))?;
    app.data.dated.records.iter().find(|r| r.id() == item.record)
}

fn selected_revisit(app: &App) -> Option<&Brief> {
    match selected_record(app) {
        Some(Agendum::Revisit(b)) => Some(b),
        _ => None,
    }
}

fn selected_task(app: &App) -> Option<&Entry> {
    match selected_record(app) {
        Some(Agendum::Whole(Record::Entry(e))) => Some(e),
        _ => None,
    }
}

fn selected_action(app: &App) -> Option<&crate::domain::Action> {
    match selected_record(app) {
        Some(Agendum::Whole(Record::Action(a))) => Some(a),
        _ => None,
    }
}

pub fn available(app: &App, cmd: Command) -> bool {
    use Command::*;
    match cmd {
        Open => selected(app).is_some(),
        Edit => selected(app).is_some_and(|r| app.agenda.item(r).is_some()),
        Reaffirm | Amend | ReplaceDecision => selected_revisit(app).is_some(),
        ToggleDone => selected(app).is_some(),
        New | TogglePrivate => false,
        _ => true,
    }
}

/// Rows in view: the list less its border.
pub fn rows(_width: usize, body: usize) -> usize {
    body.saturating_sub(2)
}

/// The rows the filter leaves; the selection goes to the first of `keep` still shown, else
/// stays in place.
pub fn keep(app: &mut App, keep: &[Option<Id>]) {
    let agenda = &app.agenda.built;
    let (p, mut m) = (search::Pattern::new(&app.agenda.filter), search::matcher());
    let filtering = !app.agenda.filter.trim().is_empty();
    let mut rows = Vec::new();
    for (c, client) in agenda.clients.iter().enumerate() {
        let name_matches = !filtering || p.matches(&mut m, &client.name).is_some();
        let mut items: Vec<Row> = (0..client.items.len())
            .filter(|i| name_matches || p.matches(&mut m, &client.items[*i].due.title).is_some())
            .map(|i| Row::Item(c, i))
            .collect();
        // The revisits not listed follow the last one listed; they are not searched, so their
        // count stays whatever the filter.
        if client.unlisted.total() > 0 {
            let at = client.unlisted_at();
            items.insert(items.partition_point(|r| matches!(r, Row::Item(_, i) if *i < at)), Row::Unlisted(c));
        }
        if name_matches || !items.is_empty() {
            rows.push(Row::Client(c));
            rows.extend(items);
        }
    }
    app.agenda.rows = rows;
    let ids: Vec<Option<Id>> = app.agenda.rows.iter().map(|r| app.agenda.id(*r)).collect();
    super::screens::keep_selection(&mut app.agenda.sel, &ids, keep);
    let kept = keep.iter().flatten().any(|id| ids.contains(&Some(*id)));
    if let (false, Some((client, at))) = (kept, app.agenda.was.take()) {
        // The item left: the one after it in the same client, else its last, else its heading.
        let v = &app.agenda;
        let of_client: Vec<usize> = (0..v.rows.len()).filter(|i| v.client(v.rows[*i]).client == client).collect();
        let items: Vec<usize> = of_client.iter().copied().filter(|i| matches!(v.rows[*i], Row::Item(..))).collect();
        if let Some(i) = items.get(at.min(items.len().saturating_sub(1))).or(of_client.first()) {
            app.agenda.sel = *i;
        }
    }
}

pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    let (n, page) = (app.agenda.rows.len(), app.page());
    if super::move_in_list(&mut app.agenda.sel, n, page, cmd) {
        return vec![];
    }
    let revisit = selected_revisit(app).map(|b| b.id);
    match cmd {
        Command::Open => return open(app),
        Command::Edit if revisit.is_none() => return open(app),
        Command::Reaffirm | Command::Amend | Command::ReplaceDecision if revisit.is_none() => {
            app.info(app.keymap.say(Scope::Today, "{reaffirm}, {amend} and {replace_decision} act on a decision due for revisit"));
        }
        // The decision is read whole first; `read` answers it.
        Command::Edit | Command::Amend | Command::Reaffirm | Command::ReplaceDecision => {
            return revisit.map(|id| Effect::ReadDecision { id, then: cmd }).into_iter().collect();
        }
        Command::ToggleDone => {
            if let Some(e) = selected_task(app).cloned() {
                return week::toggle_done(app, e);
            }
            // (An action is ticked off here as on the Actions screen; it leaves Today.)
            if let Some(change) =
                selected_action(app).and_then(|a| crate::ops::actions::toggle(a, crate::domain::ActionStatus::Done, app.today))
            {
                return app.apply(change);
            }
            app.info(app.keymap.say(Scope::Today, "{toggle_done} ticks off a task or an action; a revisit is answered with {reaffirm}, {amend} or {replace_decision}, a review or a notice where Enter opens it"));
        }
        _ => {}
    }
    vec![]
}

/// A decision read whole for `then` (asked for by `run`), answered while the selection is
/// still on it as listed. One changed elsewhere since (every other writer is another
/// connection, whose write the runtime takes in before the read) is not answered: Today is read
/// again first, as a change to a record changed elsewhere is refused.
pub fn read(app: &mut App, decision: Option<Decision>, then: Command) -> Vec<Effect> {
    let Some(listed) = selected_revisit(app).filter(|_| app.screen == Screen::Today).cloned() else { return vec![] };
    let client = app.data.clients.iter().find(|c| c.id == listed.client_id).map_or("", |c| c.name.as_str());
    let named = format!("{} {} ({client})", listed.code(), listed.title);
    match decision {
        Some(d) if d.id != listed.id => vec![],
        Some(d) if d.updated_at == listed.updated_at => {
            match then {
                Command::Reaffirm => reaffirm(app, d),
                Command::ReplaceDecision => replace(app, d),
                _ => amend(app, d),
            }
            vec![]
        }
        Some(_) => {
            app.error(format!("{named} was changed elsewhere since Today listed it; Today is read again"));
            vec![Effect::Reload]
        }
        None => {
            app.error(format!("{named} is no longer there; Today is read again"));
            vec![Effect::Reload]
        }
    }
}

/// Enter: the item in its client's screen (a decision in the log, a task on the week board), or
/// a client's heading: that client's week.
fn open(app: &mut App) -> Vec<Effect> {
    let Some(row) = selected(app) else { return vec![] };
    let (client, record) = (app.agenda.client(row).client, app.agenda.item(row).map(|i| (i.record, i.due.kind)));
    let mut effects = app.switch_client(client);
    app.from_today = true;
    match record {
        Some((id, DueKind::Revisit)) => {
            app.decisions = decisions::DecisionsView::default();
            app.screen = Screen::Decisions;
            app.focus = Some(id);
        }
        Some((id, DueKind::RiskReview)) => {
            app.risks = risks::RisksView::default();
            app.screen = Screen::Risks;
            app.focus = Some(id);
        }
        Some((id, DueKind::Notice)) => {
            app.vendors = vendors::VendorsView::default();
            app.screen = Screen::Vendors;
            app.focus = Some(id);
        }
        Some((id, DueKind::Action)) => {
            app.actions = actions::ActionsView::default();
            app.screen = Screen::Actions;
            app.focus = Some(id);
        }
        Some((id, DueKind::Task)) => {
            effects.extend(super::update::show_week(app, app.this_week()));
            app.week.filter.clear();
            app.screen = Screen::Week;
            app.focus = Some(id);
        }
        // The revisits not listed: the client's decisions due for revisit (its log, when
        // those not listed are only coming up).
        None if matches!(row, Row::Unlisted(_)) => {
            let due = app.agenda.client(row).unlisted.due() > 0;
            app.decisions = decisions::DecisionsView::default();
            app.decisions.due_only = due;
            app.screen = Screen::Decisions;
        }
        None => app.screen = Screen::Week,
    }
    if !effects.contains(&Effect::Reload) {
        effects.push(Effect::Reload);
    }
    effects
}

/// The decision's full form, to change what was decided (or its revisit date).
fn amend(app: &mut App, d: Decision) {
    let f = decisions::form(&d, FormPurpose::EditDecision(Box::new(d.clone())));
    app.modal = Some(Modal::Form(Box::new(f)));
}

/// Asks for the next revisit date, offering one as far ahead as the last interval.
fn reaffirm(app: &mut App, d: Decision) {
    let since = crate::domain::review::last_on(&app.data.reviews, d.id).unwrap_or(d.date);
    let next = crate::domain::review::next_date(since, d.revisit, app.today).map(|n| n.to_string()).unwrap_or_default();
    app.modal = Some(Modal::Prompt(Prompt {
        title: format!("Reaffirm {} {}: next revisit", d.code(), d.title),
        hint: app
            .keymap
            .say(Scope::Prompt, "a date (YYYY-MM-DD) or 2w, 3m, 1y · {prompt_accept} reaffirms · {prompt_cancel} leaves it due"),
        input: super::textline::TextLine::new(&next),
        purpose: PromptPurpose::Reaffirm { decision: Box::new(d) },
    }));
}

/// The typed next date: the decision is reaffirmed until then.
pub fn reaffirm_until(app: &mut App, d: &Decision, typed: &str) -> Result<Vec<Effect>, Refusal> {
    let next = typed_date(app, typed)?;
    let change = crate::ops::decisions::reaffirm(d, app.new_id(), next, app.today, app.now)?;
    Ok(app.apply(change))
}

/// A next date as typed: `2027-03-01`, or `2w`, `3m`, `1y` from today.
pub(super) fn typed_date(app: &App, typed: &str) -> Result<NaiveDate, Refusal> {
    let when = typed.trim().trim_start_matches(['+', '@']);
    let next = crate::domain::capture::revisit(when, app.today)
        .ok_or_else(|| Refusal::Missing(format!("'{}' is not a date: write YYYY-MM-DD, or 2w, 3m, 1y from today", typed.trim())))?;
    if !crate::domain::in_range(next) {
        return Err(Refusal::Missing("Cockpit's calendar runs from 1970 to 9999".into()));
    }
    Ok(next)
}

/// A new decision that supersedes the selected one: the full form, with the old one's
/// category, tags and reversibility.
fn replace(app: &mut App, old: Decision) {
    // The form starts from the old one's category, tags and door (its id is not used).
    let mut new = Decision::captured(old.id, old.client_id, "", app.today, app.now);
    (new.category, new.tags, new.reversibility) = (old.category, old.tags.clone(), old.reversibility);
    let mut f = decisions::form(&new, FormPurpose::ReplaceDecision(Box::new(old.clone())));
    f.title = format!("New decision superseding {} {}", old.code(), old.title);
    app.modal = Some(Modal::Form(Box::new(f)));
}
