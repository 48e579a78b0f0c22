//! Cleaning user and database text so that no control character or escape sequence is stored,
//! drawn, copied or exported.

/// How alike two short texts are, from 0 to 1: the share of their words in common (lower-case,
/// without the punctuation around them, and without small words such as `the`), a word of five
/// letters or more mistyped by a letter (two, from eight), or cut short (`Postgres`,
/// `PostgreSQL`), counting as the same; or, when they have two words or more in common, the
/// share of the shorter's words the longer has. A line retyped in place (a typo corrected, a
/// word changed, details added) stays at one half or more; another put in its place, or one
/// word changed of two (`Buy Datadog`, `Cancel Datadog`), stays below: when in doubt, a new
/// record, never one rewritten.
pub fn likeness(a: &str, b: &str) -> f64 {
    const SMALL: &[&str] = &["a", "an", "the", "to", "of", "for", "and", "or", "in", "on", "at", "with", "by"];
    let words = |s: &str| -> Vec<String> {
        let mut w: Vec<String> = s
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
            .filter(|w| !w.is_empty() && !SMALL.contains(&w.as_str()))
            .collect();
        w.sort();
        w.dedup();
        w
    };
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    let shared = short.iter().filter(|w| long.iter().any(|x| same_word(w, x))).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        return 0.0;
    }
    let of_both = shared as f64 / union as f64;
    let of_shorter = if shared >= 2 { shared as f64 / short.len() as f64 } else { 0.0 };
    of_both.max(of_shorter)
}

/// Whether two words are one, mistyped (a letter off, for words of five letters or more; two,
/// from eight) or one cut short of the other (`postgres`, `postgresql`).
fn same_word(a: &str, b: &str) -> bool {
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let shorter = x.len().min(y.len());
    if a == b {
        return true;
    }
    if shorter < 4 {
        return false;
    }
    if x.starts_with(&y) || y.starts_with(&x) {
        return true;
    }
    if shorter < 5 {
        return false;
    }
    let allowed = if shorter < 8 { 1 } else { 2 };
    x.len().abs_diff(y.len()) <= allowed && edits(&x, &y) <= allowed
}

/// The fewest one-letter edits (insert, delete, replace, swap of two neighbours) from `a` to `b`.
fn edits(a: &[char], b: &[char]) -> usize {
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// One line of text: escape sequences and control characters removed, newlines and tabs folded
/// to spaces, surrounding whitespace trimmed, and so are characters that show nothing at its
/// ends (zero-width ones, and combining marks with nothing to combine with), so that a name of
/// them alone reads as empty.
pub fn clean_line(s: &str) -> String {
    // (ASCII has no character of that kind: the text is looked at once, as before.)
    let ascii = s.is_ascii();
    let line = line_only(s, ascii);
    if ascii {
        return line;
    }
    let line = composed_owned(line);
    let shown = line
        .trim_matches(|c: char| c.is_whitespace() || is_zero_width(c))
        .trim_start_matches(|c: char| c.is_whitespace() || is_zero_width(c) || is_combining(c));
    if shown.len() == line.len() {
        line
    } else {
        shown.to_string()
    }
}

/// `s` with each combining mark that makes one character with the character before it (an
/// accent after its letter, a Hangul vowel after its consonant) composed into it, as Unicode's
/// canonical composition (NFC) does: an é pasted as an e and an accent, as macOS gives file
/// names, is the é typed, and is found by it. Nothing else changes: characters NFC would map
/// to others (a CJK compatibility ideograph, the Ohm or Kelvin sign) stay as typed.
pub fn composed(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::char::{compose, is_combining_mark};
    let joins = |c: char| is_combining_mark(c) || ('\u{1160}'..='\u{11FF}').contains(&c);
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    // (Nothing is copied unless a pair composes: most text with marks has them composed already.)
    let mut pairs = s.char_indices().zip(s.chars().skip(1));
    let Some(((at, _), _)) = pairs.find(|((_, a), b)| joins(*b) && compose(*a, *b).is_some()) else {
        return std::borrow::Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..at]);
    let mut last: Option<char> = None;
    for c in s[at..].chars() {
        match last.filter(|_| joins(c)).and_then(|l| compose(l, c)) {
            Some(both) => last = Some(both),
            None => {
                out.extend(last);
                last = Some(c);
            }
        }
    }
    out.extend(last);
    std::borrow::Cow::Owned(out)
}

