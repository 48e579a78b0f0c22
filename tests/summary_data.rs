//! The week summary over changing data: monthly retainers, the week's status, finished work,
//! random records of other clients, the preview following the database, private records.

mod common;

use cockpit::domain::summary;
use cockpit::domain::*;
use cockpit::storage::Store;
use common::summary::*;
use common::*;
use proptest::prelude::*;
use std::process::Command;

#[test]
fn a_monthly_retainer_shows_month_to_date_hours() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_cockpit"))
            .args(args)
            .env("COCKPIT_DB", &db)
            .env("COCKPIT_TODAY", "2026-11-18")
            .env("TZ", "UTC")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["client", "add", "Quill Advisory", "--hours-per-month", "40", "--shape", "advisory"]);
    // Two earlier weeks of November, this week, and October (which does not count).
    run(&["time", "add", "--from", "2026-11-03 09:00", "--to", "2026-11-03 12:00"]);
    run(&["time", "add", "--from", "2026-11-10 09:00", "--to", "2026-11-10 14:30"]);
    run(&["time", "add", "--from", "2026-11-17 10:00", "--to", "2026-11-17 11:00"]);
    run(&["time", "add", "--from", "2026-10-30 09:00", "--to", "2026-10-30 17:00"]);
    let md = run(&["export", "week"]);
    assert!(md.contains("month to date 9.5 of 40 h (2026-11)"), "{md}");
    let exec = run(&["export", "week", "--level", "exec"]);
    assert!(exec.contains("month to date 9.5 of 40 h"), "{exec}");
    let json: serde_json::Value = serde_json::from_str(&run(&["export", "week", "--format", "json"])).unwrap();
    assert_eq!(json["hours"]["month"]["retainer"], 40.0);
    assert_eq!(json["hours"]["month"]["logged"], 9.5);
    assert!(run(&["export", "week", "--format", "html"]).contains("month to date 9.5 of 40 h"));
    // A past week counts to its Sunday: the week of Nov 2 has 3 h of November.
    assert!(run(&["export", "week", "--week", "2026-W45"]).contains("month to date 3 of 40 h (2026-11)"));
}

#[test]
fn the_week_status_and_rationale_are_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let status = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["week-status", "amber", "Hiring slipped two weeks", "--client", "Nobody"])
        .env("COCKPIT_DB", &db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .output()
        .unwrap();
    assert!(!status.status.success(), "--client names a client");
    let status = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["week-status", "amber", "Hiring slipped two weeks", "--client", DEMO[0]])
        .env("COCKPIT_DB", &db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    for level in ["exec", "team"] {
        let md = export(&db, &["--client", DEMO[0], "--level", level]);
        assert!(md.contains("**Status: amber** — Hiring slipped two weeks"), "{md}");
    }
    let team = export(&db, &["--client", DEMO[0]]);
    assert!(team.contains("Why: Budget allows one hire this quarter"), "{team}");
}

#[test]
fn a_done_task_finishes_its_matrix_item_and_superseded_decisions_are_never_due() {
    let mut e = demo_engine();
    // A Do-now item made a task, the task done: the item is done too, and out of Do-now.
    e.keys(&["2"]);
    let item = cockpit::app::matrix::selected(&e.app).unwrap().clone();
    e.keys(&["w", "<Enter>", "1"]);
    let task = e.app.data.entries.iter().find(|t| t.item_id == Some(item.id)).unwrap().clone();
    let lane = task.lane.index();
    while e.app.week.lane > lane {
        e.keys(&["h"]);
    }
    while e.app.week.lane < lane {
        e.keys(&["l"]);
    }
    while cockpit::app::week::selected(&e.app).map(|s| s.id) != Some(task.id) {
        e.keys(&["j"]);
    }
    e.keys(&[" "]);
    let stored = e.store.items(item.client_id).unwrap().into_iter().find(|i| i.id == item.id).unwrap();
    assert_eq!(stored.status, matrix::ItemStatus::Done);
    let client = e.store.client(item.client_id).unwrap().unwrap();
    let s = e.store.week_summary(&client, IsoWeek::of(wednesday()), wednesday(), noon()).unwrap();
    assert!(s.do_now.iter().all(|p| p.title != item.title), "a done item is not a Do-now priority");
    // Reopening the task puts the item back in progress; undo takes both back at once.
    e.keys(&[" "]);
    let stored = e.store.items(item.client_id).unwrap().into_iter().find(|i| i.id == item.id).unwrap();
    assert_eq!(stored.status, matrix::ItemStatus::Doing);
    // Superseded, rejected and deprecated decisions are never due for revisit.
    for status in [Status::Superseded, Status::Rejected, Status::Deprecated] {
        let mut d = Decision::captured(cockpit::storage::new_id(), client.id, "Old", day("2026-01-01"), noon());
        d.status = status;
        d.revisit = Some(day("2026-02-01"));
        assert!(!d.due_for_revisit(wednesday()));
    }
}

