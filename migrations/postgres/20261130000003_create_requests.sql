-- Requests to a province's DPO (access, correction, deletion, restriction,
-- objection, complaint), their timeline (an audit trail chained by hash per
-- request), attachments, in-app notifications and the e-mail outbox.

-- The national unit that answers for central agencies (ministries and
-- national bodies), one row; its staff work the queue of handler 'VN'.
CREATE TABLE national_unit (
    id integer PRIMARY KEY CHECK (id = 1),
    name_vi text NOT NULL,
    name_en text NOT NULL,
    title_vi text NOT NULL,
    title_en text NOT NULL,
    email text NOT NULL,
    phone text NOT NULL
);

INSERT INTO national_unit (id, name_vi, name_en, title_vi, title_en, email, phone) VALUES (1,
    'Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05), Bộ Công an',
    'Department of Cyber Security and High-Tech Crime Prevention (A05), Ministry of Public Security',
    'Cơ quan chuyên trách bảo vệ dữ liệu cá nhân',
    'Specialised personal data protection authority',
    'baovedulieu@a05.example', '069 234 2978');

CREATE TABLE national_unit_staff (
    pseudonym text PRIMARY KEY,
    added_at timestamptz NOT NULL
);

-- Names of staff, kept from their last sign-in, so colleagues can assign
-- requests to each other by name.
CREATE TABLE staff_profiles (
    pseudonym text PRIMARY KEY,
    full_name text NOT NULL,
    updated_at timestamptz NOT NULL
);

-- The last serial given per year: references YC-2026-000123.
CREATE TABLE request_counters (
    year integer PRIMARY KEY,
    last_serial bigint NOT NULL
);

CREATE TABLE requests (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reference text NOT NULL UNIQUE,
    requester text NOT NULL,
    -- The requester's name as the identity provider gave it: the DPO needs
    -- to know who asks.
    requester_name text NOT NULL,
    kind text NOT NULL CHECK (kind IN
        ('access', 'correction', 'deletion', 'restriction', 'objection', 'complaint')),
    agency_id integer REFERENCES agencies (id),
    -- A province code, or 'VN' for the national unit.
    handler text NOT NULL,
    -- A complaint about an earlier request.
    about_reference text,
    description text NOT NULL,
    contact_email text,
    lang text NOT NULL CHECK (lang IN ('vi', 'en')),
    status text NOT NULL CHECK (status IN ('submitted', 'acknowledged',
        'information-requested', 'decided', 'closed', 'withdrawn')),
    decision text CHECK (decision IN ('granted', 'partly-granted', 'refused')),
    received_on text NOT NULL,
    acknowledge_by text NOT NULL,
    decide_by text NOT NULL,
    -- The deadline before the one extension, and why it was extended.
    first_decide_by text,
    extension_reason text,
    decided_on text,
    assignee text,
    assignee_name text,
    submitted_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    -- Optimistic concurrency: every change names the version it saw.
    version bigint NOT NULL,
    -- Last link of the request's audit chain.
    event_count bigint NOT NULL,
    chain_hash text NOT NULL
);

-- The queue: one handler's requests by deadline.
CREATE INDEX requests_queue ON requests (handler, decide_by, id);
CREATE INDEX requests_requester ON requests (requester, id);
-- Reminders look for open requests by deadline.
CREATE INDEX requests_open ON requests (status, decide_by);

CREATE TABLE request_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    request_id bigint NOT NULL REFERENCES requests (id),
    seq bigint NOT NULL,
    at timestamptz NOT NULL,
    actor_role text NOT NULL CHECK (actor_role IN ('requester', 'dpo', 'system')),
    actor text,
    actor_name text NOT NULL,
    step text NOT NULL,
    -- What the step carries (decision, days, reason template, province…), JSON.
    detail text NOT NULL,
    body text NOT NULL,
    content_hash text NOT NULL,
    chain_hash text NOT NULL,
    UNIQUE (request_id, seq)
);

CREATE TABLE request_attachments (
    id text PRIMARY KEY,
    request_id bigint NOT NULL REFERENCES requests (id),
    event_seq bigint NOT NULL,
    file_name text NOT NULL,
    media_type text NOT NULL,
    size_bytes bigint NOT NULL,
    sha256 text NOT NULL,
    content bytea NOT NULL
);

CREATE INDEX request_attachments_request ON request_attachments (request_id);

-- In-app notifications: to a person (pseudonym) or to a province's DPOs
-- ('dpo:HN').
CREATE TABLE notifications (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    recipient text NOT NULL,
    reference text NOT NULL,
    message_id text NOT NULL,
    created_at timestamptz NOT NULL,
    read_at timestamptz
);

CREATE INDEX notifications_recipient ON notifications (recipient, id);

-- Mail to send. Written in the same transaction as the change it tells of;
-- a sender claims due rows, and a failed send is retried later.
CREATE TABLE email_outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    to_address text NOT NULL,
    lang text NOT NULL,
    template text NOT NULL,
    reference text NOT NULL,
    created_at timestamptz NOT NULL,
    attempts bigint NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    sent_at timestamptz,
    last_error text
);

CREATE INDEX email_outbox_due ON email_outbox (sent_at, next_attempt_at);

-- Reminders sent to DPOs, so each deadline is reminded once.
CREATE TABLE deadline_reminders (
    request_id bigint NOT NULL REFERENCES requests (id),
    deadline text NOT NULL,
    due_on text NOT NULL,
    PRIMARY KEY (request_id, deadline, due_on)
);
