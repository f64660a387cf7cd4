//! The member's plan as every surface must show it: the safety gate applied.
//!
//! The API (member and clinician), the plan page, the calendar, the session player and review
//! all ask [`App::plan_view`]; none decides for itself whether a plan may be followed.

use gradus_core::gate::{self, PlanStatus};
use gradus_core::log::LogEntryInput;
use gradus_core::plan::Plan;
use gradus_core::{Assessment, Intake};
use gradus_store::{AccountId, PlanVersion};

use crate::App;
use crate::actor::{Action, Actor, Outcome};
use crate::error::{AppError, AppResult};
use crate::stored::doc;

/// What a member has now.
#[derive(Debug, Clone)]
pub enum PlanView {
    /// No intake yet.
    NoIntake,
    /// The latest intake's triage stopped the plan (emergency or urgent): there is no plan.
    Stopped(Box<Assessment>),
    /// A plan version, and whether it may be followed.
    Plan {
        version: PlanVersion,
        status: PlanStatus,
    },
}

impl App {
    /// The member's current plan with the gate's answer. Audited as a read of the plan.
    pub async fn plan_view(&self, actor: Actor<'_>, member_id: &AccountId) -> AppResult<PlanView> {
        self.authorize(actor, member_id).await?;
        let view = self.plan_view_unaudited(actor, member_id).await?;
        self.audit
            .record(actor.event(Action::ReadPlan, Some(member_id), Outcome::Ok))
            .await;
        Ok(view)
    }

    /// [`App::plan_view`] for use cases that audit their own action (review, approval).
    pub(crate) async fn plan_view_unaudited(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
    ) -> AppResult<PlanView> {
        // The current plan belongs to the latest intake; when there is one, that intake did not
        // stop the plan, and the cached read answers without touching the assessment.
        if let Some(version) = self.store.current_plan(member_id).await? {
            self.check_plan(actor, member_id, &version).await?;
            let status = self.gate(actor, member_id, &version).await?;
            return Ok(PlanView::Plan { version, status });
        }
        match self.store.latest_assessment(member_id).await? {
            None => Ok(PlanView::NoIntake),
            Some((text, v)) => {
                let a: Assessment = self
                    .decode(
                        actor,
                        Action::ReadPlan,
                        member_id,
                        doc("assessment", 0, v, &text),
                    )
                    .await?;
                if a.triage.level.blocks_plan() {
                    Ok(PlanView::Stopped(Box::new(a)))
                } else {
                    // Triage allowed a plan, yet none is stored: that is a broken record.
                    Err(AppError::Corrupt(
                        "plan (the latest intake allowed one, none is stored)".into(),
                    ))
                }
            }
        }
    }

    /// The safety gate for one plan version (see `gradus_core::gate`).
    pub(crate) async fn gate(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
        version: &PlanVersion,
    ) -> AppResult<PlanStatus> {
        let rows = self.store.warning_signs_since_intake(member_id).await?;
        if rows.is_empty() {
            return Ok(gate::plan_status(None, version.draft));
        }
        let mut entries = Vec::with_capacity(rows.len());
        for r in &rows {
            entries.push(
                self.decode::<LogEntryInput>(
                    actor,
                    Action::ReadPlan,
                    member_id,
                    doc("log entry", r.id, r.doc_version, &r.body),
                )
                .await?,
            );
        }
        let plan = self.parse_plan(actor, member_id, version).await?;
        let basis = Intake::parse(&plan.basis)
            .map_err(|_| AppError::Corrupt(format!("plan basis (version {})", version.version)))?;
        let pause = gate::new_warning_signs(&entries, &basis, &self.settings);
        Ok(gate::plan_status(pause, version.draft))
    }

    /// A stored plan version that no longer reads as a plan is an error, never handed out.
    async fn check_plan(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
        version: &PlanVersion,
    ) -> AppResult<()> {
        let key = (member_id.clone(), version.intake_id, version.version);
        if self.checked_plans.contains_key(&key) {
            return Ok(());
        }
        self.parse_plan(actor, member_id, version).await?;
        self.decode::<serde_json::Value>(
            actor,
            Action::ReadPlan,
            member_id,
            doc(
                "plan reasons",
                version.version,
                version.doc_version,
                &version.reasons,
            ),
        )
        .await?;
        self.checked_plans.insert(key, ());
        Ok(())
    }

    /// The stored plan document of a version.
    pub async fn parse_plan(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
        version: &PlanVersion,
    ) -> AppResult<Plan> {
        self.decode(
            actor,
            Action::ReadPlan,
            member_id,
            doc("plan", version.version, version.doc_version, &version.body),
        )
        .await
    }
}
