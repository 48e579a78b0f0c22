//! The week summary: built from one client's data, rendered as Markdown a CommonMark parser
//! reads as intended, serialised as JSON that round-trips, copied with `y`.

mod common;

use cockpit::domain::summary::{self, WeekSummary};
use cockpit::domain::*;
use cockpit::storage::Store;
use common::summary::*;
use common::*;
use proptest::prelude::*;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::process::Command;

fn summary_of(store: &Store, client: &str, week: IsoWeek) -> WeekSummary {
    let c = store.client_named(client).unwrap().unwrap();
    store.week_summary(&c, week, wednesday(), common::noon()).unwrap()
}

/// What a CommonMark parser makes of a document: headings (level, text) and list items' text.
#[derive(Debug, Default)]
struct Outline {
    headings: Vec<(HeadingLevel, String)>,
    items: Vec<String>,
    ordered_lists: usize,
}

fn outline(md: &str) -> Outline {
    let mut o = Outline::default();
    let mut text = String::new();
    let mut depth = 0;
    for ev in Parser::new_ext(md, pulldown_cmark::Options::ENABLE_TASKLISTS) {
        match ev {
            Event::Start(Tag::Heading { .. }) | Event::Start(Tag::Item) => text.clear(),
            Event::Start(Tag::List(Some(_))) => o.ordered_lists += 1,
            Event::Start(Tag::List(None)) => depth += 1,
            Event::End(TagEnd::List(false)) => depth -= 1,
            Event::End(TagEnd::Heading(level)) => o.headings.push((level, text.clone())),
            Event::End(TagEnd::Item) => o.items.push(text.clone()),
            Event::TaskListMarker(done) => text.push_str(if done { "[x] " } else { "[ ] " }),
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            _ => {}
        }
        assert!(depth <= 1, "no nested lists in a summary: {md}");
    }
    o
}

#[test]
fn the_demo_summary_renders_with_the_expected_headings_and_lists() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let store = Store::open(&db).unwrap();
    let week = IsoWeek::of(wednesday());
    for name in DEMO {
        let md = export(&db, &["--client", name]);
        let s = summary_of(&store, name, week);
        assert_eq!(md, s.to_markdown());
        let o = outline(&md);

        let mut expected = vec![(HeadingLevel::H1, format!("{name} — week 2026-W47 (Nov 16 – Nov 22)"))];
        if !s.decisions.is_empty() {
            expected.push((HeadingLevel::H2, "Decisions this week".into()));
        }
        if !s.lanes.is_empty() {
            expected.push((HeadingLevel::H2, "The week by lane".into()));
            expected.extend(s.lanes.iter().map(|l| (HeadingLevel::H3, format!("{} · {}", l.lane.day_abbrev(), l.title))));
        }
        if !s.do_now.is_empty() {
            expected.push((HeadingLevel::H2, "Do-now priorities".into()));
        }
        if !s.due_for_revisit.is_empty() {
            expected.push((HeadingLevel::H2, "Due for revisit".into()));
        }
        assert_eq!(o.headings, expected, "{md}");

        let mut items: Vec<String> = Vec::new();
        for d in &s.decisions {
            items.push(format!("{} {}", d.code, d.title));
        }
        for l in &s.lanes {
            items.extend(l.done.iter().map(|t| format!("[x] {t}")));
            items.extend(l.open.iter().map(|t| format!("[ ] {t}")));
            items.extend(l.notes.iter().cloned());
        }
        items.extend(s.do_now.iter().map(|p| p.title.clone()));
        items.extend(s.due_for_revisit.iter().take(summary::DUE_SHOWN).map(|d| format!("{} {}", d.code, d.title)));
        assert_eq!(o.items.len(), items.len(), "{md}");
        for (got, want) in o.items.iter().zip(&items) {
            assert!(got.starts_with(want), "list item {got:?} should start with {want:?}");
        }
        assert_eq!(o.ordered_lists, usize::from(!s.do_now.is_empty()));
    }
    // The demo's first client has something in every section.
    let acme = summary_of(&store, DEMO[0], week);
    assert!(!acme.decisions.is_empty() && !acme.lanes.is_empty() && !acme.do_now.is_empty(), "{acme:?}");
}

