//! # pss/appArmorProfile (baseline, policy 1.0+)
//!
//! ## What it does
//! Flags an AppArmor profile other than the runtime default or a profile
//! loaded on the node, in either of the two channels the admission code
//! reads: the `securityContext.appArmorProfile.type` field of the pod and of
//! every container (allowed: `RuntimeDefault`, `Localhost`), and the
//! deprecated annotations `container.apparmor.security.beta.kubernetes.io/*`
//! on the pod (template) metadata (allowed: empty, `runtime/default`,
//! `localhost/*`).
//!
//! ## Why is this bad?
//! `Unconfined` turns off the AppArmor confinement the runtime applies by
//! default.
//!
//! ## How to fix
//! Remove the setting, or use `RuntimeDefault` or a `Localhost` profile.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/appArmorProfile",
    severity: Severity::Error,
    summary: "AppArmor must not be disabled or overridden with an unknown profile",
    source: include_str!("pss_app_armor_profile.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  securityContext:\n    appArmorProfile:\n      type: Unconfined\n  containers:\n    - name: app\n      image: nginx:1.27\n"
    ),
    pss: pss(PssLevel::Baseline, 0, None),
    enabled: true,
    check,
};

const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

fn allowed_type(profile: Option<&Value>) -> Option<String> {
    // A profile object without a type has type "": refused, as in Go.
    let t = profile?.get("type").and_then(Value::as_str).unwrap_or("");
    (!matches!(t, "RuntimeDefault" | "Localhost")).then(|| t.to_string())
}

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let mut hits = Vec::new();
    let profile = pod
        .get(&["securityContext", "appArmorProfile"])
        .filter(|p| !p.is_null());
    if let Some(bad) = allowed_type(profile) {
        hits.push(hit(
            pod.ptr(&["securityContext", "appArmorProfile", "type"]),
            format!("pod must not set AppArmor profile type to {}", quote(&bad)),
        ));
    }
    for c in &pod.containers {
        let profile = c
            .get(&["securityContext", "appArmorProfile"])
            .filter(|p| !p.is_null());
        if let Some(bad) = allowed_type(profile) {
            hits.push(hit(
                c.ptr(&["securityContext", "appArmorProfile", "type"]),
                format!(
                    "container {} must not set AppArmor profile type to {}",
                    quote(c.name),
                    quote(&bad)
                ),
            ));
        }
    }
    let mut annotations: Vec<(&String, &str)> = pod
        .annotations()
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.starts_with(ANNOTATION_PREFIX))
        .filter_map(|(k, v)| v.as_str().map(|v| (k, v)))
        .filter(|(_, v)| !(v.is_empty() || *v == "runtime/default" || v.starts_with("localhost/")))
        .collect();
    annotations.sort();
    for (k, v) in annotations {
        hits.push(hit(
            super::super::pod::join(&pod.meta_ptr, &["annotations", k]),
            format!(
                "annotation must not set AppArmor profile {}",
                quote(&format!("{k}={v}"))
            ),
        ));
    }
    hits
}
