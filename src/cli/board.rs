//! `cockpit entry show|edit|done|delete` (the week board's notes and tasks) and `cockpit item
//! …` (the matrix's items).

use super::records::{self, Listed};
use super::{resolve_client, week_arg, EntryCmd, EntryEditArgs, EntryNamed, ItemArgs, ItemCmd, ItemEditArgs};
use crate::domain::*;
use crate::ops;
use crate::runtime::Clock;
use crate::storage::Store;
use anyhow::{anyhow, bail, Result};

impl Listed for Entry {
    const PLURAL: &'static str = "entries";
    const LIST: &'static str = "week";
    fn all(store: &Store, client: &Client) -> Result<Vec<Entry>> {
        Ok(store.all_entries(client.id)?)
    }
    fn name(&self, _: &Zone) -> String {
        self.text.clone()
    }
    fn context(&self, _: &Zone) -> String {
        format!("{} · {}", self.week, self.lane.short_title())
    }
}

impl Listed for Item {
    const PLURAL: &'static str = "items";
    const LIST: &'static str = "items --all";
    fn all(store: &Store, client: &Client) -> Result<Vec<Item>> {
        Ok(store.items(client.id)?)
    }
    fn name(&self, _: &Zone) -> String {
        self.title.clone()
    }
    fn context(&self, _: &Zone) -> String {
        format!("{}/{} {}", self.impact.get(), self.effort.get(), self.status.key())
    }
}

/// The entry named: in the week given, else in any week (several that match are listed with
/// their weeks).
fn entry(store: &Store, clock: &Clock, n: &EntryNamed) -> Result<(Entry, Client)> {
    let client = resolve_client(store, &n.target.client)?;
    let entries = match &n.week {
        Some(_) => store.entries(client.id, week_arg(&n.week, clock)?)?,
        None => Entry::all(store, &client)?,
    };
    Ok((records::find(&entries, &n.target.name, &client, &clock.zone())?.clone(), client))
}

pub fn run_entry(store: &mut Store, clock: &Clock, cmd: EntryCmd) -> Result<()> {
    match cmd {
        EntryCmd::Show(n) => {
            let (e, client) = entry(store, clock, &n)?;
            let kind = if e.is_task() {
                if e.is_done() {
                    "[x]"
                } else {
                    "[ ]"
                }
            } else {
                " - "
            };
            records::show(store, &e, &format!("{kind} {}  ({} · {})", e.text, e.week, e.lane.title()), &client, n.target.json, &[])
        }
        EntryCmd::Done(n) => {
            let (before, client) = entry(store, clock, &n)?;
            if !before.is_task() {
                bail!("'{}' is a note; cockpit entry edit --task makes it a task", before.text);
            }
            let after = Entry { done_at: before.done_at.or(Some(clock.now())), ..before.clone() };
            let (item, made_of) = item_of(store, &before)?;
            let change = (after != before).then(|| {
                let edits = ops::items::task_with_its_item(before.clone(), after, item, &made_of, (clock.this_week(), clock.now()));
                Change::new(format!("Done: '{}'{}", before.text, ops::items::item_followed(&edits)), edits)
            });
            records::edited(store, clock, &before, &client, change, n.target.json)
        }
        EntryCmd::Edit(a) => edit_entry(store, clock, a),
        EntryCmd::Delete(n) => {
            let (e, client) = entry(store, clock, &n)?;
            records::exactly(&e, &n.target.name, &clock.zone())?;
            records::delete(store, clock, &e, &client, n.target.json)
        }
    }
}

fn edit_entry(store: &mut Store, clock: &Clock, a: EntryEditArgs) -> Result<()> {
    let (before, client) = entry(store, clock, &a.target)?;
    let mut e = before.clone();
    if let Some(t) = &a.text {
        e.text = text::clean_line(t);
        if e.text.is_empty() {
            bail!("--text cannot be empty");
        }
    }
    if let Some(b) = records::text(&a.body) {
        e.body = text::clean_text(b);
    }
    if let Some(l) = &a.lane {
        e.lane = l.parse::<Lane>().map_err(|err| anyhow!("--lane: {err}"))?;
    }
    if let Some(w) = &a.to_week {
        e.week = w.parse::<IsoWeek>().map_err(|err| anyhow!("--to-week: {err}"))?;
    }
    let mut moved_to = None;
    if let Some(to) = &a.move_to {
        let to = records::move_to(store, to)?;
        if let Some(Record::Entry(moved)) = moved(&Record::Entry(e.clone()), &to, clock)? {
            (e, moved_to) = (moved, Some(to.name));
        }
    }
    if (e.lane, e.week, e.client_id) != (before.lane, before.week, before.client_id) {
        // The store puts it at the end of its new lane.
        e.position = 0;
    }
    if a.task {
        e.kind = EntryKind::Task;
    }
    if a.note {
        e.kind = EntryKind::Note;
        e.done_at = None;
    }
    match a.status.as_deref().map(str::trim) {
        None => {}
        Some(_) if !e.is_task() => bail!("--status: '{}' is a note; only a task is open or done", e.text),
        Some("open") => e.done_at = None,
        Some("done") => e.done_at = e.done_at.or(Some(clock.now())),
        Some(other) => bail!("--status: '{other}' is not a task's status; use open or done"),
    }
    if let Some(p) = records::private(a.private, a.shared) {
        e.private = p;
    }
    let label = match moved_to {
        Some(to) => format!("Moved '{}' to {to}", e.text),
        None => format!("Edited '{}'", e.text),
    };
    let (item, made_of) = item_of(store, &before)?;
    let change = (e != before).then(|| {
        let edits = ops::items::task_with_its_item(before.clone(), e, item, &made_of, (clock.this_week(), clock.now()));
        Change::new(format!("{label}{}", ops::items::item_followed(&edits)), edits)
    });
    records::edited(store, clock, &before, &client, change, a.target.target.json)
}

