//! The web pages over a real port: sign-up to plan, CSRF, the stop screen, the calendar, the
//! session log, check-ins, progress and the account page. Each response is checked for the
//! security headers and for never being a 5xx, and every page for its size.

mod common;

use std::collections::BTreeMap;

use common::{PASSWORD, Res, Server, assert_security_headers};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

const PAGE_LIMIT: usize = 100 * 1024;

/// A browser without JavaScript: keeps cookies, does not follow redirects.
struct Browser {
    server: Server,
    client: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", urlencode(k), urlencode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the first `name="csrf"` field on a page.
fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html
        .find(marker)
        .unwrap_or_else(|| panic!("no csrf field in page: {html}"))
        + marker.len();
    html[start..]
        .split('"')
        .next()
        .expect("csrf value")
        .to_string()
}

impl Browser {
    async fn new() -> Browser {
        Browser::with_config(gradus_server::Config::default()).await
    }

    async fn with_config(config: gradus_server::Config) -> Browser {
        let server = Server::start_with(config).await;
        Browser {
            server,
            client: reqwest::Client::builder()
                .no_proxy()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            cookies: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep_cookies(&mut self, headers: &HeaderMap) {
        for v in headers.get_all("set-cookie") {
            let v = v.to_str().expect("cookie text");
            assert!(v.contains("HttpOnly"), "cookie without HttpOnly: {v}");
            assert!(v.contains("SameSite=Lax"), "cookie without SameSite: {v}");
            assert!(v.contains("Path=/"), "cookie without Path: {v}");
            let (k, rest) = v.split_once('=').expect("name=value");
            let value = rest.split(';').next().unwrap_or("").to_string();
            if v.contains("Max-Age=0") || value.is_empty() {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), value);
            }
        }
    }

    async fn send(&mut self, method: Method, path: &str, body: Option<String>) -> Res {
        let mut req = self
            .client
            .request(method.clone(), format!("{}{}", self.server.base, path));
        if !self.cookies.is_empty() {
            req = req.header("cookie", self.cookie_header());
        }
        if let Some(b) = body {
            req = req
                .header("content-type", "application/x-www-form-urlencoded")
                .body(b);
        }
        let res = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        let res = Res {
            method,
            path: path.to_string(),
            status,
            json: serde_json::from_str(&text).unwrap_or(Value::Null),
            headers,
            text,
        };
        assert!(
            res.status < 500,
            "{} {}: server error {}: {}",
            res.method,
            res.path,
            res.status,
            res.text
        );
        assert_security_headers(&res);
        if res.content_type().starts_with("text/html") {
            assert!(
                res.text.len() < PAGE_LIMIT,
                "{path} is {} bytes, over 100 KB",
                res.text.len()
            );
            assert!(
                !res.text.contains("style=") && !res.text.contains("<script>"),
                "{path}: inline style or script"
            );
        }
        self.keep_cookies(&res.headers);
        res
    }

    async fn get(&mut self, path: &str) -> Res {
        self.send(Method::GET, path, None).await
    }

    async fn post(&mut self, path: &str, pairs: &[(&str, &str)]) -> Res {
        self.send(Method::POST, path, Some(form_body(pairs))).await
    }

    /// Posts a form with the csrf field of the page at `from`.
    async fn submit(&mut self, from: &str, action: &str, pairs: &[(&str, &str)]) -> Res {
        let page = self.get(from).await;
        page.expect(200);
        let csrf = csrf_of(&page.text);
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(pairs);
        self.post(action, &all).await
    }

    async fn sign_up(&mut self, email: &str) {
        let res = self
            .submit(
                "/signup",
                "/signup",
                &[("name", "Sam"), ("email", email), ("password", PASSWORD)],
            )
            .await;
        res.expect(303);
        assert_eq!(res.header("location"), Some("/intake"));
        assert!(
            self.cookies.keys().any(|k| k.ends_with("gradus_session")),
            "no session cookie after sign-up"
        );
    }

    /// Submits the whole wizard at once from its last step.
    async fn intake(&mut self, answers: &[(&str, &str)]) -> Res {
        let mut pairs = vec![("step", "11"), ("go", "submit")];
        pairs.extend_from_slice(answers);
        self.submit("/intake", "/intake", &pairs).await
    }
}

fn location(res: &Res) -> &str {
    res.header("location").unwrap_or("")
}

