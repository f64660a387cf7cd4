//! Contraindications: the movements a person must avoid, each with the rule and source behind it.
//! One place decides them; selection then refuses any exercise that carries an avoided tag.

use crate::intake::Intake;
use crate::plan::types::Constraint;
use crate::settings::Settings;
use crate::vocab::{AvoidTag, Condition, Direction, Phase};

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

/// True when spinal surgery was recent enough that its restrictions apply.
pub fn recent_spinal_surgery(i: &Intake, s: &Settings) -> bool {
    i.history.surgery.is_spinal()
        && i.history
            .weeks_since_surgery
            .is_none_or(|w| w < s.recent_surgery_weeks)
}

/// Everything this person must avoid in this phase.
pub fn constraints(i: &Intake, phase: Phase, s: &Settings) -> Vec<Constraint> {
    let mut out = Vec::new();
    if recent_spinal_surgery(i, s) {
        add(
            &mut out,
            &[
                SpinalFlexion,
                LoadedFlexion,
                EndRangeFlexion,
                EndRangeRotation,
                Twisting,
                Lifting,
                Impact,
            ],
            "recent_spinal_surgery",
            "recent spine surgery: no bending, lifting, twisting or impact until the surgeon lifts the restrictions (patient guidance after spinal surgery; a setting, not evidence)",
        );
        if i.neck() {
            add(
                &mut out,
                &[NeckEndRange],
                "recent_spinal_surgery",
                "recent spine surgery with neck pain: neck movements stay away from end range",
            );
        }
    }
    if i.fragile_bone() {
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
            "osteoporosis or a past vertebral fracture: no loaded, repeated or end-range forward bending and no twisting; strength and balance work instead (Osteoporosis Canada; Giangregorio et al., Osteoporos Int 2014)",
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
        if i.nerve.centralises_with != Some(Direction::Extension) {
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
