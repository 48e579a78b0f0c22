//! `cockpit export week` and `cockpit week-status`: the week summary from the command line.

use super::{resolve_client, week_arg};
use crate::domain::summary::{self, Level, Rag, WeekStatus};
use crate::runtime::clipboard::SystemClipboard;
use crate::runtime::{own_file, summary_copy, Clock};
use crate::storage::Store;
use anyhow::{anyhow, bail, Result};
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    Markdown,
    Json,
    Html,
}

#[derive(Args, Debug)]
pub struct ExportWeekArgs {
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    /// YYYY-Www, e.g. 2026-W47 (default: this week)
    #[arg(long)]
    pub week: Option<String>,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: SummaryFormat,
    /// exec: about ten lines (status, key decisions, hours, next week's top three); team: the
    /// whole week with each decision's rationale
    #[arg(long, default_value = "team")]
    pub level: String,
    /// Copy the Markdown to the clipboard instead of printing it (also saved beside the database)
    #[arg(long)]
    pub copy: bool,
    /// With --copy: copy it even though it names another client
    #[arg(long)]
    pub anyway: bool,
    /// Write to FILE instead of printing it (`-`: print it)
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Include what is marked private: for your own copy, so only to stdout or --output
    #[arg(long)]
    pub include_private: bool,
}

#[derive(Args, Debug)]
pub struct WeekStatusArgs {
    /// green, amber or red; leave out to show the week's status
    pub status: Option<String>,
    /// One line: why
    pub reason: Option<String>,
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    /// YYYY-Www (default: this week)
    #[arg(long)]
    pub week: Option<String>,
    /// Remove the week's status
    #[arg(long, conflicts_with_all = ["status", "reason"])]
    pub clear: bool,
    /// Print the week's status (as it is after the command) as JSON
    #[arg(long)]
    pub json: bool,
}

pub fn export_week(store: &mut Store, clock: &Clock, mut a: ExportWeekArgs) -> Result<()> {
    // (`--output -` is standard output, as `-` is standard input where a file is read; asked
    // for, it is printed even when the summary is copied too.)
    let printed = a.output.as_ref().is_some_and(|p| p.as_os_str() == "-");
    a.output = a.output.filter(|p| p.as_os_str() != "-");
    if a.anyway && !a.copy {
        bail!(
            "--anyway goes with --copy: it copies a summary that names another client; printed or written to a file, nothing is held back"
        );
    }
    if a.include_private && a.copy {
        bail!("--include-private is for your own copy, to stdout or --output: the clipboard's summary is the one pasted to the client, so it never holds what is private; leave out one of them");
    }
    let client = resolve_client(store, &a.client)?;
    let week = week_arg(&a.week, clock)?;
    let level = Level::parse(&a.level).ok_or_else(|| anyhow!("--level: '{}' is not a level; use exec or team", a.level))?;
    let shown = if a.format == SummaryFormat::Json { summary::Shown::Json } else { summary::Shown::Markdown };
    let summary = store.week_summary_with(&client, week, clock.today(), clock.now(), a.include_private, shown)?.at_level(level);
    if a.copy {
        if a.format != SummaryFormat::Markdown {
            bail!("--copy copies Markdown; leave out --format, or write {} with --output FILE", format!("{:?}", a.format).to_uppercase());
        }
        // As the app's copy: not when it names another client, unless asked again.
        let named = summary::mentions(&summary.to_markdown(), &summary::other_names(&store.clients(true)?, client.id));
        if !named.is_empty() && !a.anyway {
            bail!(
                "not copied: the summary names another client ({}); check it, then copy it anyway with --copy --anyway",
                named.join(", ")
            );
        }
        let copied = summary_copy::copy(&summary.to_markdown(), false, &summary.client, week, store.path(), &mut SystemClipboard::detect());
        if copied.is_error() {
            bail!("{}", copied.message());
        }
        eprintln!("{}", copied.message());
    }
    let text = match a.format {
        SummaryFormat::Markdown => summary.to_markdown(),
        SummaryFormat::Json => serde_json::to_string_pretty(&summary)? + "\n",
        SummaryFormat::Html => summary.to_html(),
    };
    match &a.output {
        Some(path) => {
            let unnoted =
                own_file::write_remembered(store, path, &text, "a week summary", |held| summary::wrote(own_file::head(held)), None)?;
            eprintln!("Wrote {}", path.display());
            unnoted.iter().for_each(|w| eprintln!("{w}"));
        }
        None if !a.copy || printed => print!("{text}"),
        None => {}
    }
    Ok(())
}

pub fn week_status(store: &mut Store, clock: &Clock, a: WeekStatusArgs) -> Result<()> {
    let client = resolve_client(store, &a.client)?;
    let week = week_arg(&a.week, clock)?;
    let status = if a.clear {
        store.set_week_status(&client, week, None, clock.now())?;
        None
    } else if let Some(s) = &a.status {
        let rag = Rag::parse(s).ok_or_else(|| anyhow!("'{s}' is not a status; use green, amber or red"))?;
        let status = WeekStatus { rag, reason: crate::domain::text::clean_line(a.reason.as_deref().unwrap_or("")) };
        store.set_week_status(&client, week, Some(status.clone()), clock.now())?;
        Some(status)
    } else {
        store.week_status(client.id, week)?.map(|r| r.status)
    };
    if a.json {
        println!("{}", serde_json::json!({ "client": client.name, "week": week.to_string(), "status": status }));
        return Ok(());
    }
    match status {
        Some(st) => println!("{} {week}: {}", client.name, st.to_text()),
        None if a.clear || a.status.is_some() => println!("{} {week}: no status", client.name),
        None => println!("{} {week}: no status (set one: cockpit week-status green|amber|red \"why\")", client.name),
    }
    Ok(())
}
