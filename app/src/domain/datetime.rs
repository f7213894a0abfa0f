//! Dates and times as people in Viet Nam read them: Indochina Time (UTC+7,
//! no daylight saving), "05/03/2026, 14:30" in Vietnamese and
//! "5 March 2026, 2:30pm" in English; calendar dates; RFC 3339 times as
//! agencies report them. The calendar arithmetic is the `time` crate's
//! (the server already uses it through sqlx; in the browser bundle it costs
//! about 14 KiB brotli, `jiff` about 45 KiB: measured in the commit that
//! brought it in); the wording is ours. The one place in the project that
//! knows how a date is made.

use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, UtcOffset, format_description::well_known::Rfc3339};

use super::Lang;

/// Viet Nam's offset from UTC, in seconds.
pub const VIET_NAM_OFFSET: i64 = 7 * 3600;

/// Viet Nam's offset from UTC.
const VIET_NAM: UtcOffset = match UtcOffset::from_whole_seconds(VIET_NAM_OFFSET as i32) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+7 is a valid offset"),
};

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar date (proleptic Gregorian), always a real one: built only by
/// parsing or by arithmetic on another date. Stored as `YYYY-MM-DD`; sent
/// as `{year, month, day}` (checked when read back).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "DateParts", into = "DateParts")]
pub struct Date(time::Date);

/// A date as JSON carries it.
#[derive(Serialize, Deserialize)]
struct DateParts {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// `YYYY-MM-DD` (surrounding spaces allowed), a real date.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().split('-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        if parts.next().is_some() {
            return None;
        }
        Date::from_ymd(year, month, day)
    }

    /// The date of a year, month (1–12) and day, if there is one.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Date)
    }

    /// A date known to be real, for constants (the seed calendar): an
    /// unreal one stops the build, since constants are evaluated then.
    pub(crate) const fn known(year: i32, month: u8, day: u8) -> Date {
        let month = match month {
            1..=12 => time::Month::January.nth_next(month - 1),
            _ => panic!("a month is 1 to 12"),
        };
        match time::Date::from_calendar_date(year, month, day) {
            Ok(date) => Date(date),
            Err(_) => panic!("not a real date"),
        }
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// 1 to 12.
    pub fn month(self) -> u32 {
        u32::from(u8::from(self.0.month()))
    }

    pub fn day(self) -> u32 {
        u32::from(self.0.day())
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        i64::from(self.0.to_julian_day() - UNIX_EPOCH_JULIAN_DAY)
    }

    /// The date `days` after 1970-01-01; clamped to the years the `time`
    /// crate knows (±9999), far beyond any date the service handles.
    pub fn from_days(days: i64) -> Date {
        let julian = (days + i64::from(UNIX_EPOCH_JULIAN_DAY)).clamp(
            i64::from(time::Date::MIN.to_julian_day()),
            i64::from(time::Date::MAX.to_julian_day()),
        );
        Date(time::Date::from_julian_day(julian as i32).unwrap_or(time::Date::MIN))
    }

    /// The date in Viet Nam (UTC+7) of a Unix time.
    pub fn of_unix(unix: i64) -> Date {
        Date(local(unix).date())
    }

    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.days() + days)
    }

    /// Monday is 0, Sunday 6.
    pub fn weekday(self) -> u32 {
        u32::from(self.0.weekday().number_days_from_monday())
    }

    pub fn is_weekend(self) -> bool {
        self.weekday() >= 5
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year(), self.month(), self.day())
    }

    /// The same day and time of day `months` later (earlier if negative),
    /// by the calendar: 31 January plus one month is the last day of
    /// February.
    fn add_months(self, months: i32) -> Date {
        let total = self.year() * 12 + self.month() as i32 - 1 + months;
        let (year, month) = (total.div_euclid(12), total.rem_euclid(12) as u8 + 1);
        let last = time::util::days_in_month(
            time::Month::try_from(month).unwrap_or(time::Month::December),
            year,
        );
        Date::from_ymd(year, month, (self.day() as u8).min(last)).unwrap_or(self)
    }
}

/// Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

impl TryFrom<DateParts> for Date {
    type Error = String;

    fn try_from(parts: DateParts) -> Result<Date, String> {
        let (year, month, day) = (parts.year, parts.month, parts.day);
        u8::try_from(month)
            .ok()
            .zip(u8::try_from(day).ok())
            .and_then(|(month, day)| Date::from_ymd(year, month, day))
            .ok_or_else(|| format!("not a date: {year}-{month}-{day}"))
    }
}

