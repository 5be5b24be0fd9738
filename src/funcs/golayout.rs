//! Go's reference-time layouts (`"2006-01-02 15:04:05"`): formatting and
//! parsing as Go's `time/format.go` does them, plus the proleptic Gregorian
//! calendar arithmetic both need.
//!
//! A layout is split into literal text and layout elements by
//! [`next_std_chunk`], the same left-to-right scan as Go's `nextStdChunk`,
//! so ambiguous layouts (`"Janx"`, `"_2006"`, `".000x"`) resolve the way Go
//! resolves them. Parsing reports Go's `ParseError` text byte for byte.

/// One layout element (Go's `std*` constants).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Std {
    /// `Jan`
    Month,
    /// `January`
    LongMonth,
    /// `1`
    NumMonth,
    /// `01`
    ZeroMonth,
    /// `Mon`
    WeekDay,
    /// `Monday`
    LongWeekDay,
    /// `2`
    Day,
    /// `_2`
    UnderDay,
    /// `02`
    ZeroDay,
    /// `__2`
    UnderYearDay,
    /// `002`
    ZeroYearDay,
    /// `15`
    Hour,
    /// `3`
    Hour12,
    /// `03`
    ZeroHour12,
    /// `4`
    Minute,
    /// `04`
    ZeroMinute,
    /// `5`
    Second,
    /// `05`
    ZeroSecond,
    /// `2006`
    LongYear,
    /// `06`
    Year,
    /// `PM`
    PM,
    /// `pm`
    Pm,
    /// `MST`
    TZ,
    /// `Z0700`
    Iso8601TZ,
    /// `Z070000`
    Iso8601SecondsTZ,
    /// `Z07`
    Iso8601ShortTZ,
    /// `Z07:00`
    Iso8601ColonTZ,
    /// `Z07:00:00`
    Iso8601ColonSecondsTZ,
    /// `-0700`
    NumTZ,
    /// `-070000`
    NumSecondsTz,
    /// `-07`
    NumShortTZ,
    /// `-07:00`
    NumColonTZ,
    /// `-07:00:00`
    NumColonSecondsTZ,
    /// `.000` (digits, separator): exactly that many digits.
    FracSecond0(usize, u8),
    /// `.999` (digits, separator): up to that many digits, zeros trimmed.
    FracSecond9(usize, u8),
}

fn starts_with_lower(rest: &[u8]) -> bool {
    rest.first().is_some_and(u8::is_ascii_lowercase)
}

fn is_digit(s: &[u8], i: usize) -> bool {
    s.get(i).is_some_and(u8::is_ascii_digit)
}

/// Splits `layout` into the literal text before the first layout element, the
/// element, and the rest (Go's `nextStdChunk`).
pub(crate) fn next_std_chunk(layout: &[u8]) -> (&[u8], Option<Std>, &[u8]) {
    let n = layout.len();
    let at = |i: usize, s: &str| layout.get(i..i + s.len()) == Some(s.as_bytes());
    for i in 0..n {
        let hit = |len: usize, std: Std| Some((&layout[..i], Some(std), &layout[i + len..]));
        let found = match layout[i] {
            b'J' if at(i, "Jan") => {
                if at(i, "January") {
                    hit(7, Std::LongMonth)
                } else if !starts_with_lower(&layout[i + 3..]) {
                    hit(3, Std::Month)
                } else {
                    None
                }
            }
            b'M' if n >= i + 3 => {
                if at(i, "Monday") {
                    hit(6, Std::LongWeekDay)
                } else if at(i, "Mon") && !starts_with_lower(&layout[i + 3..]) {
                    hit(3, Std::WeekDay)
                } else if at(i, "MST") {
                    hit(3, Std::TZ)
                } else {
                    None
                }
            }
            b'0' => match layout.get(i + 1) {
                Some(b'1') => hit(2, Std::ZeroMonth),
                Some(b'2') => hit(2, Std::ZeroDay),
                Some(b'3') => hit(2, Std::ZeroHour12),
                Some(b'4') => hit(2, Std::ZeroMinute),
                Some(b'5') => hit(2, Std::ZeroSecond),
                Some(b'6') => hit(2, Std::Year),
                Some(b'0') if layout.get(i + 2) == Some(&b'2') => hit(3, Std::ZeroYearDay),
                _ => None,
            },
            b'1' => {
                if layout.get(i + 1) == Some(&b'5') {
                    hit(2, Std::Hour)
                } else {
                    hit(1, Std::NumMonth)
                }
            }
            b'2' => {
                if at(i, "2006") {
                    hit(4, Std::LongYear)
                } else {
                    hit(1, Std::Day)
                }
            }
            b'_' => {
                if layout.get(i + 1) == Some(&b'2') {
                    // `_2006` is a literal `_` followed by the long year.
                    if at(i + 1, "2006") {
                        return (&layout[..i + 1], Some(Std::LongYear), &layout[i + 5..]);
                    }
                    hit(2, Std::UnderDay)
                } else if at(i, "__2") {
                    hit(3, Std::UnderYearDay)
                } else {
                    None
                }
            }
            b'3' => hit(1, Std::Hour12),
            b'4' => hit(1, Std::Minute),
            b'5' => hit(1, Std::Second),
            b'P' if layout.get(i + 1) == Some(&b'M') => hit(2, Std::PM),
            b'p' if layout.get(i + 1) == Some(&b'm') => hit(2, Std::Pm),
            b'-' => {
                if at(i, "-070000") {
                    hit(7, Std::NumSecondsTz)
                } else if at(i, "-07:00:00") {
                    hit(9, Std::NumColonSecondsTZ)
                } else if at(i, "-0700") {
                    hit(5, Std::NumTZ)
                } else if at(i, "-07:00") {
                    hit(6, Std::NumColonTZ)
                } else if at(i, "-07") {
                    hit(3, Std::NumShortTZ)
                } else {
                    None
                }
            }
            b'Z' => {
                if at(i, "Z070000") {
                    hit(7, Std::Iso8601SecondsTZ)
                } else if at(i, "Z07:00:00") {
                    hit(9, Std::Iso8601ColonSecondsTZ)
                } else if at(i, "Z0700") {
                    hit(5, Std::Iso8601TZ)
                } else if at(i, "Z07:00") {
                    hit(6, Std::Iso8601ColonTZ)
                } else if at(i, "Z07") {
                    hit(3, Std::Iso8601ShortTZ)
                } else {
                    None
                }
            }
            sep @ (b'.' | b',') => match layout.get(i + 1) {
                Some(&ch @ (b'0' | b'9')) => {
                    let mut j = i + 1;
                    while j < n && layout[j] == ch {
                        j += 1;
                    }
                    // Only a run of one digit not followed by another digit.
                    if is_digit(layout, j) {
                        None
                    } else {
                        let digits = j - (i + 1);
                        let std = if ch == b'0' {
                            Std::FracSecond0(digits, sep)
                        } else {
                            Std::FracSecond9(digits, sep)
                        };
                        return (&layout[..i], Some(std), &layout[j..]);
                    }
                }
                _ => None,
            },
            _ => None,
        };
        if let Some(found) = found {
            return found;
        }
    }
    (layout, None, &[])
}

