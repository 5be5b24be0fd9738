//! Removed and deprecated API versions (rule family `api`).
//!
//! One table entry per group/version/kind that Kubernetes deprecated or
//! stopped serving from 1.16 on. Sources, cross-checked:
//! - the Deprecated API Migration Guide
//!   (kubernetes.io/docs/reference/using-api/deprecation-guide) for 1.16–1.32;
//! - the API server's own deprecation warnings
//!   (`<gv> <Kind> is deprecated in v1.X+, unavailable in v1.Y+`), which come
//!   from the `prerelease-lifecycle-gen` tags: a beta is deprecated three
//!   minors after it was introduced and removed three minors after that;
//! - which group/version/kinds the OpenAPI schemas of each release hold
//!   (kubernetes-validate 1.25–1.37, `research/schemas.md` §1): an API
//!   missing from release N that release N-1 had was removed in N. Alpha
//!   APIs are removed without a deprecation period.

use crate::diag::{Category, Finding, RuleInfo, Severity};
use crate::manifest::Document;

use super::KubeMinor;

/// What happened to one group/version/kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiChange {
    /// `group/version` (or `v1` for the core group).
    pub api_version: &'static str,
    /// The kind.
    pub kind: &'static str,
    /// First minor that deprecates it, if it was deprecated before removal.
    pub deprecated_in: Option<KubeMinor>,
    /// First minor that no longer serves it, if its removal is scheduled.
    pub removed_in: Option<KubeMinor>,
    /// What to use instead: an apiVersion when the kind stays, else
    /// `apiVersion Kind` or a short description; `None` when nothing
    /// replaces it.
    pub replacement: Option<&'static str>,
}

impl ApiChange {
    /// True when `target` no longer serves this API.
    pub fn is_removed(&self, target: KubeMinor) -> bool {
        self.removed_in.is_some_and(|r| target >= r)
    }

    /// True when `target` still serves this API but deprecates it.
    pub fn is_deprecated(&self, target: KubeMinor) -> bool {
        !self.is_removed(target) && self.deprecated_in.is_some_and(|d| target >= d)
    }

    fn use_instead(&self) -> String {
        match self.replacement {
            Some(r) => format!("use {r}"),
            None => "it has no replacement".to_string(),
        }
    }

    /// `policy/v1beta1 PodDisruptionBudget was removed in 1.25; use policy/v1`.
    /// Only meaningful when `removed_in` is set.
    pub fn removed_message(&self) -> String {
        let removed = self
            .removed_in
            .map_or_else(|| "?".to_string(), |r| r.to_string());
        format!(
            "{} {} was removed in {removed}; {}",
            self.api_version,
            self.kind,
            self.use_instead()
        )
    }

    /// `flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is deprecated since
    /// 1.29 and will be removed in 1.32; use flowcontrol.apiserver.k8s.io/v1`.
    pub fn deprecated_message(&self) -> String {
        let since = self
            .deprecated_in
            .map_or_else(|| "?".to_string(), |d| d.to_string());
        match self.removed_in {
            Some(r) => format!(
                "{} {} is deprecated since {since} and will be removed in {r}; {}",
                self.api_version,
                self.kind,
                self.use_instead()
            ),
            None => format!(
                "{} {} is deprecated since {since}; {}",
                self.api_version,
                self.kind,
                self.use_instead()
            ),
        }
    }
}

/// A table row: minors as numbers, 0 for "none", "" for no replacement.
const fn row(
    api_version: &'static str,
    kind: &'static str,
    deprecated: u32,
    removed: u32,
    replacement: &'static str,
) -> ApiChange {
    ApiChange {
        api_version,
        kind,
        deprecated_in: if deprecated == 0 {
            None
        } else {
            Some(KubeMinor::new(deprecated))
        },
        removed_in: if removed == 0 {
            None
        } else {
            Some(KubeMinor::new(removed))
        },
        replacement: if replacement.is_empty() {
            None
        } else {
            Some(replacement)
        },
    }
}

