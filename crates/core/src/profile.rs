//! Profile: how long this episode has lasted (stage) and how easily it flares (irritability).
//!
//! Irritability has no validated definition (Barakatt 2009, kappa 0.44), so the tiers below follow
//! the APTA guideline style (Kelley, JOSPT 2013) with thresholds from `Settings`. Each call returns
//! the rule that decided, so the plan can say why it starts where it starts.

use serde::{Deserialize, Serialize};

use crate::intake::Intake;
use crate::settings::Settings;
use crate::vocab::{Condition, Irritability, Provocation, Stage};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Profile {
    pub condition: Condition,
    pub stage: Stage,
    pub irritability: Irritability,
    /// The rules that set the stage and irritability, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub why: Vec<String>,
    /// The STarT Back risk group, when the questions were answered (Hill 2008).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_back: Option<crate::measures::StartBack>,
}

/// Stage from duration: acute below `acute_below_weeks`, chronic above `chronic_above_weeks`.
pub fn stage(duration_weeks: f64, s: &Settings) -> (Stage, String) {
    if duration_weeks < s.acute_below_weeks {
        (
            Stage::Acute,
            format!(
                "acute: {duration_weeks} weeks is under {} weeks",
                s.acute_below_weeks
            ),
        )
    } else if duration_weeks > s.chronic_above_weeks {
        (
            Stage::Chronic,
            format!(
                "chronic: {duration_weeks} weeks is over {} weeks",
                s.chronic_above_weeks
            ),
        )
    } else {
        (
            Stage::Subacute,
            format!(
                "subacute: {duration_weeks} weeks is between {} and {} weeks",
                s.acute_below_weeks, s.chronic_above_weeks
            ),
        )
    }
}

/// Irritability tiers: high when pain is severe, constant at rest or at night, brought on by
/// little and slow to settle, or when the worst pain is very high and slow to settle
/// (`high_worst_pain`); low when pain is mild (worst included), settles quickly and needs a lot to
/// provoke; moderate otherwise.
pub fn irritability(i: &Intake, s: &Settings) -> (Irritability, String) {
    let pain = i.pain.level();
    let slow = i.settle_minutes >= s.slow_settle_minutes;
    if pain >= s.high_pain {
        return (
            Irritability::High,
            format!("high: pain {pain}/10 is at or above {}", s.high_pain),
        );
    }
    if i.rest_or_night_pain {
        return (
            Irritability::High,
            "high: constant pain at rest or at night".into(),
        );
    }
    if i.provoked_by == Provocation::Minimal && slow {
        return (
            Irritability::High,
            format!(
                "high: brought on by minimal activity and takes {} minutes to settle (slow is {} or more)",
                i.settle_minutes, s.slow_settle_minutes
            ),
        );
    }
    if i.pain.worst >= s.high_worst_pain && slow {
        return (
            Irritability::High,
            format!(
                "high: worst pain {}/10 is at or above {} and it takes {} minutes to settle (slow is {} or more)",
                i.pain.worst, s.high_worst_pain, i.settle_minutes, s.slow_settle_minutes
            ),
        );
    }
    if pain <= s.low_pain
        && i.pain.worst < s.high_worst_pain
        && !slow
        && i.provoked_by != Provocation::Minimal
    {
        return (
            Irritability::Low,
            format!(
                "low: pain {pain}/10 is at or below {}, settles within {} minutes",
                s.low_pain, i.settle_minutes
            ),
        );
    }
    (
        Irritability::Moderate,
        format!(
            "moderate: pain {pain}/10, settles in {} minutes",
            i.settle_minutes
        ),
    )
}

pub fn profile(i: &Intake, s: &Settings) -> Profile {
    let (stage, stage_why) = stage(i.duration_weeks, s);
    let (irritability, irr_why) = irritability(i, s);
    let mut why = vec![
        format!("stage {stage_why}"),
        format!("irritability {irr_why}"),
    ];
    if i.condition_inferred {
        why.push(format!(
            "condition {} inferred from the region reported (a working label, not a diagnosis)",
            i.condition
        ));
    }
    if let Some(sb) = &i.start_back {
        why.push(format!(
            "STarT Back {} risk: {} of 9, {} of 5 on the worry and mood questions (Hill 2008)",
            sb.stratum.as_str(),
            sb.total,
            sb.psychosocial
        ));
    }
    Profile {
        condition: i.condition,
        stage,
        irritability,
        why,
        start_back: i.start_back,
    }
}
