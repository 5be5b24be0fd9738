//! What stream-level rules need from the whole stream: the
//! PodDisruptionBudgets and NetworkPolicies, and label selector matching.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::manifest::Document;

/// A selector and the namespace it lives in (`None`: the release namespace).
pub(crate) struct Selecting<'a> {
    namespace: Option<&'a str>,
    selector: &'a Value,
}

/// Selectors indexed by their first `matchLabels` pair, so a workload is
/// compared only with the selectors that can select it (a stream with
/// thousands of workloads and policies stays linear).
#[derive(Default)]
struct Selectors<'a> {
    all: Vec<Selecting<'a>>,
    by_label: HashMap<(&'a str, &'a str), Vec<usize>>,
    unindexed: Vec<usize>,
}

impl<'a> Selectors<'a> {
    fn push(&mut self, s: Selecting<'a>) {
        let i = self.all.len();
        let first = s
            .selector
            .get("matchLabels")
            .and_then(Value::as_object)
            .and_then(|m| m.iter().next())
            .and_then(|(k, v)| v.as_str().map(|v| (k.as_str(), v)));
        match first {
            Some(pair) => self.by_label.entry(pair).or_default().push(i),
            None => self.unindexed.push(i),
        }
        self.all.push(s);
    }

    fn any_covers(&self, namespace: Option<&str>, labels: &Map<String, Value>) -> bool {
        let covers = |i: &usize| {
            self.all
                .get(*i)
                .is_some_and(|s| s.covers(namespace, labels))
        };
        if self.unindexed.iter().any(covers) {
            return true;
        }
        labels.iter().any(|(k, v)| {
            v.as_str()
                .and_then(|v| self.by_label.get(&(k.as_str(), v)))
                .is_some_and(|candidates| candidates.iter().any(covers))
        })
    }
}

/// PodDisruptionBudgets and NetworkPolicies of a stream.
pub(crate) struct StreamIndex<'a> {
    pdbs: Selectors<'a>,
    network_policies: Selectors<'a>,
}

impl<'a> StreamIndex<'a> {
    /// Collects the selectors of `docs`.
    pub(crate) fn new(docs: &'a [Document]) -> StreamIndex<'a> {
        let mut index = StreamIndex {
            pdbs: Selectors::default(),
            network_policies: Selectors::default(),
        };
        for doc in docs.iter().filter(|d| StreamIndex::indexes(d)) {
            let namespace = doc.namespace();
            match (doc.group(), doc.kind()) {
                ("policy", "PodDisruptionBudget") => {
                    // A null selector selects nothing (policy/v1).
                    if let Some(selector) = doc
                        .value
                        .pointer("/spec/selector")
                        .filter(|s| s.is_object())
                    {
                        index.pdbs.push(Selecting {
                            namespace,
                            selector,
                        });
                    }
                }
                ("networking.k8s.io", "NetworkPolicy") => {
                    // podSelector is required; an absent one is read as {} by the server.
                    let selector = doc
                        .value
                        .pointer("/spec/podSelector")
                        .unwrap_or(&Value::Null);
                    index.network_policies.push(Selecting {
                        namespace,
                        selector,
                    });
                }
                _ => {}
            }
        }
        index
    }

    /// Whether `doc` is one of the objects the index collects.
    pub(crate) fn indexes(doc: &Document) -> bool {
        matches!(
            (doc.group(), doc.kind()),
            ("policy", "PodDisruptionBudget") | ("networking.k8s.io", "NetworkPolicy")
        )
    }

    /// Whether a PodDisruptionBudget selects pods with `labels` in `namespace`.
    pub(crate) fn has_pdb(&self, namespace: Option<&str>, labels: &Map<String, Value>) -> bool {
        self.pdbs.any_covers(namespace, labels)
    }

    /// Whether a NetworkPolicy selects pods with `labels` in `namespace`.
    pub(crate) fn has_network_policy(
        &self,
        namespace: Option<&str>,
        labels: &Map<String, Value>,
    ) -> bool {
        self.network_policies.any_covers(namespace, labels)
    }
}

impl Selecting<'_> {
    /// An object without a namespace is installed into the release
    /// namespace, which may be any explicit one: they are taken to match.
    fn covers(&self, namespace: Option<&str>, labels: &Map<String, Value>) -> bool {
        let same_namespace = match (self.namespace, namespace) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        same_namespace && selects(self.selector, labels)
    }
}

/// metav1.LabelSelector semantics: every `matchLabels` pair and every
/// `matchExpressions` requirement must hold; an empty selector selects
/// everything. A selector that is not an object selects everything too (the
/// server defaults it to `{}`).
pub(crate) fn selects(selector: &Value, labels: &Map<String, Value>) -> bool {
    let Some(selector) = selector.as_object() else {
        return true;
    };
    let label = |k: &str| labels.get(k).and_then(Value::as_str);
    if let Some(match_labels) = selector.get("matchLabels").and_then(Value::as_object) {
        for (k, v) in match_labels {
            if label(k) != v.as_str() {
                return false;
            }
        }
    }
    if let Some(exprs) = selector.get("matchExpressions").and_then(Value::as_array) {
        for expr in exprs {
            let key = expr.get("key").and_then(Value::as_str).unwrap_or("");
            let values: Vec<&str> = expr
                .get("values")
                .and_then(Value::as_array)
                .map(|vs| vs.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let ok = match expr.get("operator").and_then(Value::as_str) {
                Some("In") => label(key).is_some_and(|v| values.contains(&v)),
                Some("NotIn") => label(key).is_none_or(|v| !values.contains(&v)),
                Some("Exists") => labels.contains_key(key),
                Some("DoesNotExist") => !labels.contains_key(key),
                _ => false,
            };
            if !ok {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn label_selectors_match_as_kubernetes_does() {
        let labels = json!({"app": "web", "tier": "front"});
        let labels = labels.as_object().unwrap();
        let cases = [
            (json!({}), true),
            (json!({"matchLabels": {"app": "web"}}), true),
            (json!({"matchLabels": {"app": "db"}}), false),
            (
                json!({"matchExpressions": [{"key": "tier", "operator": "In", "values": ["front", "x"]}]}),
                true,
            ),
            (
                json!({"matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["front"]}]}),
                false,
            ),
            (
                json!({"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["a"]}]}),
                true,
            ),
            (
                json!({"matchExpressions": [{"key": "app", "operator": "Exists"}]}),
                true,
            ),
            (
                json!({"matchExpressions": [{"key": "app", "operator": "DoesNotExist"}]}),
                false,
            ),
            (
                json!({"matchExpressions": [{"key": "app", "operator": "Bogus"}]}),
                false,
            ),
        ];
        for (selector, want) in cases {
            assert_eq!(selects(&selector, labels), want, "{selector}");
        }
    }
}
