//! Readable text for a person: warnings first and unmistakable, then the plan.

use gradus_core::Assessment;
use gradus_core::library::{Exercise, Library};
use gradus_core::plan::Item;
use gradus_core::vocab::TriageLevel;

pub fn assessment(a: &Assessment, lib: &Library) -> String {
    let mut out = String::new();
    let banner = match a.triage.level {
        TriageLevel::Emergency => {
            Some("!!! STOP: GET EMERGENCY CARE TODAY — do not start exercises !!!")
        }
        TriageLevel::Urgent => {
            Some("!!! SEE A DOCTOR SOON (within days, two weeks at most) BEFORE EXERCISING !!!")
        }
        TriageLevel::Supervised => {
            Some("** This plan is a draft: a clinician must approve it before you start **")
        }
        TriageLevel::Review => {
            Some("* Exercise is fine. A doctor should also look at this (not urgent). *")
        }
        TriageLevel::Clear => None,
    };
    if let Some(b) = banner {
        out.push_str(&format!("{b}\n\n"));
    }
    for r in &a.triage.reasons {
        out.push_str(&format!("- [{}] {}\n", r.level, r.advice));
    }
    if !a.triage.reasons.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!(
        "Profile: {} · {} · irritability {}\n",
        a.profile.condition.as_str().replace('_', " "),
        a.profile.stage,
        a.profile.irritability
    ));
    let Some(plan) = &a.plan else {
        out.push_str("\nNo exercise plan: get the care above first. Once a doctor has seen you, assess again.\n");
        return out;
    };
    out.push_str(&format!("Phase: {}\n", plan.phase));
    for w in &plan.why {
        out.push_str(&format!("  {w}\n"));
    }
    for s in &plan.sessions {
        out.push_str(&format!(
            "\n== {} — {} days a week, about {} minutes ==\n",
            s.name, s.days_per_week, s.minutes
        ));
        for (n, it) in s.items.iter().enumerate() {
            out.push_str(&format!("{:>2}. {} — {}\n", n + 1, it.name, dose(it)));
            if let Some(ex) = lib.exercise(&it.exercise) {
                out.push_str(&format!("    {}\n", ex.summary));
            }
            out.push_str(&format!("    Why: {}\n", it.why));
        }
    }
    if !plan.exposure_ladder.is_empty() {
        out.push_str("\n== Your exposure ladder (least feared first) ==\n");
        for s in &plan.exposure_ladder {
            out.push_str(&format!(
                "{:>2}. {}{}\n",
                s.step,
                s.task,
                if s.current { "  <- start here" } else { "" }
            ));
        }
    }
    if !plan.excluded.is_empty() {
        out.push_str("\nLeft out for you:\n");
        for e in &plan.excluded {
            out.push_str(&format!("- {}: {}\n", e.exercise, e.why));
        }
    }
    out.push_str("\nGood to know:\n");
    for a in &plan.advice {
        out.push_str(&format!("- {}\n", a.text));
    }
    out.push_str(&format!(
        "\nReview your progress in {} days.\n",
        plan.review_after_days
    ));
    out
}

/// "2 × 10, hold 5 s, each side".
pub fn dose(it: &Item) -> String {
    let mut parts = Vec::new();
    if let Some(m) = it.minutes {
        parts.push(format!("{m} min"));
    } else if let Some(r) = it.reps {
        parts.push(if it.sets > 1 {
            format!("{} × {r}", it.sets)
        } else {
            format!("{r} reps")
        });
    }
    if let Some(h) = it.hold_seconds {
        parts.push(format!("hold {h} s"));
    }
    if it.each_side {
        parts.push("each side".into());
    }
    if let Some(t) = &it.tempo {
        parts.push(t.clone());
    }
    parts.join(", ")
}

pub fn exercise(ex: &Exercise) -> String {
    let mut out = format!("{} ({})\n{}\n\n", ex.name, ex.id, ex.summary);
    let regions: Vec<_> = ex.regions.iter().map(|r| r.as_str()).collect();
    let equipment: Vec<_> = ex.equipment.iter().map(|r| r.as_str()).collect();
    out.push_str(&format!(
        "Kind: {} · Position: {} · Regions: {} · Equipment: {} · {}\n",
        ex.kind,
        ex.position,
        regions.join(", "),
        if equipment.is_empty() {
            "none".into()
        } else {
            equipment.join(", ")
        },
        if ex.each_side {
            "both sides"
        } else {
            "both sides together"
        }
    ));
    out.push_str("\nSteps:\n");
    for (n, s) in ex.steps.iter().enumerate() {
        out.push_str(&format!("{:>2}. {s}\n", n + 1));
    }
    out.push_str("\nCues:\n");
    for c in &ex.cues {
        out.push_str(&format!("- {c}\n"));
    }
    out.push_str(&format!(
        "\nWhat you should feel: {}\n\nCommon mistakes:\n",
        ex.feel
    ));
    for m in &ex.mistakes {
        out.push_str(&format!("- {m}\n"));
    }
    out.push_str("\nLevels (easiest first):\n");
    for (n, l) in ex.levels.iter().enumerate() {
        let mut d = vec![format!("{} set(s)", l.sets)];
        if let Some(r) = l.reps {
            d.push(format!("{r} reps"))
        }
        if let Some(h) = l.hold_seconds {
            d.push(format!("hold {h} s"))
        }
        if let Some(m) = l.minutes {
            d.push(format!("{m} min"))
        }
        if let Some(t) = &l.tempo {
            d.push(t.clone())
        }
        if let Some(x) = &l.load {
            d.push(x.clone())
        }
        out.push_str(&format!("{:>2}. {}\n", n + 1, d.join(", ")));
    }
    if let Some(e) = &ex.easier {
        out.push_str(&format!("\nEasier: {e}\n"))
    }
    if let Some(h) = &ex.harder {
        out.push_str(&format!("Harder: {h}\n"))
    }
    if !ex.avoid_tags.is_empty() {
        let t: Vec<_> = ex.avoid_tags.iter().map(|t| t.as_str()).collect();
        out.push_str(&format!("Involves: {}\n", t.join(", ")));
    }
    out.push_str("\nSources:\n");
    for s in &ex.sources {
        out.push_str(&format!("- {s}\n"));
    }
    out
}