/// [`composed`], of a text owned already.
fn composed_owned(s: String) -> String {
    match composed(&s) {
        std::borrow::Cow::Owned(c) => c,
        std::borrow::Cow::Borrowed(_) => s,
    }
}

/// Characters that take no room and show nothing on their own.
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Combining marks (diacritics drawn over the character before them).
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// [`clean_line`] but for what shows nothing at the ends; `ascii`: whether `s` is ASCII.
fn line_only(s: &str, ascii: bool) -> String {
    // Text read back from the database is almost always clean already: one pass, no rebuild.
    let mut prev_space = true;
    // (Byte by byte when the text is ASCII, as it nearly always is: a log of tens of thousands
    // of decisions is read through here. In ASCII every control character and every
    // whitespace but the space is below 0x20, or 0x7F.)
    let already = if ascii {
        s.bytes().all(|b| {
            let fine = (0x20..0x7F).contains(&b) && !(b == b' ' && prev_space);
            prev_space = b == b' ';
            fine
        })
    } else {
        s.chars().all(|c| {
            let fine = !(c.is_control() || is_bidi_control(c) || (c.is_whitespace() && (c != ' ' || prev_space)));
            prev_space = c == ' ';
            fine
        })
    } && !s.ends_with(' ');
    if already {
        return s.to_string();
    }
    let cleaned = strip(s, false, 0);
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Multi-line text: like [`clean_line`] but newlines are kept (CRLF folded to LF), and so are
/// the spaces in a line, trailing ones included (a Markdown hard break is two of them); a tab
/// becomes the spaces to the next tab stop (every [`TAB_STOP`] columns), so that indented code
/// and tab-separated columns keep their shape where a terminal could not draw a tab. Blank
/// lines at the start and the end go. Its characters stay as they came
/// (not [`composed`]: a code block's bytes are code); the filter composes its words.
pub fn clean_text(s: &str) -> String {
    let blank_end = s.lines().next_back().is_some_and(|l| l.trim().is_empty());
    let already = is_clean(s) && !s.contains('\r') && !s.starts_with('\n') && !s.ends_with('\n') && !blank_end;
    if already {
        return s.to_string();
    }
    let cleaned = strip(s, true, 0);
    let mut lines: Vec<&str> = cleaned.lines().collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let start = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(lines.len());
    lines[start..].join("\n")
}

/// A text pasted at column `column` of a line of a multi-line text: cleaned as [`clean_text`]
/// cleans (the tabs of its first line stopping where they would in that line), but every line
/// break kept, those at its ends too (a paste that starts with one starts
/// a line; one that ends with one leaves what is typed next on a line of its own).
pub fn clean_paste_at(s: &str, column: usize) -> String {
    strip(s, true, column)
}

/// A file's first 4 KB, where the files that say who wrote them say it.
pub fn head(text: &str) -> &str {
    let mut end = text.len().min(4096);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// At most `max` columns, ending with `…` when cut (wide characters count as two; cut between
/// grapheme clusters): a title named in a message that goes on after it, a cell on screen.
pub fn fit(s: &str, max: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    if s.width() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = take_width(s.graphemes(true), max - 1);
    out.push('…');
    out
}

/// The first of `graphemes` that fit in `max` columns, whole.
pub fn take_width<'a>(graphemes: impl Iterator<Item = &'a str>, max: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    let mut out = String::new();
    let mut w = 0;
    for g in graphemes {
        let gw = g.width();
        if w + gw > max {
            break;
        }
        out.push_str(g);
        w += gw;
    }
    out
}

/// `n` and its noun, `one` or `many` as `n` has it: "1 file", "3 files".
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A Markdown task-list line ("- [ ] point", "* [x] point", as many spaces after the bullet as
/// a tab of the notes became): whether it is ticked, and the text after its box.
pub fn task_item(line: &str) -> Option<(bool, &str)> {
    let rest = line.trim_start().strip_prefix(['-', '*'])?;
    let boxed = rest.trim_start_matches(' ');
    if boxed.len() == rest.len() {
        return None;
    }
    match boxed.get(..3)? {
        "[ ]" => Some((false, &boxed[3..])),
        "[x]" | "[X]" => Some((true, &boxed[3..])),
        _ => None,
    }
}

/// One line of a multi-line text: escape sequences and controls removed, every space kept.
pub fn clean_spaces(s: &str) -> String {
    strip(s, false, 0)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
}

/// How many columns apart a multi-line text's tab stops are (see [`clean_text`]).
pub const TAB_STOP: usize = 4;

/// `s` without escape sequences and controls; with `keep_newlines`, its newlines kept and its
/// tabs made spaces to the next stop (its first line begun at column `column`), else both made
/// one space.
fn strip(s: &str, keep_newlines: bool, column: usize) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    // The line's columns up to byte `measured` of `out` (each piece measured once).
    let (mut measured, mut columns) = (0, column);
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI and OSC introducers start sequences too.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\n' | '\r' if keep_newlines => {
                if c == '\n' || chars.peek() != Some(&'\n') {
                    out.push('\n');
                    (measured, columns) = (out.len(), 0);
                }
            }
            '\t' if keep_newlines => {
                columns += unicode_width::UnicodeWidthStr::width(&out[measured..]);
                let spaces = TAB_STOP - columns % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', spaces));
                (measured, columns) = (out.len(), columns + spaces);
            }
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || is_bidi_control(c) => {}
            c => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

fn skip_escape(chars: &mut Chars) {
    match chars.peek().copied() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_string(chars);
        }
        // Two-character sequences such as ESC c, ESC 7, or an intermediate byte then a final one.
        Some(c) if (' '..='/').contains(&c) => {
            chars.next();
            chars.next();
        }
        Some(c) if ('0'..='~').contains(&c) => {
            chars.next();
        }
        _ => {}
    }
}