const LONG_DAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const SHORT_DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_MONTH_NAMES: [&str; 12] = [
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
const SHORT_MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Go's `time.Month.String()` for a month 1..=12 (`%!Month(13)` otherwise).
pub(crate) fn month_name(month: i64) -> String {
    match usize::try_from(month - 1)
        .ok()
        .and_then(|i| LONG_MONTH_NAMES.get(i))
    {
        Some(name) => (*name).to_string(),
        None => format!("%!Month({month})"),
    }
}

/// Go's `time.Weekday.String()` for a weekday 0 (Sunday)..=6.
pub(crate) fn weekday_name(day: i64) -> String {
    match usize::try_from(day)
        .ok()
        .and_then(|i| LONG_DAY_NAMES.get(i))
    {
        Some(name) => (*name).to_string(),
        None => format!("%!Weekday({day})"),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01: (year, month 1..=12, day).
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Go's `isLeap`.
pub(crate) fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The broken-down fields of an instant in some zone, what formatting reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Fields {
    /// Year (may be negative or beyond 9999).
    pub(crate) year: i64,
    /// Month 1..=12.
    pub(crate) month: i64,
    /// Day of month 1..=31.
    pub(crate) day: i64,
    /// Hour 0..=23.
    pub(crate) hour: i64,
    /// Minute 0..=59.
    pub(crate) minute: i64,
    /// Second 0..=59.
    pub(crate) second: i64,
    /// Nanosecond 0..=999_999_999.
    pub(crate) nanosecond: i64,
    /// Day of year 1..=366.
    pub(crate) yday: i64,
    /// Weekday 0 (Sunday)..=6.
    pub(crate) weekday: i64,
    /// Offset east of UTC in seconds.
    pub(crate) offset: i64,
    /// Zone abbreviation (may be empty for unnamed fixed zones).
    pub(crate) zone: String,
}

impl Fields {
    /// The fields of `unix` seconds + `nanosecond` shifted by `offset` seconds.
    pub(crate) fn from_unix(unix: i64, nanosecond: i64, offset: i64, zone: &str) -> Fields {
        // Go computes the calendar from an unsigned count of seconds since
        // its "absolute" epoch (year -292277022399), which wraps: an instant
        // before that epoch shows as 2^64 seconds later (`time.Unix(MinInt64)`
        // prints 292277026596-12-04 15:30:08).
        const ABS_SHIFT: i128 = 9_223_372_028_683_807_848;
        let wall = i128::from(unix) + i128::from(offset);
        let local = (wall + ABS_SHIFT).rem_euclid(1 << 64) - ABS_SHIFT;
        let days = i64::try_from(local.div_euclid(86_400)).unwrap_or(i64::MAX);
        let secs = i64::try_from(local.rem_euclid(86_400)).unwrap_or(0);
        let (year, month, day) = civil_from_days(days);
        Fields {
            year,
            month,
            day,
            hour: secs / 3600,
            minute: secs % 3600 / 60,
            second: secs % 60,
            nanosecond,
            yday: days - days_from_civil(year, 1, 1) + 1,
            weekday: (days + 4).rem_euclid(7),
            offset,
            zone: zone.to_string(),
        }
    }
}

/// Go's `appendInt`: `x` in decimal, zero-padded to `width` digits.
fn append_int(out: &mut String, x: i64, width: usize) {
    if x < 0 {
        out.push('-');
    }
    let digits = x.unsigned_abs().to_string();
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

/// Formats `f` with a Go layout (Go's `Time.Format`).
pub(crate) fn format(layout: &str, f: &Fields) -> String {
    let mut out = String::with_capacity(layout.len() + 10);
    let mut rest = layout.as_bytes();
    loop {
        let (prefix, std, suffix) = next_std_chunk(rest);
        // The chunk boundaries are always at ASCII bytes, so this is valid UTF-8.
        out.push_str(&String::from_utf8_lossy(prefix));
        let Some(std) = std else { break };
        rest = suffix;
        format_std(&mut out, std, f);
    }
    out
}

fn format_std(out: &mut String, std: Std, f: &Fields) {
    let month_index = usize::try_from(f.month - 1).unwrap_or(0).min(11);
    let day_index = usize::try_from(f.weekday).unwrap_or(0).min(6);
    match std {
        // Go prints the last two digits of |year| (year -1 gives "01").
        Std::Year => append_int(out, f.year.abs() % 100, 2),
        Std::LongYear => append_int(out, f.year, 4),
        Std::Month => out.push_str(SHORT_MONTH_NAMES[month_index]),
        Std::LongMonth => out.push_str(LONG_MONTH_NAMES[month_index]),
        Std::NumMonth => append_int(out, f.month, 0),
        Std::ZeroMonth => append_int(out, f.month, 2),
        Std::WeekDay => out.push_str(SHORT_DAY_NAMES[day_index]),
        Std::LongWeekDay => out.push_str(LONG_DAY_NAMES[day_index]),
        Std::Day => append_int(out, f.day, 0),
        Std::UnderDay => {
            if f.day < 10 {
                out.push(' ');
            }
            append_int(out, f.day, 0);
        }
        Std::ZeroDay => append_int(out, f.day, 2),
        Std::UnderYearDay => {
            if f.yday < 100 {
                out.push(' ');
                if f.yday < 10 {
                    out.push(' ');
                }
            }
            append_int(out, f.yday, 0);
        }
        Std::ZeroYearDay => append_int(out, f.yday, 3),
        Std::Hour => append_int(out, f.hour, 2),
        Std::Hour12 | Std::ZeroHour12 => {
            let hr = match f.hour % 12 {
                0 => 12,
                h => h,
            };
            append_int(out, hr, if std == Std::Hour12 { 0 } else { 2 });
        }
        Std::Minute => append_int(out, f.minute, 0),
        Std::ZeroMinute => append_int(out, f.minute, 2),
        Std::Second => append_int(out, f.second, 0),
        Std::ZeroSecond => append_int(out, f.second, 2),
        Std::PM => out.push_str(if f.hour >= 12 { "PM" } else { "AM" }),
        Std::Pm => out.push_str(if f.hour >= 12 { "pm" } else { "am" }),
        Std::Iso8601TZ
        | Std::Iso8601SecondsTZ
        | Std::Iso8601ShortTZ
        | Std::Iso8601ColonTZ
        | Std::Iso8601ColonSecondsTZ
        | Std::NumTZ
        | Std::NumSecondsTz
        | Std::NumShortTZ
        | Std::NumColonTZ
        | Std::NumColonSecondsTZ => format_numeric_zone(out, std, f.offset),
        Std::TZ => {
            if f.zone.is_empty() {
                let mut zone = f.offset / 60;
                if zone < 0 {
                    out.push('-');
                    zone = -zone;
                } else {
                    out.push('+');
                }
                append_int(out, zone / 60, 2);
                append_int(out, zone % 60, 2);
            } else {
                out.push_str(&f.zone);
            }
        }
        Std::FracSecond0(digits, sep) => append_nano(out, f.nanosecond, digits, sep, false),
        Std::FracSecond9(digits, sep) => append_nano(out, f.nanosecond, digits, sep, true),
    }
}

fn format_numeric_zone(out: &mut String, std: Std, offset: i64) {
    let iso = matches!(
        std,
        Std::Iso8601TZ
            | Std::Iso8601SecondsTZ
            | Std::Iso8601ShortTZ
            | Std::Iso8601ColonTZ
            | Std::Iso8601ColonSecondsTZ
    );
    if iso && offset == 0 {
        out.push('Z');
        return;
    }
    let mut zone = offset / 60;
    let mut abs = offset;
    if zone < 0 {
        out.push('-');
        zone = -zone;
        abs = -abs;
    } else {
        out.push('+');
    }
    append_int(out, zone / 60, 2);
    if matches!(
        std,
        Std::Iso8601ColonTZ | Std::NumColonTZ | Std::Iso8601ColonSecondsTZ | Std::NumColonSecondsTZ
    ) {
        out.push(':');
    }
    if std != Std::NumShortTZ && std != Std::Iso8601ShortTZ {
        append_int(out, zone % 60, 2);
    }
    if matches!(
        std,
        Std::Iso8601SecondsTZ
            | Std::NumSecondsTz
            | Std::NumColonSecondsTZ
            | Std::Iso8601ColonSecondsTZ
    ) {
        if std == Std::NumColonSecondsTZ || std == Std::Iso8601ColonSecondsTZ {
            out.push(':');
        }
        append_int(out, abs % 60, 2);
    }
}

/// Go's `appendNano`.
fn append_nano(out: &mut String, nanosecond: i64, digits: usize, sep: u8, trim: bool) {
    if trim && (digits == 0 || nanosecond == 0) {
        return;
    }
    let mut frac = format!("{nanosecond:09}");
    if digits < 9 {
        frac.truncate(digits);
    }
    if trim {
        let trimmed = frac.trim_end_matches('0');
        if trimmed.is_empty() {
            return;
        }
        frac = trimmed.to_string();
    }
    out.push(char::from(sep));
    out.push_str(&frac);
}

/// Go's `time.quote`: double quotes, with `"` and `\` escaped and every byte
/// of a non-ASCII or control character written as `\xNN`.
pub(crate) fn go_quote(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for &b in s {
        if !(b' '..0x80).contains(&b) {
            out.push_str(&format!("\\x{b:02x}"));
        } else {
            if b == b'"' || b == b'\\' {
                out.push('\\');
            }
            out.push(char::from(b));
        }
    }
    out.push('"');
    out
}

/// The zone a parsed time carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ParsedZone {
    /// No zone in the input: the default location applies.
    Default,
    /// `Z` or `UTC`.
    Utc,
    /// A numeric offset in seconds, with the `MST` name if one was parsed too.
    Offset(i64, String),
    /// A zone abbreviation without a numeric offset.
    Name(String),
}

/// The result of parsing: wall-clock fields in the parsed zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// Year.
    pub(crate) year: i64,
    /// Month 1..=12.
    pub(crate) month: i64,
    /// Day 1..=31.
    pub(crate) day: i64,
    /// Hour 0..=23.
    pub(crate) hour: i64,
    /// Minute.
    pub(crate) minute: i64,
    /// Second.
    pub(crate) second: i64,
    /// Nanosecond.
    pub(crate) nanosecond: i64,
    /// The zone, if the value named one.
    pub(crate) zone: ParsedZone,
}

struct Bad;

fn cut_space(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&b| b == b' ').count();
    &s[n..]
}

/// Go's `skip`: matches the literal layout text, where a space run matches
/// any (non-empty) space run.
fn skip<'a>(mut value: &'a [u8], mut prefix: &[u8]) -> Result<&'a [u8], &'a [u8]> {
    while let Some(&p) = prefix.first() {
        if p == b' ' {
            if value.first().is_some_and(|&b| b != b' ') {
                return Err(value);
            }
            prefix = cut_space(prefix);
            value = cut_space(value);
            continue;
        }
        if value.first() != Some(&p) {
            return Err(value);
        }
        prefix = &prefix[1..];
        value = &value[1..];
    }
    Ok(value)
}

