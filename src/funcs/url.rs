//! Sprig's `urlParse` and `urlJoin`: Go `net/url` parsing and printing
//! (`Parse`, `URL.String`, `Hostname`, `Userinfo.String`) as far as those
//! two functions expose them.

use std::collections::BTreeMap;

use crate::funcs::strings::{go_quote, go_string, str_arg};
use crate::template::func::{FuncError, Function, Param};
use crate::value::Value;

/// The URL functions.
pub(crate) fn functions() -> Vec<Function> {
    vec![
        Function::new("urlParse", &[Param::String], |a| url_parse(str_arg(a, 0))),
        // Helm replaces Sprig's DNS lookup with one that returns "" unless
        // `--enable-dns` is given (pkg/engine/engine.go); we never resolve.
        Function::new("getHostByName", &[Param::String], |_| Ok(Value::from(""))),
        Function::new("urlJoin", &[Param::Map], |a| {
            let map = a
                .first()
                .and_then(Value::as_map)
                .map(|m| m.snapshot())
                .unwrap_or_default();
            url_join(&map).map(Value::from)
        }),
    ]
}

/// Which part of a URL is escaped or unescaped (Go's `encoding` modes).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Path,
    Host,
    Zone,
    UserPassword,
    Fragment,
}

/// A parsed URL, with Go's field names.
#[derive(Default, Debug, PartialEq)]
struct Url {
    scheme: String,
    opaque: String,
    user: Option<(String, Option<String>)>,
    host: String,
    path: String,
    raw_query: String,
    force_query: bool,
    fragment: String,
    omit_host: bool,
}

fn should_escape(c: u8, mode: Mode) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if matches!(mode, Mode::Host | Mode::Zone)
        && matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
        )
    {
        return false;
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => return false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => match mode {
            Mode::Path => return c == b'?',
            Mode::UserPassword => return matches!(c, b'@' | b'/' | b'?' | b':'),
            Mode::Fragment => return false,
            Mode::Host | Mode::Zone => {}
        },
        _ => {}
    }
    if mode == Mode::Fragment && matches!(c, b'!' | b'(' | b')' | b'*') {
        return false;
    }
    true
}

/// Go `escape` (never the query-component mode, which these functions do not use).
fn escape(s: &str, mode: Mode) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if should_escape(b, mode) {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(char::from(b));
        }
    }
    out
}

/// Go `unescape` with its `invalid URL escape` and host checks.
fn unescape(s: &str, mode: Mode) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' => {
                if i + 2 >= b.len()
                    || !b[i + 1].is_ascii_hexdigit()
                    || !b[i + 2].is_ascii_hexdigit()
                {
                    let end = (i + 3).min(b.len());
                    return Err(format!(
                        "invalid URL escape {}",
                        go_quote(&lossy(&b[i..end]))
                    ));
                }
                let v = hex(b[i + 1]) << 4 | hex(b[i + 2]);
                let text = &b[i..i + 3];
                if mode == Mode::Host && hex(b[i + 1]) < 8 && text != b"%25" {
                    return Err(format!("invalid URL escape {}", go_quote(&lossy(text))));
                }
                if mode == Mode::Zone && text != b"%25" && v != b' ' && should_escape(v, Mode::Host)
                {
                    return Err(format!("invalid URL escape {}", go_quote(&lossy(text))));
                }
                out.push(v);
                i += 3;
            }
            c => {
                if matches!(mode, Mode::Host | Mode::Zone) && c < 0x80 && should_escape(c, mode) {
                    return Err(format!(
                        "invalid character {} in host name",
                        go_quote(&lossy(&b[i..=i]))
                    ));
                }
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(lossy(&out))
}

fn lossy(b: &[u8]) -> String {
    go_string(b)
}

fn hex(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

fn valid_optional_port(port: &str) -> bool {
    match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => digits.bytes().all(|c| c.is_ascii_digit()),
    }
}

/// Go `parseHost`.
fn parse_host(host: &str) -> Result<String, String> {
    if host.starts_with('[') {
        let Some(i) = host.rfind(']') else {
            return Err("missing ']' in host".to_string());
        };
        let colon_port = &host[i + 1..];
        if !valid_optional_port(colon_port) {
            return Err(format!("invalid port {} after host", go_quote(colon_port)));
        }
        if let Some(zone) = host[..i].find("%25") {
            let a = unescape(&host[..zone], Mode::Host)?;
            let b = unescape(&host[zone..i], Mode::Zone)?;
            let c = unescape(&host[i..], Mode::Host)?;
            return Ok(a + &b + &c);
        }
    } else if let Some(i) = host.rfind(':') {
        let colon_port = &host[i..];
        if !valid_optional_port(colon_port) {
            return Err(format!("invalid port {} after host", go_quote(colon_port)));
        }
    }
    unescape(host, Mode::Host)
}

