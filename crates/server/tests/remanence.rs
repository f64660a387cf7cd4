//! Deleted means deleted: after `DELETE /api/v1/me`, none of the member's words or e-mail is left
//! in the SQLite file or its write-ahead log, and the database is private to the server's user.

mod common;

use common::{Server, example, session};
use serde_json::json;

/// Where `needle` occurs in the database file and its companions, if anywhere.
fn found_in_files(s: &Server, needle: &str) -> Vec<String> {
    let db = s.db_path();
    let mut found = Vec::new();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        if let Ok(bytes) = std::fs::read(&name)
            && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        {
            found.push(format!(
                "{} ({} bytes)",
                name.to_string_lossy(),
                bytes.len()
            ));
        }
    }
    found
}

#[tokio::test]
async fn a_deleted_member_leaves_no_bytes_behind() {
    let s = Server::start().await;
    let email = "qz7remanence@example.org";
    let token = s.sign_up(email).await;
    // Someone else stays, so the file keeps being used after the deletion.
    let other = s.sign_up("stays@example.org").await;
    let mut intake = example("intake-disc-flare.json");
    intake["fears"] = json!([{ "activity": "qz7 lifting the kayak", "rating": 80 }]);
    intake["goals"] = json!([{ "activity": "qz7 paddle to the island", "ability": 2 }]);
    s.intake(&token, intake).await;
    s.intake(&other, example("intake-disc-flare.json")).await;
    for _ in 0..5 {
        s.post(
            "/api/v1/me/log",
            Some(&token),
            session("2026-11-02", 3, true),
        )
        .await
        .expect(201);
    }
    // Written and read back, the words are in the database (the test can see them).
    assert!(!found_in_files(&s, "qz7 lifting the kayak").is_empty());
    s.delete("/api/v1/me", Some(&token)).await.expect(204);
    s.post(
        "/api/v1/me/log",
        Some(&other),
        session("2026-11-02", 3, true),
    )
    .await
    .expect(201);
    for needle in [email, "qz7 lifting the kayak", "qz7 paddle to the island"] {
        let found = found_in_files(&s, needle);
        assert!(found.is_empty(), "{needle:?} is still in {found:?}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_database_is_private_to_its_user() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::TempDir::new().expect("temp dir");
    let folder = dir.path().join("data").join("gradus");
    let url = format!("sqlite://{}/g.db", folder.display());
    let state = gradus_server::build_state(&url, gradus_server::Config::default())
        .await
        .expect("build state");
    state.app.store.ping().await.expect("ping");
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode(&folder), 0o700, "the folder");
    for name in ["g.db", "g.db-wal"] {
        let path = folder.join(name);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{name}");
        }
    }
    assert!(folder.join("g.db").exists());
    // A database made readable by others is taken back when the server opens it.
    drop(state);
    std::fs::set_permissions(folder.join("g.db"), std::fs::Permissions::from_mode(0o644))
        .expect("chmod");
    let _state = gradus_server::build_state(&url, gradus_server::Config::default())
        .await
        .expect("build state");
    assert_eq!(mode(&folder.join("g.db")), 0o600);
}
