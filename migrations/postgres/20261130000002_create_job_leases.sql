-- Leases for jobs that must run on one instance at a time (the consent
-- expiry sweep now, deadline reminders next): an instance runs the job only
-- while it holds the job's unexpired lease, so two instances behind a load
-- balancer never both run it.
CREATE TABLE job_leases (
    name text PRIMARY KEY,
    -- The instance holding it (a random id per process).
    holder text NOT NULL,
    expires_at timestamptz NOT NULL
);
