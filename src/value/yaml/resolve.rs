//! go-yaml v2's implicit typing of plain scalars (`resolve.go`): YAML 1.1
//! booleans, nulls, Go `strconv` integers and floats, timestamps, and the
//! base-60 check the encoder uses to decide on quoting.

/// The full tag names go-yaml compares against.
pub(crate) const STR_TAG: &str = "tag:yaml.org,2002:str";
pub(crate) const BOOL_TAG: &str = "tag:yaml.org,2002:bool";
pub(crate) const INT_TAG: &str = "tag:yaml.org,2002:int";
pub(crate) const FLOAT_TAG: &str = "tag:yaml.org,2002:float";
pub(crate) const NULL_TAG: &str = "tag:yaml.org,2002:null";
pub(crate) const TIMESTAMP_TAG: &str = "tag:yaml.org,2002:timestamp";
pub(crate) const BINARY_TAG: &str = "tag:yaml.org,2002:binary";
pub(crate) const MERGE_TAG: &str = "tag:yaml.org,2002:merge";

/// A scalar after resolution, before it becomes a Go value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    /// A string: the scalar's own text.
    Str,
    /// A timestamp; decoding into `interface{}` keeps the text.
    Timestamp,
    /// The `<<` merge key.
    Merge,
}

/// `!!int` for `tag:yaml.org,2002:int`, as go-yaml's `shortTag` prints tags.
pub(crate) fn short_tag(tag: &str) -> String {
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some(rest) => format!("!!{rest}"),
        None => tag.to_string(),
    }
}

fn resolvable(tag: &str) -> bool {
    matches!(
        tag,
        "" | STR_TAG | BOOL_TAG | INT_TAG | FLOAT_TAG | NULL_TAG | TIMESTAMP_TAG
    )
}

/// Which YAML version's plain-scalar table to use.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Schema {
    /// go-yaml v2: YAML 1.1 booleans (`yes`, `on`, `y`…).
    V2,
    /// go-yaml v3: only `true`/`false` are booleans.
    V3,
}

fn map_lookup(s: &str, schema: Schema) -> Option<Scalar> {
    Some(match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" if schema == Schema::V2 => {
            Scalar::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" if schema == Schema::V2 => {
            Scalar::Bool(false)
        }
        "true" | "True" | "TRUE" => Scalar::Bool(true),
        "false" | "False" | "FALSE" => Scalar::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => Scalar::Null,
        ".nan" | ".NaN" | ".NAN" => Scalar::Float(f64::NAN),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Scalar::Float(f64::NEG_INFINITY),
        "<<" => Scalar::Merge,
        _ => return None,
    })
}

/// Resolves a scalar as go-yaml's `resolve(tag, in)`: the tag it ends up
/// with and its value, or go-yaml's error text for an impossible explicit tag.
pub(crate) fn resolve(
    tag: &str,
    s: &str,
    schema: Schema,
) -> Result<(&'static str, Scalar), String> {
    if !resolvable(tag) {
        return Ok((BINARY_TAG_OR_OTHER, Scalar::Str));
    }
    let (rtag, out) = resolve_untyped(tag, s, schema);
    if tag.is_empty() || tag == rtag || tag == STR_TAG {
        return Ok((rtag, out));
    }
    if tag == FLOAT_TAG
        && let Scalar::Int(i) = out
    {
        return Ok((FLOAT_TAG, Scalar::Float(i as f64)));
    }
    Err(format!(
        "cannot decode {} `{}` as a {}",
        short_tag(rtag),
        s,
        short_tag(tag)
    ))
}

/// Marker tag for "not resolvable": the caller keeps its own tag.
pub(crate) const BINARY_TAG_OR_OTHER: &str = "";

