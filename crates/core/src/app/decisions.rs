//! The Decisions screen's state and commands: the log, its filters and the full form.

use super::form::{self, FieldId, Form};
use super::modal::{FormPurpose, Modal, Prompt, PromptPurpose};
use super::*;
use crate::domain::decision::{clean_tags, supersede as supersede_rule, Brief};
use std::sync::{Arc, Weak};

#[derive(Debug, Clone, Default)]
pub struct DecisionsView {
    pub sel: usize,
    /// While the filter is typed: the decision selected, and its row, when the filter opened
    /// (or the selection last moved in it). Each text typed selects from there (see
    /// `App::kept_typing` and `keep`; opening the filter sets it afresh), so that where the
    /// selection ends depends on the text, not on how fast it was typed (a burst is filtered
    /// once, see `Action::Typed`).
    pub(super) typed_from: Option<(Option<Id>, usize)>,
    /// The first row in view: kept while the selection moves within the view.
    pub offset: usize,
    pub filter: String,
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub due_only: bool,
    /// The decisions shown, as indices into `log`, and the title's matched positions of the
    /// first of them (a filter's best few hundred). Computed when the data or a filter changes,
    /// never while drawing.
    visible: Visible,
    hits: Vec<Vec<usize>>,
    /// The log `visible` points into. An index is read only in the list it was computed from:
    /// once a reload replaces the loaded log, the old indices show nothing until `refresh`.
    /// (Weak, so that the runtime can still patch the held log in place.)
    pub log: Weak<DecisionLog>,
    /// Whether a shown decision is due for revisit (the list explains its marker then).
    pub any_due: bool,
    /// Whether what is shown is only the filter's first page, the rest still to be ranked (see
    /// `LogSearch::first_page`), or to be read (see `LogSearch::on_page`): the runtime ranks
    /// it once the whole log is read, and anything but typing waits for that.
    pub ranking: bool,
    /// The query whose whole ranking was last shown: shown again (after a change, another
    /// process's write, a resize), it is ranked whole at once, so the list does not jump to a
    /// first page and back; only a query typed afresh shows its first page first.
    ranked_query: String,
    /// The selected decision's supersede links (drawing never scans the log for them).
    links: Links,
}

/// The selected decision's supersede links, read for it from the store (two indexed reads,
/// whatever the size of the log): what it replaced, in the log's order, and what replaced it,
/// when that is in the same log.
#[derive(Debug, Clone, Default)]
struct Links {
    /// The decision they were read for, and the log it was selected in.
    of: Option<(Id, Weak<DecisionLog>)>,
    supersedes: Vec<Brief>,
    replaced_by: Option<Brief>,
}

impl DecisionsView {
    pub fn filters_label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = self.status {
            parts.push(format!("status {}", s.key()));
        }
        if let Some(c) = self.category {
            parts.push(format!("category {}", c.label()));
        }
        if self.due_only {
            parts.push("due for revisit".to_string());
        }
        if !self.filter.is_empty() {
            parts.push(format!("/{}", self.filter));
        }
        parts.join(" · ")
    }

    /// The visible rows, when they were computed from `log`.
    fn rows<'a>(&'a self, log: &Arc<DecisionLog>) -> &'a Visible {
        if Weak::ptr_eq(&self.log, &Arc::downgrade(log)) {
            &self.visible
        } else {
            &Visible::All(0)
        }
    }
}

/// The decisions shown: the first `n` of the log, in its order (no list is made of them: at a
/// million decisions, one was 1.3 MB held whenever nothing narrowed the log), or those chosen,
/// in the order chosen (shared with the filter that found them).
#[derive(Debug, Clone)]
enum Visible {
    All(u32),
    Chosen(Arc<Vec<u32>>),
}

impl Default for Visible {
    fn default() -> Visible {
        Visible::All(0)
    }
}

