//! ADR files edited on both sides (property tests): a re-export changes only Cockpit's own lines
//! and keeps every byte a teammate or another tool put in a record, titles and texts render as
//! typed, and rounds of edits on both sides converge with nothing lost.

mod common;

use cockpit::domain::adr::{self, Layout};
use cockpit::domain::*;
use cockpit::storage::{new_id, Store};
use common::adr::decision_strategy;
use common::wednesday;
use proptest::prelude::*;
use std::collections::HashMap;

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
        let (_, name, text) = adr::render_all(layout, false, &[], &HashMap::new(), std::slice::from_ref(&d), &Default::default()).remove(0);
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
        let (_, _, canonical) = adr::render_all(layout, false, &[adr::parse(&name, &theirs)], &HashMap::from([(d.id, name.clone())]), std::slice::from_ref(&mine), &Default::default()).remove(0);
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
        let (_, _, text) = adr::render_all(*layout, false, &[], &HashMap::new(), std::slice::from_ref(&d), &Default::default()).remove(0);
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
        cockpit::runtime::adr_sync::export(&mut store, &client, &folder, Some(layout), false, when, cockpit::runtime::adr_sync::PATIENCE).unwrap();
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
            cockpit::runtime::adr_sync::export(&mut store, &client, &folder, None, false, when, cockpit::runtime::adr_sync::PATIENCE).unwrap();
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
