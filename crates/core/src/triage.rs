//! Triage: warning signs decide whether exercise is safe to start, and how soon care is needed.
//!
//! Gradus never diagnoses. Each rule below is named, looks at what the person reported, and when it
//! fires gives a level, plain advice (what to do, how soon) and the source it rests on. The overall
//! level is the most serious one that fired. Hard stops (cauda equina, cord signs, vascular signs,
//! infection with a risk factor) are emergencies; soft flags (cancer history, weight loss, steroids,
//! trauma) are urgent alone or combined (Finucane 2020).
//!
//! How soon matters as much as where: progressive weakness is same-day care, suspected spread of
//! cancer to the spine within a week, and a long-standing picture that has not changed is not a new
//! warning sign (clinical rules §A, "How soon"). An emergency or urgent screen never also says that
//! exercise is fine: a rule's reassurance ("exercise is fine meanwhile") is said only when nothing
//! more serious than that rule was found ([`Finding::worded_for`]).

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
const PROGRESSIVE: &str = "BASS/GIRFT spinal emergency pathways: a progressive neurological deficit (worsening weakness) is same-day care [S]; Finucane et al., JOSPT 2020;50(7):350-372";
const CANCER: &str = "NICE NG234 (2023, spinal metastases and metastatic spinal cord compression): suspected spinal metastasis, imaging within a week without neurological signs, within 24 hours with them [S/U]; NICE CKS cancer cluster (history of cancer, unexplained weight loss, night pain) [S]";
const REMOTE_CANCER: &str = "UK Community Red Flags 2023 (priority referral is for past cancer with *new* spinal pain) [S]; clinical rules §A: a long-standing, unchanged picture is not a new red flag [U]";
const STABLE_LEGS: &str = "Finucane et al., JOSPT 2020 (red flags weighed in context: what is new or changing) [V]; British Association of Spine Surgeons 2018 (cauda equina warning signs are new bladder, bowel, saddle or progressive changes) [S]; clinical rules §A: a long-standing, unchanged picture is not a new red flag [U]";
const NERVE: &str = "Source articles (herniated disc; spondylosis): gentle movement helps, and a physician should evaluate shooting pain, numbness or tingling into a limb";
const SURGERY: &str = "Spine surgery patient guidance; back flexibility source article: work with a physical therapist after spinal fusion";

/// What one rule found, before it is worded for the screen it appears on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    reason: Reason,
    /// Reassurance about exercise ("exercise is fine meanwhile"): said only when nothing more
    /// serious than this rule was found, so an emergency or urgent screen never says it.
    meanwhile: Option<&'static str>,
}

impl Finding {
    /// The level this rule alone calls for.
    pub fn level(&self) -> TriageLevel {
        self.reason.level
    }

    /// The reason as shown on a screen whose most serious level is `overall`: the reassurance
    /// about exercise only when this rule is itself the most serious one (and the screen lets a
    /// plan go ahead).
    pub fn worded_for(self, overall: TriageLevel) -> Reason {
        let mut r = self.reason;
        if let Some(m) = self.meanwhile
            && !overall.blocks_plan()
            && overall.severity() <= r.level.severity()
        {
            r.advice = format!("{} {m}", r.advice);
        }
        r
    }

    /// The reason as shown when this rule is judged on its own.
    pub fn alone(self) -> Reason {
        let level = self.level();
        self.worded_for(level)
    }

    /// A finding with no reassurance to add.
    pub fn new(reason: Reason) -> Finding {
        Finding {
            reason,
            meanwhile: None,
        }
    }

    fn meanwhile(mut self, text: &'static str) -> Finding {
        self.meanwhile = Some(text);
        self
    }
}

fn reason(code: TriageCode, level: TriageLevel, advice: &str, source: &str) -> Finding {
    Finding {
        reason: Reason {
            code,
            advice: advice.into(),
            source: source.into(),
            level,
        },
        meanwhile: None,
    }
}

/// Orders findings most serious first, keeps one per code and words each for the overall level
/// (the most serious one found; clear when none).
pub fn settle(mut found: Vec<Finding>) -> (TriageLevel, Vec<Reason>) {
    found.sort_by(|a, b| order(&a.reason, &b.reason));
    found.dedup_by(|a, b| a.reason.code == b.reason.code);
    let level = found
        .first()
        .map(Finding::level)
        .unwrap_or(TriageLevel::Clear);
    let reasons = found.into_iter().map(|f| f.worded_for(level)).collect();
    (level, reasons)
}

