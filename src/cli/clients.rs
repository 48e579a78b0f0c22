//! `cockpit client …`: adding, listing, renaming, archiving and choosing clients.

use super::*;
use crate::domain::client::ClientError;
use crate::domain::money::Money;
use crate::domain::terms::{Rollover, Terms, TermsError};

pub(super) fn run(store: &mut Store, clock: &Clock, cmd: ClientCmd) -> Result<()> {
    let now = clock.now();
    match cmd {
        ClientCmd::Add { name, shape, terms } => {
            let shape = Shape::parse(&shape)?;
            let mut c = Client::new(crate::storage::new_id(), &name, shape, None, clock.today(), now)?;
            set_terms(&mut c, &terms)?;
            let change = match ops::clients::add(c, &store.clients(true)?) {
                Err(e @ ops::OpError::ClientExists(_)) => bail!("{e}; choose another name, or use that client with --client"),
                other => other.map_err(with_flags)?,
            };
            let applied = store.apply(&change)?;
            let Some(Record::Client(c)) = applied.edits[0].after.clone() else { unreachable!("a client was added") };
            if store.setting(keys::CURRENT_CLIENT)?.is_none() {
                store.set_setting(keys::CURRENT_CLIENT, &c.id.to_string())?;
            }
            println!("Added client {} ({}, {}{})", c.name, c.shape.key(), c.retainer_label(), terms_label(&c));
        }
        ClientCmd::Set { name, shape, terms } => {
            let before = resolve_client(store, &Some(name))?;
            let mut after = before.clone();
            if let Some(shape) = shape {
                after.shape = Shape::parse(&shape)?;
            }
            set_terms(&mut after, &terms)?;
            match ops::clients::edit(&before, after, &store.clients(true)?).map_err(with_flags)? {
                Some(change) => {
                    let applied = store.apply(&change)?;
                    let Some(Record::Client(c)) = applied.edits[0].after.clone() else { unreachable!("a client was edited") };
                    println!("{}: {}, {}{}", c.name, c.shape.key(), c.retainer_label(), terms_label(&c));
                    let repriced = (&c.terms.currency, c.terms.rate, c.terms.monthly_fee, c.terms.overage_rate, c.hours_per_month)
                        != (
                            &before.terms.currency,
                            before.terms.rate,
                            before.terms.monthly_fee,
                            before.terms.overage_rate,
                            before.hours_per_month,
                        );
                    if repriced && store.all_time_entries(Some(c.id))?.iter().any(|e| e.billed) {
                        eprintln!("cockpit: note: statements already billed were priced at the old terms; drawn again, they use the new ones (keep the files you sent)");
                    }
                }
                None => println!("{}: nothing changed", before.name),
            }
        }
        ClientCmd::List { all, json } => {
            let clients = store.clients(all)?;
            let current = store.setting(keys::CURRENT_CLIENT)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&clients)?);
            } else {
                if clients.is_empty() {
                    println!("No clients yet: add one with cockpit client add NAME");
                }
                for c in clients {
                    let mark = if current.as_deref() == Some(&c.id.to_string()) { "*" } else { " " };
                    let archived = if c.archived { "  (archived)" } else { "" };
                    let terms = c.terms.label(c.hours_per_month).unwrap_or_default();
                    let name = super::output::pad(&c.name, 32);
                    println!("{mark} {name} {:<12} {:<10} {terms}{archived}", c.shape.key(), c.retainer_label());
                }
            }
        }
        ClientCmd::Rename { name, new_name } => {
            let c = resolve_client(store, &Some(name))?;
            let after = Client { name: new_name, ..c.clone() };
            let change = ops::clients::edit(&c, after, &store.clients(true)?)?;
            let applied = match change {
                Some(change) => store.apply(&change)?,
                None => Change::new("", vec![]),
            };
            let new_name = match applied.edits.first().and_then(|e| e.after.as_ref()) {
                Some(Record::Client(after)) => after.name.clone(),
                _ => c.name.clone(),
            };
            println!("Renamed {} → {new_name}", c.name);
        }
        ClientCmd::Archive { name } => set_archived(store, &name, true)?,
        ClientCmd::Restore { name } => set_archived(store, &name, false)?,
        ClientCmd::Show { name, json } => {
            let c = client_named(store, &name)?;
            let terms = c.terms.label(c.hours_per_month).unwrap_or_default();
            let heading = format!("{}  ({}, {}{})", c.name, c.shape.key(), c.retainer_label(), terms_label(&c));
            records::show(store, &c, &heading, &c, json, &[("terms", terms.clone())])?;
        }
        ClientCmd::Delete { name, json } => {
            let c = client_named(store, &name)?;
            let change = store.delete_at(&Record::Client(c.clone()), &clock.zone(), now).map_err(|e| match e {
                crate::storage::StoreError::Linked { .. } => {
                    anyhow!("{} has records; cockpit client archive '{}' hides it and keeps them", c.name, c.name)
                }
                // (Kept as it is: one refused because the client changed meanwhile runs again.)
                e => e.into(),
            })?;
            // What was kept for it alone goes with it: its drafts, being the current client or
            // the calendar's.
            for (key, value) in store.settings_with_prefix("")? {
                if key.contains(&c.id.to_string()) || value == c.id.to_string() {
                    store.set_setting(&key, "")?;
                }
            }
            if json {
                println!("{}", serde_json::json!({ "deleted": c }));
            } else {
                println!("{}", change.label);
            }
        }
        ClientCmd::Use { name } => {
            let c = client_named(store, &name)?;
            // (The app and `status` move off an archived client at once.)
            if c.archived {
                bail!("{} is archived; cockpit client restore \"{}\" first", c.name, c.name);
            }
            store.set_setting(keys::CURRENT_CLIENT, &c.id.to_string())?;
            println!("Current client: {}", c.name);
        }
    }
    Ok(())
}

