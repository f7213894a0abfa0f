-- Sessions (tower-sessions' layout, used through tower-sessions-sqlx-store).
-- Personal data (purpose: keeping a person signed in): name, masked number,
-- pseudonym and assurance level of the signed-in person; deleted at
-- sign-out and by a background task once expired (15 minutes idle by default).
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    data BLOB NOT NULL,
    expiry_date INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expiry_date);
