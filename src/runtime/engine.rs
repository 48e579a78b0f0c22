//! The engine: routes keys, runs `update`, and carries out its effects against the store. The
//! terminal loop and the key-sequence tests both drive it.

use super::clipboard::{Clipboard, NoClipboard};
use super::read_marks::{self, Part};
use super::Clock;
use crate::app::{self, Action, App, Data, Effect, Query};
use crate::domain::time::Period;
use crate::domain::{Change, IsoWeek};
use crate::keymap::{Key, Keymap};
use crate::storage::backup;
use crate::storage::{keys, Store};
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// How long the database stays unchanged after a change before the app takes a snapshot of it.
pub const QUIET_BEFORE_SNAPSHOT: Duration = Duration::from_secs(60);

/// Which parts of the current client's data a read already has (from what the app holds).
#[derive(Debug, Clone, Copy, Default)]
struct Held {
    log: bool,
    board: bool,
    items: bool,
}

/// The change mark of a state no snapshot holds (no connection's mark is ever this).
const UNSNAPPED: (u64, i64) = (u64::MAX, i64::MIN);

/// How the status line says a draft went outside the database (and then, that it came back).
const COULD_NOT_KEEP: &str = "Could not keep the draft";

pub struct Engine {
    pub app: App,
    pub store: Store,
    pub clock: Clock,
    pub quit: bool,
    pub suspend: bool,
    /// A field's text waiting to be opened in the external editor (the event loop does it).
    pub edit: Option<String>,
    /// The database file was found replaced or removed (said once).
    vanished_said: bool,
    /// A change gave up waiting for another program's write (see `event_loop`).
    pub gave_up_waiting: bool,
    /// The keys typed while such a change waited are being taken in: a quit among them does not
    /// quit (it was typed as if the change had been saved), and says so.
    pub holding_quit: bool,
    /// Where `y` copies to; tests keep the default, which has no clipboard.
    pub clipboard: Box<dyn Clipboard>,
    decisions: super::decision_cache::DecisionCache,
    /// The decision log's filter being ranked on other threads (see `DecisionsView::ranking`).
    ranker: super::ranker::Ranker,
    /// The write-ahead log copied into the database on another thread (see `Checkpoints`).
    checkpoints: super::checkpoints::Checkpoints,
    /// The first frame is out: a client's decision log may be read ahead in the background.
    read_ahead: bool,
    /// The current client's week board and matrix items read ahead (see `PartsAhead`), and how
    /// many parts the screens have taken from such reads (for the benchmark and the tests).
    parts_ahead: Option<super::parts_ahead::PartsAhead>,
    pub parts_taken_ahead: usize,
    /// When the last key was handled: a read ahead waits for a pause in the keys.
    last_key: super::parts_ahead::LastKey,
    dated: super::dated_cache::DatedCache,
    carry: super::carry_cache::CarryCache,
    /// A snapshot being taken on another thread: today's, or the latest state after changes.
    snapshot: Option<backup::Background>,
    /// The state (`Store::change_mark`) the last snapshot was taken of (or the app opened on),
    /// the mark last seen, and since when it has been seen unchanged.
    snapshot_mark: (u64, i64),
    /// The last session quit with changes no snapshot holds (`keys::SNAPSHOT_DUE`): said so
    /// in the database until a snapshot starts.
    left_unsnapped: bool,
    /// The database's files as they were at the last look for another process's writes.
    on_disk: Option<crate::storage::OnDisk>,
    last_mark: ((u64, i64), Instant),
    /// How long the database must stay unchanged after a change before a snapshot of it is taken.
    pub quiet_before_snapshot: Duration,
    /// How often at most a snapshot of the latest state is taken (`backup::LATEST_EVERY`).
    pub latest_every: Duration,
    /// When the newest snapshot of the database was taken, as far as is known.
    newest_snapshot: Option<Instant>,
    /// Today's snapshot was due while another one ran.
    daily_due: bool,
    /// The change mark when the running snapshot started.
    snapshot_started: (u64, i64),
    data_version: i64,
    /// After how many hours a running timer counts as forgotten (read again after another
    /// process writes), and the timer last asked about: each is asked about once.
    timer_limit: f64,
    asked_forgotten: Option<crate::domain::Id>,
    /// A sync round on another thread, and when the last one started.
    sync: Option<super::sync::background::Background>,
    sync_started: Option<Instant>,
    /// The Sync view is shown again once the data is reloaded (after settling a conflict).
    reopen_sync: bool,
    /// What the app holds of the current client's data besides its log, and when it was read.
    read_marks: read_marks::ReadMarks,
    /// What the app asks to have read after a key is being read ([`Engine::settle`]).
    settling: bool,
    /// Where this window's drafts are kept (another window may keep its own).
    draft_slots: super::draft_slots::DraftSlots,
    /// Drafts the database would not keep (damaged, replaced), by setting: printed on quitting,
    /// so that nothing typed goes with the window.
    unkept: std::collections::BTreeMap<String, String>,
    /// The file beside the database they are written to, once written (see `write_unkept`).
    unkept_file: Option<std::path::PathBuf>,
}

/// How many times at most what the app asks for after a key is read (see [`Engine::settle`]).
const SETTLE_ROUNDS: usize = 3;

impl Engine {
    pub fn new(mut store: Store, keymap: Keymap, clock: Clock) -> anyhow::Result<Engine> {
        let client = store.setting(keys::CURRENT_CLIENT)?.and_then(|s| s.parse().ok());
        let inputs = app::Inputs { today: clock.today(), now: clock.now(), zone: clock.zone(), ids: app::Ids::new(crate::storage::new_id) };
        let mut app = App::new(keymap, inputs, client);
        let mut draft_slots = super::draft_slots::DraftSlots::new();
        for (key, text) in draft_slots.load(&mut store)? {
            if let Some((kind, client)) = app::drafts::DraftKind::of_setting(&key) {
                app.drafts.set(kind, client, &text);
            }
        }
        // The one capture draft an earlier version kept becomes the current client's.
        if let (Some(old), Some(client)) = (store.setting(keys::OLD_CAPTURE_DRAFT)?, app.client) {
            if app.drafts.get(app::drafts::DraftKind::Capture, client).is_empty() {
                app.drafts.set(app::drafts::DraftKind::Capture, client, &old);
                draft_slots.save(&mut store, &app::drafts::DraftKind::Capture.setting(client), &old)?;
            }
            store.set_setting(keys::OLD_CAPTURE_DRAFT, "")?;
        }
        if store.path().is_some() {
            store.leave_checkpoints()?;
        }
        let data_version = store.data_version()?;
        let timer_limit = store.timer_limit_hours()?;
        // The state the app opens on: changes after it are due for a snapshot, and so is the
        // state itself when the last session quit with changes no snapshot holds.
        let mark = store.change_mark()?;
        let left_unsnapped = store.setting(keys::SNAPSHOT_DUE)?.is_some_and(|v| v == "1");
        let mut engine = Engine {
            app,
            store,
            clock,
            quit: false,
            suspend: false,
            edit: None,
            vanished_said: false,
            gave_up_waiting: false,
            holding_quit: false,
            clipboard: Box::new(NoClipboard),
            decisions: Default::default(),
            ranker: Default::default(),
            checkpoints: Default::default(),
            read_ahead: false,
            parts_ahead: None,
            parts_taken_ahead: 0,
            last_key: Default::default(),
            dated: Default::default(),
            carry: Default::default(),
            snapshot: None,
            snapshot_mark: if left_unsnapped { UNSNAPPED } else { mark },
            left_unsnapped,
            on_disk: None,
            last_mark: (mark, Instant::now()),
            quiet_before_snapshot: QUIET_BEFORE_SNAPSHOT,
            latest_every: backup::LATEST_EVERY,
            newest_snapshot: None,
            daily_due: false,
            snapshot_started: mark,
            data_version,
            timer_limit,
            asked_forgotten: None,
            sync: None,
            sync_started: None,
            reopen_sync: false,
            read_marks: Default::default(),
            settling: false,
            draft_slots,
            unkept: Default::default(),
            unkept_file: None,
        };
        // The screen it opens on is shown before the first read, which reads what that screen needs.
        // (When the data cannot be read, the week board, as with no client; the read says why.)
        let start = engine.store.setting(keys::START_SCREEN)?.and_then(|s| <keys::StartScreen as crate::domain::Choice>::parse(&s).ok());
        let today = start.unwrap_or(keys::StartScreen::Auto).opens_today(engine.store.clients(false).map_or(0, |c| c.len()));
        engine.dispatch(Action::Run(if today { crate::commands::Command::ScreenToday } else { crate::commands::Command::ScreenWeek }));
        engine.run(vec![Effect::Reload]);
        if engine.app.data.query.is_none() {
            engine.app.screen = app::Screen::Week;
        }
        engine.check_forgotten_timer();
        // Drafts an earlier window could not keep (its file beside the database, see
        // `write_unkept`): said, so that they are not left unseen there.
        if let Some(file) = engine.store.path().and_then(unkept_left) {
            engine.app.info(format!("Drafts an earlier window could not keep are in {}", file.display()));
        }
        if let Some(warning) = engine.store.path().and_then(crate::storage::paths::risky_location) {
            let place = warning.split(" (").next().unwrap_or(&warning);
            engine
                .app
                .error(format!("Warning: {place}: a synced or shared live database can be corrupted; see the README, Where data lives"));
        }
        if !engine.app.keymap.problems.is_empty() {
            let problems = &engine.app.keymap.problems;
            let help = engine.app.keymap.key_name(crate::commands::Command::Help);
            let more = match problems.len() - 1 {
                0 => format!("{help} lists it"),
                n => format!("and {n} more; {help} lists them"),
            };
            let message = format!("keymap: {} ({more})", problems[0]);
            engine.app.error(message);
        }
        Ok(engine)
    }

