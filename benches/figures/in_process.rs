//! The app's own code in-process: keystroke to frame, fuzzy filtering per typed character, a
//! frame of each screen, the week summary, a captured decision committed.

use super::reference::{fzf_reference, matchers_side_by_side};
use super::{line, ms, pct, today, within_frame};
use cockpit::keymap::Keymap;
use cockpit::runtime::{Clock, Engine};
use cockpit::storage::Store;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use std::path::Path;
use std::time::{Duration, Instant};

fn engine(db: &Path) -> (Engine, Terminal<TestBackend>) {
    let store = Store::open(db).unwrap();
    let mut e = Engine::new(store, Keymap::defaults(), Clock::fixed(today())).unwrap();
    e.dispatch(cockpit::app::Action::Resize { width: 200, height: 60 });
    // As the app does after its first frame: today's snapshot and the current log read ahead.
    e.after_first_frame();
    while e.busy_in_background() {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(500));
    e.tick();
    (e, Terminal::new(TestBackend::new(200, 60)).unwrap())
}

/// One key through the app and one frame drawn (then, as the app's loop does, what waits for
/// a frame begins).
fn key(e: &mut Engine, term: &mut Terminal<TestBackend>, k: &str) -> Duration {
    let t = Instant::now();
    e.keys(&[k]);
    term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
    let took = t.elapsed();
    e.frame_drawn();
    took
}

/// To the Decisions screen, and a switch to the client `name` starts, each key with its frame.
fn switch_from_decisions(e: &mut Engine, term: &mut Terminal<TestBackend>, name: &str) {
    key(e, term, "3");
    key(e, term, "c");
    for c in name.chars() {
        key(e, term, &c.to_string());
    }
    key(e, term, "<Enter>");
}

/// The first filter keystroke after something replaced the log shown: `/`, a pause as long as
/// a person's, then `p`: to its frame, and to the frame with all it found (see `key_ranked`).
fn first_filter_key(e: &mut Engine, term: &mut Terminal<TestBackend>) -> (Duration, Duration) {
    std::thread::sleep(Duration::from_millis(100));
    key(e, term, "/");
    std::thread::sleep(Duration::from_millis(100));
    let t = key_ranked(e, term, "p");
    key(e, term, "<Esc>");
    key(e, term, "<Esc>");
    t
}

/// One key and its frame, then the frames the event loop draws until the whole ranking of the
/// filter or the decision picker is shown (over a large log a query's first page comes first,
/// the rest ranked on other threads): the time to the first frame, and to the last.
fn key_ranked(e: &mut Engine, term: &mut Terminal<TestBackend>, k: &str) -> (Duration, Duration) {
    let t = Instant::now();
    let first = key(e, term, k);
    let ranking = |e: &Engine| e.app.decisions.ranking || cockpit::app::picker::to_rank(&e.app).is_some();
    if ranking(e) {
        while ranking(e) {
            std::thread::sleep(Duration::from_millis(1));
            e.busy_in_background();
            // (As the loop draws a frame: a ranking waits for one.)
            e.frame_drawn();
        }
        term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
    }
    (first, t.elapsed())
}

