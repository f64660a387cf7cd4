//! Abuse limits: sign-ups per address, and parallel sign-in guesses all counted.

mod common;

use common::{PASSWORD, Server, example, session};
use serde_json::json;

#[tokio::test]
async fn sign_ups_are_limited_per_address() {
    let s = Server::start_with(gradus_server::Config {
        signups_per_minute: 3,
        ..Default::default()
    })
    .await;
    for i in 0..3 {
        s.post(
            "/api/v1/accounts",
            None,
            json!({ "email": format!("m{i}@example.org"), "password": PASSWORD }),
        )
        .await
        .expect(201);
    }
    s.post(
        "/api/v1/accounts",
        None,
        json!({ "email": "m9@example.org", "password": PASSWORD }),
    )
    .await
    .expect_problem(429);
}

/// Twenty wrong passwords sent at once: no more are checked than the limit allows (the attempt
/// is taken before the password is checked); the rest are refused with 429.
#[tokio::test]
async fn parallel_wrong_passwords_are_all_counted() {
    let s = Server::start_with(gradus_server::Config {
        login_attempts_per_minute: 5,
        ..Default::default()
    })
    .await;
    s.sign_up("target@example.org").await;
    let attempts: Vec<_> = (0..20)
        .map(|_| {
            let client = s.client.clone();
            let url = format!("{}/api/v1/auth/token", s.base);
            tokio::spawn(async move {
                client
                    .post(url)
                    .json(
                        &json!({ "email": "target@example.org", "password": "wrong password 123" }),
                    )
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut checked = 0;
    for a in attempts {
        match a.await.unwrap() {
            401 => checked += 1,
            429 => {}
            other => panic!("unexpected {other}"),
        }
    }
    // The sign-up's own token counted one success, given back: five wrong ones are checked.
    assert!(checked <= 5, "{checked} wrong passwords were checked");
}

/// Signs in with a client address given by the trusted proxy (`X-Forwarded-For`); the status.
async fn sign_in_from(s: &Server, from: &str, email: &str, password: &str) -> u16 {
    s.client
        .post(format!("{}/api/v1/auth/token", s.base))
        .header("x-forwarded-for", from)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

fn behind_proxy(attempts: usize) -> gradus_server::Config {
    gradus_server::Config {
        login_attempts_per_minute: attempts,
        trusted_proxies: gradus_server::client::parse_trusted("127.0.0.1/32").expect("proxy"),
        ..Default::default()
    }
}

/// Guesses from many addresses use up the account's own allowance, but the owner, from the
/// address they last signed in from, still gets in; each guessing address is stopped on its own.
#[tokio::test]
async fn a_third_party_cannot_lock_the_owner_out() {
    let s = Server::start_with(behind_proxy(3)).await;
    s.sign_up("owner@example.org").await;
    assert_eq!(
        sign_in_from(&s, "198.51.100.7", "owner@example.org", PASSWORD).await,
        200
    );
    // One address: three wrong guesses, then refused before any password is checked.
    for _ in 0..3 {
        assert_eq!(
            sign_in_from(&s, "203.0.113.1", "owner@example.org", "wrong password 1").await,
            401
        );
    }
    assert_eq!(
        sign_in_from(&s, "203.0.113.1", "owner@example.org", PASSWORD).await,
        429,
        "the guessing address is stopped, even with the right password"
    );
    // Many addresses: the account's allowance (three addresses' worth) runs out too.
    let mut refused = 0;
    for i in 2..12 {
        let from = format!("203.0.113.{i}");
        if sign_in_from(&s, &from, "owner@example.org", "wrong password 1").await == 429 {
            refused += 1;
        }
    }
    assert!(refused > 0, "the account's own limit never applied");
    assert_eq!(
        sign_in_from(&s, "198.51.100.99", "owner@example.org", PASSWORD).await,
        429,
        "a new address is held back while the account is under attack"
    );
    // The owner, from where they signed in before, is not locked out.
    assert_eq!(
        sign_in_from(&s, "198.51.100.7", "owner@example.org", PASSWORD).await,
        200
    );
}

/// Without a trusted proxy, `X-Forwarded-For` is the client's own claim and changes nothing: a
/// guesser cannot take a fresh address per attempt.
#[tokio::test]
async fn a_forwarded_address_counts_only_from_a_trusted_proxy() {
    let s = Server::start_with(gradus_server::Config {
        login_attempts_per_minute: 3,
        ..Default::default()
    })
    .await;
    s.sign_up("someone@example.org").await;
    let mut statuses = Vec::new();
    for i in 1..6 {
        let from = format!("203.0.113.{i}");
        statuses.push(sign_in_from(&s, &from, "someone@example.org", "wrong password 1").await);
    }
    assert_eq!(statuses, [401, 401, 401, 429, 429]);
}

/// A client that sends its request line and then nothing more is disconnected after the header
/// timeout, instead of holding the connection for minutes.
#[tokio::test]
async fn unfinished_headers_are_cut_off() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = Server::start_with(gradus_server::Config {
        header_read_timeout_secs: 1,
        ..Default::default()
    })
    .await;
    let mut slow = tokio::net::TcpStream::connect(s.addr)
        .await
        .expect("connect");
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: gradus\r\nX-Slow: ")
        .await
        .expect("write");
    let mut buf = Vec::new();
    let closed = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        slow.read_to_end(&mut buf),
    )
    .await;
    assert!(
        closed.is_ok(),
        "the connection was still open after 10 s of unfinished headers"
    );
    // The server goes on answering everyone else.
    s.get("/healthz", None).await.expect(200);
}

/// Past the connection cap, a new connection waits until one closes; it is then served.
#[tokio::test]
async fn connections_are_capped() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let s = Server::start_with(gradus_server::Config {
        max_connections: 2,
        header_read_timeout_secs: 2,
        ..Default::default()
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut c = tokio::net::TcpStream::connect(s.addr)
            .await
            .expect("connect");
        c.write_all(b"GET /healthz HTTP/1.1\r\n")
            .await
            .expect("write");
        held.push(c);
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let mut third = tokio::net::TcpStream::connect(s.addr)
        .await
        .expect("connect");
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: gradus\r\nConnection: close\r\n\r\n")
        .await
        .expect("write");
    let mut answer = Vec::new();
    let early = tokio::time::timeout(
        std::time::Duration::from_millis(800),
        third.read_to_end(&mut answer),
    )
    .await;
    assert!(
        early.is_err(),
        "a third connection was served while two were held"
    );
    // Once the held connections time out, the waiting one is served.
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        third.read_to_end(&mut answer),
    )
    .await
    .expect("the waiting connection was never served")
    .expect("read");
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    drop(held);
}

/// A member's daily quota of log entries: the one past it is refused with 429 and a reason, and
/// nothing is stored; another member is unaffected.
#[tokio::test]
async fn log_entries_have_a_daily_quota() {
    let s = Server::start_with(gradus_server::Config {
        quotas: gradus_app::Quotas {
            log_entries_per_day: 3,
            intakes_per_day: 2,
        },
        ..Default::default()
    })
    .await;
    let token = s.sign_up("busy@example.org").await;
    let other = s.sign_up("calm@example.org").await;
    s.intake(&token, example("intake-disc-flare.json")).await;
    s.intake(&other, example("intake-disc-flare.json")).await;
    for _ in 0..3 {
        s.post(
            "/api/v1/me/log",
            Some(&token),
            session("2026-11-02", 3, true),
        )
        .await
        .expect(201);
    }
    let res = s
        .post(
            "/api/v1/me/log",
            Some(&token),
            session("2026-11-02", 3, true),
        )
        .await;
    res.expect_problem(429);
    assert!(res.text.contains("log entries"), "{}", res.text);
    let log = s.get("/api/v1/me/log", Some(&token)).await;
    assert_eq!(log.json.as_array().map(Vec::len), Some(3), "{}", log.text);
    s.post(
        "/api/v1/me/log",
        Some(&other),
        session("2026-11-02", 3, true),
    )
    .await
    .expect(201);
    // Intakes: the member above has used one of two.
    s.intake(&token, example("intake-disc-flare.json")).await;
    s.put(
        "/api/v1/me/intake",
        Some(&token),
        example("intake-disc-flare.json"),
    )
    .await
    .expect_problem(429);
}

/// An intake with more fears or goals than a person could mean is refused by field, not stored.
#[tokio::test]
async fn intake_lists_are_bounded() {
    let s = Server::start().await;
    let token = s.sign_up("lists@example.org").await;
    let mut intake = example("intake-disc-flare.json");
    let fear = intake["fears"][0].clone();
    intake["fears"] = serde_json::Value::Array(vec![fear; 11]);
    s.put("/api/v1/me/intake", Some(&token), intake)
        .await
        .expect_invalid_at("fears");
    let mut intake = example("intake-disc-flare.json");
    intake["goals"] = serde_json::Value::Array(vec![intake["goals"][0].clone(); 11]);
    s.put("/api/v1/me/intake", Some(&token), intake)
        .await
        .expect_invalid_at("goals");
}
