//! The risk register and its re-scoring history.

use crate::rows::{day, id_str, stamp, table, Table};
use crate::{Result, Store};
use cockpit_core::domain::risk::clean_tags;
use cockpit_core::domain::text::{clean_line, clean_text};
use cockpit_core::domain::{Choice, Id, Risk, RiskScore};

table!(Risk, RISK_COLS, "risks", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    title ["title"] c.line()? => [clean_line(&r.title)];
    description ["description"] c.text()? => [clean_text(&r.description)];
    category ["category"] c.choice()? => [r.category.key().to_string()];
    tags ["tags"] clean_tags(c.tags()?) => [serde_json::to_string(&clean_tags(&r.tags)).unwrap_or_else(|_| "[]".into())];
    likelihood ["likelihood"] c.score()? => [r.likelihood.get()];
    impact ["impact"] c.score()? => [r.impact.get()];
    owner ["owner"] c.line()? => [clean_line(&r.owner)];
    mitigation ["mitigation"] c.text()? => [clean_text(&r.mitigation)];
    status ["status"] c.choice()? => [r.status.key().to_string()];
    review ["review"] c.opt_date()? => [r.review.map(day)];
    introduced_by ["introduced_by"] c.opt_id()? => [id_str(r.introduced_by)];
    mitigated_by ["mitigated_by"] c.opt_id()? => [id_str(r.mitigated_by)];
    private ["private"] c.flag()? => [r.private];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
    closed_on ["closed_on"] c.opt_date()? => [r.closed_on.map(day)];
});

table!(RiskScore, RISK_SCORE_COLS, "risk_scores", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    risk_id ["risk_id"] c.id()? => [r.risk_id.to_string()];
    at ["at"] c.time()? => [stamp(r.at)];
    from ["from_likelihood", "from_impact"] (c.score()?, c.score()?) => [r.from.0.get(), r.from.1.get()];
    to ["to_likelihood", "to_impact"] (c.score()?, c.score()?) => [r.to.0.get(), r.to.1.get()];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

impl Store {
    /// A client's risks (or every client's), highest score first.
    pub fn risks(&self, client: Option<Id>) -> Result<Vec<Risk>> {
        let sql = format!(
            "SELECT {RISK_COLS} FROM risks WHERE (?1 IS NULL OR client_id = ?1) ORDER BY likelihood * impact DESC, impact DESC, title"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([client.map(|c| c.to_string())], Risk::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The re-scorings of a client's risks, oldest first.
    pub fn risk_scores(&self, client: Id) -> Result<Vec<RiskScore>> {
        let sql = format!(
            "SELECT {RISK_SCORE_COLS} FROM risk_scores WHERE risk_id IN (SELECT id FROM risks WHERE client_id = ?1) ORDER BY at, created_at"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([client.to_string()], RiskScore::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
