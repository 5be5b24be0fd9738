//! TOML as Helm's `toToml` and `fromToml` see it: BurntSushi/toml's
//! encoder layout (plain keys first, then `[table]` and `[[array]]`
//! sections indented two spaces per level) and a decoder giving Go's shapes
//! (`int64`, `float64`, `time.Time`, `[]interface {}`, `map[string]interface {}`).
//!
//! Helm 3.17.3 (BurntSushi v1.4) writes floats with `'f'` (`1000000.0`);
//! Helm 4.1.4 (v1.5) with `'g'` (`1e+06`), hence [`Flavor`].

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Object, Value};

/// Which BurntSushi/toml release to imitate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// Helm 3.17.3.
    Helm3,
    /// Helm 4.1.4.
    Helm4,
}

/// Deepest table nesting encoded before giving up (no stack overflow).
const MAX_DEPTH: usize = super::json::MAX_ENCODE_DEPTH / 2;

/// BurntSushi's `Encoder.Encode(v)` as Helm's `toToml` calls it. A nil
/// argument is the panic Go reports; other failures are BurntSushi's errors.
pub fn to_toml(value: &Value, flavor: Flavor) -> Result<String, String> {
    let value = plain(value);
    let mut enc = Encoder {
        out: String::new(),
        flavor,
    };
    match &value {
        Value::Nil => return Err("reflect: call of reflect.Value.Type on zero Value".to_string()),
        Value::Map(m) => enc.map_body(&[], &m.entries(), 0)?,
        // An array of tables needs a key to hang its `[[...]]` headers on.
        other if kind(other)? == Kind::ArrayOfTables => {
            return Err("toml: top-level values must be Go maps or structs".to_string());
        }
        // Any other top-level non-table is written as a bare element.
        other => enc.element(other, 0)?,
    }
    Ok(enc.out)
}

/// Objects become their plain data, as Go's reflection would walk them.
fn plain(value: &Value) -> Value {
    match value {
        Value::Object(o) => o.to_data(),
        other => other.clone(),
    }
}

/// TOML's value classes, as BurntSushi's `tomlTypeOfGo` sees them.
#[derive(PartialEq)]
enum Kind {
    Nil,
    Plain,
    Table,
    ArrayOfTables,
}

fn kind(value: &Value) -> Result<Kind, String> {
    Ok(match value {
        Value::Nil => Kind::Nil,
        Value::Map(_) => Kind::Table,
        Value::List(l) => {
            if l.items.iter().any(|v| matches!(v, Value::Nil)) {
                return Err("toml: cannot encode array with nil element".to_string());
            }
            if !l.items.is_empty() && l.items.iter().all(|v| matches!(plain(v), Value::Map(_))) {
                Kind::ArrayOfTables
            } else {
                Kind::Plain
            }
        }
        Value::Object(o) => kind(&o.to_data())?,
        _ => Kind::Plain,
    })
}

struct Encoder {
    out: String,
    flavor: Flavor,
}

/// BurntSushi's bare keys: `A-Za-z0-9_-`, at least one character.
fn is_bare(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn quoted_key(key: &str) -> Cow<'_, str> {
    if is_bare(key) {
        Cow::Borrowed(key)
    } else {
        Cow::Owned(quote(key))
    }
}

/// A basic string: `"`, `\` and control characters escaped.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dotted(path: &[&str]) -> String {
    path.iter()
        .map(|k| quoted_key(k))
        .collect::<Vec<_>>()
        .join(".")
}

