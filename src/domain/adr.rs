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
//! front matter keys); the decision's id is kept in the file so that a second export updates the
//! same file and changes nothing.

use super::decision::{Category, Reversibility, Status};
use super::{Choice, Decision, Id};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// What could not be read, as `file: why`.
    pub problems: Vec<String>,
}

/// Whether a file name is a record: `0001-….md` or `20261118-….md`.
pub fn is_record_file(name: &str) -> bool {
    let digits = name.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && name[digits..].starts_with('-') && name.ends_with(".md")
}

fn file_number(name: &str) -> Option<u32> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    (digits.len() < 8).then(|| digits.parse().ok()).flatten()
}

/// The layout of a folder of records, from its file names and contents; none when empty.
pub fn detect(files: &[(String, String)]) -> Option<Layout> {
    let records: Vec<&(String, String)> = files.iter().filter(|(n, _)| is_record_file(n)).collect();
    let first = records.first()?;
    if first.0.chars().take_while(char::is_ascii_digit).count() == 8 {
        return Some(Layout::Log4brains);
    }
    let madr = records.iter().any(|(_, t)| t.starts_with("---") || t.contains("## Context and Problem Statement"));
    Some(if madr { Layout::Madr } else { Layout::Nygard })
}

/// adr-tools before 3.0 wrote "Supercedes"; a folder that does keeps doing so.
pub fn old_spelling(files: &[(String, String)]) -> bool {
    files.iter().any(|(_, t)| t.contains("Supercedes [") || t.contains("Superceded by ["))
}

/// A line of body text that would read as markup of ours (a heading, our id comment, an escape)
/// gets a backslash; [`unescape`] takes it off. Lists, emphasis and the rest stay as written.
fn escape(text: &str) -> String {
    let ours = |l: &str| l.starts_with(['#', '\\']) || l.starts_with("<!-- cockpit-id");
    text.lines().map(|l| if ours(l) { format!("\\{l}") } else { l.to_string() }).collect::<Vec<_>>().join("\n")
}

