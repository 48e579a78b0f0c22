//! The app driven through `update` alone: keys in, effects out. No SQLite, no terminal, no
//! clock: the time, the time zone and the ids are inputs, so every expectation is exact.

use chrono::{FixedOffset, NaiveDate};
use cockpit_core::app::{self, route::route, Action, App, ApplyKind, Data, Effect, Ids, Inputs, Screen};
use cockpit_core::commands::Command;
use cockpit_core::domain::time::TimeEntry;
use cockpit_core::domain::*;
use cockpit_core::keymap::{sequence, Keymap};

fn wednesday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 18).unwrap()
}

fn at(s: &str) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// Ids 1, 2, 3… in the order the app asks for them.
fn counting() -> Ids {
    let mut n = 0u128;
    Ids::new(move || {
        n += 1;
        Id::from_u128(n)
    })
}

const ACME: u128 = 1000;

/// An app at noon UTC on Wednesday in `zone`, with one client loaded.
fn app(keymap: Keymap, zone: Zone) -> App {
    let inputs = Inputs { today: wednesday(), now: at("2026-11-18T12:00:00Z"), zone, ids: counting() };
    let acme = Client::new(Id::from_u128(ACME), "Acme", Shape::Embedded, Some(15.0), wednesday(), at("2026-11-01T09:00:00Z")).unwrap();
    let mut app = App::new(keymap, inputs, Some(acme.id));
    let data = Data { query: Some(app.query()), clients: vec![acme], ..Default::default() };
    app::update(&mut app, Action::Loaded(Box::new(data)));
    app
}

fn utc() -> Zone {
    Zone::utc()
}

/// Presses keys; the effects of the last one.
fn press(app: &mut App, keys: &[&str]) -> Vec<Effect> {
    let mut effects = vec![];
    for key in sequence(keys) {
        effects = route(app, key).map(|a| app::update(app, a)).unwrap_or_default();
    }
    effects
}

fn applied(effects: &[Effect]) -> &Change {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Apply { change, kind: ApplyKind::Do } => Some(change),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no change in {effects:?}"))
}

#[test]
fn a_captured_decision_has_the_given_id_date_and_time() {
    let mut app = app(Keymap::defaults(), utc());
    let effects = press(&mut app, &["d", "Move cron to a queue #infra", "<Enter>"]);
    let change = applied(&effects);
    assert_eq!(change.label, "Captured 'Move cron to a queue'");
    let Some(Record::Decision(d)) = &change.edits[0].after else { panic!("{change:?}") };
    assert_eq!(d.id, Id::from_u128(1), "the first id the app was given");
    assert_eq!(d.client_id, Id::from_u128(ACME));
    assert_eq!(d.date, wednesday());
    assert_eq!((d.created_at, d.updated_at), (at("2026-11-18T12:00:00Z"), at("2026-11-18T12:00:00Z")));
    assert_eq!(d.tags, ["infra"]);
}

#[test]
fn a_typed_time_is_read_in_the_zone_the_app_is_given() {
    for (zone, expected) in
        [(utc(), "2026-11-18T10:30:00Z"), (Zone::Fixed(FixedOffset::east_opt(5 * 3600).unwrap()), "2026-11-18T05:30:00Z")]
    {
        let mut app = app(Keymap::defaults(), zone);
        let running =
            TimeEntry::started(Id::from_u128(7), Id::from_u128(ACME), None, at("2026-11-18T04:00:00Z"), at("2026-11-18T04:00:00Z"));
        app::update(&mut app, Action::ForgottenTimer { running: Box::new(running), last: None });
        let effects = press(&mut app, &["t", "10:30", "<Enter>"]);
        let Some(Record::Time(t)) = &applied(&effects).edits[0].after else { panic!() };
        assert_eq!(t.end, Some(at(expected)), "{zone:?}");
    }
}

