//! go-yaml v2's decoding into `interface{}` (`decode.go`), then
//! sigs.k8s.io/yaml's conversion to JSON and encoding/json's decoding back
//! (numbers become float64, keys become strings).

use std::collections::{BTreeMap, HashSet};

use super::YamlError;
use super::compose::{Doc, NodeId, NodeKind};
use super::resolve::{self, BINARY_TAG, MERGE_TAG, Scalar, Schema};
use crate::value::Value;

/// A Go value as go-yaml v2 produces it for `interface{}`: integers and
/// floats kept apart (manifest validation needs the difference that Helm's
/// values pipeline erases), maps in document order.
#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    /// `null`, `~` or an empty value.
    Nil,
    /// A YAML 1.1 boolean (`true`, `yes`, `on`…).
    Bool(bool),
    /// An integer that fits int64.
    Int(i64),
    /// An integer above int64's range.
    Uint(u64),
    /// A float.
    Float(f64),
    /// A string (also timestamps and decoded `!!binary`).
    Str(String),
    /// A sequence.
    Seq(Vec<Raw>),
    /// `map[interface{}]interface{}` in insertion order, keys unique.
    Map(Vec<(Raw, Raw)>),
}

impl Raw {
    /// Go's `==` on interface map keys.
    fn key_eq(&self, other: &Raw) -> bool {
        match (self, other) {
            (Raw::Nil, Raw::Nil) => true,
            (Raw::Bool(a), Raw::Bool(b)) => a == b,
            (Raw::Int(a), Raw::Int(b)) => a == b,
            (Raw::Uint(a), Raw::Uint(b)) => a == b,
            (Raw::Float(a), Raw::Float(b)) => a == b,
            (Raw::Str(a), Raw::Str(b)) => a == b,
            _ => false,
        }
    }
}

const ALIAS_RATIO_RANGE_LOW: f64 = 400_000.0;
const ALIAS_RATIO_RANGE_HIGH: f64 = 4_000_000.0;

/// go-yaml v2's `allowedAliasRatio`: the billion-laughs guard.
fn allowed_alias_ratio(decode_count: u64) -> f64 {
    let d = decode_count as f64;
    if d <= ALIAS_RATIO_RANGE_LOW {
        0.99
    } else if d >= ALIAS_RATIO_RANGE_HIGH {
        0.10
    } else {
        0.99 - 0.89
            * ((d - ALIAS_RATIO_RANGE_LOW) / (ALIAS_RATIO_RANGE_HIGH - ALIAS_RATIO_RANGE_LOW))
    }
}

struct Decoder<'d> {
    doc: &'d Doc<'d>,
    decode_count: u64,
    alias_count: u64,
    alias_depth: u32,
    active_aliases: HashSet<NodeId>,
    depth: usize,
}

fn fail(doc: &Doc<'_>, id: NodeId, text: String) -> YamlError {
    let m = doc.nodes[id].mark;
    YamlError::convert(text, Some((m.line + 1, m.column + 1)))
}