fn unescape(text: &str) -> String {
    let ours = |l: &str| l.starts_with(['#', '\\']) || l.starts_with("<!-- cockpit-id");
    text.lines().map(|l| l.strip_prefix('\\').filter(|rest| ours(rest)).unwrap_or(l)).collect::<Vec<_>>().join("\n")
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

fn parse_status(s: &str) -> Option<Status> {
    let w = s.trim().trim_matches('"').split_whitespace().next()?.to_lowercase();
    Some(match w.as_str() {
        "superseded" | "superceded" => Status::Superseded,
        "draft" | "proposed" => Status::Proposed,
        "accepted" => Status::Accepted,
        "rejected" => Status::Rejected,
        "deprecated" => Status::Deprecated,
        _ => return None,
    })
}

/// Whether a record in a folder is a decision's: by the id kept in the file, else (a record
/// Cockpit did not write, such as one imported from the folder) by title and date.
fn describes(a: &Adr, d: &Decision) -> bool {
    match a.cockpit_id {
        Some(id) => id == d.id,
        None => super::text::clean_line(&a.title).to_lowercase() == d.title.to_lowercase() && a.date.is_none_or(|x| x == d.date),
    }
}

/// The file names a set of decisions get in a folder: a decision already there keeps its file;
/// new ones take the next free number (or date prefix) in Cockpit's order.
pub fn file_names(layout: Layout, existing: &[Adr], decisions: &[&Decision]) -> HashMap<Id, (String, Option<u32>)> {
    let mut names = HashMap::new();
    let mut taken: Vec<String> = existing.iter().map(|a| a.file.clone()).collect();
    let mut claimed: Vec<&str> = Vec::new();
    let mut next = existing.iter().filter_map(|a| a.number).max().unwrap_or(0) + 1;
    // Records with this decision's id first, so that a title match never takes another's file.
    for d in decisions {
        if let Some(a) = existing.iter().find(|a| a.cockpit_id == Some(d.id)) {
            names.insert(d.id, (a.file.clone(), a.number));
            claimed.push(&a.file);
        }
    }
    for d in decisions {
        if names.contains_key(&d.id) {
            continue;
        }
        if let Some(a) = existing.iter().find(|a| !claimed.contains(&a.file.as_str()) && describes(a, d)) {
            names.insert(d.id, (a.file.clone(), a.number));
            claimed.push(&a.file);
            continue;
        }
        let (name, number) = match layout {
            Layout::Log4brains => {
                let base = format!("{}-{}", d.date.format("%Y%m%d"), slug(&d.title));
                let name = (1..).map(|k| if k == 1 { format!("{base}.md") } else { format!("{base}-{k}.md") }).find(|n| !taken.contains(n));
                (name.expect("a free name"), None)
            }
            _ => {
                let n = next;
                next += 1;
                (format!("{n:04}-{}.md", slug(&d.title)), Some(n))
            }
        };
        taken.push(name.clone());
        names.insert(d.id, (name, number));
    }
    names
}

/// The files of an export: each decision's record, rendered for the layout.
pub fn render_all(layout: Layout, old_spelling: bool, existing: &[Adr], decisions: &[Decision]) -> Vec<(String, String)> {
    let mut ordered: Vec<&Decision> = decisions.iter().collect();
    ordered.sort_by_key(|d| d.number);
    let names = file_names(layout, existing, &ordered);
    let link = |id: Id| -> Option<(String, String)> {
        let d = decisions.iter().find(|d| d.id == id)?;
        let (file, number) = names.get(&id)?;
        let label = match (layout, number) {
            (Layout::Nygard, Some(n)) => format!("{n}. {}", d.title),
            (Layout::Madr, Some(n)) => format!("ADR-{n:04}"),
            _ => d.title.clone(),
        };
        Some((label, file.clone()))
    };
    let (sup, sup_by) = if old_spelling { ("Supercedes", "Superceded by") } else { ("Supersedes", "Superseded by") };
    ordered
        .iter()
        .map(|d| {
            let (file, number) = names[&d.id].clone();
            let by = d.superseded_by.and_then(link);
            let mut replaces: Vec<&Decision> = decisions.iter().filter(|o| o.superseded_by == Some(d.id)).collect();
            replaces.sort_by_key(|o| o.number);
            let replaces: Vec<(String, String)> = replaces.iter().filter_map(|o| link(o.id)).collect();
            let text = render(layout, d, number, by.as_ref(), &replaces, (sup, sup_by));
            (file, text)
        })
        .collect()
}

fn more_information(d: &Decision) -> String {
    let mut lines = vec![format!("- Category: {}", d.category.key()), format!("- Reversibility: {}", d.reversibility.key())];
    if let Some(r) = d.revisit {
        lines.push(format!("- Revisit: {r}"));
    }
    if !d.tags.is_empty() {
        lines.push(format!("- Tags: {}", d.tags.join(", ")));
    }
    if !d.decided_by.is_empty() {
        lines.push(format!("- Decision makers: {}", d.decided_by.replace('\n', " ")));
    }
    lines.push(format!("- Cockpit: {}", d.code()));
    lines.join("\n")
}

fn section(out: &mut String, heading: &str, body: &str) {
    section_raw(out, heading, &escape(body));
}

fn section_raw(out: &mut String, heading: &str, body: &str) {
    out.push_str(&format!("\n{heading}\n"));
    if !body.is_empty() {
        out.push_str(&format!("\n{body}\n"));
    }
}

fn render(
    layout: Layout,
    d: &Decision,
    number: Option<u32>,
    by: Option<&(String, String)>,
    replaces: &[(String, String)],
    (sup, sup_by): (&str, &str),
) -> String {
    let mut out = String::new();
    let id_comment = format!("<!-- cockpit-id: {} -->\n", d.id);
    let links = |out: &mut String| {
        if let Some((label, file)) = by {
            out.push_str(&format!("{sup_by} [{label}]({file})\n\n"));
        }
        for (label, file) in replaces {
            out.push_str(&format!("{sup} [{label}]({file})\n\n"));
        }
    };
    match layout {
        Layout::Nygard => {
            out.push_str(&format!("# {}. {}\n\nDate: {}\n\n## Status\n\n", number.unwrap_or(0), d.title, d.date));
            if by.is_none() {
                out.push_str(&format!("{}\n\n", status_word(d.status)));
            }
            links(&mut out);
            out.pop();
            section(&mut out, "## Context", &d.context);
            section(&mut out, "## Decision", &d.decision);
            section(&mut out, "## Consequences", &d.consequences);
            if !d.options.is_empty() {
                section(&mut out, "## Considered Options", &d.options);
            }
            section_raw(&mut out, "## More Information", &more_information(d));
            out.push('\n');
            out.push_str(&id_comment);
        }
        Layout::Madr | Layout::Log4brains => {
            let status = match (by, layout) {
                (Some((label, _)), Layout::Madr) => format!("superseded by {label}"),
                (Some((label, file)), _) => format!("superseded by [{label}]({file})"),
                (None, _) => d.status.key().to_string(),
            };
            if layout == Layout::Madr {
                out.push_str("---\n");
                out.push_str(&format!("status: {}\n", yaml_str(&status)));
                out.push_str(&format!("date: {}\n", d.date));
                if !d.decided_by.is_empty() {
                    out.push_str(&format!("decision-makers: {}\n", yaml_str(&d.decided_by)));
                }
                out.push_str(&format!("cockpit-id: {}\n", yaml_str(&d.id.to_string())));
                out.push_str(&format!("category: {}\n", d.category.key()));
                out.push_str(&format!("reversibility: {}\n", d.reversibility.key()));
                if let Some(r) = d.revisit {
                    out.push_str(&format!("revisit: {r}\n"));
                }
                if !d.tags.is_empty() {
                    out.push_str(&format!("tags: [{}]\n", d.tags.iter().map(|t| yaml_str(t)).collect::<Vec<_>>().join(", ")));
                }
                out.push_str("---\n\n");
                out.push_str(&format!("# {}\n", d.title));
            } else {
                out.push_str(&format!("# {}\n\n- Status: {status}\n- Date: {}\n", d.title, d.date));
                if !d.decided_by.is_empty() {
                    out.push_str(&format!("- Deciders: {}\n", d.decided_by.replace('\n', " ")));
                }
                if !d.tags.is_empty() {
                    out.push_str(&format!("- Tags: {}\n", d.tags.join(", ")));
                }
            }
            section(&mut out, "## Context and Problem Statement", &d.context);
            if !d.options.is_empty() {
                section(&mut out, "## Considered Options", &d.options);
            }
            section(&mut out, "## Decision Outcome", &d.decision);
            if !d.consequences.is_empty() {
                section(&mut out, "### Consequences", &d.consequences);
            }
            section_raw(&mut out, "## More Information", &more_information(d));
            if by.is_some() || !replaces.is_empty() {
                out.push('\n');
                links(&mut out);
                out.pop();
            }
            if layout == Layout::Log4brains {
                out.push('\n');
                out.push_str(&id_comment);
            }
        }
    }
    out
}

/// The index: a table of every record in the folder (Cockpit's and others), by number or date.
pub fn index(layout: Layout, records: &[Adr]) -> String {
    let mut rows: Vec<&Adr> = records.iter().collect();
    rows.sort_by(|a, b| (a.number, a.date, &a.file).cmp(&(b.number, b.date, &b.file)));
    let mut out = String::from("# Architecture Decision Records\n\n");
    let first = if layout == Layout::Log4brains { "Date" } else { "Number" };
    out.push_str(&format!("| {first} | Title | Status | Date |\n|---|---|---|---|\n"));
    let cell = |s: &str| s.replace('|', "\\|");
    for a in rows {
        let num = match a.number {
            Some(n) if layout != Layout::Log4brains => format!("{n:04}"),
            _ => a.date.map(|d| d.to_string()).unwrap_or_default(),
        };
        let status = a.status.map(|s| s.key()).unwrap_or("unknown");
        let date = a.date.map(|d| d.to_string()).unwrap_or_default();
        out.push_str(&format!("| {num} | [{}]({}) | {status} | {date} |\n", cell(&a.title), a.file));
    }
    out
}

/// The lines between which Cockpit keeps its index table in a folder's README.md or index.md.
pub const INDEX_START: &str = "<!-- cockpit-index: start (Cockpit keeps the lines up to the end mark; edit outside them) -->";
pub const INDEX_END: &str = "<!-- cockpit-index: end -->";

/// The index file with Cockpit's table brought up to date, or `None` when the file is not
/// Cockpit's to change: an index Cockpit did not write and that has no marks of its own.
/// A new file is all Cockpit's; an existing one changes only between the marks (or whole, when
/// it is an index an earlier Cockpit wrote, before the marks).
pub fn merge_index(existing: Option<&str>, index: &str) -> Option<String> {
    let block = format!("{INDEX_START}\n{index}{INDEX_END}\n");
    let Some(text) = existing else { return Some(block) };
    if let (Some(start), Some(end)) = (text.find(INDEX_START), text.find(INDEX_END)) {
        if start < end {
            let after = &text[end + INDEX_END.len()..];
            return Some(format!("{}{block}{}", &text[..start], after.strip_prefix('\n').unwrap_or(after)));
        }
    }
    let old_cockpit = text.starts_with("# Architecture Decision Records\n\n| ")
        && text.lines().skip(2).all(|l| l.starts_with('|'))
        && text.lines().nth(2).is_some_and(|l| l.ends_with("| Title | Status | Date |"));
    old_cockpit.then_some(block)
}

/// Reads one record in any of the three layouts.
pub fn parse(file: &str, text: &str) -> Adr {
    let mut a = Adr { file: file.to_string(), number: file_number(file), ..Default::default() };
    let mut body = text.replace("\r\n", "\n");
    if let Some(rest) = body.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n").or_else(|| rest.strip_suffix("\n---").map(|r| r.len())) {
            front_matter(&mut a, &rest[..end]);
            body = rest[(end + 5).min(rest.len())..].to_string();
        }
    }
    // Header: the title, `Date:` (nygard), `- Status:` / `- Date:` bullets (log4brains).
    let mut sections: Vec<(String, Vec<&str>)> = vec![(String::new(), Vec::new())];
    for line in body.lines() {
        if let Some(h) = line.strip_prefix("## ").or_else(|| line.strip_prefix("### ")) {
            sections.push((h.trim().to_lowercase(), Vec::new()));
        } else if let Some(t) = line.strip_prefix("# ").filter(|_| a.title.is_empty() && sections.len() == 1) {
            a.title = title_of(t, a.number);
        } else {
            sections.last_mut().expect("a section").1.push(line);
        }
    }
    for line in &sections[0].1 {
        let l = line.trim();
        if let Some(d) = l.strip_prefix("Date:").or_else(|| l.strip_prefix("- Date:")) {
            a.date = a.date.or_else(|| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
        } else if let Some(s) = l.strip_prefix("- Status:") {
            status_line(&mut a, s);
        } else if let Some(s) = l.strip_prefix("- Deciders:") {
            a.decided_by = s.trim().to_string();
        } else if let Some(t) = l.strip_prefix("- Tags:") {
            a.tags = super::decision::clean_tags(t.split(','));
        }
    }
    for (name, lines) in &sections[1..] {
        let text = unescape(lines.join("\n").trim_matches('\n'));
        match name.as_str() {
            "status" => {
                for l in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
                    if !link_line(&mut a, l) && a.status.is_none() {
                        a.status = parse_status(l);
                    }
                }
            }
            "context" | "context and problem statement" => a.context = text,
            "decision" | "decision outcome" => a.decision = text,
            "consequences" => a.consequences = text,
            "considered options" => a.options = text,
            "more information" | "links" => {
                for l in lines.iter().map(|l| l.trim()) {
                    if !link_line(&mut a, l) {
                        more_line(&mut a, l);
                    }
                }
            }
            _ => {}
        }
    }
    for line in text.lines() {
        if let Some(id) = line.trim().strip_prefix("<!-- cockpit-id:").and_then(|r| r.strip_suffix("-->")) {
            a.cockpit_id = a.cockpit_id.or_else(|| id.trim().parse().ok());
        }
    }
    a
}

