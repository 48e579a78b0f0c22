//! Sync's merge: three replicas make random interleaved changes (clients, decisions made,
//! edited, superseded and deleted, items re-scored, timers, undo) and exchange change files in
//! random orders, with duplicates and files missing for a while. Once every file has reached
//! every replica, all hold the same rows, byte for byte, in every table that syncs.

mod common;

use chrono::{Duration, TimeZone, Utc};
use cockpit::domain::person::{OneOnOne, Person};
use cockpit::domain::*;
use cockpit::storage::sync::{Batch, BroughtBack};
use cockpit::storage::Store;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
enum Op {
    Client(u8),
    Decide(u8, u8),
    Retitle(u8, u8),
    Supersede(u8, u8),
    Delete(u8),
    Item(u8),
    Rescore(u8, u8, u8),
    /// An item with its re-scorings (they go with it).
    DeleteItem(u8),
    Timer,
    Undo,
    /// Files from the pool reach this replica: (which, how many), in random order.
    Sync(Vec<u8>),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => any::<u8>().prop_map(Op::Client),
        4 => (any::<u8>(), any::<u8>()).prop_map(|(c, t)| Op::Decide(c, t)),
        3 => (any::<u8>(), any::<u8>()).prop_map(|(d, t)| Op::Retitle(d, t)),
        1 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Supersede(a, b)),
        1 => any::<u8>().prop_map(Op::Delete),
        1 => any::<u8>().prop_map(Op::Item),
        1 => (any::<u8>(), 1u8..=5, 1u8..=5).prop_map(|(i, a, b)| Op::Rescore(i, a, b)),
        1 => any::<u8>().prop_map(Op::DeleteItem),
        1 => Just(Op::Timer),
        1 => Just(Op::Undo),
        3 => proptest::collection::vec(any::<u8>(), 0..6).prop_map(Op::Sync),
    ]
}

struct Replica {
    store: Store,
    path: PathBuf,
    done: Vec<Change>,
}

const NAMES: &[&str] = &["Acme", "Globex", "Initech"];

fn now() -> Timestamp {
    Utc.with_ymd_and_hms(2026, 11, 18, 9, 0, 0).unwrap()
}

fn pick<T: Clone>(v: &[T], i: u8) -> Option<T> {
    (!v.is_empty()).then(|| v[i as usize % v.len()].clone())
}

impl Replica {
    /// The change files to write, read.
    fn outgoing(&mut self) -> Vec<Batch> {
        let numbers = self.store.sync_outgoing().unwrap();
        numbers.into_iter().map(|n| self.store.sync_batch(n).unwrap()).collect()
    }

    fn new(dir: &Path, device: &str) -> Replica {
        let path = dir.join(format!("{device}.db"));
        let mut store = Store::open(&path).unwrap();
        store.sync_start(device).unwrap();
        Replica { store, path, done: Vec::new() }
    }

    fn decisions(&self) -> Vec<Decision> {
        self.store.clients(true).unwrap().iter().flat_map(|c| self.store.decisions(c.id).unwrap()).collect()
    }

    fn items(&self) -> Vec<Item> {
        self.store.clients(true).unwrap().iter().flat_map(|c| self.store.items(c.id).unwrap()).collect()
    }

    fn apply(&mut self, change: Option<Change>) {
        let Some(change) = change else { return };
        // A change refused (a link still pointing at a deleted row, a name taken) is as in use.
        if let Ok(applied) = self.store.apply(&change) {
            self.done.push(applied);
        }
    }

    fn run(&mut self, op: &Op, pool: &[Batch]) {
        let clients = self.store.clients(true).unwrap();
        match op {
            Op::Client(n) => {
                let name = NAMES[*n as usize % NAMES.len()];
                if clients.iter().all(|c| !c.name.eq_ignore_ascii_case(name)) {
                    let c = Client::new(cockpit::storage::new_id(), name, Shape::Advisory, None, now().date_naive(), now()).unwrap();
                    self.apply(Some(Change::one("add client", Edit::insert(Record::Client(c)))));
                }
            }
            Op::Decide(_, t) if clients.is_empty() => self.run(&Op::Client(*t), pool),
            Op::Decide(c, t) => {
                if let Some(c) = pick(&clients, *c) {
                    let d = Decision::captured(cockpit::storage::new_id(), c.id, &format!("Decision {t}"), now().date_naive(), now());
                    self.apply(Some(Change::one("decide", Edit::insert(Record::Decision(d)))));
                }
            }
            Op::Retitle(d, t) => {
                if let Some(d) = pick(&self.decisions(), *d) {
                    let after = Decision { title: format!("Retitled {t}"), ..d.clone() };
                    self.apply(Some(Change::one("retitle", Edit::update(Record::Decision(d), Record::Decision(after)))));
                }
            }
            Op::Supersede(a, b) => {
                let all = self.decisions();
                if let (Some(old), Some(new)) = (pick(&all, *a), pick(&all, *b)) {
                    if old.id != new.id && old.client_id == new.client_id {
                        let after = Decision { superseded_by: Some(new.id), status: Status::Superseded, ..old.clone() };
                        self.apply(Some(Change::one("supersede", Edit::update(Record::Decision(old), Record::Decision(after)))));
                    }
                }
            }
            Op::Delete(d) => {
                if let Some(d) = pick(&self.decisions(), *d) {
                    self.apply(Some(Change::one("delete", Edit::delete(Record::Decision(d)))));
                }
            }
            Op::Item(c) => {
                if let Some(c) = pick(&clients, *c) {
                    let s = |v| Score::new(v).unwrap();
                    let item = Item::new(cockpit::storage::new_id(), c.id, "Item", s(3), s(3), now());
                    self.apply(Some(Change::one("add item", Edit::insert(Record::Item(item)))));
                }
            }
            Op::Rescore(i, a, b) => {
                if let Some(item) = pick(&self.items(), *i) {
                    let to = (Score::new(*a as i64).unwrap(), Score::new(*b as i64).unwrap());
                    self.apply(cockpit::ops::items::rescore(&item, to, cockpit::storage::new_id(), now()));
                }
            }
            Op::DeleteItem(i) => {
                if let Some(item) = pick(&self.items(), *i) {
                    let record = Record::Item(item);
                    if let Ok(applied) = self.store.delete_at(&record, &Zone::utc(), now()) {
                        self.done.push(applied);
                    }
                }
            }
            Op::Timer => match self.store.running_timer().unwrap() {
                Some(t) => {
                    let stopped = t.stopped(t.start + Duration::minutes(30)).unwrap();
                    self.apply(Some(Change::one("stop", Edit::update(Record::Time(t), Record::Time(stopped)))));
                }
                None => {
                    if let Some(c) = pick(&clients, 0) {
                        let start = now() + Duration::minutes(self.done.len() as i64);
                        let t = TimeEntry::started(cockpit::storage::new_id(), c.id, None, start, now());
                        self.apply(Some(Change::one("start", Edit::insert(Record::Time(t)))));
                    }
                }
            },
            Op::Undo => {
                if let Some(last) = self.done.pop() {
                    // As the app does it: refused when another change reached the rows since.
                    let _ = self.store.apply(&last.inverse());
                }
            }
            Op::Sync(which) => {
                let batches: Vec<Batch> = which.iter().filter_map(|i| pick(pool, *i)).collect();
                self.store.sync_merge(batches).unwrap();
            }
        }
    }
}

/// Every row of every table that syncs, as text.
fn tables(path: &Path) -> BTreeMap<String, Vec<String>> {
    // (The decisions counted stay on each machine: each counts what it has.)
    assert_eq!(common::tally_errors(path), Vec::<String>::new());
    let conn = rusqlite::Connection::open(path).unwrap();
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sync\\_%' ESCAPE '\\'
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT IN ('settings', 'adr_files', 'time_imports', 'decision_tally') ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    names
        .into_iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {t} ORDER BY id")).unwrap();
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| Ok((0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|")))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            (t, rows)
        })
        .collect()
}

