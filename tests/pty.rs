//! End-to-end tests of the real binary in a pseudo-terminal: what a user sees, and the terminal
//! left as it was on every way out.

mod common;

use portable_pty::CommandBuilder;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROWS: u16 = 30;
const COLS: u16 = 110;

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

/// Runs `cockpit ARGS` inside `sh`, which afterwards prints the exit code and the terminal's
/// line discipline, so that raw mode being switched off can be checked.
fn launch(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
    let script = format!(
        "\"{}\" {}; echo \"EXIT=$?\"; stty -a | tr ' ' '\\n' | grep -x -- '-\\{{0,1\\}}icanon'",
        env!("CARGO_BIN_EXE_cockpit"),
        args.join(" ")
    );
    let mut cmd = CommandBuilder::new("sh");
    cmd.args(["-c", &script]);
    cmd.env("COCKPIT_DB", db);
    cmd.env("COCKPIT_TODAY", "2026-11-18");
    cmd.env("TERM", "xterm-256color");
    cmd.env("TZ", "UTC");
    for (k, v) in env {
        cmd.env(k, v);
    }
    Session::new(cmd)
}

impl Session {
    fn new(cmd: CommandBuilder) -> Session {
        let p = common::pty::spawn(cmd, ROWS, COLS, |_| {});
        Session { parser: p.parser, writer: p.writer, child: p.child, _master: p.master }
    }

