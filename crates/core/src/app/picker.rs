//! The client switcher, the command palette and the decision picker: a query, and a list of
//! what matches it.

use super::modal::{Modal, Picker, PromptPurpose};
use super::modal_update::{text_op, Outcome};
use super::row_set::{indices, over_the_cores, RowSet};
use super::*;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

/// Which list a picker chooses from.
pub(super) enum Kind {
    Clients,
    Palette,
    Decision(PromptPurpose, Found),
    MoveTo(Box<Record>),
}

impl Kind {
    fn wrap(self, p: Picker) -> Modal {
        match self {
            Kind::Clients => Modal::Picker(p),
            Kind::Palette => Modal::Palette(p),
            Kind::Decision(purpose, found) => Modal::PickDecision(p, purpose, found),
            Kind::MoveTo(record) => Modal::PickClientFor(p, record),
        }
    }

    fn count(&self, app: &App, query: &str) -> usize {
        match self {
            Kind::Clients => client_matches(app, query).len(),
            Kind::Palette => palette_offers(app, query).len(),
            Kind::Decision(purpose, found) => decision_matches(app, purpose, found, query).len(),
            Kind::MoveTo(record) => move_matches(app, record, query).len(),
        }
    }
}

pub(super) fn picker_key(app: &mut App, mut p: Picker, key: Key, kind: Kind) -> Outcome {
    // Letters type into the query; the picker's keys move and choose.
    let cmd = app.keymap.overlay(Scope::Picker, key);
    if let Some(cmd) = cmd.filter(|c| c.is_movement()) {
        let count = kind.count(app, p.query.text());
        super::move_in_list(&mut p.selected, count, picker_rows(app), cmd);
        return (Some(kind.wrap(p)), vec![]);
    }
    match (cmd, kind) {
        (Some(Command::PickCancel), _) => (None, vec![]),
        (Some(Command::Pick), Kind::Palette) => match palette_offers(app, p.query.text()).get(p.selected) {
            Some((cmd, _)) => {
                let cmd = *cmd;
                (None, chosen(app, cmd))
            }
            None => (Some(Kind::Palette.wrap(p)), vec![]),
        },
        (Some(Command::Pick), Kind::Clients) => match client_matches(app, p.query.text()).get(p.selected) {
            Some((id, _)) => {
                let id = *id;
                (None, app.switch_client(id))
            }
            None => (Some(Kind::Clients.wrap(p)), vec![]),
        },
        (Some(Command::Pick), Kind::Decision(purpose, found)) => {
            let Some(at) = decision_matches(app, &purpose, &found, p.query.text()).get(p.selected) else {
                return (Some(Kind::Decision(purpose, found).wrap(p)), vec![]);
            };
            let code = at.map(|i| app.data.decisions.row(i).code()).unwrap_or_default();
            let effects = match &purpose {
                PromptPurpose::Supersede { new } => Ok(decisions::supersede(app, *new, &code)),
                PromptPurpose::LinkDecision { risk, link } => risks::link_decision(app, risk, *link, &code),
                _ => Ok(vec![]),
            };
            match effects {
                Ok(effects) if !app.status.as_ref().is_some_and(|s| s.error) => (None, effects),
                Ok(effects) => (Some(Kind::Decision(purpose, found).wrap(p)), effects),
                Err(refusal) => {
                    app.error(refusal.to_string());
                    (Some(Kind::Decision(purpose, found).wrap(p)), vec![])
                }
            }
        }
        (Some(Command::Pick), Kind::MoveTo(record)) => {
            let to = move_matches(app, &record, p.query.text())
                .get(p.selected)
                .and_then(|(id, _)| app.data.clients.iter().find(|c| c.id == *id))
                .cloned();
            match to.map(|to| crate::ops::records::move_to(&record, &to, &app.zone)) {
                Some(Ok(Some(change))) => (None, app.apply(change)),
                Some(Err(e)) => {
                    app.error(e.to_string());
                    (None, vec![])
                }
                _ => (Some(Kind::MoveTo(record).wrap(p)), vec![]),
            }
        }
        (_, kind) => {
            if let Some(op) = text_op(&app.keymap, key) {
                if p.query.apply(op) {
                    p.selected = 0;
                }
            }
            (Some(kind.wrap(p)), vec![])
        }
    }
}

