//! YAML exactly as Helm's libraries read and write it.
//!
//! Reading is `sigs.k8s.io/yaml.Unmarshal`: go-yaml v2 decodes into
//! `interface{}` (YAML 1.1 typing, merge keys, aliases), the result goes
//! through JSON, and encoding/json decodes it again, so every number is a
//! float64 and every key a string. Events come from libyaml-safer, a port of
//! the same libyaml that go-yaml's scanner and parser were ported from, so
//! the accepted input and the error texts match.
//!
//! Writing is `sigs.k8s.io/yaml.Marshal` (Helm's `toYaml`: JSON first, then
//! the go-yaml v2 encoder) and go-yaml v3's encoder with `SetIndent(2)`
//! (Helm's `toYamlPretty`).

mod compose;
mod decode;
mod emit;
mod encode;
mod fast;
mod json;
mod reader;
mod resolve;

use crate::value::Value;

pub use decode::{Raw, go_sharp_v};
pub use encode::{to_yaml, to_yaml_pretty};

/// A YAML error with Helm's text and, when known, where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    message: String,
    /// 1-based line and column of the problem, when known.
    pub position: Option<(u64, u64)>,
}

impl YamlError {
    /// An error from the YAML → JSON step: `error converting YAML to JSON: …`.
    pub(crate) fn convert(text: String, position: Option<(u64, u64)>) -> YamlError {
        YamlError {
            message: format!("error converting YAML to JSON: {text}"),
            position,
        }
    }

    /// An error from the JSON → Go step: `error unmarshaling JSON: …`.
    fn unmarshal(text: String) -> YamlError {
        YamlError {
            message: format!("error unmarshaling JSON: while decoding JSON: {text}"),
            position: None,
        }
    }

    /// Helm's error text, e.g. `error converting YAML to JSON: yaml: line 2: …`.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for YamlError {}

/// The first document of `text` as `sigs.k8s.io/yaml.Unmarshal` into an
/// `interface{}` gives it: maps, lists, strings, bools, float64 numbers or
/// nil (for an empty stream).
pub fn from_str(text: &str) -> Result<Value, YamlError> {
    from_slice(text.as_bytes())
}

/// Like [`from_str`] for raw file bytes: the reader detects UTF-16 by its
/// BOM and reports invalid UTF-8 as go-yaml does
/// (`yaml: invalid leading UTF-8 octet`).
pub fn from_slice(bytes: &[u8]) -> Result<Value, YamlError> {
    // Most values files and `fromYaml` texts are plain: read them straight
    // to values; the rest (and every error) goes through go-yaml's decoder.
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Ok(value) = fast::value(text)
    {
        return Ok(value);
    }
    let raw = decode::decode_raw(bytes)?;
    decode::to_json_value(&raw)
}

/// [`from_slice`] for a reader that looks only at some top-level keys of a
/// map document (Helm's `SimpleHead`): the whole document is read and
/// checked, and fails exactly as [`from_slice`] does, but of a map only
/// the entries under `keys` are converted.
pub fn from_slice_keys(bytes: &[u8], keys: &[&str]) -> Result<Value, YamlError> {
    // Most documents are plain: read and check them without building more
    // than the entries asked for.
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Ok(value) = fast::head(text, keys)
    {
        return Ok(value);
    }
    from_slice_keys_decoded(bytes, keys)
}

/// [`from_slice_keys`] through go-yaml's decoder.
fn from_slice_keys_decoded(bytes: &[u8], keys: &[&str]) -> Result<Value, YamlError> {
    let doc = compose::compose(bytes)?;
    if let Some(entries) = decode::decode_entries(&doc, keys) {
        return decode::to_json_value(&Raw::Map(entries));
    }
    let raw = decode::decode_doc(&doc)?;
    match &raw {
        Raw::Map(pairs) if decode::converts_cleanly(&raw) => {
            let wanted: Vec<(Raw, Raw)> = pairs
                .iter()
                .filter(|(k, _)| matches!(k, Raw::Str(s) if keys.contains(&s.as_str())))
                .cloned()
                .collect();
            decode::to_json_value(&Raw::Map(wanted))
        }
        _ => decode::to_json_value(&raw),
    }
}

/// The first document of `text` decoded into a `map[string]interface{}`, as
/// Helm reads values files and `fromYaml` does: nil becomes an empty map and
/// anything but a map is encoding/json's type error.
pub fn from_str_map(text: &str) -> Result<Value, YamlError> {
    from_slice_map(text.as_bytes())
}

/// [`from_str_map`] for raw file bytes (values files), see [`from_slice`].
pub fn from_slice_map(bytes: &[u8]) -> Result<Value, YamlError> {
    match from_slice(bytes)? {
        Value::Nil => Ok(Value::empty_map()),
        v @ Value::Map(_) => Ok(v),
        other => Err(YamlError::unmarshal(format!(
            "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_kind(&other)
        ))),
    }
}

/// The first document of `text` decoded into a `[]interface{}`, as Helm's
/// `fromYamlArray` does: nil becomes an empty list.
pub fn from_str_list(text: &str) -> Result<Value, YamlError> {
    match from_str(text)? {
        Value::Nil => Ok(Value::list(Vec::new())),
        v @ Value::List(_) => Ok(v),
        other => Err(YamlError::unmarshal(format!(
            "json: cannot unmarshal {} into Go value of type []interface {{}}",
            json_kind(&other)
        ))),
    }
}

/// encoding/json's name for the JSON value kind in type errors.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Map(_) => "object",
        Value::List(_) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    }
}

