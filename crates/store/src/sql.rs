//! The SQL store. Every query is written once and runs on whichever pool the URL chose: the
//! `on_pool!` macro expands the same body for SQLite and for PostgreSQL, so a query that works on
//! one and not the other fails to compile or fails the shared storage tests.

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use sqlx::Row;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use gradus_core::day::Day;

use crate::chain::ChainReport;
use crate::model::*;
use crate::private;
use crate::{Accounts, Audit, Records, Result, StoreError, Tokens};

enum Pool {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

pub struct SqlStore {
    pool: Pool,
    /// The database file (SQLite).
    file: Option<std::path::PathBuf>,
    /// The database URL (PostgreSQL), for its own backup tool.
    pg_url: Option<String>,
}

/// How a writing transaction begins. SQLite's default `BEGIN` is deferred: a transaction that
/// reads before it writes can find, when it tries to write, that another writer moved on, and
/// fails instead of waiting. `BEGIN IMMEDIATE` takes the write lock first (waiting its turn
/// under the busy timeout), so everything a write transaction reads, the audit chain's head
/// included, is read under the lock. PostgreSQL locks the rows it updates.
trait BeginWrite {
    type Db: sqlx::Database;
    async fn begin_write(&self) -> sqlx::Result<sqlx::Transaction<'static, Self::Db>>;
}

impl BeginWrite for SqlitePool {
    type Db = sqlx::Sqlite;
    async fn begin_write(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl BeginWrite for PgPool {
    type Db = sqlx::Postgres;
    async fn begin_write(&self) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Postgres>> {
        self.begin().await
    }
}

macro_rules! on_pool {
    ($self:expr, |$p:ident| $body:expr) => {
        match &$self.pool {
            Pool::Sqlite($p) => $body,
            Pool::Pg($p) => $body,
        }
    };
}

/// The one way a row enters the audit table: it extends the hash chain (see `chain`).
/// `UPDATE audit_head … RETURNING` reads the head and locks it in one statement: on PostgreSQL
/// the row lock makes every other writer (of any server process) wait until this transaction
/// ends; on SQLite the transaction already holds the write lock (`begin_write`). It runs once
/// per transaction, however many rows it appends, and last, so the lock is held only to commit.
macro_rules! append_audit {
    ($tx:expr, $events:expr) => {{
        let events: &[AuditEvent] = $events;
        if !events.is_empty() {
            let n = events.len() as i64;
            let (end, mut prev) = sqlx::query_as::<_, (i64, String)>(
                "UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash",
            )
            .bind(n)
            .fetch_one(&mut *$tx)
            .await?;
            let mut links = Vec::with_capacity(events.len());
            for (i, e) in events.iter().enumerate() {
                let seq = end - n + 1 + i as i64;
                let hash = crate::chain::link_hash(seq, e, &prev);
                prev = hash.clone();
                links.push((seq, e, hash));
            }
            for chunk in links.chunks(AUDIT_ROWS_PER_INSERT) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO audit (at, actor_id, action, member_id, remote, outcome, seq, hash) ",
                );
                q.push_values(chunk, |mut row, (seq, e, hash)| {
                    row.push_bind(e.at)
                        .push_bind(&e.actor_id)
                        .push_bind(&e.action)
                        .push_bind(&e.member_id)
                        .push_bind(&e.remote)
                        .push_bind(&e.outcome)
                        .push_bind(*seq)
                        .push_bind(hash);
                });
                q.build().execute(&mut *$tx).await?;
            }
            sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
                .bind(&prev)
                .execute(&mut *$tx)
                .await?;
        }
    }};
}

macro_rules! insert_plan {
    ($conn:expr, $member:expr, $next:expr) => {{
        let n: &NewPlanVersion = $next;
        sqlx::query("INSERT INTO plans (member_id, intake_id, version, body, reasons, created_at, draft, doc_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind($member)
            .bind(n.intake_id)
            .bind(n.version)
            .bind(&n.body)
            .bind(&n.reasons)
            .bind(n.now)
            .bind(i32::from(n.draft))
            .bind(n.doc_version)
            .execute($conn)
            .await
            .map_err(|e| conflict(e, "plan version"))?;
    }};
}

/// Eight values a row: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const AUDIT_ROWS_PER_INSERT: usize = 1000;

/// An account's columns, read from `accounts a`, with the two-factor facts as integers that read
/// the same on both backends.
const ACCOUNT_COLS: &str = "a.id, a.org_id, a.email, a.name, a.role, a.password_hash, a.created_at, a.time_zone, a.disabled_at, \
     CAST(CASE WHEN a.totp_secret IS NULL THEN 0 ELSE 1 END AS BIGINT) AS two_factor, \
     CAST(COALESCE((SELECT o.require_2fa FROM organisations o WHERE o.id = a.org_id), 0) AS BIGINT) AS org_requires_two_factor";

fn account<R: Row>(r: &R) -> Result<Account>
where
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<i64>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
{
    let role: String = r.try_get("role")?;
    Ok(Account {
        id: AccountId(r.try_get("id")?),
        org_id: r.try_get::<Option<i64>, _>("org_id")?.map(OrgId),
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("account role {role:?}")))?,
        password_hash: r.try_get("password_hash")?,
        created_at: Timestamp(r.try_get("created_at")?),
        time_zone: r.try_get("time_zone")?,
        disabled_at: r.try_get::<Option<i64>, _>("disabled_at")?.map(Timestamp),
        two_factor: r.try_get::<i64, _>("two_factor")? != 0,
        org_requires_two_factor: r.try_get::<i64, _>("org_requires_two_factor")? != 0,
    })
}

