//! A member's own access report: who has seen or changed their data, from the audit trail.
//!
//! The trail exists so that access to health data can be answered for; the person the data is
//! about has the first claim to that answer (GDPR art. 15 gives them a right to know who it was
//! disclosed to). Their own reads are counted, not listed, so the people who are not them stand
//! out. Staff are named by role and name, never by address or e-mail: the report tells a member
//! who, not where a clinician was sitting.

use std::collections::HashMap;

use gradus_store::{AccountId, Role, Timestamp};
use serde::Serialize;

use crate::App;
use crate::actor::{Action, Actor, Outcome};
use crate::clock::now;
use crate::error::AppResult;

/// How far back the report looks.
pub const REPORT_DAYS: i64 = 90;
/// The most events listed; the counts cover them all.
const MOST_LISTED: usize = 200;

/// Who acted, as the member is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Accessor {
    /// A member of staff of the member's organisation (or a former one).
    Staff { role: String, name: String },
    /// The server's operator, with a command-line tool.
    Operator { tool: String },
    /// An account that no longer exists, or a request without one.
    Unknown,
}

/// One access by someone other than the member.
#[derive(Debug, Clone, Serialize)]
pub struct AccessEvent {
    pub at: Timestamp,
    pub by: Accessor,
    /// The audit action word (`read_plan`, `approve_plan`, `access_member`…).
    pub action: String,
    /// `ok`, or `denied` when someone tried and was refused.
    pub outcome: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AccessReport {
    /// The report covers events from this moment on.
    pub since: Timestamp,
    /// Things the member did themselves in that time (reads, writes, sign-ins).
    pub by_you: usize,
    /// Everyone else, newest first (at most 200).
    pub by_others: Vec<AccessEvent>,
    /// How many events by others there were in all.
    pub by_others_total: usize,
}

impl App {
    /// The signed-in member's access report for the last 90 days.
    pub async fn access_report(&self, actor: Actor<'_>) -> AppResult<AccessReport> {
        let member = actor.member()?;
        let since = now().plus_millis(-REPORT_DAYS * 86_400_000);
        let rows = self
            .store
            .audit_query(Some(&member.id), Some(since))
            .await?;
        let mut names: HashMap<AccountId, Accessor> = HashMap::new();
        let mut by_you = 0;
        let mut by_others = Vec::new();
        for row in rows.into_iter().rev() {
            let e = row.event;
            let by = match &e.actor_id {
                Some(id) if *id == member.id => {
                    by_you += 1;
                    continue;
                }
                Some(id) => match names.get(id) {
                    Some(a) => a.clone(),
                    None => {
                        let a = match self.store.account_by_id(id).await? {
                            Some(a) if a.role != Role::Member => Accessor::Staff {
                                role: a.role.as_str().to_string(),
                                name: a.name.clone().unwrap_or_else(|| {
                                    a.email.split('@').next().unwrap_or("").to_string()
                                }),
                            },
                            _ => Accessor::Unknown,
                        };
                        names.insert(id.clone(), a.clone());
                        a
                    }
                },
                None => Accessor::Operator {
                    tool: e.remote.clone().unwrap_or_default(),
                },
            };
            by_others.push(AccessEvent {
                at: e.at,
                by,
                action: e.action,
                outcome: e.outcome,
            });
        }
        let by_others_total = by_others.len();
        by_others.truncate(MOST_LISTED);
        self.audit
            .record(actor.event(Action::ReadAccess, Some(&member.id), Outcome::Ok))
            .await;
        Ok(AccessReport {
            since,
            by_you,
            by_others,
            by_others_total,
        })
    }
}
