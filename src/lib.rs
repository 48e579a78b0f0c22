//! Cockpit: a terminal cockpit for fractional CTOs.
//!
//! The crates, and what each may know:
//! - `cockpit-core` (`crates/core`): [`domain`], [`commands`], [`keymap`], [`app`] — the
//!   product's rules and the app's model and `update`; no SQL, no terminal, no clock;
//! - `cockpit-storage` (`crates/storage`): [`storage`], the SQLite store (the only SQL);
//! - this crate, the binary: [`input`] (keys to actions), [`ui`] (the views), [`runtime`] (the
//!   clock, the engine that carries out effects, the terminal and event loop), [`cli`] (the
//!   command line), [`demo`] (realistic sample data) and [`generate`] (large databases).

pub use cockpit_core::{app, commands, domain, keymap, ops, settings};
pub use cockpit_storage as storage;

pub mod advice;
pub mod cli;
pub mod demo;
pub mod generate;
pub mod input;
pub mod runtime;
pub mod ui;
