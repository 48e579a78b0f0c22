//! Append-only schema migrations, tracked in `PRAGMA user_version`. Never edit a shipped
//! migration: add a new one at the end.

use rusqlite_migration::{Migrations, M};

const SCHEMA: &[&str] = &[
    // 1: client workspaces and settings
    "CREATE TABLE clients (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        shape TEXT NOT NULL,
        hours_per_week REAL,
        start_date TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX clients_name_unique ON clients(name COLLATE NOCASE);
    CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );",
    // 2: the decision log
    "CREATE TABLE decisions (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        date TEXT NOT NULL,
        status TEXT NOT NULL,
        context TEXT NOT NULL DEFAULT '',
        decision TEXT NOT NULL DEFAULT '',
        options TEXT NOT NULL DEFAULT '',
        consequences TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL,
        reversibility TEXT NOT NULL,
        revisit TEXT,
        tags TEXT NOT NULL DEFAULT '[]',
        decided_by TEXT NOT NULL DEFAULT '',
        superseded_by TEXT REFERENCES decisions(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (client_id, number)
    );
    CREATE INDEX decisions_by_client_date ON decisions(client_id, date, number);
    CREATE INDEX decisions_by_superseded ON decisions(superseded_by);",
    // 3: the impact × effort matrix and its re-scoring history
    "CREATE TABLE items (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        title TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
        effort INTEGER NOT NULL CHECK (effort BETWEEN 1 AND 5),
        status TEXT NOT NULL,
        decision_id TEXT REFERENCES decisions(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX items_by_client ON items(client_id);
    CREATE TABLE score_changes (
        id TEXT PRIMARY KEY NOT NULL,
        item_id TEXT NOT NULL REFERENCES items(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        from_impact INTEGER NOT NULL,
        from_effort INTEGER NOT NULL,
        to_impact INTEGER NOT NULL,
        to_effort INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX score_changes_by_item ON score_changes(item_id, at);",
    // 4: the week board
    "CREATE TABLE entries (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        week TEXT NOT NULL,
        lane TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        done_at TEXT,
        position INTEGER NOT NULL,
        carried_from TEXT REFERENCES entries(id) ON DELETE SET NULL,
        item_id TEXT REFERENCES items(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX entries_by_week ON entries(client_id, week, lane, position);
    CREATE INDEX entries_by_carried ON entries(carried_from);",
    // 5: retainer hours
    "ALTER TABLE clients ADD COLUMN hours_per_month REAL;
    CREATE TABLE time_entries (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        start_at TEXT NOT NULL,
        end_at TEXT,
        lane TEXT,
        note TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        billed INTEGER NOT NULL DEFAULT 0,
        invoice TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX time_by_start ON time_entries(start_at);
    CREATE INDEX time_by_client ON time_entries(client_id, start_at);
    -- One timer runs at a time.
    CREATE UNIQUE INDEX time_one_running ON time_entries((end_at IS NULL)) WHERE end_at IS NULL;",
    // 6: indexes for large logs: what changed since a moment, and revisits by date
    "CREATE INDEX decisions_by_client_updated ON decisions(client_id, updated_at);
    CREATE INDEX decisions_by_client_revisit ON decisions(client_id, revisit) WHERE revisit IS NOT NULL;
    CREATE INDEX time_by_end ON time_entries(end_at);",
    // 7: private marks, and which lanes start private (1:1 notes already in the Team lane become
    // private: nothing written there before reaches a client again)
    "ALTER TABLE entries ADD COLUMN private INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE decisions ADD COLUMN private INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE items ADD COLUMN private INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE clients ADD COLUMN private_lanes TEXT NOT NULL DEFAULT 'team';
    ALTER TABLE clients ADD COLUMN code_names TEXT NOT NULL DEFAULT '';
    UPDATE entries SET private = 1 WHERE lane = 'team';",
    // 8: long imports written in short transactions: the rows of an import still being written
    // carry its id and are hidden from every read until one delete here publishes them
    "CREATE TABLE time_imports (
        id TEXT PRIMARY KEY NOT NULL,
        touched_at TEXT NOT NULL,
        abandoned INTEGER NOT NULL DEFAULT 0
    );
    ALTER TABLE time_entries ADD COLUMN import_id TEXT;
    CREATE INDEX time_by_import ON time_entries(import_id) WHERE import_id IS NOT NULL;",
    // 9: what Cockpit last wrote or read for each ADR file (its hash) and the decision it held
    // then (JSON), so that export writes only what Cockpit changed since and never writes over a
    // change made in the repository
    "CREATE TABLE adr_files (
        folder TEXT NOT NULL,
        file TEXT NOT NULL,
        hash TEXT NOT NULL,
        decision TEXT NOT NULL,
        PRIMARY KEY (folder, file)
    );",
    // 10: reviews: a decision's revisit history (reaffirmed on a day, next date)
    "CREATE TABLE reviews (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        subject_id TEXT NOT NULL,
        reviewed_on TEXT NOT NULL,
        was_due TEXT,
        next TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX reviews_by_client ON reviews(client_id, subject_id, reviewed_on);",
    // 11: the open decisions by revisit date, for the agenda (read by date without visiting the
    // closed ones)
    "CREATE INDEX decisions_open_by_revisit ON decisions(client_id, revisit)
        WHERE revisit IS NOT NULL AND status IN ('accepted', 'proposed');",
    // 12: the revisit index of every decision gives way to 11's (every read by revisit date
    // wants open decisions only)
    "DROP INDEX IF EXISTS decisions_by_client_revisit;",
    // 13: the risk register, its re-scoring history (reviews go in `reviews`), and the risks
    // not closed by review date, for the agenda
    "CREATE TABLE risks (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        category TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        likelihood INTEGER NOT NULL CHECK (likelihood BETWEEN 1 AND 5),
        impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 5),
        owner TEXT NOT NULL DEFAULT '',
        mitigation TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        review TEXT,
        introduced_by TEXT REFERENCES decisions(id),
        mitigated_by TEXT REFERENCES decisions(id),
        private INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX risks_by_client ON risks(client_id);
    CREATE INDEX risks_open_by_review ON risks(client_id, review) WHERE review IS NOT NULL AND status != 'closed';
    CREATE TABLE risk_scores (
        id TEXT PRIMARY KEY NOT NULL,
        risk_id TEXT NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        from_likelihood INTEGER NOT NULL,
        from_impact INTEGER NOT NULL,
        to_likelihood INTEGER NOT NULL,
        to_impact INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX risk_scores_by_risk ON risk_scores(risk_id, at);",
    // 14: the day a risk was closed (the week summary lists the risks closed in its week)
    "ALTER TABLE risks ADD COLUMN closed_on TEXT;",
    // 15: meetings, and the actions that come out of them (or are added on their own)
    "CREATE TABLE meetings (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        title TEXT NOT NULL,
        kind TEXT NOT NULL,
        start_at TEXT NOT NULL,
        end_at TEXT,
        attendees TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        private INTEGER NOT NULL DEFAULT 1,
        outcomes TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX meetings_by_client ON meetings(client_id, start_at);
    CREATE TABLE actions (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        number INTEGER NOT NULL UNIQUE,
        title TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        due TEXT,
        status TEXT NOT NULL,
        meeting_id TEXT REFERENCES meetings(id),
        private INTEGER NOT NULL DEFAULT 0,
        closed_on TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX actions_by_client ON actions(client_id, status, due);
    CREATE INDEX actions_open_by_due ON actions(client_id, due) WHERE due IS NOT NULL AND status = 'open';
    CREATE INDEX actions_by_meeting ON actions(meeting_id) WHERE meeting_id IS NOT NULL;",
    // 16: vendors (the options an evaluation compares, and contracts) and evaluations' criteria
    "CREATE TABLE vendors (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        name TEXT NOT NULL,
        decision_id TEXT REFERENCES decisions(id),
        build INTEGER NOT NULL DEFAULT 0,
        cost_per_year INTEGER,
        one_off INTEGER,
        scores TEXT NOT NULL DEFAULT '[]',
        renewal TEXT,
        notice_days INTEGER,
        chosen INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX vendors_by_client ON vendors(client_id, decision_id);
    CREATE INDEX vendors_by_renewal ON vendors(client_id, renewal) WHERE renewal IS NOT NULL;
    CREATE TABLE evaluations (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        decision_id TEXT REFERENCES decisions(id),
        criteria TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX evaluations_one_per_decision ON evaluations(client_id, coalesce(decision_id, ''));",
    // 17: people and candidates, and the 1:1s held with them
    "CREATE TABLE people (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        name TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT '',
        team TEXT NOT NULL DEFAULT '',
        contact TEXT NOT NULL DEFAULT '',
        stage TEXT,
        hiring_decision TEXT REFERENCES decisions(id),
        agenda TEXT NOT NULL DEFAULT '[]',
        goals TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX people_by_client ON people(client_id);
    CREATE TABLE one_on_ones (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        person_id TEXT NOT NULL REFERENCES people(id),
        on_day TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        discussed TEXT NOT NULL DEFAULT '[]',
        private INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX one_on_ones_by_person ON one_on_ones(person_id, on_day);
    CREATE INDEX one_on_ones_by_client ON one_on_ones(client_id, on_day);",
    // 18: openings (the roles being hired for)
    "CREATE TABLE openings (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        role TEXT NOT NULL,
        status TEXT NOT NULL,
        decision_id TEXT REFERENCES decisions(id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX openings_by_client ON openings(client_id);",
    // 19: a client's terms (rate, monthly fee, overage, rollover), as JSON
    "ALTER TABLE clients ADD COLUMN terms TEXT NOT NULL DEFAULT '{}';",
    // 20: sync between machines. The numbers a decision had before a merge gave it another
    // (two machines both made D-017), still understood. The rest never leaves this file as it
    // is: the log of this machine's changes (written by triggers made at `sync init`), the
    // last-writer-wins register of every synced field, and what has been exchanged.
    "ALTER TABLE decisions ADD COLUMN former_numbers TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE sync_state (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    );
    -- The hybrid logical clock (wall-clock milliseconds × 65536 + a counter), and whether
    -- changes from elsewhere are being applied (the triggers log nothing then).
    CREATE TABLE sync_clock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        hlc INTEGER NOT NULL,
        applying INTEGER NOT NULL
    );
    INSERT INTO sync_clock VALUES (1, 0, 0);
    -- `col` '' is the row itself: 1 made (or made again by an undo), 0 deleted.
    CREATE TABLE sync_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        hlc INTEGER NOT NULL,
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        col TEXT NOT NULL,
        value
    );
    CREATE TABLE sync_fields (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        col TEXT NOT NULL,
        hlc INTEGER NOT NULL,
        device TEXT NOT NULL,
        file_no INTEGER NOT NULL,
        value,
        PRIMARY KEY (tbl, row_id, col)
    ) WITHOUT ROWID;
    -- This machine's change files: the log's rows (from_seq, to_seq], and what it had applied
    -- from every other machine when the file was made.
    CREATE TABLE sync_files (
        n INTEGER PRIMARY KEY,
        from_seq INTEGER NOT NULL,
        to_seq INTEGER NOT NULL,
        seen TEXT NOT NULL,
        written INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE sync_applied (
        device TEXT PRIMARY KEY NOT NULL,
        n INTEGER NOT NULL
    );
    -- What each other device's applied file had seen (so a value here is known to have been made
    -- after a change that arrives late, whatever order files come in).
    CREATE TABLE sync_seen (
        device TEXT NOT NULL,
        n INTEGER NOT NULL,
        seen TEXT NOT NULL,
        PRIMARY KEY (device, n)
    ) WITHOUT ROWID;
    -- Rows held back until what they point to arrives.
    CREATE TABLE sync_pending (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        PRIMARY KEY (tbl, row_id)
    ) WITHOUT ROWID;
    -- A field changed on two machines, neither having seen the other's change: the value kept
    -- (the later one) and the other, until the user chooses.
    CREATE TABLE sync_conflicts (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        col TEXT NOT NULL,
        kept,
        other,
        other_device TEXT NOT NULL,
        other_file INTEGER NOT NULL,
        PRIMARY KEY (tbl, row_id, col)
    ) WITHOUT ROWID;",
    // 21: an index on every link column that had none. Deleting a decision or a matrix item
    // (and adding one while a link waits within a transaction) looks for the rows that point
    // to it: without these, every entry was read to delete one item (two million at a million
    // decisions).
    "CREATE INDEX items_by_decision ON items(decision_id) WHERE decision_id IS NOT NULL;
    CREATE INDEX entries_by_item ON entries(item_id) WHERE item_id IS NOT NULL;
    CREATE INDEX risks_by_mitigation ON risks(mitigated_by) WHERE mitigated_by IS NOT NULL;
    CREATE INDEX risks_by_cause ON risks(introduced_by) WHERE introduced_by IS NOT NULL;
    CREATE INDEX vendors_by_decision ON vendors(decision_id) WHERE decision_id IS NOT NULL;
    CREATE INDEX evaluations_by_decision ON evaluations(decision_id) WHERE decision_id IS NOT NULL;
    CREATE INDEX people_by_hiring ON people(hiring_decision) WHERE hiring_decision IS NOT NULL;
    CREATE INDEX openings_by_decision ON openings(decision_id) WHERE decision_id IS NOT NULL;",
    // 22: how many decisions each client has, kept by triggers. Counting a client's log read
    // its whole index (18 ms a client at a million decisions, on every start-up and after every
    // write from another process); this is one row. It stays on this machine: each machine's
    // triggers count the decisions sync brings.
    "CREATE TABLE decision_tally (
        client_id TEXT PRIMARY KEY NOT NULL,
        decisions INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO decision_tally SELECT client_id, count(*) FROM decisions GROUP BY client_id;
    CREATE TRIGGER decision_tally_made AFTER INSERT ON decisions BEGIN
        INSERT INTO decision_tally VALUES (new.client_id, 1)
            ON CONFLICT (client_id) DO UPDATE SET decisions = decisions + 1;
    END;
    CREATE TRIGGER decision_tally_deleted AFTER DELETE ON decisions BEGIN
        UPDATE decision_tally SET decisions = decisions - 1 WHERE client_id = old.client_id;
    END;
    CREATE TRIGGER decision_tally_moved AFTER UPDATE OF client_id ON decisions
    WHEN new.client_id IS NOT old.client_id BEGIN
        UPDATE decision_tally SET decisions = decisions - 1 WHERE client_id = old.client_id;
        INSERT INTO decision_tally VALUES (new.client_id, 1)
            ON CONFLICT (client_id) DO UPDATE SET decisions = decisions + 1;
    END;",
    // 23: the open decisions by revisit date hold what Today and the week summary show of them
    // (`decision::Brief`), so that those due are read from the index alone (at a million
    // decisions, 16,000 due rows were read whole from the table, long texts and all: 60 ms of
    // each start-up, 40 ms of a summary)
    "DROP INDEX IF EXISTS decisions_open_by_revisit;
    CREATE INDEX decisions_open_by_revisit
        ON decisions(client_id, revisit, status, number, date, reversibility, private, title, id, updated_at)
        WHERE revisit IS NOT NULL AND status IN ('accepted', 'proposed');",
    // 24: a client's matrix items in the order they were made, so that loading them is not
    // followed by a sort (at a million decisions, 6,700 items a client: 5 ms of a switch)
    "DROP INDEX IF EXISTS items_by_client;
    CREATE INDEX items_by_client ON items(client_id, created_at);",
    // 25: the scores of open and in-progress items, for each client's Do-now count (every
    // start-up and reload): read from this index alone, not from every item's row (20,000 items
    // at a million decisions, most of them done or dropped: 4 ms a read, 1 ms from here)
    "CREATE INDEX items_open_scores ON items(client_id, impact, effort, status) WHERE status IN ('open', 'doing');",
    // 26: each client's open tasks by week, for its count of open tasks this week (every
    // start-up, and every change to a week entry): counted in this index, not in the rows of
    // the week's every entry (at a million decisions, 1,200 a client and week: 1.2 ms of a
    // change, 0.1 ms here)
    "CREATE INDEX entries_open_tasks ON entries(client_id, week) WHERE kind = 'task' AND done_at IS NULL;",
    // 27: the week entries a sync round's merges have written (whole for the first time: `new`),
    // until the round's last merge looks at them all (`sync::made_twice`): each file is merged in
    // a transaction of its own, and one merged later in the round, or in the next round after a
    // round was stopped, may change what they are judged against
    "CREATE TABLE sync_merged_entries (row_id TEXT PRIMARY KEY, new INTEGER NOT NULL) WITHOUT ROWID;",
    // 28: a timed meeting's entry holds the meeting it was taken in, so that made private the
    // meeting renames its time however the entry was corrected since (it was found by its start
    // and end). Entries timed before are linked where they still start and end with their
    // meeting, to the second (a meeting's times are kept to the microsecond, an entry's to the
    // second).
    "ALTER TABLE time_entries ADD COLUMN meeting_id TEXT REFERENCES meetings(id);
    CREATE INDEX time_by_meeting ON time_entries(meeting_id) WHERE meeting_id IS NOT NULL;
    UPDATE time_entries SET meeting_id = m.id
        FROM meetings m
        WHERE m.client_id = time_entries.client_id
            AND m.start_at BETWEEN time_entries.start_at AND substr(time_entries.start_at, 1, 20) || '999999Z'
            AND substr(m.end_at, 1, 19) = substr(time_entries.end_at, 1, 19);",
    // 29: an imported entry holds the Timewarrior interval it came from, so that importing the
    // history again finds it however it was edited since (it was found by client, start and
    // end: one entry's end corrected, every later import was refused as overlapping it).
    // Entries imported before (an import's id is left on its rows) are taken to be as imported.
    "ALTER TABLE time_entries ADD COLUMN imported_as TEXT;
    UPDATE time_entries SET imported_as = strftime('%Y%m%dT%H%M%SZ', start_at) || '/' || strftime('%Y%m%dT%H%M%SZ', end_at)
        WHERE import_id IS NOT NULL AND end_at IS NOT NULL;",
    // 30: the Timewarrior intervals whose imported entry was deleted here (by what the entry
    // was imported as), so that importing the history again leaves them out; undoing the
    // delete (the entry stored again) takes the interval off. It syncs: deleted on one
    // machine, an interval is left out of an import on the other too. (The triggers keep it,
    // whatever deletes the entry: the app, the command line, an undo, a restore, a merge.)
    "CREATE TABLE timew_deleted (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL DEFAULT 'timewarrior'
    );
    CREATE TRIGGER timew_deleted_made AFTER DELETE ON time_entries WHEN old.imported_as IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM time_entries WHERE imported_as = old.imported_as) BEGIN
        INSERT OR IGNORE INTO timew_deleted (id) VALUES (old.imported_as);
    END;
    CREATE TRIGGER timew_deleted_back AFTER INSERT ON time_entries WHEN new.imported_as IS NOT NULL BEGIN
        DELETE FROM timew_deleted WHERE id = new.imported_as;
    END;",
    // 31: migration 30's triggers counted an import's own rows taken out unpublished (refused,
    // or killed and cleaned up) as deleted, and a merge's deletes (the other machine's rows
    // bring those); and each delete read the whole time table. They count published rows made
    // or deleted here only, over an index of what entries were imported as.
    "CREATE INDEX time_by_origin ON time_entries(imported_as) WHERE imported_as IS NOT NULL;
    DROP TRIGGER timew_deleted_made;
    DROP TRIGGER timew_deleted_back;
    CREATE TRIGGER timew_deleted_made AFTER DELETE ON time_entries WHEN old.imported_as IS NOT NULL
        AND (old.import_id IS NULL OR old.import_id NOT IN (SELECT id FROM time_imports))
        AND (SELECT applying FROM sync_clock) = 0
        AND NOT EXISTS (SELECT 1 FROM time_entries WHERE imported_as = old.imported_as) BEGIN
        INSERT OR IGNORE INTO timew_deleted (id) VALUES (old.imported_as);
    END;
    CREATE TRIGGER timew_deleted_back AFTER INSERT ON time_entries WHEN new.imported_as IS NOT NULL
        AND (new.import_id IS NULL OR new.import_id NOT IN (SELECT id FROM time_imports))
        AND (SELECT applying FROM sync_clock) = 0 BEGIN
        DELETE FROM timew_deleted WHERE id = new.imported_as;
    END;",
    // 32: a client's status for a week, a record (it was a setting: never undone, and kept on
    // one machine): one per client and week, its id made of them; green, amber or red and why
    // in one field (`amber: why`), so that they sync, conflict and are settled together. The
    // statuses set before are taken in from the settings by the migration's hook
    // (`week_statuses_taken_in`).
    "CREATE TABLE week_statuses (
        id TEXT PRIMARY KEY NOT NULL,
        client_id TEXT NOT NULL REFERENCES clients(id),
        week TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX week_statuses_by_client ON week_statuses(client_id, week);",
    // 33: the fields a sync merge changed on this machine by its own rules (a number given
    // again, a timer stopped, a task ticked), by the clock of the change: they are no change a
    // person made, and do not bring back a record deleted elsewhere (see
    // `sync::edited_while_deleted`). This machine's alone.
    "CREATE TABLE sync_merge_made (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        col TEXT NOT NULL,
        hlc INTEGER NOT NULL,
        PRIMARY KEY (tbl, row_id, col)
    ) WITHOUT ROWID;",
    // 34: the size of each change file this machine wrote, as it was written: one of another
    // size in the place that no longer reads (cut short, or written over, by a tool that syncs
    // the folder) is written again, as one removed is (files written before have none, and are
    // not looked at). And the decisions and actions held back here for a new number, another
    // machine having given theirs first, with the number they had: the round that brings them
    // back says their new one; and those a round under way wrote here first, which no one here
    // knew by a number before it (see `sync::unique`).
    "ALTER TABLE sync_files ADD COLUMN bytes INTEGER;
    CREATE TABLE sync_renumbering (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        was INTEGER NOT NULL,
        PRIMARY KEY (tbl, row_id)
    ) WITHOUT ROWID;
    CREATE TABLE sync_round_new (
        tbl TEXT NOT NULL,
        row_id TEXT NOT NULL,
        PRIMARY KEY (tbl, row_id)
    ) WITHOUT ROWID;",
    // 35: a time entry marked private: its note is for the user alone, never on a statement.
    "ALTER TABLE time_entries ADD COLUMN private INTEGER NOT NULL DEFAULT 0;",
    // 36: time in a lane private by default for its client, whose note statements left out
    // before time had a mark of its own, is private.
    "UPDATE time_entries SET private = 1 WHERE lane IS NOT NULL AND EXISTS (
        SELECT 1 FROM clients c WHERE c.id = time_entries.client_id
            AND ',' || replace(c.private_lanes, ' ', '') || ',' LIKE '%,' || time_entries.lane || ',%'
    );",
    // 37: the rows a sync round's merges wrote, each file in a transaction of its own, looked at
    // for privacy once the round's last file is in (see `sync::written_while_private`).
    "CREATE TABLE sync_round_written (tbl TEXT NOT NULL, row_id TEXT NOT NULL, PRIMARY KEY (tbl, row_id)) WITHOUT ROWID;",
];

