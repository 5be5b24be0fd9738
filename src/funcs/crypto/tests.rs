//! Unit tests for the crypto functions; expectations from Helm 3.17.3 (the
//! same values are in tests/golden/fn-crypto).

use super::*;

fn call(name: &str, args: &[Value]) -> Result<Value, FuncError> {
    let f = functions().into_iter().find(|f| f.name == name).unwrap();
    (f.call)(args)
}

fn s(v: &str) -> Value {
    Value::str(v)
}

fn text(v: Result<Value, FuncError>) -> String {
    v.unwrap().as_str().unwrap().to_string()
}

fn cert_of(v: &Value) -> &Certificate {
    v.as_object()
        .unwrap()
        .as_any()
        .downcast_ref::<Certificate>()
        .unwrap()
}

#[test]
fn derive_password_matches_helm() {
    let table: &[(u32, &str, &str, &str, &str, &str)] = &[
        (
            1,
            "long",
            "password",
            "user",
            "example.com",
            "ZedaFaxcZaso9*",
        ),
        (
            1,
            "maximum",
            "password",
            "user",
            "example.com",
            "pf4zS1LjCg&LjhsZ7T2~",
        ),
        (1, "medium", "password", "user", "example.com", "ZedJuz8$"),
        (1, "short", "password", "user", "example.com", "Zed5"),
        (1, "basic", "password", "user", "example.com", "pIS54PLs"),
        (1, "pin", "password", "user", "example.com", "6685"),
        (0, "long", "secret", "alice", "site.org", "WefuQift4-Kapa"),
        (
            3,
            "maximum",
            "secret",
            "alice",
            "site.org",
            "D4,bqGk^ySbrx1B!afDE",
        ),
        (
            u32::MAX,
            "medium",
            "secret",
            "alice",
            "site.org",
            "BunNak4#",
        ),
        (
            1,
            "long",
            "pässwörd",
            "üser",
            "exämple.com",
            "RipaNabw7+Xoxe",
        ),
        (7, "basic", "", "", "", "Rrv4pWi9"),
        (2, "long", "secret", "alice", "site.org", "DuxaKokv2]Nayo"),
        (1, "pin", "☃", "日本", "x", "6549"),
        (1, "long", "hunter2", "bob", "k8s.local", "Padw2&YahiToty"),
        (1, "long", "p", "u", "s", "Rude2$QafoJela"),
        (1, "", "p", "u", "s", "cannot find password template "),
        (
            1,
            "bogus",
            "p",
            "u",
            "s",
            "cannot find password template bogus",
        ),
    ];
    for &(counter, kind, pw, user, site, want) in table {
        assert_eq!(
            derive_password(counter, kind, pw, user, site),
            want,
            "{kind} {counter}"
        );
    }
    // An int constant too big for uint32 wraps, as reflect.SetUint does.
    let wrapped = call(
        "derivePassword",
        &[Value::Int(4_294_967_296), s("long"), s("p"), s("u"), s("s")],
    );
    assert_eq!(text(wrapped), "WupeHanuFiyi6@");
}

#[test]
fn aes_decrypts_helm_ciphertexts() {
    let table = [
        (
            "0123456789abcdef0123456789abcdefXYZ",
            "EIBJxxjvdwbeUEOl5Gq53Wypc+JslpScfUerP6DV71A=",
            "hello world",
        ),
        ("", "zTytKMUw76XfN1j0S1jpDQbWS+KetzctPaLxRmAsaqQ=", "x"),
        (
            "pw",
            "xiY37tYc0YVuitWJxBi9l3r8PcqhSOglAa1vjEyMuRc2N1iYP2rSfx12WS+/S07L",
            "exactly sixteen!",
        ),
        (
            "ünïcödé",
            "bV1hacTAJZDQAdTPlWVXT3SRl2xulNedCcp1kUb2Suo=",
            "héllo ☃",
        ),
        ("k", "", ""),
    ];
    for (pw, crypt, want) in table {
        assert_eq!(decrypt_aes(pw, crypt).unwrap(), want, "{crypt}");
    }
}

