//! Vendors and evaluations through the keys and the command line: three options weighed, a
//! choice that differs from the weighted winner called out, contract notice dates on Today.

mod common;
use cockpit::app::{vendors, Screen};
use cockpit::domain::*;
use cockpit::storage::Store;
use common::*;

fn acme(store: &Store) -> Id {
    store.client_named("Acme Hospitality").unwrap().unwrap().id
}

/// D-007 for Acme, then its three options on the Vendors screen, each scored; Datadog chosen.
fn three_options() -> cockpit::runtime::Engine {
    let mut e = demo_engine();
    vendor_decision_and_datadog(&mut e);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    // A new option joins the selected one's decision.
    e.keys(&["n", "Grafana Cloud", "<Tab>", "<Tab>", "<Tab>", "9000", "<C-s>"]);
    e.keys(&["n", "Self-hosted Prometheus", "<Tab>", "<Tab>", "<Right>", "<Tab>", "<Tab>", "30000", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let scores = [
        ("Datadog", ["fit 4 x3", "cost 2 x2", "lock-in and exit cost 2", "security and data handling 4", "support 5"]),
        ("Grafana Cloud", ["fit 4", "cost 4", "lock-in and exit cost 4", "security and data handling 4", "support 4"]),
        ("Self-hosted Prometheus", ["fit 3", "cost 3", "lock-in and exit cost 5", "security and data handling 3", "support 2"]),
    ];
    for (name, typed) in scores {
        let at = vendors::shown(&e.app).iter().position(|v| v.name == name).unwrap();
        e.keys(&["g"]);
        for _ in 0..at {
            e.keys(&["j"]);
        }
        for t in typed {
            e.keys(&["s", t, "<Enter>"]);
            assert!(e.app.modal.is_none(), "{t}: {}", status(&e));
        }
    }
    e
}

#[test]
fn an_evaluation_whose_winner_differs_from_the_choice_says_so() {
    let mut e = three_options();
    let d7 = e.store.decisions(acme(&e.store)).unwrap().into_iter().find(|d| d.number == 7).unwrap();
    let options = e.store.vendors(Some(acme(&e.store))).unwrap();
    assert_eq!(options.len(), 3);
    assert!(options.iter().all(|v| v.decision_id == Some(d7.id)), "{options:?}");
    assert!(options.iter().any(|v| v.build && v.name == "Self-hosted Prometheus"));
    // Datadog is chosen; Grafana Cloud weighs more.
    let at = vendors::shown(&e.app).iter().position(|v| v.name == "Datadog").unwrap();
    e.keys(&["g"]);
    for _ in 0..at {
        e.keys(&["j"]);
    }
    e.keys(&["C"]);
    let screen = screen_text(&mut e, 120, 40);
    assert!(screen.contains("Chosen: Datadog; the weighted winner: Grafana Cloud"), "{screen}");
    assert!(screen.contains("fit (×3)") && screen.contains("38,500"), "{screen}");
    // Choosing the winner instead: the callout goes, and one u brings it back.
    e.keys(&["j", "C"]);
    let chosen: Vec<String> = e.store.vendors(Some(acme(&e.store))).unwrap().into_iter().filter(|v| v.chosen).map(|v| v.name).collect();
    assert_eq!(chosen, ["Grafana Cloud"]);
    assert!(!screen_text(&mut e, 120, 40).contains("the choice differs"));
    e.keys(&["u"]);
    assert!(screen_text(&mut e, 120, 40).contains("Chosen: Datadog; the weighted winner: Grafana Cloud"));
    // Undoing a score takes it back alone.
    let scores =
        |e: &cockpit::runtime::Engine| e.store.vendors(Some(acme(&e.store))).unwrap().into_iter().map(|v| v.scores).collect::<Vec<_>>();
    let before = scores(&e);
    e.keys(&["s", "support 1", "<Enter>"]);
    assert_ne!(scores(&e), before);
    e.keys(&["u"]);
    assert_eq!(scores(&e), before);
}

#[test]
fn a_contracts_notice_date_is_on_today_and_opens_the_vendor() {
    let mut e = demo_engine();
    // Renews in 30 days with 30 days' notice: notice is due today.
    e.keys(&["8", "n", "PagerDuty", "<Tab>", "<Tab>", "<Tab>", "6000", "<Tab>", "<Tab>", "2026-12-18", "<Tab>", "30", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    e.keys(&["0"]);
    let today = screen_text(&mut e, 120, 40);
    assert!(today.contains("PagerDuty renews 2026-12-18, 30 days' notice"), "{today}");
    let found = (0..30).any(|_| {
        let on =
            cockpit::app::agenda::selected(&e.app).and_then(|r| e.app.agenda.item(r)).is_some_and(|i| i.due.title.starts_with("PagerDuty"));
        if !on {
            e.keys(&["j"]);
        }
        on
    });
    assert!(found);
    e.keys(&["<Enter>"]);
    assert_eq!((e.app.screen, vendors::selected(&e.app).map(|v| v.name.as_str())), (Screen::Vendors, Some("PagerDuty")));
}

#[test]
fn vendors_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let ok = |args: &[&str]| cli_ok(&db, args);
    ok(&["decide", "Choose a feature-flag service", "--client", "Acme Hospitality", "--category", "vendor"]);
    ok(&[
        "vendor",
        "add",
        "LaunchDarkly",
        "--client",
        "Acme Hospitality",
        "--decision",
        "D-007",
        "--cost-per-year",
        "12,000",
        "--renewal",
        "2027-06-01",
        "--notice-days",
        "90",
    ]);
    ok(&["vendor", "add", "Unleash", "--client", "Acme Hospitality", "--decision", "7", "--build", "--one-off", "8000"]);
    ok(&["vendor", "score", "LaunchDarkly", "--criterion", "fit", "--score", "5", "--weight", "2", "--client", "Acme Hospitality"]);
    ok(&["vendor", "score", "unleash", "--criterion", "fit", "--score", "3", "--client", "Acme Hospitality"]);
    ok(&["vendor", "choose", "Unleash", "--client", "Acme Hospitality"]);
    let text = ok(&["vendors", "--client", "Acme Hospitality"]);
    assert!(
        text.contains("D-007 Choose a feature-flag service") && text.contains("Chosen: Unleash; the weighted winner: LaunchDarkly"),
        "{text}"
    );
    assert!(text.contains("renews 2027-06-01, notice by 2027-03-03"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&ok(&["vendors", "--client", "Acme Hospitality", "--json"])).unwrap();
    assert_eq!(json[0]["winners"][0], "LaunchDarkly");
    assert_eq!(json[0]["differs"], true);
    assert_eq!(json[0]["options"].as_array().unwrap().len(), 2);
    // Bad input is named.
    for (args, says) in [
        (vec!["vendor", "score", "Nope", "--criterion", "fit", "--score", "3", "--client", "Acme Hospitality"], "no vendor named 'Nope'"),
        (vec!["vendor", "score", "Unleash", "--criterion", "fit", "--score", "9", "--client", "Acme Hospitality"], "9 is not a score"),
        (
            vec!["vendor", "score", "Unleash", "--criterion", "fit", "--score", "3", "--weight", "lots", "--client", "Acme Hospitality"],
            "not a weight",
        ),
        (
            vec!["vendor", "add", "X", "--cost-per-year", "12.345", "--client", "Acme Hospitality"],
            "not an amount (at most two decimals, up to 1,000,000,000,000;",
        ),
        (vec!["vendor", "add", "X", "--decision", "D-999", "--client", "Acme Hospitality"], "has no D-999"),
    ] {
        let out = run_cli(&db, &args);
        assert!(
            !out.status.success() && String::from_utf8_lossy(&out.stderr).contains(says),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The notice date goes to the calendar.
    let ics = ok(&["export", "ics", "--client", "Acme Hospitality"]);
    assert!(ics.contains("Last day to give notice: LaunchDarkly renews 2027-06-01"), "{ics}");
}

#[test]
fn the_adr_of_an_evaluated_decision_carries_the_comparison_and_reads_back_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let ok = |args: &[&str]| cli_ok(&db, args);
    ok(&["decide", "Choose a feature-flag service", "--client", "Acme Hospitality", "--category", "vendor"]);
    ok(&["vendor", "add", "LaunchDarkly", "--client", "Acme Hospitality", "--decision", "D-007", "--cost-per-year", "12000"]);
    ok(&["vendor", "add", "Unleash", "--client", "Acme Hospitality", "--decision", "D-007", "--build", "--one-off", "8000"]);
    ok(&["vendor", "score", "LaunchDarkly", "--criterion", "fit", "--score", "5", "--weight", "2", "--client", "Acme Hospitality"]);
    ok(&["vendor", "score", "Unleash", "--criterion", "fit", "--score", "3", "--client", "Acme Hospitality"]);
    ok(&["vendor", "choose", "Unleash", "--client", "Acme Hospitality"]);
    for layout in ["madr", "nygard", "log4brains"] {
        let repo = dir.path().join(layout);
        ok(&["export", "adr", "--client", "Acme Hospitality", "--dir", repo.to_str().unwrap(), "--layout", layout]);
        let file =
            std::fs::read_dir(&repo).unwrap().map(|f| f.unwrap().path()).find(|p| p.to_string_lossy().contains("feature-flag")).unwrap();
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(text.contains("| Option | fit (×2) |") && text.contains("| Unleash (build) (chosen) | 3 |"), "{layout}:\n{text}");
        assert!(text.contains("Chosen: Unleash; the weighted winner: LaunchDarkly"), "{layout}:\n{text}");
        let under = if layout == "nygard" { "## Context" } else { "## Considered Options" };
        let (before, after) = text.split_once(under).unwrap();
        assert!(
            !before.contains("| Option |") && after.split("\n## ").next().unwrap().contains("| Option |"),
            "{layout}: the table under {under}:\n{text}"
        );
        // Read back, the table is in no field: taking the folder in changes nothing, and writing
        // it again leaves the file as it was.
        ok(&["import", "adr", "--client", "Acme Hospitality", repo.to_str().unwrap()]);
        let store = Store::open(&db).unwrap();
        let d7 = store.decisions(acme(&store)).unwrap().into_iter().find(|d| d.number == 7).unwrap();
        assert!(!d7.context.contains("| Option |") && !d7.options.contains("| Option |"), "{layout}: {d7:?}");
        ok(&["export", "adr", "--client", "Acme Hospitality", "--dir", repo.to_str().unwrap()]);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), text, "{layout}");
    }
}

#[test]
fn names_are_one_per_client_and_a_score_belongs_to_its_option() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let ok = |args: &[&str]| cli_ok(&db, args);
    ok(&["decide", "Choose a queue", "--client", "Acme Hospitality"]);
    ok(&["vendor", "add", "SQS", "--client", "Acme Hospitality", "--decision", "7"]);
    ok(&["vendor", "score", "SQS", "--criterion", "fit", "--score", "5", "--client", "Acme Hospitality"]);
    // The same name again (in any case) is refused, so the command line always finds one.
    let out = run_cli(&db, &["vendor", "add", " sqs ", "--client", "Acme Hospitality", "--decision", "7"]);
    assert!(
        !out.status.success() && String::from_utf8_lossy(&out.stderr).contains("'SQS' is already taken"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run_cli(&db, &["person", "add", "ana lima", "--client", "Acme Hospitality"]);
    assert!(out.status.success());
    assert!(!run_cli(&db, &["person", "add", "Ana Lima", "--client", "Acme Hospitality"]).status.success());
    // A second option with no scores weighs nothing, whatever the first one scored.
    ok(&["vendor", "add", "RabbitMQ", "--client", "Acme Hospitality", "--decision", "7"]);
    let json: serde_json::Value = serde_json::from_str(&ok(&["vendors", "--client", "Acme Hospitality", "--json"])).unwrap();
    let rabbit = json[0]["options"].as_array().unwrap().iter().find(|o| o["name"] == "RabbitMQ").unwrap().clone();
    assert_eq!(rabbit["weighted"], 0.0);
    // A vendor tied to no decision stands alone: it is weighed against nothing and not chosen.
    ok(&["vendor", "add", "PagerDuty", "--client", "Acme Hospitality", "--cost-per-year", "6000"]);
    let out = run_cli(&db, &["vendor", "choose", "PagerDuty", "--client", "Acme Hospitality"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("not an option of a decision"));
}

/// The options of a private decision are headed by it with its private mark, as the Decisions
/// screen shows it.
#[test]
fn a_private_decisions_options_are_headed_with_its_mark() {
    let mut e = three_options();
    let d7 = e.store.decisions(acme(&e.store)).unwrap().into_iter().find(|d| d.number == 7).unwrap();
    e.keys(&["3", "g"]);
    while cockpit::app::decisions::selected(&e.app).unwrap().number != 7 {
        e.keys(&["j"]);
    }
    e.keys(&["p", "8"]);
    let screen = screen_text(&mut e, 120, 40);
    assert!(screen.contains(&format!("D-007 {} 🔒", d7.title)), "{screen}");
}

/// A decision typed into a vendor's form that another process deleted a moment before (the
/// app has not looked yet) is not saved, and said so in words, not as SQLite's foreign key;
/// what the other process did is read at once, so the next save says the number is gone; and a
/// form discarded before can no longer come back (the record it edits may be among the changes).
#[test]
fn a_decision_deleted_elsewhere_just_before_saving_is_said_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    cli_ok(&db, &["decide", "Pick an APM vendor", "--client", "Acme"]);
    let mut e = engine_on(&db);
    let number = e.store.decisions(acme(&e.store)).unwrap().iter().find(|d| d.title == "Pick an APM vendor").unwrap().code();
    e.keys(&["8", "n", "Datadog", "<Esc>", "y"]);
    e.keys(&["n", "Honeycomb", "<Tab>", &number]);
    cli_ok(&db, &["decision", "delete", &number, "--client", "Acme"]);
    e.keys(&["<Enter>"]);
    let Some(cockpit::app::modal::Modal::Form(f)) = &e.app.modal else { panic!("the form was not kept: {}", status(&e)) };
    let said = f.error.clone().unwrap_or_default();
    assert!(said.contains("names a record deleted elsewhere") && said.contains("try again"), "{said}");
    assert!(!said.contains("FOREIGN KEY"), "{said}");
    e.keys(&["<Enter>"]);
    let Some(cockpit::app::modal::Modal::Form(f)) = &e.app.modal else { panic!("the form was not kept: {}", status(&e)) };
    assert_eq!(f.error.as_deref(), Some(format!("Decision: there is no {number}").as_str()));
    assert!(e.store.vendors(Some(acme(&e.store))).unwrap().iter().all(|v| v.name != "Honeycomb"));
    // (The form left comes back, and discarded again comes back again.)
    e.keys(&["<Esc>", "y", "u"]);
    assert!(matches!(&e.app.modal, Some(cockpit::app::modal::Modal::Form(_))), "{}", status(&e));
    e.keys(&["<Esc>", "y", "u"]);
    assert!(matches!(&e.app.modal, Some(cockpit::app::modal::Modal::Form(_))), "{}", status(&e));
}
