//! Export into a record file that is already there: only the parts whose value Cockpit changed
//! are replaced, by the same parts of the record Cockpit would write new. Everything else (other
//! sections, front-matter keys, `adr link` relations, comments, the way a teammate wrapped a
//! paragraph) stays byte for byte, and a record whose Cockpit fields did not change is not
//! written at all.

use super::doc::{Doc, Section};
use super::parse::{header_line, more_key, supersede_link, MORE_KEYS};
use super::*;
use crate::domain::decision::{Category, Reversibility};

/// How to patch a record.
pub struct Patch<'a> {
    /// The decision as it was when the file was last synced: only the fields Cockpit changed
    /// since are written (a field the file leaves out or words its own way stays as it is).
    /// Without it, every field that reads differently is written.
    pub since: Option<&'a Decision>,
    /// The decision as Cockpit has it.
    pub now: &'a Decision,
    /// Whether the records this one supersedes changed in Cockpit (they are written then, or
    /// without `since`).
    pub links_moved: bool,
    /// Whether a file is a record Cockpit holds: a supersede link to any other (a record not
    /// merged yet, say) is someone else's line, and stays.
    pub held: &'a dyn Fn(&str) -> bool,
}

/// The existing record `old` with Cockpit's fields taken from `new` (the record Cockpit would
/// write for the decision), or `None` when nothing is to change.
pub fn patch(layout: Layout, old: &str, new: &str, how: &Patch) -> Option<String> {
    let Patch { since, now, links_moved, held } = *how;
    let (was, want) = (parse("", old), parse("", new));
    // Whether Cockpit changed a field since the last sync.
    let moved = |same: Same| since.is_none_or(|then| !same(then, now));
    let mut doc = Doc::new(old);
    let fresh = Doc::new(new);
    let mut changed = false;
    let mut touch = |doc: &mut Doc, differs: bool, f: &mut dyn FnMut(&mut Doc)| {
        if differs {
            f(doc);
            doc.scan();
            changed = true;
        }
    };
    touch(&mut doc, moved(|a, b| a.title == b.title) && was.title != want.title, &mut |d| title(d, &fresh));
    touch(&mut doc, moved(|a, b| a.date == b.date) && was.date != want.date, &mut |d| match layout {
        Layout::Madr => key(d, &fresh, "date"),
        _ => header(d, &fresh, "date"),
    });
    let status = moved(|a, b| (a.status, a.superseded_by) == (b.status, b.superseded_by))
        && (was.status != want.status || was.superseded_by != want.superseded_by);
    // What a record supersedes comes from the other decisions: compared with the file always.
    let ours = |links: &[String]| -> Vec<String> {
        let mut v: Vec<String> = links.iter().filter(|f| held(f)).cloned().collect();
        v.sort();
        v
    };
    let supersedes = (links_moved || since.is_none()) && ours(&was.supersedes) != ours(&want.supersedes);
    // adr-tools keeps both kinds of link in Status; log4brains and MADR keep what a record
    // supersedes elsewhere (Links, More Information).
    match layout {
        Layout::Nygard => touch(&mut doc, status || supersedes, &mut |d| status_section(d, &fresh, held)),
        Layout::Madr => touch(&mut doc, status, &mut |d| key(d, &fresh, "status")),
        Layout::Log4brains => touch(&mut doc, status, &mut |d| header(d, &fresh, "status")),
    }
    let sections: [(&[&str], Same, bool); 4] = [
        (&["context", "context and problem statement"], |a, b| a.context == b.context, was.context != want.context),
        (&["considered options"], |a, b| a.options == b.options, was.options != want.options),
        (&["decision", "decision outcome"], |a, b| a.decision == b.decision, was.decision != want.decision),
        (&["consequences"], |a, b| a.consequences == b.consequences, was.consequences != want.consequences),
    ];
    for (names, same, differs) in sections {
        touch(&mut doc, moved(same) && differs, &mut |d| {
            // (log4brains' two parts of the consequences take a text of their shape.)
            if names != ["consequences"] || !super::consequences::write(d, &want.consequences) {
                section(d, &fresh, names)
            }
        });
    }
    let decided_by = moved(|a, b| a.decided_by == b.decided_by) && was.decided_by != want.decided_by;
    match layout {
        Layout::Madr => touch(&mut doc, decided_by, &mut |d| key(d, &fresh, "decision-makers")),
        Layout::Log4brains => touch(&mut doc, decided_by, &mut |d| header(d, &fresh, "deciders")),
        Layout::Nygard => {}
    }
    // Cockpit's own fields: a record that does not carry one is taken to hold its default.
    let extras = [
        moved(|a, b| a.category == b.category) && was.category.map_or(want.category != Some(Category::Other), |c| Some(c) != want.category),
        moved(|a, b| a.reversibility == b.reversibility)
            && was.reversibility.map_or(want.reversibility != Some(Reversibility::TwoWay), |r| Some(r) != want.reversibility),
        moved(|a, b| a.revisit == b.revisit) && was.revisit != want.revisit,
        moved(|a, b| a.tags == b.tags) && was.tags != want.tags,
    ];
    if layout == Layout::Madr {
        for (k, differs) in ["category", "reversibility", "revisit", "tags"].into_iter().zip(extras) {
            touch(&mut doc, differs, &mut |d| key(d, &fresh, k));
        }
    }
    if layout == Layout::Log4brains {
        touch(&mut doc, extras[3], &mut |d| header(d, &fresh, "tags"));
        touch(&mut doc, supersedes, &mut |d| links_section(d, &fresh, held));
    }
    // (Every layout repeats the decision makers there; MADR keeps the supersede links there.)
    let links = status && was.superseded_by != want.superseded_by;
    let more = extras.iter().any(|x| *x) || decided_by || (layout == Layout::Madr && (links || supersedes));
    touch(&mut doc, more, &mut |d| more_information(d, &fresh, held));
    changed.then(|| doc.text()).filter(|text| text != old)
}