const APPS: &str = "apps/v1";
const RBAC: &str = "rbac.authorization.k8s.io/v1";
const STORAGE: &str = "storage.k8s.io/v1";
const FLOW: &str = "flowcontrol.apiserver.k8s.io/v1";
const RESOURCE: &str = "resource.k8s.io/v1";
const ADMISSION: &str = "admissionregistration.k8s.io/v1";
const NETWORKING: &str = "networking.k8s.io/v1";
const PSA: &str = "Pod Security Admission (pod-security.kubernetes.io labels on the Namespace)";

/// Every deprecated or removed built-in API, by removal release.
pub static API_CHANGES: &[ApiChange] = &[
    // 1.16 (migration guide).
    row("extensions/v1beta1", "DaemonSet", 9, 16, APPS),
    row("extensions/v1beta1", "Deployment", 9, 16, APPS),
    row("extensions/v1beta1", "ReplicaSet", 9, 16, APPS),
    row("extensions/v1beta1", "NetworkPolicy", 9, 16, NETWORKING),
    row("extensions/v1beta1", "PodSecurityPolicy", 10, 16, PSA),
    row("apps/v1beta1", "Deployment", 9, 16, APPS),
    row("apps/v1beta1", "StatefulSet", 9, 16, APPS),
    row("apps/v1beta1", "ReplicaSet", 9, 16, APPS),
    row("apps/v1beta1", "ControllerRevision", 9, 16, APPS),
    row("apps/v1beta2", "DaemonSet", 9, 16, APPS),
    row("apps/v1beta2", "Deployment", 9, 16, APPS),
    row("apps/v1beta2", "ReplicaSet", 9, 16, APPS),
    row("apps/v1beta2", "StatefulSet", 9, 16, APPS),
    row("apps/v1beta2", "ControllerRevision", 9, 16, APPS),
    // 1.17: the alpha PriorityClass.
    row(
        "scheduling.k8s.io/v1alpha1",
        "PriorityClass",
        14,
        17,
        "scheduling.k8s.io/v1",
    ),
    // 1.22 (migration guide).
    row(
        "admissionregistration.k8s.io/v1beta1",
        "MutatingWebhookConfiguration",
        16,
        22,
        ADMISSION,
    ),
    row(
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingWebhookConfiguration",
        16,
        22,
        ADMISSION,
    ),
    row(
        "apiextensions.k8s.io/v1beta1",
        "CustomResourceDefinition",
        16,
        22,
        "apiextensions.k8s.io/v1",
    ),
    row(
        "apiregistration.k8s.io/v1beta1",
        "APIService",
        19,
        22,
        "apiregistration.k8s.io/v1",
    ),
    row(
        "authentication.k8s.io/v1beta1",
        "TokenReview",
        19,
        22,
        "authentication.k8s.io/v1",
    ),
    row(
        "authorization.k8s.io/v1beta1",
        "LocalSubjectAccessReview",
        19,
        22,
        "authorization.k8s.io/v1",
    ),
    row(
        "authorization.k8s.io/v1beta1",
        "SelfSubjectAccessReview",
        19,
        22,
        "authorization.k8s.io/v1",
    ),
    row(
        "authorization.k8s.io/v1beta1",
        "SubjectAccessReview",
        19,
        22,
        "authorization.k8s.io/v1",
    ),
    row(
        "certificates.k8s.io/v1beta1",
        "CertificateSigningRequest",
        19,
        22,
        "certificates.k8s.io/v1",
    ),
    row(
        "coordination.k8s.io/v1beta1",
        "Lease",
        19,
        22,
        "coordination.k8s.io/v1",
    ),
    row("extensions/v1beta1", "Ingress", 14, 22, NETWORKING),
    row("networking.k8s.io/v1beta1", "Ingress", 19, 22, NETWORKING),
    row(
        "networking.k8s.io/v1beta1",
        "IngressClass",
        19,
        22,
        NETWORKING,
    ),
    row(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRole",
        17,
        22,
        RBAC,
    ),
    row(
        "rbac.authorization.k8s.io/v1beta1",
        "ClusterRoleBinding",
        17,
        22,
        RBAC,
    ),
    row("rbac.authorization.k8s.io/v1beta1", "Role", 17, 22, RBAC),
    row(
        "rbac.authorization.k8s.io/v1beta1",
        "RoleBinding",
        17,
        22,
        RBAC,
    ),
    row(
        "rbac.authorization.k8s.io/v1alpha1",
        "ClusterRole",
        17,
        22,
        RBAC,
    ),
    row(
        "rbac.authorization.k8s.io/v1alpha1",
        "ClusterRoleBinding",
        17,
        22,
        RBAC,
    ),
    row("rbac.authorization.k8s.io/v1alpha1", "Role", 17, 22, RBAC),
    row(
        "rbac.authorization.k8s.io/v1alpha1",
        "RoleBinding",
        17,
        22,
        RBAC,
    ),
    row(
        "scheduling.k8s.io/v1beta1",
        "PriorityClass",
        14,
        22,
        "scheduling.k8s.io/v1",
    ),
    row("storage.k8s.io/v1beta1", "CSIDriver", 19, 22, STORAGE),
    row("storage.k8s.io/v1beta1", "CSINode", 17, 22, STORAGE),
    row("storage.k8s.io/v1beta1", "StorageClass", 19, 22, STORAGE),
    row(
        "storage.k8s.io/v1beta1",
        "VolumeAttachment",
        19,
        22,
        STORAGE,
    ),
    // 1.25 (migration guide).
    row("batch/v1beta1", "CronJob", 21, 25, "batch/v1"),
    row(
        "discovery.k8s.io/v1beta1",
        "EndpointSlice",
        21,
        25,
        "discovery.k8s.io/v1",
    ),
    row("events.k8s.io/v1beta1", "Event", 19, 25, "events.k8s.io/v1"),
    row(
        "autoscaling/v2beta1",
        "HorizontalPodAutoscaler",
        22,
        25,
        "autoscaling/v2",
    ),
    row("policy/v1beta1", "PodDisruptionBudget", 21, 25, "policy/v1"),
    row("policy/v1beta1", "PodSecurityPolicy", 21, 25, PSA),
    row(
        "node.k8s.io/v1beta1",
        "RuntimeClass",
        22,
        25,
        "node.k8s.io/v1",
    ),
    // 1.26 (migration guide).
    row(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "FlowSchema",
        23,
        26,
        FLOW,
    ),
    row(
        "flowcontrol.apiserver.k8s.io/v1beta1",
        "PriorityLevelConfiguration",
        23,
        26,
        FLOW,
    ),
    row(
        "autoscaling/v2beta2",
        "HorizontalPodAutoscaler",
        23,
        26,
        "autoscaling/v2",
    ),
    // 1.27 (migration guide; the first DRA alpha per the schemas).
    row(
        "storage.k8s.io/v1beta1",
        "CSIStorageCapacity",
        24,
        27,
        STORAGE,
    ),
    row("resource.k8s.io/v1alpha1", "PodScheduling", 0, 27, ""),
    row("resource.k8s.io/v1alpha1", "ResourceClaim", 0, 27, RESOURCE),
    row(
        "resource.k8s.io/v1alpha1",
        "ResourceClaimTemplate",
        0,
        27,
        RESOURCE,
    ),
    row(
        "resource.k8s.io/v1alpha1",
        "ResourceClass",
        0,
        27,
        "resource.k8s.io/v1 DeviceClass",
    ),
    // 1.29 (migration guide; ClusterCIDR per the schemas).
    row(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "FlowSchema",
        26,
        29,
        FLOW,
    ),
    row(
        "flowcontrol.apiserver.k8s.io/v1beta2",
        "PriorityLevelConfiguration",
        26,
        29,
        FLOW,
    ),
    row("networking.k8s.io/v1alpha1", "ClusterCIDR", 0, 29, ""),
    // 1.31 (schemas).
    row("networking.k8s.io/v1alpha1", "IPAddress", 0, 31, NETWORKING),
    row(
        "networking.k8s.io/v1alpha1",
        "ServiceCIDR",
        0,
        31,
        NETWORKING,
    ),
    row(
        "resource.k8s.io/v1alpha2",
        "PodSchedulingContext",
        0,
        31,
        "",
    ),
    row("resource.k8s.io/v1alpha2", "ResourceClaim", 0, 31, RESOURCE),
    row(
        "resource.k8s.io/v1alpha2",
        "ResourceClaimParameters",
        0,
        31,
        "",
    ),
    row(
        "resource.k8s.io/v1alpha2",
        "ResourceClaimTemplate",
        0,
        31,
        RESOURCE,
    ),
    row(
        "resource.k8s.io/v1alpha2",
        "ResourceClass",
        0,
        31,
        "resource.k8s.io/v1 DeviceClass",
    ),
    row(
        "resource.k8s.io/v1alpha2",
        "ResourceClassParameters",
        0,
        31,
        "",
    ),
    row("resource.k8s.io/v1alpha2", "ResourceSlice", 0, 31, RESOURCE),
    // 1.32 (migration guide; alphas per the schemas).
    row(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "FlowSchema",
        29,
        32,
        FLOW,
    ),
    row(
        "flowcontrol.apiserver.k8s.io/v1beta3",
        "PriorityLevelConfiguration",
        29,
        32,
        FLOW,
    ),
    row(
        "admissionregistration.k8s.io/v1alpha1",
        "ValidatingAdmissionPolicy",
        0,
        32,
        ADMISSION,
    ),
    row(
        "admissionregistration.k8s.io/v1alpha1",
        "ValidatingAdmissionPolicyBinding",
        0,
        32,
        ADMISSION,
    ),
    row(
        "authentication.k8s.io/v1alpha1",
        "SelfSubjectReview",
        0,
        32,
        "authentication.k8s.io/v1",
    ),
    row(
        "coordination.k8s.io/v1alpha1",
        "LeaseCandidate",
        0,
        32,
        "coordination.k8s.io/v1beta1",
    ),
    row(
        "resource.k8s.io/v1alpha3",
        "PodSchedulingContext",
        0,
        32,
        "",
    ),
    // 1.33 (schemas; beta introduced in 1.27).
    row(
        "authentication.k8s.io/v1beta1",
        "SelfSubjectReview",
        30,
        33,
        "authentication.k8s.io/v1",
    ),
    // 1.34 (schemas; beta introduced in 1.28).
    row(
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingAdmissionPolicy",
        31,
        34,
        ADMISSION,
    ),
    row(
        "admissionregistration.k8s.io/v1beta1",
        "ValidatingAdmissionPolicyBinding",
        31,
        34,
        ADMISSION,
    ),
    row("resource.k8s.io/v1alpha3", "DeviceClass", 0, 34, RESOURCE),
    row("resource.k8s.io/v1alpha3", "ResourceClaim", 0, 34, RESOURCE),
    row(
        "resource.k8s.io/v1alpha3",
        "ResourceClaimTemplate",
        0,
        34,
        RESOURCE,
    ),
    row("resource.k8s.io/v1alpha3", "ResourceSlice", 0, 34, RESOURCE),
    // 1.35 (schemas).
    row(
        "certificates.k8s.io/v1alpha1",
        "PodCertificateRequest",
        0,
        35,
        "certificates.k8s.io/v1",
    ),
    row(
        "storage.k8s.io/v1alpha1",
        "VolumeAttributesClass",
        0,
        35,
        STORAGE,
    ),
    row(
        "storagemigration.k8s.io/v1alpha1",
        "StorageVersionMigration",
        0,
        35,
        "storagemigration.k8s.io/v1",
    ),
    // 1.36 (schemas).
    row(
        "scheduling.k8s.io/v1alpha1",
        "Workload",
        0,
        36,
        "scheduling.k8s.io/v1beta1",
    ),
    // 1.37 (schemas; betas introduced in 1.31).
    row(
        "certificates.k8s.io/v1alpha1",
        "ClusterTrustBundle",
        0,
        37,
        "certificates.k8s.io/v1",
    ),
    row("networking.k8s.io/v1beta1", "IPAddress", 34, 37, NETWORKING),
    row(
        "networking.k8s.io/v1beta1",
        "ServiceCIDR",
        34,
        37,
        NETWORKING,
    ),
    row(
        "scheduling.k8s.io/v1alpha2",
        "PodGroup",
        0,
        37,
        "scheduling.k8s.io/v1beta1",
    ),
    row(
        "scheduling.k8s.io/v1alpha2",
        "Workload",
        0,
        37,
        "scheduling.k8s.io/v1beta1",
    ),
    row(
        "storage.k8s.io/v1beta1",
        "VolumeAttributesClass",
        34,
        37,
        STORAGE,
    ),
    // Deprecated, removal after 1.37 (lifecycle: betas of 1.32, 1.33, 1.34).
    row("resource.k8s.io/v1beta1", "DeviceClass", 35, 38, RESOURCE),
    row("resource.k8s.io/v1beta1", "ResourceClaim", 35, 38, RESOURCE),
    row(
        "resource.k8s.io/v1beta1",
        "ResourceClaimTemplate",
        35,
        38,
        RESOURCE,
    ),
    row("resource.k8s.io/v1beta1", "ResourceSlice", 35, 38, RESOURCE),
    row("resource.k8s.io/v1beta2", "DeviceClass", 36, 39, RESOURCE),
    row("resource.k8s.io/v1beta2", "ResourceClaim", 36, 39, RESOURCE),
    row(
        "resource.k8s.io/v1beta2",
        "ResourceClaimTemplate",
        36,
        39,
        RESOURCE,
    ),
    row("resource.k8s.io/v1beta2", "ResourceSlice", 36, 39, RESOURCE),
    row(
        "admissionregistration.k8s.io/v1beta1",
        "MutatingAdmissionPolicy",
        37,
        40,
        ADMISSION,
    ),
    row(
        "admissionregistration.k8s.io/v1beta1",
        "MutatingAdmissionPolicyBinding",
        37,
        40,
        ADMISSION,
    ),
    // GA kinds deprecated for good (a v1 API is never removed).
    row("v1", "ComponentStatus", 19, 0, ""),
    row(
        "v1",
        "Endpoints",
        33,
        0,
        "discovery.k8s.io/v1 EndpointSlice",
    ),
];

