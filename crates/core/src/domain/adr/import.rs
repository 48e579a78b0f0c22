//! A folder's records into a client's decision log.

use super::*;
use std::collections::HashSet;

/// The decision a record describes, for `client`: `base` when it updates one already there.
/// What the record leaves out keeps the base's value (a date, a status, Cockpit's own fields
/// in a record another tool wrote); a new decision without a status is proposed.
pub(super) fn decision_of(
    a: &Adr,
    client: Id,
    base: Option<&Decision>,
    today: NaiveDate,
    now: crate::domain::Timestamp,
    new_id: crate::domain::NewId,
) -> Decision {
    let mut d = base.cloned().unwrap_or_else(|| Decision::captured(new_id(), client, &a.title, a.date.unwrap_or(today), now));
    d.title = crate::domain::text::clean_line(&a.title);
    d.date = a.date.unwrap_or(d.date);
    d.status = a.status.unwrap_or(if base.is_some() { d.status } else { Status::Proposed });
    d.context = crate::domain::text::clean_text(&a.context);
    d.decision = crate::domain::text::clean_text(&a.decision);
    d.options = crate::domain::text::clean_text(&a.options);
    d.consequences = crate::domain::text::clean_text(&a.consequences);
    d.decided_by = crate::domain::text::clean_line(&a.decided_by);
    d.category = a.category.unwrap_or(d.category);
    d.reversibility = a.reversibility.unwrap_or(d.reversibility);
    d.revisit = a.revisit.or(base.and_then(|b| b.revisit));
    if !a.tags.is_empty() || base.is_none() {
        d.tags = a.tags.clone();
    }
    d
}

/// What a record says of a decision: `base` with the record's fields (links are not read).
pub fn read_into(a: &Adr, base: &Decision) -> Decision {
    decision_of(a, base.client_id, Some(base), base.date, base.updated_at, &mut || base.id)
}

/// What a folder's records are matched by, besides their content.
#[derive(Default)]
pub struct Known<'a> {
    /// The decision each file was last written for or read into (see [`Synced`]).
    pub files: HashMap<String, Id>,
    /// Whether an id is free in the whole database: a record's `cockpit-id` becomes its
    /// decision's id when it is, so that a second database exporting the folder updates the
    /// same files.
    pub id_free: Option<&'a dyn Fn(Id) -> bool>,
    /// Only these files' changes are taken (the others are read for their links only).
    pub only: Option<HashSet<String>>,
}

/// The edits that bring `records` into a client's log (and the decision each record file now
/// holds), or why they cannot: supersede links that
/// go round in a circle (a record superseded by itself, or A by B by A), naming the files.
///
/// A record matches a decision of this client by the file it was last synced with, the id kept
/// in the file, else by title and date (not a private decision's); unchanged ones give no
/// edit, so importing twice changes nothing. Supersede links are set once every decision
/// exists.
pub fn import(
    records: &[Adr],
    client: Id,
    existing: &[Decision],
    known: &Known,
    today: NaiveDate,
    now: crate::domain::Timestamp,
    new_id: crate::domain::NewId,
) -> Result<(Vec<crate::domain::Edit>, HashMap<String, Id>), String> {
    use crate::domain::{Edit, Record};
    let mut records = records.to_vec();
    resolve_numbers(&mut records);
    records.sort_by(|a, b| (a.number, a.date, &a.file).cmp(&(b.number, b.date, &b.file)));
    let taken = |a: &Adr| known.only.as_ref().is_none_or(|only| only.contains(&a.file));
    // (Not by title with a private decision: no export wrote one, so a record is not it.)
    let same = |a: &Adr, d: &Decision| {
        a.cockpit_id == Some(d.id)
            || (!d.private && d.title.to_lowercase() == crate::domain::text::clean_line(&a.title).to_lowercase() && a.date == Some(d.date))
    };
    let mine: Vec<&Decision> = existing.iter().filter(|d| d.client_id == client).collect();
    let mut edits = Vec::new();
    let mut by_file: HashMap<String, Decision> = HashMap::new();
    // A decision another file holds is not matched again (a copied file keeps the id of the one
    // it was copied from).
    let held: HashSet<Id> = known.files.values().copied().collect();
    for a in records.iter().filter(|a| !crate::domain::text::clean_line(&a.title).is_empty()) {
        let synced = known.files.get(&a.file).and_then(|id| mine.iter().find(|d| d.id == *id));
        let base = synced.or_else(|| mine.iter().find(|d| !held.contains(&d.id) && same(a, d))).copied();
        if !taken(a) {
            // Read for its links only.
            if let Some(b) = base {
                by_file.insert(a.file.clone(), b.clone());
            }
            continue;
        }
        let mut d = decision_of(a, client, base, today, now, new_id);
        if base.is_none() {
            if let Some(id) =
                a.cockpit_id.filter(|id| known.id_free.is_some_and(|free| free(*id)) && !by_file.values().any(|d| d.id == *id))
            {
                d.id = id;
            }
        }
        // Links are compared and set in the second pass.
        d.superseded_by = base.and_then(|b| b.superseded_by);
        match base {
            Some(b) if *b == d => {}
            Some(b) => edits.push(Edit::update(Record::Decision(b.clone()), Record::Decision(d.clone()))),
            None => edits.push(Edit::insert(Record::Decision(d.clone()))),
        }
        by_file.insert(a.file.clone(), d);
    }
    let mut links: HashMap<Id, Id> = HashMap::new();
    for a in records.iter().filter(|a| taken(a)) {
        let Some(me) = by_file.get(&a.file) else { continue };
        if let Some(new) = a.superseded_by.as_ref().and_then(|f| by_file.get(f)) {
            links.insert(me.id, new.id);
        }
        for old in a.supersedes.iter().filter_map(|f| by_file.get(f)) {
            links.entry(old.id).or_insert(me.id);
        }
    }
    let circular: Vec<&str> = records
        .iter()
        .filter(|a| {
            by_file
                .get(&a.file)
                .is_some_and(|me| crate::domain::decision::leads_to(|id| links.get(&id).copied(), me.id, me.id, links.len()))
        })
        .map(|a| a.file.as_str())
        .collect();
    if !circular.is_empty() {
        return Err(format!("these records' supersede links go round in a circle: {}; nothing was imported", circular.join(", ")));
    }
    let mut linked: Vec<&Decision> = by_file.values().filter(|d| links.get(&d.id).is_some_and(|to| d.superseded_by != Some(*to))).collect();
    linked.sort_by_key(|d| (d.date, d.title.clone()));
    for d in linked {
        // (One in force is superseded, as Cockpit's own supersede makes it: with a link and its
        // status it would show as in force. One rejected or deprecated stays so, as its record
        // says.)
        let status = if matches!(d.status, Status::Accepted | Status::Proposed) { Status::Superseded } else { d.status };
        let after = Decision { superseded_by: links.get(&d.id).copied(), status, ..d.clone() };
        edits.push(Edit::update(Record::Decision(d.clone()), Record::Decision(after)));
    }
    let files = records.iter().filter(|a| taken(a)).filter_map(|a| Some((a.file.clone(), by_file.get(&a.file)?.id))).collect();
    Ok((edits, files))
}