/// Each migration, with the Rust its data needs after its SQL (by its number, from 1).
fn each(upto: usize) -> Migrations<'static> {
    Migrations::new(
        SCHEMA[..upto]
            .iter()
            .enumerate()
            .map(|(i, sql)| match i + 1 {
                32 => M::up_with_hook(sql, week_statuses_taken_in),
                _ => M::up(sql),
            })
            .collect(),
    )
}

pub fn migrations() -> Migrations<'static> {
    each(SCHEMA.len())
}

/// Migration 32's data: each week's status kept as a setting (`summary.status.CLIENT.WEEK`,
/// `amber: why`) becomes a record, and the setting goes. One whose client or week is not there
/// any more, or unreadable, is left as it was.
fn week_statuses_taken_in(tx: &rusqlite::Transaction) -> rusqlite_migration::HookResult {
    use cockpit_core::domain::summary::{WeekStatus, WeekStatusRecord};
    use cockpit_core::domain::{Id, IsoWeek};
    let kept: Vec<(String, String)> = tx
        .prepare("SELECT key, value FROM settings WHERE key >= 'summary.status.' AND key < 'summary.status/'")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let now = crate::rows::stamp(chrono::Utc::now());
    for (key, value) in kept {
        let Some((client, week)) = key.strip_prefix("summary.status.").and_then(|k| k.split_once('.')) else { continue };
        let (Ok(client), Ok(week)) = (client.parse::<Id>(), week.parse::<IsoWeek>()) else { continue };
        let there: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM clients WHERE id = ?1)", [client.to_string()], |r| r.get(0))?;
        let status = WeekStatus::from_text(&value).filter(|_| there);
        if let Some(status) = &status {
            tx.execute(
                "INSERT OR IGNORE INTO week_statuses (id, client_id, week, status, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
                rusqlite::params![
                    WeekStatusRecord::id_of(client, week).to_string(),
                    client.to_string(),
                    week.to_string(),
                    status.to_text(),
                    now
                ],
            )?;
        }
        // (A status cleared was kept as an empty setting: nothing to take in.)
        if status.is_some() || value.trim().is_empty() {
            tx.execute("DELETE FROM settings WHERE key = ?1", [&key])?;
        }
    }
    Ok(())
}

