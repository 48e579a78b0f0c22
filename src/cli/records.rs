//! What the record types share on the command line: naming one record (`show`, `edit`,
//! `delete`), printing it as text or JSON, deleting it with what goes with it, and printing it
//! again after an edit.

use super::resolve_client;
use crate::domain::change::Stored;
use crate::domain::*;
use crate::runtime::Clock;
use crate::storage::Store;
use anyhow::{bail, Result};
use clap::Args;
use serde::Serialize;

/// The record a `show`, `edit` or `delete` acts on.
#[derive(Args, Debug)]
pub struct Named {
    /// Its name or title, or its id (the end of it is enough); else a start or a part of its
    /// name, case aside (several that match are listed; delete takes only a whole name or id)
    #[arg(id = "named", value_name = "NAME")]
    pub name: String,
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    /// Print it as JSON
    #[arg(long)]
    pub json: bool,
}

/// A record type the command line names by its title.
pub trait Listed: Serialize + Clone + Into<Record> + TryFrom<Record> + Stored {
    /// What it is called in messages, in the plural.
    const PLURAL: &'static str;
    /// The command that lists them.
    const LIST: &'static str;
    /// Every one of a client's.
    fn all(store: &Store, client: &Client) -> Result<Vec<Self>>;
    /// What it is named by: a title, a name.
    fn name(&self, zone: &Zone) -> String;
    /// Another whole name it answers to (a time entry: its start alone).
    fn also_named(&self, _zone: &Zone) -> Option<String> {
        None
    }
    /// What tells it from another of the same name, in a list of candidates: a week, a date.
    fn context(&self, _zone: &Zone) -> String {
        String::new()
    }
    /// It as `--json` prints it after an edit or a delete (a private meeting without its notes).
    fn json(&self) -> Result<serde_json::Value> {
        Ok(serde_json::to_value(self)?)
    }
}

/// The last eight digits of an id: enough to tell a client's records apart (the first ones are
/// the time it was made, the same for records made together).
pub fn short(id: Id) -> String {
    let hex = id.simple().to_string();
    hex[hex.len() - 8..].to_string()
}

/// A name as compared: lower case, runs of spaces as one.
fn words(s: &str) -> String {
    text::composed(s).split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

thread_local! {
    /// The records this command's names found, in the order it looked them up.
    static FOUND: std::cell::RefCell<Vec<Id>> = const { std::cell::RefCell::new(Vec::new()) };
    /// Those its run refused (another process changed a record between its read and its
    /// write) found: the run again finds the same ones.
    static PINNED: std::cell::RefCell<Option<Vec<Id>>> = const { std::cell::RefCell::new(None) };
}

/// A command is run again (see `cli::run`): its names find what they found the first time, by
/// id (another process may have renamed it, or moved a time entry named by its start), not
/// another record a name now fits.
pub fn pin_found() {
    let found = FOUND.with(|f| f.take());
    PINNED.with(|p| _ = p.borrow_mut().get_or_insert(found));
}

/// The one of `all` that `typed` names: its name or its id (the end of it, at least four
/// digits), else the start of its name, else a part of it; case and runs of spaces aside. More
/// than one at the first of these that finds any is an error listing them.
pub fn find<'a, T: Listed>(all: &'a [T], typed: &str, client: &Client, zone: &Zone) -> Result<&'a T> {
    let nth = FOUND.with(|f| f.borrow().len());
    // (Run again: the record found the first time, by its id, whatever its name is now.)
    let first = PINNED.with(|p| p.borrow().as_ref().and_then(|p| p.get(nth).copied()));
    let found = match first {
        Some(id) => match all.iter().find(|r| r.id() == id) {
            Some(r) => r,
            None => bail!(
                "the {} '{}' named was deleted elsewhere since it was read; nothing was changed (cockpit {} lists them)",
                T::KIND,
                typed.trim(),
                T::LIST
            ),
        },
        None => find_by_name(all, typed, client, zone)?,
    };
    FOUND.with(|f| f.borrow_mut().push(found.id()));
    Ok(found)
}

