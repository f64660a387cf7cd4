//! JSON in, with field paths on every error. Type errors (a string where a number belongs, an
//! unknown field or enum value) stop at the first one, as serde does; range errors are then all
//! collected by the core parser.

use gradus_core::error::{FieldError, InputErrors};
use serde::de::DeserializeOwned;

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
