//! A form of labelled fields: text, a choice among fixed options, a score, an optional date.
//! The full decision form, the item form, the entry and client forms are all this.

use super::textblock::TextBlock;
use super::textline::{TextLine, TextOp};
use crate::domain::{Choice, Score};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(TextLine),
    /// Multi-line text: Enter starts a new line.
    Block(TextBlock),
    /// Options as (key, label), and the chosen index.
    Choice(Vec<(&'static str, &'static str)>, usize),
    Score(Score),
    /// An optional date, typed as YYYY-MM-DD.
    Date(TextLine),
}

impl Value {
    /// The value as text, to tell whether it changed.
    fn shown(&self) -> String {
        match self {
            Value::Text(t) | Value::Date(t) => t.text().to_string(),
            Value::Block(b) => b.text(),
            Value::Choice(_, i) => i.to_string(),
            Value::Score(s) => s.get().to_string(),
        }
    }

    /// Sets the value from its text as [`Value::shown`] gives it; false when it is not one.
    fn set_shown(&mut self, shown: &str) -> bool {
        match self {
            Value::Text(t) | Value::Date(t) => *t = TextLine::verbatim(shown, usize::MAX),
            Value::Block(b) => *b = TextBlock::new(shown),
            Value::Choice(options, i) => match shown.parse().ok().filter(|n| *n < options.len()) {
                Some(n) => *i = n,
                None => return false,
            },
            Value::Score(s) => match shown.parse().ok().and_then(|n| Score::new(n).ok()) {
                Some(n) => *s = n,
                None => return false,
            },
        }
        true
    }

    /// The text a text field holds, for the external editor.
    pub fn text(&self) -> Option<String> {
        match self {
            Value::Text(t) | Value::Date(t) => Some(t.text().to_string()),
            Value::Block(b) => Some(b.text()),
            _ => None,
        }
    }
}

macro_rules! field_ids {
    ($($id:ident => $label:literal,)*) => {
        /// Every field of every form, by name: a form's fields are looked up by these, so that a
        /// misspelt field is a compile error, not a panic.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum FieldId {
            $($id,)*
        }

        impl FieldId {
            /// What the form shows beside the field.
            pub fn label(self) -> &'static str {
                match self { $(FieldId::$id => $label,)* }
            }

            /// Its name where a form's text is kept.
            pub fn name(self) -> &'static str {
                match self { $(FieldId::$id => stringify!($id),)* }
            }
        }
    };
}

field_ids! {
    Title => "Title",
    Date => "Date",
    Status => "Status",
    Category => "Category",
    Reversibility => "Reversibility",
    Revisit => "Revisit",
    Tags => "Tags",
    DecidedBy => "Decided by",
    Context => "Context",
    Decision => "Decision",
    Options => "Options",
    Consequences => "Consequences",
    Kind => "Kind",
    Lane => "Lane",
    Day => "Day",
    Text => "Text",
    Details => "Details",
    Impact => "Impact",
    Effort => "Effort",
    Notes => "Notes",
    Name => "Name",
    Shape => "Shape",
    HoursPerWeek => "Hours per week",
    HoursPerMonth => "Hours per month",
    Rate => "Rate per hour",
    Currency => "Currency",
    MonthlyFee => "Monthly fee",
    OverageRate => "Overage per hour",
    Rollover => "Unused hours",
    PrivateLanes => "Private lanes (new entries)",
    CodeNames => "Code names",
    From => "From",
    To => "To",
    Note => "Note",
    Invoice => "Invoice",
    RiskCategory => "Category",
    Likelihood => "Likelihood",
    Owner => "Owner",
    Review => "Review",
    Description => "Description",
    Mitigation => "Mitigation",
    Attendees => "Attendees",
    Visibility => "Notes are",
    TimeIt => "Time it",
    Due => "Due",
    DecisionRef => "Decision",
    Build => "Option",
    CostPerYear => "Cost per year",
    OneOff => "One-off cost",
    Renewal => "Renewal",
    NoticeDays => "Notice (days)",
    Role => "Role",
    Team => "Team",
    Contact => "Contact",
    Stage => "Stage",
    Goals => "Goals",
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub id: FieldId,
    pub label: &'static str,
    pub value: Value,
}

