//! The member's own records: plan history, the export of everything stored, and deletion.

use gradus_core::log::LogEntryInput;
use gradus_core::plan::Plan;
use gradus_core::review::Review;
use gradus_core::{Assessment, IntakeInput};
use gradus_store::{Account, AccountId, IntakeId, LogEntryId, PlanVersion, ReviewId, Timestamp};
use serde::Serialize;

use crate::App;
use crate::actor::{Action, Actor, Outcome};
use crate::error::AppResult;
use crate::stored::doc;

/// Everything stored about a member (GDPR art. 15 and 20), as typed documents.
#[derive(Debug, Clone, Serialize)]
pub struct ExportDoc {
    pub account: Account,
    pub intakes: Vec<ExportIntake>,
    pub plans: Vec<ExportPlan>,
    pub log: Vec<ExportLog>,
    pub reviews: Vec<ExportReview>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportIntake {
    pub id: IntakeId,
    pub intake: IntakeInput,
    pub assessment: Assessment,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportPlan {
    pub intake_id: IntakeId,
    pub version: i64,
    pub plan: Plan,
    pub reasons: serde_json::Value,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportLog {
    pub id: LogEntryId,
    pub entry: LogEntryInput,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportReview {
    pub id: ReviewId,
    pub review: Review,
    pub created_at: Timestamp,
}

impl App {
    /// Every plan version with the reasons it changed, oldest first.
    pub async fn plan_history(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
    ) -> AppResult<Vec<PlanVersion>> {
        self.authorize(actor, member_id).await?;
        let all = self.store.plans(member_id).await?;
        self.audit
            .record(actor.event(Action::ReadPlans, Some(member_id), Outcome::Ok))
            .await;
        Ok(all)
    }

    /// The versions of the current plan line (since the latest intake), oldest first, parsed.
    pub async fn plan_line(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
    ) -> AppResult<Vec<(PlanVersion, Plan)>> {
        self.authorize(actor, member_id).await?;
        let Some(current) = self.store.current_plan(member_id).await? else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for v in self.store.plans(member_id).await? {
            if v.intake_id == current.intake_id {
                let plan = self.parse_plan(actor, member_id, &v).await?;
                out.push((v, plan));
            }
        }
        self.audit
            .record(actor.event(Action::ReadPlans, Some(member_id), Outcome::Ok))
            .await;
        Ok(out)
    }

    /// The latest review of a member, if any.
    pub async fn latest_review(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
    ) -> AppResult<Option<Review>> {
        self.authorize(actor, member_id).await?;
        match self.store.latest_review(member_id).await? {
            None => Ok(None),
            Some(r) => Ok(Some(
                self.decode(
                    actor,
                    Action::Review,
                    member_id,
                    doc("review", r.id, r.doc_version, &r.body),
                )
                .await?,
            )),
        }
    }

    /// Everything stored about a member, read in one transaction. A document that no longer
    /// parses fails the export (and is reported) rather than being left out.
    pub async fn export(&self, actor: Actor<'_>, member_id: &AccountId) -> AppResult<ExportDoc> {
        self.authorize(actor, member_id).await?;
        let e = self.store.export(member_id).await?;
        let a = Action::Export;
        let m = member_id;
        let mut intakes = Vec::with_capacity(e.intakes.len());
        for i in &e.intakes {
            intakes.push(ExportIntake {
                id: i.id,
                intake: self
                    .decode(actor, a, m, doc("intake", i.id, i.doc_version, &i.intake))
                    .await?,
                assessment: self
                    .decode(
                        actor,
                        a,
                        m,
                        doc("assessment", i.id, i.doc_version, &i.assessment),
                    )
                    .await?,
                created_at: i.created_at,
            });
        }
        let mut plans = Vec::with_capacity(e.plans.len());
        for p in &e.plans {
            plans.push(ExportPlan {
                intake_id: p.intake_id,
                version: p.version,
                plan: self
                    .decode(actor, a, m, doc("plan", p.version, p.doc_version, &p.body))
                    .await?,
                reasons: self
                    .decode(
                        actor,
                        a,
                        m,
                        doc("plan reasons", p.version, p.doc_version, &p.reasons),
                    )
                    .await?,
                created_at: p.created_at,
            });
        }
        let mut log = Vec::with_capacity(e.log.len());
        for l in &e.log {
            log.push(ExportLog {
                id: l.id,
                entry: self
                    .decode(actor, a, m, doc("log entry", l.id, l.doc_version, &l.body))
                    .await?,
                created_at: l.created_at,
            });
        }
        let mut reviews = Vec::with_capacity(e.reviews.len());
        for r in &e.reviews {
            reviews.push(ExportReview {
                id: r.id,
                review: self
                    .decode(actor, a, m, doc("review", r.id, r.doc_version, &r.body))
                    .await?,
                created_at: r.created_at,
            });
        }
        self.audit
            .record(actor.event(Action::Export, Some(member_id), Outcome::Ok))
            .await;
        Ok(ExportDoc {
            account: e.account,
            intakes,
            plans,
            log,
            reviews,
        })
    }

    /// Deletes the signed-in member's health data and account; the audit keeps that it
    /// happened.
    pub async fn delete_member(&self, actor: Actor<'_>) -> AppResult<()> {
        let member = actor.member()?;
        let event = actor.event(Action::DeleteMember, Some(&member.id), Outcome::Ok);
        Ok(self.store.delete_member(&member.id, event).await?)
    }
}
