//! The People screen: the team and the candidates, and for the one selected the points for the
//! next 1:1, goals and the 1:1s held (beside the list when wide, under it when narrow).

use super::{text, theme};
use crate::app::people::{self, Row};
use crate::app::{named, App};
use crate::commands::Scope;
use crate::domain::person::{GoalStatus, OpeningStatus, Person, Stage};
use crate::domain::Choice;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

/// Wide enough for the person beside the list.
const BESIDE_FROM: u16 = 100;

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    let [list, detail] = if area.width >= BESIDE_FROM {
        Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(area)
    } else {
        Layout::vertical([Constraint::Percentage(45), Constraint::Fill(1)]).areas(area)
    };
    list_view(app, f, list);
    detail_view(app, f, detail);
}

/// The heading of the candidates with no opening for their role.
fn group(p: &Person) -> String {
    match p.stage {
        Some(Stage::Declined) => "Declined".into(),
        _ if p.role.is_empty() => "Candidates".into(),
        _ => format!("Candidates: {}", p.role),
    }
}

fn list_view(app: &App, f: &mut Frame, area: Rect) {
    let shown = people::shown(app);
    let members = app.data.people.iter().filter(|p| p.is_member()).count();
    let openings = app.data.openings.iter().filter(|o| !matches!(o.status, OpeningStatus::Filled | OpeningStatus::Closed)).count();
    let candidates = app.data.people.len() - members;
    let plural = crate::domain::text::counted;
    let title = format!(
        " People · {members} on the team · {} · {} ",
        plural(candidates, "candidate", "candidates"),
        plural(openings, "open role", "open roles")
    );
    let block = Block::default().borders(Borders::ALL).border_style(theme::focus_border()).title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = inner.width as usize;
    let stage_w = 11;
    let name_w = (width.saturating_sub(2 + stage_w) * 3 / 5).max(8);
    let role_w = width.saturating_sub(2 + stage_w + name_w);
    let mut rows: Vec<(Option<usize>, Line)> = Vec::new();
    let mut last: Option<String> = None;
    let mut opening = None;
    for (i, row) in shown.iter().enumerate() {
        let selected = i == app.people.sel;
        let line = match row {
            Row::Opening(o) => {
                (last, opening) = (None, Some(*o));
                let decision = o.decision_id.and_then(|id| named::brief(app, id)).map(|d| format!(" · {}", d.code()));
                // (Those hired are on the team, not under the opening: counted apart.)
                let (hired, n) = app.data.people.iter().filter(|p| o.has(p)).fold((0, 0), |(h, c), p| match p.is_member() {
                    true => (h + 1, c),
                    false => (h, c + 1),
                });
                let hired = if hired > 0 { format!(" · {hired} hired") } else { String::new() };
                let text = format!(
                    "Hiring: {} · {} · {n} candidate{}{hired}{}",
                    o.role,
                    o.status.key(),
                    if n == 1 { "" } else { "s" },
                    decision.unwrap_or_default()
                );
                Line::styled(text::fit(&text, width), theme::accent())
            }
            Row::Person(p) => {
                let heading = if p.is_member() { "Team".to_string() } else { group(p) };
                let under_opening = opening.is_some_and(|o| o.has(p)) && !p.is_member();
                if !under_opening && last.as_ref() != Some(&heading) {
                    rows.push((None, Line::styled(text::fit(&heading, width), theme::accent())));
                    last = Some(heading);
                }
                let points = if p.agenda.is_empty() { String::new() } else { format!(" ({} to discuss)", p.agenda.len()) };
                let stage = p.stage.filter(|s| *s != Stage::Hired).map(|s| s.key()).unwrap_or("");
                Line::from(vec![
                    Span::raw("  "),
                    Span::raw(text::cell(&format!("{}{points}", p.name), name_w)),
                    Span::styled(text::cell(if p.is_member() { &p.role } else { "" }, role_w), theme::dim()),
                    Span::styled(text::pad(stage, stage_w), theme::accent()),
                ])
            }
        };
        rows.push((Some(i), if selected { line.style(theme::selected()) } else { line }));
    }
    let mut lines: Vec<Line> = Vec::new();
    if shown.is_empty() {
        lines.extend(text::hint(
            &app.keymap.say(Scope::People, "No one yet: {new} adds a person or a candidate, {new_opening} an opening"),
            width,
        ));
    }
    let height = inner.height as usize;
    let at = rows.iter().position(|(i, _)| *i == Some(app.people.sel)).unwrap_or(0);
    lines.extend(rows.into_iter().skip((at + 1).saturating_sub(height)).take(height).map(|(_, l)| l));
    f.render_widget(Paragraph::new(lines), inner);
}