/// Go's `leadingInt`: the leading digits, failing on overflow past 2^63.
fn leading_int(s: &[u8]) -> Result<(u64, &[u8]), Bad> {
    let mut x: u64 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if x > (1u64 << 63) / 10 {
            return Err(Bad);
        }
        x = x * 10 + u64::from(s[i] - b'0');
        if x > 1u64 << 63 {
            return Err(Bad);
        }
        i += 1;
    }
    Ok((x, &s[i..]))
}

/// Go's `atoi` (an optional sign, then digits only).
fn atoi(s: &[u8]) -> Result<i64, Bad> {
    let (neg, digits) = match s.first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (q, rem) = leading_int(digits)?;
    if !rem.is_empty() {
        return Err(Bad);
    }
    let x = q as i64;
    Ok(if neg { x.wrapping_neg() } else { x })
}

fn getnum(s: &[u8], fixed: bool) -> Result<(i64, &[u8]), Bad> {
    if !is_digit(s, 0) {
        return Err(Bad);
    }
    if !is_digit(s, 1) {
        if fixed {
            return Err(Bad);
        }
        return Ok((i64::from(s[0] - b'0'), &s[1..]));
    }
    Ok((
        i64::from(s[0] - b'0') * 10 + i64::from(s[1] - b'0'),
        &s[2..],
    ))
}

