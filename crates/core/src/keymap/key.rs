//! Keys in readable notation (`q`, `<C-r>`, `<S-Tab>`): parsed from keymap files, shown in the
//! help, and named in prose (`Enter`, `C-s`, `↓`).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// A key with its modifiers. For characters, Shift is part of the character (`K`, `?`), never a
/// separate flag, so `K` and `<S-k>` are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false, alt: false, shift: false }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key { code: KeyCode::Char(c), ctrl: true, alt: false, shift: false }
    }

    /// Folds Shift into characters and `Shift-Tab` into `BackTab`.
    pub fn normalized(self) -> Key {
        match self.code {
            KeyCode::Char(c) if self.shift => {
                let up: Vec<char> = c.to_uppercase().collect();
                Key { code: KeyCode::Char(if up.len() == 1 { up[0] } else { c }), shift: false, ..self }
            }
            KeyCode::Tab if self.shift => Key { code: KeyCode::BackTab, shift: false, ..self },
            KeyCode::BackTab => Key { shift: false, ..self },
            _ => self,
        }
    }

    pub fn parse(s: &str) -> Result<Key, String> {
        let bad = || format!("'{s}' is not a key (write keys like q, ?, <C-r>, <S-Tab>, <Space>, <Enter>)");
        let Some(inner) = s.strip_prefix('<').and_then(|r| r.strip_suffix('>')) else {
            let mut chars = s.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) if !c.is_control() && c != ' ' => Ok(Key::char(c)),
                _ => Err(bad()),
            };
        };
        if inner.is_empty() {
            return Err(bad());
        }
        let mut key = Key::plain(KeyCode::Esc);
        let mut rest = inner;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.len() > 2 && (lower.starts_with("c-") || lower.starts_with("a-") || lower.starts_with("s-") || lower.starts_with("m-"))
            {
                match &lower[..1] {
                    "c" => key.ctrl = true,
                    "a" | "m" => key.alt = true,
                    _ => key.shift = true,
                }
                rest = &rest[2..];
            } else {
                break;
            }
        }
        key.code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "cr" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "bs" | "backspace" => KeyCode::Backspace,
            "del" | "delete" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            "lt" => KeyCode::Char('<'),
            "gt" => KeyCode::Char('>'),
            f if f.starts_with('f') && f.len() > 1 => match f[1..].parse::<u8>() {
                Ok(n @ 1..=12) => KeyCode::F(n),
                _ => return Err(bad()),
            },
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_control() => KeyCode::Char(if key.ctrl { c.to_ascii_lowercase() } else { c }),
                    _ => return Err(bad()),
                }
            }
        };
        Ok(key.normalized())
    }
}

impl fmt::Display for Key {
    /// The same notation the keymap file uses, so what the help shows can be typed into it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Up => "Up".into(),
            KeyCode::Down => "Down".into(),
            KeyCode::Left => "Left".into(),
            KeyCode::Right => "Right".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PageUp".into(),
            KeyCode::PageDown => "PageDown".into(),
            KeyCode::F(n) => format!("F{n}"),
        };
        let mods =
            format!("{}{}{}", if self.ctrl { "C-" } else { "" }, if self.alt { "A-" } else { "" }, if self.shift { "S-" } else { "" });
        let single = matches!(self.code, KeyCode::Char(c) if c != ' ');
        if mods.is_empty() && single {
            write!(f, "{name}")
        } else {
            write!(f, "<{mods}{name}>")
        }
    }
}

/// Parses a key sequence for tests and scripts: `"d" "Move cron" "<Enter>"` as a list of
/// strings, each either one key in keymap notation or plain text typed character by character.
pub fn sequence(parts: &[&str]) -> Vec<Key> {
    let mut out = Vec::new();
    for p in parts {
        match Key::parse(p) {
            Ok(k) => out.push(k),
            Err(_) => out.extend(p.chars().map(Key::char)),
        }
    }
    out
}

/// A key as prose names it: `Enter`, `C-s`, `Space`, `↓`, `PgUp`.
pub fn word(k: Key) -> String {
    let name = match k.code {
        KeyCode::Up => "↑".to_string(),
        KeyCode::Down => "↓".to_string(),
        KeyCode::Left => "←".to_string(),
        KeyCode::Right => "→".to_string(),
        KeyCode::PageUp => "PgUp".to_string(),
        KeyCode::PageDown => "PgDn".to_string(),
        _ => {
            let plain = Key::plain(k.code).to_string();
            plain.strip_prefix('<').and_then(|p| p.strip_suffix('>')).map_or(plain.clone(), String::from)
        }
    };
    format!("{}{}{}{name}", if k.ctrl { "C-" } else { "" }, if k.alt { "A-" } else { "" }, if k.shift { "S-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notation_round_trips() {
        for s in ["q", "?", "K", "<C-r>", "<S-Tab>", "<Space>", "<Enter>", "<S-Up>", "<Del>", "<F5>", "<A-x>"] {
            let k = Key::parse(s).unwrap();
            assert_eq!(Key::parse(&k.to_string()).unwrap(), k, "{s}");
        }
        assert_eq!(Key::parse("<S-k>").unwrap(), Key::char('K'));
        assert_eq!(Key::parse("<c-R>").unwrap(), Key::ctrl('r'));
        assert!(Key::parse("<Nope>").is_err() && Key::parse("ab").is_err() && Key::parse("").is_err());
    }
}
