//! Adding items to the impact × effort matrix.

use super::OpError;
use crate::domain::{Change, Edit, Item, Record};

/// A new item: it has a title.
pub fn add(item: Item) -> Result<Change, OpError> {
    if item.title.trim().is_empty() {
        return Err(OpError::Empty("the title"));
    }
    let label = format!("Added '{}' to {}", item.title, item.quadrant().title());
    Ok(Change::one(label, Edit::insert(Record::Item(item))))
}