    /// A key (or what was typed or pasted) is being handled: until its frame, a long log's
    /// readers wait (`DecisionCache::key_begun`), and a read ahead of the board and items waits
    /// for the keys to pause.
    fn key_begun(&self) {
        self.decisions.key_begun();
        self.last_key.now();
    }

    pub fn key(&mut self, key: Key) {
        // (Not for the clock's ticks, which draw no frame: each would hold the reader up.)
        self.key_begun();
        for key in crate::input::keys_of(&self.app, key) {
            if let Some(action) = crate::input::route(&self.app, key) {
                self.dispatch(action);
            }
        }
    }

    /// Reads everything again: after a write on this engine's own connection made outside the
    /// app (by a test), which `data_version` does not show.
    pub fn reload(&mut self) {
        self.dated.mark_stale();
        self.carry.mark_stale();
        self.read_marks.forget();
        self.run(vec![Effect::Reload]);
    }

    pub fn keys(&mut self, parts: &[&str]) {
        for k in crate::input::keys(parts) {
            self.key(k);
        }
    }

    pub fn dispatch(&mut self, action: Action) {
        if matches!(action, Action::Typed(_) | Action::Paste(_)) {
            self.key_begun();
        }
        if self.app.data.decisions_partial && !app::decisions::acts_on_page(&self.app, &action) {
            // The key acts on the whole log: it waits for the rest of it.
            if let Some(client) = self.app.client {
                self.decisions.wait_for(client);
            }
            self.run(vec![Effect::ReadLog]);
            if self.app.data.decisions_partial {
                // The log could not be read (the reload said why): nothing acts on part of it.
                return;
            }
        }
        let waits = (app::decisions::to_rank(&self.app) && !app::decisions::acts_while_ranking(&self.app, &action))
            || (app::picker::to_rank(&self.app).is_some() && !app::picker::acts_while_ranking(&self.app, &action));
        if waits {
            // The key acts on what the filter or a decision picker found: it waits for the
            // whole of it.
            let ranked = self.ranker.wait(&mut self.app);
            self.ranked(ranked);
        } else if self.ranker.running()
            && matches!(action, Action::Typed(_) | Action::Paste(_) | Action::ModalKey(_))
            && !app::decisions::moves_within_page(&self.app, &action)
            && !app::picker::moves_within_page(&self.app, &action)
        {
            // (What is typed replaces the query ranked: the keystroke has the cores. Moving
            // within what is shown does not.)
            self.ranker.stop();
        }
        let effects = app::update(&mut self.app, action);
        self.run(effects);
        // (Keys queued faster than they are handled reach no tick until they are all handled.)
        self.checkpoints.after_writes(&self.store);
    }

    /// Shows the whole ranking of the decision log's filter in place of its first page.
    fn ranked(&mut self, ranked: Option<crate::app::search::Ranked>) {
        if let Some(r) = ranked {
            let effects = app::update(&mut self.app, Action::Ranked(Box::new(r)));
            self.run(effects);
        }
    }

    /// Stores `change` in one transaction and tells the app how it went.
    fn apply(&mut self, change: Change, kind: app::ApplyKind) -> Vec<Effect> {
        let before = self.store.change_mark().ok();
        let (moved, carried) = self.statements_before(super::statements::moved_by(&change));
        let stored = match kind {
            app::ApplyKind::Do | app::ApplyKind::Delete => self.store.apply_at(&change, self.clock.now()),
            app::ApplyKind::Undo | app::ApplyKind::Redo => self.store.replay_at(&change, self.clock.now()),
        };
        // (A step refused waits on its stack, once: refused again it is let go, so that the
        // history behind it is not stuck; one refused while another program writes waits for
        // it. One made on rows changed elsewhere since, or naming one deleted there, never will
        // be stored, and the next undo goes further back.)
        let waits = match &stored {
            Err(e) if !e.is_stale() => self.app.history.not_applied(&change, kind, !e.is_busy()),
            _ => false,
        };
        self.gave_up_waiting |= stored.as_ref().is_err_and(|e| e.is_busy());
        // (Time an undo or a redo put back over time logged since: said with it.)
        if let Some(note) = self.store.take_time_note() {
            self.app.after_apply = Some(note);
        }
        if stored.is_ok() {
            self.statements_after(&moved, carried);
            let notes = super::private_sources::notes(&self.store, &change);
            self.say_after(notes);
        }
        self.stored(stored, before, kind, waits)
    }

    /// The time `moved`, and the hours carried into the billed months after it as they are
    /// before it is stored (see `statements`). (A read that fails says nothing: the change
    /// stands without its note.)
    fn statements_before(
        &self,
        moved: Vec<super::statements::Moved>,
    ) -> (Vec<super::statements::Moved>, Option<super::statements::Carried>) {
        let carried = if moved.is_empty() { None } else { super::statements::carried_before(&self.store, &moved).ok() };
        (moved, carried)
    }

    /// Says, with the change stored, the statements sent it altered.
    fn statements_after(&mut self, moved: &[super::statements::Moved], carried: Option<super::statements::Carried>) {
        let Some(carried) = carried else { return };
        let notes = super::statements::notes(&self.store, moved, carried).unwrap_or_default();
        self.say_after(notes);
    }

