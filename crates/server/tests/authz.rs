//! Authorization matrix (contract §6): who may call which route, and who may see whose data.
//!
//! A member never sees another member's data; a clinician sees only members assigned to them in
//! their own organisation; an admin sees the members of their organisation. Anything the caller
//! may not see answers 404, exactly like something that does not exist.

mod common;

use std::fmt::Write as _;

use common::{Body, Res, Server, checkin, example, session};
use gradus_store::Role;
use reqwest::Method;
use serde_json::{Value, json};

/// The callers, in the column order of the tables below.
const CALLERS: [&str; 8] = [
    "anonymous",
    "m1",
    "m2",
    "clinician_b",
    "admin_b",
    "clinician_a2",
    "clinician_a",
    "admin_a",
];

struct World {
    s: Server,
    m1: String,
    m2: String,
    clinician_a: String,
    /// Tokens in CALLERS order (None for anonymous).
    tokens: Vec<Option<String>>,
    /// What each member stored, to recognise it in responses.
    m1_intake_id: i64,
    m2_intake_id: i64,
}

const M1_EMAIL: &str = "m1@example.org";
const M2_EMAIL: &str = "m2@example.org";
/// Log dates that belong to one member only.
const M1_DATE: &str = "2026-11-02";
const M2_DATE: &str = "2026-10-15";

async fn world() -> World {
    let s = Server::start().await;
    let org_a = s.create_org("Clinic A").await;
    let org_b = s.create_org("Clinic B").await;

    let (m1, m1_token) = s.sign_up_id(M1_EMAIL).await;
    let (m2, m2_token) = s.sign_up_id(M2_EMAIL).await;
    s.set_org(&m1, org_a).await;

    let (clinician_a, clinician_a_token) = s
        .staff("clinician_a@clinic-a.org", Role::Clinician, Some(org_a))
        .await;
    let (_, clinician_a2_token) = s
        .staff("clinician_a2@clinic-a.org", Role::Clinician, Some(org_a))
        .await;
    let (_, admin_a_token) = s
        .staff("admin_a@clinic-a.org", Role::Admin, Some(org_a))
        .await;
    let (_, clinician_b_token) = s
        .staff("clinician_b@clinic-b.org", Role::Clinician, Some(org_b))
        .await;
    let (_, admin_b_token) = s
        .staff("admin_b@clinic-b.org", Role::Admin, Some(org_b))
        .await;
    s.assign(&clinician_a, &m1).await;

    let a1 = s.intake(&m1_token, example("intake-disc-flare.json")).await;
    let a2 = s
        .intake(&m2_token, example("intake-stiff-desk-worker.json"))
        .await;
    s.post("/api/v1/me/log", Some(&m1_token), session(M1_DATE, 3, true))
        .await
        .expect(201);
    s.post("/api/v1/me/log", Some(&m2_token), checkin(M2_DATE, 2, &[]))
        .await
        .expect(201);

    World {
        m1,
        m2,
        clinician_a,
        tokens: vec![
            None,
            Some(m1_token),
            Some(m2_token),
            Some(clinician_b_token),
            Some(admin_b_token),
            Some(clinician_a2_token),
            Some(clinician_a_token),
            Some(admin_a_token),
        ],
        m1_intake_id: a1["intake_id"].as_i64().expect("intake id"),
        m2_intake_id: a2["intake_id"].as_i64().expect("intake id"),
        s,
    }
}

impl World {
    fn token(&self, caller: &str) -> Option<&str> {
        let i = CALLERS.iter().position(|c| *c == caller).expect("caller");
        self.tokens[i].as_deref()
    }

    async fn call(&self, caller: &str, method: &Method, path: &str, body: &Option<Value>) -> Res {
        let body = match body {
            Some(v) => Body::Json(v.clone()),
            None => Body::None,
        };
        self.s
            .send(method.clone(), path, self.token(caller), body)
            .await
    }
}