fn conflict(e: sqlx::Error, what: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            StoreError::Conflict(what.to_string())
        }
        _ => StoreError::from(e),
    }
}

impl SqlStore {
    /// Opens `sqlite://path` (creating the file and its folder) or `postgres://…`, then migrates.
    pub async fn open(url: &str) -> Result<SqlStore> {
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            let path = path.split('?').next().unwrap_or(path);
            if path != ":memory:" {
                private::prepare(std::path::Path::new(path))?;
            }
            // WAL lets readers run beside the single writer; FULL makes every acknowledged
            // commit survive a crash or power cut. The group commit in `LogWriter` pays the
            // fsync once per batch instead of once per entry. `secure_delete` overwrites what
            // a delete frees, so a deleted member's data does not linger in free pages.
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .pragma("secure_delete", "ON")
                .busy_timeout(Duration::from_secs(10));
            let pool = SqlitePoolOptions::new()
                .max_connections(8)
                .connect_with(opts)
                .await?;
            sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
            let store = SqlStore {
                pool: Pool::Sqlite(pool),
                file: (path != ":memory:")
                    .then(|| std::fs::canonicalize(path).ok())
                    .flatten(),
                pg_url: None,
            };
            store.chain_unchained().await?;
            Ok(store)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            sqlx::migrate!("./migrations/postgres").run(&pool).await?;
            let store = SqlStore {
                pool: Pool::Pg(pool),
                file: None,
                pg_url: Some(url.to_string()),
            };
            store.chain_unchained().await?;
            Ok(store)
        } else {
            Err(StoreError::BadUrl(
                url.split('@').next_back().unwrap_or("").to_string(),
            ))
        }
    }

    pub fn backend(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Pg(_) => "postgres",
        }
    }

    /// Gives rows written before the chain existed (migration 0006, `id <= legacy_upto`) their
    /// place in it, once, under the head's lock; the trigger lets a row without a hash get one
    /// and nothing else. Rows inserted later behind the store's back are never adopted: they
    /// stay outside the chain, where `audit_verify` reports them.
    async fn chain_unchained(&self) -> Result<()> {
        let q = "SELECT id, at, actor_id, action, member_id, remote, outcome FROM audit \
                 WHERE seq IS NULL AND hash IS NULL AND id <= $1 ORDER BY id";
        on_pool!(self, |p| {
            let upto =
                sqlx::query_scalar::<_, i64>("SELECT legacy_upto FROM audit_head WHERE id = 1")
                    .fetch_one(p)
                    .await?;
            if upto == 0 {
                return Ok(());
            }
            let mut tx = p.begin_write().await?;
            // Locks the head (PostgreSQL) and rereads it: another server may have done this.
            let (mut seq, mut prev, upto) = sqlx::query_as::<_, (i64, String, i64)>(
                "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash, legacy_upto",
            )
            .fetch_one(&mut *tx)
            .await?;
            let rows = sqlx::query_as::<_, AuditTuple>(q)
                .bind(upto)
                .fetch_all(&mut *tx)
                .await?;
            for row in rows {
                let r = audit_row(row);
                seq += 1;
                let hash = crate::chain::link_hash(seq, &r.event, &prev);
                sqlx::query("UPDATE audit SET seq = $1, hash = $2 WHERE id = $3")
                    .bind(seq)
                    .bind(&hash)
                    .bind(r.id)
                    .execute(&mut *tx)
                    .await?;
                prev = hash;
            }
            sqlx::query("UPDATE audit_head SET seq = $1, hash = $2, legacy_upto = 0 WHERE id = 1")
                .bind(seq)
                .bind(&prev)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
    }
}

#[async_trait]
impl Accounts for SqlStore {
    async fn ping(&self) -> Result<()> {
        on_pool!(self, |p| sqlx::query("SELECT 1")
            .execute(p)
            .await
            .map(|_| ())
            .map_err(Into::into))
    }

    async fn close(&self) {
        on_pool!(self, |p| p.close().await)
    }

    async fn backup_into(&self, dest: &std::path::Path) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(pool) => crate::backup::vacuum_into(pool, dest).await,
            Pool::Pg(_) => {
                let url = self.pg_url.clone().unwrap_or_default();
                let dest = dest.to_path_buf();
                tokio::task::spawn_blocking(move || crate::backup::pg_dump(&url, &dest))
                    .await
                    .map_err(|e| StoreError::Unavailable(format!("pg_dump: {e}")))?
            }
        }
    }

    async fn create_org(&self, name: &str, audit: &AuditEvent) -> Result<OrgId> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            let id = sqlx::query_scalar::<_, OrgId>(
                "INSERT INTO organisations (name, created_at) VALUES ($1, $2) RETURNING id",
            )
            .bind(name)
            .bind(audit.at)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| conflict(e, "organisation name"))?;
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
            Ok(id)
        })
    }

    async fn org_by_name(&self, name: &str) -> Result<Option<OrgId>> {
        on_pool!(self, |p| {
            Ok(
                sqlx::query_scalar::<_, OrgId>("SELECT id FROM organisations WHERE name = $1")
                    .bind(name)
                    .fetch_optional(p)
                    .await?,
            )
        })
    }

    async fn create_account(&self, n: NewAccount, audit: &AuditEvent) -> Result<Account> {
        let id = AccountId::generate();
        // The audit row names the new account, which did not exist when the event was made.
        let mut audit = audit.clone();
        if audit.member_id.is_none() && n.role == Role::Member {
            audit.member_id = Some(id.clone());
        }
        if audit.actor_id.is_none() {
            audit.actor_id = Some(id.clone());
        }
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            sqlx::query("INSERT INTO accounts (id, org_id, email, name, password_hash, role, created_at, time_zone) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .bind(&id)
                .bind(n.org_id)
                .bind(&n.email)
                .bind(&n.name)
                .bind(&n.password_hash)
                .bind(n.role.as_str())
                .bind(n.now)
                .bind(&n.time_zone)
                .execute(&mut *tx)
                .await
                .map_err(|e| conflict(e, "email"))?;
            append_audit!(tx, std::slice::from_ref(&audit));
            tx.commit().await?;
        });
        Ok(Account {
            id,
            org_id: n.org_id,
            email: n.email,
            name: n.name,
            role: n.role,
            password_hash: n.password_hash,
            created_at: n.now,
            time_zone: n.time_zone,
            disabled_at: None,
            two_factor: false,
            org_requires_two_factor: false,
        })
    }

    async fn account_by_email(&self, email: &str) -> Result<Option<Account>> {
        let q = format!("SELECT {ACCOUNT_COLS} FROM accounts a WHERE a.email = $1");
        on_pool!(self, |p| {
            let row = sqlx::query(sqlx::AssertSqlSafe(q))
                .bind(email)
                .fetch_optional(p)
                .await?;
            row.as_ref().map(account).transpose()
        })
    }

    async fn account_by_id(&self, id: &AccountId) -> Result<Option<Account>> {
        let q = format!("SELECT {ACCOUNT_COLS} FROM accounts a WHERE a.id = $1");
        on_pool!(self, |p| {
            let row = sqlx::query(sqlx::AssertSqlSafe(q))
                .bind(id)
                .fetch_optional(p)
                .await?;
            row.as_ref().map(account).transpose()
        })
    }

    async fn set_org(
        &self,
        account_id: &AccountId,
        org_id: OrgId,
        audit: &AuditEvent,
    ) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            sqlx::query("UPDATE accounts SET org_id = $1 WHERE id = $2")
                .bind(org_id)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
        });
        Ok(())
    }

    async fn set_time_zone(
        &self,
        account_id: &AccountId,
        time_zone: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            sqlx::query("UPDATE accounts SET time_zone = $1 WHERE id = $2")
                .bind(time_zone)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
        });
        Ok(())
    }

    async fn assign(
        &self,
        clinician_id: &AccountId,
        member_id: &AccountId,
        org_id: Option<OrgId>,
        audit: &AuditEvent,
    ) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            if let Some(org) = org_id {
                sqlx::query("UPDATE accounts SET org_id = $1 WHERE id = $2")
                    .bind(org)
                    .bind(member_id)
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query("INSERT INTO assignments (clinician_id, member_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .bind(clinician_id)
                .bind(member_id)
                .bind(audit.at)
                .execute(&mut *tx)
                .await?;
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
        });
        Ok(())
    }

    async fn unassign(
        &self,
        clinician_id: &AccountId,
        member_id: &AccountId,
        audit: &AuditEvent,
    ) -> Result<bool> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            let n =
                sqlx::query("DELETE FROM assignments WHERE clinician_id = $1 AND member_id = $2")
                    .bind(clinician_id)
                    .bind(member_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
            Ok(n > 0)
        })
    }

    async fn set_disabled(
        &self,
        account_id: &AccountId,
        disabled_at: Option<Timestamp>,
        audit: &AuditEvent,
    ) -> Result<u64> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            let found = sqlx::query("UPDATE accounts SET disabled_at = $1 WHERE id = $2")
                .bind(disabled_at)
                .bind(account_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if found == 0 {
                return Err(StoreError::NotFound("account".into()));
            }
            let mut revoked = 0;
            if disabled_at.is_some() {
                revoked = sqlx::query("DELETE FROM tokens WHERE account_id = $1")
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                sqlx::query("DELETE FROM single_use_tokens WHERE account_id = $1")
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?;
            }
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
            Ok(revoked)
        })
    }

    async fn set_org_requires_two_factor(
        &self,
        org_id: OrgId,
        required: bool,
        audit: &AuditEvent,
    ) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            sqlx::query("UPDATE organisations SET require_2fa = $1 WHERE id = $2")
                .bind(i64::from(required))
                .bind(org_id)
                .execute(&mut *tx)
                .await?;
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
        });
        Ok(())
    }

    async fn set_password(
        &self,
        account_id: &AccountId,
        password_hash: &str,
        keep: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<u64> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
                .bind(password_hash)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            let revoked = sqlx::query("DELETE FROM tokens WHERE account_id = $1 AND hash <> $2")
                .bind(account_id)
                .bind(keep.unwrap_or(""))
                .execute(&mut *tx)
                .await?
                .rows_affected();
            sqlx::query("DELETE FROM single_use_tokens WHERE account_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
            Ok(revoked)
        })
    }

    async fn totp_state(&self, account_id: &AccountId) -> Result<TotpState> {
        on_pool!(self, |p| {
            let row = sqlx::query_as::<_, (Option<String>, Option<String>, Option<i64>)>(
                "SELECT totp_secret, totp_pending, totp_last_step FROM accounts WHERE id = $1",
            )
            .bind(account_id)
            .fetch_optional(p)
            .await?;
            Ok(row
                .map(|(secret, pending, last_step)| TotpState {
                    secret,
                    pending,
                    last_step,
                })
                .unwrap_or_default())
        })
    }

    async fn set_totp_pending(
        &self,
        account_id: &AccountId,
        secret: Option<&str>,
        audit: &AuditEvent,
    ) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            sqlx::query("UPDATE accounts SET totp_pending = $1 WHERE id = $2")
                .bind(secret)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
        });
        Ok(())
    }

    async fn confirm_totp(
        &self,
        account_id: &AccountId,
        secret: &str,
        step: i64,
        audit: &AuditEvent,
    ) -> Result<bool> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            let n = sqlx::query(
                "UPDATE accounts SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $1 \
                 WHERE id = $2 AND totp_pending = $3",
            )
            .bind(step)
            .bind(account_id)
            .bind(secret)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 0 {
                return Ok(false);
            }
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
            Ok(true)
        })
    }

    async fn use_totp_step(&self, account_id: &AccountId, step: i64) -> Result<bool> {
        on_pool!(self, |p| {
            let n = sqlx::query(
                "UPDATE accounts SET totp_last_step = $1 \
                 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
            )
            .bind(step)
            .bind(account_id)
            .execute(p)
            .await?
            .rows_affected();
            Ok(n > 0)
        })
    }

    async fn is_assigned(&self, clinician_id: &AccountId, member_id: &AccountId) -> Result<bool> {
        on_pool!(self, |p| {
            Ok(sqlx::query_scalar::<_, i64>(
                "SELECT COUNT(*) FROM assignments WHERE clinician_id = $1 AND member_id = $2",
            )
            .bind(clinician_id)
            .bind(member_id)
            .fetch_one(p)
            .await?
                > 0)
        })
    }

    async fn caseload(
        &self,
        clinician_id: Option<&AccountId>,
        org_id: Option<OrgId>,
    ) -> Result<Vec<Account>> {
        let by_clinician = format!(
            "SELECT {ACCOUNT_COLS} FROM accounts a \
             JOIN assignments s ON s.member_id = a.id WHERE s.clinician_id = $1 AND a.role = 'member' ORDER BY a.email"
        );
        let by_org = format!(
            "SELECT {ACCOUNT_COLS} FROM accounts a WHERE a.org_id = $1 AND a.role = 'member' ORDER BY a.email"
        );
        on_pool!(self, |p| {
            let rows = match (clinician_id, org_id) {
                (Some(c), _) => {
                    sqlx::query(sqlx::AssertSqlSafe(by_clinician))
                        .bind(c)
                        .fetch_all(p)
                        .await?
                }
                (None, Some(o)) => {
                    sqlx::query(sqlx::AssertSqlSafe(by_org))
                        .bind(o)
                        .fetch_all(p)
                        .await?
                }
                (None, None) => Vec::new(),
            };
            rows.iter().map(account).collect()
        })
    }
}