/// The clients a record can move to, matching the query: every active one but its own.
pub fn move_matches(app: &App, record: &Record, query: &str) -> Vec<(Id, Vec<usize>)> {
    let own = match record {
        Record::Entry(e) => e.client_id,
        Record::Time(t) => t.client_id,
        _ => return Vec::new(),
    };
    client_matches(app, query).into_iter().filter(|(id, _)| *id != own).collect()
}

/// The line a decision picker shows for a decision: `D-007 Adopt Kafka`. Most rows hold it as
/// it is (a picker matches every row of a log of up to a million); `room` takes one made.
pub fn decision_line<'a>(d: DecisionRow<'a>, room: &'a mut String) -> &'a str {
    if let Some(line) = d.code_and_title() {
        return line;
    }
    room.clear();
    crate::domain::decision::write_code(room, d.number);
    room.push(' ');
    room.push_str(d.title());
    room
}

/// What a decision picker found for its recent queries, kept while it is open: it is asked on
/// every frame and by each key that moves in its list, and a log can hold a million decisions.
/// Over a large log a query's first page is shown at once and its whole ranking follows from
/// another thread (see [`Ranking`]), as the filter's does.
#[derive(Clone)]
pub struct Found(Arc<Mutex<Finding>>);

struct Finding {
    recent: search::Recent,
    /// The first page of the query last asked for whose whole ranking is still to come, and
    /// the log it is of (see [`first_page`]).
    page: Option<(String, Weak<DecisionLog>, Arc<Vec<u32>>)>,
    /// From how many rows to look at a query's first page is shown before its whole ranking
    /// (see `LogSearch::first_page_from`).
    first_page_from: usize,
}

impl Found {
    pub fn new(first_page_from: usize) -> Found {
        Found(Arc::new(Mutex::new(Finding { recent: search::Recent::default(), page: None, first_page_from })))
    }

    fn lock(&self) -> MutexGuard<'_, Finding> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether the two are one picker's.
    pub fn is(&self, other: &Found) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for Found {
    fn default() -> Found {
        Found::new(search::FIRST_PAGE_FROM)
    }
}

/// (What it holds is worked out from the log: two pickers alike otherwise are alike.)
impl PartialEq for Found {
    fn eq(&self, _: &Found) -> bool {
        true
    }
}

impl std::fmt::Debug for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("Found")
    }
}

/// Where `query`'s whole ranking in `log` is to be looked for when it is still to come, its
/// first page shown meanwhile: among the rows given (none: the whole log). None when it is
/// remembered, or quick to work out at once (fewer than `from` rows to look at, or no query).
fn to_rank_in<'a>(recent: &'a mut search::Recent, from: usize, log: &Arc<DecisionLog>, query: &str) -> Option<Option<&'a RowSet>> {
    if query.trim().is_empty() || recent.knows(log, query) {
        return None;
    }
    let narrowed = recent.narrowed(query);
    (narrowed.map_or(log.len(), RowSet::len) >= from).then_some(narrowed)
}

/// What a decision picker offers, best first: a decision (its index in the log) or, for "no
/// decision" (which unlinks), none; held as the index plus one, none as 0. All it offers, or
/// only the first page while the whole ranking is to come (see [`first_page`]).
pub struct Offers {
    order: Arc<Vec<u32>>,
    whole: bool,
}

impl Offers {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Whether these are all it offers, not only the first page.
    pub fn whole(&self) -> bool {
        self.whole
    }

    pub fn get(&self, k: usize) -> Option<Option<usize>> {
        self.order.get(k).map(|at| at.checked_sub(1).map(|i| i as usize))
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<usize>> + '_ {
        (0..self.len()).filter_map(|k| self.get(k))
    }
}

