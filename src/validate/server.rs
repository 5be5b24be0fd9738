//! What the API server checks that the JSON schemas cannot express (rule
//! family `server`): name and label formats, the enum values it enforces,
//! port names and ranges, selectors that must select their pod template,
//! duplicates, size limits and an empty input.
//!
//! The formats follow k8s.io/apimachinery `pkg/util/validation` (DNS-1123
//! label and subdomain, DNS-1035 label, qualified names, label values,
//! IANA_SVC_NAME) and the enums and limits follow Kubernetes
//! `pkg/apis/core/validation/validation.go`, `pkg/apis/apps/validation`,
//! `pkg/apis/batch/validation` and `pkg/apis/networking/validation`. Every
//! rule has its own id so it can be selected or re-graded on its own; each
//! finding's message starts with the field (`spec.ports[0].name: ...`) and
//! says what was expected, and its `path` is the field's JSON pointer.
//!
//! Rules:
//! - `server/name`: `metadata.name` (or `generateName`) in the format of its
//!   kind: a DNS-1035 label for Service (`ValidateServiceName`), a DNS-1123
//!   label for Namespace (`ValidateNamespaceName`), a path segment for RBAC
//!   roles and bindings (`ValidateRBACName`), at most 52 characters for a
//!   CronJob (its Jobs append 11), a DNS-1123 subdomain for everything else
//!   (custom resources included); container names are DNS-1123 labels.
//! - `server/namespace-name`: `metadata.namespace` is a DNS-1123 label.
//! - `server/label-key`, `server/label-value`: labels, selector
//!   `matchLabels` and Service selectors use qualified-name keys (optional
//!   DNS-subdomain prefix of at most 253 characters, `/`, name of at most
//!   63) and values of at most 63 characters.
//! - `server/annotation-key`: annotation keys are qualified names.
//! - `server/annotations-size`: keys and values of one object's annotations
//!   total at most 256 KiB (`TotalAnnotationSizeLimitB`).
//! - `server/enum`: values outside the sets the API server accepts.
//! - `server/port-name`: container port names are IANA service names (at
//!   most 15 characters), Service port names DNS-1123 labels, named target
//!   and probe ports IANA service names.
//! - `server/port-range`: port numbers in 1–65535.
//! - `server/selector-mismatch`: a workload's selector selects its pod
//!   template's labels; apps/v1 workloads need a non-empty selector.
//! - `server/duplicate-container`: container names are unique across
//!   `containers`, `initContainers` and `ephemeralContainers`.
//! - `server/duplicate-env` (warning): an env var set twice in a container;
//!   the last one wins, which the API server warns about.
//! - `server/duplicate-resource`: the same group, kind, namespace and name
//!   twice in one stream; the second overwrites the first.
//! - `server/object-size`: ConfigMap and Secret data over 1 MiB
//!   (`MaxSecretSize`, also used for ConfigMaps), any object over etcd's
//!   default request limit of 1.5 MiB (`--max-request-bytes` 1,572,864).
//! - `server/empty-input`: a stream without any resource.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::BuildHasher;
use std::io;

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::diag::{Category, Finding, RuleInfo, Severity, dotted, pointer_push};
use crate::manifest::Document;

/// Annotation keys and values together, per object (apimachinery
/// `TotalAnnotationSizeLimitB = 256 * (1 << 10)`).
pub const ANNOTATIONS_SIZE_LIMIT: usize = 256 * 1024;

/// ConfigMap and Secret payload (core validation `MaxSecretSize = 1 * 1024 *
/// 1024`; ValidateConfigMap reuses it).
pub const DATA_SIZE_LIMIT: usize = 1024 * 1024;

/// A whole object as stored: etcd's default `--max-request-bytes`
/// (`embed.DefaultMaxRequestBytes = 1.5 * 1024 * 1024`).
pub const OBJECT_SIZE_LIMIT: usize = 1024 * 1024 * 3 / 2;

const fn rule(id: &'static str, severity: Severity, summary: &'static str) -> RuleInfo {
    RuleInfo {
        id,
        category: Category::Server,
        severity,
        summary,
    }
}

static RULES: &[RuleInfo] = &[
    rule(
        "server/name",
        Severity::Error,
        "metadata.name and container names in the format their kind requires",
    ),
    rule(
        "server/namespace-name",
        Severity::Error,
        "metadata.namespace is a DNS-1123 label",
    ),
    rule(
        "server/label-key",
        Severity::Error,
        "label and selector keys are qualified names (prefix <= 253, name <= 63)",
    ),
    rule(
        "server/label-value",
        Severity::Error,
        "label and selector values are empty or qualified-name characters, <= 63",
    ),
    rule(
        "server/annotation-key",
        Severity::Error,
        "annotation keys are qualified names",
    ),
    rule(
        "server/annotations-size",
        Severity::Error,
        "an object's annotations total at most 256 KiB",
    ),
    rule(
        "server/enum",
        Severity::Error,
        "fields with a fixed set of values hold one of them",
    ),
    rule(
        "server/port-name",
        Severity::Error,
        "port names: IANA service names (<= 15 chars) for containers, DNS labels for Services",
    ),
    rule(
        "server/port-range",
        Severity::Error,
        "port numbers are in 1-65535",
    ),
    rule(
        "server/selector-mismatch",
        Severity::Error,
        "a workload's selector is non-empty and selects its pod template labels",
    ),
    rule(
        "server/duplicate-container",
        Severity::Error,
        "container names are unique within a pod",
    ),
    rule(
        "server/duplicate-env",
        Severity::Warning,
        "an env var is set once per container",
    ),
    rule(
        "server/duplicate-resource",
        Severity::Error,
        "a resource (group, kind, namespace, name) appears once per stream",
    ),
    rule(
        "server/object-size",
        Severity::Error,
        "ConfigMap/Secret data <= 1 MiB, any object <= 1.5 MiB",
    ),
    rule(
        "server/empty-input",
        Severity::Error,
        "the input holds at least one resource",
    ),
];

/// The rules of this family, with their default severities.
pub fn rules() -> &'static [RuleInfo] {
    RULES
}

fn severity_of(id: &str) -> Severity {
    RULES
        .iter()
        .find(|r| r.id == id)
        .map_or(Severity::Error, |r| r.severity)
}

/// Findings of one resource, built up by the checks.
struct Out {
    index: usize,
    findings: Vec<Finding>,
}

impl Out {
    fn push(&mut self, rule: &'static str, path: &str, problem: impl std::fmt::Display) {
        let field = dotted(path);
        let message = if field.is_empty() {
            problem.to_string()
        } else {
            format!("{field}: {problem}")
        };
        self.findings.push(
            Finding::new(rule, Category::Server, severity_of(rule), message).at(self.index, path),
        );
    }
}

/// A user's value as messages quote it: long ones are cut, with their length.
fn shown(value: &str) -> String {
    const KEEP: usize = 40;
    let count = value.chars().count();
    if count <= 63 {
        format!("{value:?}")
    } else {
        let start: String = value.chars().take(KEEP).collect();
        format!("{start:?}... ({count} characters)")
    }
}

fn child(path: &str, segment: &str) -> String {
    let mut p = path.to_string();
    pointer_push(&mut p, segment);
    p
}

fn item(path: &str, i: usize) -> String {
    child(path, &i.to_string())
}

// ---------------------------------------------------------------------
// Formats (k8s.io/apimachinery/pkg/util/validation).

