//! A one-line text editor: the state behind every prompt and form field.

use crate::domain::text::clean_line;

#[derive(Debug, Clone, Default)]
pub struct TextLine {
    text: String,
    /// Cursor position, in characters.
    cursor: usize,
    /// A line of a multi-line text: its characters are kept as they come (see `insert`).
    verbatim: bool,
    /// The text the last cut took out of this line (C-u, C-k, C-w), for a yank to put back.
    cut: String,
}

impl PartialEq for TextLine {
    /// The same text, the cursor at the same place.
    fn eq(&self, other: &TextLine) -> bool {
        (&self.text, self.cursor) == (&other.text, other.cursor)
    }
}

impl Eq for TextLine {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextOp {
    Insert(char),
    Paste(String),
    Backspace,
    Delete,
    Left,
    Right,
    WordLeft,
    WordRight,
    Home,
    End,
    DeleteWord,
    KillToStart,
    KillToEnd,
    /// Puts back what the last cut took out, at the cursor.
    Yank,
}

impl TextLine {
    pub fn new(text: &str) -> TextLine {
        let text = clean_line(text);
        let cursor = text.chars().count();
        TextLine { text, cursor, verbatim: false, cut: String::new() }
    }

    /// A path typed or pasted: one line whose characters are kept as they come (a file
    /// system's names are bytes: a folder named with an accent after its letter is found so).
    pub(super) fn path(text: &str) -> TextLine {
        TextLine::verbatim(text.trim(), usize::MAX)
    }

    /// One line of a multi-line text, kept as it is (its spaces and indentation too); the
    /// cursor at `cursor` characters.
    pub(super) fn verbatim(text: &str, cursor: usize) -> TextLine {
        let text = crate::domain::text::clean_spaces(text);
        let cursor = cursor.min(text.chars().count());
        TextLine { text, cursor, verbatim: true, cut: String::new() }
    }

    /// The text after the cursor, taken out of this line.
    pub(super) fn split_off(&mut self) -> String {
        let b = self.byte(self.cursor);
        self.text.split_off(b)
    }

    /// Appends text at the end, the cursor staying where it is.
    pub(super) fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    pub(super) fn set_cursor(&mut self, cursor: usize) {
        self.cursor = cursor.min(self.len());
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The text before the cursor, to place the terminal cursor by display width.
    pub fn before_cursor(&self) -> &str {
        &self.text[..self.byte(self.cursor)]
    }

    fn byte(&self, chars: usize) -> usize {
        self.text.char_indices().nth(chars).map(|(b, _)| b).unwrap_or(self.text.len())
    }

    pub(super) fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// The start of the character cluster before the cursor (an emoji of joined characters, a
    /// letter and its accents are one), in characters.
    fn cluster_left(&self) -> usize {
        use unicode_segmentation::UnicodeSegmentation;
        let before = self.before_cursor();
        let last = before.graphemes(true).next_back().map_or(0, |g| g.chars().count());
        self.cursor - last
    }

    /// The end of the character cluster after the cursor, in characters.
    fn cluster_right(&self) -> usize {
        use unicode_segmentation::UnicodeSegmentation;
        let after = &self.text[self.byte(self.cursor)..];
        self.cursor + after.graphemes(true).next().map_or(0, |g| g.chars().count())
    }

    fn word_left(&self) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor;
        while i > 0 && chars[i - 1] == ' ' {
            i -= 1;
        }
        while i > 0 && chars[i - 1] != ' ' {
            i -= 1;
        }
        i
    }

    fn word_right(&self) -> usize {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor;
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        while i < chars.len() && chars[i] != ' ' {
            i += 1;
        }
        i
    }

