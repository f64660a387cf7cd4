//! The safety gate: may this person follow their plan right now?
//!
//! A warning sign reported after the intake a plan was built from pauses the plan until the
//! person is assessed again (a new intake). Nothing else lifts it: not a clinician's approval,
//! not a review, not a new plan version. Every surface (API, pages, calendar, session player,
//! review, scheduled jobs) asks [`plan_status`], so a person who must go to an emergency
//! department is never handed exercises by one surface while another tells them to stop.
//!
//! The gate is keyed by the log's own order, not by dates: the caller passes the entries stored
//! after the intake, in the order they were stored. A date-based cut ("flags dated after the plan
//! was issued") lets a sign reported on the day a version was issued slip through, and lets an
//! approval or a review, which issue new versions, lift a pause.

use serde::{Deserialize, Serialize};

use crate::intake::Intake;
use crate::log::LogEntryInput;
use crate::settings::Settings;
use crate::triage::{
    Finding, Reason, flag_finding, intake_flag_finding, minor_trauma_finding, settle,
};
use crate::vocab::{RedFlag, TriageCode, TriageLevel};

/// Why a plan is paused: the triage reasons for the new warning signs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Pause {
    /// The most serious level the new signs call for (emergency or urgent for every sign a
    /// check-in can report today).
    pub level: TriageLevel,
    /// One reason per distinct rule, most serious first: code, level, plain advice, source.
    pub reasons: Vec<Reason>,
    /// The date (YYYY-MM-DD) of the first check-in that reported a new sign.
    pub reported_on: String,
    /// The signs as reported, in the order they first appeared.
    pub signs: Vec<RedFlag>,
}

/// What a member may do with their current plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanStatus {
    /// Follow it.
    Active,
    /// A supervised plan drafted for a clinician to approve; not to be followed yet.
    AwaitingApproval,
    /// A new warning sign: stop, follow the advice, and be assessed again.
    Paused(Pause),
}

impl PlanStatus {
    /// The contract's word for it (`GET /api/v1/me/plan` `status`).
    pub fn as_str(&self) -> &'static str {
        match self {
            PlanStatus::Active => "active",
            PlanStatus::AwaitingApproval => "awaiting_approval",
            PlanStatus::Paused(_) => "paused",
        }
    }
}

/// The advice when no named rule covers a sign on its own (a risk factor reported alone in a
/// check-in, such as immunosuppression together with a fever already counted).
const FALLBACK_ADVICE: &str = "A new warning sign was reported: stop the exercise plan and have it checked by a doctor before going on.";
const FALLBACK_SOURCE: &str = "Finucane et al., JOSPT 2020;50(7):350-372 (IFOMPT red-flag framework): a new red flag during care means re-assessment before continuing";

/// A warning sign reported in a check-in that does not stop the plan: a note for the care team
/// (today only a minor fall or knock without the fracture-cluster signs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Note {
    /// The date (YYYY-MM-DD) of the first check-in that reported it.
    pub reported_on: String,
    pub sign: RedFlag,
    /// Review level: code, plain advice, source.
    pub reason: Reason,
}

/// What the new signs of the check-ins since the intake call for: a pause (signs that stop the
/// plan) and notes (signs that do not).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewSigns {
    pub pause: Option<Pause>,
    pub notes: Vec<Note>,
}

/// A sign as first reported: the date, and the highest pain logged from then on.
struct Report<'a> {
    sign: RedFlag,
    date: &'a str,
    pain_since: i64,
}

/// The warning signs reported in check-ins stored after the intake, judged against that intake
/// with the new signs added (so a fever next to a known immunosuppression is an emergency).
/// `None` when none of them stops the plan. A minor fall or knock is a note, not a stop
/// ([`new_signs`]), unless the fracture cluster applies (fragile bone, long-term steroids or
/// older age, with significant pain since).
pub fn new_warning_signs<'a>(
    since_intake: impl IntoIterator<Item = &'a LogEntryInput>,
    basis: &Intake,
    s: &Settings,
) -> Option<Pause> {
    new_signs(since_intake, basis, s).pause
}

/// [`new_warning_signs`] with the notes for the care team: every sign a check-in reports stops
/// the plan, except a minor fall or knock, which is a review-level note unless bone may be
/// fragile (osteoporosis, a past vertebral fracture, long-term steroids, or age
/// `minor_trauma_age` or over) and the pain logged since has reached `minor_trauma_pain`
/// (NICE CKS fracture cluster; clinical rules §A).
pub fn new_signs<'a>(
    since_intake: impl IntoIterator<Item = &'a LogEntryInput>,
    basis: &Intake,
    s: &Settings,
) -> NewSigns {
    judge(since_intake, basis, s, true)
}