fn converge(replicas: &mut [Replica], pool: &mut Vec<Batch>) {
    for _ in 0..10 {
        let mut new = 0;
        for r in replicas.iter_mut() {
            for b in r.outgoing() {
                r.store.sync_written(b.n).unwrap();
                if !pool.contains(&b) {
                    pool.push(b);
                    new += 1;
                }
            }
        }
        let mut applied = 0;
        for r in replicas.iter_mut() {
            applied += r.store.sync_merge(pool.clone()).unwrap().files;
        }
        // Settled: nothing new sent, and nothing applied that could have made a change.
        if new == 0 && applied == 0 {
            return;
        }
    }
    panic!("the replicas did not settle");
}

fn check(ops: Vec<(u8, Op)>) {
    let dir = tempfile::tempdir().unwrap();
    let mut replicas: Vec<Replica> = ["a", "b", "c"].iter().map(|d| Replica::new(dir.path(), d)).collect();
    let mut pool: Vec<Batch> = Vec::new();
    for (who, op) in &ops {
        let r = &mut replicas[*who as usize % 3];
        r.run(op, &pool);
        // Now and then a replica writes its files (and so a later one holds what the last did not).
        if matches!(op, Op::Sync(_)) {
            for b in r.outgoing() {
                r.store.sync_written(b.n).unwrap();
                pool.push(b);
            }
        }
    }
    converge(&mut replicas, &mut pool);
    let first = tables(&replicas[0].path);
    for r in &replicas[1..] {
        let other = tables(&r.path);
        for (table, rows) in &first {
            assert_eq!(rows, &other[table], "{table} differs between replicas after {ops:?}");
        }
    }
}

/// Two machines edit one decision's title (three values, so that they often meet on one), now
/// and then delete it, and exchange their files now and then: once both have every file, both
/// hold the same decisions and list the same conflicts.
fn check_two(edits: Vec<(bool, u8, bool)>) {
    let dir = tempfile::tempdir().unwrap();
    let mut replicas: Vec<Replica> = ["a", "b"].iter().map(|d| Replica::new(dir.path(), d)).collect();
    let mut pool: Vec<Batch> = Vec::new();
    replicas[0].run(&Op::Client(0), &pool);
    replicas[0].run(&Op::Decide(0, 0), &pool);
    converge(&mut replicas, &mut pool);
    for (on_b, title, then_sync) in &edits {
        let r = &mut replicas[usize::from(*on_b)];
        let op = if title % 8 == 7 { Op::Delete(0) } else { Op::Retitle(0, title % 3) };
        r.run(&op, &pool);
        if *then_sync {
            for b in r.outgoing() {
                r.store.sync_written(b.n).unwrap();
                pool.push(b);
            }
            let all = pool.clone();
            r.store.sync_merge(all).unwrap();
        }
    }
    converge(&mut replicas, &mut pool);
    let listed = |r: &Replica| -> Vec<String> {
        r.store.sync_conflicts().unwrap().iter().map(|c| format!("{} {} {}", c.column, c.kept, c.other)).collect()
    };
    let titles = |r: &Replica| -> Vec<String> { r.decisions().into_iter().map(|d| d.title).collect() };
    assert_eq!(titles(&replicas[0]), titles(&replicas[1]));
    assert_eq!(listed(&replicas[0]), listed(&replicas[1]), "the two list different conflicts after {edits:?}");
}

proptest! {
    #![proptest_config(common::proptest_config(24, "tests/proptest-regressions/sync_merge.txt"))]
    #[test]
    fn three_replicas_end_identical_whatever_order_the_files_arrive_in(ops in proptest::collection::vec((0u8..3, op()), 10..80)) {
        check(ops);
    }

    #[test]
    fn two_machines_list_the_same_conflicts(edits in proptest::collection::vec((any::<bool>(), any::<u8>(), proptest::bool::weighted(0.3)), 1..12)) {
        check_two(edits);
    }
}

#[test]
fn a_decision_made_on_one_machine_reaches_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    a.run(&Op::Decide(0, 7), &[]);
    let files = a.outgoing();
    b.store.sync_merge(files).unwrap();
    assert_eq!(b.decisions().iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["Decision 7"]);
    assert_eq!(tables(&a.path), tables(&b.path));
}

fn round(replicas: &mut [&mut Replica]) {
    let mut files = Vec::new();
    for r in replicas.iter_mut() {
        files.extend(r.outgoing());
    }
    for r in replicas.iter_mut() {
        r.store.sync_merge(files.clone()).unwrap();
    }
}

/// A client deleted on one machine while the other made records for it: the delete gives way
/// on both, and the records are kept and arrive; deleted with its records on the machine that
/// knew them, it stays deleted everywhere.
#[test]
fn a_client_deleted_on_one_machine_while_the_other_made_records_for_it_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    round(&mut [&mut a, &mut b]);
    let client = a.store.clients(true).unwrap().remove(0);
    a.apply(Some(Change::one("delete client", Edit::delete(Record::Client(client.clone())))));
    b.run(&Op::Decide(0, 7), &[]);
    for _ in 0..3 {
        round(&mut [&mut a, &mut b]);
    }
    for r in [&a, &b] {
        assert_eq!(r.store.clients(true).unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), [client.id]);
        assert_eq!(r.decisions().iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["Decision 7"]);
    }
    assert_eq!(tables(&a.path), tables(&b.path));
    // Deleted with its decision where both are known: gone on both.
    let d = b.decisions().remove(0);
    b.apply(Some(Change::new("delete both", vec![Edit::delete(Record::Decision(d)), Edit::delete(Record::Client(client))])));
    for _ in 0..2 {
        round(&mut [&mut a, &mut b]);
    }
    for r in [&a, &b] {
        assert!(r.store.clients(true).unwrap().is_empty() && r.decisions().is_empty());
    }
    // An item deleted on one machine and re-scored on the other: the re-scoring is an edit, and
    // the item comes back with it, as with any edit (see below).
    a.run(&Op::Client(1), &[]);
    a.run(&Op::Item(0), &[]);
    round(&mut [&mut a, &mut b]);
    b.run(&Op::Rescore(0, 5, 1), &[]);
    a.run(&Op::DeleteItem(0), &[]);
    for _ in 0..2 {
        round(&mut [&mut a, &mut b]);
    }
    for r in [&a, &b] {
        let scores: Vec<(i64, i64)> = r.items().iter().map(|i| (i.impact.get().into(), i.effort.get().into())).collect();
        assert_eq!(scores, [(5, 1)]);
    }
    assert_eq!(tables(&a.path), tables(&b.path));
}

fn titled(r: &Replica, title: &str) -> Option<Decision> {
    r.decisions().into_iter().find(|d| d.title == title)
}

fn supersede(r: &mut Replica, old: &str, new: &str) {
    let (old, new) = (titled(r, old).unwrap(), titled(r, new).unwrap());
    let after = Decision { superseded_by: Some(new.id), status: Status::Superseded, ..old.clone() };
    r.apply(Some(Change::one("supersede", Edit::update(Record::Decision(old), Record::Decision(after)))));
}

fn retitle(r: &mut Replica, title: &str, to: &str) {
    let d = titled(r, title).unwrap();
    let after = Decision { title: to.into(), ..d.clone() };
    r.apply(Some(Change::one("retitle", Edit::update(Record::Decision(d), Record::Decision(after)))));
}

