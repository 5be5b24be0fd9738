//! `Chart.yaml`: the typed metadata Helm reads and validates.

use std::collections::BTreeMap;

use crate::value::{Value, fmt::format_float_g};

/// One entry of `dependencies:` in `Chart.yaml`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dependency {
    /// The subchart's name.
    pub name: String,
    /// The version constraint (not checked against vendored charts, as in Helm).
    pub version: String,
    /// The repository URL.
    pub repository: String,
    /// A values path whose boolean enables or disables the subchart.
    pub condition: String,
    /// Tags that enable or disable the subchart.
    pub tags: Vec<String>,
    /// An explicit enable flag.
    pub enabled: bool,
    /// `import-values` entries, as raw values.
    pub import_values: Vec<Value>,
    /// The alias the subchart is rendered under.
    pub alias: String,
}

/// A maintainer entry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Maintainer {
    /// Name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// URL.
    pub url: String,
}

/// `Chart.yaml`, with every field Helm's `chart.Metadata` has.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metadata {
    /// `name`.
    pub name: String,
    /// `home`.
    pub home: String,
    /// `sources`.
    pub sources: Vec<String>,
    /// `version` (SemVer 2).
    pub version: String,
    /// `description`.
    pub description: String,
    /// `keywords`.
    pub keywords: Vec<String>,
    /// `maintainers`.
    pub maintainers: Vec<Maintainer>,
    /// `icon`.
    pub icon: String,
    /// `apiVersion` (`v1` or `v2`); Helm's loader fills in `v1` when missing.
    pub api_version: String,
    /// True when `apiVersion` was missing and defaulted to `v1`.
    pub api_version_defaulted: bool,
    /// `condition`.
    pub condition: String,
    /// `tags`.
    pub tags: String,
    /// `appVersion`.
    pub app_version: String,
    /// `deprecated`.
    pub deprecated: bool,
    /// `annotations`.
    pub annotations: Option<BTreeMap<String, String>>,
    /// `kubeVersion` constraint.
    pub kube_version: String,
    /// `dependencies`.
    pub dependencies: Vec<Dependency>,
    /// `type` (`application` or `library`).
    pub r#type: String,
}

/// Why `Chart.yaml` was refused; Display gives Helm's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetadataError(pub String);

impl std::fmt::Display for MetadataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MetadataError {}

/// A YAML scalar read into a Go `string` field: sigs.k8s.io/yaml turns
/// numbers and booleans into their text, so `version: 1.0` reads as `"1"`.
fn scalar_string(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Nil) => String::new(),
        Some(Value::String(s)) => s.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Int(i) | Value::Int64(i)) => i.to_string(),
        Some(Value::Float(f)) => format_float_g(*f),
        Some(other) => other.to_go_string(),
    }
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    match value.and_then(Value::as_list) {
        Some(items) => items.iter().map(|v| scalar_string(Some(v))).collect(),
        None => Vec::new(),
    }
}

fn field<'a>(map: &'a BTreeMap<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key)
}

impl Metadata {
    /// Reads the metadata from the parsed `Chart.yaml` document.
    pub fn from_value(doc: &Value) -> Result<Metadata, MetadataError> {
        if doc.is_nil() {
            // An empty Chart.yaml is an empty Metadata, which validation refuses.
            return Metadata::from_value(&Value::empty_map());
        }
        let Some(map) = doc.as_map() else {
            return Err(MetadataError(
                "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal into Go value of type chart.Metadata"
                    .to_string(),
            ));
        };
        let map = map.snapshot();
        let maintainers = match field(&map, "maintainers").and_then(Value::as_list) {
            Some(items) => items
                .iter()
                .map(|m| {
                    let entry = m.as_map().map(|m| m.snapshot()).unwrap_or_default();
                    Maintainer {
                        name: scalar_string(entry.get("name")),
                        email: scalar_string(entry.get("email")),
                        url: scalar_string(entry.get("url")),
                    }
                })
                .collect(),
            None => Vec::new(),
        };
        let dependencies = match field(&map, "dependencies").and_then(Value::as_list) {
            Some(items) => items.iter().map(dependency_from_value).collect(),
            None => Vec::new(),
        };
        let annotations = field(&map, "annotations").and_then(Value::as_map).map(|m| {
            m.entries()
                .iter()
                .map(|(k, v)| (k.clone(), scalar_string(Some(v))))
                .collect()
        });
        Ok(Metadata {
            name: scalar_string(field(&map, "name")),
            home: scalar_string(field(&map, "home")),
            sources: string_list(field(&map, "sources")),
            version: scalar_string(field(&map, "version")),
            description: scalar_string(field(&map, "description")),
            keywords: string_list(field(&map, "keywords")),
            maintainers,
            icon: scalar_string(field(&map, "icon")),
            // Helm's loader defaults a missing apiVersion to v1.
            api_version: match scalar_string(field(&map, "apiVersion")) {
                v if v.is_empty() => "v1".to_string(),
                v => v,
            },
            api_version_defaulted: scalar_string(field(&map, "apiVersion")).is_empty(),
            condition: scalar_string(field(&map, "condition")),
            tags: scalar_string(field(&map, "tags")),
            app_version: scalar_string(field(&map, "appVersion")),
            deprecated: matches!(field(&map, "deprecated"), Some(Value::Bool(true))),
            annotations,
            kube_version: scalar_string(field(&map, "kubeVersion")),
            dependencies,
            r#type: scalar_string(field(&map, "type")),
        })
    }