fn getnum3(s: &[u8], fixed: bool) -> Result<(i64, &[u8]), Bad> {
    let mut n = 0;
    let mut i = 0;
    while i < 3 && is_digit(s, i) {
        n = n * 10 + i64::from(s[i] - b'0');
        i += 1;
    }
    if i == 0 || (fixed && i != 3) {
        return Err(Bad);
    }
    Ok((n, &s[i..]))
}

fn lookup<'a>(table: &[&str], value: &'a [u8]) -> Result<(i64, &'a [u8]), Bad> {
    for (i, name) in table.iter().enumerate() {
        let name = name.as_bytes();
        if value.len() >= name.len() && value[..name.len()].eq_ignore_ascii_case(name) {
            // Go's `match` folds ASCII letters only, as eq_ignore_ascii_case does.
            return Ok((i as i64, &value[name.len()..]));
        }
    }
    Err(Bad)
}

fn comma_or_period(b: u8) -> bool {
    b == b'.' || b == b','
}

/// Go's `parseNanoseconds`: `value[..nbytes]` is a separator and digits.
fn parse_nanoseconds(value: &[u8], nbytes: usize) -> Result<(i64, Option<&'static str>), Bad> {
    if !value.first().is_some_and(|&b| comma_or_period(b)) {
        return Err(Bad);
    }
    let nbytes = nbytes.min(10).min(value.len());
    let mut ns = atoi(&value[1..nbytes])?;
    if ns < 0 {
        return Ok((0, Some("fractional second")));
    }
    for _ in 0..10 - nbytes {
        ns *= 10;
    }
    Ok((ns, None))
}

