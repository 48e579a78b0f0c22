//! A record file as its lines, and where each part of it is: the front matter, the title, the
//! header lines under it, and each `##`/`###` section. Reading ([`super::parse`]) and patching
//! ([`super::patch`]) both go by it, so that they agree on what a field's text is.

use std::ops::Range;

#[derive(Debug, Clone)]
pub struct Doc {
    pub lines: Vec<String>,
    bom: bool,
    endings: Endings,
    final_newline: bool,
    /// The lines between the front matter's `---` marks.
    pub front_matter: Option<Range<usize>>,
    pub title: Option<usize>,
    pub sections: Vec<Section>,
    /// Which lines a renderer reads as code or raw HTML (see [`rendering`]).
    pub code: Vec<bool>,
    /// The first line of a block never closed (see [`rendering`]).
    pub unclosed: Option<usize>,
}

/// How the file ended its lines: each line written keeps its own ending.
#[derive(Debug, Clone)]
enum Endings {
    Lf,
    Crlf,
    /// Some of each (a line pasted from another system): each line as it was read, and whether
    /// it ended with CRLF, and the ending most lines had (a line Cockpit writes gets that one).
    Mixed {
        read: Vec<(String, bool)>,
        most_crlf: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Section {
    /// The heading's words, lower-case, without its `#`s and comments.
    pub name: String,
    /// The heading's first line, and its last (its underline, for a heading underlined).
    pub top: usize,
    pub heading: usize,
    /// The section's lines after the heading, up to the next heading.
    pub body: Range<usize>,
    /// 1 to 3 (`#` to `###`, or 1 and 2 for a heading underlined with `===` and `---`).
    pub level: usize,
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

/// A fence line as CommonMark reads one: its character (`` ` `` or `~`), how many of it, and
/// whether nothing but white space follows them (only such a line closes a block). A run of
/// backticks followed by another backtick is a code span, not a fence; so is a line indented
/// four columns or more (a tab is four), which is code.
fn fence(line: &str) -> Option<(u8, usize, bool)> {
    let l = line.trim_start_matches(' ');
    if line.len() - l.len() > 3 {
        return None;
    }
    let c = *l.as_bytes().first().filter(|c| matches!(c, b'`' | b'~'))?;
    let n = l.bytes().take_while(|b| *b == c).count();
    let rest = &l[n..];
    (n >= 3 && !(c == b'`' && rest.contains('`'))).then(|| (c, n, rest.trim().is_empty()))
}

pub(super) fn is_fence(line: &str) -> bool {
    fence(line).is_some()
}

/// Which lines of Cockpit's own text are in a fenced code block, its fence lines included, as it
/// writes them: a block ends at the first fence of its own character, at least as long, with
/// nothing after it (a `~~~` line inside a block opened by backticks is code). A fence never
/// closed opens no block here: it is written as text (else Markdown would show all the rest of
/// the record as code). (A record as a renderer reads it: [`rendering`].)
pub(super) fn fenced<S: AsRef<str>>(lines: &[S]) -> Vec<bool> {
    let fences: Vec<Option<(u8, usize, bool)>> = lines.iter().map(|l| fence(l.as_ref())).collect();
    // The longest closing fence of each character after each line: a fence longer than that
    // is never closed, and is known so without looking further (a file of thousands of them
    // is read in one pass).
    let mut longest = vec![[0usize; 2]; lines.len() + 1];
    for i in (0..lines.len()).rev() {
        longest[i] = longest[i + 1];
        if let Some((c, n, true)) = fences[i] {
            let k = usize::from(c == b'~');
            longest[i][k] = longest[i][k].max(n);
        }
    }
    let mut code = vec![false; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        if let Some((c, n, _)) = fences[i] {
            let closes = |j: &usize| fences[*j].is_some_and(|(c2, n2, bare)| c2 == c && n2 >= n && bare);
            if let Some(end) = (longest[i + 1][usize::from(c == b'~')] >= n).then(|| (i + 1..lines.len()).find(closes)).flatten() {
                code[i..=end].fill(true);
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    code
}

/// What ends the raw HTML a line opens, when only a marker of its own does (a comment, `<pre>`,
/// `<script>`, `<?…?>`, `<!X>`, CDATA: CommonMark's first five kinds); none for the kinds a
/// blank line ends.
fn html_end(line: &str) -> Option<&'static str> {
    let l = line.trim_start_matches(' ').to_ascii_lowercase();
    for (tag, end) in [("<pre", "</pre>"), ("<script", "</script>"), ("<style", "</style>"), ("<textarea", "</textarea>")] {
        if l.strip_prefix(tag).is_some_and(|r| r.is_empty() || r.starts_with([' ', '>', '\t'])) {
            return Some(end);
        }
    }
    [("<!--", "-->"), ("<?", "?>"), ("<![cdata[", "]]>")]
        .into_iter()
        .find(|(open, _)| l.starts_with(open))
        .map(|(_, end)| end)
        .or_else(|| l.strip_prefix("<!").filter(|r| r.starts_with(|c: char| c.is_ascii_alphabetic())).map(|_| ">"))
}

/// How a CommonMark renderer reads `lines` (a record's body, or the text Cockpit writes a field
/// from), in one pass of its parser.
pub(super) struct Rendering {
    /// Which lines are code (a fenced or indented block, its fences included) or raw HTML (a
    /// comment, `<pre>`, `<div>`).
    pub code: Vec<bool>,
    /// The first line of a block never closed (a fence, or raw HTML that only its end marker
    /// ends), outside list items and quotes: Markdown shows everything after it as part of it.
    pub unclosed: Option<usize>,
    /// The headings outside list items and quotes: each one's first and last line (two for a
    /// heading underlined with `===` or `---`) and level.
    pub headings: Vec<(usize, usize, usize)>,
}

pub(super) fn rendering<S: AsRef<str>>(lines: &[S]) -> Rendering {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut text = String::with_capacity(lines.iter().map(|l| l.as_ref().len() + 1).sum());
    let mut starts = Vec::with_capacity(lines.len());
    for l in lines {
        let l = l.as_ref();
        starts.push(text.len());
        // (A renderer ends raw HTML at `</PRE>` as at `</pre>`: the parser is given the tags of
        // those kinds in lower case, which keeps every place where it was.)
        let lower = l.contains('<').then(|| l.to_ascii_lowercase());
        match lower.filter(|lower| {
            ["<pre", "</pre", "<script", "</script", "<style", "</style", "<textarea", "</textarea"].iter().any(|t| lower.contains(t))
        }) {
            Some(lower) => text.push_str(&lower),
            None => text.push_str(l),
        }
        text.push('\n');
    }
    let line_of = |offset: usize| starts.partition_point(|s| *s <= offset).saturating_sub(1);
    let mut found = Rendering { code: vec![false; lines.len()], unclosed: None, headings: Vec::new() };
    // (In a list item or a quote, a block never closed ends with it: what follows it is not
    // code, nor is a heading there a section.)
    let mut within = 0usize;
    for (event, range) in Parser::new(&text).into_offset_iter() {
        let (first, last) = (line_of(range.start), line_of(range.end.saturating_sub(1).max(range.start)));
        let fenced = match event {
            Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_)) => {
                within += 1;
                continue;
            }
            Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_)) => {
                within = within.saturating_sub(1);
                continue;
            }
            Event::Start(Tag::Heading { level, .. }) if within == 0 => {
                found.headings.push((first, last, level as usize));
                continue;
            }
            // (Which kind: a fence, raw HTML, or indented code, which nothing leaves open.)
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(_))) => Some(true),
            Event::Start(Tag::HtmlBlock) => Some(false),
            Event::Start(Tag::CodeBlock(_)) => None,
            _ => continue,
        };
        found.code[first..=last].fill(true);
        // (Closed: its last line is a fence of its own character, at least as long, and bare;
        // or, for raw HTML that only its end marker ends, one with that marker.)
        let (open, end) = (lines[first].as_ref(), lines[last].as_ref());
        let closed = match fenced {
            Some(true) => last > first && fence(open).zip(fence(end)).is_some_and(|((c, n, _), (c2, n2, bare))| c == c2 && n2 >= n && bare),
            // (Our id comment at the end of a record does not end a teammate's comment: the
            // record's last sections would be hidden in it.)
            Some(false) => html_end(open).is_none_or(|marker| {
                (first..=last).any(|i| {
                    let line = lines[i].as_ref();
                    (i == first || !line.trim_start().starts_with("<!-- cockpit-id")) && line.to_ascii_lowercase().contains(marker)
                })
            }),
            None => true,
        };
        if within == 0 && !closed && range.end >= text.len() {
            found.unclosed = found.unclosed.or(Some(first));
        }
    }
    found
}

