//! # resources-requests (warning)
//!
//! ## What it does
//! Flags a container or init container without `resources.requests.cpu`
//! and `resources.requests.memory` (kube-linter `unset-cpu-requirements` /
//! `unset-memory-requirements`, kube-score `container-resources`).
//!
//! ## Why is this bad?
//! The scheduler places pods by their requests: without them a node is
//! overcommitted and the pod is the first evicted (BestEffort QoS).
//!
//! ## How to fix
//! Set `resources.requests.cpu` and `resources.requests.memory` to what the
//! container uses under normal load.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "resources-requests",
    severity: Severity::Warning,
    summary: "Containers must request CPU and memory",
    source: include_str!("resources_requests.rs"),
    compliant: COMPLIANT,
    failing: BARE_POD,
    pss: None,
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    missing(ctx, "requests", "request")
}

/// Containers missing `resources.<section>.cpu` or `.memory`.
pub(crate) fn missing(ctx: &Ctx<'_>, section: &str, noun: &str) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in pod.declared() {
        let absent: Vec<&str> = ["cpu", "memory"]
            .into_iter()
            .filter(|r| c.get(&["resources", section, r]).is_none_or(Value::is_null))
            .collect();
        if absent.is_empty() {
            continue;
        }
        let ptr = if c.get(&["resources", section]).is_some() {
            c.ptr(&["resources", section])
        } else {
            c.ptr.clone()
        };
        let what = absent
            .iter()
            .map(|r| format!("resources.{section}.{r}"))
            .collect::<Vec<_>>()
            .join(" and ");
        hits.push(hit(
            ptr,
            format!("container {} has no {noun}: set {what}", quote(c.name)),
        ));
    }
    hits
}
