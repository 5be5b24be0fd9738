//! The deprecated API versions `helm lint` warns about: the types of
//! client-go's scheme that carry a prerelease lifecycle
//! (`APILifecycleDeprecated`), with the release that deprecated them, the
//! one that removed them and their replacement, as
//! `k8s.io/apiserver/pkg/endpoints/deprecation` words its warning.

use crate::compat::Compat;

/// One deprecated type: apiVersion, kind, deprecated in, removed in,
/// replacement (`apiVersion Kind`).
struct Deprecated {
    api_version: &'static str,
    kind: &'static str,
    deprecated: (u32, u32),
    removed: Option<(u32, u32)>,
    replacement: Option<&'static str>,
}

/// Deprecated types in Helm 3.17.3's scheme (client-go 0.32), as it reports them.
#[rustfmt::skip]
const HELM3: &[Deprecated] = &[
    Deprecated { api_version: "admissionregistration.k8s.io/v1beta1", kind: "MutatingWebhookConfiguration", deprecated: (1, 16), removed: Some((1, 22)), replacement: Some("admissionregistration.k8s.io/v1 MutatingWebhookConfiguration") },
    Deprecated { api_version: "admissionregistration.k8s.io/v1beta1", kind: "ValidatingWebhookConfiguration", deprecated: (1, 16), removed: Some((1, 22)), replacement: Some("admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration") },
    Deprecated { api_version: "admissionregistration.k8s.io/v1beta1", kind: "ValidatingAdmissionPolicy", deprecated: (1, 31), removed: Some((1, 34)), replacement: None },
    Deprecated { api_version: "admissionregistration.k8s.io/v1beta1", kind: "ValidatingAdmissionPolicyBinding", deprecated: (1, 31), removed: Some((1, 34)), replacement: None },
    Deprecated { api_version: "apps/v1beta1", kind: "ControllerRevision", deprecated: (1, 8), removed: Some((1, 16)), replacement: Some("apps/v1 ControllerRevision") },
    Deprecated { api_version: "apps/v1beta1", kind: "Deployment", deprecated: (1, 8), removed: Some((1, 16)), replacement: Some("apps/v1 Deployment") },
    Deprecated { api_version: "apps/v1beta1", kind: "StatefulSet", deprecated: (1, 8), removed: Some((1, 16)), replacement: Some("apps/v1 StatefulSet") },
    Deprecated { api_version: "apps/v1beta2", kind: "ControllerRevision", deprecated: (1, 9), removed: Some((1, 16)), replacement: Some("apps/v1 ControllerRevision") },
    Deprecated { api_version: "apps/v1beta2", kind: "DaemonSet", deprecated: (1, 9), removed: Some((1, 16)), replacement: Some("apps/v1 DaemonSet") },
    Deprecated { api_version: "apps/v1beta2", kind: "Deployment", deprecated: (1, 9), removed: Some((1, 16)), replacement: Some("apps/v1 Deployment") },
    Deprecated { api_version: "apps/v1beta2", kind: "ReplicaSet", deprecated: (1, 9), removed: Some((1, 16)), replacement: Some("apps/v1 ReplicaSet") },
    Deprecated { api_version: "apps/v1beta2", kind: "StatefulSet", deprecated: (1, 9), removed: Some((1, 16)), replacement: Some("apps/v1 StatefulSet") },
    Deprecated { api_version: "authentication.k8s.io/v1beta1", kind: "TokenReview", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("authentication.k8s.io/v1 TokenReview") },
    Deprecated { api_version: "authorization.k8s.io/v1beta1", kind: "LocalSubjectAccessReview", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("authorization.k8s.io/v1 LocalSubjectAccessReview") },
    Deprecated { api_version: "authorization.k8s.io/v1beta1", kind: "SelfSubjectAccessReview", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("authorization.k8s.io/v1 SelfSubjectAccessReview") },
    Deprecated { api_version: "authorization.k8s.io/v1beta1", kind: "SelfSubjectRulesReview", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("authorization.k8s.io/v1 SelfSubjectRulesReview") },
    Deprecated { api_version: "authorization.k8s.io/v1beta1", kind: "SubjectAccessReview", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("authorization.k8s.io/v1 SubjectAccessReview") },
    Deprecated { api_version: "autoscaling/v2beta1", kind: "HorizontalPodAutoscaler", deprecated: (1, 22), removed: Some((1, 25)), replacement: Some("autoscaling/v2 HorizontalPodAutoscaler") },
    Deprecated { api_version: "autoscaling/v2beta2", kind: "HorizontalPodAutoscaler", deprecated: (1, 23), removed: Some((1, 26)), replacement: Some("autoscaling/v2 HorizontalPodAutoscaler") },
    Deprecated { api_version: "batch/v1beta1", kind: "CronJob", deprecated: (1, 21), removed: Some((1, 25)), replacement: Some("batch/v1 CronJob") },
    Deprecated { api_version: "certificates.k8s.io/v1beta1", kind: "CertificateSigningRequest", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("certificates.k8s.io/v1 CertificateSigningRequest") },
    Deprecated { api_version: "coordination.k8s.io/v1beta1", kind: "Lease", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("coordination.k8s.io/v1 Lease") },
    Deprecated { api_version: "discovery.k8s.io/v1beta1", kind: "EndpointSlice", deprecated: (1, 21), removed: Some((1, 25)), replacement: Some("discovery.k8s.io/v1 EndpointSlice") },
    Deprecated { api_version: "events.k8s.io/v1beta1", kind: "Event", deprecated: (1, 22), removed: Some((1, 25)), replacement: None },
    Deprecated { api_version: "extensions/v1beta1", kind: "DaemonSet", deprecated: (1, 8), removed: Some((1, 16)), replacement: Some("apps/v1 DaemonSet") },
    Deprecated { api_version: "extensions/v1beta1", kind: "Deployment", deprecated: (1, 8), removed: Some((1, 16)), replacement: Some("apps/v1 Deployment") },
    Deprecated { api_version: "extensions/v1beta1", kind: "Ingress", deprecated: (1, 14), removed: Some((1, 22)), replacement: Some("networking.k8s.io/v1 Ingress") },
    Deprecated { api_version: "extensions/v1beta1", kind: "NetworkPolicy", deprecated: (1, 9), removed: Some((1, 16)), replacement: Some("networking.k8s.io/v1 NetworkPolicy") },
    Deprecated { api_version: "extensions/v1beta1", kind: "ReplicaSet", deprecated: (1, 8), removed: Some((1, 16)), replacement: Some("apps/v1 ReplicaSet") },
    Deprecated { api_version: "flowcontrol.apiserver.k8s.io/v1beta1", kind: "FlowSchema", deprecated: (1, 23), removed: Some((1, 26)), replacement: Some("flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema") },
    Deprecated { api_version: "flowcontrol.apiserver.k8s.io/v1beta1", kind: "PriorityLevelConfiguration", deprecated: (1, 23), removed: Some((1, 26)), replacement: Some("flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration") },
    Deprecated { api_version: "flowcontrol.apiserver.k8s.io/v1beta2", kind: "FlowSchema", deprecated: (1, 26), removed: Some((1, 29)), replacement: Some("flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema") },
    Deprecated { api_version: "flowcontrol.apiserver.k8s.io/v1beta2", kind: "PriorityLevelConfiguration", deprecated: (1, 26), removed: Some((1, 29)), replacement: Some("flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration") },
    Deprecated { api_version: "flowcontrol.apiserver.k8s.io/v1beta3", kind: "FlowSchema", deprecated: (1, 29), removed: Some((1, 32)), replacement: Some("flowcontrol.apiserver.k8s.io/v1 FlowSchema") },
    Deprecated { api_version: "flowcontrol.apiserver.k8s.io/v1beta3", kind: "PriorityLevelConfiguration", deprecated: (1, 29), removed: Some((1, 32)), replacement: Some("flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration") },
    Deprecated { api_version: "networking.k8s.io/v1beta1", kind: "Ingress", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("networking.k8s.io/v1 Ingress") },
    Deprecated { api_version: "networking.k8s.io/v1beta1", kind: "IngressClass", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("networking.k8s.io/v1 IngressClassList") },
    Deprecated { api_version: "node.k8s.io/v1beta1", kind: "RuntimeClass", deprecated: (1, 22), removed: Some((1, 25)), replacement: None },
    Deprecated { api_version: "policy/v1beta1", kind: "Eviction", deprecated: (1, 22), removed: Some((1, 25)), replacement: None },
    Deprecated { api_version: "policy/v1beta1", kind: "PodDisruptionBudget", deprecated: (1, 21), removed: Some((1, 25)), replacement: Some("policy/v1 PodDisruptionBudget") },
    Deprecated { api_version: "rbac.authorization.k8s.io/v1beta1", kind: "ClusterRole", deprecated: (1, 17), removed: Some((1, 22)), replacement: Some("rbac.authorization.k8s.io/v1 ClusterRole") },
    Deprecated { api_version: "rbac.authorization.k8s.io/v1beta1", kind: "ClusterRoleBinding", deprecated: (1, 17), removed: Some((1, 22)), replacement: Some("rbac.authorization.k8s.io/v1 ClusterRoleBinding") },
    Deprecated { api_version: "rbac.authorization.k8s.io/v1beta1", kind: "Role", deprecated: (1, 17), removed: Some((1, 22)), replacement: Some("rbac.authorization.k8s.io/v1 Role") },
    Deprecated { api_version: "rbac.authorization.k8s.io/v1beta1", kind: "RoleBinding", deprecated: (1, 17), removed: Some((1, 22)), replacement: Some("rbac.authorization.k8s.io/v1 RoleBinding") },
    Deprecated { api_version: "scheduling.k8s.io/v1beta1", kind: "PriorityClass", deprecated: (1, 14), removed: Some((1, 22)), replacement: Some("scheduling.k8s.io/v1 PriorityClass") },
    Deprecated { api_version: "storage.k8s.io/v1beta1", kind: "CSIDriver", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("storage.k8s.io/v1 CSIDriver") },
    Deprecated { api_version: "storage.k8s.io/v1beta1", kind: "CSINode", deprecated: (1, 17), removed: Some((1, 22)), replacement: Some("storage.k8s.io/v1 CSINode") },
    Deprecated { api_version: "storage.k8s.io/v1beta1", kind: "CSIStorageCapacity", deprecated: (1, 24), removed: Some((1, 27)), replacement: Some("storage.k8s.io/v1 CSIStorageCapacity") },
    Deprecated { api_version: "storage.k8s.io/v1beta1", kind: "StorageClass", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("storage.k8s.io/v1 StorageClass") },
    Deprecated { api_version: "storage.k8s.io/v1beta1", kind: "VolumeAttachment", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("storage.k8s.io/v1 VolumeAttachment") },
    Deprecated { api_version: "networking.k8s.io/v1beta1", kind: "IPAddress", deprecated: (1, 34), removed: Some((1, 37)), replacement: None },
    Deprecated { api_version: "networking.k8s.io/v1beta1", kind: "ServiceCIDR", deprecated: (1, 34), removed: Some((1, 37)), replacement: None },
    Deprecated { api_version: "storage.k8s.io/v1beta1", kind: "VolumeAttributesClass", deprecated: (1, 34), removed: Some((1, 37)), replacement: None },
    Deprecated { api_version: "resource.k8s.io/v1beta1", kind: "ResourceClaim", deprecated: (1, 35), removed: Some((1, 38)), replacement: None },
    Deprecated { api_version: "resource.k8s.io/v1beta1", kind: "DeviceClass", deprecated: (1, 35), removed: Some((1, 38)), replacement: None },
    Deprecated { api_version: "coordination.k8s.io/v1alpha2", kind: "LeaseCandidate", deprecated: (1, 35), removed: Some((1, 38)), replacement: None },
    Deprecated { api_version: "certificates.k8s.io/v1alpha1", kind: "ClusterTrustBundle", deprecated: (1, 34), removed: Some((1, 37)), replacement: None },
    Deprecated { api_version: "storage.k8s.io/v1alpha1", kind: "VolumeAttachment", deprecated: (1, 21), removed: Some((1, 24)), replacement: Some("storage.k8s.io/v1 VolumeAttachment") },
    Deprecated { api_version: "admissionregistration.k8s.io/v1alpha1", kind: "ValidatingAdmissionPolicy", deprecated: (1, 29), removed: Some((1, 32)), replacement: None },
    Deprecated { api_version: "storagemigration.k8s.io/v1alpha1", kind: "StorageVersionMigration", deprecated: (1, 33), removed: Some((1, 36)), replacement: None },
    Deprecated { api_version: "networking.k8s.io/v1alpha1", kind: "IPAddress", deprecated: (1, 30), removed: Some((1, 33)), replacement: None },
    Deprecated { api_version: "storage.k8s.io/v1alpha1", kind: "VolumeAttributesClass", deprecated: (1, 32), removed: Some((1, 35)), replacement: None },
    Deprecated { api_version: "admissionregistration.k8s.io/v1alpha1", kind: "MutatingAdmissionPolicy", deprecated: (1, 35), removed: Some((1, 38)), replacement: None },
];

