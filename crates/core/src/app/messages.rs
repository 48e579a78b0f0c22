//! What `update` is told (actions) and what it asks the runtime to do (effects).

use super::{preview, Data};
use crate::commands::Command;
use crate::domain::*;
use crate::keymap::Key;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplyKind {
    Do,
    /// A record deleted with what goes with it (see `Effect::Delete`): done as any change.
    Delete,
    Undo,
    Redo,
}

/// What `update` asks the runtime to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Take in this key again, as if it had come now: an overlay closed by a key it has no use
    /// for (a question that came up while the user typed) leaves the key to what is under it,
    /// and `said` is said unless the key says something itself.
    Rekey {
        key: Key,
        said: String,
    },
    /// Apply a change in one transaction; the runtime answers with `Applied` or `Failed`.
    Apply {
        change: Change,
        kind: ApplyKind,
    },
    /// Delete a record with what goes with it (`ops::records`), as stored now; the runtime
    /// answers with `Applied` or `Failed`, as for `Apply`.
    Delete {
        record: Box<Record>,
    },
    /// Load the data for the current query; the runtime answers with `Loaded`.
    Reload,
    /// Read the current client's decision log alone: the loaded data is current, and the query
    /// differs from the one it was loaded for only in wanting the log. The runtime answers with
    /// `LogRead` (or `Loaded`, when a `Reload` came with it).
    ReadLog,
    /// Load the current client's data, after a switch: what is not the client's (the clients and
    /// their counts, time, the agenda) is current. The runtime answers with `ClientLoaded`.
    ReadClient,
    /// A client's status for a week set (none: cleared), as a change like any other.
    SetWeekStatus {
        client: Id,
        week: crate::domain::IsoWeek,
        status: Option<crate::domain::summary::WeekStatus>,
    },
    /// Store a setting; an empty value removes it.
    SaveSetting {
        key: String,
        value: String,
    },
    /// Write a client's decision log as ADR files into `dir`; the runtime answers with `Notice`.
    ExportAdr {
        client: Id,
        dir: String,
    },
    /// Build the summary of a client's week from the database as it is now; the runtime
    /// answers with `Summary`.
    BuildSummary {
        client: Id,
        week: IsoWeek,
        then: preview::Then,
    },
    /// Copy a week summary's text to the clipboard (and its file); the runtime answers with
    /// `Notice`.
    CopyText {
        client: Id,
        week: IsoWeek,
        text: String,
        /// The text is an HTML document, copied as `text/html`.
        html: bool,
    },
    /// Open a text field in the user's editor (`$VISUAL`, `$EDITOR`); the runtime answers with
    /// `Edited`.
    EditExternally {
        text: String,
    },
    /// Read a decision whole, for `then` to act on; the runtime answers with `DecisionRead`.
    ReadDecision {
        id: Id,
        then: Command,
    },
    /// Read the matrix item a task was made from, and the entries made of it, for the task to be
    /// marked done (or open again) with it; the runtime answers with `ItemRead`.
    ReadItemOf {
        task: Entry,
    },
    /// Read the matrix items the tasks `C` carries were made of, for those of items done or
    /// dropped to be left; the runtime answers with `ItemsToCarryRead`.
    ReadItemsToCarry {
        items: Vec<Id>,
    },
    /// Once the data the current screen needs is read, run a command chosen in the palette (the
    /// runtime answers with `Chosen`).
    AfterRead(Command),
    /// Take a verified snapshot now; the runtime answers with `Notice`.
    Backup,
    /// Sync with the other machines now, on another thread.
    Sync,
    /// A conflict settled: the other value taken, or the kept one sent again.
    SettleConflict {
        conflict: Box<super::sync::Conflict>,
        take_other: bool,
    },
    Quit,
    Suspend,
}

#[derive(Debug, Clone)]
pub enum Action {
    Run(Command),
    /// A key while a modal is open.
    ModalKey(Key),
    /// Characters typed in a burst into the open filter prompt (see `route::typed_into_filter`):
    /// each as its key would be, the filter then worked out once. (The selection ends where the
    /// same keys one at a time leave it: see `DecisionsView::typed_from`.)
    Typed(String),
    Paste(String),
    Loaded(Box<Data>),
    /// `Loaded`, for a switch of client: the agenda's sources are as they were.
    ClientLoaded(Box<Data>),
    /// The decision log's filter ranked in the whole log (see `DecisionsView::ranking`).
    Ranked(Box<super::search::Ranked>),
    /// The current client's decision log (or its first page, while the rest is read), for `query`.
    LogRead {
        query: super::Query,
        log: std::sync::Arc<crate::domain::DecisionLog>,
        partial: bool,
    },
    Applied {
        change: Change,
        kind: ApplyKind,
    },
    Failed {
        message: String,
        kind: ApplyKind,
    },
    /// The clock moved on (the runtime sends this when the date or the minute changes).
    Tick {
        today: NaiveDate,
        now: Timestamp,
    },
    Resize {
        width: u16,
        height: u16,
    },
    /// At start-up: the timer has run longer than the limit; `last` is the last change made
    /// for its client since it started.
    ForgottenTimer {
        running: Box<TimeEntry>,
        last: Option<Timestamp>,
    },
    /// The week summary asked for with `BuildSummary`.
    Summary {
        summary: Box<crate::domain::summary::WeekSummary>,
        then: preview::Then,
    },
    /// The decision asked for with `ReadDecision` (none when it is gone).
    DecisionRead {
        decision: Option<Box<Decision>>,
        then: Command,
    },
    /// A command chosen in the palette, to act now that its screen's data is read (`AfterRead`).
    Chosen(Command),
    /// The decisions `whole::wanted` asked for, read whole (none: not there), those that
    /// could not be read, and those not there because sync holds them back (two machines gave
    /// the same number: see the storage's `sync::unique`).
    WholeRead {
        read: Vec<(Id, Option<Decision>)>,
        unreadable: Vec<Id>,
        held: Vec<Id>,
    },
    /// The selected decision's supersede links (see `decisions::links_wanted`).
    LinksRead {
        of: Id,
        supersedes: Vec<crate::domain::decision::Brief>,
        replaced_by: Option<crate::domain::decision::Brief>,
    },
    /// What the selected matrix item shows and `w` needs, read for it in a week (see
    /// `matrix::read_for_selected_wanted`): its last re-scorings, and the entries made of it.
    SelectedItemRead {
        of: (Id, IsoWeek),
        newest: Vec<ScoreChange>,
        made_of: Result<Vec<Entry>, String>,
    },
    /// The item asked for with `ReadItemOf` (none when it is gone), and the entries made of it.
    ItemRead {
        task: Entry,
        item: Option<Box<Item>>,
        made_of: Vec<Entry>,
    },
    /// Those of the items asked for with `ReadItemsToCarry` that are done or dropped, or why
    /// they could not be read.
    ItemsToCarryRead {
        finished: Result<Vec<Id>, String>,
    },
    /// The text back from the external editor, or why there is none.
    Edited(Result<String, String>),
    /// What became of an effect the runtime carried out, for the status bar.
    Notice {
        text: String,
        error: bool,
    },
}
