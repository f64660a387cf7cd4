//! Review rules (contract §4, clinical rules §C), one small hand-built log per rule.
//!
//! Each test states the rule it checks. The expectations come from the rules, not from what the
//! engine happens to print: where the two disagree the test fails and says why.

use std::sync::OnceLock;

use gradus_core::day::Day;
use gradus_core::log::LogEntryInput;
use gradus_core::plan::{Item, Plan};
use gradus_core::review::{Decision, Review, review};
use gradus_core::vocab::{Kind, Phase, RedFlag};
use gradus_core::{Intake, IntakeInput, Library, Settings};
use serde_json::{Value, json};

const DISC: &str = include_str!("../../../examples/intake-disc-flare.json");
const NECK: &str = include_str!("../../../examples/intake-neck-after-fusion.json");
const DESK: &str = include_str!("../../../examples/intake-stiff-desk-worker.json");
const LOG_TWO_WEEKS: &str = include_str!("../../../examples/log-two-weeks.json");

const START: &str = "2026-03-02";

fn lib() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| gradus_content::load().expect("the embedded library loads"))
}

fn intake_input(text: &str) -> IntakeInput {
    gradus_content::json::document(text).expect("example intake parses")
}

fn plan_for(text: &str) -> Plan {
    gradus_core::assess(&intake_input(text), lib(), &Settings::default())
        .expect("example intake is valid")
        .plan
        .expect("example intake gets a plan")
}

fn entries(v: &Value) -> Vec<LogEntryInput> {
    gradus_content::json::document::<Vec<LogEntryInput>>(&v.to_string())
        .expect("hand-built log parses")
}

fn run(plan: &Plan, log: &Value, today: &str) -> Review {
    review(
        plan,
        &entries(log),
        Some(today),
        lib(),
        &Settings::default(),
    )
    .expect("review accepts the log")
}

fn day(n: i64) -> String {
    Day::parse(START).unwrap().plus(n).to_string()
}

/// The exercise items of a plan (not walks, not the warm-up), as a session log lists them.
fn logged_items(plan: &Plan) -> Vec<Value> {
    plan.items()
        .filter(|i| i.kind != Kind::Aerobic && i.kind != Kind::WarmUp)
        .map(|i| json!({ "exercise": i.exercise, "sets": i.sets, "reps": i.reps }))
        .collect()
}

fn session(
    date: &str,
    items: Vec<Value>,
    before: i64,
    during: i64,
    settled: Option<bool>,
) -> Value {
    let mut v = json!({
        "date": date, "type": "session", "items": items,
        "pain_before": before, "pain_during": during, "pain_after": during,
    });
    if let Some(s) = settled {
        v["settled_by_next_morning"] = json!(s);
    }
    v
}

fn checkin(date: &str, pain: i64, flags: &[&str]) -> Value {
    json!({ "date": date, "type": "checkin", "pain": pain, "stiffness": pain, "new_red_flags": flags })
}

/// What happened on one day of a hand-built log.
#[derive(Clone, Copy)]
struct DayLog {
    /// Pain during the session and whether it settled; None = no session.
    session: Option<(i64, Option<bool>)>,
    /// Check-in pain; None = no check-in.
    pain: Option<i64>,
}

fn good(pain: i64) -> DayLog {
    DayLog {
        session: Some((4.min(pain.max(1)), Some(true))),
        pain: Some(pain),
    }
}

/// A log of `days` days from START + `offset`, one session of every plan item per session day.
fn daily(plan: &Plan, offset: i64, days: i64, f: impl Fn(i64) -> DayLog) -> Vec<Value> {
    let mut out = Vec::new();
    for n in 0..days {
        let date = day(offset + n);
        let d = f(n);
        if let Some((during, settled)) = d.session {
            out.push(session(
                &date,
                logged_items(plan),
                d.pain.unwrap_or(3),
                during,
                settled,
            ));
        }
        if let Some(p) = d.pain {
            out.push(checkin(&date, p, &[]));
        }
    }
    out
}

fn last_day(offset: i64, days: i64) -> String {
    day(offset + days - 1)
}

fn item<'a>(plan: &'a Plan, id: &str) -> Option<&'a Item> {
    plan.items().find(|i| i.exercise == id)
}

fn set_level(plan: &mut Plan, id: &str, level: u8) {
    let ex = lib().exercise(id).expect("exercise exists");
    for s in &mut plan.sessions {
        for it in &mut s.items {
            if it.exercise == id {
                *it = gradus_core::plan::dose::item(ex, level, "Set by the test.");
            }
        }
    }
}

fn set_minutes(plan: &mut Plan, id: &str, minutes: u16) {
    for s in &mut plan.sessions {
        for it in &mut s.items {
            if it.exercise == id {
                it.minutes = Some(minutes);
            }
        }
    }
}

fn codes(r: &Review) -> Vec<&str> {
    r.reasons.iter().map(|x| x.code.as_str()).collect()
}

