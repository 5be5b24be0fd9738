//! # pss/hostProbesAndHostLifecycle (baseline, policy 1.34+)
//!
//! ## What it does
//! Flags a non-empty `host` in the `httpGet` or `tcpSocket` handler of a
//! container's `livenessProbe`, `readinessProbe`, `startupProbe`, or
//! `lifecycle.postStart`/`preStop`.
//!
//! ## Why is this bad?
//! The kubelet runs these handlers from the node: a `host` lets a pod make
//! the kubelet reach any address the node can (SSRF).
//!
//! ## How to fix
//! Remove `host`; the handler then targets the pod's own IP.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/hostProbesAndHostLifecycle",
    severity: Severity::Error,
    summary: "Probes and lifecycle handlers must not set a host",
    source: include_str!("pss_host_probes_and_host_lifecycle.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n      livenessProbe:\n        httpGet:\n          host: 169.254.169.254\n          path: /\n          port: 80\n"
    ),
    pss: pss(PssLevel::Baseline, 34, None),
    enabled: true,
    check,
};

const HANDLERS: [&[&str]; 5] = [
    &["livenessProbe"],
    &["readinessProbe"],
    &["startupProbe"],
    &["lifecycle", "postStart"],
    &["lifecycle", "preStop"],
];

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in &pod.containers {
        for handler in HANDLERS {
            for action in ["httpGet", "tcpSocket"] {
                let mut path = handler.to_vec();
                path.extend([action, "host"]);
                if let Some(host) = non_empty_str(c.get(&path)) {
                    hits.push(hit(
                        c.ptr(&path),
                        format!(
                            "container {} uses probe or lifecycle host {}",
                            quote(c.name),
                            quote(host)
                        ),
                    ));
                }
            }
        }
    }
    hits
}
