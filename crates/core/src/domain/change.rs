//! Every change the app makes is a value with an inverse: a list of row edits, each with the row
//! as it was before and as it is after. Undo applies the inverse; later features get undo by
//! adding their records here.

use super::{Id, Timestamp};

/// What every stored record has: an id, and when it was last written (the store's check that
/// nobody changed a row since it was shown).
pub trait Stored: Clone + PartialEq + std::fmt::Debug {
    /// What it is called in messages: "decision", "time entry".
    const KIND: &'static str;
    fn id(&self) -> Id;
    fn updated_at(&self) -> Timestamp;
    fn set_updated_at(&mut self, t: Timestamp);
    /// How a message names this one: "decision D-007", "client 'Acme'".
    fn describe(&self, zone: &super::Zone) -> String;
}

/// Implements [`Stored`] for a record with `id` and `updated_at` fields.
macro_rules! stored {
    ($t:ty, $kind:literal, |$r:ident, $zone:ident| $describe:expr) => {
        impl $crate::domain::change::Stored for $t {
            const KIND: &'static str = $kind;
            fn id(&self) -> $crate::domain::Id {
                self.id
            }
            fn updated_at(&self) -> $crate::domain::Timestamp {
                self.updated_at
            }
            fn set_updated_at(&mut self, t: $crate::domain::Timestamp) {
                self.updated_at = t;
            }
            fn describe(&self, $zone: &$crate::domain::Zone) -> String {
                let $r = self;
                let _ = $zone;
                $describe
            }
        }
    };
}
pub(crate) use stored;

/// Calls `$m! { Variant(Type), … }` with every record type: the one list that the `Record`
/// enum here and the store's tables are both made from.
#[macro_export]
macro_rules! for_each_record {
    ($m:ident) => {
        $m! {
            Client($crate::domain::Client),
            Entry($crate::domain::Entry),
            Decision($crate::domain::Decision),
            Item($crate::domain::Item),
            ScoreChange($crate::domain::ScoreChange),
            Time($crate::domain::TimeEntry),
            Review($crate::domain::Review),
            Risk($crate::domain::Risk),
            RiskScore($crate::domain::RiskScore),
            Meeting($crate::domain::Meeting),
            Action($crate::domain::Action),
            Vendor($crate::domain::vendor::Vendor),
            Evaluation($crate::domain::vendor::Evaluation),
            Person($crate::domain::person::Person),
            OneOnOne($crate::domain::person::OneOnOne),
            Opening($crate::domain::person::Opening),
            WeekStatus($crate::domain::summary::WeekStatusRecord),
        }
    };
}

macro_rules! record_enum {
    ($($variant:ident($t:ty),)*) => {
        /// Any stored record.
        #[derive(Debug, Clone, PartialEq)]
        pub enum Record {
            $($variant($t),)*
        }

        impl Record {
            pub fn id(&self) -> Id {
                match self { $(Record::$variant(r) => r.id(),)* }
            }

            pub fn updated_at(&self) -> Timestamp {
                match self { $(Record::$variant(r) => r.updated_at(),)* }
            }

            pub fn set_updated_at(&mut self, t: Timestamp) {
                match self { $(Record::$variant(r) => r.set_updated_at(t),)* }
            }

            pub fn kind(&self) -> &'static str {
                match self { $(Record::$variant(_) => <$t as Stored>::KIND,)* }
            }

            pub fn describe(&self, zone: &super::Zone) -> String {
                match self { $(Record::$variant(r) => r.describe(zone),)* }
            }
        }

        $(impl From<$t> for Record {
            fn from(r: $t) -> Record {
                Record::$variant(r)
            }
        })*

        $(impl TryFrom<Record> for $t {
            type Error = Record;
            fn try_from(r: Record) -> Result<$t, Record> {
                match r {
                    Record::$variant(x) => Ok(x),
                    other => Err(other),
                }
            }
        })*
    };
}

crate::for_each_record!(record_enum);

/// One row: inserted (`before` is none), updated (both), or deleted (`after` is none).
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub before: Option<Record>,
    pub after: Option<Record>,
}

impl Edit {
    pub fn insert(r: Record) -> Edit {
        Edit { before: None, after: Some(r) }
    }
    pub fn update(before: Record, after: Record) -> Edit {
        Edit { before: Some(before), after: Some(after) }
    }
    pub fn delete(r: Record) -> Edit {
        Edit { before: Some(r), after: None }
    }
    pub fn inverse(&self) -> Edit {
        Edit { before: self.after.clone(), after: self.before.clone() }
    }
}

/// A user action: what it is called ("add task", "rename client Acme → Acme Corp") and its edits,
/// applied together in one transaction.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub label: String,
    pub edits: Vec<Edit>,
}

impl Change {
    pub fn new(label: impl Into<String>, edits: Vec<Edit>) -> Change {
        Change { label: label.into(), edits }
    }

    pub fn one(label: impl Into<String>, edit: Edit) -> Change {
        Change::new(label, vec![edit])
    }

    /// The change that undoes this one: inverse edits in reverse order.
    pub fn inverse(&self) -> Change {
        Change { label: self.label.clone(), edits: self.edits.iter().rev().map(Edit::inverse).collect() }
    }
}