type User = Option<(String, Option<String>)>;

/// Go `parseAuthority`: userinfo before the last `@`, then the host.
fn parse_authority(authority: &str) -> Result<(User, String), String> {
    let at = authority.rfind('@');
    let host = parse_host(at.map_or(authority, |i| &authority[i + 1..]))?;
    let Some(i) = at else {
        return Ok((None, host));
    };
    let userinfo = &authority[..i];
    let valid = userinfo
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._:~!$&'()*+,;=%@".contains(c));
    if !valid {
        return Err("net/url: invalid userinfo".to_string());
    }
    let user = match userinfo.split_once(':') {
        None => (unescape(userinfo, Mode::UserPassword)?, None),
        Some((name, password)) => (
            unescape(name, Mode::UserPassword)?,
            Some(unescape(password, Mode::UserPassword)?),
        ),
    };
    Ok((Some(user), host))
}

/// Go `getScheme`.
fn get_scheme(raw: &str) -> Result<(&str, &str), String> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                if i == 0 {
                    return Ok(("", raw));
                }
            }
            b':' => {
                if i == 0 {
                    return Err("missing protocol scheme".to_string());
                }
                return Ok((&raw[..i], &raw[i + 1..]));
            }
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

/// Go `url.parse(rawURL, viaRequest=false)`.
fn parse_no_fragment(raw: &str) -> Result<Url, String> {
    if raw.bytes().any(|b| b < b' ' || b == 0x7f) {
        return Err("net/url: invalid control character in URL".to_string());
    }
    let mut url = Url::default();
    if raw == "*" {
        url.path = "*".to_string();
        return Ok(url);
    }
    let (scheme, rest) = get_scheme(raw)?;
    url.scheme = scheme.to_ascii_lowercase();
    let mut rest = rest;
    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        url.force_query = true;
        rest = &rest[..rest.len() - 1];
    } else if let Some((before, query)) = rest.split_once('?') {
        url.raw_query = query.to_string();
        rest = before;
    }
    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            url.opaque = rest.to_string();
            return Ok(url);
        }
        if rest.split('/').next().is_some_and(|seg| seg.contains(':')) {
            return Err("first path segment in URL cannot contain colon".to_string());
        }
    }
    let mut path = rest;
    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let authority_and_path = &rest[2..];
        let (authority, p) = match authority_and_path.find('/') {
            Some(i) => (&authority_and_path[..i], &authority_and_path[i..]),
            None => (authority_and_path, ""),
        };
        let (user, host) = parse_authority(authority)?;
        url.user = user;
        url.host = host;
        path = p;
    } else if !url.scheme.is_empty() && rest.starts_with('/') {
        url.omit_host = true;
    }
    url.path = unescape(path, Mode::Path)?;
    Ok(url)
}

/// Go `url.Parse`, with its error as `url.Error` prints it.
fn parse(raw: &str) -> Result<Url, String> {
    let (u, frag) = raw.split_once('#').unwrap_or((raw, ""));
    let mut url = parse_no_fragment(u).map_err(|e| format!("parse {}: {e}", go_quote(u)))?;
    if !frag.is_empty() {
        url.fragment =
            unescape(frag, Mode::Fragment).map_err(|e| format!("parse {}: {e}", go_quote(raw)))?;
    }
    Ok(url)
}

/// Go `URL.Hostname`: the host without port and IPv6 brackets.
fn hostname(host: &str) -> &str {
    let mut h = host;
    if let Some(colon) = h.rfind(':') {
        if valid_optional_port(&h[colon..]) {
            h = &h[..colon];
        }
    }
    if h.starts_with('[') && h.ends_with(']') && h.len() >= 2 {
        h = &h[1..h.len() - 1];
    }
    h
}

/// Go `Userinfo.String`.
fn user_string(user: &(String, Option<String>)) -> String {
    let mut s = escape(&user.0, Mode::UserPassword);
    if let Some(password) = &user.1 {
        s.push(':');
        s.push_str(&escape(password, Mode::UserPassword));
    }
    s
}

/// Sprig `urlParse`; a parse error panics, which the engine reports.
fn url_parse(raw: &str) -> Result<Value, FuncError> {
    let url = parse(raw).map_err(|e| FuncError::new(format!("unable to parse url: {e}")))?;
    let mut m = BTreeMap::new();
    let mut put = |k: &str, v: &str| {
        m.insert(k.to_string(), Value::from(v));
    };
    put("scheme", &url.scheme);
    put("host", &url.host);
    put("hostname", hostname(&url.host));
    put("path", &url.path);
    put("query", &url.raw_query);
    put("opaque", &url.opaque);
    put("fragment", &url.fragment);
    put(
        "userinfo",
        &url.user.as_ref().map(user_string).unwrap_or_default(),
    );
    Ok(Value::map(m))
}

