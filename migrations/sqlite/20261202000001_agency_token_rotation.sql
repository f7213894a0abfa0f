-- Rotating an agency token (issue 18): the new token's id is kept on the
-- old one, whose life is cut to the grace period in which both work.
ALTER TABLE agency_credentials ADD COLUMN replaced_by TEXT;
