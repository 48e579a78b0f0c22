//! The week summary before it goes: `y` shows it exactly as it will be copied, at either level,
//! with items the user leaves out of this copy, the week's status, and a check that no other
//! client is named in it. `Y` copies at once (still stopping at a mention of another client).

use super::modal::{Modal, Prompt, PromptPurpose};
use super::*;
use crate::domain::summary::{self, Level, Rag, WeekStatus, WeekSummary};

#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub client: Id,
    /// As built, at the team level; the level shown is applied when rendering.
    pub summary: WeekSummary,
    pub level: Level,
    /// List items left out of this copy, by their keys (see [`summary::item_keys`]).
    pub left_out: Vec<String>,
    /// The selected item, among the shown items.
    pub sel: usize,
    /// Other clients' names and code names, looked for before copying.
    pub others: Vec<String>,
    /// A mention of another client was shown: the next copy goes ahead.
    pub confirmed: bool,
}

impl Preview {
    pub fn new(app: &App, summary: WeekSummary) -> Preview {
        let client = app.client.unwrap_or_default();
        let others = summary::other_names(&app.data.clients, client);
        Preview { client, summary, level: Level::Team, left_out: Vec::new(), sel: 0, others, confirmed: false }
    }

    /// The summary at the shown level, every item still in it (left-out ones are drawn struck out).
    pub fn markdown(&self) -> String {
        self.summary.at_level(self.level).to_markdown()
    }

    /// Exactly what is copied.
    pub fn text(&self) -> String {
        summary::without_items(&self.markdown(), &self.left_out)
    }

    /// The list items of `md` (as [`Preview::markdown`] gives it), as line numbers.
    pub fn items(md: &str) -> Vec<usize> {
        md.lines().enumerate().filter(|(_, l)| summary::is_item(l)).map(|(i, _)| i).collect()
    }

    /// Other clients the copied text names.
    pub fn mentions(&self) -> Vec<String> {
        summary::mentions(&self.text(), &self.others)
    }

    /// The selected item's key (see [`summary::item_keys`]).
    fn selected_item(&self) -> Option<String> {
        let md = self.markdown();
        let line = *Preview::items(&md).get(self.sel)?;
        summary::item_keys(&md)[line].clone()
    }
}

/// What to do with a summary once it is built.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// Show it (or bring the open preview up to date).
    Show,
    /// `Y`: copy it at once, unless it names another client.
    CopyNow,
    /// Copy what the open preview shows, if the database still gives exactly that text.
    Copy { shown: String, html: bool },
}

/// A summary the runtime built, fresh from the database.
pub fn arrived(app: &mut App, summary: WeekSummary, then: Then) -> Vec<Effect> {
    let open = match app.modal.take() {
        Some(Modal::Preview(p)) if Some(p.client) == app.client && p.summary.week == summary.week => Some(*p),
        other => {
            app.modal = other;
            None
        }
    };
    match then {
        Then::Show => {
            let p = match open {
                // Kept: the level, what was left out, the selection.
                Some(p) => Preview { summary, ..p },
                None => Preview::new(app, summary),
            };
            app.modal = Some(Modal::Preview(Box::new(p)));
            vec![]
        }
        Then::CopyNow => {
            let mut p = Preview::new(app, summary);
            if p.mentions().is_empty() {
                return copy(&p, false);
            }
            app.error(
                app.keymap.say(Scope::Preview, "Not copied: the summary names another client (in red); {preview_copy} copies it anyway"),
            );
            p.confirmed = true;
            app.modal = Some(Modal::Preview(Box::new(p)));
            vec![]
        }
        Then::Copy { shown, html } => {
            let Some(p) = open else { return vec![] };
            let p = Preview { summary, ..p };
            if p.text() == shown {
                return copy(&p, html);
            }
            app.error("Not copied: the summary changed while it was open (another window or process wrote); check it, then copy again");
            app.modal = Some(Modal::Preview(Box::new(Preview { confirmed: false, ..p })));
            vec![]
        }
    }
}

fn copy(p: &Preview, html: bool) -> Vec<Effect> {
    let text = if html { summary::markdown_to_html(&p.text(), &p.summary.title()) } else { p.text() };
    vec![Effect::CopyText { client: p.client, week: p.summary.week, text, html }]
}

