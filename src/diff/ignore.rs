//! `--ignore RULE`: fields left out of both sides before comparing.
//!
//! A rule is one of:
//! - `label:KEY`: the label KEY of every object's `metadata.labels`
//!   (the resource's own and those of pod templates, job templates and
//!   volume claim templates); `*` in KEY matches any text
//!   (`label:helm.sh/chart`, `label:app.kubernetes.io/*`);
//! - `annotation:KEY`: the same for `metadata.annotations`
//!   (`annotation:checksum/*`);
//! - a field path, dotted (`spec.replicas`,
//!   `spec.template.spec.containers[*].image`,
//!   `metadata.annotations["checksum/config"]`) or a JSON pointer
//!   (`/metadata/labels/helm.sh~1chart`), where a `*` segment matches every
//!   key or list item. Optionally prefixed by a kind, `Deployment:spec.replicas`,
//!   to apply to that kind only.

use serde_json::Value;

use super::DiffError;
use crate::diag::pointer_segments;

/// One parsed `--ignore` rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Rule {
    /// A label key pattern.
    Label(String),
    /// An annotation key pattern.
    Annotation(String),
    /// A field path, for one kind or every kind.
    Path {
        kind: Option<String>,
        segments: Vec<String>,
    },
}

impl Rule {
    /// Parses the rule syntax of `--ignore`.
    pub(crate) fn parse(text: &str) -> Result<Rule, DiffError> {
        let bad = |why: &str| DiffError::Ignore {
            rule: text.to_string(),
            reason: why.to_string(),
        };
        if let Some(key) = text.strip_prefix("label:") {
            if key.is_empty() {
                return Err(bad("the label key is empty"));
            }
            return Ok(Rule::Label(key.to_string()));
        }
        if let Some(key) = text.strip_prefix("annotation:") {
            if key.is_empty() {
                return Err(bad("the annotation key is empty"));
            }
            return Ok(Rule::Annotation(key.to_string()));
        }
        let (kind, path) = match text.split_once(':') {
            Some((kind, path))
                if !kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphanumeric()) =>
            {
                (Some(kind.to_string()), path)
            }
            _ => (None, text),
        };
        let segments = if path.starts_with('/') {
            pointer_segments(path)
        } else {
            dotted_segments(path).map_err(|why| bad(&why))?
        };
        if segments.is_empty() {
            return Err(bad("the path is empty"));
        }
        Ok(Rule::Path { kind, segments })
    }

    /// Removes what the rule names from a resource of kind `kind`.
    pub(crate) fn apply(&self, kind: &str, value: &mut Value) {
        match self {
            Rule::Label(key) => remove_metadata_keys(value, "labels", key, 0),
            Rule::Annotation(key) => remove_metadata_keys(value, "annotations", key, 0),
            Rule::Path {
                kind: Some(only), ..
            } if only != kind => {}
            Rule::Path { segments, .. } => remove_path(value, segments),
        }
    }
}

/// `a.b[0]["c.d"][*].e` → `a`, `b`, `0`, `c.d`, `*`, `e`.
fn dotted_segments(path: &str) -> Result<Vec<String>, String> {
    let mut segments = Vec::new();
    let mut chars = path.chars().peekable();
    let mut current = String::new();
    let mut after_bracket = false;
    while let Some(c) = chars.next() {
        match c {
            '.' => {
                if current.is_empty() && !after_bracket {
                    return Err("empty field name".into());
                }
                if !current.is_empty() {
                    segments.push(std::mem::take(&mut current));
                }
                after_bracket = false;
            }
            '[' => {
                if !current.is_empty() {
                    segments.push(std::mem::take(&mut current));
                }
                let quote = chars.peek().copied().filter(|q| *q == '"' || *q == '\'');
                let mut inner = String::new();
                if let Some(q) = quote {
                    chars.next();
                    loop {
                        match chars.next() {
                            Some('\\') => match chars.next() {
                                Some(e) => inner.push(e),
                                None => return Err("unterminated quoted key".into()),
                            },
                            Some(c) if c == q => break,
                            Some(c) => inner.push(c),
                            None => return Err("unterminated quoted key".into()),
                        }
                    }
                    if chars.next() != Some(']') {
                        return Err("expected `]` after a quoted key".into());
                    }
                } else {
                    loop {
                        match chars.next() {
                            Some(']') => break,
                            Some(c) => inner.push(c),
                            None => return Err("unterminated `[`".into()),
                        }
                    }
                    if inner != "*" && !inner.bytes().all(|b| b.is_ascii_digit())
                        || inner.is_empty()
                    {
                        return Err(format!(
                            "`[{inner}]` is neither a list index nor `[*]`; quote keys as `[\"{inner}\"]`"
                        ));
                    }
                }
                segments.push(inner);
                after_bracket = true;
            }
            c => {
                if after_bracket {
                    return Err("expected `.` or `[` after `]`".into());
                }
                current.push(c);
            }
        }
    }
    if !current.is_empty() {
        segments.push(current);
    } else if !after_bracket && !segments.is_empty() {
        return Err("the path ends with `.`".into());
    }
    Ok(segments)
}

fn remove_path(value: &mut Value, segments: &[String]) {
    let Some((head, rest)) = segments.split_first() else {
        return;
    };
    match value {
        Value::Object(map) => {
            if rest.is_empty() {
                if head == "*" {
                    map.clear();
                } else {
                    map.remove(head.as_str());
                }
                return;
            }
            if head == "*" {
                for child in map.values_mut() {
                    remove_path(child, rest);
                }
            } else if let Some(child) = map.get_mut(head.as_str()) {
                remove_path(child, rest);
            }
        }
        Value::Array(items) => {
            if head == "*" {
                if rest.is_empty() {
                    items.clear();
                } else {
                    for child in items.iter_mut() {
                        remove_path(child, rest);
                    }
                }
                return;
            }
            let Ok(i) = head.parse::<usize>() else {
                return;
            };
            if rest.is_empty() {
                if i < items.len() {
                    items.remove(i);
                }
            } else if let Some(child) = items.get_mut(i) {
                remove_path(child, rest);
            }
        }
        _ => {}
    }
}

