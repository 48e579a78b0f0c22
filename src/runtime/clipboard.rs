//! Putting text on the user's clipboard, wherever they are, without ever reading it:
//!
//! 1. a local desktop session: the platform's clipboard tool (`pbcopy`, `wl-copy`, `xclip`,
//!    `xsel`, `clip.exe`), which keeps serving the text after Cockpit exits;
//! 2. otherwise OSC 52 written to the terminal, which works over SSH. Inside tmux it is sent
//!    plain (tmux takes it into its paste buffer when `set-clipboard` is on) and again wrapped
//!    in tmux's DCS passthrough (for setups with `allow-passthrough`).
//!
//! The caller also always writes a file and says where.

use base64::Engine as _;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where copied text went, as a phrase for the status bar: "the clipboard (xclip)".
pub type Destination = String;

pub trait Clipboard {
    /// Copies `text`; otherwise says why nothing could reach a clipboard and what would help.
    fn copy(&mut self, text: &str) -> Result<Destination, String>;

    /// Copies an HTML document as `text/html`, for a paste into an email client.
    fn copy_html(&mut self, _html: &str) -> Result<Destination, String> {
        Err("no clipboard here takes HTML".into())
    }
}

/// No clipboard at all (tests, scripts without a terminal).
pub struct NoClipboard;

impl Clipboard for NoClipboard {
    fn copy(&mut self, _text: &str) -> Result<Destination, String> {
        Err("no clipboard here".into())
    }
}

/// How tmux treats OSC 52 from the programs inside it: `set-clipboard` on takes it into tmux's
/// paste buffer (and on to the terminal); external or off ignore it. `allow-passthrough` lets
/// the sequence through to the terminal, unseen by tmux.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmuxClipboard {
    pub set_clipboard: String,
    pub passthrough: bool,
}

impl TmuxClipboard {
    /// Asks the tmux server this process runs under.
    pub fn read() -> Option<TmuxClipboard> {
        let out = Command::new("tmux")
            .args(["display-message", "-p", "#{set-clipboard}|#{allow-passthrough}"])
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout);
        let (set, pass) = text.trim().split_once('|')?;
        (out.status.success() && !set.is_empty())
            .then(|| TmuxClipboard { set_clipboard: set.to_string(), passthrough: matches!(pass, "on" | "all" | "1") })
    }
}

/// What the environment offers, read once from the process environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    pub macos: bool,
    pub wayland: bool,
    pub x11: bool,
    pub wsl: bool,
    pub tmux: bool,
    /// A controlling terminal that OSC 52 can be written to.
    pub terminal: bool,
}

impl Env {
    pub fn detect() -> Env {
        let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
        Env {
            macos: cfg!(target_os = "macos"),
            wayland: set("WAYLAND_DISPLAY"),
            x11: set("DISPLAY"),
            wsl: set("WSL_DISTRO_NAME"),
            tmux: set("TMUX"),
            terminal: std::fs::OpenOptions::new().write(true).open("/dev/tty").is_ok(),
        }
    }

