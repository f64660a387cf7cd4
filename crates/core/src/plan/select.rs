//! Choosing exercises: the condition's programme for this phase, plus programmes for any other
//! painful region, plus the exercises a finding calls for (directional preference, nerve
//! symptoms); then every candidate is checked against equipment, the phase and the constraints.
//! A refused exercise is replaced by its easier variant when that one is allowed, otherwise it is
//! recorded as excluded with the reason, so the plan can explain what it left out.

use crate::intake::Intake;
use crate::library::{Exercise, Library};
use crate::plan::constraints::inflammatory_pattern;
use crate::plan::exposure;
use crate::plan::types::{Constraint, Exclusion};
use crate::settings::Settings;
use crate::vocab::{Direction, Kind, Phase, Radiating, Region};

/// An exercise chosen for the plan, at a level, with the reason.
#[derive(Debug, Clone)]
pub struct Pick<'a> {
    pub exercise: &'a Exercise,
    pub level: u8,
    pub why: String,
    /// The condition's key loading exercise (see [`key_exercise`]): never dropped for time.
    pub key: bool,
}

/// The condition's key loading exercise in a phase: the first strength or isometric exercise of
/// the first programme the plan draws on (heel raises for heel pain, the wrist eccentric for a
/// tennis elbow). Programmes list their exercises most important first, so this is the one a
/// physiotherapist would keep if there were time for only one (clinical rules §G).
pub fn key_exercise<'a>(lib: &'a Library, i: &Intake, phase: Phase) -> Option<&'a str> {
    let first = programmes(lib, i).into_iter().next()?;
    first
        .phase(phase)
        .iter()
        .map(|it| it.exercise.as_str())
        .find(|id| {
            lib.exercise(id)
                .is_some_and(|ex| matches!(ex.kind, Kind::Strength | Kind::Isometric))
        })
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

/// Why getting down to the floor is to be avoided for this person, if it is: at
/// `older_adult_age` and over it is often hard and a fall risk, and someone who has a chair but
/// no mat is planning to exercise from the chair (clinical rules §G, older adults: chair or
/// standing variants; Sherrington et al., BJSM 2020). With nothing at all, the floor does for a
/// mat, as everywhere else.
pub fn floor_is_hard(i: &Intake, s: &Settings) -> Option<String> {
    if i.age >= s.older_adult_age {
        Some(format!(
            "at {} and over, getting down to the floor and up again is often the hard part, so the plan uses chair and standing versions (Sherrington et al., BJSM 2020)",
            s.older_adult_age
        ))
    } else if i.equipment.contains(&crate::vocab::Equipment::Chair)
        && !i.equipment.contains(&crate::vocab::Equipment::Mat)
    {
        Some("you have a chair and no mat, so the plan uses chair and standing versions".into())
    } else {
        None
    }
}

/// Balance work for someone at risk of falls: older adults and people with fragile bone, for
/// whom a fall is what breaks a bone (Sherrington et al., BJSM 2020: exercise that challenges
/// balance cuts falls by about a quarter; Giangregorio et al., Osteoporos Int 2014).
fn balance_for(i: &Intake, phase: Phase, s: &Settings) -> Option<(&'static str, String)> {
    let why = if i.age >= s.older_adult_age {
        format!(
            "At {} and over, exercise that challenges balance cuts falls by about a quarter (Sherrington et al., BJSM 2020).",
            s.older_adult_age
        )
    } else if crate::plan::constraints::bone_fragility(i) {
        "With fragile bone, a fall is what breaks a bone, and exercise that challenges balance cuts falls (Giangregorio et al., Osteoporos Int 2014; Sherrington et al., BJSM 2020).".into()
    } else {
        return None;
    };
    let id = if phase == Phase::Flare {
        "tandem_stance"
    } else {
        "single_leg_stand"
    };
    Some((id, why))
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
        // Referred buttock pain is served by the back programme (Goom et al., JOSPT 2016).
        let r = &match r {
            Region::ButtockHamstring if i.buttock_pain_referred() => Region::LowBack,
            r => *r,
        };
        if !out.iter().any(|p| p.regions.contains(r))
            && let Some(p) = lib.programme_for_region(*r)
            && !out.iter().any(|q| q.id == p.id)
        {
            out.push(p);
        }
    }
    out
}

