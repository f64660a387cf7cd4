-- A tamper-evident audit trail: every row carries its place in one chain (`seq`) and the
-- SHA-256 of its fields and the previous row's hash (`hash`, hex). `audit_head` is the end of
-- the chain; a write reads and moves it under the write lock, so two writers never fork it.
-- Rows written before this migration (`id <= legacy_upto`) get their `seq` and `hash` once, when
-- the store opens: the trigger allows exactly that (filling a missing hash, nothing else) and no
-- other change. A row inserted later without a place in the chain is never adopted: `gradus
-- audit verify` reports it.
ALTER TABLE audit ADD COLUMN seq INTEGER;
ALTER TABLE audit ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_seq ON audit(seq);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    legacy_upto INTEGER NOT NULL
);
INSERT INTO audit_head (id, seq, hash, legacy_upto)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
        (SELECT COALESCE(MAX(id), 0) FROM audit));

DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN OLD.hash IS NOT NULL OR OLD.seq IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.actor_id IS NOT OLD.actor_id
  OR NEW.action IS NOT OLD.action OR NEW.member_id IS NOT OLD.member_id
  OR NEW.remote IS NOT OLD.remote OR NEW.outcome IS NOT OLD.outcome
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
