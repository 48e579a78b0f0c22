//! The risk register through the keys: add, re-score across cells (kept as history), link to a
//! decision and see the link on both sides, close; each undone.

mod common;
use cockpit::app::modal::Modal;
use cockpit::app::{risks, Screen};
use cockpit::domain::risk::{HeatCell, RiskStatus};
use cockpit::domain::*;
use common::*;

fn acme(e: &cockpit::runtime::Engine) -> Id {
    e.store.client_named("Acme Hospitality").unwrap().unwrap().id
}

fn only_risk(e: &cockpit::runtime::Engine) -> Risk {
    let list = e.store.risks(Some(acme(e))).unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    list.into_iter().next().unwrap()
}

/// A risk added from the Risks screen in the cell of likelihood 3, impact 4.
fn with_a_risk() -> cockpit::runtime::Engine {
    let mut e = demo_engine();
    // The map opens on its middle cell (likelihood 3, impact 3); impact 4 is the row above.
    e.keys(&["6", "k", "n", "No tested restore of the production database", "<Enter>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    e
}

#[test]
fn a_risk_is_added_in_the_selected_cell_and_undone() {
    let mut e = with_a_risk();
    assert_eq!(e.app.screen, Screen::Risks);
    let r = only_risk(&e);
    assert_eq!((r.likelihood.get(), r.impact.get(), r.status), (3, 4, RiskStatus::Open));
    assert_eq!(risks::selected(&e.app).map(|s| s.id), Some(r.id));
    e.keys(&["u"]);
    assert!(e.store.risks(Some(acme(&e))).unwrap().is_empty());
}

/// The map opens on the highest risk's cell, not on an empty one; a cell chosen stays chosen.
#[test]
fn the_map_opens_on_the_highest_risks_cell() {
    let mut e = with_a_risk();
    let r = only_risk(&e);
    e.keys(&["c", "North", "<Enter>", "c", "Acme", "<Enter>", "6"]);
    assert_eq!((e.app.risks.row, e.app.risks.col), (1, 2), "{}", status(&e));
    assert_eq!(risks::selected(&e.app).map(|s| s.id), Some(r.id));
    // A new risk there is in the middle cell, not the highest risk's: none was chosen for it.
    e.keys(&["n", "Opened on", "<Enter>"]);
    let made = only_risk_titled(&e, "Opened on");
    assert_eq!((made.likelihood.get(), made.impact.get()), (3, 3));
    assert_eq!((e.app.risks.row, e.app.risks.col), (2, 2), "the map shows it");
    e.keys(&["h", "0", "6"]);
    assert_eq!((e.app.risks.row, e.app.risks.col), (2, 1));
    // One in a cell chosen is in that cell's scores.
    e.keys(&["n", "Chosen", "<Enter>"]);
    let made = only_risk_titled(&e, "Chosen");
    assert_eq!((made.likelihood.get(), made.impact.get()), (2, 3));
}

#[test]
fn re_scoring_moves_it_across_cells_keeps_the_history_and_undoes() {
    let mut e = with_a_risk();
    e.keys(&["K", "L", "L"]);
    let r = only_risk(&e);
    assert_eq!((r.likelihood.get(), r.impact.get()), (5, 5));
    assert_eq!(r.cell(), HeatCell::of(r.likelihood, r.impact));
    // The selection followed it to its cell.
    assert_eq!((e.app.risks.row, e.app.risks.col), (0, 4));
    assert_eq!(risks::selected(&e.app).map(|s| s.id), Some(r.id));
    let history = e.store.risk_scores(acme(&e)).unwrap();
    assert_eq!(history.len(), 3);
    assert_eq!((history[0].from.0.get(), history[0].from.1.get()), (3, 4));
    assert!(screen_text(&mut e, 120, 40).contains("History"));
    e.keys(&["u"]);
    let r = only_risk(&e);
    assert_eq!((r.likelihood.get(), r.impact.get()), (4, 5));
    assert_eq!(e.store.risk_scores(acme(&e)).unwrap().len(), 2);
}

#[test]
fn a_link_to_a_decision_shows_on_both_sides_and_undoes() {
    let mut e = with_a_risk();
    e.keys(&["M", "D-004", "<Enter>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let r = only_risk(&e);
    let d4 = e.store.decisions(acme(&e)).unwrap().into_iter().find(|d| d.number == 4).unwrap();
    assert_eq!(r.mitigated_by, Some(d4.id));
    let risks_screen = screen_text(&mut e, 160, 40);
    assert!(risks_screen.contains(&format!("Mitigated by  D-004 {}", &d4.title[..12])), "{risks_screen}");
    // The decision's detail pane names the risk.
    e.keys(&["3"]);
    let at = cockpit::app::decisions::shown(&e.app).position(|(d, _)| d.id == d4.id).unwrap();
    e.app.decisions.sel = at;
    let decisions_screen = screen_text(&mut e, 160, 40);
    assert!(decisions_screen.contains("Mitigates"), "{decisions_screen}");
    // The picker offers the client's decisions, and unlinking first now that one is linked; a
    // number that is none of them matches nothing, and Enter leaves the picker open.
    e.keys(&["6", "M"]);
    let picker = screen_text(&mut e, 120, 40);
    assert!(picker.contains("Risk 'No tested restore") && picker.contains("no decision (unlink)"), "{picker}");
    assert!(picker.contains(&format!("D-004 {}", &d4.title[..12])), "{picker}");
    e.keys(&["D-999", "<Enter>"]);
    assert!(matches!(e.app.modal, Some(Modal::PickDecision(..))));
    assert!(screen_text(&mut e, 120, 40).contains("no match"));
    e.keys(&["<Esc>", "u"]);
    assert_eq!(only_risk(&e).mitigated_by, None);
    // Words of a title find it as well as its number.
    let words = d4.title.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    e.keys(&["M", &words, "<Enter>"]);
    assert_eq!(only_risk(&e).mitigated_by, Some(d4.id), "{}", status(&e));
    e.keys(&["M", "<Down>"]);
    e.keys(&["<Up>", "<Enter>"]);
    assert_eq!(only_risk(&e).mitigated_by, None, "the first row unlinks: {}", status(&e));
    e.keys(&["u", "u"]);
    assert_eq!(only_risk(&e).mitigated_by, None);
    // The decision that brought it in, the other way round.
    e.keys(&["I", "3", "<Enter>"]);
    let d3 = e.store.decisions(acme(&e)).unwrap().into_iter().find(|d| d.number == 3).unwrap();
    assert_eq!(only_risk(&e).introduced_by, Some(d3.id));
    assert!(screen_text(&mut e, 160, 40).contains("Introduced by D-003"));
    e.keys(&["3"]);
    let at = cockpit::app::decisions::shown(&e.app).position(|(d, _)| d.id == d3.id).unwrap();
    e.app.decisions.sel = at;
    assert!(screen_text(&mut e, 160, 40).contains("Introduced   risk 'No tested restore"));
    e.keys(&["6", "u"]);
    assert_eq!(only_risk(&e).introduced_by, None);
}

#[test]
fn closing_hides_it_from_the_map_and_undoes() {
    let mut e = with_a_risk();
    e.keys(&["x"]);
    assert_eq!(only_risk(&e).status, RiskStatus::Closed);
    assert!(risks::shown(&e.app).is_empty());
    e.keys(&["z"]);
    assert_eq!(risks::shown(&e.app).len(), 1);
    e.keys(&["u"]);
    assert_eq!(only_risk(&e).status, RiskStatus::Open);
}

#[test]
fn a_review_sets_the_next_date_joins_today_and_undoes() {
    let mut e = with_a_risk();
    e.keys(&["r", "<C-u>", "2026-11-20", "<Enter>"]);
    assert_eq!(only_risk(&e).review, Some(day("2026-11-20")));
    // Due within the week: on Today.
    let on_today = |e: &cockpit::runtime::Engine| {
        e.app
            .agenda
            .built
            .clients
            .iter()
            .flat_map(|c| c.items.iter())
            .any(|i| i.due.title == "No tested restore of the production database")
    };
    assert!(on_today(&e));
    // Enter on it from Today opens it on the Risks screen.
    e.keys(&["0", "g"]);
    let v = &e.app.agenda;
    let at =
        v.rows().iter().position(|r| v.item(*r).is_some_and(|i| i.due.title == "No tested restore of the production database")).unwrap();
    for _ in 0..at {
        e.keys(&["j"]);
    }
    e.keys(&["<Enter>"]);
    assert_eq!(e.app.screen, Screen::Risks);
    assert_eq!(risks::selected(&e.app).map(|r| r.title.as_str()), Some("No tested restore of the production database"));
    e.keys(&["u"]);
    assert_eq!(only_risk(&e).review, None);
    assert!(!on_today(&e));
}

/// The cells of every table row of a Markdown document, as pulldown-cmark reads them.
fn markdown_rows(md: &str) -> Vec<Vec<String>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let (mut rows, mut row, mut cell, mut in_cell) = (Vec::new(), Vec::new(), String::new(), false);
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::TableCell) => (in_cell, cell) = (true, String::new()),
            Event::End(TagEnd::TableCell) => {
                in_cell = false;
                row.push(cell.clone());
            }
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => rows.push(std::mem::take(&mut row)),
            Event::Text(t) | Event::Code(t) if in_cell => cell.push_str(&t),
            _ => {}
        }
    }
    rows
}

