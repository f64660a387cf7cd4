-- The safety gate is keyed by the log's own order. Each intake remembers the last log entry
-- stored before it (its log mark); a check-in stored after that mark which reports a warning sign
-- pauses the plan until the next intake. The flag on log rows lets the gate read only those rows.
ALTER TABLE intakes ADD COLUMN log_mark INTEGER NOT NULL DEFAULT 0;
UPDATE intakes SET log_mark = COALESCE(
    (SELECT MAX(l.id) FROM log_entries l WHERE l.member_id = intakes.member_id AND l.created_at <= intakes.created_at), 0);

ALTER TABLE log_entries ADD COLUMN warning_signs INTEGER NOT NULL DEFAULT 0;
UPDATE log_entries SET warning_signs = 1 WHERE body LIKE '%"new_red_flags":["%';
CREATE INDEX log_warning_signs ON log_entries(member_id, id) WHERE warning_signs = 1;

-- A plan drafted for a clinician to approve is not followed yet; the flag lets the gate say so
-- without parsing the plan on every read.
ALTER TABLE plans ADD COLUMN draft INTEGER NOT NULL DEFAULT 0;
UPDATE plans SET draft = 1 WHERE body LIKE '%"requires_clinician_approval":true%';
