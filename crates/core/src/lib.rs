//! Cockpit's core: the product's types and rules, the operations the UI and the command line
//! share, the commands and their keys, and the app's model and `update`. It knows no terminal,
//! no SQL, no clock and no way of making ids: those are the other crates' jobs.
//!
//! - [`domain`]: the product's types and rules,
//! - [`ops`]: the rules of every change that both the app and the command line make,
//! - [`commands`] and [`keymap`]: every bindable command, and the keys bound to them,
//! - [`app`]: the model and `update` (pure),
//! - [`settings`]: the names of stored settings.

pub mod app;
pub mod commands;
pub mod domain;
pub mod keymap;
pub mod ops;
pub mod settings;