/// `fall_is_note`: a minor fall without the fracture-cluster signs is a note (with a plan and an
/// intake to judge it by); otherwise it stops like every other sign.
fn judge<'a>(
    since_intake: impl IntoIterator<Item = &'a LogEntryInput>,
    basis: &Intake,
    s: &Settings,
    fall_is_note: bool,
) -> NewSigns {
    let mut reports: Vec<Report<'a>> = Vec::new();
    for entry in since_intake {
        if let LogEntryInput::Checkin(c) = entry {
            for r in reports.iter_mut() {
                r.pain_since = r.pain_since.max(c.pain);
            }
            for f in &c.new_red_flags {
                if !reports.iter().any(|r| r.sign == *f) {
                    reports.push(Report {
                        sign: *f,
                        date: c.date.as_str(),
                        pain_since: c.pain,
                    });
                }
            }
        }
    }
    if reports.is_empty() {
        return NewSigns::default();
    }
    let mut with_flags = basis.clone();
    with_flags.red_flags.extend(reports.iter().map(|r| r.sign));
    let mut stops: Vec<(&Report, Finding)> = Vec::new();
    let mut notes = Vec::new();
    for r in &reports {
        let finding = if r.sign == RedFlag::MinorTrauma {
            // A fall reported in a check-in is new: it happened since the intake. Without an
            // intake nothing is known, and the pain is taken as significant.
            let pain = fall_is_note.then(|| r.pain_since.clamp(0, 10) as u8);
            minor_trauma_finding(&with_flags, 0.0, pain, s)
        } else {
            flag_finding(r.sign, &with_flags, s).unwrap_or_else(|| fallback(r.sign))
        };
        if fall_is_note && r.sign == RedFlag::MinorTrauma && !finding.level().blocks_plan() {
            notes.push(Note {
                reported_on: r.date.to_string(),
                sign: r.sign,
                reason: finding.alone(),
            });
        } else {
            stops.push((r, finding));
        }
    }
    let Some(reported_on) = stops.iter().map(|(r, _)| r.date).next() else {
        return NewSigns { pause: None, notes };
    };
    let signs = stops.iter().map(|(r, _)| r.sign).collect();
    let (top, reasons) = settle(stops.into_iter().map(|(_, f)| f).collect());
    // A sign that stops the plan is never milder than urgent.
    let level = match top {
        TriageLevel::Emergency => TriageLevel::Emergency,
        _ => TriageLevel::Urgent,
    };
    NewSigns {
        pause: Some(Pause {
            level,
            reasons,
            reported_on: reported_on.to_string(),
            signs,
        }),
        notes,
    }
}

/// The reason for a sign no named rule covers on its own.
fn fallback(flag: RedFlag) -> Finding {
    Finding::new(Reason {
        code: TriageCode::for_flag(flag),
        advice: FALLBACK_ADVICE.into(),
        source: FALLBACK_SOURCE.into(),
        level: TriageLevel::Urgent,
    })
}

/// The one decision every surface asks: paused, awaiting approval, or active. `pause` is
/// [`new_warning_signs`] over the entries stored after the intake; `draft` says whether the plan
/// version waits for a clinician's approval. A pause wins over everything: approving a draft or
/// issuing a new version never lifts it; only a new intake (which moves the log mark) does.
pub fn plan_status(pause: Option<Pause>, draft: bool) -> PlanStatus {
    match pause {
        Some(p) => PlanStatus::Paused(p),
        None if draft => PlanStatus::AwaitingApproval,
        None => PlanStatus::Active,
    }
}

/// What an intake with nothing else known looks like: the signs are judged alone. `age`
/// decides only the fragile-bone rule for a minor fall.
fn unknown_person(age: i64) -> Option<Intake> {
    use crate::intake::{IntakeInput, IrritabilityInput, PainInput};
    use crate::vocab::{Provocation, Region};
    let unknown = IntakeInput {
        age,
        regions: vec![Region::LowBack],
        condition: None,
        duration_weeks: 1.0,
        pain: PainInput {
            now: 0,
            average: 0,
            worst: 0,
        },
        irritability: IrritabilityInput {
            provoked_by: Provocation::Moderate,
            settle_minutes: 0.0,
        },
        rest_or_night_pain: None,
        nerve: None,
        red_flags: None,
        history: None,
        inflammatory: None,
        fears: Vec::new(),
        goals: Vec::new(),
        activity: None,
        availability: None,
        equipment: Vec::new(),
        start_back: None,
    };
    Intake::parse(&unknown).ok()
}