/// `# 2. Use PostgreSQL` is titled "Use PostgreSQL" in a file numbered 2.
fn title_of(t: &str, number: Option<u32>) -> String {
    let t = t.trim();
    if let Some((n, rest)) = t.split_once(". ") {
        if n.parse::<u32>().ok() == number && number.is_some() {
            return rest.trim().to_string();
        }
    }
    t.to_string()
}

fn status_line(a: &mut Adr, s: &str) {
    a.status = parse_status(s);
    if let Some(target) = link_target(s) {
        a.superseded_by = Some(target);
    }
}

fn link_target(l: &str) -> Option<String> {
    let start = l.find("](")? + 2;
    let end = l[start..].find(')')? + start;
    let target = &l[start..end];
    Some(target.rsplit('/').next().unwrap_or(target).to_string())
}

/// A supersede link, in either spelling; true if the line was one.
fn link_line(a: &mut Adr, l: &str) -> bool {
    let lower = l.to_lowercase();
    let Some(target) = link_target(l) else { return false };
    if lower.starts_with("superseded by") || lower.starts_with("superceded by") {
        a.superseded_by = Some(target);
        a.status = a.status.or(Some(Status::Superseded));
        true
    } else if lower.starts_with("supersedes") || lower.starts_with("supercedes") {
        if !a.supersedes.contains(&target) {
            a.supersedes.push(target);
        }
        true
    } else {
        false
    }
}

