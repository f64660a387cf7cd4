//! The clinic set-up commands and the audit reader, run as a person would: the real binary on a
//! fresh SQLite database, then the server started on it to check the set-up took effect.

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn gradus(db: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(args)
        .env("GRADUS_DATABASE", db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that does not read standard input may exit before it is written: a broken
    // pipe then is no failure of the test (the command's own output and status are checked).
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
    }
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn http(addr: &str, method: &str, path: &str, token: Option<&str>, body: &str) -> (u16, String) {
    common::http(addr, method, path, token, body).expect("request")
}

fn token_of(body: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(body).unwrap();
    v["token"].as_str().unwrap().to_string()
}

#[test]
fn a_clinic_sets_itself_up_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/clinic.db", dir.path().display());

    let o = gradus(&db, &["admin", "create-org", "Riverside Physio"], "");
    assert!(o.status.success(), "{}", text(&o));
    let o = gradus(&db, &["admin", "create-org", "Riverside Physio"], "");
    assert_eq!(
        o.status.code(),
        Some(2),
        "a duplicate organisation is an input error: {}",
        text(&o)
    );

    let o = gradus(
        &db,
        &[
            "admin",
            "create-user",
            "--org",
            "Riverside Physio",
            "--email",
            "pt@riverside.example",
            "--role",
            "clinician",
        ],
        "a clinician password\n",
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = gradus(
        &db,
        &[
            "admin",
            "create-user",
            "--org",
            "Nowhere",
            "--email",
            "x@riverside.example",
            "--role",
            "clinician",
        ],
        "a clinician password\n",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--org"), "{}", text(&o));
    let o = gradus(
        &db,
        &[
            "admin",
            "create-user",
            "--org",
            "Riverside Physio",
            "--email",
            "y@riverside.example",
            "--role",
            "wizard",
        ],
        "a clinician password\n",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("--role"), "{}", text(&o));
    let o = gradus(
        &db,
        &[
            "admin",
            "create-user",
            "--org",
            "Riverside Physio",
            "--email",
            "z@riverside.example",
            "--role",
            "admin",
        ],
        "short\n",
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "a short password is refused: {}",
        text(&o)
    );

    // A member signs up through the API, then is assigned from the terminal.
    let (mut server, addr) = common::start(&db);
    let creds = r#"{"email":"m@home.example","password":"a member password"}"#;
    assert_eq!(http(&addr, "POST", "/api/v1/accounts", None, creds).0, 201);
    let member = token_of(&http(&addr, "POST", "/api/v1/auth/token", None, creds).1);
    let intake = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/intake-disc-flare.json"
    ))
    .unwrap();
    assert_eq!(
        http(&addr, "PUT", "/api/v1/me/intake", Some(&member), &intake).0,
        201
    );

    let o = gradus(
        &db,
        &[
            "admin",
            "assign",
            "--clinician",
            "pt@riverside.example",
            "--member",
            "m@home.example",
        ],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = gradus(
        &db,
        &[
            "admin",
            "assign",
            "--clinician",
            "m@home.example",
            "--member",
            "pt@riverside.example",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(2), "roles are checked: {}", text(&o));

    let pt = token_of(
        &http(
            &addr,
            "POST",
            "/api/v1/auth/token",
            None,
            r#"{"email":"pt@riverside.example","password":"a clinician password"}"#,
        )
        .1,
    );
    let (status, body) = http(&addr, "GET", "/api/v1/members", Some(&pt), "");
    assert_eq!(status, 200);
    let caseload: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = caseload[0]["id"].as_str().unwrap().to_string();
    assert_eq!(caseload[0]["email"], "m@home.example");
    assert_eq!(
        http(
            &addr,
            "GET",
            &format!("/api/v1/members/{id}/plan"),
            Some(&pt),
            ""
        )
        .0,
        200
    );

    // SIGTERM: the server stops cleanly and says so.
    std::thread::sleep(Duration::from_millis(100));
    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(
        server.wait().unwrap().success(),
        "graceful shutdown exits 0"
    );

    // The audit trail names the clinician's read of the member's plan.
    let o = gradus(&db, &["audit", "--member", &id, "--json"], "");
    assert!(o.status.success(), "{}", text(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let actions: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"write_intake")
            && actions.contains(&"read_plan")
            && actions.contains(&"assign_member"),
        "{actions:?}"
    );
    let o = gradus(&db, &["audit", "--since", "2026-02-30"], "");
    assert_eq!(o.status.code(), Some(2), "bad date is an input error");
    let o = gradus(&db, &["audit"], "");
    assert!(text(&o).contains("events."), "{}", text(&o));
}

/// Access is taken away from the terminal while the server runs. The command is another
/// process; it announces the revocation beside the database, so the server's cached token
/// fails on the next request, and a sign-in of a disabled account is refused at once.
#[test]
fn access_is_taken_away_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/access.db", dir.path().display());
    assert!(
        gradus(&db, &["admin", "create-org", "Hill Clinic"], "")
            .status
            .success()
    );
    let o = gradus(
        &db,
        &[
            "admin",
            "create-user",
            "--org",
            "Hill Clinic",
            "--email",
            "pt@hill.example",
            "--role",
            "clinician",
        ],
        "a clinician password\n",
    );
    assert!(o.status.success(), "{}", text(&o));
    let (mut server, addr) = common::start(&db);
    let creds = r#"{"email":"m@home.example","password":"a member password"}"#;
    assert_eq!(http(&addr, "POST", "/api/v1/accounts", None, creds).0, 201);
    let member = token_of(&http(&addr, "POST", "/api/v1/auth/token", None, creds).1);
    let o = gradus(
        &db,
        &[
            "admin",
            "assign",
            "--clinician",
            "pt@hill.example",
            "--member",
            "m@home.example",
        ],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = gradus(
        &db,
        &[
            "admin",
            "unassign",
            "--clinician",
            "pt@hill.example",
            "--member",
            "m@home.example",
        ],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Unassigned m@home.example"),
        "{}",
        text(&o)
    );

    assert_eq!(
        http(&addr, "GET", "/api/v1/me/plans", Some(&member), "").0,
        200
    );
    let o = gradus(&db, &["admin", "disable", "m@home.example"], "");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("1 tokens"), "{}", text(&o));
    let (status, body) = http(&addr, "POST", "/api/v1/auth/token", None, creds);
    assert_eq!(status, 401, "{body}");
    assert!(body.contains("disabled"), "{body}");
    // The server's cached token fails on the very next request: the command announced the
    // revocation beside the database.
    assert_eq!(
        http(&addr, "GET", "/api/v1/me/plans", Some(&member), "").0,
        401,
        "a disabled account's token still works"
    );
    let o = gradus(&db, &["admin", "enable", "m@home.example"], "");
    assert!(o.status.success(), "{}", text(&o));
    let again = token_of(&http(&addr, "POST", "/api/v1/auth/token", None, creds).1);
    assert_eq!(
        http(&addr, "GET", "/api/v1/me/plans", Some(&again), "").0,
        200
    );
    let o = gradus(&db, &["admin", "revoke-tokens", "m@home.example"], "");
    assert!(text(&o).contains("Revoked 1 tokens"), "{}", text(&o));
    assert_eq!(
        http(&addr, "GET", "/api/v1/me/plans", Some(&again), "").0,
        401,
        "a revoked token still works"
    );
    let o = gradus(
        &db,
        &["admin", "require2fa", "--org", "Hill Clinic", "on"],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));

    let o = gradus(
        &db,
        &[
            "admin",
            "reset-link",
            "m@home.example",
            "--base-url",
            &format!("http://{addr}"),
        ],
        "",
    );
    assert!(o.status.success(), "{}", text(&o));
    let link = String::from_utf8_lossy(&o.stdout)
        .lines()
        .next()
        .unwrap()
        .to_string();
    let path = link
        .strip_prefix(&format!("http://{addr}"))
        .unwrap()
        .to_string();
    assert!(path.starts_with("/reset?token="), "{link}");
    assert_eq!(http(&addr, "GET", &path, None, "").0, 200);
    assert_eq!(http(&addr, "GET", "/reset?token=nope", None, "").0, 410);
    let o = gradus(&db, &["admin", "disable", "nobody@home.example"], "");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    drop(again);

    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(server.wait().unwrap().success());
    let o = gradus(&db, &["audit", "--json"], "");
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let actions: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    for a in [
        "unassign_member",
        "disable_account",
        "enable_account",
        "revoke_tokens",
        "require_2fa",
        "reset_link",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}
