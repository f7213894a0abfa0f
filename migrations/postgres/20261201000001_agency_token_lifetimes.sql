-- Agency tokens expire and record their last use (issue 16). Tokens issued
-- before this migration expire a year after they were issued.
ALTER TABLE agency_credentials ADD COLUMN expires_at timestamptz;
UPDATE agency_credentials SET expires_at = created_at + interval '365 days';
ALTER TABLE agency_credentials ALTER COLUMN expires_at SET NOT NULL;
ALTER TABLE agency_credentials ADD COLUMN last_used_at timestamptz;
