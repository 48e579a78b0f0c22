//! What can sit over a screen: the capture line, one-line prompts, pickers, forms and help.
//! Keys go to the open modal first.

use super::form::Form;
use super::textline::TextLine;
use crate::domain::{Client, Decision, Entry, Id, Item, Lane, Risk, TimeEntry, Timestamp};

#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// `d`: one line, Enter stores the decision.
    Capture(TextLine),
    Prompt(Prompt),
    /// `c`: the client picker.
    Picker(Picker),
    /// `:`: every command, fuzzy.
    Palette(Picker),
    /// A decision to supersede or link (`PromptPurpose::Supersede` or `LinkDecision`), chosen
    /// from the client's log narrowed by typing.
    PickDecision(Picker, PromptPurpose, super::picker::Found),
    /// The client to move a record (an entry, a time entry) to.
    PickClientFor(Picker, Box<crate::domain::Record>),
    Form(Box<Form<FormPurpose>>),
    /// A question answered with one key.
    Choose(Choose),
    Help {
        scroll: usize,
    },
    /// `y`: the week summary as it will be copied.
    Preview(Box<super::preview::Preview>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub title: String,
    pub hint: String,
    pub input: TextLine,
    pub purpose: PromptPurpose,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PromptPurpose {
    NewEntry {
        lane: Lane,
        task: bool,
    },
    Filter,
    Supersede {
        new: Id,
    },
    StopTimerAt {
        running: Box<TimeEntry>,
    },
    SplitTime {
        entry: Box<TimeEntry>,
        /// The time offered (the middle, to the minute), as shown and as the instant it is:
        /// taken as it is, it is that instant (the clocks may show its time twice).
        offered: (String, crate::domain::Timestamp),
    },
    BillWeek,
    /// The next review date of a risk.
    ReviewRisk {
        risk: Box<Risk>,
    },
    /// The decision that brought a risk in, or that mitigates it.
    LinkDecision {
        risk: Box<Risk>,
        link: super::risks::Link,
    },
    /// A point for the next 1:1 with a person.
    AddPoint {
        person: Box<crate::domain::person::Person>,
    },
    /// A vendor's score on a criterion (and the criterion's weight).
    ScoreVendor {
        vendor: Box<crate::domain::vendor::Vendor>,
    },
    /// The next revisit date of a decision reaffirmed from Today.
    Reaffirm {
        decision: Box<Decision>,
    },
    AdrFolder,
    /// After how many hours a running timer counts as forgotten.
    TimerLimit,
    /// The screen the app opens on.
    StartScreen,
    /// The reason for the week's status, typed from the summary preview.
    StatusReason(Box<super::preview::Preview>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choose {
    pub title: String,
    pub body: Vec<String>,
    /// The keys that answer, with what each does; Esc answers "no".
    pub options: Vec<(char, String)>,
    pub purpose: ChoosePurpose,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ChoosePurpose {
    /// The timer runs for another client than the one just switched to.
    MoveTimer { running: Box<TimeEntry>, to: Id },
    /// A timer found running for longer than the limit at start-up.
    Forgotten { running: Box<TimeEntry>, last: Option<Timestamp> },
    /// The Sync view, with the conflict it shows.
    Sync { conflict: Option<Box<super::sync::Conflict>> },
    /// Something said that waits to be read: the prompts' accept key (Enter) or cancel key
    /// closes it, rather than act on the screen under it (an Enter typed ahead for a form that
    /// did not open).
    Said,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Picker {
    pub query: TextLine,
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FormPurpose {
    NewDecision,
    EditDecision(Box<Decision>),
    NewRisk,
    EditRisk(Box<Risk>),
    /// A new decision that supersedes this one.
    ReplaceDecision(Box<Decision>),
    /// A decision deleted elsewhere while its form was open: saving makes it again, as typed,
    /// under a new number.
    DecisionAgain(Box<Decision>),
    NewItem,
    EditItem(Box<Item>),
    EditEntry(Box<Entry>),
    NewClient,
    EditClient(Box<Client>),
    ItemToTask(Box<Item>),
    NewTime,
    EditTime(Box<TimeEntry>),
    NewAction,
    EditAction(Box<crate::domain::Action>),
    Meeting(Box<super::meeting::Editing>),
    NewVendor,
    EditVendor(Box<crate::domain::vendor::Vendor>),
    NewPerson,
    EditPerson(Box<crate::domain::person::Person>),
    /// A 1:1 being held with this person.
    OneOnOne(Box<crate::domain::person::Person>),
    NewOpening,
    EditOpening(Box<crate::domain::person::Opening>),
}
