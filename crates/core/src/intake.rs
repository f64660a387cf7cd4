//! The intake: what a person reports (contract §1).
//!
//! Two layers, on purpose. `IntakeInput` is the contract's JSON shape: unknown enum values are
//! refused here, and unknown fields at the input boundary (`gradus_content::json::document`: a
//! typo such as `saddle_numbnes` must never hide a red flag), while the same type reads stored
//! intakes written by other Gradus versions tolerantly (`gradus-app`'s `stored`). `Intake` is what the rules see: every range checked, regions de-duplicated, absent
//! booleans false, the condition resolved. `Intake::parse` is the only way from one to the other
//! and reports every bad field at once.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::error::{InputErrors, Problems};
use crate::vocab::{
    Condition, Direction, Equipment, Provocation, Radiating, RedFlag, Region, Surgery, Weakness,
};

/// The ranges an intake accepts, inclusive: one place for the parser, the web form and the
/// documentation. The JSON Schema states the same ranges and a test holds it to these.
pub mod limits {
    pub const AGE: (i64, i64) = (18, 110);
    /// Pain on the 0–10 numeric rating scale.
    pub const PAIN: (i64, i64) = (0, 10);
    pub const DURATION_WEEKS: (f64, f64) = (0.0, 5200.0);
    pub const SETTLE_MINUTES: (f64, f64) = (0.0, 100_000.0);
    pub const WEEKS_SINCE_SURGERY: (f64, f64) = (0.0, 5200.0);
    /// How harmful an activity feels (0–100, fear-avoidance rating).
    pub const FEAR_RATING: (i64, i64) = (0, 100);
    /// How well an activity can be done now (0–10, Patient-Specific Functional Scale).
    pub const GOAL_ABILITY: (i64, i64) = (0, 10);
    pub const SEDENTARY_HOURS: (f64, f64) = (0.0, 24.0);
    pub const WALKING_MINUTES: (f64, f64) = (0.0, 1440.0);
    pub const MINUTES_PER_SESSION: (i64, i64) = (1, 600);
    pub const SESSIONS_PER_WEEK: (i64, i64) = (1, 21);
    /// The longest free text (an activity, something enjoyed), in characters after trimming.
    pub const TEXT_CHARS: usize = 200;
    /// Feared activities at most: an exposure ladder is built a few activities at a time, and
    /// an unbounded list once turned one intake into megabytes of stored plan.
    pub const FEARS: usize = 10;
    /// Goal activities at most (the Patient-Specific Functional Scale asks for three to five).
    pub const GOALS: usize = 10;
}

/// Contract §1, as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct IntakeInput {
    /// Age in years, 18..=110.
    #[cfg_attr(feature = "schema", schemars(range(min = 18, max = 110)))]
    pub age: i64,
    /// Where it hurts; at least one.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    pub regions: Vec<Region>,
    /// Optional working label; absent means inferred from the first region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// How long this episode has lasted, in weeks.
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 5200)))]
    pub duration_weeks: f64,
    pub pain: PainInput,
    pub irritability: IrritabilityInput,
    /// Constant pain at rest or at night.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rest_or_night_pain: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nerve: Option<NerveInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_flags: Option<RedFlagsInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inflammatory: Option<InflammatoryInput>,
    /// Feared activities, at most 10.
    #[serde(default, deserialize_with = "null_as_empty")]
    #[cfg_attr(feature = "schema", schemars(length(max = 10)))]
    pub fears: Vec<FearInput>,
    /// Goal activities, at most 10.
    #[serde(default, deserialize_with = "null_as_empty")]
    #[cfg_attr(feature = "schema", schemars(length(max = 10)))]
    pub goals: Vec<GoalInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<ActivityInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability: Option<AvailabilityInput>,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub equipment: Vec<Equipment>,
    /// The Keele STarT Back Screening Tool's nine answers (low back pain only), which sort the
    /// person into low, medium or high risk of lasting problems (Hill 2008).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_back: Option<crate::measures::StartBackAnswers>,
}

/// Pain on a 0–10 numeric rating scale over the past week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct PainInput {
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 10)))]
    pub now: i64,
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 10)))]
    pub average: i64,
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 10)))]
    pub worst: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct IrritabilityInput {
    /// How much activity brings the pain on.
    pub provoked_by: Provocation,
    /// Minutes it takes to settle back afterwards.
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 100000)))]
    pub settle_minutes: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct NerveInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radiating: Option<Radiating>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbness_or_tingling: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weakness: Option<Weakness>,
    /// The repeated movement that draws symptoms back towards the spine, if any.
    #[serde(default)]
    pub centralises_with: Option<Direction>,
}