    /// `notes` said after what the change says.
    fn say_after(&mut self, notes: Vec<String>) {
        if !notes.is_empty() {
            let said = self.app.after_apply.take().into_iter().chain(notes).collect::<Vec<_>>().join("; ");
            self.app.after_apply = Some(said);
        }
    }

    /// Tells the app how storing a change went (and keeps the held records up to date); the
    /// database's change mark was `before` before it; a refused undo or redo `waits` on its stack.
    fn stored(
        &mut self,
        stored: crate::storage::Result<Change>,
        before: Option<read_marks::Mark>,
        kind: app::ApplyKind,
        waits: bool,
    ) -> Vec<Effect> {
        match stored {
            Ok(applied) => {
                self.read_marks.stored(&applied, before, self.store.change_mark().ok(), &mut self.app.data);
                // The app's reference goes first (and a ranking's), so the held log is patched,
                // not copied.
                self.ranker.stop();
                self.app.release_decisions();
                self.decisions.patch(&applied);
                self.dated.patch(&applied);
                self.carry.patch(&applied, &self.app.zone);
                let dates_changed = super::calendar::touches(&applied);
                let effects = app::update(&mut self.app, Action::Applied { change: applied, kind });
                if dates_changed {
                    self.refresh_calendar();
                }
                effects
            }
            Err(e) => {
                self.store.note(&e);
                if matches!(e, crate::storage::StoreError::NamesGone(_)) && self.others_wrote() {
                    // (What another process deleted is read before the screen is refreshed, so
                    // that the form saved again says what is gone; and a form discarded may
                    // edit a record changed there, as after any write of another's. A conflict
                    // is left for the form to show the record as it is now: see `whole::read`.)
                    self.app.lapse_discarded();
                }
                let place = match kind {
                    app::ApplyKind::Do => crate::advice::Place::App,
                    app::ApplyKind::Delete => crate::advice::Place::AppDelete,
                    _ if waits => crate::advice::Place::AppWaits,
                    app::ApplyKind::Undo => crate::advice::Place::AppUndo,
                    app::ApplyKind::Redo => crate::advice::Place::AppRedo,
                };
                app::update(&mut self.app, Action::Failed { message: crate::advice::explain(&e, place), kind })
            }
        }
    }

    fn run(&mut self, effects: Vec<Effect>) {
        let mut queue: VecDeque<Effect> = effects.into();
        let (mut reload, mut read_client, mut read_log) = (false, false, false);
        let mut after_read = Vec::new();
        while let Some(effect) = queue.pop_front() {
            let next = match effect {
                Effect::Apply { change, kind } => self.apply(change, kind),
                Effect::SetWeekStatus { client, week, status } => {
                    let Some(client) = self.app.data.clients.iter().find(|c| c.id == client).cloned() else {
                        self.app.error("The status was not set: its client is no longer there");
                        continue;
                    };
                    let before = self.store.change_mark().ok();
                    match self.store.set_week_status(&client, week, status, self.clock.now()) {
                        Ok(change) if change.edits.is_empty() => vec![],
                        stored => self.stored(stored, before, app::ApplyKind::Do, false),
                    }
                }
                Effect::Delete { record } => {
                    let before = self.store.change_mark().ok();
                    let (moved, carried) = self.statements_before(super::statements::removed(&record));
                    let stored = self.store.delete_at(&record, &self.app.zone, self.clock.now());
                    if stored.is_ok() {
                        self.statements_after(&moved, carried);
                    }
                    self.stored(stored, before, app::ApplyKind::Delete, false)
                }
                Effect::Reload => {
                    reload = true;
                    vec![]
                }
                Effect::ReadClient => {
                    read_client = true;
                    vec![]
                }
                Effect::ReadLog => {
                    read_log = true;
                    vec![]
                }
                Effect::SaveSetting { key, value } => {
                    let draft = app::drafts::DraftKind::of_setting(&key).is_some();
                    let saved = match draft {
                        true => self.draft_slots.save(&mut self.store, &key, &value),
                        false => self.store.set_setting(&key, &value),
                    };
                    if draft {
                        let changed = match saved.is_err() && !value.trim().is_empty() {
                            true => self.unkept.insert(key.clone(), value.clone()).as_ref() != Some(&value),
                            false => self.unkept.remove(&key).is_some(),
                        };
                        if changed {
                            self.write_unkept();
                        }
                    }
                    if let Err(e) = saved {
                        let what = match (draft, &self.unkept_file) {
                            (false, _) => "Could not save a setting".to_string(),
                            (true, Some(file)) => format!("{COULD_NOT_KEEP} (it is in {})", file.display()),
                            (true, None) => format!("{COULD_NOT_KEEP} (it is printed when Cockpit quits)"),
                        };
                        // (A draft waits only a moment: kept outside, it comes back in later.)
                        let why = match draft && e.is_busy() {
                            true => "another program is writing the database; the draft goes into it once it is free".to_string(),
                            false => crate::advice::explain(&e, crate::advice::Place::App),
                        };
                        // (What a change just refused says stays: that it was not saved matters
                        // more than where its draft went meanwhile.)
                        let refused = self.app.status.as_ref().is_some_and(|s| s.error && !s.text.starts_with(COULD_NOT_KEEP));
                        if !(draft && refused) {
                            self.app.error(format!("{what}: {why}"));
                        }
                    } else if key == keys::TIMER_LIMIT {
                        self.timer_limit = self.store.timer_limit_hours().unwrap_or(self.timer_limit);
                    }
                    vec![]
                }
                Effect::Backup => {
                    let text = if self.store.path().is_none() {
                        "An in-memory database has no backups"
                    } else if self.start_snapshot(backup::Due::Manual) {
                        "Taking a snapshot…"
                    } else {
                        "A snapshot is being taken; ask again in a moment"
                    }
                    .to_string();
                    app::update(&mut self.app, Action::Notice { text, error: false })
                }
                Effect::Sync => {
                    if !self.start_sync() {
                        self.app.info("A sync is running; it shows here when it is done".to_string());
                    }
                    vec![]
                }
                Effect::SettleConflict { conflict, take_other } => {
                    let c = crate::storage::sync::Conflict {
                        table: conflict.table,
                        row: conflict.row,
                        what: conflict.what,
                        column: conflict.column,
                        kept: serde_json::Value::Null,
                        other: serde_json::Value::Null,
                        other_device: String::new(),
                        from_here: false,
                        end: None,
                    };
                    match self.store.sync_choose(&c, take_other) {
                        Ok(made_private) => {
                            let value = crate::app::sync::in_brief(&self.app, if take_other { &conflict.other } else { &conflict.kept });
                            let private = match made_private.is_empty() {
                                true => String::new(),
                                false => format!("; what the 1:1 made is private now: {}", made_private.join(", ")),
                            };
                            self.app.info(format!(
                                "Settled: {}'s {} is {value}{private}; your other machines get it with the next sync",
                                c.what, conflict.field
                            ));
                            self.forget_held();
                            queue.push_back(Effect::Reload);
                            self.reopen_sync = true;
                        }
                        Err(e) => self.app.error(format!("Could not settle the conflict: {e}")),
                    }
                    vec![]
                }
                Effect::ExportAdr { client, dir } => {
                    let notice = self.export_adr(client, &dir);
                    // Export may first take in records changed in the repository.
                    self.forget_held();
                    queue.push_back(Effect::Reload);
                    let effects = app::update(&mut self.app, notice);
                    self.refresh_calendar();
                    effects
                }
                Effect::AfterRead(cmd) => {
                    after_read.push(cmd);
                    vec![]
                }
                Effect::ReadItemOf { task } => match task.item_id.map(|id| Ok((self.store.item(id)?, self.store.made_of(id)?))).transpose()
                {
                    Ok(read) => {
                        let (item, made_of) = read.map(|(i, m)| (i.map(Box::new), m)).unwrap_or_default();
                        app::update(&mut self.app, Action::ItemRead { task, item, made_of })
                    }
                    Err(e) => {
                        let why = crate::advice::explain(&e, crate::advice::Place::App);
                        self.app.error(format!("Could not read the matrix item the task was made from: {why}"));
                        vec![]
                    }
                },
                Effect::ReadItemsToCarry { items } => {
                    let read: Result<Vec<Option<crate::domain::Item>>, _> = items.iter().map(|id| self.store.item(*id)).collect();
                    let finished = read
                        .map(|items| items.into_iter().flatten().filter(|i| !i.status.is_active()).map(|i| i.id).collect())
                        .map_err(|e| crate::advice::explain(&e, crate::advice::Place::App));
                    app::update(&mut self.app, Action::ItemsToCarryRead { finished })
                }
                Effect::ReadDecision { id, then } => {
                    // (Another process's writes seen first: a decision changed since it was
                    // listed is shown again as it is now.)
                    if self.others_wrote() {
                        queue.push_back(Effect::Reload);
                    }
                    match self.store.decision(id) {
                        Ok(decision) => app::update(&mut self.app, Action::DecisionRead { decision: decision.map(Box::new), then }),
                        Err(e) => {
                            let why = crate::advice::explain(&e, crate::advice::Place::App);
                            self.app.error(format!("Could not read the decision: {why}"));
                            vec![]
                        }
                    }
                }
                Effect::BuildSummary { client, week, then } => {
                    let action = self.build_summary(client, week, then);
                    app::update(&mut self.app, action)
                }
                Effect::CopyText { client, week, text, html } => {
                    let name = self.store.client(client).ok().flatten().map_or_else(|| "client".to_string(), |c| c.name);
                    let copied = super::summary_copy::copy(&text, html, &name, week, self.store.path(), self.clipboard.as_mut());
                    app::update(&mut self.app, Action::Notice { text: copied.message(), error: copied.is_error() })
                }
                Effect::Rekey { key, said } => {
                    if let Some(action) = crate::input::route(&self.app, key) {
                        self.dispatch(action);
                    }
                    if self.app.status.is_none() {
                        self.app.info(said);
                    }
                    vec![]
                }
                Effect::Quit if self.holding_quit => {
                    self.app.error("the quit typed while it waited did not quit: press it again to quit");
                    vec![]
                }
                Effect::Quit => {
                    self.quit = true;
                    vec![]
                }
                Effect::Suspend => {
                    self.suspend = true;
                    vec![]
                }
                Effect::EditExternally { text } => {
                    self.edit = Some(text);
                    vec![]
                }
            };
            queue.extend(next);
            if queue.is_empty() && (reload || read_client || read_log) {
                // (A ranking in the log being replaced would only hold it in memory.)
                self.ranker.stop();
                // (A reload reads the client's data and log too; the client's data, its log.)
                let loaded = if std::mem::take(&mut reload) {
                    self.load(self.app.query()).map(Box::new).map(Action::Loaded)
                } else if std::mem::take(&mut read_client) {
                    self.load_client(self.app.query())
                } else {
                    self.read_log()
                };
                read_log = false;
                let action = match loaded {
                    Ok(action) => action,
                    // Said once: reloading again at once would only fail again, and spin.
                    Err(e) => {
                        self.store.note(&e);
                        Action::Notice { text: format!("Could not read the database: {e}"), error: true }
                    }
                };
                queue.extend(app::update(&mut self.app, action));
                if std::mem::take(&mut self.reopen_sync) && self.app.modal.is_none() {
                    app::sync::show(&mut self.app);
                }
            }
        }
        // (Read first: a command chosen before the read acts on what it reads, as a key would.)
        self.settle();
        for cmd in after_read {
            self.dispatch(Action::Chosen(cmd));
        }
    }

