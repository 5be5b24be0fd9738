//! `shipshape diff`: what an upgrade will change, offline. Each side is a
//! "revision": a render of a chart (as `helm template` renders it) with its
//! own values, a chart as it was at a git revision, or a saved manifest;
//! `crate::diff` compares the two document sets.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Outcome;
use super::template::{self, TemplateOptions};
use crate::chart::sources::ValueSources;
use crate::diff::{self, Format};
use crate::manifest::{self, Document, Target};
use crate::render::Compat;

/// What one side renders with: values files, the `--set` family, the
/// namespace and the release name. An environment (`--env`) resolves to
/// exactly this; the flags of one side are appended after the environment's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Release name for this side (the command's RELEASE when `None`).
    pub release_name: Option<String>,
    /// `-n/--namespace` for this side.
    pub namespace: Option<String>,
    /// `-f/--values` and the `--set` family.
    pub values: ValueSources,
}

impl Inputs {
    /// These inputs followed by `more` (later values win, as with repeated
    /// flags); `more`'s release name and namespace win when set.
    pub fn then(&self, more: &Inputs) -> Inputs {
        Inputs {
            release_name: more.release_name.clone().or(self.release_name.clone()),
            namespace: more.namespace.clone().or(self.namespace.clone()),
            values: self.values.then(&more.values),
        }
    }
}

/// The options of `shipshape diff`.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// RELEASE: the release name both sides render with.
    pub release_name: String,
    /// OLD_CHART, when two charts are compared (the old side's chart).
    pub old_chart: Option<PathBuf>,
    /// CHART: the new side's chart (and the old side's, without OLD_CHART).
    pub chart: PathBuf,
    /// The old side's values, namespace and release name.
    pub from: Inputs,
    /// The new side's values, namespace and release name.
    pub to: Inputs,
    /// `--from-manifest FILE|-`: the old side is this saved manifest.
    pub from_manifest: Option<String>,
    /// `--from-rev REV`: the old side's chart and values files at this git revision.
    pub from_rev: Option<String>,
    /// `--to-rev REV`: the new side's chart and values files at this git revision.
    pub to_rev: Option<String>,
    /// `--kube-version`.
    pub kube_version: Option<String>,
    /// `-a/--api-versions`.
    pub api_versions: Vec<String>,
    /// `--include-crds`.
    pub include_crds: bool,
    /// `--skip-tests`.
    pub skip_tests: bool,
    /// `--no-hooks`.
    pub no_hooks: bool,
    /// Which Helm to imitate.
    pub compat: Compat,
    /// `--context N`: unchanged lines around each change.
    pub context: usize,
    /// `--ignore RULE`s.
    pub ignore: Vec<String>,
    /// `--show-secrets`.
    pub show_secrets: bool,
    /// `-o/--output`.
    pub format: Format,
    /// Color the `diff` and `simple` formats.
    pub color: bool,
    /// `--detailed-exitcode`: exit 2 when something changed.
    pub detailed_exitcode: bool,
    /// `--env`: both sides render for this environment (the old side
    /// only, with `--to-env`).
    pub env: Option<String>,
    /// `--to-env`: the new side renders for this environment.
    pub to_env: Option<String>,
    /// `--config`: the file naming environments.
    pub config: Option<PathBuf>,
}

impl Inputs {
    /// An environment's settings as one side's inputs; paths are made
    /// relative to the chart directory, as environments name them.
    fn from_environment(env: &super::config::Environment, chart: &std::path::Path) -> Inputs {
        Inputs {
            release_name: env.release_name.clone(),
            namespace: env.namespace.clone(),
            values: env.sources_in(chart),
        }
    }
}

/// The options with `--env`/`--to-env` resolved into each side's inputs
/// (the environment first, the side's own flags after it).
fn with_environments(options: &DiffOptions) -> Result<DiffOptions, String> {
    let mut resolved = options.clone();
    let old_chart = options.old_chart.as_deref().unwrap_or(&options.chart);
    let find = |chart: &std::path::Path, name: &str| {
        super::config::find_environment(chart, name, options.config.as_deref())
            .map(|env| Inputs::from_environment(&env, chart))
    };
    if let Some(name) = &options.env {
        resolved.from = find(old_chart, name)?.then(&options.from);
        if options.to_env.is_none() {
            resolved.to = find(&options.chart, name)?.then(&options.to);
        }
    }
    if let Some(name) = &options.to_env {
        resolved.to = find(&options.chart, name)?.then(&options.to);
    }
    Ok(resolved)
}

/// Runs `shipshape diff`: 0 when it ran (or, with `--detailed-exitcode`,
/// 0 for no changes and 2 for changes), 1 on any error.
pub fn run(options: &DiffOptions) -> Outcome {
    let mut stderr = String::new();
    match run_inner(options, &mut stderr) {
        Ok(report) => {
            let stdout = diff::render(&report, options.format, options.context, options.color);
            let code = if options.detailed_exitcode && report.has_changes() {
                2
            } else {
                0
            };
            Outcome {
                stdout,
                stderr,
                code,
                snippet: None,
            }
        }
        Err(message) => {
            stderr.push_str("Error: ");
            stderr.push_str(message.trim_end());
            stderr.push('\n');
            Outcome {
                stdout: String::new(),
                stderr,
                code: 1,
                snippet: None,
            }
        }
    }
}

