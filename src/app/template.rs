//! `shipshape template`: Helm's `helm template`, flag for flag.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Outcome;
use super::install_flags::{self, InstallFlags};
use super::post_render::{self, PostRenderer};
use crate::chart::sources::ValueSources;
use crate::chart::values::{Warnings, coalesce_values};
use crate::chart::{self, Chart};
use crate::render::objects::{Capabilities, KubeVersion};
use crate::render::output::{self, PrintOptions};
use crate::render::{self, Compat, Release, RenderOptions};

/// The options of `helm template` that shipshape honours.
#[derive(Debug, Clone, Default)]
pub struct TemplateOptions {
    /// The release name, when given (`helm template NAME CHART`).
    pub release_name: Option<String>,
    /// The chart directory.
    pub chart: PathBuf,
    /// Positional arguments after NAME and CHART (an error, as in Helm).
    pub extra_args: Vec<String>,
    /// `--name-template`: a template giving the release name.
    pub name_template: Option<String>,
    /// `-g/--generate-name`.
    pub generate_name: bool,
    /// `--post-renderer`: Helm 3 runs this executable on the manifests.
    pub post_renderer: Option<String>,
    /// `--post-renderer-args`, in order.
    pub post_renderer_args: Vec<String>,
    /// The `helm install` flags that `template` inherits.
    pub install: InstallFlags,
    /// `-f/--values` and the `--set` family.
    pub values: ValueSources,
    /// `-n/--namespace`.
    pub namespace: Option<String>,
    /// `--kube-version`.
    pub kube_version: Option<String>,
    /// `-a/--api-versions`.
    pub api_versions: Vec<String>,
    /// `--is-upgrade`.
    pub is_upgrade: bool,
    /// `--include-crds`.
    pub include_crds: bool,
    /// `--skip-tests`.
    pub skip_tests: bool,
    /// `--no-hooks`.
    pub no_hooks: bool,
    /// `-s/--show-only`: only these templates (paths relative to the chart,
    /// Go globs allowed).
    pub show_only: Vec<String>,
    /// `--output-dir`: write each template's documents to a file there.
    pub output_dir: Option<PathBuf>,
    /// `--release-name`: with `--output-dir`, nest files under the release name.
    pub use_release_name: bool,
    /// `--validate`: refused, it needs a cluster.
    pub validate: bool,
    /// `--skip-schema-validation`.
    pub skip_schema_validation: bool,
    /// `--allow-external-symlinks`: follow symlinks out of the chart as Helm does.
    pub allow_external_symlinks: bool,
    /// Which Helm to imitate.
    pub compat: Compat,
}

/// The hint Helm appends to every `helm template` failure.
const DEBUG_HINT: &str = "\n\nUse --debug flag to render out invalid YAML";

/// The pattern Helm's release-name error message quotes.
const RELEASE_NAME_REGEX: &str =
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/// Validates a release name as Helm's `chartutil.ValidateReleaseName`.
fn valid_release_name(name: &str) -> bool {
    if name.is_empty() || name.len() > 53 {
        return false;
    }
    name.split('.').all(|label| {
        let bytes = label.as_bytes();
        !bytes.is_empty()
            && bytes
                .iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
            && bytes[0] != b'-'
            && bytes[bytes.len() - 1] != b'-'
    })
}

/// Runs `helm template`.
pub fn run(options: &TemplateOptions) -> Outcome {
    if let Some(message) = options.install.color_error(options.compat) {
        // Helm 4 checks --color before the command runs and only logs it.
        return Outcome {
            stderr: message,
            code: 1,
            ..Outcome::default()
        };
    }
    let mut stderr = String::new();
    match run_inner(options, &mut stderr) {
        Ok(stdout) => Outcome {
            stdout,
            stderr,
            code: 0,
            snippet: None,
        },
        Err(failure) => {
            stderr.push_str("Error: ");
            let mut snippet = None;
            let mut stdout = String::new();
            match failure {
                Failure::Early(message) => stderr.push_str(&message),
                Failure::AfterOutput {
                    stdout: printed,
                    message,
                } => {
                    stdout = printed;
                    stderr.push_str(&message);
                }
                Failure::Render(message) => {
                    stderr.push_str(&message);
                    stderr.push_str(DEBUG_HINT);
                }
                Failure::Template(message, location) => {
                    stderr.push_str(&message);
                    stderr.push_str(DEBUG_HINT);
                    snippet = location.map(|l| l.snippet());
                }
            }
            stderr.push('\n');
            Outcome {
                stdout,
                stderr,
                code: 1,
                snippet,
            }
        }
    }
}

