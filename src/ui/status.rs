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
    // (The meetings of the Actions screen take none of an action's own keys; deleting is theirs.)
    if scope == Scope::Actions && app.actions.meetings {
        cmds = vec![Command::DeleteAction, Command::ShowMeetings];
    }
    cmds.extend(Command::ALL.iter().copied().filter(|c| c.is_hint() && c.scope() == Scope::Global));
    cmds.into_iter().filter_map(|c| app.keymap.first_word(c).map(|k| (k, c))).collect()
}

/// A command's name as the key hints show it: as the keymap names it, but billing, which bills
/// the month on Hours while a month is shown, and the Actions screen's, which say what they do
/// while it shows the meetings.
fn hint_label(app: &App, cmd: Command) -> String {
    match cmd {
        Command::BillWeek if matches!(crate::app::hours::period(app), crate::domain::time::Period::Month(..)) => "bill month".into(),
        Command::DeleteAction if app.actions.meetings => "delete meeting".into(),
        Command::ShowMeetings if app.actions.meetings => "show actions".into(),
        _ => cmd.name().replace('_', " "),
    }
}

/// The most lines a message takes: what happened and what to do (or a title named in it) are
/// often both past the middle of a long message, which one line cut there.
const MESSAGE_LINES: usize = 4;

/// The lines a message that is wider than the screen takes, wrapped (the last cut in its
/// middle when even those are too few); none for a message that fits, or none at all.
fn wrapped_lines(app: &App, width: u16) -> Option<Vec<String>> {
    let s = app.status.as_ref().filter(|s| unicode_width::UnicodeWidthStr::width(s.text.as_str()) > width as usize)?;
    let mut lines = super::text::wrap(&s.text, width as usize);
    if lines.len() > MESSAGE_LINES {
        let rest = lines.split_off(MESSAGE_LINES - 1).join(" ");
        lines.push(super::text::fit_middle(&rest, width as usize));
    }
    Some(lines)
}

/// How many lines the bottom line takes: one, or a long message's wrapped lines.
pub fn height(app: &App, width: u16) -> u16 {
    wrapped_lines(app, width).map_or(1, |l| l.len() as u16)
}

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    if let Some(lines) = wrapped_lines(app, area.width) {
        let style = if app.status.as_ref().is_some_and(|s| s.error) { theme::error() } else { theme::ok() };
        let lines: Vec<Line> = lines.into_iter().map(|l| Line::styled(l, style)).collect();
        f.render_widget(Paragraph::new(lines), area);
        return;
    }
    let line = match &app.status {
        Some(s) => Line::from(Span::styled(
            super::text::fit_middle(&s.text, area.width as usize),
            if s.error { theme::error() } else { theme::ok() },
        )),
        None => {
            let labelled = hints(app).into_iter().map(|(key, cmd)| (key, cmd, hint_label(app, cmd)));
            let width = |key: &str, label: &str| key.chars().count() + label.chars().count() + 3;
            // (Help and quit end the line wherever they fit: the help names every other key.)
            let (ends, others): (Vec<_>, Vec<_>) = labelled.partition(|(_, c, _)| matches!(c, Command::Help | Command::Quit));
            let kept: usize = ends.iter().map(|(k, _, l)| width(k, l)).sum();
            let (limit, mut used, mut shown) = (area.width as usize, 0, Vec::new());
            for (hints, room) in [(others, limit.saturating_sub(kept)), (ends, limit)] {
                for (key, cmd, label) in hints {
                    let w = width(&key, &label);
                    if used + w > room {
                        break;
                    }
                    used += w;
                    shown.push((key, cmd, label));
                }
            }
            let mut spans = Vec::new();
            for (key, cmd, label) in shown {
                // What does nothing here (no selection, no client; every key while an overlay
                // takes them) is dimmed, not hidden, so the line keeps its place.
                if app.modal.is_none() && crate::app::available::available(app, cmd) {
                    spans.push(Span::styled(key, theme::key()));
                    spans.push(Span::raw(format!(" {label}  ")));
                } else {
                    spans.push(Span::styled(format!("{key} {label}  "), theme::dim()));
                }
            }
            Line::from(spans)
        }
    };
    f.render_widget(Paragraph::new(line), area);
}
