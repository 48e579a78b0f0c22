//! The Decisions screen's state and commands: the log, its filters and the full form.

use super::form::{self, FieldId, Form};
use super::modal::{FormPurpose, Modal, Prompt, PromptPurpose};
use super::*;
use crate::domain::decision::{clean_tags, supersede as supersede_rule};
use rustc_hash::FxHashMap as HashMap;
use std::sync::{Arc, Weak};

#[derive(Debug, Clone, Default)]
pub struct DecisionsView {
    pub sel: usize,
    /// The first row in view: kept while the selection moves within the view.
    pub offset: usize,
    pub filter: String,
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub due_only: bool,
    /// The decisions shown, as indices into `log`, and the title's matched positions of the
    /// first of them (a filter's best few hundred). Computed when the data or a filter changes,
    /// never while drawing.
    visible: Vec<u32>,
    hits: Vec<Vec<usize>>,
    /// The log `visible` points into. An index is read only in the list it was computed from:
    /// once a reload replaces the loaded log, the old indices show nothing until `refresh`.
    /// (Weak, so that the runtime can still patch the held log in place.)
    pub log: Weak<Vec<DecisionRow>>,
    /// Whether a shown decision is due for revisit (the list explains its marker then).
    pub any_due: bool,
    /// The supersede links of `log`, by index, so that drawing the selected decision never
    /// scans the log.
    links: Links,
}

/// Supersede links within one log, as (old, new) pairs of indices into it, sorted each way: a
/// decision's links are found by binary search, and a log's are made with a few allocations
/// (it is made again after every change, and a million-decision log has 140,000 links).
#[derive(Debug, Clone, Default)]
struct Links {
    /// (old, new) by old: what replaced a superseded decision.
    by_old: Vec<(u32, u32)>,
    /// (new, old) by new, then old: those a decision replaced, in the log's order.
    by_new: Vec<(u32, u32)>,
}

impl Links {
    fn of(log: &[DecisionRow]) -> Links {
        // Superseded decisions, in the log's order, and where each one's successor is.
        let olds: Vec<(u32, Id)> = (0..).zip(log).filter_map(|(i, d)| Some((i, d.superseded_by?))).collect();
        if olds.is_empty() {
            return Links::default();
        }
        let mut at: HashMap<Id, u32> = HashMap::with_capacity_and_hasher(olds.len(), Default::default());
        at.extend(olds.iter().map(|(_, new)| (*new, u32::MAX)));
        for (i, d) in (0..).zip(log) {
            if let Some(slot) = at.get_mut(&d.id) {
                *slot = i;
            }
        }
        let by_old: Vec<(u32, u32)> =
            olds.iter().filter_map(|(old, new)| at.get(new).filter(|n| **n != u32::MAX).map(|n| (*old, *n))).collect();
        let mut by_new: Vec<(u32, u32)> = by_old.iter().map(|(old, new)| (*new, *old)).collect();
        by_new.sort_unstable();
        Links { by_old, by_new }
    }

    /// Those the `i`th decision replaced.
    fn supersedes(&self, i: u32) -> impl Iterator<Item = u32> + '_ {
        let from = self.by_new.partition_point(|(new, _)| *new < i);
        self.by_new[from..].iter().take_while(move |(new, _)| *new == i).map(|(_, old)| *old)
    }

    /// What replaced the `i`th decision.
    fn replaced_by(&self, i: u32) -> Option<u32> {
        self.by_old.binary_search_by_key(&i, |(old, _)| *old).ok().map(|at| self.by_old[at].1)
    }
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
    fn rows<'a>(&'a self, log: &Arc<Vec<DecisionRow>>) -> &'a [u32] {
        if Weak::ptr_eq(&self.log, &Arc::downgrade(log)) {
            &self.visible
        } else {
            &[]
        }
    }
}

