//! SQLite's full-text search (FTS5) over the decisions' long texts, measured beside Cockpit's
//! own filter (figure 3), which holds the log in memory and searches it there: what searching
//! the long texts in SQLite would cost instead. `cargo bench --bench figures -- fts` (with
//! `1m`, at a million decisions too).
//!
//! Each index is built over every client's decisions in a database of its own beside the
//! generated one (attached and only read: as a writer's, the connection leaves no journal
//! behind it), then queried for
//! every prefix of the filter figure's queries, as the app would for each typed character: the
//! matching decisions' rowids, over all clients (the app would keep its client's).

use super::{line, ms, pct};
use rusqlite::Connection;
use std::path::Path;
use std::time::{Duration, Instant};

/// The two tokenizers that could serve: `trigram` finds a word anywhere in a text, as the
/// filter does (three letters or more); `unicode61` finds words by their start.
const TOKENIZERS: [&str; 2] = ["trigram", "unicode61"];

pub fn side_by_side(db: &Path, size: &str) {
    for tokenizer in TOKENIZERS {
        let index = db.with_file_name(format!("fts-{tokenizer}.db"));
        let _ = std::fs::remove_file(&index);
        let conn = Connection::open(&index).unwrap();
        conn.execute("ATTACH DATABASE ?1 AS generated", [db.display().to_string()]).unwrap();
        conn.execute_batch(&format!(
            "CREATE VIRTUAL TABLE texts USING fts5(context, decision, options, consequences, content='', tokenize='{tokenizer}')"
        ))
        .unwrap();
        let t = Instant::now();
        let n = conn
            .execute(
                "INSERT INTO texts(rowid, context, decision, options, consequences)
                 SELECT rowid, context, decision, options, consequences FROM generated.decisions",
                [],
            )
            .unwrap();
        let built = t.elapsed();
        conn.execute_batch("DETACH DATABASE generated").unwrap();
        let mb = std::fs::metadata(&index).unwrap().len() as f64 / 1e6;
        line(
            &format!("12. FTS5 {tokenizer} index over {n} decisions' long texts, {size}"),
            format!("{:.1} s, {mb:.0} MB", built.as_secs_f64()),
            "(comparison)",
            None,
        );
        let mut times: Vec<Duration> = Vec::new();
        let mut most = 0;
        let mut select = conn.prepare("SELECT rowid FROM texts WHERE texts MATCH ?1").unwrap();
        for query in ["postgres billing", "kafka support", "retire cron", "vanta soc", "stripe mobile"] {
            for end in 1..=query.len() {
                let Some(expr) = expression(tokenizer, &query[..end]) else { continue };
                let t = Instant::now();
                let rows: Vec<i64> = select.query_map([&expr], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
                times.push(t.elapsed());
                most = most.max(rows.len());
            }
        }
        let median = pct(&mut times, 0.5);
        let p99 = pct(&mut times, 0.99);
        line(
            &format!("12. FTS5 {tokenizer}, per prefix, p99 (median; most rows {most})"),
            format!("{:.2} ms ({:.2})", ms(p99), ms(median)),
            "(comparison)",
            None,
        );
        drop(select);
        drop(conn);
        let _ = std::fs::remove_file(&index);
    }
}

/// The MATCH expression for a typed query: each word as written (trigram: those of three
/// letters or more, as shorter ones are not in its index) or as the start of a word
/// (unicode61), all of them.
fn expression(tokenizer: &str, typed: &str) -> Option<String> {
    let words: Vec<String> = typed
        .split_whitespace()
        .filter(|w| tokenizer != "trigram" || w.chars().count() >= 3)
        .map(|w| {
            let quoted = format!("\"{}\"", w.replace('"', "\"\""));
            if tokenizer == "unicode61" {
                quoted + "*"
            } else {
                quoted
            }
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" AND "))
}