/// The filter's keys alone (figure 3, more closely): each of the queries typed three times, each
/// time into a filter that remembers nothing, and each prefix's slowest of the three printed:
/// typed at once, key after key (each key's first frame: a large log's first page), and with a
/// pause after each key for the whole ranking (its first frame, and the frame with all of it).
pub fn filter_alone(db: &Path, size: &str) {
    let (mut e, mut term) = engine(db);
    key(&mut e, &mut term, "3");
    let (mut at_once, mut paused, mut whole) = (Vec::new(), Vec::new(), Vec::new());
    // (How many keys typed at once showed fewer than a screenful while the rest was ranked:
    // the few best, or none.)
    let (mut few, mut none, mut moves) = (0, 0, Vec::new());
    for query in QUERIES {
        let mut slowest = vec![[Duration::ZERO; 3]; query.len()];
        for round in 0..6 {
            key(&mut e, &mut term, "/");
            std::thread::sleep(Duration::from_millis(100));
            for (n, c) in query.chars().enumerate() {
                let k = c.to_string();
                let took = if round % 2 == 0 {
                    let t = key(&mut e, &mut term, &k);
                    at_once.push(t);
                    let shown = cockpit::app::decisions::count(&e.app);
                    if e.app.decisions.ranking && shown < usize::from(e.app.size.1) {
                        if shown == 0 {
                            none += 1;
                        } else {
                            few += 1;
                        }
                    }
                    [t, Duration::ZERO, Duration::ZERO]
                } else {
                    let (first, all) = key_ranked(&mut e, &mut term, &k);
                    paused.push(first);
                    whole.push(all);
                    [Duration::ZERO, first, all]
                };
                (0..3).for_each(|i| slowest[n][i] = slowest[n][i].max(took[i]));
            }
            if round % 2 == 0 {
                // (And a move at once, while the last key's query is ranked.)
                moves.push(key(&mut e, &mut term, "<Down>"));
            }
            // (Cleared: nothing of this query is remembered for the next round.)
            key(&mut e, &mut term, "<Esc>");
            key(&mut e, &mut term, "<Esc>");
        }
        for (i, how) in ["at once", "paused", "whole"].iter().enumerate() {
            let each: Vec<String> = slowest.iter().map(|t| format!("{:.0}", ms(t[i]))).collect();
            println!("{:<18} {how:<8} {}", if i == 0 { query } else { "" }, each.join(" "));
        }
    }
    let n = at_once.len();
    // (And how many keys were over a frame: the p99 of a few hundred is the third slowest.)
    let over = |t: &[Duration]| t.iter().filter(|t| **t >= Duration::from_millis(16)).count();
    let (o, p, w) = (over(&at_once), over(&paused), over(&whole));
    within_frame(&format!("3. filter per typed character, key after key, {size} (p99 of {n}, {o} over)"), pct(&mut at_once, 0.99));
    println!("   (of those keys' frames, {few} showed the few best, fewer than a screenful, and {none} none yet, the rest to follow)");
    let (m, mo) = (moves.len(), over(&moves));
    within_frame(&format!("3. filter: Down at once after a query's last key, {size} (slowest of {m}, {mo} over)"), pct(&mut moves, 1.0));
    within_frame(&format!("3. filter per typed character, paused after each, {size} (p99 of {n}, {p} over)"), pct(&mut paused, 0.99));
    within_frame(&format!("3. filter: key to the frame with all it found, {size} (p99 of {n}, {w} over)"), pct(&mut whole, 0.99));
}

/// The queries typed into the filter.
const QUERIES: [&str; 5] = ["postgres billing", "kafka support", "retire cron", "vanta soc", "stripe mobile"];

/// A decision captured: `d`, its title typed, and Enter (commit, reload, frame) timed.
fn capture(e: &mut Engine, term: &mut Terminal<TestBackend>, title: &str) -> Duration {
    key(e, term, "d");
    for c in title.chars() {
        key(e, term, &c.to_string());
    }
    key(e, term, "<Enter>")
}

