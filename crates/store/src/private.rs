//! Keeping an SQLite database private on disk.
//!
//! The database holds health data, so its folder and files are readable by the server's own
//! user only, whatever the umask: a folder the store creates is 0700 and the database file 0600
//! (SQLite gives its `-wal` and `-shm` files the database file's mode). And a deleted member must
//! leave nothing behind: `secure_delete` zeroes what the delete freed in the database, and a
//! checkpoint that truncates the write-ahead log removes the copies of the old pages it held.

use std::path::Path;
use std::time::Duration;

use sqlx::SqlitePool;

use crate::{Result, StoreError};

/// Creates the database's folder (0700) and an empty database file (0600) when they do not
/// exist, and takes group and other access away from an existing file.
pub fn prepare(path: &Path) -> Result<()> {
    let unavailable = |what: &Path, e: std::io::Error| {
        StoreError::Unavailable(format!("preparing {}: {e}", what.display()))
    };
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
        && !dir.exists()
    {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).map_err(|e| unavailable(dir, e))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map_err(|e| unavailable(path, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for file in [
            path.to_path_buf(),
            beside(path, "-wal"),
            beside(path, "-shm"),
        ] {
            if let Ok(meta) = std::fs::metadata(&file)
                && meta.permissions().mode() & 0o077 != 0
            {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                    .map_err(|e| unavailable(&file, e))?;
            }
        }
    }
    Ok(())
}

/// `x.db` and `-wal` → `x.db-wal`, as SQLite names its companion files.
#[cfg(unix)]
fn beside(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Moves everything in the write-ahead log into the database and truncates the log, retrying
/// while readers hold an older snapshot. Gives up after about two seconds; the log is then
/// truncated by the next delete's checkpoint or when the server stops.
pub async fn checkpoint(pool: &SqlitePool) {
    for _ in 0..100 {
        match sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(pool)
            .await
        {
            Ok((0, _, _)) => return,
            Ok(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            Err(e) => {
                tracing::warn!(error = %e, "checkpoint after a deletion failed");
                return;
            }
        }
    }
    tracing::warn!("checkpoint after a deletion stayed busy; the log is truncated later");
}
