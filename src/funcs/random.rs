//! Sprig's random functions: `randAlphaNum`, `randAlpha`, `randNumeric`,
//! `randAscii` (goutils' `CryptoRandom*`, called by Sprig's `strings.go`),
//! `randBytes` and `uuidv4` (Sprig `crypto.go`). All draw from the OS
//! generator, as Go's `crypto/rand` does.

use rand_core::{OsRng, RngCore};

use crate::template::func::{FuncError, Function, Param};
use crate::value::Value;

/// The largest count the `rand*` functions accept. Go would try to allocate
/// whatever it is asked for and die of OOM; we refuse with an error instead.
pub(crate) const MAX_RANDOM_LEN: i64 = 1 << 24;

const ALPHA: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ALPHANUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const NUMERIC: &[u8] = b"0123456789";

/// The random functions, for the function map.
pub(crate) fn functions() -> Vec<Function> {
    const I: &[Param] = &[Param::Int];
    vec![
        Function::new("randAlphaNum", I, |a| rand_string(a, ALPHANUM)),
        Function::new("randAlpha", I, |a| rand_string(a, ALPHA)),
        Function::new("randNumeric", I, |a| rand_string(a, NUMERIC)),
        Function::new("randAscii", I, |a| rand_string(a, ASCII)),
        Function::new("randBytes", I, rand_bytes),
        Function::new("uuidv4", &[], |_| Ok(Value::str(uuidv4()))),
    ]
}

/// Printable ASCII, space to `~`: goutils' `CryptoRandomAscii` draws from
/// code points 32..127 with no letter/number filter.
const ASCII: &[u8] = b" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// The `int` count argument, checked against [`MAX_RANDOM_LEN`].
fn count(args: &[Value], name: &str) -> Result<i64, FuncError> {
    let n = match args.first() {
        Some(Value::Int(n) | Value::Int64(n)) => *n,
        _ => return Err(FuncError::new("expected one int argument")),
    };
    if n > MAX_RANDOM_LEN {
        return Err(FuncError::new(format!(
            "{name}: count {n} exceeds the limit of {MAX_RANDOM_LEN}"
        )));
    }
    Ok(n)
}

/// `count` characters drawn uniformly from `alphabet`. goutils returns an
/// error for a negative count and Sprig discards it, so that is `""`.
fn rand_string(args: &[Value], alphabet: &[u8]) -> Result<Value, FuncError> {
    let n = count(args, "rand")?;
    let n = usize::try_from(n).unwrap_or(0);
    let mut out = String::with_capacity(n);
    for _ in 0..n {
        out.push(char::from(alphabet[uniform(alphabet.len())]));
    }
    Ok(Value::str(out))
}

/// `randBytes n`: base64 (standard, padded) of `n` random bytes. Go's
/// `make([]byte, n)` panics on a negative `n`.
fn rand_bytes(args: &[Value]) -> Result<Value, FuncError> {
    let n = count(args, "randBytes")?;
    let n = usize::try_from(n)
        .map_err(|_| FuncError::new("runtime error: makeslice: len out of range"))?;
    let mut buf = vec![0u8; n];
    OsRng.fill_bytes(&mut buf);
    Ok(Value::str(base64_std(&buf)))
}

/// A version 4 UUID in the lowercase 8-4-4-4-12 form of google/uuid.
pub(crate) fn uuidv4() -> String {
    let mut b = [0u8; 16];
    OsRng.fill_bytes(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let mut out = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// A uniform index below `n` (n > 0, small), by rejection sampling so that
/// no character is more likely than another.
fn uniform(n: usize) -> usize {
    let n = n as u32;
    // The largest multiple of n that fits; draws at or above it are retried.
    let zone = u32::MAX - (u32::MAX % n);
    loop {
        let x = OsRng.next_u32();
        if x < zone {
            return (x % n) as usize;
        }
    }
}

/// Standard padded base64 (Go's `base64.StdEncoding.EncodeToString`).
pub(crate) fn base64_std(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, n: i64) -> Result<String, FuncError> {
        let f = functions().into_iter().find(|f| f.name == name).unwrap();
        (f.call)(&[Value::Int(n)]).map(|v| v.as_str().unwrap().to_string())
    }

    #[test]
    fn strings_have_length_and_charset() {
        type Check = fn(u8) -> bool;
        let table: &[(&str, Check)] = &[
            ("randAlphaNum", |c| c.is_ascii_alphanumeric()),
            ("randAlpha", |c| c.is_ascii_alphabetic()),
            ("randNumeric", |c| c.is_ascii_digit()),
            ("randAscii", |c| (32..127).contains(&c)),
        ];
        for (name, ok) in table {
            for n in [0, 1, 10, 1000] {
                let s = call(name, n).unwrap();
                assert_eq!(s.len(), n as usize, "{name} {n}");
                assert!(s.bytes().all(ok), "{name} gave {s:?}");
            }
            // goutils errors on a negative count; Sprig prints "".
            assert_eq!(call(name, -1).unwrap(), "");
        }
    }

    #[test]
    fn rand_bytes_is_base64_of_n_bytes() {
        assert_eq!(call("randBytes", 0).unwrap(), "");
        assert_eq!(call("randBytes", 5).unwrap().len(), 8);
        assert_eq!(call("randBytes", 32).unwrap().len(), 44);
        assert_eq!(
            call("randBytes", -1).unwrap_err().0,
            "runtime error: makeslice: len out of range"
        );
        assert!(call("randBytes", MAX_RANDOM_LEN + 1).is_err());
        assert!(call("randAlpha", i64::MAX).is_err());
    }

    #[test]
    fn base64_matches_go() {
        for (input, want) in [
            (&b""[..], ""),
            (b"f", "Zg=="),
            (b"fo", "Zm8="),
            (b"foo", "Zm9v"),
            (b"foob", "Zm9vYg=="),
            (b"\xff\xfe\xfd", "//79"),
        ] {
            assert_eq!(base64_std(input), want);
        }
    }

    #[test]
    fn uuid_shape() {
        let u = uuidv4();
        assert_eq!(u.len(), 36);
        let parts: Vec<&str> = u.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('4'));
        assert!(matches!(parts[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'));
        assert!(
            u.bytes()
                .all(|c| c == b'-' || matches!(c, b'0'..=b'9' | b'a'..=b'f'))
        );
        assert_ne!(uuidv4(), u);
    }
}
