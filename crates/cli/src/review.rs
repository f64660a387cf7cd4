//! `gradus review [--json] --plan FILE --log FILE [--today YYYY-MM-DD]`

use gradus_core::Settings;
use gradus_core::log::LogEntryInput;
use gradus_core::plan::Plan;
use gradus_core::review::{Decision, Review};

use crate::{Failure, input, render};

pub fn run(
    plan_path: &str,
    log_path: &str,
    today: Option<&str>,
    json: bool,
) -> Result<String, Failure> {
    let plan_text = input::read(plan_path)?;
    let plan = plan_from(&plan_text)?;
    let log: Vec<LogEntryInput> = gradus_content::json::document(&input::read(log_path)?)
        .map_err(|e| Failure::Input(format!("log {e}")))?;
    let lib = input::library()?;
    let review = gradus_core::review::review(&plan, &log, today, &lib, &Settings::default())
        .map_err(|e| Failure::Input(e.to_string()))?;
    if json {
        input::to_json(&review)
    } else {
        Ok(summary(&review))
    }
}

/// Accepts a plan, an assessment (its `plan`) or an earlier review (its `plan`).
fn plan_from(text: &str) -> Result<Plan, Failure> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| Failure::Input(format!("plan: not valid JSON ({e})")))?;
    let (inner, prefix) = match value.get("plan") {
        Some(serde_json::Value::Null) => {
            return Err(Failure::Input(
                "plan: this assessment or review has no plan (plan is null); nothing to review"
                    .into(),
            ));
        }
        Some(p) => (p.to_string(), "plan.plan"),
        None => (text.to_string(), "plan"),
    };
    gradus_content::json::document::<Plan>(&inner).map_err(|e| {
        let msg =
            e.0.iter()
                .map(|f| {
                    if f.path.is_empty() {
                        format!("{prefix}: {}", f.message)
                    } else {
                        format!("{prefix}.{f}")
                    }
                })
                .collect::<Vec<_>>();
        Failure::Input(msg.join("; "))
    })
}

fn summary(r: &Review) -> String {
    let headline = match r.decision {
        Decision::Progress => "PROGRESS: you have earned the next step.",
        Decision::Hold => "HOLD: keep going at the same dose for now.",
        Decision::EaseBack => "EASE BACK: a little less for now, but keep moving.",
        Decision::Escalate => {
            "SEE YOUR CARE TEAM OR A DOCTOR: things are not improving as they should."
        }
        Decision::Stop => {
            "!!! STOP: a new warning sign was reported. Do not continue the plan; get it checked. !!!"
        }
    };
    let f = &r.figures;
    let mut out = format!("{headline}\n\n");
    out.push_str(&format!(
        "Last {} days to {}: {} of {} sessions ({}%), mean pain {} (week before {}, start {}/10).\n\n",
        f.window_days,
        f.today,
        f.sessions_done,
        f.sessions_planned,
        (f.adherence * 100.0).round(),
        f.pain_mean.map_or("–".into(), |v| format!("{v}/10")),
        f.pain_mean_previous.map_or("–".into(), |v| format!("{v}/10")),
        f.baseline_pain
    ));
    for reason in &r.reasons {
        out.push_str(&format!("- {}\n", reason.detail));
    }
    if let Some(p) = &r.plan {
        if !p.changes.is_empty() {
            out.push_str(&format!("\nWhat changed (plan version {}):\n", p.version));
            for c in &p.changes {
                out.push_str(&format!("- {}\n", c.text));
            }
        }
        out.push_str(&format!("\nNext plan ({} phase):\n", p.phase));
        for s in &p.sessions {
            out.push_str(&format!(
                "  {} — {} days a week, {} min\n",
                s.name, s.days_per_week, s.minutes
            ));
            for it in &s.items {
                out.push_str(&format!("    - {}: {}\n", it.name, render::dose(it)));
            }
        }
    }
    out
}