/// Removes matching keys from `metadata.<field>` of this object and of
/// every object nested in it.
fn remove_metadata_keys(value: &mut Value, field: &str, pattern: &str, depth: usize) {
    // Manifests are at most 512 levels deep (manifest::MAX_DEPTH).
    if depth > 600 {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(keys)) =
                map.get_mut("metadata").and_then(|m| m.get_mut(field))
            {
                keys.retain(|k, _| !glob_match(pattern, k));
            }
            for child in map.values_mut() {
                remove_metadata_keys(child, field, pattern, depth + 1);
            }
        }
        Value::Array(items) => {
            for child in items {
                remove_metadata_keys(child, field, pattern, depth + 1);
            }
        }
        _ => {}
    }
}

/// `*` matches any run of characters; everything else matches itself.
pub(crate) fn glob_match(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let tail: Vec<&str> = parts.collect();
    let Some((last, middle)) = tail.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_rules() {
        let path = |kind: Option<&str>, segs: &[&str]| Rule::Path {
            kind: kind.map(str::to_string),
            segments: segs.iter().map(|s| s.to_string()).collect(),
        };
        let cases = [
            ("label:helm.sh/chart", Rule::Label("helm.sh/chart".into())),
            (
                "annotation:checksum/*",
                Rule::Annotation("checksum/*".into()),
            ),
            ("spec.replicas", path(None, &["spec", "replicas"])),
            (
                "spec.template.spec.containers[*].image",
                path(
                    None,
                    &["spec", "template", "spec", "containers", "*", "image"],
                ),
            ),
            (
                "metadata.annotations[\"checksum/config\"]",
                path(None, &["metadata", "annotations", "checksum/config"]),
            ),
            ("a[0][1].b", path(None, &["a", "0", "1", "b"])),
            (
                "/metadata/labels/helm.sh~1chart",
                path(None, &["metadata", "labels", "helm.sh/chart"]),
            ),
            (
                "Deployment:spec.replicas",
                path(Some("Deployment"), &["spec", "replicas"]),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(Rule::parse(text).unwrap(), want, "{text}");
        }
        for bad in [
            "",
            "label:",
            "a..b",
            "a[x]",
            "a[\"x",
            "a[0]b",
            "a.",
            "annotation:",
        ] {
            assert!(Rule::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn applies_rules() {
        let doc = json!({
            "kind": "Deployment",
            "metadata": {"labels": {"helm.sh/chart": "c-1", "app": "a"}, "annotations": {"checksum/config": "x", "keep": "y"}},
            "spec": {"replicas": 3, "template": {"metadata": {"labels": {"helm.sh/chart": "c-1"}},
                "spec": {"containers": [{"image": "i", "name": "n"}, {"image": "j", "name": "m"}]}}}
        });
        let cases = [
            (
                "label:helm.sh/chart",
                json!({"kind": "Deployment",
                "metadata": {"labels": {"app": "a"}, "annotations": {"checksum/config": "x", "keep": "y"}},
                "spec": {"replicas": 3, "template": {"metadata": {"labels": {}},
                    "spec": {"containers": [{"image": "i", "name": "n"}, {"image": "j", "name": "m"}]}}}}),
            ),
            (
                "annotation:checksum/*",
                json!({"kind": "Deployment",
                "metadata": {"labels": {"helm.sh/chart": "c-1", "app": "a"}, "annotations": {"keep": "y"}},
                "spec": {"replicas": 3, "template": {"metadata": {"labels": {"helm.sh/chart": "c-1"}},
                    "spec": {"containers": [{"image": "i", "name": "n"}, {"image": "j", "name": "m"}]}}}}),
            ),
            (
                "spec.template.spec.containers[*].image",
                json!({"kind": "Deployment",
                "metadata": {"labels": {"helm.sh/chart": "c-1", "app": "a"}, "annotations": {"checksum/config": "x", "keep": "y"}},
                "spec": {"replicas": 3, "template": {"metadata": {"labels": {"helm.sh/chart": "c-1"}},
                    "spec": {"containers": [{"name": "n"}, {"name": "m"}]}}}}),
            ),
            ("StatefulSet:spec.replicas", doc.clone()),
            (
                "/spec/template/spec/containers/1",
                json!({"kind": "Deployment",
                "metadata": {"labels": {"helm.sh/chart": "c-1", "app": "a"}, "annotations": {"checksum/config": "x", "keep": "y"}},
                "spec": {"replicas": 3, "template": {"metadata": {"labels": {"helm.sh/chart": "c-1"}},
                    "spec": {"containers": [{"image": "i", "name": "n"}]}}}}),
            ),
            ("spec.nothing.here", doc.clone()),
        ];
        for (rule, want) in cases {
            let mut v = doc.clone();
            Rule::parse(rule).unwrap().apply("Deployment", &mut v);
            assert_eq!(v, want, "{rule}");
        }
    }

    #[test]
    fn globs() {
        for (p, t, ok) in [
            ("a*", "abc", true),
            ("*c", "abc", true),
            ("a*c", "ac", true),
            ("a*b*c", "aXbYc", true),
            ("a*a", "a", false),
            ("abc", "abc", true),
            ("abc", "abcd", false),
            ("*", "", true),
        ] {
            assert_eq!(glob_match(p, t), ok, "{p} {t}");
        }
    }
}
