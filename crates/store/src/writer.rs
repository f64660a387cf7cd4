//! Group commit for log entries.
//!
//! A log entry is acknowledged only after its transaction has committed (fsync'd on SQLite with
//! synchronous=FULL). Committing each entry alone would cap writes at the disk's fsync rate, so
//! one task takes whatever entries are waiting (up to `MAX_BATCH`), writes them in one
//! transaction, and only then answers each caller. Under load a batch forms by itself; with one
//! writer there is no added wait.

use std::sync::Arc;

use tokio::sync::{mpsc, oneshot};

use crate::model::{LogEntryId, NewLogEntry};
use crate::{Result, Store, StoreError};

const MAX_BATCH: usize = 256;

type Job = (NewLogEntry, oneshot::Sender<Result<LogEntryId>>);

#[derive(Clone)]
pub struct LogWriter {
    tx: mpsc::Sender<Job>,
}

impl LogWriter {
    pub fn start(store: Arc<dyn Store>) -> LogWriter {
        let (tx, mut rx) = mpsc::channel::<Job>(4096);
        tokio::spawn(async move {
            let mut batch: Vec<Job> = Vec::with_capacity(MAX_BATCH);
            while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
                let entries: Vec<NewLogEntry> = batch.iter().map(|(e, _)| e.clone()).collect();
                match store.add_log_batch(&entries).await {
                    Ok(ids) => {
                        for ((_, reply), id) in batch.drain(..).zip(ids) {
                            let _ = reply.send(Ok(id));
                        }
                    }
                    // One member's bad entry (say, a member deleted while their posts were in
                    // flight) must not fail everyone else's: the batch is written again entry by
                    // entry, and only the entries that fail alone are refused.
                    Err(_) if batch.len() > 1 => {
                        for (entry, reply) in batch.drain(..) {
                            let r = store
                                .add_log_batch(std::slice::from_ref(&entry))
                                .await
                                .map_err(|e| {
                                    StoreError::Unavailable(format!("log write failed: {e}"))
                                })
                                .and_then(|ids| {
                                    ids.first().copied().ok_or_else(|| {
                                        StoreError::Unavailable("log write gave no id".into())
                                    })
                                });
                            let _ = reply.send(r);
                        }
                    }
                    Err(e) => {
                        let msg = e.to_string();
                        for (_, reply) in batch.drain(..) {
                            let _ = reply.send(Err(StoreError::Unavailable(format!(
                                "log write failed: {msg}"
                            ))));
                        }
                    }
                }
            }
        });
        LogWriter { tx }
    }

    /// Writes one entry and returns its id once committed.
    pub async fn write(&self, entry: NewLogEntry) -> Result<LogEntryId> {
        let (reply, rx) = oneshot::channel();
        self.tx
            .send((entry, reply))
            .await
            .map_err(|_| StoreError::Unavailable("log writer stopped".into()))?;
        rx.await
            .map_err(|_| StoreError::Unavailable("log writer stopped".into()))?
    }
}
