-- The registry (reference data, not personal data): agencies, their
-- systems, data categories (Decree 356/2025: basic and sensitive),
-- purposes and legal bases, each named in Vietnamese and English.
CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN (
        'ministry', 'central-agency', 'people-committee', 'department', 'police',
        'social-insurance', 'public-service')),
    -- NULL: a central agency.
    province_id INTEGER REFERENCES provinces (id),
    -- Public contact details; filled in by administrators.
    contact_email TEXT,
    contact_phone TEXT
);

CREATE TABLE systems (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    code TEXT NOT NULL UNIQUE,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE data_categories (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sensitive INTEGER NOT NULL CHECK (sensitive IN (0, 1))
);

CREATE TABLE purposes (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL
);

CREATE TABLE legal_bases (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    citation_vi TEXT NOT NULL,
    citation_en TEXT NOT NULL
);

-- Machine credentials of agencies: only a keyed hash of each token.
CREATE TABLE agency_credentials (
    id INTEGER PRIMARY KEY,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    token_id TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Holdings: which agency's system holds which categories of a person's
-- data. Personal data (purpose: showing the person who holds their data;
-- retention: while the agency reports the holding).
CREATE TABLE holdings (
    id INTEGER PRIMARY KEY,
    pseudonym TEXT NOT NULL,
    system_id INTEGER NOT NULL REFERENCES systems (id),
    purpose_id INTEGER NOT NULL REFERENCES purposes (id),
    legal_basis_id INTEGER NOT NULL REFERENCES legal_bases (id),
    -- JSON array of data category codes.
    categories TEXT NOT NULL,
    -- Months the agency keeps the data; NULL: as long as the law requires.
    retention_months INTEGER,
    source_vi TEXT,
    source_en TEXT,
    updated_at TEXT NOT NULL,
    UNIQUE (pseudonym, system_id, purpose_id)
);

-- The sharing log: one row per reported sharing of a person's data,
-- chained by hash in the order accepted (seq). Personal data (purpose:
-- showing the person who shared their data; retention: as the archives law
-- requires for the providing agency's own log).
CREATE TABLE sharing_events (
    id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    provider_agency_id INTEGER NOT NULL REFERENCES agencies (id),
    agency_event_id TEXT NOT NULL,
    pseudonym TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    provider_system_id INTEGER NOT NULL REFERENCES systems (id),
    recipient_agency_id INTEGER NOT NULL REFERENCES agencies (id),
    recipient_system_id INTEGER REFERENCES systems (id),
    -- JSON array of data category codes.
    categories TEXT NOT NULL,
    purpose_id INTEGER NOT NULL REFERENCES purposes (id),
    legal_basis_id INTEGER NOT NULL REFERENCES legal_bases (id),
    method TEXT NOT NULL CHECK (method IN ('online-connection', 'database-synchronisation', 'storage-media')),
    mode TEXT NOT NULL CHECK (mode IN ('default', 'case-by-case')),
    request_reference TEXT,
    official_code TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('provided', 'refused')),
    -- Lawfully deferred disclosure: hidden from the person before this time.
    visible_from TEXT,
    received_at TEXT NOT NULL,
    -- Hash of the report without its place in the chain: a retry matches it.
    report_hash TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    chain_hash TEXT NOT NULL,
    UNIQUE (provider_agency_id, agency_event_id)
);
CREATE INDEX sharing_events_by_person ON sharing_events (pseudonym, occurred_at, seq);

-- The head of the hash chain (one row), locked by every writer.
CREATE TABLE chain_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    next_seq INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO chain_head (id, next_seq, last_hash)
VALUES (1, 1, '0000000000000000000000000000000000000000000000000000000000000000');

-- Signed checkpoints of the chain (Ed25519 over seq and hash).
CREATE TABLE checkpoints (
    seq INTEGER PRIMARY KEY,
    chain_hash TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    signature TEXT NOT NULL
);
