//! Sprig's crypto functions (v3.3.0 `crypto.go`): `bcrypt`, `htpasswd`,
//! `derivePassword`, `genPrivateKey`, `buildCustomCert`, `genCA`,
//! `genCAWithKey`, `genSelfSignedCert`, `genSelfSignedCertWithKey`,
//! `genSignedCert`, `genSignedCertWithKey`, `encryptAES` and `decryptAES`.
//!
//! Several of them report failure in their *result* rather than as an error
//! (`genPrivateKey "bogus"` prints `Unknown type bogus`), exactly as Sprig
//! does; those strings are part of the contract.

mod base64;
mod cert;
mod der;
mod keys;
mod pem;

use std::any::Any;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use aes::cipher::{BlockDecrypt, BlockEncrypt, KeyInit, generic_array::GenericArray};
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use sha2::Sha256;

use crate::template::func::{FuncError, Function, Param};
use crate::value::{Object, Value};

use keys::PrivateKey;

/// The crypto functions, for the function map.
pub(crate) fn functions() -> Vec<Function> {
    use Param::{Int, List, Object as Obj, String as Str, Uint32};
    const CERT: Param = Obj(CERTIFICATE_TYPE);
    vec![
        Function::new("bcrypt", &[Str], |a| Ok(Value::str(bcrypt(str_arg(a, 0)?)))),
        Function::new("htpasswd", &[Str, Str], |a| {
            Ok(Value::str(htpasswd(str_arg(a, 0)?, str_arg(a, 1)?)))
        }),
        Function::new("derivePassword", &[Uint32, Str, Str, Str, Str], |a| {
            let counter = int_arg(a, 0)? as u32;
            Ok(Value::str(derive_password(
                counter,
                str_arg(a, 1)?,
                str_arg(a, 2)?,
                str_arg(a, 3)?,
                str_arg(a, 4)?,
            )))
        }),
        Function::new("genPrivateKey", &[Str], |a| {
            Ok(Value::str(gen_private_key(str_arg(a, 0)?)))
        }),
        Function::new("buildCustomCert", &[Str, Str], |a| {
            build_custom_cert(str_arg(a, 0)?, str_arg(a, 1)?)
        }),
        Function::new("genCA", &[Str, Int], |a| {
            let key = rsa_2048()?;
            gen_ca(str_arg(a, 0)?, int_arg(a, 1)?, &key)
        }),
        Function::new("genCAWithKey", &[Str, Int, Str], |a| {
            let key = parse_key(str_arg(a, 2)?)?;
            gen_ca(str_arg(a, 0)?, int_arg(a, 1)?, &key)
        }),
        Function::new("genSelfSignedCert", &[Str, List, List, Int], |a| {
            let template = base_template(a)?;
            let key = rsa_2048()?;
            finish(cert::create(&template, &key, None, &key))
        }),
        Function::new(
            "genSelfSignedCertWithKey",
            &[Str, List, List, Int, Str],
            |a| {
                let key = parse_key(str_arg(a, 4)?)?;
                let template = base_template(a)?;
                finish(cert::create(&template, &key, None, &key))
            },
        ),
        Function::new("genSignedCert", &[Str, List, List, Int, CERT], |a| {
            let key = rsa_2048()?;
            gen_signed(a, &key)
        }),
        Function::new(
            "genSignedCertWithKey",
            &[Str, List, List, Int, CERT, Str],
            |a| {
                let key = parse_key(str_arg(a, 5)?)?;
                gen_signed(a, &key)
            },
        ),
        Function::new("encryptAES", &[Str, Str], |a| {
            Ok(Value::str(encrypt_aes(str_arg(a, 0)?, str_arg(a, 1)?)))
        }),
        Function::new("decryptAES", &[Str, Str], |a| {
            decrypt_aes(str_arg(a, 0)?, str_arg(a, 1)?).map(Value::str)
        }),
    ]
}

/// The Go type name of Sprig's certificate struct, as `typeOf` prints it.
pub(crate) const CERTIFICATE_TYPE: &str = "sprig.certificate";

/// Sprig's `certificate` struct: `.Cert` and `.Key`, both PEM text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Certificate {
    /// The certificate PEM.
    pub(crate) cert: String,
    /// The private key PEM.
    pub(crate) key: String,
}

