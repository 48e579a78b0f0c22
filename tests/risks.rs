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
    // Impact 4 is the second row from the top; likelihood 3 the third column.
    e.keys(&["6", "j", "l", "l", "n", "No tested restore of the production database", "<Enter>"]);
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
    e.keys(&["m", "D-004", "<Enter>"]);
    assert!(e.app.modal.is_none(), "{}", status(&e));
    let r = only_risk(&e);
    let d4 = e.store.decisions(acme(&e)).unwrap().into_iter().find(|d| d.number == 4).unwrap();
    assert_eq!(r.mitigated_by, Some(d4.id));
    let risks_screen = screen_text(&mut e, 160, 40);
    assert!(risks_screen.contains(&format!("Mitigated by D-004 {}", &d4.title[..12])), "{risks_screen}");
    // The decision's detail pane names the risk.
    e.keys(&["3"]);
    let at = cockpit::app::decisions::shown(&e.app).position(|(d, _)| d.id == d4.id).unwrap();
    e.app.decisions.sel = at;
    let decisions_screen = screen_text(&mut e, 160, 40);
    assert!(decisions_screen.contains("Mitigates"), "{decisions_screen}");
    // A number that is not one of the client's decisions is refused in the prompt.
    e.keys(&["6", "m", "D-999", "<Enter>"]);
    assert!(matches!(e.app.modal, Some(Modal::Prompt(_))));
    assert!(status(&e).contains("There is no D-999"), "{}", status(&e));
    e.keys(&["<Esc>", "u"]);
    assert_eq!(only_risk(&e).mitigated_by, None);
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
        e.app.agenda.built.clients.iter().flat_map(|c| &c.items).any(|i| i.due.title == "No tested restore of the production database")
    };
    assert!(on_today(&e));
    e.keys(&["u"]);
    assert_eq!(only_risk(&e).review, None);
    assert!(!on_today(&e));
}
