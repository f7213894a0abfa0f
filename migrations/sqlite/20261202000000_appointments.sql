-- Appointments (issue 18): administrators appoint and revoke staff from
-- the console, the first administrator from the command line. A grant now
-- keeps the person's name and masked number (never the number), the
-- written decision behind it (Decree 356 Art. 13) and who made it. The
-- national unit's staff become grants of role 'national-unit'.
-- Personal data (purpose: accountability of staff; retention: while the
-- role is held; the audit trail below keeps the change for oversight).
-- SQLite cannot change a CHECK constraint: the table is rebuilt.
CREATE TABLE role_grants_new (
    id INTEGER PRIMARY KEY,
    pseudonym TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('dpo', 'national-unit', 'administrator', 'auditor')),
    -- Only a DPO's role is for one province.
    province_id INTEGER REFERENCES provinces (id),
    granted_at TEXT NOT NULL,
    full_name TEXT,
    masked_id TEXT,
    decision_number TEXT,
    -- YYYY-MM-DD.
    decision_date TEXT,
    appointed_by TEXT,
    CHECK ((role = 'dpo') = (province_id IS NOT NULL))
);
INSERT INTO role_grants_new (id, pseudonym, role, province_id, granted_at)
    SELECT id, pseudonym, role, province_id, granted_at FROM role_grants;
INSERT INTO role_grants_new (pseudonym, role, granted_at)
    SELECT pseudonym, 'national-unit', added_at FROM national_unit_staff;
DROP TABLE role_grants;
ALTER TABLE role_grants_new RENAME TO role_grants;
CREATE UNIQUE INDEX role_grants_unique
    ON role_grants (pseudonym, role, COALESCE(province_id, 0));
DROP TABLE national_unit_staff;

-- Every change an administrator (or the command line, actor NULL) makes to
-- the directory (appointments, the published officers): who, when, what
-- and why. Read by administrators and
-- auditors; never updated or deleted by the service.
CREATE TABLE admin_changes (
    id INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL,
    actor_pseudonym TEXT,
    actor_name TEXT,
    -- appointed, revoked, officer-updated, agency-added, system-added (the
    -- service reads nothing else).
    change TEXT NOT NULL,
    -- The role, for an appointment or revocation.
    role TEXT,
    province_code TEXT,
    person_name TEXT,
    person_masked_id TEXT,
    decision_number TEXT,
    decision_date TEXT,
    -- The registry code an agency or system change is about.
    subject TEXT,
    reason TEXT NOT NULL
);
CREATE INDEX admin_changes_by_time ON admin_changes (occurred_at);
