-- The law's clocks (Decree 356/2025/ND-CP Art. 5; Law on Complaints 2011
-- Arts. 27-28): what an officer chose that a deadline hinges on. Requests
-- filed before this migration keep the deadlines they were given
-- (legacy_deadlines = true): calendar changes do not move them.
ALTER TABLE requests ADD COLUMN extension_days integer;
ALTER TABLE requests ADD COLUMN third_party boolean NOT NULL DEFAULT false;
ALTER TABLE requests ADD COLUMN accepted_on text;
ALTER TABLE requests ADD COLUMN legacy_deadlines boolean NOT NULL DEFAULT true;

-- Who from the DPO office looked at a request: opened its page,
-- downloaded a file, exported it in a CSV. One row per person, request,
-- action and day, so reloading a page does not grow the table.
CREATE TABLE request_views (
    request_id bigint NOT NULL REFERENCES requests (id),
    viewer text NOT NULL,
    viewer_name text NOT NULL,
    action text NOT NULL CHECK (action IN ('opened', 'downloaded', 'exported')),
    day text NOT NULL,
    at timestamptz NOT NULL,
    PRIMARY KEY (request_id, viewer, action, day)
);
