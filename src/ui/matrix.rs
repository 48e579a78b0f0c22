//! The Matrix screen: the 2×2 impact × effort grid, impact up and effort right.

use super::{text, theme};
use crate::app::{matrix::items_in, App};
use crate::commands::Scope;
use crate::domain::{Choice, Item, ItemStatus, Quadrant};
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    let [axis_top, grid, axis_bottom, detail] =
        Layout::vertical([Constraint::Length(1), Constraint::Fill(1), Constraint::Length(1), Constraint::Length(5)]).areas(area);
    let dropped = app.data.items.iter().filter(|i| i.status == ItemStatus::Dropped).count();
    // (A filter kept is said, as on Today: the quadrants show only what it matches.)
    let filter = &app.matrix.filter;
    let top = format!(
        "↑ Impact (3–5 high){}{}",
        if filter.is_empty() { String::new() } else { format!("   · {}", super::filter_kept(app, filter)) },
        if dropped > 0 && !app.matrix.show_dropped {
            format!("   · {dropped} dropped hidden {}", app.keymap.say(Scope::Matrix, "({show_dropped} shows)"))
        } else {
            String::new()
        }
    );
    f.render_widget(Paragraph::new(Line::styled(top, theme::title())), axis_top);

    let [gutter, cells] = Layout::horizontal([Constraint::Length(5), Constraint::Fill(1)]).areas(grid);
    let rows = Layout::vertical([Constraint::Ratio(1, 2); 2]).split(cells);
    let gutter_rows = Layout::vertical([Constraint::Ratio(1, 2); 2]).split(gutter);
    for (r, label) in ["High", "Low"].iter().enumerate() {
        let g = gutter_rows[r];
        let mid = Rect { y: g.y + g.height / 2, height: 1.min(g.height), ..g };
        f.render_widget(Paragraph::new(Span::styled(*label, theme::dim())), mid);
    }
    for (r, row) in rows.iter().enumerate() {
        let cols = Layout::horizontal([Constraint::Ratio(1, 2); 2]).split(*row);
        for (c, rect) in cols.iter().enumerate() {
            quadrant(app, f, *rect, Quadrant::at(r, c));
        }
    }

    let [_, bottom] = Layout::horizontal([Constraint::Length(5), Constraint::Fill(1)]).areas(axis_bottom);
    let halves = Layout::horizontal([Constraint::Ratio(1, 2); 2]).split(bottom);
    f.render_widget(Paragraph::new(Span::styled("Low effort (1–2)", theme::dim())).alignment(Alignment::Center), halves[0]);
    f.render_widget(Paragraph::new(Span::styled("High effort (3–5)   Effort →", theme::dim())).alignment(Alignment::Center), halves[1]);

    detail_view(app, f, detail);
}

fn status_mark(i: &Item) -> (&'static str, Style) {
    match i.status {
        ItemStatus::Open => ("", Style::new()),
        ItemStatus::Doing => ("▸ ", theme::accent()),
        ItemStatus::Done => ("✓ ", theme::done()),
        ItemStatus::Dropped => ("✗ ", theme::done()),
    }
}

fn quadrant(app: &App, f: &mut Frame, rect: Rect, q: Quadrant) {
    let items = items_in(app, q);
    let focused = app.matrix.quadrant == q;
    let style = if focused { theme::focus_border() } else { theme::border() };
    let title_style = if q == Quadrant::DoNow { theme::today() } else { theme::title() };
    let title = format!(" {} · {} ", q.title(), items.len());
    let block = Block::default().borders(Borders::ALL).border_style(style).title(Span::styled(title, title_style));
    let inner = block.inner(rect);
    let height = inner.height as usize;
    let sel = app.matrix.index;
    let offset = if focused && sel >= height { sel + 1 - height } else { 0 };
    let hidden = text::out_of_view(offset, items.len().saturating_sub(offset + height));
    f.render_widget(hidden.into_iter().fold(block, Block::title_bottom), rect);
    let width = inner.width as usize;
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, item)| {
            let (mark, st) = status_mark(item);
            let private = if item.private { format!("{} ", theme::PRIVATE) } else { String::new() };
            let scores = format!("{}/{} {private}", item.impact.get(), item.effort.get());
            let room = width.saturating_sub(text::width(&scores) + text::width(mark));
            let line = Line::from(vec![
                Span::styled(scores, theme::dim()),
                Span::styled(mark, st),
                Span::styled(
                    text::fit(&item.title, room),
                    if matches!(item.status, ItemStatus::Done | ItemStatus::Dropped) { theme::done() } else { Style::new() },
                ),
            ]);
            if focused && i == sel {
                line.style(theme::selected())
            } else {
                line
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

fn detail_view(app: &App, f: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::TOP).border_style(theme::border());
    let Some(item) = crate::app::matrix::selected(app) else {
        let hint = if app.data.items.is_empty() { app.keymap.say(Scope::Matrix, "No items yet: {new} adds one") } else { String::new() };
        f.render_widget(Paragraph::new(Line::styled(hint, theme::dim())).block(block), area);
        return;
    };
    // (Four lines, each cut to fit: the title and scores, the notes' first line, the task made
    // of it, and its re-scorings, so that a long title pushes none of them out. In a narrow
    // pane the scores are said short.)
    let cols = usize::from(area.width);
    let private = if item.private { " · private" } else { "" };
    let (quadrant, status) = (item.quadrant().title(), item.status.key());
    let (impact, effort) = (item.impact.get(), item.effort.get());
    let facts = format!("  impact {impact} · effort {effort} · {quadrant} · {status}{private}");
    let room = |facts: &str| cols.saturating_sub(text::width(facts));
    let facts = if room(&facts) >= 12 { facts } else { format!("  {impact}/{effort} · {quadrant} · {status}{private}") };
    let mut lines =
        vec![Line::from(vec![Span::styled(text::fit(&item.title, room(&facts)), theme::title()), Span::styled(facts, theme::dim())])];
    if !item.notes.is_empty() {
        lines.push(Line::from(text::first_line(&item.notes, cols)));
    }
    if let Some(task) = crate::app::matrix::task_of_selected(app) {
        let done = if task.done_at.is_some() { ", done" } else { "" };
        let said = format!("a {} in {} ({}{done})", task.kind.key(), task.week, task.lane.short_title());
        lines.push(Line::styled(text::fit(&said, cols), theme::dim()));
    }
    // (As many of its last re-scorings as fit, newest first, each whole.)
    let mut rescored = String::new();
    for s in crate::app::matrix::history(app) {
        let at = s.at.with_timezone(&app.zone);
        let at = at.format(if crate::domain::time::needs_year(at.date_naive(), app.today) { "%b %-d %Y %H:%M" } else { "%b %-d %H:%M" });
        let one = format!("{at} {}/{} → {}/{}", s.from.0.get(), s.from.1.get(), s.to.0.get(), s.to.1.get());
        let next = if rescored.is_empty() { format!("re-scored: {one}") } else { format!("{rescored} · {one}") };
        if text::width(&next) > cols && !rescored.is_empty() {
            break;
        }
        rescored = next;
    }
    if !rescored.is_empty() {
        lines.push(Line::styled(text::fit(&rescored, cols), theme::dim()));
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}
