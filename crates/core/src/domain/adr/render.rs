//! Records written whole: a new file for each decision, and the folder's index.

use super::*;

/// The file names a set of decisions get in a folder: a decision a file holds (`held`, which
/// the folder decides) keeps it; the others take the next number no file has (or a free date
/// prefix), in Cockpit's order.
pub fn file_names(
    layout: Layout,
    existing: &[Adr],
    held: &HashMap<Id, String>,
    decisions: &[&Decision],
) -> HashMap<Id, (String, Option<u32>)> {
    let mut names = HashMap::new();
    let mut taken: Vec<String> = existing.iter().map(|a| a.file.clone()).collect();
    let mut next = existing.iter().filter_map(|a| a.number).max().unwrap_or(0) + 1;
    for d in decisions {
        if let Some(a) = held.get(&d.id).and_then(|f| existing.iter().find(|a| a.file == *f)) {
            names.insert(d.id, (a.file.clone(), a.number));
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
pub fn render_all(
    layout: Layout,
    old_spelling: bool,
    existing: &[Adr],
    held: &HashMap<Id, String>,
    decisions: &[Decision],
    extra: &Extra,
) -> Vec<(Id, String, String)> {
    let mut ordered: Vec<&Decision> = decisions.iter().collect();
    ordered.sort_by_key(|d| d.number);
    let names = file_names(layout, existing, held, &ordered);
    let link = |id: Id| -> Option<(String, String)> {
        let d = decisions.iter().find(|d| d.id == id)?;
        let (file, number) = names.get(&id)?;
        let label = match (layout, number) {
            (Layout::Nygard, Some(n)) => format!("{n}. {}", escape_title(&d.title)),
            (Layout::Madr, Some(n)) => format!("ADR-{n:04}"),
            // log4brains finds the record by its slug: the file's name without `.md`.
            _ => file.trim_end_matches(".md").to_string(),
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
            let text = render(layout, d, number, by.as_ref(), &replaces, (sup, sup_by), extra.of(d.id));
            (d.id, file, text)
        })
        .collect()
}

/// What a record says that its decision does not hold: the meeting it was made in, the
/// evaluation of its options (a Markdown table between [`EVALUATION_START`] and
/// [`EVALUATION_END`], which reading a record leaves out).
#[derive(Debug, Clone, Default)]
pub struct Extra {
    pub decided_in: HashMap<Id, String>,
    pub evaluation: HashMap<Id, String>,
}

impl Extra {
    fn of(&self, id: Id) -> (Option<&String>, Option<&String>) {
        (self.decided_in.get(&id), self.evaluation.get(&id))
    }
}

/// The text of a section with the evaluation after it.
fn with_evaluation(text: &str, evaluation: Option<&String>) -> String {
    match evaluation {
        Some(table) if text.is_empty() => format!("{EVALUATION_START}\n{table}\n{EVALUATION_END}"),
        Some(table) => format!("{text}\n\n{EVALUATION_START}\n{table}\n{EVALUATION_END}"),
        None => text.to_string(),
    }
}

fn more_information(d: &Decision, decided_in: Option<&String>) -> String {
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
    if let Some(m) = decided_in {
        lines.push(format!("- Decided in: {}", m.replace('\n', " ")));
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
    (decided_in, evaluation): (Option<&String>, Option<&String>),
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
            out.push_str(&format!("# {}. {}\n\nDate: {}\n\n## Status\n\n", number.unwrap_or(0), escape_title(&d.title), d.date));
            if by.is_none() {
                out.push_str(&format!("{}\n\n", status_word(d.status)));
            }
            links(&mut out);
            out.pop();
            section_raw(&mut out, "## Context", &with_evaluation(&escape(&d.context), evaluation));
            section(&mut out, "## Decision", &d.decision);
            section(&mut out, "## Consequences", &d.consequences);
            if !d.options.is_empty() {
                section(&mut out, "## Considered Options", &d.options);
            }
            section_raw(&mut out, "## More Information", &more_information(d, decided_in));
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
                out.push_str(&format!("# {}\n", escape_title(&d.title)));
            } else {
                out.push_str(&format!("# {}\n\n- Status: {status}\n- Date: {}\n", escape_title(&d.title), d.date));
                if !d.decided_by.is_empty() {
                    out.push_str(&format!("- Deciders: {}\n", d.decided_by.replace('\n', " ")));
                }
                if !d.tags.is_empty() {
                    out.push_str(&format!("- Tags: {}\n", d.tags.join(", ")));
                }
            }
            // MADR's mandatory sections are there even when empty, worded as its template words them.
            section(&mut out, "## Context and Problem Statement", &d.context);
            section_raw(&mut out, "## Considered Options", &with_evaluation(&escape(&d.options), evaluation));
            section(&mut out, "## Decision Outcome", &d.decision);
            if !d.consequences.is_empty() {
                section(&mut out, "### Consequences", &d.consequences);
            }
            section_raw(&mut out, "## More Information", &more_information(d, decided_in));
            if layout == Layout::Madr && (by.is_some() || !replaces.is_empty()) {
                out.push('\n');
                links(&mut out);
                out.pop();
            }
            if layout == Layout::Log4brains {
                // log4brains keeps the records a record supersedes as `## Links` bullets.
                if !replaces.is_empty() {
                    let bullets: Vec<String> = replaces.iter().map(|(label, file)| format!("- {sup} [{label}]({file})")).collect();
                    section_raw(&mut out, "## Links", &bullets.join("\n"));
                }
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
        let title = if a.title.trim().is_empty() { escape_title(&a.file) } else { escape_title(&a.title) };
        out.push_str(&format!("| {num} | [{}]({}) | {status} | {date} |\n", cell(&title), a.file));
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
