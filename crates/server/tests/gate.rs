//! The safety gate on every API surface, the cache under the production stack, stored
//! documents that no longer read, and audit rows committed with their writes.
//!
//! The server is built exactly as `gradus serve` builds it (`build_state`: cache, writers,
//! content), on a real port with a fresh SQLite database per test.

mod common;

use common::{Server, checkin, example, id, session};
use gradus_core::day::Day;
use gradus_store::{AuditEvent, IntakeId, NewLogEntry, NewPlanVersion, Role, Timestamp};
use serde_json::{Value, json};

fn today() -> String {
    gradus_server::clock::today().to_string()
}

fn yesterday() -> String {
    gradus_server::clock::today().plus(-1).to_string()
}

/// A member in an organisation with an assigned clinician: (member id, member token, clinician
/// token).
async fn member_with_clinician(s: &Server, email: &str) -> (String, String, String) {
    let org = s.create_org("Clinic").await;
    let (member_id, member) = s.sign_up_id(email).await;
    s.set_org(&member_id, org).await;
    let (clinician_id, clinician) = s
        .staff("pt@clinic.example", Role::Clinician, Some(org))
        .await;
    s.assign(&clinician_id, &member_id).await;
    (member_id, member, clinician)
}

#[track_caller]
fn assert_paused(res: &common::Res, code: &str, level: &str) {
    res.expect(200);
    assert_eq!(res.json["status"], "paused", "{}", res.text);
    assert!(
        res.json["plan"].is_null(),
        "no exercises while paused: {}",
        res.text
    );
    assert_eq!(res.json["level"], level, "{}", res.text);
    let reasons = res.json["reasons"].as_array().expect("reasons");
    assert!(
        reasons.iter().any(|r| r["code"] == code
            && r["level"] == level
            && r["advice"].as_str().is_some_and(|a| a.len() > 20)),
        "{}",
        res.text
    );
}

/// A sign reported on the very day the plan was issued pauses it for the member and for the
/// clinician; a review decides stop and adds no version; only a new intake lifts the pause.
#[tokio::test]
async fn a_same_day_warning_sign_pauses_the_plan_everywhere_until_a_new_intake() {
    let s = Server::start().await;
    let (member_id, member, clinician) = member_with_clinician(&s, "gate@example.org").await;
    s.intake(&member, example("intake-disc-flare.json")).await;
    let mine = s.get("/api/v1/me/plan", Some(&member)).await;
    mine.expect(200);
    assert_eq!(mine.json["status"], "active");
    let theirs = format!("/api/v1/members/{member_id}/plan");

    let res = s
        .post(
            "/api/v1/me/log",
            Some(&member),
            checkin(&today(), 5, &["saddle_numbness"]),
        )
        .await;
    res.expect(201);
    assert_eq!(res.json["alert"]["status"], "paused", "{}", res.text);
    assert_eq!(res.json["alert"]["level"], "emergency");

    assert_paused(
        &s.get("/api/v1/me/plan", Some(&member)).await,
        "saddle_numbness",
        "emergency",
    );
    assert_paused(
        &s.get(&theirs, Some(&clinician)).await,
        "saddle_numbness",
        "emergency",
    );

    // A review on the same day stops, whatever the dates say.
    let r = s
        .post(
            "/api/v1/me/review",
            Some(&member),
            json!({ "today": today() }),
        )
        .await;
    r.expect(200);
    assert_eq!(r.json["decision"], "stop", "{}", r.text);
    assert!(r.json["plan"].is_null());
    let versions = s.get("/api/v1/me/plans", Some(&member)).await;
    assert_eq!(
        versions.json.as_array().unwrap().len(),
        1,
        "stop adds no version"
    );
    // And the review did not lift it.
    assert_paused(
        &s.get("/api/v1/me/plan", Some(&member)).await,
        "saddle_numbness",
        "emergency",
    );

    // A new intake (seen by a doctor, no sign now) lifts the pause on both surfaces.
    s.intake(&member, example("intake-disc-flare.json")).await;
    let mine = s.get("/api/v1/me/plan", Some(&member)).await;
    mine.expect(200);
    assert_eq!(mine.json["status"], "active", "{}", mine.text);
    assert!(mine.json["plan"]["sessions"].is_array());
    let t = s.get(&theirs, Some(&clinician)).await;
    assert_eq!(t.json["status"], "active", "{}", t.text);
}

