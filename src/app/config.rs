//! `shipshape.yaml`: the project's environments (dev, staging, prod…) and
//! check settings, read from the chart directory or the nearest directory
//! above it that has one. Unknown keys are errors with their position, so
//! a typo never silently disables a setting.
//!
//! ```yaml
//! kubeVersion: "1.33"          # target Kubernetes version (default: newest bundled)
//! helmCompat: 4                # 3 or 4
//! strict: true                 # unknown fields and duplicate keys are errors
//! checks: [schema, api, server, policy, helm]
//! failOn: error                # error | warning
//! crds: [crds/]                # extra CRD files or directories, relative to this file
//! ignoreMissingSchemas: false
//! policy:
//!   level: baseline            # none | baseline | restricted
//!   pssVersion: latest         # or 1.NN
//!   rules:
//!     image-tag: error         # error | warning | info | off
//! environments:
//!   prod:
//!     values: [values-prod.yaml]   # relative to the chart directory
//!     set: [replicaCount=3]
//!     namespace: web-prod
//!     releaseName: web
//!     kubeVersion: "1.31"
//!     policy: { level: restricted }
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::template::TemplateOptions;
use crate::chart::sources::ValueSources;
use crate::compat::Compat;
use crate::diag::{Category, Severity, pointer};
use crate::manifest::{self, Document};

/// The file name looked for.
pub const FILE_NAME: &str = "shipshape.yaml";

/// A problem in the config file, with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigError {
    /// The config file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ConfigError {}

/// How one rule is configured: off, or re-graded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSetting {
    /// The rule does not run.
    Off,
    /// The rule reports at this severity.
    Severity(Severity),
}

/// Policy settings, globally or for one environment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PolicySettings {
    /// `none`, `baseline` or `restricted`.
    pub level: Option<String>,
    /// `latest` or `1.NN`.
    pub pss_version: Option<String>,
    /// Per-rule settings, in file order.
    pub rules: Vec<(String, RuleSetting)>,
}

impl PolicySettings {
    /// `self` with `other`'s settings on top (an environment over the
    /// global ones).
    pub fn overlay(&self, other: &PolicySettings) -> PolicySettings {
        let mut rules = self.rules.clone();
        rules.extend(other.rules.iter().cloned());
        PolicySettings {
            level: other.level.clone().or_else(|| self.level.clone()),
            pss_version: other
                .pss_version
                .clone()
                .or_else(|| self.pss_version.clone()),
            rules,
        }
    }
}

/// One environment: how the chart is rendered for it and how strictly it
/// is checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Environment {
    /// Its name (`dev`, `prod`…).
    pub name: String,
    /// Values files (`values:`) and `--set` values (`set:`, `setString:`…),
    /// paths relative to the chart directory.
    pub sources: ValueSources,
    /// The release namespace.
    pub namespace: Option<String>,
    /// The release name.
    pub release_name: Option<String>,
    /// The target Kubernetes version.
    pub kube_version: Option<String>,
    /// Policy settings over the global ones.
    pub policy: PolicySettings,
}

impl Environment {
    /// Adds this environment to a render of the chart in `chart_dir`: its
    /// values files and `--set` values go before the command line's (which
    /// win), its namespace, release name and Kubernetes version fill only
    /// what the command line left unset. Paths are relative to the chart.
    pub fn apply(&self, chart_dir: &Path, options: &mut TemplateOptions) {
        options.values = self.sources_in(chart_dir).then(&options.values);
        if options.namespace.is_none() {
            options.namespace = self.namespace.clone();
        }
        if options.release_name.is_none() {
            options.release_name = self.release_name.clone();
        }
        if options.kube_version.is_none() {
            options.kube_version = self.kube_version.clone();
        }
    }
}

impl Environment {
    /// The environment's values sources with paths (values files and
    /// `--set-file` files) resolved against the chart directory.
    pub fn sources_in(&self, chart_dir: &Path) -> ValueSources {
        let in_chart = |f: &String| chart_dir.join(f).display().to_string();
        ValueSources {
            files: self.sources.files.iter().map(in_chart).collect(),
            set_file: self
                .sources
                .set_file
                .iter()
                .map(|item| match item.split_once('=') {
                    Some((key, path)) => format!("{key}={}", chart_dir.join(path).display()),
                    None => item.clone(),
                })
                .collect(),
            ..self.sources.clone()
        }
    }
}

