//! `y` and `export week --copy` against real clipboards: tmux's paste buffer (OSC 52 with
//! `set-clipboard on`) and an X display (Xvfb, read back with xclip). These need tmux, Xvfb and
//! xclip; `.ci/run` installs them. Elsewhere a missing tool skips the test with a message, unless
//! `CI` is set, where it fails.

mod common;

use cockpit::storage::Store;
use common::wednesday;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const TITLE: &str = "# Acme Hospitality — week 2026-W47 (Nov 16 – Nov 22)";

fn have(tools: &[&str]) -> bool {
    let missing: Vec<&&str> = tools
        .iter()
        .filter(|t| Command::new("sh").args(["-c", &format!("command -v {t}")]).output().map_or(true, |o| !o.status.success()))
        .collect();
    if missing.is_empty() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "CI must install {missing:?} for this test");
    eprintln!("skipped: {missing:?} not installed");
    false
}

fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("cockpit.db");
    let mut store = Store::open(&db).unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    db
}

fn wait_until(what: &str, mut f: impl FnMut() -> Option<String>) -> String {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A private tmux server running the UI, with `set-clipboard` as given.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(dir: &Path, db: &Path, display: Option<&str>) -> Tmux {
        Tmux::with_clipboard(dir, db, display, "on")
    }

    fn with_clipboard(dir: &Path, db: &Path, display: Option<&str>, set_clipboard: &str) -> Tmux {
        let socket = format!("cockpit-test-{}-{}-{set_clipboard}", std::process::id(), display.unwrap_or("none").replace(':', ""));
        let conf = dir.join("tmux.conf");
        std::fs::write(&conf, format!("set -g set-clipboard {set_clipboard}\n")).unwrap();
        let mut env = format!("env -u WAYLAND_DISPLAY -u DISPLAY COCKPIT_DB='{}' COCKPIT_TODAY=2026-11-18 TZ=UTC", db.display());
        if let Some(d) = display {
            env.push_str(&format!(" DISPLAY={d}"));
        }
        let t = Tmux { socket };
        let cmd = format!("{env} '{}'", env!("CARGO_BIN_EXE_cockpit"));
        t.run(&["-f", conf.to_str().unwrap(), "new-session", "-d", "-x", "120", "-y", "40", &cmd]);
        // With three clients the app opens on Today; the summary is copied from the Week.
        wait_until("the UI", || t.screen().contains("0 Today").then(String::new));
        t.run(&["send-keys", "1"]);
        wait_until("the Week", || t.screen().contains("1 Week").then(String::new));
        t
    }

    fn run(&self, args: &[&str]) -> String {
        let o = Command::new("tmux").arg("-L").arg(&self.socket).args(args).output().unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.run(&["capture-pane", "-p"])
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // (Its socket goes with it: tmux leaves the file behind.)
        let socket = self.run(&["display-message", "-p", "#{socket_path}"]);
        self.run(&["kill-server"]);
        let _ = std::fs::remove_file(socket.trim());
    }
}

struct Xvfb(Child, String);

