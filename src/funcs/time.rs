//! Go's `time` package as templates see it: `time.Time` (what `now`,
//! `toDate` and `dateModify` return), `time.Duration`, `time.Month`,
//! `time.Weekday` and `*time.Location`, each a [`crate::value::Object`] with
//! the methods charts call (`.Year`, `.Unix`, `.Format "2006"`, `.UTC`,
//! `.Add`…), plus Go's `Duration.String` and `time.ParseDuration`.
//!
//! Instants are Unix seconds plus nanoseconds; the calendar is our own
//! proleptic Gregorian arithmetic (see [`super::golayout`]) so that any
//! instant Go can hold formats as Go formats it. Time zones come from jiff:
//! like Go's `LoadLocation` it reads the host's zoneinfo first, and it falls
//! back to its bundled copy of the tz database, so `dateInZone` works on
//! hosts without one.

use std::any::Any;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::golayout::{self, Fields, ParsedZone};
use crate::value::{Object, Value};

/// Seconds from 0001-01-01 (Go's zero `time.Time`) to the Unix epoch.
const ZERO_TIME_UNIX: i64 = -62_135_596_800;

/// Nanoseconds per second.
const NANOS: i64 = 1_000_000_000;

/// A `*time.Location`.
#[derive(Clone, Debug)]
pub(crate) enum Location {
    /// `time.UTC`.
    Utc,
    /// `time.Local`, from `TZ` or `/etc/localtime` as Go reads them.
    Local,
    /// A zone loaded by name (`time.LoadLocation("Asia/Tokyo")`).
    Zone(Arc<str>, TimeZone),
    /// `time.FixedZone(name, offset)`, which parsing creates for offsets it
    /// cannot attribute to the local zone.
    Fixed(Arc<str>, i64),
}

/// Go's local zone: its name as `Location.String()` prints it and its rules.
fn local_zone() -> &'static (String, TimeZone) {
    static LOCAL: OnceLock<(String, TimeZone)> = OnceLock::new();
    LOCAL.get_or_init(|| {
        let utc = || ("UTC".to_string(), TimeZone::UTC);
        // Unit tests expect what Helm printed for the goldens, under TZ=UTC,
        // whatever the machine running them is set to.
        if cfg!(test) {
            return utc();
        }
        // Go's initLocal (time/zoneinfo_unix.go).
        match std::env::var("TZ") {
            Err(_) => match TimeZone::try_system() {
                Ok(tz) => ("Local".to_string(), tz),
                Err(_) => utc(),
            },
            Ok(tz) => {
                let tz = tz.strip_prefix(':').unwrap_or(&tz);
                if tz.is_empty() || tz == "UTC" {
                    utc()
                } else if tz.starts_with('/') {
                    match std::fs::read(tz)
                        .ok()
                        .and_then(|data| TimeZone::tzif(tz, &data).ok())
                    {
                        Some(zone) if tz == "/etc/localtime" => ("Local".to_string(), zone),
                        Some(zone) => (tz.to_string(), zone),
                        None => utc(),
                    }
                } else {
                    match load_zone(tz) {
                        Some(zone) => (tz.to_string(), zone),
                        None => utc(),
                    }
                }
            }
        }
    })
}

/// Looks a zone up by its exact IANA name (Go's zoneinfo files are
/// case-sensitive; jiff's lookup is not).
fn load_zone(name: &str) -> Option<TimeZone> {
    let zone = jiff::tz::db().get(name).ok()?;
    (zone.iana_name() == Some(name)).then_some(zone)
}

/// Offset and abbreviation of a jiff zone at a Unix second; instants beyond
/// jiff's range use the rules at the edge of its range.
fn zone_info(zone: &TimeZone, unix: i64) -> (i64, String) {
    let min = Timestamp::MIN.as_second();
    let max = Timestamp::MAX.as_second();
    let ts = Timestamp::from_second(unix.clamp(min, max)).unwrap_or(Timestamp::UNIX_EPOCH);
    let info = zone.to_offset_info(ts);
    (
        i64::from(info.offset().seconds()),
        info.abbreviation().to_string(),
    )
}

impl Location {
    /// Go's `time.LoadLocation`: `""` and `"UTC"` are UTC, `"Local"` is the
    /// local zone, anything else must be an IANA name.
    pub(crate) fn load(name: &str) -> Option<Location> {
        match name {
            "" | "UTC" => Some(Location::Utc),
            "Local" => Some(Location::Local),
            _ => load_zone(name).map(|zone| Location::Zone(name.into(), zone)),
        }
    }

