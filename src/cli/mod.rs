//! The command line: the same database, domain and storage as the terminal UI.

use crate::domain::*;
use crate::keymap::Keymap;
use crate::ops;
use crate::runtime::clipboard::SystemClipboard;
use crate::runtime::{adr_sync, event_loop, Clock, Engine};
use crate::storage::{self, keys, paths, Store};
use anyhow::{anyhow, bail, Context, Result};
use std::path::{Path, PathBuf};

pub use args::*;

mod args;
mod board;
mod clients;
mod decisions;
mod fresh;
mod invoice;
mod meetings;
pub mod output;
mod people;
mod records;
mod risks;
mod summary;
mod sync;
mod time;
mod today;
mod vendors;

pub use summary::{ExportWeekArgs, SummaryFormat, WeekStatusArgs};

pub fn main() -> Result<()> {
    let cli = parse();
    let clock = Clock::from_env()?;
    match cli.command {
        Some(Cmd::Demo) => demo(&clock),
        Some(Cmd::Keys { json }) => {
            output::like_a_unix_tool(false);
            let map = load_keymap();
            if json {
                println!("{}", serde_json::to_string_pretty(&keys_json(&map))?);
            } else {
                print!("{}", keys_text(&map));
            }
            Ok(())
        }
        Some(Cmd::Adr(AdrCmd::Check { dir })) => {
            output::like_a_unix_tool(false);
            let (dir, records, problems) = adr_sync::check(&dir)?;
            for p in &problems {
                println!("{p}");
            }
            if !problems.is_empty() {
                let n = problems.len();
                bail!("{n} problem{} in {} ({records} records)", if n == 1 { "" } else { "s" }, dir.display());
            }
            println!("{records} records in {}: no problems", dir.display());
            Ok(())
        }
        None => {
            refuse_a_snapshot(&db_path(&cli.db)?, false)?;
            let store = open(&cli.db)?;
            run_ui(store, clock)
        }
        Some(cmd) => {
            let read_only = reads_only(&cmd);
            output::like_a_unix_tool(!read_only);
            let path = db_path(&cli.db)?;
            let snapshot = refuse_a_snapshot(&path, read_only)?;
            if snapshot && matches!(cmd, Cmd::Backup { .. }) {
                bail!(
                    "{} is a snapshot already: a copy of the file is one as good (it carries its own checksum); \
                     cockpit --db DATABASE backup --list shows a database's snapshots",
                    path.display()
                );
            }
            let fresh = fresh::Fresh::at(&path);
            if read_only {
                // (Another database's log named first: an empty one is said to be that.)
                storage::refuse_what_is_no_database(&path)?;
                refuse_an_empty_file(&path)?;
                // (A data folder with snapshots and no database is said as such on opening.)
                if let Some(fresh) = fresh.as_ref().filter(|_| storage::backup::list(&path).is_empty()) {
                    fresh.refuse_reading()?;
                }
            }
            let mut store = match cmd {
                Cmd::Restore { .. } => Store::open_to_restore(&path)?,
                _ if snapshot => Store::open_snapshot(&path)?,
                _ => open_at(&path)?,
            };
            let opened = store.rows_changed();
            // (Commands that name a record and change it: run again, a name must find the record
            // it found the first time (see `records::pin_found`). None reads standard input,
            // which a second run would find empty, nor says anything before it writes.)
            let again = matches!(
                cmd,
                Cmd::Decision(_)
                    | Cmd::Entry(_)
                    | Cmd::Item(_)
                    | Cmd::Risk(_)
                    | Cmd::Action(_)
                    | Cmd::Person(_)
                    | Cmd::Opening(_)
                    | Cmd::Vendor(_)
                    | Cmd::Client(
                        ClientCmd::Set { .. }
                            | ClientCmd::Rename { .. }
                            | ClientCmd::Archive { .. }
                            | ClientCmd::Restore { .. }
                            | ClientCmd::Delete { .. }
                    )
                    | Cmd::Meeting(MeetingCmd::Edit(_) | MeetingCmd::Delete(_))
                    | Cmd::Time(
                        time::TimeCmd::Edit(_)
                            | time::TimeCmd::Delete(_)
                            | time::TimeCmd::Start { .. }
                            | time::TimeCmd::Stop { .. }
                            | time::TimeCmd::Bill { .. }
                            | time::TimeCmd::Unbill { .. }
                    )
            ) && std::env::args_os().all(|a| a != "-");
            let (mut cmd, mut tries) = (cmd, 0);
            let done = loop {
                let before = store.commits();
                match run(&mut store, &clock, cmd) {
                    // Another process changed the record between this command's read and its
                    // write, and nothing was saved: the command is run again on what is there
                    // now, as its message would ask (an edit sets only the fields it names).
                    Err(e) if again && tries < 20 && changed_elsewhere(&e) && store.commits() == before => {
                        records::pin_found();
                        tries += 1;
                        pause(tries);
                        cmd = parse().command.expect("the command parsed before");
                    }
                    done => break done,
                }
            };
            if let Err(e) = done {
                if let Some(fresh) = fresh.filter(|_| store.rows_changed() == opened) {
                    drop(store);
                    fresh.take_back();
                    // (Said first: the path may be mistyped, and what failed follows from it.)
                    let none =
                        format!("there was no Cockpit database at {} and none is left there (check --db or COCKPIT_DB)", path.display());
                    return Err(e.context(none));
                }
                return Err(e);
            }
            if !read_only {
                // The change is stored whatever happens to the calendar file.
                if let Err(e) = crate::runtime::calendar::refresh(&store, clock.today()) {
                    eprintln!("cockpit: warning: {}", crate::advice::for_command_line(&e));
                }
            }
            Ok(())
        }
    }
}

