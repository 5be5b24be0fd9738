//! Helm's `rules.Chartfile`: `Chart.yaml` parses (strictly, for Helm 4),
//! names a chart, an apiVersion, a SemVer version, valid maintainers,
//! sources and icon, and uses `type`/`dependencies` only in apiVersion v2.

use std::path::Path;

use super::{Linter, Rule};
use crate::chart::Metadata;
use crate::compat::Compat;
use crate::diag::Severity;
use crate::value::{Value, yaml};

const FILE: &str = "Chart.yaml";

/// Runs every Chart.yaml rule of `compat`'s Helm on the chart in `dir`.
pub(super) fn lint(linter: &mut Linter, dir: &Path, compat: Compat) {
    let path = dir.join(FILE);
    let is_dir = path.is_dir();
    linter.run(
        Rule::new("helm/chartfile-not-directory", Severity::Error, FILE),
        is_dir.then(|| "should be a file, not a directory".to_string()),
    );
    let (doc, metadata) = match load(&path) {
        Ok(loaded) => loaded,
        Err((e, line)) => {
            linter.run(
                Rule::new("helm/chartfile-yaml", Severity::Error, FILE).line(line),
                Some(format!("unable to parse YAML\n\t{e}")),
            );
            return;
        }
    };
    if compat == Compat::Helm4 {
        linter.run(
            Rule::new("helm/chartfile-strict", Severity::Warning, FILE),
            strict_error(&path, &doc)
                .map(|e| format!("failed to strictly parse chart metadata file\n\t{e}")),
        );
    }
    let error = |rule: &'static str| Rule::new(rule, Severity::Error, FILE);
    linter.run(error("helm/chartfile-name"), validate_name(&metadata.name));
    let api_version = if metadata.api_version_defaulted {
        ""
    } else {
        metadata.api_version.as_str()
    };
    linter.run(
        error("helm/chartfile-apiversion"),
        validate_api_version(api_version),
    );
    linter.run(
        error("helm/chartfile-version-type"),
        string_type(&doc, "version"),
    );
    linter.run(
        error("helm/chartfile-version"),
        validate_version(&metadata.version, compat),
    );
    linter.run(
        error("helm/chartfile-appversion-type"),
        string_type(&doc, "appVersion"),
    );
    linter.run(
        error("helm/chartfile-maintainer"),
        validate_maintainers(&metadata),
    );
    linter.run(
        error("helm/chartfile-sources"),
        metadata
            .sources
            .iter()
            .find(|s| !is_request_url(s))
            .map(|s| format!("invalid source URL '{s}'")),
    );
    linter.run(
        Rule::new("helm/chartfile-icon", Severity::Info, FILE),
        metadata
            .icon
            .is_empty()
            .then(|| "icon is recommended".to_string()),
    );
    linter.run(
        error("helm/chartfile-icon-url"),
        (!metadata.icon.is_empty() && !is_request_url(&metadata.icon))
            .then(|| format!("invalid icon URL '{}'", metadata.icon)),
    );
    linter.run(
        error("helm/chartfile-type"),
        (!metadata.r#type.is_empty() && api_version != "v2").then(|| {
            format!(
                "chart type is not valid in apiVersion '{api_version}'. It is valid in apiVersion 'v2'"
            )
        }),
    );
    linter.run(
        error("helm/chartfile-dependencies"),
        (!metadata.dependencies.is_empty() && api_version != "v2").then(|| {
            format!(
                "dependencies are not valid in the Chart file with apiVersion '{api_version}'. They are valid in apiVersion 'v2'"
            )
        }),
    );
    if compat == Compat::Helm4 {
        linter.run(
            Rule::new("helm/chartfile-semver-v2", Severity::Warning, FILE),
            (!is_strict_semver(&metadata.version))
                .then(|| format!("version '{}' is not a valid SemVerV2", metadata.version)),
        );
    }
}

/// `chartutil.LoadChartfile`: the YAML document and the typed metadata.
/// On failure, the message and the line it concerns (1 when unknown).
fn load(path: &Path) -> Result<(Value, Metadata), (String, usize)> {
    let data = std::fs::read(path).map_err(|e| {
        let message = match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("open {}: no such file or directory", path.display())
            }
            _ => format!("read {}: {e}", path.display()),
        };
        (message, 1)
    })?;
    let doc = yaml::from_slice(&data).map_err(|e| {
        let line = e
            .position
            .map_or(1, |(line, _)| usize::try_from(line).unwrap_or(1));
        (e.to_string(), line)
    })?;
    let metadata = Metadata::from_value(&doc).map_err(|e| (e.0, 1))?;
    Ok((doc, metadata))
}

