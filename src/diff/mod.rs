//! Manifest sets compared between two revisions: resources matched by
//! identity (group, kind, namespace, name), both sides normalised (parsed,
//! keys sorted, printed again) so that only real changes show, ignore
//! rules, Secret masking, rename and kind-change warnings, and the output
//! formats (`diff`, `simple`, `json`, `markdown`).
//!
//! The source of each side (a render, a saved manifest, a git revision) is
//! the command's business (`app::diff`); this module takes documents.

mod format;
mod identity;
mod ignore;
mod secret;
mod yaml;

use std::collections::BTreeMap;

use std::fmt;

use serde_json::Value;

pub use format::Format;
pub use identity::Identity;

use crate::diag::pointer_push;
use crate::manifest::Document;
use identity::{ClusterScoped, Resource};
use ignore::Rule;

/// Why two sides could not be compared.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum DiffError {
    /// One side holds two resources with one identity.
    Duplicate {
        /// `old` or `new`.
        side: String,
        /// The identity both have.
        identity: Box<Identity>,
        /// Where the first comes from (template or `file:line`).
        first: String,
        /// Where the second comes from.
        second: String,
    },
    /// An `--ignore` rule that does not parse.
    Ignore {
        /// The rule as given.
        rule: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::Duplicate {
                side,
                identity,
                first,
                second,
            } => write!(
                f,
                "the {side} side has two resources {identity}: from {first} and from {second}"
            ),
            DiffError::Ignore { rule, reason } => {
                write!(f, "invalid --ignore rule {rule:?}: {reason}")
            }
        }
    }
}

impl std::error::Error for DiffError {}

/// How to compare.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--ignore` rules (see `ignore.rs` for the syntax).
    pub ignore: Vec<String>,
    /// Show Secret values instead of length markers.
    pub show_secrets: bool,
    /// Namespace given to namespaced resources without one, old side.
    pub old_namespace: String,
    /// Namespace given to namespaced resources without one, new side.
    pub new_namespace: String,
}

/// When the sides render into different release namespaces (two
/// environments, say), the old side's resources in its release namespace
/// are matched with the new side's in theirs: the same Deployment in
/// `staging` and in `prod` is one resource that changed, not one removed
/// and one added.
fn follow_release_namespace(
    index: BTreeMap<Identity, identity::Resource>,
    options: &Options,
) -> BTreeMap<Identity, identity::Resource> {
    if options.old_namespace == options.new_namespace {
        return index;
    }
    index
        .into_iter()
        .map(|(mut id, resource)| {
            if id.namespace.as_deref() == Some(options.old_namespace.as_str()) {
                id.namespace = Some(options.new_namespace.clone());
            }
            (id, resource)
        })
        .collect()
}

/// What happened to a resource between the sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// Only on the new side.
    Added,
    /// Only on the old side.
    Removed,
    /// On both, different.
    Changed,
    /// On both, equal (after normalising and ignoring).
    Unchanged,
}

impl ChangeKind {
    /// The name used by every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Unchanged => "unchanged",
        }
    }
}

/// One side of one resource, as compared (ignored fields removed, secrets
/// masked).
#[derive(Clone, Debug)]
pub struct Side {
    /// The normalised value.
    pub value: Value,
    /// The template that produced it (or `file:line` of a saved manifest).
    pub origin: String,
}

/// One changed field: a JSON pointer, with the old and new values (`None`
/// where the field does not exist on that side).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    /// JSON pointer of the field.
    pub path: String,
    /// The old value.
    pub old: Option<Value>,
    /// The new value.
    pub new: Option<Value>,
}

/// One resource's comparison.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Who it is.
    pub identity: Identity,
    /// What happened to it.
    pub change: ChangeKind,
    /// The old side, unless added.
    pub old: Option<Side>,
    /// The new side, unless removed.
    pub new: Option<Side>,
    /// The changed fields (changed resources only).
    pub fields: Vec<FieldChange>,
}

/// A change that an upgrade carries out by deleting and creating.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    /// `kind-change` or `rename`.
    pub code: &'static str,
    /// The removed resource.
    pub old: Identity,
    /// The added resource.
    pub new: Identity,
    /// One line for people.
    pub message: String,
}

/// The comparison of two sides.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Every resource of either side, in identity order.
    pub entries: Vec<Entry>,
    /// Renames and kind changes.
    pub warnings: Vec<Warning>,
}