#[async_trait]
impl Tokens for SqlStore {
    fn database_file(&self) -> Option<std::path::PathBuf> {
        self.file.clone()
    }

    async fn create_token(&self, t: NewToken) -> Result<()> {
        on_pool!(self, |p| {
            sqlx::query("INSERT INTO tokens (hash, account_id, kind, csrf, expires_at, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $6)")
                .bind(&t.hash)
                .bind(&t.account_id)
                .bind(t.kind.as_str())
                .bind(&t.csrf)
                .bind(t.expires_at)
                .bind(t.now)
                .execute(p)
                .await?;
        });
        Ok(())
    }

    async fn token_account(
        &self,
        hash: &str,
        now: Timestamp,
    ) -> Result<Option<(Account, TokenInfo)>> {
        // A disabled account's tokens are deleted when it is disabled; the condition holds even
        // for a row that a concurrent sign-in wrote meanwhile.
        let q = format!(
            "SELECT {ACCOUNT_COLS}, t.kind, t.csrf, t.expires_at, t.last_seen_at \
             FROM tokens t JOIN accounts a ON a.id = t.account_id \
             WHERE t.hash = $1 AND t.expires_at > $2 AND a.disabled_at IS NULL"
        );
        on_pool!(self, |p| {
            let row = sqlx::query(sqlx::AssertSqlSafe(q.clone()))
                .bind(hash)
                .bind(now)
                .fetch_optional(p)
                .await?;
            match row {
                None => Ok(None),
                Some(r) => {
                    let kind: String = r.try_get("kind")?;
                    let info = TokenInfo {
                        kind: match kind.as_str() {
                            "session" => TokenKind::Session,
                            "api" => TokenKind::Api,
                            other => {
                                return Err(StoreError::Corrupt(format!("token kind {other:?}")));
                            }
                        },
                        csrf: r.try_get("csrf")?,
                        expires_at: Timestamp(r.try_get("expires_at")?),
                        last_seen_at: Timestamp(r.try_get("last_seen_at")?),
                    };
                    Ok(Some((account(&r)?, info)))
                }
            }
        })
    }

