//! Triage: warning signs decide whether exercise is safe to start, and how soon care is needed.
//!
//! Gradus never diagnoses. Each rule below is named, looks at what the person reported, and when it
//! fires gives a level, plain advice (what to do, how soon) and the source it rests on. The overall
//! level is the most serious one that fired. Hard stops (cauda equina, cord signs, vascular signs,
//! infection with a risk factor) are emergencies; soft flags (cancer history, weight loss, steroids,
//! trauma) are urgent alone or combined (Finucane 2020).

use serde::{Deserialize, Serialize};

use crate::intake::Intake;
use crate::settings::Settings;
use crate::vocab::{Radiating, RedFlag, Region, Stage, TriageCode, TriageLevel, Weakness};

/// Why triage chose its level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Reason {
    pub code: TriageCode,
    /// Plain words: what to do and how soon.
    pub advice: String,
    /// What the rule rests on.
    pub source: String,
    /// The level this reason alone calls for.
    pub level: TriageLevel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Triage {
    pub level: TriageLevel,
    pub reasons: Vec<Reason>,
}

const CAUDA_EQUINA: &str = "Finucane et al., JOSPT 2020;50(7):350-372 (IFOMPT red-flag framework); British Association of Spine Surgeons cauda equina guidance 2018";
const CORD: &str = "UK Community Red Flags 2023 (deteriorating spinal cord); Cook et al., JMMT 2010;18(4):175-180 (cervical myelopathy cluster)";
const VASCULAR: &str = "Rushton et al., JOSPT 2023;53(1):7-22 (IFOMPT cervical framework)";
const INFECTION: &str =
    "Finucane et al., JOSPT 2020 (infection signs); NICE CKS low back pain pathway";
const SOFT: &str =
    "UK Community Red Flags 2023 (priority referral within two weeks); Finucane et al., JOSPT 2020";
const FRACTURE: &str =
    "NICE CKS low back pain pathway (fracture cluster); UK Community Red Flags 2023";
const INSTABILITY: &str =
    "Rushton et al., JOSPT 2023 (IFOMPT cervical framework: upper cervical instability)";
const ASAS: &str =
    "Sieper et al., Ann Rheum Dis 2009;68:784-8 (ASAS inflammatory back pain criteria)";
const NERVE: &str = "Source articles (herniated disc; spondylosis): exercise is fine, have a doctor evaluate nerve symptoms";
const SURGERY: &str = "Spine surgery patient guidance; back flexibility source article: work with a physical therapist after spinal fusion";

fn reason(code: TriageCode, level: TriageLevel, advice: &str, source: &str) -> Reason {
    Reason {
        code,
        advice: advice.into(),
        source: source.into(),
        level,
    }
}

/// Applies every triage rule to an intake.
pub fn triage(intake: &Intake, s: &Settings) -> Triage {
    let mut reasons = Vec::new();
    for flag in &intake.red_flags {
        if let Some(r) = flag_rule(*flag, intake, s) {
            reasons.push(r);
        }
    }
    reasons.extend(combined_rules(intake, s));
    reasons.extend(history_rules(intake, s));
    reasons.extend(nerve_rules(intake, s));
    most_serious_first(&mut reasons);
    let level = reasons
        .first()
        .map(|r| r.level)
        .unwrap_or(TriageLevel::Clear);
    Triage { level, reasons }
}

/// Orders reasons most serious first (then by code, so the order is stable) and keeps one per
/// code.
pub fn most_serious_first(reasons: &mut Vec<Reason>) {
    reasons.sort_by(|a, b| {
        b.level
            .severity()
            .cmp(&a.level.severity())
            .then(a.code.as_str().cmp(b.code.as_str()))
    });
    reasons.dedup_by(|a, b| a.code == b.code);
}

