//! The `?` overlay's content, from the command registry: every command with its keys (global
//! first, then this screen's, then the others'), then the keys of prompts and forms.

use super::App;
use crate::commands::{Command, Scope};

/// Prompt and form keys (handled by the modal, not bound in the keymap).
pub const PROMPT_KEYS: [(&str, &str); 9] = [
    ("Enter", "save; in a multi-line field, a new line"),
    ("C-s", "save the form (from any field)"),
    ("C-o", "open the text field in $VISUAL / $EDITOR"),
    ("Esc", "cancel; a capture or new entry keeps a draft; a changed form asks y/n"),
    ("Tab S-Tab", "next / previous field; in the capture line, the full form"),
    ("Up Down", "previous / next line of a multi-line field, then the field before / after"),
    ("Left Right", "move the cursor; change a choice"),
    ("C-a C-e", "start / end of the line"),
    ("C-w C-u C-k", "delete a word / to the start / to the end"),
];

#[derive(Debug, Clone, PartialEq)]
pub enum HelpLine {
    Heading(&'static str),
    Blank,
    Command { keys: String, command: Command },
    Key { keys: &'static str, description: &'static str },
    Problem(String),
}

/// Every command with its scope and keys, in the order help lists them.
pub fn commands(app: &App) -> Vec<(Scope, Command, String)> {
    let here = app.screen.scope();
    let mut scopes = vec![Scope::Global, here];
    scopes.extend(Scope::ALL.into_iter().filter(|s| *s != Scope::Global && *s != here));
    let mut out = Vec::new();
    for scope in scopes {
        for c in Command::ALL.iter().filter(|c| c.scope() == scope) {
            out.push((scope, *c, app.keymap.label(*c)));
        }
    }
    out
}

/// The overlay's lines, as drawn.
pub fn lines(app: &App) -> Vec<HelpLine> {
    let mut lines = Vec::new();
    let mut last = None;
    for (scope, command, keys) in commands(app) {
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
    lines.push(HelpLine::Heading("In prompts and forms"));
    lines.extend(PROMPT_KEYS.iter().map(|(keys, description)| HelpLine::Key { keys, description }));
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
