//! Money and hours out of Cockpit: a client's terms, `cockpit invoice` and its marking, and the
//! per-entry exports, the timeclock one against the real hledger (Debian's; a missing hledger
//! skips that test with a message, except under CI, where it fails).

mod common;

use chrono::{DateTime, Duration, Utc};
use cockpit::domain::time::ledger;
use cockpit::domain::{Change, Client, Edit, Lane, Record, Shape, TimeEntry};
use cockpit::storage::Store;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

/// The real binary on `db`, in Berlin, on 2026-12-02 at 12:00.
fn run(db: &Path, args: &[&str]) -> Output {
    run_at(db, "2026-12-02", "12:00", args)
}

/// The real binary on `db`, in Berlin, on `day` at `time`.
fn run_at(db: &Path, day: &str, time: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(args)
        .env("COCKPIT_DB", db)
        .env("COCKPIT_TODAY", day)
        .env("COCKPIT_TIME", time)
        .env("TZ", "Europe/Berlin")
        .output()
        .unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

fn refused(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(!o.status.success(), "{args:?} was not refused: {}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8(o.stderr).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Time for `client` stored directly: `spans` of (start, seconds).
fn add_time(db: &Path, client: &str, spans: &[(DateTime<Utc>, i64)]) {
    let mut store = Store::open(db).unwrap();
    let c = store.client_named(client).unwrap().unwrap();
    let edits = spans
        .iter()
        .enumerate()
        .map(|(i, (start, secs))| {
            let lane = Lane::ALL.get(i % 6).copied();
            let e = TimeEntry::closed(
                cockpit::storage::new_id(),
                c.id,
                *start,
                *start + Duration::seconds(*secs),
                lane,
                &format!("work {i}, \"part\""),
                *start,
            )
            .unwrap();
            Edit::insert(Record::Time(e))
        })
        .collect();
    store.apply(&Change::new("time", edits)).unwrap();
}

#[test]
fn terms_are_set_checked_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "Helix Payments", "--rate", "150", "--currency", "eur"]);
    let e = refused(&db, &["client", "add", "Orbit", "--monthly-fee", "4000", "--included-hours", "20"]);
    assert!(e.contains("say which currency") && e.contains("--currency"), "{e}");
    let e = refused(&db, &["client", "add", "Orbit", "--hours-per-week", "5", "--hours-per-month", "20"]);
    assert!(e.contains("by the week or by the month, not both"), "{e}");
    let e = refused(&db, &["client", "add", "Orbit", "--currency", "USD", "--monthly-fee", "4000"]);
    assert!(e.contains("needs the hours it includes") && e.contains("--included-hours"), "{e}");
    ok(&db, &["client", "add", "Orbit", "--currency", "USD", "--monthly-fee", "4000", "--included-hours", "20", "--overage-rate", "180"]);
    let e = refused(&db, &["client", "set", "Orbit", "--rate", "100"]);
    assert!(e.contains("not both") && e.contains("--monthly-fee none"), "{e}");
    let e = refused(&db, &["client", "set", "Helix Payments", "--rollover", "one-month"]);
    assert!(e.contains("without a monthly fee"), "{e}");
    // (Each refusal names what to give instead.)
    let e = refused(&db, &["client", "set", "Helix Payments", "--overage-rate", "50"]);
    assert!(e.contains("set a rate (--rate, or --monthly-fee and --included-hours)"), "{e}");
    let e = refused(&db, &["client", "set", "Orbit", "--hours-per-week", "5"]);
    assert!(e.contains("a monthly fee's hours are counted by the month: give them with --included-hours"), "{e}");
    assert!(refused(&db, &["client", "set", "Helix Payments", "--rate", "1.234"])
        .contains("--rate: '1.234' is not an amount: at most two decimals, up to 1,000,000,000,000 (or none"));
    let out = ok(&db, &["client", "set", "Orbit", "--rollover", "one-month"]);
    assert!(out.contains("4,000 USD/mo for 20 h, then 180 USD/h, unused hours carried one month"), "{out}");
    // Weekly hours given to a monthly client replace the monthly ones, once the fee is cleared.
    let out = ok(
        &db,
        &[
            "client",
            "set",
            "Orbit",
            "--monthly-fee",
            "none",
            "--overage-rate",
            "none",
            "--rollover",
            "none",
            "--hours-per-week",
            "10",
            "--rate",
            "120",
        ],
    );
    assert!(out.contains("10 h/wk, 120 USD/h"), "{out}");
    let clients: Value = serde_json::from_str(&ok(&db, &["client", "list", "--json"])).unwrap();
    let orbit = clients.as_array().unwrap().iter().find(|c| c["name"] == "Orbit").unwrap();
    assert_eq!((orbit["hours_per_month"].clone(), orbit["terms"]["rate"].clone()), (Value::Null, Value::from(12000)));
}

