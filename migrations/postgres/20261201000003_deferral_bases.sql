-- Deferred disclosure (issue 16): an event may be hidden from the person
-- for a while only under a legal basis that allows it. Of the seeded
-- bases, only the Criminal Procedure Code does (secrecy of investigation);
-- administrators mark others when the law gives them that power.
ALTER TABLE legal_bases ADD COLUMN allows_deferral boolean NOT NULL DEFAULT FALSE;
UPDATE legal_bases SET allows_deferral = TRUE WHERE code = 'criminal-procedure-code-2015';