impl Object for Certificate {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed(CERTIFICATE_TYPE)
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::str(self.cert.as_str())),
            "Key" => Some(Value::str(self.key.as_str())),
            _ => None,
        }
    }

    /// Go's `%v` of a struct: `{field field}`.
    fn fmt_v(&self, out: &mut String) {
        out.push('{');
        out.push_str(&self.cert);
        out.push(' ');
        out.push_str(&self.key);
        out.push('}');
    }

    fn to_data(&self) -> Value {
        let mut m = BTreeMap::new();
        m.insert("Cert".to_string(), Value::str(self.cert.as_str()));
        m.insert("Key".to_string(), Value::str(self.key.as_str()));
        Value::map(m)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn str_arg(args: &[Value], i: usize) -> Result<&str, FuncError> {
    args.get(i)
        .and_then(Value::as_str)
        .ok_or_else(|| FuncError::new(format!("argument {i}: expected string")))
}

fn int_arg(args: &[Value], i: usize) -> Result<i64, FuncError> {
    match args.get(i) {
        Some(Value::Int(n) | Value::Int64(n)) => Ok(*n),
        _ => Err(FuncError::new(format!("argument {i}: expected int"))),
    }
}

fn list_arg(args: &[Value], i: usize) -> &[Value] {
    args.get(i).and_then(Value::as_list).unwrap_or(&[])
}

/// Sprig's `bcrypt`: cost 10, `$2a$`, failures printed into the result.
fn bcrypt(input: &str) -> String {
    // x/crypto/bcrypt refuses what it would otherwise silently truncate.
    if input.len() > 72 {
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
            .to_string();
    }
    match bcrypt::hash_with_result(input, 10) {
        Ok(parts) => parts.format_for_version(bcrypt::Version::TwoA),
        Err(e) => format!("failed to encrypt string with bcrypt: {e}"),
    }
}

fn htpasswd(user: &str, password: &str) -> String {
    if user.contains(':') {
        return format!("invalid username: {user}");
    }
    format!("{user}:{}", bcrypt(password))
}

/// Sprig's `derivePassword`: the Master Password algorithm (scrypt the
/// password with a salt naming the user, HMAC-SHA256 a seed naming the site
/// and counter, then pick template characters from the seed bytes).
fn derive_password(counter: u32, kind: &str, password: &str, user: &str, site: &str) -> String {
    let Some(templates) = password_templates(kind) else {
        return format!("cannot find password template {kind}");
    };
    const SEED: &[u8] = b"com.lyndir.masterpassword";
    // Go's binary.Write of uint32(len(...)) is big-endian 4 bytes; the length
    // of a Go string is its byte length.
    let mut salt = SEED.to_vec();
    salt.extend_from_slice(&(user.len() as u32).to_be_bytes());
    salt.extend_from_slice(user.as_bytes());
    let mut key = [0u8; 64];
    // N = 32768 = 2^15, r = 8, p = 2.
    let derived = scrypt::Params::new(15, 8, 2, 64)
        .map_err(|e| e.to_string())
        .and_then(|params| {
            scrypt::scrypt(password.as_bytes(), &salt, &params, &mut key).map_err(|e| e.to_string())
        });
    if let Err(e) = derived {
        return format!("failed to derive password: {e}");
    }
    let mut message = SEED.to_vec();
    message.extend_from_slice(&(site.len() as u32).to_be_bytes());
    message.extend_from_slice(site.as_bytes());
    message.extend_from_slice(&counter.to_be_bytes());
    let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&key) else {
        return "failed to derive password: bad key".to_string();
    };
    mac.update(&message);
    let seed = mac.finalize().into_bytes();
    let template = templates[usize::from(seed[0]) % templates.len()];
    template
        .bytes()
        .enumerate()
        .map(|(i, class)| {
            let chars = template_characters(class);
            char::from(chars[usize::from(seed[i + 1]) % chars.len()])
        })
        .collect()
}

/// Master Password's templates per password type (Sprig's table).
fn password_templates(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

/// The characters each template class draws from.
fn template_characters(class: u8) -> &'static [u8] {
    match class {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        _ => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    }
}

