//! Client workspaces: every other record belongs to one.

use super::terms::{Terms, TermsError};
use super::{Choice, Id, Lane, Timestamp};
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    Advisory,
    Operational,
    Embedded,
    FixedScope,
}

impl Choice for Shape {
    const WHAT: &'static str = "engagement shape";
    const ALL: &'static [Self] = &[Shape::Advisory, Shape::Operational, Shape::Embedded, Shape::FixedScope];
    fn key(self) -> &'static str {
        match self {
            Shape::Advisory => "advisory",
            Shape::Operational => "operational",
            Shape::Embedded => "embedded",
            Shape::FixedScope => "fixed-scope",
        }
    }
}
crate::choice_serde!(Shape);

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Client {
    pub id: Id,
    pub name: String,
    pub shape: Shape,
    /// The retainer, in hours per week; `None` when the engagement is not sold by the hour.
    pub hours_per_week: Option<f64>,
    /// A monthly retainer (advisory engagements), in hours per month.
    #[serde(default)]
    pub hours_per_month: Option<f64>,
    pub start_date: NaiveDate,
    pub archived: bool,
    /// Lanes whose new entries are private unless marked otherwise (Team sync & mentorship,
    /// where 1:1 notes go, from the start).
    #[serde(default = "default_private_lanes")]
    pub private_lanes: Vec<Lane>,
    /// Other names the client goes by (a code name, a product): another client's summary that
    /// mentions one of them is held back until the user confirms.
    #[serde(default)]
    pub code_names: Vec<String>,
    /// What an hour costs, or the monthly fee (whose included hours are `hours_per_month`).
    #[serde(default)]
    pub terms: Terms,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

super::change::stored!(Client, "client", |c, zone| format!("client '{}'", c.name));

/// New clients keep their Team sync & mentorship lane private.
pub fn default_private_lanes() -> Vec<Lane> {
    vec![Lane::Team]
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    #[error("a client name cannot be empty")]
    EmptyName,
    #[error("a client name can be at most 80 characters")]
    NameTooLong,
    #[error("hours must be a number from 0 to 168 a week (744 a month), not {0}")]
    BadHours(String),
    #[error("a retainer is counted by the week or by the month, not both: give weekly or monthly hours, and clear the other")]
    WeeklyAndMonthly,
    #[error(transparent)]
    Terms(#[from] TermsError),
}

impl Client {
    pub fn new(
        id: Id,
        name: &str,
        shape: Shape,
        hours_per_week: Option<f64>,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<Client, ClientError> {
        Ok(Client {
            id,
            name: Client::valid_name(name)?,
            shape,
            hours_per_week: Client::valid_hours(hours_per_week)?,
            hours_per_month: None,
            start_date: today,
            archived: false,
            private_lanes: default_private_lanes(),
            code_names: Vec::new(),
            terms: Terms::default(),
            created_at: now,
            updated_at: now,
        })
    }

    /// Whether a new entry in `lane` starts private.
    pub fn private_by_default(&self, lane: Lane) -> bool {
        self.private_lanes.contains(&lane)
    }

    pub fn valid_name(name: &str) -> Result<String, ClientError> {
        let name = super::text::clean_line(name);
        if name.is_empty() {
            return Err(ClientError::EmptyName);
        }
        if name.chars().count() > 80 {
            return Err(ClientError::NameTooLong);
        }
        Ok(name)
    }

    pub fn valid_hours(hours: Option<f64>) -> Result<Option<f64>, ClientError> {
        valid_within(hours, 168.0)
    }

    pub fn valid_month_hours(hours: Option<f64>) -> Result<Option<f64>, ClientError> {
        valid_within(hours, 744.0)
    }

    /// Whether the retainer and the terms make sense together: hours by the week or by the
    /// month, never both; amounts in a currency; a rate or a monthly fee.
    pub fn check_terms(&self) -> Result<(), ClientError> {
        if self.hours_per_week.is_some() && self.hours_per_month.is_some() {
            return Err(ClientError::WeeklyAndMonthly);
        }
        Ok(self.terms.check(self.hours_per_month)?)
    }

    /// Whether the client's hours are counted by the month.
    pub fn is_monthly(&self) -> bool {
        self.hours_per_month.is_some()
    }

    /// `15 h/wk`, `10 h/mo`, or `—`.
    pub fn retainer_label(&self) -> String {
        match (self.hours_per_week, self.hours_per_month) {
            (_, Some(m)) => format!("{} h/mo", fmt_hours(m)),
            (Some(h), None) => format!("{} h/wk", fmt_hours(h)),
            (None, None) => "—".to_string(),
        }
    }

    /// The hours sold for a period: the monthly retainer for a month, the weekly one for a week
    /// (a monthly retainer spread over a week is not a budget anyone agreed to).
    pub fn retainer_for(&self, period: super::time::Period) -> Option<f64> {
        match period {
            super::time::Period::Week(_) => self.hours_per_week,
            super::time::Period::Month(..) => self.hours_per_month,
        }
    }
}

fn valid_within(hours: Option<f64>, max: f64) -> Result<Option<f64>, ClientError> {
    match hours {
        Some(h) if !(0.0..=max).contains(&h) || h.is_nan() => Err(ClientError::BadHours(h.to_string())),
        h => Ok(h),
    }
}

/// The client a typed name means: the one so named (ignoring case), else the one whose name
/// starts so; none when none does, and every candidate when several do.
pub fn named<'a>(clients: &'a [Client], typed: &str) -> Result<&'a Client, Vec<&'a Client>> {
    let typed = super::text::clean_line(typed).to_lowercase();
    if let Some(c) = clients.iter().find(|c| c.name.to_lowercase() == typed) {
        return Ok(c);
    }
    let mut starting: Vec<&Client> = clients.iter().filter(|c| !typed.is_empty() && c.name.to_lowercase().starts_with(&typed)).collect();
    // An active client is meant before an archived one.
    if starting.iter().any(|c| !c.archived) {
        starting.retain(|c| !c.archived);
    }
    match starting.len() {
        1 => Ok(starting[0]),
        _ => Err(starting),
    }
}

/// Hours without a needless `.0`: `15`, `7.5`; `<0.1` for a few minutes.
pub fn fmt_hours(h: f64) -> String {
    let tenths = (h * 10.0).round() / 10.0;
    // (Minutes logged are not none.)
    if tenths == 0.0 && h > 0.0 {
        return "<0.1".into();
    }
    if tenths == tenths.round() {
        format!("{}", tenths as i64)
    } else {
        format!("{tenths:.1}")
    }
}

/// Hours to the hundredth, as a statement counts them, without trailing zeros: `0.03`, `9.01`,
/// `5.5`, `6` (hours carried into a month: a tenth would round a carry away).
pub fn fmt_hours_exact(h: f64) -> String {
    let s = format!("{:.2}", (h * 100.0).round() / 100.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// What the Clients screen shows per client, beyond the client itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientStats {
    pub open_tasks: usize,
    pub due_revisit: usize,
    pub do_now: usize,
    pub decisions: usize,
}
