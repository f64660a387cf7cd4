//! Reading stored documents back. A document that no longer parses is an error that is
//! reported (an error in the server log naming the kind and row, never its content, and a
//! `corrupt` audit row an administrator sees in `gradus audit`), never skipped, blanked or
//! replaced by a default: a plan or a log with a hole in it would be read as something the
//! person never said.

use gradus_core::DOCUMENT_VERSION;
use gradus_store::AccountId;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

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

pub(crate) fn doc<'a>(
    kind: &'static str,
    row: impl Into<i64>,
    version: i32,
    text: &'a str,
) -> Doc<'a> {
    Doc {
        kind,
        row: row.into(),
        version,
        text,
    }
}

/// One change of a stored document's format: rewrites a `kind` document written in version
/// `from` into version `from + 1`.
pub(crate) struct Upgrade {
    pub kind: &'static str,
    pub from: i32,
    pub apply: fn(&mut Value) -> Result<(), String>,
}

/// Every change of format since version 1, oldest first. Empty while version 1 is the only
/// format there has been; a change that raises `gradus_core::DOCUMENT_VERSION` adds its step.
const UPGRADES: &[Upgrade] = &[];

/// Why a stored document could not be read.
#[derive(Debug, PartialEq)]
pub(crate) enum Unreadable {
    /// Written by a newer Gradus (or a corrupted version column).
    UnknownVersion,
    /// An upgrade step refused it.
    Upgrade(String),
    /// Not JSON, or not the document it should be (line, column).
    Parse(usize, usize),
}

/// A stored document read tolerantly: brought up to `current` through `steps`, then parsed;
/// fields this version does not know are left out and named (names only, never values).
pub(crate) fn read_stored<T: DeserializeOwned + Serialize>(
    kind: &str,
    version: i32,
    text: &str,
    steps: &[Upgrade],
    current: i32,
) -> Result<(T, Vec<String>), Unreadable> {
    if !(1..=current).contains(&version) {
        return Err(Unreadable::UnknownVersion);
    }
    let parse_error = |e: serde_json::Error| Unreadable::Parse(e.line(), e.column());
    let mut value: Value = serde_json::from_str(text).map_err(parse_error)?;
    for from in version..current {
        for step in steps.iter().filter(|s| s.kind == kind && s.from == from) {
            (step.apply)(&mut value).map_err(Unreadable::Upgrade)?;
        }
    }
    let sent = value.clone();
    let doc = T::deserialize(value).map_err(parse_error)?;
    let ignored = match serde_json::to_value(&doc) {
        Ok(understood) => gradus_content::json::unread(&sent, &understood),
        Err(_) => Vec::new(),
    };
    Ok((doc, ignored))
}

