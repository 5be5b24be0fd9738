//! Go's `encoding/json` over [`Value`]s: `json.Marshal` (`toJson`),
//! `json.MarshalIndent` (`toPrettyJson`), an `Encoder` without HTML
//! escaping (`toRawJson`) and `json.Unmarshal` into `interface {}`
//! (`fromJson`, `fromJsonArray`, values files), with Go's exact output
//! bytes and error texts.

use std::collections::BTreeMap;

use super::Value;

/// Deepest nesting the scanner accepts. Go's `maxNestingDepth` is 10000,
/// but [`Value`]'s recursive drop and our printers would overflow the stack
/// long before that, so we refuse earlier with Go's own error text.
const MAX_DEPTH: usize = MAX_ENCODE_DEPTH;

/// Deepest nesting we encode. Go has no limit (its stacks grow); ours do
/// not, so deeper values are refused with an error instead of crashing.
pub(crate) const MAX_ENCODE_DEPTH: usize = 1_000;

/// Go's `json.Marshal(v)`: sorted keys, HTML-safe escaping, Go's float format.
pub fn to_json(value: &Value) -> Result<String, String> {
    let mut out = String::new();
    encode(&mut out, value, true, None, 0)?;
    Ok(out)
}

/// Go's `json.MarshalIndent(v, "", "  ")`, as Sprig's `toPrettyJson` calls it.
pub fn to_json_pretty(value: &Value) -> Result<String, String> {
    let mut out = String::new();
    encode(&mut out, value, true, Some("  "), 0)?;
    Ok(out)
}

/// Sprig's `toRawJson`: an `Encoder` with `SetEscapeHTML(false)`, without
/// its trailing newline.
pub fn to_json_raw(value: &Value) -> Result<String, String> {
    let mut out = String::new();
    encode(&mut out, value, false, None, 0)?;
    Ok(out)
}

/// Go's float64 encoding in JSON: `'f'` form unless the magnitude is below
/// 1e-6 or at least 1e21, then `'e'` with a one-digit negative exponent
/// (`1e-7`, `1e+21`). NaN and infinities are `json: unsupported value: NaN`.
pub fn format_json_float(f: f64) -> Result<String, String> {
    if f.is_nan() || f.is_infinite() {
        return Err(format!(
            "json: unsupported value: {}",
            super::printf::format_float(f, 'g', -1)
        ));
    }
    let abs = f.abs();
    let exp_form = abs != 0.0 && !(1e-6..1e21).contains(&abs);
    let mut s = super::printf::format_float(f, if exp_form { 'e' } else { 'f' }, -1);
    if exp_form {
        // Go cleans up e-09 to e-9.
        let b = s.as_bytes();
        let n = b.len();
        if n >= 4 && b[n - 4] == b'e' && b[n - 3] == b'-' && b[n - 2] == b'0' {
            s.remove(n - 2);
        }
    }
    Ok(s)
}

fn newline(out: &mut String, indent: Option<&str>, depth: usize) {
    if let Some(unit) = indent {
        out.push('\n');
        for _ in 0..depth {
            out.push_str(unit);
        }
    }
}

fn encode(
    out: &mut String,
    value: &Value,
    escape_html: bool,
    indent: Option<&str>,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_ENCODE_DEPTH {
        return Err(format!(
            "json: unsupported value: nested deeper than {MAX_ENCODE_DEPTH} levels"
        ));
    }
    match value {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => out.push_str(&i.to_string()),
        Value::Float(f) => out.push_str(&format_json_float(*f)?),
        Value::String(s) => write_string(out, &super::gostr::go_bytes(s), escape_html),
        Value::Bytes(b) => {
            out.push('"');
            out.push_str(&base64_std(b));
            out.push('"');
        }
        Value::List(list) if list.nil => out.push_str("null"),
        Value::List(list) => {
            if list.items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, item) in list.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent, depth + 1);
                encode(out, item, escape_html, indent, depth + 1)?;
            }
            newline(out, indent, depth);
            out.push(']');
        }
        Value::Map(map) if map.is_nil() => out.push_str("null"),
        Value::Map(map) => {
            let entries = map.entries();
            let fields = entries.iter().map(|(k, v)| (k.as_str(), v));
            encode_object(out, fields, escape_html, indent, depth)?;
        }
        Value::Object(object) => match object.json_fields() {
            Some(fields) => {
                let fields = fields.iter().map(|(k, v)| (k.as_str(), v));
                encode_object(out, fields, escape_html, indent, depth)?;
            }
            None => encode(out, &object.to_data(), escape_html, indent, depth + 1)?,
        },
    }
    Ok(())
}