fn find_by_name<'a, T: Listed>(all: &'a [T], typed: &str, client: &Client, zone: &Zone) -> Result<&'a T> {
    let t = words(typed);
    if t.is_empty() {
        bail!("name the {} (cockpit {} lists them)", T::KIND, T::LIST);
    }
    let hex: String = t.chars().filter(|c| *c != '-').collect();
    let is_id = hex.len() >= 4 && hex.chars().all(|c| c.is_ascii_hexdigit());
    let named: Vec<(&T, String)> = all.iter().map(|r| (r, words(&r.name(zone)))).collect();
    let exact = named.iter().filter(|(r, n)| {
        *n == t || r.also_named(zone).is_some_and(|a| words(&a) == t) || (is_id && r.id().simple().to_string().ends_with(&hex))
    });
    let start = named.iter().filter(|(_, n)| n.starts_with(&t));
    let part = named.iter().filter(|(_, n)| n.contains(&t));
    let found: Vec<&T> = [exact.map(|(r, _)| *r).collect::<Vec<_>>(), start.map(|(r, _)| *r).collect(), part.map(|(r, _)| *r).collect()]
        .into_iter()
        .find(|f| !f.is_empty())
        .unwrap_or_default();
    match found.as_slice() {
        [one] => Ok(one),
        // (An id, as listed (eight digits or more), looked for in the current client may be
        // another's: which one is asked.)
        [] if is_id && hex.len() >= 8 => bail!(
            "{} has no {} named '{}' (cockpit {} lists them; another client's is named with --client NAME)",
            client.name,
            T::KIND,
            typed.trim(),
            T::LIST
        ),
        [] => bail!("{} has no {} named '{}' (cockpit {} lists them)", client.name, T::KIND, typed.trim(), T::LIST),
        many => {
            let line = |r: &T| {
                let context = r.context(zone);
                let context = if context.is_empty() { String::new() } else { format!("  ({context})") };
                format!("  {}  {}{context}", short(r.id()), r.name(zone))
            };
            let listed: Vec<String> = many.iter().take(10).map(|r| line(r)).collect();
            let more = if many.len() > 10 { format!("\n  … and {} more", many.len() - 10) } else { String::new() };
            bail!(
                "'{}' could be {} {}; give more of the name, or the id:\n{}{more}",
                typed.trim(),
                many.len(),
                T::PLURAL,
                listed.join("\n")
            )
        }
    }
}

/// The client's record `n.name` names, and the client.
pub fn named<T: Listed>(store: &Store, clock: &Clock, n: &Named) -> Result<(T, Client)> {
    let client = resolve_client(store, &n.client)?;
    let all = T::all(store, &client)?;
    let found = find(&all, &n.name, &client, &clock.zone())?.clone();
    Ok((found, client))
}

/// [`named`], for what the command line cannot take back (a delete): only its whole name or
/// its id will do; a start or a part of a name lists what it could be.
pub fn named_exactly<T: Listed>(store: &Store, clock: &Clock, n: &Named) -> Result<(T, Client)> {
    let (found, client) = named::<T>(store, clock, n)?;
    exactly(&found, &n.name, &clock.zone())?;
    Ok((found, client))
}

/// Refuses `found` unless `typed` is its whole name (case and runs of spaces aside) or the end
/// of its id.
pub fn exactly<T: Listed>(found: &T, typed: &str, zone: &Zone) -> Result<()> {
    let hex: String = words(typed).chars().filter(|c| *c != '-').collect();
    let by_id = hex.len() >= 4 && found.id().simple().to_string().ends_with(&hex);
    let whole = [Some(found.name(zone)), found.also_named(zone)].into_iter().flatten().any(|n| words(&n) == words(typed));
    if !whole && !by_id {
        bail!(
            "'{}' is not the whole name: did you mean '{}' ({})? Give its whole name or its id",
            typed.trim(),
            found.name(zone),
            short(found.id())
        );
    }
    Ok(())
}