/// A pause before a refused command runs again: longer each time, and of a length that differs
/// between processes, so that processes which refused each other's writes do not meet again.
fn pause(tries: u32) {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let spread = (nanos ^ std::process::id()) % 10;
    std::thread::sleep(std::time::Duration::from_millis(u64::from(tries * 2 + spread)));
}

/// Whether `e` is a write refused because its record was changed elsewhere since it was read.
fn changed_elsewhere(e: &anyhow::Error) -> bool {
    e.chain().any(|c| matches!(c.downcast_ref::<storage::StoreError>(), Some(storage::StoreError::Conflict(_))))
}

/// A snapshot is never written into (a write would make it unrestorable): commands that only
/// read it may, but not one of an earlier schema, which opening would migrate; restoring it,
/// into this database or a new one, is how to work on it. Whether `path` is a snapshot (to be
/// read).
fn refuse_a_snapshot(path: &Path, reading: bool) -> Result<bool> {
    let Some(storage::backup::SnapshotFile { taken, of, older }) = storage::backup::is_snapshot(path) else { return Ok(false) };
    if reading && !older {
        return Ok(true);
    }
    let when = taken.map(|t| format!(", taken {}", crate::domain::time::moment(&chrono::Local, t))).unwrap_or_default();
    // (In a database's backups folder, the database it was taken of is beside that folder.)
    let folder = path.parent().filter(|f| f.file_name().is_some_and(|n| n == "backups"));
    let db = match (folder.and_then(Path::parent), of) {
        (Some(beside), Some(name)) if beside.join(&name).is_file() => beside.join(name).display().to_string(),
        _ => "DATABASE".into(),
    };
    let p = path.display();
    let why = match older {
        true => "made by an earlier Cockpit: opening it would bring it up to date, which would make it unrestorable, so Cockpit leaves it as it is",
        false => "writing into it would make it unrestorable, so Cockpit only reads it",
    };
    bail!(
        "{p} is a snapshot{when}: {why}. To put it back: cockpit --db {db} restore {p}; \
         to work on it (or look inside) as a database of its own: cockpit --db NEW.db restore {p}"
    )
}

fn db_path(db: &Option<PathBuf>) -> Result<PathBuf> {
    match db {
        Some(p) => Ok(p.clone()),
        None => paths::default_db().ok_or_else(|| anyhow!("no home directory to keep the database in: pass --db PATH or set COCKPIT_DB")),
    }
}

