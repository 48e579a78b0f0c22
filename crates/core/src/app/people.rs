//! The People screen: the current client's team and its candidates; for the one selected, the
//! points for the next 1:1, goals, and the 1:1s held (for the user alone).

use super::form::{self, FieldId, Form};
use super::modal::{FormPurpose, Modal, Prompt, PromptPurpose};
use super::*;
use crate::domain::person::{checklist, goals_text, parse_goals, Opening, OpeningStatus, Person, Stage};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeopleView {
    pub sel: usize,
    pub offset: usize,
    pub filter: String,
}

/// A line of the list: a person, or an opening (its candidates follow it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Row<'a> {
    Person(&'a Person),
    Opening(&'a Opening),
}

impl Row<'_> {
    pub fn id(&self) -> Id {
        match self {
            Row::Person(p) => p.id,
            Row::Opening(o) => o.id,
        }
    }
}

/// The team (by name); then each opening (open ones first) with its candidates by stage,
/// declined ones last; then candidates for a role with no opening.
pub fn shown(app: &App) -> Vec<Row<'_>> {
    let (p, mut m) = (search::Pattern::new(&app.people.filter), search::matcher());
    let people: Vec<&Person> = app
        .data
        .people
        .iter()
        .filter(|x| app.people.filter.is_empty() || p.matches(&mut m, &format!("{} {} {}", x.name, x.role, x.team)).is_some())
        .collect();
    let by_stage = |v: &mut Vec<&Person>| v.sort_by_key(|x| (x.stage == Some(Stage::Declined), x.stage, x.name.to_lowercase()));
    let mut team: Vec<&Person> = people.iter().copied().filter(|x| x.is_member()).collect();
    team.sort_by_key(|x| x.name.to_lowercase());
    let mut rows: Vec<Row> = team.into_iter().map(Row::Person).collect();
    let mut openings: Vec<&Opening> = app.data.openings.iter().collect();
    openings.sort_by_key(|o| (matches!(o.status, OpeningStatus::Filled | OpeningStatus::Closed), o.role.to_lowercase()));
    for o in openings {
        rows.push(Row::Opening(o));
        let mut candidates: Vec<&Person> = people.iter().copied().filter(|x| !x.is_member() && o.has(x)).collect();
        by_stage(&mut candidates);
        rows.extend(candidates.into_iter().map(Row::Person));
    }
    let mut others: Vec<&Person> =
        people.iter().copied().filter(|x| !x.is_member() && !app.data.openings.iter().any(|o| o.has(x))).collect();
    others.sort_by_key(|x| (x.role.to_lowercase(), x.stage == Some(Stage::Declined), x.stage, x.name.to_lowercase()));
    rows.extend(others.into_iter().map(Row::Person));
    rows
}

pub fn selected(app: &App) -> Option<&Person> {
    match shown(app).get(app.people.sel) {
        Some(Row::Person(p)) => Some(p),
        _ => None,
    }
}

pub fn selected_opening(app: &App) -> Option<&Opening> {
    match shown(app).get(app.people.sel) {
        Some(Row::Opening(o)) => Some(o),
        _ => None,
    }
}

pub fn selected_id(app: &App) -> Option<Id> {
    shown(app).get(app.people.sel).map(Row::id)
}

pub fn keep(app: &mut App, keep: &[Option<Id>]) {
    let ids: Vec<Id> = shown(app).iter().map(Row::id).collect();
    super::screens::keep_selection(&mut app.people.sel, &ids, keep);
}

pub fn available(app: &App, cmd: Command) -> bool {
    use Command::*;
    match cmd {
        New | NewOpening => app.client.is_some(),
        Open | Edit | DeletePerson => selected_id(app).is_some(),
        AddPoint | HoldOneOnOne => selected(app).is_some(),
        NextStage | PrevStage => selected(app).is_some_and(|p| p.stage.is_some()) || selected_opening(app).is_some(),
        ToggleDone | TogglePrivate => false,
        _ => true,
    }
}

/// Rows in view: the list less its border and column titles.
pub fn rows(_width: usize, body: usize) -> usize {
    body.saturating_sub(3)
}

pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    use Command::*;
    let (n, page) = (shown(app).len(), app.page());
    if super::move_in_list(&mut app.people.sel, n, page, cmd) {
        return vec![];
    }
    match cmd {
        DeletePerson => {
            if let Some(p) = selected(app).cloned() {
                return app.delete(p);
            }
            if let Some(o) = selected_opening(app).cloned() {
                return app.delete(o);
            }
        }
        New => {
            if let Some(client) = app.need_client() {
                let mut p = Person::new(app.new_id(), client, "", app.now);
                // On an opening: a candidate for it.
                if let Some(o) = selected_opening(app) {
                    (p.role, p.stage, p.hiring_decision) = (o.role.clone(), Some(Stage::Sourced), o.decision_id);
                }
                app.modal = Some(Modal::Form(Box::new(person_form(app, "New person or candidate".into(), FormPurpose::NewPerson, &p))));
            }
        }
        NewOpening => {
            if let Some(client) = app.need_client() {
                let o = Opening::new(app.new_id(), client, "", app.now);
                app.modal = Some(Modal::Form(Box::new(opening_form(app, "New opening".into(), FormPurpose::NewOpening, &o))));
            }
        }
        Open | Edit if selected_opening(app).is_some() => {
            if let Some(o) = selected_opening(app).cloned() {
                app.modal = Some(Modal::Form(Box::new(editing_opening(app, &o))));
            }
        }
        NextStage | PrevStage if selected_opening(app).is_some() => {
            if let Some(o) = selected_opening(app).cloned() {
                let status = o.status.cycle(cmd == NextStage);
                let label = format!("Opening '{}': {}", o.role, status.key());
                app.focus = Some(o.id);
                let after = Opening { status, ..o.clone() };
                return app.apply(Change::one(label, crate::domain::Edit::update(Record::Opening(o), Record::Opening(after))));
            }
        }
        Open | Edit => {
            if let Some(p) = selected(app).cloned() {
                app.modal = Some(Modal::Form(Box::new(editing(app, &p))));
            }
        }
        AddPoint => {
            if let Some(p) = selected(app).cloned() {
                let draft =
                    super::drafts::kept_for(app, super::drafts::DraftKind::Point, &p.id.to_string()).unwrap_or_default().to_string();
                super::drafts::say_back(app, &draft);
                app.modal = Some(Modal::Prompt(Prompt {
                    title: format!("A point for the next 1:1 with {}", p.name),
                    hint: app.keymap.say(Scope::Prompt, "{prompt_accept} adds it · {prompt_cancel} keeps a draft"),
                    input: super::textline::TextLine::new(&draft),
                    purpose: PromptPurpose::AddPoint { person: Box::new(p) },
                }));
            }
        }
        HoldOneOnOne => {
            if let Some(p) = selected(app).cloned() {
                let f = Form::new(
                    format!("1:1 with {}: tick what was discussed ([x]); the rest carries over", p.name),
                    FormPurpose::OneOnOne(Box::new(p.clone())),
                    vec![form::date(FieldId::Date, Some(app.today)), form::block(FieldId::Notes, &checklist(&p.agenda))],
                );
                let mut f = f;
                f.focus = 1;
                if !p.agenda.is_empty() {
                    f.newline();
                }
                app.modal = Some(Modal::Form(Box::new(f.settled())));
            }
        }
        NextStage | PrevStage => {
            if let Some(p) = selected(app).cloned() {
                match crate::ops::people::step(&p, cmd == NextStage) {
                    Some(change) => {
                        app.focus = Some(p.id);
                        return app.apply(change);
                    }
                    None => app.info(format!(
                        "{} is at the {} end of hiring: {}",
                        p.name,
                        if cmd == NextStage { "last" } else { "first" },
                        p.stage.map(crate::domain::Choice::key).unwrap_or("")
                    )),
                }
            }
        }
        _ => {}
    }
    vec![]
}

pub fn add_point(app: &mut App, p: &Person, typed: &str) -> Result<Vec<Effect>, Refusal> {
    let change = crate::ops::people::add_point(p, typed)?;
    app.focus = Some(p.id);
    Ok(app.apply(change))
}

const MEMBER: &str = "member";

/// The form that edits person `p`.
pub(super) fn editing(app: &App, p: &Person) -> Form<FormPurpose> {
    person_form(app, format!("Edit {}", p.name), FormPurpose::EditPerson(Box::new(p.clone())), p)
}

/// The form that edits opening `o`.
pub(super) fn editing_opening(app: &App, o: &Opening) -> Form<FormPurpose> {
    opening_form(app, format!("Opening: {}", o.role), FormPurpose::EditOpening(Box::new(o.clone())), o)
}

fn person_form(app: &App, title: String, purpose: FormPurpose, p: &Person) -> Form<FormPurpose> {
    let mut stages: Vec<(&'static str, &'static str)> = vec![(MEMBER, "Team member")];
    stages.extend(Stage::ALL.iter().map(|s| (s.key(), s.key())));
    let at = p.stage.and_then(|s| Stage::ALL.iter().position(|x| *x == s)).map_or(0, |i| i + 1);
    let decision = p.hiring_decision.and_then(|id| named::brief(app, id)).map(|d| d.code()).unwrap_or_default();
    Form::new(
        title,
        purpose,
        vec![
            form::text(FieldId::Name, &p.name),
            form::text(FieldId::Role, &p.role),
            form::text(FieldId::Team, &p.team),
            form::text(FieldId::Contact, &p.contact),
            form::options(FieldId::Stage, stages, at),
            form::text(FieldId::DecisionRef, &decision),
            form::block(FieldId::Goals, &goals_text(&p.goals)),
        ],
    )
}