fn parse_signed_offset(value: &[u8]) -> usize {
    match value.first() {
        Some(b'-' | b'+') => {}
        _ => return 0,
    }
    match leading_int(&value[1..]) {
        Ok((x, rem)) if rem.len() != value.len() - 1 && x <= 12 => value.len() - rem.len(),
        _ => 0,
    }
}

/// Go's `parseTimeZone`: the length of a zone abbreviation at the start.
fn parse_time_zone(value: &[u8]) -> Option<usize> {
    if value.len() < 3 {
        return None;
    }
    if value.starts_with(b"ChST") || value.starts_with(b"MeST") {
        return Some(4);
    }
    if value.starts_with(b"GMT") {
        let rest = &value[3..];
        return Some(if rest.is_empty() {
            3
        } else {
            3 + parse_signed_offset(rest)
        });
    }
    if value[0] == b'+' || value[0] == b'-' {
        let n = parse_signed_offset(value);
        return (n > 0).then_some(n);
    }
    let upper = value
        .iter()
        .take(6)
        .take_while(|b| b.is_ascii_uppercase())
        .count();
    match upper {
        5 if value[4] == b'T' => Some(5),
        4 if value[3] == b'T' || value.starts_with(b"WITA") => Some(4),
        3 => Some(3),
        _ => None,
    }
}

/// Go's `ParseError.Error()`.
fn parse_error(layout: &str, value: &str, layout_elem: &[u8], value_elem: &[u8]) -> String {
    format!(
        "parsing time {} as {}: cannot parse {} as {}",
        go_quote(value.as_bytes()),
        go_quote(layout.as_bytes()),
        go_quote(value_elem),
        go_quote(layout_elem)
    )
}

fn parse_message(value: &str, message: &str) -> String {
    format!("parsing time {}{message}", go_quote(value.as_bytes()))
}

