//! Who is acting, and the audit words for what they do.
//!
//! Every use case takes an [`Actor`]: a signed-in account (from the API or the pages, with the
//! address the request came from) or the operator of a command-line tool or scheduled job, who
//! has shell access to the server and no account. Audit rows name the actor either way.

use gradus_store::{Account, AccountId, AuditEvent, Role};

use crate::clock::now;
use crate::error::{AppError, AppResult};

#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    /// A signed-in account; `remote` is where the request came from.
    Account {
        account: &'a Account,
        remote: Option<&'a str>,
    },
    /// Someone at the server's command line (`gradus admin …`), or a job the server runs.
    Operator { tool: &'static str },
}

impl<'a> Actor<'a> {
    pub fn account(self) -> Option<&'a Account> {
        match self {
            Actor::Account { account, .. } => Some(account),
            Actor::Operator { .. } => None,
        }
    }

    /// The signed-in member acting on their own data.
    pub fn member(self) -> AppResult<&'a Account> {
        match self.account() {
            Some(a) if a.role == Role::Member => Ok(a),
            _ => Err(AppError::Forbidden("this is for member accounts")),
        }
    }

    /// A clinician or admin.
    pub fn staff(self) -> AppResult<&'a Account> {
        match self.account() {
            Some(a) if matches!(a.role, Role::Clinician | Role::Admin) => Ok(a),
            _ => Err(AppError::Forbidden("this is for clinicians and admins")),
        }
    }

    /// The audit event for an action of this actor.
    pub fn event(
        self,
        action: Action,
        member_id: Option<&AccountId>,
        outcome: Outcome,
    ) -> AuditEvent {
        let (actor_id, remote) = match self {
            Actor::Account { account, remote } => {
                (Some(account.id.clone()), remote.map(str::to_string))
            }
            Actor::Operator { tool } => (None, Some(tool.to_string())),
        };
        AuditEvent {
            at: now(),
            actor_id,
            action: action.as_str().to_string(),
            member_id: member_id.cloned(),
            remote,
            outcome: outcome.as_str().to_string(),
        }
    }
}

macro_rules! words {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }
    };
}

words!(
    /// The audit trail's `action` words: stable, snake_case, listed in ARCHITECTURE.md.
    Action {
        SignUp => "sign_up", SignIn => "sign_in", SignOut => "sign_out", CreateOrg => "create_org",
        CreateUser => "create_user", AssignMember => "assign_member",
        WriteIntake => "write_intake", WriteLog => "write_log", Review => "review",
        ApprovePlan => "approve_plan", ReadPlan => "read_plan", ReadPlans => "read_plans",
        ReadLog => "read_log", ReadAssessment => "read_assessment", ReadCaseload => "read_caseload",
        AccessMember => "access_member", Export => "export", DeleteMember => "delete_member",
        SetTimeZone => "set_time_zone", SignOutEverywhere => "sign_out_everywhere",
        Backup => "backup", Restore => "restore", ReadAccess => "read_access",
    }
);

words!(
    /// How an action ended.
    Outcome { Ok => "ok", Denied => "denied", Invalid => "invalid", Corrupt => "corrupt" }
);
