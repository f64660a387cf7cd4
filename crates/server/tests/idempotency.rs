//! `POST /api/v1/me/log` with an `Idempotency-Key` (contract §6, v2): a client that retries after
//! a lost answer gets the same id and nothing new is stored.

mod common;

use common::{Server, example, session};
use serde_json::Value;

async fn post_with_key(s: &Server, token: &str, key: &str, body: &Value) -> (u16, Value) {
    let res = s
        .client
        .post(format!("{}/api/v1/me/log", s.base))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("request");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_retry_with_the_same_key_stores_nothing_new() {
    let s = Server::start().await;
    let token = s.sign_up("retry@example.org").await;
    let other = s.sign_up("other@example.org").await;
    s.intake(&token, example("intake-disc-flare.json")).await;
    let entry = session("2026-11-02", 3, true);
    let (st, first) = post_with_key(&s, &token, "3f1c9a2e-retry", &entry).await;
    assert_eq!(st, 201, "{first}");
    let (st, again) = post_with_key(&s, &token, "3f1c9a2e-retry", &entry).await;
    assert_eq!(st, 201, "{again}");
    assert_eq!(first["id"], again["id"]);
    let log = s.get("/api/v1/me/log", Some(&token)).await;
    assert_eq!(log.json.as_array().unwrap().len(), 1, "{}", log.text);
    // Another key is another entry; the same key for another member is theirs alone.
    let (st, next) = post_with_key(&s, &token, "another-key", &entry).await;
    assert_eq!(st, 201, "{next}");
    assert_ne!(next["id"], first["id"]);
    let (_, theirs) = post_with_key(&s, &other, "3f1c9a2e-retry", &entry).await;
    assert_ne!(theirs["id"], first["id"]);

    for bad in ["has space", &"x".repeat(256)] {
        let (st, body) = post_with_key(&s, &token, bad, &entry).await;
        assert_eq!(st, 422, "{body}");
        assert_eq!(body["errors"][0]["path"], "Idempotency-Key", "{body}");
    }
    let log = s.get("/api/v1/me/log", Some(&token)).await;
    assert_eq!(log.json.as_array().unwrap().len(), 2, "{}", log.text);
}
