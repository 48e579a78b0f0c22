//! Reading a record file, in any of the three layouts, into an [`Adr`].

use super::doc::{placeholder, without_comments, Doc};
use super::*;

/// Reads one record in any of the three layouts.
pub fn parse(file: &str, text: &str) -> Adr {
    let mut a = Adr { file: file.to_string(), number: file_number(file), ..Default::default() };
    let doc = Doc::new(text);
    match &doc.front_matter {
        Some(fm) => front_matter(&mut a, &doc.lines[fm.clone()].join("\n")),
        // (Written over, a status or date would go into front matter of its own, above.)
        None if doc.lines.first().is_some_and(|l| l.trim_end() == "---") => {
            a.problems.push(format!("{file}: its front matter (from its first line, ---) is never closed by a --- line"))
        }
        None => {}
    }
    if let Some(t) = doc.title {
        a.title = unescape_title(doc.lines[t].trim_start_matches('#'), a.number, layout_of(file, text));
    }
    if a.title.trim().is_empty() {
        a.problems.push(format!("{file}: it has no title (a first line `# …`)"));
    }
    if let Some(line) = doc.unclosed {
        // (Markdown shows the rest of the file as code: sections read past it would not be the
        // ones the team sees.)
        a.problems.push(format!("{file}: the block opened on line {} is never closed (Markdown shows the rest as part of it)", line + 1));
    }
    // Header: `Date:` (nygard), `- Status:` / `- Date:` bullets (log4brains).
    for line in &doc.lines[doc.header()] {
        let Some((key, value)) = header_line(line) else { continue };
        match key.as_str() {
            "date" => a.date = a.date.or_else(|| read_day(&mut a, "date", &value)),
            // (The front matter's comes first; a line below the title that says otherwise is
            // named, not read.)
            "status" if a.status.is_some() && !value.is_empty() && parse_status(&value) != a.status => {
                let front = a.status.map(|s| s.key()).unwrap_or_default();
                unread(&mut a, "status line", &value, &format!("says other than its front matter ({front}), which is read"));
            }
            "status" if a.status.is_some() => {}
            "status" => status_line(&mut a, &value),
            "deciders" => a.decided_by = value,
            "tags" => a.tags = crate::domain::decision::clean_tags(value.split(',')),
            _ => {}
        }
    }
    // A section named twice is read where Cockpit would write it: the first.
    let mut seen = std::collections::HashSet::new();
    fn field(name: &str) -> &str {
        match name {
            "context and problem statement" => "context",
            "decision outcome" => "decision",
            other => other,
        }
    }
    for s in
        doc.sections.iter().filter(|s| matches!(s.name.as_str(), "more information" | "links") || seen.insert(field(&s.name).to_string()))
    {
        let lines = &doc.lines[s.body.clone()];
        match s.name.as_str() {
            "status" => {
                let lines: Vec<&str> = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()).collect();
                let at = status_line_at(&lines);
                // (A status front matter or a header line gave comes first, as above.)
                let from_section = a.status.is_none();
                for (i, l) in lines.iter().enumerate() {
                    if !link_line(&mut a, l) && Some(i) == at && a.status.is_none() {
                        a.status = read_status(&mut a, l);
                    }
                }
                // A record whose status section says what superseded it is superseded, though
                // it still says "Proposed" or "Accepted": adr-tools' `adr new -s` adds the link
                // and takes out an "Accepted" line alone, leaving "Proposed" above it.
                if from_section && a.superseded_by.is_some() && matches!(a.status, Some(Status::Proposed | Status::Accepted)) {
                    a.status = Some(Status::Superseded);
                }
            }
            "context" | "context and problem statement" => a.context = doc.value(&s.body),
            "decision" | "decision outcome" => a.decision = doc.value(&s.body),
            "consequences" => a.consequences = doc.value(&s.body),
            "considered options" => a.options = doc.value(&s.body),
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
    if let Some(parts) = super::consequences::read(&doc) {
        a.consequences = parts;
    }
    for line in &doc.lines {
        if let Some(id) = line.trim().strip_prefix("<!-- cockpit-id:").and_then(|r| r.strip_suffix("-->")) {
            a.cockpit_id = a.cockpit_id.or_else(|| id.trim().parse().ok());
        }
    }
    // log4brains names a record by its day (`20261118-title.md`), and its template leaves the
    // `- Date:` line a placeholder: the name's day, when the record gives none.
    a.date = a.date.or_else(|| file.get(..8).and_then(|d| day(d, "%Y%m%d")));
    // A value not read in one place and read in another (the front matter's and a Status
    // section's; a `- Date:` and the name's) is read.
    let read = |f: &str| match f {
        "status" => a.status.is_some(),
        "date" => a.date.is_some(),
        "category" => a.category.is_some(),
        "reversibility" => a.reversibility.is_some(),
        "revisit" => a.revisit.is_some(),
        _ => false,
    };
    let unread: Vec<&'static str> = a.unread_fields.iter().copied().filter(|f| !read(f)).collect();
    a.unread_fields = unread;
    a
}

/// A header line's key (lower-case) and value: `Date: 2026-11-18` (nygard) or `- Status: accepted`
/// (log4brains). A template's placeholder value reads as empty.
pub(super) fn header_line(line: &str) -> Option<(String, String)> {
    let l = line.trim();
    let l = l.strip_prefix("- ").or_else(|| l.strip_prefix("* ")).unwrap_or(l);
    let (key, value) = l.split_once(':')?;
    let key = key.trim().to_lowercase();
    if !["date", "status", "deciders", "tags"].contains(&key.as_str()) {
        return None;
    }
    let value = if placeholder(value) { String::new() } else { without_comments(value).trim().to_string() };
    Some((key, value))
}

/// A value a record gives but Cockpit cannot read: named, and the field keeps Cockpit's value.
/// A template's placeholder (`{…}`, `[…]`) is no value.
fn unread(a: &mut Adr, what: &str, value: &str, why: &str) {
    let value = value.trim();
    if !value.is_empty() && !value.starts_with(['{', '[']) {
        a.unread.push(format!("{}: its {what} {value:?} {why}", a.file));
        if let Some(field) = ["status", "date", "category", "reversibility", "revisit"].into_iter().find(|f| *f == what) {
            a.unread_fields.push(field);
        }
    }
}

/// A status a record gives, named when it is none Cockpit knows.
fn read_status(a: &mut Adr, value: &str) -> Option<Status> {
    let read = parse_status(value);
    if read.is_none() {
        let known: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
        unread(a, "status", value, &format!("is none of {}", known.join(", ")));
    }
    read
}

/// A day a record gives for `what`, named when it gives one that is not a day.
fn read_day(a: &mut Adr, what: &str, value: &str) -> Option<NaiveDate> {
    let read = day(value.trim(), "%Y-%m-%d");
    if read.is_none() {
        unread(a, what, value, "is not a day from 1970 to 9999 written YYYY-MM-DD");
    }
    read
}

/// A choice (category, reversibility) a record gives, named when it is none of them.
fn read_choice<C: Choice>(a: &mut Adr, what: &str, value: &str) -> Option<C> {
    C::parse(value).map_err(|e| unread(a, what, value, &format!("is none of {}", e.accepted))).ok()
}

fn status_line(a: &mut Adr, s: &str) {
    a.status = read_status(a, s);
    if let Some(target) = link_target(s) {
        a.superseded_by = Some(target);
    } else if a.status == Some(Status::Superseded) {
        // log4brains also takes a bare slug: `superseded by 20261118-use-kafka`.
        let slug = s.trim().splitn(3, ' ').nth(2).unwrap_or("").trim().trim_start_matches(':').trim();
        if !slug.is_empty() && !slug.contains(' ') {
            a.superseded_by = Some(format!("{}.md", slug.trim_end_matches(".md")));
        }
    }
}

pub(super) fn link_target(l: &str) -> Option<String> {
    let start = l.find("](")? + 2;
    let end = l[start..].find(')')? + start;
    let target = &l[start..end];
    Some(target.rsplit('/').next().unwrap_or(target).to_string())
}

/// A supersede link line, in either spelling, as a bullet or not: whether it says the record
/// is superseded by the file it names (else that it supersedes it), and the file.
pub(super) fn supersede_link(l: &str) -> Option<(bool, String)> {
    let l = l.trim();
    let l = l.strip_prefix("- ").or_else(|| l.strip_prefix("* ")).unwrap_or(l);
    let lower = l.to_lowercase();
    let by = ["superseded by", "superceded by"].iter().any(|p| lower.starts_with(p));
    let of = ["supersedes", "supercedes"].iter().any(|p| lower.starts_with(p));
    (by || of).then(|| link_target(l)).flatten().map(|target| (by, target))
}

/// A supersede link, in either spelling; true if the line was one.
fn link_line(a: &mut Adr, l: &str) -> bool {
    match supersede_link(l) {
        Some((true, target)) => {
            a.superseded_by = Some(target);
            a.status = a.status.or(Some(Status::Superseded));
            true
        }
        Some((false, target)) => {
            if !a.supersedes.contains(&target) {
                a.supersedes.push(target);
            }
            true
        }
        None => false,
    }
}

/// The keys of Cockpit's own lines in More Information (`- Category: …`).
pub(super) const MORE_KEYS: [&str; 7] = ["category", "reversibility", "revisit", "tags", "decision makers", "decided in", "cockpit"];

/// A `- Key: value` line of More Information: the key (lower-case) and the value.
pub(super) fn more_key(l: &str) -> Option<(String, &str)> {
    let (k, v) = l.trim().strip_prefix("- ")?.split_once(": ")?;
    Some((k.trim().to_lowercase(), v.trim()))
}

fn more_line(a: &mut Adr, l: &str) {
    let Some((k, v)) = more_key(l) else { return };
    match k.as_str() {
        "category" if a.category.is_none() => a.category = read_choice(a, "category", v),
        "reversibility" if a.reversibility.is_none() => a.reversibility = read_choice(a, "reversibility", v),
        "revisit" if a.revisit.is_none() => a.revisit = read_day(a, "revisit", v),
        "tags" if a.tags.is_empty() => a.tags = crate::domain::decision::clean_tags(v.split(',')),
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
    let Ok(docs) = YamlLoader::load_from_str(yaml) else {
        a.problems.push(format!("{}: its front matter is not valid YAML", a.file));
        return;
    };
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
                a.status = read_status(a, v);
                if a.status == Some(Status::Superseded) {
                    // `superseded by ADR-0005`: the file is found by number later.
                    if let Some(n) = v.rsplit('-').next().and_then(|n| n.trim().parse::<u32>().ok()) {
                        a.superseded_by = Some(format!("#{n}"));
                    }
                }
            }
            "date" => a.date = read_day(a, "date", v),
            "decision-makers" | "deciders" => a.decided_by = v.clone(),
            "cockpit-id" => a.cockpit_id = v.trim().parse().ok(),
            "category" => a.category = read_choice(a, "category", v),
            "reversibility" => a.reversibility = read_choice(a, "reversibility", v),
            "revisit" => a.revisit = read_day(a, "revisit", v),
            "tags" => a.tags = crate::domain::decision::clean_tags(v.split(',')),
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

/// A day a record gives, within Cockpit's calendar (1970 to 9999): else none, as for a day that
/// does not parse.
fn day(s: &str, format: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, format).ok().filter(|d| crate::domain::in_range(*d))
}
