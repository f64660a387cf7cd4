//! Recording an intake: triage, profile and plan, stored with its audit row in one transaction.
//! A new intake is also what lifts a pause: it moves the member's log mark past every warning
//! sign reported so far (see `gradus_core::gate`).

use gradus_core::{Assessment, IntakeInput};
use gradus_store::{IntakeId, NewIntake};

use crate::App;
use crate::actor::{Action, Actor, Outcome};
use crate::clock::now;
use crate::error::AppResult;
use crate::quota::Counted;

/// What an intake produced.
#[derive(Debug, Clone)]
pub struct IntakeRecorded {
    pub intake_id: IntakeId,
    pub assessment: Assessment,
    /// 1 when there is a plan (the first version of a new plan line); none when triage stopped.
    pub plan_version: Option<i64>,
}

impl App {
    /// Assesses an intake and stores it; the plan, if any, becomes version 1 of a new plan line.
    pub async fn record_intake(
        &self,
        actor: Actor<'_>,
        input: IntakeInput,
    ) -> AppResult<IntakeRecorded> {
        let member = actor.member()?;
        self.within_quota(&member.id, Counted::Intakes, now())
            .await?;
        // Assessed on the member's today, so a plan after spinal surgery records the surgery
        // date and its restrictions relax on schedule at later reviews.
        let assessment =
            gradus_core::assess_on(&input, &self.lib, &self.settings, self.today_for(member))?;
        let plan = assessment
            .plan
            .as_ref()
            .map(|p| serde_json::to_string(p).map(|body| (body, p.requires_clinician_approval)))
            .transpose()?;
        let plan_version = plan.as_ref().map(|_| 1);
        let new = NewIntake {
            intake: serde_json::to_string(&input)?,
            assessment: serde_json::to_string(&assessment)?,
            plan,
            doc_version: gradus_core::DOCUMENT_VERSION,
            now: now(),
        };
        let audit = actor.event(Action::WriteIntake, Some(&member.id), Outcome::Ok);
        let intake_id = self.store.save_intake(&member.id, new, &audit).await?;
        Ok(IntakeRecorded {
            intake_id,
            assessment,
            plan_version,
        })
    }
}