impl Visible {
    fn len(&self) -> usize {
        match self {
            Visible::All(n) => *n as usize,
            Visible::Chosen(rows) => rows.len(),
        }
    }

    /// The index into the log of the `k`th shown.
    fn get(&self, k: usize) -> Option<usize> {
        match self {
            Visible::All(n) => (k < *n as usize).then_some(k),
            Visible::Chosen(rows) => rows.get(k).map(|i| *i as usize),
        }
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len()).map(|k| self.get(k).expect("one of those shown"))
    }

    /// Where the decision at index `i` of the log is shown.
    fn position(&self, i: usize) -> Option<usize> {
        match self {
            Visible::All(n) => (i < *n as usize).then_some(i),
            Visible::Chosen(rows) => rows.iter().position(|r| *r as usize == i),
        }
    }
}

/// What the selected decision superseded, and what superseded it (when it is in this log).
pub fn selected_links(app: &App) -> (&[Brief], Option<&Brief>) {
    let links = &app.decisions.links;
    match (selected(app), &links.of) {
        (Some(d), Some((id, _))) if d.id == *id => (&links.supersedes, links.replaced_by.as_ref()),
        _ => (&[], None),
    }
}

/// The decision the Decisions screen shows selected without its links held (for this log):
/// the runtime reads them after each key (`Action::LinksRead`).
pub fn links_wanted(app: &App) -> Option<DecisionRow<'_>> {
    let d = selected(app).filter(|_| app.screen == Screen::Decisions)?;
    let log = Arc::downgrade(&app.data.decisions);
    let held = app.decisions.links.of.as_ref().is_some_and(|(id, of)| *id == d.id && Weak::ptr_eq(of, &log));
    (!held).then_some(d)
}

/// The links read for decision `of` (`links_wanted`).
pub(super) fn links_read(app: &mut App, of: Id, supersedes: Vec<Brief>, replaced_by: Option<Brief>) -> Vec<Effect> {
    app.decisions.links = Links { of: Some((of, Arc::downgrade(&app.data.decisions))), supersedes, replaced_by };
    vec![]
}

/// The shown decisions, in order, with the title's matched positions.
pub fn shown(app: &App) -> impl Iterator<Item = (DecisionRow<'_>, &[usize])> {
    let log = &app.data.decisions;
    let hits = &app.decisions.hits;
    app.decisions.rows(log).iter().enumerate().map(move |(k, i)| (log.row(i), hits.get(k).map_or(&[][..], Vec::as_slice)))
}

/// The current client's counts, while only the first page of its log is read.
fn counted_beyond_page(app: &App) -> Option<&ClientStats> {
    app.client.and_then(|c| app.data.stats.get(&c)).filter(|_| app.data.decisions_partial)
}

/// How many decisions the client has (while only the first page is read, as counted).
pub fn total(app: &App) -> usize {
    counted_beyond_page(app).map_or(app.data.decisions.len(), |s| s.decisions)
}

