//! From a terminal key to the app's key; where a key goes from there is the core's
//! (`app::route`).

use crate::keymap::{Key, KeyCode};
use crossterm::event::{KeyCode as CKey, KeyEvent, KeyEventKind, KeyModifiers};

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

pub use crate::app::route::{keys_of, route, typed_into_filter};
pub use crate::keymap::sequence as keys;
