//! The risk register: what could go wrong for a client, how likely and how bad, who owns it,
//! what is done about it, when it is looked at again, and the decisions that brought it in or
//! answer it.

use super::{Choice, Id, Score, Timestamp};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RiskCategory {
    Security,
    Compliance,
    Availability,
    Data,
    Vendor,
    Delivery,
    People,
    Cost,
}

impl Choice for RiskCategory {
    const WHAT: &'static str = "risk category";
    const ALL: &'static [Self] = &[
        RiskCategory::Security,
        RiskCategory::Compliance,
        RiskCategory::Availability,
        RiskCategory::Data,
        RiskCategory::Vendor,
        RiskCategory::Delivery,
        RiskCategory::People,
        RiskCategory::Cost,
    ];
    fn key(self) -> &'static str {
        match self {
            RiskCategory::Security => "security",
            RiskCategory::Compliance => "compliance",
            RiskCategory::Availability => "availability",
            RiskCategory::Data => "data",
            RiskCategory::Vendor => "vendor",
            RiskCategory::Delivery => "delivery",
            RiskCategory::People => "people",
            RiskCategory::Cost => "cost",
        }
    }
}
crate::choice_serde!(RiskCategory);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RiskStatus {
    Open,
    Mitigating,
    Accepted,
    Closed,
}

impl Choice for RiskStatus {
    const WHAT: &'static str = "risk status";
    const ALL: &'static [Self] = &[RiskStatus::Open, RiskStatus::Mitigating, RiskStatus::Accepted, RiskStatus::Closed];
    fn key(self) -> &'static str {
        match self {
            RiskStatus::Open => "open",
            RiskStatus::Mitigating => "mitigating",
            RiskStatus::Accepted => "accepted",
            RiskStatus::Closed => "closed",
        }
    }
}
crate::choice_serde!(RiskStatus);

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Risk {
    pub id: Id,
    pub client_id: Id,
    pub title: String,
    pub description: String,
    pub category: RiskCategory,
    /// Compliance frameworks it bears on (`soc2`, `iso27001`, `hipaa`, `pci-dss`, `gdpr`, or any).
    pub tags: Vec<String>,
    pub likelihood: Score,
    pub impact: Score,
    pub owner: String,
    pub mitigation: String,
    pub status: RiskStatus,
    /// When it is looked at again.
    pub review: Option<NaiveDate>,
    /// The decision that brought it in.
    pub introduced_by: Option<Id>,
    /// The decision that answers it.
    pub mitigated_by: Option<Id>,
    /// For the user alone: never in the week summary or a register export without asking.
    #[serde(default)]
    pub private: bool,
    /// The day it was closed (none while it is not).
    #[serde(default)]
    pub closed_on: Option<NaiveDate>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(Risk, "risk", |r, zone| format!("risk '{}'", r.title));

impl Risk {
    pub fn new(id: Id, client_id: Id, title: &str, likelihood: Score, impact: Score, now: Timestamp) -> Risk {
        Risk {
            id,
            client_id,
            title: super::text::clean_line(title),
            description: String::new(),
            category: RiskCategory::Security,
            tags: Vec::new(),
            likelihood,
            impact,
            owner: String::new(),
            mitigation: String::new(),
            status: RiskStatus::Open,
            review: None,
            introduced_by: None,
            mitigated_by: None,
            private: false,
            closed_on: None,
            created_at: now,
            updated_at: now,
        }
    }

    /// In `status` from `today`: the day it closed is kept while it stays closed.
    pub fn with_status(&self, status: RiskStatus, today: NaiveDate) -> Risk {
        let closed_on = match status {
            RiskStatus::Closed => self.closed_on.filter(|_| self.is_closed()).or(Some(today)),
            _ => None,
        };
        Risk { status, closed_on, ..self.clone() }
    }

    pub fn cell(&self) -> HeatCell {
        HeatCell::of(self.likelihood, self.impact)
    }

    pub fn is_closed(&self) -> bool {
        self.status == RiskStatus::Closed
    }
}

/// Compliance tags as the frameworks spell themselves (`soc2`, `SOC-2` → `SOC 2`; `pci` →
/// `PCI DSS`), any other as typed; split on commas only, since the names have spaces; each once.
pub fn clean_tags<I: IntoIterator<Item = S>, S: AsRef<str>>(tags: I) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        for part in t.as_ref().split(',') {
            let tag = super::text::clean_line(part.trim().trim_start_matches('#'));
            let key: String = tag.to_lowercase().chars().filter(|c| c.is_alphanumeric()).collect();
            let known = match key.as_str() {
                "soc2" => "SOC 2",
                "iso27001" => "ISO 27001",
                "hipaa" => "HIPAA",
                "pci" | "pcidss" => "PCI DSS",
                "gdpr" => "GDPR",
                _ => "",
            };
            let tag = if known.is_empty() { tag } else { known.to_string() };
            if !tag.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(&tag)) {
                out.push(tag);
            }
        }
    }
    out
}

