//! The Risks screen: the register on a 5 × 5 heat map (impact up, likelihood across) with the
//! risks of the selected cell beside it, or as one list by score; re-scored with the matrix's
//! keys, each move kept as history.

use super::form::{self, FieldId, Form};
use super::modal::{FormPurpose, Modal, Prompt, PromptPurpose};
use super::*;
use crate::domain::risk::{HeatCell, RiskCategory, RiskStatus};

#[derive(Debug, Clone, PartialEq)]
pub struct RisksView {
    /// The selected cell of the heat map.
    pub row: usize,
    pub col: usize,
    /// The selected risk within the cell (or within the whole list).
    pub sel: usize,
    /// One list by score instead of the map.
    pub as_list: bool,
    pub show_closed: bool,
    pub filter: String,
    /// A cell was chosen on the map (until then, it opens on the highest risk's cell).
    pub moved: bool,
}

/// The map opens on its middle cell (3 × 3), where a new risk is put until a cell is chosen;
/// on the highest risk's cell once there are risks (see [`keep`]).
impl Default for RisksView {
    fn default() -> RisksView {
        RisksView { row: 2, col: 2, sel: 0, as_list: false, show_closed: false, filter: String::new(), moved: false }
    }
}

/// The shown risks, highest score first: closed ones only when asked for, and those the filter
/// leaves.
pub fn shown(app: &App) -> Vec<&Risk> {
    let (p, mut m) = (search::Pattern::new(&app.risks.filter), search::matcher());
    app.data
        .risks
        .iter()
        .filter(|r| app.risks.show_closed || !r.is_closed())
        .filter(|r| app.risks.filter.is_empty() || p.matches(&mut m, &format!("{} {}", r.title, r.tags.join(" "))).is_some())
        .collect()
}

/// The risks of one cell of the map.
pub fn in_cell(app: &App, row: usize, col: usize) -> Vec<&Risk> {
    shown(app).into_iter().filter(|r| (r.cell().row, r.cell().col) == (row, col)).collect()
}

/// What the list beside the map (or the whole list) shows.
pub fn listed(app: &App) -> Vec<&Risk> {
    if app.risks.as_list {
        shown(app)
    } else {
        in_cell(app, app.risks.row, app.risks.col)
    }
}

pub fn selected(app: &App) -> Option<&Risk> {
    listed(app).get(app.risks.sel).copied()
}

pub fn selected_id(app: &App) -> Option<Id> {
    selected(app).map(|r| r.id)
}

pub fn available(app: &App, cmd: Command) -> bool {
    use Command::*;
    match cmd {
        New | ShowClosedRisks | RisksAsList => app.client.is_some(),
        Open | Edit | TogglePrivate | ReviewRisk | CloseRisk | LinkMitigation | LinkIntroduced | DeleteRisk => selected(app).is_some(),
        RiskImpactUp | RiskImpactDown | RiskLikelihoodUp | RiskLikelihoodDown => {
            selected(app).is_some_and(|r| nudged(r, cmd) != (r.likelihood, r.impact))
        }
        ToggleDone => false,
        _ => true,
    }
}

/// Rows in view: the list less its border and title.
pub fn rows(_width: usize, body: usize) -> usize {
    body.saturating_sub(3)
}

/// After a reload: the selection follows the first of `keep` still shown to its cell.
pub fn keep(app: &mut App, keep: &[Option<Id>]) {
    let found = keep.iter().flatten().find_map(|id| shown(app).into_iter().find(|r| r.id == *id).map(|r| (r.id, r.cell())));
    if let Some((id, cell)) = found {
        if !app.risks.as_list {
            (app.risks.row, app.risks.col) = (cell.row, cell.col);
        }
        app.risks.sel = listed(app).iter().position(|r| r.id == id).unwrap_or(0);
    } else if !app.risks.moved && in_cell(app, app.risks.row, app.risks.col).is_empty() {
        if let Some(cell) = shown(app).first().map(|r| r.cell()) {
            (app.risks.row, app.risks.col, app.risks.sel) = (cell.row, cell.col, 0);
        }
    }
    app.risks.sel = app.risks.sel.min(listed(app).len().saturating_sub(1));
}

/// Likelihood and impact after a re-scoring key.
fn nudged(r: &Risk, cmd: Command) -> (Score, Score) {
    match cmd {
        Command::RiskImpactUp => (r.likelihood, r.impact.nudge(true)),
        Command::RiskImpactDown => (r.likelihood, r.impact.nudge(false)),
        Command::RiskLikelihoodUp => (r.likelihood.nudge(true), r.impact),
        _ => (r.likelihood.nudge(false), r.impact),
    }
}

pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    use Command::*;
    let n = listed(app).len();
    match cmd {
        DeleteRisk => {
            if let Some(r) = selected(app).cloned() {
                return app.delete(r);
            }
        }
        // On the map, up and down go through the cell's risks, then to the cell above or below.
        Up | Down if !app.risks.as_list => {
            app.risks.moved = true;
            let (row, col, sel) = (app.risks.row, app.risks.col, app.risks.sel);
            (app.risks.row, app.risks.sel) = match cmd {
                Up if sel > 0 => (row, sel - 1),
                Up if row > 0 => (row - 1, in_cell(app, row - 1, col).len().saturating_sub(1)),
                Down if sel + 1 < n => (row, sel + 1),
                Down if row < 4 => (row + 1, 0),
                _ => (row, sel),
            };
        }
        Left | Right if !app.risks.as_list => {
            let v = &mut app.risks;
            v.moved = true;
            v.col = if cmd == Left { v.col.saturating_sub(1) } else { (v.col + 1).min(4) };
            v.sel = 0;
        }
        Up | Down | PageUp | PageDown | First | Last => {
            let page = app.page();
            super::move_in_list(&mut app.risks.sel, n, page, cmd);
        }
        RisksAsList => {
            let keep = selected_id(app);
            app.risks.as_list = !app.risks.as_list;
            self::keep(app, &[keep]);
        }
        ShowClosedRisks => {
            let keep = selected_id(app);
            app.risks.show_closed = !app.risks.show_closed;
            self::keep(app, &[keep]);
        }
        RiskImpactUp | RiskImpactDown | RiskLikelihoodUp | RiskLikelihoodDown => {
            if let Some(r) = selected(app).cloned() {
                let id = app.new_id();
                if let Some(change) = crate::ops::risks::rescore(&r, nudged(&r, cmd), id, app.now) {
                    app.focus = Some(r.id);
                    return app.apply(change);
                }
            }
        }
        New => {
            if let Some(client) = app.need_client() {
                // In the scores of the cell chosen on the map; in the middle one's when none
                // was (the map opens on the highest risk's cell, not one chosen for a new risk).
                let v = if app.risks.moved && !app.risks.as_list { app.risks.clone() } else { RisksView::default() };
                let (likelihood, impact) = HeatCell::scores(v.row, v.col);
                let r = Risk::new(app.new_id(), client, "", likelihood, impact, app.now);
                app.modal = Some(Modal::Form(Box::new(risk_form("New risk".into(), FormPurpose::NewRisk, &r))));
            }
        }
        Open | Edit => {
            if let Some(r) = selected(app).cloned() {
                app.modal = Some(Modal::Form(Box::new(editing(&r))));
            }
        }
        CloseRisk => {
            if let Some(r) = selected(app).cloned() {
                let status = if r.is_closed() { RiskStatus::Open } else { RiskStatus::Closed };
                let after = r.with_status(status, app.today);
                let label = format!("{} risk '{}'", if status == RiskStatus::Closed { "Closed" } else { "Reopened" }, r.title);
                return app.apply(Change::one(label, crate::domain::Edit::update(Record::Risk(r), Record::Risk(after))));
            }
        }
        TogglePrivate => {
            if let Some(r) = selected(app).cloned() {
                let after = Risk { private: !r.private, ..r.clone() };
                let label = format!("Risk '{}' is {}", r.title, if after.private { "private" } else { "client-facing" });
                return app.apply(Change::one(label, crate::domain::Edit::update(Record::Risk(r), Record::Risk(after))));
            }
        }
        ReviewRisk => {
            if let Some(r) = selected(app).cloned() {
                // As far ahead as the last interval: from the last review, else from its creation.
                let since = crate::domain::review::last_on(&app.data.reviews, r.id)
                    .unwrap_or_else(|| r.created_at.with_timezone(&app.zone).date_naive());
                let next = crate::domain::review::next_date(since, r.review, app.today).map(|d| d.to_string()).unwrap_or_default();
                app.modal = Some(Modal::Prompt(Prompt {
                    title: format!("Review risk '{}': next review", r.title),
                    hint: app
                        .keymap
                        .say(Scope::Prompt, "a date (YYYY-MM-DD) or 2w, 3m, 1y · {prompt_accept} reviews · {prompt_cancel} leaves it"),
                    input: super::textline::TextLine::new(&next),
                    purpose: PromptPurpose::ReviewRisk { risk: Box::new(r) },
                }));
            }
        }
        LinkMitigation | LinkIntroduced => {
            if let Some(r) = selected(app).cloned() {
                let link = if cmd == LinkMitigation { Link::MitigatedBy } else { Link::IntroducedBy };
                app.modal = Some(Modal::PickDecision(
                    Default::default(),
                    PromptPurpose::LinkDecision { risk: Box::new(r), link },
                    super::picker::Found::new(app.search.first_page_from),
                ));
            }
        }
        _ => {}
    }
    vec![]
}

