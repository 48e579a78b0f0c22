//! The Today screen: every active client's agenda, the most pressing client first.

use super::{text, theme};
use crate::app::agenda::Row;
use crate::app::App;
use crate::commands::Scope;
use crate::domain::agenda::{ClientAgenda, Urgency};
use crate::domain::time;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    let v = &app.agenda;
    let due = v.built.due_count();
    let filter = if v.filter.is_empty() { String::new() } else { format!(" · /{}", v.filter) };
    let title = format!(" Today · {} · {due} due{filter} ", app.today.format("%a %-d %b %Y"));
    let block = Block::default().borders(Borders::ALL).border_style(theme::focus_border()).title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    if v.rows().is_empty() {
        let empty = if v.filter.is_empty() {
            "  No active client: the Clients screen adds one".to_string()
        } else {
            app.keymap.say(Scope::Global, "  Nothing matches the filter ({filter} changes it)")
        };
        lines.push(Line::styled(empty, theme::dim()));
    }
    let height = inner.height as usize;
    let offset = crate::app::in_view(v.offset, v.sel, height, v.rows().len());
    for (i, row) in v.rows().iter().enumerate().skip(offset).take(height) {
        let line = match v.item(*row) {
            None if matches!(row, Row::Unlisted(_)) => {
                let c = v.client(*row);
                let line = c.unlisted_line().unwrap_or_default();
                // (Enter lists those due; those coming up are not due yet.)
                let hint = if c.unlisted.due() > 0 { " ({open}: every one due, on Decisions)" } else { " ({open}: Decisions)" };
                let hint = app.keymap.say(Scope::Today, hint);
                Line::styled(text::fit(&format!("    {line}{hint}"), width), theme::dim())
            }
            None => heading(app, v.client(*row), width),
            Some(item) => {
                let (when_style, title_style) = match item.urgency {
                    Urgency::Overdue => (theme::warning(), Style::new()),
                    Urgency::Today => (theme::today(), Style::new()),
                    Urgency::Soon => (theme::dim(), theme::dim()),
                };
                let private = if item.due.private { " (private)" } else { "" };
                let lead = format!("    {} {}", text::pad(&item.when(app.today), 16), text::pad(item.due.kind.key(), 9));
                let room = width.saturating_sub(text::width(&lead) + private.len());
                Line::from(vec![
                    Span::styled(lead, when_style),
                    Span::styled(text::fit(&item.due.title, room), title_style),
                    Span::styled(private, theme::dim()),
                ])
            }
        };
        lines.push(if i == v.sel { line.style(theme::selected()) } else { line });
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// `▶ Acme Hospitality · 2 due · ⏱ 0:42 · this week: 11.5 / 15 h, 14 h at this pace`: the name
/// stays whole before the rest.
fn heading(app: &App, c: &ClientAgenda, width: usize) -> Line<'static> {
    let current = app.client == Some(c.client);
    let due = match c.due_count() {
        0 if c.items.is_empty() => " · nothing due".to_string(),
        0 => " · nothing due today".to_string(),
        n => format!(" · {n} due"),
    };
    let until = crate::app::hours::timer_counted_until(app);
    let timer = c.timer.map(|start| format!(" · ⏱ {}", time::fmt_duration((until.max(start) - start).num_seconds()))).unwrap_or_default();
    // (Worked out as drawn, as the header is: a running timer's hours move on.)
    let budget =
        app.data.clients.iter().find(|client| client.id == c.client).map_or(c.budget, |client| crate::app::hours::budget(app, client));
    let hours = format!(" · {}{}", budget.label(), crate::domain::agenda::at_this_pace(budget.used, budget.projected(app.today)));
    let mark = if current { "▶ " } else { "  " };
    let name = text::fit(&c.name, width.saturating_sub(2).max(4));
    let mut rest = format!("{due}{timer}{hours}");
    let room = width.saturating_sub(2 + text::width(&name));
    if text::width(&rest) > room {
        rest = text::fit(&format!("{due}{timer} · {}", budget.short()), room);
    }
    Line::from(vec![
        Span::styled(mark, theme::accent()),
        Span::styled(name, theme::title()),
        Span::styled(rest, if c.due_count() > 0 { theme::warning() } else { theme::dim() }),
    ])
}
