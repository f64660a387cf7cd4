//! Reading stored documents back. A document that no longer parses is an error that is
//! reported (an error in the server log naming the kind and row, never its content, and a
//! `corrupt` audit row an administrator sees in `gradus audit`), never skipped, blanked or
//! replaced by a default: a plan or a log with a hole in it would be read as something the
//! person never said.

use serde::de::DeserializeOwned;

use crate::App;
use crate::actor::{Action, Actor, Outcome};
use crate::error::AppError;

/// One stored document: what it is, which row, the format version it was written in, its text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Doc<'a> {
    pub kind: &'static str,
    pub row: i64,
    pub version: i32,
    pub text: &'a str,
}

pub(crate) fn doc<'a>(kind: &'static str, row: i64, version: i32, text: &'a str) -> Doc<'a> {
    Doc {
        kind,
        row,
        version,
        text,
    }
}

impl App {
    /// Parses one stored document of a member, read while doing `action`. A document written
    /// by a newer Gradus (a higher format version than `gradus_core::DOCUMENT_VERSION`) is
    /// refused rather than read as something else.
    pub(crate) async fn decode<T: DeserializeOwned>(
        &self,
        actor: Actor<'_>,
        action: Action,
        member_id: &str,
        doc: Doc<'_>,
    ) -> Result<T, AppError> {
        let Doc {
            kind,
            row,
            version,
            text,
        } = doc;
        if !(1..=gradus_core::DOCUMENT_VERSION).contains(&version) {
            tracing::error!(
                kind,
                row,
                version,
                "stored document of an unknown format version"
            );
            self.audit
                .record(actor.event(action, Some(member_id), Outcome::Corrupt))
                .await;
            return Err(AppError::Corrupt(format!(
                "{kind} (row {row}) is in format version {version}, which this Gradus does not know"
            )));
        }
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
