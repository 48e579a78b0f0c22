//! A client's terms: what an hour costs, or a monthly fee with the hours it includes, what the
//! hours past those cost, and whether unused hours carry over.

use super::money::Money;
use super::Choice;

/// What happens to a monthly retainer's unused hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rollover {
    /// They lapse at the end of the month.
    #[default]
    None,
    /// They carry into the next month (used there first), and lapse at its end.
    OneMonth,
}

impl Choice for Rollover {
    const WHAT: &'static str = "rollover rule";
    const ALL: &'static [Self] = &[Rollover::None, Rollover::OneMonth];
    fn key(self) -> &'static str {
        match self {
            Rollover::None => "none",
            Rollover::OneMonth => "one-month",
        }
    }
}
crate::choice_serde!(Rollover);

/// How a client is billed. The hours a monthly fee includes are the client's monthly retainer
/// (`Client::hours_per_month`), kept in one place.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Terms {
    /// An ISO 4217 code (`EUR`); empty until an amount is set.
    pub currency: String,
    /// Per hour, for a client billed by the hour.
    pub rate: Option<Money>,
    /// A monthly retainer's fee.
    pub monthly_fee: Option<Money>,
    /// Per hour past the hours a monthly fee includes.
    pub overage_rate: Option<Money>,
    pub rollover: Rollover,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TermsError {
    #[error("'{0}' is not a currency: write its three-letter code (EUR, USD, GBP, CHF, …)")]
    BadCurrency(String),
    #[error("say which currency the amounts are in, once (EUR, USD, GBP, …)")]
    NoCurrency,
    #[error(
        "a client is billed by the hour (a rate) or by a monthly fee, not both; hours past a monthly fee's are billed at the overage rate"
    )]
    RateAndFee,
    #[error("a monthly fee needs the hours it includes (0 when every hour is billed at the overage rate)")]
    FeeWithoutHours,
    #[error("an overage rate applies to the hours past a monthly fee's; without a monthly fee, set a rate")]
    OverageWithoutFee,
    #[error("unused hours carry over from a monthly fee's included hours; without a monthly fee there are none")]
    RolloverWithoutFee,
}

impl Terms {
    /// `EUR`, from `eur` or ` EUR `.
    pub fn valid_currency(typed: &str) -> Result<String, TermsError> {
        let code = typed.trim().to_ascii_uppercase();
        if code.len() == 3 && code.chars().all(|c| c.is_ascii_uppercase()) {
            Ok(code)
        } else {
            Err(TermsError::BadCurrency(typed.trim().to_string()))
        }
    }

    /// Whether the terms, with the monthly hours they go with, make sense together.
    pub fn check(&self, hours_per_month: Option<f64>) -> Result<(), TermsError> {
        let any_amount = self.rate.is_some() || self.monthly_fee.is_some() || self.overage_rate.is_some();
        if any_amount && self.currency.is_empty() {
            return Err(TermsError::NoCurrency);
        }
        if !self.currency.is_empty() {
            Terms::valid_currency(&self.currency)?;
        }
        if self.rate.is_some() && self.monthly_fee.is_some() {
            return Err(TermsError::RateAndFee);
        }
        if self.monthly_fee.is_some() && hours_per_month.is_none() {
            return Err(TermsError::FeeWithoutHours);
        }
        if self.overage_rate.is_some() && self.monthly_fee.is_none() {
            return Err(TermsError::OverageWithoutFee);
        }
        if self.rollover == Rollover::OneMonth && self.monthly_fee.is_none() {
            return Err(TermsError::RolloverWithoutFee);
        }
        Ok(())
    }

    /// `150 EUR/h`; `4,000 EUR/mo for 20 h, then 180 EUR/h, unused hours carried one month`;
    /// none without amounts.
    pub fn label(&self, hours_per_month: Option<f64>) -> Option<String> {
        let cur = &self.currency;
        if let Some(rate) = self.rate {
            return Some(format!("{rate} {cur}/h"));
        }
        let fee = self.monthly_fee?;
        let mut s = format!("{fee} {cur}/mo for {} h", super::fmt_hours(hours_per_month.unwrap_or(0.0)));
        if let Some(o) = self.overage_rate {
            s.push_str(&format!(", then {o} {cur}/h"));
        }
        if self.rollover == Rollover::OneMonth {
            s.push_str(", unused hours carried one month");
        }
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Terms {
        Terms { currency: "EUR".into(), ..Terms::default() }
    }

    #[test]
    fn terms_that_make_sense_together() {
        assert_eq!(Terms::default().check(None), Ok(()));
        assert_eq!(Terms { rate: Money::parse("150"), ..eur() }.check(None), Ok(()));
        assert_eq!(Terms { rate: Money::parse("150"), ..Terms::default() }.check(None), Err(TermsError::NoCurrency));
        let fee = Terms { monthly_fee: Money::parse("4000"), overage_rate: Money::parse("180"), rollover: Rollover::OneMonth, ..eur() };
        assert_eq!(fee.check(Some(20.0)), Ok(()));
        assert_eq!(fee.check(None), Err(TermsError::FeeWithoutHours));
        assert_eq!(Terms { rate: Money::parse("1"), ..fee.clone() }.check(Some(20.0)), Err(TermsError::RateAndFee));
        assert_eq!(Terms { overage_rate: Money::parse("1"), ..eur() }.check(None), Err(TermsError::OverageWithoutFee));
        assert_eq!(Terms { rollover: Rollover::OneMonth, ..eur() }.check(Some(10.0)), Err(TermsError::RolloverWithoutFee));
        assert_eq!(Terms::valid_currency(" chf "), Ok("CHF".into()));
        assert!(Terms::valid_currency("€").is_err() && Terms::valid_currency("EURO").is_err());
        assert_eq!(fee.label(Some(20.0)).unwrap(), "4,000 EUR/mo for 20 h, then 180 EUR/h, unused hours carried one month");
        assert_eq!(Terms { rate: Money::parse("150.5"), ..eur() }.label(None).unwrap(), "150.50 EUR/h");
    }
}