#[test]
fn json_parses_and_round_trips_into_the_same_summary() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let store = Store::open(&db).unwrap();
    for name in DEMO {
        let json = export(&db, &["--client", name, "--format", "json"]);
        let parsed: WeekSummary = serde_json::from_str(&json).unwrap();
        let c = store.client_named(name).unwrap().unwrap();
        let read = store.week_summary_with(&c, IsoWeek::of(wednesday()), wednesday(), noon(), false, summary::Shown::Json).unwrap();
        assert_eq!(parsed, read);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        for key in ["format", "client", "week", "from", "to", "as_of", "hours", "decisions", "lanes", "do_now", "due_for_revisit"] {
            assert!(value.get(key).is_some(), "JSON lacks '{key}'");
        }
    }
}

#[test]
fn no_summary_carries_another_clients_titles() {
    let mut store = Store::open_in_memory().unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    let week = IsoWeek::of(wednesday());
    let titles_of = |name: &str| -> Vec<String> {
        let c = store.client_named(name).unwrap().unwrap();
        let mut t: Vec<String> = store.decisions(c.id).unwrap().into_iter().map(|d| d.title).collect();
        t.extend(store.items(c.id).unwrap().into_iter().map(|i| i.title));
        t.extend(store.entries(c.id, week).unwrap().into_iter().map(|e| e.text));
        t
    };
    for a in DEMO {
        let md = summary_of(&store, a, week).to_markdown();
        let json = serde_json::to_string(&summary_of(&store, a, week)).unwrap();
        let own = titles_of(a);
        for b in DEMO.iter().filter(|b| **b != a) {
            // Routine tasks such as "Check backup integrity" may be on both boards.
            for title in titles_of(b).into_iter().filter(|t| !own.contains(t)) {
                assert!(!md.contains(&title) && !json.contains(&title), "{a}'s summary contains {b}'s '{title}'");
            }
        }
    }
}

#[test]
fn rows_of_another_client_passed_in_are_ignored() {
    let mut store = Store::open_in_memory().unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    let week = IsoWeek::of(wednesday());
    let acme = store.client_named(DEMO[0]).unwrap().unwrap();
    let north = store.client_named(DEMO[1]).unwrap().unwrap();
    let alone = summary::build(&summary::Source {
        client: &acme,
        week,
        today: wednesday(),
        entries: &store.entries(acme.id, week).unwrap(),
        decisions: &store.decisions(acme.id).unwrap(),
        revisits: &store.revisits_due(acme.id, wednesday()).unwrap(),
        revisits_due: store.revisits_due(acme.id, wednesday()).unwrap().len(),
        items: &store.items(acme.id).unwrap(),
        logged_hours: None,
        month_hours: None,
        status: None,
        include_private: false,
        risks: &[],
        actions: &[],
        carried_on: &[],
        risk_scores: &[],
        span: (noon(), noon()),
    });
    let mixed_entries = [store.entries(acme.id, week).unwrap(), store.entries(north.id, week).unwrap()].concat();
    let mixed_decisions = [store.decisions(acme.id).unwrap(), store.decisions(north.id).unwrap()].concat();
    let mixed_revisits = [store.revisits_due(acme.id, wednesday()).unwrap(), store.revisits_due(north.id, wednesday()).unwrap()].concat();
    assert!(!mixed_revisits.is_empty());
    let mixed_items = [store.items(acme.id).unwrap(), store.items(north.id).unwrap()].concat();
    let mixed = summary::build(&summary::Source {
        client: &acme,
        week,
        today: wednesday(),
        entries: &mixed_entries,
        decisions: &mixed_decisions,
        revisits: &mixed_revisits,
        revisits_due: store.revisits_due(acme.id, wednesday()).unwrap().len(),
        items: &mixed_items,
        logged_hours: None,
        month_hours: None,
        status: None,
        include_private: false,
        risks: &[],
        actions: &[],
        carried_on: &[],
        risk_scores: &[],
        span: (noon(), noon()),
    });
    assert_eq!(alone, mixed);
}

#[test]
fn markdown_of_a_full_week() {
    let mut store = Store::open_in_memory().unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    insta::assert_snapshot!("summary_full_week", summary_of(&store, DEMO[0], IsoWeek::of(wednesday())).to_markdown());
}