/// Where one document of a stream is: its byte range and the 1-based line
/// it starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentSpan {
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: usize,
}

/// A `---` line followed by something other than a comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadSeparator {
    /// 1-based line of the separator.
    pub line: usize,
    /// What follows the `---`, trimmed.
    pub rest: String,
}

/// Splits a stream as Kubernetes' `yaml.NewYAMLReader` does: a line
/// starting with `---` ends a document and may only be followed by spaces
/// or a comment. Every span is returned, empty ones included.
pub fn document_spans(text: &str) -> Result<Vec<DocumentSpan>, BadSeparator> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let (mut start, mut line) = (0, 1);
    // Line breaks are counted once, up to the separator last seen.
    let (mut counted, mut breaks) = (0, 0);
    let first = bytes.starts_with(b"---").then_some(0);
    let others = memchr::memmem::find_iter(bytes, b"\n---").map(|i| i + 1);
    for at in first.into_iter().chain(others) {
        breaks += memchr::memchr_iter(b'\n', &bytes[counted..at]).count();
        counted = at;
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        let rest = text[at + 3..line_end].trim();
        if !rest.is_empty() && !rest.starts_with('#') {
            return Err(BadSeparator {
                line: breaks + 1,
                rest: rest.to_string(),
            });
        }
        spans.push(DocumentSpan {
            start,
            end: at,
            line,
        });
        start = line_end;
        line = breaks + 2;
    }
    spans.push(DocumentSpan {
        start,
        end: text.len(),
        line,
    });
    Ok(spans)
}

/// The non-empty documents of a stream split by [`document_spans`] (Helm 4
/// reads values files this way and merges the documents).
pub fn split_documents(text: &str) -> Result<Vec<&str>, YamlError> {
    let spans = document_spans(text).map_err(|bad| YamlError {
        message: format!(
            "error reading yaml document: invalid Yaml document separator: {}",
            bad.rest
        ),
        position: None,
    })?;
    Ok(spans
        .into_iter()
        .filter(|s| s.end > s.start)
        .map(|s| &text[s.start..s.end])
        .collect())
}

/// Every document of a stream split by [`split_documents`], each decoded
/// into a map like [`from_str_map`]; errors read as Helm 4 words them
/// (`cannot unmarshal yaml document: …`).
pub fn documents(text: &str) -> Result<Vec<Value>, YamlError> {
    split_documents(text)?
        .into_iter()
        .map(|doc| {
            from_str_map(doc).map_err(|e| YamlError {
                message: format!("cannot unmarshal yaml document: {}", e.message),
                position: e.position,
            })
        })
        .collect()
}