    /// Sends a signal to the app (the shell's child), not to other tests' apps.
    fn signal(&self, sig: &str) {
        let shell = self.child.process_id().unwrap().to_string();
        let start = Instant::now();
        loop {
            let out = std::process::Command::new("pkill").args([sig, "-P", &shell]).output().unwrap();
            if out.status.success() {
                return;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "the app never started under the shell");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the app (the shell's child) is stopped: it gives the terminal back first and
    /// stops itself after, and a SIGCONT sent in between would be lost.
    fn wait_stopped(&self) {
        let shell = self.child.process_id().unwrap().to_string();
        let start = Instant::now();
        loop {
            let out = std::process::Command::new("pgrep").args(["-P", &shell]).output().unwrap();
            let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // The state follows the command's name, which is in parentheses.
            if stat.rsplit_once(") ").is_some_and(|(_, rest)| rest.starts_with('T')) {
                return;
            }
            assert!(start.elapsed() < Duration::from_secs(10), "the app never stopped: {stat}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the app (the shell's child) has exited: what is typed next is the shell's.
    fn wait_gone(&self) {
        let shell = self.child.process_id().unwrap().to_string();
        let start = Instant::now();
        while std::process::Command::new("pgrep").args(["-P", &shell]).output().unwrap().status.success() {
            assert!(start.elapsed() < Duration::from_secs(20), "the app never exited:\n{}", self.screen());
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(20) {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("'{text}' never appeared; the screen was:\n{}", self.screen());
    }

    fn send(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Waits for the shell's report after the app exited and checks the terminal is restored.
    fn expect_restored(&mut self, exit: &str) {
        self.wait_for(&format!("EXIT={exit}"));
        self.wait_for("icanon");
        let p = self.parser.lock().unwrap();
        let s = p.screen();
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "cursor still hidden");
        assert!(!s.bracketed_paste(), "bracketed paste still on");
        assert!(!s.contents().contains("-icanon"), "raw mode left on:\n{}", s.contents());
        drop(p);
        let _ = self.child.wait();
    }
}

fn cli(db: &Path, args: &[&str]) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(args)
        .env("COCKPIT_DB", db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn two_clients(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("c.db");
    cli(&db, &["client", "add", "Acme Hospitality", "--hours-per-week", "15", "--shape", "embedded"]);
    cli(&db, &["client", "add", "Northwind Logistics", "--shape", "operational"]);
    // These tests start from the week board (with two clients the app would open on Today).
    cli(&db, &["start-screen", "week"]);
    db
}

/// A terminal left in its alternate screen (by a process killed there) still shows what was on
/// it, and tmux keeps it when the app asks for the alternate screen again: the first frame
/// leaves none of it. (vt100 clears the screen on that request: tmux is the terminal here.)
#[test]
fn the_first_frame_leaves_nothing_of_what_was_on_the_screen() {
    if std::process::Command::new("tmux").arg("-V").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI must install tmux");
        eprintln!("skipped: tmux not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    struct Server(String);
    impl Server {
        fn run(&self, args: &[&str]) -> String {
            let out = std::process::Command::new("tmux").arg("-L").arg(&self.0).args(args).output().unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        }
    }
    impl Drop for Server {
        fn drop(&mut self) {
            // (Its socket goes with it: tmux leaves the file behind.)
            let socket = self.run(&["display-message", "-p", "#{socket_path}"]);
            self.run(&["kill-server"]);
            let _ = std::fs::remove_file(socket.trim());
        }
    }
    let tmux = Server(format!("cockpit-stale-{}", std::process::id()));
    let script = format!(
        "printf '\\033[?1049h'; yes 'STALE STALE STALE STALE STALE STALE' | head -n 40; COCKPIT_DB='{}' COCKPIT_TODAY=2026-11-18 TZ=UTC '{}'",
        db.display(),
        env!("CARGO_BIN_EXE_cockpit")
    );
    tmux.run(&["new-session", "-d", "-x", "110", "-y", "30", "sh", "-c", &script]);
    let start = Instant::now();
    let mut screen = String::new();
    while !screen.contains("Fri · Strategy") {
        assert!(start.elapsed() < Duration::from_secs(20), "the app never drew its board:\n{screen}");
        std::thread::sleep(Duration::from_millis(50));
        screen = tmux.run(&["capture-pane", "-p"]);
    }
    assert!(!screen.contains("STALE"), "{screen}");
}

#[test]
fn switch_client_through_the_picker_then_quit() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut s = launch(&db, &[], &[]);
    s.wait_for("Acme Hospitality · this week");
    s.wait_for("2026-W47 · Nov 16 – Nov 22");
    s.send("c");
    s.wait_for("Switch client");
    s.send("north\r");
    s.wait_for("Northwind Logistics · this week");
    s.send("q");
    s.expect_restored("0");
}

#[test]
fn capture_quit_relaunch_and_find_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut s = launch(&db, &[], &[]);
    s.wait_for("Acme Hospitality");
    s.send("d");
    s.wait_for("Capture a decision");
    s.send("Move batch job from cron to a queue\r");
    s.wait_for("as D-001");
    assert!(s.screen().contains("Mon · Architecture"), "back on the Week screen");
    s.send("q");
    s.expect_restored("0");

    let mut s = launch(&db, &[], &[]);
    s.wait_for("Acme Hospitality");
    s.send("3");
    s.wait_for("D-001");
    s.wait_for("Move batch job from cron to a queue");
    s.send("q");
    s.expect_restored("0");
}

#[test]
fn a_capture_survives_sigkill_right_after_enter() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut s = launch(&db, &[], &[]);
    s.wait_for("Acme Hospitality");
    s.send("d");
    s.wait_for("Capture a decision");
    s.writer.write_all(b"Killed right after Enter\r").unwrap();
    s.writer.flush().unwrap();
    s.wait_for("as D-001");
    // SIGKILL the app itself (the shell's child).
    s.signal("-KILL");
    s.wait_for("EXIT=137");
    let store = cockpit::storage::Store::open(&db).unwrap();
    let acme = store.client_named("Acme Hospitality").unwrap().unwrap();
    assert!(store.decisions(acme.id).unwrap().iter().any(|d| d.title == "Killed right after Enter"));
}

/// The app on `db`, a decision `title` captured in it while another program holds the
/// database's write lock (the connection holding it), once the app says it waits.
fn capture_held_off(db: &Path, title: &str) -> (Session, rusqlite::Connection) {
    let mut s = launch(db, &[], &[]);
    s.wait_for("Acme Hospitality");
    let holder = common::holding_the_write_lock(db);
    s.send("d");
    s.wait_for("Capture a decision");
    s.send(&format!("{title}\r"));
    s.wait_for("Waiting for another program writing the database");
    (s, holder)
}

/// A change held off by another program's write says so on the screen while it waits (not a
/// screen sitting still), and is stored once that program is done; the sign goes with the next
/// frame, a key typed meanwhile and all (that frame is drawn whole: the sign is not one the
/// terminal library drew).
#[test]
fn a_change_waiting_for_another_program_says_so_and_lands() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let (mut s, holder) = capture_held_off(&db, "Held off a moment");
    s.send("l");
    holder.execute_batch("COMMIT").unwrap();
    let store = cockpit::storage::Store::open(&db).unwrap();
    let acme = store.client_named("Acme Hospitality").unwrap().unwrap();
    let start = Instant::now();
    while !store.decisions(acme.id).unwrap().iter().any(|d| d.title == "Held off a moment") {
        assert!(start.elapsed() < Duration::from_secs(20), "never stored");
        std::thread::sleep(Duration::from_millis(25));
    }
    // (The key's frame follows, taking the capture's message away, and the sign with it.)
    wait_until(&s, |screen| !screen.contains("Waiting for") && !screen.contains("meanwhile"));
    s.send("q");
    s.expect_restored("0");
}

/// A change that gives up waiting for another program's write (ten seconds) says it was not
/// saved, and that stays said (the draft kept meanwhile does not cover it). The keys typed while
/// it waited are taken in, text and all, but a quit among them does not quit: it was typed as if
/// the change had been saved.
#[test]
fn a_change_that_gives_up_waiting_is_said_and_a_quit_typed_meanwhile_does_not_quit() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let (mut s, holder) = capture_held_off(&db, "Given up");
    s.send("\x15Typed meanwhile");
    s.wait_for("Not saved");
    wait_until(&s, |screen| screen.contains("Typed meanwhile"));
    holder.execute_batch("ROLLBACK").unwrap();
    s.send("\r");
    s.wait_for("as D-001");
    // An item rescored while another program holds the database, and a q typed while it waits.
    cli(&db, &["item", "Held item", "--client", "Acme Hospitality", "--impact", "2", "--effort", "2"]);
    s.send("2");
    s.wait_for("Held item");
    // (Into Quick wins, where it is.)
    s.send("j");
    let holder = common::holding_the_write_lock(&db);
    s.send("K");
    s.wait_for("Waiting for another program writing the database");
    s.send("q");
    s.wait_for("Not saved");
    wait_until(&s, |screen| screen.contains("the quit typed while it waited did not quit"));
    holder.execute_batch("ROLLBACK").unwrap();
    s.send("q");
    s.expect_restored("0");
}

/// Waits until the screen answers `seen`.
fn wait_until(s: &Session, seen: impl Fn(&str) -> bool) {
    let start = Instant::now();
    while !seen(&s.screen()) {
        assert!(start.elapsed() < Duration::from_secs(20), "never seen; the screen was:\n{}", s.screen());
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn changes_from_the_cli_show_up_while_the_ui_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut s = launch(&db, &[], &[]);
    s.wait_for("Acme Hospitality");
    s.send("l");
    cli(&db, &["note", "Rotate the VPN certificates", "--lane", "infra", "--task", "--client", "Acme Hospitality"]);
    let t = Instant::now();
    s.wait_for("Rotate the VPN");
    eprintln!("the UI showed the command line's change after {:?}", t.elapsed());
    s.send("4");
    cli(&db, &["client", "add", "Delta Foods"]);
    s.wait_for("Delta Foods");
    s.send("q");
    s.expect_restored("0");
}

#[test]
fn a_panic_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut s = launch(&db, &[], &[("COCKPIT_TEST_PANIC", "1")]);
    s.wait_for("panicking on purpose");
    s.expect_restored("101");
}

#[test]
fn an_error_restores_the_terminal_and_is_readable() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut s = launch(&db, &[], &[("COCKPIT_TEST_ERROR", "1")]);
    s.wait_for("failing on purpose");
    s.expect_restored("1");
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_fg_redraws_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    // A shell with job control, as the user has: Ctrl-Z stops the app and `fg` continues it.
    let mut cmd = CommandBuilder::new("bash");
    cmd.args(["--norc", "--noprofile", "-i"]);
    cmd.env("COCKPIT_DB", &db);
    cmd.env("COCKPIT_TODAY", "2026-11-18");
    cmd.env("TERM", "xterm-256color");
    cmd.env("PS1", "$ ");
    let mut s = Session::new(cmd);
    s.send(&format!("\"{}\"; echo \"EXIT=$?\"\r", env!("CARGO_BIN_EXE_cockpit")));
    s.wait_for("Acme Hospitality · this week");
    s.send("\x1a");
    s.wait_for("Stopped");
    {
        let p = s.parser.lock().unwrap();
        // (bash turns bracketed paste on for its own prompt, so that one is bash's.)
        assert!(!p.screen().alternate_screen(), "still on the alternate screen");
        assert!(!p.screen().hide_cursor(), "cursor still hidden");
    }
    s.send("fg\r");
    s.wait_for("Mon · Architecture");
    s.wait_for("Fri · Strategy");
    {
        let p = s.parser.lock().unwrap();
        assert!(p.screen().alternate_screen(), "back on the alternate screen");
        let screen = p.screen().contents();
        assert!(screen.contains("Acme Hospitality · this week") && screen.contains("Fri · Strategy"), "a full redraw:\n{screen}");
    }
    s.send("q");
    s.wait_gone();
    // (The stopped job's `echo` already ran when it stopped; `$?` of `fg` tells the exit code.)
    s.send("echo \"FG=$?\"\r");
    s.wait_for("FG=0");
    let p = s.parser.lock().unwrap();
    assert!(!p.screen().alternate_screen() && !p.screen().hide_cursor());
    drop(p);
    s.send("exit\r");
    let _ = s.child.wait();
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for (sig, code) in [("-TERM", "143"), ("-HUP", "129"), ("-INT", "130")] {
        let dir = tempfile::tempdir().unwrap();
        let db = two_clients(dir.path());
        let mut s = launch(&db, &[], &[]);
        s.wait_for("Acme Hospitality");
        s.signal(sig);
        s.expect_restored(code);
    }
}

/// `kill -TSTP` from another process is taken as Ctrl-Z is: the terminal is given back while
/// the app is stopped, and `kill -CONT` brings it back whole.
#[test]
fn an_external_sigtstp_gives_the_terminal_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut s = launch(&db, &[], &[]);
    s.wait_for("Acme Hospitality");
    s.signal("-TSTP");
    let start = Instant::now();
    while s.parser.lock().unwrap().screen().alternate_screen() {
        assert!(start.elapsed() < Duration::from_secs(10), "the terminal was not given back");
        std::thread::sleep(Duration::from_millis(25));
    }
    assert!(!s.parser.lock().unwrap().screen().hide_cursor());
    s.wait_stopped();
    s.signal("-CONT");
    s.wait_for("Mon · Architecture");
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    s.send("q");
    s.expect_restored("0");
}

/// A keymap that frees every quit key is refused before the terminal is touched, naming the
/// file and line.
#[test]
fn a_keymap_with_no_way_to_quit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let keymap = dir.path().join("keymap.toml");
    std::fs::write(&keymap, "[global]\n\"q\" = \"none\"\n\"<C-c>\" = \"none\"\n").unwrap();
    let mut s = launch(&db, &[], &[("COCKPIT_KEYMAP", keymap.to_str().unwrap())]);
    s.wait_for("no key to quit");
    let screen = s.screen();
    assert!(screen.contains("keymap.toml:2:") || screen.contains("keymap.toml:3:"), "a line that freed a quit key: {screen}");
    s.expect_restored("1");
}

#[test]
fn a_bad_database_is_refused_before_the_terminal_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("noise.db");
    std::fs::write(&db, vec![7u8; 5000]).unwrap();
    let mut s = launch(&db, &[], &[]);
    s.wait_for("not a Cockpit database");
    s.expect_restored("1");
}

/// A multi-line field opened in `$VISUAL` (a script standing in for the user's editor): the
/// text comes back with only the editor's changes, and the UI is drawn again.
#[test]
fn a_field_opened_in_the_external_editor() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let context = "Nightly batch runs from cron.\n\n- retries are slow\n  - and manual\n\n```sh\n0 2 * * * run.sh   # nightly\n```";
    cli(&db, &["decide", "Move cron to a queue", "--context", context]);
    let editor = dir.path().join("editor.sh");
    let mode = dir.path().join("mode");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nstat -c %a \"$1\" > '{}'\nsed -i 's/are slow/are very slow/' \"$1\"\nprintf 'Added in the editor.\\n' >> \"$1\"\n",
            mode.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut s = launch(&db, &[], &[("VISUAL", editor.to_str().unwrap())]);
    s.wait_for("Acme Hospitality");
    s.send("3");
    s.wait_for("D-001");
    s.send("e");
    s.wait_for("Edit D-001");
    for _ in 0..8 {
        s.send("\t");
    }
    s.wait_for("C-o opens $EDITOR");
    s.send("\x0f");
    s.wait_for("Added in the editor.");
    s.send("\x13");
    s.wait_for("Edited D-001");
    s.send("q");
    s.expect_restored("0");
    assert_eq!(std::fs::read_to_string(&mode).unwrap().trim(), "600", "the temporary file is the user's alone");
    let out =
        std::process::Command::new(env!("CARGO_BIN_EXE_cockpit")).args(["decisions", "--json"]).env("COCKPIT_DB", &db).output().unwrap();
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let expected = context.replace("are slow", "are very slow") + "\nAdded in the editor.";
    assert_eq!(log[0]["context"].as_str().unwrap(), expected);
}