fn delete(r: &mut Replica, title: &str) {
    let d = titled(r, title).unwrap();
    r.apply(Some(Change::one("delete", Edit::delete(Record::Decision(d)))));
}

fn titles_of(r: &Replica) -> Vec<String> {
    let mut t: Vec<String> = r.decisions().into_iter().map(|d| d.title).collect();
    t.sort();
    t
}

fn brought_back(m: cockpit::storage::sync::Merged) -> Vec<(String, BroughtBack)> {
    m.kept_from_delete.into_iter().map(|k| (k.table, k.why)).collect()
}

/// A decision deleted on one machine while the other changed it, neither knowing: the change
/// is not lost. The machine that changed it makes it again when the delete comes, and the other
/// has it back from there; each merge says so. Deleted again where the change is known, it is
/// gone on both.
#[test]
fn a_record_changed_on_one_machine_while_deleted_on_the_other_comes_back_with_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    a.run(&Op::Decide(0, 1), &[]);
    a.run(&Op::Decide(0, 2), &[]);
    round(&mut [&mut a, &mut b]);
    let d = titled(&a, "Decision 1").unwrap();
    retitle(&mut a, "Decision 1", "Retitled on A");
    delete(&mut b, "Decision 1");
    let (from_a, from_b) = (a.outgoing(), b.outgoing());
    // (The machine that deleted it does not decide.)
    assert_eq!(brought_back(b.store.sync_merge(from_a).unwrap()), []);
    assert!(titled(&b, "Retitled on A").is_none());
    let decisions = || ("decisions".to_string(), d.id.to_string());
    let back = a.store.sync_merge(from_b).unwrap().kept_from_delete;
    assert_eq!(back.into_iter().map(|k| ((k.table, k.row), k.why)).collect::<Vec<_>>(), [(decisions(), BroughtBack::ChangedHere)]);
    assert_eq!(brought_back(b.store.sync_merge(a.outgoing()).unwrap()), [("decisions".to_string(), BroughtBack::DeletedHere)]);
    let named = b.store.sync_named(&[("decisions".into(), d.id.to_string())]).unwrap();
    assert_eq!(named, [Some("decision 'D-001 Retitled on A'".to_string())]);
    round(&mut [&mut a, &mut b]);
    for r in [&a, &b] {
        assert_eq!(r.decisions().iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["Decision 2", "Retitled on A"]);
    }
    assert_eq!(tables(&a.path), tables(&b.path));

    // Deleted again where the change is known (the files merged one by one, as a round does).
    delete(&mut b, "Retitled on A");
    for file in b.outgoing() {
        assert_eq!(brought_back(a.store.sync_merge_part(vec![file]).unwrap()), []);
    }
    a.store.sync_merge(Vec::new()).unwrap();
    for _ in 0..2 {
        round(&mut [&mut a, &mut b]);
    }
    for r in [&a, &b] {
        assert_eq!(r.decisions().iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["Decision 2"]);
    }
    assert_eq!(tables(&a.path), tables(&b.path));
}

/// Only the machine that changed a record decides to make it again: a third machine that has
/// the change from it but changed nothing lets the delete through, and has the record back from
/// the machine that changed it.
#[test]
fn a_machine_that_changed_nothing_does_not_make_a_deleted_record_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    let mut c = Replica::new(dir.path(), "c");
    a.run(&Op::Client(0), &[]);
    a.run(&Op::Decide(0, 1), &[]);
    round(&mut [&mut a, &mut b, &mut c]);
    a.run(&Op::Retitle(0, 2), &[]);
    let from_a = a.outgoing();
    c.store.sync_merge(from_a.clone()).unwrap();
    b.run(&Op::Delete(0), &[]);
    let from_b = b.outgoing();
    assert_eq!(brought_back(c.store.sync_merge(from_b.clone()).unwrap()), []);
    assert!(c.decisions().is_empty());
    assert_eq!(brought_back(a.store.sync_merge(from_b).unwrap()), [("decisions".to_string(), BroughtBack::ChangedHere)]);
    assert_eq!(brought_back(c.store.sync_merge(a.outgoing()).unwrap()), [("decisions".to_string(), BroughtBack::Elsewhere)]);
    for _ in 0..2 {
        round(&mut [&mut a, &mut b, &mut c]);
    }
    for r in [&a, &b, &c] {
        assert_eq!(r.decisions().iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["Retitled 2"]);
    }
    assert_eq!(tables(&a.path), tables(&c.path));
}

/// A record changed on one machine and deleted on both: it stays deleted, though the other
/// machine's delete had not seen the change (the machine that changed it deleted it knowing).
#[test]
fn a_record_deleted_on_both_machines_stays_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    a.run(&Op::Decide(0, 1), &[]);
    round(&mut [&mut a, &mut b]);
    a.run(&Op::Retitle(0, 2), &[]);
    a.run(&Op::Delete(0), &[]);
    b.run(&Op::Delete(0), &[]);
    for _ in 0..2 {
        round(&mut [&mut a, &mut b]);
    }
    assert!(a.decisions().is_empty() && b.decisions().is_empty());
    assert_eq!(tables(&a.path), tables(&b.path));
}

/// A change made by sync's own rules is no change a person made: a timer stopped by a merge
/// (two timers ran at once) and discarded on the other machine stays discarded.
#[test]
fn a_change_made_by_a_merge_does_not_bring_back_what_the_other_machine_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    round(&mut [&mut a, &mut b]);
    // (A timer starts later the more changes its machine has made: A's starts first.)
    a.run(&Op::Timer, &[]);
    b.run(&Op::Decide(0, 1), &[]);
    b.run(&Op::Decide(0, 2), &[]);
    b.run(&Op::Timer, &[]);
    // B stops A's timer, started earlier, when A's file comes; A discards its timer meanwhile.
    let discarded = a.store.running_timer().unwrap().unwrap();
    b.store.sync_merge(a.outgoing()).unwrap();
    let stopped = b.store.all_time_entries(None).unwrap().into_iter().find(|t| t.id == discarded.id).unwrap();
    assert!(stopped.end.is_some(), "B's merge stopped A's timer");
    a.apply(Some(Change::one("discard", Edit::delete(Record::Time(discarded.clone())))));
    for _ in 0..3 {
        round(&mut [&mut a, &mut b]);
    }
    for r in [&a, &b] {
        assert!(r.store.all_time_entries(None).unwrap().iter().all(|t| t.id != discarded.id), "the discarded timer came back");
    }
    assert_eq!(tables(&a.path), tables(&b.path));
}

/// A field changed on both machines, the record then deleted on one: the other's change was
/// the earlier, so the record stays deleted (the later change had replaced it), and no conflict
/// over it is left on either machine.
#[test]
fn a_change_replaced_by_a_later_one_before_the_delete_does_not_bring_the_record_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    a.run(&Op::Decide(0, 1), &[]);
    round(&mut [&mut a, &mut b]);
    a.run(&Op::Retitle(0, 2), &[]);
    // (B's clock ahead of A's: its change is the later.)
    let clock = rusqlite::Connection::open(&b.path).unwrap();
    clock.execute("UPDATE sync_clock SET hlc = hlc + (1 << 40)", []).unwrap();
    b.run(&Op::Retitle(0, 3), &[]);
    b.run(&Op::Delete(0), &[]);
    for _ in 0..2 {
        round(&mut [&mut a, &mut b]);
    }
    for r in [&a, &b] {
        assert!(r.decisions().is_empty(), "{:?}", r.decisions());
        assert!(r.store.sync_conflicts().unwrap().is_empty(), "{:?}", r.store.sync_conflicts().unwrap());
    }
    assert_eq!(tables(&a.path), tables(&b.path));
}

