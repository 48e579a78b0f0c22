//! Why a decision was made, in one line of a summary: the first paragraph of its Decision text,
//! else the first sentence of its Context, taken from the text's prose only. A heading, a
//! lead-in to a list, code, a comment hidden in the Markdown, raw HTML or a table is no reason
//! to show a client; a list item or a quote is read without its marker, emphasis and code spans
//! as their words, and a link by its words (its address may be an internal one).

use super::clean_line;
use crate::domain::Decision;

pub(super) fn rationale(d: &Decision) -> Option<String> {
    let decision = prose(&d.decision);
    // The first paragraph: the first line of prose and those right after it (of a list, its
    // first item alone).
    let paragraph: Vec<&str> = decision
        .iter()
        .enumerate()
        .take_while(|(i, line)| *i == 0 || (line.at == decision[0].at + i && !line.item))
        .map(|(_, line)| line.text.as_str())
        .collect();
    let decision = clean_line(&paragraph.join(" "));
    if !decision.is_empty() {
        return Some(capped(&decision));
    }
    let context = prose(&d.context);
    let line = clean_line(context.first().map_or("", |line| line.text.as_str()));
    let sentence = first_sentence(&line);
    (!sentence.is_empty()).then(|| capped(sentence))
}

/// The longest "Why" a summary gives, in characters.
const LONGEST: usize = 200;