#[test]
fn an_invoice_is_the_month_priced_and_marking_it_billed_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "Helix Payments", "--rate", "150", "--currency", "EUR"]);
    // 1:30, 0:20 and an evening across midnight (23:00–01:00 Berlin) in November; one in December.
    add_time(
        &db,
        "Helix Payments",
        &[
            (at("2026-11-02T08:00:00Z"), 5400),
            (at("2026-11-03T08:00:00Z"), 1200),
            (at("2026-11-30T22:00:00Z"), 7200),
            (at("2026-12-01T08:00:00Z"), 3600),
        ],
    );
    let md = ok(&db, &["invoice", "--client", "Helix Payments", "--month", "2026-11"]);
    assert!(md.starts_with("<!-- Statement written by Cockpit -->\n# Statement: Helix Payments, November 2026"), "{md}");
    assert!(md.contains("| 2026-11-02 | Architecture & planning | work 0, \"part\" | 1.50 | 225.00 |"), "{md}");
    assert!(md.contains("| 2026-11-03 | Building | work 1, \"part\" | 0.33 | 49.50 |"), "{md}");
    // The evening's November hour only; its December hour is December's. (In Team sync, a lane
    // private by default for the client, its note is the user's alone: the lane says what it was.)
    assert!(md.contains("| 2026-11-30 | Team sync & mentorship |  | 1.00 | 150.00 |"), "{md}");
    assert!(!md.contains("work 2"), "{md}");
    assert!(md.contains("| **Total** | **2.83** | **424.50 EUR** |"), "{md}");
    // The same hours as the report of the month.
    let report: Value = serde_json::from_str(&ok(&db, &["time", "report", "--month", "2026-11", "--format", "json"])).unwrap();
    assert_eq!(report["hours"].as_f64().unwrap(), 2.83);

    let csv = ok(&db, &["invoice", "--client", "Helix Payments", "--month", "2026-11", "--format", "csv"]);
    assert!(csv.starts_with("kind,date,lane,note,hours,amount,currency,invoice\n"), "{csv}");
    assert!(csv.contains("time,2026-11-03,building,\"work 1, \"\"part\"\"\",0.33,49.50,EUR,\n"), "{csv}");
    assert!(csv.ends_with("total,,,Total,2.83,424.50,EUR,\n"), "{csv}");

    // Written to a file of its own; another program's file is left alone.
    let out = dir.path().join("nov.html");
    let o = run(
        &db,
        &[
            "invoice",
            "--client",
            "Helix Payments",
            "--month",
            "2026-11",
            "--format",
            "html",
            "--output",
            out.to_str().unwrap(),
            "--mark-billed",
            "INV-2026-11",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<td>work 0, &quot;part&quot;</td>") && html.contains("424.50 EUR"), "{html}");
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, "my notes\n").unwrap();
    let e = refused(&db, &["invoice", "--client", "Helix Payments", "--month", "2026-11", "--output", notes.to_str().unwrap()]);
    assert!(e.contains("is not a statement Cockpit wrote"), "{e}");
    // The file's extension says the format; a --format that disagrees is refused.
    let as_csv = dir.path().join("nov.csv");
    ok(&db, &["invoice", "--client", "Helix Payments", "--month", "2026-11", "--output", as_csv.to_str().unwrap()]);
    assert!(std::fs::read_to_string(&as_csv).unwrap().starts_with("kind,date,lane,note,hours,amount,currency,invoice\n"));
    let e = refused(
        &db,
        &["invoice", "--client", "Helix Payments", "--month", "2026-11", "--format", "html", "--output", as_csv.to_str().unwrap()],
    );
    assert!(e.contains("--format html does not match the file"), "{e}");
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "my notes\n");
    // A name for a format Cockpit does not write is refused, not filled with Markdown.
    let pdf = dir.path().join("nov.pdf");
    let e = refused(&db, &["invoice", "--client", "Helix Payments", "--month", "2026-11", "--output", pdf.to_str().unwrap()]);
    assert!(e.contains("not .pdf"), "{e}");
    assert!(!pdf.exists());

    // Exactly November's time was marked: the evening was split at midnight, its December hour
    // left unbilled with December's own entry.
    let entries = ok(&db, &["time", "report", "--month", "2026-12", "--format", "entries"]);
    let billed: Vec<&str> = entries.lines().skip(1).map(|l| l.rsplit(',').nth(1).unwrap()).collect();
    assert_eq!(billed, ["false", "false"], "{entries}");
    assert!(entries.contains("2026-12-01T00:00:00+01:00,2026-12-01T01:00:00+01:00,1.00"), "{entries}");
    let nov = ok(&db, &["time", "report", "--month", "2026-11", "--format", "entries"]);
    assert!(nov.lines().skip(1).all(|l| l.ends_with(",true,INV-2026-11")), "{nov}");
    // Time added to the billed month afterwards is not on the statement sent: said.
    let noted = |from: &str| {
        let o = run(&db, &["time", "add", "--client", "Helix", "--from", from, "--for", "2h"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stderr).unwrap()
    };
    let said = noted("2026-11-20 09:00");
    assert!(said.contains("note: 2026-11 of Helix Payments was billed on INV-2026-11: this time is not on that statement\n"), "{said}");
    assert_eq!(noted("2026-12-01 14:00"), "", "December is not billed");
    // Also when it only reaches into the billed month (October's evening, past midnight).
    let said = noted("2026-10-31 23:00");
    assert!(said.contains("note: 2026-11 of Helix Payments was billed on INV-2026-11"), "{said}");
    for start in ["2026-11-20 09:00", "2026-12-01 14:00", "2026-10-31 23:00"] {
        ok(&db, &["time", "delete", start]);
    }
    // A timer started back in the billed month says so when it is stopped, as added time does.
    let o = run_at(&db, "2026-11-30", "10:00", &["time", "start", "--client", "Helix", "--at", "08:00"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = run_at(&db, "2026-11-30", "11:00", &["time", "stop"]);
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.contains("note: 2026-11 of Helix Payments was billed on INV-2026-11: this time is not on that statement"), "{said}");
    ok(&db, &["time", "delete", "2026-11-30 08:00"]);
    // Marking it on another invoice is refused, and nothing changes; unbilling takes it back.
    // (All of it billed: unbilling is the only way on, and the only one offered.)
    let mark = ["invoice", "--client", "Helix Payments", "--month", "2026-11", "--mark-billed", "INV-9"];
    let e = refused(&db, &mark);
    assert!(
        e.contains("every entry of Helix Payments's statement for 2026-11 is already billed on INV-2026-11; nothing was marked"),
        "{e}"
    );
    assert!(e.contains("cockpit time unbill --client \"Helix Payments\" --invoice 'INV-2026-11')") && !e.contains("the rest"), "{e}");
    ok(&db, &["time", "add", "--client", "Helix", "--from", "2026-11-27 09:00", "--for", "1h"]);
    let e = refused(&db, &mark);
    assert!(e.contains("3 entries of Helix Payments's statement for 2026-11 are already billed on INV-2026-11; nothing was marked"), "{e}");
    // (Each way on works: the rest on the same invoice, or what is not billed yet on another.)
    for way in ["--mark-billed 'INV-2026-11'", "cockpit time bill --client \"Helix Payments\" --month 2026-11 --invoice 'INV-9'"] {
        assert!(e.contains(way), "{way}: {e}");
    }
    let said = ok(&db, &["time", "bill", "--client", "Helix Payments", "--month", "2026-11", "--invoice", "INV-9"]);
    assert!(said.contains("Billed 1 entry of 2026-11 on INV-9"), "{said}");
    ok(&db, &["time", "delete", "2026-11-27 09:00"]);
    // (A reference on two clients' time: which is meant is asked.)
    ok(&db, &["client", "add", "Acme Hospitality"]);
    ok(&db, &["time", "add", "--client", "Acme", "--from", "2026-11-03 19:00", "--for", "1h"]);
    ok(&db, &["time", "bill", "--client", "Acme", "--month", "2026-11", "--invoice", "INV-2026-11"]);
    let e = refused(&db, &["time", "unbill", "--invoice", "INV-2026-11"]);
    assert!(e.contains("time of Acme Hospitality and Helix Payments is billed on 'INV-2026-11': name the client"), "{e}");
    ok(&db, &["time", "unbill", "--invoice", "INV-2026-11", "--client", "Acme"]);
    assert_eq!(
        ok(&db, &["time", "unbill", "--invoice", "INV-2026-11"]).trim(),
        "Marked 3 entries billed on INV-2026-11 unbilled (Helix Payments)"
    );
    let nov = ok(&db, &["time", "report", "--month", "2026-11", "--format", "entries"]);
    assert!(nov.lines().skip(1).all(|l| l.ends_with(",false,")), "{nov}");
}

/// Time marked private keeps its note off the statement in every format (its hours are on it),
/// and shows so in the list and its JSON; marked shared again, its note is back. Time made in a
/// lane private by default for the client, or moved into one, is private until marked shared;
/// changing the client's private lanes changes no time already there.
#[test]
fn a_private_time_entry_keeps_its_note_off_the_statement() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "Helix Payments", "--rate", "150", "--currency", "EUR"]);
    let add = |from: &str, lane: &str, note: &str, private: bool| {
        let mut args = vec!["time", "add", "--from", from, "--for", "1h", "--lane", lane, "--note", note];
        if private {
            args.push("--private");
        }
        ok(&db, &args);
    };
    add("2026-11-02 09:00", "building", "Salary talk with Ana", true);
    add("2026-11-03 09:00", "building", "Payments review", false);
    add("2026-11-04 09:00", "team", "Coaching Marco", false);
    let statement = |format: &str| ok(&db, &["invoice", "--client", "Helix Payments", "--month", "2026-11", "--format", format]);
    let md = statement("markdown");
    assert!(md.contains("| 2026-11-02 | Building |  | 1.00 | 150.00 |"), "{md}");
    assert!(md.contains("| 2026-11-03 | Building | Payments review | 1.00 | 150.00 |"), "{md}");
    assert!(md.contains("| **Total** | **3.00** | **450.00 EUR** |"), "{md}");
    for format in ["markdown", "csv", "html"] {
        let out = statement(format);
        assert!(!out.contains("Salary") && !out.contains("Marco"), "{format}: {out}");
    }
    let list = ok(&db, &["time", "list", "--month", "2026-11"]);
    let line = |what: &str| list.lines().find(|l| l.contains(what)).unwrap_or_else(|| panic!("{what}: {list}")).to_string();
    assert!(line("Salary talk").contains("(private)") && !line("Payments").contains("(private)"), "{list}");
    assert!(line("Coaching").contains("(private)"), "in a lane private by default: {list}");
    let marks = || -> Vec<bool> {
        let json: Value = serde_json::from_str(&ok(&db, &["time", "list", "--month", "2026-11", "--json"])).unwrap();
        json.as_array().unwrap().iter().map(|e| e["private"].as_bool().unwrap()).collect()
    };
    assert_eq!(marks(), vec![true, false, true]);
    // The client's private lanes changed: the time already there keeps its mark.
    let lanes = |private_lanes: Vec<Lane>| {
        let mut store = Store::open(&db).unwrap();
        let c = store.client_named("Helix Payments").unwrap().unwrap();
        let after = Client { private_lanes, ..c.clone() };
        store.apply(&Change::one("lanes", Edit::update(Record::Client(c), Record::Client(after)))).unwrap();
    };
    lanes(vec![]);
    assert!(!statement("markdown").contains("Marco"));

    ok(&db, &["time", "edit", "2026-11-02 09:00", "--shared"]);
    assert!(statement("markdown").contains("| 2026-11-02 | Building | Salary talk with Ana | 1.00 | 150.00 |"));
    ok(&db, &["time", "edit", "2026-11-03 09:00", "--private"]);
    assert!(!statement("csv").contains("Payments review"));
    ok(&db, &["time", "edit", "2026-11-04 09:00", "--shared"]);
    assert!(statement("markdown").contains("Coaching Marco"));
    assert!(refused(&db, &["time", "edit", "2026-11-04 09:00", "--shared", "--private"]).contains("cannot be used with"));
    // Moved into a lane private by default (Team sync again, for the client), time is private;
    // --shared with the move is refused, as the move would make it private.
    lanes(vec![Lane::Team]);
    let e = refused(&db, &["time", "edit", "2026-11-02 09:00", "--lane", "team", "--shared"]);
    assert!(e.contains("give --shared in a command of its own"), "{e}");
    ok(&db, &["time", "edit", "2026-11-02 09:00", "--lane", "team"]);
    assert_eq!(marks(), vec![true, true, false]);
    assert!(!statement("markdown").contains("Salary"));
    // Private already, it may be moved and shared in one edit (the edit says what it is).
    ok(&db, &["time", "edit", "2026-11-02 09:00", "--lane", "building"]);
    assert_eq!(marks(), vec![true, true, false], "moved out of the lane, it keeps its mark");
    ok(&db, &["time", "edit", "2026-11-02 09:00", "--lane", "team", "--shared"]);
    assert_eq!(marks(), vec![false, true, false]);
}

