//! Sprig's type conversions (`atoi`, `int`, `int64`, `float64`, `toString`,
//! `toStrings`, `toDecimal`) and the `spf13/cast` rules behind them, which the
//! math, list and dict families share.
//!
//! Sprig converts through `cast.ToInt64`, `cast.ToInt` and `cast.ToFloat64`
//! and throws the error away, so every failed conversion is a silent `0`.
//! Strings parse with Go's `strconv` rules: integers with base 0 (`"0x1F"` is
//! 31, `"010"` is 8) after cast's `trimZeroDecimal` (`"12.0"` is 12 but
//! `"12.7"` is 0), floats with `ParseFloat` (underscores between digits,
//! hex mantissas only with a `p` exponent, overflow is an error hence 0).

use crate::template::func::{FuncError, Function, Param};
use crate::value::{List, SliceKind, Value, fmt::write_v};
use std::sync::Arc;

/// The conversion functions.
pub(crate) const FUNCTIONS: &[Function] = &[
    Function::new("atoi", &[Param::String], atoi),
    Function::new("int", &[Param::Any], int),
    Function::new("int64", &[Param::Any], int64),
    Function::new("float64", &[Param::Any], float64),
    Function::new("toString", &[Param::Any], to_string),
    Function::new("toStrings", &[Param::Any], to_strings),
    Function::new("toDecimal", &[Param::Any], to_decimal),
];

/// Sprig `atoi`: `strconv.Atoi` with the error dropped. A syntax error is 0;
/// a value out of range is clamped, as `Atoi` returns it beside the error.
fn atoi(args: &[Value]) -> Result<Value, FuncError> {
    let s = args.first().and_then(Value::as_str).unwrap_or("");
    Ok(Value::Int(go_atoi(s)))
}

/// Sprig `int`: `cast.ToInt` (Go's `int` is 64 bits wide on Helm's platforms).
fn int(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Int(to_int64(arg(args, 0))))
}

/// Sprig `int64`: `cast.ToInt64`.
fn int64(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Int64(to_int64(arg(args, 0))))
}

/// Sprig `float64`: `cast.ToFloat64`.
fn float64(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::Float(to_float64(arg(args, 0))))
}

/// Sprig `toString` (its `strval`).
fn to_string(args: &[Value]) -> Result<Value, FuncError> {
    Ok(Value::str(strval(arg(args, 0))))
}

/// Sprig `toStrings` (its `strslice`): a `[]string` of every non-nil element
/// of a slice, `[]` for nil, and a one-element slice for anything else.
fn to_strings(args: &[Value]) -> Result<Value, FuncError> {
    let value = arg(args, 0);
    let items: Vec<Value> = match value {
        Value::Nil => Vec::new(),
        Value::List(list) => list
            .items
            .iter()
            .filter(|item| !item.is_nil())
            .map(|item| Value::str(strval(item)))
            .collect(),
        // A []uint8 is a reflect slice of uint8s, printed as numbers.
        Value::Bytes(bytes) => bytes.iter().map(|b| Value::str(b.to_string())).collect(),
        Value::Object(object) => match object.to_data() {
            Value::List(list) => list
                .items
                .iter()
                .filter(|item| !item.is_nil())
                .map(|item| Value::str(strval(item)))
                .collect(),
            _ => vec![Value::str(strval(value))],
        },
        _ => vec![Value::str(strval(value))],
    };
    Ok(Value::List(Arc::new(List {
        items,
        kind: SliceKind::String,
        nil: false,
    })))
}

/// Sprig `toDecimal`: the `%v` text of the value read as an octal number
/// (`strconv.ParseInt(s, 8, 64)`), 0 when that fails.
fn to_decimal(args: &[Value]) -> Result<Value, FuncError> {
    let mut text = String::new();
    write_v(&mut text, arg(args, 0));
    Ok(Value::Int64(parse_int_radix(&text, 8).unwrap_or(0)))
}

/// The argument at `index`, or nil when the engine passed fewer.
pub(crate) fn arg(args: &[Value], index: usize) -> &Value {
    args.get(index).unwrap_or(&Value::Nil)
}

/// Sprig's `strval`: strings as they are, `[]byte` as text, objects through
/// their `String()` method, everything else as Go's `%v`.
pub(crate) fn strval(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        Value::Bytes(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        other => {
            let mut out = String::new();
            write_v(&mut out, other);
            out
        }
    }
}