impl Encoder {
    fn newline(&mut self) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
    }

    fn indent(&mut self, path_len: usize) {
        for _ in 1..path_len {
            self.out.push_str("  ");
        }
    }

    /// `eMap`: direct keys, then tables, each group sorted.
    fn map_body(
        &mut self,
        path: &[&str],
        entries: &BTreeMap<String, Value>,
        depth: usize,
    ) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("toml: nesting too deep".to_string());
        }
        let mut subs: Vec<(&String, Value, Kind)> = Vec::new();
        for (key, value) in entries {
            let value = plain(value);
            let k = kind(&value)?;
            match k {
                Kind::Nil => {}
                Kind::Plain => {
                    let mut full: Vec<&str> = path.to_vec();
                    full.push(key);
                    self.indent(full.len());
                    self.out.push_str(&quoted_key(key));
                    self.out.push_str(" = ");
                    self.element(&value, depth + 1)?;
                    self.out.push('\n');
                }
                Kind::Table | Kind::ArrayOfTables => subs.push((key, value, k)),
            }
        }
        for (key, value, k) in subs {
            let mut full: Vec<&str> = path.to_vec();
            full.push(key);
            match (&value, k) {
                (Value::Map(m), Kind::Table) => {
                    if full.len() == 1 {
                        self.newline();
                    }
                    self.indent(full.len());
                    self.out.push('[');
                    self.out.push_str(&dotted(&full));
                    self.out.push_str("]\n");
                    self.map_body(&full, &m.entries(), depth + 1)?;
                }
                (Value::List(l), _) => {
                    for item in &l.items {
                        if let Value::Map(m) = plain(item) {
                            self.newline();
                            self.indent(full.len());
                            self.out.push_str("[[");
                            self.out.push_str(&dotted(&full));
                            self.out.push_str("]]\n");
                            self.map_body(&full, &m.entries(), depth + 1)?;
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// `eElement`: a value written inline.
    fn element(&mut self, value: &Value, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err("toml: nesting too deep".to_string());
        }
        match value {
            Value::Nil => return Err("toml: cannot encode array with nil element".to_string()),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) | Value::Int64(i) => self.out.push_str(&i.to_string()),
            Value::Float(f) => self.out.push_str(&self.float(*f)),
            Value::String(s) => self.out.push_str(&quote(s)),
            Value::Bytes(b) => {
                // A []byte is a slice of integers to reflection.
                self.out.push('[');
                for (i, x) in b.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str(&x.to_string());
                }
                self.out.push(']');
            }
            Value::List(l) => {
                kind(value)?;
                self.out.push('[');
                for (i, item) in l.items.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.element(item, depth + 1)?;
                }
                self.out.push(']');
            }
            Value::Map(m) => {
                // Inline table: direct keys first, then tables.
                let mut direct = Vec::new();
                let mut subs = Vec::new();
                let entries = m.snapshot();
                for (k, v) in &entries {
                    let v = plain(v);
                    match kind(&v)? {
                        Kind::Nil => {}
                        Kind::Plain => direct.push((k, v)),
                        _ => subs.push((k, v)),
                    }
                }
                self.out.push('{');
                for (i, (k, v)) in direct.iter().chain(subs.iter()).enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str(&quoted_key(k));
                    self.out.push_str(" = ");
                    self.element(v, depth + 1)?;
                }
                self.out.push('}');
            }
            Value::Object(o) => {
                let data = o.to_data();
                self.element(&data, depth + 1)?;
            }
        }
        Ok(())
    }

    fn float(&self, f: f64) -> String {
        if f.is_nan() {
            return "nan".to_string();
        }
        if f.is_infinite() {
            return if f < 0.0 { "-inf" } else { "inf" }.to_string();
        }
        let s = match self.flavor {
            Flavor::Helm3 => super::printf::format_float(f, 'f', -1),
            Flavor::Helm4 => super::printf::format_float(f, 'g', -1),
        };
        if s.contains('.') || s.contains('e') {
            s
        } else {
            s + ".0"
        }
    }
}

/// A TOML date-time, which Go decodes as a `time.Time`.
#[derive(Debug)]
struct TomlTime {
    /// RFC 3339 form, as `encoding/json` writes the `time.Time`.
    rfc3339: String,
    /// Go's `Time.String()` form.
    display: String,
}

