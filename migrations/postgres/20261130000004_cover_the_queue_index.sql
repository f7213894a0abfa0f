-- The queue's index also carries the columns its filters test (status,
-- kind, agency), so counting a province's queue under any filter can be an
-- index-only scan: with 100,000 requests in one province a count by kind
-- no longer reads a table row per request.
DROP INDEX requests_queue;
CREATE INDEX requests_queue ON requests (handler, decide_by, id) INCLUDE (status, kind, agency_id);
-- Filtered by type, the queue reads only that type's entries, already in
-- deadline order.
CREATE INDEX requests_queue_by_kind ON requests (handler, kind, decide_by, id);