/// The typed next review date.
pub fn review_until(app: &mut App, r: &Risk, typed: &str) -> Result<Vec<Effect>, Refusal> {
    let next = agenda::typed_date(app, typed)?;
    let change = crate::ops::risks::review(r, app.new_id(), next, app.today, app.now)?;
    Ok(app.apply(change))
}

/// Which of a risk's two links to a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    IntroducedBy,
    MitigatedBy,
}

impl Link {
    pub fn of(self, r: &Risk) -> Option<Id> {
        match self {
            Link::IntroducedBy => r.introduced_by,
            Link::MitigatedBy => r.mitigated_by,
        }
    }

    pub fn verb(self) -> &'static str {
        match self {
            Link::IntroducedBy => "brought it in",
            Link::MitigatedBy => "mitigates it",
        }
    }
}

/// The typed decision number (of the risk's client) becomes the link; empty removes it.
pub fn link_decision(app: &mut App, r: &Risk, link: Link, typed: &str) -> Result<Vec<Effect>, Refusal> {
    let decision = if !typed.chars().any(|c| c.is_ascii_digit()) {
        None
    } else {
        let number =
            crate::domain::decision::typed_number(typed).ok_or_else(|| Refusal::Missing(format!("'{typed}' is not a decision number")))?;
        let d = crate::domain::decision::numbered(app.data.decisions.of(r.client_id), number)
            .ok_or_else(|| Refusal::Missing(format!("There is no {} for this client", crate::domain::decision::code(number))))?;
        Some(d)
    };
    let id = decision.map(|d| d.id);
    let label = match decision {
        Some(d) => format!("Risk '{}': {} {} it", r.title, d.code(), if link == Link::MitigatedBy { "mitigates" } else { "brought" }),
        None => format!("Risk '{}': no decision {}", r.title, link.verb()),
    };
    let after = match link {
        Link::IntroducedBy => Risk { introduced_by: id, ..r.clone() },
        Link::MitigatedBy => Risk { mitigated_by: id, ..r.clone() },
    };
    Ok(app.apply(Change::one(label, Edit::update(Record::Risk(r.clone()), Record::Risk(after)))))
}

/// The form that edits risk `r`.
pub(super) fn editing(r: &Risk) -> Form<FormPurpose> {
    risk_form(format!("Edit risk {}", r.title), FormPurpose::EditRisk(Box::new(r.clone())), r)
}

fn risk_form(title: String, purpose: FormPurpose, r: &Risk) -> Form<FormPurpose> {
    Form::new(
        title,
        purpose,
        vec![
            form::text(FieldId::Title, &r.title),
            form::choice(FieldId::RiskCategory, r.category),
            form::score(FieldId::Likelihood, r.likelihood),
            form::score(FieldId::Impact, r.impact),
            form::choice(FieldId::Status, r.status),
            form::text(FieldId::Owner, &r.owner),
            form::date(FieldId::Review, r.review),
            form::text(FieldId::Tags, &r.tags.join(", ")),
            form::block(FieldId::Description, &r.description),
            form::block(FieldId::Mitigation, &r.mitigation),
        ],
    )
}

pub fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    let base = match &f.purpose {
        FormPurpose::EditRisk(r) => (**r).clone(),
        _ => {
            let client = app.client.ok_or(Refusal::NoClient)?;
            Risk::new(app.new_id(), client, "", Score::MIN, Score::MIN, app.now)
        }
    };
    let after = Risk {
        title: crate::domain::text::clean_line(&f.text(FieldId::Title)),
        category: f.choice::<RiskCategory>(FieldId::RiskCategory),
        likelihood: f.score(FieldId::Likelihood),
        impact: f.score(FieldId::Impact),
        owner: f.text(FieldId::Owner),
        review: f.date(FieldId::Review)?,
        tags: crate::domain::risk::clean_tags([f.text(FieldId::Tags)]),
        description: form::kept(&base.description, f.text(FieldId::Description)),
        mitigation: form::kept(&base.mitigation, f.text(FieldId::Mitigation)),
        ..base.with_status(f.choice::<RiskStatus>(FieldId::Status), app.today)
    };
    let change = match &f.purpose {
        FormPurpose::EditRisk(before) => crate::ops::risks::edit(before, after, app.new_id(), app.now)?,
        _ => Some(crate::ops::risks::add(after)?),
    };
    Ok(change.map(|c| app.apply(c)).unwrap_or_default())
}
