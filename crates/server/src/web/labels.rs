//! Plain words for the contract's codes, as a person would say them.

use gradus_core::vocab::{Condition, Equipment, Region, TriageCode};

pub fn region(r: Region) -> &'static str {
    match r {
        Region::LowBack => "Lower back",
        Region::MidBack => "Middle of the back (between the shoulder blades)",
        Region::Neck => "Neck",
        Region::Heel => "Heel or sole of the foot",
        Region::Elbow => "Outside of the elbow",
        Region::LateralHip => "Outside of the hip",
        Region::ButtockHamstring => "Buttock or back of the thigh, where you sit",
        Region::LateralKnee => "Outside of the knee",
    }
}

pub fn condition(c: Condition) -> &'static str {
    match c {
        Condition::NonspecificLowBackPain => "Back pain without a specific cause",
        Condition::NonspecificNeckPain => "Neck pain without a specific cause",
        Condition::LumbarDiscHerniation => "A slipped, bulging or herniated disc in the lower back",
        Condition::Spondylosis => {
            "Wear and tear of the spine (spondylosis, arthritis of the spine)"
        }
        Condition::BackStiffness => "A stiff back",
        Condition::PlantarHeelPain => "Plantar heel pain (plantar fasciitis)",
        Condition::LateralElbowTendinopathy => "Tennis elbow",
        Condition::GlutealTendinopathy => "Gluteal tendinopathy (pain on the outside of the hip)",
        Condition::ProximalHamstringTendinopathy => "High hamstring tendinopathy",
        Condition::ItbSyndrome => "Iliotibial band (ITB) syndrome",
    }
}

pub fn equipment(e: Equipment) -> &'static str {
    match e {
        Equipment::Mat => "An exercise mat (or a rug)",
        Equipment::Chair => "A sturdy chair",
        Equipment::Wall => "A clear bit of wall",
        Equipment::Step => "A step or stair",
        Equipment::Towel => "A towel",
        Equipment::Pool => "A swimming pool I can use",
        Equipment::Bike => "A bike or exercise bike",
        Equipment::ResistanceBand => "A resistance band",
        Equipment::Dumbbell => "Dumbbells or hand weights",
        Equipment::Backpack => "A backpack I can load",
    }
}

/// The warning signs in words a person understands, grouped as (group, code, words).
pub const RED_FLAGS: &[(&str, &str, &str)] = &[
    (
        "back",
        "saddle_numbness",
        "Numbness or tingling between your legs or around your bottom (where you would sit on a saddle)",
    ),
    (
        "back",
        "bladder_or_bowel_change",
        "New trouble passing urine, a weak flow, leaking, or changes in bowel control",
    ),
    (
        "back",
        "new_sexual_dysfunction",
        "New loss of sexual function or feeling",
    ),
    (
        "back",
        "bilateral_leg_symptoms",
        "Pain, numbness or weakness in both legs",
    ),
    (
        "back",
        "gait_disturbance",
        "New unsteadiness, or trouble walking normally",
    ),
    (
        "neck",
        "hand_clumsiness",
        "Clumsy hands: dropping things, trouble with buttons or writing",
    ),
    (
        "neck",
        "bilateral_arm_symptoms",
        "Pain, numbness or pins and needles in both arms",
    ),
    (
        "neck",
        "dizziness_or_drop_attacks",
        "Dizziness, blackouts or sudden falls",
    ),
    (
        "neck",
        "double_vision_or_speech_change",
        "Double vision, or slurred or changed speech",
    ),
    ("neck", "difficulty_swallowing", "Difficulty swallowing"),
    (
        "neck",
        "neck_instability_signs",
        "A feeling that your head is too heavy or the neck is unstable, or you need to hold your head up",
    ),
    ("body", "fever", "Fever, or feeling hot and shivery"),
    (
        "body",
        "systemically_unwell",
        "Feeling generally unwell (like the flu) along with the pain",
    ),
    (
        "body",
        "unexplained_weight_loss",
        "Losing weight without trying",
    ),
    (
        "body",
        "night_pain_unrelieved_by_position",
        "Pain at night that no position eases",
    ),
    ("history", "history_of_cancer", "You have had cancer"),
    (
        "history",
        "immunosuppressed",
        "Your immune system is weakened (for example by medicines or an illness)",
    ),
    ("history", "iv_drug_use", "You inject drugs"),
    (
        "history",
        "significant_trauma",
        "The pain started after a serious accident, such as a fall from a height or a car crash",
    ),
    (
        "history",
        "minor_trauma",
        "The pain started after a small fall or knock",
    ),
];

