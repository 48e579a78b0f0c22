//! Drawing what sits over a screen: the capture line, prompts, pickers, forms and help.

use super::{text, theme};
use crate::app::form::{Form, Value};
use crate::app::help::{self, HelpLine};
use crate::app::modal::{Choose, ChoosePurpose, FormPurpose, Modal, Picker, Prompt, PromptPurpose};
use crate::app::modal_update::{client_matches, decision_line, decision_matches, move_matches, palette_offers, UNLINK};
use crate::app::textblock::TextBlock;
use crate::app::textline::TextLine;
use crate::app::App;
use crate::commands::Scope;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

pub fn view(app: &App, f: &mut Frame, body: Rect) {
    match &app.modal {
        None => {}
        Some(Modal::Capture(line)) => capture(app, f, body, line),
        Some(Modal::Prompt(p)) => prompt(f, body, p),
        Some(Modal::Picker(p)) => picker(app, f, body, p, Listing::Clients),
        Some(Modal::Palette(p)) => picker(app, f, body, p, Listing::Palette),
        Some(Modal::PickDecision(p, purpose, found)) => picker(app, f, body, p, Listing::Decisions(purpose, found)),
        Some(Modal::PickClientFor(p, record)) => picker(app, f, body, p, Listing::MoveTo(record)),
        Some(Modal::Form(form)) => form_view(app, f, body, form),
        Some(Modal::Help { scroll }) => help(app, f, body, *scroll),
        Some(Modal::Choose(c)) => choose(app, f, body, c),
        Some(Modal::Preview(p)) => super::preview::view(app, f, body, p),
    }
}

/// The keys stay in view: on a short terminal the text above them is cut, and says so.
fn choose(app: &App, f: &mut Frame, body: Rect, c: &Choose) {
    let cols = 72.min(body.width).saturating_sub(2) as usize;
    let close = if c.purpose == ChoosePurpose::Said { "  {prompt_accept}  close" } else { "  {prompt_cancel}  leave it as it is" };
    let mut keys: Vec<Line> = vec![Line::from("")];
    for (k, what) in &c.options {
        keys.push(Line::from(vec![Span::styled(format!("  {k}  "), theme::key()), Span::raw(what.as_str())]));
    }
    keys.push(Line::styled(app.keymap.say(Scope::Prompt, close), theme::dim()));
    let mut lines: Vec<Line> = c.body.iter().flat_map(|l| text::wrap(l, cols)).map(Line::from).collect();
    let room = (body.height as usize).saturating_sub(2 + keys.len());
    if lines.len() > room {
        lines.truncate(room.saturating_sub(1));
        lines.push(Line::styled("… (a larger window shows the rest)", theme::dim()));
    }
    lines.extend(keys);
    let rect = boxed(body, 72, lines.len() as u16 + 2, false);
    let inner = frame_box(f, rect, &c.title);
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// A box of `w`×`h` at the bottom (capture, prompts) or centred (pickers, forms) of `area`.
pub(super) fn boxed(area: Rect, w: u16, h: u16, bottom: bool) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let x = area.x + (area.width - w) / 2;
    let y = if bottom { area.y + area.height - h } else { area.y + (area.height - h) / 2 };
    Rect { x, y, width: w, height: h }
}

pub(super) fn frame_box(f: &mut Frame, rect: Rect, title: &str) -> Rect {
    f.render_widget(Clear, rect);
    // A wide character just left of the box would be drawn over its left border: it goes.
    for y in rect.top()..rect.bottom() {
        if let Some(cell) = rect.x.checked_sub(1).and_then(|x| f.buffer_mut().cell_mut((x, y))) {
            if text::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::focus_border())
        .title(Span::styled(format!(" {} ", text::fit(title, rect.width.saturating_sub(4) as usize)), theme::title()));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    inner
}

/// One input line with a label; places the terminal cursor.
fn input(f: &mut Frame, area: Rect, label: &str, t: &TextLine, focused: bool) {
    styled_input(f, area, (label, theme::accent()), t, focused, Style::new());
}

/// A line of input with its label's and its text's styles.
fn styled_input(f: &mut Frame, area: Rect, (label, label_style): (&str, Style), t: &TextLine, focused: bool, style: Style) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let label = text::fit(label, (area.width as usize) / 2);
    let lw = text::width(&label);
    let room = (area.width as usize).saturating_sub(lw + 1);
    // An unfocused field shows its beginning; the focused one scrolls to keep the cursor in view.
    let (shown, cx) = text::input_window(t.text(), if focused { t.before_cursor() } else { "" }, room);
    f.render_widget(Paragraph::new(Line::from(vec![Span::styled(label, label_style), Span::styled(shown, style)])), area);
    if focused {
        let x = area.x + (lw + cx).min(area.width as usize - 1) as u16;
        f.set_cursor_position(Position { x, y: area.y });
    }
}