#[test]
fn a_retainer_statement_carries_unused_hours() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &common::ORBIT_WITH_ROLLOVER);
    // October: 6 h (4 unused, carried). November: 15 h = 4 carried + 10 included + 1 over.
    add_time(&db, "Orbit", &[(at("2026-10-05T08:00:00Z"), 6 * 3600)]);
    add_time(
        &db,
        "Orbit",
        &[(at("2026-11-02T08:00:00Z"), 5 * 3600), (at("2026-11-03T08:00:00Z"), 5 * 3600), (at("2026-11-04T08:00:00Z"), 5 * 3600)],
    );
    let csv = ok(&db, &["invoice", "--client", "Orbit", "--month", "2026-11", "--format", "csv"]);
    let rows: BTreeMap<&str, &str> = csv.lines().filter(|l| !l.starts_with("time,")).filter_map(|l| l.split_once(",,,")).collect();
    assert_eq!(rows["fee"], "\"Monthly fee, 10.00 h included\",10.00,4000.00,USD,");
    assert_eq!(rows["carried-in"], "Unused hours carried from October 2026,4.00,,USD,");
    assert_eq!(rows["overage"], "Hours past those at 180.00 USD/h,1.00,180.00,USD,");
    assert_eq!(rows["total"], "Total,15.00,4180.00,USD,");
    assert!(!rows.contains_key("carried-out"), "{csv}");

    // November billed: time added to October, or changed or deleted there, changes the hours
    // carried into November, and so the statement sent; each says so. December is not billed.
    ok(&db, &["invoice", "--client", "Orbit", "--month", "2026-11", "--mark-billed", "R-NOV"]);
    let noted = |args: &[&str]| {
        let o = run(&db, args);
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stderr).unwrap()
    };
    let carried = |now: &str, was: &str| {
        format!("note: hours carried into Orbit's billed months changed: 2026-11 (R-NOV) {was} -> {now} h; check the statements sent\n")
    };
    let said = noted(&["time", "add", "--client", "Orbit", "--from", "2026-10-20 09:00", "--for", "2h"]);
    assert_eq!(said, format!("cockpit: {}", carried("2", "4")));
    let said = noted(&["time", "edit", "2026-10-20 09:00", "--client", "Orbit", "--to", "2026-10-20 10:00"]);
    assert_eq!(said, format!("cockpit: {}", carried("3", "2")));
    // (A note changed moves no hours: nothing to say.)
    assert_eq!(noted(&["time", "edit", "2026-10-20 09:00", "--client", "Orbit", "--note", "Audit"]), "");
    let said = noted(&["time", "delete", "2026-10-20 09:00", "--client", "Orbit"]);
    assert_eq!(said, format!("cockpit: {}", carried("4", "3")));
    // October used whole: more October time carries nothing more, and changes no statement.
    ok(&db, &["time", "add", "--client", "Orbit", "--from", "2026-10-21 08:00", "--for", "6h"]);
    assert_eq!(noted(&["time", "add", "--client", "Orbit", "--from", "2026-10-22 08:00", "--for", "1h"]), "");
    let said = noted(&["time", "add", "--client", "Orbit", "--from", "2026-12-01 09:00", "--for", "1h"]);
    assert_eq!(said, "", "December's hours carry into January, which is not billed");
    // Time added to November itself is not on its statement, and nothing carries from it into
    // a billed month.
    let said = noted(&["time", "add", "--client", "Orbit", "--from", "2026-11-20 09:00", "--for", "1h"]);
    assert_eq!(said, "cockpit: note: 2026-11 of Orbit was billed on R-NOV: this time is not on that statement\n");
}