/// The matrix item task `e` was made from, which follows it when it is ticked off or opened
/// again, as on the Week, and the entries made of it.
fn item_of(store: &Store, e: &Entry) -> Result<(Option<Item>, Vec<Entry>)> {
    let Some(id) = e.item_id else { return Ok((None, Vec::new())) };
    Ok((store.item(id)?, store.made_of(id)?))
}

/// `r` as `ops::records::move_to` moves it to `to` (none when it is that client's already).
pub(super) fn moved(r: &Record, to: &Client, clock: &Clock) -> Result<Option<Record>> {
    Ok(ops::records::move_to(r, to, &clock.zone())?.and_then(|c| c.edits.into_iter().next()).and_then(|e| e.after))
}

pub fn run_item(store: &mut Store, clock: &Clock, cmd: ItemCmd) -> Result<()> {
    match cmd {
        ItemCmd::Add(a) => add_item(store, clock, a),
        ItemCmd::Show(n) => {
            let (i, client) = records::named::<Item>(store, clock, &n)?;
            let heading = format!("{}  ({}/{}, {})", i.title, i.impact.get(), i.effort.get(), i.quadrant().title());
            records::show(store, &i, &heading, &client, n.json, &[])
        }
        ItemCmd::Edit(a) => edit_item(store, clock, a),
        ItemCmd::Delete(n) => {
            let (i, client) = records::named_exactly::<Item>(store, clock, &n)?;
            records::delete(store, clock, &i, &client, n.json)
        }
    }
}

fn score(typed: &str, flag: &str) -> Result<Score> {
    typed.parse().map_err(|e: matrix::ScoreError| anyhow!("{flag}: {e}"))
}

pub fn add_item(store: &mut Store, clock: &Clock, a: ItemArgs) -> Result<()> {
    let client = resolve_client(store, &a.client)?;
    let (impact, effort) = (score(&a.impact, "--impact")?, score(&a.effort, "--effort")?);
    // (`!private` in the title keeps it private, as in the app and in `cockpit note`.)
    let (title, marked) = capture::private_marked(&a.title);
    let mut item = Item::new(crate::storage::new_id(), client.id, &title, impact, effort, clock.now());
    item.private = a.private || marked;
    let (title, q, private) = (item.title.clone(), item.quadrant(), if item.private { ", private" } else { "" });
    store.apply(&ops::items::add(item)?)?;
    println!("Added '{title}' ({}/{}) to {} ({}{private})", impact.get(), effort.get(), q.title(), client.name);
    Ok(())
}

fn edit_item(store: &mut Store, clock: &Clock, a: ItemEditArgs) -> Result<()> {
    let (before, client) = records::named::<Item>(store, clock, &a.target)?;
    let mut i = before.clone();
    if let Some(t) = &a.title {
        i.title = text::clean_line(t);
    }
    if let Some(n) = records::text(&a.notes) {
        i.notes = text::clean_text(n);
    }
    if let Some(s) = &a.impact {
        i.impact = score(s, "--impact")?;
    }
    if let Some(s) = &a.effort {
        i.effort = score(s, "--effort")?;
    }
    if let Some(s) = &a.status {
        i.status = ItemStatus::parse(s)?;
    }
    if let Some(p) = records::private(a.private, a.shared) {
        i.private = p;
    }
    let made_of = store.made_of(before.id)?;
    let this_week = clock.this_week();
    let change = ops::items::edit(&before, i, crate::storage::new_id(), clock.now(), (&made_of, this_week))?;
    records::edited(store, clock, &before, &client, change, a.target.json)
}