fn order(a: &Reason, b: &Reason) -> std::cmp::Ordering {
    b.level
        .severity()
        .cmp(&a.level.severity())
        .then(a.code.as_str().cmp(b.code.as_str()))
}

/// Applies every triage rule to an intake.
pub fn triage(intake: &Intake, s: &Settings) -> Triage {
    let mut found = Vec::new();
    for flag in &intake.red_flags {
        if let Some(f) = intake_flag_finding(*flag, intake, s) {
            found.push(f);
        }
    }
    found.extend(combined_rules(intake, s));
    found.extend(history_rules(intake, s));
    found.extend(nerve_rules(intake, s));
    let (level, reasons) = settle(found);
    Triage { level, reasons }
}

/// Orders reasons most serious first (then by code, so the order is stable) and keeps one per
/// code.
pub fn most_serious_first(reasons: &mut Vec<Reason>) {
    reasons.sort_by(order);
    reasons.dedup_by(|a, b| a.code == b.code);
}

/// The advice a single red flag calls for on its own, as a *new* sign (the long-standing
/// exceptions of [`intake_flag_finding`] do not apply). Also used by the safety gate when a
/// check-in reports a new flag.
pub fn flag_rule(flag: RedFlag, intake: &Intake, s: &Settings) -> Option<Reason> {
    flag_finding(flag, intake, s).map(Finding::alone)
}

/// A red flag ticked at intake. A sign that has been there, unchanged, for a long time is not a
/// new warning sign (clinical rules §A, "How soon"): symptoms in both legs for many months with
/// none of the other cauda equina signs, and a past cancer with years of the same pain and none
/// of the cancer-cluster signs, go to a doctor without urgency. Everything else is
/// [`flag_finding`].
pub fn intake_flag_finding(flag: RedFlag, intake: &Intake, s: &Settings) -> Option<Finding> {
    match flag {
        RedFlag::BilateralLegSymptoms if long_standing_stable_legs(intake, s) => Some(
            reason(
                TriageCode::BilateralLegSymptoms,
                TriageLevel::Review,
                &format!(
                    "You have had symptoms in both legs for {} weeks or more without them changing, and none of the signs that need emergency care. Show this to your doctor in the next few weeks. Go to an emergency department the same day if you notice numbness around your bottom or genitals, a change in bladder or bowel control, new sexual problems, weakness that gets worse, or the leg symptoms change or spread.",
                    s.stable_bilateral_leg_weeks
                ),
                STABLE_LEGS,
            )
            .meanwhile("Walking and exercise are fine meanwhile."),
        ),
        RedFlag::HistoryOfCancer if remote_cancer_stable_pain(intake, s) => Some(
            reason(
                TriageCode::HistoryOfCancer,
                TriageLevel::Review,
                &format!(
                    "You have had cancer, and this pain has been there for {} weeks or more without changing, so it is not the new spinal pain that needs a prompt check. Mention it to your doctor or cancer team at your next visit. See a doctor within two weeks if it changes: pain at night that no position eases, losing weight without trying, feeling unwell, or pain of a new kind or in a new place.",
                    s.remote_cancer_stable_weeks
                ),
                REMOTE_CANCER,
            )
            .meanwhile("Exercise is fine meanwhile."),
        ),
        _ => flag_finding(flag, intake, s),
    }
}

/// Both legs, for at least `stable_bilateral_leg_weeks`, with no other cauda equina or cord
/// sign and no weakness getting worse.
fn long_standing_stable_legs(i: &Intake, s: &Settings) -> bool {
    use RedFlag::*;
    let changing = [
        SaddleNumbness,
        BladderOrBowelChange,
        NewSexualDysfunction,
        GaitDisturbance,
    ]
    .iter()
    .any(|f| i.red_flags.contains(f));
    i.duration_weeks >= s.stable_bilateral_leg_weeks
        && !changing
        && i.nerve.weakness != Weakness::Progressive
}

/// A past cancer with the same pain for at least `remote_cancer_stable_weeks`, and none of the
/// signs that would make it new: night pain, weight loss, feeling unwell, fever, weakness
/// getting worse.
fn remote_cancer_stable_pain(i: &Intake, s: &Settings) -> bool {
    use RedFlag::*;
    let new_signs = [
        NightPainUnrelievedByPosition,
        UnexplainedWeightLoss,
        SystemicallyUnwell,
        Fever,
    ]
    .iter()
    .any(|f| i.red_flags.contains(f));
    i.duration_weeks >= s.remote_cancer_stable_weeks
        && !new_signs
        && i.nerve.weakness != Weakness::Progressive
}

