//! Findings: what every check (schema, API versions, server rules, policy,
//! Helm's own lint) reports about a resource, independent of how a report
//! prints them.

use std::fmt;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Fails a run only under `--fail-on warning`.
    Warning,
    /// The resource would be rejected or is unsafe: fails the run.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `info`, `warning` or `error` (as in config files and flags).
    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The family of checks a rule belongs to; `lint --checks` selects families.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// Input that cannot be read as YAML or JSON at all.
    Syntax,
    /// JSON schema of the Kubernetes kind (or its CRD), incl. strict mode.
    Schema,
    /// Removed and deprecated API versions.
    Api,
    /// What the API server checks that a schema cannot express.
    Server,
    /// Pod Security Standards and best practices.
    Policy,
    /// Helm's own lint checks on a chart.
    Helm,
}

impl Category {
    /// Every category, in the order reports list them.
    pub const ALL: [Category; 6] = [
        Category::Syntax,
        Category::Schema,
        Category::Api,
        Category::Server,
        Category::Policy,
        Category::Helm,
    ];

    /// The name used by `--checks` and in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Schema => "schema",
            Category::Api => "api",
            Category::Server => "server",
            Category::Policy => "policy",
            Category::Helm => "helm",
        }
    }

    /// Parses a `--checks` family name.
    pub fn parse(text: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a rule is, for `--list-rules`-style output and documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// The rule's id, such as `server/port-name`.
    pub id: &'static str,
    /// The family it belongs to.
    pub category: Category,
    /// Its severity before configuration re-grades it.
    pub severity: Severity,
    /// One line saying what it reports.
    pub summary: &'static str,
}

/// A place in a file: 1-based line and column.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file as the user named it (or `-` for stdin), or the template a
    /// rendered resource came from.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// One problem found by one rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule's id, such as `schema/type` or `pss/runAsNonRoot`.
    pub rule: String,
    /// The rule's family.
    pub category: Category,
    /// How serious it is (after configuration re-grades it).
    pub severity: Severity,
    /// What is wrong and what was expected, in one line.
    pub message: String,
    /// Index of the resource in the report's list, when it concerns one.
    pub resource: Option<usize>,
    /// JSON pointer of the offending field within the resource ("" for the
    /// whole resource).
    pub path: String,
    /// Where the offending field is written, once located.
    pub location: Option<Location>,
    /// Set when an annotation exempts the resource from this rule: the
    /// reason given (possibly empty). Exempt findings are reported, never
    /// counted as failures.
    pub exempted: Option<String>,
    /// The chart whose render produced it (chart targets only).
    pub chart: Option<String>,
    /// The environment it was rendered for (chart targets only).
    pub env: Option<String>,
}

impl Finding {
    /// A finding of `rule` about resource `resource`, at `path`.
    pub fn new(
        rule: impl Into<String>,
        category: Category,
        severity: Severity,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            rule: rule.into(),
            category,
            severity,
            message: message.into(),
            resource: None,
            path: String::new(),
            location: None,
            exempted: None,
            chart: None,
            env: None,
        }
    }

    /// The same finding about resource `index`, at JSON pointer `path`.
    pub fn at(mut self, index: usize, path: impl Into<String>) -> Finding {
        self.resource = Some(index);
        self.path = path.into();
        self
    }

    /// True when the finding counts towards a failing exit status at
    /// threshold `fail_on`.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.exempted.is_none() && self.severity >= fail_on
    }
}

/// Appends one segment to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer_push(pointer: &mut String, segment: &str) {
    pointer.push('/');
    if !segment.bytes().any(|b| b == b'~' || b == b'/') {
        pointer.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// A JSON pointer built from segments.
pub fn pointer<S: AsRef<str>>(segments: impl IntoIterator<Item = S>) -> String {
    let mut out = String::new();
    for s in segments {
        pointer_push(&mut out, s.as_ref());
    }
    out
}

/// The segments of a JSON pointer, unescaped.
pub fn pointer_segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// A JSON pointer as users read a field path: `spec.containers[0].image`.
/// Keys that are not identifiers are quoted: `metadata.labels["app.kubernetes.io/name"]`.
pub fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer_segments(pointer) {
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&seg);
            out.push(']');
        } else if !seg.is_empty()
            && seg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        } else {
            out.push_str("[\"");
            out.push_str(&seg.replace('\\', "\\\\").replace('"', "\\\""));
            out.push_str("\"]");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_escape_and_print_dotted() {
        let p = pointer(["metadata", "labels", "app.kubernetes.io/name"]);
        assert_eq!(p, "/metadata/labels/app.kubernetes.io~1name");
        assert_eq!(
            pointer_segments(&p),
            ["metadata", "labels", "app.kubernetes.io/name"]
        );
        assert_eq!(dotted(&p), "metadata.labels[\"app.kubernetes.io/name\"]");
        assert_eq!(
            dotted("/spec/template/spec/containers/0/image"),
            "spec.template.spec.containers[0].image"
        );
        assert_eq!(dotted(""), "");
        assert_eq!(pointer(["a~b"]), "/a~0b");
    }

    #[test]
    fn severity_orders_and_fails() {
        assert!(Severity::Error > Severity::Warning);
        let mut f = Finding::new("x", Category::Schema, Severity::Warning, "m").at(0, "");
        assert!(!f.fails(Severity::Error));
        assert!(f.fails(Severity::Warning));
        f.exempted = Some("reason".into());
        assert!(!f.fails(Severity::Info));
        assert_eq!(Category::parse("policy"), Some(Category::Policy));
        assert_eq!(Severity::parse("warn"), Some(Severity::Warning));
    }
}