/// What a decision picker offers, matching its query, best first (see [`Offers`]). A typed
/// number puts that decision first. (The log can hold a million decisions: each is matched
/// without its matched positions, the log split over the cores as the filter's is, and a query
/// that extends a recent one is looked for among what that one found loosely; those shown are
/// matched again to draw them, with their positions. From `LogSearch::first_page_from` rows to
/// look at, the first page is offered until the whole ranking comes: see [`Ranking`].)
pub fn decision_matches(app: &App, purpose: &PromptPurpose, found: &Found, query: &str) -> Offers {
    let log = &app.data.decisions;
    let mut f = found.lock();
    let Finding { recent, page, first_page_from } = &mut *f;
    if let Some(narrowed) = to_rank_in(recent, *first_page_from, log, query) {
        let shown = page.as_ref().filter(|(q, of, _)| q == query && std::ptr::eq(of.as_ptr(), Arc::as_ptr(log)));
        let order = match shown {
            Some((_, _, order)) => order.clone(),
            None => {
                let order = Arc::new(first_page(log, purpose, query, narrowed));
                *page = Some((query.to_string(), Arc::downgrade(log), order.clone()));
                order
            }
        };
        return Offers { order, whole: false };
    }
    *page = None;
    let never = AtomicBool::new(false);
    let order =
        recent.find(log, query, |narrowed| offered(log, purpose, query, narrowed, &never).expect("a ranking nothing stops is whole"));
    Offers { order, whole: true }
}

/// A decision picker's query ranked over its whole log on another thread, while its first
/// page is shown (see [`ranking`]).
pub struct Ranking {
    log: Arc<DecisionLog>,
    purpose: PromptPurpose,
    query: String,
    narrowed: Option<RowSet>,
    found: Found,
}

impl Ranking {
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The picker it ranks for.
    pub fn found(&self) -> &Found {
        &self.found
    }

    /// Ranks the query, and keeps what it offers in the picker's (unless `stop` was set
    /// meanwhile, or the picker has since been asked about another log).
    pub fn run(self, stop: &AtomicBool) {
        if let Some((order, loose)) = offered(&self.log, &self.purpose, &self.query, self.narrowed.as_ref(), stop) {
            self.found.lock().recent.keep(&self.log, &self.query, order, loose);
        }
    }
}

/// The open decision picker, with its query, when it shows the query's first page and its
/// whole ranking is still to come.
pub fn to_rank(app: &App) -> Option<(&str, &Found)> {
    let Some(Modal::PickDecision(p, _, found)) = &app.modal else { return None };
    let mut f = found.lock();
    let f = &mut *f;
    to_rank_in(&mut f.recent, f.first_page_from, &app.data.decisions, p.query.text())?;
    Some((p.query.text(), found))
}

/// The whole ranking the open decision picker waits for (see [`to_rank`]).
pub fn ranking(app: &App) -> Option<Ranking> {
    let Some(Modal::PickDecision(p, purpose, found)) = &app.modal else { return None };
    let log = &app.data.decisions;
    let narrowed = {
        let mut f = found.lock();
        let f = &mut *f;
        to_rank_in(&mut f.recent, f.first_page_from, log, p.query.text())?.cloned()
    };
    Some(Ranking { log: log.clone(), purpose: purpose.clone(), query: p.query.text().to_string(), narrowed, found: found.clone() })
}

/// Whether `action` can act while the open decision picker shows its query's first page (see
/// [`to_rank`]): typing (it replaces the query), moving within the page or choosing a row of
/// it (the page is the whole ranking's first rows, as they will stay), leaving, the clock, a
/// resize. Moving beyond the page waits for the whole ranking.
pub fn acts_while_ranking(app: &App, action: &Action) -> bool {
    match action {
        Action::Tick { .. } | Action::Resize { .. } | Action::Typed(_) | Action::Paste(_) | Action::Run(Command::Quit) => true,
        Action::ModalKey(key) => match app.keymap.overlay(Scope::Picker, *key) {
            None | Some(Command::PickCancel) => true,
            Some(Command::Pick) => on_page(app, |selected, shown| selected < shown),
            Some(_) => moves_within_page(app, action),
        },
        _ => false,
    }
}