/// How bad a likelihood × impact score is, on the usual 5 × 5 scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// 1–4
    Low,
    /// 5–9
    Medium,
    /// 10–16
    High,
    /// 20–25
    Critical,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }
}

/// A risk's cell on the heat map: impact in rows (5 at the top), likelihood in columns (1 on
/// the left), and its score and level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HeatCell {
    pub row: usize,
    pub col: usize,
    pub score: u8,
    pub level: Level,
}

impl HeatCell {
    pub fn of(likelihood: Score, impact: Score) -> HeatCell {
        let score = likelihood.get() * impact.get();
        let level = match score {
            1..=4 => Level::Low,
            5..=9 => Level::Medium,
            10..=16 => Level::High,
            _ => Level::Critical,
        };
        HeatCell { row: (5 - impact.get()) as usize, col: (likelihood.get() - 1) as usize, score, level }
    }

    /// The likelihood and impact of the cell at `row`, `col`.
    pub fn scores(row: usize, col: usize) -> (Score, Score) {
        let s = |v: usize| Score::new(v as i64).expect("a cell of the 5 × 5 map");
        (s(col.min(4) + 1), s(5 - row.min(4)))
    }
}

/// One re-scoring of a risk, kept as its history.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RiskScore {
    pub id: Id,
    pub risk_id: Id,
    pub at: Timestamp,
    /// Likelihood and impact before and after.
    pub from: (Score, Score),
    pub to: (Score, Score),
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(RiskScore, "risk score", |_s, zone| "a risk's re-scoring".to_string());

impl RiskScore {
    pub fn new(id: Id, risk: &Risk, to: (Score, Score), now: Timestamp) -> RiskScore {
        RiskScore { id, risk_id: risk.id, at: now, from: (risk.likelihood, risk.impact), to, created_at: now, updated_at: now }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: i64) -> Score {
        Score::new(v).unwrap()
    }

    #[test]
    fn compliance_tags_are_spelt_as_the_frameworks_spell_them() {
        assert_eq!(
            clean_tags(["soc2, SOC-2", "iso 27001", "pci", "Gdpr", "#hipaa", "Board ask, ", "board ask"]),
            ["SOC 2", "ISO 27001", "PCI DSS", "GDPR", "HIPAA", "Board ask"]
        );
    }

    #[test]
    fn every_cell_of_the_heat_map() {
        let mut seen = std::collections::HashSet::new();
        for l in 1..=5 {
            for i in 1..=5 {
                let c = HeatCell::of(s(l), s(i));
                assert_eq!((c.row, c.col), ((5 - i) as usize, (l - 1) as usize), "likelihood {l}, impact {i}");
                assert_eq!(c.score as i64, l * i);
                let level = match l * i {
                    1..=4 => Level::Low,
                    5..=9 => Level::Medium,
                    10..=16 => Level::High,
                    20..=25 => Level::Critical,
                    other => panic!("no such score {other}"),
                };
                assert_eq!(c.level, level, "likelihood {l}, impact {i}");
                assert_eq!(HeatCell::scores(c.row, c.col), (s(l), s(i)), "the cell gives back its scores");
                assert!(seen.insert((c.row, c.col)), "one risk score, one cell");
            }
        }
        assert_eq!(seen.len(), 25);
        // The corners.
        assert_eq!(HeatCell::of(s(5), s(5)).level, Level::Critical);
        assert_eq!(HeatCell::of(s(1), s(1)).level, Level::Low);
        assert_eq!(HeatCell::of(s(5), s(1)).level, Level::Medium);
        assert_eq!(HeatCell::of(s(4), s(4)).level, Level::High);
    }

