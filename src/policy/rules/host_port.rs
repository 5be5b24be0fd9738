//! # host-port (warning)
//!
//! ## What it does
//! Flags a container port with a `hostPort` (kube-linter `host-port`,
//! Polaris `hostPortSet`). `pss/hostPorts` reports the same field as a
//! baseline violation; this rule reports it only where that check does not
//! run (`--policy none`, or the check disabled in `shipshape.yaml`).
//!
//! ## Why is this bad?
//! A host port ties the pod to one per node and exposes it outside any
//! NetworkPolicy.
//!
//! ## How to fix
//! Remove `hostPort` and use a Service.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "host-port",
    severity: Severity::Warning,
    summary: "Containers should not bind host ports",
    source: include_str!("host_port.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n      ports:\n        - containerPort: 8080\n          hostPort: 8080\n"
    ),
    pss: None,
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    super::pss_host_ports::host_ports(pod)
        .into_iter()
        .map(|(c, ptr, port)| {
            hit(
                ptr,
                format!("container {} binds host port {port}", quote(c.name)),
            )
        })
        .collect()
}