/// `genPrivateKey`: PEM, or Sprig's failure text.
fn gen_private_key(typ: &str) -> String {
    match keys::generate(typ) {
        Ok(key) => key
            .to_pem()
            .unwrap_or_else(|e| format!("failed to generate private key: {e}")),
        Err(unknown) if unknown.starts_with("Unknown type ") => unknown,
        Err(e) => format!("failed to generate private key: {e}"),
    }
}

fn rsa_2048() -> Result<PrivateKey, FuncError> {
    keys::generate_rsa(2048).map_err(|e| FuncError::new(format!("error generating rsa key: {e}")))
}

fn parse_key(text: &str) -> Result<PrivateKey, FuncError> {
    keys::parse_pem(text).map_err(|e| FuncError::new(format!("parsing private key: {e}")))
}

fn finish(result: Result<(String, String), String>) -> Result<Value, FuncError> {
    let (cert, key) = result.map_err(FuncError)?;
    Ok(Value::Object(Arc::new(Certificate { cert, key })))
}

fn gen_ca(cn: &str, days: i64, key: &PrivateKey) -> Result<Value, FuncError> {
    let template = cert::Template {
        cn: cn.to_string(),
        ips: Vec::new(),
        dns: Vec::new(),
        days,
        is_ca: true,
    };
    finish(cert::create(&template, key, None, key))
}

/// Sprig's `getBaseCertTemplate` arguments: cn, ips, dns, daysValid.
fn base_template(args: &[Value]) -> Result<cert::Template, FuncError> {
    let mut ips = Vec::new();
    for ip in list_arg(args, 1) {
        let Some(text) = ip.as_str() else {
            return Err(FuncError::new(format!(
                "error parsing ip: {} is not a string",
                go_v(ip)
            )));
        };
        ips.push(
            parse_ip(text).ok_or_else(|| FuncError::new(format!("error parsing ip: {text}")))?,
        );
    }
    let mut dns = Vec::new();
    for name in list_arg(args, 2) {
        let Some(text) = name.as_str() else {
            return Err(FuncError::new(format!(
                "error processing alternate dns name: {} is not a string",
                go_v(name)
            )));
        };
        dns.push(text.to_string());
    }
    Ok(cert::Template {
        cn: str_arg(args, 0)?.to_string(),
        ips,
        dns,
        days: int_arg(args, 3)?,
        is_ca: false,
    })
}

fn go_v(value: &Value) -> String {
    let mut out = String::new();
    crate::value::fmt::write_v(&mut out, value);
    out
}

/// Go's `net.ParseIP` in the wire form x509 writes: 4 bytes for IPv4 and
/// IPv4-mapped IPv6 (`To4`), else 16.
fn parse_ip(text: &str) -> Option<Vec<u8>> {
    if let Ok(v4) = text.parse::<std::net::Ipv4Addr>() {
        return Some(v4.octets().to_vec());
    }
    let v6 = text.parse::<std::net::Ipv6Addr>().ok()?;
    Some(match v6.to_ipv4_mapped() {
        Some(v4) => v4.octets().to_vec(),
        None => v6.octets().to_vec(),
    })
}

/// `genSignedCert*`: args are cn, ips, dns, days, ca (, key PEM).
fn gen_signed(args: &[Value], key: &PrivateKey) -> Result<Value, FuncError> {
    let ca = args
        .get(4)
        .and_then(Value::as_object)
        .and_then(|o| o.as_any().downcast_ref::<Certificate>())
        .ok_or_else(|| FuncError::new("expected sprig.certificate"))?;
    let parent = cert::parse_parent(&ca.cert).map_err(FuncError)?;
    let signer = keys::parse_pem(&ca.key)
        .map_err(|e| FuncError::new(format!("error parsing private key: {e}")))?;
    let template = base_template(args)?;
    finish(cert::create(&template, key, Some(&parent), &signer))
}

