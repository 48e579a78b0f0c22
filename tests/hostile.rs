//! Hostile input: any text, capture line, command-line argument, date, week or key sequence
//! neither panics nor gets a control character or escape sequence stored or drawn; text another
//! tool wrote into the database (invalid UTF-8 included) is shown, not a crash.

mod common;

use clap::Parser;
use cockpit::cli::{self, Cli};
use cockpit::domain::*;
use cockpit::runtime::{Clock, Engine};
use cockpit::storage::Store;
use common::*;
use proptest::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// Text with everything that can hurt: escape sequences, C0 and C1 controls, bidi overrides,
/// wide and combining characters, and long runs.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "\\PC{0,12}",
        Just("\u{1b}[2J\u{1b}[31m".to_string()),
        Just("\u{1b}]52;c;ZXZpbA==\u{7}".to_string()),
        Just("\u{1b}P+q\u{1b}\\".to_string()),
        Just("\u{9b}6n".to_string()),
        Just("\u{202e}\u{2066}".to_string()),
        Just("\r\n\t\u{0}\u{7f}\u{85}".to_string()),
        Just("数据库迁移 👩‍💻 e\u{301}".to_string()),
        "[#@!\\[\\]*_`<>|&-]{0,6}",
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

fn is_clean(s: &str, newlines: bool) -> bool {
    s.chars().all(|c| !(c.is_control() && !(newlines && c == '\n')) && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

/// Every text column of every table is free of control characters (newlines allowed).
fn store_is_clean(store: &Store) -> Result<(), String> {
    let conn = rusqlite::Connection::open(store.path().unwrap()).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for t in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {t}")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                if let rusqlite::types::ValueRef::Text(b) = row.get_ref(i).unwrap() {
                    let s = String::from_utf8_lossy(b);
                    if !is_clean(&s, true) {
                        return Err(format!("{t} holds {s:?}"));
                    }
                }
            }
        }
    }
    Ok(())
}

fn draw_all(e: &mut Engine, w: u16, h: u16) -> Result<(), String> {
    for screen in ["1", "2", "3", "4", "5"] {
        e.keys(&[screen]);
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
        let buf = term.backend().buffer();
        for cell in buf.content() {
            if !is_clean(cell.symbol(), false) {
                return Err(format!("screen {screen} drew {:?}", cell.symbol()));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(proptest_config(200, "tests/proptest-regressions/hostile.txt"))]

    #[test]
    fn cleaning_leaves_no_control_characters(s in nasty()) {
        let line = text::clean_line(&s);
        let body = text::clean_text(&s);
        prop_assert!(is_clean(&line, false), "{line:?}");
        prop_assert!(is_clean(&body, true), "{body:?}");
        prop_assert_eq!(text::clean_line(&line), line.clone(), "cleaning twice changes nothing");
        let parsed = capture::parse(&s, wednesday());
        prop_assert!(is_clean(&parsed.title, false) && is_clean(&parsed.preview(), false));
        prop_assert!(parsed.tags.iter().all(|t| is_clean(t, false)));
    }

    #[test]
    fn dates_weeks_times_and_scores_parse_or_refuse(s in nasty(), t in "[0-9WwT:+ -.hmsapyondu]{0,20}") {
        for x in [s.as_str(), t.as_str()] {
            let _ = x.parse::<IsoWeek>();
            let _ = x.parse::<Lane>();
            let _ = x.parse::<Score>();
            let now = wednesday().and_hms_opt(12, 0, 0).unwrap().and_utc();
            let _ = time::parse_time(&chrono::Utc, x, wednesday(), now);
            let _ = time::parse_end(&chrono::Utc, x, now, now);
            let _ = time::parse_duration(x);
            let _ = time::Period::parse_month(x);
            let _ = timew::parse_time(x);
            let _ = Status::parse(x);
        }
    }
}

/// A command line from the commands that write, with hostile values.
fn command_line() -> impl Strategy<Value = Vec<String>> {
    (0usize..9, nasty(), nasty(), "[0-9.:W -]{0,12}").prop_map(|(k, a, b, n)| {
        let v: Vec<&str> = match k {
            0 => vec!["decide", &a, "--context", &b, "--tag", &b],
            1 => vec!["note", &a, "--lane", "team", "--task"],
            2 => vec!["client", "add", &a, "--hours-per-week", &n],
            3 => vec!["item", &a, "--impact", &n, "--effort", "2"],
            4 => vec!["time", "add", "--from", &n, "--to", "23:59", "--note", &b],
            5 => vec!["week", "--week", &n],
            6 => vec!["decide", &a, "--revisit", &n, "--category", &b],
            7 => vec!["time", "bill", "--invoice", &a],
            _ => vec!["client", "rename", "Acme", &a],
        };
        std::iter::once("cockpit").chain(v).map(str::to_string).collect()
    })
}

proptest! {
    #![proptest_config(proptest_config(64, "tests/proptest-regressions/hostile-keys.txt"))]

    /// Whatever the arguments: no panic, and nothing unclean stored.
    #[test]
    fn hostile_command_lines_store_only_clean_text(lines in proptest::collection::vec(command_line(), 1..6)) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("c.db")).unwrap();
        cockpit::demo::populate(&mut store, wednesday()).unwrap();
        let clock = Clock::fixed(wednesday());
        for args in lines {
            if let Ok(parsed) = Cli::try_parse_from(&args) {
                if let Some(cmd) = parsed.command {
                    let _ = cli::run(&mut store, &clock, cmd);
                }
            }
        }
        prop_assert!(store_is_clean(&store).is_ok(), "{:?}", store_is_clean(&store));
        prop_assert!(tally_errors(store.path().unwrap()).is_empty(), "{:?}", tally_errors(store.path().unwrap()));
    }

    /// Keys at random, hostile text typed and pasted: no panic, nothing unclean stored or drawn.
    #[test]
    fn random_keys_and_pastes(keys in proptest::collection::vec(prop_oneof![
        prop::sample::select(vec!["1", "2", "3", "4", "5", "d", "n", "e", "x", "s", "S", "K", "J", "H", "L", "i", "y", "u",
            "<C-r>", "<Enter>", "<Esc>", "<Tab>", "<S-Tab>", "<Up>", "<Down>", "<Left>", "<Right>", " ", "c", "/", ":", "?",
            "[", "]", "t", "T", "C", "<", ">", "w", "z", "a", "A", "b", "f", "F", "R", "<Backspace>", "<C-w>", "<C-u>", "j", "k"])
            .prop_map(|k| k.to_string()),
        nasty().prop_map(|s| format!("PASTE{s}")),
    ], 1..40), w in 1u16..160, h in 1u16..50) {
        keys_hold(&keys, w, h)?;
    }
}