    /// Applies an edit; returns whether the text changed.
    pub fn apply(&mut self, op: TextOp) -> bool {
        let before = self.text.clone();
        match op {
            // (A character typed alone may be one that only shows with the one before it: a
            // combining accent, a zero-width joiner. Only controls and escapes are taken out.)
            TextOp::Insert(c) => self.insert(&crate::domain::text::clean_spaces(&c.to_string())),
            TextOp::Paste(s) => {
                // (One line: a tab is one space, as the line is stored.)
                let s = crate::domain::text::clean_text(&s.replace('\t', " ")).replace('\n', " ");
                self.insert(&s);
            }
            TextOp::Backspace if self.cursor > 0 => {
                let start = self.cluster_left();
                let (a, b) = (self.byte(start), self.byte(self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor = start;
            }
            TextOp::Delete if self.cursor < self.len() => {
                let (a, b) = (self.byte(self.cursor), self.byte(self.cluster_right()));
                self.text.replace_range(a..b, "");
            }
            TextOp::Left => self.cursor = self.cluster_left(),
            TextOp::Right => self.cursor = self.cluster_right(),
            TextOp::WordLeft => self.cursor = self.word_left(),
            TextOp::WordRight => self.cursor = self.word_right(),
            TextOp::Home => self.cursor = 0,
            TextOp::End => self.cursor = self.len(),
            TextOp::DeleteWord => {
                let start = self.word_left();
                self.cut(start, self.cursor);
            }
            TextOp::KillToStart => self.cut(0, self.cursor),
            TextOp::KillToEnd => self.cut(self.cursor, self.len()),
            TextOp::Yank => self.insert(&self.cut.clone()),
            TextOp::Backspace | TextOp::Delete => {}
        }
        self.text != before
    }

    /// Takes the characters from `start` to `end` out, kept for a yank (when there were any),
    /// the cursor where they began.
    fn cut(&mut self, start: usize, end: usize) {
        let (a, b) = (self.byte(start), self.byte(end));
        if a < b {
            self.cut = self.text[a..b].to_string();
            self.text.replace_range(a..b, "");
        }
        self.cursor = start;
    }

    fn insert(&mut self, s: &str) {
        let b = self.byte(self.cursor);
        self.text.insert_str(b, s);
        self.cursor += s.chars().count();
        // An accent typed after its letter, or text pasted decomposed, makes one character
        // with it, as a one-line text is kept (see `text::composed`): a query so typed finds
        // it. (A multi-line text's characters stay as written: a code block's bytes are code.)
        if !self.verbatim && !s.is_ascii() {
            let (before, after) = self.text.split_at(self.byte(self.cursor));
            if let std::borrow::Cow::Owned(c) = crate::domain::text::composed(before) {
                self.cursor = c.chars().count();
                self.text = c + after;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor_with_wide_characters() {
        let mut t = TextLine::new("数据库");
        t.apply(TextOp::Left);
        t.apply(TextOp::Insert('x'));
        assert_eq!(t.text(), "数据x库");
        t.apply(TextOp::Backspace);
        t.apply(TextOp::Backspace);
        assert_eq!(t.text(), "数库");
        t.apply(TextOp::End);
        t.apply(TextOp::Paste("\u{1b}[2J ok\nthen".into()));
        assert_eq!(t.text(), "数库 ok then");
        t.apply(TextOp::DeleteWord);
        assert_eq!(t.text(), "数库 ok ");
        t.apply(TextOp::Insert('\u{1b}'));
        assert_eq!(t.text(), "数库 ok ");
    }

    #[test]
    fn an_accent_typed_after_its_letter_makes_one_character_with_it() {
        let mut t = TextLine::new("cafe");
        t.apply(TextOp::Insert('\u{301}'));
        assert_eq!((t.text(), t.cursor), ("caf\u{e9}", 4));
        t.apply(TextOp::Home);
        t.apply(TextOp::Paste("Re\u{301}sume\u{301} ".into()));
        assert_eq!((t.text(), t.cursor), ("R\u{e9}sum\u{e9} caf\u{e9}", 7));
    }

    /// What a cut took out (C-u, C-k, C-w) comes back with a yank, where the cursor is; a cut
    /// of nothing keeps what was cut before.
    #[test]
    fn a_yank_puts_back_what_was_cut() {
        let mut t = TextLine::new("Move cron to a queue");
        t.apply(TextOp::KillToStart);
        assert_eq!(t.text(), "");
        t.apply(TextOp::KillToStart);
        assert!(t.apply(TextOp::Yank));
        assert_eq!(t.text(), "Move cron to a queue");
        t.apply(TextOp::DeleteWord);
        t.apply(TextOp::Home);
        t.apply(TextOp::Yank);
        assert_eq!(t.text(), "queueMove cron to a ");
        t.apply(TextOp::WordRight);
        t.apply(TextOp::KillToEnd);
        t.apply(TextOp::End);
        t.apply(TextOp::Yank);
        assert_eq!(t.text(), "queueMove cron to a ");
    }

    #[test]
    fn a_path_keeps_its_characters() {
        let mut t = TextLine::path(" ~/Re\u{301}sume\u{301}s ");
        t.apply(TextOp::Paste("/cafe\u{301}".into()));
        assert_eq!(t.text(), "~/Re\u{301}sume\u{301}s/cafe\u{301}");
    }

    #[test]
    fn a_line_of_a_multi_line_text_keeps_its_characters() {
        let mut t = TextLine::verbatim("name = \"Jose\u{301}\" cafe", usize::MAX);
        t.apply(TextOp::Insert('\u{301}'));
        assert_eq!(t.text(), "name = \"Jose\u{301}\" cafe\u{301}");
    }

    #[test]
    fn a_cluster_of_characters_is_one_step() {
        // A family emoji (three people joined by zero-width joiners), then e and a combining accent.
        let mut t = TextLine::new("a 👨\u{200d}👩\u{200d}👧 e\u{301}");
        t.apply(TextOp::Backspace);
        assert_eq!(t.text(), "a 👨\u{200d}👩\u{200d}👧 ");
        t.apply(TextOp::Left);
        t.apply(TextOp::Backspace);
        assert_eq!(t.text(), "a  ");
        t.apply(TextOp::Paste("👨\u{200d}👩\u{200d}👧".into()));
        t.apply(TextOp::Home);
        t.apply(TextOp::Right);
        t.apply(TextOp::Right);
        t.apply(TextOp::Delete);
        assert_eq!(t.text(), "a  ");
    }

    #[test]
    fn characters_that_join_the_one_before_are_kept_when_typed() {
        let mut t = TextLine::new("");
        for c in "👨\u{200d}👩 e\u{301}\tx".chars() {
            t.apply(TextOp::Insert(c));
        }
        // (The accent makes one character with its e.)
        assert_eq!(t.text(), "👨\u{200d}👩 \u{e9} x");
    }
}
