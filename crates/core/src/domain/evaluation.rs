//! Weighing options against criteria: the weighted score behind a vendor or build-vs-buy
//! decision. One pure function, in exact arithmetic, so that a tie is a tie and scaling every
//! weight changes nothing.

use std::cmp::Ordering;

/// The criteria a client's evaluations start from.
pub const DEFAULT_CRITERIA: [&str; 5] = ["fit", "cost", "lock-in and exit cost", "security and data handling", "support"];

/// A weight as typed (`2`, `0.5`, `30%`), kept in thousandths so that sums and comparisons are
/// exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Weight(pub u64);

impl Weight {
    pub const ONE: Weight = Weight(1000);

    /// `2`, `0.5`, `1.25` or `30%`: none for what is not a number from 0 to 1000, or has more
    /// than three decimals.
    pub fn parse(typed: &str) -> Option<Weight> {
        let t = typed.trim();
        let (t, scale) = match t.strip_suffix('%') {
            Some(p) => (p.trim(), 10),
            None => (t, 1000),
        };
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty() && frac.is_empty() || frac.len() > 3 || !(whole.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())) {
            return None;
        }
        let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
        let frac: u64 = format!("{frac:0<3}").parse().ok()?;
        let thousandths = whole.checked_mul(1000)?.checked_add(frac)?;
        let w = if scale == 10 { thousandths / 100 } else { thousandths };
        (w <= 1_000_000).then_some(Weight(w))
    }
}

impl std::fmt::Display for Weight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, frac) = (self.0 / 1000, self.0 % 1000);
        if frac == 0 {
            write!(f, "{whole}")
        } else {
            write!(f, "{}", format!("{whole}.{frac:03}").trim_end_matches('0'))
        }
    }
}

/// Whether two criterion names are the same criterion: case aside (in any script), as typed.
pub fn same_criterion(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// One criterion and how much it counts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Criterion {
    pub name: String,
    pub weight: Weight,
}

/// An option's scores, 1 to 5, by criterion name.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored<'a> {
    pub name: &'a str,
    pub scores: &'a [(String, u8)],
}

/// An option's weighted score: `sum / weights` (out of 5), exact. A criterion it has no score
/// for counts as 0 and is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Total {
    /// The option's place among those weighed (names may repeat; this does not).
    pub index: usize,
    pub name: String,
    pub sum: u64,
    pub weights: u64,
    pub missing: Vec<String>,
}

impl Total {
    /// The score out of 5, for showing (two decimals).
    pub fn value(&self) -> f64 {
        if self.weights == 0 {
            0.0
        } else {
            self.sum as f64 / self.weights as f64
        }
    }

    /// Compared exactly, as fractions.
    pub fn cmp_score(&self, other: &Total) -> Ordering {
        (u128::from(self.sum) * u128::from(other.weights.max(1))).cmp(&(u128::from(other.sum) * u128::from(self.weights.max(1))))
    }
}

/// Every option's weighted score, best first (ties in the order given), and the winners: every
/// option with the best score (more than one when they tie), none when nothing is weighed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranking {
    pub totals: Vec<Total>,
    pub winners: Vec<String>,
    /// The winners' places among the options weighed.
    pub winner_indexes: Vec<usize>,
}

impl Ranking {
    /// The total of the option at `index` among those weighed.
    pub fn of(&self, index: usize) -> Option<&Total> {
        self.totals.iter().find(|t| t.index == index)
    }

    /// Whether the option at `index` is a winner.
    pub fn wins(&self, index: usize) -> bool {
        self.winner_indexes.contains(&index)
    }

    /// "Datadog", "Datadog and Grafana Cloud tie", or none.
    pub fn winner_line(&self) -> Option<String> {
        match self.winners.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            [rest @ .., last] => Some(format!("{} and {last} tie", rest.join(", "))),
        }
    }
}

