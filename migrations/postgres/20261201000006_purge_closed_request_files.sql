-- Files of closed and withdrawn requests are deleted after the configured
-- retention (CLOSED_REQUEST_FILE_RETENTION_DAYS, issue 16): the content
-- goes, the name, size and SHA-256 stay as the record of what there was.
ALTER TABLE request_attachments ADD COLUMN purged_at timestamptz;
