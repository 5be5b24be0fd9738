//! The pod template of a workload, found where each kind keeps it, and its
//! containers in the order the admission code visits them.

use serde_json::Value;

use crate::diag::pointer_push;

/// Where a container is declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ContainerKind {
    /// `initContainers` (including sidecars).
    Init,
    /// `containers`.
    Regular,
    /// `ephemeralContainers`.
    Ephemeral,
}

/// One container of a pod spec.
pub(crate) struct Container<'a> {
    /// The container object.
    pub(crate) value: &'a Value,
    /// JSON pointer of the container within the document.
    pub(crate) ptr: String,
    /// `name`, or "" when absent.
    pub(crate) name: &'a str,
    /// Which list it is in.
    pub(crate) kind: ContainerKind,
}

impl<'a> Container<'a> {
    /// The field at `path` below the container.
    pub(crate) fn get(&self, path: &[&str]) -> Option<&'a Value> {
        get(self.value, path)
    }

    /// Pointer of the field at `path` below the container.
    pub(crate) fn ptr(&self, path: &[&str]) -> String {
        join(&self.ptr, path)
    }
}

/// The pod template of a workload (or the pod itself).
pub(crate) struct Pod<'a> {
    /// The pod spec.
    pub(crate) spec: &'a Value,
    /// Pointer of the pod spec.
    pub(crate) spec_ptr: String,
    /// The pod (template) metadata, if any.
    pub(crate) meta: Option<&'a Value>,
    /// Pointer of the pod (template) metadata.
    pub(crate) meta_ptr: String,
    /// Init, regular, then ephemeral containers, as `visitContainers` does.
    pub(crate) containers: Vec<Container<'a>>,
    /// The workload kind (`Deployment`, `Pod`, ...).
    pub(crate) kind: &'a str,
}

/// Where each workload kind keeps its pod template, below the document.
fn template_path(group: &str, kind: &str) -> Option<&'static [&'static str]> {
    let core_or = |groups: &[&str]| groups.contains(&group);
    match kind {
        "Pod" if group.is_empty() => Some(&[]),
        "PodTemplate" if group.is_empty() => Some(&["template"]),
        "ReplicationController" if group.is_empty() => Some(&["spec", "template"]),
        "Deployment" | "DaemonSet" | "ReplicaSet" if core_or(&["apps", "extensions"]) => {
            Some(&["spec", "template"])
        }
        "StatefulSet" if group == "apps" => Some(&["spec", "template"]),
        "Job" if group == "batch" => Some(&["spec", "template"]),
        "CronJob" if group == "batch" => Some(&["spec", "jobTemplate", "spec", "template"]),
        _ => None,
    }
}

impl<'a> Pod<'a> {
    /// The pod template of `doc`, when it is a workload with an object spec.
    pub(crate) fn of(doc: &'a Value) -> Option<Pod<'a>> {
        let api_version = doc.get("apiVersion")?.as_str()?;
        let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
        let kind = doc.get("kind")?.as_str()?;
        let path = template_path(group, kind)?;
        let template = get(doc, path)?;
        let spec = template.get("spec").filter(|s| s.is_object())?;
        let base = join("", path);
        let spec_ptr = join(&base, &["spec"]);
        let mut containers = Vec::new();
        for (list, kind) in [
            ("initContainers", ContainerKind::Init),
            ("containers", ContainerKind::Regular),
            ("ephemeralContainers", ContainerKind::Ephemeral),
        ] {
            let Some(items) = spec.get(list).and_then(Value::as_array) else {
                continue;
            };
            for (i, value) in items.iter().enumerate() {
                if !value.is_object() {
                    continue;
                }
                containers.push(Container {
                    value,
                    ptr: join(&spec_ptr, &[list, &i.to_string()]),
                    name: value.get("name").and_then(Value::as_str).unwrap_or(""),
                    kind,
                });
            }
        }
        Some(Pod {
            spec,
            meta: template.get("metadata").filter(|m| m.is_object()),
            meta_ptr: join(&base, &["metadata"]),
            spec_ptr,
            containers,
            kind,
        })
    }

    /// The field at `path` below the pod spec.
    pub(crate) fn get(&self, path: &[&str]) -> Option<&'a Value> {
        get(self.spec, path)
    }

