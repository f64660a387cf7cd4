//! A read-through cache in front of any store, for the two reads every request makes: "who owns
//! this token" and "what is this member's current plan".
//!
//! Writes that change them go through the same wrapper and evict at once, so a single server is
//! always exact. With several servers on one PostgreSQL database, another server's write is seen
//! after at most the time-to-live (`TOKEN_TTL`, `PLAN_TTL`).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use async_trait::async_trait;

use crate::model::*;
use crate::{Result, Store};

pub const TOKEN_TTL: Duration = Duration::from_secs(10);
pub const PLAN_TTL: Duration = Duration::from_secs(5);
const MAX_ENTRIES: usize = 100_000;

struct Ttl<K, V> {
    ttl: Duration,
    map: RwLock<HashMap<K, (V, Instant)>>,
}

impl<K: Eq + Hash + Clone, V: Clone> Ttl<K, V> {
    fn new(ttl: Duration) -> Self {
        Ttl {
            ttl,
            map: RwLock::new(HashMap::new()),
        }
    }

    fn get(&self, k: &K) -> Option<V> {
        let map = self.map.read().unwrap_or_else(|p| p.into_inner());
        map.get(k)
            .filter(|(_, at)| at.elapsed() < self.ttl)
            .map(|(v, _)| v.clone())
    }

    fn put(&self, k: K, v: V) {
        let mut map = self.map.write().unwrap_or_else(|p| p.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, (_, at)| at.elapsed() < self.ttl);
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
        }
        map.insert(k, (v, Instant::now()));
    }

    fn evict_where(&self, f: impl Fn(&K, &V) -> bool) {
        self.map
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|k, (v, _)| !f(k, v));
    }
}

pub struct CachedStore {
    inner: Arc<dyn Store>,
    tokens: Ttl<String, (Account, TokenInfo)>,
    plans: Ttl<String, Option<PlanVersion>>,
}

impl CachedStore {
    pub fn new(inner: Arc<dyn Store>) -> CachedStore {
        CachedStore {
            inner,
            tokens: Ttl::new(TOKEN_TTL),
            plans: Ttl::new(PLAN_TTL),
        }
    }

    fn forget_member(&self, member_id: &str) {
        self.plans.evict_where(|k, _| k == member_id);
        self.tokens.evict_where(|_, (a, _)| a.id == member_id);
    }
}

#[async_trait]
impl Store for CachedStore {
    async fn ping(&self) -> Result<()> {
        self.inner.ping().await
    }
    async fn create_org(&self, name: &str) -> Result<i64> {
        self.inner.create_org(name).await
    }
    async fn org_by_name(&self, name: &str) -> Result<Option<i64>> {
        self.inner.org_by_name(name).await
    }
    async fn create_account(&self, new: NewAccount) -> Result<Account> {
        self.inner.create_account(new).await
    }
    async fn account_by_email(&self, email: &str) -> Result<Option<Account>> {
        self.inner.account_by_email(email).await
    }
    async fn account_by_id(&self, id: &str) -> Result<Option<Account>> {
        self.inner.account_by_id(id).await
    }
    async fn set_org(&self, account_id: &str, org_id: i64) -> Result<()> {
        self.tokens.evict_where(|_, (a, _)| a.id == account_id);
        self.inner.set_org(account_id, org_id).await
    }
    async fn assign(&self, clinician_id: &str, member_id: &str) -> Result<()> {
        self.inner.assign(clinician_id, member_id).await
    }
    async fn is_assigned(&self, clinician_id: &str, member_id: &str) -> Result<bool> {
        self.inner.is_assigned(clinician_id, member_id).await
    }
    async fn caseload(
        &self,
        clinician_id: Option<&str>,
        org_id: Option<i64>,
    ) -> Result<Vec<Account>> {
        self.inner.caseload(clinician_id, org_id).await
    }
    async fn create_token(&self, token: NewToken) -> Result<()> {
        self.inner.create_token(token).await
    }
    async fn token_account(&self, hash: &str, now: i64) -> Result<Option<(Account, TokenInfo)>> {
        if let Some(hit) = self.tokens.get(&hash.to_string())
            && hit.1.expires_at > now
        {
            return Ok(Some(hit));
        }
        let found = self.inner.token_account(hash, now).await?;
        if let Some(f) = &found {
            self.tokens.put(hash.to_string(), f.clone());
        }
        Ok(found)
    }
    async fn revoke_token(&self, hash: &str) -> Result<()> {
        self.inner.revoke_token(hash).await?;
        self.tokens.evict_where(|k, _| k == hash);
        Ok(())
    }
    async fn save_intake(
        &self,
        member_id: &str,
        intake: &str,
        assessment: &str,
        plan: Option<&str>,
        now: i64,
    ) -> Result<i64> {
        let r = self
            .inner
            .save_intake(member_id, intake, assessment, plan, now)
            .await;
        self.plans.evict_where(|k, _| k == member_id);
        r
    }
    async fn latest_assessment(&self, member_id: &str) -> Result<Option<String>> {
        self.inner.latest_assessment(member_id).await
    }
    async fn current_plan(&self, member_id: &str) -> Result<Option<PlanVersion>> {
        if let Some(hit) = self.plans.get(&member_id.to_string()) {
            return Ok(hit);
        }
        let found = self.inner.current_plan(member_id).await?;
        self.plans.put(member_id.to_string(), found.clone());
        Ok(found)
    }
    async fn plans(&self, member_id: &str) -> Result<Vec<PlanVersion>> {
        self.inner.plans(member_id).await
    }
    async fn add_plan_version(
        &self,
        member_id: &str,
        intake_id: i64,
        version: i64,
        plan: &str,
        reasons: &str,
        now: i64,
    ) -> Result<()> {
        let r = self
            .inner
            .add_plan_version(member_id, intake_id, version, plan, reasons, now)
            .await;
        self.plans.evict_where(|k, _| k == member_id);
        r
    }
    async fn add_review(&self, member_id: &str, review: &str, now: i64) -> Result<i64> {
        self.inner.add_review(member_id, review, now).await
    }
    async fn add_log_batch(&self, entries: &[NewLogEntry]) -> Result<Vec<i64>> {
        self.inner.add_log_batch(entries).await
    }
    async fn log(
        &self,
        member_id: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<LogRow>> {
        self.inner.log(member_id, from, to).await
    }
    async fn export(&self, member_id: &str) -> Result<Export> {
        self.inner.export(member_id).await
    }
    async fn delete_member(&self, member_id: &str, event: AuditEvent) -> Result<()> {
        let r = self.inner.delete_member(member_id, event).await;
        self.forget_member(member_id);
        r
    }
    async fn audit_batch(&self, events: &[AuditEvent]) -> Result<()> {
        self.inner.audit_batch(events).await
    }
    async fn audit_query(
        &self,
        member_id: Option<&str>,
        since: Option<i64>,
    ) -> Result<Vec<AuditRow>> {
        self.inner.audit_query(member_id, since).await
    }
}