/// The focused multi-line field: its lines from the one that keeps the cursor in view. Meeting
/// notes show what each line is as it is typed: a mark in the margin and the line's colour.
fn block(app: &App, f: &mut Frame, area: Rect, label: &str, b: &TextBlock, focused: bool, notes: bool) {
    let rows = area.height as usize;
    let top = (b.row() + 1).saturating_sub(rows);
    let indent = " ".repeat(text::width(label));
    for (k, line) in b.lines().iter().enumerate().skip(top).take(rows) {
        let row = Rect { y: area.y + (k - top) as u16, height: 1, ..area };
        let label = if k == top { label } else { indent.as_str() };
        if !notes {
            input(f, row, label, line, focused && k == b.row());
            continue;
        }
        let kind = crate::domain::meeting_notes::read(line.text(), app.today).kind();
        let (mark, style) = theme::note_line(kind);
        // The label's last two columns (always blank) take the mark.
        let margin = format!("{}{mark} ", label.get(..label.len().saturating_sub(2)).unwrap_or(""));
        styled_input(f, row, (&margin, theme::accent()), line, focused && k == b.row(), style);
    }
}

fn capture(app: &App, f: &mut Frame, body: Rect, line: &TextLine) {
    let rect = boxed(body, body.width, 5, true);
    let client = app.current_client().map(|c| c.name.as_str()).unwrap_or("");
    let inner = frame_box(f, rect, &format!("Capture a decision for {client}"));
    let rows = ratatui::layout::Layout::vertical([ratatui::layout::Constraint::Length(1); 3]).split(inner);
    input(f, rows[0], "▸ ", line, true);
    let parsed = crate::domain::capture::parse(line.text(), app.today);
    let preview = parsed.preview();
    let mut spans = vec![Span::styled("  ", Style::new())];
    if !preview.is_empty() {
        spans.push(Span::styled(preview, theme::accent()));
    }
    if let Some(p) = parsed.problems.first() {
        spans.push(Span::styled(format!("  {p}"), theme::warning()));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), rows[1]);
    let hint = app.keymap.say(
        Scope::Prompt,
        "{prompt_accept} saves · {prompt_switch} full form · ends with #tag %category !oneway !proposed @2w · {prompt_cancel} keeps a draft",
    );
    f.render_widget(Paragraph::new(Line::styled(text::fit(&hint, rows[2].width as usize), theme::dim())), rows[2]);
}

fn prompt(f: &mut Frame, body: Rect, p: &Prompt) {
    let rect = boxed(body, body.width, 4, true);
    let inner = frame_box(f, rect, &p.title);
    let rows = ratatui::layout::Layout::vertical([ratatui::layout::Constraint::Length(1); 2]).split(inner);
    input(f, rows[0], "▸ ", &p.input, true);
    f.render_widget(Paragraph::new(Line::styled(text::fit(&p.hint, rows[1].width as usize), theme::dim())), rows[1]);
}

/// What a picker lists.
enum Listing<'a> {
    Clients,
    Palette,
    Decisions(&'a PromptPurpose, &'a crate::app::modal_update::Found),
    MoveTo(&'a crate::domain::Record),
}