/// One row of a matrix: a request and the status expected for each caller (CALLERS order).
struct Row {
    method: Method,
    path: String,
    body: Option<Value>,
    expect: [u16; 8],
}

fn row(method: Method, path: impl Into<String>, body: Option<Value>, expect: [u16; 8]) -> Row {
    Row {
        method,
        path: path.into(),
        body,
        expect,
    }
}

/// Runs every cell, prints the table and asserts each cell; an expected status of 0 accepts any
/// status (the cell is judged in another test). 401, 403 and 404 must be problem documents, and
/// `check` sees every response.
async fn run(w: &World, rows: &[Row], check: impl Fn(&str, &Row, &Res) -> Option<String>) {
    let mut wrong = Vec::new();
    let mut table = String::new();
    let _ = write!(table, "{:<48}", "request");
    for c in CALLERS {
        let _ = write!(table, " {c:>12}");
    }
    table.push('\n');
    for r in rows {
        let label = format!("{} {}", r.method, shorten(w, &r.path));
        let label = if label.len() > 47 {
            format!("{}…", &label[..46])
        } else {
            label
        };
        let _ = write!(table, "{label:<48}");
        for (i, caller) in CALLERS.iter().enumerate() {
            let res = w.call(caller, &r.method, &r.path, &r.body).await;
            let expected = r.expect[i];
            let ok = expected == 0 || res.status == expected;
            let _ = write!(table, " {:>11}{}", res.status, if ok { " " } else { "!" });
            if !ok {
                wrong.push(format!(
                    "{label} as {caller}: expected {expected}, got {}: {}",
                    res.status, res.text
                ));
            }
            if matches!(res.status, 401 | 403 | 404)
                && !res.content_type().starts_with("application/problem+json")
            {
                wrong.push(format!(
                    "{label} as {caller}: {} is not a problem",
                    res.status
                ));
            }
            if let Some(problem) = check(caller, r, &res) {
                wrong.push(format!("{label} as {caller}: {problem}"));
            }
        }
        table.push('\n');
    }
    println!("{table}");
    assert!(
        wrong.is_empty(),
        "authorization matrix (! marks a wrong cell):\n{table}\n{}",
        wrong.join("\n")
    );
}

fn shorten(w: &World, path: &str) -> String {
    path.replace(&w.m1, "{m1}")
        .replace(&w.m2, "{m2}")
        .replace(&w.clinician_a, "{clinician_a}")
}

/// Whose data a caller may see through /members.
fn may_see_m1(caller: &str) -> bool {
    matches!(caller, "clinician_a" | "admin_a")
}

/// Response text must never name a member the caller may not see.
fn leak_check(w: &World, caller: &str, res: &Res) -> Option<String> {
    let m1_visible = caller == "m1" || may_see_m1(caller);
    let m2_visible = caller == "m2";
    let mut leaks = Vec::new();
    if !m1_visible
        && (res.text.contains(&w.m1) || res.text.contains(M1_EMAIL) || res.text.contains(M1_DATE))
    {
        leaks.push("m1's data");
    }
    if !m2_visible
        && (res.text.contains(&w.m2) || res.text.contains(M2_EMAIL) || res.text.contains(M2_DATE))
    {
        leaks.push("m2's data");
    }
    (!leaks.is_empty()).then(|| format!("response leaks {}: {}", leaks.join(" and "), res.text))
}

const ANON: u16 = 401;

