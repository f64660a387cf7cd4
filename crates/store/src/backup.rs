//! Backups of an SQLite database, taken while the server runs.
//!
//! Copying the database file with `cp` while the server writes can catch a page half-written
//! and misses what is still in the write-ahead log. `VACUUM INTO` instead writes a consistent
//! snapshot (one read transaction) into a new file, compacted, while other connections go on
//! writing; everything committed before it began is in the copy. PostgreSQL has its own tool
//! for this, so the store runs `pg_dump` (a consistent snapshot too) and checks that
//! `pg_restore` can read what it wrote.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{Row, SqlitePool};

use crate::{Result, StoreError};

/// What a backup file holds, as read back for a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub accounts: i64,
    pub log_entries: i64,
    pub audit_rows: i64,
    /// The last schema migration applied in the file.
    pub schema_version: i64,
}

/// Writes a consistent copy of the database into `dest`, a file that must not exist yet (or be
/// empty). The file is created private (0600) before SQLite fills it.
pub(crate) async fn vacuum_into(pool: &SqlitePool, dest: &Path) -> Result<()> {
    if std::fs::metadata(dest).is_ok_and(|m| m.len() > 0) {
        return Err(StoreError::Conflict(format!(
            "{} already exists; a backup is written to a new file",
            dest.display()
        )));
    }
    crate::private::prepare(dest)?;
    let text = dest
        .to_str()
        .ok_or_else(|| StoreError::Unavailable(format!("{} is not UTF-8", dest.display())))?;
    let result = sqlx::query("VACUUM INTO $1").bind(text).execute(pool).await;
    if let Err(e) = result {
        // Leave no half-written backup behind to be mistaken for a good one.
        let _ = std::fs::remove_file(dest);
        return Err(e.into());
    }
    std::fs::File::open(dest)
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::Unavailable(format!("syncing {}: {e}", dest.display())))?;
    Ok(())
}

/// How to back a PostgreSQL database up by hand, said when `pg_dump` is not installed.
pub const PG_RECIPE: &str = "pg_dump --format=custom --file=gradus.dump \"$GRADUS_DATABASE\" \
     (restore with pg_restore --clean --if-exists --no-owner --dbname=\"$GRADUS_DATABASE\" gradus.dump)";

/// Runs `pg_dump` into `dest` (custom format, one snapshot), created private, then checks that
/// `pg_restore --list` reads it and that it holds the log and the audit trail.
pub(crate) fn pg_dump(url: &str, dest: &Path) -> Result<()> {
    if std::fs::metadata(dest).is_ok_and(|m| m.len() > 0) {
        return Err(StoreError::Conflict(format!(
            "{} already exists",
            dest.display()
        )));
    }
    crate::private::prepare(dest)?;
    let run = |tool: &str, args: &[&std::ffi::OsStr]| {
        std::process::Command::new(tool).args(args).output().map_err(|e| {
            StoreError::Unsupported(format!(
                "{tool} could not run ({e}); install PostgreSQL's client tools, or by hand: {PG_RECIPE}"
            ))
        })
    };
    let out = run(
        "pg_dump",
        &[
            "--format=custom".as_ref(),
            "--file".as_ref(),
            dest.as_os_str(),
            url.as_ref(),
        ],
    )?;
    if !out.status.success() {
        let _ = std::fs::remove_file(dest);
        return Err(StoreError::Unavailable(format!(
            "pg_dump failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let list = run("pg_restore", &["--list".as_ref(), dest.as_os_str()])?;
    let listed = String::from_utf8_lossy(&list.stdout);
    if !list.status.success()
        || !listed.contains("TABLE DATA public log_entries")
        || !listed.contains("TABLE DATA public audit ")
    {
        return Err(StoreError::Corrupt(format!(
            "{}: pg_restore cannot read the log and the audit trail back from the dump",
            dest.display()
        )));
    }
    Ok(())
}

/// Opens a backup file read-only and checks it: an SQLite database that passes its integrity
/// check and carries Gradus's schema. Nothing in the file is changed.
pub async fn inspect(path: &Path) -> Result<BackupSummary> {
    let bad = |why: String| StoreError::Corrupt(format!("{}: {why}", path.display()));
    let mut head = [0u8; 16];
    {
        use std::io::Read;
        let mut f = std::fs::File::open(path)
            .map_err(|e| StoreError::NotFound(format!("{}: {e}", path.display())))?;
        f.read_exact(&mut head)
            .map_err(|_| bad("too short to be an SQLite database".into()))?;
    }
    if &head != b"SQLite format 3\0" {
        return Err(bad("not an SQLite database".into()));
    }
    let opts = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .read_only(true)
        .immutable(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await?;
    let summary = async {
        let check: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&pool)
            .await?;
        if check != "ok" {
            return Err(bad(format!("integrity check: {check}")));
        }
        let schema_version: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success",
        )
        .fetch_one(&pool)
        .await
        .map_err(|_| bad("not a Gradus database (no schema history)".into()))?;
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM log_entries), \
             (SELECT COUNT(*) FROM audit)",
        )
        .fetch_one(&pool)
        .await
        .map_err(|_| bad("not a Gradus database (tables missing)".into()))?;
        Ok(BackupSummary {
            accounts: row.try_get(0)?,
            log_entries: row.try_get(1)?,
            audit_rows: row.try_get(2)?,
            schema_version,
        })
    }
    .await;
    pool.close().await;
    summary
}