/// The hours carried into this month count wherever its hours are shown against its retainer,
/// as its statement counts them: used first, so that 12 hours of 10 included are not over.
#[test]
fn the_hours_carried_in_count_wherever_the_month_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let terms = ["--currency", "USD", "--monthly-fee", "4000", "--included-hours", "10", "--rollover", "one-month"];
    ok(&db, &[&["client", "add", "Orbit"][..], &terms].concat());
    // October: 6 h (4 carried into November). November: 7 h, 4 of them carried (7 into
    // December). December: 12 h, of 17.
    add_time(&db, "Orbit", &[(at("2026-10-05T08:00:00Z"), 6 * 3600), (at("2026-11-02T08:00:00Z"), 7 * 3600)]);
    add_time(&db, "Orbit", &[(at("2026-12-01T08:00:00Z"), 12 * 3600)]);
    let csv = ok(&db, &["invoice", "--client", "Orbit", "--month", "2026-12", "--format", "csv"]);
    assert!(csv.contains("Unused hours carried from November 2026,7.00,"), "{csv}");
    assert!(ok(&db, &["time", "status"]).contains("this month: 12 / 10+7 h"));
    let status: Value = serde_json::from_str(&ok(&db, &["time", "status", "--json"])).unwrap();
    assert_eq!((&status["clients"][0]["retainer_hours"], &status["clients"][0]["carried_hours"]), (&10.0.into(), &7.0.into()));
    let today: Value = serde_json::from_str(&ok(&db, &["today", "--json"])).unwrap();
    assert_eq!(today["clients"][0]["hours"]["carried"], 7.0);
    assert!(ok(&db, &["time", "report", "--month", "2026-12"]).contains("(12.00 h) of 10 h + 7 h carried"));
    let report: Value = serde_json::from_str(&ok(&db, &["time", "report", "--month", "2026-12", "--json"])).unwrap();
    assert_eq!(report["clients"][0]["carried_hours"], 7.0, "{report}");
    let week = ok(&db, &["export", "week", "--format", "markdown"]);
    assert!(week.contains("month to date 12 of 10 h + 7 h carried (2026-12)"), "{week}");
    // A week, and November (4 carried, not shown against a week's report), are their own.
    assert!(ok(&db, &["time", "report", "--month", "2026-11"]).contains("(7.00 h) of 10 h + 4 h carried"));
    assert!(!ok(&db, &["time", "report"]).contains("carried"));
}