fn details(r: &Review) -> String {
    r.reasons
        .iter()
        .map(|x| x.detail.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn same_dose(a: &Plan, b: &Plan) -> bool {
    a.phase == b.phase && a.sessions == b.sessions && a.exposure_ladder == b.exposure_ladder
}

/// A next plan never moves an item more than one level up, nor a walk more than 5 minutes.
fn assert_one_step(old: &Plan, new: &Plan) {
    for n in new.items() {
        if let Some(o) = item(old, &n.exercise) {
            assert!(
                n.level <= o.level + 1,
                "{} level {} → {}: more than one step",
                n.exercise,
                o.level,
                n.level
            );
            if n.kind == Kind::Aerobic {
                let (a, b) = (o.minutes.unwrap_or(0), n.minutes.unwrap_or(0));
                assert!(b <= a + 5, "{} minutes {a} → {b}: more than 5", n.exercise);
            }
        }
    }
}

/// Easing back never raises any dose and never leaves nothing to do.
fn assert_eased(old: &Plan, new: &Plan) {
    assert!(
        new.items().any(|i| i.kind != Kind::WarmUp),
        "ease_back left an empty plan: {new:#?}"
    );
    if old.items().any(|i| i.kind == Kind::Aerobic) {
        assert!(
            new.items()
                .any(|i| i.kind == Kind::Aerobic && i.minutes.unwrap_or(0) > 0),
            "ease_back dropped the walk: {:#?}",
            new.sessions
        );
    }
    assert!(
        new.items().any(|i| matches!(
            i.kind,
            Kind::Mobility | Kind::Breathing | Kind::DynamicStretch
        )),
        "ease_back dropped gentle range of movement"
    );
    for n in new.items() {
        if let Some(o) = item(old, &n.exercise) {
            assert!(
                n.level <= o.level,
                "ease_back raised {} level {} → {}",
                n.exercise,
                o.level,
                n.level
            );
            assert!(
                n.minutes.unwrap_or(0) <= o.minutes.unwrap_or(0),
                "ease_back raised {} minutes {:?} → {:?}",
                n.exercise,
                o.minutes,
                n.minutes
            );
            if n.level == o.level {
                assert!(
                    n.sets <= o.sets && n.reps <= o.reps && n.hold_seconds <= o.hold_seconds,
                    "ease_back raised {}",
                    n.exercise
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// stop
// ---------------------------------------------------------------------------------------------

#[test]
fn stop_when_a_checkin_reports_a_red_flag_plan_null_with_triage_advice() {
    let plan = plan_for(DISC);
    let mut log = daily(&plan, 0, 7, |_| good(5));
    log.push(checkin(&day(4), 5, &["saddle_numbness"]));
    let r = run(&plan, &json!(log), &day(6));
    assert_eq!(r.decision, Decision::Stop);
    assert!(r.plan.is_none(), "stop must carry no plan");
    let v = serde_json::to_value(&r).unwrap();
    assert!(
        v["plan"].is_null(),
        "plan must serialise as null: {}",
        v["plan"]
    );

    // The reason carries the triage advice for that flag (triage is the source of the advice).
    let mut intake = Intake::parse(&intake_input(DISC)).unwrap();
    intake.red_flags.insert(RedFlag::SaddleNumbness);
    let advice =
        gradus_core::triage::flag_rule(RedFlag::SaddleNumbness, &intake, &Settings::default())
            .unwrap()
            .advice;
    assert!(codes(&r).contains(&"new_red_flag"), "{:?}", r.reasons);
    let text = details(&r);
    assert!(
        text.contains(&advice),
        "the triage advice is missing from {text}"
    );
    assert!(
        text.contains("saddle_numbness") && text.contains(&day(4)),
        "the flag and its date are named: {text}"
    );
}

#[test]
fn stop_outranks_a_flare_a_hard_session_and_low_adherence() {
    let plan = plan_for(DISC);
    let log = json!([
        session(&day(0), logged_items(&plan), 6, 8, Some(false)),
        checkin(&day(1), 9, &[]),
        checkin(
            &day(2),
            9,
            &["bladder_or_bowel_change", "bilateral_leg_symptoms"]
        ),
    ]);
    let r = run(&plan, &log, &day(2));
    assert_eq!(r.decision, Decision::Stop);
    assert!(r.plan.is_none());
    let text = details(&r);
    assert!(
        text.contains("bladder_or_bowel_change") && text.contains("bilateral_leg_symptoms"),
        "every new flag is named: {text}"
    );
    assert!(
        text.to_lowercase().contains("emergency"),
        "cauda equina signs send the person to emergency care: {text}"
    );
}

#[test]
fn stop_on_a_neck_warning_sign_carries_the_neck_advice() {
    let plan = plan_for(NECK);
    let mut log = daily(&plan, 0, 7, |_| good(3));
    log.push(checkin(&day(5), 3, &["dizziness_or_drop_attacks"]));
    let r = run(&plan, &json!(log), &day(6));
    assert_eq!(r.decision, Decision::Stop);
    assert!(r.plan.is_none());
    let intake = Intake::parse(&intake_input(NECK)).unwrap();
    let advice = gradus_core::triage::flag_rule(
        RedFlag::DizzinessOrDropAttacks,
        &intake,
        &Settings::default(),
    )
    .unwrap()
    .advice;
    assert!(details(&r).contains(&advice));
}

// ---------------------------------------------------------------------------------------------
// ease_back
// ---------------------------------------------------------------------------------------------

#[test]
fn shipped_two_week_log_eases_back() {
    let plan = plan_for(DISC);
    let log: Vec<LogEntryInput> =
        gradus_content::json::document(LOG_TWO_WEEKS).expect("example log parses");
    let r = review(&plan, &log, Some("2026-11-10"), lib(), &Settings::default())
        .expect("example log is valid");
    assert_eq!(r.decision, Decision::EaseBack, "{:#?}", r.reasons);
    let next = r.plan.as_ref().expect("ease_back keeps a plan");
    assert_eased(&plan, next);
    // Reasons quote the log: the session of 2026-11-09 reached 7/10 and did not settle.
    let text = details(&r);
    assert!(
        text.contains("2026-11-09") && text.contains("7/10"),
        "{text}"
    );
    assert!(codes(&r).contains(&"session_too_hard"));
}

#[test]
fn pain_during_above_five_lowers_what_provoked_it_by_one_level() {
    let plan = plan_for(NECK);
    assert_eq!(
        item(&plan, "chin_tuck").unwrap().level,
        2,
        "fixture: chin_tuck starts at level 2"
    );
    let mut log = daily(&plan, 0, 6, |_| good(3));
    log.push(session(
        &day(6),
        vec![json!({ "exercise": "chin_tuck", "sets": 1, "reps": 10 })],
        3,
        7,
        Some(true),
    ));
    log.push(checkin(&day(6), 3, &[]));
    let r = run(&plan, &json!(log), &day(6));
    assert_eq!(r.decision, Decision::EaseBack, "{:#?}", r.reasons);
    let next = r.plan.as_ref().unwrap();
    assert_eased(&plan, next);
    assert_eq!(
        item(next, "chin_tuck").unwrap().level,
        1,
        "chin_tuck provoked it: one level down"
    );
    for o in plan.items().filter(|i| i.exercise != "chin_tuck") {
        assert_eq!(
            item(next, &o.exercise),
            Some(o),
            "{} did not provoke anything and must not change",
            o.exercise
        );
    }
    assert_eq!(next.version, plan.version + 1);
    let change = next
        .changes
        .iter()
        .find(|c| c.exercise.as_deref() == Some("chin_tuck"))
        .expect("a change names chin_tuck");
    assert!(
        change.text.starts_with("Chin Tuck")
            && change.text.contains('→')
            && change.text.contains("because"),
        "{}",
        change.text
    );
    assert!(
        details(&r).contains("7/10") && details(&r).contains(&day(6)),
        "{}",
        details(&r)
    );
}

#[test]
fn pain_during_of_exactly_five_is_acceptable() {
    let plan = plan_for(DISC);
    let log = daily(&plan, 0, 7, |_| DayLog {
        session: Some((5, Some(true))),
        pain: Some(5),
    });
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_ne!(
        r.decision,
        Decision::EaseBack,
        "5/10 during is within the limit: {:#?}",
        r.reasons
    );
    assert_eq!(r.decision, Decision::Progress, "{:#?}", r.reasons);
}

#[test]
fn a_session_not_settled_by_next_morning_eases_back() {
    let plan = plan_for(NECK);
    let log = daily(&plan, 0, 7, |n| DayLog {
        session: Some((3, Some(n != 6))),
        pain: Some(3),
    });
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::EaseBack, "{:#?}", r.reasons);
    assert_eased(&plan, r.plan.as_ref().unwrap());
    assert!(
        details(&r).contains(&day(6)),
        "the date of the unsettled session is quoted: {}",
        details(&r)
    );
}

/// Clinical rules §C: "Over 5, or next-morning pain above baseline → drop back a level." The rule
/// has no exception for sessions that went well afterwards: a session over the limit in the
/// window calls for ease_back.
#[test]
fn a_session_over_the_limit_early_in_the_window_still_eases_back() {
    let plan = plan_for(NECK);
    let log = daily(&plan, 0, 7, |n| DayLog {
        session: Some((if n == 0 { 7 } else { 3 }, Some(true))),
        pain: Some(3),
    });
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_ne!(
        r.decision,
        Decision::Progress,
        "never progress with a session over the limit in the window"
    );
    assert_eq!(
        r.decision,
        Decision::EaseBack,
        "pain during 7/10 on {} is over the 5/10 limit: the rule says ease back, got {:?} {:#?}",
        day(0),
        r.decision,
        r.reasons
    );
}

#[test]
fn flare_check_in_pain_two_above_baseline_on_consecutive_days_eases_back() {
    let plan = plan_for(DISC); // baseline 6
    assert_eq!(plan.baseline.pain, 6.0);
    let log = daily(&plan, 0, 7, |n| DayLog {
        session: Some((4, Some(true))),
        pain: Some(if n == 4 || n == 5 { 8 } else { 5 }),
    });
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::EaseBack, "{:#?}", r.reasons);
    assert!(codes(&r).contains(&"flare"), "{:?}", codes(&r));
    let next = r.plan.as_ref().unwrap();
    assert_eased(&plan, next);
    // Everything is at level 1 in the flare phase already: the walk gets shorter but stays.
    let (w0, w1) = (
        item(&plan, "walking").unwrap().minutes.unwrap(),
        item(next, "walking").unwrap().minutes.unwrap(),
    );
    assert!(w1 < w0 && w1 > 0, "walk {w0} → {w1}");
    assert_eq!(next.phase, Phase::Flare);
}

#[test]
fn raised_pain_on_days_apart_or_only_one_point_up_is_not_a_flare() {
    let plan = plan_for(DISC);
    let apart = daily(&plan, 0, 7, |n| DayLog {
        session: Some((4, Some(true))),
        pain: Some(if n == 1 || n == 4 { 8 } else { 5 }),
    });
    let r = run(&plan, &json!(apart), &last_day(0, 7));
    assert_ne!(
        r.decision,
        Decision::EaseBack,
        "8/10 on two days that are not consecutive is not a flare: {:#?}",
        r.reasons
    );
    let one_up = daily(&plan, 0, 7, |_| DayLog {
        session: Some((4, Some(true))),
        pain: Some(7),
    });
    let r = run(&plan, &json!(one_up), &last_day(0, 7));
    assert_ne!(
        r.decision,
        Decision::EaseBack,
        "one point above baseline is not a flare: {:#?}",
        r.reasons
    );
}

#[test]
fn whole_picture_flare_in_rebuild_goes_back_to_the_flare_phase_never_to_nothing() {
    let plan = plan_for(DESK); // rebuild, baseline 3
    assert_eq!(plan.phase, Phase::Rebuild);
    let log = daily(&plan, 0, 7, |n| DayLog {
        session: Some((4, Some(true))),
        pain: Some(if n >= 4 { 6 } else { 3 }),
    });
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::EaseBack, "{:#?}", r.reasons);
    let next = r.plan.as_ref().unwrap();
    assert_eq!(
        next.phase,
        Phase::Flare,
        "a whole-picture flare goes back to the flare phase"
    );
    assert_eased(&plan, next);
    assert_eq!(next.version, plan.version + 1);
    assert!(!next.changes.is_empty());
}

#[test]
fn ease_back_lowers_every_raised_item_after_a_flare_and_raises_nothing() {
    let mut plan = plan_for(DISC);
    for id in ["pelvic_tilt", "knee_hug", "knee_rocking"] {
        set_level(&mut plan, id, 3);
    }
    set_minutes(&mut plan, "walking", 20);
    let log = daily(&plan, 0, 7, |n| DayLog {
        session: Some((6, Some(n < 5))),
        pain: Some(if n >= 5 { 9 } else { 6 }),
    });
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::EaseBack, "{:#?}", r.reasons);
    let next = r.plan.as_ref().unwrap();
    assert_eased(&plan, next);
    for id in ["pelvic_tilt", "knee_hug", "knee_rocking"] {
        assert_eq!(
            item(next, id).map(|i| i.level),
            Some(2),
            "{id} 3 → 2 (one level, not more)"
        );
    }
    assert_eq!(
        item(next, "walking").unwrap().minutes,
        Some(15),
        "walk 20 → 15 min"
    );
}

#[test]
fn ease_back_at_the_gentlest_dose_keeps_the_plan_and_its_version() {
    let plan = plan_for(DISC); // all level 1
    let mut log = daily(&plan, 0, 6, |_| good(5));
    log.push(session(
        &day(6),
        vec![json!({ "exercise": "pelvic_tilt", "sets": 1, "reps": 6 })],
        5,
        7,
        Some(false),
    ));
    let r = run(&plan, &json!(log), &day(6));
    assert_eq!(r.decision, Decision::EaseBack);
    let next = r.plan.as_ref().unwrap();
    assert_eased(&plan, next);
    assert!(same_dose(&plan, next));
    assert_eq!(
        next.version, plan.version,
        "nothing changed, so the version stays"
    );
}

// ---------------------------------------------------------------------------------------------
// progress
// ---------------------------------------------------------------------------------------------

#[test]
fn progress_when_adherent_tolerated_and_stable_one_step_each() {
    let plan = plan_for(DISC);
    let log = daily(&plan, 0, 7, |_| good(5));
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::Progress, "{:#?}", r.reasons);
    let next = r.plan.as_ref().unwrap();
    assert_one_step(&plan, next);
    assert_eq!(
        next.phase,
        Phase::Flare,
        "mean pain 5 has not settled enough to leave the flare phase"
    );
    assert!(
        plan.items()
            .zip(next.items())
            .any(|(a, b)| b.level == a.level + 1),
        "something moved up a level"
    );
    let walk = item(next, "walking").unwrap().minutes.unwrap();
    assert!(
        (10..=15).contains(&walk),
        "walk 10 → {walk} min: never down, never more than +5"
    );
    assert_eq!(next.version, plan.version + 1);
    assert!(!next.changes.is_empty());
    // Change list: "<exercise> <old> → <new> because …", one entry per changed item.
    for n in next.items() {
        let o = item(&plan, &n.exercise).unwrap();
        if n != o {
            let c = next
                .changes
                .iter()
                .find(|c| c.exercise.as_deref() == Some(n.exercise.as_str()))
                .unwrap_or_else(|| panic!("{} changed without a change entry", n.exercise));
            assert!(
                c.text.starts_with(&n.name) && c.text.contains('→') && c.text.contains("because"),
                "{}",
                c.text
            );
            if let (Some(a), Some(b)) = (o.reps, n.reps)
                && a != b
            {
                assert!(
                    c.text.contains(&a.to_string()) && c.text.contains(&b.to_string()),
                    "reps {a} → {b} quoted: {}",
                    c.text
                );
            }
        }
    }
    // Reasons quote the log's figures.
    assert!(details(&r).contains("7 of 7"), "{}", details(&r));
    assert!(details(&r).contains("5/10"), "{}", details(&r));
}

/// Walking is its own session (clinical rules §G; WalkBack, Pocovi 2024): it grows by about
/// 10–20% a week towards 30 minutes, not capped by the 15 minutes the exercise session has
/// (disc example: the walk starts at 10).
#[test]
fn progress_grows_the_walk_by_ten_to_twenty_percent_towards_thirty_minutes() {
    let mut plan = plan_for(DISC);
    assert_eq!(
        item(&plan, "walking").unwrap().minutes,
        Some(10),
        "fixture: 70% of 15 minutes"
    );
    let mut log = Vec::new();
    let mut minutes = vec![10u16];
    for week in 0..12 {
        log.extend(daily(&plan, week * 7, 7, |_| good(4)));
        let r = run(&plan, &json!(log), &last_day(week * 7, 7));
        if minutes.last() < Some(&30) {
            assert_eq!(
                r.decision,
                Decision::Progress,
                "week {}: {:#?}",
                week + 1,
                r.reasons
            );
        }
        plan = r.plan.unwrap();
        minutes.push(item(&plan, "walking").unwrap().minutes.unwrap());
    }
    for w in minutes.windows(2) {
        let rise = f64::from(w[1]) / f64::from(w[0]) - 1.0;
        assert!(
            (0.0..=0.2).contains(&rise),
            "walking {} → {} min is not 0–20%: {minutes:?}",
            w[0],
            w[1]
        );
    }
    // The first review moves the disc plan from flare to rebuild (the walk is carried over);
    // from then on it grows every week.
    assert!(
        minutes[2] > 10,
        "it grows from the second review: {minutes:?}"
    );
    assert_eq!(
        minutes.last(),
        Some(&30),
        "reaches 30 minutes, past the 15-minute session: {minutes:?}"
    );
}

#[test]
fn progress_at_seventy_percent_adherence_but_not_below() {
    let plan = plan_for(DISC); // 7 a week
    let five = daily(&plan, 0, 7, |n| DayLog {
        session: (n < 5).then_some((4, Some(true))),
        pain: Some(5),
    });
    let r = run(&plan, &json!(five), &last_day(0, 7));
    assert_eq!(
        r.decision,
        Decision::Progress,
        "5 of 7 is 71%: {:#?}",
        r.reasons
    );
    // 4 of 7 is 57%, but every one tolerated: the plan is refitted to the 4 days managed and
    // progresses on what is done (clinical rules §G: a plan done beats a plan abandoned).
    let four = daily(&plan, 0, 7, |n| DayLog {
        session: (n < 4).then_some((4, Some(true))),
        pain: Some(5),
    });
    let r = run(&plan, &json!(four), &last_day(0, 7));
    assert_eq!(
        r.decision,
        Decision::Progress,
        "4 of 7 tolerated: {:#?}",
        r.reasons
    );
    assert!(codes(&r).contains(&"days_refitted"), "{:?}", codes(&r));
    let next = r.plan.as_ref().unwrap();
    let exercise_days: Vec<u8> = next
        .sessions
        .iter()
        .filter(|s| s.items.iter().any(|i| i.kind != Kind::Aerobic))
        .map(|s| s.days_per_week)
        .collect();
    assert_eq!(exercise_days, vec![4], "{:#?}", next.sessions);
    assert!(
        next.changes.iter().any(|c| c.text.contains("7 → 4")),
        "{:#?}",
        next.changes
    );
}

#[test]
fn phase_moves_flare_to_rebuild_when_pain_has_settled() {
    let plan = plan_for(DISC);
    let log = daily(&plan, 0, 7, |_| good(3));
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::Progress, "{:#?}", r.reasons);
    let next = r.plan.as_ref().unwrap();
    assert_eq!(next.phase, Phase::Rebuild);
    assert_one_step(&plan, next);
    assert!(
        next.changes
            .iter()
            .any(|c| c.text.contains("flare") && c.text.contains("rebuild")),
        "{:?}",
        next.changes
    );
    assert!(codes(&r).contains(&"phase_up"));
    assert_eq!(next.version, plan.version + 1);
}

#[test]
fn phase_moves_one_step_per_review_even_when_pain_is_very_low() {
    let plan = plan_for(DISC);
    let log = daily(&plan, 0, 7, |_| good(1));
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::Progress, "{:#?}", r.reasons);
    assert_eq!(
        r.plan.as_ref().unwrap().phase,
        Phase::Rebuild,
        "flare → rebuild, never straight to maintain"
    );
}