/// One record: as JSON, or its fields one per line (long texts after them), with decisions it
/// points at named by their numbers, and `written` in place of the fields it names (amounts,
/// terms: what the raw value does not say).
pub fn show<T: Serialize>(store: &Store, r: &T, heading: &str, client: &Client, json: bool, written: &[(&str, String)]) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(r)?);
        return Ok(());
    }
    let serde_json::Value::Object(fields) = serde_json::to_value(r)? else { bail!("a record is an object") };
    let ids = fields.values().filter_map(|v| v.as_str()?.parse::<Id>().ok());
    let decisions = store.decisions_with_ids(client.id, ids)?;
    let code = |s: &str| s.parse::<Id>().ok().and_then(|id| decisions.iter().find(|d| d.id == id)).map(Decision::code);
    println!("{heading}");
    if fields.get("id").and_then(|v| v.as_str()) != Some(&client.id.to_string()) {
        println!("{:<14} {}", "client", client.name);
    }
    let mut long = Vec::new();
    for (key, value) in fields {
        if matches!(key.as_str(), "client_id" | "updated_at") {
            continue;
        }
        // (A moment, stored in UTC: in local time, as the screens show it.)
        let moment = value.as_str().filter(|s| s.len() > 10).and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok());
        let text = match &value {
            _ if written.iter().any(|(k, _)| *k == key) => {
                written.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default()
            }
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) if s.is_empty() => continue,
            serde_json::Value::Array(a) if a.is_empty() => continue,
            _ if moment.is_some() => crate::domain::time::moment(&chrono::Local, moment.expect("a moment").to_utc()),
            serde_json::Value::String(s) => code(s).unwrap_or_else(|| s.clone()),
            serde_json::Value::Array(a) if a.iter().all(|v| v.is_string()) => {
                a.iter().filter_map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
            // Records it holds (a person's 1:1s): one line each, without their ids and stamps.
            serde_json::Value::Array(a) if a.iter().all(|v| v.is_object()) => a
                .iter()
                .filter_map(|v| v.as_object())
                .map(|o| {
                    let parts: Vec<String> = o
                        .iter()
                        .filter(|(k, v)| {
                            !(k.ends_with("id") || k.ends_with("_at") || v.is_null() || *v == "" || *v == &serde_json::json!([]))
                        })
                        .map(|(k, v)| {
                            format!("{}: {}", k.replace('_', " "), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))
                        })
                        .collect();
                    format!("- {}", parts.join(" · "))
                })
                .collect::<Vec<_>>()
                .join("\n"),
            other => other.to_string(),
        };
        let label = key.replace('_', " ");
        if text.contains('\n') {
            long.push((label, text));
        } else {
            println!("{label:<14} {text}");
        }
    }
    for (label, text) in long {
        println!("\n{label}\n{text}");
    }
    Ok(())
}

/// Deletes `r` with what goes with it (the store refuses, in words, while others point at it).
pub fn delete<T: Serialize + Clone + Into<Record>>(store: &mut Store, clock: &Clock, r: &T, client: &Client, json: bool) -> Result<()> {
    delete_shown(store, clock, r, client, json.then(|| serde_json::to_value(r)).transpose()?)
}

/// [`delete`], printing `json` (the record as `--json` shows it) when given.
pub fn delete_shown<T: Clone + Into<Record>>(
    store: &mut Store,
    clock: &Clock,
    r: &T,
    client: &Client,
    json: Option<serde_json::Value>,
) -> Result<()> {
    // (The store's error kept as it is: what to do about it is said where it is printed.)
    let change = store.delete_at(&r.clone().into(), &clock.zone(), clock.now())?;
    if let Some(r) = json {
        println!("{}", serde_json::json!({ "deleted": r }));
    } else {
        println!("{} ({})", change.label, client.name);
    }
    Ok(())
}

/// Stores an edit of `before` (none when nothing changed) and prints the record as stored.
pub fn edited<T: Listed>(store: &mut Store, clock: &Clock, before: &T, client: &Client, change: Option<Change>, json: bool) -> Result<()> {
    let applied = change.map(|c| store.apply_at(&c, clock.now())).transpose()?;
    if json {
        // The record as stored: its edit in the change applied.
        let stored = applied
            .iter()
            .flat_map(|a| &a.edits)
            .filter_map(|e| e.after.clone().and_then(|r| T::try_from(r).ok()))
            .find(|r| r.id() == before.id())
            .unwrap_or_else(|| before.clone());
        println!("{}", serde_json::to_string_pretty(&stored.json()?)?);
    } else {
        match &applied {
            Some(a) => println!("{} ({})", a.label, client.name),
            None => println!("{}: nothing changed ({})", before.name(&clock.zone()), client.name),
        }
    }
    for note in applied.iter().flat_map(|a| crate::runtime::private_sources::notes(store, a)) {
        eprintln!("cockpit: {note}");
    }
    Ok(())
}

/// A flag that sets an optional value or, given `none`, clears it.
pub fn or_none<V>(typed: &Option<String>, parse: impl FnOnce(&str) -> Result<V>) -> Result<Option<Option<V>>> {
    match typed.as_deref().map(str::trim) {
        None => Ok(None),
        Some(t) if t.eq_ignore_ascii_case("none") => Ok(Some(None)),
        Some(t) => parse(t).map(|v| Some(Some(v))),
    }
}

