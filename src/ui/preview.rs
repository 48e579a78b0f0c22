//! The week summary preview: the Markdown exactly as it will be copied, the selected item in
//! reverse video, items left out struck through, other clients it names in red.

use super::modal::{boxed, frame_box};
use super::{text, theme};
use crate::app::preview::Preview;
use crate::app::App;
use crate::commands::Scope;
use crate::domain::summary;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui::Frame;

pub fn view(app: &App, f: &mut Frame, body: Rect, p: &Preview) {
    let rect = boxed(body, body.width.min(100), body.height, false);
    let title = format!("Week summary · {} level · as it will be copied", p.level.key());
    let inner = frame_box(f, rect, &title);
    if inner.height < 3 {
        return;
    }
    let width = inner.width as usize;
    let mentions = p.mentions();
    let mut head: Vec<Line> = Vec::new();
    if !mentions.is_empty() {
        head.push(Line::styled(text::fit(&format!("Names another client: {}", mentions.join(", ")), width), theme::error()));
    }
    if p.summary.status.is_none() {
        let line = app.keymap.say(Scope::Preview, "No status for this week: {preview_status} sets green, amber or red");
        head.push(Line::styled(text::fit(&line, width), theme::dim()));
    }
    // (The keys wrapped, not cut: every one of them is in view.)
    let keys = app.keymap.say(
        Scope::Preview,
        "{down}/{up} item · {preview_leave_out} leave out · {preview_audience} exec/team · {preview_status} status · \
         {preview_reason} reason · {preview_copy} copy · {preview_copy_html} copy as HTML · {preview_close}",
    );
    let foot: Vec<Line> = text::wrap(&keys, width).into_iter().map(|l| Line::styled(l, theme::dim())).collect();
    let rows = (inner.height as usize).saturating_sub(head.len() + foot.len());
    let md = p.markdown();
    let items = Preview::items(&md);
    let lines: Vec<&str> = md.lines().collect();
    // The selected item, and the lines that go on it (a decision's `Why:`).
    let selected = items.get(p.sel).map(|s| (*s, (s + 1..lines.len()).take_while(|j| lines[*j].starts_with("  ")).last().unwrap_or(*s)));
    let is_selected = |i: usize| selected.is_some_and(|(first, last)| (first..=last).contains(&i));
    let out = summary::left_out_lines(&md, &p.left_out);
    // Each line wrapped, not cut (what is copied is checked here: a status or a one-way door at
    // a long line's end too), and scrolled so that the selected item is in view whole.
    let wrapped: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            // (An indented line, as a decision's `Why:`, keeps its indent on every row; a list
            // item's rows after its first hang under its text.)
            let indent = &l[..l.len() - l.trim_start().len()];
            let hang = if summary::is_item(l) { format!("{indent}  ") } else { indent.to_string() };
            let rows = text::wrap(l.trim_start(), width.saturating_sub(hang.len()).max(1));
            rows.into_iter().enumerate().map(|(i, r)| format!("{}{r}", if i == 0 { indent } else { &hang })).collect()
        })
        .collect();
    let mut ends = Vec::with_capacity(wrapped.len());
    for w in &wrapped {
        ends.push(ends.last().copied().unwrap_or(0) + w.len());
    }
    let offset = selected.map_or(0, |(_, last)| ends[last].saturating_sub(rows));
    let mut shown = head;
    let rows_of = lines.iter().enumerate().flat_map(|(i, line)| wrapped[i].iter().map(move |piece| (i, *line, piece)));
    for (i, line, fitted) in rows_of.skip(offset).take(rows) {
        let fitted = fitted.clone();
        let left_out = out[i];
        let names_another = !left_out && !summary::mentions(line, &p.others).is_empty();
        let style = match (is_selected(i), left_out) {
            (true, _) if names_another => theme::selected().patch(theme::error()),
            (true, _) => theme::selected(),
            (false, true) => theme::done(),
            _ if names_another => theme::error(),
            _ if line.starts_with('#') => theme::title(),
            _ => ratatui::style::Style::new(),
        };
        let styled = if left_out && is_selected(i) { theme::selected().patch(theme::done()) } else { style };
        shown.push(Line::styled(fitted, styled));
    }
    while shown.len() < (inner.height as usize).saturating_sub(foot.len()) {
        shown.push(Line::from(""));
    }
    shown.extend(foot);
    f.render_widget(Paragraph::new(shown), inner);
}
