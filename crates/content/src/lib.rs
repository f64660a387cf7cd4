//! Gradus content: the exercise library, programmes and lessons, embedded in the binary and
//! checked before use; and the JSON entry points that turn contract documents into core types
//! with field paths on every error.

pub mod json;
pub mod load;
pub mod markdown;
pub mod measures;
pub mod validate;

pub use load::{ContentError, load, parse_files};
pub use validate::validate;
