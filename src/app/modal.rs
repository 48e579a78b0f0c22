//! What can sit over a screen: the capture line, one-line prompts, pickers, forms and help.
//! Keys go to the open modal first.

use super::form::Form;
use super::textline::TextLine;
use crate::domain::{Client, Decision, Entry, Id, Item, Lane};

#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    /// `d`: one line, Enter stores the decision.
    Capture(TextLine),
    Prompt(Prompt),
    /// `c`: the client picker.
    Picker(Picker),
    /// `:`: every command, fuzzy.
    Palette(Picker),
    Form(Box<Form<FormPurpose>>),
    Help {
        scroll: usize,
    },
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
    NewEntry { lane: Lane, task: bool },
    Filter,
    Supersede { new: Id },
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
    NewItem,
    EditItem(Box<Item>),
    EditEntry(Box<Entry>),
    NewClient,
    EditClient(Box<Client>),
    ItemToTask(Box<Item>),
}