/// A JSON object of `fields` in the order given (a map's sorted keys, or a
/// struct's declared fields).
fn encode_object<'v>(
    out: &mut String,
    fields: impl Iterator<Item = (&'v str, &'v Value)>,
    escape_html: bool,
    indent: Option<&str>,
    depth: usize,
) -> Result<(), String> {
    let mut empty = true;
    for (i, (key, item)) in fields.enumerate() {
        out.push(if i == 0 { '{' } else { ',' });
        empty = false;
        newline(out, indent, depth + 1);
        write_string(out, &super::gostr::go_bytes(key), escape_html);
        out.push(':');
        if indent.is_some() {
            out.push(' ');
        }
        encode(out, item, escape_html, indent, depth + 1)?;
    }
    if empty {
        out.push_str("{}");
    } else {
        newline(out, indent, depth);
        out.push('}');
    }
    Ok(())
}

/// `encodeState.string`: Go's escaping, `\u003c` for `<`, `>` and `&` when
/// `escape_html`, `\u2028`/`\u2029` always, U+FFFD for invalid UTF-8.
fn write_string(out: &mut String, s: &[u8], escape_html: bool) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for chunk in s.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '<' | '>' | '&' if escape_html => {
                    out.push_str("\\u00");
                    out.push(char::from(HEX[(c as usize) >> 4]));
                    out.push(char::from(HEX[(c as usize) & 0xf]));
                }
                c if (c as u32) < 0x20 => {
                    out.push_str("\\u00");
                    out.push(char::from(HEX[(c as usize) >> 4]));
                    out.push(char::from(HEX[(c as usize) & 0xf]));
                }
                '\u{2028}' => out.push_str("\\u2028"),
                '\u{2029}' => out.push_str("\\u2029"),
                c => out.push(c),
            }
        }
        if !chunk.invalid().is_empty() {
            out.push_str("\\ufffd");
        }
    }
    out.push('"');
}

