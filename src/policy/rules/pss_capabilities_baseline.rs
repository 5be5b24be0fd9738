//! # pss/capabilities_baseline (baseline, policy 1.0+)
//!
//! ## What it does
//! Flags a container that adds a capability beyond the default set of the
//! container runtime: `securityContext.capabilities.add` may only list
//! `AUDIT_WRITE`, `CHOWN`, `DAC_OVERRIDE`, `FOWNER`, `FSETID`, `KILL`,
//! `MKNOD`, `NET_BIND_SERVICE`, `SETFCAP`, `SETGID`, `SETPCAP`, `SETUID` and
//! `SYS_CHROOT` (names compared exactly, so `CAP_CHOWN` is refused).
//!
//! ## Why is this bad?
//! Capabilities such as `SYS_ADMIN`, `NET_ADMIN` or `NET_RAW` open the
//! kernel to the container: mounts, routing, raw packets.
//!
//! ## How to fix
//! Remove the capability; at restricted level, drop `ALL` and add at most
//! `NET_BIND_SERVICE`.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/capabilities_baseline",
    severity: Severity::Error,
    summary: "Containers may only add capabilities of the runtime's default set",
    source: include_str!("pss_capabilities_baseline.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        capabilities:\n          add: [\"NET_RAW\"]\n"
    ),
    pss: pss(PssLevel::Baseline, 0, None),
    enabled: true,
    check,
};

/// `capabilities_allowed_1_0` of the admission code; unchanged since.
const ALLOWED: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    for c in &pod.containers {
        let Some(add) = c
            .get(&["securityContext", "capabilities", "add"])
            .and_then(Value::as_array)
        else {
            continue;
        };
        for (i, cap) in add.iter().enumerate() {
            let Some(cap) = cap.as_str() else { continue };
            if !ALLOWED.contains(&cap) {
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
