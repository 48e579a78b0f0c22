//! The bottom line: the last message, or the keys of this screen (from the command registry),
//! those that do nothing here dimmed.

use super::theme;
use crate::app::App;
use crate::commands::{Command, Scope};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// The commands hinted on a screen: its own first, then the global ones.
pub fn hints(app: &App) -> Vec<(String, Command)> {
    let scope = app.screen.scope();
    let mut cmds: Vec<Command> = Command::ALL.iter().copied().filter(|c| c.is_hint() && c.scope() == scope).collect();
    cmds.extend(Command::ALL.iter().copied().filter(|c| c.is_hint() && c.scope() == Scope::Global));
    cmds.into_iter().filter_map(|c| app.keymap.first_word(c).map(|k| (k, c))).collect()
}

/// A command's name as the key hints show it: as the keymap names it, but billing, which bills
/// the month on Hours while a month is shown.
fn hint_label(app: &App, cmd: Command) -> String {
    match cmd {
        Command::BillWeek if matches!(crate::app::hours::period(app), crate::domain::time::Period::Month(..)) => "bill month".into(),
        _ => cmd.name().replace('_', " "),
    }
}

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    let line = match &app.status {
        Some(s) => Line::from(Span::styled(
            super::text::fit_middle(&s.text, area.width as usize),
            if s.error { theme::error() } else { theme::ok() },
        )),
        None => {
            let mut spans = Vec::new();
            let mut used = 0;
            for (key, cmd) in hints(app) {
                let label = hint_label(app, cmd);
                let w = key.chars().count() + label.chars().count() + 3;
                if used + w > area.width as usize {
                    break;
                }
                // What does nothing here (no selection, no client; every key while an overlay
                // takes them) is dimmed, not hidden, so the line keeps its place.
                if app.modal.is_none() && crate::app::available::available(app, cmd) {
                    spans.push(Span::styled(key, theme::key()));
                    spans.push(Span::raw(format!(" {label}  ")));
                } else {
                    spans.push(Span::styled(format!("{key} {label}  "), theme::dim()));
                }
                used += w;
            }
            Line::from(spans)
        }
    };
    f.render_widget(Paragraph::new(line), area);
}
