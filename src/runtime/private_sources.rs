//! A task made client-facing that was made of a private matrix item: said with the change (the
//! Week does not hold the items to tell it before). The task's text is the item's title, and
//! from now on the week summary shows it; the item stays private.

use crate::domain::{Change, Record};
use crate::storage::Store;

/// What to say of the tasks `change` makes client-facing that were made of a private item. (An
/// item that cannot be read says nothing: the change stands.)
pub fn notes(store: &Store, change: &Change) -> Vec<String> {
    change
        .edits
        .iter()
        .filter_map(|e| match (&e.before, &e.after) {
            (Some(Record::Entry(was)), Some(Record::Entry(is))) if was.private && !is.private => is.item_id,
            _ => None,
        })
        .filter_map(|id| store.item(id).ok().flatten())
        .filter(|item| item.private)
        .map(|item| {
            format!(
                "note: it was made of the private matrix item '{}' (which stays private): the week summary shows the task's text",
                crate::domain::text::fit(&item.title, 60)
            )
        })
        .collect()
}