impl<'d> Decoder<'d> {
    fn new(doc: &'d Doc<'d>) -> Decoder<'d> {
        Decoder {
            doc,
            // The document node counts as one decode in go-yaml.
            decode_count: 1,
            alias_count: 0,
            alias_depth: 0,
            active_aliases: HashSet::new(),
            depth: 0,
        }
    }

    fn unmarshal(&mut self, id: NodeId) -> Result<Raw, YamlError> {
        self.decode_count += 1;
        if self.alias_depth > 0 {
            self.alias_count += 1;
        }
        if self.alias_count > 100
            && self.decode_count > 1000
            && self.alias_count as f64 / self.decode_count as f64
                > allowed_alias_ratio(self.decode_count)
        {
            return Err(fail(
                self.doc,
                id,
                "yaml: document contains excessive aliasing".into(),
            ));
        }
        self.depth += 1;
        if self.depth > 10_000 {
            return Err(fail(
                self.doc,
                id,
                "yaml: exceeded max depth of 10000".into(),
            ));
        }
        let out = self.node(id);
        self.depth -= 1;
        out
    }

    fn node(&mut self, id: NodeId) -> Result<Raw, YamlError> {
        let doc = self.doc;
        let node = &doc.nodes[id];
        match &node.kind {
            NodeKind::Alias { name, target } => {
                if !self.active_aliases.insert(id) {
                    return Err(fail(
                        doc,
                        id,
                        format!("yaml: anchor '{name}' value contains itself"),
                    ));
                }
                self.alias_depth += 1;
                let out = self.unmarshal(*target);
                self.alias_depth -= 1;
                self.active_aliases.remove(&id);
                out
            }
            NodeKind::Scalar {
                value, implicit, ..
            } => self.scalar(id, value, *implicit, &node.tag),
            NodeKind::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len().min(1024));
                for &item in items {
                    out.push(self.unmarshal(item)?);
                }
                Ok(Raw::Seq(out))
            }
            NodeKind::Mapping(pairs) => {
                let mut out = MapBuilder {
                    pairs: Vec::with_capacity(pairs.len().min(1024)),
                    ..MapBuilder::default()
                };
                self.mapping_into(id, &mut out)?;
                Ok(Raw::Map(out.pairs))
            }
        }
    }

    fn scalar(
        &mut self,
        id: NodeId,
        value: &str,
        implicit: bool,
        tag: &str,
    ) -> Result<Raw, YamlError> {
        if tag.is_empty() && !implicit {
            return Ok(Raw::Str(value.to_string()));
        }
        if tag == BINARY_TAG {
            let bytes = base64_decode(value).ok_or_else(|| {
                fail(
                    self.doc,
                    id,
                    "yaml: !!binary value contains invalid base64 data".into(),
                )
            })?;
            return Ok(Raw::Str(String::from_utf8_lossy(&bytes).into_owned()));
        }
        let (_, scalar) = resolve::resolve(tag, value, Schema::V2)
            .map_err(|e| fail(self.doc, id, format!("yaml: {e}")))?;
        Ok(match scalar {
            Scalar::Null => Raw::Nil,
            Scalar::Bool(b) => Raw::Bool(b),
            Scalar::Int(i) => Raw::Int(i),
            Scalar::Uint(u) => Raw::Uint(u),
            Scalar::Float(f) => Raw::Float(f),
            Scalar::Str | Scalar::Timestamp => Raw::Str(value.to_string()),
            Scalar::Merge => Raw::Str("<<".into()),
        })
    }

    fn is_merge(&self, id: NodeId) -> bool {
        let node = &self.doc.nodes[id];
        matches!(&node.kind, NodeKind::Scalar { value, implicit, .. }
            if value == "<<" && (*implicit || node.tag == MERGE_TAG))
    }

    /// `d.mapping`: decodes pairs in order into `out`; later keys win, and a
    /// `<<` merges its map(s) at that point.
    fn mapping_into(&mut self, id: NodeId, out: &mut MapBuilder) -> Result<(), YamlError> {
        let doc = self.doc;
        let NodeKind::Mapping(pairs) = &doc.nodes[id].kind else {
            return Ok(());
        };
        for &(k, v) in pairs {
            if self.is_merge(k) {
                self.merge(v, out)?;
                continue;
            }
            let key = self.unmarshal(k)?;
            if matches!(key, Raw::Seq(_) | Raw::Map(_)) {
                return Err(fail(
                    doc,
                    k,
                    format!("yaml: invalid map key: {}", go_sharp_v(&key, true)),
                ));
            }
            let value = self.unmarshal(v)?;
            out.set(key, value);
        }
        Ok(())
    }

    fn merge(&mut self, id: NodeId, out: &mut MapBuilder) -> Result<(), YamlError> {
        let doc = self.doc;
        let want_map = || {
            fail(
                doc,
                id,
                "yaml: map merge requires map or sequence of maps as the value".into(),
            )
        };
        let is_map = |n: NodeId| match &doc.nodes[n].kind {
            NodeKind::Mapping(_) => true,
            NodeKind::Alias { target, .. } => {
                matches!(doc.nodes[*target].kind, NodeKind::Mapping(_))
            }
            _ => false,
        };
        match &doc.nodes[id].kind {
            NodeKind::Mapping(_) | NodeKind::Alias { .. } => {
                if !is_map(id) {
                    return Err(want_map());
                }
                self.merge_one(id, out)
            }
            NodeKind::Sequence(items) => {
                // Earlier maps take precedence, so go backwards.
                for &item in items.iter().rev() {
                    if !is_map(item) {
                        return Err(want_map());
                    }
                    self.merge_one(item, out)?;
                }
                Ok(())
            }
            NodeKind::Scalar { .. } => Err(want_map()),
        }
    }

    fn merge_one(&mut self, id: NodeId, out: &mut MapBuilder) -> Result<(), YamlError> {
        // Decode as a value (counting aliases like go-yaml), then set its keys.
        if let Raw::Map(pairs) = self.unmarshal(id)? {
            for (k, v) in pairs {
                out.set(k, v);
            }
        }
        Ok(())
    }
}

