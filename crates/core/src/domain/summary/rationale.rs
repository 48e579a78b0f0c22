//! Why a decision was made, in one line of a summary: the first paragraph of its Decision text,
//! else the first sentence of its Context, taken from the text's prose only. A heading, a
//! lead-in to a list, code, a comment hidden in the Markdown or a table is no reason to show a
//! client; a list item or a quote is read without its marker, and a link by its words (its
//! address may be an internal one).

use super::clean_line;
use crate::domain::Decision;

pub(super) fn rationale(d: &Decision) -> Option<String> {
    let decision = prose(&d.decision);
    // The first paragraph: the first line of prose and those right after it.
    let paragraph: Vec<&str> =
        decision.iter().enumerate().take_while(|(i, (at, _))| *at == decision[0].0 + i).map(|(_, (_, l))| l.as_str()).collect();
    let decision = clean_line(&paragraph.join(" "));
    if !decision.is_empty() {
        return Some(decision);
    }
    let context = prose(&d.context);
    let line = clean_line(context.first().map_or("", |(_, l)| l.as_str()));
    let sentence = first_sentence(&line);
    (!sentence.is_empty()).then(|| sentence.to_string())
}

/// The lines of `text` that are prose, by their number: not blank, a heading (either kind), a
/// rule, a fence or what it holds, indented code, an HTML comment, a table's row, a lead-in
/// (`Drivers:`), an image, or a line all emphasis (a heading written in bold); each without a
/// quote's, a list item's or a task's marker, its links as their words.
fn prose(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let underline = |l: &str| !l.trim().is_empty() && (l.trim().chars().all(|c| c == '=') || l.trim().chars().all(|c| c == '-'));
    let rule = |l: &str| {
        let l: String = l.chars().filter(|c| *c != ' ').collect();
        l.len() >= 3 && (l.chars().all(|c| c == '-') || l.chars().all(|c| c == '*') || l.chars().all(|c| c == '_'))
    };
    let (mut fence, mut comment) = (None::<char>, false);
    let mut out = Vec::new();
    for (i, raw) in lines.iter().enumerate() {
        let l = raw.trim();
        if comment {
            comment = !l.contains("-->");
            continue;
        }
        if let Some(c) = fence {
            if l.starts_with(&c.to_string().repeat(3)) {
                fence = None;
            }
            continue;
        }
        if l.starts_with("```") || l.starts_with("~~~") {
            fence = l.chars().next();
            continue;
        }
        if l.starts_with("<!--") {
            comment = !l.contains("-->");
            continue;
        }
        let code = raw.starts_with("    ") || raw.starts_with('\t');
        let heading = l.starts_with('#') || lines.get(i + 1).is_some_and(|n| underline(n));
        let emphasis = ["**", "__", "*", "_"].iter().any(|e| l.len() > 2 * e.len() && l.starts_with(e) && l.ends_with(e));
        if l.is_empty()
            || code
            || heading
            || rule(l)
            || underline(l)
            || l.starts_with('|')
            || l.ends_with(':')
            || l.starts_with("![")
            || emphasis
        {
            continue;
        }
        out.push((i, without_markup(l)));
    }
    out
}

/// A line of prose without a quote's, a list item's or a task's marker, and with each link
/// (`[words](address)`) as its words.
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
    while let Some(open) = rest.find('[') {
        let linked = rest[open..].find("](").and_then(|close| {
            let end = rest[open + close..].find(')')?;
            Some((&rest[open + 1..open + close], open + close + end + 1))
        });
        match linked {
            Some((words, past)) => {
                out.push_str(&rest[..open]);
                out.push_str(words);
                rest = &rest[past..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first sentence of a line: it ends at `.`, `!` or `?` followed by a space and a capital
/// letter or a digit, unless the word before is an abbreviation (`e.g. Redis`, `vs. Kafka`).
fn first_sentence(line: &str) -> &str {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let abbreviation = |at: usize| {
        let word = line[..at].rsplit(' ').next().unwrap_or("").to_ascii_lowercase();
        word.contains('.') || ["etc", "vs", "cf", "approx", "incl", "esp", "mr", "mrs", "ms", "dr", "no", "st"].contains(&word.as_str())
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

    /// The first sentence of the Context's prose, or the Decision's first paragraph of prose:
    /// never a heading, code, a hidden comment or a table; markers and link addresses left out.
    #[test]
    fn the_rationale_is_a_sentence_of_prose() {
        let why = |context: &str| with(context, "");
        assert_eq!(why("## Background\n\nThe nightly batch overruns. We need a queue.").as_deref(), Some("The nightly batch overruns."));
        assert_eq!(why("Drivers:\n- cost\n- speed").as_deref(), Some("cost"));
        assert_eq!(why("Background\n---\nIt is slow.").as_deref(), Some("It is slow."));
        assert_eq!(why("Plain. Second.").as_deref(), Some("Plain."));
        assert_eq!(why("```\ncode line here\n```\nThe batch overruns.").as_deref(), Some("The batch overruns."));
        assert_eq!(why("    let secret = X;\nProse after.").as_deref(), Some("Prose after."));
        assert_eq!(why("<!-- internal: secret -->\nReal reason.").as_deref(), Some("Real reason."));
        assert_eq!(why("<!--\nhidden\n-->\nReal reason.").as_deref(), Some("Real reason."));
        assert_eq!(why("**Background**\n\nThe actual reason.").as_deref(), Some("The actual reason."));
        assert_eq!(why("| opt | cost |\n|---|---|\n| a | 1 |\nBecause a is cheap.").as_deref(), Some("Because a is cheap."));
        assert_eq!(why("> quoted from the CEO. more").as_deref(), Some("quoted from the CEO. more"));
        assert_eq!(why("Reasons:\n1. cheaper. Also faster.").as_deref(), Some("cheaper."));
        assert_eq!(why("- [ ] check the SLA").as_deref(), Some("check the SLA"));
        assert_eq!(why("![diagram](arch.png)\nThe diagram shows it.").as_deref(), Some("The diagram shows it."));
        assert_eq!(why("See [the doc](https://internal.example/x). It explains.").as_deref(), Some("See the doc."));
        assert_eq!(why("Text\n***\nMore.").as_deref(), Some("Text"));
        assert_eq!(why("#"), None);
        assert_eq!(why("Only:"), None);
        assert_eq!(with("Ctx.", "## Heading in decision\nUse X.\nOn every host.\n\nLater.").as_deref(), Some("Use X. On every host."));
    }
}
