//! The Actions screen: the current client's actions (overdue first) or its meetings, with the
//! selected one's details beside the list.

use super::{text, theme};
use crate::app::{actions, named, App};
use crate::commands::Scope;
use crate::domain::meeting::OutcomeKind;
use crate::domain::meeting_notes::{self, Line as NoteLine};
use crate::domain::{Action, Choice, Meeting};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

/// Wide enough for the details beside the list; narrower, the list takes the width.
const DETAIL_FROM: u16 = 100;

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    let split = if area.width >= DETAIL_FROM { Constraint::Percentage(62) } else { Constraint::Percentage(100) };
    let [list, detail] = Layout::horizontal([split, Constraint::Fill(1)]).areas(area);
    let wide = detail.width > 0;
    if app.actions.meetings {
        meeting_list(app, f, list);
        if wide {
            meeting_detail(app, f, detail);
        }
    } else {
        action_list(app, f, list);
        if wide {
            action_detail(app, f, detail);
        }
    }
}

fn framed(f: &mut Frame, area: Rect, title: String, focus: bool) -> Rect {
    let border = if focus { theme::focus_border() } else { theme::border() };
    let block = Block::default().borders(Borders::ALL).border_style(border).title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    inner
}

/// `3d late`, `today`, `Fri 4`, `Dec 18`, or blank.
fn due_cell(a: &Action, today: chrono::NaiveDate) -> (String, ratatui::style::Style) {
    let Some(due) = a.due else { return (String::new(), theme::dim()) };
    let days = (due - today).num_days();
    let style = if !a.is_open() {
        theme::dim()
    } else if days < 0 {
        theme::error()
    } else if days == 0 {
        theme::today()
    } else {
        Default::default()
    };
    let shown = match days {
        d if d < 0 && a.is_open() => format!("{}d late", -d),
        0 => "today".into(),
        1..=6 => due.format("%a %-d").to_string(),
        _ if !crate::domain::time::needs_year(due, today) => due.format("%b %-d").to_string(),
        _ => due.format("%b %-d %Y").to_string(),
    };
    (shown, style)
}

