//! Text that fits: truncation by display width (wide characters count as two columns), cut
//! between grapheme clusters (never inside an emoji's ZWJ sequence or before a combining mark,
//! which left half a character and shifted the line's end), and highlighted fuzzy matches.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub fn width(s: &str) -> usize {
    s.width()
}

/// A multi-line text's first line, fit to `max`, and how many more lines it has (the form
/// shows them all): `Line one  (+2 more lines)`.
pub fn first_line(s: &str, max: usize) -> String {
    let said = match s.lines().count().saturating_sub(1) {
        0 => String::new(),
        n => format!("  (+{})", crate::domain::text::counted(n, "more line", "more lines")),
    };
    let first = fit(s.lines().next().unwrap_or(""), max.saturating_sub(said.width()));
    fit(&format!("{first}{said}"), max)
}

/// At most `max` columns, cut in the middle with `…` so that both the start and the end (often a
/// file name) stay readable.
pub fn fit_middle(s: &str, max: usize) -> String {
    if s.width() <= max || max < 8 {
        return fit(s, max);
    }
    let head = take_width(s.graphemes(true), (max - 1) / 2);
    let tail: Vec<&str> = s
        .graphemes(true)
        .rev()
        .scan(0, |w, g| {
            (*w + g.width() <= max - 1 - head.width()).then(|| {
                *w += g.width();
                g
            })
        })
        .collect();
    let tail: String = tail.into_iter().rev().collect();
    format!("{head}…{tail}")
}

/// The first of `graphemes` that fit in `max` columns.
use crate::domain::text::take_width;
pub use crate::domain::text::{fit, wrap};

/// A detail pane's `Label        value` line: the label dim, in `width` columns (or one more
/// than it needs).
pub fn field<'a>(label: &'a str, value: String, width: usize) -> ratatui::text::Line<'a> {
    let w = width.max(label.len() + 1);
    ratatui::text::Line::from(vec![Span::styled(format!("{label:<w$}"), super::theme::dim()), Span::raw(value)])
}

/// A table's cell of `cols` columns: [`pad`]ded, its last column always blank, so that a text
/// cut to fit never runs into the next cell.
pub fn cell(s: &str, cols: usize) -> String {
    format!("{} ", pad(s, cols.saturating_sub(1)))
}

/// `fit`, padded with spaces to exactly `cols` columns.
pub fn pad(s: &str, cols: usize) -> String {
    let t = fit(s, cols);
    let w = t.width();
    format!("{t}{}", " ".repeat(cols.saturating_sub(w)))
}

/// A hint of what to do on an empty list, dimmed, wrapped to `width` under a margin of two
/// (cut short, the keys it names would be lost).
pub fn hint(said: &str, width: usize) -> Vec<ratatui::text::Line<'static>> {
    crate::domain::text::wrap(said.trim_start(), width.saturating_sub(2).max(1))
        .into_iter()
        .map(|l| ratatui::text::Line::styled(format!("  {l}"), super::theme::dim()))
        .collect()
}

/// What a list scrolled to fit its box leaves out of view, `above` and `below`, said on the
/// box's bottom border: none when all of it shows.
pub fn out_of_view(above: usize, below: usize) -> Option<ratatui::text::Line<'static>> {
    let said = match (above, below) {
        (0, 0) => return None,
        (a, 0) => format!(" ↑ {a} more "),
        (0, b) => format!(" {b} more ↓ "),
        (a, b) => format!(" ↑ {a} · {b} more ↓ "),
    };
    Some(ratatui::text::Line::styled(said, super::theme::dim()).right_aligned())
}

/// Spans of `s` cut to `max` columns, with the characters at `hits` (char indices) highlighted.
pub fn highlighted(s: &str, hits: &[usize], max: usize, base: Style, hit: Style) -> Vec<Span<'static>> {
    let shown = fit(s, max);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_hit = false;
    for (i, c) in shown.chars().enumerate() {
        let is_hit = hits.binary_search(&i).is_ok() && c != '…';
        if is_hit != run_hit && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), if run_hit { base.patch(hit) } else { base }));
        }
        run_hit = is_hit;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_hit { base.patch(hit) } else { base }));
    }
    spans
}