/// One record of a random week: which kind, its lane or scores, and whether it is private.
#[derive(Debug, Clone)]
struct RandomRecord {
    kind: u8,
    lane: usize,
    scores: (i64, i64),
    done: bool,
    private: bool,
}

fn random_record() -> impl Strategy<Value = RandomRecord> {
    (0u8..6, 0usize..5, (1i64..=5, 1i64..=5), any::<bool>(), any::<bool>()).prop_map(|(kind, lane, scores, done, private)| RandomRecord {
        kind,
        lane,
        scores,
        done,
        private,
    })
}

proptest! {
    #![proptest_config(proptest_config(24, "tests/proptest-regressions/summary-private.txt"))]

    /// Whatever is marked private (entries in any lane, decisions, items, actions, a meeting's
    /// title and notes), and anything of a 1:1 (its notes, the points for the next, goals), never
    /// appears in the summary, in any format or level, nor in an ADR
    /// export of the log (where a decision names the meeting it was made in).
    #[test]
    fn private_text_never_leaves(records in proptest::collection::vec(random_record(), 1..24), one_way in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("c.db")).unwrap();
        let client = Client::new(cockpit::storage::new_id(), "Acme Hospitality", client::Shape::Embedded, Some(15.0), wednesday(), noon()).unwrap();
        store.apply(&Change::one("client", Edit::insert(Record::Client(client.clone())))).unwrap();
        let week = IsoWeek::of(wednesday());
        let mut secrets = Vec::new();
        for (n, r) in records.iter().enumerate() {
            let word = if r.private { format!("secret{n}x") } else { format!("shared{n}x") };
            if r.private {
                secrets.push(word.clone());
            }
            let record = match r.kind {
                0 => {
                    let mut e = Entry::new(cockpit::storage::new_id(), client.id, week, Lane::from_index(r.lane), if r.done { EntryKind::Task } else { EntryKind::Note }, &format!("Entry {word}"), noon());
                    e.private = r.private;
                    e.body = format!("Details {word}");
                    Record::Entry(e)
                }
                1 => {
                    let mut d = Decision::captured(cockpit::storage::new_id(), client.id, &format!("Decision {word}"), wednesday(), noon());
                    d.private = r.private;
                    d.context = format!("Because {word}. More.");
                    d.decision = if r.done { format!("We do {word}") } else { String::new() };
                    d.revisit = Some(day("2026-11-01"));
                    if one_way { d.reversibility = Reversibility::OneWay; }
                    Record::Decision(d)
                }
                3 => {
                    // The user's own, due next week, or one someone else owes.
                    let mut a = cockpit::domain::Action::new(cockpit::storage::new_id(), client.id, &format!("Action {word}"), noon());
                    a.private = r.private;
                    if r.done {
                        a.owner = format!("Owner{word}");
                    } else {
                        a.due = Some(day("2026-11-24"));
                    }
                    Record::Action(a)
                }
                5 => {
                    // A person with a point for the next 1:1 and a 1:1 held: their notes are
                    // the user's alone, whatever is marked.
                    let mut p = cockpit::domain::person::Person::new(cockpit::storage::new_id(), client.id, &format!("Person {n}"), noon());
                    p.agenda = vec![format!("Point secret{n}x")];
                    p.goals = vec![cockpit::domain::person::Goal { text: format!("Goal secret{n}x"), status: cockpit::domain::person::GoalStatus::Open }];
                    store.apply(&Change::one("person", Edit::insert(Record::Person(p.clone())))).unwrap();
                    let held = cockpit::ops::people::hold(&p, cockpit::storage::new_id(), wednesday(), &format!("1:1 notes secret{n}x"), noon()).unwrap();
                    store.apply(&held).unwrap();
                    secrets.push(format!("secret{n}x"));
                    continue;
                }
                4 => {
                    // A meeting (private or shared) whose notes made a client-facing decision.
                    let mut m = Meeting::new(cockpit::storage::new_id(), client.id, MeetingKind::OneOnOne, noon(), noon());
                    m.title = format!("Meeting {word}");
                    m.private = r.private;
                    m.notes = format!("Notes {word}\nd: Decision from meeting {n}");
                    let change = cockpit::ops::meetings::store(None, m, Default::default(), &mut cockpit::storage::new_id, wednesday(), noon()).unwrap().unwrap();
                    store.apply(&change).unwrap();
                    continue;
                }
                _ => {
                    let mut i = Item::new(cockpit::storage::new_id(), client.id, &format!("Item {word}"), Score::new(r.scores.0).unwrap(), Score::new(r.scores.1).unwrap(), noon());
                    i.private = r.private;
                    Record::Item(i)
                }
            };
            store.apply(&Change::one("record", Edit::insert(record))).unwrap();
        }
        let full = store.week_summary(&client, week, wednesday(), noon()).unwrap();
        for level in [summary::Level::Exec, summary::Level::Team] {
            let s = full.at_level(level);
            for text in [s.to_markdown(), serde_json::to_string(&s).unwrap(), s.to_html()] {
                for secret in &secrets {
                    prop_assert!(!text.contains(secret.as_str()), "{secret} in the {level:?} summary:\n{text}");
                }
            }
        }
        let repo = dir.path().join("adr");
        cockpit::runtime::adr_sync::export(&mut store, &client, &repo, None, false, (wednesday(), noon()), cockpit::runtime::adr_sync::PATIENCE).unwrap();
        for file in std::fs::read_dir(&repo).unwrap() {
            let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
            for secret in &secrets {
                prop_assert!(!text.contains(secret.as_str()), "{secret} in an ADR file:\n{text}");
            }
        }
        // And with --include-private they are all there: the test can see them.
        let mine = store.week_summary_with(&client, week, wednesday(), noon(), true, summary::Shown::Json).unwrap();
        let text = serde_json::to_string(&mine).unwrap();
        for (n, r) in records.iter().enumerate() {
            let shown_in_summary = match r.kind { 0 | 1 | 3 => true, 4 | 5 => false, _ => r.scores.0 >= 3 && r.scores.1 <= 2 };
            if r.private && shown_in_summary {
                prop_assert!(text.contains(&format!("secret{n}x")), "secret{n}x missing with include_private: {text}");
            }
        }
    }
}

