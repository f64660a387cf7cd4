//! The intake wizard: a few plain questions per step, forward and back without losing answers.
//!
//! There is no draft on the server: every step's form carries the answers of the other steps as
//! hidden fields, so the wizard works with JavaScript off, in any number of tabs, and a person
//! can go back and change anything. Each "Continue" checks only that step; the final submit
//! checks every step again, builds the contract's `IntakeInput` and hands it to
//! `App::record_intake`, the same use case as `PUT /api/v1/me/intake`. Any field error the
//! engine reports is mapped back to the step and field it came from.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use gradus_core::IntakeInput;
use gradus_core::intake::{
    ActivityInput, AvailabilityInput, FearInput, GoalInput, HistoryInput, InflammatoryInput,
    IrritabilityInput, NerveInput, PainInput, RedFlagsInput, limits,
};
use gradus_core::vocab::{
    Condition, Direction, Equipment, Provocation, Radiating, RedFlag, Region, Surgery, Weakness,
};

use super::fields::{Field, FormData, Opt, Problem, problems};
use super::gate::{StopPage, StopReason};
use super::labels::{self, RED_FLAGS};
use super::{Layout, Member, MemberForm, PageResult};
use crate::error::ApiError;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/intake", get(start).post(step))
}

/// The last step: check the answers and submit.
const LAST: usize = 10;

struct StepDef {
    title: &'static str,
    intro: &'static str,
    keys: &'static [&'static str],
}

const STEPS: [StepDef; LAST] = [
    StepDef {
        title: "About you and where it hurts",
        intro: "A few questions at a time. You can go back and change any answer before you finish.",
        keys: &["age", "regions", "condition", "duration_weeks"],
    },
    StepDef {
        title: "How much it hurts",
        intro: "Think about the past week. 0 is no pain at all and 10 is the worst pain you can imagine.",
        keys: &[
            "pain_now",
            "pain_average",
            "pain_worst",
            "rest_or_night_pain",
        ],
    },
    StepDef {
        title: "How easily it flares up",
        intro: "This tells us how gently to start.",
        keys: &["provoked_by", "settle_minutes"],
    },
    StepDef {
        title: "Nerve symptoms",
        intro: "Pain, tingling or numbness that travels away from the sore spot can come from an irritated nerve.",
        keys: &[
            "radiating",
            "numbness_or_tingling",
            "weakness",
            "centralises_with",
        ],
    },
    StepDef {
        title: "Warning signs",
        intro: "Most pain is not dangerous, but a few signs need a doctor before any exercise. Tick everything that applies to you now.",
        keys: &["rf_back", "rf_neck", "rf_body", "rf_history", "rf_none"],
    },
    StepDef {
        title: "Operations and bone health",
        intro: "Some operations and bone conditions change which movements are safe.",
        keys: &["surgery", "weeks_since_surgery", "hist", "infl"],
    },
    StepDef {
        title: "What worries you",
        intro: "When something hurts, some everyday movements can feel risky. Naming them lets your plan rebuild confidence step by step. This step is optional.",
        keys: &[
            "fear1",
            "fear1_rating",
            "fear2",
            "fear2_rating",
            "fear3",
            "fear3_rating",
        ],
    },
    StepDef {
        title: "What you want to get back to",
        intro: "Name up to three things the pain stops you doing, and how well you can do each now. We will ask again as you go, to see what changes.",
        keys: &[
            "goal1",
            "goal1_ability",
            "goal2",
            "goal2_ability",
            "goal3",
            "goal3_ability",
        ],
    },
    StepDef {
        title: "Your time, your kit and what you enjoy",
        intro: "Your plan fits into the time you have, with what you have at home.",
        keys: &[
            "minutes_per_session",
            "sessions_per_week",
            "equipment",
            "enjoys",
            "enjoys_other",
            "sedentary_hours",
            "walking_minutes",
        ],
    },
    StepDef {
        title: "Check your answers",
        intro: "Change anything that is not right, then see your result.",
        keys: &[],
    },
];

fn step_of(key: &str) -> Option<usize> {
    STEPS
        .iter()
        .position(|s| s.keys.contains(&key))
        .map(|i| i + 1)
}

/// Only the wizard's own answers travel between steps.
fn answers(form: &FormData) -> FormData {
    FormData(
        form.0
            .iter()
            .filter(|(k, v)| step_of(k).is_some() && v.len() <= 400)
            .take(200)
            .cloned()
            .collect(),
    )
}

