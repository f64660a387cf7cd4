-- A tamper-evident audit trail: every row carries its place in one chain (`seq`) and the
-- SHA-256 of its fields and the previous row's hash (`hash`, hex). `audit_head` is the end of
-- the chain; a write moves it with an UPDATE, whose row lock serializes the writers of every
-- server process until their transaction ends, so the chain never forks.
-- Rows written before this migration (`id <= legacy_upto`) get their `seq` and `hash` once, when
-- the store opens: the trigger allows exactly that (filling a missing hash, nothing else) and no
-- other change. A row inserted later without a place in the chain is never adopted: `gradus
-- audit verify` reports it.
ALTER TABLE audit ADD COLUMN seq BIGINT;
ALTER TABLE audit ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX audit_seq ON audit(seq);

CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    legacy_upto BIGINT NOT NULL
);
INSERT INTO audit_head (id, seq, hash, legacy_upto)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
        (SELECT COALESCE(MAX(id), 0) FROM audit));

CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND OLD.seq IS NULL
       AND NEW.id = OLD.id AND NEW.at = OLD.at
       AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id AND NEW.action = OLD.action
       AND NEW.member_id IS NOT DISTINCT FROM OLD.member_id
       AND NEW.remote IS NOT DISTINCT FROM OLD.remote AND NEW.outcome = OLD.outcome THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit is append-only';
END;
$$;

-- TRUNCATE skips row triggers: refuse it too (the chain's head would show it anyway).
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