/// Whether `action` moves the selection of the open decision picker within what it shows.
pub fn moves_within_page(app: &App, action: &Action) -> bool {
    let Action::ModalKey(key) = action else { return false };
    match app.keymap.overlay(Scope::Picker, *key) {
        Some(Command::Up | Command::Left | Command::PageUp | Command::First) => on_page(app, |_, _| true),
        Some(Command::Down | Command::Right) => on_page(app, |selected, shown| selected + 1 < shown),
        Some(Command::PageDown) => on_page(app, |selected, shown| selected + picker_rows(app) < shown),
        _ => false,
    }
}

/// What `holds` says of the open decision picker's selected row and how many rows it shows.
fn on_page(app: &App, holds: impl Fn(usize, usize) -> bool) -> bool {
    let Some(Modal::PickDecision(p, purpose, found)) = &app.modal else { return false };
    holds(p.selected, decision_matches(app, purpose, found, p.query.text()).len())
}

/// Whether a decision picker offers `d`: one to supersede is neither the new decision nor one
/// superseded already; one to link to a risk is of the risk's client.
fn offers(purpose: &PromptPurpose, log: &DecisionLog, d: &DecisionRow) -> bool {
    match purpose {
        PromptPurpose::Supersede { new } => d.id != *new && d.status != Status::Superseded,
        PromptPurpose::LinkDecision { risk, .. } => log.client == risk.client_id,
        _ => false,
    }
}

/// Whether a decision picker offers "no decision": one linking a risk that has the link.
fn unlinks(purpose: &PromptPurpose) -> bool {
    matches!(purpose, PromptPurpose::LinkDecision { risk, link } if link.of(risk).is_some())
}

/// A decision's index in the log as [`Offers`] holds it.
fn held(i: usize) -> u32 {
    u32::try_from(i + 1).expect("a log of under four billion decisions")
}

/// The first rows of `query`'s whole ranking (see [`offered`]), or as many of them as can be
/// told without ranking every row, as the filter's first page is (see
/// `LogSearch::first_page`): the decisions a number in it names, wherever they are; then
/// those whose line scores the most any can (each word as written starting a word), "no
/// decision" first, then the decisions of the first rows looked at (of `narrowed`, else of
/// the whole log) in the log's order. As [`Offers`] holds them.
fn first_page(log: &DecisionLog, purpose: &PromptPurpose, query: &str, narrowed: Option<&RowSet>) -> Vec<u32> {
    let p = search::Pattern::new(query);
    let mut asking = Asking::new(&p, query);
    let number = asking.number;
    let mut named: Vec<u64> = match number {
        Some(n) => {
            let answers = log.iter().enumerate().filter(|(_, d)| d.answers_to(n) && offers(purpose, log, d));
            answers.filter_map(|(i, d)| asking.answer(d, held(i)).0).collect()
        }
        None => Vec::new(),
    };
    named.sort_unstable();
    let mut order: Vec<u32> = named.iter().map(|r| *r as u32).collect();
    if !p.most_is_known() {
        return order;
    }
    if unlinks(purpose) && asking.scores_most(None) {
        order.push(0);
    }
    for i in indices(narrowed, 0..narrowed.map_or(log.len(), RowSet::len)).take(search::LOOKED_AT) {
        if order.len() >= PAGE {
            break;
        }
        let d = log.row(i as usize);
        if offers(purpose, log, &d) && !number.is_some_and(|n| d.answers_to(n)) && asking.scores_most(Some(d)) {
            order.push(held(i as usize));
        }
    }
    order.truncate(PAGE);
    order
}