fn flush_warnings(stderr: &mut String, compat: Compat, warnings: &mut Warnings) {
    for warning in warnings.entries.drain(..) {
        let line = match compat {
            Compat::Helm3 => Some(&warning.helm3),
            Compat::Helm4 => warning.helm4.as_ref(),
        };
        if let Some(line) = line {
            stderr.push_str(line);
            stderr.push('\n');
        }
    }
}

/// A failure, split as Helm splits them: errors once the release exists
/// (rendering) get the `--debug` hint, earlier ones do not.
enum Failure {
    Early(String),
    Render(String),
    /// A template error, with where it points.
    Template(String, Option<crate::render::Location>),
    /// An early-style error raised after Helm already printed to stdout:
    /// `--output-dir` prints its `wrote` lines while rendering, before
    /// `--show-only` looks for the (now empty) manifest stream.
    AfterOutput {
        stdout: String,
        message: String,
    },
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Early(message)
    }
}

/// Helm's `Install.NameAndChart` for `helm template`: the given name, else
/// the rendered `--name-template`, else `release-name` (even with
/// `--generate-name`, which `template` overrides).
fn release_name(options: &TemplateOptions) -> Result<String, String> {
    if !options.extra_args.is_empty() {
        return Err(format!(
            "expected at most two arguments, unexpected arguments: {}",
            options.extra_args.join(", ")
        ));
    }
    let template = options.name_template.as_deref().unwrap_or("");
    if let Some(name) = &options.release_name {
        if options.generate_name {
            return Err("cannot set --generate-name and also specify a name".to_string());
        }
        if !template.is_empty() {
            return Err("cannot set --name-template and also specify a name".to_string());
        }
        return Ok(name.clone());
    }
    if !template.is_empty() {
        return install_flags::render_name_template(template, options.compat);
    }
    Ok("release-name".to_string())
}