fn yes_no(key: &str, label: &str) -> Field {
    Field::radios(
        key,
        label,
        vec![Opt::new("yes", "Yes"), Opt::new("no", "No")],
    )
    .required()
}

const DURATIONS: &[(&str, &str)] = &[
    ("0.5", "Less than a week"),
    ("1.5", "1 to 2 weeks"),
    ("4", "2 to 6 weeks"),
    ("9", "6 to 12 weeks"),
    ("18", "3 to 6 months"),
    ("39", "6 months to a year"),
    ("78", "More than a year"),
];

const SETTLE: &[(&str, &str)] = &[
    ("5", "Within a few minutes"),
    ("20", "Within half an hour"),
    ("90", "Within an hour or two"),
    ("240", "It takes several hours"),
    ("1440", "Not until the next day, or longer"),
];

const ENJOYS: &[&str] = &[
    "walking",
    "swimming",
    "cycling",
    "yoga",
    "pilates",
    "gardening",
    "dancing",
    "running",
    "strength training",
];

fn opts(list: &[(&str, &str)]) -> Vec<Opt> {
    list.iter().map(|(v, l)| Opt::new(*v, *l)).collect()
}

fn flags_field(key: &str, group: &str, label: &str) -> Field {
    Field::checks(
        key,
        label,
        RED_FLAGS
            .iter()
            .filter(|(g, _, _)| *g == group)
            .map(|(_, c, w)| Opt::new(*c, *w))
            .collect(),
    )
}

