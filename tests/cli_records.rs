//! Every record type through the command line alone: added, shown, edited and deleted, with
//! `--json` read back at each step, and named by a title, the start of one, or an id.

mod common;

use common::*;
use serde_json::Value;

fn json(db: &std::path::Path, args: &[&str]) -> Value {
    let out = cli_ok(db, args);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
}

fn refused(db: &std::path::Path, args: &[&str]) -> String {
    let out = run_cli(db, args);
    assert!(!out.status.success(), "{args:?} succeeded: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    cli_ok(&db, &["client", "add", "Acme"]);
    (dir, db)
}

#[test]
fn a_risk_from_add_to_delete() {
    let (_d, db) = db();
    cli_ok(&db, &["decide", "Two AWS accounts"]);
    cli_ok(&db, &["risk", "add", "Single AWS account", "--likelihood", "3", "--impact", "4"]);
    cli_ok(&db, &["risk", "add", "Single point of failure", "--likelihood", "2", "--impact", "2"]);
    let shown = json(&db, &["risk", "show", "single aws", "--json"]);
    assert_eq!((shown["likelihood"].as_i64(), shown["impact"].as_i64()), (Some(3), Some(4)));
    let edited = json(
        &db,
        &[
            "risk",
            "edit",
            "Single AWS",
            "--likelihood",
            "5",
            "--status",
            "mitigating",
            "--mitigated-by",
            "D-1",
            "--review",
            "2026-12-20",
            "--json",
        ],
    );
    assert_eq!(
        (edited["likelihood"].as_i64(), edited["status"].as_str(), edited["review"].as_str()),
        (Some(5), Some("mitigating"), Some("2026-12-20"))
    );
    assert!(edited["mitigated_by"].is_string());
    // The new score is kept in its history, and goes with it.
    let text = cli_ok(&db, &["risk", "show", "single aws"]);
    assert!(text.contains("mitigated by   D-001") && text.contains("(5 × 4 = 20, critical)"), "{text}");
    let many = refused(&db, &["risk", "show", "single"]);
    assert!(many.contains("'single' could be 2 risks") && many.contains("Single point of failure"), "{many}");
    // The end of the id, as the ambiguity listed it, names it.
    let id = edited["id"].as_str().unwrap().replace('-', "");
    let by_id = json(&db, &["risk", "show", &id[id.len() - 8..], "--json"]);
    assert_eq!(by_id["title"], "Single AWS account");
    // A delete takes only a whole name or an id.
    assert!(refused(&db, &["risk", "delete", "single aws"]).contains("did you mean 'Single AWS account'"));
    let deleted = json(&db, &["risk", "delete", "single aws account", "--json"]);
    assert_eq!(deleted["deleted"]["title"], "Single AWS account");
    let left = json(&db, &["risks", "--all", "--json"]);
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert!(refused(&db, &["risk", "edit", "point", "--likelihood", "9"]).contains("9 is not a score from 1 to 5"));
}

#[test]
fn an_action_a_person_and_a_vendor_from_add_to_delete() {
    let (_d, db) = db();
    cli_ok(&db, &["action", "add", "Send the rota", "--owner", "Marco", "--due", "2026-11-20"]);
    assert!(
        refused(&db, &["action", "add", "Too early", "--due", "1969-12-31"]).contains("--due: Cockpit's calendar runs from 1970 to 9999")
    );
    let a = json(&db, &["action", "edit", "A-1", "--due", "none", "--owner", "me", "--status", "done", "--json"]);
    assert_eq!((a["due"].clone(), a["owner"].as_str(), a["status"].as_str()), (Value::Null, Some(""), Some("done")));
    assert_eq!(json(&db, &["action", "show", "1", "--json"])["closed_on"], "2026-11-18");
    assert_eq!(json(&db, &["action", "delete", "A-1", "--json"])["deleted"]["number"], 1);
    assert!(refused(&db, &["action", "show", "A-1"]).contains("there is no A-1"));

    cli_ok(&db, &["person", "add", "Marco Rossi", "--role", "Lead"]);
    assert!(refused(&db, &["person", "note", "marco", "Wants to lead the migration."]).contains("not the whole name"));
    cli_ok(&db, &["person", "note", "marco rossi", "Wants to lead the migration."]);
    let p = json(&db, &["person", "edit", "marco", "--team", "Platform", "--stage", "screen", "--json"]);
    assert_eq!((p["team"].as_str(), p["stage"].as_str()), (Some("Platform"), Some("screen")));
    let private = cli_ok(&db, &["person", "show", "marco", "--include-private"]);
    assert!(private.contains("Wants to lead the migration."), "{private}");
    assert!(!cli_ok(&db, &["person", "show", "marco"]).contains("Wants to lead"));
    // A name given decomposed (an e then its accent, as macOS pastes it) is the name typed.
    cli_ok(&db, &["person", "add", "Jose\u{301} Alvarez"]);
    assert!(cli_ok(&db, &["person", "show", "Jos\u{e9} Alvarez"]).contains("Jos\u{e9} Alvarez"));
    cli_ok(&db, &["person", "note", "Jose\u{301} alvarez", "Asked about the roadmap."]);
    cli_ok(&db, &["person", "delete", "Jos\u{e9} Alvarez"]);
    // A person goes with their 1:1s.
    cli_ok(&db, &["person", "delete", "Marco Rossi"]);
    assert_eq!(json(&db, &["people", "--json"]), serde_json::json!([]));

    cli_ok(&db, &["vendor", "add", "Datadog", "--cost-per-year", "18000"]);
    let v =
        json(&db, &["vendor", "edit", "datadog", "--cost-per-year", "none", "--notice-days", "30", "--renewal", "2027-01-31", "--json"]);
    assert_eq!((v["cost_per_year"].clone(), v["notice_days"].as_u64(), v["renewal"].as_str()), (Value::Null, Some(30), Some("2027-01-31")));
    assert_eq!(json(&db, &["vendor", "delete", "datadog", "--json"])["deleted"]["name"], "Datadog");
}

#[test]
fn entries_items_time_and_meetings_from_add_to_delete() {
    let (dir, db) = db();
    cli_ok(&db, &["note", "Write the runbook", "--lane", "infra", "--task"]);
    cli_ok(&db, &["entry", "done", "runbook"]);
    let e =
        json(&db, &["entry", "edit", "runbook", "--lane", "strategy", "--status", "open", "--text", "Write the on-call runbook", "--json"]);
    assert_eq!(
        (e["lane"].as_str(), e["done_at"].clone(), e["text"].as_str()),
        (Some("strategy"), Value::Null, Some("Write the on-call runbook"))
    );
    assert!(refused(&db, &["entry", "edit", "runbook", "--note", "--status", "done"]).contains("is a note"));
    cli_ok(&db, &["entry", "delete", "Write the on-call runbook"]);
    assert_eq!(json(&db, &["week", "--json"]), serde_json::json!([]));

    cli_ok(&db, &["item", "CRM keeps drifting", "--impact", "5", "--effort", "2"]);
    cli_ok(&db, &["item", "add", "Tidy up reports", "--impact", "2", "--effort", "1"]);
    let i = json(&db, &["item", "edit", "crm", "--impact", "3", "--status", "doing", "--json"]);
    assert_eq!((i["impact"].as_i64(), i["status"].as_str()), (Some(3), Some("doing")));
    assert_eq!(json(&db, &["item", "delete", "Tidy up reports", "--json"])["deleted"]["title"], "Tidy up reports");

    cli_ok(&db, &["time", "add", "--from", "2026-11-18 09:00", "--to", "10:30", "--note", "Architecture review"]);
    let listed = cli_ok(&db, &["time", "list"]);
    assert!(listed.contains("Architecture review") && listed.contains("1:30"), "{listed}");
    let t = json(&db, &["time", "edit", "2026-11-18 09:00", "--to", "11:00", "--lane", "building", "--json"]);
    assert_eq!((t["end"].as_str(), t["lane"].as_str()), (Some("2026-11-18T11:00:00Z"), Some("building")));
    cli_ok(&db, &["client", "add", "Northwind Logistics"]);
    let moved = json(&db, &["time", "edit", "architecture", "--move-to", "north", "--json"]);
    assert_eq!(moved["end"], "2026-11-18T11:00:00Z");
    assert!(refused(&db, &["time", "show", "architecture", "--client", "Acme"]).contains("Acme has no time entry named"));
    // Named by its id in the wrong client: the other client is asked for.
    let id = moved["id"].as_str().unwrap().replace('-', "");
    let said = refused(&db, &["time", "show", &id[id.len() - 8..], "--client", "Acme"]);
    assert!(said.contains("another client's is named with --client NAME"), "{said}");
    cli_ok(&db, &["time", "delete", "2026-11-18 09:00", "--client", "north"]);
    assert_eq!(json(&db, &["time", "list", "--json"]), serde_json::json!([]));

    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "a: Send the rota @Marco\n").unwrap();
    cli_ok(&db, &["meeting", "add", "Ops review", "--notes-file", notes.to_str().unwrap()]);
    let m = json(&db, &["meeting", "edit", "ops", "--title", "Weekly ops review", "--kind", "leadership", "--json"]);
    assert_eq!((m["title"].as_str(), m["kind"].as_str()), (Some("Weekly ops review"), Some("leadership")));
    // A private meeting's notes (for the user alone, as 1:1 notes are) only with --include-private.
    assert_eq!(json(&db, &["meetings", "--json"])[0].get("notes"), None);
    assert!(json(&db, &["meetings", "--json", "--include-private"])[0]["notes"].as_str().unwrap().contains("Send the rota"));
    assert_eq!(json(&db, &["meeting", "show", "ops", "--json"]).get("notes"), None);
    let shown = cli_ok(&db, &["meeting", "show", "ops"]);
    assert!(shown.contains("(private: --include-private shows them)") && !shown.contains("Send the rota @Marco"), "{shown}");
    assert!(cli_ok(&db, &["meeting", "show", "ops", "--include-private"]).contains("Send the rota @Marco"));
    assert_eq!(json(&db, &["meeting", "edit", "ops", "--attendees", "Lee", "--json"]).get("notes"), None);
    // Deleted, the meeting leaves its action, no longer linked to it (its notes not printed).
    let said = cli_ok(&db, &["meeting", "delete", "Weekly ops review"]);
    assert!(
        said.contains("Deleted meeting 'Weekly ops review'") && said.contains("Weekly ops review', keeping what was made in it (1 action)"),
        "{said}"
    );
    assert_eq!(json(&db, &["meetings", "--json"]), serde_json::json!([]));
    let a = json(&db, &["action", "show", "A-1", "--json"]);
    assert_eq!((a["title"].as_str(), &a["meeting_id"]), (Some("Send the rota"), &serde_json::Value::Null), "{a}");
}

