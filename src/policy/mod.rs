//! Security and best-practice policies on rendered resources: the Pod
//! Security Standards exactly as the Kubernetes pod-security admission code
//! defines them (`pss/<checkID>`), and best practices users expect from
//! kube-linter, kube-score, Polaris and Checkov. One rule per file under
//! `rules/`; each file's `//!` comment is the rule's user documentation.
//!
//! [`check`] runs the enabled rules over a stream; [`rules`] lists them for
//! `shipshape rules`. Exemptions come from the `shipshape.io/ignore`
//! annotation and are reported, never dropped.

mod pod;
mod rules;
mod stream;

use std::collections::BTreeMap;
use std::fmt;

use rayon::prelude::*;
use serde_json::Value;

use crate::diag::{Category, Finding, RuleInfo, Severity};
use crate::manifest::Document;

use pod::Pod;
use rules::{Ctx, RuleDef};
use stream::StreamIndex;

/// Annotation listing the rules an object is exempt from, comma-separated
/// (`pss/runAsNonRoot,image-tag`; `*` exempts from every rule).
pub const IGNORE_ANNOTATION: &str = "shipshape.io/ignore";
/// Annotation giving the reason for the exemptions.
pub const IGNORE_REASON_ANNOTATION: &str = "shipshape.io/ignore-reason";

/// The Pod Security Standards level enforced as errors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PssLevel {
    /// No Pod Security Standards check runs.
    None,
    /// Baseline violations are errors; restricted-only violations are
    /// reported as warnings (the default).
    #[default]
    Baseline,
    /// Every restricted violation is an error, with the admission code's
    /// overrides (a restricted check replaces the baseline check it refines).
    Restricted,
}

impl PssLevel {
    /// Parses `none`, `baseline` or `restricted` (as `--policy` takes them).
    pub fn parse(text: &str) -> Option<PssLevel> {
        match text {
            "none" | "privileged" => Some(PssLevel::None),
            "baseline" => Some(PssLevel::Baseline),
            "restricted" => Some(PssLevel::Restricted),
            _ => None,
        }
    }

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            PssLevel::None => "none",
            PssLevel::Baseline => "baseline",
            PssLevel::Restricted => "restricted",
        }
    }
}

impl fmt::Display for PssLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The newest policy version any check defines (the sysctls safe list grew
/// at 1.37); `latest` resolves to it, as the admission registry's
/// `maxVersion` does.
pub const LATEST_MINOR: u32 = 37;

/// The Pod Security Standards version checks are evaluated at, as in
/// `pod-security.kubernetes.io/enforce-version`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum PssVersion {
    /// The newest definition of every check.
    #[default]
    Latest,
    /// A pinned `major.minor` version.
    V(u32, u32),
}

impl PssVersion {
    /// Parses `latest`, `1.30` or `v1.30` (a patch or suffix, as in
    /// `v1.30.2-gke.1`, is ignored: policy versions are minor versions).
    pub fn parse(text: &str) -> Option<PssVersion> {
        let text = text.trim();
        if text == "latest" {
            return Some(PssVersion::Latest);
        }
        let text = text.strip_prefix('v').unwrap_or(text);
        let (major, rest) = text.split_once('.')?;
        let end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (minor, suffix) = rest.split_at(end);
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(major)
            || !all_digits(minor)
            || !(suffix.is_empty() || suffix.starts_with(['.', '-', '+']))
        {
            return None;
        }
        Some(PssVersion::V(major.parse().ok()?, minor.parse().ok()?))
    }

    /// The minor version checks are evaluated at: versions newer than any
    /// check's definition clamp to the newest, as the admission code does.
    pub fn minor(self) -> u32 {
        match self {
            PssVersion::Latest => LATEST_MINOR,
            PssVersion::V(0, _) => 0,
            PssVersion::V(1, minor) => minor.min(LATEST_MINOR),
            PssVersion::V(_, _) => LATEST_MINOR,
        }
    }
}

impl fmt::Display for PssVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PssVersion::Latest => f.write_str("latest"),
            PssVersion::V(major, minor) => write!(f, "{major}.{minor}"),
        }
    }
}

