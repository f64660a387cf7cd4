//! Outcome measures: standard questionnaires whose scores a review can weigh alongside pain.
//!
//! Pain alone says too little about whether a programme is working: a person can hurt the same
//! and do much more, or hurt less and still not be back at work. These measures answer the
//! questions a review and a care team actually ask, each with the published scoring and nothing
//! invented:
//!
//! - [`start_back`]: **how much care, and of what kind**, a person with low back pain needs at the
//!   start. The STarT Back tool sorts people into three groups that did better with matched care
//!   than with the same care for all (Hill 2011): mostly self-management, physiotherapy-led
//!   exercise, or physiotherapy that also works on fear and worry.
//! - [`disability`]: **whether function is changing by an amount that matters**. The Oswestry
//!   (back) and Neck Disability Index are entered by a clinic that holds their licences (Gradus
//!   never ships their wording); the module scores them, names the band, and says whether two
//!   scores differ by more than the smallest change people notice, which is what a review needs
//!   before it calls a plan a success or a failure.
//! - [`psfs`]: **when to ask again**. The Patient-Specific Functional Scale (the goals rated at
//!   intake) only tells a review something if it is re-rated on a schedule; this decides when.
//!
//! Like the rest of `core`, these are pure functions: answers and dates in, scores out. Input
//! types hold what was sent (`*Answers`, `*Scores`); the checked results hold what the rules read,
//! and every bad field is reported at once with its path ([`crate::error`]).

pub mod disability;
pub mod psfs;
pub mod start_back;

pub use disability::{
    Change, Disability, DisabilityBand, DisabilityMeasure, DisabilityScores, meaningful_change,
};
pub use psfs::{PSFS_RERATE_DAYS, psfs_due, psfs_next};
pub use start_back::{Bothersomeness, StartBack, StartBackAnswers, Stratum};
