//! The summary as Markdown (and HTML from it), and the line-level edits the preview makes.

use super::*;

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
            s.decisions.retain(|d| d.status.is_open());
            s.decisions.sort_by_key(|d| (!d.one_way, d.number));
            s.decisions.truncate(EXEC_TOP);
            s.decisions.iter_mut().for_each(|d| d.rationale = None);
            s.lanes.clear();
            s.do_now.truncate(EXEC_TOP);
            s.due_for_revisit.clear();
            s.due_unlisted = 0;
            s.actions_still_open.clear();
            s.actions_next_week.clear();
            s.owed.clear();
        }
        s
    }

    /// `11.5 of 15 h retainer this week · month to date 30 of 40 h (2026-11)`, or `… of 40 h
    /// + 5 h carried (2026-11)`
    pub fn hours_line(&self) -> Option<String> {
        let week = match (self.hours.logged, self.hours.retainer_per_week) {
            (Some(l), Some(r)) => Some(format!("{} of {} h retainer this week", fmt_hours(l), fmt_hours(r))),
            (Some(l), None) => Some(format!("{} h this week", fmt_hours(l))),
            (None, Some(r)) => Some(format!("0 of {} h retainer this week", fmt_hours(r))),
            (None, None) => None,
        };
        let month = self.hours.month.as_ref().map(|m| {
            format!(
                "month to date {} of {} h{} ({})",
                fmt_hours(m.logged),
                fmt_hours(m.retainer),
                crate::domain::time::carried_words(m.carried),
                m.month
            )
        });
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
                // (An open task carried into the next week says so: it is not left undone here.)
                for (i, t) in l.open.iter().enumerate() {
                    let carried = if l.carried.contains(&i) { format!(" (carried to {})", self.week.next()) } else { String::new() };
                    md.push_str(&format!("- [ ] {}{carried}\n", escape(t)));
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
        self.risks_markdown(&mut md);
        let actions = [
            ("Open actions due by the week's end", &self.actions_still_open),
            ("Actions due next week", &self.actions_next_week),
            ("Waiting for", &self.owed),
        ];
        for (heading, lines) in actions {
            if !lines.is_empty() {
                md.push_str(&format!("\n## {heading}\n\n"));
                for a in lines {
                    let owner = a.owner.as_ref().map(|o| format!("{}: ", escape(o))).unwrap_or_default();
                    let due = a.due.map(|d| format!(" — due {}", due_date(d, self.week))).unwrap_or_default();
                    md.push_str(&format!("- [ ] {owner}{}{due}\n", escape(&a.title)));
                }
            }
        }
        if !self.due_for_revisit.is_empty() {
            md.push_str("\n## Due for revisit\n\n");
            for d in self.due_for_revisit.iter().take(DUE_SHOWN) {
                md.push_str(&format!("- {}\n", decision_markdown(d)));
            }
            let more = (self.due_for_revisit.len() + self.due_unlisted).saturating_sub(DUE_SHOWN);
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
        self.risks_markdown(&mut md);
        md
    }

    /// `- Opened: No tested restore (likelihood 3 × impact 4 = 12, high)`
    fn risks_markdown(&self, md: &mut String) {
        if self.risks.is_empty() {
            return;
        }
        md.push_str("\n## Risks\n\n");
        for r in &self.risks {
            let change = match r.change.as_str() {
                "opened" => "Opened",
                "closed" => "Closed",
                _ => "Re-scored",
            };
            let from = r.from.map(|(l, i)| format!("from {l} × {i} to ")).unwrap_or_default();
            md.push_str(&format!(
                "- {change}: {} ({from}likelihood {} × impact {} = {}, {})\n",
                escape(&r.title),
                r.likelihood,
                r.impact,
                r.score,
                r.level
            ));
        }
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
    format!("{HTML_HEAD}{HTML_MARK}\n<title>{title}</title>\n</head>\n<body>\n{body}</body>\n</html>\n")
}

const HTML_HEAD: &str = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n";

/// What marks a summary's HTML as Cockpit's (a generator meta, which no email client shows).
const HTML_MARK: &str = "<meta name=\"generator\" content=\"Cockpit week summary\">";

/// Whether a file beginning with `head` is a week summary Cockpit wrote, as Markdown (its title
/// line), HTML (its head) or JSON (its first keys): `export week --output` writes over such a
/// file, and over no other.
pub fn wrote(head: &str) -> bool {
    let first = head.lines().next().unwrap_or("");
    (first.starts_with("# ") && ends_as_a_title(first))
        || head.starts_with(&format!("{HTML_HEAD}{HTML_MARK}\n<title>"))
        || (head.starts_with("{\n  \"format\": ") && head.contains("\n  \"level\": \"") && head.contains("\n  \"week\": \""))
}

/// Whether a line ends as [`WeekSummary::title`] does: ` — week 2026-W47 (Nov 16 – Nov 22)`,
/// the days those of the week named.
fn ends_as_a_title(line: &str) -> bool {
    let Some((_, rest)) = line.rsplit_once(" — week ") else { return false };
    let Some((week, days)) = rest.split_once(" (") else { return false };
    week.parse::<IsoWeek>().is_ok_and(|w| days == format!("{})", w.range_label()))
}

/// What identifies a list item across levels (a decision's line ends with a hard break where
/// its rationale follows, at the team level only).
fn item_key(line: &str) -> &str {
    line.strip_suffix('\\').unwrap_or(line)
}

/// What the preview leaves each line out by, when it is a list item: its line (as
/// [`item_key`] gives it) under the nearest heading above it, the section both levels share
/// named alike (the exec level's "Key decisions" are the team level's "Decisions this week"),
/// and how many such lines came before it there: the same words under two headings (one
/// task's text in two lanes, a decision this week and due for revisit), or twice under one,
/// are two items.
pub fn item_keys(md: &str) -> Vec<Option<String>> {
    let mut heading = "";
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    md.lines()
        .map(|l| {
            if l.starts_with('#') {
                heading = l;
            }
            is_item(l).then(|| {
                let key = format!("{}\n{}", section(heading), item_key(l));
                let n = seen.entry(key.clone()).or_default();
                *n += 1;
                format!("{key}\n{n}")
            })
        })
        .collect()
}

/// A heading of the exec level as the team level's heading of the same items.
fn section(heading: &str) -> &str {
    match heading {
        "## Key decisions" => "## Decisions this week",
        "## Next week" => "## Do-now priorities",
        other => other,
    }
}

/// Which lines of `md` are left out by `left_out` (keys as [`item_keys`] gives them): the items,
/// and the lines that go on each (indented: a decision's `Why:`).
pub fn left_out_lines(md: &str, left_out: &[String]) -> Vec<bool> {
    let mut out = false;
    md.lines()
        .zip(item_keys(md))
        .map(|(line, key)| {
            if is_item(line) {
                out = key.as_ref().is_some_and(|key| left_out.contains(key));
            } else if !line.starts_with("  ") {
                out = false;
            }
            out
        })
        .collect()
}

/// Whether a Markdown line of a summary is a list item (what the preview can leave out).
pub fn is_item(line: &str) -> bool {
    line.starts_with("- ") || line.split_once(". ").is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The Markdown without the list items in `left_out` (and their continuation lines), and
/// without the headings left with nothing under them.
pub fn without_items(md: &str, left_out: &[String]) -> String {
    let mut kept: Vec<&str> = Vec::new();
    for (line, out) in md.lines().zip(left_out_lines(md, left_out)) {
        // What was left out leaves one blank line, not two.
        let second_blank = line.is_empty() && kept.last() == Some(&"");
        if !out && !second_blank {
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

/// The names a summary of client `me` is checked for (see [`mentions`]): every other client's,
/// archived ones too, the first word of a name of several (`Brightleaf` of `Brightleaf
/// Hotels`: as people call a client; one of four letters or more, and not a word of `me`'s own
/// name), and their code names.
pub fn other_names(clients: &[crate::domain::Client], me: crate::domain::Id) -> Vec<String> {
    let own: Vec<String> =
        clients.iter().filter(|c| c.id == me).flat_map(|c| c.name.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>()).collect();
    let short = |name: &str| {
        let words: Vec<&str> = name.split_whitespace().collect();
        let first = words.first().copied().filter(|w| words.len() > 1 && w.chars().filter(|c| c.is_alphanumeric()).count() >= 4);
        first.filter(|w| !own.contains(&w.to_lowercase())).map(str::to_string)
    };
    clients
        .iter()
        .filter(|c| c.id != me)
        .flat_map(|c| std::iter::once(c.name.clone()).chain(short(&c.name)).chain(c.code_names.iter().cloned()))
        .collect()
}

/// The names of other clients (and their code names) that `text` mentions, as whole words in
/// any case: a hit is shown before the summary is copied.
pub fn mentions(text: &str, others: &[String]) -> Vec<String> {
    // (Read as shown: `C\# Guild` in the Markdown is `C# Guild`.)
    let mut lower = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
            continue;
        }
        lower.extend(c.to_lowercase());
    }
    let mut found: Vec<String> = Vec::new();
    for name in others {
        let n = name.trim().to_lowercase();
        if n.is_empty() || found.contains(name) {
            continue;
        }
        // (A name of several words as repositories and channels write it too, whichever way it
        // was written: `beta labs`, `beta-labs`, `beta_labs`, `betalabs`.)
        let words: Vec<&str> = n.split([' ', '-', '_']).filter(|w| !w.is_empty()).collect();
        let spellings = [n.clone(), words.join(" "), words.join("-"), words.join("_"), words.concat()];
        let hit = spellings.iter().any(|n| {
            // (A whole word: in scripts written without spaces, a name ends where it ends.)
            let wide = |c: Option<char>| c.is_some_and(|c| unicode_width::UnicodeWidthChar::width(c) == Some(2));
            let (first, last) = (n.chars().next(), n.chars().next_back());
            lower.match_indices(n.as_str()).any(|(i, _)| {
                let before = lower[..i].chars().next_back();
                let after = lower[i + n.len()..].chars().next();
                (wide(first) || !before.is_some_and(char::is_alphanumeric)) && (wide(last) || !after.is_some_and(char::is_alphanumeric))
            })
        });
        if hit {
            found.push(name.clone());
        }
    }
    // (A name found whole says its first word too: said once.)
    let whole = found.clone();
    found.retain(|f| !whole.iter().any(|w| w.to_lowercase().starts_with(&format!("{} ", f.to_lowercase()))));
    found
}

/// An action's due date as a summary of `week` says it: its weekday and date, and its year when
/// it is more than half a year from the week (a reader takes a date without one as near).
fn due_date(due: chrono::NaiveDate, week: crate::domain::IsoWeek) -> String {
    match crate::domain::time::needs_year(due, week.monday()) {
        true => due.format("%a %b %-d %Y").to_string(),
        false => due.format("%a %b %-d").to_string(),
    }
}

fn decision_markdown(d: &DecisionLine) -> String {
    use crate::domain::Choice;
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
    /// A due date far from the summary's week says its year: 2028-03-01 without it reads as a
    /// Monday of the next year in a summary of 2026-W53.
    #[test]
    fn a_due_date_says_its_year_when_it_is_far() {
        let (week, day) = ("2026-W53".parse().unwrap(), |s: &str| s.parse::<chrono::NaiveDate>().unwrap());
        assert_eq!(super::due_date(day("2027-01-01"), week), "Fri Jan 1");
        assert_eq!(super::due_date(day("2027-06-28"), week), "Mon Jun 28");
        assert_eq!(super::due_date(day("2028-03-01"), week), "Wed Mar 1 2028");
        assert_eq!(super::due_date(day("2025-11-30"), week), "Sun Nov 30 2025");
    }

    /// An item left out takes the lines that go on it (a decision's `Why:`) with it, as the
    /// preview strikes them and the copy drops them.
    #[test]
    fn an_item_left_out_takes_its_lines_with_it() {
        let md = "## Decisions\n\n- **D-001** Adopt Kafka — accepted\\\n  Why: events.\n- **D-002** Keep cron — accepted\n";
        let keys = super::item_keys(md);
        let out: Vec<String> = keys[2].iter().cloned().collect();
        assert_eq!(super::left_out_lines(md, &out), [false, false, true, true, false]);
        assert_eq!(super::without_items(md, &out), "## Decisions\n\n- **D-002** Keep cron — accepted\n");
    }
}
