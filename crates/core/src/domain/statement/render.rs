//! A statement as Markdown, HTML or CSV. The three show the same rows: the time, then the fee,
//! the carried hours, the overage and the total (one list, [`summary`]).

use super::{fmt_hundredths, month_title, Hundredths, Statement};
use crate::domain::money::Money;
use crate::domain::text::csv_field;
use crate::domain::time::Period;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Csv,
}

/// What each format's first line says (the CSV's column titles): a file that starts so is a
/// statement Cockpit wrote, and may be written again.
const MARKDOWN_MARK: &str = "<!-- Statement written by Cockpit -->";
const HTML_MARK: &str = "<meta name=\"generator\" content=\"Cockpit statement\">";
const CSV_HEADER: &str = "kind,date,lane,note,hours,amount,currency,invoice";

impl Format {
    pub fn render(self, s: &Statement) -> String {
        match self {
            Format::Markdown => markdown(s),
            Format::Html => html(s),
            Format::Csv => csv(s),
        }
    }

    /// Whether a file holding `text` is a statement Cockpit wrote in this format: Markdown and
    /// HTML say so near their start; a CSV file (which cannot) is one when every row is of a
    /// kind Cockpit writes and it ends with the total (a sheet of the user's own under Cockpit's
    /// header row is not).
    pub fn wrote(self, text: &str) -> bool {
        let head = super::super::text::head(text);
        match self {
            Format::Markdown => head.starts_with(MARKDOWN_MARK),
            Format::Html => head.contains(HTML_MARK),
            Format::Csv => {
                const KINDS: [&str; 6] = ["time,", "fee,", "carried-in,", "overage,", "carried-out,", "total,"];
                let mut rows = text.lines();
                rows.next() == Some(CSV_HEADER)
                    && text.lines().last().is_some_and(|l| l.starts_with("total,,,"))
                    && rows.all(|r| KINDS.iter().any(|k| r.starts_with(k)))
            }
        }
    }

    /// Whether a file holding `text` is a statement Cockpit wrote, in any format.
    pub fn any_wrote(text: &str) -> bool {
        [Format::Markdown, Format::Html, Format::Csv].iter().any(|f| f.wrote(text))
    }
}

/// A row under the time: what it is, in words, its hours and its amount.
struct Row {
    kind: &'static str,
    label: String,
    hours: Option<Hundredths>,
    amount: Option<Money>,
}

fn summary(s: &Statement) -> Vec<Row> {
    let mut rows = Vec::new();
    let cur = &s.currency;
    let neighbour = |days: i64| month_title(Period::month_of(s.first + chrono::Duration::days(days)).first());
    if let Some(r) = &s.retainer {
        rows.push(Row {
            kind: "fee",
            label: format!("Monthly fee, {} h included", fmt_hundredths(r.included)),
            hours: Some(r.included),
            amount: Some(r.fee),
        });
        if r.carried_in > 0 {
            rows.push(Row {
                kind: "carried-in",
                label: format!("Unused hours carried from {}", neighbour(-1)),
                hours: Some(r.carried_in),
                amount: None,
            });
        }
        let overage = match r.overage_rate {
            Some(rate) => format!("Hours past those at {} {cur}/h", rate.fixed()),
            None if r.overage > 0 => "Hours past those (no overage rate set: not charged)".to_string(),
            None => "Hours past those".to_string(),
        };
        rows.push(Row { kind: "overage", label: overage, hours: Some(r.overage), amount: Some(r.overage_amount) });
        if r.carried_out > 0 {
            let next = (s.last - s.first).num_days() + 1;
            rows.push(Row {
                kind: "carried-out",
                label: format!("Unused hours carried into {}", neighbour(next)),
                hours: Some(r.carried_out),
                amount: None,
            });
        }
    }
    // Without a rate or a fee the statement is of hours only.
    let priced = s.retainer.is_some() || s.lines.iter().any(|l| l.amount.is_some());
    rows.push(Row { kind: "total", label: "Total".into(), hours: Some(s.hours), amount: priced.then_some(s.total) });
    rows
}

fn title(s: &Statement) -> String {
    format!("Statement: {}, {}", s.client, month_title(s.first))
}

/// What the statement leaves out of the month, said under it.
fn left_out(s: &Statement) -> impl Iterator<Item = &'static str> {
    [
        s.running_left_out.then_some("A timer is running in this month: its time is not on this statement until it stops."),
        s.planned_left_out.then_some("Time planned later in this month is not on this statement until it is worked."),
    ]
    .into_iter()
    .flatten()
}

fn priced(s: &Statement) -> bool {
    s.lines.iter().any(|l| l.amount.is_some())
}

fn lane(l: &super::Line) -> &'static str {
    l.lane.map(|l| l.title()).unwrap_or("")
}

/// A Markdown table cell: pipes, backslashes and what would emphasise, link or quote code
/// escaped (`**bold**` in a note is two stars), and `&`, `<` and `>` as entities (a Markdown
/// viewer renders HTML).
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

