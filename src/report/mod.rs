//! Reports: the resources a run looked at and the findings about them, and
//! how each output format prints them. Every format prints the same
//! [`Report`]; none of them decides what is wrong.

mod github;
mod json;
mod junit;
mod sarif;
mod text;

use std::collections::HashMap;

use crate::diag::{Category, Finding, Severity};

/// The verdict on one resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// No failing finding.
    Valid,
    /// At least one failing finding.
    Invalid,
    /// Not checked (`--skip`, or no schema under `--ignore-missing-schemas`).
    Skipped,
}

impl Status {
    /// The name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Valid => "valid",
            Status::Invalid => "invalid",
            Status::Skipped => "skipped",
        }
    }
}

/// One resource of the input, as reports name it.
#[derive(Clone, Debug, PartialEq)]
pub struct ResourceEntry {
    /// The file it was read from (`-` for stdin), or the chart directory it
    /// was rendered from.
    pub source: std::sync::Arc<str>,
    /// 0-based index of the document in its source.
    pub document: usize,
    /// 1-based line where the document starts in its source.
    pub line: usize,
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`, if set.
    pub namespace: Option<String>,
    /// The verdict.
    pub status: Status,
    /// The chart that rendered it, for chart targets.
    pub chart: Option<String>,
    /// The environment it was rendered for, for chart targets.
    pub env: Option<String>,
    /// The template that produced it (Helm's `# Source:` path).
    pub template: Option<String>,
}

/// Counts over a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Resources looked at.
    pub resources: usize,
    /// Resources without failing findings.
    pub valid: usize,
    /// Resources with failing findings.
    pub invalid: usize,
    /// Resources not checked.
    pub skipped: usize,
    /// Error findings (exempt ones not counted).
    pub errors: usize,
    /// Warning findings (exempt ones not counted).
    pub warnings: usize,
}

/// What a run found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Every resource, in input order.
    pub resources: Vec<ResourceEntry>,
    /// Every finding, grouped by resource in input order (findings about
    /// no resource, such as unreadable documents, first).
    pub findings: Vec<Finding>,
    /// The check families that ran (JUnit has a test case per resource
    /// and family).
    pub checks: Vec<Category>,
    /// For files named as Helm names templates (`web/templates/x.yaml`),
    /// the path on disk relative to the working directory, so annotations
    /// land on the file in the repository.
    pub disk_paths: HashMap<String, String>,
}

/// Source text of the files findings point into, for snippets.
pub trait Sources {
    /// The text of `file`, if known.
    fn text(&self, file: &str) -> Option<&str>;
}

impl<T> Sources for std::collections::HashMap<String, T>
where
    T: std::ops::Deref,
    T::Target: AsRef<str>,
{
    fn text(&self, file: &str) -> Option<&str> {
        self.get(file).map(|text| (**text).as_ref())
    }
}

impl Report {
    /// Sets each resource's status from its findings: invalid when a
    /// finding at or above `fail_on` is not exempt; skipped entries stay
    /// skipped.
    pub fn settle(&mut self, fail_on: Severity) {
        for r in &mut self.resources {
            if r.status == Status::Invalid {
                r.status = Status::Valid;
            }
        }
        for f in &self.findings {
            if let Some(i) = f.resource
                && f.fails(fail_on)
                && let Some(r) = self.resources.get_mut(i)
                && r.status == Status::Valid
            {
                r.status = Status::Invalid;
            }
        }
        // Deterministic order: by resource (unattached first), then by the
        // field's position, then rule.
        self.findings.sort_by(|a, b| {
            let key = |f: &Finding| {
                (
                    f.resource.map_or(0, |i| i + 1),
                    f.location.as_ref().map(|l| (l.line, l.column)),
                )
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| a.path.cmp(&b.path))
                .then_with(|| a.rule.cmp(&b.rule))
        });
    }

    /// The counts of the report.
    pub fn summary(&self) -> Summary {
        let mut s = Summary {
            resources: self.resources.len(),
            ..Summary::default()
        };
        for r in &self.resources {
            match r.status {
                Status::Valid => s.valid += 1,
                Status::Invalid => s.invalid += 1,
                Status::Skipped => s.skipped += 1,
            }
        }
        for f in self.findings.iter().filter(|f| f.exempted.is_none()) {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => {}
            }
        }
        s
    }

    /// True when any finding fails at threshold `fail_on`.
    pub fn fails(&self, fail_on: Severity) -> bool {
        self.findings.iter().any(|f| f.fails(fail_on))
    }

    /// The `-o json` document (see the README for its contract).
    pub fn to_json(&self) -> String {
        json::render(self)
    }

    /// The path of `file` on disk, as annotations need it.
    pub fn disk_path<'a>(&'a self, file: &'a str) -> &'a str {
        self.disk_paths.get(file).map_or(file, String::as_str)
    }

    /// The `-o sarif` log (SARIF 2.1.0).
    pub fn to_sarif(&self) -> String {
        sarif::render(self)
    }

    /// The `-o junit` XML.
    pub fn to_junit(&self) -> String {
        junit::render(self)
    }

    /// The `-o github` workflow commands.
    pub fn to_github(&self) -> String {
        github::render(self)
    }

    /// The `-o text` report; `color` adds ANSI colours.
    pub fn to_text(&self, sources: &dyn Sources, color: bool) -> String {
        text::render(self, sources, color)
    }
}

#[cfg(test)]
mod tests;
