//! # pss/capabilities_restricted (restricted, policy 1.22+; Windows pods exempt from 1.25)
//!
//! ## What it does
//! At restricted level, every container must list `ALL` in
//! `securityContext.capabilities.drop` and may add only `NET_BIND_SERVICE`.
//! It replaces `pss/capabilities_baseline` at restricted level.
//!
//! ## Why is this bad?
//! The runtime's default capabilities (`NET_RAW`, `CHOWN`, `SETUID`, ...)
//! are more than almost any application needs.
//!
//! ## How to fix
//! `capabilities: {drop: ["ALL"]}`, plus `add: ["NET_BIND_SERVICE"]` to bind
//! ports below 1024.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/capabilities_restricted",
    severity: Severity::Warning,
    summary: "Containers must drop ALL capabilities and add only NET_BIND_SERVICE",
    source: include_str!("pss_capabilities_restricted.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          drop: [\"NET_RAW\"]\n"
    ),
    pss: pss(PssLevel::Restricted, 22, Some("pss/capabilities_baseline")),
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
    let mut hits = Vec::new();
    for c in &pod.containers {
        let caps = c
            .get(&["securityContext", "capabilities"])
            .filter(|v| !v.is_null());
        let drop = caps.and_then(|c| c.get("drop")).and_then(Value::as_array);
        let drops_all = drop.is_some_and(|d| d.iter().any(|x| x.as_str() == Some("ALL")));
        if !drops_all {
            let ptr = match drop {
                Some(_) => c.ptr(&["securityContext", "capabilities", "drop"]),
                None => c.ptr.clone(),
            };
            hits.push(hit(
                ptr,
                format!(
                    "container {} must set securityContext.capabilities.drop=[\"ALL\"]",
                    quote(c.name)
                ),
            ));
        }
        let add = caps.and_then(|c| c.get("add")).and_then(Value::as_array);
        for (i, cap) in add.into_iter().flatten().enumerate() {
            let Some(cap) = cap.as_str() else { continue };
            if cap != "NET_BIND_SERVICE" {
                hits.push(hit(
                    c.ptr(&["securityContext", "capabilities", "add", &i.to_string()]),
                    format!(
                        "container {} must not include {} in securityContext.capabilities.add",
                        quote(c.name),
                        quote(cap)
                    ),
                ));
            }
        }
    }
    hits
}
