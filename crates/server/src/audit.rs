//! The audit trail: who touched which member's health data, what they did, when, from where.
//!
//! Writes of health data record their audit event in the same transaction as the data (see the
//! store). Reads are recorded through this sink, which batches events into one transaction every
//! few milliseconds so that auditing every read does not cost a commit per read. On a clean
//! shutdown the sink is drained.

use std::sync::Arc;
use std::time::Duration;

use gradus_store::{AuditEvent, Store};
use tokio::sync::mpsc;

#[derive(Clone)]
pub struct AuditSink {
    tx: mpsc::UnboundedSender<AuditEvent>,
}

impl AuditSink {
    pub fn start(store: Arc<dyn Store>) -> AuditSink {
        let (tx, mut rx) = mpsc::unbounded_channel::<AuditEvent>();
        tokio::spawn(async move {
            let mut batch = Vec::new();
            while rx.recv_many(&mut batch, 1024).await > 0 {
                // A short pause lets a burst of reads share one commit.
                tokio::time::sleep(Duration::from_millis(5)).await;
                while let Ok(e) = rx.try_recv() {
                    batch.push(e);
                    if batch.len() >= 4096 {
                        break;
                    }
                }
                if let Err(e) = store.audit_batch(&batch).await {
                    tracing::error!(error = %e, events = batch.len(), "audit write failed");
                }
                batch.clear();
            }
        });
        AuditSink { tx }
    }

    pub fn record(&self, event: AuditEvent) {
        if self.tx.send(event).is_err() {
            tracing::error!("audit sink closed; event dropped");
        }
    }
}