#[test]
fn aes_round_trips() {
    for plain in ["a", "exactly sixteen!", "x".repeat(100).as_str(), "☃☃☃"] {
        let crypt = encrypt_aes("some password", plain);
        // IV + padded blocks, base64.
        let blocks = plain.len() / 16 + 1;
        assert_eq!(crypt.len(), (16 + blocks * 16).div_ceil(3) * 4);
        assert_eq!(decrypt_aes("some password", &crypt).unwrap(), plain);
        assert_ne!(encrypt_aes("some password", plain), crypt, "IV is random");
    }
    assert_eq!(encrypt_aes("k", ""), "");
}

#[test]
fn aes_errors_match_helm() {
    let table = [
        ("abc", "illegal base64 data at input byte 0"),
        ("Zm9vYmFy!!!!", "illegal base64 data at input byte 8"),
        (
            "YW\nJj\nZGVm",
            "runtime error: slice bounds out of range [:16] with capacity 6",
        ),
        (
            "YWJj",
            "runtime error: slice bounds out of range [:16] with capacity 3",
        ),
        (
            "YWJjZGVmZ2hpamtsbW5vcHFy",
            "crypto/cipher: input not full blocks",
        ),
        (
            "YWJjZGVmZ2hpamtsbW5vcA==",
            "runtime error: index out of range [-1]",
        ),
        (
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "runtime error: slice bounds out of range [:-19]",
        ),
    ];
    for (input, want) in table {
        assert_eq!(decrypt_aes("k", input).unwrap_err().0, want, "{input}");
    }
}

#[test]
fn bcrypt_and_htpasswd_shapes() {
    let hash = bcrypt("x");
    assert!(hash.starts_with("$2a$10$"), "{hash}");
    assert_eq!(hash.len(), 60);
    assert!(::bcrypt::verify("x", &hash).unwrap());
    let line = htpasswd("admin", "secret");
    assert!(line.starts_with("admin:$2a$10$"), "{line}");
    assert_eq!(htpasswd("a:b", "c"), "invalid username: a:b");
    assert_eq!(
        bcrypt(&"a".repeat(73)),
        "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
    );
    assert!(bcrypt(&"a".repeat(72)).starts_with("$2a$10$"));
}

#[test]
fn gen_private_key_types() {
    assert_eq!(gen_private_key("bogus"), "Unknown type bogus");
    assert!(gen_private_key("ecdsa").starts_with("-----BEGIN EC PRIVATE KEY-----\n"));
    assert!(gen_private_key("ed25519").starts_with("-----BEGIN PRIVATE KEY-----\n"));
}

/// Writes `pem` to a temp file and runs openssl on it, if openssl exists.
fn openssl(args: &[&str], files: &[(&str, &str)]) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("shipshape-crypto-{}", uuid_like()));
    std::fs::create_dir_all(&dir).ok()?;
    for (name, content) in files {
        std::fs::write(dir.join(name), content).ok()?;
    }
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(&dir)
        .output()
        .ok()?;
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn uuid_like() -> String {
    crate::funcs::random::uuidv4()
}

