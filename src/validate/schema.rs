//! The `schema` family of checks: one manifest against the JSON schema of its kind, from the
//! embedded bundle or, for kinds the bundle lacks, from a CRD. Every error of a resource is
//! reported (kubernetes-validate stops at the first), each saying what was expected.
//!
//! Rules: `schema/type`, `schema/required`, `schema/unknown-field` (strict), `schema/duplicate-key`
//! (strict), `schema/enum`, `schema/other`, `schema/missing`.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{JsonType, ValidationError, Validator};
use rayon::prelude::*;
use serde_json::Value;

use super::bundle::{self, KubeVersion, Lookup};
use super::crd::{CrdLookup, CrdRegistry};
use crate::diag::{Category, Finding, Location, Severity, dotted, pointer_push};
use crate::manifest::Document;

/// How resources are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SchemaOptions {
    /// The Kubernetes version whose schemas apply.
    pub version: KubeVersion,
    /// Unknown fields and duplicate keys are errors.
    pub strict: bool,
    /// A resource without any schema is skipped instead of being an error.
    pub ignore_missing: bool,
}

impl Default for SchemaOptions {
    fn default() -> SchemaOptions {
        SchemaOptions {
            version: KubeVersion::LATEST,
            strict: false,
            ignore_missing: false,
        }
    }
}

/// The schema verdict on one resource.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SchemaOutcome {
    /// Everything wrong with it (empty when valid or skipped).
    pub findings: Vec<Finding>,
    /// No schema was found and `ignore_missing` was set.
    pub skipped: bool,
}

/// Checks `doc` (resource number `resource` of the report) against its schema.
pub fn check(
    doc: &Document,
    resource: usize,
    crds: &CrdRegistry,
    options: &SchemaOptions,
) -> SchemaOutcome {
    let mut out = SchemaOutcome::default();
    let mut push = |rule: &str, path: String, message: String| {
        out.findings.push(
            Finding::new(rule, Category::Schema, Severity::Error, message).at(resource, path),
        );
    };
    let value = &doc.value;
    let (api_version, kind) = match (value.get("apiVersion"), value.get("kind")) {
        (Some(Value::String(a)), Some(Value::String(k))) if !a.is_empty() && !k.is_empty() => {
            (a.as_str(), k.as_str())
        }
        (a, k) => {
            for (field, v) in [("apiVersion", a), ("kind", k)] {
                let mut path = String::new();
                match v {
                    None | Some(Value::Null) => push(
                        "schema/required",
                        String::new(),
                        format!("{field}: required field missing"),
                    ),
                    Some(Value::String(s)) if s.is_empty() => {
                        pointer_push(&mut path, field);
                        push(
                            "schema/required",
                            path,
                            format!("{field}: must not be empty"),
                        )
                    }
                    Some(Value::String(_)) => {}
                    Some(other) => {
                        pointer_push(&mut path, field);
                        push(
                            "schema/type",
                            path,
                            format!("{field}: expected string, got {}", describe(other)),
                        )
                    }
                }
            }
            return locate_all(doc, out);
        }
    };
    let validator = match lookup(api_version, kind, crds, options) {
        Ok(Some(v)) => v,
        Ok(None) if options.ignore_missing => {
            out.skipped = true;
            return out;
        }
        Ok(None) => {
            push(
                "schema/missing",
                String::new(),
                format!(
                    "no schema for kind {kind} of apiVersion {api_version} in Kubernetes {} \
                     (built in, or from a CustomResourceDefinition)",
                    options.version
                ),
            );
            return locate_all(doc, out);
        }
        Err(message) => {
            push("schema/other", String::new(), message);
            return locate_all(doc, out);
        }
    };
    if !validator.is_valid(value) {
        for error in validator.iter_errors(value) {
            convert(&error, &mut push);
        }
    }
    if options.strict {
        for dup in &doc.duplicate_keys {
            let key = crate::diag::pointer_segments(&dup.pointer)
                .pop()
                .unwrap_or_default();
            out.findings.push(
                Finding::new(
                    "schema/duplicate-key",
                    Category::Schema,
                    Severity::Error,
                    format!("{}: duplicate key {key:?}", field_name(&dup.pointer)),
                )
                .at(resource, dup.pointer.clone()),
            );
            if let Some(f) = out.findings.last_mut() {
                f.location = Some(Location {
                    file: doc.source.to_string(),
                    line: dup.position.line,
                    column: dup.position.column,
                });
            }
        }
    }
    locate_all(doc, out)
}

