-- Addresses given on requests are confirmed before anything else is sent
-- to them (issue 16): a mail with a link goes first; the rest waits in the
-- outbox until the link is followed. Personal data (purpose: telling the
-- requester about their request; kept while their requests are): the
-- owner's pseudonym and the address. Only a hash of each token is kept
-- here; the confirmation mail carries the token until it is sent.
CREATE TABLE email_addresses (
    id INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    address TEXT NOT NULL,
    created_at TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    token_issued_at TEXT,
    confirmed_at TEXT,
    UNIQUE (owner, address)
);
ALTER TABLE email_outbox ADD COLUMN address_id INTEGER REFERENCES email_addresses (id);
ALTER TABLE email_outbox ADD COLUMN token TEXT;
