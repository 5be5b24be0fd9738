//! # readiness-probe (warning)
//!
//! ## What it does
//! Flags a container of a long-running workload (not a Job or CronJob, nor
//! a pod with `restartPolicy: Never` or `OnFailure` such as a Helm test)
//! without a `readinessProbe` (kube-linter `no-readiness-probe`, Polaris
//! `readinessProbeMissing`).
//!
//! ## Why is this bad?
//! Without it, Services send traffic to a pod as soon as its process starts,
//! before it can answer, and during rollouts requests fail.
//!
//! ## How to fix
//! Add a `readinessProbe` that succeeds when the container can serve.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "readiness-probe",
    severity: Severity::Warning,
    summary: "Long-running containers must have a readiness probe",
    source: include_str!("readiness_probe.rs"),
    compliant: COMPLIANT,
    failing: BARE_POD,
    pss: None,
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    super::liveness_probe::missing_probe(ctx, "readinessProbe")
}
