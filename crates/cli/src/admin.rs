//! `gradus admin …`: set a clinic up from the terminal (organisations, staff, assignments) and
//! `gradus audit`: read the audit trail (`gradus audit verify`: check its hash chain).

use std::io::Read;

use gradus_app::{Actor, App, AppError};
use gradus_store::{Accounts, Audit, Role};

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
            out.push_str(&audit_line(&r.event));
            out.push('\n');
        }
        out.push_str(&format!("{} events.", rows.len()));
        Ok(out)
    })
}

/// One audit event as one line of text. Every field is escaped (see `escape`): a remote
/// address or an action is data, and must not end the line, forge the next one or drive the
/// reader's terminal.
fn audit_line(e: &gradus_store::AuditEvent) -> String {
    format!(
        "{}  {:<8} {:<32} actor={} member={} from={}",
        gradus_app::clock::format_utc(e.at),
        escape(&e.outcome),
        escape(&e.action),
        e.actor_id
            .as_ref()
            .map_or("-".into(), |a| escape(a.as_str())),
        e.member_id
            .as_ref()
            .map_or("-".into(), |m| escape(m.as_str())),
        e.remote.as_deref().map_or("-".into(), escape)
    )
}

/// Control characters (newlines, ESC, NUL, DEL, C1), the backslash that introduces an escape,
/// and the invisible characters that reorder or hide text (bidirectional overrides, zero-width
/// marks) written as Rust escapes (`\n`, `\u{1b}`, `\\`); everything else as it is.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let invisible = matches!(c,
            '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
            | '\u{061c}' | '\u{feff}');
        if c.is_control() || c == '\\' {
            out.extend(c.escape_debug());
        } else if invisible {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// `gradus audit verify`: walks the chain with the store (read-only: verifying appends nothing,
/// so the head it reports is the head it found). A broken chain is exit status 3.
pub fn audit_verify(database: &str, json: bool) -> Result<String, Failure> {
    block(async {
        let store = gradus_store::open(database)
            .await
            .map_err(|e| Failure::Other(e.to_string()))?;
        let report = store.audit_verify().await;
        store.close().await;
        let report = report.map_err(|e| Failure::Other(e.to_string()))?;
        let text = if json {
            serde_json::to_string_pretty(&report).map_err(|e| Failure::Other(e.to_string()))?
        } else {
            verify_text(&report)
        };
        match report.broken {
            None => Ok(text),
            Some(_) => Err(Failure::Tampered(text)),
        }
    })
}

fn verify_text(r: &gradus_store::ChainReport) -> String {
    match &r.broken {
        None => format!(
            "Audit trail intact: {} rows chained, head {}.\nKeep the head somewhere else: a later run must show it (or a chain grown from it).",
            r.rows, r.head
        ),
        Some(b) => format!(
            "Audit trail BROKEN at seq {} (row {}): {}.\n{} rows verified before the break; head {}.",
            b.seq.map_or("-".into(), |s| s.to_string()),
            b.id.map_or("-".into(), |i| i.to_string()),
            b.problem,
            r.rows,
            escape(&r.head)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gradus_store::{AccountId, AuditEvent, Timestamp};

    #[test]
    fn audit_lines_cannot_forge_lines_or_drive_the_terminal() {
        let e = AuditEvent {
            at: Timestamp::from_millis(0),
            actor_id: AccountId::parse("a-1"),
            action: "sign_in\r\n1970-01-01 00:00:00Z  ok sign_in".into(),
            member_id: None,
            remote: Some("10.0.0.1\u{1b}[2J\u{0}\u{7f}\u{9b}\\n\u{202e}é".into()),
            outcome: "ok\t".into(),
        };
        let line = audit_line(&e);
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
        assert!(line.contains(r"sign_in\r\n1970"), "{line}");
        assert!(
            line.contains(r"from=10.0.0.1\u{1b}[2J\0\u{7f}\u{9b}\\n\u{202e}é"),
            "{line}"
        );
        assert!(line.contains(r"ok\t"), "{line}");
        assert!(line.contains("member=- "), "{line}");
        assert_eq!(escape("plain 10.0.0.1:443 ü"), "plain 10.0.0.1:443 ü");
    }
}
