//! `cockpit today`: the Today screen's agenda, for a shell prompt, a status bar or a morning
//! script; and `cockpit start-screen`, the screen the app opens on.

use super::Clock;
use crate::domain::agenda::{Agenda, ClientAgenda};
use crate::domain::{time, Choice};
use crate::storage::{keys, Store};
use anyhow::{bail, Result};
use serde_json::json;

pub fn today(store: &Store, clock: &Clock, date: &Option<String>, as_json: bool) -> Result<()> {
    let today = match date {
        Some(d) => super::calendar_date(d, "--date")?,
        None => clock.today(),
    };
    // (JSON has every revisit; the text lists a client's first ones, as the screen does.)
    let listed = (!as_json).then_some(crate::domain::agenda::REVISITS_LISTED);
    let agenda = store.agenda(today, clock.now(), &clock.zone(), listed)?;
    if as_json {
        println!("{}", serde_json::to_string_pretty(&to_json(&agenda, today))?);
        return Ok(());
    }
    println!("Today · {} · {} due", today.format("%a %-d %b %Y"), agenda.due_count());
    if agenda.clients.is_empty() {
        println!("No active client: add one with cockpit client add NAME");
    }
    for c in &agenda.clients {
        println!("\n{}", heading(c, clock));
        if c.items.is_empty() {
            println!("  nothing due");
        }
        let item = |i: &crate::domain::agenda::AgendaItem| {
            let private = super::output::private(i.due.private);
            println!("  {:<16} {:<9}{}{private}", i.when(today), i.due.kind.key(), i.due.title);
        };
        let (listed, after) = c.items.split_at(c.unlisted_at());
        listed.iter().for_each(item);
        if let Some(line) = c.unlisted_line() {
            println!("  {line} (--json lists them)");
        }
        after.iter().for_each(item);
    }
    Ok(())
}

/// `Acme · ⏱ 0:42 · 11.5/15 h · 3 due`: the current client, the timer (and whose, when
/// another's), the current client's hours against its retainer, and what is due today or
/// overdue for every client; at most 60 columns, the client's name shortened first.
pub fn status(store: &Store, clock: &Clock, as_json: bool) -> Result<()> {
    let (today, now) = (clock.today(), clock.now());
    let clients = store.clients(false)?;
    let current = store.setting(keys::CURRENT_CLIENT)?.and_then(|s| s.parse::<crate::domain::Id>().ok());
    let client = clients.iter().find(|c| Some(c.id) == current).or_else(|| (clients.len() == 1).then(|| &clients[0]));
    let budget = client.map(|c| super::time::budget(store, c, clock)).transpose()?;
    let running = store.running_timer()?;
    // Counted, not read: what is due today or before, for every client.
    let due = store.due_count(today)?;
    if as_json {
        let v = json!({
            "client": client.map(|c| &c.name),
            "timer": running.as_ref().map(|r| json!({
                "client": store.client(r.client_id).ok().flatten().map(|c| c.name),
                "seconds": r.seconds(now),
            })),
            "hours": budget.map(|b| json!({"period": b.period.label(), "used": (b.used * 100.0).round() / 100.0, "retainer": b.retainer, "carried": b.carried})),
            "due": due,
        });
        println!("{v}");
        return Ok(());
    }
    let mut tail = String::new();
    if let Some(r) = &running {
        let whose = if Some(r.client_id) == client.map(|c| c.id) {
            String::new()
        } else {
            store.client(r.client_id)?.map(|c| format!(" {}", crate::ui::text::fit(&c.name, 12))).unwrap_or_default()
        };
        // (As stopping it now would record it: up to the next entry begun since, if one was.)
        let until = store.timer_counted_until(r, now)?;
        tail.push_str(&format!(" · ⏱ {}{whose}", time::fmt_duration(r.seconds(until))));
    }
    if let Some(b) = &budget {
        tail.push_str(&format!(" · {}", b.short()));
    }
    tail.push_str(&format!(" · {due} due"));
    let name = client.map_or("no client", |c| c.name.as_str());
    let room = 60usize.saturating_sub(crate::ui::text::width(&tail));
    println!("{}{tail}", crate::ui::text::fit(name, room));
    Ok(())
}

