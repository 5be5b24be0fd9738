//! `shipshape diff` arguments.
//!
//! Flag design: the values flags of `helm template` (`-f`, `--set`, …, `-n`)
//! apply to both sides; `--from-…` flags add to the old side only and
//! `--to-…` flags to the new side only (`--from-values`/`--to-values`,
//! `--from-set`/`--to-set`, `--from-set-string`, `--from-set-json`,
//! `--from-set-file`, `--from-set-literal` and their `--to-` twins,
//! `--from-namespace`/`--to-namespace`), applied after the shared ones.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::chart::sources::ValueSources;
use clap::{Args, ValueEnum};

use super::{HelmCompat, split_commas};
use crate::app::diff::{DiffOptions, Inputs};
use crate::diff::Format;
use crate::render::Compat;

/// Output format of `shipshape diff`.
#[derive(Debug, Clone, Copy, ValueEnum, Default)]
enum OutputFormat {
    /// helm-diff style headers and unified diffs.
    #[default]
    Diff,
    /// One line per added, removed or changed resource.
    Simple,
    /// Machine-readable: identities, change kinds, changed fields.
    Json,
    /// A pull-request comment.
    Markdown,
}

/// When to color the output.
#[derive(Debug, Clone, Copy, ValueEnum, Default)]
enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is unset.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Show what an upgrade would change: compare two renders offline.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// RELEASE CHART (the old side is given by a --from-… option), or
    /// RELEASE OLD_CHART NEW_CHART (directories or `.tgz`).
    #[arg(value_names = ["RELEASE", "CHART"], num_args = 2..=3, required = true)]
    positional: Vec<String>,
    /// Values for both sides.
    #[command(flatten)]
    values: super::ValuesArgs,
    /// Release namespace of both sides (namespaced resources without one land there).
    #[arg(short = 'n', long = "namespace")]
    namespace: Option<String>,
    /// Values files of the old side only, after -f.
    #[arg(long = "from-values", value_name = "FILE")]
    from_values: Vec<String>,
    /// Values files of the new side only, after -f.
    #[arg(long = "to-values", value_name = "FILE")]
    to_values: Vec<String>,
    /// --set for the old side only.
    #[arg(long = "from-set", value_name = "KEY=VAL")]
    from_set: Vec<String>,
    /// --set for the new side only.
    #[arg(long = "to-set", value_name = "KEY=VAL")]
    to_set: Vec<String>,
    /// --set-string for the old side only.
    #[arg(long = "from-set-string", value_name = "KEY=VAL")]
    from_set_string: Vec<String>,
    /// --set-string for the new side only.
    #[arg(long = "to-set-string", value_name = "KEY=VAL")]
    to_set_string: Vec<String>,
    /// --set-json for the old side only.
    #[arg(long = "from-set-json", value_name = "KEY=JSON")]
    from_set_json: Vec<String>,
    /// --set-json for the new side only.
    #[arg(long = "to-set-json", value_name = "KEY=JSON")]
    to_set_json: Vec<String>,
    /// --set-file for the old side only.
    #[arg(long = "from-set-file", value_name = "KEY=PATH")]
    from_set_file: Vec<String>,
    /// --set-file for the new side only.
    #[arg(long = "to-set-file", value_name = "KEY=PATH")]
    to_set_file: Vec<String>,
    /// --set-literal for the old side only.
    #[arg(long = "from-set-literal", value_name = "KEY=VAL")]
    from_set_literal: Vec<String>,
    /// --set-literal for the new side only.
    #[arg(long = "to-set-literal", value_name = "KEY=VAL")]
    to_set_literal: Vec<String>,
    /// Namespace of the old side only.
    #[arg(long = "from-namespace", value_name = "NS")]
    from_namespace: Option<String>,
    /// Namespace of the new side only.
    #[arg(long = "to-namespace", value_name = "NS")]
    to_namespace: Option<String>,
    /// The old side is this saved manifest (`helm get manifest` output, an
    /// earlier `shipshape template`), or `-` for stdin.
    #[arg(
        long = "from-manifest",
        value_name = "FILE",
        conflicts_with = "from_rev"
    )]
    from_manifest: Option<String>,
    /// The old side is the chart and its values files as they were at this
    /// git revision (read with `git archive`; the working tree is not touched).
    #[arg(long = "from-rev", value_name = "REV")]
    from_rev: Option<String>,
    /// The new side is the chart and its values files at this git revision
    /// (default: as they are now).
    #[arg(long = "to-rev", value_name = "REV", requires = "from_rev")]
    to_rev: Option<String>,
    /// Lines of context around each change.
    #[arg(short = 'C', long = "context", value_name = "N", default_value_t = 3)]
    context: usize,
    /// Leave a field out of the comparison: `label:KEY`, `annotation:KEY`
    /// (`*` matches any text), a dotted path (`spec.replicas`,
    /// `spec.template.spec.containers[*].image`, `metadata.annotations["checksum/config"]`)
    /// or a JSON pointer, optionally `Kind:`-prefixed. Repeatable.
    #[arg(long = "ignore", value_name = "RULE")]
    ignore: Vec<String>,
    /// Show Secret `data`/`stringData` values instead of length markers.
    #[arg(long = "show-secrets")]
    show_secrets: bool,
    /// Output format.
    #[arg(short = 'o', long = "output", value_enum, default_value = "diff")]
    output: OutputFormat,
    /// Color the output: auto (a terminal and NO_COLOR unset), always, never.
    #[arg(long = "color", value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Exit 2 when there are changes, 0 when there are none, 1 on errors.
    #[arg(long = "detailed-exitcode")]
    detailed_exitcode: bool,
    /// Kubernetes version for `.Capabilities.KubeVersion`.
    #[arg(long = "kube-version")]
    kube_version: Option<String>,
    /// Extra API versions for `.Capabilities.APIVersions`.
    #[arg(short = 'a', long = "api-versions")]
    api_versions: Vec<String>,
    /// Include CRDs from `crds/` in both renders.
    #[arg(long = "include-crds")]
    include_crds: bool,
    /// Leave out `helm test` hooks.
    #[arg(long = "skip-tests")]
    skip_tests: bool,
    /// Leave out hooks.
    #[arg(long = "no-hooks")]
    no_hooks: bool,
    /// Follow Helm 3.17 (`3`) or Helm 4.1 (`4`, default) where they differ.
    #[arg(long = "helm-compat", value_enum, default_value = "4")]
    helm_compat: HelmCompat,
    /// Render both sides for this environment (the old side only, with `--to-env`).
    #[arg(long = "env", value_name = "NAME")]
    env: Option<String>,
    /// Render the new side for this environment: `--env staging --to-env prod`.
    #[arg(long = "to-env", value_name = "NAME")]
    to_env: Option<String>,
    /// The config file that names environments (default: shipshape.yaml next to the chart or above).
    #[arg(long = "config", value_name = "FILE")]
    config: Option<PathBuf>,
}