    /// Pointer of the field at `path` below the pod spec.
    pub(crate) fn ptr(&self, path: &[&str]) -> String {
        join(&self.spec_ptr, path)
    }

    /// The pod (template) annotations.
    pub(crate) fn annotations(&self) -> Option<&'a serde_json::Map<String, Value>> {
        self.meta?.get("annotations")?.as_object()
    }

    /// The pod (template) labels.
    pub(crate) fn labels(&self) -> Option<&'a serde_json::Map<String, Value>> {
        self.meta?.get("labels")?.as_object()
    }

    /// `spec.os.name == "windows"`: the restricted checks that cannot apply
    /// to Windows pods skip them from policy version 1.25.
    pub(crate) fn is_windows(&self) -> bool {
        self.get(&["os", "name"]).and_then(Value::as_str) == Some("windows")
    }

    /// `spec.hostUsers: false`: the pod runs in a user namespace (KEP-127).
    pub(crate) fn user_namespace(&self) -> bool {
        self.spec.get("hostUsers").and_then(Value::as_bool) == Some(false)
    }

    /// Containers that run for the pod's life (no init or ephemeral ones).
    pub(crate) fn regular(&self) -> impl Iterator<Item = &Container<'a>> {
        self.containers
            .iter()
            .filter(|c| c.kind == ContainerKind::Regular)
    }

    /// Containers that can carry resources and a security context
    /// (ephemeral containers cannot have resources).
    pub(crate) fn declared(&self) -> impl Iterator<Item = &Container<'a>> {
        self.containers
            .iter()
            .filter(|c| c.kind != ContainerKind::Ephemeral)
    }

    /// Whether the workload runs to completion (probes make no sense): a
    /// Job, a CronJob, or a pod that is not restarted (Helm test pods).
    pub(crate) fn is_batch(&self) -> bool {
        let restart = self.spec.get("restartPolicy").and_then(Value::as_str);
        matches!(self.kind, "Job" | "CronJob") || matches!(restart, Some("Never" | "OnFailure"))
    }
}

/// The value at `path` below `v`.
pub(crate) fn get<'v>(v: &'v Value, path: &[&str]) -> Option<&'v Value> {
    let mut node = v;
    for seg in path {
        node = match node {
            Value::Object(m) => m.get(*seg)?,
            Value::Array(items) => items.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// `base` extended by `path`, escaped.
pub(crate) fn join(base: &str, path: &[&str]) -> String {
    let mut out = base.to_string();
    for seg in path {
        pointer_push(&mut out, seg);
    }
    out
}

/// `"a", "b"` as the admission code quotes names.
pub(crate) fn quote(name: &str) -> String {
    format!("{name:?}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_are_found_per_kind() {
        let cases = [
            (
                json!({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a"}]}}),
                Some("/spec/containers/0"),
            ),
            (
                json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": {"containers": [{"name": "a"}]}}}}),
                Some("/spec/template/spec/containers/0"),
            ),
            (
                json!({"apiVersion": "batch/v1", "kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": {"spec": {"initContainers": [{"name": "a"}]}}}}}}),
                Some("/spec/jobTemplate/spec/template/spec/initContainers/0"),
            ),
            (
                json!({"apiVersion": "v1", "kind": "PodTemplate", "template": {"spec": {"containers": [{"name": "a"}]}}}),
                Some("/template/spec/containers/0"),
            ),
            (
                json!({"apiVersion": "example.com/v1", "kind": "Deployment", "spec": {"template": {"spec": {}}}}),
                None,
            ),
            (
                json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": "x"}}}),
                None,
            ),
        ];
        for (doc, want) in cases {
            let got = Pod::of(&doc).and_then(|p| p.containers.first().map(|c| c.ptr.clone()));
            assert_eq!(got.as_deref(), want, "{doc}");
        }
    }
}
