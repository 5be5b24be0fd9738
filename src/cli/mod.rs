//! The command line: clap definitions, turned into `app` options; prints
//! what the command returns and exits with its status.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::app;
use crate::app::install_flags::InstallFlags;
use crate::chart::sources::ValueSources;
use crate::diag::Category;
use crate::render::Compat;

pub mod diff;
mod lint;

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
    Template(Box<TemplateArgs>),
    /// Check manifests or charts: schemas, API versions, server rules, policies, Helm's lint.
    Lint(lint::LintArgs),
    /// `lint --checks schema,api,server`: validate resources as an API server would.
    Validate(lint::LintArgs),
    /// Show what an upgrade would change: two charts, environments, git revisions, values sets,
    /// or a saved manifest against a new render.
    Diff(Box<diff::DiffArgs>),
    /// List every rule, or explain one with a failing and a passing example.
    Rules {
        /// A rule id, such as `pss/runAsNonRoot` or `image-tag`.
        id: Option<String>,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `shipshape man > shipshape.1`.
    Man,
}

/// Which Helm's behaviour to follow where Helm 3 and Helm 4 differ.
#[derive(Debug, Clone, Copy, ValueEnum, Default)]
pub(crate) enum HelmCompat {
    /// Helm 3.17.
    #[value(name = "3")]
    Three,
    /// Helm 4.1 (default).
    #[default]
    #[value(name = "4")]
    Four,
}

/// `-f` and the `--set` family, as every rendering command takes them.
#[derive(Debug, Args, Default)]
pub(crate) struct ValuesArgs {
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
}

impl ValuesArgs {
    /// The flags as value sources.
    pub(crate) fn into_sources(self) -> ValueSources {
        ValueSources {
            files: split_commas(&self.values),
            set: self.set,
            set_string: self.set_string,
            set_json: self.set_json,
            set_file: self.set_file,
            set_literal: self.set_literal,
        }
    }
}