#[test]
fn markdown_of_an_empty_week() {
    let mut store = Store::open_in_memory().unwrap();
    let now = chrono::Utc::now();
    let c = Client::new(cockpit::storage::new_id(), "Quiet Client GmbH", Shape::Advisory, None, wednesday(), now).unwrap();
    store.apply(&Change::one("add", Edit::insert(Record::Client(c)))).unwrap();
    let md = summary_of(&store, "Quiet Client GmbH", IsoWeek::of(wednesday())).to_markdown();
    insta::assert_snapshot!("summary_empty_week", md);
}

#[test]
fn a_title_carrying_an_escape_sequence_comes_out_clean() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let now = chrono::Utc::now();
    {
        let mut store = Store::open(&db).unwrap();
        let c = Client::new(cockpit::storage::new_id(), "Acme", Shape::Embedded, Some(15.0), wednesday(), now).unwrap();
        store.apply(&Change::one("add", Edit::insert(Record::Client(c.clone())))).unwrap();
        let d = Decision::captured(cockpit::storage::new_id(), c.id, "placeholder", wednesday(), now);
        store.apply(&Change::one("add", Edit::insert(Record::Decision(d)))).unwrap();
    }
    // Another tool writes hostile text straight into the file.
    let hostile = "Pay \x1b]52;c;ZXZpbA==\x07vendor \x1b[2J\x1b[31mnow\x1b[0m\u{9b}6n\u{202e}";
    rusqlite::Connection::open(&db).unwrap().execute("UPDATE decisions SET title = ?1", [hostile]).unwrap();
    for format in ["markdown", "json"] {
        let out = export(&db, &["--client", "Acme", "--format", format]);
        assert!(out.contains("Pay vendor now"), "{out}");
        assert!(!out.chars().any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'), "{out:?}");
    }
    let file = dir.path().join("out.md");
    let o = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["export", "week", "--client", "Acme", "--copy", "--output"])
        .arg(&file)
        .env("COCKPIT_DB", &db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("TMUX")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let saved = std::fs::read_to_string(dir.path().join("summaries/acme-2026-W47.md")).unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), saved);
    assert!(saved.contains("Pay vendor now") && !saved.contains('\x1b'), "{saved:?}");
}

#[test]
fn y_copies_the_shown_week_and_names_the_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let store = Store::open(&db).unwrap();
    let mut e =
        cockpit::runtime::Engine::new(store, cockpit::keymap::Keymap::defaults(), cockpit::runtime::Clock::fixed(wednesday())).unwrap();
    e.keys(&["3", "["]); // any screen; the previous week
    e.keys(&["y"]);
    assert!(matches!(e.app.modal, Some(cockpit::app::modal::Modal::Preview(_))), "y shows the summary first");
    e.keys(&["y"]);
    let file = dir.path().join("summaries/acme-hospitality-2026-W46.md");
    assert!(
        status(&e).starts_with("Not copied: no clipboard here · saved to ") && status(&e).ends_with("acme-hospitality-2026-W46.md"),
        "{}",
        status(&e)
    );
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), export(&db, &["--client", DEMO[0], "--week", "2026-W46"]));
}

#[test]
fn y_without_a_client_says_how_to_get_one() {
    let mut e = empty_engine();
    e.keys(&["y"]);
    assert!(status(&e).contains("No client yet"), "{}", status(&e));
}

proptest! {
    #![proptest_config(proptest_config(256, "tests/proptest-regressions/summary.txt"))]

    /// Whatever the text, it stays one list item whose rendered text is the cleaned text.
    #[test]
    fn escaped_text_keeps_its_meaning(s in "[ a-zA-Z0-9#*_`~<>&;\\[\\]()!|\\\\.=+:/-]{0,40}") {
        let clean = cockpit::domain::text::clean_line(&s);
        prop_assume!(!clean.is_empty());
        let md = format!("- {}\n", summary::escape(&s));
        let o = outline(&md);
        prop_assert!(o.headings.is_empty());
        prop_assert_eq!(o.items, vec![clean]);
    }
}

