//! `-o json`: one JSON document, the stable machine contract documented in
//! the README. Fields are only ever added, never renamed.

use serde_json::{Map, Value, json};

use super::{Report, ResourceEntry};
use crate::diag::Finding;

/// The contract's version; bumped only for incompatible changes.
const VERSION: u64 = 1;

pub(super) fn render(report: &Report) -> String {
    let summary = report.summary();
    let doc = json!({
        "version": VERSION,
        "resources": report.resources.iter().map(resource).collect::<Vec<_>>(),
        "findings": report.findings.iter().map(|f| finding(report, f)).collect::<Vec<_>>(),
        "summary": {
            "resources": summary.resources,
            "valid": summary.valid,
            "invalid": summary.invalid,
            "skipped": summary.skipped,
            "errors": summary.errors,
            "warnings": summary.warnings,
        },
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn resource(r: &ResourceEntry) -> Value {
    let mut m = Map::new();
    m.insert("source".into(), (*r.source).into());
    m.insert("document".into(), r.document.into());
    m.insert("line".into(), r.line.into());
    m.insert("apiVersion".into(), r.api_version.clone().into());
    m.insert("kind".into(), r.kind.clone().into());
    m.insert("name".into(), r.name.clone().into());
    m.insert(
        "namespace".into(),
        r.namespace.clone().map_or(Value::Null, Value::from),
    );
    m.insert("status".into(), r.status.as_str().into());
    optional(&mut m, "chart", &r.chart);
    optional(&mut m, "env", &r.env);
    optional(&mut m, "template", &r.template);
    Value::Object(m)
}

fn optional(m: &mut Map<String, Value>, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        m.insert(key.into(), v.clone().into());
    }
}

fn finding(report: &Report, f: &Finding) -> Value {
    let mut m = Map::new();
    m.insert("rule".into(), f.rule.clone().into());
    m.insert("category".into(), f.category.as_str().into());
    m.insert("severity".into(), f.severity.as_str().into());
    m.insert("message".into(), f.message.clone().into());
    m.insert(
        "resource".into(),
        f.resource.map_or(Value::Null, Value::from),
    );
    m.insert("path".into(), f.path.clone().into());
    m.insert(
        "location".into(),
        f.location.as_ref().map_or(
            Value::Null,
            |l| json!({"file": l.file, "line": l.line, "column": l.column}),
        ),
    );
    if let Some(reason) = &f.exempted {
        m.insert("exempted".into(), true.into());
        m.insert("exemptionReason".into(), reason.clone().into());
    }
    let resource = f.resource.and_then(|i| report.resources.get(i));
    let chart = f
        .chart
        .clone()
        .or_else(|| resource.and_then(|r| r.chart.clone()));
    let env = f
        .env
        .clone()
        .or_else(|| resource.and_then(|r| r.env.clone()));
    optional(&mut m, "chart", &chart);
    optional(&mut m, "env", &env);
    Value::Object(m)
}
