//! JSON in, with field paths on every error. Type errors (a string where a number belongs, an
//! unknown field or enum value) stop at the first one, as serde does; range errors are then all
//! collected by the core parser.
//!
//! The contract's document types (intake, log entry, plan) are tolerant as types, because the
//! same types read documents stored by other Gradus versions (see `gradus-app`'s `stored`). The
//! strictness a person's input needs (a typo such as `saddle_numbnes` must never hide a warning
//! sign) is enforced here instead, by [`document`]: whatever was sent and not understood is an
//! error naming its path. It compares what was sent with what was understood, rather than
//! relying on serde's `deny_unknown_fields`, so it also holds inside tagged enums (a log entry's
//! `type`), where serde cannot see unknown fields.

use gradus_core::error::{FieldError, InputErrors};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Deserialises a contract document, naming the field on failure.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, InputErrors> {
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let mut path = e.path().to_string();
        let inner = e.into_inner();
        let mut message = inner.to_string();
        if let Some(at) = message.find(" at line ") {
            message.truncate(at);
        }
        if let Some(field) = message
            .strip_prefix("missing field `")
            .and_then(|m| m.strip_suffix('`'))
        {
            path = if path == "." || path.is_empty() {
                field.to_string()
            } else {
                format!("{path}.{field}")
            };
            message = "required field is missing".into();
        }
        if path == "." {
            path.clear();
        }
        if inner.is_syntax() || inner.is_eof() {
            message = format!("not valid JSON ({inner})");
            path.clear();
        }
        InputErrors(vec![FieldError::new(path, message)])
    })
}

/// Parses a contract document sent as input: as [`from_str`], and every field that was sent
/// must have been understood (an unknown field anywhere is an error naming its path).
pub fn document<T: DeserializeOwned + Serialize>(text: &str) -> Result<T, InputErrors> {
    let doc: T = from_str(text)?;
    let sent: Value = serde_json::from_str(text)
        .map_err(|e| InputErrors(vec![FieldError::new("", format!("not valid JSON ({e})"))]))?;
    let unread = unread(&sent, &understood(&doc)?);
    if unread.is_empty() {
        Ok(doc)
    } else {
        Err(InputErrors(
            unread
                .into_iter()
                .map(|path| FieldError::new(path, "unknown field: not part of the contract"))
                .collect(),
        ))
    }
}

fn understood<T: Serialize>(doc: &T) -> Result<Value, InputErrors> {
    serde_json::to_value(doc).map_err(|e| {
        InputErrors(vec![FieldError::new(
            "",
            format!("document cannot be represented ({e})"),
        )])
    })
}

/// The paths of fields in `sent` that are not in `understood` (the same document, parsed and
/// written back). A field sent as `null`, `[]` or `{}` carries nothing, so leaving it out loses
/// nothing and is not reported.
pub fn unread(sent: &Value, understood: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(sent, understood, String::new(), &mut out);
    out
}

fn walk(sent: &Value, understood: &Value, path: String, out: &mut Vec<String>) {
    let empty = |v: &Value| match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    };
    match (sent, understood) {
        (Value::Object(s), Value::Object(u)) => {
            for (key, value) in s {
                let at = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                match u.get(key) {
                    Some(inner) => walk(value, inner, at, out),
                    None if empty(value) => {}
                    None => out.push(at),
                }
            }
        }
        (Value::Array(s), Value::Array(u)) => {
            for (i, (value, inner)) in s.iter().zip(u).enumerate() {
                walk(value, inner, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gradus_core::IntakeInput;
    use gradus_core::log::LogEntryInput;

    const INTAKE: &str = include_str!("../../../examples/intake-disc-flare.json");

    fn with(path: &[&str], value: Value) -> String {
        let mut v: Value = serde_json::from_str(INTAKE).unwrap();
        let mut at = &mut v;
        for key in &path[..path.len() - 1] {
            at = at.get_mut(*key).unwrap();
        }
        at[path[path.len() - 1]] = value;
        v.to_string()
    }

    #[test]
    fn an_intake_as_published_is_a_document() {
        document::<IntakeInput>(INTAKE).unwrap();
    }

    #[test]
    fn a_misspelt_warning_sign_is_refused_with_its_path() {
        let text = with(&["red_flags", "saddle_numbnes"], Value::Bool(true));
        let err = document::<IntakeInput>(&text).unwrap_err();
        assert_eq!(err.0[0].path, "red_flags.saddle_numbnes", "{err}");
        // The type itself is tolerant: the same text reads as a stored document would.
        assert!(from_str::<IntakeInput>(&text).is_ok());
    }

    #[test]
    fn an_unknown_field_inside_a_tagged_log_entry_is_refused() {
        let text = r#"{"type":"checkin","date":"2026-01-05","pain":3,"stiffness":2,"new_red_flag":["saddle_numbness"]}"#;
        let err = document::<LogEntryInput>(text).unwrap_err();
        assert_eq!(err.0[0].path, "new_red_flag", "{err}");
        let text = r#"{"type":"session","date":"2026-01-05","pain_before":1,"pain_during":2,"pain_after":1,"items":[{"exercise":"bird_dog","sets":2,"painn":4}]}"#;
        let err = document::<LogEntryInput>(text).unwrap_err();
        assert_eq!(err.0[0].path, "items[0].painn", "{err}");
    }

    #[test]
    fn empty_values_lose_nothing_and_pass() {
        let text = r#"{"type":"checkin","date":"2026-01-05","pain":3,"stiffness":2,"goals":[],"exposure":null}"#;
        document::<LogEntryInput>(text).unwrap();
    }
}
