//! `cockpit invoice`: a client's statement for a month, and marking its entries billed.

use super::resolve_client;
use crate::domain::statement::{self, Format, Statement};
use crate::domain::time::Period;
use crate::ops;
use crate::storage::Store;
use anyhow::{anyhow, bail, Result};
use chrono::Local;
use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct InvoiceArgs {
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    /// The format (default: from the --output file's extension, else markdown)
    #[arg(long, value_enum)]
    pub format: Option<StatementFormat>,
    /// Write the statement to this file (a new one, or one Cockpit wrote) instead of printing it (`-`: print it)
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Mark exactly the statement's entries billed on this invoice reference, in one change
    #[arg(long, value_name = "REF")]
    pub mark_billed: Option<String>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatementFormat {
    Markdown,
    Html,
    Csv,
}

impl StatementFormat {
    fn format(self) -> Format {
        match self {
            StatementFormat::Markdown => Format::Markdown,
            StatementFormat::Html => Format::Html,
            StatementFormat::Csv => Format::Csv,
        }
    }

    /// The format a file's extension names, if it names one.
    fn of_file(path: &std::path::Path) -> Option<StatementFormat> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(StatementFormat::Markdown),
            "html" | "htm" => Some(StatementFormat::Html),
            "csv" => Some(StatementFormat::Csv),
            _ => None,
        }
    }
}

/// The format asked for, else the output file's; refused when the two disagree.
fn format_of(a: &InvoiceArgs) -> Result<StatementFormat> {
    let by_file = a.output.as_deref().and_then(StatementFormat::of_file);
    match (a.format, by_file) {
        (Some(f), Some(g)) if f != g => bail!(
            "--format {} does not match the file {}; give one or the other",
            format!("{f:?}").to_lowercase(),
            a.output.as_ref().map(|p| p.display().to_string()).unwrap_or_default()
        ),
        (Some(f), _) | (None, Some(f)) => Ok(f),
        // (A file named for another format, `x.pdf`, would hold Markdown unasked.)
        (None, None) => match a.output.as_deref().and_then(|p| p.extension()) {
            Some(ext) => bail!(
                "--output: Cockpit writes a statement as Markdown (.md), HTML (.html) or CSV (.csv), not .{}; give one of those names, or --format",
                ext.to_string_lossy()
            ),
            None => Ok(StatementFormat::Markdown),
        },
    }
}

pub fn run(store: &mut Store, now: crate::domain::Timestamp, mut a: InvoiceArgs) -> Result<()> {
    // (`--output -` is standard output, as `-` is standard input where a file is read.)
    a.output = a.output.filter(|p| p.as_os_str() != "-");
    let client = resolve_client(store, &a.client)?;
    let format = format_of(&a)?.format();
    let month = Period::parse_month(&a.month).ok_or_else(|| anyhow!("--month: '{}' is not a month; write it as YYYY-MM", a.month))?;
    let entries = store.all_time_entries(Some(client.id))?;
    let mut s = Statement::of(&Local, &client, month, &entries, now);
    if client.terms.rate.is_none() && client.terms.monthly_fee.is_none() {
        eprintln!(
            "cockpit: {} has no rate or monthly fee: the statement shows hours only (set them with cockpit client set \"{}\" --rate N --currency EUR)",
            client.name, client.name
        );
    }
    if s.running_left_out {
        eprintln!("cockpit: a timer is running in {}: its time is not on the statement until it stops", month.label());
    }
    if s.planned_left_out {
        eprintln!("cockpit: time planned later in {} is not on the statement (nor marked billed) until it is worked", month.label());
    }
    // The marking is worked out first: a statement that could not be marked is not written.
    let change = match &a.mark_billed {
        Some(reference) => {
            let what = format!("{}'s statement for {}", client.name, month.label());
            let span = ops::time::Span { bounds: month.bounds(&Local), now, new_id: &mut crate::storage::new_id };
            match ops::time::bill(&entries, reference, &what, ops::time::BilledElsewhere::Refuse, span) {
                Ok(change) => Some(change),
                Err(ops::OpError::Empty(_)) => bail!("--mark-billed: the invoice reference cannot be empty"),
                Err(ops::OpError::NothingToBill(_)) if s.lines.is_empty() => bail!("--mark-billed: the statement has no time to mark"),
                Err(ops::OpError::NothingToBill(_)) => {
                    eprintln!("cockpit: every entry of the statement is already billed on {}", reference.trim());
                    None
                }
                Err(ops::OpError::BilledElsewhere { count, invoices }) => {
                    let (from, to) = month.bounds(&Local);
                    let rest = entries.iter().any(|e| !e.billed && !e.is_running() && e.start < to && e.end_or(now) > from);
                    bail!("{}", billed_elsewhere(&client.name, month, reference.trim(), count, &invoices, rest))
                }
                Err(e) => bail!("--mark-billed: {e}"),
            }
        }
        None => None,
    };
    let marking = a.mark_billed.as_deref().map(crate::domain::text::clean_line);
    // (Written as it is once marked: the same statement drawn again later is the same text.)
    if let (Some(change), Some(reference)) = (&change, &marking) {
        let marked: std::collections::HashSet<_> = change.edits.iter().filter_map(|e| e.before.as_ref().map(|r| r.id())).collect();
        s.lines.iter_mut().filter(|l| l.invoice.is_empty() && marked.contains(&l.entry)).for_each(|l| l.invoice = reference.clone());
    }
    let text = format.render(&s);
    let summary = format!(
        "{} lines, {} h, {}",
        s.lines.len(),
        statement::fmt_hundredths(s.hours),
        format!("{} {}", s.total.fixed(), s.currency).trim()
    );
    match &a.output {
        Some(path) => {
            let replaced = std::fs::symlink_metadata(path).is_ok_and(|m| m.len() > 0);
            refuse_over_one_sent(path, &text, &s, marking.as_deref())?;
            // (Marked billed now, or all of it billed before: the statement sent, and its invoice.)
            let billed = match (&marking, invoices_on(&s).as_slice()) {
                (Some(r), _) => Some(r.clone()),
                (None, [one]) if !one.is_empty() => Some(one.to_string()),
                _ => None,
            };
            let unnoted =
                crate::runtime::own_file::write_remembered(store, path, &text, "a statement", Format::any_wrote, billed.as_deref())?;
            let verb = if replaced { "Replaced" } else { "Wrote" };
            eprintln!("{verb} {} with {}'s statement for {} ({summary})", path.display(), client.name, month.label());
            unnoted.iter().for_each(|w| eprintln!("{w}"));
        }
        None => print!("{text}"),
    }
    if let Some(change) = change {
        let reference = marking.unwrap_or_default();
        let used = used_elsewhere(store, &reference, &change)?;
        store.apply_at(&change, now).map_err(|e| {
            anyhow!("{}; the statement was written, nothing was marked", crate::advice::explain(&e, crate::advice::Place::CommandLine))
        })?;
        eprintln!("{}", change.label);
        used.iter().for_each(|w| eprintln!("{w}"));
    }
    Ok(())
}