/// Go's `%T` of a value sigs.k8s.io/yaml decoded into `interface{}`.
fn go_type(value: &Value) -> &'static str {
    match value {
        Value::Nil => "<nil>",
        Value::Bool(_) => "bool",
        Value::String(_) => "string",
        Value::List(_) => "[]interface {}",
        Value::Map(_) => "map[string]interface {}",
        _ => "float64",
    }
}

fn string_type(doc: &Value, key: &str) -> Option<String> {
    let value = doc.as_map()?.get(key)?;
    match go_type(&value) {
        "string" => None,
        other => Some(format!(
            "{key} should be of type string but it's of type {other}"
        )),
    }
}

fn validate_name(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("name is required".to_string());
    }
    (go_base(name) != name).then(|| {
        format!(
            "chart name {} is invalid",
            crate::value::printf::quote(name)
        )
    })
}

/// Go's `filepath.Base`.
fn go_base(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return if path.is_empty() { "." } else { "/" };
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

fn validate_api_version(api_version: &str) -> Option<String> {
    if api_version.is_empty() {
        return Some(
            r#"apiVersion is required. The value must be either "v1" or "v2""#.to_string(),
        );
    }
    (api_version != "v1" && api_version != "v2").then(|| {
        format!(r#"apiVersion '{api_version}' is not valid. The value must be either "v1" or "v2""#)
    })
}

fn validate_version(version: &str, compat: Compat) -> Option<String> {
    use crate::funcs::semver::{Dialect, Version};
    if version.is_empty() {
        return Some("version is required".to_string());
    }
    let dialect = match compat {
        Compat::Helm3 => Dialect::Helm3,
        Compat::Helm4 => Dialect::Helm4,
    };
    if Version::parse(version, dialect).is_err() {
        return Some(format!("version '{version}' is not a valid SemVer"));
    }
    None
}

fn validate_maintainers(metadata: &Metadata) -> Option<String> {
    for m in &metadata.maintainers {
        if m.name.is_empty() {
            return Some("each maintainer requires a name".to_string());
        } else if !m.email.is_empty() && !is_email(&m.email) {
            return Some(format!(
                "invalid email '{}' for maintainer '{}'",
                m.email, m.name
            ));
        } else if !m.url.is_empty() && !is_url(&m.url) {
            return Some(format!(
                "invalid url '{}' for maintainer '{}'",
                m.url, m.name
            ));
        }
    }
    None
}

/// Why `StrictLoadChartfile` refuses the file: repeated keys (YAML stage),
/// then the first unknown field (JSON stage).
fn strict_error(path: &Path, doc: &Value) -> Option<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    if let Ok((_, duplicates)) = yaml::decode_document(&text)
        && !duplicates.is_empty()
    {
        let lines: Vec<String> = duplicates
            .iter()
            .map(|d| {
                format!(
                    "  line {}: key {} already set in map",
                    d.line,
                    crate::value::printf::quote(&d.key)
                )
            })
            .collect();
        return Some(format!(
            "error converting YAML to JSON: yaml: unmarshal errors:\n{}",
            lines.join("\n")
        ));
    }
    unknown_field(doc).map(|field| {
        format!(
            "error unmarshaling JSON: while decoding JSON: json: unknown field {}",
            crate::value::printf::quote(&field)
        )
    })
}

/// The fields of Helm's `chart.Metadata` (and its maintainers and
/// dependencies), as encoding/json matches them: case-insensitively.
const METADATA_FIELDS: &[&str] = &[
    "name",
    "home",
    "sources",
    "version",
    "description",
    "keywords",
    "maintainers",
    "icon",
    "apiversion",
    "condition",
    "tags",
    "appversion",
    "deprecated",
    "annotations",
    "kubeversion",
    "dependencies",
    "type",
];
const MAINTAINER_FIELDS: &[&str] = &["name", "email", "url"];
const DEPENDENCY_FIELDS: &[&str] = &[
    "name",
    "version",
    "repository",
    "condition",
    "tags",
    "enabled",
    "import-values",
    "alias",
];

/// The first field `DisallowUnknownFields` refuses, in the order
/// encoding/json meets them (the JSON text has its keys sorted).
fn unknown_field(doc: &Value) -> Option<String> {
    let map = doc.as_map()?.snapshot();
    for (key, value) in &map {
        if !METADATA_FIELDS.contains(&key.to_ascii_lowercase().as_str()) {
            return Some(key.clone());
        }
        let nested = match key.to_ascii_lowercase().as_str() {
            "maintainers" => MAINTAINER_FIELDS,
            "dependencies" => DEPENDENCY_FIELDS,
            _ => continue,
        };
        for item in value.as_list().unwrap_or_default() {
            if let Some(item) = item.as_map() {
                if let Some(k) = item
                    .snapshot()
                    .keys()
                    .find(|k| !nested.contains(&k.to_ascii_lowercase().as_str()))
                {
                    return Some(k.clone());
                }
            }
        }
    }
    None
}

/// Masterminds `semver.StrictNewVersion`: exactly `X.Y.Z`, no leading
/// zeros, optional prerelease and build metadata.
fn is_strict_semver(version: &str) -> bool {
    let (rest, build) = match version.split_once('+') {
        Some((rest, build)) => (rest, Some(build)),
        None => (version, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (rest, None),
    };
    let ident_ok = |part: &str| {
        !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    let numeric_ok = |part: &str| {
        !part.is_empty()
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part == "0" || !part.starts_with('0'))
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.len() != 3 || !parts.iter().all(|p| numeric_ok(p)) {
        return false;
    }
    if let Some(pre) = pre {
        let ok = pre
            .split('.')
            .all(|p| ident_ok(p) && (!p.bytes().all(|b| b.is_ascii_digit()) || numeric_ok(p)));
        if !ok {
            return false;
        }
    }
    build.is_none_or(|b| b.split('.').all(ident_ok))
}

/// govalidator's `IsRequestURL`: `url.ParseRequestURI` accepts it and it
/// has a scheme, so `scheme:/…` with a valid host.
pub(super) fn is_request_url(text: &str) -> bool {
    if text.bytes().any(|b| b < 0x20 || b == 0x7f) {
        return false;
    }
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || !rest.starts_with('/') {
        return false;
    }
    match rest.strip_prefix("//") {
        Some(authority) => {
            let host = authority.split(['/', '?', '#']).next().unwrap_or_default();
            let host = host.rsplit('@').next().unwrap_or_default();
            host.chars().all(|c| {
                c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:[]%".contains(c) || !c.is_ascii()
            })
        }
        None => true,
    }
}

/// govalidator's `IsEmail`: `local@domain`, the domain a dotted host name.
fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    local_ok && is_dns_name(domain) && domain.contains('.')
}

fn is_dns_name(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        })
}

