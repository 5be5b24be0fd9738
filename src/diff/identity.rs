//! Which resource is which across two revisions: the identity the API
//! server keys objects by (group, kind, namespace, name). The version is not
//! part of it, so `apps/v1beta2` → `apps/v1` is a change, not a replacement.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde_json::Value;

use super::DiffError;
use crate::manifest::Document;

/// Built-in kinds that live outside namespaces (`kubectl api-resources
/// --namespaced=false` on Kubernetes 1.35, plus a few common add-ons).
const CLUSTER_SCOPED: &[(&str, &str)] = &[
    ("", "ComponentStatus"),
    ("", "Namespace"),
    ("", "Node"),
    ("", "PersistentVolume"),
    (
        "admissionregistration.k8s.io",
        "MutatingWebhookConfiguration",
    ),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
    (
        "admissionregistration.k8s.io",
        "ValidatingAdmissionPolicyBinding",
    ),
    ("admissionregistration.k8s.io", "MutatingAdmissionPolicy"),
    (
        "admissionregistration.k8s.io",
        "MutatingAdmissionPolicyBinding",
    ),
    (
        "admissionregistration.k8s.io",
        "ValidatingWebhookConfiguration",
    ),
    ("apiextensions.k8s.io", "CustomResourceDefinition"),
    ("apiregistration.k8s.io", "APIService"),
    ("authentication.k8s.io", "SelfSubjectReview"),
    ("authentication.k8s.io", "TokenReview"),
    ("authorization.k8s.io", "SelfSubjectAccessReview"),
    ("authorization.k8s.io", "SelfSubjectRulesReview"),
    ("authorization.k8s.io", "SubjectAccessReview"),
    ("certificates.k8s.io", "CertificateSigningRequest"),
    ("certificates.k8s.io", "ClusterTrustBundle"),
    ("flowcontrol.apiserver.k8s.io", "FlowSchema"),
    ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
    ("networking.k8s.io", "IngressClass"),
    ("networking.k8s.io", "IPAddress"),
    ("networking.k8s.io", "ServiceCIDR"),
    ("node.k8s.io", "RuntimeClass"),
    ("policy", "PodSecurityPolicy"),
    ("rbac.authorization.k8s.io", "ClusterRole"),
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
    ("resource.k8s.io", "DeviceClass"),
    ("resource.k8s.io", "ResourceSlice"),
    ("scheduling.k8s.io", "PriorityClass"),
    ("storage.k8s.io", "CSIDriver"),
    ("storage.k8s.io", "CSINode"),
    ("storage.k8s.io", "StorageClass"),
    ("storage.k8s.io", "VolumeAttachment"),
    ("storage.k8s.io", "VolumeAttributesClass"),
    ("cert-manager.io", "ClusterIssuer"),
    ("gateway.networking.k8s.io", "GatewayClass"),
    ("metrics.k8s.io", "NodeMetrics"),
];

/// The kinds that have no namespace: the built-in ones and those of the
/// `scope: Cluster` CustomResourceDefinitions found in the streams.
#[derive(Debug, Default, Clone)]
pub(crate) struct ClusterScoped {
    from_crds: BTreeSet<(String, String)>,
}

impl ClusterScoped {
    /// Learns the cluster-scoped kinds defined by CRDs in `documents`.
    pub(crate) fn learn(&mut self, documents: &[Document]) {
        for doc in documents {
            if doc.kind() != "CustomResourceDefinition" {
                continue;
            }
            let spec = &doc.value["spec"];
            if spec["scope"].as_str() != Some("Cluster") {
                continue;
            }
            if let (Some(group), Some(kind)) =
                (spec["group"].as_str(), spec["names"]["kind"].as_str())
            {
                self.from_crds.insert((group.to_string(), kind.to_string()));
            }
        }
    }

    pub(crate) fn contains(&self, group: &str, kind: &str) -> bool {
        CLUSTER_SCOPED.contains(&(group, kind))
            || self
                .from_crds
                .contains(&(group.to_string(), kind.to_string()))
    }
}

/// What the API server keys a resource by.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Identity {
    /// The namespace; `None` for cluster-scoped kinds.
    pub namespace: Option<String>,
    /// `metadata.name` (or `generateName`).
    pub name: String,
    /// `kind`.
    pub kind: String,
    /// The API group of `apiVersion` ("" for the core group).
    pub group: String,
}