impl App {
    /// Parses one stored document of a member, read while doing `action`: upgraded from the
    /// format version it was written in, read tolerantly (a field this version does not know is
    /// logged by name and left out). A document written by a newer Gradus (a higher format
    /// version than `gradus_core::DOCUMENT_VERSION`), or one that does not parse, is an error
    /// that is reported: an error in the server log and a `corrupt` audit row.
    pub(crate) async fn decode<T: DeserializeOwned + Serialize>(
        &self,
        actor: Actor<'_>,
        action: Action,
        member_id: &AccountId,
        doc: Doc<'_>,
    ) -> Result<T, AppError> {
        let Doc {
            kind,
            row,
            version,
            text,
        } = doc;
        let failure = match read_stored::<T>(kind, version, text, UPGRADES, DOCUMENT_VERSION) {
            Ok((value, ignored)) => {
                if !ignored.is_empty() {
                    tracing::warn!(
                        kind,
                        row,
                        version,
                        fields = ?ignored,
                        "stored document has fields this Gradus does not know; read without them"
                    );
                }
                return Ok(value);
            }
            Err(failure) => failure,
        };
        let message = match &failure {
            Unreadable::UnknownVersion => {
                tracing::error!(
                    kind,
                    row,
                    version,
                    "stored document of an unknown format version"
                );
                format!(
                    "{kind} (row {row}) is in format version {version}, which this Gradus does not know"
                )
            }
            Unreadable::Upgrade(why) => {
                tracing::error!(
                    kind,
                    row,
                    version,
                    why,
                    "stored document could not be upgraded"
                );
                format!("{kind} (row {row}) could not be upgraded from format version {version}")
            }
            Unreadable::Parse(line, column) => {
                tracing::error!(
                    kind,
                    row,
                    version,
                    line,
                    column,
                    "stored document unreadable"
                );
                format!("{kind} (row {row})")
            }
        };
        self.audit
            .record(actor.event(action, Some(member_id), Outcome::Corrupt))
            .await;
        Err(AppError::Corrupt(message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gradus_core::log::LogEntryInput;

    const CHECKIN: &str = r#"{"type":"checkin","date":"2026-01-05","pain":3,"stiffness":2}"#;

    /// A made-up format change, to test the mechanism: version 1 called `stiffness` `stiff`.
    fn rename_stiff(v: &mut Value) -> Result<(), String> {
        let o = v.as_object_mut().ok_or("not an object")?;
        let stiff = o.remove("stiff").ok_or("no stiff")?;
        o.insert("stiffness".into(), stiff);
        Ok(())
    }
    const RENAME: &[Upgrade] = &[Upgrade {
        kind: "log entry",
        from: 1,
        apply: rename_stiff,
    }];

    #[test]
    fn a_current_document_reads_as_written() {
        let (entry, ignored) =
            read_stored::<LogEntryInput>("log entry", 1, CHECKIN, UPGRADES, DOCUMENT_VERSION)
                .unwrap();
        assert!(ignored.is_empty());
        assert_eq!(entry, gradus_content::json::document(CHECKIN).unwrap());
    }

    #[test]
    fn an_older_version_is_upgraded_step_by_step() {
        let old = CHECKIN.replace("stiffness", "stiff");
        let (entry, _) = read_stored::<LogEntryInput>("log entry", 1, &old, RENAME, 2).unwrap();
        assert_eq!(entry, gradus_content::json::document(CHECKIN).unwrap());
        // A step for another kind of document does not touch this one.
        assert!(matches!(
            read_stored::<LogEntryInput>(
                "log entry",
                1,
                &old,
                &[Upgrade {
                    kind: "review",
                    from: 1,
                    apply: rename_stiff,
                }],
                2
            ),
            Err(Unreadable::Parse(..))
        ));
        // The current version is not upgraded again.
        assert!(read_stored::<LogEntryInput>("log entry", 2, CHECKIN, RENAME, 2).is_ok());
        // A step that refuses is reported, not skipped.
        assert!(matches!(
            read_stored::<LogEntryInput>("log entry", 1, CHECKIN, RENAME, 2),
            Err(Unreadable::Upgrade(_))
        ));
    }

    #[test]
    fn a_field_this_version_does_not_know_is_read_without_it_and_named() {
        let newer = CHECKIN.replace("}", r#","mood":"fine"}"#);
        let (entry, ignored) =
            read_stored::<LogEntryInput>("log entry", 1, &newer, UPGRADES, DOCUMENT_VERSION)
                .unwrap();
        assert_eq!(ignored, vec!["mood".to_string()]);
        assert_eq!(entry, gradus_content::json::document(CHECKIN).unwrap());
    }

    #[test]
    fn newer_or_nonsense_versions_and_broken_text_are_refused() {
        for version in [0, -1, DOCUMENT_VERSION + 1] {
            assert_eq!(
                read_stored::<LogEntryInput>(
                    "log entry",
                    version,
                    CHECKIN,
                    UPGRADES,
                    DOCUMENT_VERSION
                )
                .unwrap_err(),
                Unreadable::UnknownVersion
            );
        }
        let missing = r#"{"type":"checkin","date":"2026-01-05","pain":3}"#;
        assert!(matches!(
            read_stored::<LogEntryInput>("log entry", 1, missing, UPGRADES, DOCUMENT_VERSION),
            Err(Unreadable::Parse(..))
        ));
        assert!(matches!(
            read_stored::<LogEntryInput>("log entry", 1, "{not json", UPGRADES, DOCUMENT_VERSION),
            Err(Unreadable::Parse(..))
        ));
    }
}
