//! Setting keys, in one place: the app asks for them to be saved, the store keeps them.

use crate::domain::Id;

pub const CURRENT_CLIENT: &str = "current_client";
/// The one capture draft of versions before drafts belonged to a client.
pub const OLD_CAPTURE_DRAFT: &str = "draft.capture";
/// Drafts: `draft.<prompt>.<client id>`.
pub const DRAFTS: &str = "draft.";
/// "1" when the app quit with changes no snapshot holds: the next session takes a snapshot of
/// the latest state once one is due.
pub const SNAPSHOT_DUE: &str = "snapshot.due";
/// Hours after which a running timer is taken for forgotten at start-up.
pub const TIMER_LIMIT: &str = "timer.limit_hours";

/// The calendar file written again after every change (`cockpit export ics --keep-updated`),
/// the database that asked for it (a copy of the database writes no one's calendar), the client
/// it is limited to (an id, or empty), and whether it holds private records ("1").
pub const CALENDAR_FILE: &str = "calendar.file";
pub const CALENDAR_DB: &str = "calendar.database";
pub const CALENDAR_CLIENT: &str = "calendar.client";
pub const CALENDAR_PRIVATE: &str = "calendar.private";

/// What this database last wrote to a file the user may edit afterwards (a statement, a week
/// summary): `written.<the file's path>` holds the SHA-256 of its bytes, so that one changed
/// since is not written over.
pub const WRITTEN: &str = "written.";

/// The highest decision number given for a client (`numbers.decisions.<client id>`) and action
/// number given (`numbers.actions`): numbers are never given twice, even after a delete.
pub const NUMBERS: &str = "numbers.";

/// The screen the app opens on (a [`StartScreen`]).
pub const START_SCREEN: &str = "start_screen";

/// The screen the app opens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartScreen {
    /// Today when more than one client is active, else Week.
    Auto,
    Today,
    Week,
}

impl crate::domain::Choice for StartScreen {
    const WHAT: &'static str = "start screen";
    const ALL: &'static [Self] = &[StartScreen::Auto, StartScreen::Today, StartScreen::Week];
    fn key(self) -> &'static str {
        match self {
            StartScreen::Auto => "auto",
            StartScreen::Today => "today",
            StartScreen::Week => "week",
        }
    }
}

impl StartScreen {
    /// Whether the app opens on Today with this many active clients.
    pub fn opens_today(self, active_clients: usize) -> bool {
        match self {
            StartScreen::Auto => active_clients > 1,
            StartScreen::Today => true,
            StartScreen::Week => false,
        }
    }
}

/// The default of [`TIMER_LIMIT`]: a long working day.
pub const DEFAULT_TIMER_LIMIT_HOURS: f64 = 10.0;

/// A [`TIMER_LIMIT`] as typed: hours from a minute to a week; else why not.
pub fn timer_limit(hours: f64) -> Result<f64, String> {
    if hours.is_finite() && (1.0 / 60.0..=168.0).contains(&hours) {
        Ok(hours)
    } else {
        let shown = Some(hours.to_string()).filter(|s| s.len() <= 12).unwrap_or_else(|| format!("{hours:e}"));
        Err(format!("the limit is a number of hours from a minute (0.02) to a week (168), not {shown}"))
    }
}

/// The folder a client's decision log was last exported to as ADRs.
pub fn adr_dir(client: Id) -> String {
    format!("adr.dir.{client}")
}