/// Whether `action` can act while only the first page of the log is read: moving within what is
/// shown, going to another screen or client, help, typing the filter (the page shows what it
/// holds of the ranking, see `LogSearch::on_page`), and the capture line opened and typed into
/// (a meeting's decision is caught at once). Anything else (keeping a filter, storing what
/// was captured or any other change, the end of the list) waits for the whole log, so that
/// nothing acts on part of it.
pub fn acts_on_page(app: &App, action: &Action) -> bool {
    use Command::*;
    if leaves_the_log_alone(app, action) {
        return true;
    }
    match action {
        Action::Tick { .. } | Action::Resize { .. } | Action::Run(Quit) => true,
        // (Down the list as far as the page goes: beyond it, the rest of the log is waited for.)
        Action::Run(cmd @ (Down | PageDown)) if app.screen == Screen::Decisions => {
            app.decisions.sel + if *cmd == Down { 1 } else { app.rows_of(Screen::Decisions) } < count(app)
        }
        Action::Run(cmd) => {
            matches!(cmd, Up | Down | PageUp | PageDown | First | Help | SwitchClient | NextScreen | PrevScreen | Filter | CaptureDecision)
                || Screen::shown_by(*cmd).is_some()
        }
        Action::Typed(_) | Action::Paste(_) => typing_filter(app) || matches!(app.modal, Some(Modal::Capture(_))),
        // (Clearing the filter shows the page again; keeping it, or moving beyond what it
        // shows, acts on what it finds in the whole log.)
        Action::ModalKey(key) if typing_filter(app) => {
            moves_within_page(app, action) || !matches!(app.keymap.overlay(Scope::Prompt, *key), Some(Down | PromptAccept))
        }
        // (Storing the decision, or taking it to the full form, waits.)
        Action::ModalKey(key) if matches!(app.modal, Some(Modal::Capture(_))) => {
            !matches!(app.keymap.overlay(Scope::Prompt, *key), Some(PromptAccept | PromptSwitch))
        }
        Action::ModalKey(_) => matches!(app.modal, Some(Modal::Picker(_) | Modal::Help { .. })),
        _ => false,
    }
}

/// Whether `action`, on a screen of records other than decisions (Week, Matrix, Hours, Risks,
/// People, Vendors, Actions), cannot look in the decision log: moving, a command of that
/// screen's own but linking a decision, a record's form or a meeting's notes opened, and any
/// key in a form but saving it or in a prompt about a record. What a record names of
/// decisions is read by id (see `named`), so none of these needs the rest of a log being read;
/// saving a form does (a decision typed by number is looked up in the log), and so does
/// anything that changes a decision.
fn leaves_the_log_alone(app: &App, action: &Action) -> bool {
    use Command::*;
    if matches!(app.screen, Screen::Decisions | Screen::Today | Screen::Clients) {
        return false;
    }
    match action {
        Action::Run(cmd) => {
            (cmd.scope() == app.screen.scope() && !matches!(cmd, LinkMitigation | LinkIntroduced))
                || cmd.is_movement()
                || matches!(cmd, New | Edit | Meeting | ToggleDone | TogglePrivate | ToggleTimer | PrevWeek | NextWeek | ThisWeek)
        }
        Action::ModalKey(_) | Action::Paste(_) => match &app.modal {
            Some(Modal::Form(f)) => !matches!(action, Action::ModalKey(key) if super::modal_update::saves(app, f, *key)),
            Some(Modal::Prompt(p)) => about_a_record(&p.purpose),
            _ => false,
        },
        _ => false,
    }
}

/// Whether a prompt is about a record other than a decision (see `leaves_the_log_alone`).
fn about_a_record(purpose: &PromptPurpose) -> bool {
    use PromptPurpose::*;
    match purpose {
        NewEntry { .. }
        | Filter
        | StopTimerAt { .. }
        | SplitTime { .. }
        | BillWeek
        | ReviewRisk { .. }
        | AddPoint { .. }
        | ScoreVendor { .. }
        | TimerLimit
        | StartScreen => true,
        Supersede { .. } | LinkDecision { .. } | Reaffirm { .. } | AdrFolder | StatusReason(_) => false,
    }
}

/// Whether the filter's whole ranking is wanted in place of the first page shown: not while
/// only the log's first page is read (it is ranked once the rest is).
pub fn to_rank(app: &App) -> bool {
    app.decisions.ranking && !app.data.decisions_partial
}