/// Issue 9 point 4: a plan drafted for a clinician to approve (after spinal surgery) is never
/// progressed while it waits, however well the sessions go.
#[test]
fn a_draft_awaiting_approval_is_never_progressed() {
    let plan = plan_for(NECK);
    assert!(
        plan.requires_clinician_approval,
        "fixture: neck after fusion is supervised"
    );
    let log = daily(&plan, 0, 7, |_| good(2));
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::Hold, "{:#?}", r.reasons);
    assert!(codes(&r).contains(&"awaiting_approval"), "{:?}", codes(&r));
    assert!(same_dose(&plan, r.plan.as_ref().unwrap()));
}

#[test]
fn phase_moves_rebuild_to_maintain_when_pain_is_low() {
    let plan = plan_for(DESK);
    let log = daily(&plan, 0, 7, |_| good(2));
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::Progress, "{:#?}", r.reasons);
    let next = r.plan.as_ref().unwrap();
    assert_eq!(next.phase, Phase::Maintain);
    assert_one_step(&plan, next);
}

#[test]
fn progress_moves_levels_by_one_even_from_high_levels() {
    let mut plan = plan_for(NECK);
    // After spinal fusion the plan is a draft until a clinician approves it; approved here.
    plan.requires_clinician_approval = false;
    set_level(&mut plan, "bridge", 3);
    set_level(&mut plan, "bird_dog", 4);
    let log = daily(&plan, 0, 7, |n| DayLog {
        session: (n != 3).then_some((3, Some(true))),
        pain: Some(3),
    });
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::Progress, "{:#?}", r.reasons);
    assert_one_step(&plan, r.plan.as_ref().unwrap());
}