/// Standard base64 with padding, as `encoding/json` writes `[]byte`.
pub(crate) fn base64_std(b: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(b.len().div_ceil(3) * 4);
    for chunk in b.chunks(3) {
        let n = match chunk.len() {
            1 => u32::from(chunk[0]) << 16,
            2 => (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8),
            _ => (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8) | u32::from(chunk[2]),
        };
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

/// The Go type `json.Unmarshal` decodes into, which decides the
/// `cannot unmarshal` errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `interface {}`: anything goes.
    Any,
    /// `map[string]interface {}` (`fromJson`).
    Map,
    /// `[]interface {}` (`fromJsonArray`).
    List,
}

/// A JSON decode that may have produced a value despite an error: Go's
/// `Unmarshal` keeps decoding after a type error and reports the first one.
#[derive(Debug)]
pub struct Decoded {
    /// The decoded value (partial when `error` is set, `Nil` on a syntax error).
    pub value: Value,
    /// Go's `err.Error()` text, if `Unmarshal` failed.
    pub error: Option<String>,
}

/// Go's `json.Unmarshal(data, &v)` with `v` an `interface {}`: numbers
/// become float64, duplicate keys keep the last value.
pub fn from_json(s: &str) -> Result<Value, String> {
    let decoded = unmarshal(s.as_bytes(), Target::Any);
    match decoded.error {
        Some(e) => Err(e),
        None => Ok(decoded.value),
    }
}

/// Go's `json.Unmarshal` into the given target type, keeping the partial
/// value Go leaves behind on a type error.
pub fn unmarshal(data: &[u8], target: Target) -> Decoded {
    if let Err(e) = check_valid(data) {
        return Decoded {
            value: Value::Nil,
            error: Some(e),
        };
    }
    // A top-level type mismatch is reported before anything is decoded.
    let first = data.iter().copied().find(|&c| !is_space(c)).unwrap_or(b'n');
    let kind = match first {
        b'{' => "object",
        b'[' => "array",
        b'"' => "string",
        b't' | b'f' => "bool",
        b'n' => "null",
        _ => "number",
    };
    let type_name = match (target, kind) {
        (Target::Any, _) | (_, "null") | (Target::Map, "object") | (Target::List, "array") => None,
        (Target::Map, _) => Some("map[string]interface {}"),
        (Target::List, _) => Some("[]interface {}"),
    };
    if let Some(type_name) = type_name {
        return Decoded {
            value: Value::Nil,
            error: Some(format!(
                "json: cannot unmarshal {kind} into Go value of type {type_name}"
            )),
        };
    }
    let mut decoder = Decoder {
        data,
        pos: 0,
        error: None,
    };
    let value = decoder.value();
    Decoded {
        value,
        error: decoder.error,
    }
}

/// `quoteChar` from scanner.go: how a byte is shown in a syntax error.
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_string(),
        b'"' => "'\"'".to_string(),
        _ => {
            // Go converts the byte to the rune of the same value.
            let q = super::printf::quote(&char::from(c).to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

fn syntax(c: u8, context: &str) -> String {
    format!("invalid character {} {context}", quote_char(c))
}

const EOF: &str = "unexpected end of JSON input";

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// Go's `checkValid`: the scanner's verdict on the whole input, with its
/// error texts. Iterative, so deep nesting cannot overflow the stack.
fn check_valid(data: &[u8]) -> Result<(), String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Ctx {
        Object,
        Array,
    }
    let mut stack: Vec<Ctx> = Vec::new();
    let mut i = 0usize;
    let n = data.len();
    let skip = |i: &mut usize| {
        while *i < n && is_space(data[*i]) {
            *i += 1;
        }
    };
    // Parse one value start; containers push and return.
    'value: loop {
        skip(&mut i);
        let Some(&c) = data.get(i) else {
            return Err(EOF.to_string());
        };
        match c {
            b'{' | b'[' => {
                stack.push(if c == b'{' { Ctx::Object } else { Ctx::Array });
                if stack.len() > MAX_DEPTH {
                    return Err(syntax(c, "exceeded max depth"));
                }
                i += 1;
                skip(&mut i);
                let Some(&d) = data.get(i) else {
                    return Err(EOF.to_string());
                };
                if c == b'{' {
                    if d == b'}' {
                        stack.pop();
                        i += 1;
                    } else if d == b'"' {
                        scan_string(data, &mut i)?;
                        after_key(data, &mut i)?;
                        continue 'value;
                    } else {
                        return Err(syntax(d, "looking for beginning of object key string"));
                    }
                } else if d == b']' {
                    stack.pop();
                    i += 1;
                } else {
                    continue 'value;
                }
            }
            b'"' => scan_string(data, &mut i)?,
            b'-' | b'0'..=b'9' => scan_number(data, &mut i)?,
            b't' => scan_literal(data, &mut i, b"true")?,
            b'f' => scan_literal(data, &mut i, b"false")?,
            b'n' => scan_literal(data, &mut i, b"null")?,
            _ => return Err(syntax(c, "looking for beginning of value")),
        }
        // A value ended: close containers or move to the next element.
        loop {
            skip(&mut i);
            let Some(&ctx) = stack.last() else {
                return match data.get(i) {
                    None => Ok(()),
                    Some(&c) => Err(syntax(c, "after top-level value")),
                };
            };
            let Some(&c) = data.get(i) else {
                return Err(EOF.to_string());
            };
            match (ctx, c) {
                (Ctx::Object, b',') => {
                    i += 1;
                    skip(&mut i);
                    match data.get(i) {
                        None => return Err(EOF.to_string()),
                        Some(b'"') => {
                            scan_string(data, &mut i)?;
                            after_key(data, &mut i)?;
                            continue 'value;
                        }
                        Some(&d) => {
                            return Err(syntax(d, "looking for beginning of object key string"));
                        }
                    }
                }
                (Ctx::Object, b'}') | (Ctx::Array, b']') => {
                    stack.pop();
                    i += 1;
                }
                (Ctx::Array, b',') => {
                    i += 1;
                    continue 'value;
                }
                (Ctx::Object, _) => return Err(syntax(c, "after object key:value pair")),
                (Ctx::Array, _) => return Err(syntax(c, "after array element")),
            }
        }
    }
}

/// After an object key: spaces, then `:`.
fn after_key(data: &[u8], i: &mut usize) -> Result<(), String> {
    while *i < data.len() && is_space(data[*i]) {
        *i += 1;
    }
    match data.get(*i) {
        None => Err(EOF.to_string()),
        Some(b':') => {
            *i += 1;
            Ok(())
        }
        Some(&c) => Err(syntax(c, "after object key")),
    }
}

fn scan_string(data: &[u8], i: &mut usize) -> Result<(), String> {
    *i += 1; // opening quote
    loop {
        let Some(&c) = data.get(*i) else {
            return Err(EOF.to_string());
        };
        *i += 1;
        match c {
            b'"' => return Ok(()),
            b'\\' => {
                let Some(&e) = data.get(*i) else {
                    return Err(EOF.to_string());
                };
                *i += 1;
                match e {
                    b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => {}
                    b'u' => {
                        for _ in 0..4 {
                            let Some(&h) = data.get(*i) else {
                                return Err(EOF.to_string());
                            };
                            if !h.is_ascii_hexdigit() {
                                return Err(syntax(h, "in \\u hexadecimal character escape"));
                            }
                            *i += 1;
                        }
                    }
                    _ => return Err(syntax(e, "in string escape code")),
                }
            }
            c if c < 0x20 => return Err(syntax(c, "in string literal")),
            _ => {}
        }
    }
}

fn scan_number(data: &[u8], i: &mut usize) -> Result<(), String> {
    let get = |i: usize| data.get(i).copied();
    if get(*i) == Some(b'-') {
        *i += 1;
        match get(*i) {
            None => return Err(EOF.to_string()),
            Some(b'0'..=b'9') => {}
            Some(c) => return Err(syntax(c, "in numeric literal")),
        }
    }
    if get(*i) == Some(b'0') {
        *i += 1;
    } else {
        while matches!(get(*i), Some(b'0'..=b'9')) {
            *i += 1;
        }
    }
    if get(*i) == Some(b'.') {
        *i += 1;
        match get(*i) {
            None => return Err(EOF.to_string()),
            Some(b'0'..=b'9') => {}
            Some(c) => return Err(syntax(c, "after decimal point in numeric literal")),
        }
        while matches!(get(*i), Some(b'0'..=b'9')) {
            *i += 1;
        }
    }
    if matches!(get(*i), Some(b'e' | b'E')) {
        *i += 1;
        if matches!(get(*i), Some(b'+' | b'-')) {
            *i += 1;
        }
        match get(*i) {
            None => return Err(EOF.to_string()),
            Some(b'0'..=b'9') => {}
            Some(c) => return Err(syntax(c, "in exponent of numeric literal")),
        }
        while matches!(get(*i), Some(b'0'..=b'9')) {
            *i += 1;
        }
    }
    Ok(())
}

fn scan_literal(data: &[u8], i: &mut usize, word: &[u8]) -> Result<(), String> {
    let name = std::str::from_utf8(word).unwrap_or("null");
    for (k, &want) in word.iter().enumerate() {
        match data.get(*i + k) {
            None => return Err(EOF.to_string()),
            Some(&c) if c == want => {}
            Some(&c) => {
                return Err(syntax(
                    c,
                    &format!("in literal {name} (expecting {})", quote_char(want)),
                ));
            }
        }
    }
    *i += word.len();
    Ok(())
}

/// Builds values from input `check_valid` accepted.
struct Decoder<'a> {
    data: &'a [u8],
    pos: usize,
    error: Option<String>,
}