impl From<Date> for DateParts {
    fn from(date: Date) -> DateParts {
        DateParts {
            year: date.year(),
            month: date.month(),
            day: date.day(),
        }
    }
}

/// The moment of a Unix time in Viet Nam; times beyond the `time` crate's
/// years (±9999) are clamped to its ends.
fn local(unix: i64) -> OffsetDateTime {
    let bounded = unix.clamp(
        time::PrimitiveDateTime::MIN.assume_utc().unix_timestamp() + VIET_NAM_OFFSET,
        time::PrimitiveDateTime::MAX.assume_utc().unix_timestamp() - VIET_NAM_OFFSET,
    );
    OffsetDateTime::from_unix_timestamp(bounded)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(VIET_NAM)
}

/// A time as agencies report it (RFC 3339, with its offset), as Unix time.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    OffsetDateTime::parse(text, &Rfc3339)
        .ok()
        .map(OffsetDateTime::unix_timestamp)
}

/// `from` (Unix time) plus `months` by the calendar in Viet Nam, at the
/// same time of day: 31 January plus one month is the last day of February.
pub fn add_months(from: i64, months: i32) -> i64 {
    let start = local(from);
    let date = Date(start.date()).add_months(months);
    start.replace_date(date.0).unix_timestamp()
}

/// A calendar date and wall-clock time in Viet Nam.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LocalDateTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl LocalDateTime {
    /// The Viet Nam wall-clock time of a Unix time.
    pub fn from_unix(unix: i64) -> LocalDateTime {
        let t = local(unix);
        LocalDateTime {
            year: i64::from(t.year()),
            month: u32::from(u8::from(t.month())),
            day: u32::from(t.day()),
            hour: u32::from(t.hour()),
            minute: u32::from(t.minute()),
            second: u32::from(t.second()),
        }
    }
}

/// Date and time for reading: "05/03/2026, 14:30" or "5 March 2026, 2:30pm".
pub fn format_datetime(unix: i64, lang: Lang) -> String {
    let t = LocalDateTime::from_unix(unix);
    match lang {
        Lang::Vi => format!(
            "{:02}/{:02}/{}, {:02}:{:02}",
            t.day, t.month, t.year, t.hour, t.minute
        ),
        Lang::En => {
            let (hour, suffix) = match t.hour {
                0 => (12, "am"),
                1..=11 => (t.hour, "am"),
                12 => (12, "pm"),
                _ => (t.hour - 12, "pm"),
            };
            format!(
                "{} {} {}, {}:{:02}{}",
                t.day,
                MONTHS_EN[(t.month - 1) as usize],
                t.year,
                hour,
                t.minute,
                suffix
            )
        }
    }
}

/// A date heading: "ngày 5 tháng 3 năm 2026" or "5 March 2026".
pub fn format_date_long(unix: i64, lang: Lang) -> String {
    let t = LocalDateTime::from_unix(unix);
    match lang {
        Lang::Vi => format!("ngày {} tháng {} năm {}", t.day, t.month, t.year),
        Lang::En => format!("{} {} {}", t.day, MONTHS_EN[(t.month - 1) as usize], t.year),
    }
}

/// A short date: "05/03/2026" or "5 Mar 2026".
pub fn format_date(unix: i64, lang: Lang) -> String {
    let t = LocalDateTime::from_unix(unix);
    match lang {
        Lang::Vi => format!("{:02}/{:02}/{}", t.day, t.month, t.year),
        Lang::En => format!(
            "{} {} {}",
            t.day,
            &MONTHS_EN[(t.month - 1) as usize][..3],
            t.year
        ),
    }
}

/// The time of day: "14:30" or "2:30pm".
pub fn format_time(unix: i64, lang: Lang) -> String {
    let t = LocalDateTime::from_unix(unix);
    match lang {
        Lang::Vi => format!("{:02}:{:02}", t.hour, t.minute),
        Lang::En => {
            let (hour, suffix) = match t.hour {
                0 => (12, "am"),
                1..=11 => (t.hour, "am"),
                12 => (12, "pm"),
                _ => (t.hour - 12, "pm"),
            };
            format!("{hour}:{:02}{suffix}", t.minute)
        }
    }
}

/// The day (in Viet Nam) of a Unix time, as `YYYY-MM-DD`: for grouping and
/// for date inputs.
pub fn iso_date(unix: i64) -> String {
    let t = LocalDateTime::from_unix(unix);
    format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
}

/// The Unix times of the start and end of a `YYYY-MM-DD` day in Viet Nam.
pub fn day_bounds(date: &str) -> Option<(i64, i64)> {
    let date = Date::parse(date)?;
    let start = date.0.midnight().assume_offset(VIET_NAM).unix_timestamp();
    Some((start, start + 86_399))
}

