//! `-o sarif`: a SARIF 2.1.0 log for code-scanning upload. Locations point
//! at files in the repository (templates for rendered charts), rules are
//! listed once in the driver, exempt findings carry an in-source
//! suppression with the reason.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::Report;
use crate::diag::Severity;

pub(super) fn render(report: &Report) -> String {
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules = Vec::new();
    for f in &report.findings {
        if !rule_index.contains_key(f.rule.as_str()) {
            rule_index.insert(&f.rule, rules.len());
            rules.push(json!({
                "id": f.rule,
                "name": f.rule.replace(['/', '-', '_'], " "),
                "shortDescription": {"text": format!("{} check {}", f.category, f.rule)},
                "properties": {"category": f.category.as_str()},
            }));
        }
    }
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut result = json!({
                "ruleId": f.rule,
                "ruleIndex": rule_index[f.rule.as_str()],
                "level": match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "note",
                },
                "message": {"text": message(report, f)},
            });
            if let Some(loc) = &f.location {
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri(report.disk_path(&loc.file))},
                        "region": {"startLine": loc.line.max(1), "startColumn": loc.column.max(1)},
                    }
                }]);
            }
            if let Some(reason) = &f.exempted {
                result["suppressions"] = json!([{"kind": "inSource", "justification": reason}]);
            }
            if let Some(r) = f.resource.and_then(|i| report.resources.get(i)) {
                let mut props = json!({"kind": r.kind, "name": r.name, "apiVersion": r.api_version, "path": f.path});
                if let Some(chart) = &r.chart {
                    props["chart"] = chart.clone().into();
                }
                if let Some(env) = &r.env {
                    props["env"] = env.clone().into();
                }
                result["properties"] = props;
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "shipshape",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/shipshape/shipshape",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

/// The message with the resource it is about, since code scanning shows
/// only the message next to the line.
fn message(report: &Report, f: &crate::diag::Finding) -> String {
    match f.resource.and_then(|i| report.resources.get(i)) {
        Some(r) => {
            let env = r
                .env
                .as_deref()
                .map(|e| format!(" [env {e}]"))
                .unwrap_or_default();
            format!("{}/{}{env}: {}", r.kind, r.name, f.message)
        }
        None => f.message.clone(),
    }
}

/// A relative URI: forward slashes, no leading `./`, spaces and `%`
/// escaped.
fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    // Absolute paths become file URIs; relative ones stay relative to the
    // working directory (the repository root in CI).
    let mut out = if path.starts_with('/') {
        "file://".to_string()
    } else {
        String::new()
    };
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}
