-- The working-day calendar for request deadlines, kept as data per year:
-- the Government fixes the days off every year and the lunar holidays
-- (Tết, the Hùng Kings' day) move. Weekdays off and weekend days worked;
-- a year counts as covered once it is listed in calendar_years (a deadline
-- running into a year that is not is refused, never guessed). Seeded from
-- app::domain::deadlines::SEED_DAYS (a test keeps the two equal).
CREATE TABLE calendar_years (
    year integer PRIMARY KEY
);

CREATE TABLE calendar_days (
    -- YYYY-MM-DD: a date in Viet Nam, no time or zone.
    day text PRIMARY KEY,
    day_off boolean NOT NULL,
    name_vi text NOT NULL,
    name_en text NOT NULL,
    -- Checked against the Government's announcement for the year.
    confirmed boolean NOT NULL
);

INSERT INTO calendar_years (year) VALUES (2026), (2027);

INSERT INTO calendar_days (day, day_off, name_vi, name_en, confirmed) VALUES
    ('2026-01-01', TRUE, 'Tết Dương lịch', 'New Year''s Day', TRUE),
    ('2026-02-16', TRUE, 'Tết Nguyên đán', 'Lunar New Year', TRUE),
    ('2026-02-17', TRUE, 'Tết Nguyên đán', 'Lunar New Year', TRUE),
    ('2026-02-18', TRUE, 'Tết Nguyên đán', 'Lunar New Year', TRUE),
    ('2026-02-19', TRUE, 'Tết Nguyên đán', 'Lunar New Year', TRUE),
    ('2026-02-20', TRUE, 'Tết Nguyên đán', 'Lunar New Year', TRUE),
    ('2026-04-27', TRUE, 'Giỗ Tổ Hùng Vương (nghỉ bù)', 'Hùng Kings'' Day (substitute)', FALSE),
    ('2026-04-30', TRUE, 'Ngày Giải phóng miền Nam', 'Reunification Day', TRUE),
    ('2026-05-01', TRUE, 'Ngày Quốc tế Lao động', 'International Labour Day', TRUE),
    ('2026-09-01', TRUE, 'Quốc khánh', 'National Day', FALSE),
    ('2026-09-02', TRUE, 'Quốc khánh', 'National Day', TRUE),
    ('2027-01-01', TRUE, 'Tết Dương lịch', 'New Year''s Day', TRUE),
    ('2027-02-04', TRUE, 'Tết Nguyên đán', 'Lunar New Year', FALSE),
    ('2027-02-05', TRUE, 'Tết Nguyên đán', 'Lunar New Year', FALSE),
    ('2027-02-08', TRUE, 'Tết Nguyên đán', 'Lunar New Year', FALSE),
    ('2027-02-09', TRUE, 'Tết Nguyên đán', 'Lunar New Year', FALSE),
    ('2027-02-10', TRUE, 'Tết Nguyên đán', 'Lunar New Year', FALSE),
    ('2027-04-16', TRUE, 'Giỗ Tổ Hùng Vương', 'Hùng Kings'' Day', FALSE),
    ('2027-04-30', TRUE, 'Ngày Giải phóng miền Nam', 'Reunification Day', TRUE),
    ('2027-05-03', TRUE, 'Ngày Quốc tế Lao động (nghỉ bù)', 'International Labour Day (substitute)', FALSE),
    ('2027-09-02', TRUE, 'Quốc khánh', 'National Day', TRUE),
    ('2027-09-03', TRUE, 'Quốc khánh', 'National Day', FALSE);
