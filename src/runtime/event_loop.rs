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

pub fn run(engine: &mut Engine) -> anyhow::Result<()> {
    terminal::install_panic_hook();
    terminal::install_signal_handlers()?;
    let mut term = terminal::init()?;
    let result = event_loop(engine, &mut term);
    terminal::restore();
    result
}

fn draw(engine: &mut Engine, term: &mut terminal::Term) -> anyhow::Result<()> {
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
        let (timeout, folder_too) = wait_for(engine.next_wake(watched, since), since);
        // (Events the terminal library has read already are not on the terminal's descriptor.)
        let woke = if event::poll(Duration::ZERO)? {
            super::wake::Woke { input: true, written: false }
        } else if left_unread {
            super::wake::Woke { input: event::poll(timeout)?, written: false }
        } else {
            waiter.wait(timeout, folder_too)?
        };
        left_unread |= woke.input;
        if event::poll(Duration::ZERO)? {
            left_unread = false;
            loop {
                match event::read()? {
                    Event::Key(k) => {
                        if let Some(key) = crate::input::from_crossterm(&k) {
                            engine.key(key);
                        }
                    }
                    Event::Paste(text) => engine.dispatch(Action::Paste(text)),
                    Event::Resize(width, height) => engine.dispatch(Action::Resize { width, height }),
                    _ => {}
                }
                if engine.quit || engine.suspend || engine.edit.is_some() || !event::poll(Duration::ZERO)? {
                    break;
                }
            }
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