/// Past cancer together with night pain no position eases and unexplained weight loss: a
/// suspected spread to the spine (NICE NG234; NICE CKS cancer cluster).
fn suspected_cancer(i: &Intake) -> bool {
    use RedFlag::*;
    [
        HistoryOfCancer,
        NightPainUnrelievedByPosition,
        UnexplainedWeightLoss,
    ]
    .iter()
    .all(|f| i.red_flags.contains(f))
}

/// The cancer-cluster advice: within a week, or today with nerve signs (NICE NG234).
fn cancer_cluster(i: &Intake, code: TriageCode) -> Finding {
    let advice = if i.nerve.involved() {
        "A past cancer together with night pain that no position eases and weight loss you cannot explain, now with nerve symptoms (pain, numbness, tingling or weakness in a limb), needs a doctor or your cancer team today, within 24 hours, to rule out cancer pressing on the spine. Do not start exercises. Go to an emergency department at once if walking becomes unsteady, both legs are affected, or your bladder or bowel control changes."
    } else {
        "A past cancer together with night pain that no position eases and weight loss you cannot explain needs a doctor to see you within a week, not two, before you start exercises, to rule out cancer in the spine. Tell them all three. Go to emergency care at once if weakness, numbness, unsteadiness or a change in bladder or bowel control appears."
    };
    reason(code, TriageLevel::Urgent, advice, CANCER)
}

/// A minor fall or knock `weeks_ago` weeks ago with pain `pain` (0–10) since; `None` when the
/// pain is not known, taken as significant. A fracture needs
/// ruling out before exercise when bone may be fragile (osteoporosis, a past vertebral fracture,
/// long-term steroids, or age `minor_trauma_age` or over), the fall is recent and the pain is
/// significant (NICE CKS fracture cluster; settings `minor_trauma_recent_weeks`,
/// `minor_trauma_pain`). Otherwise it is a note for a doctor, not a reason to wait.
pub fn minor_trauma_finding(i: &Intake, weeks_ago: f64, pain: Option<u8>, s: &Settings) -> Finding {
    let fragile = i.fragile_bone() || i.history.long_term_steroids || i.age >= s.minor_trauma_age;
    let recent = weeks_ago <= s.minor_trauma_recent_weeks;
    let significant = pain.is_none_or(|p| p >= s.minor_trauma_pain);
    if fragile && recent && significant {
        reason(
            TriageCode::MinorTraumaFragileBone,
            TriageLevel::Urgent,
            &format!(
                "A small fall or knock can break a weakened bone (osteoporosis, long-term steroids, or age {} or over), and the pain since is not slight. See a doctor within the next few days, before exercising, to rule out a fracture.",
                s.minor_trauma_age
            ),
            FRACTURE,
        )
    } else if fragile {
        reason(
            TriageCode::MinorTrauma,
            TriageLevel::Review,
            "Your pain began after a minor knock or fall. With bones that may be weaker, mention it to your doctor in the next few weeks; see a doctor within days if the pain becomes severe or a new pain starts after another fall.",
            FRACTURE,
        )
        .meanwhile("Exercise is fine meanwhile.")
    } else {
        reason(
            TriageCode::MinorTrauma,
            TriageLevel::Review,
            "Your pain began after a minor knock or fall. See a doctor if it is not clearly easing within two weeks, or at once if pain becomes severe.",
            FRACTURE,
        )
        .meanwhile("Exercise is fine meanwhile.")
    }
}

/// The highest pain figure of an intake (now, weekly average, worst moment).
fn highest_pain(i: &Intake) -> u8 {
    i.pain.level().max(i.pain.worst)
}

/// [`flag_rule`] before it is worded for a screen.
pub fn flag_finding(flag: RedFlag, intake: &Intake, s: &Settings) -> Option<Finding> {
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
        HistoryOfCancer | UnexplainedWeightLoss | NightPainUnrelievedByPosition
            if suspected_cancer(intake) =>
        {
            cancer_cluster(intake, TriageCode::for_flag(flag))
        }
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
        MinorTrauma => {
            minor_trauma_finding(intake, intake.duration_weeks, Some(highest_pain(intake)), s)
        }
        NeckInstabilitySigns => reason(
            TriageCode::NeckInstabilitySigns,
            Urgent,
            "A clunk, or a feeling that your head is falling, when you bend your neck, especially with pins and needles in both arms, needs a doctor's check within days before any neck exercise. Avoid taking the neck to the end of its range until then.",
            INSTABILITY,
        ),
    })
}

