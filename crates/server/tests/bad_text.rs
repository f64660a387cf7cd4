//! Text no one means (a NUL byte, control characters) and dates no one means are refused with a
//! field error before they reach storage, never a 5xx (PostgreSQL refuses NUL in text outright,
//! which once made the audit writer drop whole batches).

mod common;

use common::{PASSWORD, Server, example, session};
use gradus_store::Role;
use serde_json::json;

#[tokio::test]
async fn nul_bytes_are_refused_by_field() {
    let s = Server::start().await;
    let token = s.sign_up("nul@example.org").await;
    let mut intake = example("intake-disc-flare.json");
    intake["fears"][0]["activity"] = json!("lifting\u{0}boxes");
    s.put("/api/v1/me/intake", Some(&token), intake)
        .await
        .expect_invalid_at("fears[0].activity");
    let mut entry = session("2026-11-02", 3, true);
    entry["items"][0]["exercise"] = json!("bridge\u{0}");
    s.post("/api/v1/me/log", Some(&token), entry)
        .await
        .expect_invalid_at("items[0].exercise");
    s.post(
        "/api/v1/accounts",
        None,
        json!({ "email": "a\u{0}@example.org", "password": PASSWORD }),
    )
    .await
    .expect_invalid_at("email");
    s.login("nul\u{0}@example.org", PASSWORD)
        .await
        .expect_problem(401);
    let org = s.create_org("Clinic").await;
    let (_, staff) = s
        .staff("pt@clinic.example", Role::Clinician, Some(org))
        .await;
    s.get("/api/v1/members/abc%00def/plan", Some(&staff))
        .await
        .expect_problem(404);
}

#[tokio::test]
async fn dates_before_1900_are_refused() {
    let s = Server::start().await;
    let token = s.sign_up("old@example.org").await;
    s.intake(&token, example("intake-disc-flare.json")).await;
    s.post(
        "/api/v1/me/log",
        Some(&token),
        session("1899-12-31", 3, true),
    )
    .await
    .expect_invalid_at("date");
    s.post(
        "/api/v1/me/review",
        Some(&token),
        json!({ "today": "1850-01-01" }),
    )
    .await
    .expect_invalid_at("today");
    s.post(
        "/api/v1/me/log",
        Some(&token),
        session("1900-01-01", 3, true),
    )
    .await
    .expect(201);
}

/// A field the contract does not have is refused by name, wherever it is (inside a log entry's
/// tagged shape too), and nothing is stored: a misspelt warning sign must never vanish.
#[tokio::test]
async fn unknown_fields_are_refused_by_path_and_store_nothing() {
    let s = Server::start().await;
    let (member_id, token) = s.sign_up_id("typo@example.org").await;
    let mut intake = example("intake-disc-flare.json");
    intake["red_flags"]["saddle_numbnes"] = json!(true);
    s.put("/api/v1/me/intake", Some(&token), intake)
        .await
        .expect_invalid_at("red_flags.saddle_numbnes");
    s.get("/api/v1/me/plan", Some(&token))
        .await
        .expect_problem(404);
    s.intake(&token, example("intake-disc-flare.json")).await;
    let checkin = json!({
        "type": "checkin", "date": today(), "pain": 3, "stiffness": 2,
        "new_red_flag": ["saddle_numbness"]
    });
    s.post("/api/v1/me/log", Some(&token), checkin)
        .await
        .expect_invalid_at("new_red_flag");
    let mut entry = session(&today(), 3, true);
    entry["items"][0]["painn"] = json!(4);
    s.post("/api/v1/me/log", Some(&token), entry)
        .await
        .expect_invalid_at("items[0].painn");
    let stored = s
        .store
        .log(&common::id(&member_id), None, None)
        .await
        .unwrap();
    assert!(stored.is_empty(), "{stored:?}");
}

fn today() -> String {
    gradus_server::clock::today().to_string()
}
