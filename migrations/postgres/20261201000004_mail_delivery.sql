-- Mail refused for good (a 5xx answer) is tried no more and shown on the
-- request's page (issue 16); sent and refused mail is deleted after the
-- configured retention (MAIL_RETENTION_DAYS).
ALTER TABLE email_outbox ADD COLUMN refused_at timestamptz;
CREATE INDEX email_outbox_by_reference ON email_outbox (reference);
