//! Architecture Decision Records: a client's decision log as files in their repository, in the
//! three common layouts, and back.
//!
//! - **nygard** (adr-tools): `0001-title.md`, `# 1. Title`, `Date:`, sections Status, Context,
//!   Decision, Consequences; supersede links as `Superseded by [2. Title](0002-title.md)` lines in
//!   Status (older adr-tools spell it "Superceded"; both are read, the folder's is written).
//! - **madr** (MADR 4): `0001-title.md` with YAML front matter (`status`, `date`,
//!   `decision-makers`, …) and the template's sections in order.
//! - **log4brains**: `20261118-title.md`, MADR content with `- Status:` / `- Date:` lines.
//!
//! Cockpit's fields without a standard place go into a "More Information" section (and, in MADR,
//! front matter keys); the decision's id is kept in the file so that a second database updates
//! the same file. A record is read by `parse` (over `doc`, its parts), written new by `render`,
//! and written over by `patch`, which replaces only the parts whose value Cockpit changed;
//! `merge` is the three-way merge of one record, `import` turns records into decisions.

use super::decision::{Category, Reversibility, Status};
use super::{Choice, Decision, Id};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    Nygard,
    Madr,
    Log4brains,
}

impl Choice for Layout {
    const WHAT: &'static str = "ADR layout";
    const ALL: &'static [Self] = &[Layout::Nygard, Layout::Madr, Layout::Log4brains];
    fn key(self) -> &'static str {
        match self {
            Layout::Nygard => "nygard",
            Layout::Madr => "madr",
            Layout::Log4brains => "log4brains",
        }
    }
}

/// What one ADR file says, in the terms the three layouts share.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Adr {
    pub file: String,
    /// The number in the file name (nygard, MADR); none for log4brains.
    pub number: Option<u32>,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub status: Option<Status>,
    pub context: String,
    pub options: String,
    pub decision: String,
    pub consequences: String,
    pub decided_by: String,
    /// Files this record supersedes, and the file that supersedes it.
    pub supersedes: Vec<String>,
    pub superseded_by: Option<String>,
    pub cockpit_id: Option<Id>,
    pub category: Option<Category>,
    pub reversibility: Option<Reversibility>,
    pub revisit: Option<NaiveDate>,
    pub tags: Vec<String>,
    /// What could not be read, as `file: why`: the record is not read at all.
    pub problems: Vec<String>,
    /// Values the record gives that Cockpit cannot read, as `file: why`: the rest is read, and
    /// these fields keep Cockpit's values.
    pub unread: Vec<String>,
    /// The decision's fields whose values those are (`status`, `category`).
    pub unread_fields: Vec<&'static str>,
}

/// What Cockpit last wrote into or read from a record file: the file's hash then, and the
/// decision it held then. A file whose hash differs was changed in the repository since; a
/// field of the decision that differs was changed in Cockpit.
#[derive(Debug, Clone, PartialEq)]
pub struct Synced {
    pub file: String,
    pub hash: String,
    pub decision: Decision,
}

/// The hash a file is remembered by.
pub fn hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a file name is a record: `0001-….md` or `20261118-….md`.
pub fn is_record_file(name: &str) -> bool {
    let digits = name.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && name[digits..].starts_with('-') && name.ends_with(".md")
}

/// A record known by its file name only (one that cannot be read): its number.
pub fn parse_name(file: &str) -> Adr {
    Adr { file: file.to_string(), number: file_number(file), ..Default::default() }
}

fn file_number(name: &str) -> Option<u32> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() < 8).then(|| digits.parse().ok()).flatten()
}

/// The layout a record is written in: log4brains' by its dated name, MADR's by its front
/// matter or its first section's title, else adr-tools'.
pub fn layout_of(name: &str, text: &str) -> Layout {
    if name.chars().take_while(char::is_ascii_digit).count() == 8 {
        Layout::Log4brains
    } else if text.starts_with("---") || text.contains("## Context and Problem Statement") {
        Layout::Madr
    } else {
        Layout::Nygard
    }
}