#[test]
fn the_register_exports_as_markdown_and_csv_that_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let add = |args: &[&str]| {
        let mut all = vec!["risk", "add"];
        all.extend(args);
        let o = run_cli(&db, &all);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    add(&[
        "Vendor lock-in on the WMS, \"hard\" | to exit",
        "--likelihood",
        "3",
        "--impact",
        "4",
        "--client",
        "Northwind Logistics",
        "--category",
        "vendor",
        "--tag",
        "soc2",
        "--tag",
        "GDPR",
        "--owner",
        "Marco",
        "--review",
        "2026-12-01",
        "--mitigated-by",
        "D-002",
    ]);
    add(&[
        "No tested restore",
        "--likelihood",
        "2",
        "--impact",
        "5",
        "--client",
        "Northwind Logistics",
        "--mitigation",
        "Quarterly restore drill\nwith a timer",
    ]);
    add(&["The CTO's own burnout", "--likelihood", "2", "--impact", "2", "--client", "Northwind Logistics", "--private"]);
    let o = run_cli(&db, &["risk", "add", "Bad", "--likelihood", "6", "--impact", "1", "--client", "Northwind Logistics"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("--likelihood: 6 is not a score from 1 to 5"));
    let o = run_cli(
        &db,
        &["risk", "add", "Bad", "--likelihood", "2", "--impact", "1", "--client", "Northwind Logistics", "--mitigated-by", "D-099"],
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("has no D-099"), "{}", String::from_utf8_lossy(&o.stderr));

    let md = String::from_utf8(run_cli(&db, &["export", "risks", "--client", "Northwind Logistics"]).stdout).unwrap();
    let rows = markdown_rows(&md);
    assert_eq!(rows[0][0], "Risk");
    assert_eq!(rows.len(), 3, "a header and the two public risks:\n{md}");
    assert_eq!(rows[1][0], "Vendor lock-in on the WMS, \"hard\" | to exit");
    assert_eq!(&rows[1][1..6], ["vendor", "3", "4", "12", "high"]);
    assert!(rows[1][10].starts_with("D-002 "), "{:?}", rows[1]);
    assert_eq!(rows[1][11], "SOC 2, GDPR");
    assert_eq!(rows[2][9], "Quarterly restore drill with a timer");

    // The CSV read by Python's csv module: the same rows.
    let csv = run_cli(&db, &["export", "risks", "--client", "Northwind Logistics", "--format", "csv"]).stdout;
    let py = ["/usr/bin/python3", "python3"].into_iter().find(|p| std::process::Command::new(p).arg("-V").output().is_ok());
    let Some(py) = py else {
        assert!(std::env::var_os("CI").is_none(), "CI must have python3");
        return;
    };
    let mut child = std::process::Command::new(py)
        .args(["-c", "import csv, json, sys; print(json.dumps(list(csv.reader(sys.stdin))))"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(&csv).unwrap();
    let out = child.wait_with_output().unwrap();
    let from_csv: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(from_csv, rows);
    // Private ones only when asked for.
    let with_private =
        String::from_utf8(run_cli(&db, &["export", "risks", "--client", "Northwind Logistics", "--include-private"]).stdout).unwrap();
    assert_eq!(markdown_rows(&with_private).len(), 4);
    // A public risk mitigated by a private decision: the decision is not named, only said to be
    // private, but with --include-private.
    let decided = cli_ok(&db, &["decide", "Quietly drop the WMS vendor", "--client", "Northwind Logistics", "--private"]);
    let code = decided.split_whitespace().find(|w| w.starts_with("D-")).unwrap().trim_end_matches([',', ':']).to_string();
    add(&["Single WMS engineer", "--likelihood", "3", "--impact", "3", "--client", "Northwind Logistics", "--mitigated-by", &code]);
    for format in ["markdown", "csv"] {
        let out =
            String::from_utf8(run_cli(&db, &["export", "risks", "--client", "Northwind Logistics", "--format", format]).stdout).unwrap();
        assert!(out.contains("Single WMS engineer") && out.contains("a private decision"), "{out}");
        assert!(!out.contains("Quietly drop") && !out.contains(&code), "{out}");
    }
    let with_private =
        String::from_utf8(run_cli(&db, &["export", "risks", "--client", "Northwind Logistics", "--include-private"]).stdout).unwrap();
    assert!(with_private.contains(&format!("{code} Quietly drop the WMS vendor")), "{with_private}");
}

#[test]
fn the_week_summary_lists_risks_opened_rescored_and_closed_but_not_private_ones() {
    let mut e = demo_engine();
    let client = acme(&e);
    let last_week = noon() - chrono::Duration::days(7);
    let s = |v: i64| Score::new(v).unwrap();
    let old = |n: &str, private: bool| Risk { private, ..Risk::new(cockpit::storage::new_id(), client, n, s(2), s(3), last_week) };
    for r in [
        old("Single AWS account", false),
        old("Founder's own burnout", true),
        old("SOC 2 evidence by hand", false),
        old("Untouched", false),
    ] {
        e.store.apply(&Change::one("old", Edit::insert(Record::Risk(r)))).unwrap();
    }
    e.keys(&["]", "[", "6", "v"]);
    // Re-score the AWS one and the private one; close the SOC 2 one; add a new one.
    let select = |e: &mut cockpit::runtime::Engine, title: &str| {
        let at = risks::listed(&e.app).iter().position(|r| r.title == title).unwrap();
        e.app.risks.sel = at;
    };
    select(&mut e, "Single AWS account");
    e.keys(&["K", "K"]);
    select(&mut e, "Founder's own burnout");
    e.keys(&["L"]);
    select(&mut e, "SOC 2 evidence by hand");
    e.keys(&["x"]);
    e.keys(&["n", "No tested restore", "<Enter>"]);
    let c = e.store.client(client).unwrap().unwrap();
    let summary = e.store.week_summary(&c, IsoWeek::of(wednesday()), wednesday(), noon()).unwrap();
    let lines: Vec<(&str, &str)> = summary.risks.iter().map(|r| (r.title.as_str(), r.change.as_str())).collect();
    // (The new one in the middle cell: none was chosen on the map.)
    assert_eq!(lines, [("Single AWS account", "re-scored"), ("No tested restore", "opened"), ("SOC 2 evidence by hand", "closed")]);
    assert_eq!(summary.risks[0].from, Some((2, 3)));
    let md = summary.to_markdown();
    assert!(md.contains("## Risks\n\n- Re-scored: Single AWS account (from 2 × 3 to likelihood 2 × impact 5 = 10, high)"), "{md}");
    assert!(!md.contains("burnout"));
}

#[test]
fn the_next_review_offered_keeps_the_interval_since_the_last_review() {
    let mut e = with_a_risk();
    // Made on the 18th, reviewed on the 20th until the 27th.
    e.clock = cockpit::runtime::Clock::fixed(day("2026-11-20"));
    e.tick();
    e.keys(&["6", "r", "<C-u>", "2026-11-27", "<Enter>"]);
    // Reviewed again on that date: seven days on (from the last review), not nine (from the
    // risk's making).
    e.clock = cockpit::runtime::Clock::fixed(day("2026-11-27"));
    e.tick();
    e.keys(&["6", "r"]);
    let Some(Modal::Prompt(p)) = &e.app.modal else { panic!("the prompt") };
    assert_eq!(p.input.text(), "2026-12-04");
}

/// A capture changes decisions alone, so the risks read before it are kept, not read again;
/// a risk another process renamed meanwhile is still shown renamed after it.
#[test]
fn a_capture_keeps_the_risks_read_yet_shows_another_process_rename() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["6", "k", "n", "No tested restore", "<Enter>"]);
    e.keys(&["d", "Adopt pgBackRest", "<Enter>"]);
    let titles = |e: &cockpit::runtime::Engine| e.app.data.risks.iter().map(|r| r.title.clone()).collect::<Vec<_>>();
    assert!(titles(&e).contains(&"No tested restore".to_string()), "{:?}", titles(&e));
    let before = only_risk_titled(&e, "No tested restore");
    let mut other = cockpit::storage::Store::open(&db).unwrap();
    let after = Risk { title: "No tested restore of Postgres".into(), ..before.clone() };
    other.apply(&Change::one("rename", Edit::update(Record::Risk(before), Record::Risk(after)))).unwrap();
    e.keys(&["d", "Adopt Barman", "<Enter>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert!(titles(&e).contains(&"No tested restore of Postgres".to_string()), "{:?}", titles(&e));
    assert_eq!(e.app.data.risks.len(), e.store.risks(Some(acme(&e))).unwrap().len());
}

/// A risk's decision picker over a large log offers a query's first page at once (see
/// `the_supersede_pickers_first_page_is_the_first_of_all_it_offers`): "no decision" first
/// when its line scores the most any can, as in all it offers once the log is ranked.
#[test]
fn a_risks_picker_offers_unlinking_first_on_its_first_page_as_in_all_it_offers() {
    use cockpit::app::modal_update::{decision_matches, Found};
    let mut e = with_a_risk();
    e.keys(&["M", "D-004", "<Enter>"]);
    e.keys(&["M"]);
    let Some(Modal::PickDecision(_, purpose, found)) = e.app.modal.clone() else { panic!("the picker") };
    let offers = |found: &Found, query: &str| decision_matches(&e.app, &purpose, found, query);
    let mut unlink_first = Vec::new();
    for query in ["no", "no decision", "decision", "d", "4", "D-004", "unlink", "no 4", "adopt"] {
        let (page, all) = (offers(&Found::new(0), query), offers(&found, query));
        assert!(!page.whole() && all.whole(), "{query}");
        assert_eq!(page.iter().collect::<Vec<_>>(), all.iter().take(page.len()).collect::<Vec<_>>(), "{query}");
        if page.get(0) == Some(None) {
            unlink_first.push(query);
        }
    }
    assert_eq!(unlink_first, ["no", "no decision", "decision", "d"]);
}

fn only_risk_titled(e: &cockpit::runtime::Engine, title: &str) -> Risk {
    e.store.risks(Some(acme(e))).unwrap().into_iter().find(|r| r.title == title).unwrap()
}