/// A small carry is written to the hundredth (a tenth would round it away), and a month with no
/// time yet still shows the hours carried into it.
#[test]
fn a_small_carry_is_written_to_the_hundredth() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "Ret", "--currency", "EUR", "--monthly-fee", "2000", "--included-hours", "10", "--rollover", "one-month"]);
    ok(&db, &["client", "add", "Other", "--hours-per-week", "5"]);
    // November: 9:58, 9.97 h of 10: 0.03 carried into December.
    add_time(&db, "Ret", &[(at("2026-11-05T08:00:00Z"), 9 * 3600 + 58 * 60)]);
    let csv = ok(&db, &["invoice", "--client", "Ret", "--month", "2026-12", "--format", "csv"]);
    assert!(csv.contains("Unused hours carried from November 2026,0.03,"), "{csv}");
    assert!(ok(&db, &["time", "status"]).contains("this month: 0 / 10+0.03 h"));
    let report = ok(&db, &["time", "report", "--month", "2026-12"]);
    assert!(report.contains("Ret — 0:00 (0.00 h) of 10 h + 0.03 h carried") && !report.contains("Other"), "{report}");
    assert!(ok(&db, &["export", "week", "--format", "markdown"]).contains("month to date 0 of 10 h + 0.03 h carried (2026-12)"));
}

/// Hours used are counted as the statement counts them (each entry's part of a day in
/// hundredths), wherever they are shown against the retainer: three 20-minute entries are 0.99 h.
#[test]
fn hours_used_are_counted_as_the_statement_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "Ret", "--currency", "EUR", "--monthly-fee", "2000", "--included-hours", "10"]);
    add_time(&db, "Ret", &[(at("2026-12-01T08:00:00Z"), 1200), (at("2026-12-01T09:00:00Z"), 1200), (at("2026-12-01T10:00:00Z"), 1200)]);
    let csv = ok(&db, &["invoice", "--client", "Ret", "--month", "2026-12", "--format", "csv"]);
    assert!(csv.contains("Total,0.99,"), "{csv}");
    let status: Value = serde_json::from_str(&ok(&db, &["time", "status", "--json"])).unwrap();
    assert_eq!(status["clients"][0]["used_hours"], 0.99, "{status}");
    let today: Value = serde_json::from_str(&ok(&db, &["today", "--json"])).unwrap();
    assert_eq!(today["clients"][0]["hours"]["used"], 0.99, "{today}");
    let week: Value = serde_json::from_str(&ok(&db, &["export", "week", "--format", "json"])).unwrap();
    assert_eq!((&week["hours"]["logged"], &week["hours"]["month"]["logged"]), (&0.99.into(), &0.99.into()), "{week}");
}

/// A running timer counts up to the next entry, whoever's and whenever: in `time status`, the
/// week summary and `time report` as on the screens, also when that entry is in an earlier
/// week, or another client's.
#[test]
fn a_running_timer_counts_up_to_the_next_entry_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "X", "--hours-per-week", "5"]);
    ok(&db, &["client", "add", "Y", "--hours-per-week", "5"]);
    // X: on Thursday of last week, time planned for Friday morning, and a timer started that
    // evening and left running.
    let earlier = |day: &str, time: &str, args: &[&str]| {
        let o = run_at(&db, day, time, args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    earlier("2026-11-26", "17:00", &["time", "add", "--client", "X", "--from", "2026-11-27 09:00", "--for", "1h"]);
    earlier("2026-11-26", "17:00", &["time", "start", "--client", "X"]);
    let x = |v: &Value| v["clients"].as_array().unwrap().iter().find(|c| c["client"] == "X").cloned().unwrap_or_default();
    let status: Value = serde_json::from_str(&ok(&db, &["time", "status", "--json"])).unwrap();
    assert_eq!(x(&status)["used_hours"], 0.0, "{status}");
    let report: Value = serde_json::from_str(&ok(&db, &["time", "report", "--json"])).unwrap();
    assert!(x(&report)["seconds"].as_i64().unwrap_or(0) == 0, "{report}");
    let week: Value = serde_json::from_str(&ok(&db, &["export", "week", "--client", "X", "--format", "json"])).unwrap();
    assert!(week["hours"]["logged"].is_null(), "{week}");
    ok(&db, &["time", "stop", "--at", "2026-11-27 09:00"]);
    // Y: a timer since 09:00 today, reaching X's entry at 11:00 (now is 12:00).
    earlier("2026-12-02", "09:00", &["time", "add", "--client", "X", "--from", "2026-12-02 11:00", "--for", "30m"]);
    earlier("2026-12-02", "09:00", &["time", "start", "--client", "Y"]);
    let week: Value = serde_json::from_str(&ok(&db, &["export", "week", "--client", "Y", "--format", "json"])).unwrap();
    assert_eq!(week["hours"]["logged"], 2.0, "{week}");
    assert!(ok(&db, &["time", "status"]).contains("this week: 2 / 5 h"));
    // X's entry the timer ran into is where it ends, not its time: it is billed and edited while
    // the timer runs; time inside what the timer counts is still refused.
    ok(&db, &["time", "edit", "--client", "X", "2026-12-02 11:00", "--note", "review"]);
    ok(&db, &["time", "bill", "--client", "X", "--month", "2026-12", "--invoice", "DEC"]);
    let e = refused(&db, &["time", "add", "--client", "X", "--from", "2026-12-02 10:00", "--for", "15m"]);
    assert!(e.contains("overlaps the timer running since"), "{e}");
    let e = refused(&db, &["time", "edit", "--client", "X", "2026-12-02 11:00", "--from", "10:30"]);
    assert!(e.contains("overlaps the timer running since"), "{e}");
}

/// The week summary's hours are those worked by now, as the header counts them (time planned
/// later today is not logged yet), and on a Sunday its month to date is this month, even when
/// the week's Thursday was in the month before.
#[test]
fn the_week_summary_counts_time_worked_by_now_in_this_month() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "Ret", "--currency", "EUR", "--monthly-fee", "2000", "--included-hours", "10", "--rollover", "one-month"]);
    // Sunday 2026-11-01 at 12:00 in Berlin: 2 h this morning, 3 h planned for the afternoon, and
    // October's 4 h (6 carried into November).
    add_time(
        &db,
        "Ret",
        &[(at("2026-10-29T08:00:00Z"), 4 * 3600), (at("2026-11-01T07:00:00Z"), 2 * 3600), (at("2026-11-01T14:00:00Z"), 3 * 3600)],
    );
    let sunday = |args: &[&str]| {
        let o = run_at(&db, "2026-11-01", "12:00", args);
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    assert!(sunday(&["time", "status"]).contains("this month: 2 / 10+6 h"));
    let week = sunday(&["export", "week", "--format", "markdown"]);
    assert!(week.contains("**Hours:** 6 h this week · month to date 2 of 10 h + 6 h carried (2026-11)"), "{week}");
}