/// The wizard's answers for a disc flare with a hold in the plan (moderate irritability).
fn disc_answers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("age", "39"),
        ("regions", "low_back"),
        ("condition", "lumbar_disc_herniation"),
        ("duration_weeks", "1.5"),
        ("pain_now", "4"),
        ("pain_average", "4"),
        ("pain_worst", "7"),
        ("rest_or_night_pain", "no"),
        ("provoked_by", "moderate"),
        ("settle_minutes", "20"),
        ("radiating", "above_knee"),
        ("numbness_or_tingling", "no"),
        ("weakness", "none"),
        ("centralises_with", ""),
        ("rf_none", "yes"),
        ("surgery", "none"),
        ("fear1", "picking up my toddler"),
        ("fear1_rating", "70"),
        ("goal1", "carry my toddler up the stairs"),
        ("goal1_ability", "2"),
        ("minutes_per_session", "15"),
        ("sessions_per_week", "5"),
        ("equipment", "mat"),
        ("enjoys", "walking"),
        ("walking_minutes", "15"),
    ]
}

fn emergency_answers() -> Vec<(&'static str, &'static str)> {
    disc_answers()
        .into_iter()
        .filter(|(k, _)| *k != "rf_none")
        .chain([("rf_back", "saddle_numbness")])
        .collect()
}

/// A bearer token for a web-created account, to read the log through the API.
async fn api_token(b: &Browser, email: &str) -> String {
    b.server.token(email).await
}

#[tokio::test]
async fn sign_up_intake_wizard_and_plan() {
    let mut b = Browser::new().await;
    // Signed out, pages send you to sign in.
    let res = b.get("/plan").await;
    res.expect(303);
    assert_eq!(location(&res), "/signin");
    b.get("/").await.expect(200);
    b.sign_up("sam@example.com").await;

    // Step 1 of the wizard, then forward and back without losing answers.
    let step1 = b.get("/intake").await;
    step1.expect(200);
    assert!(step1.text.contains("Step 1 of 11"));
    let csrf = csrf_of(&step1.text);
    let res = b
        .post(
            "/intake",
            &[
                ("csrf", &csrf),
                ("step", "1"),
                ("go", "next"),
                ("age", "39"),
                ("regions", "low_back"),
                ("condition", ""),
                ("duration_weeks", "1.5"),
            ],
        )
        .await;
    res.expect(200);
    assert!(res.text.contains("Step 2 of 11"), "{}", res.text);
    assert!(res.text.contains("name=\"age\" value=\"39\""));
    let res = b
        .post(
            "/intake",
            &[
                ("csrf", &csrf),
                ("step", "2"),
                ("go", "back"),
                ("age", "39"),
                ("regions", "low_back"),
                ("duration_weeks", "1.5"),
                ("pain_now", "4"),
            ],
        )
        .await;
    res.expect(200);
    assert!(res.text.contains("Step 1 of 11"));
    assert!(res.text.contains("value=\"39\""), "age kept going back");
    assert!(
        res.text.contains("name=\"pain_now\" value=\"4\""),
        "step 2 answer kept as a hidden field"
    );
    // A step with a missing answer stays put and says what is missing.
    let res = b
        .post(
            "/intake",
            &[
                ("csrf", &csrf),
                ("step", "2"),
                ("go", "next"),
                ("pain_now", "4"),
            ],
        )
        .await;
    res.expect(422);
    assert!(res.text.contains("Step 2 of 11"));
    assert!(res.text.contains("Choose your average pain"));
    assert!(res.text.contains("aria-describedby=\"e-pain_average\""));

    // The summary step lists the answers.
    let mut pairs = vec![("csrf", csrf.as_str()), ("step", "10"), ("go", "next")];
    let answers = disc_answers();
    pairs.extend(answers.iter().copied());
    let res = b.post("/intake", &pairs).await;
    res.expect(200);
    assert!(res.text.contains("Check your answers"));
    assert!(res.text.contains("carry my toddler up the stairs"));

    // Submit: the result, then the plan.
    let res = b.intake(&disc_answers()).await;
    res.expect(303);
    assert_eq!(location(&res), "/result");
    let result = b.get("/result").await;
    result.expect(200);
    assert!(result.text.contains("Your plan is ready"));
    assert!(
        result.text.contains("see a doctor"),
        "review level: advice to see a doctor"
    );
    let plan = b.get("/plan").await;
    plan.expect(200);
    for text in [
        "Pelvic Tilt",
        "Bird Dog",
        "How to do it",
        "What you should feel",
        "Common mistakes",
        "Why it is in your plan",
        "both sides",
        "Start this session",
        "/plan.ics",
        "confidence ladder",
        "picking up my toddler",
        "/lessons/",
    ] {
        assert!(plan.text.contains(text), "plan page lacks {text:?}");
    }
    for page in ["/session", "/checkin", "/progress", "/lessons", "/account"] {
        b.get(page).await.expect(200);
    }
}

