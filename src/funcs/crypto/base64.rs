//! Go's `base64.StdEncoding.DecodeString`, error positions included
//! (`illegal base64 data at input byte N`), which `decryptAES` and
//! `buildCustomCert` expose. Newlines and carriage returns are skipped, as Go
//! does; padding is required.

/// Go's `CorruptInputError`: the byte offset of the first bad input.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct CorruptInput(pub(super) usize);

impl std::fmt::Display for CorruptInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "illegal base64 data at input byte {}", self.0)
    }
}

fn value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes standard padded base64 as Go's decoder, quantum by quantum.
pub(super) fn decode(src: &[u8]) -> Result<Vec<u8>, CorruptInput> {
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    while si < src.len() {
        let mut dbuf = [0u8; 4];
        let mut dlen = 4;
        let mut j = 0;
        let mut trailing_garbage = None;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                // Missing characters or padding.
                return Err(CorruptInput(si - j));
            }
            let c = src[si];
            si += 1;
            if let Some(v) = value(c) {
                dbuf[j] = v;
                j += 1;
                continue;
            }
            if c == b'\n' || c == b'\r' {
                continue;
            }
            if c != b'=' || j < 2 {
                // A stray character, or padding too early.
                return Err(CorruptInput(si - 1));
            }
            if j == 2 {
                // "==" expected; the first "=" is consumed.
                si = skip_newlines(src, si);
                if si == src.len() {
                    return Err(CorruptInput(src.len()));
                }
                if src[si] != b'=' {
                    return Err(CorruptInput(si - 1));
                }
                si += 1;
            }
            si = skip_newlines(src, si);
            if si < src.len() {
                trailing_garbage = Some(CorruptInput(si));
            }
            dlen = j;
            break;
        }
        let n = (u32::from(dbuf[0]) << 18)
            | (u32::from(dbuf[1]) << 12)
            | (u32::from(dbuf[2]) << 6)
            | u32::from(dbuf[3]);
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..dlen - 1]);
        if let Some(err) = trailing_garbage {
            return Err(err);
        }
    }
    Ok(out)
}

fn skip_newlines(src: &[u8], mut si: usize) -> usize {
    while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
        si += 1;
    }
    si
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Positions as Go 1.24 reports them.
    #[test]
    fn matches_go() {
        let ok: &[(&str, &[u8])] = &[
            ("", b""),
            ("Zg==", b"f"),
            ("Zm8=", b"fo"),
            ("Zm9v", b"foo"),
            ("Zm9v\r\nYg==", b"foob"),
            ("Zm\n9v", b"foo"),
        ];
        for (input, want) in ok {
            assert_eq!(decode(input.as_bytes()).as_deref(), Ok(*want), "{input}");
        }
        let bad: &[(&str, usize)] = &[
            ("abc", 0),
            ("x", 0),
            ("Zg=", 3),
            ("Zg", 0),
            ("Z===", 1),
            ("Zm9v!", 4),
            ("Zg==Zg==", 4),
            ("Zm8=x", 4),
            ("=", 0),
        ];
        for (input, at) in bad {
            assert_eq!(decode(input.as_bytes()), Err(CorruptInput(*at)), "{input}");
        }
    }
}
