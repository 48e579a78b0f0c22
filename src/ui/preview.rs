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
    let foot = Line::styled(
        text::fit(
            &app.keymap.say(
                Scope::Preview,
                "{down}/{up} item · {preview_leave_out} leave out · {preview_audience} exec/team · {preview_status} status · \
                 {preview_reason} reason · {preview_copy} copy · {preview_copy_html} copy as HTML · {preview_close}",
            ),
            width,
        ),
        theme::dim(),
    );
    let rows = (inner.height as usize).saturating_sub(head.len() + 1);
    let md = p.markdown();
    let items = Preview::items(&md);
    let selected = items.get(p.sel).copied();
    let lines: Vec<&str> = md.lines().collect();
    let out = summary::left_out_lines(&md, &p.left_out);
    // Scroll so that the selected item is in view.
    let offset = selected.map_or(0, |s| (s + 1).saturating_sub(rows));
    let mut shown = head;
    for (i, line) in lines.iter().enumerate().skip(offset).take(rows) {
        let fitted = text::fit(line, width);
        let left_out = out[i];
        let names_another = !left_out && !summary::mentions(line, &p.others).is_empty();
        let style = match (Some(i) == selected, left_out) {
            (true, _) if names_another => theme::selected().patch(theme::error()),
            (true, _) => theme::selected(),
            (false, true) => theme::done(),
            _ if names_another => theme::error(),
            _ if line.starts_with('#') => theme::title(),
            _ => ratatui::style::Style::new(),
        };
        let styled = if left_out && Some(i) == selected { theme::selected().patch(theme::done()) } else { style };
        shown.push(Line::styled(fitted, styled));
    }
    while shown.len() < inner.height as usize - 1 {
        shown.push(Line::from(""));
    }
    shown.push(foot);
    f.render_widget(Paragraph::new(shown), inner);
}
