//! The tables of the record types: per field, its column(s), how it is read and what is
//! written (see [`table!`](crate::rows::table)). A new record type's table goes in a file of its
//! own, with the reads its screens need.

use crate::rows::{day, id_str, stamp, table};
use cockpit_core::domain::text::{clean_line, clean_text};
use cockpit_core::domain::*;

table!(Client, CLIENT_COLS, "clients", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    name ["name"] c.line()? => [clean_line(&r.name)];
    shape ["shape"] c.choice()? => [r.shape.key().to_string()];
    hours_per_week ["hours_per_week"] c.get()? => [r.hours_per_week];
    start_date ["start_date"] c.date()? => [day(r.start_date)];
    archived ["archived"] c.flag()? => [r.archived];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
    hours_per_month ["hours_per_month"] c.get()? => [r.hours_per_month];
    private_lanes ["private_lanes"] c.raw()?.split(',').filter_map(|l| l.trim().parse().ok()).collect()
        => [r.private_lanes.iter().map(|l| l.key()).collect::<Vec<_>>().join(",")];
    code_names ["code_names"] c.line()?.split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect()
        => [r.code_names.iter().map(|n| clean_line(&n.replace(',', " "))).collect::<Vec<_>>().join(", ")];
    terms ["terms"] c.json()? => [serde_json::to_string(&r.terms).unwrap_or_else(|_| "{}".into())];
});

table!(Entry, ENTRY_COLS, "entries", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    week ["week"] c.parsed()? => [r.week.to_string()];
    lane ["lane"] c.parsed()? => [r.lane.key().to_string()];
    kind ["kind"] c.serde_str()? => [serde_json::to_value(r.kind).ok().and_then(|v| v.as_str().map(String::from))];
    text ["text"] c.line()? => [clean_line(&r.text)];
    body ["body"] c.text()? => [clean_text(&r.body)];
    done_at ["done_at"] c.opt_time()? => [r.done_at.map(stamp)];
    position ["position"] c.get()? => [r.position];
    carried_from ["carried_from"] c.opt_id()? => [id_str(r.carried_from)];
    item_id ["item_id"] c.opt_id()? => [id_str(r.item_id)];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
    private ["private"] c.flag()? => [r.private];
});

table!(Decision, DECISION_COLS, "decisions", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    number ["number"] c.get()? => [r.number];
    title ["title"] c.line()? => [clean_line(&r.title)];
    date ["date"] c.date()? => [day(r.date)];
    status ["status"] c.choice()? => [r.status.key().to_string()];
    context ["context"] c.text()? => [clean_text(&r.context)];
    decision ["decision"] c.text()? => [clean_text(&r.decision)];
    options ["options"] c.text()? => [clean_text(&r.options)];
    consequences ["consequences"] c.text()? => [clean_text(&r.consequences)];
    category ["category"] c.choice()? => [r.category.key().to_string()];
    reversibility ["reversibility"] c.choice()? => [r.reversibility.key().to_string()];
    revisit ["revisit"] c.opt_date()? => [r.revisit.map(day)];
    tags ["tags"] decision::clean_tags(c.tags()?) => [serde_json::to_string(&decision::clean_tags(&r.tags)).unwrap_or_else(|_| "[]".into())];
    decided_by ["decided_by"] c.line()? => [clean_line(&r.decided_by)];
    superseded_by ["superseded_by"] c.opt_id()? => [id_str(r.superseded_by)];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
    private ["private"] c.flag()? => [r.private];
    former_numbers ["former_numbers"] c.json()? => [serde_json::to_string(&r.former_numbers).unwrap_or_else(|_| "[]".into())];
});

table!(Item, ITEM_COLS, "items", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    title ["title"] c.line()? => [clean_line(&r.title)];
    notes ["notes"] c.text()? => [clean_text(&r.notes)];
    impact ["impact"] c.score()? => [r.impact.get()];
    effort ["effort"] c.score()? => [r.effort.get()];
    status ["status"] c.choice()? => [r.status.key().to_string()];
    decision_id ["decision_id"] c.opt_id()? => [id_str(r.decision_id)];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
    private ["private"] c.flag()? => [r.private];
});

table!(ScoreChange, SCORE_COLS, "score_changes", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    item_id ["item_id"] c.id()? => [r.item_id.to_string()];
    at ["at"] c.time()? => [stamp(r.at)];
    from ["from_impact", "from_effort"] (c.score()?, c.score()?) => [r.from.0.get(), r.from.1.get()];
    to ["to_impact", "to_effort"] (c.score()?, c.score()?) => [r.to.0.get(), r.to.1.get()];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

table!(TimeEntry, TIME_COLS, "time_entries", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    start ["start_at"] c.time()? => [stamp(r.start)];
    end ["end_at"] c.opt_time()? => [r.end.map(stamp)];
    lane ["lane"] c.opt_parsed()? => [r.lane.map(|l| l.key().to_string())];
    note ["note"] c.line()? => [clean_line(&r.note)];
    tags ["tags"] c.tags()?.iter().map(|t| clean_line(t)).collect()
        => [serde_json::to_string(&r.tags.iter().map(|s| clean_line(s)).collect::<Vec<_>>()).expect("tags serialise")];
    billed ["billed"] c.flag()? => [r.billed];
    invoice ["invoice"] c.line()? => [clean_line(&r.invoice)];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
    meeting_id ["meeting_id"] c.opt_id()? => [id_str(r.meeting_id)];
    imported_as ["imported_as"] c.get::<Option<String>>()?.map(|t| clean_line(&t)) => [r.imported_as.as_deref().map(clean_line)];
    private ["private"] c.flag()? => [r.private];
});