    async fn revoke_all_tokens(&self, account_id: &AccountId, audit: &AuditEvent) -> Result<u64> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            let n = sqlx::query("DELETE FROM tokens WHERE account_id = $1")
                .bind(account_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
            Ok(n)
        })
    }

    async fn touch_token(&self, hash: &str, now: Timestamp) -> Result<()> {
        on_pool!(self, |p| {
            sqlx::query(
                "UPDATE tokens SET last_seen_at = $1 WHERE hash = $2 AND last_seen_at < $1",
            )
            .bind(now)
            .bind(hash)
            .execute(p)
            .await?;
        });
        Ok(())
    }

    async fn purge_expired(
        &self,
        now: Timestamp,
        idle_before: Timestamp,
        audit: &AuditEvent,
    ) -> Result<u64> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            let tokens = sqlx::query(
                "DELETE FROM tokens WHERE expires_at <= $1 OR (kind = 'session' AND last_seen_at < $2)",
            )
            .bind(now)
            .bind(idle_before)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            let single = sqlx::query(
                "DELETE FROM single_use_tokens WHERE expires_at <= $1 OR used_at IS NOT NULL",
            )
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
            Ok(tokens + single)
        })
    }

    async fn create_single_use(&self, t: NewSingleUse, audit: Option<&AuditEvent>) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            sqlx::query("INSERT INTO single_use_tokens (hash, account_id, purpose, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(&t.hash)
                .bind(&t.account_id)
                .bind(t.purpose.as_str())
                .bind(t.expires_at)
                .bind(t.now)
                .execute(&mut *tx)
                .await?;
            if let Some(a) = audit {
                append_audit!(tx, std::slice::from_ref(a));
            }
            tx.commit().await?;
        });
        Ok(())
    }

    async fn single_use_account(
        &self,
        hash: &str,
        purpose: SingleUse,
        now: Timestamp,
    ) -> Result<Option<AccountId>> {
        on_pool!(self, |p| {
            Ok(sqlx::query_scalar::<_, AccountId>(
                "SELECT account_id FROM single_use_tokens \
                 WHERE hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
            )
            .bind(hash)
            .bind(purpose.as_str())
            .bind(now)
            .fetch_optional(p)
            .await?)
        })
    }

    async fn take_single_use(
        &self,
        hash: &str,
        purpose: SingleUse,
        now: Timestamp,
    ) -> Result<Option<AccountId>> {
        on_pool!(self, |p| {
            Ok(sqlx::query_scalar::<_, AccountId>(
                "UPDATE single_use_tokens SET used_at = $3 \
                 WHERE hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 RETURNING account_id",
            )
            .bind(hash)
            .bind(purpose.as_str())
            .bind(now)
            .fetch_optional(p)
            .await?)
        })
    }

    async fn reset_password(
        &self,
        hash: &str,
        now: Timestamp,
        password_hash: &str,
        audit: &AuditEvent,
    ) -> Result<Option<AccountId>> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            let Some(account_id) = sqlx::query_scalar::<_, AccountId>(
                "UPDATE single_use_tokens SET used_at = $3 \
                 WHERE hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 RETURNING account_id",
            )
            .bind(hash)
            .bind(SingleUse::PasswordReset.as_str())
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?
            else {
                return Ok(None);
            };
            sqlx::query("UPDATE accounts SET password_hash = $1 WHERE id = $2")
                .bind(password_hash)
                .bind(&account_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM tokens WHERE account_id = $1")
                .bind(&account_id)
                .execute(&mut *tx)
                .await?;
            let mut audit = audit.clone();
            audit.actor_id = Some(account_id.clone());
            append_audit!(tx, std::slice::from_ref(&audit));
            tx.commit().await?;
            Ok(Some(account_id))
        })
    }

    async fn revoke_token(&self, hash: &str, audit: &AuditEvent) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            sqlx::query("DELETE FROM tokens WHERE hash = $1")
                .bind(hash)
                .execute(&mut *tx)
                .await?;
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
        });
        Ok(())
    }
}

