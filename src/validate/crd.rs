//! Schemas of custom resources, taken from CustomResourceDefinitions: the chart's `crds/`,
//! CRDs anywhere in the input stream and `--crd FILE|DIR` files. They complement the
//! built-in bundle (a kind the bundle knows is always checked against the bundle).
//!
//! A CRD's `openAPIV3Schema` is OpenAPI 3.0 with Kubernetes extensions; it is translated to
//! JSON Schema 2020-12 before compiling:
//! - `nullable: true` admits `null`;
//! - `x-kubernetes-int-or-string: true` admits an integer or a string;
//! - `x-kubernetes-embedded-resource: true` admits `apiVersion`, `kind` and `metadata`;
//! - OpenAPI's boolean `exclusiveMinimum`/`exclusiveMaximum` become 2020-12's numeric ones;
//! - the resource's `metadata` is checked as ObjectMeta (from the bundle's definitions), as
//!   the API server does whatever the CRD says about it;
//! - `--strict` closes every object with `properties` and no `additionalProperties`, except
//!   those marked `x-kubernetes-preserve-unknown-fields: true` (the API server keeps unknown
//!   fields exactly there and prunes, or with strict field validation rejects, them elsewhere).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, RwLock};

use jsonschema::Validator;
use serde_json::{Map, Value, json};

use super::bundle::{self, BundleError, DEFINITIONS_URI, KubeVersion};
use crate::manifest::Document;

/// One served version of one CRD.
#[derive(Debug, Clone)]
struct Entry {
    /// Where the CRD came from (`file` and CRD name), for messages.
    origin: String,
    /// The `openAPIV3Schema`, when the CRD has one.
    schema: Option<Value>,
}

/// A CRD that cannot serve as a schema source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrdError {
    /// The file the CRD came from.
    pub source: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CrdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

impl std::error::Error for CrdError {}

/// Key of a custom resource type: (group, version, kind).
type TypeKey = (String, String, String);

/// The custom resource types known from CRDs, with their validators compiled on first use.
#[derive(Default)]
pub struct CrdRegistry {
    entries: HashMap<TypeKey, Entry>,
    compiled: RwLock<HashMap<(TypeKey, KubeVersion, bool), Arc<Validator>>>,
}

impl fmt::Debug for CrdRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CrdRegistry")
            .field("types", &self.entries.len())
            .finish()
    }
}

/// What the registry has for one resource.
pub enum CrdLookup {
    /// A compiled validator for the resource.
    Found(Arc<Validator>),
    /// No CRD defines this apiVersion and kind.
    Missing,
}

/// Whether a document is a CustomResourceDefinition.
pub fn is_crd(value: &Value) -> bool {
    value.get("kind").and_then(Value::as_str) == Some("CustomResourceDefinition")
        && value
            .get("apiVersion")
            .and_then(Value::as_str)
            .is_some_and(|v| v.starts_with("apiextensions.k8s.io/"))
}

impl CrdRegistry {
    /// An empty registry.
    pub fn new() -> CrdRegistry {
        CrdRegistry::default()
    }

    /// Number of custom resource types (group, version, kind) known.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no CRD has been added.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds every served version of `doc` when it is a CRD; other documents are ignored.
    /// The last definition of a type wins, as applying CRDs in order would.
    pub fn add_document(&mut self, doc: &Document) -> Result<(), CrdError> {
        self.add_value(&doc.source, &doc.value)
    }