#[tokio::test]
async fn sign_in_errors_and_sign_out() {
    let mut b = Browser::new().await;
    b.server.sign_up("kim@example.com").await;
    let res = b
        .submit(
            "/signin",
            "/signin",
            &[
                ("email", "kim@example.com"),
                ("password", "not the password"),
            ],
        )
        .await;
    res.expect(401);
    assert!(res.text.contains("not right"), "{}", res.text);
    assert!(!b.cookies.contains_key("gradus_session"));
    let res = b
        .submit(
            "/signin",
            "/signin",
            &[("email", "kim@example.com"), ("password", PASSWORD)],
        )
        .await;
    res.expect(303);
    assert_eq!(location(&res), "/plan");
    assert!(b.cookies.contains_key("gradus_session"));
    // No intake yet: the plan page starts the wizard.
    let res = b.get("/plan").await;
    res.expect(303);
    assert_eq!(location(&res), "/intake");
    let res = b.submit("/account", "/signout", &[]).await;
    res.expect(303);
    assert!(!b.cookies.contains_key("gradus_session"));
    let res = b.get("/account").await;
    res.expect(303);
    assert_eq!(location(&res), "/signin");
    // Sign-up form errors are shown next to the field.
    let res = b
        .submit(
            "/signup",
            "/signup",
            &[("email", "not-an-email"), ("password", "short")],
        )
        .await;
    res.expect(422);
    assert!(res.text.contains("id=\"e-email\""));
    assert!(res.text.contains("id=\"e-password\""));
    let res = b
        .submit(
            "/signup",
            "/signup",
            &[("email", "kim@example.com"), ("password", PASSWORD)],
        )
        .await;
    res.expect(409);
    assert!(res.text.contains("already an account"));
}

#[tokio::test]
async fn form_posts_without_csrf_are_refused() {
    let mut b = Browser::new().await;
    b.sign_up("lee@example.com").await;
    b.intake(&disc_answers()).await.expect(303);
    let before = b
        .server
        .store
        .log(&account_id(&b, "lee@example.com").await, None, None)
        .await
        .unwrap()
        .len();
    for (path, pairs) in [
        ("/checkin", vec![("pain", "3"), ("stiffness", "2")]),
        ("/intake", vec![("step", "1"), ("go", "next")]),
        ("/session", vec![("pain_before", "3")]),
        ("/signout", vec![]),
        ("/account/delete", vec![("confirm", "yes")]),
        ("/progress/review", vec![]),
    ] {
        let res = b.post(path, &pairs).await;
        res.expect(403);
        let mut wrong = pairs.clone();
        wrong.push(("csrf", "0123456789abcdef0123456789abcdef"));
        b.post(path, &wrong).await.expect(403);
    }
    let after = b
        .server
        .store
        .log(&account_id(&b, "lee@example.com").await, None, None)
        .await
        .unwrap()
        .len();
    assert_eq!(before, after, "nothing stored without CSRF");
    // Still signed in: the sign-out without CSRF did nothing.
    b.get("/account").await.expect(200);
    // The sign-in form needs its double-submit cookie.
    let mut fresh = Browser::new().await;
    let res = fresh
        .post(
            "/signin",
            &[
                ("csrf", "x"),
                ("email", "lee@example.com"),
                ("password", PASSWORD),
            ],
        )
        .await;
    res.expect(403);
}

async fn account_id(b: &Browser, email: &str) -> gradus_store::AccountId {
    b.server
        .store
        .account_by_email(email)
        .await
        .expect("store")
        .expect("account")
        .id
}