/// Whether a field is the same in two versions of a decision.
type Same = fn(&Decision, &Decision) -> bool;

fn title(doc: &mut Doc, fresh: &Doc) {
    let line = fresh.lines[fresh.title.expect("Cockpit's record has a title")].clone();
    match doc.title {
        Some(t) => doc.lines[t] = line,
        None => {
            let at = doc.front_matter.as_ref().map_or(0, |f| f.end + 1);
            doc.lines.splice(at..at, [line, String::new()]);
        }
    }
}

/// A header line (`Date:`, `- Status:` …) by its key: replaced, added after the header's last
/// such line, or removed when Cockpit's record has none.
fn header(doc: &mut Doc, fresh: &Doc, key: &str) {
    let find = |d: &Doc| d.header().find(|i| header_line(&d.lines[*i]).is_some_and(|(k, _)| k == key));
    let line = find(fresh).map(|i| fresh.lines[i].clone());
    match (find(doc), line) {
        (Some(i), Some(line)) => doc.lines[i] = line,
        (Some(i), None) => {
            doc.lines.remove(i);
        }
        (None, Some(line)) => {
            let header = doc.header();
            let last = header.clone().rev().find(|i| header_line(&doc.lines[*i]).is_some());
            match last {
                Some(i) => doc.lines.insert(i + 1, line),
                None => doc.lines.splice(header.start..header.start, [String::new(), line]).for_each(drop),
            }
        }
        (None, None) => {}
    }
}