    /// Reads what the app asks for once a key's effects are done: the selected decision's links,
    /// what the Matrix's selected item shows and `w` needs, and the decisions it may act on
    /// next. What comes of a read may ask again (a log read
    /// replaces the one they were read for): asked again a few times at most, and never from
    /// within a read's own effects (a log that cannot be read is replaced on every try, and
    /// each time would ask again).
    fn settle(&mut self) {
        if std::mem::replace(&mut self.settling, true) {
            return;
        }
        for _ in 0..SETTLE_ROUNDS {
            if !(self.read_links() | self.read_for_selected_item() | self.read_whole()) {
                break;
            }
        }
        self.settling = false;
    }

    /// The decisions the app may act on next, read whole when they are not held (see
    /// `app::whole`): one indexed read each. Whether any were.
    fn read_whole(&mut self) -> bool {
        let wanted = app::whole::wanted(&self.app);
        if wanted.is_empty() {
            return false;
        }
        // (One that could not be read is told apart from one not there: a meeting's retyped
        // line makes a decision not there again.)
        let (mut read, mut unreadable, mut held) = (Vec::new(), Vec::new(), Vec::new());
        for id in wanted {
            match self.store.decision(id) {
                Ok(d) => {
                    if d.is_none() && self.store.sync_holds("decisions", id).unwrap_or(false) {
                        held.push(id);
                    }
                    read.push((id, d));
                }
                Err(e) => {
                    let why = crate::advice::explain(&e, crate::advice::Place::App);
                    self.app.error(format!("Could not read the decision: {why}"));
                    unreadable.push(id);
                }
            }
        }
        let effects = app::update(&mut self.app, Action::WholeRead { read, unreadable, held });
        self.run(effects);
        true
    }

    /// The supersede links of the decision selected on the Decisions screen, when they are not
    /// held for it. Whether they were read.
    fn read_links(&mut self) -> bool {
        let Some((client, of)) = app::decisions::links_wanted(&self.app).map(|d| (self.app.data.decisions.client, d.id)) else {
            return false;
        };
        let (supersedes, replaced_by) = self.store.decision_links(client, of).unwrap_or_else(|e| {
            let why = crate::advice::explain(&e, crate::advice::Place::App);
            self.app.error(format!("Could not read the decision's supersede links: {why}"));
            Default::default()
        });
        let effects = app::update(&mut self.app, Action::LinksRead { of, supersedes, replaced_by });
        self.run(effects);
        true
    }

    /// The last re-scorings of the item selected on the Matrix, and the entries made of it, when
    /// they are not held for it. Whether they were read.
    fn read_for_selected_item(&mut self) -> bool {
        let Some((item, week)) = app::matrix::read_for_selected_wanted(&self.app) else { return false };
        let newest = self.store.item_history(item, app::matrix::HISTORY_SHOWN).unwrap_or_else(|e| {
            let why = crate::advice::explain(&e, crate::advice::Place::App);
            self.app.error(format!("Could not read the item's re-scorings: {why}"));
            Vec::new()
        });
        // (Said when they are needed: `w` makes no task of the item while they cannot be read,
        // and its status changed moves none of them.)
        let made_of = self.store.made_of(item).map_err(|e| crate::advice::explain(&e, crate::advice::Place::App));
        let effects = app::update(&mut self.app, Action::SelectedItemRead { of: (item, week), newest, made_of });
        self.run(effects);
        true
    }

