//! The output formats of a comparison: `diff` (helm-diff style headers and
//! unified diffs of the normalised YAML), `simple` (one line per resource),
//! `json` (identities, change kinds, changed fields) and `markdown` (for a
//! pull-request comment).

use std::fmt::Write as _;

use serde_json::{Value, json};
use similar::{ChangeTag, TextDiff};

use super::{ChangeKind, Entry, Identity, Report, yaml};

/// An output format of `shipshape diff`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Headers and unified diffs (colored on a terminal).
    #[default]
    Diff,
    /// One line per added, removed or changed resource.
    Simple,
    /// Machine-readable.
    Json,
    /// A pull-request comment.
    Markdown,
}

impl Format {
    /// Parses `diff`, `simple`, `json` or `markdown`.
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "diff" => Some(Format::Diff),
            "simple" => Some(Format::Simple),
            "json" => Some(Format::Json),
            "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

pub(crate) fn render(report: &Report, format: Format, context: usize, color: bool) -> String {
    match format {
        Format::Diff => diff(report, context, color),
        Format::Simple => simple(report, color),
        Format::Json => json_report(report),
        Format::Markdown => markdown(report, context),
    }
}

fn paint(out: &mut String, color: bool, code: &str, text: &str) {
    if color {
        out.push_str(code);
        out.push_str(text);
        out.push_str(RESET);
    } else {
        out.push_str(text);
    }
}

fn verb(change: ChangeKind) -> &'static str {
    match change {
        ChangeKind::Added => "has been added",
        ChangeKind::Removed => "has been removed",
        ChangeKind::Changed => "has changed",
        ChangeKind::Unchanged => "is unchanged",
    }
}

/// Where the resource comes from; both templates when it moved.
fn source_line(entry: &Entry) -> String {
    match (&entry.old, &entry.new) {
        (Some(o), Some(n)) if o.origin != n.origin => {
            format!("# Source: {} -> {}", o.origin, n.origin)
        }
        (_, Some(side)) | (Some(side), None) => format!("# Source: {}", side.origin),
        (None, None) => String::new(),
    }
}

/// The unified diff lines of one entry (without header), each ending in a
/// newline; `(tag, line)` with tag `@`, `-`, `+` or ` `.
fn diff_lines(entry: &Entry, context: usize) -> Vec<(char, String)> {
    let old = entry.old.as_ref().map(|s| yaml::to_yaml(&s.value));
    let new = entry.new.as_ref().map(|s| yaml::to_yaml(&s.value));
    let mut out = Vec::new();
    match (old, new) {
        (Some(old), Some(new)) => {
            let diff = TextDiff::from_lines(&old, &new);
            for group in diff.grouped_ops(context) {
                let (Some(first), Some(last)) = (group.first(), group.last()) else {
                    continue;
                };
                let old_start = first.old_range().start;
                let old_len = last.old_range().end - old_start;
                let new_start = first.new_range().start;
                let new_len = last.new_range().end - new_start;
                out.push((
                    '@',
                    format!(
                        "@@ -{} +{} @@",
                        hunk_range(old_start, old_len),
                        hunk_range(new_start, new_len)
                    ),
                ));
                for op in &group {
                    for change in diff.iter_changes(op) {
                        let tag = match change.tag() {
                            ChangeTag::Delete => '-',
                            ChangeTag::Insert => '+',
                            ChangeTag::Equal => ' ',
                        };
                        let line = change.value().strip_suffix('\n').unwrap_or(change.value());
                        out.push((tag, line.to_string()));
                    }
                }
            }
        }
        (Some(text), None) => out.extend(text.lines().map(|l| ('-', l.to_string()))),
        (None, Some(text)) => out.extend(text.lines().map(|l| ('+', l.to_string()))),
        (None, None) => {}
    }
    out
}

/// GNU diff's hunk range: 1-based start, length omitted when 1.
fn hunk_range(start: usize, len: usize) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{len}", start + 1),
    }
}

