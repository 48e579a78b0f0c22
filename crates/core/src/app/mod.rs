//! The model and `update`: keys become actions, actions change the model and ask for effects.
//! Nothing here does IO, reads the clock or touches the terminal; the runtime does that.

pub mod actions;
pub mod agenda;
pub mod available;
pub mod clients;
pub mod decisions;
pub mod drafts;
pub mod form;
pub mod form_drafts;
pub mod help;
pub mod history;
pub mod hours;
pub mod matrix;
pub mod meeting;
mod messages;
pub mod modal;
pub mod modal_update;
pub mod named;
pub mod people;
pub mod picker;
pub mod preview;
mod rebase;
pub mod refusal;
pub mod risks;
pub mod route;
mod row_set;
pub mod screens;
pub mod search;
mod settings_typed;
pub mod sync;
pub mod textblock;
pub mod textline;
mod update;
pub mod vendors;
pub mod week;
pub mod whole;

use crate::commands::{Command, Scope};
use crate::domain::*;
use crate::keymap::{Key, Keymap};

use chrono::NaiveDate;
use history::History;
pub use messages::{Action, ApplyKind, Effect};
use modal::Modal;
pub use refusal::Refusal;
use screens::Kept;
pub use screens::Screen;
use std::collections::HashMap;
pub use update::{in_view, scrolled, update};
use update::{move_in_list, run};

/// Below this size a "terminal too small" message is drawn instead of the screens.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// What the screens show, as loaded for one [`Query`].
#[derive(Debug, Clone, Default)]
pub struct Data {
    pub query: Option<Query>,
    pub clients: Vec<Client>,
    pub stats: HashMap<Id, ClientStats>,
    /// The current client's entries in the shown week, and in the week after (for carrying over).
    pub entries: Vec<Entry>,
    pub next_entries: Vec<Entry>,
    /// The week before the shown one's entries (what it left open).
    pub prev_entries: Vec<Entry>,
    /// The current client's decisions, newest first (read when the Decisions screen needs them).
    pub decisions: std::sync::Arc<DecisionLog>,
    /// `decisions` is only the newest page of the log while the whole log is read on another
    /// thread: the first frame does not wait for it, and the next key does.
    pub decisions_partial: bool,
    pub items: Vec<Item>,
    /// Every client's time entries over this week, this month, the shown week and its months
    /// (and what a running timer that began before them is counted up to).
    pub time: Vec<TimeEntry>,
    /// The one running timer, of whichever client.
    pub running: Option<TimeEntry>,
    /// The hours each monthly client with rollover carries into the months of `time` (by the
    /// month's first day; none carried where there is no entry).
    pub carried: crate::domain::time::Carried,
    /// Every active client's records with a date within the agenda's horizon (see
    /// `domain::agenda`).
    pub dated: std::sync::Arc<crate::domain::agenda::DatedRecords>,
    /// Every review (the revisit history of decisions and risks).
    pub reviews: Vec<Review>,
    /// The current client's risks, highest score first, and their re-scorings.
    pub risks: Vec<Risk>,
    pub risk_scores: Vec<RiskScore>,
    /// The current client's meetings, newest first, and its actions (done and dropped ones too),
    /// open and overdue first.
    pub meetings: Vec<Meeting>,
    pub actions: Vec<crate::domain::Action>,
    /// The current client's vendors and options, and its evaluations' criteria.
    pub vendors: Vec<crate::domain::vendor::Vendor>,
    pub evaluations: Vec<crate::domain::vendor::Evaluation>,
    /// The current client's people and candidates, and the 1:1s held with them, newest first.
    pub people: Vec<crate::domain::person::Person>,
    pub one_on_ones: Vec<crate::domain::person::OneOnOne>,
    pub openings: Vec<crate::domain::person::Opening>,
    /// The decisions those records name (`named::naming`), briefly, in the order of their ids:
    /// read for them by id, when `Query::named`.
    pub named: Vec<crate::domain::decision::Brief>,
    /// The folder the current client's decision log was last exported to as ADRs.
    pub adr_dir: Option<String>,
    /// Sync with other machines, when it is set up.
    pub sync: Option<sync::SyncState>,
}

