//! The top line: current client, the screens, and the shown week.

use super::{text, theme};
use crate::app::{hours, App, Screen};
use crate::domain::time;
use crate::domain::Choice;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    // Narrow terminals name only the current screen; the others show the key that shows them.
    let compact = area.width < 140;
    let mut tabs: Vec<Span> = vec![Span::raw(" ")];
    let due = app.agenda.built.due_count();
    for s in Screen::ALL {
        let current = *s == app.screen;
        let style = if current { theme::selected().patch(theme::title()) } else { theme::dim() };
        // Compact keys are one column apart, so that ten screens leave the client's name room.
        let label = match app.keymap.first_word(s.show()) {
            Some(key) if compact && !current => format!("{key} "),
            Some(key) => format!(" {key} {} ", s.title()),
            None => format!(" {} ", s.title()),
        };
        tabs.push(Span::styled(label, style));
        // Today carries the count due, on every screen.
        if *s == Screen::Today && due > 0 {
            tabs.push(Span::styled(if compact { format!("({due}) ") } else { format!("({due} due) ") }, theme::warning()));
        }
    }
    let tabs_w: usize = tabs.iter().map(|s| s.width()).sum();
    let week =
        if app.shown_week == app.this_week() { app.shown_week.label() } else { format!("{} (not this week)", app.shown_week.label()) };
    let week_w = text::width(&week) + 2;
    let width = area.width as usize;
    // The week gives way before the client's name does (with its hours, shortened).
    let name_w = app.current_client().map_or(9, |c| text::width(&c.name)) + 10;
    let show_week = width >= tabs_w + week_w + name_w.min(30);
    let client_w = width.saturating_sub(tabs_w + if show_week { week_w } else { 0 } + 2);
    let mut spans = client_spans(app, client_w.saturating_sub(1));
    spans.extend(tabs);
    if show_week {
        let style = if app.shown_week == app.this_week() { Style::new() } else { theme::warning() };
        spans.push(Span::styled(format!(" {week} "), style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// ` Acme Hospitality · embedded · this week: 11.5 / 15 h · ⏱ 0:42 ` in `width` columns: the
/// timer and the hours stay; the shape, then the name give way.
fn client_spans(app: &App, width: usize) -> Vec<Span<'static>> {
    let Some(c) = app.current_client() else {
        return vec![Span::styled(format!(" {} ", text::pad("no client", width)), theme::accent().patch(theme::title()))];
    };
    let budget = hours::budget(app, c);
    let timer = app.data.running.as_ref().map(|r| {
        let whose = if r.client_id == c.id { String::new() } else { format!(" {}", name_of(app, r.client_id)) };
        format!(" ⏱ {}{whose}", time::fmt_duration(r.seconds(app.now)))
    });
    // Narrow terminals get `7/15 h` rather than lose the client's name.
    let room = |b: &str| width.saturating_sub(text::width(b) + 3 + timer.as_ref().map_or(0, |t| text::width(t)));
    let fits = |l: &String| room(l) >= text::width(&c.name).min(20);
    // This month's pace when there is room: `this month: 4.5 / 10 h →7.3 at this pace`.
    let pace = budget.pace(app.today).map(crate::domain::fmt_hours);
    let labels = [
        pace.as_ref().map(|p| format!("{} →{p} at this pace", budget.label())),
        pace.as_ref().map(|p| format!("{} →{p}", budget.label())),
        Some(budget.label()),
    ];
    let label = labels.into_iter().flatten().find(fits).unwrap_or_else(|| budget.short());
    let tail = vec![
        Span::styled(format!(" · {label}"), theme::usage(budget.usage())),
        Span::styled(timer.clone().unwrap_or_default(), theme::timer()),
    ];
    let tail_w: usize = tail.iter().map(|s| s.width()).sum();
    let full = format!("{} · {}", c.name, c.shape.key());
    let head = if text::width(&full) + tail_w <= width { full } else { text::fit(&c.name, width.saturating_sub(tail_w).max(4)) };
    let mut spans = vec![Span::styled(format!(" {head}"), theme::accent().patch(theme::title()))];
    let used = 1 + text::width(&head) + tail_w;
    if used <= width + 1 {
        spans.extend(tail);
    } else if let Some(t) = timer {
        spans.push(Span::styled(t, theme::timer()));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    spans.push(Span::raw(" ".repeat((width + 2).saturating_sub(used))));
    spans
}

fn name_of(app: &App, id: crate::domain::Id) -> String {
    app.data.clients.iter().find(|c| c.id == id).map(|c| text::fit(&c.name, 16)).unwrap_or_default()
}
