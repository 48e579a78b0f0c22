//! The Week screen: five lanes side by side when the terminal is wide, stacked when narrow.

use super::{text, theme};
use crate::app::{
    week::{lane_actions, lane_entries},
    App,
};
use crate::commands::Scope;
use crate::domain::{Entry, Lane};
use chrono::Datelike;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

/// Wide enough for five columns of readable width.
const COLUMNS_FROM: u16 = 100;

fn today_lane(app: &App) -> Option<Lane> {
    if app.shown_week == app.this_week() {
        Lane::of_weekday(app.today.weekday())
    } else {
        None
    }
}

fn mark(e: &Entry) -> (&'static str, Style) {
    match (e.is_task(), e.is_done()) {
        (true, true) => ("[x] ", theme::done()),
        (true, false) => ("[ ] ", Style::new()),
        _ => ("  - ", Style::new()),
    }
}

/// `↪` for a task carried over from last week, `→ W48` for an open one carried into the next
/// (not wrapped apart),
/// `+` when there are details, the lock when it is private (never in the week summary).
fn suffix(app: &App, e: &Entry) -> String {
    let from = if e.carried_from.is_some() { " ↪" } else { "" };
    let to = crate::app::week::carried_to(app, e).map(|w| format!(" →\u{a0}W{:02}", w.number())).unwrap_or_default();
    let details = if e.body.is_empty() { "" } else { " +" };
    format!("{from}{to}{details}{}", if e.private { format!(" {}", theme::PRIVATE) } else { String::new() })
}

/// One entry on one line, cut to `width`.
fn entry_line(app: &App, e: &Entry, width: usize, selected: bool) -> Line<'static> {
    let (m, style) = mark(e);
    let suffix = suffix(app, e);
    let room = width.saturating_sub(4 + text::width(&suffix));
    let line = Line::from(vec![Span::raw(m), Span::styled(text::fit(&e.text, room), style), Span::styled(suffix, theme::dim())]);
    if selected {
        line.style(theme::selected())
    } else {
        line
    }
}

/// One entry wrapped over at most `max_lines` lines of `width`, continuation lines indented.
fn entry_lines(app: &App, e: &Entry, width: usize, selected: bool, max_lines: usize) -> Vec<Line<'static>> {
    let (m, style) = mark(e);
    let text_w = width.saturating_sub(4).max(1);
    let suffix = suffix(app, e);
    let mut rows = text::wrap(&format!("{}{suffix}", e.text), text_w);
    if rows.len() > max_lines {
        // (Cut, the text is: its marks, the lock among them, stay at the end.)
        let room = text_w.saturating_sub(text::width(&suffix));
        rows = text::wrap(&e.text, text_w);
        rows.truncate(max_lines);
        let last = rows.pop().unwrap_or_default();
        rows.push(text::fit(&format!("{}{suffix}", text::fit(&format!("{last}…"), room)), text_w));
    }
    rows.into_iter()
        .enumerate()
        .map(|(i, r)| {
            let line = Line::from(vec![Span::raw(if i == 0 { m } else { "    " }), Span::styled(text::pad(&r, text_w), style)]);
            if selected {
                line.style(theme::selected())
            } else {
                line
            }
        })
        .collect()
}

/// An action due on the lane's day: `→ A-3 Send the shortlist`.
fn action_lines(app: &App, lane: Lane, width: usize) -> Vec<Line<'static>> {
    lane_actions(app, lane)
        .into_iter()
        .map(|a| {
            let lock = if a.private { format!(" {}", theme::PRIVATE) } else { String::new() };
            Line::styled(text::fit(&format!(" → {} {}{lock}", a.code(), a.title), width), theme::accent())
        })
        .collect()
}

fn lane_title(app: &App, lane: Lane, width: usize) -> (String, Style) {
    let today = today_lane(app) == Some(lane);
    let focused = app.week.lane == lane.index();
    let n = lane_entries(app, lane).len();
    let marker = if today { "▶ " } else { "" };
    let label = format!("{marker}{} · {}", lane.day_abbrev(), lane.title());
    let label = if text::width(&label) + 5 > width { format!("{marker}{} · {}", lane.day_abbrev(), lane.short_title()) } else { label };
    let count = if n > 0 { format!(" ({n})") } else { String::new() };
    let style = match (today, focused) {
        (true, _) => theme::today(),
        (false, true) => theme::focus_border(),
        _ => theme::title(),
    };
    (text::fit(&format!("{label}{count}"), width.saturating_sub(2)), style)
}

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    let [board, detail] = Layout::vertical([Constraint::Fill(1), Constraint::Length(3)]).areas(area);
    if area.width >= COLUMNS_FROM {
        columns(app, f, board);
    } else {
        stacked(app, f, board);
    }
    detail_view(app, f, detail);
}