impl Field {
    fn new(id: FieldId, value: Value) -> Field {
        Field { id, label: id.label(), value }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form<P> {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub purpose: P,
    pub error: Option<String>,
    /// What the fields held when the form opened: Esc closes at once when nothing differs.
    initial: Vec<String>,
    /// The form opened with text typed elsewhere (the capture line): it counts as changed.
    pub carried: bool,
    /// Esc on a changed form asks first; this is the question being shown.
    pub confirm_discard: bool,
    /// Opened with what was typed into it before and kept (see `form_drafts`): it counts as
    /// changed.
    pub restored: bool,
    /// The letters typed into the choice in field `.0`: those that pick an option by the start
    /// of its name (`bu` Building), and those that named none (said, not dropped unseen).
    ahead: Option<(usize, String, String)>,
}

pub fn text(id: FieldId, v: &str) -> Field {
    Field::new(id, Value::Text(TextLine::new(v)))
}

pub fn choice<C: Choice>(id: FieldId, v: C) -> Field {
    let options: Vec<_> = C::ALL.iter().map(|c| (c.key(), c.label())).collect();
    let index = C::ALL.iter().position(|c| *c == v).unwrap_or(0);
    Field::new(id, Value::Choice(options, index))
}

/// A choice among options given as (key, label), `index` chosen.
pub fn options(id: FieldId, options: Vec<(&'static str, &'static str)>, index: usize) -> Field {
    Field::new(id, Value::Choice(options, index))
}

pub fn score(id: FieldId, v: Score) -> Field {
    Field::new(id, Value::Score(v))
}

pub fn block(id: FieldId, v: &str) -> Field {
    Field::new(id, Value::Block(TextBlock::new(v)))
}

/// The stored text when a multi-line field shows it unchanged, so that text from elsewhere (an
/// imported record, another tool) is stored byte for byte unless the user edits it.
pub fn kept(original: &str, typed: String) -> String {
    if crate::domain::text::clean_text(original) == typed {
        original.to_string()
    } else {
        typed
    }
}

pub fn date(id: FieldId, v: Option<NaiveDate>) -> Field {
    Field::new(id, Value::Date(TextLine::new(&v.map(|d| d.to_string()).unwrap_or_default())))
}

impl<P> Form<P> {
    pub fn new(title: impl Into<String>, purpose: P, fields: Vec<Field>) -> Form<P> {
        let initial = fields.iter().map(|f| f.value.shown()).collect();
        Form {
            title: title.into(),
            fields,
            focus: 0,
            purpose,
            error: None,
            initial,
            carried: false,
            confirm_discard: false,
            restored: false,
            ahead: None,
        }
    }

    /// What the fields hold now is what the form opened with (after the form placed its cursor).
    pub fn settled(mut self) -> Form<P> {
        self.initial = self.fields.iter().map(|f| f.value.shown()).collect();
        self
    }

    /// `fresh` (the same form, opened on the record as it is now), holding what was typed here:
    /// a field changed here keeps what was typed, and still counts as changed from what it held
    /// when the form first opened (however often it starts again); any other shows `fresh`'s
    /// value. With the labels of the fields changed both here and in `fresh`, and differently.
    pub fn rebased(&self, mut fresh: Form<P>) -> (Form<P>, Vec<&'static str>) {
        let mut both = Vec::new();
        let fields = self.fields.iter().zip(&mut fresh.fields).zip(&self.initial).zip(&mut fresh.initial);
        for (((mine, theirs), opened), now_opened) in fields {
            let typed = mine.value.shown();
            if typed == *opened {
                continue;
            }
            if theirs.value.shown() != *opened && theirs.value.shown() != typed {
                both.push(mine.label);
            }
            theirs.value = mine.value.clone();
            now_opened.clone_from(opened);
        }
        fresh.focus = self.focus.min(fresh.fields.len().saturating_sub(1));
        fresh.carried = self.carried;
        fresh.restored = self.restored;
        fresh.confirm_discard = self.confirm_discard;
        (fresh, both)
    }

    /// Every field counts as typed into (a form whose record is gone: what it shows is all that
    /// is left of it).
    pub fn all_typed(&mut self) {
        self.initial.iter_mut().for_each(String::clear);
    }

    /// The fields typed into (differing from what the form opened with), by name, with their
    /// text: what is kept of a form left unsaved.
    pub fn typed_fields(&self) -> Vec<(String, String)> {
        let typed = self.fields.iter().zip(&self.initial).filter(|(f, opened)| f.value.shown() != **opened);
        typed.map(|(f, _)| (f.id.name().to_string(), f.value.shown())).collect()
    }

    /// Puts back a field's text kept from before, where nothing was typed into it here;
    /// whether it did.
    pub fn bring_back(&mut self, name: &str, shown: &str) -> bool {
        let Some(k) = self.fields.iter().position(|f| f.id.name() == name) else { return false };
        self.fields[k].value.shown() == self.initial[k] && self.fields[k].value.shown() != shown && self.fields[k].value.set_shown(shown)
    }

    /// Whether anything differs from what the form opened with.
    pub fn is_changed(&self) -> bool {
        self.carried || self.restored || self.fields.iter().zip(&self.initial).any(|(f, i)| f.value.shown() != *i)
    }

    /// Whether the focused field is a multi-line one.
    pub fn in_lines(&self) -> bool {
        matches!(self.fields[self.focus].value, Value::Block(_))
    }

    /// Up/Down in a multi-line field move between its lines; false when there is no line that way.
    pub fn vertical(&mut self, down: bool) -> bool {
        match &mut self.fields[self.focus].value {
            Value::Block(b) => b.vertical(down),
            _ => false,
        }
    }

    /// Enter in a multi-line field: a new line. False in any other field.
    pub fn newline(&mut self) -> bool {
        match &mut self.fields[self.focus].value {
            Value::Block(b) => {
                b.newline();
                self.error = None;
                true
            }
            _ => false,
        }
    }

    /// Replaces a field's text (a form started again with what was added elsewhere).
    pub fn set_field(&mut self, id: FieldId, text: &str) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == id) {
            f.value.set_shown(text);
        }
    }

