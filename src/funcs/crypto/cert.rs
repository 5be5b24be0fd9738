//! X.509 certificates as Sprig's `getBaseCertTemplate` + Go's
//! `x509.CreateCertificate` build them: v3, random 128-bit serial, subject
//! `CN=<cn>` only, validity from now for `daysValid` days, and the
//! extensions in Go's order (KeyUsage, ExtKeyUsage, BasicConstraints,
//! SubjectKeyId, AuthorityKeyId, SubjectAltName).

use rand_core::{OsRng, RngCore};
use sha1::{Digest, Sha1};
use x509_parser::prelude::{FromDer, ParsedExtension, X509Certificate};

use super::der;
use super::keys::{self, PrivateKey};
use super::pem;

/// What Sprig puts in its certificate template.
pub(super) struct Template {
    /// The subject common name; empty means an empty subject.
    pub(super) cn: String,
    /// SAN IP addresses, already in Go's wire form (4 or 16 bytes).
    pub(super) ips: Vec<Vec<u8>>,
    /// SAN DNS names.
    pub(super) dns: Vec<String>,
    /// Validity in days from now (may be zero or negative, as in Go).
    pub(super) days: i64,
    /// A CA certificate (`genCA*`): CertSign usage and `CA:TRUE`.
    pub(super) is_ca: bool,
}

/// The parts of a parsed CA certificate that signing a child needs.
pub(super) struct Parent {
    /// The raw DER of the subject Name, which becomes the child's issuer.
    subject: Vec<u8>,
    /// The SubjectKeyId, which becomes the child's AuthorityKeyId.
    key_id: Option<Vec<u8>>,
    /// The parent's public key bits, which the signing key must match.
    public_key: Vec<u8>,
}

/// Parses a PEM certificate as Sprig does before signing with it.
pub(super) fn parse_parent(text: &str) -> Result<Parent, String> {
    let block = pem::decode(text.as_bytes()).ok_or("unable to decode certificate")?;
    let cert = parse_der(&block.bytes)
        .map_err(|e| format!("error parsing certificate: decodedSignerCert.Bytes: {e}"))?;
    let key_id = cert
        .extensions()
        .iter()
        .find_map(|ext| match ext.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(id) => Some(id.0.to_vec()),
            _ => None,
        });
    Ok(Parent {
        subject: cert.tbs_certificate.subject.as_raw().to_vec(),
        key_id,
        public_key: cert.public_key().subject_public_key.data.to_vec(),
    })
}

/// Go's `x509.ParseCertificate` as far as accepting or refusing goes. The
/// first two structural checks give Go's own messages; deeper problems are
/// reported with Go's generic `malformed certificate`.
pub(super) fn parse_der(bytes: &[u8]) -> Result<X509Certificate<'_>, String> {
    let mut outer = der::Reader::new(bytes);
    let Some(body) = outer.expect(der::SEQUENCE) else {
        return Err("x509: malformed certificate".into());
    };
    if der::Reader::new(body).expect(der::SEQUENCE).is_none() {
        return Err("x509: malformed tbs certificate".into());
    }
    match X509Certificate::from_der(bytes) {
        Ok((rest, _)) if !rest.is_empty() => Err("x509: trailing data".into()),
        Ok((_, cert)) => Ok(cert),
        Err(_) => Err("x509: malformed certificate".into()),
    }
}

/// `getCertAndKey`: creates the certificate for `template` with the public
/// key of `signee`, signed by `signer` (self-signed when `parent` is `None`),
/// and returns (certificate PEM, signee key PEM).
pub(super) fn create(
    template: &Template,
    signee: &PrivateKey,
    parent: Option<&Parent>,
    signer: &PrivateKey,
) -> Result<(String, String), String> {
    let cert = create_der(template, signee, parent, signer)
        .map_err(|e| format!("error creating certificate: {e}"))?;
    let key = signee
        .to_pem()
        .map_err(|e| format!("error pem-encoding key: {e}"))?;
    Ok((pem::encode("CERTIFICATE", &cert), key))
}

