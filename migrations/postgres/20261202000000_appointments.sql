-- Appointments (issue 18): administrators appoint and revoke staff from
-- the console, the first administrator from the command line. A grant now
-- keeps the person's name and masked number (never the number), the
-- written decision behind it (Decree 356 Art. 13) and who made it. The
-- national unit's staff become grants of role 'national-unit'.
-- Personal data (purpose: accountability of staff; retention: while the
-- role is held; the audit trail below keeps the change for oversight).
ALTER TABLE role_grants DROP CONSTRAINT role_grants_role_check;
ALTER TABLE role_grants ADD CONSTRAINT role_grants_role_check
    CHECK (role IN ('dpo', 'national-unit', 'administrator', 'auditor'));
ALTER TABLE role_grants ADD COLUMN full_name text;
ALTER TABLE role_grants ADD COLUMN masked_id text;
ALTER TABLE role_grants ADD COLUMN decision_number text;
-- YYYY-MM-DD, as on SQLite.
ALTER TABLE role_grants ADD COLUMN decision_date text;
ALTER TABLE role_grants ADD COLUMN appointed_by text;
INSERT INTO role_grants (pseudonym, role, granted_at)
    SELECT pseudonym, 'national-unit', added_at FROM national_unit_staff
    ON CONFLICT DO NOTHING;
DROP TABLE national_unit_staff;

-- Every change an administrator (or the command line, actor NULL) makes to
-- the directory (appointments, the published officers): who, when, what
-- and why. Read by administrators and
-- auditors; never updated or deleted by the service.
CREATE TABLE admin_changes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL,
    actor_pseudonym text,
    actor_name text,
    -- appointed, revoked, officer-updated, agency-added, system-added (the
    -- service reads nothing else).
    change text NOT NULL,
    -- The role, for an appointment or revocation.
    role text,
    province_code text,
    person_name text,
    person_masked_id text,
    decision_number text,
    decision_date text,
    -- The registry code an agency or system change is about.
    subject text,
    reason text NOT NULL
);
CREATE INDEX admin_changes_by_time ON admin_changes (occurred_at);