/// 2–6.
pub fn keys_frames_and_commits(large: &Path, size: &str, quick: bool) {
    // 2. Keystroke to frame, in-process.
    let (mut e, mut term) = engine(large);
    term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
    let mut moves = Vec::new();
    key(&mut e, &mut term, "3");
    let after_start = first_filter_key(&mut e, &mut term);
    for i in 0..400 {
        moves.push(key(&mut e, &mut term, if i % 50 < 40 { "j" } else { "k" }));
    }
    let p = pct(&mut moves, 0.99);
    within_frame("2a. keystroke to frame: moving in Decisions (p99 of 400)", p);
    // Every screen but Today (2d): those of risks, people, vendors and meetings name decisions
    // from years back.
    let mut screens = Vec::new();
    for i in 0..180 {
        screens.push(key(&mut e, &mut term, ["1", "2", "3", "4", "5", "6", "7", "8", "9"][i % 9]));
    }
    let p = pct(&mut screens, 0.99);
    within_frame("2b. keystroke to frame: switching screens, every one but Today (p99 of 180)", p);
    let mut switches = Vec::new();
    let mut after_switch = Vec::new();
    let (mut next_key, mut slash_at_once, mut log_came) = (Vec::new(), Vec::new(), Vec::new());
    key(&mut e, &mut term, "3");
    for i in 0..30 {
        key(&mut e, &mut term, "c");
        for c in ["Acme", "North", "Bright"][i % 3].chars() {
            key(&mut e, &mut term, &c.to_string());
        }
        switches.push(key(&mut e, &mut term, "<Enter>"));
        if i < 6 {
            after_switch.push(first_filter_key(&mut e, &mut term));
        } else if i >= 24 {
            // `/` and a query at once: typed into the log's first page, the rest read meanwhile;
            // then the frame that shows what the query finds in the whole log once it comes.
            for k in ["/", "k", "a", "f", "k", "a"] {
                slash_at_once.push(key(&mut e, &mut term, k));
            }
            while e.app.data.decisions_partial {
                std::thread::sleep(Duration::from_millis(1));
                let t = Instant::now();
                e.tick();
                if !e.app.data.decisions_partial {
                    term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
                    log_came.push(t.elapsed());
                }
            }
            key(&mut e, &mut term, "<Esc>");
        } else {
            // At once, as a fast typist would: it waits for the rest of the log.
            next_key.push(key(&mut e, &mut term, "j"));
        }
    }
    let p = pct(&mut switches, 0.99);
    within_frame(&format!("2c. keystroke to frame: switching client, {size} (p99 of 30)"), p);
    let p = pct(&mut next_key, 1.0);
    within_frame(&format!("2g. `j` at once after switching client (slowest of {})", next_key.len()), p);
    let p = pct(&mut slash_at_once, 1.0);
    within_frame(&format!("2i. `/` and a query typed at once after switching client (slowest of {})", slash_at_once.len()), p);
    let p = pct(&mut log_came, 1.0);
    within_frame(&format!("2j. the frame the log comes in, a query typed meanwhile (slowest of {})", log_came.len()), p);
    // The first visit to the Week and to the Matrix after a switch, with a pause as a person's:
    // each shows what was read ahead once the keys paused after the switch (the week board,
    // the matrix items), which 2b's p99 hides.
    let (mut first_week, mut first_matrix) = (Vec::new(), Vec::new());
    let taken = e.parts_taken_ahead;
    for name in ["Acme", "North", "Bright", "Acme", "North", "Bright"] {
        switch_from_decisions(&mut e, &mut term, name);
        std::thread::sleep(Duration::from_millis(300));
        e.tick();
        first_week.push(key(&mut e, &mut term, "1"));
        first_matrix.push(key(&mut e, &mut term, "2"));
    }
    let (week, matrix) = (pct(&mut first_week, 1.0), pct(&mut first_matrix, 1.0));
    line(
        &format!(
            "2l. the first visit to Week, then to the Matrix, after a switch (slowest of 6; {} of 12 read ahead)",
            e.parts_taken_ahead - taken
        ),
        format!("{:.2} / {:.2} ms", ms(week), ms(matrix)),
        "< 16 ms",
        Some(week.max(matrix) < Duration::from_millis(16)),
    );
    // The Matrix at once after a switch's frame, before what is read ahead comes: it reads the
    // items itself, beside the log's readers, and while the log of the client switched from
    // (read whole before the switch) is freed.
    let mut at_once = Vec::new();
    let taken = e.parts_taken_ahead;
    for name in ["North", "Bright", "Acme", "North", "Bright", "Acme"] {
        key(&mut e, &mut term, "3");
        while e.app.data.decisions_partial {
            std::thread::sleep(Duration::from_millis(5));
            e.tick();
        }
        switch_from_decisions(&mut e, &mut term, name);
        at_once.push(key(&mut e, &mut term, "2"));
    }
    let p = pct(&mut at_once, 1.0);
    within_frame(&format!("2o. the Matrix at once after a switch (slowest of 6; {} of 6 read ahead)", e.parts_taken_ahead - taken), p);
    // The same after switches one after another: the log of the client switched from is still
    // being read, and is let go meanwhile.
    let mut one_after_another = Vec::new();
    for name in ["North", "Bright", "Acme", "North", "Bright", "Acme"] {
        switch_from_decisions(&mut e, &mut term, name);
        one_after_another.push(key(&mut e, &mut term, "2"));
    }
    within_frame("2q. the Matrix at once after quick switches (slowest of 6)", pct(&mut one_after_another, 1.0));
    // Keys a person presses a little apart after a switch: each gap longer than the pause a
    // read ahead waits for, so that its parts run between (and beside) them, as the client's
    // log is read.
    let mut apart = Vec::new();
    for name in ["North", "Bright", "Acme", "North", "Bright", "Acme"] {
        switch_from_decisions(&mut e, &mut term, name);
        for _ in 0..6 {
            std::thread::sleep(Duration::from_millis(200));
            e.tick();
            apart.push(key(&mut e, &mut term, "j"));
        }
    }
    let p = pct(&mut apart, 1.0);
    within_frame(&format!("2p. `j` 200 ms apart after a switch, while the board, items and log are read (slowest of {})", apart.len()), p);
    // Keys of the Risks screen at once after a switch there, while the client's log is read:
    // a risk rescored and back, a new risk's form opened, typed into, emptied and left; then
    // the capture line, the same.
    let (mut on_risks, mut while_read) = (Vec::new(), 0);
    key(&mut e, &mut term, "6");
    for name in ["North", "Bright", "Acme", "North", "Bright", "Acme"] {
        key(&mut e, &mut term, "c");
        for c in name.chars() {
            key(&mut e, &mut term, &c.to_string());
        }
        key(&mut e, &mut term, "<Enter>");
        for k in ["J", "K", "n", "a", "b", "<Backspace>", "<Backspace>", "<Esc>", "d", "a", "<Backspace>", "<Esc>"] {
            while_read += usize::from(e.app.data.decisions_partial);
            on_risks.push(key(&mut e, &mut term, k));
        }
    }
    let n = on_risks.len();
    let p = pct(&mut on_risks, 1.0);
    within_frame(
        &format!("2n. keys of Risks, and `d`, at once after a switch there (slowest of {n}; {while_read} while its log was read)"),
        p,
    );
    // The supersede picker offers the client's whole log: opened, a typed number puts its
    // decision first, words of a title filter it.
    let mut picked = Vec::new();
    key(&mut e, &mut term, "3");
    // (After the switches above, once the log is read whole: `S` would wait for it.)
    while e.app.data.decisions_partial || e.busy_in_background() {
        std::thread::sleep(Duration::from_millis(10));
        e.tick();
    }
    let mut picked_whole = Vec::new();
    for typed in ["12", "kafka"] {
        picked.push(key(&mut e, &mut term, "S"));
        for c in typed.chars() {
            let (first, whole) = key_ranked(&mut e, &mut term, &c.to_string());
            picked.push(first);
            picked_whole.push(whole);
        }
        // (Emptied first: text left with Esc is offered again next time.)
        for _ in typed.chars() {
            key(&mut e, &mut term, "<Backspace>");
        }
        key(&mut e, &mut term, "<Esc>");
    }
    let p = pct(&mut picked, 1.0);
    within_frame(&format!("2h. supersede picker: opened, `12` and `kafka` typed, to each key's frame (slowest of {})", picked.len()), p);
    let p = pct(&mut picked_whole, 1.0);
    within_frame(&format!("2k. the same keys, to the frame with all the picker offers (slowest of {})", picked_whole.len()), p);
    let mut agenda = Vec::new();
    for i in 0..100 {
        agenda.push(key(&mut e, &mut term, if i % 2 == 0 { "0" } else { "1" }));
    }
    let p = pct(&mut agenda, 0.99);
    within_frame("2d. keystroke to frame: Today and back (p99 of 100)", p);
    let mut reads = Vec::new();
    let zone = e.app.zone;
    for _ in 0..100 {
        let t = Instant::now();
        let a = e.store.agenda(today(), e.app.now, &zone, Some(cockpit::domain::agenda::REVISITS_LISTED)).unwrap();
        std::hint::black_box(a);
        reads.push(t.elapsed());
    }
    let items: usize = e.app.agenda.built.clients.iter().map(|c| c.items.len()).sum();
    let counted: usize = e.app.agenda.built.clients.iter().map(|c| c.unlisted.total()).sum();
    let p = pct(&mut reads, 0.99);
    within_frame(&format!("2e. Today's agenda read by date and built ({items} items listed, {counted} revisits counted; p99 of 100)"), p);

    // 3. Fuzzy filter, one character at a time (after `/`, a pause as long as a person's: `/`
    // starts preparing the log's text on another thread).
    key(&mut e, &mut term, "3");
    // A different query each time: a query typed again is answered from the ones remembered.
    let queries = QUERIES;
    let query = queries[0];
    let (mut typed, mut whole) = (Vec::new(), Vec::new());
    for query in &queries[..if quick { 1 } else { 5 }] {
        key(&mut e, &mut term, "/");
        std::thread::sleep(Duration::from_millis(100));
        let keys = query.chars().map(|c| c.to_string()).chain(query.chars().map(|_| "<Backspace>".to_string()));
        for k in keys {
            let (first, all) = key_ranked(&mut e, &mut term, &k);
            typed.push(first);
            whole.push(all);
        }
        key(&mut e, &mut term, "<Esc>");
    }
    let shown = cockpit::app::decisions::count(&e.app);
    let (typed_p99, whole_p99) = (pct(&mut typed, 0.99), pct(&mut whole, 0.99));
    let n = typed.len();
    within_frame(&format!("3. fuzzy filter per typed character, {size} (p99 of {n}; {shown} listed)"), typed_p99);
    within_frame(&format!("3w. the same, to the frame with all it found, {size} (p99 of {n})"), whole_p99);
    let both = |what: &str, (first, all): (Duration, Duration)| {
        line(what, format!("{:.2} / {:.2} ms", ms(first), ms(all)), "< 16 ms", Some(first.max(all) < Duration::from_millis(16)));
    };
    both("3a. first filter keystroke after start-up and `3` (frame / all)", after_start);
    let slowest =
        |v: &[(Duration, Duration)]| (v.iter().map(|t| t.0).max().unwrap_or_default(), v.iter().map(|t| t.1).max().unwrap_or_default());
    both(&format!("3b. first filter keystroke after switching client (slowest of {})", after_switch.len()), slowest(&after_switch));
    let mut after_capture = Vec::new();
    for i in 0..6 {
        capture(&mut e, &mut term, &format!("First key {i}"));
        after_capture.push(first_filter_key(&mut e, &mut term));
    }
    both(&format!("3c. first filter keystroke after capturing (slowest of {})", after_capture.len()), slowest(&after_capture));
    if let Some(fzf) = fzf_reference(&e.app.data.decisions, query) {
        let against = |p: Duration| p.as_secs_f64() / fzf.as_secs_f64();
        line(
            "3r. Cockpit's per-keystroke p99 against fzf's (its frame / all it found)",
            format!("{:.2}× / {:.2}×", against(typed_p99), against(whole_p99)),
            "≤ 0.25×",
            Some(whole_p99.max(typed_p99) * 4 <= fzf),
        );
    }
    matchers_side_by_side(&e.app.data.decisions, query);

    // 4. One full frame of each screen at 200×60.
    for (k, name) in [("1", "Week"), ("2", "Matrix"), ("3", "Decisions"), ("4", "Clients"), ("5", "Hours")] {
        e.keys(&[k]);
        let mut v: Vec<Duration> = (0..50)
            .map(|_| {
                let t = Instant::now();
                term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
                // A full frame each time, not a diff against the last one.
                term.clear().ok();
                t.elapsed()
            })
            .collect();
        let p = pct(&mut v, 0.5);
        line(&format!("4. one frame of {name} at 200×60 (median)"), format!("{:.2} ms", ms(p)), "", None);
    }

    // 5. The week summary (after one warm-up call, which reads the pages from disk).
    let client = e.app.current_client().unwrap().clone();
    let summary = |e: &Engine| {
        let s = e.store.week_summary(&client, cockpit::domain::IsoWeek::of(today()), today(), chrono::Utc::now()).unwrap();
        std::hint::black_box(s.to_markdown());
    };
    let t = Instant::now();
    summary(&e);
    let cold = t.elapsed();
    let mut v: Vec<Duration> = (0..50)
        .map(|_| {
            let t = Instant::now();
            summary(&e);
            t.elapsed()
        })
        .collect();
    let med = pct(&mut v, 0.5);
    let p = pct(&mut v, 0.99);
    line(
        &format!("5. week summary built, {size} (p99 of 50; median {:.2} ms, first call {:.2} ms)", ms(med), ms(cold)),
        format!("{:.2} ms", ms(p)),
        "< 10 ms",
        Some(p < Duration::from_millis(10)),
    );

    // 6. A captured decision committed: `d`, the title, Enter (commit, reload, frame).
    let mut commits: Vec<Duration> = (0..30).map(|i| capture(&mut e, &mut term, &format!("Perf capture {i}"))).collect();
    let p = pct(&mut commits, 0.99);
    line("6a. captured decision, Enter to frame incl. reload (p99 of 30)", format!("{:.2} ms", ms(p)), "", None);
    // With the filter kept: a status cycled keeps what it found (the texts are the same); a
    // decision captured is put in its place among it.
    key(&mut e, &mut term, "3");
    key(&mut e, &mut term, "/");
    for c in "kafka".chars() {
        key(&mut e, &mut term, &c.to_string());
    }
    key(&mut e, &mut term, "<Enter>");
    let mut cycled: Vec<Duration> = (0..30).map(|_| key(&mut e, &mut term, "s")).collect();
    let p = pct(&mut cycled, 0.99);
    within_frame(&format!("6c. status cycled with the filter `kafka` kept, key to frame, {size} (p99 of 30)"), p);
    let mut kept: Vec<Duration> = (0..10).map(|i| capture(&mut e, &mut term, &format!("Kafka capture {i}"))).collect();
    let p = pct(&mut kept, 1.0);
    within_frame(&format!("6d. captured with the filter `kafka` kept, Enter to frame, {size} (slowest of 10)"), p);
    key(&mut e, &mut term, "/");
    key(&mut e, &mut term, "<Esc>");
    // A matrix item rescored, and a week entry ticked off and on: the screens' own changes,
    // once every screen has been shown (each change reads again only what it changed).
    key(&mut e, &mut term, "2");
    let mut rescored: Vec<Duration> = (0..30).map(|i| key(&mut e, &mut term, ["K", "J", "H", "L"][i % 4])).collect();
    let p = pct(&mut rescored, 0.99);
    within_frame(&format!("6e. a matrix item rescored (K J H L), key to frame, {size} (p99 of 30)"), p);
    key(&mut e, &mut term, "1");
    let mut ticked: Vec<Duration> = (0..30).map(|_| key(&mut e, &mut term, " ")).collect();
    let p = pct(&mut ticked, 0.99);
    within_frame(&format!("6f. a week entry ticked off and on (Space), key to frame, {size} (p99 of 30)"), p);
    // A week entry deleted, and the deletion undone and redone (a row removed, and made again),
    // then a risk rescored (the records read again are the risks alone).
    let mut deleted: Vec<Duration> = (0..30).map(|i| key(&mut e, &mut term, ["x", "u", "<C-r>"][i % 3])).collect();
    let p = pct(&mut deleted, 0.99);
    within_frame(&format!("6g. a week entry deleted, undone and redone (x u Ctrl-r), key to frame, {size} (p99 of 30)"), p);
    key(&mut e, &mut term, "6");
    let mut risks: Vec<Duration> = (0..30).map(|i| key(&mut e, &mut term, ["K", "J", "H", "L"][i % 4])).collect();
    let p = pct(&mut risks, 0.99);
    within_frame(&format!("6h. a risk rescored (K J H L on Risks), key to frame, {size} (p99 of 30)"), p);
    let client_id = client.id;
    let mut applies: Vec<Duration> = (0..30)
        .map(|i| {
            let d = cockpit::domain::Decision::captured(
                cockpit::storage::new_id(),
                client_id,
                &format!("Perf commit {i}"),
                today(),
                chrono::Utc::now(),
            );
            let change = cockpit::domain::Change::one("capture", cockpit::domain::Edit::insert(cockpit::domain::Record::Decision(d)));
            let t = Instant::now();
            e.store.apply(&change).unwrap();
            t.elapsed()
        })
        .collect();
    let p = pct(&mut applies, 0.99);
    line(
        "6b. captured decision committed (one transaction, p99 of 30)",
        format!("{:.2} ms", ms(p)),
        "< 10 ms",
        Some(p < Duration::from_millis(10)),
    );
}

/// 2m. A client's decision log read in the background, as a switch has it read (a long one in
/// two halves at once): from the read asked for to the log taken in, the median and slowest of
/// nine, three for each client.
pub fn log_read(db: &Path, size: &str) {
    let store = Store::open(db).unwrap();
    let clients: Vec<_> = store.clients(false).unwrap().into_iter().map(|c| c.id).collect();
    let mut cache = cockpit::runtime::decision_cache::DecisionCache::default();
    let mut times = Vec::new();
    for round in 0..4 {
        for c in &clients {
            let t = Instant::now();
            cache.follow(Some(db.to_path_buf()), *c, today());
            cache.start();
            cache.wait_for(*c);
            // (The first round reads each log once beforehand, as the pages of the file would
            // be when the app has been open.)
            if round > 0 {
                times.push(t.elapsed());
            }
        }
    }
    let n = times.len();
    let (median, slowest) = (pct(&mut times, 0.5), pct(&mut times, 1.0));
    line(
        &format!("2m. a client's decision log read in the background, {size} (median / slowest of {n})"),
        format!("{:.0} / {:.0} ms", ms(median), ms(slowest)),
        "(figure)",
        None,
    );
}
