//! Dates and times as people in Viet Nam read them: Indochina Time (UTC+7,
//! no daylight saving), "05/03/2026, 14:30" in Vietnamese and
//! "5 March 2026, 2:30pm" in English. Computed from Unix time on the
//! server; pure arithmetic, so it gives the same answer in the browser.

use super::Lang;

/// Viet Nam's offset from UTC, in seconds.
pub const VIET_NAM_OFFSET: i64 = 7 * 3600;

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
        let local = unix + VIET_NAM_OFFSET;
        let days = local.div_euclid(86_400);
        let seconds = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        LocalDateTime {
            year,
            month,
            day,
            hour: (seconds / 3600) as u32,
            minute: (seconds % 3600 / 60) as u32,
            second: (seconds % 60) as u32,
        }
    }
}

/// Year, month, day of a count of days since 1970-01-01 (Howard Hinnant's
/// algorithm for the proleptic Gregorian calendar).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
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
    let start = super::sharing::parse_rfc3339(&format!("{}T00:00:00+07:00", date.trim()))?;
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
    fn leap_days_and_the_epoch_are_right() {
        assert_eq!(iso_datetime(0), "1970-01-01T07:00:00+07:00");
        // 2024-02-29T00:00:00Z
        assert_eq!(iso_datetime(1_709_164_800), "2024-02-29T07:00:00+07:00");
    }
}
