//! The decision log as Architecture Decision Records: a folder made by Debian's adr-tools round
//! trips (and adr-tools keeps working on it), a MADR 4 export is valid, exporting twice changes
//! no byte, and export → import into a new client gives the same decisions (property test).

mod common;

use chrono::NaiveDate;
use cockpit::domain::adr::{self, Layout};
use cockpit::domain::*;
use cockpit::storage::{new_id, Store};
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
        let files = adr::render_all(Layout::Nygard, spelling, &[], &HashMap::new(), &[old.clone(), new.clone()]);
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

fn text_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec("[ a-zA-Z0-9#*_<>!&;{}\\-\\\\\\[\\]():]{0,24}", 0..4).prop_map(|lines| text::clean_text(&lines.join("\n")))
}

prop_compose! {
    fn decision_strategy()(
        title in "[A-Za-z][a-zA-Z0-9 #*()\\-<>&;_`\\[\\]\\\\]{0,30}",
        day in 0i64..900,
        status in 0usize..4,
        context in text_strategy(),
        decision in text_strategy(),
        options in text_strategy(),
        consequences in text_strategy(),
        category in 0usize..8,
        one_way in any::<bool>(),
        revisit in proptest::option::of(0i64..400),
        tags in proptest::collection::vec("[a-z]{1,8}", 0..3),
        decided_by in "[a-zA-Z ]{0,20}",
    ) -> Decision {
        let date = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(day);
        let mut d = Decision::captured(new_id(), new_id(), &format!("{title} {day}"), date, chrono::Utc::now());
        d.status = [Status::Proposed, Status::Accepted, Status::Rejected, Status::Deprecated][status];
        d.context = context;
        d.decision = decision;
        d.options = options;
        d.consequences = consequences;
        d.category = Category::ALL[category];
        d.reversibility = if one_way { Reversibility::OneWay } else { Reversibility::TwoWay };
        d.revisit = revisit.map(|r| date + chrono::Duration::days(r));
        d.tags = decision::clean_tags(tags);
        d.decided_by = text::clean_line(&decided_by);
        d
    }
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
        let files = adr::render_all(layout, false, &[], &HashMap::new(), &ds);
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

/// Text a teammate or another tool put into a record: where it goes, and what it is.
#[derive(Debug, Clone)]
enum Foreign {
    /// A section Cockpit does not know, before the section at this index (or at the end).
    Section(usize),
    /// A front-matter key (MADR), else a section.
    Key,
    /// A relation line: `adr link`'s in the Status section (nygard), a Links bullet
    /// (log4brains), a line of More Information (MADR).
    Relation,
    /// A comment line before the section at this index.
    Comment(usize),
}

fn inject(layout: Layout, text: &str, foreign: &[Foreign]) -> (String, Vec<String>) {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut fragments = Vec::new();
    for (k, f) in foreign.iter().enumerate() {
        let headings: Vec<usize> = (0..lines.len()).filter(|i| lines[*i].starts_with("## ") || lines[*i].starts_with("### ")).collect();
        let before = |n: usize| headings.get(n % (headings.len() + 1)).copied().unwrap_or(lines.len());
        let (at, add): (usize, Vec<String>) = match (f, layout) {
            (Foreign::Key, Layout::Madr) => {
                let end = lines.iter().skip(1).position(|l| l == "---").unwrap() + 1;
                (end, vec![format!("x-foreign-{k}: [\"kept {k}\", 2]")])
            }
            (Foreign::Relation, Layout::Nygard) => {
                let status = lines.iter().position(|l| l == "## Status").unwrap();
                (status + 2, vec![format!("Amends [9. Other {k}](0009-other-{k}.md)"), String::new()])
            }
            (Foreign::Relation, Layout::Log4brains) => {
                (lines.len(), vec![String::new(), format!("## Links {k}"), String::new(), format!("- Refined by [x{k}](20260101-x{k}.md)")])
            }
            (Foreign::Relation, Layout::Madr) => {
                let more = lines.iter().position(|l| l == "## More Information").unwrap();
                (more + 2, vec![format!("See also the runbook {k}."), String::new()])
            }
            (Foreign::Comment(n), _) => (before(*n), vec![format!("<!-- foreign comment {k} -->")]),
            (Foreign::Section(_), _) | (Foreign::Key, Layout::Nygard | Layout::Log4brains) => {
                let n = if let Foreign::Section(n) = f { *n } else { k };
                (
                    before(n),
                    vec![
                        format!("## Alternatives considered {k}"),
                        String::new(),
                        format!("Kept  as  written {k},"),
                        "  wrapped.".into(),
                        String::new(),
                    ],
                )
            }
        };
        let first = add.iter().position(|l| !l.is_empty()).unwrap();
        let last = add.iter().rposition(|l| !l.is_empty()).unwrap();
        fragments.push(add[first..=last].join("\n"));
        lines.splice(at..at, add);
    }
    let text = lines.join("\n") + "\n";
    // In the order they are in the file.
    fragments.sort_by_key(|f| text.find(f.split('\n').next().unwrap()));
    (text, fragments)
}

fn foreign_strategy() -> impl Strategy<Value = Foreign> {
    prop_oneof![
        (0usize..12).prop_map(Foreign::Section),
        Just(Foreign::Key),
        Just(Foreign::Relation),
        (0usize..12).prop_map(Foreign::Comment),
    ]
}

proptest! {
    #![proptest_config(common::proptest_config(64, "tests/proptest-regressions/adr.txt"))]
    /// A record with other sections, keys, relations and comments goes import → a change in
    /// Cockpit → export: the file then says what the decision says, and every byte that is not
    /// Cockpit's is still there, in order.
    #[test]
    fn a_patched_record_keeps_every_byte_that_is_not_cockpits(
        d in decision_strategy(),
        other in decision_strategy(),
        changed in proptest::collection::vec(any::<bool>(), 10),
        foreign in proptest::collection::vec(foreign_strategy(), 0..5),
        layout in 0usize..3,
    ) {
        let layout = Layout::ALL[layout];
        let d = Decision { number: 1, ..d };
        let (_, name, text) = adr::render_all(layout, false, &[], &HashMap::new(), std::slice::from_ref(&d)).remove(0);
        let (theirs, fragments) = inject(layout, &text, &foreign);
        // Imported into a log (matched by the file it was synced with).
        let known = adr::Known { files: HashMap::from([(name.clone(), d.id)]), ..Default::default() };
        let (edits, _) = adr::import(&[adr::parse(&name, &theirs)], d.client_id, std::slice::from_ref(&d), &known, wednesday(), chrono::Utc::now(), &mut new_id).unwrap();
        prop_assert!(edits.is_empty(), "the foreign parts changed a field: {edits:?}");
        // Changed in Cockpit: some of its fields take the other decision's values.
        let mut mine = d.clone();
        let pick = |i: usize| changed[i];
        if pick(0) { mine.title = format!("{} changed", other.title); }
        if pick(1) { mine.status = other.status; }
        if pick(2) { mine.context = other.context.clone(); }
        if pick(3) { mine.decision = other.decision.clone(); }
        if pick(4) { mine.options = other.options.clone(); }
        if pick(5) { mine.consequences = other.consequences.clone(); }
        if pick(6) { mine.tags = other.tags.clone(); }
        if pick(7) { mine.revisit = other.revisit; }
        if pick(8) { mine.decided_by = other.decided_by.clone(); }
        if pick(9) { mine.category = other.category; mine.reversibility = other.reversibility; mine.date = other.date; }
        let (_, _, canonical) = adr::render_all(layout, false, &[adr::parse(&name, &theirs)], &HashMap::from([(d.id, name.clone())]), std::slice::from_ref(&mine)).remove(0);
        let patched = adr::patch(layout, &theirs, &canonical, &adr::Patch { since: Some(&d), now: &mine, links_moved: false, held: &|_| true }).unwrap_or_else(|| theirs.clone());
        prop_assert_eq!(mine == d, patched == theirs, "written although nothing changed, or not written although something did");
        // The file says what the decision says: importing it again changes nothing.
        let (edits, _) = adr::import(&[adr::parse(&name, &patched)], d.client_id, std::slice::from_ref(&mine), &known, wednesday(), chrono::Utc::now(), &mut new_id).unwrap();
        prop_assert!(edits.is_empty(), "the patched file does not say what the decision says: {edits:?}\n{patched}");
        // Every foreign fragment is still there, byte for byte and in order.
        let mut from = 0;
        for f in &fragments {
            let at = patched[from..].find(f.as_str());
            prop_assert!(at.is_some(), "lost or moved: {f:?}\n--- theirs\n{theirs}\n--- patched\n{patched}");
            from += at.unwrap() + f.len();
        }
    }
}

/// Titles and texts render as typed: a CommonMark renderer shows the title's `<html>`, `&`,
/// `*` and `#`, and a text's tags, as the characters they are.
#[test]
fn titles_and_texts_render_as_typed() {
    let title = "Use <html> & *stars* _under_ [x] `tick` C#";
    let mut d = Decision::captured(new_id(), new_id(), title, wednesday(), chrono::Utc::now());
    d.number = 1;
    d.context =
        "Keep <b>bold</b> & &amp; as typed\n<b>at the start</b> of a line\n&copy; too\n<!-- not a comment -->\n\\<escaped> stays".into();
    for layout in Layout::ALL {
        let (_, _, text) = adr::render_all(*layout, false, &[], &HashMap::new(), std::slice::from_ref(&d)).remove(0);
        let body = text.strip_prefix("---\n").map_or(text.as_str(), |r| r.split_once("\n---\n").unwrap().1);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
        let shown = scraper::Html::parse_fragment(&html);
        let h1 = shown.select(&scraper::Selector::parse("h1").unwrap()).next().unwrap().text().collect::<String>();
        assert!(h1.ends_with(title), "{layout:?}: {h1:?}");
        let paragraphs: Vec<String> = shown.select(&scraper::Selector::parse("p").unwrap()).map(|p| p.text().collect()).collect();
        assert!(paragraphs.contains(&d.context), "{layout:?}: {paragraphs:?}\n{text}");
    }
}

/// What one side changes in a sync round.
#[derive(Debug, Clone)]
enum SideEdit {
    /// Cockpit changes a decision's context, or its status.
    CockpitContext(usize, String),
    CockpitStatus(usize, usize),
    /// A teammate adds a line to a record's context, or changes its status word.
    TeamContext(usize, String),
    TeamStatus(usize),
}

fn side_edit() -> impl Strategy<Value = SideEdit> {
    let line = "[A-Za-z][a-z ]{0,20}";
    prop_oneof![
        (0usize..3, line).prop_map(|(i, t)| SideEdit::CockpitContext(i, t)),
        (0usize..3, 0usize..3).prop_map(|(i, s)| SideEdit::CockpitStatus(i, s)),
        (0usize..3, line).prop_map(|(i, t)| SideEdit::TeamContext(i, t)),
        (0usize..3).prop_map(SideEdit::TeamStatus),
    ]
}

proptest! {
    #![proptest_config(common::proptest_config(24, "tests/proptest-regressions/adr.txt"))]
    /// Rounds of edits on both sides (never the same field of the same record in one round),
    /// each followed by an export: no one's change is reverted, in the log or in the files.
    #[test]
    fn rounds_of_edits_on_both_sides_lose_nothing(
        layout in 0usize..3,
        rounds in proptest::collection::vec(proptest::collection::vec(side_edit(), 1..4), 1..4),
    ) {
        let layout = Layout::ALL[layout];
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("adrs");
        let mut store = Store::open(&dir.path().join("c.db")).unwrap();
        let client = Client::new(new_id(), "Acme", Shape::Embedded, None, wednesday(), chrono::Utc::now()).unwrap();
        store.apply(&Change::one("add", Edit::insert(Record::Client(client.clone())))).unwrap();
        for t in ["Use A", "Use B", "Use C"] {
            let mut d = Decision::captured(new_id(), client.id, t, wednesday(), chrono::Utc::now());
            d.context = format!("{t} context.");
            store.apply(&Change::one("d", Edit::insert(Record::Decision(d)))).unwrap();
        }
        let when = (wednesday(), chrono::Utc::now());
        cockpit::runtime::adr_sync::export(&mut store, &client, &folder, Some(layout), false, when).unwrap();
        let file_of = |i: usize| -> std::path::PathBuf {
            let mut names: Vec<String> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| adr::is_record_file(n)).collect();
            names.sort();
            folder.join(&names[i])
        };
        let decision = |store: &Store, i: usize| -> Decision {
            let mut list = store.decisions(client.id).unwrap();
            list.sort_by_key(|d| d.number);
            list[i].clone()
        };
        let statuses = [Status::Proposed, Status::Accepted, Status::Deprecated];
        for round in rounds {
            // What each side meant, by (record, field): the expected value afterwards.
            let mut context: HashMap<usize, String> = HashMap::new();
            let mut status: HashMap<usize, Status> = HashMap::new();
            for e in round {
                match e {
                    SideEdit::CockpitContext(i, t) if !context.contains_key(&i) => {
                        let before = decision(&store, i);
                        let after = Decision { context: t.clone(), ..before.clone() };
                        store.apply(&Change::one("e", Edit::update(Record::Decision(before), Record::Decision(after)))).unwrap();
                        context.insert(i, t);
                    }
                    SideEdit::CockpitStatus(i, s) if !status.contains_key(&i) => {
                        let before = decision(&store, i);
                        let after = Decision { status: statuses[s], ..before.clone() };
                        store.apply(&Change::one("e", Edit::update(Record::Decision(before), Record::Decision(after)))).unwrap();
                        status.insert(i, statuses[s]);
                    }
                    SideEdit::TeamContext(i, t) if !context.contains_key(&i) => {
                        let path = file_of(i);
                        let text = std::fs::read_to_string(&path).unwrap();
                        let was = decision(&store, i).context;
                        let new = format!("{was}\n{t}");
                        prop_assert!(text.contains(&format!("\n{was}\n")), "{text}");
                        std::fs::write(&path, text.replacen(&format!("\n{was}\n"), &format!("\n{new}\n"), 1)).unwrap();
                        context.insert(i, new);
                    }
                    SideEdit::TeamStatus(i) if !status.contains_key(&i) => {
                        let path = file_of(i);
                        let text = std::fs::read_to_string(&path).unwrap();
                        let now = decision(&store, i).status;
                        let to = if now == Status::Rejected { Status::Accepted } else { Status::Rejected };
                        let (from_word, to_word) = match layout {
                            Layout::Nygard => (format!("\n{}\n", status_name(now)), format!("\n{}\n", status_name(to))),
                            Layout::Madr => (format!("status: \"{}\"", now.key()), format!("status: \"{}\"", to.key())),
                            Layout::Log4brains => (format!("- Status: {}", now.key()), format!("- Status: {}", to.key())),
                        };
                        prop_assert!(text.contains(&from_word), "{from_word:?} in\n{text}");
                        std::fs::write(&path, text.replacen(&from_word, &to_word, 1)).unwrap();
                        status.insert(i, to);
                    }
                    _ => {}
                }
            }
            cockpit::runtime::adr_sync::export(&mut store, &client, &folder, None, false, when).unwrap();
            for (i, want) in &context {
                prop_assert_eq!(&decision(&store, *i).context, want);
                prop_assert_eq!(&adr::parse("f.md", &std::fs::read_to_string(file_of(*i)).unwrap()).context, want);
            }
            for (i, want) in &status {
                prop_assert_eq!(decision(&store, *i).status, *want);
                prop_assert_eq!(adr::parse("f.md", &std::fs::read_to_string(file_of(*i)).unwrap()).status, Some(*want));
            }
        }
    }
}

fn status_name(s: Status) -> String {
    let k = s.key();
    k[..1].to_uppercase() + &k[1..]
}
