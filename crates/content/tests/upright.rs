//! Chair and standing variants for floor work (content/README.md, `upright`). People who cannot
//! get down to the floor, or back up, still need every part of their programme: exercise with a
//! balance challenge prevents falls in older people (Sherrington et al., BJSM 2020), and getting
//! down to the floor is best avoided when it is hard. `validate` checks that each link is sound;
//! these tests check that every floor exercise a plan can reach has one.

mod support;

use std::collections::BTreeSet;

use gradus_core::library::Exercise;
use gradus_core::vocab::{Kind, Position};

use support::{ex, lib};

/// The positions that need getting down to the floor.
const FLOOR: &[Position] = &[
    Position::LyingOnBack,
    Position::LyingOnFront,
    Position::SideLying,
    Position::HandsAndKnees,
    Position::Kneeling,
];

/// Floor exercises a programme reaches that have no upright variant, each with the reason.
/// Empty today: add an id here only with a comment saying why no chair or standing exercise can
/// do its job.
const NO_UPRIGHT: &[&str] = &[];

fn on_the_floor(e: &Exercise) -> bool {
    FLOOR.contains(&e.position)
}

/// Every exercise a programme names, and every easier or harder variant reachable from one (the
/// planner swaps in easier variants, and reviews move on to harder ones).
fn reachable() -> BTreeSet<&'static str> {
    let mut seen: BTreeSet<&'static str> = BTreeSet::new();
    let mut todo: Vec<&'static str> = lib()
        .programmes
        .iter()
        .flat_map(|p| p.flare.iter().chain(&p.rebuild).chain(&p.maintain))
        .map(|it| ex(&it.exercise).id.as_str())
        .collect();
    while let Some(id) = todo.pop() {
        if !seen.insert(id) {
            continue;
        }
        let e = ex(id);
        for next in [&e.easier, &e.harder].into_iter().flatten() {
            todo.push(ex(next).id.as_str());
        }
    }
    seen
}

#[test]
fn every_floor_exercise_a_programme_reaches_has_an_upright_variant() {
    let missing: Vec<&str> = reachable()
        .into_iter()
        .filter(|id| on_the_floor(ex(id)) && ex(id).upright.is_none())
        .filter(|id| !NO_UPRIGHT.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "floor exercises without an `upright` variant (add one, or list it in NO_UPRIGHT with the reason): {missing:?}"
    );
}

#[test]
fn the_allow_list_names_only_floor_exercises_still_without_a_variant() {
    for id in NO_UPRIGHT {
        let e = ex(id);
        assert!(on_the_floor(e), "`{id}` is not done on the floor");
        assert!(
            e.upright.is_none(),
            "`{id}` has an upright variant now: take it off NO_UPRIGHT"
        );
    }
}

#[test]
fn the_programmes_do_reach_floor_work() {
    // A guard on the test itself: the shipped programmes do reach floor work, so the check above
    // is not passing over an empty list.
    let floor: Vec<&str> = reachable()
        .into_iter()
        .filter(|id| on_the_floor(ex(id)))
        .collect();
    for id in [
        "bridge",
        "bird_dog",
        "cat_cow",
        "clamshell",
        "prone_on_elbows",
        "childs_pose",
    ] {
        assert!(floor.contains(&id), "`{id}` should be reachable floor work");
    }
}

#[test]
fn an_upright_static_stretch_keeps_the_stretch_dose() {
    // A floor stretch's variant is dosed as a stretch too, so the 30–60 s holds and the warm-up
    // before it carry over when the swap is made.
    for e in lib().exercises.values() {
        let Some(to) = &e.upright else { continue };
        if e.kind == Kind::StaticStretch {
            assert_eq!(
                ex(to).kind,
                Kind::StaticStretch,
                "`{}` is a static stretch but its upright variant `{to}` is not",
                e.id
            );
        }
    }
}