fn more_line(a: &mut Adr, l: &str) {
    let Some((k, v)) = l.strip_prefix("- ").and_then(|r| r.split_once(": ")) else { return };
    let v = v.trim();
    match k.trim().to_lowercase().as_str() {
        "category" => a.category = a.category.or(Category::parse(v).ok()),
        "reversibility" => a.reversibility = a.reversibility.or(Reversibility::parse(v).ok()),
        "revisit" => a.revisit = a.revisit.or(NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()),
        "tags" if a.tags.is_empty() => a.tags = super::decision::clean_tags(v.split(',')),
        "decision makers" if a.decided_by.is_empty() => a.decided_by = v.to_string(),
        _ => {}
    }
}

/// The most front matter Cockpit reads: a record's keys take a few hundred bytes.
pub const FRONT_MATTER_LIMIT: usize = 64 * 1024;

/// Why front matter is not read, if it is not: too long, or using YAML aliases (which a
/// record never needs, and which can expand a few hundred bytes into gigabytes). Checked on
/// the parser's events, before any tree is built.
fn front_matter_refused(yaml: &str) -> Option<String> {
    use yaml_rust2::parser::{Event, Parser};
    if yaml.len() > FRONT_MATTER_LIMIT {
        return Some(format!("its front matter is over {} KiB", FRONT_MATTER_LIMIT / 1024));
    }
    let mut parser = Parser::new_from_str(yaml);
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) | Err(_) => return None,
            Ok((Event::Alias(_), _)) => return Some("its front matter uses YAML aliases".into()),
            Ok(_) => {}
        }
    }
}