fn field(label: &str, value: &str) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{label:<9}"), theme::dim()), Span::raw(value.to_string())])
}

fn detail_view(app: &App, f: &mut Frame, area: Rect) {
    let block = Block::default().borders(Borders::ALL).border_style(theme::border());
    let Some(p) = people::selected(app) else {
        let Some(o) = people::selected_opening(app) else {
            f.render_widget(block.title(" Person "), area);
            return;
        };
        let block = block.title(Span::styled(format!(" Opening: {} ", o.role), theme::title()));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let mut lines = vec![field("Status", o.status.key())];
        if let Some(d) = o.decision_id.and_then(|id| named::brief(app, id)) {
            lines.push(field("Decision", &format!("{} {}", d.code(), d.title)));
        }
        for p in app.data.people.iter().filter(|p| o.has(p)) {
            lines.push(field("", &format!("{} · {}", p.name, p.stage.map(|s| s.key()).unwrap_or(""))));
        }
        lines.push(Line::styled(app.keymap.say(Scope::People, "{new} adds a candidate · {next_stage} next status"), theme::dim()));
        f.render_widget(Paragraph::new(lines), inner);
        return;
    };
    let block = block.title(Span::styled(format!(" {} ", p.name), theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let mut lines = Vec::new();
    for (label, value) in [("Role", &p.role), ("Team", &p.team), ("Contact", &p.contact)] {
        if !value.is_empty() {
            lines.push(field(label, value));
        }
    }
    if let Some(s) = p.stage {
        lines.push(field("Stage", s.key()));
    }
    if let Some(d) = p.hiring_decision.and_then(|id| named::brief(app, id)) {
        lines.push(field("Hiring", &format!("{} {}", d.code(), d.title)));
    }
    lines.push(Line::styled(app.keymap.say(Scope::People, "Next 1:1 ({add_point} adds, {hold_one_on_one} holds it)"), theme::title()));
    if p.agenda.is_empty() {
        lines.push(Line::styled("  nothing yet", theme::dim()));
    }
    lines.extend(p.agenda.iter().map(|a| Line::from(format!("  - {a}"))));
    if !p.goals.is_empty() {
        lines.push(Line::styled("Goals", theme::title()));
        for g in &p.goals {
            let style = match g.status {
                GoalStatus::AtRisk => theme::warning(),
                GoalStatus::Done | GoalStatus::Dropped => theme::done(),
                GoalStatus::OnTrack => theme::ok(),
                GoalStatus::Open => Default::default(),
            };
            lines.push(Line::from(vec![Span::styled(format!("  {:<9}", g.status.key()), style), Span::raw(g.text.clone())]));
        }
    }
    let held: Vec<_> = app.data.one_on_ones.iter().filter(|o| o.person_id == p.id).collect();
    if !held.is_empty() {
        lines.push(Line::styled(format!("1:1s held {}", theme::PRIVATE), theme::title()));
        for o in held {
            let first = o.notes.lines().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with("- [")).unwrap_or("");
            let discussed = if o.discussed.is_empty() { String::new() } else { format!("{} discussed · ", o.discussed.len()) };
            lines.push(Line::from(vec![Span::styled(format!("  {} ", o.on), theme::dim()), Span::raw(format!("{discussed}{first}"))]));
        }
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