/// The environments of the chart in `chart_dir`: those of the config file
/// (`config`, or `shipshape.yaml` found from the chart upwards) when it
/// names any, else the `values-<env>.yaml` convention.
pub fn chart_environments(
    chart_dir: &Path,
    config: Option<&Path>,
) -> Result<Vec<Environment>, ConfigError> {
    let path = match config {
        Some(path) => Some(path.to_path_buf()),
        None => Config::find(chart_dir),
    };
    let config = match path {
        Some(path) => Config::load(&path)?,
        None => Config::default(),
    };
    Ok(if config.environments.is_empty() {
        conventional_environments(chart_dir)
    } else {
        config.environments
    })
}

/// The environment `name` of the chart in `chart_dir`, or an error that
/// says where environments come from and which exist.
pub fn find_environment(
    chart_dir: &Path,
    name: &str,
    config: Option<&Path>,
) -> Result<Environment, String> {
    let envs = chart_environments(chart_dir, config).map_err(|e| e.to_string())?;
    let known: Vec<&str> = envs.iter().map(|e| e.name.as_str()).collect();
    let known = if known.is_empty() {
        "none".to_string()
    } else {
        known.join(", ")
    };
    envs.iter()
        .find(|e| e.name == name)
        .cloned()
        .ok_or_else(|| {
            format!(
                "chart {} has no environment {name:?} (known: {known}; environments come from {FILE_NAME} or values-<env>.yaml files)",
                chart_dir.display()
            )
        })
}

/// The whole config file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// Where it was read from (`None` for the built-in defaults).
    pub file: Option<PathBuf>,
    /// Target Kubernetes version.
    pub kube_version: Option<String>,
    /// Which Helm to imitate.
    pub helm_compat: Option<Compat>,
    /// Strict schema checks.
    pub strict: Option<bool>,
    /// Check families to run.
    pub checks: Option<Vec<Category>>,
    /// The failing threshold.
    pub fail_on: Option<Severity>,
    /// Extra CRD files or directories, resolved against the file's directory.
    pub crds: Vec<PathBuf>,
    /// Resources without a schema are skipped rather than errors.
    pub ignore_missing_schemas: Option<bool>,
    /// Global policy settings.
    pub policy: PolicySettings,
    /// Environments, in file order.
    pub environments: Vec<Environment>,
}

impl Config {
    /// The environment called `name`.
    pub fn environment(&self, name: &str) -> Option<&Environment> {
        self.environments.iter().find(|e| e.name == name)
    }

    /// Finds `shipshape.yaml` in `start` or the nearest directory above it.
    pub fn find(start: &Path) -> Option<PathBuf> {
        let start = std::fs::canonicalize(start).ok()?;
        let mut dir = if start.is_dir() {
            start.as_path()
        } else {
            start.parent()?
        };
        loop {
            let candidate = dir.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            dir = dir.parent()?;
        }
    }

    /// Reads and validates a config file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            file: name.clone(),
            line: 1,
            column: 1,
            message: format!("cannot read: {e}"),
        })?;
        let mut config = Config::parse(&name, &text)?;
        let base = path.parent().unwrap_or(Path::new("."));
        config.crds = config.crds.iter().map(|c| base.join(c)).collect();
        config.file = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses config text; `name` is used in errors.
    pub fn parse(name: &str, text: &str) -> Result<Config, ConfigError> {
        let stream = manifest::read_stream(name, text);
        if let Some(e) = stream.errors.first() {
            return Err(ConfigError {
                file: name.to_string(),
                line: e.position.line,
                column: e.position.column,
                message: e.message.clone(),
            });
        }
        let Some(doc) = stream.documents.first() else {
            return Ok(Config::default());
        };
        let reader = Reader { doc, file: name };
        reader.config()
    }
}

/// Walks the decoded file, reporting the first problem with its position.
struct Reader<'a> {
    doc: &'a Document,
    file: &'a str,
}

const TOP_KEYS: &[&str] = &[
    "kubeVersion",
    "helmCompat",
    "strict",
    "checks",
    "failOn",
    "crds",
    "ignoreMissingSchemas",
    "policy",
    "environments",
];
const ENV_KEYS: &[&str] = &[
    "values",
    "set",
    "setString",
    "setJson",
    "setFile",
    "setLiteral",
    "namespace",
    "releaseName",
    "kubeVersion",
    "policy",
];
const POLICY_KEYS: &[&str] = &["level", "pssVersion", "rules"];