/// Commands that only read (a snapshot only reads the database): they never turn a file into a
/// database, nor make one where there is none. (`export week` and `invoice` writing to a file
/// note what they wrote there in a setting, see `own_file::write_remembered`: a snapshot read
/// notes nothing.)
fn reads_only(cmd: &Cmd) -> bool {
    matches!(
        cmd,
        Cmd::Decisions { .. }
            | Cmd::Today { .. }
            | Cmd::Risks { .. }
            | Cmd::Meetings { .. }
            | Cmd::Vendors { .. }
            | Cmd::People { .. }
            | Cmd::Opening(OpeningCmd::List { .. } | OpeningCmd::Show(_))
            | Cmd::Actions { .. }
            | Cmd::Export(ExportCmd::Risks { .. })
            | Cmd::StartScreen { screen: None }
            | Cmd::Week { .. }
            | Cmd::Items { .. }
            | Cmd::Client(ClientCmd::List { .. })
            | Cmd::Export(ExportCmd::Week(_))
            | Cmd::Export(ExportCmd::Ics(IcsArgs { keep_updated: false, stop_updating: false, .. }))
            | Cmd::Time(time::TimeCmd::Status { .. } | time::TimeCmd::Report(_))
            | Cmd::Status { .. }
            | Cmd::Decision(decisions::DecisionCmd::Show { .. })
            | Cmd::Risk(RiskCmd::Show(_))
            | Cmd::Meeting(MeetingCmd::Show { .. })
            | Cmd::Person(PersonCmd::Show { .. })
            | Cmd::Vendor(VendorCmd::Show(_))
            | Cmd::Action(ActionCmd::Show(_))
            | Cmd::Entry(EntryCmd::Show(_))
            | Cmd::Item(ItemCli { cmd: Some(ItemCmd::Show(_)), .. })
            | Cmd::Time(time::TimeCmd::List { .. } | time::TimeCmd::Show(_))
            | Cmd::Client(ClientCmd::Show { .. })
            | Cmd::Invoice(invoice::InvoiceArgs { mark_billed: None, .. })
            | Cmd::Backup { .. }
            | Cmd::Time(time::TimeCmd::Limit { hours: None })
            | Cmd::Sync { cmd: Some(SyncCmd::Key | SyncCmd::Status { .. } | SyncCmd::Conflicts { .. }) }
            | Cmd::WeekStatus(WeekStatusArgs { status: None, clear: false, .. })
    )
}

/// An existing empty file is not a Cockpit database, and a command that only reads leaves it
/// as it is (opening it would have made it one).
fn refuse_an_empty_file(path: &Path) -> Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
        bail!("{} is an empty file, not a Cockpit database; it was left as it is (give --db the database's path)", path.display());
    }
    Ok(())
}

pub fn open(db: &Option<PathBuf>) -> Result<Store> {
    open_at(&db_path(db)?)
}

fn open_at(path: &Path) -> Result<Store> {
    let store = Store::open(path)?;
    if let Some(warning) = paths::risky_location(path) {
        eprintln!("cockpit: warning: {warning}");
    }
    Ok(store)
}

/// The command line, a negative number taken as a value rather than a flag everywhere (`--rate
/// -5` is then refused by the rule for rates, in words, not as an unknown flag '-5').
fn parse() -> Cli {
    use clap::{CommandFactory, FromArgMatches};
    fn negatives_are_values(cmd: clap::Command) -> clap::Command {
        cmd.allow_negative_numbers(true).mut_subcommands(negatives_are_values)
    }
    // (COCKPIT_DB set empty or blank, as a service's environment may leave it, is not set.)
    if std::env::var_os("COCKPIT_DB").is_some_and(|v| v.to_string_lossy().trim().is_empty()) {
        std::env::remove_var("COCKPIT_DB");
    }
    let matches = negatives_are_values(Cli::command()).get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    // A database path given as `~/…` where no shell expanded it (quoted, or in COCKPIT_DB from
    // a configuration file) is in the home folder, not in a folder named `~`.
    if let (Some(rest), Some(home)) = (cli.db.as_deref().and_then(|p| p.strip_prefix("~").ok()), std::env::var_os("HOME")) {
        cli.db = Some(PathBuf::from(home).join(rest));
    }
    cli
}

pub fn load_keymap() -> Keymap {
    let named = std::env::var_os("COCKPIT_KEYMAP").map(PathBuf::from);
    // (A file named in COCKPIT_KEYMAP that is not there is most likely mistyped.)
    if let Some(p) = named.as_ref().filter(|p| !p.exists()) {
        let mut map = Keymap::defaults();
        map.problems.push(format!("{}: not found (COCKPIT_KEYMAP names it); the default keys are used", p.display()));
        return map;
    }
    let path = named.or_else(|| paths::config_dir().map(|d| d.join("keymap.toml")));
    match path {
        Some(p) if p.exists() => match read_keymap(&p) {
            Ok(text) => Keymap::with_user(&p.display().to_string(), &text),
            Err(e) => {
                let mut map = Keymap::defaults();
                map.problems.push(format!("{}: cannot be read: {e}; the default keys are used", p.display()));
                map
            }
        },
        _ => Keymap::defaults(),
    }
}