    /// The zone's offset (seconds east of UTC) and abbreviation at `unix`.
    pub(crate) fn lookup(&self, unix: i64) -> (i64, String) {
        match self {
            Location::Utc => (0, "UTC".to_string()),
            Location::Local => zone_info(&local_zone().1, unix),
            Location::Zone(_, zone) => zone_info(zone, unix),
            Location::Fixed(name, offset) => (*offset, name.to_string()),
        }
    }

    /// Whether daylight saving time is in effect at `unix` (Go's `IsDST`).
    pub(crate) fn is_dst(&self, unix: i64) -> bool {
        let zone = match self {
            Location::Utc | Location::Fixed(..) => return false,
            Location::Local => &local_zone().1,
            Location::Zone(_, zone) => zone,
        };
        let ts = Timestamp::from_second(unix).unwrap_or(Timestamp::UNIX_EPOCH);
        zone.to_offset_info(ts).dst().is_dst()
    }

    /// Go's `Location.String()`.
    pub(crate) fn name(&self) -> &str {
        match self {
            Location::Utc => "UTC",
            Location::Local => &local_zone().0,
            Location::Zone(name, _) | Location::Fixed(name, _) => name,
        }
    }
}

/// Nanoseconds since this process first asked for the time, standing in for
/// Go's monotonic clock reading (printed as `m=+0.000123456`).
fn monotonic_now() -> i64 {
    static START: OnceLock<Instant> = OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    i64::try_from(start.elapsed().as_nanos()).unwrap_or(i64::MAX)
}

/// A Go `time.Time`.
#[derive(Clone, Debug)]
pub(crate) struct GoTime {
    /// Seconds since the Unix epoch.
    pub(crate) unix: i64,
    /// Nanoseconds within the second, 0..1e9.
    pub(crate) nsec: i64,
    /// The location used for display.
    pub(crate) loc: Location,
    /// The monotonic clock reading, if the time came from `time.Now`.
    pub(crate) mono: Option<i64>,
}

/// The Unix seconds range in which Go keeps a monotonic reading (1885..2157).
fn mono_range() -> (i64, i64) {
    let min = golayout::days_from_civil(1885, 1, 1) * 86_400;
    (min, min + (1i64 << 33) - 1)
}

impl GoTime {
    /// Go's zero `time.Time{}` (January 1, year 1, 00:00:00 UTC).
    pub(crate) fn zero() -> GoTime {
        GoTime {
            unix: ZERO_TIME_UNIX,
            nsec: 0,
            loc: Location::Utc,
            mono: None,
        }
    }

    /// Go's `time.Now()`.
    pub(crate) fn now() -> GoTime {
        let mono = monotonic_now();
        let (unix, nsec) = match SystemTime::now().duration_since(UNIX_EPOCH) {
            Ok(d) => (
                i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
                i64::from(d.subsec_nanos()),
            ),
            Err(e) => {
                let d = e.duration();
                let secs = -i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
                match i64::from(d.subsec_nanos()) {
                    0 => (secs, 0),
                    n => (secs - 1, NANOS - n),
                }
            }
        };
        GoTime {
            unix,
            nsec,
            loc: Location::Local,
            mono: Some(mono),
        }
    }

    /// Go's `time.Unix(sec, 0)`, in the local zone.
    pub(crate) fn from_unix(unix: i64) -> GoTime {
        GoTime {
            unix,
            nsec: 0,
            loc: Location::Local,
            mono: None,
        }
    }

