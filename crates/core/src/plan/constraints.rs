//! Contraindications: the movements a person must avoid, each with the rule and source behind it.
//! One place decides them; selection then refuses any exercise that carries an avoided tag.

use crate::day::Day;
use crate::intake::Intake;
use crate::plan::types::{Constraint, Plan};
use crate::settings::Settings;
use crate::vocab::{AvoidTag, Condition, Direction, Phase, Region};

use AvoidTag::*;

fn add(out: &mut Vec<Constraint>, tags: &[AvoidTag], code: &str, why: &str) {
    for t in tags {
        if !out.iter().any(|c| c.avoid == *t) {
            out.push(Constraint {
                avoid: *t,
                code: code.into(),
                why: why.into(),
            });
        }
    }
}

/// The calendar a plan is built against. Both days are optional so a caller without a clock
/// (tests, `plan::build`) gets the intake's own figures: weeks since surgery as reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Dates {
    /// The day the plan is made or reviewed.
    pub today: Option<Day>,
    /// The day of the spinal surgery, once known (a plan's `surgery_on`).
    pub surgery_on: Option<Day>,
}

impl Dates {
    /// The dates a review of `plan` on `today` plans against: the plan's surgery day, or, for a
    /// plan saved without one, the day derived from the intake's weeks and the day its line of
    /// plans started (`baseline.since`), if known.
    pub fn for_review(plan: &Plan, today: Day) -> Dates {
        let surgery_on = plan.surgery_day().or_else(|| {
            let since = plan
                .baseline
                .since
                .as_deref()
                .and_then(|d| Day::parse(d).ok())?;
            let weeks = plan.basis.history.as_ref()?.weeks_since_surgery?;
            Some(since.plus(-(weeks * 7.0).round() as i64))
        });
        Dates {
            today: Some(today),
            surgery_on,
        }
    }
}

/// The surgery day implied by an intake taken on `today` (None without a spinal surgery or a
/// week count).
pub fn surgery_day(i: &Intake, today: Day) -> Option<Day> {
    if !i.history.surgery.is_spinal() {
        return None;
    }
    let weeks = i.history.weeks_since_surgery?;
    Some(today.plus(-(weeks * 7.0).round() as i64))
}

/// Weeks since spinal surgery on the day planned for: counted from the surgery day when both
/// days are known, else the intake's figure. None when the intake gives no figure.
pub fn weeks_since_surgery(i: &Intake, on: &Dates) -> Option<f64> {
    match (on.today, on.surgery_on) {
        (Some(t), Some(d)) => Some((t.since(d).max(0) as f64) / 7.0),
        _ => i.history.weeks_since_surgery,
    }
}

/// True when spinal surgery was recent enough that its restrictions apply (at intake).
pub fn recent_spinal_surgery(i: &Intake, s: &Settings) -> bool {
    recent_spinal_surgery_on(i, s, &Dates::default())
}

/// True when spinal surgery is recent enough on the day planned for that its restrictions apply.
/// No week count means the restrictions apply (the safe reading).
pub fn recent_spinal_surgery_on(i: &Intake, s: &Settings, on: &Dates) -> bool {
    i.history.surgery.is_spinal()
        && weeks_since_surgery(i, on).is_none_or(|w| w < s.recent_surgery_weeks)
}

/// Long-term oral steroids weaken bone as osteoporosis does, so they count as fragile bone for
/// the movement rules (Giangregorio et al., Osteoporos Int 2014, Too Fit To Fracture).
pub fn bone_fragility(i: &Intake) -> bool {
    i.fragile_bone() || i.history.long_term_steroids
}

/// The inflammatory back pain pattern: back pain over `inflammatory_min_weeks` with at least
/// `inflammatory_min_features` of the five ASAS features (Sieper et al., Ann Rheum Dis 2009),
/// the same test triage uses to suggest a rheumatology review.
pub fn inflammatory_pattern(i: &Intake, s: &Settings) -> bool {
    i.regions
        .iter()
        .any(|r| matches!(r, Region::LowBack | Region::MidBack))
        && i.duration_weeks > s.inflammatory_min_weeks
        && i.inflammatory_features >= s.inflammatory_min_features
}

/// Everything this person must avoid in this phase, judged on the day of the intake.
pub fn constraints(i: &Intake, phase: Phase, s: &Settings) -> Vec<Constraint> {
    constraints_on(i, phase, s, &Dates::default())
}

