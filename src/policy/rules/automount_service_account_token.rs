//! # automount-service-account-token (warning)
//!
//! ## What it does
//! Flags a pod spec that does not set `automountServiceAccountToken: false`
//! (Checkov CKV_K8S_38, Polaris `automountServiceAccountToken`).
//!
//! ## Why is this bad?
//! Every container then gets an API token in
//! `/var/run/secrets/kubernetes.io/serviceaccount`: a compromised container
//! can call the API server with the service account's permissions.
//!
//! ## How to fix
//! Set `automountServiceAccountToken: false` on pods that do not call the
//! API; pods that do should use a dedicated service account (and exempt
//! themselves with `shipshape.io/ignore`).
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "automount-service-account-token",
    severity: Severity::Warning,
    summary: "Pods must not mount a service account token unless they need it",
    source: include_str!("automount_service_account_token.rs"),
    compliant: COMPLIANT,
    failing: BARE_POD,
    pss: None,
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let field = ["automountServiceAccountToken"];
    if pod.get(&field).and_then(Value::as_bool) == Some(false) {
        return Vec::new();
    }
    let ptr = if pod.get(&field).is_some() {
        pod.ptr(&field)
    } else {
        pod.spec_ptr.clone()
    };
    vec![hit(
        ptr,
        "pod must set automountServiceAccountToken=false".to_string(),
    )]
}
