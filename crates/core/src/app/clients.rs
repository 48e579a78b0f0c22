//! The Clients screen's state and commands: every workspace at a glance.

use super::form::{self, FieldId, Form};
use super::modal::{FormPurpose, Modal};
use super::*;
use crate::domain::client::{fmt_hours, ClientError};
use crate::domain::money::Money;
use crate::domain::terms::{Rollover, Terms, TermsError};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientsView {
    pub sel: usize,
    /// The first row in view: kept while the selection moves within the view.
    pub offset: usize,
    pub show_archived: bool,
    pub filter: String,
}

pub fn visible(app: &App) -> Vec<&Client> {
    let (p, mut m) = (search::Pattern::new(&app.clients.filter), search::matcher());
    app.data
        .clients
        .iter()
        .filter(|c| app.clients.show_archived || !c.archived)
        .filter(|c| app.clients.filter.is_empty() || p.matches(&mut m, &c.name).is_some())
        .collect()
}

/// Whether a command acts on the list of clients: clients are neither done nor private.
pub fn available(app: &App, cmd: Command) -> bool {
    use Command::*;
    match cmd {
        ToggleDone | TogglePrivate => false,
        Open | Edit | ArchiveClient => selected(app).is_some(),
        _ => true,
    }
}

pub fn selected_id(app: &App) -> Option<Id> {
    selected(app).map(|c| c.id)
}

/// Rows in view: the list less its border and column titles.
pub fn rows(_width: usize, body: usize) -> usize {
    body.saturating_sub(3)
}

pub fn selected(app: &App) -> Option<&Client> {
    visible(app).get(app.clients.sel).copied()
}

/// After a reload or a filter: the selection goes to the first of `keep` still shown, else stays
/// in place within the list.
pub fn keep(app: &mut App, keep: &[Option<Id>]) {
    let ids: Vec<Id> = visible(app).iter().map(|c| c.id).collect();
    super::screens::keep_selection(&mut app.clients.sel, &ids, keep);
}

/// Opens the form that edits client `id` (its name first).
pub(super) fn edit_form(app: &mut App, id: Id) -> Vec<Effect> {
    if let Some(c) = app.data.clients.iter().find(|c| c.id == id).cloned() {
        app.modal = Some(Modal::Form(Box::new(editing(&c))));
    }
    vec![]
}

/// The form that edits client `c`.
pub(super) fn editing(c: &Client) -> Form<FormPurpose> {
    client_form(format!("Edit {}", c.name), FormPurpose::EditClient(Box::new(c.clone())), Some(c))
}

