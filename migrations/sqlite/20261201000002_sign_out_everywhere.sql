-- "Sign out everywhere" (issue 16): each person's session generation. A
-- session remembers the generation it began in; raising it ends every
-- older session at its next request, on every instance. Personal data
-- (purpose: account security): the pseudonym, while the person uses the
-- service; one row per person at most.
CREATE TABLE session_generations (
    pseudonym TEXT PRIMARY KEY NOT NULL,
    generation INTEGER NOT NULL CHECK (generation > 0),
    changed_at TEXT NOT NULL
);

-- The account activity names the new event. SQLite cannot alter a CHECK
-- constraint: the table is rebuilt with its rows and indexes.
CREATE TABLE account_events_new (
    id INTEGER PRIMARY KEY,
    pseudonym TEXT,
    kind TEXT NOT NULL CHECK (
        kind IN ('sign-in', 'sign-out', 'sign-out-everywhere', 'sign-in-failed')
    ),
    reason TEXT,
    occurred_at TEXT NOT NULL,
    client_hash TEXT,
    user_agent TEXT
);
INSERT INTO account_events_new (id, pseudonym, kind, reason, occurred_at, client_hash, user_agent)
    SELECT id, pseudonym, kind, reason, occurred_at, client_hash, user_agent FROM account_events;
DROP TABLE account_events;
ALTER TABLE account_events_new RENAME TO account_events;
CREATE INDEX account_events_by_pseudonym ON account_events (pseudonym, occurred_at);
CREATE INDEX account_events_by_kind ON account_events (kind, occurred_at);