#[derive(Debug, Args)]
struct TemplateArgs {
    /// Release name, then chart directory or `.tgz` (as `helm template NAME CHART`).
    #[arg(value_names = ["NAME", "CHART"], num_args = 1.., required = true)]
    positional: Vec<String>,
    #[command(flatten)]
    values: ValuesArgs,
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
    /// Omit NAME: `template` then names the release `release-name`, as Helm does.
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
    /// Name the release by rendering this template (Sprig functions, no data).
    #[arg(long = "name-template", value_name = "TEMPLATE")]
    name_template: Option<String>,
    /// Helm 3: pipe the manifests through this executable (found in $PATH
    /// unless it holds a `/`). Helm 4 only runs post-renderer plugins.
    #[arg(long = "post-renderer", value_name = "PATH")]
    post_renderer: Option<String>,
    /// An argument for the post-renderer (repeatable).
    #[arg(
        long = "post-renderer-args",
        value_name = "ARG",
        allow_hyphen_values = true
    )]
    post_renderer_args: Vec<String>,
    /// `client` (default) or `server`; Helm 3 also takes `true`, `false`,
    /// `none`. `server` needs a cluster and is refused under Helm 4.
    #[arg(long = "dry-run", value_name = "MODE", num_args = 0..=1, require_equals = true, default_missing_value = "unset")]
    dry_run: Option<String>,
    /// Release labels (`k=v,…`): checked, but only stored with a release.
    #[arg(short = 'l', long = "labels", value_name = "K=V")]
    labels: Vec<String>,
    /// Checked as a Go duration; nothing waits in `template`.
    #[arg(long = "timeout", value_name = "DURATION")]
    timeout: Option<String>,
    /// Checked (Helm 3: a boolean; Helm 4: watcher, hookOnly, legacy); no effect.
    #[arg(long = "wait", value_name = "STRATEGY", num_args = 0..=1, require_equals = true, default_missing_value = "")]
    wait: Option<String>,
    /// Helm 4 only; checked as a boolean, no effect.
    #[arg(long = "server-side", value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = "")]
    server_side: Option<String>,
    /// Refuses an unpacked chart as Helm does; signatures are not checked.
    #[arg(long = "verify")]
    verify: bool,
    /// Helm 4 fetches the chart from this repository (refused); Helm 3 ignores
    /// it for a local chart.
    #[arg(long = "repo", value_name = "URL")]
    repo: Option<String>,
    /// Must be readable, as Helm reads it before rendering; otherwise unused.
    #[arg(long = "ca-file", value_name = "FILE")]
    ca_file: Option<String>,
    /// No effect on `template` (Helm 3; deprecated in Helm 4).
    #[arg(long = "atomic")]
    atomic: bool,
    /// No effect on `template` (Helm 3; deprecated in Helm 4).
    #[arg(long = "force")]
    force: bool,
    /// Helm 4 only; no effect on `template`.
    #[arg(long = "rollback-on-failure")]
    rollback_on_failure: bool,
    /// Helm 4 only; no effect on `template`.
    #[arg(long = "force-conflicts")]
    force_conflicts: bool,
    /// Helm 4 only; no effect on `template`.
    #[arg(long = "force-replace")]
    force_replace: bool,
    /// shipshape: render for this environment of `shipshape.yaml` (or `values-<env>.yaml`):
    /// its values files and `--set` values come before the command line's.
    #[arg(long = "env", value_name = "NAME")]
    env: Option<String>,
    /// shipshape: the config file that names environments (default: `shipshape.yaml` next to
    /// the chart or above it).
    #[arg(long = "config", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Accepted; `template` never prints NOTES.txt.
    #[arg(long = "hide-notes")]
    hide_notes: bool,
    /// Accepted; `template` never prints NOTES.txt.
    #[arg(long = "render-subchart-notes")]
    render_subchart_notes: bool,
    /// Accepted; no effect without a cluster.
    #[arg(long = "create-namespace")]
    create_namespace: bool,
    /// Accepted; only stored with a release.
    #[arg(long = "description", value_name = "TEXT")]
    description: Option<String>,
    /// Accepted; no effect on a local chart.
    #[arg(long = "devel")]
    devel: bool,
    /// Accepted; no effect on a local chart.
    #[arg(long = "version", value_name = "CONSTRAINT")]
    version: Option<String>,
    /// Accepted; no effect without a cluster.
    #[arg(long = "disable-openapi-validation")]
    disable_openapi_validation: bool,
    /// Accepted; `getHostByName` still returns "" (no DNS lookups).
    #[arg(long = "enable-dns")]
    enable_dns: bool,
    /// Accepted; no effect without a cluster.
    #[arg(long = "replace")]
    replace: bool,
    /// Accepted; no effect without a cluster.
    #[arg(long = "take-ownership")]
    take_ownership: bool,
    /// Accepted; no effect without a cluster.
    #[arg(long = "wait-for-jobs")]
    wait_for_jobs: bool,
    /// Accepted; dependencies must already be in `charts/`.
    #[arg(long = "dependency-update")]
    dependency_update: bool,
    /// Accepted; charts are never downloaded.
    #[arg(long = "username")]
    username: Option<String>,
    /// Accepted; charts are never downloaded.
    #[arg(long = "password")]
    password: Option<String>,
    /// Accepted; charts are never downloaded.
    #[arg(long = "cert-file")]
    cert_file: Option<String>,
    /// Accepted; charts are never downloaded.
    #[arg(long = "key-file")]
    key_file: Option<String>,
    /// Accepted; charts are never downloaded.
    #[arg(long = "keyring")]
    keyring: Option<String>,
    /// Accepted; charts are never downloaded.
    #[arg(long = "insecure-skip-tls-verify")]
    insecure_skip_tls_verify: bool,
    /// Accepted; charts are never downloaded.
    #[arg(long = "pass-credentials")]
    pass_credentials: bool,
    /// Accepted; charts are never downloaded.
    #[arg(long = "plain-http")]
    plain_http: bool,
    /// Helm's global cluster and repository flags: accepted, never used
    /// (shipshape contacts no cluster and downloads nothing).
    #[command(flatten)]
    global: GlobalArgs,
    /// Follow Helm 3.17 (`3`) or Helm 4.1 (`4`, default) where they differ.
    #[arg(long = "helm-compat", value_enum, default_value = "4")]
    helm_compat: HelmCompat,
}

/// Helm's global flags that only matter against a cluster or a repository.
#[derive(Debug, Args)]
struct GlobalArgs {
    /// Accepted, unused.
    #[arg(long = "kube-context")]
    kube_context: Option<String>,
    /// Accepted, unused.
    #[arg(long = "kubeconfig")]
    kubeconfig: Option<String>,
    /// Accepted, unused.
    #[arg(long = "kube-apiserver")]
    kube_apiserver: Option<String>,
    /// Accepted, unused.
    #[arg(long = "kube-as-user")]
    kube_as_user: Option<String>,
    /// Accepted, unused.
    #[arg(long = "kube-as-group")]
    kube_as_group: Vec<String>,
    /// Accepted, unused.
    #[arg(long = "kube-ca-file")]
    kube_ca_file: Option<String>,
    /// Accepted, unused.
    #[arg(long = "kube-token")]
    kube_token: Option<String>,
    /// Accepted, unused.
    #[arg(long = "kube-tls-server-name")]
    kube_tls_server_name: Option<String>,
    /// Accepted, unused.
    #[arg(long = "kube-insecure-skip-tls-verify")]
    kube_insecure_skip_tls_verify: bool,
    /// Checked as an integer, unused.
    #[arg(long = "burst-limit")]
    burst_limit: Option<String>,
    /// Checked as a number, unused.
    #[arg(long = "qps")]
    qps: Option<String>,
    /// Accepted, unused.
    #[arg(long = "registry-config")]
    registry_config: Option<String>,
    /// Accepted, unused.
    #[arg(long = "repository-cache")]
    repository_cache: Option<String>,
    /// Accepted, unused.
    #[arg(long = "repository-config")]
    repository_config: Option<String>,
    /// Helm 4 only: `never`, `auto` or `always`; shipshape's output has no colour.
    #[arg(long = "color")]
    color: Option<String>,
    /// Helm 4 only: `--color` spelled the British way.
    #[arg(long = "colour")]
    colour: Option<String>,
    /// Helm 4 only; accepted, unused.
    #[arg(long = "content-cache")]
    content_cache: Option<String>,
}

