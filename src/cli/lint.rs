//! `shipshape lint` and `shipshape validate` arguments.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::HelmCompat;
use crate::app::lint::{ChartValues, Format, LintOptions};
use crate::diag::{Category, Severity};

/// Output formats of `lint`.
#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub(crate) enum OutputFormat {
    /// Findings grouped by resource, with source lines.
    #[default]
    Text,
    /// One JSON document (the contract in the README).
    Json,
    /// SARIF 2.1.0, for code-scanning upload.
    Sarif,
    /// JUnit XML: a test case per resource and check family.
    Junit,
    /// GitHub Actions annotations (`::error file=…,line=…::`).
    Github,
}

/// The thresholds of `--fail-on`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum FailOn {
    /// Fail on errors only.
    Error,
    /// Fail on warnings too.
    Warning,
}

/// The arguments of `lint` (and `validate`).
#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// Manifest files, directories (YAML and JSON files, recursively; or a tree of charts), chart
    /// directories, chart `.tgz` archives, or `-` for stdin.
    #[arg(value_name = "TARGET", required = true)]
    targets: Vec<String>,
    /// Target Kubernetes version (1.30–1.37; default the newest).
    #[arg(long = "kube-version", value_name = "X.Y")]
    kube_version: Option<String>,
    /// Unknown fields and duplicate keys are errors.
    #[arg(long)]
    strict: bool,
    /// CRD files or directories whose schemas validate custom resources (repeatable).
    #[arg(long = "crd", value_name = "FILE|DIR")]
    crds: Vec<String>,
    /// Kinds not to check (comma-separated, repeatable).
    #[arg(long, value_name = "KIND[,KIND]")]
    skip: Vec<String>,
    /// Kinds that are errors wherever they appear (comma-separated, repeatable).
    #[arg(long, value_name = "KIND[,KIND]")]
    reject: Vec<String>,
    /// Report resources without a schema as skipped instead of as errors.
    #[arg(long = "ignore-missing-schemas")]
    ignore_missing_schemas: bool,
    /// Check families to run: schema, api, server, policy, helm (comma-separated; default all).
    #[arg(long, value_name = "FAMILY[,FAMILY]", value_delimiter = ',')]
    checks: Vec<String>,
    /// Pod Security Standards level enforced as errors: none, baseline (default) or restricted.
    #[arg(long, value_name = "LEVEL")]
    policy: Option<String>,
    /// Pod Security Standards version: latest (default) or 1.NN.
    #[arg(long = "pss-version", value_name = "VERSION")]
    pss_version: Option<String>,
    /// Exit with status 1 when findings at or above this severity exist.
    #[arg(long = "fail-on", value_enum)]
    fail_on: Option<FailOn>,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value = "text")]
    output: OutputFormat,
    /// Config file (default: shipshape.yaml next to the first target or above it).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Render charts for this environment.
    #[arg(long, value_name = "NAME")]
    env: Option<String>,
    /// Render charts for every environment.
    #[arg(long = "all-envs", conflicts_with = "env")]
    all_envs: bool,
    /// Values for chart targets, after the environment's.
    #[command(flatten)]
    values: super::ValuesArgs,
    /// Namespace charts are rendered into.
    #[arg(short = 'n', long = "namespace")]
    namespace: Option<String>,
    /// Release name charts are rendered with.
    #[arg(long = "release-name", value_name = "NAME")]
    release_name: Option<String>,
    /// Which Helm to follow where Helm 3 and 4 differ.
    #[arg(long = "helm-compat", value_enum)]
    helm_compat: Option<HelmCompat>,
    /// Never colour the text output (also: NO_COLOR set, or stdout not a terminal).
    #[arg(long = "no-color")]
    no_color: bool,
}

impl LintArgs {
    /// The options, with `validate`'s fixed families when `families` is
    /// given.
    pub(crate) fn into_options(self, families: Option<&[Category]>) -> Result<LintOptions, String> {
        let checks = match families {
            Some(f) => f.to_vec(),
            None => self
                .checks
                .iter()
                .map(|name| {
                    Category::parse(name.trim()).ok_or_else(|| {
                        format!(
                            "unknown check family {name:?}; expected some of: schema, api, server, policy, helm"
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        };
        if let Some(level) = &self.policy
            && !matches!(level.as_str(), "none" | "baseline" | "restricted")
        {
            return Err(format!(
                "invalid --policy {level:?}: expected none, baseline or restricted"
            ));
        }
        let color = !self.no_color
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::IsTerminal::is_terminal(&std::io::stdout());
        Ok(LintOptions {
            targets: self.targets,
            config: self.config,
            env: self.env,
            all_envs: self.all_envs,
            kube_version: self.kube_version,
            strict: self.strict,
            crds: self.crds,
            skip: self.skip,
            reject: self.reject,
            ignore_missing_schemas: self.ignore_missing_schemas,
            checks,
            policy: self.policy,
            pss_version: self.pss_version,
            fail_on: self.fail_on.map(|f| match f {
                FailOn::Error => Severity::Error,
                FailOn::Warning => Severity::Warning,
            }),
            format: match self.output {
                OutputFormat::Text => Format::Text,
                OutputFormat::Json => Format::Json,
                OutputFormat::Sarif => Format::Sarif,
                OutputFormat::Junit => Format::Junit,
                OutputFormat::Github => Format::Github,
            },
            color,
            values: ChartValues {
                sources: self.values.into_sources(),
                namespace: self.namespace,
                release_name: self.release_name,
            },
            compat: self.helm_compat.map(HelmCompat::compat),
        })
    }
}