#[test]
fn a_timer_started_while_another_runs_stops_it_in_the_same_change() {
    let mut app = app(Keymap::defaults(), utc());
    let other = Id::from_u128(2000);
    let running = TimeEntry::started(Id::from_u128(7), other, None, at("2026-11-18T09:00:00Z"), at("2026-11-18T09:00:00Z"));
    app.data.running = Some(running.clone());
    let effects = press(&mut app, &["i"]);
    let change = applied(&effects);
    assert_eq!(change.edits.len(), 2, "{change:?}");
    assert_eq!(change.edits[0].after, Some(Record::Time(TimeEntry { end: Some(at("2026-11-18T12:00:00Z")), ..running })));
    let Some(Record::Time(new)) = &change.edits[1].after else { panic!() };
    assert_eq!((new.id, new.client_id, new.start), (Id::from_u128(1), Id::from_u128(ACME), at("2026-11-18T12:00:00Z")));
}

#[test]
fn overlay_keys_follow_the_keymap() {
    // A user who saves forms with C-x and cancels prompts with C-g.
    let user = "[form]\n\"<C-x>\" = \"form_save\"\n[prompt]\n\"<C-g>\" = \"prompt_cancel\"\n\"<Esc>\" = \"none\"\n";
    let mut app = app(Keymap::with_user("keymap.toml", user), utc());
    assert!(app.keymap.problems.is_empty(), "{:?}", app.keymap.problems);
    press(&mut app, &["d", "Half a thought", "<Esc>"]);
    assert!(app.modal.is_some(), "Esc no longer cancels the capture line");
    press(&mut app, &["<C-g>"]);
    assert!(app.modal.is_none());
    assert_eq!(app.draft(app::drafts::DraftKind::Capture), "Half a thought", "the draft is kept, as with Esc before");
    // The full form, saved with the user's key.
    let effects = press(&mut app, &["d", "<Tab>", "<C-x>"]);
    assert_eq!(applied(&effects).label, "Recorded 'Half a thought'");
}

#[test]
fn messages_name_the_keys_of_the_active_keymap() {
    let user = "[global]\n\"d\" = \"none\"\n\"D\" = \"capture_decision\"\n\"n\" = \"none\"\n\"a\" = \"new\"\n";
    let mut app = app(Keymap::with_user("keymap.toml", user), utc());
    press(&mut app, &["D", "x", "<Esc>"]);
    let status = app.status.clone().unwrap().text;
    assert_eq!(status, "Draft kept: press D to go on with it");
    app::update(&mut app, Action::Paste("pasted".into()));
    let status = app.status.clone().unwrap().text;
    assert!(status.contains("press D to capture a decision or a for a new entry"), "{status}");
    assert_eq!(app.keymap.describe(Command::CaptureDecision), "Capture a decision (title, then Enter)");
}

#[test]
fn the_palette_offers_what_acts_here_first_then_every_other_command() {
    let mut app = app(Keymap::defaults(), utc());
    let offered = |app: &App| app::modal_update::palette_offers(app, "").into_iter().map(|(c, _)| c).collect::<Vec<_>>();
    // The week is empty: nothing to edit, delete or carry over; nothing to undo. Those, another
    // screen's commands and the screen already shown come after what acts here; the overlays'
    // are not offered.
    let week = offered(&app);
    let at = |c: Command| week.iter().position(|x| *x == c);
    let last_here = [Command::CaptureDecision, Command::New, Command::ScreenMatrix].map(|c| at(c).expect("offered")).into_iter().max();
    assert!(at(Command::FormSave).is_none());
    for later in [
        Command::Edit,
        Command::DeleteEntry,
        Command::ToggleDone,
        Command::CarryOver,
        Command::Undo,
        Command::ThisWeek,
        Command::ScreenWeek,
        Command::SwitchClient,
        Command::CycleStatus,
        Command::BillWeek,
    ] {
        assert!(at(later) > last_here, "{later} offered before what acts on an empty week");
    }
    // Running one from the palette acts.
    let effects = press(&mut app, &[":", "new entry", "<Enter>", "Check backups", "<Enter>"]);
    assert!(applied(&effects).label.starts_with("Added note 'Check backups'"), "{effects:?}");
    press(&mut app, &["4"]);
    assert_eq!(app.screen, Screen::Clients);
    let clients = offered(&app);
    let at = |c: Command| clients.iter().position(|x| *x == c);
    assert!(at(Command::ArchiveClient) < at(Command::ToggleDone));
}

