//! `cockpit time …`: the timer, hours added by hand, reports, billing, and Timewarrior's format
//! both ways.

use super::records::{self, Named};
use super::{resolve_client, week_arg};
use crate::domain::time::{self, ledger, Period};
use crate::domain::*;
use crate::ops;
use crate::runtime::{statements, Clock};
use crate::storage::{keys, Store};
use anyhow::{anyhow, bail, Context, Result};
use chrono::{Local, NaiveDate};
use clap::{Args, Subcommand};
use std::io::Read;
use std::path::PathBuf;

#[derive(Subcommand, Debug)]
pub enum TimeCmd {
    /// Start the timer (a timer running for another client is stopped at the same moment)
    Start {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        /// architecture, building, team, infra or strategy
        #[arg(long)]
        lane: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// When it started, if not now (18:30, -15m, yesterday 18:30, mon 9:00, YYYY-MM-DD HH:MM)
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
        /// Its note is for you alone, never on a statement (its hours are)
        #[arg(long)]
        private: bool,
    },
    /// Stop the running timer
    Stop {
        /// When it stopped, if not now (18:30, -15m, yesterday 18:30, YYYY-MM-DD HH:MM)
        #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
        at: Option<String>,
    },
    /// Show the running timer and this week's (or month's) hours of every client
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Add finished time by hand
    Add(AddArgs),
    /// Hours per client, day and lane
    Report(ReportArgs),
    /// Mark unbilled time of a week or month as billed on an invoice
    Bill {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        #[arg(long, value_name = "YYYY-Www", conflicts_with = "month")]
        week: Option<String>,
        #[arg(long, value_name = "YYYY-MM")]
        month: Option<String>,
        #[arg(long, value_name = "REF")]
        invoice: String,
    },
    /// Mark the time billed on an invoice unbilled again (what `bill` or `invoice --mark-billed` did)
    Unbill {
        /// Only this client's (default: the one client whose time is billed on REF; refused when
        /// the reference is on more than one client's time)
        #[arg(long)]
        client: Option<String>,
        #[arg(long, value_name = "REF")]
        invoice: String,
    },
    /// Bring in time tracked elsewhere
    Import {
        /// The format: timew (the output of `timew export`)
        #[arg(long, value_name = "FORMAT")]
        from: String,
        /// The file to read, or - for standard input
        file: String,
        /// The client for every interval (default: a tag naming a client)
        #[arg(long)]
        client: Option<String>,
        /// Import intervals longer than a week or ending in the future too (refused otherwise)
        #[arg(long)]
        allow_long: bool,
        /// Import again the intervals whose entries were deleted here (left out otherwise)
        #[arg(long)]
        with_deleted: bool,
    },
    /// Show or set after how many hours a running timer counts as forgotten (default 10)
    Limit { hours: Option<f64> },
    /// List a client's time entries of a week or month, with the ids show, edit and delete take
    List {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        /// YYYY-Www (default: this week)
        #[arg(long, conflicts_with = "month")]
        week: Option<String>,
        /// YYYY-MM
        #[arg(long)]
        month: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show a time entry (named by its id, or by its start: "2026-11-18 09:00")
    Show(Named),
    /// Change a time entry's span, lane or note (what is not given stays as it is)
    Edit(TimeEditArgs),
    /// Delete a time entry
    Delete(Named),
}

#[derive(Args, Debug)]
pub struct TimeEditArgs {
    #[command(flatten)]
    pub target: Named,
    /// 9:00 (that day), yesterday 18:30, YYYY-MM-DD HH:MM, or RFC 3339
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub from: Option<String>,
    /// A time as for --from, or a duration from the start
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub to: Option<String>,
    /// architecture, building, team, infra or strategy, or none
    #[arg(long)]
    pub lane: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// Move it to another client (time logged on the wrong one)
    #[arg(long, value_name = "CLIENT")]
    pub move_to: Option<String>,
    /// Its note is for you alone, never on a statement (its hours are)
    #[arg(long, conflicts_with = "shared")]
    pub private: bool,
    /// Its note may go on the statement again
    #[arg(long)]
    pub shared: bool,
}

/// A span: --from and --to, --from and --for, --for alone (ending now), or --to and --for.
#[derive(Args, Debug)]
pub struct AddArgs {
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    /// 9:00 or 9am (today), yesterday 18:30, mon 9:00, -2h, YYYY-MM-DD HH:MM, or RFC 3339
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub from: Option<String>,
    /// A time as for --from (a time of day before --from is on the next day), or a duration
    #[arg(long, value_name = "TIME", allow_hyphen_values = true)]
    pub to: Option<String>,
    /// How long instead of --to: 1h30, 90m, 1.5h, 1:30
    #[arg(long = "for", value_name = "DURATION", allow_hyphen_values = true)]
    pub duration: Option<String>,
    #[arg(long)]
    pub lane: Option<String>,
    #[arg(long)]
    pub note: Option<String>,
    /// Its note is for you alone, never on a statement (its hours are)
    #[arg(long)]
    pub private: bool,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// One client (default: every client)
    #[arg(long)]
    pub client: Option<String>,
    /// YYYY-Www (default: this week)
    #[arg(long, conflicts_with = "month")]
    pub week: Option<String>,
    /// YYYY-MM
    #[arg(long)]
    pub month: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// The same as --format json
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Csv,
    Json,
    /// Timewarrior's JSON, for `timew import`
    Timew,
    /// One CSV row per entry and day: client, start, end, hours, lane, note, tags, billed, invoice
    Entries,
    /// hledger's timeclock format (`hledger -f FILE balance`)
    Timeclock,
}

fn lane_arg(lane: &Option<String>) -> Result<Option<Lane>> {
    lane.as_deref().map(|l| l.parse::<Lane>().map_err(|e| anyhow!("--lane: {e}"))).transpose()
}

/// The time typed for `what`, else `now` (the one instant the command runs at).
fn at_arg(at: &Option<String>, clock: &Clock, now: Timestamp, what: &str) -> Result<Timestamp> {
    match at {
        Some(s) => time::parse_time(&Local, s, clock.today(), now).map_err(|e| anyhow!("{what}: {e}")),
        None => Ok(now),
    }
}

/// The span `time add` was given.
fn span_arg(a: &AddArgs, clock: &Clock, now: Timestamp) -> Result<(Timestamp, Timestamp)> {
    let duration = |d: &str| {
        time::parse_duration(d).ok_or_else(|| {
            anyhow!("--for: '{d}' {}; write it as 1h30, 90m, 1.5h or 1:30 (more than none, up to 366 days)", time::not_a_duration(d))
        })
    };
    let end_of = |from: Timestamp, to: &str| time::parse_end(&Local, to, from, now).map_err(|e| anyhow!("--to: {e}"));
    let span = match (&a.from, &a.to, &a.duration) {
        (Some(_), Some(_), Some(_)) => bail!("give --to or --for, not both"),
        (Some(f), Some(to), None) => {
            let from = at_arg(&Some(f.clone()), clock, now, "--from")?;
            let end = end_of(from, to)?;
            let (a, b) = (from.with_timezone(&Local), end.with_timezone(&Local));
            if time::is_time_of_day(to) && b.date_naive() > a.date_naive() && end - from > chrono::Duration::hours(12) {
                let long = time::fmt_duration((end - from).num_seconds());
                eprintln!("cockpit: note: --to is before --from, so it is read as {} the next day ({long})", b.format("%H:%M"));
            }
            (from, end)
        }
        (Some(f), None, Some(d)) => {
            let from = at_arg(&Some(f.clone()), clock, now, "--from")?;
            (from, from + duration(d)?)
        }
        (None, to, Some(d)) => {
            let to = match to {
                Some(t) => at_arg(&Some(t.clone()), clock, now, "--to")?,
                None => now,
            };
            (to - duration(d)?, to)
        }
        _ => bail!("say when: --from and --to, --from and --for, or --for alone (ending now)"),
    };
    // (It would be kept as 0:00, and billed as a hundredth of an hour.)
    if span.1 - span.0 < chrono::Duration::minutes(1) && span.1 > span.0 {
        bail!("an entry shorter than a minute is not kept: the hours are counted in minutes");
    }
    Ok(span)
}

/// A warning for time that lies ahead (kept: it may be planned), or that runs past now.
fn warn_if_ahead(e: &TimeEntry, now: Timestamp, today: NaiveDate) {
    let (from, to) = (local(today, e.start), e.end.map(|t| local(today, t)).unwrap_or_default());
    if e.start > now {
        eprintln!("cockpit: warning: that time is in the future ({from} – {to}); it was kept");
    } else if e.in_the_future(now) {
        eprintln!("cockpit: warning: that time ends later than now ({from} – {to}); it was kept");
    }
}

/// A warning for a timer stopped after running longer than a forgotten one does (the app asks
/// about such a timer while it runs; a command can only say so once it is stopped).
fn warn_if_forgotten(store: &Store, done: &TimeEntry, now: Timestamp) -> Result<()> {
    let limit = store.timer_limit_hours()?;
    if done.seconds(now) as f64 > limit * 3600.0 {
        eprintln!(
            "cockpit: warning: the timer ran longer than {} h, the limit for a forgotten one; it was kept (cockpit time edit '{}' --to HH:MM corrects its end)",
            fmt_hours(limit),
            done.start.with_timezone(&Local).format("%Y-%m-%d %H:%M")
        );
    }
    Ok(())
}

/// Stores a change of time, saying on stderr the statements sent it alters (see
/// `runtime::statements`).
fn apply_time(store: &mut Store, change: &Change, now: Timestamp) -> Result<Change> {
    let moved = statements::moved_by(change);
    let before = statements::carried_before(store, &moved)?;
    let applied = store.apply_at(change, now)?;
    say(statements::notes(store, &moved, before)?);
    Ok(applied)
}

fn say(notes: Vec<String>) {
    for note in notes {
        eprintln!("cockpit: {note}");
    }
}

/// A client's hours against its retainer now (this week, or this month for a monthly one, with
/// the hours carried into it), read for that period only (and, while a timer runs, what it is
/// counted up to: see `Store::time_entries_counted`).
pub(super) fn budget(store: &Store, c: &Client, clock: &Clock) -> Result<time::Budget> {
    let (from, to) = time::Budget::period_for(c, clock.today()).bounds(&Local);
    let entries = store.time_entries_counted(from, to)?;
    let carried = store.carried_in(&Local, c, time::Period::month_of(clock.today()))?;
    Ok(time::Budget::of(&Local, c, &entries, clock.today(), clock.now(), carried))
}

fn period_arg(week: &Option<String>, month: &Option<String>, clock: &Clock) -> Result<Period> {
    match month {
        Some(m) => Period::parse_month(m).ok_or_else(|| anyhow!("--month: '{m}' is not a month; write it as YYYY-MM")),
        None => Ok(Period::Week(week_arg(week, clock)?)),
    }
}

fn name_of(clients: &[Client], id: Id) -> String {
    clients.iter().find(|c| c.id == id).map(|c| c.name.clone()).unwrap_or_default()
}

/// `Wed Nov 18 09:30`, with its year when it is far from `today` (see `time::needs_year`).
fn local(today: NaiveDate, t: Timestamp) -> String {
    time::near_moment(&Local, t, today)
}

pub fn run(store: &mut Store, clock: &Clock, cmd: TimeCmd) -> Result<()> {
    let now = clock.now();
    let today = clock.today();
    match cmd {
        TimeCmd::Start { client, lane, note, at, private } => {
            let client = resolve_client(store, &client)?;
            let at = at_arg(&at, clock, now, "--at")?;
            if at > now {
                bail!("--at: a timer starts now or earlier, not later ({}); add time ahead with cockpit time add", local(today, at));
            }
            if now - at > chrono::Duration::days(time::MOST_DAYS) {
                bail!(
                    "--at: {} is more than {} days ago, longer than any time tracked; add past time with cockpit time add --from … --for …",
                    time::moment(&chrono::Local, at),
                    time::MOST_DAYS
                );
            }
            let mut t = TimeEntry::started(crate::storage::new_id(), client.id, lane_arg(&lane)?, at, now);
            t.note = text::clean_line(note.as_deref().unwrap_or(""));
            t.private = private;
            let running = store.running_timer()?;
            let others = match &running {
                Some(r) => store.time_entries(None, r.start, at)?,
                None => vec![],
            };
            let clients = store.clients(true)?;
            let change = ops::time::start(t, running.as_ref(), &others, &|id| name_of(&clients, id))?;
            let applied = match store.apply_at(&change, now) {
                // (Another process started or stopped a timer since this one read which runs:
                // refused as a change made elsewhere, it runs again on the timer running now.)
                Err(crate::storage::StoreError::Overlap(why)) if store.running_timer()?.map(|r| r.id) != running.as_ref().map(|r| r.id) => {
                    return Err(crate::storage::StoreError::Conflict(format!("the running timer changed elsewhere ({why})")).into());
                }
                applied => applied?,
            };
            // The running timer, as this change left it: stopped, or moved here.
            let stopped = match applied.edits.iter().find_map(|e| e.after.as_ref().filter(|_| e.before.is_some())) {
                Some(Record::Time(done)) if done.end.is_some() => Some(done),
                _ => None,
            };
            match stopped {
                Some(done) => println!(
                    "Stopped {} after {}; started the timer for {} at {}",
                    name_of(&clients, done.client_id),
                    time::fmt_duration(done.seconds(now)),
                    client.name,
                    local(today, at)
                ),
                // (One running under a minute is not kept: cancelled, or moved to this client when
                // it started in the same minute; its change says which.)
                None if running.is_some() => println!("{} (running since {})", applied.label, local(today, at)),
                None => println!("Started the timer for {} at {}", client.name, local(today, at)),
            }
            if let Some(done) = stopped {
                warn_if_forgotten(store, done, now)?;
            }
        }
        TimeCmd::Stop { at } => {
            let r = store.running_timer()?.ok_or_else(|| anyhow!("no timer is running; start one with cockpit time start"))?;
            let at = at_arg(&at, clock, now, "--at")?;
            if at < r.start {
                bail!("--at: the timer started at {}; it stops after that", local(today, r.start));
            }
            let clients = store.clients(true)?;
            let name = name_of(&clients, r.client_id);
            let others = store.time_entries(None, r.start, at.max(r.start))?;
            let applied = apply_time(store, &ops::time::stop(&r, at, now, &others, &|id| name_of(&clients, id))?, now)?;
            match applied.edits[0].after.as_ref() {
                Some(Record::Time(done)) => {
                    let end = done.end.unwrap_or(at);
                    let why = if time::stop_before(r.start, at, &others) < at { ", where the next entry begins" } else { "" };
                    println!(
                        "Stopped the timer for {name}: {} ({} – {}{why})",
                        time::fmt_duration(done.seconds(now)),
                        local(today, done.start),
                        local(today, end)
                    );
                    warn_if_forgotten(store, done, now)?;
                }
                // (The change's label says why: under a minute is not kept.)
                _ => println!("{}", applied.label),
            }
        }
        TimeCmd::Status { json } => {
            let clients = store.clients(false)?;
            if json {
                let all = store.clients(true)?;
                let running = store.running_timer()?.map(|r| {
                    serde_json::json!({
                        "client": name_of(&all, r.client_id), "start": r.start, "seconds": r.seconds(now),
                        "lane": r.lane, "note": r.note,
                    })
                });
                let mut hours = Vec::new();
                for c in &clients {
                    let b = budget(store, c, clock)?;
                    hours.push(serde_json::json!({
                        "client": c.name, "period": b.period.label(), "used_hours": (b.used * 100.0).round() / 100.0,
                        "retainer_hours": b.retainer, "carried_hours": b.carried, "at_this_pace": b.pace(clock.today()).map(|p| (p * 10.0).round() / 10.0),
                    }));
                }
                println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "timer": running, "clients": hours }))?);
                return Ok(());
            }
            match store.running_timer()? {
                Some(r) => {
                    // (Time planned ahead that the timer ran into is that entry's.)
                    let until = store.timer_counted_until(&r, now)?;
                    // (What it counts first, as stopping it would record it.)
                    let counted = if until < now {
                        format!(
                            ", counted up to {}, where the next entry begins; {} since it started",
                            local(today, until),
                            time::fmt_duration(r.seconds(now))
                        )
                    } else {
                        String::new()
                    };
                    println!(
                        "Timer: {} since {} ({}{counted}){}",
                        name_of(&store.clients(true)?, r.client_id),
                        local(today, r.start),
                        time::fmt_duration(r.seconds(until)),
                        r.lane.map(|l| format!(", {}", l.title())).unwrap_or_default()
                    )
                }
                None => println!("No timer running."),
            }
            for c in &clients {
                println!("  {} {}", super::output::pad(&c.name, 32), budget(store, c, clock)?.label());
            }
        }
        TimeCmd::Add(a) => {
            let client = resolve_client(store, &a.client)?;
            let (from, to) = span_arg(&a, clock, now)?;
            let e = TimeEntry {
                private: a.private,
                ..TimeEntry::closed(
                    crate::storage::new_id(),
                    client.id,
                    from,
                    to,
                    lane_arg(&a.lane)?,
                    a.note.as_deref().unwrap_or(""),
                    now,
                )?
            };
            apply_time(store, &Change::one(format!("Added time for {}", client.name), Edit::insert(Record::Time(e.clone()))), now)?;
            println!("Added {} for {} ({} – {})", time::fmt_duration(e.seconds(now)), client.name, local(today, from), local(today, to));
            warn_if_ahead(&e, now, today);
            if e.seconds(now) > 16 * 3600 {
                eprintln!("cockpit: warning: that is {} in one entry; it was kept (cockpit time report shows it, u in the UI or a new entry corrects it)", time::fmt_duration(e.seconds(now)));
            }
        }
        TimeCmd::Report(a) => report(store, clock, a)?,
        TimeCmd::Bill { client, week, month, invoice } => {
            let client = resolve_client(store, &client)?;
            let period = period_arg(&week, &month, clock)?;
            let (from, to) = period.bounds(&Local);
            let entries = store.time_entries(Some(client.id), from, to)?;
            let span = ops::time::Span { bounds: (from, to), now, new_id: &mut crate::storage::new_id };
            let change = match ops::time::bill(&entries, &invoice, &period.label(), ops::time::BilledElsewhere::Skip, span) {
                Err(ops::OpError::Empty(_)) => bail!("--invoice cannot be empty"),
                Err(ops::OpError::NothingToBill(_)) => {
                    println!("Nothing unbilled for {} in {}", client.name, period.label());
                    return Ok(());
                }
                other => other?,
            };
            let used = super::invoice::used_elsewhere(store, &text::clean_line(&invoice), &change)?;
            store.apply_at(&change, now)?;
            println!("{} ({})", change.label, client.name);
            used.iter().for_each(|w| eprintln!("{w}"));
        }
        TimeCmd::Unbill { client, invoice } => {
            let only = client.as_ref().map(|_| resolve_client(store, &client)).transpose()?;
            let entries = store.all_time_entries(only.map(|c| c.id))?;
            let change = match ops::time::unbill(&entries, &invoice) {
                Err(e @ ops::OpError::NothingBilledOn(_)) => bail!("{e}; nothing was changed"),
                other => other?,
            };
            // (Two clients' invoices may share a reference: which is meant is asked, not taken.)
            let whose: std::collections::BTreeSet<Id> = change
                .edits
                .iter()
                .filter_map(|e| match &e.before {
                    Some(Record::Time(t)) => Some(t.client_id),
                    _ => None,
                })
                .collect();
            let mut names: Vec<String> =
                whose.iter().map(|id| Ok(store.client(*id)?.map(|c| c.name).unwrap_or_default())).collect::<Result<_>>()?;
            names.sort();
            if names.len() > 1 {
                bail!(
                    "time of {} is billed on '{}': name the client whose invoice it is with --client; nothing was changed",
                    names.join(" and "),
                    text::clean_line(&invoice)
                );
            }
            store.apply_at(&change, now)?;
            println!("{} ({})", change.label, names.join(""));
        }
        TimeCmd::Import { from, file, client, allow_long, with_deleted } => {
            if from != "timew" {
                bail!("--from: '{from}' is not a format Cockpit imports; use timew (the output of `timew export`)");
            }
            import_timew(store, clock, &file, &client, (allow_long, with_deleted))?;
        }
        TimeCmd::Limit { hours } => match hours {
            Some(h) => {
                let h = crate::settings::timer_limit(h).map_err(|e| anyhow!(e))?;
                store.set_setting(keys::TIMER_LIMIT, &h.to_string())?;
                println!("A timer running longer than {h} h is taken for forgotten: the app asks what to do with it");
            }
            None => println!("{} h", store.timer_limit_hours()?),
        },
        TimeCmd::List { client, week, month, json } => {
            let client = resolve_client(store, &client)?;
            let period = period_arg(&week, &month, clock)?;
            let (from, to) = period.bounds(&Local);
            // (Every client's, read once: time another client's shares is marked too.)
            let everyone = store.time_entries(None, from, to)?;
            let entries: Vec<&TimeEntry> = everyone.iter().filter(|e| e.client_id == client.id).collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&entries)?);
                return Ok(());
            }
            println!("{} — {}", client.name, period.label());
            if entries.is_empty() {
                println!("  (no time)");
            }
            // (Time two machines logged over each other, whoever's the other is: marked until
            // one is changed.)
            let sharing = time::sharing(&everyone);
            let clients = store.clients(true)?;
            // (Columns as wide as their widest: a year or an offset makes some longer.)
            let starts: Vec<String> = entries.iter().map(|e| local(today, e.start)).collect();
            let ends: Vec<String> = entries.iter().map(|e| end_of(today, e)).collect();
            let start_w = starts.iter().map(|s| s.chars().count()).max().unwrap_or(0);
            let end_w = ends.iter().map(|s| s.chars().count()).max().unwrap_or(0).max(7);
            for ((e, start), end) in entries.iter().zip(&starts).zip(&ends) {
                let lane = e.lane.map(|l| l.key()).unwrap_or("-");
                let billed = if e.billed { format!("  [billed {}]", e.invoice) } else { String::new() };
                let shared = sharing
                    .get(&e.id)
                    .map(|o| {
                        format!(
                            "  [shares time with {} {} ({}): change or split one]",
                            records::short(o.id),
                            span(today, o),
                            name_of(&clients, o.client_id)
                        )
                    })
                    .unwrap_or_default();
                let hours = time::fmt_duration(e.seconds(now));
                let private = super::output::private(e.private);
                println!(
                    "  {}  {start:<start_w$} – {end:<end_w$} {hours:>6}  {lane:<12} {}{private}{billed}{shared}",
                    records::short(e.id),
                    e.note
                );
            }
        }
        TimeCmd::Show(n) => {
            let (e, client) = records::named::<TimeEntry>(store, clock, &n)?;
            records::show(store, &e, &format!("Time {}", span(today, &e)), &client, n.json, &[])?;
        }
        TimeCmd::Edit(a) => {
            let (before, client) = records::named::<TimeEntry>(store, clock, &a.target)?;
            let mut after = before.clone();
            if let Some(f) = &a.from {
                // A time of day is on the entry's own day.
                let day = before.start.with_timezone(&Local).date_naive();
                after.start = time::parse_time(&Local, f, day, now).map_err(|e| anyhow!("--from: {e}"))?;
            }
            let end = match &a.to {
                Some(t) => Some(time::parse_end(&Local, t, after.start, now).map_err(|e| anyhow!("--to: {e}"))?),
                None => before.end,
            };
            match end {
                Some(end) => after = TimeEntry { end: None, ..after }.stopped(end)?,
                None => after.not_too_long(now)?,
            }
            if let Some(lane) = records::or_none(&a.lane, |l| l.parse::<Lane>().map_err(|e| anyhow!("--lane: {e}")))? {
                after.lane = lane;
            }
            if let Some(note) = records::text(&a.note) {
                after.note = text::clean_line(note);
            }
            if let Some(p) = records::private(a.private, a.shared) {
                after.private = p;
            }
            if let Some(to) = &a.move_to {
                let to = records::move_to(store, to)?;
                match super::board::moved(&Record::Time(after.clone()), &to, clock) {
                    Ok(Some(Record::Time(moved))) => after = moved,
                    Ok(_) => {}
                    Err(e) => bail!("{e}: cockpit time unbill --invoice '{}'", before.invoice),
                }
            }
            // (Time moved into a lane private by default for its client is made private, as it is
            // stored: see `ops::time::private_by_lane`.)
            let into = after.lane.filter(|_| (after.lane, after.client_id) != (before.lane, before.client_id));
            if let (true, Some(lane), Some(to)) = (a.shared && !before.private, into, store.client(after.client_id)?) {
                if to.private_by_default(lane) {
                    bail!(
                        "--shared: time moved into {}, private by default for {}, is made private; give --shared in a command of its own once it is there",
                        lane.title(),
                        to.name
                    );
                }
            }
            let label = match after.client_id != before.client_id {
                true => format!("Moved time {} to {}", span(today, &after), name_of(&store.clients(true)?, after.client_id)),
                false => format!("Edited time {}", span(today, &after)),
            };
            let change = (after != before).then(|| Change::one(label, Edit::update(before.clone().into(), after.clone().into())));
            let moved = change.as_ref().map(statements::moved_by).unwrap_or_default();
            let carried = statements::carried_before(store, &moved)?;
            let edited = change.is_some();
            records::edited(store, clock, &before, &client, change, a.target.json)?;
            if edited && before.billed {
                billed_note(&before);
            }
            say(statements::notes(store, &moved, carried)?);
            warn_if_ahead(&after, now, today);
        }
        TimeCmd::Delete(n) => {
            let (e, client) = records::named_exactly::<TimeEntry>(store, clock, &n)?;
            let moved = statements::removed(&Record::Time(e.clone()));
            let carried = statements::carried_before(store, &moved)?;
            records::delete(store, clock, &e, &client, n.json)?;
            if e.billed {
                billed_note(&e);
            }
            say(statements::notes(store, &moved, carried)?);
        }
    }
    Ok(())
}

