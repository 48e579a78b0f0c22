//! `cockpit risk add|show|edit|delete`, `cockpit risks` and `cockpit export risks`.

use super::records::{self, Named};
use super::{calendar_date, decision_numbered, resolve_client, Clock, RiskAddArgs, RiskEditArgs};
use crate::domain::risk::{register, RiskCategory, RiskStatus};
use crate::domain::*;
use crate::storage::Store;
use anyhow::{anyhow, bail, Result};

pub fn add(store: &mut Store, clock: &Clock, a: RiskAddArgs) -> Result<()> {
    let client = resolve_client(store, &a.client)?;
    let score = |v: i64, what: &str| Score::new(v).map_err(|_| anyhow!("--{what}: {v} is not a score from 1 to 5"));
    let mut r = Risk::new(
        crate::storage::new_id(),
        client.id,
        &a.title,
        score(a.likelihood, "likelihood")?,
        score(a.impact, "impact")?,
        clock.now(),
    );
    if let Some(c) = &a.category {
        r.category = RiskCategory::parse(c)?;
    }
    r.tags = crate::domain::risk::clean_tags(&a.tags);
    r.owner = text::clean_line(a.owner.as_deref().unwrap_or(""));
    r.mitigation = text::clean_text(a.mitigation.as_deref().unwrap_or(""));
    r.private = a.private;
    if let Some(d) = &a.review {
        r.review = Some(calendar_date(d, "--review")?);
    }
    if let Some(d) = &a.mitigated_by {
        r.mitigated_by = Some(decision_numbered(store, &client, d, Some("--mitigated-by"))?.id);
    }
    if let Some(d) = &a.introduced_by {
        r.introduced_by = Some(decision_numbered(store, &client, d, Some("--introduced-by"))?.id);
    }
    let cell = r.cell();
    let (l, i) = (r.likelihood.get(), r.impact.get());
    let applied = store.apply(&crate::ops::risks::add(r)?)?;
    // (The title as stored: a `!private` mark is taken out of it.)
    let stored = applied.edits.iter().find_map(|e| if let Some(Record::Risk(x)) = &e.after { Some(x.clone()) } else { None });
    let (title, private) = stored.map(|x| (x.title, x.private)).unwrap_or_default();
    let private = if private { ", private" } else { "" };
    println!("Added risk '{title}' ({}{private}): likelihood {l} × impact {i} = {} ({})", client.name, cell.score, cell.level.label());
    Ok(())
}

fn shown(store: &Store, client: &Client, all: bool, include_private: bool) -> Result<Vec<Risk>> {
    Ok(store.risks(Some(client.id))?.into_iter().filter(|r| (all || !r.is_closed()) && (include_private || !r.private)).collect())
}

pub fn list(store: &Store, client: &Option<String>, all: bool, json: bool) -> Result<()> {
    let client = resolve_client(store, client)?;
    let risks = shown(store, &client, all, true)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&risks)?);
        return Ok(());
    }
    if risks.is_empty() {
        println!("{}: no risks (cockpit risk add TITLE --likelihood N --impact N)", client.name);
    }
    for r in &risks {
        let cell = r.cell();
        let review = r.review.map(|d| format!("  review {d}")).unwrap_or_default();
        let private = super::output::private(r.private);
        println!("{:>2} {:<8} {:<10} {}{review}{private}", cell.score, cell.level.label(), r.status.key(), r.title);
    }
    Ok(())
}

pub fn export(store: &Store, client: &Option<String>, format: &str, all: bool, include_private: bool) -> Result<()> {
    let client = resolve_client(store, client)?;
    let risks = shown(store, &client, all, include_private)?;
    let decisions = store.decisions_with_ids(client.id, risks.iter().flat_map(|r| [r.introduced_by, r.mitigated_by]).flatten())?;
    match format {
        "markdown" | "md" => print!("{}", register::markdown(&client.name, &risks, &decisions, include_private)),
        "csv" => print!("{}", register::csv(&risks, &decisions, include_private)),
        other => bail!("--format: '{other}' is not a register format; use markdown or csv"),
    }
    Ok(())
}

impl records::Listed for Risk {
    const PLURAL: &'static str = "risks";
    const LIST: &'static str = "risks --all";
    fn all(store: &Store, client: &Client) -> Result<Vec<Risk>> {
        Ok(store.risks(Some(client.id))?)
    }
    fn name(&self, _: &Zone) -> String {
        self.title.clone()
    }
    fn context(&self, _: &Zone) -> String {
        format!("{} × {}, {}", self.likelihood.get(), self.impact.get(), self.status.key())
    }
}

pub fn show(store: &Store, clock: &Clock, n: &Named) -> Result<()> {
    let (r, client) = records::named::<Risk>(store, clock, n)?;
    let cell = r.cell();
    let heading = format!("{}  ({} × {} = {}, {})", r.title, r.likelihood.get(), r.impact.get(), cell.score, cell.level.label());
    records::show(store, &r, &heading, &client, n.json, &[])
}

pub fn edit(store: &mut Store, clock: &Clock, a: RiskEditArgs) -> Result<()> {
    let (before, client) = records::named::<Risk>(store, clock, &a.target)?;
    records::shared_yet_marked(a.shared, &a.title)?;
    let mut r = before.clone();
    let score = |v: i64, what: &str| Score::new(v).map_err(|_| anyhow!("--{what}: {v} is not a score from 1 to 5"));
    if let Some(t) = &a.title {
        r.title = text::clean_line(t);
    }
    if let Some(t) = records::text(&a.description) {
        r.description = text::clean_text(t);
    }
    if let Some(v) = a.likelihood {
        r.likelihood = score(v, "likelihood")?;
    }
    if let Some(v) = a.impact {
        r.impact = score(v, "impact")?;
    }
    if let Some(c) = &a.category {
        r.category = RiskCategory::parse(c)?;
    }
    if let Some(tags) = records::list(&a.tags) {
        r.tags = crate::domain::risk::clean_tags(&tags);
    }
    if let Some(o) = records::text(&a.owner) {
        r.owner = text::clean_line(o);
    }
    if let Some(m) = records::text(&a.mitigation) {
        r.mitigation = text::clean_text(m);
    }
    if let Some(s) = &a.status {
        r = r.with_status(RiskStatus::parse(s)?, clock.today());
    }
    if let Some(day) = records::or_none(&a.review, |d| calendar_date(d, "--review"))? {
        r.review = day;
    }
    if let Some(d) = records::or_none(&a.mitigated_by, |d| Ok(decision_numbered(store, &client, d, Some("--mitigated-by"))?.id))? {
        r.mitigated_by = d;
    }
    if let Some(d) = records::or_none(&a.introduced_by, |d| Ok(decision_numbered(store, &client, d, Some("--introduced-by"))?.id))? {
        r.introduced_by = d;
    }
    if let Some(p) = records::private(a.private, a.shared) {
        r.private = p;
    }
    let change = crate::ops::risks::edit(&before, r, crate::storage::new_id(), clock.now())?;
    records::edited(store, clock, &before, &client, change, a.target.json)
}
