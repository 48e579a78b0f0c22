//! The line syntax of meeting notes, read as they are typed:
//!
//! - `d: TITLE` a decision, with the capture line's extras (`#tags`, `!oneway`, `@revisit`,
//!   `!private`);
//! - `a: TITLE @owner ^due` or `- [ ] TITLE @owner ^due` an action (`- [x]` one already done).
//!   No `@owner` (or `@me`) means the user. Due dates: `^fri`, `^2026-12-10`, `^+3d`, `^2w`,
//!   `^today`, `^tomorrow`. `!private` anywhere keeps it out of the summary;
//! - `r: TITLE` a risk (`#tags` and `@review` as in a decision line);
//! - `?: TEXT` an open question;
//! - every other line is a note.
//!
//! The prefix is read after any indentation, in either case. A line is only ever added to: the
//! notes keep every line as typed, and a recognised line's words are all in its record (a word
//! that looks like an extra but is not understood stays in the title and is reported).

use super::capture::{self, Parsed};
use chrono::{Datelike, Days, NaiveDate, Weekday};

/// What a line of the notes becomes.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Decision(Parsed),
    Action(ActionLine),
    Risk(Parsed),
    Question(String),
    Note,
}

/// The kind of a line, for highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    Decision,
    Action,
    Risk,
    Question,
    Note,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActionLine {
    pub title: String,
    /// Empty: the user.
    pub owner: String,
    pub due: Option<NaiveDate>,
    /// `- [x]`: already done.
    pub done: bool,
    pub private: bool,
    /// The words read as extras (`@marco`, `^fri`, `!private`), as typed.
    pub extras: Vec<String>,
    /// Words that looked like extras but were not understood (kept in the title).
    pub problems: Vec<String>,
}

impl Line {
    pub fn kind(&self) -> LineKind {
        match self {
            Line::Decision(_) => LineKind::Decision,
            Line::Action(_) => LineKind::Action,
            Line::Risk(_) => LineKind::Risk,
            Line::Question(_) => LineKind::Question,
            Line::Note => LineKind::Note,
        }
    }

    /// What the line was read as, for the line under the editor: `action · marco · due Fri Dec 4`.
    pub fn preview(&self) -> String {
        let with = |what: &str, rest: String| if rest.is_empty() { what.to_string() } else { format!("{what} · {rest}") };
        match self {
            Line::Decision(p) => with("decision", p.preview()),
            Line::Risk(p) => with("risk", p.preview().replace("revisit", "review")),
            Line::Action(a) => {
                let mut parts = vec![if a.owner.is_empty() { "yours".to_string() } else { format!("{} owes it", a.owner) }];
                parts.extend(a.due.map(|d| format!("due {}", d.format("%a %b %-d"))));
                parts.extend(a.done.then(|| "done".to_string()));
                parts.extend(a.private.then(|| "private".to_string()));
                with("action", parts.join(" · "))
            }
            Line::Question(_) => "open question".into(),
            Line::Note => String::new(),
        }
    }

    /// The title of a recognised line.
    pub fn title(&self) -> Option<&str> {
        match self {
            Line::Decision(p) | Line::Risk(p) => Some(&p.title),
            Line::Action(a) => Some(&a.title),
            Line::Question(q) => Some(q),
            Line::Note => None,
        }
    }

    /// Words of the line that looked like extras and were not understood.
    pub fn problems(&self) -> &[String] {
        match self {
            Line::Decision(p) | Line::Risk(p) => &p.problems,
            Line::Action(a) => &a.problems,
            _ => &[],
        }
    }
}

/// One line of the notes: as typed, and what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteLine {
    pub raw: String,
    pub line: Line,
}

/// Every line of `text`, in order: joined with `\n`, their `raw` texts are `text` again.
pub fn parse(text: &str, today: NaiveDate) -> Vec<NoteLine> {
    text.split('\n').map(|raw| NoteLine { raw: raw.to_string(), line: read(raw, today) }).collect()
}

