-- Agency tokens expire and record their last use (issue 16). Tokens issued
-- before this migration expire a year after they were issued; a row
-- without an expiry (the empty default) is already expired: fail safe.
ALTER TABLE agency_credentials ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
UPDATE agency_credentials
    SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+365 days');
ALTER TABLE agency_credentials ADD COLUMN last_used_at TEXT;
