//! Turning rendered templates into `helm template`'s stream: split each
//! file on `---` as Helm's `SplitManifests` does, read each document's head
//! (apiVersion, kind, metadata.name, annotations), separate hooks, sort by
//! Helm's install order, and print `---\n# Source: …` blocks.

use std::collections::BTreeMap;

use super::{Compat, RenderError};
use crate::chart::ChartFile;
use crate::value::printf::{quote, slog_text_value};
use crate::value::{Value, yaml};

/// Kinds in the order Helm 4 installs them (`releaseutil.InstallOrder`).
/// Helm 3.17's list is the same without the last [`HELM4_ONLY_KINDS`] kinds.
const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// The webhook configurations closing [`INSTALL_ORDER`] are new in Helm 4:
/// Helm 3.17 sorts them as unknown kinds, alphabetically after every known
/// kind (so after a `PrometheusRule`, before a `VolumeSnapshot`).
const HELM4_ONLY_KINDS: usize = 2;

/// How many rendered files make parsing their heads in parallel worth it.
const PARALLEL_THRESHOLD: usize = 48;

/// Hook events Helm knows; a document with any other hook is skipped.
const HOOK_EVENTS: &[&str] = &[
    "pre-install",
    "post-install",
    "pre-delete",
    "post-delete",
    "pre-upgrade",
    "post-upgrade",
    "pre-rollback",
    "post-rollback",
    "test",
    "test-success",
];

/// One document of a rendered file.
#[derive(Clone, Debug)]
pub struct Manifest {
    /// The template it came from (`mini/templates/a.yaml`).
    pub source: String,
    /// The document text, trimmed as Helm trims it.
    pub content: String,
    /// `kind`, or empty.
    pub kind: String,
    /// For hooks: the hook events (`pre-install`, `test`…).
    pub hook_events: Vec<String>,
}

impl Manifest {
    /// Whether this is a `helm test` hook.
    pub fn is_test(&self) -> bool {
        self.hook_events
            .iter()
            .any(|e| e == "test" || e == "test-success")
    }
}

/// Manifests and hooks in Helm's order, plus informational messages Helm
/// logs (unknown hooks).
#[derive(Debug, Default)]
pub struct Sorted {
    /// Ordinary manifests, sorted by kind.
    pub manifests: Vec<Manifest>,
    /// Hooks, sorted by kind.
    pub hooks: Vec<Manifest>,
    /// Messages Helm prints on stderr while sorting.
    pub messages: Vec<String>,
}

/// Helm's `SplitManifests`: documents separated by a line starting with
/// `---` (the regex `(?:^|\s*\n)---\s*`), each with leading whitespace
/// removed, empty ones dropped.
pub fn split_manifests(text: &str) -> Vec<String> {
    let text = text.trim_start();
    let bytes = text.as_bytes();
    let mut docs = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // A separator is "---" at the very start, or right after a newline
        // that the previous separator did not consume (the whitespace before
        // that newline belongs to the separator).
        let sep_here =
            bytes[i..].starts_with(b"---") && (i == 0 || (i > start && bytes[i - 1] == b'\n'));
        if !sep_here {
            // Only the start of a line can hold the next one.
            match memchr::memchr(b'\n', &bytes[i..]) {
                Some(at) => i += at + 1,
                None => break,
            }
            continue;
        }
        // Back up over whitespace preceding the newline.
        let mut cut = i;
        if cut > 0 {
            cut -= 1; // the newline
            while cut > start && (bytes[cut - 1] as char).is_ascii_whitespace() {
                cut -= 1;
            }
        }
        let doc = &text[start..cut.max(start)];
        push_doc(&mut docs, doc);
        let mut j = i + 3;
        while j < bytes.len() && (bytes[j] as char).is_ascii_whitespace() {
            j += 1;
        }
        start = j;
        i = j;
    }
    push_doc(&mut docs, &text[start.min(text.len())..]);
    docs
}

fn push_doc(docs: &mut Vec<String>, doc: &str) {
    if doc.is_empty() {
        return;
    }
    docs.push(doc.trim().to_string());
}

/// The parts of a document Helm reads (`SimpleHead`).
struct Head {
    kind: String,
    annotations: BTreeMap<String, String>,
}

fn simple_head_type(compat: Compat) -> &'static str {
    match compat {
        Compat::Helm3 => "releaseutil.SimpleHead",
        Compat::Helm4 => "util.SimpleHead",
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        Value::Int(_) | Value::Int64(_) | Value::Float(_) => "number",
        Value::List(_) | Value::Bytes(_) => "array",
        Value::Map(_) | Value::Object(_) => "object",
        Value::Nil => "null",
    }
}

