//! Argon2id password hashes, computed off the async threads (they are deliberately slow). The
//! rules a password must meet are in [`crate::accounts`].
//!
//! Each hash takes about 19 MiB for its moment, so a burst of sign-ups or sign-ins must not run
//! them all at once: a fixed pool of one thread per core (at most four) computes them, the rest
//! wait their turn. A fixed pool also keeps the allocator's per-thread arenas few, so the memory
//! a burst used is reused, not multiplied by the number of threads that ever hashed.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, mpsc};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::AppError;

/// How many hashes may run at once: the cores, at least one, at most four.
fn slots() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 4)
}

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads, fed from one queue.
static WORKERS: LazyLock<Mutex<mpsc::Sender<Job>>> = LazyLock::new(|| {
    let (tx, rx) = mpsc::channel::<Job>();
    let rx = Arc::new(Mutex::new(rx));
    for i in 0..slots() {
        let rx = rx.clone();
        let _ = std::thread::Builder::new()
            .name(format!("gradus-argon2-{i}"))
            .spawn(move || {
                loop {
                    let job = rx.lock().unwrap_or_else(|p| p.into_inner()).recv();
                    match job {
                        Ok(job) => job(),
                        Err(_) => break,
                    }
                }
            });
    }
    Mutex::new(tx)
});
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most hashes that ran at once since start (for tests and diagnostics).
pub fn peak_concurrency() -> usize {
    PEAK.load(Ordering::SeqCst)
}

/// Runs one argon2 computation in its turn on the hashing threads.
async fn in_turn<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let (done, result) = tokio::sync::oneshot::channel();
    let job: Job = Box::new(move || {
        let now = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        PEAK.fetch_max(now, Ordering::SeqCst);
        let out = f();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        let _ = done.send(out);
    });
    WORKERS
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .send(job)
        .map_err(|_| AppError::Internal("password hashing stopped".into()))?;
    result
        .await
        .map_err(|_| AppError::Internal("password hashing stopped".into()))
}

pub async fn hash(password: String) -> Result<String, AppError> {
    in_turn(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("hashing: {e}")))
    })
    .await?
}

/// A hash of a random secret, computed once, to verify against when an email is unknown.
pub async fn dummy_hash() -> String {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_init(|| async {
            hash(uuid::Uuid::new_v4().to_string())
                .await
                .unwrap_or_default()
        })
        .await
        .clone()
}

/// True when the password matches the stored hash.
pub async fn verify(password: String, stored: String) -> bool {
    in_turn(move || {
        PasswordHash::new(&stored).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A burst of 24 hashes never runs more than one per core at once, and every one finishes.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_burst_runs_in_turn() {
        let tasks: Vec<_> = (0..24)
            .map(|i| tokio::spawn(hash(format!("password number {i}"))))
            .collect();
        for t in tasks {
            assert!(t.await.unwrap().is_ok());
        }
        assert!(peak_concurrency() >= 1);
        assert!(
            peak_concurrency() <= slots(),
            "{} at once, {} slots",
            peak_concurrency(),
            slots()
        );
    }
}
