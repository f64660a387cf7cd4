//! The audit trail's hash chain, on both backends (SQLite always, PostgreSQL from
//! `GRADUS_TEST_POSTGRES_URL`, each test in a database of its own): an intact chain verifies,
//! a row changed or deleted behind the triggers' back is named at its chain position, rows
//! from before the chain are adopted once, and many concurrent writers never fork it.

use std::sync::Arc;

use gradus_store::*;
use sqlx::AssertSqlSafe;

fn event(n: usize, remote: Option<&str>) -> AuditEvent {
    AuditEvent {
        at: Timestamp::from_millis(1_700_000_000_000 + n as i64),
        actor_id: AccountId::parse("actor-1"),
        action: format!("read_log_{n}"),
        member_id: AccountId::parse("member-1"),
        remote: remote.map(Into::into),
        outcome: "ok".into(),
    }
}

/// Raw SQL on the same database, to do what an intruder with the file or a superuser could.
enum Raw {
    Sqlite(sqlx::SqlitePool),
    Pg(sqlx::PgPool),
}

impl Raw {
    async fn exec(&self, sql: &str) {
        let sql = AssertSqlSafe(sql.to_string());
        match self {
            Raw::Sqlite(p) => sqlx::raw_sql(sql).execute(p).await.map(|_| ()),
            Raw::Pg(p) => sqlx::raw_sql(sql).execute(p).await.map(|_| ()),
        }
        .unwrap_or_else(|e| panic!("{e}"));
    }

    async fn id_at(&self, seq: i64) -> AuditId {
        let id: i64 = match self {
            Raw::Sqlite(p) => sqlx::query_scalar("SELECT id FROM audit WHERE seq = $1")
                .bind(seq)
                .fetch_one(p)
                .await
                .unwrap(),
            Raw::Pg(p) => sqlx::query_scalar("SELECT id FROM audit WHERE seq = $1")
                .bind(seq)
                .fetch_one(p)
                .await
                .unwrap(),
        };
        AuditId(id)
    }

    /// Lets rows be changed and deleted: the append-only triggers go.
    async fn drop_guards(&self) {
        match self {
            Raw::Sqlite(_) => {
                self.exec("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete")
                    .await
            }
            Raw::Pg(_) => self.exec("DROP TRIGGER audit_no_change ON audit").await,
        }
    }
}

/// A fresh database of either kind: its URL and raw access.
struct Db {
    url: String,
    raw: Raw,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(sqlx::PgPool, String)>,
}

impl Db {
    async fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}/gradus.db", dir.path().display());
        let opts = url
            .parse::<sqlx::sqlite::SqliteConnectOptions>()
            .unwrap()
            .create_if_missing(true);
        let raw = Raw::Sqlite(sqlx::SqlitePool::connect_with(opts).await.unwrap());
        Db {
            url,
            raw,
            _dir: Some(dir),
            pg: None,
        }
    }

    async fn postgres() -> Option<Db> {
        let admin_url = postgres_url()?;
        let name = format!("gradus_chain_{}", uuid::Uuid::new_v4().simple());
        let admin = sqlx::PgPool::connect(&admin_url)
            .await
            .expect("PostgreSQL reachable");
        sqlx::query(AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&admin)
            .await
            .unwrap();
        let url = match admin_url.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => panic!("GRADUS_TEST_POSTGRES_URL must end with /DATABASE"),
        };
        let raw = Raw::Pg(sqlx::PgPool::connect(&url).await.unwrap());
        Some(Db {
            url,
            raw,
            _dir: None,
            pg: Some((admin, name)),
        })
    }

    /// The schema as it was before the chain (migrations 0001 to 0005).
    async fn migrate_to_5(&self) {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let r = match &self.raw {
            Raw::Sqlite(p) => {
                let m = sqlx::migrate::Migrator::new(dir.join("sqlite"))
                    .await
                    .unwrap();
                m.run_to(5, p).await
            }
            Raw::Pg(p) => {
                let m = sqlx::migrate::Migrator::new(dir.join("postgres"))
                    .await
                    .unwrap();
                m.run_to(5, p).await
            }
        };
        r.unwrap();
    }

    async fn drop_db(self) {
        if let Raw::Pg(p) = &self.raw {
            p.close().await;
        }
        if let Some((admin, name)) = self.pg {
            sqlx::query(AssertSqlSafe(format!("DROP DATABASE {name} WITH (FORCE)")))
                .execute(&admin)
                .await
                .unwrap();
        }
    }
}

