//! log4brains' template splits a record's consequences in two sections (`### Positive
//! Consequences`, `### Negative Consequences`). Cockpit reads a record that has them (and no
//! Consequences section of its own) as one text, each part after its label, and writes a text of
//! that shape back into them, so that the team's two sections stay two.

use super::doc::Doc;

/// Each part: its section's name (as `Doc` names sections) and its label in the text.
const PARTS: [(&str, &str); 2] = [("positive consequences", "Positive consequences:"), ("negative consequences", "Negative consequences:")];

/// Whether the record keeps its consequences in parts: it has a part's section, and no
/// Consequences section.
fn in_parts(doc: &Doc) -> bool {
    doc.section(&["consequences"]).is_none() && PARTS.iter().any(|(name, _)| doc.section(&[name]).is_some())
}

/// The consequences of a record that keeps them in parts: each part that says something, after
/// its label.
pub(super) fn read(doc: &Doc) -> Option<String> {
    if !in_parts(doc) {
        return None;
    }
    let parts = PARTS.iter().filter_map(|(name, label)| {
        let value = doc.section(&[name]).map(|s| doc.value(&s.body)).unwrap_or_default();
        (!value.is_empty()).then(|| format!("{label}\n{value}"))
    });
    Some(parts.collect::<Vec<_>>().join("\n\n"))
}

/// A consequences text of that shape, as its parts' texts (in [`PARTS`]' order); none when it
/// has text before the first label, or a label twice.
fn split(text: &str) -> Option<Vec<String>> {
    let mut parts: Vec<Option<Vec<&str>>> = vec![None; PARTS.len()];
    let mut current: Option<usize> = None;
    for line in text.lines() {
        match PARTS.iter().position(|(_, label)| line.trim_end() == *label) {
            Some(k) if parts[k].is_none() => {
                parts[k] = Some(Vec::new());
                current = Some(k);
            }
            Some(_) => return None,
            None => match current {
                Some(k) => parts[k].as_mut().expect("the part begun").push(line),
                None if line.trim().is_empty() => {}
                None => return None,
            },
        }
    }
    current?;
    Some(parts.into_iter().map(|p| p.unwrap_or_default().join("\n").trim_matches('\n').to_string()).collect())
}

/// Writes `text` into the record's parts, when it keeps its consequences so and the text has
/// their shape (each part's text escaped as a record holds text); whether it did. (A part the
/// text leaves out is emptied, its heading kept.)
pub(super) fn write(doc: &mut Doc, text: &str) -> bool {
    let Some(parts) = split(text).filter(|_| in_parts(doc)) else { return false };
    if PARTS.iter().zip(&parts).any(|((name, _), part)| !part.is_empty() && doc.section(&[name]).is_none()) {
        return false;
    }
    for ((name, _), part) in PARTS.iter().zip(parts) {
        let Some(s) = doc.section(&[name]).cloned() else { continue };
        let lines = if part.is_empty() { Vec::new() } else { super::escape(&part).lines().map(str::to_string).collect() };
        super::patch::replace_content(doc, &s, lines);
        doc.scan();
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = "# Use Redis\n\n## Decision Outcome\n\nRedis.\n\n### Positive Consequences <!-- optional -->\n\n- Faster pages\n\n### Negative Consequences <!-- optional -->\n\n- One more service\n\n## Links\n";

    #[test]
    fn the_two_parts_read_as_one_text_and_are_written_back_into_their_sections() {
        let mut doc = Doc::new(RECORD);
        let text = read(&doc).unwrap();
        assert_eq!(text, "Positive consequences:\n- Faster pages\n\nNegative consequences:\n- One more service");
        assert_eq!(split(&text).unwrap(), ["- Faster pages", "- One more service"]);
        assert!(write(&mut doc, "Positive consequences:\n- Faster pages\n- Cheaper\n\nNegative consequences:\n- <none>"));
        assert_eq!(
            doc.text(),
            RECORD.replace("- Faster pages\n", "- Faster pages\n- Cheaper\n").replace("- One more service", "- \\<none>")
        );
        // Text of another shape is not theirs to hold.
        for other in ["Just one paragraph.", "Intro\nPositive consequences:\n- x", "Positive consequences:\na\nPositive consequences:\nb"] {
            assert!(!write(&mut Doc::new(RECORD), other), "{other}");
        }
        // A record with a Consequences section of its own keeps it.
        assert_eq!(read(&Doc::new(&RECORD.replace("## Links", "### Consequences\n\nBoth.\n\n## Links"))), None);
    }
}
