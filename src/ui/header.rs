//! The top line: current client, the screens, and the shown week.

use super::{text, theme};
use crate::app::{App, Screen};
use crate::domain::Choice;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    // Narrow terminals name only the current screen; the others show their number key.
    let compact = area.width < 110;
    let mut tabs: Vec<Span> = Vec::new();
    for (i, s) in Screen::ALL.iter().enumerate() {
        let current = *s == app.screen;
        let style = if current { theme::selected().patch(theme::title()) } else { theme::dim() };
        let label = if compact && !current { format!(" {} ", i + 1) } else { format!(" {} {} ", i + 1, s.title()) };
        tabs.push(Span::styled(label, style));
    }
    let tabs_w: usize = tabs.iter().map(|s| s.width()).sum();
    let week =
        if app.shown_week == app.this_week() { app.shown_week.label() } else { format!("{} (not this week)", app.shown_week.label()) };
    let week_w = text::width(&week) + 2;
    let width = area.width as usize;
    let client = match app.current_client() {
        Some(c) => {
            let mut s = format!("{} · {}", c.name, c.shape.key());
            if c.hours_per_week.is_some() {
                s.push_str(&format!(" · {}", c.retainer_label()));
            }
            s
        }
        None => "no client".to_string(),
    };
    let show_week = width >= tabs_w + week_w + 12;
    let client_w = width.saturating_sub(tabs_w + if show_week { week_w } else { 0 } + 2);
    let mut spans =
        vec![Span::styled(format!(" {} ", text::pad(&client, client_w.saturating_sub(1))), theme::accent().patch(theme::title()))];
    spans.extend(tabs);
    if show_week {
        let style = if app.shown_week == app.this_week() { Style::new() } else { theme::warning() };
        spans.push(Span::styled(format!(" {week} "), style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}
