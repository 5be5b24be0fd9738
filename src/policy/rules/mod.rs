//! The registry of policy rules, one file each, and what their checks share.

use serde_json::Value;

use super::PssLevel;
use super::pod::{Container, Pod, quote};
use super::stream::StreamIndex;
use crate::diag::Severity;

mod anti_affinity;
mod automount_service_account_token;
mod default_namespace;
mod env_secret;
mod host_port;
mod image_digest;
mod image_pull_policy;
mod image_tag;
mod liveness_probe;
mod network_policy;
mod pdb_missing;
mod pss_allow_privilege_escalation;
mod pss_app_armor_profile;
mod pss_capabilities_baseline;
mod pss_capabilities_restricted;
mod pss_host_namespaces;
mod pss_host_path_volumes;
mod pss_host_ports;
mod pss_host_probes_and_host_lifecycle;
mod pss_privileged;
mod pss_proc_mount;
mod pss_proc_mount_restricted;
mod pss_restricted_volumes;
mod pss_run_as_non_root;
mod pss_run_as_user;
mod pss_se_linux_options;
mod pss_seccomp_profile_baseline;
mod pss_seccomp_profile_restricted;
mod pss_sysctls;
mod pss_windows_host_process;
mod read_only_root_fs;
mod readiness_probe;
mod resources_limits;
mod resources_requests;
mod security_context_missing;
mod service_type;

/// Every rule, in the order findings and listings use.
pub(crate) static ALL: &[&RuleDef] = &[
    &pss_host_namespaces::RULE,
    &pss_privileged::RULE,
    &pss_capabilities_baseline::RULE,
    &pss_host_path_volumes::RULE,
    &pss_host_ports::RULE,
    &pss_app_armor_profile::RULE,
    &pss_se_linux_options::RULE,
    &pss_proc_mount::RULE,
    &pss_seccomp_profile_baseline::RULE,
    &pss_sysctls::RULE,
    &pss_windows_host_process::RULE,
    &pss_host_probes_and_host_lifecycle::RULE,
    &pss_restricted_volumes::RULE,
    &pss_allow_privilege_escalation::RULE,
    &pss_run_as_non_root::RULE,
    &pss_run_as_user::RULE,
    &pss_seccomp_profile_restricted::RULE,
    &pss_capabilities_restricted::RULE,
    &pss_proc_mount_restricted::RULE,
    &resources_requests::RULE,
    &resources_limits::RULE,
    &liveness_probe::RULE,
    &readiness_probe::RULE,
    &image_tag::RULE,
    &image_digest::RULE,
    &image_pull_policy::RULE,
    &read_only_root_fs::RULE,
    &security_context_missing::RULE,
    &automount_service_account_token::RULE,
    &default_namespace::RULE,
    &host_port::RULE,
    &env_secret::RULE,
    &pdb_missing::RULE,
    &anti_affinity::RULE,
    &network_policy::RULE,
    &service_type::RULE,
];

/// What a check sees: one document, its pod template, the stream.
pub(crate) struct Ctx<'a> {
    /// The whole resource.
    pub(crate) doc: &'a Value,
    /// Its pod template, for workloads.
    pub(crate) pod: Option<Pod<'a>>,
    /// PodDisruptionBudgets and NetworkPolicies of the stream.
    pub(crate) stream: &'a StreamIndex<'a>,
    /// The PSS minor version evaluated.
    pub(crate) minor: u32,
}

impl<'a> Ctx<'a> {
    /// `metadata.namespace`.
    fn namespace(&self) -> Option<&'a str> {
        self.doc.get("metadata")?.get("namespace")?.as_str()
    }

    /// `kind`.
    fn kind(&self) -> &'a str {
        self.doc.get("kind").and_then(Value::as_str).unwrap_or("")
    }
}

/// One violation: the offending field and what is wrong.
pub(crate) struct Hit {
    /// JSON pointer within the resource.
    pub(crate) pointer: String,
    /// One line, in the admission code's words for `pss/` rules.
    pub(crate) message: String,
}

fn hit(pointer: String, message: String) -> Hit {
    Hit { pointer, message }
}

/// A Pod Security Standards check as the admission registry declares it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pss {
    /// Baseline or Restricted.
    pub(crate) level: PssLevel,
    /// Its first `MinimumVersion` (minor of 1.x).
    pub(crate) since: u32,
    /// The baseline check it replaces at restricted level (`OverrideCheckIDs`).
    pub(crate) overrides: Option<&'static str>,
}

/// One rule: metadata and its check.
pub(crate) struct RuleDef {
    pub(crate) id: &'static str,
    /// Default severity of a best practice (PSS rules are graded by level).
    pub(crate) severity: Severity,
    pub(crate) summary: &'static str,
    /// The rule's source file; its `//!` comment is the documentation.
    pub(crate) source: &'static str,
    pub(crate) compliant: &'static str,
    pub(crate) failing: &'static str,
    pub(crate) pss: Option<Pss>,
    /// Whether a best practice runs without configuration.
    pub(crate) enabled: bool,
    pub(crate) check: fn(&Ctx<'_>) -> Vec<Hit>,
}

const fn pss(level: PssLevel, since: u32, overrides: Option<&'static str>) -> Option<Pss> {
    Some(Pss {
        level,
        since,
        overrides,
    })
}

/// A Pod with the given spec lines (each indented by two spaces).
macro_rules! pod_yaml {
    ($spec:literal) => {
        concat!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n",
            $spec
        )
    };
}
use pod_yaml;

/// A pod with one container and nothing else set: the failing example of
/// every rule about a setting that must be present.
const BARE_POD: &str = pod_yaml!("  containers:\n    - name: app\n      image: nginx:1.27\n");

/// A workload that passes every rule at restricted level, with the
/// NetworkPolicy that covers it.
const COMPLIANT: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          image: registry.example.com/web:1.4.2@sha256:4b1a2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: 8080
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: web-db
                  key: password
          resources:
            requests:
              cpu: 100m
              memory: 128Mi
            limits:
              cpu: 500m
              memory: 256Mi
          livenessProbe:
            httpGet:
              path: /healthz
              port: 8080
          readinessProbe:
            httpGet:
              path: /ready
              port: 8080
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: ["Ingress"]
"#;

/// `securityContext.<field>` of a container as a bool.
fn sc_bool(c: &Container<'_>, field: &str) -> Option<bool> {
    c.get(&["securityContext", field]).and_then(Value::as_bool)
}

/// A string field of the pod's or a container's security context, with
/// its pointer, when the parent object is present.
fn non_empty_str(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str).filter(|s| !s.is_empty())
}