/// Whether `action` can act while only the filter's first page is shown (see
/// `DecisionsView::ranking`): typing in the filter (it replaces what is ranked), moving within
/// the page (it is the ranking's first rows, as they will stay), the clock, a resize, quitting.
/// Anything else (moving beyond the page, closing the filter, a change, another screen) waits
/// for the whole ranking, so that nothing acts on part of what the filter found.
pub fn acts_while_ranking(app: &App, action: &Action) -> bool {
    match action {
        Action::Tick { .. } | Action::Resize { .. } | Action::Run(Command::Quit) => true,
        Action::Typed(_) | Action::Paste(_) => typing_filter(app),
        // (Moving beyond the page, or closing the filter, acts on where the whole ranking puts
        // the selection.)
        Action::ModalKey(key) => {
            let command = app.keymap.overlay(Scope::Prompt, *key);
            moves_within_page(app, action)
                || typing_filter(app)
                    && !matches!(command, Some(Command::Up | Command::Down | Command::PromptAccept | Command::PromptCancel))
        }
        _ => false,
    }
}

/// Whether `action` moves the selection within what the filter being typed shows.
pub fn moves_within_page(app: &App, action: &Action) -> bool {
    let Action::ModalKey(key) = action else { return false };
    typing_filter(app)
        && match app.keymap.overlay(Scope::Prompt, *key) {
            Some(Command::Up) => true,
            Some(Command::Down) => app.decisions.sel + 1 < count(app),
            _ => false,
        }
}

/// Whether the Decisions filter is being typed.
fn typing_filter(app: &App) -> bool {
    matches!(&app.modal, Some(Modal::Prompt(p)) if p.purpose == PromptPurpose::Filter)
}

/// How many decisions are shown.
pub fn count(app: &App) -> usize {
    app.decisions.rows(&app.data.decisions).len()
}

/// Whether a command acts on the log as shown: decisions have a status, not done.
pub fn available(app: &App, cmd: Command) -> bool {
    use Command::*;
    match cmd {
        ToggleDone => false,
        New | ExportAdr | ExportAdrTo | FilterStatus | FilterCategory | FilterDue => app.client.is_some(),
        ClearFilters => {
            let v = &app.decisions;
            !v.filter.is_empty() || v.status.is_some() || v.category.is_some() || v.due_only
        }
        Open | Edit | TogglePrivate | CycleStatus => selected(app).is_some(),
        // Another decision to supersede.
        Supersede => selected(app).is_some() && app.data.decisions.len() > 1,
        DeleteDecision => selected(app).is_some(),
        _ => true,
    }
}

pub fn selected_id(app: &App) -> Option<Id> {
    selected(app).map(|d| d.id)
}

/// Rows in view: the list beside the detail pane when wide, above it when narrow.
/// From this width the detail pane is beside the list; below it otherwise (the titles have the
/// room).
pub const SIDE_BY_SIDE: usize = 140;

pub fn rows(width: usize, body: usize) -> usize {
    if width >= SIDE_BY_SIDE {
        body.saturating_sub(2)
    } else {
        (body * 55 / 100).saturating_sub(2)
    }
}

pub fn selected(app: &App) -> Option<DecisionRow<'_>> {
    shown(app).nth(app.decisions.sel).map(|(d, _)| d)
}

/// The selected decision itself, to edit or to store (see `whole`); else what to do instead:
/// nothing when none is selected, the log read again when it was changed elsewhere.
fn selected_decision(app: &mut App) -> Result<Decision, Vec<Effect>> {
    let Some(row) = selected(app) else { return Err(vec![]) };
    whole::of(app, row).map_err(|code| whole::not_as_listed(app, &code))
}

/// A decision just stored (`app.focus`) that the Decisions screen's filters hide: the status
/// line says so, or it would seem lost.
pub(super) fn say_if_hidden(app: &mut App) {
    let Some(id) = app.focus else { return };
    if app.decisions.filters_label().is_empty()
        || selected(app).is_some_and(|d| d.id == id)
        || !app.data.decisions.iter().any(|d| d.id == id)
    {
        return;
    }
    // (Said first: a long status line is cut at its end. The filters are in the screen's title.)
    let hidden = app.keymap.say(Scope::Decisions, "Hidden by the filters ({clear_filters} on Decisions clears them) · ");
    if let Some(status) = &mut app.status {
        status.text.insert_str(0, &hidden);
    }
}

