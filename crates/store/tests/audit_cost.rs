//! The cost of the read-audit batch (`audit_batch`), the audit sink's only write: run with
//! `cargo test -p gradus-store --test audit_cost -- --ignored --nocapture` (and
//! GRADUS_TEST_POSTGRES_URL for PostgreSQL). Prints microseconds per event for typical sink
//! batches (64 events) and for large ones (1000).

use std::time::Instant;

use gradus_store::*;

fn event(n: usize) -> AuditEvent {
    AuditEvent {
        at: Timestamp::from_millis(1_700_000_000_000 + n as i64),
        actor_id: AccountId::parse("actor-1"),
        action: "read_log".into(),
        member_id: AccountId::parse("member-1"),
        remote: Some("10.0.0.1".into()),
        outcome: "ok".into(),
    }
}

async fn measure(name: &str, store: &SqlStore) {
    for (size, batches) in [(64usize, 200usize), (1000, 20)] {
        let batch: Vec<AuditEvent> = (0..size).map(event).collect();
        store.audit_batch(&batch).await.unwrap();
        let start = Instant::now();
        for _ in 0..batches {
            store.audit_batch(&batch).await.unwrap();
        }
        let us = start.elapsed().as_micros() as f64 / (size * batches) as f64;
        println!("{name}: batches of {size}: {us:.2} µs/event");
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore]
async fn audit_batch_cost() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&format!("sqlite://{}/b.db", dir.path().display()))
        .await
        .unwrap();
    measure("sqlite", &store).await;
    if let Ok(admin_url) = std::env::var("GRADUS_TEST_POSTGRES_URL") {
        let name = format!("gradus_bench_{}", uuid::Uuid::new_v4().simple());
        let admin = sqlx::PgPool::connect(&admin_url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await
            .unwrap();
        let (base, _) = admin_url.rsplit_once('/').unwrap();
        let store = open(&format!("{base}/{name}")).await.unwrap();
        measure("postgres", &store).await;
        drop(store);
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE {name} WITH (FORCE)"
        )))
        .execute(&admin)
        .await
        .unwrap();
    }
}