/// Parses `value` with a Go layout (the zone-independent part of Go's
/// `time.parse`). The error is Go's `ParseError` text.
pub(crate) fn parse(layout: &str, value: &str) -> Result<Parsed, String> {
    let mut lay = layout.as_bytes();
    let mut val = value.as_bytes();
    let mut am_set = false;
    let mut pm_set = false;
    let mut year = 0i64;
    let mut month = -1i64;
    let mut day = -1i64;
    let mut yday = -1i64;
    let (mut hour, mut minute, mut second, mut nsec) = (0i64, 0i64, 0i64, 0i64);
    let mut utc = false;
    let mut zone_offset: Option<i64> = None;
    let mut zone_name = String::new();

    loop {
        let (prefix, std, suffix) = next_std_chunk(lay);
        let std_str = &lay[prefix.len()..lay.len() - suffix.len()];
        val = match skip(val, prefix) {
            Ok(v) => v,
            Err(v) => return Err(parse_error(layout, value, prefix, v)),
        };
        let Some(std) = std else {
            if !val.is_empty() {
                return Err(parse_message(
                    value,
                    &format!(": extra text: {}", go_quote(val)),
                ));
            }
            break;
        };
        lay = suffix;
        let hold = val;
        let mut range_err: Option<&'static str> = None;
        let step: Result<&[u8], Bad> = (|| {
            let mut v = val;
            match std {
                Std::Year => {
                    if v.len() < 2 {
                        return Err(Bad);
                    }
                    let y = atoi(&v[..2])?;
                    v = &v[2..];
                    year = if y >= 69 { y + 1900 } else { y + 2000 };
                }
                Std::LongYear => {
                    if v.len() < 4 || !is_digit(v, 0) {
                        return Err(Bad);
                    }
                    year = atoi(&v[..4])?;
                    v = &v[4..];
                }
                Std::Month => {
                    let (m, r) = lookup(&SHORT_MONTH_NAMES, v)?;
                    month = m + 1;
                    v = r;
                }
                Std::LongMonth => {
                    let (m, r) = lookup(&LONG_MONTH_NAMES, v)?;
                    month = m + 1;
                    v = r;
                }
                Std::NumMonth | Std::ZeroMonth => {
                    let (m, r) = getnum(v, std == Std::ZeroMonth)?;
                    month = m;
                    v = r;
                    if !(1..=12).contains(&month) {
                        range_err = Some("month");
                    }
                }
                Std::WeekDay => v = lookup(&SHORT_DAY_NAMES, v)?.1,
                Std::LongWeekDay => v = lookup(&LONG_DAY_NAMES, v)?.1,
                Std::Day | Std::UnderDay | Std::ZeroDay => {
                    if std == Std::UnderDay && v.first() == Some(&b' ') {
                        v = &v[1..];
                    }
                    let (d, r) = getnum(v, std == Std::ZeroDay)?;
                    day = d;
                    v = r;
                }
                Std::UnderYearDay | Std::ZeroYearDay => {
                    for _ in 0..2 {
                        if std == Std::UnderYearDay && v.first() == Some(&b' ') {
                            v = &v[1..];
                        }
                    }
                    let (d, r) = getnum3(v, std == Std::ZeroYearDay)?;
                    yday = d;
                    v = r;
                }
                Std::Hour => {
                    let (h, r) = getnum(v, false)?;
                    hour = h;
                    v = r;
                    if !(0..24).contains(&hour) {
                        range_err = Some("hour");
                    }
                }
                Std::Hour12 | Std::ZeroHour12 => {
                    let (h, r) = getnum(v, std == Std::ZeroHour12)?;
                    hour = h;
                    v = r;
                    if !(0..=12).contains(&hour) {
                        range_err = Some("hour");
                    }
                }
                Std::Minute | Std::ZeroMinute => {
                    let (m, r) = getnum(v, std == Std::ZeroMinute)?;
                    minute = m;
                    v = r;
                    if !(0..60).contains(&minute) {
                        range_err = Some("minute");
                    }
                }
                Std::Second | Std::ZeroSecond => {
                    let (s, r) = getnum(v, std == Std::ZeroSecond)?;
                    second = s;
                    v = r;
                    if !(0..60).contains(&second) {
                        range_err = Some("second");
                        return Ok(v);
                    }
                    // A fractional second in the value but not in the layout.
                    if v.len() >= 2 && comma_or_period(v[0]) && is_digit(v, 1) {
                        let (_, next, _) = next_std_chunk(lay);
                        if matches!(next, Some(Std::FracSecond0(..) | Std::FracSecond9(..))) {
                            return Ok(v);
                        }
                        let mut n = 2;
                        while n < v.len() && is_digit(v, n) {
                            n += 1;
                        }
                        let (ns, re) = parse_nanoseconds(v, n)?;
                        nsec = ns;
                        range_err = re;
                        v = &v[n..];
                    }
                }
                Std::PM | Std::Pm => {
                    if v.len() < 2 {
                        return Err(Bad);
                    }
                    let (pm, am): (&[u8], &[u8]) = if std == Std::PM {
                        (b"PM", b"AM")
                    } else {
                        (b"pm", b"am")
                    };
                    if &v[..2] == pm {
                        pm_set = true;
                    } else if &v[..2] == am {
                        am_set = true;
                    } else {
                        return Err(Bad);
                    }
                    v = &v[2..];
                }
                Std::Iso8601TZ
                | Std::Iso8601ShortTZ
                | Std::Iso8601ColonTZ
                | Std::Iso8601SecondsTZ
                | Std::Iso8601ColonSecondsTZ
                | Std::NumTZ
                | Std::NumShortTZ
                | Std::NumColonTZ
                | Std::NumSecondsTz
                | Std::NumColonSecondsTZ => {
                    let iso = matches!(
                        std,
                        Std::Iso8601TZ
                            | Std::Iso8601ShortTZ
                            | Std::Iso8601ColonTZ
                            | Std::Iso8601SecondsTZ
                            | Std::Iso8601ColonSecondsTZ
                    );
                    if iso && v.first() == Some(&b'Z') {
                        utc = true;
                        return Ok(&v[1..]);
                    }
                    let (sign, hh, mm, ss, rest): (u8, &[u8], &[u8], &[u8], &[u8]) = match std {
                        Std::Iso8601ColonTZ | Std::NumColonTZ => {
                            if v.len() < 6 || v[3] != b':' {
                                return Err(Bad);
                            }
                            (v[0], &v[1..3], &v[4..6], b"00", &v[6..])
                        }
                        Std::NumShortTZ | Std::Iso8601ShortTZ => {
                            if v.len() < 3 {
                                return Err(Bad);
                            }
                            (v[0], &v[1..3], b"00", b"00", &v[3..])
                        }
                        Std::Iso8601ColonSecondsTZ | Std::NumColonSecondsTZ => {
                            if v.len() < 9 || v[3] != b':' || v[6] != b':' {
                                return Err(Bad);
                            }
                            (v[0], &v[1..3], &v[4..6], &v[7..9], &v[9..])
                        }
                        Std::Iso8601SecondsTZ | Std::NumSecondsTz => {
                            if v.len() < 7 {
                                return Err(Bad);
                            }
                            (v[0], &v[1..3], &v[3..5], &v[5..7], &v[7..])
                        }
                        _ => {
                            if v.len() < 5 {
                                return Err(Bad);
                            }
                            (v[0], &v[1..3], &v[3..5], b"00", &v[5..])
                        }
                    };
                    v = rest;
                    // Go checks the ranges even when a later field failed,
                    // and a range error wins over the parse error.
                    let hr = getnum(hh, true).map(|x| x.0);
                    let mi = hr.as_ref().ok().map(|_| getnum(mm, true).map(|x| x.0));
                    let se = match &mi {
                        Some(Ok(_)) => Some(getnum(ss, true).map(|x| x.0)),
                        _ => None,
                    };
                    let failed =
                        hr.is_err() || matches!(mi, Some(Err(_))) || matches!(se, Some(Err(_)));
                    let hr = hr.unwrap_or(0);
                    let mi = match mi {
                        Some(Ok(m)) => m,
                        _ => 0,
                    };
                    let se = match se {
                        Some(Ok(x)) => x,
                        _ => 0,
                    };
                    if hr > 24 {
                        range_err = Some("time zone offset hour");
                    }
                    if mi > 60 {
                        range_err = Some("time zone offset minute");
                    }
                    if se > 60 {
                        range_err = Some("time zone offset second");
                    }
                    if failed {
                        return Err(Bad);
                    }
                    let off = (hr * 60 + mi) * 60 + se;
                    zone_offset = Some(match sign {
                        b'+' => off,
                        b'-' => -off,
                        _ => return Err(Bad),
                    });
                }
                Std::TZ => {
                    if v.starts_with(b"UTC") {
                        utc = true;
                        return Ok(&v[3..]);
                    }
                    let n = parse_time_zone(v).ok_or(Bad)?;
                    zone_name = String::from_utf8_lossy(&v[..n]).into_owned();
                    v = &v[n..];
                }
                Std::FracSecond0(digits, _) => {
                    let ndigit = 1 + digits;
                    if v.len() < ndigit {
                        return Err(Bad);
                    }
                    let (ns, re) = parse_nanoseconds(v, ndigit)?;
                    nsec = ns;
                    range_err = re;
                    v = &v[ndigit..];
                }
                Std::FracSecond9(..) => {
                    if v.len() < 2 || !comma_or_period(v[0]) || !v[1].is_ascii_digit() {
                        return Ok(v);
                    }
                    let mut i = 0;
                    while i + 1 < v.len() && v[i + 1].is_ascii_digit() {
                        i += 1;
                    }
                    let (ns, re) = parse_nanoseconds(v, 1 + i)?;
                    nsec = ns;
                    range_err = re;
                    v = &v[1 + i..];
                }
            }
            Ok(v)
        })();
        match (range_err, step) {
            (Some(what), _) => {
                return Err(parse_message(value, &format!(": {what} out of range")));
            }
            (None, Err(Bad)) => return Err(parse_error(layout, value, std_str, hold)),
            (None, Ok(v)) => val = v,
        }
    }
    if pm_set && hour < 12 {
        hour += 12;
    } else if am_set && hour == 12 {
        hour = 0;
    }

    if yday >= 0 {
        let mut d = 0;
        let mut m = 0;
        if is_leap(year) {
            if yday == 31 + 29 {
                m = 2;
                d = 29;
            } else if yday > 31 + 29 {
                yday -= 1;
            }
        }
        if !(1..=365).contains(&yday) {
            return Err(parse_message(value, ": day-of-year out of range"));
        }
        if m == 0 {
            const DAYS_BEFORE: [i64; 13] =
                [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];
            m = (yday - 1) / 31 + 1;
            if DAYS_BEFORE[m as usize] < yday {
                m += 1;
            }
            d = yday - DAYS_BEFORE[(m - 1) as usize];
        }
        if month >= 0 && month != m {
            return Err(parse_message(value, ": day-of-year does not match month"));
        }
        month = m;
        if day >= 0 && day != d {
            return Err(parse_message(value, ": day-of-year does not match day"));
        }
        day = d;
    } else {
        if month < 0 {
            month = 1;
        }
        if day < 0 {
            day = 1;
        }
    }
    if day < 1 || day > days_in(month, year) {
        return Err(parse_message(value, ": day out of range"));
    }
    let zone = if utc {
        ParsedZone::Utc
    } else if let Some(off) = zone_offset {
        ParsedZone::Offset(off, zone_name)
    } else if !zone_name.is_empty() {
        ParsedZone::Name(zone_name)
    } else {
        ParsedZone::Default
    };
    Ok(Parsed {
        year,
        month,
        day,
        hour,
        minute,
        second,
        nanosecond: nsec,
        zone,
    })
}