/// One task's words in two lanes are two items: leaving one out leaves the other, and its lane.
#[test]
fn an_item_left_out_is_that_one_not_every_line_alike() {
    let mut e = demo_engine();
    // Thursday's lane, then Monday's (Wednesday's, the Team lane, is private by default).
    e.keys(&["1", "l", "n", "Deploy to prod", "<Enter>", "h", "h", "h", "n", "Deploy to prod", "<Enter>", "y"]);
    let md = preview(&e).markdown();
    assert_eq!(md.matches("Deploy to prod").count(), 2, "{md}");
    let first = md.lines().position(|l| l.contains("Deploy to prod")).unwrap();
    let nth = cockpit::app::preview::Preview::items(&md).iter().position(|i| *i == first).unwrap();
    for _ in 0..nth {
        e.keys(&["j"]);
    }
    e.keys(&["x"]);
    let text = preview(&e).text();
    assert_eq!(text.matches("Deploy to prod").count(), 1, "{text}");
    assert!(text.contains("### Thu"), "{text}");
    // Both left out, one put back: the other stays out.
    let second = md.lines().enumerate().filter(|(_, l)| l.contains("Deploy to prod")).nth(1).unwrap().0;
    let then = cockpit::app::preview::Preview::items(&md).iter().position(|i| *i == second).unwrap();
    for _ in nth..then {
        e.keys(&["j"]);
    }
    e.keys(&["x"]);
    assert_eq!(preview(&e).text().matches("Deploy to prod").count(), 0);
    for _ in nth..then {
        e.keys(&["k"]);
    }
    e.keys(&["x"]);
    let text = preview(&e).text();
    let monday = text.find("### Mon").unwrap()..text.find("### Tue").unwrap();
    assert!(text.matches("Deploy to prod").count() == 1 && text[monday].contains("Deploy to prod"), "{text}");
}