/// A decision picker's query, asked of one line at a time (see [`decision_line`]).
struct Asking<'a> {
    pattern: &'a search::Pattern,
    /// The decision number the query is (see `typed_number`).
    number: Option<u32>,
    m: nucleo_matcher::Matcher,
    room: search::Room,
    line: String,
}

impl Asking<'_> {
    fn new<'a>(pattern: &'a search::Pattern, query: &str) -> Asking<'a> {
        let number = crate::domain::decision::typed_number(query);
        Asking { pattern, number, m: search::matcher(), room: search::Room::default(), line: String::new() }
    }

    /// How decision `d`, held as [`Offers`] holds it at `at`, answers: where it ranks among the
    /// offers (see `search::ranked`: the decision the number names first, ties in the log's
    /// order) when found, and whether its line has the query's letters in order.
    fn answer(&mut self, d: DecisionRow, at: u32) -> (Option<u64>, bool) {
        let numbered = self.number.is_some_and(|n| d.answers_to(n));
        let (score, there) = self.pattern.score_loosely(&mut self.m, decision_line(d, &mut self.line), &mut self.room);
        match (score, numbered) {
            (Some(s), false) => (Some(search::ranked(s.min(search::NAMED - 1), at)), there),
            (s, true) => (Some(search::ranked(search::named(s.unwrap_or(0)), at)), there),
            (None, false) => (None, there),
        }
    }

    /// Whether the line of `d` (none: the row that unlinks) scores the most any line can (see
    /// `Pattern::scores_most`).
    fn scores_most(&mut self, d: Option<DecisionRow>) -> bool {
        let line = d.map_or(UNLINK, |d| decision_line(d, &mut self.line));
        self.pattern.scores_most_in(&mut self.m, line, &mut self.room)
    }
}

/// How many rows a decision picker's first page holds: its box shows at most 17.
const PAGE: usize = 20;

/// What a decision picker offers for `query` among `narrowed` (else the whole log), as
/// [`Offers`] holds it, and the decisions whose lines have the query's letters in order; none
/// if `stop` was set meanwhile.
fn offered(
    log: &DecisionLog,
    purpose: &PromptPurpose,
    query: &str,
    narrowed: Option<&RowSet>,
    stop: &AtomicBool,
) -> Option<(Vec<u32>, RowSet)> {
    let p = search::Pattern::new(query);
    if p.is_empty() {
        // (Every one, in the log's order: nothing to match.)
        let offered = log.iter().enumerate().filter(|(_, d)| offers(purpose, log, d)).map(|(i, _)| held(i));
        return Some((unlinks(purpose).then_some(0).into_iter().chain(offered).collect(), RowSet::default()));
    }
    let number = crate::domain::decision::typed_number(query);
    // Each part's offers sorted where they were found (best first, the decisions a typed number
    // names before all, ties in the log's order), and the parts merged, as the filter does.
    type Part = (Vec<u64>, RowSet);
    let matched = |part: &mut dyn Iterator<Item = u32>| -> Part {
        let mut asking = Asking::new(&p, query);
        let (mut found, mut loose) = (Vec::new(), RowSet::new(log.len()));
        for i in part {
            if i % 4096 == 0 && stop.load(Ordering::Relaxed) {
                break;
            }
            let d = log.row(i as usize);
            if !offers(purpose, log, &d) {
                continue;
            }
            let (rank, there) = asking.answer(d, i + 1);
            found.extend(rank);
            if there {
                loose.insert(i);
            }
        }
        found.sort_unstable();
        (found, loose)
    };
    let parts = over_the_cores(log.len(), narrowed, 4096, matched);
    if stop.load(Ordering::Relaxed) {
        return None;
    }
    let mut more = Vec::new();
    if unlinks(purpose) {
        let unlink = p.score_loosely(&mut search::matcher(), UNLINK, &mut search::Room::default()).0;
        more.extend(unlink.map(|s| search::ranked(s.min(search::NAMED - 1), 0)));
    }
    // A decision the number names that did not answer a shorter query (which looked at its
    // line, not at the numbers it had before).
    if let (Some(n), Some(rows)) = (number, narrowed) {
        let beyond = log.iter().enumerate().filter(|(i, d)| d.answers_to(n) && offers(purpose, log, d) && !rows.contains(*i as u32));
        more.extend(beyond.map(|(i, _)| search::ranked(search::named(0), held(i))));
    }
    more.sort_unstable();
    let runs = parts.iter().map(|(f, _)| f.as_slice()).chain([more.as_slice()]).collect();
    let order = search::merged(runs);
    Some((order, RowSet::union(parts.into_iter().map(|(_, l)| l))))
}

