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
use crate::triage::{Reason, flag_rule, most_serious_first};
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

/// The warning signs reported in check-ins stored after the intake, judged against that intake
/// with the new signs added (so a fever next to a known immunosuppression is an emergency).
/// `None` when there are none.
pub fn new_warning_signs<'a>(
    since_intake: impl IntoIterator<Item = &'a LogEntryInput>,
    basis: &Intake,
    s: &Settings,
) -> Option<Pause> {
    let mut first: Option<&str> = None;
    let mut flags: Vec<RedFlag> = Vec::new();
    for entry in since_intake {
        if let LogEntryInput::Checkin(c) = entry
            && !c.new_red_flags.is_empty()
        {
            first.get_or_insert(c.date.as_str());
            for f in &c.new_red_flags {
                if !flags.contains(f) {
                    flags.push(*f);
                }
            }
        }
    }
    let reported_on = first?.to_string();
    let mut with_flags = basis.clone();
    with_flags.red_flags.extend(flags.iter().copied());
    let mut reasons: Vec<Reason> = flags
        .iter()
        .map(|f| {
            flag_rule(*f, &with_flags, s).unwrap_or_else(|| Reason {
                code: TriageCode::for_flag(*f),
                advice: FALLBACK_ADVICE.into(),
                source: FALLBACK_SOURCE.into(),
                level: TriageLevel::Urgent,
            })
        })
        .collect();
    most_serious_first(&mut reasons);
    // A sign a check-in reports is never milder than urgent: it stops the plan.
    let level = match reasons.first().map(|r| r.level) {
        Some(TriageLevel::Emergency) => TriageLevel::Emergency,
        _ => TriageLevel::Urgent,
    };
    Some(Pause {
        level,
        reasons,
        reported_on,
        signs: flags,
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
    };
    Intake::parse(&unknown).ok()
}

/// The warning signs of check-ins logged before any intake, judged with nothing else known
/// about the person (taken as older than the fragile-bone age, so a minor fall is not taken
/// lightly). There is no plan to pause then, but the person still gets the advice.
pub fn signs_without_intake<'a>(
    entries: impl IntoIterator<Item = &'a LogEntryInput>,
    s: &Settings,
) -> Option<Pause> {
    new_warning_signs(entries, &unknown_person(110)?, s)
}

/// The intake's warning signs that stop everything as soon as they are ticked, before the rest
/// of the intake is answered: the wizard shows the emergency or urgent screen at once instead of
/// asking five more pages of questions first. A minor fall is left to the full triage, because
/// its level depends on bone health and steroids, asked later. `None` when nothing ticked stops.
pub fn stops_at_once(
    flags: &[RedFlag],
    age: i64,
    s: &Settings,
) -> Option<(TriageLevel, Vec<Reason>)> {
    let mut person = unknown_person(age.clamp(18, 110))?;
    person.red_flags.extend(flags.iter().copied());
    let mut reasons: Vec<Reason> = flags
        .iter()
        .filter(|f| **f != RedFlag::MinorTrauma)
        .filter_map(|f| flag_rule(*f, &person, s))
        .filter(|r| r.level.blocks_plan())
        .collect();
    most_serious_first(&mut reasons);
    let level = reasons.first()?.level;
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

    /// A check-in's sign is never milder than urgent, even a risk factor reported alone.
    #[test]
    fn every_reportable_sign_pauses_at_least_urgently() {
        for f in RedFlag::ALL {
            let p = new_warning_signs(
                &[checkin("2026-11-03", &[*f])],
                &person(""),
                &Settings::default(),
            )
            .unwrap_or_else(|| panic!("{f} must pause"));
            assert!(p.level.blocks_plan(), "{f}: {:?}", p.level);
            assert!(!p.reasons.is_empty(), "{f}");
            assert!(
                signs_without_intake(&[checkin("2026-11-03", &[*f])], &Settings::default())
                    .is_some()
            );
        }
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