/// Compiles the validators of `kinds` (apiVersion, kind) side by side, so
/// that the workers checking a stream do not each compile the first kinds
/// they meet. Failures are left for [`check`] to report.
pub fn prepare(kinds: &[(&str, &str)], crds: &CrdRegistry, options: &SchemaOptions) {
    kinds.par_iter().for_each(|(api_version, kind)| {
        let _ = lookup(api_version, kind, crds, options);
    });
}

/// The validator for a resource: the bundle first, then the CRDs. `Ok(None)`: no schema.
fn lookup(
    api_version: &str,
    kind: &str,
    crds: &CrdRegistry,
    options: &SchemaOptions,
) -> Result<Option<std::sync::Arc<Validator>>, String> {
    match bundle::validator(options.version, api_version, kind, options.strict) {
        Ok(Lookup::Found(v)) => return Ok(Some(v)),
        Ok(Lookup::Missing) => {}
        Err(e) => return Err(e.to_string()),
    }
    match crds.validator(options.version, api_version, kind, options.strict) {
        Ok(CrdLookup::Found(v)) => Ok(Some(v)),
        Ok(CrdLookup::Missing) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// Fills in where each finding's field is written (parsing the document again, once).
fn locate_all(doc: &Document, mut out: SchemaOutcome) -> SchemaOutcome {
    // One parse of the document for all of its findings.
    let pointers: Vec<&str> = out
        .findings
        .iter()
        .filter(|f| f.location.is_none())
        .map(|f| f.path.as_str())
        .collect();
    let mut positions = doc.locate_all(&pointers).into_iter();
    for f in &mut out.findings {
        if f.location.is_none()
            && let Some(at) = positions.next()
        {
            f.location = Some(Location {
                file: doc.source.to_string(),
                line: at.line,
                column: at.column,
            });
        }
    }
    out
}

/// One validator error as findings (one per unknown field).
fn convert(error: &ValidationError<'_>, push: &mut impl FnMut(&str, String, String)) {
    let path = error.instance_path().as_str().to_string();
    let instance: &Value = error.instance();
    let field = field_name(&path);
    match error.kind() {
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => vec![*t],
                TypeKind::Multiple(set) => set.iter().collect(),
            };
            push(
                "schema/type",
                path,
                format!(
                    "{field}: expected {}, got {}",
                    expected_types(&expected),
                    describe(instance)
                ),
            );
        }
        ValidationErrorKind::Required { property } => {
            let mut child = path.clone();
            pointer_push(&mut child, property.as_str().unwrap_or_default());
            push(
                "schema/required",
                path,
                format!("{}: required field missing", field_name(&child)),
            );
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for key in unexpected {
                let mut child = path.clone();
                pointer_push(&mut child, key);
                push(
                    "schema/unknown-field",
                    child,
                    format!("{field}: unknown field {key:?}"),
                );
            }
        }
        ValidationErrorKind::Enum { options } => {
            let allowed = match &**options {
                Value::Array(items) => items
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(Value::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                other => other.to_string(),
            };
            let one_of = if allowed.contains(", ") {
                "one of "
            } else {
                ""
            };
            push(
                "schema/enum",
                path,
                format!(
                    "{field}: expected {one_of}{allowed}, got {}",
                    describe(instance)
                ),
            );
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            // IntOrString and Quantity are a oneOf of scalar types: say which types, once,
            // rather than one error per branch.
            let mut types = Vec::new();
            let only_types = context.iter().all(|branch| {
                branch.iter().all(|e| match e.kind() {
                    ValidationErrorKind::Type { kind } => {
                        match kind {
                            TypeKind::Single(t) => types.push(*t),
                            TypeKind::Multiple(set) => types.extend(set.iter()),
                        }
                        e.instance_path() == error.instance_path()
                    }
                    _ => false,
                })
            });
            if only_types && !types.is_empty() {
                push(
                    "schema/type",
                    path,
                    format!(
                        "{field}: expected {}, got {}",
                        expected_types(&types),
                        describe(instance)
                    ),
                );
            } else {
                push(
                    "schema/other",
                    path,
                    format!(
                        "{field}: matches none of the allowed forms ({})",
                        describe(instance)
                    ),
                );
            }
        }
        ValidationErrorKind::FalseSchema => {
            push(
                "schema/unknown-field",
                path,
                format!("{field}: field not allowed here"),
            );
        }
        _ => push("schema/other", path, format!("{field}: {error}")),
    }
}

/// `spec.replicas`, or `(resource)` for the root.
fn field_name(pointer: &str) -> String {
    if pointer.is_empty() {
        "(resource)".to_string()
    } else {
        dotted(pointer)
    }
}

/// `integer`, `integer or string`: null is left out when something else is allowed (optional
/// fields are nullable in the bundle, which is not what users need to read).
fn expected_types(types: &[JsonType]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for t in types {
        let name = t.as_str();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if names.len() > 1 {
        names.retain(|n| *n != "null");
    }
    // "number" already admits integers.
    if names.contains(&"number") {
        names.retain(|n| *n != "integer");
    }
    // A fixed order, so IntOrString reads "integer or string" whatever the schema's order.
    const ORDER: [&str; 7] = [
        "integer", "number", "string", "boolean", "array", "object", "null",
    ];
    names.sort_by_key(|n| ORDER.iter().position(|o| o == n));
    match names.split_last() {
        Some((last, [])) => (*last).to_string(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => "nothing".to_string(),
    }
}

/// `string "3"`, `integer 3`, `boolean true`, `null`, `array`, `object`.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) if n.is_i64() || n.is_u64() => format!("integer {n}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => {
            const LIMIT: usize = 40;
            match s.char_indices().nth(LIMIT) {
                Some((cut, _)) => format!("string {:?}…", &s[..cut]),
                None => format!("string {s:?}"),
            }
        }
        Value::Array(_) => "array".to_string(),
        Value::Object(_) => "object".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::read_stream;

    fn run(yaml: &str, strict: bool, version: &str) -> Vec<(String, String, String)> {
        let stream = read_stream("test.yaml", yaml);
        assert!(stream.errors.is_empty(), "{:?}", stream.errors);
        let options = SchemaOptions {
            version: KubeVersion::resolve(version).unwrap(),
            strict,
            ignore_missing: false,
        };
        let crds = CrdRegistry::new();
        stream
            .documents
            .iter()
            .enumerate()
            .flat_map(|(i, d)| check(d, i, &crds, &options).findings)
            .map(|f| (f.rule, f.path, f.message))
            .collect()
    }

    const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: REPLICAS
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
        EXTRA
";

    fn deployment(replicas: &str, extra: &str) -> String {
        DEPLOYMENT
            .replace("REPLICAS", replicas)
            .replace("EXTRA", extra)
    }

    #[test]
    fn reports_every_error_with_what_was_expected() {
        type Expected<'a> = Vec<(&'a str, &'a str, &'a str)>;
        let table: Vec<(String, bool, Expected)> = vec![
            (deployment("3", "imagePullPolicy: Always"), true, vec![]),
            (
                deployment("\"3\"", "imagePullPolicyy: Always"),
                true,
                vec![
                    ("schema/type", "/spec/replicas", "spec.replicas: expected integer, got string \"3\""),
                    (
                        "schema/unknown-field",
                        "/spec/template/spec/containers/0/imagePullPolicyy",
                        "spec.template.spec.containers[0]: unknown field \"imagePullPolicyy\"",
                    ),
                ],
            ),
            (deployment("\"3\"", "imagePullPolicyy: Always"), false, vec![(
                "schema/type",
                "/spec/replicas",
                "spec.replicas: expected integer, got string \"3\"",
            )]),
            (
                deployment("1", "ports: [{containerPort: 80}]\n        resources: {limits: {cpu: true}}"),
                false,
                vec![(
                    "schema/type",
                    "/spec/template/spec/containers/0/resources/limits/cpu",
                    "spec.template.spec.containers[0].resources.limits.cpu: expected number or string, got boolean true",
                )],
            ),
            (
                deployment("1", "livenessProbe: {httpGet: {port: [1]}}"),
                false,
                vec![(
                    "schema/type",
                    "/spec/template/spec/containers/0/livenessProbe/httpGet/port",
                    "spec.template.spec.containers[0].livenessProbe.httpGet.port: expected integer or string, got array",
                )],
            ),
            (
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {template: {}}\n".into(),
                false,
                vec![("schema/required", "/spec", "spec.selector: required field missing")],
            ),
            (
                "apiVersion: apps/v1\nkind: deployment\nmetadata: {name: x}\n".into(),
                false,
                vec![("schema/enum", "/kind", "kind: expected \"Deployment\", got string \"deployment\"")],
            ),
            (
                "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: x}\n".into(),
                false,
                vec![(
                    "schema/missing",
                    "",
                    "no schema for kind Widget of apiVersion example.com/v1 in Kubernetes 1.35 (built in, or from a CustomResourceDefinition)",
                )],
            ),
            (
                "kind: ConfigMap\nmetadata: {name: x}\n".into(),
                false,
                vec![("schema/required", "", "apiVersion: required field missing")],
            ),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: 1}\ndata: {b: c}\n".into(),
                true,
                vec![("schema/duplicate-key", "/data", "data: duplicate key \"data\"")],
            ),
        ];
        for (i, (yaml, strict, want)) in table.iter().enumerate() {
            let got = run(yaml, *strict, "1.35");
            let got: Vec<(&str, &str, &str)> = got
                .iter()
                .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
                .collect();
            assert_eq!(got, *want, "row {i}:\n{yaml}");
        }
    }

    #[test]
    fn custom_resources_use_crds_from_the_stream() {
        let text = "\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  names: {kind: Widget, plural: widgets}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer}
              port: {x-kubernetes-int-or-string: true}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w, labels: {a: 1}}
