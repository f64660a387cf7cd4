//! `gradus admin …`: set a clinic up from the terminal (organisations, staff, assignments) and
//! `gradus audit`: read the audit trail.

use std::io::Read;

use gradus_app::{Actor, App, AppError};
use gradus_store::Role;

use crate::Failure;

/// The command line acts as the server's operator.
const OPERATOR: Actor<'static> = Actor::Operator {
    tool: "gradus admin",
};

pub(crate) fn block<T>(
    f: impl std::future::Future<Output = Result<T, Failure>>,
) -> Result<T, Failure> {
    tokio::runtime::Runtime::new()
        .map_err(|e| Failure::Other(e.to_string()))?
        .block_on(f)
}

/// Builds the application exactly as `gradus serve` does.
pub(crate) async fn open(database: &str) -> Result<App, Failure> {
    App::open(database)
        .await
        .map_err(|e| Failure::Other(e.to_string()))
}

/// An application error as the command line says it: the flag that was wrong, exit 2; a store
/// or internal failure, exit 1.
fn failure(e: AppError) -> Failure {
    let flag = |path: &str| match path {
        "name" => "NAME".to_string(),
        "DEST" | "SRC" => path.to_string(),
        "password" => "password (standard input)".to_string(),
        other => format!("--{other}"),
    };
    match e {
        AppError::Invalid(errors) => Failure::Input(
            errors
                .iter()
                .map(|f| format!("{}: {}", flag(&f.path), f.message))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        AppError::Conflict(what) => Failure::Input(what),
        other => Failure::Other(other.to_string()),
    }
}

/// Finishes the command: every audit row it queued is stored before the process exits.
pub(crate) async fn done<T>(app: &App, r: Result<T, AppError>) -> Result<T, Failure> {
    app.shutdown().await;
    r.map_err(failure)
}

pub fn create_org(database: &str, name: &str) -> Result<String, Failure> {
    block(async {
        let app = open(database).await?;
        let r = app.create_org(OPERATOR, name).await;
        let id = done(&app, r).await?;
        Ok(format!("Created organisation {:?} (id {id}).", name.trim()))
    })
}

pub fn create_user(database: &str, org: &str, email: &str, role: &str) -> Result<String, Failure> {
    let role = Role::parse(role).ok_or_else(|| {
        Failure::Input(format!(
            "--role: expected clinician or admin, found {role:?}"
        ))
    })?;
    let mut password = String::new();
    std::io::stdin()
        .read_to_string(&mut password)
        .map_err(|e| Failure::Other(format!("reading the password from standard input: {e}")))?;
    let password = password.trim_end_matches(['\r', '\n']).to_string();
    block(async {
        let app = open(database).await?;
        let r = app
            .create_staff(OPERATOR, org, email, role, &password)
            .await;
        let a = done(&app, r).await?;
        Ok(format!(
            "Created {} {} in {org:?} (id {}).",
            role.as_str(),
            a.email,
            a.id
        ))
    })
}

pub fn assign(database: &str, clinician: &str, member: &str) -> Result<String, Failure> {
    block(async {
        let app = open(database).await?;
        let r = app.assign(OPERATOR, clinician, member).await;
        let (c, m) = done(&app, r).await?;
        Ok(format!("Assigned {} to clinician {}.", m.email, c.email))
    })
}

pub fn unassign(database: &str, clinician: &str, member: &str) -> Result<String, Failure> {
    block(async {
        let app = open(database).await?;
        let r = app.unassign(OPERATOR, clinician, member).await;
        let (c, m) = done(&app, r).await?;
        Ok(format!(
            "Unassigned {} from clinician {}.",
            m.email, c.email
        ))
    })
}

pub fn disable(database: &str, email: &str) -> Result<String, Failure> {
    block(async {
        let app = open(database).await?;
        let r = app.disable_account(OPERATOR, email).await;
        let d = done(&app, r).await?;
        Ok(format!(
            "Disabled {}: it cannot sign in; {} tokens and sessions revoked.",
            d.account.email, d.revoked
        ))
    })
}

pub fn enable(database: &str, email: &str) -> Result<String, Failure> {
    block(async {
        let app = open(database).await?;
        let r = app.enable_account(OPERATOR, email).await;
        let d = done(&app, r).await?;
        Ok(format!(
            "Enabled {}: it can sign in again.",
            d.account.email
        ))
    })
}

pub fn revoke_tokens(database: &str, email: &str) -> Result<String, Failure> {
    block(async {
        let app = open(database).await?;
        let r = app.revoke_tokens(OPERATOR, email).await;
        let d = done(&app, r).await?;
        Ok(format!(
            "Revoked {} tokens and sessions of {}.",
            d.revoked, d.account.email
        ))
    })
}

pub fn reset_link(database: &str, email: &str, base_url: &str) -> Result<String, Failure> {
    block(async {
        let app = open(database).await?;
        let r = app.reset_link(OPERATOR, email).await;
        let (a, token) = done(&app, r).await?;
        Ok(format!(
            "{}/reset?token={token}\nA single-use link for {} to set a new password; it works for {} minutes.",
            base_url.trim_end_matches('/'),
            a.email,
            gradus_app::account_access::RESET_LINK_SECS / 60
        ))
    })
}

pub fn require_2fa(database: &str, org: &str, required: bool) -> Result<String, Failure> {
    block(async {
        let app = open(database).await?;
        let r = app.require_two_factor(OPERATOR, org, required).await;
        done(&app, r).await?;
        Ok(if required {
            format!(
                "{org:?} now requires two-factor sign-in of its staff: staff without TOTP may only enrol until they have."
            )
        } else {
            format!("{org:?} no longer requires two-factor sign-in.")
        })
    })
}

pub fn audit(
    database: &str,
    member: Option<&str>,
    since: Option<&str>,
    json: bool,
) -> Result<String, Failure> {
    let since = match since {
        Some(d) => Some(gradus_store::Timestamp::from_millis(
            gradus_core::day::Day::parse(d)
                .map_err(|m| Failure::Input(format!("--since: {m}")))?
                .since(gradus_core::day::Day::from_unix_days(0))
                * 86_400_000,
        )),
        None => None,
    };
    let member = match member {
        Some(m) => Some(gradus_store::AccountId::parse(m).ok_or_else(|| {
            Failure::Input(format!(
                "--member: expected an account id (letters, digits and dashes), found {m:?}"
            ))
        })?),
        None => None,
    };
    block(async {
        let app = open(database).await?;
        let r = app
            .audit_trail(
                Actor::Operator {
                    tool: "gradus audit",
                },
                member.as_ref(),
                since,
            )
            .await;
        let rows = done(&app, r).await?;
        if json {
            return serde_json::to_string_pretty(&rows).map_err(|e| Failure::Other(e.to_string()));
        }
        let mut out = String::new();
        for r in &rows {
            let e = &r.event;
            out.push_str(&format!(
                "{}  {:<8} {:<32} actor={} member={} from={}\n",
                gradus_app::clock::format_utc(e.at),
                e.outcome,
                e.action,
                e.actor_id.as_ref().map_or("-", |a| a.as_str()),
                e.member_id.as_ref().map_or("-", |m| m.as_str()),
                e.remote.as_deref().unwrap_or("-")
            ));
        }
        out.push_str(&format!("{} events.", rows.len()));
        Ok(out)
    })
}
