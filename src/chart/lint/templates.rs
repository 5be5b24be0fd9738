//! Helm's `rules.Templates` and `rules.Crds`: the chart renders (in lint
//! mode), every template has an allowed extension, and every rendered YAML
//! document parses, names itself validly, uses no deprecated API, and so on.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Linter, Rule, deprecations};
use crate::chart::values::{Warnings, coalesce_values};
use crate::chart::{self, Chart};
use crate::compat::Compat;
use crate::diag::Severity;
use crate::render::objects::{Capabilities, KubeVersion};
use crate::render::{self, Release, RenderOptions};
use crate::value::printf::quote;
use crate::value::{Value, yaml};

const TEMPLATES: &str = "templates/";

/// What the template rules need besides the chart.
pub(super) struct Context<'a> {
    pub dir: &'a std::path::Path,
    pub user: &'a Value,
    pub namespace: &'a str,
    pub kube: KubeVersion,
    pub kube_minor: (u32, u32),
    pub compat: Compat,
    pub skip_schema_validation: bool,
}

/// Runs the template rules.
pub(super) fn lint(linter: &mut Linter, ctx: &Context<'_>) {
    let dir_path = ctx.dir.join("templates");
    let dir_rule = |sev| Rule::new("helm/templates-dir", sev, TEMPLATES);
    match std::fs::metadata(&dir_path) {
        // Helm 3 goes on without a templates directory, silently.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && ctx.compat == Compat::Helm3 => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            linter.run(
                dir_rule(Severity::Warning),
                Some("directory does not exist".to_string()),
            );
            return;
        }
        Err(e) => {
            linter.run(dir_rule(Severity::Error), Some(e.to_string()));
            return;
        }
        // Helm 3 only warns and goes on.
        Ok(meta) if !meta.is_dir() && ctx.compat == Compat::Helm3 => {
            linter.run(
                dir_rule(Severity::Warning),
                Some("not a directory".to_string()),
            );
        }
        Ok(meta) if !meta.is_dir() => {
            linter.run(
                dir_rule(Severity::Error),
                Some("not a directory".to_string()),
            );
            return;
        }
        Ok(_) => {}
    }
    let template_rule = || Rule::new("helm/template", Severity::Error, TEMPLATES);
    let mut chart = match super::load_v2(ctx.dir, ctx.compat) {
        Ok(chart) => chart,
        Err(e) => {
            linter.run(template_rule(), Some(e.to_string()));
            return;
        }
    };
    let mut warnings = Warnings::default();
    let values_type = ctx.compat.values_type();
    // Helm's lint returns silently when dependencies or coalescing fail.
    if chart::deps::process_dependencies(&mut chart, ctx.user, values_type, &mut warnings).is_err()
    {
        return;
    }
    let Ok(values) = coalesce_values(&chart, ctx.user, values_type, &mut warnings) else {
        return;
    };
    if !ctx.skip_schema_validation
        && let Err(e) = super::validate_tree(&chart, &values, ctx.compat)
    {
        linter.run(
            template_rule(),
            Some(format!(
                "values don't meet the specifications of the schema(s) in the following chart(s):\n{e}"
            )),
        );
        return;
    }
    let render_options = RenderOptions {
        release: Release {
            name: "test-release".to_string(),
            namespace: ctx.namespace.to_string(),
            is_upgrade: false,
            revision: 1,
        },
        capabilities: Arc::new(Capabilities::new(ctx.kube.clone(), &[], ctx.compat)),
        compat: ctx.compat,
        strict: false,
    };
    let rendered = match render::render_lint(&chart, &values, &render_options) {
        Ok(rendered) => rendered,
        Err(e) => {
            linter.run(template_rule(), Some(e.message(ctx.compat)));
            return;
        }
    };
    lint_rendered(linter, &chart, &rendered, ctx);
}

