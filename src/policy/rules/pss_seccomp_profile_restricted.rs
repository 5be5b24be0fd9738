//! # pss/seccompProfile_restricted (restricted, policy 1.19+; Windows pods exempt from 1.25)
//!
//! ## What it does
//! At restricted level, the pod or every container must set
//! `securityContext.seccompProfile.type` to `RuntimeDefault` or `Localhost`
//! (a container inherits a valid pod-level profile). It replaces
//! `pss/seccompProfile_baseline` at restricted level.
//!
//! ## Why is this bad?
//! Without a profile a container runs unconfined by seccomp on most
//! runtimes: every system call is reachable.
//!
//! ## How to fix
//! Set `seccompProfile: {type: RuntimeDefault}` in the pod's securityContext.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/seccompProfile_restricted",
    severity: Severity::Warning,
    summary: "Pods must set seccompProfile RuntimeDefault or Localhost",
    source: include_str!("pss_seccomp_profile_restricted.rs"),
    compliant: COMPLIANT,
    failing: BARE_POD,
    pss: pss(
        PssLevel::Restricted,
        19,
        Some("pss/seccompProfile_baseline"),
    ),
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    if ctx.minor >= 25 && pod.is_windows() {
        return Vec::new();
    }
    let explicit = super::pss_seccomp_profile_baseline::explicit_bad(pod);
    if !explicit.is_empty() {
        return explicit;
    }
    let profile = ["securityContext", "seccompProfile"];
    let pod_set = pod.get(&profile).is_some_and(|p| !p.is_null());
    if pod_set {
        return Vec::new();
    }
    pod.containers
        .iter()
        .filter(|c| c.get(&profile).is_none_or(Value::is_null))
        .map(|c| {
            hit(
                c.ptr.clone(),
                format!(
                    "pod or container {} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
                    quote(c.name)
                ),
            )
        })
        .collect()
}