fn postgres_url() -> Option<String> {
    match std::env::var("GRADUS_TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but GRADUS_TEST_POSTGRES_URL is not set")
        }
        _ => {
            eprintln!(
                "SKIPPED: PostgreSQL audit chain (set GRADUS_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test to run it)"
            );
            None
        }
    }
}

/// Writes through every path that appends: a write's own audit row and read batches, one of
/// them larger than a single multi-row insert and than a verifier's page. Returns the rows.
async fn fill(store: &SqlStore) -> u64 {
    let op = AuditEvent {
        remote: Some("10.0.0.1\n2026-01-01 forged line\u{1b}[2J".into()),
        ..event(0, None)
    };
    store.create_org("Clinic A", &op).await.unwrap();
    store.create_org("Clinic B", &op).await.unwrap();
    store.audit_batch(&[]).await.unwrap();
    store
        .audit_batch(&[event(1, None), event(2, Some(""))])
        .await
        .unwrap();
    let burst: Vec<AuditEvent> = (0..5200).map(|n| event(n, Some("10.0.0.2"))).collect();
    store.audit_batch(&burst).await.unwrap();
    store.create_org("Clinic C", &op).await.unwrap();
    5205
}

async fn intact(db: &Db) {
    let store = fresh(db).await;
    let empty = store.audit_verify().await.unwrap();
    assert_eq!(empty.rows, 0);
    assert!(empty.broken.is_none(), "{empty:?}");
    let rows = fill(&store).await;
    let report = store.audit_verify().await.unwrap();
    assert_eq!(report.broken, None);
    assert_eq!(report.rows, rows);
    assert_eq!(report.head.len(), 64);
    // The same through the cache, and after reopening: nothing is re-chained.
    let cached = CachedStore::new(Arc::new(store));
    assert_eq!(cached.audit_verify().await.unwrap(), report);
    let again = open(&db.url).await.unwrap();
    assert_eq!(again.audit_verify().await.unwrap(), report);
}

async fn changed_row(db: &Db) {
    let store = fresh(db).await;
    fill(&store).await;
    db.raw.drop_guards().await;
    let id = db.raw.id_at(3).await;
    db.raw
        .exec("UPDATE audit SET remote = '10.9.9.9' WHERE seq = 3")
        .await;
    let report = store.audit_verify().await.unwrap();
    let broken = report.broken.expect("the change is found");
    assert_eq!(broken.seq, Some(3), "{broken:?}");
    assert_eq!(broken.id, Some(id));
    assert!(broken.problem.contains("does not match"), "{broken:?}");
    assert_eq!(report.rows, 2, "rows walked before the break");
}

async fn rehashed_row(db: &Db) {
    // A changed row given a hash of its own: the next row, built on the old hash, shows it.
    let store = fresh(db).await;
    fill(&store).await;
    db.raw.drop_guards().await;
    db.raw
        .exec("UPDATE audit SET hash = (SELECT hash FROM audit WHERE seq = 1) WHERE seq = 4")
        .await;
    let broken = store.audit_verify().await.unwrap().broken.unwrap();
    assert_eq!(broken.seq, Some(4), "{broken:?}");
}

async fn deleted_row(db: &Db) {
    let store = fresh(db).await;
    fill(&store).await;
    db.raw.drop_guards().await;
    let next = db.raw.id_at(5001).await;
    db.raw.exec("DELETE FROM audit WHERE seq = 5000").await;
    let broken = store.audit_verify().await.unwrap().broken.unwrap();
    assert_eq!(broken.seq, Some(5000), "{broken:?}");
    assert_eq!(broken.id, Some(next));
    assert!(broken.problem.contains("missing"), "{broken:?}");
}

async fn deleted_tail(db: &Db) {
    let store = fresh(db).await;
    let rows = fill(&store).await as i64;
    db.raw.drop_guards().await;
    db.raw
        .exec(&format!("DELETE FROM audit WHERE seq = {rows}"))
        .await;
    let report = store.audit_verify().await.unwrap();
    let broken = report.broken.unwrap();
    assert_eq!(broken.seq, Some(rows), "{broken:?}");
    assert!(broken.problem.contains("head"), "{broken:?}");
}

async fn changed_head(db: &Db) {
    let store = fresh(db).await;
    fill(&store).await;
    db.raw
        .exec("UPDATE audit_head SET hash = 'ab' WHERE id = 1")
        .await;
    let broken = store.audit_verify().await.unwrap().broken.unwrap();
    assert!(broken.problem.contains("head"), "{broken:?}");
}

