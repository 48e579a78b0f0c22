//! A three-way merge of one record: the decision as it was when its file was last synced, the
//! decision in Cockpit now, and what the file says now. A field changed on one side takes that
//! side's value; a field changed on both sides to different values is a conflict.

use crate::domain::Decision;

/// Calls `$m!` with every field of a decision a record holds: the one list of them.
macro_rules! record_fields {
    ($m:ident) => {
        $m!(
            title,
            date,
            status,
            superseded_by,
            context,
            options,
            decision,
            consequences,
            decided_by,
            category,
            reversibility,
            revisit,
            tags
        )
    };
}

/// The fields (by name) in which two versions of a decision differ.
pub fn differences(a: &Decision, b: &Decision) -> Vec<&'static str> {
    let mut out = Vec::new();
    macro_rules! compare {
        ($($f:ident),*) => {$(
            if a.$f != b.$f {
                out.push(stringify!($f));
            }
        )*};
    }
    record_fields!(compare);
    out
}

/// `into` with the `fields` (by name) of `from`.
pub fn take_fields(from: &Decision, into: &mut Decision, fields: &[&str]) {
    macro_rules! take {
        ($($f:ident),*) => {$(
            if fields.contains(&stringify!($f)) {
                into.$f = from.$f.clone();
            }
        )*};
    }
    record_fields!(take);
}

/// The decision with the file's changes taken in, and the fields (by name) both sides changed
/// to different values; those keep Cockpit's value.
pub fn merge(then: &Decision, now: &Decision, file: &Decision) -> (Decision, Vec<&'static str>) {
    let mut merged = now.clone();
    let mut both = Vec::new();
    macro_rules! take {
        ($($f:ident),*) => {$(
            if file.$f != then.$f {
                if now.$f == then.$f {
                    merged.$f = file.$f.clone();
                } else if now.$f != file.$f {
                    both.push(stringify!($f));
                }
            }
        )*};
    }
    record_fields!(take);
    (merged, both)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Status;

    #[test]
    fn each_side_keeps_its_change_and_only_the_same_field_conflicts() {
        let then = Decision::captured(
            crate::domain::fixtures::id(1),
            crate::domain::fixtures::id(101),
            "Use Postgres",
            chrono::NaiveDate::from_ymd_opt(2026, 11, 18).unwrap(),
            crate::domain::fixtures::noon(),
        );
        let now = Decision { context: "Cockpit's context".into(), ..then.clone() };
        let file = Decision { status: Status::Deprecated, ..then.clone() };
        let (merged, both) = merge(&then, &now, &file);
        assert_eq!((merged.context.as_str(), merged.status, both.len()), ("Cockpit's context", Status::Deprecated, 0));
        let file = Decision { context: "The repository's context".into(), ..then.clone() };
        let (merged, both) = merge(&then, &now, &file);
        assert_eq!((merged.context.as_str(), both), ("Cockpit's context", vec!["context"]));
        // The same change on both sides is no conflict.
        assert!(merge(&then, &now, &now).1.is_empty());
    }
}