fn picker(app: &App, f: &mut Frame, body: Rect, p: &Picker, listing: Listing) {
    let query = p.query.text();
    let (title, w) = match &listing {
        Listing::Clients => ("Switch client".to_string(), 56),
        Listing::Palette => ("Command palette".to_string(), 76),
        Listing::Decisions(PromptPurpose::Supersede { new }, _) => {
            // (The decision selected, as it is when the picker opens over it: else looked for.)
            let new =
                crate::app::decisions::selected(app).filter(|d| d.id == *new).or_else(|| app.data.decisions.iter().find(|d| d.id == *new));
            let code = new.map(|d| d.code()).unwrap_or_default();
            (format!("{code} supersedes which decision?"), 76)
        }
        Listing::Decisions(PromptPurpose::LinkDecision { risk, link }, _) => {
            (format!("Risk '{}': the decision that {}", risk.title, link.verb()), 76)
        }
        Listing::Decisions(..) => (String::new(), 76),
        Listing::MoveTo(crate::domain::Record::Entry(e)) => (format!("Move '{}' to which client?", e.text), 56),
        Listing::MoveTo(_) => ("Move the time entry to which client?".to_string(), 56),
    };
    // What matches, found once; only the rows in view are drawn (a log has thousands).
    let offers = matches!(listing, Listing::Palette).then(|| palette_offers(app, query));
    let clients = match &listing {
        Listing::Clients => Some(client_matches(app, query)),
        Listing::MoveTo(record) => Some(move_matches(app, record, query)),
        _ => None,
    };
    let decisions = match &listing {
        Listing::Decisions(purpose, found) => Some(decision_matches(app, purpose, found, query)),
        _ => None,
    };
    let count = offers.as_ref().map(Vec::len).or(clients.as_ref().map(Vec::len)).or(decisions.as_ref().map(|d| d.len())).unwrap_or(0);
    // (A decision picker's first page, the rest of the log still being looked through.)
    let looking = decisions.as_ref().is_some_and(|d| !d.whole());
    let rect = boxed(body, w, ((count + usize::from(looking)).max(1) as u16 + 3).min(body.height.min(20)), false);
    let inner = frame_box(f, rect, &title);
    if inner.height < 2 {
        return;
    }
    input(f, Rect { height: 1, ..inner }, "▸ ", &p.query, true);
    let list = Rect { y: inner.y + 1, height: inner.height - 1, ..inner };
    let (width, height) = (list.width as usize, list.height as usize);
    let offset = if p.selected >= height { p.selected + 1 - height } else { 0 };
    let selected_line = |i: usize, line: Line<'static>| if i == p.selected { line.style(theme::selected()) } else { line };
    let mut lines: Vec<Line> = Vec::new();
    for (i, (cmd, hits)) in offers.iter().flatten().enumerate().skip(offset).take(height) {
        let keys = app.keymap.label(*cmd);
        let keys_w = text::width(&keys).min(14);
        let room = width.saturating_sub(keys_w + 2);
        let mut label = crate::app::modal_update::palette_label(&app.keymap.describe(*cmd), *cmd);
        // Another screen's command says where it acts; one with nothing to act on is dimmed.
        let here = crate::app::available::available(app, *cmd);
        if cmd.scope() != Scope::Global && cmd.scope() != app.screen.scope() {
            label.push_str(&format!(" · {}", cmd.scope().title()));
        }
        let style = if here { Style::new() } else { theme::dim() };
        let mut spans = text::highlighted(&label, hits, room, style, theme::hit());
        let used: usize = spans.iter().map(|s| s.width()).sum();
        spans.push(Span::raw(" ".repeat(width.saturating_sub(used + keys_w))));
        spans.push(Span::styled(text::fit(&keys, keys_w), theme::key()));
        lines.push(selected_line(i, Line::from(spans)));
    }
    for (i, (id, hits)) in clients.iter().flatten().enumerate().skip(offset).take(height) {
        let Some(c) = app.data.clients.iter().find(|c| c.id == *id) else { continue };
        let current = if app.client == Some(c.id) { "▶ " } else { "  " };
        let mut spans = vec![Span::styled(current, theme::accent())];
        spans.extend(text::highlighted(&c.name, hits, width.saturating_sub(16), Style::new(), theme::hit()));
        spans.push(Span::styled(format!("  {}", crate::domain::Choice::key(c.shape)), theme::dim()));
        lines.push(selected_line(i, Line::from(spans)));
    }
    let (mut room, pattern, mut m) = (String::new(), crate::app::search::Pattern::new(query), crate::app::search::matcher());
    for (i, at) in decisions.iter().flat_map(|o| o.iter()).enumerate().skip(offset).take(height) {
        let label = match at {
            Some(at) => decision_line(app.data.decisions.row(at), &mut room),
            None => UNLINK,
        };
        let hits = pattern.matches(&mut m, label).map(|(_, hits)| hits).unwrap_or_default();
        lines.push(selected_line(i, Line::from(text::highlighted(label, &hits, width, Style::new(), theme::hit()))));
    }
    if looking && lines.len() < height {
        lines.push(Line::styled(super::decisions::LOOKING, theme::dim()));
    }
    if lines.is_empty() {
        lines.push(Line::styled("no match", theme::dim()));
    }
    f.render_widget(Paragraph::new(lines), list);
}

