//! # pss/sysctls (baseline, policy 1.0+; the safe list grows at 1.27, 1.29, 1.32, 1.37)
//!
//! ## What it does
//! Flags a pod sysctl (`spec.securityContext.sysctls[*].name`) outside the
//! safe list of the policy version: `kernel.shm_rmid_forced`,
//! `net.ipv4.ip_local_port_range`, `net.ipv4.tcp_syncookies`,
//! `net.ipv4.ping_group_range`, `net.ipv4.ip_unprivileged_port_start`; from
//! 1.27 `net.ipv4.ip_local_reserved_ports`; from 1.29
//! `net.ipv4.tcp_keepalive_time`, `net.ipv4.tcp_fin_timeout`,
//! `net.ipv4.tcp_keepalive_intvl`, `net.ipv4.tcp_keepalive_probes`; from
//! 1.32 `net.ipv4.tcp_rmem`, `net.ipv4.tcp_wmem`; from 1.37
//! `net.ipv4.tcp_slow_start_after_idle`, `net.ipv4.tcp_notsent_lowat`.
//!
//! ## Why is this bad?
//! Other sysctls are not isolated per pod: they change the node for every
//! pod on it, or disable security mechanisms.
//!
//! ## How to fix
//! Remove the sysctl, or set it on the nodes.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/sysctls",
    severity: Severity::Error,
    summary: "Pods may only set the namespaced, safe sysctls",
    source: include_str!("pss_sysctls.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  securityContext:\n    sysctls:\n      - name: kernel.msgmax\n        value: \"65536\"\n  containers:\n    - name: app\n      image: nginx:1.27\n"
    ),
    pss: pss(PssLevel::Baseline, 0, None),
    enabled: true,
    check,
};

/// Each sysctl with the policy version it became safe at.
const SAFE: &[(&str, u32)] = &[
    ("kernel.shm_rmid_forced", 0),
    ("net.ipv4.ip_local_port_range", 0),
    ("net.ipv4.tcp_syncookies", 0),
    ("net.ipv4.ping_group_range", 0),
    ("net.ipv4.ip_unprivileged_port_start", 0),
    ("net.ipv4.ip_local_reserved_ports", 27),
    ("net.ipv4.tcp_keepalive_time", 29),
    ("net.ipv4.tcp_fin_timeout", 29),
    ("net.ipv4.tcp_keepalive_intvl", 29),
    ("net.ipv4.tcp_keepalive_probes", 29),
    ("net.ipv4.tcp_rmem", 32),
    ("net.ipv4.tcp_wmem", 32),
    ("net.ipv4.tcp_slow_start_after_idle", 37),
    ("net.ipv4.tcp_notsent_lowat", 37),
];

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let Some(sysctls) = pod
        .get(&["securityContext", "sysctls"])
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    sysctls
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let name = s.get("name").and_then(Value::as_str).unwrap_or("");
            let safe = SAFE
                .iter()
                .any(|(n, since)| *n == name && *since <= ctx.minor);
            (!safe).then(|| {
                hit(
                    pod.ptr(&["securityContext", "sysctls", &i.to_string(), "name"]),
                    format!("forbidden sysctl {}", quote(name)),
                )
            })
        })
        .collect()
}