/// A node of a document with the source position of every value, for
/// validation messages that point into values files.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned {
    /// 1-based line of the node's first character.
    pub line: u64,
    /// 1-based column of the node's first character.
    pub column: u64,
    /// What the node holds.
    pub kind: SpannedKind,
}

/// The content of a [`Spanned`] node.
#[derive(Clone, Debug, PartialEq)]
pub enum SpannedKind {
    /// A scalar with its source text (before typing).
    Scalar(String),
    /// A sequence.
    Sequence(Vec<Spanned>),
    /// A mapping: key nodes with their value nodes, in document order.
    Mapping(Vec<(Spanned, Spanned)>),
    /// An alias by its anchor name (not expanded, so cycles stay finite).
    Alias(String),
}

/// The first document of `text` as a tree of positioned nodes (no typing,
/// no merge keys applied); `None` for an empty stream.
pub fn parse_spanned(text: &str) -> Result<Option<Spanned>, YamlError> {
    let doc = compose::compose(text.as_bytes())?;
    Ok(doc.root.map(|root| spanned(&doc, root)))
}

fn spanned(doc: &compose::Doc<'_>, id: compose::NodeId) -> Spanned {
    let node = &doc.nodes[id];
    let kind = match &node.kind {
        compose::NodeKind::Scalar { value, .. } => SpannedKind::Scalar(value.to_string()),
        compose::NodeKind::Sequence(items) => {
            SpannedKind::Sequence(items.iter().map(|&i| spanned(doc, i)).collect())
        }
        compose::NodeKind::Mapping(pairs) => SpannedKind::Mapping(
            pairs
                .iter()
                .map(|&(k, v)| (spanned(doc, k), spanned(doc, v)))
                .collect(),
        ),
        compose::NodeKind::Alias { name, .. } => SpannedKind::Alias(name.clone()),
    };
    Spanned {
        line: node.mark.line + 1,
        column: node.mark.column + 1,
        kind,
    }
}

/// A mapping key that occurs twice in one mapping (go-yaml v2 keeps the
/// last silently; the API server's strict decoding rejects it).
#[derive(Clone, Debug, PartialEq)]
pub struct DuplicateKey {
    /// The path of the mapping holding the key: map keys and list indices.
    pub path: Vec<String>,
    /// The repeated key.
    pub key: String,
    /// 1-based line of the second occurrence.
    pub line: u64,
    /// 1-based column of the second occurrence.
    pub column: u64,
}

/// The first document of `text` decoded as go-yaml v2 decodes into
/// `interface{}` (integers stay integers, merge keys applied, aliases
/// expanded under go-yaml's billion-laughs guard), plus every key repeated
/// within one mapping; `Raw::Nil` for an empty document.
pub fn decode_document(text: &str) -> Result<(Raw, Vec<DuplicateKey>), YamlError> {
    let doc = compose::compose(text.as_bytes())?;
    let mut duplicates = Vec::new();
    if let Some(root) = doc.root {
        let mut path = Vec::new();
        find_duplicates(&doc, root, &mut path, &mut duplicates);
    }
    Ok((decode::decode_doc(&doc)?, duplicates))
}

/// A manifest document read for validation: straight to JSON when
/// nothing in it needs go-yaml's decoder, else decoded as
/// [`decode_document`] decodes it, for the caller to convert.
pub enum ManifestValue {
    /// The JSON value (what sigs.k8s.io/yaml would make of it).
    Json(serde_json::Value),
    /// go-yaml's value, not yet converted.
    Raw(Raw),
}

