//! Terminal setup and restore. The terminal is restored on quit, on error, on panic, on
//! SIGTERM/SIGHUP/SIGQUIT, and around Ctrl-Z.

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{disable_raw_mode, enable_raw_mode, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

static ACTIVE: AtomicBool = AtomicBool::new(false);

pub fn init() -> io::Result<Term> {
    // The theme drops colours itself under NO_COLOR. crossterm's own NO_COLOR handling writes
    // an empty colour sequence (`ESC[;m`) that terminals read as "reset", which switched off the
    // reverse video that shows the selection.
    crossterm::style::force_color_output(true);
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    // (Cleared: a terminal left in its alternate screen by a process killed there still shows
    // what was on it, and the first frame writes only the cells it fills.)
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste, cursor::Hide, Clear(ClearType::All))?;
    Terminal::new(CrosstermBackend::new(io::stdout()))
}

/// Puts the terminal back as it was. Safe to call more than once, and from any thread.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), DisableBracketedPaste, LeaveAlternateScreen, cursor::Show);
        let _ = disable_raw_mode();
    }
}

/// Whether [`say_waiting`] wrote over the screen since the last frame.
static SAID_OVER: AtomicBool = AtomicBool::new(false);

/// Said on the screen's last line, over the frame, when a change has waited a moment for
/// another program's write to the database (see `storage::tell_waits_to`): the screen would
/// otherwise sit still, its keys unanswered, for up to ten seconds. The next frame is drawn
/// whole (see [`draw_whole_if_written_over`]).
pub fn say_waiting() {
    use crossterm::style::{Attribute, Print, SetAttribute};
    use std::io::Write;
    let Ok((width, height)) = crossterm::terminal::size() else { return };
    if !ACTIVE.load(Ordering::SeqCst) || height == 0 {
        return;
    }
    let said =
        crate::domain::text::fit(" Waiting for another program writing the database (keys typed meanwhile are kept) ", usize::from(width));
    let mut out = io::stdout().lock();
    let _ = crossterm::queue!(
        out,
        cursor::MoveTo(0, height - 1),
        Clear(ClearType::CurrentLine),
        SetAttribute(Attribute::Reverse),
        Print(said),
        SetAttribute(Attribute::Reset)
    );
    let _ = out.flush();
    SAID_OVER.store(true, Ordering::SeqCst);
}

/// After [`say_waiting`] wrote over the screen: cleared, and the next frame drawn whole (the
/// terminal's buffers know nothing of what it wrote).
pub fn draw_whole_if_written_over(term: &mut Term) -> io::Result<()> {
    if SAID_OVER.swap(false, Ordering::SeqCst) {
        execute!(io::stdout(), Clear(ClearType::All))?;
        *term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    }
    Ok(())
}

/// A panic restores the terminal before its message is printed, so the message is readable.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// SIGTERM, SIGHUP, SIGQUIT and SIGINT (from another process: in the UI Ctrl-C is a key) restore
/// the terminal and exit. Every change is already committed, so nothing is lost. A SIGTSTP from
/// another process (`kill -TSTP`) is taken like Ctrl-Z: see [`stop_requested`].
pub fn install_signal_handlers() -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    signal_hook::flag::register(SIGTSTP, std::sync::Arc::clone(&STOP))?;
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGQUIT, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            // The terminal's output stays locked from here until the process ends: a frame the
            // screen's thread is drawing meanwhile cannot write after the restore (its cursor
            // hidden again after the restore showed it, as once under a full test run's load).
            let _held = io::stdout().lock();
            restore();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

static STOP: std::sync::LazyLock<std::sync::Arc<AtomicBool>> = std::sync::LazyLock::new(Default::default);

/// Whether a SIGTSTP arrived since the last call (the event loop then suspends as for Ctrl-Z).
pub fn stop_requested() -> bool {
    STOP.swap(false, Ordering::SeqCst)
}

/// Ctrl-Z: give the terminal back, stop until `fg`, then take it again. (SIGSTOP, since SIGTSTP
/// is handled to come here.)
pub fn suspend(term: &mut Term) -> io::Result<()> {
    restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
    take_back(term)
}

/// Takes the terminal again after [`restore`] (from `fg`, or back from the external editor), and
/// has the next frame drawn whole.
pub fn take_back(term: &mut Term) -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste, cursor::Hide, Clear(ClearType::All))?;
    // A new terminal has empty buffers, so the next frame is drawn whole. (`Terminal::clear`
    // would ask the terminal for the cursor position, which not every terminal answers.)
    *term = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    Ok(())
}

/// Makes the terminal library look at the terminal's input again. It is told of input once per
/// arrival, and a resize that comes with keys can leave the keys untold: it returns the resize,
/// and the keys wait in the terminal until more arrive (a key typed then brings them all). The
/// terminal's attributes set again as they are wake its readers (Linux's line discipline does
/// so on every change of them), and the library is told of the input waiting.
pub fn wake_input_reader() {
    use std::io::IsTerminal;
    let tty = (!io::stdin().is_terminal()).then(|| std::fs::File::open("/dev/tty").ok()).flatten();
    let stdin = io::stdin();
    let fd = tty.as_ref().map_or(std::os::fd::AsFd::as_fd(&stdin), std::os::fd::AsFd::as_fd);
    if let Ok(attributes) = rustix::termios::tcgetattr(fd) {
        let _ = rustix::termios::tcsetattr(fd, rustix::termios::OptionalActions::Now, &attributes);
    }
}
