//! The impact × effort matrix: items scored 1–5 on both axes, and the quadrant rule.

use super::{Choice, Id, Timestamp};

/// A score from 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not a score: impact and effort are whole numbers from 1 to 5")]
pub struct ScoreError(pub String);

impl Score {
    pub const MIN: Score = Score(1);
    pub const MAX: Score = Score(5);

    pub fn new(v: i64) -> Result<Score, ScoreError> {
        if (1..=5).contains(&v) {
            Ok(Score(v as u8))
        } else {
            Err(ScoreError(v.to_string()))
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }

    /// One step up or down, staying within 1–5.
    pub fn nudge(self, up: bool) -> Score {
        Score(if up { (self.0 + 1).min(5) } else { (self.0 - 1).max(1) })
    }

    /// The lowest score of the upper half of the scale.
    pub const HIGH: u8 = 3;

    /// The upper half of the scale: 3, 4 and 5 are "high".
    pub fn is_high(self) -> bool {
        self.0 >= Score::HIGH
    }
}

impl TryFrom<u8> for Score {
    type Error = ScoreError;
    fn try_from(v: u8) -> Result<Self, Self::Error> {
        Score::new(v as i64)
    }
}

impl From<Score> for u8 {
    fn from(s: Score) -> u8 {
        s.0
    }
}

impl std::str::FromStr for Score {
    type Err = ScoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse::<i64>().map_err(|_| ScoreError(format!("'{s}'"))).and_then(Score::new)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quadrant {
    DoNow,
    PlanAndInvest,
    QuickWins,
    SkipForNow,
}

impl Quadrant {
    /// Reading order on screen: top-left, top-right, bottom-left, bottom-right.
    pub const ALL: [Quadrant; 4] = [Quadrant::DoNow, Quadrant::PlanAndInvest, Quadrant::QuickWins, Quadrant::SkipForNow];

    /// The quadrant rule, in one place: impact 3–5 is high, effort 3–5 is high.
    ///
    /// | impact \ effort | low (1–2)  | high (3–5)    |
    /// |-----------------|------------|---------------|
    /// | high (3–5)      | Do now     | Plan & invest |
    /// | low (1–2)       | Quick wins | Skip for now  |
    pub fn of(impact: Score, effort: Score) -> Quadrant {
        match (impact.is_high(), effort.is_high()) {
            (true, false) => Quadrant::DoNow,
            (true, true) => Quadrant::PlanAndInvest,
            (false, false) => Quadrant::QuickWins,
            (false, true) => Quadrant::SkipForNow,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Quadrant::DoNow => "Do now",
            Quadrant::PlanAndInvest => "Plan & invest",
            Quadrant::QuickWins => "Quick wins",
            Quadrant::SkipForNow => "Skip for now",
        }
    }

    /// (row, column) on screen: row 0 is high impact, column 0 is low effort.
    pub fn cell(self) -> (usize, usize) {
        match self {
            Quadrant::DoNow => (0, 0),
            Quadrant::PlanAndInvest => (0, 1),
            Quadrant::QuickWins => (1, 0),
            Quadrant::SkipForNow => (1, 1),
        }
    }

    pub fn at(row: usize, col: usize) -> Quadrant {
        Quadrant::ALL[(row.min(1)) * 2 + col.min(1)]
    }