#[test]
fn ca_and_signed_cert_are_valid_x509() {
    let ca = call("genCA", &[s("my-ca"), Value::Int(365)]).unwrap();
    let ca_cert = cert_of(&ca).clone();
    assert!(ca_cert.cert.starts_with("-----BEGIN CERTIFICATE-----\n"));
    assert!(ca_cert.key.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    let leaf = call(
        "genSignedCert",
        &[
            s("leaf"),
            Value::list(vec![s("10.0.0.1"), s("::1"), s("::ffff:1.2.3.4")]),
            Value::list(vec![s("a.example"), s("b.example")]),
            Value::Int(30),
            ca.clone(),
        ],
    )
    .unwrap();
    let leaf = cert_of(&leaf);

    // Parse both with x509-parser and check what Sprig sets.
    let block = pem::decode(ca_cert.cert.as_bytes()).unwrap();
    let parsed = cert::parse_der(&block.bytes).unwrap();
    assert!(parsed.is_ca());
    assert_eq!(parsed.subject().to_string(), "CN=my-ca");
    assert_eq!(parsed.issuer().to_string(), "CN=my-ca");
    let days = (parsed.validity().not_after.timestamp() - parsed.validity().not_before.timestamp())
        / 86_400;
    assert_eq!(days, 365);

    let block = pem::decode(leaf.cert.as_bytes()).unwrap();
    let parsed = cert::parse_der(&block.bytes).unwrap();
    assert!(!parsed.is_ca());
    assert_eq!(parsed.issuer().to_string(), "CN=my-ca");
    assert!(parsed.tbs_certificate.serial.bits() <= 128);
    let san = parsed.subject_alternative_name().unwrap().unwrap();
    let names: Vec<String> = san
        .value
        .general_names
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(
        names,
        [
            "DNSName(a.example)",
            "DNSName(b.example)",
            "IPAddress(0a:00:00:01)",
            "IPAddress(00:00:00:00:00:00:00:00:00:00:00:00:00:00:00:01)",
            "IPAddress(01:02:03:04)",
        ]
    );

    // openssl agrees the chain verifies and prints Go's extensions.
    let Some(verify) = openssl(
        &["verify", "-CAfile", "ca.pem", "leaf.pem"],
        &[("ca.pem", &ca_cert.cert), ("leaf.pem", &leaf.cert)],
    ) else {
        return;
    };
    assert_eq!(verify.trim(), "leaf.pem: OK");
    let text = openssl(
        &["x509", "-in", "leaf.pem", "-noout", "-text"],
        &[("leaf.pem", &leaf.cert)],
    )
    .unwrap();
    for want in [
        "X509v3 Key Usage: critical\n                Digital Signature, Key Encipherment\n",
        "TLS Web Server Authentication, TLS Web Client Authentication",
        "X509v3 Basic Constraints: critical\n                CA:FALSE",
        "X509v3 Authority Key Identifier",
        "DNS:a.example, DNS:b.example, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:1.2.3.4",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    let key_check = openssl(
        &["rsa", "-in", "k.pem", "-check", "-noout"],
        &[("k.pem", &leaf.key)],
    );
    assert_eq!(key_check.as_deref().map(str::trim), Some("RSA key ok"));
}

#[test]
fn certs_with_ecdsa_and_ed25519_keys() {
    for typ in ["ecdsa", "ed25519"] {
        let key = gen_private_key(typ);
        let c = call(
            "genSelfSignedCertWithKey",
            &[
                s(""),
                Value::Nil,
                Value::list(vec![s("e.example")]),
                Value::Int(1),
                s(&key),
            ],
        )
        .unwrap();
        let c = cert_of(&c);
        assert_eq!(c.key, key, "the key comes back re-encoded identically");
        let block = pem::decode(c.cert.as_bytes()).unwrap();
        let parsed = cert::parse_der(&block.bytes).unwrap();
        // Empty subject: the SAN extension is critical.
        let san = parsed.subject_alternative_name().unwrap().unwrap();
        assert!(san.critical, "{typ}");
        if let Some(out) = openssl(
            &["verify", "-CAfile", "c.pem", "-partial_chain", "c.pem"],
            &[("c.pem", &c.cert)],
        ) {
            assert!(out.contains("OK"), "{typ}: {out}");
        }
        let ca = call("genCAWithKey", &[s("ca"), Value::Int(2), s(&key)]).unwrap();
        assert_eq!(cert_of(&ca).key, key);
        let signed = call(
            "genSignedCertWithKey",
            &[
                s("x"),
                Value::Nil,
                Value::Nil,
                Value::Int(1),
                ca.clone(),
                s(&key),
            ],
        )
        .unwrap();
        if let Some(out) = openssl(
            &["verify", "-CAfile", "ca.pem", "x.pem"],
            &[
                ("ca.pem", &cert_of(&ca).cert),
                ("x.pem", &cert_of(&signed).cert),
            ],
        ) {
            assert!(out.contains("OK"), "{typ}: {out}");
        }
    }
}

#[test]
fn cert_errors_match_helm() {
    let err = |name: &str, args: &[Value]| call(name, args).unwrap_err().0;
    assert_eq!(
        err("genCAWithKey", &[s("x"), Value::Int(1), s("garbage")]),
        "parsing private key: no PEM data in input"
    );
    assert_eq!(
        err(
            "genSelfSignedCert",
            &[
                s("x"),
                Value::list(vec![s("1.2.3")]),
                Value::Nil,
                Value::Int(1)
            ]
        ),
        "error parsing ip: 1.2.3"
    );
    assert_eq!(
        err(
            "genSelfSignedCert",
            &[
                s("x"),
                Value::list(vec![Value::Int(1)]),
                Value::Nil,
                Value::Int(1)
            ]
        ),
        "error parsing ip: 1 is not a string"
    );
    assert_eq!(
        err(
            "genSelfSignedCert",
            &[
                s("x"),
                Value::Nil,
                Value::list(vec![Value::Nil]),
                Value::Int(1)
            ]
        ),
        "error processing alternate dns name: <nil> is not a string"
    );
    assert_eq!(
        err(
            "genSelfSignedCert",
            &[s("x"), Value::Nil, Value::list(vec![s("ü")]), Value::Int(1)]
        ),
        "error creating certificate: x509: \"ü\" cannot be encoded as an IA5String"
    );
    let dsa = PrivateKey::Dsa(der::seq(&[
        &der::uint(&[0]),
        &der::uint(&[1]),
        &der::uint(&[2]),
        &der::uint(&[3]),
        &der::uint(&[4]),
        &der::uint(&[5]),
    ]))
    .to_pem()
    .unwrap();
    assert_eq!(
        err(
            "genSelfSignedCertWithKey",
            &[s("x"), Value::Nil, Value::Nil, Value::Int(1), s(&dsa)]
        ),
        "error creating certificate: x509: certificate private key does not implement crypto.Signer"
    );
    assert_eq!(
        err("buildCustomCert", &[s("x"), s("y")]),
        "unable to decode base64 certificate"
    );
    assert_eq!(
        err("buildCustomCert", &[s("eA=="), s("eA==")]),
        "unable to decode certificate"
    );
    // A CA whose key does not match its certificate.
    let ca = call(
        "genCAWithKey",
        &[s("ca"), Value::Int(1), s(&gen_private_key("ecdsa"))],
    )
    .unwrap();
    let mismatched = Value::Object(Arc::new(Certificate {
        cert: cert_of(&ca).cert.clone(),
        key: gen_private_key("ed25519"),
    }));
    assert_eq!(
        err(
            "genSignedCert",
            &[s("x"), Value::Nil, Value::Nil, Value::Int(1), mismatched]
        ),
        "error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey"
    );
}

#[test]
fn build_custom_cert_round_trips() {
    let ca = call(
        "genCAWithKey",
        &[s("ca"), Value::Int(1), s(&gen_private_key("ed25519"))],
    )
    .unwrap();
    let ca = cert_of(&ca);
    let b64 = |t: &str| s(&crate::funcs::random::base64_std(t.as_bytes()));
    let built = call("buildCustomCert", &[b64(&ca.cert), b64(&ca.key)]).unwrap();
    assert_eq!(cert_of(&built), ca);
    assert_eq!(
        call("buildCustomCert", &[b64(&ca.cert), b64("nope")])
            .unwrap_err()
            .0,
        "error parsing private key: no PEM data in input"
    );
}

#[test]
fn certificate_object_prints_like_go() {
    let c = Certificate {
        cert: "C".into(),
        key: "K".into(),
    };
    let mut out = String::new();
    c.fmt_v(&mut out);
    assert_eq!(out, "{C K}");
    assert_eq!(c.type_name(), "sprig.certificate");
    assert_eq!(c.field("Cert").unwrap().as_str(), Some("C"));
    assert!(c.field("cert").is_none());
    assert_eq!(
        Value::Object(Arc::new(c)).kind_name(),
        "struct",
        "kindOf prints struct"
    );
}

/// The slow key types, once each: RSA 4096 and DSA L2048/N256.
#[test]
fn gen_private_key_rsa_and_dsa() {
    let rsa = gen_private_key("rsa");
    assert!(
        rsa.starts_with("-----BEGIN RSA PRIVATE KEY-----\nMIIJ"),
        "{rsa}"
    );
    assert_eq!(
        keys::parse_pem(&rsa).ok().and_then(|k| k.rsa_bits()),
        Some(4096)
    );
    let dsa = gen_private_key("dsa");
    assert!(
        dsa.starts_with("-----BEGIN DSA PRIVATE KEY-----\n"),
        "{dsa}"
    );
    assert!(dsa.ends_with("\n-----END DSA PRIVATE KEY-----\n"));
    // OpenSSL's traditional DSA format is exactly Sprig's DSAKeyFormat.
    if let Some(out) = openssl(
        &["dsa", "-in", "k.pem", "-noout", "-text"],
        &[("k.pem", &dsa)],
    ) {
        assert!(out.contains("Private-Key: (2048 bit)"), "{out}");
    }
}

#[test]
fn rsa_leaf_signed_by_ecdsa_ca_verifies() {
    let ca = call(
        "genCAWithKey",
        &[s("ec-ca"), Value::Int(3), s(&gen_private_key("ecdsa"))],
    )
    .unwrap();
    let leaf = call(
        "genSignedCert",
        &[
            s("leaf"),
            Value::Nil,
            Value::list(vec![s("l.example")]),
            Value::Int(1),
            ca.clone(),
        ],
    )
    .unwrap();
    assert!(
        cert_of(&leaf)
            .key
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
    );
    if let Some(out) = openssl(
        &["verify", "-CAfile", "ca.pem", "leaf.pem"],
        &[
            ("ca.pem", &cert_of(&ca).cert),
            ("leaf.pem", &cert_of(&leaf).cert),
        ],
    ) {
        assert_eq!(out.trim(), "leaf.pem: OK");
    }
}

/// Arity as Helm reports it (`wrong number of args for NAME: want N`).
#[test]
fn signatures_match_sprig() {
    let all: Vec<Function> = functions()
        .into_iter()
        .chain(crate::funcs::hash::functions())
        .chain(crate::funcs::random::functions())
        .collect();
    let table = [
        ("bcrypt", 1),
        ("htpasswd", 2),
        ("derivePassword", 5),
        ("genPrivateKey", 1),
        ("buildCustomCert", 2),
        ("genCA", 2),
        ("genCAWithKey", 3),
        ("genSelfSignedCert", 4),
        ("genSelfSignedCertWithKey", 5),
        ("genSignedCert", 5),
        ("genSignedCertWithKey", 6),
        ("encryptAES", 2),
        ("decryptAES", 2),
        ("sha1sum", 1),
        ("sha256sum", 1),
        ("sha512sum", 1),
        ("adler32sum", 1),
        ("randAlphaNum", 1),
        ("randAlpha", 1),
        ("randNumeric", 1),
        ("randAscii", 1),
        ("randBytes", 1),
        ("uuidv4", 0),
    ];
    assert_eq!(all.len(), table.len());
    for (name, arity) in table {
        let f = all.iter().find(|f| f.name == name).unwrap();
        assert_eq!(f.params.len(), arity, "{name}");
        assert!(f.variadic.is_none(), "{name}");
    }
}
