//! The `gradus` command, run as a person or a script would (contract §5): JSON to stdout, errors
//! to stderr, exit 0 on success, 2 for input that does not fit the contract, 1 for anything else.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

const CANONICAL_IDS: &[&str] = &[
    "cat_cow",
    "lower_body_nerve_glide",
    "bird_dog",
    "thread_the_needle",
    "standing_side_bend",
    "open_book_rotation",
    "pelvic_tilt",
    "knee_hug",
    "knee_rocking",
    "back_extension",
    "prone_press_up",
    "abdominal_bracing",
    "bent_hollow_hold",
    "bicycle_crunch",
    "diving_superman",
    "walking",
    "pool_walking",
    "standing_childs_pose",
    "standing_hip_flexor_stretch",
    "bridge",
    "figure_4_stretch",
    "back_rotation_stretch",
    "diaphragmatic_breathing",
    "knee_to_chest",
    "lumbar_twist",
    "supine_hamstring_stretch",
    "lunge_stretch",
    "quad_stretch",
    "childs_pose",
    "mini_lunge",
    "mini_squat",
    "jumping_jacks",
    "swimming",
    "cycling",
];

const EXAMPLES: &[&str] = &[
    "intake-disc-flare.json",
    "intake-emergency.json",
    "intake-neck-after-fusion.json",
    "intake-stiff-desk-worker.json",
];

fn gradus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(args)
        .output()
        .expect("gradus runs")
}

fn gradus_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("gradus starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("gradus finishes")
}

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("utf-8 stderr")
}

fn json_out(o: &Output) -> Value {
    serde_json::from_str(&stdout(o))
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(o)))
}