/// NO_COLOR: no colour is drawn, and the selected row still shows (reverse video).
#[test]
fn no_color_keeps_the_selection_visible() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    cli(&db, &["decide", "Move cron to a queue"]);
    cli(&db, &["decide", "Adopt a feature-flag service"]);
    let mut s = launch(&db, &[], &[("NO_COLOR", "1")]);
    s.wait_for("Acme Hospitality");
    s.send("3");
    s.wait_for("D-002");
    s.wait_for("D-001");
    {
        let p = s.parser.lock().unwrap();
        let screen = p.screen();
        let (rows, cols) = screen.size();
        let (rows, cols) = (rows.get(), cols.get());
        let row = (0..rows).find(|r| screen.contents_between(*r, 0, *r, cols).contains("D-002 ")).expect("D-002's row");
        let col = (0..cols).find(|c| screen.cell(row, *c).is_some_and(|cell| cell.contents() == "A")).expect("the title");
        assert!(screen.cell(row, col).unwrap().inverse(), "the selected row is drawn in reverse video");
        let other = (0..rows).find(|r| screen.contents_between(*r, 0, *r, cols).contains("D-001 ")).expect("D-001's row");
        let col = (0..cols).find(|c| screen.cell(other, *c).is_some_and(|cell| cell.contents() == "M")).unwrap();
        assert!(!screen.cell(other, col).unwrap().inverse());
        for r in 0..rows {
            for c in 0..cols {
                let cell = screen.cell(r, c).unwrap();
                assert_eq!((cell.fgcolor(), cell.bgcolor()), (vt100::Color::Default, vt100::Color::Default), "colour at {r},{c}");
            }
        }
    }
    s.send("q");
    s.expect_restored("0");
}