fn run_inner(options: &TemplateOptions, stderr: &mut String) -> Result<String, Failure> {
    let compat = options.compat;
    // Flag parsing comes first in Helm: the post-renderer is resolved there.
    let post_renderer = post_render::resolve(
        options.post_renderer.as_deref().unwrap_or(""),
        &options.post_renderer_args,
        compat,
    )?;
    if options.validate && compat == Compat::Helm4 {
        // Helm 4 hides --validate as deprecated and forbids it with --dry-run.
        stderr.push_str("Flag --validate has been deprecated, use '--dry-run=server' instead\n");
        if options.install.dry_run.is_some() {
            return Err(Failure::Early(
                "if any flags in the group [validate dry-run] are set none of the others can be; [dry-run validate] were all set"
                    .to_string(),
            ));
        }
    }
    let checked = options.install.check(compat)?;
    stderr.push_str(&checked.stderr);
    let release_name = release_name(options)?;
    let options = &TemplateOptions {
        release_name: Some(release_name.clone()),
        ..options.clone()
    };
    if options.validate {
        return Err(Failure::Early(
            "--validate checks the render against a live Kubernetes cluster, and shipshape never contacts one; \
             run `shipshape validate` on the output to check it against the embedded Kubernetes schemas"
                .to_string(),
        ));
    }
    if !options.chart.exists() {
        return Err(Failure::Early(format!(
            "non-absolute URLs should be in form of repo_name/path_to_chart, got: {}",
            options.chart.display()
        )));
    }
    options.install.check_verify(options.chart.is_dir())?;
    let user = options.values.read(options.compat)?;
    let load_options = chart::LoadOptions {
        compat,
        allow_external_symlinks: options.allow_external_symlinks,
    };
    let mut chart = chart::load(&options.chart, &load_options).map_err(|e| e.to_string())?;
    // Load warnings print right away, as Helm logs them while loading.
    let mut warnings = Warnings::default();
    warnings.entries.append(&mut chart.warnings);
    flush_warnings(stderr, compat, &mut warnings);
    if chart.metadata.is_library() {
        return Err(Failure::Early(
            "library charts are not installable".to_string(),
        ));
    }
    chart::deps::check_dependencies(&chart).map_err(|e| {
        let lead = match compat {
            Compat::Helm3 => "An error occurred",
            Compat::Helm4 => "an error occurred",
        };
        format!(
            "{lead} while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: {e}"
        )
    })?;
    if !valid_release_name(&release_name) {
        let detail = format!(
            "release name {}: invalid release name, must match regex {} and the length must not be longer than 53",
            crate::render::go_quote(&release_name),
            RELEASE_NAME_REGEX
        );
        return Err(Failure::Early(match compat {
            Compat::Helm3 => detail,
            Compat::Helm4 => {
                // Helm 4 logs the failure through slog before returning it.
                stderr.push_str(&format!(
                    "level=ERROR msg=\"release name check failed\" error={}\n",
                    crate::render::go_quote(&detail)
                ));
                format!("release name check failed: {detail}")
            }
        }));
    }
    chart::deps::process_dependencies(&mut chart, &user, compat.values_type(), &mut warnings)
        .map_err(|e| e.to_string())?;
    let kube = KubeVersion::parse(
        options
            .kube_version
            .as_deref()
            .unwrap_or(compat.default_kube_version()),
        compat,
    )?;
    let capabilities = Arc::new(Capabilities::new(kube, &options.api_versions, compat));
    let values = coalesce_values(&chart, &user, compat.values_type(), &mut warnings)
        .map_err(|e| e.to_string())?;
    flush_warnings(stderr, compat, &mut warnings);
    if !options.skip_schema_validation {
        chart::schema::validate_chart(&chart, &values, compat)?;
    }
    let render_options = RenderOptions {
        release: Release {
            name: release_name.clone(),
            namespace: options
                .namespace
                .clone()
                .unwrap_or_else(|| "default".to_string()),
            is_upgrade: options.is_upgrade,
            revision: 1,
        },
        capabilities,
        compat,
        strict: false,
    };
    if !chart.metadata.kube_version.is_empty()
        && !kube_version_ok(
            &chart.metadata.kube_version,
            &render_options.capabilities.kube_version.version,
            compat,
        )
    {
        return Err(Failure::Render(format!(
            "chart requires kubeVersion: {} which is incompatible with Kubernetes {}",
            chart.metadata.kube_version, render_options.capabilities.kube_version.version
        )));
    }
    let render::Rendered {
        texts: mut rendered,
        templates,
    } = render::render(&chart, &values, &render_options)
        .map_err(|e| Failure::Template(e.message(compat), e.location()))?;
    // NOTES.txt renders (its errors count) but is never part of the stream.
    rendered.retain(|name, _| !name.ends_with("NOTES.txt"));
    let sorted = output::sort_manifests(&rendered, compat)
        .map_err(|e| Failure::Render(e.message(compat)))?;
    let printed = print_sorted(options, &chart, &sorted, post_renderer.as_ref(), stderr);
    // The output is ready: what built it is freed on a thread of its own
    // while this one prints, and not at all if the process exits first.
    super::drop_later((templates, rendered, sorted, values, chart));
    printed
}

/// Prints the sorted render as `helm template` does: to stdout or, with
/// `--output-dir`, to files; through the post-renderer; `--show-only`.
fn print_sorted(
    options: &TemplateOptions,
    chart: &chart::Chart,
    sorted: &output::Sorted,
    post_renderer: Option<&post_render::PostRenderer>,
    stderr: &mut String,
) -> Result<String, Failure> {
    let compat = options.compat;
    let release_name = options.release_name.as_deref().unwrap_or_default();
    for message in &sorted.messages {
        match compat {
            Compat::Helm3 => {
                stderr.push_str("manifest_sorter.go:190: ");
                stderr.push_str(message);
                stderr.push('\n');
            }
            Compat::Helm4 => {
                stderr.push_str(message);
                stderr.push('\n');
            }
        }
    }
    let crds = collect_crds(chart, chart.name());
    let print_options = PrintOptions {
        include_crds: options.include_crds,
        no_hooks: options.no_hooks,
        skip_tests: options.skip_tests,
    };
    // Helm 3 pipes the CRDs (with --include-crds) and manifests, `# Source:`
    // lines included, through the post-renderer; hooks and NOTES.txt never
    // go through it (pkg/action/install.go renderResources).
    let post = |body: String| -> Result<String, Failure> {
        match post_renderer {
            Some(p) => p.run(&body).map_err(Failure::Render),
            None => Ok(body),
        }
    };
    if let Some(dir) = &options.output_dir {
        let (wrote, stream) = write_output_dir(
            dir,
            release_name,
            options.use_release_name,
            sorted,
            &crds,
            &print_options,
            post_renderer,
        )?;
        if options.show_only.is_empty() {
            return Ok(wrote + &stream);
        }
        // Helm filters what is left of the stream after the files were
        // written (only post-renderer output), so a pattern usually finds
        // nothing: the `wrote` lines stay printed and the command fails.
        return match show_only(&stream, &options.show_only) {
            Ok(shown) => Ok(wrote + &shown),
            Err(message) => Err(Failure::AfterOutput {
                stdout: wrote,
                message,
            }),
        };
    }
    let crd_refs: Vec<(String, &chart::ChartFile)> =
        crds.iter().map(|(n, f)| (n.clone(), *f)).collect();
    let body = post(output::manifest_body(sorted, &crd_refs, &print_options))?;
    let stream = output::append_hooks(&body, sorted, &print_options);
    if options.show_only.is_empty() {
        return Ok(stream);
    }
    show_only(&stream, &options.show_only).map_err(Failure::Early)
}