#[async_trait]
impl Records for SqlStore {
    async fn save_intake(
        &self,
        member_id: &AccountId,
        new: NewIntake,
        audit: &AuditEvent,
    ) -> Result<IntakeId> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            let id = sqlx::query_scalar::<_, IntakeId>(
                "INSERT INTO intakes (member_id, body, assessment, created_at, doc_version, log_mark) \
                 VALUES ($1, $2, $3, $4, $5, (SELECT COALESCE(MAX(id), 0) FROM log_entries WHERE member_id = $1)) RETURNING id",
            )
            .bind(member_id)
            .bind(&new.intake)
            .bind(&new.assessment)
            .bind(new.now)
            .bind(new.doc_version)
            .fetch_one(&mut *tx)
            .await?;
            if let Some((plan, draft)) = &new.plan {
                sqlx::query("INSERT INTO plans (member_id, intake_id, version, body, reasons, created_at, draft, doc_version) VALUES ($1, $2, 1, $3, $4, $5, $6, $7)")
                    .bind(member_id)
                    .bind(id)
                    .bind(plan)
                    .bind(r#"[{"code":"new_intake","detail":"made from a new intake"}]"#)
                    .bind(new.now)
                    .bind(i32::from(*draft))
                    .bind(new.doc_version)
                    .execute(&mut *tx)
                    .await?;
            }
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
            Ok(id)
        })
    }

    async fn latest_assessment(&self, member_id: &AccountId) -> Result<Option<(String, i32)>> {
        on_pool!(self, |p| {
            Ok(sqlx::query_as::<_, (String, i32)>(
                "SELECT assessment, doc_version FROM intakes WHERE member_id = $1 ORDER BY id DESC LIMIT 1",
            )
            .bind(member_id)
            .fetch_optional(p)
            .await?)
        })
    }

    async fn current_plan(&self, member_id: &AccountId) -> Result<Option<PlanVersion>> {
        // The current plan belongs to the latest intake: an intake that blocked the plan (a
        // warning sign) leaves no current plan, even if an older one exists.
        let q = "SELECT p.intake_id, p.version, p.body, p.reasons, p.created_at, p.draft, p.doc_version FROM plans p \
                 WHERE p.intake_id = (SELECT MAX(id) FROM intakes WHERE member_id = $1) ORDER BY p.version DESC LIMIT 1";
        on_pool!(self, |p| {
            Ok(sqlx::query_as::<_, PlanRow>(q)
                .bind(member_id)
                .fetch_optional(p)
                .await?
                .map(plan_version))
        })
    }

    async fn plans(&self, member_id: &AccountId) -> Result<Vec<PlanVersion>> {
        on_pool!(self, |p| {
            Ok(sqlx::query_as::<_, PlanRow>(
                "SELECT intake_id, version, body, reasons, created_at, draft, doc_version FROM plans WHERE member_id = $1 ORDER BY id",
            )
            .bind(member_id)
            .fetch_all(p)
            .await?
            .into_iter()
            .map(plan_version)
            .collect())
        })
    }

    async fn warning_signs_since_intake(&self, member_id: &AccountId) -> Result<Vec<LogRow>> {
        let q = "SELECT id, date, body, created_at, doc_version FROM log_entries WHERE member_id = $1 AND warning_signs = 1 \
                 AND id > COALESCE((SELECT log_mark FROM intakes WHERE member_id = $1 ORDER BY id DESC LIMIT 1), 0) ORDER BY id";
        on_pool!(self, |p| {
            sqlx::query_as::<_, LogTuple>(q)
                .bind(member_id)
                .fetch_all(p)
                .await?
                .into_iter()
                .map(log_row)
                .collect()
        })
    }

    async fn add_plan_version(
        &self,
        member_id: &AccountId,
        next: NewPlanVersion,
        audit: &AuditEvent,
    ) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            insert_plan!(&mut *tx, member_id, &next);
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
        });
        Ok(())
    }

    async fn save_review(
        &self,
        member_id: &AccountId,
        review: NewReview,
        audit: &AuditEvent,
    ) -> Result<ReviewId> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            if let Some(next) = &review.next_plan {
                insert_plan!(&mut *tx, member_id, next);
            }
            let id = sqlx::query_scalar::<_, ReviewId>("INSERT INTO reviews (member_id, body, created_at, doc_version) VALUES ($1, $2, $3, $4) RETURNING id")
                .bind(member_id)
                .bind(&review.body)
                .bind(review.now)
                .bind(review.doc_version)
                .fetch_one(&mut *tx)
                .await?;
            append_audit!(tx, std::slice::from_ref(audit));
            tx.commit().await?;
            Ok(id)
        })
    }

    async fn log_entries_since(
        &self,
        member_id: &AccountId,
        since: Timestamp,
        up_to: u64,
    ) -> Result<u64> {
        let up_to = i64::try_from(up_to).unwrap_or(i64::MAX);
        on_pool!(self, |p| {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT 1 FROM log_entries WHERE member_id = $1 AND created_at >= $2 LIMIT $3) AS counted",
            )
            .bind(member_id)
            .bind(since)
            .bind(up_to)
            .fetch_one(p)
            .await?;
            Ok(n.max(0) as u64)
        })
    }

    async fn intakes_since(
        &self,
        member_id: &AccountId,
        since: Timestamp,
        up_to: u64,
    ) -> Result<u64> {
        let up_to = i64::try_from(up_to).unwrap_or(i64::MAX);
        on_pool!(self, |p| {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT 1 FROM intakes WHERE member_id = $1 AND created_at >= $2 LIMIT $3) AS counted",
            )
            .bind(member_id)
            .bind(since)
            .bind(up_to)
            .fetch_one(p)
            .await?;
            Ok(n.max(0) as u64)
        })
    }

    async fn latest_review(&self, member_id: &AccountId) -> Result<Option<ReviewRow>> {
        on_pool!(self, |p| {
            Ok(sqlx::query_as::<_, ReviewTuple>(
                "SELECT id, body, created_at, doc_version FROM reviews WHERE member_id = $1 ORDER BY id DESC LIMIT 1",
            )
            .bind(member_id)
            .fetch_optional(p)
            .await?
            .map(review_row))
        })
    }

    async fn add_log_batch(&self, entries: &[NewLogEntry]) -> Result<Vec<LogEntryId>> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            let mut ids = Vec::with_capacity(entries.len());
            let mut audits = Vec::with_capacity(entries.len());
            for e in entries {
                if let Some(key) = &e.idempotency_key {
                    // Claim the key first: a write as the first statement takes SQLite's write
                    // lock (waiting its turn) instead of starting a read that cannot upgrade.
                    let claimed = sqlx::query(
                        "INSERT INTO log_idempotency (member_id, key, log_id, created_at) VALUES ($1, $2, 0, $3) ON CONFLICT DO NOTHING",
                    )
                    .bind(&e.member_id)
                    .bind(key)
                    .bind(e.now)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                        == 1;
                    if !claimed {
                        let (id, at) = sqlx::query_as::<_, (LogEntryId, Timestamp)>(
                            "SELECT log_id, created_at FROM log_idempotency WHERE member_id = $1 AND key = $2",
                        )
                        .bind(&e.member_id)
                        .bind(key)
                        .fetch_one(&mut *tx)
                        .await?;
                        if e.now.millis() - at.millis() < crate::IDEMPOTENCY_WINDOW_MS {
                            ids.push(id);
                            continue;
                        }
                        // Older than the window: the key starts afresh.
                        sqlx::query("UPDATE log_idempotency SET created_at = $3 WHERE member_id = $1 AND key = $2")
                            .bind(&e.member_id)
                            .bind(key)
                            .bind(e.now)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                let id = sqlx::query_scalar::<_, LogEntryId>("INSERT INTO log_entries (member_id, date, body, created_at, warning_signs, doc_version) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                    .bind(&e.member_id)
                    .bind(e.date.to_string())
                    .bind(&e.body)
                    .bind(e.now)
                    .bind(i32::from(e.warning_signs))
                    .bind(e.doc_version)
                    .fetch_one(&mut *tx)
                    .await?;
                if let Some(key) = &e.idempotency_key {
                    sqlx::query(
                        "UPDATE log_idempotency SET log_id = $3 WHERE member_id = $1 AND key = $2",
                    )
                    .bind(&e.member_id)
                    .bind(key)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
                audits.push(e.audit.clone());
                ids.push(id);
            }
            append_audit!(tx, &audits);
            tx.commit().await?;
            Ok(ids)
        })
    }

    async fn log(
        &self,
        member_id: &AccountId,
        from: Option<Day>,
        to: Option<Day>,
    ) -> Result<Vec<LogRow>> {
        // Days are stored as YYYY-MM-DD, which sorts as the calendar does.
        let from = from.map_or_else(|| "0000-01-01".to_string(), |d| d.to_string());
        let to = to.map_or_else(|| "9999-12-31".to_string(), |d| d.to_string());
        on_pool!(self, |p| {
            sqlx::query_as::<_, LogTuple>(
                "SELECT id, date, body, created_at, doc_version FROM log_entries WHERE member_id = $1 AND date >= $2 AND date <= $3 ORDER BY date, id",
            )
            .bind(member_id)
            .bind(&from)
            .bind(&to)
            .fetch_all(p)
            .await?
            .into_iter()
            .map(log_row)
            .collect()
        })
    }

    async fn export(&self, member_id: &AccountId) -> Result<Export> {
        let q_account = format!("SELECT {ACCOUNT_COLS} FROM accounts a WHERE a.id = $1");
        on_pool!(self, |p| {
            // One transaction, so the export is one consistent picture even while the member
            // logs a session in another tab.
            let mut tx = p.begin().await?;
            let account = sqlx::query(sqlx::AssertSqlSafe(q_account))
                .bind(member_id)
                .fetch_optional(&mut *tx)
                .await?
                .as_ref()
                .map(account)
                .transpose()?
                .ok_or_else(|| StoreError::NotFound("member".into()))?;
            let intakes = sqlx::query_as::<_, (IntakeId, String, String, Timestamp, i32)>(
                "SELECT id, body, assessment, created_at, doc_version FROM intakes WHERE member_id = $1 ORDER BY id",
            )
            .bind(member_id)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|(id, intake, assessment, created_at, doc_version)| IntakeRow {
                id,
                intake,
                assessment,
                created_at,
                doc_version,
            })
            .collect();
            let plans = sqlx::query_as::<_, PlanRow>(
                "SELECT intake_id, version, body, reasons, created_at, draft, doc_version FROM plans WHERE member_id = $1 ORDER BY id",
            )
            .bind(member_id)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(plan_version)
            .collect();
            let log = sqlx::query_as::<_, LogTuple>(
                "SELECT id, date, body, created_at, doc_version FROM log_entries WHERE member_id = $1 ORDER BY date, id",
            )
            .bind(member_id)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(log_row)
            .collect::<Result<_>>()?;
            let reviews = sqlx::query_as::<_, ReviewTuple>(
                "SELECT id, body, created_at, doc_version FROM reviews WHERE member_id = $1 ORDER BY id",
            )
            .bind(member_id)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(review_row)
            .collect();
            tx.commit().await?;
            Ok(Export {
                account,
                intakes,
                plans,
                log,
                reviews,
            })
        })
    }

    async fn delete_member(&self, member_id: &AccountId, event: AuditEvent) -> Result<()> {
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            for q in [
                "DELETE FROM tokens WHERE account_id = $1",
                "DELETE FROM single_use_tokens WHERE account_id = $1",
                "DELETE FROM reviews WHERE member_id = $1",
                "DELETE FROM log_idempotency WHERE member_id = $1",
                "DELETE FROM log_entries WHERE member_id = $1",
                "DELETE FROM plans WHERE member_id = $1",
                "DELETE FROM intakes WHERE member_id = $1",
                "DELETE FROM assignments WHERE member_id = $1 OR clinician_id = $1",
                "DELETE FROM accounts WHERE id = $1",
            ] {
                sqlx::query(q).bind(member_id).execute(&mut *tx).await?;
            }
            append_audit!(tx, std::slice::from_ref(&event));
            tx.commit().await?;
        });
        if let Pool::Sqlite(pool) = &self.pool {
            private::checkpoint(pool).await;
        }
        Ok(())
    }
}