#[test]
fn a_meeting_typed_in_the_terminal_is_all_its_records_undone_at_once_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    let mut s = launch(&db, &[], &[]);
    s.wait_for("Acme Hospitality");
    s.send("m");
    s.wait_for("New meeting");
    // Two decisions, three actions (one Marco owes), a question and notes; Enter is a new line.
    for line in [
        "Kickoff with the new VP Eng",
        "d: Use Postgres 17 #db !oneway",
        "d: Hire a staff engineer @3m",
        "a: Send the SOC 2 shortlist ^fri",
        "- [ ] AWS bill breakdown @marco ^2026-11-25",
        "a: Book the pen test ^+3d",
        "?: Who signs the DPA?",
        "Budget is tight until Q2.",
    ] {
        s.send(line);
        s.send("\r");
    }
    s.wait_for("D ");
    s.send("\x13"); // Ctrl-S
    s.wait_for("Meeting 'Leadership sync': 2 decisions, 3 actions");
    let store = cockpit::storage::Store::open(&db).unwrap();
    let acme = store.client_named("Acme Hospitality").unwrap().unwrap();
    let records = |store: &cockpit::storage::Store| {
        let meetings = store.meetings(Some(acme.id)).unwrap();
        let decisions = store.decisions(acme.id).unwrap().len();
        let actions = store.actions(&cockpit::storage::ActionQuery { client: Some(acme.id), owner: None, all: true }).unwrap();
        (meetings, decisions, actions)
    };
    let (meetings, decisions, actions) = records(&store);
    assert_eq!((meetings.len(), decisions, actions.len()), (1, 2, 3));
    assert!(meetings[0].notes.contains("?: Who signs the DPA?\nBudget is tight until Q2."));
    assert_eq!(actions.iter().filter(|a| a.owner == "marco").count(), 1);

    s.send("u");
    s.wait_for("Undid: Meeting");
    let (meetings, decisions, actions) = records(&store);
    assert_eq!((meetings.len(), decisions, actions.len()), (0, 0, 0));
    s.send("\x12"); // Ctrl-R
    s.wait_for("Redid: Meeting");
    s.send("q");
    s.expect_restored("0");

    // A restart finds them on the Actions screen, and the meeting with what came out of it.
    let mut s = launch(&db, &[], &[]);
    s.wait_for("Acme Hospitality");
    s.send("9");
    s.wait_for("Send the SOC 2 shortlist");
    s.wait_for("Book the pen test");
    assert!(s.screen().contains("marco"), "{}", s.screen());
    s.send("v");
    s.wait_for("2d 3a");
    s.wait_for("Who signs the DPA?");
    s.send("q");
    s.expect_restored("0");
}

/// Typing into the Decisions filter faster than it is worked out (here the whole query in one
/// write, as a fast typist's keys arrive) ends on the same list as typing slowly.
#[test]
fn a_query_typed_in_one_burst_filters_as_typed_slowly() {
    let dir = tempfile::tempdir().unwrap();
    let db = two_clients(dir.path());
    for title in ["Adopt Kafka for events", "Move billing to Stripe", "Retire the cron box"] {
        cli(&db, &["decide", title, "--client", "Acme"]);
    }
    let mut s = launch(&db, &[], &[]);
    s.wait_for("Acme Hospitality · this week");
    s.send("3");
    s.wait_for("Retire the cron box");
    s.send("/billing stripz\x7fe");
    s.wait_for("billing stripe");
    let screen = s.screen();
    assert!(screen.contains("Move billing to Stripe"), "{screen}");
    assert!(!screen.contains("Adopt Kafka for events") && !screen.contains("Retire the cron box"), "{screen}");
    s.send("\x1b");
    s.wait_for("Adopt Kafka for events");
    s.send("q");
    s.expect_restored("0");
}
