-- Access can be taken away (issue "Trustworthy with health data", point 2).
-- A disabled account keeps its data but cannot sign in, and its tokens stop working.
ALTER TABLE accounts ADD COLUMN disabled_at BIGINT;
-- TOTP (RFC 6238) for staff: the confirmed secret (base32), the secret shown while enrolling
-- and not yet confirmed, and the last time step accepted (a code is never accepted twice).
-- Secrets are not encrypted at rest (SECURITY.md).
ALTER TABLE accounts ADD COLUMN totp_secret TEXT;
ALTER TABLE accounts ADD COLUMN totp_pending TEXT;
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT;
-- An organisation may require two-factor sign-in of its staff.
ALTER TABLE organisations ADD COLUMN require_2fa BIGINT NOT NULL DEFAULT 0;
-- Web sessions end after a time without use (the idle timeout).
ALTER TABLE tokens ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE tokens SET last_seen_at = created_at;
CREATE INDEX tokens_account ON tokens(account_id);
CREATE INDEX tokens_expires ON tokens(expires_at);
-- Single-use links and challenges (a password reset link; the second step of a sign-in),
-- kept as SHA-256 hashes like tokens.
CREATE TABLE single_use_tokens (
    hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('password_reset', 'second_factor')),
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX single_use_tokens_expires ON single_use_tokens(expires_at);
