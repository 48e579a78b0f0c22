//! log4brains' template splits a record's consequences in two sections (`### Positive
//! Consequences`, `### Negative Consequences`). Cockpit reads a record that has them (and no
//! Consequences section of its own) as one text, each part after its label, and writes a text of
//! that shape back into them, so that the team's two sections stay two.

use super::doc::Doc;

/// Each part: its section's name (as `Doc` names sections), its label in the text, and its
/// heading as log4brains' template writes it.
const PARTS: [(&str, &str, &str); 2] = [
    ("positive consequences", "Positive consequences:", "### Positive Consequences"),
    ("negative consequences", "Negative consequences:", "### Negative Consequences"),
];

/// Whether the record keeps its consequences in parts: it has a part's section, and no
/// Consequences section.
fn in_parts(doc: &Doc) -> bool {
    doc.section(&["consequences"]).is_none() && PARTS.iter().any(|(name, ..)| doc.section(&[name]).is_some())
}

/// The consequences of a record that keeps them in parts: each part that says something, after
/// its label.
pub(super) fn read(doc: &Doc) -> Option<String> {
    if !in_parts(doc) {
        return None;
    }
    let parts = PARTS.iter().filter_map(|(name, label, _)| {
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
        match PARTS.iter().position(|(_, label, _)| line.trim_end() == *label) {
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
/// their shape (each part's text escaped as a record holds text); whether it did. Only a part
/// whose text differs is written; one the text leaves out is emptied, its heading kept; one the
/// record has no section for gets one, beside the other.
pub(super) fn write(doc: &mut Doc, text: &str) -> bool {
    let Some(parts) = split(text).filter(|_| in_parts(doc)) else { return false };
    for (k, ((name, _, heading), part)) in PARTS.iter().zip(parts).enumerate() {
        let lines: Vec<String> = if part.is_empty() { Vec::new() } else { super::escape(&part).lines().map(str::to_string).collect() };
        match doc.section(&[name]).cloned() {
            Some(s) if doc.value(&s.body) == part => {}
            Some(s) => super::patch::replace_content(doc, &s, lines),
            None if part.is_empty() => {}
            None => {
                // (Positive before Negative: before the other's heading, or after its text.)
                let (other, ..) = PARTS[1 - k];
                let other = doc.section(&[other]).cloned().expect("a record in parts has the other");
                let at = if k == 0 { other.top } else { doc.content(&other.body).end.max(other.heading + 1) };
                let mut add = vec![heading.to_string(), String::new()];
                add.extend(lines);
                if k == 0 {
                    add.push(String::new());
                } else {
                    add.insert(0, String::new());
                }
                doc.lines.splice(at..at, add);
            }
        }
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
        // A part changed alone is written alone; a part with no section gets one.
        let mut doc = Doc::new(&RECORD.replace("- Faster pages", "- Costs a &amp; b"));
        let text = read(&doc).unwrap();
        assert!(write(&mut doc, &text.replace("One more service", "Two more")));
        assert_eq!(doc.text(), RECORD.replace("- Faster pages", "- Costs a &amp; b").replace("One more service", "Two more"));
        let mut doc = Doc::new(&RECORD.replace("### Positive Consequences <!-- optional -->\n\n- Faster pages\n\n", ""));
        assert!(write(&mut doc, "Positive consequences:\n- New good\n\nNegative consequences:\n- One more service"));
        assert_eq!(
            doc.text(),
            RECORD.replace("### Positive Consequences <!-- optional -->\n\n- Faster pages", "### Positive Consequences\n\n- New good")
        );
        // Text of another shape is not theirs to hold.
        for other in ["Just one paragraph.", "Intro\nPositive consequences:\n- x", "Positive consequences:\na\nPositive consequences:\nb"] {
            assert!(!write(&mut Doc::new(RECORD), other), "{other}");
        }
        // A record with a Consequences section of its own keeps it.
        assert_eq!(read(&Doc::new(&RECORD.replace("## Links", "### Consequences\n\nBoth.\n\n## Links"))), None);
    }
}
