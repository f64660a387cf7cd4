//! The OpenAPI 3.1 document: paths and operations from the handlers' `#[utoipa::path]`
//! annotations, contract bodies from the core types' JSON Schemas (schemars, the same source as
//! `schemas/`), so neither can drift from the code.

use gradus_core::IntakeInput;
use gradus_core::assess::Assessment;
use gradus_core::log::LogEntryInput;
use gradus_core::review::Review;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

/// Contract schemas, by component name.
fn contract_components() -> (serde_json::Map<String, Value>, Vec<(&'static str, Value)>) {
    let settings =
        SchemaSettings::draft2020_12().with(|s| s.definitions_path = "/components/schemas/".into());
    let mut generator = settings.into_generator();
    let roots = vec![
        (
            "IntakeInput",
            generator.subschema_for::<IntakeInput>().to_value(),
        ),
        (
            "Assessment",
            generator.subschema_for::<Assessment>().to_value(),
        ),
        (
            "LogEntryInput",
            generator.subschema_for::<LogEntryInput>().to_value(),
        ),
        ("Review", generator.subschema_for::<Review>().to_value()),
    ];
    let defs = generator.definitions().clone();
    (defs, roots)
}

/// Finishes the generated document: security scheme, contract schemas, request and response
/// bodies that are contract documents.
pub fn finish(doc: utoipa::openapi::OpenApi) -> Value {
    let mut v = serde_json::to_value(doc).unwrap_or_else(|_| json!({}));
    let (defs, _roots) = contract_components();
    let comps = v["components"]
        .as_object_mut()
        .map(std::mem::take)
        .unwrap_or_default();
    let mut comps = Value::Object(comps);
    for (k, schema) in defs {
        comps["schemas"][k] = schema;
    }
    comps["securitySchemes"]["bearer"] = json!({ "type": "http", "scheme": "bearer", "description": "A token from POST /api/v1/auth/token" });
    v["components"] = comps;
    let body = |name: &str| json!({ "required": true, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{name}") } } } });
    let patch = |v: &mut Value,
                 path: &str,
                 method: &str,
                 request: Option<&str>,
                 ok: Option<(&str, &str)>| {
        let op = &mut v["paths"][path][method];
        if op.is_null() {
            return;
        }
        if let Some(r) = request {
            op["requestBody"] = body(r);
        }
        if let Some((status, name)) = ok {
            op["responses"][status]["content"] = json!({ "application/json": { "schema": { "$ref": format!("#/components/schemas/{name}") } } });
        }
    };
    patch(
        &mut v,
        "/api/v1/me/intake",
        "put",
        Some("IntakeInput"),
        Some(("201", "Assessment")),
    );
    patch(
        &mut v,
        "/api/v1/me/log",
        "post",
        Some("LogEntryInput"),
        None,
    );
    patch(
        &mut v,
        "/api/v1/me/review",
        "post",
        None,
        Some(("200", "Review")),
    );
    patch(
        &mut v,
        "/api/v1/members/{id}/assessment",
        "get",
        None,
        Some(("200", "Assessment")),
    );
    v["info"]["title"] = json!("Gradus API");
    v["info"]["description"] = json!(
        "Open, explainable exercise therapy for back, neck and tendon pain. Bodies follow the Gradus data contract, version 1."
    );
    v
}