pub fn key(app: &mut App, mut p: Preview, key: Key) -> (Option<Modal>, Vec<Effect>) {
    let n = Preview::items(&p.markdown()).len();
    let cmd = app.keymap.overlay(Scope::Preview, key);
    if let Some(cmd) = cmd.filter(|c| c.is_movement()) {
        super::move_in_list(&mut p.sel, n, app.page(), cmd);
        return (Some(Modal::Preview(Box::new(p))), vec![]);
    }
    match cmd {
        Some(Command::PreviewClose) => (None, vec![]),
        Some(Command::PreviewLeaveOut) => {
            if let Some(key) = p.selected_item() {
                match p.left_out.iter().position(|l| *l == key) {
                    Some(i) => {
                        p.left_out.remove(i);
                    }
                    None => p.left_out.push(key),
                }
                p.confirmed = false;
            }
            (Some(Modal::Preview(Box::new(p))), vec![])
        }
        Some(Command::PreviewAudience) => {
            p.level = p.level.other();
            p.sel = p.sel.min(Preview::items(&p.markdown()).len().saturating_sub(1));
            p.confirmed = false;
            (Some(Modal::Preview(Box::new(p))), vec![])
        }
        Some(Command::PreviewStatus) => {
            let next = match p.summary.status.as_ref().map(|s| s.rag) {
                None => Some(Rag::Green),
                Some(Rag::Green) => Some(Rag::Amber),
                Some(Rag::Amber) => Some(Rag::Red),
                Some(Rag::Red) => None,
            };
            let reason = p.summary.status.as_ref().map(|s| s.reason.clone()).unwrap_or_default();
            p.summary.status = next.map(|rag| WeekStatus { rag, reason });
            let effects = save_status(&p);
            (Some(Modal::Preview(Box::new(p))), effects)
        }
        Some(Command::PreviewReason) if p.summary.status.is_some() => {
            // (A draft typed for this week before comes back in place of the reason kept.)
            let drafted = super::drafts::kept_for(app, super::drafts::DraftKind::Reason, &p.summary.week.to_string()).map(str::to_string);
            super::drafts::say_back(app, drafted.as_deref().unwrap_or_default());
            let reason = drafted.or_else(|| p.summary.status.as_ref().map(|s| s.reason.clone())).unwrap_or_default();
            let prompt = Prompt {
                title: format!("Why is {} {} this week?", p.summary.client, p.summary.status.as_ref().map_or("", |s| s.rag.key())),
                hint: app
                    .keymap
                    .say(Scope::Prompt, "one line for the summary · {prompt_accept} keeps it · {prompt_cancel} goes back, keeping a draft"),
                input: super::textline::TextLine::new(&reason),
                purpose: PromptPurpose::StatusReason(Box::new(p)),
            };
            (Some(Modal::Prompt(prompt)), vec![])
        }
        Some(Command::PreviewReason) => {
            app.error(app.keymap.say(Scope::Preview, "Set a status first: {preview_status} cycles green, amber, red"));
            (Some(Modal::Preview(Box::new(p))), vec![])
        }
        Some(copy @ (Command::PreviewCopy | Command::PreviewCopyHtml)) => {
            let mentions = p.mentions();
            if !mentions.is_empty() && !p.confirmed {
                p.confirmed = true;
                // (Named by the key pressed: the one that copies it anyway, as HTML or not.)
                let again = if copy == Command::PreviewCopyHtml { "{preview_copy_html}" } else { "{preview_copy}" };
                let keys = app.keymap.say(Scope::Preview, &format!("{again} copies it anyway, {{preview_leave_out}} leaves the line out"));
                app.error(format!("The summary names {}: {keys}", mentions.join(", ")));
                return (Some(Modal::Preview(Box::new(p))), vec![]);
            }
            // Copied only if the database still gives exactly what is shown.
            let then = Then::Copy { shown: p.text(), html: copy == Command::PreviewCopyHtml };
            let effects = vec![Effect::BuildSummary { client: p.client, week: p.summary.week, then }];
            (Some(Modal::Preview(Box::new(p))), effects)
        }
        // (Undo and redo act on the screens, once the preview is closed: said, not ignored.)
        None if matches!(app.keymap.overlay(Scope::Global, key), Some(Command::Undo | Command::Redo)) => {
            app.info(app.keymap.say(Scope::Preview, "Undo and redo once the preview is closed ({preview_close})"));
            (Some(Modal::Preview(Box::new(p))), vec![])
        }
        _ => (Some(Modal::Preview(Box::new(p))), vec![]),
    }
}

/// Enter in the reason prompt: the reason is kept and the preview comes back.
pub fn reason_entered(mut p: Preview, reason: &str) -> (Option<Modal>, Vec<Effect>) {
    if let Some(st) = p.summary.status.as_mut() {
        st.reason = crate::domain::text::clean_line(reason);
    }
    let effects = save_status(&p);
    (Some(Modal::Preview(Box::new(p))), effects)
}

fn save_status(p: &Preview) -> Vec<Effect> {
    vec![Effect::SetWeekStatus { client: p.client, week: p.summary.week, status: p.summary.status.clone() }]
}
