-- The role directory: who is a provincial DPO, an administrator or an
-- auditor. Keyed by the person's pseudonym (HMAC-SHA256 of the personal
-- identification number with the service's secret key), never the number.
-- Personal data: kept while the role is held, deleted when it is withdrawn.
CREATE TABLE role_grants (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pseudonym text NOT NULL,
    role text NOT NULL CHECK (role IN ('dpo', 'administrator', 'auditor')),
    -- Only a DPO's role is for one province.
    province_id integer REFERENCES provinces (id),
    granted_at timestamptz NOT NULL,
    CHECK ((role = 'dpo') = (province_id IS NOT NULL))
);
CREATE UNIQUE INDEX role_grants_unique
    ON role_grants (pseudonym, role, COALESCE(province_id, 0));

-- Sign-in, sign-out and failed sign-in events, shown to the person on the
-- account activity page and used to spot attacks. Personal data (purpose:
-- account security; retention: 12 months): the pseudonym (absent for a
-- failure before the person was known), a keyed hash of the network address
-- (never the address) and the browser's user agent, shortened.
CREATE TABLE account_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    pseudonym text,
    kind text NOT NULL CHECK (kind IN ('sign-in', 'sign-out', 'sign-in-failed')),
    reason text,
    occurred_at timestamptz NOT NULL,
    client_hash text,
    user_agent text
);
CREATE INDEX account_events_by_pseudonym ON account_events (pseudonym, occurred_at);
CREATE INDEX account_events_by_kind ON account_events (kind, occurred_at);