#[tokio::test]
async fn emergency_intake_shows_the_stop_screen_and_no_plan_anywhere() {
    let mut b = Browser::new().await;
    b.sign_up("ana@example.com").await;
    let res = b.intake(&emergency_answers()).await;
    res.expect(303);
    let result = b.get("/result").await;
    result.expect(200);
    assert!(result.text.contains("Go to an emergency department now"));
    assert!(result.text.contains("How soon"));
    assert!(result.text.contains("Why"));
    for page in ["/result", "/plan", "/session", "/checkin"] {
        let res = b.get(page).await;
        res.expect(200);
        assert!(
            res.text.contains("Go to an emergency department now"),
            "{page} does not show the stop screen"
        );
        for word in [
            "Start this session",
            "Pelvic Tilt",
            "How to do it",
            "plan.ics",
        ] {
            assert!(!res.text.contains(word), "{page} shows {word:?}");
        }
    }
    calendar_has_no_sessions(&mut b, "no exercise for now").await;
}

/// Ticking a warning sign that needs emergency care stops the wizard at once, on the warning
/// step, without asking the later pages and without storing anything.
#[tokio::test]
async fn the_wizard_stops_as_soon_as_an_emergency_sign_is_ticked() {
    let mut b = Browser::new().await;
    b.sign_up("early@example.com").await;
    let mut pairs: Vec<(&str, &str)> = disc_answers()
        .into_iter()
        .filter(|(k, _)| *k != "rf_none")
        .collect();
    pairs.extend([
        ("step", "5"),
        ("go", "next"),
        ("rf_back", "saddle_numbness"),
    ]);
    let res = b.submit("/intake", "/intake", &pairs).await;
    res.expect(200);
    assert!(
        res.text.contains("Go to an emergency department now"),
        "{}",
        res.text
    );
    assert!(res.text.contains("not been saved"));
    assert!(!res.text.contains("step 6 of"), "no later step is asked");
    // Nothing was stored: there is still no intake.
    let plan = b.get("/plan").await;
    assert_eq!(location(&plan), "/intake", "{}", plan.text);
    // A sign whose level depends on later answers (a minor fall) goes on to the next step.
    let mut pairs: Vec<(&str, &str)> = disc_answers()
        .into_iter()
        .filter(|(k, _)| *k != "rf_none")
        .collect();
    pairs.extend([
        ("step", "5"),
        ("go", "next"),
        ("rf_history", "minor_trauma"),
    ]);
    let res = b.submit("/intake", "/intake", &pairs).await;
    res.expect(200);
    assert!(res.text.contains("step 6 of"), "{}", res.text);
}

/// The account page changes the member's time zone; a check-in from the pages is then dated on
/// the member's own day. An unknown zone is refused and nothing changes.
#[tokio::test]
async fn the_account_page_sets_the_time_zone_that_dates_a_check_in() {
    let mut b = Browser::new().await;
    b.sign_up("zone@example.com").await;
    b.intake(&disc_answers()).await.expect(303);
    let page = b.get("/account").await;
    page.expect(200);
    assert!(page.text.contains("UTC (not set)"), "{}", page.text);
    let bad = b
        .submit(
            "/account",
            "/account/time-zone",
            &[("time_zone", "Moon/Base")],
        )
        .await;
    bad.expect(422);
    assert!(bad.text.contains("Enter a time zone name"), "{}", bad.text);
    let ok = b
        .submit(
            "/account",
            "/account/time-zone",
            &[("time_zone", "Pacific/Kiritimati")],
        )
        .await;
    ok.expect(303);
    let page = b.get("/account?saved=time-zone").await;
    assert!(page.text.contains("Pacific/Kiritimati"), "{}", page.text);
    b.submit("/checkin", "/checkin", &[("pain", "3"), ("stiffness", "2")])
        .await
        .expect(303);
    let token = api_token(&b, "zone@example.com").await;
    let log = b.server.get("/api/v1/me/log", Some(&token)).await;
    let expected = gradus_app::clock::today_in(Some("Pacific/Kiritimati")).to_string();
    assert_eq!(log.json[0]["date"], expected, "{}", log.text);
}

/// While the gate stops the plan, the calendar is one notice and no sessions.
async fn calendar_has_no_sessions(b: &mut Browser, notice: &str) {
    let res = b.get("/plan.ics").await;
    res.expect(200);
    assert!(res.content_type().starts_with("text/calendar"));
    assert!(!res.text.contains("RRULE"), "{}", res.text);
    assert_eq!(res.text.matches("BEGIN:VEVENT").count(), 1, "{}", res.text);
    assert!(res.text.contains(notice), "{}", res.text);
}