fn set_archived(store: &mut Store, name: &str, archived: bool) -> Result<()> {
    let c = client_named(store, name)?;
    let verb = if archived { "Archived" } else { "Restored" };
    store.apply(&ops::clients::set_archived(&c, archived)).context("could not change the client")?;
    println!("{verb} {}", c.name);
    Ok(())
}

/// `, 150 EUR/h`, or nothing without amounts.
fn terms_label(c: &Client) -> String {
    c.terms.label(c.hours_per_month).map(|t| format!(", {t}")).unwrap_or_default()
}

/// A value given for `flag`: `none` clears it.
fn given<T>(value: &Option<String>, flag: &str, what: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Option<Option<T>>> {
    match value.as_deref().map(str::trim) {
        None => Ok(None),
        Some("none") => Ok(Some(None)),
        Some(v) => parse(v).map(|x| Some(Some(x))).ok_or_else(|| anyhow!("{flag}: '{v}' is not {what} (or none, to clear it)")),
    }
}

/// The retainer and terms given on the command line, over what the client has. Hours given by
/// the week clear those by the month and the other way round; both at once are refused.
fn set_terms(c: &mut Client, t: &TermsArgs) -> Result<()> {
    let hours = |v: &str| v.parse::<f64>().ok();
    let money = |v: &str| Money::parse(v);
    let weekly = given(&t.hours_per_week, "--hours-per-week", "a number of hours", hours)?;
    let monthly = given(&t.hours_per_month, "--included-hours", "a number of hours", hours)?;
    if matches!((weekly, monthly), (Some(Some(_)), Some(Some(_)))) {
        bail!("--hours-per-week and --included-hours: a retainer is counted by the week or by the month, not both; give one");
    }
    if let Some(w) = weekly {
        c.hours_per_week = Client::valid_hours(w).map_err(|e| anyhow!("--hours-per-week: {e}"))?;
        if w.is_some() {
            c.hours_per_month = None;
        }
    }
    if let Some(m) = monthly {
        c.hours_per_month = Client::valid_month_hours(m).map_err(|e| anyhow!("--included-hours: {e}"))?;
        if m.is_some() {
            c.hours_per_week = None;
        }
    }
    let amount = format!("an amount: {}", Money::rule());
    if let Some(rate) = given(&t.rate, "--rate", &amount, money)? {
        c.terms.rate = rate;
    }
    if let Some(fee) = given(&t.monthly_fee, "--monthly-fee", &amount, money)? {
        // Without a fee, its overage and rollover mean nothing: they go with it.
        if fee.is_none() {
            c.terms.overage_rate = None;
            c.terms.rollover = Rollover::None;
        }
        c.terms.monthly_fee = fee;
    }
    if let Some(o) = given(&t.overage_rate, "--overage-rate", &amount, money)? {
        c.terms.overage_rate = o;
    }
    if let Some(code) = given(&t.currency, "--currency", "a currency", |c| Terms::valid_currency(c).ok())? {
        c.terms.currency = code.unwrap_or_default();
    }
    if let Some(r) = &t.rollover {
        c.terms.rollover = Rollover::parse(r).map_err(|e| anyhow!("--rollover: {e}"))?;
    }
    if matches!(weekly, Some(Some(_))) && c.terms.monthly_fee.is_some() {
        bail!("--hours-per-week: a monthly fee's hours are counted by the month: give them with --included-hours (or take the fee away with --monthly-fee none)");
    }
    Ok(())
}

/// A refused client, with the flag that changes what was refused.
fn with_flags(e: ops::OpError) -> anyhow::Error {
    let flag = match &e {
        ops::OpError::Client(ClientError::Terms(t)) => match t {
            TermsError::BadCurrency(_) | TermsError::NoCurrency => "--currency",
            TermsError::RateAndFee => "--rate none or --monthly-fee none",
            TermsError::FeeWithoutHours => "--included-hours",
            TermsError::OverageWithoutFee => "--rate, or --monthly-fee and --included-hours",
            TermsError::RolloverWithoutFee => "--rollover",
        },
        ops::OpError::Client(ClientError::WeeklyAndMonthly) => "--hours-per-week none or --included-hours none",
        _ => return e.into(),
    };
    anyhow!("{e} ({flag})")
}
