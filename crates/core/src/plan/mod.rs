//! Planning: from a checked intake and its profile to a staged, explained plan.
//!
//! Phase first (where the body tolerates load now), then the movements to avoid, then the
//! programme's exercises for that phase filtered by equipment and constraints, fitted to the
//! person's minutes with a warm-up before anything that needs one, then walking or the activity
//! they enjoy, the exposure ladder and the lessons that fit. Every step leaves a sentence in the
//! plan saying which rule made it.

pub mod advice;
pub mod aerobic;
pub mod constraints;
pub mod dose;
pub mod exposure;
pub mod fit;
pub mod load;
pub mod select;
pub mod types;

use crate::intake::{Availability, Intake, IntakeInput};
use crate::library::Library;
use crate::profile::Profile;
use crate::settings::Settings;
use crate::vocab::{Irritability, Kind, Phase, TriageLevel};

pub use constraints::Dates;
pub use load::Load;
pub use types::*;

/// The phase a plan starts in, and why.
pub fn phase(i: &Intake, p: &Profile, s: &Settings) -> (Phase, String) {
    // Night pain and stiffness that ease with movement are features of inflammatory back pain,
    // not of a mechanical flare: the plan exercises rather than calms (ASAS/EULAR 2022).
    if p.irritability == Irritability::High && constraints::inflammatory_pattern(i, s) {
        return (
            Phase::Rebuild,
            "Starts in the rebuild phase: your answers fit inflammatory back pain, which eases with exercise rather than rest, so it is not treated as a flare; extension, posture work and swimming help (ASAS/EULAR axial spondyloarthritis recommendations, 2022 update).".into(),
        );
    }
    match p.irritability {
        Irritability::High => (
            Phase::Flare,
            "Starts in the flare phase because irritability is high: gentle movement within comfort, short walks, no heavy loading (irritability-based staging, Kelley et al., JOSPT 2013; herniated disc source article).".into(),
        ),
        Irritability::Moderate => (
            Phase::Rebuild,
            "Starts in the rebuild phase because irritability is moderate: pain-monitored loading, strength and stretching added step by step (irritability-based staging, Kelley et al., JOSPT 2013).".into(),
        ),
        Irritability::Low if (i.pain.level() as f64) <= s.maintain_when_pain_at_most => (
            Phase::Maintain,
            "Starts in the maintain phase because pain is low and settles quickly: progressive loading to keep it that way (irritability-based staging, Kelley et al., JOSPT 2013).".into(),
        ),
        Irritability::Low => (
            Phase::Rebuild,
            "Starts in the rebuild phase: irritability is low, so loading can progress, while pain is still present (irritability-based staging, Kelley et al., JOSPT 2013).".into(),
        ),
    }
}

/// Builds the plan for a phase, judged on the day of the intake (no calendar): the same as
/// [`build_on`] with no dates.
pub fn build(
    lib: &Library,
    input: &IntakeInput,
    i: &Intake,
    phase: Phase,
    phase_why: String,
    level: TriageLevel,
    s: &Settings,
) -> Plan {
    build_on(lib, input, i, phase, phase_why, level, s, Dates::default())
}

