-- Every stored health document carries the version of the format it was written in, so a
-- later Gradus can read it as what it was (or refuse it as newer than itself) instead of
-- guessing. Everything stored so far is version 1.
ALTER TABLE intakes ADD COLUMN doc_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE plans ADD COLUMN doc_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reviews ADD COLUMN doc_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE log_entries ADD COLUMN doc_version INTEGER NOT NULL DEFAULT 1;