fn resolve_untyped(tag: &str, s: &str, schema: Schema) -> (&'static str, Scalar) {
    let hint = match s.as_bytes().first() {
        None => b'N',
        Some(b'+' | b'-') => b'S',
        Some(b'0'..=b'9') => b'D',
        Some(b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~') => b'M',
        Some(b'.') => b'.',
        Some(_) => 0,
    };
    if hint == 0 || tag == STR_TAG {
        return (STR_TAG, Scalar::Str);
    }
    if let Some(v) = map_lookup(s, schema) {
        let t = match v {
            Scalar::Bool(_) => BOOL_TAG,
            Scalar::Null => NULL_TAG,
            Scalar::Float(_) => FLOAT_TAG,
            Scalar::Merge => MERGE_TAG,
            _ => STR_TAG,
        };
        return (t, v);
    }
    match hint {
        b'.' => {
            if let Some(f) = parse_float(s) {
                return (FLOAT_TAG, Scalar::Float(f));
            }
        }
        b'D' | b'S' => {
            if (tag.is_empty() || tag == TIMESTAMP_TAG) && is_timestamp(s) {
                return (TIMESTAMP_TAG, Scalar::Timestamp);
            }
            let plain: std::borrow::Cow<'_, str> = if s.contains('_') {
                s.chars().filter(|&c| c != '_').collect::<String>().into()
            } else {
                s.into()
            };
            if let Some(i) = parse_int(&plain) {
                return (INT_TAG, Scalar::Int(i));
            }
            if let Some(u) = parse_uint(&plain) {
                return (INT_TAG, Scalar::Uint(u));
            }
            if is_yaml_style_float(&plain)
                && let Some(f) = parse_float(&plain)
            {
                return (FLOAT_TAG, Scalar::Float(f));
            }
        }
        _ => {}
    }
    (STR_TAG, Scalar::Str)
}

/// Go's `strconv.ParseFloat(s, 64)` for the decimal forms YAML can reach:
/// `None` on syntax errors and on overflow (Go's `ErrRange`).
fn parse_float(s: &str) -> Option<f64> {
    if !s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
    {
        return None;
    }
    let f: f64 = s.parse().ok()?;
    f.is_finite().then_some(f)
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_yaml_style_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Go's `strconv.ParseUint(s, 0, 64)` (no sign, `0x`/`0o`/`0b`/`0` prefixes).
pub(crate) fn parse_uint(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.is_empty() {
        return None;
    }
    let (base, digits) = if b[0] == b'0' {
        match b.get(1).map(u8::to_ascii_lowercase) {
            Some(b'b') if b.len() >= 3 => (2, &b[2..]),
            Some(b'o') if b.len() >= 3 => (8, &b[2..]),
            Some(b'x') if b.len() >= 3 => (16, &b[2..]),
            _ => (8, &b[1..]),
        }
    } else {
        (10, b)
    };
    let mut n: u64 = 0;
    for &c in digits {
        let d = (c as char).to_digit(base)?;
        n = n.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// Go's `strconv.ParseInt(s, 0, 64)`.
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    let (neg, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let u = parse_uint(rest)?;
    if neg {
        if u > 1u64 << 63 {
            None
        } else {
            Some((u as i64).wrapping_neg())
        }
    } else {
        i64::try_from(u).ok()
    }
}

/// go-yaml's `isBase60Float`: `1:30`, `190:20:30.15` (quoted on output).
pub(crate) fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() && i - start < 2 {
            i += 1;
        }
        match i - start {
            1 => {}
            2 if b[start] <= b'5' => {}
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
    }
    i == b.len()
}

/// go-yaml v3's `isOldBool`: YAML 1.1 booleans that v3 still quotes.
pub(crate) fn is_old_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// go-yaml's `parseTimestamp`: Go's `time.Parse` with the layouts
/// `2006-1-2T15:4:5.999999999Z07:00` (also with `t`),
/// `2006-1-2 15:4:5.999999999` and `2006-1-2`.
pub(crate) fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 5 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return false;
    }
    let year: i64 = b[..4].iter().fold(0, |n, &c| n * 10 + i64::from(c - b'0'));
    let mut i = 5;
    let Some(month) = num(b, &mut i, 1, 12) else {
        return false;
    };
    if b.get(i) != Some(&b'-') {
        return false;
    }
    i += 1;
    let Some(day) = num(b, &mut i, 0, 99) else {
        return false;
    };
    if day < 1 || day > days_in(month, year) {
        return false;
    }
    if i == b.len() {
        return true;
    }
    let zone = match b[i] {
        b'T' | b't' => true,
        b' ' => false,
        _ => return false,
    };
    i += 1;
    if num(b, &mut i, 0, 23).is_none() || b.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    if num(b, &mut i, 0, 59).is_none() || b.get(i) != Some(&b':') {
        return false;
    }
    i += 1;
    if num(b, &mut i, 0, 59).is_none() {
        return false;
    }
    // Fractional seconds: `.` or `,` followed by digits.
    if matches!(b.get(i), Some(b'.' | b',')) && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    if !zone {
        return i == b.len();
    }
    match b.get(i) {
        Some(b'Z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            let rest = &b[i + 1..];
            rest.len() == 5
                && rest[0].is_ascii_digit()
                && rest[1].is_ascii_digit()
                && rest[2] == b':'
                && rest[3].is_ascii_digit()
                && rest[4].is_ascii_digit()
                && (rest[0] - b'0') * 10 + (rest[1] - b'0') < 24
                && (rest[3] - b'0') * 10 + (rest[4] - b'0') < 60
        }
        _ => false,
    }
}