/// A phase change keeps each session within the minutes the person said they have (disc example:
/// 15 minutes), as the plan it replaces was (the plan is "fitted to the person's minutes").
#[test]
fn a_phase_change_keeps_sessions_within_the_time_available() {
    let mut plan = plan_for(DISC);
    for id in [
        "diaphragmatic_breathing",
        "pelvic_tilt",
        "knee_hug",
        "knee_rocking",
    ] {
        set_level(&mut plan, id, 4);
    }
    let log = daily(&plan, 0, 7, |_| good(3));
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::Progress, "{:#?}", r.reasons);
    let next = r.plan.as_ref().unwrap();
    assert_eq!(next.phase, Phase::Rebuild);
    for s in &next.sessions {
        assert!(
            s.minutes <= 15,
            "\"{}\" takes {} minutes, more than the 15 available: {:?}",
            s.name,
            s.minutes,
            s.items
                .iter()
                .map(|i| format!("{} L{}", i.exercise, i.level))
                .collect::<Vec<_>>()
        );
    }
}

/// A hold must say what would unlock progress, truthfully: "every exercise is at its top level"
/// only when it is so.
#[test]
fn a_hold_claims_every_exercise_is_at_its_top_only_when_it_is() {
    for text in [DISC, NECK, DESK] {
        let mut plan = plan_for(text);
        let mut log = Vec::new();
        // Walk several good weeks forward so that the session fills the time available.
        for week in 0..6 {
            log.extend(daily(&plan, week * 7, 7, |_| {
                good(plan.baseline.pain as i64)
            }));
            let r = run(&plan, &json!(log), &last_day(week * 7, 7));
            if r.reasons.iter().any(|x| x.code == "at_top") {
                let below: Vec<String> = plan
                    .items()
                    .filter(|i| {
                        !matches!(i.kind, Kind::WarmUp | Kind::Aerobic) && i.level < i.top_level
                    })
                    .map(|i| format!("{} L{}/{}", i.exercise, i.level, i.top_level))
                    .collect();
                assert!(
                    below.is_empty(),
                    "week {}: hold says every exercise is at its top level, but these are not: {below:?} ({})",
                    week + 1,
                    details(&r)
                );
            }
            plan = r.plan.clone().unwrap();
        }
    }
}