/// At most [`LONGEST`] characters, cut at a word with `…`.
fn capped(text: &str) -> String {
    if text.chars().count() <= LONGEST {
        return text.to_string();
    }
    let cut: String = text.chars().take(LONGEST).collect();
    let at = cut.rfind(' ').filter(|i| *i > LONGEST / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

/// A line of prose: its number in the text, whether it is a list item, and its words.
struct Prose {
    at: usize,
    item: bool,
    text: String,
}

/// The lines of `text` that are prose: not blank, a heading (either kind), a rule, a fence or
/// what it holds, indented code, raw HTML, a table's row, a link's reference definition, a
/// lead-in (`Drivers:`), or a line all emphasis (a heading written in bold); without HTML
/// comments (a line's rest after one is prose); each without its markers (see
/// [`without_markup`]).
fn prose(text: &str) -> Vec<Prose> {
    let lines: Vec<&str> = text.lines().collect();
    let underline = |l: &str| !l.trim().is_empty() && (l.trim().chars().all(|c| c == '=') || l.trim().chars().all(|c| c == '-'));
    let rule = |l: &str| {
        let l: String = l.chars().filter(|c| *c != ' ').collect();
        l.len() >= 3 && (l.chars().all(|c| c == '-') || l.chars().all(|c| c == '*') || l.chars().all(|c| c == '_'))
    };
    // A fence open: its character and length (it closes at one of its character, at least as
    // long, with nothing after it); a comment open.
    let (mut fence, mut comment, mut html) = (None::<(char, usize)>, false, false);
    let mut out = Vec::new();
    for (at, raw) in lines.iter().enumerate() {
        let mut l = raw.trim().to_string();
        // Raw HTML goes on to a blank line (`<details>` and what it folds away).
        if html {
            html = !l.is_empty();
            continue;
        }
        if let Some((c, n)) = fence {
            if l.chars().take_while(|x| *x == c).count() >= n && l.trim_start_matches(c).trim().is_empty() {
                fence = None;
            }
            continue;
        }
        if comment {
            match l.find("-->") {
                Some(end) => (comment, l) = (false, l[end + 3..].trim().to_string()),
                None => continue,
            }
        }
        while let Some(start) = l.find("<!--") {
            match l[start..].find("-->") {
                Some(end) => l = format!("{}{}", &l[..start], &l[start + end + 3..]).trim().to_string(),
                None => (comment, l) = (true, l[..start].trim().to_string()),
            }
        }
        let opens = l.chars().next().filter(|c| matches!(c, '`' | '~'));
        if let Some(c) = opens.filter(|c| l.chars().take_while(|x| x == c).count() >= 3) {
            fence = Some((c, l.chars().take_while(|x| *x == c).count()));
            continue;
        }
        let code = raw.starts_with("    ") || raw.starts_with('\t');
        let heading = l == "#" || l.starts_with("# ") || l.starts_with("##") || lines.get(at + 1).is_some_and(|n| underline(n));
        if l.starts_with('<') && !l.starts_with("<http") && !l.starts_with("<mailto:") {
            html = true;
            continue;
        }
        let reference = l.starts_with('[') && l.contains("]:");
        let mut bare = l.as_str();
        while let Some(rest) = ["- ", "* ", "+ ", "> ", ">"].iter().find_map(|m| bare.strip_prefix(m)) {
            bare = rest.trim_start();
        }
        let emphasis = ["**", "__", "*", "_"].iter().any(|e| {
            bare.len() > 2 * e.len() && bare.starts_with(e) && bare.ends_with(e) && !bare[e.len()..bare.len() - e.len()].contains(e)
        });
        let lead_in = l.ends_with(':');
        if l.is_empty() || code || heading || reference || rule(&l) || underline(&l) || l.starts_with('|') || lead_in || emphasis {
            continue;
        }
        let numbered = l.split_once(['.', ')']).is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let item = numbered || ["- ", "* ", "+ "].iter().any(|b| l.starts_with(b));
        let text = without_markup(&l);
        if !text.trim().is_empty() {
            out.push(Prose { at, item, text });
        }
    }
    out
}

/// A line of prose without a quote's, a list item's or a task's marker; each link
/// (`[words](address)`, its address's parentheses matched) as its words, an image or an autolink
/// (`<https://…>`) as none; emphasis and code spans as their words.
fn without_markup(line: &str) -> String {
    let mut l = line;
    loop {
        let before = l;
        l = l.strip_prefix('>').map_or(l, str::trim_start);
        l = ["- ", "* ", "+ "].iter().find_map(|b| l.strip_prefix(b)).unwrap_or(l);
        let digits = l.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && (l[digits..].starts_with(". ") || l[digits..].starts_with(") ")) {
            l = &l[digits + 2..];
        }
        l = ["[ ] ", "[x] ", "[X] "].iter().find_map(|b| l.strip_prefix(b)).unwrap_or(l);
        if l == before {
            break;
        }
    }
    let mut out = String::with_capacity(l.len());
    let mut rest = l;
    while let Some(open) = rest.find(['[', '<', '!']) {
        match link(&rest[open..]) {
            Some((words, past)) => {
                out.push_str(&rest[..open]);
                out.push_str(words);
                rest = &rest[open + past..];
            }
            None => {
                out.push_str(&rest[..open + 1]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out.replace("**", "").replace("__", "").replace('`', "")
}

/// A link at the start of `at`: the words it reads as, and where it ends.
fn link(at: &str) -> Option<(&str, usize)> {
    if let Some(inner) = at.strip_prefix('<') {
        let autolink = inner.starts_with("http") || inner.starts_with("mailto:");
        return at.find('>').filter(|_| autolink).map(|end| ("", end + 1));
    }
    let image = at.starts_with('!');
    let from = usize::from(image);
    let close = at[from..].strip_prefix('[')?.find("](")?;
    let words = &at[from + 1..from + 1 + close];
    let address_at = from + close + 3;
    let mut depth = 0usize;
    for (i, c) in at[address_at..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return Some((if image { "" } else { words }, address_at + i + 1)),
            ')' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The first sentence of a line: it ends at `.`, `!` or `?` followed by a space and a capital
/// letter or a digit, unless the word before is an abbreviation (`e.g. Redis`, `vs. Kafka`; not
/// `Node.js.`), or at a full stop of the scripts that write none after it (`。`).
fn first_sentence(line: &str) -> &str {
    if let Some((at, c)) = line.char_indices().find(|(_, c)| matches!(c, '。' | '！' | '？')) {
        return line[..at + c.len_utf8()].trim();
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let abbreviation = |at: usize| {
        let word = line[..at].rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
        let dotted = word.contains('.') && word.split('.').all(|p| (1..=2).contains(&p.len()));
        let known = ["etc", "vs", "cf", "approx", "incl", "esp", "mr", "mrs", "ms", "dr", "no", "st"].contains(&word.as_str());
        dotted || known || word.chars().count() == 1
    };
    let end = chars.windows(3).find(|w| {
        matches!(w[0].1, '.' | '!' | '?')
            && w[1].1 == ' '
            && (w[2].1.is_uppercase() || w[2].1.is_ascii_digit())
            && !(w[0].1 == '.' && abbreviation(w[0].0))
    });
    end.map_or(line, |w| &line[..w[1].0]).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(context: &str, decision: &str) -> Option<String> {
        let mut d = Decision::captured(
            crate::domain::fixtures::id(1),
            crate::domain::fixtures::id(9),
            "T",
            chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
            crate::domain::fixtures::noon(),
        );
        (d.context, d.decision) = (context.into(), decision.into());
        rationale(&d)
    }

    fn why(context: &str) -> Option<String> {
        with(context, "")
    }

    /// The first sentence of the Context's prose, or the Decision's first paragraph of prose:
    /// never a heading, code, a hidden comment or a table; markers and link addresses left out.
    #[test]
    fn the_rationale_is_a_sentence_of_prose() {
        for (context, said) in [
            ("## Background\n\nThe nightly batch overruns. We need a queue.", "The nightly batch overruns."),
            ("Drivers:\n- cost\n- speed", "cost"),
            ("Background\n---\nIt is slow.", "It is slow."),
            ("Plain. Second.", "Plain."),
            ("```\ncode line here\n```\nThe batch overruns.", "The batch overruns."),
            ("    let secret = X;\nProse after.", "Prose after."),
            ("<!-- internal: secret -->\nReal reason.", "Real reason."),
            ("<!--\nhidden\n-->\nReal reason.", "Real reason."),
            ("**Background**\n\nThe actual reason.", "The actual reason."),
            ("| opt | cost |\n|---|---|\n| a | 1 |\nBecause a is cheap.", "Because a is cheap."),
            ("> quoted from the CEO. more", "quoted from the CEO. more"),
            ("Reasons:\n1. cheaper. Also faster.", "cheaper."),
            ("- [ ] check the SLA", "check the SLA"),
            ("![diagram](arch.png)\nThe diagram shows it.", "The diagram shows it."),
            ("See [the doc](https://internal.example/x). It explains.", "See the doc."),
            ("Text\n***\nMore.", "Text"),
            // Tester O's.
            ("Real reason. <!-- internal: secret -->", "Real reason."),
            ("<details>\n<summary>Internal</summary>\n</details>\n\nReal reason.", "Real reason."),
            ("<details>\n<summary>Internal</summary>\nThe folded body.\n</details>\n\nReal reason.", "Real reason."),
            ("````\n```\nsecret code\n```\n````\nReal reason.", "Real reason."),
            ("<https://internal.example/secret>\nReal reason.", "Real reason."),
            ("[1]: https://internal.example/secret\nReal reason.", "Real reason."),
            ("See [the wiki](https://x.example/Foo_(secret)_bar). Then more.", "See the wiki."),
            ("We chose **Kafka** over `Rabbit`. Then more.", "We chose Kafka over Rabbit."),
            ("> **Note**\n> It is the reason.", "It is the reason."),
            ("#1 priority is cost. Also speed.", "#1 priority is cost."),
            ("![img](x.png) Real reason after the image. More.", "Real reason after the image."),
            ("<!-- a --> Real reason after a comment. More.", "Real reason after a comment."),
            ("* We need to be *fast*\n* And cheap", "We need to be *fast*"),
            ("We moved to Node.js. Then it was faster.", "We moved to Node.js."),
            ("決定の理由はコストです。次に速度です。", "決定の理由はコストです。"),
        ] {
            assert_eq!(why(context).as_deref(), Some(said), "{context:?}");
        }
        assert_eq!(why("#"), None);
        assert_eq!(why("Only:"), None);
        let long = why(&"word ".repeat(100)).unwrap();
        assert!(long.chars().count() <= LONGEST && long.ends_with("word…"), "{long}");
        assert_eq!(with("Ctx.", "## Heading in decision\nUse X.\nOn every host.\n\nLater.").as_deref(), Some("Use X. On every host."));
        assert_eq!(with("", "Use Postgres <!-- secret -->").as_deref(), Some("Use Postgres"));
        assert_eq!(with("", "- Use Postgres\n- Drop MySQL\n  - nested").as_deref(), Some("Use Postgres"));
    }
}
