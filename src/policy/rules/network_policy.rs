//! # network-policy (warning)
//!
//! ## What it does
//! Flags a workload (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
//! ReplicationController, Job, CronJob) whose pods no NetworkPolicy in the
//! same stream (and namespace) selects by `spec.podSelector`
//! (kube-score `pod-networkpolicy`). An empty podSelector selects all pods.
//!
//! ## Why is this bad?
//! Pods no NetworkPolicy selects accept traffic from every pod in the
//! cluster: one compromised pod reaches them all.
//!
//! ## How to fix
//! Ship a NetworkPolicy with the chart that selects the pods and allows
//! only the traffic they need.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "network-policy",
    severity: Severity::Warning,
    summary: "Every workload's pods must be selected by a NetworkPolicy",
    source: include_str!("network_policy.rs"),
    compliant: COMPLIANT,
    failing: BARE_POD,
    pss: None,
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    if pod.kind == "PodTemplate" {
        return Vec::new();
    }
    let empty = serde_json::Map::new();
    let labels = pod.labels().unwrap_or(&empty);
    if ctx.stream.has_network_policy(ctx.namespace(), labels) {
        return Vec::new();
    }
    vec![hit(
        pod.meta_ptr.clone(),
        format!("no NetworkPolicy selects the pods of this {}", pod.kind),
    )]
}