/// Recomputes the visible list, keeping the selection on the same decision when it is still shown.
pub fn refresh(app: &mut App) {
    let keep = selected(app).map(|d| d.id);
    self::keep(app, &[app.focus, keep]);
}

/// Recomputes the visible list from the loaded log; the selection goes to the first of `keep`
/// still shown, else stays in place within the list.
pub fn keep(app: &mut App, keep: &[Option<Id>]) {
    let log = &app.data.decisions;
    let v = &app.decisions;
    let today = app.today;
    // (Rows are looked at only when something narrows: the found come in their order, not the
    // log's, and a row read out of order is a cache miss, a million times over.)
    let narrowed = v.status.is_some() || v.category.is_some() || v.due_only;
    let passes = |d: &DecisionRow| {
        !narrowed
            || v.status.is_none_or(|s| d.status == s)
                && v.category.is_none_or(|c| d.category == c)
                && (!v.due_only || d.due_for_revisit(today))
    };
    let mut ranking = false;
    let (visible, hits) = if v.filter.trim().is_empty() {
        // (Nothing is remembered of queries typed before: memory follows what is shown.)
        app.search.forget();
        let all = 0..u32::try_from(log.len()).expect("a log of under four billion decisions");
        let shown = if narrowed {
            Visible::Chosen(Arc::new(all.filter(|i| passes(&log.row(*i as usize))).collect()))
        } else {
            Visible::All(all.end)
        };
        (shown, Vec::new())
    } else {
        // (A screenful or so: what is in view, whatever the filters hide of it.)
        let page = usize::from(app.size.1).max(1);
        let typed_afresh = v.filter != v.ranked_query;
        let found = if app.data.decisions_partial {
            // (Only the log's first page is read: what it shows of the ranking, the rest ranked
            // once the whole log is read.)
            search::LogSearch::on_page(log, &v.filter, page)
        } else {
            let found = typed_afresh.then(|| app.search.first_page(log, &v.filter, page)).flatten();
            found.unwrap_or_else(|| app.search.find(log, &v.filter))
        };
        ranking = !found.ranked;
        if narrowed {
            // (The highlighted ones come first: those kept keep their highlights, in order.)
            let (mut visible, mut hits) = (Vec::new(), Vec::new());
            let mut highlighted = found.hits.into_iter();
            for &i in found.order.iter() {
                let title_hits = highlighted.next();
                if passes(&log.row(i as usize)) {
                    visible.push(i);
                    hits.extend(title_hits);
                }
            }
            (Visible::Chosen(Arc::new(visible)), hits)
        } else {
            // (What the filter found, as it keeps it: not copied.)
            (Visible::Chosen(found.order), found.hits)
        }
    };
    // (While only the first page is there, the count says whether any of the log is due.)
    let due_beyond_page = counted_beyond_page(app).is_some_and(|s| s.due_revisit > 0);
    app.decisions.any_due = due_beyond_page || visible.iter().any(|i| log.row(i).due_for_revisit(today));
    app.decisions.visible = visible;
    app.decisions.hits = hits;
    app.decisions.ranking = ranking;
    if !ranking {
        app.decisions.ranked_query.clone_from(&app.decisions.filter);
    }
    app.decisions.log = Arc::downgrade(&app.data.decisions);
    // (Found where it is in the log, newest first, then among the rows shown by its index.
    // While the filter is typed, the decision it selects from only among those found in view
    // from the top: further down, the best found is selected, at the top.)
    let typed = app.decisions.typed_from.is_some() && !app.decisions.filter.trim().is_empty();
    let within = if typed { app.rows_of(Screen::Decisions) } else { usize::MAX };
    let (rows, sel) = (&app.decisions.visible, app.decisions.sel);
    // (Looked for where it was selected first: the log is searched only when it moved.)
    let at = |id: Id| {
        let moved = || log.iter().position(|d| d.id == id).and_then(|i| rows.position(i));
        rows.get(sel).filter(|i| log.row(*i).id == id).map(|_| sel).or_else(moved)
    };
    let pos = keep.iter().flatten().find_map(|id| at(*id).filter(|p| *p < within));
    app.decisions.sel = pos.unwrap_or(app.decisions.sel).min(app.decisions.visible.len().saturating_sub(1));
}

