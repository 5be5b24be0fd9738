//! shipshape's schema verdicts against kubernetes-validate 1.37.0's, kept as data in
//! `tests/data/schema/cases.jsonl` (regenerate with `tests/data/schema/generate.py`): hundreds
//! of manifests, valid and mutated, for Kubernetes 1.30-1.37, non-strict and strict.
//! Where kubernetes-validate fails a resource, one of our findings must point at the field
//! its (first) error points at, or below it.

use serde_json::Value;
use shipshape::manifest::read_stream;
use shipshape::validate::bundle::KubeVersion;
use shipshape::validate::crd::CrdRegistry;
use shipshape::validate::schema::{SchemaOptions, check};

const CASES: &str = include_str!("data/schema/cases.jsonl");

/// True when `pointer` is `prefix` or lies below it.
fn within(pointer: &str, prefix: &str) -> bool {
    pointer == prefix
        || (pointer.starts_with(prefix) && pointer.as_bytes().get(prefix.len()) == Some(&b'/'))
}

#[test]
fn verdicts_match_kubernetes_validate() {
    let crds = CrdRegistry::new();
    let mut agree = 0usize;
    let mut total = 0usize;
    let mut paths_checked = 0usize;
    let mut by_letter = std::collections::BTreeMap::<char, usize>::new();
    let mut mismatches = Vec::new();
    let mut cases = 0usize;
    for line in CASES.lines().filter(|l| !l.trim().is_empty()) {
        cases += 1;
        let case: Value = serde_json::from_str(line).expect("cases.jsonl line is JSON");
        let name = case["name"].as_str().unwrap_or("?");
        let yaml = case["yaml"].as_str().unwrap_or("");
        let stream = read_stream(name, yaml);
        assert!(stream.errors.is_empty(), "{name}: {:?}", stream.errors);
        assert_eq!(stream.documents.len(), 1, "{name}");
        let doc = &stream.documents[0];
        let verdicts = case["verdicts"].as_object().expect("verdicts");
        for (version, letters) in verdicts {
            let letters: Vec<char> = letters.as_str().unwrap_or("").chars().collect();
            for (mode, want) in letters.iter().enumerate() {
                let strict = mode == 1;
                let options = SchemaOptions {
                    version: KubeVersion::resolve(version).expect("supported version"),
                    strict,
                    ignore_missing: true,
                };
                let outcome = check(doc, 0, &crds, &options);
                let got = if outcome.skipped {
                    'm'
                } else if outcome.findings.is_empty() {
                    'p'
                } else {
                    'f'
                };
                // 'e': kubernetes-validate crashes on a missing or non-string apiVersion/kind;
                // that is an error for us.
                let expected = if *want == 'e' { 'f' } else { *want };
                total += 1;
                *by_letter.entry(*want).or_default() += 1;
                let mut ok = got == expected;
                let kv_path = case["paths"][version][mode].as_str();
                if ok && let Some(kv_path) = kv_path {
                    paths_checked += 1;
                    ok = outcome.findings.iter().any(|f| within(&f.path, kv_path));
                }
                if ok {
                    agree += 1;
                } else {
                    let found: Vec<String> = outcome
                        .findings
                        .iter()
                        .map(|f| format!("{} {} {}", f.rule, f.path, f.message))
                        .collect();
                    mismatches.push(format!(
                        "{name} {version} {}: kubernetes-validate {want} at {kv_path:?}, shipshape {got} {found:?}",
                        if strict { "strict" } else { "non-strict" },
                    ));
                }
            }
        }
    }
    println!(
        "schema conformance: {cases} manifests, {agree}/{total} verdicts agree with \
         kubernetes-validate ({paths_checked} failing verdicts also matched on the error's path); \
         by kubernetes-validate verdict: {by_letter:?}"
    );
    assert!(total >= 1000, "only {total} verdicts");
    assert!(
        mismatches.is_empty(),
        "{} of {total} verdicts differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
