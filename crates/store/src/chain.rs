//! The audit trail's hash chain.
//!
//! The audit table is append-only through triggers, but anyone with the database file (or a
//! superuser) can drop a trigger and rewrite history. Chaining every row to the one before it
//! with SHA-256 makes such an edit visible: a changed or deleted row no longer matches the
//! hash the next row (or the chain's head) was built on, and `gradus audit verify` names where.
//! The encoding below is the chain's contract: changing it breaks every stored chain, so a new
//! encoding would need a new prefix and a verifier that knows both.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::model::{AuditEvent, AuditId};

/// The hash the first row is chained to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The hash of one row: its place in the chain, its fields and the previous row's hash, each
/// field length-prefixed (or marked absent) so that no two different rows encode alike.
pub fn link_hash(seq: i64, e: &AuditEvent, prev: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"gradus-audit-v1\0");
    h.update(seq.to_be_bytes());
    h.update(e.at.millis().to_be_bytes());
    for field in [
        e.actor_id.as_ref().map(|a| a.as_str()),
        Some(e.action.as_str()),
        e.member_id.as_ref().map(|m| m.as_str()),
        e.remote.as_deref(),
        Some(e.outcome.as_str()),
    ] {
        match field {
            None => h.update([0u8]),
            Some(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
        }
    }
    h.update(prev.as_bytes());
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in h.finalize().iter() {
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0x0f)] as char);
    }
    out
}

/// What `audit_verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// Rows walked (every row up to the head, or up to the first broken link).
    pub rows: u64,
    /// The hash at the chain's head: note it somewhere else, and a rewrite of the whole chain
    /// shows too.
    pub head: String,
    /// The first broken link; none when the chain is intact.
    pub broken: Option<ChainBreak>,
}

/// The first place the chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    /// The row where the break shows (none when rows at the end are missing).
    pub id: Option<AuditId>,
    /// The chain position that does not hold.
    pub seq: Option<i64>,
    /// What did not match.
    pub problem: String,
}

/// The report when the head row itself is gone: nothing can be trusted to end the chain (and
/// every audited write fails until it is restored, so the trail cannot be silenced this way).
pub(crate) fn headless() -> ChainReport {
    ChainReport {
        rows: 0,
        head: String::new(),
        broken: Some(ChainBreak {
            id: None,
            seq: None,
            problem: "the chain's head row (audit_head) is missing".into(),
        }),
    }
}

/// The verifier's state while it walks the chain in order: the rules live here, the paging in
/// the store.
pub(crate) struct Walk {
    rows: u64,
    seq: i64,
    prev: String,
    last_id: Option<AuditId>,
    broken: Option<ChainBreak>,
}

impl Walk {
    pub(crate) fn new() -> Walk {
        Walk {
            rows: 0,
            seq: 0,
            prev: GENESIS.to_string(),
            last_id: None,
            broken: None,
        }
    }

    /// The chain position walked so far.
    pub(crate) fn seq(&self) -> i64 {
        self.seq
    }

    pub(crate) fn broken(&self) -> Option<&ChainBreak> {
        self.broken.as_ref()
    }

    fn after(&self) -> String {
        self.last_id
            .map_or_else(|| "the start".to_string(), |id| format!("row {id}"))
    }

    /// Checks the next row; an error once the chain is broken (the break is kept).
    pub(crate) fn step(
        &mut self,
        row: &crate::model::AuditRow,
        seq: i64,
        hash: Option<&str>,
    ) -> Result<(), ()> {
        let expected = self.seq + 1;
        if seq != expected {
            self.broken = Some(ChainBreak {
                id: Some(row.id),
                seq: Some(expected),
                problem: format!(
                    "chain position {expected} is missing: a row between {} and row {} was deleted",
                    self.after(),
                    row.id
                ),
            });
            return Err(());
        }
        let computed = link_hash(seq, &row.event, &self.prev);
        if hash != Some(computed.as_str()) {
            self.broken = Some(ChainBreak {
                id: Some(row.id),
                seq: Some(seq),
                problem: format!(
                    "row {} does not match its hash: its fields, or the row before it, were changed",
                    row.id
                ),
            });
            return Err(());
        }
        self.rows += 1;
        self.seq = seq;
        self.prev = computed;
        self.last_id = Some(row.id);
        Ok(())
    }

    /// After the last row: the head must be where the walk ended, and no row may stand
    /// outside the chain (`loose`: the first row without a position or hash).
    pub(crate) fn finish(&mut self, head_seq: i64, head_hash: &str, loose: Option<AuditId>) {
        if self.seq != head_seq {
            self.broken = Some(ChainBreak {
                id: None,
                seq: Some(self.seq + 1),
                problem: format!(
                    "the chain ends at position {} (after {}) but its head is at {head_seq}: the last rows were deleted",
                    self.seq,
                    self.after()
                ),
            });
        } else if self.prev != head_hash {
            self.broken = Some(ChainBreak {
                id: self.last_id,
                seq: Some(self.seq),
                problem: "the chain's head does not match its last row: the head or the last row was changed".into(),
            });
        } else if let Some(id) = loose {
            self.broken = Some(ChainBreak {
                id: Some(id),
                seq: None,
                problem: format!(
                    "row {id} stands outside the chain (no position or hash, or past the head): it was inserted behind the store's back"
                ),
            });
        }
    }

    pub(crate) fn report(self, head: String) -> ChainReport {
        ChainReport {
            rows: self.rows,
            head,
            broken: self.broken,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AccountId, Timestamp};

    fn event(remote: Option<&str>) -> AuditEvent {
        AuditEvent {
            at: Timestamp::from_millis(5),
            actor_id: AccountId::parse("a"),
            action: "read_log".into(),
            member_id: None,
            remote: remote.map(Into::into),
            outcome: "ok".into(),
        }
    }

    #[test]
    fn the_encoding_is_pinned() {
        // Computed independently (Python's hashlib over the documented encoding): a change
        // here breaks every stored chain.
        assert_eq!(
            link_hash(1, &event(None), GENESIS),
            "057168ecb9bdbd3e1a6e82394ac67172fbb4f6e8314ff4b646749eb1b7be76eb"
        );
    }

    #[test]
    fn every_field_and_the_previous_hash_change_the_link() {
        let base = link_hash(1, &event(None), GENESIS);
        assert_eq!(base.len(), 64);
        assert_eq!(base, link_hash(1, &event(None), GENESIS));
        assert_ne!(base, link_hash(2, &event(None), GENESIS));
        assert_ne!(base, link_hash(1, &event(Some("")), GENESIS));
        assert_ne!(base, link_hash(1, &event(None), &base));
        let mut moved = event(None);
        moved.action = "read_lo".into();
        moved.outcome = "gok".into();
        assert_ne!(base, link_hash(1, &moved, GENESIS));
    }
}