/// The recognised prefix of a line, and the text after it.
fn prefix(raw: &str) -> Option<(LineKind, bool, &str)> {
    if let Some((done, rest)) = super::text::task_item(raw) {
        return Some((LineKind::Action, done, rest));
    }
    let t = raw.trim_start();
    for (p, kind) in [("d:", LineKind::Decision), ("a:", LineKind::Action), ("r:", LineKind::Risk), ("?:", LineKind::Question)] {
        if t.get(..p.len()).is_some_and(|head| head.eq_ignore_ascii_case(p)) {
            return Some((kind, false, &t[p.len()..]));
        }
    }
    None
}

/// What to say about a line as typed: a word not understood, or a recognised start with no
/// title after it (the line stays a note).
pub fn warning(raw: &str, today: NaiveDate) -> Option<String> {
    let line = read(raw, today);
    if let Some(p) = line.problems().first() {
        return Some(p.clone());
    }
    match (prefix(raw), &line) {
        (Some((kind, _, _)), Line::Note) if kind != LineKind::Note => {
            Some(format!("'{}' has no title: kept as a note", super::text::clean_line(raw)))
        }
        _ => None,
    }
}

/// What one line is.
pub fn read(raw: &str, today: NaiveDate) -> Line {
    let Some((kind, done, body)) = prefix(raw) else { return Line::Note };
    let body = super::text::clean_line(body);
    if body.is_empty() {
        return Line::Note;
    }
    match kind {
        LineKind::Decision | LineKind::Risk => {
            let p = capture::parse(&body, today);
            match (p.title.is_empty(), kind) {
                (true, _) => Line::Note,
                (false, LineKind::Decision) => Line::Decision(p),
                _ => Line::Risk(p),
            }
        }
        LineKind::Action => {
            let a = action(&body, done, today);
            if a.title.is_empty() {
                Line::Note
            } else {
                Line::Action(a)
            }
        }
        LineKind::Question => Line::Question(body),
        LineKind::Note => Line::Note,
    }
}

fn is_private(w: &str) -> bool {
    w.trim_end_matches(['.', ',', ';', ':', '!', '?']).eq_ignore_ascii_case("!private")
}

/// An action's text: the run of `@owner` and `^due` at its end, `!private` anywhere. A `^word`
/// in that run that is not a date stays in the title (and is named), and the run goes on past
/// it: `@nobody ^32nd` still gives the owner.
fn action(body: &str, done: bool, today: NaiveDate) -> ActionLine {
    let words: Vec<&str> = body.split(' ').filter(|w| !w.is_empty()).collect();
    let mut a = ActionLine { done, ..Default::default() };
    let mut end = words.len();
    let (mut owner, mut due) = (None, None);
    // Words of the run not understood: kept in the title, in the order typed.
    let mut kept = Vec::new();
    while end > 0 {
        let w = words[end - 1];
        if let Some(name) = w.strip_prefix('@').filter(|n| n.starts_with(char::is_alphanumeric)) {
            // Read from the end: the last one typed wins, and an earlier one is named.
            if owner.is_some() {
                a.problems.push(format!("{w} is a second owner: the last one typed is used"));
            }
            owner.get_or_insert(name);
        } else if let Some(when) = w.strip_prefix('^').filter(|n| !n.is_empty()) {
            match due_date(when, today) {
                Some(d) => {
                    if due.is_some() {
                        a.problems.push(format!("{w} is a second due date: the last one typed is used"));
                    }
                    due.get_or_insert(d);
                }
                None => {
                    a.problems.push(format!("{w} not understood, kept in the title (dates: ^fri, ^2026-12-10, ^+3d, ^2w)"));
                    kept.insert(0, end - 1);
                }
            }
        } else if !is_private(w) {
            break;
        }
        end -= 1;
    }
    // (An owner or a due date is read from the run at the end only: one typed earlier, in the
    // title, would otherwise be kept there without a word.)
    for w in &words[..end] {
        let owner = w.strip_prefix('@').is_some_and(|n| n.starts_with(char::is_alphanumeric));
        let due = w.strip_prefix('^').is_some_and(|n| due_date(n, today).is_some());
        if owner || due {
            a.problems.push(format!("{w} is kept in the title: an owner or a due date is read at the end of the line"));
        }
    }
    let run = (end..words.len()).filter(|i| !kept.contains(i));
    a.extras = run.map(|i| words[i].to_string()).collect();
    a.private = words.iter().any(|w| is_private(w));
    a.extras.extend(words[..end].iter().filter(|w| is_private(w)).map(|w| w.to_string()));
    let title = words[..end].iter().chain(kept.iter().map(|i| &words[*i]));
    a.title = title.filter(|w| !is_private(w)).copied().collect::<Vec<_>>().join(" ");
    a.owner = owner.filter(|o| !super::action::is_me(o)).unwrap_or("").to_string();
    a.due = due;
    a
}