/// A `map[interface{}]interface{}` being filled: pairs in insertion order,
/// plus an index of string keys once the map is big enough for a linear
/// search to cost more than hashing (nearly all maps stay below that).
#[derive(Default)]
struct MapBuilder {
    pairs: Vec<(Raw, Raw)>,
    strings: std::collections::HashMap<String, usize>,
}

/// Maps with more pairs than this index their string keys.
const LINEAR_MAP: usize = 16;

impl MapBuilder {
    /// Go's `m[k] = v`: an equal key is overwritten in place.
    fn set(&mut self, key: Raw, value: Raw) {
        let slot = match &key {
            Raw::Str(s) if self.pairs.len() > LINEAR_MAP => self.strings.get(s).copied(),
            _ => self.pairs.iter().position(|(k, _)| k.key_eq(&key)),
        };
        match slot {
            Some(i) => self.pairs[i].1 = value,
            None => {
                if self.pairs.len() == LINEAR_MAP {
                    // Index the string keys so far; later ones go in as added.
                    for (i, (k, _)) in self.pairs.iter().enumerate() {
                        if let Raw::Str(s) = k {
                            self.strings.entry(s.clone()).or_insert(i);
                        }
                    }
                }
                if self.pairs.len() >= LINEAR_MAP
                    && let Raw::Str(s) = &key
                {
                    self.strings.insert(s.clone(), self.pairs.len());
                }
                self.pairs.push((key, value));
            }
        }
    }
}

