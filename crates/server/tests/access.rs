//! Access can be taken away, on the real server (port 0, a fresh database, built as
//! `gradus serve` builds it): disabled accounts, revoked tokens, unassigned members, password
//! change and reset, TOTP for staff, idle sessions and the purge.

mod common;

use common::{PASSWORD, Server};
use gradus_app::Actor;
use gradus_store::Role;
use serde_json::json;

const OP: Actor<'static> = Actor::Operator { tool: "test" };
const NEW_PASSWORD: &str = "purple otter lantern";

#[tokio::test]
async fn a_disabled_account_fails_on_its_next_request_and_cannot_sign_in() {
    let s = Server::start().await;
    let token = s.sign_up("ada@example.com").await;
    // Used once, so the token sits in the read cache.
    s.get("/api/v1/me/plans", Some(&token)).await.expect(200);
    let done = s
        .app
        .disable_account(OP, "ada@example.com")
        .await
        .expect("disable");
    assert_eq!(done.revoked, 1);
    s.get("/api/v1/me/plans", Some(&token)).await.expect(401);
    let res = s.login("ada@example.com", PASSWORD).await;
    res.expect(401);
    assert!(res.text.contains("disabled"), "{}", res.text);
    // A wrong password does not learn that the account is disabled.
    let res = s.login("ada@example.com", "not the password at all").await;
    res.expect(401);
    assert!(!res.text.contains("disabled"), "{}", res.text);
    s.app
        .enable_account(OP, "ada@example.com")
        .await
        .expect("enable");
    let again = s.token("ada@example.com").await;
    s.get("/api/v1/me/plans", Some(&again)).await.expect(200);
    s.get("/api/v1/me/plans", Some(&token)).await.expect(401);
    let rows = s
        .store
        .audit_query(Some(&done.account.id), None)
        .await
        .unwrap();
    assert!(rows.iter().any(|r| r.event.action == "disable_account"));
    assert!(rows.iter().any(|r| r.event.action == "enable_account"));
}

#[tokio::test]
async fn revoking_every_token_of_an_account_takes_effect_at_once() {
    let s = Server::start().await;
    let a = s.sign_up("bo@example.com").await;
    let b = s.token("bo@example.com").await;
    s.get("/api/v1/me/plans", Some(&a)).await.expect(200);
    s.get("/api/v1/me/plans", Some(&b)).await.expect(200);
    let done = s.app.revoke_tokens(OP, "bo@example.com").await.unwrap();
    assert_eq!(done.revoked, 2);
    s.get("/api/v1/me/plans", Some(&a)).await.expect(401);
    s.get("/api/v1/me/plans", Some(&b)).await.expect(401);
    // Operators only.
    let account = s
        .store
        .account_by_email("bo@example.com")
        .await
        .unwrap()
        .unwrap();
    let as_member = Actor::Account {
        account: &account,
        remote: None,
    };
    assert!(matches!(
        s.app.revoke_tokens(as_member, "bo@example.com").await,
        Err(gradus_app::AppError::Forbidden(_))
    ));
}

#[tokio::test]
async fn an_unassigned_member_is_not_found_for_their_former_clinician() {
    let s = Server::start().await;
    let org = s.create_org("Clinic").await;
    let (cid, ct) = s.staff("cat@clinic.org", Role::Clinician, Some(org)).await;
    let (mid, mt) = s.sign_up_id("dee@example.com").await;
    s.set_org(&mid, org).await;
    s.assign(&cid, &mid).await;
    s.intake(&mt, common::example("intake-disc-flare.json"))
        .await;
    let path = format!("/api/v1/members/{mid}/assessment");
    s.get(&path, Some(&ct)).await.expect(200);
    s.app
        .unassign(OP, "cat@clinic.org", "dee@example.com")
        .await
        .expect("unassign");
    s.get(&path, Some(&ct)).await.expect(404);
    s.get(&format!("/api/v1/members/{mid}/log"), Some(&ct))
        .await
        .expect(404);
    // Not assigned any more: a second unassign is an input error.
    assert!(matches!(
        s.app
            .unassign(OP, "cat@clinic.org", "dee@example.com")
            .await,
        Err(gradus_app::AppError::Invalid(_))
    ));
}

#[tokio::test]
async fn changing_the_password_keeps_this_token_and_revokes_the_others() {
    let s = Server::start().await;
    let this = s.sign_up("eve@example.com").await;
    let other = s.token("eve@example.com").await;
    let res = s
        .post(
            "/api/v1/me/password",
            Some(&this),
            json!({ "current_password": "wrong wrong wrong", "new_password": NEW_PASSWORD }),
        )
        .await;
    res.expect_invalid_at("current_password");
    let res = s
        .post(
            "/api/v1/me/password",
            Some(&this),
            json!({ "current_password": PASSWORD, "new_password": "short" }),
        )
        .await;
    res.expect_invalid_at("new_password");
    s.get("/api/v1/me/plans", Some(&other)).await.expect(200);
    let res = s
        .post(
            "/api/v1/me/password",
            Some(&this),
            json!({ "current_password": PASSWORD, "new_password": NEW_PASSWORD }),
        )
        .await;
    res.expect(200);
    assert_eq!(res.json["revoked"], 1);
    s.get("/api/v1/me/plans", Some(&this)).await.expect(200);
    s.get("/api/v1/me/plans", Some(&other)).await.expect(401);
    s.login("eve@example.com", PASSWORD).await.expect(401);
    s.login("eve@example.com", NEW_PASSWORD).await.expect(200);
}

