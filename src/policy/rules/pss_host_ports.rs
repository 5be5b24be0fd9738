//! # pss/hostPorts (baseline, policy 1.0+)
//!
//! ## What it does
//! Flags a container port with a non-zero `hostPort`, on every container
//! (init, regular, ephemeral). There is no allowed range.
//!
//! ## Why is this bad?
//! A host port binds the node's network interface, bypasses NetworkPolicies
//! and limits scheduling to one such pod per node.
//!
//! ## How to fix
//! Remove `hostPort`; expose the port through a Service.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/hostPorts",
    severity: Severity::Error,
    summary: "Containers must not use host ports",
    source: include_str!("pss_host_ports.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n          hostPort: 80\n"
    ),
    pss: pss(PssLevel::Baseline, 0, None),
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    host_ports(pod)
        .into_iter()
        .map(|(c, ptr, port)| {
            hit(
                ptr,
                format!("container {} uses hostPort {port}", quote(c.name)),
            )
        })
        .collect()
}

/// Every non-zero `hostPort`: the container, the pointer and the value.
pub(crate) fn host_ports<'p, 'a>(pod: &'p Pod<'a>) -> Vec<(&'p Container<'a>, String, String)> {
    let mut out = Vec::new();
    for c in &pod.containers {
        let Some(ports) = c.get(&["ports"]).and_then(Value::as_array) else {
            continue;
        };
        for (i, port) in ports.iter().enumerate() {
            let Some(host_port) = port.get("hostPort") else {
                continue;
            };
            let zero = host_port.as_i64() == Some(0) || host_port.is_null();
            if !zero {
                out.push((
                    c,
                    c.ptr(&["ports", &i.to_string(), "hostPort"]),
                    host_port.to_string(),
                ));
            }
        }
    }
    out
}