    /// Helm's `Metadata.Validate`: sanitises every string field (whitespace
    /// becomes a space, unprintable characters go) and checks name, version,
    /// type and dependencies.
    pub fn validate(&mut self) -> Result<(), MetadataError> {
        self.sanitize();
        let invalid = |m: String| Err(MetadataError(format!("validation: {m}")));
        if self.name.is_empty() {
            return invalid("chart.metadata.name is required".to_string());
        }
        if self.name.contains('/')
            || self.name.contains('\\')
            || self.name == ".."
            || self.name == "."
        {
            return invalid(format!("chart.metadata.name {:?} is invalid", self.name));
        }
        if self.version.is_empty() {
            return invalid("chart.metadata.version is required".to_string());
        }
        if !is_semver_like(&self.version) {
            return invalid(format!(
                "chart.metadata.version {:?} is invalid",
                self.version
            ));
        }
        if !self.r#type.is_empty() && self.r#type != "application" && self.r#type != "library" {
            return invalid("chart.metadata.type must be application or library".to_string());
        }
        let mut seen: Vec<&str> = Vec::new();
        for dep in &self.dependencies {
            if !dep.alias.is_empty()
                && !dep
                    .alias
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            {
                return invalid(format!(
                    "dependency {:?} has disallowed characters in the alias",
                    dep.name
                ));
            }
            let key = if dep.alias.is_empty() {
                &dep.name
            } else {
                &dep.alias
            };
            if seen.contains(&key.as_str()) {
                return invalid(format!(
                    "more than one dependency with name or alias {key:?}"
                ));
            }
            seen.push(key);
        }
        Ok(())
    }

    /// Helm's `sanitizeString` on every string field.
    fn sanitize(&mut self) {
        fn clean(s: &mut String) {
            if s.chars()
                .any(|c| c.is_whitespace() && c != ' ' || c.is_control())
            {
                *s = s
                    .chars()
                    .filter_map(|c| {
                        if c.is_whitespace() {
                            Some(' ')
                        } else if c.is_control() {
                            None
                        } else {
                            Some(c)
                        }
                    })
                    .collect();
            }
        }
        for field in [
            &mut self.name,
            &mut self.home,
            &mut self.version,
            &mut self.description,
            &mut self.icon,
            &mut self.api_version,
            &mut self.condition,
            &mut self.tags,
            &mut self.app_version,
            &mut self.kube_version,
            &mut self.r#type,
        ] {
            clean(field);
        }
        for list in [&mut self.sources, &mut self.keywords] {
            list.iter_mut().for_each(clean);
        }
        for m in &mut self.maintainers {
            clean(&mut m.name);
            clean(&mut m.email);
            clean(&mut m.url);
        }
        for d in &mut self.dependencies {
            clean(&mut d.name);
            clean(&mut d.version);
            clean(&mut d.repository);
            clean(&mut d.condition);
            clean(&mut d.alias);
            d.tags.iter_mut().for_each(clean);
        }
    }

    /// Whether this is a library chart (renders no manifests of its own).
    pub fn is_library(&self) -> bool {
        self.r#type == "library"
    }
}

fn dependency_from_value(value: &Value) -> Dependency {
    let map = value.as_map().map(|m| m.snapshot()).unwrap_or_default();
    let import_values = map
        .get("import-values")
        .and_then(Value::as_list)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    Dependency {
        name: scalar_string(map.get("name")),
        version: scalar_string(map.get("version")),
        repository: scalar_string(map.get("repository")),
        condition: scalar_string(map.get("condition")),
        tags: string_list(map.get("tags")),
        enabled: matches!(map.get("enabled"), Some(Value::Bool(true))),
        import_values,
        alias: scalar_string(map.get("alias")),
    }
}

/// Masterminds `semver.NewVersion` acceptance: loose versions such as
/// `1`, `1.2`, `v1.2.3`, with optional prerelease and build metadata.
fn is_semver_like(version: &str) -> bool {
    let v = version.strip_prefix('v').unwrap_or(version);
    let (core, _build) = match v.split_once('+') {
        Some((core, build)) => {
            if build.is_empty()
                || !build.split('.').all(|p| {
                    !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
            {
                return false;
            }
            (core, Some(build))
        }
        None => (v, None),
    };
    let (numbers, pre) = match core.split_once('-') {
        Some((numbers, pre)) => (numbers, Some(pre)),
        None => (core, None),
    };
    if let Some(pre) = pre
        && (pre.is_empty()
            || !pre
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')))
    {
        return false;
    }
    let parts: Vec<&str> = numbers.split('.').collect();
    if parts.is_empty() || parts.len() > 3 {
        return false;
    }
    parts
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_semver_is_accepted_like_masterminds() {
        for ok in [
            "1",
            "1.2",
            "1.2.3",
            "v1.2.3",
            "1.2.3-rc.1",
            "1.2.3+build.5",
            "0.1.0",
        ] {
            assert!(is_semver_like(ok), "{ok}");
        }
        for bad in ["", "notsemver", "1.2.3.4", "1..2", "1.2.3-", "x1.2"] {
            assert!(!is_semver_like(bad), "{bad}");
        }
    }
}