/// Reads a document's head the way `yaml.Unmarshal(doc, &SimpleHead{})` does.
fn read_head(doc: &str, compat: Compat) -> Result<Head, String> {
    // A document carrying bytes that are not UTF-8 is read as those bytes,
    // so the YAML reader reports them as Helm's does.
    // Only these fields are read; the rest is checked but not converted.
    const HEAD: &[&str] = &["apiVersion", "kind", "metadata"];
    let value = if crate::value::gostr::has_escaped_bytes(doc) {
        yaml::from_slice_keys(&crate::value::gostr::go_bytes(doc), HEAD)
    } else {
        yaml::from_slice_keys(doc.as_bytes(), HEAD)
    }
    .map_err(|e| e.to_string())?;
    let head_type = simple_head_type(compat);
    let map = match &value {
        Value::Nil => {
            return Ok(Head {
                kind: String::new(),
                annotations: BTreeMap::new(),
            });
        }
        Value::Map(m) => m.snapshot(),
        other => {
            return Err(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type {head_type}",
                json_kind(other)
            ));
        }
    };
    let string_field = |key: &str, path: &str| -> Result<String, String> {
        match map.get(key) {
            None | Some(Value::Nil) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.to_string()),
            // sigs.k8s.io/yaml converts scalars for string fields.
            Some(v @ (Value::Bool(_) | Value::Int(_) | Value::Int64(_) | Value::Float(_))) => {
                Ok(v.to_go_string())
            }
            Some(other) => Err(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field SimpleHead.{path} of type string",
                json_kind(other)
            )),
        }
    };
    string_field("apiVersion", "apiVersion")?;
    let kind = string_field("kind", "kind")?;
    let mut annotations = BTreeMap::new();
    match map.get("metadata") {
        None | Some(Value::Nil) => {}
        Some(Value::Map(meta)) => {
            match meta.get("name") {
                None
                | Some(
                    Value::Nil
                    | Value::String(_)
                    | Value::Bool(_)
                    | Value::Int(_)
                    | Value::Int64(_)
                    | Value::Float(_),
                ) => {}
                Some(other) => {
                    return Err(format!(
                        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field .metadata.name of type string",
                        json_kind(&other)
                    ));
                }
            }
            match meta.get("annotations") {
                None | Some(Value::Nil) => {}
                Some(Value::Map(a)) => {
                    for (k, v) in a.entries().iter() {
                        match v {
                            Value::String(s) => {
                                annotations.insert(k.clone(), s.to_string());
                            }
                            Value::Nil => {
                                annotations.insert(k.clone(), String::new());
                            }
                            Value::Bool(_) | Value::Int(_) | Value::Int64(_) | Value::Float(_) => {
                                annotations.insert(k.clone(), v.to_go_string());
                            }
                            other => {
                                return Err(format!(
                                    "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field .metadata.annotations of type string",
                                    json_kind(other)
                                ));
                            }
                        }
                    }
                }
                Some(other) => {
                    return Err(format!(
                        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field .metadata.annotations of type map[string]string",
                        json_kind(&other)
                    ));
                }
            }
        }
        Some(other) => {
            return Err(format!(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go struct field SimpleHead.metadata of type struct {{ Name string \"json:\\\"name\\\"\"; Annotations map[string]string \"json:\\\"annotations\\\"\" }}",
                json_kind(other)
            ));
        }
    }
    Ok(Head { kind, annotations })
}

/// The install order the given Helm knows.
fn install_order(compat: Compat) -> &'static [&'static str] {
    match compat {
        Compat::Helm3 => &INSTALL_ORDER[..INSTALL_ORDER.len() - HELM4_ONLY_KINDS],
        Compat::Helm4 => INSTALL_ORDER,
    }
}

fn kind_rank(kind: &str, compat: Compat) -> Option<usize> {
    install_order(compat).iter().position(|k| *k == kind)
}

/// Helm's `lessByKind`, used with a stable sort.
fn cmp_kind(a: &str, b: &str, compat: Compat) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (kind_rank(a, compat), kind_rank(b, compat)) {
        (None, None) => a.cmp(b),
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => x.cmp(&y),
    }
}