/// CSI: parameter and intermediate bytes up to a final byte in `@`..=`~`.
fn skip_csi(chars: &mut Chars) {
    for c in chars.by_ref() {
        if ('@'..='~').contains(&c) {
            break;
        }
        if !(' '..='?').contains(&c) {
            break;
        }
    }
}

/// OSC/DCS/APC/PM/SOS strings: up to BEL, ST (ESC \) or C1 ST.
fn skip_string(chars: &mut Chars) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => break,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                break;
            }
            _ => {}
        }
    }
}

/// True if the text has nothing that [`clean_text`] would remove.
pub fn is_clean(s: &str) -> bool {
    // (Byte by byte when ASCII: see `clean_line`.)
    if s.is_ascii() {
        !s.bytes().any(|b| (b < 0x20 && b != b'\n') || b == 0x7F)
    } else {
        !s.chars().any(|c| (c.is_control() && c != '\n') || is_bidi_control(c))
    }
}

/// A CSV field, quoted when it holds a comma, a quote or a line break; text a spreadsheet would
/// run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return, as OWASP
/// lists them) starts with a `'` instead. (Amounts and hours are written as numbers, not
/// through here: a negative one stays a number.)
pub fn csv_field(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        return csv_field(&format!("'{text}"));
    }
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Word-wrapped lines of at most `cols` display columns (wide characters count as two); a word
/// longer than a line is cut between grapheme clusters.
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    let cols = cols.max(1);
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in s.split(' ') {
        let sep = if cur.is_empty() { 0 } else { 1 };
        if UnicodeWidthStr::width(cur.as_str()) + sep + UnicodeWidthStr::width(word) <= cols {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(word);
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        // A word longer than a line is cut into pieces; every piece holds at least one character.
        for g in word.graphemes(true) {
            if !cur.is_empty() && UnicodeWidthStr::width(cur.as_str()) + UnicodeWidthStr::width(g) > cols {
                lines.push(std::mem::take(&mut cur));
            }
            cur.push_str(g);
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A title wider than the most is cut to it, its last column an ellipsis; wide characters
    /// count as two columns, and are not cut in half.
    #[test]
    fn a_long_title_is_clipped_to_the_most_with_an_ellipsis() {
        use unicode_width::UnicodeWidthStr;
        assert_eq!(fit("Leadership sync", 60), "Leadership sync");
        assert_eq!(fit(&"a".repeat(60), 60), "a".repeat(60));
        assert_eq!(fit(&"a".repeat(61), 60), format!("{}…", "a".repeat(59)));
        let long = "会議".repeat(40);
        let cut = fit(&long, 60);
        assert_eq!((cut.width(), cut.ends_with('…')), (59, true));
        assert!(long.starts_with(cut.trim_end_matches('…')));
    }

    /// A line retyped in place is alike (a typo corrected, a word changed, details added,
    /// punctuation); another put in its place is not.
    #[test]
    fn a_line_retyped_is_alike_and_another_is_not() {
        let alike = |a: &str, b: &str| likeness(a, b) >= 0.5;
        for (before, after) in [
            ("Use Postgrse", "Use Postgres"),
            ("Use Postgres", "Use PostgreSQL"),
            ("Send shortlist", "Send the shortlist to Marco"),
            ("Call legal.", "Call legal today"),
            ("Find coach", "Find a coach"),
            ("Move nightly batch to a queue", "Move the nightly batch to SQS"),
        ] {
            assert!(alike(before, after), "{before} / {after}: {}", likeness(before, after));
        }
        for (before, after) in [
            ("Move nightly batch to a queue", "Hire a contractor for QA"),
            ("Call AWS about the reserved instances", "Draft the hiring plan"),
            ("Order a new laptop for Bob", "HRLEAK talk to HR about sick leave"),
            ("Send the shortlist", "Book the offsite"),
            ("Use Postgres", "Hire a data engineer"),
            ("Use Kafka", "Use Redis for caching"),
            ("Buy Datadog", "Cancel Datadog"),
            ("Hire CTO", "Fire CTO"),
            ("Drop Kafka", "Keep Kafka"),
            ("采用微服务架构", "放弃微服务架构"),
        ] {
            assert!(!alike(before, after), "{before} / {after}: {}", likeness(before, after));
        }
        assert_eq!(likeness("", ""), 0.0);
    }

    /// A line pasted decomposed (an e then a combining accent) is kept composed, as the same
    /// word typed is: one text, found by either. Characters NFC would map to others stay, and so
    /// does a multi-line text (a code block's bytes are code).
    #[test]
    fn a_decomposed_line_is_kept_composed() {
        let (pasted, typed) = ("Re\u{301}sume\u{301} review", "R\u{e9}sum\u{e9} review");
        assert_eq!(clean_line(pasted), typed);
        assert_eq!(clean_line(typed), typed);
        assert_eq!(clean_line("\u{1112}\u{1161}\u{11AB}"), "\u{D55C}", "Hangul letters typed one by one");
        for kept in ["q\u{307}", "\u{F900} \u{2126} \u{212A} \u{212B}", "\u{1F468}\u{200D}\u{1F469}"] {
            assert_eq!(clean_line(kept), kept);
        }
        assert_eq!(clean_text(&format!("{pasted}\nname = \"Jose\u{301}\"")), format!("{pasted}\nname = \"Jose\u{301}\""));
        assert_eq!(clean_spaces(pasted), pasted);
    }

    #[test]
    fn removes_escape_sequences_whole() {
        assert_eq!(clean_line("Move\u{1b}[2J cron"), "Move cron");
        assert_eq!(clean_line("a\u{1b}]52;c;aGVsbG8=\u{7}b"), "ab");
        assert_eq!(clean_line("a\u{1b}]52;c;aGVsbG8=\u{1b}\\b"), "ab");
        assert_eq!(clean_line("red \u{1b}[31mtext\u{1b}[0m"), "red text");
        assert_eq!(clean_line("bell\u{7} and \u{9b}31m c1"), "bell and c1");
        assert_eq!(clean_line("tab\tand\nnewline"), "tab and newline");
        assert_eq!(clean_line("rtl \u{202E}evil"), "rtl evil");
    }

    #[test]
    fn keeps_wide_and_combining_characters() {
        assert_eq!(clean_line("数据库迁移 🚀 café"), "数据库迁移 🚀 café");
        // (An e and its accent, composed into one character.)
        assert_eq!(clean_line("e\u{301}"), "\u{e9}");
        // What shows nothing at the ends goes: a name of it alone is empty.
        assert_eq!(clean_line("\u{200B}"), "");
        assert_eq!(clean_line("\u{0301}\u{200B} "), "");
        assert_eq!(clean_line("\u{FEFF}Acme\u{200B}"), "Acme");
        assert_eq!(clean_line("family 👨\u{200D}👩\u{200D}👧"), "family 👨\u{200D}👩\u{200D}👧");
    }

    #[test]
    fn multiline_tabs_become_spaces_to_the_next_stop() {
        assert_eq!(clean_text("fn main() {\n\tprintln!();\n\t\tdeep\n}"), "fn main() {\n    println!();\n        deep\n}");
        assert_eq!(clean_text("a\tbb\tccc\td\nabcd\te"), "a   bb  ccc d\nabcd    e");
        // (Columns, not characters: a wide character takes two.)
        assert_eq!(clean_text("数\tx"), "数  x");
        // Put in after "ab" of a line, the first line's tab stops at column 4 of that line.
        assert_eq!(clean_paste_at("\tx\n\ty", 2), "  x\n    y");
        // A line of a text typed into a form folds them still, as a one-line text does.
        assert_eq!(clean_spaces("a\tb"), "a b");
    }

    #[test]
    fn task_items_are_read_with_any_spaces_after_the_bullet() {
        assert_eq!(task_item("- [ ] Send the rota"), Some((false, " Send the rota")));
        assert_eq!(task_item("  *   [X] done"), Some((true, " done")));
        assert_eq!(task_item(&clean_text("-\t[x] tabbed")), Some((true, " tabbed")));
        assert_eq!(task_item("-[ ] no space"), None);
        assert_eq!(task_item("- [y] other"), None);
        assert_eq!(task_item("- 漢"), None);
    }

    #[test]
    fn multiline_keeps_paragraphs() {
        assert_eq!(clean_text("one\r\ntwo\rthree\n\n"), "one\ntwo\nthree");
        assert_eq!(clean_text("\n  \nhard break  \n  code  \n\n   \n"), "hard break  \n  code  ");
        assert_eq!(clean_text("\tTabbed\rx\ty"), "    Tabbed\nx   y");
    }

    proptest! {
        #[test]
        fn cleaned_text_has_no_controls(s in "\\PC*|[\\x00-\\x7f\\u{80}-\\u{9f}]*") {
            let line = clean_line(&s);
            prop_assert!(is_clean(&line) && !line.contains('\n'));
            prop_assert!(is_clean(&clean_text(&s)));
            prop_assert_eq!(clean_line(&line), line.clone());
        }

        /// Text taken as it is (the quick check, byte by byte for ASCII) is exactly what
        /// cleaning it in full would give.
        #[test]
        fn text_kept_as_is_is_clean_text(s in "[ -~\\t\\n\\r\\x00-\\x1f\\x7f]{0,12}|\\PC{0,8}") {
            // (What is invisible alone at a line's ends goes too: cleaned again, the text in full.)
            let full = strip(&s, false, 0).split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(clean_line(&s), if s.is_ascii() { full } else { clean_line(&full) });
            let slow = !s.chars().any(|c| (c.is_control() && c != '\n') || is_bidi_control(c));
            prop_assert_eq!(is_clean(&s), slow);
        }
    }
}