/// `nerve_symptoms` → "Nerve symptoms".
pub fn humanize(code: &str) -> String {
    let s = code.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Weekday names, Monday first.
pub const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// "2026-11-02" → "Mon 2 Nov".
pub fn day_label(d: gradus_core::day::Day) -> String {
    let s = d.to_string();
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m: usize = s[5..7].parse().unwrap_or(1);
    let day: u32 = s[8..10].parse().unwrap_or(1);
    format!(
        "{} {day} {}",
        WEEKDAYS[weekday(d)],
        months[(m.clamp(1, 12)) - 1]
    )
}

/// 0 = Monday … 6 = Sunday.
pub fn weekday(d: gradus_core::day::Day) -> usize {
    // 1970-01-01 was a Thursday (3).
    (d.since(gradus_core::day::Day::from_unix_days(0)) + 3).rem_euclid(7) as usize
}

/// The title of a triage reason, in words. Every code has one: the match is exhaustive, so a
/// new rule in core cannot reach a page without a title.
pub fn reason_title(code: TriageCode) -> &'static str {
    use TriageCode::*;
    match code {
        SaddleNumbness => "Numbness between your legs or around your bottom",
        BladderOrBowelChange => "New trouble with your bladder or bowels",
        NewSexualDysfunction => "New loss of sexual function or feeling",
        BilateralLegSymptoms => "Pain, numbness or weakness in both legs",
        GaitDisturbance => "New unsteadiness, or trouble walking normally",
        CervicalMyelopathySigns => "Signs that the spinal cord in the neck may be under pressure",
        CervicalArterialSigns => "Signs that could come from the blood vessels in the neck",
        SuspectedSpinalInfection => "Signs of a possible infection",
        Fever => "A fever",
        IvDrugUse => "Injected drug use",
        Immunosuppressed => "A weakened immune system",
        SystemicallyUnwell => "Feeling generally unwell",
        HistoryOfCancer => "Having had cancer",
        UnexplainedWeightLoss => "Losing weight without trying",
        NightPainUnrelievedByPosition => "Night pain that no position eases",
        SignificantTrauma => "Pain that began with a serious accident or fall",
        MinorTraumaFragileBone => "A small fall or knock with fragile bones",
        MinorTrauma => "Pain that began with a minor knock or fall",
        NeckInstabilitySigns => "Signs that the top of the neck may be unstable",
        ProgressiveWeakness => "Weakness that is getting worse",
        LongTermSteroids => "Long-term steroid tablets",
        OsteoporosisNewSeverePain => "New severe pain with thin bones",
        NewPainLaterInLife => "New back pain later in life",
        InflammatoryBackPain => "A pattern that can mean inflammatory back pain",
        RecentSpinalSurgery => "A recent operation on your spine",
        RheumatoidArthritisNeck => "Rheumatoid arthritis and neck pain",
        RadicularPainNotSettling => "Nerve pain that has not settled",
        NerveSymptoms => "Pain, numbness or tingling spreading into a limb",
    }
}

/// The kind of an exercise, in words.
pub fn kind(k: gradus_core::vocab::Kind) -> &'static str {
    use gradus_core::vocab::Kind::*;
    match k {
        WarmUp => "Warm-up",
        Mobility => "Mobility",
        DynamicStretch => "Moving stretch",
        StaticStretch => "Stretch",
        Strength => "Strength",
        Isometric => "Holding strength",
        Aerobic => "Aerobic",
        Breathing => "Breathing",
        NerveGlide => "Nerve glide",
    }
}

/// The phase, in words.
pub fn phase(p: gradus_core::vocab::Phase) -> &'static str {
    use gradus_core::vocab::Phase::*;
    match p {
        Flare => "Calming a flare",
        Rebuild => "Rebuilding",
        Maintain => "Keeping it going",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gradus_core::day::Day;

    #[test]
    fn weekdays() {
        assert_eq!(weekday(Day::parse("2026-11-02").unwrap()), 0);
        assert_eq!(day_label(Day::parse("2026-11-08").unwrap()), "Sun 8 Nov");
    }

    #[test]
    fn every_flag_has_words() {
        for f in gradus_core::vocab::RedFlag::ALL {
            assert!(
                RED_FLAGS.iter().any(|(_, c, _)| *c == f.as_str()),
                "{f} has no plain words"
            );
        }
    }
}