/// `hledger -f FILE balance --depth 1 -O csv`, per account.
fn hledger_balance(file: &Path) -> Option<BTreeMap<String, String>> {
    let o = match Command::new("hledger")
        .args(["-f", file.to_str().unwrap(), "balance", "--depth", "1", "-O", "csv"])
        .env("TZ", "Europe/Berlin")
        .output()
    {
        Ok(o) => o,
        Err(_) => {
            assert!(std::env::var_os("CI").is_none(), "CI must provide hledger (Debian's hledger)");
            eprintln!("skipped: hledger not found");
            return None;
        }
    };
    assert!(o.status.success(), "hledger: {}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    Some(
        text.lines()
            .skip(1)
            .map(|l| {
                let (a, b) = l.rsplit_once(',').unwrap();
                (a.trim_matches('"').to_string(), b.trim_matches('"').trim_end_matches('h').to_string())
            })
            .collect(),
    )
}

#[test]
fn hledger_reads_the_timeclock_export_with_the_same_totals() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let names = ["Helix Payments", "Acme: Ops  Team", "Nord"];
    {
        let mut store = Store::open(&db).unwrap();
        for n in names {
            let c = Client::new(
                cockpit::storage::new_id(),
                n,
                Shape::Operational,
                None,
                chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                Utc::now(),
            )
            .unwrap();
            store.apply(&Change::one("client", Edit::insert(Record::Client(c)))).unwrap();
        }
    }
    // 300 entries of odd lengths (with the 18 s and 54 s halves of a hundredth), back to back
    // over November, many across midnight, over the three clients in turn.
    let mut seed: u64 = 0x5eed;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let mut start = at("2026-10-31T20:00:00Z");
    let mut spans: BTreeMap<&str, Vec<(DateTime<Utc>, i64)>> = BTreeMap::new();
    for i in 0..300 {
        let secs = match i % 10 {
            0 => 18,
            1 => 54,
            _ => 60 + next(5 * 3600) as i64,
        };
        spans.entry(names[i % 3]).or_default().push((start, secs));
        start += Duration::seconds(secs + next(3 * 3600) as i64);
    }
    for (client, s) in &spans {
        add_time(&db, client, s);
    }
    let timeclock = ok(&db, &["time", "report", "--month", "2026-11", "--format", "timeclock"]);
    let file = dir.path().join("nov.timeclock");
    std::fs::write(&file, &timeclock).unwrap();
    let Some(balance) = hledger_balance(&file) else { return };
    let report: Value = serde_json::from_str(&ok(&db, &["time", "report", "--month", "2026-11", "--format", "json"])).unwrap();
    let ours: BTreeMap<String, String> = report["clients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (ledger::account(c["client"].as_str().unwrap(), None), format!("{:.2}", c["hours"].as_f64().unwrap())))
        .chain([("total".to_string(), format!("{:.2}", report["hours"].as_f64().unwrap()))])
        .collect();
    assert_eq!(ours.len(), 4, "{ours:?}");
    assert_eq!(balance, ours, "hledger's balance against cockpit time report");
    // The per-entry CSV adds up to the same hours.
    let entries = ok(&db, &["time", "report", "--month", "2026-11", "--format", "entries"]);
    let mut csv = csv::Reader::from_reader(entries.as_bytes());
    let hundredths: i64 = csv.records().map(|r| r.unwrap()[3].replace('.', "").parse::<i64>().unwrap()).sum();
    assert_eq!(format!("{}.{:02}", hundredths / 100, hundredths % 100), ours["total"]);
}

#[test]
fn time_entry_forgives_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "Helix"]);
    // Wednesday 2026-12-02, 12:00 in Berlin.
    assert!(ok(&db, &["time", "add", "--from", "yesterday 18:30", "--for", "1h30"]).contains("(Tue Dec 1 18:30 – Tue Dec 1 20:00)"));
    assert!(ok(&db, &["time", "add", "--from", "mon 9:00", "--to", "90m"]).contains("(Mon Nov 30 09:00 – Mon Nov 30 10:30)"));
    assert!(ok(&db, &["time", "add", "--for", "45m"]).contains("(Wed Dec 2 11:15 – Wed Dec 2 12:00)"));
    assert!(ok(&db, &["time", "add", "--from", "9am", "--to", "10:15am"]).contains("(Wed Dec 2 09:00 – Wed Dec 2 10:15)"));
    assert!(
        ok(&db, &["time", "add", "--from", "22:00", "--to", "1:30", "--note", "deploy"]).contains("(Wed Dec 2 22:00 – Thu Dec 3 01:30)")
    );
    // A day named in --to counts from today, as in --from.
    assert!(
        ok(&db, &["time", "add", "--from", "yesterday 08:00", "--to", "yesterday 08:30"]).contains("(Tue Dec 1 08:00 – Tue Dec 1 08:30)")
    );
    assert!(ok(&db, &["time", "add", "--from", "mon 22:00", "--to", "tue 01:00"]).contains("(Mon Nov 30 22:00 – Tue Dec 1 01:00)"));
    let o = run(&db, &["time", "add", "--from", "tomorrow 9:00", "--for", "1h"]);
    assert!(o.status.success() && String::from_utf8_lossy(&o.stderr).contains("warning: that time is in the future"));
    // One begun that runs past now is not said to be in the future.
    let other = dir.path().join("d.db");
    ok(&other, &["client", "add", "Helix"]);
    let o = run(&other, &["time", "add", "--from", "11:00", "--to", "14:00"]);
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && said.contains("warning: that time ends later than now (Wed Dec 2 11:00 – Wed Dec 2 14:00)"), "{said}");
    // Time ahead never blocks starting the timer now; ten minutes ago is taken.
    assert!(refused(&db, &["time", "start", "--at", "-10m"]).contains("overlaps Wed Dec 2 11:15–12:00"));
    assert!(ok(&db, &["time", "start"]).contains("Started the timer for Helix at Wed Dec 2 12:00"));
    let e = refused(&db, &["time", "stop", "--at", "11:00"]);
    assert!(e.contains("the timer started at Wed Dec 2 12:00"), "{e}");
    assert!(ok(&db, &["time", "stop"]).contains("Cancelled the timer for Helix"));
    let report: Value = serde_json::from_str(&ok(&db, &["time", "report", "--week", "2026-W49", "--format", "json"])).unwrap();
    assert_eq!(report["hours"].as_f64().unwrap(), 1.5 + 1.5 + 0.75 + 1.25 + 3.5 + 1.0 + 0.5 + 3.0);
    for (args, says) in [
        (&["time", "add", "--from", "9:00", "--to", "10:00", "--for", "1h"][..], "--to or --for, not both"),
        (&["time", "add", "--for", "1x"], "--for: '1x' is not a duration"),
        (&["time", "add", "--note", "x"], "say when"),
        (&["time", "add", "--from", "half past nine", "--for", "1h"], "--from: 'half past nine' is not a time"),
        (&["time", "start", "--at", "tomorrow 9:00"], "a timer starts now or earlier, not later"),
    ] {
        let e = refused(&db, args);
        assert!(e.contains(says), "{args:?}: {e}");
    }
}

