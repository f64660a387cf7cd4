-- The member's time zone (an IANA name); their sessions, check-ins and reviews fall on their own
-- local day. NULL means UTC.
ALTER TABLE accounts ADD COLUMN time_zone TEXT;
