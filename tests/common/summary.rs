//! Helpers of the week summary tests: the demo database, and `cockpit export week` run on it.

use super::wednesday;
use cockpit::storage::Store;
use std::path::Path;
use std::process::Command;

pub const DEMO: [&str; 3] = ["Acme Hospitality", "Northwind Logistics", "Brightleaf Health"];

pub fn demo_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("cockpit.db");
    let mut store = Store::open(&db).unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    db
}

pub fn export(db: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["export", "week"])
        .args(args)
        .env("COCKPIT_DB", db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}
