//! PEM as Go's `encoding/pem` writes and reads it.

use super::base64;

/// One decoded PEM block (headers are skipped: Sprig never reads them).
pub(super) struct Block {
    /// The type after `BEGIN `, e.g. `RSA PRIVATE KEY`.
    pub(super) label: String,
    /// The decoded body.
    pub(super) bytes: Vec<u8>,
}

/// `pem.EncodeToMemory`: the body in base64 lines of 64 characters.
pub(super) fn encode(label: &str, bytes: &[u8]) -> String {
    let body = crate::funcs::random::base64_std(bytes);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// `pem.Decode`: the first well-formed block in `data`. Like Go, a block
/// that fails to decode is skipped and the search goes on after it.
pub(super) fn decode(data: &[u8]) -> Option<Block> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    let mut from = 0;
    while let Some(found) = find(&data[from..], BEGIN) {
        let start = from + found;
        from = start + BEGIN.len();
        // Go only accepts BEGIN at the start of the data or of a line.
        if start > 0 && data[start - 1] != b'\n' {
            continue;
        }
        if let Some(block) = decode_at(&data[start + BEGIN.len()..]) {
            return Some(block);
        }
    }
    None
}

/// Decodes the block whose `-----BEGIN ` was just consumed.
fn decode_at(rest: &[u8]) -> Option<Block> {
    let (type_line, mut rest) = line(rest);
    let label = type_line.strip_suffix(b"-----")?;
    let label = std::str::from_utf8(label).ok()?.to_string();
    // Skip "Key: value" header lines.
    let mut had_headers = false;
    loop {
        if rest.is_empty() {
            return None;
        }
        let (l, next) = line(rest);
        if !l.contains(&b':') {
            break;
        }
        had_headers = true;
        rest = next;
    }
    let end_marker = format!("\n-----END {label}-----");
    let (body, after) = if !had_headers && rest.starts_with(&end_marker.as_bytes()[1..]) {
        (&rest[..0], &rest[end_marker.len() - 1..])
    } else {
        let at = find(rest, end_marker.as_bytes())?;
        (&rest[..at], &rest[at + end_marker.len()..])
    };
    // The END line may only be followed by whitespace.
    if !line(after).0.is_empty() {
        return None;
    }
    let cleaned: Vec<u8> = body
        .iter()
        .copied()
        .filter(|&b| b != b' ' && b != b'\t')
        .collect();
    let bytes = base64::decode(&cleaned).ok()?;
    Some(Block { label, bytes })
}

/// Go's `getLine`: the line without its end and trailing spaces/tabs/CR, and
/// the data after the newline.
fn line(data: &[u8]) -> (&[u8], &[u8]) {
    let (mut l, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[data.len()..]),
    };
    while let Some((&last, init)) = l.split_last() {
        if matches!(last, b' ' | b'\t' | b'\r') {
            l = init;
        } else {
            break;
        }
    }
    (l, rest)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_line_length() {
        let data: Vec<u8> = (0..=255).collect();
        let text = encode("X", &data);
        assert!(text.lines().skip(1).all(|l| l.len() <= 64));
        assert!(text.ends_with("\n-----END X-----\n"));
        let block = decode(text.as_bytes()).unwrap();
        assert_eq!(block.label, "X");
        assert_eq!(block.bytes, data);
        assert_eq!(encode("E", &[]), "-----BEGIN E-----\n-----END E-----\n");
    }

    #[test]
    fn decode_skips_junk_and_headers() {
        let text = "junk\n-----BEGIN A-----\nProc-Type: 4\n\nZm9v\n-----END A-----\r\n";
        let block = decode(text.as_bytes()).unwrap();
        assert_eq!(
            (block.label.as_str(), block.bytes.as_slice()),
            ("A", &b"foo"[..])
        );
        assert!(decode(b"-----BEGIN A-----\nZm9v\n-----END B-----\n").is_none());
        assert!(decode(b"x-----BEGIN A-----\nZm9v\n-----END A-----\n").is_none());
        assert!(decode(b"-----BEGIN A-----\n!!!!\n-----END A-----\n").is_none());
        assert!(decode(b"").is_none());
    }
}