/// `fri` or `friday` (the next one, today included), `today`, `tomorrow`, `2026-12-10`, `+3d`,
/// `3d`, `2w`, `1m`, `next-week`: within the years Cockpit works in.
pub fn due_date(when: &str, today: NaiveDate) -> Option<NaiveDate> {
    let w = when.trim_start_matches('+').to_ascii_lowercase();
    let weekday = |names: [&str; 2]| names.contains(&w.as_str());
    let day = [
        (["mon", "monday"], Weekday::Mon),
        (["tue", "tuesday"], Weekday::Tue),
        (["wed", "wednesday"], Weekday::Wed),
        (["thu", "thursday"], Weekday::Thu),
        (["fri", "friday"], Weekday::Fri),
        (["sat", "saturday"], Weekday::Sat),
        (["sun", "sunday"], Weekday::Sun),
    ]
    .into_iter()
    .find(|(names, _)| weekday(*names));
    let d = match (w.as_str(), day) {
        (_, Some((_, wd))) => {
            let ahead = (7 + wd.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
            today.checked_add_days(Days::new(ahead.into()))
        }
        ("today", _) => Some(today),
        ("tomorrow" | "tmr", _) => today.succ_opt(),
        _ => capture::revisit(&w, today),
    }?;
    super::in_range(d).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Tuesday, 2026-12-01.
    fn today() -> NaiveDate {
        day("2026-12-01")
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn act(raw: &str) -> ActionLine {
        match read(raw, today()) {
            Line::Action(a) => a,
            other => panic!("{raw:?} is {other:?}"),
        }
    }

    #[test]
    fn each_prefix_is_recognised() {
        let kinds = |t: &str| parse(t, today()).iter().map(|l| l.line.kind()).collect::<Vec<_>>();
        use LineKind::*;
        assert_eq!(
            kinds("d: Use Postgres\n  A: send it\n- [ ] draft it\nr: lock-in\n?: who pays\nplain\nd:\na: !private"),
            [Decision, Action, Action, Risk, Question, Note, Note, Note]
        );
        let Line::Decision(p) = read("d: Move to ECS #infra !oneway @3m", today()) else { panic!() };
        assert_eq!((p.title.as_str(), p.tags.clone(), p.revisit), ("Move to ECS", vec!["infra".to_string()], Some(day("2027-03-01"))));
    }

    #[test]
    fn actions_have_owners_and_due_dates() {
        let a = act("a: Send the SOC 2 shortlist ^fri");
        assert_eq!((a.title.as_str(), a.owner.as_str(), a.due), ("Send the SOC 2 shortlist", "", Some(day("2026-12-04"))));
        let a = act("- [ ] AWS bill breakdown @marco ^2026-12-10");
        assert_eq!((a.owner.as_str(), a.due, a.done), ("marco", Some(day("2026-12-10")), false));
        assert_eq!(act("- [x] Book the room ^+3d").due, Some(day("2026-12-04")));
        assert!(act("* [X] Book it").done);
        assert_eq!(act("a: Ask @lee about it @me ^tue").owner, "");
        assert_eq!(act("a: Ask @lee about it @me ^tue").due, Some(day("2026-12-01")));
        // A word that is not a date stays in the title, and is reported.
        let a = act("a: Ship it ^soonish @ana");
        assert_eq!((a.title.as_str(), a.owner.as_str(), a.due), ("Ship it ^soonish", "ana", None));
        assert_eq!(a.problems.len(), 1);
        // Whichever side of it the owner and the date are.
        let a = act("a: Fix three @nobody ^32nd ^fri");
        assert_eq!((a.title.as_str(), a.owner.as_str(), a.due), ("Fix three ^32nd", "nobody", Some(day("2026-12-04"))));
        assert_eq!(a.problems.len(), 1, "{:?}", a.problems);
        let a = act("a: Call !private the bank");
        assert!(a.private && a.title == "Call the bank");
        // An owner or a date typed before the end stays in the title, and is named.
        let a = act("a: Ask @lee about it ^fri for the board");
        assert_eq!((a.title.as_str(), a.owner.as_str(), a.due), ("Ask @lee about it ^fri for the board", "", None));
        assert_eq!(
            a.problems,
            [
                "@lee is kept in the title: an owner or a due date is read at the end of the line",
                "^fri is kept in the title: an owner or a due date is read at the end of the line"
            ]
        );
    }

    #[test]
    fn due_dates_stay_in_the_calendar() {
        // 9999-12-31 is a Friday: that Friday is in range, the Saturday after is not.
        assert_eq!(due_date("fri", day("9999-12-31")), Some(day("9999-12-31")));
        assert_eq!(due_date("sat", day("9999-12-31")), None);
        assert_eq!(due_date("tomorrow", day("9999-12-31")), None);
        assert_eq!(due_date("+1000y", day("9500-01-01")), None);
        assert_eq!(due_date("2w", today()), Some(day("2026-12-15")));
    }

    fn title_words() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec("[A-Za-z0-9][A-Za-z0-9,.'()-]{0,8}", 1..6)
    }

    proptest! {
        /// Nothing typed is dropped: the lines are the text, and every word of a recognised
        /// line is in its record (title, extras read, or problems reported).
        #[test]
        fn every_line_ends_up_somewhere(text in "(([-*] \\[[ x]\\] |[dDaArR?]: ?| *)[ -~\u{e9}\u{4e2d}@^#!]{0,30}\n?){0,12}") {
            let lines = parse(&text, today());
            prop_assert_eq!(lines.iter().map(|l| l.raw.as_str()).collect::<Vec<_>>().join("\n"), text.clone());
            for l in &lines {
                let Some((_, _, body)) = prefix(&l.raw) else {
                    prop_assert_eq!(&l.line, &Line::Note);
                    continue;
                };
                let body = crate::domain::text::clean_line(body);
                let words: Vec<&str> = body.split(' ').filter(|w| !w.is_empty()).collect();
                match &l.line {
                    Line::Action(a) => {
                        let mut kept: Vec<String> = a.title.split(' ').map(str::to_string).collect();
                        kept.extend(a.extras.iter().cloned());
                        let (mut kept, mut words) = (kept, words.iter().map(|w| w.to_string()).collect::<Vec<_>>());
                        kept.sort();
                        words.sort();
                        prop_assert_eq!(kept, words);
                    }
                    Line::Decision(p) | Line::Risk(p) => {
                        // The title's words are the line's (`\#` written as `#`); the others are extras.
                        let unescaped = body.replace("\\#", "#").replace("\\@", "@").replace("\\!", "!").replace("\\%", "%");
                        for w in p.title.split(' ') {
                            prop_assert!(body.contains(w) || unescaped.contains(w), "{} lost from {}", w, body);
                        }
                    }
                    Line::Question(q) => prop_assert_eq!(q, &body),
                    Line::Note => prop_assert!(words.is_empty() || matches!(read(&l.raw, today()), Line::Note)),
                }
            }
        }

        /// An action line typed with an owner and a due date gives them back.
        #[test]
        fn an_action_line_gives_back_what_was_typed(words in title_words(), owner in proptest::option::of("[a-z]{1,8}"), days in proptest::option::of(0u64..400)) {
            let due = days.map(|n| today() + Days::new(n));
            let mut line = format!("a: {}", words.join(" "));
            if let Some(o) = &owner {
                line.push_str(&format!(" @{o}"));
            }
            if let Some(d) = due {
                line.push_str(&format!(" ^{d}"));
            }
            let a = act(&line);
            prop_assert_eq!(a.title, words.join(" "));
            prop_assert_eq!(a.owner, owner.filter(|o| o != "me").unwrap_or_default());
            prop_assert_eq!(a.due, due);
        }
    }
}
