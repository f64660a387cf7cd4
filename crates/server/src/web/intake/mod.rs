//! The intake wizard: a few plain questions per step, forward and back without losing answers.
//!
//! There is no draft on the server: every step's form carries the answers of the other steps as
//! hidden fields, so the wizard works with JavaScript off, in any number of tabs, and a person
//! can go back and change anything. Each "Continue" checks only that step; the final submit
//! checks every step again, builds the contract's `IntakeInput` and hands it to
//! `App::record_intake`, the same use case as `PUT /api/v1/me/intake`. Any field error the
//! engine reports is mapped back to the step and field it came from.
//!
//! The module is split by what changes together: [`questions`] is the one declaration of what
//! is asked (edit it to add or reword a question), [`answers`] is how answers are checked and
//! turned into the contract, and this file is only the pages and the routes, which should not
//! need to change when a question does.

mod answers;
mod questions;

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use gradus_core::vocab::RedFlag;

use super::fields::{Field, FormData, Problem, problems};
use super::gate::{StopPage, StopReason};
use super::{Layout, Member, MemberForm, PageResult};
use crate::error::ApiError;
use crate::state::AppState;
use answers::{IntakeAnswers, build, sign_keys, validate};
use questions::{key_for_path, on_step, question, step_of};

pub fn router() -> Router<AppState> {
    Router::new().route("/intake", get(start).post(step))
}

/// The last step: check the answers and submit.
const LAST: usize = 11;

/// A step's words; its questions are the table's rows with its number.
struct StepDef {
    title: &'static str,
    intro: &'static str,
}

const STEPS: [StepDef; LAST] = [
    StepDef {
        title: "About you and where it hurts",
        intro: "A few questions at a time. You can go back and change any answer before you finish.",
    },
    StepDef {
        title: "How much it hurts",
        intro: "Think about the past week. 0 is no pain at all and 10 is the worst pain you can imagine.",
    },
    StepDef {
        title: "How easily it flares up",
        intro: "This tells us how gently to start.",
    },
    StepDef {
        title: "Nerve symptoms",
        intro: "Pain, tingling or numbness that travels away from the sore spot can come from an irritated nerve.",
    },
    StepDef {
        title: "Warning signs",
        intro: "Most pain is not dangerous, but a few signs need a doctor before any exercise. Tick everything that applies to you now.",
    },
    StepDef {
        title: "Operations and bone health",
        intro: "Some operations and bone conditions change which movements are safe.",
    },
    StepDef {
        title: "What worries you",
        intro: "When something hurts, some everyday movements can feel risky. Naming them lets your plan rebuild confidence step by step. This step is optional.",
    },
    StepDef {
        title: "What you want to get back to",
        intro: "Name up to three things the pain stops you doing, and how well you can do each now. We will ask again as you go, to see what changes.",
    },
    StepDef {
        title: "Your time, your kit and what you enjoy",
        intro: "Your plan fits into the time you have, with what you have at home.",
    },
    StepDef {
        title: "How your back pain affects you",
        intro: "Only if your pain is in your lower back: nine questions about the last two weeks, from the Keele STarT Back Screening Tool. They show how much the pain is affecting you, so your plan explains what will help most. Otherwise, or if you would rather not, skip this step.",
    },
    StepDef {
        title: "Check your answers",
        intro: "Change anything that is not right, then see your result.",
    },
];

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

