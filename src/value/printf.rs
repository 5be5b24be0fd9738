//! Go's `fmt.Sprintf`, `fmt.Sprint` and `fmt.Sprintln` over [`Value`]s, as
//! the template builtins `printf`, `print` and `println` and Sprig's
//! `printf`-based helpers use them.
//!
//! PLACEHOLDER IMPLEMENTATION: only `%v`/`%s`/`%d`/`%%` are handled here
//! until the full Go fmt port lands.

use super::Value;

/// Go's `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some(_) => match args.next() {
                Some(v) => super::fmt::write_v(&mut out, v),
                None => out.push_str("%!v(MISSING)"),
            },
            None => out.push_str("%!(NOVERB)"),
        }
    }
    out
}

/// Go's `fmt.Sprint(args...)`: spaces between operands when neither side is a string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, arg) in args.iter().enumerate() {
        let is_string = matches!(arg, Value::String(_));
        if i > 0 && !is_string && !matches!(args[i - 1], Value::String(_)) {
            out.push(' ');
        }
        super::fmt::write_v(&mut out, arg);
    }
    out
}

/// Go's `fmt.Sprintln(args...)`: spaces between all operands, then a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        super::fmt::write_v(&mut out, arg);
    }
    out.push('\n');
    out
}