fn run_inner(options: &DiffOptions, stderr: &mut String) -> Result<diff::Report, String> {
    let options = &with_environments(options)?;
    check(options)?;
    let old_chart = options.old_chart.as_deref().unwrap_or(&options.chart);
    let (old, new) = rayon::join(
        || -> Result<(Vec<Document>, String), String> {
            let mut err = String::new();
            let docs = match &options.from_manifest {
                Some(file) => read_manifest(file)?,
                None => side(
                    old_chart,
                    &options.from,
                    options.from_rev.as_deref(),
                    options,
                    "old",
                    &mut err,
                )?,
            };
            Ok((docs, err))
        },
        || -> Result<(Vec<Document>, String), String> {
            let mut err = String::new();
            let docs = side(
                &options.chart,
                &options.to,
                options.to_rev.as_deref(),
                options,
                "new",
                &mut err,
            )?;
            Ok((docs, err))
        },
    );
    let (old, old_err) = old?;
    let (new, new_err) = new?;
    stderr.push_str(&old_err);
    stderr.push_str(&new_err);
    let namespace = |i: &Inputs| i.namespace.clone().unwrap_or_else(|| "default".to_string());
    let diff_options = diff::Options {
        ignore: options.ignore.clone(),
        show_secrets: options.show_secrets,
        old_namespace: namespace(&options.from),
        new_namespace: namespace(&options.to),
    };
    diff::compare(&old, &new, &diff_options).map_err(|e| e.to_string())
}

/// Refuses combinations that do not name two revisions.
fn check(options: &DiffOptions) -> Result<(), String> {
    if options.from_manifest.is_some()
        && (options.from_rev.is_some() || options.old_chart.is_some())
    {
        return Err(
            "--from-manifest is the old side: it cannot be combined with --from-rev or OLD_CHART"
                .into(),
        );
    }
    if options.to_rev.is_some() && options.from_rev.is_none() {
        return Err("--to-rev needs --from-rev (the old side's revision)".into());
    }
    let two_sides = options.from_manifest.is_some()
        || options.old_chart.is_some()
        || options.from_rev.is_some()
        || options.from != options.to;
    if !two_sides {
        return Err(
            "nothing to compare: both sides would be the same render; give OLD_CHART CHART, \
             --from-manifest FILE, --from-rev REV, or values that differ (--from-values/--to-values, \
             --from-set/--to-set…)"
                .into(),
        );
    }
    Ok(())
}

fn read_manifest(file: &str) -> Result<Vec<Document>, String> {
    let target = if file == "-" {
        Target::Stdin
    } else {
        Target::File(PathBuf::from(file))
    };
    let (name, text) = manifest::read_target(&target).map_err(|e| e.to_string())?;
    documents(&name, &text)
}

fn documents(name: &str, text: &str) -> Result<Vec<Document>, String> {
    let stream = manifest::read_stream(name, text);
    if let Some(first) = stream.errors.first() {
        let more = match stream.errors.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        return Err(format!("{first}{more}"));
    }
    Ok(stream.documents)
}

/// Renders one side: the chart and values as they are, or as they were at
/// git revision `rev`.
fn side(
    chart: &Path,
    inputs: &Inputs,
    rev: Option<&str>,
    options: &DiffOptions,
    label: &str,
    stderr: &mut String,
) -> Result<Vec<Document>, String> {
    // Kept alive until the render is done; removes the extracted files.
    let mut _snapshot = None;
    let (chart_path, inputs) = match rev {
        Some(rev) => {
            let (snap, chart_path, inputs) = Snapshot::take(rev, chart, inputs)?;
            _snapshot = Some(snap);
            (chart_path, inputs)
        }
        None => (chart.to_path_buf(), inputs.clone()),
    };
    let template_options = TemplateOptions {
        release_name: inputs
            .release_name
            .clone()
            .or_else(|| Some(options.release_name.clone())),
        chart: chart_path,
        values: inputs.values,
        namespace: inputs.namespace,
        kube_version: options.kube_version.clone(),
        api_versions: options.api_versions.clone(),
        include_crds: options.include_crds,
        skip_tests: options.skip_tests,
        no_hooks: options.no_hooks,
        compat: options.compat,
        ..TemplateOptions::default()
    };
    let outcome = template::run(&template_options);
    if outcome.code != 0 {
        let at = rev.map(|r| format!(" at {r}")).unwrap_or_default();
        return Err(format!(
            "rendering the {label} side ({}{at}) failed: {}",
            chart.display(),
            outcome.stderr.trim_start_matches("Error: ").trim_end()
        ));
    }
    // Warnings of the render (Helm prints them too).
    stderr.push_str(&outcome.stderr);
    documents(&format!("{label} render"), &outcome.stdout)
}

const SNAPSHOT_PREFIX: &str = "shipshape-diff-";