/// Builds the plan for a phase on a day. With `on.today` and no `on.surgery_on`, the surgery
/// day is derived from the intake's `weeks_since_surgery` and stored in the plan's
/// `surgery_on`; with `on.surgery_on` (a review passing the plan's own), the weeks since surgery
/// are counted from it, so the surgical restrictions relax on schedule.
#[allow(clippy::too_many_arguments)]
pub fn build_on(
    lib: &Library,
    input: &IntakeInput,
    i: &Intake,
    phase: Phase,
    phase_why: String,
    level: TriageLevel,
    s: &Settings,
    on: Dates,
) -> Plan {
    let on = Dates {
        surgery_on: on
            .surgery_on
            .or_else(|| on.today.and_then(|t| constraints::surgery_day(i, t))),
        ..on
    };
    let constraints = constraints::constraints_on(i, phase, s, &on);
    let mut excluded = Vec::new();
    let picks = select::candidates(lib, i, phase, &constraints, &mut excluded, s);
    let mut why = vec![phase_why];
    if let Some(sb) = &i.start_back {
        use crate::measures::Stratum;
        why.push(match sb.stratum {
            Stratum::Low => format!("Your STarT Back answers ({} of 9) put you at low risk of lasting problems: advice, staying active and this exercise plan are what helps most (Hill et al., Lancet 2011).", sb.total),
            Stratum::Medium => format!("Your STarT Back answers ({} of 9) put you at medium risk of lasting problems: a physiotherapist-guided exercise programme like this one helps most, so keep your care team in the loop (Hill et al., Lancet 2011).", sb.total),
            Stratum::High => format!("Your STarT Back answers ({} of 9, {} of 5 on worry and mood) put you at high risk of lasting problems: worry and low mood are part of the pain, so the exposure ladder and the lessons on pain matter as much as the exercises, and physiotherapy that works on both helps most; please talk to your care team about it (Hill et al., Lancet 2011).", sb.total, sb.psychosocial),
        });
    }
    if i.buttock_pain_referred() {
        why.push("Pain in the buttock or the back of the thigh that spreads down the leg, or comes with pins and needles, is usually referred from the lower back rather than a hamstring tendon problem, so the plan follows the back programme; name the hamstring condition if a clinician has found it (Goom et al., JOSPT 2016: lumbar referral is the first thing to rule out).".into());
    }

    let avail = i.availability.unwrap_or_else(|| {
        why.push(format!(
            "You did not say how much time you have, so this plan assumes {} minutes, {} days a week. Change it in your intake and the plan will follow.",
            s.default_minutes_per_session, s.default_sessions_per_week
        ));
        Availability { minutes_per_session: s.default_minutes_per_session, sessions_per_week: s.default_sessions_per_week }
    });
    let mut days = avail.sessions_per_week.min(7);
    // Some loading wants rest days (e.g. heavy heel raises every second day, Rathleff 2015).
    if let Some((max, name)) = select::programmes(lib, i)
        .iter()
        .filter_map(|p| p.max_days_per_week.map(|m| (m, p.name.clone())))
        .min_by_key(|(m, _)| *m)
        && days > max
    {
        why.push(format!(
            "Exercise sessions on {max} days a week, not {days}: the {name} programme's loading works best with a rest day in between (every second day)."
        ));
        days = max;
    }
    let budget = avail.minutes_per_session;

    let mut sessions = Vec::new();
    let (stretches, rest): (Vec<_>, Vec<_>) = picks
        .iter()
        .cloned()
        .partition(|p| p.exercise.kind == Kind::StaticStretch);
    if !stretches.is_empty() && days < s.stretch_min_days {
        // Stretching needs at least a few days a week to change anything (ACSM 2011): when the
        // person has fewer sessions than that, the stretches get a short session of their own.
        let (items, minutes) = fit::fit(&rest, budget, lib, s);
        push_session(&mut sessions, session_name(phase), days, minutes, items);
        let (items, minutes) = fit::fit(&stretches, budget, lib, s);
        why.push(format!(
            "Stretches have a short session of their own on {} days a week: stretching works when it is done at least {} days a week, daily if possible (ACSM, Garber 2011; stretching source article).",
            s.stretch_min_days, s.stretch_min_days
        ));
        push_session(
            &mut sessions,
            "Stretch break".into(),
            s.stretch_min_days,
            minutes,
            items,
        );
    } else {
        let (items, minutes) = fit::fit(&picks, budget, lib, s);
        push_session(&mut sessions, session_name(phase), days, minutes, items);
    }
    if let Some(walk) = aerobic::aerobic(lib, i, phase, &constraints, budget, s) {
        let minutes = walk.minutes.unwrap_or(1);
        let name = if walk.exercise == "walking" {
            "Walk".to_string()
        } else {
            walk.name.clone()
        };
        push_session(&mut sessions, name, days, minutes, vec![walk]);
    } else if i.walking_minutes == Some(0.0)
        && let Some(c) = constraints
            .iter()
            .find(|c| c.avoid == crate::vocab::AvoidTag::Immersion)
    {
        why.push(format!("Walking hurts now and the pool has to wait ({}), so no walking is set yet; gentle movement comes first, and short walks join the plan as the pain settles.", c.why));
    } else if i.walking_minutes == Some(0.0) {
        why.push("Walking hurts now and there is no pool in your equipment list, so no walking is set yet; gentle movement comes first, and short walks join the plan as the pain settles.".into());
    }

    // Never a plan with nothing in it: when not even one exercise fits the time given, slow
    // breathing does (a few breaths fit in any session) and the plan says why.
    if sessions.is_empty()
        && let Some(ex) = lib.exercise("diaphragmatic_breathing")
    {
        let mut it = dose::item(
            ex,
            1,
            "Nothing else fits the time you have, so the plan starts with a few slow breaths; give it more minutes and exercises join.",
        );
        let per_breath = ex.seconds_per_rep.unwrap_or(4) as u32;
        let fit = (budget as u32 * 60).saturating_sub(15) / per_breath.max(1);
        let reps = it.reps.unwrap_or(5).min(fit.max(1) as u16);
        it.reps = Some(reps);
        let minutes = (reps as u32 * per_breath + 15).div_ceil(60) as u16;
        push_session(&mut sessions, session_name(phase), days, minutes, vec![it]);
    }

    let mut plan = Plan {
        phase,
        requires_clinician_approval: level == TriageLevel::Supervised,
        sessions,
        exposure_ladder: exposure::ladder(i, s, &constraints),
        advice: Vec::new(),
        review_after_days: match phase {
            Phase::Flare => s.review_after_days_flare,
            Phase::Rebuild => s.review_after_days_rebuild,
            Phase::Maintain => s.review_after_days_maintain,
        },
        version: 1,
        why,
        constraints,
        excluded,
        changes: Vec::new(),
        issued_on: None,
        escalated_on: None,
        surgery_on: on.surgery_on.map(|d| d.to_string()),
        baseline: Baseline {
            pain: i.pain.average as f64,
            psfs: mean(i.goals.iter().map(|g| g.ability as f64)),
            walking_minutes: i.walking_minutes,
            since: None,
        },
        basis: input.clone(),
    };
    if plan.requires_clinician_approval {
        plan.why.push("This plan is a draft: because of recent spine surgery it waits for a clinician to approve it before you start.".into());
    }
    if !plan.exposure_ladder.is_empty() {
        plan.why.push(format!(
            "An exposure ladder is included because you rated some activities {} or more out of 100 for how harmful they feel; it starts with the least feared (graded exposure, Leeuw et al., J Pain 2007).",
            s.fear_ladder_threshold
        ));
    }
    let situations = advice::situations(i, &plan, level, s);
    plan.advice = advice::advice(lib, &situations);
    // The programmes' own load advice (positions to avoid, running load), after the lessons.
    for p in select::programmes(lib, i) {
        for a in &p.advice {
            if !plan.advice.iter().any(|x| x.code == a.code) {
                plan.advice.push(Advice {
                    code: a.code.clone(),
                    text: a.text.clone(),
                });
            }
        }
    }
    dose::fit_loads(&mut plan, lib, &i.equipment);
    plan
}

fn push_session(out: &mut Vec<Session>, name: String, days: u8, minutes: u16, items: Vec<Item>) {
    if !items.is_empty() {
        out.push(Session {
            name,
            days_per_week: days,
            minutes,
            items,
        });
    }
}

fn session_name(p: Phase) -> String {
    match p {
        Phase::Flare => "Gentle movement",
        Phase::Rebuild => "Rebuild: mobility, strength and stretching",
        Phase::Maintain => "Keep it going",
    }
    .to_string()
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let v: Vec<f64> = values.collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}
