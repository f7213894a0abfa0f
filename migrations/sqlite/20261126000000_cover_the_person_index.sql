-- The person's index also carries the agencies and the deferral date, so
-- the timeline's agency list is read from the index alone.
DROP INDEX sharing_events_by_person;
CREATE INDEX sharing_events_by_person ON sharing_events
    (pseudonym, occurred_at, seq, provider_agency_id, recipient_agency_id, visible_from);