/// The layout most of a folder's records are written in (on a tie, the one written first in
/// the folder's order); none when it has no record. One record of another tool does not make
/// the folder that tool's.
pub fn detect(files: &[(String, String)]) -> Option<Layout> {
    let mut counts: Vec<(Layout, usize)> = Vec::new();
    for (name, text) in files.iter().filter(|(n, _)| is_record_file(n)) {
        let layout = layout_of(name, text);
        match counts.iter_mut().find(|(l, _)| *l == layout) {
            Some((_, n)) => *n += 1,
            None => counts.push((layout, 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(l, _)| l)
}

/// Numbers that more than one file of a folder has (after two branches each added one), as
/// `0012: 0012-a.md, 0012-b.md`, and Cockpit ids more than one file carries (a record copied
/// to start another).
pub fn duplicates(records: &[Adr]) -> Vec<String> {
    let mut by_number: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    let mut by_id: BTreeMap<Id, Vec<&str>> = BTreeMap::new();
    for a in records {
        if let Some(n) = a.number {
            by_number.entry(n).or_default().push(&a.file);
        }
        if let Some(id) = a.cockpit_id {
            by_id.entry(id).or_default().push(&a.file);
        }
    }
    let numbers = by_number.into_iter().filter(|(_, f)| f.len() > 1).map(|(n, f)| format!("{n:04}: {}", f.join(", ")));
    let ids = by_id.into_values().filter(|f| f.len() > 1).map(|f| format!("one cockpit-id: {}", f.join(", ")));
    numbers.chain(ids).collect()
}

/// adr-tools before 3.0 wrote "Supercedes"; a folder that does keeps doing so.
pub fn old_spelling(files: &[(String, String)]) -> bool {
    files.iter().any(|(_, t)| t.contains("Supercedes [") || t.contains("Superceded by ["))
}

/// Body text as a record holds it, so that it renders as typed: a line that would read as
/// markup of ours (a heading, our id comment, an escape) gets a backslash, and so does a `<` that
/// would start an HTML tag or a `&` that would start an entity, and each backslash typed right
/// before one (else it would escape the backslash put there, and the tag be read). Code (a span
/// between backticks, a block between fences) is written as it is, where Markdown reads no
/// markup and shows every backslash; only a line there that would read as our id comment gets
/// one. A fence never closed is text (else the rest of the record would be code, its other
/// sections unread). Lists, emphasis and the rest stay as written. [`unescape`] takes the
/// backslashes off.
fn escape(text: &str) -> String {
    let line = |l: &str, code: bool| {
        if code {
            return if names_our_id(l) { format!("\\{l}") } else { l.to_string() };
        }
        let escaped = outside_code(l, |t| escape_chars(t, body_markup));
        // (A line that starts with a backslash escaped above already reads as text.)
        match ours_at(l) {
            Some(at) if !(l[at..].starts_with('\\') && body_markup('\\', &l[at + 1..])) => format!("{}\\{}", &l[..at], &escaped[at..]),
            _ => escaped,
        }
    };
    let escaped = by_line(text, line);
    // Where a renderer would read the blocks otherwise (a fence in a list item ends with the
    // item): a heading-like line kept as code would start a section, a fence paired here may
    // be one never closed there, and a `<!--` kept as code may open raw HTML that hides the
    // rest of the record. The whole text is then written as text.
    let lines: Vec<&str> = escaped.lines().collect();
    let read = doc::rendering(&lines);
    if read.unclosed.is_none() && read.headings.is_empty() {
        return escaped;
    }
    text.lines().map(|l| line(l, false)).collect::<Vec<_>>().join("\n")
}

/// `text` with `f` applied to each line, told whether the line is in a fenced code block.
fn by_line(text: &str, f: impl Fn(&str, bool) -> String) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let code = doc::fenced(&lines);
    lines.iter().zip(code).map(|(l, code)| f(l, code)).collect::<Vec<_>>().join("\n")
}

fn unescape(text: &str) -> String {
    by_line(text, |l, code| {
        let plain = |t: &str| outside_code(t, |t| unescape_chars(t, body_markup));
        if code {
            return l.strip_prefix('\\').filter(|rest| names_our_id(rest)).unwrap_or(l).to_string();
        }
        let indent = l.len() - l.trim_start_matches(' ').len();
        let ours = (indent <= 3).then(|| l[indent..].strip_prefix('\\')).flatten().filter(|rest| ours_at(&plain(rest)) == Some(0));
        match ours {
            Some(rest) => format!("{}{}", &l[..indent], plain(rest)),
            None => plain(l),
        }
    })
}

/// A line that would read as our id comment, backslashes before it or not (in a code block, it
/// gets one more, which [`unescape`] takes off).
fn names_our_id(l: &str) -> bool {
    l.trim_start_matches('\\').starts_with("<!-- cockpit-id")
}

/// `line` with `f` applied to each part outside code spans (a run of backticks to the next run
/// of as many); the spans as they are.
fn outside_code(line: &str, f: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let (mut plain_from, mut i) = (0, 0);
    let bytes = line.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'`' {
            i += 1;
            continue;
        }
        let run = bytes[i..].iter().take_while(|b| **b == b'`').count();
        let close = (i + run..bytes.len())
            .find(|&j| bytes[j] == b'`' && bytes[j - 1] != b'`' && bytes[j..].iter().take_while(|b| **b == b'`').count() == run);
        match close {
            Some(j) => {
                out.push_str(&f(&line[plain_from..i]));
                out.push_str(&line[i..j + run]);
                i = j + run;
                plain_from = i;
            }
            None => i += run,
        }
    }
    out.push_str(&f(&line[plain_from..]));
    out
}

/// A `<` or `&` in text that would start an HTML tag, comment or entity, or a backslash (of a
/// run of them) right before one.
fn body_markup(c: char, next: &str) -> bool {
    match c {
        '<' | '&' => starts_markup(c, next),
        '\\' => {
            let rest = next.trim_start_matches('\\');
            rest.chars().next().is_some_and(|m| matches!(m, '<' | '&') && starts_markup(m, &rest[m.len_utf8()..]))
        }
        _ => false,
    }
}

fn line_is_ours(l: &str) -> bool {
    l.starts_with(['#', '\\']) || l.starts_with("<!-- cockpit-id") || doc::is_fence(l)
}

/// Where a line would read as markup of ours (a heading, our id comment, an escape, a fence, or
/// an underline making the line above it a heading), indented up to three spaces: the place
/// after the indentation, where a backslash makes it text.
fn ours_at(l: &str) -> Option<usize> {
    let indent = l.len() - l.trim_start_matches(' ').len();
    let rest = l.get(indent..).filter(|_| indent <= 3)?;
    let run = rest.trim_end();
    let underline = !run.is_empty() && (run.bytes().all(|b| b == b'=') || run.bytes().all(|b| b == b'-'));
    (line_is_ours(rest) || underline).then_some(indent)
}

/// Whether `c` followed by `next` starts an HTML tag, comment or entity.
fn starts_markup(c: char, next: &str) -> bool {
    match c {
        '<' => next.starts_with(|n: char| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
        _ => {
            let name: String = next.chars().take_while(|n| n.is_ascii_alphanumeric() || *n == '#').collect();
            !name.is_empty() && next[name.len()..].starts_with(';')
        }
    }
}

/// A title as a record holds it: every character Markdown would read as markup gets a backslash,
/// and so does the full stop after a number it starts with (`3\. Tiers`): a heading that starts
/// `3. ` is adr-tools' numbered heading, read as the record's number.
pub(crate) fn escape_title(title: &str) -> String {
    let escaped = escape_chars(title, |c, _| TITLE_MARKUP.contains(c));
    match numbered(&escaped, ". ") {
        Some((n, rest)) => format!("{n}\\. {rest}"),
        None => escaped,
    }
}

/// The title a heading's words give: adr-tools' number in front (`3. `) is not part of it, in an
/// adr-tools record whatever number its file's name has now (a file renumbered keeps its
/// heading), and in any other numbered file when it is the file's number; a title's own number
/// is written escaped (`3\. Tiers`).
fn unescape_title(heading: &str, number: Option<u32>, layout: Layout) -> String {
    let heading = heading.trim();
    let heading = match numbered(heading, ". ") {
        Some((n, rest)) if number.is_some() && (layout == Layout::Nygard || n.parse().ok() == number) => rest.trim_start(),
        _ => heading,
    };
    let unescape = |t: &str| unescape_chars(t.trim(), |c, _| TITLE_MARKUP.contains(c));
    match numbered(heading, "\\. ") {
        Some((n, rest)) => format!("{n}. {}", unescape(rest)),
        None => unescape(heading),
    }
}

/// A text that starts with a number (up to nine digits) and then `dot`: the number and the rest.
fn numbered<'a>(text: &'a str, dot: &str) -> Option<(&'a str, &'a str)> {
    let (n, rest) = text.split_once(dot)?;
    (!n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit())).then_some((n, rest))
}