fn front_matter(a: &mut Adr, yaml: &str) {
    use yaml_rust2::{Yaml, YamlLoader};
    if let Some(why) = front_matter_refused(yaml) {
        a.problems.push(format!("{}: {why}; its front matter was not read", a.file));
        return;
    }
    let Ok(docs) = YamlLoader::load_from_str(yaml) else { return };
    let Some(Yaml::Hash(map)) = docs.into_iter().next() else { return };
    let text = |y: &Yaml| -> Option<String> {
        match y {
            Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
            Yaml::Integer(i) => Some(i.to_string()),
            Yaml::Boolean(b) => Some(b.to_string()),
            Yaml::Array(v) => Some(v.iter().filter_map(|x| x.as_str().map(str::to_string)).collect::<Vec<_>>().join(", ")),
            _ => None,
        }
    };
    let fields: BTreeMap<String, String> = map.iter().filter_map(|(k, v)| Some((k.as_str()?.to_lowercase(), text(v)?))).collect();
    for (k, v) in &fields {
        match k.as_str() {
            "status" => {
                a.status = parse_status(v);
                if a.status == Some(Status::Superseded) {
                    // `superseded by ADR-0005`: the file is found by number later.
                    if let Some(n) = v.rsplit('-').next().and_then(|n| n.trim().parse::<u32>().ok()) {
                        a.superseded_by = Some(format!("#{n}"));
                    }
                }
            }
            "date" => a.date = NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok(),
            "decision-makers" | "deciders" => a.decided_by = v.clone(),
            "cockpit-id" => a.cockpit_id = v.trim().parse().ok(),
            "category" => a.category = Category::parse(v).ok(),
            "reversibility" => a.reversibility = Reversibility::parse(v).ok(),
            "revisit" => a.revisit = NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok(),
            "tags" => a.tags = super::decision::clean_tags(v.split(',')),
            _ => {}
        }
    }
}

/// Resolves `#N` (a MADR "superseded by ADR-000N") to the file numbered N.
pub fn resolve_numbers(records: &mut [Adr]) {
    let by_number: HashMap<u32, String> = records.iter().filter_map(|a| Some((a.number?, a.file.clone()))).collect();
    for a in records.iter_mut() {
        if let Some(n) = a.superseded_by.as_deref().and_then(|s| s.strip_prefix('#')).and_then(|n| n.parse::<u32>().ok()) {
            a.superseded_by = by_number.get(&n).cloned();
        }
    }
}

/// The decision a record describes, for `client`: `base` when it updates one already there.
fn decision_of(a: &Adr, client: Id, base: Option<&Decision>, today: NaiveDate, now: super::Timestamp) -> Decision {
    let mut d = base.cloned().unwrap_or_else(|| Decision::captured(client, &a.title, a.date.unwrap_or(today), now));
    d.title = super::text::clean_line(&a.title);
    d.date = a.date.unwrap_or(d.date);
    d.status = a.status.unwrap_or(Status::Proposed);
    d.context = super::text::clean_text(&a.context);
    d.decision = super::text::clean_text(&a.decision);
    d.options = super::text::clean_text(&a.options);
    d.consequences = super::text::clean_text(&a.consequences);
    d.decided_by = super::text::clean_line(&a.decided_by);
    d.category = a.category.unwrap_or(d.category);
    d.reversibility = a.reversibility.unwrap_or(d.reversibility);
    d.revisit = a.revisit;
    d.tags = a.tags.clone();
    d
}