macro_rules! flag_struct {
    ($(#[$meta:meta])* $name:ident { $($field:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
        pub struct $name {
            $(
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<bool>,
            )+
        }

        impl $name {
            /// Marks the field the contract names `name` as true; false if there is none.
            pub fn set_named(&mut self, name: &str) -> bool {
                match name {
                    $(stringify!($field) => self.$field = Some(true),)+
                    _ => return false,
                }
                true
            }
        }
    };
}

flag_struct!(
    /// Warning signs; absent means false.
    RedFlagsInput {
        saddle_numbness, bladder_or_bowel_change, new_sexual_dysfunction, bilateral_leg_symptoms, fever,
        iv_drug_use, immunosuppressed, history_of_cancer, unexplained_weight_loss,
        night_pain_unrelieved_by_position, significant_trauma, minor_trauma, systemically_unwell,
        gait_disturbance, hand_clumsiness, bilateral_arm_symptoms, dizziness_or_drop_attacks,
        double_vision_or_speech_change, difficulty_swallowing, neck_instability_signs,
    }
);

flag_struct!(
    /// The five ASAS inflammatory-back-pain features (Sieper 2009).
    InflammatoryInput {
        onset_under_40, gradual_onset, better_with_exercise, not_better_with_rest,
        night_pain_better_on_rising,
    }
);

impl RedFlagsInput {
    /// Marks a flag as reported (the inverse of [`RedFlagsInput::set`]).
    pub fn insert(&mut self, flag: RedFlag) {
        use RedFlag::*;
        let slot = match flag {
            SaddleNumbness => &mut self.saddle_numbness,
            BladderOrBowelChange => &mut self.bladder_or_bowel_change,
            NewSexualDysfunction => &mut self.new_sexual_dysfunction,
            BilateralLegSymptoms => &mut self.bilateral_leg_symptoms,
            Fever => &mut self.fever,
            IvDrugUse => &mut self.iv_drug_use,
            Immunosuppressed => &mut self.immunosuppressed,
            HistoryOfCancer => &mut self.history_of_cancer,
            UnexplainedWeightLoss => &mut self.unexplained_weight_loss,
            NightPainUnrelievedByPosition => &mut self.night_pain_unrelieved_by_position,
            SignificantTrauma => &mut self.significant_trauma,
            MinorTrauma => &mut self.minor_trauma,
            SystemicallyUnwell => &mut self.systemically_unwell,
            GaitDisturbance => &mut self.gait_disturbance,
            HandClumsiness => &mut self.hand_clumsiness,
            BilateralArmSymptoms => &mut self.bilateral_arm_symptoms,
            DizzinessOrDropAttacks => &mut self.dizziness_or_drop_attacks,
            DoubleVisionOrSpeechChange => &mut self.double_vision_or_speech_change,
            DifficultySwallowing => &mut self.difficulty_swallowing,
            NeckInstabilitySigns => &mut self.neck_instability_signs,
        };
        *slot = Some(true);
    }

    /// The flags set to true.
    pub fn set(&self) -> BTreeSet<RedFlag> {
        use RedFlag::*;
        let pairs = [
            (self.saddle_numbness, SaddleNumbness),
            (self.bladder_or_bowel_change, BladderOrBowelChange),
            (self.new_sexual_dysfunction, NewSexualDysfunction),
            (self.bilateral_leg_symptoms, BilateralLegSymptoms),
            (self.fever, Fever),
            (self.iv_drug_use, IvDrugUse),
            (self.immunosuppressed, Immunosuppressed),
            (self.history_of_cancer, HistoryOfCancer),
            (self.unexplained_weight_loss, UnexplainedWeightLoss),
            (
                self.night_pain_unrelieved_by_position,
                NightPainUnrelievedByPosition,
            ),
            (self.significant_trauma, SignificantTrauma),
            (self.minor_trauma, MinorTrauma),
            (self.systemically_unwell, SystemicallyUnwell),
            (self.gait_disturbance, GaitDisturbance),
            (self.hand_clumsiness, HandClumsiness),
            (self.bilateral_arm_symptoms, BilateralArmSymptoms),
            (self.dizziness_or_drop_attacks, DizzinessOrDropAttacks),
            (
                self.double_vision_or_speech_change,
                DoubleVisionOrSpeechChange,
            ),
            (self.difficulty_swallowing, DifficultySwallowing),
            (self.neck_instability_signs, NeckInstabilitySigns),
        ];
        pairs
            .into_iter()
            .filter(|(v, _)| *v == Some(true))
            .map(|(_, f)| f)
            .collect()
    }
}

impl InflammatoryInput {
    /// How many of the five features are present.
    pub fn count(&self) -> u8 {
        [
            self.onset_under_40,
            self.gradual_onset,
            self.better_with_exercise,
            self.not_better_with_rest,
            self.night_pain_better_on_rising,
        ]
        .iter()
        .filter(|v| **v == Some(true))
        .count() as u8
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct HistoryInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surgery: Option<Surgery>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 5200)))]
    pub weeks_since_surgery: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub osteoporosis: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_term_steroids: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rheumatoid_arthritis: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vertebral_fracture: Option<bool>,
}