#[tokio::test]
async fn a_reset_link_works_once_revokes_every_session_and_expired_links_are_refused() {
    let s = Server::start().await;
    let old = s.sign_up("fay@example.com").await;
    let (_, token) = s.app.reset_link(OP, "fay@example.com").await.unwrap();
    assert!(s.app.reset_link_valid(&token).await.unwrap());
    // A password that breaks the rules leaves the link usable.
    assert!(matches!(
        s.app.reset_password(&token, "short", None).await,
        Err(gradus_app::AppError::Invalid(_))
    ));
    s.app
        .reset_password(&token, NEW_PASSWORD, None)
        .await
        .expect("reset");
    s.get("/api/v1/me/plans", Some(&old)).await.expect(401);
    s.login("fay@example.com", NEW_PASSWORD).await.expect(200);
    assert!(!s.app.reset_link_valid(&token).await.unwrap());
    assert!(matches!(
        s.app
            .reset_password(&token, "another fine password", None)
            .await,
        Err(gradus_app::AppError::Unauthorized(_))
    ));
    // An expired link (stored with an expiry in the past) is refused.
    let account = s
        .store
        .account_by_email("fay@example.com")
        .await
        .unwrap()
        .unwrap();
    let expired = "e".repeat(64);
    s.store
        .create_single_use(
            gradus_store::NewSingleUse {
                hash: gradus_app::sessions::hash_token(&expired),
                account_id: account.id.clone(),
                purpose: gradus_store::SingleUse::PasswordReset,
                expires_at: gradus_app::clock::now().plus_millis(-1000),
                now: gradus_app::clock::now().plus_millis(-3_600_000),
            },
            None,
        )
        .await
        .unwrap();
    assert!(!s.app.reset_link_valid(&expired).await.unwrap());
    assert!(matches!(
        s.app
            .reset_password(&expired, "another fine password", None)
            .await,
        Err(gradus_app::AppError::Unauthorized(_))
    ));
    s.login("fay@example.com", NEW_PASSWORD).await.expect(200);
    let rows = s.store.audit_query(Some(&account.id), None).await.unwrap();
    assert!(rows.iter().any(|r| r.event.action == "reset_link"));
    assert!(rows.iter().any(|r| r.event.action == "reset_password"));
}

fn code_now(secret: &str) -> String {
    let now = gradus_app::clock::now().millis();
    gradus_app::totp::code(
        &gradus_app::totp::unbase32(secret).unwrap(),
        gradus_app::totp::step_at(now),
    )
}

#[tokio::test]
async fn totp_enrolment_sign_in_and_a_code_is_never_accepted_twice() {
    let s = Server::start().await;
    let org = s.create_org("Clinic").await;
    let (_, member) = s.sign_up_id("gus@example.com").await;
    s.post("/api/v1/me/totp", Some(&member), json!({}))
        .await
        .expect(403);
    let (_, token) = s.staff("hal@clinic.org", Role::Clinician, Some(org)).await;
    let res = s.post("/api/v1/me/totp", Some(&token), json!({})).await;
    res.expect(201);
    let secret = res.json["secret"].as_str().unwrap().to_string();
    assert!(
        res.json["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/Gradus:hal%40clinic.org?secret=")
    );
    // Not yet in effect: signing in needs no code.
    s.login("hal@clinic.org", PASSWORD).await.expect(200);
    s.post(
        "/api/v1/me/totp/confirm",
        Some(&token),
        json!({ "code": "000000" }),
    )
    .await
    .expect_invalid_at("code");
    let code = code_now(&secret);
    s.post(
        "/api/v1/me/totp/confirm",
        Some(&token),
        json!({ "code": code }),
    )
    .await
    .expect(204);
    // Now a code is required, and the one that confirmed is spent.
    let res = s.login("hal@clinic.org", PASSWORD).await;
    res.expect(401);
    assert!(res.text.contains("TOTP code is required"), "{}", res.text);
    let with =
        |code: &str| json!({ "email": "hal@clinic.org", "password": PASSWORD, "totp": code });
    let res = s.post("/api/v1/auth/token", None, with(&code)).await;
    res.expect(401);
    assert!(res.text.contains("already used"), "{}", res.text);
    // Wait for the next step, whose code works once.
    let step = gradus_app::totp::step_at(gradus_app::clock::now().millis());
    while gradus_app::totp::step_at(gradus_app::clock::now().millis()) == step {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    }
    let next = code_now(&secret);
    s.post("/api/v1/auth/token", None, with(&next))
        .await
        .expect(200);
    s.post("/api/v1/auth/token", None, with(&next))
        .await
        .expect(401);
    // A wrong password with a right code is still wrong.
    s.post(
        "/api/v1/auth/token",
        None,
        json!({ "email": "hal@clinic.org", "password": "wrong wrong wrong", "totp": next }),
    )
    .await
    .expect(401);
    // Enrolled already: a second enrolment is a conflict.
    s.post("/api/v1/me/totp", Some(&token), json!({}))
        .await
        .expect(409);
}

