//! # pss/procMount (baseline, policy 1.0+; relaxed at 1.35)
//!
//! ## What it does
//! Flags a container whose `securityContext.procMount` is set to anything
//! but `Default`. From policy 1.35 a pod in a user namespace
//! (`spec.hostUsers: false`) may use any `procMount` at baseline level; at
//! restricted level `pss/procMount_restricted` still refuses it.
//!
//! ## Why is this bad?
//! `Unmasked` exposes the /proc paths the runtime masks (kernel memory,
//! sysrq triggers) to the container.
//!
//! ## How to fix
//! Remove `procMount`, or run the pod with `hostUsers: false`.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/procMount",
    severity: Severity::Error,
    summary: "Containers must use the default /proc mount (user-namespace pods excepted from 1.35)",
    source: include_str!("pss_proc_mount.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        procMount: Unmasked\n"
    ),
    pss: pss(PssLevel::Baseline, 0, None),
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    if ctx.minor >= 35 && pod.user_namespace() {
        return Vec::new();
    }
    unmasked(pod)
}

/// `procMount_1_0`: every container with a `procMount` other than `Default`.
pub(crate) fn unmasked(pod: &Pod<'_>) -> Vec<Hit> {
    pod.containers
        .iter()
        .filter_map(|c| {
            let mount = c.get(&["securityContext", "procMount"])?.as_str()?;
            (mount != "Default").then(|| {
                hit(
                    c.ptr(&["securityContext", "procMount"]),
                    format!(
                        "container {} must not set securityContext.procMount to {}",
                        quote(c.name),
                        quote(mount)
                    ),
                )
            })
        })
        .collect()
}
