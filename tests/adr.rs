//! The decision log as Architecture Decision Records: a folder made by Debian's adr-tools round
//! trips (and adr-tools keeps working on it), a MADR 4 export is valid, exporting twice changes
//! no byte, and export → import into a new client gives the same decisions (property test).

mod common;

use cockpit::domain::adr::{self, Layout};
use cockpit::domain::*;
use cockpit::storage::{new_id, Store};
use common::adr::decision_strategy;
use common::repo::{cockpit, have_adr_tools, tool};
use common::wednesday;
use proptest::prelude::*;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn an_adr_tools_folder_imports_and_keeps_working_after_export() {
    if !have_adr_tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    tool("adr", &repo, &["init", "doc/architecture/decisions"]);
    tool("adr", &repo, &["new", "Use PostgreSQL for bookings"]);
    tool("adr", &repo, &["new", "-s", "2", "Use CockroachDB instead"]);
    let db = dir.path().join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);

    let out = cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]);
    assert_eq!(out.trim(), "Imported ADRs into Acme: 3 added, 0 updated");
    let list: Vec<Decision> = serde_json::from_str(&cockpit(&db, &repo, &["decisions", "--json"])).unwrap();
    let by_title = |t: &str| list.iter().find(|d| d.title == t).unwrap_or_else(|| panic!("no '{t}' in {list:?}"));
    assert_eq!(by_title("Record architecture decisions").status, Status::Accepted);
    let pg = by_title("Use PostgreSQL for bookings");
    let crdb = by_title("Use CockroachDB instead");
    assert_eq!((pg.status, crdb.status), (Status::Superseded, Status::Accepted));
    assert_eq!(pg.superseded_by, Some(crdb.id));
    assert_eq!(cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "."]).trim(), "Imported ADRs into Acme: 0 added, 0 updated");

    // A decision made in Cockpit, then the log exported back into the folder.
    cockpit(&db, &repo, &["decide", "Adopt Kafka for events", "--client", "Acme", "--one-way", "--context", "## Not a heading\n- a list"]);
    let out = cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", ".", "--layout", "nygard"]);
    assert!(out.contains("(nygard)"), "{out}");
    let decisions = repo.join("doc/architecture/decisions");
    let listed = tool("adr", &repo, &["list"]);
    let numbers: Vec<&str> = listed.lines().map(|l| l.rsplit('/').next().unwrap().split('-').next().unwrap()).collect();
    assert_eq!(numbers, vec!["0001", "0002", "0003", "0004"], "{listed}");
    let toc = tool("adr", &repo, &["generate", "toc"]);
    assert!(toc.contains("* [4. Adopt Kafka for events](0004-adopt-kafka-for-events.md)"), "{toc}");
    assert!(toc.contains("* [2. Use PostgreSQL for bookings](0002-use-postgresql-for-bookings.md)"), "{toc}");

    // Exporting again changes no byte.
    let before = snapshot(&decisions);
    cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", "."]);
    assert_eq!(snapshot(&decisions), before);

    // adr-tools supersedes Cockpit's record; the link comes back into Cockpit.
    tool("adr", &repo, &["new", "-s", "4", "Use NATS instead of Kafka"]);
    let out = cockpit(&db, &repo, &["import", "adr", "--client", "Acme", "doc/architecture/decisions"]);
    assert_eq!(out.trim(), "Imported ADRs into Acme: 1 added, 1 updated");
    let list: Vec<Decision> = serde_json::from_str(&cockpit(&db, &repo, &["decisions", "--json"])).unwrap();
    let kafka = list.iter().find(|d| d.title == "Adopt Kafka for events").unwrap();
    let nats = list.iter().find(|d| d.title == "Use NATS instead of Kafka").unwrap();
    assert_eq!((kafka.status, kafka.superseded_by), (Status::Superseded, Some(nats.id)));
    assert_eq!(kafka.context, "## Not a heading\n- a list");
}

#[test]
fn the_folders_spelling_of_supersede_is_kept() {
    let now = chrono::Utc::now();
    let c = new_id();
    let old = Decision::captured(new_id(), c, "Old way", wednesday(), now);
    let mut new = Decision::captured(new_id(), c, "New way", wednesday(), now);
    new.number = 2;
    let old = Decision { number: 1, status: Status::Superseded, superseded_by: Some(new.id), ..old };
    for (spelling, expect) in [(true, "Superceded by [2. New way]"), (false, "Superseded by [2. New way]")] {
        let files = adr::render_all(Layout::Nygard, spelling, &[], &HashMap::new(), &[old.clone(), new.clone()], &Default::default());
        assert!(files[0].2.contains(expect), "{}", files[0].2);
    }
}