    /// Go's `time.Date`: normalises out-of-range fields and resolves the
    /// wall clock in `loc` the way Go does around transitions.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn date(
        year: i64,
        month: i64,
        day: i64,
        hour: i64,
        minute: i64,
        second: i64,
        nsec: i64,
        loc: Location,
    ) -> GoTime {
        // Keep the arithmetic far from i64 overflow; such years are absurd.
        const LIMIT: i64 = 1 << 40;
        let c = |x: i64| x.clamp(-LIMIT, LIMIT);
        let m0 = c(month) - 1;
        let year = c(year) + m0.div_euclid(12);
        let month = m0.rem_euclid(12) + 1;
        let second = c(second) + nsec.div_euclid(NANOS);
        let nsec = nsec.rem_euclid(NANOS);
        let minute = c(minute) + second.div_euclid(60);
        let second = second.rem_euclid(60);
        let hour = c(hour) + minute.div_euclid(60);
        let minute = minute.rem_euclid(60);
        let day = c(day) + hour.div_euclid(24);
        let hour = hour.rem_euclid(24);
        let days = golayout::days_from_civil(year, month, 1).saturating_add(day - 1);
        let mut unix = days
            .saturating_mul(86_400)
            .saturating_add(hour * 3600 + minute * 60 + second);
        let (offset, _) = loc.lookup(unix);
        if offset != 0 {
            let (offset2, _) = loc.lookup(unix.saturating_sub(offset));
            unix = unix.saturating_sub(offset2);
        }
        GoTime {
            unix,
            nsec,
            loc,
            mono: None,
        }
    }

    /// Resolves a parsed layout value as Go's `time.parse` does, with the
    /// local zone as both the default and the zone offsets are matched to.
    pub(crate) fn from_parsed(p: golayout::Parsed) -> GoTime {
        let at = |loc: Location| {
            GoTime::date(
                p.year,
                p.month,
                p.day,
                p.hour,
                p.minute,
                p.second,
                p.nanosecond,
                loc,
            )
        };
        match p.zone {
            ParsedZone::Default => at(Location::Local),
            ParsedZone::Utc => at(Location::Utc),
            ParsedZone::Offset(offset, ref name) => {
                let mut t = at(Location::Utc);
                t.unix = t.unix.saturating_sub(offset);
                let (local_offset, local_name) = Location::Local.lookup(t.unix);
                t.loc = if local_offset == offset && (name.is_empty() || *name == local_name) {
                    Location::Local
                } else {
                    Location::Fixed(name.as_str().into(), offset)
                };
                t
            }
            ParsedZone::Name(ref name) => {
                let mut t = at(Location::Utc);
                // Go's lookupName: the local zone's abbreviation in effect
                // around that wall time; else a fixed zone of unknown offset.
                let (guess, guess_name) = Location::Local.lookup(t.unix);
                let (offset, local_name) = Location::Local.lookup(t.unix - guess);
                if local_name == *name {
                    t.unix -= offset;
                    t.loc = Location::Local;
                } else if guess_name == *name {
                    t.unix -= guess;
                    t.loc = Location::Local;
                } else {
                    t.loc = Location::Fixed(name.as_str().into(), golayout::gmt_offset(name));
                }
                t
            }
        }
    }

    /// The calendar fields in the time's own location.
    pub(crate) fn fields(&self) -> Fields {
        let (offset, zone) = self.loc.lookup(self.unix);
        Fields::from_unix(self.unix, self.nsec, offset, &zone)
    }

    /// Go's `Time.Format`.
    pub(crate) fn format(&self, layout: &str) -> String {
        golayout::format(layout, &self.fields())
    }

    /// The same instant in another location (Go's `In`, `UTC`, `Local`),
    /// which drops the monotonic reading.
    pub(crate) fn in_loc(&self, loc: Location) -> GoTime {
        GoTime {
            loc,
            mono: None,
            ..self.clone()
        }
    }

    /// Go's `Time.Add`.
    pub(crate) fn add(&self, d: i64) -> GoTime {
        let mut sec = d / NANOS;
        let mut nsec = self.nsec + d % NANOS;
        if nsec >= NANOS {
            sec += 1;
            nsec -= NANOS;
        } else if nsec < 0 {
            sec -= 1;
            nsec += NANOS;
        }
        let unix = self.unix.wrapping_add(sec);
        let (lo, hi) = mono_range();
        let mono = match self.mono {
            Some(m) if (lo..=hi).contains(&unix) => m.checked_add(d),
            _ => None,
        };
        GoTime {
            unix,
            nsec,
            loc: self.loc.clone(),
            mono,
        }
    }

    /// Go's `Time.Sub`, saturating at the Duration range.
    pub(crate) fn sub(&self, other: &GoTime) -> i64 {
        if let (Some(a), Some(b)) = (self.mono, other.mono) {
            return a.saturating_sub(b);
        }
        let secs = i128::from(self.unix) - i128::from(other.unix);
        let d = secs * i128::from(NANOS) + i128::from(self.nsec - other.nsec);
        i64::try_from(d).unwrap_or(if d < 0 { i64::MIN } else { i64::MAX })
    }

    /// Orders two instants (Go's `Compare`).
    pub(crate) fn compare(&self, other: &GoTime) -> std::cmp::Ordering {
        if let (Some(a), Some(b)) = (self.mono, other.mono) {
            return a.cmp(&b);
        }
        (self.unix, self.nsec).cmp(&(other.unix, other.nsec))
    }

    /// Go's `Truncate` (`round == false`) and `Round`, relative to the zero time.
    fn round_to(&self, d: i64, round: bool) -> GoTime {
        let t = GoTime {
            mono: None,
            ..self.clone()
        };
        if d <= 0 {
            return t;
        }
        let abs = (i128::from(t.unix) - i128::from(ZERO_TIME_UNIX)) * i128::from(NANOS)
            + i128::from(t.nsec);
        let r = abs.rem_euclid(i128::from(d)) as i64;
        if !round || less_than_half(r, d) {
            t.add(-r)
        } else {
            t.add(d - r)
        }
    }

    /// Go's `Time.String()`, with the ` m=+…` suffix for `time.Now` values.
    pub(crate) fn go_string(&self) -> String {
        let mut s = self.format("2006-01-02 15:04:05.999999999 -0700 MST");
        if let Some(m) = self.mono {
            let sign = if m < 0 { '-' } else { '+' };
            let u = m.unsigned_abs();
            let (secs, frac) = (u / 1_000_000_000, u % 1_000_000_000);
            s.push_str(&format!(" m={sign}{secs}.{frac:09}"));
        }
        s
    }

    /// Go's `json.Marshal` text (RFC 3339 with nanoseconds), unquoted.
    pub(crate) fn rfc3339(&self) -> String {
        self.format("2006-01-02T15:04:05.999999999Z07:00")
    }

    /// Seconds since the epoch (Go's `Unix`).
    pub(crate) fn unix(&self) -> i64 {
        self.unix
    }
}