#[test]
fn a_new_decision_is_proposed_or_accepted_in_the_app_as_on_the_command_line() {
    let mut app = app(Keymap::defaults(), utc());
    // The full form, its status moved two steps right from accepted.
    press(&mut app, &["d", "Replace the queue", "<Tab>", "<Tab>", "<Tab>", "<Right>", "<Right>"]);
    let effects = press(&mut app, &["<C-s>"]);
    assert!(effects.is_empty(), "{effects:?}");
    match &app.modal {
        Some(app::modal::Modal::Form(f)) => {
            assert_eq!(f.error.as_deref(), Some("A new decision is proposed or accepted, not deprecated"))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn form_keys_step_scores_and_a_modified_enter_is_a_new_line() {
    use app::form::FieldId;
    let mut app = app(Keymap::defaults(), utc());
    let form = |app: &App| match &app.modal {
        Some(app::modal::Modal::Form(f)) => (**f).clone(),
        other => panic!("{other:?}"),
    };
    press(&mut app, &["2", "n", "Tidy up"]);
    let (i0, e0) = (form(&app).score(FieldId::Impact), form(&app).score(FieldId::Effort));
    // Impact one up and Effort one down with the arrows, then a note of two lines.
    press(&mut app, &["<Tab>", "<Right>", "<Tab>", "<Left>", "<Tab>", "<Tab>", "line one", "<A-Enter>", "two"]);
    let f = form(&app);
    assert_eq!((f.score(FieldId::Impact), f.score(FieldId::Effort)), (i0.nudge(true), e0.nudge(false)));
    assert_ne!((i0.nudge(true), e0.nudge(false)), (i0, e0), "the defaults leave room to move");
    assert_eq!(f.text(FieldId::Notes), "line one\ntwo", "Alt-Enter is a new line in a multi-line field");
    let effects = press(&mut app, &["<C-Enter>"]);
    let Some(Record::Item(item)) = &applied(&effects).edits[0].after else { panic!() };
    assert_eq!((item.impact, item.effort, item.notes.as_str()), (i0.nudge(true), e0.nudge(false), "line one\ntwo"));
}

#[test]
fn a_refused_entry_keeps_its_prompt_and_its_draft() {
    use app::drafts::DraftKind;
    let mut app = app(Keymap::defaults(), utc());
    press(&mut app, &["n", "[ ]", "<Esc>"]);
    assert_eq!(app::drafts::read_entry_draft(app.draft(DraftKind::Entry)).2, "[ ]");
    let effects = press(&mut app, &["n", "<Enter>"]);
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(app.modal, Some(app::modal::Modal::Prompt(_))), "{:?}", app.modal);
    assert_eq!(app.status.as_ref().map(|s| s.text.as_str()), Some("The text cannot be empty"));
    assert_eq!(app::drafts::read_entry_draft(app.draft(DraftKind::Entry)).2, "[ ]", "the draft is not let go");
}

#[test]
fn a_list_a_filter_shrank_is_shown_from_its_top() {
    use cockpit_core::app::in_view;
    // Scrolled far down a long list, then filtered to two rows with the second selected.
    assert_eq!(in_view(40, 1, 30, 2), 0);
    // A long list keeps its scroll, and the selection stays in view.
    assert_eq!(in_view(40, 45, 30, 100), 40);
    assert_eq!(in_view(40, 75, 30, 100), 46);
    assert_eq!(in_view(90, 99, 30, 100), 70);
}

/// Today holds a decision due for revisit briefly: an answer asks for it whole, and acts on it
/// only when it is as listed, with Today still showing it.
#[test]
fn an_answer_on_today_reads_the_decision_whole_and_acts_only_on_it_as_listed() {
    let mut app = app(Keymap::defaults(), utc());
    let mut d = Decision::captured(Id::from_u128(7), Id::from_u128(ACME), "Use Postgres", wednesday(), at("2026-11-01T09:00:00Z"));
    (d.number, d.revisit, d.context) = (1, Some(wednesday()), "Three databases, one DBA.".into());
    let data = Data {
        query: Some(app.query()),
        clients: app.data.clients.clone(),
        dated: std::sync::Arc::new(agenda::DatedRecords {
            records: vec![agenda::Agendum::from(Record::Decision(d.clone()))],
            ..Default::default()
        }),
        ..Default::default()
    };
    app::update(&mut app, Action::Loaded(Box::new(data)));
    app::update(&mut app, Action::Run(Command::ScreenToday));
    press(&mut app, &["j"]);
    let asked = |app: &mut App, cmd: Command| app::update(app, Action::Run(cmd));
    assert_eq!(asked(&mut app, Command::Reaffirm), vec![Effect::ReadDecision { id: d.id, then: Command::Reaffirm }]);

    // As listed: answered.
    let read = |d: Option<&Decision>, then| Action::DecisionRead { decision: d.cloned().map(Box::new), then };
    assert!(app::update(&mut app, read(Some(&d), Command::Reaffirm)).is_empty());
    assert!(matches!(&app.modal, Some(app::modal::Modal::Prompt(p)) if p.title.contains("Reaffirm D-001")));
    app.modal = None;
    assert!(app::update(&mut app, read(Some(&d), Command::Amend)).is_empty());
    let Some(app::modal::Modal::Form(f)) = &app.modal else { panic!("the decision's form") };
    assert_eq!(f.text(app::form::FieldId::Context), "Three databases, one DBA.", "the form holds the texts read");
    app.modal = None;

    // Changed since it was listed, or gone: not answered; Today is read again.
    let changed = Decision { updated_at: at("2026-11-18T11:00:00Z"), ..d.clone() };
    assert_eq!(app::update(&mut app, read(Some(&changed), Command::Reaffirm)), vec![Effect::Reload]);
    assert!(app.modal.is_none());
    assert!(app.status.as_ref().is_some_and(|s| s.error && s.text.contains("D-001 Use Postgres (Acme) was changed elsewhere")));
    assert_eq!(app::update(&mut app, read(None, Command::Amend)), vec![Effect::Reload]);
    assert!(app.modal.is_none() && app.status.as_ref().is_some_and(|s| s.text.contains("is no longer there")));

    // Read after the user left Today: nothing happens.
    app::update(&mut app, Action::Run(Command::ScreenWeek));
    assert!(app::update(&mut app, read(Some(&d), Command::Amend)).is_empty());
    assert!(app.modal.is_none());
}

/// `w` makes no task of an item while whether it is one this week is not known: the read of its
/// task failed, or a change was made and nothing was read since.
#[test]
fn w_makes_no_task_while_it_cannot_tell_whether_there_is_one() {
    let mut app = app(Keymap::defaults(), utc());
    press(&mut app, &["2"]);
    let s = |v| Score::new(v).unwrap();
    let item = Item::new(Id::from_u128(50), Id::from_u128(ACME), "CRM keeps drifting", s(5), s(2), at("2026-11-02T09:00:00Z"));
    let data = Data { query: Some(app.query()), clients: app.data.clients.clone(), items: vec![item.clone()], ..Default::default() };
    app::update(&mut app, Action::Loaded(Box::new(data)));
    let of = (item.id, IsoWeek::of(wednesday()));
    let said = |app: &App| app.status.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    app::update(&mut app, Action::SelectedItemRead { of, newest: vec![], made_of: Err("disk I/O error".into()) });
    press(&mut app, &["w"]);
    assert!(app.modal.is_none());
    assert_eq!(said(&app), "Could not tell whether 'CRM keeps drifting' is a task in 2026-W47 already: disk I/O error");
    app::update(&mut app, Action::SelectedItemRead { of, newest: vec![], made_of: Ok(vec![]) });
    press(&mut app, &["w"]);
    let change = applied(&press(&mut app, &["<Enter>"])).clone();
    app::update(&mut app, Action::Applied { change, kind: ApplyKind::Do });
    // (Made, and not read again yet: a second `w` would not know of it.)
    press(&mut app, &["w"]);
    assert!(app.modal.is_none() && said(&app).starts_with("Could not tell whether"), "{}", said(&app));
}