/// A record with a conflict listed, deleted and the delete undone on one machine: made again
/// there, knowing both values, it settles the conflict, on both machines.
#[test]
fn a_delete_undone_settles_the_records_conflicts_on_both_machines() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    a.run(&Op::Decide(0, 1), &[]);
    round(&mut [&mut a, &mut b]);
    a.run(&Op::Retitle(0, 2), &[]);
    b.run(&Op::Retitle(0, 3), &[]);
    round(&mut [&mut a, &mut b]);
    assert_eq!(a.store.sync_conflicts().unwrap().len(), 1);
    assert_eq!(b.store.sync_conflicts().unwrap().len(), 1);
    b.run(&Op::Delete(0), &[]);
    assert!(b.store.sync_conflicts().unwrap().is_empty(), "a deleted record's conflicts are not listed");
    b.run(&Op::Undo, &[]);
    assert_eq!(b.decisions().len(), 1);
    for _ in 0..2 {
        round(&mut [&mut a, &mut b]);
    }
    for r in [&a, &b] {
        assert!(r.store.sync_conflicts().unwrap().is_empty(), "{:?}", r.store.sync_conflicts().unwrap());
    }
    assert_eq!(tables(&a.path), tables(&b.path));
}

/// A decision changed on one machine while the other deleted it with its client and the
/// client's other decision: the machine that changed it makes it again with its client, and
/// the other has both back from there; the other decision stays deleted.
#[test]
fn a_record_changed_while_deleted_with_what_it_belongs_to_brings_that_back_too() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    a.run(&Op::Decide(0, 1), &[]);
    a.run(&Op::Decide(0, 2), &[]);
    round(&mut [&mut a, &mut b]);
    retitle(&mut a, "Decision 1", "Retitled on A");
    let client = b.store.clients(true).unwrap().remove(0);
    let mut edits: Vec<Edit> = b.decisions().into_iter().map(|d| Edit::delete(Record::Decision(d))).collect();
    edits.push(Edit::delete(Record::Client(client.clone())));
    b.apply(Some(Change::new("delete all", edits)));
    let mut back = brought_back(a.store.sync_merge(b.outgoing()).unwrap());
    back.sort();
    assert_eq!(back, [("clients".to_string(), BroughtBack::ChangedHere), ("decisions".to_string(), BroughtBack::ChangedHere)]);
    let mut back = brought_back(b.store.sync_merge(a.outgoing()).unwrap());
    back.sort();
    assert_eq!(back, [("clients".to_string(), BroughtBack::DeletedHere), ("decisions".to_string(), BroughtBack::DeletedHere)]);
    for r in [&a, &b] {
        assert_eq!(r.store.clients(true).unwrap().iter().map(|c| c.id).collect::<Vec<_>>(), [client.id]);
        assert_eq!(r.decisions().iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["Retitled on A"]);
    }
    round(&mut [&mut a, &mut b]);
    assert_eq!(tables(&a.path), tables(&b.path));
}

#[test]
fn a_field_edited_on_both_machines_is_a_conflict_on_both_until_one_chooses() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    a.run(&Op::Decide(0, 1), &[]);
    round(&mut [&mut a, &mut b]);
    a.run(&Op::Retitle(0, 2), &[]);
    b.run(&Op::Retitle(0, 3), &[]);
    // An edit made after the other's had arrived is no conflict.
    round(&mut [&mut a, &mut b]);
    let (on_a, on_b) = (a.store.sync_conflicts().unwrap(), b.store.sync_conflicts().unwrap());
    assert_eq!(on_a.len(), 1, "{on_a:?}");
    assert_eq!(on_b.len(), 1, "{on_b:?}");
    assert_eq!((on_a[0].column.as_str(), &on_a[0].kept), ("title", &on_b[0].kept));
    assert_eq!(on_a[0].other, on_b[0].other);
    assert_eq!(a.decisions()[0].title, b.decisions()[0].title);
    // Chosen on one machine: the other value everywhere, the conflict gone everywhere.
    let other = on_a[0].other.as_str().unwrap().to_string();
    a.store.sync_choose(&on_a[0], true).unwrap();
    round(&mut [&mut a, &mut b]);
    assert_eq!((a.decisions()[0].title.as_str(), b.decisions()[0].title.as_str()), (other.as_str(), other.as_str()));
    assert!(a.store.sync_conflicts().unwrap().is_empty());
    assert!(b.store.sync_conflicts().unwrap().is_empty(), "{:?}", b.store.sync_conflicts().unwrap());
    // Edited again one after the other: no conflict.
    a.run(&Op::Retitle(0, 4), &[]);
    round(&mut [&mut a, &mut b]);
    b.run(&Op::Retitle(0, 5), &[]);
    round(&mut [&mut a, &mut b]);
    assert!(a.store.sync_conflicts().unwrap().is_empty());
    assert!(b.store.sync_conflicts().unwrap().is_empty());
}

#[test]
fn the_same_number_made_on_two_machines_is_given_again_to_the_later_decision() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    round(&mut [&mut a, &mut b]);
    a.run(&Op::Decide(0, 1), &[]);
    b.run(&Op::Decide(0, 2), &[]);
    assert_eq!((a.decisions()[0].number, b.decisions()[0].number), (1, 1));
    round(&mut [&mut a, &mut b]);
    round(&mut [&mut a, &mut b]);
    // B's was made later: it takes D-002.
    assert_eq!(numbered(&a), [(1, "Decision 1".to_string()), (2, "Decision 2".to_string())]);
    assert_eq!(numbered(&a), numbered(&b));
    assert_eq!(tables(&a.path), tables(&b.path));
    // D-001 is still the later one's too: typed, it finds the decision that has it now first.
    let later = b.decisions().into_iter().find(|d| d.title == "Decision 2").unwrap();
    assert_eq!(later.former_numbers, [1]);
    let log = b.decisions();
    assert_eq!(cockpit::domain::decision::numbered(&log, 1).unwrap().title, "Decision 1");
    assert_eq!(cockpit::domain::decision::numbered(&log, 2).unwrap().title, "Decision 2");
    // `decision show` says so, as the app's detail does.
    let shown = common::cli_ok(&b.path, &["decision", "show", "D-2", "--client", NAMES[0]]);
    assert!(shown.contains("Formerly      D-001\n"), "{shown}");
}

/// Every decision's number and title, in order.
fn numbered(r: &Replica) -> Vec<(u32, String)> {
    let mut v: Vec<(u32, String)> = r.decisions().into_iter().map(|d| (d.number, d.title)).collect();
    v.sort();
    v
}

/// Numbers with the decisions `Decision N` they should go with: `(2, 3)` is D-2 "Decision 3".
fn numbered_as(pairs: &[(u32, u32)]) -> Vec<(u32, String)> {
    pairs.iter().map(|(n, t)| (*n, format!("Decision {t}"))).collect()
}

/// Two machines with a client, each having synced once.
fn two_with_a_client(dir: &Path) -> (Replica, Replica, Vec<Batch>) {
    let (mut a, mut b, mut place) = (Replica::new(dir, "a"), Replica::new(dir, "b"), Vec::new());
    a.run(&Op::Client(0), &[]);
    sync_one(&mut a, &mut place);
    sync_one(&mut b, &mut place);
    (a, b, place)
}

/// Two machines with a client and its D-001, each having synced once.
fn two_with_a_decision(dir: &Path) -> (Replica, Replica, Vec<Batch>) {
    let (mut a, mut b, mut place) = two_with_a_client(dir);
    a.run(&Op::Decide(0, 1), &[]);
    sync_one(&mut a, &mut place);
    sync_one(&mut b, &mut place);
    (a, b, place)
}