impl Identity {
    /// `Kind/name`, as the simple format prints it.
    pub fn short(&self) -> String {
        format!("{}/{}", self.kind, self.name)
    }
}

/// helm-diff's resource key: `default, web, Deployment (apps)`; the core
/// group prints as `v1`, a cluster-scoped resource has an empty namespace.
impl fmt::Display for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let group = if self.group.is_empty() {
            "v1"
        } else {
            &self.group
        };
        write!(
            f,
            "{}, {}, {} ({})",
            self.namespace.as_deref().unwrap_or(""),
            self.name,
            self.kind,
            group
        )
    }
}

/// One resource of one side.
#[derive(Clone, Debug)]
pub(crate) struct Resource {
    pub(crate) value: Value,
    /// The template that produced it, or `file:line` of a plain manifest.
    pub(crate) origin: String,
}

/// The resources of one side keyed by identity; two documents with one
/// identity are an error naming both.
pub(crate) fn index(
    documents: &[Document],
    default_namespace: &str,
    scoped: &ClusterScoped,
    side: &str,
) -> Result<BTreeMap<Identity, Resource>, DiffError> {
    let mut out: BTreeMap<Identity, Resource> = BTreeMap::new();
    for doc in documents {
        let group = doc.group().to_string();
        let kind = doc.kind().to_string();
        let namespace = if scoped.contains(&group, &kind) {
            None
        } else {
            Some(
                doc.namespace()
                    .filter(|n| !n.is_empty())
                    .unwrap_or(default_namespace)
                    .to_string(),
            )
        };
        let identity = Identity {
            namespace,
            name: doc.name().to_string(),
            kind,
            group,
        };
        let origin = match &doc.template {
            Some(t) => t.clone(),
            None => format!("{}:{}", doc.source, doc.line),
        };
        let mut value = doc.value.clone();
        // An explicit namespace equal to the default is no change: both
        // sides spell it out, as the API server stores it.
        if let (Some(ns), Some(Value::Object(meta))) =
            (&identity.namespace, value.get_mut("metadata"))
        {
            meta.insert("namespace".to_string(), Value::String(ns.clone()));
        }
        if let Some(first) = out.get(&identity) {
            return Err(DiffError::Duplicate {
                side: side.to_string(),
                identity: Box::new(identity),
                first: first.origin.clone(),
                second: origin,
            });
        }
        out.insert(identity, Resource { value, origin });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::read_stream;

    #[test]
    fn identities_default_namespaces_and_know_cluster_scope() {
        let text = "# Source: c/templates/a.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n---\n# Source: c/templates/b.yaml\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r, namespace: ignored}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: other}\n---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.ex.io}\nspec: {group: ex.io, scope: Cluster, names: {kind: Widget}}\n---\napiVersion: ex.io/v1\nkind: Widget\nmetadata: {name: w}\n";
        let stream = read_stream("s.yaml", text);
        let mut scoped = ClusterScoped::default();
        scoped.learn(&stream.documents);
        let index = index(&stream.documents, "prod", &scoped, "new").unwrap();
        let shown: Vec<String> = index.keys().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                ", r, ClusterRole (rbac.authorization.k8s.io)",
                ", w, Widget (ex.io)",
                ", widgets.ex.io, CustomResourceDefinition (apiextensions.k8s.io)",
                "other, s, Service (v1)",
                "prod, web, Deployment (apps)",
            ]
        );
        let get = |name: &str| index.iter().find(|(k, _)| k.name == name).unwrap().1;
        let web = get("web");
        assert_eq!(web.origin, "c/templates/a.yaml");
        let s = get("s");
        assert_eq!(s.origin, "s.yaml:11");
    }

    #[test]
    fn duplicates_name_both_templates() {
        let text = "# Source: c/templates/a.yaml\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\n---\n# Source: c/templates/b.yaml\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: x, namespace: default}\n";
        let stream = read_stream("s.yaml", text);
        let err = index(
            &stream.documents,
            "default",
            &ClusterScoped::default(),
            "old",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "the old side has two resources default, x, ConfigMap (v1): from c/templates/a.yaml and from c/templates/b.yaml"
        );
    }
}
