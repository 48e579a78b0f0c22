//! People through the keys and the command line: a 1:1 whose undiscussed points carry to the
//! next one, a candidate moved through the stages, 1:1 notes kept to the user.

mod common;
use cockpit::app::{people, Screen};
use cockpit::domain::person::Stage;
use cockpit::storage::Store;
use common::*;

fn acme(store: &Store) -> cockpit::domain::Id {
    store.client_named("Acme Hospitality").unwrap().unwrap().id
}

fn priya(e: &cockpit::runtime::Engine) -> cockpit::domain::person::Person {
    e.store.people(acme(&e.store)).unwrap().into_iter().find(|p| p.name == "Priya Shah").unwrap()
}

#[test]
fn a_one_on_one_carries_the_points_not_discussed_to_the_next() {
    let mut e = demo_engine();
    e.keys(&["7", "n", "Priya Shah", "<Tab>", "Backend lead", "<Tab>", "Platform", "<Tab>", "@priya", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert_eq!(e.app.screen, Screen::People);
    for point in ["Promotion case", "On-call load", "Conference budget"] {
        e.keys(&["a", point, "<Enter>"]);
    }
    assert_eq!(priya(&e).agenda, ["Promotion case", "On-call load", "Conference budget"]);
    // The 1:1 opens on the agenda as a checklist; the first point is ticked where it stands, the
    // third by writing its tick, a new point is added for next time, and a note.
    e.keys(&["o"]);
    e.keys(&["<Up>", "<Up>", "<Up>", "<Home>", "<Right>", "<Right>", "<Right>", "<Del>", "x", "<Down>", "<Down>", "<Down>"]);
    e.keys(&["- [x] Conference budget", "<Enter>", "- [ ] Hiring plan for Q1", "<Enter>", "Good week; tired from on-call.", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert_eq!(status(&e), "1:1 with Priya Shah: 2 discussed, 1 carried to the next, 1 new for it");
    assert_eq!(priya(&e).agenda, ["On-call load", "Hiring plan for Q1"]);
    let held = e.store.one_on_ones(acme(&e.store)).unwrap();
    assert_eq!(held.len(), 1);
    assert!(held[0].private && held[0].discussed == ["Promotion case", "Conference budget"], "{:?}", held[0]);
    // The next 1:1 starts from what carried over.
    e.keys(&["o"]);
    let Some(cockpit::app::modal::Modal::Form(f)) = &e.app.modal else { panic!("the 1:1") };
    assert_eq!(f.text(cockpit::app::form::FieldId::Notes), "- [ ] On-call load\n- [ ] Hiring plan for Q1");
    e.keys(&["<Esc>"]);
    // One u takes the 1:1 back, with the agenda as it was.
    e.keys(&["u"]);
    assert!(e.store.one_on_ones(acme(&e.store)).unwrap().is_empty());
    assert_eq!(priya(&e).agenda, ["Promotion case", "On-call load", "Conference budget"]);
}

/// A point added to the person elsewhere while their 1:1 is open (a point ticked in it): the
/// 1:1 is saved on the next Ctrl-s, with its notes, the tick, and the new point carried (shown at
/// the end of the notes). The person deleted elsewhere: the form says it cannot be saved.
#[test]
fn a_one_on_one_open_while_the_agenda_changes_elsewhere_is_saved_with_its_notes() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["7", "n", "Priya Shah", "<C-s>", "a", "Promotion case", "<Enter>", "a", "On-call load", "<Enter>"]);
    e.keys(&["o", "<Up>", "<Up>", "<Home>", "<Right>", "<Right>", "<Right>", "<Del>", "x", "<Down>", "<Down>", "<End>"]);
    e.keys(&["Thirty minutes of notes"]);
    // Elsewhere: a point added, and one taken off (discussed in another window's 1:1: its line,
    // left as it was here, goes from this one).
    let p = priya(&e);
    let added = cockpit::domain::person::Person { agenda: vec![p.agenda[0].clone(), "From the phone".into()], ..p.clone() };
    let mut other = Store::open(&db).unwrap();
    other
        .apply(&cockpit::domain::Change::one(
            "point",
            cockpit::domain::Edit::update(cockpit::domain::Record::Person(p), cockpit::domain::Record::Person(added)),
        ))
        .unwrap();
    e.keys(&["<C-s>"]);
    e.poll_external();
    let said = form_says(&e);
    assert!(said.contains("Priya Shah was changed elsewhere") && said.contains("1 point added there"), "{said}");
    assert!(said.contains("1 point taken off there"), "{said}");
    e.keys(&["<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert_eq!(priya(&e).agenda, ["From the phone"]);
    let held = e.store.one_on_ones(acme(&e.store)).unwrap();
    assert!(held[0].notes.contains("Thirty minutes of notes") && held[0].discussed == ["Promotion case"], "{:?}", held[0]);
    // Deleted elsewhere while a 1:1 is open: said, not "try again".
    e.keys(&["o", "Notes for no one"]);
    let p = priya(&e);
    other.delete_at(&cockpit::domain::Record::Person(p), &cockpit::domain::Zone::utc(), chrono::Utc::now()).unwrap();
    e.poll_external();
    e.keys(&["<C-s>"]);
    e.poll_external();
    assert!(form_says(&e).contains("cannot be saved"), "{}", form_says(&e));
}

/// One point draft is kept: leaving one for a second person says the first's is let go.
#[test]
fn a_point_draft_for_another_person_says_the_first_goes() {
    let mut e = demo_engine();
    e.keys(&["7", "n", "Priya Shah", "<C-s>", "n", "Sean Obi", "<C-s>"]);
    e.keys(&["a", "For Sean", "<Esc>"]);
    assert!(status(&e).starts_with("Draft kept") && !status(&e).contains("let go"), "{}", status(&e));
    e.keys(&["k", "a", "For Priya", "<Esc>"]);
    assert!(status(&e).contains("the draft left for Sean Obi before it, 'For Sean', is let go"), "{}", status(&e));
}

#[test]
fn a_candidate_moves_through_the_stages_to_the_team() {
    let mut e = demo_engine();
    // An opening, then a candidate added on it: the role and the first stage come with it.
    e.keys(&["7", "H", "Senior backend engineer", "<Tab>", "<Tab>", "D-006", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    assert!(people::selected_opening(&e.app).is_some());
    e.keys(&["n", "Lee Park", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let lee = |e: &cockpit::runtime::Engine| e.store.people(acme(&e.store)).unwrap().into_iter().find(|p| p.name == "Lee Park").unwrap();
    assert_eq!((lee(&e).stage, lee(&e).role.as_str()), (Some(Stage::Sourced), "Senior backend engineer"));
    assert!(lee(&e).hiring_decision.is_some(), "the opening's hiring decision");
    let screen = screen_text(&mut e, 120, 40);
    assert!(screen.contains("Hiring: Senior backend engineer · open · 1 candidate ·"), "{screen}");
    e.keys(&[">", ">", ">"]);
    assert_eq!(lee(&e).stage, Some(Stage::Offer));
    e.keys(&["<"]);
    assert_eq!(lee(&e).stage, Some(Stage::Technical));
    e.keys(&[">", ">"]);
    assert_eq!(lee(&e).stage, Some(Stage::Hired));
    assert!(lee(&e).is_member());
    let screen = screen_text(&mut e, 120, 40);
    assert!(screen.contains("Hiring: Senior backend engineer · open · 0 candidates · 1…"), "{screen}");
    assert_eq!(people::selected(&e.app).map(|p| p.name.as_str()), Some("Lee Park"));
    e.keys(&["u", "u"]);
    assert_eq!(lee(&e).stage, Some(Stage::Technical));
    // The opening's own status moves with the same keys.
    e.keys(&["k", ">"]);
    let opening = e.store.openings(acme(&e.store)).unwrap().remove(0);
    assert_eq!(opening.status, cockpit::domain::person::OpeningStatus::OnHold);
}

#[test]
fn people_from_the_command_line_and_notes_kept_to_the_user() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let ok = |args: &[&str]| cli_ok(&db, args);
    ok(&["person", "add", "Priya Shah", "--client", "Acme Hospitality", "--role", "Backend lead"]);
    ok(&["person", "add", "Lee Park", "--client", "Acme Hospitality", "--role", "Senior backend engineer", "--stage", "screen"]);
    ok(&["person", "note", "priya shah", "Struggling with the on-call rota; wants to move teams", "--client", "Acme Hospitality"]);
    ok(&["person", "point", "Priya Shah", "Promotion case", "--client", "Acme Hospitality"]);
    let plain = ok(&["people", "--client", "Acme Hospitality"]);
    assert!(plain.contains("Priya Shah — Backend lead") && plain.contains("[screen]"), "{plain}");
    // The points for the next 1:1 are the user's as the notes are (the ones not discussed
    // carry over from them).
    for args in [
        &["people", "--client", "Acme Hospitality"][..],
        &["people", "--client", "Acme Hospitality", "--json"],
        &["person", "show", "Priya Shah", "--client", "Acme Hospitality", "--json"],
    ] {
        let out = ok(args);
        assert!(!out.contains("on-call rota") && !out.contains("Promotion case"), "{out}");
    }
    let json: serde_json::Value = serde_json::from_str(&ok(&["people", "--client", "Acme Hospitality", "--json"])).unwrap();
    assert!(
        json.as_array().unwrap().iter().all(|p| p.get("agenda").is_none() && p.get("one_on_ones").is_none()),
        "left out, not empty: {json}"
    );
    let private = ok(&["people", "--client", "Acme Hospitality", "--include-private"]);
    assert!(private.contains("on-call rota") && private.contains("next 1:1: Promotion case"), "{private}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["people", "--client", "Acme Hospitality", "--json", "--include-private"])).unwrap();
    assert!(json.as_array().unwrap().iter().any(|p| p["one_on_ones"][0]["notes"].as_str().is_some_and(|n| n.contains("on-call rota"))));
    // Nothing of a 1:1 goes to what the client sees.
    for args in
        [&["export", "week", "--client", "Acme Hospitality"][..], &["export", "week", "--client", "Acme Hospitality", "--format", "json"]]
    {
        assert!(!ok(args).contains("on-call rota"));
    }
    let out = run_cli(&db, &["person", "add", "X", "--stage", "hiring", "--client", "Acme Hospitality"]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("not a valid hiring stage"));
}

/// The People screen's selection moved to `name`.
fn select_person(e: &mut cockpit::runtime::Engine, name: &str) {
    e.keys(&["g"]);
    for _ in 0..50 {
        if people::selected(&e.app).is_some_and(|p| p.name == name) {
            return;
        }
        e.keys(&["j"]);
    }
    panic!("{name} is not listed");
}

/// A point typed for a 1:1 and left with Esc is kept as that person's draft: it comes back for
/// that person alone, and goes once added.
#[test]
fn a_point_left_with_esc_is_kept_for_its_person() {
    let mut e = demo_engine();
    e.keys(&["7", "n", "Priya Shah", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    e.keys(&["n", "Omar Haddad", "<C-s>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let typed = |e: &cockpit::runtime::Engine| match &e.app.modal {
        Some(cockpit::app::modal::Modal::Prompt(p)) => p.input.text().to_string(),
        other => panic!("no prompt: {other:?}"),
    };
    select_person(&mut e, "Priya Shah");
    e.keys(&["a", "Promotion case, with the numbers", "<Esc>"]);
    assert!(e.app.modal.is_none());
    assert_eq!(status(&e), "Draft kept: press a to go on with it");
    assert!(priya(&e).agenda.is_empty());
    // Another person's prompt starts empty, and leaving it keeps Priya's draft.
    select_person(&mut e, "Omar Haddad");
    e.keys(&["a"]);
    assert_eq!(typed(&e), "");
    e.keys(&["<Esc>"]);
    select_person(&mut e, "Priya Shah");
    e.keys(&["a"]);
    assert_eq!(typed(&e), "Promotion case, with the numbers");
    assert_eq!(status(&e), "The draft left here is back: C-u clears it");
    e.keys(&["<Enter>", "a"]);
    assert_eq!(priya(&e).agenda, ["Promotion case, with the numbers"]);
    assert_eq!(typed(&e), "", "the draft went with the point added");
}

/// A point whose save is refused (the person was changed in another window since it was read)
/// comes back in its prompt, text and all: neither it nor its draft is lost.
#[test]
fn a_point_refused_on_saving_comes_back_in_its_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path());
    let mut e = engine_on(&db);
    e.keys(&["7", "n", "Priya Shah", "<C-s>"]);
    select_person(&mut e, "Priya Shah");
    e.keys(&["a", "Promotion case", "<Esc>"]);
    cli_ok(&db, &["person", "edit", "Priya Shah", "--client", "Acme", "--role", "Staff engineer"]);
    e.keys(&["a", "<Enter>"]);
    let Some(cockpit::app::modal::Modal::Prompt(p)) = &e.app.modal else { panic!("the prompt did not come back: {}", status(&e)) };
    assert_eq!(p.input.text(), "Promotion case");
    assert!(priya(&e).agenda.is_empty());
}