/// Go's `getnum`: one or two digits, then a range check.
fn num(b: &[u8], i: &mut usize, lo: i64, hi: i64) -> Option<i64> {
    let first = *b.get(*i)?;
    if !first.is_ascii_digit() {
        return None;
    }
    let mut n = i64::from(first - b'0');
    *i += 1;
    if let Some(&c) = b.get(*i)
        && c.is_ascii_digit()
    {
        n = n * 10 + i64::from(c - b'0');
        *i += 1;
    }
    (lo..=hi).contains(&n).then_some(n)
}

fn days_in(month: i64, year: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(s: &str) -> Scalar {
        resolve("", s, Schema::V2)
            .map(|(_, v)| v)
            .unwrap_or(Scalar::Null)
    }

    #[test]
    fn resolves_like_go_yaml_v2() {
        let cases = [
            ("yes", Scalar::Bool(true)),
            ("Off", Scalar::Bool(false)),
            ("y", Scalar::Bool(true)),
            ("~", Scalar::Null),
            ("", Scalar::Null),
            ("0755", Scalar::Int(493)),
            ("0x1F", Scalar::Int(31)),
            ("0b101", Scalar::Int(5)),
            ("-0b11", Scalar::Int(-3)),
            ("0o17", Scalar::Int(15)),
            ("+12", Scalar::Int(12)),
            ("1_000", Scalar::Int(1000)),
            ("08", Scalar::Float(8.0)),
            ("1.", Scalar::Float(1.0)),
            (".5", Scalar::Float(0.5)),
            ("1e3", Scalar::Float(1000.0)),
            ("0.1_0", Scalar::Float(0.1)),
            ("1e400", Scalar::Str),
            ("1e-400", Scalar::Float(0.0)),
            ("12345678901234567890", Scalar::Uint(12345678901234567890)),
            ("1:30", Scalar::Str),
            ("0x", Scalar::Str),
            ("2024-01-01", Scalar::Timestamp),
            ("2024-02-30", Scalar::Str),
            ("2024-1-1", Scalar::Timestamp),
            ("2001-12-14t21:59:43.10-05:00", Scalar::Timestamp),
            ("2001-12-14 21:59:43.10 -5", Scalar::Str),
            ("<<", Scalar::Str),
        ];
        for (input, want) in cases {
            assert_eq!(r(input), want, "{input}");
        }
    }

    #[test]
    fn explicit_tags() {
        assert!(resolve(INT_TAG, "x", Schema::V2).is_err());
        assert_eq!(
            resolve(FLOAT_TAG, "3", Schema::V2).unwrap().1,
            Scalar::Float(3.0)
        );
        assert_eq!(resolve(STR_TAG, "123", Schema::V2).unwrap().1, Scalar::Str);
    }

    #[test]
    fn base60() {
        assert!(is_base60_float("1:30"));
        assert!(is_base60_float("190:20:30.15"));
        assert!(!is_base60_float("1:60"));
        assert!(!is_base60_float("a:1"));
    }
}
