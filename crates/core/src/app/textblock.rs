//! A multi-line text editor: the state behind a form's longer fields (context, decision,
//! options, consequences, entry bodies). Paragraphs, lists, indentation and code blocks are
//! kept as typed; a text that is not edited comes back byte for byte.

use super::textline::{TextLine, TextOp};
use crate::domain::text::clean_text;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextBlock {
    lines: Vec<TextLine>,
    /// The line the cursor is on.
    row: usize,
}

impl TextBlock {
    /// The cursor goes to the end of the text.
    pub fn new(text: &str) -> TextBlock {
        let lines: Vec<TextLine> = clean_text(text).split('\n').map(|l| TextLine::verbatim(l, usize::MAX)).collect();
        TextBlock { row: lines.len() - 1, lines }
    }

    /// The text, its lines joined with `\n`.
    pub fn text(&self) -> String {
        self.lines.iter().map(TextLine::text).collect::<Vec<_>>().join("\n")
    }

    pub fn lines(&self) -> &[TextLine] {
        &self.lines
    }

    pub fn row(&self) -> usize {
        self.row
    }

    pub fn is_empty(&self) -> bool {
        self.lines.iter().all(TextLine::is_empty)
    }

    fn line(&mut self) -> &mut TextLine {
        &mut self.lines[self.row]
    }

    /// Splits the line at the cursor.
    pub fn newline(&mut self) {
        let rest = self.line().split_off();
        self.row += 1;
        self.lines.insert(self.row, TextLine::verbatim(&rest, 0));
    }

    /// Moves to the line above or below, keeping the column; false at the first or last line.
    pub fn vertical(&mut self, down: bool) -> bool {
        let target = if down { self.row + 1 } else { self.row.wrapping_sub(1) };
        if target >= self.lines.len() {
            return false;
        }
        let col = self.lines[self.row].cursor();
        self.row = target;
        self.line().set_cursor(col);
        true
    }

    /// Applies an edit; returns whether the text changed. At the start or end of a line, moving
    /// and deleting carry on into the next line.
    pub fn apply(&mut self, op: TextOp) -> bool {
        let at_start = self.lines[self.row].cursor() == 0;
        let at_end = self.lines[self.row].cursor() == self.lines[self.row].len();
        match op {
            TextOp::Paste(s) => {
                let column = unicode_width::UnicodeWidthStr::width(self.lines[self.row].before_cursor());
                let text = crate::domain::text::clean_paste_at(&s, column);
                let mut parts = text.split('\n');
                let mut changed = self.line().apply(TextOp::Paste(parts.next().unwrap_or("").to_string()));
                for part in parts {
                    self.newline();
                    self.line().apply(TextOp::Paste(part.to_string()));
                    changed = true;
                }
                changed
            }
            TextOp::Backspace if at_start && self.row > 0 => {
                let line = self.lines.remove(self.row);
                self.row -= 1;
                let prev = self.line();
                let col = prev.len();
                prev.push_str(line.text());
                prev.set_cursor(col);
                true
            }
            TextOp::Delete if at_end && self.row + 1 < self.lines.len() => {
                let next = self.lines.remove(self.row + 1);
                self.line().push_str(next.text());
                true
            }
            TextOp::Left if at_start && self.row > 0 => {
                self.row -= 1;
                self.line().apply(TextOp::End);
                false
            }
            TextOp::Right if at_end && self.row + 1 < self.lines.len() => {
                self.row += 1;
                self.line().apply(TextOp::Home);
                false
            }
            op => self.line().apply(op),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const CONTEXT: &str = "Two paragraphs.\n\n- a list\n  - nested, indented\n\n```sh\nif true; then\n    echo   spaced\nfi\n```";

    #[test]
    fn paragraphs_lists_and_code_come_back_as_they_were() {
        let b = TextBlock::new(CONTEXT);
        assert_eq!(b.text(), CONTEXT);
        assert_eq!(b.lines().len(), 10);
    }

    #[test]
    fn editing_changes_only_what_was_typed() {
        let mut b = TextBlock::new(CONTEXT);
        b.vertical(false);
        b.apply(TextOp::End);
        b.newline();
        b.apply(TextOp::Paste("    exit 0".into()));
        assert_eq!(b.text(), CONTEXT.replace("fi\n", "fi\n    exit 0\n"));
        // Backspace at the start of a line joins it to the one above; Delete at the end joins the next.
        let mut b = TextBlock::new("one\ntwo");
        b.apply(TextOp::Home);
        b.apply(TextOp::Backspace);
        assert_eq!((b.text().as_str(), b.row()), ("onetwo", 0));
        b.newline();
        assert_eq!(b.text(), "one\ntwo");
        b.apply(TextOp::Left);
        b.apply(TextOp::Delete);
        assert_eq!(b.text(), "onetwo");
    }

    #[test]
    fn a_pasted_text_keeps_its_lines() {
        let mut b = TextBlock::new("");
        b.apply(TextOp::Paste("first\r\n\r\n  second\u{1b}[2J\n".into()));
        assert_eq!(b.text(), "first\n\n  second\n");
        // Its line breaks at both ends are kept: typed on, the lines stay lines (in meeting
        // notes, each is a record of its own).
        let mut b = TextBlock::new("");
        for c in "Discussed".chars() {
            b.apply(TextOp::Insert(c));
        }
        b.apply(TextOp::Paste("\nd: Adopt Kafka\na: send doc\n".into()));
        for c in "r: lock-in".chars() {
            b.apply(TextOp::Insert(c));
        }
        assert_eq!(b.text(), "Discussed\nd: Adopt Kafka\na: send doc\nr: lock-in");
    }

    proptest! {
        /// Any clean text comes back as it was; moving about changes nothing.
        #[test]
        fn clean_text_round_trips(lines in proptest::collection::vec("[ a-z#`*-]{0,12}", 1..8), moves in proptest::collection::vec(0u8..6, 0..20)) {
            let text = clean_text(&lines.join("\n"));
            let mut b = TextBlock::new(&text);
            for m in moves {
                match m {
                    0 => { b.vertical(true); }
                    1 => { b.vertical(false); }
                    2 => { b.apply(TextOp::Left); }
                    3 => { b.apply(TextOp::Right); }
                    4 => { b.apply(TextOp::Home); }
                    _ => { b.apply(TextOp::End); }
                }
            }
            prop_assert_eq!(b.text(), text);
        }
    }
}