/// Everything this person must avoid in this phase on the day planned for. The surgical
/// restrictions follow the calendar: counted from the surgery day, they relax on schedule.
pub fn constraints_on(i: &Intake, phase: Phase, s: &Settings, on: &Dates) -> Vec<Constraint> {
    let mut out = Vec::new();
    if recent_spinal_surgery_on(i, s, on) {
        let weeks = weeks_since_surgery(i, on);
        let when = match weeks {
            Some(w) => format!(
                "{:.0} weeks after spine surgery (restrictions lift at {} weeks unless your surgeon says otherwise)",
                w.floor(),
                s.recent_surgery_weeks
            ),
            None => "recent spine surgery (no date given, so the restrictions stay until you tell us when it was)".to_string(),
        };
        add(
            &mut out,
            &[
                SpinalFlexion,
                LoadedFlexion,
                EndRangeFlexion,
                EndRangeRotation,
                Twisting,
                SideBending,
                Lifting,
                Impact,
            ],
            "recent_spinal_surgery",
            &format!(
                "{when}: no bending, lifting, twisting, side bending or impact until the surgeon lifts the restrictions (patient guidance after discectomy or fusion, commonly 6–12 weeks; a setting, not evidence; clinical rules §A, §G)"
            ),
        );
        if weeks.is_none_or(|w| w < s.surgery_water_after_weeks) {
            add(
                &mut out,
                &[Immersion],
                "recent_spinal_surgery",
                &format!(
                    "{when}: no swimming or pool walking for the first {} weeks, until the wound has healed (patient guidance after spinal surgery; a setting, not evidence)",
                    s.surgery_water_after_weeks
                ),
            );
        }
        if i.neck() {
            add(
                &mut out,
                &[NeckEndRange],
                "recent_spinal_surgery",
                "recent spine surgery with neck pain: neck movements stay away from end range",
            );
        }
    }
    if bone_fragility(i) {
        add(
            &mut out,
            &[
                LoadedFlexion,
                EndRangeFlexion,
                SpinalFlexion,
                EndRangeRotation,
                Twisting,
                Impact,
            ],
            "bone_health",
            if i.fragile_bone() {
                "osteoporosis or a past vertebral fracture: no loaded, repeated or end-range forward bending and no twisting; strength and balance work instead (Osteoporosis Canada; Giangregorio et al., Osteoporos Int 2014)"
            } else {
                "long-term oral steroids weaken bone, so the bone-health rules apply: no loaded, repeated or end-range forward bending and no twisting; strength and balance work instead (Giangregorio et al., Osteoporos Int 2014, Too Fit To Fracture)"
            },
        );
    }
    match i.nerve.centralises_with {
        Some(Direction::Extension) => add(
            &mut out,
            &[SpinalFlexion, EndRangeFlexion, LoadedFlexion],
            "directional_preference_extension",
            "symptoms draw back towards the spine with repeated extension: exercise in that direction and avoid bending forwards, which tends to send them down the leg (Long et al., Spine 2004)",
        ),
        Some(Direction::Flexion) => add(
            &mut out,
            &[SpinalExtension],
            "directional_preference_flexion",
            "symptoms draw back towards the spine with repeated flexion: exercise in that direction and avoid bending backwards (Long et al., Spine 2004)",
        ),
        None => {}
    }
    if i.red_flags
        .contains(&crate::vocab::RedFlag::NeckInstabilitySigns)
        || (i.history.rheumatoid_arthritis && i.neck())
    {
        add(
            &mut out,
            &[NeckEndRange],
            "upper_neck_caution",
            "rheumatoid arthritis or signs of upper-neck instability: no end-range neck movement (Rushton et al., JOSPT 2023)",
        );
        add(
            &mut out,
            &[UpperNeckFlexion],
            "upper_neck_caution",
            "rheumatoid arthritis can loosen the ligaments that hold the top two neck bones together, and nodding the head forward (chin tucks, deep neck flexion) is the movement that stresses them: no upper-neck flexion until a doctor has ruled out instability (clinical rules §A, upper cervical instability; Rushton et al., JOSPT 2023, IFOMPT cervical framework)",
        );
    }
    match i.condition {
        Condition::GlutealTendinopathy | Condition::ItbSyndrome => add(
            &mut out,
            &[HipCompression],
            "tendon_compression",
            "an irritated tendon at the side of the hip dislikes compression: no crossing the leg over or stretching the side of the hip (Mellor et al., BMJ 2018; Cook & Purdam, BJSM 2009)",
        ),
        Condition::ProximalHamstringTendinopathy => add(
            &mut out,
            &[HamstringStretch, DeepHipFlexion],
            "tendon_compression",
            "an irritated hamstring tendon dislikes being stretched and compressed in deep hip bending early on (Goom et al., JOSPT 2016)",
        ),
        _ => {}
    }
    if phase == Phase::Flare {
        add(
            &mut out,
            &[Impact],
            "flare",
            "in a flare, no jumping or impact: gentle movement first (source articles)",
        );
        // Inflammatory back pain is helped by extension and posture work: it is not a mechanical
        // flare, so extension is not held back (ASAS/EULAR axial spondyloarthritis
        // recommendations, Ramiro et al., Ann Rheum Dis 2023 (2022 update)).
        if i.nerve.centralises_with != Some(Direction::Extension) && !inflammatory_pattern(i, s) {
            add(
                &mut out,
                &[SpinalExtension],
                "flare",
                "in a flare, extension work waits until the pain begins to settle (herniated disc source article)",
            );
        }
    }
    out
}