fn fields(step: usize, answers: &FormData, errors: &HashMap<String, String>) -> Vec<Field> {
    on_step(step)
        .map(|q| q.blank().fill(answers).with_error(errors.get(&q.key)))
        .collect()
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
                // Unticked warning-sign groups say nothing worth reading back.
                .filter(|f| {
                    !(question(&f.key).is_some_and(|q| q.path == "red_flags.*")
                        && answer_text(f) == "None")
                })
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
            .filter(|(k, _)| step_of(k) != Some(step))
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
/// once (the rule is `gradus_core::gate::stops_at_once_after`); the answers are not stored.
fn stops_at_once(
    state: &AppState,
    caller: &crate::auth::Caller,
    step: usize,
    a: &FormData,
) -> Option<StopPage> {
    if !sign_keys().any(|k| step_of(k) == Some(step)) {
        return None;
    }
    let flags: Vec<RedFlag> = sign_keys()
        .flat_map(|k| a.all(k))
        .filter_map(RedFlag::parse)
        .collect();
    let age = a.text("age").and_then(|v| v.parse().ok()).unwrap_or(18);
    // The duration (asked on step 1) tells a long-standing, stable sign from a new one.
    let duration = a
        .text("duration_weeks")
        .and_then(|v| v.replace(',', ".").parse::<f64>().ok());
    let (level, reasons) =
        gradus_core::gate::stops_at_once_after(&flags, age, duration, &state.settings)?;
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
    let input = match IntakeAnswers::read(&a).and_then(|typed| build(&typed)) {
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
pub(super) mod tests {
    use super::*;

    /// A complete, valid wizard: a disc flare.
    pub fn disc_flare() -> FormData {
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
            ("weeks_since_surgery", ""),
            ("fear1", "picking up my toddler"),
            ("fear1_rating", "70"),
            ("goal1", "carry my toddler up the stairs"),
            ("goal1_ability", "2"),
            ("minutes_per_session", "15"),
            ("sessions_per_week", "7"),
            ("equipment", "mat"),
            ("enjoys", "walking"),
            ("enjoys", "yoga"),
            ("enjoys_other", "tai chi, bowls"),
            ("sedentary_hours", "7,5"),
            ("walking_minutes", " 15 "),
        ];
        FormData(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    /// Replaces (or adds) one answer.
    pub fn with(mut a: FormData, key: &str, value: &str) -> FormData {
        a.0.retain(|(k, _)| k != key);
        a.0.push((key.to_string(), value.to_string()));
        a
    }

    #[test]
    fn every_step_but_the_last_asks_something() {
        for step in 1..LAST {
            assert!(on_step(step).next().is_some(), "step {step} is empty");
        }
        assert!(on_step(LAST).next().is_none());
        assert!(on_step(LAST + 1).next().is_none());
    }

    #[test]
    fn a_complete_wizard_builds_the_contract_intake() {
        let a = answers(&disc_flare());
        for s in 1..LAST {
            assert_eq!(validate(s, &a), vec![], "step {s}");
        }
        let input = build(&IntakeAnswers::read(&a).expect("reads")).expect("builds");
        assert_eq!(input.age, 39);
        assert_eq!(input.fears.len(), 1);
        assert_eq!(input.goals[0].ability, 2);
        assert_eq!(
            input.activity.as_ref().unwrap().enjoys,
            ["walking", "yoga", "tai chi", "bowls"]
        );
        assert_eq!(input.activity.as_ref().unwrap().sedentary_hours, Some(7.5));
        assert_eq!(input.activity.as_ref().unwrap().walking_minutes, Some(15.0));
        assert_eq!(input.history.as_ref().unwrap().weeks_since_surgery, None);
        gradus_core::Intake::parse(&input).expect("parses");
    }

    #[test]
    fn only_wizard_answers_are_carried() {
        let mut posted = disc_flare();
        posted.0.push(("csrf".into(), "secret".into()));
        posted.0.push(("go".into(), "next".into()));
        posted.0.push(("step".into(), "3".into()));
        posted.0.push(("evil".into(), "x".into()));
        let kept = answers(&posted);
        assert!(kept.0.iter().all(|(k, _)| step_of(k).is_some()));
        assert_eq!(kept.0.len(), disc_flare().0.len());
    }

    #[test]
    fn the_summary_reads_every_answer_back() {
        let s = summary(&answers(&disc_flare()));
        assert_eq!(s.len(), LAST - 1);
        let about = &s[0].rows;
        assert_eq!(about[0], ("How old are you?".to_string(), "39".to_string()));
        // Unticked warning-sign groups are left out; "None of these" is shown.
        assert_eq!(s[4].rows.len(), 1, "{:?}", s[4].rows);
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
        assert_eq!(key_for_path("activity.enjoys[3]", &a), "enjoys_other");
        assert_eq!(key_for_path("red_flags.fever", &a), "rf_body");
        // A path no question fills keeps its first segment, which no step owns.
        assert_eq!(key_for_path("nonsense.x", &a), "nonsense");
        assert_eq!(step_of("nonsense"), None);
    }
}
