//! Input errors carry the path of the field and what was expected, so that a person, a form or a
//! program can point at the exact value to fix. Rules never invent a default for a health value
//! they were not given: they either have a documented meaning for absence (contract: absent
//! optional booleans are false) or they report the field.

use serde::{Deserialize, Serialize};

/// One thing wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FieldError {
    /// Dotted path of the field, e.g. `pain.now` or `fears[1].rating`.
    pub path: String,
    /// What was expected and what was found.
    pub message: String,
}

impl FieldError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Everything wrong with an input, reported together so that one round trip fixes it all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.0))]
pub struct InputErrors(pub Vec<FieldError>);

fn render(errors: &[FieldError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Collects field errors while a parser walks an input.
#[derive(Debug, Default)]
pub struct Problems(Vec<FieldError>);

impl Problems {
    pub fn push(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(path, message));
    }

    /// An integer that must lie in `lo..=hi`.
    pub fn int_in(&mut self, path: &str, value: i64, lo: i64, hi: i64) -> u16 {
        if value < lo || value > hi {
            self.push(path, format!("expected {lo}..={hi}, found {value}"));
            lo.max(0) as u16
        } else {
            value as u16
        }
    }

    /// As `int_in`, with the path built only when the value is wrong (hot loops over logs).
    pub fn int_in_at(
        &mut self,
        path: impl FnOnce() -> String,
        value: i64,
        lo: i64,
        hi: i64,
    ) -> u16 {
        if value < lo || value > hi {
            self.int_in(&path(), value, lo, hi)
        } else {
            value as u16
        }
    }

    /// A number that must be finite and lie in `lo..=hi`.
    pub fn num_in(&mut self, path: &str, value: f64, lo: f64, hi: f64) -> f64 {
        if !value.is_finite() || value < lo || value > hi {
            let hi_text = if hi.is_finite() {
                format!("{hi}")
            } else {
                String::new()
            };
            self.push(
                path,
                format!("expected a number {lo}..={hi_text}, found {value}"),
            );
            lo
        } else {
            value
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing was wrong.
    pub fn finish<T>(self, value: T) -> Result<T, InputErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(InputErrors(self.0))
        }
    }
}
