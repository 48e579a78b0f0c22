//! Why a form or a prompt did not go through, as a value; the form's footer or the status
//! line says it.

use super::form::FieldId;
use crate::domain::client::ClientError;
use crate::domain::time::TimeError;
use crate::ops::OpError;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Refusal {
    /// Nothing was typed where something must be; the message says what to type.
    #[error("{0}")]
    Missing(String),
    /// A field does not hold what it must.
    #[error("{}: {why}", .field.label())]
    Field { field: FieldId, why: String },
    /// A rule of an operation.
    #[error("{}", sentence(.0))]
    Op(#[from] OpError),
    #[error("{0}")]
    Client(#[from] ClientError),
    #[error("{0}")]
    Time(#[from] TimeError),
    #[error("Cannot stop there: {0}")]
    CannotStop(OpError),
    /// Another entry holds that time; the message names it.
    #[error("{0}")]
    Overlap(String),
    #[error("No client")]
    NoClient,
    /// A record it changes was changed elsewhere since it was read (its code).
    #[error("{0} was changed elsewhere meanwhile: save again in a moment")]
    NotAsListed(String),
    /// What a rule needs could not be read; the message says what and why.
    #[error("{0}")]
    Unread(String),
}

impl Refusal {
    pub fn field(field: FieldId, why: impl ToString) -> Refusal {
        Refusal::Field { field, why: why.to_string() }
    }
}

/// An operation's refusal as the app says it: a sentence.
fn sentence(e: &OpError) -> String {
    let text = e.to_string();
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