fn columns(app: &App, f: &mut Frame, area: Rect) {
    let cols = Layout::horizontal([Constraint::Ratio(1, 5); 5]).split(area);
    for lane in Lane::ALL {
        let rect = cols[lane.index()];
        let focused = app.week.lane == lane.index();
        let today = today_lane(app) == Some(lane);
        let (title, title_style) = lane_title(app, lane, rect.width as usize);
        let border = if today {
            theme::today()
        } else if focused {
            theme::focus_border()
        } else {
            theme::border()
        };
        let block = Block::default().borders(Borders::ALL).border_style(border).title(Span::styled(title, title_style));
        let inner = block.inner(rect);
        let entries = lane_entries(app, lane);
        let sel = app.week.sel[lane.index()];
        let height = inner.height as usize;
        let blocks: Vec<Vec<Line>> =
            entries.iter().enumerate().map(|(i, e)| entry_lines(app, e, inner.width as usize, focused && i == sel, 3)).collect();
        // Scroll so that the selected entry's last line is visible.
        let mut offset = 0;
        if focused {
            let end: usize = blocks.iter().take(sel + 1).map(Vec::len).sum();
            while blocks[offset..].is_empty() || end - blocks.iter().take(offset).map(Vec::len).sum::<usize>() > height {
                if offset >= sel {
                    break;
                }
                offset += 1;
            }
        }
        // Under the entries, the actions due that day, one line each. (An entry is out of view
        // below unless all its lines show.)
        let actions = action_lines(app, lane, inner.width as usize);
        let shown = blocks[offset..].iter().scan(0, |used, b| (*used + b.len() <= height).then(|| *used += b.len())).count();
        let room = height.saturating_sub(blocks[offset..].iter().map(Vec::len).sum());
        let hidden = text::out_of_view(offset, blocks.len() - offset - shown + actions.len().saturating_sub(room));
        f.render_widget(hidden.into_iter().fold(block, Block::title_bottom), rect);
        let mut lines: Vec<Line> = blocks.into_iter().skip(offset).flatten().collect();
        lines.extend(actions);
        lines.truncate(height);
        let lines = if lines.is_empty() && focused {
            vec![Line::styled(app.keymap.say(Scope::Week, " (empty: {new} adds)"), theme::dim())]
        } else {
            lines
        };
        f.render_widget(Paragraph::new(lines), inner);
    }
}

/// Narrow terminals: the lanes one under the other, scrolled to keep the selection in view.
fn stacked(app: &App, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    for lane in Lane::ALL {
        let focused = app.week.lane == lane.index();
        let (title, style) = lane_title(app, lane, width);
        let marker = if focused { "▌" } else { " " };
        lines.push(Line::from(vec![Span::styled(marker, theme::focus_border()), Span::styled(title, style)]));
        if focused {
            selected_line = lines.len() - 1;
        }
        let entries = lane_entries(app, lane);
        let sel = app.week.sel[lane.index()];
        for (i, e) in entries.iter().enumerate() {
            if focused && i == sel {
                selected_line = lines.len();
            }
            lines.push(entry_line(app, e, width.saturating_sub(1), focused && i == sel).patch_style(Style::new()));
        }
        let actions = action_lines(app, lane, width.saturating_sub(1));
        if entries.is_empty() && actions.is_empty() && focused {
            lines.push(Line::styled(app.keymap.say(Scope::Week, "   (empty: {new} adds)"), theme::dim()));
        }
        lines.extend(actions);
    }
    let height = area.height as usize;
    let offset = selected_line.saturating_sub(height.saturating_sub(2).max(1)).min(lines.len().saturating_sub(height));
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    f.render_widget(Paragraph::new(shown), area);
}

/// The selected entry in full, under the board: long titles are readable here.
fn detail_view(app: &App, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let lines = match crate::app::week::selected(app) {
        Some(e) => {
            // (What is said of it stays whole: a long text is cut before it.)
            let mut marks = String::new();
            if let Some(done) = e.done_at {
                marks.push_str(&format!("  (done {})", crate::domain::time::near_moment(&app.zone, done, app.today)));
            }
            if let Some(week) = crate::app::week::carried_to(app, e) {
                marks.push_str(&format!("  (carried to {week})"));
            }
            if e.private {
                marks.push_str(&format!("  {} private", theme::PRIVATE));
            }
            let first = format!("{}{marks}", text::fit(&e.text, width.saturating_sub(text::width(&marks))));
            let second = text::first_line(&e.body, width);
            vec![Line::styled(text::fit(&first, width), theme::title()), Line::styled(second, theme::dim())]
        }
        None => vec![Line::styled(
            if !crate::app::week::left_open(app).is_empty() {
                let n = crate::app::week::left_open(app).len();
                let what = if n == 1 { "1 open task".to_string() } else { format!("{n} open tasks") };
                app.keymap.say(Scope::Week, &format!("Last week left {what}: {{carry_over}} carries in those still to do"))
            } else if app.week.filter.is_empty() {
                String::new()
            } else {
                super::filter_kept(app, &app.week.filter)
            },
            theme::dim(),
        )],
    };
    f.render_widget(Paragraph::new(lines).block(Block::default().borders(Borders::TOP).border_style(theme::border())), area);
}
