//! The Clients screen: every workspace at a glance.

use super::{text, theme};
use crate::app::{clients::visible, hours, App};
use crate::commands::Scope;
use crate::domain::Choice;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// The hours column.
const HOURS_W: usize = 18;

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    let clients = visible(app);
    let archived = app.data.clients.iter().filter(|c| c.archived).count();
    let title = format!(
        " Clients · {}{} ",
        clients.len(),
        if archived > 0 && !app.clients.show_archived {
            format!(" · {archived} archived {}", app.keymap.say(Scope::Clients, "({show_archived} shows)"))
        } else {
            String::new()
        }
    );
    let block = Block::default().borders(Borders::ALL).border_style(theme::focus_border()).title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = inner.width as usize;
    // (Wider than usual for a client whose month has hours carried in: `4.5/10+10 h mo →7.3`.)
    let cells: Vec<(String, Style)> = clients.iter().map(|c| hours_cell(app, c)).collect();
    let hours_w = cells.iter().map(|(cell, _)| text::width(cell) + 1).fold(HOURS_W, usize::max);
    let fixed = 2 + 12 + hours_w + 10 + 8 + 8 + 8;
    let name_w = width.saturating_sub(fixed).max(8);
    let mut lines = vec![Line::styled(
        format!(
            "  {}{}{}{}{}{}{}",
            text::pad("Client", name_w),
            text::pad("Shape", 12),
            text::pad("Hours (→at pace)", hours_w),
            text::pad("Decisions", 10),
            text::pad("Revisit", 8),
            text::pad("Do now", 8),
            text::pad("Open", 8)
        ),
        theme::dim(),
    )];
    if clients.is_empty() {
        let shown = if app.data.clients.is_empty() {
            app.keymap.say(Scope::Clients, "No clients yet: {new} adds one")
        } else {
            app.keymap.say(Scope::Clients, "No active client: {new} adds one, {show_archived} shows the archived ones")
        };
        lines.extend(text::hint(&shown, width));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let sel = app.clients.sel;
    let offset = crate::app::in_view(app.clients.offset, sel, height, clients.len());
    for (i, c) in clients.iter().enumerate().skip(offset).take(height) {
        let stats = app.data.stats.get(&c.id).cloned().unwrap_or_default();
        let current = app.client == Some(c.id);
        let mut spans = vec![
            Span::styled(if current { "▶ " } else { "  " }, theme::accent()),
            Span::styled(
                text::pad(&c.name, name_w),
                if c.archived {
                    theme::dim()
                } else if current {
                    theme::title()
                } else {
                    Default::default()
                },
            ),
            Span::raw(text::pad(c.shape.key(), 12)),
            Span::styled(text::pad(&cells[i].0, hours_w), cells[i].1),
            Span::raw(text::pad(&stats.decisions.to_string(), 10)),
            Span::styled(
                text::pad(&stats.due_revisit.to_string(), 8),
                if stats.due_revisit > 0 { theme::warning() } else { Default::default() },
            ),
            Span::styled(text::pad(&stats.do_now.to_string(), 8), if stats.do_now > 0 { theme::today() } else { Default::default() }),
            Span::raw(text::pad(&stats.open_tasks.to_string(), 8)),
        ];
        if c.archived {
            spans.push(Span::styled("archived", theme::dim()));
        }
        let line = Line::from(spans);
        lines.push(if i == sel { line.style(theme::selected()) } else { line });
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// `11.5 / 15 h wk` (this week) or `6/10 h mo →12` (this month, and where it ends at this pace), coloured from 80 % and past 100 %.
fn hours_cell(app: &App, c: &crate::domain::Client) -> (String, Style) {
    let budget = hours::budget(app, c);
    // With the pace, the short form: `4.5/10 h mo →7.3`.
    let cell = match budget.pace(app.today) {
        Some(pace) => format!("{} mo →{}", budget.short(), crate::domain::fmt_hours(pace)),
        None => budget.column(),
    };
    (cell, if c.archived { theme::dim() } else { theme::usage(budget.usage()) })
}