/// The advice a single red flag calls for on its own. Also used by review when a check-in
/// reports a new flag.
pub fn flag_rule(flag: RedFlag, intake: &Intake, s: &Settings) -> Option<Reason> {
    use RedFlag::*;
    use TriageLevel::*;
    let flags = &intake.red_flags;
    let has = |f: RedFlag| flags.contains(&f);
    Some(match flag {
        SaddleNumbness | BladderOrBowelChange | NewSexualDysfunction | BilateralLegSymptoms => {
            reason(
                TriageCode::for_flag(flag),
                Emergency,
                match flag {
                    SaddleNumbness => {
                        "Numbness around your bottom, genitals or inner thighs together with back pain can mean the nerves at the base of the spine are being squeezed. Go to an emergency department now, today. Do not wait to see if it passes, and do not start exercises."
                    }
                    BladderOrBowelChange => {
                        "New trouble passing urine, a weak flow, leaking, or changes in bowel control with back pain can mean the nerves at the base of the spine are being squeezed. Go to an emergency department now, today."
                    }
                    NewSexualDysfunction => {
                        "New loss of sexual function or sensation with back pain can mean the nerves at the base of the spine are being squeezed. Go to an emergency department today."
                    }
                    _ => {
                        "Pain, numbness or weakness in both legs with back pain can mean the nerves at the base of the spine are being squeezed. Go to an emergency department today; do not start exercises."
                    }
                },
                CAUDA_EQUINA,
            )
        }
        GaitDisturbance => reason(
            TriageCode::GaitDisturbance,
            Emergency,
            "New unsteadiness or trouble walking with back or neck pain can mean pressure on the spinal cord. Go to an emergency department today.",
            CORD,
        ),
        HandClumsiness | BilateralArmSymptoms => {
            let progressing = intake.nerve.weakness == Weakness::Progressive;
            let advice = if progressing {
                "Clumsy hands or numbness in both arms with weakness that is getting worse can mean the spinal cord in the neck is under pressure. Go to an emergency department today."
            } else {
                "Clumsy hands or numbness or tingling in both arms can mean the spinal cord in the neck is under pressure. See a doctor within the next few days, and no later than two weeks, before starting exercises. Go to emergency care at once if it gets worse or walking becomes unsteady."
            };
            reason(
                TriageCode::CervicalMyelopathySigns,
                if progressing { Emergency } else { Urgent },
                advice,
                CORD,
            )
        }
        DizzinessOrDropAttacks | DoubleVisionOrSpeechChange | DifficultySwallowing => reason(
            TriageCode::CervicalArterialSigns,
            Emergency,
            "Dizziness, sudden falls, double vision, slurred speech or trouble swallowing with neck pain or headache need checking today: these can come from the blood vessels in the neck. Go to an emergency department now (call emergency services if it is happening now). Do no neck exercises.",
            VASCULAR,
        ),
        Fever if has(IvDrugUse) || has(Immunosuppressed) || has(SystemicallyUnwell) => reason(
            TriageCode::SuspectedSpinalInfection,
            Emergency,
            "A fever with back pain, in someone whose immune system is weakened, who injects drugs, or who feels generally unwell, can mean an infection around the spine. Go to an emergency department today.",
            INFECTION,
        ),
        Fever => reason(
            TriageCode::Fever,
            Urgent,
            "A fever together with back pain should be checked by a doctor within a day or two, before you start exercises, in case of an infection. Go to emergency care if you feel very unwell.",
            INFECTION,
        ),
        IvDrugUse | Immunosuppressed if has(Fever) => return None,
        IvDrugUse | Immunosuppressed => reason(
            TriageCode::for_flag(flag),
            Urgent,
            "With a weakened immune system or injected drug use, new back pain needs a doctor's check within the next few days (no later than two weeks) before exercising, to rule out infection. Go to emergency care at once if you get a fever.",
            INFECTION,
        ),
        SystemicallyUnwell if has(Fever) => return None,
        SystemicallyUnwell => reason(
            TriageCode::SystemicallyUnwell,
            Urgent,
            "Feeling generally unwell along with your pain needs a doctor's check within the next few days, before you start exercises.",
            SOFT,
        ),
        HistoryOfCancer => reason(
            TriageCode::HistoryOfCancer,
            Urgent,
            "Because you have had cancer, new spinal pain should be checked by your doctor within two weeks before you start an exercise plan. Most back pain is not serious, but this needs ruling out.",
            SOFT,
        ),
        UnexplainedWeightLoss => reason(
            TriageCode::UnexplainedWeightLoss,
            Urgent,
            "Losing weight without trying, together with pain, should be checked by a doctor within two weeks before starting exercises.",
            SOFT,
        ),
        NightPainUnrelievedByPosition => reason(
            TriageCode::NightPainUnrelievedByPosition,
            Urgent,
            "Pain at night that no change of position eases should be checked by a doctor within two weeks before starting exercises.",
            SOFT,
        ),
        SignificantTrauma => reason(
            TriageCode::SignificantTrauma,
            Urgent,
            "Pain that started with a serious accident or fall needs a doctor's check for a broken bone before exercising: within a day or two, or go to emergency care now if the pain is severe or you have numbness or weakness.",
            FRACTURE,
        ),
        MinorTrauma
            if intake.fragile_bone()
                || intake.history.long_term_steroids
                || intake.age >= s.minor_trauma_age =>
        {
            reason(
                TriageCode::MinorTraumaFragileBone,
                Urgent,
                "A small fall or knock can break a weakened bone (osteoporosis, long-term steroids, or age over 70). See a doctor within the next few days, before exercising, to rule out a fracture.",
                FRACTURE,
            )
        }
        MinorTrauma => reason(
            TriageCode::MinorTrauma,
            Review,
            "Your pain began after a minor knock or fall. Exercise is fine; see a doctor if it is not clearly easing within two weeks, or at once if pain becomes severe.",
            FRACTURE,
        ),
        NeckInstabilitySigns => reason(
            TriageCode::NeckInstabilitySigns,
            Urgent,
            "A clunk, or a feeling that your head is falling, when you bend your neck, especially with pins and needles in both arms, needs a doctor's check within days before any neck exercise. Avoid taking the neck to the end of its range until then.",
            INSTABILITY,
        ),
    })
}

