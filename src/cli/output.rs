//! The command line writes like a Unix tool: a closed pipe ends it quietly, as `git log | head`
//! does, and output that cannot be written (a full disk, `/dev/full`) is one line on stderr,
//! never a panic.

/// For a command-line run (not the UI, which never writes to a pipe).
pub fn like_a_unix_tool() {
    // SAFETY: restoring a signal's default disposition, at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message =
            payload.downcast_ref::<String>().map(String::as_str).or_else(|| payload.downcast_ref::<&str>().copied()).unwrap_or("");
        if let Some(why) = message.strip_prefix("failed printing to stdout: ") {
            eprintln!("cockpit: could not write the output: {why}");
            std::process::exit(1);
        }
        previous(info);
    }));
}

/// Output that could not be written (a full disk, `/dev/full`), in the words a failed `println!`
/// gets. (A closed pipe never gets here: SIGPIPE ends the process quietly.)
pub fn unwritten(e: anyhow::Error) -> anyhow::Error {
    anyhow::anyhow!("could not write the output: {e}")
}
