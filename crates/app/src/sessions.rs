//! Signing in, and the tokens that carry a signed-in account between requests.
//!
//! These are rules, not transport: the same answer (and the same time taken) for a wrong e-mail
//! and a wrong password, so nobody can learn which addresses have accounts; only a SHA-256 of a
//! token is ever stored, so a copy of the database cannot sign anyone in; every sign-in attempt
//! and every sign-out is audited. The API's bearer tokens and the pages' session cookies are both
//! issued and checked here; the surfaces only carry them (and throttle attempts per address).

use gradus_store::{Account, AuditEvent, NewToken, TokenInfo, TokenKind};
use sha2::{Digest, Sha256};

use crate::App;
use crate::account_access::Lifetimes;
use crate::actor::{Action, Actor, Outcome};
use crate::clock::now;
use crate::error::{AppError, AppResult};
use crate::password;

/// The longest token accepted (ours are 64 hex characters).
const TOKEN_MAX: usize = 256;

/// The longest e-mail and password looked at when signing in; anything longer is wrong.
const EMAIL_MAX: usize = 254;
const PASSWORD_MAX: usize = 1024;

/// A token just issued: give `token` to the client once; only its hash is kept.
#[derive(Debug, Clone)]
pub struct Issued {
    pub token: String,
    pub csrf: String,
    pub expires_at: gradus_store::Timestamp,
}

/// The SHA-256 of a token, in hex: what the store keeps and looks up.
pub fn hash_token(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A fresh random token (two v4 UUIDs: 244 random bits).
pub(crate) fn new_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

impl App {
    /// Checks an e-mail and password. A wrong e-mail and a wrong password give the same
    /// `Unauthorized`, after the same work (a real hash is verified either way); the attempt is
    /// audited with its outcome.
    pub async fn sign_in(
        &self,
        email: &str,
        password_text: &str,
        remote: Option<&str>,
    ) -> AppResult<Account> {
        self.sign_in_with(email, password_text, None, remote).await
    }

    /// Signs in with a password and, for an account enrolled in TOTP, a code (`totp`). A
    /// disabled account is refused (told only to whoever knows its password); a missing, wrong
    /// or reused code is `Unauthorized` with a message saying so. Every attempt is audited.
    pub async fn sign_in_with(
        &self,
        email: &str,
        password_text: &str,
        totp: Option<&str>,
        remote: Option<&str>,
    ) -> AppResult<Account> {
        let email = email.trim().to_lowercase();
        // A NUL byte can be in no stored address, and PostgreSQL refuses it in a query.
        let plausible = !email.is_empty()
            && email.len() <= EMAIL_MAX
            && !email.contains('\0')
            && password_text.len() <= PASSWORD_MAX;
        let account = if plausible {
            self.store.account_by_email(&email).await?
        } else {
            None
        };
        let stored = match &account {
            Some(a) => a.password_hash.clone(),
            None => password::dummy_hash().await,
        };
        let password_ok =
            password::verify(password_text.to_string(), stored).await && account.is_some();
        let mut refusal = AppError::Unauthorized("wrong email or password");
        let mut ok = password_ok;
        if let Some(a) = account.as_ref().filter(|_| password_ok) {
            if a.disabled_at.is_some() {
                ok = false;
                refusal = AppError::Unauthorized("this account is disabled");
            } else if let Err(e) = self.second_factor(a, totp).await {
                ok = false;
                refusal = e;
            }
        }
        let outcome = if ok { Outcome::Ok } else { Outcome::Denied };
        self.audit
            .record(AuditEvent {
                at: now(),
                actor_id: account.as_ref().map(|a| a.id.clone()),
                action: Action::SignIn.as_str().into(),
                member_id: None,
                remote: remote.map(str::to_string),
                outcome: outcome.as_str().into(),
            })
            .await;
        match account {
            Some(a) if ok => Ok(a),
            _ => Err(refusal),
        }
    }

    /// Issues a token of a kind (an API token or a web session) for an account, valid for
    /// `ttl_secs`.
    pub async fn issue_token(
        &self,
        account: &Account,
        kind: TokenKind,
        ttl_secs: i64,
    ) -> AppResult<Issued> {
        let token = new_token();
        let csrf = uuid::Uuid::new_v4().simple().to_string();
        let now = now();
        let expires_at = now.plus_millis(ttl_secs.saturating_mul(1000));
        self.store
            .create_token(NewToken {
                hash: hash_token(&token),
                account_id: account.id.clone(),
                kind,
                csrf: csrf.clone(),
                expires_at,
                now,
            })
            .await?;
        Ok(Issued {
            token,
            csrf,
            expires_at,
        })
    }

    /// The account behind a presented token, if the token is one of ours and has not expired
    /// or been revoked: (account, token facts, token hash). A web session idle for longer than
    /// the lifetimes allow has ended; one in use has its last use recorded (at most every
    /// minute, or a quarter of the idle timeout).
    pub async fn authenticate(
        &self,
        token: &str,
        lifetimes: &Lifetimes,
    ) -> AppResult<Option<(Account, TokenInfo, String)>> {
        if token.is_empty() || token.len() > TOKEN_MAX {
            return Ok(None);
        }
        let hash = hash_token(token);
        let now = now();
        let Some((account, info)) = self.store.token_account(&hash, now).await? else {
            return Ok(None);
        };
        if info.kind == TokenKind::Session {
            if crate::account_access::idle(lifetimes, info.last_seen_at, now) {
                return Ok(None);
            }
            if now.millis() - info.last_seen_at.millis()
                >= crate::account_access::touch_every_millis(lifetimes)
            {
                self.store.touch_token(&hash, now).await?;
            }
        }
        Ok(Some((account, info, hash)))
    }

    /// Signs this token (or session) out: it fails on its next use. Audited.
    pub async fn sign_out(&self, actor: Actor<'_>, token_hash: &str) -> AppResult<()> {
        let Some(account) = actor.account() else {
            return Err(AppError::Forbidden("signing out belongs to an account"));
        };
        let audit = actor.event(Action::SignOut, None, Outcome::Ok);
        debug_assert!(audit.actor_id.as_ref() == Some(&account.id));
        Ok(self.store.revoke_token(token_hash, &audit).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_only_their_hash_is_kept() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        let h = hash_token(&a);
        assert_eq!(h.len(), 64);
        assert_ne!(h, a);
        assert_eq!(h, hash_token(&a), "the same token always finds its row");
        // The SHA-256 of the empty string, a known answer.
        assert_eq!(
            hash_token(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