impl Doc {
    pub fn new(text: &str) -> Doc {
        // A byte-order mark is kept, but is not part of the first line.
        let bom = text.starts_with('\u{feff}');
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let crlf = text.matches("\r\n").count();
        let lf = text.matches('\n').count() - crlf;
        let endings = match (crlf, lf) {
            (0, _) => Endings::Lf,
            (_, 0) => Endings::Crlf,
            _ => {
                let read =
                    text.split_inclusive('\n').map(|l| (l.trim_end_matches('\n').trim_end_matches('\r').to_string(), l.ends_with("\r\n")));
                Endings::Mixed { read: read.collect(), most_crlf: crlf > lf }
            }
        };
        let text = text.replace("\r\n", "\n");
        let final_newline = text.ends_with('\n');
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut doc = Doc {
            lines,
            bom,
            endings,
            final_newline,
            front_matter: None,
            title: None,
            sections: Vec::new(),
            code: Vec::new(),
            unclosed: None,
        };
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
        let start = start.min(lines.len());
        let Rendering { code, unclosed, headings } = rendering(&lines[start..]);
        self.unclosed = unclosed.map(|i| i + start);
        self.code = vec![false; start];
        self.code.extend(code);
        // (Sections as a renderer reads the headings of the first three levels: `## Name`
        // indented up to three spaces, or a line underlined with `---` or `===`; the title is the
        // first `# Title` line, before any section.)
        for (top, heading, level) in headings {
            let (top, heading) = (top + start, heading + start);
            let words = lines[top].trim_start_matches(' ');
            match level {
                1 if self.title.is_none() && self.sections.is_empty() && top == heading && words.starts_with("# ") => {
                    self.title = Some(top)
                }
                1..=3 => {
                    let words = if top == heading { words.trim_start_matches('#') } else { &lines[top..heading].join(" ") };
                    let name = without_comments(words).trim().trim_end_matches('#').trim().to_lowercase();
                    if let Some(last) = self.sections.last_mut() {
                        last.body.end = top;
                    }
                    self.sections.push(Section { name, top, heading, body: heading + 1..lines.len(), level });
                }
                _ => {}
            }
        }
    }

