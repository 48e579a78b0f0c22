//! `cockpit decide` and `cockpit decision …`: a decision through its whole life from the shell —
//! recorded with every field of the form, shown, edited, superseded, deleted — each printing the
//! decision as JSON with `--json`.

use super::{calendar_date, decision_numbered, resolve_client};
use crate::domain::*;
use crate::ops;
use crate::runtime::Clock;
use crate::storage::Store;
use anyhow::{anyhow, Result};
use clap::{Args, Subcommand};

/// The fields a decision is recorded or edited with; on an edit, what is not given stays.
#[derive(Args, Debug, Default)]
pub struct DecisionFields {
    #[arg(long)]
    pub context: Option<String>,
    /// What was decided
    #[arg(long)]
    pub decision: Option<String>,
    /// The options considered
    #[arg(long)]
    pub options: Option<String>,
    #[arg(long)]
    pub consequences: Option<String>,
    /// Who decided
    #[arg(long, value_name = "WHO")]
    pub decided_by: Option<String>,
    /// The day it was decided (default: today; an edit keeps it)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// architecture, build-vs-buy, vendor, security, team, process, ai, other
    #[arg(long)]
    pub category: Option<String>,
    /// When to look at it again (YYYY-MM-DD, or none)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub revisit: Option<String>,
    /// A one-way door: hard to reverse
    #[arg(long, conflicts_with = "two_way")]
    pub one_way: bool,
    /// A two-way door: easy to reverse
    #[arg(long)]
    pub two_way: bool,
    /// Print the decision as JSON
    #[arg(long)]
    pub json: bool,
}

// Parsed once per run: the size of the edit's flags costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum DecisionCmd {
    /// Show one decision with every field
    Show {
        /// D-007 or 7
        number: String,
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change a decision's fields (what is not given stays as it is)
    Edit {
        number: String,
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        title: Option<String>,
        /// proposed, accepted, rejected or deprecated (superseded comes with `decision supersede`)
        #[arg(long)]
        status: Option<String>,
        /// Replaces the tags (repeat it; --tag none clears them)
        #[arg(long = "tag", value_name = "T")]
        tags: Vec<String>,
        #[arg(long, conflicts_with = "shared")]
        private: bool,
        #[arg(long)]
        shared: bool,
        #[command(flatten)]
        fields: DecisionFields,
    },
    /// Mark a decision superseded by a newer one
    Supersede {
        /// The decision replaced
        number: String,
        /// The decision that replaces it
        #[arg(long, value_name = "D-NNN")]
        by: String,
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Delete a decision and its revisit history (refused while other records point at it)
    Delete {
        number: String,
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// `fields` over `d` (`none` empties a text, as in every edit).
pub fn apply_fields(d: &mut Decision, f: &DecisionFields) -> Result<()> {
    let text = |t: &Option<String>, into: &mut String| {
        if let Some(t) = super::records::text(t) {
            *into = text::clean_text(t);
        }
    };
    text(&f.context, &mut d.context);
    text(&f.decision, &mut d.decision);
    text(&f.options, &mut d.options);
    text(&f.consequences, &mut d.consequences);
    if let Some(who) = super::records::text(&f.decided_by) {
        d.decided_by = text::clean_line(who);
    }
    if let Some(day) = &f.date {
        d.date = calendar_date(day, "--date")?;
    }
    if let Some(c) = &f.category {
        d.category = Category::parse(c)?;
    }
    if let Some(revisit) = super::records::or_none(&f.revisit, |r| calendar_date(r, "--revisit"))? {
        d.revisit = revisit;
    }
    if f.one_way {
        d.reversibility = Reversibility::OneWay;
    }
    if f.two_way {
        d.reversibility = Reversibility::TwoWay;
    }
    Ok(())
}

/// Tags as typed: `none` (or one empty value) is none.
pub fn tags(typed: &[String]) -> Vec<String> {
    super::records::list(typed).unwrap_or_default()
}

/// The decision as the command line shows it: `D-007 Use Postgres (Acme)`, or its JSON.
pub fn print(d: &Decision, client: &Client, json: bool) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(d)?);
    } else {
        println!("{} {} ({})", d.code(), d.title, client.name);
    }
    Ok(())
}

