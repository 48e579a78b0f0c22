//! Every user-bindable command, as data: its name (used in keymap files and the palette), what
//! it does, and where it applies. The keymap, the `?` help, the status-bar hints and the `:`
//! palette are all generated from this one list.

use std::fmt;

macro_rules! scopes {
    ($($scope:ident, $key:literal, $title:literal;)*) => {
        /// Where a command applies: everywhere, on one screen, or inside one kind of overlay.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Scope {
            $($scope,)*
        }

        impl Scope {
            pub const ALL: &'static [Scope] = &[$(Scope::$scope,)*];

            /// The table name in keymap files.
            pub fn key(self) -> &'static str {
                match self { $(Scope::$scope => $key,)* }
            }

            pub fn title(self) -> &'static str {
                match self { $(Scope::$scope => $title,)* }
            }
        }
    };
}

// Global first, then the screens, then the overlays (from Prompt on).
scopes! {
    Global, "global", "Everywhere";
    Today, "today", "Today";
    Week, "week", "Week";
    Matrix, "matrix", "Matrix";
    Decisions, "decisions", "Decisions";
    Clients, "clients", "Clients";
    Hours, "hours", "Hours";
    Risks, "risks", "Risks";
    People, "people", "People";
    Vendors, "vendors", "Vendors";
    Actions, "actions", "Actions";
    Prompt, "prompt", "In prompts and the capture line";
    Form, "form", "In forms";
    Confirm, "confirm", "When a form asks to discard changes";
    Picker, "picker", "In the client switcher and the palette";
    Preview, "preview", "In the summary preview";
    Help, "help", "In this help";
    Text, "text", "In text fields";
}

impl Scope {
    /// Keys of an overlay: they act only while it is open, and never fall back to the global
    /// keys (a letter typed into a prompt is text, not a command).
    pub fn is_overlay(self) -> bool {
        self >= Scope::Prompt
    }