impl Report {
    /// How many entries have `change`.
    pub fn count(&self, change: ChangeKind) -> usize {
        self.entries.iter().filter(|e| e.change == change).count()
    }

    /// True when anything was added, removed or changed.
    pub fn has_changes(&self) -> bool {
        self.entries
            .iter()
            .any(|e| e.change != ChangeKind::Unchanged)
    }

    /// `3 changed, 1 added, 0 removed`.
    pub fn summary(&self) -> String {
        format!(
            "{} changed, {} added, {} removed",
            self.count(ChangeKind::Changed),
            self.count(ChangeKind::Added),
            self.count(ChangeKind::Removed)
        )
    }
}

/// Compares the old documents with the new ones.
pub fn compare(old: &[Document], new: &[Document], options: &Options) -> Result<Report, DiffError> {
    let rules = options
        .ignore
        .iter()
        .map(|r| Rule::parse(r))
        .collect::<Result<Vec<_>, _>>()?;
    let mut scoped = ClusterScoped::default();
    scoped.learn(old);
    scoped.learn(new);
    let mut old_index = follow_release_namespace(
        identity::index(old, &options.old_namespace, &scoped, "old")?,
        options,
    );
    let mut new_index = identity::index(new, &options.new_namespace, &scoped, "new")?;
    let mut ids: Vec<Identity> = old_index.keys().cloned().collect();
    ids.extend(
        new_index
            .keys()
            .filter(|k| !old_index.contains_key(*k))
            .cloned(),
    );
    ids.sort();
    let mut report = Report::default();
    for id in ids {
        let mut old_res = old_index.remove(&id);
        let mut new_res = new_index.remove(&id);
        for res in old_res.iter_mut().chain(new_res.iter_mut()) {
            for rule in &rules {
                rule.apply(&id.kind, &mut res.value);
            }
        }
        let change = match (&old_res, &new_res) {
            (Some(o), Some(n)) if o.value == n.value => ChangeKind::Unchanged,
            (Some(_), Some(_)) => ChangeKind::Changed,
            (Some(_), None) => ChangeKind::Removed,
            _ => ChangeKind::Added,
        };
        if !options.show_secrets && secret::is_secret(&id.group, &id.kind) {
            secret::mask(
                old_res.as_mut().map(|r| &mut r.value),
                new_res.as_mut().map(|r| &mut r.value),
            );
        }
        let mut fields = Vec::new();
        if let (ChangeKind::Changed, Some(o), Some(n)) = (change, &old_res, &new_res) {
            field_changes(&mut String::new(), &o.value, &n.value, &mut fields);
        }
        let side = |r: Resource| Side {
            value: r.value,
            origin: r.origin,
        };
        report.entries.push(Entry {
            identity: id,
            change,
            old: old_res.map(side),
            new: new_res.map(side),
            fields,
        });
    }
    report.warnings = replacements(&report.entries);
    Ok(report)
}

/// Walks both values, recording every differing leaf; lists of different
/// lengths count as one change of the whole list (an insertion would
/// otherwise show as a change of every later item).
fn field_changes(path: &mut String, old: &Value, new: &Value, out: &mut Vec<FieldChange>) {
    if old == new {
        return;
    }
    let len = path.len();
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a
                .keys()
                .chain(b.keys().filter(|k| !a.contains_key(*k)))
                .collect();
            keys.sort();
            for key in keys {
                pointer_push(path, key);
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => field_changes(path, x, y, out),
                    (x, y) => out.push(FieldChange {
                        path: path.clone(),
                        old: x.cloned(),
                        new: y.cloned(),
                    }),
                }
                path.truncate(len);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                pointer_push(path, &i.to_string());
                field_changes(path, x, y, out);
                path.truncate(len);
            }
        }
        _ => out.push(FieldChange {
            path: path.clone(),
            old: Some(old.clone()),
            new: Some(new.clone()),
        }),
    }
}