/// Go's `CreateCertificate`, its checks in its order.
fn create_der(
    template: &Template,
    signee: &PrivateKey,
    parent: Option<&Parent>,
    signer: &PrivateKey,
) -> Result<Vec<u8>, String> {
    signer.check_signer()?;
    let serial = random_serial();
    let sig_alg = signer.signature_algorithm();
    let spki = signee.spki()?;
    if let Some(parent) = parent
        && signer.public_key_bits()? != parent.public_key
    {
        return Err("x509: provided PrivateKey doesn't match parent's PublicKey".into());
    }
    let subject = name(&template.cn);
    let issuer = parent.map_or_else(|| subject.clone(), |p| p.subject.clone());
    let key_bits = keys::spki_bits(&spki).unwrap_or_default();
    // Go 1.15+ fills in a SubjectKeyId for CAs: SHA-1 of the key bits.
    let subject_key_id = template.is_ca.then(|| Sha1::digest(&key_bits).to_vec());
    let authority_key_id = match parent {
        Some(p) if issuer != subject => p.key_id.clone(),
        _ => None,
    };
    let extensions = extensions(
        template,
        subject.len() == 2,
        subject_key_id.as_deref(),
        authority_key_id.as_deref(),
    )?;
    let (not_before, not_after) = validity(template.days);
    let tbs = der::seq(&[
        &der::explicit(0, &der::uint(&[2])),
        &der::uint(&serial),
        &sig_alg,
        &issuer,
        &der::seq(&[&not_before, &not_after]),
        &subject,
        &spki,
        &der::explicit(3, &der::tlv(der::SEQUENCE, &extensions)),
    ]);
    let signature = signer.sign(&tbs)?;
    Ok(der::seq(&[&tbs, &sig_alg, &der::bit_string(&signature)]))
}

/// `rand.Int(rand.Reader, 2^128)`.
fn random_serial() -> [u8; 16] {
    let mut serial = [0u8; 16];
    OsRng.fill_bytes(&mut serial);
    serial
}

/// `pkix.Name{CommonName: cn}` as an RDNSequence; an empty CN gives an
/// empty sequence. Go's asn1 picks PrintableString when every byte allows
/// it, else UTF8String.
fn name(cn: &str) -> Vec<u8> {
    if cn.is_empty() {
        return der::seq(&[]);
    }
    let tag = if cn.bytes().all(is_printable) {
        der::PRINTABLE_STRING
    } else {
        der::UTF8_STRING
    };
    let atv = der::seq(&[&der::oid(&[2, 5, 4, 3]), &der::tlv(tag, cn.as_bytes())]);
    der::seq(&[&der::tlv(der::SET, &atv)])
}

/// `encoding/asn1`'s `isPrintable` when marshalling (no `*`, no `&`).
fn is_printable(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"'()+,-./:=? ".contains(&b)
}

/// The extensions sequence, as Go's `buildCertExtensions`.
fn extensions(
    template: &Template,
    subject_is_empty: bool,
    subject_key_id: Option<&[u8]>,
    authority_key_id: Option<&[u8]>,
) -> Result<Vec<u8>, String> {
    let mut exts: Vec<Vec<u8>> = Vec::new();
    // KeyUsage: DigitalSignature | KeyEncipherment (| CertSign), as a
    // BIT STRING of minimal length with bit 0 first.
    let usage: &[u8] = if template.is_ca {
        &[0x03, 0x02, 0x02, 0xa4]
    } else {
        &[0x03, 0x02, 0x05, 0xa0]
    };
    exts.push(extension(&[2, 5, 29, 15], true, usage));
    // ExtKeyUsage: serverAuth, clientAuth.
    let eku = der::seq(&[
        &der::oid(&[1, 3, 6, 1, 5, 5, 7, 3, 1]),
        &der::oid(&[1, 3, 6, 1, 5, 5, 7, 3, 2]),
    ]);
    exts.push(extension(&[2, 5, 29, 37], false, &eku));
    // BasicConstraints: cA TRUE, or the empty sequence; no path length.
    let bc = if template.is_ca {
        der::seq(&[&der::tlv(der::BOOLEAN, &[0xff])])
    } else {
        der::seq(&[])
    };
    exts.push(extension(&[2, 5, 29, 19], true, &bc));
    if let Some(id) = subject_key_id {
        exts.push(extension(
            &[2, 5, 29, 14],
            false,
            &der::tlv(der::OCTET_STRING, id),
        ));
    }
    if let Some(id) = authority_key_id {
        // AuthorityKeyIdentifier { [0] IMPLICIT keyIdentifier }
        exts.push(extension(
            &[2, 5, 29, 35],
            false,
            &der::seq(&[&der::tlv(0x80, id)]),
        ));
    }
    if !template.dns.is_empty() || !template.ips.is_empty() {
        let mut names = Vec::new();
        for dns in &template.dns {
            if !dns.is_ascii() {
                return Err(format!(
                    "x509: {} cannot be encoded as an IA5String",
                    go_quote(dns)
                ));
            }
            names.push(der::tlv(0x82, dns.as_bytes()));
        }
        for ip in &template.ips {
            names.push(der::tlv(0x87, ip));
        }
        let names: Vec<&[u8]> = names.iter().map(Vec::as_slice).collect();
        // Go marks the SAN critical when the subject is empty (RFC 5280).
        exts.push(extension(
            &[2, 5, 29, 17],
            subject_is_empty,
            &der::seq(&names),
        ));
    }
    Ok(exts.concat())
}

