//! The screens, described once: each one's title, key scope, the command that shows it, the view
//! state that holds its filter, and the module that runs its commands, keeps its selection and
//! says how many rows of its list are in view. Everything that differs by screen is generated
//! from this table.
//!
//! A screen's module provides `run(app, cmd)`, `selected_id(app)`, `keep(app, ids)` (after a
//! reload or a filter, select the first of `ids` still shown, else stay in place),
//! `available(app, cmd)` (whether a command acts on what it shows) and `rows(width, body)`.

use super::{actions, agenda, clients, decisions, hours, matrix, people, risks, vendors, week, App, Effect};
use crate::commands::{Command, Scope};
use crate::domain::Id;

macro_rules! screens {
    ($($screen:ident { title: $title:literal, scope: $scope:ident, show: $show:ident, module: $m:ident }),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Screen {
            $($screen,)+
        }

        impl Screen {
            pub const ALL: &'static [Screen] = &[$(Screen::$screen,)+];

            pub fn title(self) -> &'static str {
                match self { $(Screen::$screen => $title,)+ }
            }

            /// The keymap table of its own keys.
            pub fn scope(self) -> Scope {
                match self { $(Screen::$screen => Scope::$scope,)+ }
            }

            /// The command that shows it; its key labels the screen in the header.
            pub fn show(self) -> Command {
                match self { $(Screen::$screen => Command::$show,)+ }
            }

            /// The screen a command shows, if it is one of the `show` commands.
            pub fn shown_by(cmd: Command) -> Option<Screen> {
                Screen::ALL.iter().copied().find(|s| s.show() == cmd)
            }

            /// The text its list is filtered by.
            pub fn filter(self, app: &App) -> &str {
                match self { $(Screen::$screen => &app.$m.filter,)+ }
            }

            pub(super) fn filter_mut(self, app: &mut App) -> &mut String {
                match self { $(Screen::$screen => &mut app.$m.filter,)+ }
            }

            /// Runs a command of this screen's own.
            pub(super) fn run(self, app: &mut App, cmd: Command) -> Vec<Effect> {
                match self { $(Screen::$screen => $m::run(app, cmd),)+ }
            }

            /// The record selected on it.
            pub(super) fn selected_id(self, app: &App) -> Option<Id> {
                match self { $(Screen::$screen => $m::selected_id(app),)+ }
            }

            /// Selects the first of `ids` it still shows, else keeps the selection in place.
            pub(super) fn keep(self, app: &mut App, ids: &[Option<Id>]) {
                match self { $(Screen::$screen => $m::keep(app, ids),)+ }
            }

            /// Whether one of its commands (or a global one it interprets, like `edit`) acts on
            /// what it shows now.
            pub(super) fn available(self, app: &App, cmd: Command) -> bool {
                match self { $(Screen::$screen => $m::available(app, cmd),)+ }
            }

            /// How many rows of its list are in view in a `width` × `body` area.
            pub(super) fn list_rows(self, width: usize, body: usize) -> usize {
                match self { $(Screen::$screen => $m::rows(width, body),)+ }
            }
        }
    };
}

screens! {
    Today { title: "Today", scope: Today, show: ScreenToday, module: agenda },
    Week { title: "Week", scope: Week, show: ScreenWeek, module: week },
    Matrix { title: "Matrix", scope: Matrix, show: ScreenMatrix, module: matrix },
    Decisions { title: "Decisions", scope: Decisions, show: ScreenDecisions, module: decisions },
    Clients { title: "Clients", scope: Clients, show: ScreenClients, module: clients },
    Hours { title: "Hours", scope: Hours, show: ScreenHours, module: hours },
    Risks { title: "Risks", scope: Risks, show: ScreenRisks, module: risks },
    People { title: "People", scope: People, show: ScreenPeople, module: people },
    Vendors { title: "Vendors", scope: Vendors, show: ScreenVendors, module: vendors },
    Actions { title: "Actions", scope: Actions, show: ScreenActions, module: actions },
}

impl Screen {
    fn index(self) -> usize {
        Screen::ALL.iter().position(|s| *s == self).expect("screen")
    }

    pub(super) fn step(self, forward: bool) -> Screen {
        let (i, n) = (self.index(), Screen::ALL.len());
        Screen::ALL[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

/// A list's selection after a reload or a filter: on the first of `keep` that `shown` (the list's
/// ids, in order; a row that shows no record has none) still has, else in place, within the list.
pub(super) fn keep_selection<T: Copy + Into<Option<Id>>>(sel: &mut usize, shown: &[T], keep: &[Option<Id>]) {
    if let Some(pos) = keep.iter().flatten().find_map(|id| shown.iter().position(|s| (*s).into() == Some(*id))) {
        *sel = pos;
    }
    *sel = (*sel).min(shown.len().saturating_sub(1));
}

/// What each screen has selected, by id, in the order of [`Screen::ALL`].
#[derive(Debug, Clone, Default)]
pub(super) struct Kept(Vec<Option<Id>>);

impl Kept {
    pub(super) fn of(app: &App) -> Kept {
        Kept(Screen::ALL.iter().map(|s| s.selected_id(app)).collect())
    }

    /// What `screen` has selected.
    pub(super) fn get(&self, screen: Screen) -> Option<Id> {
        Screen::ALL.iter().position(|s| *s == screen).and_then(|at| self.0.get(at).copied().flatten())
    }

    /// `screen`'s selection goes to `id` instead.
    pub(super) fn set(&mut self, screen: Screen, id: Option<Id>) {
        if let Some(at) = Screen::ALL.iter().position(|s| *s == screen) {
            self.0[at] = id;
        }
    }

    /// Each screen's selection goes to the focused record if it shows it, else stays on the
    /// record it was on, else stays in place.
    pub(super) fn restore(&self, app: &mut App) {
        let focus = app.focus;
        for (s, kept) in Screen::ALL.iter().zip(&self.0) {
            s.keep(app, &[focus, *kept]);
        }
    }
}
