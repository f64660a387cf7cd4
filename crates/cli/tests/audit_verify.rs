//! `gradus audit verify`, run as an operator would: the real binary on a database written by
//! the real server, intact (exit 0), then with one audit row changed behind the triggers' back
//! (exit 3, naming the row's chain position).

mod common;

use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn gradus(db: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(args)
        .env("GRADUS_DATABASE", db)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn raw(db: &str, sql: &str) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let pool = sqlx::SqlitePool::connect(db).await.unwrap();
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_string()))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    });
}

#[test]
fn audit_verify_tells_an_intact_trail_from_a_tampered_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/clinic.db", dir.path().display());

    // An empty trail is intact.
    let o = gradus(&db, &["audit", "verify"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("intact: 0 rows"), "{}", text(&o));

    // Writes from the command line and the server (its read audit goes through the batch).
    let o = gradus(&db, &["admin", "create-org", "Riverside Physio"]);
    assert!(o.status.success(), "{}", text(&o));
    let (mut server, addr) = common::start(&db);
    let creds = r#"{"email":"m@example.org","password":"verify-trail 7319 quietly"}"#;
    let (status, _) = common::http(&addr, "POST", "/api/v1/accounts", None, creds).unwrap();
    assert_eq!(status, 201);
    let (status, body) = common::http(&addr, "POST", "/api/v1/auth/token", None, creds).unwrap();
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let token = v["token"].as_str().unwrap().to_string();
    common::http(&addr, "GET", "/api/v1/me/log", Some(&token), "").unwrap();
    std::thread::sleep(Duration::from_millis(100));
    Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(server.wait().unwrap().success());

    let o = gradus(&db, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("Audit trail intact"), "{out}");
    let o = gradus(&db, &["audit", "verify", "--json", "--database", &db]);
    assert!(o.status.success(), "{}", text(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = report["rows"].as_u64().unwrap();
    assert!(rows >= 3, "{report}");
    assert_eq!(report["head"].as_str().unwrap().len(), 64);
    assert!(report["broken"].is_null(), "{report}");

    // Someone with the file drops the guard and rewrites where a sign-in came from.
    raw(
        &db,
        "DROP TRIGGER audit_no_update; UPDATE audit SET remote = 'somewhere else' WHERE seq = 2",
    );
    let o = gradus(&db, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("BROKEN at seq 2"), "{out}");
    assert!(out.contains("does not match its hash"), "{out}");
    let o = gradus(&db, &["audit", "verify", "--json"]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["broken"]["seq"], 2, "{report}");

    // Reading the trail still works, and says nothing it should not.
    let o = gradus(&db, &["audit"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("from=somewhere else"), "{}", text(&o));
}
