//! The HTTP API end to end (contract §6), on a real port with a fresh SQLite database per test.
//! The harness asserts on every response: never a 5xx, security headers always present.

mod common;

use common::{Body, PASSWORD, Server, checkin, example, session};
use reqwest::Method;
use serde_json::{Value, json};

const ME: &str = "/api/v1/me";

async fn plan_count(s: &Server, token: &str) -> usize {
    let res = s.get("/api/v1/me/plans", Some(token)).await;
    res.expect(200);
    res.json.as_array().expect("plans array").len()
}

async fn log_entries(s: &Server, token: &str, query: &str) -> Vec<Value> {
    let res = s.get(&format!("/api/v1/me/log{query}"), Some(token)).await;
    res.expect(200);
    res.json.as_array().expect("log array").clone()
}

// ---------------------------------------------------------------- health, errors, headers

#[tokio::test]
async fn healthz_answers_ok() {
    let s = Server::start().await;
    let res = s.get("/healthz", None).await;
    res.expect(200);
    assert_eq!(res.json, json!({ "status": "ok" }));
    assert!(res.content_type().starts_with("application/json"));
}

#[tokio::test]
async fn unknown_path_is_a_problem_404() {
    let s = Server::start().await;
    for path in [
        "/nope",
        "/api/v1/nope",
        "/api/v1/me/nope",
        "/api/v2/me/plan",
        "/api/v1/members/x/nope",
    ] {
        s.get(path, None).await.expect_problem(404);
    }
    let token = s.sign_up("a@example.org").await;
    s.get("/api/v1/me/nope", Some(&token))
        .await
        .expect_problem(404);
}