/// A sign dated before the plan was issued (a check-in filled in late) still counts: the gate
/// reads the log's order, not its dates.
#[tokio::test]
async fn a_backdated_sign_logged_after_the_intake_still_pauses() {
    let s = Server::start().await;
    let member = s.sign_up("late@example.org").await;
    s.intake(&member, example("intake-disc-flare.json")).await;
    s.post(
        "/api/v1/me/log",
        Some(&member),
        checkin(&yesterday(), 5, &["fever"]),
    )
    .await
    .expect(201);
    assert_paused(
        &s.get("/api/v1/me/plan", Some(&member)).await,
        "fever",
        "urgent",
    );
    let r = s
        .post(
            "/api/v1/me/review",
            Some(&member),
            json!({ "today": today() }),
        )
        .await;
    assert_eq!(r.json["decision"], "stop", "{}", r.text);
}

/// A sign logged before the intake does not pause the plan that intake made: the person
/// answered the questions after it.
#[tokio::test]
async fn a_sign_before_the_intake_does_not_pause_the_plan_it_made() {
    let s = Server::start().await;
    let member = s.sign_up("before@example.org").await;
    let res = s
        .post(
            "/api/v1/me/log",
            Some(&member),
            checkin(&yesterday(), 5, &["fever"]),
        )
        .await;
    res.expect(201);
    assert_eq!(
        res.json["alert"]["level"], "urgent",
        "advice even with no plan: {}",
        res.text
    );
    s.intake(&member, example("intake-disc-flare.json")).await;
    let mine = s.get("/api/v1/me/plan", Some(&member)).await;
    assert_eq!(mine.json["status"], "active", "{}", mine.text);
}

/// A minor fall reported in a check-in, without the fracture signs, is a note and not a stop:
/// no alert, the plan stays active on every surface, and the review says it was noted.
#[tokio::test]
async fn a_minor_fall_in_a_checkin_leaves_the_plan_active_and_is_noted() {
    let s = Server::start().await;
    let member = s.sign_up("fall@example.org").await;
    s.intake(&member, example("intake-stiff-desk-worker.json"))
        .await;
    let res = s
        .post(
            "/api/v1/me/log",
            Some(&member),
            checkin(&today(), 3, &["minor_trauma"]),
        )
        .await;
    res.expect(201);
    assert!(
        res.json["alert"].is_null(),
        "no stop for a minor fall: {}",
        res.text
    );
    let mine = s.get("/api/v1/me/plan", Some(&member)).await;
    assert_eq!(mine.json["status"], "active", "{}", mine.text);
    let r = s.post("/api/v1/me/review", Some(&member), json!({})).await;
    r.expect(200);
    assert_ne!(r.json["decision"], "stop", "{}", r.text);
    assert!(
        r.json["reasons"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x["code"] == "sign_noted")),
        "{}",
        r.text
    );
}

/// Approving a supervised draft after a warning sign issues the next version but never lifts
/// the pause, for the member or the clinician; the draft itself reads `awaiting_approval`.
#[tokio::test]
async fn an_approval_after_a_sign_does_not_lift_the_pause() {
    let s = Server::start().await;
    let (member_id, member, clinician) = member_with_clinician(&s, "draft@example.org").await;
    s.intake(&member, example("intake-neck-after-fusion.json"))
        .await;
    let mine = s.get("/api/v1/me/plan", Some(&member)).await;
    assert_eq!(mine.json["status"], "awaiting_approval", "{}", mine.text);

    s.post(
        "/api/v1/me/log",
        Some(&member),
        checkin(&today(), 4, &["gait_disturbance"]),
    )
    .await
    .expect(201);
    let approved = s
        .post(
            &format!("/api/v1/members/{member_id}/plan/approve"),
            Some(&clinician),
            json!({}),
        )
        .await;
    assert_paused(&approved, "gait_disturbance", "emergency");
    assert_eq!(
        approved.json["version"], 2,
        "the approval is stored: {}",
        approved.text
    );
    assert_paused(
        &s.get("/api/v1/me/plan", Some(&member)).await,
        "gait_disturbance",
        "emergency",
    );
    assert_paused(
        &s.get(
            &format!("/api/v1/members/{member_id}/plan"),
            Some(&clinician),
        )
        .await,
        "gait_disturbance",
        "emergency",
    );
}

