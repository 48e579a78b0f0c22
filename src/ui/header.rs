//! The top line: current client, the screens, and the shown week.

use super::{text, theme};
use crate::app::{hours, App, Screen};
use crate::domain::time;
use crate::domain::Choice;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// How much of each screen's name the tab bar shows: `3 Decisions`, `3 Dec`, `3D`; the current
/// screen's name is whole but at the narrowest (`3Dec`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tabs {
    Full,
    Short,
    Letter,
    Least,
}

/// How much of the hours the client's part shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hours {
    /// `this week: 11.5 / 15 h` (with the pace when it fits)
    Label,
    /// `11.5/15 h`
    Short,
    None,
}

/// What the top line can hold, richest first: the client's name is whole before anything else;
/// then the screens' names shorten, the hours shorten and the week goes.
const LAYOUTS: [(Tabs, Hours, bool, bool); 13] = [
    // (tabs, hours, the shape, the week)
    (Tabs::Full, Hours::Label, true, true),
    (Tabs::Full, Hours::Label, false, true),
    (Tabs::Full, Hours::Label, false, false),
    (Tabs::Short, Hours::Label, false, true),
    (Tabs::Short, Hours::Label, false, false),
    (Tabs::Short, Hours::Short, false, false),
    (Tabs::Letter, Hours::Label, false, true),
    (Tabs::Letter, Hours::Short, false, true),
    (Tabs::Letter, Hours::Label, false, false),
    (Tabs::Letter, Hours::Short, false, false),
    (Tabs::Letter, Hours::None, false, false),
    (Tabs::Least, Hours::Short, false, false),
    (Tabs::Least, Hours::None, false, false),
];

