//! Colours and styles, in one place.

use ratatui::style::{Color, Modifier, Style};

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}
pub fn accent() -> Style {
    Style::new().fg(Color::Cyan)
}
pub fn focus_border() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}
pub fn border() -> Style {
    Style::new().fg(Color::DarkGray)
}
/// Today's lane.
pub fn today() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}
pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}
pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}
pub fn done() -> Style {
    Style::new().fg(Color::DarkGray).add_modifier(Modifier::CROSSED_OUT)
}
pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}
pub fn warning() -> Style {
    Style::new().fg(Color::Yellow)
}
pub fn ok() -> Style {
    Style::new().fg(Color::Green)
}
/// Matched characters of a fuzzy filter.
pub fn hit() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}
pub fn key() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}
pub fn one_way() -> Style {
    Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD)
}
/// Hours against a retainer: fine, from 80 %, past 100 %.
pub fn usage(u: crate::domain::time::Usage) -> Style {
    use crate::domain::time::Usage;
    match u {
        Usage::Fine => Style::new().fg(Color::Green),
        Usage::Near => Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
        Usage::Over => Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    }
}
/// The running timer.
pub fn timer() -> Style {
    Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD)
}
