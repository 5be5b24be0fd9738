//! # pss/seccompProfile_baseline (baseline, policy 1.0+; field from 1.19)
//!
//! ## What it does
//! Flags an explicitly unconfined seccomp profile. From policy 1.19 it reads
//! `securityContext.seccompProfile.type` of the pod and of every container
//! (allowed: `RuntimeDefault`, `Localhost`, unset). Below 1.19 it reads the
//! alpha annotations `seccomp.security.alpha.kubernetes.io/pod` and
//! `container.seccomp.security.alpha.kubernetes.io/<container>` (allowed:
//! `runtime/default`, `docker/default`, `localhost/*`). At restricted level
//! `pss/seccompProfile_restricted` replaces it from 1.19.
//!
//! ## Why is this bad?
//! `Unconfined` gives the container every system call of the kernel.
//!
//! ## How to fix
//! Use `type: RuntimeDefault` (or remove the setting).
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/seccompProfile_baseline",
    severity: Severity::Error,
    summary: "Seccomp must not be set to Unconfined",
    source: include_str!("pss_seccomp_profile_baseline.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  securityContext:\n    seccompProfile:\n      type: Unconfined\n  containers:\n    - name: app\n      image: nginx:1.27\n"
    ),
    pss: pss(PssLevel::Baseline, 0, None),
    enabled: true,
    check,
};

const POD_ANNOTATION: &str = "seccomp.security.alpha.kubernetes.io/pod";
const CONTAINER_ANNOTATION_PREFIX: &str = "container.seccomp.security.alpha.kubernetes.io/";

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    if ctx.minor < 19 {
        return annotations(pod);
    }
    explicit_bad(pod)
}

/// A seccomp profile object with a type other than the two allowed.
pub(crate) fn bad_type(profile: &Value) -> Option<&str> {
    let t = profile.get("type").and_then(Value::as_str).unwrap_or("");
    (!matches!(t, "RuntimeDefault" | "Localhost")).then_some(t)
}

/// Pod and containers that set a bad `seccompProfile.type` (v1.19 check).
pub(crate) fn explicit_bad(pod: &Pod<'_>) -> Vec<Hit> {
    let mut hits = Vec::new();
    if let Some(t) = pod
        .get(&["securityContext", "seccompProfile"])
        .filter(|p| !p.is_null())
        .and_then(bad_type)
    {
        hits.push(hit(
            pod.ptr(&["securityContext", "seccompProfile", "type"]),
            format!(
                "pod must not set securityContext.seccompProfile.type to {}",
                quote(t)
            ),
        ));
    }
    for c in &pod.containers {
        if let Some(t) = c
            .get(&["securityContext", "seccompProfile"])
            .filter(|p| !p.is_null())
            .and_then(bad_type)
        {
            hits.push(hit(
                c.ptr(&["securityContext", "seccompProfile", "type"]),
                format!(
                    "container {} must not set securityContext.seccompProfile.type to {}",
                    quote(c.name),
                    quote(t)
                ),
            ));
        }
    }
    hits
}

fn annotations(pod: &Pod<'_>) -> Vec<Hit> {
    let Some(annotations) = pod.annotations() else {
        return Vec::new();
    };
    let valid =
        |v: &str| v == "runtime/default" || v == "docker/default" || v.starts_with("localhost/");
    let mut keys = vec![POD_ANNOTATION.to_string()];
    keys.extend(
        pod.containers
            .iter()
            .map(|c| format!("{CONTAINER_ANNOTATION_PREFIX}{}", c.name)),
    );
    keys.into_iter()
        .filter_map(|k| {
            let v = annotations.get(&k)?.as_str()?;
            (!valid(v)).then(|| {
                hit(
                    super::super::pod::join(&pod.meta_ptr, &["annotations", &k]),
                    format!("forbidden annotation {k}={}", quote(v)),
                )
            })
        })
        .collect()
}
