//! Client workspaces: every other record belongs to one.

use super::{Choice, Id, Timestamp};
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
    pub start_date: NaiveDate,
    pub archived: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    #[error("a client name cannot be empty")]
    EmptyName,
    #[error("a client name can be at most 80 characters")]
    NameTooLong,
    #[error("hours per week must be a number from 0 to 168, not {0}")]
    BadHours(String),
}

impl Client {
    pub fn new(name: &str, shape: Shape, hours_per_week: Option<f64>, today: NaiveDate, now: Timestamp) -> Result<Client, ClientError> {
        Ok(Client {
            id: super::new_id(),
            name: Client::valid_name(name)?,
            shape,
            hours_per_week: Client::valid_hours(hours_per_week)?,
            start_date: today,
            archived: false,
            created_at: now,
            updated_at: now,
        })
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
        match hours {
            Some(h) if !(0.0..=168.0).contains(&h) || h.is_nan() => Err(ClientError::BadHours(h.to_string())),
            h => Ok(h),
        }
    }

    /// `15 h/wk` or `—`.
    pub fn retainer_label(&self) -> String {
        match self.hours_per_week {
            Some(h) => format!("{} h/wk", fmt_hours(h)),
            None => "—".to_string(),
        }
    }
}

/// Hours without a needless `.0`: `15`, `7.5`.
pub fn fmt_hours(h: f64) -> String {
    if (h - h.round()).abs() < 1e-9 {
        format!("{}", h.round() as i64)
    } else {
        format!("{h:.1}")
    }
}