/// MADR 4's section order.
const MADR_ORDER: [&str; 8] = [
    "Context and Problem Statement",
    "Decision Drivers",
    "Considered Options",
    "Decision Outcome",
    "Consequences",
    "Confirmation",
    "Pros and Cons of the Options",
    "More Information",
];

#[test]
fn a_madr_export_of_the_demo_is_valid_and_stable() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    {
        let mut store = Store::open(&db).unwrap();
        cockpit::demo::populate(&mut store, wednesday()).unwrap();
    }
    let out_dir = dir.path().join("docs/decisions");
    cockpit(&db, dir.path(), &["export", "adr", "--client", "Acme Hospitality", "--dir", out_dir.to_str().unwrap()]);
    let files = snapshot(&out_dir);
    let records: Vec<&(String, Vec<u8>)> = files.iter().filter(|(n, _)| adr::is_record_file(n)).collect();
    assert_eq!(records.len(), 6);
    for (name, bytes) in &records {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let yaml = text
            .strip_prefix("---\n")
            .and_then(|r| r.split_once("\n---\n"))
            .map(|(y, _)| y)
            .unwrap_or_else(|| panic!("{name}: no front matter"));
        let docs = yaml_rust2::YamlLoader::load_from_str(yaml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let map = docs[0].as_hash().unwrap_or_else(|| panic!("{name}: front matter is not a mapping"));
        for key in ["status", "date", "cockpit-id"] {
            assert!(map.contains_key(&yaml_rust2::Yaml::String(key.into())), "{name} lacks {key}");
        }
        let headings: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("## ").or_else(|| l.strip_prefix("### "))).collect();
        let positions: Vec<usize> =
            headings.iter().map(|h| MADR_ORDER.iter().position(|m| m == h).unwrap_or_else(|| panic!("{name}: '{h}'"))).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{name}: sections out of order: {headings:?}");
        assert!(text.lines().any(|l| l.starts_with("# ")), "{name}: no title");
    }
    let index = String::from_utf8(files.iter().find(|(n, _)| n == "README.md").unwrap().1.clone()).unwrap();
    assert_eq!(index.lines().filter(|l| l.starts_with("| 00")).count(), 6, "{index}");

    for layout in ["madr", "nygard", "log4brains"] {
        let d = dir.path().join(layout);
        cockpit(&db, dir.path(), &["export", "adr", "--client", "Acme Hospitality", "--dir", d.to_str().unwrap(), "--layout", layout]);
        let first = snapshot(&d);
        let out = cockpit(&db, dir.path(), &["export", "adr", "--client", "Acme Hospitality", "--dir", d.to_str().unwrap()]);
        assert!(out.contains(&format!("({layout}): 0 written, 6 unchanged")) && !out.contains("index"), "{out}");
        assert_eq!(snapshot(&d), first, "{layout}: the second export changed a file");
    }
    assert!(snapshot(&dir.path().join("log4brains")).iter().any(|(n, _)| n.starts_with("2026") && n.len() > 12));
}

/// The fields an ADR round trip must keep, with links by title.
fn fields(ds: &[Decision]) -> Vec<String> {
    let title = |id: Option<Id>| id.and_then(|i| ds.iter().find(|d| d.id == i)).map(|d| d.title.clone());
    let mut v: Vec<String> = ds
        .iter()
        .map(|d| {
            format!(
                "{:?} {:?}",
                (&d.title, d.date, d.status, &d.context, &d.decision, &d.options, &d.consequences),
                (d.category, d.reversibility, d.revisit, &d.tags, &d.decided_by, title(d.superseded_by))
            )
        })
        .collect();
    v.sort();
    v
}

proptest! {
    #![proptest_config(common::proptest_config(48, "tests/proptest-regressions/adr.txt"))]
    /// Export → import into a new client: every field comes back, supersede links included.
    #[test]
    fn export_then_import_into_a_new_client_keeps_every_field(
        mut ds in proptest::collection::vec(decision_strategy(), 1..6),
        links in proptest::collection::vec((0usize..6, 0usize..6), 0..3),
        layout in 0usize..3,
    ) {
        let layout = Layout::ALL[layout];
        let client = new_id();
        for (i, d) in ds.iter_mut().enumerate() {
            d.client_id = client;
            d.number = i as u32 + 1;
        }
        for (a, b) in links {
            let (a, b) = (a % ds.len(), b % ds.len());
            if a < b && ds[a].superseded_by.is_none() {
                ds[a].superseded_by = Some(ds[b].id);
                ds[a].status = Status::Superseded;
            }
        }
        let files = adr::render_all(layout, false, &[], &HashMap::new(), &ds, &Default::default());
        let records: Vec<adr::Adr> = files.iter().map(|(_, n, t)| adr::parse(n, t)).collect();
        let other = new_id();
        let (edits, _) = adr::import(&records, other, &[], &adr::Known::default(), wednesday(), chrono::Utc::now(), &mut new_id).unwrap();
        let mut back: HashMap<Id, Decision> = HashMap::new();
        for e in edits {
            if let Some(Record::Decision(d)) = e.after {
                back.insert(d.id, d);
            }
        }
        let back: Vec<Decision> = back.into_values().collect();
        prop_assert!(back.iter().all(|d| d.client_id == other && ds.iter().all(|o| o.id != d.id)));
        prop_assert_eq!(fields(&back), fields(&ds));
    }
}