/// One machine's round, as `cockpit sync` runs it: every file in the place in, then its own
/// out (with what merging them changed here, such as a number given again).
fn sync_one(r: &mut Replica, place: &mut Vec<Batch>) {
    r.store.sync_merge(place.clone()).unwrap();
    for b in r.outgoing() {
        r.store.sync_written(b.n).unwrap();
        place.push(b);
    }
}

/// Only the decision whose number two machines both made moves, and only on the machine that
/// made it (the other holds it back meanwhile): every machine gives it the same new number,
/// the decisions that did not collide keep theirs, and no number is left unused.
#[test]
fn a_number_made_on_two_machines_moves_only_the_later_decision_and_leaves_no_gap() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut place) = two_with_a_decision(dir.path());
    a.run(&Op::Decide(0, 2), &[]);
    b.run(&Op::Decide(0, 3), &[]);
    b.run(&Op::Decide(0, 4), &[]);
    for who in [0, 1, 0, 1, 0, 1] {
        let r = if who == 0 { &mut a } else { &mut b };
        sync_one(r, &mut place);
        // Each decision either has the number it ends with, or (the later of the two made
        // D-002) its first one on the machine that made it, or is not there yet.
        for (n, title) in numbered(r) {
            let allowed: &[u32] = match title.as_str() {
                "Decision 1" => &[1],
                "Decision 2" => &[2],
                "Decision 3" if who == 1 => &[2, 4],
                "Decision 3" => &[4],
                _ => &[3],
            };
            assert!(allowed.contains(&n), "{title} is D-{n} on {}", ["a", "b"][who]);
        }
    }
    let want = numbered_as(&[(1, 1), (2, 2), (3, 4), (4, 3)]);
    assert_eq!(numbered(&a), want);
    assert_eq!(numbered(&b), want);
    assert_eq!(tables(&a.path), tables(&b.path));
    let formers = |title: &str| b.decisions().into_iter().find(|d| d.title == title).unwrap().former_numbers;
    assert_eq!((formers("Decision 3"), formers("Decision 4")), (vec![2], vec![]));
}

/// The machine that made the later of two decisions sharing a number gives it a number free
/// once everything that came with the other is in: not one that came in the same files, which
/// it would take from a decision that collided with nothing.
#[test]
fn a_new_number_is_not_one_that_arrived_with_the_collision() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut place) = two_with_a_client(dir.path());
    a.run(&Op::Decide(0, 1), &[]);
    b.run(&Op::Decide(0, 2), &[]);
    a.run(&Op::Decide(0, 3), &[]);
    // Merged part by part (as a round reads its files), B's own later decision waits, listed as
    // made here, and the round's last merge numbers it.
    sync_one(&mut a, &mut place);
    b.store.sync_merge_part(place.clone()).unwrap();
    let held = b.store.sync_status().unwrap().unwrap().held;
    assert_eq!(held.iter().map(|h| (h.named.as_str(), h.here)).collect::<Vec<_>>(), [("Decision 2", true)]);
    b.store.sync_merge(Vec::new()).unwrap();
    assert!(b.store.sync_status().unwrap().unwrap().held.is_empty());
    for _ in 0..2 {
        sync_one(&mut a, &mut place);
        sync_one(&mut b, &mut place);
    }
    let want = numbered_as(&[(1, 1), (2, 3), (3, 2)]);
    assert_eq!(numbered(&a), want);
    assert_eq!(numbered(&b), want);
}

/// A decision held back for a number that the decision made here holds goes in once that one
/// is deleted here, at the next round, though nothing new arrived.
#[test]
fn a_decision_held_back_goes_in_when_the_one_holding_its_number_is_deleted_here() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut place) = two_with_a_client(dir.path());
    a.run(&Op::Decide(0, 1), &[]);
    b.run(&Op::Decide(0, 2), &[]);
    sync_one(&mut b, &mut place);
    sync_one(&mut a, &mut place);
    assert_eq!(numbered(&a), [(1, "Decision 1".to_string())], "B's waits for its new number");
    a.run(&Op::Delete(0), &[]);
    sync_one(&mut a, &mut place);
    assert_eq!(numbered(&a), [(1, "Decision 2".to_string())]);
}

/// An edit undone after sync gave its decision another number keeps that number; a delete
/// undone after another decision took the number brings the decision back under the next one.
#[test]
fn undo_after_a_number_changed_keeps_the_numbers_as_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut place) = two_with_a_client(dir.path());
    a.run(&Op::Decide(0, 1), &[]);
    b.run(&Op::Decide(0, 2), &[]);
    b.run(&Op::Retitle(0, 3), &[]);
    sync_one(&mut a, &mut place);
    sync_one(&mut b, &mut place);
    assert_eq!(numbered(&b), [(1, "Decision 1".to_string()), (2, "Retitled 3".to_string())]);
    b.run(&Op::Undo, &[]);
    assert_eq!(numbered(&b), [(1, "Decision 1".to_string()), (2, "Decision 2".to_string())], "the edit undone, the number kept");
    let undone = b.decisions().into_iter().find(|x| x.title == "Decision 2").unwrap();
    assert_eq!(undone.former_numbers, [1], "and the number it had before");
    // A decision deleted, then its number taken by the earlier one arriving: the delete undone.
    let (mut c, mut place2) = (Replica::new(dir.path(), "c"), Vec::new());
    let mut d = Replica::new(dir.path(), "d");
    c.run(&Op::Client(0), &[]);
    sync_one(&mut c, &mut place2);
    sync_one(&mut d, &mut place2);
    c.run(&Op::Decide(0, 4), &[]);
    d.run(&Op::Decide(0, 5), &[]);
    sync_one(&mut d, &mut place2);
    d.run(&Op::Delete(0), &[]);
    sync_one(&mut c, &mut place2);
    sync_one(&mut d, &mut place2);
    assert_eq!(numbered(&d), [(1, "Decision 4".to_string())]);
    d.run(&Op::Undo, &[]);
    assert_eq!(numbered(&d), [(1, "Decision 4".to_string()), (2, "Decision 5".to_string())], "brought back under the next number");
    let back = d.decisions().into_iter().find(|x| x.title == "Decision 5").unwrap();
    assert_eq!(back.former_numbers, [1]);
}

/// A third machine that gets the later of two decisions sharing a number first shows the
/// earlier one once it arrives, and holds the later back, as every machine does: the earlier
/// decision is never hidden behind a machine that has not synced since.
#[test]
fn a_third_machine_shows_the_earlier_of_two_decisions_sharing_a_number_whichever_came_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut c) = (Replica::new(dir.path(), "a"), Replica::new(dir.path(), "b"), Replica::new(dir.path(), "c"));
    let mut place = Vec::new();
    a.run(&Op::Client(0), &[]);
    for r in [&mut a, &mut b, &mut c] {
        sync_one(r, &mut place);
    }
    a.run(&Op::Decide(0, 1), &[]);
    b.run(&Op::Decide(0, 2), &[]);
    // B's (the later) reaches C first; then A's.
    sync_one(&mut b, &mut place);
    sync_one(&mut c, &mut place);
    assert_eq!(c.decisions().iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["Decision 2"]);
    sync_one(&mut a, &mut place);
    sync_one(&mut c, &mut place);
    let shown = |r: &Replica| r.decisions().into_iter().map(|d| (d.number, d.title)).collect::<Vec<_>>();
    assert_eq!(shown(&c), [(1, "Decision 1".to_string())], "B has not synced since: its decision waits");
    assert_eq!(shown(&a), [(1, "Decision 1".to_string())]);
    // B gives its decision the next number, and it reaches everyone.
    sync_one(&mut b, &mut place);
    sync_one(&mut a, &mut place);
    sync_one(&mut c, &mut place);
    let want = vec![(1, "Decision 1".to_string()), (2, "Decision 2".to_string())];
    for (name, r) in [("a", &a), ("b", &b), ("c", &c)] {
        let mut got = shown(r);
        got.sort();
        assert_eq!(got, want, "{name}");
    }
    assert_eq!(tables(&a.path), tables(&c.path));
}

