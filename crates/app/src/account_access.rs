//! Access can be taken away: disabling and enabling accounts, unassigning members, revoking
//! every token of an account, password change and reset, TOTP for staff, session lifetimes and
//! the purge of expired rows. One room for these rules; `gradus admin`, the API and the pages
//! only carry them. Every write commits its audit row with it (see the store).

use gradus_store::{Account, NewSingleUse, Role, SingleUse, Timestamp, TokenKind};

use crate::actor::{Action, Actor, Outcome};
use crate::clock::now;
use crate::error::{AppError, AppResult};
use crate::sessions::hash_token;
use crate::{App, password, totp};

/// How long tokens and sessions live. `gradus serve` sets them from its flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetimes {
    /// An API token's absolute lifetime.
    pub api_token_secs: i64,
    /// A web session's absolute lifetime.
    pub session_secs: i64,
    /// A web session not used for this long has ended.
    pub session_idle_secs: i64,
}

impl Default for Lifetimes {
    fn default() -> Self {
        Lifetimes {
            api_token_secs: 7 * 24 * 3600,
            session_secs: 12 * 3600,
            session_idle_secs: 30 * 60,
        }
    }
}

impl Lifetimes {
    pub fn for_kind(&self, kind: TokenKind) -> i64 {
        match kind {
            TokenKind::Api => self.api_token_secs,
            TokenKind::Session => self.session_secs,
        }
    }
}

/// How long a reset link made by `gradus admin reset-link` works.
pub const RESET_LINK_SECS: i64 = 3600;

/// What an operator's command did.
#[derive(Debug, Clone)]
pub struct Done {
    pub account: Account,
    /// Tokens and sessions revoked.
    pub revoked: u64,
}

/// A TOTP secret being enrolled: show it (or its URI as a QR code) once.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret: String,
    pub uri: String,
}

/// Accounts are disabled, tokens revoked and links made from the server's command line.
fn operator(actor: Actor<'_>) -> AppResult<()> {
    match actor {
        Actor::Operator { .. } => Ok(()),
        Actor::Account { .. } => Err(AppError::Forbidden(
            "accounts are disabled and links made with `gradus admin`",
        )),
    }
}

impl App {
    async fn account_named(&self, field: &str, email: &str) -> AppResult<Account> {
        self.store
            .account_by_email(&email.trim().to_lowercase())
            .await?
            .ok_or_else(|| AppError::field(field, format!("no account {email:?}")))
    }

    /// Disables an account: it cannot sign in, and every token and session it has fails on
    /// its next request. Its data stays. Operators only.
    pub async fn disable_account(&self, actor: Actor<'_>, email: &str) -> AppResult<Done> {
        operator(actor)?;
        let account = self.account_named("email", email).await?;
        let audit = actor.event(Action::DisableAccount, Some(&account.id), Outcome::Ok);
        let revoked = self
            .store
            .set_disabled(&account.id, Some(now()), &audit)
            .await?;
        Ok(Done { account, revoked })
    }

    /// Enables a disabled account again (it signs in anew). Operators only.
    pub async fn enable_account(&self, actor: Actor<'_>, email: &str) -> AppResult<Done> {
        operator(actor)?;
        let account = self.account_named("email", email).await?;
        let audit = actor.event(Action::EnableAccount, Some(&account.id), Outcome::Ok);
        self.store.set_disabled(&account.id, None, &audit).await?;
        Ok(Done {
            account,
            revoked: 0,
        })
    }

    /// Revokes every token and session of an account. Operators only.
    pub async fn revoke_tokens(&self, actor: Actor<'_>, email: &str) -> AppResult<Done> {
        operator(actor)?;
        let account = self.account_named("email", email).await?;
        let audit = actor.event(Action::RevokeTokens, Some(&account.id), Outcome::Ok);
        let revoked = self.store.revoke_all_tokens(&account.id, &audit).await?;
        Ok(Done { account, revoked })
    }

    /// Takes a member off a clinician's caseload: the clinician no longer sees them (404).
    /// Operators only.
    pub async fn unassign(
        &self,
        actor: Actor<'_>,
        clinician_email: &str,
        member_email: &str,
    ) -> AppResult<(Account, Account)> {
        operator(actor)?;
        let c = self.account_named("clinician", clinician_email).await?;
        let m = self.account_named("member", member_email).await?;
        let audit = actor.event(Action::UnassignMember, Some(&m.id), Outcome::Ok);
        if !self.store.unassign(&c.id, &m.id, &audit).await? {
            return Err(AppError::field(
                "member",
                format!("{} is not assigned to {}", m.email, c.email),
            ));
        }
        Ok((c, m))
    }