#[tokio::test]
async fn calendar_is_valid_icalendar_with_weekly_rules() {
    let mut b = Browser::new().await;
    let res = b.get("/plan.ics").await;
    res.expect(303);
    b.sign_up("ical@example.com").await;
    b.intake(&disc_answers()).await.expect(303);
    let res = b.get("/plan.ics").await;
    res.expect(200);
    assert!(res.content_type().starts_with("text/calendar"));
    let t = &res.text;
    assert!(t.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(t.ends_with("END:VCALENDAR\r\n"));
    assert!(!t.replace("\r\n", "").contains('\n'), "bare LF in calendar");
    assert!(!t.replace("\r\n", "").contains('\r'), "bare CR in calendar");
    for line in t.split("\r\n") {
        assert!(line.len() <= 75, "line over 75 octets: {line}");
    }
    let unfolded = t.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").collect();
    for needed in ["VERSION:2.0", "BEGIN:VEVENT", "END:VEVENT"] {
        assert!(lines.contains(&needed), "missing {needed}");
    }
    assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
    let events = lines.iter().filter(|l| **l == "BEGIN:VEVENT").count();
    let rrules: Vec<&&str> = lines.iter().filter(|l| l.starts_with("RRULE:")).collect();
    assert_eq!(rrules.len(), events);
    let plan = b
        .server
        .store
        .current_plan(&account_id(&b, "ical@example.com").await)
        .await
        .unwrap()
        .unwrap();
    let plan: Value = serde_json::from_str(&plan.body).unwrap();
    let sessions = plan["sessions"].as_array().unwrap();
    assert_eq!(events, sessions.len());
    for (rule, s) in rrules.iter().zip(sessions) {
        let days = rule
            .strip_prefix("RRULE:FREQ=WEEKLY;BYDAY=")
            .unwrap_or_else(|| panic!("not a weekly rule: {rule}"));
        assert_eq!(
            days.split(',').count() as u64,
            s["days_per_week"].as_u64().unwrap().min(7),
            "{rule}"
        );
    }
    for prefix in [
        "UID:",
        "DTSTAMP:",
        "DTSTART:",
        "SUMMARY:Gradus",
        "DURATION:PT",
    ] {
        assert_eq!(
            lines.iter().filter(|l| l.starts_with(prefix)).count(),
            events,
            "{prefix}"
        );
    }
    let dtstamp = lines.iter().find(|l| l.starts_with("DTSTAMP:")).unwrap();
    assert_eq!(dtstamp.len(), "DTSTAMP:".len() + 16, "{dtstamp}");
}

#[tokio::test]
async fn session_checkin_progress_and_review() {
    let mut b = Browser::new().await;
    b.sign_up("joe@example.com").await;
    b.intake(&disc_answers()).await.expect(303);
    let page = b.get("/session?speed=20").await;
    page.expect(200);
    assert!(page.text.contains("data-speed=\"20\""));
    assert!(page.text.contains("name=\"done_0\""));
    // Nothing ticked and no pain figures: field errors, nothing stored.
    let res = b.submit("/session", "/session", &[("s", "0")]).await;
    res.expect(422);
    assert!(res.text.contains("Tick at least one exercise"));
    assert!(res.text.contains("id=\"e-pain_before\""));
    let res = b
        .submit(
            "/session",
            "/session",
            &[
                ("s", "0"),
                ("done_0", "1"),
                ("done_1", "1"),
                ("ex_1", "pelvic_tilt"),
                ("pain_before", "4"),
                ("pain_during", "3"),
                ("pain_after", "3"),
            ],
        )
        .await;
    res.expect(303);
    assert_eq!(location(&res), "/session/saved");
    b.get("/session/saved").await.expect(200);

    let token = api_token(&b, "joe@example.com").await;
    let log = b.server.get("/api/v1/me/log", Some(&token)).await;
    log.expect(200);
    let entries = log.json.as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["type"], "session");
    assert_eq!(entries[0]["items"].as_array().unwrap().len(), 2);
    assert_eq!(entries[0]["pain_during"], 3);
    assert!(entries[0].get("settled_by_next_morning").is_none());

    let res = b
        .submit(
            "/checkin",
            "/checkin",
            &[("pain", "3"), ("stiffness", "2"), ("goal_0", "4")],
        )
        .await;
    res.expect(303);
    assert_eq!(location(&res), "/progress?saved=checkin");
    let progress = b.get("/progress?saved=checkin").await;
    progress.expect(200);
    assert!(progress.text.contains("Check-in saved"));
    assert!(progress.text.contains("<svg class=\"chart\""));
    assert!(
        progress.text.contains("<circle class=\"pt\""),
        "a pain point"
    );
    assert!(progress.text.contains("1 session"));
    assert!(progress.text.contains("carry my toddler up the stairs"));
    assert!(progress.text.contains("No review yet"));
    // Goals were just rated: the next rating is two weeks away (PSFS every two weeks).
    assert!(
        progress.text.contains("Next rating of your goals"),
        "the re-rating schedule"
    );

    // Two Oswestry scores from the clinic, 40% then 28%: a real change (10 points, Ostelo 2008).
    let today = gradus_core::day::Day::parse(entries[0]["date"].as_str().unwrap()).unwrap();
    for (date, items) in [
        (today.plus(-14), json!([2, 2, 2, 2, 2, 2, 2, 2, 2, 2])),
        (today, json!([2, 2, 2, 2, 1, 1, 1, 1, 1, 1])),
    ] {
        b.server
            .post(
                "/api/v1/me/log",
                Some(&token),
                json!({ "type": "measure", "date": date.to_string(), "measure": "odi", "items": items }),
            )
            .await
            .expect(201);
    }
    let progress = b.get("/progress").await;
    progress.expect(200);
    assert!(progress.text.contains("Oswestry Disability Index"));
    assert!(progress.text.contains("28%") && progress.text.contains("40%"));
    assert!(
        progress
            .text
            .contains("12 points better than the first: a real change")
    );

    let res = b.submit("/progress", "/progress/review", &[]).await;
    res.expect(303);
    let progress = b.get("/progress?saved=review").await;
    progress.expect(200);
    assert!(!progress.text.contains("No review yet"));
    assert!(
        ["Step up", "Hold", "Ease back", "care team"]
            .iter()
            .any(|w| progress.text.contains(w)),
        "a review headline"
    );
}