/// Helm's `--show-only`: the documents whose `# Source:` path (without the
/// chart name) matches one of the patterns, pattern by pattern.
fn show_only(stream: &str, patterns: &[String]) -> Result<String, String> {
    let docs = output::split_manifests(stream);
    let mut out = String::new();
    for pattern in patterns {
        let pattern = pattern.replace('\\', "/");
        let mut found = false;
        for doc in &docs {
            let Some(source) = doc.lines().find_map(|l| l.strip_prefix("# Source: ")) else {
                continue;
            };
            let Some((_, path)) = source.split_once('/') else {
                continue;
            };
            if chart::helmignore::match_pattern(&pattern, path).unwrap_or(false) {
                out.push_str("---\n");
                out.push_str(doc);
                out.push('\n');
                found = true;
            }
        }
        if !found {
            return Err(format!("could not find template {pattern} in chart"));
        }
    }
    Ok(out)
}

/// Helm's `--output-dir`: one file per template under DIR (or DIR/RELEASE),
/// documents appended in stream order. Returns the `wrote PATH` lines and the
/// manifest stream left for stdout (empty unless post-rendered).
fn write_output_dir(
    dir: &Path,
    release_name: &str,
    use_release_name: bool,
    sorted: &output::Sorted,
    crds: &[(String, &chart::ChartFile)],
    print: &PrintOptions,
    post_renderer: Option<&PostRenderer>,
) -> Result<(String, String), Failure> {
    let base = if use_release_name {
        dir.join(release_name)
    } else {
        dir.to_path_buf()
    };
    let mut stdout = String::new();
    let mut written: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut write = |root: &Path, name: &str, content: &str| -> Result<(), String> {
        let path = root.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        let block = format!("---\n# Source: {name}\n{content}\n");
        let result = if written.insert(path.clone()) {
            std::fs::write(&path, block)
        } else {
            std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .and_then(|mut f| std::io::Write::write_all(&mut f, block.as_bytes()))
        };
        result.map_err(|e| format!("open {}: {e}", path.display()))?;
        stdout.push_str(&format!("wrote {}\n", path.display()));
        Ok(())
    };
    if print.include_crds {
        for (name, file) in crds {
            write(dir, name, &String::from_utf8_lossy(&file.data)).map_err(Failure::Early)?;
        }
    }
    for m in &sorted.manifests {
        write(&base, &m.source, &m.content).map_err(Failure::Early)?;
    }
    // Every manifest went to a file, so the post-renderer reads nothing;
    // Helm runs it all the same and prints what it returns.
    let body = match post_renderer {
        Some(p) => p.run("").map_err(Failure::Render)?,
        None => String::new(),
    };
    if !print.no_hooks {
        for hook in &sorted.hooks {
            if print.skip_tests && hook.is_test() {
                continue;
            }
            write(&base, &hook.source, &hook.content).map_err(Failure::Early)?;
        }
    }
    // The manifest stream (empty unless post-rendered) follows the file list.
    let stream = format!("{}\n", body.trim());
    Ok((stdout, stream))
}

