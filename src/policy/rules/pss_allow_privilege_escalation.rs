//! # pss/allowPrivilegeEscalation (restricted, policy 1.8+; Windows pods exempt from 1.25)
//!
//! ## What it does
//! At restricted level, every container must set
//! `securityContext.allowPrivilegeEscalation: false` explicitly (unset means
//! allowed). From policy 1.25 pods with `spec.os.name: windows` are exempt.
//!
//! ## Why is this bad?
//! Without it a process can gain more privileges than its parent through
//! setuid binaries or file capabilities.
//!
//! ## How to fix
//! Set `allowPrivilegeEscalation: false` in each container's securityContext.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/allowPrivilegeEscalation",
    severity: Severity::Warning,
    summary: "Containers must set allowPrivilegeEscalation: false",
    source: include_str!("pss_allow_privilege_escalation.rs"),
    compliant: COMPLIANT,
    failing: BARE_POD,
    pss: pss(PssLevel::Restricted, 8, None),
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
    pod.containers
        .iter()
        .filter(|c| sc_bool(c, "allowPrivilegeEscalation") != Some(false))
        .map(|c| {
            let field = ["securityContext", "allowPrivilegeEscalation"];
            let ptr = if c.get(&field).is_some() {
                c.ptr(&field)
            } else {
                c.ptr.clone()
            };
            hit(
                ptr,
                format!(
                    "container {} must set securityContext.allowPrivilegeEscalation=false",
                    quote(c.name)
                ),
            )
        })
        .collect()
}
