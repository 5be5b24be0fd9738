//! # liveness-probe (warning)
//!
//! ## What it does
//! Flags a container of a long-running workload (not a Job or CronJob, nor
//! a pod with `restartPolicy: Never` or `OnFailure` such as a Helm test)
//! without a `livenessProbe` (kube-linter `no-liveness-probe`, Polaris
//! `livenessProbeMissing`). Init and ephemeral containers are not checked.
//!
//! ## Why is this bad?
//! Without it, a deadlocked process keeps its pod "running" forever: the
//! kubelet never restarts it.
//!
//! ## How to fix
//! Add a `livenessProbe` that fails only when a restart would help.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "liveness-probe",
    severity: Severity::Warning,
    summary: "Long-running containers must have a liveness probe",
    source: include_str!("liveness_probe.rs"),
    compliant: COMPLIANT,
    failing: BARE_POD,
    pss: None,
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    missing_probe(ctx, "livenessProbe")
}

/// Regular containers of a long-running workload without `probe`.
pub(crate) fn missing_probe(ctx: &Ctx<'_>, probe: &str) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    if pod.is_batch() || pod.kind == "PodTemplate" {
        return Vec::new();
    }
    pod.regular()
        .filter(|c| c.get(&[probe]).is_none_or(Value::is_null))
        .map(|c| {
            hit(
                c.ptr.clone(),
                format!("container {} has no {probe}", quote(c.name)),
            )
        })
        .collect()
}
