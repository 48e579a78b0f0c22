//! Operations: every rule that both the app and the command line apply when they change
//! something. Each takes what it needs (the records it checks against, a new id, the time) and
//! gives back the [`Change`](crate::domain::Change) to store, or an [`OpError`] saying why not.
//! Neither the app nor the CLI decides these rules again; they only gather the inputs and say
//! the outcome in their own words.

pub mod actions;
pub mod clients;
pub mod decisions;
pub mod entries;
pub mod items;
pub mod meetings;
pub mod people;
pub mod records;
pub mod risks;
pub mod time;
pub mod vendors;
pub mod week_status;

/// A title with `!private` in it (typed in a form or a command, as in a capture line): the mark
/// taken out, and the record private.
fn mark_private(title: &mut String, private: &mut bool) {
    if let (t, true) = crate::domain::capture::private_marked(title) {
        *title = t.into_owned();
        *private = true;
    }
}

use crate::domain::client::ClientError;
use crate::domain::time::TimeError;
use crate::domain::ChoiceError;

/// Why an operation was refused, in words that say what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OpError {
    #[error("{0} cannot be empty")]
    Empty(&'static str),
    #[error("the notice period reaches back before 1970 (Cockpit's calendar runs from 1970 to 9999): shorten it or give a later renewal")]
    NoticeTooEarly,
    #[error("'{typed}' could be {names}: write more of its name")]
    TwoCriteria { typed: String, names: String },
    #[error("a new decision is proposed or accepted, not {0}")]
    NewDecisionStatus(&'static str),
    #[error("{0} is superseded by another decision: pick that one with supersede, not the status")]
    SupersededByNone(String),
    #[error("a client named '{0}' already exists")]
    ClientExists(String),
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(transparent)]
    Time(#[from] TimeError),
    #[error(transparent)]
    Choice(#[from] ChoiceError),
    #[error("cannot stop the running timer at that time: {0}")]
    CannotStop(TimeError),
    #[error("that is in the future: a timer stops at a time that has passed")]
    InTheFuture,
    #[error("that time was billed on {0}: it stays with the client it was billed to (unbill it first)")]
    Billed(String),
    #[error("nothing unbilled in {0} up to now")]
    NothingToBill(String),
    #[error("{} already billed on another invoice ({invoices}); nothing was marked: correct those entries first", crate::ops::time::entries_count(*count))]
    BilledElsewhere { count: usize, invoices: String },
    #[error("nothing is billed on {0}")]
    NothingBilledOn(String),
    #[error("a timer is running in {0}: stop it first, so that all its time is marked")]
    TimerRunningIn(String),
    #[error("the next revisit date must come after today ({0})")]
    RevisitNotAhead(chrono::NaiveDate),
    #[error("the next review date must come after today ({0})")]
    ReviewNotAhead(chrono::NaiveDate),
    #[error("{0} is not open: only an accepted or proposed decision is revisited")]
    NotOpen(String),
    #[error("{0} is already taken in this client: give another name (the command line finds records by name)")]
    NameTaken(String),
    #[error("'{0}' is not an option of a decision: give it its decision first")]
    NoDecision(String),
    #[error("{0} is not a score: give 1 to 5")]
    NotAScore(i64),
    #[error("the meeting is too big to store: {0}; split the notes")]
    MeetingTooBig(String),
    #[error("the decision made from the line '{0}' could not be read (its row damaged?): the meeting is not saved until it can be")]
    MeetingRecordUnreadable(String),
}