/// Rules that need more than one fact.
fn combined_rules(i: &Intake, s: &Settings) -> Vec<Reason> {
    let mut out = Vec::new();
    if i.nerve.weakness == Weakness::Progressive {
        out.push(reason(
            TriageCode::ProgressiveWeakness,
            TriageLevel::Urgent,
            "Weakness that is getting worse (for example a foot that starts to drop or catch) needs a spine specialist or your doctor within days, before starting exercises. Go to emergency care if both legs are affected or your bladder or bowel changes.",
            "Clinical rules §A (nerve symptoms: progressive weakness → urgent spinal referral); Finucane et al., JOSPT 2020",
        ));
    }
    if i.history.long_term_steroids && i.spine() && stage_of(i, s) == Stage::Acute {
        out.push(reason(
            TriageCode::LongTermSteroids,
            TriageLevel::Urgent,
            "Long-term steroid use weakens bone, so new back pain should be checked by a doctor within two weeks, before you start exercises.",
            FRACTURE,
        ));
    }
    if i.fragile_bone()
        && i.spine()
        && stage_of(i, s) == Stage::Acute
        && i.pain.level() >= s.osteoporosis_severe_pain
    {
        out.push(reason(
            TriageCode::OsteoporosisNewSeverePain,
            TriageLevel::Urgent,
            "New severe back pain with osteoporosis or a past spinal fracture can mean a new fracture. See a doctor within the next few days before exercising.",
            FRACTURE,
        ));
    }
    if i.spine() && i.age >= s.new_pain_review_age && stage_of(i, s) == Stage::Acute {
        out.push(reason(
            TriageCode::NewPainLaterInLife,
            TriageLevel::Review,
            &format!(
                "Back or neck pain that is new at {} or over is worth showing to your doctor in the next few weeks. Gentle exercise is fine meanwhile.",
                s.new_pain_review_age
            ),
            "UK Community Red Flags 2023 (first back pain over 60); age cut-off is a setting (sources use 50–60)",
        ));
    }
    if i.regions
        .iter()
        .any(|r| matches!(r, Region::LowBack | Region::MidBack))
        && i.duration_weeks > s.inflammatory_min_weeks
        && i.inflammatory_features >= s.inflammatory_min_features
    {
        out.push(reason(
            TriageCode::InflammatoryBackPain,
            TriageLevel::Review,
            "Your answers fit the pattern of inflammatory back pain (long-lasting, eased by exercise, not by rest). Ask your doctor for a non-urgent referral to a rheumatologist. Exercise is good for this and you can start now.",
            ASAS,
        ));
    }
    out
}

/// Surgery, bone and joint history.
fn history_rules(i: &Intake, s: &Settings) -> Vec<Reason> {
    let mut out = Vec::new();
    if i.history.surgery.is_spinal() {
        let recent = i
            .history
            .weeks_since_surgery
            .is_none_or(|w| w < s.recent_surgery_weeks);
        if recent {
            out.push(reason(
                TriageCode::RecentSpinalSurgery,
                TriageLevel::Supervised,
                &format!(
                    "You had spine surgery within the last {} weeks (or did not say when). Follow your surgeon's restrictions; this plan is a draft that waits for a clinician to approve it, and leaves out bending, lifting, twisting and impact.",
                    s.recent_surgery_weeks
                ),
                SURGERY,
            ));
        }
    }
    if i.history.rheumatoid_arthritis && i.neck() {
        out.push(reason(
            TriageCode::RheumatoidArthritisNeck,
            TriageLevel::Review,
            "Rheumatoid arthritis can loosen the top of the neck. Mention your neck pain to your rheumatology team at your next visit; the plan keeps neck movements away from their end range.",
            INSTABILITY,
        ));
    }
    out
}

/// Nerve symptoms without progressive weakness: exercise is fine, a doctor should evaluate.
fn nerve_rules(i: &Intake, s: &Settings) -> Vec<Reason> {
    let mut out = Vec::new();
    let n = &i.nerve;
    if n.weakness == Weakness::Progressive || !n.involved() {
        return out;
    }
    let limb = if n.radiating == Radiating::Arm {
        "arm"
    } else {
        "leg"
    };
    if i.duration_weeks >= s.radicular_refer_weeks && n.radiating != Radiating::None {
        out.push(reason(
            TriageCode::RadicularPainNotSettling,
            TriageLevel::Review,
            &format!(
                "Pain has been spreading into your {limb} for {} weeks or more. Ask your doctor for an opinion on it in the next few weeks; keep exercising meanwhile.",
                s.radicular_refer_weeks
            ),
            "Clinical rules §A (radicular pain not improving at about 6 weeks: refer for an opinion) [S/U]",
        ));
    }
    out.push(reason(
        TriageCode::NerveSymptoms,
        TriageLevel::Review,
        &format!(
            "Pain, numbness or tingling spreading into your {limb} is worth having a doctor look at, not urgently. Exercise is fine meanwhile. If weakness appears or gets worse, or both legs are affected, get help at once."
        ),
        NERVE,
    ));
    out
}

/// Stage by duration (duplicated here only as a call; the rule lives in `profile`).
fn stage_of(i: &Intake, s: &Settings) -> Stage {
    crate::profile::stage(i.duration_weeks, s).0
}