async fn missing_head(db: &Db) {
    let store = fresh(db).await;
    fill(&store).await;
    db.raw.exec("DELETE FROM audit_head").await;
    let broken = store.audit_verify().await.unwrap().broken.unwrap();
    assert!(broken.problem.contains("head row"), "{broken:?}");
    // Writes refuse rather than go unaudited.
    assert!(store.audit_batch(&[event(1, None)]).await.is_err());
    assert!(store.create_org("Clinic Z", &event(1, None)).await.is_err());
    assert!(
        open(&db.url).await.is_err(),
        "a store does not open headless"
    );
}

async fn row_outside(db: &Db) {
    let store = fresh(db).await;
    fill(&store).await;
    db.raw
        .exec("INSERT INTO audit (at, action, outcome) VALUES (1, 'forged', 'ok')")
        .await;
    let broken = store.audit_verify().await.unwrap().broken.unwrap();
    assert_eq!(broken.seq, None, "{broken:?}");
    assert!(broken.problem.contains("outside"), "{broken:?}");
    // Reopening does not adopt it.
    let again = open(&db.url).await.unwrap();
    assert!(again.audit_verify().await.unwrap().broken.is_some());
}

async fn concurrent(db: &Db) {
    // Two stores on one database stand for two servers sharing it.
    let a = Arc::new(fresh(db).await);
    let b = Arc::new(open(&db.url).await.unwrap());
    let mut tasks = Vec::new();
    for t in 0..24usize {
        let store = if t % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            for i in 0..10usize {
                if (t + i) % 3 == 0 {
                    store
                        .create_org(&format!("Org {t}-{i}"), &event(i, None))
                        .await
                        .unwrap();
                } else {
                    let batch: Vec<AuditEvent> = (0..7).map(|n| event(t * 100 + n, None)).collect();
                    store.audit_batch(&batch).await.unwrap();
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let expected: u64 = (0..24usize)
        .flat_map(|t| (0..10usize).map(move |i| if (t + i) % 3 == 0 { 1 } else { 7 }))
        .sum();
    let report = a.audit_verify().await.unwrap();
    assert_eq!(report.broken, None);
    assert_eq!(report.rows, expected);
    assert_eq!(b.audit_verify().await.unwrap(), report);
}

async fn legacy_rows(db: &Db) {
    // A database from before the chain, with audit rows in it.
    db.migrate_to_5().await;
    db.raw
        .exec(
            "INSERT INTO audit (at, actor_id, action, member_id, remote, outcome) VALUES \
             (1, 'a-1', 'sign_in', NULL, '10.0.0.1', 'ok'), \
             (2, NULL, 'create_org', NULL, NULL, 'ok'), \
             (3, 'a-1', 'read_log', 'm-1', '', 'denied')",
        )
        .await;
    let store = fresh(db).await;
    let adopted = store.audit_verify().await.unwrap();
    assert_eq!(adopted.broken, None);
    assert_eq!(adopted.rows, 3);
    let rows = fill(&store).await;
    let report = store.audit_verify().await.unwrap();
    assert_eq!(report.broken, None);
    assert_eq!(report.rows, 3 + rows);
    // Adopted once: reopening changes nothing.
    assert_eq!(
        open(&db.url).await.unwrap().audit_verify().await.unwrap(),
        report
    );
    // A legacy row changed afterwards is found like any other.
    db.raw.drop_guards().await;
    db.raw
        .exec("UPDATE audit SET outcome = 'ok' WHERE seq = 3")
        .await;
    let broken = store.audit_verify().await.unwrap().broken.unwrap();
    assert_eq!(broken.seq, Some(3), "{broken:?}");
}

async fn fresh(db: &Db) -> SqlStore {
    open(&db.url).await.unwrap()
}

macro_rules! on_both {
    ($($name:ident),*) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $name() {
                    let db = super::Db::sqlite().await;
                    super::$name(&db).await;
                    db.drop_db().await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $name() {
                    let Some(db) = super::Db::postgres().await else {
                        return;
                    };
                    super::$name(&db).await;
                    db.drop_db().await;
                }
            )*
        }
    };
}

on_both!(
    intact,
    changed_row,
    rehashed_row,
    deleted_row,
    deleted_tail,
    changed_head,
    row_outside,
    concurrent,
    legacy_rows,
    missing_head
);
