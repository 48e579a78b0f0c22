//! `cockpit client …`: adding, listing, renaming, archiving and choosing clients.

use super::*;

pub(super) fn run(store: &mut Store, clock: &Clock, cmd: ClientCmd) -> Result<()> {
    let now = clock.now();
    match cmd {
        ClientCmd::Add { name, hours_per_week, hours_per_month, shape } => {
            let shape = Shape::parse(&shape)?;
            let mut c = Client::new(crate::storage::new_id(), &name, shape, hours_per_week, clock.today(), now)?;
            c.hours_per_month = hours_per_month;
            let change = match ops::clients::add(c, &store.clients(true)?) {
                Err(e @ ops::OpError::ClientExists(_)) => bail!("{e}; choose another name, or use that client with --client"),
                other => other?,
            };
            let applied = store.apply(&change)?;
            let Some(Record::Client(c)) = applied.edits[0].after.clone() else { unreachable!("a client was added") };
            if store.setting(keys::CURRENT_CLIENT)?.is_none() {
                store.set_setting(keys::CURRENT_CLIENT, &c.id.to_string())?;
            }
            println!("Added client {} ({}, {})", c.name, c.shape.key(), c.retainer_label());
        }
        ClientCmd::List { all, json } => {
            let clients = store.clients(all)?;
            let current = store.setting(keys::CURRENT_CLIENT)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&clients)?);
            } else {
                if clients.is_empty() {
                    println!("No clients yet: add one with cockpit client add NAME");
                }
                for c in clients {
                    let mark = if current.as_deref() == Some(&c.id.to_string()) { "*" } else { " " };
                    let archived = if c.archived { "  (archived)" } else { "" };
                    println!("{mark} {:<32} {:<12} {:<10}{archived}", c.name, c.shape.key(), c.retainer_label());
                }
            }
        }
        ClientCmd::Rename { name, new_name } => {
            let c = resolve_client(store, &Some(name))?;
            let after = Client { name: new_name, ..c.clone() };
            let change = ops::clients::edit(&c, after, &store.clients(true)?)?;
            let applied = match change {
                Some(change) => store.apply(&change)?,
                None => Change::new("", vec![]),
            };
            let new_name = match applied.edits.first().and_then(|e| e.after.as_ref()) {
                Some(Record::Client(after)) => after.name.clone(),
                _ => c.name.clone(),
            };
            println!("Renamed {} → {new_name}", c.name);
        }
        ClientCmd::Archive { name } => set_archived(store, &name, true)?,
        ClientCmd::Restore { name } => set_archived(store, &name, false)?,
        ClientCmd::Use { name } => {
            let c = store.client_named(&name)?.ok_or_else(|| anyhow!("no client named '{name}'"))?;
            store.set_setting(keys::CURRENT_CLIENT, &c.id.to_string())?;
            println!("Current client: {}", c.name);
        }
    }
    Ok(())
}

fn set_archived(store: &mut Store, name: &str, archived: bool) -> Result<()> {
    let c = store.client_named(name)?.ok_or_else(|| anyhow!("no client named '{name}'"))?;
    let verb = if archived { "Archived" } else { "Restored" };
    store.apply(&ops::clients::set_archived(&c, archived)).context("could not change the client")?;
    println!("{verb} {}", c.name);
    Ok(())
}