/// Go's `base64.StdEncoding.DecodeString`, which skips `\r` and `\n`.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let clean: Vec<u8> = s.bytes().filter(|&b| b != b'\r' && b != b'\n').collect();
    if clean.len() % 4 != 0 {
        return None;
    }
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let mut out = Vec::with_capacity(clean.len() / 4 * 3);
    let chunks = clean.len() / 4;
    for (n, chunk) in clean.chunks(4).enumerate() {
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && n + 1 != chunks) {
            return None;
        }
        let mut acc = 0u32;
        for &c in &chunk[..4 - pad] {
            acc = (acc << 6) | val(c)?;
        }
        acc <<= 6 * pad as u32;
        let bytes = [(acc >> 16) as u8, (acc >> 8) as u8, acc as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

/// Decodes the first document of `text` as go-yaml v2 does into `interface{}`.
pub(crate) fn decode_raw(text: &[u8]) -> Result<Raw, YamlError> {
    decode_doc(&super::compose::compose(text)?)
}

/// Decodes an already composed document (nil when it is empty).
pub(crate) fn decode_doc(doc: &Doc<'_>) -> Result<Raw, YamlError> {
    let Some(root) = doc.root else {
        return Ok(Raw::Nil);
    };
    Decoder::new(doc).unmarshal(root)
}

/// For a plain document (no aliases, tags or merge keys, so decoding cannot
/// fail) that converts to JSON cleanly: the decoded values of the root
/// mapping's entries under `keys` (the last of repeated ones), without
/// decoding the rest. `None` for any other document.
pub(crate) fn decode_entries(doc: &Doc<'_>, keys: &[&str]) -> Option<Vec<(Raw, Raw)>> {
    let root = doc.root?;
    let NodeKind::Mapping(pairs) = &doc.nodes[root].kind else {
        return None;
    };
    if !plain_and_clean(doc) {
        return None;
    }
    let mut d = Decoder::new(doc);
    let mut out = Vec::new();
    for key in keys {
        let found = pairs.iter().rev().find(|(k, _)| {
            // A plain scalar spelled like these keys resolves to that string.
            matches!(&doc.nodes[*k].kind, NodeKind::Scalar { value, .. } if value == key)
        });
        if let Some(&(_, v)) = found {
            out.push((Raw::Str((*key).to_string()), d.unmarshal(v).ok()?));
        }
    }
    Some(out)
}

/// Whether a document has no aliases, tags or merge keys, and decodes to
/// values [`to_json_value`] accepts (finite floats, keys that become
/// strings). Only plain scalars can resolve to anything but a string, and
/// only those starting with one of a few characters need resolving.
fn plain_and_clean(doc: &Doc<'_>) -> bool {
    let resolved = |value: &str| resolve::resolve("", value, Schema::V2).map(|(_, s)| s);
    doc.nodes.iter().all(|node| {
        if !node.tag.is_empty() {
            return false;
        }
        match &node.kind {
            NodeKind::Alias { .. } => false,
            NodeKind::Sequence(_) => true,
            NodeKind::Scalar { value, implicit } => {
                !*implicit
                    || !matches!(value.as_bytes().first(), Some(b'.' | b'+' | b'-'))
                    || !matches!(resolved(value), Ok(Scalar::Float(f)) if !f.is_finite())
            }
            NodeKind::Mapping(pairs) => pairs.iter().all(|&(k, _)| match &doc.nodes[k].kind {
                // Quoted keys are strings (a quoted `<<` is no merge key).
                NodeKind::Scalar {
                    implicit: false, ..
                } => true,
                NodeKind::Scalar {
                    value,
                    implicit: true,
                } => {
                    let may_resolve = value.is_empty()
                        || matches!(
                            value.as_bytes()[0],
                            b'0'..=b'9' | b'+' | b'-' | b'~' | b'n' | b'N'
                        );
                    value != "<<"
                        && (!may_resolve
                            || matches!(
                                resolved(value),
                                Ok(Scalar::Str
                                    | Scalar::Int(_)
                                    | Scalar::Float(_)
                                    | Scalar::Bool(_)
                                    | Scalar::Timestamp)
                            ))
                }
                _ => false,
            }),
        }
    })
}

/// Go's `%#v` (and `%+#v`) of a decoded value, for error messages.
pub fn go_sharp_v(v: &Raw, top: bool) -> String {
    match v {
        Raw::Nil if top => "<nil>".into(),
        Raw::Nil => "interface {}(nil)".into(),
        Raw::Bool(b) => b.to_string(),
        Raw::Int(i) => i.to_string(),
        Raw::Uint(u) => format!("{u:#x}"),
        Raw::Float(f) => crate::value::fmt::format_float_g(*f),
        Raw::Str(s) => go_quote(s),
        Raw::Seq(items) => {
            let inner: Vec<String> = items.iter().map(|i| go_sharp_v(i, false)).collect();
            format!("[]interface {{}}{{{}}}", inner.join(", "))
        }
        Raw::Map(pairs) => {
            let mut inner: Vec<(String, String)> = pairs
                .iter()
                .map(|(k, v)| (go_sharp_v(k, false), go_sharp_v(v, false)))
                .collect();
            inner.sort();
            let parts: Vec<String> = inner.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
            format!("map[interface {{}}]interface {{}}{{{}}}", parts.join(", "))
        }
    }
}

/// Go's `strconv.Quote`.
pub(crate) fn go_quote(s: &str) -> String {
    crate::value::printf::quote(s)
}

/// sigs.k8s.io/yaml's `convertToJSONableObject` plus `json.Marshal` and
/// `json.Unmarshal` into `interface{}`: keys become strings, numbers float64,
/// and non-finite floats fail as `json: unsupported value: +Inf`.
pub(crate) fn to_json_value(raw: &Raw) -> Result<Value, YamlError> {
    let v = convert(raw)?;
    if let Some(bad) = first_non_finite(&v) {
        return Err(YamlError::convert(
            format!(
                "json: unsupported value: {}",
                crate::value::fmt::format_float_g(bad)
            ),
            None,
        ));
    }
    Ok(v)
}

fn convert(raw: &Raw) -> Result<Value, YamlError> {
    Ok(match raw {
        Raw::Nil => Value::Nil,
        Raw::Bool(b) => Value::Bool(*b),
        Raw::Int(i) => Value::Float(*i as f64),
        Raw::Uint(u) => Value::Float(*u as f64),
        Raw::Float(f) => Value::Float(*f),
        Raw::Str(s) => Value::str(s.as_str()),
        Raw::Seq(items) => Value::list(items.iter().map(convert).collect::<Result<_, _>>()?),
        Raw::Map(pairs) => {
            let mut map = BTreeMap::new();
            for (k, v) in pairs {
                let key = match k {
                    Raw::Str(s) => s.clone(),
                    Raw::Int(i) => i.to_string(),
                    Raw::Float(f) => float32_key(*f),
                    Raw::Bool(b) => b.to_string(),
                    Raw::Uint(_) | Raw::Nil | Raw::Seq(_) | Raw::Map(_) => {
                        let ty = match k {
                            Raw::Uint(_) => "uint64",
                            _ => "%!s(<nil>)",
                        };
                        return Err(YamlError::convert(
                            format!(
                                "unsupported map key of type: {ty}, key: {}, value: {}",
                                go_sharp_v(k, true),
                                go_sharp_v(v, true)
                            ),
                            None,
                        ));
                    }
                };
                map.insert(key, convert(v)?);
            }
            Value::map(map)
        }
    })
}

/// `strconv.FormatFloat(f, 'g', -1, 32)` with go-yaml's `.inf` spellings.
fn float32_key(f: f64) -> String {
    let f32v = f as f32;
    if f32v.is_nan() {
        return ".nan".into();
    }
    if f32v.is_infinite() {
        return if f32v > 0.0 { ".inf" } else { "-.inf" }.into();
    }
    // Shortest digits that round-trip as float32, printed in Go's %g layout.
    let shortest = format!("{f32v:e}");
    let (mantissa, exp) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let neg = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if neg { "-" } else { "" };
    if !(-4..6).contains(&exp) {
        let mut m = digits[..1].to_string();
        if digits.len() > 1 {
            m.push('.');
            m.push_str(&digits[1..]);
        }
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{m}e{esign}{:02}", exp.abs());
    }
    // Go's shortest %g switches to an exponent when exp < -4 || exp >= 6.
    if exp < 0 {
        let zeros = "0".repeat((-exp - 1) as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let e = exp as usize;
    if digits.len() > e + 1 {
        format!("{sign}{}.{}", &digits[..=e], &digits[e + 1..])
    } else {
        format!("{sign}{digits}{}", "0".repeat(e + 1 - digits.len()))
    }
}

/// Whether [`to_json_value`] succeeds on `raw`: every map key converts to a
/// string and every float is finite.
pub(crate) fn converts_cleanly(raw: &Raw) -> bool {
    match raw {
        Raw::Float(f) => f.is_finite(),
        Raw::Seq(items) => items.iter().all(converts_cleanly),
        Raw::Map(pairs) => pairs.iter().all(|(k, v)| {
            matches!(k, Raw::Str(_) | Raw::Int(_) | Raw::Float(_) | Raw::Bool(_))
                && converts_cleanly(v)
        }),
        Raw::Nil | Raw::Bool(_) | Raw::Int(_) | Raw::Uint(_) | Raw::Str(_) => true,
    }
}

fn first_non_finite(v: &Value) -> Option<f64> {
    match v {
        Value::Float(f) if !f.is_finite() => Some(*f),
        Value::List(l) => l.items.iter().find_map(first_non_finite),
        Value::Map(m) => m.entries().values().find_map(first_non_finite),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float32_keys_print_like_go() {
        assert_eq!(float32_key(1.5), "1.5");
        assert_eq!(float32_key(123456789.125), "1.2345679e+08");
        assert_eq!(float32_key(0.000001234), "1.234e-06");
        assert_eq!(float32_key(1e20), "1e+20");
        assert_eq!(float32_key(0.1), "0.1");
        assert_eq!(float32_key(3.0), "3");
    }

    #[test]
    fn base64() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert!(base64_decode("a").is_none());
    }
}
