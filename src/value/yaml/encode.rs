//! The encoders' decisions (go-yaml `encode.go`, `sorter.go`): how each Go
//! value becomes a scalar and which style a string asks for, plus the JSON
//! round trip of `sigs.k8s.io/yaml.Marshal`.

use super::emit::{self, Node, Profile, Style};
use super::resolve::{self, STR_TAG, Schema};
use crate::value::Value;
use crate::value::fmt::format_float_g;

/// Helm's `toYaml` before its trailing newline is trimmed:
/// `sigs.k8s.io/yaml.Marshal` (json.Marshal, then go-yaml v2 re-encodes the
/// JSON). The error is Go's text; Helm's `toYaml` turns it into "".
pub fn to_yaml(value: &Value) -> Result<String, String> {
    let node = json_node(value, 0)?;
    emit::emit(
        &node,
        Profile {
            width: 80,
            indentless_sequences: true,
            tabs_in_blocks: false,
        },
    )
}

/// Helm's `toYamlPretty` before its trailing newline is trimmed: go-yaml v3's
/// encoder with `SetIndent(2)`, straight from the Go values (no JSON step).
pub fn to_yaml_pretty(value: &Value) -> Result<String, String> {
    let node = v3_node(value, 0)?;
    emit::emit(
        &node,
        Profile {
            width: usize::MAX,
            indentless_sequences: false,
            tabs_in_blocks: true,
        },
    )
}

const MAX_DEPTH: usize = 1000;

fn too_deep() -> String {
    format!("yaml: exceeded max depth of {MAX_DEPTH}")
}