/// The filter is being typed from the selection as it is now (see `DecisionsView::typed_from`).
pub(super) fn typing_from_here(app: &mut App) {
    app.decisions.typed_from = Some((selected(app).map(|d| d.id), app.decisions.sel));
}

pub fn form(d: &Decision, purpose: FormPurpose) -> Form<FormPurpose> {
    let title = match &purpose {
        FormPurpose::EditDecision(_) => format!("Edit {} {}", d.code(), d.title),
        _ => "New decision".to_string(),
    };
    Form::new(
        title,
        purpose,
        vec![
            form::text(FieldId::Title, &d.title),
            form::date(FieldId::Date, Some(d.date)),
            form::choice(FieldId::Status, d.status),
            form::choice(FieldId::Category, d.category),
            form::choice(FieldId::Reversibility, d.reversibility),
            form::date(FieldId::Revisit, d.revisit),
            form::text(FieldId::Tags, &d.tags.join(", ")),
            form::text(FieldId::DecidedBy, &d.decided_by),
            form::block(FieldId::Context, &d.context),
            form::block(FieldId::Decision, &d.decision),
            form::block(FieldId::Options, &d.options),
            form::block(FieldId::Consequences, &d.consequences),
        ],
    )
}

/// The decision of `client` a form field names by number (`D-007`, `7`); none when it is left
/// empty.
pub(super) fn typed_ref(app: &App, f: &Form<FormPurpose>, field: FieldId, client: Id) -> Result<Option<Id>, Refusal> {
    let typed = f.text(field);
    if typed.is_empty() {
        return Ok(None);
    }
    let number = crate::domain::decision::typed_number(&typed)
        .ok_or_else(|| Refusal::field(field, format!("'{typed}' is not a decision number (D-007 or 7)")))?;
    let d = crate::domain::decision::numbered(app.data.decisions.of(client), number)
        .ok_or_else(|| Refusal::field(field, format!("there is no {}", crate::domain::decision::code(number))))?;
    Ok(Some(d.id))
}

pub fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    let client = match &f.purpose {
        FormPurpose::ReplaceDecision(old) | FormPurpose::DecisionAgain(old) => old.client_id,
        _ => match app.client {
            Some(c) => c,
            None => return Ok(vec![]),
        },
    };
    let title = f.text(FieldId::Title);
    let date = f.date(FieldId::Date)?.ok_or_else(|| Refusal::field(FieldId::Date, "a decision needs the date it was made (YYYY-MM-DD)"))?;
    let base = match &f.purpose {
        FormPurpose::EditDecision(d) => (**d).clone(),
        // What replaces a private decision is private too (the form does not ask).
        FormPurpose::ReplaceDecision(old) => {
            Decision { private: old.private, ..Decision::captured(app.new_id(), client, &title, app.today, app.now) }
        }
        // (All it was, private mark and links too, under a number of its own.)
        FormPurpose::DecisionAgain(old) => Decision { id: app.new_id(), number: 0, created_at: app.now, ..(**old).clone() },
        _ => Decision::captured(app.new_id(), client, &title, app.today, app.now),
    };
    let after = Decision {
        title,
        date,
        status: f.choice(FieldId::Status),
        category: f.choice(FieldId::Category),
        reversibility: f.choice(FieldId::Reversibility),
        revisit: f.date(FieldId::Revisit)?,
        tags: clean_tags([f.text(FieldId::Tags)]),
        decided_by: f.text(FieldId::DecidedBy),
        context: form::kept(&base.context, f.text(FieldId::Context)),
        decision: form::kept(&base.decision, f.text(FieldId::Decision)),
        options: form::kept(&base.options, f.text(FieldId::Options)),
        consequences: form::kept(&base.consequences, f.text(FieldId::Consequences)),
        ..base.clone()
    };
    if let FormPurpose::EditDecision(before) = &f.purpose {
        if super::whole::is_held_back(app, before.id) {
            return Err(Refusal::Missing(super::whole::held_back(before)));
        }
    }
    let change = match &f.purpose {
        FormPurpose::EditDecision(before) => crate::ops::decisions::edit(before, after),
        FormPurpose::ReplaceDecision(old) => crate::ops::decisions::replace(old, after).map(Some),
        FormPurpose::DecisionAgain(old) => crate::ops::decisions::again(old, after).map(Some),
        _ => crate::ops::decisions::add(after, "Recorded").map(Some),
    };
    let Some(change) = change? else { return Ok(vec![]) };
    // The draft is let go first, so that the save's outcome is what the status line says.
    let mut effects = forget_carried_draft(app, f);
    effects.extend(app.apply(change));
    Ok(effects)
}

