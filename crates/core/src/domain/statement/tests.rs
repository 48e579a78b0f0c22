use super::*;
use crate::domain::fixtures::id;
use crate::domain::money::Money;
use crate::domain::terms::{Rollover, Terms};
use crate::domain::{Shape, Timestamp};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use proptest::prelude::*;

fn at(s: &str) -> Timestamp {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn client(terms: Terms, monthly: Option<f64>) -> Client {
    let mut c = Client::new(
        id(1),
        "Helix Payments",
        Shape::Advisory,
        None,
        NaiveDate::from_ymd_opt(2025, 12, 1).unwrap(),
        at("2026-01-01T00:00:00Z"),
    )
    .unwrap();
    c.hours_per_month = monthly;
    c.terms = terms;
    c
}

fn entry(n: u128, start: Timestamp, minutes: i64) -> TimeEntry {
    TimeEntry::closed(id(1000 + n), id(1), start, start + Duration::minutes(minutes), Some(Lane::Building), "work", start).unwrap()
}

fn eur(rate: &str) -> Terms {
    Terms { currency: "EUR".into(), rate: Money::parse(rate), ..Terms::default() }
}

fn retainer(fee: &str, overage: Option<&str>, rollover: Rollover) -> Terms {
    Terms {
        currency: "EUR".into(),
        monthly_fee: Money::parse(fee),
        overage_rate: overage.and_then(Money::parse),
        rollover,
        ..Terms::default()
    }
}

#[test]
fn an_hourly_statement_prices_each_line_and_adds_them_up() {
    let c = client(eur("150"), None);
    let entries = [
        entry(1, at("2026-11-02T09:00:00Z"), 90),
        entry(2, at("2026-11-03T09:00:00Z"), 20),
        entry(3, at("2026-10-31T23:00:00Z"), 120), // one hour in November
        entry(4, at("2026-12-01T09:00:00Z"), 60),  // next month
    ];
    let s = Statement::of(&Utc, &c, Period::Month(2026, 11), &entries, later());
    let hours: Vec<_> = s.lines.iter().map(|l| (l.day.to_string(), l.hours, l.amount.unwrap().plain())).collect();
    assert_eq!(
        hours,
        [
            ("2026-11-01".into(), 100, "150.00".into()),
            ("2026-11-02".into(), 150, "225.00".into()),
            ("2026-11-03".into(), 33, "49.50".into())
        ]
    );
    assert_eq!((s.hours, s.total.plain()), (283, "424.50".into()));
    assert!(s.retainer.is_none());
}

#[test]
fn a_retainer_charges_the_fee_and_the_hours_past_the_included_ones() {
    // 20 h included; 25 h in November: 5 h at 180.
    let c = client(retainer("4000", Some("180"), Rollover::None), Some(20.0));
    let entries: Vec<_> = (0..5).map(|d| entry(d, at("2026-11-02T08:00:00Z") + Duration::days(d as i64), 300)).collect();
    let s = Statement::of(&Utc, &c, Period::Month(2026, 11), &entries, later());
    let r = s.retainer.clone().unwrap();
    assert_eq!((r.included, r.overage, r.overage_amount.plain(), r.carried_in, r.carried_out), (2000, 500, "900.00".into(), 0, 0));
    assert_eq!(s.total.plain(), "4900.00");
    assert!(s.lines.iter().all(|l| l.amount.is_none()));
    // Rendered: the same figures in every format.
    let md = markdown(&s);
    assert!(md.contains("| **Total** | **25.00** | **4,900.00 EUR** |"), "{md}");
    assert!(csv(&s).contains("overage,,,Hours past those at 180.00 EUR/h,5.00,900.00,EUR,"), "{}", csv(&s));
    assert!(html(&s).contains("<td>Total</td><td class=\"n\">25.00</td><td class=\"n\">4,900.00 EUR</td>"));
}

#[test]
fn unused_hours_carry_one_month_and_are_used_first() {
    let mut c = client(retainer("2000", Some("150"), Rollover::OneMonth), Some(10.0));
    c.start_date = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    // October: 6 h of 10 (4 carried). November: 15 h = 4 carried + 10 + 1 over.
    let mut entries = vec![entry(1, at("2026-10-05T09:00:00Z"), 360)];
    entries.extend((0..3).map(|d| entry(10 + d, at("2026-11-02T08:00:00Z") + Duration::days(d as i64), 300)));
    let s = Statement::of(&Utc, &c, Period::Month(2026, 11), &entries, later());
    let r = s.retainer.unwrap();
    assert_eq!((r.carried_in, r.overage, r.carried_out), (400, 100, 0));
    assert_eq!(s.total.plain(), "2150.00");
    // December, with nothing tracked: November's included hours were all used.
    let d = Statement::of(&Utc, &c, Period::Month(2026, 12), &entries, later()).retainer.unwrap();
    assert_eq!((d.carried_in, d.overage, d.carried_out), (0, 0, 1000));
}

#[test]
fn a_running_timer_is_left_out_and_said() {
    let c = client(eur("100"), None);
    let mut e = entry(1, at("2026-11-02T09:00:00Z"), 60);
    e.end = None;
    let s = Statement::of(&Utc, &c, Period::Month(2026, 11), &[e], later());
    assert!(s.lines.is_empty() && s.running_left_out);
    assert!(markdown(&s).contains("A timer is running"));
}

#[test]
fn what_the_formats_escape() {
    let c = client(eur("100"), None);
    let mut e = entry(1, at("2026-11-02T09:00:00Z"), 60);
    e.note = "a | b <script>, \"c\" **bold** [link](x) `code` snake_case".into();
    let s = Statement::of(&Utc, &c, Period::Month(2026, 11), &[e], later());
    let md = markdown(&s);
    assert!(md.contains("a \\| b &lt;script&gt;, \"c\" \\*\\*bold\\*\\* \\[link\\](x) \\`code\\` snake\\_case"), "{md}");
    // Read back as a Markdown viewer would: the note's text, nothing emphasised, linked or coded.
    use pulldown_cmark::{Event, Options, Parser};
    let text: String = Parser::new_ext(&md, Options::ENABLE_TABLES)
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.into_string()),
            _ => None,
        })
        .collect();
    assert!(text.contains("a | b <script>, \"c\" **bold** [link](x) `code` snake_case"), "{text}");
    assert!(html(&s).contains("a | b &lt;script&gt;, &quot;c&quot;"));
    assert!(csv(&s).contains("\"a | b <script>, \"\"c\"\" **bold**"));
    for f in [Format::Markdown, Format::Html, Format::Csv] {
        assert!(f.wrote(&f.render(&s)), "{f:?} knows its own files");
        assert!(!f.wrote("# My notes\n"));
    }
}

