//! Sprig's `b64enc`, `b64dec`, `b32enc` and `b32dec`: RFC 4648 standard
//! alphabets with padding, as Go's `encoding/base64` and `encoding/base32`.
//!
//! The decoders return Go's error text as the value on bad input (Sprig
//! does `return err.Error()`), so they replicate Go's decoding loop to get
//! the same `illegal base64 data at input byte N` offsets.

use crate::funcs::strings::{go_bytes, go_string, str_arg};
use crate::template::func::{Function, Param};
use crate::value::Value;

/// The encoding functions.
pub(crate) fn functions() -> Vec<Function> {
    vec![
        Function::new("b64enc", &[Param::String], |a| {
            Ok(Value::from(
                data_encoding::BASE64.encode(&go_bytes(str_arg(a, 0))),
            ))
        }),
        Function::new("b64dec", &[Param::String], |a| {
            Ok(Value::from(b64dec(str_arg(a, 0))))
        }),
        Function::new("b32enc", &[Param::String], |a| {
            Ok(Value::from(
                data_encoding::BASE32.encode(&go_bytes(str_arg(a, 0))),
            ))
        }),
        Function::new("b32dec", &[Param::String], |a| {
            Ok(Value::from(b32dec(str_arg(a, 0))))
        }),
    ]
}

/// Decoded bytes as a Go string holds them (non-UTF-8 bytes escaped, see
/// `strings::go_string`, so that `b64dec | b64enc` round-trips binary data).
fn text(bytes: Vec<u8>) -> String {
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => go_string(e.as_bytes()),
    }
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn decode_map(alphabet: &[u8]) -> [u8; 256] {
    let mut map = [0xFF; 256];
    for (i, &c) in alphabet.iter().enumerate() {
        map[usize::from(c)] = i as u8;
    }
    map
}

/// Go `base64.StdEncoding.DecodeString`, quantum by quantum (`decodeQuantum`
/// in `encoding/base64`), skipping `\r` and `\n`.
pub(crate) fn b64dec(src: &str) -> String {
    let map = decode_map(B64);
    let src = src.as_bytes();
    let corrupt = |at: usize| format!("illegal base64 data at input byte {at}");
    let is_nl = |c: u8| c == b'\n' || c == b'\r';
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    while si < src.len() {
        let mut buf = [0u8; 4];
        let mut dlen = 4;
        let mut trailing = None;
        let mut j = 0;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return text(out);
                }
                // Padding is required, so a short quantum is always corrupt.
                return corrupt(si - j);
            }
            let c = src[si];
            si += 1;
            let v = map[usize::from(c)];
            if v != 0xFF {
                buf[j] = v;
                j += 1;
                continue;
            }
            if is_nl(c) {
                continue;
            }
            if c != b'=' {
                return corrupt(si - 1);
            }
            match j {
                0 | 1 => return corrupt(si - 1),
                2 => {
                    while si < src.len() && is_nl(src[si]) {
                        si += 1;
                    }
                    if si == src.len() {
                        return corrupt(src.len());
                    }
                    if src[si] != b'=' {
                        return corrupt(si - 1);
                    }
                    si += 1;
                }
                _ => {}
            }
            while si < src.len() && is_nl(src[si]) {
                si += 1;
            }
            if si < src.len() {
                trailing = Some(si);
            }
            dlen = j;
            break;
        }
        let val = u32::from(buf[0]) << 18
            | u32::from(buf[1]) << 12
            | u32::from(buf[2]) << 6
            | u32::from(buf[3]);
        let bytes = [(val >> 16) as u8, (val >> 8) as u8, val as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if let Some(at) = trailing {
            return corrupt(at);
        }
        if dlen < 4 {
            break;
        }
    }
    text(out)
}

/// Go `base32.StdEncoding.DecodeString`: newlines are stripped first, then
/// 8-character quanta are decoded (`decode` in `encoding/base32`).
pub(crate) fn b32dec(src: &str) -> String {
    let map = decode_map(B32);
    let src: Vec<u8> = src.bytes().filter(|&c| c != b'\n' && c != b'\r').collect();
    let corrupt = |at: usize| format!("illegal base32 data at input byte {at}");
    let olen = src.len();
    let mut rest: &[u8] = &src;
    let mut out = Vec::with_capacity(olen / 8 * 5);
    let mut end = false;
    while !rest.is_empty() && !end {
        let mut buf = [0u8; 8];
        let mut dlen = 8;
        let mut j = 0;
        while j < 8 {
            let Some((&c, tail)) = rest.split_first() else {
                return corrupt(olen - rest.len() - j);
            };
            rest = tail;
            if c == b'=' && j >= 2 && rest.len() < 8 {
                if rest.len() + j < 7 {
                    return corrupt(olen);
                }
                for k in 0..7 - j {
                    if rest.len() > k && rest[k] != b'=' {
                        return corrupt(olen - rest.len() + k - 1);
                    }
                }
                dlen = j;
                end = true;
                if matches!(dlen, 1 | 3 | 6) {
                    return corrupt(olen - rest.len() - 1);
                }
                break;
            }
            let v = map[usize::from(c)];
            if v == 0xFF {
                return corrupt(olen - rest.len() - 1);
            }
            buf[j] = v;
            j += 1;
        }
        let mut val: u64 = 0;
        for b in buf {
            val = val << 5 | u64::from(b);
        }
        let bytes = [
            (val >> 32) as u8,
            (val >> 24) as u8,
            (val >> 16) as u8,
            (val >> 8) as u8,
            val as u8,
        ];
        let n = match dlen {
            8 => 5,
            7 => 4,
            5 => 3,
            4 => 2,
            2 => 1,
            _ => 0,
        };
        out.extend_from_slice(&bytes[..n]);
    }
    text(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoders_match_go() {
        let b64 = [
            ("aGVsbG8=", "hello"),
            ("aGVsbG8", "illegal base64 data at input byte 4"),
            ("aGVs\nbG8=", "hello"),
            ("", ""),
            ("a", "illegal base64 data at input byte 0"),
            ("!!!!", "illegal base64 data at input byte 0"),
            ("aGVsbG8=x", "illegal base64 data at input byte 8"),
            ("aGk=", "hi"),
            ("aG==", "h"),
            ("a===", "illegal base64 data at input byte 1"),
            ("aGVsbA=", "illegal base64 data at input byte 7"),
            ("w6k=", "é"),
            ("aGk=\r\n", "hi"),
            ("aGVsbG8-", "illegal base64 data at input byte 7"),
            ("aG=\n=", "h"),
            ("aGk=aGk=", "illegal base64 data at input byte 4"),
        ];
        for (input, want) in b64 {
            assert_eq!(b64dec(input), want, "{input:?}");
        }
        let b32 = [
            ("NBSWY3DP", "hello"),
            ("NBUQ====", "hi"),
            ("NBUQ", "illegal base32 data at input byte 0"),
            ("", ""),
            ("N!", "illegal base32 data at input byte 1"),
            ("NBU=====", "illegal base32 data at input byte 3"),
            ("nbswy3dp", "illegal base32 data at input byte 0"),
            ("NBSW\nY3DP", "hello"),
            ("MY======MY", "f"),
            ("NBUQ===", "illegal base32 data at input byte 7"),
            ("NBUQ==x=", "illegal base32 data at input byte 5"),
        ];
        for (input, want) in b32 {
            assert_eq!(b32dec(input), want, "{input:?}");
        }
    }
}