/// Removed and added resources that are one resource replaced: the same
/// name under another kind, or the same kind and pod template (or content)
/// under another name. An upgrade deletes the old one and creates the new.
fn replacements(entries: &[Entry]) -> Vec<Warning> {
    let removed: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.change == ChangeKind::Removed)
        .collect();
    let added: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.change == ChangeKind::Added)
        .collect();
    let mut used = vec![false; added.len()];
    let mut out = Vec::new();
    for old in removed {
        let (Some(old_side), o) = (&old.old, &old.identity) else {
            continue;
        };
        let kind_change = added.iter().enumerate().find(|(i, a)| {
            !used[*i]
                && a.identity.name == o.name
                && a.identity.namespace == o.namespace
                && (a.identity.kind != o.kind || a.identity.group != o.group)
        });
        if let Some((i, a)) = kind_change {
            used[i] = true;
            out.push(Warning {
                code: "kind-change",
                old: o.clone(),
                new: a.identity.clone(),
                message: format!(
                    "{} becomes {}: an upgrade deletes the {} and creates a {}",
                    describe(o),
                    describe(&a.identity),
                    o.kind,
                    a.identity.kind
                ),
            });
            continue;
        }
        let rename = added.iter().enumerate().find(|(i, a)| {
            !used[*i]
                && a.identity.kind == o.kind
                && a.identity.group == o.group
                && a.identity.namespace == o.namespace
                && a.new
                    .as_ref()
                    .is_some_and(|n| same_content(&old_side.value, &n.value))
        });
        if let Some((i, a)) = rename {
            used[i] = true;
            out.push(Warning {
                code: "rename",
                old: o.clone(),
                new: a.identity.clone(),
                message: format!(
                    "{} is renamed to {}: an upgrade deletes it and creates a new one",
                    describe(o),
                    a.identity.short()
                ),
            });
        }
    }
    out
}

fn describe(id: &Identity) -> String {
    match &id.namespace {
        Some(ns) => format!("{} (namespace {ns})", id.short()),
        None => id.short(),
    }
}

/// Same pod template when there is one, else the same content apart from
/// `metadata`.
fn same_content(old: &Value, new: &Value) -> bool {
    let template = |v: &Value| {
        v.pointer("/spec/template")
            .or_else(|| v.pointer("/spec/jobTemplate"))
            .cloned()
    };
    match (template(old), template(new)) {
        (Some(a), Some(b)) => a == b,
        (None, None) => {
            let strip = |v: &Value| {
                let mut v = v.clone();
                if let Some(map) = v.as_object_mut() {
                    map.remove("metadata");
                }
                v
            };
            let (a, b) = (strip(old), strip(new));
            // Two empty shells (a ConfigMap without data) say nothing.
            a.as_object().is_some_and(|m| m.len() > 2) && a == b
        }
        _ => false,
    }
}

/// Normalised YAML of a compared value (what the `diff` format shows).
pub fn normalised_yaml(value: &Value) -> String {
    yaml::to_yaml(value)
}

/// Renders a report in `format`: the text for stdout.
pub fn render(report: &Report, format: Format, context: usize, color: bool) -> String {
    format::render(report, format, context, color)
}