#[test]
fn a_client_without_records_can_be_deleted_and_one_with_records_is_archived_instead() {
    let (_d, db) = db();
    cli_ok(&db, &["client", "add", "Typo Corp"]);
    assert_eq!(json(&db, &["client", "show", "typo", "--json"])["name"], "Typo Corp");
    // (A week's status is no record of its own: it goes with the client.)
    cli_ok(&db, &["week-status", "green", "--client", "typo"]);
    cli_ok(&db, &["client", "delete", "typo"]);
    cli_ok(&db, &["client", "add", "Typo Corp"]);
    assert!(cli_ok(&db, &["week-status", "--client", "typo"]).contains("no status"), "not the deleted one's");
    cli_ok(&db, &["note", "Kick-off", "--lane", "strategy", "--client", "Acme"]);
    let e = refused(&db, &["client", "delete", "acme"]);
    assert!(e.contains("Acme has records; cockpit client archive 'Acme'"), "{e}");
}

#[test]
fn the_status_and_list_commands_take_json() {
    let (_d, db) = db();
    let st = json(&db, &["week-status", "amber", "Hiring is late", "--json"]);
    assert_eq!((st["status"]["rag"].as_str(), st["status"]["reason"].as_str()), (Some("amber"), Some("Hiring is late")));
    assert_eq!(json(&db, &["week-status", "--clear", "--json"])["status"], Value::Null);
    let keys = json(&db, &["keys", "--json"]);
    let capture = keys["commands"].as_array().unwrap().iter().find(|c| c["command"] == "capture_decision").unwrap();
    assert_eq!(capture["keys"], serde_json::json!(["d"]));
    assert!(keys["commands"].as_array().unwrap().iter().any(|c| c["command"] == "backup" && c["keys"] == serde_json::json!([])));
    for args in [
        &["time", "report", "--json"][..],
        &["time", "status", "--json"],
        &["status", "--json"],
        &["today", "--json"],
        &["backup", "--list", "--json"],
    ] {
        json(&db, args);
    }
}