/// `cast.ToInt64` (and `cast.ToInt`) with the error dropped.
pub(crate) fn to_int64(value: &Value) -> i64 {
    match value {
        Value::Bool(b) => i64::from(*b),
        Value::Int(i) | Value::Int64(i) => *i,
        Value::Float(f) => go_f64_to_i64(*f),
        Value::String(s) => parse_int_base0(trim_zero_decimal(s)).unwrap_or(0),
        _ => 0,
    }
}

/// `cast.ToFloat64` with the error dropped.
pub(crate) fn to_float64(value: &Value) -> f64 {
    match value {
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Int(i) | Value::Int64(i) => *i as f64,
        Value::Float(f) => *f,
        Value::String(s) => parse_go_float(s).unwrap_or(0.0),
        _ => 0.0,
    }
}

/// Go's `int64(f)` on amd64: truncation toward zero, and the "integer
/// indefinite" value `math.MinInt64` for NaN and values out of range.
pub(crate) fn go_f64_to_i64(f: f64) -> i64 {
    // 2^63 is exactly representable; anything at or beyond it overflows.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if f.is_nan() || !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// cast's `trimZeroDecimal`: drops a fractional part made only of zeros
/// (`"12.0"` -> `"12"`, `"0.00"` -> `"0"`), leaving any other string alone.
fn trim_zero_decimal(s: &str) -> &str {
    let mut found_zero = false;
    for (i, b) in s.bytes().enumerate().rev() {
        match b {
            b'.' if found_zero => return &s[..i],
            b'.' => {}
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// Go's `strconv.Atoi`: base 10, optional sign, no underscores; overflow
/// clamps to the int64 range, any other error is 0.
pub(crate) fn go_atoi(s: &str) -> i64 {
    let (negative, digits) = split_sign(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let mut n: i128 = 0;
    for b in digits.bytes() {
        n = n * 10 + i128::from(b - b'0');
        if n > i128::from(i64::MAX) + 1 {
            return if negative { i64::MIN } else { i64::MAX };
        }
    }
    let n = if negative { -n } else { n };
    i64::try_from(n).unwrap_or(if negative { i64::MIN } else { i64::MAX })
}

/// Splits an optional leading `+` or `-` off a number.
fn split_sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    }
}

/// Go's `strconv.ParseInt(s, 0, 64)`: sign, then `0x`/`0o`/`0b` or a bare
/// leading `0` (octal) prefix, and underscores between digits.
pub(crate) fn parse_int_base0(s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let (negative, rest) = split_sign(s);
    let bytes = rest.as_bytes();
    let (radix, digits) = if bytes.first() == Some(&b'0') {
        match bytes.get(1).map(u8::to_ascii_lowercase) {
            Some(b'b') if bytes.len() >= 3 => (2, &rest[2..]),
            Some(b'o') if bytes.len() >= 3 => (8, &rest[2..]),
            Some(b'x') if bytes.len() >= 3 => (16, &rest[2..]),
            _ => (8, &rest[1..]),
        }
    } else {
        (10, rest)
    };
    if rest.is_empty() {
        return None;
    }
    let has_underscores = digits.contains('_');
    if has_underscores && !underscore_ok(s) {
        return None;
    }
    let magnitude = parse_digits(digits.bytes().filter(|&b| b != b'_'), radix)?;
    apply_sign(magnitude, negative)
}

/// Go's `strconv.ParseInt(s, radix, 64)` for an explicit radix: optional sign,
/// digits only (no prefix, no underscores).
fn parse_int_radix(s: &str, radix: u32) -> Option<i64> {
    let (negative, digits) = split_sign(s);
    if digits.is_empty() || digits.contains('_') {
        return None;
    }
    let magnitude = parse_digits(digits.bytes(), radix)?;
    apply_sign(magnitude, negative)
}

/// The unsigned value of `digits` in `radix`, `None` on a bad digit or overflow.
fn parse_digits(digits: impl Iterator<Item = u8>, radix: u32) -> Option<u64> {
    let mut n: u64 = 0;
    for b in digits {
        let d = char::from(b).to_digit(radix)?;
        n = n.checked_mul(u64::from(radix))?.checked_add(u64::from(d))?;
    }
    Some(n)
}

/// A magnitude with a sign as an int64, `None` when out of range.
fn apply_sign(magnitude: u64, negative: bool) -> Option<i64> {
    if negative {
        if magnitude == 1 << 63 {
            Some(i64::MIN)
        } else {
            i64::try_from(magnitude).ok().map(|n| -n)
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Go's `strconv.underscoreOK`: underscores may only sit between digits, or
/// between a base prefix and a digit.
fn underscore_ok(s: &str) -> bool {
    let (_, s) = split_sign(s);
    let bytes = s.as_bytes();
    // '^' start, '0' digit or prefix, '_' underscore, '!' anything else.
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if bytes.len() >= 2
        && bytes[0] == b'0'
        && matches!(bytes[1].to_ascii_lowercase(), b'b' | b'o' | b'x')
    {
        i = 2;
        saw = b'0';
        hex = bytes[1].eq_ignore_ascii_case(&b'x');
    }
    while i < bytes.len() {
        let b = bytes[i];
        i += 1;
        if b.is_ascii_digit() || (hex && b.is_ascii_hexdigit()) {
            saw = b'0';
            continue;
        }
        if b == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// Go's `strconv.ParseFloat(s, 64)`, `None` where Go reports an error
/// (including overflow to infinity, which Go flags as out of range).
pub(crate) fn parse_go_float(s: &str) -> Option<f64> {
    let (negative, body) = split_sign(s);
    let lower = body.to_ascii_lowercase();
    match lower.as_str() {
        "inf" | "infinity" => {
            return Some(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        "nan" if body.len() == s.len() => return Some(f64::NAN),
        _ => {}
    }
    if !body.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let cleaned;
    let body = if body.contains('_') {
        if !underscore_ok(s) {
            return None;
        }
        cleaned = body.replace('_', "");
        cleaned.as_str()
    } else {
        body
    };
    let magnitude = if body.len() > 2 && body.as_bytes()[..2].eq_ignore_ascii_case(b"0x") {
        parse_hex_float(&body[2..])?
    } else {
        // Rust's grammar is Go's decimal grammar once signs, specials and
        // underscores are handled; reject what Rust alone would accept.
        if !body
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        {
            return None;
        }
        body.parse::<f64>().ok()?
    };
    if magnitude.is_infinite() {
        return None;
    }
    Some(if negative { -magnitude } else { magnitude })
}

/// A Go hex float after its `0x`: hex digits with an optional point, then a
/// mandatory `p` binary exponent.
fn parse_hex_float(s: &str) -> Option<f64> {
    let (mantissa, exponent) = s.split_once(['p', 'P'])?;
    let exponent: i32 = {
        let (neg, digits) = split_sign(exponent);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let e = digits.parse::<i32>().unwrap_or(i32::MAX / 2);
        if neg { -e } else { e }
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    let mut value: u64 = 0;
    let mut scale: i32 = 0;
    for (i, b) in int_part.bytes().chain(frac_part.bytes()).enumerate() {
        let d = char::from(b).to_digit(16)?;
        if value >> 59 == 0 {
            value = value * 16 + u64::from(d);
            if i >= int_part.len() {
                scale = scale.saturating_sub(4);
            }
        } else if i < int_part.len() {
            // Digits beyond 60 bits only scale the value.
            scale = scale.saturating_add(4);
        }
    }
    let exp = exponent.saturating_add(scale);
    Some(value as f64 * 2f64.powi(exp.clamp(-1100, 1100)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expectations printed by Helm 3.17.3 (fn-collections/int-conv and friends).
    #[test]
    fn int_follows_cast() {
        let cases: &[(Value, i64)] = &[
            (Value::str("0x1F"), 31),
            (Value::str("010"), 8),
            (Value::str("12.7"), 0),
            (Value::str("12.0"), 12),
            (Value::Float(12.7), 12),
            (Value::Float(-12.7), -12),
            (Value::Bool(true), 1),
            (Value::Nil, 0),
            (Value::str("abc"), 0),
            (Value::str("0b101"), 5),
            (Value::str("0o17"), 15),
            (Value::str("1_000"), 1000),
            (Value::str(" 5"), 0),
            (Value::str("+7"), 7),
            (Value::str("-0x10"), -16),
            (Value::str("99999999999999999999"), 0),
            (Value::str("12."), 0),
            (Value::str("1.500"), 0),
            (Value::list(vec![Value::Int(1)]), 0),
            (Value::str(""), 0),
            (Value::str("0.0"), 0),
            (Value::str(".0"), 0),
            (Value::str("0"), 0),
            (Value::Float(1e30), i64::MIN),
        ];
        for (value, want) in cases {
            assert_eq!(to_int64(value), *want, "{value:?}");
        }
    }

    #[test]
    fn float64_follows_cast() {
        let cases: &[(&str, f64)] = &[
            ("1.5", 1.5),
            ("1e3", 1000.0),
            ("abc", 0.0),
            ("0x1F", 0.0),
            (" 1", 0.0),
            ("1_0", 10.0),
            ("inf", f64::INFINITY),
            ("1e400", 0.0),
            ("0x1p4", 16.0),
            ("010", 10.0),
            ("-.5", -0.5),
            ("", 0.0),
            ("1e", 0.0),
            ("0é", 0.0),
            ("-0X1P-2", -0.25),
            ("+nan", 0.0),
        ];
        for (s, want) in cases {
            assert_eq!(to_float64(&Value::str(*s)), *want, "{s:?}");
        }
        assert!(to_float64(&Value::str("NaN")).is_nan());
    }

    /// Odd inputs must give Go's silent 0, never a panic.
    #[test]
    fn conversions_never_panic() {
        let inputs = [
            "",
            "-",
            "+",
            "0",
            "0x",
            "0b",
            "0o",
            "0_",
            "_1",
            "1__0",
            "0x_1",
            "é",
            "0é",
            "-é",
            "0xé",
            "1e99999",
            "0x1p99999",
            "0x.p1",
            "0x1.8p1",
            ".",
            "..",
            "1..2",
            "e5",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
            "0x8000000000000000",
            "inf",
            "-Infinity",
            "nan",
            "NaN",
            "+nan",
            "1.0.0",
            "١٢",
        ];
        for s in inputs {
            let v = Value::str(s);
            let _ = (
                to_int64(&v),
                to_float64(&v),
                go_atoi(s),
                to_decimal(std::slice::from_ref(&v)),
            );
        }
        assert_eq!(to_int64(&Value::str("-9223372036854775808")), i64::MIN);
        assert_eq!(to_int64(&Value::str("0x8000000000000000")), 0);
        assert_eq!(to_float64(&Value::str("0x1.8p1")), 3.0);
    }

    #[test]
    fn atoi_follows_strconv() {
        let cases = [
            ("42", 42),
            ("4.2", 0),
            ("0x10", 0),
            ("-7", -7),
            (" 1", 0),
            ("+3", 3),
            ("", 0),
            ("99999999999999999999", i64::MAX),
            ("-99999999999999999999", i64::MIN),
            ("1_0", 0),
        ];
        for (s, want) in cases {
            assert_eq!(go_atoi(s), want, "{s:?}");
        }
    }

    #[test]
    fn to_decimal_reads_octal() {
        let cases: &[(Value, i64)] = &[
            (Value::str("755"), 493),
            (Value::Int(755), 493),
            (Value::str("0755"), 493),
            (Value::str("8"), 0),
            (Value::Float(644.0), 420),
            (Value::str("-17"), -15),
            (Value::str("0o17"), 0),
            (Value::Bool(true), 0),
            (Value::Float(6.44), 0),
            (Value::str("+10"), 8),
        ];
        for (value, want) in cases {
            let got = to_decimal(std::slice::from_ref(value)).map(|v| to_int64(&v));
            assert_eq!(got, Ok(*want), "{value:?}");
        }
    }

    #[test]
    fn to_strings_drops_nils() {
        let got = to_strings(&[Value::list(vec![
            Value::Int(1),
            Value::str("a"),
            Value::Nil,
            Value::Float(2.5),
            Value::Bool(true),
        ])])
        .map(|v| v.to_go_string());
        assert_eq!(got.as_deref(), Ok("[1 a 2.5 true]"));
        let nil = to_strings(&[Value::Nil]).map(|v| v.type_name().into_owned());
        assert_eq!(nil.as_deref(), Ok("[]string"));
        let one = to_strings(&[Value::Int(5)]).map(|v| v.to_go_string());
        assert_eq!(one.as_deref(), Ok("[5]"));
    }
}