#[tokio::test]
async fn a_warning_sign_at_check_in_stops_the_plan() {
    let mut b = Browser::new().await;
    b.sign_up("ivy@example.com").await;
    b.intake(&disc_answers()).await.expect(303);
    let res = b
        .submit(
            "/checkin",
            "/checkin",
            &[
                ("pain", "5"),
                ("stiffness", "4"),
                ("new_red_flags", "bladder_or_bowel_change"),
            ],
        )
        .await;
    res.expect(200);
    assert!(res.text.contains("Go to an emergency department now"));
    assert!(res.text.contains("urine"));
    // Every page that could hand out exercises shows the stop instead.
    for page in [
        "/plan",
        "/session",
        "/session?index=0",
        "/checkin",
        "/result",
    ] {
        let res = b.get(page).await;
        res.expect(200);
        assert!(
            res.text.contains("Go to an emergency department now"),
            "{page} does not show the stop: {}",
            res.text
        );
        for word in ["Start this session", "How to do it", "plan.ics"] {
            assert!(!res.text.contains(word), "{page} shows {word:?}");
        }
    }
    calendar_has_no_sessions(&mut b, "no exercise for now").await;
    // A new intake starts a new plan line.
    b.intake(&disc_answers()).await.expect(303);
    assert!(b.get("/plan").await.text.contains("Start this session"));
}

#[tokio::test]
async fn next_morning_settle_answer_is_a_corrected_session_entry() {
    let mut b = Browser::new().await;
    b.sign_up("mo@example.com").await;
    b.intake(&disc_answers()).await.expect(303);
    let token = api_token(&b, "mo@example.com").await;
    let yesterday = {
        let today = gradus_server::clock::today();
        let d = today.plus(-1);
        d.to_string()
    };
    let session = json!({
        "date": yesterday, "type": "session",
        "items": [ { "exercise": "pelvic_tilt", "sets": 1, "reps": 10 } ],
        "pain_before": 4, "pain_during": 3, "pain_after": 3
    });
    b.server
        .post("/api/v1/me/log", Some(&token), session)
        .await
        .expect(201);
    let page = b.get("/checkin").await;
    assert!(
        page.text.contains("settle by the next morning"),
        "asks about yesterday"
    );
    let plan = b.get("/plan").await;
    assert!(plan.text.contains("settle by the next morning"));
    let res = b
        .submit(
            "/plan",
            "/settle",
            &[("date", &yesterday), ("settled", "yes"), ("back", "plan")],
        )
        .await;
    res.expect(303);
    let log = b.server.get("/api/v1/me/log", Some(&token)).await;
    let entries = log.json.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1]["date"], json!(yesterday));
    assert_eq!(entries[1]["settled_by_next_morning"], true);
    assert_eq!(entries[1]["items"], entries[0]["items"]);
    let page = b.get("/checkin").await;
    assert!(
        !page.text.contains("settle by the next morning"),
        "answered once"
    );
}