/// Helm's `SortManifests` over the rendered files (name -> text).
pub fn sort_manifests(
    files: &BTreeMap<String, String>,
    compat: Compat,
) -> Result<Sorted, RenderError> {
    use rayon::prelude::*;
    // Reading every document's head is a full YAML parse (Helm unmarshals
    // each one); files are independent, so parse them in parallel and keep
    // the path order for the results and for which error comes first.
    // A thread pool costs more than it saves on a small chart.
    type Parsed = (String, Vec<(String, Result<Head, String>)>);
    let wanted = |(path, content): &(&String, &String)| {
        !super::is_partial(path) && !content.trim().is_empty()
    };
    let parse = |(path, content): (&String, &String)| -> Parsed {
        let docs = split_manifests(content)
            .into_iter()
            .map(|doc| {
                let head = read_head(&doc, compat);
                (doc, head)
            })
            .collect();
        (path.clone(), docs)
    };
    let parsed: Vec<Parsed> = if files.len() > PARALLEL_THRESHOLD {
        files.par_iter().filter(wanted).map(parse).collect()
    } else {
        files.iter().filter(wanted).map(parse).collect()
    };
    let mut sorted = Sorted::default();
    for (path, docs) in parsed {
        for (doc, head) in docs {
            let head =
                head.map_err(|e| RenderError::Other(format!("YAML parse error on {path}: {e}")))?;
            let manifest = Manifest {
                source: path.clone(),
                content: doc,
                kind: head.kind,
                hook_events: Vec::new(),
            };
            let Some(hooks) = head.annotations.get("helm.sh/hook") else {
                sorted.manifests.push(manifest);
                continue;
            };
            let mut events = Vec::new();
            let mut unknown = false;
            for event in hooks.split(',') {
                let event = event.trim().to_lowercase();
                if HOOK_EVENTS.contains(&event.as_str()) {
                    events.push(event);
                } else {
                    unknown = true;
                    break;
                }
            }
            if unknown {
                sorted.messages.push(match compat {
                    Compat::Helm3 => format!("info: skipping unknown hook: {}", quote(hooks)),
                    Compat::Helm4 => format!(
                        "level=INFO msg=\"skipping unknown hooks\" hookTypes={}",
                        slog_text_value(hooks)
                    ),
                });
                continue;
            }
            sorted.hooks.push(Manifest {
                hook_events: events,
                ..manifest
            });
        }
    }
    sorted
        .manifests
        .sort_by(|a, b| cmp_kind(&a.kind, &b.kind, compat));
    sorted
        .hooks
        .sort_by(|a, b| cmp_kind(&a.kind, &b.kind, compat));
    Ok(sorted)
}

/// What to include in the printed stream.
#[derive(Clone, Debug, Default)]
pub struct PrintOptions {
    /// `--include-crds`: print `crds/` files first.
    pub include_crds: bool,
    /// `--no-hooks`.
    pub no_hooks: bool,
    /// `--skip-tests`.
    pub skip_tests: bool,
}

/// The stream `helm template` prints: CRDs, manifests, then hooks.
pub fn print(sorted: &Sorted, crds: &[(String, &ChartFile)], options: &PrintOptions) -> String {
    append_hooks(&manifest_body(sorted, crds, options), sorted, options)
}

/// The release manifest as Helm builds it before any post-renderer: the
/// CRDs (with `--include-crds`), then every non-hook manifest, each as
/// `---\n# Source: PATH\nCONTENT\n`.
pub fn manifest_body(
    sorted: &Sorted,
    crds: &[(String, &ChartFile)],
    options: &PrintOptions,
) -> String {
    let mut body = String::new();
    if options.include_crds {
        for (name, file) in crds {
            body.push_str("---\n# Source: ");
            body.push_str(name);
            body.push('\n');
            body.push_str(&String::from_utf8_lossy(&file.data));
            body.push('\n');
        }
    }
    for m in &sorted.manifests {
        push_block(&mut body, &m.source, &m.content);
    }
    body
}

/// What `helm template` prints: the (possibly post-rendered) manifest with
/// surrounding space trimmed, then the hooks unless `--no-hooks`.
pub fn append_hooks(body: &str, sorted: &Sorted, options: &PrintOptions) -> String {
    let mut out = body.trim().to_string();
    out.push('\n');
    if !options.no_hooks {
        for hook in &sorted.hooks {
            if options.skip_tests && hook.is_test() {
                continue;
            }
            push_block(&mut out, &hook.source, &hook.content);
        }
    }
    out
}