#[tokio::test]
async fn authorization_matrix() {
    let w = world().await;
    let (m1, m2) = (w.m1.clone(), w.m2.clone());
    let nobody = "3f1c2e2a-7c4b-4d3e-9a51-0b6f2d8c9e77".to_string();
    let long = "x".repeat(100);
    let ca = w.clinician_a.clone();

    //                 anonymous  m1   m2 clin_b adm_b clin_a2 clin_a adm_a
    let mut rows = vec![
        row(Method::GET, "/healthz", None, [200; 8]),
        row(Method::GET, "/api/openapi.json", None, [200; 8]),
        // Open to anyone: these answer with validation errors, never 401.
        row(
            Method::POST,
            "/api/v1/accounts",
            Some(json!({ "email": "not-an-email", "password": "correct horse battery" })),
            [422; 8],
        ),
        row(
            Method::POST,
            "/api/v1/auth/token",
            Some(json!({ "email": "someone@example.org" })),
            [422; 8],
        ),
        row(
            Method::GET,
            "/api/v1/members",
            None,
            [ANON, 403, 403, 200, 200, 200, 200, 200],
        ),
    ];
    for what in ["plan", "log", "assessment"] {
        rows.push(row(
            Method::GET,
            format!("/api/v1/members/{m1}/{what}"),
            None,
            [ANON, 404, 404, 404, 404, 404, 200, 200],
        ));
        // m2 belongs to no organisation: nobody on the care side may see them.
        rows.push(row(
            Method::GET,
            format!("/api/v1/members/{m2}/{what}"),
            None,
            [ANON, 404, 404, 404, 404, 404, 404, 404],
        ));
        // Not a member at all, nonexistent, absurd: the same 404.
        for id in [&ca, &nobody, &long] {
            rows.push(row(
                Method::GET,
                format!("/api/v1/members/{id}/{what}"),
                None,
                [ANON, 404, 404, 404, 404, 404, 404, 404],
            ));
        }
    }
    rows.push(row(
        Method::GET,
        format!("/api/v1/members/{m1}/log?from=2026-01-01&to=2026-12-31"),
        None,
        [ANON, 404, 404, 404, 404, 404, 200, 200],
    ));
    // The member's own routes: members only (a role that can never use a route is 403).
    for path in [
        "/api/v1/me/plan",
        "/api/v1/me/plans",
        "/api/v1/me/log",
        "/api/v1/me/access",
    ] {
        rows.push(row(
            Method::GET,
            path,
            None,
            [ANON, 200, 200, 403, 403, 403, 403, 403],
        ));
    }
    // Trying to reach another member through query parameters changes nothing.
    rows.push(row(
        Method::GET,
        format!("/api/v1/me/log?member_id={m1}&member={m1}&id={m1}"),
        None,
        [ANON, 200, 200, 403, 403, 403, 403, 403],
    ));
    rows.push(row(
        Method::GET,
        "/api/v1/me/export",
        None,
        [ANON, 200, 200, 0, 0, 0, 0, 0],
    ));

    // The staff cells of /me/export (0 = any status) are judged in
    // `member_only_routes_refuse_staff`; here they only must not leak anyone else's data.
    run(&w, &rows, |caller, _, res| leak_check(&w, caller, res)).await;

    // What the allowed cells return is the right member's data.
    for caller in ["clinician_a", "admin_a"] {
        let t = w.token(caller);
        let plan = w.s.get(&format!("/api/v1/members/{m1}/plan"), t).await;
        plan.expect(200);
        assert_eq!(
            plan.json["intake_id"], w.m1_intake_id,
            "{caller}: {}",
            plan.text
        );
        assert_eq!(plan.json["version"], 1);
        let log = w.s.get(&format!("/api/v1/members/{m1}/log"), t).await;
        log.expect(200);
        let dates: Vec<&str> = log
            .json
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["date"].as_str().unwrap())
            .collect();
        assert_eq!(dates, [M1_DATE], "{caller}: {}", log.text);
        let a =
            w.s.get(&format!("/api/v1/members/{m1}/assessment"), t)
                .await;
        a.expect(200);
        assert!(a.json["triage"]["level"].is_string(), "{}", a.text);
        assert_eq!(
            a.json["plan"]["basis"]["age"], 39,
            "{caller} gets m1's assessment: {}",
            a.text
        );
    }
    // Each member sees their own data and only their own.
    for (caller, own_intake, own_date, own_email) in [
        ("m1", w.m1_intake_id, M1_DATE, M1_EMAIL),
        ("m2", w.m2_intake_id, M2_DATE, M2_EMAIL),
    ] {
        let t = w.token(caller);
        let plan = w.s.get("/api/v1/me/plan", t).await;
        assert_eq!(
            plan.json["intake_id"], own_intake,
            "{caller}: {}",
            plan.text
        );
        let plans = w.s.get("/api/v1/me/plans", t).await;
        assert!(
            plans
                .json
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["intake_id"] == own_intake),
            "{caller}: {}",
            plans.text
        );
        let log = w.s.get("/api/v1/me/log", t).await;
        let dates: Vec<&str> = log
            .json
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["date"].as_str().unwrap())
            .collect();
        assert_eq!(dates, [own_date], "{caller}: {}", log.text);
        let export = w.s.get("/api/v1/me/export", t).await;
        assert_eq!(export.json["account"]["email"], own_email);
        assert_eq!(export.json["intakes"].as_array().unwrap().len(), 1);
        assert_eq!(export.json["log"].as_array().unwrap().len(), 1);
    }

    // The caseload.
    for (caller, expected) in [
        ("clinician_a", vec![M1_EMAIL]),
        ("admin_a", vec![M1_EMAIL]),
        ("clinician_a2", vec![]),
        ("clinician_b", vec![]),
        ("admin_b", vec![]),
    ] {
        let res = w.s.get("/api/v1/members", w.token(caller)).await;
        res.expect(200);
        let emails: Vec<&str> = res
            .json
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["email"].as_str().unwrap())
            .collect();
        assert_eq!(emails, expected, "GET /api/v1/members as {caller}");
        if caller == "clinician_a" {
            assert_eq!(res.json[0]["id"], json!(m1));
        }
    }

    // A forbidden id and a nonexistent id answer exactly the same, for every caller.
    for caller in CALLERS {
        let t = w.token(caller);
        let forbidden_id = if may_see_m1(caller) { &m2 } else { &m1 };
        let a =
            w.s.get(&format!("/api/v1/members/{forbidden_id}/plan"), t)
                .await;
        let b = w.s.get(&format!("/api/v1/members/{nobody}/plan"), t).await;
        assert_eq!(
            (a.status, a.content_type().to_string(), a.text.clone()),
            (b.status, b.content_type().to_string(), b.text.clone()),
            "{caller}: a forbidden id must be indistinguishable from a missing one"
        );
    }

    // Denied probes are audited against the member probed.
    let rows =
        w.s.wait_audit(Some(&m1), |r| r.event.outcome == "denied")
            .await;
    assert!(
        rows.iter()
            .filter(|r| r.event.outcome == "denied")
            .all(|r| r.event.actor_id.is_some()),
        "{rows:#?}"
    );

    // Writes to the member's own routes.
    let intake = example("intake-disc-flare.json");
    let writes = vec![
        row(
            Method::PUT,
            "/api/v1/me/intake",
            Some(intake),
            [ANON, 201, 201, 403, 403, 403, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/me/log",
            Some(session("2026-11-03", 3, true)),
            [ANON, 201, 201, 403, 403, 403, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/me/review",
            Some(json!({ "today": "2026-11-04" })),
            [ANON, 200, 200, 403, 403, 403, 403, 403],
        ),
        row(
            Method::POST,
            "/api/v1/auth/logout",
            None,
            [ANON, 204, 204, 204, 204, 204, 204, 204],
        ),
    ];
    run(&w, &writes, |caller, _, res| leak_check(&w, caller, res)).await;

    // Every token is revoked now; anonymous gets 401 on every signed-in route, and so does
    // everyone else.
    let mut after = Vec::new();
    for (method, path) in [
        (Method::GET, "/api/v1/me/plan".to_string()),
        (Method::GET, "/api/v1/me/plans".to_string()),
        (Method::GET, "/api/v1/me/log".to_string()),
        (Method::POST, "/api/v1/me/log".to_string()),
        (Method::PUT, "/api/v1/me/intake".to_string()),
        (Method::POST, "/api/v1/me/review".to_string()),
        (Method::GET, "/api/v1/me/export".to_string()),
        (Method::GET, "/api/v1/me/access".to_string()),
        (Method::DELETE, "/api/v1/me".to_string()),
        (Method::POST, "/api/v1/auth/logout".to_string()),
        (Method::GET, "/api/v1/members".to_string()),
        (Method::GET, format!("/api/v1/members/{m1}/plan")),
        (Method::GET, format!("/api/v1/members/{m1}/log")),
        (Method::GET, format!("/api/v1/members/{m1}/assessment")),
    ] {
        after.push(row(method, path, None, [ANON; 8]));
    }
    run(&w, &after, |caller, _, res| leak_check(&w, caller, res)).await;
    // Nothing was deleted by the DELETE attempts above.
    assert!(
        w.s.store
            .account_by_id(&common::id(&m1))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        w.s.store
            .account_by_id(&common::id(&m2))
            .await
            .unwrap()
            .is_some()
    );
}

/// Contract §6 lists `GET /me/export` and `DELETE /me` as member routes; the server's policy
/// (error.rs) is 403 for a role that can never use a route, as the other /me routes do.
#[tokio::test]
async fn member_only_routes_refuse_staff() {
    let s = Server::start().await;
    let org = s.create_org("Clinic").await;
    let mut wrong = Vec::new();
    for (email, role) in [
        ("clin@clinic.org", Role::Clinician),
        ("adm@clinic.org", Role::Admin),
    ] {
        let (id, token) = s.staff(email, role, Some(org)).await;
        let export = s.get("/api/v1/me/export", Some(&token)).await;
        if export.status != 403 {
            wrong.push(format!(
                "GET /api/v1/me/export as {}: expected 403, got {}: {}",
                role.as_str(),
                export.status,
                export.text
            ));
        }
        let del = s.delete("/api/v1/me", Some(&token)).await;
        if del.status != 403 {
            wrong.push(format!(
                "DELETE /api/v1/me as {}: expected 403, got {} (account still exists: {})",
                role.as_str(),
                del.status,
                s.store
                    .account_by_id(&common::id(&id))
                    .await
                    .unwrap()
                    .is_some()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// An assignment is not enough: the member must also be in the clinician's organisation.
#[tokio::test]
async fn assignment_across_organisations_is_not_enough() {
    let s = Server::start().await;
    let org_a = s.create_org("A").await;
    let org_b = s.create_org("B").await;
    let (m, mt) = s.sign_up_id("m@example.org").await;
    s.intake(&mt, example("intake-disc-flare.json")).await;
    s.set_org(&m, org_a).await;
    let (cb, cbt) = s.staff("cb@b.org", Role::Clinician, Some(org_b)).await;
    s.assign(&cb, &m).await;
    // No organisation at all.
    let (_, lone_admin) = s.staff("lone@x.org", Role::Admin, None).await;
    let (lc, lone_clin) = s.staff("lonec@x.org", Role::Clinician, None).await;
    s.assign(&lc, &m).await;

    for t in [&cbt, &lone_admin, &lone_clin] {
        for what in ["plan", "log", "assessment"] {
            s.get(&format!("/api/v1/members/{m}/{what}"), Some(t))
                .await
                .expect_problem(404);
        }
        let list = s.get("/api/v1/members", Some(t)).await;
        list.expect(200);
        assert_eq!(list.json, json!([]), "{}", list.text);
    }

    // Moving the member out of the organisation ends the clinician's access.
    let (ca, cat) = s.staff("ca@a.org", Role::Clinician, Some(org_a)).await;
    s.assign(&ca, &m).await;
    s.get(&format!("/api/v1/members/{m}/plan"), Some(&cat))
        .await
        .expect(200);
    s.set_org(&m, org_b).await;
    s.get(&format!("/api/v1/members/{m}/plan"), Some(&cat))
        .await
        .expect_problem(404);
    let list = s.get("/api/v1/members", Some(&cat)).await;
    assert_eq!(list.json, json!([]), "{}", list.text);
}

/// A member can never reach another member's data, whatever they try.
#[tokio::test]
async fn members_cannot_reach_each_other() {
    let s = Server::start().await;
    let org = s.create_org("A").await;
    let (a, at) = s.sign_up_id("a@example.org").await;
    let (b, bt) = s.sign_up_id("b@example.org").await;
    // Same organisation, even: members are not care staff.
    s.set_org(&a, org).await;
    s.set_org(&b, org).await;
    s.intake(&at, example("intake-disc-flare.json")).await;
    s.post("/api/v1/me/log", Some(&at), session("2026-11-02", 3, true))
        .await
        .expect(201);
    for path in [
        format!("/api/v1/members/{a}/plan"),
        format!("/api/v1/members/{a}/log"),
        format!("/api/v1/members/{a}/assessment"),
    ] {
        let res = s.get(&path, Some(&bt)).await;
        res.expect_problem(404);
    }
    s.get("/api/v1/members", Some(&bt))
        .await
        .expect_problem(403);
    // b has nothing of their own, and sees nothing of a's.
    s.get("/api/v1/me/plan", Some(&bt))
        .await
        .expect_problem(404);
    let plans = s.get("/api/v1/me/plans", Some(&bt)).await;
    assert_eq!(plans.json, json!([]));
    let log = s
        .get(&format!("/api/v1/me/log?member_id={a}"), Some(&bt))
        .await;
    assert_eq!(log.json, json!([]));
    let export = s.get("/api/v1/me/export", Some(&bt)).await;
    assert_eq!(export.json["account"]["id"], json!(b));
    assert!(!export.text.contains(&a) && !export.text.contains("a@example.org"));
    s.post(
        "/api/v1/me/review",
        Some(&bt),
        json!({ "today": "2026-11-05" }),
    )
    .await
    .expect_problem(404);
    // b deleting themselves leaves a untouched.
    s.delete("/api/v1/me", Some(&bt)).await.expect(204);
    s.get("/api/v1/me/plan", Some(&at)).await.expect(200);
    assert_eq!(
        s.store
            .log(&common::id(&a), None, None)
            .await
            .unwrap()
            .len(),
        1
    );
}

/// Entering a disability questionnaire for a member (a write to their log): only the care team
/// that may see them; everyone else gets the same 404 as for a member they may not see. A world
/// of its own, because these writes add to m1's log.
#[tokio::test]
async fn measures_are_entered_only_by_the_care_team_that_may_see_the_member() {
    let w = world().await;
    let (m1, m2) = (w.m1.clone(), w.m2.clone());
    let nobody = "3f1c2e2a-7c4b-4d3e-9a51-0b6f2d8c9e77".to_string();
    let long = "x".repeat(100);
    let ca = w.clinician_a.clone();
    let mut rows = Vec::new();
    let odi = json!({ "date": M1_DATE, "measure": "odi", "items": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] });
    rows.push(row(
        Method::POST,
        format!("/api/v1/members/{m1}/measures"),
        Some(odi.clone()),
        [ANON, 404, 404, 404, 404, 404, 201, 201],
    ));
    for id in [&m2, &ca, &nobody, &long] {
        rows.push(row(
            Method::POST,
            format!("/api/v1/members/{id}/measures"),
            Some(odi.clone()),
            [ANON, 404, 404, 404, 404, 404, 404, 404],
        ));
    }
    run(&w, &rows, |caller, _, res| leak_check(&w, caller, res)).await;
}