const TITLE_MARKUP: &str = "\\`*_[]<>&#";

/// `text` with a backslash before each character `special` picks (given what follows it).
fn escape_chars(text: &str, special: impl Fn(char, &str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if special(c, &text[i + c.len_utf8()..]) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn unescape_chars(text: &str, special: impl Fn(char, &str) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c == '\\' {
            if let Some(&(j, n)) = chars.peek() {
                if special(n, &text[j + n.len_utf8()..]) {
                    out.push(n);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// A YAML scalar: JSON's double-quoted strings are valid YAML.
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(60).collect();
    if out.is_empty() {
        "decision".into()
    } else {
        out.trim_end_matches('-').to_string()
    }
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Proposed => "Proposed",
        Status::Accepted => "Accepted",
        Status::Rejected => "Rejected",
        Status::Deprecated => "Deprecated",
        Status::Superseded => "Superseded",
    }
}

/// Which of a Status section's lines (trimmed, none blank) holds the status: the first that
/// reads as one (a supersede link aside), else the first that is no link of any kind nor a
/// template's placeholder (a status Cockpit cannot read); none when no line is either. (A
/// teammate's sentence before the status, an `adr link` relation, a comment, are not it.)
fn status_line_at(lines: &[&str]) -> Option<usize> {
    let link = |l: &str| parse::supersede_link(l).is_some();
    // (A line that is a status alone comes first: a sentence may start with a status's word,
    // "Rejected options are in the wiki".)
    (lines.iter().position(|l| !link(l) && status_alone(l)))
        .or_else(|| lines.iter().position(|l| !link(l) && parse_status(l).is_some()))
        .or_else(|| lines.iter().position(|l| !link(l) && !l.contains("](") && !doc::placeholder(l)))
}

/// The word a status line says its status with (emphasis, a link, a full stop around it), and
/// the rest of the line.
fn status_word_of(s: &str) -> Option<(&str, &str)> {
    let s = s.trim();
    // (A status struck through before another: the other; one struck through alone: none.)
    let s = match s.strip_prefix("~~").and_then(|rest| rest.split_once("~~")) {
        Some((_, after)) if !after.trim().is_empty() => after.trim(),
        Some(_) => return None,
        None => s,
    };
    let s = s.trim_matches('"');
    let w = match s.strip_prefix('[').and_then(|r| r.split_once("](")) {
        Some((text, _)) => text,
        None => s.split_whitespace().next()?,
    };
    let start = w.find(|c: char| c.is_alphabetic())?;
    let len = w[start..].find(|c: char| !c.is_alphabetic()).unwrap_or(w.len() - start);
    let word = &w[start..start + len];
    let at = s.find(word).expect("the word is in the line");
    Some((word, &s[at + len..]))
}

/// Whether a line is a status and nothing more (`Accepted`, `**Accepted**.`, `[Accepted](…)`).
fn status_alone(s: &str) -> bool {
    let Some((_, rest)) = status_word_of(s).filter(|(w, _)| parse_status(w).is_some()) else { return false };
    let rest = rest.trim_start_matches(['*', '_', '`', '~', '"', '.', '!']);
    rest.trim().is_empty() || (rest.starts_with("](") && rest.ends_with(')'))
}

/// A status as a record words it: its first word, in any case, emphasis and a full stop
/// around it taken off (`**Accepted**`, `Rejected.`), and a status struck through before it
/// (`~~Proposed~~ Accepted`).
fn parse_status(s: &str) -> Option<Status> {
    let w = status_word_of(s)?.0.to_lowercase();
    Some(match w.as_str() {
        "superseded" | "superceded" => Status::Superseded,
        "draft" | "proposed" => Status::Proposed,
        "accepted" => Status::Accepted,
        "rejected" => Status::Rejected,
        "deprecated" => Status::Deprecated,
        _ => return None,
    })
}

mod consequences;
mod doc;
mod import;
mod merge;
mod parse;
mod patch;
mod render;

pub use import::{import, read_into, Known};
pub use merge::{differences, merge, take_fields};
pub use parse::{parse, resolve_numbers, FRONT_MATTER_LIMIT};
pub use patch::{patch, Patch};
pub use render::{index, merge_index, render_all, Extra, INDEX_END, INDEX_START};

/// Where the evaluation of a decision's options begins and ends in its record (a table Cockpit
/// writes from its vendors' scores; reading the record leaves it out of the field it follows).
pub const EVALUATION_START: &str = "<!-- cockpit-evaluation: written from Cockpit's scores -->";
pub const EVALUATION_END: &str = "<!-- /cockpit-evaluation -->";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_whose_blocks_a_renderer_reads_otherwise_is_written_as_text() {
        // Paired here, the fences are a list item's block and a top-level one never closed to a
        // renderer, which reads the heading-like line as a heading.
        for text in
            ["- a\n\n  ```\n## x\n  ```", "- a\n\n  ```\nb\n  ```", "- a\n\n  ```\n<!-- x\n- b\n\n  ```", "- a\n\n  ```\n<pre>\n  ```"]
        {
            let record = format!("# 1. T\n\n## Context\n\n{}\n\n## Decision\n\nD.\n", escape(text));
            let a = parse("0001-t.md", &record);
            assert_eq!((a.context.as_str(), a.decision.as_str(), a.problems.len()), (text, "D.", 0), "{record}");
        }
    }

    #[test]
    fn a_status_line_that_says_other_than_the_front_matter_is_named() {
        let text = "---\nstatus: accepted\n---\n\n# Two statuses\n\nStatus: rejected\n\n## Context and Problem Statement\n\nctx\n";
        let a = parse("0001-two.md", text);
        assert_eq!(a.status, Some(Status::Accepted));
        assert_eq!(a.unread, ["0001-two.md: its status line \"rejected\" says other than its front matter (accepted), which is read"]);
        assert!(parse("0001-two.md", &text.replace("rejected", "Accepted")).unread.is_empty(), "saying the same is fine");
    }

    #[test]
    fn the_index_changes_only_between_cockpits_marks() {
        let table = "# Architecture Decision Records\n\n| Number | Title | Status | Date |\n|---|---|---|---|\n| 0001 | [A](0001-a.md) | accepted | 2026-11-18 |\n";
        // A new file is all Cockpit's.
        let new = merge_index(None, table).unwrap();
        assert!(new.starts_with(INDEX_START) && new.ends_with(&format!("{INDEX_END}\n")));
        // A team's own file: left alone, unless it has the marks; then only between them.
        assert_eq!(merge_index(Some("# Our decisions\n\nWritten by us.\n"), table), None);
        let theirs = format!("# Our decisions\n\nIntro.\n\n{INDEX_START}\nold\n{INDEX_END}\n\nOutro.\n");
        let merged = merge_index(Some(&theirs), table).unwrap();
        assert_eq!(merged, format!("# Our decisions\n\nIntro.\n\n{INDEX_START}\n{table}{INDEX_END}\n\nOutro.\n"));
        // An index an earlier Cockpit wrote (before the marks) is Cockpit's.
        assert_eq!(merge_index(Some(table), table), Some(new));
    }

    #[test]
    fn reads_an_adr_tools_record() {
        let text = "# 2. Use PostgreSQL for bookings\n\nDate: 2026-11-22\n\n## Status\n\nSuperceded by [3. Use CockroachDB](0003-use-cockroachdb.md)\n\n## Context\n\nWe need SQL.\n\n## Decision\n\nPostgres.\n\n## Consequences\n\nOps work.\n";
        let a = parse("0002-use-postgresql-for-bookings.md", text);
        assert_eq!(a.title, "Use PostgreSQL for bookings");
        assert_eq!(a.number, Some(2));
        assert_eq!(a.status, Some(Status::Superseded));
        assert_eq!(a.superseded_by.as_deref(), Some("0003-use-cockroachdb.md"));
        assert_eq!((a.context.as_str(), a.decision.as_str(), a.consequences.as_str()), ("We need SQL.", "Postgres.", "Ops work."));
        assert!(old_spelling(&[("x".into(), text.into())]));
    }

    /// adr-tools' number in a heading is never part of the title, also once the file is
    /// renumbered (`git mv` after two branches took one number); a title's own number is.
    #[test]
    fn a_heading_number_is_the_records_and_a_titles_own_number_is_kept() {
        let renumbered = "# 3. Use Postgres\n\nDate: 2026-11-22\n\n## Status\n\nAccepted\n";
        assert_eq!(parse("0004-use-postgres.md", renumbered).title, "Use Postgres");
        // (A dated log4brains name has no number: its heading is all title.)
        assert_eq!(parse("20261122-use-postgres.md", renumbered).title, "3. Use Postgres");
        // MADR's headings carry no number: a team's title that starts with one keeps it (but
        // the file's own, as adr-tools would have written it).
        let madr = |title: &str| format!("---\nstatus: accepted\n---\n\n# {title}\n\n## Context and Problem Statement\n\nMoney.\n");
        assert_eq!(parse("0005-2024-budget-review.md", &madr("2024. Budget review")).title, "2024. Budget review");
        assert_eq!(parse("0005-budget-review.md", &madr("5. Budget review")).title, "Budget review");
        for title in ["3. Tiers", "2024. A year", "3\\. typed with its backslash", "12 monkeys", "3.5 engines", "Plain"] {
            let mut d = Decision::captured(
                crate::domain::fixtures::id(1),
                crate::domain::fixtures::id(9),
                title,
                chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
                crate::domain::fixtures::noon(),
            );
            d.number = 7;
            for layout in Layout::ALL {
                let (_, file, text) =
                    render_all(*layout, false, &[], &HashMap::new(), std::slice::from_ref(&d), &Default::default()).remove(0);
                assert_eq!(parse(&file, &text).title, title, "{layout:?}: {text}");
            }
        }
    }

    #[test]
    fn body_lines_that_look_like_markup_round_trip() {
        let text =
            "# not a heading\n\\ backslash\n\\\\ two\n\\\\<i> two\n<!-- cockpit-id: nope -->\n- Category: ai\nplain\n<b>tag</b> first\n\\<a> typed\n&amp; first";
        assert_eq!(unescape(&escape(text)), text);
    }

    /// Code spans and fenced blocks are written as they are (Markdown shows every backslash
    /// there), but for a line in a block that would read as our id; all read back the same.
    #[test]
    fn code_is_written_as_it_is() {
        let spans = "Store it as `Vec<u8>` and use ``<details>``; path `C:\\tmp\\<x>` and `a &amp; b`, not <b>";
        assert_eq!(escape(spans), "Store it as `Vec<u8>` and use ``<details>``; path `C:\\tmp\\<x>` and `a &amp; b`, not \\<b>");
        let block = "Config:\n\n```xml\n<bean id=\"x\">&amp;</bean>\n# a comment\n\\<not escaped>\n```\n\n# after";
        assert_eq!(escape(block), "Config:\n\n```xml\n<bean id=\"x\">&amp;</bean>\n# a comment\n\\<not escaped>\n```\n\n\\# after");
        let id = "```\n<!-- cockpit-id: 00000000-0000-0000-0000-000000000001 -->\n\\<!-- cockpit-id: x -->\n```";
        assert_eq!(escape(id).lines().filter(|l| l.starts_with("\\<!--")).count(), 1);
        for text in [spans, block, id, "an `unclosed span <b>", "``double ` inside`` <i>"] {
            assert_eq!(unescape(&escape(text)), text, "{}", escape(text));
        }
        // A fence never closed is text: the sections after it are still read.
        let open = "Run:\n```sh\nmake";
        assert_eq!(escape(open), "Run:\n\\```sh\nmake");
        assert_eq!(unescape(&escape(open)), open);
        let record = format!("# 1. T\n\n## Context\n\n{}\n\n## Decision\n\nUse make.\n", escape(open));
        assert_eq!((parse("0001-t.md", &record).context, parse("0001-t.md", &record).decision), (open.to_string(), "Use make.".into()));
        // The id line in a block is not read as the record's id.
        let record = format!("# 1. T\n\n## Context\n\n{}\n", escape(id));
        assert_eq!(parse("0001-t.md", &record).cockpit_id, None);
    }

    /// Backslashes typed before what would be a tag, a comment or an entity: the text renders as
    /// typed (a CommonMark renderer finds no tag in it), and reads back the same.
    #[test]
    fn backslashes_before_markup_render_as_typed() {
        for text in
            ["a \\<b> x", "C:\\dir\\<x>", "x \\<!-- c -->", "\\<script>alert(1)\\</script>", "\\\\<b> two", "\\&amp; e", "\\<a> typed"]
        {
            let escaped = escape(text);
            assert_eq!(unescape(&escaped), text, "{escaped}");
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&escaped));
            let shown = html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", "\"");
            assert_eq!(shown.trim().trim_start_matches("<p>").trim_end_matches("</p>"), text, "{escaped} renders as {html}");
        }
    }

    /// A day outside Cockpit's calendar, in a record or its name, is read as none (the import
    /// then dates it as a record without one).
    #[test]
    fn days_outside_the_calendar_are_not_read() {
        assert_eq!(parse("0001-a.md", "# 1. A\n\nDate: 1960-01-01\n").date, None);
        assert_eq!(parse("19600101-old.md", "# Old\n\n- Date: [YYYY-MM-DD]\n").date, None);
        assert_eq!(parse("0001-a.md", "---\ndate: 0001-01-01\nrevisit: 10000-01-01\n---\n# A\n").date, None);
        assert_eq!(parse("20261118-new.md", "# New\n").date, NaiveDate::from_ymd_opt(2026, 11, 18));
    }

    #[test]
    fn detects_layouts() {
        let f = |n: &str, t: &str| vec![(n.to_string(), t.to_string())];
        assert_eq!(detect(&f("0001-a.md", "# 1. A\n\nDate: 2026-01-01\n")), Some(Layout::Nygard));
        assert_eq!(detect(&f("0001-a.md", "---\nstatus: accepted\n---\n# A\n")), Some(Layout::Madr));
        assert_eq!(detect(&f("20260101-a.md", "# A\n")), Some(Layout::Log4brains));
        assert_eq!(detect(&f("README.md", "# ADRs")), None);
        // Most records' layout; on a tie, the first record's.
        let nygard = |n: &str| (n.to_string(), "# 1. A\n\n## Status\n\nAccepted\n".to_string());
        let madr = |n: &str| (n.to_string(), "---\nstatus: accepted\n---\n# A\n".to_string());
        assert_eq!(detect(&[nygard("0001-a.md"), nygard("0002-b.md"), madr("0003-c.md")]), Some(Layout::Nygard));
        assert_eq!(detect(&[madr("0001-a.md"), nygard("0002-b.md")]), Some(Layout::Madr));
        assert_eq!(detect(&[nygard("0001-a.md"), madr("0002-b.md")]), Some(Layout::Nygard));
    }
}
