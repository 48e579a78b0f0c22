#![allow(dead_code)]
//! Shared test helpers: an engine on an in-memory store with the demo data and a fixed clock.

pub mod pty;

use chrono::NaiveDate;
use cockpit::keymap::Keymap;
use cockpit::runtime::{Clock, Engine};
use cockpit::storage::Store;

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Wednesday of 2026-W47.
pub fn wednesday() -> NaiveDate {
    day("2026-11-18")
}

pub fn demo_engine() -> Engine {
    std::env::set_var("TZ", "UTC");
    let mut store = Store::open_in_memory().unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    Engine::new(store, Keymap::defaults(), Clock::fixed(wednesday())).unwrap()
}

/// Noon (UTC) of [`wednesday`].
pub fn noon() -> chrono::DateTime<chrono::Utc> {
    wednesday().and_hms_opt(12, 0, 0).unwrap().and_utc()
}

pub fn empty_engine() -> Engine {
    let store = Store::open_in_memory().unwrap();
    Engine::new(store, Keymap::defaults(), Clock::fixed(wednesday())).unwrap()
}

pub fn status(e: &Engine) -> String {
    e.app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default()
}
