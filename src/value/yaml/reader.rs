//! go-yaml's reader (`readerc.go`): encoding detection by BOM, UTF-16
//! decoding, and UTF-8 validation with go-yaml's own error texts, done
//! before the text reaches libyaml-safer (whose reader words these
//! errors differently).

use std::borrow::Cow;

use super::YamlError;

fn fail(problem: &str) -> YamlError {
    // Reader errors carry no line: go-yaml prints `yaml: PROBLEM`.
    YamlError::convert(format!("yaml: {problem}"), None)
}

/// The input as UTF-8 text, or go-yaml's reader error.
pub(crate) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, YamlError> {
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true).map(Cow::Owned),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false).map(Cow::Owned),
        _ => utf8(bytes).map(Cow::Borrowed),
    }
}

fn utf8(b: &[u8]) -> Result<&str, YamlError> {
    if let Ok(s) = std::str::from_utf8(b) {
        return Ok(s);
    }
    let mut i = 0;
    while i < b.len() {
        let octet = b[i];
        let width = match octet {
            0x00..=0x7F => 1,
            _ if octet & 0xE0 == 0xC0 => 2,
            _ if octet & 0xF0 == 0xE0 => 3,
            _ if octet & 0xF8 == 0xF0 => 4,
            _ => return Err(fail("invalid leading UTF-8 octet")),
        };
        if i + width > b.len() {
            return Err(fail("incomplete UTF-8 octet sequence"));
        }
        let mut value = u32::from(match width {
            1 => octet & 0x7F,
            2 => octet & 0x1F,
            3 => octet & 0x0F,
            _ => octet & 0x07,
        });
        for k in 1..width {
            let trailing = b[i + k];
            if trailing & 0xC0 != 0x80 {
                return Err(fail("invalid trailing UTF-8 octet"));
            }
            value = (value << 6) + u32::from(trailing & 0x3F);
        }
        let length_ok = match width {
            1 => true,
            2 => value >= 0x80,
            3 => value >= 0x800,
            _ => value >= 0x10000,
        };
        if !length_ok {
            return Err(fail("invalid length of a UTF-8 sequence"));
        }
        if (0xD800..=0xDFFF).contains(&value) || value > 0x10FFFF {
            return Err(fail("invalid Unicode character"));
        }
        i += width;
    }
    // Every sequence checked out the way go-yaml checks them.
    Err(fail("invalid Unicode character"))
}

fn utf16(b: &[u8], little: bool) -> Result<String, YamlError> {
    let unit = |i: usize| {
        if little {
            u16::from_le_bytes([b[i], b[i + 1]])
        } else {
            u16::from_be_bytes([b[i], b[i + 1]])
        }
    };
    let mut out = String::with_capacity(b.len() / 2);
    let mut i = 0;
    while i < b.len() {
        if i + 2 > b.len() {
            return Err(fail("incomplete UTF-16 character"));
        }
        let first = unit(i);
        i += 2;
        let value = if (0xDC00..=0xDFFF).contains(&first) {
            return Err(fail("unexpected low surrogate area"));
        } else if (0xD800..=0xDBFF).contains(&first) {
            if i + 2 > b.len() {
                return Err(fail("incomplete UTF-16 surrogate pair"));
            }
            let second = unit(i);
            if !(0xDC00..=0xDFFF).contains(&second) {
                return Err(fail("expected low surrogate area"));
            }
            i += 2;
            0x10000 + ((u32::from(first) & 0x3FF) << 10) + (u32::from(second) & 0x3FF)
        } else {
            u32::from(first)
        };
        out.push(char::from_u32(value).unwrap_or('\u{FFFD}'));
    }
    Ok(out)
}
