//! Figure 11: sync. Ten thousand decisions made on one machine (each a change of every field)
//! go out in one round there (encrypted into change files in a synced folder, 20,000 field changes each) and in with one
//! round on the other machine (decrypted and merged), each round timed through the library as
//! `cockpit sync` runs it.

use super::{line, ms};
use cockpit::domain::*;
use cockpit::runtime::sync::{self, key, Place};
use cockpit::storage::Store;
use std::time::Instant;

pub fn ten_thousand_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("laptop/cockpit.db"), dir.path().join("desktop/cockpit.db"));
    let place = Place::Dir(dir.path().join("place"));
    std::fs::create_dir_all(a.parent().unwrap()).unwrap();
    std::fs::create_dir_all(b.parent().unwrap()).unwrap();
    let now = chrono::Utc::now();
    let mut laptop = Store::open(&a).unwrap();
    let client = Client::new(cockpit::storage::new_id(), "Acme", Shape::Advisory, None, super::today(), now).unwrap();
    laptop.insert_all(&[Record::Client(client.clone())]).unwrap();
    sync::init(&mut laptop, place.clone()).unwrap();
    let key_file = dir.path().join("key.txt");
    std::fs::write(&key_file, key::shown(&a).unwrap()).unwrap();
    let mut desktop = Store::open(&b).unwrap();
    sync::join(&mut desktop, place, &key_file).unwrap();

    let decisions: Vec<Record> = (1..=10_000u32)
        .map(|n| {
            let mut d =
                Decision::captured(cockpit::storage::new_id(), client.id, &format!("Decision {n} about the platform"), super::today(), now);
            d.number = n;
            d.context = "Why it came up, in a sentence or two of context.".into();
            Record::Decision(d)
        })
        .collect();
    laptop.insert_all(&decisions).unwrap();

    let t = Instant::now();
    let out = sync::round(&mut laptop).unwrap();
    let sent = t.elapsed();
    let t = Instant::now();
    let got = sync::round(&mut desktop).unwrap();
    let applied = t.elapsed();
    assert!(out.files_out > 1 && got.files_in == out.files_out, "{out:?} {got:?}");
    assert_eq!(desktop.decision_count(client.id).unwrap(), 10_000);
    line("11a. 10,000 changes sent: one round where they were made", format!("{:.0} ms", ms(sent)), "(figure)", None);
    line("11b. the same changes merged: one round on the other machine", format!("{:.0} ms", ms(applied)), "(figure)", None);
    line(
        "11c. 10,000 changes synced, both rounds",
        format!("{:.0} ms", ms(sent + applied)),
        "< 2 s",
        Some((sent + applied).as_secs_f64() < 2.0),
    );
}
