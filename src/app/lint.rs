//! `shipshape lint` (and `validate`): reads manifest files, directories and
//! stdin, or renders charts for their environments, runs the selected check
//! families on every resource and prints one report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::Outcome;
use super::config::{self, Config, Environment, PolicySettings};
use super::template::{TemplateOptions, run as render_chart};
use crate::chart::sources::ValueSources;
use crate::compat::Compat;
use crate::diag::{Category, Finding, Location, Severity};
use crate::manifest::{self, Chunk, Document, ManifestError, SourceText, SplitStream, Target};
use crate::policy;
use crate::report::{Report, ResourceEntry, Status};
use crate::validate::bundle::KubeVersion;
use crate::validate::crd::{CrdRegistry, is_crd};
use crate::validate::schema::SchemaOptions;
use crate::validate::{self, KubeMinor};

/// How the report is printed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Grouped findings with source lines, for people.
    #[default]
    Text,
    /// The JSON contract.
    Json,
    /// SARIF 2.1.0 for code scanning.
    Sarif,
    /// JUnit XML for CI test reports.
    Junit,
    /// GitHub Actions annotations.
    Github,
}

/// The options of `shipshape lint`.
#[derive(Clone, Debug, Default)]
pub struct LintOptions {
    /// Files, directories, charts, `.tgz` charts, or `-` for stdin.
    pub targets: Vec<String>,
    /// `--config`: the config file; otherwise `shipshape.yaml` is looked
    /// for next to the first target and above it.
    pub config: Option<PathBuf>,
    /// `--env`: render charts for this environment.
    pub env: Option<String>,
    /// `--all-envs`: render charts for every environment.
    pub all_envs: bool,
    /// `--kube-version`.
    pub kube_version: Option<String>,
    /// `--strict`.
    pub strict: bool,
    /// `--crd`, files or directories.
    pub crds: Vec<String>,
    /// `--skip`: kinds not checked.
    pub skip: Vec<String>,
    /// `--reject`: kinds that are errors.
    pub reject: Vec<String>,
    /// `--ignore-missing-schemas`.
    pub ignore_missing_schemas: bool,
    /// `--checks`: families to run (all when empty).
    pub checks: Vec<Category>,
    /// `--policy`: the Pod Security Standards level enforced as errors.
    pub policy: Option<String>,
    /// `--pss-version`.
    pub pss_version: Option<String>,
    /// `--fail-on`.
    pub fail_on: Option<Severity>,
    /// `-o`.
    pub format: Format,
    /// Colour in text output.
    pub color: bool,
    /// `-f`, `--set`… applied to every chart target, after the environment's.
    pub values: ChartValues,
    /// `--helm-compat`.
    pub compat: Option<Compat>,
}

/// Values flags for chart targets.
#[derive(Clone, Debug, Default)]
pub struct ChartValues {
    /// `-f` and the `--set` family.
    pub sources: ValueSources,
    /// `-n`.
    pub namespace: Option<String>,
    /// Release name (default: the chart's name).
    pub release_name: Option<String>,
}

/// The newest Kubernetes version shipshape has schemas for: the default
/// target.
pub const DEFAULT_KUBE: KubeMinor = KubeMinor::new(37);

/// One stream of resources checked together: a manifest file, stdin, or
/// one chart rendered for one environment.
struct Unit {
    /// What the report's `source` says.
    source: String,
    chart: Option<String>,
    env: Option<String>,
    kube: KubeMinor,
    policy: policy::PolicyConfig,
    /// Where templates named by `# Source:` lines are found.
    template_root: Option<PathBuf>,
    /// The resources, decoded a chunk at a time as they are checked.
    stream: SplitStream,
    /// How many documents are decoded and checked at once: a rendered
    /// chart is small and checked whole.
    chunk_size: usize,
    /// Findings from rendering (Helm errors), attached to no resource.
    findings: Vec<Finding>,
    /// Source texts for snippets (the stream itself for files, shared
    /// with its documents).
    text: Option<SourceText>,
}

/// A unit once checked: its resources (heads only, values released), the
/// documents that could not be read, the findings with unit-local resource
/// indices, and each resource's status (skipped or not).
struct Checked {
    documents: Vec<Document>,
    errors: Vec<ManifestError>,
    findings: Vec<Finding>,
    statuses: Vec<Status>,
}

/// A usage or I/O failure: exit status 2.
struct UsageError(String);

/// Runs `shipshape lint`.
pub fn run(options: &LintOptions) -> Outcome {
    run_chunked(options, None)
}

/// [`run`], checking manifest files `chunk_size` documents at a time when
/// given (tests: results must not depend on it).
fn run_chunked(options: &LintOptions, chunk_size: Option<usize>) -> Outcome {
    match run_inner(options, chunk_size) {
        Ok(outcome) => outcome,
        Err(UsageError(message)) => Outcome {
            stdout: String::new(),
            stderr: format!("Error: {message}\n"),
            code: 2,
            snippet: None,
        },
    }
}

