//! `gradus backup DEST` and `gradus restore SRC`: a copy of an SQLite database taken while the
//! server runs, and putting one back.
//!
//! A restore never destroys: the database it replaces is moved aside (with its write-ahead log)
//! under a name that says when, so a restore of the wrong file can itself be undone. The backup
//! is checked before anything is moved (an SQLite file that passes its integrity check and has
//! Gradus's schema), brought up to this version's schema on a copy, and only then renamed into
//! place, so a failure at any step leaves the current database as it was.

use std::path::{Path, PathBuf};

use gradus_app::Actor;

use crate::Failure;
use crate::admin::{block, done, open};

/// The path of an `sqlite://` URL; `None` for PostgreSQL.
fn sqlite_path(database: &str) -> Option<PathBuf> {
    let rest = database
        .strip_prefix("sqlite://")
        .or_else(|| database.strip_prefix("sqlite:"))?;
    Some(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

/// `x.db` + `-wal` → `x.db-wal`.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

pub fn backup(database: &str, dest: &Path) -> Result<String, Failure> {
    block(async {
        let app = open(database).await?;
        let r = app
            .backup(
                Actor::Operator {
                    tool: "gradus backup",
                },
                dest,
            )
            .await;
        done(&app, r).await?;
        if sqlite_path(database).is_none() {
            return Ok(format!(
                "Backed up to {} with pg_dump, and read back with pg_restore --list.",
                dest.display()
            ));
        }
        let summary = gradus_store::inspect_backup(dest)
            .await
            .map_err(|e| Failure::Other(format!("the backup does not read back: {e}")))?;
        Ok(format!(
            "Backed up to {}: {} accounts, {} log entries, {} audit rows (schema {}).",
            dest.display(),
            summary.accounts,
            summary.log_entries,
            summary.audit_rows,
            summary.schema_version
        ))
    })
}

/// Runs a PostgreSQL client tool; a tool that cannot start says how to do it by hand.
fn pg_tool(tool: &str, args: &[&std::ffi::OsStr]) -> Result<std::process::Output, Failure> {
    std::process::Command::new(tool)
        .args(args)
        .output()
        .map_err(|e| {
            Failure::Other(format!(
                "{tool} could not run ({e}); install PostgreSQL's client tools, or by hand: {}",
                gradus_store::PG_RECIPE
            ))
        })
}

/// Puts a `pg_dump` back into a PostgreSQL database, in one transaction (a failure leaves the
/// database as it was), then brings it to this version's schema and marks it restored.
fn restore_postgres(database: &str, src: &Path) -> Result<String, Failure> {
    let list = pg_tool("pg_restore", &["--list".as_ref(), src.as_os_str()])?;
    if !list.status.success()
        || !String::from_utf8_lossy(&list.stdout).contains("TABLE DATA public audit ")
    {
        return Err(Failure::Input(format!(
            "SRC: expected a Gradus dump written by gradus backup (pg_dump --format=custom); {} is not one",
            src.display()
        )));
    }
    let out = pg_tool(
        "pg_restore",
        &[
            "--clean".as_ref(),
            "--if-exists".as_ref(),
            "--no-owner".as_ref(),
            "--single-transaction".as_ref(),
            "--dbname".as_ref(),
            database.as_ref(),
            src.as_os_str(),
        ],
    )?;
    if !out.status.success() {
        return Err(Failure::Other(format!(
            "pg_restore failed, and the database is as it was: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    block(async {
        let app = open(database).await?;
        let r = app
            .mark_restored(Actor::Operator {
                tool: "gradus restore",
            })
            .await;
        done(&app, r).await?;
        app.close().await;
        Ok(format!(
            "Restored {} into the PostgreSQL database.",
            src.display()
        ))
    })
}

pub fn restore(database: &str, src: &Path) -> Result<String, Failure> {
    let Some(target) = sqlite_path(database) else {
        return restore_postgres(database, src);
    };
    block(async {
        let summary = gradus_store::inspect_backup(src)
            .await
            .map_err(|e| Failure::Input(format!("SRC: expected a Gradus backup; {e}")))?;
        // Work on a copy beside the target, so the rename at the end is atomic.
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| Failure::Other(format!("creating {}: {e}", dir.display())))?;
        }
        let staging = beside(&target, ".restoring");
        for leftover in [
            staging.clone(),
            beside(&staging, "-wal"),
            beside(&staging, "-shm"),
        ] {
            let _ = std::fs::remove_file(leftover);
        }
        std::fs::copy(src, &staging).map_err(|e| {
            Failure::Other(format!(
                "copying {} to {}: {e}",
                src.display(),
                staging.display()
            ))
        })?;
        // Brought to this version's schema and marked as restored, then closed (which folds
        // its write-ahead log back into the file).
        let staged_url = format!("sqlite://{}", staging.display());
        let app = open(&staged_url).await?;
        let r = app
            .mark_restored(Actor::Operator {
                tool: "gradus restore",
            })
            .await;
        done(&app, r).await?;
        app.close().await;
        drop(app);

        let aside = if target.exists() {
            let stamp = gradus_app::clock::now().millis();
            let aside = beside(&target, &format!(".before-restore-{stamp}"));
            for suffix in ["", "-wal", "-shm"] {
                let from = beside(&target, suffix);
                if from.exists() {
                    std::fs::rename(&from, beside(&aside, suffix)).map_err(|e| {
                        Failure::Other(format!("moving {} aside: {e}", from.display()))
                    })?;
                }
            }
            Some(aside)
        } else {
            None
        };
        for suffix in ["-wal", "-shm"] {
            let from = beside(&staging, suffix);
            if from.exists() {
                std::fs::rename(&from, beside(&target, suffix))
                    .map_err(|e| Failure::Other(format!("moving {}: {e}", from.display())))?;
            }
        }
        std::fs::rename(&staging, &target).map_err(|e| {
            Failure::Other(format!("moving the backup into {}: {e}", target.display()))
        })?;
        let kept = aside
            .map(|a| format!(" The database it replaced is kept as {}.", a.display()))
            .unwrap_or_default();
        Ok(format!(
            "Restored {} into {}: {} accounts, {} log entries, {} audit rows.{kept}",
            src.display(),
            target.display(),
            summary.accounts,
            summary.log_entries,
            summary.audit_rows
        ))
    })
    .map_err(|f| match f {
        Failure::Other(m) if m.contains("SRC") => Failure::Input(m),
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_of_an_sqlite_url() {
        assert_eq!(
            sqlite_path("sqlite://./data/g.db?mode=rwc"),
            Some(PathBuf::from("./data/g.db"))
        );
        assert_eq!(
            sqlite_path("sqlite:/abs/g.db"),
            Some(PathBuf::from("/abs/g.db"))
        );
        assert_eq!(sqlite_path("postgres://h/db"), None);
        assert_eq!(
            beside(Path::new("a/g.db"), "-wal"),
            PathBuf::from("a/g.db-wal")
        );
    }
}
