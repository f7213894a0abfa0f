-- Deferred disclosure (issue 16): an event may be hidden from the person
-- for a while only under a legal basis that allows it. Of the seeded
-- bases, only the Criminal Procedure Code does (secrecy of investigation);
-- administrators mark others when the law gives them that power.
ALTER TABLE legal_bases ADD COLUMN allows_deferral INTEGER NOT NULL DEFAULT 0
    CHECK (allows_deferral IN (0, 1));
UPDATE legal_bases SET allows_deferral = 1 WHERE code = 'criminal-procedure-code-2015';
