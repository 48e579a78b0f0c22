//! The People screen: the current client's team and its candidates; for the one selected, the
//! points for the next 1:1, goals, and the 1:1s held (for the user alone).

use super::form::{self, FieldId, Form};
use super::modal::{FormPurpose, Modal, Prompt, PromptPurpose};
use super::*;
use crate::domain::person::{checklist, goals_text, parse_goals, Person, Stage};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeopleView {
    pub sel: usize,
    pub offset: usize,
    pub filter: String,
}

/// The team (by name), then the candidates by role and stage, declined ones last.
pub fn shown(app: &App) -> Vec<&Person> {
    let (p, mut m) = (search::Pattern::new(&app.people.filter), search::matcher());
    let mut v: Vec<&Person> = app
        .data
        .people
        .iter()
        .filter(|x| app.people.filter.is_empty() || p.matches(&mut m, &format!("{} {} {}", x.name, x.role, x.team)).is_some())
        .collect();
    v.sort_by_key(|x| {
        (
            !x.is_member(),
            x.stage == Some(Stage::Declined),
            if x.is_member() { String::new() } else { x.role.to_lowercase() },
            x.stage,
            x.name.to_lowercase(),
        )
    });
    v
}

pub fn selected(app: &App) -> Option<&Person> {
    shown(app).get(app.people.sel).copied()
}

pub fn selected_id(app: &App) -> Option<Id> {
    selected(app).map(|p| p.id)
}

pub fn keep(app: &mut App, keep: &[Option<Id>]) {
    let ids: Vec<Id> = shown(app).iter().map(|p| p.id).collect();
    super::screens::keep_selection(&mut app.people.sel, &ids, keep);
}

pub fn available(app: &App, cmd: Command) -> bool {
    use Command::*;
    match cmd {
        New => app.client.is_some(),
        Open | Edit | AddPoint | HoldOneOnOne => selected(app).is_some(),
        NextStage | PrevStage => selected(app).is_some_and(|p| p.stage.is_some()),
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
        New => {
            if let Some(client) = app.need_client() {
                let p = Person::new(app.new_id(), client, "", app.now);
                app.modal = Some(Modal::Form(Box::new(person_form(app, "New person or candidate".into(), FormPurpose::NewPerson, &p))));
            }
        }
        Open | Edit => {
            if let Some(p) = selected(app).cloned() {
                let f = person_form(app, format!("Edit {}", p.name), FormPurpose::EditPerson(Box::new(p.clone())), &p);
                app.modal = Some(Modal::Form(Box::new(f)));
            }
        }
        AddPoint => {
            if let Some(p) = selected(app).cloned() {
                app.modal = Some(Modal::Prompt(Prompt {
                    title: format!("A point for the next 1:1 with {}", p.name),
                    hint: app.keymap.say(Scope::Prompt, "{prompt_accept} adds it · {prompt_cancel} leaves it"),
                    input: super::textline::TextLine::new(""),
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
                if let Some(change) = crate::ops::people::step(&p, cmd == NextStage) {
                    app.focus = Some(p.id);
                    return app.apply(change);
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

fn person_form(app: &App, title: String, purpose: FormPurpose, p: &Person) -> Form<FormPurpose> {
    let mut stages: Vec<(&'static str, &'static str)> = vec![(MEMBER, "Team member")];
    stages.extend(Stage::ALL.iter().map(|s| (s.key(), s.key())));
    let at = p.stage.and_then(|s| Stage::ALL.iter().position(|x| *x == s)).map_or(0, |i| i + 1);
    let decision = p.hiring_decision.and_then(|id| app.data.decisions.iter().find(|d| d.id == id)).map(|d| d.code()).unwrap_or_default();
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

pub fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
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
    let typed = f.text(FieldId::DecisionRef);
    let hiring_decision =
        if typed.is_empty() {
            None
        } else {
            let number = crate::domain::decision::typed_number(&typed)
                .ok_or_else(|| Refusal::field(FieldId::DecisionRef, format!("'{typed}' is not a decision number (D-007 or 7)")))?;
            let d =
                app.data.decisions.iter().find(|d| d.number == number && d.client_id == base.client_id).ok_or_else(|| {
                    Refusal::field(FieldId::DecisionRef, format!("there is no {}", crate::domain::decision::code(number)))
                })?;
            Some(d.id)
        };
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
        FormPurpose::EditPerson(before) => crate::ops::people::edit(before, after)?,
        _ => Some(crate::ops::people::add(after)?),
    };
    Ok(change.map(|c| app.apply(c)).unwrap_or_default())
}
