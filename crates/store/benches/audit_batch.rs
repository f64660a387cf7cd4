//! The cost of the read-audit batch (`audit_batch`), the audit sink's only write, now that each
//! batch extends the hash chain: typical sink batches (64 events) and large ones (1000), on
//! SQLite, and on PostgreSQL when GRADUS_TEST_POSTGRES_URL is set.
//! `cargo bench -p gradus-store --bench audit_batch`

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
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

fn batches(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut stores = vec![(
        "sqlite",
        rt.block_on(open(&format!("sqlite://{}/b.db", dir.path().display())))
            .expect("open sqlite"),
    )];
    if let Ok(url) = std::env::var("GRADUS_TEST_POSTGRES_URL") {
        stores.push(("postgres", rt.block_on(open(&url)).expect("open postgres")));
    }
    let mut group = c.benchmark_group("audit_batch");
    group.sample_size(20);
    for (name, store) in &stores {
        for size in [64usize, 1000] {
            let batch: Vec<AuditEvent> = (0..size).map(event).collect();
            group.throughput(Throughput::Elements(size as u64));
            group.bench_with_input(BenchmarkId::new(*name, size), &batch, |b, batch| {
                b.iter(|| rt.block_on(store.audit_batch(batch)).expect("audit batch"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, batches);
criterion_main!(benches);