fn lint_rendered(
    linter: &mut Linter,
    chart: &Chart,
    rendered: &BTreeMap<String, String>,
    ctx: &Context<'_>,
) {
    for template in &chart.templates {
        let name = template.name.as_str();
        let ext = go_ext(name);
        linter.run(
            Rule::new("helm/template-extension", Severity::Error, name),
            (![".yaml", ".yml", ".tpl", ".txt"].contains(&ext)).then(|| {
                format!(
                    "file extension '{ext}' not valid. Valid extensions are .yaml, .yml, .tpl, or .txt"
                )
            }),
        );
        // Helm 3.17's test lets only `.yaml` through; Helm 4 any case of
        // `.yaml` and `.yml`.
        let is_yaml = match ctx.compat {
            Compat::Helm3 => ext == ".yaml",
            Compat::Helm4 => matches!(ext.to_ascii_lowercase().as_str(), ".yaml" | ".yml"),
        };
        if !is_yaml {
            continue;
        }
        let content = rendered
            .get(&format!("{}/{name}", chart.name()))
            .map(String::as_str)
            .unwrap_or_default();
        if content.trim().is_empty() {
            continue;
        }
        linter.run(
            Rule::new("helm/template-indent", Severity::Warning, name),
            top_indent(content),
        );
        for (_, doc) in split_documents(content) {
            let object = match decode(doc, ctx.compat) {
                Ok(Some(object)) => object,
                Ok(None) => continue,
                Err((message, offset)) => {
                    // Helm stops linting templates at the first YAML error.
                    linter.run(
                        // The line Helm's message names: within the rendered
                        // document, which no source line corresponds to.
                        Rule::new("helm/yaml", Severity::Error, name).line(offset + 1),
                        Some(message),
                    );
                    return;
                }
            };
            let at = |rule, sev| Rule::new(rule, sev, name);
            linter.run(
                at("helm/metadata-name", Severity::Warning),
                validate_metadata_name(&object),
            );
            linter.run(
                at("helm/deprecated-api", Severity::Warning),
                deprecations::warning(
                    ctx.compat,
                    &object.api_version,
                    &object.kind,
                    ctx.kube_minor.0,
                    ctx.kube_minor.1,
                ),
            );
            linter.run(
                at("helm/match-selector", Severity::Error),
                match object.kind.as_str() {
                    "Deployment" | "ReplicaSet" | "DaemonSet" | "StatefulSet"
                        if !content.contains("matchLabels")
                            && !content.contains("matchExpressions") =>
                    {
                        Some(format!(
                            "a {} must contain matchLabels or matchExpressions, and {} does not",
                            object.kind,
                            quote(&object.name)
                        ))
                    }
                    _ => None,
                },
            );
            linter.run(
                at("helm/list-annotations", Severity::Error),
                list_annotations(&object, content, ctx.compat),
            );
        }
    }
}

/// Helm's `rules.Crds` (Helm 4): every document of every CRD file is a
/// `CustomResourceDefinition` of `apiextensions.k8s.io`.
pub(super) fn lint_crds(linter: &mut Linter, dir: &std::path::Path, compat: Compat) {
    let crds_path = dir.join("crds");
    let rule = |id, path: &str| Rule::new(id, Severity::Error, path);
    match std::fs::metadata(&crds_path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
        Err(e) => {
            linter.run(rule("helm/crds-dir", "crds/"), Some(e.to_string()));
            return;
        }
        Ok(meta) if !meta.is_dir() => {
            linter.run(
                rule("helm/crds-dir", "crds/"),
                Some("not a directory".to_string()),
            );
            return;
        }
        Ok(_) => {}
    }
    let chart = match super::load_v2(dir, compat) {
        Ok(chart) => chart,
        Err(e) => {
            linter.run(rule("helm/crds-load", "crds/"), Some(e.to_string()));
            return;
        }
    };
    let mut files = Vec::new();
    collect_crds(&chart, &mut files);
    for file in files {
        let text = String::from_utf8_lossy(&file.data);
        for (line, doc) in split_documents(&text) {
            let object = match decode(doc, compat) {
                Ok(Some(object)) => object,
                Ok(None) => continue,
                Err((message, offset)) => {
                    linter.run(
                        rule("helm/crds-yaml", &file.name).line(line + offset),
                        Some(message),
                    );
                    return;
                }
            };
            linter.run(
                rule("helm/crds-api-version", &file.name).line(line),
                (!object.api_version.starts_with("apiextensions.k8s.io"))
                    .then(|| "apiVersion is not in 'apiextensions.k8s.io'".to_string()),
            );
            linter.run(
                rule("helm/crds-kind", &file.name).line(line),
                (object.kind != "CustomResourceDefinition")
                    .then(|| "object kind is not 'CustomResourceDefinition'".to_string()),
            );
        }
    }
}