#[async_trait]
impl Audit for SqlStore {
    async fn audit_batch(&self, events: &[AuditEvent]) -> Result<()> {
        // Multi-row inserts under one chain lock: a burst of audited reads costs a few
        // statements and one commit, not a round trip per event, so the sink keeps up.
        on_pool!(self, |p| {
            let mut tx = p.begin_write().await?;
            append_audit!(tx, events);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn audit_query(
        &self,
        member_id: Option<&AccountId>,
        since: Option<Timestamp>,
    ) -> Result<Vec<AuditRow>> {
        let since = since.unwrap_or(Timestamp(i64::MIN));
        on_pool!(self, |p| {
            let rows = match member_id {
                Some(m) => sqlx::query_as::<_, AuditTuple>(
                    "SELECT id, at, actor_id, action, member_id, remote, outcome FROM audit WHERE member_id = $1 AND at >= $2 ORDER BY id",
                )
                .bind(m)
                .bind(since)
                .fetch_all(p)
                .await?,
                None => sqlx::query_as::<_, AuditTuple>(
                    "SELECT id, at, actor_id, action, member_id, remote, outcome FROM audit WHERE at >= $1 ORDER BY id",
                )
                .bind(since)
                .fetch_all(p)
                .await?,
            };
            Ok(rows.into_iter().map(audit_row).collect())
        })
    }

    async fn audit_verify(&self) -> Result<ChainReport> {
        // The head is read first and the walk stops at it: rows appended meanwhile are past
        // it, and every row up to it committed with it, so a busy server verifies cleanly.
        const PAGE: i64 = 5000;
        let page = "SELECT id, at, actor_id, action, member_id, remote, outcome, seq, hash FROM audit \
                    WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3";
        on_pool!(self, |p| {
            let head =
                sqlx::query_as::<_, (i64, String)>("SELECT seq, hash FROM audit_head WHERE id = 1")
                    .fetch_optional(p)
                    .await?;
            let Some((head_seq, head_hash)) = head else {
                return Ok(crate::chain::headless());
            };
            let mut walk = crate::chain::Walk::new();
            'pages: loop {
                let rows = sqlx::query_as::<_, ChainTuple>(page)
                    .bind(walk.seq())
                    .bind(head_seq)
                    .bind(PAGE)
                    .fetch_all(p)
                    .await?;
                if rows.is_empty() {
                    break;
                }
                for (id, at, actor_id, action, member_id, remote, outcome, seq, hash) in rows {
                    let row = audit_row((id, at, actor_id, action, member_id, remote, outcome));
                    if walk.step(&row, seq, hash.as_deref()).is_err() {
                        break 'pages;
                    }
                }
            }
            if walk.broken().is_none() {
                // One statement, one snapshot: a row past the head as it is now was not
                // appended by a store (which moves the head in the row's transaction).
                let loose = sqlx::query_scalar::<_, AuditId>(
                    "SELECT id FROM audit WHERE seq IS NULL OR hash IS NULL \
                     OR seq > (SELECT seq FROM audit_head WHERE id = 1) ORDER BY id LIMIT 1",
                )
                .fetch_optional(p)
                .await?;
                walk.finish(head_seq, &head_hash, loose);
            }
            Ok(walk.report(head_hash))
        })
    }
}

type PlanRow = (IntakeId, i64, String, String, Timestamp, i32, i32);
type LogTuple = (LogEntryId, String, String, Timestamp, i32);
type ReviewTuple = (ReviewId, String, Timestamp, i32);
type AuditTuple = (
    AuditId,
    Timestamp,
    Option<AccountId>,
    String,
    Option<AccountId>,
    Option<String>,
    String,
);

type ChainTuple = (
    AuditId,
    Timestamp,
    Option<AccountId>,
    String,
    Option<AccountId>,
    Option<String>,
    String,
    i64,
    Option<String>,
);

fn audit_row((id, at, actor_id, action, member_id, remote, outcome): AuditTuple) -> AuditRow {
    AuditRow {
        id,
        event: AuditEvent {
            at,
            actor_id,
            action,
            member_id,
            remote,
            outcome,
        },
    }
}

fn plan_version(
    (intake_id, version, body, reasons, created_at, draft, doc_version): PlanRow,
) -> PlanVersion {
    PlanVersion {
        intake_id,
        version,
        body,
        reasons,
        created_at,
        draft: draft != 0,
        doc_version,
    }
}

/// A log row; a stored day that is not a day is a corrupt row, not a silently skipped one.
fn log_row((id, date, body, created_at, doc_version): LogTuple) -> Result<LogRow> {
    let date = Day::parse(&date)
        .map_err(|_| StoreError::Corrupt(format!("log entry {id}: day {date:?}")))?;
    Ok(LogRow {
        id,
        date,
        body,
        created_at,
        doc_version,
    })
}

fn review_row((id, body, created_at, doc_version): ReviewTuple) -> ReviewRow {
    ReviewRow {
        id,
        body,
        created_at,
        doc_version,
    }
}