fn action_list(app: &App, f: &mut Frame, area: Rect) {
    let shown = actions::shown(app);
    let closed = app.data.actions.iter().filter(|a| !a.is_open()).count();
    let waiting = shown.iter().filter(|a| a.is_waiting()).count();
    let mut title = format!(" Actions · {}", shown.len());
    if waiting > 0 {
        title.push_str(&format!(" · {waiting} waiting for others"));
    }
    if closed > 0 && !app.actions.show_closed {
        title.push_str(&format!(" · {closed} done {}", app.keymap.say(Scope::Actions, "({show_closed_actions} shows)")));
    }
    let inner = framed(f, area, title + " ", true);
    let width = inner.width as usize;
    let (code_w, due_w, owner_w) = (6, 12, 10);
    let title_w = width.saturating_sub(2 + code_w + due_w + owner_w).max(8);
    let mut lines = vec![Line::styled(
        format!("  {}{}{}{}", text::cell("#", code_w), text::cell("Due", due_w), text::cell("Owner", owner_w), "Action"),
        theme::dim(),
    )];
    if shown.is_empty() {
        let hint = if app.data.actions.is_empty() {
            "No actions yet: {new} adds one, {meeting} opens a meeting whose a: lines become actions"
        } else {
            "Nothing open: {show_closed_actions} shows done and dropped ones"
        };
        lines.extend(text::hint(&app.keymap.say(Scope::Actions, hint), width));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let sel = app.actions.sel;
    let offset = crate::app::in_view(app.actions.offset, sel, height, shown.len());
    for (i, a) in shown.iter().enumerate().skip(offset).take(height) {
        let (due, due_style) = due_cell(a, app.today);
        let owner = if a.is_mine() { "me".to_string() } else { a.owner.clone() };
        let title_style = if a.is_open() { Default::default() } else { theme::done() };
        let private = if a.private { format!(" {}", theme::PRIVATE) } else { String::new() };
        let line = Line::from(vec![
            Span::raw(if a.is_open() { "  " } else { "✓ " }),
            Span::styled(text::cell(&a.code(), code_w), theme::dim()),
            Span::styled(text::cell(&due, due_w), due_style),
            Span::styled(text::cell(&owner, owner_w), if a.is_waiting() { theme::accent() } else { Default::default() }),
            Span::styled(text::pad(&format!("{}{private}", a.title), title_w), title_style),
        ]);
        lines.push(if i == sel { line.style(theme::selected()) } else { line });
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn field(label: &str, value: String) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{label:<10}"), theme::dim()), Span::raw(value)])
}

fn action_detail(app: &App, f: &mut Frame, area: Rect) {
    let inner = framed(f, area, " Action ".into(), false);
    let Some(a) = actions::selected(app) else {
        f.render_widget(Paragraph::new(app.keymap.say(Scope::Actions, "{show_meetings} shows the meetings")).style(theme::dim()), inner);
        return;
    };
    let mut lines = vec![Line::styled(format!("{} {}", a.code(), a.title), theme::title()), Line::from("")];
    lines.push(field("Owner", if a.is_mine() { "me".into() } else { format!("{} (waiting for)", a.owner) }));
    lines.push(field("Due", a.due.map(|d| d.format("%a %Y-%m-%d").to_string()).unwrap_or_else(|| "no date".into())));
    let closed = a.closed_on.map(|d| format!(" on {d}")).unwrap_or_default();
    lines.push(field("Status", format!("{}{closed}", a.state())));
    if let Some(m) = a.meeting_id.and_then(|id| app.data.meetings.iter().find(|m| m.id == id)) {
        lines.push(field("From", m.provenance(&app.zone)));
    }
    if a.private {
        lines.push(field("Private", format!("{} never in the summary", theme::PRIVATE)));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(
        app.keymap.say(Scope::Actions, "{toggle_done} done · {nudge_due} a day later · {drop_action} drop · {edit} edit"),
        theme::dim(),
    ));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// `2 decisions, 3 actions` from a meeting's outcomes.
fn outcome_counts(m: &Meeting) -> String {
    let n = |k| m.outcomes.iter().filter(|o| o.kind == k).count();
    [(n(OutcomeKind::Decision), "d"), (n(OutcomeKind::Action), "a"), (n(OutcomeKind::Risk), "r")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, k)| format!("{n}{k}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn meeting_list(app: &App, f: &mut Frame, area: Rect) {
    let shown = actions::meetings(app);
    let inner = framed(f, area, format!(" Meetings · {} ", shown.len()), true);
    let width = inner.width as usize;
    // (`2026-11-18 13:57`, `Leadership sync`, `2d 3a 1r`, each with a blank after it.)
    let (when_w, kind_w, out_w) = (17, 16, 9);
    let title_w = width.saturating_sub(2 + when_w + kind_w + out_w).max(8);
    let mut lines = vec![Line::styled(
        format!("  {}{}{}{}", text::cell("When", when_w), text::cell("Kind", kind_w), text::cell("Title", title_w), "Made"),
        theme::dim(),
    )];
    if shown.is_empty() {
        lines.extend(text::hint(&app.keymap.say(Scope::Actions, "No meetings yet: {meeting} opens one"), inner.width as usize));
    }
    let height = inner.height.saturating_sub(1) as usize;
    let sel = app.actions.sel;
    let offset = crate::app::in_view(app.actions.offset, sel, height, shown.len());
    for (i, m) in shown.iter().enumerate().skip(offset).take(height) {
        let line = Line::from(vec![
            Span::raw("  "),
            Span::styled(text::cell(&m.start.with_timezone(&app.zone).format("%Y-%m-%d %H:%M").to_string(), when_w), theme::dim()),
            Span::raw(text::cell(m.kind.label(), kind_w)),
            Span::raw(text::cell(&m.title, title_w)),
            Span::styled(outcome_counts(m), theme::accent()),
        ]);
        lines.push(if i == sel { line.style(theme::selected()) } else { line });
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// How the meeting names a record that came out of it.
fn outcome_line(app: &App, kind: OutcomeKind, id: crate::domain::Id, typed: &str) -> String {
    let found = match kind {
        OutcomeKind::Decision => named::brief(app, id).map(|d| format!("{} {}", d.code(), d.title)),
        OutcomeKind::Action => {
            app.data.actions.iter().find(|a| a.id == id).map(|a| format!("{} {} ({})", a.code(), a.headline(), a.state()))
        }
        OutcomeKind::Risk => app.data.risks.iter().find(|r| r.id == id).map(|r| format!("risk: {}", r.title)),
    };
    found.unwrap_or_else(|| typed.trim().to_string())
}

fn meeting_detail(app: &App, f: &mut Frame, area: Rect) {
    let inner = framed(f, area, " Meeting ".into(), false);
    let Some(m) = actions::selected_meeting(app) else {
        f.render_widget(Paragraph::new(app.keymap.say(Scope::Actions, "{show_meetings} shows the actions")).style(theme::dim()), inner);
        return;
    };
    let local = |t: crate::domain::Timestamp| t.with_timezone(&app.zone);
    let when = match m.end {
        Some(end) => format!("{}–{}", local(m.start).format("%a %Y-%m-%d %H:%M"), local(end).format("%H:%M")),
        None => local(m.start).format("%a %Y-%m-%d %H:%M").to_string(),
    };
    let mut lines = vec![Line::styled(m.title.clone(), theme::title()), Line::from("")];
    lines.push(field("Kind", m.kind.label().to_string()));
    lines.push(field("When", when));
    if !m.attendees.is_empty() {
        lines.push(field("With", m.attendees.join(", ")));
    }
    lines.push(field("Notes", if m.private { format!("{} private", theme::PRIVATE) } else { "shared".into() }));
    if !m.outcomes.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::styled("Came out of it", theme::title()));
        for o in &m.outcomes {
            lines.push(Line::from(format!("  {}", outcome_line(app, o.kind, o.id, &o.line))));
        }
    }
    let questions: Vec<String> = meeting_notes::parse(&m.notes, app.today)
        .into_iter()
        .filter_map(|l| if let NoteLine::Question(q) = l.line { Some(q) } else { None })
        .collect();
    if !questions.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::styled("Open questions", theme::title()));
        lines.extend(questions.into_iter().map(|q| Line::from(format!("  ? {q}"))));
    }
    lines.push(Line::from(""));
    lines.push(Line::styled(app.keymap.say(Scope::Actions, "{open} reopens the notes"), theme::dim()));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
