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

/// What a backup taken under load must hold.
struct UnderLoad {
    token: String,
    /// Entries acknowledged before the backup began.
    before_backup: Vec<i64>,
    /// Entries acknowledged in all.
    acknowledged: usize,
}

/// Starts a server on `db`, has four writers post log entries, takes `gradus backup` into
/// `backup` while they write, and stops the server.
fn backup_under_load(db: &str, backup: &std::path::Path) -> UnderLoad {
    let (mut server, addr) = start_with(db, &NO_QUOTA);
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
    let out = gradus(&["backup", backup.to_str().unwrap(), "--database", db]);
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
    server.kill().unwrap();
    server.wait().unwrap();
    let acknowledged = acked.lock().unwrap().len();
    assert!(
        before_backup.len() > 20 && acknowledged > before_backup.len(),
        "the test must write before and during the backup ({} then {acknowledged})",
        before_backup.len()
    );
    UnderLoad {
        token,
        before_backup,
        acknowledged,
    }
}

/// Starts a server on a restored database and checks every entry acknowledged before the
/// backup is there, and the audit chain is intact; returns the entries stored.
fn check_restored(db: &str, load: &UnderLoad) -> usize {
    let (mut server, addr) = start_with(db, &NO_QUOTA);
    let (s, log) = http(&addr, "GET", "/api/v1/me/log", Some(&load.token), "").unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(s, 200, "{log}");
    let stored = ids_in(&log);
    let missing: Vec<_> = load
        .before_backup
        .iter()
        .filter(|id| !stored.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} of {} entries acknowledged before the backup are missing",
        missing.len(),
        load.before_backup.len()
    );
    let verify = gradus(&["audit", "verify", "--database", db]);
    assert!(
        verify.status.success(),
        "the restored audit chain: {}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    let trail = gradus(&["audit", "--json", "--database", db]);
    let trail = String::from_utf8_lossy(&trail.stdout);
    assert!(trail.contains("\"action\": \"backup\""), "{trail}");
    assert!(trail.contains("\"action\": \"restore\""), "{trail}");
    eprintln!(
        "backup under load: {} acknowledged before it began, {} in the backup, {} acknowledged in all",
        load.before_backup.len(),
        stored.len(),
        load.acknowledged
    );
    stored.len()
}

#[test]
fn a_backup_under_write_load_restores_every_acknowledged_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/live/gradus.db", dir.path().display());
    let backup = dir.path().join("gradus-backup.db");
    let backup_text = backup.to_str().unwrap();
    let load = backup_under_load(&db, &backup);
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

    // Restored into a new place (an empty server's database), and over a live one.
    let restored = format!("sqlite://{}/restored/gradus.db", dir.path().display());
    let out = gradus(&["restore", backup_text, "--database", &restored]);
    assert!(
        out.status.success(),
        "restore failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_restored(&restored, &load);

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
    // A PostgreSQL restore refuses the same file before touching the database.
    if let Ok(pg) = std::env::var("GRADUS_TEST_POSTGRES_URL") {
        let out = gradus(&["restore", not_db.to_str().unwrap(), "--database", &pg]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("SRC"));
    }
}

/// A database of its own on the test PostgreSQL server (psql), dropped when the guard goes.
struct PgDatabase {
    admin: String,
    name: String,
    url: String,
}

impl PgDatabase {
    fn new(admin: &str, name: &str) -> PgDatabase {
        let psql = |sql: &str| {
            let out = Command::new("psql")
                .args([admin, "-v", "ON_ERROR_STOP=1", "-c", sql])
                .output()
                .expect("psql (PostgreSQL's client tools) must be installed");
            assert!(
                out.status.success(),
                "{sql}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        psql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        psql(&format!("CREATE DATABASE {name}"));
        let (base, _) = admin.rsplit_once('/').expect("a database URL");
        PgDatabase {
            admin: admin.to_string(),
            name: name.to_string(),
            url: format!("{base}/{name}"),
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let _ = Command::new("psql")
            .args([
                self.admin.as_str(),
                "-c",
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            ])
            .output();
    }
}

/// On PostgreSQL, `gradus backup` runs pg_dump (checked with pg_restore) under write load and
/// `gradus restore` puts it back into another database: every entry acknowledged before the
/// backup began is there and the audit chain is intact.
#[test]
fn a_postgres_backup_under_write_load_restores_every_acknowledged_entry() {
    let Ok(admin) = std::env::var("GRADUS_TEST_POSTGRES_URL") else {
        eprintln!("SKIPPED: no GRADUS_TEST_POSTGRES_URL");
        return;
    };
    let tag = std::process::id();
    let live = PgDatabase::new(&admin, &format!("gradus_backup_live_{tag}"));
    let restored = PgDatabase::new(&admin, &format!("gradus_backup_restored_{tag}"));
    let dir = tempfile::tempdir().unwrap();
    let dump = dir.path().join("gradus.dump");
    let load = backup_under_load(&live.url, &dump);
    let out = gradus(&[
        "restore",
        dump.to_str().unwrap(),
        "--database",
        &restored.url,
    ]);
    assert!(
        out.status.success(),
        "restore failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_restored(&restored.url, &load);
}
