//! Abuse limits: sign-ups per address, and parallel sign-in guesses all counted.

mod common;

use common::{PASSWORD, Server};
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
