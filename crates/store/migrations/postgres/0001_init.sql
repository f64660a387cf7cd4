CREATE TABLE organisations (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    org_id BIGINT REFERENCES organisations(id),
    email TEXT NOT NULL UNIQUE,
    name TEXT,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('member', 'clinician', 'admin')),
    created_at BIGINT NOT NULL
);

CREATE TABLE assignments (
    clinician_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    member_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (clinician_id, member_id)
);

CREATE TABLE intakes (
    id BIGSERIAL PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    assessment TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX intakes_member ON intakes(member_id, id);

CREATE TABLE plans (
    id BIGSERIAL PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    intake_id BIGINT NOT NULL REFERENCES intakes(id) ON DELETE CASCADE,
    version BIGINT NOT NULL,
    body TEXT NOT NULL,
    reasons TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (intake_id, version)
);
CREATE INDEX plans_member ON plans(member_id, id);

CREATE TABLE log_entries (
    id BIGSERIAL PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX log_member_date ON log_entries(member_id, date, id);

CREATE TABLE reviews (
    id BIGSERIAL PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE tokens (
    hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('api', 'session')),
    csrf TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Append-only: no foreign keys, so deleting an account keeps the record that things happened.
CREATE TABLE audit (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id TEXT,
    action TEXT NOT NULL,
    member_id TEXT,
    remote TEXT,
    outcome TEXT NOT NULL
);
CREATE INDEX audit_member ON audit(member_id, at);
CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit is append-only';
END;
$$;
CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
