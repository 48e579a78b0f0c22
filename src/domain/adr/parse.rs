//! Reading a record file, in any of the three layouts, into an [`Adr`].

use super::*;

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
            a.tags = crate::domain::decision::clean_tags(t.split(','));
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

