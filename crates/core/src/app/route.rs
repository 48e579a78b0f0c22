//! From a key to an action: the open overlay first, then the screen's keys, then the global
//! keymap.

use super::{Action, App};
use crate::commands::Command;
use crate::keymap::Key;

pub fn route(app: &App, key: Key) -> Option<Action> {
    if app.too_small() {
        // Nothing is drawn but the size message: only quitting acts (and Ctrl-C in an overlay
        // cancels it, keeping a prompt's text, as always).
        return match (&app.modal, app.keymap.lookup(app.screen.scope(), key)) {
            (Some(_), _) if key == Key::ctrl('c') => Some(Action::ModalKey(key)),
            (None, Some(Command::Quit)) => Some(Action::Run(Command::Quit)),
            _ => None,
        };
    }
    if app.modal.is_some() {
        // An overlay's keys are its own (Ctrl-C cancels it there rather than quitting).
        return Some(Action::ModalKey(key));
    }
    app.keymap.lookup(app.screen.scope(), key).map(Action::Run)
}