    /// Whether an organisation requires its staff to sign in with a TOTP code. Operators only.
    pub async fn require_two_factor(
        &self,
        actor: Actor<'_>,
        org: &str,
        required: bool,
    ) -> AppResult<()> {
        operator(actor)?;
        let org_id = self
            .store
            .org_by_name(org.trim())
            .await?
            .ok_or_else(|| AppError::field("org", format!("no organisation named {org:?}")))?;
        let audit = actor.event(Action::RequireTwoFactor, None, Outcome::Ok);
        self.store
            .set_org_requires_two_factor(org_id, required, &audit)
            .await?;
        Ok(())
    }

    /// A single-use password reset link's token for an account, valid for
    /// [`RESET_LINK_SECS`]; only its hash is stored. Operators only (there is no e-mail server:
    /// the operator hands the link over).
    pub async fn reset_link(&self, actor: Actor<'_>, email: &str) -> AppResult<(Account, String)> {
        operator(actor)?;
        let account = self.account_named("email", email).await?;
        if account.disabled_at.is_some() {
            return Err(AppError::field(
                "email",
                "this account is disabled: enable it first",
            ));
        }
        let token = crate::sessions::new_token();
        let now = now();
        let audit = actor.event(Action::ResetLink, Some(&account.id), Outcome::Ok);
        self.store
            .create_single_use(
                NewSingleUse {
                    hash: hash_token(&token),
                    account_id: account.id.clone(),
                    purpose: SingleUse::PasswordReset,
                    expires_at: now.plus_millis(RESET_LINK_SECS * 1000),
                    now,
                },
                Some(&audit),
            )
            .await?;
        Ok((account, token))
    }

    /// Whether a reset link still works (unused, unexpired), without using it.
    pub async fn reset_link_valid(&self, token: &str) -> AppResult<bool> {
        if token.is_empty() || token.len() > 256 {
            return Ok(false);
        }
        Ok(self
            .store
            .single_use_account(&hash_token(token), SingleUse::PasswordReset, now())
            .await?
            .is_some())
    }

