//! Copying a week summary: to the clipboard where there is one, and always to a private file
//! beside the database, whose path the user is told.

use super::clipboard::{Clipboard, Destination};
use crate::domain::IsoWeek;
use crate::storage::paths;
use std::path::{Path, PathBuf};

/// `<database folder>/summaries/acme-hospitality-2026-W47.md` (or `.html`); for a snapshot read
/// in its database's backups folder, which holds snapshots alone, in a folder of the snapshot's
/// name in the database's `summaries/`, beside (not over) the database's own.
pub fn summary_file(db: &Path, client: &str, week: IsoWeek, ext: &str) -> PathBuf {
    let dir = db.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let backups = std::path::absolute(dir).ok().filter(|d| d.file_name().is_some_and(|n| n == "backups"));
    // (Only where the database the snapshot was taken of is beside that folder.)
    let data = backups
        .as_deref()
        .and_then(Path::parent)
        .filter(|data| crate::storage::backup::is_snapshot(db).and_then(|s| s.of).is_some_and(|of| data.join(of).is_file()));
    let dir = match (data, db.file_stem()) {
        (Some(data), Some(snapshot)) => data.join("summaries").join(snapshot),
        _ => dir.join("summaries"),
    };
    dir.join(format!("{}-{week}.{ext}", slug(client)))
}

/// The folder of a summary's file, up to `summaries/`, that is a symbolic link, if one is: the
/// file would be written wherever it leads.
fn through_a_link(file: &Path) -> Option<PathBuf> {
    for dir in file.ancestors().skip(1) {
        if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some(dir.to_path_buf());
        }
        if dir.file_name().is_some_and(|n| n == "summaries") {
            return None;
        }
    }
    None
}

/// A file-name-safe form of a client name: letters and digits, words joined by `-`.
pub fn slug(name: &str) -> String {
    let words: Vec<String> = name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    if words.is_empty() {
        "client".into()
    } else {
        words.join("-")
    }
}

pub struct Copied {
    /// Where the text went, or why it could not go anywhere.
    pub destination: Result<Destination, String>,
    /// The file written, or why none was.
    pub file: Result<PathBuf, String>,
}

/// Copies a summary's Markdown (or its HTML, with `html`) and writes it to its file (when the
/// database is a file).
pub fn copy(text: &str, html: bool, client: &str, week: IsoWeek, db: Option<&Path>, clipboard: &mut dyn Clipboard) -> Copied {
    let destination = if html { clipboard.copy_html(text) } else { clipboard.copy(text) };
    let file = match db {
        Some(db) => {
            let path = summary_file(db, client, week, if html { "html" } else { "md" });
            match through_a_link(&path) {
                Some(link) => Err(format!(
                    "{}: it is a symbolic link, and Cockpit writes summaries only into a folder of its own: remove the link (the next copy makes the folder)",
                    link.display()
                )),
                None => {
                    if let Some(dir) = path.parent() {
                        paths::remove_stale_temporaries(dir);
                    }
                    paths::write_private(&path, text.as_bytes()).map(|_| path).map_err(|e| e.to_string())
                }
            }
        }
        None => Err("the database is in memory".into()),
    };
    Copied { destination, file }
}

impl Copied {
    pub fn is_error(&self) -> bool {
        self.destination.is_err() && self.file.is_err()
    }

    /// One line for the status bar or the terminal.
    pub fn message(&self) -> String {
        match (&self.destination, &self.file) {
            (Ok(d), Ok(f)) => format!("Week summary copied to {d} · saved {}", home_relative(f)),
            (Ok(d), Err(e)) => format!("Week summary copied to {d} (not saved to a file: {e})"),
            // (Why first, the file's name last: the status line cuts a long message in its
            // middle, and those are what the user needs whole.)
            (Err(why), Ok(f)) => format!("Not copied: {why} · saved to {}", home_relative(f)),
            (Err(why), Err(e)) => format!("Could not copy the week summary ({why}), and no file: {e}"),
        }
    }
}

/// `~/…` for paths in the home folder, to keep the status line short.
fn home_relative(path: &Path) -> String {
    match std::env::var_os("HOME").map(PathBuf::from) {
        Some(home) if !home.as_os_str().is_empty() => match path.strip_prefix(&home) {
            Ok(rest) => format!("~/{}", rest.display()),
            Err(_) => path.display().to_string(),
        },
        _ => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_file_safe() {
        assert_eq!(slug("Acme Hospitality"), "acme-hospitality");
        assert_eq!(slug("../etc/passwd"), "etc-passwd");
        assert_eq!(slug("Café Zürich GmbH"), "café-zürich-gmbh");
        assert_eq!(slug("///"), "client");
    }
}