/// The controls of one step, before filling.
fn blank_fields(step: usize) -> Vec<Field> {
    match step {
        1 => vec![
            Field::number("age", "How old are you?", limits::AGE.0 as f64, limits::AGE.1 as f64, "1")
                .hint("In years. Gradus is for adults.")
                .required(),
            Field::checks(
                "regions",
                "Where does it hurt?",
                Region::ALL
                    .iter()
                    .map(|r| Opt::new(r.as_str(), labels::region(*r)))
                    .collect(),
            )
            .hint("Tick every place that hurts.")
            .required(),
            Field::radios(
                "condition",
                "Has a doctor or physiotherapist told you what it is?",
                std::iter::once(Opt::new("", "No, or I am not sure"))
                    .chain(
                        Condition::ALL
                            .iter()
                            .map(|c| Opt::new(c.as_str(), labels::condition(*c))),
                    )
                    .collect(),
            )
            .hint("If nobody has told you, that is fine: most back and neck pain has no single cause."),
            Field::radios(
                "duration_weeks",
                "How long has this episode lasted?",
                opts(DURATIONS),
            )
            .required(),
        ],
        2 => vec![
            Field::scale("pain_now", "How much does it hurt right now?", limits::PAIN.1 as u32, 1, "no pain", "worst pain imaginable").required(),
            Field::scale("pain_average", "On average over the past week?", limits::PAIN.1 as u32, 1, "no pain", "worst pain imaginable").required(),
            Field::scale("pain_worst", "At its worst in the past week?", limits::PAIN.1 as u32, 1, "no pain", "worst pain imaginable").required(),
            yes_no(
                "rest_or_night_pain",
                "Is the pain there all the time, even when you rest or at night?",
            ),
        ],
        3 => vec![
            Field::radios(
                "provoked_by",
                "How much activity does it take to bring the pain on or make it worse?",
                vec![
                    Opt::new("minimal", "Very little").hint("Small movements, or sitting or standing for a short while, set it off."),
                    Opt::new("moderate", "A moderate amount").hint("A walk, some housework or an hour at a desk sets it off."),
                    Opt::new("substantial", "A lot").hint("Only long or hard activity sets it off."),
                ],
            )
            .required(),
            Field::radios(
                "settle_minutes",
                "Once it has flared up, how long does it take to settle back to your usual level?",
                opts(SETTLE),
            )
            .required(),
        ],
        4 => vec![
            Field::radios(
                "radiating",
                "Does the pain spread away from where it started?",
                vec![
                    Opt::new("none", "No, it stays in one place"),
                    Opt::new("above_knee", "Into the buttock or thigh, but not below the knee"),
                    Opt::new("below_knee", "Below the knee, into the calf or foot"),
                    Opt::new("arm", "Into the arm or hand"),
                ],
            )
            .required(),
            yes_no(
                "numbness_or_tingling",
                "Do you have numbness or pins and needles in an arm or a leg?",
            ),
            Field::radios(
                "weakness",
                "Has an arm or a leg become weak (for example a foot that catches or a hand that drops things)?",
                vec![
                    Opt::new("none", "No"),
                    Opt::new("stable", "Yes, but it is not getting worse"),
                    Opt::new("progressive", "Yes, and it is getting worse"),
                ],
            )
            .required(),
            Field::radios(
                "centralises_with",
                "Does one movement, repeated a few times, draw the pain out of your leg or arm back towards your spine?",
                vec![
                    Opt::new("", "I do not know, or nothing does that"),
                    Opt::new("extension", "Yes: bending backwards, or lying on my front and pushing up"),
                    Opt::new("flexion", "Yes: bending forwards"),
                ],
            ),
        ],
        5 => vec![
            flags_field("rf_back", "back", "Your back, legs, bladder and bowel"),
            flags_field("rf_neck", "neck", "Your arms, hands, head and neck"),
            flags_field("rf_body", "body", "How you feel in general"),
            flags_field("rf_history", "history", "Your health history"),
            Field::checks(
                "rf_none",
                "If none of these apply",
                vec![Opt::new("yes", "None of these apply to me")],
            ),
        ],
        6 => vec![
            Field::radios(
                "surgery",
                "Have you had an operation that could matter here?",
                vec![
                    Opt::new("none", "No"),
                    Opt::new("discectomy", "Yes: a disc operation (discectomy)"),
                    Opt::new("spinal_fusion", "Yes: a spinal fusion"),
                    Opt::new("other_spinal", "Yes: another operation on my spine"),
                    Opt::new("other", "Yes: an operation somewhere else"),
                ],
            )
            .required(),
            Field::number(
                "weeks_since_surgery",
                "If you had an operation: how many weeks ago was it?",
                limits::WEEKS_SINCE_SURGERY.0,
                limits::WEEKS_SINCE_SURGERY.1,
                "any",
            )
            .hint("Needed if it was on your spine."),
            Field::checks(
                "hist",
                "Do any of these apply to you?",
                vec![
                    Opt::new("osteoporosis", "Osteoporosis, or thin bones"),
                    Opt::new("long_term_steroids", "Taking steroid tablets for 3 months or more"),
                    Opt::new("rheumatoid_arthritis", "Rheumatoid arthritis"),
                    Opt::new("vertebral_fracture", "A broken bone in the spine (vertebral fracture)"),
                ],
            ),
            Field::checks(
                "infl",
                "If your back hurts: which of these describe it?",
                vec![
                    Opt::new("onset_under_40", "It first started before I was 40"),
                    Opt::new("gradual_onset", "It came on gradually, not after an injury"),
                    Opt::new("better_with_exercise", "It gets better when I move or exercise"),
                    Opt::new("not_better_with_rest", "Resting does not make it better"),
                    Opt::new("night_pain_better_on_rising", "It wakes me in the second half of the night and eases once I get up"),
                ],
            ),
        ],
        7 => (1..=3)
            .flat_map(|i| {
                [
                    Field::text(&format!("fear{i}"), &format!("Activity {i}"))
                        .hint(if i == 1 { "For example: bending to pick up a box." } else { "" }),
                    Field::scale(
                        &format!("fear{i}_rating"),
                        &format!("How harmful does activity {i} feel for your back or body?"),
                        limits::FEAR_RATING.1 as u32,
                        10,
                        "not harmful at all",
                        "extremely harmful",
                    ),
                ]
            })
            .collect(),
        8 => (1..=3)
            .flat_map(|i| {
                [
                    Field::text(&format!("goal{i}"), &format!("Activity {i}"))
                        .hint(if i == 1 { "For example: gardening for an hour." } else { "" }),
                    Field::scale(
                        &format!("goal{i}_ability"),
                        &format!("How well can you do activity {i} now?"),
                        limits::GOAL_ABILITY.1 as u32,
                        1,
                        "cannot do it at all",
                        "as well as before the pain",
                    ),
                ]
            })
            .collect(),
        9 => vec![
            Field::radios(
                "minutes_per_session",
                "How many minutes can you give a session?",
                ["5", "10", "15", "20", "30", "45"]
                    .iter()
                    .map(|m| Opt::new(*m, format!("{m} minutes")))
                    .collect(),
            )
            .required(),
            Field::radios(
                "sessions_per_week",
                "On how many days a week?",
                (1..=7)
                    .map(|d| Opt::new(d.to_string(), if d == 1 { "1 day".to_string() } else { format!("{d} days") }))
                    .collect(),
            )
            .required(),
            Field::checks(
                "equipment",
                "What do you have?",
                Equipment::ALL
                    .iter()
                    .map(|e| Opt::new(e.as_str(), labels::equipment(*e)))
                    .collect(),
            ),
            Field::checks(
                "enjoys",
                "Which activities do you enjoy?",
                ENJOYS.iter().map(|e| Opt::new(*e, labels::humanize(e))).collect(),
            ),
            Field::text("enjoys_other", "Anything else you enjoy?"),
            Field::number("sedentary_hours", "About how many hours a day do you spend sitting?", limits::SEDENTARY_HOURS.0, limits::SEDENTARY_HOURS.1, "any"),
            Field::number(
                "walking_minutes",
                "How many minutes can you walk before the pain stops you?",
                limits::WALKING_MINUTES.0,
                limits::WALKING_MINUTES.1,
                "any",
            )
            .hint("Enter 0 if walking itself hurts."),
        ],
        _ => Vec::new(),
    }
}

