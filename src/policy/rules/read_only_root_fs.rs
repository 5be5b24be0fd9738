//! # read-only-root-fs (warning)
//!
//! ## What it does
//! Flags a container or init container without
//! `securityContext.readOnlyRootFilesystem: true` (kube-linter
//! `no-read-only-root-fs`, Polaris `notReadOnlyRootFilesystem`, Checkov
//! CKV_K8S_22).
//!
//! ## Why is this bad?
//! A writable root file system lets an attacker drop tools or modify
//! binaries inside the container.
//!
//! ## How to fix
//! Set `readOnlyRootFilesystem: true` and mount an `emptyDir` where the
//! application writes (`/tmp`, caches).
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "read-only-root-fs",
    severity: Severity::Warning,
    summary: "Containers must run with a read-only root file system",
    source: include_str!("read_only_root_fs.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        readOnlyRootFilesystem: false\n"
    ),
    pss: None,
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let field = ["securityContext", "readOnlyRootFilesystem"];
    pod.declared()
        .filter(|c| sc_bool(c, "readOnlyRootFilesystem") != Some(true))
        .map(|c| {
            let ptr = if c.get(&field).is_some() {
                c.ptr(&field)
            } else {
                c.ptr.clone()
            };
            hit(
                ptr,
                format!(
                    "container {} must set securityContext.readOnlyRootFilesystem=true",
                    quote(c.name)
                ),
            )
        })
        .collect()
}
