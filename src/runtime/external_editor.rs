//! A text field opened in the user's editor, as `git commit` does: `$VISUAL`, else `$EDITOR`,
//! else `vi`, on a temporary file that only the user can read (0600), removed afterwards.

use std::io::Write;
use std::process::Command;

/// The editor command, as the shell will run it.
pub fn editor() -> String {
    ["VISUAL", "EDITOR"].iter().filter_map(|v| std::env::var(v).ok()).find(|e| !e.trim().is_empty()).unwrap_or_else(|| "vi".into())
}

/// Opens `text` in the editor and returns what was saved. The terminal must be given back first.
pub fn edit(text: &str) -> Result<String, String> {
    let editor = editor();
    let mut file = tempfile::Builder::new().prefix("cockpit-").suffix(".md").tempfile().map_err(|e| format!("no temporary file: {e}"))?;
    writeln!(file, "{text}").and_then(|_| file.flush()).map_err(|e| format!("could not write the temporary file: {e}"))?;
    // Through the shell, so that `EDITOR="code --wait"` works as it does for git.
    let status = Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .map_err(|e| format!("could not start {editor}: {e}"))?;
    if !status.success() {
        return Err(format!("{editor} exited with {status}"));
    }
    let bytes = std::fs::read(file.path()).map_err(|e| format!("could not read the temporary file back: {e}"))?;
    let saved = String::from_utf8_lossy(&bytes);
    Ok(saved.strip_suffix('\n').unwrap_or(&saved).to_string())
}