    /// Starts a sync round on another thread, when sync is set up and none is running; whether
    /// one started.
    fn start_sync(&mut self) -> bool {
        let Some(db) = self.store.path().map(|p| p.to_path_buf()) else { return false };
        if self.sync.is_some() || self.app.data.sync.is_none() {
            return false;
        }
        self.sync = Some(super::sync::background::Background::start(db));
        self.sync_started = Some(Instant::now());
        self.app.syncing = true;
        self.app.redraw = true;
        true
    }

    /// A round that finished: said in the status bar (a failure always; a success when it
    /// brought or left something to look at).
    fn collect_sync(&mut self) {
        let Some(outcome) = self.sync.as_ref().and_then(|s| s.outcome()) else {
            // Every few minutes; at once when sync was set up while the app was open.
            if self.sync.is_none() && self.sync_started.is_none_or(|t| t.elapsed() >= super::sync::background::EVERY) {
                self.start_sync();
            }
            return;
        };
        self.sync = None;
        self.app.syncing = false;
        // (By the wall clock, as the round stamps when sync last succeeded.)
        self.app.sync_failed = outcome.as_ref().err().map(|e| (chrono::Utc::now(), e.to_string()));
        self.app.redraw = true;
        // A round that brought nothing wrote only its own bookkeeping (when it ran): no reason
        // for a snapshot of the latest state, unless a change was waiting for one already.
        if matches!(&outcome, Ok(round) if round.changes_in == 0) && self.snapshot_mark == self.last_mark.0 {
            if let Ok(mark) = self.store.change_mark() {
                self.snapshot_mark = mark;
                self.last_mark.0 = mark;
            }
        }
        match outcome {
            // Changes another machine's files hold that wait (a file missing, damaged or made
            // with another key) are said every round until they come.
            Ok(round) if !round.waiting.is_empty() => self.app.error(format!("Synced, but {}", round.describe())),
            Ok(round) if round.changes_in > 0 || round.conflicts > 0 => self.app.info(format!("Synced: {}", round.describe())),
            Ok(_) => {}
            Err(e) => self.app.error(format!("Sync failed: {e}")),
        }
        // What the round wrote came through another connection.
        self.poll_external();
        self.refresh_sync_view();
    }

    /// The Sync view, if open, shows the state as it is now.
    fn refresh_sync_view(&mut self) {
        if matches!(
            self.app.modal,
            Some(app::modal::Modal::Choose(app::modal::Choose { purpose: app::modal::ChoosePurpose::Sync { .. }, .. }))
        ) {
            app::sync::show(&mut self.app);
        }
    }

    /// Once a day (after the first frame and past midnight), a snapshot in backups/, taken on
    /// another thread so that the screen never waits for it; asked for while another snapshot
    /// runs, it waits for that one.
    fn daily_snapshot(&mut self) {
        self.daily_due = !self.start_snapshot(backup::Due::Daily);
    }

    /// Starts a snapshot on another thread, unless one is running; whether it started.
    fn start_snapshot(&mut self, due: backup::Due) -> bool {
        let (Some(db), None) = (self.store.path().map(|p| p.to_path_buf()), &self.snapshot) else { return false };
        if std::mem::take(&mut self.left_unsnapped) {
            // (Said again when quitting, should the changes still wait for a snapshot then.)
            let _ = self.store.set_setting(keys::SNAPSHOT_DUE, "");
        }
        self.snapshot_started = self.store.change_mark().unwrap_or(self.snapshot_mark);
        self.snapshot = Some(backup::Background::start(db, due));
        true
    }

    /// A snapshot of the latest state, on another thread, once the database has changed since
    /// the last one and then stayed unchanged for `quiet_before_snapshot`, and the newest
    /// snapshot is `latest_every` old: so that quitting never waits for one.
    fn latest_snapshot(&mut self) {
        if self.snapshot.is_some() {
            return;
        }
        let Ok(mark) = self.store.change_mark() else { return };
        if mark != self.last_mark.0 {
            self.last_mark = (mark, Instant::now());
        } else if self.latest_due() && self.last_mark.1.elapsed() >= self.quiet_before_snapshot {
            self.start_snapshot(backup::Due::Latest(self.latest_every));
        }
    }

    /// Changes were made since the last snapshot.
    fn latest_waits(&self) -> bool {
        self.last_mark.0 != self.snapshot_mark
    }

    /// When changes wait for a snapshot of the latest state, how long until one may be taken:
    /// `latest_every` after the newest snapshot.
    fn latest_due_in(&self) -> Option<Duration> {
        self.latest_waits().then(|| self.newest_snapshot.map_or(Duration::ZERO, |t| self.latest_every.saturating_sub(t.elapsed())))
    }

    /// Changes wait for a snapshot of the latest state, and one may be taken now.
    fn latest_due(&self) -> bool {
        self.latest_due_in() == Some(Duration::ZERO)
    }

    /// A snapshot that finished, or found none due, tells when the newest was taken: the next
    /// of the latest state waits until `latest_every` after it.
    fn snapshot_done(&mut self, outcome: &backup::Outcome) {
        let age = match outcome {
            backup::Outcome::Taken(_) => Duration::ZERO,
            backup::Outcome::NotDue(Some(newest)) => (chrono::Utc::now() - *newest).to_std().unwrap_or_default(),
            backup::Outcome::NotDue(None) => return,
        };
        self.newest_snapshot = Instant::now().checked_sub(age);
    }

    /// Quitting: a snapshot under way stops, and changes no snapshot holds are said to wait for
    /// one in the database, for the next session to take (quitting never waits for one).
    pub fn finish(&mut self) {
        self.stop_background();
        if self.store.change_mark().is_ok_and(|mark| mark != self.snapshot_mark) {
            let _ = self.store.set_setting(keys::SNAPSHOT_DUE, "1");
        }
        for text in self.unkept_drafts() {
            use std::io::Write;
            // (Not eprintln: stderr may be a terminal that hung up.)
            let _ = writeln!(std::io::stderr(), "cockpit: a draft the database would not keep, as kept:\n{text}");
        }
    }

    /// The drafts the database would not keep, written to a file beside it as each one is
    /// refused (a window closed or killed then loses none of them); the file this window wrote
    /// is removed once the database has kept them all after all.
    fn write_unkept(&mut self) {
        let Some(db) = self.store.path() else { return };
        // (One file per process: another window's, left by a window killed, stays as it was.)
        let name = format!("{}-unsaved-drafts-{}.txt", db.file_name().unwrap_or_default().to_string_lossy(), std::process::id());
        let file = db.with_file_name(name);
        if self.unkept.is_empty() {
            if self.unkept_file.take().is_some() {
                let _ = std::fs::remove_file(&file);
                // (What said the file is gone with it.)
                if self.app.status.as_ref().is_some_and(|s| s.text.starts_with(COULD_NOT_KEEP)) {
                    self.app.info("The database keeps the drafts again: nothing waits outside it".to_string());
                }
            }
            return;
        }
        let text: String = self.unkept_drafts().iter().map(|d| format!("{d}\n\n")).collect();
        if crate::storage::paths::write_private(&file, text.as_bytes()).is_ok() {
            self.unkept_file = Some(file);
        }
    }

    /// The drafts the database would not keep: each one's text (a form's or a meeting's as kept,
    /// JSON).
    pub fn unkept_drafts(&self) -> Vec<&str> {
        self.unkept
            .iter()
            .map(|(key, value)| match app::drafts::DraftKind::of_setting(key) {
                Some((app::drafts::DraftKind::Meeting | app::drafts::DraftKind::Form, _)) => value.as_str(),
                _ => app::drafts::read_keyed(value).1,
            })
            .collect()
    }

