//! Random decisions for the ADR property tests.

use chrono::NaiveDate;
use cockpit::domain::*;
use cockpit::storage::new_id;
use proptest::prelude::*;

/// Lines of Markdown-ish text: markup characters, backticks for code spans, and now and then a
/// code fence.
pub fn text_strategy() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        6 => "[ a-zA-Z0-9#*_<>!&;{}\\-\\\\\\[\\]():`]{0,24}".boxed(),
        1 => "[ ]{0,5}(```|~~~|````)[a-z]{0,3}".boxed(),
        1 => "(- |1\\. |> |  )(```|#+ |<)?[a-z]{0,5}".boxed(),
        1 => "(<!--|<pre>|<div>|-->|</pre>)[a-z ]{0,4}".boxed(),
        1 => "[ ]{0,4}(#{1,3} [a-z]{0,3}|-{1,3}|={1,3}|\\\\#)".boxed(),
    ];
    proptest::collection::vec(line, 0..5).prop_map(|lines| text::clean_text(&lines.join("\n")))
}

prop_compose! {
    pub fn decision_strategy()(
        title in "[A-Za-z][a-zA-Z0-9 #*()\\-<>&;_`\\[\\]\\\\]{0,30}",
        day in 0i64..900,
        status in 0usize..4,
        context in text_strategy(),
        decision in text_strategy(),
        options in text_strategy(),
        consequences in text_strategy(),
        category in 0usize..8,
        one_way in any::<bool>(),
        revisit in proptest::option::of(0i64..400),
        tags in proptest::collection::vec("[a-z]{1,8}", 0..3),
        decided_by in "[a-zA-Z ]{0,20}",
    ) -> Decision {
        let date = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Duration::days(day);
        let mut d = Decision::captured(new_id(), new_id(), &format!("{title} {day}"), date, chrono::Utc::now());
        d.status = [Status::Proposed, Status::Accepted, Status::Rejected, Status::Deprecated][status];
        d.context = context;
        d.decision = decision;
        d.options = options;
        d.consequences = consequences;
        d.category = Category::ALL[category];
        d.reversibility = if one_way { Reversibility::OneWay } else { Reversibility::TwoWay };
        d.revisit = revisit.map(|r| date + chrono::Duration::days(r));
        d.tags = decision::clean_tags(tags);
        d.decided_by = text::clean_line(&decided_by);
        d
    }
}
