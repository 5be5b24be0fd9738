//! # pss/seLinuxOptions (baseline, policy 1.0+; 1.31 widens the types)
//!
//! ## What it does
//! Checks `securityContext.seLinuxOptions` of the pod and of every
//! container: `type` may be empty, `container_t`, `container_init_t` or
//! `container_kvm_t`, and from policy 1.31 also `container_engine_t`;
//! `user` and `role` must not be set.
//!
//! ## Why is this bad?
//! A custom SELinux type, user or role (such as `spc_t`) escapes the
//! confinement that keeps containers off the host.
//!
//! ## How to fix
//! Remove `seLinuxOptions`, or keep only `level` and an allowed `type`.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/seLinuxOptions",
    severity: Severity::Error,
    summary: "SELinux type must be a container type; user and role must not be set",
    source: include_str!("pss_se_linux_options.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  securityContext:\n    seLinuxOptions:\n      type: spc_t\n  containers:\n    - name: app\n      image: nginx:1.27\n"
    ),
    pss: pss(PssLevel::Baseline, 0, None),
    enabled: true,
    check,
};

fn allowed_types(minor: u32) -> &'static [&'static str] {
    if minor >= 31 {
        &[
            "",
            "container_t",
            "container_init_t",
            "container_kvm_t",
            "container_engine_t",
        ]
    } else {
        &["", "container_t", "container_init_t", "container_kvm_t"]
    }
}

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let allowed = allowed_types(ctx.minor);
    let mut hits = Vec::new();
    let mut visit = |opts: Option<&Value>, base: &dyn Fn(&str) -> String, who: &str| {
        let Some(opts) = opts.filter(|o| o.is_object()) else {
            return;
        };
        let t = opts.get("type").and_then(Value::as_str).unwrap_or("");
        if !allowed.contains(&t) {
            hits.push(hit(
                base("type"),
                format!(
                    "{who} set forbidden securityContext.seLinuxOptions: type {}",
                    quote(t)
                ),
            ));
        }
        for field in ["user", "role"] {
            if non_empty_str(opts.get(field)).is_some() {
                hits.push(hit(
                    base(field),
                    format!(
                        "{who} set forbidden securityContext.seLinuxOptions: {field} may not be set"
                    ),
                ));
            }
        }
    };
    visit(
        pod.get(&["securityContext", "seLinuxOptions"]),
        &|f| pod.ptr(&["securityContext", "seLinuxOptions", f]),
        "pod",
    );
    for c in &pod.containers {
        visit(
            c.get(&["securityContext", "seLinuxOptions"]),
            &|f| c.ptr(&["securityContext", "seLinuxOptions", f]),
            &format!("container {}", quote(c.name)),
        );
    }
    hits
}