    /// Stops a snapshot under way (quitting): what it was writing is removed. One asked for
    /// (`backup`) is said to have been stopped.
    fn stop_background(&mut self) {
        if let Some(s) = self.snapshot.take() {
            if s.due == backup::Due::Manual {
                eprintln!("cockpit: the snapshot asked for was stopped by quitting; cockpit backup takes one");
            }
            s.stop();
        }
    }

    /// What follows the first frame: today's snapshot, and the current client's decision log
    /// read ahead, both on other threads.
    pub fn after_first_frame(&mut self) {
        self.checkpoints.start(&self.store);
        self.daily_snapshot();
        self.start_sync();
        self.read_ahead = true;
        if let Some(client) = self.app.client {
            self.decisions.follow(self.store.path().map(|p| p.to_path_buf()), client, self.app.today);
            self.decisions.start();
        }
    }

    /// A frame was drawn: a log reader waiting for it begins (see `DecisionCache::start`), and
    /// so does a read of the week board and items the current client's screens would read.
    pub fn frame_drawn(&mut self) {
        self.decisions.start();
        self.ranker.start(&mut self.app);
        self.read_parts_ahead();
    }

    /// Has the current client's week board (of the week shown) and matrix items read on another
    /// thread once the keys pause, those not held, unless a read of them was begun since the
    /// client became the current one. (Another week is shown on the Week screen, which reads it.)
    fn read_parts_ahead(&mut self) {
        let (Some(client), Some(db)) = (self.app.client, self.store.path().filter(|_| self.read_ahead)) else { return };
        if self.parts_ahead.as_ref().is_some_and(|p| p.of().0 == client) {
            return;
        }
        let of = (client, self.app.shown_week);
        let held = self.app.data.query.filter(|q| q.client == Some(client));
        let board = !held.is_some_and(|q| q.board && q.week == of.1);
        let items = !held.is_some_and(|q| q.items);
        if !(board || items) {
            return;
        }
        let Ok(mark) = self.store.change_mark() else { return };
        self.parts_ahead = Some(super::parts_ahead::PartsAhead::begin(db.to_path_buf(), of, mark, (board, items), self.last_key.clone()));
    }

    /// The pause in the keys a read ahead of the board and items waits for (the tests set it
    /// long, then short, to tell one held back from one begun whatever the machine's load).
    pub fn set_read_ahead_pause(&self, pause: std::time::Duration) {
        self.last_key.set_pause(pause);
    }

    /// Whether the read of [`Engine::read_parts_ahead`] has come, if one was begun.
    pub fn parts_read_ahead(&mut self) -> bool {
        self.parts_ahead.as_mut().is_some_and(|p| p.done())
    }

    /// Whether work started by [`Engine::after_first_frame`] is still going on.
    pub fn busy_in_background(&mut self) -> bool {
        self.collect_background();
        self.snapshot.is_some()
    }

    fn collect_background(&mut self) {
        if let Some(ranked) = self.ranker.receive() {
            self.ranked(ranked);
            self.app.redraw = true;
        }
        if self.decisions.receive() && self.app.data.query.is_some_and(|q| q.decisions) {
            // A log came from the reader: shown in place of its first page, or of the log read
            // before another process wrote. (A read that failed is not tried again here, every
            // tick; the next key tries, and says why it failed.)
            self.run(vec![Effect::ReadLog]);
            self.app.redraw = true;
        }
        self.collect_sync();
        if let Some(outcome) = self.snapshot.as_ref().and_then(|s| s.outcome()) {
            let due = self.snapshot.take().map(|s| s.due);
            // Taken, or failed (not tried again before the next change): the state it started
            // from needs no other.
            if !matches!(outcome, Ok(backup::Outcome::NotDue(_))) {
                self.snapshot_mark = self.snapshot_started;
            }
            if let Ok(done) = &outcome {
                self.snapshot_done(done);
            }
            match outcome {
                Err(e) => {
                    // (A damaged file: said as a write would be told, with the snapshot to restore.)
                    self.store.note(&e);
                    let said = self.store.damage().filter(|_| e.is_damage()).unwrap_or(e);
                    self.app.error(format!("Could not take a snapshot: {}", crate::advice::explain(&said, crate::advice::Place::App)));
                }
                Ok(backup::Outcome::Taken(path)) if due == Some(backup::Due::Manual) => {
                    self.app.info(format!("Snapshot written and verified: {}", path.display()))
                }
                Ok(_) => {}
            }
            self.app.redraw = true;
        }
        if self.daily_due {
            self.daily_snapshot();
        }
    }

    /// A timer running for longer than the limit (`cockpit time limit`) was probably left on:
    /// the app asks what to do with it, at start-up or when the limit is crossed while it is
    /// open, once per timer, and not while an overlay is open (the question waits for it).
    fn check_forgotten_timer(&mut self) {
        let Some(running) = self.app.data.running.clone() else { return };
        let hours = (self.clock.now() - running.start).num_minutes() as f64 / 60.0;
        if hours <= self.timer_limit || self.asked_forgotten == Some(running.id) || self.app.modal.is_some() {
            return;
        }
        self.asked_forgotten = Some(running.id);
        let last = match self.store.last_activity(running.client_id, running.start) {
            Ok(last) => last,
            Err(e) => return self.app.error(crate::advice::for_error(&e.into(), crate::advice::Place::App)),
        };
        self.dispatch(Action::ForgottenTimer { running: Box::new(running), last });
    }

    /// The calendar file the user keeps, written again; a failure is said after what was done.
    fn refresh_calendar(&mut self) {
        if let Err(e) = super::calendar::refresh(&self.store, self.clock.today()) {
            let done = self.app.status.as_ref().map(|s| format!("{} · ", s.text)).unwrap_or_default();
            self.app.error(format!("{done}{}", crate::advice::for_error(&e, crate::advice::Place::App)));
        }
    }

    /// Exports a client's decisions as ADR files and remembers the folder for next time.
    fn export_adr(&mut self, client: crate::domain::Id, dir: &str) -> Action {
        let path = expand_home(dir);
        let result = self.store.client(client).map_err(anyhow::Error::from).and_then(|c| {
            let c = c.ok_or_else(|| anyhow::anyhow!("that client is gone"))?;
            let when = (self.clock.today(), self.clock.now());
            let (done, n) = super::adr_sync::export(&mut self.store, &c, &path, None, false, when, std::time::Duration::ZERO)?;
            self.store.set_setting(&keys::adr_dir(client), &done.dir.display().to_string())?;
            Ok(done.message(n))
        });
        match result {
            Ok(text) => Action::Notice { text, error: false },
            Err(e) => {
                Action::Notice { text: format!("Not exported: {}", crate::advice::for_error(&e, crate::advice::Place::App)), error: true }
            }
        }
    }

    fn build_summary(&mut self, client: crate::domain::Id, week: crate::domain::IsoWeek, then: app::preview::Then) -> Action {
        let summary = self.store.client(client).and_then(|c| match c {
            Some(c) => self.store.week_summary(&c, week, self.clock.today(), self.clock.now()).map(Some),
            None => Ok(None),
        });
        match summary {
            Ok(Some(summary)) => Action::Summary { summary: Box::new(summary), then },
            Ok(None) => Action::Notice { text: "That client is gone: nothing to summarise".into(), error: true },
            Err(e) => Action::Notice { text: format!("Could not read the database: {e}"), error: true },
        }
    }