/// Deprecated types in Helm 4.1.4's scheme, as it reports them.
#[rustfmt::skip]
const HELM4: &[Deprecated] = &[
    Deprecated { api_version: "admissionregistration.k8s.io/v1beta1", kind: "MutatingWebhookConfiguration", deprecated: (1, 16), removed: Some((1, 22)), replacement: Some("admissionregistration.k8s.io/v1 MutatingWebhookConfiguration") },
    Deprecated { api_version: "admissionregistration.k8s.io/v1beta1", kind: "ValidatingWebhookConfiguration", deprecated: (1, 16), removed: Some((1, 22)), replacement: Some("admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration") },
    Deprecated { api_version: "admissionregistration.k8s.io/v1beta1", kind: "ValidatingAdmissionPolicy", deprecated: (1, 31), removed: Some((1, 34)), replacement: None },
    Deprecated { api_version: "admissionregistration.k8s.io/v1beta1", kind: "ValidatingAdmissionPolicyBinding", deprecated: (1, 31), removed: Some((1, 34)), replacement: None },
    Deprecated { api_version: "apps/v1beta1", kind: "ControllerRevision", deprecated: (1, 8), removed: Some((1, 16)), replacement: Some("apps/v1 ControllerRevision") },
    Deprecated { api_version: "apps/v1beta1", kind: "Deployment", deprecated: (1, 8), removed: Some((1, 16)), replacement: Some("apps/v1 Deployment") },
    Deprecated { api_version: "apps/v1beta1", kind: "StatefulSet", deprecated: (1, 8), removed: Some((1, 16)), replacement: Some("apps/v1 StatefulSet") },
    Deprecated { api_version: "apps/v1beta2", kind: "ControllerRevision", deprecated: (1, 9), removed: Some((1, 16)), replacement: Some("apps/v1 ControllerRevision") },
    Deprecated { api_version: "apps/v1beta2", kind: "DaemonSet", deprecated: (1, 9), removed: Some((1, 16)), replacement: Some("apps/v1 DaemonSet") },
    Deprecated { api_version: "apps/v1beta2", kind: "Deployment", deprecated: (1, 9), removed: Some((1, 16)), replacement: Some("apps/v1 Deployment") },
    Deprecated { api_version: "apps/v1beta2", kind: "ReplicaSet", deprecated: (1, 9), removed: Some((1, 16)), replacement: Some("apps/v1 ReplicaSet") },
    Deprecated { api_version: "apps/v1beta2", kind: "StatefulSet", deprecated: (1, 9), removed: Some((1, 16)), replacement: Some("apps/v1 StatefulSet") },
    Deprecated { api_version: "authentication.k8s.io/v1beta1", kind: "TokenReview", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("authentication.k8s.io/v1 TokenReview") },
    Deprecated { api_version: "authorization.k8s.io/v1beta1", kind: "LocalSubjectAccessReview", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("authorization.k8s.io/v1 LocalSubjectAccessReview") },
    Deprecated { api_version: "authorization.k8s.io/v1beta1", kind: "SelfSubjectAccessReview", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("authorization.k8s.io/v1 SelfSubjectAccessReview") },
    Deprecated { api_version: "authorization.k8s.io/v1beta1", kind: "SelfSubjectRulesReview", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("authorization.k8s.io/v1 SelfSubjectRulesReview") },
    Deprecated { api_version: "authorization.k8s.io/v1beta1", kind: "SubjectAccessReview", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("authorization.k8s.io/v1 SubjectAccessReview") },
    Deprecated { api_version: "autoscaling/v2beta1", kind: "HorizontalPodAutoscaler", deprecated: (1, 22), removed: Some((1, 25)), replacement: Some("autoscaling/v2 HorizontalPodAutoscaler") },
    Deprecated { api_version: "autoscaling/v2beta2", kind: "HorizontalPodAutoscaler", deprecated: (1, 23), removed: Some((1, 26)), replacement: Some("autoscaling/v2 HorizontalPodAutoscaler") },
    Deprecated { api_version: "batch/v1beta1", kind: "CronJob", deprecated: (1, 21), removed: Some((1, 25)), replacement: Some("batch/v1 CronJob") },
    Deprecated { api_version: "certificates.k8s.io/v1beta1", kind: "CertificateSigningRequest", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("certificates.k8s.io/v1 CertificateSigningRequest") },
    Deprecated { api_version: "coordination.k8s.io/v1beta1", kind: "Lease", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("coordination.k8s.io/v1 Lease") },
    Deprecated { api_version: "discovery.k8s.io/v1beta1", kind: "EndpointSlice", deprecated: (1, 21), removed: Some((1, 25)), replacement: Some("discovery.k8s.io/v1 EndpointSlice") },
    Deprecated { api_version: "events.k8s.io/v1beta1", kind: "Event", deprecated: (1, 22), removed: Some((1, 25)), replacement: None },
    Deprecated { api_version: "extensions/v1beta1", kind: "DaemonSet", deprecated: (1, 8), removed: Some((1, 16)), replacement: Some("apps/v1 DaemonSet") },
    Deprecated { api_version: "extensions/v1beta1", kind: "Deployment", deprecated: (1, 8), removed: Some((1, 16)), replacement: Some("apps/v1 Deployment") },
    Deprecated { api_version: "extensions/v1beta1", kind: "Ingress", deprecated: (1, 14), removed: Some((1, 22)), replacement: Some("networking.k8s.io/v1 Ingress") },
    Deprecated { api_version: "extensions/v1beta1", kind: "NetworkPolicy", deprecated: (1, 9), removed: Some((1, 16)), replacement: Some("networking.k8s.io/v1 NetworkPolicy") },
    Deprecated { api_version: "extensions/v1beta1", kind: "ReplicaSet", deprecated: (1, 8), removed: Some((1, 16)), replacement: Some("apps/v1 ReplicaSet") },
    Deprecated { api_version: "flowcontrol.apiserver.k8s.io/v1beta1", kind: "FlowSchema", deprecated: (1, 23), removed: Some((1, 26)), replacement: Some("flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema") },
    Deprecated { api_version: "flowcontrol.apiserver.k8s.io/v1beta1", kind: "PriorityLevelConfiguration", deprecated: (1, 23), removed: Some((1, 26)), replacement: Some("flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration") },
    Deprecated { api_version: "flowcontrol.apiserver.k8s.io/v1beta2", kind: "FlowSchema", deprecated: (1, 26), removed: Some((1, 29)), replacement: Some("flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema") },
    Deprecated { api_version: "flowcontrol.apiserver.k8s.io/v1beta2", kind: "PriorityLevelConfiguration", deprecated: (1, 26), removed: Some((1, 29)), replacement: Some("flowcontrol.apiserver.k8s.io/v1beta3 PriorityLevelConfiguration") },
    Deprecated { api_version: "flowcontrol.apiserver.k8s.io/v1beta3", kind: "FlowSchema", deprecated: (1, 29), removed: Some((1, 32)), replacement: Some("flowcontrol.apiserver.k8s.io/v1 FlowSchema") },
    Deprecated { api_version: "flowcontrol.apiserver.k8s.io/v1beta3", kind: "PriorityLevelConfiguration", deprecated: (1, 29), removed: Some((1, 32)), replacement: Some("flowcontrol.apiserver.k8s.io/v1 PriorityLevelConfiguration") },
    Deprecated { api_version: "networking.k8s.io/v1beta1", kind: "Ingress", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("networking.k8s.io/v1 Ingress") },
    Deprecated { api_version: "networking.k8s.io/v1beta1", kind: "IngressClass", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("networking.k8s.io/v1 IngressClassList") },
    Deprecated { api_version: "node.k8s.io/v1beta1", kind: "RuntimeClass", deprecated: (1, 22), removed: Some((1, 25)), replacement: None },
    Deprecated { api_version: "policy/v1beta1", kind: "Eviction", deprecated: (1, 22), removed: Some((1, 25)), replacement: None },
    Deprecated { api_version: "policy/v1beta1", kind: "PodDisruptionBudget", deprecated: (1, 21), removed: Some((1, 25)), replacement: Some("policy/v1 PodDisruptionBudget") },
    Deprecated { api_version: "rbac.authorization.k8s.io/v1beta1", kind: "ClusterRole", deprecated: (1, 17), removed: Some((1, 22)), replacement: Some("rbac.authorization.k8s.io/v1 ClusterRole") },
    Deprecated { api_version: "rbac.authorization.k8s.io/v1beta1", kind: "ClusterRoleBinding", deprecated: (1, 17), removed: Some((1, 22)), replacement: Some("rbac.authorization.k8s.io/v1 ClusterRoleBinding") },
    Deprecated { api_version: "rbac.authorization.k8s.io/v1beta1", kind: "Role", deprecated: (1, 17), removed: Some((1, 22)), replacement: Some("rbac.authorization.k8s.io/v1 Role") },
    Deprecated { api_version: "rbac.authorization.k8s.io/v1beta1", kind: "RoleBinding", deprecated: (1, 17), removed: Some((1, 22)), replacement: Some("rbac.authorization.k8s.io/v1 RoleBinding") },
    Deprecated { api_version: "scheduling.k8s.io/v1beta1", kind: "PriorityClass", deprecated: (1, 14), removed: Some((1, 22)), replacement: Some("scheduling.k8s.io/v1 PriorityClass") },
    Deprecated { api_version: "storage.k8s.io/v1beta1", kind: "CSIDriver", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("storage.k8s.io/v1 CSIDriver") },
    Deprecated { api_version: "storage.k8s.io/v1beta1", kind: "CSINode", deprecated: (1, 17), removed: Some((1, 22)), replacement: Some("storage.k8s.io/v1 CSINode") },
    Deprecated { api_version: "storage.k8s.io/v1beta1", kind: "CSIStorageCapacity", deprecated: (1, 24), removed: Some((1, 27)), replacement: Some("storage.k8s.io/v1 CSIStorageCapacity") },
    Deprecated { api_version: "storage.k8s.io/v1beta1", kind: "StorageClass", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("storage.k8s.io/v1 StorageClass") },
    Deprecated { api_version: "storage.k8s.io/v1beta1", kind: "VolumeAttachment", deprecated: (1, 19), removed: Some((1, 22)), replacement: Some("storage.k8s.io/v1 VolumeAttachment") },
    Deprecated { api_version: "networking.k8s.io/v1beta1", kind: "IPAddress", deprecated: (1, 34), removed: Some((1, 37)), replacement: None },
    Deprecated { api_version: "networking.k8s.io/v1beta1", kind: "ServiceCIDR", deprecated: (1, 34), removed: Some((1, 37)), replacement: None },
    Deprecated { api_version: "storage.k8s.io/v1beta1", kind: "VolumeAttributesClass", deprecated: (1, 34), removed: Some((1, 37)), replacement: Some("storage.k8s.io/v1 VolumeAttributesClass") },
    Deprecated { api_version: "resource.k8s.io/v1beta1", kind: "ResourceClaim", deprecated: (1, 35), removed: Some((1, 38)), replacement: None },
    Deprecated { api_version: "resource.k8s.io/v1beta1", kind: "DeviceClass", deprecated: (1, 35), removed: Some((1, 38)), replacement: None },
    Deprecated { api_version: "coordination.k8s.io/v1alpha2", kind: "LeaseCandidate", deprecated: (1, 35), removed: Some((1, 38)), replacement: None },
    Deprecated { api_version: "certificates.k8s.io/v1alpha1", kind: "ClusterTrustBundle", deprecated: (1, 34), removed: Some((1, 37)), replacement: None },
    Deprecated { api_version: "storage.k8s.io/v1alpha1", kind: "VolumeAttachment", deprecated: (1, 21), removed: Some((1, 24)), replacement: Some("storage.k8s.io/v1 VolumeAttachment") },
    Deprecated { api_version: "admissionregistration.k8s.io/v1alpha1", kind: "ValidatingAdmissionPolicy", deprecated: (1, 29), removed: Some((1, 32)), replacement: None },
    Deprecated { api_version: "resource.k8s.io/v1beta2", kind: "ResourceClaim", deprecated: (1, 36), removed: Some((1, 39)), replacement: None },
    Deprecated { api_version: "coordination.k8s.io/v1beta1", kind: "LeaseCandidate", deprecated: (1, 36), removed: Some((1, 39)), replacement: None },
    Deprecated { api_version: "storage.k8s.io/v1alpha1", kind: "VolumeAttributesClass", deprecated: (1, 32), removed: Some((1, 35)), replacement: Some("storage.k8s.io/v1 VolumeAttributesClass") },
    Deprecated { api_version: "certificates.k8s.io/v1beta1", kind: "ClusterTrustBundle", deprecated: (1, 36), removed: Some((1, 39)), replacement: None },
    Deprecated { api_version: "admissionregistration.k8s.io/v1beta1", kind: "MutatingAdmissionPolicy", deprecated: (1, 37), removed: Some((1, 40)), replacement: None },
    Deprecated { api_version: "admissionregistration.k8s.io/v1alpha1", kind: "MutatingAdmissionPolicy", deprecated: (1, 35), removed: Some((1, 38)), replacement: None },
    Deprecated { api_version: "resource.k8s.io/v1alpha3", kind: "DeviceTaintRule", deprecated: (1, 36), removed: Some((1, 39)), replacement: None },
];