fn stored(applied: &Change, id: Id) -> Option<Decision> {
    applied.edits.iter().filter_map(|e| e.after.clone().and_then(|r| Decision::try_from(r).ok())).find(|d| d.id == id)
}

pub fn run(store: &mut Store, clock: &Clock, cmd: DecisionCmd) -> Result<()> {
    match cmd {
        DecisionCmd::Show { number, client, json } => {
            let client = resolve_client(store, &client)?;
            let d = decision_numbered(store, &client, &number, None)?;
            // What the app's detail pane says of it besides: the decisions it supersedes and
            // the one superseding it, the meeting it was made in, the risks it brought in or
            // answers (the link is kept on the risk) and its revisits, oldest first.
            let (supersedes, replaced_by) = store.decision_links(client.id, d.id)?;
            let meeting = store.meetings(Some(client.id))?.into_iter().find(|m| m.produced(d.id));
            let risks: Vec<(&str, Risk)> = store
                .risks(Some(client.id))?
                .into_iter()
                .flat_map(|r| {
                    [("introduced", r.introduced_by), ("mitigates", r.mitigated_by)]
                        .into_iter()
                        .filter(|(_, linked)| *linked == Some(d.id))
                        .map(|(link, _)| (link, r.clone()))
                        .collect::<Vec<_>>()
                })
                .collect();
            let reviews: Vec<Review> = store.reviews()?.into_iter().filter(|r| r.subject_id == d.id).collect();
            if json {
                let mut v = serde_json::to_value(&d)?;
                let brief = |b: &decision::Brief| serde_json::json!({ "code": b.code(), "title": b.title });
                v["links"] = serde_json::json!({
                    "supersedes": supersedes.iter().map(brief).collect::<Vec<_>>(),
                    "superseded_by": replaced_by.as_ref().map(brief),
                    "decided_in": meeting.as_ref().map(|m| serde_json::json!({
                        "id": m.id, "title": m.title, "kind": m.kind.key(), "start": m.start, "private": m.private,
                    })),
                    "risks": risks.iter().map(|(link, r)| serde_json::json!({
                        "id": r.id, "title": r.title, "link": link, "private": r.private,
                    })).collect::<Vec<_>>(),
                    "revisits": reviews,
                });
                println!("{}", serde_json::to_string_pretty(&v)?);
                return Ok(());
            }
            println!("{} {}", d.code(), d.title);
            let revisit = d.revisit.map(|r| r.to_string()).unwrap_or_else(|| "—".into());
            for (label, value) in [
                ("Client", client.name.clone()),
                ("Date", d.date.to_string()),
                ("Status", d.status.key().to_string()),
                ("Category", d.category.key().to_string()),
                ("Door", d.reversibility.key().to_string()),
                ("Revisit", revisit),
                ("Tags", d.tags.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" ")),
                ("Decided by", d.decided_by.clone()),
            ] {
                println!("{label:<13} {value}");
            }
            let named = |b: &decision::Brief| format!("{} {}", b.code(), b.title);
            let formerly: Vec<String> = d.former_numbers.iter().map(|n| decision::code(*n)).collect();
            for (label, value) in [
                ("Private", d.private.then(|| "yes: not in summaries or ADR exports".to_string())),
                ("Formerly", (!formerly.is_empty()).then(|| formerly.join(", "))),
                ("Supersedes", (!supersedes.is_empty()).then(|| supersedes.iter().map(named).collect::<Vec<_>>().join("; "))),
                (
                    "Superseded by",
                    replaced_by
                        .as_ref()
                        .map(named)
                        .or_else(|| d.superseded_by.map(|id| format!("a decision not in {}'s log ({id})", client.name))),
                ),
            ] {
                if let Some(value) = value {
                    println!("{label:<13} {value}");
                }
            }
            if let Some(m) = &meeting {
                println!("{:<13} {}", "Decided in", m.provenance(&clock.zone()));
            }
            for (link, r) in &risks {
                let label = if *link == "introduced" { "Introduced" } else { "Mitigates" };
                println!("{label:<13} risk '{}'{}", r.title, super::output::private(r.private));
            }
            for r in &reviews {
                println!("{:<13} {}", "Revisited", r.line("reaffirmed"));
            }
            for (label, value) in
                [("Context", &d.context), ("Decision", &d.decision), ("Options", &d.options), ("Consequences", &d.consequences)]
            {
                if !value.is_empty() {
                    println!("\n{label}\n{value}");
                }
            }
        }
        DecisionCmd::Edit { number, client, title, status, tags, private, shared, fields } => {
            let client = resolve_client(store, &client)?;
            let before = decision_numbered(store, &client, &number, None)?;
            let mut after = before.clone();
            if let Some(t) = title {
                after.title = text::clean_line(&t);
            }
            if let Some(s) = status {
                let s = Status::parse(&s)?;
                if s == Status::Superseded {
                    anyhow::bail!("--status: a decision is superseded by another: cockpit decision supersede {} --by D-NNN", before.code());
                }
                after.status = s;
            }
            if !tags.is_empty() {
                after.tags = decision::clean_tags(self::tags(&tags));
            }
            if private || shared {
                after.private = private;
            }
            apply_fields(&mut after, &fields)?;
            match ops::decisions::edit(&before, after)? {
                Some(change) => {
                    let applied = store.apply_at(&change, clock.now())?;
                    let d = stored(&applied, before.id).expect("the decision was edited");
                    print(&d, &client, fields.json)?;
                }
                None if fields.json => print(&before, &client, true)?,
                None => println!("{} {}: nothing changed", before.code(), before.title),
            }
        }
        DecisionCmd::Supersede { number, by, client, json } => {
            let client = resolve_client(store, &client)?;
            let old = decision_numbered(store, &client, &number, None)?;
            let new = decision_numbered(store, &client, &by, Some("--by"))?;
            // What replaced the new one, and what replaced that, within the client's log (as the
            // app follows them): read along the chain, by id.
            let mut links: Vec<(Id, Option<Id>)> = Vec::new();
            let mut at = Some(new.clone());
            while let Some(d) = at.filter(|d| d.client_id == client.id && links.iter().all(|(id, _)| *id != d.id)) {
                links.push((d.id, d.superseded_by));
                at = d.superseded_by.map(|next| store.decision(next)).transpose()?.flatten();
            }
            let after = decision::supersede(&old, &new, &links)
                .map_err(|e| anyhow!("{} cannot be superseded by {}: {e}", old.code(), new.code()))?;
            // (One superseding it before is named: the link moves, it is not added.)
            let was = old.superseded_by.filter(|id| *id != new.id).and_then(|id| store.decision(id).ok().flatten());
            let instead = was.map(|w| format!(", instead of {}", w.code())).unwrap_or_default();
            let label = format!("{} supersedes {}{instead}", new.code(), old.code());
            let applied = store
                .apply_at(&Change::one(label.clone(), Edit::update(Record::Decision(old.clone()), Record::Decision(after))), clock.now())?;
            let d = stored(&applied, old.id).expect("the decision was superseded");
            if json {
                print(&d, &client, true)?;
            } else {
                println!("{label} ({})", client.name);
            }
        }
        DecisionCmd::Delete { number, client, json } => {
            let client = resolve_client(store, &client)?;
            let d = decision_numbered(store, &client, &number, None)?;
            super::records::delete(store, clock, &d, &client, json)?;
        }
    }
    Ok(())
}
