//! The `?` overlay's content, from the command registry: every command with its keys (global
//! first, then this screen's, then the others', then the overlays': prompts, forms, pickers…).

use super::App;
use crate::commands::{Command, Scope};
use crate::domain::text::wrap;
use crate::keymap::Keymap;

/// The text-editing commands, a line for each group.
const TEXT_KEYS: [(&[Command], &str); 6] = [
    (&[Command::TextLeft, Command::TextRight, Command::TextWordLeft, Command::TextWordRight], "move the cursor / a word"),
    (&[Command::TextHome, Command::TextEnd], "start / end of the line"),
    (&[Command::TextBackspace, Command::TextDelete], "delete before / under the cursor"),
    (&[Command::TextNewline], "a new line, in a multi-line field"),
    (&[Command::TextDeleteWord, Command::TextKillToStart, Command::TextKillToEnd], "delete a word / to the start / to the end"),
    (&[Command::TextYank], "put back what the last of those took out"),
];

/// The mark of a private record: never in anything a client receives.
pub const PRIVATE: &str = "🔒";

/// What the marks in each screen's list mean, shown first in `?` on that screen.
pub const MARKS: &[(Scope, &str, &str)] = &[
    (Scope::Today, "▶", "the current client"),
    (Scope::Today, "(private)", "never in anything the client receives"),
    (Scope::Week, "[ ] [x] -", "an open task, a done task, a note"),
    (Scope::Week, "↪", "a task carried over from an earlier week"),
    (Scope::Week, "→ W48", "an open task carried into that week (its copy is there)"),
    (Scope::Week, "→ A-2", "an action of yours due that day (9 lists the actions)"),
    (Scope::Week, "+", "it has details below its line"),
    (Scope::Week, PRIVATE, "private: never in a week summary"),
    (Scope::Matrix, "5/2", "impact / effort, each from 1 to 5"),
    (Scope::Matrix, "▸ ✓ ✗", "doing, done, dropped"),
    (Scope::Matrix, PRIVATE, "private: never among a summary's priorities"),
    (Scope::Decisions, "!", "due for revisit"),
    (Scope::Decisions, "1-way 2-way", "a one-way door (hard to reverse), a two-way door"),
    (Scope::Decisions, PRIVATE, "private: never in a summary or an ADR export"),
    (Scope::Clients, "▶", "the current client"),
    (Scope::Hours, "…", "the timer is still running"),
    (Scope::Hours, PRIVATE, "private: its note is never on a statement (its hours are)"),
    (Scope::Risks, "C H M L", "critical 20–25, high 10–16, medium 5–9, low 1–4 (likelihood × impact)"),
    (Scope::Risks, "(private)", "never in the register a client receives"),
    (Scope::Actions, "✓", "done or dropped"),
    (Scope::Actions, PRIVATE, "private: never in a summary"),
    (Scope::People, "(2 to discuss)", "points waiting for the next 1:1"),
    (Scope::People, "screen, offer …", "a candidate's hiring stage, in its column"),
    (Scope::People, PRIVATE, "1:1 notes: private, never in anything a client receives"),
    (Scope::Vendors, "✓", "the option the decision took"),
    (Scope::Vendors, "★", "the highest weighted score"),
    (Scope::Vendors, "*", "a criterion is not scored yet"),
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
    let here = app.screen.scope();
    let marks: Vec<HelpLine> = MARKS
        .iter()
        .filter(|(s, _, _)| *s == here)
        .map(|(_, mark, description)| HelpLine::Keys { keys: mark.to_string(), description })
        .collect();
    if !marks.is_empty() {
        lines.push(HelpLine::Heading("What the marks mean"));
        lines.extend(marks);
        lines.push(HelpLine::Blank);
    }
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

/// The overlay's columns: the keys, what they do, then (where there is room) the command's name.
pub const KEYS: usize = 18;
pub const DESCRIBED: usize = 53;
/// The overlay's widest, border and all.
pub const WIDEST: u16 = 96;

/// The columns of text the overlay holds at the app's width.
pub fn columns(app: &App) -> usize {
    (app.size.0.min(WIDEST) as usize).saturating_sub(2)
}

/// Whether the keys, what they do and the command's name fit side by side in `cols`.
pub fn side_by_side(cols: usize) -> bool {
    cols >= KEYS + DESCRIBED + 20
}

/// The keys of a line, when they are wider than their column: they take a row of their own,
/// what they do following under it (cut, they would not be told apart).
pub fn keys_alone(line: &HelpLine) -> Option<&str> {
    match line {
        HelpLine::Command { keys, .. } | HelpLine::Keys { keys, .. } if unicode_width::UnicodeWidthStr::width(keys.as_str()) >= KEYS => {
            Some(keys)
        }
        _ => None,
    }
}

/// The rows `line` takes in `cols` columns: its text wrapped, whole words (a description under
/// itself, right of the keys' column; side by side, in its own column), after an empty row
/// where its keys are alone.
pub fn rows(app: &App, line: &HelpLine, cols: usize) -> Vec<String> {
    let rows = text_rows(app, line, cols);
    match keys_alone(line) {
        Some(_) => std::iter::once(String::new()).chain(rows).collect(),
        None => rows,
    }
}

fn text_rows(app: &App, line: &HelpLine, cols: usize) -> Vec<String> {
    let described = cols.saturating_sub(KEYS).max(10);
    match line {
        HelpLine::Heading(h) => wrap(h, cols),
        HelpLine::Blank => vec![String::new()],
        HelpLine::Command { command, .. } if side_by_side(cols) => wrap(&app.keymap.describe(*command), DESCRIBED - 1),
        HelpLine::Command { command, .. } => wrap(&app.keymap.describe(*command), described),
        HelpLine::Keys { description, .. } => wrap(description, described),
        HelpLine::Problem(p) => wrap(p, cols),
    }
}

/// How many lines the overlay shows at once: the screen less the header, the status bar and
/// the overlay's border.
pub fn visible(app: &App) -> usize {
    (app.size.1 as usize).saturating_sub(4).max(1)
}

/// The last useful scroll position: the last line at the bottom.
pub fn max_scroll(app: &App) -> usize {
    let cols = columns(app);
    lines(app).iter().map(|l| rows(app, l, cols).len()).sum::<usize>().saturating_sub(visible(app))
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