#[tokio::test]
async fn an_organisation_requiring_two_factor_lets_unenrolled_staff_only_enrol() {
    let s = Server::start().await;
    let org = s.create_org("Strict Clinic").await;
    let (_, token) = s.staff("ida@clinic.org", Role::Clinician, Some(org)).await;
    s.get("/api/v1/members", Some(&token)).await.expect(200);
    s.app
        .require_two_factor(OP, "Strict Clinic", true)
        .await
        .unwrap();
    // The cached token sees the rule on its next request.
    let res = s.get("/api/v1/members", Some(&token)).await;
    res.expect(403);
    assert!(res.text.contains("enrol"), "{}", res.text);
    let res = s.post("/api/v1/me/totp", Some(&token), json!({})).await;
    res.expect(201);
    let secret = res.json["secret"].as_str().unwrap().to_string();
    s.post(
        "/api/v1/me/totp/confirm",
        Some(&token),
        json!({ "code": code_now(&secret) }),
    )
    .await
    .expect(204);
    s.get("/api/v1/members", Some(&token)).await.expect(200);
    // Another clinician, not enrolled: may sign out, nothing else.
    let (_, other) = s.staff("joe@clinic.org", Role::Admin, Some(org)).await;
    s.get("/api/v1/members", Some(&other)).await.expect(403);
    s.post("/api/v1/auth/logout", Some(&other), json!({}))
        .await
        .expect(204);
    s.get("/api/v1/members", Some(&other)).await.expect(401);
    // Members are not affected by the organisation's staff rule.
    let (mid, mt) = s.sign_up_id("jo@example.com").await;
    s.set_org(&mid, org).await;
    s.get("/api/v1/me/plans", Some(&mt)).await.expect(200);
}

#[tokio::test]
async fn an_idle_session_ends_and_the_purge_removes_it() {
    let s = Server::start_with(gradus_server::Config {
        session_idle_secs: 1,
        ..Default::default()
    })
    .await;
    s.sign_up("kai@example.com").await;
    let account = s
        .store
        .account_by_email("kai@example.com")
        .await
        .unwrap()
        .unwrap();
    let session = s
        .app
        .issue_token(&account, gradus_store::TokenKind::Session, 3600)
        .await
        .unwrap();
    let cookie = format!("gradus_session={}", session.token);
    let get = |c: String| {
        let s = &s;
        async move {
            s.client
                .get(format!("{}/api/v1/me/plans", s.base))
                .header("cookie", c)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    // Used within the idle time, again and again: still signed in.
    for _ in 0..4 {
        assert_eq!(get(cookie.clone()).await, 200);
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    // Left alone for longer: ended.
    tokio::time::sleep(std::time::Duration::from_millis(1600)).await;
    assert_eq!(get(cookie.clone()).await, 401);
    // An API token is not subject to the idle timeout.
    let api = s.token("kai@example.com").await;
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    s.get("/api/v1/me/plans", Some(&api)).await.expect(200);
    let purged = s
        .app
        .purge_expired(
            OP,
            &gradus_app::account_access::Lifetimes {
                session_idle_secs: 1,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(purged >= 1, "the idle session row is purged");
    assert!(
        s.store
            .token_account(
                &gradus_app::sessions::hash_token(&session.token),
                gradus_app::clock::now()
            )
            .await
            .unwrap()
            .is_none()
    );
    s.get("/api/v1/me/plans", Some(&api)).await.expect(200);
}

#[tokio::test]
async fn the_server_purges_expired_rows_on_its_own() {
    let s = Server::start_with(gradus_server::Config {
        token_ttl_secs: 1,
        purge_every_secs: 1,
        ..Default::default()
    })
    .await;
    let token = s.sign_up("lu@example.com").await;
    let waited = std::time::Instant::now();
    loop {
        let rows = s.store.audit_query(None, None).await.unwrap();
        let purge = rows
            .iter()
            .filter(|r| r.event.action == "purge_expired")
            .count();
        if purge >= 2 {
            break;
        }
        assert!(waited.elapsed().as_secs() < 10, "no purge ran");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    // The expired token's row is gone (it would read at the epoch if it were still stored).
    assert!(
        s.store
            .token_account(
                &gradus_app::sessions::hash_token(&token),
                gradus_store::Timestamp::from_millis(0)
            )
            .await
            .unwrap()
            .is_none()
    );
}
