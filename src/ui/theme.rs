//! Colours and styles, in one place.

use ratatui::style::{Color, Modifier, Style};
use std::sync::OnceLock;

pub use crate::app::help::PRIVATE;

/// Whether colours are off: `NO_COLOR` set and not empty (no-color.org).
pub fn no_color() -> bool {
    static OFF: OnceLock<bool> = OnceLock::new();
    *OFF.get_or_init(|| std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()))
}

/// A style as drawn: without its colours under `NO_COLOR`, keeping bold, underline, reverse
/// and crossed-out, so that a selection and a done task still show.
fn paint(style: Style) -> Style {
    if no_color() {
        Style { fg: None, bg: None, underline_color: None, ..style }
    } else {
        style
    }
}

pub fn title() -> Style {
    paint(Style::new().add_modifier(Modifier::BOLD))
}
pub fn accent() -> Style {
    paint(Style::new().fg(Color::Cyan))
}
pub fn focus_border() -> Style {
    paint(Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD))
}
pub fn border() -> Style {
    paint(Style::new().fg(Color::DarkGray))
}
/// Today's lane.
pub fn today() -> Style {
    paint(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD))
}
pub fn selected() -> Style {
    paint(Style::new().add_modifier(Modifier::REVERSED))
}
pub fn dim() -> Style {
    paint(Style::new().fg(Color::DarkGray))
}
pub fn done() -> Style {
    paint(Style::new().fg(Color::DarkGray).add_modifier(Modifier::CROSSED_OUT))
}
pub fn error() -> Style {
    paint(Style::new().fg(Color::Red).add_modifier(Modifier::BOLD))
}
pub fn warning() -> Style {
    paint(Style::new().fg(Color::Yellow))
}
pub fn ok() -> Style {
    paint(Style::new().fg(Color::Green))
}
/// A line of meeting notes: its mark in the margin (seen without colours too) and its style.
pub fn note_line(kind: crate::domain::meeting_notes::LineKind) -> (&'static str, Style) {
    use crate::domain::meeting_notes::LineKind;
    match kind {
        LineKind::Decision => ("D", paint(Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD))),
        LineKind::Action => ("A", paint(Style::new().fg(Color::Green).add_modifier(Modifier::BOLD))),
        LineKind::Risk => ("R", paint(Style::new().fg(Color::Red).add_modifier(Modifier::BOLD))),
        LineKind::Question => ("?", paint(Style::new().fg(Color::Magenta))),
        LineKind::Note => (" ", Style::new()),
    }
}
/// Matched characters of a fuzzy filter.
pub fn hit() -> Style {
    paint(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED))
}
pub fn key() -> Style {
    paint(Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD))
}
pub fn one_way() -> Style {
    paint(Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD))
}
/// Hours against a retainer: fine, from 80 %, past 100 %.
pub fn usage(u: crate::domain::time::Usage) -> Style {
    use crate::domain::time::Usage;
    match u {
        Usage::Fine => paint(Style::new().fg(Color::Green)),
        Usage::Near => paint(Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)),
        Usage::Over => paint(Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)),
    }
}
/// The running timer.
pub fn timer() -> Style {
    paint(Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD))
}
/// A heat-map cell by its level: green, yellow, red, magenta backgrounds.
pub fn level(l: crate::domain::risk::Level) -> Style {
    use crate::domain::risk::Level;
    let bg = match l {
        Level::Low => Color::Green,
        Level::Medium => Color::Yellow,
        Level::High => Color::Red,
        Level::Critical => Color::Magenta,
    };
    paint(Style::new().fg(Color::Black).bg(bg))
}
