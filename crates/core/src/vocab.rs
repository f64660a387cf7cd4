//! The closed vocabularies of the contract. Each is an enum so that a value the contract does not
//! name can never reach a rule: serde refuses it at the door with the list of what was expected.

use serde::{Deserialize, Serialize};

macro_rules! vocab {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value the contract spells `s`, if any.
            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }

            /// The contract's spelling of this value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocab!(
    /// Where it hurts.
    Region {
        LowBack => "low_back", MidBack => "mid_back", Neck => "neck", Heel => "heel", Elbow => "elbow",
        LateralHip => "lateral_hip", ButtockHamstring => "buttock_hamstring", LateralKnee => "lateral_knee",
    }
);

vocab!(
    /// A working label for the kind of problem. Never a diagnosis made by Gradus: either the person
    /// (or their clinician) names it, or it is the non-specific label inferred from the region.
    Condition {
        NonspecificLowBackPain => "nonspecific_low_back_pain",
        NonspecificNeckPain => "nonspecific_neck_pain",
        LumbarDiscHerniation => "lumbar_disc_herniation",
        Spondylosis => "spondylosis",
        BackStiffness => "back_stiffness",
        PlantarHeelPain => "plantar_heel_pain",
        LateralElbowTendinopathy => "lateral_elbow_tendinopathy",
        GlutealTendinopathy => "gluteal_tendinopathy",
        ProximalHamstringTendinopathy => "proximal_hamstring_tendinopathy",
        ItbSyndrome => "itb_syndrome",
    }
);

impl Condition {
    /// True for the tendon conditions, whose loading follows the tendon rules (clinical-rules §E).
    pub fn is_tendon(self) -> bool {
        matches!(
            self,
            Condition::PlantarHeelPain
                | Condition::LateralElbowTendinopathy
                | Condition::GlutealTendinopathy
                | Condition::ProximalHamstringTendinopathy
                | Condition::ItbSyndrome
        )
    }
}

impl Region {
    /// The label used when the person names no condition: non-specific for the spine, the usual
    /// tendon problem of that place otherwise.
    pub fn default_condition(self) -> Condition {
        match self {
            Region::LowBack | Region::MidBack => Condition::NonspecificLowBackPain,
            Region::Neck => Condition::NonspecificNeckPain,
            Region::Heel => Condition::PlantarHeelPain,
            Region::Elbow => Condition::LateralElbowTendinopathy,
            Region::LateralHip => Condition::GlutealTendinopathy,
            Region::ButtockHamstring => Condition::ProximalHamstringTendinopathy,
            Region::LateralKnee => Condition::ItbSyndrome,
        }
    }

    /// True for the spine regions (where spinal warning signs apply).
    pub fn is_spine(self) -> bool {
        matches!(self, Region::LowBack | Region::MidBack | Region::Neck)
    }
}

vocab!(
    /// What an exercise is, which decides where it sits in a session and how it is dosed.
    Kind {
        WarmUp => "warm_up", Mobility => "mobility", DynamicStretch => "dynamic_stretch",
        StaticStretch => "static_stretch", Strength => "strength", Isometric => "isometric",
        Aerobic => "aerobic", Breathing => "breathing", NerveGlide => "nerve_glide",
    }
);

impl Kind {
    /// Order within a session: warm up first, calm and mobilise, load, and stretch last while warm.
    pub fn session_order(self) -> u8 {
        match self {
            Kind::WarmUp => 0,
            Kind::Breathing => 1,
            Kind::Mobility => 2,
            Kind::DynamicStretch => 3,
            Kind::NerveGlide => 4,
            Kind::Isometric => 5,
            Kind::Strength => 6,
            Kind::StaticStretch => 7,
            Kind::Aerobic => 8,
        }
    }

    /// Kinds that want warm tissue first.
    pub fn needs_warm_up(self) -> bool {
        matches!(self, Kind::StaticStretch | Kind::Strength)
    }
}

vocab!(
    /// The body position an exercise starts from.
    Position {
        Standing => "standing", Sitting => "sitting", LyingOnBack => "lying_on_back",
        LyingOnFront => "lying_on_front", SideLying => "side_lying", HandsAndKnees => "hands_and_knees",
        Kneeling => "kneeling", InWater => "in_water",
    }
);

impl Position {
    /// Positions that start on the floor: getting down and up again is the hard part for an
    /// older person or someone without a mat.
    pub fn on_floor(self) -> bool {
        matches!(
            self,
            Position::LyingOnBack
                | Position::LyingOnFront
                | Position::SideLying
                | Position::HandsAndKnees
                | Position::Kneeling
        )
    }
}

