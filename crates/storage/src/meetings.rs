//! Meetings and actions.

use crate::rows::{day, id_str, stamp, table, Table};
use crate::{Result, Store};
use cockpit_core::domain::meeting::clean_attendees;
use cockpit_core::domain::text::{clean_line, clean_text};
use cockpit_core::domain::{Action, Choice, Id, Meeting};
use rusqlite::params;

table!(Meeting, MEETING_COLS, "meetings", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    title ["title"] c.line()? => [clean_line(&r.title)];
    kind ["kind"] c.choice()? => [r.kind.key().to_string()];
    start ["start_at"] c.time()? => [stamp(r.start)];
    end ["end_at"] c.opt_time()? => [r.end.map(stamp)];
    attendees ["attendees"] clean_attendees(c.tags()?) => [serde_json::to_string(&clean_attendees(&r.attendees)).unwrap_or_else(|_| "[]".into())];
    notes ["notes"] c.text()? => [clean_text(&r.notes)];
    private ["private"] c.flag()? => [r.private];
    outcomes ["outcomes"] c.json()? => [serde_json::to_string(&r.outcomes).unwrap_or_else(|_| "[]".into())];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

table!(Action, ACTION_COLS, "actions", |c, r, now| {
    id ["id"] c.id()? => [r.id.to_string()];
    client_id ["client_id"] c.id()? => [r.client_id.to_string()];
    number ["number"] c.get()? => [r.number];
    title ["title"] c.line()? => [clean_line(&r.title)];
    owner ["owner"] c.line()? => [clean_line(&r.owner)];
    due ["due"] c.opt_date()? => [r.due.map(day)];
    status ["status"] c.choice()? => [r.status.key().to_string()];
    meeting_id ["meeting_id"] c.opt_id()? => [id_str(r.meeting_id)];
    private ["private"] c.flag()? => [r.private];
    closed_on ["closed_on"] c.opt_date()? => [r.closed_on.map(day)];
    created_at ["created_at"] c.time()? => [stamp(r.created_at)];
    updated_at ["updated_at"] c.time()? => [now.to_string()];
});

/// Which actions a list reads.
#[derive(Debug, Clone, Default)]
pub struct ActionQuery<'a> {
    pub client: Option<Id>,
    /// Owned by this person (`me` or empty: the user).
    pub owner: Option<&'a str>,
    /// Done and dropped ones too.
    pub all: bool,
}

impl Store {
    /// A client's meetings (or every client's), newest first.
    pub fn meetings(&self, client: Option<Id>) -> Result<Vec<Meeting>> {
        let sql =
            format!("SELECT {MEETING_COLS} FROM meetings WHERE (?1 IS NULL OR client_id = ?1) ORDER BY start_at DESC, created_at DESC");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([client.map(|c| c.to_string())], Meeting::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Actions in list order (open first, overdue and soonest due first).
    pub fn actions(&self, q: &ActionQuery) -> Result<Vec<Action>> {
        let sql = format!(
            "SELECT {ACTION_COLS} FROM actions WHERE (?1 IS NULL OR client_id = ?1) AND (?2 OR status = 'open')
             ORDER BY status != 'open', due IS NULL, due, number"
        );
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map(params![q.client.map(|c| c.to_string()), q.all], Action::read)?;
        let all: Vec<Action> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(match q.owner {
            None => all,
            Some(o) if cockpit_core::domain::action::is_me(o) => all.into_iter().filter(Action::is_mine).collect(),
            Some(o) => {
                let o = o.trim().trim_start_matches('@');
                all.into_iter().filter(|a| a.owner.eq_ignore_ascii_case(o)).collect()
            }
        })
    }

    /// The action with this number.
    pub fn action(&self, number: u32) -> Result<Option<Action>> {
        use rusqlite::OptionalExtension;
        let sql = format!("SELECT {ACTION_COLS} FROM actions WHERE number = ?1");
        Ok(self.conn().query_row(&sql, [number], Action::read).optional()?)
    }
}
