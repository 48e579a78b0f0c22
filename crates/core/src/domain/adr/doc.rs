//! A record file as its lines, and where each part of it is: the front matter, the title, the
//! header lines under it, and each `##`/`###` section. Reading ([`super::parse`]) and patching
//! ([`super::patch`]) both go by it, so that they agree on what a field's text is.

use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Doc {
    pub lines: Vec<String>,
    bom: bool,
    crlf: bool,
    final_newline: bool,
    /// The lines between the front matter's `---` marks.
    pub front_matter: Option<Range<usize>>,
    pub title: Option<usize>,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// The heading's words, lower-case, without its `#`s and comments.
    pub name: String,
    pub heading: usize,
    /// The section's lines after the heading, up to the next heading.
    pub body: Range<usize>,
}

/// A line's text without HTML comments (`<!-- optional -->` after a template's heading).
pub fn without_comments(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

pub(super) fn is_fence(line: &str) -> bool {
    let l = line.trim_start();
    l.starts_with("```") || l.starts_with("~~~")
}

impl Doc {
    pub fn new(text: &str) -> Doc {
        // A byte-order mark is kept, but is not part of the first line.
        let bom = text.starts_with('\u{feff}');
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let crlf = text.contains("\r\n");
        let text = text.replace("\r\n", "\n");
        let final_newline = text.ends_with('\n');
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut doc = Doc { lines, bom, crlf, final_newline, front_matter: None, title: None, sections: Vec::new() };
        doc.scan();
        doc
    }

    /// Finds the parts again, after lines were changed.
    pub fn scan(&mut self) {
        let lines = &self.lines;
        self.front_matter = None;
        let mut start = 0;
        if lines.first().is_some_and(|l| l.trim_end() == "---") {
            if let Some(end) = lines.iter().skip(1).position(|l| l.trim_end() == "---") {
                self.front_matter = Some(1..end + 1);
                start = end + 2;
            }
        }
        self.title = None;
        self.sections.clear();
        let mut fenced = false;
        for (i, line) in lines.iter().enumerate().skip(start) {
            if is_fence(line) {
                fenced = !fenced;
            }
            if fenced {
                continue;
            }
            let hashes = line.chars().take_while(|c| *c == '#').count();
            let words = line[hashes..].strip_prefix(' ');
            match (hashes, words) {
                (1, Some(_)) if self.title.is_none() && self.sections.is_empty() => self.title = Some(i),
                (2 | 3, Some(w)) => {
                    let name = without_comments(w).trim().trim_end_matches('#').trim().to_lowercase();
                    if let Some(last) = self.sections.last_mut() {
                        last.body.end = i;
                    }
                    self.sections.push(Section { name, heading: i, body: i + 1..lines.len() });
                }
                _ => {}
            }
        }
    }

    /// The lines between the title (or the front matter) and the first section.
    pub fn header(&self) -> Range<usize> {
        let start = self.title.map(|t| t + 1).or(self.front_matter.as_ref().map(|f| f.end + 1)).unwrap_or(0);
        start..self.sections.first().map_or(self.lines.len(), |s| s.heading)
    }

    pub fn section(&self, names: &[&str]) -> Option<&Section> {
        self.sections.iter().find(|s| names.contains(&s.name.as_str()))
    }

    /// The part of a section that is its text: from its first line that is not blank to its last
    /// that is neither blank nor only a comment (a template puts `<!-- optional -->` before the
    /// next heading; that stays with the heading it is about).
    pub fn content(&self, body: &Range<usize>) -> Range<usize> {
        let blank = |i: &usize| self.lines[*i].is_empty();
        let filler = |i: &usize| blank(i) || (self.lines[*i].contains("<!--") && without_comments(&self.lines[*i]).trim().is_empty());
        let start = body.clone().find(|i| !blank(i)).unwrap_or(body.end);
        let end = body.clone().rev().find(|i| !filler(i)).map_or(start, |i| i + 1);
        start..end.max(start)
    }

    /// A section's text as a field holds it: escapes taken off, and empty when every line is a
    /// template's placeholder.
    pub fn value(&self, body: &Range<usize>) -> String {
        // The evaluation Cockpit writes after a field is not the field's text.
        let all = &self.lines[self.content(body)];
        let start = all.iter().position(|l| l.trim() == super::EVALUATION_START);
        let lines = match start {
            Some(s) => {
                let end = all[s..].iter().position(|l| l.trim() == super::EVALUATION_END).map_or(all.len(), |e| s + e + 1);
                let mut kept: Vec<String> = all[..s].to_vec();
                kept.extend_from_slice(&all[end..]);
                while kept.last().is_some_and(|l| l.trim().is_empty()) {
                    kept.pop();
                }
                while kept.first().is_some_and(|l| l.trim().is_empty()) {
                    kept.remove(0);
                }
                kept
            }
            None => all.to_vec(),
        };
        if lines.iter().all(|l| placeholder(l)) {
            return String::new();
        }
        super::unescape(&lines.join("\n"))
    }

    pub fn text(&self) -> String {
        let mut text = self.lines.join("\n");
        if self.final_newline {
            text.push('\n');
        }
        if self.crlf {
            text = text.replace('\n', "\r\n");
        }
        if self.bom {
            text.insert(0, '\u{feff}');
        }
        text
    }
}

/// Whether a line is a template's placeholder, not anyone's text: blank, only a comment, or one
/// of the lines log4brains' and MADR's templates hold for a field (`- [option 1]`,
/// `* {title of option 1}`, `Chosen option: "[option 1]", because […]`), listed in
/// `assets/adr-template-placeholders.txt`.
pub fn placeholder(line: &str) -> bool {
    const LINES: &str = include_str!("../../../../../assets/adr-template-placeholders.txt");
    let l = without_comments(line);
    let l = l.trim();
    let l = l.strip_prefix("- ").or_else(|| l.strip_prefix("* ")).unwrap_or(l).trim();
    l.is_empty() || LINES.lines().any(|p| !p.starts_with('#') && p == l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_parts_of_a_template_record() {
        let text = "---\nstatus: accepted\n---\n\n# Title\n\n## Context <!-- optional -->\n\nSome text.\n\n<!-- This is an optional element. -->\n## Decision\n\n```\n## not a heading\n```\n";
        let doc = Doc::new(text);
        assert_eq!(doc.front_matter, Some(1..2));
        assert_eq!(doc.title, Some(4));
        let names: Vec<&str> = doc.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["context", "decision"]);
        let context = &doc.sections[0].body;
        assert_eq!(doc.lines[doc.content(context)].to_vec(), ["Some text."]);
        assert_eq!(doc.value(&doc.sections[1].body), "```\n## not a heading\n```");
        assert_eq!(doc.text(), text);
    }

    #[test]
    fn template_placeholders_are_not_text() {
        for l in ["<!-- only a comment -->", "- [option 1]", "* {title of option 1}", "- … <!-- numbers can vary -->", "Chosen option: \"{title of option 1}\", because {justification. e.g., only option, which meets k.o. criterion decision driver | which resolves force {force} | … | comes out best (see below)}."] {
            assert!(placeholder(l), "{l}");
        }
        for l in ["- [x] done", "See [the RFC](rfc.md) for why", "We chose Postgres.", "[WIP] still open", "*", "-", "[a b]", "{a: 1}"] {
            assert!(!placeholder(l), "{l}");
        }
    }
}
