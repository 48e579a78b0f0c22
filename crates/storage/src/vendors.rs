//! Vendors (the options of an evaluation, and contracts) and evaluations' criteria.

use crate::rows::{day, id_str, stamp, table, Table};
use crate::{Result, Store};
use cockpit_core::domain::money::Money;
use cockpit_core::domain::text::clean_line;
use cockpit_core::domain::vendor::{Evaluation, Vendor};
use cockpit_core::domain::Id;

table!(Vendor, VENDOR_COLS, "vendors", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    name ["name"] c.line()? => [clean_line(&r.name)];
    decision_id ["decision_id"] c.opt_id()? => [id_str(r.decision_id)];
    build ["build"] c.flag()? => [r.build];
    cost_per_year ["cost_per_year"] c.get::<Option<i64>>()?.map(Money) => [r.cost_per_year.map(|m| m.0)];
    one_off ["one_off"] c.get::<Option<i64>>()?.map(Money) => [r.one_off.map(|m| m.0)];
    scores ["scores"] c.json()? => [serde_json::to_string(&r.scores).unwrap_or_else(|_| "[]".into())];
    renewal ["renewal"] c.opt_date()? => [r.renewal.map(day)];
    notice_days ["notice_days"] c.get()? => [r.notice_days];
    chosen ["chosen"] c.flag()? => [r.chosen];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

table!(Evaluation, EVALUATION_COLS, "evaluations", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    decision_id ["decision_id"] c.opt_id()? => [id_str(r.decision_id)];
    criteria ["criteria"] c.json()? => [serde_json::to_string(&r.criteria).unwrap_or_else(|_| "[]".into())];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

impl Store {
    /// A client's vendors and options (or every client's), by decision, then name.
    pub fn vendors(&self, client: Option<Id>) -> Result<Vec<Vendor>> {
        let sql =
            format!("SELECT {VENDOR_COLS} FROM vendors WHERE (?1 IS NULL OR client_id = ?1) ORDER BY decision_id, name COLLATE NOCASE");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([client.map(|c| c.to_string())], Vendor::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A client's evaluations (their criteria and weights).
    pub fn evaluations(&self, client: Id) -> Result<Vec<Evaluation>> {
        let sql = format!("SELECT {EVALUATION_COLS} FROM evaluations WHERE client_id = ?1");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([client.to_string()], Evaluation::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