/// An activity the person fears, rated 0–100 for how harmful it feels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct FearInput {
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 200)))]
    pub activity: String,
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 100)))]
    pub rating: i64,
}

/// An activity the person wants back, rated 0–10 for how well it can be done now (PSFS style).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct GoalInput {
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 200)))]
    pub activity: String,
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 10)))]
    pub ability: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct ActivityInput {
    /// Hours a day spent sitting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 24)))]
    pub sedentary_hours: Option<f64>,
    /// Activities the person likes.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub enjoys: Vec<String>,
    /// Minutes of walking before pain stops them; 0 means walking itself hurts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 1440)))]
    pub walking_minutes: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(deny_unknown_fields))]
pub struct AvailabilityInput {
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 600)))]
    pub minutes_per_session: i64,
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 21)))]
    pub sessions_per_week: i64,
}

/// An explicit `null` for a list means the same as leaving it out: nothing to list.
fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// Pain figures, each 0..=10.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pain {
    pub now: u8,
    pub average: u8,
    pub worst: u8,
}

impl Pain {
    /// The figure the irritability and phase rules read: the higher of now and the weekly average
    /// (the worst moment alone says too little about how a week is going).
    pub fn level(&self) -> u8 {
        self.now.max(self.average)
    }
}

/// Nerve findings with absent values resolved to "none".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nerve {
    pub radiating: Radiating,
    pub numbness_or_tingling: bool,
    pub weakness: Weakness,
    pub centralises_with: Option<Direction>,
}

