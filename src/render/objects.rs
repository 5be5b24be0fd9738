//! The host objects Helm puts in front of templates: `.Capabilities` (with
//! `KubeVersion`, `APIVersions`, `HelmVersion`), `.Files`, and `.Chart` as
//! Helm 3's struct. Each reports Helm's Go type names and Go's `%v` form.

use std::any::Any;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::Compat;
use super::glob::Glob;
use crate::chart::{ChartFile, Metadata};
use crate::template::MapMethods;
use crate::value::{Map, MapKind, Object, Param, Value, yaml};

fn map_of(pairs: Vec<(&str, Value)>) -> Value {
    Value::map_from_pairs(&pairs)
}

/// `.Capabilities.KubeVersion`.
#[derive(Debug, Clone)]
pub struct KubeVersion {
    /// `v1.32.0`.
    pub version: String,
    /// `1`.
    pub major: String,
    /// `32`.
    pub minor: String,
    compat: Compat,
}

impl KubeVersion {
    /// Parses `--kube-version` the way each Helm version does: Helm 3 keeps
    /// the text (`v1.19.0-gke.1`), Helm 4 keeps `vMAJOR.MINOR[.PATCH]`.
    pub fn parse(text: &str, compat: Compat) -> Result<KubeVersion, String> {
        let trimmed = text.strip_prefix('v').unwrap_or(text);
        let core = trimmed.split(['-', '+']).next().unwrap_or(trimmed);
        let parts: Vec<&str> = core.split('.').collect();
        let valid = !parts.is_empty()
            && parts.len() <= 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !valid {
            return Err(match compat {
                Compat::Helm3 => format!("invalid kube version '{text}': Invalid Semantic Version"),
                Compat::Helm4 => {
                    format!("invalid kube version '{text}': could not parse {text:?} as version")
                }
            });
        }
        let major = parts[0].trim_start_matches('0');
        let major = if major.is_empty() { "0" } else { major }.to_string();
        let minor = parts.get(1).map_or("0", |m| m).to_string();
        let version = match compat {
            Compat::Helm3 => {
                let mut full = format!("v{}.{}.{}", major, minor, parts.get(2).unwrap_or(&"0"));
                if let Some(rest) = trimmed.strip_prefix(core) {
                    full.push_str(rest);
                }
                full
            }
            Compat::Helm4 => format!("v{trimmed}"),
        };
        Ok(KubeVersion {
            version,
            major,
            minor,
            compat,
        })
    }

    fn data(&self) -> Value {
        map_of(vec![
            ("Version", Value::str(self.version.as_str())),
            ("Major", Value::str(self.major.as_str())),
            ("Minor", Value::str(self.minor.as_str())),
        ])
    }
}