    /// Adds the CRDs among `docs` (a chart's `crds/`, the input stream, `--crd` files);
    /// returns the CRDs that could not be used, the others are added.
    pub fn add_documents<'a>(
        &mut self,
        docs: impl IntoIterator<Item = &'a Document>,
    ) -> Vec<CrdError> {
        docs.into_iter()
            .filter_map(|doc| self.add_document(doc).err())
            .collect()
    }

    /// Adds a CRD given as a value read from `source`.
    pub fn add_value(&mut self, source: &str, crd: &Value) -> Result<(), CrdError> {
        if !is_crd(crd) {
            return Ok(());
        }
        let fail = |message: &str| CrdError {
            source: source.to_string(),
            message: message.to_string(),
        };
        let name = crd
            .pointer("/metadata/name")
            .and_then(Value::as_str)
            .unwrap_or("<no name>");
        let spec = crd
            .get("spec")
            .ok_or_else(|| fail(&format!("CRD {name} has no spec")))?;
        let group = spec.get("group").and_then(Value::as_str);
        let kind = spec.pointer("/names/kind").and_then(Value::as_str);
        let (Some(group), Some(kind)) = (group, kind) else {
            return Err(fail(&format!(
                "CRD {name} lacks spec.group or spec.names.kind"
            )));
        };
        let origin = format!("{source} (CustomResourceDefinition {name})");
        // apiextensions.k8s.io/v1beta1 had one schema for all versions (spec.validation) and
        // optionally spec.version; v1 has a schema per version.
        let shared = spec.pointer("/validation/openAPIV3Schema").cloned();
        let mut versions: Vec<(String, Option<Value>)> = Vec::new();
        if let Some(list) = spec.get("versions").and_then(Value::as_array) {
            for v in list {
                let Some(vname) = v.get("name").and_then(Value::as_str) else {
                    continue;
                };
                if v.get("served").and_then(Value::as_bool) == Some(false) {
                    continue;
                }
                let schema = v
                    .pointer("/schema/openAPIV3Schema")
                    .cloned()
                    .or_else(|| shared.clone());
                versions.push((vname.to_string(), schema));
            }
        } else if let Some(vname) = spec.get("version").and_then(Value::as_str) {
            versions.push((vname.to_string(), shared.clone()));
        }
        if versions.is_empty() {
            return Err(fail(&format!("CRD {name} serves no version")));
        }
        for (version, schema) in versions {
            let key = (group.to_string(), version, kind.to_string());
            self.entries.insert(
                key,
                Entry {
                    origin: origin.clone(),
                    schema,
                },
            );
        }
        Ok(())
    }

    /// The validator for a custom resource of `api_version`/`kind`, compiled once per
    /// (type, Kubernetes version, strictness).
    pub fn validator(
        &self,
        version: KubeVersion,
        api_version: &str,
        kind: &str,
        strict: bool,
    ) -> Result<CrdLookup, CrdError> {
        let (group, ver) = match api_version.split_once('/') {
            Some((g, v)) => (g, v),
            None => ("", api_version),
        };
        let key = (group.to_string(), ver.to_string(), kind.to_string());
        let Some(entry) = self.entries.get(&key) else {
            return Ok(CrdLookup::Missing);
        };
        let cache_key = (key, version, strict);
        if let Some(found) = self
            .compiled
            .read()
            .ok()
            .and_then(|c| c.get(&cache_key).cloned())
        {
            return Ok(CrdLookup::Found(found));
        }
        let fail = |message: String| CrdError {
            source: entry.origin.clone(),
            message,
        };
        let schemas = bundle::schemas(version).map_err(|e: BundleError| fail(e.to_string()))?;
        let schema = to_json_schema(entry.schema.as_ref(), strict);
        let id = format!(
            "https://kubernetes.io/api/crd/{}/{}/{}",
            cache_key.0.0, cache_key.0.1, cache_key.0.2
        );
        let compiled = bundle::compile(schemas, strict, false, &id, schema).map_err(|e| {
            fail(format!(
                "its schema for {api_version} {kind} is invalid: {e}"
            ))
        })?;
        let compiled = Arc::new(compiled);
        let mut cache = self
            .compiled
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Ok(CrdLookup::Found(Arc::clone(
            cache.entry(cache_key).or_insert(compiled),
        )))
    }
}

/// The JSON Schema of a custom resource from its CRD's `openAPIV3Schema` (see the module doc).
/// Strict closing is done here (not by `bundle::compile`, whose closing would ignore
/// `x-kubernetes-preserve-unknown-fields`), so the result is already closed when `strict`.
pub(crate) fn to_json_schema(openapi: Option<&Value>, strict: bool) -> Value {
    let mut schema = match openapi {
        Some(Value::Object(map)) => Value::Object(map.clone()),
        // A version without a schema accepts any object (apiextensions v1beta1 allowed it).
        _ => json!({"type": "object", "x-kubernetes-preserve-unknown-fields": true}),
    };
    translate(&mut schema, strict);
    if let Value::Object(root) = &mut schema {
        let properties = root
            .entry("properties")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(properties) = properties {
            properties.insert("apiVersion".into(), json!({"type": "string"}));
            properties.insert("kind".into(), json!({"type": "string"}));
            properties.insert(
                "metadata".into(),
                json!({"$ref": format!("{DEFINITIONS_URI}#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")}),
            );
        }
        if strict && !preserves_unknown(root) && !root.contains_key("additionalProperties") {
            root.insert("additionalProperties".into(), Value::Bool(false));
        }
    }
    schema
}

