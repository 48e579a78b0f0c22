//! The client switcher and the command palette: a query, and a list of what matches it.

use super::modal::{Modal, Picker};
use super::modal_update::{text_op, Outcome};
use super::*;

pub(super) fn picker_key(app: &mut App, mut p: Picker, key: Key, palette: bool) -> Outcome {
    let wrap = |p: Picker| if palette { Modal::Palette(p) } else { Modal::Picker(p) };
    let count = if palette { palette_offers(app, p.query.text()).len() } else { client_matches(app, p.query.text()).len() };
    // Letters type into the query; the picker's keys move and choose.
    let cmd = app.keymap.overlay(Scope::Picker, key);
    if let Some(cmd) = cmd.filter(|c| c.is_movement()) {
        super::move_in_list(&mut p.selected, count, picker_rows(app), cmd);
        return (Some(wrap(p)), vec![]);
    }
    match cmd {
        Some(Command::PickCancel) => (None, vec![]),
        Some(Command::Pick) if palette => match palette_offers(app, p.query.text()).get(p.selected) {
            Some((cmd, _)) => {
                let cmd = *cmd;
                (None, super::run(app, cmd))
            }
            None => (Some(wrap(p)), vec![]),
        },
        Some(Command::Pick) => match client_matches(app, p.query.text()).get(p.selected) {
            Some((id, _)) => {
                let id = *id;
                (None, app.switch_client(id))
            }
            None => (Some(wrap(p)), vec![]),
        },
        _ => {
            if let Some(op) = text_op(&app.keymap, key) {
                if p.query.apply(op) {
                    p.selected = 0;
                }
            }
            (Some(wrap(p)), vec![])
        }
    }
}

/// How many rows of a picker's list are in view (its box is at most 20 rows high).
fn picker_rows(app: &App) -> usize {
    (app.size.1 as usize).saturating_sub(2).min(20).saturating_sub(3).max(1)
}

/// Active clients matching the picker's query, best first, with matched positions in the name.
pub fn client_matches(app: &App, query: &str) -> Vec<(Id, Vec<usize>)> {
    let (p, mut m) = (search::Pattern::new(query), search::matcher());
    let mut found: Vec<(i64, usize, Id, Vec<usize>)> =
        app.active_clients().enumerate().filter_map(|(i, c)| p.matches(&mut m, &c.name).map(|(s, hits)| (s, i, c.id, hits))).collect();
    if !query.trim().is_empty() {
        found.sort_by_key(|(s, i, _, _)| (-s, *i));
    }
    found.into_iter().map(|(_, _, id, hits)| (id, hits)).collect()
}

/// The commands the palette offers for its query: those matching it that act here.
pub fn palette_offers(app: &App, query: &str) -> Vec<(Command, Vec<usize>)> {
    let described = |c: Command| app.keymap.describe(c);
    matching(query, &described).into_iter().filter(|(c, _)| super::available::available(app, *c)).collect()
}

/// Every command matching a query (by name and description), best first.
pub fn palette_matches(query: &str) -> Vec<(Command, Vec<usize>)> {
    matching(query, &|c: Command| c.description().to_string())
}

/// Commands whose description (as `describe` gives it) and name match `query`, with the
/// matched positions in `palette_label`.
fn matching(query: &str, describe: &dyn Fn(Command) -> String) -> Vec<(Command, Vec<usize>)> {
    let (p, mut m) = (search::Pattern::new(query), search::matcher());
    let mut found: Vec<(i64, usize, Command, Vec<usize>)> = Command::ALL
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let text = palette_label(&describe(*c), *c);
            p.matches(&mut m, &text).map(|(s, hits)| (s, i, *c, hits))
        })
        .collect();
    if !query.trim().is_empty() {
        found.sort_by_key(|(s, i, _, _)| (-s, *i));
    }
    found.into_iter().map(|(_, _, c, hits)| (c, hits)).collect()
}

/// How the palette shows a command: what it does, then its name.
pub fn palette_label(description: &str, c: Command) -> String {
    format!("{description} {}", c.name())
}
