//! Timewarrior both ways, against the real program: `timew export` output imports into Cockpit
//! with the same totals (Debian's timewarrior 1.4), and Cockpit's `--format timew` report is
//! accepted by `timew import` (Timewarrior 1.9, set up by scripts/timewarrior-1.9.sh). A missing
//! Timewarrior skips the test with a message, except under CI, where it fails.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn cockpit(db: &Path, args: &[&str], stdin: Option<&str>) -> String {
    let o = cockpit_output(db, args, stdin);
    assert!(o.status.success(), "cockpit {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// `cockpit ARGS` on `db` with `stdin`, as it ended.
fn cockpit_output(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(args)
        .env("COCKPIT_DB", db)
        .env("COCKPIT_TODAY", "2026-11-20")
        .env("TZ", "UTC")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(s) = stdin {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn timew(bin: &Path, db: &Path, args: &[&str]) -> Output {
    let o = Command::new(bin).args(args).env("TIMEWARRIORDB", db).env("TZ", "UTC").stdin(Stdio::null()).output().unwrap();
    assert!(o.status.success(), "timew {args:?}: {}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    o
}

/// A Timewarrior binary: `timew` on the PATH, or 1.9 from scripts/timewarrior-1.9.sh.
fn find_timew(min_minor: u32) -> Option<PathBuf> {
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/timewarrior-1.9/timew");
    for bin in [PathBuf::from("timew"), local] {
        let Ok(o) = Command::new(&bin).arg("--version").output() else { continue };
        let v = String::from_utf8_lossy(&o.stdout).trim().to_string();
        let minor = v.split('.').nth(1).and_then(|m| m.parse::<u32>().ok()).unwrap_or(0);
        if v.starts_with("1.") && minor >= min_minor {
            return Some(bin);
        }
    }
    let why = if min_minor >= 9 { "Timewarrior 1.9 (scripts/timewarrior-1.9.sh)" } else { "timew (Debian's timewarrior)" };
    assert!(std::env::var_os("CI").is_none(), "CI must provide {why}");
    eprintln!("skipped: {why} not found");
    None
}

fn seconds(intervals: &[Value]) -> i64 {
    let t = |v: &Value| chrono::NaiveDateTime::parse_from_str(v.as_str().unwrap(), "%Y%m%dT%H%M%SZ").unwrap();
    intervals.iter().map(|i| (t(&i["end"]) - t(&i["start"])).num_seconds()).sum()
}

/// Intervals as Cockpit wrote them (`ours`), imported into a fresh Timewarrior under `dir` and
/// exported again: what it gives back.
fn through_timewarrior(bin: &Path, dir: &Path, ours: &str) -> String {
    let file = dir.join("cockpit.json");
    std::fs::write(&file, ours).unwrap();
    let tw = dir.join("timew");
    std::fs::create_dir_all(&tw).unwrap();
    timew(bin, &tw, &["import", file.to_str().unwrap()]);
    String::from_utf8(timew(bin, &tw, &["export"]).stdout).unwrap()
}

fn clients(db: &Path) {
    cockpit(db, &["client", "add", "Acme Hospitality", "--hours-per-week", "15"], None);
    cockpit(db, &["client", "add", "Northwind Logistics", "--hours-per-week", "20"], None);
}

#[test]
fn timew_export_imports_with_the_same_totals() {
    let Some(bin) = find_timew(4) else { return };
    let dir = tempfile::tempdir().unwrap();
    let tw = dir.path().join("timew");
    std::fs::create_dir_all(&tw).unwrap();
    for args in [
        &["track", "2026-11-16T09:00:00", "-", "2026-11-16T11:30:00", "Acme Hospitality", "architecture", ":quiet"][..],
        &["track", "2026-11-16T22:00:00", "-", "2026-11-17T01:30:00", "acme hospitality", "infra", "on-call", ":quiet"],
        &["track", "2026-11-17T13:00:00", "-", "2026-11-17T16:45:00", "Northwind Logistics", ":quiet"],
        &["track", "2026-11-19T08:15:00", "-", "2026-11-19T09:00:00", "Northwind Logistics", "team", ":quiet"],
        // Started and stopped at once: Timewarrior keeps it; it holds no time, and is skipped.
        &["track", "2026-11-19T10:00:00", "-", "2026-11-19T10:00:00", "Northwind Logistics", ":quiet"],
    ] {
        timew(&bin, &tw, args);
    }
    timew(&bin, &tw, &["annotate", "@4", "Night migration"]);
    let export = String::from_utf8(timew(&bin, &tw, &["export"]).stdout).unwrap();
    let intervals: Vec<Value> = serde_json::from_str(&export).unwrap();
    assert_eq!(intervals.len(), 5);

    let db = dir.path().join("c.db");
    clients(&db);
    let out = cockpit(&db, &["time", "import", "--from", "timew", "-"], Some(&export));
    let s = seconds(&intervals);
    assert!(out.starts_with(&format!("Imported 4 intervals ({}:{:02}); 0 already here", s / 3600, s / 60 % 60)), "{out}");
    let report: Value = serde_json::from_str(&cockpit(&db, &["time", "report", "--month", "2026-11", "--format", "json"], None)).unwrap();
    assert_eq!(report["seconds"].as_i64().unwrap(), seconds(&intervals));
    let by_client =
        |name: &str| report["clients"].as_array().unwrap().iter().find(|c| c["client"] == name).unwrap()["seconds"].as_i64().unwrap();
    assert_eq!(by_client("Acme Hospitality"), 150 * 60 + 210 * 60);
    assert_eq!(by_client("Northwind Logistics"), 225 * 60 + 45 * 60);

    // The night shift counts on both days; lanes, other tags and the annotation came along.
    let acme: &Value = report["clients"].as_array().unwrap().iter().find(|c| c["client"] == "Acme Hospitality").unwrap();
    let days: Vec<(String, String, i64)> = acme["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["day"].to_string(), d["lane"].to_string(), d["seconds"].as_i64().unwrap()))
        .collect();
    assert!(
        days.contains(&("\"2026-11-16\"".into(), "\"infra\"".into(), 7200))
            && days.contains(&("\"2026-11-17\"".into(), "\"infra\"".into(), 5400)),
        "{days:?}"
    );
    let back: Vec<Value> =
        serde_json::from_str(&cockpit(&db, &["time", "report", "--month", "2026-11", "--format", "timew"], None)).unwrap();
    let night = back.iter().find(|i| i["start"] == "20261116T220000Z").unwrap();
    assert_eq!(night["tags"], serde_json::json!(["Acme Hospitality", "infra", "on-call"]));
    assert_eq!(night["annotation"], "Night migration");

    // Importing again adds nothing, also once an entry's end and another's start were edited
    // here; what was tracked since comes in.
    let out = cockpit(&db, &["time", "import", "--from", "timew", "-"], Some(&export));
    assert!(out.starts_with("Imported 0 intervals") && out.contains("4 already here"), "{out}");
    cockpit(&db, &["time", "edit", "2026-11-17 13:00", "--client", "Northwind", "--to", "2026-11-17 17:30"], None);
    cockpit(&db, &["time", "edit", "2026-11-19 08:15", "--client", "Northwind", "--from", "2026-11-19 08:00"], None);
    timew(&bin, &tw, &["track", "2026-11-19T14:00:00", "-", "2026-11-19T15:00:00", "Northwind Logistics", ":quiet"]);
    let export = String::from_utf8(timew(&bin, &tw, &["export"]).stdout).unwrap();
    let out = cockpit(&db, &["time", "import", "--from", "timew", "-"], Some(&export));
    assert!(out.starts_with("Imported 1 interval (1:00); 4 already here"), "{out}");
    // Changed in Timewarrior since (one lengthened, one split in two): Cockpit's entries are
    // kept, and the intervals named.
    timew(&bin, &tw, &["modify", "end", "@3", "2026-11-19T09:30:00", ":quiet"]);
    timew(&bin, &tw, &["split", "@6", ":quiet"]);
    let export = String::from_utf8(timew(&bin, &tw, &["export"]).stdout).unwrap();
    assert!(export.contains("20261119T093000Z"), "{export}");
    let o = cockpit_output(&db, &["time", "import", "--from", "timew", "-"], Some(&export));
    let (out, err) = (String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(o.status.success() && out.starts_with("Imported 0 intervals (0:00); 3 already here"), "{out}{err}");
    for start in ["20261119T081500Z", "20261116T090000Z", "20261116T101500Z"] {
        assert!(err.contains(&format!(" ({start}) overlaps ")), "{start}: {err}");
    }
    // (Each named with the entry it overlaps, and what may have happened.)
    assert!(err.contains("Logistics), imported before: the interval was changed in Timewarrior, or that entry here"), "{err}");
    // An imported entry deleted here stays deleted however often the history is imported.
    cockpit(&db, &["time", "delete", "2026-11-19 14:00", "--client", "Northwind"], None);
    let again = |db: &Path| cockpit(db, &["time", "import", "--from", "timew", "-"], Some(&export));
    for _ in 0..2 {
        let out = again(&db);
        assert!(out.starts_with("Imported 0 intervals") && out.contains("; 1 deleted here before, left out"), "{out}");
    }
    assert!(!cockpit(&db, &["time", "list", "--client", "Northwind"], None).contains("2026-11-19 14:00"));
    // Asked for, it comes in again, and is an imported entry as before.
    let out = cockpit(&db, &["time", "import", "--from", "timew", "--with-deleted", "-"], Some(&export));
    assert!(out.starts_with("Imported 1 interval (1:00)") && !out.contains("deleted here"), "{out}");
    assert!(again(&db).starts_with("Imported 0 intervals"), "{}", again(&db));
}

#[test]
fn cockpit_export_is_accepted_by_timew_import() {
    let Some(bin) = find_timew(9) else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    clients(&db);
    for (client, from, to, lane) in [
        ("Acme Hospitality", "2026-11-16 09:00", "2026-11-16 11:30", "architecture"),
        ("Acme Hospitality", "2026-11-17 22:00", "2026-11-18 00:30", "infra"),
        ("Northwind Logistics", "2026-11-18 13:00", "2026-11-18 17:15", "team"),
    ] {
        cockpit(&db, &["time", "add", "--client", client, "--from", from, "--to", to, "--lane", lane, "--note", "work \"quoted\""], None);
    }
    cockpit(&db, &["time", "bill", "--client", "Acme Hospitality", "--week", "2026-W47", "--invoice", "INV-7"], None);
    let ours = cockpit(&db, &["time", "report", "--week", "2026-W47", "--format", "timew"], None);
    let theirs: Vec<Value> = serde_json::from_str(&through_timewarrior(&bin, dir.path(), &ours)).unwrap();
    let ours: Vec<Value> = serde_json::from_str(&ours).unwrap();
    assert_eq!(theirs.len(), 3);
    assert_eq!(seconds(&theirs), seconds(&ours));
    assert_eq!(seconds(&theirs), (150 + 150 + 255) * 60);
    // Timewarrior keeps tags as a sorted set.
    let key = |v: &Value| {
        let mut tags: Vec<String> = v["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
        tags.sort();
        (v["start"].clone(), v["end"].clone(), tags, v["annotation"].clone())
    };
    let mut a: Vec<_> = theirs.iter().map(key).collect();
    let mut b: Vec<_> = ours.iter().map(key).collect();
    a.sort_by_key(|k| k.0.to_string());
    b.sort_by_key(|k| k.0.to_string());
    assert_eq!(a, b);
}

/// A client named like one of Cockpit's own tags (`building`, a lane), its time on another lane
/// and billed on an invoice called `billed`, comes back whole through Timewarrior, which sorts
/// the tags: the name goes as `client:building`. Time marked private comes back private, a
/// client called `private` as itself.
#[test]
fn a_client_named_like_a_lane_comes_back_through_timewarrior() {
    let Some(bin) = find_timew(9) else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let names = ["building", "billed", "private"];
    for c in names {
        cockpit(&db, &["client", "add", c], None);
    }
    cockpit(
        &db,
        &["time", "add", "--client", "building", "--from", "2026-11-16 09:00", "--to", "2026-11-16 10:00", "--lane", "team"],
        None,
    );
    cockpit(
        &db,
        &["time", "add", "--client", "billed", "--from", "2026-11-16 11:00", "--to", "2026-11-16 12:00", "--lane", "building"],
        None,
    );
    let private = ["--client", "private", "--from", "2026-11-16 13:00", "--to", "2026-11-16 14:00", "--note", "Salary talk", "--private"];
    cockpit(&db, &[&["time", "add"][..], &private].concat(), None);
    cockpit(&db, &["time", "add", "--client", "private", "--from", "2026-11-16 15:00", "--to", "2026-11-16 16:00"], None);
    cockpit(&db, &["time", "bill", "--client", "building", "--week", "2026-W47", "--invoice", "billed"], None);
    let ours = cockpit(&db, &["time", "report", "--week", "2026-W47", "--format", "timew"], None);
    let theirs = through_timewarrior(&bin, dir.path(), &ours);
    let fresh = dir.path().join("fresh.db");
    for c in names {
        cockpit(&fresh, &["client", "add", c], None);
    }
    cockpit(&fresh, &["time", "import", "--from", "timew", "-"], Some(&theirs));
    let entries = |db: &Path| cockpit(db, &["time", "report", "--week", "2026-W47", "--format", "entries"], None);
    assert_eq!(entries(&fresh), entries(&db));
    let marked = |db: &Path| {
        let listed = cockpit(db, &["time", "list", "--client", "private", "--week", "2026-W47", "--json"], None);
        let listed: Value = serde_json::from_str(&listed).unwrap();
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["note"].as_str().unwrap().to_string(), e["private"].as_bool().unwrap()))
            .collect::<Vec<_>>()
    };
    assert_eq!(marked(&fresh), vec![("Salary talk".to_string(), true), (String::new(), false)]);
    // And into the database it came from: already there.
    let out = cockpit(&db, &["time", "import", "--from", "timew", "-"], Some(&theirs));
    assert!(out.contains("4 already here"), "{out}");
}

/// An interval refused or skipped is named by its start in local time, Timewarrior's stamp after
/// it (read without Timewarrior itself: its export is JSON).
#[test]
fn an_interval_refused_is_named_in_local_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    cockpit(&db, &["client", "add", "Acme"], None);
    let export = r#"[{"id":2,"start":"20261111T090000Z","end":"20261111T100000Z","tags":["untagged work"]},
                     {"id":1,"start":"20261112T090000Z","tags":["Acme"]}]"#;
    let o = cockpit_output(&db, &["time", "import", "--from", "timew", "-"], Some(export));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success(), "{err}");
    assert!(err.contains("no client for the interval starting Wed Nov 11 2026 09:00 (20261111T090000Z)"), "{err}");
    let export = r#"[{"id":1,"start":"20261112T090000Z","tags":["Acme"]}]"#;
    let o = cockpit_output(&db, &["time", "import", "--from", "timew", "-"], Some(export));
    let said = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(said.contains("the interval starting Thu Nov 12 2026 09:00 (20261112T090000Z) is still running"), "{said}");
}

/// An interval imported into a lane private by default for its client (Team sync) is private,
/// as time made there in Cockpit is: its note is never on a statement. (Read without
/// Timewarrior itself: its export is JSON.)
#[test]
fn time_imported_into_a_private_lane_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    cockpit(&db, &["client", "add", "Acme Hospitality", "--rate", "100", "--currency", "EUR"], None);
    let intervals = r#"[
        {"start":"20261116T090000Z","end":"20261116T100000Z","tags":["Acme Hospitality","team"],"annotation":"1:1 Priya: performance"},
        {"start":"20261116T110000Z","end":"20261116T120000Z","tags":["Acme Hospitality","building"],"annotation":"Payments review"}
    ]"#;
    cockpit(&db, &["time", "import", "--from", "timew", "-"], Some(intervals));
    let statement = cockpit(&db, &["invoice", "--client", "Acme Hospitality", "--month", "2026-11"], None);
    assert!(!statement.contains("Priya") && statement.contains("Payments review"), "{statement}");
    let listed: Value = serde_json::from_str(&cockpit(&db, &["time", "list", "--week", "2026-W47", "--json"], None)).unwrap();
    let marks: Vec<bool> = listed.as_array().unwrap().iter().map(|t| t["private"].as_bool().unwrap()).collect();
    assert_eq!(marks, vec![true, false]);
}