/// Rules that need more than one fact.
fn combined_rules(i: &Intake, s: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    if i.nerve.weakness == Weakness::Progressive {
        // Same-day care, not "within days"; an emergency department only with cauda equina or
        // cord signs (BASS/GIRFT; clinical rules §A "How soon").
        use RedFlag::*;
        let cauda_or_cord = [
            SaddleNumbness,
            BladderOrBowelChange,
            NewSexualDysfunction,
            BilateralLegSymptoms,
            GaitDisturbance,
            HandClumsiness,
            BilateralArmSymptoms,
        ]
        .iter()
        .any(|f| i.red_flags.contains(f));
        out.push(if cauda_or_cord {
            reason(
                TriageCode::ProgressiveWeakness,
                TriageLevel::Emergency,
                "Weakness that is getting worse, together with the other signs you reported, can mean pressure on the spinal cord or the nerves at the base of the spine. Go to an emergency department now, today. Do not start exercises.",
                PROGRESSIVE,
            )
        } else {
            reason(
                TriageCode::ProgressiveWeakness,
                TriageLevel::Urgent,
                "Weakness that is getting worse (for example a foot that starts to drop or catch) needs to be seen the same day: contact your doctor or an urgent care service today; do not wait to see whether it passes, and do not start exercises. Go to an emergency department at once if both legs become weak, walking becomes unsteady, or you notice numbness around your bottom or genitals or a change in bladder or bowel control.",
                PROGRESSIVE,
            )
        });
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
                "Back or neck pain that is new at {} or over is worth showing to your doctor in the next few weeks.",
                s.new_pain_review_age
            ),
            "UK Community Red Flags 2023 (first back pain over 60); age cut-off is a setting (sources use 50–60)",
        ).meanwhile("Gentle exercise is fine meanwhile."));
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
            "Your answers fit the pattern of inflammatory back pain (long-lasting, eased by exercise, not by rest). Ask your doctor for a non-urgent referral to a rheumatologist.",
            ASAS,
        ).meanwhile("Exercise is good for this and you can start now."));
    }
    out
}

/// Surgery, bone and joint history.
fn history_rules(i: &Intake, s: &Settings) -> Vec<Finding> {
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
                    "You had spine surgery within the last {} weeks (or did not say when). Follow your surgeon's restrictions.",
                    s.recent_surgery_weeks
                ),
                SURGERY,
            ).meanwhile("This plan is a draft that waits for a clinician to approve it, and leaves out bending, lifting, twisting and impact."));
        }
    }
    if i.history.rheumatoid_arthritis && i.neck() {
        out.push(reason(
            TriageCode::RheumatoidArthritisNeck,
            TriageLevel::Review,
            "Rheumatoid arthritis can loosen the top of the neck. Mention your neck pain to your rheumatology team at your next visit.",
            INSTABILITY,
        ).meanwhile("The plan keeps neck movements away from their end range."));
    }
    out
}

/// Nerve symptoms without progressive weakness: exercise is fine, a doctor should evaluate.
fn nerve_rules(i: &Intake, s: &Settings) -> Vec<Finding> {
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
                "Pain has been spreading into your {limb} for {} weeks or more. Ask your doctor for an opinion on it in the next few weeks.",
                s.radicular_refer_weeks
            ),
            "Clinical rules §A (radicular pain not improving at about 6 weeks: refer for an opinion) [S/U]",
        ).meanwhile("Keep exercising meanwhile."));
    }
    out.push(reason(
        TriageCode::NerveSymptoms,
        TriageLevel::Review,
        &format!(
            "Pain, numbness or tingling spreading into your {limb} is worth having a doctor look at, not urgently. If weakness appears or gets worse, or both legs are affected, get help at once."
        ),
        NERVE,
    ).meanwhile("Exercise is fine meanwhile."));
    out
}

/// Stage by duration (duplicated here only as a call; the rule lives in `profile`).
fn stage_of(i: &Intake, s: &Settings) -> Stage {
    crate::profile::stage(i.duration_weeks, s).0
}
