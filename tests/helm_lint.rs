//! `shipshape`'s `helm lint` library against real `helm lint` output
//! recorded by `tests/data/helm-lint/regen.sh` for Helm 3.17.3 and 4.1.4.

use std::path::{Path, PathBuf};

use shipshape::chart::lint::{self, LintOptions};
use shipshape::compat::Compat;

fn options(args: &str, compat: Compat) -> LintOptions {
    let mut o = LintOptions {
        compat,
        ..LintOptions::default()
    };
    let mut it = args.split_whitespace();
    while let Some(arg) = it.next() {
        let mut value = || it.next().unwrap_or_default().to_string();
        match arg {
            "--strict" => o.strict = true,
            "--with-subcharts" => o.with_subcharts = true,
            "--skip-schema-validation" => o.skip_schema_validation = true,
            "--kube-version" => o.kube_version = Some(value()),
            "-n" | "--namespace" => o.namespace = Some(value()),
            "-f" | "--values" => o.values.files.push(value()),
            "--set" => o.values.set.push(value()),
            "--set-string" => o.values.set_string.push(value()),
            "--set-json" => o.values.set_json.push(value()),
            "--set-literal" => o.values.set_literal.push(value()),
            other => panic!("unknown argument {other} in args"),
        }
    }
    o
}

/// Cases listed in `known` (one `CASE helmN` a line) differ from Helm for a
/// documented reason and are reported, not failed.
fn known(root: &Path) -> Vec<String> {
    std::fs::read_to_string(root.join("known"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn helm_lint_output_matches_helm() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/helm-lint");
    let known = known(&root);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("case directory")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("helm4.code").exists())
        .collect();
    cases.sort();
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in &cases {
        let name = case
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let args = std::fs::read_to_string(case.join("args")).unwrap_or_default();
        // Helm ran in the case directory on `chart`; paths print relative.
        std::env::set_current_dir(case).expect("chdir");
        for (compat, tag) in [(Compat::Helm3, "helm3"), (Compat::Helm4, "helm4")] {
            let want_stdout =
                std::fs::read_to_string(case.join(format!("{tag}.stdout"))).unwrap_or_default();
            let want_code: i32 = std::fs::read_to_string(case.join(format!("{tag}.code")))
                .unwrap_or_default()
                .trim()
                .parse()
                .unwrap_or(-1);
            let want_stderr =
                std::fs::read_to_string(case.join(format!("{tag}.stderr"))).unwrap_or_default();
            let (stdout, code, error_line) =
                match lint::lint(Path::new("chart"), &options(&args, compat)) {
                    Ok(results) => {
                        let (out, code) = lint::format_like_helm(&results);
                        (out, code, lint::helm_error_line(&results))
                    }
                    Err(e) => (String::new(), 1, Some(format!("Error: {e}"))),
                };
            let stdout = stdout.replace(&case.display().to_string(), "@CASE@");
            let stderr_ok = error_line
                .as_ref()
                .is_none_or(|line| want_stderr.lines().any(|l| l == line));
            compared += 1;
            if stdout != want_stdout || code != want_code || !stderr_ok {
                let id = format!("{name} {tag}");
                if known.contains(&id) {
                    eprintln!("known difference: {id}");
                    continue;
                }
                failures.push(format!(
                    "{id}: code {code} want {want_code}, error line {error_line:?}\n--- got\n{stdout}--- want\n{want_stdout}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {compared} comparisons differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn findings_carry_rule_file_and_line() {
    use shipshape::diag::{Category, Severity};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/helm-lint");
    let cases = [
        (
            "chart-yaml-broken",
            "helm/chartfile-yaml",
            Severity::Error,
            "Chart.yaml",
            4,
        ),
        (
            "values-broken",
            "helm/values",
            Severity::Error,
            "values.yaml",
            1,
        ),
        (
            "no-icon",
            "helm/chartfile-icon",
            Severity::Info,
            "Chart.yaml",
            1,
        ),
        (
            "metadata-names",
            "helm/metadata-name",
            Severity::Warning,
            "templates/a.yaml",
            1,
        ),
        (
            "deprecated-default",
            "helm/deprecated-api",
            Severity::Warning,
            "templates/a.yaml",
            1,
        ),
        (
            "crds-bad",
            "helm/crds-yaml",
            Severity::Error,
            "crds/c.yaml",
            6,
        ),
        (
            "yaml-invalid",
            "helm/yaml",
            Severity::Error,
            "templates/a.yaml",
            2,
        ),
    ];
    for (case, rule, severity, file, line) in cases {
        let options = LintOptions {
            compat: Compat::Helm4,
            ..LintOptions::default()
        };
        let results = lint::lint(&root.join(case).join("chart"), &options).expect("lint runs");
        let finding = results[0]
            .findings
            .iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("{case}: no {rule} in {:?}", results[0].findings));
        assert_eq!(finding.category, Category::Helm, "{case}");
        assert_eq!(finding.severity, severity, "{case}");
        let location = finding.location.as_ref().expect("located");
        assert_eq!(
            (location.file.as_str(), location.line),
            (file, line),
            "{case}"
        );
    }
}