#[test]
fn numbers_are_never_given_twice_and_an_undone_delete_keeps_its_number() {
    let (_d, db) = db();
    for t in ["One", "Two", "Three"] {
        cli_ok(&db, &["decide", t]);
        cli_ok(&db, &["action", "add", t]);
    }
    cli_ok(&db, &["decision", "delete", "D-3"]);
    cli_ok(&db, &["action", "delete", "A-3"]);
    assert_eq!(json(&db, &["decide", "Four", "--json"])["number"], 4);
    let added = cli_ok(&db, &["action", "add", "Four"]);
    assert!(added.contains("as A-4"), "{added}");
    // In the app: a deleted action comes back with its number, though another was added since.
    let mut e = engine_on(&db);
    e.keys(&["9"]);
    let first = cockpit::app::actions::selected(&e.app).unwrap().clone();
    e.keys(&["X"]);
    cli_ok(&db, &["action", "add", "Added elsewhere meanwhile"]);
    e.keys(&["u"]);
    assert!(status(&e).starts_with("Undid"), "{}", status(&e));
    let back = json(&db, &["action", "show", &first.code(), "--json"]);
    assert_eq!(back["title"].as_str(), Some(first.title.as_str()));
}

#[test]
fn an_edit_empties_a_text_with_none_and_moves_only_where_it_may() {
    let (_d, db) = db();
    cli_ok(&db, &["client", "add", "Northwind"]);
    cli_ok(&db, &["client", "add", "Gone"]);
    cli_ok(&db, &["client", "archive", "Gone"]);
    cli_ok(
        &db,
        &["risk", "add", "Bus factor", "--likelihood", "3", "--impact", "3", "--owner", "Ana", "--tag", "SOC 2", "--client", "Acme"],
    );
    let r = json(&db, &["risk", "edit", "bus", "--owner", "none", "--tag", "none", "--mitigation", "none", "--client", "Acme", "--json"]);
    assert_eq!((r["owner"].as_str(), r["tags"].clone(), r["mitigation"].as_str()), (Some(""), serde_json::json!([]), Some("")));
    cli_ok(&db, &["note", "Kick-off", "--lane", "strategy", "--client", "Acme"]);
    assert!(refused(&db, &["entry", "edit", "kick", "--move-to", "gone", "--client", "Acme"]).contains("Gone is archived"));
    let moved = cli_ok(&db, &["entry", "edit", "kick", "--move-to", "north", "--client", "Acme"]);
    assert!(moved.starts_with("Moved 'Kick-off' to Northwind"), "{moved}");
    cli_ok(&db, &["time", "add", "--from", "2026-11-18 09:00", "--to", "10:00", "--client", "Acme"]);
    cli_ok(&db, &["time", "bill", "--invoice", "INV-7", "--client", "Acme"]);
    let e = refused(&db, &["time", "edit", "2026-11-18 09:00", "--move-to", "north", "--client", "Acme"]);
    assert!(e.contains("billed on INV-7") && e.contains("cockpit time unbill --invoice 'INV-7'"), "{e}");
}

