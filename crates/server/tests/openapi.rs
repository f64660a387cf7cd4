//! The served OpenAPI document: 3.1, every contract path, the contract schemas, and the committed
//! copy in `schemas/openapi.json` kept equal to it.

mod common;

use common::{Server, workspace};
use serde_json::Value;

/// Contract §6: every fixed path with its method (the document itself is served at
/// `/api/openapi.json` and need not describe itself).
const CONTRACT: &[(&str, &str)] = &[
    ("/healthz", "get"),
    ("/api/v1/accounts", "post"),
    ("/api/v1/auth/token", "post"),
    ("/api/v1/auth/logout", "post"),
    ("/api/v1/me/intake", "put"),
    ("/api/v1/me/plan", "get"),
    ("/api/v1/me/plans", "get"),
    ("/api/v1/me/log", "post"),
    ("/api/v1/me/log", "get"),
    ("/api/v1/me/review", "post"),
    ("/api/v1/me/export", "get"),
    ("/api/v1/me", "delete"),
    ("/api/v1/members", "get"),
    ("/api/v1/members/{id}/plan", "get"),
    ("/api/v1/members/{id}/log", "get"),
    ("/api/v1/members/{id}/assessment", "get"),
];

async fn served() -> Value {
    let s = Server::start().await;
    let res = s.get("/api/openapi.json", None).await;
    res.expect(200);
    assert!(
        res.content_type().starts_with("application/json"),
        "{}",
        res.content_type()
    );
    res.json.clone()
}

#[tokio::test]
async fn document_is_openapi_3_1_with_every_contract_path() {
    let doc = served().await;
    let version = doc["openapi"].as_str().unwrap_or("");
    assert!(version.starts_with("3.1"), "openapi: {version:?}");
    let mut missing = Vec::new();
    for (path, method) in CONTRACT {
        if !doc["paths"][path][method].is_object() {
            missing.push(format!("{} {path}", method.to_uppercase()));
        }
    }
    assert!(missing.is_empty(), "missing from the document: {missing:?}");

    let schemas = &doc["components"]["schemas"];
    for name in ["IntakeInput", "Assessment", "LogEntryInput", "Review"] {
        assert!(
            schemas[name].is_object(),
            "components.schemas.{name} missing"
        );
    }
    assert_eq!(
        doc["paths"]["/api/v1/me/intake"]["put"]["requestBody"]["content"]["application/json"]["schema"]
            ["$ref"],
        "#/components/schemas/IntakeInput"
    );
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

/// Every `$ref` points at something the document defines.
#[tokio::test]
async fn every_ref_resolves() {
    let doc = served().await;
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    let broken: Vec<&String> = refs
        .iter()
        .filter(|r| {
            let Some(pointer) = r.strip_prefix('#') else {
                return true;
            };
            doc.pointer(pointer).is_none()
        })
        .collect();
    assert!(broken.is_empty(), "unresolved $refs: {broken:?}");
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "$ref"
                    && let Some(s) = x.as_str()
                {
                    out.push(s.to_string());
                }
                collect_refs(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

/// `schemas/openapi.json` is the served document. Regenerate it with
/// `UPDATE_SCHEMAS=1 cargo test -p gradus-server --test openapi`.
#[tokio::test]
async fn committed_copy_matches() {
    let doc = served().await;
    let path = workspace().join("schemas").join("openapi.json");
    let committed = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok());
    if committed.as_ref() == Some(&doc) {
        return;
    }
    if std::env::var("UPDATE_SCHEMAS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().expect("schemas folder")).expect("mkdir schemas");
        let mut text = serde_json::to_string_pretty(&doc).expect("serialise");
        text.push('\n');
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
        eprintln!("wrote {}", path.display());
        return;
    }
    panic!(
        "{} {} the served OpenAPI document; run `UPDATE_SCHEMAS=1 cargo test -p gradus-server --test openapi` and commit the result",
        path.display(),
        if committed.is_some() {
            "differs from"
        } else {
            "is missing or is not JSON; it must hold"
        }
    );
}
