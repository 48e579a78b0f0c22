//! The capture line's small syntax: `Move cron to a queue #infra !oneway @2027-01-15`.
//!
//! Only the run of extras at the end of the line is read; everything before it is the title, as
//! typed. An extra is one of:
//!
//! - `#tag`: `#` followed by a letter (`#412` and `PR #415)` are title words),
//! - `%security`: the category (`%architecture`, `%build-vs-buy`, `%vendor`, `%team`, …),
//! - `!oneway` (or `!1way`) marks a one-way door, `!twoway` a two-way door,
//! - `!proposed` / `!accepted` set the status, `!private` keeps it out of everything a client
//!   receives,
//! - `@2027-01-15`, or relative to today `@10d`, `@2w`, `@3m`, `@1y`, `@next-week`,
//!   `@next-month`, `@next-quarter`, `@next-year`: the revisit date.
//!
//! `!private` is read anywhere in the line (a private decision must never go out because the
//! mark was not last). `\#`, `\@`, `\!` and `\%` write the character itself. A word at the end that looks like an extra but
//! is not understood ends the run: it stays in the title, as do the words before it, and is
//! reported, so nothing typed is silently dropped or turned into something else.

use super::decision::{clean_tags, Category, Reversibility, Status};
use super::Choice;
use chrono::{Datelike, Days, Months, NaiveDate};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub title: String,
    pub tags: Vec<String>,
    pub category: Option<Category>,
    pub reversibility: Option<Reversibility>,
    pub status: Option<Status>,
    pub revisit: Option<NaiveDate>,
    /// `!private`: for the user alone.
    pub private: bool,
    /// Words that looked like extras but were not understood (kept in the title).
    pub problems: Vec<String>,
}

/// What one word at the end of the line means.
enum Extra {
    Private,
    Tag(String),
    Category(Category),
    Reversibility(Reversibility),
    Status(Status),
    Revisit(NaiveDate),
}

pub fn parse(line: &str, today: NaiveDate) -> Parsed {
    let line = super::text::clean_line(line);
    let words: Vec<&str> = line.split(' ').filter(|w| !w.is_empty()).collect();
    let mut p = Parsed::default();
    let mut extras = Vec::new();
    let mut end = words.len();
    while end > 0 {
        match extra(words[end - 1], today) {
            Ok(Some(x)) => extras.push(x),
            Ok(None) => break,
            Err(problem) => {
                // (What looks like extras before it stays in the title with it: said too.)
                let looks = |w: &&&str| matches!(extra(w, today), Ok(Some(_)));
                let before: Vec<&str> = words[..end - 1].iter().rev().take_while(looks).filter(|w| !is_private_mark(w)).copied().collect();
                let also = match before.as_slice() {
                    [] => String::new(),
                    words => format!("; so is {} before it", words.iter().rev().copied().collect::<Vec<_>>().join(" ")),
                };
                p.problems.push(format!("{problem}{also}"));
                break;
            }
        }
        end -= 1;
    }
    // Read left to right, so the last of two contradicting extras wins, as typed.
    let mut tags = Vec::new();
    for x in extras.into_iter().rev() {
        match x {
            Extra::Private => p.private = true,
            Extra::Tag(t) => tags.push(t),
            Extra::Category(c) => p.category = Some(c),
            Extra::Reversibility(r) => p.reversibility = Some(r),
            Extra::Status(s) => p.status = Some(s),
            Extra::Revisit(d) => p.revisit = Some(d),
        }
    }
    p.tags = clean_tags(tags);
    // `!private` is read wherever it is: a private decision must never go out because the
    // mark was typed mid-line.
    let is_private = |w: &&str| is_private_mark(w);
    if words[..end].iter().any(is_private) {
        p.private = true;
    }
    p.title = words[..end].iter().filter(|w| !is_private(w)).map(|w| unescape(w)).collect::<Vec<_>>().join(" ");
    p
}

/// Whether a word is the `!private` mark, typed mid-sentence too (`!private.`, `(!private)`,
/// `"!private"`).
pub fn is_private_mark(word: &str) -> bool {
    word.trim_start_matches(['(', '[', '"', '\''])
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\''])
        .eq_ignore_ascii_case("!private")
}