/// The client `--move-to` names: an active one.
pub fn move_to(store: &Store, typed: &str) -> Result<Client> {
    let to = super::client_named(store, typed)?;
    if to.archived {
        bail!("--move-to: {} is archived; cockpit client restore '{}' first", to.name, to.name);
    }
    Ok(to)
}

/// A text flag of an edit: `none` (or nothing) empties the field.
pub fn text(typed: &Option<String>) -> Option<&str> {
    typed.as_deref().map(|t| if t.trim().eq_ignore_ascii_case("none") { "" } else { t })
}

/// A repeated flag of an edit (tags, attendees): `none` (or one empty value) empties the list.
pub fn list(typed: &[String]) -> Option<Vec<String>> {
    match typed {
        [] => None,
        [one] if one.trim().is_empty() || one.trim().eq_ignore_ascii_case("none") => Some(Vec::new()),
        many => Some(many.to_vec()),
    }
}

/// `--private` or `--shared`, when one was given.
pub fn private(private: bool, shared: bool) -> Option<bool> {
    (private || shared).then_some(private)
}

/// `--shared` with a new title marked `!private` (which makes the record private): refused, as
/// the two say opposite things.
pub fn shared_yet_marked(shared: bool, title: &Option<String>) -> Result<()> {
    if shared && title.as_deref().is_some_and(|t| capture::private_marked(t).1) {
        bail!("--shared and '!private' in --title say opposite things: give one of them");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Acme, and a risk of its with the id `n` and `title`.
    fn acme() -> (Client, impl Fn(u128, &str) -> Risk) {
        let now = chrono::Utc::now();
        let client = Client::new(Id::from_u128(1), "Acme", Shape::Operational, None, now.date_naive(), now).unwrap();
        let id = client.id;
        (client, move |n, title| Risk::new(Id::from_u128(n), id, title, Score::new(3).unwrap(), Score::new(3).unwrap(), now))
    }

    #[test]
    fn a_record_is_named_by_the_end_of_its_id_by_its_name_or_by_the_start_of_it() {
        let (client, risk) = acme();
        let all = vec![risk(0xabcdef01, "Single AWS account"), risk(0xabcdef02, "Single point of failure"), risk(0x1234, "Bus factor")];
        let zone = Zone::System;
        assert_eq!(find(&all, "bus", &client, &zone).unwrap().title, "Bus factor");
        assert_eq!(find(&all, "single aws account", &client, &zone).unwrap().title, "Single AWS account");
        assert_eq!(find(&all, "cdef02", &client, &zone).unwrap().title, "Single point of failure");
        let many = find(&all, "Single", &client, &zone).unwrap_err().to_string();
        // A title that looks like the end of another's id: both are listed.
        let mut hexy = all.clone();
        hexy.push(risk(0x77, "cdef01"));
        assert_eq!(find(&hexy, "cdef01", &client, &zone).unwrap_err().to_string().lines().count(), 3);
        assert_eq!(find(&all, "  single   aws ", &client, &zone).unwrap().title, "Single AWS account");
        assert!(find(&all, "  ", &client, &zone).unwrap_err().to_string().starts_with("name the risk"));
        assert!(many.contains("could be 2 risks") && many.contains("abcdef01  Single AWS account"), "{many}");
        assert!(find(&all, "Cost", &client, &zone).unwrap_err().to_string().contains("Acme has no risk named 'Cost'"));
    }

    /// A command run again after another process changed its record finds the record it found
    /// the first time, not another its name now fits (the first renamed); one deleted is said.
    #[test]
    fn a_name_run_again_finds_what_it_found_first() {
        let (client, risk) = acme();
        let zone = Zone::System;
        let before = vec![risk(1, "Backup restore untested"), risk(2, "Keys in 1Password")];
        assert_eq!(find(&before, "backup", &client, &zone).unwrap().id, Id::from_u128(1));
        pin_found();
        // The first renamed meanwhile, the second renamed to fit: the first is found.
        let after = vec![risk(1, "Restore untested"), risk(2, "Backup keys in 1Password")];
        assert_eq!(find(&after, "backup", &client, &zone).unwrap().id, Id::from_u128(1));
        // Run again once more, it still finds it; gone, that is said.
        pin_found();
        assert_eq!(find(&after, "backup", &client, &zone).unwrap().id, Id::from_u128(1));
        pin_found();
        let e = find(&after[1..], "backup", &client, &zone).unwrap_err().to_string();
        assert!(e.contains("'backup' named was deleted elsewhere since it was read; nothing was changed"), "{e}");
    }
}