proptest! {
    #![proptest_config(proptest_config(24, "tests/proptest-regressions/summary.txt"))]

    /// Read for Markdown, a summary reads only the decisions due for revisit it lists and counts
    /// the rest, and says what a summary read whole says; JSON has every one. Decisions: (client,
    /// status, revisit in days from Wednesday, private).
    #[test]
    fn a_summary_read_for_markdown_lists_what_a_whole_read_would(
        decisions in prop::collection::vec((0..2usize, 0..3usize, prop::option::weighted(0.9, -6i64..2), any::<bool>()), 0..160)
    ) {
        let mut store = Store::open_in_memory().unwrap();
        let now = chrono::Utc::now();
        let clients: Vec<Client> = ["Acme", "Northwind"]
            .map(|name| Client::new(cockpit::storage::new_id(), name, Shape::Advisory, None, wednesday(), now).unwrap())
            .into();
        for c in &clients {
            store.apply(&Change::one("add", Edit::insert(Record::Client(c.clone())))).unwrap();
        }
        for (n, (client, status, revisit, private)) in decisions.iter().enumerate() {
            let mut d = Decision::captured(cockpit::storage::new_id(), clients[*client].id, &format!("Decision {n}"), day("2026-01-05"), now);
            use cockpit::domain::decision::Status;
            d.status = [Status::Proposed, Status::Accepted, [Status::Rejected, Status::Deprecated, Status::Superseded][n % 3]][*status];
            d.revisit = revisit.map(|days| wednesday() + chrono::Duration::days(days));
            d.private = *private;
            store.apply(&Change::one("add", Edit::insert(Record::Decision(d)))).unwrap();
        }
        let week = IsoWeek::of(wednesday());
        let acme = &clients[0];
        for include_private in [false, true] {
            let read = |shown| store.week_summary_with(acme, week, wednesday(), noon(), include_private, shown).unwrap();
            let (brief, whole) = (read(summary::Shown::Markdown), read(summary::Shown::Json));
            let due = decisions
                .iter()
                .filter(|(c, s, r, p)| *c == 0 && *s < 2 && r.is_some_and(|r| r <= 0) && (include_private || !p))
                .count();
            prop_assert_eq!(whole.due_for_revisit.len(), due);
            prop_assert_eq!(whole.due_unlisted, 0);
            prop_assert_eq!(brief.due_for_revisit.len(), due.min(summary::DUE_SHOWN));
            prop_assert_eq!(&brief.due_for_revisit[..], &whole.due_for_revisit[..brief.due_for_revisit.len()]);
            prop_assert_eq!(brief.to_markdown(), whole.to_markdown());
            prop_assert_eq!(brief.to_html(), whole.to_html());
            if due > summary::DUE_SHOWN {
                let more = format!("…and {} more", due - summary::DUE_SHOWN);
                prop_assert!(brief.to_markdown().contains(&more), "{}", brief.to_markdown());
            }
        }
    }
}

// Private marks, levels, HTML and monthly retainers.

/// The outline of the HTML: headings and list items, as a browser-grade parser reads them.
fn html_outline(html: &str) -> (Vec<String>, Vec<String>) {
    let doc = scraper::Html::parse_document(html);
    assert!(doc.errors.is_empty(), "HTML parse errors: {:?}", doc.errors);
    let texts = |sel: &str| -> Vec<String> {
        let s = scraper::Selector::parse(sel).unwrap();
        doc.select(&s).map(|e| e.text().collect::<String>().trim().to_string()).collect()
    };
    (texts("h1, h2, h3"), texts("li"))
}

#[test]
fn the_demo_summaries_at_both_levels_render_as_markdown_and_html() {
    use summary::Level;
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let store = Store::open(&db).unwrap();
    let week = IsoWeek::of(wednesday());
    for name in DEMO {
        for level in [Level::Exec, Level::Team] {
            let s = summary_of(&store, name, week).at_level(level);
            let md = export(&db, &["--client", name, "--level", level.key()]);
            assert_eq!(md, s.to_markdown());
            let html = export(&db, &["--client", name, "--level", level.key(), "--format", "html"]);
            assert_eq!(html, s.to_html());
            let o = outline(&md);
            let (headings, items) = html_outline(&html);
            assert_eq!(headings, o.headings.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>(), "{name} {level:?}");
            assert_eq!(items.len(), o.items.len(), "{name} {level:?}: {html}");
            if level == Level::Exec {
                assert!(md.lines().filter(|l| !l.trim().is_empty()).count() <= 11, "exec is about ten lines:\n{md}");
                assert!(s.lanes.is_empty() && s.due_for_revisit.is_empty() && s.do_now.len() <= summary::EXEC_TOP);
            }
        }
    }
    let acme = summary_of(&store, DEMO[0], week);
    insta::assert_snapshot!("summary_exec", acme.at_level(Level::Exec).to_markdown());
    insta::assert_snapshot!("summary_team_html", acme.to_html());
}