#[test]
fn billing_a_month_splits_what_reaches_out_and_a_statement_waits_for_the_timer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "A", "--rate", "97,50", "--currency", "EUR"]);
    assert!(ok(&db, &["client", "list"]).contains("97.50 EUR/h"), "a decimal comma is a decimal comma");
    // March 31 22:00 to April 1 02:00, Berlin.
    add_time(&db, "A", &[(at("2026-03-31T20:00:00Z"), 4 * 3600)]);
    assert_eq!(
        ok(&db, &["time", "bill", "--client", "A", "--month", "2026-04", "--invoice", "APR"]).trim(),
        "Billed 1 entry of 2026-04 on APR (A)"
    );
    let march = ok(&db, &["time", "report", "--month", "2026-03", "--format", "entries"]);
    assert!(
        march.lines().nth(1).unwrap().ends_with(",2.00,architecture,\"work 0, \"\"part\"\"\",,false,"),
        "March's part is not April's:\n{march}"
    );
    let o = run(&db, &["invoice", "--client", "A", "--month", "2026-03", "--mark-billed", "APR"]);
    assert!(
        o.status.success() && String::from_utf8_lossy(&o.stderr).contains("warning: APR already marks time of A 2026-04"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // A running timer in the month: the statement is not marked until it stops.
    ok(&db, &["time", "start", "--client", "A"]);
    let e = refused(&db, &["invoice", "--client", "A", "--month", "2026-12", "--mark-billed", "DEC"]);
    assert!(e.contains("a timer is running in A's statement for 2026-12: stop it first"), "{e}");
    // Clearing the fee clears what goes with it; a currency clears with none.
    ok(
        &db,
        &[
            "client",
            "add",
            "B",
            "--currency",
            "USD",
            "--monthly-fee",
            "1000",
            "--included-hours",
            "5",
            "--overage-rate",
            "150",
            "--rollover",
            "one-month",
        ],
    );
    assert!(ok(&db, &["client", "set", "B", "--monthly-fee", "none", "--rate", "100"]).contains("100 USD/h"));
    ok(&db, &["client", "set", "B", "--rate", "none", "--currency", "none"]);
    let clients: Value = serde_json::from_str(&ok(&db, &["client", "list", "--json"])).unwrap();
    let b = clients.as_array().unwrap().iter().find(|c| c["name"] == "B").unwrap();
    assert_eq!(
        b["terms"],
        serde_json::json!({"currency": "", "rate": null, "monthly_fee": null, "overage_rate": null, "rollover": "none"})
    );
}

#[test]
fn hledger_counts_the_nights_the_clocks_change_as_cockpit_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "Night"]);
    // Berlin: 23:00 to 04:00 across the spring change is 4 h; 00:00 to 04:00 across the autumn one is 5 h.
    add_time(&db, "Night", &[(at("2026-03-28T22:00:00Z"), 4 * 3600), (at("2026-10-24T22:00:00Z"), 5 * 3600)]);
    for (month, hours) in [("2026-03", "4.00"), ("2026-10", "5.00")] {
        let file = dir.path().join(format!("{month}.timeclock"));
        std::fs::write(&file, ok(&db, &["time", "report", "--month", month, "--format", "timeclock"])).unwrap();
        let Some(balance) = hledger_balance(&file) else { return };
        let report: Value = serde_json::from_str(&ok(&db, &["time", "report", "--month", month, "--format", "json"])).unwrap();
        assert_eq!(format!("{:.2}", report["hours"].as_f64().unwrap()), hours);
        assert_eq!(balance["Night"], hours, "{month}: {balance:?}");
    }
}

#[test]
fn hours_only_statements_formulas_and_months_before_the_engagement() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "Plain"]);
    let mut store = Store::open(&db).unwrap();
    let c = store.client_named("Plain").unwrap().unwrap();
    let e = TimeEntry::closed(
        cockpit::storage::new_id(),
        c.id,
        at("2026-11-02T08:00:00Z"),
        at("2026-11-02T09:00:00Z"),
        None,
        "=HYPERLINK(\"http://x\")",
        at("2026-11-02T09:00:00Z"),
    )
    .unwrap();
    store.apply(&Change::one("time", Edit::insert(Record::Time(e)))).unwrap();
    drop(store);
    // Without a rate or fee: hours only, no amount in the total.
    let csv = ok(&db, &["invoice", "--client", "Plain", "--month", "2026-11", "--format", "csv"]);
    assert!(csv.ends_with("total,,,Total,1.00,,,\n"), "{csv}");
    // A spreadsheet formula is written as text.
    assert!(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","), "{csv}");
    let entries = ok(&db, &["time", "report", "--month", "2026-11", "--format", "entries"]);
    assert!(entries.contains(",\"'=HYPERLINK("), "{entries}");
    // A month before the engagement began has no fee and carries nothing.
    ok(&db, &["client", "set", "Plain", "--currency", "EUR", "--monthly-fee", "1000", "--included-hours", "10", "--rollover", "one-month"]);
    let sep = ok(&db, &["invoice", "--client", "Plain", "--month", "2026-09", "--format", "csv"]);
    assert_eq!(sep.lines().filter(|l| !l.starts_with("kind,")).collect::<Vec<_>>(), ["total,,,Total,0.00,,EUR,"], "{sep}");
    let nov = ok(&db, &["invoice", "--client", "Plain", "--month", "2026-11", "--format", "csv"]);
    assert!(nov.contains("fee,,,\"Monthly fee, 10.00 h included\",10.00,1000.00,EUR,") && !nov.contains("carried-in"), "{nov}");
}

