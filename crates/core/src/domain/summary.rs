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

/// How much a summary says: `team` is the whole week with each decision's rationale; `exec` is
/// about ten lines for a CEO (status, key decisions, hours, next week's top three).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Exec,
    #[default]
    Team,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "exec" => Some(Level::Exec),
            "team" => Some(Level::Team),
            _ => None,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Level::Exec => "exec",
            Level::Team => "team",
        }
    }

    pub fn other(self) -> Level {
        match self {
            Level::Exec => Level::Team,
            Level::Team => Level::Exec,
        }
    }
}

/// The week at a glance, set by the user per client and week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rag {
    Green,
    Amber,
    Red,
}

impl Rag {
    pub const ALL: [Rag; 3] = [Rag::Green, Rag::Amber, Rag::Red];

    pub fn key(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
        }
    }

    pub fn parse(s: &str) -> Option<Rag> {
        Rag::ALL.into_iter().find(|r| r.key() == s.trim().to_ascii_lowercase())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekStatus {
    pub rag: Rag,
    /// One line: why.
    pub reason: String,
}

impl WeekStatus {
    /// As kept in a setting: `amber: hiring slipped two weeks`.
    pub fn to_setting(&self) -> String {
        format!("{}: {}", self.rag.key(), clean_line(&self.reason))
    }

    pub fn from_setting(s: &str) -> Option<WeekStatus> {
        let (rag, reason) = s.split_once(':').unwrap_or((s, ""));
        Some(WeekStatus { rag: Rag::parse(rag)?, reason: clean_line(reason) })
    }
}

/// Hours to the hundredth, as a summary gives them.
pub fn round_hours(h: f64) -> f64 {
    (h * 100.0).round() / 100.0
}

/// How many decisions and priorities the exec level shows.
pub const EXEC_TOP: usize = 3;

/// One client's week. Every list is in the order it is shown; empty lists are left out of the
/// Markdown but kept (empty) in JSON, so a reader always finds every key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekSummary {
    pub format: u32,
    #[serde(default)]
    pub level: Level,
    pub client: String,
    /// `2026-W47`
    pub week: IsoWeek,
    /// Monday and Sunday of the week.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day revisit dates are compared with: today, or the week's Sunday for a past week.
    pub as_of: NaiveDate,
    /// Green, amber or red, with a reason, when the user set one for this week.
    #[serde(default)]
    pub status: Option<WeekStatus>,
    /// Private records are in it: the user's own copy, never one for the client.
    #[serde(default)]
    pub includes_private: bool,
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
    /// A monthly retainer: the month of `as_of`, from its first day to `as_of`.
    #[serde(default)]
    pub month: Option<MonthHours>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthHours {
    /// `2026-11`
    pub month: String,
    pub retainer: f64,
    pub logged: f64,
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
    /// Why: the decision's Decision text, else the first sentence of its Context (team level).
    #[serde(default)]
    pub rationale: Option<String>,
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
    /// Month-to-date hours, for a monthly retainer.
    pub month_hours: Option<MonthHours>,
    pub status: Option<WeekStatus>,
    /// Private records too (only to stdout or a file the user names, never to the clipboard).
    pub include_private: bool,
}

pub fn build(src: &Source) -> WeekSummary {
    let client_id = src.client.id;
    let week = src.week;
    let as_of = src.today.min(week.sunday());
    let shown = |private: bool| src.include_private || !private;
    let decisions: Vec<&Decision> = src.decisions.iter().filter(|d| d.client_id == client_id && shown(d.private)).collect();

    let mut made: Vec<&Decision> = decisions.iter().copied().filter(|d| week.contains(d.date)).collect();
    made.sort_by_key(|d| d.number);
    let mut due: Vec<&Decision> = decisions.iter().copied().filter(|d| d.due_for_revisit(as_of)).collect();
    due.sort_by_key(|d| (d.revisit, d.number));

    let mut entries: Vec<&Entry> = src.entries.iter().filter(|e| e.client_id == client_id && e.week == week && shown(e.private)).collect();
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

    let mut do_now: Vec<&Item> = src
        .items
        .iter()
        .filter(|i| i.client_id == client_id && shown(i.private) && i.status.is_active() && i.quadrant() == Quadrant::DoNow)
        .collect();
    do_now.sort_by(|a, b| matrix::rank(a, b));

    WeekSummary {
        format: FORMAT,
        level: Level::Team,
        client: clean_line(&src.client.name),
        week,
        from: week.monday(),
        to: week.sunday(),
        as_of,
        status: src.status.clone(),
        includes_private: src.include_private,
        hours: Hours { retainer_per_week: src.client.hours_per_week, logged: src.logged_hours, month: src.month_hours.clone() },
        decisions: made.into_iter().map(|d| DecisionLine { rationale: rationale(d), ..line(d) }).collect(),
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
        rationale: None,
    }
}

/// The first paragraph of the Decision text, else the first sentence of the Context.
fn rationale(d: &Decision) -> Option<String> {
    let decision = clean_line(d.decision.split("\n\n").next().unwrap_or(""));
    if !decision.is_empty() {
        return Some(decision);
    }
    // The first sentence of the Context's first line: it ends at `.`, `!` or `?` followed by
    // a space and a capital letter or a digit, unless the word before is an abbreviation
    // (`e.g. Redis`, `vs. Kafka`).
    let line = clean_line(d.context.lines().find(|l| !l.trim().is_empty()).unwrap_or(""));
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let abbreviation = |at: usize| {
        let word = line[..at].rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
        word.contains('.') || ["etc", "vs", "cf", "approx", "incl", "esp", "mr", "mrs", "ms", "dr", "no", "st"].contains(&word.as_str())
    };
    let end = chars.windows(3).find(|w| {
        matches!(w[0].1, '.' | '!' | '?')
            && w[1].1 == ' '
            && (w[2].1.is_uppercase() || w[2].1.is_ascii_digit())
            && !(w[0].1 == '.' && abbreviation(w[0].0))
    });
    let sentence = end.map_or(line.as_str(), |w| &line[..w[1].0]).trim();
    (!sentence.is_empty()).then(|| sentence.to_string())
}

impl WeekSummary {
    /// `Acme Hospitality — week 2026-W47 (Nov 16 – Nov 22)`
    pub fn title(&self) -> String {
        format!("{} — week {} ({})", self.client, self.week, self.week.range_label())
    }

    /// The summary as the exec level tells it: the status, the key decisions (one-way doors
    /// first), hours, and next week's top three Do-now priorities; no lanes, no revisits.
    pub fn at_level(&self, level: Level) -> WeekSummary {
        let mut s = self.clone();
        s.level = level;
        if level == Level::Exec {
            s.decisions.retain(|d| matches!(d.status, Status::Accepted | Status::Proposed));
            s.decisions.sort_by_key(|d| (!d.one_way, d.number));
            s.decisions.truncate(EXEC_TOP);
            s.decisions.iter_mut().for_each(|d| d.rationale = None);
            s.lanes.clear();
            s.do_now.truncate(EXEC_TOP);
            s.due_for_revisit.clear();
        }
        s
    }

    /// `11.5 of 15 h retainer this week · month to date 30 of 40 h (2026-11)`
    pub fn hours_line(&self) -> Option<String> {
        let week = match (self.hours.logged, self.hours.retainer_per_week) {
            (Some(l), Some(r)) => Some(format!("{} of {} h retainer this week", fmt_hours(l), fmt_hours(r))),
            (Some(l), None) => Some(format!("{} h this week", fmt_hours(l))),
            (None, Some(r)) => Some(format!("0 of {} h retainer this week", fmt_hours(r))),
            (None, None) => None,
        };
        let month = self
            .hours
            .month
            .as_ref()
            .map(|m| format!("month to date {} of {} h ({})", fmt_hours(m.logged), fmt_hours(m.retainer), m.month));
        match (week, month) {
            (Some(w), Some(m)) => Some(format!("{w} · {m}")),
            (w, m) => w.or(m),
        }
    }

    /// GitHub-flavoured Markdown (valid CommonMark): headings, bullet and task lists. All text
    /// from the database is cleaned and escaped, so it cannot change the document's structure.
    pub fn to_markdown(&self) -> String {
        let mut md = format!("# {}\n", escape(&self.title()));
        if self.includes_private {
            md.push_str("\n> **Includes private records: your own copy, not for the client.**\n");
        }
        if let Some(st) = &self.status {
            let reason = if st.reason.is_empty() { String::new() } else { format!(" — {}", escape(&st.reason)) };
            md.push_str(&format!("\n**Status: {}**{reason}\n", st.rag.key()));
        }
        if let Some(h) = self.hours_line() {
            md.push_str(&format!("\n**Hours:** {h}\n"));
        }
        if self.level == Level::Exec {
            return self.exec_markdown(md);
        }
        if !self.decisions.is_empty() {
            md.push_str("\n## Decisions this week\n\n");
            for d in &self.decisions {
                match &d.rationale {
                    // A hard line break (CommonMark's backslash), so the reason starts its own line.
                    Some(r) => md.push_str(&format!("- {}\\\n  Why: {}\n", decision_markdown(d), escape(r))),
                    None => md.push_str(&format!("- {}\n", decision_markdown(d))),
                }
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
            self.priorities_markdown(&mut md);
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

impl WeekSummary {
    fn exec_markdown(&self, mut md: String) -> String {
        if !self.decisions.is_empty() {
            md.push_str("\n## Key decisions\n\n");
            for d in &self.decisions {
                md.push_str(&format!("- {}\n", decision_markdown(d)));
            }
        }
        if !self.do_now.is_empty() {
            md.push_str("\n## Next week\n\n");
            self.priorities_markdown(&mut md);
        }
        md
    }

    /// The same document as HTML (from the Markdown, by a CommonMark renderer), whole with a
    /// title, for a file or an email client.
    pub fn to_html(&self) -> String {
        markdown_to_html(&self.to_markdown(), &self.title())
    }
}

impl WeekSummary {
    /// The Do-now priorities as a numbered list, the same at both levels.
    fn priorities_markdown(&self, md: &mut String) {
        for (n, p) in self.do_now.iter().enumerate() {
            let doing = if p.status == ItemStatus::Doing { " (in progress)" } else { "" };
            md.push_str(&format!("{}. {} — impact {}, effort {}{doing}\n", n + 1, escape(&p.title), p.impact, p.effort));
        }
    }
}

/// A summary's Markdown as a whole HTML document titled `title`.
pub fn markdown_to_html(md: &str, title: &str) -> String {
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, pulldown_cmark::Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TASKLISTS));
    let title = title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    format!("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n</head>\n<body>\n{body}</body>\n</html>\n")
}

/// What identifies a list item across levels (a decision's line ends with a hard break where
/// its rationale follows, at the team level only).
pub fn item_key(line: &str) -> &str {
    line.strip_suffix('\\').unwrap_or(line)
}

/// Whether a Markdown line of a summary is a list item (what the preview can leave out).
pub fn is_item(line: &str) -> bool {
    line.starts_with("- ") || line.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The Markdown without the list items in `left_out` (and their continuation lines), and
/// without the headings left with nothing under them.
pub fn without_items(md: &str, left_out: &[String]) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut skipping = false;
    for line in md.lines() {
        if is_item(line) {
            skipping = left_out.iter().any(|l| item_key(l) == item_key(line));
        } else if !line.starts_with("  ") {
            skipping = false;
        }
        // What was left out leaves one blank line, not two.
        let second_blank = line.is_empty() && kept.last() == Some(&"");
        if !skipping && !second_blank {
            kept.push(line);
        }
    }
    // From the end: a heading stays when something other than a deeper heading follows it
    // before the next heading of its level or above.
    let level = |l: &str| l.starts_with('#').then(|| l.chars().take_while(|c| *c == '#').count());
    let mut out: Vec<&str> = Vec::new();
    let mut content_below: Vec<bool> = vec![false; 7];
    for line in kept.into_iter().rev() {
        match level(line) {
            Some(n) if n > 1 && !content_below[n] => {
                // Nothing under it: drop it, and the blank line before what followed.
                if out.last() == Some(&"") {
                    out.pop();
                }
            }
            Some(n) => {
                out.push(line);
                content_below.iter_mut().skip(n).for_each(|c| *c = false);
                content_below.iter_mut().take(n).for_each(|c| *c = true);
            }
            None => {
                out.push(line);
                if !line.trim().is_empty() {
                    content_below.iter_mut().for_each(|c| *c = true);
                }
            }
        }
    }
    out.reverse();
    while out.last() == Some(&"") {
        out.pop();
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

/// The names of other clients (and their code names) that `text` mentions, as whole words in
/// any case: a hit is shown before the summary is copied.
pub fn mentions(text: &str, others: &[String]) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut found: Vec<String> = Vec::new();
    for name in others {
        let n = name.trim().to_lowercase();
        if n.is_empty() || found.contains(name) {
            continue;
        }
        let hit = lower.match_indices(&n).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + n.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        });
        if hit {
            found.push(name.clone());
        }
    }
    found
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
    fn leaving_items_out_drops_their_empty_sections() {
        let md = "# T\n\n## Decisions this week\n\n- **D-001** A — accepted\n  Why: because\n\n## The week by lane\n\n### Mon · Architecture\n\n- [x] one\n\n### Tue · Building\n\n- two\n";
        assert_eq!(without_items(md, &[]), md);
        let out = without_items(md, &["- **D-001** A — accepted".into(), "- [x] one".into()]);
        assert_eq!(out, "# T\n\n## The week by lane\n\n### Tue · Building\n\n- two\n");
        let out = without_items(md, &["- two".into(), "- [x] one".into()]);
        assert_eq!(out, "# T\n\n## Decisions this week\n\n- **D-001** A — accepted\n  Why: because\n");
        assert!(is_item("12. Twelve") && !is_item("## H") && !is_item("2026\\. escaped"));
    }

    #[test]
    fn other_clients_are_found_as_whole_words() {
        let others = vec!["Northwind Logistics".to_string(), "Helix".to_string()];
        assert_eq!(mentions("Met the northwind logistics team", &others), vec!["Northwind Logistics"]);
        assert!(mentions("Helixes and helix-like", &others) == vec!["Helix"]);
        assert!(mentions("Helixes only", &others).is_empty());
    }

    #[test]
    fn escape_sequences_never_survive() {
        assert_eq!(escape("Pay \u{1b}[31mvendor\u{1b}[0m\u{7}"), "Pay vendor");
    }
}