/// Why an exercise for another region stays out of this person's plan, if it does: a neck
/// exercise for someone without neck pain, or low-back loading for someone whose only pain is
/// in the neck. Warm-ups, breathing and aerobic work serve everyone.
pub fn other_region(ex: &Exercise, i: &Intake) -> Option<String> {
    if matches!(ex.kind, Kind::WarmUp | Kind::Breathing | Kind::Aerobic)
        || ex.regions.iter().any(|r| i.regions.contains(r))
    {
        return None;
    }
    if ex.regions.contains(&Region::Neck) && !i.neck() {
        return Some(
            "is a neck exercise and your neck does not hurt: the plan keeps to where you have pain"
                .into(),
        );
    }
    if ex.regions.contains(&Region::LowBack)
        && matches!(ex.kind, Kind::Strength | Kind::Isometric)
        && i.regions.iter().all(|r| *r == Region::Neck)
    {
        return Some(
            "loads the lower back and only your neck hurts: the plan keeps to where you have pain"
                .into(),
        );
    }
    None
}

/// The candidates in priority order, before time fitting.
pub fn candidates<'a>(
    lib: &'a Library,
    i: &Intake,
    phase: Phase,
    constraints: &[Constraint],
    excluded: &mut Vec<Exclusion>,
    s: &Settings,
) -> Vec<Pick<'a>> {
    // (exercise, level, why, may serve another region)
    let mut wanted: Vec<(String, u8, String, bool)> = Vec::new();
    let mut push = |id: &str, level: u8, why: String, front: bool, any_region: bool| {
        if wanted.iter().any(|(w, _, _, _)| w == id) {
            return;
        }
        if front {
            wanted.insert(0, (id.to_string(), level, why, any_region));
        } else {
            wanted.push((id.to_string(), level, why, any_region));
        }
    };

    match i.nerve.centralises_with {
        Some(Direction::Extension) => {
            let id = if phase == Phase::Flare {
                "prone_on_elbows"
            } else {
                "prone_press_up"
            };
            push(id, 1, "Repeated extension draws your symptoms back towards the spine, so the plan moves in that direction (directional preference, Long et al., Spine 2004).".into(), true, true);
        }
        Some(Direction::Flexion) => {
            push("knee_to_chest", 1, "Repeated flexion draws your symptoms back towards the spine, so the plan moves in that direction (directional preference, Long et al., Spine 2004).".into(), true, true);
        }
        None => {}
    }

    if inflammatory_pattern(i, s) {
        const ASAS_EULAR: &str = "ASAS/EULAR axial spondyloarthritis recommendations, 2022 update";
        push(
            "back_extension",
            1,
            format!(
                "Inflammatory back pain stiffens the spine into a stoop: regular extension keeps it moving the other way ({ASAS_EULAR})."
            ),
            false,
            true,
        );
        push(
            "thoracic_extension_chair",
            1,
            format!(
                "Upper-back extension for posture: inflammatory back pain tends to round the upper back ({ASAS_EULAR})."
            ),
            false,
            true,
        );
        push(
            "wall_angel",
            1,
            format!(
                "Posture work against a wall keeps the upper back and shoulders upright ({ASAS_EULAR})."
            ),
            false,
            true,
        );
    }

    for (id, activity) in exposure::preparation(i, s) {
        push(
            id,
            1,
            format!(
                "Prepares you for \"{activity}\", which you rated as feared: practising its safe part first makes the real thing easier (graded exposure, Leeuw et al., J Pain 2007)."
            ),
            false,
            true,
        );
    }

    // A nerve glide for spreading symptoms comes before the programme's other exercises: it takes
    // a minute and is what the symptoms call for, so it is not the one dropped for time.
    if i.nerve.radiating == Radiating::Arm
        || (i.nerve.involved() && i.neck() && !i.regions.contains(&crate::vocab::Region::LowBack))
    {
        push("upper_body_nerve_glide", 1, "Symptoms spread into the arm: a gentle nerve glide helps the nerve move freely (Basson et al., JOSPT 2017).".into(), false, false);
    } else if i.nerve.involved() && (i.spine() || i.buttock_pain_referred()) {
        push("lower_body_nerve_glide", 1, "Symptoms spread into the leg: a gentle nerve glide helps the nerve move freely (Basson et al., JOSPT 2017).".into(), false, true);
    }

    if let Some((id, why)) = balance_for(i, phase, s) {
        push(id, 1, why, false, true);
    }

    let programmes = programmes(lib, i);
    for p in &programmes {
        for it in p.phase(phase) {
            push(
                &it.exercise,
                it.level,
                format!("{} ({}).", it.why.trim_end_matches('.'), p.name),
                false,
                it.other_region.is_some(),
            );
        }
    }

    let key = key_exercise(lib, i, phase);
    let floor = floor_is_hard(i, s);
    let mut out: Vec<Pick<'a>> = Vec::new();
    for (id, level, why, any_region) in wanted {
        let is_key = key == Some(id.as_str());
        let Some(ex) = lib.exercise(&id) else {
            continue;
        };
        if !any_region && let Some(because) = other_region(ex, i) {
            excluded.push(Exclusion {
                exercise: ex.id.clone(),
                why: because,
            });
            continue;
        }
        match allowed_variant(lib, ex, i, phase, constraints, floor.as_deref()) {
            // Never the same exercise twice in a plan (an easier variant may already stand in).
            Ok(v) if out.iter().any(|p| p.exercise.id == v.id) => {}
            Ok(v) if v.id == ex.id => out.push(Pick {
                exercise: v,
                level,
                why,
                key: is_key,
            }),
            Ok(v) if ex.upright.as_deref() == Some(v.id.as_str()) => out.push(Pick {
                exercise: v,
                level: level.min(v.top_level()),
                why: format!(
                    "{why} {} in place of {}, which is done on the floor: {}.",
                    if v.position == crate::vocab::Position::Standing {
                        "Standing version"
                    } else {
                        "Chair version"
                    },
                    ex.name,
                    floor
                        .as_deref()
                        .unwrap_or("getting down to the floor is hard")
                ),
                key: is_key,
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
                    key: is_key,
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
/// When getting down to the floor is hard ([`floor_is_hard`]), a floor exercise gives way to its
/// chair or standing version (`upright`), which must itself be allowed.
fn allowed_variant<'a>(
    lib: &'a Library,
    ex: &'a Exercise,
    i: &Intake,
    phase: Phase,
    constraints: &[Constraint],
    floor: Option<&str>,
) -> Result<&'a Exercise, String> {
    let upright = |e: &'a Exercise| {
        e.upright
            .as_deref()
            .and_then(|id| lib.exercise(id))
            .filter(|u| !u.position.on_floor() && refusal(u, i, phase, constraints).is_none())
    };
    if let Some(why) = floor.filter(|_| ex.position.on_floor()) {
        return upright(ex).ok_or_else(|| format!("is done on the floor, and {why}"));
    }
    let first = match refusal(ex, i, phase, constraints) {
        None => return Ok(ex),
        Some(r) => r,
    };
    let mut cur = ex;
    for _ in 0..4 {
        let Some(next) = cur.easier.as_deref().and_then(|id| lib.exercise(id)) else {
            break;
        };
        if floor.is_some() && next.position.on_floor() {
            if let Some(u) = upright(next) {
                return Ok(u);
            }
        } else if refusal(next, i, phase, constraints).is_none() {
            return Ok(next);
        }
        cur = next;
    }
    Err(first)
}