    /// Replaces the focused field's text (from the external editor).
    pub fn set_text(&mut self, text: &str) {
        match &mut self.fields[self.focus].value {
            Value::Block(b) => *b = TextBlock::new(text),
            Value::Text(t) | Value::Date(t) => *t = TextLine::new(text),
            _ => {}
        }
    }

    pub fn focused(&self) -> &Field {
        &self.fields[self.focus]
    }

    /// Whether a space goes on the name being typed into the focused choice (`leadership `
    /// begins Leadership sync), rather than stepping to its next option.
    pub fn takes_space(&self) -> bool {
        let Value::Choice(opts, _) = &self.fields[self.focus].value else { return false };
        let Some((_, typed, _)) = self.ahead.as_ref().filter(|(field, typed, _)| *field == self.focus && !typed.is_empty()) else {
            return false;
        };
        let begun = format!("{typed} ");
        opts.iter().any(|(_, label)| label.to_lowercase().starts_with(&begun))
    }

    pub fn next(&mut self, forward: bool) {
        let n = self.fields.len();
        self.focus = if forward { (self.focus + 1) % n } else { (self.focus + n - 1) % n };
        // (What was typed into a choice is let go with it.)
        self.ahead = None;
    }

    /// The next or previous value of a choice or a score; a text field is left as it is (the
    /// arrows move its cursor through the `[text]` keys).
    pub fn step(&mut self, forward: bool) {
        let changed = match &mut self.fields[self.focus].value {
            Value::Choice(opts, i) => {
                *i = if forward { (*i + 1) % opts.len() } else { (*i + opts.len() - 1) % opts.len() };
                true
            }
            Value::Score(s) => {
                let old = *s;
                *s = s.nudge(forward);
                *s != old
            }
            Value::Text(_) | Value::Date(_) | Value::Block(_) => false,
        };
        if changed {
            self.error = None;
        }
    }

