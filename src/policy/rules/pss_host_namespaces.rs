//! # pss/hostNamespaces (baseline, policy 1.0+)
//!
//! ## What it does
//! Flags a pod that shares the node's network, PID or IPC namespace:
//! `spec.hostNetwork`, `spec.hostPID` or `spec.hostIPC` set to `true`.
//!
//! ## Why is this bad?
//! A pod in the host namespaces sees every process, socket and shared-memory
//! segment of the node, and can sniff or signal them.
//!
//! ## How to fix
//! Remove the fields or set them to `false`.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/hostNamespaces",
    severity: Severity::Error,
    summary: "Pods must not share the host network, PID or IPC namespace",
    source: include_str!("pss_host_namespaces.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  hostNetwork: true\n  containers:\n    - name: app\n      image: nginx:1.27\n"
    ),
    pss: pss(PssLevel::Baseline, 0, None),
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    ["hostNetwork", "hostPID", "hostIPC"]
        .into_iter()
        .filter(|f| pod.get(&[f]).and_then(Value::as_bool) == Some(true))
        .map(|f| hit(pod.ptr(&[f]), format!("pod must not set {f}=true")))
        .collect()
}
