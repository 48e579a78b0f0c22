//! The Hours screen: the current client's time in the shown week or month, by day, with totals
//! per day and lane, the unbilled part, and the retainer (with the pace, for this month).

use super::{text, theme};
use crate::app::hours::{self, shown};
use crate::app::App;
use crate::domain::fmt_hours;
use crate::domain::time::{self, Period};
use chrono::NaiveDate;

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui::Frame;

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    let Some(client) = app.current_client() else { return };
    let period = hours::period(app);
    let (from, _) = period.bounds(&app.zone);
    let totals = hours::totals(app, period);
    let total = totals.for_client(client.id);
    let entries = shown(app);
    // (A running timer counted as in the total: up to the next entry, whoever's.)
    let until = time::counted_until(&app.data.time.iter().collect::<Vec<_>>(), app.now);
    let unbilled = time::Totals::of(&app.zone, period, entries.iter().copied(), until).unbilled;
    let shown = match period {
        Period::Month(..) => crate::domain::statement::month_title(period.first()),
        Period::Week(w) => w.to_string(),
    };
    let other = if matches!(period, Period::Month(..)) { "week" } else { "month" };
    let title =
        format!(" Hours · {} · {shown} · {} shows the {other} ", client.name, app.keymap.key_name(crate::commands::Command::WeekOrMonth));
    let block = Block::default().borders(Borders::ALL).border_style(theme::focus_border()).title(Span::styled(title, theme::title()));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [list, foot] = Layout::vertical([Constraint::Fill(1), Constraint::Length(2)]).areas(inner);
    let width = list.width as usize;

    // Rows: a heading per day with time, with the day's total, then the entries starting that
    // day. A day whose time is all an entry's from an earlier day (one past midnight) has its
    // heading too, so that the days add up to the total.
    let mut lines: Vec<Line> = Vec::new();
    let of_day =
        |day: NaiveDate| totals.cells.iter().filter(|(c, _)| c.client_id == client.id && c.day == day).map(|(_, s)| *s).sum::<i64>();
    let heading = |day: NaiveDate| {
        let label = day.format("%a %b %-d").to_string();
        let sum = time::fmt_duration(of_day(day));
        let pad = width.saturating_sub(text::width(&label) + sum.len() + 1);
        Line::from(vec![Span::styled(label, theme::title()), Span::raw(" ".repeat(pad)), Span::styled(sum, theme::title())])
    };
    let mut days: Vec<NaiveDate> = totals.cells.iter().filter(|(c, s)| c.client_id == client.id && **s > 0).map(|(c, _)| c.day).collect();
    days.sort_unstable();
    days.dedup();
    let carried_over = |lines: &mut Vec<Line>, after: Option<NaiveDate>, before: Option<NaiveDate>| {
        for &day in days.iter().filter(|d| after.is_none_or(|a| **d > a) && before.is_none_or(|b| **d < b)) {
            lines.push(heading(day));
            lines.push(Line::styled("  time of an entry started on an earlier day", theme::dim()));
        }
    };
    // An entry from before the period is shown under the period's first day; the heading
    // names the day, and an entry from the day before keeps its own.
    let day_of = |e: &time::TimeEntry| e.start.max(from).with_timezone(&app.zone).date_naive();
    let span_of = |e: &time::TimeEntry| {
        let span = hours::span_label(&app.zone, e);
        let from_before = e.start.with_timezone(&app.zone).date_naive() != day_of(e);
        if from_before {
            span
        } else {
            span.split_once(' ').map_or(span.clone(), |(_, t)| t.to_string())
        }
    };
    // (As wide as the widest shown, and a space: `Sat 23:00–Sun 03:00` is.)
    let span_labels: Vec<String> = entries.iter().map(|e| span_of(e)).collect();
    let span_w = span_labels.iter().map(|s| text::width(s) + 1).max().unwrap_or(0).max(16);
    // (Time two machines logged over each other: marked until one is changed.)
    let sharing = time::sharing(&app.data.time);
    let mut selected_row = 0;
    let mut last_day = None;
    for (i, e) in entries.iter().enumerate() {
        let day = day_of(e);
        if last_day != Some(day) {
            carried_over(&mut lines, last_day, Some(day));
            last_day = Some(day);
            lines.push(heading(day));
        }
        if i == app.hours.sel {
            selected_row = lines.len();
        }
        let span = &span_labels[i];
        let dur = match (e.is_running(), sharing.contains_key(&e.id)) {
            (true, _) => format!("{}…", time::fmt_duration(e.seconds(app.now))),
            (false, true) => format!("{}⇄", time::fmt_duration(e.seconds(app.now))),
            (false, false) => time::fmt_duration(e.seconds(app.now)),
        };
        let lane = e.lane.map(|l| l.short_title()).unwrap_or("—");
        let note = if e.private { format!("{} {}", theme::PRIVATE, e.note) } else { e.note.clone() };
        let fixed = 2 + span_w + 8 + 16;
        let room = width.saturating_sub(fixed + 8) / 2;
        // (Where "billed INV-…" does not fit, the invoice's number alone says it.)
        let billed = match (e.billed, format!("billed {}", e.invoice).trim_end().to_string()) {
            (false, _) => String::new(),
            (true, full) if text::width(&full) > room && !e.invoice.is_empty() => e.invoice.clone(),
            (true, full) => full,
        };
        let billed_w = text::width(&billed).min(room);
        let note_w = width.saturating_sub(fixed + billed_w + 1);
        let mut spans = vec![
            Span::raw("  "),
            Span::styled(text::pad(span, span_w), if e.is_running() { theme::timer() } else { Default::default() }),
            Span::styled(text::pad(&dur, 8), if sharing.contains_key(&e.id) { theme::warning() } else { Default::default() }),
            Span::styled(text::pad(lane, 16), theme::accent()),
            Span::raw(text::pad(&text::fit(&note, note_w), note_w)),
        ];
        if billed_w > 0 {
            spans.push(Span::styled(format!(" {}", text::fit(&billed, billed_w)), theme::dim()));
        }
        let line = Line::from(spans);
        lines.push(if i == app.hours.sel { line.style(theme::selected()) } else { line });
    }
    carried_over(&mut lines, last_day, None);
    if entries.is_empty() {
        let key = |c| app.keymap.key_name(c);
        lines.push(Line::styled(
            format!(
                "  No time in this {}: {} starts the timer, {} adds an entry by hand",
                if matches!(period, Period::Month(..)) { "month" } else { "week" },
                key(crate::commands::Command::ToggleTimer),
                key(crate::commands::Command::New)
            ),
            theme::dim(),
        ));
    }
    let height = list.height as usize;
    let offset = if selected_row >= height { selected_row + 1 - height } else { 0 };
    let shown_lines: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    f.render_widget(Paragraph::new(shown_lines), list);

    // Totals per lane, then the week against the retainer.
    let by_lane: Vec<String> = std::iter::once(None)
        .chain(crate::domain::Lane::ALL.into_iter().map(Some))
        .filter_map(|l| {
            let s: i64 = totals.cells.iter().filter(|(c, _)| c.client_id == client.id && c.lane == l).map(|(_, s)| s).sum();
            (s > 0).then(|| format!("{} {}", l.map(|l| l.short_title()).unwrap_or("no lane"), time::fmt_duration(s)))
        })
        .collect();
    // Against the retainer, the hours worked by now, as the header and every other place count
    // them: time planned later is in the total, not used yet.
    let all: Vec<&time::TimeEntry> = app.data.time.iter().collect();
    let used = time::worked(&app.zone, &all, client.id, period, app.now);
    let planned = time::planned(&app.zone, &all, client.id, period, app.now);
    let carried = hours::carried(app, client.id, period);
    let budget = time::Budget { period, used, retainer: client.retainer_for(period), carried };
    // In words where they fit, else as the header has them (`3/10+6 h →4.8`).
    let summary = [false, true].map(|short| totals_line(app, &budget, total, planned, unbilled, short));
    let fits = |l: &Line| l.width() <= width;
    let summary = summary.iter().find(|l| fits(l)).unwrap_or(&summary[1]).clone();
    let foot_lines = vec![Line::styled(text::fit(&by_lane.join(" · "), width), theme::dim()), summary];
    f.render_widget(Paragraph::new(foot_lines), foot);
}

