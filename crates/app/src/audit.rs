//! The read audit: who looked at which member's health data.
//!
//! Writes commit their audit row in the same transaction as the data (see the store). Reads are
//! recorded through this sink, which gathers a burst into one transaction so that auditing every
//! read does not cost a commit per read. The queue is bounded (a flood of reads waits for the
//! writer instead of growing memory without limit), a failing batch is retried event by event so
//! one bad event never takes others with it, and [`AuditSink::flush`] waits until everything
//! queued before it is stored: the server calls it on shutdown.

use std::sync::Arc;
use std::time::Duration;

use gradus_store::{AuditEvent, Store};
use tokio::sync::{mpsc, oneshot};

/// Events waiting at most; beyond this, recording waits for the writer.
const QUEUE: usize = 16_384;
const MAX_BATCH: usize = 4096;
/// How long the writer gathers a burst before committing it.
const PAUSE: Duration = Duration::from_millis(5);

enum Msg {
    Event(AuditEvent),
    Flush(oneshot::Sender<()>),
}

#[derive(Clone)]
pub struct AuditSink {
    tx: mpsc::Sender<Msg>,
}

impl AuditSink {
    /// Starts the writer task on the current runtime.
    pub fn start(store: Arc<dyn Store>) -> AuditSink {
        let (tx, mut rx) = mpsc::channel::<Msg>(QUEUE);
        tokio::spawn(async move {
            let mut msgs = Vec::new();
            while rx.recv_many(&mut msgs, MAX_BATCH).await > 0 {
                // A short pause lets a burst of reads share one commit (one fsync), unless
                // someone is waiting for a flush.
                if !msgs.iter().any(|m| matches!(m, Msg::Flush(_))) {
                    tokio::time::sleep(PAUSE).await;
                    while msgs.len() < MAX_BATCH {
                        match rx.try_recv() {
                            Ok(m) => msgs.push(m),
                            Err(_) => break,
                        }
                    }
                }
                let mut batch = Vec::with_capacity(msgs.len());
                let mut acks = Vec::new();
                for m in msgs.drain(..) {
                    match m {
                        Msg::Event(e) => batch.push(e),
                        Msg::Flush(ack) => acks.push(ack),
                    }
                }
                write(store.as_ref(), &batch).await;
                for ack in acks {
                    let _ = ack.send(());
                }
            }
        });
        AuditSink { tx }
    }

    /// Queues a read event; waits only when the queue is full.
    pub async fn record(&self, event: AuditEvent) {
        if self.tx.send(Msg::Event(event)).await.is_err() {
            tracing::error!("audit sink closed; event dropped");
        }
    }

    /// Returns once every event recorded before this call is stored (or has failed alone).
    pub async fn flush(&self) {
        let (ack, done) = oneshot::channel();
        if self.tx.send(Msg::Flush(ack)).await.is_ok() {
            let _ = done.await;
        }
    }
}

/// One transaction for the batch; if it fails, each event alone, so one bad event loses only
/// itself. The log names the action and outcome of a lost event, never health data.
async fn write(store: &dyn Store, batch: &[AuditEvent]) {
    if batch.is_empty() || store.audit_batch(batch).await.is_ok() {
        return;
    }
    for e in batch {
        if let Err(err) = store.audit_batch(std::slice::from_ref(e)).await {
            tracing::error!(error = %err, action = %e.action, outcome = %e.outcome, "audit event could not be stored");
        }
    }
}