impl Nerve {
    /// Pain spreading into a limb, or pins and needles: a nerve is involved.
    pub fn involved(&self) -> bool {
        self.radiating != Radiating::None
            || self.numbness_or_tingling
            || self.weakness != Weakness::None
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct History {
    pub surgery: Surgery,
    pub weeks_since_surgery: Option<f64>,
    pub osteoporosis: bool,
    pub long_term_steroids: bool,
    pub rheumatoid_arthritis: bool,
    pub vertebral_fracture: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fear {
    pub activity: String,
    pub rating: u8,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    pub activity: String,
    pub ability: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Availability {
    pub minutes_per_session: u16,
    pub sessions_per_week: u8,
}

/// A checked intake: what the rules read.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Intake {
    pub age: u8,
    pub regions: Vec<Region>,
    pub condition: Condition,
    /// True when the person named no condition and it was inferred from the region.
    pub condition_inferred: bool,
    pub duration_weeks: f64,
    pub pain: Pain,
    pub provoked_by: Provocation,
    pub settle_minutes: f64,
    pub rest_or_night_pain: bool,
    pub nerve: Nerve,
    pub red_flags: BTreeSet<RedFlag>,
    pub history: History,
    pub inflammatory_features: u8,
    pub fears: Vec<Fear>,
    pub goals: Vec<Goal>,
    pub sedentary_hours: Option<f64>,
    pub enjoys: Vec<String>,
    pub walking_minutes: Option<f64>,
    /// None when the person did not say; the planner then states the assumption it makes.
    pub availability: Option<Availability>,
    pub equipment: BTreeSet<Equipment>,
    /// The STarT Back score, when it was answered.
    pub start_back: Option<crate::measures::StartBack>,
}

impl Intake {
    /// Checks every field of an intake and reports all problems at once.
    pub fn parse(input: &IntakeInput) -> Result<Intake, InputErrors> {
        let mut p = Problems::default();
        let age = if input.age < 18 {
            p.push(
                "age",
                format!("adults only: expected 18..=110, found {}", input.age),
            );
            18
        } else {
            p.int_in("age", input.age, limits::AGE.0, limits::AGE.1) as u8
        };

        let mut regions = Vec::new();
        for r in &input.regions {
            if !regions.contains(r) {
                regions.push(*r);
            }
        }
        if regions.is_empty() {
            p.push("regions", "expected at least one region, found none");
        }
        // Buttock or back-of-thigh pain with leg nerve symptoms is referred from the back, not a
        // hamstring tendon problem, unless the person names that condition (Goom et al.,
        // JOSPT 2016: lumbar referral first in the differential).
        let leg_nerve = input.nerve.as_ref().is_some_and(|n| {
            matches!(
                n.radiating,
                Some(Radiating::AboveKnee) | Some(Radiating::BelowKnee)
            ) || n.numbness_or_tingling == Some(true)
        });
        let condition = input
            .condition
            .or_else(|| {
                regions.first().map(|r| match r {
                    Region::ButtockHamstring if leg_nerve => Condition::NonspecificLowBackPain,
                    r => r.default_condition(),
                })
            })
            .unwrap_or(Condition::NonspecificLowBackPain);

        let duration_weeks = p.num_in(
            "duration_weeks",
            input.duration_weeks,
            limits::DURATION_WEEKS.0,
            limits::DURATION_WEEKS.1,
        );
        let pain = Pain {
            now: p.int_in("pain.now", input.pain.now, limits::PAIN.0, limits::PAIN.1) as u8,
            average: p.int_in(
                "pain.average",
                input.pain.average,
                limits::PAIN.0,
                limits::PAIN.1,
            ) as u8,
            worst: p.int_in(
                "pain.worst",
                input.pain.worst,
                limits::PAIN.0,
                limits::PAIN.1,
            ) as u8,
        };
        let settle_minutes = p.num_in(
            "irritability.settle_minutes",
            input.irritability.settle_minutes,
            limits::SETTLE_MINUTES.0,
            limits::SETTLE_MINUTES.1,
        );

        let nerve = input.nerve.as_ref();
        let nerve = Nerve {
            radiating: nerve.and_then(|n| n.radiating).unwrap_or(Radiating::None),
            numbness_or_tingling: nerve.and_then(|n| n.numbness_or_tingling).unwrap_or(false),
            weakness: nerve.and_then(|n| n.weakness).unwrap_or(Weakness::None),
            centralises_with: nerve.and_then(|n| n.centralises_with),
        };

        let h = input.history.clone().unwrap_or_default();
        let weeks_since_surgery = h.weeks_since_surgery.map(|w| {
            p.num_in(
                "history.weeks_since_surgery",
                w,
                limits::WEEKS_SINCE_SURGERY.0,
                limits::WEEKS_SINCE_SURGERY.1,
            )
        });
        let history = History {
            surgery: h.surgery.unwrap_or(Surgery::None),
            weeks_since_surgery,
            osteoporosis: h.osteoporosis.unwrap_or(false),
            long_term_steroids: h.long_term_steroids.unwrap_or(false),
            rheumatoid_arthritis: h.rheumatoid_arthritis.unwrap_or(false),
            vertebral_fracture: h.vertebral_fracture.unwrap_or(false),
        };

        for (path, n, max) in [
            ("fears", input.fears.len(), limits::FEARS),
            ("goals", input.goals.len(), limits::GOALS),
        ] {
            if n > max {
                p.push(
                    path,
                    format!("expected at most {max} activities, found {n}"),
                );
            }
        }
        let fears = input
            .fears
            .iter()
            .take(limits::FEARS)
            .enumerate()
            .map(|(i, f)| Fear {
                activity: text(&mut p, &format!("fears[{i}].activity"), &f.activity),
                rating: p.int_in(
                    &format!("fears[{i}].rating"),
                    f.rating,
                    limits::FEAR_RATING.0,
                    limits::FEAR_RATING.1,
                ) as u8,
            })
            .collect();
        let goals = input
            .goals
            .iter()
            .take(limits::GOALS)
            .enumerate()
            .map(|(i, g)| Goal {
                activity: text(&mut p, &format!("goals[{i}].activity"), &g.activity),
                ability: p.int_in(
                    &format!("goals[{i}].ability"),
                    g.ability,
                    limits::GOAL_ABILITY.0,
                    limits::GOAL_ABILITY.1,
                ) as u8,
            })
            .collect();

        let activity = input.activity.clone().unwrap_or_default();
        let sedentary_hours = activity.sedentary_hours.map(|h| {
            p.num_in(
                "activity.sedentary_hours",
                h,
                limits::SEDENTARY_HOURS.0,
                limits::SEDENTARY_HOURS.1,
            )
        });
        let walking_minutes = activity.walking_minutes.map(|m| {
            p.num_in(
                "activity.walking_minutes",
                m,
                limits::WALKING_MINUTES.0,
                limits::WALKING_MINUTES.1,
            )
        });
        let mut enjoys: Vec<String> = Vec::new();
        for (i, e) in activity.enjoys.iter().enumerate() {
            let e = text(&mut p, &format!("activity.enjoys[{i}]"), e).to_lowercase();
            if !enjoys.contains(&e) {
                enjoys.push(e);
            }
        }

        let availability = input.availability.as_ref().map(|a| Availability {
            minutes_per_session: p.int_in(
                "availability.minutes_per_session",
                a.minutes_per_session,
                limits::MINUTES_PER_SESSION.0,
                limits::MINUTES_PER_SESSION.1,
            ),
            sessions_per_week: p.int_in(
                "availability.sessions_per_week",
                a.sessions_per_week,
                limits::SESSIONS_PER_WEEK.0,
                limits::SESSIONS_PER_WEEK.1,
            ) as u8,
        });

        // STarT Back is validated for low back pain only (Keele): answers for a neck are refused
        // rather than scored into a group that means nothing there.
        let start_back = input.start_back.as_ref().and_then(|a| {
            if !crate::measures::start_back::applies_to(&input.regions) {
                p.push(
                    "start_back",
                    "expected no STarT Back answers: the tool is for low back pain, and low_back is not among the regions",
                );
                return None;
            }
            match crate::measures::start_back::score(a) {
                Ok(sb) => Some(sb),
                Err(e) => {
                    for f in e.0 {
                        p.push(format!("start_back.{}", f.path), f.message);
                    }
                    None
                }
            }
        });
        let intake = Intake {
            age,
            regions,
            condition,
            condition_inferred: input.condition.is_none(),
            duration_weeks,
            pain,
            provoked_by: input.irritability.provoked_by,
            settle_minutes,
            rest_or_night_pain: input.rest_or_night_pain.unwrap_or(false),
            nerve,
            red_flags: input
                .red_flags
                .as_ref()
                .map(RedFlagsInput::set)
                .unwrap_or_default(),
            history,
            inflammatory_features: input
                .inflammatory
                .as_ref()
                .map(InflammatoryInput::count)
                .unwrap_or(0),
            fears,
            goals,
            sedentary_hours,
            enjoys,
            walking_minutes,
            availability,
            equipment: input.equipment.iter().copied().collect(),
            start_back,
        };
        p.finish(intake)
    }

    /// True when any region is on the spine.
    pub fn spine(&self) -> bool {
        self.regions.iter().any(|r| r.is_spine())
    }

    /// True when the neck hurts.
    pub fn neck(&self) -> bool {
        self.regions.contains(&Region::Neck)
    }

    /// Buttock or back-of-thigh pain with symptoms spreading down the leg (or pins and needles)
    /// and no proximal hamstring tendinopathy named: pain referred from the lower back, which
    /// the back programme serves, not the hamstring one (Goom et al., JOSPT 2016).
    pub fn buttock_pain_referred(&self) -> bool {
        self.regions.contains(&Region::ButtockHamstring)
            && (self.condition_inferred
                || self.condition != Condition::ProximalHamstringTendinopathy)
            && (matches!(
                self.nerve.radiating,
                Radiating::AboveKnee | Radiating::BelowKnee
            ) || self.nerve.numbness_or_tingling)
    }

    /// Osteoporosis or a known vertebral fracture: the bone-health movement rules apply.
    pub fn fragile_bone(&self) -> bool {
        self.history.osteoporosis || self.history.vertebral_fracture
    }
}

/// A free-text field: trimmed, not empty, not absurdly long.
fn text(p: &mut Problems, path: &str, value: &str) -> String {
    let t = value.trim();
    if t.is_empty() {
        p.push(path, "expected a short description, found an empty string");
    } else if t.chars().any(char::is_control) {
        // A NUL or other control character is never meant, and PostgreSQL refuses NUL in text.
        p.push(path, "expected plain text, found a control character");
    } else if t.chars().count() > limits::TEXT_CHARS {
        p.push(
            path,
            format!(
                "expected at most {} characters, found {}",
                limits::TEXT_CHARS,
                t.chars().count()
            ),
        );
    }
    t.to_string()
}
