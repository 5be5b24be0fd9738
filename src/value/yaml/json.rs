//! A manifest's node tree straight to JSON, for the documents where going
//! through go-yaml's `interface{}` ([`Raw`](super::Raw)) and back could not
//! change the result: no aliases, tags or merge keys, finite floats, keys
//! that are scalars. Nearly every manifest is such a document, and skipping
//! the intermediate tree halves the allocations of reading one.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use super::compose::{Doc, NodeId, NodeKind};
use super::resolve::{self, Scalar, Schema};

/// What the direct conversion made of a document.
pub(crate) struct Direct {
    pub(crate) value: Value,
    /// Some mapping may repeat a key: two keys became one JSON key, or a
    /// key's text is not its JSON spelling (`1.0`, `~`). Only then does the
    /// caller need to look for repeated keys.
    pub(crate) may_repeat_keys: bool,
}

/// Converts `doc` as go-yaml v2 then sigs.k8s.io/yaml would, or `None`
/// when the document needs the full decoder (which also words its
/// errors). Scalar values are moved out of `doc`; its keys and structure
/// stay for [`find_duplicates`](super::find_duplicates), but a document the
/// conversion gave up on must be read again.
pub(crate) fn convert(doc: &mut Doc<'_>, max_depth: usize) -> Option<Direct> {
    let root = doc.root?;
    let mut converter = Converter {
        doc,
        max_depth,
        may_repeat_keys: false,
    };
    let value = converter.node(root, 0)?;
    Some(Direct {
        value,
        may_repeat_keys: converter.may_repeat_keys,
    })
}

struct Converter<'a, 't> {
    doc: &'a mut Doc<'t>,
    max_depth: usize,
    may_repeat_keys: bool,
}

impl Converter<'_, '_> {
    fn node(&mut self, id: NodeId, depth: usize) -> Option<Value> {
        if depth > self.max_depth || !self.doc.nodes[id].tag.is_empty() {
            return None;
        }
        match &mut self.doc.nodes[id].kind {
            NodeKind::Alias { .. } => None,
            NodeKind::Scalar { value, implicit } => scalar(std::mem::take(value), *implicit),
            NodeKind::Sequence(items) => {
                let items = std::mem::take(items);
                let mut out = Vec::with_capacity(items.len());
                for &item in &items {
                    out.push(self.node(item, depth + 1)?);
                }
                self.doc.nodes[id].kind = NodeKind::Sequence(items);
                Some(Value::Array(out))
            }
            NodeKind::Mapping(pairs) => {
                let pairs = std::mem::take(pairs);
                let mut out = Map::with_capacity(pairs.len());
                for &(k, v) in &pairs {
                    let key = self.key(k)?;
                    let value = self.node(v, depth + 1)?;
                    if out.insert(key, value).is_some() {
                        self.may_repeat_keys = true;
                    }
                }
                // The pairs go back (as the items do): a search for
                // repeated keys walks them.
                self.doc.nodes[id].kind = NodeKind::Mapping(pairs);
                Some(Value::Object(out))
            }
        }
    }

    /// A mapping key as sigs.k8s.io/yaml spells it in JSON.
    fn key(&mut self, id: NodeId) -> Option<String> {
        let node = &self.doc.nodes[id];
        if !node.tag.is_empty() {
            return None;
        }
        let NodeKind::Scalar { value, implicit } = &node.kind else {
            return None;
        };
        let key = key(value, *implicit)?;
        self.may_repeat_keys |= key.respelled;
        Some(key.text)
    }
}

/// A mapping key's JSON text.
pub(crate) struct Key {
    pub(crate) text: String,
    /// The text is not the key's YAML text (`1.0` became "1", `~` became
    /// "null"): texts that differ may now be one key, and equal texts are
    /// what counts as repeated.
    pub(crate) respelled: bool,
}

/// A scalar mapping key (`implicit` when plain and untagged) as
/// sigs.k8s.io/yaml spells it in JSON; `None` for a merge key or a key
/// JSON cannot spell.
pub(crate) fn key(value: &str, implicit: bool) -> Option<Key> {
    let same = |text: String| Key {
        text,
        respelled: false,
    };
    if !implicit {
        return Some(same(value.to_string()));
    }
    // A plain `<<` merges its value into the mapping (go-yaml's `isMerge`
    // in decode.go), though it resolves as a string.
    if value == "<<" {
        return None;
    }
    let (_, scalar) = resolve::resolve("", value, Schema::V2).ok()?;
    let text = match scalar {
        Scalar::Str | Scalar::Timestamp => return Some(same(value.to_string())),
        Scalar::Merge => return None,
        Scalar::Float(f) if !f.is_finite() => return None,
        Scalar::Float(f) => crate::value::fmt::format_float_g(f),
        Scalar::Int(i) => i.to_string(),
        Scalar::Uint(u) => u.to_string(),
        Scalar::Bool(b) => b.to_string(),
        Scalar::Null => "null".to_string(),
    };
    Some(Key {
        text,
        respelled: true,
    })
}

/// Whether [`scalar`] converts the plain scalar `value` (without building
/// it): everything but what does not resolve and infinite or NaN floats.
pub(crate) fn plain_scalar_fits(value: &str) -> bool {
    match resolve::resolve("", value, Schema::V2) {
        Ok((_, Scalar::Float(f))) => f.is_finite(),
        Ok(_) => true,
        Err(_) => false,
    }
}

/// An untagged scalar's JSON value (`implicit` when plain, else a string);
/// `None` for what JSON cannot hold.
pub(crate) fn scalar(value: Cow<'_, str>, implicit: bool) -> Option<Value> {
    if !implicit {
        return Some(Value::String(value.into_owned()));
    }
    let (_, scalar) = resolve::resolve("", &value, Schema::V2).ok()?;
    Some(match scalar {
        Scalar::Null => Value::Null,
        Scalar::Bool(b) => Value::Bool(b),
        Scalar::Int(i) => Value::Number(i.into()),
        Scalar::Uint(u) => Value::Number(u.into()),
        Scalar::Float(f) => Value::Number(Number::from_f64(f)?),
        Scalar::Str | Scalar::Timestamp => Value::String(value.into_owned()),
        Scalar::Merge => Value::String("<<".into()),
    })
}
