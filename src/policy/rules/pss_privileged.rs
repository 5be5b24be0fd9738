//! # pss/privileged (baseline, policy 1.0+)
//!
//! ## What it does
//! Flags a container (init, regular or ephemeral) with
//! `securityContext.privileged: true`.
//!
//! ## Why is this bad?
//! A privileged container has every capability and every device of the
//! node: it is root on the host.
//!
//! ## How to fix
//! Remove `privileged` or set it to `false`; add the one capability needed
//! instead.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/privileged",
    severity: Severity::Error,
    summary: "Containers must not be privileged",
    source: include_str!("pss_privileged.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n"
    ),
    pss: pss(PssLevel::Baseline, 0, None),
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    pod.containers
        .iter()
        .filter(|c| sc_bool(c, "privileged") == Some(true))
        .map(|c| {
            hit(
                c.ptr(&["securityContext", "privileged"]),
                format!(
                    "container {} must not set securityContext.privileged=true",
                    quote(c.name)
                ),
            )
        })
        .collect()
}