/// What the selected decision superseded, and what superseded it (when it is in this log).
pub fn selected_links(app: &App) -> (Vec<&DecisionRow>, Option<&DecisionRow>) {
    let log = &app.data.decisions;
    let Some(&i) = app.decisions.rows(log).get(app.decisions.sel) else { return (Vec::new(), None) };
    let links = &app.decisions.links;
    (links.supersedes(i).map(|old| &log[old as usize]).collect(), links.replaced_by(i).map(|new| &log[new as usize]))
}

/// The shown decisions, in order, with the title's matched positions.
pub fn shown(app: &App) -> impl Iterator<Item = (&DecisionRow, &[usize])> {
    let log = &app.data.decisions;
    let hits = &app.decisions.hits;
    app.decisions.rows(log).iter().enumerate().map(move |(k, i)| (&log[*i as usize], hits.get(k).map_or(&[][..], Vec::as_slice)))
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
/// shown, going to another screen or client, and help. Anything else (a filter, a change, the
/// end of the list) waits for the whole log, so that nothing acts on part of it.
pub fn acts_on_page(app: &App, action: &Action) -> bool {
    use Command::*;
    match action {
        Action::Tick { .. } | Action::Resize { .. } | Action::Run(Quit) => true,
        Action::Run(cmd) => {
            matches!(cmd, Up | Down | PageUp | PageDown | First | Help | SwitchClient | NextScreen | PrevScreen)
                || Screen::shown_by(*cmd).is_some()
        }
        Action::ModalKey(_) => matches!(app.modal, Some(Modal::Picker(_) | Modal::Help { .. })),
        _ => false,
    }
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

pub fn selected(app: &App) -> Option<&DecisionRow> {
    shown(app).nth(app.decisions.sel).map(|(d, _)| d)
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
    if !Weak::ptr_eq(&app.decisions.log, &Arc::downgrade(log)) {
        // Another log (a change, a reload): its links, and its search text from the last one's.
        app.decisions.links = Links::of(log);
        app.search.carry_over(log);
    }
    let v = &app.decisions;
    let today = app.today;
    let passes = |d: &DecisionRow| {
        v.status.is_none_or(|s| d.status == s) && v.category.is_none_or(|c| d.category == c) && (!v.due_only || d.due_for_revisit(today))
    };
    let (mut visible, mut hits) = (Vec::new(), Vec::new());
    if v.filter.trim().is_empty() {
        visible = (0..).zip(log.iter()).filter(|(_, d)| passes(d)).map(|(i, _)| i).collect();
    } else {
        let found = app.search.find(log, &v.filter);
        // (The highlighted ones come first: those kept keep their highlights, in order.)
        let mut highlighted = found.hits.into_iter();
        for i in found.order {
            let title_hits = highlighted.next();
            if passes(&log[i as usize]) {
                visible.push(i);
                hits.extend(title_hits);
            }
        }
    }
    // (While only the first page is there, the count says whether any of the log is due.)
    let due_beyond_page = counted_beyond_page(app).is_some_and(|s| s.due_revisit > 0);
    app.decisions.any_due = due_beyond_page || visible.iter().any(|i| log[*i as usize].due_for_revisit(today));
    app.decisions.visible = visible;
    app.decisions.hits = hits;
    app.decisions.log = Arc::downgrade(&app.data.decisions);
    let pos = keep.iter().flatten().find_map(|id| shown(app).position(|(d, _)| d.id == *id));
    app.decisions.sel = pos.unwrap_or(app.decisions.sel).min(app.decisions.visible.len().saturating_sub(1));
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
    let d = crate::domain::decision::numbered(app.data.decisions.iter().filter(|d| d.client_id == client), number)
        .ok_or_else(|| Refusal::field(field, format!("there is no {}", crate::domain::decision::code(number))))?;
    Ok(Some(d.id))
}

pub fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    let client = match &f.purpose {
        FormPurpose::ReplaceDecision(old) => old.client_id,
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
    let change = match &f.purpose {
        FormPurpose::EditDecision(before) => crate::ops::decisions::edit(before, after),
        FormPurpose::ReplaceDecision(old) => crate::ops::decisions::replace(old, after).map(Some),
        _ => crate::ops::decisions::add(after, "Recorded").map(Some),
    };
    Ok(change?.map(|c| app.apply(c)).unwrap_or_default())
}

/// `D-004 supersedes D-001`: the old one is marked superseded and linked to the new one.
pub fn supersede(app: &mut App, new: Id, typed: &str) -> Vec<Effect> {
    let Some(number) = crate::domain::decision::typed_number(typed) else {
        app.error("Type the number of the decision this one replaces, e.g. 1 or D-001");
        return vec![];
    };
    let log = &app.data.decisions;
    let new_d = log.iter().find(|d| d.id == new).map(DecisionRow::to_decision);
    let old = crate::domain::decision::numbered(log.iter(), number).map(DecisionRow::to_decision);
    let (Some(new_d), Some(old)) = (new_d, old) else {
        app.error(format!("There is no {} for this client", crate::domain::decision::code(number)));
        return vec![];
    };
    let links: Vec<(Id, Option<Id>)> = log.iter().map(|d| (d.id, d.superseded_by)).collect();
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
        Command::Open | Command::Edit => {
            if let Some(d) = selected(app).map(DecisionRow::to_decision) {
                app.modal = Some(Modal::Form(Box::new(form(&d, FormPurpose::EditDecision(Box::new(d.clone()))))));
            }
        }
        Command::ToggleDone => {
            let key = app.keymap.key_name(Command::CycleStatus);
            app.info(format!("Decisions have a status instead: {key} changes it"));
        }
        Command::CycleStatus => {
            if let Some(d) = selected(app).map(DecisionRow::to_decision) {
                let mut status = d.status.cycle(true);
                if status == Status::Superseded {
                    status = status.cycle(true);
                }
                let after = Decision { status, ..d.clone() };
                let label = format!("{} is {}", d.code(), status.key());
                return app.apply(Change::one(label, Edit::update(Record::Decision(d), Record::Decision(after))));
            }
        }
        Command::TogglePrivate => {
            if let Some(d) = selected(app).map(DecisionRow::to_decision) {
                let after = Decision { private: !d.private, ..d.clone() };
                let label =
                    format!("{} is {}", d.code(), if after.private { "private: not in summaries or ADR exports" } else { "client-facing" });
                return app.apply(Change::one(label, Edit::update(Record::Decision(d), Record::Decision(after))));
            }
        }
        Command::DeleteDecision => {
            if let Some(d) = selected(app).map(DecisionRow::to_decision) {
                return app.delete(d);
            }
        }
        Command::Supersede => {
            if let Some(d) = selected(app).map(DecisionRow::to_decision) {
                app.modal = Some(Modal::PickDecision(Default::default(), PromptPurpose::Supersede { new: d.id }));
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
                        input: super::textline::TextLine::new(app.data.adr_dir.as_deref().unwrap_or("")),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};
    use proptest::prelude::*;

    proptest! {
        /// The links found by search are those a walk over the whole log finds: for each
        /// decision, those whose successor it is (in the log's order), and its successor when
        /// that is in the log.
        #[test]
        fn links_are_what_a_walk_over_the_log_finds(successors in proptest::collection::vec(proptest::option::of(0u128..40), 0..30)) {
            let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
            let log: Vec<DecisionRow> = successors
                .iter()
                .enumerate()
                .map(|(i, next)| {
                    let mut d = Decision::captured(id(i as u128), id(999), "D", day, noon());
                    // (Successors past the log's end are decisions of another log.)
                    d.superseded_by = next.map(id);
                    d.into()
                })
                .collect();
            let links = Links::of(&log);
            for (i, d) in log.iter().enumerate() {
                let olds: Vec<u32> = (0..).zip(&log).filter(|(_, o)| o.superseded_by == Some(d.id)).map(|(o, _)| o).collect();
                prop_assert_eq!(links.supersedes(i as u32).collect::<Vec<_>>(), olds);
                let new = d.superseded_by.and_then(|n| log.iter().position(|x| x.id == n)).map(|n| n as u32);
                prop_assert_eq!(links.replaced_by(i as u32), new);
            }
        }
    }
}