impl Object for TomlTime {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed("time.Time")
    }

    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    fn fmt_v(&self, out: &mut String) {
        out.push_str(&self.display);
    }

    fn to_data(&self) -> Value {
        Value::str(self.rfc3339.as_str())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The Go `time.Time` BurntSushi makes of a TOML date-time: local forms get
/// UTC offsets with the zone names `datetime-local`, `date-local`, `time-local`.
fn datetime(dt: &toml::value::Datetime) -> Value {
    let (y, mo, d) = dt
        .date
        .map(|d| (i64::from(d.year), d.month, d.day))
        .unwrap_or((0, 1, 1));
    let (h, mi, s, ns) = dt
        .time
        .map(|t| {
            (
                t.hour,
                t.minute,
                t.second.unwrap_or(0),
                t.nanosecond.unwrap_or(0),
            )
        })
        .unwrap_or((0, 0, 0, 0));
    let (offset_min, zone): (i32, Option<&str>) = match dt.offset {
        Some(toml::value::Offset::Z) => (0, Some("UTC")),
        Some(toml::value::Offset::Custom { minutes }) => (i32::from(minutes), None),
        None => (
            0,
            Some(match (dt.date.is_some(), dt.time.is_some()) {
                (true, true) => "datetime-local",
                (true, false) => "date-local",
                _ => "time-local",
            }),
        ),
    };
    let frac = if ns == 0 {
        String::new()
    } else {
        let f = format!(".{ns:09}");
        f.trim_end_matches('0').to_string()
    };
    let sign = if offset_min < 0 { '-' } else { '+' };
    let oh = offset_min.unsigned_abs() / 60;
    let om = offset_min.unsigned_abs() % 60;
    let rfc_zone = if offset_min == 0 {
        "Z".to_string()
    } else {
        format!("{sign}{oh:02}:{om:02}")
    };
    let rfc3339 = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{rfc_zone}");
    let num_zone = format!("{sign}{oh:02}{om:02}");
    let display = format!(
        "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}{frac} {num_zone} {}",
        zone.map(str::to_string).unwrap_or_else(|| num_zone.clone())
    );
    Value::Object(Arc::new(TomlTime { rfc3339, display }))
}

fn convert(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::from(s),
        toml::Value::Integer(i) => Value::Int64(i),
        toml::Value::Float(f) => Value::Float(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(dt) => datetime(&dt),
        toml::Value::Array(items) => Value::list(items.into_iter().map(convert).collect()),
        toml::Value::Table(t) => Value::map(t.into_iter().map(|(k, v)| (k, convert(v))).collect()),
    }
}

/// BurntSushi's `toml.Unmarshal` into `map[string]interface {}`, as Helm's
/// `fromToml` calls it. Errors follow BurntSushi's `toml: line N (last key
/// "k"): MSG` shape; the messages come from the `toml` crate and match
/// BurntSushi's only for the common cases (duplicate keys, EOF).
pub fn from_toml(s: &str, flavor: Flavor) -> Result<Value, String> {
    if flavor == Flavor::Helm3
        && let Some((pos, message)) = toml_1_1_feature(s)
    {
        let line = s.as_bytes()[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(match last_key_at(s, pos) {
            Some(key) => format!(
                "toml: line {line} (last key {}): {message}",
                super::printf::quote(&key)
            ),
            None => format!("toml: line {line}: {message}"),
        });
    }
    match s.parse::<toml::Table>() {
        Ok(table) => Ok(Value::map(
            table.into_iter().map(|(k, v)| (k, convert(v))).collect(),
        )),
        Err(e) => Err(error_text(s, &e, flavor)),
    }
}

fn error_text(src: &str, e: &toml::de::Error, flavor: Flavor) -> String {
    let start = e
        .span()
        .map(|r| r.start)
        .unwrap_or(src.len())
        .min(src.len());
    let at_eof = start >= src.len();
    let mut line = src.as_bytes()[..start]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1;
    // BurntSushi v1.4 (Helm 3) reports errors at end of input one line early.
    if at_eof && flavor == Flavor::Helm3 {
        line -= 1;
    }
    let message = burntsushi_message(src, start, at_eof, e);
    match last_key(src, start) {
        Some(key) => format!(
            "toml: line {line} (last key {}): {message}",
            super::printf::quote(&key)
        ),
        None => format!("toml: line {line}: {message}"),
    }
}

/// BurntSushi's wording for the errors charts meet most; the `toml`
/// crate's own message otherwise.
fn burntsushi_message(src: &str, start: usize, at_eof: bool, e: &toml::de::Error) -> String {
    let message = e.message().trim();
    let spanned = e.span().and_then(|r| src.get(r)).unwrap_or("");
    // The token at the error: up to the next space, comma or bracket.
    let token: &str = src
        .get(start..)
        .unwrap_or("")
        .split(|c: char| c.is_whitespace() || c == ',' || c == ']' || c == '}')
        .next()
        .unwrap_or("");
    if message.starts_with("duplicate key") {
        let key = spanned.trim_matches(|c| c == '"' || c == '\'' || c == '[' || c == ']');
        return format!("Key '{key}' has already been defined.");
    }
    if at_eof {
        if message.contains("expected `=`") {
            return "unexpected EOF; expected key separator '='".to_string();
        }
        if message.contains("basic string") {
            return "unexpected EOF; expected '\"'".to_string();
        }
        if message.contains("unclosed array") {
            return "expected a comma (',') or array terminator (']'), but got end of file"
                .to_string();
        }
        return "unexpected EOF; expected value".to_string();
    }
    if message.contains("keys cannot be empty") && src.get(start..).unwrap_or("").starts_with('=') {
        return "unexpected '=': key name appears blank".to_string();
    }
    if message.contains("too large") || message.contains("overflow") {
        return format!("{token} is out of range for int64");
    }
    if message.starts_with("invalid boolean") || message.contains("string values must be quoted") {
        return format!(
            "expected value but found {} instead",
            super::printf::quote(token)
        );
    }
    message.to_string()
}

/// The first TOML 1.1 feature in `src`, which BurntSushi v1.4 (Helm 3)
/// rejects while the `toml` crate and BurntSushi v1.5 (Helm 4) accept it:
/// newlines or a trailing comma in inline tables, `\e` and `\x` escapes,
/// times without seconds. Returns the byte offset and BurntSushi's message.
fn toml_1_1_feature(src: &str) -> Option<(usize, String)> {
    let b = src.as_bytes();
    let mut stack: Vec<u8> = Vec::new();
    let mut last_sig = 0u8; // last non-space byte outside strings
    let mut in_value = false; // after '=' on the current logical line
    let mut i = 0usize;
    while i < b.len() {
        let c = b[i];
        match c {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                let triple = b.get(i..i + 3) == Some(&[c, c, c][..]);
                let q = if triple { 3 } else { 1 };
                i += q;
                while i < b.len() {
                    if c == b'"' && b[i] == b'\\' {
                        match b.get(i + 1) {
                            Some(b'e') => {
                                return Some((i, "invalid escape in string '\\e'".into()));
                            }
                            Some(b'x') => {
                                return Some((i, "invalid escape in string '\\x'".into()));
                            }
                            _ => {}
                        }
                        i += 2;
                        continue;
                    }
                    if b[i] == c && (!triple || b.get(i..i + 3) == Some(&[c, c, c][..])) {
                        break;
                    }
                    if !triple && b[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
                i += q;
                last_sig = c;
                continue;
            }
            b'{' => stack.push(c),
            b'[' if !stack.is_empty() => stack.push(c),
            b'}' | b']' if !stack.is_empty() => {
                if c == b'}' && last_sig == b',' {
                    return Some((i, "trailing comma not allowed in inline tables".into()));
                }
                stack.pop();
            }
            b'\n' => {
                if stack.last() == Some(&b'{') {
                    return Some((i, "newlines not allowed within inline tables".into()));
                }
                if stack.is_empty() {
                    in_value = false;
                }
            }
            b'=' => in_value = true,
            b'0'..=b'9'
                if in_value
                    && (i == 0
                        || b[i - 1].is_ascii_whitespace()
                        || b"=[,{".contains(&b[i - 1])) =>
            {
                // A value token: a time needs seconds (HH:MM:SS).
                let end = b[i..]
                    .iter()
                    .position(|&x| {
                        x.is_ascii_whitespace() || matches!(x, b',' | b']' | b'}' | b'#')
                    })
                    .map_or(b.len(), |n| i + n);
                let token = &src[i..end];
                if let Some(k) = token.find(':') {
                    let t = &token.as_bytes()[k.saturating_sub(2)..];
                    if t.get(5) != Some(&b':') {
                        let msg = format!("invalid datetime: {}", super::printf::quote(token));
                        return Some((i, msg));
                    }
                }
                last_sig = b'0';
                i = end;
                continue;
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            last_sig = c;
        }
        i += 1;
    }
    None
}

/// The key BurntSushi reports for an error at `pos` on a `key =` line:
/// `outer.inner` inside an inline table.
fn last_key_at(src: &str, pos: usize) -> Option<String> {
    let line_start = src[..pos].rfind('\n').map_or(0, |n| n + 1);
    let before = &src[line_start..pos];
    let (outer, rest) = before.split_once('=')?;
    let outer = outer.trim().trim_matches('"');
    // The last `inner =` inside an inline table on this line.
    let inner = rest.rsplit_once('{').and_then(|(_, r)| {
        r.split(',')
            .filter_map(|kv| kv.split_once('=').map(|(k, _)| k.trim().trim_matches('"')))
            .next_back()
    });
    Some(match inner {
        Some(k) if !k.is_empty() => format!("{outer}.{k}"),
        _ => outer.to_string(),
    })
}

/// BurntSushi names the key being assigned when the error happened: the
/// `key =` on the error's line, prefixed by the enclosing `[table]`.
fn last_key(src: &str, pos: usize) -> Option<String> {
    let mut table = String::new();
    let mut line_start = 0usize;
    let mut found = None;
    for line in src.split_inclusive('\n') {
        let trimmed = line.trim();
        let end = line_start + line.len();
        if trimmed.starts_with('[') {
            table = trimmed
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string();
        } else if let Some((key, _)) = trimmed.split_once('=') {
            let key = key.trim().trim_matches('"').trim_matches('\'');
            if !key.is_empty() && pos >= line_start && (pos < end || end == src.len()) {
                found = Some(if table.is_empty() {
                    key.to_string()
                } else {
                    format!("{table}.{key}")
                });
            }
        }
        if pos < end {
            break;
        }
        line_start = end;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml_like(pairs: &[(&str, Value)]) -> Value {
        Value::map(
            pairs
                .iter()
                .map(|(k, v)| ((*k).to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn encodes_like_burntsushi() {
        // Expectations from tests/golden/fn-fmt-json/toml-encode(-more).
        let f = Value::Float;
        let v = yaml_like(&[
            ("a", f(1.0)),
            ("big", f(1e6)),
            ("", f(3.0)),
            ("key with space", f(1.0)),
            ("é", f(4.0)),
            ("emptyl", Value::list(vec![])),
            ("emptym", Value::empty_map()),
            ("nil", Value::Nil),
            (
                "mixed",
                Value::list(vec![f(1.0), Value::str("a"), Value::Bool(true)]),
            ),
            (
                "aot",
                Value::list(vec![
                    yaml_like(&[("name", Value::str("a")), ("v", Value::list(vec![f(1.0)]))]),
                    yaml_like(&[("name", Value::str("b"))]),
                ]),
            ),
            (
                "tbl",
                yaml_like(&[
                    ("x", f(1.0)),
                    (
                        "arr",
                        Value::list(vec![
                            yaml_like(&[("p", f(1.0))]),
                            yaml_like(&[("p", f(2.0)), ("q", yaml_like(&[("r", f(1.0))]))]),
                        ]),
                    ),
                    ("sub", yaml_like(&[("deeper", yaml_like(&[("z", f(3.0))]))])),
                ]),
            ),
        ]);
        let want = "\"\" = 3.0\na = 1.0\nbig = 1000000.0\nemptyl = []\n\"key with space\" = 1.0\nmixed = [1.0, \"a\", true]\n\"é\" = 4.0\n\n[[aot]]\n  name = \"a\"\n  v = [1.0]\n\n[[aot]]\n  name = \"b\"\n\n[emptym]\n\n[tbl]\n  x = 1.0\n\n  [[tbl.arr]]\n    p = 1.0\n\n  [[tbl.arr]]\n    p = 2.0\n    [tbl.arr.q]\n      r = 1.0\n  [tbl.sub]\n    [tbl.sub.deeper]\n      z = 3.0\n";
        assert_eq!(to_toml(&v, Flavor::Helm3).as_deref(), Ok(want));
        let floats = yaml_like(&[("n", f(1234567.0)), ("p", f(0.00001)), ("m", f(123456.0))]);
        assert_eq!(
            to_toml(&floats, Flavor::Helm4).as_deref(),
            Ok("m = 123456.0\nn = 1.234567e+06\np = 1e-05\n")
        );
        assert_eq!(
            to_toml(&floats, Flavor::Helm3).as_deref(),
            Ok("m = 123456.0\nn = 1234567.0\np = 0.00001\n")
        );
        assert_eq!(to_toml(&Value::Int(1), Flavor::Helm3).as_deref(), Ok("1"));
        assert_eq!(
            to_toml(&Value::empty_map(), Flavor::Helm3).as_deref(),
            Ok("")
        );
        assert_eq!(
            to_toml(
                &yaml_like(&[("a", Value::list(vec![Value::Int(1), Value::Nil]))]),
                Flavor::Helm3
            ),
            Err("toml: cannot encode array with nil element".to_string())
        );
        let inline = yaml_like(&[(
            "x",
            Value::list(vec![
                f(1.0),
                yaml_like(&[
                    ("a", f(1.0)),
                    ("c", yaml_like(&[("d", f(1.0))])),
                    ("b", Value::list(vec![f(1.0)])),
                ]),
            ]),
        )]);
        assert_eq!(
            to_toml(&inline, Flavor::Helm3).as_deref(),
            Ok("x = [1.0, {a = 1.0, b = [1.0], c = {d = 1.0}}]\n")
        );
        let quoted = yaml_like(&[("a b", yaml_like(&[("d.e", yaml_like(&[("f", f(2.0))]))]))]);
        assert_eq!(
            to_toml(&quoted, Flavor::Helm3).as_deref(),
            Ok("[\"a b\"]\n  [\"a b\".\"d.e\"]\n    f = 2.0\n")
        );
        let s = yaml_like(&[("k", Value::str("tab\t \u{1b} \"q\" \\ é \u{7f}"))]);
        assert_eq!(
            to_toml(&s, Flavor::Helm3).as_deref(),
            Ok("k = \"tab\\t \\u001b \\\"q\\\" \\\\ é \\u007f\"\n")
        );
    }

    /// The values of tests/golden/fn-fmt-json/toml-encode against both
    /// Helms' `toToml .Values | indent 2`.
    #[test]
    fn encoder_matches_helm_golden() {
        let f = Value::Float;
        let s = Value::str;
        let v = yaml_like(&[
            ("a", f(1.0)),
            ("big", f(1e6)),
            ("huge", f(1e21)),
            ("tiny", f(1e-7)),
            ("f", f(1.5)),
            ("neg", f(-0.0)),
            ("s", s("q\"uo\\te <&> é \t\n\u{1}\u{7f}")),
            ("t", Value::Bool(true)),
            ("false", Value::Nil),
            ("list", Value::list(vec![f(1.0), f(2.0), f(3.0)])),
            (
                "mixed",
                Value::list(vec![f(1.0), s("a"), Value::Bool(true)]),
            ),
            ("strs", Value::list(vec![s("a"), s("b")])),
            (
                "nested",
                Value::list(vec![
                    Value::list(vec![f(1.0), f(2.0)]),
                    Value::list(vec![s("a")]),
                ]),
            ),
            ("emptyl", Value::list(vec![])),
            ("emptym", Value::empty_map()),
            ("key with space", f(1.0)),
            ("dotted.key", f(2.0)),
            ("", f(3.0)),
            ("é", f(4.0)),
            ("a-b_c", f(5.0)),
            ("1", f(6.0)),
            (
                "tbl",
                yaml_like(&[
                    ("x", f(1.0)),
                    (
                        "sub",
                        yaml_like(&[("true", f(2.0)), ("deeper", yaml_like(&[("z", f(3.0))]))]),
                    ),
                    (
                        "arr",
                        Value::list(vec![
                            yaml_like(&[("p", f(1.0))]),
                            yaml_like(&[("p", f(2.0)), ("q", yaml_like(&[("r", f(1.0))]))]),
                        ]),
                    ),
                    ("w", f(2.0)),
                ]),
            ),
            (
                "aot",
                Value::list(vec![
                    yaml_like(&[("name", s("a")), ("v", Value::list(vec![f(1.0)]))]),
                    yaml_like(&[("name", s("b"))]),
                ]),
            ),
            ("zz", s("last")),
        ]);
        for (flavor, file) in [
            (Flavor::Helm3, "helm3.stdout"),
            (Flavor::Helm4, "helm4.stdout"),
        ] {
            let path = format!(
                "{}/tests/golden/fn-fmt-json/toml-encode/{file}",
                env!("CARGO_MANIFEST_DIR")
            );
            let Ok(golden) = std::fs::read_to_string(&path) else {
                panic!("missing {path}");
            };
            let body = golden.split_once("v: |\n").map(|(_, b)| b).unwrap_or("");
            let want: String = body
                .lines()
                .map(|l| format!("{}\n", l.get(2..).unwrap_or("")))
                .collect();
            assert_eq!(to_toml(&v, flavor).unwrap_or_default(), want, "{file}");
        }
    }

    #[test]
    fn edge_cases_match_helm() {
        // Expectations from tests/golden/fn-fmt-json/toml-encode-edge.
        let f = Value::Float;
        let i = Value::Int;
        let x = yaml_like(&[(
            "x",
            yaml_like(&[
                ("k\"q", f(1.0)),
                ("tab\tk", f(2.0)),
                (
                    "a",
                    yaml_like(&[
                        ("b", Value::empty_map()),
                        (
                            "c",
                            Value::list(vec![yaml_like(&[(
                                "d",
                                Value::list(vec![yaml_like(&[("e", f(1.0))])]),
                            )])]),
                        ),
                    ]),
                ),
                (
                    "z",
                    Value::list(vec![Value::list(vec![f(1.0), f(2.0)]), Value::list(vec![])]),
                ),
            ]),
        )]);
        let cases: Vec<(Value, Result<&str, &str>)> = vec![
            (
                x,
                Ok(
                    "[x]\n  \"k\\\"q\" = 1.0\n  \"tab\\tk\" = 2.0\n  z = [[1.0, 2.0], []]\n  [x.a]\n    [x.a.b]\n\n    [[x.a.c]]\n\n      [[x.a.c.d]]\n        e = 1.0\n",
                ),
            ),
            (
                Value::list(vec![yaml_like(&[("a", i(1))])]),
                Err("toml: top-level values must be Go maps or structs"),
            ),
            (Value::list(vec![]), Ok("[]")),
            (
                yaml_like(&[(
                    "a",
                    Value::list(vec![Value::list(vec![yaml_like(&[("b", i(1))])])]),
                )]),
                Ok("a = [[{b = 1}]]\n"),
            ),
            (
                yaml_like(&[("a", yaml_like(&[("b", Value::Nil)]))]),
                Ok("[a]\n"),
            ),
            (
                yaml_like(&[
                    ("a", Value::Bool(true)),
                    ("b", yaml_like(&[("c", Value::Bool(false))])),
                ]),
                Ok("a = true\n\n[b]\n  c = false\n"),
            ),
            (
                yaml_like(&[("a", i(-5)), ("b", Value::Int64(-9223372036854775807))]),
                Ok("a = -5\nb = -9223372036854775807\n"),
            ),
            (
                yaml_like(&[("s", Value::str("multi\nline")), ("u", Value::str("é"))]),
                Ok("s = \"multi\\nline\"\nu = \"é\"\n"),
            ),
            (
                yaml_like(&[(
                    "a",
                    Value::list(vec![yaml_like(&[("x", i(1))]), Value::empty_map()]),
                )]),
                Ok("[[a]]\n  x = 1\n\n[[a]]\n"),
            ),
        ];
        for (value, want) in cases {
            let want = want.map(str::to_string).map_err(str::to_string);
            assert_eq!(to_toml(&value, Flavor::Helm3), want, "{value:?}");
        }
    }

    #[test]
    fn datetimes_match_helm() {
        // Expectations from tests/golden/fn-fmt-json/toml-decode-time.
        let cases = [
            (
                "1979-05-27T07:32:00Z",
                "1979-05-27 07:32:00 +0000 UTC",
                "1979-05-27T07:32:00Z",
            ),
            (
                "1979-05-27T07:32:00.5-07:30",
                "1979-05-27 07:32:00.5 -0730 -0730",
                "1979-05-27T07:32:00.5-07:30",
            ),
            (
                "1979-05-27T07:32:00",
                "1979-05-27 07:32:00 +0000 datetime-local",
                "1979-05-27T07:32:00Z",
            ),
            (
                "1979-05-27",
                "1979-05-27 00:00:00 +0000 date-local",
                "1979-05-27T00:00:00Z",
            ),
            (
                "07:32:00.123",
                "0000-01-01 07:32:00.123 +0000 time-local",
                "0000-01-01T07:32:00.123Z",
            ),
            (
                "1979-05-27T07:32:00+01:00",
                "1979-05-27 07:32:00 +0100 +0100",
                "1979-05-27T07:32:00+01:00",
            ),
        ];
        for (src, shown, json) in cases {
            let v = from_toml(&format!("a = {src}"), Flavor::Helm3).unwrap_or_default();
            let a = v.as_map().and_then(|m| m.get("a")).unwrap_or_default();
            assert_eq!(a.to_go_string(), shown, "{src}");
            let data = a.as_object().map(|o| o.to_data()).unwrap_or_default();
            assert_eq!(data.as_str(), Some(json), "{src}");
        }
    }

    #[test]
    fn errors_match_helm() {
        // Expectations from tests/golden/fn-fmt-json/toml-decode (helm3, helm4).
        let cases = [
            (
                "a =",
                "line 0 (last key \"a\"): unexpected EOF; expected value",
                "line 1 (last key \"a\"): unexpected EOF; expected value",
            ),
            (
                "a = 1\na = 2",
                "line 2 (last key \"a\"): Key 'a' has already been defined.",
                "",
            ),
            (
                "x",
                "line 0: unexpected EOF; expected key separator '='",
                "line 1: unexpected EOF; expected key separator '='",
            ),
            ("[a]\n[a]", "line 2: Key 'a' has already been defined.", ""),
            (
                "a = \"unterminated",
                "line 0 (last key \"a\"): unexpected EOF; expected '\"'",
                "line 1 (last key \"a\"): unexpected EOF; expected '\"'",
            ),
            (
                "a = 1\nb = [1, 2",
                "line 1 (last key \"b\"): expected a comma (',') or array terminator (']'), but got end of file",
                "line 2 (last key \"b\"): expected a comma (',') or array terminator (']'), but got end of file",
            ),
            ("= 1", "line 1: unexpected '=': key name appears blank", ""),
            (
                "a = 9223372036854775808",
                "line 1 (last key \"a\"): 9223372036854775808 is out of range for int64",
                "",
            ),
            (
                "a = tru",
                "line 1 (last key \"a\"): expected value but found \"tru\" instead",
                "",
            ),
        ];
        for (src, helm3, helm4) in cases {
            let helm4 = if helm4.is_empty() { helm3 } else { helm4 };
            assert_eq!(
                from_toml(src, Flavor::Helm3),
                Err(format!("toml: {helm3}")),
                "{src:?}"
            );
            assert_eq!(
                from_toml(src, Flavor::Helm4),
                Err(format!("toml: {helm4}")),
                "{src:?}"
            );
        }
    }

    #[test]
    fn toml_1_1_is_rejected_for_helm3_only() {
        // Expectations from tests/golden/fn-fmt-json/toml-decode-spec.
        let cases = [
            (
                "a = { x = 1,\n y = 2 }",
                r#"line 1 (last key "a.x"): newlines not allowed within inline tables"#,
            ),
            (
                "a = { x = 1, }",
                r#"line 1 (last key "a.x"): trailing comma not allowed in inline tables"#,
            ),
            (
                r#"a = "\e""#,
                r#"line 1 (last key "a"): invalid escape in string '\e'"#,
            ),
            (
                r#"a = "\x41""#,
                r#"line 1 (last key "a"): invalid escape in string '\x'"#,
            ),
            (
                "a = 07:32",
                r#"line 1 (last key "a"): invalid datetime: "07:32""#,
            ),
            (
                "a = 1979-05-27T07:32Z",
                r#"line 1 (last key "a"): invalid datetime: "1979-05-27T07:32Z""#,
            ),
        ];
        for (src, want) in cases {
            assert_eq!(
                from_toml(src, Flavor::Helm3),
                Err(format!("toml: {want}")),
                "{src:?}"
            );
            assert!(from_toml(src, Flavor::Helm4).is_ok(), "{src:?}");
        }
        let fine = [
            "a = [\n  1,\n  2,\n]",
            "a = 1979-05-27T07:32:00.999999-07:00",
            "a = 1979-05-27 07:32:00Z",
            "a = '''\nraw\nlines'''",
            "a = { b = [1,\n 2] }",
            "a = \"x = {\" # c = {\nb = 1",
            "a = 6.626e-34\nb = 0o17",
            "a = 07:32:00",
        ];
        for src in fine {
            assert!(
                from_toml(src, Flavor::Helm3).is_ok(),
                "{src:?} {:?}",
                from_toml(src, Flavor::Helm3)
            );
        }
    }

    #[test]
    fn deep_input_is_an_error_not_a_crash() {
        let src = format!("a = {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(from_toml(&src, Flavor::Helm3).is_err());
        let src = format!("a = {}1{}", "{b = ".repeat(10_000), "}".repeat(10_000));
        assert!(from_toml(&src, Flavor::Helm3).is_err());
    }

    #[test]
    fn decodes_like_burntsushi() {
        let v = from_toml(
            "a = 1\nb = 2.5\nc = \"s\"\nd = true\n[t]\nx = [1, 2]\n[[aot]]\nn = 1\n[[aot]]\nn = 2",
            Flavor::Helm3,
        );
        assert_eq!(
            v.map(|v| v.to_go_string()),
            Ok("map[a:1 aot:[map[n:1] map[n:2]] b:2.5 c:s d:true t:map[x:[1 2]]]".to_string())
        );
        let t = from_toml("a = 1979-05-27T07:32:00Z", Flavor::Helm3).unwrap_or_default();
        let a = t.as_map().and_then(|m| m.get("a")).unwrap_or_default();
        assert_eq!(a.type_name(), "time.Time");
        assert_eq!(a.to_go_string(), "1979-05-27 07:32:00 +0000 UTC");
        assert_eq!(
            from_toml("a = 1\na = 2", Flavor::Helm3),
            Err("toml: line 2 (last key \"a\"): Key 'a' has already been defined.".to_string())
        );
    }
}
