//! Keys in readable notation (`q`, `<C-r>`, `<S-Tab>`) and the keymap: the embedded defaults
//! merged, one key at a time, with the user's file. Problems in the user's file (unknown
//! commands, unreadable keys, one key bound twice) are collected with file and line, to be shown
//! at start-up.

use crate::commands::{Command, Scope};
use std::collections::HashMap;
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

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: HashMap<(Scope, Key), Command>,
    /// When each binding was made (defaults in file order, then the user's): the first key of a
    /// command is the one messages name.
    order: HashMap<(Scope, Key), usize>,
    /// Problems found in the user's keymap file, as `file:line: message`.
    pub problems: Vec<String>,
    /// Where the user's file last took a quit key away, as `file:line`.
    quit_taken_at: Option<String>,
}

pub const DEFAULTS: &str = include_str!("../../../assets/keymap.toml");

impl Keymap {
    pub fn defaults() -> Keymap {
        let mut map = Keymap { bindings: HashMap::new(), order: HashMap::new(), problems: Vec::new(), quit_taken_at: None };
        map.merge("assets/keymap.toml", DEFAULTS);
        debug_assert!(map.problems.is_empty(), "default keymap: {:?}", map.problems);
        map
    }

    /// Why the UI cannot start with this keymap: one that leaves no key to quit.
    pub fn refusal(&self) -> Option<String> {
        let quits = self.bindings.iter().any(|((scope, _), c)| *scope == Scope::Global && *c == Command::Quit);
        (!quits).then(|| {
            let at = self.quit_taken_at.clone().unwrap_or_else(|| "the keymap".into());
            format!("{at}: this keymap leaves no key to quit Cockpit; bind one, e.g. \"q\" = \"quit\" in [global]")
        })
    }

    /// The defaults with the user's file merged over them.
    pub fn with_user(file: &str, text: &str) -> Keymap {
        let mut map = Keymap::defaults();
        map.merge(file, text);
        map
    }

