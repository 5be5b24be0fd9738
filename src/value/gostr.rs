//! Go strings are bytes; ours are UTF-8. Bytes that are not valid UTF-8
//! (from `b64dec`, `trunc`, `substr`, `"\xff"` literals) are carried as the
//! private-use characters U+10FE80..=U+10FEFF, one per byte, like Python's
//! "surrogateescape", so that round trips (`b64dec | b64enc`), quoting and
//! lengths behave as Go's.

/// A byte 0x80..=0xFF outside valid UTF-8 is carried as `ESCAPE_BASE + byte`
/// (not U+10FFxx, which tests like to feed).
const ESCAPE_BASE: u32 = 0x10FE00;

/// A Go byte string as our string: valid UTF-8 as is, other bytes escaped.
pub fn go_string(b: &[u8]) -> String {
    let mut out = String::with_capacity(b.len());
    for chunk in b.utf8_chunks() {
        out.push_str(chunk.valid());
        for &byte in chunk.invalid() {
            out.push(char::from_u32(ESCAPE_BASE + u32::from(byte)).unwrap_or('\u{FFFD}'));
        }
    }
    out
}

/// The byte a carrier character stands for, if it is one.
pub fn escaped_byte(c: char) -> Option<u8> {
    (c as u32)
        .checked_sub(ESCAPE_BASE)
        .and_then(|b| u8::try_from(b).ok())
        .filter(|&b| b >= 0x80)
}

/// Our string as the Go byte string it stands for (see [`go_string`]).
pub fn go_bytes(s: &str) -> std::borrow::Cow<'_, [u8]> {
    if !has_escaped_bytes(s) {
        return std::borrow::Cow::Borrowed(s.as_bytes());
    }
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match escaped_byte(c) {
            Some(b) => out.push(b),
            None => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether `s` carries any byte that is not UTF-8.
pub fn has_escaped_bytes(s: &str) -> bool {
    // Carriers are 4-byte characters starting with 0xF4; skip the scan for
    // the common all-ASCII-or-BMP string.
    s.as_bytes().contains(&0xF4) && s.chars().any(|c| escaped_byte(c).is_some())
}

/// Go's `len` of a string: its length in bytes.
pub fn byte_len(s: &str) -> usize {
    if has_escaped_bytes(s) {
        go_bytes(s).len()
    } else {
        s.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_bytes_round_trip() {
        let bytes = b"h\xc3 \xff\xfe ok \xe2\x98\xba";
        let s = go_string(bytes);
        assert_eq!(&*go_bytes(&s), bytes);
        assert_eq!(byte_len(&s), bytes.len());
        assert_eq!(byte_len("héllo"), 6);
        assert!(!has_escaped_bytes("plain ☺"));
    }
}