fn preview(e: &cockpit::runtime::Engine) -> &cockpit::app::preview::Preview {
    match &e.app.modal {
        Some(cockpit::app::modal::Modal::Preview(p)) => p,
        other => panic!("no preview: {other:?}"),
    }
}

/// What the preview shows is what is copied: it follows the database while open, and a copy
/// whose text the database no longer gives is not made.
#[test]
fn the_preview_follows_the_database_and_never_copies_stale_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut e = engine_on(&db);
    let acme = e.app.client.unwrap();
    let d6 = |s: &Store| s.decisions(acme).unwrap().into_iter().find(|d| d.number == 6).unwrap();
    let mut other = Store::open(&db).unwrap();
    let make_private = |other: &mut Store| {
        let before = d6(other);
        let after = Decision { private: !before.private, ..before.clone() };
        apply_elsewhere(other, before, after);
    };
    e.keys(&["y"]);
    assert!(preview(&e).text().contains("D-006"));
    // Another window marks D-006 private while the preview is open: the preview follows.
    make_private(&mut other);
    assert!(e.poll_external());
    assert!(!preview(&e).text().contains("D-006"), "{}", preview(&e).text());
    // It is made client-facing again, and private once more without the preview seeing it:
    // y does not copy what is shown, and says why.
    make_private(&mut other);
    assert!(e.poll_external());
    assert!(preview(&e).text().contains("D-006"));
    make_private(&mut other);
    e.keys(&["y"]);
    assert!(status(&e).contains("changed while it was open"), "{}", status(&e));
    assert!(!dir.path().join("summaries/acme-hospitality-2026-W47.md").exists(), "nothing was copied");
    assert!(!preview(&e).text().contains("D-006"), "the preview shows the summary as it is now");
    e.keys(&["y"]);
    let copied = std::fs::read_to_string(dir.path().join("summaries/acme-hospitality-2026-W47.md")).unwrap();
    assert!(!copied.contains("D-006") && copied.starts_with("# Acme Hospitality"), "{copied}");
}

/// The week's status set in the preview is a change like any other: one `u` takes back the
/// status and its reason (cycled with `s`, then typed), not an older change; `Ctrl-r` sets it
/// again. Set and cleared again, nothing is left to undo of it.
#[test]
fn the_weeks_status_set_in_the_preview_is_undone_and_redone() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut e = engine_on(&db);
    let status_of = || cli_ok(&db, &["week-status", "--client", DEMO[0]]);
    e.keys(&["1", "n", "A note to keep", "<Enter>"]);
    assert!(cli_ok(&db, &["week", "--client", DEMO[0]]).contains("A note to keep"));
    // (u in the preview says where it undoes.)
    e.keys(&["y", "u"]);
    assert_eq!(status(&e), "Undo and redo once the preview is closed (Esc)");
    e.keys(&["s", "s", "r", "Hiring slipped", "<Enter>", "<Esc>"]);
    assert!(status_of().contains("amber: Hiring slipped"), "{} / {}", status_of(), status(&e));
    e.keys(&["u"]);
    assert!(status(&e).starts_with("Undid: Set Acme Hospitality's status for 2026-W47: amber (Hiring slipped)"), "{}", status(&e));
    assert!(status_of().contains("no status"), "{}", status_of());
    assert!(cli_ok(&db, &["week", "--client", DEMO[0]]).contains("A note to keep"), "the older change stays");
    e.keys(&["<C-r>"]);
    assert!(status_of().contains("amber: Hiring slipped"), "{}", status_of());
    // Cleared (s past red) and set again within the preview: one step back to amber.
    e.keys(&["y", "s", "s", "s", "<Esc>"]);
    assert!(status_of().contains("green"), "{}", status_of());
    e.keys(&["u"]);
    assert!(status_of().contains("amber: Hiring slipped"), "{}", status_of());
    e.keys(&["u"]);
    assert!(status_of().contains("no status"), "{}", status_of());
    e.keys(&["u"]);
    assert!(!cli_ok(&db, &["week", "--client", DEMO[0]]).contains("A note to keep"), "then the note");
}

