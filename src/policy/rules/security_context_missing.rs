//! # security-context-missing (warning)
//!
//! ## What it does
//! Flags a container or init container with no `securityContext` at all
//! (Checkov CKV_K8S_30).
//!
//! ## Why is this bad?
//! Such a container runs with every default the runtime has: privilege
//! escalation allowed, default capabilities, writable root file system.
//!
//! ## How to fix
//! Give every container a securityContext: `allowPrivilegeEscalation:
//! false`, `readOnlyRootFilesystem: true`, `capabilities: {drop: ["ALL"]}`.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "security-context-missing",
    severity: Severity::Warning,
    summary: "Containers must have a securityContext",
    source: include_str!("security_context_missing.rs"),
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
    pod.declared()
        .filter(|c| c.get(&["securityContext"]).is_none_or(Value::is_null))
        .map(|c| {
            hit(
                c.ptr.clone(),
                format!("container {} has no securityContext", quote(c.name)),
            )
        })
        .collect()
}