// ---------------------------------------------------------------------------------------------
// hold
// ---------------------------------------------------------------------------------------------

#[test]
fn hold_on_low_adherence_says_what_would_unlock_progress() {
    // One day a week is too few to build a plan on: hold, and say what would unlock progress.
    let plan = plan_for(DISC);
    let log = daily(&plan, 0, 7, |n| DayLog {
        session: (n == 2).then_some((4, Some(true))),
        pain: Some(5),
    });
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::Hold, "{:#?}", r.reasons);
    assert!(codes(&r).contains(&"adherence_too_low"));
    let text = details(&r);
    assert!(text.contains("1 of 7"), "quotes the sessions done: {text}");
    assert!(
        text.contains("at least 5"),
        "says what unlocks progress (5 of 7 is 70%): {text}"
    );
    let next = r.plan.as_ref().unwrap();
    assert!(same_dose(&plan, next));
    assert_eq!(next.version, plan.version);
    assert!(next.changes.is_empty());
}

#[test]
fn hold_when_a_session_has_no_answer_about_settling() {
    let plan = plan_for(DISC);
    let log = daily(&plan, 0, 7, |n| DayLog {
        session: Some((4, if n == 6 { None } else { Some(true) })),
        pain: Some(5),
    });
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::Hold, "{:#?}", r.reasons);
    assert!(codes(&r).contains(&"settling_unknown"), "{:?}", codes(&r));
}

#[test]
fn hold_when_pain_is_rising_week_on_week() {
    let plan = plan_for(DISC); // baseline 6: 4 is no flare against the start or the recent 3
    let mut log = daily(&plan, 0, 7, |_| good(3));
    log.extend(daily(&plan, 7, 7, |_| good(4)));
    let r = run(&plan, &json!(log), &last_day(7, 7));
    assert_eq!(r.decision, Decision::Hold, "{:#?}", r.reasons);
    assert!(codes(&r).contains(&"pain_rising"));
    let text = details(&r);
    assert!(text.contains("3/10") && text.contains("4/10"), "{text}");
}

/// Clinical rules §G: a flare is judged against the recent level as well as the start. Two
/// points up from a recovered 3/10 for days is a flare even though 5/10 is below the starting
/// 6/10.
#[test]
fn a_rise_above_the_recent_level_is_a_flare() {
    let plan = plan_for(DISC); // baseline 6
    let mut log = daily(&plan, 0, 7, |_| good(3));
    log.extend(daily(&plan, 7, 7, |_| good(5)));
    let r = run(&plan, &json!(log), &last_day(7, 7));
    assert_eq!(r.decision, Decision::EaseBack, "{:#?}", r.reasons);
    assert!(codes(&r).contains(&"flare"), "{:?}", codes(&r));
    assert!(
        details(&r).contains("recent level of 3/10"),
        "{}",
        details(&r)
    );
}

// ---------------------------------------------------------------------------------------------
// escalate
// ---------------------------------------------------------------------------------------------

#[test]
fn escalate_when_no_meaningful_improvement_after_six_weeks() {
    let plan = plan_for(DISC); // baseline 6
    let log = daily(&plan, 0, 49, |_| good(6));
    let r = run(&plan, &json!(log), &last_day(0, 49));
    assert_eq!(r.decision, Decision::Escalate, "{:#?}", r.reasons);
    assert!(codes(&r).contains(&"no_meaningful_improvement"));
    assert!(
        r.plan.is_some(),
        "escalate keeps the person moving with a plan"
    );
    assert!(details(&r).contains("6/10"), "{}", details(&r));
}