pub fn markdown(s: &Statement) -> String {
    let cur = &s.currency;
    let mut out = format!("{MARKDOWN_MARK}\n# {}\n\n", md(&title(s)));
    out.push_str(&format!("{} to {}{}\n\n", s.first, s.last, if cur.is_empty() { String::new() } else { format!(" · amounts in {cur}") }));
    let priced = priced(s);
    out.push_str(if priced {
        "| Date | Lane | Note | Hours | Amount |\n|---|---|---|--:|--:|\n"
    } else {
        "| Date | Lane | Note | Hours |\n|---|---|---|--:|\n"
    });
    for l in &s.lines {
        let amount = if priced { format!(" {} |", l.amount.map(Money::fixed).unwrap_or_default()) } else { String::new() };
        out.push_str(&format!("| {} | {} | {} | {} |{amount}\n", l.day, lane(l), md(&l.note), fmt_hundredths(l.hours)));
    }
    if s.lines.is_empty() {
        out.push_str(if priced { "| | | no time tracked | | |\n" } else { "| | | no time tracked | |\n" });
    }
    out.push_str("\n| | Hours | Amount |\n|---|--:|--:|\n");
    for r in summary(s) {
        let strong = |t: String| if r.kind == "total" { format!("**{t}**") } else { t };
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            strong(md(&r.label)),
            r.hours.map(|h| strong(fmt_hundredths(h))).unwrap_or_default(),
            r.amount.map(|a| strong(format!("{} {cur}", a.fixed()).trim().to_string())).unwrap_or_default()
        ));
    }
    for n in left_out(s) {
        out.push_str(&format!("\n{n}\n"));
    }
    out
}

/// Text in HTML: `&`, `<`, `>` and quotes escaped.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&#39;")
}

pub fn html(s: &Statement) -> String {
    let cur = esc(&s.currency);
    let priced = priced(s);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n{HTML_MARK}\n<title>{}</title>\n\
         <style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}table{{border-collapse:collapse;width:100%;margin:1em 0}}\
         th,td{{border-bottom:1px solid #ccc;padding:.3em .5em;text-align:left}}.n{{text-align:right}}.total td{{font-weight:bold}}</style>\n\
         </head>\n<body>\n<h1>{}</h1>\n<p>{} to {}{}</p>\n<table>\n<thead><tr><th>Date</th><th>Lane</th><th>Note</th><th class=\"n\">Hours</th>{}</tr></thead>\n<tbody>\n",
        esc(&title(s)),
        esc(&title(s)),
        s.first,
        s.last,
        if cur.is_empty() { String::new() } else { format!(" · amounts in {cur}") },
        if priced { "<th class=\"n\">Amount</th>" } else { "" },
    );
    for l in &s.lines {
        let amount =
            if priced { format!("<td class=\"n\">{}</td>", l.amount.map(Money::fixed).unwrap_or_default()) } else { String::new() };
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>{amount}</tr>\n",
            l.day,
            esc(lane(l)),
            esc(&l.note),
            fmt_hundredths(l.hours)
        ));
    }
    if s.lines.is_empty() {
        out.push_str("<tr><td colspan=\"4\">no time tracked</td></tr>\n");
    }
    out.push_str(
        "</tbody>\n</table>\n<table>\n<thead><tr><th></th><th class=\"n\">Hours</th><th class=\"n\">Amount</th></tr></thead>\n<tbody>\n",
    );
    for r in summary(s) {
        out.push_str(&format!(
            "<tr{}><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>\n",
            if r.kind == "total" { " class=\"total\"" } else { "" },
            esc(&r.label),
            r.hours.map(fmt_hundredths).unwrap_or_default(),
            r.amount.map(|a| format!("{} {cur}", a.fixed()).trim().to_string()).unwrap_or_default()
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    for n in left_out(s) {
        out.push_str(&format!("<p>{}</p>\n", esc(n)));
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// One row per line (`time`), then one per summary row (`fee`, `carried-in`, `overage`,
/// `carried-out`, `total`); amounts without grouping.
pub fn csv(s: &Statement) -> String {
    let cur = csv_field(&s.currency);
    let mut out = format!("{CSV_HEADER}\n");
    for l in &s.lines {
        out.push_str(&format!(
            "time,{},{},{},{},{},{cur},{}\n",
            l.day,
            l.lane.map(|l| l.key()).unwrap_or(""),
            csv_field(&l.note),
            fmt_hundredths(l.hours),
            l.amount.map(Money::plain).unwrap_or_default(),
            csv_field(&l.invoice)
        ));
    }
    for r in summary(s) {
        out.push_str(&format!(
            "{},,,{},{},{},{cur},\n",
            r.kind,
            csv_field(&r.label),
            r.hours.map(fmt_hundredths).unwrap_or_default(),
            r.amount.map(Money::plain).unwrap_or_default()
        ));
    }
    out
}