/// The rules of this family.
pub fn rules() -> &'static [RuleInfo] {
    &[
        RuleInfo {
            id: "api/removed",
            category: Category::Api,
            severity: Severity::Error,
            summary: "apiVersion no longer served by the target Kubernetes version",
        },
        RuleInfo {
            id: "api/deprecated",
            category: Category::Api,
            severity: Severity::Warning,
            summary: "apiVersion deprecated in the target Kubernetes version",
        },
    ]
}

/// The table entry for `api_version` + `kind`, whatever the target.
pub fn lookup(api_version: &str, kind: &str) -> Option<&'static ApiChange> {
    API_CHANGES
        .iter()
        .find(|c| c.api_version == api_version && c.kind == kind)
}

/// The entry when `target` no longer serves `api_version` + `kind`, so a
/// missing schema can be reported as a removal (with
/// [`ApiChange::removed_message`]) instead of as "no schema".
pub fn removal(api_version: &str, kind: &str, target: KubeMinor) -> Option<&'static ApiChange> {
    lookup(api_version, kind).filter(|c| c.is_removed(target))
}

/// Rule `api/removed` (error) and `api/deprecated` (warning) for one
/// resource.
///
/// ## What it does
/// Reports a resource whose `apiVersion` the target Kubernetes version no
/// longer serves (`api/removed`), or serves with a deprecation warning
/// (`api/deprecated`), naming the version to use instead.
///
/// ## Why is this bad?
/// The API server rejects a removed version outright; a deprecated one
/// breaks on a later upgrade.
///
/// ## Example
/// `apiVersion: policy/v1beta1` + `kind: PodDisruptionBudget` against 1.30:
/// `policy/v1beta1 PodDisruptionBudget was removed in 1.25; use policy/v1`.
pub fn check(doc: &Document, index: usize, target: KubeMinor) -> Vec<Finding> {
    let Some(change) = lookup(doc.api_version(), doc.kind()) else {
        return Vec::new();
    };
    let finding = if change.is_removed(target) {
        Finding::new(
            "api/removed",
            Category::Api,
            Severity::Error,
            change.removed_message(),
        )
    } else if change.is_deprecated(target) {
        Finding::new(
            "api/deprecated",
            Category::Api,
            Severity::Warning,
            change.deprecated_message(),
        )
    } else {
        return Vec::new();
    };
    vec![finding.at(index, "/apiVersion")]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(api_version: &str, kind: &str) -> Document {
        Document::from_value(
            "t.yaml",
            0,
            json!({"apiVersion": api_version, "kind": kind, "metadata": {"name": "x"}}),
        )
    }

    #[test]
    fn reports_removed_and_deprecated_by_target() {
        // (apiVersion, kind, target, expected rule, expected message)
        let cases: &[(&str, &str, u32, Option<&str>, &str)] = &[
            (
                "policy/v1beta1",
                "PodDisruptionBudget",
                30,
                Some("api/removed"),
                "policy/v1beta1 PodDisruptionBudget was removed in 1.25; use policy/v1",
            ),
            (
                "policy/v1beta1",
                "PodDisruptionBudget",
                24,
                Some("api/deprecated"),
                "",
            ),
            ("policy/v1beta1", "PodDisruptionBudget", 20, None, ""),
            (
                "flowcontrol.apiserver.k8s.io/v1beta3",
                "FlowSchema",
                30,
                Some("api/deprecated"),
                "flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is deprecated since 1.29 and will be removed in 1.32; use flowcontrol.apiserver.k8s.io/v1",
            ),
            (
                "flowcontrol.apiserver.k8s.io/v1beta3",
                "FlowSchema",
                32,
                Some("api/removed"),
                "",
            ),
            (
                "v1",
                "Endpoints",
                37,
                Some("api/deprecated"),
                "v1 Endpoints is deprecated since 1.33; use discovery.k8s.io/v1 EndpointSlice",
            ),
            (
                "policy/v1beta1",
                "PodSecurityPolicy",
                37,
                Some("api/removed"),
                "",
            ),
            (
                "resource.k8s.io/v1alpha2",
                "PodSchedulingContext",
                31,
                Some("api/removed"),
                "resource.k8s.io/v1alpha2 PodSchedulingContext was removed in 1.31; it has no replacement",
            ),
            (
                "resource.k8s.io/v1alpha2",
                "PodSchedulingContext",
                30,
                None,
                "",
            ),
            ("apps/v1", "Deployment", 37, None, ""),
            ("extensions/v1beta1", "Ingress", 30, Some("api/removed"), ""),
            // Kinds are case-sensitive, as the API server's are.
            ("extensions/v1beta1", "ingress", 30, None, ""),
        ];
        for (api, kind, target, rule, message) in cases {
            let found = check(&doc(api, kind), 3, KubeMinor::new(*target));
            match rule {
                None => assert!(found.is_empty(), "{api} {kind} 1.{target}: {found:?}"),
                Some(rule) => {
                    assert_eq!(found.len(), 1, "{api} {kind} 1.{target}");
                    assert_eq!(found[0].rule, *rule, "{api} {kind} 1.{target}");
                    assert_eq!(found[0].path, "/apiVersion");
                    assert_eq!(found[0].resource, Some(3));
                    if !message.is_empty() {
                        assert_eq!(found[0].message, *message);
                    }
                }
            }
        }
    }

    #[test]
    fn removal_answers_only_for_removed_apis() {
        let t = KubeMinor::new(30);
        assert!(removal("batch/v1beta1", "CronJob", t).is_some());
        assert!(removal("batch/v1", "CronJob", t).is_none());
        assert!(removal("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", t).is_none());
        assert_eq!(
            removal("autoscaling/v2beta2", "HorizontalPodAutoscaler", t)
                .map(ApiChange::removed_message)
                .as_deref(),
            Some(
                "autoscaling/v2beta2 HorizontalPodAutoscaler was removed in 1.26; use autoscaling/v2"
            )
        );
    }

    #[test]
    fn table_is_consistent() {
        for (i, c) in API_CHANGES.iter().enumerate() {
            assert!(c.deprecated_in.is_some() || c.removed_in.is_some(), "{c:?}");
            if let (Some(d), Some(r)) = (c.deprecated_in, c.removed_in) {
                assert!(d < r, "{c:?}");
            }
            assert!(
                !API_CHANGES[..i]
                    .iter()
                    .any(|o| o.api_version == c.api_version && o.kind == c.kind),
                "duplicate row {c:?}"
            );
            // A replacement that is an apiVersion is not itself removed.
            if let Some(r) = c.replacement {
                let api = r.split(' ').next().unwrap_or(r);
                let kind = r.split(' ').nth(1).unwrap_or(c.kind);
                assert!(
                    lookup(api, kind).is_none_or(|o| o.removed_in.is_none()),
                    "{c:?}"
                );
            }
        }
    }
}