/// Two clients whose names a ledger would make one account are not written as one: the
/// timeclock file is refused, naming them; one at a time, each is written.
#[test]
fn clients_that_would_share_a_ledger_account_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "Acme:Sub"]);
    ok(&db, &["client", "add", "Acme-Sub"]);
    add_time(&db, "Acme:Sub", &[(at("2026-11-02T08:00:00Z"), 3600)]);
    add_time(&db, "Acme-Sub", &[(at("2026-11-03T08:00:00Z"), 7200)]);
    let e = refused(&db, &["time", "report", "--month", "2026-11", "--format", "timeclock"]);
    assert!(e.contains("'Acme-Sub' and 'Acme:Sub' would both be the ledger account 'Acme-Sub'"), "{e}");
    let one = ok(&db, &["time", "report", "--month", "2026-11", "--format", "timeclock", "--client", "Acme:Sub"]);
    assert!(one.contains("Acme-Sub") && one.lines().count() == 2, "{one}");
}

/// Time planned later in the month (added ahead) is not worked yet: it is left off the
/// statement and off what is marked billed, said under both, and billed once it is worked.
#[test]
fn time_planned_later_is_billed_once_it_is_worked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "Acme", "--rate", "100", "--currency", "EUR"]);
    ok(&db, &["time", "add", "--client", "Acme", "--from", "2026-12-01 09:00", "--for", "2h", "--note", "Worked"]);
    // Today is Dec 2, 12:00: the 4th is ahead; the entry of the 2nd runs across noon.
    ok(&db, &["time", "add", "--client", "Acme", "--from", "2026-12-04 09:00", "--for", "1h", "--note", "Planned"]);
    ok(&db, &["time", "add", "--client", "Acme", "--from", "2026-12-02 11:00", "--for", "2h", "--note", "Across noon"]);
    let o = run(&db, &["invoice", "--client", "Acme", "--month", "2026-12", "--mark-billed", "INV-1"]);
    let (text, said) = (String::from_utf8_lossy(&o.stdout).to_string(), String::from_utf8_lossy(&o.stderr).to_string());
    assert!(o.status.success(), "{said}");
    assert!(text.contains("Worked") && text.contains("Across noon") && !text.contains("Planned"), "{text}");
    assert!(text.contains("| **Total** | **3.00** | **300.00 EUR** |"), "two hours and the hour before noon: {text}");
    assert!(text.contains("Time planned later in this month is not on this statement until it is worked."), "{text}");
    assert!(said.contains("time planned later in 2026-12 is not on the statement (nor marked billed)"), "{said}");
    let listed = ok(&db, &["time", "list", "--client", "Acme", "--month", "2026-12"]);
    assert_eq!(listed.matches("[billed INV-1]").count(), 2, "{listed}");
    // The report counts it, and says how much is planned later, as the Hours screen does.
    let report = ok(&db, &["time", "report", "--client", "Acme", "--month", "2026-12"]);
    assert!(report.contains("Acme — 5:00 (5.00 h, 2:00 of it planned later) · unbilled 0:00"), "all worked is billed: {report}");
    assert!(report.contains("Total 5:00 (5.00 h, 2:00 of it planned later)"), "{report}");
    // Worked by the 5th, it is on the statement then, with the rest of the entry across noon
    // (billed up to noon on INV-1).
    let o = run_at(&db, "2026-12-05", "12:00", &["invoice", "--client", "Acme", "--month", "2026-12"]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success() && text.contains("Planned") && !text.contains("planned later"), "{text}");
    assert!(text.contains("| **Total** | **5.00** | **500.00 EUR** |"), "{text}");
    // A month over is not said to leave planned time out, whatever comes after it.
    let o = run_at(&db, "2026-12-02", "12:00", &["invoice", "--client", "Acme", "--month", "2026-11"]);
    assert!(!String::from_utf8_lossy(&o.stdout).contains("planned later"));
}

/// A time the clocks go through twice (02:15 on the night they go back, in Berlin) is its first,
/// as Timewarrior reads it: 23:00 to 02:15 is 3:15; an end whose first is before the start is
/// its second.
#[test]
fn a_time_the_clocks_go_through_twice_is_its_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    ok(&db, &["client", "add", "Acme"]);
    // The moment the repeated hour ends, 03:00, is shown once, after it (not skipped).
    let said = ok(&db, &["time", "add", "--client", "Acme", "--from", "2026-10-25 01:00", "--to", "03:00", "--note", "to three"]);
    assert!(said.starts_with("Added 3:00 for Acme"), "{said}");
    ok(&db, &["time", "delete", "2026-10-25 01:00"]);
    let said = ok(&db, &["time", "add", "--client", "Acme", "--from", "2026-10-24 23:00", "--to", "02:15"]);
    assert!(said.starts_with("Added 3:15 for Acme"), "{said}");
    // An end the clocks show twice, the first before the start: the second (02:50 to 02:10 is
    // twenty minutes, not the next day's 02:10).
    let said = ok(&db, &["time", "add", "--client", "Acme", "--from", "2026-10-25 02:50", "--to", "02:10"]);
    assert!(said.starts_with("Added 0:20 for Acme (Sun Oct 25 02:50 (+02:00) – Sun Oct 25 02:10 (+01:00))"), "{said}");
    // One they skip is none, from its first minute (02:00, where they go to 03:00) on.
    for at in ["2026-03-29 02:00", "2026-03-29 02:30"] {
        let e = refused(&db, &["time", "add", "--client", "Acme", "--from", at, "--for", "1h"]);
        assert!(e.contains("does not exist in this time zone (the clocks skip it)"), "{at}: {e}");
    }
}
