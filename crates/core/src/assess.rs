//! Assessment: triage, profile and (when safe) a plan, in one pure call.

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::error::InputErrors;
use crate::intake::{Intake, IntakeInput};
use crate::library::Library;
use crate::plan::{self, Plan};
use crate::profile::{self, Profile};
use crate::settings::Settings;
use crate::triage::{self, Triage};

/// Contract §2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Assessment {
    pub triage: Triage,
    pub profile: Profile,
    pub plan: Option<Plan>,
}

/// Checks the intake, then assesses it.
pub fn assess(input: &IntakeInput, lib: &Library, s: &Settings) -> Result<Assessment, InputErrors> {
    let intake = Intake::parse(input)?;
    Ok(assess_intake(input, &intake, lib, s))
}

/// Checks the intake, then assesses it on `today`: the plan then records the day of any spinal
/// surgery (`surgery_on`), so later reviews count the weeks since surgery from their own day.
pub fn assess_on(
    input: &IntakeInput,
    lib: &Library,
    s: &Settings,
    today: Day,
) -> Result<Assessment, InputErrors> {
    let intake = Intake::parse(input)?;
    Ok(assess_intake_on(input, &intake, lib, s, Some(today)))
}

/// Assesses a checked intake. No plan when triage says to get care first.
pub fn assess_intake(
    input: &IntakeInput,
    intake: &Intake,
    lib: &Library,
    s: &Settings,
) -> Assessment {
    assess_intake_on(input, intake, lib, s, None)
}

/// Assesses a checked intake on a day, when known.
pub fn assess_intake_on(
    input: &IntakeInput,
    intake: &Intake,
    lib: &Library,
    s: &Settings,
    today: Option<Day>,
) -> Assessment {
    let triage = triage::triage(intake, s);
    let profile = profile::profile(intake, s);
    let plan = (!triage.level.blocks_plan()).then(|| {
        let (phase, why) = plan::phase(intake, &profile, s);
        let on = plan::Dates {
            today,
            surgery_on: None,
        };
        plan::build_on(lib, input, intake, phase, why, triage.level, s, on)
    });
    Assessment {
        triage,
        profile,
        plan,
    }
}
