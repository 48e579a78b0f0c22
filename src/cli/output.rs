//! The command line writes like a Unix tool: a closed pipe ends it quietly, as `git log | head`
//! does, and output that cannot be written (a full disk, `/dev/full`) is one line on stderr,
//! never a panic.

/// For a command-line run (not the UI, which never writes to a pipe); `changes`: whether the
/// command changes the database (its output is printed after the change is saved). (A closed
/// standard output is /dev/null by the time the program starts, as Rust opens it so.)
pub fn like_a_unix_tool(changes: bool) {
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
            // (So that it is not run again to make what it made twice.)
            let done = if changes { "; the change itself was saved" } else { "" };
            eprintln!("cockpit: could not write the output: {why}{done}");
            std::process::exit(1);
        }
        previous(info);
    }));
}

/// `s` padded with spaces to `cols` terminal columns (a wide character takes two), for a column
/// of a list; longer text is left whole.
pub fn pad(s: &str, cols: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(cols.saturating_sub(w)))
}

/// What a list or a show adds to a private record: ` (private)`.
pub fn private(private: bool) -> &'static str {
    if private {
        " (private)"
    } else {
        ""
    }
}

/// Output that could not be written (a full disk, `/dev/full`), in the words a failed `println!`
/// gets. (A closed pipe never gets here: SIGPIPE ends the process quietly.)
pub fn unwritten(e: anyhow::Error) -> anyhow::Error {
    anyhow::anyhow!("could not write the output: {e}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_column_is_padded_by_what_the_terminal_shows() {
        assert_eq!(super::pad("山田太郎", 12), "山田太郎    ");
        assert_eq!(super::pad("bob", 6), "bob   ");
        assert_eq!(super::pad("longer than", 4), "longer than");
    }
}
