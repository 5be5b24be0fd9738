//! Sprig's checksum functions: `sha1sum`, `sha256sum`, `sha512sum` and
//! `adler32sum` (Sprig v3.3.0 `crypto.go`). Each hashes the UTF-8 bytes of its
//! string argument; the SHA family prints lowercase hex, adler32 prints the
//! checksum as a decimal number (`fmt.Sprintf("%d", ...)`).

use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use crate::template::func::{FuncError, Function, Param};
use crate::value::Value;

/// The checksum functions, for the function map.
pub(crate) fn functions() -> Vec<Function> {
    const S: &[Param] = &[Param::String];
    vec![
        Function::new("sha1sum", S, |a| Ok(Value::str(hex::<Sha1>(arg(a)?)))),
        Function::new("sha256sum", S, |a| Ok(Value::str(hex::<Sha256>(arg(a)?)))),
        Function::new("sha512sum", S, |a| Ok(Value::str(hex::<Sha512>(arg(a)?)))),
        Function::new("adler32sum", S, |a| {
            Ok(Value::str(adler32(arg(a)?.as_bytes()).to_string()))
        }),
    ]
}

/// The single string argument the engine has already type-checked.
fn arg(args: &[Value]) -> Result<&str, FuncError> {
    args.first()
        .and_then(Value::as_str)
        .ok_or_else(|| FuncError::new("expected one string argument"))
}

/// Lowercase hex of the digest of `input`, as Go's `hex.EncodeToString`.
fn hex<D: Digest>(input: &str) -> String {
    let digest = D::digest(input.as_bytes());
    let mut out = String::with_capacity(digest.len() * 2);
    for byte in digest {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Adler-32 (RFC 1950), as Go's `hash/adler32.Checksum`. Small enough that a
/// crate would cost more than it saves.
fn adler32(data: &[u8]) -> u32 {
    const MOD: u32 = 65521;
    // 5552 is the largest n with 255n(n+1)/2 + (n+1)(MOD-1) < 2^32, so the
    // sums cannot overflow between reductions (zlib's NMAX).
    const NMAX: usize = 5552;
    let (mut a, mut b) = (1u32, 0u32);
    for chunk in data.chunks(NMAX) {
        for &byte in chunk {
            a += u32::from(byte);
            b += a;
        }
        a %= MOD;
        b %= MOD;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(name: &str, input: &str) -> String {
        let f = functions().into_iter().find(|f| f.name == name).unwrap();
        match (f.call)(&[Value::str(input)]).unwrap() {
            Value::String(s) => s.to_string(),
            other => panic!("{name} returned {}", other.type_name()),
        }
    }

    /// Expectations printed by Helm 3.17.3 (tests/golden/fn-crypto/hash-*).
    #[test]
    fn matches_helm() {
        let table: &[(&str, &str, &str)] = &[
            ("sha1sum", "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            ("sha1sum", "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
            (
                "sha256sum",
                "",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                "sha256sum",
                "abc",
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            ),
            (
                "sha512sum",
                "",
                "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
            ),
            (
                "sha1sum",
                "héllo wörld ☃",
                "b8cad224ce4b6f7c6302f99a28f013302642e3a9",
            ),
            (
                "sha256sum",
                "héllo wörld ☃",
                "197a152db0d9da8d291382523cbe9fc690eaed31f5b9d597814c825624770688",
            ),
            (
                "sha512sum",
                "abc",
                "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
            ),
            ("adler32sum", "", "1"),
            ("adler32sum", "Wikipedia", "300286872"),
            ("adler32sum", "héllo wörld ☃", "1286342795"),
        ];
        for (name, input, want) in table {
            assert_eq!(call(name, input), *want, "{name} {input:?}");
        }
        // Long inputs cross adler32's reduction points.
        assert_eq!(call("adler32sum", &"é".repeat(10_000)), "614960634");
        assert_eq!(call("adler32sum", &"z".repeat(100_000)), "3617207079");
    }

    #[test]
    fn adler32_long_input_reduces_without_overflow() {
        // 1 MiB of 0xff exercises the NMAX reduction; value from zlib.
        let data = vec![0xffu8; 1 << 20];
        let naive = {
            let (mut a, mut b) = (1u64, 0u64);
            for &x in &data {
                a = (a + u64::from(x)) % 65521;
                b = (b + a) % 65521;
            }
            ((b << 16) | a) as u32
        };
        assert_eq!(adler32(&data), naive);
    }
}