/// The row of a decision picker that unlinks.
pub const UNLINK: &str = "no decision (unlink)";

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

/// The commands the palette offers for its query: every one matching it that is not an
/// overlay's own; those that act here first, then the others (another screen's, or with
/// nothing to act on now), each best match first.
pub fn palette_offers(app: &App, query: &str) -> Vec<(Command, Vec<usize>)> {
    let described = |c: Command| app.keymap.describe(c);
    let mut offers: Vec<(Command, Vec<usize>)> =
        matching(query, &described).into_iter().filter(|(c, _)| !c.scope().is_overlay() && *c != Command::Palette).collect();
    // (What acts here first; with nothing typed, this screen's own commands before the ones
    // that act everywhere.)
    let own = |c: Command| query.trim().is_empty() && c.scope() == app.screen.scope();
    offers.sort_by_key(|(c, _)| (!super::available::available(app, *c), !own(*c)));
    offers
}

/// A command chosen in the palette: another screen's shows that screen first, then acts if it
/// has something to act on there; a delete there only shows the screen and says its key (what
/// it would delete was not in view when it was chosen).
fn chosen(app: &mut App, cmd: Command) -> Vec<Effect> {
    let elsewhere = Screen::ALL.iter().copied().find(|s| s.scope() == cmd.scope() && *s != app.screen);
    let mut effects = match elsewhere {
        Some(screen) => super::run(app, screen.show()),
        None => vec![],
    };
    if elsewhere.is_some() && cmd.name().starts_with("delete_") {
        let key = app.keymap.key_name(cmd);
        let described = app.keymap.describe(cmd);
        app.info(format!("{key}: {described}"));
        return effects;
    }
    if elsewhere.is_some() && !app.holds_what_is_wanted() {
        // That screen's data is read first (once this key is done); the command acts then.
        effects.push(Effect::AfterRead(cmd));
        return effects;
    }
    effects.extend(act(app, cmd));
    effects
}

/// A command chosen in the palette acts here, if it has something to act on.
pub(super) fn act(app: &mut App, cmd: Command) -> Vec<Effect> {
    if super::available::available(app, cmd) {
        super::run(app, cmd)
    } else {
        let described = app.keymap.describe(cmd);
        app.info(format!("{described}: nothing to act on here now"));
        vec![]
    }
}

/// Every command matching a query (by name and description), best first.
pub fn palette_matches(query: &str) -> Vec<(Command, Vec<usize>)> {
    matching(query, &|c: Command| c.description().to_string())
}

/// Commands whose description (as `describe` gives it) and name match `query`, with the
/// matched positions in `palette_label`.
fn matching(query: &str, describe: &dyn Fn(Command) -> String) -> Vec<(Command, Vec<usize>)> {
    let (p, mut m) = (search::Pattern::new(query), search::matcher());
    let mut found: Vec<(i64, usize, Command, Vec<usize>)> = Command::ALL
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let text = palette_label(&describe(*c), *c);
            p.matches(&mut m, &text).map(|(s, hits)| (s, i, *c, hits))
        })
        .collect();
    if !query.trim().is_empty() {
        found.sort_by_key(|(s, i, _, _)| (-s, *i));
    }
    found.into_iter().map(|(_, _, c, hits)| (c, hits)).collect()
}

/// How the palette shows a command: what it does, then its name.
pub fn palette_label(description: &str, c: Command) -> String {
    format!("{description} {}", c.name())
}
