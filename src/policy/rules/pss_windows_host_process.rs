//! # pss/windowsHostProcess (baseline, policy 1.0+)
//!
//! ## What it does
//! Flags `securityContext.windowsOptions.hostProcess: true` on the pod or
//! any container.
//!
//! ## Why is this bad?
//! A Windows HostProcess container runs directly on the node with the
//! node's privileges.
//!
//! ## How to fix
//! Remove `hostProcess` or set it to `false`.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/windowsHostProcess",
    severity: Severity::Error,
    summary: "Pods must not run Windows HostProcess containers",
    source: include_str!("pss_windows_host_process.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  securityContext:\n    windowsOptions:\n      hostProcess: true\n  containers:\n    - name: app\n      image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n"
    ),
    pss: pss(PssLevel::Baseline, 0, None),
    enabled: true,
    check,
};

const FIELD: [&str; 3] = ["securityContext", "windowsOptions", "hostProcess"];

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    if pod.get(&FIELD).and_then(Value::as_bool) == Some(true) {
        hits.push(hit(
            pod.ptr(&FIELD),
            "pod must not set securityContext.windowsOptions.hostProcess=true".to_string(),
        ));
    }
    for c in &pod.containers {
        if c.get(&FIELD).and_then(Value::as_bool) == Some(true) {
            hits.push(hit(
                c.ptr(&FIELD),
                format!(
                    "container {} must not set securityContext.windowsOptions.hostProcess=true",
                    quote(c.name)
                ),
            ));
        }
    }
    hits
}
