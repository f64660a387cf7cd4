//! `gradus backup` while the server takes writes, and `gradus restore`: every entry acknowledged
//! before the backup began is in the restored database, and a restore keeps what it replaced.

mod common;

use common::{NO_QUOTA, field, http, start_with};

use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const CREDENTIALS: &str = r#"{"email":"b@example.org","password":"a long enough password"}"#;

fn gradus(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(args)
        .output()
        .expect("run gradus")
}

fn ids_in(log: &str) -> Vec<i64> {
    log.split("\"id\":")
        .skip(1)
        .map(|r| r[..r.find([',', '}']).unwrap()].parse().unwrap())
        .collect()
}

#[test]
fn a_backup_under_write_load_restores_every_acknowledged_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/live/gradus.db", dir.path().display());
    let (mut server, addr) = start_with(&db, &NO_QUOTA);
    let (s, _) = http(&addr, "POST", "/api/v1/accounts", None, CREDENTIALS).unwrap();
    assert_eq!(s, 201);
    let (s, body) = http(&addr, "POST", "/api/v1/auth/token", None, CREDENTIALS).unwrap();
    assert_eq!(s, 200);
    let token = field(&body, "token").to_string();

    let acked = Arc::new(Mutex::new(Vec::<i64>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (acked, stop, addr, token) =
                (acked.clone(), stop.clone(), addr.clone(), token.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let entry = format!(
                        r#"{{"date":"2026-11-{:02}","type":"checkin","pain":{},"stiffness":3,"new_red_flags":[]}}"#,
                        n % 28 + 1,
                        (w + n) % 11
                    );
                    if let Ok((201, body)) =
                        http(&addr, "POST", "/api/v1/me/log", Some(&token), &entry)
                    {
                        acked.lock().unwrap().push(field(&body, "id").parse().unwrap());
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(400));
    let before_backup = acked.lock().unwrap().clone();
    let backup = dir.path().join("gradus-backup.db");
    let backup_text = backup.to_str().unwrap();
    let out = gradus(&["backup", backup_text, "--database", &db]);
    assert!(
        out.status.success(),
        "backup failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(said.contains("Backed up to"), "{said}");
    // The writers kept going while the backup was taken.
    std::thread::sleep(Duration::from_millis(200));
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let after = acked.lock().unwrap().len();
    assert!(
        before_backup.len() > 20 && after > before_backup.len(),
        "the test must write before and during the backup ({} then {after})",
        before_backup.len()
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the backup is private");
    }
    // A second backup to the same file is refused, and the first is untouched.
    let size = std::fs::metadata(&backup).unwrap().len();
    let again = gradus(&["backup", backup_text, "--database", &db]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("DEST"));
    assert_eq!(std::fs::metadata(&backup).unwrap().len(), size);
    server.kill().unwrap();
    server.wait().unwrap();

    // Restored into a new place (an empty server's database), and over a live one.
    let restored = format!("sqlite://{}/restored/gradus.db", dir.path().display());
    let out = gradus(&["restore", backup_text, "--database", &restored]);
    assert!(
        out.status.success(),
        "restore failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (mut server, addr) = start_with(&restored, &NO_QUOTA);
    let (s, log) = http(&addr, "GET", "/api/v1/me/log", Some(&token), "").unwrap();
    let (_, export) = http(&addr, "GET", "/api/v1/me/export", Some(&token), "").unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(s, 200, "{log}");
    let stored = ids_in(&log);
    let missing: Vec<_> = before_backup
        .iter()
        .filter(|id| !stored.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} entries acknowledged before the backup are missing",
        missing.len(),
        before_backup.len()
    );
    eprintln!(
        "backup under load: {} acknowledged before it began, {} in the backup, {} acknowledged in all",
        before_backup.len(),
        stored.len(),
        after
    );
    // The trail of the restored database says it was backed up and restored.
    let member = field(&export, "id").to_string();
    let trail = gradus(&["audit", "--json", "--database", &restored]);
    let trail = String::from_utf8_lossy(&trail.stdout);
    assert!(trail.contains("\"action\": \"backup\""), "{trail}");
    assert!(trail.contains("\"action\": \"restore\""), "{trail}");
    assert!(!member.is_empty());

    // Over a database that exists: it is kept aside, not destroyed.
    let out = gradus(&["restore", backup_text, "--database", &db]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let kept: Vec<_> = std::fs::read_dir(dir.path().join("live"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| {
            n.starts_with("gradus.db.before-restore-")
                && !n.ends_with("-wal")
                && !n.ends_with("-shm")
        })
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
}

#[test]
fn restore_refuses_what_is_not_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let not_db = dir.path().join("notes.txt");
    std::fs::write(&not_db, "these are not the droids").unwrap();
    let db = format!("sqlite://{}/gradus.db", dir.path().display());
    let out = gradus(&["restore", not_db.to_str().unwrap(), "--database", &db]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("SRC") && err.contains("not an SQLite database"),
        "{err}"
    );
    assert!(
        !dir.path().join("gradus.db").exists(),
        "nothing was created"
    );
    // PostgreSQL: told how to use its own tools.
    if let Ok(pg) = std::env::var("GRADUS_TEST_POSTGRES_URL") {
        let dump = dir.path().join("x.dump");
        let out = gradus(&["backup", dump.to_str().unwrap(), "--database", &pg]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("pg_dump"), "{err}");
        let out = gradus(&["restore", not_db.to_str().unwrap(), "--database", &pg]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_restore"));
    }
}