/// Through the production stack (the cache warm): a revoked token fails on the very next
/// request, and an approved plan shows on the very next read.
#[tokio::test]
async fn the_cache_is_exact_revoke_then_use_and_approve_then_read() {
    let s = Server::start().await;
    let (member_id, member, clinician) = member_with_clinician(&s, "cache@example.org").await;
    s.intake(&member, example("intake-neck-after-fusion.json"))
        .await;
    for _ in 0..3 {
        let r = s.get("/api/v1/me/plan", Some(&member)).await;
        assert_eq!(r.json["version"], 1);
    }
    s.post(
        &format!("/api/v1/members/{member_id}/plan/approve"),
        Some(&clinician),
        json!({}),
    )
    .await
    .expect(200);
    let r = s.get("/api/v1/me/plan", Some(&member)).await;
    assert_eq!(r.json["version"], 2, "{}", r.text);
    assert_eq!(r.json["status"], "active");

    let spare = s.token("cache@example.org").await;
    s.get("/api/v1/me/plan", Some(&spare)).await.expect(200);
    s.post("/api/v1/auth/logout", Some(&spare), json!({}))
        .await
        .expect(204);
    s.get("/api/v1/me/plan", Some(&spare))
        .await
        .expect_problem(401);
    s.get("/api/v1/me/plan", Some(&member)).await.expect(200);
}