    /// Sets a new password with a reset link: the link is used up, and every token and session
    /// of the account is revoked, in one transaction with its audit row. An unknown, used or
    /// expired link is `Unauthorized`.
    pub async fn reset_password(
        &self,
        token: &str,
        new_password: &str,
        remote: Option<&str>,
    ) -> AppResult<()> {
        if token.is_empty() || token.len() > 256 {
            return Err(AppError::Unauthorized(
                "this reset link is unknown, used or expired",
            ));
        }
        let hash = hash_token(token);
        let account_id = self
            .store
            .single_use_account(&hash, SingleUse::PasswordReset, now())
            .await?
            .ok_or(AppError::Unauthorized(
                "this reset link is unknown, used or expired",
            ))?;
        let account = self
            .store
            .account_by_id(&account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        crate::accounts::check_password("password", new_password, &account.email)?;
        let password_hash = password::hash(new_password.to_string()).await?;
        let audit = gradus_store::AuditEvent {
            at: now(),
            actor_id: Some(account.id.clone()),
            action: Action::ResetPassword.as_str().into(),
            member_id: (account.role == Role::Member).then(|| account.id.clone()),
            remote: remote.map(str::to_string),
            outcome: Outcome::Ok.as_str().into(),
        };
        self.store
            .reset_password(&hash, now(), &password_hash, &audit)
            .await?
            .ok_or(AppError::Unauthorized(
                "this reset link is unknown, used or expired",
            ))?;
        Ok(())
    }

    /// Changes the signed-in account's password, given the current one. Every other token and
    /// session of the account is revoked; `keep` (the hash of the token that asked) stays.
    pub async fn change_password(
        &self,
        actor: Actor<'_>,
        current: &str,
        new_password: &str,
        keep: Option<&str>,
    ) -> AppResult<u64> {
        let Some(account) = actor.account() else {
            return Err(AppError::Forbidden("a password belongs to an account"));
        };
        let ok = current.len() <= crate::accounts::PASSWORD_MAX_BYTES
            && password::verify(current.to_string(), account.password_hash.clone()).await;
        if !ok {
            let audit = actor.event(Action::ChangePassword, None, Outcome::Denied);
            self.audit.record(audit).await;
            return Err(AppError::field(
                "current_password",
                "this is not your current password",
            ));
        }
        crate::accounts::check_password("new_password", new_password, &account.email)?;
        let hash = password::hash(new_password.to_string()).await?;
        let audit = actor.event(Action::ChangePassword, None, Outcome::Ok);
        Ok(self
            .store
            .set_password(&account.id, &hash, keep, &audit)
            .await?)
    }

    /// Starts TOTP enrolment for the signed-in staff account: a new secret to put in an
    /// authenticator app. It is in effect only once a code from it is confirmed.
    pub async fn totp_begin(&self, actor: Actor<'_>) -> AppResult<Enrolment> {
        let account = actor.staff()?;
        if account.two_factor {
            return Err(AppError::Conflict(
                "two-factor sign-in is already enrolled".into(),
            ));
        }
        let secret = totp::new_secret();
        let audit = actor.event(Action::TotpEnrol, None, Outcome::Ok);
        self.store
            .set_totp_pending(&account.id, Some(&secret), &audit)
            .await?;
        Ok(Enrolment {
            uri: totp::uri(&secret, &account.email),
            secret,
        })
    }

    /// Confirms enrolment with a code from the authenticator app: from now on signing in asks
    /// for a code too.
    pub async fn totp_confirm(&self, actor: Actor<'_>, code: &str) -> AppResult<()> {
        let account = actor.staff()?;
        let state = self.store.totp_state(&account.id).await?;
        let Some(pending) = state.pending else {
            return Err(AppError::Conflict(
                "no enrolment is under way: start one first".into(),
            ));
        };
        let Some(step) = totp::matching_step(&pending, code, now().millis()) else {
            return Err(AppError::field("code", "this code does not match"));
        };
        let audit = actor.event(Action::TotpConfirm, None, Outcome::Ok);
        if !self
            .store
            .confirm_totp(&account.id, &pending, step, &audit)
            .await?
        {
            return Err(AppError::Conflict(
                "the enrolment changed meanwhile: start again".into(),
            ));
        }
        Ok(())
    }

    /// Checks the second factor of a sign-in whose password was right. `Ok` when the account
    /// has no TOTP; otherwise the code must match and be later than any accepted before.
    pub(crate) async fn second_factor(
        &self,
        account: &Account,
        code: Option<&str>,
    ) -> AppResult<()> {
        if !account.two_factor {
            return Ok(());
        }
        let Some(code) = code.filter(|c| !c.trim().is_empty()) else {
            return Err(AppError::Unauthorized(
                "a TOTP code is required: send the 6-digit code from your authenticator app in the totp field",
            ));
        };
        let state = self.store.totp_state(&account.id).await?;
        let step = state
            .secret
            .as_deref()
            .and_then(|s| totp::matching_step(s, code, now().millis()));
        match step {
            Some(step) if self.store.use_totp_step(&account.id, step).await? => Ok(()),
            _ => Err(AppError::Unauthorized(
                "wrong, expired or already used TOTP code",
            )),
        }
    }

    /// A staff account whose organisation requires two-factor sign-in and that has not
    /// enrolled: its tokens work only for enrolling.
    pub fn must_enrol(&self, account: &Account) -> bool {
        account.role != Role::Member && account.org_requires_two_factor && !account.two_factor
    }

    /// Deletes expired tokens, idle sessions and used or expired single-use links, with one
    /// audit row. Returns how many rows went. Run by the server periodically.
    pub async fn purge_expired(&self, actor: Actor<'_>, lifetimes: &Lifetimes) -> AppResult<u64> {
        operator(actor)?;
        let now = now();
        let idle_before = now.plus_millis(-lifetimes.session_idle_secs.saturating_mul(1000));
        let audit = actor.event(Action::PurgeExpired, None, Outcome::Ok);
        Ok(self.store.purge_expired(now, idle_before, &audit).await?)
    }
}

/// How often a session's last use is written (at most): a minute, or a quarter of the idle
/// timeout when that is shorter, so the idle timeout stays accurate without a write per request.
pub(crate) fn touch_every_millis(l: &Lifetimes) -> i64 {
    (l.session_idle_secs.saturating_mul(1000) / 4).clamp(100, 60_000)
}

/// Whether a session last seen at `last_seen` has been idle too long at `now`.
pub(crate) fn idle(l: &Lifetimes, last_seen: Timestamp, now: Timestamp) -> bool {
    now.millis() - last_seen.millis() > l.session_idle_secs.saturating_mul(1000)
}
