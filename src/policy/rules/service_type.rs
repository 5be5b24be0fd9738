//! # service-type (warning)
//!
//! ## What it does
//! Flags a Service of type `LoadBalancer` or `NodePort` (Checkov CKV_K8S_36
//! style, kube-score `service-type`).
//!
//! ## Why is this bad?
//! Both expose the Service outside the cluster network: a LoadBalancer to
//! the internet by default, a NodePort on every node's address. Exposure
//! should be a decision, usually made once at an Ingress or Gateway.
//!
//! ## How to fix
//! Use `ClusterIP` behind an Ingress/Gateway, or exempt the Service with
//! `shipshape.io/ignore: service-type` and a reason.
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "service-type",
    severity: Severity::Warning,
    summary: "Services of type LoadBalancer or NodePort are flagged",
    source: include_str!("service_type.rs"),
    compliant: COMPLIANT,
    failing: "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  selector:\n    app: web\n  ports:\n    - port: 80\n",
    pss: None,
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let is_service =
        ctx.kind() == "Service" && ctx.doc.get("apiVersion").and_then(Value::as_str) == Some("v1");
    if !is_service {
        return Vec::new();
    }
    match ctx.doc.pointer("/spec/type").and_then(Value::as_str) {
        Some(t @ ("LoadBalancer" | "NodePort")) => vec![hit(
            "/spec/type".to_string(),
            format!("Service type {t} exposes it outside the cluster"),
        )],
        _ => Vec::new(),
    }
}
