//! How the process's allocator (glibc's malloc) is set up, before anything is allocated: by the
//! app, and by the benchmarks that measure the app's own code in their process.

/// - One allocator arena for every thread (glibc gives each thread its own): what a thread in
///   the background frees (a snapshot, a log read ahead) is reused by the screen's next
///   allocations instead of staying resident beside them.
/// - No "fast bins": a freed small block is merged with its free neighbours at once, instead of
///   being kept apart by size to be handed out again last-freed-first. (Measured when each row
///   of a held log had its text in a block of its own: a log read after another was freed had
///   its texts scattered over the blocks the old one left, and the filter took one and a half
///   to two times as long over it. A log's texts are now in pieces of their own.)
/// - Blocks of 128 KB or more always mapped on their own, and given back to the system when
///   freed. (glibc's default starts there but moves the threshold up to the size of the largest
///   such block freed: after the first client switch freed a log, every later log, and each
///   filter keystroke's work space, went among the small blocks, which the system never gets
///   back while any block above them is in use; the peak grew by megabytes with each switch.)
pub fn set_up() {
    #[cfg(target_env = "gnu")]
    // SAFETY: mallopt only sets the allocator's parameters; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MXFAST, 0);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