/// A machine gone on as a new device (after a restore) still gives its decisions made as the
/// device it was new numbers: otherwise no machine would, and each would hold back the other's.
#[test]
fn a_machine_gone_on_as_a_new_device_still_renumbers_what_it_made_before() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut place) = two_with_a_decision(dir.path());
    b.run(&Op::Decide(0, 2), &[]);
    a.run(&Op::Decide(0, 3), &[]);
    sync_one(&mut a, &mut place);
    a.store.sync_new_device().unwrap();
    for _ in 0..3 {
        sync_one(&mut b, &mut place);
        sync_one(&mut a, &mut place);
    }
    let want = numbered_as(&[(1, 1), (2, 2), (3, 3)]);
    assert_eq!(numbered(&a), want);
    assert_eq!(numbered(&b), want);
}

#[test]
fn many_changes_go_in_several_files_that_merge_to_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    let client = a.store.clients(true).unwrap()[0].id;
    let decisions: Vec<Record> = (1..=3_000u32)
        .map(|n| {
            let mut d = Decision::captured(cockpit::storage::new_id(), client, &format!("Decision {n}"), now().date_naive(), now());
            d.number = n;
            Record::Decision(d)
        })
        .collect();
    a.store.insert_all(&decisions).unwrap();
    let mut files = a.outgoing();
    assert!(files.len() >= 2, "{} files", files.len());
    // A row's change is never cut in two: each file ends where a row's fields end.
    for f in &files[..files.len() - 1] {
        let last = f.changes.last().unwrap();
        assert!(files.iter().skip_while(|g| g.n <= f.n).all(|g| g.changes.iter().all(|c| (c.0, &c.2) != (last.0, &last.2))));
    }
    // At most FILE_FIELDS field changes, and the rest of the row it ends in.
    assert!(files.iter().all(|f| f.changes.iter().map(|c| c.3.len()).sum::<usize>() < cockpit::storage::sync::FILE_FIELDS as usize + 100));
    // Handed over last first: each waits for the one before it.
    files.reverse();
    b.store.sync_merge(files).unwrap();
    assert_eq!(b.decisions().len(), 3_000);
    assert_eq!(tables(&a.path), tables(&b.path));
}

/// One machine sets a title and then another; the other machine, not knowing, sets that other
/// one: no value was lost, so neither lists a conflict (one listed the first value it met).
#[test]
fn a_machine_ending_on_the_others_value_is_no_conflict_on_either() {
    check_two(vec![(false, 2, false), (false, 1, false), (true, 1, false)]);
}

/// Two machines with a client's decisions 1 (superseded by 2) and 2, and a third machine with
/// them too.
fn three_with_a_supersede(dir: &Path) -> (Replica, Replica, Replica) {
    let (mut a, mut b, mut c) = (Replica::new(dir, "a"), Replica::new(dir, "b"), Replica::new(dir, "c"));
    a.run(&Op::Client(0), &[]);
    a.run(&Op::Decide(0, 1), &[]);
    a.run(&Op::Decide(0, 2), &[]);
    supersede(&mut a, "Decision 1", "Decision 2");
    round(&mut [&mut a, &mut b, &mut c]);
    (a, b, c)
}

/// A machine that made a record for one deleted elsewhere makes it again, and says so; a
/// machine that has that record from it but made nothing lets the delete through.
#[test]
fn only_the_machine_that_made_a_record_for_a_deleted_one_makes_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut c) = (Replica::new(dir.path(), "a"), Replica::new(dir.path(), "b"), Replica::new(dir.path(), "c"));
    a.run(&Op::Client(0), &[]);
    round(&mut [&mut a, &mut b, &mut c]);
    let client = a.store.clients(true).unwrap().remove(0);
    a.apply(Some(Change::one("delete client", Edit::delete(Record::Client(client)))));
    b.run(&Op::Decide(0, 7), &[]);
    let (from_a, from_b) = (a.outgoing(), b.outgoing());
    c.store.sync_merge(from_b).unwrap();
    assert_eq!(brought_back(c.store.sync_merge(from_a.clone()).unwrap()), []);
    assert_eq!(brought_back(b.store.sync_merge(from_a).unwrap()), [("clients".to_string(), BroughtBack::ChangedHere)]);
    for _ in 0..2 {
        round(&mut [&mut a, &mut b, &mut c]);
    }
    for r in [&a, &b, &c] {
        assert_eq!(titles_of(r), ["Decision 7"]);
    }
    assert_eq!(tables(&a.path), tables(&c.path));
}

/// A record deleted by a command of its own stays deleted, though it pointed at a record the
/// other machine changed, deleted by the next command and made again there.
#[test]
fn a_record_that_pointed_at_one_made_again_stays_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut c) = three_with_a_supersede(dir.path());
    delete(&mut a, "Decision 1");
    delete(&mut a, "Decision 2");
    retitle(&mut b, "Decision 2", "Changed on B");
    for _ in 0..3 {
        round(&mut [&mut a, &mut b, &mut c]);
    }
    for r in [&a, &b, &c] {
        assert_eq!(titles_of(r), ["Changed on B"]);
    }
    assert_eq!(tables(&a.path), tables(&b.path));
}

/// A superseded decision changed on one machine while the other deleted it and the decision
/// that superseded it: both come back, named, so that it is not left superseded by nothing.
#[test]
fn a_record_made_again_brings_back_what_it_points_at_that_the_same_delete_took() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut c) = three_with_a_supersede(dir.path());
    delete(&mut a, "Decision 1");
    delete(&mut a, "Decision 2");
    retitle(&mut b, "Decision 1", "Changed on B");
    let mut back = b.store.sync_merge(a.outgoing()).unwrap().kept_from_delete;
    back.sort_by(|x, y| x.row.cmp(&y.row));
    let mut want: Vec<String> = ["Changed on B", "Decision 2"].iter().map(|t| titled(&b, t).unwrap().id.to_string()).collect();
    want.sort();
    assert_eq!(back.iter().map(|k| k.row.clone()).collect::<Vec<_>>(), want);
    for _ in 0..2 {
        round(&mut [&mut a, &mut b, &mut c]);
    }
    for r in [&a, &b, &c] {
        assert_eq!(titles_of(r), ["Changed on B", "Decision 2"]);
        let old = titled(r, "Changed on B").unwrap();
        assert_eq!(old.superseded_by, Some(titled(r, "Decision 2").unwrap().id));
    }
}

/// A field changed on both machines, one of them then deleting the record knowing its own
/// change: the other makes it again; whatever order a third and a fourth machine take the files
/// in, every machine lists the same conflicts (none: the change deleted went with its delete).
#[test]
fn conflicts_are_the_same_on_every_machine_after_a_record_is_made_again() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut c) = three_with_a_supersede(dir.path());
    retitle(&mut a, "Decision 2", "On A");
    delete(&mut a, "Decision 1");
    delete(&mut a, "On A");
    retitle(&mut b, "Decision 2", "On B");
    let from_a = a.outgoing();
    c.store.sync_merge(from_a.clone()).unwrap();
    b.store.sync_merge(from_a.clone()).unwrap();
    let from_b = b.outgoing();
    c.store.sync_merge(from_b.clone()).unwrap();
    a.store.sync_merge(from_b.clone()).unwrap();
    // A fourth machine takes B's files before A's.
    let mut d = Replica::new(dir.path(), "d");
    d.store.sync_merge(from_b).unwrap();
    d.store.sync_merge(from_a).unwrap();
    for _ in 0..2 {
        round(&mut [&mut a, &mut b, &mut c, &mut d]);
    }
    let listed = |r: &Replica| -> Vec<String> {
        r.store.sync_conflicts().unwrap().iter().map(|c| format!("{} {} {}", c.column, c.kept, c.other)).collect()
    };
    for r in [&a, &b, &c, &d] {
        assert_eq!(titles_of(r), ["On B"]);
        assert_eq!(listed(r), Vec::<String>::new());
    }
}

