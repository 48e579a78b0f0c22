//! The Decisions screen: the log, newest first, and a detail pane with every field.

use super::{text, theme};
use crate::app::decisions::{count, selected, selected_links, shown, total};
use crate::app::App;
use crate::commands::Scope;
use crate::domain::{Choice, DecisionRow, Status};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    // The titles are what is read first: beside the list the detail pane only from 140 columns,
    // below it otherwise.
    let (list, detail) = if area.width as usize >= crate::app::decisions::SIDE_BY_SIDE {
        let [l, d] = Layout::horizontal([Constraint::Percentage(58), Constraint::Fill(1)]).areas(area);
        (l, d)
    } else {
        let [l, d] = Layout::vertical([Constraint::Percentage(55), Constraint::Fill(1)]).areas(area);
        (l, d)
    };
    list_view(app, f, list);
    detail_view(app, f, detail);
}

fn status_style(s: Status) -> Style {
    match s {
        Status::Accepted => theme::ok(),
        Status::Proposed => theme::warning(),
        Status::Rejected | Status::Deprecated | Status::Superseded => theme::dim(),
    }
}

fn list_view(app: &App, f: &mut Frame, area: Rect) {
    let v = &app.decisions;
    let filters = v.filters_label();
    // The list's one marker, explained where it shows (not twice: the list may be of those).
    let due = if v.any_due && !v.due_only { " · ! due for revisit" } else { "" };
    let title = if filters.is_empty() {
        format!(" Decisions · {}{due} ", total(app))
    } else {
        // (While the filter's first page alone is shown, the rest still being ranked: `60+`,
        // and `…` while it shows none.)
        let found = match (v.ranking, count(app)) {
            (true, 0) => "…".to_string(),
            (true, n) => format!("{n}+"),
            (false, n) => n.to_string(),
        };
        format!(" Decisions · {found} of {} · {}{due} ", total(app), filters)
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::focus_border())
        .title(Span::styled(text::fit(&title, area.width.saturating_sub(2) as usize), theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = inner.width as usize;
    let height = inner.height as usize;
    if count(app) == 0 {
        // (A client counted with decisions whose log is not there: it could not be read.)
        let counted = app.client.and_then(|c| app.data.stats.get(&c)).map_or(0, |s| s.decisions);
        let msg = if app.data.decisions.is_empty() && counted > 0 {
            format!("The log of {counted} decisions could not be read (the message below says why; a row another tool damaged?): they are still in the database")
        } else if app.data.decisions.is_empty() {
            app.keymap.say(Scope::Decisions, "No decisions yet: {capture_decision} captures one, {new} opens the full form")
        } else if v.ranking {
            // (The first page of a large log's filter: none of the best, or none the other
            // filters show.)
            LOOKING.to_string()
        } else {
            app.keymap.say(Scope::Decisions, "Nothing matches the filter ({clear_filters} clears it)")
        };
        f.render_widget(Paragraph::new(Line::styled(msg, theme::dim())).wrap(Wrap { trim: true }), inner);
        return;
    }
    let wide = width >= 60;
    let offset = crate::app::in_view(v.offset, v.sel, height, count(app));
    let mut lines = Vec::new();
    let in_view: Vec<_> = shown(app).enumerate().skip(offset).take(height).collect();
    // (The codes in view as wide as the widest, so that D-999 and D-1000 line up.)
    let code_w = in_view.iter().map(|(_, (d, _))| d.code().len()).max().unwrap_or(0);
    for (row, (d, hits)) in in_view {
        let due = d.due_for_revisit(app.today);
        let mut spans = vec![Span::styled(if due { "!" } else { " " }, theme::warning()), Span::raw(format!("{:<code_w$} ", d.code()))];
        if wide {
            spans.push(Span::styled(format!("{} ", d.date.format("%Y-%m-%d")), theme::dim()));
        }
        spans.push(Span::styled(text::pad(d.status.key(), 11), status_style(d.status)));
        spans.push(if d.is_one_way() { Span::styled("1-way ", theme::one_way()) } else { Span::styled("2-way ", theme::dim()) });
        if d.private {
            spans.push(Span::raw(format!("{} ", theme::PRIVATE)));
        }
        let used: usize = spans.iter().map(|s| s.width()).sum();
        // The title has the room; the tags take what it leaves (a third at most).
        let tags: String = if wide { d.tags().map(|t| format!(" #{t}")).collect() } else { String::new() };
        let left = width.saturating_sub(used + text::width(d.title()));
        let tags = if left >= 4 { text::fit(&tags, left.min(width.saturating_sub(used) / 3)) } else { String::new() };
        let room = width.saturating_sub(used + text::width(&tags));
        let base = if matches!(d.status, Status::Superseded | Status::Rejected | Status::Deprecated) { theme::dim() } else { Style::new() };
        spans.extend(text::highlighted(d.title(), hits, room, base, theme::hit()));
        let title_w = text::width(&text::fit(d.title(), room));
        spans.push(Span::raw(" ".repeat(room.saturating_sub(title_w))));
        spans.push(Span::styled(tags, theme::accent()));
        let line = Line::from(spans);
        lines.push(if row == v.sel { line.style(theme::selected()) } else { line });
    }
    if v.ranking && lines.len() < height {
        // (A first page of fewer than a screenful: the few best, the rest to follow.)
        lines.push(Line::styled(LOOKING, theme::dim()));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// What a large log's filter, or decision picker, shows under its first page while the rest is
/// ranked.
pub(super) const LOOKING: &str = "Looking through the rest of the log…";

fn field<'a>(label: &'a str, value: String) -> Line<'a> {
    text::field(label, value, 13)
}

fn detail_view(app: &App, f: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::ALL).border_style(theme::border()).title(" Detail ");
    let Some(d) = selected(app) else {
        f.render_widget(block, area);
        return;
    };
    let mut lines = vec![
        Line::from(vec![Span::styled(format!("{} ", d.code()), theme::accent()), Span::styled(d.title().to_string(), theme::title())]),
        field("Date", d.date.format("%Y-%m-%d").to_string()),
        Line::from(vec![Span::styled(format!("{:<13}", "Status"), theme::dim()), Span::styled(d.status.key(), status_style(d.status))]),
        field("Category", d.category.label().to_string()),
        Line::from(vec![
            Span::styled(format!("{:<13}", "Door"), theme::dim()),
            Span::styled(d.reversibility.label(), if d.is_one_way() { theme::one_way() } else { Style::new() }),
        ]),
        revisit_line(app, d),
        field("Tags", if d.tags().next().is_none() { "—".into() } else { d.tags().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" ") }),
        field("Decided by", Some(d.decided_by()).filter(|by| !by.is_empty()).unwrap_or_else(|| "—".into())),
    ];
    if let Some(m) = app.data.meetings.iter().find(|m| m.produced(d.id)) {
        lines.push(field("Decided in", m.provenance(&app.zone)));
    }
    if d.private {
        lines.push(field("Shared", format!("{} private: not in summaries or ADR exports", theme::PRIVATE)));
    }
    let codes: Vec<String> = d.former_numbers().map(crate::domain::decision::code).collect();
    if !codes.is_empty() {
        lines.push(field("Formerly", format!("{} (two machines gave the same number; it still finds this one)", codes.join(", "))));
    }
    let (supersedes, replaced_by) = selected_links(app);
    let named = |d: &crate::domain::decision::Brief| format!("{} {}", d.code(), d.title);
    if !supersedes.is_empty() {
        lines.push(field("Supersedes", supersedes.iter().map(named).collect::<Vec<_>>().join("; ")));
    }
    if d.superseded_by().is_some() {
        lines.push(field("Superseded by", replaced_by.map(named).unwrap_or_else(|| "(another decision)".into())));
    }
    // The risks it brought in or answers (the link is kept on the risk).
    for r in &app.data.risks {
        if r.introduced_by == Some(d.id) {
            lines.push(field("Introduced", format!("risk '{}'", r.title)));
        }
        if r.mitigated_by == Some(d.id) {
            lines.push(field("Mitigates", format!("risk '{}'", r.title)));
        }
    }
    // The revisit history, oldest first.
    for r in app.data.reviews.iter().filter(|r| r.subject_id == d.id) {
        lines.push(field("Revisited", r.line("reaffirmed")));
    }
    for (label, body) in ["Context", "Decision", "Options", "Consequences"].into_iter().zip(d.long_texts()) {
        lines.push(Line::from(""));
        lines.push(Line::styled(label, theme::title()));
        if body.is_empty() {
            lines.push(Line::styled("—", theme::dim()));
        } else {
            lines.extend(body.lines().map(|l| Line::from(l.to_string())));
        }
    }
    f.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), area);
}

fn revisit_line<'a>(app: &App, d: DecisionRow) -> Line<'a> {
    match d.revisit {
        Some(r) if d.due_for_revisit(app.today) => Line::from(vec![
            Span::styled(format!("{:<13}", "Revisit"), theme::dim()),
            Span::styled(format!("{} · due now", r.format("%Y-%m-%d")), theme::warning()),
        ]),
        Some(r) => field("Revisit", r.format("%Y-%m-%d").to_string()),
        None => field("Revisit", "—".into()),
    }
}