/// The line of a meeting's notes the cursor is on, while the notes are being typed.
fn note_being_typed(form: &Form<FormPurpose>) -> Option<&str> {
    match (&form.purpose, &form.focused().value) {
        (FormPurpose::Meeting(_), Value::Block(b)) => b.lines().get(b.row()).map(|l| l.text()),
        _ => None,
    }
}

/// How many rows the focused multi-line field may take (meeting notes take what there is).
const BLOCK_ROWS: usize = 8;

fn form_view(app: &App, f: &mut Frame, body: Rect, form: &Form<FormPurpose>) {
    // The focused multi-line field opens up to BLOCK_ROWS rows; every other field takes one.
    let notes = matches!(form.purpose, FormPurpose::Meeting(_));
    let heights: Vec<usize> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, fl)| match &fl.value {
            Value::Block(b) if i == form.focus => {
                b.lines().len().clamp(if notes { 6 } else { 1 }, if notes { usize::MAX } else { BLOCK_ROWS })
            }
            _ => 1,
        })
        .collect();
    let h = (heights.iter().sum::<usize>() as u16 + 4).min(body.height);
    let rect = boxed(body, body.width.min(90), h, false);
    let inner = frame_box(f, rect, &form.title);
    let label_w = form.fields.iter().map(|fl| fl.label.len()).max().unwrap_or(0) + 2;
    let field_rows = (inner.height as usize).saturating_sub(2);
    // Scroll so that the whole focused field is in view.
    let mut offset = 0;
    while offset < form.focus && heights[offset..=form.focus].iter().sum::<usize>() > field_rows {
        offset += 1;
    }
    let mut y = 0;
    for (i, field) in form.fields.iter().enumerate().skip(offset) {
        let rows = heights[i].min(field_rows.saturating_sub(y));
        if rows == 0 {
            break;
        }
        let row = Rect { y: inner.y + y as u16, height: 1, ..inner };
        y += rows;
        let focused = i == form.focus;
        let label = format!("{:<w$}", field.label, w = label_w);
        match &field.value {
            Value::Text(t) | Value::Date(t) => input(f, row, &label, t, focused && !form.confirm_discard),
            Value::Block(b) if focused => block(app, f, Rect { height: rows as u16, ..row }, &label, b, !form.confirm_discard, notes),
            Value::Block(b) => {
                let first = b.lines().first().map_or("", |l| l.text());
                let more = b.lines().len() - 1;
                let shown = if more > 0 { format!("{first} (+{more} lines)") } else { first.to_string() };
                let room = (row.width as usize).saturating_sub(label.len());
                f.render_widget(
                    Paragraph::new(Line::from(vec![Span::styled(label, theme::accent()), Span::raw(text::fit(&shown, room))])),
                    row,
                );
            }
            Value::Choice(opts, idx) => {
                let v = if focused { format!("‹ {} ›", opts[*idx].1) } else { opts[*idx].1.to_string() };
                choice_line(f, row, &label, &v, focused)
            }
            Value::Score(s) => {
                let v = if focused { format!("‹ {} ›", s.get()) } else { s.get().to_string() };
                choice_line(f, row, &label, &v, focused)
            }
        }
    }
    let footer_y = inner.y + inner.height.saturating_sub(2);
    if inner.height >= 2 {
        let (msg, style) = if form.confirm_discard {
            (
                app.keymap.say(Scope::Confirm, "Discard your changes? {confirm_discard} discards · any other key keeps editing"),
                theme::warning(),
            )
        } else if let Some(e) = &form.error {
            (e.clone(), theme::error())
        } else if let Some(line) = note_being_typed(form) {
            // What the line of the meeting's notes being typed becomes, or a word not understood.
            match crate::domain::meeting_notes::warning(line, app.today) {
                Some(w) => (w, theme::warning()),
                None => (crate::domain::meeting_notes::read(line, app.today).preview(), theme::accent()),
            }
        } else {
            (String::new(), Style::new())
        };
        // A refusal takes the keys' row too when it needs it: the reason is read whole.
        let long_error = form.error.is_some() && !form.confirm_discard && text::width(&msg) > inner.width as usize;
        let msg_rows = if long_error { 2 } else { 1 };
        f.render_widget(
            Paragraph::new(Line::styled(msg, style)).wrap(Wrap { trim: true }),
            Rect { y: footer_y, height: msg_rows, ..inner },
        );
        if long_error {
            return;
        }
        let keys = &app.keymap;
        let hint = if matches!(form.focused().value, Value::Block(_)) {
            keys.say(Scope::Form, "{text_newline} new line · ")
                + &keys.save_in_text()
                + &keys.say(Scope::Form, " saves · {form_editor} opens $EDITOR · {form_next_field} next field · {form_cancel} cancels")
        } else {
            keys.say(
                Scope::Form,
                "{form_next_field/} next field · {choice_prev}/{choice_next*} change a choice · {form_save} saves · {form_editor} $EDITOR · {form_cancel}",
            )
        };
        f.render_widget(
            Paragraph::new(Line::styled(text::fit(&hint, inner.width as usize), theme::dim())),
            Rect { y: footer_y + 1, height: 1, ..inner },
        );
    }
}

