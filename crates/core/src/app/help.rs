//! The `?` overlay's content, from the command registry: every command with its keys (global
//! first, then this screen's, then the others', then the overlays': prompts, forms, pickers…).

use super::App;
use crate::commands::{Command, Scope};
use crate::keymap::Keymap;

/// The text-editing commands, a line for each group.
const TEXT_KEYS: [(&[Command], &str); 5] = [
    (&[Command::TextLeft, Command::TextRight, Command::TextWordLeft, Command::TextWordRight], "move the cursor / a word"),
    (&[Command::TextHome, Command::TextEnd], "start / end of the line"),
    (&[Command::TextBackspace, Command::TextDelete], "delete before / under the cursor"),
    (&[Command::TextNewline], "a new line, in a multi-line field"),
    (&[Command::TextDeleteWord, Command::TextKillToStart, Command::TextKillToEnd], "delete a word / to the start / to the end"),
];

#[derive(Debug, Clone, PartialEq)]
pub enum HelpLine {
    Heading(&'static str),
    Blank,
    Command {
        keys: String,
        command: Command,
    },
    /// Several commands on one line: the text-editing keys, as readline users know them.
    Keys {
        keys: String,
        description: &'static str,
    },
    Problem(String),
}

/// Every command with its scope and keys, in the order help lists them.
pub fn commands(app: &App) -> Vec<(Scope, Command, String)> {
    table(&app.keymap, app.screen.scope())
}

/// Every command with its scope and keys: the global ones, `here`'s, then every other scope's
/// (as `?` and `cockpit keys` list them).
pub fn table(keymap: &Keymap, here: Scope) -> Vec<(Scope, Command, String)> {
    // Everywhere first, then `here` (once, when it is not everywhere), then the rest.
    let mut scopes = vec![Scope::Global];
    scopes.extend(Some(here).filter(|h| *h != Scope::Global));
    scopes.extend(Scope::ALL.iter().copied().filter(|s| *s != Scope::Global && *s != here));
    let mut out = Vec::new();
    for scope in scopes {
        for c in Command::ALL.iter().filter(|c| c.scope() == scope) {
            out.push((scope, *c, keymap.label(*c)));
        }
        // An overlay's table can also bind the keys that move in its list.
        if scope.is_overlay() {
            for c in Command::ALL.iter().filter(|c| c.is_movement()) {
                let keys = keymap.keys_in(scope, *c);
                if !keys.is_empty() {
                    out.push((scope, *c, keys.iter().map(|k| k.to_string()).collect::<Vec<_>>().join(" ")));
                }
            }
        }
    }
    out
}

/// The overlay's lines, as drawn.
pub fn lines(app: &App) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    let mut last = None;
    for (scope, command, keys) in commands(app).into_iter().filter(|(s, _, _)| *s != Scope::Text) {
        if last != Some(scope) {
            if last.is_some() {
                lines.push(HelpLine::Blank);
            }
            lines.push(HelpLine::Heading(scope.title()));
            last = Some(scope);
        }
        lines.push(HelpLine::Command { keys, command });
    }
    lines.push(HelpLine::Blank);
    lines.push(HelpLine::Heading(Scope::Text.title()));
    for (commands, description) in TEXT_KEYS {
        let keys = commands.iter().map(|c| app.keymap.words(Scope::Text, *c)[0].clone()).collect::<Vec<_>>().join(" ");
        lines.push(HelpLine::Keys { keys, description });
    }
    if !app.keymap.problems.is_empty() {
        lines.push(HelpLine::Blank);
        lines.push(HelpLine::Heading("Problems in your keymap file"));
        lines.extend(app.keymap.problems.iter().map(|p| HelpLine::Problem(p.clone())));
    }
    lines
}

/// How many lines the overlay shows at once: the screen less the header, the status bar and
/// the overlay's border.
pub fn visible(app: &App) -> usize {
    (app.size.1 as usize).saturating_sub(4).max(1)
}

/// The last useful scroll position: the last line at the bottom.
pub fn max_scroll(app: &App) -> usize {
    lines(app).len().saturating_sub(visible(app))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_command_has_its_line() {
        for c in Command::ALL.iter().filter(|c| c.scope() == Scope::Text) {
            assert!(TEXT_KEYS.iter().any(|(cs, _)| cs.contains(c)), "{c} is not in the help's text-field lines");
        }
    }
}