/// The schema version this build writes.
pub fn latest() -> i64 {
    SCHEMA.len() as i64
}

/// The schema migrations produce at `version`: every table, index, trigger and view, with the
/// SQL that makes it (white space folded), by type and name.
pub fn schema_of(version: usize) -> rusqlite::Result<Vec<(String, String, String)>> {
    let conn = rusqlite::Connection::open_in_memory()?;
    for sql in &SCHEMA[..version.min(SCHEMA.len())] {
        conn.execute_batch(sql)?;
    }
    schema(&conn)
}

/// As [`schema_of`], with the triggers sync makes once it is set up (they log every change).
pub fn synced_schema_of(version: usize) -> rusqlite::Result<Vec<(String, String, String)>> {
    let conn = rusqlite::Connection::open_in_memory()?;
    for sql in &SCHEMA[..version.min(SCHEMA.len())] {
        conn.execute_batch(sql)?;
    }
    crate::sync::make_triggers(&conn)?;
    schema(&conn)
}

/// The schema of a database, as [`schema_of`] gives it.
pub fn schema(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<(String, String, String)>> {
    let mut stmt =
        conn.prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")?;
    let rows = stmt.query_map([], |r| {
        let sql: String = r.get(2)?;
        Ok((r.get(0)?, r.get(1)?, sql.split_whitespace().collect::<Vec<_>>().join(" ")))
    })?;
    rows.collect()
}

/// Migrations up to `version` only: used by tests that build every earlier schema.
pub fn up_to(version: usize) -> Migrations<'static> {
    each(version)
}
