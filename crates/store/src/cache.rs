//! A read-through cache in front of any store, for the reads every request makes: "who owns
//! this token", "what is this member's current plan" and "has a warning sign paused it".
//!
//! On one server the cache is exact. Writes go through the same wrapper and invalidate after the
//! write commits; a read that missed only fills the cache if no invalidation happened while it
//! was reading the database (a generation check under one small lock), so a slow miss can never
//! put back a value that a concurrent write has just replaced: a revoked token fails on the next
//! request and an approved plan shows on the next read. With several servers on one PostgreSQL
//! database, another server's write is seen after at most the time-to-live (`TOKEN_TTL`,
//! `PLAN_TTL`); another process on the same SQLite file (`gradus admin`) announces its
//! revocations through a file the cache looks at before trusting a token (`revocations`). Each cache is bounded by weight (moka evicts the least useful entries one by one;
//! nothing is ever cleared wholesale).

use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use moka::sync::Cache;

use gradus_core::day::Day;

use crate::model::*;
use crate::{Accounts, Audit, ChainReport, Records, Result, Store, Tokens};

pub const TOKEN_TTL: Duration = Duration::from_secs(10);
pub const PLAN_TTL: Duration = Duration::from_secs(5);
/// At most this many cached tokens.
const TOKEN_CAPACITY: u64 = 100_000;
/// At most this many bytes of cached plan and warning-sign documents.
const DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// One cache with the generation check that keeps read-through fills from racing invalidation.
struct Exact<K, V> {
    cache: Cache<K, V>,
    generation: AtomicU64,
    fill: Mutex<()>,
}

