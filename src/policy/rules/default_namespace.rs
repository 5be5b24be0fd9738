//! # default-namespace (info)
//!
//! ## What it does
//! Flags an object whose `metadata.namespace` is `default` (Checkov
//! CKV_K8S_21, kube-linter `use-namespace`). Objects without a namespace are
//! not flagged: Helm installs them into the release namespace. It is `info`
//! by default because charts write `namespace: {{ .Release.Namespace }}`,
//! which renders `default` whenever no namespace is given; raise it in
//! `shipshape.yaml` for environments that always render with one.
//!
//! ## Why is this bad?
//! The default namespace is shared by everything nobody thought about:
//! RBAC, quotas and network policies cannot separate applications there.
//!
//! ## How to fix
//! Remove the namespace (let `helm install -n` choose) or use a dedicated one.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "default-namespace",
    severity: Severity::Info,
    summary: "Objects must not be placed in the default namespace",
    source: include_str!("default_namespace.rs"),
    compliant: COMPLIANT,
    failing: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: default\ndata:\n  mode: fast\n",
    pss: None,
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    if ctx.namespace() == Some("default") {
        vec![hit(
            "/metadata/namespace".to_string(),
            format!("{} is in the default namespace", ctx.kind()),
        )]
    } else {
        Vec::new()
    }
}