#[test]
fn decisions_are_streamed_as_the_same_json_a_list_would_give() {
    let (_d, db) = db();
    for t in ["One", "Two", "Three"] {
        cli_ok(&db, &["decide", t, "--tag", "infra"]);
    }
    let streamed = cli_ok(&db, &["decisions", "--json"]);
    let store = cockpit::storage::Store::open(&db).unwrap();
    let acme = store.clients(false).unwrap()[0].id;
    assert_eq!(streamed, format!("{}\n", serde_json::to_string_pretty(&store.decisions(acme).unwrap()).unwrap()));
    let text = cli_ok(&db, &["decisions"]);
    assert_eq!(text.lines().count(), 3);
    assert!(text.starts_with("D-003"), "{text}");
}

#[test]
fn an_opening_from_add_to_delete() {
    let (_d, db) = db();
    cli_ok(&db, &["decide", "Hire a senior backend engineer"]);
    cli_ok(&db, &["opening", "add", "Senior backend engineer", "--decision", "D-1"]);
    let o = json(&db, &["opening", "edit", "senior", "--status", "on-hold", "--json"]);
    assert_eq!(o["status"], "on-hold");
    assert!(o["decision_id"].is_string());
    let o = json(&db, &["opening", "edit", "senior", "--decision", "none", "--json"]);
    assert_eq!(o["decision_id"], Value::Null);
    assert!(cli_ok(&db, &["opening", "list"]).contains("on-hold   Senior backend engineer"));
    cli_ok(&db, &["opening", "delete", "Senior backend engineer"]);
    assert_eq!(json(&db, &["opening", "list", "--json"]), serde_json::json!([]));
    assert!(refused(&db, &["opening", "add", "  "]).contains("needs its role"));
}

