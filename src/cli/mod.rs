//! The command line: clap definitions, turned into `app` options; prints
//! what the command returns and exits with its status.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::app;
use crate::render::Compat;

pub mod diff;

/// Render Helm charts exactly as Helm does, then check them before they reach a cluster.
#[derive(Debug, Parser)]
#[command(name = "shipshape", version, about)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render a chart exactly as `helm template` does.
    Template(TemplateArgs),
}

/// Which Helm's behaviour to follow where Helm 3 and Helm 4 differ.
#[derive(Debug, Clone, Copy, ValueEnum, Default)]
enum HelmCompat {
    /// Helm 3.17.
    #[value(name = "3")]
    Three,
    /// Helm 4.1 (default).
    #[default]
    #[value(name = "4")]
    Four,
}

#[derive(Debug, Args)]
struct TemplateArgs {
    /// Release name, then chart directory or `.tgz` (as `helm template NAME CHART`).
    #[arg(value_names = ["NAME", "CHART"], num_args = 1..=2, required = true)]
    positional: Vec<String>,
    /// Values files, in order (later ones win); comma-separated lists allowed.
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    values: Vec<String>,
    /// Set values: `a.b=1,c[0]=x` (typed as Helm types them).
    #[arg(long = "set", value_name = "KEY=VAL")]
    set: Vec<String>,
    /// Set string values.
    #[arg(long = "set-string", value_name = "KEY=VAL")]
    set_string: Vec<String>,
    /// Set JSON values.
    #[arg(long = "set-json", value_name = "KEY=JSON")]
    set_json: Vec<String>,
    /// Set values from files.
    #[arg(long = "set-file", value_name = "KEY=PATH")]
    set_file: Vec<String>,
    /// Set a literal string value.
    #[arg(long = "set-literal", value_name = "KEY=VAL")]
    set_literal: Vec<String>,
    /// Release namespace.
    #[arg(short = 'n', long = "namespace")]
    namespace: Option<String>,
    /// Kubernetes version for `.Capabilities.KubeVersion`.
    #[arg(long = "kube-version")]
    kube_version: Option<String>,
    /// Extra API versions for `.Capabilities.APIVersions`.
    #[arg(short = 'a', long = "api-versions")]
    api_versions: Vec<String>,
    /// Set `.Release.IsUpgrade`.
    #[arg(long = "is-upgrade")]
    is_upgrade: bool,
    /// Print CRDs from `crds/` first.
    #[arg(long = "include-crds")]
    include_crds: bool,
    /// Accepted for compatibility: as in `helm template`, it does not change
    /// what is printed (`--include-crds` decides).
    #[arg(long = "skip-crds")]
    skip_crds: bool,
    /// Leave out `helm test` hooks.
    #[arg(long = "skip-tests")]
    skip_tests: bool,
    /// Leave out hooks.
    #[arg(long = "no-hooks")]
    no_hooks: bool,
    /// Only print these templates (paths relative to the chart; globs allowed).
    #[arg(short = 's', long = "show-only", value_name = "PATH")]
    show_only: Vec<String>,
    /// Write each template's output to a file under this directory.
    #[arg(long = "output-dir", value_name = "DIR")]
    output_dir: Option<PathBuf>,
    /// With --output-dir, nest the files under the release name.
    #[arg(long = "release-name")]
    release_name: bool,
    /// Generate the release name (CHART-TIMESTAMP) instead of taking one.
    #[arg(short = 'g', long = "generate-name")]
    generate_name: bool,
    /// Follow symlinks that point outside the chart (Helm does so silently).
    #[arg(long = "allow-external-symlinks")]
    allow_external_symlinks: bool,
    /// Do not validate values against `values.schema.json`.
    #[arg(long = "skip-schema-validation")]
    skip_schema_validation: bool,
    /// Refused: checking against a live cluster is not what shipshape does.
    #[arg(long = "validate")]
    validate: bool,
    /// Follow Helm 3.17 (`3`) or Helm 4.1 (`4`, default) where they differ.
    #[arg(long = "helm-compat", value_enum, default_value = "4")]
    helm_compat: HelmCompat,
}

fn split_commas(items: &[String]) -> Vec<String> {
    items
        .iter()
        .flat_map(|s| s.split(','))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Helm's `--generate-name`: the chart's base name and the Unix time.
fn generated_name(chart: &str) -> String {
    let base = std::path::Path::new(chart)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = base.trim_end_matches(".tgz");
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("{base}-{seconds}")
}

impl TemplateArgs {
    fn into_options(self) -> app::template::TemplateOptions {
        let (release_name, chart) = match self.positional.as_slice() {
            [name, chart] => (name.clone(), chart.clone()),
            [chart] if self.generate_name => (generated_name(chart), chart.clone()),
            [chart] => ("release-name".to_string(), chart.clone()),
            _ => (String::new(), String::new()),
        };
        app::template::TemplateOptions {
            release_name,
            chart: PathBuf::from(chart),
            values_files: split_commas(&self.values),
            set: self.set,
            set_string: self.set_string,
            set_json: self.set_json,
            set_file: self.set_file,
            set_literal: self.set_literal,
            namespace: self.namespace,
            kube_version: self.kube_version,
            api_versions: split_commas(&self.api_versions),
            is_upgrade: self.is_upgrade,
            include_crds: self.include_crds,
            skip_tests: self.skip_tests,
            no_hooks: self.no_hooks,
            show_only: self.show_only,
            output_dir: self.output_dir,
            use_release_name: self.release_name,
            validate: self.validate,
            skip_schema_validation: self.skip_schema_validation,
            allow_external_symlinks: self.allow_external_symlinks,
            compat: match self.helm_compat {
                HelmCompat::Three => Compat::Helm3,
                HelmCompat::Four => Compat::Helm4,
            },
        }
    }
}

/// Parses the command line, runs the command, prints its output and
/// returns the exit status.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Template(args) => app::template::run(&args.into_options()),
    };
    // A closed pipe (`shipshape template … | head`) is not an error.
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(outcome.stdout.as_bytes()).is_err() || stdout.flush().is_err() {
        return 0;
    }
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(outcome.stderr.as_bytes());
    // A person at a terminal also gets the source line and a caret; piped
    // output stays exactly Helm's.
    if let Some(snippet) = &outcome.snippet
        && std::io::IsTerminal::is_terminal(&stderr)
    {
        let _ = stderr.write_all(snippet.as_bytes());
    }
    outcome.code
}