impl Data {
    /// The week board held, read for `week` (the week shown): each week's entries with its week.
    pub fn board(&self, week: IsoWeek) -> [(IsoWeek, &Vec<Entry>); 3] {
        let [this, next, prev] = Data::board_weeks(week);
        [(this, &self.entries), (next, &self.next_entries), (prev, &self.prev_entries)]
    }

    /// [`Data::board`], to change.
    pub fn board_mut(&mut self, week: IsoWeek) -> [(IsoWeek, &mut Vec<Entry>); 3] {
        let [this, next, prev] = Data::board_weeks(week);
        [(this, &mut self.entries), (next, &mut self.next_entries), (prev, &mut self.prev_entries)]
    }

    /// The weeks of the board of `week` (see [`Data::board`]).
    pub fn board_weeks(week: IsoWeek) -> [IsoWeek; 3] {
        [week, week.next(), week.prev()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Query {
    pub client: Option<Id>,
    pub week: IsoWeek,
    pub today: NaiveDate,
    /// Whether the decision log is wanted: on the screens that name decisions, and once read,
    /// until the client changes.
    pub decisions: bool,
    /// Whether the week board (the client's entries of the shown week and the weeks beside it)
    /// is wanted: on the Week screen and the Matrix (whose items become tasks), and once read,
    /// until the client changes.
    pub board: bool,
    /// Whether the client's matrix items and their score changes are wanted: on the Matrix, and
    /// once read, until the client changes. (A switch on another screen reads neither: thousands
    /// of items at a million decisions. A task done elsewhere has its item read: `ReadItemOf`.)
    pub items: bool,
    /// Whether the decisions the client's other records name are wanted (`Data::named`): on
    /// the screens that show those records, and once read, until the client changes. (A switch
    /// on another screen does not read them: 666 decisions read by id at a million, 6 ms.)
    pub named: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    pub text: String,
    pub error: bool,
}

/// Where the ids of new records come from: the runtime's generator, or a test's.
pub struct Ids(Box<dyn FnMut() -> Id + Send>);

impl Ids {
    pub fn new(make: impl FnMut() -> Id + Send + 'static) -> Ids {
        Ids(Box::new(make))
    }
}

/// What the app is given rather than finds out: the time, the time zone, and new ids.
pub struct Inputs {
    pub today: NaiveDate,
    pub now: Timestamp,
    pub zone: Zone,
    pub ids: Ids,
}

/// How many discarded forms undo can bring back.
const DISCARDED_KEPT: usize = 8;

pub struct App {
    pub screen: Screen,
    pub today: NaiveDate,
    pub now: Timestamp,
    /// The zone local times are typed and shown in.
    pub zone: Zone,
    ids: Ids,
    pub client: Option<Id>,
    /// The week shown on the Week screen and summarised by the week summary.
    pub shown_week: IsoWeek,
    pub data: Data,
    pub agenda: agenda::AgendaView,
    pub week: week::WeekView,
    pub matrix: matrix::MatrixView,
    pub decisions: decisions::DecisionsView,
    pub clients: clients::ClientsView,
    pub hours: hours::HoursView,
    pub risks: risks::RisksView,
    pub actions: actions::ActionsView,
    pub vendors: vendors::VendorsView,
    pub people: people::PeopleView,
    /// The decision log's prepared search.
    pub search: search::LogSearch,
    /// The decisions it may act on next, read whole (see `whole`).
    pub whole: whole::Whole,
    pub modal: Option<Modal>,
    pub status: Option<StatusLine>,
    pub history: History,
    /// Forms discarded since the last change (this process's or another's), the latest last,
    /// each with the client it was for: undo brings the latest back, in that client.
    discarded: Vec<(form::Form<modal::FormPurpose>, Option<Id>)>,
    /// The clients with a form discarded that another process's change kept from coming back:
    /// the next undo there says so rather than undoing a change.
    discarded_lapsed: Vec<Option<Id>>,
    /// The client current, and how many changes undo could take back, when an undo said that
    /// the last change was made while another client was shown: the next undo there, with
    /// nothing changed since, undoes it.
    undo_elsewhere_asked: Option<(Option<Id>, usize)>,
    pub keymap: Keymap,
    /// Text typed into a prompt and left with Esc, offered again next time.
    pub drafts: drafts::Drafts,
    /// The form or prompt whose change is being stored: opened again, with its text, if the
    /// save fails.
    pub saving: Option<Modal>,
    /// Said after the next change is stored (a word of the capture line that was not understood).
    pub after_apply: Option<String>,
    /// A record of another client being gone to from Today (Enter there), until it is shown.
    pub(super) from_today: bool,
    /// The selections read before the runtime let go of the data for a reload.
    kept_for_reload: Option<Kept>,
    /// The record to select once the data is reloaded (after adding or moving it).
    pub focus: Option<Id>,
    pub size: (u16, u16),
    /// Something visible changed since the last frame.
    pub redraw: bool,
    /// A sync round is running on another thread.
    pub syncing: bool,
    /// When the app's last sync round failed, and why: said beside when sync last succeeded
    /// until a round does (see `sync::failed`).
    pub sync_failed: Option<(Timestamp, String)>,
}

impl App {
    pub fn new(keymap: Keymap, inputs: Inputs, client: Option<Id>) -> App {
        let Inputs { today, now, zone, ids } = inputs;
        App {
            screen: Screen::Week,
            today,
            now,
            zone,
            ids,
            client,
            shown_week: IsoWeek::of(today),
            data: Data::default(),
            agenda: Default::default(),
            week: week::WeekView::new(today),
            matrix: matrix::MatrixView::default(),
            decisions: decisions::DecisionsView::default(),
            clients: clients::ClientsView::default(),
            hours: hours::HoursView::default(),
            risks: risks::RisksView::default(),
            actions: actions::ActionsView::default(),
            vendors: vendors::VendorsView::default(),
            people: people::PeopleView::default(),
            search: search::LogSearch::default(),
            whole: whole::Whole::default(),
            modal: None,
            status: None,
            history: History::default(),
            discarded: Vec::new(),
            discarded_lapsed: Vec::new(),
            undo_elsewhere_asked: None,
            keymap,
            drafts: Default::default(),
            after_apply: None,
            from_today: false,
            saving: None,
            kept_for_reload: None,
            focus: None,
            size: (80, 24),
            redraw: true,
            syncing: false,
            sync_failed: None,
        }
    }

    /// A new record's id.
    pub fn new_id(&mut self) -> Id {
        (self.ids.0)()
    }

    pub fn query(&self) -> Query {
        let loaded = self.data.query.filter(|q| q.client == self.client);
        let held = |part: fn(&Query) -> bool| loaded.as_ref().is_some_and(part);
        Query {
            client: self.client,
            week: self.shown_week,
            today: self.today,
            decisions: matches!(self.screen, Screen::Decisions | Screen::Risks | Screen::Actions | Screen::Vendors | Screen::People)
                || held(|q| q.decisions),
            board: self.screen == Screen::Week || held(|q| q.board),
            items: self.screen == Screen::Matrix || held(|q| q.items),
            named: matches!(self.screen, Screen::Risks | Screen::Actions | Screen::Vendors | Screen::People) || held(|q| q.named),
        }
    }

    /// Whether the data held is what the screen shown wants (see [`App::query`]).
    pub fn holds_what_is_wanted(&self) -> bool {
        self.data.query == Some(self.query())
    }

    pub fn this_week(&self) -> IsoWeek {
        IsoWeek::of(self.today)
    }

    pub fn current_client(&self) -> Option<&Client> {
        self.client.and_then(|id| self.data.clients.iter().find(|c| c.id == id))
    }

    pub fn active_clients(&self) -> impl Iterator<Item = &Client> {
        self.data.clients.iter().filter(|c| !c.archived)
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine { text: text.into(), error: false });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(StatusLine { text: text.into(), error: true });
    }

    /// The current client, or a message saying how to get one.
    fn need_client(&mut self) -> Option<Id> {
        if self.client.is_none() {
            let message = self.no_client_message();
            self.error(message);
        }
        self.client
    }

    /// How to get a current client: add one, or restore an archived one.
    pub fn no_client_message(&self) -> String {
        let key = |c| self.keymap.key_name(c);
        let (clients, new) = (key(Command::ScreenClients), key(Command::New));
        if self.data.clients.is_empty() {
            format!("No client yet: press {clients} for Clients, then {new} to add one")
        } else {
            let (show, restore) = (key(Command::ShowArchived), key(Command::ArchiveClient));
            format!(
                "No active client: press {clients}, then {new} to add one, or {show} to show archived ones and {restore} to restore one"
            )
        }
    }

    pub fn switch_client(&mut self, id: Id) -> Vec<Effect> {
        if self.client == Some(id) {
            return vec![];
        }
        let effects = self.set_client(Some(id));
        if let Some(c) = self.data.clients.iter().find(|c| c.id == id) {
            let name = c.name.clone();
            self.info(format!("Switched to {name}"));
        }
        hours::offer_move(self);
        effects
    }

    /// Makes `client` the current one: every screen's selection and filters start afresh, since
    /// they belong to the client they were made in.
    fn set_client(&mut self, client: Option<Id>) -> Vec<Effect> {
        self.client = client;
        self.undo_elsewhere_asked = None;
        self.week.reset();
        self.matrix = matrix::MatrixView { show_dropped: self.matrix.show_dropped, ..Default::default() };
        self.decisions = decisions::DecisionsView::default();
        // The last client's prepared text goes with its log (freed on another thread: for a
        // log of hundreds of thousands, that takes longer than a frame).
        let old = std::mem::take(&mut self.search);
        std::thread::spawn(move || drop(old));
        self.hours = hours::HoursView::default();
        self.risks = risks::RisksView::default();
        self.actions = actions::ActionsView::default();
        self.vendors = vendors::VendorsView::default();
        self.people = people::PeopleView::default();
        let save = client.map(|id| Effect::SaveSetting { key: crate::settings::CURRENT_CLIENT.into(), value: id.to_string() });
        save.into_iter().chain([Effect::ReadClient]).collect()
    }

    /// After a reload: the current client is still an active one. When it was archived (here or
    /// by another process), the first active client takes its place; with none left, the Clients
    /// screen is where the user can add or restore one. Not while a prompt or a form is open:
    /// what is typed there was opened for this client, and is saved to it (records can be added
    /// to an archived client); the switch waits for it to close.
    pub(super) fn keep_client_current(&mut self) -> Vec<Effect> {
        let known = self.client.is_some_and(|id| self.data.clients.iter().any(|c| c.id == id && !c.archived));
        if known || (self.modal.is_some() && self.client.is_some()) {
            return vec![];
        }
        let gone = self.current_client().map(|c| c.name.clone());
        let next = self.active_clients().next().map(|c| (c.id, c.name.clone()));
        if self.client.is_none() {
            // At start-up with no client remembered: the first one, as the CLI would choose.
            self.client = next.map(|(id, _)| id);
            return vec![];
        }
        let effects = self.set_client(next.as_ref().map(|(id, _)| *id));
        // A record of the client gone was being gone to (Enter on Today): not one of another
        // client in its place; back on Today.
        if std::mem::take(&mut self.from_today) {
            self.focus = None;
            self.screen = Screen::Today;
        }
        match (gone, next) {
            (Some(gone), Some((_, name))) => self.info(format!("{gone} is archived: now on {name}")),
            (gone, None) => {
                self.screen = Screen::Clients;
                let gone = gone.map(|g| format!("{g} is archived and ")).unwrap_or_default();
                let key = |c| self.keymap.key_name(c);
                let (new, show) = (key(Command::New), key(Command::ShowArchived));
                self.info(format!("{gone}no client is active: {new} adds one, {show} shows archived"));
            }
            (None, Some(_)) => {}
        }
        effects
    }

    /// Keeps (or, when blank, forgets) the current client's draft for a prompt.
    pub fn keep_draft(&mut self, kind: drafts::DraftKind, text: &str) -> Vec<Effect> {
        let Some(client) = self.client else { return vec![] };
        self.drafts.set(kind, client, text);
        vec![Effect::SaveSetting { key: kind.setting(client), value: self.drafts.get(kind, client).to_string() }]
    }

    /// A form discarded: undo brings it back until a change is made (the record it edits may
    /// have changed), and whether it will; one brought back and discarded again too (the undo
    /// a person has just used for it would else undo a change of theirs).
    fn discarded(&mut self, f: form::Form<modal::FormPurpose>) -> bool {
        self.discarded_lapsed.retain(|c| *c != self.client);
        self.discarded.push((f, self.client));
        let over = self.discarded.len().saturating_sub(DISCARDED_KEPT);
        self.discarded.drain(..over);
        true
    }

    /// A change was made here: no discarded form comes back any more.
    pub fn forget_discarded(&mut self) {
        self.discarded.clear();
        self.discarded_lapsed.clear();
    }

    /// Another process changed the database (the record a discarded form edits may be among
    /// the changes): no discarded form comes back, and the next undo in its client says so.
    pub fn lapse_discarded(&mut self) {
        for (_, client) in self.discarded.drain(..) {
            if !self.discarded_lapsed.contains(&client) {
                self.discarded_lapsed.push(client);
            }
        }
    }

    /// Whether a form discarded since the last change would come back (in its client only: a
    /// new record's form files into the current one).
    fn can_bring_back(&self) -> bool {
        self.discarded.iter().any(|(_, client)| *client == self.client)
    }

    /// Whether an undo is to say first that the last change was made while another client was
    /// the current one (that change is not on screen): the next undo in this client, with
    /// nothing changed or undone since, undoes it.
    fn asked_to_undo_elsewhere(&mut self) -> bool {
        let Some((Some(made_in), label)) = self.history.last_made_in() else { return false };
        let asked = (self.client, self.history.undoable());
        if Some(made_in) == self.client || self.undo_elsewhere_asked == Some(asked) {
            return false;
        }
        let name = self.data.clients.iter().find(|c| c.id == made_in).map_or("another client", |c| c.name.as_str());
        let undo = self.keymap.say(crate::commands::Scope::Global, "{undo} again undoes it");
        let text = format!("The last change was made while {name} was shown: {label} ({undo})");
        self.undo_elsewhere_asked = Some(asked);
        self.info(text);
        true
    }

    /// Whether an undo is to say that the discarded form cannot come back; said once.
    fn said_lapsed(&mut self) -> bool {
        let Some(at) = self.discarded_lapsed.iter().position(|c| *c == self.client) else { return false };
        self.discarded_lapsed.remove(at);
        let undo = self.keymap.say(crate::commands::Scope::Global, "{undo} again undoes the last change");
        self.info(format!("The form discarded cannot come back: the database was changed elsewhere since ({undo})"));
        true
    }

    /// The latest form discarded in this client since the last change, back on screen, with the
    /// capture line's draft it was carried on from.
    fn bring_back_discarded(&mut self) -> Vec<Effect> {
        let Some(at) = self.discarded.iter().rposition(|(_, client)| *client == self.client) else { return vec![] };
        let (f, _) = self.discarded.remove(at);
        let carried = (f.carried && f.purpose == modal::FormPurpose::NewDecision).then(|| f.text(form::FieldId::Title));
        self.modal = Some(Modal::Form(Box::new(f)));
        self.info("The form discarded is back");
        carried.map(|title| self.keep_draft(drafts::DraftKind::Capture, &title)).unwrap_or_default()
    }

    /// The current client's draft for a prompt.
    pub fn draft(&self, kind: drafts::DraftKind) -> &str {
        self.client.map_or("", |c| self.drafts.get(kind, c))
    }

    fn apply(&mut self, change: Change) -> Vec<Effect> {
        vec![Effect::Apply { change, kind: ApplyKind::Do }]
    }

    /// Deletes `record` with what goes with it (one undo brings it all back).
    fn delete(&mut self, record: impl Into<Record>) -> Vec<Effect> {
        vec![Effect::Delete { record: Box::new(record.into()) }]
    }

    /// How many rows of the current screen's list are in view: what PageUp and PageDown move by.
    pub fn page(&self) -> usize {
        self.rows_of(self.screen)
    }

    /// How many rows of a screen's list are in view. (The screens' layouts in `ui` give these
    /// heights.)
    pub fn rows_of(&self, screen: Screen) -> usize {
        let (w, h) = (self.size.0 as usize, self.size.1 as usize);
        // Header and status bar.
        screen.list_rows(w, h.saturating_sub(2)).max(1)
    }

    /// Lists scroll only when the selection would leave the view.
    fn follow_selections(&mut self) {
        self.decisions.offset = scrolled(self.decisions.offset, self.decisions.sel, self.rows_of(Screen::Decisions));
        self.clients.offset = scrolled(self.clients.offset, self.clients.sel, self.rows_of(Screen::Clients));
        self.agenda.offset = scrolled(self.agenda.offset, self.agenda.sel, self.rows_of(Screen::Today));
        self.actions.offset = scrolled(self.actions.offset, self.actions.sel, self.rows_of(Screen::Actions));
        self.vendors.offset = scrolled(self.vendors.offset, self.vendors.sel, self.rows_of(Screen::Vendors));
        self.people.offset = scrolled(self.people.offset, self.people.sel, self.rows_of(Screen::People));
    }

    /// Below the minimum size the screens are not drawn, and only quitting and resizing act.
    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    pub fn filter(&self) -> &str {
        self.screen.filter(self)
    }

    fn set_filter(&mut self, f: String) {
        *self.screen.filter_mut(self) = f;
        let kept = self.kept_typing();
        if self.screen == Screen::Decisions {
            // (Each text typed shows what it found from the top.)
            self.decisions.offset = 0;
        }
        self.refresh_views(kept);
        if self.screen == Screen::Matrix {
            matrix::focus_found(self);
        }
    }

    /// What each screen has selected, the Decisions screen's selection as the filter being
    /// typed there began from.
    fn kept_typing(&mut self) -> Kept {
        let mut kept = self.kept();
        if let (Screen::Decisions, Some((id, at))) = (self.screen, self.decisions.typed_from) {
            // (Each text typed selects from where the selection was when the filter opened, or
            // was moved in it: that decision if it is found in view (see `decisions::keep`),
            // else the best found, at the top; cleared, the row it was on.)
            kept.set(Screen::Decisions, id);
            self.decisions.sel = if self.decisions.filter.trim().is_empty() { at } else { 0 };
        }
        kept
    }

    /// The whole ranking of the decision log's filter, worked out elsewhere (see
    /// `LogSearch::first_page`): shown in place of its first page, the selection where it was
    /// on the page (the page is the ranking's first rows: the same row), so that where it ends
    /// does not depend on when the ranking came.
    fn ranked(&mut self, r: search::Ranked) {
        if self.decisions.ranking && r.query == self.decisions.filter {
            self.search.take(&self.data.decisions, r);
            let kept = self.kept();
            self.refresh_views(kept);
        }
    }

    /// Lets go of the loaded decision log and dated records, so that the runtime can patch what
    /// it holds in place rather than copy it. What each screen has selected is read first, for
    /// the reload.
    pub fn release_decisions(&mut self) {
        self.release_log();
        self.data.dated = Default::default();
    }

    /// Lets go of the loaded decision log alone (see [`App::release_decisions`]).
    pub fn release_log(&mut self) {
        if self.kept_for_reload.is_none() {
            self.kept_for_reload = Some(self.kept());
        }
        self.data.decisions = Default::default();
    }

    /// What each screen has selected, as it was before the log was let go for a change (see
    /// [`App::release_log`]).
    fn selections(&self) -> Kept {
        self.kept_for_reload.clone().unwrap_or_else(|| self.kept())
    }

    /// Each screen whose selection is one of `removed` goes back to what it had selected in
    /// `before`, once the data is reloaded.
    fn reselect(&mut self, removed: &[Id], before: &Kept) {
        let mut kept = self.selections();
        for &screen in Screen::ALL {
            if kept.get(screen).is_some_and(|id| removed.contains(&id)) {
                kept.set(screen, before.get(screen));
            }
        }
        self.kept_for_reload = Some(kept);
    }

    /// What each screen has selected, by id.
    fn kept(&self) -> Kept {
        Kept::of(self)
    }

    /// After the data or a filter changed: each selection goes to the focused record if the screen
    /// shows it, else stays on the record it was on, else stays in place within the new list.
    fn refresh_views(&mut self, kept: Kept) {
        kept.restore(self);
    }
}