/// A chart and its values files as they were at a git revision, extracted
/// with `git archive` into a temporary directory (removed on drop); the
/// working tree and the index are never touched.
struct Snapshot {
    dir: PathBuf,
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Where a path sits in its git repository: the top directory and the
/// path relative to it (`/`-separated), or `None` outside any repository.
fn repo_path(path: &Path) -> Result<Option<(PathBuf, String)>, String> {
    let (dir, file) = if path.is_dir() {
        (path.to_path_buf(), None)
    } else {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        (
            parent,
            path.file_name().map(|f| f.to_string_lossy().into_owned()),
        )
    };
    if !dir.is_dir() {
        return Err(format!("{}: no such directory", dir.display()));
    }
    let out = git(&dir, &["rev-parse", "--show-toplevel", "--show-prefix"])?;
    if !out.status.success() {
        return Ok(None);
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut lines = text.lines();
    let top = PathBuf::from(lines.next().unwrap_or_default());
    let mut rel = lines
        .next()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_string();
    if let Some(file) = file {
        if !rel.is_empty() {
            rel.push('/');
        }
        rel.push_str(&file);
    }
    Ok(Some((top, rel)))
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("running git (needed for --from-rev/--to-rev): {e}"))
}

impl Snapshot {
    /// Extracts `chart` and the values files of `inputs` that live in the
    /// chart's repository as they were at `rev`; returns the snapshot, the
    /// chart's path in it and the inputs with values files redirected there.
    /// Values files outside the repository (and `-`) are read as they are.
    fn take(
        rev: &str,
        chart: &Path,
        inputs: &Inputs,
    ) -> Result<(Snapshot, PathBuf, Inputs), String> {
        let Some((top, chart_rel)) = repo_path(chart)? else {
            return Err(format!(
                "{} is not inside a git repository, so --from-rev/--to-rev cannot read it",
                chart.display()
            ));
        };
        let verify = git(
            &top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )?;
        if !verify.status.success() {
            return Err(format!("unknown git revision {rev:?} in {}", top.display()));
        }
        let mut paths = vec![if chart_rel.is_empty() {
            ".".to_string()
        } else {
            chart_rel.clone()
        }];
        let mut values = Vec::new();
        let mut redirected = Vec::new();
        for file in &inputs.values.files {
            let path = Path::new(file);
            let inside = match file.as_str() {
                "-" => None,
                _ => repo_path(path).ok().flatten().filter(|(t, _)| *t == top),
            };
            match inside {
                Some((_, rel)) => {
                    paths.push(rel.clone());
                    redirected.push(Some(rel));
                }
                None => redirected.push(None),
            }
            values.push(file.clone());
        }
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "{SNAPSHOT_PREFIX}{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        let snapshot = Snapshot { dir };
        let mut args = vec!["archive", "--format=tar", rev, "--"];
        args.extend(paths.iter().map(String::as_str));
        let out = git(&top, &args)?;
        if !out.status.success() {
            return Err(format!(
                "git archive {rev}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        tar::Archive::new(out.stdout.as_slice())
            .unpack(&snapshot.dir)
            .map_err(|e| format!("extracting {rev}: {e}"))?;
        let chart_path = snapshot.dir.join(&chart_rel);
        let mut inputs = inputs.clone();
        inputs.values.files = values
            .into_iter()
            .zip(redirected)
            .map(|(file, rel)| match rel {
                Some(rel) => snapshot.dir.join(rel).display().to_string(),
                None => file,
            })
            .collect();
        Ok((snapshot, chart_path, inputs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_layer() {
        let base = Inputs {
            namespace: Some("a".into()),
            values: ValueSources {
                files: vec!["v.yaml".into()],
                set: vec!["x=1".into()],
                ..ValueSources::default()
            },
            ..Inputs::default()
        };
        let more = Inputs {
            release_name: Some("r".into()),
            values: ValueSources {
                files: vec!["w.yaml".into()],
                ..ValueSources::default()
            },
            ..Inputs::default()
        };
        let both = base.then(&more);
        assert_eq!(both.values.files, ["v.yaml", "w.yaml"]);
        assert_eq!(both.namespace.as_deref(), Some("a"));
        assert_eq!(both.release_name.as_deref(), Some("r"));
        assert_eq!(both.values.set, ["x=1"]);
    }

    #[test]
    fn refuses_a_single_revision() {
        let options = DiffOptions {
            release_name: "r".into(),
            chart: "c".into(),
            ..DiffOptions::default()
        };
        let out = run(&options);
        assert_eq!(out.code, 1);
        assert!(
            out.stderr.starts_with("Error: nothing to compare"),
            "{}",
            out.stderr
        );
        let out = run(&DiffOptions {
            to_rev: Some("HEAD".into()),
            ..options.clone()
        });
        assert!(
            out.stderr.contains("--to-rev needs --from-rev"),
            "{}",
            out.stderr
        );
        let out = run(&DiffOptions {
            from_manifest: Some("m".into()),
            old_chart: Some("o".into()),
            ..options
        });
        assert!(out.stderr.contains("cannot be combined"), "{}", out.stderr);
    }
}
