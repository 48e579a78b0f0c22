//! The keymap: the embedded defaults merged, one key at a time, with the user's file. Problems
//! in the user's file (unknown commands, unreadable keys, one key bound twice) are collected with
//! file and line, to be shown at start-up.

mod key;

pub use key::{sequence, word, Key, KeyCode};

use crate::commands::{Command, Scope};
use std::collections::HashMap;

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

/// The command that leaves each overlay: a keymap must keep a key for each.
const EXITS: [(Scope, Command); 6] = [
    (Scope::Prompt, Command::PromptCancel),
    (Scope::Form, Command::FormCancel),
    (Scope::Confirm, Command::ConfirmKeep),
    (Scope::Picker, Command::PickCancel),
    (Scope::Preview, Command::PreviewClose),
    (Scope::Help, Command::HelpClose),
];

/// Overlays with a text field: a character bound there could no longer be typed.
const TYPED_IN: [Scope; 4] = [Scope::Prompt, Scope::Form, Scope::Picker, Scope::Text];

pub const DEFAULTS: &str = include_str!("../../../../assets/keymap.toml");

impl Keymap {
    pub fn defaults() -> Keymap {
        let mut map = Keymap { bindings: HashMap::new(), order: HashMap::new(), problems: Vec::new(), quit_taken_at: None };
        map.merge("assets/keymap.toml", DEFAULTS);
        debug_assert!(map.problems.is_empty(), "default keymap: {:?}", map.problems);
        map
    }

