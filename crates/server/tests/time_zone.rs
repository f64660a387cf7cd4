//! Dates are the member's: a member has a time zone (set at sign-up, changeable), and their
//! entries, reviews and "tomorrow" limit are counted on their own local day.

mod common;

use common::{PASSWORD, Server, checkin, example};
use gradus_app::clock::today_in;
use serde_json::json;

const EAST: &str = "Pacific/Kiritimati"; // UTC+14
const WEST: &str = "Pacific/Pago_Pago"; // UTC-11

async fn sign_up_in(s: &Server, email: &str, tz: &str) -> String {
    s.post(
        "/api/v1/accounts",
        None,
        json!({ "email": email, "password": PASSWORD, "time_zone": tz }),
    )
    .await
    .expect(201);
    s.token(email).await
}

#[tokio::test]
async fn an_unknown_time_zone_is_refused_by_name() {
    let s = Server::start().await;
    s.post(
        "/api/v1/accounts",
        None,
        json!({ "email": "tz@example.org", "password": PASSWORD, "time_zone": "Mars/Olympus_Mons" }),
    )
    .await
    .expect_invalid_at("time_zone");
    // Nothing was created: the address is still free.
    sign_up_in(&s, "tz@example.org", "Europe/London").await;
}

/// A review with no date is the member's today; an entry may be dated at most one day after
/// the member's today, and "tomorrow" differs by a day or two across the date line.
#[tokio::test]
async fn the_members_own_day_counts() {
    if std::env::var("GRADUS_TODAY").is_ok() {
        return; // the day is fixed for every zone then
    }
    let s = Server::start().await;
    let east = sign_up_in(&s, "east@example.org", EAST).await;
    let west = sign_up_in(&s, "west@example.org", WEST).await;
    for t in [&east, &west] {
        s.intake(t, example("intake-disc-flare.json")).await;
    }
    let east_today = today_in(Some(EAST));
    let west_today = today_in(Some(WEST));
    assert!(east_today > west_today);

    let tomorrow_east = east_today.plus(1).to_string();
    s.post(
        "/api/v1/me/log",
        Some(&east),
        checkin(&tomorrow_east, 3, &[]),
    )
    .await
    .expect(201);
    // The same date is more than a day ahead in Pago Pago.
    s.post(
        "/api/v1/me/log",
        Some(&west),
        checkin(&tomorrow_east, 3, &[]),
    )
    .await
    .expect_invalid_at("date");
    s.post(
        "/api/v1/me/review",
        Some(&west),
        json!({ "today": tomorrow_east }),
    )
    .await
    .expect_invalid_at("today");

    for (token, today) in [(&east, east_today), (&west, west_today)] {
        let r = s.post("/api/v1/me/review", Some(token), json!({})).await;
        r.expect(200);
        assert_eq!(r.json["figures"]["today"], today.to_string(), "{}", r.text);
    }
}