fn client_form(title: String, purpose: FormPurpose, c: Option<&Client>) -> Form<FormPurpose> {
    let terms = c.map(|c| c.terms.clone()).unwrap_or_default();
    let amount = |m: Option<Money>| m.map(|m| m.to_string()).unwrap_or_default();
    Form::new(
        title,
        purpose,
        vec![
            form::text(FieldId::Name, c.map(|c| c.name.as_str()).unwrap_or("")),
            form::choice(FieldId::Shape, c.map(|c| c.shape).unwrap_or(Shape::Operational)),
            form::text(FieldId::HoursPerWeek, &c.and_then(|c| c.hours_per_week).map(fmt_hours).unwrap_or_default()),
            form::text(FieldId::HoursPerMonth, &c.and_then(|c| c.hours_per_month).map(fmt_hours).unwrap_or_default()),
            form::text(FieldId::Rate, &amount(terms.rate)),
            form::text(FieldId::Currency, &terms.currency),
            form::text(FieldId::MonthlyFee, &amount(terms.monthly_fee)),
            form::text(FieldId::OverageRate, &amount(terms.overage_rate)),
            form::options(
                FieldId::Rollover,
                vec![("none", "lapse at the month's end"), ("one-month", "carry one month")],
                usize::from(terms.rollover == Rollover::OneMonth),
            ),
            form::text(
                FieldId::PrivateLanes,
                &c.map_or_else(crate::domain::client::default_private_lanes, |c| c.private_lanes.clone())
                    .iter()
                    .map(|l| l.key())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            form::text(FieldId::CodeNames, &c.map(|c| c.code_names.join(", ")).unwrap_or_default()),
        ],
    )
}

pub fn run(app: &mut App, cmd: Command) -> Vec<Effect> {
    let (n, page) = (visible(app).len(), app.page());
    if super::move_in_list(&mut app.clients.sel, n, page, cmd) {
        return vec![];
    }
    match cmd {
        Command::Open => {
            if let Some(c) = selected(app) {
                if c.archived {
                    app.error(format!("{} is archived: {}", c.name, app.keymap.say(Scope::Clients, "{archive_client} restores it")));
                } else {
                    let id = c.id;
                    return app.switch_client(id);
                }
            }
        }
        Command::New => app.modal = Some(Modal::Form(Box::new(client_form("New client".into(), FormPurpose::NewClient, None)))),
        Command::Edit => {
            if let Some(c) = selected(app).map(|c| c.id) {
                return edit_form(app, c);
            }
        }
        Command::ArchiveClient => {
            if let Some(c) = selected(app).cloned() {
                return app.apply(crate::ops::clients::set_archived(&c, !c.archived));
            }
        }
        Command::ShowArchived => {
            let keep = selected(app).map(|c| c.id);
            app.clients.show_archived = !app.clients.show_archived;
            self::keep(app, &[keep]);
        }
        Command::ToggleDone => app.info(app.keymap.say(Scope::Clients, "{open} switches to the selected client; {edit} edits it")),
        _ => {}
    }
    vec![]
}

pub fn submit(app: &mut App, f: &Form<FormPurpose>) -> Result<Vec<Effect>, Refusal> {
    let number = |id: FieldId| -> Result<Option<f64>, Refusal> {
        let t = f.text(id);
        if t.is_empty() {
            return Ok(None);
        }
        t.parse::<f64>().map(Some).map_err(|_| Refusal::field(id, format!("'{t}' is not a number")))
    };
    let hours = Client::valid_hours(number(FieldId::HoursPerWeek)?).map_err(|e| Refusal::field(FieldId::HoursPerWeek, e))?;
    let monthly = Client::valid_month_hours(number(FieldId::HoursPerMonth)?).map_err(|e| Refusal::field(FieldId::HoursPerMonth, e))?;
    let before = match &f.purpose {
        FormPurpose::EditClient(b) => Some(b.as_ref()),
        _ => None,
    };
    let terms = terms(f, monthly, before)?;
    if hours.is_some() && monthly.is_some() {
        return Err(Refusal::field(FieldId::HoursPerMonth, ClientError::WeeklyAndMonthly));
    }
    let name = Client::valid_name(&f.text(FieldId::Name))?;
    let private_lanes = f
        .text(FieldId::PrivateLanes)
        .split([',', ' '])
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.parse::<Lane>()
                .map_err(|e| Refusal::field(FieldId::PrivateLanes, format!("{e} (architecture, building, team, infra, strategy)")))
        })
        .collect::<Result<Vec<Lane>, Refusal>>()?;
    let code_names: Vec<String> =
        f.text(FieldId::CodeNames).split(',').map(str::trim).filter(|n| !n.is_empty()).map(String::from).collect();
    match &f.purpose {
        FormPurpose::EditClient(before) => {
            let after = Client {
                name,
                shape: f.choice(FieldId::Shape),
                hours_per_week: hours,
                hours_per_month: monthly,
                private_lanes,
                code_names,
                terms,
                ..(**before).clone()
            };
            let change = crate::ops::clients::edit(before, after, &app.data.clients)?;
            Ok(change.map(|c| app.apply(c)).unwrap_or_default())
        }
        _ => {
            let mut c = Client::new(app.new_id(), &name, f.choice(FieldId::Shape), hours, app.today, app.now)?;
            c.hours_per_month = monthly;
            c.private_lanes = private_lanes;
            c.code_names = code_names;
            c.terms = terms;
            let id = c.id;
            let change = crate::ops::clients::add(c, &app.data.clients)?;
            let mut effects = app.apply(change);
            if app.client.is_none() {
                app.client = Some(id);
                effects.push(Effect::SaveSetting { key: crate::settings::CURRENT_CLIENT.into(), value: id.to_string() });
            }
            Ok(effects)
        }
    }
}

/// The terms the form gives, checked field by field. A monthly fee cleared takes its overage
/// rate and rollover with it (as `client set --monthly-fee none` does).
fn terms(f: &Form<FormPurpose>, monthly: Option<f64>, before: Option<&Client>) -> Result<Terms, Refusal> {
    let money = |id: FieldId| -> Result<Option<Money>, Refusal> {
        let t = f.text(id);
        if t.is_empty() {
            return Ok(None);
        }
        Money::parse(&t)
            .map(Some)
            .ok_or_else(|| Refusal::field(id, format!("'{t}' is not an amount ({}; write 150, 4000 or 1,250.50)", Money::rule())))
    };
    let currency = f.text(FieldId::Currency);
    let mut terms = Terms {
        currency: if currency.is_empty() {
            currency
        } else {
            Terms::valid_currency(&currency).map_err(|e| Refusal::field(FieldId::Currency, e))?
        },
        rate: money(FieldId::Rate)?,
        monthly_fee: money(FieldId::MonthlyFee)?,
        overage_rate: money(FieldId::OverageRate)?,
        rollover: if f.choice_key(FieldId::Rollover) == "one-month" { Rollover::OneMonth } else { Rollover::None },
    };
    if terms.monthly_fee.is_none() && before.is_some_and(|b| b.terms.monthly_fee.is_some()) {
        terms.overage_rate = None;
        terms.rollover = Rollover::None;
    }
    terms.check(monthly).map_err(|e| {
        let at = match e {
            TermsError::BadCurrency(_) | TermsError::NoCurrency => FieldId::Currency,
            TermsError::RateAndFee => FieldId::Rate,
            TermsError::FeeWithoutHours => FieldId::HoursPerMonth,
            TermsError::OverageWithoutFee => FieldId::OverageRate,
            TermsError::RolloverWithoutFee => FieldId::Rollover,
        };
        Refusal::field(at, e)
    })?;
    Ok(terms)
}