/// A keymap file's text: a regular file of a keymap's size (a device or a pipe named instead
/// would be read for ever).
fn read_keymap(p: &Path) -> std::io::Result<String> {
    use std::io::Read;
    const MOST: u64 = 1 << 20;
    if !std::fs::metadata(p)?.is_file() {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    let mut text = String::new();
    std::fs::File::open(p)?.take(MOST + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MOST {
        return Err(std::io::Error::other("it is larger than 1 MiB, more than a keymap"));
    }
    Ok(text)
}

fn run_ui(store: Store, clock: Clock) -> Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        bail!("the UI needs a terminal; to script Cockpit use its subcommands (cockpit --help)");
    }
    let keymap = load_keymap();
    if let Some(why) = keymap.refusal() {
        bail!("{why}");
    }
    let mut engine = Engine::new(store, keymap, clock)?;
    engine.clipboard = Box::new(SystemClipboard::detect());
    let result = event_loop::run(&mut engine);
    // Quitting never waits for a snapshot: one under way stops, and the next session takes
    // one of what it would have held.
    engine.finish();
    result
}

fn demo(clock: &Clock) -> Result<()> {
    let dir = tempfile::Builder::new().prefix("cockpit-demo-").tempdir()?;
    let mut store = Store::open(&dir.path().join("cockpit.db"))?;
    crate::generate::generate(&mut store, clock.today(), 0)?;
    run_ui(store, *clock)
}

pub fn keys_text(map: &Keymap) -> String {
    let mut out = String::new();
    let mut last = None;
    for (scope, c, keys) in crate::app::help::table(map, crate::commands::Scope::Global) {
        if last != Some(scope) {
            out.push_str(&format!("{}\n", scope.title()));
            last = Some(scope);
        }
        out.push_str(&format!("  {:<18} {:<20} {}\n", keys, c.name(), map.describe(c)));
    }
    for p in map.problems.iter().chain(map.refusal().as_ref()) {
        out.push_str(&format!("problem: {p}\n"));
    }
    out
}

/// Every command with its place, keys and description, and the keymap's problems.
fn keys_json(map: &Keymap) -> serde_json::Value {
    let commands: Vec<serde_json::Value> = crate::app::help::table(map, crate::commands::Scope::Global)
        .into_iter()
        .map(|(scope, c, _)| {
            let keys: Vec<String> = map.keys_in(scope, c).iter().map(|k| k.to_string()).collect();
            serde_json::json!({ "scope": scope.key(), "command": c.name(), "keys": keys, "description": map.describe(c) })
        })
        .collect();
    serde_json::json!({ "commands": commands, "problems": map.problems })
}

/// The client named by `--client`, else the current one, else the only one.
pub fn resolve_client(store: &Store, name: &Option<String>) -> Result<Client> {
    let names = || {
        let all: Vec<String> = store.clients(false).unwrap_or_default().into_iter().map(|c| c.name).collect();
        if all.is_empty() {
            "there are no clients yet: add one with cockpit client add NAME".to_string()
        } else {
            format!("known clients: {}", all.join(", "))
        }
    };
    if let Some(n) = name {
        return client_named(store, n).map_err(|e| anyhow!("{e} ({})", names()));
    }
    if let Some(c) = current_client(store)?.filter(|c| !c.archived) {
        return Ok(c);
    }
    let mut active = store.clients(false)?;
    if active.len() == 1 {
        return Ok(active.remove(0));
    }
    bail!("which client? pass --client NAME ({})", names())
}

/// The client the current client's setting names, archived or not, if it is there.
fn current_client(store: &Store) -> Result<Option<Client>> {
    match store.setting(keys::CURRENT_CLIENT)?.and_then(|s| s.parse::<Id>().ok()) {
        Some(id) => Ok(store.client(id)?),
        None => Ok(None),
    }
}

/// The client `typed` names: its name or any unambiguous start of it, ignoring case.
pub fn client_named(store: &Store, typed: &str) -> Result<Client> {
    let clients = store.clients(true)?;
    match crate::domain::client::named(&clients, typed) {
        Ok(c) => Ok(c.clone()),
        Err(many) if many.is_empty() => bail!("no client named '{typed}'"),
        Err(many) => {
            let names: Vec<&str> = many.iter().map(|c| c.name.as_str()).collect();
            bail!("'{typed}' could be {}; give more of the name", names.join(" or "))
        }
    }
}

/// `D-007` or `7` given to `flag`: a decision of `client`.
/// The decision of `client` that `typed` names by number; `flag` is the option it was given
/// with, named in an error (none for the command's own argument).
pub(crate) fn decision_numbered(store: &Store, client: &Client, typed: &str, flag: Option<&str>) -> Result<Decision> {
    let said = |m: String| anyhow!("{}{m}", flag.map(|f| format!("{f}: ")).unwrap_or_default());
    let number = decision::typed_number(typed).ok_or_else(|| said(format!("'{typed}' is not a decision number (D-007 or 7)")))?;
    store.decision_numbered(client.id, number)?.ok_or_else(|| said(format!("{} has no {}", client.name, decision::code(number))))
}

