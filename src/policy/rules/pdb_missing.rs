//! # pdb-missing (warning)
//!
//! ## What it does
//! Flags a Deployment or StatefulSet with more than one replica when no
//! PodDisruptionBudget in the same stream (and namespace) selects its pod
//! template labels (kube-score `deployment-has-poddisruptionbudget`).
//!
//! ## Why is this bad?
//! A node drain or cluster upgrade may evict every replica at once: the
//! replicas give no availability without a budget.
//!
//! ## How to fix
//! Add a PodDisruptionBudget with `maxUnavailable: 1` (or `minAvailable`)
//! whose selector matches the pod labels.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pdb-missing",
    severity: Severity::Warning,
    summary: "Replicated Deployments and StatefulSets need a PodDisruptionBudget",
    source: include_str!("pdb_missing.rs"),
    compliant: COMPLIANT,
    failing: "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n",
    pss: None,
    enabled: true,
    check,
};

/// `spec.replicas` of a Deployment or StatefulSet when above one.
pub(crate) fn replicated(ctx: &Ctx<'_>) -> bool {
    let group = ctx
        .doc
        .get("apiVersion")
        .and_then(Value::as_str)
        .and_then(|v| v.rsplit_once('/'))
        .map(|(g, _)| g);
    let kind_ok = group == Some("apps") && matches!(ctx.kind(), "Deployment" | "StatefulSet");
    // An absent replicas field defaults to 1.
    kind_ok
        && ctx
            .doc
            .pointer("/spec/replicas")
            .and_then(Value::as_u64)
            .unwrap_or(1)
            > 1
}

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    if !replicated(ctx) {
        return Vec::new();
    }
    let empty = serde_json::Map::new();
    let labels = ctx.pod.as_ref().and_then(|p| p.labels()).unwrap_or(&empty);
    if ctx.stream.has_pdb(ctx.namespace(), labels) {
        return Vec::new();
    }
    vec![hit(
        "/spec/replicas".to_string(),
        format!(
            "{} has several replicas but no PodDisruptionBudget selects its pods",
            ctx.kind()
        ),
    )]
}