    /// The current client's decision log alone (the rest of the data loaded is current): its
    /// first page on the Decisions screen while the whole log is on its way, else the whole log.
    fn read_log(&mut self) -> crate::storage::Result<Action> {
        let query = self.app.query();
        if self.app.data.query.is_some_and(|held| app::Query { decisions: true, ..held } != query) {
            // More than the log is wanted (a screen shown without a key's update): the client's data.
            return self.load_client(query);
        }
        let Some(client) = query.client.filter(|_| query.decisions) else { return self.load(query).map(Box::new).map(Action::Loaded) };
        // The app's reference goes first, so that a held log is brought up to date in place.
        self.app.release_log();
        self.follow_log(client, query.today);
        let (log, partial) = self.client_log(client)?;
        Ok(Action::LogRead { query, log, partial })
    }

    /// Has `client`'s log read on another thread, when it is not held. (Before the first frame,
    /// nothing is read ahead: that frame comes first.)
    fn follow_log(&mut self, client: crate::domain::Id, today: chrono::NaiveDate) {
        let db = self.store.path().filter(|_| self.read_ahead).map(|p| p.to_path_buf());
        self.decisions.follow(db, client, today);
    }

    /// `client`'s log, and whether it is only its first page: that page while the whole log is
    /// on its way (the other screens that name decisions read those they name by id, see
    /// `Data::named`; a key acting on more of the log waits for it).
    fn client_log(&mut self, client: crate::domain::Id) -> crate::storage::Result<(std::sync::Arc<crate::domain::DecisionLog>, bool)> {
        let page = self.decisions.first_page(&self.store, client)?;
        Ok(match page {
            Some(page) => (page, true),
            None => (self.decisions.get(&self.store, client)?, false),
        })
    }

    /// The current client's data after a switch, the rest kept as loaded: the clients and their
    /// counts, time, the agenda's records, reviews and sync are no one client's. (Loaded for
    /// another week or day, everything is read.)
    fn load_client(&mut self, q: Query) -> crate::storage::Result<Action> {
        if self.app.data.query.is_none_or(|was| (was.week, was.today) != (q.week, q.today)) {
            return self.load(q).map(Box::new).map(Action::Loaded);
        }
        // Of the same client, what is held stays (its log may still be on its way): only what the
        // screen shown adds is read.
        let held = self.app.data.query.filter(|h| h.client == q.client).map_or(Held::default(), |h| Held {
            log: h.decisions && q.decisions,
            board: h.board && q.board,
            items: h.items && q.items,
        });
        if !held.log {
            self.app.release_log();
        }
        let d = &self.app.data;
        let mut data = Data {
            query: Some(q),
            clients: d.clients.clone(),
            stats: d.stats.clone(),
            time: d.time.clone(),
            carried: d.carried.clone(),
            running: d.running.clone(),
            dated: d.dated.clone(),
            reviews: d.reviews.clone(),
            sync: d.sync.clone(),
            ..Default::default()
        };
        if held.log {
            (data.decisions, data.decisions_partial) = (d.decisions.clone(), d.decisions_partial);
        }
        if held.board {
            (data.entries, data.next_entries, data.prev_entries) = (d.entries.clone(), d.next_entries.clone(), d.prev_entries.clone());
        }
        if held.items {
            data.items = d.items.clone();
        }
        self.client_data(&mut data, q, held)?;
        Ok(Action::ClientLoaded(Box::new(data)))
    }

    fn load(&mut self, q: Query) -> crate::storage::Result<Data> {
        // The app's reference goes first, so that a held log is brought up to date in place.
        self.app.release_decisions();
        let s = &self.store;
        let mut data = Data { query: Some(q), clients: s.clients(true)?, ..Default::default() };
        // (The counts held are kept while no entry or item changed: see `read_marks`.)
        let mark = s.change_mark()?;
        data.stats = if self.read_marks.stats_at(q.today, mark) {
            self.app.data.stats.clone()
        } else {
            s.client_stats(q.today)?.into_iter().collect()
        };
        data.dated = self.dated.get(s, q.today)?;
        // (Today's records hold every active client's decisions due for revisit: counted there,
        // not in the index again.)
        let due = data.dated.revisits_due_by_client(q.today);
        for c in &data.clients {
            if let Some(stats) = data.stats.get_mut(&c.id) {
                let known = (!c.archived).then(|| due.get(&c.id).copied().unwrap_or(0));
                (stats.decisions, stats.due_revisit) = self.decisions.counts(s, c.id, q.today, known)?;
            }
        }
        let tz = self.app.zone;
        // The shown week and its months (the Hours screen's), this week and this month.
        let months = [Period::month_of(q.week.monday()), Period::month_of(q.week.sunday()), Period::month_of(q.today)];
        let spans = [Period::Week(q.week), Period::Week(IsoWeek::of(q.today))].into_iter().chain(months).map(|p| p.bounds(&tz));
        let from = spans.clone().map(|s| s.0).min().expect("five spans");
        let to = spans.map(|s| s.1).max().expect("five spans");
        data.time = s.time_entries_counted(from, to)?;
        let mut months = months.to_vec();
        months.dedup();
        data.carried = self.carry.get(s, &tz, &data.clients, &months)?;
        data.running = s.running_timer()?;
        data.reviews = s.reviews()?;
        data.sync = super::sync::state(s)?;
        self.client_data(&mut data, q, Held::default())?;
        self.read_marks.stats_read(q.today, mark);
        Ok(data)
    }

    /// The current client's part of `data` (whose clients are loaded), but for the parts `held`
    /// says `data` has.
    fn client_data(&mut self, data: &mut Data, q: Query, held: Held) -> crate::storage::Result<()> {
        let mut taken = Vec::new();
        let read = self.read_client_data(data, q, held, &mut taken);
        if read.is_err() {
            // (What was taken from the app's data goes back, to be read again next time.)
            for part in taken {
                read_marks::moved(part, data, &mut self.app.data);
            }
            self.read_marks.forget();
        }
        read
    }

    /// See [`Engine::client_data`]: the parts of the app's data it keeps are taken from it,
    /// not copied (the data they are taken from is being replaced), and said in `taken`.
    fn read_client_data(&mut self, data: &mut Data, q: Query, held: Held, taken: &mut Vec<Part>) -> crate::storage::Result<()> {
        if let Some(client) = q.client.filter(|id| data.clients.iter().any(|c| c.id == *id)) {
            self.follow_log(client, q.today);
            if q.decisions && !held.log {
                (data.decisions, data.decisions_partial) = self.client_log(client)?;
            }
            let s = &self.store;
            let mark = s.change_mark()?;
            // (What the app holds of this client: the parts its query asked for.)
            let app_holds = self.app.data.query.filter(|h| h.client == Some(client));
            // (What was read ahead is of the file at the database's path: not taken once another
            // file is there, which this connection does not read.)
            let ahead = self.parts_ahead.as_mut().filter(|_| s.still_there().is_ok());
            let (marks, app_data, mut ahead) = (&mut self.read_marks, &mut self.app.data, ahead);
            if q.board && !held.board {
                if app_holds.is_some_and(|h| h.board && h.week == q.week) && marks.board_at(client, q.week, mark) {
                    read_marks::moved(Part::Board, app_data, data);
                    taken.push(Part::Board);
                } else if let Some(weeks) = ahead.as_mut().and_then(|a| a.take_board(client, q.week, mark)) {
                    for ((_, entries), read) in data.board_mut(q.week).into_iter().zip(weeks) {
                        *entries = read;
                    }
                    marks.board_read(client, q.week, mark);
                    self.parts_taken_ahead += 1;
                } else {
                    // (A week beside the one held shares two of its three weeks: they are kept.)
                    let beside = app_holds.filter(|h| h.board && marks.board_at(client, h.week, mark)).map(|h| h.week);
                    let held = |w: IsoWeek| {
                        let weeks = beside.map(|b| app_data.board(b));
                        weeks.into_iter().flatten().find(|(held, _)| *held == w).map(|(_, entries)| entries.clone())
                    };
                    for (w, entries) in data.board_mut(q.week) {
                        *entries = match held(w) {
                            Some(held) => held,
                            None => s.entries(client, w)?,
                        };
                    }
                    marks.board_read(client, q.week, mark);
                }
            }
            if q.items && !held.items {
                if app_holds.is_some_and(|h| h.items) && marks.items_at(client, mark) {
                    read_marks::moved(Part::Items, app_data, data);
                    taken.push(Part::Items);
                } else if let Some(items) = ahead.as_mut().and_then(|a| a.take_items(client, mark)) {
                    data.items = items;
                    marks.items_read(client, mark);
                    self.parts_taken_ahead += 1;
                } else {
                    data.items = s.items(client)?;
                    app::matrix::sort(&mut data.items);
                    marks.items_read(client, mark);
                }
            }
            for part in Part::RECORDS {
                if app_holds.is_some() && marks.records_at(part, client, mark) {
                    read_marks::moved(part, app_data, data);
                    taken.push(part);
                } else {
                    read_marks::read_records(s, client, part, data)?;
                    marks.records_read(part, client, mark);
                }
            }
            data.adr_dir = s.setting(&keys::adr_dir(client))?;
            if q.named {
                data.named = self.decisions.briefs(s, client, &app::named::naming(data))?;
            }
        }
        Ok(())
    }

