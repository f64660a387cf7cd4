//! A member's access report (`GET /api/v1/me/access` and the account page): who else has seen
//! or changed their data, from the audit trail.

mod common;

use common::{Server, example};
use gradus_store::Role;

#[tokio::test]
async fn a_member_sees_who_read_their_data_and_who_was_refused() {
    let s = Server::start().await;
    let org_a = s.create_org("Clinic A").await;
    let org_b = s.create_org("Clinic B").await;
    let (member, token) = s.sign_up_id("reader@example.org").await;
    s.set_org(&member, org_a).await;
    let (ann, ann_token) = s
        .staff("ann.lee@clinic-a.org", Role::Clinician, Some(org_a))
        .await;
    let (_, bob_token) = s
        .staff("bob@clinic-b.org", Role::Clinician, Some(org_b))
        .await;
    s.assign(&ann, &member).await;
    s.intake(&token, example("intake-disc-flare.json")).await;

    // Before anyone else looks: nobody but the member.
    let first = s.get("/api/v1/me/access", Some(&token)).await;
    first.expect(200);
    assert_eq!(
        first.json["by_others"].as_array().map(Vec::len),
        Some(0),
        "{}",
        first.text
    );
    assert!(
        first.json["by_you"].as_u64().unwrap_or(0) >= 1,
        "{}",
        first.text
    );

    s.get(&format!("/api/v1/members/{member}/plan"), Some(&ann_token))
        .await
        .expect(200);
    s.get(&format!("/api/v1/members/{member}/plan"), Some(&bob_token))
        .await
        .expect_problem(404);
    // The reads are audited through a batching sink: wait for both rows.
    s.wait_audit(Some(&member), |r| r.event.outcome == "denied")
        .await;
    s.wait_audit(Some(&member), |r| {
        r.event.action == "read_plan"
            && r.event.actor_id.as_ref().map(|a| a.as_str()) == Some(ann.as_str())
    })
    .await;

    let report = s.get("/api/v1/me/access", Some(&token)).await;
    report.expect(200);
    let others = report.json["by_others"].as_array().expect("by_others");
    let ann_read = others
        .iter()
        .find(|e| e["action"] == "read_plan" && e["outcome"] == "ok")
        .unwrap_or_else(|| panic!("Ann's read is not listed: {}", report.text));
    assert_eq!(ann_read["by"]["kind"], "staff");
    assert_eq!(ann_read["by"]["role"], "clinician");
    assert_eq!(ann_read["by"]["name"], "ann.lee");
    let refused = others
        .iter()
        .find(|e| e["outcome"] == "denied")
        .unwrap_or_else(|| panic!("the refused attempt is not listed: {}", report.text));
    assert_eq!(refused["by"]["name"], "bob");
    // Staff are named, never located: no address or e-mail reaches the member.
    assert!(!report.text.contains("127.0.0.1"), "{}", report.text);
    assert!(!report.text.contains("@clinic"), "{}", report.text);
    // Staff have no access report of their own, and the report is for the signed-in only.
    s.get("/api/v1/me/access", Some(&ann_token))
        .await
        .expect_problem(403);
    s.get("/api/v1/me/access", None).await.expect_problem(401);
    // Reading the report is itself recorded.
    s.wait_audit(Some(&member), |r| r.event.action == "read_access")
        .await;
}
