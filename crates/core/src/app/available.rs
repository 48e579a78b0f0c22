//! Whether a command acts here: the one check behind the status bar's hints (unavailable ones
//! are dimmed), the help (likewise) and the palette (which offers what acts here first).

use super::{App, Screen};
use crate::commands::{Command, Scope};

/// Whether `cmd` does something on the current screen, with what it shows now.
pub fn available(app: &App, cmd: Command) -> bool {
    match cmd.scope() {
        Scope::Global => global(app, cmd),
        scope if scope == app.screen.scope() => app.screen.available(app, cmd),
        // Another screen's, or an overlay's (those act only while it is open).
        _ => false,
    }
}

fn global(app: &App, cmd: Command) -> bool {
    use Command::*;
    match cmd {
        CaptureDecision | CopySummary | CopySummaryNow => app.client.is_some(),
        // Another client to switch to.
        SwitchClient => app.active_clients().any(|c| Some(c.id) != app.client),
        ToggleTimer => app.client.is_some() || app.data.running.is_some(),
        Undo => app.history.can_undo(),
        Redo => app.history.can_redo(),
        ThisWeek => app.shown_week != app.this_week(),
        ScreenToday | ScreenWeek | ScreenMatrix | ScreenDecisions | ScreenClients | ScreenHours | ScreenRisks => {
            Screen::shown_by(cmd) != Some(app.screen)
        }
        // Not from inside the palette itself.
        Palette => !matches!(app.modal, Some(super::modal::Modal::Palette(_))),
        // What these act on is the screen's to say.
        New | Open | Edit | ToggleDone | TogglePrivate => app.screen.available(app, cmd),
        _ => true,
    }
}
