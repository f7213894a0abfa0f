-- The law's clocks (Decree 356/2025/ND-CP Art. 5; Law on Complaints 2011
-- Arts. 27-28): what an officer chose that a deadline hinges on. Requests
-- filed before this migration keep the deadlines they were given
-- (legacy_deadlines = 1): calendar changes do not move them.
ALTER TABLE requests ADD COLUMN extension_days INTEGER;
ALTER TABLE requests ADD COLUMN third_party INTEGER NOT NULL DEFAULT 0
    CHECK (third_party IN (0, 1));
ALTER TABLE requests ADD COLUMN accepted_on TEXT;
ALTER TABLE requests ADD COLUMN legacy_deadlines INTEGER NOT NULL DEFAULT 1
    CHECK (legacy_deadlines IN (0, 1));

-- Who from the DPO office looked at a request: opened its page,
-- downloaded a file, exported it in a CSV. One row per person, request,
-- action and day, so reloading a page does not grow the table.
CREATE TABLE request_views (
    request_id INTEGER NOT NULL REFERENCES requests (id),
    viewer TEXT NOT NULL,
    viewer_name TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('opened', 'downloaded', 'exported')),
    day TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (request_id, viewer, action, day)
);