fn alnum_lower(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?` without a length limit.
fn dns_label_chars(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) => {
            alnum_lower(f) && alnum_lower(l) && b.iter().all(|&c| alnum_lower(c) || c == b'-')
        }
        _ => false,
    }
}

const DNS_LABEL: &str = "a DNS-1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit";
const DNS1035_LABEL: &str = "a DNS-1035 label: at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit";
const DNS_SUBDOMAIN: &str = "a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit";
const PATH_SEGMENT: &str = "a path segment: not \".\" or \"..\" and without '/' or '%'";

fn is_dns1123_label(s: &str) -> bool {
    s.len() <= 63 && dns_label_chars(s)
}

fn is_dns1035_label(s: &str) -> bool {
    is_dns1123_label(s) && s.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
}

fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(dns_label_chars)
}

fn is_path_segment(s: &str) -> bool {
    !s.is_empty() && s != "." && s != ".." && !s.contains('/') && !s.contains('%')
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, at most 63.
fn is_qualified_part(s: &str) -> bool {
    let b = s.as_bytes();
    let edge = |c: &u8| c.is_ascii_alphanumeric();
    !b.is_empty()
        && b.len() <= 63
        && b.first().is_some_and(edge)
        && b.last().is_some_and(edge)
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// A qualified name (`IsQualifiedName`): `[prefix/]name`; the problem, if
/// any.
fn qualified_name_problem(s: &str) -> Option<String> {
    const NAME: &str =
        "at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
    let (prefix, name) = match s.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, s),
    };
    if name.contains('/') {
        return Some(format!(
            "invalid key {shown_s}: a qualified name has at most one '/' (prefix/name)",
            shown_s = shown(s)
        ));
    }
    if let Some(prefix) = prefix {
        if prefix.is_empty() {
            return Some(format!(
                "invalid key {shown_s}: the prefix before '/' is empty",
                shown_s = shown(s)
            ));
        }
        if !is_dns1123_subdomain(prefix) {
            return Some(format!(
                "invalid key {shown_s}: the prefix {shown_prefix} must be {DNS_SUBDOMAIN}",
                shown_prefix = shown(prefix),
                shown_s = shown(s)
            ));
        }
    }
    if !is_qualified_part(name) {
        return Some(format!(
            "invalid key {shown_s}: the name part must be {NAME}",
            shown_s = shown(s)
        ));
    }
    None
}

fn label_value_ok(s: &str) -> bool {
    s.is_empty() || is_qualified_part(s)
}

/// IANA_SVC_NAME (`IsValidPortName`); the problem, if any.
fn port_name_problem(s: &str) -> Option<&'static str> {
    if s.is_empty() || s.len() > 15 {
        return Some("must be 1 to 15 characters");
    }
    if !s.bytes().all(|c| alnum_lower(c) || c == b'-') {
        return Some("may hold only lowercase letters, digits and '-'");
    }
    if !s.bytes().any(|c| c.is_ascii_lowercase()) {
        return Some("must contain at least one letter");
    }
    if s.contains("--") {
        return Some("may not contain \"--\"");
    }
    if s.starts_with('-') || s.ends_with('-') {
        return Some("may not start or end with '-'");
    }
    None
}

// ---------------------------------------------------------------------
// Metadata: names, namespace, labels, annotations.

enum NameFormat {
    Dns1035Label,
    Dns1123Label,
    Subdomain,
    PathSegment,
}

fn name_format(group: &str, kind: &str) -> NameFormat {
    match (group, kind) {
        ("", "Service") => NameFormat::Dns1035Label,
        ("", "Namespace") => NameFormat::Dns1123Label,
        (
            "rbac.authorization.k8s.io",
            "Role" | "ClusterRole" | "RoleBinding" | "ClusterRoleBinding",
        ) => NameFormat::PathSegment,
        _ => NameFormat::Subdomain,
    }
}

fn check_name(doc: &Document, out: &mut Out) {
    let meta = doc.value.get("metadata");
    let name = meta.and_then(|m| m.get("name")).and_then(Value::as_str);
    let generate = meta
        .and_then(|m| m.get("generateName"))
        .and_then(Value::as_str);
    let (value, path, prefix) = match (name, generate) {
        (Some(n), _) if !n.is_empty() => (n, "/metadata/name", false),
        (_, Some(g)) if !g.is_empty() => (g, "/metadata/generateName", true),
        _ => {
            out.push(
                "server/name",
                "/metadata/name",
                "required: set metadata.name (or metadata.generateName)",
            );
            return;
        }
    };
    // A generated name gets a suffix, so the prefix may end in '-'
    // (apimachinery maskTrailingDash).
    let masked;
    let checked = if prefix && value.len() > 1 && value.ends_with('-') {
        masked = format!("{}a", &value[..value.len() - 1]);
        masked.as_str()
    } else {
        value
    };
    let (ok, expected) = match name_format(doc.group(), doc.kind()) {
        NameFormat::Dns1035Label => (is_dns1035_label(checked), DNS1035_LABEL),
        NameFormat::Dns1123Label => (is_dns1123_label(checked), DNS_LABEL),
        NameFormat::Subdomain => (is_dns1123_subdomain(checked), DNS_SUBDOMAIN),
        NameFormat::PathSegment => (is_path_segment(checked), PATH_SEGMENT),
    };
    if !ok {
        out.push(
            "server/name",
            path,
            format!(
                "invalid name {shown_value}; a {} name must be {expected}",
                doc.kind(),
                shown_value = shown(value)
            ),
        );
    } else if doc.group() == "batch" && doc.kind() == "CronJob" && !prefix && value.len() > 52 {
        // ValidateCronJob: Job names add an 11-character suffix and must
        // stay DNS-1035 labels of at most 63.
        out.push(
            "server/name",
            path,
            format!(
                "name is {} characters; a CronJob name must be at most 52",
                value.len()
            ),
        );
    }
}

fn check_namespace(doc: &Document, out: &mut Out) {
    if let Some(ns) = doc.namespace()
        && !ns.is_empty()
        && !is_dns1123_label(ns)
    {
        out.push(
            "server/namespace-name",
            "/metadata/namespace",
            format!(
                "invalid namespace {shown_ns}; it must be {DNS_LABEL}",
                shown_ns = shown(ns)
            ),
        );
    }
}

/// A string-to-string map of labels (or a selector's matchLabels) at `path`.
fn check_labels(map: &Map<String, Value>, path: &str, out: &mut Out) {
    for (key, value) in map {
        if let Some(problem) = qualified_name_problem(key) {
            out.push("server/label-key", &child(path, key), problem);
        }
        if let Some(v) = value.as_str()
            && !label_value_ok(v)
        {
            out.push(
                "server/label-value",
                &child(path, key),
                format!(
                    "invalid value {shown_v}: a label value is empty or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
                    shown_v = shown(v)
                ),
            );
        }
    }
}

fn check_metadata(meta: &Value, path: &str, out: &mut Out) {
    if let Some(labels) = meta.get("labels").and_then(Value::as_object) {
        check_labels(labels, &child(path, "labels"), out);
    }
    if let Some(annotations) = meta.get("annotations").and_then(Value::as_object) {
        let at = child(path, "annotations");
        let mut total = 0usize;
        for (key, value) in annotations {
            // ValidateAnnotations lowercases keys first.
            let lowered = if key.bytes().any(|b| b.is_ascii_uppercase()) {
                std::borrow::Cow::Owned(key.to_ascii_lowercase())
            } else {
                std::borrow::Cow::Borrowed(key.as_str())
            };
            if let Some(problem) = qualified_name_problem(&lowered) {
                out.push("server/annotation-key", &child(&at, key), problem);
            }
            total += key.len() + value.as_str().map_or(0, str::len);
        }
        if total > ANNOTATIONS_SIZE_LIMIT {
            out.push(
                "server/annotations-size",
                &at,
                format!(
                    "annotations total {total} bytes; at most {ANNOTATIONS_SIZE_LIMIT} (256 KiB) are allowed"
                ),
            );
        }
    }
}

// ---------------------------------------------------------------------
// Enums.

fn check_enum(parent: &Value, parent_path: &str, field: &str, allowed: &[&str], out: &mut Out) {
    if let Some(v) = parent.get(field).and_then(Value::as_str) {
        enum_value(v, &child(parent_path, field), allowed, out);
    }
}

fn enum_value(v: &str, path: &str, allowed: &[&str], out: &mut Out) {
    if !allowed.contains(&v) {
        out.push(
            "server/enum",
            path,
            format!(
                "unsupported value {shown_v}; expected {}",
                one_of(allowed),
                shown_v = shown(v)
            ),
        );
    }
}

fn one_of(allowed: &[&str]) -> String {
    let quoted: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
    if quoted.len() == 1 {
        quoted.concat()
    } else {
        format!("one of {}", quoted.join(", "))
    }
}

fn check_enum_list(
    parent: &Value,
    parent_path: &str,
    field: &str,
    allowed: &[&str],
    out: &mut Out,
) {
    if let Some(items) = parent.get(field).and_then(Value::as_array) {
        let at = child(parent_path, field);
        for (i, v) in items.iter().enumerate() {
            if let Some(s) = v.as_str() {
                enum_value(s, &item(&at, i), allowed, out);
            }
        }
    }
}

const PROTOCOLS: &[&str] = &["TCP", "UDP", "SCTP"];
const ACCESS_MODES: &[&str] = &[
    "ReadWriteOnce",
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOncePod",
];
const VOLUME_MODES: &[&str] = &["Block", "Filesystem"];
const SECCOMP_TYPES: &[&str] = &["RuntimeDefault", "Unconfined", "Localhost"];
const SELECTOR_OPERATORS: &[&str] = &["In", "NotIn", "Exists", "DoesNotExist"];
const NODE_SELECTOR_OPERATORS: &[&str] = &["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"];

fn each<'v>(parent: &'v Value, parent_path: &str, field: &str) -> Vec<(String, &'v Value)> {
    parent
        .get(field)
        .and_then(Value::as_array)
        .map(|items| {
            let at = child(parent_path, field);
            items
                .iter()
                .enumerate()
                .map(|(i, v)| (item(&at, i), v))
                .collect()
        })
        .unwrap_or_default()
}

fn check_security_context(sc: &Value, path: &str, out: &mut Out) {
    if let Some(p) = sc.get("seccompProfile") {
        check_enum(
            p,
            &child(path, "seccompProfile"),
            "type",
            SECCOMP_TYPES,
            out,
        );
    }
    if let Some(p) = sc.get("appArmorProfile") {
        check_enum(
            p,
            &child(path, "appArmorProfile"),
            "type",
            SECCOMP_TYPES,
            out,
        );
    }
    check_enum(sc, path, "procMount", &["Default", "Unmasked"], out);
    check_enum(
        sc,
        path,
        "fsGroupChangePolicy",
        &["OnRootMismatch", "Always"],
        out,
    );
}

fn check_pvc_spec(spec: &Value, path: &str, out: &mut Out) {
    check_enum_list(spec, path, "accessModes", ACCESS_MODES, out);
    check_enum(spec, path, "volumeMode", VOLUME_MODES, out);
}

fn check_label_selector(selector: &Value, path: &str, out: &mut Out) {
    if let Some(ml) = selector.get("matchLabels").and_then(Value::as_object) {
        check_labels(ml, &child(path, "matchLabels"), out);
    }
    for (at, expr) in each(selector, path, "matchExpressions") {
        check_enum(expr, &at, "operator", SELECTOR_OPERATORS, out);
        if let Some(key) = expr.get("key").and_then(Value::as_str)
            && let Some(problem) = qualified_name_problem(key)
        {
            out.push("server/label-key", &child(&at, "key"), problem);
        }
    }
}

// ---------------------------------------------------------------------
// Ports.

fn port_number(v: &Value, path: &str, allow_zero: bool, out: &mut Out) {
    if let Some(n) = v.as_i64()
        && !(allow_zero && n == 0)
        && !(1..=65535).contains(&n)
    {
        out.push(
            "server/port-range",
            path,
            format!("port {n} is out of range; expected 1 to 65535"),
        );
    }
}

/// An int-or-string port: a number in range or an IANA service name.
fn int_or_name_port(parent: &Value, parent_path: &str, field: &str, out: &mut Out) {
    let Some(v) = parent.get(field) else { return };
    let at = child(parent_path, field);
    match v {
        Value::String(name) => {
            if let Some(problem) = port_name_problem(name) {
                out.push(
                    "server/port-name",
                    &at,
                    format!(
                        "invalid port name {shown_name}: an IANA service name {problem}",
                        shown_name = shown(name)
                    ),
                );
            }
        }
        _ => port_number(v, &at, false, out),
    }
}

fn check_handler(handler: &Value, path: &str, out: &mut Out) {
    if let Some(h) = handler.get("httpGet") {
        let at = child(path, "httpGet");
        int_or_name_port(h, &at, "port", out);
        check_enum(h, &at, "scheme", &["HTTP", "HTTPS"], out);
    }
    if let Some(t) = handler.get("tcpSocket") {
        int_or_name_port(t, &child(path, "tcpSocket"), "port", out);
    }
    if let Some(g) = handler.get("grpc")
        && let Some(p) = g.get("port")
    {
        port_number(p, &child(&child(path, "grpc"), "port"), false, out);
    }
}

// ---------------------------------------------------------------------
// Pods.

/// Which controller owns a pod template: it restricts `restartPolicy`.
#[derive(Clone, Copy, PartialEq)]
enum Owner {
    Pod,
    /// Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController.
    Controller,
    /// Job and CronJob.
    Job,
}

fn check_container(c: &Value, path: &str, init: bool, out: &mut Out) {
    if let Some(name) = c.get("name").and_then(Value::as_str)
        && !is_dns1123_label(name)
    {
        out.push(
            "server/name",
            &child(path, "name"),
            format!(
                "invalid container name {shown_name}; it must be {DNS_LABEL}",
                shown_name = shown(name)
            ),
        );
    }
    check_enum(
        c,
        path,
        "imagePullPolicy",
        &["Always", "IfNotPresent", "Never"],
        out,
    );
    check_enum(
        c,
        path,
        "terminationMessagePolicy",
        &["File", "FallbackToLogsOnError"],
        out,
    );
    if init {
        // A restartable init container is a sidecar; "Always" is the only
        // value (validateInitContainers).
        check_enum(c, path, "restartPolicy", &["Always"], out);
    } else if let Some(policy) = c.get("restartPolicy").and_then(Value::as_str) {
        // validateContainers: "may not be set for non-init containers"
        // (per-container restart rules are an alpha feature gate, off by
        // default).
        out.push(
            "server/enum",
            &child(path, "restartPolicy"),
            format!(
                "restartPolicy {policy:?} may not be set on a regular or ephemeral container; only initContainers take it (\"Always\", for a sidecar)"
            ),
        );
    }
    for (at, port) in each(c, path, "ports") {
        if let Some(name) = port.get("name").and_then(Value::as_str)
            && let Some(problem) = port_name_problem(name)
        {
            out.push(
                "server/port-name",
                &child(&at, "name"),
                format!(
                    "invalid port name {shown_name}: an IANA service name {problem}",
                    shown_name = shown(name)
                ),
            );
        }
        if let Some(p) = port.get("containerPort") {
            port_number(p, &child(&at, "containerPort"), false, out);
        }
        if let Some(p) = port.get("hostPort") {
            port_number(p, &child(&at, "hostPort"), true, out);
        }
        check_enum(port, &at, "protocol", PROTOCOLS, out);
    }
    for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
        if let Some(p) = c.get(probe) {
            check_handler(p, &child(path, probe), out);
        }
    }
    if let Some(lifecycle) = c.get("lifecycle") {
        let lp = child(path, "lifecycle");
        for hook in ["postStart", "preStop"] {
            if let Some(h) = lifecycle.get(hook) {
                check_handler(h, &child(&lp, hook), out);
            }
        }
    }
    if let Some(sc) = c.get("securityContext") {
        check_security_context(sc, &child(path, "securityContext"), out);
    }
    // Pod specs hold a handful of names: a list beats a hash map here.
    let mut seen: Vec<(&str, String)> = Vec::new();
    for (at, env) in each(c, path, "env") {
        if let Some(name) = env.get("name").and_then(Value::as_str) {
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                out.push(
                    "server/duplicate-env",
                    &child(&at, "name"),
                    format!(
                        "env var {shown_name} is already set at {}; only the last value takes effect",
                        dotted(first),
                        shown_name = shown(name)
                    ),
                );
            } else {
                seen.push((name, at));
            }
        }
    }
}

fn check_pod_spec(spec: &Value, path: &str, owner: Owner, out: &mut Out) {
    match owner {
        Owner::Pod => check_enum(
            spec,
            path,
            "restartPolicy",
            &["Always", "OnFailure", "Never"],
            out,
        ),
        Owner::Controller => check_enum(spec, path, "restartPolicy", &["Always"], out),
        Owner::Job => check_enum(spec, path, "restartPolicy", &["OnFailure", "Never"], out),
    }
    check_enum(
        spec,
        path,
        "dnsPolicy",
        &["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
        out,
    );
    check_enum(
        spec,
        path,
        "preemptionPolicy",
        &["PreemptLowerPriority", "Never"],
        out,
    );
    if let Some(sc) = spec.get("securityContext") {
        check_security_context(sc, &child(path, "securityContext"), out);
    }
    let mut names: Vec<(&str, String)> = Vec::new();
    for list in ["initContainers", "containers", "ephemeralContainers"] {
        for (at, c) in each(spec, path, list) {
            check_container(c, &at, list == "initContainers", out);
            if let Some(name) = c.get("name").and_then(Value::as_str) {
                if let Some((_, first)) = names.iter().find(|(n, _)| *n == name) {
                    out.push(
                        "server/duplicate-container",
                        &child(&at, "name"),
                        format!(
                            "container name {shown_name} is already used at {}; names must be unique across containers, initContainers and ephemeralContainers",
                            dotted(first),
                            shown_name = shown(name)
                        ),
                    );
                } else {
                    names.push((name, at));
                }
            }
        }
    }
    for (at, t) in each(spec, path, "tolerations") {
        check_enum(t, &at, "operator", &["Exists", "Equal"], out);
        if t.get("effect").and_then(Value::as_str) != Some("") {
            check_enum(
                t,
                &at,
                "effect",
                &["NoSchedule", "PreferNoSchedule", "NoExecute"],
                out,
            );
        }
    }
    for (at, t) in each(spec, path, "topologySpreadConstraints") {
        check_enum(
            t,
            &at,
            "whenUnsatisfiable",
            &["DoNotSchedule", "ScheduleAnyway"],
            out,
        );
        check_enum(t, &at, "nodeAffinityPolicy", &["Honor", "Ignore"], out);
        check_enum(t, &at, "nodeTaintsPolicy", &["Honor", "Ignore"], out);
    }
    if let Some(na) = spec.get("affinity").and_then(|a| a.get("nodeAffinity")) {
        let nap = child(&child(path, "affinity"), "nodeAffinity");
        let mut terms: Vec<(String, &Value)> = Vec::new();
        if let Some(req) = na.get("requiredDuringSchedulingIgnoredDuringExecution") {
            terms.extend(each(
                req,
                &child(&nap, "requiredDuringSchedulingIgnoredDuringExecution"),
                "nodeSelectorTerms",
            ));
        }
        for (at, pref) in each(na, &nap, "preferredDuringSchedulingIgnoredDuringExecution") {
            if let Some(term) = pref.get("preference") {
                terms.push((child(&at, "preference"), term));
            }
        }
        for (at, term) in terms {
            for list in ["matchExpressions", "matchFields"] {
                for (eat, expr) in each(term, &at, list) {
                    check_enum(expr, &eat, "operator", NODE_SELECTOR_OPERATORS, out);
                }
            }
        }
    }
}

/// `spec.template` of a workload: its labels, annotations and pod spec.
fn check_template(template: &Value, path: &str, owner: Owner, out: &mut Out) {
    if let Some(meta) = template.get("metadata") {
        check_metadata(meta, &child(path, "metadata"), out);
    }
    if let Some(spec) = template.get("spec") {
        check_pod_spec(spec, &child(path, "spec"), owner, out);
    }
}

// ---------------------------------------------------------------------
// Selectors.

/// Why `selector` (a LabelSelector) does not select `labels`, if it does not.
fn selector_miss(selector: &Value, labels: &Map<String, Value>) -> Option<String> {
    let label = |k: &str| labels.get(k).and_then(Value::as_str);
    if let Some(ml) = selector.get("matchLabels").and_then(Value::as_object) {
        for (k, v) in ml {
            let want = v.as_str().unwrap_or("");
            match label(k) {
                Some(have) if have == want => {}
                Some(have) => {
                    return Some(format!(
                        "matchLabels {k}={want} but the template has {k}={have}"
                    ));
                }
                None => {
                    return Some(format!(
                        "matchLabels {k}={want} but the template has no label {k}"
                    ));
                }
            }
        }
    }
    for expr in selector
        .get("matchExpressions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let key = expr.get("key").and_then(Value::as_str).unwrap_or("");
        let op = expr.get("operator").and_then(Value::as_str).unwrap_or("");
        let values: Vec<&str> = expr
            .get("values")
            .and_then(Value::as_array)
            .map(|vs| vs.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let have = label(key);
        let ok = match op {
            "In" => have.is_some_and(|h| values.contains(&h)),
            "NotIn" => have.is_none_or(|h| !values.contains(&h)),
            "Exists" => have.is_some(),
            "DoesNotExist" => have.is_none(),
            // An unknown operator is reported by server/enum.
            _ => true,
        };
        if !ok {
            let shown = match have {
                Some(h) => format!("{key}={h}"),
                None => format!("no label {key}"),
            };
            return Some(format!(
                "matchExpressions {key} {op} [{}] but the template has {shown}",
                values.join(", ")
            ));
        }
    }
    None
}

fn selector_is_empty(selector: &Value) -> bool {
    let ml = selector
        .get("matchLabels")
        .and_then(Value::as_object)
        .is_none_or(Map::is_empty);
    let me = selector
        .get("matchExpressions")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty);
    ml && me
}

/// A workload's selector against its template labels. `required`: apps/v1
/// kinds, whose selector is required and may not be empty.
fn check_selector(doc: &Document, template_path: &str, required: bool, out: &mut Out) {
    let spec = doc.value.get("spec");
    let selector = spec.and_then(|s| s.get("selector"));
    let labels = doc
        .value
        .pointer(&format!("{template_path}/metadata/labels"))
        .and_then(Value::as_object);
    let empty = Map::new();
    let labels = labels.unwrap_or(&empty);
    match selector {
        None | Some(Value::Null) => {
            if required {
                out.push(
                    "server/selector-mismatch",
                    "/spec/selector",
                    format!(
                        "required: {} {} needs a selector that selects its pod template labels",
                        doc.api_version(),
                        doc.kind()
                    ),
                );
            }
        }
        Some(sel) if selector_is_empty(sel) => {
            if required {
                out.push(
                    "server/selector-mismatch",
                    "/spec/selector",
                    format!(
                        "an empty selector is invalid for {} {}; it must select the pod template labels",
                        doc.api_version(),
                        doc.kind()
                    ),
                );
            }
        }
        Some(sel) => {
            if let Some(why) = selector_miss(sel, labels) {
                out.push(
                    "server/selector-mismatch",
                    "/spec/selector",
                    format!(
                        "does not select the pod template labels ({}): {why}",
                        dotted(&format!("{template_path}/metadata/labels"))
                    ),
                );
            }
        }
    }
}

/// ReplicationController: a plain map selector.
fn check_map_selector(doc: &Document, out: &mut Out) {
    let Some(sel) = doc
        .value
        .pointer("/spec/selector")
        .and_then(Value::as_object)
    else {
        return;
    };
    if let Some(labels) = doc
        .value
        .pointer("/spec/template/metadata/labels")
        .and_then(Value::as_object)
    {
        let as_selector = serde_json::json!({ "matchLabels": sel });
        if let Some(why) = selector_miss(&as_selector, labels) {
            out.push(
                "server/selector-mismatch",
                "/spec/selector",
                format!(
                    "does not select the pod template labels (spec.template.metadata.labels): {why}"
                ),
            );
        }
    }
    check_labels(sel, "/spec/selector", out);
}

// ---------------------------------------------------------------------
// Kinds.

fn check_service(spec: &Value, out: &mut Out) {
    let path = "/spec";
    check_enum(
        spec,
        path,
        "type",
        &["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
        out,
    );
    check_enum(spec, path, "sessionAffinity", &["None", "ClientIP"], out);
    check_enum(
        spec,
        path,
        "externalTrafficPolicy",
        &["Cluster", "Local"],
        out,
    );
    check_enum(
        spec,
        path,
        "internalTrafficPolicy",
        &["Cluster", "Local"],
        out,
    );
    check_enum(
        spec,
        path,
        "ipFamilyPolicy",
        &["SingleStack", "PreferDualStack", "RequireDualStack"],
        out,
    );
    check_enum_list(spec, path, "ipFamilies", &["IPv4", "IPv6"], out);
    if let Some(sel) = spec.get("selector").and_then(Value::as_object) {
        check_labels(sel, "/spec/selector", out);
    }
    for (at, port) in each(spec, path, "ports") {
        // ValidateServicePort: a Service port name is a DNS-1123 label.
        if let Some(name) = port.get("name").and_then(Value::as_str)
            && !is_dns1123_label(name)
        {
            out.push(
                "server/port-name",
                &child(&at, "name"),
                format!(
                    "invalid Service port name {shown_name}; it must be {DNS_LABEL}",
                    shown_name = shown(name)
                ),
            );
        }
        if let Some(p) = port.get("port") {
            port_number(p, &child(&at, "port"), false, out);
        }
        if let Some(p) = port.get("nodePort") {
            port_number(p, &child(&at, "nodePort"), true, out);
        }
        int_or_name_port(port, &at, "targetPort", out);
        check_enum(port, &at, "protocol", PROTOCOLS, out);
    }
}

fn check_kind(doc: &Document, out: &mut Out) {
    let v = &doc.value;
    let spec = v.get("spec");
    let group = doc.group();
    let kind = doc.kind();
    match (group, kind) {
        ("", "Pod") => {
            if let Some(s) = spec {
                check_pod_spec(s, "/spec", Owner::Pod, out);
            }
        }
        ("", "PodTemplate") => {
            if let Some(t) = v.get("template") {
                check_template(t, "/template", Owner::Pod, out);
            }
        }
        ("", "ReplicationController") => {
            if let Some(t) = spec.and_then(|s| s.get("template")) {
                check_template(t, "/spec/template", Owner::Controller, out);
            }
            check_map_selector(doc, out);
        }
        ("", "Service") => {
            if let Some(s) = spec {
                check_service(s, out);
            }
        }
        ("", "PersistentVolumeClaim") => {
            if let Some(s) = spec {
                check_pvc_spec(s, "/spec", out);
            }
        }
        ("", "PersistentVolume") => {
            if let Some(s) = spec {
                check_pvc_spec(s, "/spec", out);
                check_enum(
                    s,
                    "/spec",
                    "persistentVolumeReclaimPolicy",
                    &["Retain", "Recycle", "Delete"],
                    out,
                );
            }
        }
        ("apps" | "extensions", "Deployment" | "ReplicaSet" | "StatefulSet" | "DaemonSet") => {
            let Some(s) = spec else {
                check_selector(doc, "/spec/template", doc.api_version() == "apps/v1", out);
                return;
            };
            if let Some(t) = s.get("template") {
                check_template(t, "/spec/template", Owner::Controller, out);
            }
            if let Some(sel) = s.get("selector") {
                check_label_selector(sel, "/spec/selector", out);
            }
            check_selector(doc, "/spec/template", doc.api_version() == "apps/v1", out);
            match kind {
                "Deployment" => {
                    if let Some(st) = s.get("strategy") {
                        check_enum(
                            st,
                            "/spec/strategy",
                            "type",
                            &["Recreate", "RollingUpdate"],
                            out,
                        );
                    }
                }
                "DaemonSet" | "StatefulSet" => {
                    if let Some(st) = s.get("updateStrategy") {
                        check_enum(
                            st,
                            "/spec/updateStrategy",
                            "type",
                            &["RollingUpdate", "OnDelete"],
                            out,
                        );
                    }
                }
                _ => {}
            }
            if kind == "StatefulSet" {
                check_enum(
                    s,
                    "/spec",
                    "podManagementPolicy",
                    &["OrderedReady", "Parallel"],
                    out,
                );
                if let Some(p) = s.get("persistentVolumeClaimRetentionPolicy") {
                    let at = "/spec/persistentVolumeClaimRetentionPolicy";
                    check_enum(p, at, "whenDeleted", &["Retain", "Delete"], out);
                    check_enum(p, at, "whenScaled", &["Retain", "Delete"], out);
                }
                for (at, claim) in each(s, "/spec", "volumeClaimTemplates") {
                    if let Some(cs) = claim.get("spec") {
                        check_pvc_spec(cs, &child(&at, "spec"), out);
                    }
                }
            }
        }
        ("batch", "Job") => {
            if let Some(s) = spec {
                check_job_spec(s, "/spec", out);
                if s.get("selector").is_some() {
                    check_selector(doc, "/spec/template", false, out);
                }
            }
        }
        ("batch", "CronJob") => {
            if let Some(s) = spec {
                check_enum(
                    s,
                    "/spec",
                    "concurrencyPolicy",
                    &["Allow", "Forbid", "Replace"],
                    out,
                );
                if let Some(jt) = s.get("jobTemplate") {
                    if let Some(meta) = jt.get("metadata") {
                        check_metadata(meta, "/spec/jobTemplate/metadata", out);
                    }
                    if let Some(js) = jt.get("spec") {
                        check_job_spec(js, "/spec/jobTemplate/spec", out);
                    }
                }
            }
        }
        ("networking.k8s.io" | "extensions", "Ingress") => {
            for (rat, rule) in spec.map(|s| each(s, "/spec", "rules")).unwrap_or_default() {
                if let Some(http) = rule.get("http") {
                    for (pat, p) in each(http, &child(&rat, "http"), "paths") {
                        check_enum(
                            p,
                            &pat,
                            "pathType",
                            &["Exact", "Prefix", "ImplementationSpecific"],
                            out,
                        );
                    }
                }
            }
        }
        ("networking.k8s.io", "NetworkPolicy") => {
            let Some(s) = spec else { return };
            check_enum_list(s, "/spec", "policyTypes", &["Ingress", "Egress"], out);
            if let Some(sel) = s.get("podSelector") {
                check_label_selector(sel, "/spec/podSelector", out);
            }
            for direction in ["ingress", "egress"] {
                for (rat, rule) in each(s, "/spec", direction) {
                    for (pat, port) in each(rule, &rat, "ports") {
                        check_enum(port, &pat, "protocol", PROTOCOLS, out);
                        if let Some(p) = port.get("port") {
                            if p.is_string() {
                                int_or_name_port(port, &pat, "port", out);
                            } else {
                                port_number(p, &child(&pat, "port"), false, out);
                            }
                        }
                        if let Some(p) = port.get("endPort") {
                            port_number(p, &child(&pat, "endPort"), false, out);
                        }
                    }
                }
            }
        }
        ("policy", "PodDisruptionBudget") => {
            let Some(s) = spec else { return };
            check_enum(
                s,
                "/spec",
                "unhealthyPodEvictionPolicy",
                &["IfHealthyBudget", "AlwaysAllow"],
                out,
            );
            if let Some(sel) = s.get("selector") {
                check_label_selector(sel, "/spec/selector", out);
            }
        }
        ("scheduling.k8s.io", "PriorityClass") => {
            check_enum(
                v,
                "",
                "preemptionPolicy",
                &["PreemptLowerPriority", "Never"],
                out,
            );
        }
        _ => {}
    }
}

fn check_job_spec(spec: &Value, path: &str, out: &mut Out) {
    check_enum(
        spec,
        path,
        "completionMode",
        &["NonIndexed", "Indexed"],
        out,
    );
    check_enum(
        spec,
        path,
        "podReplacementPolicy",
        &["TerminatingOrFailed", "Failed"],
        out,
    );
    if let Some(sel) = spec.get("selector") {
        check_label_selector(sel, &child(path, "selector"), out);
    }
    if let Some(t) = spec.get("template") {
        check_template(t, &child(path, "template"), Owner::Job, out);
    }
}

// ---------------------------------------------------------------------
// Sizes.

/// Counts bytes written, so an object's JSON size needs no buffer.
struct ByteCount(usize);

impl io::Write for ByteCount {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Bytes a base64 string decodes to (padding and whitespace ignored).
fn base64_decoded_len(s: &str) -> usize {
    let chars = s
        .bytes()
        .filter(|b| !b.is_ascii_whitespace() && *b != b'=')
        .count();
    chars * 3 / 4
}

fn map_size(v: Option<&Value>, decoded: bool) -> usize {
    v.and_then(Value::as_object)
        .map(|m| {
            m.values()
                .filter_map(Value::as_str)
                .map(|s| {
                    if decoded {
                        base64_decoded_len(s)
                    } else {
                        s.len()
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

fn check_size(doc: &Document, out: &mut Out) {
    let v = &doc.value;
    let data = match (doc.group(), doc.kind()) {
        ("", "ConfigMap") => {
            Some(map_size(v.get("data"), false) + map_size(v.get("binaryData"), true))
        }
        ("", "Secret") => {
            Some(map_size(v.get("data"), true) + map_size(v.get("stringData"), false))
        }
        _ => None,
    };
    if let Some(size) = data
        && size > DATA_SIZE_LIMIT
    {
        out.push(
            "server/object-size",
            "",
            format!(
                "{} data totals {size} bytes; at most {DATA_SIZE_LIMIT} (1 MiB) are allowed",
                doc.kind()
            ),
        );
    }
    // Without aliases, a value's JSON is at most six times its YAML (a
    // control character becomes `\u00XX`; `~` becomes `null`), so only
    // big documents, or ones that may repeat a node through an alias, are
    // measured by serialising them.
    let text = doc.text();
    let bounded = !text.is_empty() && text.len() * 6 < OBJECT_SIZE_LIMIT && !text.contains('*');
    if bounded {
        return;
    }
    let mut count = ByteCount(0);
    if serde_json::to_writer(&mut count, v).is_ok() && count.0 > OBJECT_SIZE_LIMIT {
        out.push(
            "server/object-size",
            "",
            format!(
                "the object is {} bytes as JSON; etcd stores at most {OBJECT_SIZE_LIMIT} (1.5 MiB) per object",
                count.0
            ),
        );
    }
}

// ---------------------------------------------------------------------
// Entry points.

/// The per-resource rules for `doc`, reported about resource `index`.
pub fn check(doc: &Document, index: usize) -> Vec<Finding> {
    let mut out = Out {
        index,
        findings: Vec::new(),
    };
    check_name(doc, &mut out);
    check_namespace(doc, &mut out);
    if let Some(meta) = doc.value.get("metadata") {
        check_metadata(meta, "/metadata", &mut out);
    }
    check_kind(doc, &mut out);
    check_size(doc, &mut out);
    out.findings
}

/// The cross-resource rules over a whole stream: `server/empty-input` and
/// `server/duplicate-resource` (reported on the later document, with the
/// resource index being the position in `docs`). Reads only the documents'
/// heads, so it runs after their values are released.
pub fn check_stream(docs: &[Document]) -> Vec<Finding> {
    let mut findings = Vec::new();
    if docs.is_empty() {
        findings.push(Finding::new(
            "server/empty-input",
            Category::Server,
            severity_of("server/empty-input"),
            "the input holds no Kubernetes resources; expected at least one",
        ));
        return findings;
    }
    findings.extend(duplicates(docs, &foldhash::fast::RandomState::default()));
    findings
}

/// What makes two resources the same one: group, kind, namespace, name;
/// `None` for a resource without a kind or a name.
fn identity_key(doc: &Document) -> Option<(&str, &str, &str, &str)> {
    let name = doc.metadata_name().unwrap_or("");
    (!name.is_empty() && !doc.kind().is_empty())
        .then(|| (doc.group(), doc.kind(), doc.namespace().unwrap_or(""), name))
}

/// The resources defined a second time in `docs` (same group, kind,
/// namespace and name), with `hasher` for the keys.
fn duplicates(docs: &[Document], hasher: &(impl BuildHasher + Sync)) -> Vec<Finding> {
    let mut findings = Vec::new();
    // The keys are hashed in parallel first: reading every resource's
    // names is what costs on a long stream (they are scattered in memory),
    // and this pass is otherwise serial. Equal hashes are then confirmed
    // on the names themselves.
    let hashes: Vec<Option<u64>> = docs
        .par_iter()
        .map(|doc| identity_key(doc).map(|k| hasher.hash_one(k)))
        .collect();
    let mut first_of: HashMap<u64, usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(docs.len(), foldhash::fast::RandomState::default());
    // Keys whose hash a different key took first (a 64-bit collision).
    let mut collided: HashMap<(&str, &str, &str, &str), usize> = HashMap::new();
    for (i, (doc, hash)) in docs.iter().zip(hashes).enumerate() {
        let Some(hash) = hash else { continue };
        let first = match first_of.entry(hash) {
            Entry::Vacant(slot) => {
                slot.insert(i);
                None
            }
            Entry::Occupied(slot) if identity_key(&docs[*slot.get()]) == identity_key(doc) => {
                Some(*slot.get())
            }
            Entry::Occupied(_) => match collided.entry(identity_key(doc).unwrap_or_default()) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                    None
                }
                Entry::Occupied(slot) => Some(*slot.get()),
            },
        };
        if let Some(first) = first {
            let name = doc.metadata_name().unwrap_or("");
            let namespace = doc.namespace().unwrap_or("");
            let earlier = &docs[first];
            let ns = if namespace.is_empty() {
                String::new()
            } else {
                format!(" in namespace {namespace}")
            };
            let group = if doc.group().is_empty() {
                "core".to_string()
            } else {
                doc.group().to_string()
            };
            let message = format!(
                "{} {name} ({group}){ns} is defined twice: first in {} document {} (line {}), again in {} document {} (line {}); the second replaces the first",
                doc.kind(),
                earlier.source,
                earlier.index + 1,
                earlier.line,
                doc.source,
                doc.index + 1,
                doc.line
            );
            findings.push(
                Finding::new(
                    "server/duplicate-resource",
                    Category::Server,
                    severity_of("server/duplicate-resource"),
                    message,
                )
                .at(i, "/metadata/name"),
            );
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::read_stream;

    fn findings(yaml: &str) -> Vec<Finding> {
        let stream = read_stream("t.yaml", yaml);
        assert!(stream.errors.is_empty(), "{:?}", stream.errors);
        let mut out: Vec<Finding> = stream
            .documents
            .iter()
            .enumerate()
            .flat_map(|(i, d)| check(d, i))
            .collect();
        out.extend(check_stream(&stream.documents));
        out
    }

    fn rule_ids(yaml: &str) -> Vec<String> {
        let mut ids: Vec<String> = findings(yaml).into_iter().map(|f| f.rule).collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// Runs a table of (manifest, expected rule ids) rows.
    fn table(rows: &[(&str, &[&str])]) {
        for (yaml, expected) in rows {
            assert_eq!(rule_ids(yaml), *expected, "for:\n{yaml}");
        }
    }

    const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n";

    #[test]
    fn formats() {
        for ok in ["a", "a-b", "0a", "abc.def", "x1"] {
            assert!(is_dns1123_subdomain(ok), "{ok}");
        }
        for bad in ["", "-a", "a-", "A", "a..b", "a_b", ".a", &"a".repeat(254)] {
            assert!(!is_dns1123_subdomain(bad), "{bad}");
        }
        assert!(is_dns1123_label(&"a".repeat(63)));
        assert!(!is_dns1123_label(&"a".repeat(64)));
        assert!(!is_dns1123_label("a.b"));
        assert!(is_dns1035_label("web-1"));
        assert!(!is_dns1035_label("1web"));
        assert!(is_path_segment("system:controller:Foo"));
        assert!(!is_path_segment("a/b") && !is_path_segment("..") && !is_path_segment("50%"));
        for ok in ["http", "web-8080", "a1", "metrics"] {
            assert_eq!(port_name_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "a-very-long-port-name",
            "HTTP",
            "8080",
            "a--b",
            "-a",
            "a-",
            "a_b",
        ] {
            assert!(port_name_problem(bad).is_some(), "{bad}");
        }
        for ok in ["app", "app.kubernetes.io/name", "A_b.c-D", "example.com/x"] {
            assert_eq!(qualified_name_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "/a",
            "a/",
            "a/b/c",
            "-a",
            "Example.com/a",
            &"a".repeat(64),
        ] {
            assert!(qualified_name_problem(bad).is_some(), "{bad}");
        }
        assert!(label_value_ok("") && label_value_ok("v1.2_3-x"));
        assert!(
            !label_value_ok("a b") && !label_value_ok("-a") && !label_value_ok(&"a".repeat(64))
        );
        assert_eq!(base64_decoded_len("aGVsbG8="), 5);
        assert_eq!(shown("web"), "\"web\"");
        assert_eq!(
            shown(&"a".repeat(254)),
            format!("\"{}\"... (254 characters)", "a".repeat(40))
        );
    }

    #[test]
    fn valid_deployment_passes() {
        assert!(findings(DEPLOY).is_empty(), "{:?}", findings(DEPLOY));
    }

    #[test]
    fn names() {
        table(&[
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a.b-c}\n",
                &[],
            ),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: A_b}\n",
                &["server/name"],
            ),
            (
                "apiVersion: v1\nkind: Service\nmetadata: {name: a.b}\n",
                &["server/name"],
            ),
            (
                "apiVersion: v1\nkind: Service\nmetadata: {name: 1abc}\n",
                &["server/name"],
            ),
            (
                "apiVersion: v1\nkind: Namespace\nmetadata: {name: a.b}\n",
                &["server/name"],
            ),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: job-}\n",
                &[],
            ),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {labels: {a: b}}\n",
                &["server/name"],
            ),
            (
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: 'system:Reader'}\n",
                &[],
            ),
            (
                "apiVersion: v1\nkind: Secret\nmetadata: {name: 'system:reader'}\n",
                &["server/name"],
            ),
            (
                "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}\n",
                &["server/name"],
            ),
            (
                "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: Big}\n",
                &["server/name"],
            ),
        ]);
        let f = findings("apiVersion: v1\nkind: Service\nmetadata: {name: a.b}\n");
        assert_eq!(f[0].path, "/metadata/name");
        assert!(
            f[0].message.starts_with(
                "metadata.name: invalid name \"a.b\"; a Service name must be a DNS-1035 label"
            ),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn namespaces_labels_annotations() {
        table(&[
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: Prod}\n",
                &["server/namespace-name"],
            ),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: prod-1}\n",
                &[],
            ),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {'a/b/c': x}}\n",
                &["server/label-key"],
            ),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {a: 'has space'}}\n",
                &["server/label-value"],
            ),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, annotations: {'Example.COM/Key': x}}\n",
                &[],
            ),
            (
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, annotations: {'bad key': x}}\n",
                &["server/annotation-key"],
            ),
        ]);
        let big = "x".repeat(ANNOTATIONS_SIZE_LIMIT);
        let yaml = format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: a, annotations: {{k: {big}}}}}\n"
        );
        assert_eq!(rule_ids(&yaml), ["server/annotations-size"]);
        let f = findings(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {'app.kubernetes.io/x': 'a b'}}\n",
        );
        assert_eq!(f[0].path, "/metadata/labels/app.kubernetes.io~1x");
    }

    #[test]
    fn enums() {
        let pod =
            |spec: &str| format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n{spec}");
        table(&[
            (
                &pod("  restartPolicy: Sometimes\n  containers: [{name: c, image: x}]\n"),
                &["server/enum"],
            ),
            (
                &pod("  containers: [{name: c, image: x, imagePullPolicy: always}]\n"),
                &["server/enum"],
            ),
            (
                &pod("  containers: [{name: c, image: x, imagePullPolicy: IfNotPresent}]\n"),
                &[],
            ),
            (
                &pod(
                    "  initContainers: [{name: s, image: x, restartPolicy: Always}]\n  containers: [{name: c, image: x}]\n",
                ),
                &[],
            ),
            (
                &pod(
                    "  initContainers: [{name: s, image: x, restartPolicy: Never}]\n  containers: [{name: c, image: x}]\n",
                ),
                &["server/enum"],
            ),
            (
                &pod("  containers: [{name: c, image: x, restartPolicy: Always}]\n"),
                &["server/enum"],
            ),
            (
                "apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: pv.local}\nspec: {persistentVolumeReclaimPolicy: Keep}\n",
                &["server/enum"],
            ),
            (
                &pod(
                    "  dnsPolicy: ClusterFirst\n  containers: [{name: c, image: x, ports: [{containerPort: 80, protocol: tcp}]}]\n",
                ),
                &["server/enum"],
            ),
            (
                &pod(
                    "  tolerations: [{operator: Exists, effect: NoSchedule}]\n  containers: [{name: c, image: x}]\n",
                ),
                &[],
            ),
            (
                &pod("  tolerations: [{operator: Equals}]\n  containers: [{name: c, image: x}]\n"),
                &["server/enum"],
            ),
            (
                "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: Nodeport, ports: [{port: 80}]}\n",
                &["server/enum"],
            ),
            (
                "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: c}\nspec: {accessModes: [ReadWriteOnce, ReadWriteAll]}\n",
                &["server/enum"],
            ),
            (
                "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  concurrencyPolicy: Never\n  jobTemplate: {spec: {template: {spec: {restartPolicy: OnFailure, containers: [{name: c, image: x}]}}}}\n",
                &["server/enum"],
            ),
            (
                "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {template: {spec: {restartPolicy: Always, containers: [{name: c, image: x}]}}}\n",
                &["server/enum"],
            ),
        ]);
        let f = findings(&DEPLOY.replace(
            "      containers:",
            "      restartPolicy: Never\n      containers:",
        ));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "/spec/template/spec/restartPolicy");
        assert_eq!(
            f[0].message,
            "spec.template.spec.restartPolicy: unsupported value \"Never\"; expected \"Always\""
        );
    }

    #[test]
    fn ports() {
        let c = |ports: &str| {
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n  containers: [{{name: c, image: x, ports: {ports}}}]\n"
            )
        };
        table(&[
            (&c("[{name: http, containerPort: 80}]"), &[]),
            (
                &c("[{name: http-metrics-port, containerPort: 80}]"),
                &["server/port-name"],
            ),
            (
                &c("[{name: HTTP, containerPort: 80}]"),
                &["server/port-name"],
            ),
            (&c("[{containerPort: 0}]"), &["server/port-range"]),
            (&c("[{containerPort: 70000}]"), &["server/port-range"]),
            (&c("[{containerPort: 80, hostPort: 0}]"), &[]),
            (
                "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{name: Web, port: 80, targetPort: http-metrics-port}]}\n",
                &["server/port-name"],
            ),
            (
                "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{name: web-ui-for-service, port: 80, targetPort: 8080}]}\n",
                &[],
            ),
            (
                "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80, targetPort: 0}]}\n",
                &["server/port-range"],
            ),
        ]);
        let f = findings(&c("[{name: http-metrics-port, containerPort: 80}]"));
        assert_eq!(f[0].path, "/spec/containers/0/ports/0/name");
        assert!(
            f[0].message.contains("1 to 15 characters"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn selectors() {
        table(&[
            (DEPLOY, &[]),
            (
                &DEPLOY.replace("{matchLabels: {app: web}}", "{matchLabels: {app: api}}"),
                &["server/selector-mismatch"],
            ),
            (
                &DEPLOY.replace("  selector: {matchLabels: {app: web}}\n", ""),
                &["server/selector-mismatch"],
            ),
            (
                &DEPLOY.replace("{matchLabels: {app: web}}", "{}"),
                &["server/selector-mismatch"],
            ),
            (
                &DEPLOY.replace(
                    "{matchLabels: {app: web}}",
                    "{matchExpressions: [{key: app, operator: In, values: [web, api]}]}",
                ),
                &[],
            ),
            (
                &DEPLOY.replace(
                    "{matchLabels: {app: web}}",
                    "{matchExpressions: [{key: app, operator: NotIn, values: [web]}]}",
                ),
                &["server/selector-mismatch"],
            ),
            (
                &DEPLOY.replace(
                    "{matchLabels: {app: web}}",
                    "{matchExpressions: [{key: tier, operator: DoesNotExist}]}",
                ),
                &[],
            ),
            (
                &DEPLOY.replace(
                    "{matchLabels: {app: web}}",
                    "{matchExpressions: [{key: app, operator: Equals}]}",
                ),
                &["server/enum"],
            ),
            // Only apps/v1 requires a selector.
            (
                &DEPLOY
                    .replace("apps/v1", "apps/v1beta2")
                    .replace("  selector: {matchLabels: {app: web}}\n", ""),
                &[],
            ),
        ]);
        let f = findings(&DEPLOY.replace("{matchLabels: {app: web}}", "{matchLabels: {app: api}}"));
        assert_eq!(f[0].path, "/spec/selector");
        assert_eq!(
            f[0].message,
            "spec.selector: does not select the pod template labels (spec.template.metadata.labels): matchLabels app=api but the template has app=web"
        );
    }

    #[test]
    fn duplicates_in_a_pod() {
        let pod =
            |spec: &str| format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n{spec}");
        table(&[
            (
                &pod(
                    "  initContainers: [{name: c, image: x}]\n  containers: [{name: c, image: x}]\n",
                ),
                &["server/duplicate-container"],
            ),
            (
                &pod("  containers: [{name: a, image: x}, {name: b, image: x}]\n"),
                &[],
            ),
            (
                &pod(
                    "  containers: [{name: a, image: x, env: [{name: A, value: '1'}, {name: A, value: '2'}]}]\n",
                ),
                &["server/duplicate-env"],
            ),
            (
                &pod(
                    "  containers: [{name: a, image: x, env: [{name: A}]}, {name: b, image: x, env: [{name: A}]}]\n",
                ),
                &[],
            ),
            (
                &pod("  containers: [{name: Web_1, image: x}]\n"),
                &["server/name"],
            ),
        ]);
        let f = findings(&pod(
            "  containers: [{name: a, image: x, env: [{name: A}, {name: A}]}]\n",
        ));
        assert_eq!(f[0].severity, Severity::Warning);
        assert_eq!(f[0].path, "/spec/containers/0/env/1/name");
    }

    #[test]
    fn stream_rules() {
        assert_eq!(rule_ids(""), ["server/empty-input"]);
        assert_eq!(rule_ids("# nothing\n---\n"), ["server/empty-input"]);
        let two = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n";
        let f = findings(two);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, "server/duplicate-resource");
        assert_eq!(f[0].resource, Some(1));
        assert_eq!(
            f[0].message,
            "ConfigMap a (core) is defined twice: first in t.yaml document 1 (line 1), again in t.yaml document 2 (line 5); the second replaces the first"
        );
        table(&[
            (
                &two.replace("{name: a}\n---", "{name: a, namespace: x}\n---"),
                &[],
            ),
            (
                &two.replace(
                    "kind: ConfigMap\nmetadata: {name: a}\n---",
                    "kind: Secret\nmetadata: {name: a}\n---",
                ),
                &[],
            ),
        ]);
    }

    /// Every key hashes alike: each lookup goes through the collision path.
    struct Colliding;

    impl BuildHasher for Colliding {
        type Hasher = Colliding;
        fn build_hasher(&self) -> Colliding {
            Colliding
        }
    }

    impl std::hash::Hasher for Colliding {
        fn finish(&self) -> u64 {
            7
        }
        fn write(&mut self, _: &[u8]) {}
    }

    #[test]
    fn duplicates_do_not_depend_on_the_hash() {
        let stream = read_stream(
            "t.yaml",
            "kind: A\nmetadata: {name: a}\n---\nkind: B\nmetadata: {name: a}\n---\n\
             kind: A\nmetadata: {name: b}\n---\nkind: B\nmetadata: {name: a}\n---\n\
             kind: A\nmetadata: {name: a, namespace: ns}\n---\nkind: A\nmetadata: {name: a}\n",
        );
        let fast = duplicates(&stream.documents, &foldhash::fast::RandomState::default());
        let slow = duplicates(&stream.documents, &Colliding);
        let at = |f: &[Finding]| {
            f.iter()
                .map(|f| (f.resource, f.message.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(at(&fast), at(&slow), "{:?}", at(&fast));
        assert_eq!(
            fast.iter().map(|f| f.resource).collect::<Vec<_>>(),
            [Some(3), Some(5)],
            "{:?}",
            at(&fast)
        );
    }

    #[test]
    fn sizes() {
        let big = "x".repeat(DATA_SIZE_LIMIT + 1);
        let cm =
            format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: a}}\ndata: {{k: {big}}}\n");
        assert_eq!(rule_ids(&cm), ["server/object-size"]);
        let ok = format!(
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: a}}\ndata: {{k: {}}}\n",
            "x".repeat(1000)
        );
        assert!(rule_ids(&ok).is_empty());
        let huge = "x".repeat(OBJECT_SIZE_LIMIT);
        let other = format!(
            "apiVersion: example.com/v1\nkind: Blob\nmetadata: {{name: a}}\nspec: {{k: {huge}}}\n"
        );
        let f = findings(&other);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("1.5 MiB"), "{}", f[0].message);
    }

    #[test]
    fn wrong_types_are_left_to_the_schema() {
        // Each field holds a value of the wrong JSON type: the schema check
        // reports those; these rules neither panic nor report them.
        let weird = serde_json::json!({
            "name": 5, "labels": [1], "annotations": "x", "spec": 3, "template": [],
            "containers": {"a": 1}, "ports": "80", "selector": 7, "type": 1,
            "restartPolicy": false, "env": [1, null], "data": [1], "items": 1,
        });
        for (group_version, kind) in [
            ("v1", "Pod"),
            ("v1", "Service"),
            ("v1", "ConfigMap"),
            ("v1", "Secret"),
            ("v1", "PersistentVolume"),
            ("v1", "PersistentVolumeClaim"),
            ("v1", "ReplicationController"),
            ("v1", "PodTemplate"),
            ("apps/v1beta2", "Deployment"),
            ("apps/v1beta2", "StatefulSet"),
            ("batch/v1", "Job"),
            ("batch/v1", "CronJob"),
            ("networking.k8s.io/v1", "Ingress"),
            ("networking.k8s.io/v1", "NetworkPolicy"),
            ("policy/v1", "PodDisruptionBudget"),
            ("scheduling.k8s.io/v1", "PriorityClass"),
        ] {
            let mut value = serde_json::json!({
                "apiVersion": group_version, "kind": kind,
                "metadata": {"name": "ok", "labels": weird.clone(), "annotations": [1]},
            });
            for field in ["spec", "template", "data", "stringData", "preemptionPolicy"] {
                value[field] = weird.clone();
            }
            value["spec"]["template"] = serde_json::json!({"metadata": 1, "spec": weird.clone()});
            let doc = Document::from_value("w.yaml", 0, value);
            let found = check(&doc, 0);
            assert!(found.is_empty(), "{kind}: {found:?}");
        }
    }

    #[test]
    fn rules_are_listed_once_with_docs() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(r.id.starts_with("server/"));
            assert!(!r.summary.is_empty());
            assert!(!RULES[..i].iter().any(|o| o.id == r.id), "{}", r.id);
        }
        assert_eq!(severity_of("server/duplicate-env"), Severity::Warning);
    }
}
