//! `helm lint`: every check Helm 4.1.4 (or Helm 3.17.3 under
//! [`Compat::Helm3`]) runs on a chart, as findings of category
//! [`Category::Helm`], plus [`format_like_helm`] to print them as
//! `helm lint` does.

mod chartfile;
mod deprecations;
mod templates;

use std::path::{Component, Path, PathBuf};

use crate::chart::sources::ValueSources;
use crate::compat::Compat;
use crate::diag::{Category, Finding, Location, Severity};
use crate::render::objects::KubeVersion;
use crate::value::{Value, yaml};

/// The options of `helm lint`.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    /// `-f/--values` and the `--set` family.
    pub values: ValueSources,
    /// `-n/--namespace` (Helm's default is `default`).
    pub namespace: Option<String>,
    /// `--kube-version`: capabilities and deprecation checks.
    pub kube_version: Option<String>,
    /// `--strict`: warnings fail the chart (severities are unchanged).
    pub strict: bool,
    /// `--skip-schema-validation`.
    pub skip_schema_validation: bool,
    /// `--with-subcharts`: also lint every chart found under `charts/`.
    pub with_subcharts: bool,
    /// Which Helm to imitate.
    pub compat: Compat,
}

/// The lint of one chart path.
#[derive(Clone, Debug)]
pub struct LintResult {
    /// The path as given (Helm prints it after `==> Linting `).
    pub path: String,
    /// Every message, in Helm's order; `location.file` is the path Helm
    /// prints before the message.
    pub findings: Vec<Finding>,
    /// Errors that stopped the lint before any rule ran (no Chart.yaml).
    pub errors: Vec<String>,
    /// Whether `--strict` was set: warnings then fail the chart.
    pub strict: bool,
}

impl LintResult {
    /// True when Helm counts this chart as failed.
    pub fn failed(&self) -> bool {
        let threshold = if self.strict {
            Severity::Warning
        } else {
            Severity::Error
        };
        !self.errors.is_empty() || self.findings.iter().any(|f| f.severity >= threshold)
    }
}

/// Why `helm lint` could not start (bad values or flags); Display gives
/// Helm's text, which it prints after `Error: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LintError(pub String);

impl std::fmt::Display for LintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LintError {}

/// One rule run: its id, Helm's severity and the path Helm prints.
pub(crate) struct Rule {
    id: &'static str,
    severity: Severity,
    path: String,
    line: usize,
}

impl Rule {
    fn new(id: &'static str, severity: Severity, path: &str) -> Rule {
        Rule {
            id,
            severity,
            path: path.to_string(),
            line: 1,
        }
    }

    fn line(mut self, line: usize) -> Rule {
        self.line = line.max(1);
        self
    }
}

/// Helm's `support.Linter`: collects the messages of failing rules.
#[derive(Default)]
pub(crate) struct Linter {
    findings: Vec<Finding>,
}

impl Linter {
    /// `RunLinterRule`: records `message` if any; true when the rule passed.
    fn run(&mut self, rule: Rule, message: Option<String>) -> bool {
        let Some(message) = message else {
            return true;
        };
        let mut finding = Finding::new(rule.id, Category::Helm, rule.severity, message);
        finding.location = Some(Location {
            file: rule.path,
            line: rule.line,
            column: 1,
        });
        self.findings.push(finding);
        false
    }
}

/// Runs `helm lint PATH` with `options`: the chart, then (with
/// `with_subcharts`) every chart under its `charts/` directory.
pub fn lint(path: &Path, options: &LintOptions) -> Result<Vec<LintResult>, LintError> {
    let mut paths = vec![path.to_path_buf()];
    if options.with_subcharts {
        paths.extend(subchart_paths(path));
    }
    let kube_text = options
        .kube_version
        .clone()
        .unwrap_or_else(|| options.compat.default_kube_version().to_string());
    let kube = KubeVersion::parse(&kube_text, options.compat).map_err(LintError)?;
    let user = options.values.read(options.compat).map_err(LintError)?;
    Ok(paths
        .iter()
        .map(|p| lint_chart(p, &user, &kube, options))
        .collect())
}

/// Helm's `--with-subcharts` walk: directories under `charts/` holding a
/// `Chart.yaml`, and `.tgz`/`.tar.gz` files, in lexical walk order.
fn subchart_paths(path: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(path.join("charts"))
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker.into_iter().flatten() {
        let p = entry.path();
        let name = entry.file_name().to_string_lossy();
        if name == "Chart.yaml" {
            if let Some(parent) = p.parent() {
                out.push(parent.to_path_buf());
            }
        } else {
            let text = p.to_string_lossy();
            if text.ends_with(".tgz") || text.ends_with(".tar.gz") {
                out.push(p.to_path_buf());
            }
        }
    }
    out
}