/// A link a delete empties rather than being refused by (an action made in a meeting) is no use
/// that brings the record back: a meeting deleted on one machine while the other made an action
/// in it stays deleted, and the action stays, its meeting emptied.
#[test]
fn a_link_a_delete_empties_does_not_bring_the_record_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    let client = a.store.clients(true).unwrap().remove(0).id;
    let meeting = Meeting::new(cockpit::storage::new_id(), client, MeetingKind::Leadership, now(), now());
    a.apply(Some(Change::one("meeting", Edit::insert(Record::Meeting(meeting.clone())))));
    round(&mut [&mut a, &mut b]);
    let action = Action { meeting_id: Some(meeting.id), ..Action::new(cockpit::storage::new_id(), client, "Send the shortlist", now()) };
    b.apply(Some(Change::one("action", Edit::insert(Record::Action(action.clone())))));
    let m = a.store.meetings(Some(client)).unwrap().remove(0);
    a.store.delete_at(&Record::Meeting(m), &Zone::utc(), now()).unwrap();
    for _ in 0..3 {
        round(&mut [&mut a, &mut b]);
    }
    for r in [&a, &b] {
        assert!(r.store.meetings(Some(client)).unwrap().is_empty());
        let actions = r.store.actions(&cockpit::storage::ActionQuery { client: Some(client), owner: None, all: true }).unwrap();
        assert_eq!(actions.iter().map(|x| (x.id, x.meeting_id)).collect::<Vec<_>>(), [(action.id, None)]);
    }
    assert_eq!(tables(&a.path), tables(&b.path));
}

/// A record changed here along with a row of its own, both deleted elsewhere: it comes back
/// whole, with every row the delete took, whichever of the two is looked at first.
#[test]
fn a_record_changed_with_one_of_its_rows_comes_back_with_all_of_them() {
    person_and_notes_come_back(true);
}

/// A row of a record changed here alone (a 1:1 note), the record deleted elsewhere with all its
/// rows: the record comes back with every row the delete took, not only the one changed.
#[test]
fn a_row_changed_brings_back_its_record_with_all_its_rows() {
    person_and_notes_come_back(false);
}

/// Sam and two 1:1 notes; B deletes Sam; A changes the first note (and Sam, when `and_sam`).
fn person_and_notes_come_back(and_sam: bool) {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    let client = a.store.clients(true).unwrap().remove(0).id;
    let sam = Person::new(cockpit::storage::new_id(), client, "Sam", now());
    let note = |text: &str| OneOnOne {
        id: cockpit::storage::new_id(),
        client_id: client,
        person_id: sam.id,
        on: now().date_naive(),
        notes: text.into(),
        discussed: Vec::new(),
        private: true,
        created_at: now(),
        updated_at: now(),
    };
    let (first, second) = (note("First"), note("Second"));
    let mut edits = vec![Edit::insert(Record::Person(sam.clone()))];
    edits.extend([&first, &second].map(|n| Edit::insert(Record::OneOnOne(n.clone()))));
    a.apply(Some(Change::new("sam", edits)));
    round(&mut [&mut a, &mut b]);
    let read = |r: &Replica| -> Vec<Record> { r.store.one_on_ones(client).unwrap().into_iter().map(Record::OneOnOne).collect() };
    let stored_sam = b.store.people(client).unwrap().remove(0);
    b.store.delete_at(&Record::Person(stored_sam), &Zone::utc(), now()).unwrap();
    // On A, the first note changed (and Sam).
    let was = read(&a).into_iter().find_map(|r| match r {
        Record::OneOnOne(o) if o.notes == "First" => Some(o),
        _ => None,
    });
    let was = was.unwrap();
    a.apply(Some(Change::one(
        "note",
        Edit::update(Record::OneOnOne(was.clone()), Record::OneOnOne(OneOnOne { notes: "First, more".into(), ..was })),
    )));
    let stored_sam = a.store.people(client).unwrap().remove(0);
    if and_sam {
        let lead = Person { role: "Lead".into(), ..stored_sam.clone() };
        a.apply(Some(Change::one("role", Edit::update(Record::Person(stored_sam), Record::Person(lead)))));
    }
    for _ in 0..3 {
        round(&mut [&mut a, &mut b]);
    }
    for r in [&a, &b] {
        let mut notes: Vec<String> = r.store.one_on_ones(client).unwrap().into_iter().map(|o| o.notes).collect();
        notes.sort();
        assert_eq!(notes, ["First, more", "Second"]);
    }
    assert_eq!(tables(&a.path), tables(&b.path));
}

/// A 1:1 note held for Sam, whom the other machine deleted meanwhile, until Sam comes back:
/// said as what it is and when it was (it has no title).
#[test]
fn a_held_row_without_a_title_is_named_by_what_it_is_and_when() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, _) = two_with_a_client(dir.path());
    let client = a.store.clients(true).unwrap().remove(0).id;
    let sam = Person::new(cockpit::storage::new_id(), client, "Sam", now());
    a.apply(Some(Change::one("sam", Edit::insert(Record::Person(sam.clone())))));
    round(&mut [&mut a, &mut b]);
    b.store.delete_at(&Record::Person(b.store.people(client).unwrap().remove(0)), &Zone::utc(), now()).unwrap();
    let note = OneOnOne {
        id: cockpit::storage::new_id(),
        client_id: client,
        person_id: sam.id,
        on: now().date_naive(),
        notes: String::new(),
        discussed: Vec::new(),
        private: true,
        created_at: now(),
        updated_at: now(),
    };
    a.apply(Some(Change::one("note", Edit::insert(Record::OneOnOne(note)))));
    b.store.sync_merge(a.outgoing()).unwrap();
    let held = b.store.sync_status().unwrap().unwrap().held;
    let held: Vec<_> = held.iter().map(|h| (h.kind, h.named.as_str(), h.titled)).collect();
    assert_eq!(held, [("1:1 note", "of 2026-11-18", false)]);
    for _ in 0..2 {
        round(&mut [&mut a, &mut b]);
    }
    assert!(b.store.sync_status().unwrap().unwrap().held.is_empty());
    assert_eq!(b.store.one_on_ones(client).unwrap().len(), 1);
}

/// A row of a table this build does not have (a later build's), made and deleted: the merge
/// takes it in without writing it.
#[test]
fn a_deleted_row_of_a_table_this_build_does_not_have_is_merged() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let field = |pairs: &[(&str, serde_json::Value)]| pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    let changes = vec![
        cockpit::storage::sync::RowChange(1 << 40, "later_things".into(), "r1".into(), field(&[("", 1.into()), ("name", "x".into())])),
        cockpit::storage::sync::RowChange((1 << 40) + 1, "later_things".into(), "r1".into(), field(&[("", 0.into())])),
    ];
    let batch = Batch { format: 1, device: "z".into(), n: 1, seen: Default::default(), changes };
    assert_eq!(a.store.sync_merge(vec![batch]).unwrap().files, 1);
}