fn split_commas(items: &[String]) -> Vec<String> {
    items
        .iter()
        .flat_map(|s| s.split(','))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl TemplateArgs {
    fn into_options(self) -> app::template::TemplateOptions {
        let mut positional = self.positional.into_iter();
        let (release_name, chart) = match (positional.next(), positional.next()) {
            (Some(name), Some(chart)) => (Some(name), chart),
            (Some(chart), None) => (None, chart),
            _ => (None, String::new()),
        };
        let given = |on: bool, flag: &'static str| on.then_some(flag);
        let install = InstallFlags {
            dry_run: self.dry_run,
            wait: self.wait,
            timeout: self.timeout,
            labels: self.labels,
            server_side: self.server_side,
            verify: self.verify,
            repo: self.repo,
            ca_file: self.ca_file,
            color: self.global.color.clone().or(self.global.colour.clone()),
            burst_limit: self.global.burst_limit,
            qps: self.global.qps,
            helm4_only: [
                given(self.global.color.is_some(), "--color"),
                given(self.global.colour.is_some(), "--colour"),
                given(self.global.content_cache.is_some(), "--content-cache"),
                given(self.force_conflicts, "--force-conflicts"),
                given(self.force_replace, "--force-replace"),
                given(self.rollback_on_failure, "--rollback-on-failure"),
            ]
            .into_iter()
            .flatten()
            .collect(),
            deprecated_in_helm4: [given(self.atomic, "--atomic"), given(self.force, "--force")]
                .into_iter()
                .flatten()
                .collect(),
        };
        app::template::TemplateOptions {
            release_name,
            chart: PathBuf::from(chart),
            extra_args: positional.collect(),
            name_template: self.name_template,
            generate_name: self.generate_name,
            post_renderer: self.post_renderer,
            post_renderer_args: self.post_renderer_args,
            install,
            values: self.values.into_sources(),
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

impl HelmCompat {
    fn compat(self) -> Compat {
        match self {
            HelmCompat::Three => Compat::Helm3,
            HelmCompat::Four => Compat::Helm4,
        }
    }
}

/// Runs `template`, first adding the `--env` environment's settings.
fn run_template(args: TemplateArgs) -> app::Outcome {
    let env = args.env.clone();
    let config = args.config.clone();
    let mut options = args.into_options();
    if let Some(name) = env {
        match app::config::find_environment(&options.chart, &name, config.as_deref()) {
            Ok(env) => {
                let chart = options.chart.clone();
                env.apply(&chart, &mut options);
            }
            Err(message) => {
                return app::Outcome {
                    stderr: format!("Error: {message}\n"),
                    code: 1,
                    ..app::Outcome::default()
                };
            }
        }
    }
    app::template::run(&options)
}

/// Runs `lint` (or `validate`, with its fixed families); bad arguments
/// exit with status 2.
fn run_lint(args: lint::LintArgs, families: Option<&[Category]>) -> app::Outcome {
    match args.into_options(families) {
        Ok(options) => app::lint::run(&options),
        Err(message) => app::Outcome {
            stderr: format!("Error: {message}\n"),
            code: 2,
            ..app::Outcome::default()
        },
    }
}

/// Parses the command line, runs the command, prints its output and
/// returns the exit status.
pub fn main() -> i32 {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Template(args) => run_template(*args),
        Command::Lint(args) => run_lint(args, None),
        Command::Validate(args) => run_lint(
            args,
            Some(&[Category::Schema, Category::Api, Category::Server]),
        ),
        Command::Diff(args) => app::diff::run(&args.into_options()),
        Command::Rules { id } => app::rules::run(id.as_deref()),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "shipshape", &mut out);
            app::Outcome {
                stdout: String::from_utf8_lossy(&out).into_owned(),
                ..app::Outcome::default()
            }
        }
        Command::Man => {
            let mut out = Vec::new();
            let _ = clap_mangen::Man::new(Cli::command()).render(&mut out);
            app::Outcome {
                stdout: String::from_utf8_lossy(&out).into_owned(),
                ..app::Outcome::default()
            }
        }
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