/// Says on stderr that time billed on an invoice changed: the statement sent no longer matches.
fn billed_note(e: &TimeEntry) {
    eprintln!("cockpit: note: that time was billed on {}; the statement sent no longer matches", e.invoice);
}

/// `Mon Nov 16 09:00 – 10:30`, `Mon Nov 16 23:30 – Tue Nov 17 01:00`, or `… – running`.
fn span(today: NaiveDate, e: &TimeEntry) -> String {
    format!("{} – {}", local(today, e.start), end_of(today, e))
}

/// The end of an entry as a list shows it: its time, with its day when that is another.
fn end_of(today: NaiveDate, e: &TimeEntry) -> String {
    match e.end {
        None => "running".into(),
        Some(t) if t.with_timezone(&Local).date_naive() != e.start.with_timezone(&Local).date_naive() => local(today, t),
        Some(t) => time::clock(&Local, t),
    }
}

impl records::Listed for TimeEntry {
    const PLURAL: &'static str = "time entries";
    const LIST: &'static str = "time list";
    fn all(store: &Store, client: &Client) -> Result<Vec<TimeEntry>> {
        Ok(store.all_time_entries(Some(client.id))?)
    }
    fn name(&self, zone: &Zone) -> String {
        format!("{} {}", self.start.with_timezone(zone).format("%Y-%m-%d %H:%M"), self.note).trim_end().to_string()
    }
    fn also_named(&self, zone: &Zone) -> Option<String> {
        Some(self.start.with_timezone(zone).format("%Y-%m-%d %H:%M").to_string())
    }
}