#[test]
fn x_on_the_decisions_screen_exports_to_the_remembered_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let mut store = Store::open(&db).unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    let mut e =
        cockpit::runtime::Engine::new(store, cockpit::keymap::Keymap::defaults(), cockpit::runtime::Clock::fixed(wednesday())).unwrap();
    let target = dir.path().join("acme-repo/docs/decisions");
    e.keys(&["3", "X"]);
    assert!(matches!(e.app.modal, Some(cockpit::app::modal::Modal::Prompt(_))), "the first export asks where");
    e.keys(&[target.to_str().unwrap(), "<Enter>"]);
    let s = common::status(&e);
    assert!(s.starts_with("Exported 6 decisions to ") && s.ends_with("(madr): 6 written, 0 unchanged, index updated"), "{s}");
    e.keys(&["X"]);
    assert!(e.app.modal.is_none() && common::status(&e).ends_with("(madr): 0 written, 6 unchanged"), "{}", common::status(&e));
    assert_eq!(snapshot(&target).len(), 7);
}

/// Records whose supersede links go round in a circle (adr-tools' files edited by hand, a merge)
/// are refused on import, naming the files; nothing is imported.
#[test]
fn supersede_links_in_a_circle_are_refused_on_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let adrs = dir.path().join("adrs");
    std::fs::create_dir_all(&adrs).unwrap();
    let record = |n: u32, title: &str, status: &str| {
        format!(
            "# {n}. {title}\n\nDate: 2026-11-18\n\n## Status\n\n{status}\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\nq\n"
        )
    };
    std::fs::write(adrs.join("0001-one.md"), record(1, "One", "Superseded by [2. Two](0002-two.md)")).unwrap();
    std::fs::write(adrs.join("0002-two.md"), record(2, "Two", "Superseded by [1. One](0001-one.md)")).unwrap();
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cockpit")).args(args).env("COCKPIT_DB", &db).env("COCKPIT_TODAY", "2026-11-18").output().unwrap()
    };
    assert!(run(&["client", "add", "Acme"]).status.success());
    let out = run(&["import", "adr", "--client", "Acme", adrs.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("circle") && stderr.contains("0001-one.md"), "{stderr}");
    let listed = String::from_utf8_lossy(&run(&["decisions", "--client", "Acme", "--json"]).stdout).into_owned();
    assert_eq!(listed.trim(), "[]", "nothing was imported");
}

/// Two imports of one folder into one database at once: one waits for the other, and the
/// records are added once (each added them all, read before the other's rows were there).
#[test]
fn two_imports_at_once_add_each_record_once() {
    let dir = tempfile::tempdir().unwrap();
    let (from, into, repo) = (dir.path().join("from.db"), dir.path().join("into.db"), dir.path().join("repo"));
    std::fs::create_dir(&repo).unwrap();
    cockpit(&from, dir.path(), &["generate", "--decisions", "300"]);
    cockpit(&from, &repo, &["export", "adr", "--client", "Acme Hospitality", "--dir", ".", "--layout", "nygard"]);
    cockpit(&into, dir.path(), &["client", "add", "Acme"]);
    let imports: Vec<_> = (0..2)
        .map(|_| {
            let (into, repo) = (into.clone(), repo.clone());
            std::thread::spawn(move || cockpit(&into, &repo, &["import", "adr", "--client", "Acme", "."]))
        })
        .collect();
    let said: Vec<String> = imports.into_iter().map(|t| t.join().unwrap()).collect();
    let store = Store::open(&into).unwrap();
    let acme = store.client_named("Acme").unwrap().unwrap().id;
    let exported = store.decisions(acme).unwrap().len();
    let public = Store::open(&from).unwrap();
    let source = public.client_named("Acme Hospitality").unwrap().unwrap().id;
    let expected = public.decisions(source).unwrap().iter().filter(|d| !d.private).count();
    assert_eq!(exported, expected, "{said:?}");
    assert!(said.iter().any(|s| s.contains(" 0 added")), "the second found them there: {said:?}");
}
