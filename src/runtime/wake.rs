//! Sleeping until something can change what is shown: a key or a paste on the terminal, a
//! resize or a stop signal, another process writing to the database (the kernel says so:
//! inotify on the database's folder), or the next thing the clock brings. Idle means idle: a
//! database no one writes to wakes nothing.
//!
//! Where the kernel cannot watch the folder (another system, a folder it refuses), the event
//! loop looks at the database every `POLL` as before.

use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::fd::{AsFd, OwnedFd};
use std::io::IsTerminal;
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

pub struct Waiter {
    /// Where keys come from: standard input when it is the terminal, else the terminal itself
    /// (as the terminal library reads it).
    tty: Option<std::fs::File>,
    /// Changes to files in the database's folder.
    folder: Option<OwnedFd>,
    /// The database's file name: changes to other files there (another database's log, an
    /// editor's autosave) wake nothing.
    name: Vec<u8>,
    /// Written to by the handlers of SIGWINCH and SIGTSTP: a signal may be handled on another
    /// thread, which would not wake this one.
    signals: Option<UnixStream>,
}

impl Waiter {
    pub fn new(db: Option<&Path>) -> Waiter {
        let tty = if std::io::stdin().is_terminal() { None } else { std::fs::File::open("/dev/tty").ok() };
        let name = db.and_then(Path::file_name).map(|n| n.as_encoded_bytes().to_vec()).unwrap_or_default();
        Waiter { tty, folder: db.and_then(watch_folder), name, signals: signal_pipe() }
    }

    /// Whether another process's writes wake the loop (else they are looked for every `POLL`).
    pub fn watches_the_database(&self) -> bool {
        self.folder.is_some()
    }

    /// Sleeps until there is input, a signal, a change in the database's folder (when
    /// `folder_too`), or `timeout` has passed.
    pub fn wait(&mut self, timeout: Duration, folder_too: bool) -> std::io::Result<Woke> {
        let stdin = std::io::stdin();
        let tty = self.tty.as_ref().map_or(stdin.as_fd(), |f| f.as_fd());
        let mut fds = vec![PollFd::new(&tty, PollFlags::IN)];
        let folder = self.folder.as_ref().filter(|_| folder_too);
        if let Some(folder) = folder {
            fds.push(PollFd::new(folder, PollFlags::IN));
        }
        if let Some(signals) = &self.signals {
            fds.push(PollFd::new(signals, PollFlags::IN));
        }
        let timeout = Timespec { tv_sec: timeout.as_secs().min(i64::MAX as u64) as i64, tv_nsec: timeout.subsec_nanos().into() };
        match rustix::event::poll(&mut fds, Some(&timeout)) {
            Ok(_) | Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
        if fds[0].revents().intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) && !fds[0].revents().contains(PollFlags::IN) {
            return Err(std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the terminal was closed"));
        }
        let input = fds[0].revents().contains(PollFlags::IN);
        let folder_changed = folder.is_some() && fds[1].revents().contains(PollFlags::IN);
        let written = folder.is_some_and(|f| folder_changed && of_the_database(f, &self.name));
        if let Some(signals) = &self.signals {
            drain(signals);
        }
        Ok(Woke { input, written, folder: folder_changed })
    }
}

/// What ended a wait.
pub struct Woke {
    /// The terminal has input.
    pub input: bool,
    /// The database, its log or its shared memory changed (or was replaced or removed).
    pub written: bool,
    /// Anything in the database's folder changed (another file's changes wake the loop too,
    /// and are let wait as the database's are: see `event_loop::wait_for`).
    pub folder: bool,
}

/// An inotify descriptor watching the folder that holds the database (its write-ahead log is
/// written on every commit; the file itself is replaced or removed there).
#[cfg(target_os = "linux")]
fn watch_folder(db: &Path) -> Option<OwnedFd> {
    use rustix::fs::inotify::{self, CreateFlags, WatchFlags};
    let folder = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let fd = inotify::init(CreateFlags::CLOEXEC | CreateFlags::NONBLOCK).ok()?;
    let what = WatchFlags::MODIFY | WatchFlags::CREATE | WatchFlags::DELETE | WatchFlags::MOVED_FROM | WatchFlags::MOVED_TO;
    inotify::add_watch(&fd, folder, what).ok()?;
    Some(fd)
}

#[cfg(not(target_os = "linux"))]
fn watch_folder(_: &Path) -> Option<OwnedFd> {
    None
}

fn signal_pipe() -> Option<UnixStream> {
    let (read, write) = UnixStream::pair().ok()?;
    read.set_nonblocking(true).ok()?;
    let write2 = write.try_clone().ok()?;
    signal_hook::low_level::pipe::register(signal_hook::consts::SIGWINCH, write).ok()?;
    signal_hook::low_level::pipe::register(signal_hook::consts::SIGTSTP, write2).ok()?;
    Some(read)
}

/// Reads every event waiting on the folder's inotify descriptor; whether one is of the database
/// (`name`, `name-wal`, `name-shm`, ...) or names no file (the folder itself, or events lost to
/// an overflowing queue: the database may have changed).
#[cfg(target_os = "linux")]
fn of_the_database(fd: impl AsFd, name: &[u8]) -> bool {
    let mut buf = [std::mem::MaybeUninit::uninit(); 4096];
    let mut events = rustix::fs::inotify::Reader::new(fd, &mut buf);
    let mut any = false;
    while let Ok(e) = events.next() {
        any |= e.file_name().is_none_or(|f| {
            let f = f.to_bytes();
            f.strip_prefix(name).is_some_and(|rest| rest.is_empty() || rest.starts_with(b"-"))
        });
    }
    any
}

#[cfg(not(target_os = "linux"))]
fn of_the_database(fd: impl AsFd, _: &[u8]) -> bool {
    drain(fd)
}

/// Reads everything waiting on a non-blocking descriptor; whether there was anything.
fn drain(fd: impl AsFd) -> bool {
    let mut buf = [0u8; 4096];
    let mut any = false;
    while let Ok(n) = rustix::io::read(&fd, &mut buf) {
        if n == 0 {
            break;
        }
        any = true;
    }
    any
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// Another file in the database's folder (another database's log, an editor's autosave)
    /// wakes nothing; the database's own log does.
    #[test]
    fn only_the_databases_own_files_wake_the_loop() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("work.db");
        // (Not the test's own standard input, which may be a closed pipe: /dev/null reads.)
        let name = b"work.db".to_vec();
        let mut waiter = Waiter { tty: std::fs::File::open("/dev/null").ok(), folder: watch_folder(&db), name, signals: None };
        assert!(waiter.watches_the_database());
        let written = |waiter: &mut Waiter, file: &str| {
            std::fs::write(dir.path().join(file), "x").unwrap();
            waiter.wait(Duration::from_millis(200), true).unwrap().written
        };
        assert!(!written(&mut waiter, "other.db-wal"));
        assert!(!written(&mut waiter, "work.db.bak"));
        assert!(written(&mut waiter, "work.db-wal"));
        assert!(written(&mut waiter, "work.db"));
    }
}