/// The rollover rule told another way: each month's included hours are a bucket that lapses at
/// the end of the month (or of the next, when carried); time is taken from the bucket that
/// lapses first; what no bucket covers is overage.
fn buckets(included: i64, carry: bool, used: &[i64]) -> Vec<(i64, i64)> {
    let mut open: Vec<(usize, i64)> = Vec::new(); // (lapses after month, left)
    let mut out = Vec::new();
    for (m, u) in used.iter().enumerate() {
        open.retain(|(lapse, _)| *lapse >= m);
        open.push((if carry { m + 1 } else { m }, included));
        let mut need = *u;
        for (_, left) in open.iter_mut() {
            let take = need.min(*left);
            *left -= take;
            need -= take;
        }
        let carried_out = if carry { open.iter().filter(|(l, _)| *l == m + 1).map(|(_, left)| left).sum() } else { 0 };
        out.push((need, carried_out));
    }
    out
}

proptest! {
    /// Over random months of random time, at random rates and terms: the total is the sum of the
    /// lines, the fee and the overage; every amount is its hours at its rate to the cent; the
    /// overage and the carried hours are those of the bucket model.
    #[test]
    fn statements_add_up_over_random_months(
        spans in proptest::collection::vec((0i64..60 * 24 * 120, 1i64..60 * 14), 0..60),
        offset_min in -12 * 60..=14 * 60i32,
        rate in 1i64..100_000,
        fee in 0i64..10_000_000,
        included_tenths in 0i64..600,
        overage in proptest::option::of(1i64..100_000),
        kind in 0u8..3,
        month in 1u32..=4,
    ) {
        let tz = FixedOffset::east_opt(offset_min * 60).unwrap();
        let base = at("2026-01-01T00:00:00Z");
        let mut entries: Vec<TimeEntry> = Vec::new();
        for (n, (start, len)) in spans.iter().enumerate() {
            let e = entry(n as u128, base + Duration::minutes(*start), *len);
            if entries.iter().all(|o| !e.overlaps(o, o.start)) {
                entries.push(e);
            }
        }
        let included = included_tenths as f64 / 10.0;
        let (terms, monthly) = match kind {
            0 => (Terms { currency: "EUR".into(), rate: Some(Money(rate)), ..Terms::default() }, None),
            1 => (Terms { currency: "EUR".into(), monthly_fee: Some(Money(fee)), overage_rate: overage.map(Money), ..Terms::default() }, Some(included)),
            _ => (Terms { currency: "EUR".into(), monthly_fee: Some(Money(fee)), overage_rate: overage.map(Money), rollover: Rollover::OneMonth, ..Terms::default() }, Some(included)),
        };
        let c = client(terms.clone(), monthly);
        prop_assert!(c.check_terms().is_ok());
        let s = Statement::of(&tz, &c, Period::Month(2026, month), &entries, later());

        let lines: Money = s.lines.iter().filter_map(|l| l.amount).fold(Money(0), |a, b| a + b);
        let extra = s.retainer.as_ref().map_or(Money(0), |r| r.fee + r.overage_amount);
        prop_assert_eq!(s.total, lines + extra);
        prop_assert_eq!(s.hours, s.lines.iter().map(|l| l.hours).sum::<i64>());
        for l in &s.lines {
            if let Some(a) = l.amount {
                // Exact: the rate in cents times the hundredths, rounded half up once.
                let diff = i128::from(a.0) * 100 - i128::from(rate) * i128::from(l.hours);
                prop_assert!((-49..=50).contains(&diff), "{} at {} for {}", a.0, rate, l.hours);
            }
        }
        // Hours are those of the month, whatever the time zone cuts.
        let (from, to) = Period::Month(2026, month).bounds(&tz);
        let seconds: i64 = entries.iter().map(|e| e.seconds_within(from, to, e.start)).sum();
        prop_assert!((s.hours * 36 - seconds).abs() <= 18 * s.lines.len() as i64);

        if let Some(r) = &s.retainer {
            // From December 2025: west of UTC, the first entries fall in it.
            let months = std::iter::once(Period::Month(2025, 12)).chain((1..=month).map(|m| Period::Month(2026, m)));
            let used: Vec<i64> = months.map(|m| Statement::of(&tz, &c, m, &entries, later()).hours).collect();
            let model = buckets(hundredths_of_hours(included), terms.rollover == Rollover::OneMonth, &used);
            let (overage_h, carried_out) = model[month as usize];
            prop_assert_eq!(r.overage, overage_h);
            prop_assert_eq!(r.carried_out, carried_out);
            prop_assert_eq!(r.overage_amount, overage.map_or(Money(0), |o| price(Money(o), overage_h)));
            prop_assert!(r.carried_in <= r.included);
        }
    }
}

/// A moment after every entry of these tests: all their time is worked.
fn later() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2100-01-01T00:00:00Z").unwrap().to_utc()
}
