//! Test harness: a real Gradus server on 127.0.0.1:0 over a fresh SQLite database per test.
//!
//! Every response that goes through [`Server::send`] is checked for the two rules that hold
//! everywhere: never a 5xx, and the security headers are always present.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use gradus_store::{Account, AccountId, NewAccount, OrgId, Role, Store, Timestamp};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use tempfile::TempDir;

pub const PASSWORD: &str = "correct horse battery";

/// The folder of the workspace (holds `examples/` and `schemas/`).
pub fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace folder")
}

/// An example document from `examples/`.
pub fn example(name: &str) -> Value {
    let path = workspace().join("examples").join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

/// A response, read whole.
#[derive(Debug)]
pub struct Res {
    pub method: Method,
    pub path: String,
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    /// The body as JSON, or Null when it is empty or not JSON.
    pub json: Value,
}

impl Res {
    pub fn content_type(&self) -> &str {
        self.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts the status, showing the whole response otherwise.
    #[track_caller]
    pub fn expect(&self, status: u16) -> &Res {
        assert_eq!(
            self.status, status,
            "{} {}: expected {status}, got {}: {}",
            self.method, self.path, self.status, self.text
        );
        self
    }

    /// Asserts an RFC 9457 problem document with this status.
    #[track_caller]
    pub fn expect_problem(&self, status: u16) -> &Res {
        self.expect(status);
        assert!(
            self.content_type().starts_with("application/problem+json"),
            "{} {}: expected application/problem+json, got {:?}: {}",
            self.method,
            self.path,
            self.content_type(),
            self.text
        );
        assert_eq!(
            self.json["status"],
            json!(status),
            "{} {}: problem status field: {}",
            self.method,
            self.path,
            self.text
        );
        assert!(
            self.json["title"].is_string(),
            "{} {}: problem without title: {}",
            self.method,
            self.path,
            self.text
        );
        self
    }

    /// The `errors[].path` values of a problem document.
    pub fn error_paths(&self) -> Vec<String> {
        self.json["errors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| e["path"].as_str().unwrap_or("<no path>").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Asserts a 422 problem whose errors include this path (each error has a message).
    #[track_caller]
    pub fn expect_invalid_at(&self, path: &str) -> &Res {
        self.expect_problem(422);
        let errors = self.json["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("422 without an errors array: {}", self.text));
        for e in errors {
            assert!(
                e["message"].as_str().is_some_and(|m| !m.is_empty()),
                "error without a message: {e}"
            );
        }
        assert!(
            self.error_paths().iter().any(|p| p == path),
            "{} {}: expected an error at {path:?}, got {:?}: {}",
            self.method,
            self.path,
            self.error_paths(),
            self.text
        );
        self
    }
}

/// The headers every response must carry.
#[track_caller]
pub fn assert_security_headers(res: &Res) {
    let csp = res.header("content-security-policy").unwrap_or_else(|| {
        panic!(
            "{} {} ({}): no content-security-policy",
            res.method, res.path, res.status
        )
    });
    assert!(
        csp.contains("frame-ancestors 'none'"),
        "{} {}: CSP without frame-ancestors 'none': {csp}",
        res.method,
        res.path
    );
    assert_eq!(
        res.header("x-content-type-options"),
        Some("nosniff"),
        "{} {} ({}): x-content-type-options",
        res.method,
        res.path,
        res.status
    );
    assert!(
        res.header("referrer-policy").is_some(),
        "{} {} ({}): no referrer-policy",
        res.method,
        res.path,
        res.status
    );
    assert!(
        res.header("x-frame-options")
            .is_some_and(|v| v.eq_ignore_ascii_case("deny")),
        "{} {} ({}): x-frame-options should be DENY, got {:?}",
        res.method,
        res.path,
        res.status,
        res.header("x-frame-options")
    );
}

/// A request body.
pub enum Body {
    None,
    Json(Value),
    /// Raw bytes with an optional Content-Type.
    Raw(Vec<u8>, Option<&'static str>),
}

pub struct Server {
    pub base: String,
    pub addr: SocketAddr,
    /// The store as the server sees it (behind the same cache).
    pub store: Arc<dyn Store>,
    pub app: gradus_app::App,
    pub client: reqwest::Client,
    _dir: TempDir,
}

impl Server {
    /// A server with the default configuration.
    pub async fn start() -> Server {
        Server::start_with(gradus_server::Config::default()).await
    }

    pub async fn start_with(config: gradus_server::Config) -> Server {
        let dir = TempDir::new().expect("temp dir");
        let url = format!("sqlite://{}/t.db", dir.path().display());
        // Built exactly as `gradus serve` builds it: the cache and the writers are under test.
        let state = gradus_server::build_state(&url, config)
            .await
            .expect("build state");
        let app = state.app.clone();
        let store = app.store.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        // Served through the same listener as `gradus serve` (header timeout, connection cap).
        tokio::spawn(async move {
            gradus_server::serve_on(listener, state, std::future::pending())
                .await
                .expect("server runs");
        });
        Server {
            base: format!("http://{addr}"),
            addr,
            store,
            app,
            client: reqwest::Client::builder()
                .no_proxy()
                .build()
                .expect("client"),
            _dir: dir,
        }
    }

    /// The SQLite database file the server stores in.
    pub fn db_path(&self) -> PathBuf {
        self._dir.path().join("t.db")
    }

    /// Sends a request and reads the response; asserts no 5xx and the security headers.
    pub async fn send(&self, method: Method, path: &str, token: Option<&str>, body: Body) -> Res {
        let mut req = self
            .client
            .request(method.clone(), format!("{}{}", self.base, path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req = match body {
            Body::None => req,
            Body::Json(v) => req.json(&v),
            Body::Raw(bytes, ct) => {
                let r = req.body(bytes);
                match ct {
                    Some(ct) => r.header("content-type", ct),
                    None => r,
                }
            }
        };
        let res = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{method} {path}: request failed: {e}"));
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap_or_default();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        let res = Res {
            method,
            path: path.to_string(),
            status,
            headers,
            text,
            json,
        };
        assert!(
            status < 500,
            "{} {}: server error {status}: {}",
            res.method,
            res.path,
            res.text
        );
        assert_security_headers(&res);
        res
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Res {
        self.send(Method::GET, path, token, Body::None).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Res {
        self.send(Method::DELETE, path, token, Body::None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Res {
        self.send(Method::POST, path, token, Body::Json(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> Res {
        self.send(Method::PUT, path, token, Body::Json(body)).await
    }

    /// POST /api/v1/auth/token; the response as it came.
    pub async fn login(&self, email: &str, password: &str) -> Res {
        self.post(
            "/api/v1/auth/token",
            None,
            json!({ "email": email, "password": password }),
        )
        .await
    }

    /// A token for an existing account with [`PASSWORD`].
    pub async fn token(&self, email: &str) -> String {
        let res = self.login(email, PASSWORD).await;
        res.expect(200);
        assert!(res.json["expires_at"].is_i64(), "expires_at: {}", res.text);
        res.json["token"]
            .as_str()
            .unwrap_or_else(|| panic!("no token in {}", res.text))
            .to_string()
    }

    /// Signs a member up through the API; returns (account id, token).
    pub async fn sign_up_id(&self, email: &str) -> (String, String) {
        let res = self
            .post(
                "/api/v1/accounts",
                None,
                json!({ "email": email, "password": PASSWORD }),
            )
            .await;
        res.expect(201);
        let id = res.json["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no id in {}", res.text))
            .to_string();
        (id, self.token(email).await)
    }

    /// Signs a member up through the API; returns the token.
    pub async fn sign_up(&self, email: &str) -> String {
        self.sign_up_id(email).await.1
    }

    /// Creates an account of any role directly in the store (optionally in an organisation).
    pub async fn create_account(&self, email: &str, role: Role, org: Option<i64>) -> Account {
        let hash = gradus_app::password::hash(PASSWORD.to_string())
            .await
            .expect("hash");
        let account = self
            .store
            .create_account(
                NewAccount {
                    email: email.to_string(),
                    name: Some(email.split('@').next().unwrap_or("").to_string()),
                    password_hash: hash,
                    role,
                    org_id: None,
                    time_zone: None,
                    now: Timestamp::from_millis(0),
                },
                &operator("create_user", None),
            )
            .await
            .expect("create account");
        if let Some(o) = org {
            self.set_org(account.id.as_str(), o).await;
        }
        account
    }

    /// Moves an account into an organisation (test set-up, audited as the operator).
    pub async fn set_org(&self, account_id: &str, org: i64) {
        self.store
            .set_org(
                &id(account_id),
                OrgId(org),
                &operator("set_org", Some(account_id)),
            )
            .await
            .expect("set org");
    }

    /// Creates a staff (or member) account in the store and signs it in: (id, token).
    pub async fn staff(&self, email: &str, role: Role, org: Option<i64>) -> (String, String) {
        let a = self.create_account(email, role, org).await;
        (a.id.to_string(), self.token(email).await)
    }

    pub async fn create_org(&self, name: &str) -> i64 {
        self.store
            .create_org(name, &operator("create_org", None))
            .await
            .expect("create org")
            .into()
    }

    pub async fn assign(&self, clinician: &str, member: &str) {
        self.store
            .assign(
                &id(clinician),
                &id(member),
                None,
                &operator("assign_member", Some(member)),
            )
            .await
            .expect("assign");
    }

    /// Stores an intake through the API and returns the response body (asserting 201).
    pub async fn intake(&self, token: &str, intake: Value) -> Value {
        let res = self.put("/api/v1/me/intake", Some(token), intake).await;
        res.expect(201);
        res.json.clone()
    }

    /// Polls the audit trail until `pred` holds for some row (the read audit is batched).
    pub async fn wait_audit(
        &self,
        member: Option<&str>,
        pred: impl Fn(&gradus_store::AuditRow) -> bool,
    ) -> Vec<gradus_store::AuditRow> {
        for _ in 0..200 {
            let rows = self
                .store
                .audit_query(member.map(id).as_ref(), None)
                .await
                .expect("audit");
            if rows.iter().any(&pred) {
                return rows;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let rows = self
            .store
            .audit_query(member.map(id).as_ref(), None)
            .await
            .expect("audit");
        panic!("audit event not found for {member:?}; rows: {rows:#?}");
    }
}

/// An account id as the API gives it out.
pub fn id(text: &str) -> AccountId {
    AccountId::parse(text).unwrap_or_else(|| panic!("not an account id: {text:?}"))
}

/// An audit event of the test set-up.
pub fn operator(action: &str, member: Option<&str>) -> gradus_store::AuditEvent {
    gradus_store::AuditEvent {
        at: Timestamp::from_millis(0),
        actor_id: None,
        action: action.into(),
        member_id: member.map(id),
        remote: Some("test".into()),
        outcome: "ok".into(),
    }
}

/// A session log entry.
pub fn session(date: &str, during: i64, settled: bool) -> Value {
    json!({
        "date": date, "type": "session",
        "items": [ { "exercise": "pelvic_tilt", "sets": 1, "reps": 10 } ],
        "pain_before": 4, "pain_during": during, "pain_after": 4,
        "settled_by_next_morning": settled
    })
}

/// A check-in log entry.
pub fn checkin(date: &str, pain: i64, flags: &[&str]) -> Value {
    json!({ "date": date, "type": "checkin", "pain": pain, "stiffness": 3, "new_red_flags": flags })
}