/// `text` without its `!private` marks, and whether it had one: the capture lines of notes and
/// matrix items read it as the decision capture does. A text without one comes back as it was.
pub fn private_marked(text: &str) -> (std::borrow::Cow<'_, str>, bool) {
    if !text.split_whitespace().any(is_private_mark) {
        return (std::borrow::Cow::Borrowed(text), false);
    }
    (std::borrow::Cow::Owned(text.split_whitespace().filter(|w| !is_private_mark(w)).collect::<Vec<_>>().join(" ")), true)
}

/// `Ok(None)`: a title word. `Err`: it looks like an extra and is not one.
fn extra(word: &str, today: NaiveDate) -> Result<Option<Extra>, String> {
    if let Some(tag) = word.strip_prefix('#') {
        // A tag at the end of a sentence: `#ops.` is `ops`.
        let tag = tag.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        let is_tag = tag.starts_with(char::is_alphabetic) && tag.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/'));
        return Ok(is_tag.then(|| Extra::Tag(tag.to_string())));
    }
    if let Some(name) = word.strip_prefix('%').filter(|f| f.starts_with(char::is_alphabetic)) {
        let name = name.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        return match Category::parse(name) {
            Ok(c) => Ok(Some(Extra::Category(c))),
            Err(_) => Err(format!(
                "{word} not understood, kept in the title (categories: {})",
                Category::ALL.iter().map(|c| format!("%{}", c.key())).collect::<Vec<_>>().join(" ")
            )),
        };
    }
    if is_private_mark(word) {
        return Ok(Some(Extra::Private));
    }
    if let Some(flag) = word.strip_prefix('!').filter(|f| f.starts_with(char::is_alphanumeric)) {
        return match flag.to_ascii_lowercase().as_str() {
            "oneway" | "1way" | "one-way" => Ok(Some(Extra::Reversibility(Reversibility::OneWay))),
            "twoway" | "2way" | "two-way" => Ok(Some(Extra::Reversibility(Reversibility::TwoWay))),
            "proposed" => Ok(Some(Extra::Status(Status::Proposed))),
            "accepted" => Ok(Some(Extra::Status(Status::Accepted))),
            "private" => Ok(Some(Extra::Private)),
            _ => Err(format!("{word} not understood, kept in the title (try !oneway, !proposed, !private)")),
        };
    }
    if let Some(when) = word.strip_prefix('@').filter(|w| w.starts_with(char::is_alphanumeric)) {
        return match revisit(when, today) {
            Some(d) if super::in_range(d) => Ok(Some(Extra::Revisit(d))),
            Some(_) => Err(format!("{word}: Cockpit's calendar runs from 1970 to 9999; kept in the title")),
            None => Err(format!("{word} not understood, kept in the title (dates: @2027-01-15, @2w, @3m, @1y, @next-quarter)")),
        };
    }
    Ok(None)
}

/// `2027-01-15`, `10d`, `2w`, `3m`, `1y`, `next-week` (its Monday), `next-month`,
/// `next-quarter`, `next-year` (their first day).
pub fn revisit(when: &str, today: NaiveDate) -> Option<NaiveDate> {
    let when = when.to_ascii_lowercase();
    if let Ok(d) = NaiveDate::parse_from_str(&when, "%Y-%m-%d") {
        return Some(d);
    }
    let first_of_month = today.with_day(1)?;
    match when.as_str() {
        "next-week" => return today.checked_add_days(Days::new(7 - u64::from(today.weekday().num_days_from_monday()))),
        "next-month" => return first_of_month.checked_add_months(Months::new(1)),
        "next-quarter" => {
            let quarter_start = first_of_month.with_month0(today.month0() / 3 * 3)?;
            return quarter_start.checked_add_months(Months::new(3));
        }
        "next-year" => return NaiveDate::from_ymd_opt(today.year().checked_add(1)?, 1, 1),
        _ => {}
    }
    let unit = when.chars().last()?;
    let n: u32 = when[..when.len() - unit.len_utf8()].parse().ok().filter(|n| (1..=1000).contains(n))?;
    match unit {
        'd' => today.checked_add_days(Days::new(n.into())),
        'w' => today.checked_add_days(Days::new(u64::from(n) * 7)),
        'm' => today.checked_add_months(Months::new(n)),
        'y' => today.checked_add_months(Months::new(n.checked_mul(12)?)),
        _ => None,
    }
}

