//! People, candidates and 1:1s.

use crate::rows::{day, id_str, stamp, table, Table};
use crate::{Result, Store};
use cockpit_core::domain::person::{OneOnOne, Opening, Person, Stage};
use cockpit_core::domain::text::{clean_line, clean_text};
use cockpit_core::domain::{Choice, Id};

table!(Person, PERSON_COLS, "people", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    name ["name"] c.line()? => [clean_line(&r.name)];
    role ["role"] c.line()? => [clean_line(&r.role)];
    team ["team"] c.line()? => [clean_line(&r.team)];
    contact ["contact"] c.line()? => [clean_line(&r.contact)];
    stage ["stage"] c.get::<Option<String>>()?.and_then(|s| Stage::parse(&s).ok()) => [r.stage.map(|s| s.key().to_string())];
    hiring_decision ["hiring_decision"] c.opt_id()? => [id_str(r.hiring_decision)];
    agenda ["agenda"] c.json()? => [serde_json::to_string(&r.agenda).unwrap_or_else(|_| "[]".into())];
    goals ["goals"] c.json()? => [serde_json::to_string(&r.goals).unwrap_or_else(|_| "[]".into())];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

table!(OneOnOne, ONE_ON_ONE_COLS, "one_on_ones", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    person_id ["person_id"] c.id()? => [r.person_id.to_string()];
    on ["on_day"] c.date()? => [day(r.on)];
    notes ["notes"] c.text()? => [clean_text(&r.notes)];
    discussed ["discussed"] c.json()? => [serde_json::to_string(&r.discussed).unwrap_or_else(|_| "[]".into())];
    private ["private"] c.flag()? => [r.private];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

table!(Opening, OPENING_COLS, "openings", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    role ["role"] c.line()? => [clean_line(&r.role)];
    status ["status"] c.choice()? => [r.status.key().to_string()];
    decision_id ["decision_id"] c.opt_id()? => [id_str(r.decision_id)];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

impl Store {
    /// A client's openings, by role.
    pub fn openings(&self, client: Id) -> Result<Vec<Opening>> {
        let sql = format!("SELECT {OPENING_COLS} FROM openings WHERE client_id = ?1 ORDER BY role COLLATE NOCASE");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([client.to_string()], Opening::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A client's people and candidates, by name.
    pub fn people(&self, client: Id) -> Result<Vec<Person>> {
        let sql = format!("SELECT {PERSON_COLS} FROM people WHERE client_id = ?1 ORDER BY name COLLATE NOCASE");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([client.to_string()], Person::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A client's 1:1s, newest first.
    pub fn one_on_ones(&self, client: Id) -> Result<Vec<OneOnOne>> {
        let sql = format!("SELECT {ONE_ON_ONE_COLS} FROM one_on_ones WHERE client_id = ?1 ORDER BY on_day DESC, created_at DESC");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([client.to_string()], OneOnOne::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
