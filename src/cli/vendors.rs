//! `cockpit vendor add|score|choose|show|edit|delete` and `cockpit vendors`.

use super::records::{self, Named};
use super::{calendar_date, decision_numbered, resolve_client, Clock, VendorAddArgs, VendorEditArgs, VendorScoreArgs};
use crate::domain::evaluation::Weight;
use crate::domain::money::Money;
use crate::domain::vendor::{differs, Evaluation, Vendor};
use crate::domain::*;
use crate::storage::Store;
use anyhow::{anyhow, Result};

fn money(typed: &Option<String>, flag: &str) -> Result<Option<Money>> {
    typed
        .as_ref()
        .map(|t| Money::parse(t).ok_or_else(|| anyhow!("{flag}: '{t}' is not an amount ({}; e.g. 18000 or 18,000.50)", Money::rule())))
        .transpose()
}

/// The client's vendor or option `name` names whole (scores and choices are not guessed).
fn named(store: &Store, client: &Client, name: &str) -> Result<Vendor> {
    let v = records::find(&store.vendors(Some(client.id))?, name, client, &Zone::System)?.clone();
    records::exactly(&v, name, &Zone::System)?;
    Ok(v)
}

pub fn add(store: &mut Store, clock: &Clock, a: VendorAddArgs) -> Result<()> {
    let client = resolve_client(store, &a.client)?;
    let mut v = Vendor::new(crate::storage::new_id(), client.id, &a.name, clock.now());
    if let Some(d) = &a.decision {
        v.decision_id = Some(decision_numbered(store, &client, d, Some("--decision"))?.id);
    }
    v.build = a.build;
    v.cost_per_year = money(&a.cost_per_year, "--cost-per-year")?;
    v.one_off = money(&a.one_off, "--one-off")?;
    if let Some(r) = &a.renewal {
        v.renewal = Some(calendar_date(r, "--renewal")?);
    }
    if let Some(n) = &a.notice_days {
        v.notice_days = Some(notice_days(n)?);
    }
    let label = store.apply(&crate::ops::vendors::add(v, &store.vendors(Some(client.id))?)?)?.label;
    println!("{label} ({})", client.name);
    Ok(())
}

pub fn score(store: &mut Store, clock: &Clock, a: VendorScoreArgs) -> Result<()> {
    let client = resolve_client(store, &a.client)?;
    let v = named(store, &client, &a.name)?;
    let weight = a
        .weight
        .as_ref()
        .map(|w| Weight::parse(w).ok_or_else(|| anyhow!("--weight: '{w}' is not a weight: a number from 0 to 1000 with up to three decimals (2, 0.5), or a percentage (30% is 0.3, beside the default criteria's 1)")))
        .transpose()?;
    let evaluation = match store.evaluations(client.id)?.into_iter().find(|e| e.decision_id == v.decision_id) {
        Some(e) => (e, true),
        None => (Evaluation::new(crate::storage::new_id(), client.id, v.decision_id, clock.now()), false),
    };
    println!("{}", store.apply(&crate::ops::vendors::score(&v, &a.criterion, a.score, weight, evaluation)?)?.label);
    Ok(())
}

pub fn choose(store: &mut Store, client: &Option<String>, name: &str) -> Result<()> {
    let client = resolve_client(store, client)?;
    let v = named(store, &client, name)?;
    let options = store.vendors(Some(client.id))?;
    println!("{}", store.apply(&crate::ops::vendors::choose(&v, &options)?)?.label);
    Ok(())
}

/// One evaluation as `--json` gives it.
#[derive(serde::Serialize)]
struct EvaluationJson {
    decision: Option<String>,
    criteria: Vec<evaluation::Criterion>,
    options: Vec<OptionJson>,
    winners: Vec<String>,
    chosen: Option<String>,
    differs: bool,
}

#[derive(serde::Serialize)]
struct OptionJson {
    #[serde(flatten)]
    vendor: Vendor,
    weighted: f64,
    missing: Vec<String>,
    tco_two_years: Option<Money>,
    notice_by: Option<chrono::NaiveDate>,
}