/// A raw request that may answer 5xx (the harness's `send` refuses those).
async fn raw_get(s: &Server, path: &str, token: &str) -> (u16, Value) {
    let res = s
        .client
        .get(format!("{}{}", s.base, path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn operator(action: &str, member: &str) -> AuditEvent {
    common::operator(action, Some(member))
}

/// A stored plan or log entry that no longer parses is an error with a `corrupt` audit row,
/// never a plan spliced from garbage and never a log with an entry quietly left out.
#[tokio::test]
async fn a_poisoned_stored_document_is_an_error_and_is_reported() {
    let s = Server::start().await;
    let (member_id, member) = s.sign_up_id("poison@example.org").await;
    let a = s.intake(&member, example("intake-disc-flare.json")).await;
    let intake_id = a["intake_id"].as_i64().unwrap();
    s.post("/api/v1/me/log", Some(&member), session(&today(), 3, true))
        .await
        .expect(201);

    s.store
        .add_plan_version(
            &id(&member_id),
            NewPlanVersion {
                intake_id: IntakeId(intake_id),
                version: 2,
                body: r#"{"phase":"rebuild","sessions":"#.into(),
                reasons: "[]".into(),
                draft: false,
                doc_version: 1,
                now: Timestamp::from_millis(1),
            },
            &operator("poison", &member_id),
        )
        .await
        .unwrap();
    let (status, body) = raw_get(&s, "/api/v1/me/plan", &member).await;
    assert_eq!(status, 500, "{body}");
    assert_eq!(body["title"], "Stored record unreadable", "{body}");
    assert!(body.get("plan").is_none());

    s.store
        .add_log_batch(&[NewLogEntry {
            member_id: id(&member_id),
            date: Day::parse(&today()).unwrap(),
            body: r#"{"type":"session","date":"#.into(),
            warning_signs: false,
            doc_version: 1,
            idempotency_key: None,
            now: Timestamp::from_millis(1),
            audit: operator("poison", &member_id),
        }])
        .await
        .unwrap();
    let (status, body) = raw_get(&s, "/api/v1/me/log", &member).await;
    assert_eq!(status, 500, "never a shorter log: {body}");

    let rows = s
        .wait_audit(Some(&member_id), |r| {
            r.event.outcome == "corrupt" && r.event.action == "read_log"
        })
        .await;
    assert!(
        rows.iter()
            .any(|r| r.event.outcome == "corrupt" && r.event.action == "read_plan"),
        "{rows:#?}"
    );
}

/// A document written in a format version this Gradus does not know (a newer one) is refused,
/// never read as if it were the old shape.
#[tokio::test]
async fn a_document_of_an_unknown_format_version_is_refused() {
    let s = Server::start().await;
    let (member_id, member) = s.sign_up_id("future@example.org").await;
    let a = s.intake(&member, example("intake-disc-flare.json")).await;
    let mine = s.get("/api/v1/me/plan", Some(&member)).await;
    s.store
        .add_plan_version(
            &id(&member_id),
            NewPlanVersion {
                intake_id: IntakeId(a["intake_id"].as_i64().unwrap()),
                version: 2,
                body: mine.json["plan"].to_string(),
                reasons: "[]".into(),
                draft: false,
                doc_version: gradus_core::DOCUMENT_VERSION + 1,
                now: Timestamp::from_millis(1),
            },
            &operator("future", &member_id),
        )
        .await
        .unwrap();
    let (status, body) = raw_get(&s, "/api/v1/me/plan", &member).await;
    assert_eq!(status, 500, "{body}");
    assert_eq!(body["title"], "Stored record unreadable", "{body}");
}

/// Every write's audit row is committed with the write: it is there as soon as the response is,
/// with no batching delay.
#[tokio::test]
async fn every_write_has_its_audit_row_when_it_answers() {
    let s = Server::start().await;
    let (member_id, member, clinician) = member_with_clinician(&s, "audit@example.org").await;
    let actions = |rows: Vec<gradus_store::AuditRow>| -> Vec<String> {
        rows.into_iter().map(|r| r.event.action).collect()
    };
    let now = || async {
        actions(
            s.store
                .audit_query(Some(&id(&member_id)), None)
                .await
                .expect("audit"),
        )
    };
    s.intake(&member, example("intake-neck-after-fusion.json"))
        .await;
    assert!(now().await.contains(&"write_intake".to_string()));
    s.post(
        &format!("/api/v1/members/{member_id}/plan/approve"),
        Some(&clinician),
        json!({}),
    )
    .await
    .expect(200);
    assert!(now().await.contains(&"approve_plan".to_string()));
    s.post("/api/v1/me/log", Some(&member), session(&today(), 3, true))
        .await
        .expect(201);
    assert!(now().await.contains(&"write_log".to_string()));
    s.post(
        "/api/v1/me/review",
        Some(&member),
        json!({ "today": today() }),
    )
    .await
    .expect(200);
    assert!(now().await.contains(&"review".to_string()));
    let all = now().await;
    for w in ["sign_up", "assign_member"] {
        assert!(all.contains(&w.to_string()), "{w} in {all:?}");
    }
}

/// "Sign out everywhere" (`?all=true`) revokes every token of the account at once, warm cache
/// or not; other accounts keep theirs.
#[tokio::test]
async fn sign_out_everywhere_revokes_every_token_at_once() {
    let s = Server::start().await;
    let first = s.sign_up("everywhere@example.org").await;
    let second = s.token("everywhere@example.org").await;
    let other = s.sign_up("someone@example.org").await;
    for t in [&first, &second, &other] {
        s.get("/api/v1/me/log", Some(t)).await.expect(200);
    }
    s.post("/api/v1/auth/logout?all=true", Some(&first), json!({}))
        .await
        .expect(204);
    for t in [&first, &second] {
        s.get("/api/v1/me/log", Some(t)).await.expect_problem(401);
    }
    s.get("/api/v1/me/log", Some(&other)).await.expect(200);
}
