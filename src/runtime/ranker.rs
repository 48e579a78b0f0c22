//! The decision log's filter, and a decision picker, ranked on other threads: over a large log
//! the app shows a query's first page at once (see `LogSearch::first_page`), and its whole
//! ranking follows here once that frame is drawn. Text typed meanwhile stops it (the new query
//! is ranked instead); any other key waits for it.

use crate::app::picker;
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
    /// The decision picker it ranks for (which keeps what it found); none: the filter.
    picker: Option<picker::Found>,
    stop: Arc<AtomicBool>,
    /// The filter's ranking, or none (a picker's, kept in the picker), once it is done.
    done: mpsc::Receiver<Option<Ranked>>,
    thread: std::thread::JoinHandle<()>,
}

/// A query to rank: the filter's, or a decision picker's.
enum Job {
    Filter(crate::app::search::Ranking),
    Picker(picker::Ranking),
}

impl Job {
    /// What the app wants ranked, if anything.
    fn wanted(app: &mut App) -> Option<Job> {
        if crate::app::decisions::to_rank(app) {
            return Some(Job::Filter(app.search.ranking(&app.data.decisions, &app.decisions.filter)));
        }
        picker::ranking(app).map(Job::Picker)
    }

    fn query(&self) -> &str {
        match self {
            Job::Filter(ranking) => ranking.query(),
            Job::Picker(ranking) => ranking.query(),
        }
    }

    fn run(self, stop: &AtomicBool) -> Option<Ranked> {
        match self {
            Job::Filter(ranking) => ranking.run(stop),
            Job::Picker(ranking) => {
                ranking.run(stop);
                None
            }
        }
    }
}

impl Running {
    /// Whether it ranks what the app wants ranked.
    fn wanted(&self, app: &App) -> bool {
        let query = match &self.picker {
            None => crate::app::decisions::to_rank(app).then_some(app.decisions.filter.as_str()),
            Some(found) => picker::to_rank(app).filter(|(_, f)| f.is(found)).map(|(q, _)| q),
        };
        query == Some(self.query.as_str()) && std::ptr::eq(self.log.as_ptr(), Arc::as_ptr(&app.data.decisions))
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
        let Some(job) = Job::wanted(app) else { return };
        let query = job.query().to_string();
        let picker = match &job {
            Job::Picker(ranking) => Some(ranking.found().clone()),
            Job::Filter(_) => None,
        };
        let (stop, (tx, done)) = (Arc::new(AtomicBool::new(false)), mpsc::channel());
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            let _ = tx.send(job.run(&stopped));
        });
        let log = Arc::downgrade(&app.data.decisions);
        self.running = Some(Running { query, log, picker, stop, done, thread });
    }

    /// A ranking done: the filter's (a picker's is kept in the picker: none), or none when none
    /// is.
    pub fn receive(&mut self) -> Option<Option<Ranked>> {
        let ranked = self.running.as_ref()?.done.try_recv();
        match ranked {
            Ok(ranked) => {
                self.running = None;
                Some(ranked)
            }
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                self.running = None;
                None
            }
        }
    }

    /// The ranking the app wants, waited for, or worked out here when it is not under way: the
    /// filter's, or none (a picker's is kept in the picker).
    pub fn wait(&mut self, app: &mut App) -> Option<Ranked> {
        if let Some(r) = self.running.take_if(|r| r.wanted(app)) {
            if let Ok(ranked) = r.done.recv() {
                return ranked;
            }
        }
        self.stop();
        Job::wanted(app)?.run(&AtomicBool::new(false))
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