vocab!(
    /// Equipment a person may have.
    Equipment {
        Mat => "mat", Chair => "chair", Wall => "wall", Step => "step", Towel => "towel", Pool => "pool",
        Bike => "bike", ResistanceBand => "resistance_band", Dumbbell => "dumbbell", Backpack => "backpack",
    }
);

impl Equipment {
    /// Things nearly every home has, so an exercise needing only these is never dropped for want of
    /// them: a floor does for a mat, and a wall and a chair are taken as given.
    pub fn is_household(self) -> bool {
        matches!(
            self,
            Equipment::Mat | Equipment::Chair | Equipment::Wall | Equipment::Towel
        )
    }
}

vocab!(
    /// Movements an exercise involves that some people must avoid (content/README.md).
    AvoidTag {
        SpinalFlexion => "spinal_flexion", LoadedFlexion => "loaded_flexion",
        EndRangeFlexion => "end_range_flexion", SpinalExtension => "spinal_extension",
        EndRangeRotation => "end_range_rotation", Twisting => "twisting", Lifting => "lifting",
        Impact => "impact", NeckEndRange => "neck_end_range", HipCompression => "hip_compression",
        HamstringStretch => "hamstring_stretch", DeepHipFlexion => "deep_hip_flexion",
        SideBending => "side_bending", UpperNeckFlexion => "upper_neck_flexion",
        Immersion => "immersion",
    }
);

vocab!(
    /// How much activity brings the pain on.
    Provocation { Minimal => "minimal", Moderate => "moderate", Substantial => "substantial" }
);

vocab!(
    /// Where pain spreads.
    Radiating { None => "none", AboveKnee => "above_knee", BelowKnee => "below_knee", Arm => "arm" }
);

vocab!(
    /// Muscle weakness and whether it is getting worse.
    Weakness { None => "none", Stable => "stable", Progressive => "progressive" }
);

vocab!(
    /// A repeated movement direction.
    Direction { Extension => "extension", Flexion => "flexion" }
);

vocab!(
    /// Past surgery.
    Surgery {
        None => "none", SpinalFusion => "spinal_fusion", Discectomy => "discectomy",
        OtherSpinal => "other_spinal", Other => "other",
    }
);

impl Surgery {
    /// Surgery on the spine, whose restrictions a plan must respect.
    pub fn is_spinal(self) -> bool {
        matches!(
            self,
            Surgery::SpinalFusion | Surgery::Discectomy | Surgery::OtherSpinal
        )
    }
}

vocab!(
    /// How serious the warning signs are, most serious first.
    TriageLevel {
        Emergency => "emergency", Urgent => "urgent", Supervised => "supervised", Review => "review",
        Clear => "clear",
    }
);

impl TriageLevel {
    /// Emergency and urgent mean: get care first, no plan.
    pub fn blocks_plan(self) -> bool {
        matches!(self, TriageLevel::Emergency | TriageLevel::Urgent)
    }

    /// Higher is more serious.
    pub fn severity(self) -> u8 {
        match self {
            TriageLevel::Clear => 0,
            TriageLevel::Review => 1,
            TriageLevel::Supervised => 2,
            TriageLevel::Urgent => 3,
            TriageLevel::Emergency => 4,
        }
    }
}

vocab!(
    /// How long this episode has lasted.
    Stage { Acute => "acute", Subacute => "subacute", Chronic => "chronic" }
);

vocab!(
    /// How easily it flares and how slowly it settles.
    Irritability { High => "high", Moderate => "moderate", Low => "low" }
);

vocab!(
    /// Where the plan starts: calm a flare, rebuild capacity, or keep it going.
    Phase { Flare => "flare", Rebuild => "rebuild", Maintain => "maintain" }
);

impl Phase {
    /// The next phase up, if any.
    pub fn next(self) -> Option<Phase> {
        match self {
            Phase::Flare => Some(Phase::Rebuild),
            Phase::Rebuild => Some(Phase::Maintain),
            Phase::Maintain => None,
        }
    }
}

vocab!(
    /// The warning signs a person can report (contract §1 `red_flags`).
    RedFlag {
        SaddleNumbness => "saddle_numbness", BladderOrBowelChange => "bladder_or_bowel_change",
        NewSexualDysfunction => "new_sexual_dysfunction", BilateralLegSymptoms => "bilateral_leg_symptoms",
        Fever => "fever", IvDrugUse => "iv_drug_use", Immunosuppressed => "immunosuppressed",
        HistoryOfCancer => "history_of_cancer", UnexplainedWeightLoss => "unexplained_weight_loss",
        NightPainUnrelievedByPosition => "night_pain_unrelieved_by_position",
        SignificantTrauma => "significant_trauma", MinorTrauma => "minor_trauma",
        SystemicallyUnwell => "systemically_unwell", GaitDisturbance => "gait_disturbance",
        HandClumsiness => "hand_clumsiness", BilateralArmSymptoms => "bilateral_arm_symptoms",
        DizzinessOrDropAttacks => "dizziness_or_drop_attacks",
        DoubleVisionOrSpeechChange => "double_vision_or_speech_change",
        DifficultySwallowing => "difficulty_swallowing", NeckInstabilitySigns => "neck_instability_signs",
    }
);

