//! Vendors and the options of an evaluation: what a vendor or build-vs-buy decision compared
//! (building it ourselves included), each option's scores, yearly and one-off cost, and for the
//! one chosen, its contract's renewal date and notice period.

use super::evaluation::{self, Criterion, Ranking, Scored, Weight};
use super::money::Money;
use super::{Id, Timestamp};
use chrono::NaiveDate;

/// How many years a total cost of ownership covers.
pub const TCO_YEARS: i64 = 2;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Vendor {
    pub id: Id,
    pub client_id: Id,
    pub name: String,
    /// The decision whose evaluation it is an option of.
    pub decision_id: Option<Id>,
    /// "Build it ourselves" rather than a vendor.
    pub build: bool,
    pub cost_per_year: Option<Money>,
    /// Set-up, migration, or building it.
    pub one_off: Option<Money>,
    /// Scores 1 to 5 by criterion.
    pub scores: Vec<(String, u8)>,
    pub renewal: Option<NaiveDate>,
    pub notice_days: Option<u32>,
    /// The option the decision took.
    pub chosen: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(Vendor, "vendor", |v, zone| format!("vendor '{}'", v.name));

impl Vendor {
    pub fn new(id: Id, client_id: Id, name: &str, now: Timestamp) -> Vendor {
        Vendor {
            id,
            client_id,
            name: super::text::clean_line(name),
            decision_id: None,
            build: false,
            cost_per_year: None,
            one_off: None,
            scores: Vec::new(),
            renewal: None,
            notice_days: None,
            chosen: false,
            created_at: now,
            updated_at: now,
        }
    }

    /// The one-off cost and [`TCO_YEARS`] years of the yearly one; none when neither is known.
    pub fn tco(&self) -> Option<Money> {
        match (self.one_off, self.cost_per_year) {
            (None, None) => None,
            (o, y) => Some(o.unwrap_or_default() + y.unwrap_or_default().times(TCO_YEARS)),
        }
    }

    /// The last day to give notice before the contract renews: the renewal date less the
    /// notice period (the renewal date itself without one).
    pub fn notice_by(&self) -> Option<NaiveDate> {
        let renewal = self.renewal?;
        let days = self.notice_days.unwrap_or(0);
        renewal.checked_sub_days(chrono::Days::new(days.into())).or(Some(renewal))
    }

    /// Its score for a criterion, set (or replaced) by name, case aside; a score of 0 removes it.
    pub fn with_score(&self, criterion: &str, score: u8) -> Vendor {
        let criterion = super::text::clean_line(criterion);
        let mut scores: Vec<(String, u8)> =
            self.scores.iter().filter(|(c, _)| !evaluation::same_criterion(c, &criterion)).cloned().collect();
        if score > 0 {
            scores.push((criterion, score));
        }
        Vendor { scores, ..self.clone() }
    }
}

/// The criteria and weights of one decision's evaluation (or of the client's options with no
/// decision).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evaluation {
    pub id: Id,
    pub client_id: Id,
    pub decision_id: Option<Id>,
    pub criteria: Vec<Criterion>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(Evaluation, "evaluation", |e, zone| format!(
    "the criteria of {} evaluation",
    if e.decision_id.is_some() { "a decision's" } else { "an" }
));

impl Evaluation {
    /// The default criteria, each weighing 1.
    pub fn new(id: Id, client_id: Id, decision_id: Option<Id>, now: Timestamp) -> Evaluation {
        let criteria = evaluation::DEFAULT_CRITERIA.iter().map(|n| Criterion { name: n.to_string(), weight: Weight::ONE }).collect();
        Evaluation { id, client_id, decision_id, criteria, created_at: now, updated_at: now }
    }

    /// With `criterion` weighing `weight` (added, as typed, when it is new).
    pub fn with_weight(&self, criterion: &str, weight: Weight) -> Evaluation {
        let name = super::text::clean_line(criterion);
        let mut criteria = self.criteria.clone();
        match criteria.iter_mut().find(|c| evaluation::same_criterion(&c.name, &name)) {
            Some(c) => c.weight = weight,
            None => criteria.push(Criterion { name, weight }),
        }
        Evaluation { criteria, ..self.clone() }
    }

    /// The criterion `typed` names: one of its criteria by its whole name, or by its first
    /// words (`security` for "security and data handling") when only one starts so; else a new
    /// one, as typed. Err: the criteria it could be.
    pub fn criterion_named(&self, typed: &str) -> Result<String, Vec<String>> {
        let typed = super::text::clean_line(typed);
        if let Some(c) = self.criteria.iter().find(|c| evaluation::same_criterion(&c.name, &typed)) {
            return Ok(c.name.clone());
        }
        let lower = typed.to_lowercase();
        let starting: Vec<&Criterion> =
            self.criteria.iter().filter(|c| c.name.to_lowercase().strip_prefix(&lower).is_some_and(|rest| rest.starts_with(' '))).collect();
        match starting[..] {
            [] => Ok(typed),
            [c] => Ok(c.name.clone()),
            _ => Err(starting.iter().map(|c| c.name.clone()).collect()),
        }
    }

    /// With `criterion` (at weight 1) when it is not one yet.
    pub fn with_criterion(&self, criterion: &str) -> Evaluation {
        let name = super::text::clean_line(criterion);
        if self.criteria.iter().any(|c| evaluation::same_criterion(&c.name, &name)) {
            return self.clone();
        }
        self.with_weight(&name, Weight::ONE)
    }

    /// The options weighed by its criteria.
    pub fn rank(&self, options: &[&Vendor]) -> Ranking {
        let scored: Vec<Scored> = options.iter().map(|v| Scored { name: &v.name, scores: &v.scores }).collect();
        evaluation::weigh(&self.criteria, &scored)
    }
}

/// When the option chosen is not the weighted winner: "Chosen: Datadog; the weighted winner:
/// Grafana Cloud".
pub fn differs(ranking: &Ranking, options: &[&Vendor]) -> Option<String> {
    let at = options.iter().position(|v| v.chosen)?;
    let chosen = options[at];
    if ranking.winners.is_empty() || ranking.wins(at) {
        return None;
    }
    Some(format!("Chosen: {}; the weighted winner: {}", chosen.name, ranking.winner_line()?))
}

/// The evaluation as a record shows it: a Markdown table of the options (criteria with their
/// weights, the weighted score, the two-year cost), then the winner and the choice.
pub fn adr_table(e: &Evaluation, options: &[&Vendor]) -> String {
    // Markdown escaped (a `|` included, so that a name cannot break the table).
    let esc = super::summary::escape;
    let ranking = e.rank(options);
    let mut head = vec!["Option".to_string()];
    head.extend(e.criteria.iter().map(|c| format!("{} (×{})", esc(&c.name), c.weight)));
    head.extend(["Weighted".to_string(), format!("{TCO_YEARS}-year cost")]);
    let mut rows = vec![format!("| {} |", head.join(" | ")), format!("|{}", "---|".repeat(head.len()))];
    for (i, v) in options.iter().enumerate() {
        let mut cells =
            vec![format!("{}{}{}", esc(&v.name), if v.build { " (build)" } else { "" }, if v.chosen { " (chosen)" } else { "" })];
        cells.extend(e.criteria.iter().map(|c| {
            v.scores.iter().find(|(n, _)| evaluation::same_criterion(n, &c.name)).map_or("–".to_string(), |(_, s)| s.to_string())
        }));
        let total = ranking.of(i).map_or(String::new(), |t| format!("{:.2}", t.value()));
        cells.extend([total, v.tco().map(|m| m.to_string()).unwrap_or_default()]);
        rows.push(format!("| {} |", cells.join(" | ")));
    }
    let mut out = rows.join("\n");
    match (differs(&ranking, options), ranking.winner_line()) {
        (Some(d), _) => out.push_str(&format!("\n\n{}: the choice differs from the weighted scores.", esc(&d))),
        (None, Some(w)) => out.push_str(&format!("\n\nWeighted winner: {}.", esc(&w))),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn costs_and_notice() {
        let mut v = Vendor::new(id(1), id(2), "Datadog", noon());
        assert_eq!(v.tco(), None);
        v.cost_per_year = Money::parse("18,000");
        v.one_off = Money::parse("2,500");
        assert_eq!(v.tco(), Money::parse("38,500"));
        v.renewal = Some(d("2027-03-01"));
        assert_eq!(v.notice_by(), Some(d("2027-03-01")));
        v.notice_days = Some(60);
        assert_eq!(v.notice_by(), Some(d("2026-12-31")));
        let v = v.with_score("Fit", 4).with_score("fit", 5).with_score("cost", 2);
        assert_eq!(v.scores, [("fit".to_string(), 5), ("cost".to_string(), 2)]);
        // A criterion keeps the case it was typed in, and is found again in any case.
        let e = Evaluation::new(id(9), id(2), None, noon()).with_weight("ISO 27001", Weight(2000)).with_criterion("iso 27001");
        assert_eq!(e.criteria.iter().filter(|c| c.name == "ISO 27001").count(), 1);
        let v = v.with_score("ISO 27001", 4);
        assert_eq!(e.rank(&[&v]).totals[0].missing, ["lock-in and exit cost", "security and data handling", "support"]);
    }

    #[test]
    fn a_choice_other_than_the_winner_is_called_out() {
        let e = Evaluation::new(id(9), id(2), None, noon()).with_weight("fit", Weight(3000));
        let a = Vendor { chosen: true, ..Vendor::new(id(1), id(2), "Datadog", noon()).with_score("fit", 3).with_score("cost", 5) };
        let b = Vendor::new(id(3), id(2), "Grafana Cloud", noon()).with_score("fit", 5).with_score("cost", 3);
        let options = [&a, &b];
        let r = e.rank(&options);
        assert_eq!(differs(&r, &options).as_deref(), Some("Chosen: Datadog; the weighted winner: Grafana Cloud"));
        let b = Vendor { chosen: true, ..b };
        let a = Vendor { chosen: false, ..a };
        assert_eq!(differs(&e.rank(&[&a, &b]), &[&a, &b]), None);
    }
}
