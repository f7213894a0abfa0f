-- Requests to a province's DPO (access, correction, deletion, restriction,
-- objection, complaint), their timeline (an audit trail chained by hash per
-- request), attachments, in-app notifications and the e-mail outbox.

-- The national unit that answers for central agencies (ministries and
-- national bodies), one row; its staff work the queue of handler 'VN'.
CREATE TABLE national_unit (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL
);

INSERT INTO national_unit (id, name_vi, name_en, title_vi, title_en, email, phone) VALUES (1,
    'Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05), Bộ Công an',
    'Department of Cyber Security and High-Tech Crime Prevention (A05), Ministry of Public Security',
    'Cơ quan chuyên trách bảo vệ dữ liệu cá nhân',
    'Specialised personal data protection authority',
    'baovedulieu@a05.example', '069 234 2978');

CREATE TABLE national_unit_staff (
    pseudonym TEXT PRIMARY KEY,
    added_at TEXT NOT NULL
);

-- Names of staff, kept from their last sign-in, so colleagues can assign
-- requests to each other by name.
CREATE TABLE staff_profiles (
    pseudonym TEXT PRIMARY KEY,
    full_name TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- The last serial given per year: references YC-2026-000123.
CREATE TABLE request_counters (
    year INTEGER PRIMARY KEY,
    last_serial INTEGER NOT NULL
);

CREATE TABLE requests (
    id INTEGER PRIMARY KEY,
    reference TEXT NOT NULL UNIQUE,
    requester TEXT NOT NULL,
    -- The requester's name as the identity provider gave it: the DPO needs
    -- to know who asks.
    requester_name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN
        ('access', 'correction', 'deletion', 'restriction', 'objection', 'complaint')),
    agency_id INTEGER REFERENCES agencies (id),
    -- A province code, or 'VN' for the national unit.
    handler TEXT NOT NULL,
    -- A complaint about an earlier request.
    about_reference TEXT,
    description TEXT NOT NULL,
    contact_email TEXT,
    lang TEXT NOT NULL CHECK (lang IN ('vi', 'en')),
    status TEXT NOT NULL CHECK (status IN ('submitted', 'acknowledged',
        'information-requested', 'decided', 'closed', 'withdrawn')),
    decision TEXT CHECK (decision IN ('granted', 'partly-granted', 'refused')),
    received_on TEXT NOT NULL,
    acknowledge_by TEXT NOT NULL,
    decide_by TEXT NOT NULL,
    -- The deadline before the one extension, and why it was extended.
    first_decide_by TEXT,
    extension_reason TEXT,
    decided_on TEXT,
    assignee TEXT,
    assignee_name TEXT,
    submitted_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    -- Optimistic concurrency: every change names the version it saw.
    version INTEGER NOT NULL,
    -- Last link of the request's audit chain.
    event_count INTEGER NOT NULL,
    chain_hash TEXT NOT NULL
);

-- The queue: one handler's requests by deadline.
CREATE INDEX requests_queue ON requests (handler, decide_by, id);
CREATE INDEX requests_requester ON requests (requester, id);
-- Reminders look for open requests by deadline.
CREATE INDEX requests_open ON requests (status, decide_by);

CREATE TABLE request_events (
    id INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    seq INTEGER NOT NULL,
    at TEXT NOT NULL,
    actor_role TEXT NOT NULL CHECK (actor_role IN ('requester', 'dpo', 'system')),
    actor TEXT,
    actor_name TEXT NOT NULL,
    step TEXT NOT NULL,
    -- What the step carries (decision, days, reason template, province…), JSON.
    detail TEXT NOT NULL,
    body TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    chain_hash TEXT NOT NULL,
    UNIQUE (request_id, seq)
);

CREATE TABLE request_attachments (
    id TEXT PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    event_seq INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL
);

CREATE INDEX request_attachments_request ON request_attachments (request_id);

-- In-app notifications: to a person (pseudonym) or to a province's DPOs
-- ('dpo:HN').
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    reference TEXT NOT NULL,
    message_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT
);

CREATE INDEX notifications_recipient ON notifications (recipient, id);

-- Mail to send. Written in the same transaction as the change it tells of;
-- a sender claims due rows, and a failed send is retried later.
CREATE TABLE email_outbox (
    id INTEGER PRIMARY KEY,
    to_address TEXT NOT NULL,
    lang TEXT NOT NULL,
    template TEXT NOT NULL,
    reference TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    sent_at TEXT,
    last_error TEXT
);

CREATE INDEX email_outbox_due ON email_outbox (sent_at, next_attempt_at);

-- Reminders sent to DPOs, so each deadline is reminded once.
CREATE TABLE deadline_reminders (
    request_id INTEGER NOT NULL REFERENCES requests (id),
    deadline TEXT NOT NULL,
    due_on TEXT NOT NULL,
    PRIMARY KEY (request_id, deadline, due_on)
);
