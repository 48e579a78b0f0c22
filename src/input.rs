//! From a terminal key to an action: the open modal first, then the screen's keys, then the
//! global keymap.

use crate::app::{Action, App};
use crate::keymap::{Key, KeyCode};
use crossterm::event::{KeyCode as CKey, KeyEvent, KeyEventKind, KeyModifiers};

pub fn route(app: &App, key: Key) -> Option<Action> {
    if app.too_small() {
        // Nothing is drawn but the size message: only quitting acts (and Ctrl-C in a prompt
        // cancels it, keeping its text, as always).
        return match (&app.modal, app.keymap.lookup(app.screen.scope(), key)) {
            (Some(_), _) if key == Key::ctrl('c') => Some(Action::ModalKey(Key::plain(KeyCode::Esc))),
            (None, Some(crate::commands::Command::Quit)) => Some(Action::Run(crate::commands::Command::Quit)),
            _ => None,
        };
    }
    if app.modal.is_some() {
        // Ctrl-C in a prompt cancels it (keeping any text as a draft) rather than quitting.
        let key = if key == Key::ctrl('c') { Key::plain(KeyCode::Esc) } else { key };
        return Some(Action::ModalKey(key));
    }
    app.keymap.lookup(app.screen.scope(), key).map(Action::Run)
}

pub fn from_crossterm(ev: &KeyEvent) -> Option<Key> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    let code = match ev.code {
        CKey::Char(c) => KeyCode::Char(c),
        CKey::Enter => KeyCode::Enter,
        CKey::Esc => KeyCode::Esc,
        CKey::Tab => KeyCode::Tab,
        CKey::BackTab => KeyCode::BackTab,
        CKey::Backspace => KeyCode::Backspace,
        CKey::Delete => KeyCode::Delete,
        CKey::Up => KeyCode::Up,
        CKey::Down => KeyCode::Down,
        CKey::Left => KeyCode::Left,
        CKey::Right => KeyCode::Right,
        CKey::Home => KeyCode::Home,
        CKey::End => KeyCode::End,
        CKey::PageUp => KeyCode::PageUp,
        CKey::PageDown => KeyCode::PageDown,
        CKey::F(n) => KeyCode::F(n),
        _ => return None,
    };
    let m = ev.modifiers;
    let key =
        Key { code, ctrl: m.contains(KeyModifiers::CONTROL), alt: m.contains(KeyModifiers::ALT), shift: m.contains(KeyModifiers::SHIFT) };
    // A shifted character arrives already upper-cased; the flag is folded away.
    Some(key.normalized())
}

/// Parses a key sequence for tests and scripts: `"d" "Move cron" "<Enter>"` as a list of
/// strings, each either one key in keymap notation or plain text typed character by character.
pub fn keys(parts: &[&str]) -> Vec<Key> {
    let mut out = Vec::new();
    for p in parts {
        match Key::parse(p) {
            Ok(k) => out.push(k),
            Err(_) => out.extend(p.chars().map(Key::char)),
        }
    }
    out
}