/// The preview shows what will be copied whole: a long line wraps (its status and door at its
/// end stay in view), an indented line keeps its indent.
#[test]
fn the_preview_wraps_long_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["y"]);
    let screen = screen_text(&mut e, 60, 40);
    assert!(screen.contains("│- **D-006** Hire a mid-level backend engineer before a"), "{screen}");
    assert!(screen.contains("│  senior — accepted · **one-way door**"), "a list item's rows hang: {screen}");
    assert!(screen.contains("│  Why: Budget allows one hire this quarter"), "{screen}");
    // The keys wrap too: every one is in view.
    assert!(screen.contains("copy as HTML") && !screen.contains("copy …"), "{screen}");
}

/// A status set elsewhere between two settings in the app (the command line, another window)
/// is not undone with them: u takes back the app's last setting alone, back to what was set
/// elsewhere.
#[test]
fn a_status_set_elsewhere_between_is_not_undone_with_the_apps() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut e = engine_on(&db);
    let status_of = || cli_ok(&db, &["week-status", "--client", DEMO[0]]);
    e.keys(&["y", "s", "<Esc>"]);
    cli_ok(&db, &["week-status", "red", "Set elsewhere", "--client", DEMO[0]]);
    assert!(e.poll_external());
    e.keys(&["y", "s", "<Esc>"]);
    assert!(status_of().contains("no status"), "red cycled on to none: {}", status_of());
    e.keys(&["u"]);
    assert!(status_of().contains("red: Set elsewhere"), "{} / {}", status_of(), status(&e));
}

/// The reason for the week's status, typed and left with Esc, is kept as that week's draft:
/// `r` goes on with it, and Enter saves it.
#[test]
fn a_reason_left_with_esc_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["y", "s", "r", "Vendor slipped a week", "<Esc>"]);
    assert!(matches!(e.app.modal, Some(cockpit::app::modal::Modal::Preview(_))), "Esc goes back to the preview");
    assert_eq!(status(&e), "Draft kept: press r to go on with it");
    assert_eq!(preview(&e).summary.status.as_ref().unwrap().reason, "", "not saved");
    e.keys(&["r"]);
    assert_eq!(status(&e), "The draft left here is back: C-u clears it");
    e.keys(&[" again", "<Enter>"]);
    assert_eq!(preview(&e).summary.status.as_ref().unwrap().reason, "Vendor slipped a week again");
    let st = cli_ok(&db, &["week-status", "--client", DEMO[0], "--json"]);
    assert!(st.contains("Vendor slipped a week again"), "{st}");
    // Saved, the draft is gone: r starts from the reason kept.
    e.keys(&["r"]);
    let Some(cockpit::app::modal::Modal::Prompt(p)) = &e.app.modal else { panic!("no prompt") };
    assert_eq!(p.input.text(), "Vendor slipped a week again");
    e.keys(&["<End>", "!", "<Esc>", "r"]);
    let Some(cockpit::app::modal::Modal::Prompt(p)) = &e.app.modal else { panic!("no prompt") };
    assert_eq!(p.input.text(), "Vendor slipped a week again!");
}

#[test]
fn an_item_left_out_stays_out_at_both_levels() {
    let mut e = demo_engine();
    e.keys(&["y"]);
    assert!(preview(&e).text().contains("**D-006**"));
    e.keys(&["x", "l"]);
    assert_eq!(preview(&e).level, summary::Level::Exec);
    assert!(!preview(&e).text().contains("**D-006**"), "{}", preview(&e).text());
    e.keys(&["l"]);
    assert!(!preview(&e).text().contains("**D-006**"));
}