fn import_timew(
    store: &mut Store,
    clock: &Clock,
    file: &str,
    client: &Option<String>,
    (allow_long, with_deleted): (bool, bool),
) -> Result<()> {
    let mut text = String::new();
    if file == "-" {
        std::io::stdin().read_to_string(&mut text).context("could not read standard input")?;
    } else {
        text = std::fs::read_to_string(PathBuf::from(file)).with_context(|| format!("could not read {file}"))?;
    }
    let intervals: Vec<timew::Interval> =
        serde_json::from_str(&text).map_err(|e| anyhow!("{file} is not Timewarrior JSON (the output of `timew export`): {e}"))?;
    let fixed = client.as_ref().map(|_| resolve_client(store, client)).transpose()?;
    let clients = store.clients(true)?;
    let existing = store.all_time_entries(None)?;
    let (mut added, mut already, mut skipped, mut doubtful, mut refused) = (Vec::new(), 0, Vec::new(), Vec::new(), Vec::new());
    // (Those whose entry was deleted here stay out, unless asked for.)
    let deleted = if with_deleted { Default::default() } else { store.timew_deleted()? };
    let mut deleted_here = 0;
    // What is already here (an import run twice adds nothing): the intervals imported before,
    // however their entries were edited since, and time of the same client and times.
    let mut here: std::collections::HashSet<_> = existing.iter().map(|e| (e.client_id, e.start, e.end)).collect();
    let mut imported: std::collections::HashSet<String> = existing.iter().filter_map(|e| e.imported_as.clone()).collect();
    // The spans of entries imported before, by start, each with the latest end up to it (two
    // may share time after a sync). An interval over one of them differs from what it was
    // imported as (changed in Timewarrior, or here): Cockpit's entry stays as it is, and the
    // interval is named.
    let mut spans: Vec<(Timestamp, Timestamp, &TimeEntry)> =
        existing.iter().filter(|e| e.imported_as.is_some()).filter_map(|e| Some((e.start, e.end?, e))).collect();
    spans.sort_unstable_by_key(|(start, end, e)| (*start, *end, e.id));
    let latest: Vec<Timestamp> =
        spans.iter().scan(None, |max: &mut Option<Timestamp>, (_, end, _)| Some(*max.insert(max.map_or(*end, |m| m.max(*end))))).collect();
    // (The entry imported before that it overlaps, found back from the last that starts before it ends.)
    let over_imported = |e: &TimeEntry| {
        let i = spans.partition_point(|(s, _, _)| *s < e.end.unwrap_or(e.start));
        (i > 0 && latest[i - 1] > e.start).then(|| spans[..i].iter().rev().find(|(_, end, _)| *end > e.start).map(|(_, _, o)| *o)).flatten()
    };
    let mut notes = Vec::new();
    for iv in &intervals {
        if imported.contains(&timew::origin(iv)) {
            already += 1;
            continue;
        }
        if deleted.contains(&timew::origin(iv)) {
            deleted_here += 1;
            continue;
        }
        imported.insert(timew::origin(iv));
        let starting = || timew::starting(iv, &Local);
        match timew::import(iv, fixed.as_ref(), &clients, crate::storage::new_id(), clock.now()) {
            Ok(e) if !here.insert((e.client_id, e.start, e.end)) => already += 1,
            Ok(e) => match over_imported(&e) {
                Some(other) => skipped.push(format!(
                    "the interval starting {} overlaps {} ({}), imported before: the interval was changed in Timewarrior, or that entry here, or two intervals share that time; Cockpit's entry is kept as it is (cockpit time edit changes it)",
                    starting(),
                    time::span(&Local, other),
                    name_of(&clients, other.client_id)
                )),
                None => {
                    for other in timew::others_named(iv, &e, &clients) {
                        notes.push(format!("the interval starting {}: its tag {other} names another client and was left off", starting()));
                    }
                    if let Some(why) = timew::doubtful(&e, clock.now()).filter(|_| !allow_long) {
                        // (By Timewarrior's own id where the export gives it, not its place.)
                        let id = iv.id.map(|id| format!(" @{id}")).unwrap_or_default();
                        doubtful.push(format!("the interval{id} starting {}: {why}", starting()));
                    }
                    added.push(e)
                }
            },
            Err(timew::ImportError::Running(_)) => skipped.push(format!("the interval starting {} is still running", starting())),
            // (Timewarrior keeps intervals started and stopped at once; they hold no time.)
            Err(timew::ImportError::Empty(_)) => skipped.push(format!("the interval starting {} lasts no time", starting())),
            // (Named by its start as Timewarrior stamps it: read in local time too.)
            Err(e) => refused.push(e.to_string().replace(&format!("starting {}", iv.start), &format!("starting {}", starting()))),
        }
    }
    // (The first few named, and the rest counted: a history with a clock set wrong, or tagged
    // alike throughout, has thousands; each is fixed before anything is imported.)
    let some = |all: &[String]| {
        let named = all.len().min(5);
        let more = if all.len() > named { format!("; and {} more", all.len() - named) } else { String::new() };
        format!("{}{more}", all[..named].join("; "))
    };
    if !refused.is_empty() {
        bail!("{}; nothing was imported", some(&refused));
    }
    if !doubtful.is_empty() {
        bail!("{}; nothing was imported (--allow-long imports long and future intervals as they are)", some(&doubtful));
    }
    let total: i64 = added.iter().map(|e| e.seconds(clock.now())).sum();
    let n = added.len();
    // (The statements sent it alters, said once it is in.)
    let moved = statements::added(&added);
    let carried = statements::carried_before(store, &moved)?;
    if n > 0 {
        store
            .import_time(added)
            .map_err(|e| anyhow!("{}; nothing was imported", crate::advice::explain(&e, crate::advice::Place::CommandLine)))?;
    }
    let deleted = match deleted_here {
        0 => String::new(),
        d => format!("; {d} deleted here before, left out (--with-deleted imports them again)"),
    };
    println!("Imported {n} interval{} ({}); {already} already here{deleted}", if n == 1 { "" } else { "s" }, time::fmt_duration(total));
    if !skipped.is_empty() {
        eprintln!("skipped: {}", some(&skipped));
    }
    if !notes.is_empty() {
        eprintln!("note: {}", some(&notes));
    }
    say(statements::notes(store, &moved, carried)?);
    Ok(())
}

