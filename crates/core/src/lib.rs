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
pub mod measures;
pub mod plan;
pub mod profile;
pub mod review;
pub mod settings;
pub mod triage;
pub mod vocab;

pub use assess::{Assessment, assess, assess_on};

/// The version of the format the persisted documents (intake, assessment, plan, review, log
/// entry) are written in. A change an older reader may safely ignore (a new optional field that
/// adds detail, such as a plan item's `tempo`) keeps the version: stored documents are read
/// tolerantly. Any other change (a renamed or removed field, a new field that changes what a
/// document means, such as a new warning sign) raises it, with an upgrade step in
/// `gradus-app`'s `stored::UPGRADES` that rewrites the older version; a document of a newer
/// version than this is refused, never guessed at.
pub const DOCUMENT_VERSION: i32 = 1;
pub use error::{FieldError, InputErrors};
pub use intake::{Intake, IntakeInput};
pub use library::Library;
pub use settings::Settings;