    /// Why the UI cannot start with this keymap: one that leaves no key to quit.
    /// Why the UI cannot start with this keymap: one that leaves no key to quit, or no key out
    /// of an overlay (the user would be shut in it).
    pub fn refusal(&self) -> Option<String> {
        let bound = |scope: Scope, cmd: Command| self.bound(cmd).any(|(s, _)| s == scope);
        if !bound(Scope::Global, Command::Quit) {
            let at = self.quit_taken_at.clone().unwrap_or_else(|| "the keymap".into());
            return Some(format!("{at}: this keymap leaves no key to quit Cockpit; bind one, e.g. \"q\" = \"quit\" in [global]"));
        }
        let (scope, cmd) = EXITS.iter().copied().find(|(scope, cmd)| !bound(*scope, *cmd))?;
        Some(format!(
            "the keymap leaves no key for {} ({}), the way out of [{}]: bind one, e.g. \"<Esc>\" = \"{}\" in [{}]",
            cmd.name(),
            cmd.description().to_lowercase(),
            scope.key(),
            cmd.name(),
            scope.key()
        ))
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
            let Some(scope) = Scope::ALL.iter().copied().find(|s| s.key() == section) else {
                let line = header_line(text, section, 0);
                let tables = Scope::ALL.iter().map(|s| s.key()).collect::<Vec<_>>().join(", ");
                self.problems.push(format!("{file}:{line}: unknown table [{section}] (use {tables})"));
                continue;
            };
            let section_line = header_line(text, section, 0);
            let Some(entries) = value.as_table() else {
                self.problems.push(format!("{file}:{section_line}: [{section}] should be a table of key = \"command\""));
                continue;
            };
            let mut seen: HashMap<Key, String> = HashMap::new();
            for (key_text, cmd) in entries {
                let line = key_line(text, key_text, section_line);
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
                let typed = matches!(key.code, KeyCode::Char(_)) && !key.ctrl && !key.alt;
                match Command::by_name(name) {
                    // (A choice key acts on choice fields only and is typed in the others.)
                    Some(c) if typed && TYPED_IN.contains(&scope) && !matches!(c, Command::ChoiceNext | Command::ChoicePrev) => self.problems.push(format!(
                        "{file}:{line}: '{key_text}' is typed into text fields in [{section}]; bind a key with Ctrl or Alt, or a special key"
                    )),
                    Some(c) if c.bindable_in(scope) => {
                        self.bindings.insert((scope, key), c);
                        self.order.insert((scope, key), round + line);
                    }
                    Some(c) if c.scope() == Scope::Global => self.problems.push(format!(
                        "{file}:{line}: '{name}' is not a key of [{section}]; bind it in [global] or a screen's table"
                    )),
                    Some(c) => self.problems.push(format!(
                        "{file}:{line}: '{name}' works {} only; bind it in [{}]",
                        c.scope().place(),
                        c.scope().key()
                    )),
                    None => self.problems.push(format!("{file}:{line}: unknown command '{name}' (cockpit keys lists every command)")),
                }
            }
        }
        self.report_shadowing(file, round);
    }

    /// A screen binding that hides a global command on that screen, or a global binding that a
    /// screen's hides, is reported when this file made either: it is allowed, but almost always a
    /// mistake.
    fn report_shadowing(&mut self, file: &str, round: usize) {
        let mut found = Vec::new();
        // The line of a binding this file made (those of earlier files are ordered before `round`).
        let here = |scope: Scope, key: Key| self.order.get(&(scope, key)).and_then(|o| o.checked_sub(round));
        for ((scope, key), cmd) in &self.bindings {
            if *scope == Scope::Global || scope.is_overlay() {
                continue;
            }
            if let Some(global) = self.bindings.get(&(Scope::Global, *key)) {
                let line = here(*scope, *key).or_else(|| here(Scope::Global, *key));
                if let (true, Some(line)) = (global != cmd, line) {
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

    /// The key that saves a form from a multi-line field: a save key that is not also the new
    /// line.
    pub fn save_in_text(&self) -> String {
        let newline = self.words(Scope::Text, Command::TextNewline);
        self.words(Scope::Form, Command::FormSave).into_iter().find(|w| !newline.contains(w)).unwrap_or_default()
    }

    /// Whether the key is bound in any table.
    pub fn bound_anywhere(&self, key: Key) -> bool {
        let key = key.normalized();
        self.bindings.keys().any(|(_, k)| *k == key)
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
        sorted(self.bound(cmd).filter(|(s, _)| s.is_overlay() == overlay).map(|(_, k)| k))
    }

    /// Every key bound to a command in one table, in the order of [`Keymap::keys_for`].
    pub fn keys_in(&self, scope: Scope, cmd: Command) -> Vec<Key> {
        sorted(self.bound(cmd).filter(|(s, _)| *s == scope).map(|(_, k)| k))
    }

    /// Every (table, key) bound to `cmd`.
    fn bound(&self, cmd: Command) -> impl Iterator<Item = (Scope, Key)> + '_ {
        self.bindings.iter().filter(move |(_, c)| **c == cmd).map(|(sk, _)| *sk)
    }

    /// A command's keys as messages name them, first bound first: in `scope`'s table, else in
    /// the command's own, else in the global one. A letter's other case is left out (`y`, not
    /// `y/Y`).
    pub fn words(&self, scope: Scope, cmd: Command) -> Vec<String> {
        let words = self.bound_words(scope, cmd);
        if words.is_empty() {
            return vec![format!("(no key for {})", cmd.name())];
        }
        words
    }

    fn bound_words(&self, scope: Scope, cmd: Command) -> Vec<String> {
        for table in [scope, cmd.scope(), Scope::Global] {
            let mut keys: Vec<(usize, Key)> = self.bound(cmd).filter(|(s, _)| *s == table).map(|sk| (self.order[&sk], sk.1)).collect();
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
        Vec::new()
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

    /// The key messages and hints name for `cmd`: the first listed, as prose writes it; none
    /// when the command has no key.
    pub fn first_word(&self, cmd: Command) -> Option<String> {
        self.bound_words(cmd.scope(), cmd).into_iter().next()
    }

    /// The key messages name for `cmd` (see [`Keymap::words`]).
    pub fn key_name(&self, cmd: Command) -> String {
        self.words(cmd.scope(), cmd).swap_remove(0)
    }
}

/// Keys in a stable order: single characters first.
fn sorted(keys: impl Iterator<Item = Key>) -> Vec<Key> {
    let mut keys: Vec<Key> = keys.collect();
    keys.sort_by_key(|k| (!matches!(k.code, KeyCode::Char(_)) || k.ctrl, k.ctrl, *k));
    keys.dedup();
    keys
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line of the first line at or after `from_line` that is the table header `[table]`.
fn header_line(text: &str, table: &str, from_line: usize) -> usize {
    find_line(text, from_line, |line| line.trim() == format!("[{table}]"))
}

/// The line of the first line at or after `from_line` that binds `key` (as TOML reads the key
/// written there: quoted or not, escapes and all).
fn key_line(text: &str, key: &str, from_line: usize) -> usize {
    find_line(text, from_line, |line| {
        let Some((left, _)) = line.split_once('=') else { return false };
        if !left.contains('\\') {
            return left.trim().trim_matches(|c| c == '"' || c == '\'') == key;
        }
        let read: Option<toml::Table> = format!("{left} = 0").parse().ok();
        read.is_some_and(|t| t.len() == 1 && t.contains_key(key))
    })
}

fn find_line(text: &str, from_line: usize, is_it: impl Fn(&str) -> bool) -> usize {
    for (i, line) in text.lines().enumerate().skip(from_line.saturating_sub(1)) {
        if is_it(line) {
            return i + 1;
        }
    }
    from_line.max(1)
}

#[cfg(test)]
mod tests;
