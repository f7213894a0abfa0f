//! Statutory deadlines for requests to a DPO (Decree 356/2025/ND-CP, in
//! force 2026-01-01): the rules as data with their legal source, working
//! days from a holiday calendar that is itself data per year (Tết and the
//! Hùng Kings' day follow the lunar calendar, and the Government fixes the
//! days off every year), and one extension of at most 15 days. Pure
//! arithmetic on calendar dates in Viet Nam.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

pub use super::datetime::Date;

mod rules;

pub use rules::*;

/// A day that differs from the plain Monday-to-Friday week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: Date,
    /// True: a weekday off (a holiday or a substitute day). False: a
    /// weekend day worked to make up for a bridge day.
    pub day_off: bool,
    pub name_vi: String,
    pub name_en: String,
    /// Whether the day was checked against the Government's announcement
    /// for that year; provisional days must be confirmed by administrators.
    pub confirmed: bool,
}

/// Longest name of a calendar day.
pub const MAX_DAY_NAME: usize = 200;

impl CalendarDay {
    /// An administrator's entry as typed: a real date, a weekday for a day
    /// off and a weekend day for a day worked, both names.
    pub fn parse(
        date: &str,
        kind: &str,
        name_vi: &str,
        name_en: &str,
        confirmed: bool,
    ) -> Result<CalendarDay, super::FieldError> {
        let fail = |field, message_id| super::FieldError { field, message_id };
        let date = Date::parse(date).ok_or(fail("date", "calendar-error-date"))?;
        let day_off = match kind {
            "off" if !date.is_weekend() => true,
            "off" => return Err(fail("kind", "calendar-error-off-weekend")),
            "work" if date.is_weekend() => false,
            "work" => return Err(fail("kind", "calendar-error-work-weekday")),
            _ => return Err(fail("kind", "calendar-error-kind")),
        };
        let name = |value: &str, field| {
            let value = value.trim();
            if value.is_empty() || value.chars().count() > MAX_DAY_NAME {
                Err(fail(field, "calendar-error-name"))
            } else {
                Ok(value.to_owned())
            }
        };
        Ok(CalendarDay {
            date,
            day_off,
            name_vi: name(name_vi, "name_vi")?,
            name_en: name(name_en, "name_en")?,
            confirmed,
        })
    }
}

/// The calendar as stored: the years covered and their exceptional days.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarData {
    pub years: Vec<i32>,
    /// In date order.
    pub days: Vec<CalendarDay>,
}

impl CalendarData {
    pub fn calendar(&self) -> Calendar {
        Calendar::new(self.years.iter().copied(), &self.days)
    }
}

/// A day of the seed calendar (the first migration's data).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeedDay {
    pub date: Date,
    pub day_off: bool,
    pub name_vi: &'static str,
    pub name_en: &'static str,
    pub confirmed: bool,
}

impl From<&SeedDay> for CalendarDay {
    fn from(seed: &SeedDay) -> CalendarDay {
        CalendarDay {
            date: seed.date,
            day_off: seed.day_off,
            name_vi: seed.name_vi.to_owned(),
            name_en: seed.name_en.to_owned(),
            confirmed: seed.confirmed,
        }
    }
}

/// Working days: Monday to Friday, minus days off, plus weekend days
/// worked; only for the years the calendar covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    years: BTreeSet<i32>,
    days_off: BTreeSet<Date>,
    weekend_work: BTreeSet<Date>,
    /// The names of the days off, in Vietnamese and English.
    names: BTreeMap<Date, (String, String)>,
}

/// A deadline that cannot be computed: the calendar has no data for a year
/// it runs into (an administrator must add that year's holidays first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum DeadlineError {
    #[error("no holiday calendar for {0}")]
    YearNotCovered(i32),
    #[error("an extension is longer than the law allows for this kind")]
    ExtensionTooLong,
}

impl DeadlineError {
    pub fn message_id(self) -> &'static str {
        match self {
            DeadlineError::YearNotCovered(_) => "deadline-error-year",
            DeadlineError::ExtensionTooLong => "deadline-error-extension-length",
        }
    }
}

impl Calendar {
    /// A calendar for `years` with these exceptions.
    pub fn new(years: impl IntoIterator<Item = i32>, days: &[CalendarDay]) -> Calendar {
        Calendar {
            years: years.into_iter().collect(),
            days_off: days.iter().filter(|d| d.day_off).map(|d| d.date).collect(),
            weekend_work: days.iter().filter(|d| !d.day_off).map(|d| d.date).collect(),
            names: days
                .iter()
                .filter(|d| d.day_off)
                .map(|d| (d.date, (d.name_vi.clone(), d.name_en.clone())))
                .collect(),
        }
    }