fn choice_line(f: &mut Frame, row: Rect, label: &str, value: &str, focused: bool) {
    let style = if focused { theme::selected() } else { Style::new() };
    f.render_widget(
        Paragraph::new(Line::from(vec![Span::styled(label.to_string(), theme::accent()), Span::styled(value.to_string(), style)])),
        row,
    );
}

fn help(app: &App, f: &mut Frame, body: Rect, scroll: usize) {
    let rect = boxed(body, body.width.min(help::WIDEST), body.height, false);
    let title =
        app.keymap.say(Scope::Help, "Help · every key ({help_close} closes, {down}/{up} {page_up}/{page_down} {first}/{last} scroll)");
    let inner = frame_box(f, rect, &title);
    let cols = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    for l in help::lines(app) {
        // The first row's spans before its text, the text's style, and what ends the first row.
        let (first, style, name): (Vec<Span>, Style, Option<&str>) = match &l {
            HelpLine::Heading(_) => (Vec::new(), theme::title(), None),
            HelpLine::Blank => (Vec::new(), Style::new(), None),
            HelpLine::Command { keys, command } => {
                // A command that does nothing on the screen behind is dimmed.
                let here = command.scope().is_overlay() || crate::app::available::available(app, *command);
                let key = Span::styled(text::cell(keys, help::KEYS), if here { theme::key() } else { theme::dim() });
                let name = help::side_by_side(cols).then(|| command.name());
                (vec![key], if here { Style::new() } else { theme::dim() }, name)
            }
            HelpLine::Keys { keys, .. } => (vec![Span::styled(text::cell(keys, help::KEYS), theme::key())], Style::new(), None),
            HelpLine::Problem(_) => (Vec::new(), theme::warning(), None),
        };
        let indent = if first.is_empty() { 0 } else { help::KEYS };
        // (Keys wider than their column on a row of their own, what they do under them.)
        let alone = help::keys_alone(&l);
        let text_from = usize::from(alone.is_some());
        for (i, row) in help::rows(app, &l, cols).into_iter().enumerate() {
            if let (Some(keys), 0) = (alone, i) {
                lines.push(Line::from(Span::styled(text::fit(keys, cols), first[0].style)));
                continue;
            }
            let mut spans = if i == 0 { first.clone() } else { vec![Span::raw(" ".repeat(indent))] };
            match name.filter(|_| i == text_from) {
                Some(name) => spans.extend([Span::styled(text::cell(&row, help::DESCRIBED), style), Span::styled(name, theme::dim())]),
                None => spans.push(Span::styled(row, style)),
            }
            lines.push(Line::from(spans));
        }
    }
    let max_scroll = lines.len().saturating_sub(inner.height as usize);
    let shown: Vec<Line> = lines.into_iter().skip(scroll.min(max_scroll)).collect();
    f.render_widget(Paragraph::new(shown), inner);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::TestBackend;

    /// A wide character whose right half is under a box's left border is taken away: drawn, it
    /// would cover the border (the terminal is sent the character, not the border over its half).
    #[test]
    fn a_wide_character_left_of_a_box_does_not_cover_its_border() {
        let mut term = ratatui::Terminal::new(TestBackend::new(20, 3)).unwrap();
        term.draw(|f| {
            f.render_widget(Paragraph::new(vec![Line::raw("漢".repeat(10)); 3]), f.area());
            frame_box(f, Rect { x: 5, y: 0, width: 10, height: 3 }, "t");
        })
        .unwrap();
        let buf = term.backend().buffer();
        for y in 0..3 {
            assert_eq!((buf[(2, y)].symbol(), buf[(4, y)].symbol()), ("漢", " "), "row {y}");
            assert!(["│", "┌", "└"].contains(&buf[(5, y)].symbol()), "row {y}: {:?}", buf[(5, y)].symbol());
        }
    }
}
