//! Telling every process on one SQLite database that tokens were taken away.
//!
//! The token cache is exact within one process: a write there invalidates what it changed. But
//! `gradus admin disable` or `revoke-tokens` runs as its own process beside a running server,
//! whose cache would otherwise go on accepting the revoked token until its time-to-live ends.
//! So every process that revokes also appends a byte to a small file beside the database, and a
//! cached token is only trusted while that file has not changed since this process last looked:
//! one `stat` per cached request, instead of a database read. When it has changed, this process
//! drops its cached tokens and reads them again. (Several servers on PostgreSQL share no file;
//! there the cache's time-to-live bounds how long another server's revocation takes.)

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// The file grows a byte per revocation; past this it starts again (which is a change too).
const MOST_BYTES: u64 = 1 << 20;

type Seen = Option<(u64, Option<SystemTime>)>;

pub struct Revocations {
    file: Option<PathBuf>,
    seen: Mutex<Seen>,
}

impl Revocations {
    /// Watches the file beside an SQLite database at `db`; `None` watches nothing.
    pub fn beside(db: Option<&Path>) -> Revocations {
        let file = db.map(|p| {
            let mut name = p.as_os_str().to_owned();
            name.push("-revocations");
            PathBuf::from(name)
        });
        let r = Revocations {
            file,
            seen: Mutex::new(None),
        };
        let now = r.look();
        *r.seen.lock().unwrap_or_else(|p| p.into_inner()) = now;
        r
    }

    fn look(&self) -> Seen {
        let meta = std::fs::metadata(self.file.as_ref()?).ok()?;
        Some((meta.len(), meta.modified().ok()))
    }

    /// True when another process revoked something since this one last looked.
    pub fn changed_elsewhere(&self) -> bool {
        if self.file.is_none() {
            return false;
        }
        let now = self.look();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if *seen == now {
            return false;
        }
        *seen = now;
        true
    }

    /// Records a revocation this process made, for the others to see.
    pub fn announce(&self) {
        let Some(file) = &self.file else { return };
        let before = self.look();
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = options.open(file).and_then(|mut f| {
            if f.metadata()?.len() >= MOST_BYTES {
                f.set_len(0)?;
            }
            f.write_all(b".")
        });
        if let Err(e) = written {
            tracing::warn!(error = %e, "could not announce a revocation to other processes");
            return;
        }
        // Our own byte needs no reaction here (this process has invalidated what it changed);
        // anything more than our byte is someone else's, left for `changed_elsewhere`.
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if *seen == before {
            *seen = self.look();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_process_revocation_is_seen_once_and_our_own_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("g.db");
        let server = Revocations::beside(Some(&db));
        let admin = Revocations::beside(Some(&db));
        assert!(!server.changed_elsewhere());
        admin.announce();
        assert!(server.changed_elsewhere(), "the admin's revocation is seen");
        assert!(!server.changed_elsewhere(), "and only once");
        server.announce();
        assert!(!server.changed_elsewhere(), "its own needs no reaction");
        assert!(
            admin.changed_elsewhere(),
            "the server's is seen by the admin"
        );
        let none = Revocations::beside(None);
        none.announce();
        assert!(!none.changed_elsewhere());
    }
}