/// A new decision's form carried on from the capture line: the line's draft, kept until the
/// form is saved or discarded, goes.
pub fn forget_carried_draft(app: &mut App, f: &Form<FormPurpose>) -> Vec<Effect> {
    match f.purpose {
        FormPurpose::NewDecision if f.carried => app.keep_draft(super::drafts::DraftKind::Capture, ""),
        _ => vec![],
    }
}

/// `D-004 supersedes D-001`: the old one is marked superseded and linked to the new one.
pub fn supersede(app: &mut App, new: Id, typed: &str) -> Vec<Effect> {
    let Some(number) = crate::domain::decision::typed_number(typed) else {
        app.error("Type the number of the decision this one replaces, e.g. 1 or D-001");
        return vec![];
    };
    let log = &app.data.decisions;
    let (Some(new_row), Some(old_row)) = (log.iter().find(|d| d.id == new), crate::domain::decision::numbered(log.iter(), number)) else {
        app.error(format!("There is no {} for this client", crate::domain::decision::code(number)));
        return vec![];
    };
    let (new_d, old) = match (whole::of(app, new_row), whole::of(app, old_row)) {
        (Ok(new_d), Ok(old)) => (new_d, old),
        (Err(code), _) | (_, Err(code)) => return whole::not_as_listed(app, &code),
    };
    let log = &app.data.decisions;
    let links: Vec<(Id, Option<Id>)> = log.iter().map(|d| (d.id, d.superseded_by())).collect();
    match supersede_rule(&old, &new_d, &links) {
        Ok(after) => {
            let label = format!("{} supersedes {}", new_d.code(), old.code());
            app.focus = Some(new_d.id);
            app.apply(Change::one(label, Edit::update(Record::Decision(old), Record::Decision(after))))
        }
        Err(e) => {
            app.error(e.to_string());
            vec![]
        }
    }
}

/// `cmd` done to the selected decision `d`, read whole.
fn act_on(app: &mut App, cmd: Command, d: Decision) -> Vec<Effect> {
    match cmd {
        Command::CycleStatus => {
            let mut status = d.status.cycle(true);
            if status == Status::Superseded {
                status = status.cycle(true);
            }
            let after = Decision { status, ..d.clone() }.status_kept_with_its_link();
            let mut label = format!("{} is {}", d.code(), status.key());
            // (Its supersede link goes with the status: said, as the newer one no longer
            // names it either.)
            if d.superseded_by.is_some() && after.superseded_by.is_none() {
                let newer = selected_links(app).1.map(|b| b.code());
                label.push_str(&format!(", no longer superseded by {}", newer.unwrap_or_else(|| "the newer decision".into())));
            }
            app.apply(Change::one(label, Edit::update(Record::Decision(d), Record::Decision(after))))
        }
        Command::TogglePrivate => {
            let after = Decision { private: !d.private, ..d.clone() };
            let label =
                format!("{} is {}", d.code(), if after.private { "private: not in summaries or ADR exports" } else { "client-facing" });
            app.apply(Change::one(label, Edit::update(Record::Decision(d), Record::Decision(after))))
        }
        Command::DeleteDecision => app.delete(d),
        _ => {
            app.modal = Some(Modal::Form(Box::new(form(&d, FormPurpose::EditDecision(Box::new(d.clone()))))));
            vec![]
        }
    }
}