pub(crate) fn parse_date(s: &str, what: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| anyhow!("{what}: '{s}' is not a date; write it as YYYY-MM-DD"))
}

/// [`parse_date`], within Cockpit's calendar (1970 to 9999).
pub(crate) fn calendar_date(s: &str, what: &str) -> Result<chrono::NaiveDate> {
    Some(parse_date(s, what)?).filter(|d| in_range(*d)).ok_or_else(|| anyhow!("{what}: Cockpit's calendar runs from 1970 to 9999"))
}

pub(crate) fn week_arg(week: &Option<String>, clock: &Clock) -> Result<IsoWeek> {
    match week {
        Some(w) => Ok(w.parse::<IsoWeek>()?),
        None => Ok(clock.this_week()),
    }
}

pub fn run(store: &mut Store, clock: &Clock, cmd: Cmd) -> Result<()> {
    let now = clock.now();
    match cmd {
        Cmd::Demo | Cmd::Keys { .. } | Cmd::Adr(_) => unreachable!("handled before the store is opened"),
        Cmd::Client(c) => clients::run(store, clock, c)?,
        Cmd::Today { date, json } => today::today(store, clock, &date, json)?,
        Cmd::Status { json } => today::status(store, clock, json)?,
        Cmd::StartScreen { screen } => today::start_screen(store, &screen)?,
        Cmd::Risk(RiskCmd::Add(a)) => risks::add(store, clock, a)?,
        Cmd::Risk(RiskCmd::Show(n)) => risks::show(store, clock, &n)?,
        Cmd::Risk(RiskCmd::Edit(a)) => risks::edit(store, clock, a)?,
        Cmd::Risk(RiskCmd::Delete(n)) => {
            let (r, client) = records::named_exactly::<Risk>(store, clock, &n)?;
            records::delete(store, clock, &r, &client, n.json)?
        }
        Cmd::Meeting(MeetingCmd::Add(a)) => meetings::add_meeting(store, clock, a)?,
        Cmd::Meeting(MeetingCmd::Show { target, include_private }) => meetings::show_meeting(store, clock, &target, include_private)?,
        Cmd::Meeting(MeetingCmd::Edit(a)) => meetings::edit_meeting(store, clock, a)?,
        Cmd::Meeting(MeetingCmd::Delete(n)) => {
            let (m, client) = records::named_exactly::<Meeting>(store, clock, &n)?;
            records::delete_shown(store, clock, &m, &client, n.json.then(|| records::Listed::json(&m)).transpose()?)?
        }
        Cmd::Person(PersonCmd::Show { target, include_private }) => people::show(store, clock, &target, include_private)?,
        Cmd::Person(PersonCmd::Edit(a)) => people::edit(store, clock, a)?,
        Cmd::Person(PersonCmd::Delete(n)) => {
            let (p, client) = records::named_exactly::<person::Person>(store, clock, &n)?;
            records::delete(store, clock, &p, &client, n.json)?
        }
        Cmd::Vendor(VendorCmd::Show(n)) => vendors::show(store, clock, &n)?,
        Cmd::Vendor(VendorCmd::Edit(a)) => vendors::edit(store, clock, a)?,
        Cmd::Vendor(VendorCmd::Delete(n)) => {
            let (v, client) = records::named_exactly::<vendor::Vendor>(store, clock, &n)?;
            records::delete(store, clock, &v, &client, n.json)?
        }
        Cmd::Action(ActionCmd::Show(n)) => meetings::show_action(store, &n)?,
        Cmd::Action(ActionCmd::Edit(a)) => meetings::edit_action(store, clock, a)?,
        Cmd::Action(ActionCmd::Delete(n)) => meetings::delete_action(store, clock, &n)?,
        Cmd::Entry(c) => board::run_entry(store, clock, c)?,
        Cmd::Item(ItemCli { cmd: Some(c), .. }) => board::run_item(store, clock, c)?,
        Cmd::Item(ItemCli { cmd: None, add: Some(a) }) => board::add_item(store, clock, a)?,
        Cmd::Item(ItemCli { cmd: None, add: None }) => bail!("cockpit item TITLE --impact N --effort N adds one (cockpit item --help)"),
        Cmd::Person(PersonCmd::Add(a)) => people::add(store, clock, a)?,
        Cmd::Person(PersonCmd::Note { name, text, client }) => people::note(store, clock, &client, &name, &text)?,
        Cmd::Person(PersonCmd::Point { name, text, client }) => people::point(store, &client, &name, &text)?,
        Cmd::People { client, json, include_private } => people::list(store, &client, json, include_private)?,
        Cmd::Opening(c) => people::opening(store, clock, c)?,
        Cmd::Vendor(VendorCmd::Add(a)) => vendors::add(store, clock, a)?,
        Cmd::Vendor(VendorCmd::Score(a)) => vendors::score(store, clock, a)?,
        Cmd::Vendor(VendorCmd::Choose { name, client }) => vendors::choose(store, &client, &name)?,
        Cmd::Vendors { client, json } => vendors::list(store, &client, json)?,
        Cmd::Meetings { client, json, include_private } => meetings::list_meetings(store, &client, json, include_private)?,
        Cmd::Action(ActionCmd::Add(a)) => meetings::add_action(store, clock, a)?,
        Cmd::Action(ActionCmd::Done { id }) => meetings::set_status(store, clock, &id, ActionStatus::Done)?,
        Cmd::Action(ActionCmd::Drop { id }) => meetings::set_status(store, clock, &id, ActionStatus::Dropped)?,
        Cmd::Actions { client, owner, all, json } => {
            meetings::list_actions(store, clock, meetings::ActionsQuery { client, owner, all, json })?
        }
        Cmd::Risks { client, all, json } => risks::list(store, &client, all, json)?,
        Cmd::Export(ExportCmd::Risks { client, format, all, include_private }) => {
            risks::export(store, &client, &format, all, include_private)?
        }
        Cmd::Decide(a) => {
            let client = resolve_client(store, &a.client)?;
            // (`!private` in the title keeps it private, as in the app's capture line.)
            let (title, marked) = capture::private_marked(&a.title);
            let mut d = Decision::captured(crate::storage::new_id(), client.id, &title, clock.today(), now);
            // (A new decision is one of two: those are what a status mistyped is told.)
            d.status = Status::parse(&a.status)
                .map_err(|_| anyhow!("--status: '{}' is not a status a new decision has: use proposed or accepted", a.status))?;
            d.tags = decision::clean_tags(decisions::tags(&a.tags));
            d.private = a.private || marked;
            decisions::apply_fields(&mut d, &a.fields)?;
            let applied = store.apply(&ops::decisions::add(d, "Recorded")?)?;
            if let Some(Record::Decision(d)) = applied.edits[0].after.as_ref() {
                decisions::print(d, &client, a.fields.json)?;
            }
        }
        Cmd::Decision(cmd) => decisions::run(store, clock, cmd)?,
        Cmd::Decisions { client, json } => {
            let client = resolve_client(store, &client)?;
            use std::io::Write;
            // Streamed: one decision is held at a time, whatever the log's size.
            let out = &mut std::io::BufWriter::new(std::io::stdout().lock());
            let mut failed = None;
            if json {
                use serde::ser::{SerializeSeq, Serializer};
                let mut ser = serde_json::Serializer::pretty(&mut *out);
                let unwritten = |e: serde_json::Error| output::unwritten(e.into());
                let mut seq = ser.serialize_seq(None).map_err(unwritten)?;
                store.each_decision(client.id, |d| seq.serialize_element(&d).map_err(|e| failed = Some(e.into())).is_ok())?;
                if failed.is_none() {
                    seq.end().map_err(unwritten)?;
                    writeln!(out).map_err(|e| output::unwritten(e.into()))?;
                }
            } else {
                let today = clock.today();
                store.each_decision(client.id, |d| {
                    let due = if d.due_for_revisit(today) { " (due for revisit)" } else { "" };
                    let door = if d.is_one_way() { "one-way" } else { "two-way" };
                    let tags = if d.tags.is_empty() { String::new() } else { format!("  #{}", d.tags.join(" #")) };
                    let private = output::private(d.private);
                    let line =
                        format!("{}  {}  {:<10} {:<7}  {}{}{}{}", d.code(), d.date, d.status.key(), door, d.title, tags, private, due);
                    writeln!(out, "{line}").map_err(|e| failed = Some(e.into())).is_ok()
                })?;
            }
            if let Some(e) = failed {
                return Err(output::unwritten(e));
            }
            out.flush().map_err(|e| output::unwritten(e.into()))?;
        }
        Cmd::Note(a) => {
            let client = resolve_client(store, &a.client)?;
            let lane: Lane = a.lane.parse()?;
            let week = week_arg(&a.week, clock)?;
            let private = if a.private { Some(true) } else { a.shared.then_some(false) };
            let typed = ops::entries::Typed { week, lane, text: &a.text, as_task: a.task, private };
            let change = store.apply(&ops::entries::add(crate::storage::new_id(), &client, typed, now)?)?;
            let (what, private) = match change.edits[0].after.as_ref() {
                Some(Record::Entry(e)) => (if e.is_task() { "task" } else { "note" }, if e.private { ", private" } else { "" }),
                _ => ("note", ""),
            };
            println!("Added {what} to {} {} of {week} ({}{private})", lane.day_abbrev(), lane.title(), client.name);
        }
        Cmd::Week { client, week, json } => {
            let client = resolve_client(store, &client)?;
            let week = week_arg(&week, clock)?;
            let entries = store.entries(client.id, week)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&entries)?);
            } else {
                println!("{} — {}", client.name, week.label());
                for lane in Lane::ALL {
                    let mut lane_entries: Vec<&Entry> = entries.iter().filter(|e| e.lane == lane).collect();
                    lane_entries.sort_by_key(|e| e.position);
                    println!("\n{} · {}", lane.day_abbrev(), lane.title());
                    if lane_entries.is_empty() {
                        println!("  (nothing)");
                    }
                    for e in lane_entries {
                        let mark = match (e.is_task(), e.is_done()) {
                            (true, true) => "[x]",
                            (true, false) => "[ ]",
                            _ => " - ",
                        };
                        // (Marked as risks and Today mark theirs: this listing gets pasted.)
                        let private = output::private(e.private);
                        println!("  {mark} {}{private}", e.text);
                    }
                }
            }
        }
        Cmd::Export(ExportCmd::Week(a)) => summary::export_week(store, clock, a)?,
        Cmd::Export(ExportCmd::Ics(a)) => today::export_ics(store, clock, a)?,
        Cmd::WeekStatus(a) => summary::week_status(store, clock, a)?,
        Cmd::Export(ExportCmd::Adr { client, dir, layout, overwrite }) => {
            let client = resolve_client(store, &client)?;
            let layout = layout.map(|l| crate::domain::adr::Layout::parse(&l)).transpose()?;
            let (done, n) = adr_sync::export(store, &client, &dir, layout, overwrite, (clock.today(), now), adr_sync::PATIENCE)?;
            store.set_setting(&keys::adr_dir(client.id), &done.dir.display().to_string())?;
            println!("{}", done.message(n));
        }
        Cmd::Import(ImportCmd::Adr { client, dir }) => {
            let client = resolve_client(store, &client)?;
            let adr_sync::Imported {
                added,
                updated,
                replaced,
                replaced_values,
                skipped,
                unread,
                duplicates,
                others,
                deleted,
                private_changed,
            } = adr_sync::import(store, &client, &dir, (clock.today(), now))?;
            if !replaced.is_empty() {
                eprintln!("cockpit: the repository's value replaced Cockpit's change in: {}", replaced.join("; "));
                eprintln!("cockpit: Cockpit's values, to merge by hand what you want of them:\n{}", replaced_values.join("\n"));
            }
            for why in &skipped {
                eprintln!("cockpit: skipped {why}");
            }
            for why in &unread {
                eprintln!("cockpit: {}: {why}", adr_sync::UNREAD);
            }
            for d in &duplicates {
                eprintln!("cockpit: used by more than one file (renumber or remove one): {d}");
            }
            if let Some(others) = adr_sync::others_message(&others) {
                eprintln!("cockpit: {others}");
            }
            if !deleted.is_empty() {
                eprintln!("cockpit: {}", adr_sync::deleted_message(&deleted));
            }
            if !private_changed.is_empty() {
                let files = private_changed.join(", ");
                eprintln!("cockpit: changed in the repository, but their decisions are private here, so not read: {files}");
            }
            println!("Imported ADRs into {}: {added} added, {updated} updated", client.name);
        }
        Cmd::Time(t) => time::run(store, clock, t)?,
        Cmd::Invoice(a) => invoice::run(store, now, a)?,
        Cmd::Generate { decisions } => {
            if !store.clients(true)?.is_empty() {
                bail!("generate writes into an empty database; pass --db with a new file");
            }
            let t = std::time::Instant::now();
            crate::generate::generate(store, clock.today(), decisions)?;
            // (The demo's own decisions are there whatever the number asked for.)
            let made: usize = store.clients(true)?.iter().map(|c| store.decision_count(c.id)).sum::<Result<_, _>>()?;
            println!(
                "Generated {made} decisions into {} in {:.1} s",
                store.path().map(|p| p.display().to_string()).unwrap_or_default(),
                t.elapsed().as_secs_f64()
            );
        }
        Cmd::Backup { file, list, json } => {
            let db = store.path().map(Path::to_path_buf).ok_or_else(|| anyhow!("an in-memory database has no backups"))?;
            if list {
                let folder = storage::backup::backups_dir(&db);
                if std::fs::symlink_metadata(&folder).is_ok_and(|m| !m.is_dir()) && !folder.is_dir() {
                    bail!(
                        "{} is a file, not a folder: no snapshot is kept there (move it away; the next snapshot makes the folder)",
                        folder.display()
                    );
                }
                let snapshots = storage::backup::list(&db);
                if json {
                    let out: Vec<serde_json::Value> = snapshots
                        .iter()
                        .map(|s| {
                            serde_json::json!({ "kind": s.kind.key(), "taken_at": s.taken_at, "bytes": s.size, "path": s.path, "recorded": s.recorded })
                        })
                        .collect();
                    println!("{}", serde_json::to_string_pretty(&out)?);
                    return Ok(());
                }
                if snapshots.is_empty() {
                    println!("No snapshots of {} in {} yet", db.display(), storage::backup::backups_dir(&db).display());
                }
                for s in snapshots {
                    let when = s.taken_at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S");
                    // (A file without its kind and time inside, or kept under a name of its
                    // own: by its name and file time.)
                    let unsure = if s.recorded { "" } else { "  (not recorded in it under this name: kept, and not counted by retention)" };
                    println!("{:<16} {when}  {:>9}  {}{unsure}", s.kind.key(), format!("{:.1} MB", s.size as f64 / 1e6), s.path.display());
                }
            } else {
                let path = match file {
                    Some(f) => {
                        store.backup_to(&f)?;
                        f
                    }
                    None => store.snapshot(storage::backup::Kind::Manual)?,
                };
                println!("Snapshot written and verified: {}", path.display());
            }
        }
        Cmd::Sync { cmd } => sync::run(store, cmd)?,
        Cmd::Restore { file, force } => {
            let synced = store.sync_device()?.is_some();
            let was = current_client(store)?;
            let restored = store.restore_from(&file, force)?;
            // (The current client stays, unless the snapshot does not have it: said.)
            if let Some(was) = was.filter(|was| current_client(store).ok().flatten().map(|c| c.id) != Some(was.id)) {
                eprintln!(
                    "cockpit: the current client, {}, is not in the snapshot: another is current now (cockpit client use NAME)",
                    was.name
                );
            }
            match &restored.kept {
                Some(kept) => println!("Restored {}; the database as it was is kept in {}", file.display(), kept.display()),
                None => {
                    let into = store.path().map(|p| p.display().to_string()).unwrap_or_default();
                    println!("Restored {} into {into} (it held no records: nothing to keep)", file.display())
                }
            }
            let syncs = store.sync_device()?.is_some();
            match restored.as_changes {
                Some(done) => eprintln!(
                    "cockpit: this database syncs: the next sync takes the restore to the other machines too ({} deleted, {} changed, {} made again; a change made there that has not reached this machine yet is merged as usual)",
                    crate::domain::text::counted(done.deleted, "row", "rows"),
                    done.changed,
                    done.made
                ),
                None if synced && !syncs => eprintln!(
                    "cockpit: this database no longer syncs: the snapshot is from before sync was set up (cockpit sync join sets it up again)"
                ),
                None if synced => eprintln!(
                    "cockpit: this database was damaged, so it was put back page by page: it syncs on as a new device, and the next sync takes in again what every machine changed since the snapshot, this one's too (a record deleted since is deleted again)"
                ),
                None if syncs => eprintln!(
                    "cockpit: the snapshot is of a database that syncs, and so is this one now, as a new device: the next sync takes in what every machine changed since the snapshot"
                ),
                None => {}
            }
        }
        Cmd::Items { client, json, all } => {
            let client = resolve_client(store, &client)?;
            let items: Vec<Item> = store.items(client.id)?.into_iter().filter(|i| all || i.status.is_active()).collect();
            let mut groups = Vec::new();
            for q in Quadrant::ALL {
                let mut v: Vec<&Item> = items.iter().filter(|i| i.quadrant() == q).collect();
                v.sort_by(|a, b| matrix::rank(a, b));
                groups.push((q, v));
            }
            if json {
                let out: Vec<serde_json::Value> =
                    groups.iter().map(|(q, v)| serde_json::json!({ "quadrant": q, "title": q.title(), "items": v })).collect();
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                for (q, v) in groups {
                    println!("{} ({})", q.title(), v.len());
                    for i in v {
                        let st = if i.status == ItemStatus::Open { String::new() } else { format!("  [{}]", i.status.key()) };
                        let private = output::private(i.private);
                        println!("  {}/{}  {}{private}{st}", i.impact.get(), i.effort.get(), i.title);
                    }
                }
            }
        }
    }
    Ok(())
}
