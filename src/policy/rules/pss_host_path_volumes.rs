//! # pss/hostPathVolumes (baseline, policy 1.0+)
//!
//! ## What it does
//! Flags a pod volume of type `hostPath`. At restricted level
//! `pss/restrictedVolumes` replaces this check (it refuses hostPath too).
//!
//! ## Why is this bad?
//! A hostPath volume exposes the node's file system: container runtime
//! sockets, kubelet credentials, other pods' data.
//!
//! ## How to fix
//! Use an `emptyDir`, a `configMap`/`secret`, or a PersistentVolumeClaim.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/hostPathVolumes",
    severity: Severity::Error,
    summary: "Pods must not mount hostPath volumes",
    source: include_str!("pss_host_path_volumes.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: host\n      hostPath:\n        path: /var/run\n"
    ),
    pss: pss(PssLevel::Baseline, 0, None),
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let Some(volumes) = pod.get(&["volumes"]).and_then(Value::as_array) else {
        return Vec::new();
    };
    volumes
        .iter()
        .enumerate()
        .filter(|(_, v)| v.get("hostPath").is_some_and(|h| !h.is_null()))
        .map(|(i, v)| {
            let name = v.get("name").and_then(Value::as_str).unwrap_or("");
            hit(
                pod.ptr(&["volumes", &i.to_string(), "hostPath"]),
                format!("volume {} must not use hostPath", quote(name)),
            )
        })
        .collect()
}
