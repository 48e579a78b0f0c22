//! The capture line's small syntax: `Move cron to a queue #infra !oneway @2027-01-15`.
//!
//! - `#word` adds a tag,
//! - `!oneway` (or `!1way`) marks a one-way door, `!twoway` a two-way door,
//! - `!proposed` / `!accepted` set the status,
//! - `@YYYY-MM-DD` sets the revisit date.
//!
//! Everything else is the title. A word that looks like an extra but is not valid stays in the
//! title and is reported, so nothing typed is silently dropped.

use super::decision::{clean_tags, Reversibility, Status};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub title: String,
    pub tags: Vec<String>,
    pub reversibility: Option<Reversibility>,
    pub status: Option<Status>,
    pub revisit: Option<NaiveDate>,
    pub problems: Vec<String>,
}

pub fn parse(line: &str) -> Parsed {
    let line = super::text::clean_line(line);
    let mut p = Parsed::default();
    let mut title: Vec<&str> = Vec::new();
    let mut tags: Vec<&str> = Vec::new();
    for word in line.split(' ') {
        if let Some(tag) = word.strip_prefix('#').filter(|t| !t.is_empty() && !t.starts_with('#')) {
            tags.push(tag);
        } else if let Some(flag) = word.strip_prefix('!').filter(|f| !f.is_empty()) {
            match flag.to_ascii_lowercase().as_str() {
                "oneway" | "1way" | "one-way" => p.reversibility = Some(Reversibility::OneWay),
                "twoway" | "2way" | "two-way" => p.reversibility = Some(Reversibility::TwoWay),
                "proposed" => p.status = Some(Status::Proposed),
                "accepted" => p.status = Some(Status::Accepted),
                _ => {
                    p.problems.push(format!("!{flag} is not known (try !oneway, !proposed); kept in the title"));
                    title.push(word);
                }
            }
        } else if let Some(date) = word.strip_prefix('@').filter(|d| d.starts_with(|c: char| c.is_ascii_digit())) {
            match NaiveDate::parse_from_str(date, "%Y-%m-%d") {
                Ok(d) => p.revisit = Some(d),
                Err(_) => {
                    p.problems.push(format!("@{date} is not a date (YYYY-MM-DD); kept in the title"));
                    title.push(word);
                }
            }
        } else {
            title.push(word);
        }
    }
    p.title = title.join(" ").trim().to_string();
    p.tags = clean_tags(tags);
    p
}

impl Parsed {
    /// What was understood, for the live preview under the capture line.
    pub fn preview(&self) -> String {
        let mut parts = Vec::new();
        if !self.tags.is_empty() {
            parts.push(self.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "));
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
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn extras_are_pulled_out_of_the_title() {
        let p = parse("Move cron to a queue #infra #Queue !oneway @2027-01-15");
        assert_eq!(p.title, "Move cron to a queue");
        assert_eq!(p.tags, vec!["infra", "queue"]);
        assert_eq!(p.reversibility, Some(Reversibility::OneWay));
        assert_eq!(p.revisit, NaiveDate::from_ymd_opt(2027, 1, 15));
        assert!(p.problems.is_empty());
        assert_eq!(p.preview(), "#infra #queue · one-way door · revisit 2027-01-15");
    }

    #[test]
    fn bad_extras_stay_in_the_title() {
        let p = parse("Pay @2027-02-30 bills !loud to C# team");
        assert_eq!(p.title, "Pay @2027-02-30 bills !loud to C# team");
        assert_eq!(p.problems.len(), 2);
        assert_eq!(parse("email me @ noon").title, "email me @ noon");
    }

    proptest! {
        #[test]
        fn never_panics_and_title_is_clean(s in "\\PC*|[\\x00-\\x7f]*") {
            let p = parse(&s);
            prop_assert!(crate::domain::text::is_clean(&p.title));
        }
    }
}
