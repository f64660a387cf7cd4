//! The plan as it leaves the engine (contract §2), plus the optional fields that make it
//! self-contained: a plan saved today can be reviewed next month without anything else.

use serde::{Deserialize, Serialize};

use crate::intake::IntakeInput;
use crate::vocab::{AvoidTag, Kind, Phase};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Plan {
    pub phase: Phase,
    pub requires_clinician_approval: bool,
    pub sessions: Vec<Session>,
    pub exposure_ladder: Vec<LadderStep>,
    pub advice: Vec<Advice>,
    pub review_after_days: u16,
    /// 1 for the plan made from an intake; each changed plan after a review adds one.
    #[serde(default = "first_version")]
    pub version: u32,
    /// Why the plan starts in this phase and other plan-wide choices.
    #[serde(default)]
    pub why: Vec<String>,
    /// Movements this person must avoid, and why.
    #[serde(default)]
    pub constraints: Vec<Constraint>,
    /// Exercises the programme would have used but this person's plan leaves out, and why.
    #[serde(default)]
    pub excluded: Vec<Exclusion>,
    /// What changed from the previous version (empty for version 1).
    #[serde(default)]
    pub changes: Vec<Change>,
    /// The date this version was issued by a review (None for the plan made from an intake);
    /// entries on or before it were already judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_on: Option<String>,
    /// The day a review last asked the care team to look (escalated), so the same concern is
    /// not raised again every week while they do (contract v2 addition).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalated_on: Option<String>,
    /// The day of the spinal surgery (`YYYY-MM-DD`), derived once from the intake's
    /// `weeks_since_surgery` and the day the first plan was made, so later reviews count the
    /// weeks since surgery from their own day rather than from a figure frozen at intake
    /// (clinical rules §G). Absent when there was no spinal surgery or no day was known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surgery_on: Option<String>,
    /// The figures the plan was built from, for judging progress later.
    pub baseline: Baseline,
    /// The intake the plan was built from, so a later phase can be planned without it.
    pub basis: IntakeInput,
}

fn first_version() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Session {
    pub name: String,
    pub days_per_week: u8,
    pub minutes: u16,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Item {
    pub exercise: String,
    pub name: String,
    pub kind: Kind,
    pub sets: u8,
    pub reps: Option<u16>,
    pub hold_seconds: Option<u16>,
    pub minutes: Option<u16>,
    pub each_side: bool,
    pub why: String,
    /// Position in the exercise's level table (1 = easiest).
    pub level: u8,
    /// How many levels the table has.
    pub top_level: u8,
    /// How fast to move, e.g. "3 s up, 2 s hold, 3 s down".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tempo: Option<String>,
    /// What to lift or push against: `{ "rm": 12, "text": "12RM" }`, `{ "kg": 1, "text": "1 kg
    /// dumbbell" }` or a household item in words. Older plans stored the words alone; they still
    /// read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<crate::plan::load::Load>,
    /// Days of rest between sessions of this item (1 = every second day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rest_days: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LadderStep {
    pub step: u32,
    /// The feared activity, as the person named it.
    pub activity: String,
    /// How harmful it felt (0–100) when rated.
    pub rating: u8,
    /// The concrete thing to do at this step.
    #[serde(default)]
    pub task: String,
    /// True for the step to work on now.
    #[serde(default)]
    pub current: bool,
    /// Why this step stops short of the activity itself (held at a part-task rehearsal because
    /// doing the activity would break one of the plan's constraints). Absent for ordinary steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Advice {
    pub code: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Constraint {
    pub avoid: AvoidTag,
    pub code: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Exclusion {
    pub exercise: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    pub exercise: Option<String>,
    /// e.g. "pelvic_tilt reps 8 → 10 because …".
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Baseline {
    /// Average pain over the week before the plan (0–10).
    pub pain: f64,
    /// Mean goal ability (PSFS style, 0–10), when goals were given.
    pub psfs: Option<f64>,
    /// Minutes the person could walk before pain stopped them.
    pub walking_minutes: Option<f64>,
    /// Date of the first plan in this line, once known (set by the first review).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
}

impl Plan {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.sessions.iter().flat_map(|s| s.items.iter())
    }

    /// True while the plan is a draft waiting for a clinician (after recent spinal surgery): such
    /// a plan is never progressed; a review may hold or ease it, and the approved version (which
    /// no longer requires approval) is the one that progresses.
    pub fn awaiting_approval(&self) -> bool {
        self.requires_clinician_approval
    }

    /// The surgery day, when the plan knows it.
    pub fn surgery_day(&self) -> Option<crate::day::Day> {
        self.surgery_on
            .as_deref()
            .and_then(|d| crate::day::Day::parse(d).ok())
    }
}