fn push_block(out: &mut String, source: &str, content: &str) {
    out.push_str("---\n# Source: ");
    out.push_str(source);
    out.push('\n');
    out.push_str(content);
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_like_helm() {
        let cases: &[(&str, &[&str])] = &[
            ("a: 1\n", &["a: 1"]),
            ("\n\n  a: 1   \n\n\n", &["a: 1"]),
            ("a: 1\n---\nb: 2\n", &["a: 1", "b: 2"]),
            ("---\na: 1\n", &["a: 1"]),
            ("a: 1\n---\n   \n---\nb: 2\n", &["a: 1", "---\nb: 2"]),
            ("a\n---\n---\nb", &["a", "---\nb"]),
            ("a: 1\n---apiVersion: v1\n", &["a: 1", "apiVersion: v1"]),
            ("a: 1  \n  ---\nb: 2", &["a: 1  \n  ---\nb: 2"]),
        ];
        for (input, want) in cases {
            assert_eq!(split_manifests(input), *want, "{input:?}");
        }
    }

    /// The separator rule checked at every byte, as Helm's regular
    /// expression reads it: what the line-by-line search must agree with.
    fn split_bytewise(text: &str) -> Vec<String> {
        let text = text.trim_start();
        let bytes = text.as_bytes();
        let (mut docs, mut start, mut i) = (Vec::new(), 0, 0);
        while i < bytes.len() {
            if bytes[i..].starts_with(b"---") && (i == 0 || (i > start && bytes[i - 1] == b'\n')) {
                let mut cut = i;
                if cut > 0 {
                    cut -= 1;
                    while cut > start && bytes[cut - 1].is_ascii_whitespace() {
                        cut -= 1;
                    }
                }
                push_doc(&mut docs, &text[start..cut.max(start)]);
                let mut j = i + 3;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                (start, i) = (j, j);
                continue;
            }
            i += 1;
        }
        push_doc(&mut docs, &text[start.min(text.len())..]);
        docs
    }

    #[test]
    fn split_searches_lines_as_the_bytewise_rule_does() {
        let pieces = ["---", "\n", " ", "a", "-", "\t", "\r\n", "b: 1"];
        // A fixed-seed linear congruential generator: reproducible inputs.
        let mut seed: u64 = 0x5eed;
        for _ in 0..20_000 {
            let mut text = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 60) + 1 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 61) as usize]);
            }
            assert_eq!(split_manifests(&text), split_bytewise(&text), "{text:?}");
        }
    }

    #[test]
    fn kind_order_puts_unknown_last_alphabetically() {
        let mut kinds = vec!["Zed", "Deployment", "", "Namespace", "Alpha", "Service"];
        kinds.sort_by(|a, b| cmp_kind(a, b, Compat::Helm4));
        assert_eq!(
            kinds,
            vec!["Namespace", "Service", "Deployment", "", "Alpha", "Zed"]
        );
    }

    #[test]
    fn unknown_hooks_are_quoted_as_each_helm_logs_them() {
        // (annotation, Helm 3's `%q`, Helm 4's slog text value)
        let cases = [
            ("crd-install", "\"crd-install\"", "crd-install"),
            ("", "\"\"", "\"\""),
            ("crd install", "\"crd install\"", "\"crd install\""),
            ("a=b", "\"a=b\"", "\"a=b\""),
            ("x\"y", "\"x\\\"y\"", "\"x\\\"y\""),
            ("tab\there", "\"tab\\there\"", "\"tab\\there\""),
            ("é✓", "\"é✓\"", "é✓"),
            ("nbsp\u{a0}x", "\"nbsp\\u00a0x\"", "\"nbsp\\u00a0x\""),
            ("back\\slash", "\"back\\\\slash\"", "back\\slash"),
            ("ctl\u{1}", "\"ctl\\x01\"", "\"ctl\\x01\""),
            ("del\u{7f}", "\"del\\x7f\"", "del\u{7f}"),
        ];
        for (hooks, helm3, helm4) in cases {
            let doc = format!(
                "kind: ConfigMap\nmetadata:\n  annotations:\n    helm.sh/hook: {}\n",
                quote(hooks)
            );
            let files = BTreeMap::from([("c/templates/h.yaml".to_string(), doc)]);
            for (compat, want) in [
                (
                    Compat::Helm3,
                    format!("info: skipping unknown hook: {helm3}"),
                ),
                (
                    Compat::Helm4,
                    format!("level=INFO msg=\"skipping unknown hooks\" hookTypes={helm4}"),
                ),
            ] {
                let sorted = sort_manifests(&files, compat).expect("sorts");
                assert_eq!(sorted.messages, vec![want], "{hooks:?} {compat:?}");
            }
        }
    }

    /// Helm 3.17 does not know the webhook configurations: a chart with a
    /// PrometheusRule and a ValidatingWebhookConfiguration (ingress-nginx,
    /// cert-manager) prints the rule first there and last in Helm 4.
    #[test]
    fn webhook_configurations_are_known_only_to_helm4() {
        let kinds = [
            "ValidatingWebhookConfiguration",
            "ServiceMonitor",
            "MutatingWebhookConfiguration",
            "APIService",
            "PrometheusRule",
        ];
        let table: &[(Compat, [&str; 5])] = &[
            (
                Compat::Helm3,
                [
                    "APIService",
                    "MutatingWebhookConfiguration",
                    "PrometheusRule",
                    "ServiceMonitor",
                    "ValidatingWebhookConfiguration",
                ],
            ),
            (
                Compat::Helm4,
                [
                    "APIService",
                    "MutatingWebhookConfiguration",
                    "ValidatingWebhookConfiguration",
                    "PrometheusRule",
                    "ServiceMonitor",
                ],
            ),
        ];
        for (compat, want) in table {
            let mut sorted = kinds;
            sorted.sort_by(|a, b| cmp_kind(a, b, *compat));
            assert_eq!(sorted, *want, "{compat:?}");
        }
    }
}
