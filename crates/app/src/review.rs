//! Review: the current plan read against the whole log. The safety gate speaks first (a pause
//! always decides `stop`, whatever the dates say); a changed plan becomes the next version, stored
//! with the review and its audit row in one transaction.

use gradus_core::Assessment;
use gradus_core::day::Day;
use gradus_core::log::LogEntryInput;
use gradus_core::review::{Decision, Review};
use gradus_store::{AccountId, NewPlanVersion, NewReview};

use crate::App;
use crate::actor::{Action, Actor, Outcome};
use crate::clock::now;
use crate::error::{AppError, AppResult};
use crate::log::DateRange;
use crate::status::PlanView;
use crate::stored::doc;

/// What a review did.
#[derive(Debug, Clone)]
pub struct Reviewed {
    pub review: Review,
    /// The plan version the member has after the review; none for `stop`.
    pub version: Option<i64>,
    /// For `stop`: what triage says with the new warning signs added to the intake. Not
    /// stored: the plan stays paused until the person answers the intake again.
    pub retriage: Option<Assessment>,
}

impl App {
    /// Reviews the member's current plan as of `today` (default: the member's today, in their
    /// time zone).
    pub async fn review(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
        today_: Option<Day>,
    ) -> AppResult<Reviewed> {
        self.authorize(actor, member_id).await?;
        let member_today = match actor.account() {
            Some(a) if a.id == *member_id => self.today_for(a),
            _ => match self.store.account_by_id(member_id).await? {
                Some(m) => self.today_for(&m),
                None => return Err(AppError::NotFound),
            },
        };
        let PlanView::Plan { version, .. } = self.plan_view_unaudited(actor, member_id).await?
        else {
            return Err(AppError::NotFound);
        };
        let plan = self.parse_plan(actor, member_id, &version).await?;
        let entries: Vec<LogEntryInput> = self
            .log_entries(actor, member_id, DateRange::default())
            .await?
            .into_iter()
            .map(|e| e.entry)
            .collect();
        // The signs stored after the intake, as the gate read them: a pause for review to agree
        // with, or a note (a minor fall) for review to carry.
        let since_intake: Vec<LogEntryInput> = self.signs_since_intake(actor, member_id).await?;
        let today = today_.unwrap_or(member_today);
        crate::log::not_after_tomorrow("today", today, member_today)?;
        let day = today.to_string();
        let review = gradus_core::review::review_since_intake(
            &plan,
            &entries,
            &since_intake,
            Some(&day),
            &self.lib,
            &self.settings,
        )?;
        let next_plan = match &review.plan {
            Some(next) if i64::from(next.version) > version.version => Some(NewPlanVersion {
                intake_id: version.intake_id,
                version: i64::from(next.version),
                body: serde_json::to_string(next)?,
                reasons: serde_json::to_string(&review.reasons)?,
                draft: next.requires_clinician_approval,
                doc_version: gradus_core::DOCUMENT_VERSION,
                now: now(),
            }),
            _ => None,
        };
        let after = match (&review.plan, &next_plan) {
            (None, _) => None,
            (Some(_), Some(n)) => Some(n.version),
            (Some(_), None) => Some(version.version),
        };
        let audit = actor.event(Action::Review, Some(member_id), Outcome::Ok);
        self.store
            .save_review(
                member_id,
                NewReview {
                    body: serde_json::to_string(&review)?,
                    doc_version: gradus_core::DOCUMENT_VERSION,
                    next_plan,
                    now: now(),
                },
                &audit,
            )
            .await?;
        let retriage = if review.decision == Decision::Stop {
            Some(self.retriage(&plan, &since_intake)?)
        } else {
            None
        };
        Ok(Reviewed {
            review,
            version: after,
            retriage,
        })
    }

    async fn signs_since_intake(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
    ) -> AppResult<Vec<LogEntryInput>> {
        let mut out = Vec::new();
        for r in self.store.warning_signs_since_intake(member_id).await? {
            out.push(
                self.decode(
                    actor,
                    Action::Review,
                    member_id,
                    doc("log entry", r.id, r.doc_version, &r.body),
                )
                .await?,
            );
        }
        Ok(out)
    }

    /// The intake the plan was built from with the new warning signs added, assessed again.
    fn retriage(
        &self,
        plan: &gradus_core::plan::Plan,
        since_intake: &[LogEntryInput],
    ) -> AppResult<Assessment> {
        let mut basis = plan.basis.clone();
        let flags = basis.red_flags.get_or_insert_with(Default::default);
        for e in since_intake {
            if let LogEntryInput::Checkin(c) = e {
                for f in &c.new_red_flags {
                    flags.insert(*f);
                }
            }
        }
        Ok(gradus_core::assess(&basis, &self.lib, &self.settings)?)
    }
}