pub fn list(store: &Store, client: &Option<String>, json: bool) -> Result<()> {
    let client = resolve_client(store, client)?;
    let vendors = store.vendors(Some(client.id))?;
    let evaluations = store.evaluations(client.id)?;
    let decisions = store.decisions_with_ids(client.id, vendors.iter().filter_map(|v| v.decision_id))?;
    // Each decision's options are weighed together; a vendor tied to none stands alone.
    let mut groups: Vec<(Option<Id>, Vec<&Vendor>)> = Vec::new();
    for v in &vendors {
        match groups.iter_mut().find(|(d, _)| d.is_some() && *d == v.decision_id) {
            Some((_, options)) => options.push(v),
            None => groups.push((v.decision_id, vec![v])),
        }
    }
    let number = |id: &Option<Id>| id.and_then(|id| decisions.iter().find(|d| d.id == id)).map_or(u32::MAX, |d| d.number);
    groups.sort_by_key(|(d, _)| number(d));
    let mut out = Vec::new();
    let mut last_heading = None;
    for (g, options) in groups {
        let e = evaluations
            .iter()
            .find(|e| e.decision_id == g)
            .cloned()
            .unwrap_or_else(|| Evaluation::new(Id::nil(), client.id, g, chrono::Utc::now()));
        let ranking = e.rank(&options);
        let decision = g.and_then(|id| decisions.iter().find(|d| d.id == id)).map(|d| format!("{} {}", d.code(), d.title));
        if !json {
            let heading = decision.clone().unwrap_or_else(|| "Not tied to a decision".into());
            if last_heading.as_ref() != Some(&heading) {
                println!("{heading}");
                last_heading = Some(heading);
            }
            for (i, v) in options.iter().enumerate() {
                let t = ranking.of(i);
                // (Marked, as on the screen, when a criterion is not scored: it counts as 0.)
                let unscored = t.is_some_and(|t| !t.missing.is_empty());
                let score = t
                    .filter(|t| t.sum > 0)
                    .map(|t| format!("{:.2}{}", t.value(), if unscored { "*" } else { "" }))
                    .unwrap_or_else(|| "-".into());
                let cost = v.cost_per_year.map(|m| format!("  {m}/yr")).unwrap_or_default();
                let tco = v.tco().map(|m| format!("  2-year TCO {m}")).unwrap_or_default();
                let renewal = match (v.renewal, v.notice_by()) {
                    (Some(r), Some(n)) if n != r => format!("  renews {r}, notice by {n}"),
                    (Some(r), _) => format!("  renews {r}"),
                    _ => String::new(),
                };
                let mark = if v.chosen { "✓" } else { " " };
                println!("  {mark} {} {score:>6}{cost}{tco}{renewal}", super::output::pad(&v.name, 28));
            }
            let unscored =
                if ranking.totals.iter().any(|t| !t.missing.is_empty()) { " (*: a criterion not scored counts as 0)" } else { "" };
            if let Some(d) = differs(&ranking, &options) {
                println!("  ! {d}{unscored}");
            } else if let Some(w) = ranking.winner_line().filter(|_| options.len() > 1) {
                println!("  weighted winner: {w}{unscored}");
            }
            continue;
        }
        out.push(EvaluationJson {
            decision,
            criteria: e.criteria.clone(),
            winners: ranking.winners.clone(),
            chosen: options.iter().find(|v| v.chosen).map(|v| v.name.clone()),
            differs: differs(&ranking, &options).is_some(),
            options: options
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let t = ranking.of(i);
                    OptionJson {
                        vendor: (*v).clone(),
                        weighted: t.map_or(0.0, |t| (t.value() * 100.0).round() / 100.0),
                        missing: t.map(|t| t.missing.clone()).unwrap_or_default(),
                        tco_two_years: v.tco(),
                        notice_by: v.notice_by(),
                    }
                })
                .collect(),
        });
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else if vendors.is_empty() {
        println!("{}: no vendors (cockpit vendor add NAME --decision D-NNN --cost-per-year N)", client.name);
    }
    Ok(())
}

impl records::Listed for Vendor {
    const PLURAL: &'static str = "vendors";
    const LIST: &'static str = "vendors";
    fn all(store: &Store, client: &Client) -> Result<Vec<Vendor>> {
        Ok(store.vendors(Some(client.id))?)
    }
    fn name(&self, _: &Zone) -> String {
        self.name.clone()
    }
}

pub fn show(store: &Store, clock: &Clock, n: &Named) -> Result<()> {
    let (v, client) = records::named::<Vendor>(store, clock, n)?;
    let money = |m: Option<Money>| m.map(|m| m.to_string()).unwrap_or_default();
    let scores = v.scores.iter().map(|(c, s)| format!("{c} {s}")).collect::<Vec<_>>().join(", ");
    let written = [("cost_per_year", money(v.cost_per_year)), ("one_off", money(v.one_off)), ("scores", scores)];
    records::show(store, &v, &v.name, &client, n.json, &written)
}

pub fn edit(store: &mut Store, clock: &Clock, a: VendorEditArgs) -> Result<()> {
    let (before, client) = records::named::<Vendor>(store, clock, &a.target)?;
    let mut v = before.clone();
    if let Some(n) = &a.name {
        v.name = text::clean_line(n);
    }
    if let Some(d) = records::or_none(&a.decision, |d| Ok(decision_numbered(store, &client, d, Some("--decision"))?.id))? {
        v.decision_id = d;
    }
    if a.build || a.bought {
        v.build = a.build;
    }
    if let Some(m) = records::or_none(&a.cost_per_year, |t| Ok(money(&Some(t.to_string()), "--cost-per-year")?.expect("given")))? {
        v.cost_per_year = m;
    }
    if let Some(m) = records::or_none(&a.one_off, |t| Ok(money(&Some(t.to_string()), "--one-off")?.expect("given")))? {
        v.one_off = m;
    }
    if let Some(r) = records::or_none(&a.renewal, |d| calendar_date(d, "--renewal"))? {
        v.renewal = r;
    }
    if let Some(n) = records::or_none(&a.notice_days, notice_days)? {
        v.notice_days = n;
    }
    let change = crate::ops::vendors::edit(&before, v, &store.vendors(Some(client.id))?)?;
    records::edited(store, clock, &before, &client, change, a.target.json)
}

/// A contract's notice period as typed: whole days, up to ten years.
fn notice_days(t: &str) -> Result<u32> {
    t.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n <= 3650)
        .ok_or_else(|| anyhow!("--notice-days: '{t}' is not a whole number of days up to ten years"))
}
