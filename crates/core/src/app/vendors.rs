//! The Vendors screen: the current client's vendors and the options each evaluation compares
//! (building it ourselves included), grouped by decision, with the selected one's evaluation:
//! weighted scores, the winner beside the option chosen, costs and contract dates.

use super::form::{self, FieldId, Form};
use super::modal::{FormPurpose, Modal, Prompt, PromptPurpose};
use super::*;
use crate::domain::evaluation::Weight;
use crate::domain::money::Money;
use crate::domain::vendor::{Evaluation, Vendor};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct VendorsView {
    pub sel: usize,
    pub offset: usize,
    pub filter: String,
}

/// The shown vendors: by decision (those with none last), then name.
pub fn shown(app: &App) -> Vec<&Vendor> {
    let (p, mut m) = (search::Pattern::new(&app.vendors.filter), search::matcher());
    let mut v: Vec<&Vendor> =
        app.data.vendors.iter().filter(|v| app.vendors.filter.is_empty() || p.matches(&mut m, &v.name).is_some()).collect();
    let number = |v: &Vendor| v.decision_id.and_then(|id| named::brief(app, id)).map_or(u32::MAX, |d| d.number);
    v.sort_by_key(|v| (number(v), v.name.to_lowercase()));
    v
}

pub fn selected(app: &App) -> Option<&Vendor> {
    shown(app).get(app.vendors.sel).copied()
}

pub fn selected_id(app: &App) -> Option<Id> {
    selected(app).map(|v| v.id)
}

pub fn keep(app: &mut App, keep: &[Option<Id>]) {
    let ids: Vec<Id> = shown(app).iter().map(|v| v.id).collect();
    super::screens::keep_selection(&mut app.vendors.sel, &ids, keep);
}

pub fn available(app: &App, cmd: Command) -> bool {
    use Command::*;
    match cmd {
        New => app.client.is_some(),
        Open | Edit | ScoreVendor | DeleteVendor => selected(app).is_some(),
        ChooseVendor => selected(app).is_some_and(|v| !v.chosen),
        ToggleDone | TogglePrivate => false,
        _ => true,
    }
}

/// Rows in view: the list's part of the screen less its border and column titles (the
/// evaluation takes the rest).
pub fn rows(_width: usize, body: usize) -> usize {
    body.saturating_sub(evaluation_rows(body)).saturating_sub(3)
}

/// The rows the evaluation under the list takes: ten, or half of a taller screen (its criteria
/// are many more often than a client's vendors).
pub fn evaluation_rows(body: usize) -> usize {
    (body / 2).max(10)
}

/// The evaluation an option belongs to: its decision's stored one, or the default criteria (not
/// stored yet: its id is a placeholder until it is).
pub fn evaluation_of(app: &App, v: &Vendor) -> (Evaluation, bool) {
    match app.data.evaluations.iter().find(|e| e.decision_id == v.decision_id) {
        Some(e) => (e.clone(), true),
        None => (Evaluation::new(v.id, v.client_id, v.decision_id, app.now), false),
    }
}

/// The options compared with `v`: its decision's; one not tied to a decision stands alone.
pub fn options_with<'a>(app: &'a App, v: &Vendor) -> Vec<&'a Vendor> {
    app.data.vendors.iter().filter(|o| if v.decision_id.is_some() { o.decision_id == v.decision_id } else { o.id == v.id }).collect()
}

pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    use Command::*;
    let (n, page) = (shown(app).len(), app.page());
    if super::move_in_list(&mut app.vendors.sel, n, page, cmd) {
        return vec![];
    }
    match cmd {
        DeleteVendor => {
            if let Some(v) = selected(app).cloned() {
                return app.delete(v);
            }
        }
        New => {
            if let Some(client) = app.need_client() {
                let mut v = Vendor::new(app.new_id(), client, "", app.now);
                // A new option joins the selected one's evaluation.
                v.decision_id = selected(app).and_then(|s| s.decision_id);
                app.modal = Some(Modal::Form(Box::new(vendor_form(app, "New vendor or option".into(), FormPurpose::NewVendor, &v))));
            }
        }
        Open | Edit => {
            if let Some(v) = selected(app).cloned() {
                app.modal = Some(Modal::Form(Box::new(editing(app, &v))));
            }
        }
        ScoreVendor => {
            if let Some(v) = selected(app).cloned() {
                let (e, _) = evaluation_of(app, &v);
                let names = e.criteria.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
                app.modal = Some(Modal::Prompt(Prompt {
                    title: format!("Score '{}': criterion, score 1-5, and x weight if it changes", v.name),
                    hint: app
                        .keymap
                        .say(Scope::Prompt, &format!("e.g. fit 4 · security 5 x2 · criteria: {names} · {{prompt_accept}} scores")),
                    input: super::textline::TextLine::new(""),
                    purpose: PromptPurpose::ScoreVendor { vendor: Box::new(v) },
                }));
            }
        }
        ChooseVendor => {
            if let Some(v) = selected(app).cloned() {
                let options: Vec<Vendor> = options_with(app, &v).into_iter().cloned().collect();
                app.focus = Some(v.id);
                match crate::ops::vendors::choose(&v, &options) {
                    Ok(change) => return app.apply(change),
                    Err(e) => app.error(Refusal::from(e).to_string()),
                }
            }
        }
        _ => {}
    }
    vec![]
}

