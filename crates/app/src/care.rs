//! The care team's access and actions. A member sees only their own data; a clinician only
//! members assigned to them in their own organisation; an admin the members of their
//! organisation. Anything else is `NotFound`, exactly like something that does not exist, so
//! ids cannot be probed, and the refusal is audited.

use gradus_core::Assessment;
use gradus_core::plan::Change;
use gradus_store::{Account, AccountId, NewPlanVersion, Role};

use crate::App;
use crate::actor::{Action, Actor, Outcome};
use crate::clock::now;
use crate::error::{AppError, AppResult};
use crate::status::PlanView;
use crate::stored::doc;

impl App {
    /// A member id given from outside (a URL). One that cannot be an id is treated like an id
    /// nobody may see: `NotFound`, and the refusal is audited (without the text, which may be
    /// anything).
    pub async fn member_ref(&self, actor: Actor<'_>, text: &str) -> AppResult<AccountId> {
        match AccountId::parse(text) {
            Some(id) => Ok(id),
            None => {
                self.audit
                    .record(actor.event(Action::AccessMember, None, Outcome::Denied))
                    .await;
                Err(AppError::NotFound)
            }
        }
    }

    /// May this actor read or write this member's health data? Members: only their own. Staff:
    /// see [`App::visible_member`]. Operators (the command line, scheduled jobs): yes.
    pub async fn authorize(&self, actor: Actor<'_>, member_id: &AccountId) -> AppResult<()> {
        match actor {
            Actor::Operator { .. } => Ok(()),
            Actor::Account { account, .. } if account.role == Role::Member => {
                if account.id == *member_id {
                    Ok(())
                } else {
                    Err(AppError::NotFound)
                }
            }
            Actor::Account { .. } => self.visible_member(actor, member_id).await.map(|_| ()),
        }
    }

    /// The member, if this staff actor may see them; otherwise `NotFound`, whether or not they
    /// exist.
    pub async fn visible_member(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
    ) -> AppResult<Account> {
        let Ok(staff) = actor.staff() else {
            return Err(AppError::NotFound);
        };
        let member = self.store.account_by_id(member_id).await?;
        let allowed = match &member {
            Some(m) => {
                let same_org = m.org_id.is_some() && m.org_id == staff.org_id;
                m.role == Role::Member
                    && same_org
                    && match staff.role {
                        Role::Admin => true,
                        Role::Clinician => self.store.is_assigned(&staff.id, &m.id).await?,
                        Role::Member => false,
                    }
            }
            None => false,
        };
        match member {
            Some(m) if allowed => Ok(m),
            _ => {
                self.audit
                    .record(actor.event(Action::AccessMember, Some(member_id), Outcome::Denied))
                    .await;
                Err(AppError::NotFound)
            }
        }
    }

    /// The caseload: members assigned to a clinician, or every member of an admin's
    /// organisation.
    pub async fn caseload(&self, actor: Actor<'_>) -> AppResult<Vec<Account>> {
        let staff = actor.staff()?;
        let members = match staff.role {
            Role::Admin => self.store.caseload(None, staff.org_id).await?,
            _ => self
                .store
                .caseload(Some(&staff.id), None)
                .await?
                .into_iter()
                .filter(|m| m.org_id.is_some() && m.org_id == staff.org_id)
                .collect(),
        };
        self.audit
            .record(actor.event(Action::ReadCaseload, None, Outcome::Ok))
            .await;
        Ok(members)
    }

    /// The latest assessment of a member.
    pub async fn assessment(
        &self,
        actor: Actor<'_>,
        member_id: &AccountId,
    ) -> AppResult<Assessment> {
        self.authorize(actor, member_id).await?;
        let (text, version) = self
            .store
            .latest_assessment(member_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let a = self
            .decode(
                actor,
                Action::ReadAssessment,
                member_id,
                doc("assessment", 0, version, &text),
            )
            .await?;
        self.audit
            .record(actor.event(Action::ReadAssessment, Some(member_id), Outcome::Ok))
            .await;
        Ok(a)
    }

    /// An assigned clinician (same organisation) or an admin approves a drafted plan: it becomes
    /// the next version with `requires_clinician_approval: false` and says who approved it.
    /// Only a draft can be approved (`Conflict` otherwise). An approval never lifts a pause:
    /// the returned view still says `paused` while a new warning sign stands.
    pub async fn approve(&self, actor: Actor<'_>, member_id: &AccountId) -> AppResult<PlanView> {
        let staff = actor.staff().map_err(|_| AppError::NotFound)?;
        let m = self.visible_member(actor, member_id).await?;
        let current = self
            .store
            .current_plan(&m.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut plan = self.parse_plan(actor, &m.id, &current).await?;
        if !current.draft || !plan.requires_clinician_approval {
            return Err(AppError::Conflict(
                "this plan is not a draft waiting for approval".into(),
            ));
        }
        let who = staff.name.clone().unwrap_or_else(|| staff.email.clone());
        let text = format!(
            "approved by {} ({}) for the member to start",
            who,
            staff.role.as_str()
        );
        plan.requires_clinician_approval = false;
        plan.version += 1;
        plan.changes = vec![Change {
            exercise: None,
            text: text.clone(),
        }];
        plan.issued_on = Some(self.today_for(&m).to_string());
        let next = NewPlanVersion {
            intake_id: current.intake_id,
            version: i64::from(plan.version),
            body: serde_json::to_string(&plan)?,
            reasons: serde_json::json!([{ "code": "clinician_approved", "detail": text, "by": staff.id }])
                .to_string(),
            draft: false,
            doc_version: gradus_core::DOCUMENT_VERSION,
            now: now(),
        };
        let audit = actor.event(Action::ApprovePlan, Some(&m.id), Outcome::Ok);
        self.store.add_plan_version(&m.id, next, &audit).await?;
        self.plan_view_unaudited(actor, &m.id).await
    }
}
