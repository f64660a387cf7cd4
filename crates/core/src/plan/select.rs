//! Choosing exercises: the condition's programme for this phase, plus programmes for any other
//! painful region, plus the exercises a finding calls for (directional preference, nerve
//! symptoms); then every candidate is checked against equipment, the phase and the constraints.
//! A refused exercise is replaced by its easier variant when that one is allowed, otherwise it is
//! recorded as excluded with the reason, so the plan can explain what it left out.

use crate::intake::Intake;
use crate::library::{Exercise, Library};
use crate::plan::types::{Constraint, Exclusion};
use crate::vocab::{Direction, Kind, Phase, Radiating};

/// An exercise chosen for the plan, at a level, with the reason.
#[derive(Debug, Clone)]
pub struct Pick<'a> {
    pub exercise: &'a Exercise,
    pub level: u8,
    pub why: String,
}

/// Why an exercise cannot be used, if it cannot.
pub fn refusal(
    ex: &Exercise,
    i: &Intake,
    phase: Phase,
    constraints: &[Constraint],
) -> Option<String> {
    for need in &ex.equipment {
        if !need.is_household() && !i.equipment.contains(need) {
            return Some(format!(
                "needs a {} (not in your equipment list)",
                need.as_str().replace('_', " ")
            ));
        }
    }
    if phase == Phase::Flare && !ex.flare_ok {
        return Some("too demanding during a flare; it comes in as the pain settles".into());
    }
    constraints.iter().find(|c| ex.has_tag(c.avoid)).map(|c| {
        format!(
            "involves {} — {}",
            c.avoid.as_str().replace('_', " "),
            c.why
        )
    })
}

/// The programmes a person's plan draws on: the named condition's, then one for each painful
/// region it does not cover. With no named condition, the regions decide alone (mid back pain
/// gets the mid back programme, not the low back one).
pub fn programmes<'a>(lib: &'a Library, i: &Intake) -> Vec<&'a crate::library::Programme> {
    let mut out: Vec<&crate::library::Programme> = Vec::new();
    if !i.condition_inferred
        && let Some(p) = lib.programme_for(i.condition)
    {
        out.push(p);
    }
    for r in &i.regions {
        if !out.iter().any(|p| p.regions.contains(r))
            && let Some(p) = lib.programme_for_region(*r)
            && !out.iter().any(|q| q.id == p.id)
        {
            out.push(p);
        }
    }
    out
}

/// The candidates in priority order, before time fitting.
pub fn candidates<'a>(
    lib: &'a Library,
    i: &Intake,
    phase: Phase,
    constraints: &[Constraint],
    excluded: &mut Vec<Exclusion>,
) -> Vec<Pick<'a>> {
    let mut wanted: Vec<(String, u8, String)> = Vec::new();
    let mut push = |id: &str, level: u8, why: String, front: bool| {
        if wanted.iter().any(|(w, _, _)| w == id) {
            return;
        }
        if front {
            wanted.insert(0, (id.to_string(), level, why));
        } else {
            wanted.push((id.to_string(), level, why));
        }
    };

    match i.nerve.centralises_with {
        Some(Direction::Extension) => {
            let id = if phase == Phase::Flare {
                "prone_on_elbows"
            } else {
                "prone_press_up"
            };
            push(id, 1, "Repeated extension draws your symptoms back towards the spine, so the plan moves in that direction (directional preference, Long et al., Spine 2004).".into(), true);
        }
        Some(Direction::Flexion) => {
            push("knee_to_chest", 1, "Repeated flexion draws your symptoms back towards the spine, so the plan moves in that direction (directional preference, Long et al., Spine 2004).".into(), true);
        }
        None => {}
    }

    let programmes = programmes(lib, i);
    for p in &programmes {
        for it in p.phase(phase) {
            push(
                &it.exercise,
                it.level,
                format!("{} ({}).", it.why.trim_end_matches('.'), p.name),
                false,
            );
        }
    }

    if i.nerve.radiating == Radiating::Arm
        || (i.nerve.involved() && i.neck() && !i.regions.contains(&crate::vocab::Region::LowBack))
    {
        push("upper_body_nerve_glide", 1, "Symptoms spread into the arm: a gentle nerve glide helps the nerve move freely (Basson et al., JOSPT 2017).".into(), false);
    } else if i.nerve.involved() && i.spine() {
        push("lower_body_nerve_glide", 1, "Symptoms spread into the leg: a gentle nerve glide helps the nerve move freely (Basson et al., JOSPT 2017).".into(), false);
    }

    let mut out: Vec<Pick<'a>> = Vec::new();
    for (id, level, why) in wanted {
        let Some(ex) = lib.exercise(&id) else {
            continue;
        };
        match allowed_variant(lib, ex, i, phase, constraints) {
            // Never the same exercise twice in a plan (an easier variant may already stand in).
            Ok(v) if out.iter().any(|p| p.exercise.id == v.id) => {}
            Ok(v) if v.id == ex.id => out.push(Pick {
                exercise: v,
                level,
                why,
            }),
            Ok(v) => {
                let because = refusal(ex, i, phase, constraints).unwrap_or_default();
                out.push(Pick {
                    exercise: v,
                    level: 1,
                    why: format!(
                        "{why} Easier variant of {} instead, which {because}.",
                        ex.name
                    ),
                });
            }
            Err(because) => excluded.push(Exclusion {
                exercise: ex.id.clone(),
                why: because,
            }),
        }
    }
    out.retain(|p| p.exercise.kind != Kind::Aerobic);
    out
}

/// The exercise itself if allowed, else the first allowed easier variant, else the refusal.
fn allowed_variant<'a>(
    lib: &'a Library,
    ex: &'a Exercise,
    i: &Intake,
    phase: Phase,
    constraints: &[Constraint],
) -> Result<&'a Exercise, String> {
    let first = match refusal(ex, i, phase, constraints) {
        None => return Ok(ex),
        Some(r) => r,
    };
    let mut cur = ex;
    for _ in 0..4 {
        let Some(next) = cur.easier.as_deref().and_then(|id| lib.exercise(id)) else {
            break;
        };
        if refusal(next, i, phase, constraints).is_none() {
            return Ok(next);
        }
        cur = next;
    }
    Err(first)
}
