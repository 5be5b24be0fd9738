//! Just enough ASN.1 DER to write the certificates and keys Go's
//! `crypto/x509` and `encoding/asn1` produce, and to read the few structures
//! Sprig parses back (a DSA key, the pieces of a CA certificate).

/// Universal tags used here.
pub(super) const BOOLEAN: u8 = 0x01;
pub(super) const INTEGER: u8 = 0x02;
pub(super) const BIT_STRING: u8 = 0x03;
pub(super) const OCTET_STRING: u8 = 0x04;
pub(super) const NULL: u8 = 0x05;
pub(super) const OID: u8 = 0x06;
pub(super) const UTF8_STRING: u8 = 0x0c;
pub(super) const PRINTABLE_STRING: u8 = 0x13;
pub(super) const UTC_TIME: u8 = 0x17;
pub(super) const GENERALIZED_TIME: u8 = 0x18;
pub(super) const SEQUENCE: u8 = 0x30;
pub(super) const SET: u8 = 0x31;

/// One TLV: tag, definite length, contents.
pub(super) fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(contents.len() + 6);
    out.push(tag);
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(contents);
    out
}

/// A SEQUENCE of already encoded parts.
pub(super) fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(SEQUENCE, &parts.concat())
}

/// A non-negative INTEGER from big-endian magnitude bytes (minimal form,
/// with a leading zero when the top bit is set).
pub(super) fn uint(magnitude: &[u8]) -> Vec<u8> {
    let skip = magnitude.iter().take_while(|&&b| b == 0).count();
    let digits = &magnitude[skip..];
    let mut contents = Vec::with_capacity(digits.len() + 1);
    if digits.first().is_none_or(|&b| b & 0x80 != 0) {
        contents.push(0);
    }
    contents.extend_from_slice(digits);
    tlv(INTEGER, &contents)
}

/// An OBJECT IDENTIFIER from its arcs (the first two must be < 40 and < 3).
pub(super) fn oid(arcs: &[u64]) -> Vec<u8> {
    let mut contents = Vec::new();
    let mut push = |mut v: u64| {
        let mut tmp = vec![(v & 0x7f) as u8];
        v >>= 7;
        while v > 0 {
            tmp.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        tmp.reverse();
        contents.extend_from_slice(&tmp);
    };
    push(arcs[0] * 40 + arcs[1]);
    for &arc in &arcs[2..] {
        push(arc);
    }
    tlv(OID, &contents)
}

/// A BIT STRING whose length is a whole number of bytes.
pub(super) fn bit_string(bytes: &[u8]) -> Vec<u8> {
    let mut contents = Vec::with_capacity(bytes.len() + 1);
    contents.push(0);
    contents.extend_from_slice(bytes);
    tlv(BIT_STRING, &contents)
}

/// A context-specific constructed (EXPLICIT) tag around `inner`.
pub(super) fn explicit(n: u8, inner: &[u8]) -> Vec<u8> {
    tlv(0xa0 | n, inner)
}

/// A reader over DER: each call takes one TLV off the front.
pub(super) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Reads from `data`.
    pub(super) fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { rest: data }
    }

    /// Whether everything was read.
    #[cfg(test)]
    pub(super) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next TLV as (tag, contents, whole encoding).
    pub(super) fn next(&mut self) -> Option<(u8, &'a [u8], &'a [u8])> {
        let data = self.rest;
        let tag = *data.first()?;
        let first = *data.get(1)?;
        let (len, header) = if first < 0x80 {
            (usize::from(first), 2)
        } else {
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 {
                return None;
            }
            let mut len = 0usize;
            for &b in data.get(2..2 + n)? {
                len = (len << 8) | usize::from(b);
            }
            (len, 2 + n)
        };
        let end = header.checked_add(len)?;
        let contents = data.get(header..end)?;
        let whole = &data[..end];
        self.rest = &data[end..];
        Some((tag, contents, whole))
    }

    /// The next TLV, which must have `tag`; returns its contents.
    pub(super) fn expect(&mut self, tag: u8) -> Option<&'a [u8]> {
        match self.next()? {
            (t, contents, _) if t == tag => Some(contents),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_go_asn1() {
        assert_eq!(uint(&[0x00, 0x7f]), [0x02, 0x01, 0x7f]);
        assert_eq!(uint(&[0x80]), [0x02, 0x02, 0x00, 0x80]);
        assert_eq!(uint(&[]), [0x02, 0x01, 0x00]);
        assert_eq!(oid(&[2, 5, 4, 3]), [0x06, 0x03, 0x55, 0x04, 0x03]);
        assert_eq!(
            oid(&[1, 2, 840, 113549, 1, 1, 11]),
            [
                0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b
            ]
        );
        let long = tlv(OCTET_STRING, &[0u8; 300]);
        assert_eq!(&long[..4], &[0x04, 0x82, 0x01, 0x2c]);
        let mut r = Reader::new(&long);
        assert_eq!(r.expect(OCTET_STRING).map(<[u8]>::len), Some(300));
        assert!(r.is_empty());
        assert!(Reader::new(&[0x30, 0x05, 0x00]).next().is_none());
    }
}