/// Each resource's change, by `Kind/name` (for tests).
#[cfg(test)]
pub(crate) fn by_name(report: &Report) -> std::collections::BTreeMap<String, ChangeKind> {
    report
        .entries
        .iter()
        .map(|e| (e.identity.short(), e.change))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::read_stream;
    use serde_json::json;

    fn options() -> Options {
        Options {
            old_namespace: "default".into(),
            new_namespace: "default".into(),
            ..Options::default()
        }
    }

    fn run(old: &str, new: &str, options: &Options) -> Report {
        let o = read_stream("old.yaml", old);
        let n = read_stream("new.yaml", new);
        compare(&o.documents, &n.documents, options).unwrap()
    }

    #[test]
    fn classifies_resources() {
        let old = "# Source: c/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: '1'}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: same, namespace: default}\ndata: {x: z}\n";
        // Reordered, requoted, moved to another template, namespace spelled out.
        let new = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fresh}\n---\n# Source: c/templates/moved.yaml\ndata: {\"x\": \"z\"}\nmetadata:\n  name: same\nkind: ConfigMap\napiVersion: v1\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: '2'}\n";
        let report = run(old, new, &options());
        let want: std::collections::BTreeMap<String, ChangeKind> = [
            ("ConfigMap/a", ChangeKind::Changed),
            ("ConfigMap/fresh", ChangeKind::Added),
            ("ConfigMap/gone", ChangeKind::Removed),
            ("ConfigMap/same", ChangeKind::Unchanged),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(
            by_name(&report),
            want,
            "{:?}",
            report.entries.iter().map(|e| &e.fields).collect::<Vec<_>>()
        );
        assert_eq!(report.summary(), "1 changed, 1 added, 1 removed");
        let a = &report.entries[0];
        assert_eq!(
            a.fields,
            [FieldChange {
                path: "/data/k".into(),
                old: Some(json!("1")),
                new: Some(json!("2")),
            }]
        );
    }

    #[test]
    fn field_changes_cover_lists_and_missing_keys() {
        let cases = [
            (
                json!({"a": [1, 2]}),
                json!({"a": [1, 3]}),
                vec![("/a/1", Some(json!(2)), Some(json!(3)))],
            ),
            (
                json!({"a": [1, 2]}),
                json!({"a": [1]}),
                vec![("/a", Some(json!([1, 2])), Some(json!([1])))],
            ),
            (
                json!({"a": 1}),
                json!({"b": 1}),
                vec![("/a", Some(json!(1)), None), ("/b", None, Some(json!(1)))],
            ),
            (
                json!({"a": {"x/y": 1}}),
                json!({"a": {"x/y": "1"}}),
                vec![("/a/x~1y", Some(json!(1)), Some(json!("1")))],
            ),
            (
                json!({"a": null}),
                json!({"a": {}}),
                vec![("/a", Some(json!(null)), Some(json!({})))],
            ),
        ];
        for (old, new, want) in cases {
            let mut got = Vec::new();
            field_changes(&mut String::new(), &old, &new, &mut got);
            let want: Vec<FieldChange> = want
                .into_iter()
                .map(|(p, o, n)| FieldChange {
                    path: p.into(),
                    old: o,
                    new: n,
                })
                .collect();
            assert_eq!(got, want, "{old} -> {new}");
        }
    }

    #[test]
    fn ignores_and_masks() {
        let old = "apiVersion: v1\nkind: Secret\nmetadata: {name: s, labels: {helm.sh/chart: c-1}}\ndata: {p: YQ==, q: Yg==}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, labels: {helm.sh/chart: c-1}}\nspec: {replicas: 1}\n";
        let new = "apiVersion: v1\nkind: Secret\nmetadata: {name: s, labels: {helm.sh/chart: c-2}}\ndata: {p: YWI=, q: Yg==}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, labels: {helm.sh/chart: c-2}}\nspec: {replicas: 1}\n";
        let mut opts = options();
        opts.ignore = vec!["label:helm.sh/chart".into()];
        let report = run(old, new, &opts);
        let names = by_name(&report);
        assert_eq!(names["Deployment/d"], ChangeKind::Unchanged);
        assert_eq!(names["Secret/s"], ChangeKind::Changed);
        let secret = report
            .entries
            .iter()
            .find(|e| e.identity.kind == "Secret")
            .unwrap();
        assert_eq!(
            secret.fields,
            [FieldChange {
                path: "/data/p".into(),
                old: Some(json!("--- old value (1 bytes)")),
                new: Some(json!("+++ changed value (2 bytes)")),
            }]
        );
        opts.show_secrets = true;
        let report = run(old, new, &opts);
        let secret = report
            .entries
            .iter()
            .find(|e| e.identity.kind == "Secret")
            .unwrap();
        assert_eq!(secret.fields[0].new, Some(json!("YWI=")));
        opts.ignore = vec!["a[".into()];
        let o = read_stream("o", old);
        assert!(matches!(
            compare(&o.documents, &o.documents, &opts),
            Err(DiffError::Ignore { .. })
        ));
    }

    #[test]
    fn warns_about_replacements() {
        let old = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db}\nspec: {template: {spec: {containers: [{name: pg}]}}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 2, template: {spec: {containers: [{name: w}]}}}\n";
        let new = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec: {template: {spec: {containers: [{name: pg}]}}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-v2}\nspec: {replicas: 3, template: {spec: {containers: [{name: w}]}}}\n";
        let report = run(old, new, &options());
        let codes: Vec<(&str, String, String)> = report
            .warnings
            .iter()
            .map(|w| (w.code, w.old.short(), w.new.short()))
            .collect();
        assert_eq!(
            codes,
            [
                (
                    "kind-change",
                    "Deployment/db".into(),
                    "StatefulSet/db".into()
                ),
                (
                    "rename",
                    "Deployment/web".into(),
                    "Deployment/web-v2".into()
                ),
            ]
        );
        assert_eq!(
            report.warnings[0].message,
            "Deployment/db (namespace default) becomes StatefulSet/db (namespace default): an upgrade deletes the Deployment and creates a StatefulSet"
        );
    }

    #[test]
    fn empty_sides() {
        let report = run("", "# nothing\n---\n", &options());
        assert!(report.entries.is_empty());
        assert!(!report.has_changes());
        assert_eq!(report.summary(), "0 changed, 0 added, 0 removed");
    }
}