fn lint_chart(path: &Path, user: &Value, kube: &KubeVersion, options: &LintOptions) -> LintResult {
    let mut result = LintResult {
        path: path.display().to_string(),
        findings: Vec::new(),
        errors: Vec::new(),
        strict: options.strict,
    };
    let text = path.to_string_lossy();
    if !(text.ends_with(".tgz") || text.ends_with(".tar.gz")) {
        lint_dir(path, &mut result, user, kube, options);
        return result;
    }
    // Helm lints a packaged chart by expanding it into a temporary
    // directory and linting the directory inside.
    match Expanded::new(path) {
        Ok(expanded) => lint_dir(&expanded.chart, &mut result, user, kube, options),
        Err(e) => result.errors.push(e),
    }
    result
}

/// A chart archive expanded into a temporary directory, removed on drop.
struct Expanded {
    root: PathBuf,
    chart: PathBuf,
}

impl Expanded {
    fn new(archive: &Path) -> Result<Expanded, String> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let root = std::env::temp_dir().join(format!(
            "shipshape-helm-lint-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&root).map_err(|e| e.to_string())?;
        let mut expanded = Expanded {
            chart: root.clone(),
            root,
        };
        let file = std::fs::File::open(archive).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("open {}: no such file or directory", archive.display())
            }
            _ => format!("open {}: {e}", archive.display()),
        })?;
        // `unpack` refuses entries that would land outside `root`.
        tar::Archive::new(flate2::read::GzDecoder::new(file))
            .unpack(&expanded.root)
            .map_err(|e| format!("unable to extract tarball: {e}"))?;
        let first = std::fs::read_dir(&expanded.root)
            .map_err(|e| e.to_string())?
            .flatten()
            .map(|e| e.path())
            .min()
            .ok_or_else(|| "unable to extract tarball: empty archive".to_string())?;
        if !first.is_dir() {
            return Err(format!(
                "unexpected file {} in temporary output directory {}",
                first.file_name().unwrap_or_default().to_string_lossy(),
                expanded.root.display()
            ));
        }
        expanded.chart = first;
        Ok(expanded)
    }
}