/// The edits that bring a folder of records into a client's decision log. A record matches a
/// decision of this client by the id kept in the file, else by title and date; unchanged ones
/// give no edit, so importing twice changes nothing. Supersede links are set once every
/// decision exists.
/// The edits that bring `records` into a client's log, or why they cannot: supersede links that
/// go round in a circle (a record superseded by itself, or A by B by A), naming the files.
pub fn import(
    records: &[Adr],
    client: Id,
    existing: &[Decision],
    today: NaiveDate,
    now: super::Timestamp,
) -> Result<Vec<super::Edit>, String> {
    use super::{Edit, Record};
    let mut records = records.to_vec();
    resolve_numbers(&mut records);
    records.sort_by(|a, b| (a.number, a.date, &a.file).cmp(&(b.number, b.date, &b.file)));
    let same = |a: &Adr, d: &Decision| {
        a.cockpit_id == Some(d.id) || (d.title.to_lowercase() == super::text::clean_line(&a.title).to_lowercase() && a.date == Some(d.date))
    };
    let mut edits = Vec::new();
    let mut by_file: HashMap<String, Decision> = HashMap::new();
    for a in records.iter().filter(|a| !super::text::clean_line(&a.title).is_empty()) {
        let base = existing.iter().filter(|d| d.client_id == client).find(|d| same(a, d));
        let mut d = decision_of(a, client, base, today, now);
        // Links are compared and set in the second pass.
        d.superseded_by = base.and_then(|b| b.superseded_by);
        match base {
            Some(b) if *b == d => {}
            Some(b) => edits.push(Edit::update(Record::Decision(b.clone()), Record::Decision(d.clone()))),
            None => edits.push(Edit::insert(Record::Decision(d.clone()))),
        }
        by_file.insert(a.file.clone(), d);
    }
    let mut links: HashMap<Id, Id> = HashMap::new();
    for a in &records {
        let Some(me) = by_file.get(&a.file) else { continue };
        if let Some(new) = a.superseded_by.as_ref().and_then(|f| by_file.get(f)) {
            links.insert(me.id, new.id);
        }
        for old in a.supersedes.iter().filter_map(|f| by_file.get(f)) {
            links.entry(old.id).or_insert(me.id);
        }
    }
    let circular: Vec<&str> = records
        .iter()
        .filter(|a| {
            by_file.get(&a.file).is_some_and(|me| super::decision::leads_to(|id| links.get(&id).copied(), me.id, me.id, links.len()))
        })
        .map(|a| a.file.as_str())
        .collect();
    if !circular.is_empty() {
        return Err(format!("these records' supersede links go round in a circle: {}; nothing was imported", circular.join(", ")));
    }
    let mut linked: Vec<&Decision> = by_file.values().filter(|d| links.get(&d.id).is_some_and(|to| d.superseded_by != Some(*to))).collect();
    linked.sort_by_key(|d| (d.date, d.title.clone()));
    for d in linked {
        let after = Decision { superseded_by: links.get(&d.id).copied(), ..d.clone() };
        edits.push(Edit::update(Record::Decision(d.clone()), Record::Decision(after)));
    }
    Ok(edits)
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn body_lines_that_look_like_markup_round_trip() {
        let text = "# not a heading\n\\ backslash\n<!-- cockpit-id: nope -->\n- Category: ai\nplain";
        assert_eq!(unescape(&escape(text)), text);
    }

    #[test]
    fn detects_layouts() {
        let f = |n: &str, t: &str| vec![(n.to_string(), t.to_string())];
        assert_eq!(detect(&f("0001-a.md", "# 1. A\n\nDate: 2026-01-01\n")), Some(Layout::Nygard));
        assert_eq!(detect(&f("0001-a.md", "---\nstatus: accepted\n---\n# A\n")), Some(Layout::Madr));
        assert_eq!(detect(&f("20260101-a.md", "# A\n")), Some(Layout::Log4brains));
        assert_eq!(detect(&f("README.md", "# ADRs")), None);
    }
}
