//! Rows and new-row values.

use gradus_core::day::Day;
use serde::{Deserialize, Serialize};

pub use crate::ids::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Clinician,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Clinician => "clinician",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "member" => Some(Role::Member),
            "clinician" => Some(Role::Clinician),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: AccountId,
    pub org_id: Option<OrgId>,
    pub email: String,
    pub name: Option<String>,
    pub role: Role,
    #[serde(skip)]
    pub password_hash: String,
    pub created_at: Timestamp,
    /// An IANA time zone name; none means UTC.
    pub time_zone: Option<String>,
    /// When an operator disabled the account; a disabled account cannot sign in and its
    /// tokens fail.
    #[serde(skip)]
    pub disabled_at: Option<Timestamp>,
    /// The account signs in with a TOTP code as well as its password.
    #[serde(skip)]
    pub two_factor: bool,
    /// The account's organisation requires two-factor sign-in of its staff.
    #[serde(skip)]
    pub org_requires_two_factor: bool,
}

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: String,
    pub name: Option<String>,
    pub password_hash: String,
    pub role: Role,
    pub org_id: Option<OrgId>,
    pub time_zone: Option<String>,
    pub now: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Api,
    Session,
}

impl TokenKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Api => "api",
            TokenKind::Session => "session",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewToken {
    /// SHA-256 of the token, hex; the token itself is never stored.
    pub hash: String,
    pub account_id: AccountId,
    pub kind: TokenKind,
    pub csrf: String,
    pub expires_at: Timestamp,
    pub now: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub kind: TokenKind,
    pub csrf: String,
    pub expires_at: Timestamp,
    /// The last time the token was seen in use (kept to the minute; for the idle timeout).
    pub last_seen_at: Timestamp,
}

/// What a single-use token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SingleUse {
    /// A password reset link, made by an operator.
    PasswordReset,
    /// The second step of a sign-in: the password was right, a TOTP code is still due.
    SecondFactor,
}

impl SingleUse {
    pub fn as_str(self) -> &'static str {
        match self {
            SingleUse::PasswordReset => "password_reset",
            SingleUse::SecondFactor => "second_factor",
        }
    }
}

/// A single-use token to store (only its hash).
#[derive(Debug, Clone)]
pub struct NewSingleUse {
    pub hash: String,
    pub account_id: AccountId,
    pub purpose: SingleUse,
    pub expires_at: Timestamp,
    pub now: Timestamp,
}

/// An account's TOTP state: the confirmed secret, the one being enrolled, the last step used.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TotpState {
    pub secret: Option<String>,
    pub pending: Option<String>,
    pub last_step: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanVersion {
    pub intake_id: IntakeId,
    pub version: i64,
    /// The plan, as contract JSON text.
    pub body: String,
    /// Why this version exists, as JSON text (a list of reasons).
    pub reasons: String,
    pub created_at: Timestamp,
    /// Drafted for a clinician to approve; not to be followed yet.
    pub draft: bool,
    /// The format version the plan document was written in.
    pub doc_version: i32,
}

#[derive(Debug, Clone)]
pub struct NewLogEntry {
    pub member_id: AccountId,
    /// The member's local day the entry is for.
    pub date: Day,
    pub body: String,
    /// The entry reports a new warning sign (the safety gate reads only these rows).
    pub warning_signs: bool,
    /// The format version of `body`.
    pub doc_version: i32,
    /// A client's `Idempotency-Key`: a retry with the same key within
    /// [`crate::IDEMPOTENCY_WINDOW_MS`] returns the first write's id and stores nothing.
    pub idempotency_key: Option<String>,
    pub now: Timestamp,
    pub audit: AuditEvent,
}

/// An intake, its assessment and, when triage allows one, plan version 1 (JSON documents).
#[derive(Debug, Clone)]
pub struct NewIntake {
    pub intake: String,
    pub assessment: String,
    /// Plan version 1 and whether it is a draft awaiting approval.
    pub plan: Option<(String, bool)>,
    /// The format version of the documents.
    pub doc_version: i32,
    pub now: Timestamp,
}

/// The next version of a plan line.
#[derive(Debug, Clone)]
pub struct NewPlanVersion {
    pub intake_id: IntakeId,
    pub version: i64,
    pub body: String,
    /// Why this version exists, as JSON text (a list of reasons).
    pub reasons: String,
    pub draft: bool,
    /// The format version of `body`.
    pub doc_version: i32,
    pub now: Timestamp,
}

/// A review, with the plan version it made, if any.
#[derive(Debug, Clone)]
pub struct NewReview {
    pub body: String,
    /// The format version of `body`.
    pub doc_version: i32,
    pub next_plan: Option<NewPlanVersion>,
    pub now: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogRow {
    pub id: LogEntryId,
    pub date: Day,
    pub body: String,
    pub created_at: Timestamp,
    /// The format version the entry was written in.
    pub doc_version: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub at: Timestamp,
    /// The account that acted; none for an operator's command (named in `remote`).
    pub actor_id: Option<AccountId>,
    /// What was done: a stable snake_case word such as `read_plan`, `write_log`.
    pub action: String,
    pub member_id: Option<AccountId>,
    /// Where the request came from.
    pub remote: Option<String>,
    /// `ok`, `denied`, `invalid`.
    pub outcome: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    pub id: AuditId,
    #[serde(flatten)]
    pub event: AuditEvent,
}

/// Everything stored about a member, as raw JSON documents.
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    pub account: Account,
    pub intakes: Vec<IntakeRow>,
    pub plans: Vec<PlanVersion>,
    pub log: Vec<LogRow>,
    pub reviews: Vec<ReviewRow>,
}

/// A stored intake with the assessment made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntakeRow {
    pub id: IntakeId,
    pub intake: String,
    pub assessment: String,
    pub created_at: Timestamp,
    /// The format version both documents were written in.
    pub doc_version: i32,
}

/// A stored review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewRow {
    pub id: ReviewId,
    pub body: String,
    pub created_at: Timestamp,
    /// The format version the review was written in.
    pub doc_version: i32,
}