/// The undo of a delete made here, of a record the other machine changed since without knowing
/// of it, puts it back with that change (as it was here, it would undo the change everywhere);
/// the other machine makes it again too, and the two agree.
#[test]
fn undoing_a_delete_of_a_record_changed_elsewhere_since_keeps_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    a.run(&Op::Decide(0, 1), &[]);
    round(&mut [&mut a, &mut b]);
    let on_b = titled(&b, "Decision 1").unwrap();
    let deleting = b.store.apply(&Change::one("delete", Edit::delete(Record::Decision(on_b)))).unwrap();
    let from_b = b.outgoing();
    retitle(&mut a, "Decision 1", "Changed on A");
    b.store.sync_merge(a.outgoing()).unwrap();
    b.store.replay_at(&deleting.inverse(), now()).unwrap();
    assert_eq!(titles_of(&b), ["Changed on A"]);
    a.store.sync_merge(from_b).unwrap();
    for _ in 0..2 {
        round(&mut [&mut a, &mut b]);
    }
    for r in [&a, &b] {
        assert_eq!(titles_of(r), ["Changed on A"]);
    }
    // Deleted and undone with nothing changed elsewhere: put back.
    let on_b = titled(&b, "Changed on A").unwrap();
    let deleting = b.store.apply(&Change::one("delete", Edit::delete(Record::Decision(on_b)))).unwrap();
    round(&mut [&mut a, &mut b]);
    b.store.replay_at(&deleting.inverse(), now()).unwrap();
    round(&mut [&mut a, &mut b]);
    for r in [&a, &b] {
        assert_eq!(titles_of(r), ["Changed on A"]);
    }
    // Deleted and undone before a round: the other machine, which never saw it go, is told
    // nothing.
    let on_b = titled(&b, "Changed on A").unwrap();
    let deleting = b.store.apply(&Change::one("delete", Edit::delete(Record::Decision(on_b)))).unwrap();
    b.store.replay_at(&deleting.inverse(), now()).unwrap();
    assert_eq!(brought_back(a.store.sync_merge(b.outgoing()).unwrap()), []);
    assert_eq!(titles_of(&a), ["Changed on A"]);
}

/// A conflict made after a record came back (two machines changing its title) is not let go by
/// the delete it came back from, reaching a third machine late: every machine lists it.
#[test]
fn a_late_delete_does_not_let_go_of_a_conflict_made_after_the_record_came_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut c) = three_with_a_supersede(dir.path());
    delete(&mut b, "Decision 2");
    let from_b = b.outgoing();
    retitle(&mut a, "Decision 2", "A1");
    a.store.sync_merge(from_b.clone()).unwrap();
    retitle(&mut a, "A1", "A3");
    retitle(&mut c, "Decision 2", "C1");
    // C takes A's files before B's.
    c.store.sync_merge(a.outgoing()).unwrap();
    c.store.sync_merge(from_b).unwrap();
    for _ in 0..3 {
        round(&mut [&mut a, &mut b, &mut c]);
    }
    let listed = |r: &Replica| -> Vec<String> {
        r.store.sync_conflicts().unwrap().iter().map(|c| format!("{} {} {}", c.column, c.kept, c.other)).collect()
    };
    assert_eq!(listed(&a).len(), 1, "{:?}", listed(&a));
    for r in [&b, &c] {
        assert_eq!(listed(r), listed(&a));
        assert_eq!(titles_of(r), titles_of(&a));
    }
}

/// A task changed on one machine while the other deleted it and then the item it was made of:
/// the task comes back, its item link emptied; the item, which it can do without, stays
/// deleted.
#[test]
fn a_record_made_again_does_not_bring_back_what_a_delete_only_unlinks_from_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Replica::new(dir.path(), "a");
    let mut b = Replica::new(dir.path(), "b");
    a.run(&Op::Client(0), &[]);
    a.run(&Op::Item(0), &[]);
    let client = a.store.clients(true).unwrap().remove(0).id;
    let item = a.items().remove(0);
    let week: IsoWeek = "2026-W47".parse().unwrap();
    let task = Entry {
        item_id: Some(item.id),
        ..Entry::new(cockpit::storage::new_id(), client, week, Lane::Building, EntryKind::Task, "Do it", now())
    };
    a.apply(Some(Change::one("task", Edit::insert(Record::Entry(task.clone())))));
    round(&mut [&mut a, &mut b]);
    let on_b = b.store.entries(client, week).unwrap().remove(0);
    b.store.delete_at(&Record::Entry(on_b), &Zone::utc(), now()).unwrap();
    b.store.delete_at(&Record::Item(b.items().remove(0)), &Zone::utc(), now()).unwrap();
    let on_a = a.store.entries(client, week).unwrap().remove(0);
    a.apply(Some(Change::one(
        "edit",
        Edit::update(Record::Entry(on_a.clone()), Record::Entry(Entry { text: "Do it now".into(), ..on_a })),
    )));
    for _ in 0..3 {
        round(&mut [&mut a, &mut b]);
    }
    for r in [&a, &b] {
        assert!(r.items().is_empty());
        let tasks = r.store.entries(client, week).unwrap();
        assert_eq!(tasks.iter().map(|t| (t.text.as_str(), t.item_id)).collect::<Vec<_>>(), [("Do it now", None)]);
    }
    assert_eq!(tables(&a.path), tables(&b.path));
}

/// The decision B knows as D-001 is given D-002 by A, its machine (C, away, gave D-001 first):
/// B takes A's new number before C's decision arrives, and the merge says the number it had.
#[test]
fn a_decision_here_given_a_new_number_elsewhere_is_said_with_the_number_it_had() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut place) = two_with_a_client(dir.path());
    let mut c = Replica::new(dir.path(), "c");
    sync_one(&mut c, &mut place);
    c.run(&Op::Decide(0, 3), &[]);
    a.run(&Op::Decide(0, 1), &[]);
    sync_one(&mut a, &mut place);
    sync_one(&mut b, &mut place);
    assert_eq!(numbered(&b), [(1, "Decision 1".to_string())]);
    sync_one(&mut c, &mut place);
    // A takes C's D-001, and gives its own the next number.
    let merged = a.store.sync_merge(place.clone()).unwrap();
    let id = a.decisions().into_iter().find(|d| d.title == "Decision 1").unwrap().id.to_string();
    assert_eq!(merged.renumbered, [("decisions".to_string(), id.clone(), 1)]);
    // B takes A's new number alone first.
    let merged = b.store.sync_merge_part(a.outgoing()).unwrap();
    assert_eq!(merged.renumbered, [("decisions".to_string(), id, 1)]);
    assert_eq!(numbered(&b), [(2, "Decision 1".to_string())]);
}

/// A machine away while two others gave D-001 takes, in one round, the later decision, then
/// its new number, then the earlier one: it never knew the later one by a number, and is told
/// nothing of it.
#[test]
fn a_decision_renumbered_within_one_round_here_is_not_said() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, mut b, mut place) = two_with_a_client(dir.path());
    let mut c = Replica::new(dir.path(), "c");
    sync_one(&mut c, &mut place);
    a.run(&Op::Decide(0, 1), &[]);
    c.run(&Op::Decide(0, 3), &[]);
    let from_a = a.outgoing();
    // C takes A's decision and gives its own the next number.
    c.store.sync_merge(from_a.clone()).unwrap();
    let from_c = c.outgoing();
    assert!(from_c.len() >= 2, "its decision, then its new number");
    let mut said = Vec::new();
    for batch in from_c.into_iter().chain(from_a) {
        said.extend(b.store.sync_merge_part(vec![batch]).unwrap().renumbered);
    }
    said.extend(b.store.sync_merge(Vec::new()).unwrap().renumbered);
    assert_eq!(said, []);
    assert_eq!(numbered(&b), [(1, "Decision 1".to_string()), (2, "Decision 3".to_string())]);
}
