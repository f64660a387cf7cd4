-- Per-member daily quotas count a member's log entries stored in the last 24 hours on every
-- write; this index makes that a short range scan instead of a walk over the member's whole log.
CREATE INDEX log_member_created ON log_entries(member_id, created_at);