/// A configuration change to one rule (or, with a key ending in `/*`, to
/// every rule whose id starts with the prefix, such as `pss/*`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleOverride {
    /// Enables or disables the rule; `None` keeps its default.
    pub enabled: Option<bool>,
    /// Re-grades its findings; `None` keeps the default severity.
    pub severity: Option<Severity>,
}

/// What policies run and how their findings are graded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PolicyConfig {
    /// The PSS level enforced as errors (`--policy`).
    pub level: PssLevel,
    /// The PSS version checks are evaluated at (`--pss-version`).
    pub pss_version: PssVersion,
    /// Per-rule changes keyed by rule id (or `prefix/*`); an exact id wins
    /// over a prefix.
    pub overrides: BTreeMap<String, RuleOverride>,
}

impl PolicyConfig {
    fn override_for(&self, id: &str) -> RuleOverride {
        if let Some(o) = self.overrides.get(id) {
            return *o;
        }
        let mut best: Option<(&str, RuleOverride)> = None;
        for (key, o) in &self.overrides {
            if let Some(prefix) = key.strip_suffix('*')
                && id.starts_with(prefix)
                && best.is_none_or(|(b, _)| prefix.len() > b.len())
            {
                best = Some((prefix, *o));
            }
        }
        best.map(|(_, o)| o).unwrap_or_default()
    }

    /// Whether `rule` runs under this configuration, and at what severity.
    fn grade(&self, rule: &RuleDef) -> Option<Severity> {
        let o = self.override_for(rule.id);
        let (enabled, severity) = match rule.pss {
            Some(pss) => {
                let applies = pss.since <= self.pss_version.minor();
                let severity =
                    if pss.level == PssLevel::Baseline || self.level == PssLevel::Restricted {
                        Severity::Error
                    } else {
                        Severity::Warning
                    };
                (applies && self.level != PssLevel::None, severity)
            }
            None => (rule.enabled, rule.severity),
        };
        let enabled = o.enabled.unwrap_or(enabled);
        // A rule enabled explicitly still cannot run before its version.
        let enabled = enabled && rule.pss.is_none_or(|p| p.since <= self.pss_version.minor());
        enabled.then(|| o.severity.unwrap_or(severity))
    }
}

/// One rule as `shipshape rules` shows it.
#[derive(Clone, Debug)]
pub struct PolicyRule {
    /// Stable id: `pss/<checkID>` or a best-practice name.
    pub id: &'static str,
    /// Severity under the default configuration.
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// The rule file's doc comment: what it does, why, how to fix.
    pub doc: String,
    /// A manifest stream that passes every rule at restricted level.
    pub compliant: &'static str,
    /// A manifest stream that fails this rule.
    pub failing: &'static str,
    /// The PSS level the check belongs to, for `pss/` rules.
    pub pss_level: Option<PssLevel>,
    /// First PSS version the check applies to, for `pss/` rules.
    pub pss_since: Option<PssVersion>,
    /// Whether it runs without configuration.
    pub enabled_by_default: bool,
}

impl PolicyRule {
    /// The id, family, severity and summary as every checker lists them.
    pub fn info(&self) -> RuleInfo {
        RuleInfo {
            id: self.id,
            category: Category::Policy,
            severity: self.severity,
            summary: self.summary,
        }
    }
}

