//! Reading stored documents back. A document that no longer parses is an error that is
//! reported (an error in the server log naming the kind and row, never its content, and a
//! `corrupt` audit row an administrator sees in `gradus audit`), never skipped, blanked or
//! replaced by a default: a plan or a log with a hole in it would be read as something the
//! person never said.

use serde::de::DeserializeOwned;

use crate::App;
use crate::actor::{Action, Actor, Outcome};
use crate::error::AppError;

impl App {
    /// Parses one stored document of `kind` (for example "plan") from row `row` of a member,
    /// read while doing `action`.
    pub(crate) async fn decode<T: DeserializeOwned>(
        &self,
        actor: Actor<'_>,
        action: Action,
        member_id: &str,
        kind: &'static str,
        row: i64,
        text: &str,
    ) -> Result<T, AppError> {
        match serde_json::from_str::<T>(text) {
            Ok(v) => Ok(v),
            Err(e) => {
                tracing::error!(
                    kind,
                    row,
                    line = e.line(),
                    column = e.column(),
                    "stored document unreadable"
                );
                self.audit
                    .record(actor.event(action, Some(member_id), Outcome::Corrupt))
                    .await;
                Err(AppError::Corrupt(format!("{kind} (row {row})")))
            }
        }
    }
}