/// A front-matter key (with the lines of a block list under it), by its name.
fn key(doc: &mut Doc, fresh: &Doc, name: &str) {
    let find = |d: &Doc| -> Option<std::ops::Range<usize>> {
        let fm = d.front_matter.clone()?;
        let start = fm.clone().find(|i| d.lines[*i].split_once(':').is_some_and(|(k, _)| k.trim() == name))?;
        let end = (start + 1..fm.end).find(|i| !d.lines[*i].starts_with([' ', '\t', '-'])).unwrap_or(fm.end);
        Some(start..end)
    };
    let mut lines: Vec<String> = find(fresh).map(|r| fresh.lines[r].to_vec()).unwrap_or_default();
    let Some(fm) = doc.front_matter.clone() else {
        if !lines.is_empty() {
            lines.insert(0, "---".into());
            lines.push("---".into());
            lines.push(String::new());
            doc.lines.splice(0..0, lines);
        }
        return;
    };
    match find(doc) {
        Some(range) => {
            // A list stays a list (MADR's `decision-makers` is one).
            let was_list = {
                let first = &doc.lines[range.start];
                range.len() > 1 || first.split_once(':').is_some_and(|(_, v)| v.trim_start().starts_with('['))
            };
            if was_list && name == "decision-makers" {
                if let Some(value) = lines.first().and_then(|l| l.split_once(':')).map(|(_, v)| v.trim().to_string()) {
                    let text: String = serde_json::from_str(&value).unwrap_or(value);
                    let items: Vec<String> =
                        list_items(&text, &yaml_list(&doc.lines[range.clone()].join("\n"))).iter().map(|s| yaml_str(s)).collect();
                    lines = vec![format!("{name}: [{}]", items.join(", "))];
                }
            }
            doc.lines.splice(range, lines);
        }
        None => {
            doc.lines.splice(fm.end..fm.end, lines);
        }
    }
}