#[tokio::test]
async fn security_headers_on_every_kind_of_response() {
    // The harness checks the headers on every response; this test only makes sure every kind
    // of response (200, 201, 204, 400, 401, 404, 409, 413, 422) goes through it once.
    let s = Server::start().await;
    s.get("/healthz", None).await.expect(200);
    s.get("/api/openapi.json", None).await.expect(200);
    s.get("/nowhere", None).await.expect(404);
    s.get("/api/v1/me/plan", None).await.expect(401);
    let token = s.sign_up("h@example.org").await;
    s.post(
        "/api/v1/accounts",
        None,
        json!({ "email": "h@example.org", "password": PASSWORD }),
    )
    .await
    .expect(409);
    s.put("/api/v1/me/intake", Some(&token), json!({ "age": 40 }))
        .await
        .expect(422);
    s.send(
        Method::PUT,
        "/api/v1/me/intake",
        Some(&token),
        Body::Raw(b"{not json".to_vec(), Some("application/json")),
    )
    .await
    .expect(400);
    s.send(
        Method::PUT,
        "/api/v1/me/intake",
        Some(&token),
        Body::Raw(vec![b' '; 300 * 1024], Some("application/json")),
    )
    .await
    .expect(413);
    s.put(
        "/api/v1/me/intake",
        Some(&token),
        example("intake-disc-flare.json"),
    )
    .await
    .expect(201);
    s.send(
        Method::POST,
        "/api/v1/auth/logout",
        Some(&token),
        Body::None,
    )
    .await
    .expect(204);
    let csp = gradus_server::security::CSP;
    assert!(csp.contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn oversized_body_is_413() {
    let s = Server::start().await;
    let token = s.sign_up("big@example.org").await;
    // A valid-looking JSON document of 300 KB: a long string in a field.
    let big = format!(r#"{{"age": 40, "padding": "{}"}}"#, "x".repeat(300 * 1024));
    for (path, method, token) in [
        ("/api/v1/me/intake", Method::PUT, Some(token.as_str())),
        ("/api/v1/me/log", Method::POST, Some(token.as_str())),
        ("/api/v1/me/review", Method::POST, Some(token.as_str())),
        ("/api/v1/accounts", Method::POST, None),
        ("/api/v1/auth/token", Method::POST, None),
    ] {
        let res = s
            .send(
                method,
                path,
                token,
                Body::Raw(big.clone().into_bytes(), Some("application/json")),
            )
            .await;
        res.expect(413);
    }
    // Nothing was stored.
    s.get("/api/v1/me/plan", Some(&token))
        .await
        .expect_problem(404);
}

/// A body sent without Content-Length (chunked) that goes over the limit must also be 413,
/// not a 400 "could not read the body".
#[tokio::test]
async fn oversized_chunked_body_is_413() {
    let s = Server::start().await;
    let token = s.sign_up("chunk@example.org").await;
    let mut wrong = Vec::new();
    for (method, path) in [
        ("PUT", "/api/v1/me/intake"),
        ("POST", "/api/v1/me/log"),
        ("POST", "/api/v1/me/review"),
        ("POST", "/api/v1/accounts"),
    ] {
        let (status, text) = raw_chunked(s.addr, method, path, &token, 300 * 1024).await;
        if status != 413 {
            let body = text.split("\r\n\r\n").nth(1).unwrap_or("");
            wrong.push(format!("{method} {path}: got {status}: {body}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "a chunked 300 KB body must be refused with 413:\n{}",
        wrong.join("\n")
    );
}

/// Sends a chunked request of `size` bytes of blanks by hand; returns the status and the raw
/// response.
async fn raw_chunked(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    token: &str,
    size: usize,
) -> (u16, String) {
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    tokio::task::spawn_blocking(move || {
        use std::io::{Read, Write};
        let mut c = std::net::TcpStream::connect(addr).expect("connect");
        c.set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .expect("timeout");
        c.write_all(head.as_bytes()).expect("head");
        let chunk = vec![b' '; 16 * 1024];
        let mut sent = 0;
        while sent < size {
            // The server may answer and close before the whole body is sent.
            if c.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .and_then(|_| c.write_all(&chunk))
                .and_then(|_| c.write_all(b"\r\n"))
                .is_err()
            {
                break;
            }
            sent += chunk.len();
        }
        let _ = c.write_all(b"0\r\n\r\n");
        let mut out = Vec::new();
        let _ = c.read_to_end(&mut out);
        let text = String::from_utf8_lossy(&out).to_string();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .unwrap_or_else(|| panic!("no status line in {text:?}"));
        assert!(status < 500, "server error {status}: {text}");
        (status, text)
    })
    .await
    .expect("join")
}

/// Contract §6: errors are application/problem+json, including those made by the framework
/// layers (body limit, wrong method).
#[tokio::test]
async fn framework_errors_are_problem_json_too() {
    let s = Server::start().await;
    let token = s.sign_up("fw@example.org").await;
    let mut wrong = Vec::new();
    let big = Body::Raw(vec![b' '; 300 * 1024], Some("application/json"));
    for (label, res) in [
        (
            "300 KB body",
            s.send(Method::PUT, "/api/v1/me/intake", Some(&token), big)
                .await,
        ),
        (
            "wrong method",
            s.send(Method::DELETE, "/healthz", None, Body::None).await,
        ),
        (
            "wrong method",
            s.send(Method::GET, "/api/v1/auth/token", None, Body::None)
                .await,
        ),
    ] {
        if !res.content_type().starts_with("application/problem+json")
            || res.json["status"] != json!(res.status)
        {
            wrong.push(format!(
                "{label}: {} {} -> {} {:?}: {:?}",
                res.method,
                res.path,
                res.status,
                res.content_type(),
                res.text
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "every error must be application/problem+json:\n{}",
        wrong.join("\n")
    );
}

#[tokio::test]
async fn non_json_bodies_are_400_problems() {
    let s = Server::start().await;
    let token = s.sign_up("nj@example.org").await;
    s.intake(&token, example("intake-disc-flare.json")).await;
    let mut wrong = Vec::new();
    for (method, path, auth) in [
        (Method::POST, "/api/v1/accounts", false),
        (Method::POST, "/api/v1/auth/token", false),
        (Method::PUT, "/api/v1/me/intake", true),
        (Method::POST, "/api/v1/me/log", true),
        (Method::POST, "/api/v1/me/review", true),
    ] {
        let token = auth.then_some(token.as_str());
        for (body, ct) in [
            (&b"{not json"[..], Some("application/json")),
            (&b"age=40"[..], Some("application/json")),
            (&b"hello"[..], None),
        ] {
            let res = s
                .send(method.clone(), path, token, Body::Raw(body.to_vec(), ct))
                .await;
            let problem = res.content_type().starts_with("application/problem+json");
            if res.status != 400 || !problem {
                wrong.push(format!(
                    "{method} {path} with body {:?} (content-type {ct:?}): got {} {}: {}",
                    String::from_utf8_lossy(body),
                    res.status,
                    res.content_type(),
                    res.text
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a body that is not JSON must be a 400 problem:\n{}",
        wrong.join("\n")
    );
    // The stored plan was untouched.
    assert_eq!(plan_count(&s, &token).await, 1);
    assert!(log_entries(&s, &token, "").await.is_empty());
}

// ---------------------------------------------------------------- accounts and tokens

#[tokio::test]
async fn sign_up_and_its_errors() {
    let s = Server::start().await;
    let res = s
        .post(
            "/api/v1/accounts",
            None,
            json!({ "email": "Ann@Example.org", "password": PASSWORD, "name": "Ann" }),
        )
        .await;
    res.expect(201);
    assert!(res.json["id"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(res.json["email"], "ann@example.org");
    assert_eq!(res.json["name"], "Ann");
    assert_eq!(res.json["role"], "member");
    assert!(
        res.json.get("password").is_none() && res.json.get("password_hash").is_none(),
        "the account reply must not carry the password: {}",
        res.text
    );

    // The same address again, in any case: 409 problem.
    for email in ["ann@example.org", "ANN@example.org"] {
        s.post(
            "/api/v1/accounts",
            None,
            json!({ "email": email, "password": PASSWORD }),
        )
        .await
        .expect_problem(409);
    }

    for email in [
        "not-an-email",
        "@example.org",
        "ann@",
        "ann@localhost",
        "a b@example.org",
        "",
    ] {
        s.post(
            "/api/v1/accounts",
            None,
            json!({ "email": email, "password": PASSWORD }),
        )
        .await
        .expect_invalid_at("email");
    }
    s.post(
        "/api/v1/accounts",
        None,
        json!({ "email": "short@example.org", "password": "short" }),
    )
    .await
    .expect_invalid_at("password");
    s.post(
        "/api/v1/accounts",
        None,
        json!({ "email": "long@example.org", "password": "x".repeat(2000) }),
    )
    .await
    .expect_invalid_at("password");
    s.post(
        "/api/v1/accounts",
        None,
        json!({ "email": "nopass@example.org" }),
    )
    .await
    .expect_invalid_at("password");
    let res = s
        .post(
            "/api/v1/accounts",
            None,
            json!({ "email": "role@example.org", "password": PASSWORD, "role": "admin" }),
        )
        .await;
    res.expect_problem(422);
    assert!(
        res.text.contains("role"),
        "the unknown field must be named: {}",
        res.text
    );
    assert!(
        s.store
            .account_by_email("role@example.org")
            .await
            .unwrap()
            .is_none(),
        "an account was created from a sign-up with an unknown field"
    );
}

#[tokio::test]
async fn sign_up_closed_is_refused() {
    let s = Server::start_with(gradus_server::Config {
        signup_open: false,
        ..Default::default()
    })
    .await;
    s.post(
        "/api/v1/accounts",
        None,
        json!({ "email": "closed@example.org", "password": PASSWORD }),
    )
    .await
    .expect_problem(403);
    assert!(
        s.store
            .account_by_email("closed@example.org")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn tokens_wrong_password_and_logout() {
    let s = Server::start().await;
    let token = s.sign_up("tok@example.org").await;
    let res = s.login("tok@example.org", "wrong password!").await;
    res.expect_problem(401);
    assert_eq!(res.header("www-authenticate"), Some("Bearer"));
    let unknown = s.login("nobody@example.org", PASSWORD).await;
    unknown.expect_problem(401);
    assert_eq!(
        unknown.json["detail"], res.json["detail"],
        "a wrong email and a wrong password must read the same"
    );

    // Bad tokens.
    s.get("/api/v1/me/plans", None).await.expect_problem(401);
    s.get("/api/v1/me/plans", Some("not-a-token"))
        .await
        .expect_problem(401);
    s.get("/api/v1/me/plans", Some(&"a".repeat(300)))
        .await
        .expect_problem(401);
    s.get("/api/v1/me/plans", Some(&token)).await.expect(200);

    // A second token for the same account survives the first one's logout.
    let other = s.token("tok@example.org").await;
    s.send(
        Method::POST,
        "/api/v1/auth/logout",
        Some(&token),
        Body::None,
    )
    .await
    .expect(204);
    s.get("/api/v1/me/plans", Some(&token))
        .await
        .expect_problem(401);
    s.send(
        Method::POST,
        "/api/v1/auth/logout",
        Some(&token),
        Body::None,
    )
    .await
    .expect_problem(401);
    s.get("/api/v1/me/plans", Some(&other)).await.expect(200);
    s.send(Method::POST, "/api/v1/auth/logout", None, Body::None)
        .await
        .expect_problem(401);
    // The sign-out was audited, with the account that signed out, in the same transaction.
    let account = s
        .store
        .account_by_email("tok@example.org")
        .await
        .unwrap()
        .unwrap();
    let rows = s.store.audit_query(None, None).await.unwrap();
    let outs: Vec<_> = rows
        .iter()
        .filter(|r| r.event.action == "sign_out")
        .collect();
    assert_eq!(outs.len(), 1, "{rows:#?}");
    assert_eq!(outs[0].event.actor_id.as_ref(), Some(&account.id));
}

#[tokio::test]
async fn rapid_wrong_logins_are_rate_limited() {
    let s = Server::start().await;
    s.sign_up("rl@example.org").await; // one attempt used by the sign-in inside sign_up
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(s.login("rl@example.org", "wrong password!").await.status);
    }
    assert!(
        statuses.iter().all(|s| *s == 401 || *s == 429),
        "only 401 and 429 expected: {statuses:?}"
    );
    assert!(
        statuses.contains(&429),
        "12 wrong logins in a row were never limited: {statuses:?}"
    );
    let first_limited = statuses.iter().position(|s| *s == 429).unwrap();
    assert!(
        statuses[first_limited..].iter().all(|s| *s == 429),
        "once limited, stays limited: {statuses:?}"
    );
    // Even the right password is refused while limited, as a problem document.
    let res = s.login("rl@example.org", PASSWORD).await;
    res.expect_problem(429);
}

// ---------------------------------------------------------------- intake and plans

#[tokio::test]
async fn intake_gives_plan_version_1() {
    let s = Server::start().await;
    let token = s.sign_up("in@example.org").await;
    let res = s
        .put(
            "/api/v1/me/intake",
            Some(&token),
            example("intake-disc-flare.json"),
        )
        .await;
    res.expect(201);
    let a = &res.json;
    assert!(a["plan"].is_object(), "expected a plan: {}", res.text);
    assert_eq!(a["plan_version"], 1);
    assert!(a["triage"]["level"].is_string());
    assert!(a["intake_id"].is_i64());

    let cur = s.get("/api/v1/me/plan", Some(&token)).await;
    cur.expect(200);
    assert_eq!(cur.json["version"], 1);
    assert_eq!(cur.json["intake_id"], a["intake_id"]);
    assert_eq!(
        cur.json["plan"], a["plan"],
        "the stored plan is the one returned"
    );

    let all = s.get("/api/v1/me/plans", Some(&token)).await;
    all.expect(200);
    let all = all.json.as_array().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["version"], 1);
    assert!(
        all[0]["reasons"].is_array(),
        "reasons it changed: {}",
        all[0]
    );
}

#[tokio::test]
async fn invalid_intake_is_422_and_keeps_the_stored_plan() {
    let s = Server::start().await;
    let token = s.sign_up("bad@example.org").await;
    s.intake(&token, example("intake-disc-flare.json")).await;
    let before = s.get("/api/v1/me/plan", Some(&token)).await;
    before.expect(200);

    let mut bad = example("intake-disc-flare.json");
    bad["pain"]["now"] = json!(11);
    let res = s.put("/api/v1/me/intake", Some(&token), bad).await;
    res.expect_invalid_at("pain.now");

    let mut typo = example("intake-disc-flare.json");
    typo["red_flags"] = json!({ "saddle_numbnes": true });
    let res = s.put("/api/v1/me/intake", Some(&token), typo).await;
    res.expect_invalid_at("red_flags.saddle_numbnes");

    let mut young = example("intake-disc-flare.json");
    young["age"] = json!(17);
    s.put("/api/v1/me/intake", Some(&token), young)
        .await
        .expect_invalid_at("age");
    let mut missing = example("intake-disc-flare.json");
    missing.as_object_mut().unwrap().remove("pain");
    s.put("/api/v1/me/intake", Some(&token), missing)
        .await
        .expect_invalid_at("pain");

    let after = s.get("/api/v1/me/plan", Some(&token)).await;
    after.expect(200);
    assert_eq!(
        after.json, before.json,
        "a rejected intake changed the plan"
    );
    assert_eq!(plan_count(&s, &token).await, 1);
    let export = s.get("/api/v1/me/export", Some(&token)).await;
    export.expect(200);
    assert_eq!(
        export.json["intakes"].as_array().unwrap().len(),
        1,
        "a rejected intake was stored"
    );
}

#[tokio::test]
async fn emergency_intake_has_no_plan() {
    let s = Server::start().await;
    let token = s.sign_up("em@example.org").await;
    let res = s
        .put(
            "/api/v1/me/intake",
            Some(&token),
            example("intake-emergency.json"),
        )
        .await;
    res.expect(201);
    assert_eq!(res.json["triage"]["level"], "emergency");
    assert!(
        res.json["plan"].is_null(),
        "emergency must carry no plan: {}",
        res.text
    );
    assert!(res.json["plan_version"].is_null());
    s.get("/api/v1/me/plan", Some(&token))
        .await
        .expect_problem(404);
    assert_eq!(plan_count(&s, &token).await, 0);
    // Nothing to review either.
    s.post(
        "/api/v1/me/review",
        Some(&token),
        json!({ "today": "2026-11-05" }),
    )
    .await
    .expect_problem(404);

    // A warning sign reported after a plan existed leaves no current plan.
    let t2 = s.sign_up("em2@example.org").await;
    s.intake(&t2, example("intake-disc-flare.json")).await;
    s.get("/api/v1/me/plan", Some(&t2)).await.expect(200);
    s.intake(&t2, example("intake-emergency.json")).await;
    s.get("/api/v1/me/plan", Some(&t2))
        .await
        .expect_problem(404);
}

// ---------------------------------------------------------------- log

#[tokio::test]
async fn log_entries_are_stored_checked_and_ordered() {
    let s = Server::start().await;
    let token = s.sign_up("log@example.org").await;
    s.intake(&token, example("intake-disc-flare.json")).await;

    // Posted out of order; read back oldest first.
    let mut ids = Vec::new();
    for e in [
        checkin("2026-11-03", 4, &[]),
        session("2026-11-02", 4, true),
        session("2026-11-05", 3, true),
        checkin("2026-11-04", 3, &[]),
    ] {
        let res = s.post("/api/v1/me/log", Some(&token), e).await;
        res.expect(201);
        assert!(res.json["id"].is_i64(), "{{id}} expected: {}", res.text);
        assert!(res.json.get("alert").is_none(), "no alert without a flag");
        ids.push(res.json["id"].as_i64().unwrap());
    }
    let all = log_entries(&s, &token, "").await;
    let dates: Vec<&str> = all.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert_eq!(
        dates,
        ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"]
    );
    assert!(all.iter().all(|e| e["id"].is_i64()));
    assert_eq!(all[0]["type"], "session");
    assert_eq!(all[1]["type"], "checkin");

    // A logged item may carry its own pain rating (contract v2).
    let res = s
        .post(
            "/api/v1/me/log",
            Some(&token),
            json!({ "date": "2026-11-05", "type": "session", "pain_before": 3, "pain_during": 4, "pain_after": 3,
                    "items": [ { "exercise": "bridge", "reps": 10, "pain": 4 } ] }),
        )
        .await;
    res.expect(201);
    let last = log_entries(&s, &token, "?from=2026-11-05").await;
    assert!(last.iter().any(|e| e["items"][0]["pain"] == 4), "{last:?}");

    // Invalid entries: 422 naming the field, nothing stored.
    for (entry, path) in [
        (session("2026-11-06", 11, true), "pain_during"),
        (session("2026-13-40", 3, true), "date"),
        (checkin("2026-11-06", -1, &[]), "pain"),
        (
            json!({ "date": "2026-11-06", "type": "session", "pain_before": 3, "pain_during": 3, "pain_after": 3,
                    "items": [ { "exercise": "bridge", "reps": 10, "pain": 11 } ] }),
            "items[0].pain",
        ),
    ] {
        s.post("/api/v1/me/log", Some(&token), entry)
            .await
            .expect_invalid_at(path);
    }
    let res = s
        .post(
            "/api/v1/me/log",
            Some(&token),
            json!({ "date": "2026-11-06", "type": "checkin", "pain": 2, "stiffness": 2, "new_red_flags": ["saddle_numbnes"] }),
        )
        .await;
    res.expect_problem(422);
    s.post(
        "/api/v1/me/log",
        Some(&token),
        json!({ "date": "2026-11-06", "type": "nap" }),
    )
    .await
    .expect_problem(422);
    assert_eq!(
        log_entries(&s, &token, "").await.len(),
        5,
        "an invalid entry was stored"
    );

    // Date ranges, inclusive.
    let r = log_entries(&s, &token, "?from=2026-11-03&to=2026-11-04").await;
    let dates: Vec<&str> = r.iter().map(|e| e["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-11-03", "2026-11-04"]);
    assert_eq!(log_entries(&s, &token, "?from=2026-11-05").await.len(), 2);
    assert_eq!(log_entries(&s, &token, "?to=2026-11-02").await.len(), 1);
    assert_eq!(log_entries(&s, &token, "?from=2026-12-01").await.len(), 0);
    s.get("/api/v1/me/log?from=yesterday", Some(&token))
        .await
        .expect_invalid_at("from");
    s.get("/api/v1/me/log?to=2026-02-30", Some(&token))
        .await
        .expect_invalid_at("to");
}

// ---------------------------------------------------------------- review

/// A hard session (pain during 8/10, not settled) with no items named: the whole plan eases.
fn hard_session(date: &str) -> serde_json::Value {
    json!({ "date": date, "type": "session", "items": [],
            "pain_before": 3, "pain_during": 8, "pain_after": 5, "settled_by_next_morning": false })
}

#[tokio::test]
async fn review_after_a_hard_session_eases_back_to_version_2() {
    let s = Server::start().await;
    let token = s.sign_up("rev@example.org").await;
    let a = s.intake(&token, example("intake-disc-flare.json")).await;
    s.post(
        "/api/v1/me/log",
        Some(&token),
        session("2026-11-02", 4, true),
    )
    .await
    .expect(201);
    s.post("/api/v1/me/log", Some(&token), hard_session("2026-11-03"))
        .await
        .expect(201);
    s.post(
        "/api/v1/me/log",
        Some(&token),
        checkin("2026-11-04", 4, &[]),
    )
    .await
    .expect(201);

    let res = s
        .post(
            "/api/v1/me/review",
            Some(&token),
            json!({ "today": "2026-11-05" }),
        )
        .await;
    res.expect(200);
    let r = &res.json;
    assert_eq!(r["decision"], "ease_back", "{}", res.text);
    assert!(
        r["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["code"] == "session_too_hard"),
        "{}",
        res.text
    );
    assert!(
        r["plan"]["sessions"]
            .as_array()
            .is_some_and(|s| !s.is_empty()),
        "ease_back lowers the dose but never to nothing: {}",
        res.text
    );
    assert_eq!(
        r["plan"]["version"], 2,
        "the eased plan is version 2: {}",
        res.text
    );
    assert_eq!(r["version"], 2);
    assert_ne!(
        r["plan"], a["plan"],
        "the eased plan differs from version 1"
    );

    let plans = s.get("/api/v1/me/plans", Some(&token)).await;
    plans.expect(200);
    let plans = plans.json.as_array().unwrap().clone();
    assert_eq!(plans.len(), 2, "a changed plan must become version 2");
    assert_eq!(plans[0]["version"], 1);
    assert_eq!(plans[1]["version"], 2);
    assert_eq!(plans[1]["plan"], r["plan"]);
    assert!(
        plans[1]["reasons"]
            .as_array()
            .is_some_and(|a| !a.is_empty()),
        "version 2 says why it changed: {}",
        plans[1]
    );
    let cur = s.get("/api/v1/me/plan", Some(&token)).await;
    cur.expect(200);
    assert_eq!(cur.json["version"], 2);
    assert_eq!(cur.json["plan"], r["plan"]);

    // Reviewing again on the same day with nothing new adds no version.
    let again = s
        .post(
            "/api/v1/me/review",
            Some(&token),
            json!({ "today": "2026-11-05" }),
        )
        .await;
    again.expect(200);
    assert_eq!(plan_count(&s, &token).await, 2, "{}", again.text);

    // Every review is kept and exported.
    let export = s.get("/api/v1/me/export", Some(&token)).await;
    assert_eq!(export.json["reviews"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn review_that_cannot_ease_further_keeps_version_1() {
    let s = Server::start().await;
    let token = s.sign_up("gentle@example.org").await;
    s.intake(&token, example("intake-disc-flare.json")).await;
    // The hard session names only an exercise already at its gentlest level.
    s.post(
        "/api/v1/me/log",
        Some(&token),
        session("2026-11-03", 8, false),
    )
    .await
    .expect(201);
    let res = s
        .post(
            "/api/v1/me/review",
            Some(&token),
            json!({ "today": "2026-11-05" }),
        )
        .await;
    res.expect(200);
    assert_eq!(res.json["decision"], "ease_back", "{}", res.text);
    assert_eq!(res.json["version"], 1, "{}", res.text);
    assert!(res.json["plan"].is_object());
    assert_eq!(
        plan_count(&s, &token).await,
        1,
        "an unchanged plan adds no version"
    );
}

#[tokio::test]
async fn review_request_errors() {
    let s = Server::start().await;
    let token = s.sign_up("rerr@example.org").await;
    s.post("/api/v1/me/review", Some(&token), json!({}))
        .await
        .expect_problem(404);
    s.intake(&token, example("intake-disc-flare.json")).await;
    s.post(
        "/api/v1/me/review",
        Some(&token),
        json!({ "today": "05/11/2026" }),
    )
    .await
    .expect_invalid_at("today");
    let res = s
        .post(
            "/api/v1/me/review",
            Some(&token),
            json!({ "todya": "2026-11-05" }),
        )
        .await;
    res.expect_problem(422);
    assert!(res.text.contains("todya"), "{}", res.text);
    // An empty body is fine: today is the server's date.
    s.send(Method::POST, "/api/v1/me/review", Some(&token), Body::None)
        .await
        .expect(200);
}

#[tokio::test]
async fn new_red_flag_alerts_and_stops() {
    let s = Server::start().await;
    let token = s.sign_up("flag@example.org").await;
    s.intake(&token, example("intake-disc-flare.json")).await;
    s.post(
        "/api/v1/me/log",
        Some(&token),
        session("2026-11-02", 3, true),
    )
    .await
    .expect(201);
    let res = s
        .post(
            "/api/v1/me/log",
            Some(&token),
            checkin("2026-11-03", 5, &["saddle_numbness"]),
        )
        .await;
    res.expect(201);
    assert!(res.json["id"].is_i64());
    let alert = &res.json["alert"];
    assert!(
        alert.is_object(),
        "a new warning sign must alert: {}",
        res.text
    );
    assert_eq!(alert["decision"], "stop");
    assert!(
        alert["reasons"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x["code"] == "saddle_numbness"
                && x["advice"].as_str().is_some_and(|a| !a.is_empty()))),
        "{}",
        res.text
    );

    let res = s
        .post(
            "/api/v1/me/review",
            Some(&token),
            json!({ "today": "2026-11-04" }),
        )
        .await;
    res.expect(200);
    assert_eq!(res.json["decision"], "stop", "{}", res.text);
    assert!(
        res.json["plan"].is_null(),
        "stop carries no plan: {}",
        res.text
    );
    assert!(res.json["version"].is_null());
    assert_eq!(plan_count(&s, &token).await, 1, "stop adds no plan version");
    // What triage says with the sign added: an emergency, with no plan.
    assert_eq!(
        res.json["assessment"]["triage"]["level"], "emergency",
        "{}",
        res.text
    );
    assert!(res.json["assessment"]["plan"].is_null());
    // The plan stays paused, with the triage reasons, until a new intake.
    let res = s.get("/api/v1/me/plan", Some(&token)).await;
    res.expect(200);
    assert_eq!(res.json["status"], "paused", "{}", res.text);
    assert!(res.json["plan"].is_null());
    assert_eq!(res.json["level"], "emergency");
    assert_eq!(res.json["reasons"][0]["code"], "saddle_numbness");
    // Answering the intake again (the doctor found nothing; no sign now) lifts the pause.
    s.intake(&token, example("intake-disc-flare.json")).await;
    let res = s.get("/api/v1/me/plan", Some(&token)).await;
    res.expect(200);
    assert_eq!(res.json["status"], "active", "{}", res.text);
    assert!(res.json["plan"]["sessions"].is_array());
}

// ---------------------------------------------------------------- export and deletion

#[tokio::test]
async fn export_holds_everything() {
    let s = Server::start().await;
    let token = s.sign_up("ex@example.org").await;
    s.intake(&token, example("intake-disc-flare.json")).await;
    s.post(
        "/api/v1/me/log",
        Some(&token),
        session("2026-11-02", 3, true),
    )
    .await
    .expect(201);
    s.post(
        "/api/v1/me/log",
        Some(&token),
        checkin("2026-11-03", 3, &[]),
    )
    .await
    .expect(201);
    let res = s.get("/api/v1/me/export", Some(&token)).await;
    res.expect(200);
    let e = &res.json;
    assert_eq!(e["account"]["email"], "ex@example.org");
    assert!(
        e["account"].get("password_hash").is_none() && !res.text.contains("argon2"),
        "the export must not carry the password hash"
    );
    let intakes = e["intakes"].as_array().unwrap();
    assert_eq!(intakes.len(), 1);
    assert_eq!(intakes[0]["intake"]["age"], 39);
    assert!(intakes[0]["assessment"]["triage"].is_object());
    let plans = e["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0]["version"], 1);
    assert!(plans[0]["plan"]["sessions"].is_array());
    let log = e["log"].as_array().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["entry"]["date"], "2026-11-02");
    assert_eq!(log[1]["entry"]["type"], "checkin");
}

#[tokio::test]
async fn delete_me_removes_everything_but_the_audit() {
    let s = Server::start().await;
    let (id, token) = s.sign_up_id("del@example.org").await;
    s.intake(&token, example("intake-disc-flare.json")).await;
    s.post(
        "/api/v1/me/log",
        Some(&token),
        session("2026-11-02", 3, true),
    )
    .await
    .expect(201);
    s.post(
        "/api/v1/me/review",
        Some(&token),
        json!({ "today": "2026-11-03" }),
    )
    .await
    .expect(200);
    let second = s.token("del@example.org").await;

    s.delete(ME, Some(&token)).await.expect(204);

    s.get("/api/v1/me/plan", Some(&token))
        .await
        .expect_problem(401);
    s.get("/api/v1/me/export", Some(&second))
        .await
        .expect_problem(401);
    s.delete(ME, Some(&token)).await.expect_problem(401);
    s.login("del@example.org", PASSWORD)
        .await
        .expect_problem(401);

    let account = common::id(&id);
    assert!(s.store.account_by_id(&account).await.unwrap().is_none());
    assert!(s.store.plans(&account).await.unwrap().is_empty());
    assert!(s.store.log(&account, None, None).await.unwrap().is_empty());
    assert!(s.store.latest_assessment(&account).await.unwrap().is_none());

    let rows = s
        .wait_audit(Some(&id), |r| r.event.action == "delete_member")
        .await;
    let del = rows
        .iter()
        .find(|r| r.event.action == "delete_member")
        .unwrap();
    assert_eq!(del.event.actor_id, Some(account));
    assert_eq!(del.event.outcome, "ok");

    // The address can be used again for a fresh account with nothing in it.
    let fresh = s.sign_up("del@example.org").await;
    s.get("/api/v1/me/plan", Some(&fresh))
        .await
        .expect_problem(404);
}

// ---------------------------------------------------------------- clinician approval

/// A supervised plan (recent spinal surgery) is a draft until an assigned clinician approves it;
/// approval is the next version, says who approved it, and is audited. Nobody else can approve.
#[tokio::test]
async fn an_assigned_clinician_approves_a_drafted_plan() {
    let s = Server::start().await;
    let org = s.create_org("Clinic").await;
    let (member_id, member) = s.sign_up_id("fusion@example.org").await;
    s.set_org(&member_id, org).await;
    let (clinician_id, clinician) = s
        .staff(
            "pt@clinic.example",
            gradus_store::Role::Clinician,
            Some(org),
        )
        .await;
    let (_, other) = s
        .staff(
            "other@clinic.example",
            gradus_store::Role::Clinician,
            Some(org),
        )
        .await;
    s.assign(&clinician_id, &member_id).await;

    let a = s
        .intake(&member, example("intake-neck-after-fusion.json"))
        .await;
    assert_eq!(a["triage"]["level"], "supervised");
    assert_eq!(a["plan"]["requires_clinician_approval"], true);

    let path = format!("/api/v1/members/{member_id}/plan/approve");
    s.post(&path, Some(&member), json!({})).await.expect(404);
    s.post(&path, Some(&other), json!({})).await.expect(404);
    let res = s.post(&path, Some(&clinician), json!({})).await;
    res.expect(200);
    assert_eq!(res.json["version"], 2, "{}", res.text);
    assert_eq!(res.json["plan"]["requires_clinician_approval"], false);
    assert!(
        res.json["reasons"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("approved by"),
        "{}",
        res.text
    );

    let mine = s.get("/api/v1/me/plan", Some(&member)).await;
    mine.expect(200);
    assert_eq!(mine.json["version"], 2);
    assert_eq!(mine.json["plan"]["requires_clinician_approval"], false);
    s.post(&path, Some(&clinician), json!({}))
        .await
        .expect_problem(409);
}

// ---------------------------------------------------------------- outcome measures

/// A clinic that holds the Oswestry licence enters its ten section scores for a member: the
/// assigned clinician may, nobody else may (404, as for anything they may not see); bad scores
/// are refused with the field's path; the entry lands in the member's log with the clinician's
/// audit row.
#[tokio::test]
async fn an_assigned_clinician_records_a_disability_index() {
    let s = Server::start().await;
    let org = s.create_org("Clinic").await;
    let (member_id, member) = s.sign_up_id("odi@example.org").await;
    s.set_org(&member_id, org).await;
    let (clinician_id, clinician) = s
        .staff("pt@odi.example", gradus_store::Role::Clinician, Some(org))
        .await;
    let (_, other) = s
        .staff(
            "other@odi.example",
            gradus_store::Role::Clinician,
            Some(org),
        )
        .await;
    s.assign(&clinician_id, &member_id).await;
    s.intake(&member, example("intake-disc-flare.json")).await;
    let today = gradus_app::clock::today().to_string();
    let path = format!("/api/v1/members/{member_id}/measures");
    let body =
        json!({ "date": today, "measure": "odi", "items": [2, 2, 2, 2, 2, 2, 2, 2, null, 1] });
    s.post(&path, Some(&member), body.clone()).await.expect(404);
    s.post(&path, Some(&other), body.clone()).await.expect(404);
    s.post(
        &path,
        Some(&clinician),
        json!({ "date": today, "measure": "odi", "items": [2, 2, 2, 6, 2, 2, 2, 2, 2, 2] }),
    )
    .await
    .expect_invalid_at("items[3]");
    s.post(
        &path,
        Some(&clinician),
        json!({ "date": today, "measure": "odi", "items": [2, 2], "extra": 1 }),
    )
    .await
    .expect_problem(422);
    s.post(&path, Some(&clinician), body).await.expect(201);

    let log = s.get("/api/v1/me/log", Some(&member)).await;
    log.expect(200);
    let entry = log
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "measure")
        .expect("the measure is in the member's log");
    assert_eq!(entry["measure"], "odi");
    assert_eq!(entry["items"][8], Value::Null);
    let clinician_account = common::id(&clinician_id);
    s.wait_audit(Some(&member_id), |r| {
        r.event.action == "write_log" && r.event.actor_id.as_ref() == Some(&clinician_account)
    })
    .await;
}
