//! What a physiotherapist expects of twelve weeks (clinical rules §G), asserted over the whole
//! virtual cohort: every programme meets every course of pain. Each property also pins down one
//! person by seed and index, the case that first showed the fault, so a regression names them.

use std::sync::OnceLock;

use gradus_core::review::Decision;
use gradus_core::{Library, Settings};
use gradus_sim::{Config, MemberRun, Report, Trajectory, cohort, follow, simulate};

const SEED: u64 = 1;
const WEEKS: usize = 12;

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| gradus_content::load().expect("library"))
}

fn report() -> &'static Report {
    static R: OnceLock<Report> = OnceLock::new();
    R.get_or_init(|| {
        simulate(
            Config {
                members: 88,
                weeks: WEEKS,
                seed: SEED,
            },
            lib(),
            &Settings::default(),
            &mut |_| {},
        )
    })
}

fn of(t: Trajectory) -> impl Iterator<Item = &'static MemberRun> {
    report().members.iter().filter(move |m| m.trajectory == t)
}

fn one(index: usize) -> MemberRun {
    let m = &cohort(index + 1, SEED)[index];
    follow(m, WEEKS, SEED, lib(), &Settings::default())
}

fn who(m: &MemberRun) -> String {
    format!(
        "member {} ({} {}, {}/10): {:?}",
        m.index,
        m.condition,
        m.trajectory.as_str(),
        m.baseline_pain,
        m.weeks
            .iter()
            .map(|w| (w.week, w.decision, w.reasons.clone()))
            .collect::<Vec<_>>()
    )
}

#[test]
fn everyone_gets_a_plan_and_is_followed_for_twelve_weeks() {
    for m in &report().members {
        assert!(m.stopped.is_none(), "{}: {:?}", who(m), m.stopped);
        assert_eq!(m.weeks.len(), WEEKS, "{}", who(m));
    }
}

/// Slow, steady worsening (0.5–1 point a week) reaches the care team by week 3, not week 5.
#[test]
fn slow_worsening_is_escalated_by_week_3() {
    for m in of(Trajectory::WorsensSlowly) {
        let first = m.first_escalation();
        assert!(first.is_some_and(|w| w <= 3), "{first:?}: {}", who(m));
    }
    // Member 2: lumbar disc, worsening; escalated first at week 6 before the fix.
    let pinned = one(2);
    assert_eq!(pinned.trajectory, Trajectory::WorsensSlowly);
    assert!(
        pinned.first_escalation().is_some_and(|w| w <= 3),
        "{}",
        who(&pinned)
    );
}

/// An escalation is made once with its summary; the same escalation is not repeated every
/// week with nothing changed.
#[test]
fn escalation_is_not_repeated_unchanged() {
    for m in &report().members {
        assert_eq!(m.repeated_escalations(), 0, "{}", who(m));
    }
}

/// Nobody who tolerates the plan is left three weeks in a row with nothing changing.
#[test]
fn no_tolerated_member_is_stalled_three_weeks_in_a_row() {
    for m in &report().members {
        assert!(
            m.longest_stall() < 3,
            "stalled {} weeks: {}",
            m.longest_stall(),
            who(m)
        );
    }
    // Member 64: outside-of-knee pain, 15-minute sessions of four hip exercises and a 5-minute
    // warm-up; every next level ran over the minutes and there was no stretch to drop, so the plan
    // held from week 9 to week 12 before the least important exercise could make room.
    let pinned = one(64);
    assert_eq!(pinned.condition, "itb_syndrome");
    assert!(pinned.longest_stall() < 3, "{}", who(&pinned));
    // Member 6: tennis elbow at 5/10, every exercise at the top of its table and tolerated; the
    // plan held four weeks because the move on to the maintain phase waited for pain of 4.
    let pinned = one(6);
    assert!(pinned.longest_stall() < 3, "{}", who(&pinned));
}

/// Walking grows by about 10–20% a week: never more than about a third in one week.
#[test]
fn walking_never_rises_more_than_a_third_in_a_week() {
    for m in &report().members {
        assert!(
            m.largest_walking_rise() <= 0.35,
            "walking rose {:.0}%: {}",
            m.largest_walking_rise() * 100.0,
            who(m)
        );
    }
}

/// Moving up a phase adds one or two exercises a week, not a whole new set at once. (Easing
/// back to the flare phase may swap to its gentle movements at once: that is what a flare
/// needs.)
#[test]
fn no_more_than_two_exercises_are_added_in_a_week() {
    for m in &report().members {
        for w in m.weeks.iter().filter(|w| w.decision == Decision::Progress) {
            assert!(
                w.added <= 2,
                "week {}: {} added: {}",
                w.week,
                w.added,
                who(m)
            );
        }
    }
}

/// Low pain is a floor: nobody at 2/10 is escalated for not falling another two points.
#[test]
fn low_pain_is_not_escalated_for_a_floor_effect() {
    for m in of(Trajectory::LowPain) {
        assert!(
            m.weeks.iter().all(|w| w.decision != Decision::Escalate),
            "{}",
            who(m)
        );
    }
}

/// Improving function or fear while pain stays put is progress, not a reason to escalate.
#[test]
fn function_improving_is_not_escalated() {
    for m in of(Trajectory::FunctionNotPain) {
        assert!(
            m.weeks
                .iter()
                .all(|w| !w.reasons.iter().any(|r| r == "no_meaningful_improvement")),
            "{}",
            who(m)
        );
    }
}

/// Sessions at 6/10 that settle by the next morning hold or step that exercise down; the
/// plan is not sent back to its flare phase, and walking is not cut week after week.
#[test]
fn sore_sessions_that_settle_do_not_cut_walking_every_week() {
    for m in of(Trajectory::SoreButSettles) {
        assert!(
            m.walking_cuts() <= 1,
            "{} cuts: {}",
            m.walking_cuts(),
            who(m)
        );
    }
}

/// What a member reads names exercises and ideas in words: no snake_case ids, no section signs
/// from the rules file, and a source named once per reason, not once per session.
#[test]
fn what_a_member_reads_has_no_ids_or_section_signs() {
    let id_like = |w: &str| {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '_');
        w.contains('_') && w.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    };
    for m in &report().members {
        for w in &m.weeks {
            for t in &w.texts {
                assert!(!t.contains('§'), "week {}: {t}: {}", w.week, who(m));
                assert!(
                    !t.split_whitespace().any(id_like),
                    "week {}: an id in {t:?}: {}",
                    w.week,
                    who(m)
                );
                assert!(
                    t.matches("Silbernagel 2007").count() <= 1,
                    "week {}: the source repeated in {t:?}",
                    w.week
                );
            }
        }
    }
}