    /// Where a command of this scope works, for messages: "on the Matrix screen", "in forms".
    pub fn place(self) -> String {
        match self {
            Scope::Global => "everywhere".into(),
            s if s.is_overlay() => s.title().to_lowercase(),
            s => format!("on the {} screen", s.title()),
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

            /// What it does; `{name}` stands for the first key of another command (see
            /// `Keymap::describe`).
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
    ScreenToday, "screen_today", Global, false, "Show Today: what is due for every client";
    ScreenWeek, "screen_week", Global, false, "Show the Week board";
    ScreenMatrix, "screen_matrix", Global, false, "Show the impact × effort Matrix";
    ScreenDecisions, "screen_decisions", Global, false, "Show the Decisions log";
    ScreenClients, "screen_clients", Global, false, "Show all Clients";
    ScreenHours, "screen_hours", Global, false, "Show the Hours of the current client";
    ScreenRisks, "screen_risks", Global, false, "Show the Risks of the current client";
    ScreenPeople, "screen_people", Global, false, "Show the People and candidates of the current client";
    ScreenVendors, "screen_vendors", Global, false, "Show the Vendors and evaluations of the current client";
    ScreenActions, "screen_actions", Global, false, "Show the Actions and meetings of the current client";
    NextScreen, "next_screen", Global, false, "Next screen";
    PrevScreen, "prev_screen", Global, false, "Previous screen";
    CaptureDecision, "capture_decision", Global, true, "Capture a decision (title, then {prompt_accept})";
    Meeting, "meeting", Global, true, "Meeting notes: lines d: a: r: ?: become decisions, actions, risks, questions";
    New, "new", Global, true, "New entry on this screen";
    Open, "open", Global, false, "Open the selected entry";
    Edit, "edit", Global, true, "Edit the selected entry";
    ToggleDone, "toggle_done", Global, false, "Done, or open again (a task, an action); a matrix item's next status: open, doing, done";
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
    RenameClient, "rename_client", Global, false, "Rename the current client (its form, with its retainer and terms)";
    Backup, "backup", Global, false, "Take a verified snapshot of the database now, into backups/";
    Sync, "sync", Global, false, "Sync with your other machines now, and settle conflicts";
    TimerLimit, "timer_limit", Global, false, "After how many hours a running timer counts as forgotten";
    StartScreen, "start_screen", Global, false, "The screen Cockpit opens on: auto, today or week";
    TogglePrivate, "toggle_private", Global, false, "Private or client-facing (entries, items, decisions, actions, risks, time)";
    Suspend, "suspend", Global, false, "Suspend to the shell (fg to return)";
    Up, "up", Global, false, "Move up";
    Down, "down", Global, false, "Move down";
    Left, "left", Global, false, "Move left";
    Right, "right", Global, false, "Move right";
    PageUp, "page_up", Global, false, "Page up";
    PageDown, "page_down", Global, false, "Page down";
    First, "first", Global, false, "Go to the first entry";
    Last, "last", Global, false, "Go to the last entry";
    Reaffirm, "reaffirm", Today, true, "The decision still holds: set its next revisit date";
    Amend, "amend", Today, true, "Amend the decision due for revisit (its full form)";
    ReplaceDecision, "replace_decision", Today, true, "Replace the decision with a new one that supersedes it";
    DeleteEntry, "delete_entry", Week, true, "Delete the selected entry ({undo} undoes)";
    EntryToPrevLane, "entry_to_prev_lane", Week, false, "Move the entry to the previous lane";
    EntryToNextLane, "entry_to_next_lane", Week, false, "Move the entry to the next lane";
    ToggleTask, "toggle_task", Week, false, "Turn a note into a task or back";
    CarryOver, "carry_over", Week, true, "Carry this week's open tasks into the next week";
    MoveEntry, "move_entry", Week, false, "Move the entry to another client";
    ImpactUp, "impact_up", Matrix, true, "More impact";
    ImpactDown, "impact_down", Matrix, false, "Less impact";
    EffortDown, "effort_down", Matrix, false, "Less effort";
    EffortUp, "effort_up", Matrix, false, "More effort";
    DropItem, "drop_item", Matrix, true, "Drop the item ({undo} undoes)";
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
    DeleteTime, "delete_time", Hours, true, "Delete the selected time entry ({undo} undoes)";
    DeleteDecision, "delete_decision", Decisions, true, "Delete the selected decision ({undo} undoes)";
    DeleteItem, "delete_item", Matrix, false, "Delete the item and its score history ({undo} undoes)";
    DeleteRisk, "delete_risk", Risks, false, "Delete the risk and its history ({undo} undoes)";
    DeletePerson, "delete_person", People, false, "Delete the person and their 1:1s, or the opening ({undo} undoes)";
    DeleteVendor, "delete_vendor", Vendors, false, "Delete the vendor or option ({undo} undoes)";
    DeleteAction, "delete_action", Actions, false, "Delete the action, or the meeting ({undo} undoes)";
    SplitTime, "split_time", Hours, true, "Split the selected time entry in two";
    MoveTime, "move_time", Hours, false, "Move the time entry to another client (time logged on the wrong one)";
    BillWeek, "bill_week", Hours, true, "Mark the shown week's unbilled time, or the shown month's statement, as billed";
    WeekOrMonth, "week_or_month", Hours, true, "Show the month or the week";
    RiskImpactUp, "risk_impact_up", Risks, true, "More impact";
    RiskImpactDown, "risk_impact_down", Risks, false, "Less impact";
    RiskLikelihoodDown, "risk_likelihood_down", Risks, false, "Less likely";
    RiskLikelihoodUp, "risk_likelihood_up", Risks, false, "More likely";
    ReviewRisk, "review_risk", Risks, true, "Reviewed: set the next review date";
    CloseRisk, "close_risk", Risks, true, "Close the risk, or reopen it ({undo} undoes)";
    LinkMitigation, "link_mitigation", Risks, true, "The decision that mitigates the risk";
    LinkIntroduced, "link_introduced", Risks, false, "The decision that brought the risk in";
    RisksAsList, "risks_as_list", Risks, false, "The heat map, or one list by score";
    ShowClosedRisks, "show_closed_risks", Risks, false, "Show or hide closed risks";
    NewOpening, "new_opening", People, true, "A new opening: a role being hired for";
    AddPoint, "add_point", People, true, "A point for the next 1:1 with the person";
    HoldOneOnOne, "hold_one_on_one", People, true, "Hold a 1:1: notes, and the agenda's points ticked when discussed";
    NextStage, "next_stage", People, true, "The candidate's next hiring stage (an opening's next status)";
    PrevStage, "prev_stage", People, false, "The candidate's previous hiring stage (an opening's previous status)";
    ScoreVendor, "score_vendor", Vendors, true, "Score the option on a criterion (and set the criterion's weight)";
    ChooseVendor, "choose_vendor", Vendors, true, "The decision took this option";
    NudgeDue, "nudge_due", Actions, true, "Due a day later (tomorrow, if overdue)";
    DropAction, "drop_action", Actions, true, "Drop the action, or reopen it ({undo} undoes)";
    ShowMeetings, "show_meetings", Actions, true, "The meetings, or the actions";
    ShowClosedActions, "show_closed_actions", Actions, false, "Show or hide done and dropped actions";
    PromptAccept, "prompt_accept", Prompt, false, "Accept: save, add, or do what the prompt asks";
    PromptCancel, "prompt_cancel", Prompt, false, "Cancel (a capture or a new entry keeps its draft)";
    PromptSwitch, "prompt_switch", Prompt, false, "In the capture line, the full form; in a new entry, task or note";
    FormSave, "form_save", Form, false, "Save the form (in a multi-line field, the key that is not a new line)";
    FormCancel, "form_cancel", Form, false, "Cancel (a changed form asks first)";
    FormNextField, "form_next_field", Form, false, "Next field (in a multi-line field, the next line first)";
    FormPrevField, "form_prev_field", Form, false, "Previous field (in a multi-line field, the line before first)";
    FormEditor, "form_editor", Form, false, "Open the text field in $VISUAL / $EDITOR";
    ChoiceNext, "choice_next", Form, false, "Next value of a choice field";
    ChoicePrev, "choice_prev", Form, false, "Previous value of a choice field";
    ConfirmDiscard, "confirm_discard", Confirm, false, "Discard the changes";
    ConfirmKeep, "confirm_keep", Confirm, false, "Keep editing";
    Pick, "pick", Picker, false, "Choose the selected client or command";
    PickCancel, "pick_cancel", Picker, false, "Close without choosing";
    PreviewClose, "preview_close", Preview, false, "Close the preview";
    PreviewLeaveOut, "preview_leave_out", Preview, false, "Leave the selected line out, or put it back";
    PreviewAudience, "preview_audience", Preview, false, "Switch between the exec and the team summary";
    PreviewStatus, "preview_status", Preview, false, "Cycle the week's status: green, amber, red, none";
    PreviewReason, "preview_reason", Preview, false, "Give the reason for the status";
    PreviewCopy, "preview_copy", Preview, false, "Copy the summary";
    PreviewCopyHtml, "preview_copy_html", Preview, false, "Copy the summary as HTML";
    HelpClose, "help_close", Help, false, "Close the help";
    TextLeft, "text_left", Text, false, "Cursor left";
    TextRight, "text_right", Text, false, "Cursor right";
    TextWordLeft, "text_word_left", Text, false, "A word left";
    TextWordRight, "text_word_right", Text, false, "A word right";
    TextHome, "text_home", Text, false, "Start of the line";
    TextEnd, "text_end", Text, false, "End of the line";
    TextBackspace, "text_backspace", Text, false, "Delete the character before the cursor";
    TextDelete, "text_delete", Text, false, "Delete the character under the cursor";
    TextDeleteWord, "text_delete_word", Text, false, "Delete the word before the cursor";
    TextKillToStart, "text_kill_to_start", Text, false, "Delete to the start of the line";
    TextKillToEnd, "text_kill_to_end", Text, false, "Delete to the end of the line";
    TextYank, "text_yank", Text, false, "Put back the text last cut from the line";
    TextNewline, "text_newline", Text, false, "A new line (in a multi-line field)";
}

impl Command {
    pub fn by_name(name: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// Moving in a list: bindable in the overlays that show one, as well as everywhere.
    pub fn is_movement(self) -> bool {
        use Command::*;
        matches!(self, Up | Down | Left | Right | PageUp | PageDown | First | Last)
    }

    /// Whether a keymap table may bind it: its own scope's, the global table's commands in a
    /// screen's table, and movement in an overlay's.
    pub fn bindable_in(self, scope: Scope) -> bool {
        self.scope() == scope
            || (self.scope() == Scope::Global && !scope.is_overlay())
            || (self.is_movement() && matches!(scope, Scope::Prompt | Scope::Picker | Scope::Preview | Scope::Help))
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Commands the palette runs, with no key unless the keymap file gives one: they are used
/// seldom, and typing their words finds them.
pub const PALETTE_ONLY: &[Command] = &[Command::RenameClient, Command::Backup, Command::TimerLimit, Command::StartScreen];