fn opening_form(app: &App, title: String, purpose: FormPurpose, o: &Opening) -> Form<FormPurpose> {
    let decision = o.decision_id.and_then(|id| named::brief(app, id)).map(|d| d.code()).unwrap_or_default();
    Form::new(
        title,
        purpose,
        vec![form::text(FieldId::Role, &o.role), form::choice(FieldId::Status, o.status), form::text(FieldId::DecisionRef, &decision)],
    )
}

fn submit_opening(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    let base = match &f.purpose {
        FormPurpose::EditOpening(o) => (**o).clone(),
        _ => Opening::new(app.new_id(), app.client.ok_or(Refusal::NoClient)?, "", app.now),
    };
    let role = crate::domain::text::clean_line(&f.text(FieldId::Role));
    if role.is_empty() {
        return Err(Refusal::field(FieldId::Role, "an opening needs its role"));
    }
    let after = Opening {
        role,
        status: f.choice(FieldId::Status),
        decision_id: decisions::typed_ref(app, f, FieldId::DecisionRef, base.client_id)?,
        ..base
    };
    let change = match &f.purpose {
        FormPurpose::EditOpening(before) if **before == after => return Ok(vec![]),
        FormPurpose::EditOpening(before) => Change::one(
            format!("Opening '{}'", after.role),
            crate::domain::Edit::update(Record::Opening((**before).clone()), Record::Opening(after)),
        ),
        _ => Change::one(format!("Opened '{}'", after.role), crate::domain::Edit::insert(Record::Opening(after))),
    };
    Ok(app.apply(change))
}

/// A 1:1's form whose person was changed elsewhere while it was open: on the person as they now
/// are (the 1:1 saves over them), with the points added to their agenda since at the end of the
/// notes, to tick or to carry; and how many were added.
pub(super) fn one_on_one_again(f: &Form<FormPurpose>, now: &Person) -> Option<(Form<FormPurpose>, usize, usize)> {
    let FormPurpose::OneOnOne(p) = &f.purpose else { return None };
    let missing = |from: &[String], of: &[String]| -> Vec<String> {
        from.iter().filter(|a| !of.iter().any(|o| o.eq_ignore_ascii_case(a))).cloned().collect()
    };
    let (added, gone) = (missing(&now.agenda, &p.agenda), missing(&p.agenda, &now.agenda));
    let mut again = f.clone();
    again.purpose = FormPurpose::OneOnOne(Box::new(now.clone()));
    // (A point taken off there goes with its line, left as the form wrote it; ticked or
    // retyped here, it stays.)
    let untouched: Vec<String> = gone.iter().map(|g| checklist(std::slice::from_ref(g))).collect();
    let notes = again.text(FieldId::Notes);
    let mut lines: Vec<&str> = notes.lines().filter(|l| !untouched.iter().any(|u| u == l)).collect();
    let removed = notes.lines().count() - lines.len();
    let added_lines = checklist(&added);
    if !added.is_empty() {
        lines.push(&added_lines);
    }
    if removed > 0 || !added.is_empty() {
        again.set_field(FieldId::Notes, lines.join("\n").trim_start());
    }
    Some((again, added.len(), removed))
}

pub fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    if matches!(f.purpose, FormPurpose::NewOpening | FormPurpose::EditOpening(_)) {
        return submit_opening(app, f);
    }
    if let FormPurpose::OneOnOne(p) = &f.purpose {
        let on = f.date(FieldId::Date)?.unwrap_or(app.today);
        let change = crate::ops::people::hold(p, app.new_id(), on, &f.text(FieldId::Notes), app.now)?;
        app.focus = Some(p.id);
        return Ok(app.apply(change));
    }
    let base = match &f.purpose {
        FormPurpose::EditPerson(p) => (**p).clone(),
        _ => Person::new(app.new_id(), app.client.ok_or(Refusal::NoClient)?, "", app.now),
    };
    let hiring_decision = decisions::typed_ref(app, f, FieldId::DecisionRef, base.client_id)?;
    let stage = f.choice_key(FieldId::Stage);
    let after = Person {
        name: crate::domain::text::clean_line(&f.text(FieldId::Name)),
        role: f.text(FieldId::Role),
        team: f.text(FieldId::Team),
        contact: f.text(FieldId::Contact),
        stage: if stage == MEMBER { None } else { Stage::parse(stage).ok() },
        hiring_decision,
        goals: parse_goals(&f.text(FieldId::Goals)),
        ..base
    };
    let change = match &f.purpose {
        FormPurpose::EditPerson(before) => crate::ops::people::edit(before, after, &app.data.people)?,
        _ => Some(crate::ops::people::add(after, &app.data.people)?),
    };
    Ok(change.map(|c| app.apply(c)).unwrap_or_default())
}