/// A value after `json.Marshal` and go-yaml v2's decoding of that JSON.
fn json_node(value: &Value, depth: usize) -> Result<Node, String> {
    if depth > MAX_DEPTH {
        return Err(too_deep());
    }
    Ok(match value {
        Value::Nil => plain("null"),
        Value::Bool(b) => plain(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => plain(&i.to_string()),
        Value::Float(f) => {
            if !f.is_finite() {
                return Err(format!(
                    "error marshaling into JSON: json: unsupported value: {}",
                    format_float_g(*f)
                ));
            }
            plain(&json_float_as_yaml(*f))
        }
        Value::String(s) => string_node(&json_string_roundtrip(s)?, Schema::V2),
        Value::Bytes(b) => string_node(&base64_encode(b), Schema::V2),
        Value::List(l) if l.nil => plain("null"),
        Value::List(l) => Node::Seq(
            l.items
                .iter()
                .map(|v| json_node(v, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        // sigs.k8s.io/yaml goes through JSON, where a nil map or slice is `null`.
        Value::Map(m) if m.is_nil() => plain("null"),
        Value::Map(m) => {
            let mut pairs = Vec::with_capacity(m.entries().len());
            for (k, v) in &*m.entries() {
                let key = json_string_roundtrip(k)?;
                pairs.push((key, json_node(v, depth + 1)?));
            }
            sort_keys(&mut pairs);
            Node::Map(
                pairs
                    .into_iter()
                    .map(|(k, v)| (string_node(&k, Schema::V2), v))
                    .collect(),
            )
        }
        Value::Object(o) => json_node(&o.to_data(), depth + 1)?,
    })
}

/// go-yaml v3 encoding of the Go values themselves.
fn v3_node(value: &Value, depth: usize) -> Result<Node, String> {
    if depth > MAX_DEPTH {
        return Err(too_deep());
    }
    Ok(match value {
        Value::Nil => plain("null"),
        Value::Bool(b) => plain(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => plain(&i.to_string()),
        Value::Float(f) => plain(&yaml_float(*f)),
        Value::String(s) => string_node(s, Schema::V3),
        // v3 writes []byte as a sequence of integers.
        Value::Bytes(b) => Node::Seq(b.iter().map(|x| plain(&x.to_string())).collect()),
        Value::List(l) => Node::Seq(
            l.items
                .iter()
                .map(|v| v3_node(v, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Map(m) => {
            let mut pairs = Vec::with_capacity(m.entries().len());
            for (k, v) in &*m.entries() {
                pairs.push((k.clone(), v3_node(v, depth + 1)?));
            }
            sort_keys(&mut pairs);
            Node::Map(
                pairs
                    .into_iter()
                    .map(|(k, v)| (string_node(&k, Schema::V3), v))
                    .collect(),
            )
        }
        // v3 writes a time.Time as a plain RFC 3339 timestamp (`timev`).
        Value::Object(o) if o.type_name() == "time.Time" => match o.to_data() {
            Value::String(s) => plain(&s),
            other => v3_node(&other, depth + 1)?,
        },
        Value::Object(o) => v3_node(&o.to_data(), depth + 1)?,
    })
}

fn plain(s: &str) -> Node {
    Node::Scalar(s.to_string(), Style::Plain)
}

/// go-yaml's float spelling: `strconv.FormatFloat(f, 'g', -1, 64)`, `.inf`.
fn yaml_float(f: f64) -> String {
    if f.is_nan() {
        ".nan".into()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.into()
    } else {
        format_float_g(f)
    }
}

/// A float64 after json.Marshal and go-yaml v2's resolution of the JSON
/// number: integral values below 1e21 come back as ints (if they fit 64
/// bits), everything else as a float printed with `%g`.
fn json_float_as_yaml(f: f64) -> String {
    if f == f.trunc() && f.abs() < 1e21 {
        if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
            return (f as i64).to_string();
        }
        if (0.0..18_446_744_073_709_551_616.0).contains(&f) {
            return (f as u64).to_string();
        }
    }
    format_float_g(f)
}

/// go-yaml's `stringv`: a literal block for multi-line text, plain when the
/// text would read back as the same string, else double quotes.
fn string_node(s: &str, schema: Schema) -> Node {
    let style = if s.contains('\n') {
        Style::Literal
    } else {
        let rtag = resolve::resolve("", s, schema)
            .map(|(t, _)| t)
            .unwrap_or("");
        let mut can_plain = rtag == STR_TAG && !resolve::is_base60_float(s);
        if schema == Schema::V3 && resolve::is_old_bool(s) {
            can_plain = false;
        }
        if can_plain {
            Style::Plain
        } else {
            Style::DoubleQuoted
        }
    };
    Node::Scalar(s.to_string(), style)
}

/// What a Go string looks like after json.Marshal and go-yaml v2's reading
/// of the JSON text: characters the YAML reader refuses fail, and a raw NEL
/// (which JSON does not escape) is a line break folded inside the
/// double-quoted scalar.
fn json_string_roundtrip(s: &str) -> Result<String, String> {
    for c in s.chars() {
        let v = c as u32;
        if v == 0x7F || ((0x80..=0x9F).contains(&v) && v != 0x85) || v == 0xFFFE || v == 0xFFFF {
            return Err(
                "error converting JSON to YAML: yaml: control characters are not allowed".into(),
            );
        }
    }
    if !s.contains('\u{85}') {
        return Ok(s.to_string());
    }
    // libyaml's flow scalar scanning: blanks before a break are dropped,
    // blanks after it skipped; one break folds to a space, more keep n-1.
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i] != ' ' && chars[i] != '\u{85}' {
            out.push(chars[i]);
            i += 1;
        }
        let mut whitespace = String::new();
        let mut leading_break = false;
        let mut trailing_breaks = 0usize;
        while i < chars.len() && (chars[i] == ' ' || chars[i] == '\u{85}') {
            if chars[i] == ' ' {
                if !leading_break {
                    whitespace.push(' ');
                }
            } else if !leading_break {
                whitespace.clear();
                leading_break = true;
            } else {
                trailing_breaks += 1;
            }
            i += 1;
        }
        if leading_break {
            if trailing_breaks == 0 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', trailing_breaks));
            }
        } else {
            out.push_str(&whitespace);
        }
    }
    Ok(out)
}

/// encoding/json's `[]byte`: standard base64 with padding.
fn base64_encode(data: &[u8]) -> String {
    crate::value::json::base64_std(data)
}

/// go-yaml's `keyList.Less` for string keys: letters by code point after
/// non-letters, runs of digits compared as numbers.
pub(crate) fn key_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let digit = |c: char| c.is_ascii_digit();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let mut an: i64 = 0;
        let mut bn: i64 = 0;
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && digit(ar[j - 1]) {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && digit(ar[ai]) {
            an = an
                .wrapping_mul(10)
                .wrapping_add(i64::from(ar[ai] as u8 - b'0'));
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && digit(br[bi]) {
            bn = bn
                .wrapping_mul(10)
                .wrapping_add(i64::from(br[bi] as u8 - b'0'));
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Sorts by [`key_less`] with a merge sort: the relation is not always
/// transitive (Go's output then depends on map order), and std's sorts may
/// panic on such comparators.
fn sort_keys<T>(pairs: &mut Vec<(String, T)>) {
    let items = std::mem::take(pairs);
    *pairs = merge_sort(items);
}

fn merge_sort<T>(mut items: Vec<(String, T)>) -> Vec<(String, T)> {
    if items.len() <= 1 {
        return items;
    }
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(items);
    let right = merge_sort(right);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    loop {
        let take_right = match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => key_less(&b.0, &a.0),
            (Some(_), None) => false,
            (None, Some(_)) => true,
            (None, None) => break,
        };
        let next = if take_right { r.next() } else { l.next() };
        out.extend(next);
    }
    out
}
