//! The decision log's filter ranked on other threads: over a large log the app shows a query's
//! first page at once (see `LogSearch::first_page`), and its whole ranking follows here once
//! that frame is drawn. Text typed meanwhile stops it (the new query is ranked instead); any
//! other key waits for it.

use crate::app::search::Ranked;
use crate::app::App;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};

#[derive(Default)]
pub struct Ranker {
    running: Option<Running>,
}

/// A ranking under way on its own thread (which uses the machine's cores for it).
struct Running {
    query: String,
    log: std::sync::Weak<crate::domain::DecisionLog>,
    stop: Arc<AtomicBool>,
    done: mpsc::Receiver<Option<Ranked>>,
    thread: std::thread::JoinHandle<()>,
}

impl Running {
    /// Whether it ranks what the app wants ranked.
    fn wanted(&self, app: &App) -> bool {
        crate::app::decisions::to_rank(app)
            && self.query == app.decisions.filter
            && std::ptr::eq(self.log.as_ptr(), Arc::as_ptr(&app.data.decisions))
    }
}

impl Ranker {
    /// Begins ranking what the app wants ranked, unless that is under way; stops a ranking it
    /// no longer wants.
    pub fn start(&mut self, app: &mut App) {
        if self.running.as_ref().is_some_and(|r| r.wanted(app)) {
            return;
        }
        self.stop();
        if !crate::app::decisions::to_rank(app) {
            return;
        }
        let job = app.search.ranking(&app.data.decisions, &app.decisions.filter);
        let (stop, (tx, done)) = (Arc::new(AtomicBool::new(false)), mpsc::channel());
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            let _ = tx.send(job.run(&stopped));
        });
        let log = Arc::downgrade(&app.data.decisions);
        self.running = Some(Running { query: app.decisions.filter.clone(), log, stop, done, thread });
    }

    /// The ranking, if it is done.
    pub fn receive(&mut self) -> Option<Ranked> {
        let ranked = self.running.as_ref()?.done.try_recv();
        match ranked {
            Ok(ranked) => {
                self.running = None;
                ranked
            }
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.running = None;
                None
            }
        }
    }

    /// The ranking the app wants, waited for, or worked out here when it is not under way.
    pub fn wait(&mut self, app: &mut App) -> Option<Ranked> {
        if !crate::app::decisions::to_rank(app) {
            return None;
        }
        if let Some(r) = self.running.take_if(|r| r.wanted(app)) {
            if let Ok(Some(ranked)) = r.done.recv() {
                return Some(ranked);
            }
        }
        self.stop();
        app.search.ranking(&app.data.decisions, &app.decisions.filter).run(&AtomicBool::new(false))
    }

    /// Stops the ranking under way, once its thread has let go of the log (so that the log
    /// can be patched in place, not copied).
    pub fn stop(&mut self) {
        if let Some(r) = self.running.take() {
            r.stop.store(true, Ordering::Relaxed);
            let _ = r.thread.join();
        }
    }

    pub fn running(&self) -> bool {
        self.running.is_some()
    }
}

/// How often the event loop looks for a ranking done while one runs.
pub const LOOK_EVERY: std::time::Duration = std::time::Duration::from_millis(5);