/// `fit 4`, `lock-in and exit cost 2`, `security 5 x2`: the criterion, the score, the weight.
fn typed_score(typed: &str) -> Option<(String, i64, Option<Weight>)> {
    let mut words: Vec<&str> = typed.split_whitespace().collect();
    // `x2`, or `x 2` with a space.
    let spaced = words.len() >= 3 && matches!(words[words.len() - 2], "x" | "×");
    let weight = match words.last().and_then(|w| w.strip_prefix(['x', '×'])).filter(|w| !w.is_empty()) {
        Some(w) => {
            let w = Weight::parse(w)?;
            words.pop();
            Some(w)
        }
        None if spaced => {
            let w = Weight::parse(words.pop()?)?;
            words.pop();
            Some(w)
        }
        None => None,
    };
    let score: i64 = words.pop()?.parse().ok()?;
    (!words.is_empty()).then(|| (words.join(" "), score, weight))
}

pub fn score(app: &mut App, v: &Vendor, typed: &str) -> Result<Vec<Effect>, Refusal> {
    let (criterion, score, weight) = typed_score(typed).ok_or_else(|| {
        Refusal::Missing(format!("'{}' is not a criterion and a score: write e.g. fit 4, or security 5 x2", typed.trim()))
    })?;
    let (mut evaluation, stored) = evaluation_of(app, v);
    if !stored {
        evaluation.id = app.new_id();
    }
    let change = crate::ops::vendors::score(v, &criterion, score, weight, (evaluation, stored))?;
    app.focus = Some(v.id);
    Ok(app.apply(change))
}

const BUILD: [(&str, &str); 2] = [("vendor", "A vendor"), ("build", "Build it ourselves")];

fn money_text(m: Option<Money>) -> String {
    m.map(|m| m.to_string()).unwrap_or_default()
}

/// The form that edits vendor `v`.
pub(super) fn editing(app: &App, v: &Vendor) -> Form<FormPurpose> {
    vendor_form(app, format!("Edit '{}'", v.name), FormPurpose::EditVendor(Box::new(v.clone())), v)
}

fn vendor_form(app: &App, title: String, purpose: FormPurpose, v: &Vendor) -> Form<FormPurpose> {
    let decision = v.decision_id.and_then(|id| named::brief(app, id)).map(|d| d.code()).unwrap_or_default();
    Form::new(
        title,
        purpose,
        vec![
            form::text(FieldId::Name, &v.name),
            form::text(FieldId::DecisionRef, &decision),
            form::options(FieldId::Build, BUILD.to_vec(), usize::from(v.build)),
            form::text(FieldId::CostPerYear, &money_text(v.cost_per_year)),
            form::text(FieldId::OneOff, &money_text(v.one_off)),
            form::date(FieldId::Renewal, v.renewal),
            form::text(FieldId::NoticeDays, &v.notice_days.map(|d| d.to_string()).unwrap_or_default()),
        ],
    )
}

pub fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    let base = match &f.purpose {
        FormPurpose::EditVendor(v) => (**v).clone(),
        _ => Vendor::new(app.new_id(), app.client.ok_or(Refusal::NoClient)?, "", app.now),
    };
    let money = |id: FieldId| -> Result<Option<Money>, Refusal> {
        let t = f.text(id);
        if t.is_empty() {
            return Ok(None);
        }
        Money::parse(&t)
            .map(Some)
            .ok_or_else(|| Refusal::field(id, format!("'{t}' is not an amount ({}): write e.g. 18000 or 18,000.50", Money::rule())))
    };
    let decision = decisions::typed_ref(app, f, FieldId::DecisionRef, base.client_id)?;
    let notice = f.text(FieldId::NoticeDays);
    let notice_days = if notice.is_empty() {
        None
    } else {
        Some(
            notice
                .parse::<u32>()
                .ok()
                .filter(|d| *d <= 3650)
                .ok_or_else(|| Refusal::field(FieldId::NoticeDays, format!("'{notice}' is not a number of days (0 to 3650)")))?,
        )
    };
    let after = Vendor {
        name: crate::domain::text::clean_line(&f.text(FieldId::Name)),
        decision_id: decision,
        build: f.choice_key(FieldId::Build) == "build",
        cost_per_year: money(FieldId::CostPerYear)?,
        one_off: money(FieldId::OneOff)?,
        renewal: f.date(FieldId::Renewal)?,
        notice_days,
        ..base
    };
    let change = match &f.purpose {
        FormPurpose::EditVendor(before) => crate::ops::vendors::edit(before, after, &app.data.vendors)?,
        _ => Some(crate::ops::vendors::add(after, &app.data.vendors)?),
    };
    Ok(change.map(|c| app.apply(c)).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_typed_with_their_criterion_and_weight() {
        assert_eq!(typed_score("fit 4"), Some(("fit".into(), 4, None)));
        assert_eq!(typed_score("lock-in and exit cost 2 x3"), Some(("lock-in and exit cost".into(), 2, Some(Weight(3000)))));
        assert_eq!(typed_score("security 5 x0.5"), Some(("security".into(), 5, Some(Weight(500)))));
        assert_eq!(typed_score("4"), None);
        assert_eq!(typed_score("fit four"), None);
        assert_eq!(typed_score("fit 4 xlots"), None);
        assert_eq!(typed_score("fit 4 x 2"), Some(("fit".into(), 4, Some(Weight(2000)))));
    }
}