fn cycle<T: Choice>(current: Option<T>) -> Option<T> {
    match current {
        None => Some(T::ALL[0]),
        Some(c) if c == T::ALL[T::ALL.len() - 1] => None,
        Some(c) => Some(c.cycle(true)),
    }
}

pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    let (n, page) = (count(app), app.page());
    if super::move_in_list(&mut app.decisions.sel, n, page, cmd) {
        return vec![];
    }
    match cmd {
        Command::New => {
            if let Some(client) = app.need_client() {
                let blank = Decision::captured(app.new_id(), client, "", app.today, app.now);
                app.modal = Some(Modal::Form(Box::new(form(&blank, FormPurpose::NewDecision))));
            }
        }
        Command::Open | Command::Edit | Command::CycleStatus | Command::TogglePrivate | Command::DeleteDecision => {
            return match selected_decision(app) {
                Ok(d) => act_on(app, cmd, d),
                Err(effects) => effects,
            };
        }
        Command::ToggleDone => {
            let key = app.keymap.key_name(Command::CycleStatus);
            app.info(format!("Decisions have a status instead: {key} changes it"));
        }
        Command::Supersede => {
            if let Some(d) = selected(app) {
                let found = super::picker::Found::new(app.search.first_page_from);
                app.modal = Some(Modal::PickDecision(Default::default(), PromptPurpose::Supersede { new: d.id }, found));
            }
        }
        Command::FilterStatus => {
            app.decisions.status = cycle(app.decisions.status);
            refresh(app);
        }
        Command::FilterCategory => {
            app.decisions.category = cycle(app.decisions.category);
            refresh(app);
        }
        Command::FilterDue => {
            app.decisions.due_only = !app.decisions.due_only;
            refresh(app);
        }
        Command::ExportAdr | Command::ExportAdrTo => {
            let Some(client) = app.need_client() else { return vec![] };
            match app.data.adr_dir.clone().filter(|_| cmd == Command::ExportAdr) {
                Some(dir) => return vec![Effect::ExportAdr { client, dir }],
                None => {
                    app.modal = Some(Modal::Prompt(Prompt {
                        title: "Export the decision log as ADRs into the folder".into(),
                        hint: app.keymap.say(
                            Scope::Prompt,
                            "the repository's ADR folder (or its root, with .adr-dir) · {prompt_accept} exports · {prompt_cancel} cancels",
                        ),
                        input: super::textline::TextLine::path(app.data.adr_dir.as_deref().unwrap_or("")),
                        purpose: PromptPurpose::AdrFolder,
                    }))
                }
            }
        }
        Command::ClearFilters => {
            let v = &mut app.decisions;
            v.status = None;
            v.category = None;
            v.due_only = false;
            v.filter.clear();
            refresh(app);
        }
        _ => {}
    }
    vec![]
}

/// Enter in the ADR folder prompt.
pub fn export_to(app: &mut App, dir: &str) -> Result<Vec<Effect>, Refusal> {
    let dir = dir.trim();
    if dir.is_empty() {
        return Err(Refusal::Missing("Type the folder to write the ADR files into".into()));
    }
    let client = app.client.ok_or(Refusal::NoClient)?;
    Ok(vec![Effect::ExportAdr { client, dir: dir.to_string() }])
}
