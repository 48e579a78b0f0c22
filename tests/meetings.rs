//! Meetings and actions through the keys and the command line: a meeting's notes become its
//! records in one change, reopening links rather than duplicates, the notes survive a crash,
//! and the same text makes the same records in the UI and the CLI.

mod common;
use cockpit::app::{actions, Action as Msg, Screen};
use cockpit::domain::summary::Level;
use cockpit::domain::*;
use cockpit::storage::{ActionQuery, Store};
use common::*;

/// Two decisions, three actions (one someone else owes), a risk, a question and notes.
const NOTES: &[&str] = &[
    "Kickoff with the new VP Eng",
    "d: Use Postgres 17 #db !oneway",
    "d: Hire a staff engineer @3m",
    "a: Send the SOC 2 shortlist ^fri",
    "- [ ] AWS bill breakdown @marco ^2026-11-25",
    "a: Book the pen test ^+3d",
    "r: Vendor lock-in on the queue #soc2",
    "?: Who signs the DPA?",
    "Budget is tight until Q2.",
];

fn acme(store: &Store) -> Id {
    store.client_named("Acme Hospitality").unwrap().unwrap().id
}

/// `m`, the notes line by line, Ctrl-S.
fn type_meeting(e: &mut cockpit::runtime::Engine, lines: &[&str]) {
    e.keys(&["m"]);
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            e.keys(&["<Enter>"]);
        }
        e.keys(&[l]);
    }
    e.keys(&["<C-s>"]);
    assert!(e.app.modal.is_none(), "the meeting was not stored: {}", status(e));
}

/// The Actions screen's meetings, `id` selected.
fn select_meeting(e: &mut cockpit::runtime::Engine, id: Id) {
    e.keys(&["9", "v"]);
    while actions::selected_meeting(&e.app).is_some_and(|s| s.id != id) {
        e.keys(&["j"]);
    }
}

fn meetings(e: &cockpit::runtime::Engine) -> Vec<Meeting> {
    e.store.meetings(Some(acme(&e.store))).unwrap()
}

fn all_actions(store: &Store) -> Vec<cockpit::domain::Action> {
    store.actions(&ActionQuery { client: Some(acme(store)), owner: None, all: true }).unwrap()
}

fn made_in(store: &Store, m: &Meeting) -> (Vec<Decision>, Vec<cockpit::domain::Action>, Vec<Risk>) {
    let decisions = store.decisions(m.client_id).unwrap().into_iter().filter(|d| m.produced(d.id)).collect();
    let actions = all_actions(store).into_iter().filter(|a| a.meeting_id == Some(m.id)).collect();
    let risks = store.risks(Some(m.client_id)).unwrap().into_iter().filter(|r| m.produced(r.id)).collect();
    (decisions, actions, risks)
}

#[test]
fn a_meeting_and_everything_it_recognised_are_one_change() {
    let mut e = demo_engine();
    let decisions_before = e.store.decisions(acme(&e.store)).unwrap().len();
    type_meeting(&mut e, NOTES);
    assert!(status(&e).starts_with("Meeting 'Leadership sync': 2 decisions, 3 actions, 1 risk"), "{}", status(&e));
    let m = meetings(&e).remove(0);
    assert_eq!(m.notes, NOTES.join("\n"), "every line is kept as typed");
    assert!(m.private, "notes are private unless marked otherwise");
    let (decisions, actions, risks) = made_in(&e.store, &m);
    let mut titles: Vec<&str> = decisions.iter().map(|d| d.title.as_str()).collect();
    titles.sort();
    assert_eq!(titles, ["Hire a staff engineer", "Use Postgres 17"]);
    assert!(decisions.iter().any(|d| d.is_one_way() && d.tags == ["db"]));
    assert!(decisions.iter().any(|d| d.revisit == Some(day("2027-02-18"))));
    let owed: Vec<_> = actions.iter().filter(|a| a.is_waiting()).collect();
    assert_eq!((actions.len(), owed.len(), owed[0].owner.as_str()), (3, 1, "marco"));
    assert!(actions.iter().any(|a| a.title == "Send the SOC 2 shortlist" && a.due == Some(day("2026-11-20"))));
    assert!(actions.iter().any(|a| a.title == "Book the pen test" && a.due == Some(day("2026-11-21"))));
    assert_eq!(
        risks.iter().map(|r| (r.title.as_str(), r.tags.clone())).collect::<Vec<_>>(),
        [("Vendor lock-in on the queue", vec!["SOC 2".to_string()])]
    );

    // One u takes the meeting and all it made away; Ctrl-R brings them back.
    e.keys(&["u"]);
    assert!(meetings(&e).is_empty() && all_actions(&e.store).is_empty());
    assert_eq!(e.store.decisions(acme(&e.store)).unwrap().len(), decisions_before);
    assert!(e.store.risks(Some(acme(&e.store))).unwrap().iter().all(|r| r.title != "Vendor lock-in on the queue"));
    e.keys(&["<C-r>"]);
    assert_eq!(made_in(&e.store, &meetings(&e)[0]).1.len(), 3);
}

#[test]
fn reopening_a_meeting_links_its_lines_instead_of_making_them_again() {
    let mut e = demo_engine();
    type_meeting(&mut e, NOTES);
    // Actions screen, the meetings, Enter reopens the notes (the cursor at their end).
    e.keys(&["9", "v", "<Enter>"]);
    assert!(e.app.modal.is_some(), "{}", status(&e));
    e.keys(&["<Enter>", "a: Follow up with legal @ana ^fri", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert!(status(&e).starts_with("Meeting 'Leadership sync': 1 action"), "{}", status(&e));
    let m = meetings(&e).remove(0);
    let (decisions, actions, risks) = made_in(&e.store, &m);
    assert_eq!((decisions.len(), actions.len(), risks.len()), (2, 4, 1), "nothing made twice");

    // A line retyped in place edits the record it made.
    e.keys(&["<Enter>"]);
    let Some(cockpit::app::modal::Modal::Form(f)) = &e.app.modal else { panic!("the notes again") };
    let notes = f.text(cockpit::app::form::FieldId::Notes).replace("Use Postgres 17", "Use Postgres 17 with pgvector");
    e.app.modal = None;
    let mut again = m.clone();
    again.notes = notes;
    let held_d = decisions.clone();
    let held = cockpit::ops::meetings::Held { decisions: &held_d, actions: &actions, risks: &risks, ..Default::default() };
    let change = cockpit::ops::meetings::store(Some(&m), again, held, &mut cockpit::storage::new_id, wednesday(), noon()).unwrap().unwrap();
    e.store.apply(&change).unwrap();
    let (decisions, _, _) = made_in(&e.store, &meetings(&e)[0]);
    assert_eq!(decisions.len(), 2);
    assert!(decisions.iter().any(|d| d.title == "Use Postgres 17 with pgvector"));
}

#[test]
fn the_notes_being_typed_survive_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["m", NOTES[0], "<Enter>", NOTES[1], "<Enter>", NOTES[3], "<Enter>"]);
    // The process dies with the form open: nothing was saved, the draft was.
    drop(e);
    let mut e = engine_on(&db);
    assert!(meetings(&e).is_empty());
    e.keys(&["m"]);
    let Some(cockpit::app::modal::Modal::Form(f)) = &e.app.modal else { panic!("the meeting form") };
    assert_eq!(f.text(cockpit::app::form::FieldId::Notes), [NOTES[0], NOTES[1], NOTES[3]].join("\n"));
    e.keys(&["<C-s>"]);
    assert_eq!(made_in(&e.store, &meetings(&e)[0]).0.len(), 1);
    // Stored, the draft is gone: the next m is a new meeting.
    e.keys(&["m"]);
    let Some(cockpit::app::modal::Modal::Form(f)) = &e.app.modal else { panic!("the meeting form") };
    assert_eq!(f.title, "New meeting");
}