impl Xvfb {
    fn start() -> Xvfb {
        let n = 40 + std::process::id() % 400;
        let display = format!(":{n}");
        let child = Command::new("Xvfb").args([&display, "-nolisten", "tcp"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        // The socket file can be left over from an earlier server: wait until this one answers.
        wait_until("Xvfb", || {
            let probe = Command::new("xclip").args(["-o", "-selection", "clipboard"]).env("DISPLAY", &display).output().ok()?;
            (!String::from_utf8_lossy(&probe.stderr).contains("Can't open display")).then(String::new)
        });
        Xvfb(child, display)
    }

    fn clipboard(&self) -> String {
        let o = Command::new("xclip").args(["-o", "-selection", "clipboard"]).env("DISPLAY", &self.1).output().unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn y_inside_tmux_fills_its_paste_buffer() {
    if !have(&["tmux"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let tmux = Tmux::start(dir.path(), &db, None);
    // y shows the summary as it will be copied; y again copies it.
    tmux.run(&["send-keys", "y"]);
    wait_until("the preview", || Some(tmux.screen()).filter(|s| s.contains("as it will be copied")));
    tmux.run(&["send-keys", "y"]);
    let screen = wait_until("the status line", || Some(tmux.screen()).filter(|s| s.contains("tmux's paste buffer (OSC 52)")));
    let buffer = tmux.run(&["show-buffer"]);
    assert!(buffer.starts_with(TITLE), "{buffer}");
    assert_eq!(buffer, std::fs::read_to_string(dir.path().join("summaries/acme-hospitality-2026-W47.md")).unwrap());
    // The sequences went to the terminal, not onto the screen.
    assert!(!screen.contains("52;c;") && screen.contains("Mon · Architecture"), "{screen}");
}

/// With tmux's `set-clipboard` off or external, tmux drops OSC 52 from programs: the status line
/// says the summary was not copied, names the file and the setting, and nothing reaches tmux.
#[test]
fn inside_tmux_without_set_clipboard_on_nothing_is_claimed() {
    if !have(&["tmux"]) {
        return;
    }
    for setting in ["off", "external"] {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        let tmux = Tmux::with_clipboard(dir.path(), &db, None, setting);
        tmux.run(&["send-keys", "Y"]);
        let screen = wait_until("the status line", || Some(tmux.screen()).filter(|s| s.contains("Not copied")));
        assert!(!screen.contains("copied to tmux"), "{setting}: {screen}");
        assert!(screen.contains(&format!("Not copied: tmux set -g set-clipboard on (it is {setting})")), "{setting}: {screen}");
        assert!(screen.contains("acme-hospitality-2026-W47.md"), "{setting}: the saved file is named: {screen}");
        assert!(dir.path().join("summaries/acme-hospitality-2026-W47.md").exists());
        assert_eq!(tmux.run(&["show-buffer"]), "", "{setting}: nothing reached tmux's paste buffer");
    }
}

#[test]
fn with_an_x_display_the_summary_lands_in_the_x_clipboard() {
    if !have(&["tmux", "Xvfb", "xclip"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    let x = Xvfb::start();

    // From the command line.
    let o = Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(["export", "week", "--client", "Northwind Logistics", "--copy"])
        .env("COCKPIT_DB", &db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .env("DISPLAY", &x.1)
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("copied to the clipboard (xclip)"), "{}", String::from_utf8_lossy(&o.stderr));
    let clip = x.clipboard();
    assert!(clip.starts_with("# Northwind Logistics — week 2026-W47"), "{clip}");

    // From the UI, with `Y` (at once, without the preview).
    let tmux = Tmux::start(dir.path(), &db, Some(&x.1));
    tmux.run(&["send-keys", "Y"]);
    wait_until("the status line", || Some(tmux.screen()).filter(|s| s.contains("copied to the clipboard (xclip)")));
    let clip = x.clipboard();
    assert!(clip.starts_with(TITLE), "{clip}");
    assert_eq!(clip, std::fs::read_to_string(dir.path().join("summaries/acme-hospitality-2026-W47.md")).unwrap());

    // From the preview, h copies the same summary as HTML, for an email client.
    tmux.run(&["send-keys", "y"]);
    wait_until("the preview", || Some(tmux.screen()).filter(|s| s.contains("as it will be copied")));
    tmux.run(&["send-keys", "h"]);
    wait_until("the status line", || Some(tmux.screen()).filter(|s| s.contains("copied to the clipboard as HTML (xclip)")));
    let o = Command::new("xclip").args(["-o", "-selection", "clipboard", "-t", "text/html"]).env("DISPLAY", &x.1).output().unwrap();
    let html = String::from_utf8_lossy(&o.stdout);
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("<h1>Acme Hospitality — week 2026-W47"), "{html}");
    assert_eq!(html, std::fs::read_to_string(dir.path().join("summaries/acme-hospitality-2026-W47.html")).unwrap());
}
