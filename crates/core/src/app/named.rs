//! The decisions the current client's other records name: a risk's (what brought it in, what
//! mitigates it), a vendor's and an evaluation's, an opening's, a hire's, a meeting's outcomes.
//! They are read by id with those records (`Data::named`), so that drawing them never walks the
//! decision log for each one (at a million decisions, a frame of the Vendors screen took half a
//! second), and names a decision beyond the part of the log read so far.

use crate::domain::decision::Brief;
use crate::domain::meeting::OutcomeKind;
use crate::domain::Id;

/// The decision `id`, when a record of the current client names it and it is there.
pub fn brief(app: &super::App, id: Id) -> Option<&Brief> {
    let named = &app.data.named;
    named.binary_search_by_key(&id, |d| d.id).ok().map(|at| &named[at])
}

/// The decisions the current client's records in `data` name, each once, in the order of their
/// ids (as `Data::named` holds them).
pub fn naming(data: &super::Data) -> Vec<Id> {
    let risks = data.risks.iter().flat_map(|r| [r.introduced_by, r.mitigated_by]);
    let vendors = data.vendors.iter().map(|v| v.decision_id).chain(data.evaluations.iter().map(|e| e.decision_id));
    let people = data.people.iter().map(|p| p.hiring_decision).chain(data.openings.iter().map(|o| o.decision_id));
    let outcomes = data.meetings.iter().flat_map(|m| &m.outcomes).filter(|o| o.kind == OutcomeKind::Decision).map(|o| Some(o.id));
    let mut ids: Vec<Id> = risks.chain(vendors).chain(people).chain(outcomes).flatten().collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}