/// The strings of a one-key YAML list (`key: [a, "b, c"]` or a block list).
fn yaml_list(yaml: &str) -> Vec<String> {
    let Ok(docs) = yaml_rust2::YamlLoader::load_from_str(yaml) else { return Vec::new() };
    let Some(map) = docs.first().and_then(|d| d.as_hash()) else { return Vec::new() };
    map.values()
        .next()
        .and_then(|v| v.as_vec())
        .map(|v| v.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// `text` (names joined by ", ") as list items, keeping whole the items a list already had
/// (a name with a comma in it, such as "Eve, Jr.").
fn list_items(text: &str, known: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let whole = known.iter().filter(|k| !k.is_empty()).find(|k| rest == k.as_str() || rest.starts_with(&format!("{k},")));
        let (item, after) = match whole {
            Some(k) => (k.as_str(), &rest[k.len()..]),
            None => rest.split_once(',').map_or((rest, ""), |(a, b)| (a, b)),
        };
        if !item.trim().is_empty() {
            out.push(item.trim().to_string());
        }
        rest = after.trim_start_matches(',').trim();
    }
    out
}

/// A section's text, taken from Cockpit's record; the section is added where Cockpit's record
/// has it when the file has none.
fn section(doc: &mut Doc, fresh: &Doc, names: &[&str]) {
    let Some(new) = fresh.section(names) else {
        // Cockpit's record leaves it out (empty): the file's text goes, its heading stays.
        if let Some(s) = doc.section(names).cloned() {
            doc.lines.drain(doc.content(&s.body));
        }
        return;
    };
    let text: Vec<String> = fresh.lines[fresh.content(&new.body)].to_vec();
    match doc.section(names).cloned() {
        Some(s) => replace_content(doc, &s, text),
        None => insert_section(doc, fresh, new),
    }
}

pub(super) fn replace_content(doc: &mut Doc, s: &Section, text: Vec<String>) {
    let content = doc.content(&s.body);
    if content.is_empty() {
        if text.is_empty() {
            return;
        }
        let mut lines = vec![String::new()];
        lines.extend(text);
        if doc.lines.get(s.heading + 1).is_some_and(|l| !l.trim().is_empty()) {
            lines.push(String::new());
        }
        doc.lines.splice(s.heading + 1..s.heading + 1, lines);
    } else {
        doc.lines.splice(content, text);
    }
}

/// Adds `new` (a section of Cockpit's record) after the text of the last section that comes
/// before it there and is in the file, and after that one's subsections (MADR's `###
/// Confirmation` under its Decision Outcome); else before the first that follows it; else at
/// the end (before Cockpit's id comment).
fn insert_section(doc: &mut Doc, fresh: &Doc, new: &Section) {
    let mut lines: Vec<String> = fresh.lines[new.heading..new.body.end].to_vec();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let position = fresh.sections.iter().position(|s| s.heading == new.heading).unwrap_or(0);
    let in_file = |s: &Section| doc.section(&[s.name.as_str()]).cloned();
    let after = fresh.sections[..position].iter().rev().find_map(in_file).map(|p| {
        let at = doc.sections.iter().position(|s| s.heading == p.heading).expect("a section of the file");
        let p = doc.sections[at + 1..].iter().take_while(|s| s.level > new.level).last().unwrap_or(&p);
        let text = doc.content(&p.body);
        if text.is_empty() {
            p.heading + 1
        } else {
            text.end
        }
    });
    let before = || fresh.sections[position + 1..].iter().find_map(in_file).map(|s| s.top);
    let at = after
        .or_else(before)
        .unwrap_or_else(|| doc.lines.iter().rposition(|l| l.starts_with("<!-- cockpit-id")).unwrap_or(doc.lines.len()));
    if at > 0 && !doc.lines[at - 1].trim().is_empty() {
        lines.insert(0, String::new());
    }
    if doc.lines.get(at).is_some_and(|l| !l.trim().is_empty()) {
        lines.push(String::new());
    }
    doc.lines.splice(at..at, lines);
}

/// Whether a line is a supersede link of either spelling (`Superseded by [..](..)`,
/// `- Supersedes [..](..)`) to a record Cockpit holds: Cockpit's line. A link to any other
/// record is someone else's.
fn supersede_line(l: &str, held: &dyn Fn(&str) -> bool) -> bool {
    supersede_link(l).is_some_and(|(_, f)| held(&f))
}

/// adr-tools' Status section: the status word and the supersede links become Cockpit's; any
/// other line there (an `adr link` relation such as `Amends [..](..)`) is kept, after them.
fn status_section(doc: &mut Doc, fresh: &Doc, held: &dyn Fn(&str) -> bool) {
    let Some(new) = fresh.section(&["status"]) else { return };
    let mut text: Vec<String> = fresh.lines[fresh.content(&new.body)].to_vec();
    let Some(s) = doc.section(&["status"]).cloned() else {
        insert_section(doc, fresh, new);
        return;
    };
    let content = doc.content(&s.body);
    let lines: Vec<&String> = doc.lines[content.clone()].iter().filter(|l| !l.trim().is_empty()).collect();
    let at = status_line_at(&lines.iter().map(|l| l.trim()).collect::<Vec<_>>());
    // A status line read keeps all but its word ("**Accepted**, see [minutes](…)"): only the
    // word becomes Cockpit's.
    let read = at.map(|i| lines[i].as_str()).and_then(|l| Some((l, status_word_of(l)?.0))).filter(|(_, w)| parse_status(w).is_some());
    let new_word = text.iter().position(|l| supersede_link(l).is_none() && parse_status(l).is_some());
    if let (Some((line, old)), Some(k)) = (read, new_word) {
        text[k] = line.replacen(old, text[k].trim(), 1);
    }
    for (i, l) in lines.into_iter().enumerate() {
        if Some(i) == at || supersede_line(l.trim(), held) {
            continue;
        }
        text.push(String::new());
        text.push(l.clone());
    }
    replace_content(doc, &s, text);
}

/// The lines of More Information that are Cockpit's (`- Category: …`, supersede links in MADR)
/// are replaced by its record's where they stand, each by the one that says the same (a bullet
/// by its key, a link by its direction); one Cockpit no longer has goes, and one the file does
/// not have yet comes after the last of its kind (a link after the bullets, a blank line
/// between: else Markdown reads it as part of the last bullet). The rest of the section stays
/// where it is.
fn more_information(doc: &mut Doc, fresh: &Doc, held: &dyn Fn(&str) -> bool) {
    let names = ["more information"];
    let Some(new) = fresh.section(&names) else { return };
    let ours = |l: &str| more_key(l).is_some_and(|(k, _)| MORE_KEYS.contains(&k.as_str())) || supersede_line(l, held);
    let Some(s) = doc.section(&names).cloned() else {
        insert_section(doc, fresh, new);
        return;
    };
    let kind = |l: &str| match (more_key(l), supersede_link(l)) {
        (_, Some((by, _))) => if by { "superseded by" } else { "supersedes" }.to_string(),
        (Some((k, _)), None) => k,
        (None, None) => String::new(),
    };
    let wanted: Vec<String> = fresh.lines[fresh.content(&new.body)].iter().filter(|l| ours(l)).cloned().collect();
    let link = |l: &str| supersede_link(l).is_some();
    // Where each of Cockpit's lines is put, in `lines`.
    let mut placed: Vec<Option<usize>> = vec![None; wanted.len()];
    let (mut lines, mut gone) = (Vec::new(), false);
    for i in doc.content(&s.body) {
        let l = &doc.lines[i];
        // (A blank line after one of Cockpit's gone, where one is before it, goes with it.)
        if std::mem::take(&mut gone) && l.trim().is_empty() {
            continue;
        }
        // (A line in a code block is the team's, whatever it looks like.)
        if doc.code[i] || !ours(l) {
            lines.push(l.clone());
            continue;
        }
        let k = kind(l);
        let of_kind: Vec<usize> = (0..wanted.len()).filter(|j| kind(&wanted[*j]) == k).collect();
        match of_kind.iter().find(|j| placed[**j].is_none()) {
            Some(&j) => {
                placed[j] = Some(lines.len());
                lines.push(wanted[j].clone());
            }
            // (One more of a kind Cockpit writes once, a second `- Tags:`: the team's.)
            None if !of_kind.is_empty() && !link(l) => lines.push(l.clone()),
            None => gone = lines.last().is_none_or(|l: &String| l.trim().is_empty()),
        }
    }
    // The others: after the one before them in Cockpit's record (a link after a bullet apart,
    // on a paragraph of its own), else before the one after them, else at the end, apart.
    for j in 0..wanted.len() {
        if placed[j].is_some() {
            continue;
        }
        let before = (0..j).rev().find_map(|k| placed[k].map(|at| (k, at)));
        let after = (j + 1..wanted.len()).find_map(|k| placed[k]);
        let (at, add) = match (before, after) {
            (Some((k, at)), _) if link(&wanted[j]) && !link(&wanted[k]) => (at + 1, vec![String::new(), wanted[j].clone(), String::new()]),
            (Some((_, at)), _) => (at + 1, vec![wanted[j].clone()]),
            (None, Some(at)) => (at, vec![wanted[j].clone()]),
            (None, None) => (lines.len(), vec![String::new(), wanted[j].clone()]),
        };
        let n = add.len();
        for p in placed.iter_mut().flatten().filter(|p| **p >= at) {
            *p += n;
        }
        placed[j] = Some(at + add.iter().position(|l| !l.is_empty()).unwrap_or(0));
        lines.splice(at..at, add);
    }
    // (No blank line at either end.)
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    replace_content(doc, &s, lines);
}

/// log4brains' `## Links`: its supersede bullets become Cockpit's; other links stay.
fn links_section(doc: &mut Doc, fresh: &Doc, held: &dyn Fn(&str) -> bool) {
    let names = ["links"];
    let text: Vec<String> = fresh.section(&names).map(|s| fresh.lines[fresh.content(&s.body)].to_vec()).unwrap_or_default();
    let Some(s) = doc.section(&names).cloned() else {
        if let Some(new) = fresh.section(&names) {
            insert_section(doc, fresh, new);
        }
        return;
    };
    let content = doc.content(&s.body);
    let mut lines: Vec<String> = text;
    lines.extend(doc.lines[content].iter().filter(|l| !supersede_line(l, held)).cloned());
    replace_content(doc, &s, lines);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn postgres() -> Decision {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap();
        Decision::captured(
            crate::domain::fixtures::id(1),
            crate::domain::fixtures::id(101),
            "Use Postgres",
            date,
            crate::domain::fixtures::noon(),
        )
    }

    #[test]
    fn an_unchanged_record_is_not_written() {
        let text = "# 1. Use Postgres\n\nDate: 2026-11-18\n\n## Status\n\nAccepted\n\n## Context\n\nWe need SQL.\n\n## Decision\n\nPostgres.\n\n## Consequences\n\nOps.\n";
        let d = postgres();
        assert_eq!(patch(Layout::Nygard, text, text, &Patch { since: None, now: &d, links_moved: false, held: &|_| true }), None);
    }

    /// MADR: a status changed writes the status alone; a supersede link goes into More
    /// Information, added after the Decision Outcome's own subsections.
    #[test]
    fn a_madr_section_added_goes_after_the_subsections_before_it() {
        let old = "---\nstatus: accepted\ndate: 2026-11-18\n---\n\n# Use Postgres\n\n## Context and Problem Statement\n\nSQL.\n\n## Considered Options\n\n* Postgres\n\n## Decision Outcome\n\nPostgres.\n\n### Consequences\n\n* Good, because cheap\n\n### Confirmation\n\nA review.\n\n## Pros and Cons of the Options\n\nNone.\n";
        let fresh = |status: &str, more: &str| {
            format!("---\nstatus: {status}\ndate: 2026-11-18\ncockpit-id: \"x\"\ncategory: other\nreversibility: two-way\n---\n\n# Use Postgres\n\n## Context and Problem Statement\n\nSQL.\n\n## Considered Options\n\n* Postgres\n\n## Decision Outcome\n\nPostgres.\n\n### Consequences\n\n* Good, because cheap\n\n## More Information\n\n- Category: other\n- Reversibility: two-way\n- Cockpit: D-001\n{more}")
        };
        let then = postgres();
        let deprecated = Decision { status: Status::Deprecated, ..then.clone() };
        let how = |now| Patch { since: Some(&then), now, links_moved: false, held: &|_| true };
        let patched = patch(Layout::Madr, old, &fresh("\"deprecated\"", ""), &how(&deprecated)).unwrap();
        assert_eq!(patched, old.replace("status: accepted", "status: \"deprecated\""));
        let superseded = Decision { status: Status::Superseded, superseded_by: Some(crate::domain::fixtures::id(2)), ..then.clone() };
        let patched = patch(
            Layout::Madr,
            old,
            &fresh("\"superseded by ADR-0002\"", "\nSuperseded by [ADR-0002](0002-use-mysql.md)\n"),
            &how(&superseded),
        )
        .unwrap();
        let (outcome, more) = patched.split_once("## More Information").unwrap();
        assert!(outcome.ends_with("### Confirmation\n\nA review.\n\n") && more.contains("Superseded by [ADR-0002]"), "{patched}");
        assert!(more.contains("\n## Pros and Cons of the Options\n"), "{patched}");
    }

    #[test]
    fn only_the_changed_part_is_replaced() {
        let old = "# 1. Use Postgres\n\nDate: 2026-11-18\n\n## Status\n\nAccepted\n\nAmends [2. Other](0002-other.md)\n\n## Context\n\nWe  need   SQL,\nwrapped our way.\n\n## Alternatives considered\n\nMySQL.\n\n## Decision\n\nPostgres.\n\n## Consequences\n\nOps.\n";
        let new = "# 1. Use Postgres\n\nDate: 2026-11-18\n\n## Status\n\nDeprecated\n\n## Context\n\nWe  need   SQL,\nwrapped our way.\n\n## Decision\n\nPostgres 17.\n\n## Consequences\n\nOps.\n\n## More Information\n\n- Category: other\n- Reversibility: two-way\n";
        let d = postgres();
        let patched = patch(Layout::Nygard, old, new, &Patch { since: None, now: &d, links_moved: false, held: &|_| true }).unwrap();
        assert_eq!(
            patched,
            "# 1. Use Postgres\n\nDate: 2026-11-18\n\n## Status\n\nDeprecated\n\nAmends [2. Other](0002-other.md)\n\n## Context\n\nWe  need   SQL,\nwrapped our way.\n\n## Alternatives considered\n\nMySQL.\n\n## Decision\n\nPostgres 17.\n\n## Consequences\n\nOps.\n"
        );
    }
}
