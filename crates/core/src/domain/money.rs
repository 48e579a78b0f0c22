//! Amounts of money, exact: whole minor units (cents), never binary floats.

/// An amount in minor units (cents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct Money(pub i64);

/// The largest amount typed: a trillion, far above any contract, far below overflow.
const MAX: i64 = 1_000_000_000_000 * 100;

impl Money {
    /// `12000`, `12,000`, `12 000`, `12000.5`, `12000.50`, and with a decimal comma `97,50` or
    /// `12.000,50`: none for anything else (a negative amount, more than two decimals, groups
    /// that are not thousands, more than a trillion).
    /// What [`Money::parse`] takes, in words (for a message refusing an amount).
    pub fn rule() -> String {
        format!("at most two decimals, up to {}", Money(MAX))
    }

    pub fn parse(typed: &str) -> Option<Money> {
        let t = typed.trim();
        // The decimal mark is the last `.` or `,` followed by one or two digits to the end; the
        // other mark, spaces and `_` may group thousands (a `.` only beside a decimal comma:
        // `1.234` alone is refused, as it reads both ways).
        let mark = t.rfind(['.', ',']).filter(|&i| (2..=3).contains(&(t.len() - i)) && t[i + 1..].chars().all(|c| c.is_ascii_digit()));
        let (whole, cents, group) = match mark {
            Some(i) if t[i..].starts_with(',') => (&t[..i], &t[i + 1..], '.'),
            Some(i) => (&t[..i], &t[i + 1..], ','),
            None => (t, "", ','),
        };
        let groups: Vec<&str> = whole.split([group, ' ', '_', '\u{a0}']).collect();
        let grouped = groups.len() == 1 || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3));
        if !grouped {
            return None;
        }
        let whole: String = groups.concat();
        let whole = whole.as_str();
        if whole.is_empty() || cents.len() > 2 || !whole.chars().chain(cents.chars()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        let whole: i64 = whole.parse().ok()?;
        let cents: i64 = if cents.is_empty() { 0 } else { format!("{cents:0<2}").parse().ok()? };
        let total = whole.checked_mul(100)?.checked_add(cents)?;
        (total <= MAX).then_some(Money(total))
    }

    pub fn times(self, n: i64) -> Money {
        Money(self.0.saturating_mul(n))
    }

    /// `4,000.00`: always the cents, as on an invoice.
    pub fn fixed(self) -> String {
        let shown = self.to_string();
        if self.0 % 100 == 0 {
            format!("{shown}.00")
        } else {
            shown
        }
    }

    /// `4000.00`: for files other programs read.
    pub fn plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", self.0.unsigned_abs() / 100, self.0.unsigned_abs() % 100)
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0.saturating_add(o.0))
    }
}

/// `12,000` or `12,000.50`.
impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (whole, cents) = (self.0.unsigned_abs() / 100, self.0.unsigned_abs() % 100);
        let digits = whole.to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if cents == 0 {
            write!(f, "{sign}{grouped}")
        } else {
            write!(f, "{sign}{grouped}.{cents:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_as_people_type_them() {
        assert_eq!(Money::parse("12,000"), Some(Money(1_200_000)));
        assert_eq!(Money::parse("12000.5"), Some(Money(1_200_050)));
        assert_eq!(Money::parse(" 1 234.05 "), Some(Money(123_405)));
        assert_eq!(Money::parse("-5"), None);
        assert_eq!(Money::parse("97,50"), Some(Money(9_750)), "a decimal comma");
        assert_eq!(Money::parse("1,5"), Some(Money(150)));
        assert_eq!(Money::parse("12.000,50"), Some(Money(1_200_050)));
        assert_eq!(Money::parse("12,000.50"), Some(Money(1_200_050)));
        for bad in [",5", "1,00,0", "1.234.567", "1,2345", "12.000.50", "1,000,00", "12 00"] {
            assert_eq!(Money::parse(bad), None, "{bad}");
        }
        assert_eq!(Money::parse("1.234"), None);
        assert_eq!(Money::parse("ten"), None);
        assert_eq!(Money::parse("99999999999999999999"), None);
        assert_eq!(Money(1_200_050).to_string(), "12,000.50");
        assert_eq!(Money(100).to_string(), "1");
        assert_eq!(
            (Money(400_000).fixed(), Money(400_050).fixed(), Money(400_050).plain()),
            ("4,000.00".into(), "4,000.50".into(), "4000.50".into())
        );
    }

    proptest! {
        #[test]
        fn shown_amounts_read_back(cents in 0i64..=MAX) {
            prop_assert_eq!(Money::parse(&Money(cents).to_string()), Some(Money(cents)));
        }
    }
}
