//! The graded-exposure ladder: activities the person fears (rated 0–100 for how harmful they
//! feel), least feared first, each broken into small, concrete steps (Leeuw et al., J Pain 2007).
//! A ladder is offered when fear is high (ratings of about 50 or more).
//!
//! The ladder obeys the plan's constraints: a feared activity that involves a movement the plan
//! rules out (lifting four weeks after a discectomy, bending forward when flexion is excluded)
//! is held at a part-task rehearsal of what can be done now, with the reason; its smaller and
//! full versions join when the restriction lifts and the plan is made again.

use crate::intake::Intake;
use crate::plan::types::{Constraint, LadderStep};
use crate::settings::Settings;
use crate::vocab::AvoidTag;

use AvoidTag::*;

/// The three rungs every feared activity is split into.
const RUNGS: [&str; 3] = [
    "Rehearse it gently: go through the movement of \"{a}\" slowly, in part or without any load, a few times on a good day.",
    "Do a small version: \"{a}\" for a short time or with a lighter load, and notice what actually happens.",
    "Do it for real: \"{a}\" the way you normally would, for a short while, and build from there.",
];

/// A kind of movement a feared activity involves, with the words that name it, the avoid-tags
/// it carries, and the part of it that can be practised while those are ruled out.
struct Movement {
    /// Word beginnings (or two-word phrases) that name it.
    words: &'static [&'static str],
    tags: &'static [AvoidTag],
    part_task: &'static str,
    /// The exercise that prepares for it, if any.
    prepared_by: Option<&'static str>,
}

const MOVEMENTS: &[Movement] = &[
    Movement {
        words: &["lift", "carr", "pick up", "picking up", "load"],
        tags: &[Lifting, LoadedFlexion],
        part_task: "Practise the parts of \"{a}\" you can do now: the hip hinge with nothing in your hands (hips back, back long, then stand tall) and holding light things close to your body at waist height. Lifting from low down waits.",
        prepared_by: Some("hip_hinge"),
    },
    Movement {
        words: &[
            "bend",
            "stoop",
            "pick up",
            "picking up",
            "toe",
            "tie",
            "tying",
            "shoe",
            "sock",
            "garden",
            "vacuum",
            "hoover",
        ],
        tags: &[SpinalFlexion, EndRangeFlexion],
        part_task: "Practise the part of \"{a}\" you can do now: reach lower by hinging at the hips and bending the knees with your back kept long (the hip hinge), not by curling the spine.",
        prepared_by: Some("hip_hinge"),
    },
    Movement {
        words: &[
            "turn my head",
            "turning my head",
            "look over",
            "looking over",
        ],
        tags: &[NeckEndRange],
        part_task: "Practise the part of \"{a}\" you can do now: turn your head gently, only as far as is easy, well short of the end of the range.",
        prepared_by: None,
    },
    Movement {
        words: &["twist", "turn", "rotat", "golf", "revers"],
        tags: &[Twisting, EndRangeRotation],
        part_task: "Practise the part of \"{a}\" you can do now: turn by stepping your feet round so that your shoulders and hips face the same way, without twisting the spine.",
        prepared_by: None,
    },
    Movement {
        words: &[
            "run", "jog", "jump", "hop", "sprint", "tennis", "football", "netball", "squash",
        ],
        tags: &[Impact],
        part_task: "Practise the part of \"{a}\" you can do now: brisk walking or marching on the spot, with no running or jumping.",
        prepared_by: None,
    },
    Movement {
        words: &["swim", "pool"],
        tags: &[Immersion],
        part_task: "Practise the part of \"{a}\" you can do now: the arm and leg movements slowly on dry land; getting into the water waits.",
        prepared_by: None,
    },
    Movement {
        words: &["bend back", "bending back", "backward", "arch"],
        tags: &[SpinalExtension],
        part_task: "Practise the part of \"{a}\" you can do now: stand tall and reach forward, without bending backwards.",
        prepared_by: None,
    },
];

/// True when `text` names `w`: a phrase anywhere, or a single word at the start of a word.
fn names(text: &str, w: &str) -> bool {
    if w.contains(' ') {
        return text.contains(w);
    }
    text.split(|c: char| !c.is_alphanumeric())
        .any(|word| word.starts_with(w))
}

fn movements(activity: &str) -> Vec<&'static Movement> {
    let text = activity.to_lowercase();
    MOVEMENTS
        .iter()
        .filter(|m| m.words.iter().any(|w| names(&text, w)))
        .collect()
}

/// The avoid-tags the movements of a feared activity carry, read from the words that name it.
pub fn activity_tags(activity: &str) -> Vec<AvoidTag> {
    let mut out = Vec::new();
    for m in movements(activity) {
        for t in m.tags {
            if !out.contains(t) {
                out.push(*t);
            }
        }
    }
    out
}

/// Exercises that prepare for the feared activities on the ladder (the hip hinge before a
/// feared lift or bend), each with the activity it prepares for.
pub fn preparation(i: &Intake, s: &Settings) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for f in feared(i, s) {
        for m in movements(&f.activity) {
            if let Some(id) = m.prepared_by
                && !out.iter().any(|(x, _)| *x == id)
            {
                out.push((id, f.activity.clone()));
            }
        }
    }
    out
}

fn feared<'a>(i: &'a Intake, s: &Settings) -> Vec<&'a crate::intake::Fear> {
    let mut fears: Vec<_> = i
        .fears
        .iter()
        .filter(|f| f.rating >= s.fear_ladder_threshold)
        .collect();
    fears.sort_by_key(|f| f.rating);
    fears
}

/// The ladder for this person under the plan's constraints.
pub fn ladder(i: &Intake, s: &Settings, constraints: &[Constraint]) -> Vec<LadderStep> {
    let mut out = Vec::new();
    for f in feared(i, s) {
        let ms = movements(&f.activity);
        let breached = ms.iter().find_map(|m| {
            constraints
                .iter()
                .find(|c| m.tags.contains(&c.avoid))
                .map(|c| (m, c))
        });
        match breached {
            Some((m, c)) => out.push(LadderStep {
                step: out.len() as u32 + 1,
                activity: f.activity.clone(),
                rating: f.rating,
                task: m.part_task.replace("{a}", &f.activity),
                current: out.is_empty(),
                why: Some(format!(
                    "Held at a rehearsal of the parts you can do now: the smaller and full versions of \"{}\" involve {}, which your plan rules out for now ({}). They join the ladder when that restriction lifts.",
                    f.activity,
                    c.avoid.as_str().replace('_', " "),
                    c.why
                )),
            }),
            None => {
                for rung in RUNGS {
                    out.push(LadderStep {
                        step: out.len() as u32 + 1,
                        activity: f.activity.clone(),
                        rating: f.rating,
                        task: rung.replace("{a}", &f.activity),
                        current: out.is_empty(),
                        why: None,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_words_name_their_movements() {
        assert!(activity_tags("Lifting my child").contains(&Lifting));
        assert!(activity_tags("bending to pick up a box").contains(&SpinalFlexion));
        assert!(activity_tags("running for a bus").contains(&Impact));
        assert!(!activity_tags("carrying shopping").contains(&Impact));
        assert!(activity_tags("sitting through a film").is_empty());
    }
}