    /// The lines between the title (or the front matter) and the first section.
    pub fn header(&self) -> Range<usize> {
        let start = self.title.map(|t| t + 1).or(self.front_matter.as_ref().map(|f| f.end + 1)).unwrap_or(0);
        start..self.sections.first().map_or(self.lines.len(), |s| s.top)
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
        let crlf = self.crlf_endings();
        let mut text = String::with_capacity(self.lines.iter().map(|l| l.len() + 2).sum::<usize>() + 3);
        if self.bom {
            text.push('\u{feff}');
        }
        for (i, (line, crlf)) in self.lines.iter().zip(crlf).enumerate() {
            text.push_str(line);
            if i + 1 < self.lines.len() || self.final_newline {
                text.push_str(if crlf { "\r\n" } else { "\n" });
            }
        }
        text
    }

    /// Whether each line ends with CRLF. In a file of mixed endings, a line as it was read is
    /// found among the lines read (in order: each after the one found before it) and keeps its
    /// ending; a line Cockpit wrote gets the ending most lines had.
    fn crlf_endings(&self) -> Vec<bool> {
        let (read, most_crlf) = match &self.endings {
            Endings::Lf => return vec![false; self.lines.len()],
            Endings::Crlf => return vec![true; self.lines.len()],
            Endings::Mixed { read, most_crlf } => (read, *most_crlf),
        };
        let mut at: std::collections::HashMap<&str, std::collections::VecDeque<usize>> = std::collections::HashMap::new();
        for (i, (line, _)) in read.iter().enumerate() {
            at.entry(line.as_str()).or_default().push_back(i);
        }
        let mut next = 0;
        self.lines
            .iter()
            .map(|line| {
                let Some(places) = at.get_mut(line.as_str()) else { return most_crlf };
                while places.front().is_some_and(|i| *i < next) {
                    places.pop_front();
                }
                match places.pop_front() {
                    Some(i) => {
                        next = i + 1;
                        read[i].1
                    }
                    None => most_crlf,
                }
            })
            .collect()
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
    fn a_code_block_ends_only_at_a_fence_like_its_own() {
        let lines = [
            "```md",
            "~~~",
            "## Consequences",
            "    ```",
            "``` not a close",
            "```",
            "## Out",
            "````",
            "```",
            "````",
            "\t```",
            "  ~~~ in a list item?",
            "## Text",
            "~~~ never closed",
            "## Still text",
        ];
        let code = fenced(&lines);
        assert_eq!(code, [true, true, true, true, true, true, false, true, true, true, false, false, false, false, false]);
        // A renderer reads it alike, the tab-indented line being code of its own, and sees the
        // indented `~~~` (no list around it) open a block never closed.
        let Rendering { code: read, unclosed, .. } = rendering(&lines);
        assert_eq!(read, [true, true, true, true, true, true, false, true, true, true, true, true, true, true, true]);
        assert_eq!(unclosed, Some(11));
        // (A run of backticks followed by another is a code span, not a fence.)
        assert_eq!(fenced(&["``` a ` b", "## x"]), vec![false, false]);
        // A fence in a list item ends with the item; in an HTML comment or block it is no fence.
        let Rendering { code: read, unclosed, .. } =
            rendering(&["- step", "", "  ```", "  make", "## Next", "<!--", "```", "-->", "<pre>", "```", "</pre>"]);
        assert_eq!((read[4], unclosed), (false, None));
        // Raw HTML that only its end marker ends, never ended, swallows the rest too; closed, or
        // of a kind a blank line ends, it does not.
        assert_eq!(rendering(&["Text", "", "<!-- x", "## Hidden"]).unclosed, Some(2));
        assert_eq!(rendering(&["Text", "", "<!-- cockpit-id: x -->"]).unclosed, None);
        assert_eq!(rendering(&["Text", "", "<div>"]).unclosed, None);
        // (Our id comment does not end a comment left open; the end marker is in any case.)
        assert_eq!(rendering(&["Text", "", "<!-- TODO", "## Decision", "", "<!-- cockpit-id: x -->"]).unclosed, Some(2));
        assert_eq!(rendering(&["Text", "", "<PRE>", "x", "</PRE>"]).unclosed, None);
        assert_eq!(rendering(&["<PRE>", "## In it", "</PRE>", "", "## After"]).headings, [(4, 4, 2)]);
        // (One in a list item at the very end is not said to swallow what follows.)
        let in_item = rendering(&["- step", "", "  ```", "  make"]);
        assert_eq!((in_item.code, in_item.unclosed), (vec![false, false, true, true], None));
        assert!(read[5..].iter().all(|r| *r), "raw HTML: {read:?}");
        let doc = Doc::new("# T\n\n## Decision\n\n```markdown\n~~~\n## Consequences\n~~~\n```\n\nEnd.\n\n## Consequences\n\nReal.\n");
        let names: Vec<&str> = doc.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["decision", "consequences"]);
        assert_eq!(doc.value(&doc.sections[1].body), "Real.");
        // Thousands of fences never closed are read in one pass.
        let many: Vec<String> = (0..200_000).map(|i| format!("{}x", "`".repeat(3 + i % 5))).collect();
        assert!(!fenced(&many).iter().any(|c| *c));
        assert_eq!(rendering(&many).unclosed, Some(0));
    }

    #[test]
    fn each_line_keeps_its_own_ending() {
        let text = "# T\n\n## Context\n\nPasted from elsewhere.\r\nTyped here.\n\n## Decision\n\nOld.\n";
        let mut doc = Doc::new(text);
        assert_eq!(doc.text(), text);
        let old = doc.lines.iter().position(|l| l == "Old.").unwrap();
        doc.lines[old] = "New.".into();
        doc.lines.insert(old, "Inserted.".into());
        assert_eq!(doc.text(), text.replace("Old.", "Inserted.\nNew."));
        for all in ["a\r\nb\r\n", "a\nb", "\u{feff}a\r\nb"] {
            assert_eq!(Doc::new(all).text(), all);
        }
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