impl Drop for Expanded {
    fn drop(&mut self) {
        // Best effort: a leftover temporary directory is harmless.
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn lint_dir(
    path: &Path,
    result: &mut LintResult,
    user: &Value,
    kube: &KubeVersion,
    options: &LintOptions,
) {
    let compat = options.compat;
    let chart_yaml = go_clean(&path.join("Chart.yaml"));
    if std::fs::metadata(&chart_yaml).is_err() {
        result.errors.push(format!(
            "unable to check Chart.yaml file in chart: stat {}: no such file or directory",
            chart_yaml.display()
        ));
        return;
    }
    let dir = std::path::absolute(path)
        .map(|p| go_clean(&p))
        .unwrap_or_else(|_| path.to_path_buf());
    let mut linter = Linter::default();
    chartfile::lint(&mut linter, &dir, compat);
    lint_values(&mut linter, &dir, user, options);
    let (major, minor) = kube_minor(&kube.version);
    let ctx = templates::Context {
        dir: &dir,
        user,
        namespace: options.namespace.as_deref().unwrap_or("default"),
        kube: kube.clone(),
        kube_minor: (major, minor),
        compat,
        skip_schema_validation: options.skip_schema_validation,
    };
    templates::lint(&mut linter, &ctx);
    lint_dependencies(&mut linter, &dir, compat);
    if compat == Compat::Helm4 {
        templates::lint_crds(&mut linter, &dir, compat);
    }
    result.findings = linter.findings;
}

/// The line a YAML error message names (`yaml: line 4: …`), which is
/// the line Helm reports. `YamlError::position` is where the parser
/// stopped, which can be a line later (an unclosed `[` at the end of the
/// file), and the error does not hold the named line apart from its text.
pub(crate) fn message_line(message: &str) -> Option<usize> {
    let rest = &message[message.find("line ")? + 5..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// `v1.35.0` -> (1, 35).
fn kube_minor(version: &str) -> (u32, u32) {
    let mut parts = version.trim_start_matches('v').split('.');
    let mut num = || {
        parts
            .next()
            .map(|p| {
                p.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            })
            .and_then(|p| p.parse().ok())
            .unwrap_or(0)
    };
    (num(), num())
}

/// Go's `filepath.Clean` for the paths Helm prints.
fn go_clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Helm's `rules.ValuesWithOverrides`: values.yaml exists and parses.
fn lint_values(linter: &mut Linter, dir: &Path, user: &Value, options: &LintOptions) {
    const FILE: &str = "values.yaml";
    let path = dir.join(FILE);
    let exists = linter.run(
        Rule::new("helm/values-exists", Severity::Info, FILE),
        std::fs::metadata(&path)
            .is_err()
            .then(|| "file does not exist".to_string()),
    );
    if !exists {
        return;
    }
    let parsed = std::fs::read(&path)
        .map_err(|e| (e.to_string(), None))
        .and_then(|data| yaml::from_slice_map(&data).map_err(|e| (e.to_string(), e.position)));
    let values = match parsed {
        Ok(values) => values,
        Err((e, position)) => {
            let line = message_line(&e)
                .or_else(|| position.and_then(|(line, _)| usize::try_from(line).ok()))
                .unwrap_or(1);
            linter.run(
                Rule::new("helm/values", Severity::Error, FILE).line(line),
                Some(format!("unable to parse YAML: {e}")),
            );
            return;
        }
    };
    let schema = std::fs::read_to_string(dir.join("values.schema.json")).unwrap_or_default();
    // Helm 3's values rule ignores --skip-schema-validation.
    let skip = options.skip_schema_validation && options.compat == Compat::Helm4;
    if schema.is_empty() || skip {
        return;
    }
    // Helm checks only the top level: overrides over values.yaml, tables
    // merged (`CoalesceTables`), no subchart defaults.
    let merged = coalesce_tables(user, &values);
    linter.run(
        Rule::new("helm/values-schema", Severity::Error, FILE),
        crate::chart::schema::validate_values(&schema, &merged, options.compat).err(),
    );
}

/// Helm's `CoalesceTables(dst, src)`: `dst` wins, tables merge, a null in
/// `dst` deletes the key.
fn coalesce_tables(dst: &Value, src: &Value) -> Value {
    let (Some(d), Some(s)) = (dst.as_map(), src.as_map()) else {
        return if dst.as_map().is_some() {
            dst.clone()
        } else {
            src.clone()
        };
    };
    let mut out = s.snapshot();
    for (key, value) in d.snapshot() {
        match (value.is_nil(), out.get(&key)) {
            (true, _) => {
                out.remove(&key);
            }
            (false, Some(existing)) if existing.as_map().is_some() && value.as_map().is_some() => {
                let merged = coalesce_tables(&value, existing);
                out.insert(key, merged);
            }
            (false, _) => {
                out.insert(key, value);
            }
        }
    }
    Value::map(out)
}

/// Helm's `ValidateAgainstSchema` over a chart tree: each chart with a
/// schema checks its part of the values.
pub(crate) fn validate_tree(
    chart: &crate::chart::Chart,
    values: &Value,
    compat: Compat,
) -> Result<(), String> {
    let mut out = String::new();
    if let Some(schema) = &chart.schema {
        if let Err(e) = crate::chart::schema::validate_values(schema, values, compat) {
            out.push_str(&format!("{}:\n{e}", chart.name()));
        }
    }
    for dep in &chart.dependencies {
        let sub = values
            .as_map()
            .and_then(|m| m.get(dep.name()))
            .unwrap_or_else(Value::empty_map);
        if let Err(e) = validate_tree(dep, &sub, compat) {
            out.push_str(&e);
        }
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

/// Helm's `rules.Dependencies`: `Chart.yaml` and `charts/` agree.
fn lint_dependencies(linter: &mut Linter, dir: &Path, compat: Compat) {
    let chart = match load_v2(dir, compat) {
        Ok(chart) => chart,
        Err(e) => {
            linter.run(
                Rule::new("helm/dependencies", Severity::Error, ""),
                Some(format!("unable to load chart\n\t{e}")),
            );
            return;
        }
    };
    let path = dir.display().to_string();
    let declared: Vec<&str> = chart
        .metadata
        .dependencies
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    let present: Vec<&str> = chart.dependencies.iter().map(|c| c.name()).collect();
    let missing_meta: Vec<&str> = present
        .iter()
        .copied()
        .filter(|p| !declared.contains(p))
        .collect();
    linter.run(
        Rule::new("helm/dependencies", Severity::Error, &path),
        (!missing_meta.is_empty()).then(|| {
            format!(
                "chart metadata is missing these dependencies: {}",
                missing_meta.join(",")
            )
        }),
    );
    let mut seen = Vec::new();
    let mut shadowing = Vec::new();
    for d in &chart.metadata.dependencies {
        let key = if d.alias.is_empty() {
            &d.name
        } else {
            &d.alias
        };
        if seen.contains(&key) {
            shadowing.push(key.as_str());
        }
        seen.push(key);
    }
    linter.run(
        Rule::new("helm/dependencies-unique", Severity::Error, &path),
        (!shadowing.is_empty()).then(|| {
            format!(
                "multiple dependencies with name or alias: {}",
                shadowing.join(",")
            )
        }),
    );
    let missing_dir: Vec<&str> = declared
        .iter()
        .copied()
        .filter(|d| !present.contains(d))
        .collect();
    linter.run(
        Rule::new("helm/dependencies-charts-dir", Severity::Warning, &path),
        (!missing_dir.is_empty()).then(|| {
            format!(
                "chart directory is missing these dependencies: {}",
                missing_dir.join(",")
            )
        }),
    );
}

/// Helm's chart v2 `loader.Load`, which lint uses under both Helms: Helm 4
/// reads any apiVersion with it (only its `helm template` refuses others).
/// `LoadError` has no kind, so the refusal is recognised by its text.
fn load_v2(dir: &Path, compat: Compat) -> Result<crate::chart::Chart, crate::chart::LoadError> {
    let options = |compat| crate::chart::LoadOptions {
        compat,
        allow_external_symlinks: true,
    };
    match crate::chart::load_dir(dir, &options(compat)) {
        Err(e) if compat == Compat::Helm4 && e.to_string() == "invalid chart apiVersion" => {
            crate::chart::load_dir(dir, &options(Compat::Helm3))
        }
        other => other,
    }
}

/// Prints `results` exactly as `helm lint` prints them on stdout, and the
/// exit code it returns (1 when a chart failed; Helm then writes
/// `Error: N chart(s) linted, M chart(s) failed` to stderr instead of the
/// summary line).
pub fn format_like_helm(results: &[LintResult]) -> (String, i32) {
    let mut out = String::new();
    let mut failed = 0;
    for result in results {
        out.push_str(&format!("==> Linting {}\n", result.path));
        if result.findings.is_empty() {
            for e in &result.errors {
                out.push_str(&format!("Error {e}\n"));
            }
        }
        for f in &result.findings {
            let level = match f.severity {
                Severity::Info => "INFO",
                Severity::Warning => "WARNING",
                Severity::Error => "ERROR",
            };
            let path = f.location.as_ref().map_or("", |l| l.file.as_str());
            out.push_str(&format!("[{level}] {path}: {}\n", f.message));
        }
        if result.failed() {
            failed += 1;
        }
        out.push('\n');
    }
    if failed > 0 {
        return (out, 1);
    }
    out.push_str(&format!(
        "{} chart(s) linted, 0 chart(s) failed\n",
        results.len()
    ));
    (out, 0)
}

/// The line `helm lint` writes to stderr when it fails, if it does.
pub fn helm_error_line(results: &[LintResult]) -> Option<String> {
    let failed = results.iter().filter(|r| r.failed()).count();
    (failed > 0).then(|| {
        format!(
            "Error: {} chart(s) linted, {failed} chart(s) failed",
            results.len()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(severity: Severity, file: &str, message: &str) -> Finding {
        let mut f = Finding::new("helm/x", Category::Helm, severity, message);
        f.location = Some(Location {
            file: file.to_string(),
            line: 1,
            column: 1,
        });
        f
    }

    fn result(findings: Vec<Finding>, errors: Vec<String>, strict: bool) -> LintResult {
        LintResult {
            path: "chart".to_string(),
            findings,
            errors,
            strict,
        }
    }

    #[test]
    fn prints_like_helm_lint() {
        let info = finding(Severity::Info, "Chart.yaml", "icon is recommended");
        let warning = finding(Severity::Warning, "templates/", "directory does not exist");
        let cases = [
            (
                vec![result(vec![info.clone()], vec![], false)],
                "==> Linting chart\n[INFO] Chart.yaml: icon is recommended\n\n1 chart(s) linted, 0 chart(s) failed\n",
                0,
            ),
            (
                vec![result(vec![info.clone(), warning.clone()], vec![], true)],
                "==> Linting chart\n[INFO] Chart.yaml: icon is recommended\n[WARNING] templates/: directory does not exist\n\n",
                1,
            ),
            (
                vec![
                    result(vec![warning], vec![], false),
                    result(vec![], vec!["unable to check".to_string()], false),
                ],
                "==> Linting chart\n[WARNING] templates/: directory does not exist\n\n==> Linting chart\nError unable to check\n\n",
                1,
            ),
        ];
        for (results, stdout, code) in cases {
            assert_eq!(format_like_helm(&results), (stdout.to_string(), code));
            assert_eq!(helm_error_line(&results).is_some(), code == 1);
        }
    }

    #[test]
    fn cleans_paths_and_reads_kube_minors() {
        assert_eq!(
            go_clean(Path::new("./a/../b/Chart.yaml")),
            PathBuf::from("b/Chart.yaml")
        );
        assert_eq!(kube_minor("v1.35.0"), (1, 35));
        assert_eq!(kube_minor("1.21"), (1, 21));
    }
}