/// govalidator's `IsURL`: an optional scheme, then a host that is an IP,
/// `localhost` or a dotted DNS name, then an optional port and path.
fn is_url(text: &str) -> bool {
    if text.is_empty() || text.len() >= 2083 || text.len() <= 3 || text.starts_with('.') {
        return false;
    }
    if text.chars().any(char::is_whitespace) {
        return false;
    }
    let rest = match text.split_once("://") {
        Some((scheme, rest)) => {
            let known = ["http", "https", "ftp", "tcp", "udp", "ws", "wss", "irc"];
            if !known.contains(&scheme.to_ascii_lowercase().as_str()) {
                return false;
            }
            rest
        }
        None => text,
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !port.is_empty() => host,
        Some(_) => return false,
        None => host_port,
    };
    host == "localhost"
        || host.parse::<std::net::Ipv4Addr>().is_ok()
        || (host.contains('.') && is_dns_name(host.trim_end_matches('.')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_as_govalidator_reads_them() {
        for (text, request, url) in [
            ("https://example.com/i.png", true, true),
            ("not a url", false, false),
            ("bad", false, false),
            ("/just/a/path", false, false),
            ("mailto:x@example.com", false, true),
            ("example.com", false, true),
            ("http://localhost:8080/x", true, true),
        ] {
            assert_eq!(is_request_url(text), request, "request {text}");
            assert_eq!(is_url(text), url, "url {text}");
        }
    }

    #[test]
    fn strict_semver_and_emails() {
        for (v, ok) in [
            ("1.0.0", true),
            ("1", false),
            ("v1.0.0", false),
            ("01.0.0", false),
            ("1.0.0-rc.1+b", true),
            ("", false),
        ] {
            assert_eq!(is_strict_semver(v), ok, "{v}");
        }
        for (e, ok) in [("a@example.com", true), ("bad", false), ("a@b", false)] {
            assert_eq!(is_email(e), ok, "{e}");
        }
    }
}