    /// The lane an item of this quadrant becomes a task in, by default.
    pub fn default_lane(self) -> super::Lane {
        match self {
            Quadrant::DoNow | Quadrant::QuickWins => super::Lane::Building,
            Quadrant::PlanAndInvest => super::Lane::Architecture,
            Quadrant::SkipForNow => super::Lane::Strategy,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemStatus {
    Open,
    Doing,
    Done,
    Dropped,
}

impl Choice for ItemStatus {
    const WHAT: &'static str = "item status";
    const ALL: &'static [Self] = &[ItemStatus::Open, ItemStatus::Doing, ItemStatus::Done, ItemStatus::Dropped];
    fn key(self) -> &'static str {
        match self {
            ItemStatus::Open => "open",
            ItemStatus::Doing => "doing",
            ItemStatus::Done => "done",
            ItemStatus::Dropped => "dropped",
        }
    }
}
crate::choice_serde!(ItemStatus);

impl ItemStatus {
    /// What `Space` does: open → doing → done → open; a dropped item is reopened.
    pub fn next_on_toggle(self) -> ItemStatus {
        match self {
            ItemStatus::Open => ItemStatus::Doing,
            ItemStatus::Doing => ItemStatus::Done,
            ItemStatus::Done | ItemStatus::Dropped => ItemStatus::Open,
        }
    }

    pub fn is_active(self) -> bool {
        matches!(self, ItemStatus::Open | ItemStatus::Doing)
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Item {
    pub id: Id,
    pub client_id: Id,
    pub title: String,
    pub notes: String,
    pub impact: Score,
    pub effort: Score,
    pub status: ItemStatus,
    pub decision_id: Option<Id>,
    /// For the user alone: never among the summary's priorities.
    #[serde(default)]
    pub private: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(Item, "item", |i, zone| format!("item '{}'", i.title));

impl Item {
    pub fn new(id: Id, client_id: Id, title: &str, impact: Score, effort: Score, now: Timestamp) -> Item {
        Item {
            id,
            client_id,
            title: super::text::clean_line(title),
            notes: String::new(),
            impact,
            effort,
            status: ItemStatus::Open,
            decision_id: None,
            private: false,
            created_at: now,
            updated_at: now,
        }
    }

    pub fn quadrant(&self) -> Quadrant {
        Quadrant::of(self.impact, self.effort)
    }
}

/// The item a task was made from follows the task: done with it, back in progress when the
/// task is reopened. A dropped item stays dropped.
pub fn follow_task(item: &Item, task_done: bool) -> Option<Item> {
    let status = if task_done { ItemStatus::Done } else { ItemStatus::Doing };
    (item.status != status && item.status != ItemStatus::Dropped).then(|| Item { status, ..item.clone() })
}

/// Best bet first: highest impact per effort, then higher impact, then title.
pub fn rank(a: &Item, b: &Item) -> std::cmp::Ordering {
    let ra = a.impact.get() as u32 * b.effort.get() as u32;
    let rb = b.impact.get() as u32 * a.effort.get() as u32;
    rb.cmp(&ra).then(b.impact.cmp(&a.impact)).then_with(|| caseless(&a.title, &b.title))
}

/// [`rank`] as a key, each title lower-cased once: sorting many items by it gives what
/// sorting them by `rank` does (a test checks), without lower-casing titles at every
/// comparison. (Impact per effort as a whole number: 60 is a multiple of every effort.)
pub fn rank_key(i: &Item) -> (std::cmp::Reverse<u32>, std::cmp::Reverse<Score>, String) {
    let per_effort = u32::from(i.impact.get()) * 60 / u32::from(i.effort.get());
    let title = if i.title.is_ascii() { i.title.to_ascii_lowercase() } else { i.title.to_lowercase() };
    (std::cmp::Reverse(per_effort), std::cmp::Reverse(i.impact), title)
}

/// Two texts in the order of their lower-cased copies. ASCII ones (nearly every title) are
/// compared letter by letter, with no copy made: a quadrant of thousands of items is sorted on
/// each frame. (Other text is copied: lower-casing a whole text is not always lower-casing each
/// letter, as a capital sigma ending a word shows.)
fn caseless(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()));
    }
    a.to_lowercase().cmp(&b.to_lowercase())
}

/// One re-scoring of an item, kept as its history.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ScoreChange {
    pub id: Id,
    pub item_id: Id,
    pub at: Timestamp,
    pub from: (Score, Score),
    pub to: (Score, Score),
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(ScoreChange, "score change", |_s, zone| "a score change".to_string());

impl ScoreChange {
    pub fn new(id: Id, item: &Item, to: (Score, Score), now: Timestamp) -> ScoreChange {
        ScoreChange { id, item_id: item.id, at: now, from: (item.impact, item.effort), to, created_at: now, updated_at: now }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn s(v: i64) -> Score {
        Score::new(v).unwrap()
    }

    #[test]
    fn demo_items_land_where_expected() {
        assert_eq!(Quadrant::of(s(5), s(2)), Quadrant::DoNow);
        assert_eq!(Quadrant::of(s(4), s(2)), Quadrant::DoNow);
        assert_eq!(Quadrant::of(s(5), s(5)), Quadrant::PlanAndInvest);
        assert_eq!(Quadrant::of(s(4), s(4)), Quadrant::PlanAndInvest);
        assert_eq!(Quadrant::of(s(2), s(1)), Quadrant::QuickWins);
        assert_eq!(Quadrant::of(s(2), s(5)), Quadrant::SkipForNow);
    }

    #[test]
    fn a_capital_sigma_ending_a_title_sorts_as_a_final_sigma() {
        let mut titles = ["αςb", "ΑΣ", "αςa", "ΝΕΟΣ ΠΕΛΑΤΗΣ", "Νεος πελατης"];
        titles.sort_by(|a, b| caseless(a, b));
        assert_eq!(titles, ["ΑΣ", "αςa", "αςb", "ΝΕΟΣ ΠΕΛΑΤΗΣ", "Νεος πελατης"]);
    }

    #[test]
    fn scores_outside_the_scale_are_refused() {
        assert!(Score::new(0).is_err() && Score::new(6).is_err() && "x".parse::<Score>().is_err());
        assert_eq!(s(5).nudge(true), s(5));
        assert_eq!(s(1).nudge(false), s(1));
    }

    fn rank_of(q: Quadrant) -> (u8, u8) {
        // (impact level, effort level) of a quadrant: higher impact level is better.
        match q {
            Quadrant::DoNow => (1, 0),
            Quadrant::PlanAndInvest => (1, 1),
            Quadrant::QuickWins => (0, 0),
            Quadrant::SkipForNow => (0, 1),
        }
    }

    proptest! {
        /// Titles compare as their lower-cased copies do (a capital sigma ending a word among
        /// them: it lower-cases to a final sigma).
        #[test]
        fn caseless_order_is_the_lower_cased_order(a in "[a-zA-Z ]{0,8}|[^x]{0,8}|[αΑσΣς ]{1,4}", b in "[a-zA-Z ]{0,8}|[^x]{0,8}|[αΑσΣς ]{1,4}") {
            prop_assert_eq!(caseless(&a, &b), a.to_lowercase().cmp(&b.to_lowercase()));
            prop_assert_eq!(caseless(&a, &a.to_uppercase()), a.to_lowercase().cmp(&a.to_uppercase().to_lowercase()));
        }

        /// Items sorted by their rank keys come in the order sorting them by `rank` gives
        /// (ties, as `B` and `b`, in the order they were in).
        #[test]
        fn rank_keys_sort_as_rank_does(items in proptest::collection::vec((1i64..=5, 1i64..=5, "[abAB ]{0,3}|[αΑσΣς]{1,3}|É[a-c]?|é[A-C]?"), 0..40)) {
            let now = chrono::Utc::now();
            let items: Vec<Item> = items.iter().map(|(i, e, t)| Item::new(crate::domain::Id::nil(), crate::domain::Id::nil(), t, s(*i), s(*e), now)).collect();
            let (mut by_rank, mut by_key) = (items.clone(), items);
            by_rank.sort_by(rank);
            by_key.sort_by_cached_key(rank_key);
            let seen = |v: &[Item]| v.iter().map(|i| (i.impact, i.effort, i.title.clone())).collect::<Vec<_>>();
            prop_assert_eq!(seen(&by_rank), seen(&by_key));
        }

        #[test]
        fn quadrant_rule_is_total_and_monotone(i in 1i64..=5, e in 1i64..=5) {
            let q = Quadrant::of(s(i), s(e));
            // exactly one quadrant, and it agrees with the screen cell
            prop_assert_eq!(Quadrant::ALL.iter().filter(|x| **x == q).count(), 1);
            prop_assert_eq!(Quadrant::at(q.cell().0, q.cell().1), q);
            // more impact never moves an item to a lower-impact quadrant; more effort never to a lower-effort one
            if i < 5 {
                let up = Quadrant::of(s(i + 1), s(e));
                prop_assert!(rank_of(up).0 >= rank_of(q).0 && rank_of(up).1 == rank_of(q).1);
            }
            if e < 5 {
                let right = Quadrant::of(s(i), s(e + 1));
                prop_assert!(rank_of(right).1 >= rank_of(q).1 && rank_of(right).0 == rank_of(q).0);
            }
        }
    }
}