/// One Extension: SEQUENCE { extnID, critical BOOLEAN DEFAULT FALSE, extnValue }.
fn extension(id: &[u64], critical: bool, value: &[u8]) -> Vec<u8> {
    let oid = der::oid(id);
    let value = der::tlv(der::OCTET_STRING, value);
    if critical {
        der::seq(&[&oid, &der::tlv(der::BOOLEAN, &[0xff]), &value])
    } else {
        der::seq(&[&oid, &value])
    }
}

/// Go's `%q` for the IA5String error (ASCII-only names never get here).
fn go_quote(s: &str) -> String {
    crate::value::printf::quote(s)
}

/// (notBefore, notAfter) for `time.Now()` and
/// `time.Now().Add(time.Hour * 24 * time.Duration(daysValid))`. The
/// Duration product wraps in int64 nanoseconds, as Go's does.
fn validity(days: i64) -> (Vec<u8>, Vec<u8>) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0);
    let duration = 86_400_000_000_000i64.wrapping_mul(days);
    let after = now + i128::from(duration);
    (
        encode_time(now.div_euclid(1_000_000_000) as i64),
        encode_time(after.div_euclid(1_000_000_000) as i64),
    )
}

/// UTCTime for years 1950–2049, else GeneralizedTime, as Go's asn1.
fn encode_time(unix: i64) -> Vec<u8> {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let (hh, mm, ss) = (secs / 3600, secs / 60 % 60, secs % 60);
    if (1950..2050).contains(&y) {
        let text = format!("{:02}{m:02}{d:02}{hh:02}{mm:02}{ss:02}Z", y % 100);
        der::tlv(der::UTC_TIME, text.as_bytes())
    } else {
        let text = format!("{y:04}{m:02}{d:02}{hh:02}{mm:02}{ss:02}Z");
        der::tlv(der::GENERALIZED_TIME, text.as_bytes())
    }
}

/// Proleptic Gregorian (year, month, day) of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_encode_like_go() {
        assert_eq!(encode_time(0), der::tlv(der::UTC_TIME, b"700101000000Z"));
        assert_eq!(
            encode_time(1_795_000_000),
            der::tlv(der::UTC_TIME, b"261118110640Z")
        );
        // 2050-01-01 switches to GeneralizedTime.
        assert_eq!(
            encode_time(2_524_608_000),
            der::tlv(der::GENERALIZED_TIME, b"20500101000000Z")
        );
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn names_pick_go_string_types() {
        assert_eq!(name(""), [0x30, 0x00]);
        assert_eq!(name("a b")[11], der::PRINTABLE_STRING);
        assert_eq!(name("*.x")[11], der::UTF8_STRING);
        assert_eq!(name("ü")[11], der::UTF8_STRING);
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote("ü"), "\"ü\"");
        assert_eq!(go_quote("a\"b\n\u{1}"), "\"a\\\"b\\n\\x01\"");
    }
}
