//! What Cockpit last wrote into or read from each file of an ADR folder.

use super::{Result, Store};
use cockpit_core::domain::adr::Synced;
use rusqlite::{params, TransactionBehavior};

impl Store {
    /// The files of `folder` (a canonical path) Cockpit has written or read, by name.
    pub fn adr_files(&self, folder: &str) -> Result<Vec<Synced>> {
        let mut stmt = self.conn.prepare("SELECT file, hash, decision FROM adr_files WHERE folder = ?1 ORDER BY file")?;
        let rows = stmt.query_map([folder], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (file, hash, decision) = row?;
            // A row another tool spoiled is as good as none: that file counts as never synced.
            let Ok(mut decision) = serde_json::from_str::<cockpit_core::domain::Decision>(&decision) else { continue };
            // Its one-line texts cleaned as the decision's row reads them (`tables.rs`): a title
            // kept with an accent after its letter, before such accents were composed, is the
            // same title.
            use cockpit_core::domain::{decision::clean_tags, text::clean_line};
            decision.title = clean_line(&decision.title);
            decision.decided_by = clean_line(&decision.decided_by);
            decision.tags = clean_tags(&decision.tags);
            out.push(Synced { file, hash, decision });
        }
        Ok(out)
    }

    /// Every folder Cockpit remembers files of.
    pub fn adr_folders(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT DISTINCT folder FROM adr_files ORDER BY folder")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Remembers what was written or read, and forgets files that are gone (renamed or
    /// removed in the repository), in one transaction.
    pub fn remember_adr_files(&mut self, folder: &str, files: &[Synced], gone: &[String]) -> Result<()> {
        self.still_there()?;
        self.refuse_if_damaged()?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut put = tx.prepare(
                "INSERT INTO adr_files (folder, file, hash, decision) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(folder, file) DO UPDATE SET hash = excluded.hash, decision = excluded.decision",
            )?;
            for f in files {
                let decision = serde_json::to_string(&f.decision).expect("a decision serialises");
                put.execute(params![folder, f.file, f.hash, decision])?;
            }
            let mut forget = tx.prepare("DELETE FROM adr_files WHERE folder = ?1 AND file = ?2")?;
            for file in gone {
                forget.execute(params![folder, file])?;
            }
        }
        tx.commit()?;
        self.writes.set(self.writes.get() + 1);
        Ok(())
    }
}