fn preserves_unknown(map: &Map<String, Value>) -> bool {
    map.get("x-kubernetes-preserve-unknown-fields")
        .and_then(Value::as_bool)
        == Some(true)
}

/// OpenAPI 3.0 + Kubernetes extensions -> JSON Schema 2020-12, recursively.
fn translate(schema: &mut Value, strict: bool) {
    let Value::Object(map) = schema else {
        return;
    };
    for (key, value) in map.iter_mut() {
        match key.as_str() {
            "properties" | "patternProperties" | "definitions" | "$defs" => {
                if let Value::Object(subs) = value {
                    for sub in subs.values_mut() {
                        translate(sub, strict);
                    }
                }
            }
            "items" | "additionalProperties" | "not" => translate(value, strict),
            "allOf" | "anyOf" | "oneOf" => {
                if let Value::Array(subs) = value {
                    for sub in subs {
                        translate(sub, strict);
                    }
                }
            }
            _ => {}
        }
    }
    let flag =
        |map: &Map<String, Value>, name: &str| map.get(name).and_then(Value::as_bool) == Some(true);
    if flag(map, "x-kubernetes-int-or-string") {
        map.insert("type".into(), json!(["integer", "string"]));
    }
    if flag(map, "x-kubernetes-embedded-resource") {
        let properties = map
            .entry("properties")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(properties) = properties {
            for field in ["apiVersion", "kind"] {
                properties
                    .entry(field)
                    .or_insert_with(|| json!({"type": "string"}));
            }
            properties
                .entry("metadata")
                .or_insert_with(|| json!({"type": "object"}));
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match map.get(exclusive) {
            Some(Value::Bool(true)) => {
                if let Some(limit) = map.remove(bound) {
                    map.insert(exclusive.into(), limit);
                } else {
                    map.remove(exclusive);
                }
            }
            Some(Value::Bool(false)) => {
                map.remove(exclusive);
            }
            _ => {}
        }
    }
    if flag(map, "nullable") {
        match map.get_mut("type") {
            Some(Value::String(t)) => {
                let t = std::mem::take(t);
                map.insert("type".into(), json!([t, "null"]));
            }
            Some(Value::Array(types)) if !types.iter().any(|t| t == "null") => {
                types.push("null".into());
            }
            _ => {}
        }
        if let Some(Value::Array(options)) = map.get_mut("enum") {
            if !options.iter().any(Value::is_null) {
                options.push(Value::Null);
            }
        }
    }
    if strict
        && map.contains_key("properties")
        && !map.contains_key("additionalProperties")
        && !flag(map, "x-kubernetes-preserve-unknown-fields")
    {
        map.insert("additionalProperties".into(), Value::Bool(false));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crd(versions: Value) -> Value {
        json!({
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": {"name": "widgets.example.com"},
            "spec": {"group": "example.com", "names": {"kind": "Widget", "plural": "widgets"},
                     "scope": "Namespaced", "versions": versions}
        })
    }

    fn widget_schema() -> Value {
        json!({
            "type": "object",
            "properties": {
                "spec": {
                    "type": "object",
                    "required": ["size"],
                    "properties": {
                        "size": {"type": "integer", "minimum": 0, "exclusiveMinimum": true},
                        "port": {"x-kubernetes-int-or-string": true},
                        "note": {"type": "string", "nullable": true},
                        "mode": {"type": "string", "enum": ["a", "b"]},
                        "extra": {"type": "object", "x-kubernetes-preserve-unknown-fields": true,
                                  "properties": {"known": {"type": "string"}}},
                        "template": {"type": "object", "x-kubernetes-embedded-resource": true,
                                     "x-kubernetes-preserve-unknown-fields": true},
                    }
                }
            }
        })
    }

    fn registry() -> CrdRegistry {
        let mut reg = CrdRegistry::new();
        let doc = crd(json!([
            {"name": "v1", "served": true, "storage": true,
             "schema": {"openAPIV3Schema": widget_schema()}},
            {"name": "v2", "served": true, "storage": false},
            {"name": "v0", "served": false, "storage": false,
             "schema": {"openAPIV3Schema": widget_schema()}},
        ]));
        reg.add_value("crds/widget.yaml", &doc).unwrap();
        reg
    }

    fn valid(reg: &CrdRegistry, api: &str, value: &Value, strict: bool) -> Option<bool> {
        match reg
            .validator(KubeVersion::LATEST, api, "Widget", strict)
            .unwrap()
        {
            CrdLookup::Found(v) => Some(v.is_valid(value)),
            CrdLookup::Missing => None,
        }
    }

    #[test]
    fn custom_resources_follow_their_crd() {
        let reg = registry();
        assert_eq!(reg.len(), 2);
        let base = json!({"apiVersion": "example.com/v1", "kind": "Widget",
                          "metadata": {"name": "w"}, "spec": {"size": 1}});
        let with = |pointer: &str, field: &str, v: Value| {
            let mut doc = base.clone();
            if let Some(Value::Object(m)) = doc.pointer_mut(pointer) {
                m.insert(field.into(), v);
            }
            doc
        };
        let table: Vec<(Value, bool, Option<bool>)> = vec![
            (base.clone(), false, Some(true)),
            (base.clone(), true, Some(true)),
            (with("/spec", "size", json!(0)), false, Some(false)),
            (with("/spec", "size", json!("1")), false, Some(false)),
            (with("/spec", "port", json!(80)), true, Some(true)),
            (with("/spec", "port", json!("http")), true, Some(true)),
            (with("/spec", "port", json!(true)), false, Some(false)),
            (with("/spec", "note", Value::Null), true, Some(true)),
            (with("/spec", "mode", json!("c")), false, Some(false)),
            (with("/spec", "bogus", json!(1)), false, Some(true)),
            (with("/spec", "bogus", json!(1)), true, Some(false)),
            (
                with("/spec", "extra", json!({"anything": 1})),
                true,
                Some(true),
            ),
            (
                with("/spec", "extra", json!({"known": 1})),
                true,
                Some(false),
            ),
            (
                with(
                    "/spec",
                    "template",
                    json!({"apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": "p"}, "spec": {}}),
                ),
                true,
                Some(true),
            ),
            (
                with("/metadata", "labels", json!({"a": 1})),
                false,
                Some(false),
            ),
            (with("/metadata", "bogus", json!(1)), true, Some(false)),
            (with("", "status", json!({})), true, Some(false)),
        ];
        for (i, (doc, strict, want)) in table.iter().enumerate() {
            assert_eq!(
                valid(&reg, "example.com/v1", doc, *strict),
                *want,
                "row {i}: {doc}"
            );
        }
        // v2 has no schema: any object, but metadata is still ObjectMeta.
        assert_eq!(
            valid(&reg, "example.com/v2", &json!({"spec": 1}), true),
            Some(true)
        );
        let bad_meta = json!({"metadata": {"name": 1}});
        assert_eq!(valid(&reg, "example.com/v2", &bad_meta, false), Some(false));
        // v0 is not served, v3 does not exist.
        assert_eq!(valid(&reg, "example.com/v0", &base, false), None);
        assert_eq!(valid(&reg, "example.com/v3", &base, false), None);
    }

    #[test]
    fn malformed_crds_are_errors_and_other_documents_ignored() {
        let mut reg = CrdRegistry::new();
        assert!(reg.add_value("x", &json!({"kind": "ConfigMap"})).is_ok());
        let no_group = json!({"apiVersion": "apiextensions.k8s.io/v1",
                              "kind": "CustomResourceDefinition", "spec": {"names": {}}});
        assert!(reg.add_value("x", &no_group).is_err());
        assert!(reg.add_value("x", &crd(json!([]))).is_err());
        assert!(reg.is_empty());
        let legacy = json!({"apiVersion": "apiextensions.k8s.io/v1beta1",
            "kind": "CustomResourceDefinition",
            "spec": {"group": "example.com", "version": "v1beta1",
                     "names": {"kind": "Widget"},
                     "validation": {"openAPIV3Schema": {"properties": {"spec": {"type": "object"}}}}}});
        reg.add_value("legacy.yaml", &legacy).unwrap();
        let doc = json!({"spec": "text"});
        assert_eq!(valid(&reg, "example.com/v1beta1", &doc, false), Some(false));
    }
}