impl Object for KubeVersion {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed(match self.compat {
            Compat::Helm3 => "chartutil.KubeVersion",
            Compat::Helm4 => "common.KubeVersion",
        })
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Version" | "GitVersion" | "String" => Some(Value::str(self.version.as_str())),
            "Major" => Some(Value::str(self.major.as_str())),
            "Minor" => Some(Value::str(self.minor.as_str())),
            _ => None,
        }
    }

    fn fmt_v(&self, out: &mut String) {
        out.push_str(&self.version);
    }

    fn to_data(&self) -> Value {
        self.data()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `.Capabilities.APIVersions`, a `[]string` with a `Has` method.
#[derive(Debug, Clone)]
pub struct VersionSet {
    versions: Vec<String>,
    compat: Compat,
}

impl VersionSet {
    /// Helm's default list (from its client-go scheme) plus `extra`.
    pub fn new(compat: Compat, extra: &[String]) -> VersionSet {
        let defaults = match compat {
            Compat::Helm3 => include_str!("api_versions_helm3.txt"),
            Compat::Helm4 => include_str!("api_versions_helm4.txt"),
        };
        let mut versions: Vec<String> = extra.to_vec();
        versions.extend(
            defaults
                .lines()
                .filter(|l| !l.is_empty())
                .map(str::to_string),
        );
        VersionSet { versions, compat }
    }

    fn list(&self) -> Value {
        Value::string_list(self.versions.iter().map(String::as_str))
    }
}

impl Object for VersionSet {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed(match self.compat {
            Compat::Helm3 => "chartutil.VersionSet",
            Compat::Helm4 => "common.VersionSet",
        })
    }

    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    fn method_params(&self, name: &str) -> Option<&'static [Param]> {
        (name == "Has").then_some(&[Param::String][..])
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if name != "Has" {
            return None;
        }
        Some(match args {
            [Value::String(s)] => Ok(Value::Bool(self.versions.iter().any(|v| v == &**s))),
            [other] => Err(format!(
                "wrong type for value; expected string; got {}",
                other.type_name()
            )),
            _ => Err(format!(
                "wrong number of args for Has: want 1 got {}",
                args.len()
            )),
        })
    }

    fn fmt_v(&self, out: &mut String) {
        crate::value::fmt::write_v(out, &self.list());
    }

    fn to_data(&self) -> Value {
        self.list()
    }

    fn underlying(&self) -> Option<Value> {
        Some(self.list())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `.Capabilities.HelmVersion` (`version.BuildInfo`).
#[derive(Debug, Clone)]
pub struct BuildInfo {
    compat: Compat,
}

impl BuildInfo {
    fn fields(&self) -> Vec<(&'static str, &'static str, &'static str)> {
        // (Go field, json tag, value)
        match self.compat {
            Compat::Helm3 => vec![
                ("Version", "version", "v3.17.3"),
                (
                    "GitCommit",
                    "git_commit",
                    "e4da49785aa6e6ee2b86efd5dd9e43400318262b",
                ),
                ("GitTreeState", "git_tree_state", "clean"),
                ("GoVersion", "go_version", "go1.23.7"),
            ],
            Compat::Helm4 => vec![
                ("Version", "version", "v4.1.4"),
                (
                    "GitCommit",
                    "git_commit",
                    "05fa37973dc9e42b76e1d2883494c87174b6074f",
                ),
                ("GitTreeState", "git_tree_state", "clean"),
                ("GoVersion", "go_version", "go1.25.9"),
                ("KubeClientVersion", "kube_client_version", "v1.35"),
            ],
        }
    }
}

impl Object for BuildInfo {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed("version.BuildInfo")
    }

    fn field(&self, name: &str) -> Option<Value> {
        self.fields()
            .into_iter()
            .find(|(field, _, _)| *field == name)
            .map(|(_, _, v)| Value::str(v))
    }

    fn fmt_v(&self, out: &mut String) {
        out.push('{');
        let values: Vec<&str> = self.fields().into_iter().map(|(_, _, v)| v).collect();
        out.push_str(&values.join(" "));
        out.push('}');
    }

    fn to_data(&self) -> Value {
        map_of(
            self.fields()
                .into_iter()
                .map(|(_, tag, v)| (tag, Value::str(v)))
                .collect(),
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `.Capabilities`.
#[derive(Debug, Clone)]
pub struct Capabilities {
    /// `.Capabilities.KubeVersion`.
    pub kube_version: Arc<KubeVersion>,
    /// `.Capabilities.APIVersions`.
    pub api_versions: Arc<VersionSet>,
    helm_version: Arc<BuildInfo>,
    compat: Compat,
}

impl Capabilities {
    /// Capabilities for `helm template`: the given Kubernetes version and
    /// the default API versions plus `--api-versions`.
    pub fn new(
        kube_version: KubeVersion,
        extra_api_versions: &[String],
        compat: Compat,
    ) -> Capabilities {
        Capabilities {
            kube_version: Arc::new(kube_version),
            api_versions: Arc::new(VersionSet::new(compat, extra_api_versions)),
            helm_version: Arc::new(BuildInfo { compat }),
            compat,
        }
    }
}

impl Object for Capabilities {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed(match self.compat {
            Compat::Helm3 => "*chartutil.Capabilities",
            Compat::Helm4 => "*common.Capabilities",
        })
    }

    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "KubeVersion" => Some(Value::Object(self.kube_version.clone())),
            "APIVersions" => Some(Value::Object(self.api_versions.clone())),
            "HelmVersion" => Some(Value::Object(self.helm_version.clone())),
            _ => None,
        }
    }

    fn fmt_v(&self, out: &mut String) {
        out.push_str("&{");
        self.kube_version.fmt_v(out);
        out.push(' ');
        self.api_versions.fmt_v(out);
        out.push(' ');
        self.helm_version.fmt_v(out);
        out.push('}');
    }

    fn to_data(&self) -> Value {
        map_of(vec![
            ("KubeVersion", self.kube_version.to_data()),
            ("APIVersions", self.api_versions.to_data()),
            ("HelmVersion", self.helm_version.to_data()),
        ])
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `.Files`: the chart's non-template files (`engine.files`).
#[derive(Debug, Clone, Default)]
pub struct Files {
    files: BTreeMap<String, Arc<[u8]>>,
}

impl Files {
    /// The files of one chart.
    pub fn new(files: &[ChartFile]) -> Files {
        Files {
            files: files
                .iter()
                .map(|f| (f.name.clone(), f.data.clone()))
                .collect(),
        }
    }

    fn get_string(&self, name: &str) -> String {
        self.files
            .get(name)
            .map(|d| String::from_utf8_lossy(d).into_owned())
            .unwrap_or_default()
    }

    fn glob(&self, pattern: &str) -> Files {
        // Helm falls back to `**` for a pattern gobwas/glob cannot compile.
        let glob = Glob::new(pattern).unwrap_or_else(|_| Glob::match_all());
        Files {
            files: self
                .files
                .iter()
                .filter(|(name, _)| glob.is_match(name))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        }
    }

    fn lines(&self, name: &str) -> Value {
        let Some(data) = self.files.get(name) else {
            return Value::string_list(Vec::<String>::new());
        };
        let mut text = String::from_utf8_lossy(data).into_owned();
        if text.ends_with('\n') {
            text.pop();
        }
        Value::string_list(text.split('\n').map(str::to_string).collect::<Vec<_>>())
    }

    fn as_config(&self, encode: bool) -> Value {
        let mut entries = BTreeMap::new();
        for (name, data) in &self.files {
            let base = name.rsplit('/').next().unwrap_or(name).to_string();
            let content = if encode {
                base64_std(data)
            } else {
                String::from_utf8_lossy(data).into_owned()
            };
            entries.insert(base, Value::str(content));
        }
        let text = yaml::to_yaml(&Value::Map(Arc::new(Map::new(entries, MapKind::String))))
            .unwrap_or_default();
        Value::str(text.strip_suffix('\n').unwrap_or(&text))
    }

    fn as_map(&self) -> Value {
        Value::map(
            self.files
                .iter()
                .map(|(k, v)| (k.clone(), Value::Bytes(v.clone())))
                .collect(),
        )
    }
}

/// Standard base64 with padding (what Go's `base64.StdEncoding` writes).
fn base64_std(data: &[u8]) -> String {
    crate::value::json::base64_std(data)
}

impl Object for Files {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed("engine.files")
    }

    fn field(&self, name: &str) -> Option<Value> {
        // `.Files.name` on a map type looks the key up.
        Some(
            self.files
                .get(name)
                .map_or(Value::Nil, |d| Value::Bytes(d.clone())),
        )
    }

    fn method_params(&self, name: &str) -> Option<&'static [Param]> {
        match name {
            "Get" | "GetBytes" | "Glob" | "Lines" => Some(&[Param::String]),
            "AsConfig" | "AsSecrets" => Some(&[]),
            _ => None,
        }
    }

    fn call_method(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let string_arg = |args: &[Value]| -> Result<String, String> {
            match args {
                [Value::String(s)] => Ok(s.to_string()),
                [other] => Err(format!(
                    "wrong type for value; expected string; got {}",
                    other.type_name()
                )),
                _ => Err(format!(
                    "wrong number of args for {name}: want 1 got {}",
                    args.len()
                )),
            }
        };
        let no_args = |args: &[Value]| -> Result<(), String> {
            if args.is_empty() {
                Ok(())
            } else {
                Err(format!(
                    "wrong number of args for {name}: want 0 got {}",
                    args.len()
                ))
            }
        };
        Some(match name {
            "Get" => string_arg(args).map(|p| Value::str(self.get_string(&p))),
            "GetBytes" => string_arg(args).map(|p| {
                Value::Bytes(
                    self.files
                        .get(&p)
                        .cloned()
                        .unwrap_or_else(|| Arc::from(&[][..])),
                )
            }),
            "Glob" => string_arg(args).map(|p| Value::Object(Arc::new(self.glob(&p)))),
            "Lines" => string_arg(args).map(|p| self.lines(&p)),
            "AsConfig" => no_args(args).map(|()| self.as_config(false)),
            "AsSecrets" => no_args(args).map(|()| self.as_config(true)),
            _ => return None,
        })
    }

    fn fmt_v(&self, out: &mut String) {
        crate::value::fmt::write_v(out, &self.as_map());
    }

    fn is_true(&self) -> bool {
        !self.files.is_empty()
    }

    fn to_data(&self) -> Value {
        self.as_map()
    }

    fn underlying(&self) -> Option<Value> {
        Some(self.as_map())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `.Chart`: in Helm 3 a `struct { chart.Metadata; IsRoot bool }` (fields
/// only; JSON uses `Chart.yaml`'s tags), in Helm 4 a plain map.
#[derive(Debug, Clone)]
pub struct ChartObject {
    metadata: Metadata,
    is_root: bool,
}

/// The `.Chart` value for a chart.
pub fn chart_value(metadata: &Metadata, is_root: bool, compat: Compat) -> Value {
    match compat {
        Compat::Helm3 => Value::Object(Arc::new(ChartObject {
            metadata: metadata.clone(),
            is_root,
        })),
        Compat::Helm4 => {
            let mut entries = go_fields(metadata);
            entries.insert("IsRoot".to_string(), Value::Bool(is_root));
            Value::map(entries)
        }
    }
}

fn strings(items: &[String]) -> Value {
    Value::string_list(items.iter().map(String::as_str))
}

/// Chart metadata with Go's field names, as Helm 4 exposes it.
fn go_fields(m: &Metadata) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let s = |v: &str| Value::str(v);
    out.insert("Name".into(), s(&m.name));
    out.insert("Home".into(), s(&m.home));
    out.insert("Sources".into(), strings(&m.sources));
    out.insert("Version".into(), s(&m.version));
    out.insert("Description".into(), s(&m.description));
    out.insert("Keywords".into(), strings(&m.keywords));
    out.insert("Maintainers".into(), maintainers(m, true));
    out.insert("Icon".into(), s(&m.icon));
    out.insert("APIVersion".into(), s(&m.api_version));
    out.insert("Condition".into(), s(&m.condition));
    out.insert("Tags".into(), s(&m.tags));
    out.insert("AppVersion".into(), s(&m.app_version));
    out.insert("Deprecated".into(), Value::Bool(m.deprecated));
    out.insert("Annotations".into(), annotations(m));
    out.insert("KubeVersion".into(), s(&m.kube_version));
    out.insert("Dependencies".into(), dependencies(m, true));
    out.insert("Type".into(), s(&m.r#type));
    out
}

fn annotations(m: &Metadata) -> Value {
    // Without annotations Go holds a nil `map[string]string`: it prints
    // `map[]`, has length 0 and ranges over nothing, and its JSON is `null`.
    if m.annotations.is_none() {
        return Value::Map(Arc::new(Map::nil(MapKind::String)));
    }
    Value::Map(Arc::new(Map::new(
        m.annotations
            .iter()
            .flatten()
            .map(|(k, v)| (k.clone(), Value::str(v.as_str())))
            .collect(),
        MapKind::String,
    )))
}

fn maintainers(m: &Metadata, go_names: bool) -> Value {
    Value::list(
        m.maintainers
            .iter()
            .map(|mt| {
                let mut e = BTreeMap::new();
                let keys = if go_names {
                    ["Name", "Email", "URL"]
                } else {
                    ["name", "email", "url"]
                };
                for (key, value) in keys.iter().zip([&mt.name, &mt.email, &mt.url]) {
                    if go_names || !value.is_empty() {
                        e.insert(key.to_string(), Value::str(value.as_str()));
                    }
                }
                Value::map(e)
            })
            .collect(),
    )
}

fn dependencies(m: &Metadata, go_names: bool) -> Value {
    Value::list(
        m.dependencies
            .iter()
            .map(|d| {
                let mut e = BTreeMap::new();
                let name = |go: &str, json: &str| {
                    if go_names {
                        go.to_string()
                    } else {
                        json.to_string()
                    }
                };
                let mut put = |go: &str, json: &str, v: Value, empty: bool| {
                    if go_names || !empty {
                        e.insert(name(go, json), v);
                    }
                };
                put(
                    "Name",
                    "name",
                    Value::str(d.name.as_str()),
                    d.name.is_empty(),
                );
                put(
                    "Version",
                    "version",
                    Value::str(d.version.as_str()),
                    d.version.is_empty(),
                );
                put(
                    "Repository",
                    "repository",
                    Value::str(d.repository.as_str()),
                    d.repository.is_empty(),
                );
                put(
                    "Condition",
                    "condition",
                    Value::str(d.condition.as_str()),
                    d.condition.is_empty(),
                );
                put("Tags", "tags", strings(&d.tags), d.tags.is_empty());
                put("Enabled", "enabled", Value::Bool(d.enabled), !d.enabled);
                put(
                    "ImportValues",
                    "import-values",
                    Value::list(d.import_values.clone()),
                    d.import_values.is_empty(),
                );
                put(
                    "Alias",
                    "alias",
                    Value::str(d.alias.as_str()),
                    d.alias.is_empty(),
                );
                Value::map(e)
            })
            .collect(),
    )
}

impl Object for ChartObject {
    fn type_name(&self) -> Cow<'_, str> {
        Cow::Borrowed("struct { chart.Metadata; IsRoot bool }")
    }

    fn field(&self, name: &str) -> Option<Value> {
        if name == "IsRoot" {
            return Some(Value::Bool(self.is_root));
        }
        if name == "Metadata" {
            return Some(Value::map(go_fields(&self.metadata)));
        }
        go_fields(&self.metadata).remove(name)
    }

    fn fmt_v(&self, out: &mut String) {
        let fields = go_fields(&self.metadata);
        out.push_str("{{");
        let order = [
            "Name",
            "Home",
            "Sources",
            "Version",
            "Description",
            "Keywords",
            "Maintainers",
            "Icon",
            "APIVersion",
            "Condition",
            "Tags",
            "AppVersion",
            "Deprecated",
            "Annotations",
            "KubeVersion",
            "Dependencies",
            "Type",
        ];
        for (i, key) in order.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            match fields.get(*key) {
                Some(Value::Nil) => out.push_str("map[]"),
                Some(v) => crate::value::fmt::write_v(out, v),
                None => {}
            }
        }
        out.push_str("} ");
        out.push_str(if self.is_root { "true" } else { "false" });
        out.push('}');
    }

    fn to_data(&self) -> Value {
        Value::map(self.json_fields().into_iter().flatten().collect())
    }

    /// `chart.Metadata`'s JSON fields in declaration order, empty ones
    /// omitted (`omitempty`), then the embedding struct's `IsRoot`.
    fn json_fields(&self) -> Option<Vec<(String, Value)>> {
        let m = &self.metadata;
        let mut e = Vec::new();
        let mut put = |key: &str, v: Value, empty: bool| {
            if !empty {
                e.push((key.to_string(), v));
            }
        };
        put("name", Value::str(m.name.as_str()), m.name.is_empty());
        put("home", Value::str(m.home.as_str()), m.home.is_empty());
        put("sources", strings(&m.sources), m.sources.is_empty());
        put(
            "version",
            Value::str(m.version.as_str()),
            m.version.is_empty(),
        );
        put(
            "description",
            Value::str(m.description.as_str()),
            m.description.is_empty(),
        );
        put("keywords", strings(&m.keywords), m.keywords.is_empty());
        put(
            "maintainers",
            maintainers(m, false),
            m.maintainers.is_empty(),
        );
        put("icon", Value::str(m.icon.as_str()), m.icon.is_empty());
        put(
            "apiVersion",
            Value::str(m.api_version.as_str()),
            m.api_version.is_empty(),
        );
        put(
            "condition",
            Value::str(m.condition.as_str()),
            m.condition.is_empty(),
        );
        put("tags", Value::str(m.tags.as_str()), m.tags.is_empty());
        put(
            "appVersion",
            Value::str(m.app_version.as_str()),
            m.app_version.is_empty(),
        );
        put("deprecated", Value::Bool(m.deprecated), !m.deprecated);
        put(
            "annotations",
            annotations(m),
            m.annotations.as_ref().is_none_or(BTreeMap::is_empty),
        );
        put(
            "kubeVersion",
            Value::str(m.kube_version.as_str()),
            m.kube_version.is_empty(),
        );
        put(
            "dependencies",
            dependencies(m, false),
            m.dependencies.is_empty(),
        );
        put("type", Value::str(m.r#type.as_str()), m.r#type.is_empty());
        e.push(("IsRoot".to_string(), Value::Bool(self.is_root)));
        Some(e)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The methods of Helm's `Values` type (`chartutil.Values`, `common.Values`):
/// `.Values.YAML`, `.Values.AsMap`, `.Values.Table "a.b"`,
/// `.Values.PathValue "a.b"`.
#[derive(Debug, Default)]
pub struct ValuesMethods;

/// Helm's `ErrNoTable` / `ErrNoValue` texts.
fn no_table(key: &str) -> String {
    format!("{} is not a table", crate::render::go_quote(key))
}

fn no_value(key: &str) -> String {
    format!("{} is not a value", crate::render::go_quote(key))
}

/// Helm's `Values.Table`: walks `a.b.c`, each step must be a map.
fn values_table(map: &Arc<Map>, path: &str) -> Result<Arc<Map>, String> {
    let mut table = map.clone();
    for key in path.split('.') {
        match table.get(key) {
            Some(Value::Map(next)) => table = next,
            _ => return Err(no_table(key)),
        }
    }
    Ok(table)
}

impl MapMethods for ValuesMethods {
    fn params(&self, type_name: &str, method: &str) -> Option<&'static [Param]> {
        if type_name != "chartutil.Values" && type_name != "common.Values" {
            return None;
        }
        match method {
            "YAML" | "AsMap" => Some(&[]),
            "Table" | "PathValue" => Some(&[Param::String]),
            _ => None,
        }
    }

    fn call(
        &self,
        type_name: &str,
        map: &Arc<Map>,
        method: &str,
        args: &[Value],
    ) -> Result<Value, String> {
        let arg = args.first().and_then(Value::as_str).unwrap_or_default();
        match method {
            "YAML" => yaml::to_yaml(&Value::Map(map.clone())).map(Value::from),
            "AsMap" => Ok(Value::Map(Arc::new(Map::new(
                map.snapshot(),
                MapKind::Interface,
            )))),
            "Table" => values_table(map, arg).map(|t| {
                Value::Map(Arc::new(Map::new(
                    t.snapshot(),
                    MapKind::Named(leak_name(type_name)),
                )))
            }),
            "PathValue" => {
                if arg.is_empty() {
                    return Err("YAML path cannot be empty".to_string());
                }
                let (table_path, key) = match arg.rsplit_once('.') {
                    Some((table, key)) => (Some(table), key),
                    None => (None, arg),
                };
                let table = match table_path {
                    Some(path) => values_table(map, path).map_err(|_| no_value(key))?,
                    None => map.clone(),
                };
                match table.get(key) {
                    Some(Value::Map(_)) | None => Err(no_value(key)),
                    Some(v) => Ok(v),
                }
            }
            _ => Err(format!("no method {method}")),
        }
    }
}

/// The static name of Helm's values type for a type name seen at run time.
fn leak_name(type_name: &str) -> &'static str {
    if type_name == "chartutil.Values" {
        "chartutil.Values"
    } else {
        "common.Values"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kube_version_parsing_differs_by_helm_version() {
        let v3 = KubeVersion::parse("v1.19.0-gke.1", Compat::Helm3).unwrap();
        assert_eq!(v3.version, "v1.19.0-gke.1");
        let v4 = KubeVersion::parse("v1.19.0-gke.1", Compat::Helm4).unwrap();
        assert_eq!(v4.version, "v1.19.0-gke.1");
        assert_eq!(
            KubeVersion::parse("1.30", Compat::Helm3).unwrap().version,
            "v1.30.0"
        );
        assert_eq!(
            KubeVersion::parse("1.30", Compat::Helm4).unwrap().version,
            "v1.30"
        );
        assert_eq!(v4.minor, "19");
        assert!(KubeVersion::parse("x", Compat::Helm4).is_err());
    }

    #[test]
    fn base64_matches_std_encoding() {
        assert_eq!(base64_std(b""), "");
        assert_eq!(base64_std(b"f"), "Zg==");
        assert_eq!(base64_std(b"fo"), "Zm8=");
        assert_eq!(base64_std(b"foo"), "Zm9v");
        assert_eq!(base64_std(b"hello\n"), "aGVsbG8K");
    }
}
