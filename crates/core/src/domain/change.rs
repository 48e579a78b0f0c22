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

            /// `self`, what an undo or a redo puts back, written onto the row as it is `now`
            /// field by field: the fields in which it differs from `left` (the record as the
            /// change undone or redone left it) are its own, the others `now`'s; none when one
            /// of those fields no longer holds in `now` what `left` has (changed elsewhere too).
            pub fn onto(&self, left: &Record, now: &Record) -> Option<Record> {
                match (self, left, now) {
                    $((Record::$variant(put), Record::$variant(left), Record::$variant(now)) => {
                        fields_onto(put, left, now).map(Record::$variant)
                    })*
                    _ => None,
                }
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

/// The fields of a record a change neither checks nor puts back: its stamp, and the numbers the
/// store keeps as they are whatever a change says of them (a sync round may give a decision
/// another number meanwhile). [`Record::held`] sets them aside field by field.
const KEPT: [&str; 3] = ["updated_at", "number", "former_numbers"];

impl Record {
    /// The record as a change is checked by: what it holds, the [`KEPT`] fields aside. A change
    /// goes ahead where the row still holds what it was made from.
    pub fn held(&self) -> Record {
        let mut r = self.clone();
        r.set_updated_at(chrono::DateTime::UNIX_EPOCH);
        match &mut r {
            Record::Decision(d) => {
                d.number = 0;
                d.former_numbers.clear();
            }
            Record::Action(a) => a.number = 0,
            _ => {}
        }
        r
    }
}

/// See [`Record::onto`]. The [`KEPT`] fields are not put back; a score (impact and effort, or
/// likelihood and impact) is put back whole, or not at all, as its history records it whole.
fn fields_onto<T: serde::Serialize + serde::de::DeserializeOwned>(put: &T, left: &T, now: &T) -> Option<T> {
    use serde_json::Value;
    const SCORE: [&str; 3] = ["impact", "effort", "likelihood"];
    let as_fields = |r: &T| match serde_json::to_value(r) {
        Ok(Value::Object(fields)) => Some(fields),
        _ => None,
    };
    let (mut put, mut left, now) = (as_fields(put)?, as_fields(left)?, as_fields(now)?);
    for kept in KEPT {
        for fields in [&mut put, &mut left] {
            match now.get(kept) {
                Some(v) => fields.insert(kept.to_string(), v.clone()),
                None => fields.remove(kept),
            };
        }
    }
    let changed = |a: &serde_json::Map<String, Value>, f: &str| a.get(f) != left.get(f);
    if SCORE.iter().any(|f| changed(&put, f)) && SCORE.iter().any(|f| changed(&now, f)) {
        return None;
    }
    let merged = merged(&Value::Object(put), &Value::Object(left.clone()), &Value::Object(now.clone()))?;
    serde_json::from_value(merged).ok()
}

/// `put` written onto `now` where it differs from `left`: whole where `now` is still `left`;
/// part by part where all three have named parts (an object's fields, a list of named values
/// such as a vendor's scores); none where `now` changed a part `put` changes too.
fn merged(put: &serde_json::Value, left: &serde_json::Value, now: &serde_json::Value) -> Option<serde_json::Value> {
    use serde_json::Value;
    if put == left {
        return Some(now.clone());
    }
    if now == left {
        return Some(put.clone());
    }
    // (Named parts in order: an object's fields, or `[name, value]` pairs.)
    fn parts(v: &Value) -> Option<Vec<(String, Value)>> {
        match v {
            Value::Object(fields) => Some(fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
            Value::Array(items) => items
                .iter()
                .map(|i| match i.as_array().map(Vec::as_slice) {
                    Some([Value::String(name), value]) => Some((name.clone(), value.clone())),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }
    let (p, l, n) = (parts(put)?, parts(left)?, parts(now)?);
    let get = |of: &[(String, Value)], k: &str| of.iter().find(|(name, _)| name == k).map(|(_, v)| v.clone());
    let mut names: Vec<String> = n.iter().map(|(k, _)| k.clone()).collect();
    names.extend(p.iter().map(|(k, _)| k.clone()).filter(|k| !n.iter().any(|(name, _)| name == k)));
    let mut out = Vec::new();
    for name in names {
        let (pv, lv, nv) = (get(&p, &name), get(&l, &name), get(&n, &name));
        let value = if pv == lv {
            nv
        } else if nv == lv {
            pv
        } else {
            Some(merged(pv.as_ref()?, lv.as_ref()?, nv.as_ref()?)?)
        };
        out.extend(value.map(|v| (name, v)));
    }
    Some(match now {
        Value::Object(_) => Value::Object(out.into_iter().collect()),
        _ => Value::Array(out.into_iter().map(|(k, v)| Value::Array(vec![Value::String(k), v])).collect()),
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{id, noon};
    use crate::domain::{Item, Score};

    /// An undo of a re-scoring put onto the item as it is now: with another field changed
    /// elsewhere, that change stays; with the score changed elsewhere too, there is none.
    #[test]
    fn a_record_is_put_back_field_by_field_onto_what_it_is_now() {
        let score = |n| Score::new(n).unwrap();
        let before = Item::new(id(2), id(1), "Tidy up", score(3), score(2), noon());
        let after = Item { impact: score(4), updated_at: noon() + chrono::Duration::seconds(1), ..before.clone() };
        let renamed = Item { title: "Tidy up reports".into(), updated_at: noon() + chrono::Duration::seconds(2), ..after.clone() };
        let put = Record::Item(before.clone());
        let onto = put.onto(&Record::Item(after.clone()), &Record::Item(renamed.clone()));
        assert_eq!(onto, Some(Record::Item(Item { impact: score(3), ..renamed.clone() })));
        let rescored = Item { impact: score(5), ..renamed.clone() };
        assert_eq!(put.onto(&Record::Item(after.clone()), &Record::Item(rescored)), None);
        // A score is put back whole: its effort changed elsewhere, its impact is not put back.
        let effort = Item { effort: score(4), ..renamed };
        assert_eq!(put.onto(&Record::Item(after), &Record::Item(effort)), None);
    }

    /// `held` sets aside exactly the fields `onto` does not put back.
    #[test]
    fn held_sets_aside_the_kept_fields_and_no_other() {
        let mut d = crate::domain::Decision::captured(id(4), id(1), "Use Postgres", noon().date_naive(), noon());
        (d.number, d.former_numbers) = (7, vec![3]);
        let fields = |r: &Record| match r {
            Record::Decision(d) => serde_json::to_value(d).unwrap().as_object().unwrap().clone(),
            _ => unreachable!(),
        };
        let (whole, held) = (fields(&Record::Decision(d.clone())), fields(&Record::Decision(d).held()));
        let differ: std::collections::BTreeSet<&str> = whole.keys().filter(|k| whole.get(*k) != held.get(*k)).map(String::as_str).collect();
        assert_eq!(differ, KEPT.into_iter().collect());
    }

    /// A vendor's scores are put back by criterion: one scored elsewhere stays.
    #[test]
    fn named_values_are_put_back_by_name() {
        use crate::domain::vendor::Vendor;
        let scored = |scores: &[(&str, u8)]| {
            let mut v = Vendor::new(id(3), id(1), "Stripe", noon());
            v.scores = scores.iter().map(|(n, s)| (n.to_string(), *s)).collect();
            Record::Vendor(v)
        };
        let (before, after) = (scored(&[("fit", 3)]), scored(&[("fit", 1)]));
        let now = scored(&[("fit", 1), ("cost", 1)]);
        assert_eq!(before.onto(&after, &now), Some(scored(&[("fit", 3), ("cost", 1)])));
        assert_eq!(before.onto(&after, &scored(&[("fit", 2)])), None, "the same criterion scored elsewhere");
    }
}