fn diff(report: &Report, context: usize, color: bool) -> String {
    let mut out = String::new();
    for entry in report
        .entries
        .iter()
        .filter(|e| e.change != ChangeKind::Unchanged)
    {
        paint(
            &mut out,
            color,
            YELLOW,
            &format!("{} {}:", entry.identity, verb(entry.change)),
        );
        out.push('\n');
        let source = source_line(entry);
        if !source.is_empty() {
            out.push_str(&source);
            out.push('\n');
        }
        for (tag, line) in diff_lines(entry, context) {
            let code = match tag {
                '-' => RED,
                '+' => GREEN,
                '@' => CYAN,
                _ => "",
            };
            let text = if tag == '@' {
                line
            } else {
                format!("{tag}{line}")
            };
            if code.is_empty() {
                out.push_str(&text);
            } else {
                paint(&mut out, color, code, &text);
            }
            out.push('\n');
        }
        out.push('\n');
    }
    for w in &report.warnings {
        paint(&mut out, color, YELLOW, &format!("warning: {}", w.message));
        out.push('\n');
    }
    out.push_str(&report.summary());
    out.push('\n');
    out
}

fn simple_name(id: &Identity) -> String {
    id.short()
}

fn simple(report: &Report, color: bool) -> String {
    let mut out = String::new();
    for entry in report
        .entries
        .iter()
        .filter(|e| e.change != ChangeKind::Unchanged)
    {
        let (mark, code) = match entry.change {
            ChangeKind::Added => ('+', GREEN),
            ChangeKind::Removed => ('-', RED),
            _ => ('~', YELLOW),
        };
        let mut line = format!("{mark} {}", simple_name(&entry.identity));
        if let Some(ns) = &entry.identity.namespace {
            let _ = write!(line, " (namespace {ns})");
        }
        paint(&mut out, color, code, &line);
        out.push('\n');
    }
    for w in &report.warnings {
        let _ = writeln!(out, "warning: {}", w.message);
    }
    out.push_str(&report.summary());
    out.push('\n');
    out
}

fn identity_json(id: &Identity) -> Value {
    json!({
        "group": id.group,
        "kind": id.kind,
        "namespace": id.namespace,
        "name": id.name,
    })
}

