//! A client's repository for the ADR tests: the binary run in it, git, and edits made in
//! Cockpit as the UI makes them.

use cockpit::domain::*;
use cockpit::storage::Store;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn run(db: &Path, cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cockpit"))
        .args(args)
        .current_dir(cwd)
        .env("COCKPIT_DB", db)
        .env("COCKPIT_TODAY", "2026-11-18")
        .output()
        .unwrap()
}

pub fn cockpit(db: &Path, cwd: &Path, args: &[&str]) -> String {
    let o = run(db, cwd, args);
    assert!(o.status.success(), "cockpit {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

pub fn tool(program: &str, cwd: &Path, args: &[&str]) -> String {
    let o = Command::new(program)
        .args(args)
        .current_dir(cwd)
        .env("VISUAL", "true")
        .env("EDITOR", "true")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(o.status.success(), "{program} {args:?}: {}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn git(repo: &Path, args: &[&str]) -> String {
    tool("git", repo, args)
}

pub fn new_repo(dir: &Path) -> PathBuf {
    let repo = dir.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    repo
}

pub fn commit(repo: &Path, message: &str) {
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "--allow-empty", "-m", message]);
}

/// What changed since the last commit, tracked and not.
pub fn changes(repo: &Path) -> String {
    git(repo, &["status", "--porcelain", "--untracked-files=all"])
}

/// The lines a commit's worth of changes removed and added (`git diff -U0`, without headers).
pub fn diff_lines(repo: &Path) -> (Vec<String>, Vec<String>) {
    git(repo, &["add", "-A"]);
    let diff = git(repo, &["diff", "--cached", "-U0", "--no-color"]);
    let body = |p: char| {
        diff.lines().filter(|l| l.starts_with(p) && !l.starts_with("---") && !l.starts_with("+++")).map(|l| l[1..].to_string()).collect()
    };
    (body('-'), body('+'))
}

pub fn decisions(db: &Path, cwd: &Path) -> Vec<Decision> {
    serde_json::from_str(&cockpit(db, cwd, &["decisions", "--json", "--client", "Acme"])).unwrap()
}

pub fn by_title<'a>(list: &'a [Decision], t: &str) -> &'a Decision {
    list.iter().find(|d| d.title == t).unwrap_or_else(|| panic!("no '{t}' in {:?}", list.iter().map(|d| &d.title).collect::<Vec<_>>()))
}

/// Changes one decision as the UI would, through the library.
pub fn edit(db: &Path, title: &str, f: impl FnOnce(&mut Decision)) {
    let mut store = Store::open(db).unwrap();
    let client = store.client_named("Acme").unwrap().unwrap();
    let before = store.decisions(client.id).unwrap().into_iter().find(|d| d.title == title).unwrap();
    let mut after = before.clone();
    f(&mut after);
    store.apply(&Change::one("edit", Edit::update(Record::Decision(before), Record::Decision(after)))).unwrap();
}

/// Marks decision `old` superseded by decision `by` (titles), as the UI does.
pub fn supersede(db: &Path, cwd: &Path, old: &str, by: &str) {
    let by = by_title(&decisions(db, cwd), by).id;
    edit(db, old, |d| {
        d.status = Status::Superseded;
        d.superseded_by = Some(by);
    });
}

/// Whether adr-tools is installed (CI must have it; elsewhere the test is skipped).
pub fn have_adr_tools() -> bool {
    if Command::new("adr").arg("help").output().is_ok() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "CI must install adr-tools");
    eprintln!("skipped: adr-tools not installed");
    false
}

/// A repository with client Acme and these decisions exported in `layout`, committed.
pub fn exported(dir: &Path, layout: &str, titles: &[&str]) -> (std::path::PathBuf, std::path::PathBuf) {
    let repo = new_repo(dir);
    let db = dir.join("c.db");
    cockpit(&db, &repo, &["client", "add", "Acme"]);
    for t in titles {
        cockpit(&db, &repo, &["decide", t, "--client", "Acme", "--context", "ctx"]);
    }
    cockpit(&db, &repo, &["export", "adr", "--client", "Acme", "--dir", ".", "--layout", layout]);
    commit(&repo, "export");
    (repo, db)
}

/// Exports client Acme's log to the repository's folder.
pub fn export(db: &Path, repo: &Path) -> String {
    cockpit(db, repo, &["export", "adr", "--client", "Acme", "--dir", "."])
}
