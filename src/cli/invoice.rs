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
    #[arg(long)]
    pub client: Option<String>,
    #[arg(long, value_name = "YYYY-MM")]
    pub month: String,
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: StatementFormat,
    /// Write the statement to this file (a new one, or one Cockpit wrote) instead of printing it
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
}

pub fn run(store: &mut Store, now: crate::domain::Timestamp, a: InvoiceArgs) -> Result<()> {
    let client = resolve_client(store, &a.client)?;
    let month = Period::parse_month(&a.month).ok_or_else(|| anyhow!("--month: '{}' is not a month; write it as YYYY-MM", a.month))?;
    let entries = store.all_time_entries(Some(client.id))?;
    let s = Statement::of(&Local, &client, month, &entries);
    if client.terms.rate.is_none() && client.terms.monthly_fee.is_none() {
        eprintln!(
            "cockpit: {} has no rate or monthly fee: the statement shows hours only (set them with cockpit client set \"{}\" --rate N --currency EUR)",
            client.name, client.name
        );
    }
    if s.running_left_out {
        eprintln!("cockpit: a timer is running in {}: its time is not on the statement until it stops", month.label());
    }
    // The marking is worked out first: a statement that could not be marked is not written.
    let change = match &a.mark_billed {
        Some(reference) => {
            let on_it: Vec<_> = entries.iter().filter(|e| s.entries().any(|id| id == e.id)).collect();
            let what = format!("{}'s statement for {}", client.name, month.label());
            match ops::time::bill_exactly(on_it, month.bounds(&Local), reference, &what, &mut crate::storage::new_id, now) {
                Ok(change) => Some(change),
                Err(ops::OpError::Empty(_)) => bail!("--mark-billed: the invoice reference cannot be empty"),
                Err(ops::OpError::NothingToBill(_)) if s.lines.is_empty() => bail!("--mark-billed: the statement has no time to mark"),
                Err(ops::OpError::NothingToBill(_)) => {
                    eprintln!("cockpit: every entry of the statement is already billed on {}", reference.trim());
                    None
                }
                Err(e) => bail!("--mark-billed: {e}"),
            }
        }
        None => None,
    };
    let text = a.format.format().render(&s);
    let summary = format!(
        "{} lines, {} h, {}",
        s.lines.len(),
        statement::fmt_hundredths(s.hours),
        format!("{} {}", s.total.fixed(), s.currency).trim()
    );
    match &a.output {
        Some(path) => {
            let f = a.format.format();
            crate::runtime::own_file::write(path, &text, "a statement", |head| f.wrote(head))?;
            eprintln!("Wrote {}'s statement for {} to {} ({summary})", client.name, month.label(), path.display());
        }
        None => print!("{text}"),
    }
    if let Some(change) = change {
        let n = change.edits.len();
        store.apply_at(&change, now).map_err(|e| {
            anyhow!("{}; the statement was written, nothing was marked", crate::advice::explain(&e, crate::advice::Place::CommandLine))
        })?;
        eprintln!("Marked {n} entries billed on {}", crate::domain::text::clean_line(a.mark_billed.as_deref().unwrap_or("")));
    }
    Ok(())
}
