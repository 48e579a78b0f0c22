//! The calendar export, read back by a real iCalendar parser (the `icalendar` Python package,
//! Debian's python3-icalendar). Without it the test is skipped with a message, except under
//! `CI`, where it fails.

mod common;
use common::*;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::Command;

/// A Python that can import `icalendar`: Debian's, or the one on the PATH.
fn python() -> Option<&'static str> {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .find(|p| Command::new(p).args(["-c", "import icalendar"]).output().is_ok_and(|o| o.status.success()))
}

/// The events of an .ics file as the parser reads them: (UID, SUMMARY, DTSTART as YYYY-MM-DD).
fn parsed(py: &str, file: &Path) -> Vec<(String, String, String)> {
    let script = r#"
import icalendar, json, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for e in cal.walk('VEVENT'):
    out.append([str(e['UID']), str(e['SUMMARY']), e.decoded('DTSTART').isoformat(), e.decoded('DTEND').isoformat() if 'DTEND' in e else ''])
print(json.dumps(out))
"#;
    let o = Command::new(py).args(["-c", script]).arg(file).output().unwrap();
    assert!(o.status.success(), "the parser refused the file: {}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<Vec<String>> = serde_json::from_slice(&o.stdout).unwrap();
    for r in rows.iter().filter(|r| !r[3].is_empty() || r[2] != "9999-12-31") {
        let (start, end) = (day(&r[2]), day(&r[3]));
        assert_eq!(end - start, chrono::Duration::days(1), "an all-day event: {r:?}");
    }
    rows.into_iter().map(|r| (r[0].clone(), r[1].clone(), r[2].clone())).collect()
}

fn export(db: &Path, file: &Path, extra: &[&str]) {
    let mut args = vec!["export", "ics", "--output", file.to_str().unwrap()];
    args.extend(extra);
    let o = run_cli(db, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn the_calendar_parses_keeps_its_uids_and_leaves_private_records_out() {
    let Some(py) = python() else {
        assert!(std::env::var_os("CI").is_none(), "CI must install python3-icalendar");
        eprintln!("skipped: the icalendar Python package is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    // A private decision with a revisit date.
    let o = run_cli(
        &db,
        &["decide", "Replace the CTO's laptop; budget, later", "--private", "--revisit", "2026-12-15", "--client", "Acme Hospitality"],
    );
    assert!(o.status.success());
    // A vendor weighed for it, whose contract renews: its notice date is as private.
    let vendor = ["vendor", "add", "LaptopLeaseCo", "--decision", "D-007", "--renewal", "2026-12-20", "--client", "Acme Hospitality"];
    assert!(run_cli(&db, &vendor).status.success());
    let file = dir.path().join("cockpit.ics");
    export(&db, &file, &[]);
    let first = parsed(py, &file);
    assert!(!first.iter().any(|(_, s, _)| s.contains("LaptopLeaseCo")), "{first:?}");
    assert!(!first.is_empty());
    // Every summary names its client; the private one is not there.
    let clients = ["Acme Hospitality", "Northwind Logistics", "Brightleaf Health"];
    assert!(first.iter().all(|(_, s, _)| clients.iter().any(|c| s.ends_with(c))), "{first:?}");
    assert!(!first.iter().any(|(_, s, _)| s.contains("laptop")), "{first:?}");
    assert!(
        first.iter().any(|(_, s, d)| s == "Revisit D-001 Adopt Uptime Kuma for monitoring · Acme Hospitality" && d == "2026-11-13"),
        "{first:?}"
    );
    // The last day of the calendar: a date alone (no end day in year 10000).
    let o = run_cli(&db, &["decide", "Far away", "--revisit", "9999-12-31", "--client", "Brightleaf Health"]);
    assert!(o.status.success());
    export(&db, &file, &[]);
    let first = parsed(py, &file);
    assert!(first.iter().any(|(_, s, d)| s.contains("Far away") && d == "9999-12-31"));
    // With the flag, the private one too: escaped text read back whole.
    export(&db, &file, &["--include-private"]);
    let with_private = parsed(py, &file);
    assert_eq!(with_private.len(), first.len() + 2);
    assert!(with_private.iter().any(|(_, s, _)| s.contains("LaptopLeaseCo renews 2026-12-20")), "{with_private:?}");
    assert!(with_private
        .iter()
        .any(|(_, s, d)| s == "Revisit D-007 Replace the CTO's laptop; budget, later · Acme Hospitality" && d == "2026-12-15"));
    // Exported again after a revisit date moved: the same UIDs, the new date.
    let mut store = cockpit::storage::Store::open(&db).unwrap();
    let acme = store.client_named("Acme Hospitality").unwrap().unwrap();
    let d = store.decisions(acme.id).unwrap().into_iter().find(|d| d.number == 1).unwrap();
    let moved = cockpit::domain::Decision { revisit: Some(day("2027-02-01")), ..d.clone() };
    store.apply(&cockpit::domain::Change::one("move", cockpit::domain::Edit::update(d.into(), moved.into()))).unwrap();
    export(&db, &file, &[]);
    let again = parsed(py, &file);
    let uids = |v: &[(String, String, String)]| v.iter().map(|e| e.0.clone()).collect::<std::collections::BTreeSet<_>>();
    assert_eq!(uids(&again), uids(&first));
    assert!(again.iter().any(|(_, s, d)| s.starts_with("Revisit D-001") && d == "2027-02-01"), "{again:?}");
    // One client's dates only.
    export(&db, &file, &["--client", "Northwind Logistics"]);
    assert!(parsed(py, &file).iter().all(|(_, s, _)| s.ends_with("Northwind Logistics")));
}

#[test]
fn a_kept_file_follows_every_change_and_another_programs_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let file = dir.path().join("agenda.ics");
    export(&db, &file, &["--keep-updated"]);
    let before = std::fs::read_to_string(&file).unwrap();
    // A change from the command line rewrites it.
    let o = run_cli(&db, &["decide", "Pick Grafana for dashboards", "--revisit", "2027-01-10", "--client", "Acme Hospitality"]);
    assert!(o.status.success());
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(!before.contains("Grafana") && after.contains("Grafana"), "{after}");
    // A change from the app, too.
    let mut e = engine_on(&db);
    e.keys(&["d", "Adopt OpenTelemetry @2027-02-01", "<Enter>"]);
    assert!(std::fs::read_to_string(&file).unwrap().contains("OpenTelemetry"));
    // Edited by hand, it is left as it is, and the change says so and what to do.
    let edited = format!("{}X-NOTE:mine\r\n", std::fs::read_to_string(&file).unwrap());
    std::fs::write(&file, &edited).unwrap();
    let o = run_cli(&db, &["decide", "Kept apart", "--revisit", "2027-01-11", "--client", "Acme Hospitality"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the kept calendar was not updated")
            && err.contains("--stop-updating")
            && err.contains("is not a calendar Cockpit wrote"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);
    // Unsubscribed: left as it is.
    assert!(run_cli(&db, &["export", "ics", "--stop-updating"]).status.success());
    assert!(run_cli(&db, &["decide", "Nothing to see", "--revisit", "2027-03-01", "--client", "Acme Hospitality"]).status.success());
    assert!(!std::fs::read_to_string(&file).unwrap().contains("Nothing to see"));
    // A file Cockpit did not write is never overwritten, nor a link followed.
    let foreign = dir.path().join("work.ics");
    std::fs::write(&foreign, "BEGIN:VCALENDAR\r\nPRODID:-//Someone else//EN\r\nEND:VCALENDAR\r\n").unwrap();
    let o = run_cli(&db, &["export", "ics", "--output", foreign.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a calendar Cockpit wrote"), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read_to_string(&foreign).unwrap().contains("Someone else"));
    // Nor one Cockpit wrote that holds an event added by hand (nor a file that only begins as
    // Cockpit's): the event would be lost.
    let mine = dir.path().join("mine.ics");
    export(&db, &mine, &[]);
    let mut added = std::fs::read_to_string(&mine).unwrap();
    let end = added.rfind("END:VCALENDAR").unwrap();
    added.insert_str(end, "BEGIN:VEVENT\r\nUID:dentist-1\r\nSUMMARY:My dentist\r\nEND:VEVENT\r\n");
    let header: String = added.split_inclusive("\r\n").take_while(|l| !l.starts_with("BEGIN:VEVENT")).collect();
    let begun = format!("{header}BEGIN:VEVENT\r\nSUMMARY:My dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    for edited in [added, begun] {
        std::fs::write(&mine, &edited).unwrap();
        let o = run_cli(&db, &["export", "ics", "--output", mine.to_str().unwrap()]);
        assert!(!o.status.success(), "{edited}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("is not a calendar Cockpit wrote"), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(std::fs::read_to_string(&mine).unwrap(), edited);
    }
    let link = dir.path().join("link.ics");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    assert!(!run_cli(&db, &["export", "ics", "--output", link.to_str().unwrap()]).status.success());
    // Nor a device or a pipe (which would have hung the export).
    let fifo = dir.path().join("pipe.ics");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let o = run_cli(&db, &["export", "ics", "--output", fifo.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a plain file"), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn the_kept_file_is_remembered_whole_keeps_its_mode_and_is_not_written_by_a_copy() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    // Asked for with a relative path, from the folder of the database.
    let o = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .current_dir(dir.path())
        .env("COCKPIT_TODAY", "2026-11-18")
        .args(["--db", db.to_str().unwrap(), "export", "ics", "--output", "agenda.ics", "--keep-updated"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = dir.path().join("agenda.ics");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    // A change made from another folder writes the same file, and leaves its mode.
    assert!(run_cli(&db, &["decide", "Pick Grafana", "--revisit", "2027-01-10", "--client", "Acme Hospitality"]).status.success());
    assert!(std::fs::read_to_string(&file).unwrap().contains("Grafana"));
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o644);
    // A copy of the database (a snapshot restored elsewhere) writes no one's calendar.
    let (snapshot, copy) = (dir.path().join("snapshot.db"), dir.path().join("copy.db"));
    assert!(run_cli(&db, &["backup", snapshot.to_str().unwrap()]).status.success());
    assert!(run_cli(&copy, &["restore", snapshot.to_str().unwrap()]).status.success());
    assert!(run_cli(&copy, &["decide", "An experiment", "--revisit", "2027-01-11", "--client", "Acme Hospitality"]).status.success());
    assert!(!std::fs::read_to_string(&file).unwrap().contains("experiment"));
    // `-` is standard output.
    let o = run_cli(&db, &["export", "ics", "--output", "-"]);
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("BEGIN:VCALENDAR"));
}

/// A decision made private in the app hides its vendors' notice dates from the kept calendar at
/// once, though the decision itself has no date there.
#[test]
fn a_decision_made_private_in_the_app_takes_its_vendors_notices_out_of_the_kept_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    cli_ok(&db, &["client", "add", "Acme"]);
    cli_ok(&db, &["decide", "Pick a CI vendor", "--client", "Acme"]);
    cli_ok(&db, &["vendor", "add", "OpenMon", "--decision", "D-001", "--renewal", "2026-12-22", "--notice-days", "30", "--client", "Acme"]);
    let file = dir.path().join("kept.ics");
    export(&db, &file, &["--keep-updated"]);
    assert!(std::fs::read_to_string(&file).unwrap().contains("OpenMon"));
    let mut e = engine_on(&db);
    e.keys(&["3", "g", "p"]);
    assert!(!std::fs::read_to_string(&file).unwrap().contains("OpenMon"), "the notice of a private decision's option");
    e.keys(&["p"]);
    assert!(std::fs::read_to_string(&file).unwrap().contains("OpenMon"));
}
