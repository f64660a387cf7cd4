-- A client that retries a log write after a lost answer sends the same Idempotency-Key; within
-- 24 hours that key returns the first write's id and stores nothing new.
CREATE TABLE log_idempotency (
    member_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    log_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (member_id, key)
);