/// `\#`, `\@` and `\!` are the characters themselves.
fn unescape(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && matches!(chars.peek(), Some('#' | '@' | '!' | '%')) {
            continue;
        }
        out.push(c);
    }
    out
}

impl Parsed {
    /// What the line set, on a decision made from it.
    pub fn apply_to(&self, d: &mut super::Decision) {
        d.tags = self.tags.clone();
        if let Some(c) = self.category {
            d.category = c;
        }
        if let Some(r) = self.reversibility {
            d.reversibility = r;
        }
        if let Some(s) = self.status {
            d.status = s;
        }
        d.revisit = self.revisit;
        d.private = self.private;
    }

    /// What was understood, for the live preview under the capture line.
    pub fn preview(&self) -> String {
        let mut parts = Vec::new();
        if !self.tags.is_empty() {
            parts.push(self.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "));
        }
        if let Some(c) = self.category {
            parts.push(c.label().to_string());
        }
        if let Some(r) = self.reversibility {
            parts.push(super::Choice::label(r).to_string());
        }
        if let Some(s) = self.status {
            parts.push(super::Choice::key(s).to_string());
        }
        if let Some(d) = self.revisit {
            parts.push(format!("revisit {d}"));
        }
        if self.private {
            parts.push("private".to_string());
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Wednesday, 2026-11-18.
    fn today() -> NaiveDate {
        day("2026-11-18")
    }

    #[test]
    fn extras_are_pulled_off_the_end() {
        let p = parse("Move cron to a queue #infra #Queue !oneway @2027-01-15", today());
        assert_eq!(p.title, "Move cron to a queue");
        assert_eq!(p.tags, vec!["infra", "queue"]);
        assert_eq!(p.reversibility, Some(Reversibility::OneWay));
        assert_eq!(p.revisit, Some(day("2027-01-15")));
        assert!(p.problems.is_empty());
        assert_eq!(p.preview(), "#infra #queue · one-way door · revisit 2027-01-15");
    }

    #[test]
    fn numbers_and_tags_inside_the_title_stay_there() {
        let p = parse("Fix issue #412 by moving retries to the queue (see PR #415) #reliability", today());
        assert_eq!(p.title, "Fix issue #412 by moving retries to the queue (see PR #415)");
        assert_eq!(p.tags, vec!["reliability"]);
        let p = parse("Adopt #kafka for events", today());
        assert_eq!((p.title.as_str(), p.tags.len()), ("Adopt #kafka for events", 0));
        assert_eq!(parse("Ship it #412", today()).title, "Ship it #412");
        assert_eq!(parse("Teach the team C#", today()).title, "Teach the team C#");
    }

    #[test]
    fn a_category_is_set_with_a_percent_sign() {
        let p = parse("Rotate the API keys yearly %security #keys", today());
        assert_eq!(
            (p.title.as_str(), p.category, p.tags.clone()),
            ("Rotate the API keys yearly", Some(Category::Security), vec!["keys".to_string()])
        );
        assert!(p.preview().contains(Category::Security.label()), "{}", p.preview());
        let p = parse("Cut the bill by 20% %nonsense", today());
        assert_eq!((p.title.as_str(), p.category), ("Cut the bill by 20% %nonsense", None));
        assert!(p.problems[0].contains("%security"), "{:?}", p.problems);
        assert_eq!(parse(r"Grow margin to 30 \%build-vs-buy", today()).title, "Grow margin to 30 %build-vs-buy");
        let mut d = super::super::Decision::captured(
            crate::domain::fixtures::id(1),
            crate::domain::fixtures::id(2),
            "x",
            today(),
            crate::domain::fixtures::noon(),
        );
        parse("x %build-vs-buy", today()).apply_to(&mut d);
        assert_eq!(d.category, Category::BuildVsBuy);
    }

    #[test]
    fn escapes_write_the_character() {
        let p = parse(r"Rename the \#general channel \@channel \#ops", today());
        assert_eq!(p.title, "Rename the #general channel @channel #ops");
        assert!(p.tags.is_empty());
    }

    #[test]
    fn extras_before_a_word_not_understood_are_said_to_stay_in_the_title() {
        let p = parse("Hire a senior SRE !proposed #hiring %hiring", today());
        assert_eq!((p.title.as_str(), p.status), ("Hire a senior SRE !proposed #hiring %hiring", None));
        assert!(p.problems[0].ends_with("; so is !proposed #hiring before it"), "{:?}", p.problems);
        let p = parse("Hire a senior SRE !private %hiring", today());
        assert!(p.private && !p.problems[0].contains("so is"), "{:?}", p.problems);
    }

    #[test]
    fn anything_not_understood_stays_in_the_title_and_is_reported() {
        let p = parse("Pay bills @3x #infra", today());
        assert_eq!(p.title, "Pay bills @3x");
        assert_eq!(p.tags, vec!["infra"]);
        assert_eq!(p.problems.len(), 1);
        assert!(p.problems[0].starts_with("@3x"));
        let p = parse("Pay @2027-02-30 !loud", today());
        assert_eq!(p.title, "Pay @2027-02-30 !loud");
        assert_eq!(p.problems.len(), 1, "the run stops at the first word not understood");
        assert_eq!(parse("email me @ noon", today()).title, "email me @ noon");
        // Dates outside Cockpit's calendar, as written or reached.
        for line in ["Dated @0000-01-01", "Dated @1969-12-31", "Dated @10000y"] {
            let p = parse(line, today());
            assert_eq!((p.title.as_str(), p.revisit), (line, None), "{line}");
            assert!(p.problems[0].contains("1970 to 9999") || p.problems[0].contains("not understood"), "{:?}", p.problems);
        }
        assert!(parse("Dated @0000-01-01", today()).problems[0].contains("runs from 1970 to 9999"));
        assert_eq!(parse("Dated @9999-12-31", today()).revisit, Some(day("9999-12-31")));
        assert_eq!(parse("Wow !", today()).title, "Wow !");
    }

    #[test]
    fn private_is_read_anywhere_in_the_line() {
        for line in [
            "Pause the pilot !private",
            "Pause the pilot !private and tell no one",
            "Pause the pilot !Private. #412",
            "!private Pause the pilot",
            "Pause the pilot (!private)",
            "Pause the pilot \"!private\"",
            "Pause the pilot !private.",
        ] {
            let p = parse(line, today());
            assert!(p.private, "{line}");
            assert!(p.problems.is_empty(), "{line}: {:?}", p.problems);
            assert!(!p.title.to_lowercase().contains("private"), "{line} -> {}", p.title);
        }
        assert!(!parse(r"Talk about \!private clouds", today()).private);
    }

    #[test]
    fn relative_revisit_dates() {
        let at = |s: &str| parse(&format!("X @{s}"), today()).revisit;
        assert_eq!(at("10d"), Some(day("2026-11-28")));
        assert_eq!(at("2w"), Some(day("2026-12-02")));
        assert_eq!(at("3m"), Some(day("2027-02-18")));
        assert_eq!(at("1y"), Some(day("2027-11-18")));
        assert_eq!(at("next-week"), Some(day("2026-11-23")));
        assert_eq!(at("next-month"), Some(day("2026-12-01")));
        assert_eq!(at("next-quarter"), Some(day("2027-01-01")));
        assert_eq!(at("Next-Year"), Some(day("2027-01-01")));
        assert_eq!(revisit("3m", day("2027-01-31")), Some(day("2027-04-30")), "the month's last day when it is shorter");
        assert_eq!(revisit("1000y", NaiveDate::MAX), None, "past the calendar's end is refused, not a panic");
        assert_eq!(revisit("5000y", today()), None);
        assert_eq!(revisit("0d", today()), None);
    }

    proptest! {
        #[test]
        fn never_panics_and_title_is_clean(s in "\\PC*|[\\x00-\\x7f]*") {
            let p = parse(&s, today());
            prop_assert!(crate::domain::text::is_clean(&p.title));
        }

        /// Plain words (no extras, no escapes) come back as the title, whatever follows them.
        #[test]
        fn a_title_without_marks_is_kept(title in "[a-zA-Z0-9(),.:?'-]{1,12}( [a-zA-Z0-9(),.:?'#-]{1,12}){0,6}", tail in "( #[a-z]{1,8}| !oneway| @2w){0,3}") {
            prop_assume!(!title.split(' ').next_back().is_some_and(|w| w.starts_with('#') && w[1..].starts_with(char::is_alphabetic)));
            let p = parse(&format!("{title}{tail}"), today());
            prop_assert_eq!(p.title, title);
        }
    }
}