fn assess_example(name: &str) -> Value {
    let path = example(name);
    let o = gradus(&["assess", "--json", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{name}: stderr {}", stderr(&o));
    json_out(&o)
}

#[test]
fn assess_json_on_every_example_exits_0_with_the_contract_shape() {
    for name in EXAMPLES {
        let a = assess_example(name);
        let level = a["triage"]["level"]
            .as_str()
            .unwrap_or_else(|| panic!("{name}: no triage.level"));
        assert!(
            ["emergency", "urgent", "supervised", "review", "clear"].contains(&level),
            "{name}: {level}"
        );
        assert!(a["triage"]["reasons"].is_array(), "{name}");
        assert!(
            a["profile"]["condition"].is_string() && a["profile"]["stage"].is_string(),
            "{name}"
        );
        assert!(
            a.get("plan").is_some(),
            "{name}: `plan` is always present (null or a plan)"
        );
        if let Some(plan) = a["plan"].as_object() {
            for key in [
                "phase",
                "requires_clinician_approval",
                "sessions",
                "exposure_ladder",
                "advice",
                "review_after_days",
            ] {
                assert!(plan.contains_key(key), "{name}: plan.{key} missing");
            }
            for s in plan["sessions"].as_array().unwrap() {
                for it in s["items"].as_array().unwrap() {
                    for key in [
                        "exercise",
                        "name",
                        "kind",
                        "sets",
                        "reps",
                        "hold_seconds",
                        "minutes",
                        "each_side",
                        "why",
                    ] {
                        assert!(it.get(key).is_some(), "{name}: item.{key} missing in {it}");
                    }
                }
            }
        }
    }
}

#[test]
fn emergency_example_has_a_null_plan() {
    let a = assess_example("intake-emergency.json");
    assert_eq!(a["triage"]["level"], "emergency");
    assert!(a["plan"].is_null(), "plan: {}", a["plan"]);
    let raw = stdout(&gradus(&[
        "assess",
        "--json",
        example("intake-emergency.json").to_str().unwrap(),
    ]));
    assert!(
        raw.contains("\"plan\": null"),
        "the key is printed as null, not left out"
    );
}

#[test]
fn fusion_example_is_a_draft_waiting_for_a_clinician() {
    let a = assess_example("intake-neck-after-fusion.json");
    assert_eq!(a["triage"]["level"], "supervised");
    assert_eq!(a["plan"]["requires_clinician_approval"], true);
}

#[test]
fn assess_reads_standard_input() {
    let text = std::fs::read_to_string(example("intake-stiff-desk-worker.json")).unwrap();
    let o = gradus_stdin(&["assess", "--json", "-"], &text);
    assert_eq!(o.status.code(), Some(0), "stderr {}", stderr(&o));
    assert_eq!(
        json_out(&o),
        assess_example("intake-stiff-desk-worker.json")
    );
}

#[test]
fn bad_intake_on_stdin_exits_2_naming_the_field() {
    let text = std::fs::read_to_string(example("intake-disc-flare.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["pain"]["now"] = 11.into();
    let o = gradus_stdin(&["assess", "--json", "-"], &v.to_string());
    assert_eq!(o.status.code(), Some(2), "stdout {}", stdout(&o));
    assert!(
        stderr(&o).contains("pain.now: expected 0..=10, found 11"),
        "stderr: {}",
        stderr(&o)
    );
    assert!(
        stdout(&o).trim().is_empty(),
        "nothing on stdout when the input is refused"
    );
}

#[test]
fn misspelt_field_on_stdin_exits_2_naming_it() {
    let o = gradus_stdin(
        &["assess", "--json", "-"],
        r#"{"age": 40, "regions": ["low_back"], "duration_weeks": 2,
            "pain": {"now": 3, "average": 3, "worst": 4},
            "irritability": {"provoked_by": "moderate", "settle_minutes": 10},
            "red_flags": {"saddle_numbnes": true}}"#,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("red_flags") && err.contains("saddle_numbnes"),
        "stderr: {err}"
    );
}

#[test]
fn invalid_json_exits_2() {
    let o = gradus_stdin(&["assess", "--json", "-"], "{ not json");
    assert_eq!(o.status.code(), Some(2), "stderr {}", stderr(&o));
}

#[test]
fn unreadable_file_exits_1() {
    let o = gradus(&["assess", "--json", "/nonexistent/gradus/intake.json"]);
    assert_eq!(o.status.code(), Some(1), "stderr {}", stderr(&o));
    assert!(!stderr(&o).is_empty());
    assert!(stdout(&o).trim().is_empty());
}

#[test]
fn assess_without_json_prints_a_readable_summary() {
    let o = gradus(&["assess", example("intake-emergency.json").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.to_lowercase().contains("emergency"), "{text}");
    assert!(
        serde_json::from_str::<Value>(&text).is_err(),
        "without --json the output is for a person"
    );
}

#[test]
fn library_json_lists_every_canonical_id_with_kind_and_regions() {
    let o = gradus(&["library", "--json"]);
    assert_eq!(o.status.code(), Some(0), "stderr {}", stderr(&o));
    let all = json_out(&o);
    let all = all.as_array().expect("an array of exercises");
    for id in CANONICAL_IDS {
        let e = all
            .iter()
            .find(|e| e["id"] == *id)
            .unwrap_or_else(|| panic!("canonical id {id} missing"));
        assert!(
            e["name"].as_str().is_some_and(|n| !n.is_empty()),
            "{id}: name"
        );
        assert!(
            e["kind"].as_str().is_some_and(|k| !k.is_empty()),
            "{id}: kind"
        );
        assert!(
            e["regions"].as_array().is_some_and(|r| !r.is_empty()),
            "{id}: regions"
        );
    }
}

#[test]
fn library_show_prints_the_steps() {
    let o = gradus(&["library", "show", "pelvic_tilt"]);
    assert_eq!(o.status.code(), Some(0), "stderr {}", stderr(&o));
    let text = stdout(&o);
    let lib = gradus_content::load().unwrap();
    let ex = lib.exercise("pelvic_tilt").unwrap();
    assert!(text.contains(&ex.name), "{text}");
    for step in &ex.steps {
        assert!(text.contains(step.as_str()), "step missing: {step}\n{text}");
    }
}

#[test]
fn library_show_unknown_id_exits_2() {
    let o = gradus(&["library", "show", "nope"]);
    assert_eq!(o.status.code(), Some(2), "stdout {}", stdout(&o));
    assert!(stderr(&o).contains("nope"), "stderr: {}", stderr(&o));
}

/// After spinal surgery the plan tracks the date of surgery, not a frozen week count (clinical
/// rules §G): `assess --today` records the day of the operation (8 weeks before 2 March 2026 is
/// 5 January), so a later `review` counts the weeks from its own day. A bad date names the flag.
#[test]
fn assess_records_the_day_of_spinal_surgery() {
    let intake = example("intake-neck-after-fusion.json");
    let out = gradus(&[
        "assess",
        "--json",
        "--today",
        "2026-03-02",
        intake.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(a["plan"]["surgery_on"], "2026-01-05");
    let out = gradus(&["assess", "--today", "2026-13-02", intake.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--today"));
}

/// A reader that stops early (`gradus library --json | head`) ends the command quietly: no
/// panic on the closed pipe, exit status 0.
#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(["library", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run gradus");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("the first bytes");
    // The pipe is closed here, long before the 200 KB of the library are written.
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(out.status.code(), Some(0), "{err}");
}