/// The warning signs of check-ins logged before any intake, judged with nothing else known
/// about the person (taken as older than the fragile-bone age, with significant pain, so a minor
/// fall is not taken lightly: it stops too). There is no plan to pause then, but the person still
/// gets the advice.
pub fn signs_without_intake<'a>(
    entries: impl IntoIterator<Item = &'a LogEntryInput>,
    s: &Settings,
) -> Option<Pause> {
    judge(entries, &unknown_person(110)?, s, false).pause
}

/// The intake's warning signs that stop everything as soon as they are ticked, before the rest
/// of the intake is answered: the wizard shows the emergency or urgent screen at once instead of
/// asking five more pages of questions first. A minor fall is left to the full triage, because
/// its level depends on bone health and steroids, asked later. `None` when nothing ticked stops.
///
/// The episode's duration is not known here, so a long-standing, stable sign (both legs for many
/// months, a past cancer with years of the same pain) still stops at once; callers that know the
/// duration use [`stops_at_once_after`].
pub fn stops_at_once(
    flags: &[RedFlag],
    age: i64,
    s: &Settings,
) -> Option<(TriageLevel, Vec<Reason>)> {
    stops_at_once_after(flags, age, None, s)
}

/// [`stops_at_once`] when the episode's duration (weeks) is already known: the long-standing
/// exceptions of the full triage apply (`triage::intake_flag_finding`).
pub fn stops_at_once_after(
    flags: &[RedFlag],
    age: i64,
    duration_weeks: Option<f64>,
    s: &Settings,
) -> Option<(TriageLevel, Vec<Reason>)> {
    let mut person = unknown_person(age.clamp(18, 110))?;
    person.red_flags.extend(flags.iter().copied());
    if let Some(w) = duration_weeks.filter(|w| w.is_finite() && *w >= 0.0) {
        person.duration_weeks = w;
    }
    let found: Vec<Finding> = flags
        .iter()
        .filter(|f| **f != RedFlag::MinorTrauma)
        .filter_map(|f| intake_flag_finding(*f, &person, s))
        .filter(|f| f.level().blocks_plan())
        .collect();
    let (level, reasons) = settle(found);
    if reasons.is_empty() {
        return None;
    }
    Some((level, reasons))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::CheckinInput;

    fn checkin(date: &str, flags: &[RedFlag]) -> LogEntryInput {
        LogEntryInput::Checkin(CheckinInput {
            date: date.into(),
            pain: 4,
            stiffness: 3,
            new_red_flags: flags.to_vec(),
            goals: Vec::new(),
            exposure: None,
        })
    }

    fn person(extra: &str) -> Intake {
        let text = format!(
            r#"{{"age": 45, "regions": ["low_back"], "duration_weeks": 3,
                "pain": {{"now": 5, "average": 5, "worst": 7}},
                "irritability": {{"provoked_by": "moderate", "settle_minutes": 30}}{extra}}}"#
        );
        Intake::parse(&serde_json::from_str(&text).unwrap()).unwrap()
    }

    #[test]
    fn no_new_sign_no_pause() {
        let s = Settings::default();
        assert_eq!(new_warning_signs(&[], &person(""), &s), None);
        let quiet = [checkin("2026-11-02", &[]), checkin("2026-11-03", &[])];
        assert_eq!(new_warning_signs(&quiet, &person(""), &s), None);
    }

    /// Cauda equina signs are an emergency (Finucane 2020; BASS 2018), with that source.
    #[test]
    fn saddle_numbness_is_an_emergency_with_its_source() {
        let p = new_warning_signs(
            &[checkin("2026-11-03", &[RedFlag::SaddleNumbness])],
            &person(""),
            &Settings::default(),
        )
        .unwrap();
        assert_eq!(p.level, TriageLevel::Emergency);
        assert_eq!(p.reported_on, "2026-11-03");
        assert_eq!(p.reasons[0].code, "saddle_numbness");
        assert!(p.reasons[0].source.contains("Finucane"));
        assert!(p.reasons[0].advice.contains("emergency department"));
    }

    /// Fever alone is urgent; fever in someone immunosuppressed (known from the intake) is a
    /// suspected spinal infection, an emergency (Finucane 2020; NICE CKS).
    #[test]
    fn a_sign_is_judged_with_what_the_intake_already_said() {
        let s = Settings::default();
        let fever = [checkin("2026-11-03", &[RedFlag::Fever])];
        let alone = new_warning_signs(&fever, &person(""), &s).unwrap();
        assert_eq!(alone.level, TriageLevel::Urgent);
        assert_eq!(alone.reasons[0].code, "fever");
        let known = person(r#", "red_flags": {"immunosuppressed": true}"#);
        let with = new_warning_signs(&fever, &known, &s).unwrap();
        assert_eq!(with.level, TriageLevel::Emergency);
        assert_eq!(with.reasons[0].code, "suspected_spinal_infection");
    }

    #[test]
    fn signs_are_counted_once_most_serious_first_from_the_first_report() {
        let log = [
            checkin("2026-11-02", &[RedFlag::Fever]),
            checkin("2026-11-04", &[RedFlag::Fever, RedFlag::GaitDisturbance]),
        ];
        let p = new_warning_signs(&log, &person(""), &Settings::default()).unwrap();
        assert_eq!(p.reported_on, "2026-11-02");
        assert_eq!(p.signs, [RedFlag::Fever, RedFlag::GaitDisturbance]);
        let codes: Vec<_> = p.reasons.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["gait_disturbance", "fever"]);
        assert_eq!(p.level, TriageLevel::Emergency);
    }

    /// A check-in's sign is never milder than urgent, even a risk factor reported alone; the one
    /// exception is a minor fall (a note, see below). Without an intake every sign stops.
    #[test]
    fn every_reportable_sign_but_a_minor_fall_pauses_at_least_urgently() {
        for f in RedFlag::ALL {
            assert!(
                signs_without_intake(&[checkin("2026-11-03", &[*f])], &Settings::default())
                    .is_some_and(|p| p.level.blocks_plan()),
                "{f} without an intake"
            );
            if *f == RedFlag::MinorTrauma {
                continue;
            }
            let p = new_warning_signs(
                &[checkin("2026-11-03", &[*f])],
                &person(""),
                &Settings::default(),
            )
            .unwrap_or_else(|| panic!("{f} must pause"));
            assert!(p.level.blocks_plan(), "{f}: {:?}", p.level);
            assert!(!p.reasons.is_empty(), "{f}");
        }
    }

    /// Issue 9 point 3, class 7: a minor fall or knock reported in a check-in is a review-level
    /// note for the care team, not a stop (fracture cluster, NICE CKS: minor trauma matters with
    /// fragile bone or steroids; a single soft flag is weak, Finucane 2020). Saddle numbness
    /// still stops at once, as an emergency (BASS 2018; Finucane 2020).
    #[test]
    fn a_minor_fall_in_a_checkin_is_a_note_while_saddle_numbness_still_pauses() {
        let s = Settings::default();
        let fall = [checkin("2026-11-03", &[RedFlag::MinorTrauma])];
        assert_eq!(new_warning_signs(&fall, &person(""), &s), None);
        assert_eq!(
            plan_status(new_warning_signs(&fall, &person(""), &s), false),
            PlanStatus::Active
        );
        let signs = new_signs(&fall, &person(""), &s);
        assert_eq!(signs.notes.len(), 1);
        let note = &signs.notes[0];
        assert_eq!(note.sign, RedFlag::MinorTrauma);
        assert_eq!(note.reported_on, "2026-11-03");
        assert_eq!(note.reason.level, TriageLevel::Review);
        assert!(
            note.reason.source.contains("NICE"),
            "{}",
            note.reason.source
        );

        let saddle = [checkin("2026-11-03", &[RedFlag::SaddleNumbness])];
        let p = new_warning_signs(&saddle, &person(""), &s).expect("saddle numbness pauses");
        assert_eq!(p.level, TriageLevel::Emergency);

        // Both together: the pause is for saddle numbness, the fall stays a note.
        let both = [
            checkin("2026-11-02", &[RedFlag::MinorTrauma]),
            checkin("2026-11-04", &[RedFlag::SaddleNumbness]),
        ];
        let signs = new_signs(&both, &person(""), &s);
        let p = signs.pause.expect("saddle numbness pauses");
        assert_eq!(p.level, TriageLevel::Emergency);
        assert_eq!(p.signs, [RedFlag::SaddleNumbness]);
        assert_eq!(p.reported_on, "2026-11-04");
        assert_eq!(signs.notes.len(), 1);
        for r in &p.reasons {
            assert!(
                !r.advice.to_lowercase().contains("exercise is fine"),
                "{}",
                r.advice
            );
        }
    }

    /// The fracture cluster (NICE CKS; clinical rules §A: minor trauma with osteoporosis or
    /// steroid use) still stops: a fall in someone with osteoporosis whose pain since has
    /// reached `minor_trauma_pain` pauses urgently; with slight pain it is a note.
    #[test]
    fn a_painful_fall_with_fragile_bone_still_pauses() {
        let s = Settings::default();
        let fragile = person(r#", "history": {"osteoporosis": true}"#);
        let mut painful = checkin("2026-11-03", &[RedFlag::MinorTrauma]);
        if let LogEntryInput::Checkin(c) = &mut painful {
            c.pain = i64::from(s.minor_trauma_pain);
        }
        let p = new_warning_signs(&[painful], &fragile, &s).expect("a painful fall pauses");
        assert_eq!(p.level, TriageLevel::Urgent);
        assert_eq!(p.reasons[0].code, "minor_trauma_fragile_bone");
        let mut slight = checkin("2026-11-03", &[RedFlag::MinorTrauma]);
        if let LogEntryInput::Checkin(c) = &mut slight {
            c.pain = 2;
        }
        assert_eq!(new_warning_signs(&[slight], &fragile, &s), None);
    }

    /// The wizard's early stop: cauda equina signs at once (emergency), a history of cancer at
    /// once (urgent), a minor fall left to the full triage.
    #[test]
    fn some_intake_signs_stop_the_wizard_at_once() {
        let s = Settings::default();
        let (level, reasons) = stops_at_once(&[RedFlag::BladderOrBowelChange], 40, &s).unwrap();
        assert_eq!(level, TriageLevel::Emergency);
        assert_eq!(reasons[0].code, "bladder_or_bowel_change");
        let (level, _) = stops_at_once(&[RedFlag::HistoryOfCancer], 40, &s).unwrap();
        assert_eq!(level, TriageLevel::Urgent);
        assert!(stops_at_once(&[RedFlag::MinorTrauma], 80, &s).is_none());
        assert!(stops_at_once(&[], 40, &s).is_none());
    }

    /// Once the duration is known, a long-standing, stable sign does not stop the wizard (clinical
    /// rules §A "How soon"): both legs for a year, a past cancer with years of the same pain. A
    /// new sign next to them still does.
    #[test]
    fn long_standing_signs_do_not_stop_the_wizard_once_the_duration_is_known() {
        let s = Settings::default();
        let legs = [RedFlag::BilateralLegSymptoms];
        assert!(stops_at_once_after(&legs, 60, Some(52.0), &s).is_none());
        assert_eq!(
            stops_at_once_after(&legs, 60, Some(2.0), &s).map(|x| x.0),
            Some(TriageLevel::Emergency)
        );
        assert_eq!(
            stops_at_once(&legs, 60, &s).map(|x| x.0),
            Some(TriageLevel::Emergency),
            "duration unknown: stop"
        );
        let with_bladder = [RedFlag::BilateralLegSymptoms, RedFlag::BladderOrBowelChange];
        assert_eq!(
            stops_at_once_after(&with_bladder, 60, Some(52.0), &s).map(|x| x.0),
            Some(TriageLevel::Emergency)
        );
        let cancer = [RedFlag::HistoryOfCancer];
        assert!(stops_at_once_after(&cancer, 60, Some(260.0), &s).is_none());
        let with_weight = [RedFlag::HistoryOfCancer, RedFlag::UnexplainedWeightLoss];
        assert_eq!(
            stops_at_once_after(&with_weight, 60, Some(260.0), &s).map(|x| x.0),
            Some(TriageLevel::Urgent)
        );
    }

    /// A pause wins over a draft: approval cannot lift it; without one a draft awaits approval.
    #[test]
    fn a_pause_wins_over_everything() {
        let p = new_warning_signs(
            &[checkin("2026-11-03", &[RedFlag::Fever])],
            &person(""),
            &Settings::default(),
        );
        for draft in [true, false] {
            assert!(matches!(
                plan_status(p.clone(), draft),
                PlanStatus::Paused(_)
            ));
        }
        assert_eq!(plan_status(None, true), PlanStatus::AwaitingApproval);
        assert_eq!(plan_status(None, false), PlanStatus::Active);
        assert_eq!(plan_status(p, false).as_str(), "paused");
    }
}