/// The machine-readable form for `<time datetime>`, with the +07:00 offset.
pub fn iso_datetime(unix: i64) -> String {
    let t = LocalDateTime::from_unix(unix);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+07:00",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2026-03-05T07:30:00Z is 14:30 in Viet Nam.
    const MARCH_5_1430: i64 = 1_772_695_800;

    #[test]
    fn times_are_shown_in_viet_nam_time_per_language() {
        assert_eq!(format_datetime(MARCH_5_1430, Lang::Vi), "05/03/2026, 14:30");
        assert_eq!(
            format_datetime(MARCH_5_1430, Lang::En),
            "5 March 2026, 2:30pm"
        );
        assert_eq!(iso_datetime(MARCH_5_1430), "2026-03-05T14:30:00+07:00");
    }

    #[test]
    fn the_date_changes_at_midnight_in_viet_nam_not_utc() {
        // 2025-12-31T17:00:00Z is midnight on 1 January 2026 in Viet Nam.
        let new_year = 1_767_200_400;
        assert_eq!(format_datetime(new_year, Lang::Vi), "01/01/2026, 00:00");
        assert_eq!(
            format_datetime(new_year - 60, Lang::En),
            "31 December 2025, 11:59pm"
        );
        assert_eq!(
            format_datetime(new_year, Lang::En),
            "1 January 2026, 12:00am"
        );
    }

    #[test]
    fn dates_and_times_read_naturally_in_each_language() {
        assert_eq!(
            format_date_long(MARCH_5_1430, Lang::Vi),
            "ngày 5 tháng 3 năm 2026"
        );
        assert_eq!(format_date_long(MARCH_5_1430, Lang::En), "5 March 2026");
        assert_eq!(format_date(MARCH_5_1430, Lang::Vi), "05/03/2026");
        assert_eq!(format_date(MARCH_5_1430, Lang::En), "5 Mar 2026");
        assert_eq!(format_time(MARCH_5_1430, Lang::Vi), "14:30");
        assert_eq!(format_time(MARCH_5_1430, Lang::En), "2:30pm");
        assert_eq!(iso_date(MARCH_5_1430), "2026-03-05");
        let (start, end) = day_bounds("2026-03-05").unwrap();
        assert!(start <= MARCH_5_1430 && MARCH_5_1430 <= end);
        assert_eq!(iso_date(start), "2026-03-05");
        assert_eq!(iso_date(end + 1), "2026-03-06");
        assert_eq!(day_bounds("05/03/2026"), None);
    }

    #[test]
    fn months_end_on_the_last_day_and_keep_the_time_of_day() {
        let jan31 = parse_rfc3339("2026-01-31T10:00:00+07:00").unwrap();
        assert_eq!(
            iso_datetime(add_months(jan31, 1)),
            "2026-02-28T10:00:00+07:00"
        );
        assert_eq!(
            iso_datetime(add_months(jan31, 25)),
            "2028-02-29T10:00:00+07:00"
        );
        assert_eq!(
            iso_datetime(add_months(jan31, -2)),
            "2025-11-30T10:00:00+07:00"
        );
    }

    #[test]
    fn dates_round_trip_as_text_and_refuse_unreal_days() {
        let date = Date::parse(" 2026-02-28 ").unwrap();
        assert_eq!(date.iso(), "2026-02-28");
        assert_eq!((date.year(), date.month(), date.day()), (2026, 2, 28));
        assert_eq!(Date::parse("2026-02-31"), None);
        assert_eq!(Date::parse("2026-00-10"), None);
        assert_eq!(Date::parse("2026-02-28-1"), None);
        assert_eq!(Date::from_days(date.days()), date);
        assert_eq!(Date::known(2026, 2, 28), date);
        let parts = DateParts::from(date);
        assert_eq!((parts.year, parts.month, parts.day), (2026, 2, 28));
        assert_eq!(Date::try_from(parts), Ok(date));
        let unreal = DateParts {
            year: 2026,
            month: 2,
            day: 30,
        };
        assert_eq!(Date::try_from(unreal), Err("not a date: 2026-2-30".into()));
    }

    #[test]
    fn leap_days_and_the_epoch_are_right() {
        assert_eq!(iso_datetime(0), "1970-01-01T07:00:00+07:00");
        // 2024-02-29T00:00:00Z
        assert_eq!(iso_datetime(1_709_164_800), "2024-02-29T07:00:00+07:00");
    }
}
