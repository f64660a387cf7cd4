//! `gradus review` end to end: exit codes, JSON output, error paths and the readable summary.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

const EXAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");

fn gradus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(args)
        .output()
        .expect("gradus runs")
}

fn example(name: &str) -> String {
    format!("{EXAMPLES}/{name}")
}

/// A file under the temp directory with a name no other test (or test run) uses.
fn temp_file(name: &str, text: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let path = std::env::temp_dir().join(format!(
        "gradus-review-cli-{}-{nanos}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::write(&path, text).expect("temp file written");
    path
}

/// The assessment of the disc-flare example, saved as the review's plan file.
fn assessment_file() -> PathBuf {
    let out = gradus(&["assess", "--json", &example("intake-disc-flare.json")]);
    assert!(
        out.status.success(),
        "assess failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    temp_file("assessment.json", &String::from_utf8(out.stdout).unwrap())
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn review_json_of_the_example_log_eases_back() {
    let plan = assessment_file();
    let out = gradus(&[
        "review",
        "--json",
        "--plan",
        plan.to_str().unwrap(),
        "--log",
        &example("log-two-weeks.json"),
        "--today",
        "2026-11-10",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    let v: Value = serde_json::from_str(&stdout).expect("stdout is JSON");
    assert_eq!(v["decision"], "ease_back", "{stdout}");
    assert!(v["plan"].is_object(), "ease_back keeps a plan");
    assert!(v["reasons"].as_array().is_some_and(|r| !r.is_empty()));
    let _ = std::fs::remove_file(plan);
}

#[test]
fn an_invalid_log_value_exits_2_naming_its_path() {
    let plan = assessment_file();
    let log = temp_file(
        "bad-log.json",
        &json!([
            { "date": "2026-11-02", "type": "checkin", "pain": 4, "stiffness": 3, "new_red_flags": [] },
            { "date": "2026-11-03", "type": "session", "items": [], "pain_before": 4, "pain_during": 11, "pain_after": 4,
              "settled_by_next_morning": true }
        ])
        .to_string(),
    );
    let out = gradus(&[
        "review",
        "--json",
        "--plan",
        plan.to_str().unwrap(),
        "--log",
        log.to_str().unwrap(),
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout: {stdout} stderr: {stderr}"
    );
    assert!(
        stderr.contains("[1].pain_during"),
        "the path of the bad value is on stderr: {stderr}"
    );
    assert!(
        stdout.trim().is_empty(),
        "nothing on stdout on failure: {stdout}"
    );
    let _ = std::fs::remove_file(plan);
    let _ = std::fs::remove_file(log);
}

#[test]
fn an_impossible_date_exits_2_naming_the_date() {
    let plan = assessment_file();
    let log = temp_file(
        "bad-date.json",
        r#"[{ "date": "2026-02-30", "type": "checkin", "pain": 4, "stiffness": 3 }]"#,
    );
    let out = gradus(&[
        "review",
        "--plan",
        plan.to_str().unwrap(),
        "--log",
        log.to_str().unwrap(),
    ]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("[0].date") && stderr.contains("2026-02-30"),
        "{stderr}"
    );
    let _ = std::fs::remove_file(plan);
    let _ = std::fs::remove_file(log);
}

#[test]
fn the_readable_summary_names_the_decision_on_its_first_line() {
    let plan = assessment_file();
    let out = gradus(&[
        "review",
        "--plan",
        plan.to_str().unwrap(),
        "--log",
        &example("log-two-weeks.json"),
        "--today",
        "2026-11-10",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let first = stdout.lines().next().unwrap_or_default().to_lowercase();
    assert!(first.contains("ease back"), "first line: {first:?}");
    assert!(
        serde_json::from_str::<Value>(&stdout).is_err(),
        "without --json the output is prose"
    );
    assert!(
        stdout.contains("2026-11-09") && stdout.contains("7/10"),
        "the summary quotes the log:\n{stdout}"
    );
    let _ = std::fs::remove_file(plan);
}

#[test]
fn a_new_warning_sign_stops_with_a_null_plan() {
    let plan = assessment_file();
    let log = temp_file(
        "flag-log.json",
        &json!([{ "date": "2026-11-03", "type": "checkin", "pain": 4, "stiffness": 3, "new_red_flags": ["saddle_numbness"] }])
            .to_string(),
    );
    let out = gradus(&[
        "review",
        "--json",
        "--plan",
        plan.to_str().unwrap(),
        "--log",
        log.to_str().unwrap(),
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["decision"], "stop");
    assert!(v["plan"].is_null(), "{stdout}");
    let out = gradus(&[
        "review",
        "--plan",
        plan.to_str().unwrap(),
        "--log",
        log.to_str().unwrap(),
    ]);
    let first = text(&out)
        .0
        .lines()
        .next()
        .unwrap_or_default()
        .to_lowercase();
    assert!(first.contains("stop"), "first line: {first:?}");
    let _ = std::fs::remove_file(plan);
    let _ = std::fs::remove_file(log);
}

#[test]
fn a_review_output_can_be_reviewed_again() {
    let plan = assessment_file();
    let out = gradus(&[
        "review",
        "--json",
        "--plan",
        plan.to_str().unwrap(),
        "--log",
        &example("log-two-weeks.json"),
        "--today",
        "2026-11-10",
    ]);
    assert!(out.status.success());
    let first = temp_file("review-1.json", &String::from_utf8(out.stdout).unwrap());
    let out = gradus(&[
        "review",
        "--json",
        "--plan",
        first.to_str().unwrap(),
        "--log",
        &example("log-two-weeks.json"),
        "--today",
        "2026-11-10",
    ]);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert!(v["decision"].is_string());
    let _ = std::fs::remove_file(plan);
    let _ = std::fs::remove_file(first);
}