/// Go `URL.String`.
fn url_string(u: &Url) -> String {
    let mut buf = String::new();
    if !u.scheme.is_empty() {
        buf.push_str(&u.scheme);
        buf.push(':');
    }
    if !u.opaque.is_empty() {
        buf.push_str(&u.opaque);
    } else {
        let has_authority = !u.scheme.is_empty() || !u.host.is_empty() || u.user.is_some();
        let omitted = u.omit_host && u.host.is_empty() && u.user.is_none();
        if has_authority && !omitted {
            if !u.host.is_empty() || !u.path.is_empty() || u.user.is_some() {
                buf.push_str("//");
            }
            if let Some(user) = &u.user {
                buf.push_str(&user_string(user));
                buf.push('@');
            }
            buf.push_str(&escape(&u.host, Mode::Host));
        }
        let path = if u.path == "*" {
            "*".to_string()
        } else {
            escape(&u.path, Mode::Path)
        };
        if !path.is_empty() && !path.starts_with('/') && !u.host.is_empty() {
            buf.push('/');
        }
        if buf.is_empty() && path.split('/').next().is_some_and(|seg| seg.contains(':')) {
            buf.push_str("./");
        }
        buf.push_str(&path);
    }
    if u.force_query || !u.raw_query.is_empty() {
        buf.push('?');
        buf.push_str(&u.raw_query);
    }
    if !u.fragment.is_empty() {
        buf.push('#');
        buf.push_str(&escape(&u.fragment, Mode::Fragment));
    }
    buf
}

/// Sprig `dictGetOrEmpty`: a string entry, "" when absent; any other type panics.
fn get_or_empty(d: &BTreeMap<String, Value>, key: &str) -> Result<String, FuncError> {
    match d.get(key) {
        None => Ok(String::new()),
        Some(Value::String(s)) => Ok(s.to_string()),
        // reflect.TypeOf(nil).Kind() dereferences a nil Type.
        Some(Value::Nil) => Err(FuncError::new(
            "runtime error: invalid memory address or nil pointer dereference",
        )),
        Some(other) => Err(FuncError::new(format!(
            "unable to parse {key} key, must be of type string, but {} found",
            other.kind_name()
        ))),
    }
}