/// `Acme Hospitality · 2 due · timer 0:42 · this week: 11.5 / 15 h, 14 h at this pace`
fn heading(c: &ClientAgenda, clock: &Clock) -> String {
    let timer = c.timer.map(|t| format!(" · timer {}", time::fmt_duration((clock.now() - t).num_seconds()))).unwrap_or_default();
    format!("{} · {} due{timer} · {}{}", c.name, c.due_count(), c.budget.label(), c.pace())
}

fn to_json(agenda: &Agenda, today: chrono::NaiveDate) -> serde_json::Value {
    let clients: Vec<_> = agenda
        .clients
        .iter()
        .map(|c| {
            let items: Vec<_> = c
                .items
                .iter()
                .map(|i| {
                    json!({
                        "id": i.record,
                        "kind": i.due.kind.key(),
                        "date": i.due.on,
                        "urgency": i.urgency.key(),
                        "when": i.when(today),
                        "title": i.due.title,
                        "private": i.due.private,
                    })
                })
                .collect();
            json!({
                "client": c.name,
                "id": c.client,
                "due": c.due_count(),
                "timer_started": c.timer,
                "hours": {
                    "period": c.budget.period.label(),
                    "used": round(c.budget.used),
                    "retainer": c.budget.retainer,
                    "carried": c.budget.carried,
                    "projected": round(c.projected),
                },
                "items": items,
            })
        })
        .collect();
    json!({ "date": today, "due": agenda.due_count(), "clients": clients })
}

fn round(h: f64) -> f64 {
    (h * 100.0).round() / 100.0
}

pub fn start_screen(store: &mut Store, screen: &Option<String>) -> Result<()> {
    match screen {
        Some(s) => {
            let s = keys::StartScreen::parse(s)?;
            store.set_setting(keys::START_SCREEN, s.key())?;
            println!("Cockpit opens on: {}", describe(s));
        }
        None => {
            let s = store.setting(keys::START_SCREEN)?.and_then(|s| keys::StartScreen::parse(&s).ok()).unwrap_or(keys::StartScreen::Auto);
            println!("{}", describe(s));
        }
    }
    Ok(())
}

fn describe(s: keys::StartScreen) -> &'static str {
    match s {
        keys::StartScreen::Auto => "auto (Today when more than one client is active, else Week)",
        keys::StartScreen::Today => "today",
        keys::StartScreen::Week => "week",
    }
}

pub fn export_ics(store: &mut Store, clock: &Clock, a: super::IcsArgs) -> Result<()> {
    use crate::runtime::calendar;
    if a.stop_updating {
        match calendar::unsubscribe(store)? {
            Some(path) => println!("{} is no longer written after each change (the file was left as it is)", path.display()),
            None => println!("No calendar file was kept up to date"),
        }
        return Ok(());
    }
    let client = match &a.client {
        Some(_) => Some(super::resolve_client(store, &a.client)?),
        None => None,
    };
    if let Some(c) = client.as_ref().filter(|c| c.archived) {
        eprintln!(
            "cockpit: {} is archived: none of its dates are on the calendar (cockpit client restore '{}' brings them back)",
            c.name, c.name
        );
    }
    let options = crate::domain::ics::Options { client: client.map(|c| c.id), include_private: a.include_private };
    let text = calendar::render(store, options, clock.today())?;
    match a.output.as_ref().filter(|p| p.as_os_str() != "-") {
        Some(path) => {
            calendar::write(path, &text)?;
            if a.keep_updated {
                if let Some(before) = calendar::subscribe(store, path, options)? {
                    eprintln!("{} is no longer written after each change (the file was left as it is)", before.display());
                }
                eprintln!("Wrote {}; it is written again after every change (--stop-updating stops that)", path.display());
            } else {
                eprintln!("Wrote {}", path.display());
            }
        }
        None if a.keep_updated => bail!("--keep-updated needs a file: --output FILE"),
        None => print!("{text}"),
    }
    Ok(())
}
