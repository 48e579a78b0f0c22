//! Cockpit: a terminal cockpit for fractional CTOs.
//!
//! - [`domain`]: the product's types and rules (no terminal, no SQL),
//! - [`storage`]: the SQLite store (the only module with SQL),
//! - [`commands`] and [`keymap`]: every bindable command, and the keys bound to them,
//! - [`app`]: the model and `update` (pure), [`input`]: keys to actions, [`ui`]: the views (pure),
//! - [`runtime`]: the clock, the engine that carries out effects, the terminal and event loop,
//! - [`cli`]: the command line, over the same domain and storage,
//! - [`demo`]: realistic sample data.

pub mod app;
pub mod cli;
pub mod commands;
pub mod demo;
pub mod domain;
pub mod generate;
pub mod input;
pub mod keymap;
pub mod runtime;
pub mod storage;
pub mod ui;
