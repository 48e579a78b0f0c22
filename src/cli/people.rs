//! `cockpit person add|note|point|show|edit|delete`, `cockpit people` and `cockpit opening …`.

use super::records::{self, Named};
use super::{resolve_client, Clock, OpeningCmd, PersonAddArgs, PersonEditArgs};
use crate::domain::person::{OneOnOne, Opening, OpeningStatus, Person, Stage};
use crate::domain::*;
use crate::storage::Store;
use anyhow::{bail, Result};

/// The client's person `name` names: a private note goes to no one but the person named whole.
fn named(store: &Store, client: &Client, name: &str) -> Result<Person> {
    let p = records::find(&store.people(client.id)?, name, client, &Zone::System)?.clone();
    records::exactly(&p, name, &Zone::System)?;
    Ok(p)
}

pub fn add(store: &mut Store, clock: &Clock, a: PersonAddArgs) -> Result<()> {
    let client = resolve_client(store, &a.client)?;
    let mut p = Person::new(crate::storage::new_id(), client.id, &a.name, clock.now());
    p.role = text::clean_line(a.role.as_deref().unwrap_or(""));
    p.team = text::clean_line(a.team.as_deref().unwrap_or(""));
    p.contact = text::clean_line(a.contact.as_deref().unwrap_or(""));
    p.stage = a.stage.as_deref().map(Stage::parse).transpose()?;
    println!("{} ({})", store.apply(&crate::ops::people::add(p, &store.people(client.id)?)?)?.label, client.name);
    Ok(())
}

/// A private 1:1 note, dated today.
pub fn note(store: &mut Store, clock: &Clock, client: &Option<String>, name: &str, text: &str) -> Result<()> {
    let client = resolve_client(store, client)?;
    let p = named(store, &client, name)?;
    // A note is a 1:1 without its checklist: the agenda stays as it is.
    let unchanged = Person { agenda: Vec::new(), ..p.clone() };
    let mut change = crate::ops::people::hold(&unchanged, crate::storage::new_id(), clock.today(), text, clock.now())?;
    change.edits.truncate(1);
    change.label = format!("Noted for {} (private)", p.name);
    println!("{}", store.apply(&change)?.label);
    Ok(())
}

pub fn point(store: &mut Store, client: &Option<String>, name: &str, text: &str) -> Result<()> {
    let client = resolve_client(store, client)?;
    let p = named(store, &client, name)?;
    println!("{}", store.apply(&crate::ops::people::add_point(&p, text)?)?.label);
    Ok(())
}

/// A person as `--json` gives them: their 1:1s, and the points for the next one (the points of
/// the last one not discussed, carried from its notes), only with `--include-private` (without
/// it, neither key is there: not an empty list, which would say there are none).
#[derive(serde::Serialize)]
struct PersonJson<'a> {
    #[serde(flatten)]
    person: &'a Person,
    #[serde(skip_serializing_if = "Option::is_none")]
    one_on_ones: Option<Vec<&'a OneOnOne>>,
}

impl<'a> PersonJson<'a> {
    fn json(person: &'a Person, one_on_ones: Option<Vec<&'a OneOnOne>>) -> serde_json::Value {
        let private = one_on_ones.is_some();
        let mut json = serde_json::to_value(PersonJson { person, one_on_ones }).expect("a person as JSON");
        if let Some(fields) = json.as_object_mut().filter(|_| !private) {
            fields.remove("agenda");
        }
        json
    }
}

