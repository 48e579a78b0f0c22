//! What Cockpit last wrote into or read from each file of an ADR folder.

use super::rows::stamp;
use super::{Result, Store};
use crate::domain::adr::Synced;
use rusqlite::{params, TransactionBehavior};

impl Store {
    /// The files of `folder` (a canonical path) Cockpit has written or read, by name.
    pub fn adr_files(&self, folder: &str) -> Result<Vec<Synced>> {
        let mut stmt =
            self.conn.prepare("SELECT file, decision_id, hash, decision_updated_at FROM adr_files WHERE folder = ?1 ORDER BY file")?;
        let rows = stmt.query_map([folder], |r| {
            let id: String = r.get(1)?;
            let at: String = r.get(3)?;
            Ok((r.get::<_, String>(0)?, id, r.get::<_, String>(2)?, at))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (file, id, hash, at) = row?;
            // A row another tool spoiled is as good as none: that file counts as never seen.
            let (Ok(decision), Ok(at)) = (id.parse(), chrono::DateTime::parse_from_rfc3339(&at)) else { continue };
            out.push(Synced { file, decision, hash, decision_updated_at: at.with_timezone(&chrono::Utc) });
        }
        Ok(out)
    }

    /// Remembers what was written or read, in one transaction.
    pub fn remember_adr_files(&mut self, folder: &str, files: &[Synced]) -> Result<()> {
        self.still_there()?;
        self.refuse_if_damaged()?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut put = tx.prepare(
                "INSERT INTO adr_files (folder, file, decision_id, hash, decision_updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(folder, file) DO UPDATE SET decision_id = excluded.decision_id, hash = excluded.hash,
                 decision_updated_at = excluded.decision_updated_at",
            )?;
            for f in files {
                put.execute(params![folder, f.file, f.decision.to_string(), f.hash, stamp(f.decision_updated_at)])?;
            }
        }
        tx.commit()?;
        self.writes.set(self.writes.get() + 1);
        Ok(())
    }
}
