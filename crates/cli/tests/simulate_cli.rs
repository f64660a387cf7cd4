//! `gradus simulate` from the command line: the cohort report, the same run from the same seed,
//! and bad arguments named with exit status 2.

use std::process::{Command, Output};

use serde_json::Value;

fn gradus(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(args)
        .output()
        .expect("gradus runs")
}

#[test]
fn the_json_report_covers_every_member_and_course_of_pain() {
    let o = gradus(&[
        "simulate",
        "--members",
        "16",
        "--weeks",
        "3",
        "--seed",
        "9",
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON on stdout");
    assert_eq!(v["config"]["members"], 16);
    assert_eq!(v["members"].as_array().unwrap().len(), 16);
    assert_eq!(
        v["summary"].as_array().unwrap().len(),
        8,
        "eight courses of pain"
    );
    for m in v["members"].as_array().unwrap() {
        assert_eq!(m["weeks"].as_array().unwrap().len(), 3, "{m}");
    }
    let again = gradus(&[
        "simulate",
        "--members",
        "16",
        "--weeks",
        "3",
        "--seed",
        "9",
        "--json",
    ]);
    assert_eq!(o.stdout, again.stdout, "the same seed gives the same run");
}

#[test]
fn the_readable_report_names_each_course_in_words() {
    let o = gradus(&["simulate", "--members", "8", "--weeks", "2"]);
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("worsens slowly"), "{text}");
    assert!(text.contains("walking minutes by week"), "{text}");
    assert!(!text.contains("worsens_slowly"), "no ids: {text}");
}

#[test]
fn bad_arguments_are_named_with_exit_2() {
    for (args, field) in [
        (vec!["simulate", "--members", "0"], "--members"),
        (vec!["simulate", "--weeks", "500"], "--weeks"),
    ] {
        let o = gradus(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(field),
            "{args:?}"
        );
    }
}