/// The weighted score of each option: the sum over criteria of weight × score, over the sum of
/// the weights. A name compares without regard to case.
pub fn weigh(criteria: &[Criterion], options: &[Scored]) -> Ranking {
    let weights: u64 = criteria.iter().map(|c| c.weight.0).sum();
    let mut totals: Vec<Total> = options
        .iter()
        .enumerate()
        .map(|(index, o)| {
            let mut sum = 0;
            let mut missing = Vec::new();
            for c in criteria.iter().filter(|c| c.weight.0 > 0) {
                match o.scores.iter().find(|(name, _)| same_criterion(name, &c.name)) {
                    Some((_, s)) => sum += c.weight.0 * u64::from(*s),
                    None => missing.push(c.name.clone()),
                }
            }
            Total { index, name: o.name.to_string(), sum, weights, missing }
        })
        .collect();
    totals.sort_by(|a, b| b.cmp_score(a));
    let best: Vec<&Total> = match totals.first() {
        Some(best) if weights > 0 && best.sum > 0 => totals.iter().take_while(|t| t.cmp_score(best) == Ordering::Equal).collect(),
        _ => Vec::new(),
    };
    let (winners, winner_indexes) = (best.iter().map(|t| t.name.clone()).collect(), best.iter().map(|t| t.index).collect());
    Ranking { totals, winners, winner_indexes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn crit(pairs: &[(&str, u64)]) -> Vec<Criterion> {
        pairs.iter().map(|(n, w)| Criterion { name: n.to_string(), weight: Weight(*w) }).collect()
    }

    #[test]
    fn weights_are_typed_as_numbers_or_percentages() {
        assert_eq!(Weight::parse("2"), Some(Weight(2000)));
        assert_eq!(Weight::parse("0.5"), Some(Weight(500)));
        assert_eq!(Weight::parse(".25"), Some(Weight(250)));
        assert_eq!(Weight::parse("30%"), Some(Weight(300)));
        assert_eq!(Weight::parse("1.2345"), None);
        assert_eq!(Weight::parse("-1"), None);
        assert_eq!(Weight::parse("lots"), None);
        assert_eq!(Weight::parse("1000001"), None);
        assert_eq!(Weight(2500).to_string(), "2.5");
        assert_eq!(Weight(3000).to_string(), "3");
    }

    #[test]
    fn the_weighted_winner_and_a_tie() {
        let c = crit(&[("fit", 3000), ("cost", 1000)]);
        let a = [("fit".to_string(), 5), ("cost".to_string(), 2)];
        let b = [("fit".to_string(), 3), ("cost".to_string(), 5)];
        let r = weigh(&c, &[Scored { name: "Datadog", scores: &a }, Scored { name: "Build it ourselves", scores: &b }]);
        assert_eq!(r.winners, ["Datadog"]);
        assert_eq!((r.totals[0].sum, r.totals[0].weights), (17000, 4000));
        // The same scores: both win, and the line says they tie.
        let r = weigh(&c, &[Scored { name: "A", scores: &a }, Scored { name: "B", scores: &a }]);
        assert_eq!(r.winner_line().as_deref(), Some("A and B tie"));
        // A criterion not scored counts as nothing, and is named.
        let r = weigh(&c, &[Scored { name: "A", scores: &a[..1] }]);
        assert_eq!(r.totals[0].missing, ["cost"]);
        assert!(weigh(&c, &[]).winners.is_empty());
    }

    fn options() -> impl Strategy<Value = (Vec<u64>, Vec<Vec<u8>>)> {
        (1usize..6)
            .prop_flat_map(|n| (prop::collection::vec(0u64..5000, n), prop::collection::vec(prop::collection::vec(1u8..=5, n), 1..6)))
    }

    proptest! {
        /// Scaling every weight by the same factor changes no score and no winner.
        #[test]
        fn weights_are_scale_free((weights, scores) in options(), k in 1u64..50) {
            let names: Vec<String> = (0..weights.len()).map(|i| format!("c{i}")).collect();
            let scored: Vec<Vec<(String, u8)>> = scores.iter().map(|s| names.iter().cloned().zip(s.iter().copied()).collect()).collect();
            let opts: Vec<Scored> = scored.iter().enumerate().map(|(i, s)| Scored { name: ["A", "B", "C", "D", "E", "F"][i], scores: s }).collect();
            let c1: Vec<Criterion> = names.iter().zip(&weights).map(|(n, w)| Criterion { name: n.clone(), weight: Weight(*w) }).collect();
            let c2: Vec<Criterion> = names.iter().zip(&weights).map(|(n, w)| Criterion { name: n.clone(), weight: Weight(w * k) }).collect();
            let (r1, r2) = (weigh(&c1, &opts), weigh(&c2, &opts));
            prop_assert_eq!(&r1.winners, &r2.winners);
            for (a, b) in r1.totals.iter().zip(&r2.totals) {
                prop_assert_eq!(&a.name, &b.name);
                prop_assert_eq!(a.cmp_score(b), Ordering::Equal);
                prop_assert!(a.value() <= 5.0);
            }
        }

        /// Every option whose scores equal the best one's wins with it, whatever the order given.
        #[test]
        fn ties_are_stated((weights, scores) in options()) {
            let names: Vec<String> = (0..weights.len()).map(|i| format!("c{i}")).collect();
            let mut scored: Vec<Vec<(String, u8)>> = scores.iter().map(|s| names.iter().cloned().zip(s.iter().copied()).collect()).collect();
            scored.push(scored[0].clone());
            let letters = ["A", "B", "C", "D", "E", "F", "G"];
            let opts: Vec<Scored> = scored.iter().enumerate().map(|(i, s)| Scored { name: letters[i], scores: s }).collect();
            let c: Vec<Criterion> = names.iter().zip(&weights).map(|(n, w)| Criterion { name: n.clone(), weight: Weight(*w) }).collect();
            let r = weigh(&c, &opts);
            let last = letters[scored.len() - 1];
            // The copy of A ties with A: both win or neither does.
            prop_assert_eq!(r.winners.contains(&"A".to_string()), r.winners.contains(&last.to_string()));
            let mut reversed = opts.clone();
            reversed.reverse();
            let mut w1 = r.winners.clone();
            let mut w2 = weigh(&c, &reversed).winners;
            w1.sort();
            w2.sort();
            prop_assert_eq!(w1, w2);
        }
    }
}