#[tokio::test]
async fn bad_form_input_is_shown_never_a_server_error() {
    let mut b = Browser::new().await;
    b.sign_up("bad@example.com").await;
    let csrf = csrf_of(&b.get("/intake").await.text);
    for pairs in [
        vec![
            ("step", "1"),
            ("go", "next"),
            ("age", "abc"),
            ("regions", "<script>"),
        ],
        vec![
            ("step", "1"),
            ("go", "next"),
            ("age", "12"),
            ("regions", "low_back"),
        ],
        vec![("step", "99"), ("go", "42")],
        vec![("step", "-1"), ("go", "submit"), ("age", "1e999")],
        vec![("step", "11"), ("go", "submit")],
        vec![
            ("step", "6"),
            ("go", "next"),
            ("surgery", "spinal_fusion"),
            ("weeks_since_surgery", "x"),
        ],
        vec![("step", "7"), ("go", "next"), ("fear1_rating", "70")],
    ] {
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend(pairs);
        let res = b.post("/intake", &all).await;
        assert!(
            res.status == 200 || res.status == 422,
            "status {}: {}",
            res.status,
            res.text
        );
    }
    let res = b
        .post(
            "/intake",
            &[
                ("csrf", &csrf),
                ("step", "1"),
                ("go", "next"),
                ("age", "12"),
                ("regions", "neck"),
            ],
        )
        .await;
    res.expect(422);
    assert!(res.text.contains("18 or over"));
    // A body that is not a form.
    let res = b.send(Method::POST, "/intake", Some("%%%".into())).await;
    assert!(res.status == 400 || res.status == 403, "{}", res.status);
    b.intake(&disc_answers()).await.expect(303);
    let res = b
        .submit(
            "/checkin",
            "/checkin",
            &[
                ("pain", "11"),
                ("stiffness", "x"),
                ("new_red_flags", "made_up"),
            ],
        )
        .await;
    res.expect(422);
    assert!(res.text.contains("id=\"e-pain\""));
    assert!(res.text.contains("id=\"e-stiffness\""));
}