fn less_than_half(x: i64, y: i64) -> bool {
    (x as u64).wrapping_add(x as u64) < y as u64
}

/// Wraps a [`GoTime`] as a template value.
pub(crate) fn time_value(t: GoTime) -> Value {
    Value::Object(Arc::new(t))
}

/// The `time.Time` inside a value, if it is one.
pub(crate) fn as_time(v: &Value) -> Option<&GoTime> {
    v.as_object()?.as_any().downcast_ref::<GoTime>()
}

fn as_duration(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) | Value::Int64(i) => Some(*i),
        Value::Object(o) => o.as_any().downcast_ref::<GoDuration>().map(|d| d.0),
        _ => None,
    }
}

/// Checks a method's argument count as text/template does.
fn want_args(name: &str, args: &[Value], n: usize) -> Result<(), String> {
    if args.len() == n {
        Ok(())
    } else {
        Err(format!(
            "wrong number of args for {name}: want {n} got {}",
            args.len()
        ))
    }
}

fn wrong_type(expected: &str, got: &Value) -> String {
    format!(
        "wrong type for value; expected {expected}; got {}",
        got.type_name()
    )
}

fn duration_arg(name: &str, args: &[Value]) -> Result<i64, String> {
    want_args(name, args, 1)?;
    as_duration(&args[0]).ok_or_else(|| wrong_type("time.Duration", &args[0]))
}

fn time_arg<'a>(name: &str, args: &'a [Value]) -> Result<&'a GoTime, String> {
    want_args(name, args, 1)?;
    as_time(&args[0]).ok_or_else(|| wrong_type("time.Time", &args[0]))
}

fn int_arg(v: &Value) -> Result<i64, String> {
    match v {
        Value::Int(i) => Ok(*i),
        _ => Err(wrong_type("int", v)),
    }
}