    /// Why `date` is not a working day: a weekend or a named day off.
    pub fn why_off(&self, date: Date) -> Skipped {
        match self.names.get(&date) {
            Some((vi, en)) => Skipped::DayOff {
                name_vi: vi.clone(),
                name_en: en.clone(),
            },
            None => Skipped::Weekend,
        }
    }

    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn is_working_day(&self, date: Date) -> Result<bool, DeadlineError> {
        if !self.covers(date.year()) {
            return Err(DeadlineError::YearNotCovered(date.year()));
        }
        Ok(if date.is_weekend() {
            self.weekend_work.contains(&date)
        } else {
            !self.days_off.contains(&date)
        })
    }

    /// The first working day on or after `date`.
    pub fn on_or_after(&self, mut date: Date) -> Result<Date, DeadlineError> {
        while !self.is_working_day(date)? {
            date = date.add_days(1);
        }
        Ok(date)
    }

    /// The `n`th working day after `date` (the day itself not counted).
    pub fn working_days_after(&self, mut date: Date, n: u32) -> Result<Date, DeadlineError> {
        let mut left = n;
        while left > 0 {
            date = date.add_days(1);
            if self.is_working_day(date)? {
                left -= 1;
            }
        }
        Ok(date)
    }
}

/// Working days from `from` (not counted) to `to` (counted): what is left.
pub fn working_days_left(from: Date, to: Date, calendar: &Calendar) -> Result<i64, DeadlineError> {
    let (start, end, sign) = if from <= to {
        (from, to, 1)
    } else {
        (to, from, -1)
    };
    let mut count = 0;
    let mut date = start;
    while date < end {
        date = date.add_days(1);
        if calendar.is_working_day(date)? {
            count += 1;
        }
    }
    Ok(sign * count)
}

const fn day(year: i32, month: u8, day: u8) -> Date {
    Date::known(year, month, day)
}

const fn off(date: Date, name_vi: &'static str, name_en: &'static str, confirmed: bool) -> SeedDay {
    SeedDay {
        date,
        day_off: true,
        name_vi,
        name_en,
        confirmed,
    }
}

/// The years the seed calendar covers.
pub const SEED_YEARS: [i32; 2] = [2026, 2027];

/// Weekdays off in 2026 and 2027 (weekend holidays give a substitute
/// weekday). 2026's Tết follows the Government's announcement (16–20
/// February); the other days follow the Labour Code 2019, Art. 112, with
/// lunar dates converted (Hùng Kings: 10th day of the 3rd lunar month).
/// Days not yet announced by the Government are marked unconfirmed:
/// administrators confirm or move them.
pub const SEED_DAYS: [SeedDay; 22] = [
    off(day(2026, 1, 1), "Tết Dương lịch", "New Year's Day", true),
    off(day(2026, 2, 16), "Tết Nguyên đán", "Lunar New Year", true),
    off(day(2026, 2, 17), "Tết Nguyên đán", "Lunar New Year", true),
    off(day(2026, 2, 18), "Tết Nguyên đán", "Lunar New Year", true),
    off(day(2026, 2, 19), "Tết Nguyên đán", "Lunar New Year", true),
    off(day(2026, 2, 20), "Tết Nguyên đán", "Lunar New Year", true),
    // 10/3 lunar falls on Sunday 26 April: the Monday is off instead.
    off(
        day(2026, 4, 27),
        "Giỗ Tổ Hùng Vương (nghỉ bù)",
        "Hùng Kings' Day (substitute)",
        false,
    ),
    off(
        day(2026, 4, 30),
        "Ngày Giải phóng miền Nam",
        "Reunification Day",
        true,
    ),
    off(
        day(2026, 5, 1),
        "Ngày Quốc tế Lao động",
        "International Labour Day",
        true,
    ),
    off(day(2026, 9, 1), "Quốc khánh", "National Day", false),
    off(day(2026, 9, 2), "Quốc khánh", "National Day", true),
    off(day(2027, 1, 1), "Tết Dương lịch", "New Year's Day", true),
    // Lunar New Year's Day is Saturday 6 February 2027.
    off(day(2027, 2, 4), "Tết Nguyên đán", "Lunar New Year", false),
    off(day(2027, 2, 5), "Tết Nguyên đán", "Lunar New Year", false),
    off(day(2027, 2, 8), "Tết Nguyên đán", "Lunar New Year", false),
    off(day(2027, 2, 9), "Tết Nguyên đán", "Lunar New Year", false),
    off(day(2027, 2, 10), "Tết Nguyên đán", "Lunar New Year", false),
    // 10/3 lunar: Friday 16 April 2027.
    off(
        day(2027, 4, 16),
        "Giỗ Tổ Hùng Vương",
        "Hùng Kings' Day",
        false,
    ),
    off(
        day(2027, 4, 30),
        "Ngày Giải phóng miền Nam",
        "Reunification Day",
        true,
    ),
    // 1 May 2027 is a Saturday: the Monday is off instead.
    off(
        day(2027, 5, 3),
        "Ngày Quốc tế Lao động (nghỉ bù)",
        "International Labour Day (substitute)",
        false,
    ),
    off(day(2027, 9, 2), "Quốc khánh", "National Day", true),
    off(day(2027, 9, 3), "Quốc khánh", "National Day", false),
];