impl<K, V> Exact<K, V>
where
    K: Eq + Hash + Send + Sync + Clone + 'static,
    V: Clone + Send + Sync + 'static,
{
    fn new(ttl: Duration, capacity: u64, weigh: fn(&K, &V) -> u32) -> Self {
        Exact {
            cache: Cache::builder()
                .time_to_live(ttl)
                .max_capacity(capacity)
                .weigher(weigh)
                .support_invalidation_closures()
                .build(),
            generation: AtomicU64::new(0),
            fill: Mutex::new(()),
        }
    }

    fn get(&self, k: &K) -> Option<V> {
        self.cache.get(k)
    }

    /// Call before reading the database on a miss; pass the result to [`Exact::fill`].
    fn begin(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    fn fill(&self, k: K, v: V, generation: u64) {
        let _guard = self.fill.lock().unwrap_or_else(|p| p.into_inner());
        if self.generation.load(Ordering::SeqCst) == generation {
            self.cache.insert(k, v);
        }
    }

    fn invalidate(&self, k: &K) {
        let _guard = self.fill.lock().unwrap_or_else(|p| p.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.cache.invalidate(k);
    }

    /// Forgets everything (another process changed what the entries were read from).
    fn clear(&self) {
        let _guard = self.fill.lock().unwrap_or_else(|p| p.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.cache.invalidate_all();
    }

    fn invalidate_if(&self, f: impl Fn(&K, &V) -> bool + Send + Sync + 'static) {
        let _guard = self.fill.lock().unwrap_or_else(|p| p.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        if self.cache.invalidate_entries_if(f).is_err() {
            // Only when closures are not supported, which `new` turns on.
            self.cache.invalidate_all();
        }
    }
}

fn weigh_token(_: &String, _: &(Account, TokenInfo)) -> u32 {
    1
}

#[allow(clippy::ptr_arg)] // the weigher signature is moka's: &K, &V
fn weigh_plan(k: &AccountId, v: &Option<PlanVersion>) -> u32 {
    let body = v.as_ref().map_or(0, |p| p.body.len() + p.reasons.len());
    u32::try_from(k.as_str().len() + body + 64).unwrap_or(u32::MAX)
}

#[allow(clippy::ptr_arg)] // the weigher signature is moka's: &K, &V
fn weigh_signs(k: &AccountId, v: &Vec<LogRow>) -> u32 {
    let body: usize = v.iter().map(|r| r.body.len() + 48).sum();
    u32::try_from(k.as_str().len() + body + 64).unwrap_or(u32::MAX)
}

pub struct CachedStore {
    inner: Arc<dyn Store>,
    tokens: Exact<String, (Account, TokenInfo)>,
    plans: Exact<AccountId, Option<PlanVersion>>,
    signs: Exact<AccountId, Vec<LogRow>>,
    /// Revocations made by other processes on the same SQLite file.
    revocations: crate::revocations::Revocations,
}

impl CachedStore {
    pub fn new(inner: Arc<dyn Store>) -> CachedStore {
        CachedStore {
            tokens: Exact::new(TOKEN_TTL, TOKEN_CAPACITY, weigh_token),
            plans: Exact::new(PLAN_TTL, DOCUMENT_BYTES, weigh_plan),
            signs: Exact::new(PLAN_TTL, DOCUMENT_BYTES / 4, weigh_signs),
            revocations: crate::revocations::Revocations::beside(inner.database_file().as_deref()),
            inner,
        }
    }

    /// Forgets an account's cached tokens here, and tells other processes to look again.
    fn forget_tokens_of(&self, account_id: &AccountId) {
        let id = account_id.clone();
        self.tokens.invalidate_if(move |_, (a, _)| a.id == id);
        self.revocations.announce();
    }

    fn forget_member(&self, member_id: &AccountId) {
        let k = member_id.clone();
        self.plans.invalidate(&k);
        self.signs.invalidate(&k);
        self.forget_tokens_of(member_id);
    }
}

#[async_trait]
impl Accounts for CachedStore {
    async fn ping(&self) -> Result<()> {
        self.inner.ping().await
    }
    async fn backup_into(&self, dest: &std::path::Path) -> Result<()> {
        self.inner.backup_into(dest).await
    }
    async fn close(&self) {
        self.inner.close().await
    }
    async fn create_org(&self, name: &str, audit: &AuditEvent) -> Result<OrgId> {
        self.inner.create_org(name, audit).await
    }
    async fn org_by_name(&self, name: &str) -> Result<Option<OrgId>> {
        self.inner.org_by_name(name).await
    }
    async fn create_account(&self, new: NewAccount, audit: &AuditEvent) -> Result<Account> {
        self.inner.create_account(new, audit).await
    }
    async fn account_by_email(&self, email: &str) -> Result<Option<Account>> {
        self.inner.account_by_email(email).await
    }
    async fn account_by_id(&self, id: &AccountId) -> Result<Option<Account>> {
        self.inner.account_by_id(id).await
    }
    async fn set_org(
        &self,
        account_id: &AccountId,
        org_id: OrgId,
        audit: &AuditEvent,
    ) -> Result<()> {
        let r = self.inner.set_org(account_id, org_id, audit).await;
        self.forget_tokens_of(account_id);
        r
    }
    async fn set_time_zone(
        &self,
        account_id: &AccountId,
        time_zone: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<()> {
        let r = self.inner.set_time_zone(account_id, time_zone, audit).await;
        // Cached tokens carry the account, time zone included.
        self.forget_tokens_of(account_id);
        r
    }
    async fn assign(
        &self,
        clinician_id: &AccountId,
        member_id: &AccountId,
        org_id: Option<OrgId>,
        audit: &AuditEvent,
    ) -> Result<()> {
        let r = self
            .inner
            .assign(clinician_id, member_id, org_id, audit)
            .await;
        // The member's organisation may have changed, and cached tokens carry the account.
        self.forget_tokens_of(member_id);
        r
    }
    async fn unassign(
        &self,
        clinician_id: &AccountId,
        member_id: &AccountId,
        audit: &AuditEvent,
    ) -> Result<bool> {
        self.inner.unassign(clinician_id, member_id, audit).await
    }
    async fn set_disabled(
        &self,
        account_id: &AccountId,
        disabled_at: Option<Timestamp>,
        audit: &AuditEvent,
    ) -> Result<u64> {
        let r = self
            .inner
            .set_disabled(account_id, disabled_at, audit)
            .await;
        // The account's tokens are gone: they must fail on the very next request.
        self.forget_tokens_of(account_id);
        r
    }
    async fn set_org_requires_two_factor(
        &self,
        org_id: OrgId,
        required: bool,
        audit: &AuditEvent,
    ) -> Result<()> {
        let r = self
            .inner
            .set_org_requires_two_factor(org_id, required, audit)
            .await;
        // Cached tokens carry the account with its organisation's rule.
        self.tokens
            .invalidate_if(move |_, (a, _)| a.org_id == Some(org_id));
        self.revocations.announce();
        r
    }
    async fn set_password(
        &self,
        account_id: &AccountId,
        password_hash: &str,
        keep: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<u64> {
        let r = self
            .inner
            .set_password(account_id, password_hash, keep, audit)
            .await;
        self.forget_tokens_of(account_id);
        r
    }
    async fn totp_state(&self, account_id: &AccountId) -> Result<TotpState> {
        self.inner.totp_state(account_id).await
    }
    async fn set_totp_pending(
        &self,
        account_id: &AccountId,
        secret: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<()> {
        self.inner.set_totp_pending(account_id, secret, audit).await
    }
    async fn confirm_totp(
        &self,
        account_id: &AccountId,
        secret: &str,
        step: i64,
        audit: &AuditEvent,
    ) -> Result<bool> {
        let r = self
            .inner
            .confirm_totp(account_id, secret, step, audit)
            .await;
        // Cached tokens carry the account, its two-factor flag included.
        self.forget_tokens_of(account_id);
        r
    }
    async fn use_totp_step(&self, account_id: &AccountId, step: i64) -> Result<bool> {
        self.inner.use_totp_step(account_id, step).await
    }
    async fn is_assigned(&self, clinician_id: &AccountId, member_id: &AccountId) -> Result<bool> {
        self.inner.is_assigned(clinician_id, member_id).await
    }
    async fn caseload(
        &self,
        clinician_id: Option<&AccountId>,
        org_id: Option<OrgId>,
    ) -> Result<Vec<Account>> {
        self.inner.caseload(clinician_id, org_id).await
    }
}

#[async_trait]
impl Tokens for CachedStore {
    fn database_file(&self) -> Option<std::path::PathBuf> {
        self.inner.database_file()
    }
    async fn create_token(&self, token: NewToken) -> Result<()> {
        self.inner.create_token(token).await
    }
    async fn token_account(
        &self,
        hash: &str,
        now: Timestamp,
    ) -> Result<Option<(Account, TokenInfo)>> {
        let k = hash.to_string();
        if self.revocations.changed_elsewhere() {
            self.tokens.clear();
        }
        if let Some(hit) = self.tokens.get(&k)
            && hit.1.expires_at > now
        {
            return Ok(Some(hit));
        }
        let generation = self.tokens.begin();
        let found = self.inner.token_account(hash, now).await?;
        if let Some(f) = &found {
            self.tokens.fill(k, f.clone(), generation);
        }
        Ok(found)
    }
    async fn revoke_all_tokens(&self, account_id: &AccountId, audit: &AuditEvent) -> Result<u64> {
        let r = self.inner.revoke_all_tokens(account_id, audit).await;
        self.forget_tokens_of(account_id);
        r
    }
    async fn touch_token(&self, hash: &str, now: Timestamp) -> Result<()> {
        let r = self.inner.touch_token(hash, now).await;
        self.tokens.invalidate(&hash.to_string());
        r
    }
    async fn purge_expired(
        &self,
        now: Timestamp,
        idle_before: Timestamp,
        audit: &AuditEvent,
    ) -> Result<u64> {
        let r = self.inner.purge_expired(now, idle_before, audit).await;
        self.tokens.invalidate_if(move |_, (_, t)| {
            t.expires_at <= now || (t.kind == TokenKind::Session && t.last_seen_at < idle_before)
        });
        r
    }
    async fn create_single_use(&self, new: NewSingleUse, audit: Option<&AuditEvent>) -> Result<()> {
        self.inner.create_single_use(new, audit).await
    }
    async fn single_use_account(
        &self,
        hash: &str,
        purpose: SingleUse,
        now: Timestamp,
    ) -> Result<Option<AccountId>> {
        self.inner.single_use_account(hash, purpose, now).await
    }
    async fn take_single_use(
        &self,
        hash: &str,
        purpose: SingleUse,
        now: Timestamp,
    ) -> Result<Option<AccountId>> {
        self.inner.take_single_use(hash, purpose, now).await
    }
    async fn reset_password(
        &self,
        hash: &str,
        now: Timestamp,
        password_hash: &str,
        audit: &AuditEvent,
    ) -> Result<Option<AccountId>> {
        let r = self
            .inner
            .reset_password(hash, now, password_hash, audit)
            .await;
        if let Ok(Some(id)) = &r {
            self.forget_tokens_of(id);
        }
        r
    }
    async fn revoke_token(&self, hash: &str, audit: &AuditEvent) -> Result<()> {
        let r = self.inner.revoke_token(hash, audit).await;
        self.tokens.invalidate(&hash.to_string());
        self.revocations.announce();
        r
    }
}

#[async_trait]
impl Records for CachedStore {
    async fn save_intake(
        &self,
        member_id: &AccountId,
        new: NewIntake,
        audit: &AuditEvent,
    ) -> Result<IntakeId> {
        let r = self.inner.save_intake(member_id, new, audit).await;
        let k = member_id.clone();
        self.plans.invalidate(&k);
        self.signs.invalidate(&k);
        r
    }
    async fn latest_assessment(&self, member_id: &AccountId) -> Result<Option<(String, i32)>> {
        self.inner.latest_assessment(member_id).await
    }
    async fn current_plan(&self, member_id: &AccountId) -> Result<Option<PlanVersion>> {
        let k = member_id.clone();
        if let Some(hit) = self.plans.get(&k) {
            return Ok(hit);
        }
        let generation = self.plans.begin();
        let found = self.inner.current_plan(member_id).await?;
        self.plans.fill(k, found.clone(), generation);
        Ok(found)
    }
    async fn plans(&self, member_id: &AccountId) -> Result<Vec<PlanVersion>> {
        self.inner.plans(member_id).await
    }
    async fn warning_signs_since_intake(&self, member_id: &AccountId) -> Result<Vec<LogRow>> {
        let k = member_id.clone();
        if let Some(hit) = self.signs.get(&k) {
            return Ok(hit);
        }
        let generation = self.signs.begin();
        let found = self.inner.warning_signs_since_intake(member_id).await?;
        self.signs.fill(k, found.clone(), generation);
        Ok(found)
    }
    async fn add_plan_version(
        &self,
        member_id: &AccountId,
        next: NewPlanVersion,
        audit: &AuditEvent,
    ) -> Result<()> {
        let r = self.inner.add_plan_version(member_id, next, audit).await;
        self.plans.invalidate(member_id);
        r
    }
    async fn save_review(
        &self,
        member_id: &AccountId,
        review: NewReview,
        audit: &AuditEvent,
    ) -> Result<ReviewId> {
        let r = self.inner.save_review(member_id, review, audit).await;
        self.plans.invalidate(member_id);
        r
    }
    async fn latest_review(&self, member_id: &AccountId) -> Result<Option<ReviewRow>> {
        self.inner.latest_review(member_id).await
    }
    async fn add_log_batch(&self, entries: &[NewLogEntry]) -> Result<Vec<LogEntryId>> {
        let r = self.inner.add_log_batch(entries).await;
        for e in entries.iter().filter(|e| e.warning_signs) {
            self.signs.invalidate(&e.member_id);
        }
        r
    }
    async fn log(
        &self,
        member_id: &AccountId,
        from: Option<Day>,
        to: Option<Day>,
    ) -> Result<Vec<LogRow>> {
        self.inner.log(member_id, from, to).await
    }
    async fn log_entries_since(
        &self,
        member_id: &AccountId,
        since: Timestamp,
        up_to: u64,
    ) -> Result<u64> {
        self.inner.log_entries_since(member_id, since, up_to).await
    }
    async fn intakes_since(
        &self,
        member_id: &AccountId,
        since: Timestamp,
        up_to: u64,
    ) -> Result<u64> {
        self.inner.intakes_since(member_id, since, up_to).await
    }
    async fn export(&self, member_id: &AccountId) -> Result<Export> {
        self.inner.export(member_id).await
    }
    async fn delete_member(&self, member_id: &AccountId, event: AuditEvent) -> Result<()> {
        let r = self.inner.delete_member(member_id, event).await;
        self.forget_member(member_id);
        r
    }
}

#[async_trait]
impl Audit for CachedStore {
    async fn audit_batch(&self, events: &[AuditEvent]) -> Result<()> {
        self.inner.audit_batch(events).await
    }
    async fn audit_query(
        &self,
        member_id: Option<&AccountId>,
        since: Option<Timestamp>,
    ) -> Result<Vec<AuditRow>> {
        self.inner.audit_query(member_id, since).await
    }
    async fn audit_verify(&self) -> Result<ChainReport> {
        self.inner.audit_verify().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fill_that_raced_an_invalidation_is_dropped() {
        let c: Exact<String, u32> = Exact::new(Duration::from_secs(60), 100, |_, _| 1);
        let k = "member".to_string();
        // A reader misses and starts reading the old value from the database...
        let generation = c.begin();
        // ...a writer commits a new value and invalidates...
        c.invalidate(&k);
        // ...and the reader's late fill must not put the old value back.
        c.fill(k.clone(), 1, generation);
        assert_eq!(c.get(&k), None);
        // A fill with no invalidation in between is kept.
        let generation = c.begin();
        c.fill(k.clone(), 2, generation);
        assert_eq!(c.get(&k), Some(2));
    }

    #[test]
    fn invalidating_by_account_hides_only_that_account() {
        let c: Exact<String, String> = Exact::new(Duration::from_secs(60), 100, |_, _| 1);
        for (k, v) in [("t1", "a"), ("t2", "a"), ("t3", "b")] {
            let g = c.begin();
            c.fill(k.into(), v.into(), g);
        }
        c.invalidate_if(|_, v| v == "a");
        assert_eq!(c.get(&"t1".into()), None);
        assert_eq!(c.get(&"t2".into()), None);
        assert_eq!(c.get(&"t3".into()), Some("b".into()));
    }
}
