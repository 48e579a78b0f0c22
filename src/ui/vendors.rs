//! The Vendors screen: options grouped by the decision that compares them, and under the list
//! the selected one's evaluation (criteria × options, weighted, the winner beside the choice).

use super::{text, theme};
use crate::app::vendors;
use crate::app::{named, App};
use crate::commands::Scope;
use crate::domain::vendor::{differs, Vendor};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    let below = vendors::evaluation_rows(area.height as usize) as u16;
    let [list, evaluation] = Layout::vertical([Constraint::Fill(1), Constraint::Length(below)]).areas(area);
    list_view(app, f, list);
    evaluation_view(app, f, evaluation);
}

fn decision_title(app: &App, v: &Vendor) -> String {
    match v.decision_id.and_then(|id| named::brief(app, id)) {
        Some(d) if d.private => format!("{} {} {}", d.code(), d.title, theme::PRIVATE),
        Some(d) => format!("{} {}", d.code(), d.title),
        None => "Not tied to a decision".into(),
    }
}

fn list_view(app: &App, f: &mut Frame, area: Rect) {
    let shown = vendors::shown(app);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::focus_border())
        .title(Span::styled(format!(" Vendors and options · {} ", shown.len()), theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = inner.width as usize;
    // The money columns as wide as their widest amount (a name gives way first), the dates'
    // as `2026-12-20 · 2026-11-20`.
    let widest = |title: &str, amount: &dyn Fn(&Vendor) -> Option<crate::domain::money::Money>| {
        shown.iter().filter_map(|v| amount(v)).map(|m| text::width(&m.to_string())).chain([text::width(title)]).max().unwrap_or(0) + 1
    };
    let score_w = 9;
    let cost_w = widest("Per year", &|v| v.cost_per_year);
    let tco_w = widest("2-year TCO", &|v| v.tco());
    // Narrow: the day to give notice by alone (the one to act on).
    let both_dates = width >= 2 + score_w + cost_w + tco_w + 23 + 10;
    let dates_w = if both_dates { 23 } else { 10 };
    let name_w = width.saturating_sub(2 + score_w + cost_w + tco_w + dates_w).max(10);
    let mut lines = vec![Line::styled(
        format!(
            "  {}{}{}{}{}",
            text::pad("Option", name_w),
            text::pad("Weighted", score_w),
            text::pad("Per year", cost_w),
            text::pad("2-year TCO", tco_w),
            if both_dates { "Renewal · notice by" } else { "Notice by" }
        ),
        theme::dim(),
    )];
    if shown.is_empty() {
        lines.extend(text::hint(
            &app.keymap.say(Scope::Vendors, "No vendors yet: {new} adds one (an option of a decision, or a contract)"),
            width,
        ));
    }
    // Each decision's options under its title; the selection kept in view.
    let mut rows: Vec<(Option<usize>, Line)> = Vec::new();
    let mut last: Option<Option<crate::domain::Id>> = None;
    for (i, v) in shown.iter().enumerate() {
        if last != Some(v.decision_id) {
            rows.push((None, Line::styled(text::fit(&decision_title(app, v), width), theme::accent())));
            last = Some(v.decision_id);
        }
        let (e, _) = vendors::evaluation_of(app, v);
        let options = vendors::options_with(app, v);
        let ranking = e.rank(&options);
        let at = options.iter().position(|o| o.id == v.id).unwrap_or(0);
        let total = ranking.of(at);
        // A winner only among two options or more.
        let winner = options.len() > 1 && ranking.wins(at);
        let score = total
            .filter(|t| t.sum > 0)
            .map(|t| format!("{:.2}{}{}", t.value(), if t.missing.is_empty() { "" } else { "*" }, if winner { " ★" } else { "" }))
            .unwrap_or_default();
        let dates = match (v.renewal, v.notice_by()) {
            (Some(r), Some(n)) if n != r && both_dates => format!("{r} · {n}"),
            (Some(_), Some(n)) if !both_dates => n.to_string(),
            (Some(r), _) => r.to_string(),
            _ => String::new(),
        };
        let name = if v.build { format!("{} (build)", v.name) } else { v.name.clone() };
        let line = Line::from(vec![
            Span::styled(if v.chosen { "✓ " } else { "  " }, theme::ok()),
            Span::raw(text::cell(&name, name_w)),
            Span::styled(text::cell(&score, score_w), if winner { theme::title() } else { Default::default() }),
            Span::raw(text::cell(&v.cost_per_year.map(|m| m.to_string()).unwrap_or_default(), cost_w)),
            Span::raw(text::cell(&v.tco().map(|m| m.to_string()).unwrap_or_default(), tco_w)),
            Span::styled(text::fit(&dates, dates_w), theme::dim()),
        ]);
        rows.push((Some(i), if i == app.vendors.sel { line.style(theme::selected()) } else { line }));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let at = rows.iter().position(|(i, _)| *i == Some(app.vendors.sel)).unwrap_or(0);
    let skip = (at + 1).saturating_sub(height);
    lines.extend(rows.into_iter().skip(skip).take(height).map(|(_, l)| l));
    f.render_widget(Paragraph::new(lines), inner);
}

fn evaluation_view(app: &App, f: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::ALL).border_style(theme::border());
    let Some(v) = vendors::selected(app) else {
        f.render_widget(block.title(" Evaluation "), area);
        return;
    };
    let block = block.title(Span::styled(format!(" Evaluation · {} ", decision_title(app, v)), theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let (e, _) = vendors::evaluation_of(app, v);
    let options = vendors::options_with(app, v);
    let ranking = e.rank(&options);
    let width = inner.width as usize;
    let label_w = 28.min(width / 2);
    let col_w = (width.saturating_sub(label_w) / options.len().max(1)).clamp(6, 16);
    let head: String = options.iter().map(|o| text::cell(&o.name, col_w)).collect();
    let mut lines = vec![Line::styled(format!("{}{head}", text::cell("criterion (weight)", label_w)), theme::dim())];
    let rows = (inner.height as usize).saturating_sub(3);
    let more = e.criteria.len().saturating_sub(rows);
    let shown_rows = if more > 0 { rows.saturating_sub(1) } else { rows };
    for c in e.criteria.iter().take(shown_rows) {
        let cells: String = options
            .iter()
            .map(|o| {
                let s = o
                    .scores
                    .iter()
                    .find(|(n, _)| crate::domain::evaluation::same_criterion(n, &c.name))
                    .map(|(_, s)| s.to_string())
                    .unwrap_or("·".into());
                text::cell(&s, col_w)
            })
            .collect();
        lines.push(Line::from(format!("{}{cells}", text::cell(&format!("{} (×{})", c.name, c.weight), label_w))));
    }
    if more > 0 {
        let hidden = e.criteria.len() - shown_rows;
        lines.push(Line::styled(format!("… {hidden} more criteria (cockpit vendors --json lists every score)"), theme::dim()));
    }
    let totals: String = (0..options.len())
        .map(|i| {
            text::cell(
                &ranking.of(i).map(|t| format!("{:.2}{}", t.value(), if t.missing.is_empty() { "" } else { "*" })).unwrap_or_default(),
                col_w,
            )
        })
        .collect();
    let unscored = ranking.totals.iter().any(|t| !t.missing.is_empty());
    lines.push(Line::styled(format!("{}{totals}", text::cell("weighted (out of 5)", label_w)), theme::title()));
    let note = if unscored { " · * not scored on every criterion (counted as 0)" } else { "" };
    let verdict = match (differs(&ranking, &options), ranking.winner_line()) {
        (Some(d), _) => Line::styled(format!("! {d}{note}"), theme::warning()),
        (None, Some(w)) if options.len() > 1 => Line::styled(format!("Weighted winner: {w}{note}"), theme::ok()),
        _ => Line::styled(app.keymap.say(Scope::Vendors, "{score_vendor} scores the option on a criterion"), theme::dim()),
    };
    lines.push(verdict);
    f.render_widget(Paragraph::new(lines), inner);
}
