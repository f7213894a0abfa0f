-- Addresses given on requests are confirmed before anything else is sent
-- to them (issue 16): a mail with a link goes first; the rest waits in the
-- outbox until the link is followed. Personal data (purpose: telling the
-- requester about their request; kept while their requests are): the
-- owner's pseudonym and the address. Only a hash of each token is kept
-- here; the confirmation mail carries the token until it is sent.
CREATE TABLE email_addresses (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner text NOT NULL,
    address text NOT NULL,
    created_at timestamptz NOT NULL,
    token_hash text UNIQUE,
    token_issued_at timestamptz,
    confirmed_at timestamptz,
    UNIQUE (owner, address)
);
ALTER TABLE email_outbox ADD COLUMN address_id bigint REFERENCES email_addresses (id);
ALTER TABLE email_outbox ADD COLUMN token text;
