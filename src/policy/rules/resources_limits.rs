//! # resources-limits (warning)
//!
//! ## What it does
//! Flags a container or init container without `resources.limits.cpu` and
//! `resources.limits.memory` (Polaris `cpuLimitsMissing` /
//! `memoryLimitsMissing`, Checkov CKV_K8S_11 / CKV_K8S_13).
//!
//! ## Why is this bad?
//! Without a memory limit one leaking container can exhaust the node and
//! get other pods killed; without a CPU limit it can starve its neighbours.
//!
//! ## How to fix
//! Set `resources.limits.memory` (and `cpu`); disable this rule in
//! `shipshape.yaml` if your clusters deliberately run without CPU limits.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "resources-limits",
    severity: Severity::Warning,
    summary: "Containers must set CPU and memory limits",
    source: include_str!("resources_limits.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n      resources:\n        requests:\n          cpu: 100m\n          memory: 64Mi\n"
    ),
    pss: None,
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    super::resources_requests::missing(ctx, "limits", "limit")
}
