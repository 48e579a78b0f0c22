//! The imperative shell: the clock, the engine that carries out effects against the store,
//! the terminal and the event loop.

pub mod adr_folder;
pub mod adr_sync;
mod adr_take_in;
pub mod allocator;
pub mod calendar;
mod carry_cache;
mod checkpoints;
pub mod clipboard;
pub mod clock;
mod dated_cache;
pub mod decision_cache;
mod draft_slots;
pub mod engine;
pub mod event_loop;
pub mod external_editor;
pub mod file_lock;
pub mod own_file;
pub mod parts_ahead;
pub mod private_sources;
mod ranker;
mod read_marks;
pub mod statements;
pub mod summary_copy;
pub mod sync;
pub mod terminal;
mod wake;

pub use clock::Clock;
pub use engine::Engine;
