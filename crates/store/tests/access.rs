//! Access can be taken away, on both backends (SQLite always, PostgreSQL from
//! `GRADUS_TEST_POSTGRES_URL`), directly and through the read cache the server uses: disabling
//! an account, unassigning, password changes and resets, single-use links, TOTP steps, idle
//! sessions and the purge of expired rows.

use std::sync::Arc;

use gradus_store::*;

fn t(ms: i64) -> Timestamp {
    Timestamp::from_millis(ms)
}

fn op(action: &str) -> AuditEvent {
    AuditEvent {
        at: t(1),
        actor_id: None,
        action: action.into(),
        member_id: None,
        remote: Some("test".into()),
        outcome: "ok".into(),
    }
}

fn token(hash: &str, account: &AccountId, kind: TokenKind, expires: i64, now: i64) -> NewToken {
    NewToken {
        hash: hash.into(),
        account_id: account.clone(),
        kind,
        csrf: "c".into(),
        expires_at: t(expires),
        now: t(now),
    }
}

async fn access(store: Arc<dyn Store>) {
    let org = store.create_org("Clinic", &op("create_org")).await.unwrap();
    let new = |email: &str, role, org_id| NewAccount {
        email: email.into(),
        name: None,
        password_hash: "h1".into(),
        role,
        org_id,
        time_zone: None,
        now: t(1),
    };
    let c = store
        .create_account(
            new("c@x.org", Role::Clinician, Some(org)),
            &op("create_user"),
        )
        .await
        .unwrap();
    let m = store
        .create_account(new("m@x.org", Role::Member, None), &op("sign_up"))
        .await
        .unwrap();
    store
        .assign(&c.id, &m.id, Some(org), &op("assign_member"))
        .await
        .unwrap();
    assert!(store.is_assigned(&c.id, &m.id).await.unwrap());

    // Unassigning takes the member off the caseload, once.
    assert!(
        store
            .unassign(&c.id, &m.id, &op("unassign_member"))
            .await
            .unwrap()
    );
    assert!(!store.is_assigned(&c.id, &m.id).await.unwrap());
    assert!(
        !store
            .unassign(&c.id, &m.id, &op("unassign_member"))
            .await
            .unwrap()
    );
    assert_eq!(
        store.account_by_id(&m.id).await.unwrap().unwrap().org_id,
        Some(org),
        "the member stays in the organisation"
    );

    // A token is read (and cached), then the account is disabled: it fails on the next read.
    store
        .create_token(token("m1", &m.id, TokenKind::Api, 1_000_000, 10))
        .await
        .unwrap();
    store
        .create_token(token("m2", &m.id, TokenKind::Session, 1_000_000, 10))
        .await
        .unwrap();
    let (a, info) = store.token_account("m1", t(20)).await.unwrap().unwrap();
    assert_eq!(a.id, m.id);
    assert!(a.disabled_at.is_none());
    assert_eq!(info.last_seen_at, t(10));
    assert_eq!(
        store
            .set_disabled(&m.id, Some(t(30)), &op("disable_account"))
            .await
            .unwrap(),
        2
    );
    assert!(store.token_account("m1", t(40)).await.unwrap().is_none());
    assert!(store.token_account("m2", t(40)).await.unwrap().is_none());
    let disabled = store.account_by_email("m@x.org").await.unwrap().unwrap();
    assert_eq!(disabled.disabled_at, Some(t(30)));
    // A token written for a disabled account (a sign-in racing the disable) never reads.
    store
        .create_token(token("m3", &m.id, TokenKind::Api, 1_000_000, 40))
        .await
        .unwrap();
    assert!(store.token_account("m3", t(41)).await.unwrap().is_none());
    store
        .set_disabled(&m.id, None, &op("enable_account"))
        .await
        .unwrap();
    assert!(store.token_account("m3", t(42)).await.unwrap().is_some());
    assert!(matches!(
        store
            .set_disabled(&AccountId::parse("nobody").unwrap(), Some(t(1)), &op("x"))
            .await,
        Err(StoreError::NotFound(_))
    ));

    // Revoke everything; then a password change keeps only the token that asked.
    store
        .revoke_all_tokens(&m.id, &op("revoke_tokens"))
        .await
        .unwrap();
    assert!(store.token_account("m3", t(43)).await.unwrap().is_none());
    for h in ["p1", "p2", "p3"] {
        store
            .create_token(token(h, &m.id, TokenKind::Api, 1_000_000, 50))
            .await
            .unwrap();
        store.token_account(h, t(51)).await.unwrap().unwrap();
    }
    assert_eq!(
        store
            .set_password(&m.id, "h2", Some("p1"), &op("change_password"))
            .await
            .unwrap(),
        2
    );
    assert!(store.token_account("p1", t(52)).await.unwrap().is_some());
    assert!(store.token_account("p2", t(52)).await.unwrap().is_none());
    assert_eq!(
        store
            .account_by_id(&m.id)
            .await
            .unwrap()
            .unwrap()
            .password_hash,
        "h2"
    );

    // A reset link: peeked without using it, used once, refused after; expired refused.
    let link = |hash: &str, expires| NewSingleUse {
        hash: hash.into(),
        account_id: m.id.clone(),
        purpose: SingleUse::PasswordReset,
        expires_at: t(expires),
        now: t(60),
    };
    store
        .create_single_use(link("r1", 10_000), Some(&op("reset_link")))
        .await
        .unwrap();
    store.create_single_use(link("r2", 70), None).await.unwrap();
    assert_eq!(
        store
            .single_use_account("r1", SingleUse::PasswordReset, t(65))
            .await
            .unwrap(),
        Some(m.id.clone())
    );
    assert_eq!(
        store
            .single_use_account("r1", SingleUse::SecondFactor, t(65))
            .await
            .unwrap(),
        None,
        "a link is only good for its purpose"
    );
    assert_eq!(
        store
            .reset_password("r1", t(66), "h3", &op("reset_password"))
            .await
            .unwrap(),
        Some(m.id.clone())
    );
    assert!(
        store.token_account("p1", t(67)).await.unwrap().is_none(),
        "a reset revokes every token"
    );
    assert_eq!(
        store
            .reset_password("r1", t(67), "h4", &op("reset_password"))
            .await
            .unwrap(),
        None,
        "used once"
    );
    assert_eq!(
        store
            .reset_password("r2", t(80), "h4", &op("reset_password"))
            .await
            .unwrap(),
        None,
        "expired"
    );
    assert_eq!(
        store
            .account_by_id(&m.id)
            .await
            .unwrap()
            .unwrap()
            .password_hash,
        "h3"
    );
    // A second-factor challenge is taken once.
    store
        .create_single_use(
            NewSingleUse {
                hash: "s1".into(),
                account_id: c.id.clone(),
                purpose: SingleUse::SecondFactor,
                expires_at: t(10_000),
                now: t(60),
            },
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .take_single_use("s1", SingleUse::SecondFactor, t(61))
            .await
            .unwrap(),
        Some(c.id.clone())
    );
    assert_eq!(
        store
            .take_single_use("s1", SingleUse::SecondFactor, t(62))
            .await
            .unwrap(),
        None
    );

    // TOTP: pending, confirmed with its step, a step never used twice nor an earlier one.
    assert_eq!(store.totp_state(&c.id).await.unwrap(), TotpState::default());
    store
        .set_totp_pending(&c.id, Some("SECRET1"), &op("totp_enrol"))
        .await
        .unwrap();
    assert!(
        !store
            .confirm_totp(&c.id, "OTHER", 5, &op("totp_confirm"))
            .await
            .unwrap()
    );
    store
        .create_token(token("c1", &c.id, TokenKind::Api, 1_000_000, 50))
        .await
        .unwrap();
    assert!(
        !store
            .token_account("c1", t(60))
            .await
            .unwrap()
            .unwrap()
            .0
            .two_factor
    );
    assert!(
        store
            .confirm_totp(&c.id, "SECRET1", 5, &op("totp_confirm"))
            .await
            .unwrap()
    );
    assert!(
        store
            .token_account("c1", t(61))
            .await
            .unwrap()
            .unwrap()
            .0
            .two_factor,
        "the cached account carries its two-factor flag"
    );
    assert_eq!(
        store.totp_state(&c.id).await.unwrap(),
        TotpState {
            secret: Some("SECRET1".into()),
            pending: None,
            last_step: Some(5)
        }
    );
    assert!(!store.use_totp_step(&c.id, 5).await.unwrap());
    assert!(!store.use_totp_step(&c.id, 4).await.unwrap());
    assert!(store.use_totp_step(&c.id, 6).await.unwrap());
    assert!(!store.use_totp_step(&c.id, 6).await.unwrap());

    // The organisation's rule reaches the cached account.
    assert!(
        !store
            .token_account("c1", t(62))
            .await
            .unwrap()
            .unwrap()
            .0
            .org_requires_two_factor
    );
    store
        .set_org_requires_two_factor(org, true, &op("require_2fa"))
        .await
        .unwrap();
    assert!(
        store
            .token_account("c1", t(63))
            .await
            .unwrap()
            .unwrap()
            .0
            .org_requires_two_factor
    );

    // Idle sessions and expired tokens are purged; a touched session stays.
    store
        .create_token(token("idle", &c.id, TokenKind::Session, 1_000_000, 100))
        .await
        .unwrap();
    store
        .create_token(token("busy", &c.id, TokenKind::Session, 1_000_000, 100))
        .await
        .unwrap();
    store
        .create_token(token("old", &c.id, TokenKind::Api, 200, 100))
        .await
        .unwrap();
    store.token_account("idle", t(150)).await.unwrap().unwrap();
    store.touch_token("busy", t(500)).await.unwrap();
    assert_eq!(
        store
            .token_account("busy", t(501))
            .await
            .unwrap()
            .unwrap()
            .1
            .last_seen_at,
        t(500)
    );
    let purged = store
        .purge_expired(t(1000), t(400), &op("purge_expired"))
        .await
        .unwrap();
    // idle, old, and the used or expired single-use rows (r1, r2, s1).
    assert_eq!(purged, 2 + 3);
    assert!(store.token_account("idle", t(150)).await.unwrap().is_none());
    assert!(
        store
            .token_account("busy", t(1001))
            .await
            .unwrap()
            .is_some()
    );
    assert!(store.token_account("c1", t(1001)).await.unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn access_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&format!("sqlite://{}/a.db", dir.path().display()))
        .await
        .unwrap();
    access(Arc::new(store)).await;
    let cached = open(&format!("sqlite://{}/c.db", dir.path().display()))
        .await
        .unwrap();
    access(Arc::new(CachedStore::new(Arc::new(cached)))).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn access_on_postgres() {
    let Ok(admin_url) = std::env::var("GRADUS_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var("CI").map_or(true, |v| v != "true"),
            "CI=true but GRADUS_TEST_POSTGRES_URL is not set"
        );
        eprintln!("SKIPPED: PostgreSQL access story (set GRADUS_TEST_POSTGRES_URL)");
        return;
    };
    let admin = sqlx::PgPool::connect(&admin_url)
        .await
        .expect("PostgreSQL reachable");
    for cached in [false, true] {
        let name = format!("gradus_test_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await
            .unwrap();
        let (base, _) = admin_url.rsplit_once('/').unwrap();
        let store = open(&format!("{base}/{name}")).await.unwrap();
        if cached {
            access(Arc::new(CachedStore::new(Arc::new(store)))).await;
        } else {
            access(Arc::new(store)).await;
        }
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE {name} WITH (FORCE)"
        )))
        .execute(&admin)
        .await
        .unwrap();
    }
}
