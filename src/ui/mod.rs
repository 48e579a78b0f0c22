//! Pure views: read the model, draw a frame. One file per screen, plus the header, the status
//! bar and the modals.

mod actions;
mod agenda;
mod clients;
mod decisions;
mod header;
mod hours;
mod matrix;
mod modal;
mod people;
mod preview;
mod risks;
mod status;
pub mod text;
pub mod theme;
mod vendors;
mod week;

use crate::app::{App, Screen};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

pub use crate::app::{MIN_HEIGHT, MIN_WIDTH};

pub use crate::app::help::commands as help_lines;
pub use status::hints;

/// A list's filter that is kept, said beside it (on the Week and the Matrix), with how to clear
/// it.
fn filter_kept(app: &App, filter: &str) -> String {
    format!("filter /{filter} {}", app.keymap.say(crate::commands::Scope::Prompt, "({filter} then {prompt_cancel} clears)"))
}

pub fn view(app: &App, f: &mut Frame) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(app, f, area);
        return;
    }
    let foot_height = status::height(app, area.width);
    let [head, body, foot] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(foot_height)]).areas(area);
    header::view(app, f, head);
    if app.client.is_none() && !matches!(app.screen, Screen::Clients | Screen::Today) {
        no_client(app, f, body);
    } else {
        match app.screen {
            Screen::Today => agenda::view(app, f, body),
            Screen::Week => week::view(app, f, body),
            Screen::Matrix => matrix::view(app, f, body),
            Screen::Decisions => decisions::view(app, f, body),
            Screen::Clients => clients::view(app, f, body),
            Screen::Hours => hours::view(app, f, body),
            Screen::Risks => risks::view(app, f, body),
            Screen::Actions => actions::view(app, f, body),
            Screen::Vendors => vendors::view(app, f, body),
            Screen::People => people::view(app, f, body),
        }
    }
    status::view(app, f, foot);
    modal::view(app, f, body);
}

/// What a terminal below the least size shows: the size, and what acts (`q` quits; a form or a
/// prompt open waits, whole, for the terminal to grow).
fn too_small(app: &App, f: &mut Frame, area: Rect) {
    let then = match &app.modal {
        Some(_) => "Enlarge it to go on with what is open; keys typed until then are not taken".to_string(),
        None => format!("{} quits", app.keymap.key_name(crate::commands::Command::Quit)),
    };
    let msg = format!("Terminal too small: {}×{}. Cockpit needs at least {MIN_WIDTH}×{MIN_HEIGHT}. {then}.", area.width, area.height);
    f.render_widget(Paragraph::new(msg).style(theme::warning()).wrap(Wrap { trim: true }), area);
}

fn no_client(app: &App, f: &mut Frame, area: Rect) {
    let key = |c| app.keymap.key_name(c);
    let lines = vec![
        Line::from(""),
        Line::from("  No client yet.").style(theme::title()),
        Line::from(""),
        Line::from(format!(
            "  Press {} for the Clients screen, then {} to add your first client,",
            key(crate::commands::Command::ScreenClients),
            key(crate::commands::Command::New)
        )),
        Line::from("  or from a shell: cockpit client add \"Acme Hospitality\" --hours-per-week 15 --shape embedded"),
        Line::from("  (cockpit demo opens a sample with three clients)"),
    ];
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