/// One client's part of a report. Hours are the sum of the pieces' hundredths (see
/// `time::ledger`), as a statement and hledger count them; seconds are exact.
#[derive(serde::Serialize)]
struct ClientReport {
    client: String,
    retainer_hours: Option<f64>,
    /// Hours carried into a month from the one before (`--rollover one-month`).
    carried_hours: f64,
    seconds: i64,
    hours: f64,
    #[serde(skip)]
    hundredths: i64,
    unbilled_seconds: i64,
    /// Of `seconds`, those planned later than now (in the total, not used yet).
    planned_seconds: i64,
    days: Vec<DayReport>,
}

#[derive(serde::Serialize)]
struct DayReport {
    day: chrono::NaiveDate,
    lane: Option<Lane>,
    seconds: i64,
    hours: f64,
}

/// Hundredths as a number of hours with two decimals.
fn as_hours(h: ledger::Hundredths) -> f64 {
    h as f64 / 100.0
}

/// Time planned later is in a report's total, not used yet: said, as the Hours screen says it.
fn planned_later(seconds: i64) -> String {
    match seconds {
        0 => String::new(),
        s => format!(", {} of it planned later", time::fmt_duration(s)),
    }
}

fn report(store: &Store, clock: &Clock, a: ReportArgs) -> Result<()> {
    let period = period_arg(&a.week, &a.month, clock)?;
    let (from, to) = period.bounds(&Local);
    let clients = match &a.client {
        Some(_) => vec![resolve_client(store, &a.client)?],
        None => store.clients(true)?,
    };
    let only = (clients.len() == 1).then(|| clients[0].id);
    let entries = store.time_entries(only, from, to)?;
    let now = clock.now();
    // (A running timer counted up to the next entry, whoever's: the pieces of those listed.)
    let listed: std::collections::HashSet<Id> = entries.iter().map(|e| e.id).collect();
    let counted = store.time_entries_counted(from, to)?;
    let mut pieces = ledger::pieces(&Local, period, &counted, now);
    pieces.retain(|p| listed.contains(&p.entry.id));
    let name = |id: Id| name_of(&clients, id);
    let format = if a.json { ReportFormat::Json } else { a.format };
    let file = match format {
        // (Every client's name known, not only the one reported: another's in a tag is written
        // `tag:NAME`, which names no client when imported again.)
        ReportFormat::Timew => Some(format!("{}\n", serde_json::to_string_pretty(&timew::export(&entries, &store.clients(true)?))?)),
        ReportFormat::Timeclock => {
            let booked: Vec<&str> =
                clients.iter().filter(|c| pieces.iter().any(|p| p.entry.client_id == c.id)).map(|c| c.name.as_str()).collect();
            if let Some((a, b, account)) = ledger::one_account_for_two(booked) {
                bail!("'{a}' and '{b}' would both be the ledger account '{account}' (a colon starts a subaccount): rename one, or report them one at a time with --client");
            }
            Some(ledger::timeclock(&Local, &pieces, &name))
        }
        ReportFormat::Entries => Some(ledger::entries_csv(&Local, &pieces, &name)),
        _ => None,
    };
    if let Some(text) = file {
        print!("{text}");
        return Ok(());
    }
    let carried = store.carried(&Local, &clients, &[period])?;
    let counted: Vec<&TimeEntry> = counted.iter().collect();
    // (A running timer counted up to the next entry, whoever's, as the Hours screen counts it.)
    let until = time::counted_until(&counted, now);
    let reports: Vec<ClientReport> = clients
        .iter()
        .filter_map(|c| {
            let mut cells: std::collections::BTreeMap<(chrono::NaiveDate, Option<Lane>), (i64, i64)> = Default::default();
            for p in pieces.iter().filter(|p| p.entry.client_id == c.id) {
                let cell = cells.entry((p.day, p.entry.lane)).or_default();
                cell.0 += p.seconds();
                cell.1 += p.hours();
            }
            let unbilled = time::Totals::of(&Local, period, counted.iter().copied().filter(|e| e.client_id == c.id), until).unbilled;
            let seconds: i64 = cells.values().map(|c| c.0).sum();
            let hundredths: i64 = cells.values().map(|c| c.1).sum();
            // (A month with none of its time yet still has the hours carried into it.)
            let carried_hours = time::carried_hours(&carried, c.id, period);
            (seconds > 0 || only.is_some() || carried_hours > 0.0).then(|| ClientReport {
                client: c.name.clone(),
                retainer_hours: c.retainer_for(period),
                carried_hours,
                seconds,
                hours: as_hours(hundredths),
                hundredths,
                unbilled_seconds: unbilled,
                planned_seconds: time::planned(&Local, &counted, c.id, period, now),
                days: cells
                    .iter()
                    .map(|((day, lane), (s, h))| DayReport { day: *day, lane: *lane, seconds: *s, hours: as_hours(*h) })
                    .collect(),
            })
        })
        .collect();
    let total: i64 = reports.iter().map(|r| r.seconds).sum();
    let planned: i64 = reports.iter().map(|r| r.planned_seconds).sum();
    let total_hours = as_hours(reports.iter().map(|r| r.hundredths).sum());
    match format {
        ReportFormat::Json => {
            let v = serde_json::json!({
                "period": period.label(), "from": period.first(), "to": period.last(),
                "seconds": total, "hours": total_hours, "planned_seconds": planned, "clients": reports,
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        ReportFormat::Csv => {
            println!("client,day,lane,hours,seconds");
            for r in &reports {
                for d in &r.days {
                    let lane = d.lane.map(|l| l.key()).unwrap_or("");
                    println!("{},{},{lane},{:.2},{}", text::csv_field(&r.client), d.day, d.hours, d.seconds);
                }
            }
        }
        _ => {
            println!("Hours · {} ({} – {})", period.label(), period.first(), period.last());
            if reports.is_empty() {
                println!("  no time tracked");
            }
            for r in &reports {
                let of =
                    r.retainer_hours.map(|h| format!(" of {} h{}", fmt_hours(h), time::carried_words(r.carried_hours))).unwrap_or_default();
                let planned = planned_later(r.planned_seconds);
                println!(
                    "\n{} — {} ({:.2} h{planned}){of} · unbilled {}",
                    r.client,
                    time::fmt_duration(r.seconds),
                    r.hours,
                    time::fmt_duration(r.unbilled_seconds)
                );
                for d in &r.days {
                    let lane = d.lane.map(|l| l.title()).unwrap_or("—");
                    println!("  {}  {:<28} {:>6}", d.day.format("%a %b %e"), lane, time::fmt_duration(d.seconds));
                }
            }
            println!("\nTotal {} ({total_hours:.2} h{})", time::fmt_duration(total), planned_later(planned));
        }
    }
    Ok(())
}