/// Clinical rules §G (floor effects): when pain does not move but the feared activity now feels
/// a real amount less harmful (Leeuw 2007: 20 points), that is progress, not a reason to escalate.
#[test]
fn less_fear_counts_as_progress_when_pain_does_not_move() {
    let plan = plan_for(DISC); // baseline 6; fears "picking up my toddler" at 75
    assert_eq!(plan.exposure_ladder.first().map(|x| x.rating), Some(75));
    let mut log = daily(&plan, 0, 49, |_| good(6));
    log.push(
        json!({ "date": day(47), "type": "checkin", "pain": 6, "stiffness": 5, "new_red_flags": [],
                     "exposure": { "step": 1, "done": true, "fear": 50 } }),
    );
    let r = run(&plan, &json!(log), &last_day(0, 49));
    assert_ne!(
        r.decision,
        Decision::Escalate,
        "fear 75 → 50: {:#?}",
        r.reasons
    );
    // A fall of 10 points is not a real change: still escalated.
    let mut log = daily(&plan, 0, 49, |_| good(6));
    log.push(
        json!({ "date": day(47), "type": "checkin", "pain": 6, "stiffness": 5, "new_red_flags": [],
                     "exposure": { "step": 1, "done": true, "fear": 65 } }),
    );
    let r = run(&plan, &json!(log), &last_day(0, 49));
    assert_eq!(
        r.decision,
        Decision::Escalate,
        "fear 75 → 65: {:#?}",
        r.reasons
    );
}

/// An Oswestry Disability Index entered by the clinic that fell by at least its minimal
/// important difference (10 points, Ostelo 2008) is progress in function when pain does not
/// move; a fall of less than that is not.
#[test]
fn a_meaningful_fall_in_the_oswestry_index_counts_as_progress() {
    let plan = plan_for(DISC);
    let odi = |date: String, items: [i64; 10]| json!({ "date": date, "type": "measure", "measure": "odi", "items": items });
    // 20 of 50 = 40%, then 14 of 50 = 28%: 12 points better.
    let mut log = daily(&plan, 0, 49, |_| good(6));
    log.push(odi(day(1), [2; 10]));
    log.push(odi(day(45), [2, 2, 2, 2, 1, 1, 1, 1, 1, 1]));
    let r = run(&plan, &json!(log), &last_day(0, 49));
    assert_ne!(
        r.decision,
        Decision::Escalate,
        "ODI 40% → 28%: {:#?}",
        r.reasons
    );
    // 40% → 32%: 8 points, less than the 10 that matter.
    let mut log = daily(&plan, 0, 49, |_| good(6));
    log.push(odi(day(1), [2; 10]));
    log.push(odi(day(45), [2, 2, 2, 2, 2, 2, 1, 1, 1, 1]));
    let r = run(&plan, &json!(log), &last_day(0, 49));
    assert_eq!(
        r.decision,
        Decision::Escalate,
        "ODI 40% → 32%: {:#?}",
        r.reasons
    );
}

/// A questionnaire entry is checked like any other: a section scored 6 is refused with its path.
#[test]
fn a_measure_entry_with_a_section_out_of_range_is_refused_with_its_path() {
    let plan = plan_for(DISC);
    let log = json!([{ "date": day(1), "type": "measure", "measure": "ndi",
        "items": [0, 1, 2, 3, 4, 5, 6, 0, 0, 0] }]);
    let err = review(
        &plan,
        &entries(&log),
        Some(&day(2)),
        lib(),
        &Settings::default(),
    )
    .expect_err("a section of 6 is out of range");
    assert!(
        err.0
            .iter()
            .any(|f| f.path == "[0].items[6]" && f.message.contains("0..=5")),
        "{err:?}"
    );
}

/// Six full weeks of log (42 days, 2026-03-02 to 2026-04-12) is "after 6 weeks".
#[test]
fn escalate_at_the_end_of_the_sixth_week_not_a_week_later() {
    let plan = plan_for(DISC);
    let log = daily(&plan, 0, 42, |_| good(6));
    let r = run(&plan, &json!(log), &last_day(0, 42));
    assert_eq!(
        r.decision,
        Decision::Escalate,
        "42 days of unchanged pain (weeks_logged {}) is six weeks: {:#?}",
        r.figures.weeks_logged,
        r.reasons
    );
}

#[test]
fn no_escalation_before_six_weeks() {
    let plan = plan_for(DISC);
    let log = daily(&plan, 0, 35, |_| good(6));
    let r = run(&plan, &json!(log), &last_day(0, 35));
    assert_ne!(r.decision, Decision::Escalate, "{:#?}", r.reasons);
}

#[test]
fn a_thirty_percent_fall_in_pain_is_meaningful() {
    let plan = plan_for(DESK); // baseline 3: 2/10 is 1 point but 33%
    let log = daily(&plan, 0, 49, |n| if n < 7 { good(3) } else { good(2) });
    let r = run(&plan, &json!(log), &last_day(0, 49));
    assert_ne!(
        r.decision,
        Decision::Escalate,
        "3 → 2 is a 33% fall: {:#?}",
        r.reasons
    );
    let flat = daily(&plan, 0, 49, |n| good(if n % 2 == 0 { 3 } else { 2 }));
    let r = run(&plan, &json!(flat), &last_day(0, 49));
    assert_eq!(
        r.decision,
        Decision::Escalate,
        "about 2.5 against 3 is under 30%: {:#?}",
        r.reasons
    );
}

#[test]
fn a_two_point_rise_in_goal_ratings_is_meaningful() {
    let plan = plan_for(DISC); // goals: ability 2
    assert_eq!(plan.baseline.psfs, Some(2.0));
    let with_goals = |ability: i64| {
        let mut log = daily(&plan, 0, 49, |_| good(6));
        log.push(json!({ "date": day(48), "type": "checkin", "pain": 6, "stiffness": 5, "new_red_flags": [],
                         "goals": [ { "activity": "carry my toddler up the stairs", "ability": ability } ] }));
        log
    };
    let r = run(&plan, &json!(with_goals(4)), &day(48));
    assert_ne!(
        r.decision,
        Decision::Escalate,
        "PSFS 2 → 4 is a meaningful change: {:#?}",
        r.reasons
    );
    let r = run(&plan, &json!(with_goals(3)), &day(48));
    assert_eq!(
        r.decision,
        Decision::Escalate,
        "PSFS 2 → 3 is not: {:#?}",
        r.reasons
    );
}