enum Frame {
    Object(BTreeMap<String, Value>, Option<String>),
    Array(Vec<Value>),
}

impl Decoder<'_> {
    fn skip(&mut self) {
        while self.pos < self.data.len() && is_space(self.data[self.pos]) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> u8 {
        self.data.get(self.pos).copied().unwrap_or(0)
    }

    /// Decodes one value iteratively (the input is known to be valid).
    fn value(&mut self) -> Value {
        let mut stack: Vec<Frame> = Vec::new();
        loop {
            self.skip();
            let mut done = match self.peek() {
                b'{' => {
                    self.pos += 1;
                    self.skip();
                    if self.peek() == b'}' {
                        self.pos += 1;
                        Value::empty_map()
                    } else {
                        let key = self.key();
                        stack.push(Frame::Object(BTreeMap::new(), Some(key)));
                        continue;
                    }
                }
                b'[' => {
                    self.pos += 1;
                    self.skip();
                    if self.peek() == b']' {
                        self.pos += 1;
                        Value::list(Vec::new())
                    } else {
                        stack.push(Frame::Array(Vec::new()));
                        continue;
                    }
                }
                b'"' => Value::from(self.string()),
                b't' => {
                    self.pos += 4;
                    Value::Bool(true)
                }
                b'f' => {
                    self.pos += 5;
                    Value::Bool(false)
                }
                b'n' => {
                    self.pos += 4;
                    Value::Nil
                }
                _ => self.number(),
            };
            // Attach the finished value to its parent, closing containers.
            loop {
                let Some(frame) = stack.last_mut() else {
                    return done;
                };
                self.skip();
                let c = self.peek();
                self.pos += 1;
                match frame {
                    Frame::Object(map, key) => {
                        if let Some(k) = key.take() {
                            map.insert(k, done);
                        }
                        if c == b',' {
                            *key = Some(self.key());
                            break;
                        }
                        let map = std::mem::take(map);
                        stack.pop();
                        done = Value::map(map);
                    }
                    Frame::Array(items) => {
                        items.push(done);
                        if c == b',' {
                            break;
                        }
                        let items = std::mem::take(items);
                        stack.pop();
                        done = Value::list(items);
                    }
                }
            }
        }
    }

    /// An object key and its colon.
    fn key(&mut self) -> String {
        self.skip();
        let key = self.string();
        self.skip();
        self.pos += 1; // ':'
        key
    }

    fn number(&mut self) -> Value {
        let start = self.pos;
        while self.pos < self.data.len()
            && matches!(
                self.data[self.pos],
                b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'
            )
        {
            self.pos += 1;
        }
        let text = std::str::from_utf8(&self.data[start..self.pos]).unwrap_or("0");
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Value::Float(f),
            _ => {
                if self.error.is_none() {
                    self.error = Some(format!(
                        "json: cannot unmarshal number {text} into Go value of type float64"
                    ));
                }
                Value::Nil
            }
        }
    }

    /// A string literal: escapes decoded, surrogate pairs joined, lone
    /// surrogates and invalid UTF-8 replaced by U+FFFD (Go's `unquote`).
    fn string(&mut self) -> String {
        self.pos += 1;
        let mut buf: Vec<u8> = Vec::new();
        while self.pos < self.data.len() {
            let c = self.data[self.pos];
            self.pos += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = self.peek();
                    self.pos += 1;
                    let ch = match e {
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let r = self.hex4();
                            if (0xd800..0xdc00).contains(&r)
                                && self.data.get(self.pos) == Some(&b'\\')
                                && self.data.get(self.pos + 1) == Some(&b'u')
                            {
                                let save = self.pos;
                                self.pos += 2;
                                let r2 = self.hex4();
                                if (0xdc00..0xe000).contains(&r2) {
                                    let u = 0x10000 + ((r - 0xd800) << 10) + (r2 - 0xdc00);
                                    char::from_u32(u).unwrap_or('\u{fffd}')
                                } else {
                                    self.pos = save;
                                    '\u{fffd}'
                                }
                            } else {
                                char::from_u32(r).unwrap_or('\u{fffd}')
                            }
                        }
                        other => char::from(other),
                    };
                    let mut tmp = [0u8; 4];
                    buf.extend_from_slice(ch.encode_utf8(&mut tmp).as_bytes());
                }
                _ => buf.push(c),
            }
        }
        String::from_utf8_lossy(&buf).into_owned()
    }

    fn hex4(&mut self) -> u32 {
        let mut r = 0u32;
        for _ in 0..4 {
            let h = self.peek();
            self.pos += 1;
            r = r * 16 + char::from(h).to_digit(16).unwrap_or(0);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, Value)]) -> Value {
        Value::map_from_pairs(pairs)
    }

    #[test]
    fn floats_encode_like_go() {
        let cases = [
            (1000000.0, "1000000"),
            (12345678901.0, "12345678901"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (1.5, "1.5"),
            (-0.0, "-0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.5e300, "1.5e+300"),
            (-1e-10, "-1e-10"),
        ];
        for (f, want) in cases {
            assert_eq!(format_json_float(f).as_deref(), Ok(want), "{f}");
        }
        assert_eq!(
            to_json(&Value::Float(f64::NAN)),
            Err("json: unsupported value: NaN".to_string())
        );
        assert_eq!(
            to_json(&Value::list(vec![Value::Float(f64::NEG_INFINITY)])),
            Err("json: unsupported value: -Inf".to_string())
        );
    }

    #[test]
    fn strings_escape_like_go() {
        let v = Value::str("<a&b> \"q\" \\ \n\t\r\u{8}\u{c}\u{1}\u{7f} é \u{2028}\u{2029}");
        assert_eq!(
            to_json(&v).unwrap_or_default(),
            "\"\\u003ca\\u0026b\\u003e \\\"q\\\" \\\\ \\n\\t\\r\\b\\f\\u0001\u{7f} é \\u2028\\u2029\""
        );
        assert_eq!(
            to_json_raw(&v).unwrap_or_default(),
            "\"<a&b> \\\"q\\\" \\\\ \\n\\t\\r\\b\\f\\u0001\u{7f} é \\u2028\\u2029\""
        );
        assert_eq!(
            to_json(&Value::Bytes(b"hello".to_vec().into())).unwrap_or_default(),
            "\"aGVsbG8=\""
        );
    }

    #[test]
    fn collections_encode_like_go() {
        let v = map(&[
            (
                "b",
                Value::list(vec![Value::Int(1), Value::Nil, Value::Bool(true)]),
            ),
            ("a", map(&[])),
            ("c", Value::list(vec![])),
            ("d", map(&[("x", Value::Float(2.5))])),
        ]);
        assert_eq!(
            to_json(&v).unwrap_or_default(),
            r#"{"a":{},"b":[1,null,true],"c":[],"d":{"x":2.5}}"#
        );
        assert_eq!(
            to_json_pretty(&v).unwrap_or_default(),
            "{\n  \"a\": {},\n  \"b\": [\n    1,\n    null,\n    true\n  ],\n  \"c\": [],\n  \"d\": {\n    \"x\": 2.5\n  }\n}"
        );
        assert_eq!(to_json(&Value::Nil).unwrap_or_default(), "null");
    }

    /// The values of tests/golden/fn-fmt-json/json-encode, checked against
    /// the three encodings Helm printed for them.
    #[test]
    fn encodings_match_helm_golden() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/golden/fn-fmt-json/json-encode/helm3.stdout"
        );
        let Ok(golden) = std::fs::read_to_string(path) else {
            panic!("missing {path}");
        };
        let f = Value::Float;
        let v = map(&[
            ("big", f(1e6)),
            ("huge", f(1e21)),
            ("e20", f(1e20)),
            ("tiny", f(1e-7)),
            ("small", f(1e-6)),
            ("f", f(1.5)),
            ("neg", f(-0.25)),
            ("i", f(12345678901.0)),
            ("s", Value::str("<a&b> \"q\" \\ é")),
            ("t", Value::Bool(true)),
            ("false", Value::Nil),
            (
                "l",
                Value::list(vec![
                    f(1.0),
                    Value::str("two"),
                    Value::Nil,
                    map(&[("z", f(1.0)), ("a", Value::list(vec![]))]),
                ]),
            ),
            ("e", map(&[])),
            ("ctl", Value::str("tab\there\u{1}\u{8}\u{c}\u{2028}")),
            ("key<", f(1.0)),
        ]);
        let line = |i: usize| {
            let prefix = format!("  [{i}] ");
            golden
                .lines()
                .find_map(|l| {
                    l.strip_prefix(&prefix)
                        .map(|r| r.trim_end_matches('|').to_string())
                })
                .unwrap_or_default()
        };
        assert_eq!(to_json(&v).unwrap_or_default(), line(0));
        assert_eq!(to_json_raw(&v).unwrap_or_default(), line(2));
        // [1] is `toPrettyJson | nindent 4`: the lines after "  [1] ".
        let start = golden.find("  [1] \n").map(|i| i + 7).unwrap_or(0);
        let end = golden.find("|\n  [2]").unwrap_or(golden.len());
        let pretty: Vec<&str> = golden[start..end]
            .lines()
            .map(|l| l.get(4..).unwrap_or(""))
            .collect();
        assert_eq!(to_json_pretty(&v).unwrap_or_default(), pretty.join("\n"));
    }

    #[test]
    fn keys_and_unicode_match_helm() {
        // Expectations from tests/golden/fn-fmt-json/json-keys-unicode.
        let f = Value::Float;
        let v = map(&[
            ("z", f(1.0)),
            ("é", f(2.0)),
            ("A", f(3.0)),
            ("_", f(4.0)),
            ("a\"b", f(5.0)),
            ("<k>", f(6.0)),
            ("10", f(7.0)),
            ("9", f(8.0)),
            ("emoji", Value::str("🎉 \u{2029} \u{a0} \u{200b}")),
            ("nz", f(-0.0)),
            (
                "list",
                Value::list(vec![
                    f(1.0),
                    f(2.5),
                    f(1e-7),
                    f(123456789.0),
                    f(f64::MAX),
                    f(5e-324),
                ]),
            ),
        ]);
        let tail = "\"A\":3,\"_\":4,\"a\\\"b\":5,\"emoji\":\"🎉 \\u2029 \u{a0} \u{200b}\",\"list\":[1,2.5,1e-7,123456789,1.7976931348623157e+308,5e-324],\"nz\":-0,\"z\":1,\"é\":2}";
        assert_eq!(
            to_json(&v).unwrap_or_default(),
            format!("{{\"10\":7,\"9\":8,\"\\u003ck\\u003e\":6,{tail}")
        );
        assert_eq!(
            to_json_raw(&v).unwrap_or_default(),
            format!("{{\"10\":7,\"9\":8,\"<k>\":6,{tail}")
        );
    }

    #[test]
    fn decode_errors_match_go() {
        let cases = [
            ("", "unexpected end of JSON input"),
            ("   ", "unexpected end of JSON input"),
            ("x", "invalid character 'x' looking for beginning of value"),
            ("{", "unexpected end of JSON input"),
            (
                "{a}",
                "invalid character 'a' looking for beginning of object key string",
            ),
            ("{\"a\" 1}", "invalid character '1' after object key"),
            (
                "{\"a\":1 2}",
                "invalid character '2' after object key:value pair",
            ),
            (
                "{\"a\":1,}",
                "invalid character '}' looking for beginning of object key string",
            ),
            ("[1 2]", "invalid character '2' after array element"),
            (
                "[1,]",
                "invalid character ']' looking for beginning of value",
            ),
            ("1 2", "invalid character '2' after top-level value"),
            ("01", "invalid character '1' after top-level value"),
            ("-x", "invalid character 'x' in numeric literal"),
            (
                "1.x",
                "invalid character 'x' after decimal point in numeric literal",
            ),
            (
                "1ex",
                "invalid character 'x' in exponent of numeric literal",
            ),
            ("tru", "unexpected end of JSON input"),
            (
                "trux",
                "invalid character 'x' in literal true (expecting 'e')",
            ),
            ("nul", "unexpected end of JSON input"),
            (
                "fals3",
                "invalid character '3' in literal false (expecting 'e')",
            ),
            ("\"a\\x\"", "invalid character 'x' in string escape code"),
            (
                "\"\\u12g4\"",
                "invalid character 'g' in \\u hexadecimal character escape",
            ),
            ("\"a\nb\"", "invalid character '\\n' in string literal"),
            (
                "'a'",
                "invalid character '\\'' looking for beginning of value",
            ),
            (
                "1e400",
                "json: cannot unmarshal number 1e400 into Go value of type float64",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(from_json(input), Err(want.to_string()), "{input:?}");
        }
    }

    #[test]
    fn decode_values_like_go() {
        let v = from_json(
            r#" {"b":[1,2.5,"x",null,true,false,{}],"a":"\u00e9\ud83c\udf89\n","a":"last"} "#,
        );
        assert_eq!(
            v.map(|v| v.to_go_string()),
            Ok("map[a:last b:[1 2.5 x <nil> true false map[]]]".to_string())
        );
        assert_eq!(
            from_json(r#""\u00e9\ud83c\udf89\ud800x""#).map(|v| v.to_go_string()),
            Ok("é🎉\u{fffd}x".to_string())
        );
        let d = unmarshal(b"[1]", Target::Map);
        assert_eq!(
            d.error.as_deref(),
            Some("json: cannot unmarshal array into Go value of type map[string]interface {}")
        );
        // tests/golden/fn-fmt-json/json-decode-numbers
        let v = from_json(r#"{"a":1e-400,"b":-0,"c":0.1e1,"d":12345678901234567890}"#);
        assert_eq!(
            v.and_then(|v| to_json(&v)),
            Ok(r#"{"a":0,"b":-0,"c":1,"d":12345678901234567000}"#.to_string())
        );
        let v = from_json("[1E2, -1.5e-3, 9007199254740993]");
        assert_eq!(
            v.and_then(|v| to_json(&v)),
            Ok("[100,-0.0015,9007199254740992]".to_string())
        );
        let d = unmarshal(b" 1e400", Target::Map);
        assert_eq!(
            d.error.as_deref(),
            Some("json: cannot unmarshal number into Go value of type map[string]interface {}")
        );
        let d = unmarshal(b"{\"a\":1}", Target::List);
        assert_eq!(
            d.error.as_deref(),
            Some("json: cannot unmarshal object into Go value of type []interface {}")
        );
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(
            from_json(&deep),
            Err("invalid character '[' exceeded max depth".to_string())
        );
    }
}

#[cfg(test)]
mod deep_tests {
    use super::*;

    #[test]
    fn deep_nesting_does_not_overflow() {
        let src = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(
            from_json(&src),
            Err("invalid character '[' exceeded max depth".to_string())
        );
        let depth = MAX_ENCODE_DEPTH;
        let src = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let v = from_json(&src).unwrap_or_default();
        assert_eq!(to_json(&v).map(|s| s.len()), Ok(2 * depth));
        let v = Value::list(vec![Value::list(vec![Value::list(vec![v])])]);
        assert!(to_json(&v).is_err());
        let p = crate::value::printf::sprintf("%v", std::slice::from_ref(&v));
        assert!(p.contains("%!v(DEPTH)"));
        let p = crate::value::printf::sprintf("%#v", std::slice::from_ref(&v));
        assert!(p.contains("%!v(DEPTH)"));
        let t = crate::value::toml::to_toml(
            &Value::map(BTreeMap::from([("a".to_string(), v.clone())])),
            crate::value::toml::Flavor::Helm3,
        );
        assert!(t.is_err());
        drop(v);
    }
}

#[cfg(test)]
mod fuzz_tests {
    use super::*;

    /// Random inputs over each format's alphabet never panic.
    #[test]
    fn random_inputs_never_panic() {
        let json = [
            "{", "}", "[", "]", "\"", "\\", "u", "d8", "00", ":", ",", "1", "-", ".", "e", "true",
            "n", " ", "é", "\n",
        ];
        let toml = [
            "a", " = ", "{", "}", "[", "]", "\"", "'''", "\\", "e", "x", "07:32", ",", "\n", "#",
            "1", ".", "é", "=", "tru",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..5_000 {
            let n = (next() % 12) as usize;
            let s: String = (0..n)
                .map(|_| json[(next() % json.len() as u64) as usize])
                .collect();
            for target in [Target::Any, Target::Map, Target::List] {
                let _ = unmarshal(s.as_bytes(), target);
            }
            let t: String = (0..n)
                .map(|_| toml[(next() % toml.len() as u64) as usize])
                .collect();
            let _ = crate::value::toml::from_toml(&t, crate::value::toml::Flavor::Helm3);
            let _ = crate::value::toml::from_toml(&t, crate::value::toml::Flavor::Helm4);
        }
    }
}

/// Go's `json.NewDecoder(r).Decode(&v)` on a prefix of `s`: decodes the
/// first JSON value and returns it with the number of bytes it used
/// (`dec.InputOffset()`), leaving what follows (`--set-json a=1,b=2`).
pub fn decode_prefix(s: &str) -> Result<(Value, usize), String> {
    let data = s.as_bytes();
    let end = value_end(data)?;
    let value = from_json(&s[..end])?;
    Ok((value, end))
}

/// The end offset of the first JSON value in `data` (leading spaces skipped).
fn value_end(data: &[u8]) -> Result<usize, String> {
    let mut i = 0usize;
    while i < data.len() && is_space(data[i]) {
        i += 1;
    }
    let mut depth = 0usize;
    loop {
        while i < data.len() && is_space(data[i]) {
            i += 1;
        }
        let Some(&c) = data.get(i) else {
            return Err(EOF.to_string());
        };
        match c {
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(syntax(c, "exceeded max depth"));
                }
                i += 1;
                continue;
            }
            b'}' | b']' if depth > 0 => {
                depth -= 1;
                i += 1;
            }
            b',' | b':' if depth > 0 => {
                i += 1;
                continue;
            }
            b'"' => scan_string(data, &mut i)?,
            b'-' | b'0'..=b'9' => scan_number(data, &mut i)?,
            b't' => scan_literal(data, &mut i, b"true")?,
            b'f' => scan_literal(data, &mut i, b"false")?,
            b'n' => scan_literal(data, &mut i, b"null")?,
            _ => return Err(syntax(c, "looking for beginning of value")),
        }
        if depth == 0 {
            return Ok(i);
        }
    }
}
