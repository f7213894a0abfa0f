-- "Sign out everywhere" (issue 16): each person's session generation. A
-- session remembers the generation it began in; raising it ends every
-- older session at its next request, on every instance. Personal data
-- (purpose: account security): the pseudonym, while the person uses the
-- service; one row per person at most.
CREATE TABLE session_generations (
    pseudonym text PRIMARY KEY,
    generation bigint NOT NULL CHECK (generation > 0),
    changed_at timestamptz NOT NULL
);

-- The account activity names the new event.
ALTER TABLE account_events DROP CONSTRAINT account_events_kind_check;
ALTER TABLE account_events ADD CONSTRAINT account_events_kind_check CHECK (
    kind IN ('sign-in', 'sign-out', 'sign-out-everywhere', 'sign-in-failed')
);
