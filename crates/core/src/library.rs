//! The content the rules choose from: exercises, programmes and lessons. These are plain data,
//! written by clinicians in `content/` and checked by the content crate; the rules only read them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::vocab::{AvoidTag, Condition, Equipment, Kind, Phase, Position, Region};

/// One dose step of an exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub sets: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reps: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hold_seconds: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tempo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<String>,
    /// The load to use instead when the person lacks the exercise's `optional_equipment`
    /// (e.g. a filled water bottle in place of a dumbbell).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household_load: Option<String>,
    /// Days of rest between sessions of this exercise at this level (1 = every second day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rest_days: Option<u8>,
    /// The published table this dose comes from, in plain words (shown as the dose's reason
    /// instead of the generic rule for the exercise's kind).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub regions: Vec<Region>,
    pub position: Position,
    #[serde(default)]
    pub equipment: Vec<Equipment>,
    /// Equipment used when the person has it; without it the level's `household_load` applies
    /// and the exercise is still planned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub optional_equipment: Vec<Equipment>,
    /// Former ids of this exercise: plans saved under an old id still find it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub each_side: bool,
    pub flare_ok: bool,
    #[serde(default)]
    pub avoid_tags: Vec<AvoidTag>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub easier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub harder: Option<String>,
    /// The id of a chair or standing variant that trains the same thing, used when getting down
    /// to the floor is hard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upright: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds_per_rep: Option<u16>,
    pub summary: String,
    pub steps: Vec<String>,
    pub cues: Vec<String>,
    pub feel: String,
    pub mistakes: Vec<String>,
    pub sources: Vec<String>,
    pub levels: Vec<Level>,
}

impl Exercise {
    /// The dose at a 1-based level, clamped to the table.
    pub fn level(&self, n: u8) -> &Level {
        let i = (n.max(1) as usize - 1).min(self.levels.len() - 1);
        &self.levels[i]
    }

    pub fn top_level(&self) -> u8 {
        self.levels.len() as u8
    }

    pub fn has_tag(&self, tag: AvoidTag) -> bool {
        self.avoid_tags.contains(&tag)
    }
}

/// One exercise in a programme phase, at a starting level, with the reason it is there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeItem {
    pub exercise: String,
    #[serde(default = "one")]
    pub level: u8,
    pub why: String,
    /// Why this exercise belongs in the plan even for a person whose painful regions it does not
    /// serve (e.g. a neck exercise in a low back plan). Without it, a neck exercise is left out
    /// for someone without neck pain, and low-back loading for someone with neck pain only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_region: Option<String>,
}

fn one() -> u8 {
    1
}

/// Which exercises a condition uses in each phase, in priority order (first kept when time is short).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    pub id: String,
    pub name: String,
    /// Conditions this programme serves.
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// Regions it covers; an intake region no programme covers adds that region's programme.
    pub regions: Vec<Region>,
    pub sources: Vec<String>,
    /// Most days a week this programme's loading should be done (e.g. every second day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_days_per_week: Option<u8>,
    /// Load advice for this condition (positions to avoid, how to manage running), each citing
    /// its source; given in every plan the programme contributes to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advice: Vec<ProgrammeAdvice>,
    pub flare: Vec<ProgrammeItem>,
    pub rebuild: Vec<ProgrammeItem>,
    pub maintain: Vec<ProgrammeItem>,
}

/// One piece of a programme's load advice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeAdvice {
    pub code: String,
    pub text: String,
}

impl Programme {
    pub fn phase(&self, p: Phase) -> &[ProgrammeItem] {
        match p {
            Phase::Flare => &self.flare,
            Phase::Rebuild => &self.rebuild,
            Phase::Maintain => &self.maintain,
        }
    }
}

/// When a lesson fits a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ShowWhen {
    Always,
    Flare,
    Rebuild,
    Maintain,
    Fear,
    Sedentary,
    Stretching,
    Nerve,
    SeeDoctor,
    EaseBack,
    Surgery,
    BoneHealth,
    Tendon,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub show_when: Vec<ShowWhen>,
    pub sources: Vec<String>,
    /// The lesson text in markdown.
    #[serde(default)]
    pub body: String,
    /// The same text as safe HTML, rendered once when the content is loaded.
    #[serde(default, skip_serializing)]
    pub html: String,
}

/// Everything the rules choose from, indexed by id.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub exercises: BTreeMap<String, Exercise>,
    pub programmes: Vec<Programme>,
    pub lessons: Vec<Lesson>,
    /// Former exercise ids and the id each now goes by.
    pub aliases: BTreeMap<String, String>,
}

impl Library {
    /// The exercise with this id, or with this former id.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises
            .get(id)
            .or_else(|| self.aliases.get(id).and_then(|now| self.exercises.get(now)))
    }

    /// The programme for a condition, if there is one.
    pub fn programme_for(&self, c: Condition) -> Option<&Programme> {
        self.programmes.iter().find(|p| p.conditions.contains(&c))
    }

    /// The programme that covers a region when the condition's programme does not.
    pub fn programme_for_region(&self, r: Region) -> Option<&Programme> {
        self.programmes
            .iter()
            .find(|p| p.conditions.is_empty() && p.regions.contains(&r))
            .or_else(|| self.programme_for(r.default_condition()))
    }

    pub fn lesson(&self, id: &str) -> Option<&Lesson> {
        self.lessons.iter().find(|l| l.id == id)
    }
}
