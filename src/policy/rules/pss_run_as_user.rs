//! # pss/runAsUser (restricted, policy 1.23+; user-namespace pods exempt from 1.35)
//!
//! ## What it does
//! At restricted level, neither the pod nor any container may set
//! `securityContext.runAsUser: 0`. Unset is allowed (`pss/runAsNonRoot`
//! covers it). From policy 1.35 a pod with `spec.hostUsers: false` is
//! exempt.
//!
//! ## Why is this bad?
//! UID 0 is root; `runAsNonRoot: true` with `runAsUser: 0` fails at start.
//!
//! ## How to fix
//! Use a non-zero UID such as `runAsUser: 10001`.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/runAsUser",
    severity: Severity::Warning,
    summary: "Containers must not set runAsUser: 0",
    source: include_str!("pss_run_as_user.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        runAsUser: 0\n"
    ),
    pss: pss(PssLevel::Restricted, 23, None),
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
    let field = ["securityContext", "runAsUser"];
    let is_root = |v: Option<&Value>| v.and_then(Value::as_i64) == Some(0);
    let mut hits = Vec::new();
    if is_root(pod.get(&field)) {
        hits.push(hit(
            pod.ptr(&field),
            "pod must not set runAsUser=0".to_string(),
        ));
    }
    for c in &pod.containers {
        if is_root(c.get(&field)) {
            hits.push(hit(
                c.ptr(&field),
                format!("container {} must not set runAsUser=0", quote(c.name)),
            ));
        }
    }
    hits
}