/// `Chart.CRDObjects`: manifest files under `crds/`, subcharts' after.
fn collect_crds<'a>(chart: &'a Chart, out: &mut Vec<&'a chart::ChartFile>) {
    out.extend(chart.crds.iter().filter(|f| {
        [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| f.name.ends_with(ext))
    }));
    for dep in &chart.dependencies {
        collect_crds(dep, out);
    }
}

/// Go's `filepath.Ext`.
fn go_ext(name: &str) -> &str {
    let base = name.rsplit('/').next().unwrap_or(name);
    base.rfind('.').map_or("", |i| &base[i..])
}

fn top_indent(content: &str) -> Option<String> {
    let line = content.lines().find(|l| !l.trim().is_empty())?;
    (line.starts_with(' ') || line.starts_with('\t')).then(|| {
        format!(
            "document starts with an illegal indent: {}, which may cause parsing problems",
            quote(line)
        )
    })
}

/// The documents of a stream as `k8s.io/apimachinery`'s `YAMLReader`
/// splits them: at lines starting `---` followed by nothing but a comment.
/// Each comes with its 1-based first line.
fn split_documents(text: &str) -> Vec<(usize, &str)> {
    let mut docs = Vec::new();
    let (mut start, mut start_line, mut pos) = (0, 1, 0);
    for (index, line) in text.split_inclusive('\n').enumerate() {
        if let Some(rest) = line.strip_prefix("---") {
            let rest = rest.trim();
            if rest.is_empty() || rest.starts_with('#') {
                if pos > start {
                    docs.push((start_line, &text[start..pos]));
                }
                start = pos + line.len();
                start_line = index + 2;
            }
        }
        pos += line.len();
    }
    if text.len() > start {
        docs.push((start_line, &text[start..]));
    }
    docs
}

/// A scalar read into a Go `string` field: sigs.k8s.io/yaml turns numbers
/// and booleans into their text (`name: 123` is `"123"`).
fn go_string_field(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        Value::Bool(_) | Value::Int(_) | Value::Int64(_) | Value::Float(_) => value.to_go_string(),
        _ => String::new(),
    }
}

/// The fields of a manifest Helm's `k8sYamlStruct` reads.
struct Object {
    api_version: String,
    kind: String,
    name: String,
}

/// Decodes one document as `YAMLOrJSONDecoder.Decode` into a pointer to
/// `k8sYamlStruct`: `None` for an empty document; on failure the message
/// and the line offset of the error within the document.
fn decode(doc: &str, compat: Compat) -> Result<Option<Object>, (String, usize)> {
    let value = yaml::from_str(doc).map_err(|e| {
        let message = e.to_string();
        let line = super::message_line(&message)
            .or_else(|| e.position.and_then(|(line, _)| usize::try_from(line).ok()))
            .unwrap_or(1);
        (
            format!("unable to parse YAML: {message}"),
            line.saturating_sub(1),
        )
    })?;
    let map = match &value {
        Value::Nil => return Ok(None),
        Value::Map(map) => map.snapshot(),
        other => {
            let kind = match other {
                Value::String(_) => "string",
                Value::Bool(_) => "bool",
                Value::List(_) => "array",
                _ => "number",
            };
            let target = match compat {
                Compat::Helm3 => "rules.K8sYamlStruct",
                Compat::Helm4 => "rules.k8sYamlStruct",
            };
            return Err((
                format!(
                    "unable to parse YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {kind} into Go value of type {target}"
                ),
                0,
            ));
        }
    };
    let field = |map: &BTreeMap<String, Value>, key: &str| -> String {
        // encoding/json matches field names case-insensitively, exact first.
        map.get(key)
            .or_else(|| {
                map.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)
            })
            .map(go_string_field)
            .unwrap_or_default()
    };
    let metadata = map
        .get("metadata")
        .or_else(|| {
            map.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("metadata"))
                .map(|(_, v)| v)
        })
        .and_then(Value::as_map)
        .map(|m| m.snapshot())
        .unwrap_or_default();
    Ok(Some(Object {
        api_version: field(&map, "apiVersion"),
        kind: field(&map, "kind"),
        name: field(&metadata, "name"),
    }))
}

const DNS1123_SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_LABEL: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