impl DiffArgs {
    /// The options of `app::diff::run`; color is decided here (`--color`,
    /// whether stdout is a terminal, `NO_COLOR`).
    pub fn into_options(self) -> DiffOptions {
        let (release_name, old_chart, chart) = match self.positional.as_slice() {
            [release, old, new] => (release.clone(), Some(PathBuf::from(old)), new.clone()),
            [release, chart] => (release.clone(), None, chart.clone()),
            _ => (String::new(), None, String::new()),
        };
        let shared = Inputs {
            release_name: None,
            namespace: self.namespace,
            values: self.values.into_sources(),
        };
        let from = shared.then(&Inputs {
            release_name: None,
            namespace: self.from_namespace,
            values: ValueSources {
                files: split_commas(&self.from_values),
                set: self.from_set,
                set_string: self.from_set_string,
                set_json: self.from_set_json,
                set_file: self.from_set_file,
                set_literal: self.from_set_literal,
            },
        });
        let to = shared.then(&Inputs {
            release_name: None,
            namespace: self.to_namespace,
            values: ValueSources {
                files: split_commas(&self.to_values),
                set: self.to_set,
                set_string: self.to_set_string,
                set_json: self.to_set_json,
                set_file: self.to_set_file,
                set_literal: self.to_set_literal,
            },
        });
        let color = match self.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        DiffOptions {
            release_name,
            old_chart,
            chart: PathBuf::from(chart),
            from,
            to,
            env: self.env,
            to_env: self.to_env,
            config: self.config,
            from_manifest: self.from_manifest,
            from_rev: self.from_rev,
            to_rev: self.to_rev,
            kube_version: self.kube_version,
            api_versions: split_commas(&self.api_versions),
            include_crds: self.include_crds,
            skip_tests: self.skip_tests,
            no_hooks: self.no_hooks,
            compat: match self.helm_compat {
                HelmCompat::Three => Compat::Helm3,
                HelmCompat::Four => Compat::Helm4,
            },
            context: self.context,
            ignore: self.ignore,
            show_secrets: self.show_secrets,
            format: match self.output {
                OutputFormat::Diff => Format::Diff,
                OutputFormat::Simple => Format::Simple,
                OutputFormat::Json => Format::Json,
                OutputFormat::Markdown => Format::Markdown,
            },
            color,
            detailed_exitcode: self.detailed_exitcode,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: DiffArgs,
    }

    fn parse(args: &[&str]) -> Result<DiffOptions, clap::Error> {
        let mut argv = vec!["diff"];
        argv.extend(args);
        Cli::try_parse_from(argv).map(|c| c.args.into_options())
    }

    #[test]
    fn sides_layer_shared_then_own_flags() {
        let o = parse(&[
            "web",
            "chart",
            "-f",
            "a.yaml,b.yaml",
            "--from-values",
            "old.yaml",
            "--to-values",
            "new.yaml",
            "--set",
            "x=1",
            "--to-set",
            "x=2",
            "-n",
            "prod",
            "--to-namespace",
            "next",
            "-o",
            "json",
            "--color",
            "always",
            "-C",
            "5",
            "--ignore",
            "label:helm.sh/chart",
        ])
        .unwrap();
        assert_eq!(o.release_name, "web");
        assert_eq!(o.chart, PathBuf::from("chart"));
        assert_eq!(o.old_chart, None);
        assert_eq!(o.from.values.files, ["a.yaml", "b.yaml", "old.yaml"]);
        assert_eq!(o.to.values.files, ["a.yaml", "b.yaml", "new.yaml"]);
        assert_eq!(o.from.values.set, ["x=1"]);
        assert_eq!(o.to.values.set, ["x=1", "x=2"]);
        assert_eq!(o.from.namespace.as_deref(), Some("prod"));
        assert_eq!(o.to.namespace.as_deref(), Some("next"));
        assert_eq!(o.format, Format::Json);
        assert!(o.color);
        assert_eq!(o.context, 5);
        assert_eq!(o.ignore, ["label:helm.sh/chart"]);
    }

    #[test]
    fn positional_forms_and_conflicts() {
        let o = parse(&["web", "old", "new", "--color", "never"]).unwrap();
        assert_eq!(o.old_chart, Some(PathBuf::from("old")));
        assert_eq!(o.chart, PathBuf::from("new"));
        assert!(!o.color);
        assert_eq!(o.context, 3);
        assert!(parse(&["web"]).is_err());
        assert!(parse(&["web", "c", "--to-rev", "HEAD"]).is_err());
        assert!(parse(&["web", "c", "--from-manifest", "m", "--from-rev", "HEAD"]).is_err());
        let o = parse(&[
            "web",
            "c",
            "--from-rev",
            "v1",
            "--to-rev",
            "v2",
            "--helm-compat",
            "3",
        ])
        .unwrap();
        assert_eq!(o.from_rev.as_deref(), Some("v1"));
        assert_eq!(o.to_rev.as_deref(), Some("v2"));
        assert_eq!(o.compat, Compat::Helm3);
    }
}
