-- The published officer directory is edited from the console (issue 18):
-- each officer (and the national unit) gets an address and office hours,
-- and the date of its last change, shown on /officers.
ALTER TABLE data_protection_officers ADD COLUMN address text NOT NULL DEFAULT '';
ALTER TABLE data_protection_officers ADD COLUMN hours_vi text NOT NULL DEFAULT '';
ALTER TABLE data_protection_officers ADD COLUMN hours_en text NOT NULL DEFAULT '';
ALTER TABLE data_protection_officers ADD COLUMN updated_at timestamptz;
ALTER TABLE national_unit ADD COLUMN address text NOT NULL DEFAULT '';
ALTER TABLE national_unit ADD COLUMN hours_vi text NOT NULL DEFAULT '';
ALTER TABLE national_unit ADD COLUMN hours_en text NOT NULL DEFAULT '';
ALTER TABLE national_unit ADD COLUMN updated_at timestamptz;
