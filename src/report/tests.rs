use std::collections::HashMap;

use super::*;
use crate::diag::{Category, Location};

fn sample() -> (Report, HashMap<String, String>) {
    let resources = vec![
        ResourceEntry {
            source: "d.yaml".into(),
            document: 0,
            line: 1,
            api_version: "apps/v1".into(),
            kind: "Deployment".into(),
            name: "web".into(),
            namespace: Some("prod".into()),
            status: Status::Valid,
            chart: None,
            env: None,
            template: None,
        },
        ResourceEntry {
            source: "d.yaml".into(),
            document: 1,
            line: 8,
            api_version: "v1".into(),
            kind: "Service".into(),
            name: "web".into(),
            namespace: None,
            status: Status::Skipped,
            chart: None,
            env: None,
            template: None,
        },
    ];
    let mut finding = Finding::new(
        "schema/type",
        Category::Schema,
        Severity::Error,
        "spec.replicas: expected integer, got string \"3\"",
    )
    .at(0, "/spec/replicas");
    finding.location = Some(Location {
        file: "d.yaml".into(),
        line: 6,
        column: 3,
    });
    let mut warning = Finding::new("image-tag", Category::Policy, Severity::Warning, "w").at(0, "");
    warning.exempted = Some("pinned by digest upstream".into());
    let mut report = Report {
        resources,
        findings: vec![warning, finding],
        ..Report::default()
    };
    report.settle(Severity::Error);
    let sources = HashMap::from([(
        "d.yaml".to_string(),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: \"3\"\n"
            .to_string(),
    )]);
    (report, sources)
}

#[test]
fn settle_marks_invalid_and_summarises() {
    let (report, _) = sample();
    assert_eq!(report.resources[0].status, Status::Invalid);
    assert_eq!(report.resources[1].status, Status::Skipped);
    let s = report.summary();
    assert_eq!(
        (s.valid, s.invalid, s.skipped, s.errors, s.warnings),
        (0, 1, 1, 1, 0)
    );
    assert!(report.fails(Severity::Error));
    // Located findings sort by position; the unlocated one comes first.
    assert_eq!(report.findings[0].rule, "image-tag");
}

#[test]
fn json_follows_the_contract() {
    let (report, _) = sample();
    let v: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["resources"][0]["apiVersion"], "apps/v1");
    assert_eq!(v["resources"][0]["status"], "invalid");
    assert_eq!(v["resources"][1]["namespace"], serde_json::Value::Null);
    assert_eq!(v["findings"][1]["path"], "/spec/replicas");
    assert_eq!(v["findings"][1]["location"]["line"], 6);
    assert_eq!(v["findings"][1]["resource"], 0);
    assert_eq!(v["findings"][0]["exempted"], true);
    assert_eq!(v["summary"]["errors"], 1);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["version", "resources", "findings", "summary"]);
}

#[test]
fn text_shows_the_line_and_a_caret() {
    let (report, sources) = sample();
    let text = report.to_text(&sources, false);
    assert!(
        text.contains("Deployment/web apps/v1 in prod (d.yaml:1)"),
        "{text}"
    );
    assert!(text.contains("  error[schema/type]: spec.replicas: expected integer, got string \"3\"\n    --> d.yaml:6:3\n      |\n    6 |   replicas: \"3\"\n      |   ^^^^^^^^\n"), "{text}");
    assert!(
        text.contains("(exempted: pinned by digest upstream)"),
        "{text}"
    );
    assert!(text.ends_with("FAIL: 2 resources: 0 valid, 1 invalid, 1 skipped; 1 error, 0 warnings\nskipped: Service/web\n"), "{text}");
    assert!(!text.contains('\x1b'));
    assert!(report.to_text(&sources, true).contains("\x1b[1;31m"));
}

#[test]
fn sarif_junit_and_github_formats() {
    let (mut report, _) = sample();
    report.checks = vec![Category::Schema, Category::Policy];
    let sarif: serde_json::Value = serde_json::from_str(&report.to_sarif()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = &sarif["runs"][0]["results"];
    assert_eq!(results.as_array().unwrap().len(), 2);
    assert_eq!(results[1]["ruleId"], "schema/type");
    assert_eq!(results[1]["level"], "error");
    assert_eq!(
        results[1]["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
    assert_eq!(results[0]["suppressions"][0]["kind"], "inSource");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), 2);

    let junit = report.to_junit();
    assert!(junit.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"shipshape\" tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"2\">"), "{junit}");
    assert!(junit.contains("<failure message=\"spec.replicas: expected integer, got string &quot;3&quot;\" type=\"schema/type\">"), "{junit}");

    let github = report.to_github();
    assert!(
        github.starts_with(
            "::error file=d.yaml,line=6,col=3,title=schema/type::Deployment/web: spec.replicas"
        ),
        "{github}"
    );
    assert!(
        !github.contains("image-tag"),
        "exempt findings are not annotated: {github}"
    );
}