pub fn view(app: &App, f: &mut Frame, area: Rect) {
    let width = area.width as usize;
    // (Hours by the month shows a month: the header names it, not the week that stands for it.)
    use crate::domain::time::Period;
    let week = match crate::app::hours::period(app) {
        shown @ Period::Month(..) if app.screen == Screen::Hours => {
            let month = crate::domain::statement::month_title(shown.first());
            if shown == Period::month_of(app.today) {
                month
            } else {
                format!("{month} (not this month)")
            }
        }
        _ if app.shown_week == app.this_week() => app.shown_week.label(),
        _ => format!("{} (not this week)", app.shown_week.label()),
    };
    let fits = |(tabs, hours, shape, show_week): (Tabs, Hours, bool, bool)| {
        let w = spans_width(&client_spans(app, hours, shape))
            + spans_width(&tab_spans(app, tabs))
            + if show_week { text::width(&week) + 2 } else { 0 };
        w <= width
    };
    // With another week shown, the week (and its warning) is kept before anything but the
    // name; on the Week screen, before the tabs' names (after the hours).
    let mut layouts = LAYOUTS;
    if app.shown_week != app.this_week() {
        layouts.sort_by_key(|(_, _, _, week)| !week);
    } else if app.screen == Screen::Week {
        layouts.sort_by_key(|(_, hours, _, week)| (*hours != Hours::Label, !week));
    }
    let (tabs, hours, shape, show_week) = layouts.into_iter().find(|l| fits(*l)).unwrap_or((Tabs::Least, Hours::None, false, false));
    let mut spans = client_spans(app, hours, shape);
    let tabs = tab_spans(app, tabs);
    // The name gives way only when nothing else can.
    let over = (spans_width(&spans) + spans_width(&tabs)).saturating_sub(width);
    if over > 0 {
        let name = spans[0].content.to_string();
        spans[0].content = format!(" {}", text::fit(name.trim_start(), text::width(&name).saturating_sub(over + 1).max(4))).into();
    }
    let used = spans_width(&spans) + spans_width(&tabs) + if show_week { text::width(&week) + 2 } else { 0 };
    spans.push(Span::raw(" ".repeat(width.saturating_sub(used))));
    spans.extend(tabs);
    if show_week {
        let style = if app.shown_week == app.this_week() { Style::new() } else { theme::warning() };
        spans.push(Span::styled(format!(" {week} "), style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn spans_width(spans: &[Span]) -> usize {
    spans.iter().map(|s| s.width()).sum()
}

/// The screens, each with its key: the current one named whole, the others as `tabs` says.
fn tab_spans(app: &App, tabs: Tabs) -> Vec<Span<'static>> {
    let due = app.agenda.built.due_count();
    let mut out = Vec::new();
    for s in Screen::ALL {
        let current = *s == app.screen;
        let style = if current { theme::selected().patch(theme::title()) } else { theme::dim() };
        let title = s.title();
        // Short names up to five letters are kept whole (`Today`, `Hours`); longer ones are cut
        // to three (`Dec`, `Ven`).
        let short = if title.chars().count() <= 5 { title.to_string() } else { title.chars().take(3).collect() };
        let name = match tabs {
            Tabs::Least if current => short,
            _ if current => title.to_string(),
            Tabs::Full => title.to_string(),
            Tabs::Short => short,
            Tabs::Letter | Tabs::Least => title.chars().take(1).collect(),
        };
        let tight = matches!(tabs, Tabs::Letter | Tabs::Least) && !(current && tabs == Tabs::Letter);
        let label = match app.keymap.first_word(s.show()) {
            Some(key) if tight => format!("{key}{name} "),
            Some(key) => format!("{key} {name} "),
            None => format!("{name} "),
        };
        out.push(Span::styled(if current { format!(" {label}") } else { label }, style));
        // Today carries the count due, on every screen.
        if *s == Screen::Today && due > 0 {
            out.push(Span::styled(if tabs == Tabs::Full { format!("({due} due) ") } else { format!("({due}) ") }, theme::warning()));
        }
    }
    out
}

/// ` Acme Hospitality · embedded · this week: 11.5 / 15 h · ⏱ 0:42 `: the name, the shape
/// when asked, the hours as asked, and the timer.
fn client_spans(app: &App, hours: Hours, shape: bool) -> Vec<Span<'static>> {
    let Some(c) = app.current_client() else {
        let mut spans = vec![Span::styled(" no client", theme::accent().patch(theme::title()))];
        spans.extend(sync_spans(app, hours));
        spans.push(Span::raw(" "));
        return spans;
    };
    let budget = hours::budget(app, c);
    let head = if shape { format!(" {} · {}", c.name, c.shape.key()) } else { format!(" {}", c.name) };
    let mut spans = vec![Span::styled(head, theme::accent().patch(theme::title()))];
    let pace = budget.pace(app.today).map(crate::domain::fmt_hours);
    let label = match hours {
        Hours::Label => Some(pace.map_or_else(|| budget.label(), |p| format!("{} →{p}", budget.label()))),
        Hours::Short => Some(budget.short()),
        Hours::None => None,
    };
    if let Some(l) = label {
        spans.push(Span::styled(format!(" · {l}"), theme::usage(budget.usage())));
    }
    if let Some(r) = &app.data.running {
        let whose = if r.client_id == c.id { String::new() } else { format!(" {}", name_of(app, r.client_id)) };
        let counted = r.seconds(crate::app::hours::timer_counted_until(app));
        spans.push(Span::styled(format!(" ⏱ {}{whose}", time::fmt_duration(counted)), theme::timer()));
    }
    // The sync line gives way with the hours, but for what needs looking at.
    spans.extend(sync_spans(app, hours));
    spans.push(Span::raw(" "));
    spans
}

/// When sync is set up: ` ⇅ 4 min ago · last round failed · 3 to send · 1 conflict` beside the
/// hours' label, ` ⇅ 4 min ✗ 3↑ 1!` beside their short form, and without the hours only what
/// needs looking at: ` ⇅ ✗ 1!`.
fn sync_spans(app: &App, hours: Hours) -> Vec<Span<'static>> {
    let Some(s) = &app.data.sync else { return vec![] };
    let failed = crate::app::sync::failed(app).is_some() && !app.syncing;
    let n = s.conflicts.len();
    let mut spans = match (hours, app.syncing, s.last) {
        (Hours::None, _, _) if failed || n > 0 => vec![Span::styled(" ⇅", theme::dim())],
        (Hours::None, _, _) => return vec![],
        (_, true, _) => vec![Span::styled(" ⇅ syncing", theme::dim())],
        (_, false, None) => vec![Span::styled(" ⇅ never synced", theme::dim())],
        (Hours::Label, false, Some(t)) => vec![Span::styled(format!(" ⇅ {}", crate::app::sync::ago(app.now, t)), theme::dim())],
        (Hours::Short, false, Some(t)) => {
            vec![Span::styled(format!(" ⇅ {}", crate::app::sync::ago(app.now, t).trim_end_matches(" ago")), theme::dim())]
        }
    };
    let long = hours == Hours::Label;
    if failed {
        spans.push(Span::styled(if long { " · last round failed" } else { " ✗" }, theme::warning()));
    }
    if s.waiting > 0 && hours != Hours::None {
        spans.push(Span::styled(if long { format!(" · {} to send", s.waiting) } else { format!(" {}↑", s.waiting) }, theme::dim()));
    }
    if n > 0 {
        let text = if long { format!(" · {n} conflict{}", if n == 1 { "" } else { "s" }) } else { format!(" {n}!") };
        spans.push(Span::styled(text, theme::warning()));
    }
    spans
}

fn name_of(app: &App, id: crate::domain::Id) -> String {
    app.data.clients.iter().find(|c| c.id == id).map(|c| text::fit(&c.name, 16)).unwrap_or_default()
}