/// What `random_keys_and_pastes` checks, for one sequence: no panic, nothing unclean stored or
/// drawn. A key starting with `PASTE` pastes the rest.
fn keys_hold(keys: &[String], w: u16, h: u16) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("c.db")).unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    let mut e = Engine::new(store, cockpit::keymap::Keymap::defaults(), Clock::fixed(wednesday())).unwrap();
    for k in keys {
        if e.quit {
            break;
        }
        match k.strip_prefix("PASTE") {
            Some(text) => e.dispatch(cockpit::app::Action::Paste(text.to_string())),
            None if k != "q" => e.keys(&[k]),
            None => {}
        }
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
    }
    prop_assert!(store_is_clean(&e.store).is_ok(), "{:?}", store_is_clean(&e.store));
    prop_assert!(tally_errors(e.store.path().unwrap()).is_empty(), "{:?}", tally_errors(e.store.path().unwrap()));
    // What the keys left loaded (a switch reads the client's data, a screen the log, a change
    // patches what is held) is what reading everything again shows. (The status bar, last,
    // says what was done last.)
    let shown = |e: &mut Engine| -> Vec<String> {
        let (screen, modal) = (e.app.screen, e.app.modal.take());
        let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let all = cockpit::app::Screen::ALL
            .iter()
            .map(|s| {
                e.app.screen = *s;
                let buf = term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap().buffer.clone();
                buf.content().chunks(120).take(39).flat_map(|row| row.iter().map(|c| c.symbol().to_string())).collect()
            })
            .collect();
        (e.app.screen, e.app.modal) = (screen, modal);
        all
    };
    let loaded = shown(&mut e);
    e.reload();
    prop_assert_eq!(loaded, shown(&mut e));
    prop_assert!(draw_all(&mut e, w.max(60), h.max(16)).is_ok());
    Ok(())
}