    pub fn edit(&mut self, op: TextOp) {
        let label = self.fields[self.focus].label;
        let changed = match &mut self.fields[self.focus].value {
            Value::Text(t) | Value::Date(t) => t.apply(op),
            Value::Block(b) => b.apply(op),
            Value::Score(s) => match op {
                TextOp::Insert(c @ '1'..='5') => {
                    *s = Score::new(c as i64 - '0' as i64).expect("1-5");
                    true
                }
                // (Text typed here is said, not dropped unseen: it was meant for another field.)
                TextOp::Insert(c) if !c.is_whitespace() => {
                    self.error = Some(format!("{label} is a score from 1 to 5: '{c}' was not typed anywhere (Tab goes to the next field)"));
                    return;
                }
                _ => false,
            },
            Value::Choice(opts, i) => match op {
                // Typing the start of an option's name picks it (`bo` Board prep, `bu`
                // Building); a first letter again goes on to the next option it starts.
                // (A space goes on a name begun: `leadership s`.)
                TextOp::Insert(c) => {
                    let (typed, mut refused) = match self.ahead.take() {
                        Some((field, typed, refused)) if field == self.focus => (typed, refused),
                        _ => Default::default(),
                    };
                    let n = opts.len();
                    let starts = |k: usize, prefix: &str| opts[k].1.to_lowercase().starts_with(prefix);
                    let longer = format!("{typed}{c}").to_lowercase();
                    let again = c.to_lowercase().to_string();
                    let found = match (0..n).map(|k| (*i + k) % n).find(|k| starts(*k, &longer)) {
                        Some(k) => Some((k, longer)),
                        None if c.is_whitespace() => None,
                        None => (1..=n).map(|k| (*i + k) % n).find(|k| starts(*k, &again)).map(|k| (k, again)),
                    };
                    match found {
                        // (A letter that picks an option clears what was said of those before.)
                        Some((k, now)) => {
                            *i = k;
                            self.ahead = Some((self.focus, now, String::new()));
                            true
                        }
                        None if c.is_whitespace() => {
                            self.ahead = Some((self.focus, typed, refused));
                            return;
                        }
                        None => {
                            refused.push(c);
                            self.error = Some(format!(
                                "{label} is a choice (the start of an option's name picks it): '{refused}' was not typed anywhere (Tab goes to the next field)"
                            ));
                            self.ahead = Some((self.focus, typed, refused));
                            return;
                        }
                    }
                }
                _ => false,
            },
        };
        if changed {
            self.error = None;
        }
    }

    fn field(&self, id: FieldId) -> &Value {
        // Every form is built with the fields its submit reads (tests open and save each one).
        &self.fields.iter().find(|f| f.id == id).unwrap_or_else(|| panic!("form has no field {id:?}")).value
    }

    pub fn text(&self, id: FieldId) -> String {
        match self.field(id) {
            Value::Text(t) | Value::Date(t) => t.text().trim().to_string(),
            Value::Block(b) => crate::domain::text::clean_text(&b.text()),
            _ => String::new(),
        }
    }

    pub fn choice<C: Choice>(&self, id: FieldId) -> C {
        match self.field(id) {
            Value::Choice(opts, i) => C::parse(opts[*i].0).unwrap_or(C::ALL[0]),
            _ => C::ALL[0],
        }
    }

