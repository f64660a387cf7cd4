//! Gradus core: the rules of the product, as pure functions.
//!
//! No I/O, no clock, no randomness: the same intake, log and content always give the same
//! assessment and review, which is what makes the rules testable with property tests and cheap
//! enough to run on every request. Content (exercises, programmes, lessons) comes in as a
//! [`library::Library`] built elsewhere; dates come in as arguments.

pub mod assess;
pub mod day;
pub mod error;
pub mod gate;
pub mod intake;
pub mod library;
pub mod log;
pub mod plan;
pub mod profile;
pub mod review;
pub mod settings;
pub mod triage;
pub mod vocab;

pub use assess::{Assessment, assess};
pub use error::{FieldError, InputErrors};
pub use intake::{Intake, IntakeInput};
pub use library::Library;
pub use settings::Settings;
