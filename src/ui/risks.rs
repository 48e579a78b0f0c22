//! The Risks screen: the heat map (impact up, likelihood across; each cell's count and level,
//! readable without colour), the selected cell's risks (or one list by score), and the selected
//! risk's detail with its history.

use super::{text, theme};
use crate::app::{named, risks, App};
use crate::commands::Scope;
use crate::domain::risk::{HeatCell, Level};
use crate::domain::{Choice, Risk};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

/// The map's width: the impact labels and five cells.
const MAP_W: u16 = 4 + 5 * 6 + 2;

/// Narrower than this, the list goes under the map, not beside it (where it would have a third
/// of the screen).
const SIDE_BY_SIDE_W: u16 = MAP_W + 40;

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    let (map, legend, listed, detail) = if area.width >= SIDE_BY_SIDE_W {
        let [left, right] = Layout::horizontal([Constraint::Length(MAP_W), Constraint::Fill(1)]).areas(area);
        let [map, legend] = Layout::vertical([Constraint::Length(9), Constraint::Fill(1)]).areas(left);
        let [listed, detail] = Layout::vertical([Constraint::Percentage(40), Constraint::Fill(1)]).areas(right);
        (map, legend, listed, Some(detail))
    } else {
        // (The legend beside the map; the detail under the list when there is room for both.)
        let [top, rest] = Layout::vertical([Constraint::Length(9), Constraint::Fill(1)]).areas(area);
        let [map, legend] = Layout::horizontal([Constraint::Length(MAP_W), Constraint::Fill(1)]).areas(top);
        match rest.height >= 14 {
            true => {
                let [listed, detail] = Layout::vertical([Constraint::Percentage(50), Constraint::Fill(1)]).areas(rest);
                (map, legend, listed, Some(detail))
            }
            false => (map, legend, rest, None),
        }
    };
    heat_map(app, f, map);
    let levels = [Level::Critical, Level::High, Level::Medium, Level::Low];
    let key: Vec<Line> = levels
        .iter()
        .map(|l| {
            let range = match l {
                Level::Critical => "20–25",
                Level::High => "10–16",
                Level::Medium => "5–9",
                Level::Low => "1–4",
            };
            Line::from(vec![
                Span::styled(format!(" {} ", initial(*l)), theme::level(*l)),
                Span::styled(format!(" {} {range}", l.label()), theme::dim()),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(key), legend);
    list(app, f, listed);
    if let Some(detail) = detail {
        detail_view(app, f, detail);
    }
}

/// `C3`: the level's initial and the count, so that the map reads without colour.
fn heat_map(app: &App, f: &mut Frame, area: Rect) {
    let closed = app.data.risks.iter().filter(|r| r.is_closed()).count();
    let title = if closed > 0 && !app.risks.show_closed {
        format!(" Risks · {closed} closed {} ", app.keymap.say(Scope::Risks, "({show_closed_risks} shows)"))
    } else {
        " Risks ".to_string()
    };
    let block = Block::default().borders(Borders::ALL).border_style(theme::focus_border()).title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut lines = Vec::new();
    for row in 0..5 {
        let (_, impact) = HeatCell::scores(row, 0);
        let mut spans = vec![Span::styled(format!("I{} ", impact.get()), theme::dim())];
        for col in 0..5 {
            let (likelihood, impact) = HeatCell::scores(row, col);
            let cell = HeatCell::of(likelihood, impact);
            let n = risks::in_cell(app, row, col).len();
            let mark = if n == 0 { "·".to_string() } else { format!("{}{n}", initial(cell.level)) };
            let here = !app.risks.as_list && (row, col) == (app.risks.row, app.risks.col);
            let label = if here { format!("[{mark:^3}]") } else { format!(" {mark:^3} ") };
            let style = if here { theme::level(cell.level).patch(theme::selected()) } else { theme::level(cell.level) };
            spans.push(Span::styled(label, style));
            spans.push(Span::raw(" "));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::styled("   L1    L2    L3    L4    L5", theme::dim()));
    lines.push(Line::styled("   likelihood →    impact ↑", theme::dim()));
    f.render_widget(Paragraph::new(lines), inner);
}

fn initial(l: Level) -> char {
    l.label().chars().next().unwrap_or(' ').to_ascii_uppercase()
}

fn list(app: &App, f: &mut Frame, area: Rect) {
    let shown = risks::listed(app);
    let title = if app.risks.as_list {
        format!(" All risks by score · {} ", shown.len())
    } else {
        let (l, i) = HeatCell::scores(app.risks.row, app.risks.col);
        let cell = HeatCell::of(l, i);
        format!(" Likelihood {} × impact {} = {} ({}) · {} ", l.get(), i.get(), cell.score, cell.level.label(), shown.len())
    };
    let block = Block::default().borders(Borders::ALL).border_style(theme::border()).title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    if shown.is_empty() {
        let hint = if app.data.risks.is_empty() { "No risk yet: {new} adds one here" } else { "None in this cell: {new} adds one here" };
        lines.extend(text::hint(&app.keymap.say(Scope::Risks, hint), width));
    }
    let height = inner.height as usize;
    let offset = crate::app::scrolled(0, app.risks.sel, height);
    for (i, r) in shown.iter().enumerate().skip(offset).take(height) {
        let cell = r.cell();
        // The level's word where there is room for it (the colour and the map say it too).
        let lead = if width >= 40 { format!("{:>2} {:<8} ", cell.score, cell.level.label()) } else { format!("{:>2} ", cell.score) };
        let tail = format!("  {}{}", r.status.key(), if r.private { " (private)" } else { "" });
        let room = width.saturating_sub(text::width(&lead) + text::width(&tail));
        let base = if r.is_closed() { theme::done() } else { Default::default() };
        let line = Line::from(vec![
            Span::styled(lead, theme::level(cell.level)),
            Span::styled(format!(" {}", text::fit(&r.title, room.saturating_sub(1))), base),
            Span::styled(tail, theme::dim()),
        ]);
        lines.push(if i == app.risks.sel { line.style(theme::selected()) } else { line });
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn detail_view(app: &App, f: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::ALL).border_style(theme::border()).title(" Detail ");
    let Some(r) = risks::selected(app) else {
        f.render_widget(block, area);
        return;
    };
    let field = |label: &'static str, value: String| text::field(label, value, 14);
    let dash = |s: &str| if s.is_empty() { "—".to_string() } else { s.to_string() };
    let mut lines = vec![
        Line::styled(r.title.clone(), theme::title()),
        field("Category", r.category.key().to_string()),
        field("Score", format!("{} × {} = {} ({})", r.likelihood.get(), r.impact.get(), r.cell().score, r.cell().level.label())),
        field("Status", r.status.key().to_string()),
        field("Owner", dash(&r.owner)),
        field("Review", r.review.map_or("—".into(), |d| d.to_string())),
        field("Compliance", if r.tags.is_empty() { "—".into() } else { r.tags.join(", ") }),
    ];
    for (label, link) in [("Introduced by", r.introduced_by), ("Mitigated by", r.mitigated_by)] {
        if let Some(id) = link {
            lines.push(field(label, decision_name(app, id)));
        }
    }
    for (label, body) in [("Description", &r.description), ("Mitigation", &r.mitigation)] {
        if !body.is_empty() {
            lines.push(Line::styled(label, theme::title()));
            lines.extend(body.lines().map(|l| Line::from(l.to_string())));
        }
    }
    lines.extend(history(app, r).into_iter().map(|h| field("History", h)));
    f.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}

/// Re-scorings and reviews, oldest first.
fn history(app: &App, r: &Risk) -> Vec<String> {
    let mut out: Vec<(String, String)> = app
        .data
        .risk_scores
        .iter()
        .filter(|s| s.risk_id == r.id)
        .map(|s| {
            let day = s.at.with_timezone(&app.zone).date_naive().to_string();
            (day.clone(), format!("{day}: {}×{} → {}×{}", s.from.0.get(), s.from.1.get(), s.to.0.get(), s.to.1.get()))
        })
        .collect();
    out.extend(app.data.reviews.iter().filter(|v| v.subject_id == r.id).map(|v| (v.on.to_string(), v.line("reviewed"))));
    out.sort();
    out.into_iter().map(|(_, s)| s).collect()
}

fn decision_name(app: &App, id: crate::domain::Id) -> String {
    named::brief(app, id).map(|d| format!("{} {}", d.code(), d.title)).unwrap_or_else(|| "(a decision)".into())
}