#[test]
fn escalate_when_pain_worsens_over_weeks() {
    let plan = plan_for(DESK); // baseline 3
    let mut log = daily(&plan, 0, 7, |_| good(3));
    log.extend(daily(&plan, 7, 7, |_| good(4)));
    log.extend(daily(&plan, 14, 7, |_| good(5)));
    let r = run(&plan, &json!(log), &last_day(14, 7));
    assert_eq!(r.decision, Decision::Escalate, "{:#?}", r.reasons);
    assert!(codes(&r).contains(&"worsening_trend"));
    let text = details(&r);
    assert!(
        text.contains("5/10") && text.contains("4/10") && text.contains("3/10"),
        "quotes the weekly means: {text}"
    );
    let next = r.plan.as_ref().expect("escalate keeps a plan");
    assert!(next.items().next().is_some());
    assert_one_step(&plan, next);
}

/// Clinical rules §A, issue 9 point 3: a minor fall reported in a check-in, without the
/// fracture signs (fragile bone and real pain), is a note for the person and the care team, not
/// a stop; the review goes on and says so.
#[test]
fn a_minor_fall_in_a_checkin_is_a_note_not_a_stop() {
    let plan = plan_for(DESK); // 34, no fragile bone
    let mut log = daily(&plan, 0, 7, |_| good(3));
    log.push(checkin(&day(5), 3, &["minor_trauma"]));
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_ne!(r.decision, Decision::Stop, "{:#?}", r.reasons);
    assert!(r.plan.is_some());
    let note = r
        .reasons
        .iter()
        .find(|x| x.code == "sign_noted")
        .unwrap_or_else(|| panic!("{:#?}", r.reasons));
    assert!(note.detail.contains(&day(5)), "{}", note.detail);
    assert!(!note.detail.contains('§'), "{}", note.detail);
    // Saddle numbness in the same place still stops everything.
    let mut log = daily(&plan, 0, 7, |_| good(3));
    log.push(checkin(&day(5), 3, &["saddle_numbness"]));
    let r = run(&plan, &json!(log), &last_day(0, 7));
    assert_eq!(r.decision, Decision::Stop, "{:#?}", r.reasons);
}

/// Clinical rules §G: slow worsening of half a point a week must not wait five weeks. Three
/// weeks of 3.5, 4 and 4.5 against a start of 3 reach the care team at the third review.
#[test]
fn slow_steady_worsening_is_escalated_at_week_three() {
    let plan = plan_for(DESK); // baseline 3
    let alternate = |lo: i64| move |n: i64| good(if n % 2 == 0 { lo } else { lo + 1 });
    let mut log = daily(&plan, 0, 7, alternate(3));
    log.extend(daily(&plan, 7, 7, |_| good(4)));
    let r = run(&plan, &json!(log), &last_day(7, 7));
    assert_ne!(
        r.decision,
        Decision::Escalate,
        "two weeks is too soon: {:#?}",
        r.reasons
    );
    log.extend(daily(&plan, 14, 7, alternate(4)));
    let r = run(&plan, &json!(log), &last_day(14, 7));
    assert_eq!(r.decision, Decision::Escalate, "{:#?}", r.reasons);
    assert!(codes(&r).contains(&"worsening_trend"));
}

/// Clinical rules §G: escalate once with a summary; while the care team looks, the plan changes
/// approach (one step gentler) instead of repeating the same escalation every week.
#[test]
fn an_escalation_is_not_repeated_the_next_week() {
    let plan = plan_for(DESK); // baseline 3
    let mut log = daily(&plan, 0, 7, |_| good(3));
    log.extend(daily(&plan, 7, 7, |_| good(4)));
    log.extend(daily(&plan, 14, 7, |_| good(5)));
    let first = run(&plan, &json!(log), &last_day(14, 7));
    assert_eq!(first.decision, Decision::Escalate, "{:#?}", first.reasons);
    let next = first.plan.expect("escalate keeps a plan");
    assert_eq!(next.escalated_on.as_deref(), Some(last_day(14, 7).as_str()));
    log.extend(daily(&next, 21, 7, |_| good(5)));
    let second = run(&next, &json!(log), &last_day(21, 7));
    assert_ne!(second.decision, Decision::Escalate, "{:#?}", second.reasons);
    assert!(
        codes(&second).contains(&"care_team_asked"),
        "{:?}",
        codes(&second)
    );
    // Four weeks on, still worse: the care team is asked again.
    let mut later = second.plan.expect("a plan");
    later.escalated_on = Some(day(-10));
    log.extend(daily(&later, 28, 7, |_| good(5)));
    let third = run(&later, &json!(log), &last_day(28, 7));
    assert_eq!(third.decision, Decision::Escalate, "{:#?}", third.reasons);
}