/// The invoices a statement's lines are billed on, each once (`""` for lines not billed).
fn invoices_on(s: &Statement) -> Vec<&str> {
    let mut on: Vec<&str> = s.lines.iter().map(|l| l.invoice.as_str()).collect();
    on.sort_unstable();
    on.dedup();
    on
}

/// A statement of a month whose time is billed is not written over another one there (most
/// likely the statement sent): the same text may be written again, and one being marked billed
/// on the invoice its month's time is billed on may replace it.
fn refuse_over_one_sent(path: &std::path::Path, text: &str, s: &Statement, marking: Option<&str>) -> Result<()> {
    let sent: Vec<&str> = invoices_on(s).into_iter().filter(|i| !i.is_empty() && marking != Some(*i)).collect();
    let there = std::fs::symlink_metadata(path).ok().filter(|m| m.is_file() && m.len() > 0).and_then(|_| std::fs::read(path).ok());
    // (A file that is no statement is refused as such when written.)
    let another = there.is_some_and(|there| there != text.as_bytes() && Format::any_wrote(&String::from_utf8_lossy(&there)));
    if sent.is_empty() || !another {
        return Ok(());
    }
    bail!(
        "{}'s time in {} is billed on {}, and {} holds another statement (perhaps the one sent); it was left as it is (write this one to another path, or remove that one first)",
        s.client,
        s.month,
        sent.join(", "),
        path.display()
    )
}

/// The warning to give when `reference` already marks time other than what `change` marks
/// (another month, another client): an invoice reference is usually used once. (Given once the
/// change is stored: a command refused meanwhile runs again.)
pub(super) fn used_elsewhere(store: &Store, reference: &str, change: &crate::domain::Change) -> Result<Option<String>> {
    let marking: std::collections::HashSet<_> = change.edits.iter().filter_map(|e| e.before.as_ref().map(|r| r.id())).collect();
    let clients = store.clients(true)?;
    let mut elsewhere: Vec<String> = store
        .all_time_entries(None)?
        .iter()
        .filter(|e| e.billed && e.invoice == reference && !marking.contains(&e.id))
        .map(|e| {
            let name = clients.iter().find(|c| c.id == e.client_id).map_or("another client", |c| c.name.as_str());
            format!("{name} {}", Period::month_of(e.start.with_timezone(&Local).date_naive()).label())
        })
        .collect();
    elsewhere.sort();
    elsewhere.dedup();
    Ok((!elsewhere.is_empty())
        .then(|| format!("cockpit: warning: {reference} already marks time of {}; it marks this too", elsewhere.join(", "))))
}

/// Why a statement was not marked billed on `reference` (`count` of its entries are billed on
/// `invoices` already), and the ways on: the rest on the invoice it is billed on, only what is
/// not billed yet on this one, or the whole month on this one once unbilled there.
fn billed_elsewhere(client: &str, month: Period, reference: &str, count: usize, invoices: &str, rest: bool) -> String {
    let month = month.label();
    let one = !(invoices.contains(", ") || invoices == "no reference");
    // (None left to bill: only unbilling is a way on.)
    if !rest {
        let unbill = match one {
            true => format!("--invoice '{invoices}'"),
            false => "--invoice REF, for each invoice it is billed on".to_string(),
        };
        return format!(
            "--mark-billed: every entry of {client}'s statement for {month} is already billed on {invoices}; nothing was marked. \
             To bill it on {reference} instead, unbill it first (cockpit time unbill --client \"{client}\" {unbill})"
        );
    }
    let entries = ops::time::entries_count(count);
    // (Billed on one invoice, named: the rest can go on it too.)
    let on_it = match one {
        true => format!("mark the rest on {invoices} too with --mark-billed '{invoices}'; or "),
        false => String::new(),
    };
    format!(
        "--mark-billed: {entries} of {client}'s statement for {month} {} already billed on {invoices}; nothing was marked. \
         To go on, {on_it}mark only the time not billed yet on {reference} with cockpit time bill --client \"{client}\" \
         --month {month} --invoice '{reference}' (this statement still shows the whole month); or unbill them first \
         (cockpit time unbill --invoice REF) to bill the whole month on {reference}",
        if count == 1 { "is" } else { "are" }
    )
}