impl Reader<'_> {
    fn error(&self, at: &[&str], message: String) -> ConfigError {
        let position = self.doc.locate(&pointer(at.iter().copied()));
        ConfigError {
            file: self.file.to_string(),
            line: position.line,
            column: position.column,
            message,
        }
    }

    fn object<'v>(
        &self,
        value: &'v Value,
        at: &[&str],
        allowed: &[&str],
    ) -> Result<&'v serde_json::Map<String, Value>, ConfigError> {
        let Value::Object(map) = value else {
            return Err(self.error(at, format!("{}: expected a mapping", dotted(at))));
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                let mut path = at.to_vec();
                path.push(key);
                return Err(self.error(
                    &path,
                    format!(
                        "unknown key `{}`{}; expected one of: {}",
                        key,
                        if at.is_empty() {
                            String::new()
                        } else {
                            format!(" in {}", dotted(at))
                        },
                        allowed.join(", ")
                    ),
                ));
            }
        }
        Ok(map)
    }

    fn string(&self, value: &Value, at: &[&str]) -> Result<String, ConfigError> {
        match value {
            Value::String(s) => Ok(s.clone()),
            // `kubeVersion: 1.30` is a float to YAML; take its text.
            Value::Number(n) => Ok(n.to_string()),
            _ => Err(self.error(at, format!("{}: expected a string", dotted(at)))),
        }
    }

    fn strings(&self, value: &Value, at: &[&str]) -> Result<Vec<String>, ConfigError> {
        match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let index = i.to_string();
                    let mut path = at.to_vec();
                    path.push(&index);
                    self.string(v, &path)
                })
                .collect(),
            Value::String(s) => Ok(vec![s.clone()]),
            _ => Err(self.error(at, format!("{}: expected a list of strings", dotted(at)))),
        }
    }

    fn bool(&self, value: &Value, at: &[&str]) -> Result<bool, ConfigError> {
        value
            .as_bool()
            .ok_or_else(|| self.error(at, format!("{}: expected true or false", dotted(at))))
    }

    fn config(&self) -> Result<Config, ConfigError> {
        let map = self.object(&self.doc.value, &[], TOP_KEYS)?;
        let mut config = Config::default();
        for (key, value) in map {
            let at = [key.as_str()];
            match key.as_str() {
                "kubeVersion" => config.kube_version = Some(self.kube_version(value, &at)?),
                "helmCompat" => {
                    config.helm_compat = Some(match self.string(value, &at)?.as_str() {
                        "3" => Compat::Helm3,
                        "4" => Compat::Helm4,
                        other => {
                            return Err(self
                                .error(&at, format!("helmCompat: expected 3 or 4, got {other}")));
                        }
                    })
                }
                "strict" => config.strict = Some(self.bool(value, &at)?),
                "ignoreMissingSchemas" => {
                    config.ignore_missing_schemas = Some(self.bool(value, &at)?)
                }
                "checks" => {
                    let mut checks = Vec::new();
                    for name in self.strings(value, &at)? {
                        let category = Category::parse(&name).ok_or_else(|| {
                            self.error(
                                &at,
                                format!(
                                    "checks: unknown family `{name}`; expected some of: {}",
                                    families()
                                ),
                            )
                        })?;
                        checks.push(category);
                    }
                    config.checks = Some(checks);
                }
                "failOn" => {
                    let text = self.string(value, &at)?;
                    config.fail_on = Some(
                        Severity::parse(&text)
                            .filter(|s| *s != Severity::Info)
                            .ok_or_else(|| {
                                self.error(
                                    &at,
                                    format!("failOn: expected error or warning, got {text}"),
                                )
                            })?,
                    );
                }
                "crds" => {
                    config.crds = self
                        .strings(value, &at)?
                        .into_iter()
                        .map(PathBuf::from)
                        .collect()
                }
                "policy" => config.policy = self.policy(value, &at)?,
                "environments" => {
                    let Value::Object(envs) = value else {
                        return Err(self.error(
                            &at,
                            "environments: expected a mapping of names to settings".into(),
                        ));
                    };
                    for (name, settings) in envs {
                        config.environments.push(self.environment(name, settings)?);
                    }
                }
                _ => {}
            }
        }
        Ok(config)
    }

    fn kube_version(&self, value: &Value, at: &[&str]) -> Result<String, ConfigError> {
        if let Value::Number(n) = value {
            // `1.30` is the number 1.3 to YAML: refuse rather than guess.
            return Err(self.error(
                at,
                format!(
                    "{}: write the version as a string (\"1.NN\"): YAML reads it as the number {n}",
                    dotted(at)
                ),
            ));
        }
        let text = self.string(value, at)?;
        match crate::validate::KubeMinor::parse(&text) {
            Some(_) => Ok(text),
            None => Err(self.error(
                at,
                format!(
                    "{}: `{text}` is not a Kubernetes version like 1.33",
                    dotted(at)
                ),
            )),
        }
    }

    fn policy(&self, value: &Value, at: &[&str]) -> Result<PolicySettings, ConfigError> {
        let map = self.object(value, at, POLICY_KEYS)?;
        let mut out = PolicySettings::default();
        for (key, value) in map {
            let mut path = at.to_vec();
            path.push(key);
            match key.as_str() {
                "level" => {
                    let level = self.string(value, &path)?;
                    if !matches!(level.as_str(), "none" | "baseline" | "restricted") {
                        return Err(self.error(
                            &path,
                            format!(
                                "policy.level: expected none, baseline or restricted, got {level}"
                            ),
                        ));
                    }
                    out.level = Some(level);
                }
                "pssVersion" => {
                    let version = self.string(value, &path)?;
                    if version != "latest" && crate::validate::KubeMinor::parse(&version).is_none()
                    {
                        return Err(self.error(
                            &path,
                            format!("policy.pssVersion: expected latest or 1.NN, got {version}"),
                        ));
                    }
                    out.pss_version = Some(version);
                }
                "rules" => {
                    let Value::Object(rules) = value else {
                        return Err(self.error(&path, "policy.rules: expected a mapping of rule ids to error, warning, info or off".into()));
                    };
                    for (rule, setting) in rules {
                        let mut rule_path = path.clone();
                        rule_path.push(rule);
                        let setting = match setting {
                            Value::Bool(false) => RuleSetting::Off,
                            Value::String(s) if s == "off" => RuleSetting::Off,
                            Value::String(s) => match Severity::parse(s) {
                                Some(sev) => RuleSetting::Severity(sev),
                                None => {
                                    return Err(self.error(
                                        &rule_path,
                                        format!("policy.rules.{rule}: expected error, warning, info or off, got {s}"),
                                    ));
                                }
                            },
                            _ => {
                                return Err(self.error(
                                    &rule_path,
                                    format!(
                                        "policy.rules.{rule}: expected error, warning, info or off"
                                    ),
                                ));
                            }
                        };
                        out.rules.push((rule.clone(), setting));
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }

    fn environment(&self, name: &str, value: &Value) -> Result<Environment, ConfigError> {
        let at = ["environments", name];
        let map = match value {
            Value::Null => &serde_json::Map::new(),
            v => self.object(v, &at, ENV_KEYS)?,
        };
        let mut env = Environment {
            name: name.to_string(),
            ..Environment::default()
        };
        for (key, value) in map {
            let path = ["environments", name, key.as_str()];
            match key.as_str() {
                "values" => env.sources.files = self.strings(value, &path)?,
                "set" => env.sources.set = self.strings(value, &path)?,
                "setString" => env.sources.set_string = self.strings(value, &path)?,
                "setJson" => env.sources.set_json = self.strings(value, &path)?,
                "setFile" => env.sources.set_file = self.strings(value, &path)?,
                "setLiteral" => env.sources.set_literal = self.strings(value, &path)?,
                "namespace" => env.namespace = Some(self.string(value, &path)?),
                "releaseName" => env.release_name = Some(self.string(value, &path)?),
                "kubeVersion" => env.kube_version = Some(self.kube_version(value, &path)?),
                "policy" => env.policy = self.policy(value, &path)?,
                _ => {}
            }
        }
        Ok(env)
    }
}

fn families() -> String {
    Category::ALL
        .iter()
        .filter(|c| **c != Category::Syntax)
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn dotted(at: &[&str]) -> String {
    at.join(".")
}

/// The environments of a chart without a config file that names them:
/// each `values-<env>.yaml` next to `values.yaml`, in name order.
pub fn conventional_environments(chart_dir: &Path) -> Vec<Environment> {
    let Ok(entries) = std::fs::read_dir(chart_dir) else {
        return Vec::new();
    };
    let mut envs: Vec<Environment> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let env = name
                .strip_prefix("values-")?
                .strip_suffix(".yaml")
                .or_else(|| name.strip_prefix("values-")?.strip_suffix(".yml"))?
                .to_string();
            (!env.is_empty()).then(|| Environment {
                name: env,
                sources: ValueSources {
                    files: vec![name.clone()],
                    ..ValueSources::default()
                },
                ..Environment::default()
            })
        })
        .collect();
    envs.sort_by(|a, b| a.name.cmp(&b.name));
    envs
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "kubeVersion: \"1.30\"\nstrict: true\nchecks: [schema, policy]\nfailOn: warning\npolicy:\n  level: restricted\n  rules:\n    image-tag: error\n    liveness-probe: off\nenvironments:\n  dev:\n    values: [values-dev.yaml]\n    namespace: dev\n  prod:\n    values: values-prod.yaml\n    set: [replicaCount=3]\n    releaseName: web\n    kubeVersion: \"1.31\"\n    policy: {level: baseline}\n";

    #[test]
    fn reads_a_full_config() {
        let c = Config::parse("shipshape.yaml", GOOD).unwrap();
        assert_eq!(c.kube_version.as_deref(), Some("1.30"));
        assert_eq!(c.strict, Some(true));
        assert_eq!(c.checks, Some(vec![Category::Schema, Category::Policy]));
        assert_eq!(c.fail_on, Some(Severity::Warning));
        assert_eq!(c.policy.level.as_deref(), Some("restricted"));
        // YAML 1.1 reads `off` as false: both spellings disable a rule.
        assert_eq!(
            c.policy.rules,
            [
                (
                    "image-tag".to_string(),
                    RuleSetting::Severity(Severity::Error)
                ),
                ("liveness-probe".to_string(), RuleSetting::Off)
            ]
        );
        let names: Vec<&str> = c.environments.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["dev", "prod"]);
        let prod = c.environment("prod").unwrap();
        assert_eq!(prod.sources.files, ["values-prod.yaml"]);
        assert_eq!(prod.release_name.as_deref(), Some("web"));
        let merged = c.policy.overlay(&prod.policy);
        assert_eq!(merged.level.as_deref(), Some("baseline"));
        assert_eq!(merged.rules.len(), 2);
    }

    #[test]
    fn unknown_keys_and_bad_values_name_their_position() {
        let e = Config::parse("s.yaml", "environments:\n  dev:\n    valuez: [a]\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.yaml:3:5: unknown key `valuez` in environments.dev; expected one of: values, set, setString, setJson, setFile, setLiteral, namespace, releaseName, kubeVersion, policy"
        );
        let e = Config::parse("s.yaml", "policy:\n  level: strict\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("expected none, baseline or restricted"));
        let e = Config::parse("s.yaml", "checks: [schema, lint]\n").unwrap_err();
        assert!(e.message.contains("unknown family `lint`"), "{e}");
        let e = Config::parse("s.yaml", "kubeVersion: 1.30\n").unwrap_err();
        assert!(e.message.contains("the number 1.3"), "{e}");
        let e = Config::parse("s.yaml", "kubeVersion: latest\n").unwrap_err();
        assert!(e.message.contains("not a Kubernetes version"), "{e}");
        let e = Config::parse("s.yaml", "strict: [\n").unwrap_err();
        assert_eq!(e.file, "s.yaml");
        assert!(Config::parse("s.yaml", "").unwrap().environments.is_empty());
    }

    #[test]
    fn conventional_environments_come_from_values_files() {
        let dir = std::env::temp_dir().join(format!("shipshape-conv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for f in [
            "values.yaml",
            "values-prod.yaml",
            "values-dev.yaml",
            "values-.yaml",
        ] {
            std::fs::write(dir.join(f), "").unwrap();
        }
        let envs = conventional_environments(&dir);
        let names: Vec<&str> = envs.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["dev", "prod"]);
        assert_eq!(envs[1].sources.files, ["values-prod.yaml"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
