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
        let mut timeout = engine.next_wake(waiter.watches_the_database(), since);
        // (Changes in the folder are looked at every POLL at most: a folder another program
        // writes to all the time would keep the loop awake.)
        let folder_too = since >= POLL;
        if !folder_too || left_unread {
            timeout = timeout.min(POLL.saturating_sub(since));
        }
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
        if woke.written || last_poll.elapsed() >= POLL {
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