/// Helm's `kubeVersion` check of Chart.yaml against `.Capabilities`.
fn kube_version_ok(constraint: &str, version: &str, compat: Compat) -> bool {
    use crate::funcs::semver::{Dialect, constraint_matches};
    let dialect = match compat {
        Compat::Helm3 => Dialect::Helm3,
        Compat::Helm4 => Dialect::Helm4,
    };
    // Helm 4 checks the Kubernetes version without its prerelease
    // (`1.25.0-eks.1` satisfies `>=1.20.0`); Helm 3 does not.
    let version = match compat {
        Compat::Helm3 => version,
        Compat::Helm4 => version.split(['-', '+']).next().unwrap_or(version),
    };
    constraint_matches(constraint, version, dialect)
}

/// CRD files of the chart and its subcharts, named as Helm prints them.
fn collect_crds<'a>(chart: &'a Chart, path: &str) -> Vec<(String, &'a chart::ChartFile)> {
    let mut out: Vec<(String, &chart::ChartFile)> = chart
        .crds
        .iter()
        // Helm's CRDObjects keeps only manifest files.
        .filter(|f| {
            [".yaml", ".yml", ".json"]
                .iter()
                .any(|ext| f.name.ends_with(ext))
        })
        .map(|f| (format!("{path}/{}", f.name), f))
        .collect();
    for dep in &chart.dependencies {
        out.extend(collect_crds(dep, &format!("{path}/charts/{}", dep.name())));
    }
    out
}

/// Helm's `values.Options.MergeValues`: `-f` files, then `--set-json`,
/// `--set`, `--set-string`, `--set-file`, `--set-literal`.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_name_comes_from_args_or_flags_as_in_helm() {
        let opts = |name: Option<&str>, template: Option<&str>, generate: bool| TemplateOptions {
            release_name: name.map(str::to_string),
            name_template: template.map(str::to_string),
            generate_name: generate,
            ..Default::default()
        };
        let cases = [
            (opts(Some("rel"), None, false), Ok("rel")),
            (opts(None, None, false), Ok("release-name")),
            (opts(None, None, true), Ok("release-name")),
            (opts(None, Some(""), false), Ok("release-name")),
            (opts(None, Some("n-{{ 1 }}"), true), Ok("n-1")),
            (
                opts(Some("rel"), None, true),
                Err("cannot set --generate-name and also specify a name"),
            ),
            (
                opts(Some("rel"), Some("x"), false),
                Err("cannot set --name-template and also specify a name"),
            ),
        ];
        for (options, want) in cases {
            assert_eq!(
                release_name(&options).as_deref().map_err(String::as_str),
                want,
                "{options:?}"
            );
        }
        let extra = TemplateOptions {
            extra_args: vec!["a".to_string(), "b".to_string()],
            ..Default::default()
        };
        assert_eq!(
            release_name(&extra).unwrap_err(),
            "expected at most two arguments, unexpected arguments: a, b"
        );
    }

    #[test]
    fn show_only_with_output_dir_keeps_wrote_lines_and_fails() {
        // Helm writes every file first, then --show-only searches the empty
        // stream: the `wrote` lines are printed and the pattern is not found.
        let root = std::env::temp_dir().join(format!("shipshape-outdir-{}", std::process::id()));
        let chart = root.join("c");
        std::fs::create_dir_all(chart.join("templates")).unwrap();
        std::fs::write(
            chart.join("Chart.yaml"),
            "apiVersion: v2\nname: c\nversion: 0.1.0\n",
        )
        .unwrap();
        std::fs::write(chart.join("templates/cm.yaml"), "kind: ConfigMap\n").unwrap();
        let out = root.join("out");
        let options = |show_only: Vec<String>| TemplateOptions {
            release_name: Some("rel".to_string()),
            chart: chart.clone(),
            output_dir: Some(out.clone()),
            show_only,
            ..Default::default()
        };
        let wrote = format!("wrote {}\n", out.join("c/templates/cm.yaml").display());

        let all = run(&options(Vec::new()));
        assert_eq!(
            (all.code, all.stdout.as_str()),
            (0, format!("{wrote}\n").as_str())
        );

        let shown = run(&options(vec!["templates/cm.yaml".to_string()]));
        assert_eq!(shown.code, 1);
        assert_eq!(shown.stdout, wrote);
        assert_eq!(
            shown.stderr,
            "Error: could not find template templates/cm.yaml in chart\n"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn release_names_follow_helm() {
        for ok in ["rel", "a", "my-release", "a.b", "x1"] {
            assert!(valid_release_name(ok), "{ok}");
        }
        for bad in ["", "Rel", "-a", "a-", "a_b", &"a".repeat(54)] {
            assert!(!valid_release_name(bad), "{bad}");
        }
    }
}
