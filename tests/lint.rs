//! `shipshape lint` and `validate` end to end: targets, environments,
//! config errors, exit codes and every output format.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn shipshape(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("shipshape-lint-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Fails unless `log` is valid against the OASIS SARIF 2.1.0 schema.
fn assert_valid_sarif(log: &serde_json::Value) {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/sarif-schema-2.1.0.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(log).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn every_environment_of_every_chart_is_rendered_and_named() {
    let out = shipshape(&["lint", "--all-envs", "charts", "-o", "json"]);
    let report = json(&out);
    let mut pairs: Vec<(String, String)> = report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["chart"].as_str().unwrap().to_string(),
                r["env"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    pairs.sort();
    pairs.dedup();
    let expected: Vec<(String, String)> = ["platform", "webapp"]
        .iter()
        .flat_map(|c| ["dev", "prod", "staging"].map(|e| (c.to_string(), e.to_string())))
        .collect();
    assert_eq!(pairs, expected);
    // Environments come from charts/shipshape.yaml: prod deploys into `prod`.
    let prod_web = report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["chart"] == "webapp" && r["env"] == "prod" && r["kind"] == "Deployment")
        .expect("a prod Deployment");
    assert_eq!(prod_web["namespace"], "prod");
    assert!(
        prod_web["template"]
            .as_str()
            .unwrap()
            .starts_with("webapp/templates/")
    );
    assert_eq!(
        report["summary"]["resources"].as_u64().unwrap() as usize,
        report["resources"].as_array().unwrap().len()
    );
}

#[test]
fn one_environment_by_name_and_unknown_names_are_usage_errors() {
    let out = shipshape(&["lint", "--env", "staging", "charts/webapp", "-o", "json"]);
    let report = json(&out);
    assert!(
        report["resources"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["env"] == "staging")
    );
    let out = shipshape(&["lint", "--env", "qa", "charts/webapp"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("has no environment \"qa\""),
        "{}",
        stderr(&out)
    );
}

#[test]
fn config_errors_name_the_file_and_line() {
    let dir = scratch("config");
    std::fs::write(
        dir.join("shipshape.yaml"),
        "environments:\n  dev:\n    valuez: []\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("m.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n",
    )
    .unwrap();
    let out = shipshape(&["lint", dir.join("m.yaml").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("shipshape.yaml:3:5: unknown key `valuez`"),
        "{err}"
    );
}

#[test]
fn unreadable_documents_fail_with_their_position() {
    let dir = scratch("syntax");
    let file = dir.join("bad.yaml");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkey: [1, 2\n",
    )
    .unwrap();
    let out = shipshape(&["lint", file.to_str().unwrap(), "-o", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let finding = &report["findings"][0];
    assert_eq!(finding["rule"], "syntax/yaml");
    assert_eq!(finding["location"]["line"], 6);
    assert_eq!(finding["resource"], serde_json::Value::Null);
    assert_eq!(report["resources"].as_array().unwrap().len(), 1);
}

#[test]
fn skip_and_reject_by_kind() {
    let dir = scratch("kinds");
    let file = dir.join("m.yaml");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\n",
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let out = shipshape(&[
        "lint",
        path,
        "--skip",
        "configmap",
        "--reject",
        "Secret",
        "-o",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    assert_eq!(report["resources"][0]["status"], "skipped");
    assert_eq!(report["resources"][1]["status"], "invalid");
    assert_eq!(report["findings"][0]["rule"], "kind/rejected");
    assert_eq!(report["findings"][0]["location"]["line"], 6);
}

#[test]
fn stdin_is_a_target() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(["lint", "-", "-o", "json", "--checks", "schema"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: web\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report = json(&out);
    assert_eq!(report["resources"][0]["source"], "-");
    assert_eq!(report["resources"][0]["kind"], "Namespace");
}

#[test]
fn junit_parses_back_with_a_case_per_resource_and_family() {
    let out = shipshape(&[
        "lint",
        "charts/webapp",
        "-o",
        "junit",
        "--checks",
        "schema,api",
    ]);
    let xml = stdout(&out);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].attribute("name"), Some("webapp"));
    let cases = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    let report = json(&shipshape(&[
        "lint",
        "charts/webapp",
        "-o",
        "json",
        "--checks",
        "schema,api",
    ]));
    assert_eq!(cases, 2 * report["resources"].as_array().unwrap().len());
    let total: usize = doc
        .root_element()
        .attribute("tests")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(total, cases);
}

#[test]
fn github_annotations_point_at_files_on_disk() {
    let dir = scratch("github");
    let file = dir.join("bad.yaml");
    std::fs::write(&file, "a: [1\n").unwrap();
    let out = shipshape(&["lint", file.to_str().unwrap(), "-o", "github"]);
    let text = stdout(&out);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("::error file={},line=2,", file.display())),
        "{text}"
    );
    assert!(first.contains("title=syntax/yaml::"), "{text}");
}

#[test]
fn completions_and_man_page() {
    let out = shipshape(&["completions", "bash"]);
    assert!(stdout(&out).contains("shipshape"));
    assert_eq!(out.status.code(), Some(0));
    let man = stdout(&shipshape(&["man"]));
    assert!(man.contains(".TH shipshape 1"), "{man}");
}

#[test]
fn bad_arguments_exit_2() {
    let out = shipshape(&["lint", "charts/webapp", "--checks", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown check family"));
    let out = shipshape(&["lint", "/nonexistent/file.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(Path::new("charts/webapp").exists());
}

#[test]
fn removed_apis_bad_names_and_empty_input_fail() {
    let dir = scratch("server");
    let file = dir.join("pdb.yaml");
    std::fs::write(
        &file,
        "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: Bad_Name\nspec:\n  minAvailable: 1\n",
    )
    .unwrap();
    let out = shipshape(&["validate", file.to_str().unwrap(), "-o", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"api/removed"), "{rules:?}");
    assert!(rules.contains(&"server/name"), "{rules:?}");
    let removed = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "api/removed")
        .unwrap();
    assert_eq!(
        removed["message"],
        "policy/v1beta1 PodDisruptionBudget was removed in 1.25; use policy/v1"
    );

    let empty = dir.join("empty.yaml");
    std::fs::write(&empty, "# nothing here\n---\n").unwrap();
    let out = shipshape(&["validate", empty.to_str().unwrap(), "-o", "json"]);
    assert_eq!(out.status.code(), Some(1), "an empty stream is not a pass");
    assert_eq!(json(&out)["findings"][0]["rule"], "server/empty-input");
}

#[test]
fn template_takes_an_environment() {
    let with_env = shipshape(&["template", "charts/webapp", "--env", "prod"]);
    assert_eq!(with_env.status.code(), Some(0), "{}", stderr(&with_env));
    let by_hand = shipshape(&[
        "template",
        "web",
        "charts/webapp",
        "-f",
        "charts/webapp/values-prod.yaml",
        "-n",
        "prod",
    ]);
    assert_eq!(stdout(&with_env), stdout(&by_hand));
    // The command line wins over the environment.
    let overridden = shipshape(&[
        "template",
        "other",
        "charts/webapp",
        "--env",
        "prod",
        "-n",
        "x",
    ]);
    let text = stdout(&overridden);
    assert!(
        text.contains("namespace: \"x\"") && text.contains("other-webapp"),
        "{text}"
    );
    let unknown = shipshape(&["template", "charts/webapp", "--env", "qa"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(stderr(&unknown).contains("known: dev, staging, prod"));
}

#[test]
fn rules_are_listed_and_explained() {
    let list = stdout(&shipshape(&["rules"]));
    for id in [
        "api/removed",
        "server/port-name",
        "pss/runAsNonRoot",
        "image-tag",
    ] {
        assert!(
            list.lines().any(|l| l.starts_with(id)),
            "{id} missing:\n{list}"
        );
    }
    let one = shipshape(&["rules", "pss/capabilities_restricted"]);
    let text = stdout(&one);
    assert!(
        text.contains("Fails:") && text.contains("Passes:"),
        "{text}"
    );
    let unknown = shipshape(&["rules", "no/such"]);
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn exemptions_are_reported_not_dropped() {
    let dir = scratch("exempt");
    let file = dir.join("pod.yaml");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: web\n  annotations:\n    shipshape.io/ignore: pss/privileged\n    shipshape.io/ignore-reason: node agent\nspec:\n  containers:\n  - name: c\n    image: x:1\n    securityContext:\n      privileged: true\n",
    )
    .unwrap();
    let out = shipshape(&[
        "lint",
        file.to_str().unwrap(),
        "--checks",
        "policy",
        "-o",
        "json",
    ]);
    let report = json(&out);
    let privileged = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "pss/privileged")
        .expect("reported");
    assert_eq!(privileged["exempted"], true);
    assert_eq!(privileged["exemptionReason"], "node agent");
    assert_eq!(privileged["location"]["line"], 14);
    assert_eq!(
        out.status.code(),
        Some(0),
        "only warnings remain: {}",
        stdout(&out)
    );
}

fn chart_with(dir: &Path, template: &str) -> PathBuf {
    let chart = dir.join("shop");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: shop\nversion: 1.0.0\n",
    )
    .unwrap();
    std::fs::write(
        chart.join("values.yaml"),
        "replicas: 2\nresources:\n  limits:\n    cpu: 1\n",
    )
    .unwrap();
    std::fs::write(chart.join("templates/deploy.yaml"), template).unwrap();
    chart
}

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas | quote }}\n  selector:\n    matchLabels: {app: shop}\n  template:\n    metadata:\n      labels: {app: shop}\n    spec:\n      containers:\n        - name: shop\n          image: shop:1.0\n          imagePullPolicyy: Always\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n";

#[test]
fn schema_findings_in_charts_point_at_template_lines() {
    let dir = scratch("chart-schema");
    let chart = chart_with(&dir, DEPLOY);
    let out = shipshape(&[
        "lint",
        chart.to_str().unwrap(),
        "--strict",
        "--checks",
        "schema",
        "-o",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let report = json(&out);
    let findings = report["findings"].as_array().unwrap();
    let typ = findings
        .iter()
        .find(|f| f["rule"] == "schema/type")
        .expect("replicas");
    assert_eq!(
        typ["message"],
        "spec.replicas: expected integer, got string \"2\""
    );
    assert_eq!(typ["location"]["file"], "shop/templates/deploy.yaml");
    assert_eq!(typ["location"]["line"], 6);
    let unknown = findings
        .iter()
        .find(|f| f["rule"] == "schema/unknown-field")
        .expect("typo");
    assert_eq!(unknown["location"]["line"], 16);
    assert_eq!(
        unknown["path"],
        "/spec/template/spec/containers/0/imagePullPolicyy"
    );
    // Not strict: the unknown field passes, the type error stays.
    let loose = json(&shipshape(&[
        "lint",
        chart.to_str().unwrap(),
        "--checks",
        "schema",
        "-o",
        "json",
    ]));
    assert_eq!(loose["summary"]["errors"], 1);
    // SARIF points at the template on disk and is valid SARIF 2.1.0.
    let sarif = shipshape(&["lint", chart.to_str().unwrap(), "--strict", "-o", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_valid_sarif(&log);
    let result = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "schema/type")
        .unwrap();
    let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    let path = uri.strip_prefix("file://").unwrap_or(uri);
    assert!(
        path.ends_with("shop/templates/deploy.yaml") && Path::new(path).exists(),
        "{uri}"
    );
}

#[test]
fn custom_resources_use_crds_and_missing_schemas_can_be_skipped() {
    let dir = scratch("crd");
    let cr = dir.join("cr.yaml");
    std::fs::write(
        &cr,
        "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  size: big\n",
    )
    .unwrap();
    let crd = dir.join("crd.yaml");
    std::fs::write(
        &crd,
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: Widget, plural: widgets}\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n              size: {type: integer}\n",
    )
    .unwrap();
    let missing = json(&shipshape(&[
        "validate",
        cr.to_str().unwrap(),
        "-o",
        "json",
    ]));
    assert_eq!(missing["findings"][0]["rule"], "schema/missing");
    let skipped = shipshape(&[
        "validate",
        cr.to_str().unwrap(),
        "--ignore-missing-schemas",
        "-o",
        "json",
    ]);
    assert_eq!(skipped.status.code(), Some(0));
    assert_eq!(json(&skipped)["resources"][0]["status"], "skipped");
    let with_crd = json(&shipshape(&[
        "validate",
        cr.to_str().unwrap(),
        "--crd",
        crd.to_str().unwrap(),
        "-o",
        "json",
    ]));
    assert_eq!(with_crd["findings"][0]["rule"], "schema/type");
    assert_eq!(with_crd["findings"][0]["location"]["line"], 5);
    // A CRD in the same stream counts too.
    let both = dir.join("both.yaml");
    std::fs::write(
        &both,
        format!(
            "{}---\n{}",
            std::fs::read_to_string(&crd).unwrap(),
            std::fs::read_to_string(&cr).unwrap()
        ),
    )
    .unwrap();
    let stream = json(&shipshape(&[
        "validate",
        both.to_str().unwrap(),
        "-o",
        "json",
    ]));
    assert_eq!(stream["findings"][0]["rule"], "schema/type");
}

#[test]
fn every_output_format_on_the_shipped_charts() {
    let text = shipshape(&["lint", "--all-envs", "charts", "-o", "text", "--no-color"]);
    assert_eq!(text.status.code(), Some(0), "{}", stdout(&text));
    let body = stdout(&text);
    assert!(body.contains("[chart webapp, env prod]"), "{body}");
    assert!(body.lines().last().unwrap().starts_with("PASS: "), "{body}");
    assert!(!body.contains('\x1b'));
    let sarif = shipshape(&["lint", "--all-envs", "charts", "-o", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_valid_sarif(&log);
    // Warnings point at template files that exist in the repository.
    for result in log["runs"][0]["results"].as_array().unwrap() {
        let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        if uri.contains("/templates/") && !uri.contains("worker") {
            assert!(
                Path::new(env!("CARGO_MANIFEST_DIR")).join(uri).exists(),
                "{uri}"
            );
        }
    }
    let github = stdout(&shipshape(&[
        "lint",
        "--all-envs",
        "charts",
        "-o",
        "github",
    ]));
    assert!(
        github
            .lines()
            .any(|l| l.starts_with("::warning file=charts/")),
        "{github}"
    );
    let junit = stdout(&shipshape(&["lint", "--all-envs", "charts", "-o", "junit"]));
    let doc = roxmltree::Document::parse(&junit).unwrap();
    let suites = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .count();
    assert_eq!(suites, 6, "one suite per chart and environment");
}
