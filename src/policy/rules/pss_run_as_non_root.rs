//! # pss/runAsNonRoot (restricted, policy 1.0+; user-namespace pods exempt from 1.35)
//!
//! ## What it does
//! At restricted level, the pod or every container must set
//! `securityContext.runAsNonRoot: true` (a container inherits the pod's
//! setting), and none may set it to `false`. From policy 1.35 a pod with
//! `spec.hostUsers: false` is exempt: root in a user namespace is not root
//! on the node.
//!
//! ## Why is this bad?
//! A container running as root is one kernel bug away from root on the
//! node.
//!
//! ## How to fix
//! Set `runAsNonRoot: true` in the pod's securityContext and build the
//! image with a non-root `USER` (or set `runAsUser`).
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/runAsNonRoot",
    severity: Severity::Warning,
    summary: "Containers must run as non-root (runAsNonRoot: true)",
    source: include_str!("pss_run_as_non_root.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  securityContext:\n    runAsNonRoot: false\n  containers:\n    - name: app\n      image: nginx:1.27\n"
    ),
    pss: pss(PssLevel::Restricted, 0, None),
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
    let field = ["securityContext", "runAsNonRoot"];
    let mut explicit = Vec::new();
    let pod_value = pod.get(&field).and_then(Value::as_bool);
    if pod_value == Some(false) {
        explicit.push(hit(
            pod.ptr(&field),
            "pod must not set securityContext.runAsNonRoot=false".to_string(),
        ));
    }
    let mut implicit = Vec::new();
    for c in &pod.containers {
        match c.get(&field).and_then(Value::as_bool) {
            Some(false) => explicit.push(hit(
                c.ptr(&field),
                format!(
                    "container {} must not set securityContext.runAsNonRoot=false",
                    quote(c.name)
                ),
            )),
            Some(true) => {}
            None if pod_value != Some(true) => implicit.push(hit(
                c.ptr.clone(),
                format!(
                    "pod or container {} must set securityContext.runAsNonRoot=true",
                    quote(c.name)
                ),
            )),
            None => {}
        }
    }
    // The admission code reports explicit `false` settings alone when there
    // are any: fixing them is the first step.
    if explicit.is_empty() {
        implicit
    } else {
        explicit
    }
}