/// Every sequence the property test above has found a panic or a difference with, shrunk,
/// kept as it was found.
#[test]
fn key_sequences_that_once_panicked() {
    let found: &[(&[&str], u16, u16)] = &[
        // Archiving the current client after visiting its decision log: the log's indices were
        // read in the next client's log.
        (&["3", "<Tab>", "a"], 80, 24),
        // A matrix item re-scored, then another screen: a reload there let go of the selected
        // item's re-scorings and read them again only on the Matrix.
        (&["2", "J", "<Tab>", "3"], 1, 1),
    ];
    for (keys, w, h) in found {
        let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        keys_hold(&keys, *w, *h).unwrap_or_else(|e| panic!("{keys:?}: {e}"));
    }
}

#[test]
fn text_written_by_another_tool_is_shown_cleaned_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    {
        let mut store = Store::open(&db).unwrap();
        cockpit::demo::populate(&mut store, wednesday()).unwrap();
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    // Invalid UTF-8, escape sequences and controls, straight into the file.
    let bad: &[u8] = b"Pay \xff\xfe vendor \x1b[2J\x1b]0;owned\x07now\x00";
    conn.execute("UPDATE decisions SET title = ?1, context = ?1", [bad]).unwrap();
    conn.execute("UPDATE entries SET text = ?1", [bad]).unwrap();
    conn.execute("UPDATE clients SET name = CAST(?1 AS BLOB) WHERE name = 'Northwind Logistics'", [bad]).unwrap();
    conn.execute("UPDATE items SET title = ?1", [bad]).unwrap();
    conn.execute("UPDATE time_entries SET note = ?1", [bad]).unwrap();
    drop(conn);
    let mut e = Engine::new(Store::open(&db).unwrap(), cockpit::keymap::Keymap::defaults(), Clock::fixed(wednesday())).unwrap();
    draw_all(&mut e, 120, 40).unwrap();
    e.keys(&["3"]);
    let shown = e.app.data.decisions.row(0).title().to_string();
    assert!(shown.starts_with("Pay ") && shown.contains("vendor") && shown.ends_with("now") && is_clean(&shown, false), "{shown:?}");
    let md = e.store.week_summary(&e.app.data.clients[0], IsoWeek::of(wednesday()), wednesday(), noon()).unwrap().to_markdown();
    assert!(is_clean(&md, true), "{md:?}");
}

/// Dates at the ends of the calendar: refused with a message where they are typed, and the
/// week keys stop at the last week rather than run off it.
#[test]
fn dates_outside_1970_to_9999_are_refused_everywhere() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c.db");
    let run = |today: &str, args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_cockpit")).args(args).env("COCKPIT_DB", &db).env("COCKPIT_TODAY", today).output().unwrap()
    };
    assert!(run("2026-11-18", &["client", "add", "Acme"]).status.success());
    assert!(run("2026-11-18", &["decide", "Within"]).status.success());
    for (today, args, says) in [
        ("1969-12-31", &["week"][..], "from 1970 to 9999"),
        ("10000-01-01", &["week"], "from 1970 to 9999"),
        ("2026-11-18", &["week", "--week", "1969-W40"], "from 1970 to 9999"),
        ("2026-11-18", &["week", "--week", "10000-W01"], "YYYY-Www"),
        ("2026-11-18", &["time", "add", "--from", "1969-12-31 10:00", "--to", "1969-12-31 11:00"], "from 1970 to 9999"),
        ("2026-11-18", &["time", "start", "--at", "10000-01-01 10:00"], "from 1970 to 9999"),
        ("2026-11-18", &["decide", "Far back", "--revisit", "0001-01-01"], "from 1970 to 9999"),
        ("2026-11-18", &["decision", "edit", "D-001", "--revisit", "1969-12-31"], "from 1970 to 9999"),
    ] {
        let out = run(today, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success() && stderr.contains(says) && !stderr.contains("panicked"), "{today} {args:?}: {stderr}");
    }
    assert!(run("9999-12-31", &["export", "week"]).status.success(), "the last day works");
    // In the UI, ] past the last week stops there and says why.
    let store = Store::open(&db).unwrap();
    let mut e =
        Engine::new(store, cockpit::keymap::Keymap::defaults(), Clock::fixed(chrono::NaiveDate::from_ymd_opt(9999, 12, 29).unwrap()))
            .unwrap();
    let last = e.app.shown_week;
    e.keys(&["]", "]"]);
    assert_eq!(e.app.shown_week, last);
    assert!(status(&e).contains("1970 to 9999"), "{}", status(&e));
    draw_all(&mut e, 120, 40).unwrap();
}
