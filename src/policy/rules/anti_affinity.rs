//! # anti-affinity (warning)
//!
//! ## What it does
//! Flags a Deployment or StatefulSet with more than one replica whose pod
//! template has neither `affinity.podAntiAffinity` nor
//! `topologySpreadConstraints` (kube-linter `no-anti-affinity`, kube-score
//! `deployment-has-host-podantiaffinity`).
//!
//! ## Why is this bad?
//! The scheduler may put every replica on the same node or zone: one
//! failure takes them all down.
//!
//! ## How to fix
//! Add `topologySpreadConstraints` over `kubernetes.io/hostname` (or a
//! preferred podAntiAffinity on the pod labels).
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "anti-affinity",
    severity: Severity::Warning,
    summary: "Replicated workloads need pod anti-affinity or topology spread constraints",
    source: include_str!("anti_affinity.rs"),
    compliant: COMPLIANT,
    failing: "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  replicas: 3\n  serviceName: db\n  selector:\n    matchLabels:\n      app: db\n  template:\n    metadata:\n      labels:\n        app: db\n    spec:\n      containers:\n        - name: db\n          image: postgres:17\n",
    pss: None,
    enabled: true,
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    if !super::pdb_missing::replicated(ctx) {
        return Vec::new();
    }
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let non_empty = |v: Option<&Value>| match v {
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
        _ => false,
    };
    let anti = pod.get(&["affinity", "podAntiAffinity"]);
    let has_anti = anti.is_some_and(|a| {
        non_empty(a.get("requiredDuringSchedulingIgnoredDuringExecution"))
            || non_empty(a.get("preferredDuringSchedulingIgnoredDuringExecution"))
    });
    if has_anti || non_empty(pod.get(&["topologySpreadConstraints"])) {
        return Vec::new();
    }
    let ptr = if pod.get(&["affinity"]).is_some() {
        pod.ptr(&["affinity"])
    } else {
        pod.spec_ptr.clone()
    };
    vec![hit(
        ptr,
        format!(
            "{} has several replicas but no podAntiAffinity or topologySpreadConstraints",
            ctx.kind()
        ),
    )]
}
