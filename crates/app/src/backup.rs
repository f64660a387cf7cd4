//! Backing the database up while members go on using it, and marking a restored database.
//!
//! A backup is a read of every member's data, so it leaves an audit row like any other read,
//! and the row is written before the copy is taken so that the copy records its own making.

use std::path::Path;

use gradus_store::StoreError;

use crate::App;
use crate::actor::{Action, Actor, Outcome};
use crate::error::{AppError, AppResult};

impl App {
    /// Copies the whole database into `dest`, a new file, consistently, while others write.
    pub async fn backup(&self, actor: Actor<'_>, dest: &Path) -> AppResult<()> {
        if std::fs::metadata(dest).is_ok_and(|m| m.len() > 0) {
            return Err(AppError::field(
                "DEST",
                format!(
                    "expected a new file; {} already exists and is kept as it is",
                    dest.display()
                ),
            ));
        }
        self.store
            .audit_batch(&[actor.event(Action::Backup, None, Outcome::Ok)])
            .await?;
        self.store.backup_into(dest).await.map_err(|e| match e {
            StoreError::Unsupported(how) => AppError::field("database", how),
            other => other.into(),
        })
    }

    /// Records in a database just restored from a backup that it was restored, and by whom.
    pub async fn mark_restored(&self, actor: Actor<'_>) -> AppResult<()> {
        self.store
            .audit_batch(&[actor.event(Action::Restore, None, Outcome::Ok)])
            .await?;
        Ok(())
    }
}