    /// A choice field's value, if the form has the field.
    pub fn chosen(&self, id: FieldId) -> Option<&'static str> {
        self.fields.iter().any(|f| f.id == id).then(|| self.choice_key(id))
    }

    /// The key of the option chosen in a choice field.
    pub fn choice_key(&self, id: FieldId) -> &'static str {
        match self.field(id) {
            Value::Choice(opts, i) => opts[*i].0,
            _ => "",
        }
    }

    pub fn score(&self, id: FieldId) -> Score {
        match self.field(id) {
            Value::Score(s) => *s,
            _ => Score::MIN,
        }
    }

    /// The date typed in a date field: none if empty, refused if not a date.
    pub fn date(&self, id: FieldId) -> Result<Option<NaiveDate>, super::Refusal> {
        let s = self.text(id);
        if s.is_empty() {
            return Ok(None);
        }
        NaiveDate::parse_from_str(&s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| super::Refusal::field(id, format!("'{s}' is not a date; write it as YYYY-MM-DD")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opened(title: &str, by: &str) -> Form<()> {
        Form::new("Edit", (), vec![text(FieldId::Title, title), text(FieldId::DecidedBy, by)])
    }

    fn typed(f: &mut Form<()>, field: usize, text: &str) {
        f.focus = field;
        f.set_text(text);
    }

    /// What was typed stays typed however often the form starts again, even when the record
    /// comes to say the same meanwhile; a field changed in both places is named each time; the
    /// question whether to discard stays asked.
    #[test]
    fn a_form_started_again_keeps_what_was_typed() {
        let mut f = opened("Adopt Kafka", "Alice");
        typed(&mut f, 1, "Zed");
        let (f, both) = f.rebased(opened("Adopt Kafka for events", "Zed"));
        assert_eq!((f.text(FieldId::Title), f.text(FieldId::DecidedBy), both.len()), ("Adopt Kafka for events".into(), "Zed".into(), 0));
        assert!(f.is_changed(), "what was typed still counts");
        let (mut f, both) = f.rebased(opened("Adopt Kafka for events", "Alice"));
        assert_eq!((f.text(FieldId::DecidedBy), both.len()), ("Zed".into(), 0), "not what the record says again");
        typed(&mut f, 0, "Adopt Kafka now");
        f.confirm_discard = true;
        let (f, both) = f.rebased(opened("Adopt Pulsar", "Alice"));
        assert_eq!((f.text(FieldId::Title), both), ("Adopt Kafka now".into(), vec!["Title"]));
        assert!(f.confirm_discard);
        let (f, both) = f.rebased(opened("Adopt Pulsar", "Bob"));
        assert_eq!((f.text(FieldId::DecidedBy), both), ("Zed".into(), vec!["Title", "Decided by"]), "named again");
        assert_eq!(f.focus, 0);
    }

    /// The start of an option's name picks it, letter by letter (`bu` Building, not the next
    /// option starting with `u`); its first letter again goes on to the next it starts.
    #[test]
    fn the_start_of_an_options_name_picks_it() {
        use crate::domain::Lane;
        let lane = |f: &Form<()>| f.choice_key(FieldId::Lane).to_string();
        let mut f = Form::new("Edit", (), vec![choice(FieldId::Lane, Lane::Architecture)]);
        for c in "building".chars() {
            f.edit(TextOp::Insert(c));
        }
        assert_eq!((lane(&f), f.error.as_deref()), (Lane::Building.key().to_string(), None));
        use crate::domain::MeetingKind;
        let mut f = Form::new("Edit", (), vec![choice(FieldId::Kind, MeetingKind::Leadership)]);
        for c in "board".chars() {
            f.edit(TextOp::Insert(c));
        }
        assert_eq!((f.choice::<MeetingKind>(FieldId::Kind), f.error.as_deref()), (MeetingKind::Board, None), "not Other for its o");
        // A whole name with a space in it; a letter that names nothing is said until one does.
        let mut f = Form::new("Edit", (), vec![choice(FieldId::Kind, MeetingKind::Other)]);
        for c in "leadership sync".chars() {
            f.edit(TextOp::Insert(c));
        }
        assert_eq!((f.choice::<MeetingKind>(FieldId::Kind), f.error.as_deref()), (MeetingKind::Leadership, None));
        f.edit(TextOp::Insert('x'));
        assert!(f.error.is_some());
        f.edit(TextOp::Insert('s'));
        assert_eq!((f.choice::<MeetingKind>(FieldId::Kind), f.error.as_deref()), (MeetingKind::Standup, None));
        // Left and come back to, it starts afresh: what was typed before is not said again.
        f.edit(TextOp::Insert('q'));
        f.next(true);
        f.next(false);
        f.edit(TextOp::Insert('z'));
        assert!(f.error.as_deref().is_some_and(|e| e.contains("'z' was not typed")), "{:?}", f.error);
        // A first letter again goes on to the next option it starts (here: none other).
        f.edit(TextOp::Insert('b'));
        assert_eq!(f.choice::<MeetingKind>(FieldId::Kind), MeetingKind::Board);
    }

    /// Text typed into a choice or a score (meant for another field) is said, not dropped
    /// unseen; an option's first letter still picks it, and a digit sets a score.
    #[test]
    fn text_typed_into_a_choice_or_a_score_is_said() {
        use crate::domain::Status;
        let mut f = Form::new("Edit", (), vec![choice(FieldId::Status, Status::Proposed), score(FieldId::Impact, Score::new(3).unwrap())]);
        f.edit(TextOp::Insert('a'));
        assert_eq!((f.choice::<Status>(FieldId::Status), f.error.as_deref()), (Status::Accepted, None));
        f.edit(TextOp::Insert('z'));
        f.edit(TextOp::Insert('y'));
        let said = f.error.clone().unwrap_or_default();
        assert!(said.starts_with("Status is a choice") && said.contains("'zy' was not typed anywhere"), "{said}");
        assert_eq!(f.choice::<Status>(FieldId::Status), Status::Accepted, "left as it was");
        f.next(true);
        f.edit(TextOp::Insert('x'));
        assert!(f.error.as_deref().unwrap_or_default().starts_with("Impact is a score from 1 to 5"), "{:?}", f.error);
        f.edit(TextOp::Insert('5'));
        assert_eq!((f.score(FieldId::Impact).get(), f.error.as_deref()), (5, None));
    }
}