fn fields(step: usize, answers: &FormData, errors: &HashMap<String, String>) -> Vec<Field> {
    blank_fields(step)
        .into_iter()
        .map(|f| {
            let key = f.key.clone();
            f.fill(answers).with_error(errors.get(&key))
        })
        .collect()
}

fn choice_ok(step: usize, key: &str, value: &str) -> bool {
    blank_fields(step)
        .iter()
        .find(|f| f.key == key)
        .is_some_and(|f| f.options.iter().any(|o| o.value == value))
}

/// Checks one step's answers; (field, message) for each problem.
fn validate(step: usize, a: &FormData) -> Vec<(String, String)> {
    let mut errs: Vec<(String, String)> = Vec::new();
    let mut err = |k: &str, m: &str| errs.push((k.to_string(), m.to_string()));
    // Every ticked or chosen value must be one of the offered options.
    for f in blank_fields(step).iter().filter(|f| f.is_group()) {
        if a.all(&f.key)
            .iter()
            .any(|v| !f.options.iter().any(|o| o.value == *v))
        {
            err(&f.key, "Choose one of the options shown.");
        }
    }
    let need = |a: &FormData, k: &str| {
        a.get(k)
            .is_none_or(|v| v.is_empty() && !choice_ok(step, k, ""))
    };
    match step {
        1 => {
            match a.text("age").map(|v| v.parse::<i64>()) {
                None => err("age", "Enter your age in years."),
                Some(Ok(n)) if n < limits::AGE.0 => err(
                    "age",
                    &format!(
                        "Gradus is for adults: you need to be {} or over.",
                        limits::AGE.0
                    ),
                ),
                Some(Ok(n)) if n > limits::AGE.1 => err(
                    "age",
                    &format!("Enter an age from {} to {}.", limits::AGE.0, limits::AGE.1),
                ),
                Some(Ok(_)) => {}
                Some(Err(_)) => err("age", "Enter your age as a whole number, like 45."),
            }
            if a.all("regions").is_empty() {
                err("regions", "Tick at least one place that hurts.");
            }
            if need(a, "duration_weeks") {
                err("duration_weeks", "Choose how long it has lasted.");
            }
        }
        2 => {
            for (k, m) in [
                ("pain_now", "Choose how much it hurts now, from 0 to 10."),
                ("pain_average", "Choose your average pain, from 0 to 10."),
                ("pain_worst", "Choose your worst pain, from 0 to 10."),
                ("rest_or_night_pain", "Answer yes or no."),
            ] {
                if need(a, k) {
                    err(k, m);
                }
            }
        }
        3 => {
            if need(a, "provoked_by") {
                err("provoked_by", "Choose how much activity brings it on.");
            }
            if need(a, "settle_minutes") {
                err("settle_minutes", "Choose how long it takes to settle.");
            }
        }
        4 => {
            for (k, m) in [
                ("radiating", "Choose whether the pain spreads."),
                ("numbness_or_tingling", "Answer yes or no."),
                ("weakness", "Choose whether an arm or leg has become weak."),
            ] {
                if need(a, k) {
                    err(k, m);
                }
            }
        }
        5 => {
            let any = ["rf_back", "rf_neck", "rf_body", "rf_history"]
                .iter()
                .any(|k| !a.all(k).is_empty());
            let none = a.get("rf_none") == Some("yes");
            if !any && !none {
                err(
                    "rf_none",
                    "Tick the signs that apply to you, or tick \"None of these apply to me\".",
                );
            } else if any && none {
                err(
                    "rf_none",
                    "You ticked a warning sign and also \"None of these\": untick one of them.",
                );
            }
        }
        6 => {
            if need(a, "surgery") {
                err("surgery", "Choose whether you have had an operation.");
            }
            match a.num(
                "weeks_since_surgery",
                limits::WEEKS_SINCE_SURGERY.0,
                limits::WEEKS_SINCE_SURGERY.1,
            ) {
                Err(m) => err("weeks_since_surgery", &m),
                // The same rule as triage's: spinal surgery needs its date.
                Ok(None)
                    if a.get("surgery")
                        .and_then(Surgery::parse)
                        .is_some_and(|s| s.is_spinal()) =>
                {
                    err(
                        "weeks_since_surgery",
                        "Enter how many weeks ago the operation on your spine was (an estimate is fine).",
                    )
                }
                Ok(_) => {}
            }
        }
        7 | 8 => {
            let (name, rating) = if step == 7 {
                ("fear", "_rating")
            } else {
                ("goal", "_ability")
            };
            for i in 1..=3 {
                let k = format!("{name}{i}");
                let r = format!("{name}{i}{rating}");
                let text = a.text(&k);
                let has_rating = a.text(&r).is_some();
                if text.is_some_and(|t| t.chars().count() > 200) {
                    err(&k, "Use at most 200 characters.");
                }
                if text.is_some() && !has_rating {
                    err(
                        &r,
                        "Choose a rating for this activity, or clear the activity.",
                    );
                }
                if text.is_none() && has_rating {
                    err(&k, "Describe the activity you rated, in a few words.");
                }
            }
        }
        9 => {
            if need(a, "minutes_per_session") {
                err("minutes_per_session", "Choose how many minutes you have.");
            }
            if need(a, "sessions_per_week") {
                err("sessions_per_week", "Choose how many days a week.");
            }
            if let Err(m) = a.num(
                "sedentary_hours",
                limits::SEDENTARY_HOURS.0,
                limits::SEDENTARY_HOURS.1,
            ) {
                err("sedentary_hours", &m);
            }
            if let Err(m) = a.num(
                "walking_minutes",
                limits::WALKING_MINUTES.0,
                limits::WALKING_MINUTES.1,
            ) {
                err("walking_minutes", &m);
            }
            if a.text("enjoys_other")
                .is_some_and(|t| t.chars().count() > 200)
            {
                err("enjoys_other", "Use at most 200 characters.");
            }
        }
        _ => {}
    }
    errs
}

