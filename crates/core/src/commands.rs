//! Every user-bindable command, as data: its name (used in keymap files and the palette), what
//! it does, and where it applies. The keymap, the `?` help, the status-bar hints and the `:`
//! palette are all generated from this one list.

use std::fmt;

/// Where a command applies: everywhere, or on one screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Global,
    Week,
    Matrix,
    Decisions,
    Clients,
    Hours,
}

impl Scope {
    pub const ALL: [Scope; 6] = [Scope::Global, Scope::Week, Scope::Matrix, Scope::Decisions, Scope::Clients, Scope::Hours];

    /// The table name in keymap files.
    pub fn key(self) -> &'static str {
        match self {
            Scope::Global => "global",
            Scope::Week => "week",
            Scope::Matrix => "matrix",
            Scope::Decisions => "decisions",
            Scope::Clients => "clients",
            Scope::Hours => "hours",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Week => "Week",
            Scope::Matrix => "Matrix",
            Scope::Decisions => "Decisions",
            Scope::Clients => "Clients",
            Scope::Hours => "Hours",
        }
    }
}

macro_rules! commands {
    ($( $variant:ident, $name:literal, $scope:ident, $hint:literal, $desc:literal; )*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Command { $($variant,)* }

        impl Command {
            pub const ALL: &'static [Command] = &[$(Command::$variant,)*];

            /// The name used in keymap files and shown in the palette.
            pub fn name(self) -> &'static str {
                match self { $(Command::$variant => $name,)* }
            }

            pub fn description(self) -> &'static str {
                match self { $(Command::$variant => $desc,)* }
            }

            pub fn scope(self) -> Scope {
                match self { $(Command::$variant => Scope::$scope,)* }
            }

            /// Shown in the status bar of its screen (or of every screen, for global ones).
            pub fn is_hint(self) -> bool {
                match self { $(Command::$variant => $hint,)* }
            }
        }
    };
}

commands! {
    ScreenWeek, "screen_week", Global, false, "Show the Week board";
    ScreenMatrix, "screen_matrix", Global, false, "Show the impact × effort Matrix";
    ScreenDecisions, "screen_decisions", Global, false, "Show the Decisions log";
    ScreenClients, "screen_clients", Global, false, "Show all Clients";
    ScreenHours, "screen_hours", Global, false, "Show the Hours of the current client";
    NextScreen, "next_screen", Global, false, "Next screen";
    PrevScreen, "prev_screen", Global, false, "Previous screen";
    CaptureDecision, "capture_decision", Global, true, "Capture a decision (title, then Enter)";
    New, "new", Global, true, "New entry on this screen";
    Open, "open", Global, false, "Open the selected entry";
    Edit, "edit", Global, true, "Edit the selected entry";
    ToggleDone, "toggle_done", Global, false, "Toggle done (tasks, matrix items)";
    SwitchClient, "switch_client", Global, true, "Switch client";
    ToggleTimer, "toggle_timer", Global, true, "Start or stop the timer (current client, focused lane)";
    Filter, "filter", Global, false, "Fuzzy filter the list";
    Palette, "palette", Global, true, "Command palette";
    PrevWeek, "prev_week", Global, false, "Previous week";
    NextWeek, "next_week", Global, false, "Next week";
    ThisWeek, "this_week", Global, false, "Back to this week";
    Undo, "undo", Global, true, "Undo the last change";
    Redo, "redo", Global, false, "Redo the last undone change";
    Help, "help", Global, true, "Help: every key";
    Quit, "quit", Global, true, "Quit";
    CopySummary, "copy_summary", Global, true, "Preview the week summary, then copy it";
    CopySummaryNow, "copy_summary_now", Global, false, "Copy the week summary at once, without the preview";
    TogglePrivate, "toggle_private", Global, false, "Private or client-facing (entries, items, decisions)";
    Suspend, "suspend", Global, false, "Suspend to the shell (fg to return)";
    Up, "up", Global, false, "Move up";
    Down, "down", Global, false, "Move down";
    Left, "left", Global, false, "Move left";
    Right, "right", Global, false, "Move right";
    PageUp, "page_up", Global, false, "Page up";
    PageDown, "page_down", Global, false, "Page down";
    First, "first", Global, false, "Go to the first entry";
    Last, "last", Global, false, "Go to the last entry";
    DeleteEntry, "delete_entry", Week, true, "Delete the selected entry (u undoes)";
    EntryToPrevLane, "entry_to_prev_lane", Week, false, "Move the entry to the previous lane";
    EntryToNextLane, "entry_to_next_lane", Week, false, "Move the entry to the next lane";
    ToggleTask, "toggle_task", Week, false, "Turn a note into a task or back";
    CarryOver, "carry_over", Week, true, "Carry this week's open tasks into the next week";
    ImpactUp, "impact_up", Matrix, true, "More impact";
    ImpactDown, "impact_down", Matrix, false, "Less impact";
    EffortDown, "effort_down", Matrix, false, "Less effort";
    EffortUp, "effort_up", Matrix, false, "More effort";
    DropItem, "drop_item", Matrix, true, "Drop the item (u undoes)";
    ItemToTask, "item_to_task", Matrix, true, "Make the item a task in this week";
    ShowDropped, "show_dropped", Matrix, false, "Show or hide dropped items";
    CycleStatus, "cycle_status", Decisions, true, "Next status of the decision";
    Supersede, "supersede", Decisions, true, "This decision supersedes another";
    FilterStatus, "filter_status", Decisions, false, "Filter by status (cycles)";
    FilterCategory, "filter_category", Decisions, false, "Filter by category (cycles)";
    FilterDue, "filter_due", Decisions, true, "Only decisions due for revisit";
    ClearFilters, "clear_filters", Decisions, false, "Clear the filters";
    ExportAdr, "export_adr", Decisions, true, "Export the decision log as ADR files to the client's folder";
    ExportAdrTo, "export_adr_to", Decisions, false, "Export the decision log as ADR files to another folder";
    ArchiveClient, "archive_client", Clients, true, "Archive or restore the client";
    ShowArchived, "show_archived", Clients, false, "Show or hide archived clients";
    DeleteTime, "delete_time", Hours, true, "Delete the selected time entry (u undoes)";
    SplitTime, "split_time", Hours, true, "Split the selected time entry in two";
    BillWeek, "bill_week", Hours, true, "Mark this week's unbilled time as billed";
}

impl Command {
    pub fn by_name(name: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.name() == name)
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