/// Clinical rules §G (floor effects): at 2/10 a further 2-point fall is not expected, so seven
/// weeks at 2/10 are no reason to escalate.
#[test]
fn low_pain_that_stays_low_is_not_escalated() {
    let low = DESK.replace(r#""average": 3"#, r#""average": 2"#);
    let plan = plan_for(&low);
    assert_eq!(plan.baseline.pain, 2.0);
    let log = daily(&plan, 0, 49, |_| good(2));
    let r = run(&plan, &json!(log), &last_day(0, 49));
    assert_ne!(r.decision, Decision::Escalate, "{:#?}", r.reasons);
}

#[test]
fn escalate_when_pain_stays_well_above_baseline_for_weeks() {
    let plan = plan_for(DESK); // baseline 3
    let mut log = daily(&plan, 0, 7, |_| good(3));
    log.extend(daily(&plan, 7, 14, |_| DayLog {
        session: Some((4, Some(true))),
        pain: Some(5),
    }));
    let r = run(&plan, &json!(log), &last_day(7, 14));
    assert_eq!(r.decision, Decision::Escalate, "{:#?}", r.reasons);
}

// ---------------------------------------------------------------------------------------------
// log validation and reading
// ---------------------------------------------------------------------------------------------

#[test]
fn pain_during_eleven_is_refused_with_its_path() {
    let plan = plan_for(DISC);
    let log = json!([
        checkin(&day(0), 4, &[]),
        session(&day(1), vec![], 4, 11, Some(true))
    ]);
    let err = review(
        &plan,
        &entries(&log),
        Some(&day(1)),
        lib(),
        &Settings::default(),
    )
    .expect_err("11/10 is out of range");
    assert!(
        err.0
            .iter()
            .any(|e| e.path.contains("pain_during") && e.path.contains("[1]")),
        "{err}"
    );
}

#[test]
fn an_impossible_date_is_refused_naming_the_date() {
    let plan = plan_for(DISC);
    let log = json!([checkin("2026-02-30", 4, &[])]);
    let err = review(
        &plan,
        &entries(&log),
        Some("2026-03-02"),
        lib(),
        &Settings::default(),
    )
    .expect_err("2026-02-30 does not exist");
    assert!(err.0.iter().any(|e| e.path.ends_with("date")), "{err}");
    assert!(err.to_string().contains("2026-02-30"), "{err}");
}

#[test]
fn an_out_of_order_log_reads_the_same_as_sorted() {
    let plan = plan_for(DISC);
    let sorted: Vec<LogEntryInput> = gradus_content::json::document(LOG_TWO_WEEKS).unwrap();
    let mut shuffled = sorted.clone();
    shuffled.reverse();
    shuffled.swap(0, 3);
    let a = review(
        &plan,
        &sorted,
        Some("2026-11-10"),
        lib(),
        &Settings::default(),
    )
    .unwrap();
    let b = review(
        &plan,
        &shuffled,
        Some("2026-11-10"),
        lib(),
        &Settings::default(),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    // Without --today, the last date is the latest entry, not the last line.
    let c = review(&plan, &shuffled, None, lib(), &Settings::default()).unwrap();
    assert_eq!(c.figures.today, "2026-11-10");
}

#[test]
fn an_exact_duplicate_entry_does_not_count_twice_toward_adherence() {
    let plan = plan_for(DISC); // 7 a week: 4 sessions is 57%, 8 would be "all done"
    let once = daily(&plan, 0, 7, |n| DayLog {
        session: (n < 4).then_some((4, Some(true))),
        pain: Some(5),
    });
    let mut twice = Vec::new();
    for e in &once {
        twice.push(e.clone());
        twice.push(e.clone());
    }
    let a = run(&plan, &json!(once), &last_day(0, 7));
    let b = run(&plan, &json!(twice), &last_day(0, 7));
    assert_eq!(b.figures.sessions_done, 4);
    assert!(
        b.reasons
            .iter()
            .any(|r| r.code == gradus_core::vocab::ReviewCode::DaysRefitted
                && r.detail.contains("4 exercise days")),
        "4 days, not 8: {:#?}",
        b.reasons
    );
    assert_eq!(a, b);
}

#[test]
fn the_same_inputs_give_the_same_review() {
    let plan = plan_for(NECK);
    let log = daily(&plan, 0, 14, |n| DayLog {
        session: (n % 3 != 0).then_some((n % 7, Some(n % 5 != 0))),
        pain: Some(3 + n % 3),
    });
    let a = serde_json::to_string(&run(&plan, &json!(log), &last_day(0, 14))).unwrap();
    let b = serde_json::to_string(&run(&plan, &json!(log), &last_day(0, 14))).unwrap();
    assert_eq!(a, b);
}

/// The web app stores the next-morning answer by sending the session again with
/// `settled_by_next_morning` filled in: that is one session, now known to have settled.
#[test]
fn a_session_sent_again_with_its_settle_answer_counts_once() {
    let lib = gradus_content::load().unwrap();
    let s = gradus_core::Settings::default();
    let intake: gradus_core::IntakeInput =
        gradus_content::json::document(include_str!("../../../examples/intake-disc-flare.json"))
            .unwrap();
    let plan = gradus_core::assess(&intake, &lib, &s)
        .unwrap()
        .plan
        .unwrap();
    let session = |settled: Option<bool>| {
        let mut v = serde_json::json!({ "date": "2026-11-02", "type": "session", "items": [ { "exercise": "pelvic_tilt", "sets": 1, "reps": 6 } ],
            "pain_before": 4, "pain_during": 4, "pain_after": 4 });
        if let Some(b) = settled {
            v["settled_by_next_morning"] = serde_json::json!(b);
        }
        v
    };
    let log: Vec<gradus_core::log::LogEntryInput> = gradus_content::json::document(
        &serde_json::json!([session(None), session(Some(true))]).to_string(),
    )
    .unwrap();
    let r = gradus_core::review::review(&plan, &log, Some("2026-11-03"), &lib, &s).unwrap();
    assert_eq!(r.figures.sessions_done, 1, "one session, not two");
    assert_eq!(r.figures.tolerated_sessions, 1, "and it settled");
    assert!(
        !r.reasons.iter().any(|x| x.code == "settling_unknown"),
        "{:?}",
        r.reasons
    );
}

/// Exercise sessions at 6/10 that settled by the next morning step those exercises down
/// (Silbernagel 2007), while walks done at the same time and tolerated keep growing: walking is its
/// own session (Pocovi 2024), and the walk is not what ran sore.
#[test]
fn sore_exercise_sessions_that_settle_step_down_while_tolerated_walks_grow() {
    let plan = plan_for(DISC);
    let walk = plan
        .items()
        .find(|i| i.kind == Kind::Aerobic)
        .expect("fixture: the disc plan has a walk")
        .clone();
    let mut log = Vec::new();
    for n in [0, 2, 4] {
        log.push(session(&day(n), logged_items(&plan), 3, 6, Some(true)));
        log.push(session(
            &day(n),
            vec![json!({ "exercise": walk.exercise, "minutes": walk.minutes })],
            3,
            3,
            Some(true),
        ));
        log.push(checkin(&day(n), 3, &[]));
    }
    let r = run(&plan, &json!(log), &day(6));
    assert_eq!(r.decision, Decision::EaseBack, "{:#?}", r.reasons);
    let next = r.plan.as_ref().unwrap();
    assert_eq!(next.phase, plan.phase, "not sent back to the flare phase");
    let grown = item(next, &walk.exercise)
        .and_then(|i| i.minutes)
        .unwrap_or(0);
    assert!(
        grown > walk.minutes.unwrap_or(0),
        "walk {:?} → {grown}",
        walk.minutes
    );
    // Without walks in the log there is nothing to build on: the walk stays as it was.
    let no_walks: Vec<Value> = log
        .iter()
        .filter(|e| !e.to_string().contains(&format!("\"{}\"", walk.exercise)))
        .cloned()
        .collect();
    let r = run(&plan, &json!(no_walks), &day(6));
    let next = r.plan.as_ref().unwrap();
    assert_eq!(
        item(next, &walk.exercise).and_then(|i| i.minutes),
        walk.minutes
    );
}
