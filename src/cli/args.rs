//! The command line's arguments, as clap reads them.

use super::records::Named;
use super::summary::{ExportWeekArgs, WeekStatusArgs};
use super::{decisions, invoice, time};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "cockpit",
    version,
    about = "A terminal cockpit for fractional CTOs: week board, priority matrix, decision log, client workspaces."
)]
pub struct Cli {
    /// The database file (default: the platform data directory, e.g. ~/.local/share/cockpit/cockpit.db)
    #[arg(long, global = true, env = "COCKPIT_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Open the UI on a throwaway database filled with realistic sample data
    Demo,
    /// One line for a status bar (tmux): the current client, the timer, its hours, what is due
    Status {
        #[arg(long)]
        json: bool,
    },
    /// What is due for every client: overdue, today and the next seven days, the timer, the hours
    Today {
        /// YYYY-MM-DD (default: today)
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show or set the screen the app opens on: auto (Today when more than one client is active,
    /// else Week), today or week
    StartScreen { screen: Option<String> },
    /// The risk register: add, show, edit or delete a risk
    #[command(subcommand)]
    Risk(RiskCmd),
    /// List a client's risks, highest score first
    Risks {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        /// Also closed ones
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Record a meeting from its notes: lines `d:`, `a:` or `- [ ]`, `r:` become decisions,
    /// actions and risks, in one change
    #[command(subcommand)]
    Meeting(MeetingCmd),
    /// List a client's meetings, newest first
    Meetings {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
        /// A private meeting's notes too, in --json (they are for you alone)
        #[arg(long)]
        include_private: bool,
    },
    /// Actions: add one, mark one done or dropped; show, edit, delete
    #[command(subcommand)]
    Action(ActionCmd),
    /// List open actions (every active client's, unless --client), overdue first
    Actions {
        /// One client's (its name, or any start of it; default: every active client's)
        #[arg(long)]
        client: Option<String>,
        /// Only those this person owes ("me" for yours)
        #[arg(long)]
        owner: Option<String>,
        /// Done and dropped ones too
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// People of a client's team and candidates: add, a private 1:1 note, a point for the next 1:1; show, edit, delete
    #[command(subcommand)]
    Person(PersonCmd),
    /// Openings, the roles being hired for: add, list, show, edit, delete
    #[command(subcommand)]
    Opening(OpeningCmd),
    /// List a client's people and candidates (1:1 notes only with --include-private)
    People {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
        /// The 1:1 notes too (they are for you alone)
        #[arg(long)]
        include_private: bool,
    },
    /// Vendors and the options an evaluation compares: add, score, choose; show, edit, delete
    #[command(subcommand)]
    Vendor(VendorCmd),
    /// List a client's vendors and evaluations: weighted scores, costs, renewals
    Vendors {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add, list, rename, archive or select clients
    #[command(subcommand)]
    Client(ClientCmd),
    /// Record a decision (with any field of the form)
    Decide(DecideArgs),
    /// Show, edit, supersede or delete a decision
    #[command(subcommand)]
    Decision(decisions::DecisionCmd),
    /// List a client's decisions, newest first
    Decisions {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a note or task to a lane of a week
    Note(NoteArgs),
    /// List a week's entries, lane by lane
    Week {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        /// YYYY-Www, e.g. 2026-W47 (default: this week)
        #[arg(long)]
        week: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The week board's notes and tasks: show, edit, done, delete (cockpit note adds one)
    #[command(subcommand)]
    Entry(EntryCmd),
    /// The impact × effort matrix's items: cockpit item TITLE --impact N --effort N adds one;
    /// show, edit, delete
    Item(ItemCli),
    /// List the matrix, grouped by quadrant
    Items {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
        /// Also list done and dropped items
        #[arg(long)]
        all: bool,
    },
    /// The timer and the hours ledger: start, stop, status, add, report, bill, import
    #[command(subcommand)]
    Time(time::TimeCmd),
    /// A client's statement for a month (its time, priced by its terms), and marking it billed
    Invoice(invoice::InvoiceArgs),
    /// Write a client's week summary, or its decision log as Architecture Decision Records
    #[command(subcommand)]
    Export(ExportCmd),
    /// Set (or show) the week's status for its summary: green, amber or red, and why
    WeekStatus(WeekStatusArgs),
    /// Read Architecture Decision Records into a client's decision log
    #[command(subcommand)]
    Import(ImportCmd),
    /// Architecture Decision Record folders, without a database
    #[command(subcommand)]
    Adr(AdrCmd),
    /// Write a large realistic database (the demo's clients with years of history), for measuring
    Generate {
        /// How many decisions in all, at least the demo's own dozen (entries, items and time
        /// entries follow in proportion)
        #[arg(long, value_name = "N", value_parser = decision_count)]
        decisions: usize,
    },
    /// Take a verified snapshot: to FILE, or into backups/ beside the database
    Backup {
        file: Option<PathBuf>,
        /// List the snapshots in backups/ instead
        #[arg(long, conflicts_with = "file")]
        list: bool,
        /// With --list: print them as JSON
        #[arg(long, requires = "list")]
        json: bool,
    },
    /// Replace the database with a verified snapshot (the current one is kept as a snapshot first)
    Restore {
        file: PathBuf,
        /// On a machine that syncs, restore even when it deletes most of the records here, and so
        /// on every machine (a snapshot of another database, or from before this one joined)
        #[arg(long)]
        force: bool,
    },
    /// Sync with your other machines, end-to-end encrypted, through a git repository or a synced
    /// folder. Without a subcommand: one round (pull, merge, push)
    Sync {
        #[command(subcommand)]
        cmd: Option<SyncCmd>,
    },
    /// Show every key binding, and any problem in your keymap file
    Keys {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportCmd {
    /// One client's week: decisions, done and open work per lane, Do-now priorities, revisits
    Week(ExportWeekArgs),
    /// The decision log as ADR files in a repository (nygard, madr or log4brains layout)
    Adr {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        /// The ADR folder, or a repository root (its .adr-dir, .log4brains.yml, doc/adr or
        /// docs/decisions is used; with none, the layout's usual folder is made)
        #[arg(long)]
        dir: PathBuf,
        /// nygard (adr-tools), madr (MADR 4) or log4brains; default: what the folder uses, else madr
        #[arg(long)]
        layout: Option<String>,
        /// Where a record changed both in the repository and in Cockpit since the last sync,
        /// write Cockpit's fields over the repository's (otherwise nothing is written)
        #[arg(long)]
        overwrite: bool,
    },
    /// The agenda's dates (decisions' revisits, risk reviews) as an iCalendar file, for a calendar application
    Ics(IcsArgs),
    /// A client's risk register, for a board pack or a security questionnaire
    Risks {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        /// markdown or csv
        #[arg(long, default_value = "markdown")]
        format: String,
        /// Also closed risks
        #[arg(long)]
        all: bool,
        /// Include private risks (for your own copy)
        #[arg(long)]
        include_private: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum PersonCmd {
    /// Add a person, or a candidate (--stage)
    Add(PersonAddArgs),
    /// A private 1:1 note, dated today
    Note {
        name: String,
        text: String,
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
    },
    /// A point for the next 1:1
    Point {
        name: String,
        text: String,
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
    },
    /// Show a person (their 1:1 notes only with --include-private)
    Show {
        #[command(flatten)]
        target: Named,
        #[arg(long)]
        include_private: bool,
    },
    /// Change a person's fields (what is not given stays as it is)
    Edit(PersonEditArgs),
    /// Delete a person with their 1:1s
    Delete(Named),
}

#[derive(Subcommand, Debug)]
pub enum OpeningCmd {
    /// Open a role: cockpit opening add "Senior backend engineer" --decision D-006
    Add {
        role: String,
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        /// open, on-hold, filled or closed
        #[arg(long)]
        status: Option<String>,
        /// The decision to hire for it: D-006
        #[arg(long, value_name = "D-NNN")]
        decision: Option<String>,
    },
    /// List a client's openings
    List {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show an opening
    Show(Named),
    /// Change an opening (what is not given stays as it is; none unlinks the decision)
    Edit {
        #[command(flatten)]
        target: Named,
        #[arg(long)]
        role: Option<String>,
        /// open, on-hold, filled or closed
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_name = "D-NNN")]
        decision: Option<String>,
    },
    /// Delete an opening
    Delete(Named),
}

#[derive(Args, Debug)]
pub struct PersonEditArgs {
    #[command(flatten)]
    pub target: Named,
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub role: Option<String>,
    #[arg(long)]
    pub team: Option<String>,
    #[arg(long)]
    pub contact: Option<String>,
    /// A candidate's stage: sourced, screen, technical, offer, hired or declined; none for a
    /// member of the team
    #[arg(long)]
    pub stage: Option<String>,
}

#[derive(Args, Debug)]
pub struct PersonAddArgs {
    pub name: String,
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    #[arg(long)]
    pub role: Option<String>,
    #[arg(long)]
    pub team: Option<String>,
    /// Email, Slack handle, phone
    #[arg(long)]
    pub contact: Option<String>,
    /// A candidate's stage: sourced, screen, technical, offer, hired or declined
    #[arg(long)]
    pub stage: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum VendorCmd {
    /// Add a vendor, or an option of a decision's evaluation
    Add(VendorAddArgs),
    /// Score a vendor on a criterion, 1 to 5 (the criterion joins its evaluation)
    Score(VendorScoreArgs),
    /// Mark the option its decision took
    Choose {
        name: String,
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
    },
    /// Show a vendor or option with every field
    Show(Named),
    /// Change a vendor's fields (what is not given stays as it is)
    Edit(VendorEditArgs),
    /// Delete a vendor or option
    Delete(Named),
}

#[derive(Args, Debug)]
pub struct VendorEditArgs {
    #[command(flatten)]
    pub target: Named,
    #[arg(long)]
    pub name: Option<String>,
    /// The decision whose evaluation it is an option of: D-007, or none
    #[arg(long, value_name = "D-NNN")]
    pub decision: Option<String>,
    /// Building it ourselves rather than a vendor
    #[arg(long, conflicts_with = "bought")]
    pub build: bool,
    /// A vendor's product, not built
    #[arg(long)]
    pub bought: bool,
    /// An amount, or none
    #[arg(long, value_name = "N")]
    pub cost_per_year: Option<String>,
    /// An amount, or none
    #[arg(long, value_name = "N")]
    pub one_off: Option<String>,
    /// YYYY-MM-DD, or none
    #[arg(long)]
    pub renewal: Option<String>,
    /// Days, or none
    #[arg(long, value_name = "N")]
    pub notice_days: Option<String>,
}

#[derive(Args, Debug)]
pub struct VendorAddArgs {
    pub name: String,
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    /// The decision whose evaluation it is an option of: D-007 or 7
    #[arg(long, value_name = "D-NNN")]
    pub decision: Option<String>,
    /// Building it ourselves rather than a vendor
    #[arg(long)]
    pub build: bool,
    #[arg(long, value_name = "N")]
    pub cost_per_year: Option<String>,
    /// Set-up, migration or building cost
    #[arg(long, value_name = "N")]
    pub one_off: Option<String>,
    /// When the contract renews: YYYY-MM-DD
    #[arg(long)]
    pub renewal: Option<String>,
    /// Days
    #[arg(long, value_name = "N")]
    pub notice_days: Option<String>,
}

#[derive(Args, Debug)]
pub struct VendorScoreArgs {
    pub name: String,
    #[arg(long)]
    pub criterion: String,
    /// 1 to 5
    #[arg(long, value_parser = score)]
    pub score: i64,
    /// How much the criterion counts in this evaluation: 2, 0.5, 30%
    #[arg(long)]
    pub weight: Option<String>,
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum MeetingCmd {
    /// Add a meeting: cockpit meeting add TITLE --notes-file notes.md
    Add(MeetingAddArgs),
    /// Show a meeting with its notes and what they made (a private meeting's notes only with
    /// --include-private)
    Show {
        #[command(flatten)]
        target: Named,
        #[arg(long)]
        include_private: bool,
    },
    /// Change a meeting (new notes make what their lines say, as in the app)
    Edit(MeetingEditArgs),
    /// Delete a meeting; the decisions, actions and risks it made are kept
    Delete(Named),
}

#[derive(Args, Debug)]
pub struct MeetingEditArgs {
    #[command(flatten)]
    pub target: Named,
    #[arg(long)]
    pub title: Option<String>,
    /// leadership, 1on1, standup, vendor, board or other
    #[arg(long)]
    pub kind: Option<String>,
    /// When it started: HH:MM (today), YYYY-MM-DD HH:MM, or RFC 3339
    #[arg(long)]
    pub at: Option<String>,
    /// Replaces the attendees: "Ana, Marco"
    #[arg(long)]
    pub attendees: Vec<String>,
    /// Replaces the notes; - reads standard input
    #[arg(long, value_name = "FILE|-")]
    pub notes_file: Option<String>,
    #[arg(long, conflicts_with = "shared")]
    pub private: bool,
    #[arg(long)]
    pub shared: bool,
}

#[derive(Args, Debug)]
pub struct MeetingAddArgs {
    pub title: String,
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    /// leadership, 1on1, standup, vendor, board or other
    #[arg(long)]
    pub kind: Option<String>,
    /// When it started: HH:MM (today), YYYY-MM-DD HH:MM, or RFC 3339 (default: now)
    #[arg(long)]
    pub at: Option<String>,
    /// "Ana, Marco"
    #[arg(long)]
    pub attendees: Vec<String>,
    /// The notes, in the line syntax of the app's meeting editor; - reads standard input
    #[arg(long, value_name = "FILE|-")]
    pub notes_file: Option<String>,
    /// The notes may go in what the client sees (by default they are private)
    #[arg(long)]
    pub shared: bool,
}

#[derive(Subcommand, Debug)]
pub enum ActionCmd {
    /// Add an action: cockpit action add TITLE --owner Marco --due fri
    Add(ActionAddArgs),
    /// Mark an action done: cockpit action done A-12
    Done { id: String },
    /// Drop an action: cockpit action drop A-12
    Drop { id: String },
    /// Show an action with every field
    Show(Numbered),
    /// Change an action (what is not given stays as it is)
    Edit(ActionEditArgs),
    /// Delete an action
    Delete(Numbered),
}

/// An action, by its number.
#[derive(Args, Debug)]
pub struct Numbered {
    /// A-12 or 12
    pub id: String,
    /// Print it as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct ActionEditArgs {
    #[command(flatten)]
    pub target: Numbered,
    #[arg(long)]
    pub title: Option<String>,
    /// Who owes it (me: you)
    #[arg(long)]
    pub owner: Option<String>,
    /// YYYY-MM-DD, fri, tomorrow, +3d, 2w, or none
    #[arg(long)]
    pub due: Option<String>,
    /// open, done or dropped
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long, conflicts_with = "shared")]
    pub private: bool,
    #[arg(long)]
    pub shared: bool,
}

#[derive(Args, Debug)]
pub struct ActionAddArgs {
    pub title: String,
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    /// Who owes it (default: you)
    #[arg(long)]
    pub owner: Option<String>,
    /// YYYY-MM-DD, fri, tomorrow, +3d or 2w
    #[arg(long)]
    pub due: Option<String>,
    #[arg(long)]
    pub private: bool,
}

#[derive(Subcommand, Debug)]
pub enum RiskCmd {
    /// Add a risk: cockpit risk add TITLE --likelihood 1-5 --impact 1-5
    Add(RiskAddArgs),
    /// Show a risk with every field
    Show(Named),
    /// Change a risk's fields (what is not given stays as it is; a new score is kept in its history)
    Edit(RiskEditArgs),
    /// Delete a risk with its score and review history
    Delete(Named),
}

#[derive(Args, Debug)]
pub struct RiskEditArgs {
    #[command(flatten)]
    pub target: Named,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub description: Option<String>,
    /// 1 to 5
    #[arg(long, value_parser = score)]
    pub likelihood: Option<i64>,
    /// 1 to 5
    #[arg(long, value_parser = score)]
    pub impact: Option<i64>,
    /// security, compliance, availability, data, vendor, delivery, people or cost
    #[arg(long)]
    pub category: Option<String>,
    /// Replaces the tags (repeat it; --tag "" clears them)
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long)]
    pub mitigation: Option<String>,
    /// open, mitigating, accepted or closed
    #[arg(long)]
    pub status: Option<String>,
    /// YYYY-MM-DD, or none
    #[arg(long)]
    pub review: Option<String>,
    /// The decision that mitigates it: D-007, or none
    #[arg(long, value_name = "D-NNN")]
    pub mitigated_by: Option<String>,
    /// The decision that brought it in: D-007, or none
    #[arg(long, value_name = "D-NNN")]
    pub introduced_by: Option<String>,
    #[arg(long, conflicts_with = "shared")]
    pub private: bool,
    #[arg(long)]
    pub shared: bool,
}

#[derive(Args, Debug)]
pub struct RiskAddArgs {
    pub title: String,
    #[arg(long, value_parser = score)]
    pub likelihood: i64,
    #[arg(long, value_parser = score)]
    pub impact: i64,
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    /// security, compliance, availability, data, vendor, delivery, people or cost
    #[arg(long)]
    pub category: Option<String>,
    /// A compliance framework it bears on (SOC 2, ISO 27001, HIPAA, PCI DSS, GDPR, or any); repeatable
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    #[arg(long)]
    pub owner: Option<String>,
    /// YYYY-MM-DD
    #[arg(long)]
    pub review: Option<String>,
    /// The decision that mitigates it: D-007 or 7
    #[arg(long, value_name = "D-NNN")]
    pub mitigated_by: Option<String>,
    /// The decision that brought it in: D-007 or 7
    #[arg(long, value_name = "D-NNN")]
    pub introduced_by: Option<String>,
    #[arg(long)]
    pub mitigation: Option<String>,
    #[arg(long)]
    pub private: bool,
}

#[derive(Args, Debug)]
pub struct IcsArgs {
    /// One client's dates only (default: every active client's)
    #[arg(long)]
    pub client: Option<String>,
    /// Write to FILE instead of standard output
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Include private records (for your own calendar only)
    #[arg(long)]
    pub include_private: bool,
    /// Write FILE again after every change, from the app or the command line, so that a
    /// calendar application can subscribe to it
    #[arg(long, requires = "output")]
    pub keep_updated: bool,
    /// Stop keeping the calendar file up to date
    #[arg(long, conflicts_with_all = ["output", "keep_updated", "client", "include_private"])]
    pub stop_updating: bool,
}

#[derive(Subcommand, Debug)]
pub enum AdrCmd {
    /// Report what is wrong with an ADR folder: files that cannot be read, numbers used by more
    /// than one file, supersede links to missing files (exit status 1 when there is any)
    Check {
        /// The ADR folder, or a repository root
        dir: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportCmd {
    /// ADR files (nygard, MADR or log4brains) into a client's decision log; importing again changes nothing
    Adr {
        /// The client (its name, or any start of it; default: the current one)
        #[arg(long)]
        client: Option<String>,
        /// The ADR folder, or a repository root (its .adr-dir, .log4brains.yml, doc/adr or
        /// docs/decisions)
        dir: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ClientCmd {
    /// Add a client, with its retainer and terms
    Add {
        name: String,
        /// advisory, operational, embedded or fixed-scope
        #[arg(long, default_value = "operational")]
        shape: String,
        #[command(flatten)]
        terms: TermsArgs,
    },
    /// Change a client's retainer, terms or shape (what is not given stays as it is)
    Set {
        name: String,
        /// advisory, operational, embedded or fixed-scope
        #[arg(long)]
        shape: Option<String>,
        #[command(flatten)]
        terms: TermsArgs,
    },
    /// List clients
    List {
        /// Include archived clients
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Rename a client
    Rename { name: String, new_name: String },
    /// Archive a client (hidden from the picker; nothing is deleted)
    Archive { name: String },
    /// Bring an archived client back
    Restore { name: String },
    /// Make a client the current one (the UI's and the CLI's default)
    Use { name: String },
    /// Show a client with its terms
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
    /// Delete a client that has no records yet (archive keeps one that has)
    Delete {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

/// A client's retainer and terms; `none` clears a value.
#[derive(Args, Debug, Default)]
pub struct TermsArgs {
    /// A weekly retainer, in hours per week
    #[arg(long, value_name = "N")]
    pub hours_per_week: Option<String>,
    /// A monthly retainer: the hours a month (a monthly fee's included hours)
    #[arg(long, value_name = "N", visible_alias = "included-hours")]
    pub hours_per_month: Option<String>,
    /// The price of an hour, for a client billed by the hour
    #[arg(long, value_name = "N")]
    pub rate: Option<String>,
    /// The currency of the amounts: a three-letter code (EUR, USD, GBP, …)
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// A monthly retainer's fee (with --included-hours)
    #[arg(long, value_name = "N")]
    pub monthly_fee: Option<String>,
    /// The price of an hour past a monthly fee's included hours
    #[arg(long, value_name = "N")]
    pub overage_rate: Option<String>,
    /// What a monthly fee's unused hours do: none (they lapse) or one-month (carried one month)
    #[arg(long, value_name = "RULE")]
    pub rollover: Option<String>,
}

#[derive(Args, Debug)]
pub struct DecideArgs {
    pub title: String,
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    /// proposed or accepted
    #[arg(long, default_value = "accepted")]
    pub status: String,
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    /// For you alone: never in a week summary or an ADR export
    #[arg(long)]
    pub private: bool,
    #[command(flatten)]
    pub fields: decisions::DecisionFields,
}

#[derive(Args, Debug)]
pub struct NoteArgs {
    pub text: String,
    /// architecture, building, team, infra or strategy
    #[arg(long)]
    pub lane: String,
    /// A task (can be done) instead of a note
    #[arg(long)]
    pub task: bool,
    /// For you alone: never in a week summary (the default in the client's private lanes, team
    /// to begin with)
    #[arg(long, conflicts_with = "shared")]
    pub private: bool,
    /// Client-facing, even in a lane that is private by default
    #[arg(long)]
    pub shared: bool,
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    /// YYYY-Www (default: this week)
    #[arg(long)]
    pub week: Option<String>,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ItemCli {
    #[command(subcommand)]
    pub cmd: Option<ItemCmd>,
    #[command(flatten)]
    pub add: Option<ItemArgs>,
}

#[derive(Subcommand, Debug)]
pub enum ItemCmd {
    /// Add an item (the same as cockpit item TITLE …)
    Add(ItemArgs),
    /// Show an item with every field
    Show(Named),
    /// Change an item's fields (what is not given stays as it is)
    Edit(ItemEditArgs),
    /// Delete an item and its score history (a task made from it keeps its text)
    Delete(Named),
}

#[derive(Args, Debug)]
pub struct ItemEditArgs {
    #[command(flatten)]
    pub target: Named,
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub notes: Option<String>,
    /// 1 (low) to 5 (high)
    #[arg(long)]
    pub impact: Option<String>,
    /// 1 (low) to 5 (high)
    #[arg(long)]
    pub effort: Option<String>,
    /// open, doing, done or dropped
    #[arg(long)]
    pub status: Option<String>,
    /// Private, and the tasks made of it with it
    #[arg(long, conflicts_with = "shared")]
    pub private: bool,
    #[arg(long)]
    pub shared: bool,
}

#[derive(Subcommand, Debug)]
pub enum EntryCmd {
    /// Show a note or task with every field
    Show(EntryNamed),
    /// Change a note or task (what is not given stays as it is)
    Edit(EntryEditArgs),
    /// Mark a task done
    Done(EntryNamed),
    /// Delete a note or task (a task carried from it keeps its text)
    Delete(EntryNamed),
}

/// A note or task of a week: of any week, unless --week.
#[derive(Args, Debug)]
pub struct EntryNamed {
    #[command(flatten)]
    pub target: Named,
    /// YYYY-Www: look in that week only
    #[arg(long)]
    pub week: Option<String>,
}

#[derive(Args, Debug)]
pub struct EntryEditArgs {
    #[command(flatten)]
    pub target: EntryNamed,
    #[arg(long)]
    pub text: Option<String>,
    /// Its longer text, below the line
    #[arg(long)]
    pub body: Option<String>,
    /// architecture, building, team, infra or strategy
    #[arg(long)]
    pub lane: Option<String>,
    /// Make it a task
    #[arg(long, conflicts_with = "note")]
    pub task: bool,
    /// Make it a note
    #[arg(long)]
    pub note: bool,
    /// open or done (a task's)
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long, conflicts_with = "shared")]
    pub private: bool,
    #[arg(long)]
    pub shared: bool,
    /// Move it to another week: YYYY-Www
    #[arg(long, value_name = "YYYY-Www")]
    pub to_week: Option<String>,
    /// Move it to another client (it loses its links to this client's records)
    #[arg(long, value_name = "CLIENT")]
    pub move_to: Option<String>,
}

#[derive(Args, Debug)]
pub struct ItemArgs {
    pub title: String,
    /// 1 (low) to 5 (high)
    #[arg(long, allow_hyphen_values = true)]
    pub impact: String,
    /// 1 (low) to 5 (high)
    #[arg(long, allow_hyphen_values = true)]
    pub effort: String,
    /// The client (its name, or any start of it; default: the current one)
    #[arg(long)]
    pub client: Option<String>,
    /// For you alone: never among a summary's priorities
    #[arg(long)]
    pub private: bool,
}

/// Where change files are exchanged: exactly one of --git and --dir.
#[derive(clap::Args, Debug)]
#[group(required = true, multiple = false)]
pub struct SyncPlace {
    /// A git remote (a private repository): `git` is driven to pull and push
    #[arg(long, value_name = "URL")]
    pub git: Option<String>,
    /// A folder that Syncthing, Dropbox or iCloud keeps the same on every machine
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum SyncCmd {
    /// Set up sync on the first machine: makes the key and writes everything here as the first change file
    Init(SyncPlace),
    /// Set up sync on another machine, with the key file copied from the first
    Join {
        #[command(flatten)]
        place: SyncPlace,
        /// The key, as `cockpit sync key` printed it on the first machine
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
    },
    /// Print the sync key, to copy to the other machine (keep it private)
    Key,
    /// This machine's device id, the place, what waits to be sent, conflicts
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Fields changed on two machines, neither having seen the other's change
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Go on as a new device: for a copy of a database that syncs, found syncing as the original
    NewDevice,
    /// Settle conflict N (as `sync conflicts` numbers them): keep the value kept, or take the other
    Choose {
        #[arg(value_parser = conflict_number)]
        number: usize,
        #[arg(value_enum)]
        keep: SyncKeep,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq)]
pub enum SyncKeep {
    Kept,
    Other,
}

/// A score as typed (a risk's likelihood and impact, an option's score): a whole number, in
/// words when it is not one (its range is checked where it is used).
fn score(s: &str) -> Result<i64, String> {
    s.trim().parse().map_err(|_| format!("'{s}' is not a whole number (a score runs from 1 to 5)"))
}

/// How many decisions `generate` writes besides the demo's own: a whole number up to ten
/// million (a million takes about a minute).
fn decision_count(s: &str) -> Result<usize, String> {
    const MOST: usize = 10_000_000;
    s.trim().parse().ok().filter(|n| *n <= MOST).ok_or_else(|| format!("'{s}' is not a whole number from 0 to {MOST}"))
}

/// A conflict's number, as `sync conflicts` lists them.
fn conflict_number(s: &str) -> Result<usize, String> {
    s.trim().parse().map_err(|_| format!("'{s}' is not a conflict's number (`cockpit sync conflicts` lists them)"))
}