/// The contract's intake from checked answers, built as the typed `IntakeInput` the API takes.
/// A missing or unknown answer names its key (the steps were checked before, so this is rare).
fn build(a: &FormData) -> Result<IntakeInput, String> {
    let int = |k: &str| a.text(k).and_then(|v| v.parse::<i64>().ok());
    let num = |k: &str| {
        a.text(k)
            .and_then(|v| v.replace(',', ".").parse::<f64>().ok())
    };
    let need_int = |k: &str| int(k).ok_or_else(|| format!("{k}: missing"));
    let need_num = |k: &str| num(k).ok_or_else(|| format!("{k}: missing"));
    let yes = |k: &str| Some(a.get(k) == Some("yes"));
    fn one<T>(k: &str, v: Option<&str>, parse: fn(&str) -> Option<T>) -> Result<T, String> {
        v.and_then(parse)
            .ok_or_else(|| format!("{k}: expected one of the options"))
    }
    fn each<T>(k: &str, vs: Vec<&str>, parse: fn(&str) -> Option<T>) -> Result<Vec<T>, String> {
        vs.into_iter()
            .map(|v| parse(v).ok_or_else(|| format!("{k}: unknown option {v:?}")))
            .collect()
    }
    let mut red_flags = RedFlagsInput::default();
    for k in ["rf_back", "rf_neck", "rf_body", "rf_history"] {
        for v in a.all(k) {
            if !red_flags.set_named(v) {
                return Err(format!("{k}: unknown option {v:?}"));
            }
        }
    }
    let mut inflammatory = InflammatoryInput::default();
    for v in a.all("infl") {
        if !inflammatory.set_named(v) {
            return Err(format!("infl: unknown option {v:?}"));
        }
    }
    let hist = a.all("hist");
    let rated = |name: &str, rating: &str| -> Vec<(String, i64)> {
        (1..=3)
            .filter_map(|i| {
                Some((
                    a.text(&format!("{name}{i}"))?.to_string(),
                    int(&format!("{name}{i}{rating}"))?,
                ))
            })
            .collect()
    };
    let mut enjoys: Vec<String> = a.all("enjoys").iter().map(|s| s.to_string()).collect();
    if let Some(o) = a.text("enjoys_other") {
        enjoys.extend(
            o.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
    }
    Ok(IntakeInput {
        age: need_int("age")?,
        regions: each("regions", a.all("regions"), Region::parse)?,
        condition: a
            .text("condition")
            .map(|c| one("condition", Some(c), Condition::parse))
            .transpose()?,
        duration_weeks: need_num("duration_weeks")?,
        pain: PainInput {
            now: need_int("pain_now")?,
            average: need_int("pain_average")?,
            worst: need_int("pain_worst")?,
        },
        irritability: IrritabilityInput {
            provoked_by: one("provoked_by", a.get("provoked_by"), Provocation::parse)?,
            settle_minutes: need_num("settle_minutes")?,
        },
        rest_or_night_pain: yes("rest_or_night_pain"),
        nerve: Some(NerveInput {
            radiating: Some(one("radiating", a.get("radiating"), Radiating::parse)?),
            numbness_or_tingling: yes("numbness_or_tingling"),
            weakness: Some(one("weakness", a.get("weakness"), Weakness::parse)?),
            centralises_with: a
                .text("centralises_with")
                .map(|d| one("centralises_with", Some(d), Direction::parse))
                .transpose()?,
        }),
        red_flags: Some(red_flags),
        history: Some(HistoryInput {
            surgery: Some(one("surgery", a.get("surgery"), Surgery::parse)?),
            weeks_since_surgery: num("weeks_since_surgery"),
            osteoporosis: Some(hist.contains(&"osteoporosis")),
            long_term_steroids: Some(hist.contains(&"long_term_steroids")),
            rheumatoid_arthritis: Some(hist.contains(&"rheumatoid_arthritis")),
            vertebral_fracture: Some(hist.contains(&"vertebral_fracture")),
        }),
        inflammatory: Some(inflammatory),
        fears: rated("fear", "_rating")
            .into_iter()
            .map(|(activity, rating)| FearInput { activity, rating })
            .collect(),
        goals: rated("goal", "_ability")
            .into_iter()
            .map(|(activity, ability)| GoalInput { activity, ability })
            .collect(),
        activity: Some(ActivityInput {
            sedentary_hours: num("sedentary_hours"),
            enjoys,
            walking_minutes: num("walking_minutes"),
        }),
        availability: Some(AvailabilityInput {
            minutes_per_session: need_int("minutes_per_session")?,
            sessions_per_week: need_int("sessions_per_week")?,
        }),
        equipment: each("equipment", a.all("equipment"), Equipment::parse)?,
    })
}

/// Where an engine error about a contract path belongs in the wizard.
fn key_for_path(path: &str, a: &FormData) -> String {
    let rows = |name: &str, rating: &str| -> Vec<usize> {
        (1..=3)
            .filter(|i| {
                a.text(&format!("{name}{i}")).is_some()
                    && a.text(&format!("{name}{i}{rating}")).is_some()
            })
            .collect()
    };
    let indexed = |prefix: &str, name: &str, rating: &str| -> Option<String> {
        let rest = path.strip_prefix(prefix)?;
        let (idx, field) = rest.split_once("].")?;
        let row = *rows(name, rating).get(idx.parse::<usize>().ok()?)?;
        Some(if field == "activity" {
            format!("{name}{row}")
        } else {
            format!("{name}{row}{rating}")
        })
    };
    if let Some(k) = indexed("fears[", "fear", "_rating") {
        return k;
    }
    if let Some(k) = indexed("goals[", "goal", "_ability") {
        return k;
    }
    match path {
        "pain.now" => "pain_now",
        "pain.average" => "pain_average",
        "pain.worst" => "pain_worst",
        "irritability.settle_minutes" => "settle_minutes",
        "irritability.provoked_by" => "provoked_by",
        "history.weeks_since_surgery" => "weeks_since_surgery",
        "activity.sedentary_hours" => "sedentary_hours",
        "activity.walking_minutes" => "walking_minutes",
        "availability.minutes_per_session" => "minutes_per_session",
        "availability.sessions_per_week" => "sessions_per_week",
        p if p.starts_with("activity.enjoys") => "enjoys_other",
        p => p.split(['.', '[']).next().unwrap_or(""),
    }
    .to_string()
}

#[derive(Template, WebTemplate)]
#[template(path = "intake.html")]
struct StepPage {
    layout: Layout,
    csrf: String,
    step: usize,
    last: usize,
    title: &'static str,
    intro: &'static str,
    hidden: Vec<(String, String)>,
    fields: Vec<Field>,
    problems: Vec<Problem>,
    summary: Vec<SummaryStep>,
}

struct SummaryStep {
    step: usize,
    title: &'static str,
    rows: Vec<(String, String)>,
}

fn answer_text(f: &Field) -> String {
    match f.kind {
        "radios" | "scale" => f
            .options
            .iter()
            .find(|o| o.checked)
            .map(|o| o.label.clone())
            .unwrap_or_else(|| "Not answered".into()),
        "checks" => {
            let v: Vec<_> = f
                .options
                .iter()
                .filter(|o| o.checked)
                .map(|o| o.label.clone())
                .collect();
            if v.is_empty() {
                "None".into()
            } else {
                v.join("; ")
            }
        }
        _ if f.value.trim().is_empty() => "Not answered".into(),
        _ => f.value.trim().to_string(),
    }
}

fn summary(a: &FormData) -> Vec<SummaryStep> {
    (1..LAST)
        .map(|step| SummaryStep {
            step,
            title: STEPS[step - 1].title,
            rows: fields(step, a, &HashMap::new())
                .iter()
                .filter(|f| f.kind != "heading")
                .filter(|f| !(step == 5 && f.kind == "checks" && answer_text(f) == "None"))
                .map(|f| (f.label.clone(), answer_text(f)))
                .collect(),
        })
        .collect()
}

fn render(
    caller: &crate::auth::Caller,
    step: usize,
    a: &FormData,
    errors: Vec<(String, String)>,
) -> Response {
    let step = step.clamp(1, LAST);
    let def = &STEPS[step - 1];
    let errs: HashMap<String, String> = errors.iter().cloned().collect();
    let fields = fields(step, a, &errs);
    let mut problems = problems(&fields);
    // Errors that belong to no field of this step (rare) are still shown.
    for (k, m) in &errors {
        if !fields.iter().any(|f| &f.key == k) {
            problems.push(Problem {
                anchor: "main".into(),
                message: m.clone(),
            });
        }
    }
    let hidden =
        a.0.iter()
            .filter(|(k, _)| !def.keys.contains(&k.as_str()))
            .cloned()
            .collect();
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = StepPage {
        layout: Layout::member(format!("{} (step {step} of {LAST})", def.title), caller, ""),
        csrf: caller.csrf.clone(),
        step,
        last: LAST,
        title: def.title,
        intro: def.intro,
        hidden,
        fields,
        problems,
        summary: if step == LAST { summary(a) } else { Vec::new() },
    };
    (status, page).into_response()
}

/// The warning-sign step: a sign that needs emergency or urgent care stops the questions at
/// once (the rule is `gradus_core::gate::stops_at_once`); the answers are not stored.
fn stops_at_once(
    state: &AppState,
    caller: &crate::auth::Caller,
    step: usize,
    a: &FormData,
) -> Option<StopPage> {
    const SIGN_KEYS: [&str; 4] = ["rf_back", "rf_neck", "rf_body", "rf_history"];
    if !STEPS[step - 1].keys.contains(&SIGN_KEYS[0]) {
        return None;
    }
    let flags: Vec<RedFlag> = SIGN_KEYS
        .iter()
        .flat_map(|k| a.all(k))
        .filter_map(RedFlag::parse)
        .collect();
    let age = a.text("age").and_then(|v| v.parse().ok()).unwrap_or(18);
    let (level, reasons) = gradus_core::gate::stops_at_once(&flags, age, &state.settings)?;
    Some(StopPage::new(
        caller,
        level,
        "You ticked a warning sign that needs medical care before any exercise, so we stopped the questions here: this comes first. Your answers have not been saved.",
        reasons.iter().map(StopReason::of).collect(),
    ))
}

async fn start(Member(caller): Member) -> Response {
    render(&caller, 1, &FormData::default(), Vec::new())
}

async fn step(State(state): State<AppState>, f: MemberForm) -> PageResult<Response> {
    let caller = f.caller;
    let step: usize = f
        .form
        .get("step")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .clamp(1, LAST);
    let a = answers(&f.form);
    let go = f.form.get("go").unwrap_or("next");
    match go {
        "back" => {
            return Ok(render(
                &caller,
                step.saturating_sub(1).max(1),
                &a,
                Vec::new(),
            ));
        }
        "submit" => {}
        "next" => {
            let errs = validate(step, &a);
            if errs.is_empty()
                && let Some(stop) = stops_at_once(&state, &caller, step, &a)
            {
                return Ok(stop.into_response());
            }
            let next = if errs.is_empty() { step + 1 } else { step };
            return Ok(render(&caller, next, &a, errs));
        }
        n => {
            let to = n.parse::<usize>().unwrap_or(step);
            return Ok(render(&caller, to, &a, Vec::new()));
        }
    }
    // Submit: every step again, then the engine.
    for s in 1..LAST {
        let errs = validate(s, &a);
        if !errs.is_empty() {
            return Ok(render(&caller, s, &a, errs));
        }
    }
    let input = match build(&a) {
        Ok(i) => i,
        Err(_) => {
            return Ok(render(
                &caller,
                LAST,
                &a,
                vec![(
                    String::new(),
                    "Some answers could not be read. Please check them and try again.".into(),
                )],
            ));
        }
    };
    match state.app.record_intake(caller.actor(), input).await {
        Ok(_) => Ok(Redirect::to("/result").into_response()),
        Err(gradus_app::AppError::Invalid(errors)) => {
            let mapped: Vec<(String, String)> = errors
                .iter()
                .map(|e| (key_for_path(&e.path, &a), e.message.clone()))
                .collect();
            let first = mapped
                .iter()
                .filter_map(|(k, _)| step_of(k))
                .min()
                .unwrap_or(LAST);
            let errs = mapped
                .into_iter()
                .map(|(k, m)| {
                    if step_of(&k) == Some(first) {
                        (k, format!("Please check this answer ({m})."))
                    } else {
                        (String::new(), m)
                    }
                })
                .collect();
            Ok(render(&caller, first, &a, errs))
        }
        Err(e) => Err(ApiError::from(e).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disc_flare() -> FormData {
        let pairs = [
            ("age", "39"),
            ("regions", "low_back"),
            ("condition", "lumbar_disc_herniation"),
            ("duration_weeks", "1.5"),
            ("pain_now", "6"),
            ("pain_average", "6"),
            ("pain_worst", "8"),
            ("rest_or_night_pain", "no"),
            ("provoked_by", "minimal"),
            ("settle_minutes", "90"),
            ("radiating", "above_knee"),
            ("numbness_or_tingling", "no"),
            ("weakness", "none"),
            ("centralises_with", ""),
            ("rf_none", "yes"),
            ("surgery", "none"),
            ("fear1", "picking up my toddler"),
            ("fear1_rating", "70"),
            ("goal1", "carry my toddler up the stairs"),
            ("goal1_ability", "2"),
            ("minutes_per_session", "15"),
            ("sessions_per_week", "7"),
            ("equipment", "mat"),
            ("enjoys", "walking"),
            ("walking_minutes", "15"),
        ];
        FormData(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn every_key_belongs_to_one_step() {
        for (i, s) in STEPS.iter().enumerate() {
            let blank: Vec<String> = blank_fields(i + 1).into_iter().map(|f| f.key).collect();
            for k in s.keys {
                assert!(blank.contains(&k.to_string()), "step {} lacks {k}", i + 1);
            }
        }
    }

    #[test]
    fn a_complete_wizard_builds_the_contract_intake() {
        let a = disc_flare();
        for s in 1..LAST {
            assert_eq!(validate(s, &a), vec![], "step {s}");
        }
        let input = build(&a).expect("builds");
        assert_eq!(input.age, 39);
        assert_eq!(input.fears.len(), 1);
        assert_eq!(input.goals[0].ability, 2);
        gradus_core::Intake::parse(&input).expect("parses");
    }

    #[test]
    fn steps_report_missing_answers() {
        let a = FormData::default();
        let keys: Vec<String> = validate(2, &a).into_iter().map(|(k, _)| k).collect();
        assert!(keys.contains(&"pain_now".to_string()));
        assert!(!validate(5, &a).is_empty());
        let mut bad = disc_flare();
        bad.0.push(("rf_back".into(), "saddle_numbness".into()));
        assert_eq!(validate(5, &bad)[0].0, "rf_none");
        bad.0.push(("regions".into(), "<script>".into()));
        assert_eq!(validate(1, &bad)[0].0, "regions");
    }

    #[test]
    fn engine_paths_map_to_fields() {
        let a = disc_flare();
        assert_eq!(key_for_path("pain.now", &a), "pain_now");
        assert_eq!(key_for_path("fears[0].rating", &a), "fear1_rating");
        assert_eq!(key_for_path("goals[0].activity", &a), "goal1");
        assert_eq!(key_for_path("age", &a), "age");
    }
}
