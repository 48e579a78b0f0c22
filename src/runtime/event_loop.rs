//! The event loop: block on input until the next thing the clock or another process could
//! change, handle every pending event, then draw once, and only if something changed.

use super::terminal;
use super::Engine;
use crate::app::Action;
use crossterm::event::{self, Event};
use std::time::{Duration, Instant};

/// How often another process's writes are looked for (`PRAGMA data_version`) when they do not
/// wake the loop, and work in the background is looked at while it runs.
pub const POLL: Duration = Duration::from_millis(400);

/// How often the database is looked at when its folder is watched and nothing is under way (a
/// watch is lost when the folder is renamed).
pub const SAFETY_NET: Duration = Duration::from_secs(60);

/// How long to wait, and whether changes in the database's folder end the wait, `since` the
/// last look at the database, when nothing needs the loop before `wake`. (The folder's changes
/// wake the loop at most every `POLL`: a folder another program writes to all the time would
/// keep it awake.)
fn wait_for(wake: Duration, since: Duration) -> (Duration, bool) {
    let folder_too = since >= POLL;
    (if folder_too { wake } else { wake.min(POLL - since) }, folder_too)
}

/// Whether to look at the database now, `since` the last look: when its folder changed, else
/// every `POLL` unless the folder is watched and nothing is under way (then as a safety net).
fn look_now(written: bool, since: Duration, watched_and_quiet: bool) -> bool {
    written || since >= if watched_and_quiet { SAFETY_NET } else { POLL }
}

/// Takes in one event. A character typed into the open filter waits in `typed` for the rest of
/// its burst (see `typed_into_filter`); any other event takes in what waits there first.
fn take_in(engine: &mut Engine, event: Event, typed: &mut String) {
    let key = match &event {
        Event::Key(k) => crate::input::from_crossterm(k),
        _ => None,
    };
    if let Some(c) = key.and_then(|key| crate::input::typed_into_filter(&engine.app, key)) {
        typed.push(c);
        return;
    }
    take_in_typed(engine, typed);
    match event {
        Event::Key(_) => {
            if let Some(key) = key {
                engine.key(key);
            }
        }
        Event::Paste(text) => engine.dispatch(Action::Paste(text)),
        Event::Resize(width, height) => engine.dispatch(Action::Resize { width, height }),
        _ => {}
    }
}

/// After a change gave up waiting for another program's write (and was not saved): the keys
/// typed while it waited are taken in (text typed into a field is kept), but a quit among them
/// does not quit: it was typed as if the change had been saved (see `Engine::holding_quit`).
fn take_in_keys_typed_meanwhile(engine: &mut Engine, typed: &mut String) -> std::io::Result<()> {
    // (What the refusal said stays first: those keys' own messages follow it.)
    let refused = engine.app.status.clone();
    engine.holding_quit = true;
    while !engine.suspend && engine.edit.is_none() && event::poll(Duration::ZERO)? {
        take_in(engine, event::read()?, typed);
    }
    take_in_typed(engine, typed);
    engine.holding_quit = false;
    if let Some(refused) = refused {
        let after = engine.app.status.take().map(|s| s.text).filter(|t| !t.is_empty() && *t != refused.text);
        let text = after.map_or_else(|| refused.text.clone(), |after| format!("{} · {after}", refused.text));
        engine.app.status = Some(crate::app::StatusLine { text, error: true });
    }
    Ok(())
}

/// Takes in the characters typed into the filter, at once.
fn take_in_typed(engine: &mut Engine, typed: &mut String) {
    if !typed.is_empty() {
        engine.dispatch(Action::Typed(std::mem::take(typed)));
    }
}

pub fn run(engine: &mut Engine) -> anyhow::Result<()> {
    terminal::install_panic_hook();
    terminal::install_signal_handlers()?;
    let mut term = terminal::init()?;
    crate::storage::tell_waits_to(terminal::say_waiting);
    let result = event_loop(engine, &mut term);
    terminal::restore();
    result
}

fn draw(engine: &mut Engine, term: &mut terminal::Term) -> anyhow::Result<()> {
    terminal::draw_whole_if_written_over(term)?;
    term.draw(|f| crate::ui::view(&engine.app, f))?;
    engine.app.redraw = false;
    engine.frame_drawn();
    Ok(())
}