/// Sprig's `buildCustomCertificate`: validates base64 PEM inputs and wraps
/// them unchanged.
fn build_custom_cert(b64cert: &str, b64key: &str) -> Result<Value, FuncError> {
    let cert = base64::decode(b64cert.as_bytes())
        .map_err(|_| FuncError::new("unable to decode base64 certificate"))?;
    let key = base64::decode(b64key.as_bytes())
        .map_err(|_| FuncError::new("unable to decode base64 private key"))?;
    let block = pem::decode(&cert).ok_or_else(|| FuncError::new("unable to decode certificate"))?;
    cert::parse_der(&block.bytes).map_err(|e| {
        FuncError::new(format!("error parsing certificate: decodedCert.Bytes: {e}"))
    })?;
    let key = String::from_utf8_lossy(&key).into_owned();
    keys::parse_pem(&key).map_err(|e| FuncError::new(format!("error parsing private key: {e}")))?;
    Ok(Value::Object(Arc::new(Certificate {
        cert: String::from_utf8_lossy(&cert).into_owned(),
        key,
    })))
}

/// Sprig's AES key: the password's bytes, zero-padded or cut to 32.
fn aes_key(password: &str) -> aes::Aes256 {
    let mut key = [0u8; 32];
    let bytes = password.as_bytes();
    let n = bytes.len().min(32);
    key[..n].copy_from_slice(&bytes[..n]);
    aes::Aes256::new(GenericArray::from_slice(&key))
}

/// Sprig's `encryptAES`: AES-256-CBC, PKCS#7 padding, random IV in front,
/// standard base64. An empty plaintext gives "".
fn encrypt_aes(password: &str, plaintext: &str) -> String {
    if plaintext.is_empty() {
        return String::new();
    }
    let cipher = aes_key(password);
    let mut content = plaintext.as_bytes().to_vec();
    let pad = 16 - content.len() % 16;
    content.extend(std::iter::repeat_n(pad as u8, pad));
    let mut out = vec![0u8; 16];
    OsRng.fill_bytes(&mut out);
    let mut prev = [0u8; 16];
    prev.copy_from_slice(&out);
    for chunk in content.chunks(16) {
        let mut block = GenericArray::clone_from_slice(chunk);
        for (b, p) in block.iter_mut().zip(prev) {
            *b ^= p;
        }
        cipher.encrypt_block(&mut block);
        prev.copy_from_slice(&block);
        out.extend_from_slice(&block);
    }
    crate::funcs::random::base64_std(&out)
}

/// Sprig's `decryptAES`, including the Go runtime panics it raises on bad
/// input (they surface as the function's error). The padding is not
/// checked: only the last byte says how much to cut.
fn decrypt_aes(password: &str, crypt64: &str) -> Result<String, FuncError> {
    if crypt64.is_empty() {
        return Ok(String::new());
    }
    let crypt = base64::decode(crypt64.as_bytes()).map_err(|e| FuncError::new(e.to_string()))?;
    if crypt.len() < 16 {
        // The capacity Go's DecodeString allocated: DecodedLen(len(s)).
        return Err(FuncError::new(format!(
            "runtime error: slice bounds out of range [:16] with capacity {}",
            crypt64.len() / 4 * 3
        )));
    }
    let (iv, body) = crypt.split_at(16);
    if body.len() % 16 != 0 {
        return Err(FuncError::new("crypto/cipher: input not full blocks"));
    }
    let cipher = aes_key(password);
    let mut prev = [0u8; 16];
    prev.copy_from_slice(iv);
    let mut plain = Vec::with_capacity(body.len());
    for chunk in body.chunks(16) {
        let mut block = GenericArray::clone_from_slice(chunk);
        cipher.decrypt_block(&mut block);
        for (b, p) in block.iter_mut().zip(prev) {
            *b ^= p;
        }
        prev.copy_from_slice(chunk);
        plain.extend_from_slice(&block);
    }
    let Some(&last) = plain.last() else {
        return Err(FuncError::new("runtime error: index out of range [-1]"));
    };
    let keep = plain.len() as i64 - i64::from(last);
    if keep < 0 {
        return Err(FuncError::new(format!(
            "runtime error: slice bounds out of range [:{keep}]"
        )));
    }
    plain.truncate(keep as usize);
    // A Go string may hold any bytes; ours must be UTF-8.
    Ok(String::from_utf8_lossy(&plain).into_owned())
}

#[cfg(test)]
mod tests;