pub fn list(store: &Store, client: &Option<String>, json: bool, include_private: bool) -> Result<()> {
    let client = resolve_client(store, client)?;
    let people = store.people(client.id)?;
    let held = if include_private { store.one_on_ones(client.id)? } else { Vec::new() };
    let of = |p: &Person| held.iter().filter(|o| o.person_id == p.id).collect::<Vec<_>>();
    if json {
        let out: Vec<serde_json::Value> = people.iter().map(|p| PersonJson::json(p, include_private.then(|| of(p)))).collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    if people.is_empty() {
        println!("{}: no one yet (cockpit person add NAME --role R)", client.name);
    }
    for p in &people {
        let stage = p.stage.map(|s| format!("  [{}]", s.key())).unwrap_or_default();
        let role = if p.role.is_empty() { String::new() } else { format!(" — {}", p.role) };
        println!("{}{role}{stage}", p.name);
        for a in p.agenda.iter().filter(|_| include_private) {
            println!("    next 1:1: {a}");
        }
        for g in &p.goals {
            println!("    goal ({}): {}", g.status.key(), g.text);
        }
        for o in of(p) {
            println!("    1:1 {}: {}", o.on, o.notes.replace('\n', " / "));
        }
    }
    Ok(())
}

impl records::Listed for Person {
    const PLURAL: &'static str = "people";
    const LIST: &'static str = "people";
    fn all(store: &Store, client: &Client) -> Result<Vec<Person>> {
        Ok(store.people(client.id)?)
    }
    fn name(&self, _: &Zone) -> String {
        self.name.clone()
    }
}

pub fn show(store: &Store, clock: &Clock, n: &Named, include_private: bool) -> Result<()> {
    let (p, client) = records::named::<Person>(store, clock, n)?;
    let held: Vec<OneOnOne> =
        if include_private { store.one_on_ones(client.id)?.into_iter().filter(|o| o.person_id == p.id).collect() } else { Vec::new() };
    let shown = PersonJson::json(&p, include_private.then(|| held.iter().collect()));
    let heading = if p.role.is_empty() { p.name.clone() } else { format!("{} — {}", p.name, p.role) };
    records::show(store, &shown, &heading, &client, n.json, &[])
}

pub fn edit(store: &mut Store, clock: &Clock, a: PersonEditArgs) -> Result<()> {
    let (before, client) = records::named::<Person>(store, clock, &a.target)?;
    let mut p = before.clone();
    if let Some(n) = &a.name {
        p.name = text::clean_line(n);
    }
    for (typed, into) in [(&a.role, &mut p.role), (&a.team, &mut p.team), (&a.contact, &mut p.contact)] {
        if let Some(t) = records::text(typed) {
            *into = text::clean_line(t);
        }
    }
    if let Some(stage) = records::or_none(&a.stage, |s| Ok(Stage::parse(s)?))? {
        p.stage = stage;
    }
    let change = crate::ops::people::edit(&before, p, &store.people(client.id)?)?;
    records::edited(store, clock, &before, &client, change, a.target.json)
}

impl records::Listed for Opening {
    const PLURAL: &'static str = "openings";
    const LIST: &'static str = "opening list";
    fn all(store: &Store, client: &Client) -> Result<Vec<Opening>> {
        Ok(store.openings(client.id)?)
    }
    fn name(&self, _: &Zone) -> String {
        self.role.clone()
    }
    fn context(&self, _: &Zone) -> String {
        self.status.key().to_string()
    }
}

/// `cockpit opening …`: the roles being hired for.
pub fn opening(store: &mut Store, clock: &Clock, cmd: OpeningCmd) -> Result<()> {
    let decision = |store: &Store, client: &Client, typed: &Option<String>| {
        records::or_none(typed, |d| Ok(super::decision_numbered(store, client, d, Some("--decision"))?.id))
    };
    match cmd {
        OpeningCmd::Add { role, client, status, decision: d } => {
            let client = resolve_client(store, &client)?;
            let mut o = Opening::new(crate::storage::new_id(), client.id, &text::clean_line(&role), clock.now());
            if o.role.is_empty() {
                bail!("an opening needs its role");
            }
            if let Some(s) = &status {
                o.status = OpeningStatus::parse(s)?;
            }
            o.decision_id = decision(store, &client, &d)?.flatten();
            let label = format!("Opened '{}'", o.role);
            store.apply_at(&Change::one(label.clone(), Edit::insert(Record::Opening(o))), clock.now())?;
            println!("{label} ({})", client.name);
        }
        OpeningCmd::List { client, json } => {
            let client = resolve_client(store, &client)?;
            let openings = store.openings(client.id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&openings)?);
            } else if openings.is_empty() {
                println!("{}: no openings (cockpit opening add ROLE)", client.name);
            }
            if !json {
                let decisions = store.decisions_with_ids(client.id, openings.iter().filter_map(|o| o.decision_id))?;
                for o in &openings {
                    let d = o
                        .decision_id
                        .and_then(|id| decisions.iter().find(|d| d.id == id))
                        .map(|d| format!("  {}", d.code()))
                        .unwrap_or_default();
                    println!("{:<9} {}{d}", o.status.key(), o.role);
                }
            }
        }
        OpeningCmd::Show(n) => {
            let (o, client) = records::named::<Opening>(store, clock, &n)?;
            records::show(store, &o, &format!("{}  ({})", o.role, o.status.key()), &client, n.json, &[])?;
        }
        OpeningCmd::Edit { target, role, status, decision: d } => {
            let (before, client) = records::named::<Opening>(store, clock, &target)?;
            let mut o = before.clone();
            if let Some(r) = &role {
                o.role = text::clean_line(r);
                if o.role.is_empty() {
                    bail!("--role: an opening needs its role");
                }
            }
            if let Some(s) = &status {
                o.status = OpeningStatus::parse(s)?;
            }
            if let Some(id) = decision(store, &client, &d)? {
                o.decision_id = id;
            }
            let change = (o != before)
                .then(|| Change::one(format!("Opening '{}'", o.role), Edit::update(Record::Opening(before.clone()), Record::Opening(o))));
            records::edited(store, clock, &before, &client, change, target.json)?;
        }
        OpeningCmd::Delete(n) => {
            let (o, client) = records::named_exactly::<Opening>(store, clock, &n)?;
            records::delete(store, clock, &o, &client, n.json)?;
        }
    }
    Ok(())
}