    /// The clipboard tools to try, in order, as program and arguments.
    pub fn tools(&self) -> Vec<(&'static str, &'static [&'static str])> {
        let mut tools: Vec<(&'static str, &'static [&'static str])> = Vec::new();
        if self.macos {
            tools.push(("pbcopy", &[]));
        }
        if self.wayland {
            tools.push(("wl-copy", &["--type", "text/plain;charset=utf-8"]));
        }
        if self.x11 {
            tools.push(("xclip", &["-selection", "clipboard", "-in"]));
            tools.push(("xsel", &["--clipboard", "--input"]));
        }
        if self.wsl {
            tools.push(("clip.exe", &[]));
        }
        tools
    }
}

impl Env {
    /// The clipboard tools that take `text/html`. (Each offers one type per copy: the Markdown
    /// copy and the HTML copy are two keys.)
    pub fn html_tools(&self) -> Vec<(&'static str, &'static [&'static str])> {
        let mut tools: Vec<(&'static str, &'static [&'static str])> = Vec::new();
        if self.wayland {
            tools.push(("wl-copy", &["--type", "text/html"]));
        }
        if self.x11 {
            tools.push(("xclip", &["-selection", "clipboard", "-t", "text/html", "-in"]));
        }
        tools
    }
}

/// The real clipboard: tools first, then OSC 52.
pub struct SystemClipboard {
    pub env: Env,
}

impl SystemClipboard {
    pub fn detect() -> SystemClipboard {
        SystemClipboard { env: Env::detect() }
    }
}

impl Clipboard for SystemClipboard {
    fn copy(&mut self, text: &str) -> Result<Destination, String> {
        for (program, args) in self.env.tools() {
            if run_tool(program, args, text) {
                return Ok(format!("the clipboard ({program})"));
            }
        }
        if !self.env.terminal {
            return Err("no clipboard here (no desktop session, no terminal)".into());
        }
        // Inside tmux, what is claimed follows what tmux will do with the sequence.
        let (bytes, destination) = if self.env.tmux {
            match TmuxClipboard::read() {
                Some(t) if t.set_clipboard == "on" => (osc52(text, t.passthrough), "tmux's paste buffer (OSC 52)".to_string()),
                Some(t) if t.passthrough => (
                    osc52_passthrough(text),
                    format!("the terminal through tmux's passthrough (OSC 52; tmux's set-clipboard is {})", t.set_clipboard),
                ),
                Some(t) => return Err(format!("tmux set -g set-clipboard on (it is {})", t.set_clipboard)),
                None => (osc52(text, true), "tmux (OSC 52; its set-clipboard option could not be read)".to_string()),
            }
        } else {
            (osc52(text, false), "the terminal's clipboard (OSC 52)".to_string())
        };
        let sent = std::fs::OpenOptions::new().write(true).open("/dev/tty").and_then(|mut tty| {
            tty.write_all(&bytes)?;
            tty.flush()
        });
        sent.map(|_| destination).map_err(|e| format!("could not write to the terminal: {e}"))
    }

    fn copy_html(&mut self, html: &str) -> Result<Destination, String> {
        for (program, args) in self.env.html_tools() {
            if run_tool(program, args, html) {
                return Ok(format!("the clipboard as HTML ({program})"));
            }
        }
        Err("no desktop clipboard here takes HTML (xclip or wl-copy do); copy the Markdown instead".into())
    }
}

/// While it lives, a closed pipe is an error to handle rather than the end of the process (for
/// writing to a clipboard tool that may exit early).
pub struct PipeErrors(libc::sighandler_t);

impl PipeErrors {
    pub fn handled() -> PipeErrors {
        // SAFETY: swapping SIGPIPE's disposition; the previous one is restored on drop.
        PipeErrors(unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) })
    }
}

impl Drop for PipeErrors {
    fn drop(&mut self) {
        // SAFETY: restoring the disposition saved by `handled`.
        unsafe {
            libc::signal(libc::SIGPIPE, self.0);
        }
    }
}

/// Runs a clipboard tool with the text on its standard input. The tools fork to keep serving the
/// selection; the part we started exits once it has read the text. One that hangs is killed.
fn run_tool(program: &str, args: &[&str], text: &str) -> bool {
    // A tool that exits before reading everything must not take Cockpit down with it.
    let _pipe = PipeErrors::handled();
    let child = Command::new(program).args(args).stdin(Stdio::piped()).stdout(Stdio::null()).stderr(Stdio::null()).spawn();
    let Ok(mut child) = child else { return false };
    let written = child.stdin.take().is_some_and(|mut stdin| stdin.write_all(text.as_bytes()).is_ok());
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return written && status.success(),
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}

/// The OSC 52 sequence that sets the clipboard; inside tmux, followed by the same sequence in
/// tmux's DCS passthrough (every ESC inside doubled).
pub fn osc52(text: &str, tmux: bool) -> Vec<u8> {
    let mut out = osc52_plain(text).into_bytes();
    if tmux {
        out.extend_from_slice(&osc52_passthrough(text));
    }
    out
}

fn osc52_plain(text: &str) -> String {
    format!("\x1b]52;c;{}\x1b\\", base64::engine::general_purpose::STANDARD.encode(text))
}

/// OSC 52 inside tmux's DCS passthrough (every ESC inside doubled).
fn osc52_passthrough(text: &str) -> Vec<u8> {
    format!("\x1bPtmux;{}\x1b\\", osc52_plain(text).replace('\x1b', "\x1b\x1b")).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_is_base64_and_wrapped_for_tmux() {
        assert_eq!(osc52("hi", false), b"\x1b]52;c;aGk=\x1b\\");
        let wrapped = String::from_utf8(osc52("hi", true)).unwrap();
        assert!(wrapped.ends_with("\x1bPtmux;\x1b\x1b]52;c;aGk=\x1b\x1b\\\x1b\\"), "{wrapped:?}");
    }

    #[test]
    fn tools_follow_the_session() {
        assert!(Env::default().tools().is_empty());
        let x = Env { x11: true, ..Env::default() };
        assert_eq!(x.tools().iter().map(|t| t.0).collect::<Vec<_>>(), vec!["xclip", "xsel"]);
        let both = Env { wayland: true, x11: true, ..Env::default() };
        assert_eq!(both.tools()[0].0, "wl-copy");
    }

    #[test]
    fn a_missing_tool_is_not_a_copy() {
        assert!(!run_tool("cockpit-no-such-clipboard-tool", &[], "x"));
    }
}