fn event_loop(engine: &mut Engine, term: &mut terminal::Term) -> anyhow::Result<()> {
    // (Watching before the first frame: a write made while it is drawn wakes the loop.)
    let mut waiter = super::wake::Waiter::new(engine.store.path());
    let size = term.size()?;
    engine.dispatch(Action::Resize { width: size.width, height: size.height });
    draw(engine, term)?;
    engine.after_first_frame();
    // The end-to-end tests take each way out: a panic, and an error, after the first frame.
    if std::env::var_os("COCKPIT_TEST_PANIC").is_some() {
        panic!("COCKPIT_TEST_PANIC is set: panicking on purpose after the first frame");
    }
    if std::env::var_os("COCKPIT_TEST_ERROR").is_some() {
        anyhow::bail!("COCKPIT_TEST_ERROR is set: failing on purpose after the first frame");
    }
    let mut last_poll = Instant::now();
    // (Woken by another file in the folder: its changes are let wait for POLL, as after a look.)
    let mut last_foreign = Instant::now();
    // (Whatever was written between loading and watching.)
    engine.poll_external();
    // The terminal had input the terminal library did not take: more than it reads at once came
    // in one go, and it takes the rest when the next key arrives. Its own wait is used until
    // then: the terminal's descriptor stays readable and would wake this loop again and again.
    let mut left_unread = false;
    loop {
        let since = last_poll.elapsed();
        // (The terminal library's own wait knows nothing of the folder: while it is used, the
        // database is looked at every POLL.)
        let watched = waiter.watches_the_database() && !left_unread;
        let (timeout, folder_too) = wait_for(engine.next_wake(watched, since), since.min(last_foreign.elapsed()));
        // (Events the terminal library has read already are not on the terminal's descriptor.)
        let woke = if event::poll(Duration::ZERO)? {
            super::wake::Woke { input: true, written: false, folder: false }
        } else if left_unread {
            super::wake::Woke { input: event::poll(timeout)?, written: false, folder: false }
        } else {
            waiter.wait(timeout, folder_too)?
        };
        if woke.folder && !woke.written {
            last_foreign = Instant::now();
        }
        left_unread |= woke.input;
        if woke.input && !event::poll(Duration::ZERO)? {
            // (Input the terminal library was not told of: see `wake_input_reader`.)
            terminal::wake_input_reader();
        }
        if event::poll(Duration::ZERO)? {
            left_unread = false;
            // The clock read before the keys act: a timer started, a meeting's time saved, a
            // record stamped by them is at the moment they came, not at the last wake (up to a
            // minute before, when idle).
            engine.tick();
            let mut typed = String::new();
            loop {
                engine.gave_up_waiting = false;
                take_in(engine, event::read()?, &mut typed);
                if engine.gave_up_waiting {
                    take_in_keys_typed_meanwhile(engine, &mut typed)?;
                }
                if engine.quit || engine.suspend || engine.edit.is_some() || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
            take_in_typed(engine, &mut typed);
        }
        // Cheap when nothing changed: the date is compared, nothing is drawn.
        engine.tick();
        if look_now(woke.written, last_poll.elapsed(), watched && !engine.busy()) {
            last_poll = Instant::now();
            engine.poll_external();
        }
        if engine.quit {
            return Ok(());
        }
        if engine.suspend || terminal::stop_requested() {
            engine.suspend = false;
            terminal::suspend(term)?;
            engine.app.redraw = true;
        }
        if let Some(text) = engine.edit.take() {
            terminal::restore();
            let edited = super::external_editor::edit(&text);
            terminal::take_back(term)?;
            engine.dispatch(Action::Edited(edited));
        }
        if engine.app.redraw {
            draw(engine, term)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::Keymap;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn demo() -> Engine {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        let mut store = crate::storage::Store::open_in_memory().unwrap();
        crate::demo::populate(&mut store, day).unwrap();
        Engine::new(store, Keymap::defaults(), super::super::Clock::fixed(day)).unwrap()
    }

    fn press(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// What the Decisions screen shows: the filter, the prompt's text and the decisions listed.
    fn shown(e: &Engine) -> (String, Option<String>, Vec<String>) {
        let prompt = match &e.app.modal {
            Some(crate::app::modal::Modal::Prompt(p)) => Some(p.input.text().to_string()),
            _ => None,
        };
        (e.app.filter().to_string(), prompt, crate::app::decisions::shown(&e.app).map(|(d, _)| d.title().to_string()).collect())
    }

    /// Characters typed into the filter in a burst wait for the rest of it and are taken in at
    /// once; any other key takes them in first; the filter and the list end as with each key on
    /// its own.
    #[test]
    fn a_burst_typed_into_the_filter_is_taken_in_at_once() {
        let (mut burst, mut each) = (demo(), demo());
        let mut typed = String::new();
        // (No filter open: a character is its key at once.)
        take_in(&mut burst, press(KeyCode::Char('3')), &mut typed);
        take_in(&mut burst, press(KeyCode::Char('/')), &mut typed);
        assert!(typed.is_empty());
        let before = shown(&burst);
        for c in "cron qx".chars() {
            take_in(&mut burst, press(KeyCode::Char(c)), &mut typed);
        }
        assert_eq!(typed, "cron qx");
        assert_eq!(shown(&burst), before, "nothing is worked out before the burst ends");
        take_in(&mut burst, press(KeyCode::Backspace), &mut typed);
        assert!(typed.is_empty());
        for c in "ueue".chars() {
            take_in(&mut burst, press(KeyCode::Char(c)), &mut typed);
        }
        take_in_typed(&mut burst, &mut typed);
        each.keys(&["3", "/", "cron qx", "<Backspace>", "ueue"]);
        assert_eq!(shown(&burst), shown(&each));
        assert_eq!(burst.app.filter(), "cron queue");
        assert!(!shown(&burst).2.is_empty());
        // Enter is its key: it keeps the filter and closes the prompt.
        take_in(&mut burst, press(KeyCode::Enter), &mut typed);
        assert!(typed.is_empty() && burst.app.modal.is_none());
    }

    /// Where the selection ends after a query depends on the text typed, not on how fast: a
    /// burst (filtered once) and the same keys one at a time (filtered after each) select the
    /// same decision, also when a shorter query along the way hides the one selected before.
    #[test]
    fn the_selection_after_a_burst_is_the_selection_after_slow_typing() {
        for down in [0, 2, 5] {
            for query in ["cron", "queue", "kafka", "stripe", "hire", "ops"] {
                let (mut burst, mut each) = (demo(), demo());
                for e in [&mut burst, &mut each] {
                    e.keys(&["3"]);
                    (0..down).for_each(|_| e.keys(&["j"]));
                    e.keys(&["/"]);
                }
                let mut typed = String::new();
                for c in query.chars() {
                    take_in(&mut burst, press(KeyCode::Char(c)), &mut typed);
                }
                take_in_typed(&mut burst, &mut typed);
                for c in query.chars() {
                    each.keys(&[&c.to_string()]);
                }
                let selected = |e: &Engine| crate::app::decisions::selected(&e.app).map(|d| d.title().to_string());
                assert_eq!(selected(&burst), selected(&each), "{query}, {down} down");
            }
        }
    }

    /// A reload while the filter is typed (another process wrote a decision it lists first)
    /// keeps the selection on the decision it is on.
    #[test]
    fn a_reload_while_the_filter_is_typed_keeps_the_selection() {
        use crate::domain::{Change, Decision, Edit, Record};
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.db");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        crate::demo::populate(&mut crate::storage::Store::open(&db).unwrap(), day).unwrap();
        let store = crate::storage::Store::open(&db).unwrap();
        let mut e = Engine::new(store, Keymap::defaults(), super::super::Clock::fixed(day)).unwrap();
        e.keys(&["3", "j", "/"]);
        let anchor = crate::app::decisions::selected(&e.app).unwrap().title().to_string();
        e.keys(&["ad"]);
        let titles = |e: &Engine| crate::app::decisions::shown(&e.app).map(|(d, _)| d.title().to_string()).collect::<Vec<_>>();
        // (The decision selected when the filter opened is not listed: the selection is on the
        // best found, at the top.)
        assert!(!titles(&e).contains(&anchor) && titles(&e).len() > 1, "{anchor}: {:?}", titles(&e));
        assert_eq!(e.app.decisions.sel, 0);
        let before = crate::app::decisions::selected(&e.app).unwrap().title().to_string();
        let new =
            Decision::captured(crate::storage::new_id(), e.app.client.unwrap(), "Adopt a queue for payments", day, chrono::Utc::now());
        let mut other = crate::storage::Store::open(&db).unwrap();
        other.apply(&Change::one("capture", Edit::insert(Record::Decision(new)))).unwrap();
        e.poll_external();
        assert!(titles(&e).contains(&"Adopt a queue for payments".to_string()), "{:?}", titles(&e));
        assert_eq!(crate::app::decisions::selected(&e.app).unwrap().title(), before);
        assert_eq!(e.app.decisions.sel, 1);
        // Typing on selects from where the filter opened again: the best found, as that
        // decision is still not listed; cleared, the row it was on.
        e.keys(&["<Backspace>", "d"]);
        assert_eq!(e.app.filter(), "ad");
        assert_eq!(e.app.decisions.sel, 0);
        e.keys(&["<Backspace>", "<Backspace>"]);
        assert_eq!(crate::app::decisions::selected(&e.app).unwrap().title(), anchor);
    }

    const MS: Duration = Duration::from_millis(1);

    /// Idle with the folder watched: after a look, one wake when the folder joins the wait,
    /// then a sleep until the safety net, with no look between.
    #[test]
    fn a_watched_quiet_database_is_not_looked_at_every_poll() {
        assert_eq!(wait_for(SAFETY_NET, Duration::ZERO), (POLL, false));
        assert!(!look_now(false, POLL, true));
        assert_eq!(wait_for(SAFETY_NET - POLL, POLL), (SAFETY_NET - POLL, true));
        assert!(!look_now(false, SAFETY_NET - MS, true));
        assert!(look_now(false, SAFETY_NET, true));
        assert!(look_now(true, POLL, true));
    }

    /// Unwatched, or with work under way: a look every POLL.
    #[test]
    fn an_unwatched_or_busy_database_is_looked_at_every_poll() {
        assert_eq!(wait_for(POLL - 100 * MS, 300 * MS), (100 * MS, false));
        assert!(!look_now(false, POLL - MS, false));
        assert!(look_now(false, POLL, false));
    }
}