/// The seed calendar (2026 and 2027).
pub fn seed_calendar() -> Calendar {
    let days: Vec<CalendarDay> = SEED_DAYS.iter().map(CalendarDay::from).collect();
    Calendar::new(SEED_YEARS, &days)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::requests::RequestKind;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn dates_parse_count_and_know_their_weekday() {
        assert_eq!(d("1970-01-01").days(), 0);
        assert_eq!(d("2026-11-30").weekday(), 0, "a Monday");
        assert_eq!(d("2026-02-14").weekday(), 5, "a Saturday");
        assert_eq!(d("2028-02-29").add_days(1), d("2028-03-01"));
        assert_eq!(Date::parse("2026-02-29"), None);
        assert_eq!(Date::parse("2026-13-01"), None);
        assert_eq!(Date::parse("tomorrow"), None);
        // 23:30 UTC on 30 November is already 1 December in Viet Nam.
        assert_eq!(Date::of_unix(1_796_081_400), d("2026-12-01"));
    }

    #[test]
    fn calendar_entries_are_checked_field_by_field() {
        let ok = CalendarDay::parse("2026-04-28", "off", " Nghỉ bù ", "Substitute", true).unwrap();
        assert!(ok.day_off);
        assert_eq!(ok.name_vi, "Nghỉ bù");
        let worked = CalendarDay::parse("2026-05-09", "work", "Làm bù", "Make-up day", false);
        assert!(!worked.unwrap().day_off, "a Saturday worked");
        let field = |date: &str, kind: &str, vi: &str| {
            CalendarDay::parse(date, kind, vi, "x", false)
                .unwrap_err()
                .field
        };
        assert_eq!(field("2026-02-30", "off", "x"), "date");
        assert_eq!(
            field("2026-02-14", "off", "x"),
            "kind",
            "a Saturday is off already"
        );
        assert_eq!(
            field("2026-02-13", "work", "x"),
            "kind",
            "a Friday is worked already"
        );
        assert_eq!(field("2026-02-13", "other", "x"), "kind");
        assert_eq!(field("2026-02-13", "off", "  "), "name_vi");
    }

    #[test]
    fn the_seed_days_are_weekdays_of_the_covered_years() {
        for seed in &SEED_DAYS {
            assert!(!seed.date.is_weekend(), "{:?}", seed.date);
            assert!(SEED_YEARS.contains(&seed.date.year()));
        }
    }

    #[test]
    fn acknowledgement_skips_tet_and_the_weekend() {
        let calendar = seed_calendar();
        // Received on Friday 13 February 2026, before the Tết week.
        let received = d("2026-02-13");
        let acknowledge = rule_for(RequestKind::Access).acknowledge;
        assert_eq!(due(received, acknowledge, &calendar), Ok(d("2026-02-24")));
        // Received on Wednesday 29 April 2026: 30 April and 1 May are off.
        assert_eq!(
            due(d("2026-04-29"), acknowledge, &calendar),
            Ok(d("2026-05-05"))
        );
    }

    #[test]
    fn a_period_ending_on_a_day_off_ends_on_the_next_working_day() {
        let calendar = seed_calendar();
        // 15 days after 2 February 2026 is Tuesday 17 February (Tết).
        let withdrawal = rule_for(RequestKind::Restriction);
        assert_eq!(
            due(d("2026-02-02"), withdrawal.decide, &calendar),
            Ok(d("2026-02-23"))
        );
        assert_eq!(
            due(
                d("2026-02-02"),
                withdrawal.decide_with_third_party.unwrap(),
                &calendar
            ),
            Ok(d("2026-02-23")),
            "22 February is a Sunday"
        );
    }

    #[test]
    fn one_extension_of_at_most_the_kinds_cap() {
        let calendar = seed_calendar();
        let current = d("2026-06-10");
        let objection = rule_for(RequestKind::Objection);
        assert_eq!(
            extend_by(current, 15, objection, &calendar),
            Ok(d("2026-06-25"))
        );
        assert_eq!(
            extend_by(current, 16, objection, &calendar),
            Err(DeadlineError::ExtensionTooLong)
        );
        assert_eq!(
            extend_by(current, 0, objection, &calendar),
            Err(DeadlineError::ExtensionTooLong)
        );
        // Access and correction: 10 at most; deletion: 20.
        let access = rule_for(RequestKind::Access);
        assert_eq!(
            extend_by(current, 11, access, &calendar),
            Err(DeadlineError::ExtensionTooLong)
        );
        assert!(extend_by(current, 20, rule_for(RequestKind::Deletion), &calendar).is_ok());
        // 10 June + 4 = Sunday 14 June: the Monday.
        assert_eq!(
            extend_by(current, 4, objection, &calendar),
            Ok(d("2026-06-15"))
        );
    }

    #[test]
    fn a_year_without_a_calendar_is_an_error_not_a_guess() {
        let calendar = seed_calendar();
        assert_eq!(
            due(
                d("2027-12-25"),
                rule_for(RequestKind::Access).decide,
                &calendar
            ),
            Err(DeadlineError::YearNotCovered(2028))
        );
    }

    #[test]
    fn working_days_left_counts_both_ways() {
        let calendar = seed_calendar();
        assert_eq!(
            working_days_left(d("2026-02-13"), d("2026-02-24"), &calendar),
            Ok(2)
        );
        assert_eq!(
            working_days_left(d("2026-02-24"), d("2026-02-13"), &calendar),
            Ok(-2)
        );
        assert_eq!(
            working_days_left(d("2026-03-02"), d("2026-03-02"), &calendar),
            Ok(0)
        );
    }

    fn covered_date() -> impl Strategy<Value = Date> {
        // Receipts through October 2027, so every period ends inside 2027.
        (d("2026-01-01").days()..d("2027-10-31").days()).prop_map(Date::from_days)
    }

    fn any_period() -> impl Strategy<Value = Period> {
        prop::sample::select(
            REQUEST_RULES
                .iter()
                .flat_map(|r| {
                    [
                        Some(r.acknowledge),
                        Some(r.decide),
                        r.decide_with_third_party,
                    ]
                })
                .flatten()
                .collect::<Vec<_>>(),
        )
    }

    proptest! {
        #[test]
        fn a_deadline_is_always_a_working_day_after_receipt(
            received in covered_date(),
            period in any_period(),
        ) {
            let calendar = seed_calendar();
            let end = due(received, period, &calendar).unwrap();
            prop_assert!(calendar.is_working_day(end).unwrap());
            prop_assert!(!end.is_weekend());
            prop_assert!(!SEED_DAYS.iter().any(|s| s.date == end));
            prop_assert!(end > received);
        }

        #[test]
        fn later_receipt_never_gives_an_earlier_deadline(
            first in covered_date(),
            gap in 0i64..60,
            period in any_period(),
        ) {
            let calendar = seed_calendar();
            let later = first.add_days(gap);
            prop_assume!(later < d("2027-10-31"));
            prop_assert!(
                due(later, period, &calendar).unwrap() >= due(first, period, &calendar).unwrap()
            );
        }

        #[test]
        fn working_day_periods_hold_exactly_that_many_working_days(
            received in covered_date(),
            n in 1u32..30,
        ) {
            let calendar = seed_calendar();
            let citation = Citation { vi: "", en: "" };
            let period = Period { amount: n, unit: Unit::WorkingDays, citation, checked: false };
            let end = due(received, period, &calendar).unwrap();
            prop_assert_eq!(working_days_left(received, end, &calendar).unwrap(), i64::from(n));
        }

        #[test]
        fn calendar_day_periods_are_never_shorter_than_their_days(
            received in covered_date(),
            period in any_period(),
        ) {
            prop_assume!(period.unit == Unit::Days);
            let calendar = seed_calendar();
            let end = due(received, period, &calendar).unwrap();
            let length = end.days() - received.days();
            prop_assert!(length >= i64::from(period.amount));
            // Rolled forward past days off only: at most a Tết week and a weekend.
            prop_assert!(length <= i64::from(period.amount) + 9);
        }

        #[test]
        fn an_extension_never_shortens_and_stays_within_the_limit(
            current in covered_date(),
            days in 1u32..=10,
            kind in prop::sample::select(RequestKind::ALL.to_vec()),
        ) {
            let calendar = seed_calendar();
            let later = extend_by(current, days, rule_for(kind), &calendar).unwrap();
            prop_assert!(later > current);
            prop_assert!(calendar.is_working_day(later).unwrap());
        }
    }
}
