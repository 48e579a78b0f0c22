//! How a connection waits for another program's write: as SQLite's own busy timeout would
//! (pauses growing to a tenth of a second, given up after [`BUSY_TIMEOUT`]), and, once it has
//! waited a moment, saying so where [`tell_waits_to`] asks: otherwise the app would sit still
//! for seconds, its keys unanswered, with no sign of why.

use std::cell::Cell;
use std::sync::OnceLock;
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// How long a writer waits for another process's transaction before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a wait goes unsaid.
const SAID_AFTER: Duration = Duration::from_millis(300);

/// Who is told of a long wait, and on which thread (the screen is drawn on one).
static SIGN: OnceLock<(ThreadId, fn())> = OnceLock::new();

/// `sign` is called when a wait on this thread has lasted a moment: once a wait, while it goes
/// on. (Set once a process.)
pub fn tell_waits_to(sign: fn()) {
    let _ = SIGN.set((std::thread::current().id(), sign));
}

/// Makes `conn` wait for other programs' writes as this module does (in place of a busy timeout
/// set on it meanwhile).
pub(crate) fn wait_for_writers(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    conn.busy_handler(Some(waiting))
}

thread_local! {
    /// When this thread's wait began, and whether it was said.
    static WAIT: Cell<(Instant, bool)> = Cell::new((Instant::now(), false));
}

/// SQLite's busy handler: another connection holds what this one needs, and this one asked
/// `tried` times before in this wait. Whether to ask again (after a pause).
fn waiting(tried: i32) -> bool {
    let now = Instant::now();
    let (since, said) = WAIT.with(|w| {
        if tried == 0 {
            w.set((now, false));
        }
        w.get()
    });
    let waited = now - since;
    if waited >= BUSY_TIMEOUT {
        return false;
    }
    if waited >= SAID_AFTER && !said {
        WAIT.with(|w| w.set((since, true)));
        if let Some((_, sign)) = SIGN.get().filter(|(on, _)| *on == std::thread::current().id()) {
            sign();
        }
    }
    const PAUSES_MS: [u64; 12] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100];
    let pause = Duration::from_millis(PAUSES_MS[usize::try_from(tried).unwrap_or(0).min(PAUSES_MS.len() - 1)]);
    std::thread::sleep(pause.min(BUSY_TIMEOUT - waited));
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    static SAID: AtomicUsize = AtomicUsize::new(0);

    /// A write held off by another connection's transaction waits for it, says so once after a
    /// moment (on the thread that asked), and goes through when the other is done.
    #[test]
    fn a_write_held_off_waits_says_so_once_and_goes_through() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c.db");
        let open = || {
            let conn = rusqlite::Connection::open(&db).unwrap();
            conn.execute_batch("PRAGMA journal_mode = WAL").unwrap();
            wait_for_writers(&conn).unwrap();
            conn
        };
        let (holder, writer) = (open(), open());
        writer.execute_batch("CREATE TABLE t (x)").unwrap();
        tell_waits_to(|| {
            SAID.fetch_add(1, Ordering::SeqCst);
        });
        holder.execute_batch("BEGIN IMMEDIATE; INSERT INTO t VALUES (1)").unwrap();
        let release = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(900));
            holder.execute_batch("COMMIT").unwrap();
        });
        let t = Instant::now();
        writer.execute_batch("INSERT INTO t VALUES (2)").unwrap();
        assert!(t.elapsed() >= Duration::from_millis(800), "it waited for the other");
        release.join().unwrap();
        assert_eq!(SAID.load(Ordering::SeqCst), 1, "said once");
        let n: i64 = writer.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 2);
    }
}