/// Every policy rule, PSS checks first (baseline, then restricted), then
/// best practices.
pub fn rules() -> Vec<PolicyRule> {
    let defaults = PolicyConfig::default();
    rules::ALL
        .iter()
        .map(|r| PolicyRule {
            id: r.id,
            severity: r
                .pss
                .map(|p| {
                    if p.level == PssLevel::Baseline {
                        Severity::Error
                    } else {
                        Severity::Warning
                    }
                })
                .unwrap_or(r.severity),
            summary: r.summary,
            doc: doc_comment(r.source),
            compliant: r.compliant,
            failing: r.failing,
            pss_level: r.pss.map(|p| p.level),
            pss_since: r.pss.map(|p| PssVersion::V(1, p.since)),
            enabled_by_default: defaults.grade(r).is_some(),
        })
        .collect()
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<PolicyRule> {
    rules().into_iter().find(|r| r.id == id)
}

/// The `//!` lines at the top of a rule file, without the markers.
fn doc_comment(source: &str) -> String {
    let mut out = String::new();
    for line in source.lines() {
        let Some(text) = line.strip_prefix("//!") else {
            break;
        };
        out.push_str(text.strip_prefix(' ').unwrap_or(text));
        out.push('\n');
    }
    out
}

/// Runs the enabled policy rules over `docs` (one stream: PodDisruptionBudgets
/// and NetworkPolicies are matched across it). Findings are in document
/// order, then rule order; `Finding::resource` is the index in `docs`.
pub fn check(docs: &[Document], config: &PolicyConfig) -> Vec<Finding> {
    let checker = Checker::new(config, docs);
    let per_doc: Vec<Vec<Finding>> = docs
        .par_iter()
        .enumerate()
        .map(|(i, doc)| checker.check(i, doc))
        .collect();
    per_doc.into_iter().flatten().collect()
}

/// Kinds whose objects rules consult across the whole stream: a document
/// whose text does not name one of them is not one of them (unless the
/// kind is spelled with YAML escapes), so a stream can be searched for them
/// before it is decoded.
pub(crate) const STREAM_KINDS: &[&str] = &["PodDisruptionBudget", "NetworkPolicy"];

/// Whether the rules consult `doc` when they check other resources of its
/// stream (a PodDisruptionBudget or NetworkPolicy).
pub(crate) fn is_stream_object(doc: &Document) -> bool {
    StreamIndex::indexes(doc)
}

/// The enabled rules, graded, with what they need of the stream: checks
/// resources one at a time, so a stream can be checked a chunk at a time.
pub(crate) struct Checker<'a> {
    graded: Vec<(&'static RuleDef, Severity)>,
    index: StreamIndex<'a>,
    minor: u32,
    level: PssLevel,
}

impl<'a> Checker<'a> {
    /// The rules `config` enables, matching resources against the
    /// PodDisruptionBudgets and NetworkPolicies among `stream` (the whole
    /// stream, or only those objects of it: others are ignored).
    pub(crate) fn new(config: &PolicyConfig, stream: &'a [Document]) -> Checker<'a> {
        let graded: Vec<(&'static RuleDef, Severity)> = rules::ALL
            .iter()
            .filter_map(|r| config.grade(r).map(|s| (*r, s)))
            .collect();
        let index = if graded.is_empty() {
            StreamIndex::new(&[])
        } else {
            StreamIndex::new(stream)
        };
        Checker {
            graded,
            index,
            minor: config.pss_version.minor(),
            level: config.level,
        }
    }

    /// The findings on `doc`, resource number `index` of its stream, in rule
    /// order.
    pub(crate) fn check(&self, index: usize, doc: &Document) -> Vec<Finding> {
        if self.graded.is_empty() {
            return Vec::new();
        }
        check_one(
            index,
            &doc.value,
            &self.graded,
            &self.index,
            self.minor,
            self.level,
        )
    }
}

/// Best practices and the PSS check that reports the same field.
const SHADOWED: &[(&str, &str)] = &[("host-port", "pss/hostPorts")];

fn check_one(
    index: usize,
    value: &Value,
    graded: &[(&RuleDef, Severity)],
    stream: &StreamIndex<'_>,
    minor: u32,
    level: PssLevel,
) -> Vec<Finding> {
    let ctx = Ctx {
        doc: value,
        pod: Pod::of(value),
        stream,
        minor,
    };
    let mut hits: Vec<(&RuleDef, Severity, rules::Hit)> = Vec::new();
    for (rule, severity) in graded {
        for hit in (rule.check)(&ctx) {
            hits.push((rule, *severity, hit));
        }
    }
    // The admission code's overrides: a restricted check replaces the
    // baseline check it refines. At restricted level the baseline check's
    // findings go; otherwise the restricted finding on the same field goes,
    // so a baseline violation stays one error.
    let active = |id: &str| hits.iter().any(|(r, _, _)| r.id == id);
    let mut drop = vec![false; hits.len()];
    for (i, (rule, _, hit)) in hits.iter().enumerate() {
        if level == PssLevel::Restricted {
            let overridden = graded
                .iter()
                .any(|(r, _)| r.pss.is_some_and(|p| p.overrides == Some(rule.id)));
            if overridden {
                drop[i] = true;
            }
        } else if let Some(base) = rule.pss.and_then(|p| p.overrides)
            && active(base)
        {
            drop[i] = hits
                .iter()
                .any(|(r, _, h)| r.id == base && h.pointer == hit.pointer);
        }
        // A best practice that repeats a PSS check stays quiet where the
        // check already reports the field.
        if let Some((_, check)) = SHADOWED.iter().find(|(id, _)| *id == rule.id) {
            drop[i] |= hits
                .iter()
                .any(|(r, _, h)| r.id == *check && h.pointer == hit.pointer);
        }
    }
    let exemption = Exemption::of(value, ctx.pod.as_ref());
    hits.into_iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|((rule, severity, hit), _)| {
            let mut f = Finding::new(rule.id, Category::Policy, severity, hit.message)
                .at(index, hit.pointer);
            f.exempted = exemption.reason_for(rule.id);
            f
        })
        .collect()
}

/// The `shipshape.io/ignore` annotations of an object and its pod template.
struct Exemption {
    rules: Vec<String>,
    reason: String,
}

impl Exemption {
    fn of(doc: &Value, pod: Option<&Pod<'_>>) -> Exemption {
        let mut rules = Vec::new();
        let mut reason = String::new();
        let metas = [doc.get("metadata"), pod.and_then(|p| p.meta)];
        for meta in metas.into_iter().flatten() {
            let Some(annotations) = meta.get("annotations") else {
                continue;
            };
            if let Some(list) = annotations.get(IGNORE_ANNOTATION).and_then(Value::as_str) {
                rules.extend(
                    list.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string),
                );
            }
            if reason.is_empty()
                && let Some(r) = annotations
                    .get(IGNORE_REASON_ANNOTATION)
                    .and_then(Value::as_str)
            {
                reason = r.to_string();
            }
        }
        Exemption { rules, reason }
    }

    fn reason_for(&self, id: &str) -> Option<String> {
        let exempt = self.rules.iter().any(|r| {
            r == id
                || r == "*"
                || r.strip_suffix('*')
                    .is_some_and(|prefix| id.starts_with(prefix))
        });
        exempt.then(|| self.reason.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_clamp() {
        let cases: &[(&str, Option<u32>)] = &[
            ("latest", Some(LATEST_MINOR)),
            ("1.25", Some(25)),
            ("v1.19", Some(19)),
            ("1.99", Some(LATEST_MINOR)),
            ("2.0", Some(LATEST_MINOR)),
            ("1.", None),
            ("1.x", None),
            ("v1.30.2-gke.1", Some(30)),
            ("1.30x", None),
            ("", None),
        ];
        for (text, minor) in cases {
            assert_eq!(
                PssVersion::parse(text).map(PssVersion::minor),
                *minor,
                "{text}"
            );
        }
        assert_eq!(PssLevel::parse("restricted"), Some(PssLevel::Restricted));
        assert_eq!(PssLevel::parse("strict"), None);
    }

    #[test]
    fn overrides_prefer_exact_ids() {
        let mut config = PolicyConfig::default();
        config.overrides.insert(
            "pss/*".into(),
            RuleOverride {
                enabled: None,
                severity: Some(Severity::Info),
            },
        );
        config.overrides.insert(
            "pss/privileged".into(),
            RuleOverride {
                enabled: Some(false),
                severity: None,
            },
        );
        assert_eq!(
            config.override_for("pss/runAsUser").severity,
            Some(Severity::Info)
        );
        assert_eq!(config.override_for("pss/privileged").enabled, Some(false));
        assert_eq!(config.override_for("image-tag"), RuleOverride::default());
    }

    #[test]
    fn doc_comment_is_the_leading_inner_doc() {
        assert_eq!(
            doc_comment("//! # A\n//!\n//! b\nuse x;\n//! no"),
            "# A\n\nb\n"
        );
    }
}
