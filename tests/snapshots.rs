//! Frame snapshots: the real views drawn into ratatui's TestBackend at 80×24, 100×30, 120×40 and
//! the minimum size (60×16), with a fixed clock and the demo data. Colour is dropped from the text; where it
//! carries meaning it is asserted directly.

mod common;
use cockpit::domain::*;
use cockpit::runtime::Engine;
use common::*;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use ratatui::Terminal;

const SIZES: [(u16, u16); 4] = [(80, 24), (100, 30), (120, 40), (cockpit::ui::MIN_WIDTH, cockpit::ui::MIN_HEIGHT)];

fn draw(e: &mut Engine, w: u16, h: u16) -> Buffer {
    e.dispatch(cockpit::app::Action::Resize { width: w, height: h });
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| cockpit::ui::view(&e.app, f)).unwrap();
    term.backend().buffer().clone()
}

fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < area.width {
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            // A wide character covers the next cell too.
            x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn snap(name: &str, keys: &[&str], prepare: impl Fn(&mut Engine)) {
    for (w, h) in SIZES {
        let mut e = demo_engine();
        prepare(&mut e);
        e.keys(keys);
        let buf = draw(&mut e, w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text(&buf));
    }
}

fn none(_: &mut Engine) {}

fn acme(e: &Engine) -> Id {
    e.store.client_named("Acme Hospitality").unwrap().unwrap().id
}

/// A crowded week: many entries, long titles, CJK and emoji.
fn crowded(e: &mut Engine) {
    let id = acme(e);
    let week: IsoWeek = "2026-W47".parse().unwrap();
    let texts = [
        (Lane::Architecture, "数据库迁移计划：从 MySQL 到 PostgreSQL 的分阶段切换"),
        (Lane::Architecture, "🚀 Launch checklist for the booking engine v2 🎉"),
        (Lane::Building, "A very long task title that goes on and on about refactoring the payment reconciliation service so that it survives partial failures"),
        (Lane::Team, "1:1 with José about the café's POS integration (naïve retry logic)"),
        (Lane::Infra, "[ ] Rotate secrets in Vault — 東京 region first"),
        (Lane::Strategy, "[x] Read the Thoughtworks radar ✅"),
    ];
    let mut edits = Vec::new();
    for (lane, t) in texts {
        edits.push(Edit::insert(Record::Entry(Entry::from_typed(
            cockpit::storage::new_id(),
            id,
            week,
            lane,
            t,
            false,
            chrono::Utc::now(),
        ))));
    }
    for i in 0..8 {
        edits.push(Edit::insert(Record::Entry(Entry::from_typed(
            cockpit::storage::new_id(),
            id,
            week,
            Lane::Building,
            &format!("[ ] Building task number {i}"),
            false,
            chrono::Utc::now(),
        ))));
    }
    e.store.apply(&Change::new("crowd", edits)).unwrap();
    e.poll_external();
    e.dispatch(cockpit::app::Action::Run(cockpit::commands::Command::ThisWeek));
    e.keys(&["1"]);
    // Force a reload (our own writes do not bump data_version for this connection).
    e.keys(&["]", "["]);
}

/// Actions due on a lane's day, listed under its entries, that its box cannot hold are counted
/// on its bottom border with the entries out of view.
#[test]
fn a_lane_counts_the_actions_due_out_of_view() {
    let mut e = demo_engine();
    let (client, now) = (acme(&e), chrono::Utc::now());
    let due = (1..=30).map(|i| {
        let a = Action { due: Some(wednesday()), ..Action::new(cockpit::storage::new_id(), client, &format!("Due action {i}"), now) };
        Edit::insert(Record::Action(a))
    });
    e.store.apply(&Change::new("due", due.collect())).unwrap();
    e.poll_external();
    e.keys(&["1", "]", "["]);
    let screen = text(&draw(&mut e, 120, 24));
    let bottom = screen.lines().find(|l| l.starts_with('└')).unwrap_or_else(|| panic!("{screen}"));
    let wed: String = bottom.chars().skip(48).take(24).collect();
    assert!(wed.contains("more ↓"), "{screen}");
}

#[test]
fn today() {
    snap("today", &["0"], none);
}

#[test]
fn week() {
    snap("week", &[], none);
}

#[test]
fn week_crowded_with_long_and_wide_text() {
    snap("week_crowded", &["h", "h", "j"], crowded);
}

#[test]
fn week_next_week_is_empty() {
    snap("week_next", &["]"], none);
}

#[test]
fn matrix() {
    snap("matrix", &["2"], none);
}

/// More "do now" items than the smaller sizes' quadrant shows, the last selected: what is out of
/// view is said on the border.
#[test]
fn matrix_crowded() {
    let crowd = |e: &mut Engine| {
        let (id, now) = (acme(e), chrono::Utc::now());
        let score = |n| Score::new(n).unwrap();
        let items = (1..=7).map(|i| {
            Edit::insert(Record::Item(Item::new(cockpit::storage::new_id(), id, &format!("Urgent fix {i}"), score(5), score(1), now)))
        });
        e.store.apply(&Change::new("crowd", items.collect())).unwrap();
        e.poll_external();
    };
    snap("matrix_crowded", &["2", "<End>"], crowd);
}

#[test]
fn decisions() {
    snap("decisions", &["3"], none);
}

#[test]
fn decisions_filtered() {
    snap("decisions_filtered", &["3", "/", "cron queue", "<Enter>"], none);
}

#[test]
fn decision_form() {
    snap("decision_form", &["3", "e"], none);
}

#[test]
fn decision_form_with_a_multi_line_field_open() {
    snap(
        "decision_form_multi_line",
        &[
            "3",
            "e",
            "<Tab>",
            "<Tab>",
            "<Tab>",
            "<Tab>",
            "<Tab>",
            "<Tab>",
            "<Tab>",
            "<Tab>",
            "<Enter>",
            "- a list item",
            "<Enter>",
            "    indented code",
        ],
        none,
    );
}

#[test]
fn clients() {
    snap("clients", &["4"], none);
}

#[test]
fn hours() {
    snap("hours", &["5"], none);
}

#[test]
fn time_form() {
    snap("time_form", &["5", "e"], none);
}

#[test]
fn capture_line() {
    snap("capture", &["d", "Move cron to a queue #infra !oneway @2027-01-15"], none);
}

#[test]
fn help() {
    snap("help", &["?"], none);
}

#[test]
fn picker() {
    snap("picker", &["c", "b"], none);
}

#[test]
fn too_small() {
    let mut e = demo_engine();
    let buf = draw(&mut e, 40, 10);
    insta::assert_snapshot!("too_small_40x10", text(&buf));
    // A prompt open: it waits for the terminal to grow, and `q` is not said to quit.
    draw(&mut e, 120, 40);
    e.keys(&["d", "Half typed"]);
    let shown = text(&draw(&mut e, 40, 10)).replace('\n', " ");
    assert!(shown.contains("Enlarge it to go on") && shown.contains("not taken") && !shown.contains("quits"), "{shown}");
}

#[test]
fn every_size_from_1x1_draws_without_panic() {
    let mut e = demo_engine();
    for keys in [
        &["1"][..],
        &["2"],
        &["3"],
        &["4"],
        &["d", "x"],
        &["3", "e"],
        &["?"],
        &[":"],
        &["c"],
        &["1", "n", "y"],
        &["5"],
        &["5", "n"],
        &["i", "c", "North", "<Enter>"],
        // The decision form with its multi-line Context open on three lines.
        &["3", "e", "<Tab>", "<Tab>", "<Tab>", "<Tab>", "<Tab>", "<Tab>", "<Tab>", "<Tab>", "<Enter>", "数据库 👩‍💻", "<Enter>", "x"],
    ] {
        e.keys(&["<Esc>", "<Esc>"]);
        if e.app.modal.is_some() {
            e.keys(&["y"]);
        }
        e.keys(keys);
        for w in (1..=300).step_by(37).chain([59, 60, 61, 99, 100]) {
            for h in (1..=100).step_by(13).chain([15, 16, 17]) {
                draw(&mut e, w, h);
            }
        }
    }
}

#[test]
fn todays_lane_is_highlighted_in_colour() {
    let mut e = demo_engine();
    let buf = draw(&mut e, 120, 40);
    let (x, y) = (0..120).flat_map(|x| (0..40).map(move |y| (x, y))).find(|&(x, y)| buf[(x, y)].symbol() == "▶").expect("today marker");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
    let title: String = (x..x + 20).map(|x| buf[(x, y)].symbol().to_string()).collect();
    assert!(title.starts_with("▶ Wed"), "{title}");
    // Not highlighted on another week.
    e.keys(&["]"]);
    let buf = draw(&mut e, 120, 40);
    assert!(!text(&buf).contains('▶'));
}

/// The register with risks in three cells, one selected; the map reads without colour (each
/// cell's level initial and count).
fn with_risks(e: &mut Engine) {
    // (A new risk is in the middle cell until a cell is chosen on the map: then in that one's.)
    e.keys(&["6", "n", "No tested restore of the production database", "<Enter>"]);
    e.keys(&["L", "L", "K"]);
    e.keys(&["n", "Single AWS account for prod and staging", "<Enter>", "L", "L", "K"]);
    e.keys(&["l", "j", "j", "n", "SOC 2 evidence kept by hand", "<Enter>"]);
}

#[test]
fn risks() {
    snap("risks", &[], with_risks);
}

#[test]
fn the_heat_map_is_coloured_by_level() {
    let mut e = demo_engine();
    with_risks(&mut e);
    let buf = draw(&mut e, 120, 40);
    // Each cell's mark (its level's initial and count) sits on its level's colour.
    for (mark, colour) in [("C2", Color::Magenta), ("H1", Color::Red)] {
        let (x, y) = (0..119u16)
            .flat_map(|x| (0..40u16).map(move |y| (x, y)))
            .find(|&(x, y)| format!("{}{}", buf[(x, y)].symbol(), buf[(x + 1, y)].symbol()) == mark)
            .unwrap_or_else(|| panic!("{mark} on the map"));
        assert_eq!(buf[(x, y)].bg, colour, "{mark}");
    }
    // An empty low cell (likelihood 1, impact 1) is green.
    let row = (0..40u16).find(|&y| (0..4u16).map(|x| buf[(x, y)].symbol()).collect::<String>() == "│I1 ").expect("the impact 1 row");
    assert_eq!(buf[(6, row)].bg, Color::Green);
}

/// A meeting held at noon with its decisions, actions (one owed by someone else) and a risk.
fn with_a_meeting(e: &mut Engine) {
    let client = acme(e);
    let mut m = Meeting::new(cockpit::storage::new_id(), client, MeetingKind::Leadership, noon(), noon());
    m.end = Some(noon() + chrono::Duration::minutes(45));
    m.attendees = vec!["Ana".into(), "Marco".into()];
    m.notes = "Kickoff with the new VP Eng\nd: Use Postgres 17 #db !oneway\na: Send the SOC 2 shortlist ^fri\n- [ ] AWS bill breakdown @marco ^2026-11-25\na: Book the pen test ^2026-11-16\nr: Vendor lock-in on the queue\n?: Who signs the DPA?".into();
    let change =
        cockpit::ops::meetings::store(None, m, Default::default(), &mut cockpit::storage::new_id, wednesday(), noon()).unwrap().unwrap();
    e.store.apply(&change).unwrap();
    e.reload();
}

#[test]
fn actions() {
    snap("actions", &["9"], with_a_meeting);
}

#[test]
fn meetings() {
    snap("meetings", &["9", "v"], with_a_meeting);
}

#[test]
fn meeting_editor() {
    snap(
        "meeting_editor",
        &[
            "m",
            "Kickoff",
            "<Enter>",
            "d: Use Postgres 17 #db",
            "<Enter>",
            "a: Send it ^fri",
            "<Enter>",
            "- [ ] Bill @marco",
            "<Enter>",
            "r: Lock-in",
            "<Enter>",
            "?: Who signs?",
        ],
        none,
    );
}

/// D-007 weighed between three options, Datadog chosen over the weighted winner; a contract.
fn with_vendors(e: &mut Engine) {
    vendor_decision_and_datadog(e);
    e.keys(&["n", "Grafana Cloud", "<Tab>", "<Tab>", "<Tab>", "9000", "<C-s>"]);
    e.keys(&["n", "Self-hosted Prometheus", "<Tab>", "<Tab>", "<Right>", "<Tab>", "<Tab>", "30000", "<C-s>"]);
    e.keys(&["g", "s", "fit 4 x2", "<Enter>", "s", "cost 2", "<Enter>", "s", "support 5", "<Enter>", "C"]);
    e.keys(&["j", "s", "fit 4", "<Enter>", "s", "cost 5", "<Enter>", "s", "support 4", "<Enter>"]);
    e.keys(&["n", "PagerDuty", "<Tab>", "<C-u>", "<Tab>", "<Tab>", "6000", "<Tab>", "<Tab>", "2026-12-20", "<Tab>", "30", "<C-s>", "g"]);
}

#[test]
fn vendors() {
    snap("vendors", &[], with_vendors);
}

/// The money columns are as wide as their widest amount: a trillion reads whole, not cut.
#[test]
fn vendors_show_large_amounts_whole() {
    let mut e = demo_engine();
    with_vendors(&mut e);
    e.keys(&["n", "Mainframe", "<Tab>", "<Tab>", "<Tab>", "999999999999", "<C-s>"]);
    let shown = text(&draw(&mut e, 120, 40));
    assert!(shown.contains("999,999,999,999") && shown.contains("1,999,999,999,998"), "{shown}");
}

/// Two on the team (one with points for the next 1:1, goals and a 1:1 held), an opening with two
/// candidates, and a candidate for a role with no opening.
fn with_people(e: &mut Engine) {
    e.keys(&["7", "n", "Priya Shah", "<Tab>", "Backend lead", "<Tab>", "Platform", "<Tab>", "@priya", "<Tab>", "<Tab>", "<Tab>"]);
    e.keys(&["on-track: Ship the billing rewrite", "<Enter>", "at-risk: Mentor two juniors", "<C-s>"]);
    e.keys(&["a", "Promotion case", "<Enter>", "a", "On-call load", "<Enter>"]);
    e.keys(&["o", "<Up>", "<Up>", "<Home>", "<Right>", "<Right>", "<Right>", "<Del>", "x", "<Down>", "<Down>", "Good week.", "<C-s>"]);
    e.keys(&["n", "Tomás Ruiz", "<Tab>", "Frontend engineer", "<Tab>", "Web", "<C-s>"]);
    e.keys(&["H", "Senior backend engineer", "<C-s>", "n", "Lee Park", "<C-s>", ">", ">", "k", "n", "Sam Okafor", "<C-s>"]);
    e.keys(&["n", "Ana Lima", "<Tab>", "Data engineer", "<Tab>", "<Tab>", "<Tab>", "<Right>", "<Right>", "<C-s>"]);
    e.keys(&["g"]);
}

#[test]
fn people() {
    snap("people", &[], with_people);
}

/// Which client the user is on is the one thing the header must always show: every screen, at
/// every size, names the client whole (the longest demo name); and at 120 columns a decision's
/// 40-character title is whole in the list.
#[test]
fn the_clients_name_is_whole_on_every_screen_and_a_title_has_room() {
    let title = "Move the payment webhooks onto the queue";
    assert_eq!(title.chars().count(), 40);
    let mut e = demo_engine();
    let client = e.store.client_named("Northwind Logistics").unwrap().unwrap();
    let d = Decision::captured(cockpit::storage::new_id(), client.id, title, wednesday(), noon());
    e.store.apply(&cockpit::ops::decisions::add(d, "Recorded").unwrap()).unwrap();
    e.keys(&["c", "Northwind", "<Enter>"]);
    for (w, h) in SIZES {
        for screen in cockpit::app::Screen::ALL {
            e.dispatch(cockpit::app::Action::Run(screen.show()));
            let buf = draw(&mut e, w, h);
            let top = text(&buf).lines().next().unwrap_or_default().to_string();
            assert!(top.contains("Northwind Logistics"), "{screen:?} at {w}×{h}: {top}");
        }
    }
    e.dispatch(cockpit::app::Action::Run(cockpit::commands::Command::ScreenDecisions));
    let shown = text(&draw(&mut e, 120, 40));
    assert!(shown.lines().any(|l| l.contains(&format!("D-005 2026-11-18 accepted   2-way {title}"))), "{shown}");
}

/// A meeting title cut to fit its column leaves a blank before what the meeting made.
#[test]
fn a_long_meeting_title_does_not_run_into_what_it_made() {
    let mut e = demo_engine();
    let client = acme(&e);
    let mut m = Meeting::new(cockpit::storage::new_id(), client, MeetingKind::Leadership, noon(), noon());
    m.title = "Leadership sync on the quarter's hiring plan".into();
    m.notes = "d: Hire a platform lead".into();
    let change =
        cockpit::ops::meetings::store(None, m, Default::default(), &mut cockpit::storage::new_id, wednesday(), noon()).unwrap().unwrap();
    e.store.apply(&change).unwrap();
    e.reload();
    e.keys(&["9", "v"]);
    let screen = screen_text(&mut e, 100, 30);
    let row = screen.lines().find(|l| l.contains("Leadership sync Leadersh")).unwrap_or_else(|| panic!("{screen}"));
    assert!(row.contains("… 1d"), "{row}");
}