spec: {size: big, port: true, colour: red}
";
        let stream = read_stream("s.yaml", text);
        let mut crds = CrdRegistry::new();
        assert!(crds.add_documents(&stream.documents).is_empty());
        let options = SchemaOptions {
            strict: true,
            ..SchemaOptions::default()
        };
        let crd_findings = check(&stream.documents[0], 0, &crds, &options).findings;
        assert!(crd_findings.is_empty(), "{crd_findings:?}");
        let got: Vec<(String, String)> = check(&stream.documents[1], 1, &crds, &options)
            .findings
            .into_iter()
            .map(|f| (f.path, f.message))
            .collect();
        let want = [
            (
                "/metadata/labels/a",
                "metadata.labels.a: expected string, got integer 1",
            ),
            (
                "/spec/size",
                "spec.size: expected integer, got string \"big\"",
            ),
            (
                "/spec/port",
                "spec.port: expected integer or string, got boolean true",
            ),
            ("/spec/colour", "spec: unknown field \"colour\""),
        ];
        let mut got_sorted = got.clone();
        got_sorted.sort();
        let mut want_sorted: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        want_sorted.sort();
        assert_eq!(got_sorted, want_sorted);
    }

    #[test]
    fn required_fields_depend_on_the_version() {
        let sts = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: x}\n\
                   spec: {selector: {}, template: {}}\n";
        assert_eq!(run(sts, false, "1.32").len(), 1);
        assert!(run(sts, false, "1.33").is_empty());
    }

    #[test]
    fn findings_are_located_and_missing_can_be_skipped() {
        let stream = read_stream("f.yaml", &deployment("\"3\"", ""));
        let doc = &stream.documents[0];
        let out = check(doc, 7, &CrdRegistry::new(), &SchemaOptions::default());
        let f = &out.findings[0];
        assert_eq!(f.resource, Some(7));
        assert_eq!(f.location.as_ref().map(|l| l.line), Some(6));
        let cr = read_stream(
            "f.yaml",
            "apiVersion: x.io/v1\nkind: X\nmetadata: {name: a}\n",
        );
        let options = SchemaOptions {
            ignore_missing: true,
            ..SchemaOptions::default()
        };
        let out = check(&cr.documents[0], 0, &CrdRegistry::new(), &options);
        assert!(out.skipped && out.findings.is_empty());
    }
}