#[tokio::test]
async fn lessons_static_files_and_account() {
    let mut b = Browser::new().await;
    for (path, ct) in [
        ("/static/app.css", "text/css"),
        ("/static/app.js", "text/javascript"),
        ("/static/icon.svg", "image/svg+xml"),
    ] {
        let res = b.get(path).await;
        res.expect(200);
        assert!(
            res.content_type().starts_with(ct),
            "{path}: {}",
            res.content_type()
        );
    }
    b.sign_up("eve@example.com").await;
    let list = b.get("/lessons").await;
    list.expect(200);
    assert!(list.text.contains("/lessons/flare_plan"));
    let lesson = b.get("/lessons/flare_plan").await;
    lesson.expect(200);
    assert!(lesson.text.contains("<strong>During a flare:</strong>"));
    assert!(lesson.text.contains("<ul>"));
    b.get("/lessons/nope").await.expect(404);

    b.intake(&disc_answers()).await.expect(303);
    let export = b.get("/account/export").await;
    export.expect(200);
    assert!(export.content_type().starts_with("application/json"));
    assert!(
        export
            .header("content-disposition")
            .is_some_and(|d| d.contains("attachment"))
    );
    assert_eq!(export.json["account"]["email"], "eve@example.com");
    assert_eq!(export.json["intakes"].as_array().unwrap().len(), 1);

    b.get("/account/delete").await.expect(200);
    let res = b.submit("/account/delete", "/account/delete", &[]).await;
    res.expect(422);
    assert!(res.text.contains("Tick this box"));
    let res = b
        .submit("/account/delete", "/account/delete", &[("confirm", "yes")])
        .await;
    res.expect(303);
    assert_eq!(location(&res), "/signin?deleted=1");
    assert!(!b.cookies.contains_key("gradus_session"));
    assert!(b.get("/signin?deleted=1").await.text.contains("deleted"));
    assert!(
        b.server
            .store
            .account_by_email("eve@example.com")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn supervised_plan_waits_for_a_clinician() {
    let mut b = Browser::new().await;
    b.sign_up("sue@example.com").await;
    let answers: Vec<(&str, &str)> = disc_answers()
        .into_iter()
        .filter(|(k, _)| !["surgery", "regions", "condition"].contains(k))
        .chain([
            ("regions", "neck"),
            ("regions", "low_back"),
            ("condition", "spondylosis"),
            ("surgery", "spinal_fusion"),
            ("weeks_since_surgery", "8"),
        ])
        .collect();
    b.intake(&answers).await.expect(303);
    let result = b.get("/result").await;
    result.expect(200);
    assert!(result.text.contains("waiting for a clinician"));
    let plan = b.get("/plan").await;
    plan.expect(200);
    assert!(plan.text.contains("waiting for a clinician"));
    assert!(!plan.text.contains("Start this session"));
    let res = b.get("/session").await;
    res.expect(303);
    assert_eq!(location(&res), "/plan");
    calendar_has_no_sessions(&mut b, "waiting for your clinician").await;
}

/// Served over TLS (`--secure-cookies`): every cookie carries the `__Host-` prefix with `Secure`
/// (so no plain-HTTP page or subdomain can plant one), the unprefixed name no longer signs anyone
/// in, and every response sends HSTS. Over plain HTTP there is neither, since a browser would
/// drop a Secure cookie there.
#[tokio::test]
async fn over_tls_cookies_are_host_prefixed_and_hsts_is_sent() {
    let plain = Browser::new().await;
    let res = plain.server.get("/healthz", None).await;
    assert!(res.header("strict-transport-security").is_none());

    let config = gradus_server::Config {
        secure_cookies: true,
        ..Default::default()
    };
    let mut b = Browser::with_config(config).await;
    let page = b.get("/signup").await;
    assert_eq!(
        page.header("strict-transport-security"),
        Some("max-age=31536000")
    );
    for v in page.headers.get_all("set-cookie") {
        let v = v.to_str().unwrap();
        assert!(v.starts_with("__Host-") && v.contains("; Secure"), "{v}");
        assert!(!v.contains("Domain="), "{v}");
    }
    b.sign_up("tls@example.com").await;
    let token = b
        .cookies
        .get("__Host-gradus_session")
        .expect("the prefixed session cookie")
        .clone();
    let res = b.get("/plan").await;
    assert_ne!(location(&res), "/signin", "the prefixed cookie signs in");
    // The same token under the old name is not read.
    let res = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/plan", b.server.base))
        .header("cookie", format!("gradus_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        res.headers().get("location").and_then(|v| v.to_str().ok()),
        Some("/signin")
    );
}

/// Every page that shows a member's health data leaves an audit row of the read, with the
/// member, the reader and the address: the trail answers "who saw this" for pages as for the API.
#[tokio::test]
async fn pages_with_health_data_are_audited() {
    let mut b = Browser::new().await;
    b.sign_up("seen@example.com").await;
    b.intake(&disc_answers()).await.expect(303);
    let member = account_id(&b, "seen@example.com").await;
    for page in [
        "/result",
        "/plan",
        "/plan.ics",
        "/session",
        "/checkin",
        "/progress",
        "/account",
        "/account/export",
    ] {
        let before = b
            .server
            .store
            .audit_query(Some(&member), None)
            .await
            .expect("audit")
            .len();
        let shown = b.get(page).await;
        shown.expect(200);
        if page == "/account" {
            assert!(
                shown.text.contains("Who has seen your data")
                    && shown.text.contains("nobody but you"),
                "the account page's access report: {}",
                shown.text
            );
        }
        let mut grew = false;
        for _ in 0..200 {
            let rows = b
                .server
                .store
                .audit_query(Some(&member), None)
                .await
                .expect("audit");
            if rows.len() > before {
                let row = rows.last().expect("a row");
                assert!(
                    row.event.action.starts_with("read_") || row.event.action == "export",
                    "{page}: the row is {:?}",
                    row.event.action
                );
                assert_eq!(row.event.actor_id.as_ref(), Some(&member), "{page}");
                assert!(row.event.remote.is_some(), "{page}: no address");
                grew = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        assert!(grew, "{page} showed health data without an audit row");
    }
}
