//! Durability: every log entry the server acknowledged (201) is still there after the server is
//! killed with SIGKILL in the middle of concurrent writes. Runs the real `gradus serve` binary on
//! a fresh SQLite database.

mod common;

use common::{NO_QUOTA, field, http, start_with};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[test]
fn acknowledged_log_entries_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/gradus.db", dir.path().display());
    let (mut server, addr) = start_with(&db, &NO_QUOTA);

    let (s, _) = http(
        &addr,
        "POST",
        "/api/v1/accounts",
        None,
        r#"{"email":"k@example.org","password":"a long enough password"}"#,
    )
    .unwrap();
    assert_eq!(s, 201);
    let (s, body) = http(
        &addr,
        "POST",
        "/api/v1/auth/token",
        None,
        r#"{"email":"k@example.org","password":"a long enough password"}"#,
    )
    .unwrap();
    assert_eq!(s, 200);
    let token = field(&body, "token").to_string();

    let acked = Arc::new(Mutex::new(Vec::<i64>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    // One writer answers the intake again and again (intake, assessment, plan and audit row in
    // one transaction) while the others log.
    let intakes = Arc::new(Mutex::new(0usize));
    let intake_writer = {
        let (intakes, stop, addr, token) =
            (intakes.clone(), stop.clone(), addr.clone(), token.clone());
        let body = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../examples/intake-disc-flare.json"),
        )
        .unwrap();
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if let Ok((201, _)) = http(&addr, "PUT", "/api/v1/me/intake", Some(&token), &body) {
                    *intakes.lock().unwrap() += 1;
                }
            }
        })
    };
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let (acked, stop, addr, token) = (acked.clone(), stop.clone(), addr.clone(), token.clone());
            std::thread::spawn(move || {
                let mut n = 0;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let entry = format!(r#"{{"date":"2026-11-{:02}","type":"checkin","pain":{},"stiffness":3,"new_red_flags":[]}}"#, n % 28 + 1, (w + n) % 11);
                    if let Ok((201, body)) = http(&addr, "POST", "/api/v1/me/log", Some(&token), &entry) {
                        acked.lock().unwrap().push(field(&body, "id").parse().unwrap());
                    }
                }
            })
        })
        .collect();

    std::thread::sleep(Duration::from_millis(700));
    server.kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    intake_writer.join().unwrap();
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() > 20,
        "the test must actually write under load (got {})",
        acked.len()
    );

    let (mut server, addr) = start_with(&db, &NO_QUOTA);
    let (s, body) = http(&addr, "GET", "/api/v1/me/log", Some(&token), "").unwrap();
    let (_, export) = http(&addr, "GET", "/api/v1/me/export", Some(&token), "").unwrap();
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(s, 200);
    let stored: Vec<i64> = body
        .split("\"id\":")
        .skip(1)
        .map(|r| r[..r.find([',', '}']).unwrap()].parse().unwrap())
        .collect();
    let missing: Vec<_> = acked.iter().filter(|id| !stored.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged entries lost after kill -9: {missing:?}",
        missing.len(),
        acked.len()
    );
    eprintln!(
        "kill -9: {} acknowledged, {} stored, none lost",
        acked.len(),
        stored.len()
    );

    // Every write has its audit row and no audit row is without its write: the counts of
    // `write_log` and `write_intake` rows equal the stored entries and intakes exactly.
    let member = field(&export, "id").to_string();
    let stored_intakes = export.matches("\"assessment\":").count();
    assert!(stored_intakes >= *intakes.lock().unwrap());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gradus"))
        .args(["audit", "--json", "--member", &member, "--database", &db])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let audit = String::from_utf8(out.stdout).unwrap();
    let count = |action: &str| audit.matches(&format!("\"action\": \"{action}\"")).count();
    assert_eq!(
        count("write_log"),
        stored.len(),
        "write_log audit rows vs stored entries"
    );
    assert_eq!(
        count("write_intake"),
        stored_intakes,
        "write_intake audit rows vs stored intakes"
    );
    eprintln!(
        "kill -9: {} intakes and {} log entries, each with exactly one audit row",
        stored_intakes,
        stored.len()
    );
}