fn run_inner(options: &LintOptions, chunk_size: Option<usize>) -> Result<Outcome, UsageError> {
    if options.targets.is_empty() {
        return Err(UsageError(
            "nothing to lint: give manifest files, directories, charts or `-` for stdin".into(),
        ));
    }
    let config = load_config(options)?;
    let fail_on = options
        .fail_on
        .or(config.fail_on)
        .unwrap_or(Severity::Error);
    let default_kube = match options
        .kube_version
        .as_deref()
        .or(config.kube_version.as_deref())
    {
        Some(text) => parse_kube(text)?,
        None => DEFAULT_KUBE,
    };
    let checks = enabled_checks(options, &config);
    let strict = options.strict || config.strict.unwrap_or(false);
    if checks.contains(&Category::Schema) {
        // The schemas of the default version load while the input is read.
        let version = KubeVersion::for_minor(default_kube).unwrap_or(KubeVersion::LATEST);
        rayon::spawn(move || validate::bundle::warm(version, strict));
    }
    let mut units = collect_units(options, &config, default_kube, &checks)?;
    if let Some(size) = chunk_size {
        for unit in &mut units {
            unit.chunk_size = size;
        }
    }
    let mut report = Report {
        checks: checks.clone(),
        ..Report::default()
    };
    let mut sources: HashMap<String, SourceText> = HashMap::new();
    let extra_crds = read_crds(options, &config)?;
    let ignore_missing =
        options.ignore_missing_schemas || config.ignore_missing_schemas.unwrap_or(false);
    let context = CheckContext {
        checks: &checks,
        extra_crds: &extra_crds,
        strict,
        ignore_missing,
    };
    let checked: Vec<Checked> = units
        .par_iter()
        .map(|unit| check_unit(unit, options, &context))
        .collect();
    for (unit, checked) in units.into_iter().zip(checked) {
        let Checked {
            documents,
            errors,
            findings,
            statuses,
        } = checked;
        let base = report.resources.len();
        // Which of its template's documents each resource is (templates may
        // hold several), counted once per unit; only rendered charts have
        // templates to locate findings in.
        let template_ordinals: Vec<usize> = if unit.template_root.is_some() {
            let mut seen: HashMap<Option<&str>, usize> = HashMap::new();
            documents
                .iter()
                .map(|d| {
                    let n = seen.entry(d.template.as_deref()).or_insert(0);
                    *n += 1;
                    *n - 1
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut findings: Vec<Finding> = unit.findings.iter().cloned().chain(findings).collect();
        if unit.template_root.is_none() {
            locate_in_files(&documents, &mut findings);
        }
        for mut finding in findings {
            finding.chart.clone_from(&unit.chart);
            finding.env.clone_from(&unit.env);
            if let Some(local) = finding.resource {
                finding.resource = Some(base + local);
                if finding.location.is_none()
                    && let Some(doc) = documents.get(local)
                {
                    let ordinal = template_ordinals.get(local).copied().unwrap_or(0);
                    finding.location =
                        Some(locate(&unit, doc, ordinal, &finding.path, &mut sources));
                }
            }
            // Template paths are relative to the chart's parent directory.
            if let (Some(root), Some(location)) = (&unit.template_root, &finding.location)
                && location.file != unit.source
            {
                report
                    .disk_paths
                    .entry(location.file.clone())
                    .or_insert_with(|| root.join(&location.file).display().to_string());
            }
            report.findings.push(finding);
        }
        // The unit's source as reports name it: shared by its resources.
        let source: Arc<str> = Arc::from(unit.source.as_str());
        report.resources.reserve(documents.len());
        for (doc, status) in documents.into_iter().zip(statuses) {
            let (document, line) = (doc.index, doc.line);
            let identity = doc.into_identity();
            report.resources.push(ResourceEntry {
                source: source.clone(),
                document,
                line,
                api_version: identity.api_version,
                kind: identity.kind,
                name: identity.name,
                namespace: identity.namespace,
                status,
                chart: unit.chart.clone(),
                env: unit.env.clone(),
                template: identity.template,
            });
        }
        for e in &errors {
            let mut f = Finding::new("syntax/yaml", Category::Syntax, Severity::Error, &e.message);
            f.location = Some(Location {
                file: e.source.to_string(),
                line: e.position.line,
                column: e.position.column,
            });
            report.findings.push(f);
        }
        if let Some(text) = unit.text {
            sources.entry(unit.source.clone()).or_insert(text);
        }
    }
    report.settle(fail_on);
    let stdout = match options.format {
        Format::Text => report.to_text(&sources, options.color),
        Format::Json => report.to_json(),
        Format::Sarif => report.to_sarif(),
        Format::Junit => report.to_junit(),
        Format::Github => report.to_github(),
    };
    Ok(Outcome {
        stdout,
        stderr: String::new(),
        code: i32::from(report.fails(fail_on)),
        snippet: None,
    })
}

/// The policy configuration of a unit: `--policy`/`--pss-version` over the
/// config file's settings (the environment's over the global ones).
fn policy_config(
    settings: &PolicySettings,
    options: &LintOptions,
) -> Result<policy::PolicyConfig, UsageError> {
    let level_text = options.policy.as_deref().or(settings.level.as_deref());
    let level = match level_text {
        Some(text) => policy::PssLevel::parse(text).ok_or_else(|| {
            UsageError(format!(
                "invalid policy level {text:?}: expected none, baseline or restricted"
            ))
        })?,
        None => policy::PssLevel::default(),
    };
    let version_text = options
        .pss_version
        .as_deref()
        .or(settings.pss_version.as_deref());
    let pss_version = match version_text {
        Some(text) => policy::PssVersion::parse(text).ok_or_else(|| {
            UsageError(format!(
                "invalid Pod Security Standards version {text:?}: expected latest or 1.NN"
            ))
        })?,
        None => policy::PssVersion::default(),
    };
    let mut overrides = std::collections::BTreeMap::new();
    for (id, setting) in &settings.rules {
        let o = match setting {
            config::RuleSetting::Off => policy::RuleOverride {
                enabled: Some(false),
                severity: None,
            },
            config::RuleSetting::Severity(s) => policy::RuleOverride {
                enabled: Some(true),
                severity: Some(*s),
            },
        };
        overrides.insert(id.clone(), o);
    }
    Ok(policy::PolicyConfig {
        level,
        pss_version,
        overrides,
    })
}

fn parse_kube(text: &str) -> Result<KubeMinor, UsageError> {
    let minor = KubeMinor::parse(text).ok_or_else(|| {
        UsageError(format!(
            "invalid Kubernetes version {text:?}: expected a version like 1.33"
        ))
    })?;
    // Only versions with embedded schemas can be targets.
    KubeVersion::for_minor(minor).map_err(|e| UsageError(e.to_string()))?;
    Ok(minor)
}

/// CRDs from `--crd` and the config's `crds:`, read once for every unit.
fn read_crds(options: &LintOptions, config: &Config) -> Result<Vec<Document>, UsageError> {
    let mut args: Vec<String> = options.crds.clone();
    args.extend(config.crds.iter().map(|p| p.display().to_string()));
    let targets = manifest::expand_targets(&args).map_err(|e| UsageError(e.to_string()))?;
    let mut docs = Vec::new();
    for target in &targets {
        let (name, text) = manifest::read_target(target).map_err(|e| UsageError(e.to_string()))?;
        let stream = manifest::read_stream(&name, &text);
        if let Some(e) = stream.errors.first() {
            return Err(UsageError(format!("CRD file {e}")));
        }
        docs.extend(stream.documents);
    }
    Ok(docs)
}

fn load_config(options: &LintOptions) -> Result<Config, UsageError> {
    let path = match &options.config {
        Some(path) => Some(path.clone()),
        None => options
            .targets
            .iter()
            .find(|t| t.as_str() != "-")
            .and_then(|t| Config::find(Path::new(t))),
    };
    match path {
        Some(path) => Config::load(&path).map_err(|e| UsageError(e.to_string())),
        None => Ok(Config::default()),
    }
}

fn enabled_checks(options: &LintOptions, config: &Config) -> Vec<Category> {
    let mut checks = if !options.checks.is_empty() {
        options.checks.clone()
    } else if let Some(checks) = &config.checks {
        checks.clone()
    } else {
        Category::ALL.to_vec()
    };
    if !checks.contains(&Category::Syntax) {
        // Unreadable input is always reported.
        checks.push(Category::Syntax);
    }
    checks
}

fn collect_units(
    options: &LintOptions,
    config: &Config,
    default_kube: KubeMinor,
    checks: &[Category],
) -> Result<Vec<Unit>, UsageError> {
    let mut manifest_args = Vec::new();
    let mut charts = Vec::new();
    for target in &options.targets {
        let path = Path::new(target);
        if target == "-" {
            manifest_args.push(target.clone());
        } else if path.is_dir() {
            let found = super::discover::find_charts(path);
            if found.is_empty() {
                manifest_args.push(target.clone());
            } else {
                charts.extend(found);
            }
        } else if target.ends_with(".tgz") || target.ends_with(".tar.gz") {
            charts.push(path.to_path_buf());
        } else {
            manifest_args.push(target.clone());
        }
    }
    let mut units = Vec::new();
    let targets =
        manifest::expand_targets(&manifest_args).map_err(|e| UsageError(e.to_string()))?;
    for target in &targets {
        if matches!(target, Target::File(p) if p.file_name().is_some_and(|n| n == config::FILE_NAME))
        {
            continue;
        }
        let (name, text) = manifest::read_target(target).map_err(|e| UsageError(e.to_string()))?;
        let stream = SplitStream::new(&name, Arc::new(text));
        units.push(Unit {
            source: name,
            chart: None,
            env: None,
            kube: default_kube,
            policy: policy_config(&config.policy, options)?,
            template_root: None,
            text: Some(stream.text().clone()),
            stream,
            chunk_size: manifest::CHUNK_DOCUMENTS,
            findings: Vec::new(),
        });
    }
    let mut jobs = Vec::new();
    for chart in &charts {
        for env in chart_environments(chart, options)? {
            jobs.push((chart.clone(), env));
        }
    }
    let progress = super::progress::Progress::start(jobs.len(), "charts rendered");
    let rendered: Vec<Result<Unit, UsageError>> = jobs
        .par_iter()
        .map(|(chart, env)| {
            let unit = render_unit(chart, env.as_ref(), options, config, default_kube, checks);
            progress.tick();
            unit
        })
        .collect();
    drop(progress);
    for unit in rendered {
        units.push(unit?);
    }
    Ok(units)
}

/// The environments a chart is linted for: the one `--env` names, all of
/// them with `--all-envs`, or none (the chart's defaults) otherwise.
fn chart_environments(
    chart: &Path,
    options: &LintOptions,
) -> Result<Vec<Option<Environment>>, UsageError> {
    if let Some(name) = &options.env {
        return config::find_environment(chart, name, options.config.as_deref())
            .map(|env| vec![Some(env)])
            .map_err(UsageError);
    }
    if !options.all_envs {
        return Ok(vec![None]);
    }
    let envs = config::chart_environments(chart, options.config.as_deref())
        .map_err(|e| UsageError(e.to_string()))?;
    if envs.is_empty() {
        return Ok(vec![None]);
    }
    Ok(envs.into_iter().map(Some).collect())
}

fn render_unit(
    chart: &Path,
    env: Option<&Environment>,
    options: &LintOptions,
    config: &Config,
    default_kube: KubeMinor,
    checks: &[Category],
) -> Result<Unit, UsageError> {
    let chart_name = chart
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| chart.display().to_string());
    let kube = match env.and_then(|e| e.kube_version.as_deref()) {
        Some(text) if options.kube_version.is_none() => parse_kube(text)?,
        _ => default_kube,
    };
    let v = &options.values;
    let mut template = TemplateOptions {
        release_name: v.release_name.clone(),
        chart: chart.to_path_buf(),
        namespace: v.namespace.clone(),
        kube_version: Some(format!("v{kube}.0")),
        include_crds: true,
        compat: options
            .compat
            .or(config.helm_compat)
            .unwrap_or(Compat::Helm4),
        values: v.sources.clone(),
        ..TemplateOptions::default()
    };
    if let Some(env) = env {
        env.apply(chart, &mut template);
    }
    if template.release_name.is_none() {
        template.release_name = Some("release-name".to_string());
    }
    let outcome = render_chart(&template);
    let source = chart.display().to_string();
    let helm_findings = if checks.contains(&Category::Helm) {
        helm_lint(chart, &template, checks)
    } else {
        Vec::new()
    };
    let mut unit = Unit {
        source: source.clone(),
        chart: Some(chart_name),
        env: env.map(|e| e.name.clone()),
        kube,
        policy: policy_config(
            &match env {
                Some(e) => config.policy.overlay(&e.policy),
                None => config.policy.clone(),
            },
            options,
        )?,
        template_root: chart.parent().map(Path::to_path_buf),
        stream: SplitStream::new(&source, SourceText::default()),
        chunk_size: usize::MAX,
        findings: Vec::new(),
        text: None,
    };
    let helm_saw_template_error = helm_findings
        .iter()
        .any(|f| f.rule.starts_with("helm/template") && f.severity == Severity::Error);
    unit.findings.extend(helm_findings);
    if outcome.code != 0 {
        // `helm lint` reports the same failure in its own words.
        if !helm_saw_template_error {
            unit.findings.push(render_failure(&source, &outcome.stderr));
        }
        return Ok(unit);
    }
    unit.stream = SplitStream::new(&source, Arc::new(outcome.stdout));
    Ok(unit)
}

/// `helm lint`'s own checks on the chart as it is rendered for this unit.
/// Its file names are relative to the chart; they get the chart's name in
/// front, as Helm's `# Source:` paths have it. Its deprecated-API check is
/// left to the `api` family when that runs.
fn helm_lint(chart: &Path, template: &TemplateOptions, checks: &[Category]) -> Vec<Finding> {
    let lint_options = crate::chart::lint::LintOptions {
        values: template.values.clone(),
        namespace: template.namespace.clone(),
        kube_version: template.kube_version.clone(),
        strict: false,
        skip_schema_validation: template.skip_schema_validation,
        with_subcharts: false,
        compat: template.compat,
    };
    let chart_name = chart
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let results = match crate::chart::lint::lint(chart, &lint_options) {
        Ok(results) => results,
        Err(e) => {
            return vec![Finding::new(
                "helm/options",
                Category::Helm,
                Severity::Error,
                e.to_string(),
            )];
        }
    };
    let mut out = Vec::new();
    for result in results {
        for message in &result.errors {
            let mut f = Finding::new("helm/chart", Category::Helm, Severity::Error, message);
            f.location = Some(Location {
                file: format!("{chart_name}/Chart.yaml"),
                line: 1,
                column: 1,
            });
            out.push(f);
        }
        for mut f in result.findings {
            if f.rule == "helm/deprecated-api" && checks.contains(&Category::Api) {
                continue;
            }
            if let Some(loc) = &mut f.location {
                loc.file = format!("{chart_name}/{}", loc.file);
            }
            out.push(f);
        }
    }
    out
}

/// A failed render as a finding: Helm's message, located when it names a
/// template position (`template: web/templates/x.yaml:12:3: …`).
fn render_failure(source: &str, stderr: &str) -> Finding {
    let message = stderr
        .lines()
        .filter(|l| !l.starts_with("level=") && !l.trim().is_empty())
        .filter(|l| !l.contains("Use --debug flag"))
        .map(|l| l.strip_prefix("Error: ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join(" ");
    let mut finding = Finding::new(
        "helm/render",
        Category::Helm,
        Severity::Error,
        message.trim(),
    );
    finding.location = template_position(&message).or(Some(Location {
        file: source.to_string(),
        line: 1,
        column: 1,
    }));
    finding
}

/// Finds `name.yaml:LINE:COL` (or `name.tpl:LINE`) in a Helm error.
fn template_position(message: &str) -> Option<Location> {
    for word in message.split_whitespace() {
        let word = word.trim_end_matches(':');
        let mut parts = word.rsplitn(3, ':');
        let (a, b, c) = (parts.next()?, parts.next(), parts.next());
        let (file, line, column) = match (b, c) {
            (Some(line), Some(file)) if line.parse::<usize>().is_ok() => {
                (file, line.parse().ok()?, a.parse().unwrap_or(1))
            }
            (Some(file), None) if a.parse::<usize>().is_ok() => (file, a.parse().ok()?, 1),
            _ => continue,
        };
        if file.contains("/templates/") {
            return Some(Location {
                file: file.trim_start_matches('"').to_string(),
                line,
                column,
            });
        }
    }
    None
}

/// What every unit is checked with.
struct CheckContext<'a> {
    checks: &'a [Category],
    /// CRDs from `--crd` and the config file.
    extra_crds: &'a [Document],
    strict: bool,
    ignore_missing: bool,
}

/// Runs the enabled check families on one unit, `chunk_size` documents at
/// a time: each chunk is decoded, checked and its values released before
/// the next, so a long stream is checked in bounded memory.
///
/// The stream-wide rules need some documents before any chunk: the CRDs
/// that define kinds, and the PodDisruptionBudgets and NetworkPolicies that
/// policy rules match workloads against. Documents whose text names those
/// kinds are decoded first ([`SplitStream::decode_matching`]). A kind
/// spelled with YAML escapes escapes that search; should a chunk turn one
/// up, the unit is checked again knowing it, so results never depend on
/// how the kind is spelled. Duplicate resources are found at the end, from
/// the resources' heads.
fn check_unit(unit: &Unit, options: &LintOptions, context: &CheckContext<'_>) -> Checked {
    let chunk_size = unit.chunk_size;
    let crds = context.checks.contains(&Category::Schema);
    let policy = context.checks.contains(&Category::Policy);
    let mut needles: Vec<&str> = Vec::new();
    if crds {
        needles.push(CRD_KIND);
    }
    if policy {
        needles.extend(policy::STREAM_KINDS);
    }
    let wanted =
        |doc: &Document| (crds && is_crd(&doc.value)) || (policy && policy::is_stream_object(doc));
    let mut known: Vec<Document> = unit
        .stream
        .decode_matching(&needles)
        .into_iter()
        .filter(|d| wanted(d))
        .collect();
    let (checked, missed) = check_chunks(unit, options, context, chunk_size, &known, &|doc| {
        wanted(doc) && !needles.iter().any(|n| doc.text().contains(n))
    });
    if missed.is_empty() {
        return checked;
    }
    // Every document the first pass missed is known now (decoding is
    // deterministic), in stream order: a document's first line orders it,
    // and the items of one list share it and keep their order.
    known.extend(missed);
    known.sort_by_key(|d| d.line);
    check_chunks(unit, options, context, chunk_size, &known, &|_| false).0
}

/// The kind that defines other kinds.
const CRD_KIND: &str = "CustomResourceDefinition";

/// [`check_unit`] with the stream-wide documents `known` in advance; also
/// returns the documents of the stream for which `missed` holds.
fn check_chunks(
    unit: &Unit,
    options: &LintOptions,
    context: &CheckContext<'_>,
    chunk_size: usize,
    known: &[Document],
    missed: &(dyn Fn(&Document) -> bool + Sync),
) -> (Checked, Vec<Document>) {
    let checks = context.checks;
    let mut out = Checked {
        // Room for every resource at once: the heads of a long stream are
        // the biggest thing kept, and doubling would leave a third unused.
        documents: Vec::with_capacity(unit.stream.len()),
        errors: Vec::new(),
        findings: Vec::new(),
        statuses: Vec::new(),
    };
    let mut missed_documents = Vec::new();
    let lower = |items: &[String]| -> Vec<String> {
        items
            .iter()
            .flat_map(|s| s.split(','))
            .map(|s| s.trim().to_ascii_lowercase())
            .filter(|s| !s.is_empty())
            .collect()
    };
    let skip = lower(&options.skip);
    let reject = lower(&options.reject);
    let schema = checks.contains(&Category::Schema);
    let mut crds = CrdRegistry::new();
    if schema {
        // CRDs anywhere in the stream (and a chart's crds/) define their kinds.
        for e in crds.add_documents(context.extra_crds.iter().chain(known)) {
            out.findings.push(Finding::new(
                "schema/crd",
                Category::Schema,
                Severity::Error,
                e.to_string(),
            ));
        }
    }
    let schema_options = SchemaOptions {
        version: KubeVersion::for_minor(unit.kube).unwrap_or(KubeVersion::LATEST),
        strict: context.strict,
        ignore_missing: context.ignore_missing,
    };
    if schema {
        validate::schema::prepare(&unit.stream.kinds_hint(), &crds, &schema_options);
    }
    let policy = checks
        .contains(&Category::Policy)
        .then(|| policy::Checker::new(&unit.policy, known));
    // Each document is checked as soon as it is decoded, numbered 0: its
    // findings are renumbered once the chunk is in order.
    let i = 0;
    let visit = |doc: &mut Document| {
        let mut found = Vec::new();
        let kind = doc.kind().to_ascii_lowercase();
        let mut status = Status::Valid;
        if reject.contains(&kind) {
            found.push(
                Finding::new(
                    "kind/rejected",
                    Category::Schema,
                    Severity::Error,
                    format!("kind {} is rejected by --reject", doc.kind()),
                )
                .at(i, "/kind"),
            );
        } else if skip.contains(&kind) {
            status = Status::Skipped;
        }
        if status != Status::Skipped {
            if schema {
                let outcome = validate::schema::check(doc, i, &crds, &schema_options);
                if outcome.skipped {
                    status = Status::Skipped;
                }
                for mut f in outcome.findings {
                    if f.rule == "schema/missing"
                        && let Some(change) =
                            validate::api::removal(doc.api_version(), doc.kind(), unit.kube)
                    {
                        // A removed API is news of its own, not a missing schema.
                        if checks.contains(&Category::Api) {
                            continue;
                        }
                        f.message = change.removed_message();
                    }
                    if unit.template_root.is_some() {
                        // Located again in the template it came from.
                        f.location = None;
                    }
                    found.push(f);
                }
            }
            if checks.contains(&Category::Api) {
                found.extend(validate::api::check(doc, i, unit.kube));
            }
            if checks.contains(&Category::Server) {
                found.extend(validate::server::check(doc, i));
            }
        }
        // Skipped resources (by --skip or for want of a schema) get
        // no policy findings either.
        if let Some(policy) = &policy
            && status != Status::Skipped
        {
            found.extend(policy.check(i, doc));
        }
        let missed = missed(doc).then(|| doc.clone());
        doc.release_value();
        (found, status, missed)
    };
    let mut chunks = unit.stream.chunks(chunk_size);
    let mut stream = Chunk {
        documents: std::mem::take(&mut out.documents),
        errors: Vec::new(),
    };
    let mut base = 0;
    while let Some(per_doc) = chunks.next_visited(&visit, &mut stream) {
        for (local, (found, status, missed)) in per_doc.into_iter().enumerate() {
            out.findings.extend(found.into_iter().map(|mut f| {
                if f.resource.is_some() {
                    f.resource = Some(base + local);
                }
                f
            }));
            out.statuses.push(status);
            missed_documents.extend(missed.map(|mut doc| {
                doc.index = stream.documents[base + local].index;
                doc
            }));
        }
        base = stream.documents.len();
    }
    out.documents = stream.documents;
    out.errors = stream.errors;
    // A failed render or unreadable input is reported already; an empty
    // stream is only news when nothing else went wrong.
    let broken = !unit.findings.is_empty() || !out.errors.is_empty();
    if checks.contains(&Category::Server) && !(broken && out.documents.is_empty()) {
        out.findings
            .extend(validate::server::check_stream(&out.documents));
    }
    (out, missed_documents)
}

/// Positions in the input files of findings not yet located, parsing each
/// resource once for all of its findings (in parallel across resources).
fn locate_in_files(documents: &[Document], findings: &mut [Finding]) {
    let mut by_resource: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, f) in findings.iter().enumerate() {
        if let (Some(r), None) = (f.resource, &f.location)
            && r < documents.len()
        {
            by_resource.entry(r).or_default().push(i);
        }
    }
    let located: Vec<(Vec<usize>, Vec<Location>)> = by_resource
        .into_par_iter()
        .map(|(r, indices)| {
            let doc = &documents[r];
            let pointers: Vec<&str> = indices.iter().map(|&i| findings[i].path.as_str()).collect();
            let positions = doc
                .locate_all(&pointers)
                .into_iter()
                .map(|p| Location {
                    file: doc.source.to_string(),
                    line: p.line,
                    column: p.column,
                })
                .collect();
            (indices, positions)
        })
        .collect();
    for (indices, positions) in located {
        for (i, location) in indices.into_iter().zip(positions) {
            findings[i].location = Some(location);
        }
    }
}

/// Where a finding's field is written: in the template it came from for
/// rendered resources (see [`template_line`]), else in the input file.
fn locate(
    unit: &Unit,
    doc: &Document,
    ordinal: usize,
    pointer: &str,
    sources: &mut HashMap<String, SourceText>,
) -> Location {
    if let (Some(template), Some(root)) = (&doc.template, &unit.template_root) {
        let text = sources.entry(template.clone()).or_insert_with(|| {
            Arc::new(std::fs::read_to_string(root.join(template)).unwrap_or_default())
        });
        let (line, column) = template_line(text, ordinal, pointer);
        return Location {
            file: template.clone(),
            line,
            column,
        };
    }
    let position = doc.locate(pointer);
    Location {
        file: doc.source.to_string(),
        line: position.line,
        column: position.column,
    }
}

/// The template line that most likely wrote the field at `pointer` of the
/// `ordinal`-th document a template produced. Rendering does not keep a
/// map from output to template positions, so this follows the pointer's
/// keys through the template text in order: each key is looked for
/// (`key:` at the start of a line, or after `- `) below the previous one.
/// When a key is not written literally (it came from `toYaml` of a
/// value), the last key found is the answer: the line that pulls the
/// value in is just below it.
pub fn template_line(template: &str, ordinal: usize, pointer: &str) -> (usize, usize) {
    let lines: Vec<&str> = template.lines().collect();
    // Skip to the ordinal-th document of a multi-document template.
    let mut start = 0;
    let mut seen = 0;
    while seen < ordinal && start < lines.len() {
        if lines[start].starts_with("---") {
            seen += 1;
        }
        start += 1;
    }
    if seen < ordinal {
        start = 0;
    }
    let mut found = (start.min(lines.len().saturating_sub(1)) + 1, 1);
    let mut from = start;
    for segment in crate::diag::pointer_segments(pointer) {
        if segment.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let hit = lines.iter().enumerate().skip(from).find_map(|(n, line)| {
            let trimmed = line.trim_start();
            let indent = line.len() - trimmed.len();
            let (item, body) = match trimmed.strip_prefix("- ") {
                Some(rest) => (2, rest),
                None => (0, trimmed),
            };
            let body = body.trim_start_matches(['"', '\'']);
            (body.starts_with(segment.as_str())
                && body[segment.len()..]
                    .trim_start_matches(['"', '\''])
                    .starts_with(':'))
            .then_some((n, indent + item + 1))
        });
        match hit {
            Some((n, column)) => {
                found = (n + 1, column);
                from = n + 1;
            }
            None => break,
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n  template:\n    spec:\n      containers:\n        - name: app\n          image: x\n          resources:\n            {{- toYaml .Values.resources | nindent 12 }}\n---\napiVersion: v1\nkind: Service\nspec:\n  type: {{ .Values.type }}\n";

    #[test]
    fn template_lines_follow_the_pointer() {
        assert_eq!(template_line(TEMPLATE, 0, "/spec/replicas"), (6, 3));
        assert_eq!(
            template_line(TEMPLATE, 0, "/spec/template/spec/containers/0/name"),
            (10, 11)
        );
        // From toYaml: the key that pulls the value in.
        assert_eq!(
            template_line(
                TEMPLATE,
                0,
                "/spec/template/spec/containers/0/resources/limits/cpu"
            ),
            (12, 11)
        );
        assert_eq!(template_line(TEMPLATE, 1, "/spec/type"), (18, 3));
        assert_eq!(template_line(TEMPLATE, 0, ""), (1, 1));
        assert_eq!(template_line("", 3, "/a"), (1, 1));
    }

    /// A stream whose stream-wide rules reach across chunks of any size:
    /// a resource defined twice far apart, custom resources before their
    /// CRD, Deployments before the PodDisruptionBudget and NetworkPolicy
    /// that cover them (one spelled with a YAML escape, which the text
    /// search cannot see), lists, `null` and unreadable documents.
    fn chunked_stream() -> String {
        let deploy = |name: &str, app: &str, ns: &str| {
            format!(
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: {ns}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {{app: {app}}}\n  template:\n    metadata:\n      labels: {{app: {app}}}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n"
            )
        };
        let docs = [
            deploy("web", "web", "a"),
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: big}\n".into(),
            "null\n".into(),
            "a: [1\n".into(),
            "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: c1}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: cm}}\n".into(),
            deploy("api", "api", "b"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm}\ndata: {k: v, k: w}\n".into(),
            "- 1\n".into(),
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w2}\nspec: {size: 3}\n".into(),
            "# a comment only\n".into(),
            "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web, namespace: a}\nspec:\n  minAvailable: 1\n  selector: {matchLabels: {app: web}}\n".into(),
            "apiVersion: networking.k8s.io/v1\nkind: \"Network\\x50olicy\"\nmetadata: {name: np, namespace: b}\nspec: {podSelector: {}}\n".into(),
            "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\nspec:\n  group: example.com\n  names: {kind: Widget, plural: widgets}\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: object\n            properties:\n              size: {type: integer}\n".into(),
            deploy("web", "web", "a"),
        ];
        docs.join("---\n")
    }

    #[test]
    fn chunk_size_does_not_change_results() {
        let dir = std::env::temp_dir().join(format!("shipshape-chunks-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("stream.yaml");
        std::fs::write(&file, chunked_stream()).unwrap();
        for format in [Format::Json, Format::Text, Format::Sarif] {
            let options = LintOptions {
                targets: vec![file.display().to_string()],
                format,
                ..LintOptions::default()
            };
            let whole = run_chunked(&options, Some(usize::MAX));
            assert_eq!(whole.code, 1, "{}", whole.stderr);
            for size in [1, 2, 3, 5, CHUNK_TEST_SIZE] {
                let chunked = run_chunked(&options, Some(size));
                assert_eq!(chunked.stdout, whole.stdout, "{format:?}, chunks of {size}");
                assert_eq!(chunked.code, whole.code);
            }
        }
        let options = LintOptions {
            targets: vec![file.display().to_string()],
            format: Format::Json,
            ..LintOptions::default()
        };
        let report: serde_json::Value =
            serde_json::from_str(&run_chunked(&options, Some(2)).stdout).unwrap();
        let rules_on = |name: &str| -> Vec<String> {
            let resources = report["resources"].as_array().unwrap();
            let mut rules: Vec<String> = report["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| {
                    f["resource"]
                        .as_u64()
                        .is_some_and(|r| resources[r as usize]["name"] == name)
                })
                .map(|f| f["rule"].as_str().unwrap().to_string())
                .collect();
            rules.dedup();
            rules
        };
        // The CRD at the end defines the Widgets before it.
        assert!(rules_on("w1").contains(&"schema/type".to_string()));
        assert!(!rules_on("w2").iter().any(|r| r.starts_with("schema/")));
        // The PodDisruptionBudget and the escaped NetworkPolicy come after
        // the Deployments they cover.
        let web = rules_on("web");
        assert!(!web.contains(&"pdb-missing".to_string()), "{web:?}");
        assert!(web.contains(&"network-policy".to_string()), "{web:?}");
        let api = rules_on("api");
        assert!(api.contains(&"pdb-missing".to_string()), "{api:?}");
        assert!(!api.contains(&"network-policy".to_string()), "{api:?}");
        // Defined twice, far apart; a list item counts as a resource.
        assert!(web.contains(&"server/duplicate-resource".to_string()));
        assert!(rules_on("cm").contains(&"server/duplicate-resource".to_string()));
        let numbered: Vec<u64> = report["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["document"].as_u64().unwrap())
            .collect();
        // Items of a list share its number; the next document counts them.
        assert_eq!(numbered, [0, 1, 3, 3, 5, 6, 8, 9, 10, 11, 12]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Bigger than the test stream: everything in one chunk.
    const CHUNK_TEST_SIZE: usize = 64;

    #[test]
    fn helm_errors_name_their_template_position() {
        let f = render_failure(
            "charts/web",
            "Error: template: web/templates/deploy.yaml:12:20: executing \"web/templates/deploy.yaml\" at <.Values.x.y>: nil pointer evaluating interface {}.y\n\nUse --debug flag to render out invalid YAML\n",
        );
        let loc = f.location.unwrap();
        assert_eq!(
            (loc.file.as_str(), loc.line, loc.column),
            ("web/templates/deploy.yaml", 12, 20)
        );
        assert!(
            f.message
                .starts_with("template: web/templates/deploy.yaml:12:20: executing")
        );
        assert!(!f.message.contains("--debug"));
    }
}