/// What a meeting made, without ids or numbers: kind, title, owner, due, tags.
fn made_summary(store: &Store) -> Vec<String> {
    let m = store.meetings(Some(acme(store))).unwrap().remove(0);
    let (decisions, actions, risks) = made_in(store, &m);
    let mut out: Vec<String> = decisions
        .iter()
        .map(|d| format!("decision {} {:?} {:?} {:?} {}", d.title, d.tags, d.reversibility, d.revisit, d.private))
        .chain(actions.iter().map(|a| format!("action {} {} {:?} {:?} {}", a.title, a.owner, a.due, a.status, a.private)))
        .chain(risks.iter().map(|r| format!("risk {} {:?} {:?}", r.title, r.tags, r.review)))
        .collect();
    out.sort();
    assert_eq!(m.outcomes.len(), out.len());
    out.push(format!("notes {:?}", m.notes));
    out
}

#[test]
fn the_cli_and_the_ui_make_the_same_records_from_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let ui_db = demo_file(&dir.path().join("ui").tap_mkdir());
    let mut e = engine_on(&ui_db);
    type_meeting(&mut e, NOTES);
    let from_ui = made_summary(&e.store);

    let cli_db = demo_file(&dir.path().join("cli").tap_mkdir());
    let notes = dir.path().join("notes.md");
    std::fs::write(&notes, NOTES.join("\n") + "\n").unwrap();
    let out = run_cli(
        &cli_db,
        &[
            "meeting",
            "add",
            "Leadership sync",
            "--client",
            "Acme Hospitality",
            "--kind",
            "leadership",
            "--notes-file",
            notes.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("2 decisions, 3 actions, 1 risk"), "{said}");
    let from_cli = made_summary(&Store::open(&cli_db).unwrap());
    assert_eq!(from_ui, from_cli);

    // From standard input too; a file that is not text is refused with its name.
    let bad = dir.path().join("bad.bin");
    std::fs::write(&bad, [0xff, 0xfe, 0x00]).unwrap();
    let out = run_cli(&cli_db, &["meeting", "add", "Sync", "--notes-file", bad.to_str().unwrap(), "--client", "Acme Hospitality"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("is not UTF-8 text"));
}

trait Mkdir {
    fn tap_mkdir(self) -> Self;
}

impl Mkdir for std::path::PathBuf {
    fn tap_mkdir(self) -> Self {
        std::fs::create_dir_all(&self).unwrap();
        self
    }
}

#[test]
fn actions_are_done_nudged_and_dropped_from_their_screen() {
    let mut e = demo_engine();
    type_meeting(&mut e, NOTES);
    e.keys(&["9"]);
    assert_eq!(e.app.screen, Screen::Actions);
    // Soonest first: Friday's shortlist, Saturday's pen test, then what Marco owes next week.
    let order: Vec<String> = actions::shown(&e.app).iter().map(|a| a.title.clone()).collect();
    assert_eq!(order, ["Send the SOC 2 shortlist", "Book the pen test", "AWS bill breakdown"]);
    e.keys(&["<Space>"]);
    assert!(all_actions(&e.store).iter().any(|a| a.title == "Send the SOC 2 shortlist" && a.status == ActionStatus::Done));
    assert_eq!(actions::shown(&e.app).len(), 2, "done ones leave the list");
    e.keys(&["+"]);
    let pen = all_actions(&e.store).into_iter().find(|a| a.title == "Book the pen test").unwrap();
    assert_eq!(pen.due, Some(day("2026-11-22")));
    e.keys(&["j", "x"]);
    assert!(all_actions(&e.store).iter().any(|a| a.owner == "marco" && a.status == ActionStatus::Dropped));
    e.keys(&["u", "u", "u"]);
    assert!(all_actions(&e.store).iter().all(|a| a.is_open()));
    assert_eq!(all_actions(&e.store).into_iter().find(|a| a.title == "Book the pen test").unwrap().due, Some(day("2026-11-21")));
}

#[test]
fn a_new_action_from_its_screen_and_what_each_screen_shows() {
    let mut e = demo_engine();
    e.keys(&["9", "n", "Send the board deck", "<Tab>", "Ana", "<Tab>", "2026-11-19", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let a = all_actions(&e.store).remove(0);
    assert_eq!((a.owner.as_str(), a.due, a.is_waiting()), ("Ana", Some(day("2026-11-19")), true));
    // Someone else's action is not in the user's lane; the user's own is, on its day.
    e.keys(&["n", "Review the runbook", "<Tab>", "me", "<Tab>", "2026-11-19", "<C-s>"]);
    e.keys(&["1"]);
    let week = screen_text(&mut e, 160, 40);
    assert!(week.contains("→ A-2 Review the runbook") && !week.contains("Send the board deck"), "{week}");
    // Today lists both, the one owed by its owner's name.
    e.keys(&["0"]);
    let today = screen_text(&mut e, 120, 40);
    assert!(today.contains("A-1 Ana: Send the board deck") && today.contains("A-2 Review the runbook"), "{today}");
    // Enter on an action opens it on the Actions screen.
    let row = (0..40).find(|_| {
        let row = cockpit::app::agenda::selected(&e.app);
        let on = row.and_then(|r| e.app.agenda.item(r)).is_some_and(|i| i.due.title.contains("A-2"));
        if !on {
            e.keys(&["j"]);
        }
        on
    });
    assert!(row.is_some());
    e.keys(&["<Enter>"]);
    assert_eq!((e.app.screen, actions::selected(&e.app).map(|a| a.number)), (Screen::Actions, Some(2)));
}

#[test]
fn a_decision_made_in_a_meeting_says_so_in_its_detail_and_its_adr() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["m", "<S-Tab>", "<S-Tab>", "<Right>", "<Tab>", "<Tab>", "d: Adopt OpenTelemetry for tracing", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let m = meetings(&e).remove(0);
    assert!(!m.private, "marked shared");
    e.keys(&["3"]);
    let detail = screen_text(&mut e, 160, 40);
    assert!(detail.contains("Decided in   Leadership sync, 2026-11-18"), "{detail}");
    let repo = dir.path().join("adr");
    let store = Store::open(&db).unwrap();
    let out = run_cli(&db, &["export", "adr", "--dir", repo.to_str().unwrap(), "--client", "Acme Hospitality"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let d = store.decisions(acme(&store)).unwrap().into_iter().find(|d| d.title.starts_with("Adopt OpenTelemetry")).unwrap();
    let file =
        std::fs::read_dir(&repo).unwrap().map(|f| f.unwrap().path()).find(|p| p.to_string_lossy().contains("adopt-opentelemetry")).unwrap();
    let text = std::fs::read_to_string(file).unwrap();
    assert!(text.contains("- Decided in: Leadership sync, 2026-11-18"), "{text}");
    assert!(text.contains(&d.id.to_string()));
}

/// A title typed is the whole title (the kind's name is not in the field to be typed after);
/// with none, the kind chosen names the meeting.
#[test]
fn a_meeting_title_typed_is_the_whole_title() {
    let mut e = demo_engine();
    e.keys(&["m", "<Tab>", "Pricing review", "<S-Tab>", "Agenda agreed", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert_eq!(meetings(&e).into_iter().find(|m| m.notes == "Agenda agreed").unwrap().title, "Pricing review");
    e.keys(&["m", "<Tab>", "<Tab>", "<Right>", "<S-Tab>", "<S-Tab>", "Second one", "<C-s>"]);
    let m = meetings(&e).into_iter().find(|m| m.notes == "Second one").unwrap();
    assert_ne!(m.kind, MeetingKind::Leadership);
    assert_eq!(m.title, m.kind.label(), "named by the kind chosen");
    // A title that is another kind's name is a title like any other, and stays on reopening.
    e.keys(&["m", "<Tab>", "Board prep", "<S-Tab>", "Third one", "<C-s>"]);
    let m = meetings(&e).into_iter().find(|m| m.notes == "Third one").unwrap();
    assert_eq!((m.title.as_str(), m.kind), ("Board prep", MeetingKind::Leadership));
    select_meeting(&mut e, m.id);
    e.keys(&["<Enter>", "<C-End>", "<Enter>", "More", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert_eq!(meetings(&e).into_iter().find(|x| x.id == m.id).unwrap().title, "Board prep");
}

#[test]
fn a_private_meeting_is_named_by_its_kind_outside_the_app() {
    let mut e = demo_engine();
    e.keys(&["m", "<S-Tab>", "<S-Tab>", "<S-Tab>", "<S-Tab>", "<S-Tab>", "<C-u>", "Marco performance chat", "<Tab>", "<Right>"]);
    e.keys(&["<Tab>", "<Tab>", "<Tab>", "<Tab>", "d: Move Marco to the platform team", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let m = meetings(&e).remove(0);
    assert_eq!((m.title.as_str(), m.kind, m.private), ("Marco performance chat", MeetingKind::OneOnOne, true));
    assert_eq!(m.provenance(&Zone::utc()), "1:1, 2026-11-18");
}

#[test]
fn a_meeting_is_timed_on_the_lane_of_its_kind() {
    let mut e = demo_engine();
    // (At noon: forty minutes after a meeting begun late in the evening is the next day.)
    e.dispatch(Msg::Tick { today: wednesday(), now: noon() });
    e.keys(&["m", "d: Keep the monolith"]);
    // Forty minutes later.
    let later = e.app.now + chrono::Duration::minutes(40);
    e.dispatch(Msg::Tick { today: wednesday(), now: later });
    e.keys(&["<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let m = meetings(&e).remove(0);
    let time = e.store.time_entries(Some(acme(&e.store)), m.start - chrono::Duration::minutes(1), later).unwrap();
    let t = time.iter().find(|t| t.note == "Leadership sync").expect("the meeting's time");
    assert_eq!((t.seconds(later), t.lane), (40 * 60, Some(Lane::Strategy)));
    // One u takes the time with the meeting.
    e.keys(&["u"]);
    assert!(e.store.time_entries(Some(acme(&e.store)), m.start, later).unwrap().iter().all(|x| x.id != t.id));
    // One saved under a minute after it began records none, and says so.
    e.keys(&["m", "d: Quick one", "<C-s>"]);
    assert!(status(&e).contains("under a minute long: no time recorded"), "{}", status(&e));
}

/// A timed meeting over time already logged is not saved with its time, and the form says how
/// to save the meeting alone.
#[test]
fn a_timed_meeting_over_logged_time_says_how_to_save_it_alone() {
    let mut e = demo_engine();
    e.dispatch(Msg::Tick { today: wednesday(), now: noon() });
    let logged = time::TimeEntry::started(cockpit::storage::new_id(), acme(&e.store), None, noon() + chrono::Duration::minutes(10), noon())
        .stopped(noon() + chrono::Duration::minutes(20))
        .unwrap();
    e.store.apply(&Change::one("logged", Edit::insert(Record::Time(logged)))).unwrap();
    e.poll_external();
    e.keys(&["m", "d: Keep the monolith"]);
    e.dispatch(Msg::Tick { today: wednesday(), now: noon() + chrono::Duration::minutes(40) });
    e.keys(&["<C-s>"]);
    let said = form_says(&e);
    assert!(said.contains("that time overlaps") && said.contains("set Time it to no to save the meeting without its time"), "{said}");
    assert!(meetings(&e).is_empty(), "nothing saved");
}

/// A timed meeting made private afterwards: its time on the statement is named by its kind
/// from then on, in the same change (one undo takes both back).
#[test]
fn a_timed_meeting_made_private_names_its_time_by_its_kind() {
    let mut store = Store::open_in_memory().unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    let client = acme(&store);
    // (A meeting keeps its start to the microsecond; its time, to the second.)
    let start = noon() - chrono::Duration::hours(1) + chrono::Duration::microseconds(123_456);
    let mut m = Meeting::new(cockpit::storage::new_id(), client, MeetingKind::Leadership, start, noon());
    (m.title, m.private, m.end) = ("Layoffs plan".into(), false, Some(noon()));
    let edits = cockpit::ops::meetings::timed(&m, Some(Lane::Strategy), noon(), None, cockpit::storage::new_id(), noon()).unwrap();
    let mut made = vec![Edit::insert(Record::Meeting(m.clone()))];
    made.extend(edits);
    store.apply(&Change::new("timed", made)).unwrap();
    let m = store.meetings(Some(client)).unwrap().into_iter().find(|x| x.id == m.id).unwrap();
    let second = cockpit::domain::time::trim(start);
    let notes = |store: &Store| -> Vec<String> {
        store.time_entries(Some(client), second, noon()).unwrap().into_iter().filter(|t| t.start == second).map(|t| t.note).collect()
    };
    assert_eq!(notes(&store), ["Layoffs plan"]);
    // Retitled since it was timed, then made private: its time, named by its old title, too.
    let private = Change::one(
        "private",
        Edit::update(Record::Meeting(m.clone()), Record::Meeting(Meeting { private: true, title: "Reorg".into(), ..m.clone() })),
    );
    let applied = store.apply(&private).unwrap();
    assert_eq!(notes(&store), [MeetingKind::Leadership.label()]);
    store.replay_at(&applied.inverse(), noon()).unwrap();
    assert_eq!(notes(&store), ["Layoffs plan"]);
    // Time that only starts when a meeting did (entered by hand; the meeting, recorded after
    // the fact, not timed) is not the meeting's.
    let (from, to) = (noon() + chrono::Duration::hours(1), noon() + chrono::Duration::hours(3));
    let mut by_hand = cockpit::domain::time::TimeEntry::started(cockpit::storage::new_id(), client, None, from, to).stopped(to).unwrap();
    by_hand.note = "Built the billing export".into();
    let mut other = Meeting::new(cockpit::storage::new_id(), client, MeetingKind::Other, from, to);
    other.private = false;
    store.apply(&Change::new("add", vec![Edit::insert(Record::Time(by_hand)), Edit::insert(Record::Meeting(other.clone()))])).unwrap();
    let other = store.meetings(Some(client)).unwrap().into_iter().find(|x| x.id == other.id).unwrap();
    store
        .apply(&Change::one("private", Edit::update(Record::Meeting(other.clone()), Record::Meeting(Meeting { private: true, ..other }))))
        .unwrap();
    let kept: Vec<String> = store.time_entries(Some(client), from, to).unwrap().into_iter().map(|t| t.note).collect();
    assert_eq!(kept, ["Built the billing export"]);
}

/// A meeting's time holds the meeting it was timed in: made private, the meeting renames its
/// time however the entry was corrected since; time billed before keeps its note until it is
/// unbilled; deleting the meeting unlinks its time (undone, links it back).
#[test]
fn a_meetings_time_follows_it_into_private_however_it_was_corrected() {
    let mut store = Store::open_in_memory().unwrap();
    cockpit::demo::populate(&mut store, wednesday()).unwrap();
    let client = acme(&store);
    let start = noon() - chrono::Duration::hours(1);
    let timed = |store: &mut Store, title: &str| -> (Meeting, TimeEntry) {
        let mut m = Meeting::new(cockpit::storage::new_id(), client, MeetingKind::Leadership, start, noon());
        (m.title, m.private, m.end) = (title.into(), false, Some(noon()));
        let mut made = vec![Edit::insert(Record::Meeting(m.clone()))];
        made.extend(cockpit::ops::meetings::timed(&m, None, noon(), None, cockpit::storage::new_id(), noon()).unwrap());
        store.apply(&Change::new("timed", made)).unwrap();
        let m = store.meetings(Some(client)).unwrap().into_iter().find(|x| x.id == m.id).unwrap();
        let t = store.time_entries(Some(client), start, noon()).unwrap().into_iter().find(|t| t.meeting_id == Some(m.id)).unwrap();
        (m, t)
    };
    let entry = |store: &Store, id: Id| store.time_entries(Some(client), start, noon()).unwrap().into_iter().find(|t| t.id == id).unwrap();
    let private = |store: &mut Store, m: &Meeting| {
        let m = store.meetings(Some(client)).unwrap().into_iter().find(|x| x.id == m.id).unwrap();
        store
            .apply(&Change::one("private", Edit::update(Record::Meeting(m.clone()), Record::Meeting(Meeting { private: true, ..m }))))
            .unwrap()
    };
    // Corrected (it ended ten minutes early), then made private: renamed all the same.
    let (m, t) = timed(&mut store, "Layoffs plan");
    let ended = TimeEntry { end: Some(noon() - chrono::Duration::minutes(10)), ..t.clone() };
    store.apply(&Change::one("corrected", Edit::update(Record::Time(t.clone()), Record::Time(ended)))).unwrap();
    private(&mut store, &m);
    assert_eq!(entry(&store, t.id).note, MeetingKind::Leadership.label());
    // Billed, then made private: the statement sent named it; unbilled, it is renamed.
    store.delete_at(&Record::Time(entry(&store, t.id)), &Zone::utc(), noon()).unwrap();
    let (m, t) = timed(&mut store, "Acquisition talks");
    let billed = TimeEntry { billed: true, invoice: "INV-7".into(), ..t.clone() };
    store.apply(&Change::one("billed", Edit::update(Record::Time(t.clone()), Record::Time(billed)))).unwrap();
    private(&mut store, &m);
    assert_eq!(entry(&store, t.id).note, "Acquisition talks");
    store.apply(&cockpit::ops::time::unbill([&entry(&store, t.id)], "INV-7").unwrap()).unwrap();
    assert_eq!((entry(&store, t.id).billed, entry(&store, t.id).note), (false, MeetingKind::Leadership.label().to_string()));
    // Deleted, the meeting leaves its time unlinked; the delete undone links it back.
    let m = store.meetings(Some(client)).unwrap().into_iter().find(|x| x.id == m.id).unwrap();
    let deleted = store.delete_at(&Record::Meeting(m.clone()), &Zone::utc(), noon()).unwrap();
    assert_eq!(entry(&store, t.id).meeting_id, None);
    store.replay_at(&deleted.inverse(), noon()).unwrap();
    assert_eq!(entry(&store, t.id).meeting_id, Some(m.id));
    // Deleted elsewhere while its form was open, and stored again from the form: linked again.
    let m = store.meetings(Some(client)).unwrap().into_iter().find(|x| x.id == m.id).unwrap();
    store.delete_at(&Record::Meeting(m.clone()), &Zone::utc(), noon()).unwrap();
    assert_eq!(entry(&store, t.id).meeting_id, None);
    store.apply(&Change::one("stored again", Edit::insert(Record::Meeting(m.clone())))).unwrap();
    assert_eq!(entry(&store, t.id).meeting_id, Some(m.id));
    // A note typed since stays when unbilled; billed, then made private, then the billing
    // undone: renamed (an undo puts back time the statement no longer names).
    let typed = TimeEntry { note: "Q3 roadmap".into(), ..entry(&store, t.id) };
    store.apply(&Change::one("typed", Edit::update(Record::Time(entry(&store, t.id)), Record::Time(typed)))).unwrap();
    let billed = TimeEntry { billed: true, invoice: "INV-8".into(), ..entry(&store, t.id) };
    store.apply(&Change::one("billed", Edit::update(Record::Time(entry(&store, t.id)), Record::Time(billed)))).unwrap();
    store.apply(&cockpit::ops::time::unbill([&entry(&store, t.id)], "INV-8").unwrap()).unwrap();
    assert_eq!(entry(&store, t.id).note, "Q3 roadmap");
    // One that still names the meeting is renamed; one holding its title inside a word is not
    // naming it.
    let typed = "Preacquisition talksheet";
    let kept = TimeEntry { note: typed.into(), billed: true, invoice: "INV-12".into(), ..entry(&store, t.id) };
    store.apply(&Change::one("typed", Edit::update(Record::Time(entry(&store, t.id)), Record::Time(kept)))).unwrap();
    store.apply(&cockpit::ops::time::unbill([&entry(&store, t.id)], "INV-12").unwrap()).unwrap();
    assert_eq!(entry(&store, t.id).note, typed);
    let typed = TimeEntry { note: "acquisition talks: prep".into(), billed: true, invoice: "INV-10".into(), ..entry(&store, t.id) };
    store.apply(&Change::one("typed", Edit::update(Record::Time(entry(&store, t.id)), Record::Time(typed)))).unwrap();
    store.apply(&cockpit::ops::time::unbill([&entry(&store, t.id)], "INV-10").unwrap()).unwrap();
    assert_eq!(entry(&store, t.id).note, MeetingKind::Leadership.label());
    store.delete_at(&Record::Time(entry(&store, t.id)), &Zone::utc(), noon()).unwrap();
    let (m2, t2) = timed(&mut store, "Board prep");
    let billed = TimeEntry { billed: true, invoice: "INV-9".into(), ..t2.clone() };
    let bill = store.apply(&Change::one("billed", Edit::update(Record::Time(t2.clone()), Record::Time(billed)))).unwrap();
    private(&mut store, &m2);
    store.replay_at(&bill.inverse(), noon()).unwrap();
    assert_eq!((entry(&store, t2.id).billed, entry(&store, t2.id).note), (false, MeetingKind::Leadership.label().to_string()));
    store.delete_at(&Record::Time(entry(&store, t2.id)), &Zone::utc(), noon()).unwrap();
    // Time synced in unlinked (timed by an earlier build elsewhere): found by its start and
    // end, renamed and linked.
    let (m3, t3) = timed(&mut store, "Reorg");
    let unlinked = TimeEntry { meeting_id: None, ..t3.clone() };
    store.apply(&Change::one("synced", Edit::update(Record::Time(t3.clone()), Record::Time(unlinked)))).unwrap();
    private(&mut store, &m3);
    assert_eq!((entry(&store, t3.id).note, entry(&store, t3.id).meeting_id), (MeetingKind::Leadership.label().to_string(), Some(m3.id)));
    store.delete_at(&Record::Time(entry(&store, t3.id)), &Zone::utc(), noon()).unwrap();
    // Made private, then undone: its time has its title back; billed, made private, then the
    // billing undone and redone: the redo bills it by the meeting's kind.
    let (m4, t4) = timed(&mut store, "Pricing review");
    let made = private(&mut store, &m4);
    assert_eq!(entry(&store, t4.id).note, MeetingKind::Leadership.label());
    store.replay_at(&made.inverse(), noon()).unwrap();
    assert_eq!(entry(&store, t4.id).note, "Pricing review");
    let billed = TimeEntry { billed: true, invoice: "INV-11".into(), ..entry(&store, t4.id) };
    let bill = store.apply(&Change::one("billed", Edit::update(Record::Time(entry(&store, t4.id)), Record::Time(billed)))).unwrap();
    private(&mut store, &m4);
    let undone = store.replay_at(&bill.inverse(), noon()).unwrap();
    store.replay_at(&undone.inverse(), noon()).unwrap();
    assert_eq!((entry(&store, t4.id).billed, entry(&store, t4.id).note), (true, MeetingKind::Leadership.label().to_string()));
}

#[test]
fn the_summary_lists_the_actions_still_open_next_weeks_and_what_others_owe_never_private_ones() {
    let mut e = demo_engine();
    type_meeting(
        &mut e,
        &[
            "a: Draft the hiring plan ^2026-11-24",
            "a: Private follow-up !private ^2026-11-25",
            "- [ ] Access review @lee",
            "a: This week's ^fri",
        ],
    );
    let client = e.store.client(acme(&e.store)).unwrap().unwrap();
    let md = e.store.week_summary(&client, IsoWeek::of(wednesday()), wednesday(), noon()).unwrap().to_markdown();
    assert!(md.contains("## Actions due next week\n\n- [ ] Draft the hiring plan — due Tue Nov 24"), "{md}");
    assert!(md.contains("## Waiting for\n\n- [ ] lee: Access review"), "{md}");
    // The user's own due this week and not done yet (or due before it) is still open.
    assert!(md.contains("## Open actions due by the week's end\n\n- [ ] This week's — due Fri Nov 20\n\n## Actions due next week"), "{md}");
    assert!(!md.contains("Private follow-up"), "{md}");
    let exec = e.store.week_summary(&client, IsoWeek::of(wednesday()), wednesday(), noon()).unwrap().at_level(Level::Exec);
    assert!(exec.actions_still_open.is_empty() && exec.actions_next_week.is_empty() && exec.owed.is_empty());
    // A week before they were made is not told of them.
    let before = IsoWeek::of(wednesday() - chrono::Duration::days(7));
    let md = e.store.week_summary(&client, before, wednesday(), noon()).unwrap().to_markdown();
    assert!(!md.contains("Access review") && !md.contains("Draft the hiring plan"), "{md}");
}

#[test]
fn a_line_retyped_in_a_reopened_meeting_edits_its_record() {
    let mut e = demo_engine();
    type_meeting(&mut e, &["a: Write the ADR @ana ^2w", "a: Book the pen test", "d: Use Postgres"]);
    let m = meetings(&e).remove(0);
    let (decisions, actions, risks) = made_in(&e.store, &m);
    // The due date changed, a title corrected and a line added in the same save.
    let notes = m.notes.replace("^2w", "^3w").replace("Book the pen test", "Book the pen test with Cobalt") + "\na: Call legal";
    let held = cockpit::ops::meetings::Held { decisions: &decisions, actions: &actions, risks: &risks, ..Default::default() };
    let again = Meeting { notes, ..m.clone() };
    let change = cockpit::ops::meetings::store(Some(&m), again, held, &mut cockpit::storage::new_id, wednesday(), noon()).unwrap().unwrap();
    e.store.apply(&change).unwrap();
    let after = all_actions(&e.store);
    let titles: Vec<(&str, Option<chrono::NaiveDate>)> = after.iter().map(|a| (a.title.as_str(), a.due)).collect();
    assert_eq!(after.len(), 3, "{titles:?}");
    assert!(titles.contains(&("Write the ADR", Some(day("2026-12-09")))), "{titles:?}");
    assert!(titles.contains(&("Book the pen test with Cobalt", None)), "{titles:?}");
    assert_eq!(meetings(&e)[0].outcomes.len(), 4);
}

#[test]
fn reopened_notes_continue_on_a_line_of_their_own_and_an_unsaved_meeting_comes_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    type_meeting(&mut e, &["d: Use Postgres"]);
    // A new meeting left unsaved by a crash, mid-line.
    e.keys(&["m", "a: Send the deck ^fri", "<Enter>", "a: half typed"]);
    e.dispatch(Msg::Tick { today: wednesday(), now: e.app.now });
    drop(e);
    let mut e = engine_on(&db);
    // Reopening the stored meeting would put the unsaved one at risk: it is refused, and said.
    e.keys(&["9", "v", "<Enter>"]);
    assert!(e.app.modal.is_none() && status(&e).contains("are not saved yet"), "{}", status(&e));
    e.keys(&["m"]);
    let Some(cockpit::app::modal::Modal::Form(f)) = &e.app.modal else { panic!("the unsaved meeting") };
    assert_eq!(f.text(cockpit::app::form::FieldId::Notes), "a: Send the deck ^fri\na: half typed", "the tick kept the half line");
    // Typing goes on a new line, not onto the last one.
    e.keys(&["a: Third", "<C-s>"]);
    let titles: Vec<String> = all_actions(&e.store).into_iter().map(|a| a.title).collect();
    assert_eq!(titles.len(), 3, "{titles:?}");
    assert!(titles.contains(&"half typed".to_string()) && titles.contains(&"Third".to_string()), "{titles:?}");
    // Reopened and left untouched: Esc closes at once and keeps no draft.
    e.keys(&["9", "v", "<Enter>", "<Esc>"]);
    assert!(e.app.modal.is_none());
    e.dispatch(Msg::Tick { today: wednesday(), now: e.app.now });
    e.keys(&["m"]);
    let Some(cockpit::app::modal::Modal::Form(f)) = &e.app.modal else { panic!("a meeting form") };
    assert_eq!(f.title, "New meeting");
}

#[test]
fn what_comes_out_of_a_1on1_is_private_and_the_title_follows_the_kind() {
    let mut e = demo_engine();
    // The kind's field is two above the notes (Time it, Notes are… are between): 1:1 is next.
    e.keys(&["m", "<S-Tab>", "<S-Tab>", "<S-Tab>", "<S-Tab>", "<Right>", "<Tab>", "<Tab>", "<Tab>", "<Tab>"]);
    e.keys(&["a: Pair on code review @marco ^fri", "<Enter>", "d: Marco leads the platform team", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let m = meetings(&e).remove(0);
    assert_eq!((m.kind, m.title.as_str()), (MeetingKind::OneOnOne, "1:1"));
    let (decisions, actions, _) = made_in(&e.store, &m);
    assert!(decisions.iter().all(|d| d.private) && actions.iter().all(|a| a.private));
}

#[test]
fn the_command_line_reads_what_editors_write_and_refuses_what_is_not_a_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let file = dir.path().join("notes.md");
    // A byte-order mark and CRLF, as some editors save; a line with no title is named.
    std::fs::write(&file, "\u{feff}d: Adopt Renovate\r\na: @marco ^fri\r\n").unwrap();
    let out = run_cli(&db, &["meeting", "add", "Sync", "--client", "Acme Hospitality", "--notes-file", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 decision"), "{}", String::from_utf8_lossy(&out.stdout));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2: 'a: @marco ^fri' has no title: kept as a note"));
    // Two thousand action lines: not a meeting, refused whole.
    std::fs::write(&file, (0..2000).map(|i| format!("a: task {i}\n")).collect::<String>()).unwrap();
    let out = run_cli(&db, &["meeting", "add", "Dump", "--client", "Acme Hospitality", "--notes-file", file.to_str().unwrap()]);
    assert!(
        !out.status.success() && String::from_utf8_lossy(&out.stderr).contains("more than 1000"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // An action's number is its number: A-1/6 is not A-16.
    for _ in 0..16 {
        assert!(run_cli(&db, &["action", "add", "x", "--client", "Acme Hospitality"]).status.success());
    }
    for bad in ["A-1/6", "A-2.5", "-1", "A-", "16x"] {
        let out = run_cli(&db, &["action", "done", bad]);
        assert!(!out.status.success(), "{bad} was taken");
    }
    assert!(run_cli(&db, &["action", "done", "a16"]).status.success());
    let store = Store::open(&db).unwrap();
    let done: Vec<u32> = all_actions(&store).into_iter().filter(|a| !a.is_open()).map(|a| a.number).collect();
    assert_eq!(done, [16]);
}

#[test]
fn the_action_form_takes_the_dates_the_notes_take() {
    let mut e = demo_engine();
    e.keys(&["9", "n", "Send the deck", "<Tab>", "<Tab>", "fri", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert_eq!(all_actions(&e.store)[0].due, Some(day("2026-11-20")));
    e.keys(&["n", "Bad date", "<Tab>", "<Tab>", "someday", "<C-s>"]);
    let Some(cockpit::app::modal::Modal::Form(f)) = &e.app.modal else { panic!("kept open") };
    assert!(f.error.as_deref().is_some_and(|m| m.contains("'someday' is not a date")), "{:?}", f.error);
}

#[test]
fn an_undo_refused_because_of_another_process_says_what_the_next_undo_does() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    type_meeting(&mut e, &["a: Send the deck"]);
    assert!(run_cli(&db, &["action", "done", "A-1"]).status.success());
    e.poll_external();
    e.keys(&["u"]);
    let said = status(&e);
    assert!(
        said.starts_with("Could not undo") && said.contains("the next undo goes further back") && !said.contains("try again"),
        "{said}"
    );
    assert_eq!(meetings(&e).len(), 1, "nothing undone");
    // And it does: that step is gone (it was the only one).
    e.keys(&["u"]);
    assert_eq!(status(&e), "Nothing to undo");
}

/// A meeting saved where the decision log is not held (its notes brought back on another
/// screen after a crash) edits the decision its retyped line made, read by id: it makes no
/// second one. Deleted meanwhile by another process, the decision is made again, and said so.
#[test]
fn a_retyped_line_saved_away_from_the_log_edits_its_decision_and_makes_one_only_when_gone() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["4", "c", "Acme", "<Enter>"]);
    type_meeting(&mut e, &["d: Use Postgres"]);
    let count = |store: &Store| store.decisions(acme(store)).unwrap().len();
    let ours = |e: &cockpit::runtime::Engine| meetings(e).into_iter().find(|m| m.notes.contains("Use Postgres")).unwrap();
    let before = count(&e.store);
    // Reopened, the line retyped, and the process dies with the form open.
    let retype = |e: &mut cockpit::runtime::Engine, title: &str| {
        // (The notes are kept as a draft at each new line.)
        e.keys(&["9", "v", "<Enter>", "<BS>", title, "<Enter>"]);
        assert!(matches!(e.app.modal, Some(cockpit::app::modal::Modal::Form(_))), "{}", status(e));
    };
    retype(&mut e, " 17");
    drop(e);
    let mut e = engine_on(&db);
    e.keys(&["1", "m", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert!(!e.app.data.query.is_some_and(|q| q.decisions), "saved where the log is not read");
    assert_eq!(count(&e.store), before, "no second decision: {}", status(&e));
    let (decisions, _, _) = made_in(&e.store, &ours(&e));
    assert_eq!(decisions.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["Use Postgres 17"]);
    // Deleted by another process, then the line retyped again: made again, and said.
    retype(&mut e, "!");
    let mut other = Store::open(&db).unwrap();
    other.delete_at(&Record::Decision(decisions[0].clone()), &Zone::utc(), noon()).unwrap();
    drop(e);
    let mut e = engine_on(&db);
    e.keys(&["1", "m", "<C-s>"]);
    assert!(status(&e).contains("made them again: 'Use Postgres 17!'"), "{}", status(&e));
    let (decisions, _, _) = made_in(&e.store, &ours(&e));
    assert_eq!(decisions.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(), ["Use Postgres 17!"]);
    assert_eq!(count(&e.store), before);
    // Its row damaged by another tool: it cannot be read, which is not its being gone. A line
    // added is saved; its line retyped, the save is refused, saying why, and nothing is made.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE decisions SET date = 'yesterday' WHERE id = ?1", [decisions[0].id.to_string()]).unwrap();
    e.keys(&["9", "v", "<Enter>", "a: Call legal", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    e.keys(&["<Enter>", "<Up>", "<End>", "?", "<C-s>"]);
    assert!(
        form_says(&e).contains("The decision made from the line 'Use Postgres 17!?' could not be read (its row damaged?)"),
        "{}",
        form_says(&e)
    );
    let rows: i64 = conn.query_row("SELECT count(*) FROM decisions WHERE title LIKE 'Use Postgres%'", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 1);
}

/// A second Cockpit takes on the unsaved meeting notes of a window taken for gone (its process
/// not found: here its draft is made to look so), and that window saves them after all: the
/// second's save is not taken for a new meeting (the store would refuse it for ever): it says
/// where the notes went, and keeps what was typed.
#[test]
fn notes_from_a_draft_another_cockpit_saved_say_where_they_went() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut a = engine_on(&db);
    a.keys(&["m", "Board prep", "<Enter>", "d: Raise the seed extension", "<Enter>"]);
    let mut store = Store::open(&db).unwrap();
    let (key, _) = store.settings_with_prefix("draft.meeting.").unwrap().remove(0);
    let (of, _) = key.rsplit_once('.').unwrap();
    store.move_setting(&key, &format!("{of}.999999999-0-0")).unwrap();
    drop(store);
    let mut b = engine_on(&db);
    b.keys(&["m"]);
    assert!(status(&b).contains("left unsaved are back"), "{}", status(&b));
    b.keys(&["a: Call the lawyer"]);
    a.keys(&["<C-s>"]);
    assert!(a.app.modal.is_none(), "{}", status(&a));
    b.keys(&["<C-s>"]);
    taken_in_until(&mut b, |e| e.app.data.meetings.iter().any(|m| m.notes.contains("seed extension")));
    b.keys(&["<C-s>"]);
    assert!(form_says(&b).contains("another Cockpit has since saved as"), "{}", form_says(&b));
    let Some(cockpit::app::modal::Modal::Form(f)) = &b.app.modal else { panic!("the form stays open") };
    assert!(f.text(cockpit::app::form::FieldId::Notes).contains("a: Call the lawyer"));
    let made: usize = meetings(&b).iter().filter(|m| m.notes.contains("seed extension")).count();
    assert_eq!(made, 1, "one meeting, stored once");
}

/// A reopened meeting changed elsewhere (retitled, an attendee added) while its notes are being
/// typed: the form starts again from the meeting as it now is, keeping the line typed, and the
/// next save goes through. (Before, every save was refused, and Esc lost the line.)
#[test]
fn a_reopened_meeting_changed_elsewhere_starts_again_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    type_meeting(&mut e, &["d: Use Postgres", "a: Book the pen test"]);
    e.keys(&["9", "v", "<Enter>"]);
    e.keys(&["<Enter>", "a: Follow up with legal @ana ^fri"]);
    let m = meetings(&e).remove(0);
    let mut other = Store::open(&db).unwrap();
    let changed = Meeting { title: "Renamed elsewhere".into(), attendees: vec!["Bob".into()], ..m.clone() };
    other.apply(&Change::one("elsewhere", Edit::update(Record::Meeting(m.clone()), Record::Meeting(changed)))).unwrap();
    e.keys(&["<C-s>"]);
    assert!(taken_in_until(&mut e, |e| form_says(e).contains("form now shows it")), "{}", form_says(&e));
    e.keys(&["<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let now = meetings(&e).remove(0);
    assert_eq!((now.title.as_str(), now.attendees.clone()), ("Renamed elsewhere", vec!["Bob".to_string()]));
    assert!(now.notes.contains("a: Follow up with legal"), "{}", now.notes);
    assert_eq!(all_actions(&e.store).iter().filter(|a| a.title.starts_with("Follow up with legal")).count(), 1);
}

/// A line taken out of a reopened meeting leaves its record (and the meeting keeps it), and
/// the save says so, naming it, so that a user who meant it gone knows where to delete it.
#[test]
fn a_line_taken_out_of_a_reopened_meeting_says_its_record_stays() {
    let mut e = demo_engine();
    type_meeting(&mut e, &["d: Use Postgres for the ledger", "a: Book the pen test room"]);
    let m = meetings(&e).into_iter().find(|m| m.notes.contains("Book the pen test room")).unwrap();
    select_meeting(&mut e, m.id);
    e.keys(&["<Enter>", "<BS>", "<C-u>", "<BS>", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert!(
        status(&e).ends_with("records whose lines were taken out stay (delete them on their own screens): 'Book the pen test room'"),
        "{}",
        status(&e)
    );
    let now = meetings(&e).into_iter().find(|x| x.id == m.id).unwrap();
    assert!(!now.notes.contains("Book the pen test room") && now.outcomes.len() == 2, "{now:?}");
}

/// A reopened meeting deleted elsewhere (in another window) while its notes are edited: what
/// was typed is not lost; saving stores the meeting again, its lines still linked to the records
/// they made (none made twice), a new line making its record.
#[test]
fn a_reopened_meeting_deleted_elsewhere_is_stored_again_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    type_meeting(&mut e, &["d: Use Postgres for the ledger", "a: Send the rota"]);
    let m = meetings(&e).into_iter().find(|m| m.notes.contains("Use Postgres for the ledger")).unwrap();
    select_meeting(&mut e, m.id);
    e.keys(&["<Enter>", "a: Book the pen test"]);
    let mut other = Store::open(&db).unwrap();
    other.delete_at(&Record::Meeting(m.clone()), &Zone::utc(), chrono::Utc::now()).unwrap();
    assert!(taken_in_until(&mut e, |e| form_says(e).starts_with("This meeting was deleted elsewhere")), "{}", form_says(&e));
    assert_eq!(form_says(&e), "This meeting was deleted elsewhere: C-s stores it again as typed; Esc lets it go");
    e.keys(&["<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let again = meetings(&e).into_iter().find(|x| x.notes.contains("Book the pen test")).expect("stored again");
    assert!(again.notes.contains("Use Postgres for the ledger"));
    let titles: Vec<String> = e.store.decisions(acme(&e.store)).unwrap().into_iter().map(|d| d.title).collect();
    assert_eq!(titles.iter().filter(|t| t.as_str() == "Use Postgres for the ledger").count(), 1, "{titles:?}");
    assert!(all_actions(&e.store).iter().any(|a| a.title == "Book the pen test" && again.produced(a.id)));
    // The action it made, which the delete left unlinked, is linked to it again.
    let rota = all_actions(&e.store).into_iter().find(|a| a.title == "Send the rota").unwrap();
    assert!(again.produced(rota.id) && rota.meeting_id == Some(again.id), "{rota:?}");
}

/// An owner's name that fills its column still has a space before the action's title.
#[test]
fn an_owner_filling_its_column_does_not_run_into_the_title() {
    let mut e = demo_engine();
    let client = acme(&e.store);
    let mut a = cockpit::domain::Action::new(cockpit::storage::new_id(), client, "Pub action", chrono::Utc::now());
    a.owner = "Marco, Jr.".into();
    e.store.apply(&cockpit::ops::actions::add(a).unwrap()).unwrap();
    e.reload();
    e.keys(&["9"]);
    let text = screen_text(&mut e, 120, 40);
    let row = text.lines().find(|l| l.contains("Marco")).unwrap_or_else(|| panic!("{text}"));
    assert!(row.contains("Marco, J… Pub action"), "{row}");
}

/// A kind typed by its whole name into the meeting form, spaces and all, is that kind (a space
/// goes on a name being typed; on its own it still steps to the next kind).
#[test]
fn a_kind_typed_by_its_whole_name_is_that_kind() {
    let mut e = demo_engine();
    let kind = |e: &cockpit::runtime::Engine| {
        let Some(cockpit::app::modal::Modal::Form(f)) = &e.app.modal else { panic!("the meeting form") };
        (f.choice::<MeetingKind>(cockpit::app::form::FieldId::Kind), f.error.clone())
    };
    for (typed, is) in
        [("vendor call", MeetingKind::Vendor), ("leadership sync", MeetingKind::Leadership), ("board prep", MeetingKind::Board)]
    {
        e.keys(&["m", "<Tab>", "<Tab>", typed]);
        assert_eq!(kind(&e), (is, None), "{typed}");
        e.keys(&["<Esc>", "<Esc>"]);
        e.app.modal = None;
    }
    e.keys(&["m", "<Tab>", "<Tab>", " "]);
    assert_ne!(kind(&e).0, MeetingKind::Leadership, "a space alone steps on");
}

/// Down on the notes' last line stays in the notes: the Enter that follows is a new line, not
/// a save, and what is typed after it is notes, not commands on the screen under the form.
#[test]
fn down_past_the_notes_end_stays_in_the_notes() {
    let mut e = demo_engine();
    let entries = e.app.data.entries.len();
    e.keys(&["1", "m", "Standup notes: backups ok", "<Down>", "<Enter>", "x"]);
    assert!(e.app.modal.is_some(), "the meeting was saved: {}", status(&e));
    assert_eq!(e.app.data.entries.len(), entries, "a key typed into the notes acted on the Week");
    // (And Up on the first line stays on it.)
    e.keys(&["<Up>", "<Up>", "<Home>", "> ", "<C-s>"]);
    let m = meetings(&e).remove(0);
    assert_eq!(m.notes, "> Standup notes: backups ok\nx");
}