/// The offset Go gives a `GMT+3`-style abbreviation it does not know.
pub(crate) fn gmt_offset(name: &str) -> i64 {
    match name.strip_prefix("GMT") {
        Some(rest) if !rest.is_empty() => atoi(rest.as_bytes()).unwrap_or(0).saturating_mul(3600),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(unix: i64, nsec: i64, offset: i64, zone: &str) -> Fields {
        Fields::from_unix(unix, nsec, offset, zone)
    }

    #[test]
    fn formats_like_go() {
        // 2024-03-15T13:04:05.123456789Z, a Friday, day 75.
        let f = fields(1_710_507_845, 123_456_789, 0, "UTC");
        let cases = [
            ("2006-01-02T15:04:05Z07:00", "2024-03-15T13:04:05Z"),
            ("Mon Monday Jan January", "Fri Friday Mar March"),
            (
                "1 01 2 02 _2 3 03 4 04 5 05 06",
                "3 03 15 15 15 1 01 4 04 5 05 24",
            ),
            ("002 __2 PM pm MST", "075  75 PM pm UTC"),
            (".0 .000 .999999999 ,999 .9", ".1 .123 .123456789 ,123 .1"),
            (
                "-0700 -07:00 -07 -070000 -07:00:00",
                "+0000 +00:00 +00 +000000 +00:00:00",
            ),
            ("_2006 Janx Mond", "_2024 Janx Mond"),
            ("Z0700 Z07 Z070000 Z07:00:00", "Z Z Z Z"),
        ];
        for (layout, want) in cases {
            assert_eq!(format(layout, &f), want, "{layout}");
        }
        let tokyo = fields(1_710_460_800, 0, 9 * 3600, "JST");
        assert_eq!(
            format("2006-01-02 15:04 MST -0700 Z07:00 .999", &tokyo),
            "2024-03-15 09:00 JST +0900 +09:00 "
        );
        let unnamed = fields(0, 0, -(5 * 3600 + 30 * 60), "");
        assert_eq!(format("MST", &unnamed), "-0530");
        assert_eq!(
            format("2006", &fields(-62_135_596_800, 0, 0, "UTC")),
            "0001"
        );
    }

    #[test]
    fn parses_like_go() {
        let p = parse("2006-01-02", "2024-03-15").unwrap();
        assert_eq!(
            (p.year, p.month, p.day, p.zone),
            (2024, 3, 15, ParsedZone::Default)
        );
        let p = parse("2006-01-02T15:04:05Z07:00", "2024-03-15T13:04:05.5+09:00").unwrap();
        assert_eq!((p.hour, p.nanosecond), (13, 500_000_000));
        assert_eq!(p.zone, ParsedZone::Offset(9 * 3600, String::new()));
        let p = parse("Jan _2 3:04pm MST 2006", "mar  5 1:04am JST 2023").unwrap();
        assert_eq!((p.month, p.day, p.hour), (3, 5, 1));
        assert_eq!(p.zone, ParsedZone::Name("JST".into()));
    }

    #[test]
    fn parse_errors_match_go() {
        let cases = [
            (
                "2006-01-02",
                "x",
                r#"parsing time "x" as "2006-01-02": cannot parse "x" as "2006""#,
            ),
            (
                "2006-01-02",
                "2024-13-01",
                r#"parsing time "2024-13-01": month out of range"#,
            ),
            (
                "2006-01-02",
                "2024-02-30",
                r#"parsing time "2024-02-30": day out of range"#,
            ),
            (
                "2006-01-02",
                "2024-02-03x",
                r#"parsing time "2024-02-03x": extra text: "x""#,
            ),
            (
                "2006-01-02",
                "2024/02/03",
                r#"parsing time "2024/02/03" as "2006-01-02": cannot parse "/02/03" as "-""#,
            ),
            (
                "15:04",
                "25:00",
                r#"parsing time "25:00": hour out of range"#,
            ),
            (
                "2006",
                "é",
                r#"parsing time "\xc3\xa9" as "2006": cannot parse "\xc3\xa9" as "2006""#,
            ),
        ];
        for (layout, value, want) in cases {
            assert_eq!(parse(layout, value).unwrap_err(), want, "{layout} {value}");
        }
    }

    #[test]
    fn calendar_round_trips() {
        for days in [-719_162, -1, 0, 59, 11_016, 19_797, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-719_162), (1, 1, 1));
    }

    /// Random layouts and values never panic (a cheap deterministic fuzz).
    #[test]
    fn random_inputs_never_panic() {
        let alphabet: Vec<char> = "0123456789-_.,:/ +ZJMPTWpamMonJanSTDGCh日é"
            .chars()
            .collect();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let mut word = |max: u64| -> String {
                let len = next() % max;
                (0..len)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect()
            };
            let layout = word(12);
            let value = word(16);
            let _ = parse(&layout, &value);
            let unix = next() as i64;
            let offset = (next() % 200_000) as i64 - 100_000;
            let _ = format(&layout, &Fields::from_unix(unix, 0, offset, ""));
        }
    }
}