#[test]
fn a_copy_held_back_for_naming_another_client_goes_with_the_next_y() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mut e = engine_on(&db);
    // Thursday's lane: the Team lane (Wednesday's) is private by default.
    e.keys(&["1", "l", "n", "Compare notes with Northwind Logistics", "<Enter>", "Y"]);
    assert!(status(&e).contains("names another client"), "{}", status(&e));
    let file = dir.path().join("summaries/acme-hospitality-2026-W47.md");
    assert!(!file.exists());
    e.keys(&["y"]);
    assert!(std::fs::read_to_string(&file).unwrap().contains("Northwind Logistics"));
}

/// The command line's copy holds back a summary that names another client, as the app's `Y`
/// does, until asked again (`--anyway`); nothing is copied or saved meanwhile.
#[test]
fn a_copy_from_the_command_line_that_names_another_client_waits_for_anyway() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cockpit")).args(args).env("COCKPIT_DB", &db).env("COCKPIT_TODAY", "2026-11-18").output().unwrap()
    };
    assert!(run(&["note", "Compare notes with northwind logistics", "--client", DEMO[0], "--lane", "strategy"]).status.success());
    let out = run(&["export", "week", "--client", DEMO[0], "--copy"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && said.contains("names another client (Northwind Logistics)") && said.contains("--anyway"), "{said}");
    assert!(!dir.path().join("summaries").exists(), "nothing saved");
    // Asked again: copied (here, with no clipboard, saved beside the database).
    let out = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["export", "week", "--client", DEMO[0], "--copy", "--anyway"])
        .env("COCKPIT_DB", &db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let saved = std::fs::read_to_string(dir.path().join("summaries/acme-hospitality-2026-W47.md")).unwrap();
    assert!(saved.contains("northwind logistics"), "{saved}");
    let out = run(&["export", "week", "--client", DEMO[0], "--anyway"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("--anyway goes with --copy"));
}

#[test]
fn include_private_says_so_and_the_rationale_is_a_whole_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let mine = export(&db, &["--client", DEMO[0], "--include-private"]);
    assert!(mine.contains("Includes private records") && mine.contains("1:1 with the marketing coordinator"), "{mine}");
    assert!(!export(&db, &["--client", DEMO[0]]).contains("Includes private records"));
    // Never to the clipboard, and the refusal says why, not a usage line without --copy.
    let copied = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["export", "week", "--client", DEMO[0], "--include-private", "--copy"])
        .env("COCKPIT_DB", &db)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&copied.stderr);
    assert!(!copied.status.success() && said.contains("the clipboard's summary is the one pasted to the client"), "{said}");
    let d = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args([
            "decide",
            "Cache sessions",
            "--client",
            DEMO[0],
            "--context",
            "We picked a cache, e.g. Redis, for sessions. Other text.\nMore.",
        ])
        .env("COCKPIT_DB", &db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .output()
        .unwrap();
    assert!(d.status.success());
    assert!(export(&db, &["--client", DEMO[0]]).contains("Why: We picked a cache, e.g. Redis, for sessions.\n"));
}

#[test]
fn a_past_week_across_two_months_counts_the_month_it_belongs_to() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let run = |today: &str, args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_cockpit"))
            .args(args)
            .env("COCKPIT_DB", &db)
            .env("COCKPIT_TODAY", today)
            .env("TZ", "UTC")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    run("2027-01-20", &["client", "add", "Borealis Bank", "--hours-per-month", "40"]);
    run("2027-01-20", &["time", "add", "--from", "2026-12-30 09:00", "--to", "2026-12-30 17:00"]);
    // 2026-W53 runs Dec 28 – Jan 3; its Thursday is Dec 31.
    let md = run("2027-01-20", &["export", "week", "--week", "2026-W53"]);
    assert!(md.contains("month to date 8 of 40 h (2026-12)"), "{md}");
}