    /// Checks whether another process wrote to the database; if so, reloads. Returns whether it did.
    /// (`data_version` does not change for this connection's own commits.)
    pub fn poll_external(&mut self) -> bool {
        // When the files on disk are as they were at the last look (and have been for long
        // enough to tell), and no snapshot waits for quiet, there is nothing to look for.
        // (Asking SQLite takes file locks and a query; two stats cost a tenth of that.)
        let on_disk = self.store.on_disk();
        let unchanged = on_disk.is_some_and(|d| Some(d) == self.on_disk && d.settled(std::time::SystemTime::now()));
        self.on_disk = on_disk;
        if unchanged && !self.latest_due() {
            return false;
        }
        // The file replaced or removed under the UI: said once; every write is refused.
        if let Err(e) = self.store.still_there() {
            if !self.vanished_said {
                self.vanished_said = true;
                self.app.error(e.to_string());
                self.app.redraw = true;
            }
            return false;
        }
        self.latest_snapshot();
        if !self.others_wrote() {
            return false;
        }
        // (A form discarded may edit a record changed there.)
        self.app.lapse_discarded();
        self.keep_drafts_again();
        self.run(vec![Effect::Reload]);
        self.refresh_sync_view();
        true
    }

    /// The drafts this window holds that the database no longer does (a restore from another
    /// process put back a snapshot taken before they were kept) are kept again: the window said
    /// they were kept, and they would go with it.
    fn keep_drafts_again(&mut self) {
        let held: Vec<(String, String)> =
            self.app.drafts.all().map(|(kind, client, text)| (kind.setting(client), text.to_string())).collect();
        for (key, text) in held {
            if self.draft_slots.kept(&self.store, &key).is_ok_and(|kept| kept.as_deref() != Some(text.as_str())) {
                self.run(vec![Effect::SaveSetting { key, value: text }]);
            }
        }
    }

    /// The database changed in a way this process did not patch into what it holds: the logs
    /// and Today's records are brought up to date on their next use, the rest is read again.
    fn forget_held(&mut self) {
        self.decisions.mark_stale();
        self.dated.mark_stale();
        self.carry.mark_stale();
        self.read_marks.forget();
    }

    /// Whether another process wrote since the last look; if so, what is held of the database
    /// is to be read again (by the reload the caller asks for).
    fn others_wrote(&mut self) -> bool {
        match self.store.data_version() {
            Ok(v) if v != self.data_version => {
                self.data_version = v;
                self.timer_limit = self.store.timer_limit_hours().unwrap_or(self.timer_limit);
                self.forget_held();
                true
            }
            _ => false,
        }
    }

    /// How long the event loop may sleep before the clock or work under way needs a tick: while
    /// something runs in the background (its end is collected by a tick) or another process's
    /// writes do not wake the loop, until `POLL` after the last look (`since_look` ago); else
    /// until the next thing the clock brings (the minute a running timer shows, the next sync
    /// round), and a minute after the last look at most (a watch on the database's folder is
    /// lost when the folder is renamed). Midnight always wakes it.
    pub fn next_wake(&self, writes_wake: bool, since_look: Duration) -> Duration {
        let mut wake = super::event_loop::SAFETY_NET.saturating_sub(since_look);
        if self.busy() || !writes_wake {
            wake = super::event_loop::POLL.saturating_sub(since_look);
        }
        if let Some(left) = self.latest_due_in().filter(|left| !left.is_zero()) {
            // (Changes wait for a snapshot of the latest state that is not due yet.)
            wake = wake.min(left);
        }
        if self.ranker.running() {
            wake = wake.min(super::ranker::LOOK_EVERY);
        }
        if let Some(r) = &self.app.data.running {
            // (The header shows the minutes it has run: the next one starts then.)
            let second = r.seconds(self.clock.now()).rem_euclid(60) as u64;
            wake = wake.min(Duration::from_secs(60 - second));
        }
        if self.app.data.sync.is_some() {
            let since = self.sync_started.map_or(Duration::ZERO, |t| t.elapsed());
            wake = wake.min(super::sync::background::EVERY.saturating_sub(since));
        }
        self.clock.until_midnight().map_or(wake, |m| wake.min(m))
    }

    /// Whether work is under way that the loop looks at every `POLL`: something running in the
    /// background, a snapshot waiting for quiet, files on disk still settling after a commit.
    pub fn busy(&self) -> bool {
        self.decisions.reading()
            || self.ranker.running()
            || self.snapshot.is_some()
            || self.sync.is_some()
            || self.daily_due
            || self.latest_due()
            || self.app.data.decisions_partial
            // (A commit is seen by readers a moment after its last write to the files, which
            // is what wakes the loop: looked for again until the files have settled.)
            || self.on_disk.is_some_and(|d| !d.settled(std::time::SystemTime::now()))
    }

    /// Lets the clock move the app on (midnight, a new week). Returns whether anything changed.
    pub fn tick(&mut self) -> bool {
        self.collect_background();
        let before = self.app.today;
        self.dispatch(Action::Tick { today: self.clock.today(), now: self.clock.now() });
        self.check_forgotten_timer();
        let new_day = self.app.today != before;
        if new_day {
            self.daily_snapshot();
        }
        new_day
    }
}

/// A file of drafts a window could not keep in the database at `db` (`DB-unsaved-drafts-PID.txt`
/// beside it), the newest, if there is one.
fn unkept_left(db: &std::path::Path) -> Option<std::path::PathBuf> {
    let prefix = format!("{}-unsaved-drafts-", db.file_name()?.to_string_lossy());
    let dir = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let found = std::fs::read_dir(dir).ok()?.flatten().filter(|e| e.file_name().to_string_lossy().starts_with(&prefix));
    found.max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok()).map(|e| e.path())
}

/// `~/src/acme` → `$HOME/src/acme`: a typed folder, as a shell would read it.
fn expand_home(dir: &str) -> std::path::PathBuf {
    match (dir.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => std::path::PathBuf::from(home).join(rest),
        _ => std::path::PathBuf::from(dir),
    }
}