/// A command about a few decisions reads those, by number or id, not the client's whole log:
/// it works, and says what it did, while another decision's row cannot be read at all (so, at a
/// million decisions, it takes milliseconds, not the second the whole log took).
#[test]
fn commands_naming_decisions_read_only_those() {
    let (_d, db) = db();
    for title in ["Two AWS accounts", "Adopt Datadog", "Damaged later", "Move to Kafka"] {
        cli_ok(&db, &["decide", title]);
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE decisions SET date = 'yesterday' WHERE number = 3", []).unwrap();
    drop(conn);
    // As before: the whole log is read for a list of it, and the bad row is said.
    assert!(refused(&db, &["decisions"]).contains("bad date"));
    let shown = cli_ok(&db, &["decision", "show", "D-2"]);
    assert!(shown.contains("Adopt Datadog"), "{shown}");
    cli_ok(&db, &["vendor", "add", "Datadog", "--decision", "D-2"]);
    let vendors = cli_ok(&db, &["vendors"]);
    assert!(vendors.contains("D-002 Adopt Datadog") && vendors.contains("Datadog"), "{vendors}");
    cli_ok(
        &db,
        &["risk", "add", "Single AWS account", "--likelihood", "3", "--impact", "4", "--mitigated-by", "D-1", "--introduced-by", "D-4"],
    );
    let risk = cli_ok(&db, &["risk", "show", "single aws"]);
    assert!(risk.contains("mitigated by   D-001") && risk.contains("D-004"), "{risk}");
    let register = cli_ok(&db, &["export", "risks", "--format", "csv"]);
    assert!(register.contains("D-001 Two AWS accounts"), "{register}");
    let superseded = cli_ok(&db, &["decision", "supersede", "D-1", "--by", "D-2"]);
    assert!(superseded.contains("D-002 supersedes D-001 ("), "{superseded}");
    // Superseded again by another: the link moves, and the one it replaces is named.
    let moved = cli_ok(&db, &["decision", "supersede", "D-1", "--by", "D-4"]);
    assert!(moved.contains("D-004 supersedes D-001, instead of D-002"), "{moved}");
    cli_ok(&db, &["decision", "supersede", "D-1", "--by", "D-2"]);
    cli_ok(&db, &["decision", "supersede", "D-2", "--by", "D-4"]);
    // Shown, a decision says what it replaced and what replaced it, as the app's detail does.
    cli_ok(&db, &["decision", "edit", "D-2", "--private"]);
    let shown = cli_ok(&db, &["decision", "show", "D-2"]);
    assert!(shown.contains("Supersedes    D-001 Two AWS accounts\n"), "{shown}");
    assert!(shown.contains("Superseded by D-004 Move to Kafka\n"), "{shown}");
    assert!(shown.contains("Private       yes"), "{shown}");
    assert!(!cli_ok(&db, &["decision", "show", "D-4"]).contains("Private"));
    // Following what replaced the new one, and what replaced that, still finds a loop.
    assert!(refused(&db, &["decision", "supersede", "D-4", "--by", "D-1"]).contains("cannot be superseded"));
    assert!(refused(&db, &["decision", "show", "D-9"]).contains("has no D-009"));
}

/// `decision supersede` follows what replaced the new decision within the client's log, as the
/// app does: a link into another client's log (which only a damaged file has) ends the chain.
#[test]
fn a_supersede_chain_is_followed_within_the_clients_log() {
    let (_d, db) = db();
    cli_ok(&db, &["client", "add", "Brightleaf"]);
    cli_ok(&db, &["decide", "Old choice", "--client", "Acme"]);
    cli_ok(&db, &["decide", "New choice", "--client", "Acme"]);
    cli_ok(&db, &["decide", "Elsewhere", "--client", "Brightleaf"]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let id = |client: &str, number: u32| -> String {
        conn.query_row(
            "SELECT d.id FROM decisions d JOIN clients c ON c.id = d.client_id WHERE c.name = ?1 AND d.number = ?2",
            rusqlite::params![client, number],
            |r| r.get(0),
        )
        .unwrap()
    };
    let (new, elsewhere, old) = (id("Acme", 2), id("Brightleaf", 1), id("Acme", 1));
    conn.execute("UPDATE decisions SET superseded_by = ?1 WHERE id = ?2", [&elsewhere, &new]).unwrap();
    conn.execute("UPDATE decisions SET superseded_by = ?1 WHERE id = ?2", [&old, &elsewhere]).unwrap();
    drop(conn);
    let out = cli_ok(&db, &["decision", "supersede", "D-1", "--by", "D-2", "--client", "Acme"]);
    assert!(out.contains("D-002 supersedes D-001"), "{out}");
}

/// The command line shows what the screens show of a record: a meeting's outcomes by code and
/// title and its moments in local time, the meeting a decision was made in and the risk it
/// answers, a private decision in the list, an option not scored on every criterion.
#[test]
fn the_command_line_shows_what_the_screens_show() {
    let (dir, db) = db();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "d: Use Postgres for billing\na: Send the shortlist ^fri\nr: Vendor lock-in\n").unwrap();
    let said = cli_ok(&db, &["meeting", "add", "Weekly sync", "--notes-file", notes.to_str().unwrap(), "--at", "2026-11-18 09:30"]);
    assert!(said.ends_with(": D-001, A-1, risk 'Vendor lock-in'\n"), "{said}");
    // (Notes of many lines: the first ten made are named, the rest counted.)
    let many = dir.path().join("many.txt");
    std::fs::write(&many, (1..=12).map(|n| format!("d: Choice {n}\n")).collect::<String>()).unwrap();
    let said = cli_ok(&db, &["meeting", "add", "Long one", "--notes-file", many.to_str().unwrap()]);
    assert!(said.ends_with(": D-002, D-003, D-004, D-005, D-006, D-007, D-008, D-009, D-010, D-011, and 2 more\n"), "{said}");
    let shown =
        String::from_utf8_lossy(&run_cli_with(&db, &["meeting", "show", "Weekly sync"], &[("TZ", "Europe/Berlin")]).stdout).to_string();
    assert!(shown.contains("- D-001 Use Postgres for billing\n- A-1 Send the shortlist (open)\n- risk 'Vendor lock-in'"), "{shown}");
    assert!(shown.contains("start          Wed Nov 18 2026 10:30") && !shown.contains("Z\n"), "{shown}");
    cli_ok(&db, &["risk", "edit", "Vendor lock-in", "--mitigated-by", "D-001"]);
    let shown = cli_ok(&db, &["decision", "show", "D-001"]);
    assert!(shown.contains("Decided in    Other, 2026-11-18") && shown.contains("Mitigates     risk 'Vendor lock-in'"), "{shown}");
    // (The same links in its JSON.)
    let v: serde_json::Value = serde_json::from_str(&cli_ok(&db, &["decision", "show", "D-001", "--json"])).unwrap();
    let links = &v["links"];
    assert_eq!(
        (v["title"].as_str(), links["decided_in"]["title"].as_str()),
        (Some("Use Postgres for billing"), Some("Weekly sync")),
        "{v}"
    );
    assert_eq!(
        (links["risks"][0]["title"].as_str(), links["risks"][0]["link"].as_str()),
        (Some("Vendor lock-in"), Some("mitigates")),
        "{v}"
    );
    assert_eq!((links["supersedes"].as_array().map(Vec::len), links["revisits"].as_array().map(Vec::len)), (Some(0), Some(0)), "{v}");
    cli_ok(&db, &["decision", "edit", "D-001", "--private"]);
    assert!(cli_ok(&db, &["decisions"]).contains("Use Postgres for billing (private)"));
    assert!(cli_ok(&db, &["meeting", "show", "Weekly sync"]).contains("- D-001 Use Postgres for billing (private)"));
    cli_ok(&db, &["vendor", "add", "Stripe", "--decision", "D-001"]);
    cli_ok(&db, &["vendor", "add", "Adyen", "--decision", "D-001"]);
    cli_ok(&db, &["vendor", "score", "Stripe", "--criterion", "fit", "--score", "4"]);
    cli_ok(&db, &["vendor", "score", "Stripe", "--criterion", "cost", "--score", "2"]);
    cli_ok(&db, &["vendor", "score", "Adyen", "--criterion", "fit", "--score", "5"]);
    let listed = cli_ok(&db, &["vendors"]);
    assert!(
        listed.contains("Adyen                         1.00*") && listed.contains("(*: a criterion not scored counts as 0)"),
        "{listed}"
    );
}