fn is_label(name: &str, first_alpha: bool) -> bool {
    let b = name.as_bytes();
    let inner = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-';
    let end = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            (if first_alpha {
                first.is_ascii_lowercase()
            } else {
                end(first)
            }) && end(last)
                && b.iter().all(inner)
        }
        _ => false,
    }
}

/// The problems Kubernetes' name validator for `kind` finds in `name`.
fn name_problems(kind: &str, name: &str) -> Vec<String> {
    let too_long = |max: usize| format!("must be no more than {max} characters");
    let mut out = Vec::new();
    match kind.to_ascii_lowercase().as_str() {
        "service" => {
            if name.len() > 63 {
                out.push(too_long(63));
            }
            if !is_label(name, true) {
                out.push(DNS1035_LABEL.to_string());
            }
        }
        "namespace" => {
            if name.len() > 63 {
                out.push(too_long(63));
            }
            if !is_label(name, false) {
                // A valid subdomain that is no label can only have dots.
                out.push(if name.split('.').all(|l| is_label(l, false)) {
                    "must not contain dots".to_string()
                } else {
                    DNS1123_LABEL.to_string()
                });
            }
        }
        "certificatesigningrequest" => {}
        "role" | "clusterrole" | "rolebinding" | "clusterrolebinding" => {
            if name == "." || name == ".." {
                out.push(format!("may not be '{name}'"));
            } else {
                for bad in ["/", "%"] {
                    if name.contains(bad) {
                        out.push(format!("may not contain '{bad}'"));
                    }
                }
            }
        }
        _ => {
            if name.len() > 253 {
                out.push(too_long(253));
            }
            if !name.split('.').all(|label| is_label(label, false)) {
                out.push(DNS1123_SUBDOMAIN.to_string());
            }
        }
    }
    out
}

fn validate_metadata_name(object: &Object) -> Option<String> {
    let problems = name_problems(&object.kind, &object.name);
    if problems.is_empty() {
        return None;
    }
    let quoted = quote(&object.name);
    let errors: Vec<String> = problems
        .iter()
        .map(|p| format!("metadata.name: Invalid value: {quoted}: {p}"))
        .collect();
    let aggregate = if errors.len() == 1 {
        errors[0].clone()
    } else {
        format!("[{}]", errors.join(", "))
    };
    Some(format!(
        "object name does not conform to Kubernetes naming requirements: {quoted}: {aggregate}"
    ))
}

/// Helm's `validateListAnnotations`: reads the first document of the whole
/// file as a List.
fn list_annotations(object: &Object, content: &str, compat: Compat) -> Option<String> {
    if object.kind != "List" {
        return None;
    }
    let value = match yaml::from_str(content) {
        Ok(value) => value,
        Err(e) => return Some(format!("unable to parse YAML: {e}")),
    };
    let items = value.as_map()?.get("items")?;
    let has_policy = items.as_list()?.iter().any(|item| {
        item.as_map()
            .and_then(|m| m.get("metadata"))
            .and_then(|m| m.as_map().and_then(|m| m.get("annotations")))
            .and_then(|a| {
                a.as_map()
                    .map(|a| a.get("helm.sh/resource-policy").is_some())
            })
            .unwrap_or(false)
    });
    let word = match compat {
        Compat::Helm3 => "Annotation",
        Compat::Helm4 => "annotation",
    };
    has_policy.then(|| format!("{word} 'helm.sh/resource-policy' within List objects are ignored"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_kind_validator() {
        for (kind, name, problems) in [
            ("Deployment", "web", 0),
            ("Deployment", "Bad_Name", 1),
            ("Deployment", "", 1),
            ("Service", "1abc", 1),
            ("Namespace", "a.b", 1),
            ("Role", "system:x", 0),
            ("Role", "a/b%", 2),
            ("CertificateSigningRequest", "ANY", 0),
            ("ConfigMap", &"a".repeat(254), 1),
        ] {
            assert_eq!(name_problems(kind, name).len(), problems, "{kind} {name}");
        }
    }

    #[test]
    fn documents_split_at_separators() {
        let docs = split_documents("a: 1\n---\nb: 2\n--- # c\n---x\n");
        assert_eq!(docs, vec![(1, "a: 1\n"), (3, "b: 2\n"), (5, "---x\n")]);
        assert_eq!(go_ext("templates/a.b/c"), "");
        assert_eq!(go_ext("templates/x.yaml"), ".yaml");
    }
}