/// The first document of `text` for validation, with every key repeated
/// within one mapping. Documents nested deeper than `max_depth` come back
/// as [`ManifestValue::Raw`], for the caller's conversion to refuse.
pub fn decode_manifest(
    text: &str,
    max_depth: usize,
) -> Result<(ManifestValue, Vec<DuplicateKey>), YamlError> {
    let mut doc = if max_depth < fast::MAX_DEPTH {
        // What the fast reader builds may nest deeper than the caller takes.
        compose::compose(text.as_bytes())?
    } else {
        match fast::json(text) {
            // It gives up on a mapping that repeats a key: there are none.
            Ok(value) => return Ok((ManifestValue::Json(value), Vec::new())),
            Err(fast::Stop::GaveUp) => compose::compose(text.as_bytes())?,
            // Outside the subset: reading a tree of it would refuse it too.
            Err(fast::Stop::Unsupported) => compose::compose_full(text.as_bytes())?,
        }
    };
    let Some(direct) = json::convert(&mut doc, max_depth) else {
        let (raw, duplicates) = decode_document(text)?;
        return Ok((ManifestValue::Raw(raw), duplicates));
    };
    let mut duplicates = Vec::new();
    if direct.may_repeat_keys
        && let Some(root) = doc.root
    {
        find_duplicates(&doc, root, &mut Vec::new(), &mut duplicates);
    }
    Ok((ManifestValue::Json(direct.value), duplicates))
}

/// One step of the path to a node: a mapping key or a list index.
#[derive(Clone, Copy)]
enum Step<'d> {
    Key(&'d str),
    Index(usize),
}

/// Walks the composed tree (aliases are not followed: their target was
/// walked where it was written) collecting repeated scalar keys. The path
/// is borrowed from the tree and only turned into strings for a duplicate.
fn find_duplicates<'d>(
    doc: &'d compose::Doc<'_>,
    id: compose::NodeId,
    path: &mut Vec<Step<'d>>,
    out: &mut Vec<DuplicateKey>,
) {
    match &doc.nodes[id].kind {
        compose::NodeKind::Sequence(items) => {
            for (i, &item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                find_duplicates(doc, item, path, out);
                path.pop();
            }
        }
        compose::NodeKind::Mapping(pairs) => {
            // Small mappings (nearly all of them) are checked pairwise
            // without allocating; big ones through a set.
            let keys: Vec<Option<&str>> = pairs
                .iter()
                .map(|&(k, _)| match &doc.nodes[k].kind {
                    compose::NodeKind::Scalar { value, .. } if value != "<<" => Some(&**value),
                    _ => None,
                })
                .collect();
            let mut seen = std::collections::HashSet::new();
            for (i, (&(k, v), key)) in pairs.iter().zip(&keys).enumerate() {
                if let Some(key) = key {
                    let repeated = if keys.len() <= 16 {
                        keys[..i].contains(&Some(key))
                    } else {
                        !seen.insert(*key)
                    };
                    if repeated {
                        let mark = doc.nodes[k].mark;
                        out.push(DuplicateKey {
                            path: path
                                .iter()
                                .map(|s| match s {
                                    Step::Key(k) => (*k).to_string(),
                                    Step::Index(i) => i.to_string(),
                                })
                                .collect(),
                            key: (*key).to_string(),
                            line: mark.line + 1,
                            column: mark.column + 1,
                        });
                    }
                }
                // Merge keys (`<<`) are walked too, under their own name.
                let name = match &doc.nodes[k].kind {
                    compose::NodeKind::Scalar { value, .. } => &**value,
                    _ => continue,
                };
                path.push(Step::Key(name));
                find_duplicates(doc, v, path, out);
                path.pop();
            }
        }
        compose::NodeKind::Scalar { .. } | compose::NodeKind::Alias { .. } => {}
    }
}

/// A fuzzing entry point: reads arbitrary bytes as YAML and, when that
/// works, writes the value back with both encoders. Must never panic.
pub fn fuzz_roundtrip(data: &[u8]) {
    if let Ok(v) = from_slice(data) {
        let _ = to_yaml(&v);
        let _ = to_yaml_pretty(&v);
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(v) = from_str(text) {
        let _ = to_yaml(&v);
        let _ = to_yaml_pretty(&v);
    }
    let _ = parse_spanned(text);
}

/// A fuzzing entry point: whenever the fast reader accepts `data`, it
/// must read it exactly as libyaml-safer does, and the JSON it builds
/// must be what the full parser's tree converts to. Panics on a difference.
pub fn fuzz_fast_reader(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(difference) = fast::check(text) {
        panic!("fast reader differs on {text:?}: {difference}");
    }
}

#[cfg(test)]
mod tests;