/// Helm's `validateNoDeprecations`: the warning for `api_version`/`kind`
/// when the type is deprecated at Kubernetes `major.minor`.
pub(super) fn warning(
    compat: Compat,
    api_version: &str,
    kind: &str,
    major: u32,
    minor: u32,
) -> Option<String> {
    if api_version.is_empty() || kind.is_empty() {
        return None;
    }
    let table = match compat {
        Compat::Helm3 => HELM3,
        Compat::Helm4 => HELM4,
    };
    let entry = table
        .iter()
        .find(|d| d.api_version == api_version && d.kind == kind)?;
    if (major, minor) < entry.deprecated {
        return None;
    }
    let mut message = format!(
        "{api_version} {kind} is deprecated in v{}.{}+",
        entry.deprecated.0, entry.deprecated.1
    );
    if let Some((maj, min)) = entry.removed {
        message.push_str(&format!(", unavailable in v{maj}.{min}+"));
    }
    if let Some(replacement) = entry.replacement {
        message.push_str("; use ");
        message.push_str(replacement);
    }
    Some(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_from_the_deprecating_release_on() {
        let cases = [
            ("extensions/v1beta1", "Ingress", 1, 13, None),
            (
                "extensions/v1beta1",
                "Ingress",
                1,
                14,
                Some(
                    "extensions/v1beta1 Ingress is deprecated in v1.14+, unavailable in v1.22+; use networking.k8s.io/v1 Ingress",
                ),
            ),
            ("apps/v1", "Deployment", 1, 35, None),
            ("", "Ingress", 1, 35, None),
        ];
        for (api, kind, major, minor, want) in cases {
            assert_eq!(
                warning(Compat::Helm4, api, kind, major, minor).as_deref(),
                want,
                "{api} {kind}"
            );
        }
    }
}