impl Object for GoTime {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed("time.Time")
    }

    fn field(&self, name: &str) -> Option<Value> {
        let f = || self.fields();
        Some(match name {
            "Year" => Value::Int(f().year),
            "Month" => Value::Object(Arc::new(GoMonth(f().month))),
            "Day" => Value::Int(f().day),
            "Hour" => Value::Int(f().hour),
            "Minute" => Value::Int(f().minute),
            "Second" => Value::Int(f().second),
            "Nanosecond" => Value::Int(self.nsec),
            "YearDay" => Value::Int(f().yday),
            "Weekday" => Value::Object(Arc::new(GoWeekday(f().weekday))),
            "Unix" => Value::Int64(self.unix),
            "UnixMilli" => Value::Int64(
                self.unix
                    .wrapping_mul(1000)
                    .wrapping_add(self.nsec / 1_000_000),
            ),
            "UnixMicro" => Value::Int64(
                self.unix
                    .wrapping_mul(1_000_000)
                    .wrapping_add(self.nsec / 1000),
            ),
            "UnixNano" => Value::Int64(self.unix.wrapping_mul(NANOS).wrapping_add(self.nsec)),
            "UTC" => time_value(self.in_loc(Location::Utc)),
            "Local" => time_value(self.in_loc(Location::Local)),
            "String" => Value::str(self.go_string()),
            "IsZero" => Value::Bool(self.unix == ZERO_TIME_UNIX && self.nsec == 0),
            "Location" => Value::Object(Arc::new(GoLocation(self.loc.clone()))),
            "IsDST" => Value::Bool(self.loc.is_dst(self.unix)),
            _ => return None,
        })
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if args.is_empty()
            && let Some(v) = self.field(name)
        {
            return Some(Ok(v));
        }
        let result = (|| match name {
            "Format" => {
                want_args(name, args, 1)?;
                let layout = args[0]
                    .as_str()
                    .ok_or_else(|| wrong_type("string", &args[0]))?;
                Ok(Value::str(self.format(layout)))
            }
            "Add" => Ok(time_value(self.add(duration_arg(name, args)?))),
            "AddDate" => {
                want_args(name, args, 3)?;
                let (y, m, d) = (int_arg(&args[0])?, int_arg(&args[1])?, int_arg(&args[2])?);
                let f = self.fields();
                Ok(time_value(GoTime::date(
                    f.year.saturating_add(y),
                    f.month.saturating_add(m),
                    f.day.saturating_add(d),
                    f.hour,
                    f.minute,
                    f.second,
                    self.nsec,
                    self.loc.clone(),
                )))
            }
            "Sub" => Ok(duration_value(self.sub(time_arg(name, args)?))),
            "Before" => Ok(Value::Bool(self.compare(time_arg(name, args)?).is_lt())),
            "After" => Ok(Value::Bool(self.compare(time_arg(name, args)?).is_gt())),
            "Equal" => Ok(Value::Bool(self.compare(time_arg(name, args)?).is_eq())),
            "Compare" => Ok(Value::Int(match self.compare(time_arg(name, args)?) {
                std::cmp::Ordering::Less => -1,
                std::cmp::Ordering::Equal => 0,
                std::cmp::Ordering::Greater => 1,
            })),
            "Truncate" => Ok(time_value(self.round_to(duration_arg(name, args)?, false))),
            "Round" => Ok(time_value(self.round_to(duration_arg(name, args)?, true))),
            "In" => {
                want_args(name, args, 1)?;
                let loc = args[0]
                    .as_object()
                    .and_then(|o| o.as_any().downcast_ref::<GoLocation>())
                    .ok_or_else(|| wrong_type("*time.Location", &args[0]))?;
                Ok(time_value(self.in_loc(loc.0.clone())))
            }
            _ => Err(String::new()),
        })();
        match result {
            Err(e) if e.is_empty() => None,
            other => Some(other),
        }
    }

    fn fmt_v(&self, out: &mut String) {
        out.push_str(&self.go_string());
    }

    fn to_data(&self) -> Value {
        Value::str(self.rfc3339())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A Go `time.Duration` (nanoseconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct GoDuration(pub(crate) i64);

/// Wraps nanoseconds as a `time.Duration` value.
pub(crate) fn duration_value(d: i64) -> Value {
    Value::Object(Arc::new(GoDuration(d)))
}

impl Object for GoDuration {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed("time.Duration")
    }

    fn field(&self, name: &str) -> Option<Value> {
        let d = self.0;
        let split = |unit: i64| (d / unit) as f64 + (d % unit) as f64 / unit as f64;
        Some(match name {
            "String" => Value::str(format_duration(d)),
            "Hours" => Value::Float(split(3600 * NANOS)),
            "Minutes" => Value::Float(split(60 * NANOS)),
            "Seconds" => Value::Float(split(NANOS)),
            "Milliseconds" => Value::Int64(d / 1_000_000),
            "Microseconds" => Value::Int64(d / 1000),
            "Nanoseconds" => Value::Int64(d),
            "Abs" => duration_value(if d == i64::MIN { i64::MAX } else { d.abs() }),
            _ => return None,
        })
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if args.is_empty()
            && let Some(v) = self.field(name)
        {
            return Some(Ok(v));
        }
        match name {
            "Round" => {
                Some(duration_arg(name, args).map(|m| duration_value(round_duration(self.0, m))))
            }
            "Truncate" => Some(
                duration_arg(name, args)
                    .map(|m| duration_value(if m <= 0 { self.0 } else { self.0 - self.0 % m })),
            ),
            _ => None,
        }
    }

    fn fmt_v(&self, out: &mut String) {
        out.push_str(&format_duration(self.0));
    }

    fn to_data(&self) -> Value {
        Value::Int64(self.0)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A Go `time.Month`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct GoMonth(pub(crate) i64);

impl Object for GoMonth {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed("time.Month")
    }
    fn field(&self, name: &str) -> Option<Value> {
        (name == "String").then(|| Value::str(golayout::month_name(self.0)))
    }
    fn fmt_v(&self, out: &mut String) {
        out.push_str(&golayout::month_name(self.0));
    }
    fn to_data(&self) -> Value {
        Value::Int(self.0)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A Go `time.Weekday`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct GoWeekday(pub(crate) i64);

impl Object for GoWeekday {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed("time.Weekday")
    }
    fn field(&self, name: &str) -> Option<Value> {
        (name == "String").then(|| Value::str(golayout::weekday_name(self.0)))
    }
    fn fmt_v(&self, out: &mut String) {
        out.push_str(&golayout::weekday_name(self.0));
    }
    fn to_data(&self) -> Value {
        Value::Int(self.0)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A Go `*time.Location`.
#[derive(Clone, Debug)]
pub(crate) struct GoLocation(pub(crate) Location);

impl Object for GoLocation {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed("*time.Location")
    }
    fn field(&self, name: &str) -> Option<Value> {
        (name == "String").then(|| Value::str(self.0.name()))
    }
    fn fmt_v(&self, out: &mut String) {
        out.push_str(self.0.name());
    }
    fn to_data(&self) -> Value {
        // json.Marshal sees a struct with unexported fields only.
        Value::empty_map()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Go's `Duration.Round`.
pub(crate) fn round_duration(d: i64, m: i64) -> i64 {
    if m <= 0 {
        return d;
    }
    let mut r = d % m;
    // Go detects overflow by wrapping and comparing, as done here.
    if d < 0 {
        r = -r;
        if less_than_half(r, m) {
            return d + r;
        }
        let d1 = d.wrapping_sub(m).wrapping_add(r);
        return if d1 < d { d1 } else { i64::MIN };
    }
    if less_than_half(r, m) {
        return d - r;
    }
    let d1 = d.wrapping_add(m - r);
    if d1 > d { d1 } else { i64::MAX }
}

/// The fraction of `v / 10^prec` without trailing zeros (Go's `fmtFrac`),
/// and the integer part.
fn fmt_frac(v: u64, prec: u32) -> (String, u64) {
    let scale = 10u64.pow(prec);
    let frac = v % scale;
    if frac == 0 {
        return (String::new(), v / scale);
    }
    let digits = format!("{frac:0width$}", width = prec as usize);
    (format!(".{}", digits.trim_end_matches('0')), v / scale)
}

/// Go's `Duration.String()`: `1h2m3.5s`, `1.5µs`, `0s`.
pub(crate) fn format_duration(d: i64) -> String {
    let neg = d < 0;
    let u = d.unsigned_abs();
    let mut out = String::new();
    if u < NANOS as u64 {
        let (prec, unit) = match u {
            0 => return "0s".to_string(),
            u if u < 1000 => (0, "ns"),
            u if u < 1_000_000 => (3, "µs"),
            _ => (6, "ms"),
        };
        let (frac, int) = fmt_frac(u, prec);
        out.push_str(&format!("{int}{frac}{unit}"));
    } else {
        let (frac, secs) = fmt_frac(u, 9);
        let minutes = secs / 60;
        let hours = minutes / 60;
        if hours > 0 {
            out.push_str(&format!("{hours}h"));
        }
        if minutes > 0 {
            out.push_str(&format!("{}m", minutes % 60));
        }
        out.push_str(&format!("{}{frac}s", secs % 60));
    }
    if neg {
        out.insert(0, '-');
    }
    out
}

/// Go's `leadingFraction`: digits after a `.`, as (value, scale, rest).
fn leading_fraction(s: &[u8]) -> (u64, f64, &[u8]) {
    let mut x: u64 = 0;
    let mut scale = 1.0;
    let mut overflow = false;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        if !overflow {
            if x > (i64::MAX as u64) / 10 {
                overflow = true;
            } else {
                let y = x * 10 + u64::from(s[i] - b'0');
                if y > 1 << 63 {
                    overflow = true;
                } else {
                    x = y;
                    scale *= 10.0;
                }
            }
        }
        i += 1;
    }
    (x, scale, &s[i..])
}

/// Go's `time.ParseDuration`, with its error texts.
pub(crate) fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || {
        format!(
            "time: invalid duration {}",
            golayout::go_quote(orig.as_bytes())
        )
    };
    let mut s = orig.as_bytes();
    let mut neg = false;
    if let Some(&c) = s.first()
        && (c == b'-' || c == b'+')
    {
        neg = c == b'-';
        s = &s[1..];
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut d: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // Consume [0-9]*.
        let digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
        let mut v: u64 = 0;
        for &b in &s[..digits] {
            if v > (1 << 63) / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(b - b'0');
            if v > 1 << 63 {
                return Err(invalid());
            }
        }
        let pre = digits > 0;
        s = &s[digits..];
        let (mut f, mut scale, mut post) = (0u64, 1.0f64, false);
        if s.first() == Some(&b'.') {
            s = &s[1..];
            let before = s.len();
            let (x, sc, rest) = leading_fraction(s);
            (f, scale, s) = (x, sc, rest);
            post = before != s.len();
        }
        if !pre && !post {
            return Err(invalid());
        }
        let unit_len = s
            .iter()
            .take_while(|&&b| b != b'.' && !b.is_ascii_digit())
            .count();
        if unit_len == 0 {
            return Err(format!(
                "time: missing unit in duration {}",
                golayout::go_quote(orig.as_bytes())
            ));
        }
        let unit_text = &s[..unit_len];
        s = &s[unit_len..];
        let unit: u64 = match unit_text {
            b"ns" => 1,
            b"us" | [0xC2, 0xB5, b's'] | [0xCE, 0xBC, b's'] => 1000, // µ (U+00B5) and μ (U+03BC)
            b"ms" => 1_000_000,
            b"s" => 1_000_000_000,
            b"m" => 60_000_000_000,
            b"h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    golayout::go_quote(unit_text),
                    golayout::go_quote(orig.as_bytes())
                ));
            }
        };
        if v > (1 << 63) / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            v = v.wrapping_add((f as f64 * (unit as f64 / scale)) as u64);
            if v > 1 << 63 {
                return Err(invalid());
            }
        }
        d = d.wrapping_add(v);
        if d > 1 << 63 {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((d as i64).wrapping_neg());
    }
    if d > i64::MAX as u64 {
        return Err(invalid());
    }
    Ok(d as i64)
}

/// Go's `time.ParseInLocation(layout, value, time.Local)`.
pub(crate) fn parse_in_local(layout: &str, value: &str) -> Result<GoTime, String> {
    golayout::parse(layout, value).map(GoTime::from_parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_like_go() {
        let cases = [
            (0, "0s"),
            (1, "1ns"),
            (1500, "1.5µs"),
            (1_500_000, "1.5ms"),
            (95 * NANOS, "1m35s"),
            (3723 * NANOS + 500_000_000, "1h2m3.5s"),
            (-90 * NANOS, "-1m30s"),
            (3600 * NANOS, "1h0m0s"),
            (i64::MIN, "-2562047h47m16.854775808s"),
            (i64::MAX, "2562047h47m16.854775807s"),
        ];
        for (d, want) in cases {
            assert_eq!(format_duration(d), want, "{d}");
        }
    }

    #[test]
    fn durations_parse_like_go() {
        let ok = [
            ("1.5h", 5400 * NANOS),
            ("-1.5h", -5400 * NANOS),
            ("10m", 600 * NANOS),
            ("1h2m3s4ms5us6ns", 3723 * NANOS + 4_005_006),
            ("1µs", 1000),
            ("0", 0),
            ("+5s", 5 * NANOS),
            (".5s", 500_000_000),
            ("-9223372036854775808ns", i64::MIN),
        ];
        for (s, want) in ok {
            assert_eq!(parse_duration(s), Ok(want), "{s}");
        }
        let bad = [
            ("", r#"time: invalid duration """#),
            ("x", r#"time: invalid duration "x""#),
            ("1", r#"time: missing unit in duration "1""#),
            ("1d", r#"time: unknown unit "d" in duration "1d""#),
            (".s", r#"time: invalid duration ".s""#),
            (
                "9223372036854775808ns",
                r#"time: invalid duration "9223372036854775808ns""#,
            ),
        ];
        for (s, want) in bad {
            assert_eq!(parse_duration(s).unwrap_err(), want, "{s}");
        }
    }

    #[test]
    fn times_print_like_go() {
        let t = GoTime::from_unix(1_710_460_800).in_loc(Location::Utc);
        assert_eq!(t.go_string(), "2024-03-15 00:00:00 +0000 UTC");
        assert_eq!(t.rfc3339(), "2024-03-15T00:00:00Z");
        assert_eq!(GoTime::zero().go_string(), "0001-01-01 00:00:00 +0000 UTC");
        let tokyo = t.in_loc(Location::load("Asia/Tokyo").unwrap());
        assert_eq!(tokyo.go_string(), "2024-03-15 09:00:00 +0900 JST");
        assert_eq!(tokyo.add(5400 * NANOS).format("15:04"), "10:30");
        assert!(Location::load("asia/tokyo").is_none());
        let mono = GoTime {
            mono: Some(68_843_118),
            ..t.clone()
        };
        assert!(mono.go_string().ends_with(" m=+0.068843118"));
    }

    #[test]
    fn dates_normalise_like_go() {
        let t = GoTime::date(2024, 14, 31, 25, 0, 0, 0, Location::Utc);
        assert_eq!(t.format("2006-01-02 15"), "2025-03-04 01");
        let ny = Location::load("America/New_York").unwrap();
        // 02:30 on the spring-forward day does not exist; Go (and Helm) give 01:30 EST.
        let t = GoTime::date(2024, 3, 10, 2, 30, 0, 0, ny);
        assert_eq!(t.format("15:04 MST"), "01:30 EST");
    }

    fn method(t: &GoTime, name: &str, args: &[Value]) -> String {
        match t.call_method(name, args) {
            Some(Ok(v)) => v.to_go_string(),
            Some(Err(e)) => format!("ERR {e}"),
            None => "NONE".to_string(),
        }
    }

    /// Method rows recorded from Helm (golden `time-methods-*`).
    #[test]
    fn methods_match_helm() {
        let t = parse_in_local("2006-01-02 15:04:05.000", "2024-03-15 13:04:05.250").unwrap();
        let day = parse_in_local("2006-01-02", "2024-03-14").unwrap();
        let hour = Value::Int(3_600_000_000_000);
        let rows: Vec<(&str, Vec<Value>, &str)> = vec![
            ("Year", vec![], "2024"),
            ("Month", vec![], "March"),
            ("YearDay", vec![], "75"),
            ("Weekday", vec![], "Friday"),
            ("Nanosecond", vec![], "250000000"),
            ("UnixNano", vec![], "1710507845250000000"),
            ("UnixMilli", vec![], "1710507845250"),
            ("Location", vec![], "UTC"),
            ("IsZero", vec![], "false"),
            (
                "Format",
                vec!["Mon, 02 Jan 2006 15:04:05 MST".into()],
                "Fri, 15 Mar 2024 13:04:05 UTC",
            ),
            (
                "Add",
                vec![hour.clone()],
                "2024-03-15 14:04:05.25 +0000 UTC",
            ),
            (
                "AddDate",
                vec![Value::Int(0), Value::Int(1), Value::Int(20)],
                "2024-05-05 13:04:05.25 +0000 UTC",
            ),
            ("Sub", vec![time_value(day.clone())], "37h4m5.25s"),
            ("Truncate", vec![hour], "2024-03-15 13:00:00 +0000 UTC"),
            (
                "Round",
                vec![Value::Int(60_000_000_000)],
                "2024-03-15 13:04:00 +0000 UTC",
            ),
            ("Before", vec![time_value(day.clone())], "false"),
            ("Equal", vec![time_value(t.clone())], "true"),
        ];
        for (name, args, want) in rows {
            assert_eq!(method(&t, name, &args), want, "{name}");
        }
        let d = GoDuration(t.sub(&day));
        assert_eq!(d.field("Hours").unwrap().to_go_string(), "37.068125");
        assert_eq!(d.field("Seconds").unwrap().to_go_string(), "133445.25");
        let jan31 = parse_in_local("2006-01-02", "2024-01-31").unwrap();
        let args = [Value::Int(0), Value::Int(1), Value::Int(0)];
        assert_eq!(
            method(&jan31, "AddDate", &args),
            "2024-03-02 00:00:00 +0000 UTC"
        );
    }

    #[test]
    fn zone_links_load_by_their_own_name() {
        for name in [
            "US/Pacific",
            "Zulu",
            "GMT",
            "EST",
            "Asia/Calcutta",
            "Etc/UTC",
            "Japan",
        ] {
            let loc = Location::load(name);
            assert!(loc.is_some(), "{name}");
            assert_eq!(loc.unwrap().name(), name);
        }
    }

    #[test]
    fn rounding_saturates_like_go() {
        assert_eq!(round_duration(i64::MIN, NANOS), i64::MIN);
        assert_eq!(round_duration(i64::MAX, NANOS), i64::MAX);
        assert_eq!(round_duration(1_500_000_000, NANOS), 2 * NANOS);
        assert_eq!(round_duration(-1_499_999_999, NANOS), -NANOS);
    }

    /// Random durations and extreme instants never panic.
    #[test]
    fn random_inputs_never_panic() {
        let alphabet: Vec<char> = "0123456789.-+nsuµμmhd ".chars().collect();
        let mut seed: u64 = 0x1234_5678_9abc_def1;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = next() % 24;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let _ = parse_duration(&s);
            let t = GoTime::from_unix(next() as i64);
            let d = next() as i64;
            let _ = t.add(d).go_string();
            let _ = t.sub(&GoTime::zero());
            let _ = t.round_to(d, true);
            let _ = round_duration(d, next() as i64);
            let _ = format_duration(d);
            let args = [
                Value::Int(next() as i64),
                Value::Int(next() as i64),
                Value::Int(next() as i64),
            ];
            let _ = t.call_method("AddDate", &args);
        }
        for unix in [i64::MIN, i64::MAX, 0, -1] {
            let t = GoTime::from_unix(unix).in_loc(Location::load("America/New_York").unwrap());
            let _ = t.go_string();
            let _ = t.add(i64::MAX).add(i64::MIN);
        }
    }
}
