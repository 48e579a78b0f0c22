//! The week summary a fractional CTO sends each client on Friday: built by a pure function of one
//! client's data, rendered as Markdown or serialised as JSON (the shape below is the contract).

use super::decision::Status;
use super::matrix::{self, ItemStatus, Quadrant};
use super::text::clean_line;
use super::{fmt_hours, Client, Decision, Entry, IsoWeek, Item, Lane};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The version of the JSON shape; raised only when a field changes meaning or goes away.
pub const FORMAT: u32 = 1;

/// How many decisions due for revisit the Markdown lists (the oldest first); JSON has them all.
pub const DUE_SHOWN: usize = 15;

/// One client's week. Every list is in the order it is shown; empty lists are left out of the
/// Markdown but kept (empty) in JSON, so a reader always finds every key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekSummary {
    pub format: u32,
    pub client: String,
    /// `2026-W47`
    pub week: IsoWeek,
    /// Monday and Sunday of the week.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day revisit dates are compared with: today, or the week's Sunday for a past week.
    pub as_of: NaiveDate,
    pub hours: Hours,
    /// Decisions dated in this week, by number.
    pub decisions: Vec<DecisionLine>,
    /// Lanes with anything in them, Monday to Friday.
    pub lanes: Vec<LaneLines>,
    /// Open and in-progress items in the Do-now quadrant, best bet first.
    pub do_now: Vec<Priority>,
    /// Proposed or accepted decisions whose revisit date has come, oldest first.
    pub due_for_revisit: Vec<DecisionLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hours {
    /// The retainer in hours per week, when the engagement is sold by the hour.
    pub retainer_per_week: Option<f64>,
    /// Hours logged in this week, when time is tracked.
    pub logged: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionLine {
    pub number: u32,
    /// `D-007`
    pub code: String,
    pub title: String,
    pub status: Status,
    pub date: NaiveDate,
    pub one_way: bool,
    pub revisit: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaneLines {
    pub lane: Lane,
    pub title: String,
    pub done: Vec<String>,
    pub open: Vec<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Priority {
    pub title: String,
    pub impact: u8,
    pub effort: u8,
    pub status: ItemStatus,
}

/// What a summary is built from. Rows of any other client are ignored, so a summary cannot carry
/// another client's data even if a caller passes it some.
pub struct Source<'a> {
    pub client: &'a Client,
    pub week: IsoWeek,
    pub today: NaiveDate,
    pub entries: &'a [Entry],
    pub decisions: &'a [Decision],
    pub items: &'a [Item],
    pub logged_hours: Option<f64>,
}

pub fn build(src: &Source) -> WeekSummary {
    let client_id = src.client.id;
    let week = src.week;
    let as_of = src.today.min(week.sunday());
    let decisions: Vec<&Decision> = src.decisions.iter().filter(|d| d.client_id == client_id).collect();

    let mut made: Vec<&Decision> = decisions.iter().copied().filter(|d| week.contains(d.date)).collect();
    made.sort_by_key(|d| d.number);
    let mut due: Vec<&Decision> = decisions.iter().copied().filter(|d| d.due_for_revisit(as_of)).collect();
    due.sort_by_key(|d| (d.revisit, d.number));

    let mut entries: Vec<&Entry> = src.entries.iter().filter(|e| e.client_id == client_id && e.week == week).collect();
    entries.sort_by_key(|e| (e.lane, e.position));
    let lanes = Lane::ALL
        .into_iter()
        .map(|lane| {
            let in_lane = || entries.iter().filter(move |e| e.lane == lane);
            let texts = |keep: fn(&Entry) -> bool| in_lane().filter(|e| keep(e)).map(|e| clean_line(&e.text)).collect();
            LaneLines {
                lane,
                title: lane.title().to_string(),
                done: texts(|e| e.is_task() && e.is_done()),
                open: texts(|e| e.is_task() && !e.is_done()),
                notes: texts(|e| !e.is_task()),
            }
        })
        .filter(|l| !(l.done.is_empty() && l.open.is_empty() && l.notes.is_empty()))
        .collect();

    let mut do_now: Vec<&Item> =
        src.items.iter().filter(|i| i.client_id == client_id && i.status.is_active() && i.quadrant() == Quadrant::DoNow).collect();
    do_now.sort_by(|a, b| matrix::rank(a, b));

    WeekSummary {
        format: FORMAT,
        client: clean_line(&src.client.name),
        week,
        from: week.monday(),
        to: week.sunday(),
        as_of,
        hours: Hours { retainer_per_week: src.client.hours_per_week, logged: src.logged_hours },
        decisions: made.into_iter().map(line).collect(),
        lanes,
        do_now: do_now
            .into_iter()
            .map(|i| Priority { title: clean_line(&i.title), impact: i.impact.get(), effort: i.effort.get(), status: i.status })
            .collect(),
        due_for_revisit: due.into_iter().map(line).collect(),
    }
}

fn line(d: &Decision) -> DecisionLine {
    DecisionLine {
        number: d.number,
        code: d.code(),
        title: clean_line(&d.title),
        status: d.status,
        date: d.date,
        one_way: d.is_one_way(),
        revisit: d.revisit,
    }
}

impl WeekSummary {
    /// `Acme Hospitality — week 2026-W47 (Nov 16 – Nov 22)`
    pub fn title(&self) -> String {
        format!("{} — week {} ({})", self.client, self.week, self.week.range_label())
    }

    /// GitHub-flavoured Markdown (valid CommonMark): headings, bullet and task lists. All text
    /// from the database is cleaned and escaped, so it cannot change the document's structure.
    pub fn to_markdown(&self) -> String {
        let mut md = format!("# {}\n", escape(&self.title()));
        let hours = match (self.hours.logged, self.hours.retainer_per_week) {
            (Some(l), Some(r)) => Some(format!("{} of {} h retainer this week", fmt_hours(l), fmt_hours(r))),
            (Some(l), None) => Some(format!("{} h this week", fmt_hours(l))),
            (None, Some(r)) => Some(format!("retainer {} h/week", fmt_hours(r))),
            (None, None) => None,
        };
        if let Some(h) = hours {
            md.push_str(&format!("\n**Hours:** {h}\n"));
        }
        if !self.decisions.is_empty() {
            md.push_str("\n## Decisions this week\n\n");
            for d in &self.decisions {
                md.push_str(&format!("- {}\n", decision_markdown(d)));
            }
        }
        if !self.lanes.is_empty() {
            md.push_str("\n## The week by lane\n");
            for l in &self.lanes {
                md.push_str(&format!("\n### {} · {}\n\n", l.lane.day_abbrev(), escape(&l.title)));
                for t in &l.done {
                    md.push_str(&format!("- [x] {}\n", escape(t)));
                }
                for t in &l.open {
                    md.push_str(&format!("- [ ] {}\n", escape(t)));
                }
                for t in &l.notes {
                    md.push_str(&format!("- {}\n", escape(t)));
                }
            }
        }
        if !self.do_now.is_empty() {
            md.push_str("\n## Do-now priorities\n\n");
            for (n, p) in self.do_now.iter().enumerate() {
                let doing = if p.status == ItemStatus::Doing { " (in progress)" } else { "" };
                md.push_str(&format!("{}. {} — impact {}, effort {}{doing}\n", n + 1, escape(&p.title), p.impact, p.effort));
            }
        }
        if !self.due_for_revisit.is_empty() {
            md.push_str("\n## Due for revisit\n\n");
            for d in self.due_for_revisit.iter().take(DUE_SHOWN) {
                md.push_str(&format!("- {}\n", decision_markdown(d)));
            }
            let more = self.due_for_revisit.len().saturating_sub(DUE_SHOWN);
            if more > 0 {
                md.push_str(&format!("\n…and {more} more (all of them are in the JSON summary).\n"));
            }
        }
        md
    }
}

fn decision_markdown(d: &DecisionLine) -> String {
    use super::Choice;
    let mut s = format!("**{}** {} — {}", d.code, escape(&d.title), d.status.key());
    if d.one_way {
        s.push_str(" · **one-way door**");
    }
    if let Some(r) = d.revisit {
        s.push_str(&format!(" · revisit {r}"));
    }
    s
}

/// Escapes one line of text for use inside a Markdown heading, list item or paragraph: inline
/// markup characters get a backslash, and so do the characters that would start a block (a
/// heading, a quote, a nested list, a thematic break) at the start of the line. Plain words are
/// left alone, so the text stays readable where Markdown is not rendered.
pub fn escape(text: &str) -> String {
    let text = clean_line(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let needs = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '~' | '#' | '|' => true,
            // `snake_case` is not emphasis; `_word_` is.
            '_' => !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)),
            // `&amp;` and `&#42;` are entity references; `R&D` is not.
            '&' => starts_entity(&chars[i + 1..]),
            '>' | '-' | '+' | '=' => i == 0,
            // `1. ` or `1) ` at the start would begin an ordered list.
            '.' | ')' => prev.is_some_and(|p| p.is_ascii_digit()) && chars[..i].iter().all(char::is_ascii_digit),
            _ => false,
        };
        if needs {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn starts_entity(rest: &[char]) -> bool {
    let body: Vec<char> = rest.iter().copied().take_while(|c| c.is_ascii_alphanumeric() || *c == '#').collect();
    !body.is_empty() && rest.get(body.len()) == Some(&';')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_words_are_left_alone() {
        assert_eq!(escape("Move bookings to Postgres (v16), R&D and snake_case"), "Move bookings to Postgres (v16), R&D and snake_case");
    }

    #[test]
    fn markup_and_block_starts_are_escaped() {
        assert_eq!(escape("*bold* _it_ `code` [link](x) <b>"), r"\*bold\* \_it\_ \`code\` \[link\](x) \<b>");
        assert_eq!(escape("# not a heading"), r"\# not a heading");
        assert_eq!(escape("- not nested"), r"\- not nested");
        assert_eq!(escape("2026. not a list"), r"2026\. not a list");
        assert_eq!(escape("&amp; stays"), r"\&amp; stays");
    }

    #[test]
    fn escape_sequences_never_survive() {
        assert_eq!(escape("Pay \u{1b}[31mvendor\u{1b}[0m\u{7}"), "Pay vendor");
    }
}