/// Sprig `urlJoin`.
fn url_join(d: &BTreeMap<String, Value>) -> Result<String, FuncError> {
    let mut u = Url {
        scheme: get_or_empty(d, "scheme")?,
        host: get_or_empty(d, "host")?,
        path: get_or_empty(d, "path")?,
        raw_query: get_or_empty(d, "query")?,
        opaque: get_or_empty(d, "opaque")?,
        fragment: get_or_empty(d, "fragment")?,
        ..Url::default()
    };
    let userinfo = get_or_empty(d, "userinfo")?;
    if !userinfo.is_empty() {
        let parsed = parse(&format!("proto://{userinfo}@host"))
            .map_err(|e| FuncError::new(format!("unable to parse userinfo in dict: {e}")))?;
        u.user = parsed.user;
    }
    Ok(url_string(&u))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_then_join_round_trips() {
        let cases = [
            "https://user:pa%20ss@example.com:8443/a%20b/c?x=1&y=2#frag%21",
            "mailto:joe@example.com",
            "/relative/path?q",
            "//host.only",
            "http://[::1]:80/x",
            "file:///etc/hosts",
        ];
        for raw in cases {
            let parsed = url_parse(raw).unwrap_or_default();
            let map = parsed.as_map().map(|m| m.snapshot()).unwrap_or_default();
            assert!(url_join(&map).is_ok(), "{raw}");
        }
        let got = url_parse("https://u:p@h.io:8/p?q=1#f")
            .unwrap_or_default()
            .to_go_string();
        assert_eq!(
            got,
            "map[fragment:f host:h.io:8 hostname:h.io opaque: path:/p query:q=1 scheme:https userinfo:u:p]"
        );
    }

    fn dict(entries: &[(&str, &str)]) -> BTreeMap<String, Value> {
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), Value::from(*v)))
            .collect()
    }

    #[test]
    fn join_matches_helm() {
        let cases: Vec<(BTreeMap<String, Value>, &str)> = vec![
            (
                dict(&[
                    ("scheme", "https"),
                    ("host", "example.com:8443"),
                    ("path", "/a b/c"),
                    ("query", "x=1"),
                    ("fragment", "f g!(x)'"),
                    ("userinfo", "u:p@w"),
                ]),
                "https://u:p%40w@example.com:8443/a%20b/c?x=1#f%20g!(x)%27",
            ),
            (
                dict(&[("scheme", "mailto"), ("opaque", "joe@example.com")]),
                "mailto:joe@example.com",
            ),
            (dict(&[("path", "a:b/c")]), "./a:b/c"),
            (dict(&[("host", "h"), ("path", "rel")]), "//h/rel"),
            (dict(&[]), ""),
            (
                dict(&[("scheme", "http"), ("path", "/x?y")]),
                "http:///x%3Fy",
            ),
            (
                dict(&[("scheme", "http"), ("host", "h"), ("query", "")]),
                "http://h",
            ),
            (dict(&[("userinfo", "me")]), "//me@"),
            (
                dict(&[("scheme", "http"), ("host", "[::1]:80"), ("path", "/ü")]),
                "http://[::1]:80/%C3%BC",
            ),
            (dict(&[("scheme", "http"), ("host", "a b")]), "http://a%20b"),
        ];
        for (d, want) in cases {
            assert_eq!(url_join(&d), Ok(want.to_string()), "{d:?}");
        }
        let parsed = url_parse("https://u:p@h.io:8/p%2Fq?q=1#f").unwrap_or_default();
        assert_eq!(
            url_join(&parsed.as_map().map(|m| m.snapshot()).unwrap_or_default()),
            Ok("https://u:p@h.io:8/p/q?q=1#f".to_string())
        );
        let mut bad = BTreeMap::new();
        bad.insert("host".to_string(), Value::Int(5));
        assert_eq!(
            url_join(&bad),
            Err(FuncError::new(
                "unable to parse host key, must be of type string, but int found"
            ))
        );
        bad.insert("host".to_string(), Value::Nil);
        assert_eq!(
            url_join(&bad),
            Err(FuncError::new(
                "runtime error: invalid memory address or nil pointer dereference"
            ))
        );
    }

    #[test]
    fn parse_matches_helm() {
        let cases = [
            (
                "https://user:pa%20ss@example.com:8443/a%20b/c?x=1&y=2#frag%21",
                "map[fragment:frag! host:example.com:8443 hostname:example.com opaque: path:/a b/c query:x=1&y=2 scheme:https userinfo:user:pa%20ss]",
            ),
            (
                "mailto:joe@example.com",
                "map[fragment: host: hostname: opaque:joe@example.com path: query: scheme:mailto userinfo:]",
            ),
            (
                "//host.only",
                "map[fragment: host:host.only hostname:host.only opaque: path: query: scheme: userinfo:]",
            ),
            (
                "http://[::1]:80/x",
                "map[fragment: host:[::1]:80 hostname:::1 opaque: path:/x query: scheme:http userinfo:]",
            ),
            (
                "",
                "map[fragment: host: hostname: opaque: path: query: scheme: userinfo:]",
            ),
            (
                "HTTP://Example.COM/",
                "map[fragment: host:Example.COM hostname:Example.COM opaque: path:/ query: scheme:http userinfo:]",
            ),
            (
                "x?a=%zz#%41",
                "map[fragment:A host: hostname: opaque: path:x query:a=%zz scheme: userinfo:]",
            ),
            (
                "http://h:/",
                "map[fragment: host:h: hostname:h opaque: path:/ query: scheme:http userinfo:]",
            ),
            (
                "*",
                "map[fragment: host: hostname: opaque: path:* query: scheme: userinfo:]",
            ),
        ];
        for (raw, want) in cases {
            assert_eq!(
                url_parse(raw).unwrap_or_default().to_go_string(),
                want,
                "{raw}"
            );
        }
        let more = [
            (
                "1a:b",
                "parse \"1a:b\": first path segment in URL cannot contain colon",
            ),
            (
                "http://h/\u{1}",
                "parse \"http://h/\\x01\": net/url: invalid control character in URL",
            ),
            (
                "http://h/#%zz",
                "parse \"http://h/#%zz\": invalid URL escape \"%zz\"",
            ),
            (
                "http://h:x/",
                "parse \"http://h:x/\": invalid port \":x\" after host",
            ),
        ];
        for (raw, want) in more {
            assert_eq!(
                url_parse(raw).map(|_| ()),
                Err(FuncError::new(format!("unable to parse url: {want}"))),
                "{raw}"
            );
        }
    }

    #[test]
    fn errors_match_go() {
        assert_eq!(
            url_parse("http://a b.com/").map(|_| ()),
            Err(FuncError::new(
                "unable to parse url: parse \"http://a b.com/\": invalid character \" \" in host name"
            ))
        );
        assert_eq!(
            url_parse(":x").map(|_| ()),
            Err(FuncError::new(
                "unable to parse url: parse \":x\": missing protocol scheme"
            ))
        );
        assert_eq!(
            url_parse("%zz").map(|_| ()),
            Err(FuncError::new(
                "unable to parse url: parse \"%zz\": invalid URL escape \"%zz\""
            ))
        );
    }
}