    fn merge(&mut self, file: &str, text: &str) {
        let table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
                self.problems.push(format!("{file}:{line}: not valid TOML: {}", e.message()));
                return;
            }
        };
        // Bindings are ordered by their line: the first key listed for a command is the one
        // messages name. (The user's file comes after the defaults.)
        let round = self.order.len() * 10_000;
        for (section, value) in &table {
            let Some(scope) = Scope::ALL.into_iter().find(|s| s.key() == section) else {
                let line = find_line(text, &format!("[{section}]"), 0);
                let tables = Scope::ALL.iter().map(|s| s.key()).collect::<Vec<_>>().join(", ");
                self.problems.push(format!("{file}:{line}: unknown table [{section}] (use {tables})"));
                continue;
            };
            let section_line = find_line(text, &format!("[{section}]"), 0);
            let Some(entries) = value.as_table() else {
                self.problems.push(format!("{file}:{section_line}: [{section}] should be a table of key = \"command\""));
                continue;
            };
            let mut seen: HashMap<Key, String> = HashMap::new();
            for (key_text, cmd) in entries {
                let line = find_line(text, key_text, section_line);
                let key = match Key::parse(key_text) {
                    Ok(k) => k,
                    Err(e) => {
                        self.problems.push(format!("{file}:{line}: {e}"));
                        continue;
                    }
                };
                if let Some(other) = seen.insert(key, key_text.clone()) {
                    self.problems.push(format!("{file}:{line}: '{key_text}' and '{other}' are the same key {key} in [{section}]"));
                }
                let Some(name) = cmd.as_str() else {
                    self.problems.push(format!("{file}:{line}: the command for '{key_text}' should be a quoted name"));
                    continue;
                };
                if self.bindings.get(&(scope, key)) == Some(&Command::Quit) && name != "quit" {
                    self.quit_taken_at = Some(format!("{file}:{line}"));
                }
                if name == "none" {
                    self.bindings.remove(&(scope, key));
                    continue;
                }
                match Command::by_name(name) {
                    Some(c) if c.bindable_in(scope) => {
                        self.bindings.insert((scope, key), c);
                        self.order.insert((scope, key), round + line);
                    }
                    Some(c) => self.problems.push(format!(
                        "{file}:{line}: '{name}' works {} only; bind it in [{}]",
                        c.scope().place(),
                        c.scope().key()
                    )),
                    None => self.problems.push(format!("{file}:{line}: unknown command '{name}' (the : palette lists every command)")),
                }
            }
        }
        self.report_shadowing(file, text);
    }

    /// A screen binding that hides a global command on that screen is reported: it is allowed,
    /// but almost always a mistake.
    fn report_shadowing(&mut self, file: &str, text: &str) {
        let mut found = Vec::new();
        for ((scope, key), cmd) in &self.bindings {
            if *scope == Scope::Global || scope.is_overlay() {
                continue;
            }
            if let Some(global) = self.bindings.get(&(Scope::Global, *key)) {
                if global != cmd && text.contains(&format!("[{}]", scope.key())) {
                    let line = find_line(text, &key.to_string(), find_line(text, &format!("[{}]", scope.key()), 0));
                    found.push(format!(
                        "{file}:{line}: {key} is bound to '{}' in [{}] and to '{}' everywhere else; on the {} screen '{}' has no key",
                        cmd.name(),
                        scope.key(),
                        global.name(),
                        scope.title(),
                        global.name()
                    ));
                }
            }
        }
        found.sort();
        self.problems.extend(found);
    }

    /// The command a key runs on a screen: the screen's own binding first, then the global one.
    pub fn lookup(&self, scope: Scope, key: Key) -> Option<Command> {
        let key = key.normalized();
        self.bindings.get(&(scope, key)).or_else(|| self.bindings.get(&(Scope::Global, key))).copied()
    }

    /// The command a key runs in an overlay: its binding there, else (for a key that is not a
    /// character) the binding of the same key without modifiers. Never a global key.
    pub fn overlay(&self, scope: Scope, key: Key) -> Option<Command> {
        let key = key.normalized();
        let plain = Key::plain(key.code);
        self.exact(scope, key)
            .or_else(|| (!matches!(key.code, KeyCode::Char(_)) && key != plain).then(|| self.exact(scope, plain)).flatten())
    }

    /// The command bound to exactly this key in one table.
    pub fn exact(&self, scope: Scope, key: Key) -> Option<Command> {
        self.bindings.get(&(scope, key.normalized())).copied()
    }

    /// Every key bound to a command where it acts (the global and screen tables for a global or
    /// screen command, its overlay's table for an overlay's), in a stable order (single
    /// characters first).
    pub fn keys_for(&self, cmd: Command) -> Vec<Key> {
        let overlay = cmd.scope().is_overlay();
        self.sorted(self.bindings.iter().filter(|((s, _), c)| **c == cmd && s.is_overlay() == overlay).map(|((_, k), _)| *k))
    }

    /// Every key bound to a command in one table, in the order of [`Keymap::keys_for`].
    pub fn keys_in(&self, scope: Scope, cmd: Command) -> Vec<Key> {
        self.sorted(self.bindings.iter().filter(|((s, _), c)| **c == cmd && *s == scope).map(|((_, k), _)| *k))
    }

    fn sorted(&self, keys: impl Iterator<Item = Key>) -> Vec<Key> {
        let mut keys: Vec<Key> = keys.collect();
        keys.sort_by_key(|k| (!matches!(k.code, KeyCode::Char(_)) || k.ctrl, k.ctrl, *k));
        keys.dedup();
        keys
    }

    /// A command's keys as messages name them, first bound first: in `scope`'s table, else in
    /// the command's own, else in the global one. A letter's other case is left out (`y`, not
    /// `y/Y`).
    pub fn words(&self, scope: Scope, cmd: Command) -> Vec<String> {
        for table in [scope, cmd.scope(), Scope::Global] {
            let mut keys: Vec<(usize, Key)> =
                self.bindings.iter().filter(|((s, _), c)| *s == table && **c == cmd).map(|(sk, _)| (self.order[sk], sk.1)).collect();
            if keys.is_empty() {
                continue;
            }
            keys.sort();
            let mut words: Vec<String> = Vec::new();
            for (_, k) in keys {
                let w = word(k);
                if !words.iter().any(|x| x.to_lowercase() == w.to_lowercase()) {
                    words.push(w);
                }
            }
            return words;
        }
        vec![format!("(no key: :{})", cmd.name())]
    }

    /// What a command does, with the keys it names as this keymap binds them.
    pub fn describe(&self, cmd: Command) -> String {
        self.say(cmd.scope(), cmd.description())
    }

    /// A message with the keys of the active keymap: `{name}` is the first key of the command
    /// `name`, `{name/}` all its keys joined by `/`, `{name*}` by spaces, `{name or}` by "or";
    /// keys are looked up in `scope`'s table first.
    pub fn say(&self, scope: Scope, template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            let inner = &after[..close];
            let (name, join) = match inner.strip_suffix(" or") {
                Some(n) => (n, Some(" or ")),
                None => match inner.strip_suffix('/') {
                    Some(n) => (n, Some("/")),
                    None => inner.strip_suffix('*').map_or((inner, None), |n| (n, Some(" "))),
                },
            };
            match Command::by_name(name) {
                Some(cmd) => {
                    let words = self.words(scope, cmd);
                    out.push_str(&match join {
                        Some(j) => words.join(j),
                        None => words[0].clone(),
                    });
                }
                None => out.push_str(&rest[open..open + close + 2]),
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// `K / S-Up` style label of a command's keys, or `—` if it has none.
    pub fn label(&self, cmd: Command) -> String {
        let keys = self.keys_for(cmd);
        if keys.is_empty() {
            "—".to_string()
        } else {
            keys.iter().map(|k| k.to_string()).collect::<Vec<_>>().join(" ")
        }
    }

    /// The first key of a command, for short hints.
    pub fn first_key(&self, cmd: Command) -> Option<Key> {
        self.keys_for(cmd).into_iter().next()
    }

    /// The first key bound to `cmd`, as messages name it (empty when none is).
    pub fn key_name(&self, cmd: Command) -> String {
        self.first_key(cmd).map(|k| k.to_string()).unwrap_or_default()
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

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line of the first line at or after `from_line` whose left side mentions `needle`.
fn find_line(text: &str, needle: &str, from_line: usize) -> usize {
    for (i, line) in text.lines().enumerate().skip(from_line.saturating_sub(1)) {
        let left = line.split('=').next().unwrap_or("");
        if left.contains(needle) || line.trim() == needle {
            return i + 1;
        }
    }
    from_line.max(1)
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

    #[test]
    fn defaults_are_clean_and_complete() {
        let map = Keymap::defaults();
        assert!(map.problems.is_empty(), "{:?}", map.problems);
        for c in Command::ALL {
            assert!(!map.keys_for(*c).is_empty(), "{} has no default key", c.name());
        }
        assert_eq!(map.lookup(Scope::Week, Key::char('d')), Some(Command::CaptureDecision));
        assert_eq!(map.lookup(Scope::Matrix, Key::char('x')), Some(Command::DropItem));
        assert_eq!(map.lookup(Scope::Week, Key::char('x')), Some(Command::DeleteEntry));
    }

    #[test]
    fn user_file_merges_per_key_and_reports_problems_with_lines() {
        let user = "[global]\n\"Q\" = \"quit\"\n\"z\" = \"fly\"\n\"<Nope>\" = \"quit\"\n\n[week]\n\"d\" = \"carry_over\"\n\"y\" = \"impact_up\"\n[moon]\n";
        let map = Keymap::with_user("keymap.toml", user);
        assert_eq!(map.lookup(Scope::Global, Key::char('Q')), Some(Command::Quit));
        assert_eq!(map.lookup(Scope::Global, Key::char('q')), Some(Command::Quit));
        let p = map.problems.join("\n");
        assert!(p.contains("keymap.toml:3: unknown command 'fly'"), "{p}");
        assert!(p.contains("keymap.toml:4: '<Nope>' is not a key"), "{p}");
        assert!(p.contains("keymap.toml:7: d is bound to 'carry_over' in [week]"), "{p}");
        assert!(p.contains("keymap.toml:8: 'impact_up' works on the Matrix screen only"), "{p}");
        assert!(p.contains("keymap.toml:9: unknown table [moon]"), "{p}");
    }

    #[test]
    fn same_key_twice_in_a_table_is_a_conflict() {
        let map = Keymap::with_user("k.toml", "[global]\n\"<C-r>\" = \"redo\"\n\"<c-R>\" = \"undo\"\n");
        assert!(map.problems.iter().any(|p| p.contains("are the same key")), "{:?}", map.problems);
    }

    #[test]
    fn messages_name_the_first_key_listed() {
        let map = Keymap::defaults();
        assert_eq!(
            map.say(Scope::Form, "{form_next_field/} next · {choice_prev}/{choice_next*} · {form_save}"),
            "Tab/↓ next · ←/→ Space · Enter"
        );
        assert_eq!(map.say(Scope::Confirm, "{confirm_discard} · {confirm_keep or}"), "y · n or Esc or C-c");
        assert_eq!(map.say(Scope::Help, "{down}/{up} {page_up}/{page_down}"), "j/k PgUp/PgDn", "the help's own keys first");
        assert_eq!(map.say(Scope::Global, "{down} {nonsense} {"), "↓ {nonsense} {", "unknown names and stray braces are left as typed");
        let user = Keymap::with_user("k.toml", "[global]\n\"u\" = \"none\"\n\"U\" = \"undo\"\n");
        assert_eq!(user.say(Scope::Global, "{undo} undoes"), "U undoes");
        let none = Keymap::with_user("k.toml", "[global]\n\"u\" = \"none\"\n");
        assert_eq!(none.say(Scope::Global, "{undo}"), "(no key: :undo)");
    }

    #[test]
    fn overlays_never_fall_back_to_global_keys_but_forgive_modifiers() {
        let map = Keymap::defaults();
        assert_eq!(map.overlay(Scope::Prompt, Key::char('q')), None, "a letter in a prompt is text");
        assert_eq!(map.overlay(Scope::Text, Key::parse("<S-Left>").unwrap()), Some(Command::TextLeft));
        assert_eq!(map.overlay(Scope::Text, Key::parse("<C-Left>").unwrap()), Some(Command::TextWordLeft));
        assert_eq!(map.overlay(Scope::Text, Key::parse("<C-A-x>").unwrap()), None, "characters are never stripped");
        let p = Keymap::with_user("k.toml", "[form]\n\"d\" = \"delete_entry\"\n[week]\n\"<C-s>\" = \"form_save\"\n");
        assert!(p.problems.iter().any(|p| p.contains("'delete_entry' works on the Week screen only")), "{:?}", p.problems);
        assert!(p.problems.iter().any(|p| p.contains("'form_save' works in forms only; bind it in [form]")), "{:?}", p.problems);
    }

    #[test]
    fn none_frees_a_key() {
        let map = Keymap::with_user("k.toml", "[global]\n\"q\" = \"none\"\n");
        assert_eq!(map.lookup(Scope::Week, Key::char('q')), None);
        assert!(map.problems.is_empty());
    }
}
