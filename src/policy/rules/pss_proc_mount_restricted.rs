//! # pss/procMount_restricted (restricted, policy 1.35+)
//!
//! ## What it does
//! At restricted level, flags a container whose `securityContext.procMount`
//! is anything but `Default`, even in a user-namespace pod. It replaces
//! `pss/procMount` at restricted level from policy 1.35 (before that,
//! `pss/procMount` applies unrelaxed).
//!
//! ## Why is this bad?
//! An unmasked /proc exposes kernel interfaces; restricted pods keep the
//! masks whatever their user namespace.
//!
//! ## How to fix
//! Remove `procMount`.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/procMount_restricted",
    severity: Severity::Warning,
    summary: "Containers must use the default /proc mount, user namespace or not",
    source: include_str!("pss_proc_mount_restricted.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  hostUsers: false\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        procMount: Unmasked\n"
    ),
    pss: pss(PssLevel::Restricted, 35, Some("pss/procMount")),
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    match &ctx.pod {
        Some(pod) => super::pss_proc_mount::unmasked(pod),
        None => Vec::new(),
    }
}