/// The part of an input line that fits in `cols` columns around the cursor, and the cursor's
/// column within it.
pub fn input_window(text: &str, before_cursor: &str, cols: usize) -> (String, usize) {
    let cols = cols.max(1);
    let cur = before_cursor.width();
    if text.width() < cols {
        return (text.to_string(), cur);
    }
    // Drop whole characters (grapheme clusters, measured as the cursor is) from the left until
    // the cursor fits.
    let mut skip_w = 0;
    let mut rest = text;
    let mut graphemes = text.grapheme_indices(true);
    while cur.saturating_sub(skip_w) >= cols {
        match graphemes.next() {
            Some((at, g)) => {
                skip_w += g.width();
                rest = &text[at + g.len()..];
            }
            None => break,
        }
    }
    (take_width(rest.graphemes(true), cols), cur.saturating_sub(skip_w))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A multi-line text shown by its first line says how many more there are, in the width.
    #[test]
    fn a_first_line_says_how_many_more() {
        assert_eq!(first_line("Only line", 40), "Only line");
        assert_eq!(first_line("Line one\nline two\n\n    four", 40), "Line one  (+3 more lines)");
        let cut = first_line("A long first line of details\nsecond", 24);
        assert!(cut.ends_with("(+1 more line)") && width(&cut) <= 24, "{cut}");
    }

    /// Cut text never ends inside a grapheme cluster: an emoji's ZWJ sequence, a letter and its
    /// combining mark go whole or not at all.
    #[test]
    fn text_is_cut_between_whole_characters() {
        let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
        for n in 0..6 {
            let s = format!("{}{family} more words", "A".repeat(n));
            let cut = fit(&s, 6);
            assert!(!cut.contains('\u{200d}') || cut.contains(family), "{cut:?}");
            assert!(width(&cut) <= 6, "{cut:?}");
            let middle = fit_middle(&format!("{s}{s}"), 12);
            assert!(!middle.contains('\u{200d}') || middle.contains(family), "{middle:?}");
        }
        // (The tail of a text cut in the middle began with an accent without its letter.)
        assert_eq!(fit_middle(&format!("{}e\u{301}wxyz", "A".repeat(10)), 8), "AAA…wxyz");
        assert!(wrap(&format!("{family}{family}{family}"), 3).iter().all(|l| l.is_empty() || l == family));
        // The input window: the cursor at the end of a line of families shows the end, the
        // cursor where the text ends, and no half of an emoji at the start.
        let typed = format!("Plan {family}{family}{family}{family} abcdefghijklmnopqrstuvwxyz END");
        let (shown, at) = input_window(&typed, &typed, 20);
        assert!(shown.ends_with("END") && !shown.starts_with('\u{200d}') && width(&shown) <= 20, "{shown:?}");
        assert_eq!(at, width(&shown), "{shown:?}");
        assert_eq!(input_window(&typed, &typed, 1).1, 0);
    }

    #[test]
    fn a_cell_cut_to_fit_ends_blank() {
        assert_eq!(cell("Priya Shah (1 to discuss)", 12), "Priya Shah… ");
        assert_eq!(cell("Role", 6), "Role  ");
        assert_eq!(cell("Exactly", 7), "Exact… ");
        let wide = cell("ＦＵＬＬ幅の名前", 9);
        assert!(wide.ends_with(' ') && width(&wide) == 9, "{wide:?}");
    }

    #[test]
    fn fit_counts_wide_characters() {
        assert_eq!(fit("数据库迁移", 5), "数据…");
        assert_eq!(width(&fit("数据库迁移", 5)), 5);
        assert_eq!(fit("short", 10), "short");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn fit_middle_keeps_both_ends() {
        let s = "No clipboard here: week summary saved to ~/.local/share/cockpit/summaries/acme-2026-W47.md";
        let f = fit_middle(s, 40);
        assert_eq!(width(&f), 40);
        assert!(f.starts_with("No clipboard") && f.ends_with("acme-2026-W47.md"), "{f}");
        assert_eq!(width(&fit_middle("数据库迁移计划数据库迁移计划", 9)), 9);
        assert_eq!(fit_middle("short", 10), "short");
    }

    #[test]
    fn wrap_respects_width_with_wide_characters() {
        for line in wrap("数据库迁移计划 and a verylongwordthatcannotfit here", 8) {
            assert!(width(&line) <= 8, "{line}");
        }
        assert_eq!(wrap("a b c", 3), vec!["a b", "c"]);
        assert_eq!(wrap("", 3), vec![""]);
        assert_eq!(wrap("数据", 1).len(), 2);
    }

    #[test]
    fn input_window_keeps_the_cursor_visible() {
        let text = "a".repeat(50);
        let (shown, x) = input_window(&text, &text, 10);
        assert!(width(&shown) <= 10 && x < 10);
    }
}