    /// A risk's text a spreadsheet would run as a formula is written as text, as the invoice's
    /// and the time report's CSV write it.
    #[test]
    fn the_csv_register_never_hands_a_spreadsheet_a_formula() {
        let now = chrono::Utc::now();
        let mut r = Risk::new(uuid::Uuid::nil(), uuid::Uuid::nil(), "=HYPERLINK(\"http://x\",\"a, b\")", s(2), s(3), now);
        r.owner = "+cmd|' /C calc'!A0".into();
        r.mitigation = "-2+3+cmd|' /C calc'!A0".into();
        let csv = register::csv(&[r], &[], false);
        let row = csv.lines().nth(1).unwrap();
        assert!(row.starts_with("\"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\","), "{row}");
        assert!(row.contains(",'+cmd|' /C calc'!A0,"), "{row}");
        assert!(row.contains(",'-2+3+cmd|' /C calc'!A0,"), "{row}");
    }
}

/// The register as exported: one row per risk, the columns a board pack or a security
/// questionnaire asks for.
pub mod register {
    use super::{Choice, Risk};
    use crate::domain::text::csv_field;
    use crate::domain::Decision;

    pub const COLUMNS: [&str; 12] = [
        "Risk",
        "Category",
        "Likelihood",
        "Impact",
        "Score",
        "Level",
        "Owner",
        "Status",
        "Review",
        "Mitigation",
        "Mitigated by",
        "Compliance",
    ];

    /// The cells of one risk's row, as text. A private decision is named only `with_private`
    /// (else it is said to be one: the register goes into a board pack).
    pub fn row(r: &Risk, decisions: &[Decision], with_private: bool) -> [String; 12] {
        let cell = r.cell();
        let decision = |id: Option<crate::domain::Id>| {
            id.and_then(|id| decisions.iter().find(|d| d.id == id))
                .map(|d| if d.private && !with_private { "a private decision".to_string() } else { format!("{} {}", d.code(), d.title) })
                .unwrap_or_default()
        };
        [
            r.title.clone(),
            r.category.key().to_string(),
            r.likelihood.get().to_string(),
            r.impact.get().to_string(),
            cell.score.to_string(),
            cell.level.label().to_string(),
            r.owner.clone(),
            r.status.key().to_string(),
            r.review.map(|d| d.to_string()).unwrap_or_default(),
            r.mitigation.replace('\n', " "),
            decision(r.mitigated_by),
            r.tags.join(", "),
        ]
    }

    /// A Markdown table under a heading: `|` and line breaks in cells are escaped.
    pub fn markdown(client: &str, risks: &[Risk], decisions: &[Decision], with_private: bool) -> String {
        let esc = |s: &str| s.replace('\\', "\\\\").replace('|', "\\|").replace(['\n', '\r'], " ");
        let mut out = format!("# Risk register: {}\n\n", esc(client));
        if risks.is_empty() {
            out.push_str("No risks.\n");
            return out;
        }
        out.push_str(&format!("| {} |\n", COLUMNS.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(COLUMNS.len())));
        for r in risks {
            let cells: Vec<String> = row(r, decisions, with_private).iter().map(|c| esc(c)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out
    }

    /// RFC 4180 CSV with a header row, each field as [`csv_field`] writes it (quoted when it
    /// holds a comma, a quote or a line break; one starting with `=`, `+`, `-` or `@` as text).
    pub fn csv(risks: &[Risk], decisions: &[Decision], with_private: bool) -> String {
        let mut out = format!("{}\r\n", COLUMNS.join(","));
        for r in risks {
            let cells: Vec<String> = row(r, decisions, with_private).iter().map(|c| csv_field(c)).collect();
            out.push_str(&format!("{}\r\n", cells.join(",")));
        }
        out
    }
}
