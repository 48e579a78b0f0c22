//! From a key to an action: the open overlay first, then the screen's keys, then the global
//! keymap.

use super::modal::{Modal, PromptPurpose};
use super::{Action, App, Screen};
use crate::commands::Command;
use crate::keymap::{Key, KeyCode};

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

/// The keys a key read is: Esc then a character, read together (as tmux sends them within its
/// escape-time, or a fast typist over a slow link), arrive as Alt and the character; where that
/// is bound to nothing (on the screen; in an overlay, in no table), it is the two keys.
pub fn keys_of(app: &App, key: Key) -> Vec<Key> {
    let KeyCode::Char(c) = key.code else { return vec![key] };
    let bound = match app.modal {
        Some(_) => app.keymap.bound_anywhere(key),
        None => app.keymap.lookup(app.screen.scope(), key).is_some(),
    };
    match key.alt && !key.ctrl && !bound {
        true => vec![Key::plain(KeyCode::Esc), Key::plain(KeyCode::Char(c))],
        false => vec![key],
    }
}

/// The character `key` would type into the open filter prompt, if that is all it would do
/// there: a burst of typing is then taken in at once ([`Action::Typed`]), the filter worked out
/// once for the burst rather than after each character (at a million decisions a character
/// takes tens of milliseconds, and a typist is faster).
pub fn typed_into_filter(app: &App, key: Key) -> Option<char> {
    let KeyCode::Char(c) = key.code else { return None };
    // (On Decisions, the one list long enough to need it; its selection while the filter is typed
    // depends on the text alone, see `DecisionsView::typed_from`.)
    let filtering = app.screen == Screen::Decisions && matches!(&app.modal, Some(Modal::Prompt(p)) if p.purpose == PromptPurpose::Filter);
    // (A character is never bound in prompts: the keymap refuses it.)
    (filtering && !key.ctrl && !key.alt && !app.too_small()).then_some(c)
}
