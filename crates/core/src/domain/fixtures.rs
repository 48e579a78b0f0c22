//! Fixed ids and instants for the core's unit tests: the rules never make either themselves.

use super::{Id, Timestamp};

/// The `n`th id of a test.
pub fn id(n: u128) -> Id {
    Id::from_u128(n)
}

/// Noon (UTC) on Wednesday 2026-11-18.
pub fn noon() -> Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-18T12:00:00Z").expect("a fixed instant").to_utc()
}