/// `Total 3:00 · 3 of 10 h retainer + 6 h carried, on pace for 4.8 · unbilled 3:00`, or, `short`,
/// `Total 3:00 · 3/10+6 h →4.8 · unbilled 3:00`; `Total 5:00 (2:00 planned) · …` with time
/// planned ahead.
fn totals_line(app: &App, budget: &time::Budget, total: i64, planned: i64, unbilled: i64, short: bool) -> Line<'static> {
    let planned = if planned > 0 { format!(" ({} planned)", time::fmt_duration(planned)) } else { String::new() };
    let mut line = vec![Span::styled(format!("Total {}{planned}", time::fmt_duration(total)), theme::title())];
    if let (Some(r), Some(all)) = (budget.retainer, budget.available()) {
        let used = budget.used;
        let label = if short {
            format!(" · {}", budget.short())
        } else {
            format!(" · {} of {} h retainer{}", fmt_hours(used), fmt_hours(r), time::carried_words(budget.carried))
        };
        line.push(Span::styled(label, theme::usage(time::usage(used, all))));
        if let Some(pace) = budget.pace(app.today) {
            let pace_label = if short { format!(" →{}", fmt_hours(pace)) } else { format!(", on pace for {}", fmt_hours(pace)) };
            line.push(Span::styled(pace_label, theme::usage(time::usage(pace, all))));
        }
    }
    line.push(Span::raw(format!(" · unbilled {}", time::fmt_duration(unbilled))));
    Line::from(line)
}
