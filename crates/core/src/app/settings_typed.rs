//! Settings typed into a prompt (from the palette): checked here, saved by the runtime.

use super::{App, Effect, Refusal};
use crate::domain::Choice;
use crate::settings::{self, StartScreen};

/// Enter in the timer limit prompt.
pub fn timer_limit(app: &mut App, typed: &str) -> Result<Vec<Effect>, Refusal> {
    let number: f64 = typed
        .trim()
        .trim_end_matches('h')
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| Refusal::Missing(format!("'{}' is not a number of hours", typed.trim())))?;
    let hours = settings::timer_limit(number).map_err(Refusal::Missing)?;
    app.info(format!("A timer running longer than {hours} h is taken for forgotten"));
    Ok(vec![Effect::SaveSetting { key: settings::TIMER_LIMIT.into(), value: hours.to_string() }])
}

/// Enter in the start screen prompt.
pub fn start_screen(app: &mut App, typed: &str) -> Result<Vec<Effect>, Refusal> {
    let s = StartScreen::parse(typed.trim()).map_err(|e| Refusal::Missing(e.to_string()))?;
    app.info(format!("Cockpit opens on: {}", s.key()));
    Ok(vec![Effect::SaveSetting { key: settings::START_SCREEN.into(), value: s.key().into() }])
}