fn json_report(report: &Report) -> String {
    let resources: Vec<Value> = report
        .entries
        .iter()
        .map(|e| {
            let mut item = serde_json::Map::new();
            item.insert("identity".into(), identity_json(&e.identity));
            item.insert("change".into(), json!(e.change.as_str()));
            let api = |s: &Option<super::Side>| {
                s.as_ref()
                    .and_then(|s| s.value.get("apiVersion").cloned())
                    .unwrap_or(Value::Null)
            };
            item.insert(
                "apiVersion".into(),
                json!({"old": api(&e.old), "new": api(&e.new)}),
            );
            item.insert(
                "template".into(),
                json!({
                    "old": e.old.as_ref().map(|s| s.origin.as_str()),
                    "new": e.new.as_ref().map(|s| s.origin.as_str()),
                }),
            );
            let fields: Vec<Value> = e
                .fields
                .iter()
                .map(|f| {
                    let mut m = serde_json::Map::new();
                    m.insert("path".into(), json!(f.path));
                    m.insert("field".into(), json!(crate::diag::dotted(&f.path)));
                    if let Some(old) = &f.old {
                        m.insert("old".into(), old.clone());
                    }
                    if let Some(new) = &f.new {
                        m.insert("new".into(), new.clone());
                    }
                    Value::Object(m)
                })
                .collect();
            item.insert("changes".into(), Value::Array(fields));
            Value::Object(item)
        })
        .collect();
    let warnings: Vec<Value> = report
        .warnings
        .iter()
        .map(|w| {
            json!({
                "code": w.code,
                "old": identity_json(&w.old),
                "new": identity_json(&w.new),
                "message": w.message,
            })
        })
        .collect();
    let doc = json!({
        "summary": {
            "changed": report.count(ChangeKind::Changed),
            "added": report.count(ChangeKind::Added),
            "removed": report.count(ChangeKind::Removed),
            "unchanged": report.count(ChangeKind::Unchanged),
        },
        "resources": resources,
        "warnings": warnings,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// A code fence longer than any run of backticks in `body`.
fn fence(body: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in body.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn markdown(report: &Report, context: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### shipshape diff: {}\n", report.summary());
    let changed: Vec<&Entry> = report
        .entries
        .iter()
        .filter(|e| e.change != ChangeKind::Unchanged)
        .collect();
    if changed.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    for w in &report.warnings {
        let _ = writeln!(out, "> [!WARNING]\n> {}\n", w.message);
    }
    out.push_str("| Change | Kind | Name | Namespace | API group |\n");
    out.push_str("|---|---|---|---|---|\n");
    for e in &changed {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            e.change.as_str(),
            markdown_cell(&e.identity.kind),
            markdown_cell(&e.identity.name),
            markdown_cell(e.identity.namespace.as_deref().unwrap_or("")),
            markdown_cell(if e.identity.group.is_empty() {
                "core"
            } else {
                &e.identity.group
            }),
        );
    }
    out.push('\n');
    for e in changed {
        let mut body = String::new();
        let source = source_line(e);
        if !source.is_empty() {
            body.push_str(&source);
            body.push('\n');
        }
        for (tag, line) in diff_lines(e, context) {
            if tag != '@' {
                body.push(tag);
            }
            body.push_str(&line);
            body.push('\n');
        }
        let fence = fence(&body);
        let summary = format!("{} {}", e.identity, verb(e.change))
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let _ = write!(
            out,
            "<details><summary><code>{summary}</code></summary>\n\n{fence}diff\n{body}{fence}\n\n</details>\n\n"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Options, compare};
    use super::*;
    use crate::manifest::read_stream;

    fn report(old: &str, new: &str) -> Report {
        let o = read_stream("old.yaml", old);
        let n = read_stream("new.yaml", new);
        let options = Options {
            old_namespace: "default".into(),
            new_namespace: "default".into(),
            ..Options::default()
        };
        compare(&o.documents, &n.documents, &options).unwrap()
    }

    const OLD: &str = "# Source: web/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  a: 1\n  b: 2\n  c: 3\n  d: 4\n  e: 5\n---\n# Source: web/templates/cm.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: old}\n";
    const NEW: &str = "# Source: web/templates/deploy.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  a: 1\n  b: 2\n  c: 3\n  d: 4\n  e: 5\n---\n# Source: web/templates/role.yaml\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n";

    #[test]
    fn diff_format() {
        let text = render(&report(OLD, NEW), Format::Diff, 1, false);
        assert_eq!(
            text,
            "\
, r, ClusterRole (rbac.authorization.k8s.io) has been added:
# Source: web/templates/role.yaml
+apiVersion: rbac.authorization.k8s.io/v1
+kind: ClusterRole
+metadata:
+  name: r

default, old, ConfigMap (v1) has been removed:
# Source: web/templates/cm.yaml
-apiVersion: v1
-kind: ConfigMap
-metadata:
-  name: old
-  namespace: default

default, web, Deployment (apps) has changed:
# Source: web/templates/deploy.yaml
@@ -11,2 +11,2 @@
   e: 5
-  replicas: 2
+  replicas: 3

1 changed, 1 added, 1 removed
"
        );
        let colored = render(&report(OLD, NEW), Format::Diff, 3, true);
        assert!(
            colored.contains("\x1b[31m-  replicas: 2\x1b[0m"),
            "{colored}"
        );
        assert!(colored.contains("\x1b[33mdefault, web, Deployment (apps) has changed:\x1b[0m"));
    }

    #[test]
    fn simple_and_markdown_formats() {
        assert_eq!(
            render(&report(OLD, NEW), Format::Simple, 3, false),
            "+ ClusterRole/r\n- ConfigMap/old (namespace default)\n~ Deployment/web (namespace default)\n1 changed, 1 added, 1 removed\n"
        );
        let md = render(&report(OLD, NEW), Format::Markdown, 3, false);
        assert!(
            md.starts_with("### shipshape diff: 1 changed, 1 added, 1 removed\n"),
            "{md}"
        );
        assert!(
            md.contains("| changed | Deployment | web | default | apps |"),
            "{md}"
        );
        assert!(
            md.contains("```diff\n# Source: web/templates/deploy.yaml\n@@ -9,4 +9,4 @@\n"),
            "{md}"
        );
        assert_eq!(
            render(&report(OLD, OLD), Format::Markdown, 3, false),
            "### shipshape diff: 0 changed, 0 added, 0 removed\n\nNo changes.\n"
        );
        assert_eq!(fence("a ```` b"), "`````");
    }

    #[test]
    fn json_format() {
        let text = render(&report(OLD, NEW), Format::Json, 3, false);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v["summary"],
            json!({"changed": 1, "added": 1, "removed": 1, "unchanged": 0})
        );
        let web = &v["resources"][2];
        assert_eq!(
            web["identity"],
            json!({"group": "apps", "kind": "Deployment", "namespace": "default", "name": "web"})
        );
        assert_eq!(web["change"], "changed");
        assert_eq!(
            web["changes"],
            json!([{"path": "/spec/replicas", "field": "spec.replicas", "old": 2, "new": 3}])
        );
        assert_eq!(v["resources"][0]["identity"]["namespace"], Value::Null);
        assert_eq!(
            v["resources"][0]["template"],
            json!({"old": null, "new": "web/templates/role.yaml"})
        );
    }
}
