//! References measured beside Cockpit: `fzf --filter`, and the fuzzy matchers side by side.

use super::{line, ms, pct};
use std::time::{Duration, Instant};

/// `fzf --filter` over the same titles, one run per typed prefix, as a reference: its p99.
pub fn fzf_reference(log: &cockpit::domain::DecisionLog, query: &str) -> Option<Duration> {
    let Ok(o) = std::process::Command::new("fzf").arg("--version").output() else {
        line("3r. fzf --filter reference", "fzf not installed".into(), "", None);
        return None;
    };
    let version = String::from_utf8_lossy(&o.stdout).trim().to_string();
    let titles: Vec<&str> = log.iter().map(|d| d.title()).collect();
    let file = std::env::temp_dir().join("cockpit-fzf-titles.txt");
    std::fs::write(&file, titles.join("\n")).unwrap();
    let mut v = Vec::new();
    for n in 1..=query.len() {
        let t = Instant::now();
        let o =
            std::process::Command::new("fzf").args(["--filter", &query[..n]]).stdin(std::fs::File::open(&file).unwrap()).output().unwrap();
        std::hint::black_box(o.stdout.len());
        v.push(t.elapsed());
    }
    // (Not left behind: 14 MB at a million decisions.)
    let _ = std::fs::remove_file(&file);
    let p = pct(&mut v, 0.99);
    line(
        &format!("3r. fzf {version} --filter, {} titles, per prefix (p99)", titles.len()),
        format!("{:.2} ms", ms(p)),
        "(reference)",
        None,
    );
    Some(p)
}

/// The named matcher (fuzzy-matcher's skim) and the one Cockpit uses (nucleo-matcher) on the
/// same haystacks, every decision of the log scored for each prefix of the query, no narrowing.
pub fn matchers_side_by_side(log: &cockpit::domain::DecisionLog, query: &str) {
    use fuzzy_matcher::FuzzyMatcher;
    let haystacks: Vec<String> = log.iter().map(|d| d.haystack()).collect();
    let skim = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
    let mut skim_times = Vec::new();
    for n in 1..=query.len() {
        let t = Instant::now();
        let hits = haystacks.iter().filter(|h| query[..n].split_whitespace().all(|w| skim.fuzzy_indices(h, w).is_some())).count();
        std::hint::black_box(hits);
        skim_times.push(t.elapsed());
    }
    let prepared: Vec<nucleo_matcher::Utf32String> = haystacks.iter().map(|h| nucleo_matcher::Utf32String::from(h.as_str())).collect();
    let mut m = cockpit::app::search::matcher();
    let mut nucleo_times = Vec::new();
    for n in 1..=query.len() {
        let p = cockpit::app::search::Pattern::new(&query[..n]);
        let t = Instant::now();
        let hits = prepared.iter().filter(|h| p.matches_utf32(&mut m, h)).count();
        std::hint::black_box(hits);
        nucleo_times.push(t.elapsed());
    }
    let s = pct(&mut skim_times, 0.99);
    let n = pct(&mut nucleo_times, 0.99);
    line(
        &format!("3m. whole log per prefix, fuzzy-matcher skim ({} haystacks, p99)", haystacks.len()),
        format!("{:.2} ms", ms(s)),
        "(comparison)",
        None,
    );
    line("3m. whole log per prefix, nucleo-matcher (same, p99)", format!("{:.2} ms", ms(n)), "(comparison)", None);
}
