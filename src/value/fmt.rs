//! Go's `%v` printing of values (`fmt.Sprint`), shared by template output,
//! `print`, `toString` and error messages.

use super::Value;

/// Appends Go's `%v` form of `value` to `out`: `<nil>`, `[a b]`,
/// `map[a:1 b:2]` (sorted keys), floats in shortest `%g` form (`1e+06`).
pub fn write_v(out: &mut String, value: &Value) {
    match value {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&format_float_g(*f)),
        Value::String(s) => out.push_str(s),
        Value::Bytes(bytes) => {
            out.push('[');
            for (i, b) in bytes.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(&b.to_string());
            }
            out.push(']');
        }
        Value::List(list) => {
            out.push('[');
            for (i, item) in list.items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_v(out, item);
            }
            out.push(']');
        }
        Value::Map(map) => {
            out.push_str("map[");
            for (i, (key, item)) in map.entries.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(key);
                out.push(':');
                write_v(out, item);
            }
            out.push(']');
        }
        Value::Object(object) => object.fmt_v(out),
    }
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)`, which is also `%v` of a
/// float64: the shortest digits that round-trip, in exponent form when the
/// decimal exponent is below -4 or at least 6 (Go fixes the threshold at 6
/// for the shortest form), with at least two exponent digits (`1e+06`).
pub fn format_float_g(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    if f == 0.0 {
        return if f.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // Rust's `{:e}` gives the shortest round-trip digits, e.g. "1.2345e6".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..6).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mantissa}e{sign}{:02}", exp.abs());
    }
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if exp < 0 {
        out.push_str("0.");
        for _ in 0..(-exp - 1) {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            out.push_str(&digits);
            for _ in digits.len()..int_len {
                out.push('0');
            }
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_like_go_v() {
        let cases = [
            (1000000.0, "1e+06"),
            (999999.0, "999999"),
            (12345678901.0, "1.2345678901e+10"),
            (1.0, "1"),
            (1234567.5, "1.2345675e+06"),
            (123456.7, "123456.7"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1e20, "1e+20"),
            (3.14, "3.14"),
            (-0.0, "-0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-2.5, "-2.5"),
            (123456789.0, "1.23456789e+08"),
        ];
        for (f, want) in cases {
            assert_eq!(format_float_g(f), want, "{f}");
        }
    }

    #[test]
    fn collections_print_like_go_v() {
        let mut m = std::collections::BTreeMap::new();
        m.insert("b".to_string(), Value::Float(2.0));
        m.insert("a".to_string(), Value::list(vec![Value::str("x"), Value::Nil]));
        assert_eq!(Value::map(m).to_go_string(), "map[a:[x <nil>] b:2]");
    }
}