vocab!(
    /// Why triage chose its level: one code per named rule (contract §2 `reasons[].code`). Every
    /// surface words a reason from this list; there is no code without a rule behind it.
    TriageCode {
        SaddleNumbness => "saddle_numbness", BladderOrBowelChange => "bladder_or_bowel_change", NewSexualDysfunction => "new_sexual_dysfunction", BilateralLegSymptoms => "bilateral_leg_symptoms", GaitDisturbance => "gait_disturbance", CervicalMyelopathySigns => "cervical_myelopathy_signs", CervicalArterialSigns => "cervical_arterial_signs", SuspectedSpinalInfection => "suspected_spinal_infection", Fever => "fever", IvDrugUse => "iv_drug_use", Immunosuppressed => "immunosuppressed", SystemicallyUnwell => "systemically_unwell", HistoryOfCancer => "history_of_cancer", UnexplainedWeightLoss => "unexplained_weight_loss", NightPainUnrelievedByPosition => "night_pain_unrelieved_by_position", SignificantTrauma => "significant_trauma", MinorTraumaFragileBone => "minor_trauma_fragile_bone", MinorTrauma => "minor_trauma", NeckInstabilitySigns => "neck_instability_signs", ProgressiveWeakness => "progressive_weakness", LongTermSteroids => "long_term_steroids", OsteoporosisNewSeverePain => "osteoporosis_new_severe_pain", NewPainLaterInLife => "new_pain_later_in_life", InflammatoryBackPain => "inflammatory_back_pain", RecentSpinalSurgery => "recent_spinal_surgery", RheumatoidArthritisNeck => "rheumatoid_arthritis_neck", RadicularPainNotSettling => "radicular_pain_not_settling", NerveSymptoms => "nerve_symptoms",
    }
);

impl TriageCode {
    /// The code of the rule a warning sign falls under when it is judged on its own.
    pub fn for_flag(flag: RedFlag) -> TriageCode {
        use RedFlag as F;
        use TriageCode as C;
        match flag {
            F::SaddleNumbness => C::SaddleNumbness,
            F::BladderOrBowelChange => C::BladderOrBowelChange,
            F::NewSexualDysfunction => C::NewSexualDysfunction,
            F::BilateralLegSymptoms => C::BilateralLegSymptoms,
            F::Fever => C::Fever,
            F::IvDrugUse => C::IvDrugUse,
            F::Immunosuppressed => C::Immunosuppressed,
            F::HistoryOfCancer => C::HistoryOfCancer,
            F::UnexplainedWeightLoss => C::UnexplainedWeightLoss,
            F::NightPainUnrelievedByPosition => C::NightPainUnrelievedByPosition,
            F::SignificantTrauma => C::SignificantTrauma,
            F::MinorTrauma => C::MinorTrauma,
            F::SystemicallyUnwell => C::SystemicallyUnwell,
            F::GaitDisturbance => C::GaitDisturbance,
            F::HandClumsiness | F::BilateralArmSymptoms => C::CervicalMyelopathySigns,
            F::DizzinessOrDropAttacks | F::DoubleVisionOrSpeechChange | F::DifficultySwallowing => {
                C::CervicalArterialSigns
            }
            F::NeckInstabilitySigns => C::NeckInstabilitySigns,
        }
    }
}

vocab!(
    /// Why a review decided what it did (contract §4 `reasons[].code`).
    ReviewCode {
        AdherenceTooLow => "adherence_too_low", Flare => "flare", MoreThanPlanned => "more_than_planned", NewRedFlag => "new_red_flag", NoMeaningfulImprovement => "no_meaningful_improvement", NoTimeToProgress => "no_time_to_progress", PainRising => "pain_rising", PhaseUp => "phase_up", SessionTooHard => "session_too_hard", SettlingUnknown => "settling_unknown", AlreadyGentlest => "already_gentlest", AtTop => "at_top", CareTeamAsked => "care_team_asked", DaysRefitted => "days_refitted", SignNoted => "sign_noted", AwaitingApproval => "awaiting_approval", ToleratedAndStable => "tolerated_and_stable", WorseningTrend => "worsening_trend",
    }
);
